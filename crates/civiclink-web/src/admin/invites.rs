//! Invitations: the list, a new one, and revoking one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{Association, Invite, NewInvite, Organization};
use civiclink_domain::InviteId;
use serde::Deserialize;

use civiclink_i18n::t;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{Admin, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/invites", get(invites).post(create_invite))
        .route("/admin/invites/{id}/revoke", post(revoke_invite))
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
            associations: state.accounts.associations_in_reach(&admin.actor()).await?,
            organizations: state
                .accounts
                .organizations_in_reach(&admin.actor())
                .await?,
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
