//! The whole path: join → verify → approve → login → logout.

use civiclink_domain::Role;
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends,
};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(join_verify_approve_login_logout);

async fn join_verify_approve_login_logout(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;

    // Join.
    let mut visitor = app.client();
    let token = app.join(&mut visitor, "joiner@kingston.test").await;

    // Not verified yet: login says so.
    let r = visitor.login("joiner@kingston.test", PASSWORD).await;
    assert_error(r, StatusCode::FORBIDDEN, "email_not_verified").await;

    // Verify.
    let v = visitor
        .api_post("/api/v1/verify", &json!({ "token": token }))
        .await;
    assert_eq!(v.status(), StatusCode::OK);
    assert_eq!(
        v.json::<serde_json::Value>().await?["outcome"],
        "awaiting_approval"
    );
    let r = visitor.login("joiner@kingston.test", PASSWORD).await;
    assert_error(r, StatusCode::FORBIDDEN, "awaiting_approval").await;

    // Approve.
    let mut admin: Client = app.client();
    admin.login_ok("admin@misa.test").await;
    let requests = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let list = requests.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["email"], "joiner@kingston.test");
    assert_eq!(list[0]["email_verified"], true);
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let r = admin
        .api_post(
            &format!("/api/v1/admin/join-requests/{id}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.mail_with_subject("joiner@kingston.test", "approved")
        .await;

    // Log in, see the home page, log out.
    let mut member = app.client();
    member.login_ok("joiner@kingston.test").await;
    let me = member.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["status"], "active");
    assert_eq!(member.get("/").await.status(), StatusCode::OK);
    let r = member.api_post("/api/v1/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_error(
        member.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    Ok(())
}
