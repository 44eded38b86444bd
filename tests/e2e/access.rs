//! Who reaches what: the doors open to visitors, the reach of each role, the audit trail of
//! administrative actions, and the edges every response shares (health, metrics, documentation,
//! errors, security headers).
//!
//! What a visitor who is not signed in may reach, and why:
//! - the pages to log in, join (by request or invitation), confirm an email address and reset a
//!   password (`/login`, `/join`, `/join/invite/{token}`, `/verify/{token}`, `/reset`,
//!   `/reset/{token}`): they are how a person becomes a signed-in member;
//! - their API twins (`GET /api/v1/session` for the CSRF token, `POST /api/v1/login`,
//!   `GET /api/v1/join/options`, `POST /api/v1/join`, `GET /api/v1/invites/{token}` and its
//!   `accept`, `POST /api/v1/verify`, `POST /api/v1/password-reset` and its `confirm`);
//! - logging out (`POST /logout`, `POST /api/v1/logout`), which only ends the caller's own
//!   session and still needs the CSRF token;
//! - static assets (`/static/…`), which the public pages need to render;
//! - the infrastructure endpoints `/healthz` and `/readyz`, which say nothing about members;
//! - `/metrics`, which needs no session but is served only to loopback clients or to a scraper
//!   presenting the configured bearer token, and is a 404 to everyone else.
//!
//! Everything else is in [`private_routes`]: the API answers 401 `unauthenticated`, pages sent
//! with GET redirect to `/login?next=…`, and pages sent with POST answer 401.

use civiclink_domain::{AssociationId, DisplayName, EmailAddress, OrgId, Password, Role};
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends, str_of,
};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

/// The doors that need no member, and the edges every client shares.
fn public_page_routes() -> Vec<(Method, &'static str)> {
    vec![
        (Method::GET, "/login"),
        (Method::POST, "/login"),
        (Method::POST, "/logout"),
        (Method::GET, "/join"),
        (Method::POST, "/join"),
        (Method::GET, "/join/invite/{token}"),
        (Method::POST, "/join/invite/{token}"),
        (Method::GET, "/verify/{token}"),
        (Method::POST, "/verify/{token}"),
        (Method::GET, "/reset"),
        (Method::POST, "/reset"),
        (Method::GET, "/reset/{token}"),
        (Method::POST, "/reset/{token}"),
        (Method::POST, "/language"),
        (Method::GET, "/static/{*path}"),
        (Method::GET, "/healthz"),
        (Method::GET, "/readyz"),
        (Method::GET, "/metrics"),
    ]
}

/// Every route the web crate registers, read from its source: `.route("path", get(…).post(…))`
/// calls, as method and path template.
fn registered_routes() -> Vec<(Method, String)> {
    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read src").flatten() {
            let p = e.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/civiclink-web/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read source");
        let mut rest = text.as_str();
        while let Some(at) = rest.find(".route(") {
            let call = &rest[at + ".route(".len()..];
            // The call's text, up to its closing parenthesis.
            let mut depth = 1;
            let end = call
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(call.len(), |(i, _)| i);
            let call = &call[..end];
            rest = &rest[at + 1..];
            let Some(path) = call.split('"').nth(1) else {
                continue;
            };
            let router = &call[call.find(',').unwrap_or(0)..];
            for (name, method) in [
                ("get(", Method::GET),
                ("post(", Method::POST),
                ("put(", Method::PUT),
                ("patch(", Method::PATCH),
                ("delete(", Method::DELETE),
            ] {
                let found = router
                    .match_indices(name)
                    .any(|(i, _)| i == 0 || !router.as_bytes()[i - 1].is_ascii_alphanumeric());
                if found {
                    out.push((method, path.to_owned()));
                }
            }
        }
    }
    out
}

/// Whether a table's path (with ids or actions filled in as the tables write them) is one the
/// router's template serves.
fn serves(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(a, b)| a == b || (a.starts_with('{') && a.ends_with('}')))
}

/// The route tables of this file know every page route the web crate registers, and name none
/// it does not (the API's are checked against the OpenAPI document, which the same
/// registration writes).
#[test]
fn the_route_tables_know_every_registered_page() {
    let registered = registered_routes();
    assert!(
        registered.len() > 40
            && registered
                .iter()
                .any(|(m, p)| m == Method::POST && p == "/profile/edit"),
        "the routes were not read: {registered:?}"
    );
    let tables: Vec<(Method, &str)> = private_routes()
        .into_iter()
        .chain(public_page_routes())
        .filter(|(_, p)| !p.starts_with("/api/"))
        .collect();
    for (method, template) in &registered {
        if template.starts_with("/api/") {
            continue;
        }
        assert!(
            tables
                .iter()
                .any(|(m, p)| m == method && serves(template, p)),
            "{method} {template} is registered but missing from the route tables"
        );
    }
    for (method, path) in &tables {
        assert!(
            registered
                .iter()
                .any(|(m, t)| m == method && serves(t, path)),
            "{method} {path} is in the route tables but no route serves it"
        );
    }
}

both_backends!(
    lapsed_and_suspended_members_are_refused,
    logged_out_reaches_only_public_doors,
    each_role_reaches_only_its_own,
    audit_log_records_admin_actions,
    health_docs_and_shared_edges,
    metrics_are_for_the_operator_only,
    private_answers_are_not_stored_and_https_sends_hsts,
    a_members_page_views_leave_the_stored_session_alone,
    a_visitors_page_views_store_nothing_and_forms_still_need_the_token,
    metrics_count_requests_before_first_scrape,
    the_allowed_actor_gets_through,
);

/// Every route that needs a signed-in member, as method and path template. `{id}` stands for
/// the id of the thing the path names; [`Ids::fill`] puts real ones in.
pub(crate) fn private_routes() -> Vec<(Method, &'static str)> {
    vec![
        // Pages.
        (Method::GET, "/"),
        (Method::GET, "/renew"),
        (Method::POST, "/renew"),
        (Method::GET, "/admin"),
        (Method::GET, "/admin/join-requests"),
        (Method::POST, "/admin/join-requests/{id}/approve"),
        (Method::POST, "/admin/join-requests/{id}/decline"),
        (Method::GET, "/admin/invites"),
        (Method::POST, "/admin/invites"),
        (Method::POST, "/admin/invites/{id}/revoke"),
        (Method::GET, "/admin/members"),
        (Method::GET, "/admin/members/{id}"),
        (Method::POST, "/admin/members/{id}"),
        (Method::POST, "/admin/members/{id}/organization"),
        (Method::GET, "/admin/organizations"),
        (Method::POST, "/admin/organizations"),
        (Method::GET, "/admin/organizations/{id}"),
        (Method::POST, "/admin/organizations/{id}"),
        (Method::GET, "/admin/associations"),
        (Method::POST, "/admin/associations"),
        (Method::GET, "/admin/audit"),
        (Method::GET, "/people/{handle}"),
        (Method::GET, "/organizations/{id}"),
        (Method::GET, "/organizations/{id}/edit"),
        (Method::POST, "/organizations/{id}/edit"),
        (Method::GET, "/organizations/{id}/claims"),
        (Method::POST, "/organizations/{id}/claims"),
        (
            Method::POST,
            "/organizations/{id}/claims/{claim_id}/approve",
        ),
        (
            Method::POST,
            "/organizations/{id}/claims/{claim_id}/decline",
        ),
        (
            Method::POST,
            "/organizations/{id}/claims/{claim_id}/withdraw",
        ),
        (Method::POST, "/organizations/{id}/admins"),
        (
            Method::POST,
            "/organizations/{id}/admins/{member_id}/remove",
        ),
        (Method::GET, "/profile/export.json"),
        (Method::GET, "/settings/tokens"),
        (Method::POST, "/settings/tokens"),
        (Method::POST, "/settings/tokens/{id}/revoke"),
        (Method::GET, "/profile/delete"),
        (Method::POST, "/profile/delete"),
        (Method::GET, "/profile"),
        (Method::GET, "/profile/edit"),
        (Method::POST, "/profile/edit"),
        (Method::GET, "/avatars/{handle}"),
        (Method::POST, "/profile/avatar"),
        (Method::POST, "/profile/avatar/remove"),
        (Method::GET, "/directory"),
        (Method::GET, "/directory/export.csv"),
        (Method::GET, "/organizations/directory"),
        (Method::GET, "/people/suggestions"),
        (Method::GET, "/connections"),
        (Method::POST, "/connections/{member_id}/request"),
        (Method::POST, "/follows/{kind}/{target_id}/follow"),
        (Method::GET, "/technology"),
        (Method::GET, "/technology/propose"),
        (Method::POST, "/technology/propose"),
        (Method::GET, "/technology/review"),
        (Method::GET, "/technology/listings/{id}"),
        (Method::GET, "/technology/listings/{id}/edit"),
        (Method::POST, "/technology/listings/{id}/edit"),
        (Method::GET, "/technology/listings/{id}/history"),
        (Method::POST, "/technology/listings/{id}/revert"),
        (Method::POST, "/technology/revisions/{id}/approve"),
        (Method::POST, "/technology/revisions/{id}/reject"),
        (Method::GET, "/technology/listings/{id}/usage/new"),
        (Method::POST, "/technology/listings/{id}/usage/new"),
        (Method::GET, "/technology/usage/{id}/edit"),
        (Method::POST, "/technology/usage/{id}/edit"),
        (Method::POST, "/technology/usage/{id}/confirm"),
        (Method::GET, "/organizations/{id}/stack"),
        (Method::GET, "/organizations/{id}/stack/import"),
        (Method::POST, "/organizations/{id}/stack/import"),
        (Method::GET, "/technology/renewals"),
        (Method::GET, "/technology/compare"),
        (Method::GET, "/technology/peers"),
        (Method::GET, "/technology/confirm"),
        (Method::GET, "/technology/usage/{id}"),
        (Method::POST, "/technology/usage/{id}/timeline"),
        (Method::GET, "/technology/listings/{id}/review"),
        (Method::POST, "/technology/listings/{id}/review"),
        (Method::GET, "/technology/reviews/{id}/history"),
        (Method::POST, "/technology/reviews/{id}/helpful"),
        (Method::GET, "/technology/reviews/{id}/report"),
        (Method::POST, "/technology/reviews/{id}/report"),
        (Method::GET, "/technology/reviews/{id}/response"),
        (Method::POST, "/technology/reviews/{id}/response"),
        (Method::POST, "/technology/reviews/{id}/restore"),
        (Method::GET, "/technology/reports"),
        (Method::POST, "/technology/reports/{id}/hide"),
        (Method::POST, "/technology/reports/{id}/dismiss"),
        (Method::GET, "/threads"),
        (Method::GET, "/threads/c/{slug}"),
        (Method::GET, "/threads/new"),
        (Method::POST, "/threads/new"),
        (Method::GET, "/threads/{id}"),
        (Method::GET, "/threads/{id}/reply"),
        (Method::POST, "/threads/{id}/reply"),
        (Method::POST, "/threads/{id}/answer"),
        (Method::GET, "/posts/{id}/edit"),
        (Method::POST, "/posts/{id}/edit"),
        (Method::GET, "/posts/{id}/history"),
        (Method::POST, "/threads/{id}/watch"),
        (Method::POST, "/threads/c/{slug}/watch"),
        (Method::GET, "/notifications"),
        (Method::POST, "/notifications/read"),
        (Method::GET, "/posts/{id}/flag"),
        (Method::POST, "/posts/{id}/flag"),
        (Method::POST, "/posts/{id}/hide"),
        (Method::POST, "/posts/{id}/delete"),
        (Method::POST, "/posts/{id}/restore"),
        (Method::GET, "/threads/flags"),
        (Method::POST, "/threads/flags/{id}/dismiss"),
        (Method::POST, "/threads/{id}/moderate"),
        (Method::POST, "/posts/{id}/react"),
        (Method::POST, "/threads/{id}/bookmark"),
        // API.
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/openapi.json"),
        (Method::GET, "/api/v1/categories"),
        (Method::POST, "/api/v1/categories"),
        (Method::GET, "/api/v1/threads"),
        (Method::POST, "/api/v1/threads"),
        (Method::GET, "/api/v1/threads/{id}"),
        (Method::POST, "/api/v1/threads/{id}/posts"),
        (Method::PUT, "/api/v1/threads/{id}/answer"),
        (Method::GET, "/api/v1/posts/{id}"),
        (Method::PATCH, "/api/v1/posts/{id}"),
        (Method::GET, "/api/v1/posts/{id}/revisions"),
        (Method::PUT, "/api/v1/threads/{id}/watch"),
        (Method::PUT, "/api/v1/categories/{id}/watch"),
        (Method::GET, "/api/v1/notifications"),
        (Method::POST, "/api/v1/notifications/read"),
        (Method::PATCH, "/api/v1/threads/{id}"),
        (Method::DELETE, "/api/v1/posts/{id}"),
        (Method::POST, "/api/v1/posts/{id}/flags"),
        (Method::POST, "/api/v1/posts/{id}/hide"),
        (Method::POST, "/api/v1/posts/{id}/restore"),
        (Method::GET, "/api/v1/flags"),
        (Method::PUT, "/api/v1/members/{id}/silence"),
        (Method::DELETE, "/api/v1/members/{id}/silence"),
        (Method::PUT, "/api/v1/posts/{id}/reactions/{reaction}"),
        (Method::DELETE, "/api/v1/posts/{id}/reactions/{reaction}"),
        (Method::PUT, "/api/v1/threads/{id}/bookmark"),
        (Method::DELETE, "/api/v1/threads/{id}/bookmark"),
        (Method::POST, "/api/v1/flags/{id}/dismiss"),
        (Method::GET, "/api/v1/admin/join-requests"),
        (Method::POST, "/api/v1/admin/join-requests/{id}/approve"),
        (Method::POST, "/api/v1/admin/join-requests/{id}/decline"),
        (Method::GET, "/api/v1/admin/invites"),
        (Method::POST, "/api/v1/admin/invites"),
        (Method::POST, "/api/v1/admin/invites/{id}/revoke"),
        (Method::GET, "/api/v1/admin/members"),
        (Method::GET, "/api/v1/admin/members/{id}"),
        (Method::PATCH, "/api/v1/admin/members/{id}"),
        (Method::PUT, "/api/v1/admin/members/{id}/organization"),
        (Method::GET, "/api/v1/admin/members/{id}/affiliations"),
        (Method::GET, "/api/v1/admin/audit"),
        (Method::GET, "/api/v1/associations"),
        (Method::POST, "/api/v1/associations"),
        (Method::GET, "/api/v1/organizations"),
        (Method::POST, "/api/v1/organizations"),
        (Method::GET, "/api/v1/organizations/{id}"),
        (Method::PATCH, "/api/v1/organizations/{id}"),
        (Method::GET, "/api/v1/organizations/{id}/admins"),
        (Method::POST, "/api/v1/organizations/{id}/admins"),
        (
            Method::DELETE,
            "/api/v1/organizations/{id}/admins/{member_id}",
        ),
        (Method::GET, "/api/v1/organizations/{id}/claims"),
        (Method::POST, "/api/v1/organizations/{id}/claims"),
        (Method::GET, "/api/v1/me/claims"),
        (Method::GET, "/api/v1/me/tokens"),
        (Method::POST, "/api/v1/me/tokens"),
        (Method::DELETE, "/api/v1/me/tokens/{id}"),
        (Method::GET, "/api/v1/claims/{id}"),
        (Method::POST, "/api/v1/claims/{id}/approve"),
        (Method::POST, "/api/v1/claims/{id}/decline"),
        (Method::POST, "/api/v1/claims/{id}/withdraw"),
        (Method::GET, "/api/v1/me/profile"),
        (Method::PUT, "/api/v1/me/profile"),
        (Method::PUT, "/api/v1/me/avatar"),
        (Method::DELETE, "/api/v1/me/avatar"),
        (Method::GET, "/api/v1/people/{handle}"),
        (Method::GET, "/api/v1/me/export"),
        (Method::POST, "/api/v1/me/erase"),
        (Method::POST, "/api/v1/me/renewal-request"),
        (Method::GET, "/api/v1/feed"),
        (Method::GET, "/api/v1/directory/members"),
        (Method::GET, "/api/v1/directory/organizations"),
        (Method::GET, "/api/v1/suggestions"),
        (Method::GET, "/api/v1/connections"),
        (Method::GET, "/api/v1/connections/requests"),
        (Method::POST, "/api/v1/connections/{member_id}"),
        (Method::DELETE, "/api/v1/connections/{member_id}"),
        (Method::POST, "/api/v1/connections/{member_id}/accept"),
        (Method::POST, "/api/v1/connections/{member_id}/decline"),
        (Method::POST, "/api/v1/connections/{member_id}/withdraw"),
        (Method::GET, "/api/v1/blocks"),
        (Method::POST, "/api/v1/blocks/{member_id}"),
        (Method::DELETE, "/api/v1/blocks/{member_id}"),
        (Method::GET, "/api/v1/follows"),
        (Method::POST, "/api/v1/follows/{kind}/{target_id}"),
        (Method::DELETE, "/api/v1/follows/{kind}/{target_id}"),
        (Method::GET, "/api/v1/follows/{kind}/{target_id}/followers"),
        (Method::GET, "/api/v1/business-functions"),
        (Method::POST, "/api/v1/business-functions"),
        (Method::GET, "/api/v1/listings"),
        (Method::POST, "/api/v1/listings"),
        (Method::GET, "/api/v1/listings/{id}"),
        (Method::GET, "/api/v1/listings/{id}/revisions"),
        (Method::POST, "/api/v1/listings/{id}/revisions"),
        (Method::POST, "/api/v1/listings/{id}/revert"),
        (Method::GET, "/api/v1/listing-revisions"),
        (Method::POST, "/api/v1/listing-revisions/{id}/approve"),
        (Method::POST, "/api/v1/listing-revisions/{id}/reject"),
        (Method::GET, "/api/v1/listings/{id}/usage"),
        (Method::GET, "/api/v1/organizations/{id}/stack"),
        (Method::POST, "/api/v1/organizations/{id}/stack"),
        (Method::GET, "/api/v1/organizations/{id}/stack.csv"),
        (Method::POST, "/api/v1/organizations/{id}/stack/import"),
        (Method::PUT, "/api/v1/usage-records/{id}"),
        (Method::POST, "/api/v1/usage-records/{id}/confirm"),
        (Method::GET, "/api/v1/renewals"),
        (Method::GET, "/api/v1/listings/compare"),
        (Method::GET, "/api/v1/peers"),
        (Method::GET, "/api/v1/usage-records/to-confirm"),
        (Method::GET, "/api/v1/listings/{id}/stats"),
        (Method::GET, "/api/v1/usage-records/{id}"),
        (Method::GET, "/api/v1/usage-records/{id}/timeline"),
        (Method::POST, "/api/v1/usage-records/{id}/timeline"),
        (Method::GET, "/api/v1/listings/{id}/changes"),
        (Method::GET, "/api/v1/listings/{id}/reviews"),
        (Method::POST, "/api/v1/listings/{id}/reviews"),
        (Method::GET, "/api/v1/listings/{id}/reviews/eligibility"),
        (Method::GET, "/api/v1/reviews/{id}"),
        (Method::PUT, "/api/v1/reviews/{id}"),
        (Method::GET, "/api/v1/reviews/{id}/revisions"),
        (Method::POST, "/api/v1/reviews/{id}/helpful"),
        (Method::DELETE, "/api/v1/reviews/{id}/helpful"),
        (Method::POST, "/api/v1/reviews/{id}/reports"),
        (Method::PUT, "/api/v1/reviews/{id}/response"),
        (Method::POST, "/api/v1/reviews/{id}/restore"),
        (Method::GET, "/api/v1/review-reports"),
        (Method::POST, "/api/v1/review-reports/{id}/hide"),
        (Method::POST, "/api/v1/review-reports/{id}/dismiss"),
    ]
}

/// The API routes a visitor may call (see the module documentation).
fn public_api_routes() -> Vec<(Method, &'static str)> {
    vec![
        (Method::GET, "/api/v1/session"),
        (Method::POST, "/api/v1/login"),
        (Method::POST, "/api/v1/logout"),
        (Method::GET, "/api/v1/join/options"),
        (Method::POST, "/api/v1/join"),
        (Method::GET, "/api/v1/invites/{token}"),
        (Method::POST, "/api/v1/invites/{token}/accept"),
        (Method::POST, "/api/v1/verify"),
        (Method::POST, "/api/v1/password-reset"),
        (Method::POST, "/api/v1/password-reset/confirm"),
    ]
}

/// Whether a private route is for administrators or moderators only (a plain member gets 403).
/// Claims are every member's to make, and removing an organization administrator is also how
/// one steps down, so those are not. The technology directory's taxonomy is the site
/// administrator's, its review queue, decisions and restores the moderators', and so are the
/// reported reviews and what is decided of them.
fn admin_only(method: &Method, template: &str) -> bool {
    let moderation = template == "/technology/review"
        || template.starts_with("/technology/reports")
        || template.starts_with("/api/v1/review-reports")
        || template.ends_with("/restore")
        || template.starts_with("/technology/revisions/")
        || template.starts_with("/api/v1/listing-revisions")
        || template.ends_with("/revert")
        || (*method == Method::POST && template == "/api/v1/business-functions")
        || (*method == Method::POST && template == "/api/v1/categories")
        || template.starts_with("/threads/flags")
        || template.starts_with("/api/v1/flags")
        || template.ends_with("/hide")
        || template.ends_with("/moderate")
        || template.ends_with("/silence")
        || template == "/posts/{id}/delete"
        || (*method == Method::DELETE && template == "/api/v1/posts/{id}")
        || (*method == Method::PATCH && template == "/api/v1/threads/{id}");
    moderation
        || template == "/admin"
        || template.starts_with("/admin/")
        || template.starts_with("/api/v1/admin/")
        || (*method != Method::GET
            && (template.starts_with("/api/v1/associations")
                || template.starts_with("/api/v1/organizations"))
            && !template.contains("/claims")
            && !template.contains("/stack")
            && !template.contains("{member_id}"))
}

/// Real ids for the path templates, so that a refusal cannot be a 404 in disguise.
struct Ids {
    request: String,
    invite: String,
    member: String,
    org: String,
    token: String,
    /// A claim to belong to `org` (empty where the test has none).
    claim: String,
    /// A listing of the technology directory, a revision and a usage record (random where the
    /// test has none).
    listing: String,
    revision: String,
    usage: String,
    /// A review of the listing, by someone other than the member the test signs in, and a
    /// report of it waiting for the moderators (random where the test has none).
    review: String,
    report: String,
    /// A thread (a question the member signed in opened), its first post and its category's
    /// slug (random where the test has none).
    thread: String,
    post: String,
    category: String,
}

impl Ids {
    fn fill(&self, template: &str) -> String {
        let id = if template.starts_with("/threads/") || template.starts_with("/api/v1/threads/") {
            &self.thread
        } else if template.starts_with("/posts/") || template.starts_with("/api/v1/posts/") {
            &self.post
        } else if template.starts_with("/api/v1/categories/") {
            &self.category
        } else if template.starts_with("/api/v1/flags/") {
            // No flag is open: any id is refused before it is looked for.
            &self.thread
        } else if template.starts_with("/technology/reviews/")
            || template.starts_with("/api/v1/reviews/")
        {
            &self.review
        } else if template.starts_with("/technology/reports/")
            || template.starts_with("/api/v1/review-reports/")
        {
            &self.report
        } else if template.starts_with("/technology/usage/") || template.contains("/usage-records/")
        {
            &self.usage
        } else if template.contains("/listing-revisions/") || template.contains("/revisions/{id}/")
        {
            &self.revision
        } else if template.contains("/listings/") {
            &self.listing
        } else if template.starts_with("/api/v1/claims/") || template.contains("/tokens/") {
            &self.claim
        } else if template.contains("/join-requests/") {
            &self.request
        } else if template.contains("/invites/") {
            &self.invite
        } else if template.contains("/members/") {
            &self.member
        } else if template.contains("/organizations/") {
            &self.org
        } else {
            ""
        };
        template
            .replace("{id}", id)
            .replace("{token}", &self.token)
            .replace("{claim_id}", &self.claim)
            .replace("{member_id}", &self.member)
            .replace("{handle}", "ada")
            .replace("{slug}", &self.category)
            .replace("{reaction}", "like")
    }
}

/// `path` as the login redirect carries it in `next`.
fn next_param(path: &str) -> String {
    path.replace('/', "%2F")
}

fn content_type(r: &reqwest::Response) -> String {
    r.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Sends a request the way the table says: GET plainly, other methods as JSON with the CSRF
/// header (API) or as a form with the CSRF field (pages).
async fn send(client: &mut Client, method: &Method, path: &str) -> reqwest::Response {
    if *method == Method::GET {
        client.get(path).await
    } else if path.starts_with("/api/") {
        client.api(method.clone(), path, &json!({})).await
    } else {
        client.form_post(path, &[]).await
    }
}

/// Creates a join request with a verified email, as if the person had clicked the link.
async fn pending_request(app: &TestApp, email: &str, association: AssociationId, org: OrgId) {
    let hash = app
        .accounts
        .hash_password(&Password::parse(PASSWORD).unwrap())
        .await
        .unwrap();
    let created = app
        .accounts
        .import_join_request(
            &EmailAddress::parse(email).unwrap(),
            &DisplayName::parse("Hopeful Joiner").unwrap(),
            &hash,
            association,
            Some(org),
            "I run the GIS team.",
        )
        .await
        .unwrap();
    assert!(created, "{email} already existed");
}

/// The routes a member whose membership lapsed may still use: to see who they are, ask for a
/// renewal, take their data and erase their account.
const LAPSED_MAY: [(&str, &str); 9] = [
    ("GET", "/api/v1/me"),
    ("GET", "/renew"),
    ("POST", "/renew"),
    ("POST", "/api/v1/me/renewal-request"),
    ("GET", "/api/v1/me/export"),
    ("GET", "/profile/export.json"),
    ("POST", "/api/v1/me/erase"),
    ("GET", "/profile/delete"),
    ("POST", "/profile/delete"),
];

/// Two more columns of the matrix: a member whose membership lapsed is sent to renew on every
/// private route but the few in [`LAPSED_MAY`], which answer them; a suspended member's session
/// ends, so every private route refuses them as it refuses a visitor. Neither writes anything.
async fn lapsed_and_suspended_members_are_refused(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let lapsed = app
        .member_in(
            "late@kingston.test",
            Role::Member,
            app.association,
            Some(app.org),
            -1,
        )
        .await;
    let sam = app.member("sam@kingston.test", Role::Member).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let (invite, token) = app.create_invite(&mut root, app.association, 5).await;
    let ids = Ids {
        request: uuid::Uuid::now_v7().to_string(),
        invite,
        member: ada.to_string(),
        org: app.org.to_string(),
        token,
        claim: uuid::Uuid::now_v7().to_string(),
        listing: uuid::Uuid::now_v7().to_string(),
        revision: uuid::Uuid::now_v7().to_string(),
        usage: uuid::Uuid::now_v7().to_string(),
        review: uuid::Uuid::now_v7().to_string(),
        report: uuid::Uuid::now_v7().to_string(),
        thread: uuid::Uuid::now_v7().to_string(),
        post: uuid::Uuid::now_v7().to_string(),
        category: uuid::Uuid::now_v7().to_string(),
    };
    let mut late = app.client();
    late.login_ok("late@kingston.test").await;
    late.csrf().await;
    let mut suspended = app.client();
    suspended.login_ok("sam@kingston.test").await;
    suspended.csrf().await;
    let r = root
        .api_patch(
            &format!("/api/v1/admin/members/{sam}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "suspend sam");
    let before = app.contents().await;

    for (method, template) in private_routes() {
        let path = ids.fill(template);
        let allowed = LAPSED_MAY
            .iter()
            .any(|(m, p)| *m == method.as_str() && *p == template);
        if !allowed {
            let r = send(&mut late, &method, &path).await;
            if path.starts_with("/api/") {
                assert_error(r, StatusCode::FORBIDDEN, "membership_lapsed").await;
            } else if method == Method::GET {
                assert_eq!(r.status(), StatusCode::SEE_OTHER, "{method} {path}");
                assert_eq!(location(&r), "/renew", "{method} {path}");
            } else {
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path}");
            }
        }
        // The suspended member's session is over: refused as a visitor is (a state-changing
        // call may stop at CSRF first, since the session that held the token is gone).
        let r = send(&mut suspended, &method, &path).await;
        let status = r.status();
        if method == Method::GET && !path.starts_with("/api/") {
            assert_eq!(status, StatusCode::SEE_OTHER, "{method} {path}");
            assert!(location(&r).starts_with("/login?next="), "{method} {path}");
        } else {
            assert!(
                status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN,
                "{method} {path} let a suspended member through: {status}"
            );
            if status == StatusCode::FORBIDDEN && path.starts_with("/api/") {
                assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
            }
        }
    }
    assert!(
        app.contents().await == before,
        "a refused request wrote something"
    );
    // What a lapsed member may still do answers them (the state-changing ones have tests of
    // their own).
    for (method, path) in LAPSED_MAY {
        if method != "GET" {
            continue;
        }
        let r = send(&mut late, &Method::GET, path).await;
        assert!(
            r.status().is_success(),
            "GET {path} refused a lapsed member: {}",
            r.status()
        );
    }
    assert!(app.accounts.member(lapsed).await.is_ok());
    Ok(())
}

async fn logged_out_reaches_only_public_doors(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    // Joining is one of the public doors: `join` asserts the 202 of a visitor's request.
    // Its request reaches the administrators once the address is verified.
    let mut joiner = app.client();
    let verify = app.join(&mut joiner, "joiner@kingston.test").await;
    let r = joiner
        .api_post("/api/v1/verify", &json!({ "token": verify }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let requests = root
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let (invite, token) = app.create_invite(&mut root, app.association, 5).await;
    let ids = Ids {
        request: str_of(&requests[0]["id"]),
        invite,
        member: ada.to_string(),
        org: app.org.to_string(),
        token,
        claim: uuid::Uuid::now_v7().to_string(),
        listing: uuid::Uuid::now_v7().to_string(),
        revision: uuid::Uuid::now_v7().to_string(),
        usage: uuid::Uuid::now_v7().to_string(),
        review: uuid::Uuid::now_v7().to_string(),
        report: uuid::Uuid::now_v7().to_string(),
        thread: uuid::Uuid::now_v7().to_string(),
        post: uuid::Uuid::now_v7().to_string(),
        category: uuid::Uuid::now_v7().to_string(),
    };

    // The tables know every documented API route, so a new route cannot slip past this test.
    let doc = root.get_json("/api/v1/openapi.json", StatusCode::OK).await;
    let known: Vec<(String, &str)> = private_routes()
        .into_iter()
        .chain(public_api_routes())
        .map(|(m, p)| (m.as_str().to_lowercase(), p))
        .collect();
    for (path, operations) in doc["paths"].as_object().expect("paths").iter() {
        for method in operations.as_object().expect("operations").keys() {
            assert!(
                known.iter().any(|(m, p)| m == method && p == path),
                "{method} {path} is documented but missing from the route tables"
            );
        }
    }

    // Arrange a visitor with a CSRF token, so that CSRF is not what refuses them.
    let before = app.contents().await;
    let mut visitor = app.client();
    visitor.csrf().await;

    for (method, template) in private_routes() {
        let path = ids.fill(template);
        let r = send(&mut visitor, &method, &path).await;
        if path.starts_with("/api/") {
            assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        } else if method == Method::GET {
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{method} {path}");
            let to = location(&r);
            assert_eq!(
                to,
                format!("/login?next={}", next_param(&path)),
                "GET {path}"
            );
        } else {
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
            assert!(
                content_type(&r).starts_with("text/html"),
                "{method} {path}: {}",
                content_type(&r)
            );
            assert!(r.text().await?.contains("Log in to continue"), "{path}");
        }
    }
    assert_eq!(
        app.contents().await,
        before,
        "a refused request wrote something"
    );

    // The public pages render.
    for path in [
        "/login".to_owned(),
        "/join".to_owned(),
        "/reset".to_owned(),
        format!("/join/invite/{}", ids.token),
        "/verify/some-token-from-an-email".to_owned(),
    ] {
        let r = visitor.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        assert!(content_type(&r).starts_with("text/html"), "GET {path}");
    }
    // A reset page is reachable; an unknown link is refused for what it is, not for who asks.
    let r = visitor.get("/reset/not-a-real-token").await;
    assert_eq!(r.status(), StatusCode::GONE);

    // Static assets and the infrastructure endpoints.
    for path in [
        "/static/app.css",
        "/static/favicon.svg",
        "/healthz",
        "/readyz",
    ] {
        assert_eq!(visitor.get(path).await.status(), StatusCode::OK, "{path}");
    }
    // Metrics need no session; this client is on loopback (see `metrics_are_for_the_operator_only`).
    assert_eq!(visitor.get("/metrics").await.status(), StatusCode::OK);

    // The public API.
    let session = visitor.get_json("/api/v1/session", StatusCode::OK).await;
    assert!(session["member"].is_null());
    let options = visitor
        .get_json("/api/v1/join/options", StatusCode::OK)
        .await;
    assert_eq!(options[0]["name"], "MISA Ontario");
    let invite = visitor
        .get_json(&format!("/api/v1/invites/{}", ids.token), StatusCode::OK)
        .await;
    assert_eq!(invite["association_id"], json!(app.association));
    let r = visitor
        .api_post(
            "/api/v1/login",
            &json!({ "email": "ada@kingston.test", "password": "not the password" }),
        )
        .await;
    assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let r = visitor
        .api_post("/api/v1/verify", &json!({ "token": "unknown" }))
        .await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    let r = visitor
        .api_post(
            "/api/v1/password-reset",
            &json!({ "email": "ada@kingston.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let r = visitor
        .api_post(
            "/api/v1/password-reset/confirm",
            &json!({ "token": "unknown", "password": PASSWORD }),
        )
        .await;
    assert_error(r, StatusCode::GONE, "invalid_token").await;
    let r = visitor
        .api_post(
            &format!("/api/v1/invites/{}/accept", ids.token),
            &json!({ "email": "invited@kingston.test", "display_name": "Invited", "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let r = visitor.api_post("/api/v1/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    visitor.forget_csrf();
    let r = visitor.form_post("/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/login");
    Ok(())
}

async fn each_role_reaches_only_its_own(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let root_id = app.site_admin("root@civiclink.test").await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let (other, other_org) = app.other_association().await;
    let kiri = app
        .member_in(
            "kiri@wellington.test",
            Role::Member,
            other,
            Some(other_org),
            365,
        )
        .await;
    pending_request(&app, "hopeful@kingston.test", app.association, app.org).await;
    pending_request(&app, "hopeful@wellington.test", other, other_org).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let (misa_invite, _) = app.create_invite(&mut root, app.association, 5).await;
    let (algim_invite, _) = app.create_invite(&mut root, other, 5).await;
    let all_requests = root
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let request_of = |email: &str| {
        all_requests
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["email"] == email)
            .map(|r| str_of(&r["id"]))
            .unwrap_or_else(|| panic!("no request from {email}"))
    };
    let misa_request = request_of("hopeful@kingston.test");
    let algim_request = request_of("hopeful@wellington.test");

    // A thread the member may see, so that a refusal of moderation is not a 404.
    let r = root
        .api_post("/api/v1/categories", &json!({ "name": "GIS and mapping" }))
        .await;
    let category: Value = r.json().await?;
    let r = root
        .api_post(
            "/api/v1/threads",
            &json!({ "category": category["id"], "title": "Parcels", "text": "How?" }),
        )
        .await;
    let thread: Value = r.json().await?;

    // A plain member: 403 on everything administrative, the directory is open to them.
    let mut member = app.client();
    member.login_ok("ada@kingston.test").await;
    let ids = Ids {
        request: misa_request,
        invite: misa_invite.clone(),
        member: ada.to_string(),
        org: app.org.to_string(),
        token: String::new(),
        claim: uuid::Uuid::now_v7().to_string(),
        listing: uuid::Uuid::now_v7().to_string(),
        revision: uuid::Uuid::now_v7().to_string(),
        usage: uuid::Uuid::now_v7().to_string(),
        review: uuid::Uuid::now_v7().to_string(),
        report: uuid::Uuid::now_v7().to_string(),
        thread: str_of(&thread["id"]),
        post: str_of(&thread["posts"][0]["id"]),
        category: str_of(&category["slug"]),
    };
    for (method, template) in private_routes() {
        let path = ids.fill(template);
        if !admin_only(&method, template) {
            continue;
        }
        let r = send(&mut member, &method, &path).await;
        if path.starts_with("/api/") {
            assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        } else {
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{method} {path}");
            assert!(content_type(&r).starts_with("text/html"), "{method} {path}");
            assert!(r.text().await?.contains("Not allowed"), "{method} {path}");
        }
    }
    for path in [
        "/api/v1/me".to_owned(),
        "/api/v1/openapi.json".to_owned(),
        "/api/v1/associations".to_owned(),
        "/api/v1/organizations".to_owned(),
        format!("/api/v1/organizations/{other_org}"),
    ] {
        member.get_json(&path, StatusCode::OK).await;
    }

    // An association admin sees only their own association.
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    for path in [
        "/api/v1/admin/members".to_owned(),
        format!("/api/v1/admin/members?association_id={other}"),
    ] {
        let members = admin.get_json(&path, StatusCode::OK).await;
        let members = members.as_array().unwrap();
        assert!(members.iter().any(|m| m["email"] == "ada@kingston.test"));
        assert!(
            members
                .iter()
                .all(|m| m["association_id"] == json!(app.association)),
            "{path} leaks other associations: {members:?}"
        );
    }
    let requests = admin
        .get_json("/api/v1/admin/join-requests?status=all", StatusCode::OK)
        .await;
    let emails: Vec<&Value> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["email"])
        .collect();
    assert_eq!(emails, [&json!("hopeful@kingston.test")]);
    let invites = admin
        .get_json("/api/v1/admin/invites", StatusCode::OK)
        .await;
    let invite_ids: Vec<String> = invites
        .as_array()
        .unwrap()
        .iter()
        .map(|i| str_of(&i["id"]))
        .collect();
    assert_eq!(invite_ids, [misa_invite.as_str()]);

    // Things of the other association do not exist for them…
    let r = admin.get(&format!("/api/v1/admin/members/{kiri}")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{kiri}"),
            &json!({ "role": "moderator" }),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    for action in ["approve", "decline"] {
        let r = admin
            .api_post(
                &format!("/api/v1/admin/join-requests/{algim_request}/{action}"),
                &json!({}),
            )
            .await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    }
    let r = admin
        .api_post(
            &format!("/api/v1/admin/invites/{algim_invite}/revoke"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    for path in [
        format!("/admin/members/{kiri}"),
        format!("/admin/organizations/{other_org}"),
    ] {
        let r = admin.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "GET {path}");
        assert!(content_type(&r).starts_with("text/html"), "GET {path}");
    }
    // …and they cannot create or change anything in it.
    let r = admin
        .api_post(
            "/api/v1/admin/invites",
            &json!({ "association_id": other, "max_uses": 1, "valid_days": 7 }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": other, "name": "Porirua City Council", "kind": "municipality",
                     "region": "Wellington", "country": "NZ", "population": 60000 }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/organizations/{other_org}"),
            &json!({ "population": 1 }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    // Site-wide powers stay with site admins.
    let r = admin.get("/api/v1/admin/audit").await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin
        .api_post(
            "/api/v1/associations",
            &json!({ "name": "MISA BC", "short_name": "MISA BC", "country": "CA" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{ada}"),
            &json!({ "role": "site_admin" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{root_id}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "a site admin is outside their reach"
    );

    // Nothing of the other association changed.
    let algim = root
        .get_json("/api/v1/admin/join-requests?status=all", StatusCode::OK)
        .await;
    let algim = algim
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "hopeful@wellington.test")
        .unwrap()
        .clone();
    assert_eq!(algim["status"], "pending");
    let invites = root.get_json("/api/v1/admin/invites", StatusCode::OK).await;
    assert!(
        invites
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["revoked_at"].is_null())
    );
    let kiri_now = root
        .get_json(&format!("/api/v1/admin/members/{kiri}"), StatusCode::OK)
        .await;
    assert_eq!(kiri_now["role"], "member");
    let org = root
        .get_json(
            &format!("/api/v1/organizations/{other_org}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(org["population"], 215_000);
    assert_eq!(
        root.get_json("/api/v1/organizations", StatusCode::OK)
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // The site admin reaches everything.
    let members = root.get_json("/api/v1/admin/members", StatusCode::OK).await;
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["email"] == "kiri@wellington.test")
    );
    root.get_json("/api/v1/admin/audit", StatusCode::OK).await;
    let r = root
        .api_post(
            "/api/v1/associations",
            &json!({ "name": "MISA BC", "short_name": "MISA BC", "country": "CA" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    Ok(())
}

async fn audit_log_records_admin_actions(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let root_id = app.site_admin("root@civiclink.test").await;
    let admin_id = app.member("admin@misa.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let grace = app.member("grace@kingston.test", Role::Member).await;
    pending_request(&app, "hopeful@kingston.test", app.association, app.org).await;

    // The association admin decides a request, invites, suspends, promotes and extends.
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    let requests = admin
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let request = str_of(&requests[0]["id"]);
    let r = admin
        .api_post(
            &format!("/api/v1/admin/join-requests/{request}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.create_invite(&mut admin, app.association, 5).await;
    let suspend = admin
        .api_patch(
            &format!("/api/v1/admin/members/{ada}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(suspend.status(), StatusCode::OK);
    let promote = admin
        .api_patch(
            &format!("/api/v1/admin/members/{grace}"),
            &json!({ "role": "moderator" }),
        )
        .await;
    assert_eq!(promote.status(), StatusCode::OK);
    let new_end = (time::OffsetDateTime::now_utc() + time::Duration::days(400))
        .date()
        .format(time::macros::format_description!("[year]-[month]-[day]"))?;
    let extend = admin
        .api_patch(
            &format!("/api/v1/admin/members/{grace}"),
            &json!({ "membership_expires_at": new_end }),
        )
        .await;
    assert_eq!(extend.status(), StatusCode::OK);

    // The site admin adds an organization and corrects it.
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Perth", "kind": "municipality",
                     "region": "Ontario", "country": "CA", "population": 6000 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let perth = str_of(&r.json::<Value>().await?["id"]);
    let r = root
        .api_patch(
            &format!("/api/v1/organizations/{perth}"),
            &json!({ "population": 6469 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // Every action is there, newest first, with who, from where and when.
    let entries = root.get_json("/api/v1/admin/audit", StatusCode::OK).await;
    let entries = entries.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "organization.update",
            "organization.create",
            "member.expiry_change",
            "member.role_change",
            "member.suspend",
            "invite.create",
            "join_request.approve",
        ]
    );
    for e in entries {
        let expected_actor = if e["action"].as_str().unwrap().starts_with("organization.") {
            json!(root_id)
        } else {
            json!(admin_id)
        };
        assert_eq!(e["actor_id"], expected_actor, "{e}");
        assert_eq!(e["ip"], "127.0.0.1", "{e}");
        let at = str_of(&e["created_at"]);
        time::OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| panic!("created_at is not RFC 3339: {at}"));
    }
    let ids: Vec<i64> = entries.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first: {ids:?}"
    );
    assert_eq!(entries[4]["target_id"], json!(ada));

    // Filters.
    let suspended = root
        .get_json("/api/v1/admin/audit?action=member.suspend", StatusCode::OK)
        .await;
    let suspended = suspended.as_array().unwrap();
    assert_eq!(suspended.len(), 1);
    assert_eq!(suspended[0]["target_id"], json!(ada));
    let by_root = root
        .get_json(
            &format!("/api/v1/admin/audit?actor_id={root_id}"),
            StatusCode::OK,
        )
        .await;
    let by_root: Vec<&Value> = by_root
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["action"])
        .collect();
    assert_eq!(
        by_root,
        [&json!("organization.update"), &json!("organization.create")]
    );
    let by_admin = root
        .get_json(
            &format!("/api/v1/admin/audit?actor_id={admin_id}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(by_admin.as_array().unwrap().len(), 5);

    // Paging: one at a time, each page older than the last.
    let mut before: Option<i64> = None;
    let mut paged = Vec::new();
    loop {
        let path = match before {
            None => "/api/v1/admin/audit?limit=1".to_owned(),
            Some(b) => format!("/api/v1/admin/audit?limit=1&before={b}"),
        };
        let page = root.get_json(&path, StatusCode::OK).await;
        let page = page.as_array().unwrap();
        assert!(page.len() <= 1, "{path} gave {} entries", page.len());
        let Some(e) = page.first() else { break };
        paged.push(str_of(&e["action"]));
        before = e["id"].as_i64();
        assert!(paged.len() <= actions.len(), "paging does not end");
    }
    assert_eq!(paged, actions);

    // The page renders for the site admin and nobody else.
    let r = root.get("/admin/audit").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("member.suspend"));
    assert!(html.contains("127.0.0.1"));
    let r = root.get("/admin/audit?action=invite.create").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("invite.create") && !html.contains("<td>member.suspend</td>"));
    assert_eq!(
        admin.get("/admin/audit").await.status(),
        StatusCode::FORBIDDEN
    );
    Ok(())
}

async fn health_docs_and_shared_edges(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@kingston.test", Role::Member).await;
    let visitor = app.client();

    // Health.
    let r = visitor.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await?, "ok");
    assert_eq!(visitor.get("/readyz").await.status(), StatusCode::OK);

    // Metrics (the recorder is process-wide; `metrics_count_requests_before_first_scrape`
    // checks a process whose first scrape comes after its first requests).
    let r = visitor.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(content_type(&r).starts_with("text/plain"));
    for _ in 0..3 {
        visitor.get("/healthz").await;
    }
    visitor.get("/no-such-page").await;
    let metrics = visitor.get("/metrics").await.text().await?;
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(
        metrics.contains("http_request_duration_seconds"),
        "{metrics}"
    );
    assert!(metrics.contains(r#"route="/healthz""#), "{metrics}");

    // The API documentation, for members.
    let mut member = app.client();
    member.login_ok("ada@kingston.test").await;
    let r = member.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(content_type(&r).starts_with("application/json"));
    let doc: Value = r.json().await?;
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    assert!(doc["paths"]["/api/v1/login"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/admin/members/{id}"]["patch"].is_object());

    // Unknown routes and wrong methods.
    for client in [&visitor, &member] {
        let r = client.get("/api/v1/no-such-thing").await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
        let r = client.get("/no-such-page").await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(content_type(&r).starts_with("text/html"));
        assert!(r.text().await?.contains("Page not found"));
    }
    let r = member.api(Method::DELETE, "/api/v1/me", &json!({})).await;
    assert_error(r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    let r = member.api(Method::PUT, "/api/v1/login", &json!({})).await;
    assert_error(r, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;

    // Security headers on pages, and on errors too.
    for path in ["/login", "/no-such-page", "/api/v1/me"] {
        let r = visitor.get(path).await;
        let h = r.headers();
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no CSP on {path}"));
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
    }

    // The visitor's CSRF cookie and the session cookie are out of scripts' reach and not
    // sent on cross-site posts.
    let set_cookie = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    };
    let mut fresh = app.client();
    let r = fresh.get("/login").await;
    let csrf_cookie = set_cookie(&r, "civiclink_csrf").expect("a CSRF cookie");
    assert!(set_cookie(&r, "civiclink_session").is_none());
    let r = fresh.login("ada@kingston.test", PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let session_cookie = set_cookie(&r, "civiclink_session").expect("a session cookie");
    for cookie in [csrf_cookie, session_cookie] {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("Path=/"), "{cookie}");
    }

    // Static assets.
    let r = visitor.get("/static/app.css").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(content_type(&r).starts_with("text/css"));
    assert_eq!(
        visitor.get("/static/no-such.css").await.status(),
        StatusCode::NOT_FOUND
    );
    Ok(())
}

async fn metrics_are_for_the_operator_only(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| {
        c.metrics_token = Some("scrape-secret".into());
    })
    .await;
    // With a token configured, being on loopback is not enough.
    let client = app.client();
    let r = client.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    for wrong in ["Bearer nope", "scrape-secret", "Basic scrape-secret"] {
        let r = client
            .http
            .get(app.url("/metrics"))
            .header(header::AUTHORIZATION, wrong)
            .send()
            .await?;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{wrong}");
    }
    let r = client
        .http
        .get(app.url("/metrics"))
        .header(header::AUTHORIZATION, "Bearer scrape-secret")
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::OK);
    drop(app);

    // Without a token, a client on this host is let in; but behind a proxy on this host
    // (whose headers are not trusted, the default) every client's socket is loopback: a
    // forwarded request is refused, whichever forwarding header it carries.
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    assert_eq!(client.get("/metrics").await.status(), StatusCode::OK);
    for (name, value) in [
        ("X-Forwarded-For", "203.0.113.9"),
        ("X-Forwarded-For", "127.0.0.1"),
        ("Forwarded", "for=203.0.113.9"),
        ("X-Real-IP", "203.0.113.9"),
    ] {
        let r = client
            .http
            .get(app.url("/metrics"))
            .header(name, value)
            .send()
            .await?;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{name}: {value}");
    }
    drop(app);

    // Behind a proxy, a client elsewhere is not loopback even though the proxy is.
    let app = TestApp::spawn_with(backend, |c| {
        c.trusted_proxies = civiclink::TrustedProxies::parse(&["127.0.0.1"]).unwrap();
    })
    .await;
    let client = app.client();
    let r = client
        .http
        .get(app.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.9")
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(client.get("/metrics").await.status(), StatusCode::OK);
    Ok(())
}

/// Set in the child process of [`metrics_count_requests_before_first_scrape`].
const FRESH_PROCESS: &str = "CIVICLINK_E2E_FRESH_PROCESS";

/// Requests made before the first scrape are counted too. The metrics recorder is process-wide,
/// and other scenarios in this binary scrape, so the check runs in a fresh process: this test
/// runs itself again as a child with [`FRESH_PROCESS`] set.
async fn metrics_count_requests_before_first_scrape(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    if std::env::var_os(FRESH_PROCESS).is_none() {
        drop(app);
        let name = format!("access::{backend}::metrics_count_requests_before_first_scrape");
        let out = tokio::process::Command::new(std::env::current_exe()?)
            .args([name.as_str(), "--exact", "--test-threads=1"])
            .env(FRESH_PROCESS, "1")
            .output()
            .await?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "in a fresh process:\n{stdout}\n{stderr}"
        );
        return Ok(());
    }
    let client = app.client();
    for _ in 0..3 {
        assert_eq!(client.get("/healthz").await.status(), StatusCode::OK);
    }
    client.get_json("/api/v1/session", StatusCode::OK).await;
    let metrics = client.get("/metrics").await.text().await?;
    assert!(
        metrics.contains("http_requests_total") && metrics.contains(r#"route="/healthz""#),
        "requests before the first scrape were not counted: {metrics:?}"
    );
    assert!(
        metrics.contains("http_request_duration_seconds"),
        "{metrics:?}"
    );
    Ok(())
}

/// A member's pages and every API answer carry `Cache-Control: no-store`; public assets do not.
/// HSTS is sent when the public address is https, and only then.
async fn private_answers_are_not_stored_and_https_sends_hsts(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    let no_store = |r: &reqwest::Response| {
        r.headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"))
    };
    let visitor = app.client();
    assert!(no_store(&visitor.get("/api/v1/session").await));
    assert!(!no_store(&visitor.get("/static/app.css").await));
    let mut member = app.client();
    member.login_ok("m@x.test").await;
    for path in ["/", "/directory", "/api/v1/me"] {
        let r = member.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(no_store(&r), "{path} may be stored");
    }
    assert!(
        visitor
            .get("/healthz")
            .await
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none()
    );
    drop(app);

    let app = TestApp::spawn_with(backend, |c| {
        c.public_url = "https://civiclink.example.org".into();
    })
    .await;
    let r = app.client().get("/healthz").await;
    assert_eq!(
        r.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .and_then(|v| v.to_str().ok()),
        Some("max-age=31536000")
    );
    Ok(())
}

/// A signed-in member browsing pages and the API writes nothing to the session store: neither
/// its data nor its expiry change (the expiry is pushed back at most once an hour).
async fn a_members_page_views_leave_the_stored_session_alone(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    let mut member = app.client();
    member.login_ok("m@x.test").await;
    member.get_json("/api/v1/me", StatusCode::OK).await;
    let before = app.stored_sessions().await?;
    assert!(!before.is_empty());
    // Long enough for an expiry written now to differ from the stored one (whole seconds).
    let start = std::time::Instant::now();
    let mut views = 0;
    while views < 10 || start.elapsed() < std::time::Duration::from_millis(1200) {
        for path in ["/", "/directory", "/organizations/directory", "/api/v1/me"] {
            let r = member.get(path).await;
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            views += 1;
        }
    }
    assert_eq!(
        app.stored_sessions().await?,
        before,
        "a page view saved the session"
    );
    Ok(())
}

/// A visitor who is not signed in gets no session row, however many pages they fetch: their
/// CSRF token is a signed cookie of its own. The logged-out forms still need it, and only a
/// cookie this site signed counts.
async fn a_visitors_page_views_store_nothing_and_forms_still_need_the_token(
    backend: TestBackend,
) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("m@x.test", Role::Member).await;
    for _ in 0..20 {
        let bot = app.client();
        for path in ["/login", "/join", "/reset", "/api/v1/session", "/nowhere"] {
            let r = bot.get(path).await;
            assert!(r.status() != StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        }
    }
    assert_eq!(
        app.stored_sessions().await?,
        Vec::new(),
        "a visitor's view stored a session"
    );

    // The token of one visitor's page, sent with their cookie, signs them in.
    let mut visitor = app.client();
    let page = visitor.get("/login").await.text().await?;
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the login form's token")
        .to_owned();
    assert_eq!(
        visitor.csrf().await,
        token,
        "the page and the API hand out one token"
    );
    let cookie = app
        .client()
        .get("/login")
        .await
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("civiclink_csrf="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
        .expect("a visitor cookie");

    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = |cookie: String, token: String| {
        bare.post(app.url("/api/v1/login"))
            .header(header::COOKIE, format!("civiclink_csrf={cookie}"))
            .header("X-CSRF-Token", token)
            .json(&json!({ "email": "m@x.test", "password": civiclink_tests::PASSWORD }))
            .send()
    };
    // Another visitor's cookie with this token; a cookie written by hand with its own value;
    // the value of a real cookie with its signature cut off.
    let forged = "0123456789abcdef0123456789abcdef".to_owned();
    let unsigned = cookie.get(44..).expect("a signed value").to_owned();
    assert_eq!(unsigned.len(), 64, "the cookie is a signature and a token");
    for (c, t) in [
        (cookie.clone(), token.clone()),
        (forged.clone(), forged.clone()),
        (unsigned.clone(), unsigned.clone()),
    ] {
        assert_error(login(c, t).await?, StatusCode::FORBIDDEN, "csrf_failed").await;
    }
    assert_eq!(app.stored_sessions().await?, Vec::new());
    let r = visitor
        .form_post(
            "/login",
            &[
                ("email", "m@x.test"),
                ("password", civiclink_tests::PASSWORD),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    visitor.forget_csrf();
    visitor.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(app.stored_sessions().await?.len(), 1);
    Ok(())
}

/// GET routes the allowed actor is sent away from, with where to: they exist to redirect.
const GET_REDIRECTS: [(&str, &str); 3] = [
    ("/renew", "/"),
    ("/admin", "/admin/join-requests"),
    ("/profile", "/people/{handle}"),
];

/// The last column of the matrix: the actor each private route is for gets through, and none
/// of the reads writes anything (a page view writes nothing to the database). A site
/// administrator takes the administrative routes; a member who administers their organization
/// takes the rest, on real ids. Every page and API read answers 200 (or its documented
/// redirect); every write answers anything but 401, 403 or the login page (a write sent with an
/// empty body may fairly be refused as bad input, or find nothing to act on). A route that
/// refused everyone would fail here, where the other columns cannot see it.
async fn the_allowed_actor_gets_through(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let bob = app.member("bob@kingston.test", Role::Member).await;
    pending_request(&app, "hopeful@kingston.test", app.association, app.org).await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let (invite, token) = app.create_invite(&mut root, app.association, 5).await;
    let requests = root
        .get_json("/api/v1/admin/join-requests", StatusCode::OK)
        .await;
    let request = str_of(&requests[0]["id"]);
    // Ada administers her municipality's page and claims to work at a second one.
    let r = root
        .api_post(
            &format!("/api/v1/organizations/{}/admins", app.org),
            &json!({ "member_id": ada }),
        )
        .await;
    assert!(
        r.status().is_success(),
        "make ada an org admin: {}",
        r.status()
    );
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Cobourg",
                     "kind": "municipality", "region": "Ontario", "country": "CA",
                     "population": 20000 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a second municipality");
    let second = str_of(&r.json::<Value>().await?["id"]);
    let mut member = app.client();
    member.login_ok("ada@kingston.test").await;
    let r = member
        .api_post(
            &format!("/api/v1/organizations/{second}/claims"),
            &json!({ "note": "I moved here." }),
        )
        .await;
    assert!(r.status().is_success(), "ada's claim: {}", r.status());
    let claim = str_of(&r.json::<Value>().await?["id"]);
    // A vendor with a member, who responds to reviews of its listing.
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Esri Canada",
                     "kind": "vendor", "region": "Ontario", "country": "CA" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a vendor");
    let vendor: OrgId = str_of(&r.json::<Value>().await?["id"]).parse()?;
    app.member_in(
        "vic@esri.test",
        Role::Member,
        app.association,
        Some(vendor),
        365,
    )
    .await;
    let mut vic = app.signed_in("vic@esri.test").await;
    // A published listing of the technology directory, and Ada's edit of it waiting for review.
    let r = root
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "GIS and mapping" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a business function");
    let gis = str_of(&r.json::<Value>().await?["id"]);
    let body = json!({ "name": "ArcGIS Enterprise", "vendor_name": "Esri",
                       "vendor_org_id": vendor, "kind": "software",
                       "functions": [gis], "base": 1 });
    let r = root.api_post("/api/v1/listings", &body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "a listing");
    let listing = str_of(&r.json::<Value>().await?["listing_id"]);
    let r = root
        .api_post(
            "/api/v1/listings",
            &json!({ "name": "QGIS", "vendor_name": "QGIS project", "kind": "open_source",
                     "functions": [gis] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a second listing");
    let second_listing = str_of(&r.json::<Value>().await?["listing_id"]);
    let r = member
        .api_post(&format!("/api/v1/listings/{listing}/revisions"), &body)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "an edit");
    let revision = str_of(&r.json::<Value>().await?["id"]);
    // Ada's organization uses it.
    let r = member
        .api_post(
            &format!("/api/v1/organizations/{}/stack", app.org),
            &json!({ "listing_id": listing, "status": "production" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a usage record");
    let usage = str_of(&r.json::<Value>().await?["id"]);
    // Bob reviews it, and the site administrator reports his review.
    let mut bob_c = app.signed_in("bob@kingston.test").await;
    let r = bob_c
        .api_post(
            &format!("/api/v1/listings/{listing}/reviews"),
            &json!({ "overall": 4, "recommend": true, "pros": "Parcel fabric." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a review");
    let review = str_of(&r.json::<Value>().await?["id"]);
    let r = root
        .api_post(
            &format!("/api/v1/reviews/{review}/reports"),
            &json!({ "reason": "spam" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a report");
    let report = str_of(&r.json::<Value>().await?["id"]);
    // A category, and a question the member asked in it about the listing.
    let r = root
        .api_post("/api/v1/categories", &json!({ "name": "GIS and mapping" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a category");
    let category: Value = r.json().await?;
    let r = member
        .api_post(
            "/api/v1/threads",
            &json!({ "category": category["id"], "kind": "question", "title": "Parcels?",
                     "text": "How?", "listings": [listing] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a thread");
    let thread: Value = r.json().await?;
    let ids = Ids {
        request,
        invite,
        member: bob.to_string(),
        org: app.org.to_string(),
        token,
        claim,
        listing,
        revision,
        usage,
        review,
        report,
        thread: str_of(&thread["id"]),
        post: str_of(&thread["posts"][0]["id"]),
        category: str_of(&category["slug"]),
    };

    let profile = member.get_json("/api/v1/me/profile", StatusCode::OK).await;
    let handle = str_of(&profile["handle"]);

    // Reads first, then writes; the writes that end the session or the account come last.
    let mut routes = private_routes();
    // Removing an organization administrator is the association's (or the site
    // administrator's) to do, on Ada here; after it she administers nothing, so it comes after
    // every other write, and erasing her account last of all.
    let removes_admin = |t: &str| t.contains("/admins/{member_id}");
    let ends = |t: &str| t == "/profile/delete" || t == "/api/v1/me/erase";
    // Approving Ada's claim moves her to the other municipality, so it comes late too.
    let moves_her = |t: &str| t.contains("/claims/") && t.ends_with("/approve");
    // A download of one's data is recorded in the audit log: an action, not a page view.
    let exports = |t: &str| t == "/profile/export.json" || t == "/api/v1/me/export";
    routes.sort_by_key(|(m, t)| {
        (
            *m != Method::GET || exports(t),
            moves_her(t) || removes_admin(t),
            ends(t),
        )
    });
    // Every read, page or API, writes nothing: compared once the reads are done.
    let before_reads = app.contents().await;
    let mut reads_checked = false;
    for (method, template) in routes {
        if (method != Method::GET || exports(template)) && !reads_checked {
            let after = app.contents().await;
            let changed: Vec<(&String, Vec<&String>)> = after
                .iter()
                .filter(|(t, rows)| before_reads.get(*t) != Some(*rows))
                .map(|(t, rows)| {
                    let old = before_reads.get(t);
                    (
                        t,
                        rows.iter()
                            .filter(|r| !old.is_some_and(|o| o.contains(r)))
                            .collect(),
                    )
                })
                .collect();
            assert!(
                changed.is_empty(),
                "a read wrote to the database: {changed:?}"
            );
            reads_checked = true;
        }
        let path = ids
            .fill(&template.replace("{handle}", &handle))
            .replace("{kind}", "organization")
            .replace("{target_id}", &app.org.to_string());
        let path = if removes_admin(template) {
            path.replace(&bob.to_string(), &ada.to_string())
        } else if template.ends_with("/compare") {
            format!("{path}?ids={},{second_listing}", ids.listing)
        } else {
            path
        };
        // A claim is decided by the claimed organization's administrators, not its claimant.
        let decides_claim = template.contains("/claims/")
            && (template.ends_with("/approve") || template.ends_with("/decline"));
        let (who, client) =
            if admin_only(&method, template) || removes_admin(template) || decides_claim {
                ("a site administrator", &mut root)
            } else if template.ends_with("/response") {
                ("the listing's vendor", &mut vic)
            } else {
                ("their member", &mut member)
            };
        let r = send(client, &method, &path).await;
        let status = r.status();
        let to = location(&r);
        if method == Method::GET {
            match GET_REDIRECTS.iter().find(|(t, _)| *t == template) {
                Some((_, expected)) => {
                    assert_eq!(status, StatusCode::SEE_OTHER, "GET {path} for {who}");
                    assert_eq!(
                        to,
                        expected.replace("{handle}", &handle),
                        "GET {path} for {who}"
                    );
                }
                None => assert_eq!(status, StatusCode::OK, "GET {path} refused {who}"),
            }
        } else {
            assert!(
                status != StatusCode::UNAUTHORIZED
                    && status != StatusCode::FORBIDDEN
                    && !to.starts_with("/login"),
                "{method} {path} refused {who}: {status}"
            );
        }
    }
    Ok(())
}
