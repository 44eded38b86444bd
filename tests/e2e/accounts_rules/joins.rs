//! Joining does not reveal who is a member; join-request decisions are final and stay within an association.

use civiclink_domain::{MemberStatus, Role};
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends,
};
use reqwest::StatusCode;
use serde_json::json;

use super::*;

both_backends!(
    join_does_not_reveal_membership,
    declined_request_blocks_login_and_approval_is_final,
    other_association_admin_cannot_see_or_decide,
);

async fn join_does_not_reveal_membership(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let existing = app.member("e@x.test", Role::Member).await;
    let mut visitor = app.client();

    // A fresh address.
    let r = join_as(&mut visitor, &app, "fresh@x.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let fresh_body = json_of(r).await?;
    let first = app
        .last_mail_to("fresh@x.test")
        .await
        .token_after("/verify/");

    // An active member's address: the same answer, no second account, no takeover.
    let members = app.count("members").await;
    let requests = app.count("join_requests").await;
    let intruder = "an intruder's chosen password";
    for spelling in ["e@x.test", " E@X.Test "] {
        let r = join_as(&mut visitor, &app, spelling, intruder).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        assert_eq!(json_of(r).await?, fresh_body);
    }
    assert_eq!(app.count("members").await, members);
    assert_eq!(app.count("join_requests").await, requests);
    let e = stored(&app, "e@x.test").await?.expect("member");
    assert_eq!(e.id, existing);
    assert_eq!(e.status, MemberStatus::Active);
    let notes = app.mails_to("e@x.test").await;
    assert_eq!(notes.len(), 2);
    for note in &notes {
        assert!(
            note.subject.contains("already have"),
            "unexpected subject {:?}",
            note.subject
        );
        assert!(!note.text.contains("/verify/"));
    }
    let mut c = app.client();
    assert_error(
        c.login("e@x.test", intruder).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    c.login_ok("e@x.test").await;

    // A pending, unverified address: the same answer and a fresh verification link.
    let r = join_as(&mut visitor, &app, "fresh@x.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(json_of(r).await?, fresh_body);
    assert_eq!(app.count("members").await, members);
    assert_eq!(app.count("join_requests").await, requests);
    let links: Vec<String> = app
        .mails_to("fresh@x.test")
        .await
        .iter()
        .map(|m| m.token_after("/verify/"))
        .collect();
    assert_eq!(links.len(), 2);
    let second = links
        .iter()
        .find(|t| **t != first)
        .expect("a new verification link");
    let r = visitor
        .api_post("/api/v1/verify", &json!({ "token": second }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["outcome"], "awaiting_approval");
    Ok(())
}

/// Joins and verifies `email`; returns the id of the join request.
async fn verified_request(app: &TestApp, admin: &Client, email: &str) -> anyhow::Result<String> {
    let mut visitor = app.client();
    let token = app.join(&mut visitor, email).await;
    let r = visitor
        .api_post("/api/v1/verify", &json!({ "token": token }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let found = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["email"] == email)
        .unwrap_or_else(|| panic!("no request from {email} in {list}"));
    Ok(str_of(found, "id"))
}

async fn decide(admin: &mut Client, id: &str, what: &str) -> reqwest::Response {
    admin
        .api_post(
            &format!("/api/v1/admin/join-requests/{id}/{what}"),
            &json!({}),
        )
        .await
}

async fn declined_request_blocks_login_and_approval_is_final(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let mut admin = app.signed_in("admin@x.test").await;
    let id = verified_request(&app, &admin, "j@x.test").await?;

    // Declined: login says so.
    let r = decide(&mut admin, &id, "decline").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["status"], "declined");
    let mut joiner = app.client();
    assert_error(
        joiner.login("j@x.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "join_declined",
    )
    .await;
    assert_error(
        decide(&mut admin, &id, "decline").await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // A declined request may still be approved; an approved one is final.
    let r = decide(&mut admin, &id, "approve").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["status"], "approved");
    let mut joiner = app.client();
    joiner.login_ok("j@x.test").await;
    let expires_before = stored(&app, "j@x.test")
        .await?
        .expect("member")
        .membership_expires_at;
    for what in ["approve", "decline"] {
        assert_error(
            decide(&mut admin, &id, what).await,
            StatusCode::CONFLICT,
            "conflict",
        )
        .await;
    }
    let m = stored(&app, "j@x.test").await?.expect("member");
    assert_eq!(m.status, MemberStatus::Active);
    assert_eq!(m.membership_expires_at, expires_before);
    let all = admin
        .get_json("/api/v1/admin/join-requests?status=all", StatusCode::OK)
        .await;
    assert_eq!(all.as_array().map(Vec::len), Some(1));
    assert_eq!(all[0]["status"], "approved");
    Ok(())
}

async fn other_association_admin_cannot_see_or_decide(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let (other_association, other_org) = app.other_association().await;
    app.member_in(
        "elsewhere@x.test",
        Role::AssociationAdmin,
        other_association,
        Some(other_org),
        365,
    )
    .await;
    app.member("plain@x.test", Role::Member).await;
    let mut admin = app.signed_in("admin@x.test").await;
    let id = verified_request(&app, &admin, "j@x.test").await?;

    // Out of reach: not listed, and deciding finds nothing.
    let mut elsewhere = app.signed_in("elsewhere@x.test").await;
    for query in ["", "?status=all"] {
        let list = elsewhere
            .get_json(
                &format!("/api/v1/admin/join-requests{query}"),
                StatusCode::OK,
            )
            .await;
        assert_eq!(list, json!([]), "another association's request is listed");
    }
    for what in ["approve", "decline"] {
        assert_error(
            decide(&mut elsewhere, &id, what).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }

    // A plain member is no administrator.
    let mut plain = app.signed_in("plain@x.test").await;
    assert_error(
        plain.get("/api/v1/admin/join-requests").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        decide(&mut plain, &id, "approve").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // Nothing was decided.
    let mut joiner = app.client();
    assert_error(
        joiner.login("j@x.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "awaiting_approval",
    )
    .await;
    let pending = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    assert_eq!(pending[0]["status"], "pending");
    // Only the verification link was ever mailed: no decision went out.
    assert_eq!(app.mails_to("j@x.test").await.len(), 1);

    // Its own administrator can.
    let r = decide(&mut admin, &id, "approve").await;
    assert_eq!(r.status(), StatusCode::OK);
    joiner.login_ok("j@x.test").await;
    Ok(())
}
