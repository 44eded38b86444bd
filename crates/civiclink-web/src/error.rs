//! One error type for the whole edge. A handler returns [`AppError`]; the response carries an
//! [`ErrorInfo`] extension, and the outermost middleware ([`render_errors`]) turns it into a JSON
//! body (`{"error": "<code>", "message": "…"}`) under `/api/` or a friendly page elsewhere.
//! Causes of 5xx errors are logged, never sent.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use civiclink_accounts::AccountsError;
use civiclink_domain::ValidationError;
use civiclink_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("log in to continue")]
    Unauthenticated,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("your membership has lapsed: renew it to continue")]
    Lapsed,
    #[error("not found")]
    NotFound,
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    BadRequest(String),
    #[error("the request is too large")]
    PayloadTooLarge,
    #[error("the form expired or was sent from another site: reload the page and try again")]
    Csrf,
    #[error("too many attempts: try again in {0} seconds")]
    RateLimited(u64),
    #[error("{1}")]
    Accounts(&'static str, String, StatusCode),
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf | AppError::Lapsed => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Accounts(_, _, s) => *s,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Lapsed => "membership_lapsed",
            AppError::NotFound => "not_found",
            AppError::Invalid { .. } => "invalid_input",
            AppError::BadRequest(_) => "bad_request",
            AppError::PayloadTooLarge => "payload_too_large",
            AppError::Csrf => "csrf_failed",
            AppError::RateLimited(_) => "rate_limited",
            AppError::Accounts(code, _, _) => code,
            AppError::Internal(_) => "internal",
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<ValidationError> for AppError {
    fn from(e: ValidationError) -> Self {
        AppError::Invalid {
            field: e.field.to_owned(),
            message: e.message.to_owned(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}

impl From<AccountsError> for AppError {
    fn from(e: AccountsError) -> Self {
        let status = match &e {
            AccountsError::Invalid(v) => return (*v).clone().into(),
            AccountsError::NotFound => return AppError::NotFound,
            AccountsError::Forbidden => return AppError::Forbidden,
            AccountsError::Store(s) => return AppError::internal(s),
            AccountsError::Hash(h) => return AppError::internal(h),
            AccountsError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AccountsError::EmailNotVerified
            | AccountsError::AwaitingApproval
            | AccountsError::JoinDeclined
            | AccountsError::Suspended => StatusCode::FORBIDDEN,
            AccountsError::Token(_) | AccountsError::InviteUnavailable(_) => StatusCode::GONE,
            AccountsError::Conflict(_) => StatusCode::CONFLICT,
        };
        AppError::Accounts(e.code(), e.to_string(), status)
    }
}

/// What went wrong, attached to an error response for [`render_errors`] to present.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, "request failed");
                "something went wrong on our side; please try again".to_owned()
            }
            other => other.to_string(),
        };
        let field = match &self {
            AppError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        let mut response = status.into_response();
        if let AppError::RateLimited(secs) = self
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response.extensions_mut().insert(ErrorInfo {
            code: self.code(),
            message,
            field,
        });
        response
    }
}

/// Gives every error response its body: JSON for the API (and for clients that ask for JSON),
/// an HTML page for people. Errors raised by axum itself (unknown route, wrong method, a body too
/// large) carry no [`ErrorInfo`] and get one here, so every error has the same shape.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let wants_json = req.uri().path().starts_with("/api/")
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let is_get = req.method() == axum::http::Method::GET;
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None => {
            if response.headers().contains_key(header::CONTENT_TYPE) && !wants_json {
                return response;
            }
            fallback_info(status)
        }
    };
    // People who are not signed in, or whose membership lapsed, are sent where they can act.
    if !wants_json && is_get {
        if info.code == "unauthenticated" {
            let next = form_urlencoded_component(&path_and_query);
            return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
        }
        if info.code == "membership_lapsed" {
            return axum::response::Redirect::to("/renew").into_response();
        }
    }
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if wants_json {
        let mut body = serde_json::json!({ "error": info.code, "message": info.message });
        if let Some(field) = &info.field {
            body["field"] = serde_json::Value::String(field.clone());
        }
        let mut r = (status, axum::Json(body)).into_response();
        for (k, v) in parts.headers.iter() {
            if k != header::CONTENT_TYPE {
                r.headers_mut().insert(k.clone(), v.clone());
            }
        }
        r
    } else {
        let page = crate::pages::error_page(status, &info);
        let mut r = (status, page).into_response();
        for (k, v) in parts.headers.iter() {
            if k != header::CONTENT_TYPE {
                r.headers_mut().insert(k.clone(), v.clone());
            }
        }
        r
    }
}

fn fallback_info(status: StatusCode) -> ErrorInfo {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => ("not_found", "not found"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "this method is not allowed here"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the request is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "send the request as JSON (API) or as a form",
        ),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "the request took too long"),
        s if s.is_server_error() => (
            "internal",
            "something went wrong on our side; please try again",
        ),
        _ => ("bad_request", "the request could not be understood"),
    };
    ErrorInfo {
        code,
        message: message.to_owned(),
        field: None,
    }
}

/// Percent-encodes a path for use as a query value.
pub(crate) fn form_urlencoded_component(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
