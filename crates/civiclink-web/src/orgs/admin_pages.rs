//! Organizations as association administrators keep them: the list, a new one, and one organization with its administrators.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_accounts::{Association, Organization, OrganizationUpdate};
use civiclink_domain::{CountryCode, MunicipalityType, OrgId, OrgKind, ShortText};
use serde::Deserialize;

use civiclink_i18n::{Arg, t, t_args};

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{Admin, SessionHandle, set_flash};
use crate::kit::state::AppState;
use crate::orgs::registry_api::parse_new_org;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/admin/organizations",
            get(organizations).post(create_organization),
        )
        .route(
            "/admin/organizations/{id}",
            get(organization).post(update_organization),
        )
}

#[derive(Template)]
#[template(path = "admin/organizations.html")]
struct OrganizationsPage {
    page: Page,
    organizations: Vec<Organization>,
    associations: Vec<Association>,
    form: FormState,
    kinds: [OrgKind; 3],
}

async fn organizations_page(
    state: &AppState,
    s: &tower_sessions::Session,
    admin: &Admin,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-organizations"),
        "admin-organizations",
    )
    .await?;
    Ok(render(
        status,
        &OrganizationsPage {
            page,
            organizations: state
                .accounts
                .organizations_in_reach(&admin.actor())
                .await?,
            associations: state.accounts.associations_in_reach(&admin.actor()).await?,
            form,
            kinds: OrgKind::ALL,
        },
    ))
}

async fn organizations(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
) -> Result<Response, AppError> {
    organizations_page(
        &state,
        &s,
        &admin,
        FormState::new(admin.lang()),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct OrgForm {
    #[serde(default)]
    association_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    municipality_type: String,
    #[serde(default)]
    it_team_size: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    description: String,
}

impl OrgForm {
    fn state(&self, lang: civiclink_domain::Language) -> FormState {
        FormState::with_values(
            lang,
            [
                ("association_id", self.association_id.as_str()),
                ("name", self.name.as_str()),
                ("kind", self.kind.as_str()),
                ("region", self.region.as_str()),
                ("country", self.country.as_str()),
                ("population", self.population.as_str()),
                ("municipality_type", self.municipality_type.as_str()),
                ("it_team_size", self.it_team_size.as_str()),
                ("website", self.website.as_str()),
                ("description", self.description.as_str()),
            ],
        )
    }
}

async fn create_organization(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    FormData(f): FormData<OrgForm>,
) -> Result<Response, AppError> {
    let mut form = f.state(admin.lang());
    let result = match parse_new_org(
        &f.association_id,
        &f.name,
        &f.kind,
        &f.region,
        &f.country,
        Some(&f.population),
    ) {
        Ok(new) => state
            .accounts
            .create_organization(Some(&admin.actor()), new)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(o) => {
            set_flash(
                &s,
                t_args(
                    admin.lang(),
                    "orgs-added",
                    &[("name", Arg::Str(o.name.clone()))],
                ),
            )
            .await?;
            Ok(Redirect::to("/admin/organizations").into_response())
        }
        Err(AppError::Forbidden) => Err(AppError::Forbidden),
        Err(e) => {
            form.absorb(e)?;
            organizations_page(&state, &s, &admin, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin/organization.html")]
struct OrganizationPage {
    page: Page,
    org: Organization,
    form: FormState,
    kinds: [OrgKind; 3],
    types: [MunicipalityType; 11],
    admins: Vec<civiclink_accounts::OrgAdmin>,
    /// Active members of the organization who do not administer it yet.
    candidates: Vec<civiclink_people::OrgMember>,
}

/// The organization's administrators, and the members who could become one.
async fn org_admin_choices(
    state: &AppState,
    org: OrgId,
) -> Result<
    (
        Vec<civiclink_accounts::OrgAdmin>,
        Vec<civiclink_people::OrgMember>,
    ),
    AppError,
> {
    let admins = state.accounts.org_admins(org).await?;
    let candidates = state
        .people
        .org_members(org, None, 1000)
        .await?
        .into_iter()
        .filter(|m| !admins.iter().any(|a| a.member_id == m.member_id))
        .collect();
    Ok((admins, candidates))
}

async fn organization(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    if !admin.actor().administers(Some(org.association_id)) {
        return Err(AppError::NotFound);
    }
    let population = org.population.map(|p| p.to_string()).unwrap_or_default();
    let team = org.it_team_size.map(|n| n.to_string()).unwrap_or_default();
    let form = FormState::with_values(
        admin.lang(),
        [
            ("name", org.name.as_str()),
            ("kind", org.kind.as_str()),
            ("region", org.region.as_str()),
            ("country", org.country.as_str()),
            ("population", population.as_str()),
            (
                "municipality_type",
                org.municipality_type.map_or("", MunicipalityType::as_str),
            ),
            ("it_team_size", team.as_str()),
            ("website", org.website.as_str()),
            ("description", org.description.as_str()),
        ],
    );
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        org.name.clone(),
        "admin-organizations",
    )
    .await?;
    let (admins, candidates) = org_admin_choices(&state, id).await?;
    Ok(render(
        StatusCode::OK,
        &OrganizationPage {
            page,
            org,
            form,
            kinds: OrgKind::ALL,
            types: MunicipalityType::ALL,
            admins,
            candidates,
        },
    ))
}

async fn update_organization(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<OrgId>,
    FormData(f): FormData<OrgForm>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    if !admin.actor().administers(Some(org.association_id)) {
        return Err(AppError::NotFound);
    }
    let mut form = f.state(admin.lang());
    let name = form.check(ShortText::parse(&f.name, "name"));
    let kind = form.check(f.kind.parse::<OrgKind>());
    let region = form.check(ShortText::parse(&f.region, "region"));
    let country = form.check(CountryCode::parse(&f.country));
    let page_fields = crate::orgs::pages::check_page_fields(
        &mut form,
        crate::orgs::pages::PageFields {
            population: &f.population,
            municipality_type: &f.municipality_type,
            it_team_size: &f.it_team_size,
            website: &f.website,
            description: &f.description,
        },
    );
    if !form.has_errors() {
        let update = OrganizationUpdate {
            name,
            kind,
            region,
            country,
            ..page_fields
        };
        match state
            .accounts
            .update_organization(&admin.actor(), id, update)
            .await
        {
            Ok(o) => {
                set_flash(
                    &s,
                    t_args(
                        admin.lang(),
                        "members-updated",
                        &[("name", Arg::Str(o.name.clone()))],
                    ),
                )
                .await?;
                return Ok(Redirect::to(&format!("/admin/organizations/{id}")).into_response());
            }
            Err(e) => form.absorb(e.into())?,
        }
    }
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        org.name.clone(),
        "admin-organizations",
    )
    .await?;
    let (admins, candidates) = org_admin_choices(&state, id).await?;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &OrganizationPage {
            page,
            org,
            form,
            kinds: OrgKind::ALL,
            types: MunicipalityType::ALL,
            admins,
            candidates,
        },
    ))
}
