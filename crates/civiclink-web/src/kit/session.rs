//! Who is asking: the session, the member behind it, the client's address, and the CSRF token.
//!
//! [`load_identity`] runs on every request: it reads the member id and session epoch from the
//! session, loads the member, and ends the session if the member was suspended or their epoch
//! moved on (a password reset, a suspension). Handlers then ask for what they need with the
//! extractors [`MaybeMember`], [`SignedIn`], [`ActiveMember`] and [`Admin`].

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use civiclink_accounts::{Access, Actor, Member};
use civiclink_domain::{Language, MemberId, MemberStatus};
use tower_sessions::Session;

use crate::kit::error::AppError;
use crate::kit::state::AppState;

const MEMBER_KEY: &str = "member_id";
const EPOCH_KEY: &str = "epoch";
const FLASH_KEY: &str = "flash";
/// When the session's expiry was last pushed back (Unix seconds).
const REFRESHED_KEY: &str = "refreshed";
/// A session expires after a period of inactivity, but pushing its expiry back is a database
/// write: it is done at most this often, not on every request.
const REFRESH_EVERY_SECS: i64 = 3600;

/// The member signed in on this request, if any, as loaded by [`load_identity`].
#[derive(Clone, Debug)]
pub struct Identity(pub Option<Member>);

pub use crate::kit::client_addr::ClientIp;

fn session_of(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))
}

pub(crate) async fn load_identity(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    let ip = crate::kit::client_addr::client_ip(&req, &state.config.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    let session = req
        .extensions()
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))?;
    let bearer = req
        .extensions()
        .get::<crate::kit::bearer::BearerIdentity>()
        .cloned();
    if let Some(b) = &bearer {
        tracing::debug!(token = %b.token, member = %b.member.id, "bearer request");
    }
    // A token speaks for its member (checked by `bearer::authenticate`); the session, which
    // has no cookie to come from, is not read.
    let id: Option<MemberId> = if bearer.is_some() {
        None
    } else {
        session.get(MEMBER_KEY).await.map_err(AppError::internal)?
    };
    let member = match id {
        None => bearer.map(|b| b.member),
        Some(id) => {
            let epoch: Option<i64> = session.get(EPOCH_KEY).await.map_err(AppError::internal)?;
            match state.accounts.signed_in_member(id).await {
                Ok(m) if Some(m.session_epoch) == epoch && m.status != MemberStatus::Suspended => {
                    Some(m)
                }
                Ok(_) | Err(civiclink_accounts::AccountsError::NotFound) => {
                    // The member was suspended or every session was ended: this one ends now.
                    session.flush().await.map_err(AppError::internal)?;
                    None
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    if member.is_some() && !crate::kit::bearer::is_bearer(req.extensions()) {
        refresh_expiry(&session).await?;
    }
    let lang = member
        .as_ref()
        .and_then(|m| m.preferred_language)
        .unwrap_or_else(|| request_language(req.headers()));
    let is_page = !req.uri().path().starts_with("/api/");
    req.extensions_mut().insert(Identity(member.clone()));
    req.extensions_mut().insert(lang);
    let signed_in = member.is_some();
    let mut response = next.run(req).await;
    // What a member sees, and every API answer, is theirs alone: no cache along the way (or
    // the browser's, after logout) may keep it.
    if (signed_in || !is_page) && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The error renderer, outside this layer, words errors in the same language and shows them
    // in the same frame as other pages: the member's navigation and the language switch.
    response.extensions_mut().insert(lang);
    let status = response.status();
    // Without a token (the session store failing) the page still shows, without the switch.
    if is_page && (status.is_client_error() || status.is_server_error()) {
        let csrf = crate::kit::csrf::csrf_token(&session)
            .await
            .unwrap_or_default();
        response
            .extensions_mut()
            .insert(crate::kit::error::ErrorShell { member, csrf });
    }
    Ok(response)
}

/// The cookie that keeps a visitor's language choice (the switch in the page header).
pub(crate) const LANG_COOKIE: &str = "civiclink_lang";

/// The language of a request from someone not signed in (or without a preference): the
/// switch's cookie, else the browser's `Accept-Language`, else English.
pub(crate) fn request_language(headers: &axum::http::HeaderMap) -> Language {
    let from_cookie = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Language::from_tag(v));
    from_cookie
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::negotiate)
        })
        .unwrap_or_default()
}

/// Marks the session changed, so that it is saved with a new expiry, when it was last saved
/// more than [`REFRESH_EVERY_SECS`] ago. Otherwise a request leaves the stored session alone.
async fn refresh_expiry(session: &Session) -> Result<(), AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let last: Option<i64> = session
        .get(REFRESHED_KEY)
        .await
        .map_err(AppError::internal)?;
    if last.is_none_or(|t| now - t >= REFRESH_EVERY_SECS || now < t) {
        session
            .insert(REFRESHED_KEY, now)
            .await
            .map_err(AppError::internal)?;
    }
    Ok(())
}

/// Signs a member in: a new session id (no fixation), their id and session epoch stored.
pub(crate) async fn sign_in(session: &Session, member: &Member) -> Result<(), AppError> {
    session.cycle_id().await.map_err(AppError::internal)?;
    session
        .insert(MEMBER_KEY, member.id)
        .await
        .map_err(AppError::internal)?;
    session
        .insert(EPOCH_KEY, member.session_epoch)
        .await
        .map_err(AppError::internal)?;
    session
        .insert(
            REFRESHED_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await
        .map_err(AppError::internal)?;
    // A fresh CSRF token for the new privilege level.
    session
        .insert(crate::kit::csrf::SESSION_KEY, crate::kit::csrf::new_token())
        .await
        .map_err(AppError::internal)?;
    Ok(())
}

pub(crate) async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(AppError::internal)
}

/// A one-time message shown on the next page ("Request approved").
pub(crate) async fn set_flash(
    session: &Session,
    message: impl Into<String>,
) -> Result<(), AppError> {
    session
        .insert(FLASH_KEY, message.into())
        .await
        .map_err(AppError::internal)
}

/// The flash message, removed from the session. Only a session that holds one is changed: a
/// removal marks the session modified, and a modified session is written back, which would
/// make every page view a database write.
pub(crate) async fn take_flash(session: &Session) -> Result<Option<String>, AppError> {
    let present: Option<String> = session.get(FLASH_KEY).await.map_err(AppError::internal)?;
    if present.is_none() {
        return Ok(None);
    }
    session.remove(FLASH_KEY).await.map_err(AppError::internal)
}

fn identity(parts: &Parts) -> Option<Member> {
    parts.extensions.get::<Identity>().and_then(|i| i.0.clone())
}

pub(crate) fn ip_of(parts: &Parts) -> Option<String> {
    parts.extensions.get::<ClientIp>().map(|c| c.0.clone())
}

/// The signed-in member, or nobody.
pub struct MaybeMember(pub Option<Member>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeMember {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeMember(identity(parts)))
    }
}

/// Any signed-in member, including one whose membership lapsed.
pub struct SignedIn(pub Member);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        identity(parts)
            .map(SignedIn)
            .ok_or(AppError::Unauthenticated)
    }
}

/// A signed-in member with a current membership, where they act from, and their language.
pub struct ActiveMember {
    pub member: Member,
    pub ip: Option<String>,
    pub lang: Language,
}

impl ActiveMember {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.member.id,
            role: self.member.role,
            association_id: self.member.association_id,
            ip: self.ip.clone(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ActiveMember {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let member = identity(parts).ok_or(AppError::Unauthenticated)?;
        match member.access(civiclink_store::now()) {
            Access::Full => Ok(ActiveMember {
                member,
                ip: ip_of(parts),
                lang: parts
                    .extensions
                    .get::<Language>()
                    .copied()
                    .unwrap_or_default(),
            }),
            Access::Lapsed => Err(AppError::Lapsed),
            Access::None => Err(AppError::Unauthenticated),
        }
    }
}

/// An active association or site administrator.
pub struct Admin(pub ActiveMember);

impl Admin {
    pub fn actor(&self) -> Actor {
        self.0.actor()
    }

    pub fn member(&self) -> &Member {
        &self.0.member
    }

    pub fn lang(&self) -> Language {
        self.0.lang
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let active = ActiveMember::from_request_parts(parts, state).await?;
        if active.member.role.is_admin() {
            Ok(Admin(active))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The session itself, for handlers that sign in or out.
pub struct SessionHandle(pub Session);

impl<S: Send + Sync> FromRequestParts<S> for SessionHandle {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        session_of(parts).map(SessionHandle)
    }
}

/// The client's address as a handler argument (for rate limits and the audit log).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            ip_of(parts).unwrap_or_else(|| "unknown".to_owned()),
        ))
    }
}

/// The language of this request's pages and messages.
pub struct Lang(pub Language);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(
            parts
                .extensions
                .get::<Language>()
                .copied()
                .unwrap_or_else(|| request_language(&parts.headers)),
        ))
    }
}
