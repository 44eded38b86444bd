//! Administration pages: join requests, invitations, members, organizations, associations and
//! the audit log. What an administrator may see and change is decided by the accounts service.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{
    Association, AuditEntry, AuditName, AuditNames, Invite, JoinRequest, Member, NewAssociation,
    NewInvite, Organization, OrganizationUpdate,
};
use civiclink_domain::{
    CountryCode, InviteId, JoinRequestId, Language, MemberId, MemberStatus, MunicipalityType,
    OrgId, OrgKind, Role, ShortText,
};
use serde::Deserialize;

use civiclink_i18n::{Arg, t, t_args};

use super::{FormState, Page, render};
use crate::api::admin::{
    AuditQuery, MemberPatch, MemberQuery, parse_new_org, parse_request_status,
};
use crate::extract::{FormData, PathParam, QueryParams};
use crate::session::{Admin, SessionHandle, set_flash};
use crate::{AppError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin",
            get(|_: Admin| async { Redirect::to("/admin/join-requests") }),
        )
        .route("/admin/join-requests", get(join_requests))
        .route("/admin/join-requests/{id}/approve", post(approve))
        .route("/admin/join-requests/{id}/decline", post(decline))
        .route("/admin/invites", get(invites).post(create_invite))
        .route("/admin/invites/{id}/revoke", post(revoke_invite))
        .route("/admin/members", get(members))
        .route("/admin/members/{id}", get(member).post(update_member))
        .route("/admin/members/{id}/organization", post(change_member_org))
        .route(
            "/admin/organizations",
            get(organizations).post(create_organization),
        )
        .route(
            "/admin/organizations/{id}",
            get(organization).post(update_organization),
        )
        .route(
            "/admin/associations",
            get(associations).post(create_association),
        )
        .route("/admin/audit", get(audit))
}

/// Organizations an administrator may pick from: their own association's, or all for a site admin.
async fn orgs_in_reach(state: &AppState, admin: &Admin) -> Result<Vec<Organization>, AppError> {
    let scope = match admin.member().role {
        Role::SiteAdmin => None,
        _ => admin.member().association_id,
    };
    Ok(state.accounts.list_organizations(scope).await?)
}

async fn associations_in_reach(
    state: &AppState,
    admin: &Admin,
) -> Result<Vec<Association>, AppError> {
    let all = state.accounts.list_associations().await?;
    Ok(match admin.member().role {
        Role::SiteAdmin => all,
        _ => all
            .into_iter()
            .filter(|a| Some(a.id) == admin.member().association_id)
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "admin/join_requests.html")]
struct JoinRequestsPage {
    page: Page,
    requests: Vec<JoinRequest>,
    status: String,
}

#[derive(Deserialize)]
struct StatusQuery {
    status: Option<String>,
}

async fn join_requests(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    QueryParams(q): QueryParams<StatusQuery>,
) -> Result<Response, AppError> {
    let status = parse_request_status(q.status.as_deref())?;
    let requests = state
        .accounts
        .list_join_requests(&admin.actor(), status)
        .await?;
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-requests"),
        "admin-requests",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &JoinRequestsPage {
            page,
            requests,
            status: q.status.unwrap_or_else(|| "pending".into()),
        },
    ))
}

async fn decide(
    state: &AppState,
    s: &tower_sessions::Session,
    admin: &Admin,
    id: JoinRequestId,
    approve: bool,
) -> Result<Response, AppError> {
    let r = state
        .accounts
        .decide_join_request(&admin.actor(), id, approve)
        .await?;
    let key = if approve {
        "requests-approved"
    } else {
        "requests-declined"
    };
    set_flash(
        s,
        t_args(
            admin.lang(),
            key,
            &[("name", Arg::Str(r.display_name.clone()))],
        ),
    )
    .await?;
    Ok(Redirect::to("/admin/join-requests").into_response())
}

async fn approve(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Response, AppError> {
    decide(&state, &s, &admin, id, true).await
}

async fn decline(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Response, AppError> {
    decide(&state, &s, &admin, id, false).await
}

#[derive(Template)]
#[template(path = "admin/invites.html")]
struct InvitesPage {
    page: Page,
    invites: Vec<Invite>,
    associations: Vec<Association>,
    organizations: Vec<Organization>,
    form: FormState,
    created_link: Option<String>,
    now: time::OffsetDateTime,
}

async fn invites_page(
    state: &AppState,
    s: &tower_sessions::Session,
    admin: &Admin,
    form: FormState,
    created_link: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-invites"),
        "admin-invites",
    )
    .await?;
    Ok(render(
        status,
        &InvitesPage {
            page,
            invites: state.accounts.list_invites(&admin.actor()).await?,
            associations: associations_in_reach(state, admin).await?,
            organizations: orgs_in_reach(state, admin).await?,
            form,
            created_link,
            now: civiclink_store::now(),
        },
    ))
}

async fn invites(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
) -> Result<Response, AppError> {
    let form = FormState::with_values(admin.lang(), [("max_uses", "1"), ("valid_days", "14")]);
    invites_page(&state, &s, &admin, form, None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    association_id: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    max_uses: String,
    #[serde(default)]
    valid_days: String,
    #[serde(default)]
    note: String,
}

async fn create_invite(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    FormData(f): FormData<InviteForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values(
        admin.lang(),
        [
            ("association_id", f.association_id.as_str()),
            ("org_id", f.org_id.as_str()),
            ("max_uses", f.max_uses.as_str()),
            ("valid_days", f.valid_days.as_str()),
            ("note", f.note.as_str()),
        ],
    );
    let max_uses = f.max_uses.trim().parse::<i64>().unwrap_or(0);
    let valid_days = f.valid_days.trim().parse::<i64>().unwrap_or(0);
    let mut link = None;
    if let Some(new) = form.check(NewInvite::parse(
        &f.association_id,
        &f.org_id,
        max_uses,
        valid_days,
        &f.note,
    )) {
        match state.accounts.create_invite(&admin.actor(), new).await {
            Ok(created) => link = Some(created.link),
            Err(e) => form.absorb(e.into())?,
        }
    }
    if link.is_some() {
        let form = FormState::with_values(admin.lang(), [("max_uses", "1"), ("valid_days", "14")]);
        return invites_page(&state, &s, &admin, form, link, StatusCode::CREATED).await;
    }
    invites_page(
        &state,
        &s,
        &admin,
        form,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn revoke_invite(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<InviteId>,
) -> Result<Response, AppError> {
    state.accounts.revoke_invite(&admin.actor(), id).await?;
    set_flash(&s, t(admin.lang(), "invites-revoked-flash")).await?;
    Ok(Redirect::to("/admin/invites").into_response())
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    page: Page,
    members: Vec<Member>,
    statuses: [MemberStatus; 4],
    roles: [Role; 4],
    q: String,
    status: String,
    role: String,
    /// The next page, with the same filters.
    next_url: Option<String>,
    /// The first page with the same filters, once past it.
    first_url: Option<String>,
}

/// How many members a page of the member list shows.
const MEMBERS_PER_PAGE: i64 = 50;

async fn members(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    QueryParams(q): QueryParams<MemberQuery>,
) -> Result<Response, AppError> {
    let filter = civiclink_accounts::MemberFilter {
        limit: MEMBERS_PER_PAGE,
        ..q.filter()?
    };
    let result = state.accounts.list_members(&admin.actor(), &filter).await?;
    let filters = q.filters_query();
    let with = |extra: String| match (filters.is_empty(), extra.is_empty()) {
        (true, true) => "/admin/members".to_owned(),
        (true, false) => format!("/admin/members?{extra}"),
        (false, true) => format!("/admin/members?{filters}"),
        (false, false) => format!("/admin/members?{filters}&{extra}"),
    };
    let next_url = result
        .next
        .as_ref()
        .map(|c| with(serde_urlencoded::to_string([("after", c.as_str())]).unwrap_or_default()));
    let first_url = q
        .after
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .map(|_| with(String::new()));
    let members = result.members;
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-members"),
        "admin-members",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &MembersPage {
            page,
            members,
            statuses: MemberStatus::ALL,
            roles: Role::ALL,
            q: q.q.unwrap_or_default(),
            status: q.status.unwrap_or_default(),
            role: q.role.unwrap_or_default(),
            next_url,
            first_url,
        },
    ))
}

#[derive(Template)]
#[template(path = "admin/member.html")]
struct MemberPage {
    page: Page,
    subject: Member,
    form: FormState,
    roles: Vec<Role>,
    is_self: bool,
    /// The organizations of the member's association, to move them between.
    orgs: Vec<Organization>,
    /// Where they have been, newest first.
    history: Vec<civiclink_people::Affiliation>,
}

async fn member_context(
    state: &AppState,
    subject: &Member,
) -> Result<(Vec<Organization>, Vec<civiclink_people::Affiliation>), AppError> {
    let orgs = match subject.association_id {
        Some(a) => state.accounts.list_organizations(Some(a)).await?,
        None => Vec::new(),
    };
    Ok((orgs, state.people.affiliations(subject.id).await?))
}

/// A date as a date input wants it: `YYYY-MM-DD`.
fn day(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

fn member_form(lang: civiclink_domain::Language, m: &Member) -> FormState {
    let expires = m
        .membership_expires_at
        .as_ref()
        .map(day)
        .unwrap_or_default();
    FormState::with_values(
        lang,
        [
            ("role", m.role.as_str()),
            ("status", m.status.as_str()),
            ("membership_expires_at", expires.as_str()),
        ],
    )
}

fn assignable_roles(admin: &Admin) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| *r != Role::SiteAdmin || admin.member().role == Role::SiteAdmin)
        .collect()
}

async fn member(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
) -> Result<Response, AppError> {
    let subject = state.accounts.member_for_admin(&admin.actor(), id).await?;
    let (orgs, history) = member_context(&state, &subject).await?;
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        subject.display_name.clone(),
        "admin-members",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &MemberPage {
            page,
            form: member_form(admin.lang(), &subject),
            roles: assignable_roles(&admin),
            is_self: subject.id == admin.member().id,
            orgs,
            history,
            subject,
        },
    ))
}

#[derive(Deserialize)]
struct MemberForm {
    role: Option<String>,
    status: Option<String>,
    #[serde(default)]
    membership_expires_at: String,
}

async fn update_member(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
    FormData(f): FormData<MemberForm>,
) -> Result<Response, AppError> {
    let subject = state.accounts.member_for_admin(&admin.actor(), id).await?;
    // Only what changed is sent on, so that an unchanged role of one's own is not a "change".
    let patch = MemberPatch {
        role: f.role.clone().filter(|r| r != subject.role.as_str()),
        status: f.status.clone().filter(|st| st != subject.status.as_str()),
        membership_expires_at: Some(Some(f.membership_expires_at.clone())),
    };
    let mut form = FormState::with_values(
        admin.lang(),
        [
            ("role", f.role.as_deref().unwrap_or(subject.role.as_str())),
            (
                "status",
                f.status.as_deref().unwrap_or(subject.status.as_str()),
            ),
            ("membership_expires_at", f.membership_expires_at.as_str()),
        ],
    );
    let result = match patch.update() {
        Ok(mut update) => {
            if update.membership_expires_at
                == Some(subject.membership_expires_at.map(|t| {
                    // The form shows a day; an unchanged day keeps the exact stored time.
                    crate::api::admin::parse_expiry(Some(&day(&t)))
                        .ok()
                        .flatten()
                        .unwrap_or(t)
                }))
            {
                update.membership_expires_at = None;
            }
            state
                .accounts
                .update_member(&admin.actor(), id, update)
                .await
                .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(m) => {
            set_flash(
                &s,
                t_args(
                    admin.lang(),
                    "members-updated",
                    &[("name", Arg::Str(m.display_name.clone()))],
                ),
            )
            .await?;
            Ok(Redirect::to(&format!("/admin/members/{id}")).into_response())
        }
        Err(AppError::Forbidden) => Err(AppError::Forbidden),
        Err(e) => {
            form.absorb(e)?;
            let (orgs, history) = member_context(&state, &subject).await?;
            let page = Page::new(
                &s,
                admin.lang(),
                Some(admin.member()),
                subject.display_name.clone(),
                "admin-members",
            )
            .await?;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &MemberPage {
                    page,
                    form,
                    roles: assignable_roles(&admin),
                    is_self: subject.id == admin.member().id,
                    orgs,
                    history,
                    subject,
                },
            ))
        }
    }
}

#[derive(Deserialize)]
struct OrgChangeForm {
    #[serde(default)]
    org_id: String,
}

/// Moves a member to another organization of their association.
async fn change_member_org(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
    FormData(f): FormData<OrgChangeForm>,
) -> Result<Response, AppError> {
    let org = match f.org_id.trim() {
        "" => None,
        v => Some(v.parse::<OrgId>().map_err(|_| {
            AppError::from(civiclink_domain::ValidationError::new(
                "org_id",
                "invalid-choice",
            ))
        })?),
    };
    let m = state
        .accounts
        .change_organization(&admin.actor(), id, org)
        .await?;
    set_flash(
        &s,
        t_args(
            admin.lang(),
            "members-updated",
            &[("name", Arg::Str(m.display_name.clone()))],
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/members/{id}")).into_response())
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
            organizations: orgs_in_reach(state, admin).await?,
            associations: associations_in_reach(state, admin).await?,
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
    let page_fields = super::orgs::check_page_fields(
        &mut form,
        super::orgs::PageFields {
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

#[derive(Template)]
#[template(path = "admin/associations.html")]
struct AssociationsPage {
    page: Page,
    associations: Vec<Association>,
    form: FormState,
    can_create: bool,
}

async fn associations_page(
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
        t(admin.lang(), "admin-associations"),
        "admin-associations",
    )
    .await?;
    Ok(render(
        status,
        &AssociationsPage {
            page,
            associations: state.accounts.list_associations().await?,
            form,
            can_create: admin.member().role == Role::SiteAdmin,
        },
    ))
}

async fn associations(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
) -> Result<Response, AppError> {
    associations_page(
        &state,
        &s,
        &admin,
        FormState::new(admin.lang()),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct AssociationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    country: String,
}

async fn create_association(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    FormData(f): FormData<AssociationForm>,
) -> Result<Response, AppError> {
    if admin.member().role != Role::SiteAdmin {
        return Err(AppError::Forbidden);
    }
    let mut form = FormState::with_values(
        admin.lang(),
        [
            ("name", f.name.as_str()),
            ("short_name", f.short_name.as_str()),
            ("country", f.country.as_str()),
        ],
    );
    if let Some(new) = form.check(NewAssociation::parse(&f.name, &f.short_name, &f.country)) {
        match state
            .accounts
            .create_association(Some(&admin.actor()), new)
            .await
        {
            Ok(a) => {
                set_flash(
                    &s,
                    t_args(
                        admin.lang(),
                        "orgs-added",
                        &[("name", Arg::Str(a.name.clone()))],
                    ),
                )
                .await?;
                return Ok(Redirect::to("/admin/associations").into_response());
            }
            Err(e) => form.absorb(e.into())?,
        }
    }
    associations_page(&state, &s, &admin, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    page: Page,
    rows: Vec<AuditRow>,
    /// Each action's code, its words, and whether the filter has it.
    actions: Vec<(&'static str, String, bool)>,
    action: String,
    actor_id: String,
    next_before: Option<i64>,
}

/// A name the audit log shows, linked to its administration page when it has one.
struct Named {
    text: String,
    href: Option<String>,
}

impl Named {
    fn plain(text: String) -> Self {
        Self { text, href: None }
    }
}

/// One entry of the audit log as people read it.
struct AuditRow {
    entry: AuditEntry,
    /// The action in words; the code stays beside it for those who search by it.
    action: String,
    who: Named,
    target: Named,
    /// Known details as label and value, names instead of ids.
    details: Vec<(String, String)>,
}

/// The catalog key wording an audit action: `member.role_change` is `audit-action-member-role-change`.
fn action_key(action: &str) -> String {
    format!("audit-action-{}", action.replace(['.', '_'], "-"))
}

fn action_words(lang: Language, action: &str) -> String {
    let key = action_key(action);
    if civiclink_i18n::has(lang, &key) {
        t(lang, &key)
    } else {
        action.to_owned()
    }
}

/// What an id stands for, named: a member (or "former member" once erased), an organization or
/// an association, linked to its page.
fn named(lang: Language, names: &AuditNames, id: &str) -> Named {
    match names.get(id) {
        Some(AuditName::Member { name, erased }) if *erased || name.is_empty() => {
            Named::plain(t(lang, "audit-former-member"))
        }
        Some(AuditName::Member { name, .. }) => Named {
            text: name.clone(),
            href: Some(format!("/admin/members/{id}")),
        },
        Some(AuditName::Organization(name)) => Named {
            text: name.clone(),
            href: Some(format!("/admin/organizations/{id}")),
        },
        Some(AuditName::Association(name)) => Named {
            text: name.clone(),
            href: Some("/admin/associations".to_owned()),
        },
        None => Named::plain(id.to_owned()),
    }
}

/// The name in a detail that holds an id, or "none" when it holds nothing.
fn named_value(lang: Language, names: &AuditNames, v: &serde_json::Value) -> String {
    match v.as_str() {
        Some(id) => named(lang, names, id).text,
        None => t(lang, "admin-none"),
    }
}

fn audit_row(lang: Language, names: &AuditNames, entry: AuditEntry) -> AuditRow {
    let d = &entry.details;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => t(lang, "admin-none"),
        other => other.to_string(),
    };
    let change = |from: String, to: String| {
        t_args(
            lang,
            "audit-change",
            &[("from", Arg::Str(from)), ("to", Arg::Str(to))],
        )
    };
    let label = |key: &str| t(lang, key);
    let role = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|r| r.parse::<Role>().ok())
            .map_or_else(|| text(v), |r| t(lang, &format!("role-{}", r.as_str())))
    };
    let status = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|r| r.parse::<MemberStatus>().ok())
            .map_or_else(|| text(v), |s| t(lang, &format!("status-{}", s.as_str())))
    };
    let day = |v: &serde_json::Value| match v.as_str() {
        Some(s) => time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_or_else(|_| s.to_owned(), |t| civiclink_i18n::date(lang, &t)),
        None => t(lang, "audit-no-end"),
    };
    let details: Vec<(String, String)> = match entry.action.as_str() {
        "join_request.approve" | "join_request.decline" => {
            vec![(label("members-email"), text(&d["email"]))]
        }
        "invite.create" => vec![
            (
                label("field-association_id"),
                named_value(lang, names, &d["association_id"]),
            ),
            (
                label("field-org_id"),
                match d["org_id"].as_str() {
                    Some(id) => named(lang, names, id).text,
                    None => t(lang, "admin-any"),
                },
            ),
            (label("invites-max-uses"), text(&d["max_uses"])),
            (label("invites-valid-days"), text(&d["valid_days"])),
        ],
        "member.role_change" => vec![(
            label("field-role"),
            change(role(&d["from"]), role(&d["to"])),
        )],
        "member.suspend" | "member.reinstate" | "member.status_change" => vec![(
            label("field-status"),
            change(status(&d["from"]), status(&d["to"])),
        )],
        "member.expiry_change" => vec![(
            label("field-membership_expires_at"),
            change(day(&d["from"]), day(&d["to"])),
        )],
        "member.org_change" | "org_claim.approve" | "org_claim.decline" => vec![(
            label("field-org_id"),
            change(
                named_value(lang, names, &d["from"]),
                named_value(lang, names, &d["to"]),
            ),
        )],
        "organization.create" => vec![(
            label("field-association_id"),
            named_value(lang, names, &d["association_id"]),
        )],
        "organization.update" => {
            let kind = |v: &serde_json::Value| {
                v.as_str()
                    .and_then(|k| k.parse::<OrgKind>().ok())
                    .map_or_else(|| text(v), |k| t(lang, &format!("kind-{}", k.as_str())))
            };
            let population = |v: &serde_json::Value| {
                v.as_i64()
                    .map_or_else(|| text(v), |n| civiclink_i18n::number(lang, n))
            };
            let (before, after) = (&d["before"], &d["after"]);
            [
                ("name", "field-name"),
                ("kind", "field-kind"),
                ("region", "field-region"),
                ("country", "field-country"),
                ("population", "field-population"),
            ]
            .into_iter()
            .filter(|(f, _)| before[*f] != after[*f])
            .map(|(f, key)| {
                let show = |v: &serde_json::Value| match f {
                    "kind" => kind(v),
                    "population" => population(v),
                    _ => text(v),
                };
                (label(key), change(show(&before[f]), show(&after[f])))
            })
            .collect()
        }
        "org_admin.add" | "org_admin.remove" => vec![(
            label("field-member_id"),
            named_value(lang, names, &d["member_id"]),
        )],
        "association.create" | "invite.revoke" | "member.export" | "member.erase" => Vec::new(),
        "api_token.create" => vec![
            (label("field-token_name"), text(&d["name"])),
            (label("field-scope"), text(&d["scope"])),
            (label("tokens-expires"), day(&d["expires_at"])),
        ],
        "api_token.revoke" => vec![(label("field-token_name"), text(&d["name"]))],
        // An action this page does not know yet keeps its raw details rather than none.
        _ => match d.as_object() {
            Some(o) if o.is_empty() => Vec::new(),
            _ => vec![(label("audit-details"), d.to_string())],
        },
    };
    let target = match entry.target_kind.as_str() {
        "member" | "organization" | "association" => named(lang, names, &entry.target_id),
        "join_request" => match d["member_id"].as_str() {
            Some(id) => named(lang, names, id),
            None => Named::plain(t(lang, "audit-target-join-request")),
        },
        "invite" => Named {
            text: t(lang, "audit-target-invite"),
            href: Some("/admin/invites".to_owned()),
        },
        _ => Named::plain(entry.target_id.clone()),
    };
    let who = match (&entry.actor_id, &entry.actor_name) {
        (None, _) => Named::plain(t(lang, "audit-system")),
        (Some(id), name) => match names.get(&id.to_string()) {
            Some(_) => named(lang, names, &id.to_string()),
            None => match name {
                Some(n) if !n.is_empty() => Named {
                    text: n.clone(),
                    href: Some(format!("/admin/members/{id}")),
                },
                _ => Named::plain(t(lang, "audit-former-member")),
            },
        },
    };
    AuditRow {
        action: action_words(lang, &entry.action),
        who,
        target,
        details,
        entry,
    }
}

async fn audit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    QueryParams(q): QueryParams<AuditQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let entries = state.accounts.audit_log(&admin.actor(), &filter).await?;
    let next_before = if entries.len() as i64 == filter.limit.clamp(1, 500) {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    let names = state.accounts.audit_names(&entries).await?;
    let lang = admin.lang();
    let rows = entries
        .into_iter()
        .map(|e| audit_row(lang, &names, e))
        .collect();
    let page = Page::new(
        &s,
        lang,
        Some(admin.member()),
        t(lang, "admin-audit"),
        "admin-audit",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            page,
            rows,
            actions: AUDIT_ACTIONS
                .iter()
                .map(|a| (*a, action_words(lang, a), q.action.as_deref() == Some(*a)))
                .collect(),
            action: q.action.unwrap_or_default(),
            actor_id: q.actor_id.unwrap_or_default(),
            next_before,
        },
    ))
}

/// The actions the audit log records, for its filter.
const AUDIT_ACTIONS: [&str; 21] = [
    "join_request.approve",
    "join_request.decline",
    "invite.create",
    "invite.revoke",
    "member.suspend",
    "member.reinstate",
    "member.status_change",
    "member.role_change",
    "member.expiry_change",
    "association.create",
    "organization.create",
    "organization.update",
    "member.org_change",
    "member.export",
    "member.erase",
    "org_admin.add",
    "org_admin.remove",
    "org_claim.approve",
    "org_claim.decline",
    "api_token.create",
    "api_token.revoke",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the filter offers is worded in both languages.
    #[test]
    fn every_audit_action_has_words() {
        for lang in [Language::En, Language::Fr] {
            for a in AUDIT_ACTIONS {
                assert!(
                    civiclink_i18n::has(lang, &action_key(a)),
                    "{} is not worded in {lang:?}",
                    action_key(a)
                );
            }
        }
    }
}
