//! The member's home page and the renewal notice for lapsed memberships.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_accounts::{Access, JoinRequestStatus, Member};

use civiclink_i18n::t;

use super::{FormState, Page, render};
use crate::extract::{FormData, OptionalJson};
use crate::session::{self, ActiveMember, Lang, SessionHandle, SignedIn};
use crate::{AppError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/renew", get(renew).post(renew_submit))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    feed: Vec<civiclink_people::FeedItem>,
    older: Option<i64>,
    member: Member,
    expires: Option<time::OffsetDateTime>,
    pending_requests: Option<usize>,
    /// The organizations the member administers, with the claims waiting in each.
    org_claims: Vec<civiclink_accounts::ClaimsWaiting>,
}

impl HomePage {
    fn waiting(&self, c: &civiclink_accounts::ClaimsWaiting) -> String {
        self.page.tn(
            "home-claims-waiting",
            usize::try_from(c.waiting).unwrap_or(0),
        )
    }
}

#[derive(serde::Deserialize)]
struct FeedQuery {
    before: Option<i64>,
}

const FEED_PAGE: i64 = 20;

async fn home(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    crate::extract::QueryParams(q): crate::extract::QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let civiclink_people::FeedPage { items: feed, older } =
        state.people.feed(me.member.id, q.before, FEED_PAGE).await?;
    let pending_requests = if me.member.role.is_admin() {
        Some(
            state
                .accounts
                .list_join_requests(&me.actor(), Some(JoinRequestStatus::Pending))
                .await?
                .len(),
        )
    } else {
        None
    };
    let org_claims = state.accounts.claims_waiting_for(me.member.id).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "home-title"),
        "home",
    )
    .await?
    .at("/");
    Ok(render(
        StatusCode::OK,
        &HomePage {
            page,
            feed,
            older,
            expires: me.member.membership_expires_at,
            member: me.member,
            pending_requests,
            org_claims,
        },
    ))
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
    responses((status = 204), (status = 401, body = crate::api::ErrorBody),
        (status = 409, body = crate::api::ErrorBody), (status = 422, body = crate::api::ErrorBody)))]
pub(crate) async fn renewal_request_api(
    State(state): State<AppState>,
    SignedIn(member): SignedIn,
    OptionalJson(body): OptionalJson<RenewalRequestBody>,
) -> Result<StatusCode, AppError> {
    state.accounts.request_renewal(&member, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}
