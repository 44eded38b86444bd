//! Invitations: one admits as many people as it allows, once each, and only once the address is verified; expired, revoked and unknown ones are gone.

use civiclink_domain::{MemberStatus, Role};
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::json;

use super::*;

both_backends!(
    invite_admits_once_and_activates_on_verification,
    expired_revoked_and_unknown_invites_are_gone,
);

async fn invite_admits_once_and_activates_on_verification(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let mut admin = app.signed_in("admin@x.test").await;
    let (_, token) = app.create_invite(&mut admin, app.association, 1).await;

    // Anyone holding the link sees what it offers, without logging in.
    let visitor = app.client();
    let offer = visitor
        .get_json(&format!("/api/v1/invites/{token}"), StatusCode::OK)
        .await;
    assert_eq!(offer["association_id"], json!(app.association));
    assert!(offer["expires_at"].is_string());
    // The administrators' note and the use count are theirs alone.
    for private in ["note", "uses", "max_uses", "id", "revoked_at"] {
        assert!(offer.get(private).is_none(), "{private} shown: {offer}");
    }
    assert_eq!(
        visitor.get(&format!("/join/invite/{token}")).await.status(),
        StatusCode::OK
    );

    // Accepting mails a verification link; until it is used there is no member, and the
    // invitation is not spent.
    let before = app.count("members").await;
    let mut joiner = app.client();
    let r = accept_invite(&mut joiner, &token, "invited@x.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(app.count("members").await, before);
    assert!(stored(&app, "invited@x.test").await?.is_none());
    let verify = app
        .last_mail_to("invited@x.test")
        .await
        .token_after("/verify/");
    assert_error(
        joiner.login("invited@x.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "email_not_verified",
    )
    .await;

    // Verifying activates the membership at once: an invitation needs no approval.
    let r = joiner
        .api_post("/api/v1/verify", &json!({ "token": verify }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["outcome"], "activated");
    assert_eq!(app.count("members").await, before + 1);
    let made = stored(&app, "invited@x.test").await?.expect("member made");
    assert_eq!(made.status, MemberStatus::Active);
    assert_eq!(made.association_id, Some(app.association));
    joiner.login_ok("invited@x.test").await;
    let me = joiner.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["status"], "active");
    assert_eq!(me["association_id"], json!(app.association));
    assert!(me["membership_expires_at"].is_string());
    assert_eq!(
        joiner.get("/api/v1/organizations").await.status(),
        StatusCode::OK
    );

    // The verification link works once.
    let mut other = app.client();
    assert_error(
        other
            .api_post("/api/v1/verify", &json!({ "token": verify }))
            .await,
        StatusCode::GONE,
        "token_used",
    )
    .await;

    // The single use is spent: a second person is turned away and nothing is created.
    let before = app.count("members").await;
    let r = accept_invite(&mut other, &token, "second@x.test").await;
    assert_error(r, StatusCode::GONE, "invite_unavailable").await;
    assert_eq!(app.count("members").await, before);
    assert!(stored(&app, "second@x.test").await?.is_none());
    assert!(app.mails_to("second@x.test").await.is_empty());
    assert_error(
        other.get(&format!("/api/v1/invites/{token}")).await,
        StatusCode::GONE,
        "invite_unavailable",
    )
    .await;
    Ok(())
}

async fn expired_revoked_and_unknown_invites_are_gone(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let mut admin = app.signed_in("admin@x.test").await;
    let (expired_id, expired) = app.create_invite(&mut admin, app.association, 5).await;
    let (revoked_id, revoked) = app.create_invite(&mut admin, app.association, 5).await;

    // An association admin invites only into their own association.
    let (other_association, _) = app.other_association().await;
    let r = admin
        .api_post(
            "/api/v1/admin/invites",
            &json!({ "association_id": other_association, "max_uses": 1, "valid_days": 7 }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;

    // Arrange an expired invitation directly in the database.
    let id = uuid::Uuid::parse_str(&expired_id)?;
    let changed = execute_db!(
        app.db,
        sqlx::query("UPDATE invites SET expires_at = $1 WHERE id = $2")
            .bind(civiclink_store::now() - time::Duration::hours(1))
            .bind(id)
    )?;
    assert_eq!(changed, 1);

    // Revoke the other through the API.
    let r = admin
        .api_post(
            &format!("/api/v1/admin/invites/{revoked_id}/revoke"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(json_of(r).await?["revoked_at"].is_string());

    let before = app.count("members").await;
    let mut visitor = app.client();
    for (token, email) in [(&expired, "late@x.test"), (&revoked, "revoked@x.test")] {
        assert_error(
            visitor.get(&format!("/api/v1/invites/{token}")).await,
            StatusCode::GONE,
            "invite_unavailable",
        )
        .await;
        assert_eq!(
            visitor.get(&format!("/join/invite/{token}")).await.status(),
            StatusCode::GONE
        );
        let r = accept_invite(&mut visitor, token, email).await;
        assert_error(r, StatusCode::GONE, "invite_unavailable").await;
        assert!(stored(&app, email).await?.is_none());
        assert!(app.mails_to(email).await.is_empty());
    }

    // A token nobody issued.
    let unknown = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZn";
    assert_error(
        visitor.get(&format!("/api/v1/invites/{unknown}")).await,
        StatusCode::GONE,
        "invalid_token",
    )
    .await;
    let r = accept_invite(&mut visitor, unknown, "nobody@x.test").await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    assert!(stored(&app, "nobody@x.test").await?.is_none());

    assert_eq!(app.count("members").await, before);
    let uses: Vec<i64> = on_db!(app.db, p => sqlx::query_scalar("SELECT uses FROM invites")
        .fetch_all(p)
        .await)?;
    assert_eq!(uses, vec![0, 0], "a refused acceptance spent an invitation");
    Ok(())
}
