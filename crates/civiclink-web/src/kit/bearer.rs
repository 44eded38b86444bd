//! `Authorization: Bearer clk_…`: a member's personal access token in place of a session.
//!
//! [`authenticate`] runs outside the session layer. A request that carries a bearer token has its
//! cookies taken away before the session layer sees it, and any `Set-Cookie` taken off its
//! answer: a bearer request never reads or sets a cookie, so it needs no CSRF token (a browser
//! never adds a bearer token on its own). The token's member must have full access at this
//! moment (not suspended, lapsed or erased); a read token may only use GET and HEAD. Tokens work
//! under `/api/` only: elsewhere the header is left alone (pages do not read it, and `/metrics`
//! takes the operator's own token).
//!
//! Failures are counted per client address, like bad logins; past the limit an address is
//! refused before its token is even looked at. Handlers that must not run on a token (token
//! management, erasure) take [`NotBearer`].

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use civiclink_accounts::{Access, Member};
use civiclink_domain::ApiTokenId;

use crate::kit::error::AppError;
use crate::kit::state::AppState;

/// The token a request authenticated with, and the member it speaks for.
#[derive(Clone, Debug)]
pub(crate) struct BearerIdentity {
    pub member: Member,
    pub token: ApiTokenId,
}

/// The secret of an `Authorization: Bearer` header; `Err` for a header that is not one.
fn bearer_secret(req: &Request) -> Option<Result<String, ()>> {
    let value = req.headers().get(header::AUTHORIZATION)?;
    let Ok(value) = value.to_str() else {
        return Some(Err(()));
    };
    let value = value.trim();
    let (scheme, secret) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        // Another scheme (Basic, …) is no business of ours: the request goes on without it.
        return None;
    }
    let secret = secret.trim();
    Some(if secret.is_empty() {
        Err(())
    } else {
        Ok(secret.to_owned())
    })
}

pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, AppError> {
    // Outside the API the header is not a member's token (`/metrics` has its own), and pages
    // do not read it.
    if !req.uri().path().starts_with("/api/") {
        return Ok(next.run(req).await);
    }
    let Some(secret) = bearer_secret(&req) else {
        return Ok(next.run(req).await);
    };
    let ip = crate::kit::client_addr::client_ip(&req, &state.config.trusted_proxies);
    let rule = state.config.limits.token_failures_per_ip;
    let key = format!("bearer-ip:{ip}");
    state.within_limit(&key, rule).await?;
    let grant = match secret {
        Ok(s) => state.accounts.authenticate_api_token(&s).await?,
        Err(()) => None,
    };
    let Some(grant) = grant else {
        state.limit(&key, rule).await?;
        return Err(AppError::BearerInvalid);
    };
    match grant.member.access(civiclink_store::now()) {
        Access::Full => {}
        Access::Lapsed => return Err(AppError::Lapsed),
        Access::None => return Err(AppError::BearerInvalid),
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !grant.scope.allows(safe) {
        return Err(AppError::InsufficientScope);
    }
    req.headers_mut().remove(header::COOKIE);
    req.extensions_mut().insert(BearerIdentity {
        member: grant.member,
        token: grant.token,
    });
    let mut response = next.run(req).await;
    response.headers_mut().remove(header::SET_COOKIE);
    Ok(response)
}

/// Whether this request authenticated with a token rather than a session.
pub(crate) fn is_bearer(extensions: &axum::http::Extensions) -> bool {
    extensions.get::<BearerIdentity>().is_some()
}

/// Refuses a request made with a token: for what only a member signed in with their password
/// may do (manage tokens, erase the account).
pub(crate) struct NotBearer;

impl<S: Send + Sync> FromRequestParts<S> for NotBearer {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if is_bearer(&parts.extensions) {
            Err(AppError::SessionRequired)
        } else {
            Ok(NotBearer)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    fn req(auth: &str) -> axum::extract::Request {
        axum::http::Request::builder()
            .header("authorization", auth)
            .body(axum::body::Body::empty())
            .expect("request")
    }

    #[test]
    fn only_the_bearer_scheme_is_read() {
        assert_eq!(
            super::bearer_secret(&req("Bearer clk_x")),
            Some(Ok("clk_x".into()))
        );
        assert_eq!(
            super::bearer_secret(&req("bearer  clk_x ")),
            Some(Ok("clk_x".into()))
        );
        assert_eq!(super::bearer_secret(&req("Bearer")), Some(Err(())));
        assert_eq!(super::bearer_secret(&req("Bearer   ")), Some(Err(())));
        assert_eq!(super::bearer_secret(&req("Basic dXNlcjpwdw==")), None);
    }
}
