//! A member's data rights: download everything about them, and erase their account.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_accounts::{Actor, Member};
use civiclink_i18n::t;
use civiclink_people::PeopleArchive;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, FormData};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{self, ClientAddr, Lang, SessionHandle, SignedIn};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/profile/export.json", get(export_download))
        .route("/profile/delete", get(delete_page).post(delete_submit))
        .routes(routes!(export_api))
        .routes(routes!(erase_api))
}

/// Everything CivicLink holds about a member.
#[derive(Serialize, ToSchema)]
pub struct Archive {
    /// The archive's format, for programs that read it.
    pub format: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: time::OffsetDateTime,
    pub member: Member,
    /// The organizations the member administers.
    pub administers: Vec<civiclink_domain::OrgId>,
    /// The member's claims to belong to an organization, newest first.
    pub claims: Vec<civiclink_accounts::OrgClaim>,
    pub people: PeopleArchive,
}

fn actor(member: &Member, ip: String) -> Actor {
    Actor {
        id: member.id,
        role: member.role,
        association_id: member.association_id,
        ip: Some(ip),
    }
}

async fn archive(state: &AppState, member: &Member, ip: String) -> Result<Archive, AppError> {
    let people = state.people.archive(member.id).await?;
    let who = actor(member, ip);
    let administers = state.accounts.administered_orgs(member.id).await?;
    let claims = state.accounts.my_claims(&who).await?;
    state.accounts.record_export(&who).await?;
    Ok(Archive {
        format: "civiclink-archive/1",
        exported_at: civiclink_store::now(),
        member: member.clone(),
        administers,
        claims,
        people,
    })
}

/// Downloads everything about me as JSON. Audited.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "people",
    responses((status = 200, body = Archive), (status = 401, body = ErrorBody)))]
pub(crate) async fn export_api(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ClientAddr(ip): ClientAddr,
) -> Result<Json<Archive>, AppError> {
    Ok(Json(archive(&state, &member, ip).await?))
}

async fn export_download(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    ClientAddr(ip): ClientAddr,
) -> Result<Response, AppError> {
    let archive = archive(&state, &member, ip).await?;
    let body = serde_json::to_vec_pretty(&archive).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"civiclink-my-data.json\"".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}

/// Erases the member's personal data in one transaction across capabilities, then ends the
/// session.
async fn erase(state: &AppState, member: &Member, ip: String) -> Result<(), AppError> {
    let mut tx = state.db.begin().await?;
    state.accounts.erase_in(&mut tx, &actor(member, ip)).await?;
    state.people.erase_in(&mut tx, member.id).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Deserialize, ToSchema)]
pub struct EraseBody {
    /// The member's email address, typed again to confirm.
    pub confirm_email: String,
}

fn confirmed(member: &Member, typed: &str) -> Result<(), AppError> {
    if typed.trim().eq_ignore_ascii_case(member.email.as_str()) {
        Ok(())
    } else {
        Err(civiclink_domain::ValidationError::new("confirm_email", "confirm-email").into())
    }
}

/// Erases my account: personal data is removed for good, what I wrote stays as from a former
/// member. Audited.
#[utoipa::path(post, path = "/api/v1/me/erase", tag = "people", request_body = EraseBody,
    responses((status = 204), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn erase_api(
    State(state): State<AppState>,
    _: crate::kit::bearer::NotBearer,
    SessionHandle(s): SessionHandle,
    SignedIn(member): SignedIn,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<EraseBody>,
) -> Result<StatusCode, AppError> {
    confirmed(&member, &body.confirm_email)?;
    erase(&state, &member, ip).await?;
    session::sign_out(&s).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "people/delete.html")]
struct DeletePage {
    page: Page,
    form: FormState,
}

async fn delete_page(
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    SignedIn(member): SignedIn,
) -> Result<Response, AppError> {
    let page = Page::new(
        &s,
        lang,
        Some(&member),
        t(lang, "privacy-delete-title"),
        "people",
    )
    .await?
    .at("/profile/delete");
    Ok(render(
        StatusCode::OK,
        &DeletePage {
            page,
            form: FormState::new(lang),
        },
    ))
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm_email: String,
}

async fn delete_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    SignedIn(member): SignedIn,
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<DeleteForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values(lang, [("confirm_email", f.confirm_email.as_str())]);
    if let Err(e) = confirmed(&member, &f.confirm_email) {
        form.absorb(e)?;
        let page = Page::new(
            &s,
            lang,
            Some(&member),
            t(lang, "privacy-delete-title"),
            "people",
        )
        .await?
        .at("/profile/delete");
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &DeletePage { page, form },
        ));
    }
    erase(&state, &member, ip).await?;
    session::sign_out(&s).await?;
    session::set_flash(&s, t(lang, "privacy-deleted")).await?;
    Ok(Redirect::to("/login").into_response())
}
