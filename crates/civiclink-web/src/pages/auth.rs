//! The pages a visitor reaches without signing in: log in, join (by request or invitation),
//! confirm an email address, reset a password. Plus logging out.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::{
    Access, Association, Invite, InviteJoin, JoinRequestForm, Member, Organization, VerifyOutcome,
};
use civiclink_domain::{DisplayName, EmailAddress, Password};
use serde::Deserialize;

use super::{FormState, Page, render};
use crate::extract::{FormData, PathParam, QueryParams};
use crate::session::{self, ClientAddr, MaybeMember, SessionHandle};
use crate::{AppError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
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

/// Only same-site paths are followed after login, so a crafted link cannot send a member away.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
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
    MaybeMember(member): MaybeMember,
    QueryParams(q): QueryParams<NextQuery>,
) -> Result<Response, AppError> {
    if member.is_some() {
        return Ok(Redirect::to(safe_next(q.next.as_deref())).into_response());
    }
    let page = Page::new(&s, None, "Log in", "login").await?;
    let form = FormState::with_values([("next", q.next.as_deref().unwrap_or(""))]);
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
        // A rate limit answers with its own page, which carries `Retry-After`.
        Err(e @ (AppError::RateLimited(_) | AppError::Internal(_))) => Err(e),
        Err(e) => {
            let status = e.status();
            let mut form =
                FormState::with_values([("email", f.email.as_str()), ("next", f.next.as_str())]);
            form.add("form", e.to_string());
            let page = Page::new(&s, None, "Log in", "login").await?;
            Ok(render(status, &LoginPage { page, form }))
        }
    }
}

async fn logout(SessionHandle(s): SessionHandle) -> Result<Response, AppError> {
    session::sign_out(&s).await?;
    session::set_flash(&s, "You are logged out.").await?;
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

async fn join_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
) -> Result<Response, AppError> {
    let page = Page::new(&s, None, "Join CivicLink", "join").await?;
    Ok(render(
        StatusCode::OK,
        &JoinPage {
            page,
            form: FormState::default(),
            associations: state.accounts.list_associations().await?,
            organizations: state.accounts.list_organizations(None).await?,
        },
    ))
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
struct MessagePage<'a> {
    page: Page,
    heading: &'a str,
    paragraphs: Vec<String>,
    link: Option<(&'a str, &'a str)>,
}

async fn message(
    s: &tower_sessions::Session,
    title: &str,
    paragraphs: Vec<String>,
    link: Option<(&str, &str)>,
) -> Result<Response, AppError> {
    let page = Page::new(s, None, title, "").await?;
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

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

async fn join_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<JoinFormData>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let mut form = FormState::with_values([
        ("email", f.email.as_str()),
        ("display_name", f.display_name.as_str()),
        ("association_id", f.association_id.as_str()),
        ("org_id", f.org_id.as_str()),
        ("message", f.message.as_str()),
    ]);
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
        let page = Page::new(&s, None, "Join CivicLink", "join").await?;
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &JoinPage {
                page,
                form,
                associations: state.accounts.list_associations().await?,
                organizations: state.accounts.list_organizations(None).await?,
            },
        ));
    }
    message(
        &s,
        "Check your email",
        vec![
            capitalised(crate::api::CHECK_EMAIL_TEXT) + ".",
            "Once your address is confirmed, an administrator of your association reviews your request. We will email you when it is approved.".into(),
        ],
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
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let invite = state.accounts.usable_invite(&token).await?;
    let page = Page::new(&s, None, "Join CivicLink", "join").await?;
    Ok(render(
        StatusCode::OK,
        &InvitePage {
            page,
            form: FormState::default(),
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
    ClientAddr(ip): ClientAddr,
    PathParam(token): PathParam<String>,
    FormData(f): FormData<InviteFormData>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let invite = state.accounts.usable_invite(&token).await?;
    let mut form = FormState::with_values([
        ("email", f.email.as_str()),
        ("display_name", f.display_name.as_str()),
    ]);
    form.check(DisplayName::parse(&f.display_name));
    form.check(EmailAddress::parse(&f.email));
    form.check(Password::parse(&f.password));
    if !form.has_errors()
        && let Some(join) = form.check(InviteJoin::parse(&f.email, &f.display_name, &f.password))
        && let Err(e) = state.accounts.accept_invite(&token, join).await
    {
        form.absorb(e.into())?;
    }
    if form.has_errors() {
        let page = Page::new(&s, None, "Join CivicLink", "join").await?;
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
        "Check your email",
        vec![
            capitalised(crate::api::CHECK_EMAIL_TEXT)
                + ". Your membership starts as soon as you confirm it.",
        ],
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
    MaybeMember(member): MaybeMember,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let page = Page::new(&s, member.as_ref(), "Confirm your email address", "").await?;
    Ok(render(StatusCode::OK, &VerifyPage { page, token }))
}

async fn verify_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    let outcome = state.accounts.verify_email(&token).await?;
    let (text, link) = match outcome {
        VerifyOutcome::Activated | VerifyOutcome::Active => (
            "Your email address is confirmed and your membership is active.",
            Some(("Log in", "/login")),
        ),
        VerifyOutcome::AwaitingApproval => (
            "Your email address is confirmed. An administrator of your association will now review your request; we will email you when it is approved.",
            None,
        ),
    };
    message(&s, "Email address confirmed", vec![text.to_owned()], link).await
}

#[derive(Template)]
#[template(path = "reset_request.html")]
struct ResetRequestPage {
    page: Page,
    form: FormState,
}

async fn reset_request_page(SessionHandle(s): SessionHandle) -> Result<Response, AppError> {
    let page = Page::new(&s, None, "Reset your password", "").await?;
    Ok(render(
        StatusCode::OK,
        &ResetRequestPage {
            page,
            form: FormState::default(),
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
    ClientAddr(ip): ClientAddr,
    FormData(f): FormData<EmailForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::with_values([("email", f.email.as_str())]);
    let Some(email) = form.check(EmailAddress::parse(&f.email)) else {
        let page = Page::new(&s, None, "Reset your password", "").await?;
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetRequestPage { page, form },
        ));
    };
    reset_limits(&state, &ip, &email).await?;
    state.accounts.request_password_reset(&email).await?;
    message(
        &s,
        "Check your email",
        vec![capitalised(crate::api::RESET_SENT_TEXT) + "."],
        Some(("Back to log in", "/login")),
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
    PathParam(token): PathParam<String>,
) -> Result<Response, AppError> {
    state.accounts.check_reset_token(&token).await?;
    let page = Page::new(&s, None, "Choose a new password", "").await?;
    Ok(render(
        StatusCode::OK,
        &ResetPage {
            page,
            form: FormState::default(),
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
    PathParam(token): PathParam<String>,
    FormData(f): FormData<NewPasswordForm>,
) -> Result<Response, AppError> {
    let mut form = FormState::default();
    let password = form.check(Password::parse(&f.password));
    if password.is_some() && f.password != f.password_confirm {
        form.add("password_confirm", "The two passwords are not the same");
    }
    if let (Some(p), false) = (password, form.has_errors()) {
        state.accounts.reset_password(&token, &p).await?;
        session::sign_out(&s).await?;
        session::set_flash(
            &s,
            "Your password was changed. Log in with your new password.",
        )
        .await?;
        return Ok(Redirect::to("/login").into_response());
    }
    let page = Page::new(&s, None, "Choose a new password", "").await?;
    Ok(render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &ResetPage { page, form, token },
    ))
}
