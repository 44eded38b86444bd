//! The account rules, refusals first: invitations, reset tokens, lapsed and suspended members,
//! CSRF, rate limits, joins that must not reveal who is a member, and join-request decisions.
//! Every refusal is checked for its status, its error code, and for having written nothing.

mod csrf;
mod invites;
mod joins;
mod rate_limits;
mod resets;
mod standing;

use std::time::Duration;

use civiclink_accounts::Member;
use civiclink_domain::EmailAddress;
use civiclink_tests::{Client, PASSWORD, TestApp, assert_error};
use reqwest::StatusCode;
use reqwest::header::{RETRY_AFTER, SET_COOKIE};
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "a brand new passphrase for civiclink";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

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
