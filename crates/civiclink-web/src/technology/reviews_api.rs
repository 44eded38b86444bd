//! Reviews through the API: a listing's reviews and aggregates, writing and editing one's
//! review, its history, helpful votes, reports and the moderators' queue, and the vendor's
//! response. Who may do what is the technology service's call.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_technology::{
    Eligibility, ListingId, REVIEWS_PAGE, ReportOutcome, ReportReason, Review, ReviewId,
    ReviewPage, ReviewReport, ReviewReportId, ReviewRevision, ReviewSort,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::{ReportBody, ResponseBody, ReviewBody};
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(listing_reviews, write_review))
        .routes(routes!(review_eligibility))
        .routes(routes!(get_review, edit_review))
        .routes(routes!(review_revisions))
        .routes(routes!(vote_helpful, unvote_helpful))
        .routes(routes!(report_review))
        .routes(routes!(respond))
        .routes(routes!(open_reports))
        .routes(routes!(hide_reported))
        .routes(routes!(dismiss_report))
        .routes(routes!(restore_review))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ReviewsQuery {
    /// `helpful` (the default) or `newest`.
    #[serde(default)]
    pub sort: String,
    /// The `next` of the previous page.
    #[serde(default)]
    pub after: String,
}

impl ReviewsQuery {
    pub(crate) fn sort(&self) -> Result<ReviewSort, AppError> {
        Ok(ReviewSort::parse(&self.sort)?)
    }

    pub(crate) fn after(&self) -> Option<&str> {
        Some(self.after.trim()).filter(|a| !a.is_empty())
    }
}

/// A listing's reviews, most helpful (or newest) first, a page at a time, with its aggregates:
/// means by dimension, the share that would recommend it, the distribution of overall scores
/// and the mean by size band of the reviewers' organizations. Hidden reviews count nowhere.
#[utoipa::path(get, path = "/api/v1/listings/{id}/reviews", tag = "technology",
    params(("id" = String, Path, format = Uuid), ReviewsQuery),
    responses((status = 200, body = ReviewPage), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn listing_reviews(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    QueryParams(q): QueryParams<ReviewsQuery>,
) -> Result<Json<ReviewPage>, AppError> {
    Ok(Json(
        state
            .technology
            .reviews_of(&me.actor(), id, q.sort()?, q.after(), REVIEWS_PAGE)
            .await?,
    ))
}

/// Reviews a listing: once per member (409 when they have; edit it instead). A member of the
/// listing's vendor, or of a vendor whose listing shares a business function with it, is
/// refused (403 `conflict_of_interest`).
#[utoipa::path(post, path = "/api/v1/listings/{id}/reviews", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ReviewBody,
    responses((status = 201, body = Review), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn write_review(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<(StatusCode, Json<Review>), AppError> {
    let scores = body.scores()?;
    let actor = me.actor();
    let review = state.technology.write_review(&actor, id, &scores).await?;
    Ok((
        StatusCode::CREATED,
        Json(state.technology.review(&actor, review).await?),
    ))
}

/// Whether the caller may review a listing: `yes`, `already_reviewed` (with the review),
/// `conflict_of_interest` or `no_organization`.
#[utoipa::path(get, path = "/api/v1/listings/{id}/reviews/eligibility", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Eligibility), (status = 404, body = ErrorBody)))]
pub(crate) async fn review_eligibility(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Json<Eligibility>, AppError> {
    let actor = me.actor();
    state.technology.listing(&actor, id).await?;
    Ok(Json(state.technology.eligibility(&actor, id).await?))
}

/// One review.
#[utoipa::path(get, path = "/api/v1/reviews/{id}", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Review), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_review(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Json<Review>, AppError> {
    Ok(Json(state.technology.review(&me.actor(), id).await?))
}

/// Its author changes a review; every earlier version stays in its history.
#[utoipa::path(put, path = "/api/v1/reviews/{id}", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ReviewBody,
    responses((status = 200, body = Review), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn edit_review(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Json<Review>, AppError> {
    let scores = body.scores()?;
    let actor = me.actor();
    state.technology.edit_review(&actor, id, &scores).await?;
    Ok(Json(state.technology.review(&actor, id).await?))
}

/// Every version of a review, newest first.
#[utoipa::path(get, path = "/api/v1/reviews/{id}/revisions", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<ReviewRevision>), (status = 404, body = ErrorBody)))]
pub(crate) async fn review_revisions(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Json<Vec<ReviewRevision>>, AppError> {
    Ok(Json(
        state.technology.review_history(&me.actor(), id).await?,
    ))
}

/// Marks a review helpful (once per member; not one's own: 409).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/helpful", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Review), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub(crate) async fn vote_helpful(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Json<Review>, AppError> {
    let actor = me.actor();
    state.technology.vote_helpful(&actor, id, true).await?;
    Ok(Json(state.technology.review(&actor, id).await?))
}

/// Takes back a helpful vote.
#[utoipa::path(delete, path = "/api/v1/reviews/{id}/helpful", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Review), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub(crate) async fn unvote_helpful(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Json<Review>, AppError> {
    let actor = me.actor();
    state.technology.vote_helpful(&actor, id, false).await?;
    Ok(Json(state.technology.review(&actor, id).await?))
}

/// Reports a review to the moderators (one open report per member and review; not one's own).
#[utoipa::path(post, path = "/api/v1/reviews/{id}/reports", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ReportBody,
    responses((status = 201, body = String), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn report_review(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let reason = ReportReason::parse(&body.reason)?;
    let report = state
        .technology
        .report_review(&me.actor(), id, reason, &body.note)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": report })),
    ))
}

/// The vendor's one public response to a review: posted by a member of the listing's vendor,
/// changed by its author.
#[utoipa::path(put, path = "/api/v1/reviews/{id}/response", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ResponseBody,
    responses((status = 200, body = Review), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn respond(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> Result<Json<Review>, AppError> {
    let actor = me.actor();
    state.technology.respond(&actor, id, &body.response).await?;
    Ok(Json(state.technology.review(&actor, id).await?))
}

/// The open reports, oldest first. Moderators only.
#[utoipa::path(get, path = "/api/v1/review-reports", tag = "technology",
    responses((status = 200, body = Vec<ReviewReport>), (status = 403, body = ErrorBody)))]
pub(crate) async fn open_reports(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<ReviewReport>>, AppError> {
    Ok(Json(state.technology.open_reports(&me.actor()).await?))
}

/// Hides the reported review, settling every open report of it. Moderators only.
#[utoipa::path(post, path = "/api/v1/review-reports/{id}/hide", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn hide_reported(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewReportId>,
) -> Result<StatusCode, AppError> {
    state
        .technology
        .settle_report(&me.actor(), id, ReportOutcome::Hide)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a report and leaves the review as it is. Moderators only.
#[utoipa::path(post, path = "/api/v1/review-reports/{id}/dismiss", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn dismiss_report(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewReportId>,
) -> Result<StatusCode, AppError> {
    state
        .technology
        .settle_report(&me.actor(), id, ReportOutcome::Dismiss)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Shows a hidden review again. Moderators only.
#[utoipa::path(post, path = "/api/v1/reviews/{id}/restore", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Review), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub(crate) async fn restore_review(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Json<Review>, AppError> {
    let actor = me.actor();
    state.technology.restore_review(&actor, id).await?;
    Ok(Json(state.technology.review(&actor, id).await?))
}
