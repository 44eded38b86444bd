//! People's refusals as the edge's errors.

use axum::http::StatusCode;
use civiclink_people::PeopleError;

use crate::kit::error::AppError;

impl From<PeopleError> for AppError {
    fn from(e: PeopleError) -> Self {
        match e {
            PeopleError::Invalid(v) => v.into(),
            PeopleError::NotFound => AppError::NotFound,
            PeopleError::Forbidden => AppError::Forbidden,
            PeopleError::Store(s) => AppError::internal(s),
            PeopleError::Conflict(key) => AppError::Accounts {
                code: "conflict",
                status: StatusCode::CONFLICT,
                key: format!("error-{key}"),
                args: vec![],
            },
        }
    }
}
