//! The settings page for personal access tokens: the list with each token's last use, a form
//! that makes one, and revocation. A new token's secret is shown in the answer to the form that
//! made it and nowhere else: not in a flash (which would store it in the session), not again.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{ApiToken, ApiTokenCreated, NewApiToken, TokenScope};
use civiclink_domain::ApiTokenId;
use civiclink_i18n::t;
use serde::Deserialize;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/settings/tokens", get(tokens_page).post(create))
        .route("/settings/tokens/{id}/revoke", post(revoke))
}

/// The expiry choices the form offers, in days; empty is "never".
const EXPIRY_CHOICES: [&str; 5] = ["7", "30", "90", "365", ""];

#[derive(Template)]
#[template(path = "people/tokens.html")]
struct TokensPage {
    page: Page,
    tokens: Vec<ApiToken>,
    form: FormState,
    created: Option<ApiTokenCreated>,
    expiry_choices: [&'static str; 5],
    now: time::OffsetDateTime,
}

fn fresh_form(lang: civiclink_domain::Language) -> FormState {
    FormState::with_values(lang, [("scope", "read"), ("expires_in_days", "90")])
}

async fn show(
    state: &AppState,
    s: &tower_sessions::Session,
    me: &ActiveMember,
    form: FormState,
    created: Option<ApiTokenCreated>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tokens-title"),
        "people",
    )
    .await?
    .at("/settings/tokens");
    Ok(render(
        status,
        &TokensPage {
            page,
            tokens: state.accounts.api_tokens(me.member.id).await?,
            form,
            created,
            expiry_choices: EXPIRY_CHOICES,
            now: civiclink_store::now(),
        },
    ))
}

async fn tokens_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let form = fresh_form(me.lang);
    show(&state, &s, &me, form, None, StatusCode::OK).await
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    expires_in_days: String,
}

/// The form's fields as the API's: the scope by name, the expiry as a number of days (empty for
/// none), then the same parse.
fn parse_form(f: &TokenForm, form: &mut FormState) -> Option<NewApiToken> {
    let scope = form.check(TokenScope::parse(&f.scope));
    let days = match f.expires_in_days.trim() {
        "" => Some(None),
        d => match d.parse::<i64>() {
            Ok(n) => Some(Some(n)),
            Err(_) => {
                form.invalid("expires_in_days", "between-1-365");
                None
            }
        },
    };
    let new = form.check(NewApiToken::parse(
        &f.name,
        scope.unwrap_or(TokenScope::Read),
        days.flatten(),
    ));
    match (scope, days) {
        (Some(_), Some(_)) => new,
        _ => None,
    }
}

async fn create(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    FormData(f): FormData<TokenForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values(
        me.lang,
        [
            ("name", f.name.as_str()),
            ("scope", f.scope.as_str()),
            ("expires_in_days", f.expires_in_days.as_str()),
        ],
    );
    if let Some(new) = parse_form(&f, &mut form) {
        match crate::accounts::token_api::create_token(&state, &me, &new).await {
            Ok(created) => {
                let form = fresh_form(me.lang);
                return show(&state, &s, &me, form, Some(created), StatusCode::CREATED).await;
            }
            Err(e) => form.absorb(e)?,
        }
    }
    show(
        &state,
        &s,
        &me,
        form,
        None,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn revoke(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ApiTokenId>,
) -> Result<Response, AppError> {
    state.accounts.revoke_api_token(&me.actor(), id).await?;
    set_flash(&s, t(me.lang, "tokens-revoked-flash")).await?;
    Ok(Redirect::to("/settings/tokens").into_response())
}
