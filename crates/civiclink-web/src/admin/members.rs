//! Members as administrators see them: the list, one member, their role, status, expiry and organization.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{Member, Organization};
use civiclink_domain::{MemberId, MemberStatus, OrgId, Role};
use serde::Deserialize;

use civiclink_i18n::{Arg, t, t_args};

use crate::admin::api::{MemberPatch, MemberQuery};
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam, QueryParams};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{Admin, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/members", get(members))
        .route("/admin/members/{id}", get(member).post(update_member))
        .route("/admin/members/{id}/organization", post(change_member_org))
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
                    crate::admin::api::parse_expiry(Some(&day(&t)))
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
