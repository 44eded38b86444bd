//! The pages a visitor reaches without signing in: log in, join (by request or invitation),
//! confirm an email address, reset a password. Plus logging out.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{
    Access, Association, Invite, InviteJoin, JoinRequestForm, Member, Organization, VerifyOutcome,
};
use civiclink_domain::{DisplayName, EmailAddress, Language, Password};
use civiclink_i18n::t;
use serde::Deserialize;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam, QueryParams};
use crate::kit::page::{FormState, Page, render, safe_next};
use crate::kit::session::{self, ClientAddr, Lang, MaybeMember, SessionHandle};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/join", get(join_page).post(join_submit))
        .route("/join/invite/{token}", get(invite_page).post(invite_submit))
        .route("/verify/{token}", get(verify_page).post(verify_submit))
        .route("/reset", get(reset_request_page).post(reset_request_submit))
        .route("/reset/{token}", get(reset_page).post(reset_submit))
}

/// Rate limits, then credentials and membership checks. Shared by the page and the API.
pub(crate) async fn check_login(
    state: &AppState,
    ip: &str,
    email: &str,
    password: &str,
) -> Result<Member, AppError> {
    let limits = &state.config.limits;
    state
        .limit(&format!("login:ip:{ip}"), limits.login_per_ip)
        .await?;
    let account = email.trim().to_lowercase();
    state
        .limit(
            &format!("login:account:{account}"),
            limits.login_per_account,
        )
        .await?;
    Ok(state.accounts.login(email, password).await?)
}

pub(crate) async fn reset_limits(
    state: &AppState,
    ip: &str,
    email: &EmailAddress,
) -> Result<(), AppError> {
    let limits = &state.config.limits;
    state
        .limit(&format!("reset:ip:{ip}"), limits.reset_per_ip)
        .await?;
    state
        .limit(&format!("reset:account:{email}"), limits.reset_per_account)
        .await
}

/// Setting a password from a reset link costs a hash: limited per address like asking for one.
pub(crate) async fn reset_confirm_limit(state: &AppState, ip: &str) -> Result<(), AppError> {
    state
        .limit(
            &format!("reset-confirm:ip:{ip}"),
            state.config.limits.reset_per_ip,
        )
        .await
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    form: FormState,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    MaybeMember(member): MaybeMember,
    QueryParams(q): QueryParams<NextQuery>,
) -> Result<Response, AppError> {
    if member.is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    let page = Page::new(&s, lang, None, t(lang, "login-title"), "login")
        .await?
        .at("/login");
    let form = FormState::with_values(lang, [("next", q.next.as_deref().unwrap_or(""))]);
    Ok(render(StatusCode::OK, &LoginPage { page, form }))
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<LoginForm>,
) -> Result<Response, AppError> {
    match check_login(&state, &ip, &f.email, &f.password).await {
        Ok(member) => {
            session::sign_in(&s, &member).await?;
            let to = if member.access(civiclink_store::now()) == Access::Lapsed {
                "/renew"
            } else {
                safe_next(Some(&f.next))
            };
            Ok(Redirect::to(to).into_response())
        }
        // A refusal of the input is shown on the form; anything else (a rate limit, a busy
        // server: each with `Retry-After`) answers with its own page.
        Err(e @ (AppError::Invalid { .. } | AppError::Accounts { .. })) => {
            let status = e.status();
            let mut form = FormState::with_values(
                lang,
                [("email", f.email.as_str()), ("next", f.next.as_str())],
            );
            form.add("form", e.message(lang));
            let page = Page::new(&s, lang, None, t(lang, "login-title"), "login")
                .await?
                .at("/login");
            Ok(render(status, &LoginPage { page, form }))
        }
        Err(e) => Err(e),
    }
}

async fn logout(SessionHandle(s): SessionHandle, Lang(lang): Lang) -> Result<Response, AppError> {
    session::sign_out(&s).await?;
    session::set_flash(&s, t(lang, "logged-out")).await?;
    Ok(Redirect::to("/login").into_response())
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    page: Page,
    form: FormState,
    associations: Vec<Association>,
    organizations: Vec<Organization>,
}

async fn join_view(
    state: &AppState,
    s: &tower_sessions::Session,
    lang: Language,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(s, lang, None, t(lang, "join-title"), "join")
        .await?
        .at("/join");
    Ok(render(
        status,
        &JoinPage {
            page,
            form,
            associations: state.accounts.list_associations().await?,
            organizations: state.accounts.list_organizations(None).await?,
        },
    ))
}

async fn join_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
) -> Result<Response, AppError> {
    join_view(&state, &s, lang, FormState::new(lang), StatusCode::OK).await
}

#[derive(Deserialize)]
struct JoinFormData {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    association_id: String,
    #[serde(default)]
    org_id: String,
    #[serde(default)]
    message: String,
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    page: Page,
    heading: String,
    paragraphs: Vec<String>,
    link: Option<(String, &'static str)>,
}

async fn message(
    s: &tower_sessions::Session,
    lang: Language,
    title: String,
    paragraphs: Vec<String>,
    link: Option<(String, &'static str)>,
) -> Result<Response, AppError> {
    let page = Page::new(s, lang, None, title.clone(), "").await?;
    Ok(render(
        StatusCode::OK,
        &MessagePage {
            page,
            heading: title,
            paragraphs,
            link,
        },
    ))
}

async fn join_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<JoinFormData>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let mut form = FormState::with_values(
        lang,
        [
            ("email", f.email.as_str()),
            ("display_name", f.display_name.as_str()),
            ("association_id", f.association_id.as_str()),
            ("org_id", f.org_id.as_str()),
            ("message", f.message.as_str()),
        ],
    );
    // Every field is checked so that all problems show at once.
    form.check(DisplayName::parse(&f.display_name));
    form.check(EmailAddress::parse(&f.email));
    form.check(Password::parse(&f.password));
    let parsed = JoinRequestForm::parse(
        &f.email,
        &f.display_name,
        &f.password,
        &f.association_id,
        &f.org_id,
        &f.message,
        lang,
    );
    let mut outcome = Ok(());
    if !form.has_errors() {
        if let Some(req) = form.check(parsed) {
            outcome = state
                .accounts
                .request_join(req)
                .await
                .map_err(AppError::from);
        }
    } else if let Err(e) = parsed
        && !matches!(e.field, "email" | "display_name" | "password")
    {
        form.check::<()>(Err(e));
    }
    if let Err(e) = outcome {
        form.absorb(e)?;
    }
    if form.has_errors() {
        return join_view(&state, &s, lang, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    message(
        &s,
        lang,
        t(lang, "join-sent-title"),
        vec![t(lang, "join-sent"), t(lang, "join-sent-review")],
        None,
    )
    .await
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    page: Page,
    form: FormState,
    invite: Invite,
    token: String,
}

async fn invite_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let invite = state.accounts.usable_invite(&token).await?;
    let page = Page::new(&s, lang, None, t(lang, "join-title"), "join").await?;
    Ok(render(
        StatusCode::OK,
        &InvitePage {
            page,
            form: FormState::new(lang),
            invite,
            token,
        },
    ))
}

#[derive(Deserialize)]
struct InviteFormData {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

async fn invite_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    PathParam(token): PathParam<String>,
    FormData(f): FormData<InviteFormData>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let invite = state.accounts.usable_invite(&token).await?;
    let mut form = FormState::with_values(
        lang,
        [
            ("email", f.email.as_str()),
            ("display_name", f.display_name.as_str()),
        ],
    );
    form.check(DisplayName::parse(&f.display_name));
    form.check(EmailAddress::parse(&f.email));
    form.check(Password::parse(&f.password));
    if !form.has_errors()
        && let Some(join) = form.check(InviteJoin::parse(
            &f.email,
            &f.display_name,
            &f.password,
            lang,
        ))
        && let Err(e) = state.accounts.accept_invite(&token, join).await
    {
        form.absorb(e.into())?;
    }
    if form.has_errors() {
        let page = Page::new(&s, lang, None, t(lang, "join-title"), "join").await?;
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &InvitePage {
                page,
                form,
                invite,
                token,
            },
        ));
    }
    message(
        &s,
        lang,
        t(lang, "join-sent-title"),
        vec![t(lang, "join-sent"), t(lang, "join-sent-invite")],
        None,
    )
    .await
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    page: Page,
    token: String,
}

/// Shows a button rather than verifying on GET: mail scanners that fetch links must not spend
/// the token, and a state change deserves a POST with a CSRF token.
async fn verify_page(
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    MaybeMember(member): MaybeMember,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let page = Page::new(&s, lang, member.as_ref(), t(lang, "verify-title"), "").await?;
    Ok(render(StatusCode::OK, &VerifyPage { page, token }))
}

async fn verify_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let outcome = state.accounts.verify_email(&token).await?;
    let (text, link) = match outcome {
        VerifyOutcome::Activated => (
            t(lang, "verified-active"),
            Some((t(lang, "nav-login"), "/login")),
        ),
        VerifyOutcome::AwaitingApproval => (t(lang, "verified-awaiting"), None),
    };
    message(&s, lang, t(lang, "verified-title"), vec![text], link).await
}

#[derive(Template)]
#[template(path = "reset_request.html")]
struct ResetRequestPage {
    page: Page,
    form: FormState,
}

async fn reset_request_page(
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
) -> Result<Response, AppError> {
    let page = Page::new(&s, lang, None, t(lang, "reset-title"), "")
        .await?
        .at("/reset");
    Ok(render(
        StatusCode::OK,
        &ResetRequestPage {
            page,
            form: FormState::new(lang),
        },
    ))
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
}

async fn reset_request_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<EmailForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values(lang, [("email", f.email.as_str())]);
    let Some(email) = form.check(EmailAddress::parse(&f.email)) else {
        let page = Page::new(&s, lang, None, t(lang, "reset-title"), "")
            .await?
            .at("/reset");
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetRequestPage { page, form },
        ));
    };
    reset_limits(&state, &ip, &email).await?;
    state.accounts.request_password_reset(&email, lang).await?;
    message(
        &s,
        lang,
        t(lang, "join-sent-title"),
        vec![t(lang, "reset-sent")],
        Some((t(lang, "reset-back"), "/login")),
    )
    .await
}

#[derive(Template)]
#[template(path = "reset_form.html")]
struct ResetPage {
    page: Page,
    form: FormState,
    token: String,
}

async fn reset_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    state.accounts.check_reset_token(&token).await?;
    let page = Page::new(&s, lang, None, t(lang, "reset-form-title"), "").await?;
    Ok(render(
        StatusCode::OK,
        &ResetPage {
            page,
            form: FormState::new(lang),
            token,
        },
    ))
}

#[derive(Deserialize)]
struct NewPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn reset_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    PathParam(token): PathParam<String>,
    FormData(f): FormData<NewPasswordForm>,
) -> Result<Response, AppError> {
    reset_confirm_limit(&state, &ip).await?;
    let mut form = FormState::new(lang);
    let password = form.check(Password::parse(&f.password));
    if password.is_some() && f.password != f.password_confirm {
        form.invalid("password_confirm", "password-mismatch");
    }
    if let (Some(p), false) = (password, form.has_errors()) {
        state.accounts.reset_password(&token, &p).await?;
        session::sign_out(&s).await?;
        session::set_flash(&s, t(lang, "reset-done")).await?;
        return Ok(Redirect::to("/login").into_response());
    }
    let page = Page::new(&s, lang, None, t(lang, "reset-form-title"), "").await?;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ResetPage { page, form, token },
    ))
}
