//! A member's personal access tokens: listed, made (the answer holds the secret, once) and
//! revoked. Managed only from a signed-in session: a token cannot make or revoke tokens.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_accounts::{ApiToken, ApiTokenCreated, NewApiToken, TokenScope};
use civiclink_domain::ApiTokenId;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kit::bearer::NotBearer;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(revoke))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenBody {
    /// What the token is for ("Stack importer"), at most 100 characters.
    pub name: String,
    /// `read` (GET and HEAD only) or `write` (everything the member may do).
    pub scope: TokenScope,
    /// Days until it stops working, 1 to 365; left out or null, it works until revoked.
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// My tokens that are not revoked, newest first, with their last use. Never their secrets.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "tokens",
    responses((status = 200, body = Vec<ApiToken>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    _: NotBearer,
    me: ActiveMember,
) -> Result<Json<Vec<ApiToken>>, AppError> {
    Ok(Json(state.accounts.api_tokens(me.member.id).await?))
}

/// Makes a token. The answer holds its secret: it is shown this once and stored only as a
/// hash. At most 50 working tokens; rate-limited per member. Audited.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "tokens", request_body = NewTokenBody,
    responses((status = 201, body = ApiTokenCreated), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub(crate) async fn create(
    State(state): State<AppState>,
    _: NotBearer,
    me: ActiveMember,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, Json<ApiTokenCreated>), AppError> {
    let new = NewApiToken::parse(&body.name, body.scope, body.expires_in_days)?;
    let created = create_token(&state, &me, &new).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// What the API and the settings page both do to make a token: the per-member limit, then the
/// accounts service.
pub(crate) async fn create_token(
    state: &AppState,
    me: &ActiveMember,
    new: &NewApiToken,
) -> Result<ApiTokenCreated, AppError> {
    state
        .limit(
            &format!("token-create:{}", me.member.id),
            state.config.limits.token_create_per_account,
        )
        .await?;
    Ok(state.accounts.create_api_token(&me.actor(), new).await?)
}

/// Revokes one of my tokens: it stops working at once. Audited.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "tokens",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn revoke(
    State(state): State<AppState>,
    _: NotBearer,
    me: ActiveMember,
    PathParam(id): PathParam<ApiTokenId>,
) -> Result<StatusCode, AppError> {
    state.accounts.revoke_api_token(&me.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
