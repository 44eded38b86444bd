//! The account rules, refusals first: invitations, reset tokens, lapsed and suspended members,
//! CSRF, rate limits, joins that must not reveal who is a member, and join-request decisions.
//! Every refusal is checked for its status, its error code, and for having written nothing.

use std::time::Duration;

use civiclink_accounts::Member;
use civiclink_domain::{EmailAddress, MemberStatus, Role};
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends,
};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, LOCATION, RETRY_AFTER, SET_COOKIE};
use serde_json::{Value, json};

both_backends!(
    invite_admits_once_and_activates_on_verification,
    expired_revoked_and_unknown_invites_are_gone,
    password_reset_works_once_and_ends_sessions,
    expired_and_foreign_reset_tokens_are_refused,
    lapsed_member_sees_only_the_renewal_notice,
    suspension_ends_sessions_and_blocks_login,
    admins_cannot_suspend_themselves_or_grant_site_admin,
    state_changes_need_the_csrf_token,
    session_and_csrf_token_change_at_login,
    login_is_limited_per_address,
    behind_a_proxy_the_address_is_the_one_it_appended,
    forwarded_addresses_count_only_from_listed_proxies,
    a_saturated_server_refuses_at_once_and_keeps_nothing,
    login_is_limited_per_account,
    join_and_reset_are_limited,
    join_does_not_reveal_membership,
    declined_request_blocks_login_and_approval_is_final,
    other_association_admin_cannot_see_or_decide,
);

const NEW_PASSWORD: &str = "a brand new passphrase for civiclink";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

async fn member_count(app: &TestApp) -> anyhow::Result<i64> {
    let n: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(p)
        .await)?;
    Ok(n)
}

async fn join_request_count(app: &TestApp) -> anyhow::Result<i64> {
    let n: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM join_requests")
        .fetch_one(p)
        .await)?;
    Ok(n)
}

/// The member stored under `email`, if any, read straight from the accounts service.
async fn stored(app: &TestApp, email: &str) -> anyhow::Result<Option<Member>> {
    Ok(app
        .accounts
        .member_by_email(&EmailAddress::parse(email)?)
        .await?)
}

async fn json_of(r: reqwest::Response) -> anyhow::Result<Value> {
    Ok(r.json().await?)
}

fn str_of(v: &Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {v}"))
        .to_owned()
}

/// An administrator's client, logged in.
async fn logged_in(app: &TestApp, email: &str) -> Client {
    let mut c = app.client();
    c.login_ok(email).await;
    c
}

/// Makes an invitation to the test association; returns its id and the secret from the link.
async fn create_invite(
    app: &TestApp,
    admin: &mut Client,
    max_uses: i64,
) -> anyhow::Result<(String, String)> {
    let r = admin
        .api_post(
            "/api/v1/admin/invites",
            &json!({ "association_id": app.association, "max_uses": max_uses, "valid_days": 7 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "create an invite");
    let v = json_of(r).await?;
    let link = str_of(&v, "link");
    let (_, token) = link
        .split_once("/join/invite/")
        .unwrap_or_else(|| panic!("no /join/invite/ in {link}"));
    assert!(!token.is_empty());
    Ok((str_of(&v["invite"], "id"), token.to_owned()))
}

async fn accept_invite(client: &mut Client, token: &str, email: &str) -> reqwest::Response {
    client
        .api_post(
            &format!("/api/v1/invites/{token}/accept"),
            &json!({ "email": email, "display_name": "Invited Person", "password": PASSWORD }),
        )
        .await
}

async fn join_as(
    client: &mut Client,
    app: &TestApp,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .api_post(
            "/api/v1/join",
            &json!({
                "email": email,
                "display_name": "Someone Else",
                "password": password,
                "association_id": app.association,
                "org_id": app.org,
                "message": "Let me in."
            }),
        )
        .await
}

async fn request_reset(client: &mut Client, email: &str) -> reqwest::Response {
    client
        .api_post("/api/v1/password-reset", &json!({ "email": email }))
        .await
}

async fn confirm_reset(client: &mut Client, token: &str, password: &str) -> reqwest::Response {
    client
        .api_post(
            "/api/v1/password-reset/confirm",
            &json!({ "token": token, "password": password }),
        )
        .await
}

async fn patch_member(
    admin: &mut Client,
    id: impl std::fmt::Display,
    body: &Value,
) -> reqwest::Response {
    admin
        .api_patch(&format!("/api/v1/admin/members/{id}"), body)
        .await
}

/// The value of the `civiclink_session` cookie a response sets, if it sets one.
fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("civiclink_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
}

/// Asserts a 429 with its code and a sensible `Retry-After`.
async fn assert_limited(r: reqwest::Response, window_secs: u64) {
    let retry: u64 = r
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("429 without a numeric Retry-After from {}", r.url()));
    assert!(
        (1..=window_secs).contains(&retry),
        "Retry-After {retry} outside 1..={window_secs}"
    );
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

/// Rate limits count hits in fixed windows that start at multiples of their length (five
/// minutes, a quarter of an hour, an hour: all multiples of five minutes). A sequence of
/// attempts that straddled an edge would be split over two windows, so start well clear of one.
async fn clear_of_window_edge() {
    let t = civiclink_store::now().unix_timestamp();
    let left = 300 - t.rem_euclid(300);
    if left < 30 {
        tokio::time::sleep(Duration::from_secs(u64::try_from(left).unwrap_or(0) + 1)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Invitations
// ---------------------------------------------------------------------------------------------

async fn invite_admits_once_and_activates_on_verification(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let mut admin = logged_in(&app, "admin@x.test").await;
    let (_, token) = create_invite(&app, &mut admin, 1).await?;

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
    let before = member_count(&app).await?;
    let mut joiner = app.client();
    let r = accept_invite(&mut joiner, &token, "invited@x.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(member_count(&app).await?, before);
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
    assert_eq!(member_count(&app).await?, before + 1);
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
    let before = member_count(&app).await?;
    let r = accept_invite(&mut other, &token, "second@x.test").await;
    assert_error(r, StatusCode::GONE, "invite_unavailable").await;
    assert_eq!(member_count(&app).await?, before);
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
    let mut admin = logged_in(&app, "admin@x.test").await;
    let (expired_id, expired) = create_invite(&app, &mut admin, 5).await?;
    let (revoked_id, revoked) = create_invite(&app, &mut admin, 5).await?;

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
    let changed = on_db!(app.db, p => sqlx::query("UPDATE invites SET expires_at = $1 WHERE id = $2")
        .bind(civiclink_store::now() - time::Duration::hours(1))
        .bind(id)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
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

    let before = member_count(&app).await?;
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

    assert_eq!(member_count(&app).await?, before);
    let uses: Vec<i64> = on_db!(app.db, p => sqlx::query_scalar("SELECT uses FROM invites")
        .fetch_all(p)
        .await)?;
    assert_eq!(uses, vec![0, 0], "a refused acceptance spent an invitation");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 2. Reset tokens
// ---------------------------------------------------------------------------------------------

async fn password_reset_works_once_and_ends_sessions(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    // A session opened before the reset, on another device.
    let earlier = logged_in(&app, "m@x.test").await;
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

    let changed = on_db!(app.db, p => sqlx::query(
        "UPDATE email_tokens SET expires_at = $1 WHERE purpose = 'reset_password'",
    )
    .bind(civiclink_store::now() - time::Duration::hours(1))
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
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

// ---------------------------------------------------------------------------------------------
// 3. Lapsed members
// ---------------------------------------------------------------------------------------------

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
    let mut admin = logged_in(&app, "admin@x.test").await;
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

// ---------------------------------------------------------------------------------------------
// 4. Suspended members, and what administrators may not do
// ---------------------------------------------------------------------------------------------

async fn suspension_ends_sessions_and_blocks_login(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app.member("m@x.test", Role::Member).await;
    let mut member = logged_in(&app, "m@x.test").await;
    member.get_json("/api/v1/me", StatusCode::OK).await;
    // A second device, not used again until after the member is reinstated.
    let other_device = logged_in(&app, "m@x.test").await;

    let mut admin = logged_in(&app, "admin@x.test").await;
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
    let mut admin = logged_in(&app, "admin@x.test").await;

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
    let mut member = logged_in(&app, "m@x.test").await;
    let r = patch_member(&mut member, admin_id, &json!({ "status": "suspended" })).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        stored(&app, "admin@x.test").await?.expect("admin").status,
        MemberStatus::Active
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 5. CSRF
// ---------------------------------------------------------------------------------------------

async fn state_changes_need_the_csrf_token(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app.member("m@x.test", Role::Member).await;
    let admin = logged_in(&app, "admin@x.test").await;
    let member_url = admin.url(&format!("/api/v1/admin/members/{id}"));

    // The API: no token, then a wrong one.
    for token in [None, Some("0123456789abcdef0123456789abcdef")] {
        let mut logout = admin
            .http
            .post(admin.url("/api/v1/logout"))
            .json(&json!({}));
        let mut patch = admin
            .http
            .patch(&member_url)
            .json(&json!({ "status": "suspended", "role": "moderator" }));
        if let Some(t) = token {
            logout = logout.header("X-CSRF-Token", t);
            patch = patch.header("X-CSRF-Token", t);
        }
        assert_error(logout.send().await?, StatusCode::FORBIDDEN, "csrf_failed").await;
        assert_error(patch.send().await?, StatusCode::FORBIDDEN, "csrf_failed").await;
    }
    // Still logged in, and the member untouched.
    admin.get_json("/api/v1/me", StatusCode::OK).await;
    let m = stored(&app, "m@x.test").await?.expect("member");
    assert_eq!(m.status, MemberStatus::Active);
    assert_eq!(m.role, Role::Member);
    let n: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(p)
        .await)?;
    assert_eq!(n, 0, "a refused request was audited as done");

    // Forms: the session exists, but the field is missing or wrong.
    let mut browser = app.client();
    browser.csrf().await;
    let credentials = [("email", "m@x.test"), ("password", PASSWORD)];
    let r = browser
        .http
        .post(browser.url("/login"))
        .header(ACCEPT, "application/json")
        .form(&credentials)
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    let mut wrong = credentials.to_vec();
    wrong.push(("csrf_token", "not-the-token"));
    let r = browser
        .http
        .post(browser.url("/login"))
        .form(&wrong)
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_error(
        browser.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // With the token, the same forms work.
    let r = browser.form_post("/login", &credentials).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/");
    browser.forget_csrf();
    browser.get_json("/api/v1/me", StatusCode::OK).await;
    let r = browser.form_post("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login");
    browser.forget_csrf();
    assert_error(
        browser.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // A client without any session cannot change anything, whatever token it makes up.
    let before = member_count(&app).await?;
    let fresh = app.client();
    let r = fresh
        .http
        .post(fresh.url("/api/v1/join"))
        .header("X-CSRF-Token", "0123456789abcdef0123456789abcdef")
        .json(&json!({
            "email": "forged@x.test",
            "display_name": "Forged",
            "password": PASSWORD,
            "association_id": app.association,
        }))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    let r = app
        .client()
        .http
        .post(fresh.url("/api/v1/login"))
        .json(&json!({ "email": "m@x.test", "password": PASSWORD }))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    assert_eq!(member_count(&app).await?, before);
    assert!(app.mails_to("forged@x.test").await.is_empty());
    Ok(())
}

async fn session_and_csrf_token_change_at_login(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    let c = app.client();

    // A visitor has no session: their token rides in a signed cookie of its own.
    let r = c.get("/api/v1/session").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(session_cookie(&r), None, "a visitor was given a session");
    let csrf_before = str_of(&json_of(r).await?, "csrf_token");

    let login = |token: String| {
        c.http
            .post(c.url("/api/v1/login"))
            .header("X-CSRF-Token", token)
            .json(&json!({ "email": "m@x.test", "password": PASSWORD }))
            .send()
    };
    let r = login(csrf_before.clone()).await?;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie_first = session_cookie(&r).expect("a session cookie at login");
    let csrf_login = str_of(&json_of(r).await?, "csrf_token");
    assert_ne!(
        csrf_login, csrf_before,
        "the CSRF token must change at login"
    );

    let session = c.get_json("/api/v1/session", StatusCode::OK).await;
    assert_eq!(session["csrf_token"], json!(csrf_login));
    assert_eq!(session["member"]["email"], "m@x.test");

    // The token from before login is worthless now.
    let r = c
        .http
        .post(c.url("/api/v1/logout"))
        .header("X-CSRF-Token", &csrf_before)
        .json(&json!({}))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    c.get_json("/api/v1/me", StatusCode::OK).await;

    // Signing in again from a session gives it a new id: the old one is worthless (no
    // fixation), and so is the token that went with it.
    let r = login(csrf_login.clone()).await?;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie_after = session_cookie(&r).expect("a session cookie at the second login");
    assert_ne!(
        cookie_after, cookie_first,
        "the session id must change at login"
    );
    assert_ne!(str_of(&json_of(r).await?, "csrf_token"), csrf_login);
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let me = |cookie: &str| {
        bare.get(app.url("/api/v1/me"))
            .header(COOKIE, format!("civiclink_session={cookie}"))
            .send()
    };
    assert_error(
        me(&cookie_first).await?,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_eq!(me(&cookie_after).await?.status(), StatusCode::OK);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 6. Rate limits
// ---------------------------------------------------------------------------------------------

async fn login_is_limited_per_address(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.limits.login_per_ip = 3;
    })
    .await;
    app.member("m@x.test", Role::Member).await;
    clear_of_window_edge().await;

    let mut c = app.client();
    for _ in 0..3 {
        assert_error(
            c.login("m@x.test", "wrong password, surely").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    // The right password no longer helps from this address, nor another account.
    assert_limited(c.login("m@x.test", PASSWORD).await, 300).await;
    assert_error(
        c.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let mut other = app.client();
    assert_limited(other.login("someone@x.test", PASSWORD).await, 300).await;
    // The login form shares the limit.
    let r = other
        .form_post("/login", &[("email", "m@x.test"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    other.forget_csrf();
    assert_error(
        other.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    Ok(())
}

/// Behind a trusted proxy, the client's address is the last `X-Forwarded-For` entry, which the
/// proxy appended, on whichever line it is: entries a client writes itself change nothing.
async fn behind_a_proxy_the_address_is_the_one_it_appended(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = civiclink::TrustedProxies::parse(&["127.0.0.1"]).unwrap();
        c.limits.login_per_ip = 2;
    })
    .await;
    clear_of_window_edge().await;
    let attempt = |spoof: String, hop: &'static str, email: String| {
        let app = &app;
        async move {
            let mut c = app.client();
            let token = c.csrf().await;
            c.http
                .post(app.url("/api/v1/login"))
                .header("X-CSRF-Token", token)
                .header("X-Forwarded-For", spoof)
                .header("X-Forwarded-For", hop)
                .json(&json!({ "email": email, "password": "wrong password, surely" }))
                .send()
                .await
                .expect("login request")
        }
    };
    // Three clients behind one address, each claiming to be someone else: the third is limited.
    for i in 0..2 {
        let r = attempt(
            format!("10.0.0.{i}"),
            "198.51.100.7",
            format!("a{i}@x.test"),
        )
        .await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let r = attempt("10.0.0.9".into(), "198.51.100.7", "a9@x.test".into()).await;
    assert_limited(r, 300).await;
    // Another client, behind its own address, is not.
    let r = attempt("198.51.100.7".into(), "198.51.100.8", "b@x.test".into()).await;
    assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    Ok(())
}

/// `X-Forwarded-For` is read only from a listed proxy, and through a chain of listed proxies
/// the client is the first address from the right that is not one of them.
async fn forwarded_addresses_count_only_from_listed_proxies(backend: TestBackend) -> TestResult {
    let attempt = |app: &TestApp, forwarded: &'static str, email: String| {
        let mut c = app.client();
        let url = app.url("/api/v1/login");
        async move {
            let token = c.csrf().await;
            c.http
                .post(url)
                .header("X-CSRF-Token", token)
                .header("X-Forwarded-For", forwarded)
                .json(&json!({ "email": email, "password": "wrong password, surely" }))
                .send()
                .await
                .expect("login request")
        }
    };

    // The listed proxy is elsewhere: these requests come straight from 127.0.0.1, and what
    // they claim is not believed. Two different claims are one client.
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = civiclink::TrustedProxies::parse(&["192.0.2.1"]).unwrap();
        c.limits.login_per_ip = 2;
    })
    .await;
    clear_of_window_edge().await;
    for (i, claim) in ["198.51.100.1", "198.51.100.2"].into_iter().enumerate() {
        let r = attempt(&app, claim, format!("a{i}@x.test")).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    assert_limited(attempt(&app, "198.51.100.3", "a3@x.test".into()).await, 300).await;
    drop(app);

    // A chain: this host's proxy, and a load balancer's network in front of it.
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies =
            civiclink::TrustedProxies::parse(&["127.0.0.1", "192.0.2.0/24"]).unwrap();
        c.limits.login_per_ip = 2;
    })
    .await;
    clear_of_window_edge().await;
    // One client behind the balancer, whatever it writes on the left, twice...
    for (i, fwd) in [
        "10.0.0.1, 198.51.100.7, 192.0.2.5",
        "10.0.0.2, 198.51.100.7, 192.0.2.6",
    ]
    .into_iter()
    .enumerate()
    {
        let r = attempt(&app, fwd, format!("c{i}@x.test")).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    // ... and a third time, by the same address, is limited; another client is not.
    let r = attempt(&app, "198.51.100.7, 192.0.2.5", "c3@x.test".into()).await;
    assert_limited(r, 300).await;
    let r = attempt(
        &app,
        "198.51.100.7, 198.51.100.8, 192.0.2.5",
        "d@x.test".into(),
    )
    .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    Ok(())
}

async fn login_is_limited_per_account(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.limits.login_per_ip = 100;
        c.limits.login_per_account = 2;
    })
    .await;
    app.member("a@x.test", Role::Member).await;
    app.member("b@x.test", Role::Member).await;
    clear_of_window_edge().await;

    let mut c = app.client();
    for _ in 0..2 {
        assert_error(
            c.login("a@x.test", "wrong password, surely").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    assert_limited(c.login("a@x.test", PASSWORD).await, 900).await;
    // Spelling the address differently is the same account.
    assert_limited(c.login("  A@X.test ", PASSWORD).await, 900).await;
    assert_error(
        c.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;

    // Another account from the same address is judged on its own.
    let mut other = app.client();
    assert_error(
        other.login("b@x.test", "wrong password, surely").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    other.login_ok("b@x.test").await;
    Ok(())
}

async fn join_and_reset_are_limited(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.limits.join_per_ip = 2;
        c.limits.reset_per_ip = 4;
        c.limits.reset_per_account = 2;
    })
    .await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    app.member("a@x.test", Role::Member).await;
    app.member("b@x.test", Role::Member).await;
    app.member("c@x.test", Role::Member).await;
    let mut admin = logged_in(&app, "admin@x.test").await;
    let (_, invite) = create_invite(&app, &mut admin, 10).await?;
    clear_of_window_edge().await;

    // Joining: two allowed, then refused before anything is written.
    let mut visitor = app.client();
    for email in ["j1@x.test", "j2@x.test"] {
        let r = join_as(&mut visitor, &app, email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    let members = member_count(&app).await?;
    let requests = join_request_count(&app).await?;
    assert_limited(
        join_as(&mut visitor, &app, "j3@x.test", PASSWORD).await,
        3600,
    )
    .await;
    // Accepting an invitation is joining too, and shares the limit.
    assert_limited(
        accept_invite(&mut visitor, &invite, "j4@x.test").await,
        3600,
    )
    .await;
    assert_eq!(member_count(&app).await?, members);
    assert_eq!(join_request_count(&app).await?, requests);
    for email in ["j3@x.test", "j4@x.test"] {
        assert!(stored(&app, email).await?.is_none());
        assert!(app.mails_to(email).await.is_empty());
    }
    let uses: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT uses FROM invites")
        .fetch_one(p)
        .await)?;
    assert_eq!(uses, 0);

    // Resets: two per account, four per address.
    for _ in 0..2 {
        assert_eq!(
            request_reset(&mut visitor, "a@x.test").await.status(),
            StatusCode::ACCEPTED
        );
    }
    // Spelling the address differently is the same account.
    assert_limited(request_reset(&mut visitor, " A@X.test").await, 3600).await;
    assert_eq!(app.mails_to("a@x.test").await.len(), 2);
    // Another account is judged on its own (the address's fourth request)…
    assert_eq!(
        request_reset(&mut visitor, "b@x.test").await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(app.mails_to("b@x.test").await.len(), 1);
    // …until the address itself is over its limit.
    assert_limited(request_reset(&mut visitor, "c@x.test").await, 3600).await;
    assert!(app.mails_to("c@x.test").await.is_empty());
    let tokens: i64 = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM email_tokens WHERE purpose = 'reset_password'",
    )
    .fetch_one(p)
    .await)?;
    assert_eq!(tokens, 3);

    // Setting a password from a link is limited per address too, through the API and the
    // form alike, whether or not the token is real: each attempt could cost a hash.
    let mut guesser = app.client();
    for i in 0..4 {
        let r = if i % 2 == 0 {
            confirm_reset(&mut guesser, "made-up-token", NEW_PASSWORD).await
        } else {
            guesser
                .form_post(
                    "/reset/made-up-token",
                    &[
                        ("password", NEW_PASSWORD),
                        ("password_confirm", NEW_PASSWORD),
                    ],
                )
                .await
        };
        assert_eq!(r.status(), StatusCode::GONE, "attempt {i}");
    }
    assert_limited(
        confirm_reset(&mut guesser, "made-up-token", NEW_PASSWORD).await,
        3600,
    )
    .await;
    let r = guesser
        .form_post(
            "/reset/made-up-token",
            &[
                ("password", NEW_PASSWORD),
                ("password_confirm", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 7. Joining does not reveal membership
// ---------------------------------------------------------------------------------------------

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
    let members = member_count(&app).await?;
    let requests = join_request_count(&app).await?;
    let intruder = "an intruder's chosen password";
    for spelling in ["e@x.test", " E@X.Test "] {
        let r = join_as(&mut visitor, &app, spelling, intruder).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        assert_eq!(json_of(r).await?, fresh_body);
    }
    assert_eq!(member_count(&app).await?, members);
    assert_eq!(join_request_count(&app).await?, requests);
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
    assert_eq!(member_count(&app).await?, members);
    assert_eq!(join_request_count(&app).await?, requests);
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

// ---------------------------------------------------------------------------------------------
// 8. Decisions on join requests
// ---------------------------------------------------------------------------------------------

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
    let mut admin = logged_in(&app, "admin@x.test").await;
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
    let mut admin = logged_in(&app, "admin@x.test").await;
    let id = verified_request(&app, &admin, "j@x.test").await?;

    // Out of reach: not listed, and deciding finds nothing.
    let mut elsewhere = logged_in(&app, "elsewhere@x.test").await;
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
    let mut plain = logged_in(&app, "plain@x.test").await;
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

/// With every password-hashing slot taken, a request that needs a hash is refused at once with
/// 503 and `Retry-After: 1` (a page for a form, JSON for the API), never queued; a reset link is
/// checked before any hash, and survives the refusal unspent.
async fn a_saturated_server_refuses_at_once_and_keeps_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut ada = app.client();
    let r = request_reset(&mut ada, "ada@kingston.test").await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let reset = app
        .mail_with_subject("ada@kingston.test", "password")
        .await
        .token_after("/reset/");

    let held = app
        .accounts
        .saturate_password_hashing()
        .await
        .expect("every hashing slot");
    // A queued request would wait for as long as the slots are held: the client's timeout
    // would fail it.
    let busy = |r: &reqwest::Response| {
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{}", r.url());
        let retry = r.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok());
        assert_eq!(retry, Some("1"), "{}: {:?}", r.url(), r.headers());
    };
    let r = ada
        .api_post(
            "/api/v1/login",
            &json!({ "email": "ada@kingston.test", "password": PASSWORD }),
        )
        .await;
    busy(&r);
    assert_error(r, StatusCode::SERVICE_UNAVAILABLE, "busy").await;
    let r = confirm_reset(&mut ada, &reset, "a new password, long enough").await;
    busy(&r);
    assert_error(r, StatusCode::SERVICE_UNAVAILABLE, "busy").await;
    // An unknown link is told so without a hash, saturated or not.
    let r = confirm_reset(&mut ada, "no-such-link", "a new password, long enough").await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    // A form gets a page that says so.
    let r = ada
        .form_post(
            "/login",
            &[("email", "ada@kingston.test"), ("password", PASSWORD)],
        )
        .await;
    busy(&r);
    assert!(r.headers()[CONTENT_TYPE].to_str()?.starts_with("text/html"));
    assert!(r.text().await?.contains("The server is busy"));

    // Slots free again: the link was not spent by the refusal, and the new password works.
    drop(held);
    let r = confirm_reset(&mut ada, &reset, "a new password, long enough").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "{}", r.text().await?);
    let r = ada
        .login("ada@kingston.test", "a new password, long enough")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    Ok(())
}
