//! Organization administrators and claims to belong to an organization. The accounts service
//! decides who may do what; a claim that is not the caller's to see is a 404.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_accounts::{OrgAdmin, OrgClaim};
use civiclink_domain::{ClaimId, MemberId, OrgId};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, OptionalJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_admins, add_admin))
        .routes(routes!(remove_admin))
        .routes(routes!(list_claims, create_claim))
        .routes(routes!(my_claims))
        .routes(routes!(get_claim))
        .routes(routes!(approve_claim))
        .routes(routes!(decline_claim))
        .routes(routes!(withdraw_claim))
}

#[derive(Deserialize, ToSchema)]
pub struct OrgAdminBody {
    /// The member to put in charge; they must be an active member of the organization.
    #[serde(default)]
    pub member_id: String,
}

#[derive(Default, Deserialize, ToSchema)]
pub struct ClaimBody {
    /// A few words for whoever decides, at most 1000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// The administrators of an organization. Every member may see them.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/admins", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<OrgAdmin>), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_admins(
    State(state): State<AppState>,
    _me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Json<Vec<OrgAdmin>>, AppError> {
    state.accounts.organization(id).await?;
    Ok(Json(state.accounts.org_admins(id).await?))
}

/// Puts a member of the organization in charge of its page and its claims. For administrators
/// of its association. Audited.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/admins", tag = "organizations",
    params(("id" = String, Path, format = Uuid)), request_body = OrgAdminBody,
    responses((status = 200, body = Vec<OrgAdmin>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_admin(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    ApiJson(body): ApiJson<OrgAdminBody>,
) -> Result<Json<Vec<OrgAdmin>>, AppError> {
    // An id that is not one names no member of the organization: the service says so (422),
    // after it has checked that the caller may appoint anyone at all (403).
    let member = body
        .member_id
        .trim()
        .parse::<MemberId>()
        .unwrap_or_else(|_| MemberId::from_uuid(uuid::Uuid::nil()));
    Ok(Json(
        state
            .accounts
            .add_org_admin(&me.actor(), id, member)
            .await?,
    ))
}

/// Ends a member's administration of the organization: by an administrator of its association,
/// or by the member themselves. Audited.
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/admins/{member_id}", tag = "organizations",
    params(("id" = String, Path, format = Uuid), ("member_id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<OrgAdmin>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn remove_admin(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam((id, member)): PathParam<(OrgId, MemberId)>,
) -> Result<Json<Vec<OrgAdmin>>, AppError> {
    Ok(Json(
        state
            .accounts
            .remove_org_admin(&me.actor(), id, member)
            .await?,
    ))
}

/// The claims to belong to the organization: pending ones first (oldest first), then the 50
/// most recently decided. For its administrators and its association's.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/claims", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<OrgClaim>), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn list_claims(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Json<Vec<OrgClaim>>, AppError> {
    Ok(Json(state.accounts.org_claims(&me.actor(), id).await?))
}

/// Claims to work for an organization of my association, with an optional note (the body may
/// be left out). One open claim at a time.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/claims", tag = "organizations",
    params(("id" = String, Path, format = Uuid)), request_body = ClaimBody,
    responses((status = 201, body = OrgClaim), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_claim(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    OptionalJson(body): OptionalJson<ClaimBody>,
) -> Result<(StatusCode, Json<OrgClaim>), AppError> {
    let claim = state
        .accounts
        .claim_organization(&me.actor(), id, body.note.as_deref().unwrap_or(""))
        .await?;
    Ok((StatusCode::CREATED, Json(claim)))
}

/// My claims, newest first.
#[utoipa::path(get, path = "/api/v1/me/claims", tag = "organizations",
    responses((status = 200, body = Vec<OrgClaim>), (status = 401, body = ErrorBody)))]
pub(crate) async fn my_claims(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<OrgClaim>>, AppError> {
    Ok(Json(state.accounts.my_claims(&me.actor()).await?))
}

/// One claim, for its claimant or whoever may decide it.
#[utoipa::path(get, path = "/api/v1/claims/{id}", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = OrgClaim), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_claim(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ClaimId>,
) -> Result<Json<OrgClaim>, AppError> {
    Ok(Json(state.accounts.claim(&me.actor(), id).await?))
}

/// Approves a pending claim: the member moves to the organization. Audited.
#[utoipa::path(post, path = "/api/v1/claims/{id}/approve", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = OrgClaim), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn approve_claim(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ClaimId>,
) -> Result<Json<OrgClaim>, AppError> {
    Ok(Json(
        state.accounts.decide_claim(&me.actor(), id, true).await?,
    ))
}

/// Declines a pending claim. Audited.
#[utoipa::path(post, path = "/api/v1/claims/{id}/decline", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = OrgClaim), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn decline_claim(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ClaimId>,
) -> Result<Json<OrgClaim>, AppError> {
    Ok(Json(
        state.accounts.decide_claim(&me.actor(), id, false).await?,
    ))
}

/// Takes back my pending claim.
#[utoipa::path(post, path = "/api/v1/claims/{id}/withdraw", tag = "organizations",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = OrgClaim), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(crate) async fn withdraw_claim(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ClaimId>,
) -> Result<Json<OrgClaim>, AppError> {
    Ok(Json(state.accounts.withdraw_claim(&me.actor(), id).await?))
}
