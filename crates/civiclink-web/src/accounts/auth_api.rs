//! Signing in and out, joining, verification and password reset.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civiclink_accounts::{Access, InviteJoin, JoinRequestForm, Member, VerifyOutcome};
use civiclink_domain::{AssociationId, EmailAddress, Language, OrgId, Password};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::{self, ClientAddr, Lang, MaybeMember, SessionHandle, SignedIn};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(join_options))
        .routes(routes!(join))
        .routes(routes!(invite))
        .routes(routes!(accept_invite))
        .routes(routes!(verify))
        .routes(routes!(request_reset))
        .routes(routes!(confirm_reset))
}

#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    /// Send this in `X-CSRF-Token` with every state-changing request.
    pub csrf_token: String,
    pub member: Option<Member>,
    pub access: Option<Access>,
}

/// The current session: its CSRF token and the signed-in member, if any.
#[utoipa::path(get, path = "/api/v1/session", tag = "auth", security(()),
    responses((status = 200, body = SessionInfo)))]
pub(crate) async fn session(
    SessionHandle(s): SessionHandle,
    MaybeMember(member): MaybeMember,
) -> Result<Json<SessionInfo>, AppError> {
    let csrf_token = crate::kit::csrf::csrf_token(&s).await?;
    let access = member.as_ref().map(|m| m.access(civiclink_store::now()));
    Ok(Json(SessionInfo {
        csrf_token,
        member,
        access,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResult {
    pub member: Member,
    pub access: Access,
    /// The session's new CSRF token (it changes at login).
    pub csrf_token: String,
}

/// Signs in. Rate-limited per client address and per account.
#[utoipa::path(post, path = "/api/v1/login", tag = "auth", security(()), request_body = LoginBody,
    responses((status = 200, body = LoginResult), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn login(
    State(state): State<AppState>,
    _: crate::kit::bearer::NotBearer,
    SessionHandle(s): SessionHandle,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<LoginResult>, AppError> {
    let member =
        crate::accounts::auth_pages::check_login(&state, &ip, &body.email, &body.password).await?;
    session::sign_in(&s, &member).await?;
    Ok(Json(LoginResult {
        access: member.access(civiclink_store::now()),
        member,
        csrf_token: crate::kit::csrf::csrf_token(&s).await?,
    }))
}

/// Signs out and ends the session.
#[utoipa::path(post, path = "/api/v1/logout", tag = "auth", responses((status = 204)))]
pub(crate) async fn logout(SessionHandle(s): SessionHandle) -> Result<StatusCode, AppError> {
    session::sign_out(&s).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in member (also when their membership has lapsed).
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Member), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(SignedIn(member): SignedIn) -> Json<Member> {
    Json(member)
}

#[derive(Serialize, ToSchema)]
pub struct JoinOption {
    pub id: AssociationId,
    pub name: String,
    pub organizations: Vec<JoinOrg>,
}

#[derive(Serialize, ToSchema)]
pub struct JoinOrg {
    pub id: OrgId,
    pub name: String,
}

/// Associations and their organizations, to fill in a join request.
#[utoipa::path(get, path = "/api/v1/join/options", tag = "auth", security(()),
    responses((status = 200, body = Vec<JoinOption>)))]
pub(crate) async fn join_options(
    State(state): State<AppState>,
) -> Result<Json<Vec<JoinOption>>, AppError> {
    let associations = state.accounts.list_associations().await?;
    let orgs = state.accounts.list_organizations(None).await?;
    Ok(Json(
        associations
            .into_iter()
            .map(|a| JoinOption {
                organizations: orgs
                    .iter()
                    .filter(|o| o.association_id == a.id)
                    .map(|o| JoinOrg {
                        id: o.id,
                        name: o.name.clone(),
                    })
                    .collect(),
                id: a.id,
                name: a.name,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct JoinBody {
    pub email: String,
    pub display_name: String,
    pub password: String,
    pub association_id: String,
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Accepted {
    pub message: String,
}

pub(crate) fn accepted(lang: Language, key: &str) -> Response {
    (
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: civiclink_i18n::t(lang, key),
        }),
    )
        .into_response()
}

/// Asks to join. The same answer whether or not the address already has an account.
#[utoipa::path(post, path = "/api/v1/join", tag = "auth", security(()), request_body = JoinBody,
    responses((status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn join(
    State(state): State<AppState>,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<JoinBody>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let form = JoinRequestForm::parse(
        &body.email,
        &body.display_name,
        &body.password,
        &body.association_id,
        body.org_id.as_deref().unwrap_or(""),
        body.message.as_deref().unwrap_or(""),
        lang,
    )?;
    state.accounts.request_join(form).await?;
    Ok(accepted(lang, "api-join-accepted"))
}

/// What an invitation link offers, if it is still usable.
#[utoipa::path(get, path = "/api/v1/invites/{token}", tag = "auth", security(()),
    params(("token" = String, Path, description = "the secret from the invitation link")),
    responses((status = 200, body = InviteOffer), (status = 410, body = ErrorBody)))]
pub(crate) async fn invite(
    State(state): State<AppState>,
    PathParam(token): PathParam<String>,
) -> Result<Json<InviteOffer>, AppError> {
    let i = state.accounts.usable_invite(&token).await?;
    Ok(Json(InviteOffer {
        association_id: i.association_id,
        association_name: i.association_name,
        org_id: i.org_id,
        org_name: i.org_name,
        expires_at: i.expires_at,
    }))
}

/// What an invitation offers to whoever holds its link: where it admits them and until when.
/// The administrators' note and how often the link was used are theirs alone.
#[derive(Serialize, ToSchema)]
pub struct InviteOffer {
    pub association_id: civiclink_domain::AssociationId,
    pub association_name: String,
    pub org_id: Option<civiclink_domain::OrgId>,
    pub org_name: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: time::OffsetDateTime,
}

#[derive(Deserialize, ToSchema)]
pub struct InviteBody {
    pub email: String,
    pub display_name: String,
    pub password: String,
}

/// Joins through an invitation link; the membership starts when the email is confirmed.
#[utoipa::path(post, path = "/api/v1/invites/{token}/accept", tag = "auth", security(()), request_body = InviteBody,
    params(("token" = String, Path, description = "the secret from the invitation link")),
    responses((status = 202, body = Accepted), (status = 410, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn accept_invite(
    State(state): State<AppState>,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    PathParam(token): PathParam<String>,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<Response, AppError> {
    state
        .limit(&format!("join:ip:{ip}"), state.config.limits.join_per_ip)
        .await?;
    let form = InviteJoin::parse(&body.email, &body.display_name, &body.password, lang)?;
    state.accounts.accept_invite(&token, form).await?;
    Ok(accepted(lang, "api-join-accepted"))
}

#[derive(Deserialize, ToSchema)]
pub struct TokenBody {
    pub token: String,
}

#[derive(Serialize, ToSchema)]
pub struct VerifyResult {
    pub outcome: VerifyOutcome,
}

/// Confirms an email address with the token from the email.
#[utoipa::path(post, path = "/api/v1/verify", tag = "auth", security(()), request_body = TokenBody,
    responses((status = 200, body = VerifyResult), (status = 410, body = ErrorBody)))]
pub(crate) async fn verify(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<TokenBody>,
) -> Result<Json<VerifyResult>, AppError> {
    Ok(Json(VerifyResult {
        outcome: state.accounts.verify_email(&body.token).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequestBody {
    pub email: String,
}

/// Emails a password-reset link. The same answer whether or not the address has an account.
#[utoipa::path(post, path = "/api/v1/password-reset", tag = "auth", security(()), request_body = ResetRequestBody,
    responses((status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    Lang(lang): Lang,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<ResetRequestBody>,
) -> Result<Response, AppError> {
    let email = EmailAddress::parse(&body.email)?;
    crate::accounts::auth_pages::reset_limits(&state, &ip, &email).await?;
    state.accounts.request_password_reset(&email, lang).await?;
    Ok(accepted(lang, "api-reset-accepted"))
}

#[derive(Deserialize, ToSchema)]
pub struct ResetConfirmBody {
    pub token: String,
    pub password: String,
}

/// Sets a new password with the token from the email. Ends every session of the member.
#[utoipa::path(post, path = "/api/v1/password-reset/confirm", tag = "auth", security(()), request_body = ResetConfirmBody,
    responses((status = 204), (status = 410, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn confirm_reset(
    State(state): State<AppState>,
    ClientAddr(ip): ClientAddr,
    ApiJson(body): ApiJson<ResetConfirmBody>,
) -> Result<StatusCode, AppError> {
    crate::accounts::auth_pages::reset_confirm_limit(&state, &ip).await?;
    let password = Password::parse(&body.password)?;
    state
        .accounts
        .reset_password(&body.token, &password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
