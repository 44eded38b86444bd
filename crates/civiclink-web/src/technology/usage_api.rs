//! Usage records through the API: who uses a listing, an organization's stack, recording,
//! changing and confirming a record. Who may change a record is the technology service's call:
//! the organization's members (and site administrators).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use civiclink_domain::{OrgId, SizeBand, ValidationError};
use civiclink_technology::{ListingId, UsageFilter, UsageRecord, UsageRecordId, UsageStatus};
use serde::Deserialize;
use utoipa::IntoParams;

use super::input::UsageBody;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(listing_usage))
        .routes(routes!(org_stack, record_usage))
        .routes(routes!(update_usage))
        .routes(routes!(confirm_usage))
        .routes(routes!(renewals))
        .routes(routes!(to_confirm))
}

/// The caller's organization's records that nobody has confirmed for a year (those naming the
/// caller as the contact first): what the directory asks them to confirm or update.
#[utoipa::path(get, path = "/api/v1/usage-records/to-confirm", tag = "technology",
    responses((status = 200, body = Vec<UsageRecord>)))]
pub(crate) async fn to_confirm(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<UsageRecord>>, AppError> {
    Ok(Json(state.technology.to_confirm(&me.actor()).await?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct RenewalsQuery {
    /// A business function's slug.
    #[serde(default)]
    pub function: String,
    /// A listing's id.
    #[serde(default)]
    pub listing: String,
    /// How far ahead, in days (1 to 3660; 365 by default).
    #[serde(default)]
    pub days: Option<i64>,
}

impl RenewalsQuery {
    pub(crate) fn listing(&self) -> Result<Option<ListingId>, AppError> {
        match self.listing.trim() {
            "" => Ok(None),
            s => s.parse().map(Some).map_err(|_| {
                civiclink_domain::ValidationError::new("listing", "invalid-choice").into()
            }),
        }
    }
}

/// The renewals radar: usage records whose support or contract ends in the next year (or
/// `days`), soonest first, so municipalities can coordinate procurement. A contract an
/// organization keeps to itself counts only for its own members.
#[utoipa::path(get, path = "/api/v1/renewals", tag = "technology", params(RenewalsQuery),
    responses((status = 200, body = Vec<UsageRecord>), (status = 422, body = ErrorBody)))]
pub(crate) async fn renewals(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(q): QueryParams<RenewalsQuery>,
) -> Result<Json<Vec<UsageRecord>>, AppError> {
    let listing = q.listing()?;
    Ok(Json(
        state
            .technology
            .renewals(
                &me.actor(),
                Some(&q.function),
                listing,
                q.days.unwrap_or(365),
            )
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct UsageQuery {
    /// `evaluating`, `piloting`, `production`, `retiring` or `retired`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub region: String,
    /// A two-letter country code.
    #[serde(default)]
    pub country: String,
    /// `under_10k`, `10k_50k`, `50k_250k`, `250k_1m` or `over_1m`.
    #[serde(default)]
    pub size_band: String,
}

impl UsageQuery {
    pub(crate) fn filter(&self) -> Result<UsageFilter, AppError> {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(UsageFilter {
            status: match self.status.trim() {
                "" => None,
                s => Some(UsageStatus::parse(s)?),
            },
            region: some(&self.region),
            country: some(&self.country).map(|c| c.to_ascii_uppercase()),
            size_band: match self.size_band.trim() {
                "" => None,
                s => Some(s.parse::<SizeBand>()?),
            },
        })
    }
}

/// Where a page of records starts and how many it holds, for the API.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct UsagePaging {
    /// How many records come before this page (default 0).
    #[serde(default)]
    pub from: i64,
    /// How many records a page holds (default 100, at most 500).
    pub limit: Option<i64>,
}

/// How many records a page of the API holds unless asked otherwise.
const API_USAGE_PAGE: i64 = 100;

/// Who uses a listing: one record per organization, by name, narrowed by status, region,
/// country and size band, `limit` at a time. A number of users or a contract an organization
/// keeps to itself is left out for everyone else. `X-Total-Count` says how many records match;
/// when more follow, `Link: <…>; rel="next"` gives the next page's address.
#[utoipa::path(get, path = "/api/v1/listings/{id}/usage", tag = "technology",
    params(("id" = String, Path, format = Uuid), UsageQuery, UsagePaging),
    responses((status = 200, body = Vec<UsageRecord>, headers(
            ("X-Total-Count" = i64, description = "how many records match the filter"),
            ("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn listing_usage(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    QueryParams(q): QueryParams<UsageQuery>,
    QueryParams(paging): QueryParams<UsagePaging>,
) -> Result<Response, AppError> {
    let limit = paging.limit.unwrap_or(API_USAGE_PAGE);
    if !(1..=500).contains(&limit) {
        return Err(ValidationError::new("limit", "between-1-500").into());
    }
    let page = state
        .technology
        .usage_page(&me.actor(), id, &q.filter()?, paging.from, limit)
        .await?;
    let next = page.next_offset();
    let total = page.matching;
    let mut response = Json(page.items).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(total));
    if let Some(next) = next {
        let mut pairs: Vec<(&str, String)> = [
            ("status", &q.status),
            ("region", &q.region),
            ("country", &q.country),
            ("size_band", &q.size_band),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_owned()))
        .collect();
        pairs.push(("from", next.to_string()));
        if let Some(limit) = paging.limit {
            pairs.push(("limit", limit.to_string()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        let link = format!("</api/v1/listings/{id}/usage?{query}>; rel=\"next\"");
        headers.insert(
            "link",
            HeaderValue::from_str(&link).map_err(AppError::internal)?,
        );
    }
    Ok(response)
}

/// An organization's stack: every listing it records, by name.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/stack", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<UsageRecord>), (status = 404, body = ErrorBody)))]
pub(crate) async fn org_stack(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Json<Vec<UsageRecord>>, AppError> {
    state.accounts.organization(id).await?;
    Ok(Json(state.technology.stack(&me.actor(), id).await?))
}

/// Records that the organization uses a listing (`listing_id`). Its members only; one record
/// per organization and listing (409 when it exists).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/stack", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = UsageBody,
    responses((status = 201, body = UsageRecord), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn record_usage(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(org): PathParam<OrgId>,
    ApiJson(body): ApiJson<UsageBody>,
) -> Result<(StatusCode, Json<UsageRecord>), AppError> {
    let listing: ListingId = body
        .listing_id
        .as_deref()
        .unwrap_or("")
        .trim()
        .parse()
        .map_err(|_| civiclink_domain::ValidationError::new("listing_id", "invalid-choice"))?;
    let details = body.details()?;
    let actor = me.actor();
    let id = state
        .technology
        .record_usage(&actor, listing, org, &details)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(state.technology.usage_record(&actor, id).await?),
    ))
}

/// Changes a usage record, which counts as confirming it. Its organization's members only.
#[utoipa::path(put, path = "/api/v1/usage-records/{id}", tag = "technology",
    params(("id" = String, Path, format = Uuid)), request_body = UsageBody,
    responses((status = 200, body = UsageRecord), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_usage(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
    ApiJson(body): ApiJson<UsageBody>,
) -> Result<Json<UsageRecord>, AppError> {
    let details = body.details()?;
    let actor = me.actor();
    state.technology.update_usage(&actor, id, &details).await?;
    Ok(Json(state.technology.usage_record(&actor, id).await?))
}

/// Confirms a usage record is still true. Its organization's members only.
#[utoipa::path(post, path = "/api/v1/usage-records/{id}/confirm", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = UsageRecord), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub(crate) async fn confirm_usage(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
) -> Result<Json<UsageRecord>, AppError> {
    let actor = me.actor();
    state.technology.confirm_usage(&actor, id).await?;
    Ok(Json(state.technology.usage_record(&actor, id).await?))
}
