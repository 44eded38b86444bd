//! The JSON API under `/api/v1`: the same operations as the pages, one error shape
//! (`{"error": "<code>", "message": "…"}`), and an OpenAPI document generated from the handlers.
//!
//! Cookie sessions authenticate the API as they do the pages, so every state-changing call sends
//! the session's CSRF token in `X-CSRF-Token` (from `GET /api/v1/session`). Scripts send a
//! personal access token instead (`Authorization: Bearer clk_…`, see `crate::bearer`), and need
//! no CSRF token.

pub(crate) mod admin;
mod auth;
mod connections;
pub(crate) mod directory;
mod orgs;
pub(crate) mod people;
pub(crate) mod tokens;

use axum::Router;
use axum::routing::{get, post};
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CivicLink API",
        description = "The JSON API of CivicLink, the private professional network for municipal IT. \
                       Authenticate either with the session cookie from `POST /api/v1/login`, sending the \
                       CSRF token from `GET /api/v1/session` in `X-CSRF-Token` with every POST, PUT, PATCH \
                       and DELETE; or with a personal access token (made at `/settings/tokens` or \
                       `POST /api/v1/me/tokens`) as `Authorization: Bearer clk_…`, which needs no CSRF \
                       token and never reads or sets a cookie. A `read` token may only GET. Managing \
                       tokens and erasing the account need the session."
    ),
    modifiers(&SecuritySchemes),
    security(("session" = []), ("bearer" = [])),
    paths(
        auth::session,
        auth::login,
        auth::logout,
        auth::me,
        auth::join_options,
        auth::join,
        auth::invite,
        auth::accept_invite,
        auth::verify,
        auth::request_reset,
        auth::confirm_reset,
        admin::list_join_requests,
        admin::approve_join_request,
        admin::decline_join_request,
        admin::list_invites,
        admin::create_invite,
        admin::revoke_invite,
        admin::list_members,
        admin::get_member,
        admin::update_member,
        admin::list_associations,
        admin::create_association,
        admin::list_organizations,
        admin::get_organization,
        admin::create_organization,
        admin::update_organization,
        admin::audit_log,
        admin::change_member_org,
        admin::member_affiliations,
        orgs::list_admins,
        orgs::add_admin,
        orgs::remove_admin,
        orgs::list_claims,
        orgs::create_claim,
        orgs::my_claims,
        orgs::get_claim,
        orgs::approve_claim,
        orgs::decline_claim,
        orgs::withdraw_claim,
        connections::list_connections,
        connections::list_requests,
        connections::request,
        connections::accept,
        connections::decline,
        connections::withdraw,
        connections::remove,
        connections::list_blocks,
        connections::block,
        connections::unblock,
        connections::list_follows,
        connections::follow,
        connections::unfollow,
        connections::followers,
        people::get_profile,
        people::my_profile,
        people::update_my_profile,
        people::put_my_avatar,
        people::delete_my_avatar,
        people::feed,
        crate::pages::privacy::export_api,
        crate::pages::privacy::erase_api,
        crate::pages::home::renewal_request_api,
        tokens::list,
        tokens::create,
        tokens::revoke,
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// The two ways to authenticate: the session cookie and a personal access token.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "civiclink_session",
                "The session cookie set by `POST /api/v1/login`. State-changing calls also \
                 send `X-CSRF-Token`.",
            ))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("clk_…")
                    .description(Some(
                        "A personal access token (`clk_` and 43 characters). `read` tokens may \
                         only use GET and HEAD; `write` tokens may do what their member may, \
                         except manage tokens and erase the account. Refused (401 \
                         `invalid_token`) once revoked or expired, or when the member is \
                         suspended or erased; 403 `membership_lapsed` while the membership is \
                         lapsed.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Every error the API returns.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable snake_case code, e.g. `invalid_input`, `csrf_failed`, `rate_limited`.
    pub error: String,
    /// A sentence for people.
    pub message: String,
    /// The input field at fault, for `invalid_input`.
    pub field: Option<String>,
}

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(connections_router())
        .route("/openapi.json", get(openapi))
        .route("/session", get(auth::session))
        .route("/login", post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route(
            "/me/profile",
            get(people::my_profile).put(people::update_my_profile),
        )
        .route("/people/{handle}", get(people::get_profile))
        .route("/feed", get(people::feed))
        .route("/me/tokens", get(tokens::list).post(tokens::create))
        .route("/me/tokens/{id}", axum::routing::delete(tokens::revoke))
        .route("/me/export", get(crate::pages::privacy::export_api))
        .route("/me/erase", post(crate::pages::privacy::erase_api))
        .route(
            "/me/renewal-request",
            post(crate::pages::home::renewal_request_api),
        )
        .route("/join/options", get(auth::join_options))
        .route("/join", post(auth::join))
        .route("/invites/{token}", get(auth::invite))
        .route("/invites/{token}/accept", post(auth::accept_invite))
        .route("/verify", post(auth::verify))
        .route("/password-reset", post(auth::request_reset))
        .route("/password-reset/confirm", post(auth::confirm_reset))
        .route("/admin/join-requests", get(admin::list_join_requests))
        .route(
            "/admin/join-requests/{id}/approve",
            post(admin::approve_join_request),
        )
        .route(
            "/admin/join-requests/{id}/decline",
            post(admin::decline_join_request),
        )
        .route(
            "/admin/invites",
            get(admin::list_invites).post(admin::create_invite),
        )
        .route("/admin/invites/{id}/revoke", post(admin::revoke_invite))
        .route("/admin/members", get(admin::list_members))
        .route(
            "/admin/members/{id}",
            get(admin::get_member).patch(admin::update_member),
        )
        .route("/admin/audit", get(admin::audit_log))
        .route(
            "/admin/members/{id}/organization",
            axum::routing::put(admin::change_member_org),
        )
        .route(
            "/admin/members/{id}/affiliations",
            get(admin::member_affiliations),
        )
        .route(
            "/associations",
            get(admin::list_associations).post(admin::create_association),
        )
        .route(
            "/organizations",
            get(admin::list_organizations).post(admin::create_organization),
        )
        .route(
            "/organizations/{id}",
            get(admin::get_organization).patch(admin::update_organization),
        )
        .route(
            "/organizations/{id}/admins",
            get(orgs::list_admins).post(orgs::add_admin),
        )
        .route(
            "/organizations/{id}/admins/{member_id}",
            axum::routing::delete(orgs::remove_admin),
        )
        .route(
            "/organizations/{id}/claims",
            get(orgs::list_claims).post(orgs::create_claim),
        )
        .route("/me/claims", get(orgs::my_claims))
        .route("/claims/{id}", get(orgs::get_claim))
        .route("/claims/{id}/approve", post(orgs::approve_claim))
        .route("/claims/{id}/decline", post(orgs::decline_claim))
        .route("/claims/{id}/withdraw", post(orgs::withdraw_claim))
        .merge(directory::router())
}

fn connections_router() -> Router<AppState> {
    Router::new()
        .route("/connections", get(connections::list_connections))
        .route("/connections/requests", get(connections::list_requests))
        .route(
            "/connections/{member_id}",
            post(connections::request).delete(connections::remove),
        )
        .route("/connections/{member_id}/accept", post(connections::accept))
        .route(
            "/connections/{member_id}/decline",
            post(connections::decline),
        )
        .route(
            "/connections/{member_id}/withdraw",
            post(connections::withdraw),
        )
        .route("/blocks", get(connections::list_blocks))
        .route(
            "/blocks/{member_id}",
            post(connections::block).delete(connections::unblock),
        )
        .route("/follows", get(connections::list_follows))
        .route(
            "/follows/{kind}/{target_id}",
            post(connections::follow).delete(connections::unfollow),
        )
        .route(
            "/follows/{kind}/{target_id}/followers",
            get(connections::followers),
        )
}

async fn openapi(_member: crate::session::ActiveMember) -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
