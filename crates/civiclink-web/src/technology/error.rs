//! The directory's refusals as the edge's errors.

use axum::http::StatusCode;
use civiclink_technology::TechnologyError;

use crate::kit::error::AppError;

impl From<TechnologyError> for AppError {
    fn from(e: TechnologyError) -> Self {
        match e {
            TechnologyError::Invalid(v) => v.into(),
            TechnologyError::NotFound => AppError::NotFound,
            TechnologyError::Forbidden => AppError::Forbidden,
            TechnologyError::ConflictOfInterest => AppError::Accounts {
                code: "conflict_of_interest",
                status: StatusCode::FORBIDDEN,
                key: "error-conflict-of-interest".to_owned(),
                args: vec![],
            },
            TechnologyError::Store(s) => AppError::internal(s),
            TechnologyError::Export(s) => AppError::internal(s),
            TechnologyError::Conflict(key) => AppError::Accounts {
                code: "conflict",
                status: StatusCode::CONFLICT,
                key: format!("error-{key}"),
                args: vec![],
            },
            TechnologyError::NearDuplicates(_) => AppError::Accounts {
                code: "near_duplicates",
                status: StatusCode::CONFLICT,
                key: "error-conflict-near-duplicates".to_owned(),
                args: vec![],
            },
        }
    }
}
