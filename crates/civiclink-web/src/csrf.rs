//! CSRF protection for every state-changing request: the session's token must come back, in the
//! `X-CSRF-Token` header (API, scripts) or the `csrf_token` field of a form, url-encoded or
//! multipart (the photo upload). A request that a cookie could authenticate cannot change
//! anything without it, logged in or not (login CSRF included).

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
/// Multipart forms carry a file: an avatar of at most 5 MB, with room for the framing.
pub const MULTIPART_LIMIT: usize = 6 * 1024 * 1024;

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
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("application/x-www-form-urlencoded") {
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
        return Ok(next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await);
    }
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(&content_type)
            .map_err(|_| AppError::BadRequest("the form could not be read".into()))?;
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, MULTIPART_LIMIT)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        if !multipart_token_matches(bytes.clone(), boundary, &expected).await? {
            return Err(AppError::Csrf);
        }
        return Ok(next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await);
    }
    Err(AppError::Csrf)
}

/// Whether the buffered multipart `body` has a `csrf_token` part equal to `expected`. The other
/// parts (the file) are skipped unread.
async fn multipart_token_matches(
    body: axum::body::Bytes,
    boundary: String,
    expected: &str,
) -> Result<bool, AppError> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let unreadable = |_| AppError::BadRequest("the form could not be read".into());
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        if field.name() == Some(FIELD) {
            let given = field.text().await.map_err(unreadable)?;
            return Ok(same(&given, expected));
        }
    }
    Ok(false)
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
