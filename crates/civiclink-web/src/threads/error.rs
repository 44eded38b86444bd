//! Threads' refusals as the edge's errors.

use axum::http::StatusCode;
use civiclink_threads::ThreadsError;

use crate::kit::error::AppError;

impl From<ThreadsError> for AppError {
    fn from(e: ThreadsError) -> Self {
        match e {
            ThreadsError::Invalid(v) => v.into(),
            ThreadsError::NotFound => AppError::NotFound,
            ThreadsError::Forbidden => AppError::Forbidden,
            ThreadsError::Store(s) => AppError::internal(s),
            ThreadsError::Silenced { until } => AppError::Accounts {
                code: "silenced",
                status: StatusCode::FORBIDDEN,
                key: "error-silenced".to_owned(),
                args: vec![(
                    "until",
                    civiclink_i18n::Arg::Str(
                        until
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default(),
                    ),
                )],
            },
            ThreadsError::SlowMode { retry_after } => {
                AppError::RateLimited(u64::try_from(retry_after).unwrap_or(1))
            }
            ThreadsError::Conflict(key) => AppError::Accounts {
                code: "conflict",
                status: StatusCode::CONFLICT,
                key: format!("error-{key}"),
                args: vec![],
            },
        }
    }
}
