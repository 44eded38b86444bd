//! The renewal notice for a lapsed membership, and the request to renew it (page and API).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use civiclink_accounts::{Access, Member};
use civiclink_i18n::t;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, OptionalJson};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{self, Lang, SessionHandle, SignedIn};
use crate::kit::state::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/renew", get(renew).post(renew_submit))
        .routes(routes!(renewal_request_api))
}

#[derive(Template)]
#[template(path = "renew.html")]
struct RenewPage {
    page: Page,
    member: Member,
    expired: Option<time::OffsetDateTime>,
    /// When the member last asked for a renewal, and from when they may ask again, if that
    /// time has not come yet.
    asked: Option<(time::OffsetDateTime, time::OffsetDateTime)>,
    form: FormState,
}

impl RenewPage {
    fn association(&self) -> String {
        self.member
            .association_name
            .clone()
            .unwrap_or_else(|| self.page.t("renew-your-association"))
    }
}

async fn renew_page(
    state: &AppState,
    s: &tower_sessions::Session,
    lang: civiclink_domain::Language,
    member: Member,
    status: StatusCode,
    form: FormState,
) -> Result<Response, AppError> {
    let asked = state
        .accounts
        .renewal_requested_at(member.id)
        .await?
        .map(|at| (at, at + civiclink_accounts::RENEWAL_ASK_INTERVAL))
        .filter(|(_, again)| *again > civiclink_store::now());
    let page = Page::new(s, lang, Some(&member), t(lang, "renew-title"), "renew")
        .await?
        .at("/renew");
    Ok(render(
        status,
        &RenewPage {
            page,
            expired: member.membership_expires_at,
            member,
            asked,
            form,
        },
    ))
}

async fn renew(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    SignedIn(member): SignedIn,
) -> Result<Response, AppError> {
    if member.access(civiclink_store::now()) == Access::Full {
        return Ok(Redirect::to("/").into_response());
    }
    renew_page(
        &state,
        &s,
        lang,
        member,
        StatusCode::OK,
        FormState::new(lang),
    )
    .await
}

async fn renew_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    SignedIn(member): SignedIn,
    FormData(f): FormData<RenewalRequestBody>,
) -> Result<Response, AppError> {
    if member.access(civiclink_store::now()) == Access::Full {
        return Ok(Redirect::to("/").into_response());
    }
    let mut form = FormState::with_values(lang, [("note", f.note.as_str())]);
    match state.accounts.request_renewal(&member, &f.note).await {
        Ok(()) => {
            let association = member
                .association_name
                .clone()
                .unwrap_or_else(|| t(lang, "renew-your-association"));
            session::set_flash(
                &s,
                civiclink_i18n::t_args(
                    lang,
                    "renew-asked-now",
                    &[("association", civiclink_i18n::Arg::Str(association))],
                ),
            )
            .await?;
            Ok(Redirect::to("/renew").into_response())
        }
        Err(e) => {
            let e = AppError::from(e);
            let status = e.status();
            form.absorb(e)?;
            renew_page(&state, &s, lang, member, status, form).await
        }
    }
}

#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
pub struct RenewalRequestBody {
    /// A note for the administrators, at most 1000 characters.
    #[serde(default)]
    pub note: String,
}

/// Asks my association to renew my lapsed membership; its administrators are emailed. At most
/// once a day (409 `conflict` before then, and while the membership is current).
#[utoipa::path(post, path = "/api/v1/me/renewal-request", tag = "accounts",
    request_body(content = Option<RenewalRequestBody>),
    responses((status = 204), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn renewal_request_api(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    OptionalJson(body): OptionalJson<RenewalRequestBody>,
) -> Result<StatusCode, AppError> {
    state.accounts.request_renewal(&member, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}
