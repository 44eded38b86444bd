//! Password resets: a link works once and ends every session; expired links and links of another account are refused.

use civiclink_domain::Role;
use civiclink_store::{execute_db, sqlx};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::json;

use super::*;

both_backends!(
    password_reset_works_once_and_ends_sessions,
    expired_and_foreign_reset_tokens_are_refused,
);

async fn password_reset_works_once_and_ends_sessions(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    // A session opened before the reset, on another device.
    let earlier = app.signed_in("m@x.test").await;
    earlier.get_json("/api/v1/me", StatusCode::OK).await;

    // Two requests, two links.
    let mut visitor = app.client();
    let r = request_reset(&mut visitor, "m@x.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let known_body = json_of(r).await?;
    let r = request_reset(&mut visitor, "M@X.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let tokens: Vec<String> = app
        .mails_to("m@x.test")
        .await
        .iter()
        .map(|m| m.token_after("/reset/"))
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_ne!(tokens[0], tokens[1]);

    // An unknown address gets the very same answer and no mail.
    let mails_before = app.mails().await.len();
    let r = request_reset(&mut visitor, "stranger@x.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(json_of(r).await?, known_body);
    assert_eq!(app.mails().await.len(), mails_before);
    assert!(app.mails_to("stranger@x.test").await.is_empty());

    // The link opens the form, then sets the password.
    assert_eq!(
        visitor.get(&format!("/reset/{}", tokens[1])).await.status(),
        StatusCode::OK
    );
    let r = confirm_reset(&mut visitor, &tokens[1], NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // Every earlier session ended.
    assert_error(
        earlier.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // Old password out, new password in.
    let mut c = app.client();
    assert_error(
        c.login("m@x.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let r = c.login("m@x.test", NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);

    // The used link, and the other link issued before the reset, are both spent; neither
    // changes the password.
    for token in &tokens {
        let r = confirm_reset(&mut visitor, token, "a third password nobody should get").await;
        assert_error(r, StatusCode::GONE, "token_used").await;
        assert_eq!(
            visitor.get(&format!("/reset/{token}")).await.status(),
            StatusCode::GONE
        );
    }
    let mut c = app.client();
    assert_error(
        c.login("m@x.test", "a third password nobody should get")
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let r = c.login("m@x.test", NEW_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    Ok(())
}

async fn expired_and_foreign_reset_tokens_are_refused(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    let mut visitor = app.client();
    let r = request_reset(&mut visitor, "m@x.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let token = app.last_mail_to("m@x.test").await.token_after("/reset/");

    let changed = execute_db!(
        app.db,
        sqlx::query("UPDATE email_tokens SET expires_at = $1 WHERE purpose = 'reset_password'",)
            .bind(civiclink_store::now() - time::Duration::hours(1))
    )?;
    assert_eq!(changed, 1);

    let r = confirm_reset(&mut visitor, &token, NEW_PASSWORD).await;
    assert_error(r, StatusCode::GONE, "token_expired").await;
    assert_eq!(
        visitor.get(&format!("/reset/{token}")).await.status(),
        StatusCode::GONE
    );

    // A token nobody issued, and a verification token used for a reset.
    let r = confirm_reset(&mut visitor, "not-a-real-token", NEW_PASSWORD).await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    let mut joiner = app.client();
    let verify = app.join(&mut joiner, "joiner@x.test").await;
    let r = confirm_reset(&mut visitor, &verify, NEW_PASSWORD).await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    // The verification token was not spent by that attempt.
    let r = joiner
        .api_post("/api/v1/verify", &json!({ "token": verify }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // Nothing changed: the old password still works, the new one does not.
    let mut c = app.client();
    assert_error(
        c.login("m@x.test", NEW_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    c.login_ok("m@x.test").await;
    Ok(())
}
