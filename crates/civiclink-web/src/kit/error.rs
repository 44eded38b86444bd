//! One error type for the whole edge. A handler returns [`AppError`]; the response carries an
//! [`ErrorInfo`] extension, and the outermost middleware ([`crate::kit::error_page::render_errors`]) turns it into a JSON
//! body (`{"error": "<code>", "message": "…"}`) under `/api/` or a friendly page elsewhere, worded
//! in the reader's language. Causes of 5xx errors are logged, never sent.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use civiclink_accounts::{AccountsError, Member, TokenProblem};
use civiclink_domain::{Language, ValidationError};
use civiclink_i18n::{Arg, t, t_args};
use civiclink_store::StoreError;

#[derive(Clone, Debug, thiserror::Error)]
pub enum AppError {
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("membership lapsed")]
    Lapsed,
    #[error("not found")]
    NotFound,
    /// `message` is a validation key of the catalogs.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The detail is the parser's own (English) explanation, shown after the translated text.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("csrf token missing or wrong")]
    Csrf,
    /// An `Authorization: Bearer` secret that is not a live token of a member who may act.
    #[error("bearer token not valid")]
    BearerInvalid,
    /// A read-only token on a request that would change something.
    #[error("token scope too narrow")]
    InsufficientScope,
    /// Done only by a member signed in with their password, never with a token.
    #[error("session required")]
    SessionRequired,
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    /// Saturated (every password-hashing slot taken): refused at once rather than queued.
    #[error("busy")]
    Busy,
    /// A refusal by the accounts service: its code, its status, and the catalog key and
    /// arguments that explain it.
    #[error("{code}")]
    Accounts {
        code: &'static str,
        status: StatusCode,
        key: String,
        args: Vec<(&'static str, Arg)>,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated | AppError::BearerInvalid => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::Csrf
            | AppError::Lapsed
            | AppError::InsufficientScope
            | AppError::SessionRequired => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Accounts { status, .. } => *status,
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
            AppError::BearerInvalid => "invalid_token",
            AppError::InsufficientScope => "insufficient_scope",
            AppError::SessionRequired => "session_required",
            AppError::RateLimited(_) => "rate_limited",
            AppError::Busy => "busy",
            AppError::Accounts { code, .. } => code,
            AppError::Internal(_) => "internal",
        }
    }

    /// The explanation for people, in `lang`.
    pub fn message(&self, lang: Language) -> String {
        match self {
            AppError::Invalid { field, message } => {
                civiclink_i18n::validation(lang, field, message)
            }
            AppError::BadRequest(detail) => format!("{} ({detail})", t(lang, "error-bad_request")),
            AppError::RateLimited(secs) => {
                t_args(lang, "error-rate_limited", &[("seconds", Arg::from(*secs))])
            }
            AppError::Accounts { key, args, .. } => t_args(lang, key, args),
            AppError::BearerInvalid => t(lang, "error-bearer-invalid"),
            other => t(lang, &format!("error-{}", other.code())),
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
        let (status, key, args) = match &e {
            AccountsError::Invalid(v) => return (*v).clone().into(),
            AccountsError::NotFound => return AppError::NotFound,
            AccountsError::Forbidden => return AppError::Forbidden,
            AccountsError::Store(s) => return AppError::internal(s),
            AccountsError::Hash(h) => return AppError::internal(h),
            AccountsError::Busy => return AppError::Busy,
            AccountsError::InvalidCredentials => (StatusCode::UNAUTHORIZED, None, vec![]),
            AccountsError::EmailNotVerified
            | AccountsError::AwaitingApproval
            | AccountsError::JoinDeclined
            | AccountsError::Suspended => (StatusCode::FORBIDDEN, None, vec![]),
            AccountsError::Token(
                TokenProblem::Unknown | TokenProblem::Expired | TokenProblem::Used,
            ) => (StatusCode::GONE, None, vec![]),
            AccountsError::InviteUnavailable(reason) => (
                StatusCode::GONE,
                None,
                vec![("reason", Arg::Str((*reason).to_owned()))],
            ),
            AccountsError::Conflict(key) => {
                (StatusCode::CONFLICT, Some(format!("error-{key}")), vec![])
            }
        };
        let code = e.code();
        AppError::Accounts {
            code,
            status,
            key: key.unwrap_or_else(|| format!("error-{code}")),
            args,
        }
    }
}

/// What went wrong, attached to an error response for [`crate::kit::error_page::render_errors`] to present.
#[derive(Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub field: Option<String>,
    message: Arc<dyn Fn(Language) -> String + Send + Sync>,
}

impl ErrorInfo {
    pub fn message(&self, lang: Language) -> String {
        (self.message)(lang)
    }

    /// For an error that axum raised itself (an unknown route, a wrong method, a body too
    /// large): its code and wording by status alone.
    pub(crate) fn for_status(status: StatusCode) -> ErrorInfo {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::REQUEST_TIMEOUT => "timeout",
            s if s.is_server_error() => "internal",
            _ => "bad_request",
        };
        ErrorInfo {
            code,
            field: None,
            message: Arc::new(move |lang| t(lang, &format!("error-{code}"))),
        }
    }
}

impl std::fmt::Debug for ErrorInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorInfo")
            .field("code", &self.code)
            .finish()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(cause) = &self {
            tracing::error!(error = %cause, "request failed");
        }
        let mut response = status.into_response();
        if let AppError::RateLimited(secs) = self
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        // RFC 6750: a refused bearer token says why in `WWW-Authenticate`.
        let challenge = match self {
            AppError::BearerInvalid => Some("Bearer error=\"invalid_token\""),
            AppError::InsufficientScope => Some("Bearer error=\"insufficient_scope\""),
            _ => None,
        };
        if let Some(c) = challenge {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(c));
        }
        if let AppError::Busy = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        let field = match &self {
            AppError::Invalid { field, .. } => Some(field.clone()),
            _ => None,
        };
        let code = self.code();
        response.extensions_mut().insert(ErrorInfo {
            code,
            field,
            message: Arc::new(move |lang| self.message(lang)),
        });
        response
    }
}

/// What an error page needs from the session to look like the other pages (the member's
/// navigation, the language switch). The error renderer sits outside the session layer, so
/// [`crate::kit::session::load_identity`] attaches this to error responses on their way out.
#[derive(Clone)]
pub(crate) struct ErrorShell {
    pub member: Option<Member>,
    pub csrf: String,
}
