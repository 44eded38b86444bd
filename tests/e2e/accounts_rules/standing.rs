//! Lapsed and suspended members, and what administrators may not do to themselves or grant.

use civiclink_domain::{MemberStatus, Role};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

use super::*;

both_backends!(
    lapsed_member_sees_only_the_renewal_notice,
    suspension_ends_sessions_and_blocks_login,
    admins_cannot_suspend_themselves_or_grant_site_admin,
);

async fn lapsed_member_sees_only_the_renewal_notice(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app
        .member_in(
            "lapsed@x.test",
            Role::Member,
            app.association,
            Some(app.org),
            -5,
        )
        .await;

    // They may sign in, and are told the membership lapsed.
    let mut lapsed = app.client();
    let r = lapsed.login("lapsed@x.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["access"], "lapsed");
    let me = lapsed.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["email"], "lapsed@x.test");
    let session = lapsed.get_json("/api/v1/session", StatusCode::OK).await;
    assert_eq!(session["access"], "lapsed");

    // But nothing else.
    assert_error(
        lapsed.get("/api/v1/organizations").await,
        StatusCode::FORBIDDEN,
        "membership_lapsed",
    )
    .await;
    let r = lapsed.get("/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/renew");
    assert_eq!(lapsed.get("/renew").await.status(), StatusCode::OK);

    // The login form sends them straight to the notice.
    let mut browser = app.client();
    let r = browser
        .form_post(
            "/login",
            &[
                ("email", "lapsed@x.test"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/renew");

    // An administrator extends the membership: the same session now has full access.
    let mut admin = app.signed_in("admin@x.test").await;
    let until = (time::OffsetDateTime::now_utc() + time::Duration::days(30))
        .format(&time::format_description::well_known::Rfc3339)?;
    let r = patch_member(&mut admin, id, &json!({ "membership_expires_at": until })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["status"], "active");
    assert_eq!(
        lapsed.get("/api/v1/organizations").await.status(),
        StatusCode::OK
    );
    assert_eq!(lapsed.get("/").await.status(), StatusCode::OK);
    let session = lapsed.get_json("/api/v1/session", StatusCode::OK).await;
    assert_eq!(session["access"], "full");
    let r = lapsed.get("/renew").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/");
    Ok(())
}

async fn suspension_ends_sessions_and_blocks_login(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app.member("m@x.test", Role::Member).await;
    let mut member = app.signed_in("m@x.test").await;
    member.get_json("/api/v1/me", StatusCode::OK).await;
    // A second device, not used again until after the member is reinstated.
    let other_device = app.signed_in("m@x.test").await;

    let mut admin = app.signed_in("admin@x.test").await;
    let r = patch_member(&mut admin, id, &json!({ "status": "suspended" })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["status"], "suspended");

    // The very next request finds the session ended.
    assert_error(
        member.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let session = member.get_json("/api/v1/session", StatusCode::OK).await;
    assert!(session["member"].is_null());

    // Logging in again is refused, and leaves them signed out.
    member.forget_csrf();
    assert_error(
        member.login("m@x.test", PASSWORD).await,
        StatusCode::FORBIDDEN,
        "suspended",
    )
    .await;
    assert_error(
        member.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // Reinstated, they are back.
    let r = patch_member(&mut admin, id, &json!({ "status": "active" })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await?["status"], "active");
    member.login_ok("m@x.test").await;
    let me = member.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["status"], "active");
    // Reinstatement does not revive sessions that the suspension ended.
    assert_error(
        other_device.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    Ok(())
}

async fn admins_cannot_suspend_themselves_or_grant_site_admin(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let admin_id = app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app.member("m@x.test", Role::Member).await;
    let mut admin = app.signed_in("admin@x.test").await;

    // Not themself: no accidental lock-out.
    let r = patch_member(&mut admin, admin_id, &json!({ "status": "suspended" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = patch_member(&mut admin, admin_id, &json!({ "role": "member" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    // Nor their own membership's end: it is their association's to renew.
    let before = stored(&app, "admin@x.test").await?.expect("admin");
    for until in [json!("2099-01-01T00:00:00Z"), Value::Null] {
        let r = patch_member(
            &mut admin,
            admin_id,
            &json!({ "membership_expires_at": until }),
        )
        .await;
        let body = assert_error(r, StatusCode::CONFLICT, "conflict").await;
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("membership")),
            "{body}"
        );
    }
    let me = stored(&app, "admin@x.test").await?.expect("admin");
    assert_eq!(me.membership_expires_at, before.membership_expires_at);
    assert_eq!(me.status, MemberStatus::Active);
    assert_eq!(me.role, Role::AssociationAdmin);
    admin.get_json("/api/v1/me", StatusCode::OK).await;
    // Another administrator's they may change.
    let other_admin = app.member("admin2@x.test", Role::AssociationAdmin).await;
    let r = patch_member(
        &mut admin,
        other_admin,
        &json!({ "membership_expires_at": "2099-01-01T00:00:00Z" }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);

    // Only a site admin makes site admins.
    let r = patch_member(&mut admin, id, &json!({ "role": "site_admin" })).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        stored(&app, "m@x.test").await?.expect("member").role,
        Role::Member
    );

    // A plain member is no administrator at all.
    let mut member = app.signed_in("m@x.test").await;
    let r = patch_member(&mut member, admin_id, &json!({ "status": "suspended" })).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        stored(&app, "admin@x.test").await?.expect("admin").status,
        MemberStatus::Active
    );
    Ok(())
}
