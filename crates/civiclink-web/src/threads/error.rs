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
            ThreadsError::Conflict(key) => AppError::Accounts {
                code: "conflict",
                status: StatusCode::CONFLICT,
                key: format!("error-{key}"),
                args: vec![],
            },
        }
    }
}
