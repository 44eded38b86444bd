//! Data rights: a member downloads everything about them, and erases their account for good.
//! Both are audited.

use civiclink_domain::{MemberId, Role};
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    members_download_and_erase_their_data,
    no_member_can_block_an_erasure_by_taking_its_handle
);

async fn count(app: &TestApp, sql: &str, id: MemberId) -> anyhow::Result<i64> {
    Ok(on_db!(app.db, p => sqlx::query_scalar(sql).bind(id).fetch_one(p).await)?)
}

async fn members_download_and_erase_their_data(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@x.test").await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let friend = app.member("friend@x.test", Role::Member).await;
    let (a, b) = if ada < friend {
        (ada, friend)
    } else {
        (friend, ada)
    };
    execute_db!(app.db, sqlx::query(
        "INSERT INTO connections (member_a, member_b, requested_by, status, note, created_at, accepted_at) \
         VALUES ($1, $2, $1, 'accepted', 'hello', $3, $3)",
    ).bind(a).bind(b).bind(civiclink_store::now()))?;
    execute_db!(app.db, sqlx::query(
        "INSERT INTO follows (follower, target_kind, target_id, created_at) VALUES ($1, 'organization', $2, $3)",
    ).bind(ada).bind(app.org).bind(civiclink_store::now()))?;

    // Logged out, neither door opens.
    let mut visitor = app.client();
    assert_error(
        visitor.get("/api/v1/me/export").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let r = visitor
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "ada@x.test" }),
        )
        .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    let archive = me.get_json("/api/v1/me/export", StatusCode::OK).await;
    assert_eq!(archive["format"], "civiclink-archive/1");
    assert_eq!(archive["member"]["email"], "ada@x.test");
    assert_eq!(archive["people"]["profile"]["member_id"], ada.to_string());
    let connections = archive["people"]["connections"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(connections.len(), 1);
    assert_eq!(connections[0]["with"]["member_id"], friend.to_string());
    assert_eq!(
        archive["people"]["follows"][0]["target_id"],
        app.org.to_string()
    );
    // The page offers it as a file.
    let r = me.get("/profile/export.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()?
            .contains("attachment")
    );

    // A wrong confirmation erases nothing.
    let r = me
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "someone@else.test" }),
        )
        .await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "confirm_email");
    let r = me
        .form_post("/profile/delete", &[("confirm_email", "nope@x.test")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM members WHERE id = $1 AND erased_at IS NULL",
            ada
        )
        .await?,
        1
    );

    // A password reset link is waiting in the mailbox when the account is erased.
    let r = visitor
        .api_post("/api/v1/password-reset", &json!({ "email": "ada@x.test" }))
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let reset = app
        .mails_to("ada@x.test")
        .await
        .iter()
        .rfind(|m| m.text.contains("/reset/"))
        .map(|m| m.token_after("/reset/"))
        .ok_or_else(|| anyhow::anyhow!("no reset link was sent"))?;

    // Erase.
    let r = me
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": " ADA@x.test " }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_error(
        me.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let mut again = app.client();
    assert_error(
        again.login("ada@x.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let email: String = on_db!(app.db, p => sqlx::query_scalar("SELECT email FROM members WHERE id = $1").bind(ada).fetch_one(p).await)?;
    assert!(email.ends_with("@erased.invalid"));
    // Every link sent before is spent: the reset link sets no password.
    let r = visitor
        .api_post(
            "/api/v1/password-reset/confirm",
            &json!({ "token": reset, "password": "a password for nobody at all" }),
        )
        .await;
    assert_error(r, StatusCode::GONE, "token_used").await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM email_tokens WHERE member_id = $1 AND used_at IS NULL",
            ada
        )
        .await?,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM connections WHERE member_a = $1 OR member_b = $1",
            ada
        )
        .await?,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM follows WHERE follower = $1",
            ada
        )
        .await?,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM member_name_tokens WHERE member_id = $1",
            ada
        )
        .await?,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM member_name_prefixes WHERE member_id = $1",
            ada
        )
        .await?,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM profiles WHERE member_id = $1 AND bio = '' AND in_directory = FALSE", ada).await?, 1);
    // Others no longer find them.
    let mut other = app.client();
    other.login_ok("friend@x.test").await;
    let handle: String = on_db!(app.db, p => sqlx::query_scalar("SELECT handle FROM profiles WHERE member_id = $1").bind(ada).fetch_one(p).await)?;
    assert!(handle.starts_with("former-"));
    assert_error(
        other.get(&format!("/api/v1/people/{handle}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Both acts are in the audit log.
    let mut root = app.client();
    root.login_ok("root@x.test").await;
    for action in ["member.export", "member.erase"] {
        let entries = root
            .get_json(
                &format!("/api/v1/admin/audit?action={action}"),
                StatusCode::OK,
            )
            .await;
        let entries = entries.as_array().cloned().unwrap_or_default();
        assert!(
            entries.iter().any(|e| e["target_id"] == ada.to_string()),
            "{action} not audited"
        );
    }
    Ok(())
}

/// An erased profile's handle is `former-` and the whole member id. No member may take a
/// handle with that prefix (the old form used the id's first 12 hex digits, its creation
/// time, which anyone could guess), so squatting cannot make an erasure fail.
async fn no_member_can_block_an_erasure_by_taking_its_handle(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    app.member("squatter@x.test", Role::Member).await;
    let hex = ada.as_uuid().simple().to_string();
    let mut squatter = app.client();
    squatter.login_ok("squatter@x.test").await;
    for taken in [format!("former-{}", &hex[..12]), format!("former-{hex}")] {
        let r = squatter
            .api(
                "PUT".parse()?,
                "/api/v1/me/profile",
                &json!({
                    "display_name": "Squatter",
                    "handle": taken,
                    "expertise": [],
                    "links": [],
                    "visibility": {},
                    "in_directory": true
                }),
            )
            .await;
        let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(body["field"], "handle", "{body}");
    }
    let mut me = app.client();
    me.login_ok("ada@x.test").await;
    let r = me
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "ada@x.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let handle: String = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT handle FROM profiles WHERE member_id = $1"
    ).bind(ada).fetch_one(p).await)?;
    assert_eq!(handle, format!("former-{hex}"));
    Ok(())
}
