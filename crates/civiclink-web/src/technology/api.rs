//! The directory's API: business functions, listings (browse, read, propose, edit, history,
//! revert) and the moderators' decisions. Every answer names the page of what it returns
//! (`url`). Who may do what is the technology service's call.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civiclink_i18n::t;
use civiclink_technology::{
    BrowseFilter, BrowsePage, BusinessFunction, ListingDetail, ListingId, ListingKind, Proposal,
    Revision, RevisionId, TechnologyError,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::input::ListingBody;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, OptionalJson, PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_functions, add_function))
        .routes(routes!(browse, propose))
        .routes(routes!(get_listing))
        .routes(routes!(history, propose_edit))
        .routes(routes!(revert))
        .routes(routes!(pending))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

#[derive(Deserialize, ToSchema)]
pub struct FunctionBody {
    #[serde(default)]
    pub name: String,
}

/// The business functions of the taxonomy, by name.
#[utoipa::path(get, path = "/api/v1/business-functions", tag = "technology",
    responses((status = 200, body = Vec<BusinessFunction>)))]
pub(crate) async fn list_functions(
    State(state): State<AppState>,
    _me: ActiveMember,
) -> Result<Json<Vec<BusinessFunction>>, AppError> {
    Ok(Json(state.technology.functions().await?))
}

/// Adds a business function to the taxonomy. Site administrators only. Audited.
#[utoipa::path(post, path = "/api/v1/business-functions", tag = "technology", request_body = FunctionBody,
    responses((status = 201, body = BusinessFunction), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_function(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<FunctionBody>,
) -> Result<(StatusCode, Json<BusinessFunction>), AppError> {
    let f = state
        .technology
        .add_function(&me.actor(), &body.name)
        .await?;
    Ok((StatusCode::CREATED, Json(f)))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct BrowseQuery {
    /// A business function's slug.
    #[serde(default)]
    pub function: String,
    /// `software`, `hardware`, `service` or `open_source`.
    #[serde(default)]
    pub kind: String,
    /// A vendor's name.
    #[serde(default)]
    pub vendor: String,
    /// Words of the name.
    #[serde(default)]
    pub q: String,
    /// The `next` of the previous page.
    #[serde(default)]
    pub after: String,
}

impl BrowseQuery {
    pub(crate) fn filter(&self) -> Result<BrowseFilter, AppError> {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(BrowseFilter {
            function: some(&self.function),
            kind: match self.kind.trim() {
                "" => None,
                k => Some(ListingKind::parse(k)?),
            },
            vendor: some(&self.vendor),
            q: some(&self.q),
            after: some(&self.after),
        })
    }
}

/// Published listings in name order, 50 a page, narrowed by function, kind, vendor and name.
#[utoipa::path(get, path = "/api/v1/listings", tag = "technology", params(BrowseQuery),
    responses((status = 200, body = BrowsePage), (status = 422, body = ErrorBody)))]
pub(crate) async fn browse(
    State(state): State<AppState>,
    _me: ActiveMember,
    QueryParams(q): QueryParams<BrowseQuery>,
) -> Result<Json<BrowsePage>, AppError> {
    Ok(Json(state.technology.browse(&q.filter()?).await?))
}

/// A proposal refused because its name is near these listings'.
#[derive(Serialize, ToSchema)]
pub struct NearDuplicates {
    /// `near_duplicates`.
    pub error: &'static str,
    pub message: String,
    pub candidates: Vec<civiclink_technology::ListingSummary>,
}

/// Proposes a listing. A moderator's is published at once; anyone else's waits for a
/// moderator. A name near an existing listing's is refused with the candidates (409
/// `near_duplicates`) unless `confirm_new` is true.
#[utoipa::path(post, path = "/api/v1/listings", tag = "technology", request_body = ListingBody,
    responses((status = 201, body = Proposal), (status = 409, body = NearDuplicates),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn propose(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<ListingBody>,
) -> Result<Response, AppError> {
    let content = body.content()?;
    match state
        .technology
        .propose(&me.actor(), &content, &body.summary, body.confirm_new)
        .await
    {
        Ok(p) => Ok((StatusCode::CREATED, Json(p)).into_response()),
        Err(TechnologyError::NearDuplicates(candidates)) => Ok((
            StatusCode::CONFLICT,
            Json(NearDuplicates {
                error: "near_duplicates",
                message: t(me.lang, "error-conflict-near-duplicates"),
                candidates,
            }),
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// A listing with its functions. One not yet published exists only for its author and
/// moderators.
#[utoipa::path(get, path = "/api/v1/listings/{id}", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ListingDetail), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_listing(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Json<ListingDetail>, AppError> {
    Ok(Json(state.technology.listing(&me.actor(), id).await?))
}

/// Every revision of a listing, newest first, with who wrote and who decided it.
#[utoipa::path(get, path = "/api/v1/listings/{id}/revisions", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<Revision>), (status = 404, body = ErrorBody)))]
pub(crate) async fn history(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Json<Vec<Revision>>, AppError> {
    Ok(Json(state.technology.history(&me.actor(), id).await?))
}

/// Proposes an edit of a published listing, written against revision `base` (the listing's
/// `revision`). A moderator's edit takes effect at once.
#[utoipa::path(post, path = "/api/v1/listings/{id}/revisions", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = ListingBody,
    responses((status = 201, body = Revision), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn propose_edit(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    ApiJson(body): ApiJson<ListingBody>,
) -> Result<(StatusCode, Json<Revision>), AppError> {
    let content = body.content()?;
    let base = body
        .base
        .ok_or_else(|| civiclink_domain::ValidationError::new("base", "required"))?;
    let r = state
        .technology
        .propose_edit(&me.actor(), id, &content, base, &body.summary)
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

#[derive(Default, Deserialize, ToSchema)]
pub struct RevertBody {
    /// The approved revision to bring back.
    #[serde(default)]
    pub number: i32,
    #[serde(default)]
    pub summary: String,
}

/// Restores an earlier approved revision, as a new revision. Moderators only. Audited.
#[utoipa::path(post, path = "/api/v1/listings/{id}/revert", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = RevertBody,
    responses((status = 201, body = Revision), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn revert(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    OptionalJson(body): OptionalJson<RevertBody>,
) -> Result<(StatusCode, Json<Revision>), AppError> {
    let r = state
        .technology
        .revert(&me.actor(), id, body.number, &body.summary)
        .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// The revisions waiting for a moderator, oldest first. Moderators only.
#[utoipa::path(get, path = "/api/v1/listing-revisions", tag = "technology",
    responses((status = 200, body = Vec<Revision>), (status = 403, body = ErrorBody)))]
pub(crate) async fn pending(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Revision>>, AppError> {
    Ok(Json(state.technology.pending(&me.actor()).await?))
}

#[derive(Default, Deserialize, ToSchema)]
pub struct DecisionBody {
    /// Why, for the author and the audit log (at most 300 characters).
    #[serde(default)]
    pub note: Option<String>,
}

/// Approves a pending revision: a new listing is published, an edit applied (409 when the
/// listing changed since it was written). Moderators only. Audited.
#[utoipa::path(post, path = "/api/v1/listing-revisions/{id}/approve", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = DecisionBody,
    responses((status = 200, body = Revision), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn approve(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<RevisionId>,
    OptionalJson(body): OptionalJson<DecisionBody>,
) -> Result<Json<Revision>, AppError> {
    let note = body.note.unwrap_or_default();
    Ok(Json(
        state
            .technology
            .decide(&me.actor(), id, true, &note)
            .await?,
    ))
}

/// Rejects a pending revision; a new listing's rejection keeps it from everyone but its author
/// and moderators. Moderators only. Audited.
#[utoipa::path(post, path = "/api/v1/listing-revisions/{id}/reject", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = DecisionBody,
    responses((status = 200, body = Revision), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn reject(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<RevisionId>,
    OptionalJson(body): OptionalJson<DecisionBody>,
) -> Result<Json<Revision>, AppError> {
    let note = body.note.unwrap_or_default();
    Ok(Json(
        state
            .technology
            .decide(&me.actor(), id, false, &note)
            .await?,
    ))
}
