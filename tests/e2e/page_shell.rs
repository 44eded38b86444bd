//! The frame around every page: the language switch comes back to the same address, the
//! navigation marks the section the page belongs to, and error pages keep the member's
//! navigation and the switch.

use civiclink_domain::Role;
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, both_backends};
use reqwest::StatusCode;

both_backends!(
    the_switch_comes_back_to_the_same_address,
    the_switch_only_follows_local_paths,
    the_navigation_marks_the_section_of_the_page,
    error_pages_keep_the_frame_of_the_site
);

/// The `next` the language switch of `html` sends, as the browser would send it.
fn switch_next(html: &str) -> Option<String> {
    let form = &html[html.find(r#"action="/language""#)?..];
    let start = form.find(r#"name="next" value=""#)? + r#"name="next" value=""#.len();
    let value = &form[start..start + form[start..].find('"')?];
    Some(unescape(value))
}

/// Reads an HTML attribute value as the browser does (the escapes templates write).
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        let entity = &rest[at + 1..at + end];
        let c = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        out.push(c.expect("known entity"));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The link of the main navigation marked as the current page, if any.
fn current_section(html: &str) -> Option<&str> {
    let nav = &html[html.find("<nav")?..html.find("</nav>")?];
    let at = nav.find(r#" aria-current="page""#)?;
    let link = &nav[nav[..at].rfind("<a href=\"")? + "<a href=\"".len()..at];
    link.strip_suffix('"')
}

async fn html(client: &Client, path: &str) -> (StatusCode, String) {
    let r = client.get(path).await;
    (r.status(), r.text().await.unwrap_or_default())
}

/// Switches the language from the page at `path` and returns where the switch leads.
async fn switch_from(client: &mut Client, path: &str, lang: &str) -> String {
    let (_, page) = html(client, path).await;
    let next = switch_next(&page).unwrap_or_else(|| panic!("no language switch on {path}"));
    let r = client
        .form_post("/language", &[("lang", lang), ("next", &next)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "switch from {path}");
    r.headers()["location"].to_str().unwrap_or("").to_owned()
}

async fn the_switch_comes_back_to_the_same_address(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::AssociationAdmin).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let own = ada.get("/profile").await;
    let own = own.headers()["location"].to_str()?.to_owned();

    // Filtered and paged listings, previews, admin pages and error pages all come back to the
    // address they were on, query included.
    let preview = format!("{own}?as=member");
    for path in [
        "/directory?region=Ontario&q=gis",
        "/organizations/directory?q=ottawa&after=abc",
        preview.as_str(),
        "/admin/members?q=ada",
        "/admin/join-requests",
        "/people/no-such-person?x=1",
    ] {
        assert_eq!(switch_from(&mut ada, path, "fr").await, path);
        assert_eq!(switch_from(&mut ada, path, "en").await, path);
    }
    // The switch worked: the page after it is in French.
    assert_eq!(
        switch_from(&mut ada, "/admin/audit", "fr").await,
        "/admin/audit"
    );
    let (_, page) = html(&ada, "/admin/audit").await;
    assert!(page.contains(r#"<html lang="fr">"#), "{page}");

    // A form shown again with its errors sends back to the page the form is on.
    let mut visitor = app.client();
    let r = visitor
        .form_post("/login", &[("email", "ada@x.test"), ("password", "wrong")])
        .await;
    let page = r.text().await?;
    assert_eq!(switch_next(&page).as_deref(), Some("/login"), "{page}");
    Ok(())
}

async fn the_switch_only_follows_local_paths(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let mut visitor = app.client();
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ] {
        let r = visitor
            .form_post("/language", &[("lang", "fr"), ("next", next)])
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(r.headers()["location"], "/", "{next:?}");
    }
    let r = visitor
        .form_post(
            "/language",
            &[("lang", "en"), ("next", "/join?a=1&b=%2F%2F")],
        )
        .await;
    assert_eq!(r.headers()["location"], "/join?a=1&b=%2F%2F");
    Ok(())
}

async fn the_navigation_marks_the_section_of_the_page(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    app.member("bob@x.test", Role::Member).await;
    let mut bob = app.client();
    bob.login_ok("bob@x.test").await;
    let bobs = bob.get("/profile").await.headers()["location"]
        .to_str()?
        .to_owned();
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let adas = ada.get("/profile").await.headers()["location"]
        .to_str()?
        .to_owned();

    let cases = [
        (adas.clone(), "/profile"),
        (format!("{adas}?as=member"), "/profile"),
        ("/profile/edit".to_owned(), "/profile"),
        (bobs.clone(), "/directory"),
        ("/directory".to_owned(), "/directory"),
        (format!("/organizations/{}", app.org), "/directory"),
        ("/organizations/directory".to_owned(), "/directory"),
        ("/connections".to_owned(), "/connections"),
        ("/".to_owned(), "/"),
    ];
    for (path, section) in cases {
        let (status, page) = html(&ada, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(current_section(&page), Some(section), "{path}");
    }
    Ok(())
}

async fn error_pages_keep_the_frame_of_the_site(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;

    // A member who follows a dead link keeps their navigation and is not asked to log in.
    let (status, page) = html(&ada, "/people/no-such-person").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains(r#"href="/login""#), "{page}");
    assert!(
        page.contains(r#"<a href="/">Go to the home page</a>"#),
        "{page}"
    );
    assert!(page.contains(r#"href="/connections""#), "{page}");
    assert!(page.contains(r#"action="/logout""#), "{page}");
    assert!(
        page.contains("does not exist, or is not visible to you"),
        "{page}"
    );
    assert!(page.contains(r#"href="/directory">Search the member directory"#));
    assert_eq!(current_section(&page), None);
    assert_eq!(
        switch_next(&page).as_deref(),
        Some("/people/no-such-person")
    );

    // A refusal says so in plain words, in French too, with the way home.
    let r = ada
        .form_post("/language", &[("lang", "fr"), ("next", "/")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = html(&ada, "/admin/members").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("la permission de voir cette page"), "{page}");
    assert!(
        page.contains(r#"<a href="/">Aller à la page d&#39;accueil</a>"#),
        "{page}"
    );
    assert!(!page.contains(r#"href="/login""#), "{page}");
    assert_eq!(switch_next(&page).as_deref(), Some("/admin/members"));

    // Someone not logged in is offered the login, and the switch.
    let visitor = app.client();
    let (status, page) = html(&visitor, "/no-such-page?x=1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains(r#"href="/login""#), "{page}");
    assert!(
        page.contains(r#"<a href="/">Go to the home page</a>"#),
        "{page}"
    );
    assert!(!page.contains(r#"href="/directory""#), "{page}");
    assert_eq!(switch_next(&page).as_deref(), Some("/no-such-page?x=1"));
    Ok(())
}
