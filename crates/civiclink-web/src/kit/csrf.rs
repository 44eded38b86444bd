//! CSRF protection for every state-changing request: the expected token must come back, in the
//! `X-CSRF-Token` header (API, scripts) or the `csrf_token` field of a form, url-encoded or
//! multipart (the photo upload). A request that a cookie could authenticate cannot change
//! anything without it, logged in or not (login CSRF included).
//!
//! A signed-in member's token lives in their session. A visitor who is not signed in has no
//! session row at all (a page view must not write one): their token is the value of a signed
//! cookie, which forms and the header must repeat (a signed double-submit). The key that signs
//! it is in the database, so every process of the site accepts the cookies the others set.
//! Over https the cookie is named `__Host-…`, which a neighbouring subdomain cannot set.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, CookieJar, Key, SameSite};
use tower_sessions::Session;

use crate::kit::error::AppError;

pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "csrf_token";
/// Forms are small; anything larger is refused before it is buffered.
const FORM_LIMIT: usize = 256 * 1024;
/// Multipart forms carry a file: an avatar of at most 5 MB, with room for the framing.
pub const MULTIPART_LIMIT: usize = 6 * 1024 * 1024;
/// The name of the shared secret that signs visitors' CSRF cookies.
pub(crate) const SECRET_NAME: &str = "csrf-cookie";
/// Its length: what [`Key::try_from`] asks for.
pub(crate) const SECRET_LEN: usize = 64;

/// What signs visitors' CSRF cookies, and how they are set.
#[derive(Clone)]
pub(crate) struct VisitorCookies {
    key: Arc<Key>,
    secure: bool,
}

impl VisitorCookies {
    pub(crate) fn new(secret: &[u8], secure: bool) -> Result<Self, String> {
        let key = Key::try_from(secret).map_err(|e| e.to_string())?;
        Ok(Self {
            key: Arc::new(key),
            secure,
        })
    }

    fn name(&self) -> &'static str {
        if self.secure {
            "__Host-civiclink_csrf"
        } else {
            "civiclink_csrf"
        }
    }

    /// The token carried by the request's cookie, if it is there and its signature holds.
    fn read(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        let name = self.name();
        let raw = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())?;
        let mut jar = CookieJar::new();
        jar.add_original(Cookie::new(name, raw));
        jar.signed(&self.key)
            .get(name)
            .map(|c| c.value().to_owned())
    }

    /// The `Set-Cookie` value that hands `token` to the browser, signed.
    fn set_cookie(&self, token: &str) -> Option<HeaderValue> {
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key)
            .add(Cookie::new(self.name(), token.to_owned()));
        let signed = jar.get(self.name())?.value().to_owned();
        let cookie = Cookie::build((self.name(), signed))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .build();
        HeaderValue::from_str(&cookie.to_string()).ok()
    }
}

/// This request's visitor token: the cookie's, or a new one, made (and set) only if a page or an
/// answer hands it out: most requests (assets, health checks, members' pages) never need one.
struct VisitorToken {
    value: std::sync::OnceLock<String>,
    /// It came with the request (so a form may repeat it), rather than being made now.
    from_cookie: bool,
    handed_out: AtomicBool,
}

impl VisitorToken {
    fn value(&self) -> &str {
        self.value.get_or_init(new_token)
    }
}

tokio::task_local! {
    static VISITOR: Arc<VisitorToken>;
}

/// Reads (or makes) the visitor's CSRF token for the requests inside it, and sets the cookie
/// when a new token was handed out. Writes nothing anywhere else.
pub(crate) async fn visitor_token(
    State(cookies): State<VisitorCookies>,
    req: Request,
    next: Next,
) -> Response {
    let token = Arc::new(match cookies.read(req.headers()) {
        Some(value) => VisitorToken {
            value: std::sync::OnceLock::from(value),
            from_cookie: true,
            handed_out: AtomicBool::new(false),
        },
        None => VisitorToken {
            value: std::sync::OnceLock::new(),
            from_cookie: false,
            handed_out: AtomicBool::new(false),
        },
    });
    let mut response = VISITOR.scope(token.clone(), next.run(req)).await;
    if !token.from_cookie
        && token.handed_out.load(Ordering::Relaxed)
        && let Some(v) = cookies.set_cookie(token.value())
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// A new random token (256 bits, hex).
/// Where a signed-in session keeps its token (set at sign-in, see
/// [`crate::kit::session::sign_in`]).
pub(crate) const SESSION_KEY: &str = "csrf";

/// The CSRF token for this request's forms: the signed-in session's, else the visitor's
/// (a signed cookie, so that a visitor's page view stores nothing).
pub(crate) async fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Some(t) = session_csrf(session).await? {
        return Ok(t);
    }
    visitor_csrf().ok_or_else(|| AppError::internal("visitor token layer missing"))
}

/// The token stored in the session (a signed-in member's), if any.
pub(crate) async fn session_csrf(session: &Session) -> Result<Option<String>, AppError> {
    session.get(SESSION_KEY).await.map_err(AppError::internal)
}

pub(crate) fn new_token() -> String {
    uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string()
}

/// The token to put in this visitor's forms (the cookie is set with the response).
pub(crate) fn visitor_csrf() -> Option<String> {
    VISITOR
        .try_with(|t| {
            t.handed_out.store(true, Ordering::Relaxed);
            t.value().to_owned()
        })
        .ok()
}

/// The token this request must repeat: the session's, else the one its visitor cookie carries.
async fn expected(session: &Session) -> Result<Option<String>, AppError> {
    if let Some(t) = session_csrf(session).await? {
        return Ok(Some(t));
    }
    Ok(VISITOR
        .try_with(|t| t.from_cookie.then(|| t.value().to_owned()))
        .ok()
        .flatten())
}

fn same(a: &str, b: &str) -> bool {
    // Constant-time over the length of the expected token.
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(crate) async fn verify_csrf(req: Request, next: Next) -> Result<Response, AppError> {
    // A bearer request carries no cookie (they are taken off it): nothing a browser adds on its
    // own authenticates it, so there is no forgery to guard against.
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || crate::kit::bearer::is_bearer(req.extensions())
    {
        return Ok(next.run(req).await);
    }
    let session = req
        .extensions()
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))?;
    let Some(expected) = expected(&session).await? else {
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
    #![allow(clippy::expect_used)]

    #[test]
    fn comparison_is_exact() {
        assert!(super::same("abc", "abc"));
        assert!(!super::same("abc", "abd"));
        assert!(!super::same("abc", "abcd"));
        assert!(!super::same("", "a"));
    }

    #[test]
    fn a_visitor_cookie_is_read_back_only_with_its_signature() {
        let cookies = super::VisitorCookies::new(&[7u8; 64], false).expect("key");
        let set = cookies.set_cookie("tok").expect("cookie");
        let pair = set
            .to_str()
            .expect("ascii")
            .split(';')
            .next()
            .expect("pair")
            .to_owned();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, pair.parse().expect("header"));
        assert_eq!(cookies.read(&headers).as_deref(), Some("tok"));
        // Another site's key, or a value written by hand, is not a token.
        let other = super::VisitorCookies::new(&[8u8; 64], false).expect("key");
        assert_eq!(other.read(&headers), None);
        headers.insert(
            axum::http::header::COOKIE,
            "civiclink_csrf=tok".parse().expect("header"),
        );
        assert_eq!(cookies.read(&headers), None);
        assert!(super::VisitorCookies::new(&[1u8; 16], false).is_err());
    }
}
