//! The member-facing people pages as people use them: connecting from "people you may know",
//! paging the member directory both ways and its empty result, the CSV's wording, previewing
//! one's profile as others see it, the profile forms, and removing a connection in two steps.

use civiclink_domain::{MemberId, Role};
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, both_backends};
use reqwest::{StatusCode, header};
use serde_json::json;

both_backends!(
    suggestions_offer_connect_and_say_why,
    directory_pages_go_back_and_say_when_empty,
    directory_export_words_expertise,
    profile_preview_and_forms_read_well,
    removing_a_connection_asks_first
);

/// Switches a signed-in member's language (the header's switch).
async fn speak(c: &mut Client, lang: &str) {
    let r = c
        .form_post("/language", &[("lang", lang), ("next", "/")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

/// The `href` of the first link whose text is `text`, unescaped.
fn href_of(html: &str, text: &str) -> Option<String> {
    let end = html.find(&format!(">{text}</a>"))?;
    let start = html[..end].rfind("href=\"")? + 6;
    let stop = start + html[start..].find('"')?;
    Some(
        html[start..stop]
            .replace("&#38;", "&")
            .replace("&amp;", "&"),
    )
}

async fn set_profile(c: &mut Client, handle: &str, tags: &[&str], years: Option<i64>) {
    let r = c
        .api(
            "PUT".parse().unwrap(),
            "/api/v1/me/profile",
            &json!({
                "display_name": "Ada Lovelace",
                "handle": handle,
                "job_title": "GIS lead",
                "expertise": tags,
                "years_in_municipal_it": years,
                "visibility": {},
                "in_directory": true
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
}

async fn suggestions_offer_connect_and_say_why(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let bob = app.member("bob@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;

    // A colleague of the same organization is explained as such, the line starting capitalised.
    let html = ada.get("/people/suggestions").await.text().await?;
    assert!(html.contains("Also at City of Kingston"), "{html}");
    assert!(!html.contains("similar size"), "{html}");
    let action = format!("action=\"/connections/{bob}/request\"");
    assert!(html.contains(&action), "{html}");
    assert!(html.contains("value=\"/people/suggestions\""));
    assert!(
        html.contains("aria-label=\"Ask to connect with Test Member\">Ask to connect</button>")
    );
    speak(&mut ada, "fr").await;
    let html = ada.get("/people/suggestions").await.text().await?;
    assert!(html.contains("Également chez City of Kingston"), "{html}");
    speak(&mut ada, "en").await;

    // Connecting comes back to the list, which says so and no longer suggests them.
    let r = ada
        .form_post(
            &format!("/connections/{bob}/request"),
            &[("next", "/people/suggestions")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/people/suggestions");
    let html = ada.get("/people/suggestions").await.text().await?;
    assert!(html.contains("Your request was sent."), "{html}");
    assert!(!html.contains(&action));
    let state: Option<String> = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT status FROM connections WHERE member_a = $1 OR member_b = $1",
    )
    .bind(bob)
    .fetch_optional(p)
    .await)?;
    assert_eq!(state.as_deref(), Some("pending"));
    Ok(())
}

async fn directory_pages_go_back_and_say_when_empty(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    for i in 0..5 {
        app.member(&format!("m{i}@x.test"), Role::Member).await;
    }
    let mut c = app.client();
    c.login_ok("m0@x.test").await;

    // The first page: no way back, a next page, filters folded away (none is set).
    let first = c.get("/directory?limit=2&role=member").await.text().await?;
    assert!(!first.contains("Back to the first page") && !first.contains("rel=\"prev\""));
    assert!(
        first.contains("<details class=\"filters-box\" open>"),
        "{first}"
    );
    let plain = c.get("/directory").await.text().await?;
    assert!(plain.contains("<details class=\"filters-box\">"), "{plain}");
    let next = href_of(&first, "Next page").expect("a next page");
    assert!(
        next.contains("role=member") && next.contains("limit=2"),
        "{next}"
    );

    // The second page offers the first (with the same filters) and the previous one.
    let second = c.get(&next).await.text().await?;
    assert_eq!(
        href_of(&second, "Back to the first page").as_deref(),
        Some("/directory?role=member&limit=2")
    );
    let prev = href_of(&second, "Previous page").expect("a previous page");
    let third = c
        .get(&href_of(&second, "Next page").expect("a third page"))
        .await
        .text()
        .await?;
    assert!(!third.contains(">Next page</a>"));
    // Back from the third page is the second; back from there is the first.
    let back = c
        .get(&href_of(&third, "Previous page").expect("back"))
        .await
        .text()
        .await?;
    let rows = |html: &str| -> Vec<String> {
        html.match_indices("<a href=\"/people/")
            .map(|(i, _)| html[i..].split("</a>").next().unwrap_or("").to_owned())
            .collect()
    };
    assert_eq!(rows(&back), rows(&second));
    let again = c.get(&prev).await.text().await?;
    assert_eq!(rows(&again), rows(&first));
    assert!(!again.contains("Back to the first page"), "{again}");

    // Nothing matches: one message, a way out, no download of nothing.
    let none = c.get("/directory?q=zzzz").await.text().await?;
    assert!(none.contains("No member matches these filters."), "{none}");
    assert!(none.contains(">Clear the filters</a>"));
    assert!(
        !none.contains("on this page") && !none.contains("export.csv"),
        "{none}"
    );
    assert!(none.contains("<details class=\"filters-box\" open>"));
    Ok(())
}

async fn directory_export_words_expertise(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    set_profile(
        &mut ada,
        "ada",
        &["hr-payroll", "records-management", "mainframe"],
        None,
    )
    .await;
    let csv = ada.get("/directory/export.csv").await.text().await?;
    assert!(
        csv.contains("HR and payroll") && csv.contains("Records management"),
        "{csv}"
    );
    assert!(
        csv.contains("mainframe") && !csv.contains("hr-payroll"),
        "{csv}"
    );
    speak(&mut ada, "fr").await;
    let csv = ada.get("/directory/export.csv").await.text().await?;
    assert!(
        !csv.contains("HR and payroll") && !csv.contains("hr-payroll"),
        "{csv}"
    );
    assert!(csv.contains("mainframe"), "{csv}");
    Ok(())
}

async fn profile_preview_and_forms_read_well(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    set_profile(&mut ada, "ada", &["gis"], Some(30)).await;

    // Her own page: the owner's actions, the chosen view marked, years said once.
    let own = ada.get("/people/ada").await.text().await?;
    assert!(own.contains("href=\"/profile/edit\"") && own.contains("/profile/export.json"));
    assert!(own.contains("See my profile as:"));
    assert!(own.contains("<dd>30 years</dd>"), "{own}");
    assert!(own.contains("<a href=\"/people/ada\" aria-current=\"page\">"));
    // The preview shows what others see: no owner's actions, a neutral notice.
    let preview = ada.get("/people/ada?as=member").await.text().await?;
    assert!(preview.contains("<a href=\"/people/ada?as=member\" aria-current=\"page\">"));
    for owner_only in ["/profile/edit", "/profile/export.json", "/profile/delete"] {
        assert!(!preview.contains(owner_only), "{owner_only}");
    }
    assert!(preview.contains("notice notice-info") && !preview.contains("notice-success"));
    speak(&mut ada, "fr").await;
    let fr = ada.get("/people/ada").await.text().await?;
    assert!(fr.contains("Voir mon profil comme :"), "{fr}");
    assert!(fr.contains("<dd>30 ans</dd>"));
    speak(&mut ada, "en").await;

    // The edit form: the member's real address, the photo named once, the app's own errors.
    let edit = ada.get("/profile/edit").await.text().await?;
    assert!(
        edit.contains("Your address on CivicLink: /people/ada"),
        "{edit}"
    );
    assert_eq!(edit.matches("Profile photo").count(), 1, "{edit}");
    assert!(edit.contains("action=\"/profile/avatar\" enctype=\"multipart/form-data\" novalidate"));
    let token = ada.csrf().await;
    let boundary = "----civiclink-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
    );
    let r = ada
        .http
        .post(ada.url("/profile/avatar"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body.clone())
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("Choose a photo to upload."));
    // The session keeps its token across the language switch.
    speak(&mut ada, "fr").await;
    let r = ada
        .http
        .post(ada.url("/profile/avatar"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("Choisissez une photo à envoyer."));
    Ok(())
}

async fn removing_a_connection_asks_first(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let bob: MemberId = app.member("bob@x.test", Role::Member).await;
    let (x, y) = if ada < bob { (ada, bob) } else { (bob, ada) };
    execute_db!(app.db, sqlx::query(
        "INSERT INTO connections (member_a, member_b, requested_by, status, created_at, accepted_at) \
         VALUES ($1, $2, $1, 'accepted', $3, $3)",
    )
    .bind(x)
    .bind(y)
    .bind(civiclink_store::now()))?;
    let mut c = app.client();
    c.login_ok("ada@x.test").await;
    let html = c.get("/connections").await.text().await?;
    // The removal sits behind a disclosure that looks like a button, and asks first.
    let at = html
        .find("<details class=\"confirm\">")
        .expect("a confirmation step");
    let block = &html[at..at + html[at..].find("</details>").unwrap()];
    assert!(
        block.contains("<summary class=\"button button-secondary\">"),
        "{block}"
    );
    assert!(
        block.contains("Remove your connection with Test Member?"),
        "{block}"
    );
    assert!(block.contains(&format!("action=\"/connections/{bob}/remove\"")));
    assert!(block.contains(">Yes, remove</button>"));
    assert!(!html.contains("class=\"button-link\" aria-label=\"Remove the connection"));
    // Confirming removes it.
    let r = c
        .form_post(
            &format!("/connections/{bob}/remove"),
            &[("next", "/connections")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c.get("/connections").await.text().await?;
    assert!(!html.contains("<details class=\"confirm\">"));
    Ok(())
}
