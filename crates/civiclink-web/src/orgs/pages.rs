//! Organization pages: a municipality, vendor or partner as members see it, with its people and
//! its administrators; the page its administrators edit; the claims to belong to it and the
//! forms that decide them. Whether a member may edit or decide is the accounts service's call
//! ([`civiclink_accounts::OrgReach`]); these handlers only choose what to show.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{
    ADMIN_NOTE_MAX, ClaimStatus, OrgAdmin, OrgClaim, OrgReach, Organization, OrganizationUpdate,
    parse_admin_note, parse_description, parse_population, parse_team_size, parse_website,
};
use civiclink_domain::{ClaimId, Handle, MemberId, MunicipalityType, OrgId};
use civiclink_i18n::t;
use civiclink_people::{FollowTarget, OrgMember};
use serde::Deserialize;
use tower_sessions::Session;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, render, safe_next};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/organizations/{id}", get(org_page))
        .route("/organizations/{id}/edit", get(edit_page).post(edit))
        .route("/organizations/{id}/claims", get(claims_page).post(claim))
        .route(
            "/organizations/{id}/claims/{claim_id}/{action}",
            post(claim_action),
        )
        .route("/organizations/{id}/admins", post(add_admin))
        .route(
            "/organizations/{id}/admins/{member_id}/remove",
            post(remove_admin),
        )
}

/// An administrator as the page lists them, with their profile's handle when they have one.
#[derive(Clone)]
pub(crate) struct AdminEntry {
    pub admin: OrgAdmin,
    pub handle: Option<Handle>,
}

#[derive(Template)]
#[template(path = "orgs/org.html")]
struct OrgPage {
    page: Page,
    org: Organization,
    members: Vec<OrgMember>,
    admins: Vec<AdminEntry>,
    /// The viewer may edit everything (association administrator).
    edits_all: bool,
    /// The viewer may edit the page and decide claims (either kind of administrator).
    manages: bool,
    /// The viewer administers this organization themselves (and may step down).
    is_org_admin: bool,
    /// The viewer asked to step down and is shown the confirmation open.
    confirm_step_down: bool,
    /// The viewer follows this organization.
    following: bool,
    followers: i64,
    pending_claims: usize,
    /// The viewer's own open claim, to this organization or another.
    my_claim: Option<OrgClaim>,
    /// The viewer may claim to work here (same association, not a member of it yet).
    can_claim: bool,
    form: FormState,
    note_max: usize,
    viewer: MemberId,
}

impl OrgPage {
    /// How many members follow the organization (for the plural rules of `connect-followers`).
    fn follower_count(&self) -> usize {
        usize::try_from(self.followers).unwrap_or(0)
    }

    /// Where the follow form posts (`follow` or `unfollow`).
    fn follow_url(&self, action: &str) -> String {
        format!("/follows/organizations/{}/{action}", self.org.id)
    }

    /// The organization's page, where its forms come back to.
    fn page_url(&self) -> String {
        format!("/organizations/{}", self.org.id)
    }

    /// A follow button's accessible name, which names the organization.
    fn follow_label(&self, key: &str) -> String {
        self.page.t1(key, "org", &self.org.name)
    }

    /// The viewer is the organization's only administrator: stepping down leaves it with none.
    fn last_admin(&self) -> bool {
        self.is_org_admin && self.admins.len() == 1
    }
}

/// What the organization page shows besides its data: the claim form as sent, and whether the
/// step-down confirmation is open.
struct OrgView {
    form: FormState,
    confirm_step_down: bool,
}

impl OrgView {
    fn with_form(form: FormState) -> Self {
        Self {
            form,
            confirm_step_down: false,
        }
    }
}

/// What an organization page reads, kept until the next write ([`AppState::read_through`]).
#[derive(Clone)]
struct OrgData {
    org: civiclink_accounts::Organization,
    members: Vec<civiclink_people::OrgMember>,
    reach: OrgReach,
    admins: Vec<AdminEntry>,
    pending_claims: usize,
    my_claim: Option<civiclink_accounts::OrgClaim>,
    following: bool,
    followers: i64,
}

async fn org_view(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    id: OrgId,
    view: OrgView,
    status: StatusCode,
) -> Result<Response, AppError> {
    let data = state
        .read_through(format!("{}:{id}", me.member.id), || async {
            let org = state.accounts.organization(id).await?;
            let members = state
                .people
                .org_members(id, Some(me.member.id), 500)
                .await?;
            let reach = state.accounts.org_reach(&me.actor(), &org).await?;
            let admins: Vec<AdminEntry> = state
                .accounts
                .org_admins(id)
                .await?
                .into_iter()
                .map(|admin| {
                    let handle = members
                        .iter()
                        .find(|m| m.member_id == admin.member_id)
                        .map(|m| m.handle.clone());
                    AdminEntry { admin, handle }
                })
                .collect();
            let pending_claims = if reach.decides_claims() {
                let n = state.accounts.pending_claims(&me.actor(), &org).await?;
                usize::try_from(n).unwrap_or(0)
            } else {
                0
            };
            let my_claim = state.accounts.open_claim(&me.actor()).await?;
            let target = FollowTarget::Organization(id);
            let following = state.people.is_following(me.member.id, target).await?;
            let followers = state.people.follower_count(target).await?;
            Ok(OrgData {
                org,
                members,
                reach,
                admins,
                pending_claims,
                my_claim,
                following,
                followers,
            })
        })
        .await?;
    let OrgData {
        org,
        reach,
        my_claim,
        ..
    } = &*data;
    let is_org_admin = data
        .admins
        .iter()
        .any(|a| a.admin.member_id == me.member.id);
    let can_claim = me.member.association_id == Some(org.association_id)
        && me.member.org_id != Some(id)
        && my_claim.is_none();
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        org.name.clone(),
        "organizations",
    )
    .await?
    .at(format!("/organizations/{id}"));
    Ok(render(
        status,
        &OrgPage {
            page,
            org: org.clone(),
            members: data.members.clone(),
            admins: data.admins.clone(),
            edits_all: *reach == OrgReach::AssociationAdmin,
            manages: *reach != OrgReach::None,
            is_org_admin,
            confirm_step_down: view.confirm_step_down && is_org_admin,
            following: data.following,
            followers: data.followers,
            pending_claims: data.pending_claims,
            my_claim: my_claim.clone(),
            can_claim,
            form: view.form,
            note_max: ADMIN_NOTE_MAX,
            viewer: me.member.id,
        },
    ))
}

async fn org_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let view = OrgView::with_form(FormState::new(me.lang));
    org_view(&state, &s, &me, id, view, StatusCode::OK).await
}

#[derive(Deserialize)]
struct ClaimForm {
    #[serde(default)]
    note: String,
}

/// The viewer claims to work for the organization. A note that is too long comes back with the
/// form; a refusal they can act on (a claim already open) comes back as a message.
async fn claim(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    FormData(f): FormData<ClaimForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values(me.lang, [("note", f.note.as_str())]);
    let back = format!("/organizations/{id}");
    if form.check(parse_admin_note(&f.note)).is_none() {
        let view = OrgView::with_form(form);
        return org_view(&state, &s, &me, id, view, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match state
        .accounts
        .claim_organization(&me.actor(), id, &f.note)
        .await
    {
        Ok(_) => flash_back(&s, &back, t(me.lang, "org-claim-flash-sent")).await,
        Err(e) => match AppError::from(e) {
            e @ AppError::Accounts { .. } => flash_back(&s, &back, e.message(me.lang)).await,
            e @ AppError::Invalid { .. } => {
                form.absorb(e)?;
                let view = OrgView::with_form(form);
                org_view(&state, &s, &me, id, view, StatusCode::UNPROCESSABLE_ENTITY).await
            }
            e => Err(e),
        },
    }
}

async fn flash_back(s: &Session, to: &str, message: String) -> Result<Response, AppError> {
    set_flash(s, message).await?;
    Ok(Redirect::to(safe_next(Some(to))).into_response())
}

#[derive(Template)]
#[template(path = "orgs/claims.html")]
struct ClaimsPage {
    page: Page,
    org: Organization,
    pending: Vec<(OrgClaim, Option<Handle>)>,
    decided: Vec<(OrgClaim, Option<Handle>)>,
}

impl ClaimsPage {
    fn status_label(&self, s: &ClaimStatus) -> String {
        self.page.t(&format!("org-claim-status-{}", s.as_str()))
    }
}

async fn claims_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    let claims = state.accounts.org_claims(&me.actor(), id).await?;
    let ids: Vec<MemberId> = claims.iter().map(|c| c.member_id).collect();
    let handles = state.people.handles(&ids).await?;
    let mut pending = Vec::new();
    let mut decided = Vec::new();
    for c in claims {
        let handle = handles.get(&c.member_id).cloned();
        if c.status == ClaimStatus::Pending {
            pending.push((c, handle));
        } else {
            decided.push((c, handle));
        }
    }
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "org-claims-title"),
        "organizations",
    )
    .await?
    .at(format!("/organizations/{id}/claims"));
    Ok(render(
        StatusCode::OK,
        &ClaimsPage {
            page,
            org,
            pending,
            decided,
        },
    ))
}

/// Approve, decline (by whoever decides claims) or withdraw (by the claimant).
async fn claim_action(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((id, claim_id, action)): PathParam<(OrgId, ClaimId, String)>,
) -> Result<Response, AppError> {
    let claim = state.accounts.claim(&me.actor(), claim_id).await?;
    if claim.org_id != id {
        return Err(AppError::NotFound);
    }
    let actor = me.actor();
    let (result, key, back) = match action.as_str() {
        "approve" => (
            state.accounts.decide_claim(&actor, claim_id, true).await,
            "org-claim-flash-approved",
            format!("/organizations/{id}/claims"),
        ),
        "decline" => (
            state.accounts.decide_claim(&actor, claim_id, false).await,
            "org-claim-flash-declined",
            format!("/organizations/{id}/claims"),
        ),
        "withdraw" => (
            state.accounts.withdraw_claim(&actor, claim_id).await,
            "org-claim-flash-withdrawn",
            format!("/organizations/{id}"),
        ),
        _ => return Err(AppError::NotFound),
    };
    match result {
        Ok(c) => {
            let message = civiclink_i18n::t_args(
                me.lang,
                key,
                &[("name", civiclink_i18n::Arg::Str(c.display_name.clone()))],
            );
            flash_back(&s, &back, message).await
        }
        Err(e) => match AppError::from(e) {
            e @ AppError::Accounts { .. } => flash_back(&s, &back, e.message(me.lang)).await,
            e => Err(e),
        },
    }
}

#[derive(Deserialize)]
struct AdminForm {
    #[serde(default)]
    member_id: String,
    #[serde(default)]
    next: String,
    /// `yes` once the member confirmed stepping down.
    #[serde(default)]
    confirm: String,
}

/// Puts a member in charge (association administrators, from the administration page).
async fn add_admin(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    FormData(f): FormData<AdminForm>,
) -> Result<Response, AppError> {
    let back = if f.next.is_empty() {
        format!("/admin/organizations/{id}")
    } else {
        f.next.clone()
    };
    let Ok(member) = f.member_id.trim().parse::<MemberId>() else {
        let e = AppError::from(civiclink_domain::ValidationError::new(
            "member_id",
            "org-admin-not-in-org",
        ));
        return flash_back(&s, &back, e.message(me.lang)).await;
    };
    match state.accounts.add_org_admin(&me.actor(), id, member).await {
        Ok(_) => flash_back(&s, &back, t(me.lang, "org-admin-flash-added")).await,
        Err(e) => match AppError::from(e) {
            e @ (AppError::Accounts { .. } | AppError::Invalid { .. }) => {
                flash_back(&s, &back, e.message(me.lang)).await
            }
            e => Err(e),
        },
    }
}

/// Ends an administration: an association administrator removes one, or an organization
/// administrator steps down. Stepping down takes a confirmation: without it, the organization
/// page comes back with the confirmation open and nothing changes.
async fn remove_admin(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((id, member)): PathParam<(OrgId, MemberId)>,
    FormData(f): FormData<AdminForm>,
) -> Result<Response, AppError> {
    let steps_down = member == me.member.id
        && f.confirm != "yes"
        && state
            .accounts
            .org_admins(id)
            .await?
            .iter()
            .any(|a| a.member_id == member);
    if steps_down {
        let view = OrgView {
            form: FormState::new(me.lang),
            confirm_step_down: true,
        };
        return org_view(&state, &s, &me, id, view, StatusCode::OK).await;
    }
    let back = if f.next.is_empty() {
        format!("/organizations/{id}")
    } else {
        f.next.clone()
    };
    state
        .accounts
        .remove_org_admin(&me.actor(), id, member)
        .await?;
    flash_back(&s, &back, t(me.lang, "org-admin-flash-removed")).await
}

#[derive(Template)]
#[template(path = "orgs/edit.html")]
struct EditPage {
    page: Page,
    org: Organization,
    form: FormState,
    types: [MunicipalityType; 11],
}

#[derive(Deserialize)]
struct EditForm {
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

/// The organization, if the viewer may edit its page. Every member may see the organization,
/// so one who may not edit it is refused (403), as the API refuses them.
async fn editable(
    state: &AppState,
    me: &ActiveMember,
    id: OrgId,
) -> Result<Organization, AppError> {
    let org = state.accounts.organization(id).await?;
    if state.accounts.org_reach(&me.actor(), &org).await? == OrgReach::None {
        return Err(AppError::Forbidden);
    }
    Ok(org)
}

async fn edit_view(
    s: &Session,
    me: &ActiveMember,
    org: Organization,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "org-edit-title"),
        "organizations",
    )
    .await?
    .at(format!("/organizations/{}/edit", org.id));
    Ok(render(
        status,
        &EditPage {
            page,
            org,
            form,
            types: MunicipalityType::ALL,
        },
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = editable(&state, &me, id).await?;
    let population = org.population.map(|p| p.to_string()).unwrap_or_default();
    let team = org.it_team_size.map(|n| n.to_string()).unwrap_or_default();
    let form = FormState::with_values(
        me.lang,
        [
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
    edit_view(&s, &me, org, form, StatusCode::OK).await
}

async fn edit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    FormData(f): FormData<EditForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &me, id).await?;
    let mut form = FormState::with_values(
        me.lang,
        [
            ("population", f.population.as_str()),
            ("municipality_type", f.municipality_type.as_str()),
            ("it_team_size", f.it_team_size.as_str()),
            ("website", f.website.as_str()),
            ("description", f.description.as_str()),
        ],
    );
    let update = check_page_fields(
        &mut form,
        PageFields {
            population: &f.population,
            municipality_type: &f.municipality_type,
            it_team_size: &f.it_team_size,
            website: &f.website,
            description: &f.description,
        },
    );
    if !form.has_errors() {
        match state
            .accounts
            .update_organization(&me.actor(), id, update)
            .await
        {
            Ok(_) => {
                return flash_back(
                    &s,
                    &format!("/organizations/{id}"),
                    t(me.lang, "org-edit-saved"),
                )
                .await;
            }
            Err(e) => form.absorb(e.into())?,
        }
    }
    edit_view(&s, &me, org, form, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The page's fields as a form sent them.
pub(crate) struct PageFields<'a> {
    pub population: &'a str,
    pub municipality_type: &'a str,
    pub it_team_size: &'a str,
    pub website: &'a str,
    pub description: &'a str,
}

/// Checks the page's fields (what both kinds of administrator edit), noting each error on
/// `form`, and returns the update they make; name, kind and place are left unchanged.
pub(crate) fn check_page_fields(form: &mut FormState, f: PageFields<'_>) -> OrganizationUpdate {
    OrganizationUpdate {
        name: None,
        kind: None,
        region: None,
        country: None,
        population: form.check(parse_population(Some(f.population))),
        municipality_type: form.check(match f.municipality_type.trim() {
            "" => Ok(None),
            t => MunicipalityType::parse(t).map(Some),
        }),
        it_team_size: form.check(parse_team_size(f.it_team_size)),
        website: form.check(parse_website(f.website)),
        description: form.check(parse_description(f.description)),
    }
}
