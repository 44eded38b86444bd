//! CSRF: every state change needs the token, and the session and token change at login.

use civiclink_domain::{MemberStatus, Role};
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, COOKIE, LOCATION};
use serde_json::json;

use super::*;

both_backends!(
    state_changes_need_the_csrf_token,
    session_and_csrf_token_change_at_login,
);

async fn state_changes_need_the_csrf_token(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let id = app.member("m@x.test", Role::Member).await;
    let admin = app.signed_in("admin@x.test").await;
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
    let before = app.count("members").await;
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
    assert_eq!(app.count("members").await, before);
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
