//! A lapsed member asks their association to renew their membership, from the renewal notice or
//! through the API: their association's administrators are emailed, nobody else is, and one
//! request a day is enough.

use civiclink_domain::Role;
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

both_backends!(
    a_lapsed_member_asks_for_a_renewal_once_a_day,
    the_renewal_page_asks_and_says_so,
    without_association_administrators_the_site_administrators_are_told,
);

async fn a_lapsed_member_asks_for_a_renewal_once_a_day(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ours = app.member("ours@x.test", Role::AssociationAdmin).await;
    let (other, elsewhere) = app.other_association().await;
    app.member_in(
        "theirs@x.test",
        Role::AssociationAdmin,
        other,
        Some(elsewhere),
        365,
    )
    .await;
    app.member("colleague@x.test", Role::Member).await;
    let lapsed = app
        .member_in(
            "lapsed@x.test",
            Role::Member,
            app.association,
            Some(app.org),
            -5,
        )
        .await;
    execute_db!(
        app.db,
        sqlx::query("UPDATE members SET preferred_language = 'fr' WHERE id = $1").bind(ours)
    )?;

    // Logged out: no.
    let mut visitor = app.client();
    let r = visitor
        .api_post("/api/v1/me/renewal-request", &json!({}))
        .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // A current member has nothing to renew.
    let mut current = app.client();
    current.login_ok("colleague@x.test").await;
    let r = current.api_post_empty("/api/v1/me/renewal-request").await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // Too long a note is refused, and nothing is sent.
    let mut me = app.client();
    me.login_ok("lapsed@x.test").await;
    let r = me
        .api_post(
            "/api/v1/me/renewal-request",
            &json!({ "note": "x".repeat(1001) }),
        )
        .await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "note");
    assert!(app.mails().await.is_empty());

    // The request reaches this association's administrator, in their language, with the note
    // and a link to the member's page.
    let r = me
        .api_post(
            "/api/v1/me/renewal-request",
            &json!({ "note": "  Our council renewed in March.  " }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let mails = app.mails().await;
    assert_eq!(
        mails.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(),
        ["ours@x.test"],
        "only the member's own association administrators are told"
    );
    let mail = &mails[0];
    assert!(
        mail.subject.contains("demande le renouvellement"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text.contains("« Our council renewed in March. »"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains(&format!("/admin/members/{lapsed}")),
        "{}",
        mail.text
    );

    // Once a day.
    let r = me.api_post_empty("/api/v1/me/renewal-request").await;
    let v = assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| m.contains("tomorrow")),
        "{v}"
    );
    assert_eq!(app.mails().await.len(), 1);

    // The outbox has the event, once.
    let events: i64 = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE kind = 'member.renewal_requested' AND entity_id = $1",
    ).bind(lapsed.as_uuid()).fetch_one(p).await)?;
    assert_eq!(events, 1);

    // A day later, they may ask again.
    execute_db!(
        app.db,
        sqlx::query("UPDATE members SET renewal_requested_at = $2 WHERE id = $1",)
            .bind(lapsed)
            .bind(civiclink_store::now() - time::Duration::hours(25))
    )?;
    let r = me.api_post_empty("/api/v1/me/renewal-request").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.mails().await.len(), 2);
    Ok(())
}

async fn the_renewal_page_asks_and_says_so(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ours@x.test", Role::AssociationAdmin).await;
    app.member_in(
        "lapsed@x.test",
        Role::Member,
        app.association,
        Some(app.org),
        -5,
    )
    .await;
    let mut me = app.client();
    me.login_ok("lapsed@x.test").await;

    let page = me.get("/renew").await.text().await?;
    assert!(page.contains("action=\"/renew\""), "the page offers to ask");

    // A bad note is shown on the form, and nothing is sent.
    let long = "x".repeat(1001);
    let r = me.form_post("/renew", &[("note", long.as_str())]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await?;
    assert!(
        page.contains("id=\"f-note-error\""),
        "the note's error is shown"
    );
    assert!(app.mails().await.is_empty());

    let r = me
        .form_post("/renew", &[("note", "New role: IT manager.")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/renew");
    let page = me.get("/renew").await.text().await?;
    assert!(
        page.contains("administrators of"),
        "the status says it was sent"
    );
    assert!(page.contains("You asked on"), "the page says when");
    assert!(
        !page.contains("action=\"/renew\""),
        "no second request today"
    );
    assert_eq!(app.mails_to("ours@x.test").await.len(), 1);

    // A second post the same day (an old tab) is refused on the page, not sent.
    let r = me.form_post("/renew", &[("note", "")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(app.mails_to("ours@x.test").await.len(), 1);
    Ok(())
}

async fn without_association_administrators_the_site_administrators_are_told(
    backend: TestBackend,
) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@x.test").await;
    app.member_in(
        "lapsed@x.test",
        Role::Member,
        app.association,
        Some(app.org),
        -5,
    )
    .await;
    let mut me = app.client();
    me.login_ok("lapsed@x.test").await;
    let r = me.api_post_empty("/api/v1/me/renewal-request").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let to: Vec<String> = app.mails().await.into_iter().map(|m| m.to).collect();
    assert_eq!(to, ["root@x.test"]);
    Ok(())
}
