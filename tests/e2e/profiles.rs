//! Profiles: who sees which field, seeing one's profile as others do, editing with bad input,
//! and members' markdown made harmless.

use civiclink_domain::Role;
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    fields_show_by_relation_and_view_as,
    editing_refuses_bad_input_and_keeps_it,
    markdown_is_neutralised,
    profiles_are_for_members_only
);

fn body(handle: &str) -> serde_json::Value {
    json!({
        "display_name": "Ada Lovelace",
        "handle": handle,
        "job_title": "GIS lead",
        "department": "Information Technology",
        "bio": "I map **everything**.",
        "bio_language": "en",
        "years_in_municipal_it": 12,
        "location": "Portsmouth Village",
        "links": ["https://example.org/ada"],
        "expertise": ["gis", "Open data", "drones"],
        "visibility": { "department": "connections", "location": "nobody" },
        "in_directory": true
    })
}

async fn fields_show_by_relation_and_view_as(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let friend = app.member("friend@x.test", Role::Member).await;
    app.member("stranger@x.test", Role::Member).await;
    app.connect(ada, friend).await;

    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    let r = me
        .api("PUT".parse()?, "/api/v1/me/profile", &body("ada"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let mine: serde_json::Value = r.json().await?;
    assert_eq!(mine["handle"], "ada");
    assert_eq!(mine["display_name"], "Ada Lovelace");
    assert_eq!(mine["expertise"], json!(["drones", "gis", "open-data"]));

    let mut stranger = app.client();
    stranger.login_ok("stranger@x.test").await;
    let v = stranger
        .get_json("/api/v1/people/ada", StatusCode::OK)
        .await;
    assert_eq!(v["job_title"], "GIS lead");
    assert_eq!(v["relation"], "member");
    assert!(
        v["department"].is_null() && v["location"].is_null() && v["email"].is_null(),
        "{v}"
    );
    assert!(
        v["bio_html"]
            .as_str()
            .is_some_and(|b| b.contains("<strong>everything</strong>"))
    );

    let mut friendly = app.client();
    friendly.login_ok("friend@x.test").await;
    let v = friendly
        .get_json("/api/v1/people/ADA", StatusCode::OK)
        .await;
    assert_eq!(v["relation"], "connection");
    assert_eq!(v["department"], "Information Technology");
    assert_eq!(v["email"], "ada@x.test");
    assert!(v["location"].is_null());

    // The page, and the owner's preview of it through others' eyes.
    let page = stranger.get("/people/ada").await.text().await?;
    assert!(page.contains("GIS lead") && !page.contains("Information Technology"));
    assert!(!page.contains("Portsmouth Village"));
    let own = me.get("/people/ada").await.text().await?;
    assert!(own.contains("Portsmouth Village") && own.contains("Information Technology"));
    let as_member = me.get("/people/ada?as=member").await.text().await?;
    assert!(
        !as_member.contains("Portsmouth Village") && !as_member.contains("Information Technology")
    );
    let as_connection = me.get("/people/ada?as=connection").await.text().await?;
    assert!(
        as_connection.contains("Information Technology")
            && !as_connection.contains("Portsmouth Village")
    );
    // Only the owner can preview: for others the parameter changes nothing.
    let probe = stranger
        .get("/people/ada?as=connection")
        .await
        .text()
        .await?;
    assert!(!probe.contains("Information Technology"));
    // The bio says which language it is in when that differs from the page's.
    let fr = me
        .http
        .get(me.url("/people/ada"))
        .header("Accept-Language", "fr")
        .send()
        .await?
        .text()
        .await?;
    assert!(
        fr.contains(r#"class="bio" lang="en""#) || fr.contains(r#"<html lang="en">"#),
        "{fr}"
    );
    Ok(())
}

async fn editing_refuses_bad_input_and_keeps_it(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    app.member("taken@x.test", Role::Member).await;
    let mut other = app.client();
    other.login_ok("taken@x.test").await;
    let r = other
        .api("PUT".parse()?, "/api/v1/me/profile", &body("taken"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    let before = me.get_json("/api/v1/me/profile", StatusCode::OK).await;
    let put = |b: serde_json::Value| b;
    for (patch, field) in [
        (json!({ "handle": "x" }), "handle"),
        (json!({ "handle": "1ada" }), "handle"),
        (json!({ "bio": "x".repeat(100_000) }), "bio"),
        (
            json!({ "years_in_municipal_it": 71 }),
            "years_in_municipal_it",
        ),
        (json!({ "links": ["javascript:alert(1)"] }), "links"),
        (
            json!({ "links": ["https://a.example", "https://b.example", "https://c.example", "https://d.example", "https://e.example", "https://f.example", "https://g.example", "https://h.example", "https://i.example", "https://j.example", "https://k.example"] }),
            "links",
        ),
        (json!({ "expertise": ["<script>"] }), "expertise"),
        (
            json!({ "visibility": { "email": "friends" } }),
            "visibility",
        ),
        (
            json!({ "visibility": { "shoe_size": "nobody" } }),
            "visibility",
        ),
        (json!({ "display_name": "" }), "display_name"),
        (json!({ "bio_language": "de" }), "language"),
    ] {
        let mut b = put(body("ada2"));
        for (k, v) in patch.as_object().into_iter().flatten() {
            b[k] = v.clone();
        }
        let r = me.api("PUT".parse()?, "/api/v1/me/profile", &b).await;
        let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(v["field"], field, "{patch}: {v}");
    }
    // A taken handle refuses the whole edit: the new name with it.
    let name_before = me.get_json("/api/v1/me", StatusCode::OK).await["display_name"].clone();
    let mut taken = body("TAKEN");
    taken["display_name"] = json!("Ada Byron");
    let r = me.api("PUT".parse()?, "/api/v1/me/profile", &taken).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(
        me.get_json("/api/v1/me/profile", StatusCode::OK).await,
        before
    );
    assert_eq!(
        me.get_json("/api/v1/me", StatusCode::OK).await["display_name"],
        name_before
    );

    // The form keeps what was typed and says what is wrong.
    let r = me
        .form_post(
            "/profile/edit",
            &[
                ("display_name", "Ada L."),
                ("handle", "no spaces allowed"),
                ("job_title", "Analyst"),
                ("bio", "kept *bio*"),
                ("vis_email", "nobody"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await?;
    assert!(page.contains("Handle must be 3 to 30 characters"), "{page}");
    assert!(page.contains(r#"value="Analyst""#) && page.contains("kept *bio*"));
    assert!(
        page.contains(r#"<option value="nobody" selected>"#),
        "{page}"
    );
    // And a good form saves, renames, and lands on the profile.
    let r = me
        .form_post(
            "/profile/edit",
            &[
                ("display_name", "Ada King"),
                ("handle", "ada-king"),
                ("tag_gis", "on"),
                ("expertise_other", "drones"),
                ("in_directory", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/people/ada-king");
    let mine = me.get_json("/api/v1/me/profile", StatusCode::OK).await;
    assert_eq!(mine["display_name"], "Ada King");
    assert_eq!(mine["expertise"], json!(["drones", "gis"]));
    Ok(())
}

async fn markdown_is_neutralised(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    app.member("reader@x.test", Role::Member).await;
    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    let mut b = body("ada");
    b["bio"] = json!(
        "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) \
         <a href=\"javascript:alert(2)\" onclick=\"alert(3)\">y</a> <iframe src=\"https://evil.example\"></iframe>"
    );
    let r = me.api("PUT".parse()?, "/api/v1/me/profile", &b).await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut reader = app.client();
    reader.login_ok("reader@x.test").await;
    let page = reader.get("/people/ada").await.text().await?.to_lowercase();
    // The bio is rendered (its harmless words are there), and nothing active survived in it.
    let bio = page
        .split("class=\"bio\"")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .ok_or_else(|| anyhow::anyhow!("the bio is not on the page"))?;
    assert!(bio.contains("hi") && bio.contains('y'), "{bio}");
    for bad in [
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "<iframe",
        "<img",
    ] {
        assert!(!bio.contains(bad), "{bad} survived: {bio}");
    }
    Ok(())
}

async fn profiles_are_for_members_only(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let visitor = app.client();
    assert_error(
        visitor.get("/api/v1/people/ada").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_eq!(
        visitor.get("/people/ada").await.status(),
        StatusCode::SEE_OTHER
    );
    // A pending member's profile does not exist for other members.
    let mut joiner = app.client();
    let verify = app.join(&mut joiner, "pending@x.test").await;
    let r = joiner
        .api_post("/api/v1/verify", &json!({ "token": verify }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.sync_people().await;
    let handle: String = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT p.handle FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.email = 'pending@x.test'",
    ).fetch_one(p).await)?;
    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    assert_error(
        me.get(&format!("/api/v1/people/{handle}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        me.get("/api/v1/people/nobody-here").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    Ok(())
}
