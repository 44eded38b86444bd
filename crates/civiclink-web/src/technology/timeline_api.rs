//! Usage records' timelines through the API: one record, its entries, adding one, and the
//! recent changes around a listing.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_technology::{
    ListingId, RECENT_CHANGES, TechnologyError, UsageChange, UsageRecord, UsageRecordId,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::ChangeBody;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_record))
        .routes(routes!(timeline, add_change))
        .routes(routes!(listing_changes))
}

/// One usage record, as the caller may see it.
#[utoipa::path(get, path = "/api/v1/usage-records/{id}", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = UsageRecord), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_record(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
) -> Result<Json<UsageRecord>, AppError> {
    Ok(Json(state.technology.usage_record(&me.actor(), id).await?))
}

/// A usage record's timeline, newest first: upgrades, modules, integrations, migrations.
#[utoipa::path(get, path = "/api/v1/usage-records/{id}/timeline", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<UsageChange>), (status = 404, body = ErrorBody)))]
pub(crate) async fn timeline(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
) -> Result<Json<Vec<UsageChange>>, AppError> {
    let actor = me.actor();
    if !state.technology.record_exists(id).await? {
        return Err(TechnologyError::NotFound.into());
    }
    Ok(Json(state.technology.timeline(&actor, id).await?))
}

/// Adds an entry to a usage record's timeline. Its organization's members only. An upgrade
/// that is the record's latest sets the record's version.
#[utoipa::path(post, path = "/api/v1/usage-records/{id}/timeline", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ChangeBody,
    responses((status = 201, body = UsageChange), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_change(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
    ApiJson(body): ApiJson<ChangeBody>,
) -> Result<(StatusCode, Json<UsageChange>), AppError> {
    let details = body.details()?;
    let actor = me.actor();
    let change = state.technology.add_change(&actor, id, &details).await?;
    let entry = state
        .technology
        .timeline(&actor, id)
        .await?
        .into_iter()
        .find(|c| c.id == change)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// The latest changes around a listing across all municipalities, newest first: upgrades,
/// modules and integrations of its users, migrations to it and away from it.
#[utoipa::path(get, path = "/api/v1/listings/{id}/changes", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<UsageChange>), (status = 404, body = ErrorBody)))]
pub(crate) async fn listing_changes(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Json<Vec<UsageChange>>, AppError> {
    let actor = me.actor();
    state.technology.listing(&actor, id).await?;
    Ok(Json(
        state
            .technology
            .recent_changes(&actor, id, RECENT_CHANGES)
            .await?,
    ))
}
