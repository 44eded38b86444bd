//! The member and organization directories and "people you may know". The people service
//! decides who appears and which fields the viewer may see; these handlers only translate.

use axum::Json;
use axum::extract::State;
use civiclink_people::{
    DirectoryEntry, DirectoryFilter, OrgEntry, OrgFilter, Page, Suggestion, page_size,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::kit::error::AppError;
use crate::kit::extract::QueryParams;
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(members))
        .routes(routes!(organizations))
        .routes(routes!(suggestions))
}

/// Filters of the member directory; every one is optional.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct MemberDirectoryQuery {
    /// Prefix of any word of the name (accents and case ignored).
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub region: String,
    /// Two-letter country code.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub association_id: String,
    /// under_10k, 10k_50k, 50k_250k, 250k_1m or over_1m.
    #[serde(default)]
    pub size_band: String,
    /// An expertise tag, e.g. `gis`.
    #[serde(default)]
    pub expertise: String,
    /// member, moderator, association_admin or site_admin.
    #[serde(default)]
    pub role: String,
    /// name (default) or recent.
    #[serde(default)]
    pub sort: String,
    /// The `next` of the previous page.
    #[serde(default)]
    pub cursor: String,
    /// 1 to 100 (default 20).
    pub limit: Option<u32>,
}

impl MemberDirectoryQuery {
    pub(crate) fn filter(&self) -> Result<DirectoryFilter, AppError> {
        Ok(DirectoryFilter::parse(
            &self.q,
            &self.org_id,
            &self.region,
            &self.country,
            &self.association_id,
            &self.size_band,
            &self.expertise,
            &self.role,
            &self.sort,
        )?)
    }

    /// The query string of these filters, without the cursor and the page size.
    pub(crate) fn filters_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("q", self.q.as_str()),
            ("org_id", &self.org_id),
            ("region", &self.region),
            ("country", &self.country),
            ("association_id", &self.association_id),
            ("size_band", &self.size_band),
            ("expertise", &self.expertise),
            ("role", &self.role),
            ("sort", &self.sort),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Filters of the organization directory.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct OrgDirectoryQuery {
    /// Prefix of the organization's name.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub association_id: String,
    /// municipality, vendor or partner.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub size_band: String,
    #[serde(default)]
    pub cursor: String,
    /// 1 to 100 (default 20).
    pub limit: Option<u32>,
}

impl OrgDirectoryQuery {
    pub(crate) fn filter(&self) -> Result<OrgFilter, AppError> {
        Ok(OrgFilter::parse(
            &self.q,
            &self.region,
            &self.country,
            &self.association_id,
            &self.kind,
            &self.size_band,
        )?)
    }

    pub(crate) fn filters_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("q", self.q.as_str()),
            ("region", &self.region),
            ("country", &self.country),
            ("association_id", &self.association_id),
            ("kind", &self.kind),
            ("size_band", &self.size_band),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The member directory: listed, active members matching every filter, with only the fields
/// the caller may see. Pages follow keyset cursors.
#[utoipa::path(get, path = "/api/v1/directory/members", tag = "directory",
    params(MemberDirectoryQuery),
    responses((status = 200, body = Page<DirectoryEntry>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn members(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(q): QueryParams<MemberDirectoryQuery>,
) -> Result<Json<Page<DirectoryEntry>>, AppError> {
    let filter = q.filter()?;
    let limit = page_size(q.limit)?;
    Ok(Json(
        state
            .people
            .directory(me.member.id, &filter, limit, Some(&q.cursor))
            .await?,
    ))
}

/// The organization directory, by name.
#[utoipa::path(get, path = "/api/v1/directory/organizations", tag = "directory",
    params(OrgDirectoryQuery),
    responses((status = 200, body = Page<OrgEntry>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn organizations(
    State(state): State<AppState>,
    _me: ActiveMember,
    QueryParams(q): QueryParams<OrgDirectoryQuery>,
) -> Result<Json<Page<OrgEntry>>, AppError> {
    let filter = q.filter()?;
    let limit = page_size(q.limit)?;
    Ok(Json(
        state
            .people
            .org_directory(&filter, limit, Some(&q.cursor))
            .await?,
    ))
}

/// People the caller may know, best first, each with the reasons.
#[utoipa::path(get, path = "/api/v1/suggestions", tag = "directory",
    responses((status = 200, body = Vec<Suggestion>), (status = 401, body = ErrorBody)))]
pub(crate) async fn suggestions(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Suggestion>>, AppError> {
    Ok(Json(state.people.suggestions(me.member.id, 20).await?))
}
