//! The organizations of the registry through the API: the list, one organization, a new one,
//! and changes (by administrators of its association, or its page by its own administrators).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_accounts::{
    NewOrganization, Organization, OrganizationUpdate, parse_description, parse_population,
    parse_team_size, parse_website,
};
use civiclink_domain::{
    AssociationId, CountryCode, MunicipalityType, OrgId, OrgKind, ShortText, ValidationError,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam, QueryParams, parse_opt};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::{ActiveMember, Admin};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(get_organization, update_organization))
}

/// An organization as the API answers it: its fields and the address of its page.
#[derive(Serialize, ToSchema)]
pub struct OrganizationAnswer {
    #[serde(flatten)]
    pub organization: Organization,
    /// The organization's page.
    pub url: String,
}

impl OrganizationAnswer {
    fn of(state: &AppState, organization: Organization) -> Self {
        Self {
            url: format!(
                "{}/organizations/{}",
                state.config.public_url, organization.id
            ),
            organization,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct OrgQuery {
    pub association_id: Option<String>,
}

/// Organizations, optionally of one association.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organizations", params(OrgQuery),
    responses((status = 200, body = Vec<OrganizationAnswer>)))]
pub(crate) async fn list_organizations(
    State(state): State<AppState>,
    _member: ActiveMember,
    QueryParams(q): QueryParams<OrgQuery>,
) -> Result<Json<Vec<OrganizationAnswer>>, AppError> {
    let association = parse_opt::<AssociationId>(q.association_id.as_deref(), "association_id")?;
    let orgs = state.accounts.list_organizations(association).await?;
    Ok(Json(
        orgs.into_iter()
            .map(|o| OrganizationAnswer::of(&state, o))
            .collect(),
    ))
}

/// One organization.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path)),
    responses((status = 200, body = OrganizationAnswer), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_organization(
    State(state): State<AppState>,
    _member: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Json<OrganizationAnswer>, AppError> {
    let org = state.accounts.organization(id).await?;
    Ok(Json(OrganizationAnswer::of(&state, org)))
}

#[derive(Deserialize, ToSchema)]
pub struct OrganizationBody {
    pub association_id: String,
    pub name: String,
    /// municipality, vendor or partner
    pub kind: String,
    pub region: String,
    pub country: String,
    pub population: Option<i64>,
}

pub(crate) fn parse_new_org(
    association_id: &str,
    name: &str,
    kind: &str,
    region: &str,
    country: &str,
    population: Option<&str>,
) -> Result<NewOrganization, AppError> {
    Ok(NewOrganization {
        association_id: parse_opt::<AssociationId>(Some(association_id), "association_id")?
            .ok_or(ValidationError::new("association_id", "required"))?,
        name: ShortText::parse(name, "name")?,
        kind: kind.parse::<OrgKind>()?,
        region: ShortText::parse(region, "region")?,
        country: CountryCode::parse(country)?,
        population: parse_population(population)?,
    })
}

/// Creates an organization in an association the administrator administers.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organizations", request_body = OrganizationBody,
    responses((status = 201, body = OrganizationAnswer), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_organization(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(body): ApiJson<OrganizationBody>,
) -> Result<(StatusCode, Json<OrganizationAnswer>), AppError> {
    let population = body.population.map(|p| p.to_string());
    let new = parse_new_org(
        &body.association_id,
        &body.name,
        &body.kind,
        &body.region,
        &body.country,
        population.as_deref(),
    )?;
    let org = state
        .accounts
        .create_organization(Some(&admin.actor()), new)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(OrganizationAnswer::of(&state, org)),
    ))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    #[serde(default, deserialize_with = "double_option_i64")]
    #[schema(value_type = Option<i64>)]
    pub population: Option<Option<i64>>,
    /// city, town, township, village, county, region, municipality, city_council,
    /// district_council, regional_council or unitary_council; empty clears it
    pub municipality_type: Option<String>,
    #[serde(default, deserialize_with = "double_option_i64")]
    #[schema(value_type = Option<i64>)]
    pub it_team_size: Option<Option<i64>>,
    pub website: Option<String>,
    pub description: Option<String>,
}

fn double_option_i64<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

/// Changes an organization: anything, for administrators of its association; its page (population,
/// type, IT team size, website, description), for its own administrators. Audited.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "organizations", params(("id" = String, Path)),
    request_body = OrganizationPatch,
    responses((status = 200, body = OrganizationAnswer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_organization(
    State(state): State<AppState>,
    admin: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    ApiJson(patch): ApiJson<OrganizationPatch>,
) -> Result<Json<OrganizationAnswer>, AppError> {
    let population = match patch.population {
        None => None,
        Some(p) => Some(parse_population(p.map(|n| n.to_string()).as_deref())?),
    };
    let update = OrganizationUpdate {
        name: patch
            .name
            .as_deref()
            .map(|n| ShortText::parse(n, "name"))
            .transpose()?,
        kind: patch
            .kind
            .as_deref()
            .map(str::parse::<OrgKind>)
            .transpose()?,
        region: patch
            .region
            .as_deref()
            .map(|r| ShortText::parse(r, "region"))
            .transpose()?,
        country: patch
            .country
            .as_deref()
            .map(CountryCode::parse)
            .transpose()?,
        population,
        municipality_type: patch
            .municipality_type
            .as_deref()
            .map(|t| match t.trim() {
                "" => Ok(None),
                t => MunicipalityType::parse(t).map(Some),
            })
            .transpose()?,
        it_team_size: match patch.it_team_size {
            None => None,
            Some(n) => Some(parse_team_size(
                &n.map(|n| n.to_string()).unwrap_or_default(),
            )?),
        },
        website: patch.website.as_deref().map(parse_website).transpose()?,
        description: patch
            .description
            .as_deref()
            .map(parse_description)
            .transpose()?,
    };
    let org = state
        .accounts
        .update_organization(&admin.actor(), id, update)
        .await?;
    Ok(Json(OrganizationAnswer::of(&state, org)))
}
