//! CSRF protection for every state-changing request: the session's token must come back, in the
//! `X-CSRF-Token` header (API, scripts) or the `csrf_token` field of a form. A request that a
//! cookie could authenticate cannot change anything without it, logged in or not (login CSRF
//! included).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use crate::AppError;
use crate::session::expected_csrf;

pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "csrf_token";
/// Forms are small; anything larger is refused before it is buffered.
const FORM_LIMIT: usize = 256 * 1024;

fn same(a: &str, b: &str) -> bool {
    // Constant-time over the length of the expected token.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(crate) async fn verify_csrf(req: Request, next: Next) -> Result<Response, AppError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.run(req).await);
    }
    let session = req
        .extensions()
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))?;
    let Some(expected) = expected_csrf(&session).await? else {
        return Err(AppError::Csrf);
    };
    if let Some(given) = req.headers().get(HEADER) {
        return if given.to_str().is_ok_and(|g| same(g, &expected)) {
            Ok(next.run(req).await)
        } else {
            Err(AppError::Csrf)
        };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| AppError::BadRequest("the form could not be read".into()))?;
    let ok = pairs.iter().any(|(k, v)| k == FIELD && same(v, &expected));
    if !ok {
        return Err(AppError::Csrf);
    }
    Ok(next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await)
}

#[cfg(test)]
mod tests {
    #[test]
    fn comparison_is_exact() {
        assert!(super::same("abc", "abc"));
        assert!(!super::same("abc", "abd"));
        assert!(!super::same("abc", "abcd"));
        assert!(!super::same("", "a"));
    }
}
