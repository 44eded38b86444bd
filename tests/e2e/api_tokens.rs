//! Personal access tokens: made on the settings page or through the API and shown once, sent as
//! `Authorization: Bearer`, acting as their member without cookies or CSRF, and refused the
//! moment they are revoked or expire, or their member is suspended, lapses or is erased.

use civiclink_domain::Role;
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE, WWW_AUTHENTICATE};
use serde_json::{Value, json};

both_backends!(
    a_token_acts_as_its_member_without_cookies_or_csrf,
    a_read_token_only_reads,
    a_token_stops_when_revoked_expired_suspended_lapsed_or_erased,
    refused_tokens_and_new_tokens_are_rate_limited,
    a_member_holds_at_most_fifty_working_tokens,
    the_settings_page_shows_a_new_token_once_and_revokes,
);

/// Makes a token through the API as the signed-in `client`; its JSON (with `secret`).
async fn make_token(client: &mut Client, name: &str, scope: &str, days: Option<i64>) -> Value {
    let r = client
        .api_post(
            "/api/v1/me/tokens",
            &json!({ "name": name, "scope": scope, "expires_in_days": days }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "make token {name}");
    r.json().await.expect("token JSON")
}

fn secret(token: &Value) -> String {
    token["secret"].as_str().expect("secret").to_owned()
}

/// A client without a cookie jar: what a script is.
fn script() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("http client")
}

async fn bearer_get(app: &TestApp, secret: &str, path: &str) -> reqwest::Response {
    script()
        .get(app.url(path))
        .bearer_auth(secret)
        .send()
        .await
        .expect("GET")
}

async fn session_count(app: &TestApp) -> anyhow::Result<usize> {
    Ok(app.stored_sessions().await?.len())
}

/// Moves the end of `member`'s membership to `from_now` (negative: it has lapsed).
async fn membership_ends(
    app: &TestApp,
    member: civiclink_domain::MemberId,
    from_now: time::Duration,
) -> anyhow::Result<()> {
    execute_db!(
        app.db,
        sqlx::query("UPDATE members SET membership_expires_at = $2 WHERE id = $1")
            .bind(member)
            .bind(civiclink_store::now() + from_now)
    )?;
    Ok(())
}

async fn assert_refused_token(r: reqwest::Response) {
    let challenge = r
        .headers()
        .get(WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    assert_eq!(challenge.as_deref(), Some("Bearer error=\"invalid_token\""));
    assert_error(r, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

async fn a_token_acts_as_its_member_without_cookies_or_csrf(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@x.test").await;
    app.member("owner@x.test", Role::Member).await;
    let other = app.member("other@x.test", Role::Member).await;
    let mut owner = app.client();
    owner.login_ok("owner@x.test").await;
    let token = make_token(&mut owner, "Stack importer", "write", Some(30)).await;
    let secret = secret(&token);
    assert!(secret.starts_with("clk_") && secret.len() == 47, "{secret}");
    assert!(secret.starts_with(token["prefix"].as_str().expect("prefix")));
    assert_eq!(token["scope"], "write");
    assert!(token["expires_at"].is_string());

    // Stored only as a hash: no row holds the secret, and the list never shows it.
    let stored: Vec<String> = on_db!(app.db, p => sqlx::query_scalar("SELECT token_hash FROM api_tokens").fetch_all(p).await)?;
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(&secret[4..]));
    let list = owner.get_json("/api/v1/me/tokens", StatusCode::OK).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert!(list[0].get("secret").is_none(), "{list}");
    assert!(list[0]["last_used_at"].is_null());

    // A script reads as the member, and is handed no cookie; no session is stored for it.
    let sessions_before = session_count(&app).await?;
    let r = bearer_get(&app, &secret, "/api/v1/me").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get(SET_COOKIE).is_none());
    let me: Value = r.json().await?;
    assert_eq!(me["email"], "owner@x.test");

    // Even an answer that would hand a visitor a CSRF cookie sets none for a token.
    let r = bearer_get(&app, &secret, "/api/v1/session").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get(SET_COOKIE).is_none());
    let v: Value = r.json().await?;
    assert_eq!(v["member"]["email"], "owner@x.test");

    // And writes without a CSRF token.
    let r = script()
        .post(app.url(&format!("/api/v1/connections/{other}")))
        .bearer_auth(&secret)
        .json(&json!({ "note": "Hello from a script" }))
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().get(SET_COOKIE).is_none());
    assert_eq!(session_count(&app).await?, sessions_before);

    // The use is recorded.
    let list = owner.get_json("/api/v1/me/tokens", StatusCode::OK).await;
    assert!(list[0]["last_used_at"].is_string(), "{list}");

    // Someone else's session cookie sent with the token is not read: the token decides.
    let session_cookie = app
        .session_cookie("root@x.test", civiclink_tests::PASSWORD)
        .await?;
    let r = script()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&secret)
        .header(COOKIE, &session_cookie)
        .send()
        .await?;
    let me: Value = r.json().await?;
    assert_eq!(me["email"], "owner@x.test");
    // The same cookie alone is the administrator: it was a real session.
    let r = script()
        .get(app.url("/api/v1/me"))
        .header(COOKIE, &session_cookie)
        .send()
        .await?;
    let me: Value = r.json().await?;
    assert_eq!(me["email"], "root@x.test");

    // A token cannot manage tokens, erase the account or sign in.
    let sessions_before = session_count(&app).await?;
    let r = bearer_get(&app, &secret, "/api/v1/me/tokens").await;
    assert_error(r, StatusCode::FORBIDDEN, "session_required").await;
    let r = script()
        .post(app.url("/api/v1/me/tokens"))
        .bearer_auth(&secret)
        .json(&json!({ "name": "more", "scope": "write" }))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "session_required").await;
    let id = token["id"].as_str().expect("id");
    let r = script()
        .delete(app.url(&format!("/api/v1/me/tokens/{id}")))
        .bearer_auth(&secret)
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "session_required").await;
    let r = script()
        .post(app.url("/api/v1/me/erase"))
        .bearer_auth(&secret)
        .json(&json!({ "confirm_email": "owner@x.test" }))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "session_required").await;
    let r = script()
        .post(app.url("/api/v1/login"))
        .bearer_auth(&secret)
        .json(&json!({ "email": "owner@x.test", "password": civiclink_tests::PASSWORD }))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "session_required").await;
    assert_eq!(session_count(&app).await?, sessions_before);

    // Tokens are for the API, not for pages: a page sees a visitor.
    let r = bearer_get(&app, &secret, "/directory").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Making it was audited, with who and what.
    let mut admin = app.client();
    admin.login_ok("root@x.test").await;
    let log = admin
        .get_json(
            "/api/v1/admin/audit?action=api_token.create",
            StatusCode::OK,
        )
        .await;
    assert_eq!(log.as_array().map(Vec::len), Some(1), "{log}");
    assert_eq!(log[0]["details"]["name"], "Stack importer");
    assert_eq!(log[0]["target_id"], id);
    Ok(())
}

async fn a_read_token_only_reads(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("reader@x.test", Role::Member).await;
    let other = app.member("other@x.test", Role::Member).await;
    let mut me = app.client();
    me.login_ok("reader@x.test").await;
    let secret = secret(&make_token(&mut me, "Dashboard", "read", None).await);

    let r = bearer_get(&app, &secret, "/api/v1/connections").await;
    assert_eq!(r.status(), StatusCode::OK);
    for method in [reqwest::Method::POST, reqwest::Method::DELETE] {
        let r = script()
            .request(
                method.clone(),
                app.url(&format!("/api/v1/connections/{other}")),
            )
            .bearer_auth(&secret)
            .json(&json!({}))
            .send()
            .await?;
        assert_eq!(
            r.headers()
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok()),
            Some("Bearer error=\"insufficient_scope\""),
            "{method}"
        );
        assert_error(r, StatusCode::FORBIDDEN, "insufficient_scope").await;
    }
    // Nothing was asked.
    let pending: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM connections")
        .fetch_one(p).await)?;
    assert_eq!(pending, 0);
    Ok(())
}

async fn a_token_stops_when_revoked_expired_suspended_lapsed_or_erased(
    backend: TestBackend,
) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@x.test").await;
    let owner_id = app.member("owner@x.test", Role::Member).await;
    app.member("thief@x.test", Role::Member).await;
    let mut owner = app.client();
    owner.login_ok("owner@x.test").await;
    let revoked = make_token(&mut owner, "Old laptop", "write", None).await;
    let expiring = make_token(&mut owner, "Short", "read", Some(1)).await;
    let kept = make_token(&mut owner, "Importer", "write", None).await;
    let kept_secret = secret(&kept);

    // Unknown, malformed and empty tokens are refused.
    for s in [
        "clk_nothing",
        "not-even-a-token",
        &format!("{kept_secret}x"),
    ] {
        assert_refused_token(bearer_get(&app, s, "/api/v1/me").await).await;
    }

    // Revoked: by its member only; another member cannot even see it exists.
    let id = revoked["id"].as_str().expect("id");
    let mut thief = app.client();
    thief.login_ok("thief@x.test").await;
    let r = thief
        .api(
            reqwest::Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(
        bearer_get(&app, &secret(&revoked), "/api/v1/me")
            .await
            .status(),
        StatusCode::OK
    );
    let r = owner
        .api(
            reqwest::Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_refused_token(bearer_get(&app, &secret(&revoked), "/api/v1/me").await).await;
    let r = owner
        .api(
            reqwest::Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let list = owner.get_json("/api/v1/me/tokens", StatusCode::OK).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");

    // Expired.
    let exp_id: civiclink_domain::ApiTokenId = expiring["id"].as_str().expect("id").parse()?;
    assert_eq!(
        bearer_get(&app, &secret(&expiring), "/api/v1/me")
            .await
            .status(),
        StatusCode::OK
    );
    execute_db!(
        app.db,
        sqlx::query("UPDATE api_tokens SET expires_at = $2 WHERE id = $1")
            .bind(exp_id)
            .bind(civiclink_store::now() - time::Duration::seconds(1))
    )?;
    assert_refused_token(bearer_get(&app, &secret(&expiring), "/api/v1/me").await).await;

    // Lapsed: the membership ended, so the token is refused as the session would be.
    membership_ends(&app, owner_id, time::Duration::days(-1)).await?;
    let r = bearer_get(&app, &kept_secret, "/api/v1/connections").await;
    assert_error(r, StatusCode::FORBIDDEN, "membership_lapsed").await;
    membership_ends(&app, owner_id, time::Duration::days(100)).await?;
    assert_eq!(
        bearer_get(&app, &kept_secret, "/api/v1/me").await.status(),
        StatusCode::OK
    );

    // Suspended by an administrator: refused at once; reinstated, it works again.
    let mut admin = app.client();
    admin.login_ok("root@x.test").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{owner_id}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused_token(bearer_get(&app, &kept_secret, "/api/v1/me").await).await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{owner_id}"),
            &json!({ "status": "active" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        bearer_get(&app, &kept_secret, "/api/v1/me").await.status(),
        StatusCode::OK
    );

    // Erased: the tokens are gone with the account.
    let mut owner = app.client();
    owner.login_ok("owner@x.test").await;
    let r = owner
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "owner@x.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_refused_token(bearer_get(&app, &kept_secret, "/api/v1/me").await).await;
    let left: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE member_id = $1")
        .bind(owner_id).fetch_one(p).await)?;
    assert_eq!(left, 0);
    Ok(())
}

async fn refused_tokens_and_new_tokens_are_rate_limited(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.limits.token_failures_per_ip = 3;
        c.limits.token_create_per_account = 2;
    })
    .await;
    app.member("owner@x.test", Role::Member).await;
    let mut owner = app.client();
    owner.login_ok("owner@x.test").await;
    let good = secret(&make_token(&mut owner, "one", "read", None).await);
    make_token(&mut owner, "two", "read", None).await;
    let r = owner
        .api_post(
            "/api/v1/me/tokens",
            &json!({ "name": "three", "scope": "read" }),
        )
        .await;
    assert!(r.headers().contains_key("retry-after"));
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

    // Good tokens are not counted.
    for _ in 0..5 {
        assert_eq!(
            bearer_get(&app, &good, "/api/v1/me").await.status(),
            StatusCode::OK
        );
    }
    for i in 0..3 {
        assert_refused_token(bearer_get(&app, &format!("clk_guess{i}"), "/api/v1/me").await).await;
    }
    // Past the limit the address is refused before its token is looked at, good or not.
    let r = bearer_get(&app, "clk_guess4", "/api/v1/me").await;
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let r = bearer_get(&app, &good, "/api/v1/me").await;
    assert!(r.headers().contains_key("retry-after"));
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    Ok(())
}

async fn a_member_holds_at_most_fifty_working_tokens(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let id = app.member("busy@x.test", Role::Member).await;
    let member = app.accounts.member(id).await?;
    let actor = civiclink_accounts::Actor {
        id,
        role: member.role,
        association_id: member.association_id,
        ip: None,
    };
    let new =
        civiclink_accounts::NewApiToken::parse("bulk", civiclink_accounts::TokenScope::Read, None)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mut first = None;
    for _ in 0..civiclink_accounts::MAX_TOKENS_PER_MEMBER {
        let made = app.accounts.create_api_token(&actor, &new).await?;
        first.get_or_insert(made.token.id);
    }
    let mut me = app.client();
    me.login_ok("busy@x.test").await;
    let r = me
        .api_post(
            "/api/v1/me/tokens",
            &json!({ "name": "one more", "scope": "read" }),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    // Revoking one makes room.
    let first = first.expect("a token");
    let r = me
        .api(
            reqwest::Method::DELETE,
            &format!("/api/v1/me/tokens/{first}"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    make_token(&mut me, "one more", "read", None).await;

    // Bad input is named.
    for (body, field) in [
        (json!({ "name": "", "scope": "read" }), "name"),
        (
            json!({ "name": "x", "scope": "read", "expires_in_days": 400 }),
            "expires_in_days",
        ),
    ] {
        let v = assert_error(
            me.api_post("/api/v1/me/tokens", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        )
        .await;
        assert_eq!(v["field"], field, "{v}");
    }
    let r = me
        .api_post(
            "/api/v1/me/tokens",
            &json!({ "name": "x", "scope": "admin" }),
        )
        .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    Ok(())
}

async fn the_settings_page_shows_a_new_token_once_and_revokes(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("owner@x.test", Role::Member).await;
    let visitor = app.client();
    let r = visitor.get("/settings/tokens").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let mut owner = app.client();
    owner.login_ok("owner@x.test").await;
    let page = owner.get("/settings/tokens").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await?.contains("You have no tokens."));

    let r = owner
        .form_post(
            "/settings/tokens",
            &[("name", ""), ("scope", "write"), ("expires_in_days", "30")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("Name is required"));

    let r = owner
        .form_post(
            "/settings/tokens",
            &[
                ("name", "Ticket sync"),
                ("scope", "write"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = r.text().await?;
    let start = html.find("value=\"clk_").expect("the secret on the page") + 7;
    let secret: String = html[start..].chars().take_while(|c| *c != '"').collect();
    assert_eq!(secret.len(), 47, "{secret}");
    assert_eq!(
        bearer_get(&app, &secret, "/api/v1/me").await.status(),
        StatusCode::OK
    );

    // Shown once: not on the next view of the page, and not kept in the session.
    let html = owner.get("/settings/tokens").await.text().await?;
    assert!(html.contains("Ticket sync"));
    assert!(html.contains(&secret[..10]));
    assert!(!html.contains(&secret));
    let data: Vec<Vec<u8>> = app
        .stored_sessions()
        .await?
        .into_iter()
        .map(|(_, d, _)| d)
        .collect();
    assert!(
        data.iter()
            .all(|d| !String::from_utf8_lossy(d).contains(&secret[4..]))
    );

    // Revoked from the page; a form without the CSRF token is refused.
    let id: String = on_db!(app.db, p => sqlx::query_scalar::<_, civiclink_domain::ApiTokenId>("SELECT id FROM api_tokens")
        .fetch_one(p).await)?
    .to_string();
    let r = owner
        .http
        .post(owner.url(&format!("/settings/tokens/{id}/revoke")))
        .form(&[("x", "y")])
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = owner
        .form_post(&format!("/settings/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_refused_token(bearer_get(&app, &secret, "/api/v1/me").await).await;
    let html = owner.get("/settings/tokens").await.text().await?;
    assert!(html.contains("The token was revoked."));
    assert!(!html.contains("Ticket sync"));

    // The description names both ways in.
    let doc = owner.get_json("/api/v1/openapi.json", StatusCode::OK).await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["session"]["in"],
        "cookie"
    );
    assert!(doc["paths"]["/api/v1/me/tokens"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/me/tokens/{id}"]["delete"].is_object());
    Ok(())
}
