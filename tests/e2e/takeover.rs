//! Pre-registration cannot take an account: the password that takes effect is the one given by
//! whoever completes verification of the address. An unverified sign-up grants nothing, and it
//! is purged once its link has expired or another sign-up for the address was verified.

use civiclink_domain::Role;
use civiclink_store::{execute_db, on_db, sqlx};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(
    pre_registration_through_the_api_takes_nothing,
    pre_registration_through_the_forms_takes_nothing,
    pre_registration_by_invitation_takes_nothing,
    unverified_sign_ups_expire_and_are_purged,
);

const ATTACKER_PASSWORD: &str = "the attacker's own password";
const VICTIM_PASSWORD: &str = "the victim's real password";
const VICTIM: &str = "victim@kingston.test";

async fn signup_count(app: &TestApp) -> anyhow::Result<i64> {
    let n: i64 = on_db!(app.db, p => sqlx::query_scalar("SELECT COUNT(*) FROM signups")
        .fetch_one(p)
        .await)?;
    Ok(n)
}

async fn join_api(app: &TestApp, c: &mut Client, name: &str, password: &str) {
    let r = c
        .api_post(
            "/api/v1/join",
            &json!({
                "email": VICTIM,
                "display_name": name,
                "password": password,
                "association_id": app.association,
                "org_id": app.org,
                "message": format!("{name} asks to join."),
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
}

async fn join_form(app: &TestApp, c: &mut Client, name: &str, password: &str) {
    let association = app.association.to_string();
    let org = app.org.to_string();
    let message = format!("{name} asks to join.");
    let r = c
        .form_post(
            "/join",
            &[
                ("email", VICTIM),
                ("display_name", name),
                ("password", password),
                ("association_id", &association),
                ("org_id", &org),
                ("message", &message),
            ],
        )
        .await;
    assert!(
        r.status().is_success() || r.status().is_redirection(),
        "join form answered {}",
        r.status()
    );
}

/// The verification links mailed to the victim's address, oldest first.
async fn links(app: &TestApp, n: usize) -> Vec<String> {
    for _ in 0..200 {
        let found: Vec<String> = app
            .mails_now()
            .iter()
            .filter(|m| m.to == VICTIM && m.text.contains("/verify/"))
            .map(|m| m.token_after("/verify/"))
            .collect();
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("fewer than {n} verification links reached {VICTIM}");
}

/// The admin approves the one join request, which must be the victim's.
async fn approve_only_request(admin: &mut Client) {
    let list = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let list = list.as_array().expect("an array");
    assert_eq!(list.len(), 1, "only the verified sign-up is a request");
    assert_eq!(list[0]["display_name"], "Victoria Victim");
    assert_eq!(list[0]["message"], "Victoria Victim asks to join.");
    let id = list[0]["id"].as_str().expect("id").to_owned();
    let r = admin
        .api_post(
            &format!("/api/v1/admin/join-requests/{id}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Only the victim's password opens the account, and the attacker's link is spent.
async fn only_the_victim_gets_in(app: &TestApp, attacker_link: &str) -> TestResult {
    let mut c = app.client();
    assert_error(
        c.login(VICTIM, ATTACKER_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let r = c.login(VICTIM, VICTIM_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me: Value = c.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["display_name"], "Victoria Victim");
    let mut attacker = app.client();
    assert_error(
        attacker
            .api_post("/api/v1/verify", &json!({ "token": attacker_link }))
            .await,
        StatusCode::GONE,
        "token_used",
    )
    .await;
    // Both sign-ups are spent; the purge removes them, password hashes included.
    app.accounts.purge_signups().await?;
    assert_eq!(signup_count(app).await?, 0);
    let mut c = app.client();
    assert_eq!(
        c.login(VICTIM, VICTIM_PASSWORD).await.status(),
        StatusCode::OK
    );
    Ok(())
}

async fn pre_registration_through_the_api_takes_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let members = app.count("members").await;

    // The attacker signs up with the victim's address and never verifies.
    let mut attacker = app.client();
    join_api(&app, &mut attacker, "Mallory Attacker", ATTACKER_PASSWORD).await;
    let attacker_link = links(&app, 1).await.remove(0);
    // That grants nothing: no member, no request, and the attacker cannot log in.
    assert_eq!(app.count("members").await, members);
    assert_error(
        attacker.login(VICTIM, ATTACKER_PASSWORD).await,
        StatusCode::FORBIDDEN,
        "email_not_verified",
    )
    .await;
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    let list = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0));

    // The victim joins with her own password and verifies from her email.
    let mut victim = app.client();
    join_api(&app, &mut victim, "Victoria Victim", VICTIM_PASSWORD).await;
    let victim_link = links(&app, 2).await.remove(1);
    let r = victim
        .api_post("/api/v1/verify", &json!({ "token": victim_link }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["outcome"], "awaiting_approval");
    assert_eq!(app.count("members").await, members + 1);

    approve_only_request(&mut admin).await;
    only_the_victim_gets_in(&app, &attacker_link).await
}

async fn pre_registration_through_the_forms_takes_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let mut attacker = app.client();
    join_form(&app, &mut attacker, "Mallory Attacker", ATTACKER_PASSWORD).await;
    let attacker_link = links(&app, 1).await.remove(0);

    let mut victim = app.client();
    join_form(&app, &mut victim, "Victoria Victim", VICTIM_PASSWORD).await;
    let victim_link = links(&app, 2).await.remove(1);
    let r = victim
        .form_post(&format!("/verify/{victim_link}"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    approve_only_request(&mut admin).await;
    only_the_victim_gets_in(&app, &attacker_link).await
}

async fn pre_registration_by_invitation_takes_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    let r = admin
        .api_post(
            "/api/v1/admin/invites",
            &json!({ "association_id": app.association, "max_uses": 5, "valid_days": 7 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await?;
    let link = v["link"].as_str().expect("invite link").to_owned();
    let token = link.rsplit('/').next().expect("token").to_owned();

    for (name, password) in [
        ("Mallory Attacker", ATTACKER_PASSWORD),
        ("Victoria Victim", VICTIM_PASSWORD),
    ] {
        let mut c = app.client();
        let r = c
            .api_post(
                &format!("/api/v1/invites/{token}/accept"),
                &json!({ "email": VICTIM, "display_name": name, "password": password }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    let all = links(&app, 2).await;
    let mut victim = app.client();
    let r = victim
        .api_post("/api/v1/verify", &json!({ "token": all[1] }))
        .await;
    assert_eq!(r.json::<Value>().await?["outcome"], "activated");
    only_the_victim_gets_in(&app, &all[0]).await
}

async fn unverified_sign_ups_expire_and_are_purged(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let mut attacker = app.client();
    join_api(&app, &mut attacker, "Mallory Attacker", ATTACKER_PASSWORD).await;
    let link = links(&app, 1).await.remove(0);
    assert_eq!(signup_count(&app).await?, 1);
    // A live sign-up is kept by the purge.
    assert_eq!(app.accounts.purge_signups().await?, 0);
    assert_eq!(signup_count(&app).await?, 1);

    // Its link expires: refused, then purged.
    let past = civiclink_store::now() - time::Duration::minutes(1);
    execute_db!(
        app.db,
        sqlx::query("UPDATE signups SET expires_at = $1").bind(past)
    )?;
    let mut c = app.client();
    assert_error(
        c.api_post("/api/v1/verify", &json!({ "token": link }))
            .await,
        StatusCode::GONE,
        "token_expired",
    )
    .await;
    assert_eq!(app.accounts.purge_signups().await?, 1);
    assert_eq!(signup_count(&app).await?, 0);
    assert_error(
        c.api_post("/api/v1/verify", &json!({ "token": link }))
            .await,
        StatusCode::GONE,
        "invalid_token",
    )
    .await;
    // And the address remains free for its owner.
    assert_error(
        c.login(VICTIM, ATTACKER_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    Ok(())
}
