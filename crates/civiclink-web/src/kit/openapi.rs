//! The frame of the JSON API under `/api/v1`: the same operations as the pages, one error shape
//! (`{"error": "<code>", "message": "…"}`), and an OpenAPI document. Each capability registers
//! its operations once, with `utoipa_axum::routes!` in its own folder: the route and its entry
//! in the document come from the same `#[utoipa::path]`. This file holds what they share: the
//! document's description, its security schemes and the error body.
//!
//! Cookie sessions authenticate the API as they do the pages, so every state-changing call sends
//! the session's CSRF token in `X-CSRF-Token` (from `GET /api/v1/session`). Scripts send a
//! personal access token instead (`Authorization: Bearer clk_…`, see
//! `crate::kit::bearer`), and need no CSRF token.

use utoipa::OpenApi;

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
