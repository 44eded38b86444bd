//! The administration pages as administrators read them: the member list in pages, and the
//! audit log in words rather than codes and ids.

use civiclink_domain::{DisplayName, EmailAddress, MemberId, Role};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    member_list_sorts_and_matches_accents_alike,
    member_list_pages_walk_every_member_once,
    audit_page_reads_in_words,
);

/// Adds `names.len()` active members to the test municipality, hashing the password once.
async fn add_members(app: &TestApp, names: &[String]) -> Vec<MemberId> {
    let hash = app
        .accounts
        .hash_password(&civiclink_domain::Password::parse(PASSWORD).unwrap())
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let email = EmailAddress::parse(&format!("m{i}@kingston.test")).unwrap();
        app.accounts
            .import_member(
                &email,
                &DisplayName::parse(name).unwrap(),
                &hash,
                Some(app.association),
                Some(app.org),
                Role::Member,
                Some(civiclink_store::now() + time::Duration::days(365)),
            )
            .await
            .unwrap();
        ids.push(
            app.accounts
                .member_by_email(&email)
                .await
                .unwrap()
                .unwrap()
                .id,
        );
    }
    app.sync_people().await;
    ids
}

/// The member ids a member-list page links to, in order.
fn member_links(html: &str) -> Vec<String> {
    html.split("href=\"/admin/members/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// The address of a link whose text is `text`, unescaped.
fn link_to(html: &str, text: &str) -> Option<String> {
    let end = html.find(&format!(">{text}</a>"))?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    let href = html[start..end].split('"').next()?;
    Some(href.replace("&amp;", "&").replace("&#38;", "&"))
}

/// Names with accents sort and match by their folded form on both databases, where SQL's
/// `lower()` would fold ASCII only on SQLite and collations would differ on PostgreSQL.
async fn member_list_sorts_and_matches_accents_alike(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let names: Vec<String> = [
        "Émile Zola",
        "emma Abel",
        "Élise Roy",
        "Eve Lyon",
        "ÉLODIE Blanc",
    ]
    .map(str::to_owned)
    .to_vec();
    add_members(&app, &names).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let names_of = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| m["display_name"].as_str().unwrap().to_owned())
            .filter(|n| n != "Test Member")
            .collect()
    };
    let all = root
        .get_json(
            "/api/v1/admin/members?limit=1000&role=member",
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        names_of(&all),
        [
            "Élise Roy",
            "ÉLODIE Blanc",
            "Émile Zola",
            "emma Abel",
            "Eve Lyon"
        ],
        "accents and case aside"
    );
    for (q, want) in [
        ("elise", vec!["Élise Roy"]),
        ("ÉLISE", vec!["Élise Roy"]),
        ("elodie", vec!["ÉLODIE Blanc"]),
        ("EMILE Z", vec!["Émile Zola"]),
    ] {
        let found = root
            .get_json(
                &format!("/api/v1/admin/members?role=member&q={}", urlencode(q)),
                StatusCode::OK,
            )
            .await;
        assert_eq!(names_of(&found), want, "q={q}");
    }
    // Addresses still match as typed, in any case.
    let found = root
        .get_json("/api/v1/admin/members?q=M2@KINGSTON", StatusCode::OK)
        .await;
    assert_eq!(names_of(&found), ["Élise Roy"]);
    Ok(())
}

fn urlencode(s: &str) -> String {
    let url = reqwest::Url::parse_with_params("http://x/", [("q", s)]).unwrap();
    url.query()
        .unwrap_or_default()
        .trim_start_matches("q=")
        .to_owned()
}

async fn member_list_pages_walk_every_member_once(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    // More than a page of the admin page (50), with names that tie (the id decides) and names
    // that differ only by case.
    let mut names: Vec<String> = (0..40).map(|i| format!("Member {i:02}")).collect();
    names.extend((0..15).map(|_| "Same Name".to_owned()));
    names.extend([
        "alex Doe".to_owned(),
        "Alex Doe".to_owned(),
        "Zed".to_owned(),
    ]);
    let ids = add_members(&app, &names).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;

    // The whole list in one answer, as before: the order every page walk must give.
    let all = root
        .get_json("/api/v1/admin/members?limit=1000", StatusCode::OK)
        .await;
    let all: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(all.len(), ids.len() + 1, "every member and the site admin");

    // The API, 7 at a time, following the cursor header.
    let mut walked = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            None => "/api/v1/admin/members?limit=7".to_owned(),
            Some(a) => format!("/api/v1/admin/members?limit=7&after={a}"),
        };
        let r = root.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let next = r
            .headers()
            .get("x-next-cursor")
            .map(|v| v.to_str().unwrap().to_owned());
        let link = r
            .headers()
            .get("link")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(next.is_some(), link.is_some());
        if let (Some(n), Some(l)) = (&next, &link) {
            assert_eq!(
                l,
                &format!("</api/v1/admin/members?limit=7&after={n}>; rel=\"next\"")
            );
        }
        let page: Value = r.json().await?;
        let page = page.as_array().unwrap();
        assert!(page.len() <= 7);
        walked.extend(page.iter().map(|m| m["id"].as_str().unwrap().to_owned()));
        assert!(walked.len() <= all.len(), "paging does not end");
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(
        walked, all,
        "the API pages give every member once, in order"
    );

    // Filters carry over: only the ties, 4 at a time.
    let first = root
        .get("/api/v1/admin/members?q=same&status=active&limit=4")
        .await;
    let link = first.headers()["link"].to_str()?.to_owned();
    assert!(
        link.starts_with("</api/v1/admin/members?q=same&status=active&limit=4&after="),
        "{link}"
    );
    let mut same = Vec::new();
    let mut next = Some("/api/v1/admin/members?q=same&status=active&limit=4".to_owned());
    while let Some(path) = next {
        let r = root.get(&path).await;
        next = r.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            l[1..l.find('>').unwrap()].to_owned()
        });
        let page: Value = r.json().await?;
        same.extend(
            page.as_array()
                .unwrap()
                .iter()
                .map(|m| m["display_name"].as_str().unwrap().to_owned()),
        );
        assert!(same.len() <= 15, "paging does not end");
    }
    assert_eq!(same, vec!["Same Name".to_owned(); 15]);

    // A cursor that is not one is a clear 422, on the API and the page.
    let r = root.get("/api/v1/admin/members?after=nonsense").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await?;
    assert_eq!(body["error"], "invalid_input", "{body}");
    assert_eq!(body["field"], "cursor", "{body}");
    let r = root.get("/admin/members?after=%25%25").await;
    assert!(r.status().is_client_error(), "{}", r.status());

    // The page, 50 at a time, by its "Next page" links.
    let r = root.get("/admin/members").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(link_to(&html, "Back to the first page").is_none());
    let mut seen = member_links(&html);
    assert_eq!(seen.len(), 50);
    assert_eq!(seen, all[..50]);
    let mut next = link_to(&html, "Next page");
    let mut pages = 1;
    while let Some(path) = next {
        let r = root.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await?;
        assert_eq!(
            link_to(&html, "Back to the first page").as_deref(),
            Some("/admin/members")
        );
        seen.extend(member_links(&html));
        next = link_to(&html, "Next page");
        pages += 1;
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 2);
    assert_eq!(seen, all, "the pages give every member once, in order");

    // The page keeps its filters in both links.
    let r = root.get("/admin/members?q=kingston&status=active").await;
    let html = r.text().await?;
    let next = link_to(&html, "Next page").expect("a second page of 'kingston'");
    assert!(
        next.starts_with("/admin/members?q=kingston&status=active&after="),
        "{next}"
    );
    let html = root.get(&next).await.text().await?;
    assert_eq!(
        link_to(&html, "Back to the first page").as_deref(),
        Some("/admin/members?q=kingston&status=active")
    );
    assert!(link_to(&html, "Next page").is_none());
    Ok(())
}

async fn audit_page_reads_in_words(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let root_id = app.site_admin("root@civiclink.test").await;
    let ids = add_members(
        &app,
        &["Ada Lovelace".to_owned(), "Grace Hopper".to_owned()],
    )
    .await;
    let (ada, grace) = (ids[0], ids[1]);
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let r = root
        .api_patch(
            &format!("/api/v1/admin/members/{ada}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = root
        .api_post(
            &format!("/api/v1/organizations/{}/admins", app.org),
            &json!({ "member_id": grace }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Grace downloads her data, then erases her account: she becomes a former member.
    let mut me = app.client();
    me.login_ok("m1@kingston.test").await;
    assert_eq!(
        me.get("/profile/export.json").await.status(),
        StatusCode::OK
    );
    let r = me
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "m1@kingston.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // A change made without a web request (a command, the demo loader) has no address.
    let offline = civiclink_accounts::Actor {
        id: root_id,
        role: Role::SiteAdmin,
        association_id: None,
        ip: None,
    };
    app.accounts
        .update_member(
            &offline,
            ada,
            civiclink_accounts::MemberUpdate {
                role: Some(Role::Moderator),
                ..Default::default()
            },
        )
        .await?;

    let r = root
        .form_post("/language", &[("lang", "fr"), ("next", "/admin/audit")])
        .await;
    assert!(r.status().is_redirection());
    let r = root.get("/admin/audit").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains(r#"<html lang="fr">"#));
    // Actions in French, with their code kept small beside them.
    assert!(html.contains("A suspendu un membre"), "{html}");
    assert!(html.contains(r#"<code class="audit-code">member.suspend</code>"#));
    assert!(html.contains("A nommé un membre administrateur"), "{html}");
    assert!(html.contains(r#"<option value="member.suspend">A suspendu un membre</option>"#));
    // Names, linked, not ids; the change in words, not JSON.
    assert!(
        html.contains(&format!(
            r#"<a href="/admin/members/{ada}">Ada Lovelace</a>"#
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        r#"<a href="/admin/organizations/{}">City of Kingston</a>"#,
        app.org
    )));
    assert!(html.contains("Actif → Suspendu"), "{html}");
    assert!(html.contains("Ancien membre"), "{html}");
    let visible = strip_attributes(&html);
    for id in [ada.to_string(), grace.to_string(), app.org.to_string()] {
        assert!(!visible.contains(&id), "{id} is shown: {visible}");
    }
    assert!(
        !html.contains("{&quot;") && !html.contains("<code>{}</code>"),
        "raw JSON: {html}"
    );
    // Actions over the web show their address; the one without says why it has none.
    assert!(html.contains("127.0.0.1"));
    assert_eq!(html.matches("sans requête web").count(), 1, "{html}");
    assert!(html.contains("Membre → Modérateur"), "{html}");
    Ok(())
}

/// The page without its tags' attributes, so that ids in links do not count as shown.
fn strip_attributes(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
