//! Rate limits per address (behind a proxy, the address it appended) and per account, and a saturated server that refuses at once.

use civiclink_domain::Role;
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::json;

use super::*;

both_backends!(
    login_is_limited_per_address,
    behind_a_proxy_the_address_is_the_one_it_appended,
    forwarded_addresses_count_only_from_listed_proxies,
    a_saturated_server_refuses_at_once_and_keeps_nothing,
    login_is_limited_per_account,
    join_and_reset_are_limited,
);

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
    let mut admin = app.signed_in("admin@x.test").await;
    let (_, invite) = app.create_invite(&mut admin, app.association, 10).await;
    clear_of_window_edge().await;

    // Joining: two allowed, then refused before anything is written.
    let mut visitor = app.client();
    for email in ["j1@x.test", "j2@x.test"] {
        let r = join_as(&mut visitor, &app, email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    let members = app.count("members").await;
    let requests = app.count("join_requests").await;
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
    assert_eq!(app.count("members").await, members);
    assert_eq!(app.count("join_requests").await, requests);
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
