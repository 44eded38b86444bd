//! Comparing listings side by side (page and API), and a listing's statistics through the API:
//! ratings by dimension, adoption by size band, versions in use, hosting.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_domain::SizeBand;
use civiclink_i18n::t;
use civiclink_technology::{Compared, ListingId, ListingStats};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::extract::{PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/technology/compare", get(compare_page))
        .routes(routes!(compare))
        .routes(routes!(listing_stats))
}

/// The listings to compare: `ids` repeated, or separated by commas.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareQuery {
    /// Two to four listing ids, separated by commas (or the parameter repeated).
    #[allow(dead_code)]
    ids: String,
}

/// The ids of a query's `ids` parameters, each of which may hold several separated by commas.
fn ids_of(pairs: &[(String, String)]) -> Result<Vec<ListingId>, AppError> {
    let mut out = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "ids") {
        for part in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            out.push(part.parse().map_err(|_| {
                AppError::from(civiclink_domain::ValidationError::new(
                    "ids",
                    "invalid-choice",
                ))
            })?);
        }
    }
    Ok(out)
}

/// Two to four listings side by side: ratings by dimension, adoption by size band, versions in
/// use, hosting.
#[utoipa::path(get, path = "/api/v1/listings/compare", tag = "technology", params(CompareQuery),
    responses((status = 200, body = Vec<Compared>), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn compare(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(pairs): QueryParams<Vec<(String, String)>>,
) -> Result<Json<Vec<Compared>>, AppError> {
    let ids = ids_of(&pairs)?;
    Ok(Json(state.technology.compare(&me.actor(), &ids).await?))
}

/// A listing's ratings (aggregates), how many organizations run it and of which size, and the
/// versions in use.
#[utoipa::path(get, path = "/api/v1/listings/{id}/stats", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = ListingStats), (status = 404, body = ErrorBody)))]
pub(crate) async fn listing_stats(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Json<ListingStats>, AppError> {
    state.technology.listing(&me.actor(), id).await?;
    Ok(Json(state.technology.stats(id).await?))
}

#[derive(Template)]
#[template(path = "technology/compare.html")]
struct CompareTemplate {
    page: Page,
    items: std::sync::Arc<Vec<Compared>>,
    bands: Vec<SizeBand>,
}

async fn compare_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(pairs): QueryParams<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let ids = ids_of(&pairs)?;
    let key: Vec<String> = ids.iter().map(ToString::to_string).collect();
    // Kept until the next write, as every page's data ([`AppState::read_through`]).
    let items = state
        .read_through(format!("{}:{}", me.member.id, key.join(",")), || async {
            Ok(state.technology.compare(&me.actor(), &ids).await?)
        })
        .await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-compare-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &CompareTemplate {
            page,
            items,
            bands: SizeBand::ALL.to_vec(),
        },
    ))
}
