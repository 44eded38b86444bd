use civiclink_domain::ValidationError;
use civiclink_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The payload is the catalog key of the explanation (`error-<key>`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

pub type PeopleResult<T> = Result<T, PeopleError>;

impl From<sqlx::Error> for PeopleError {
    fn from(e: sqlx::Error) -> Self {
        match StoreError::from(e) {
            StoreError::NotFound => PeopleError::NotFound,
            other => PeopleError::Store(other),
        }
    }
}

impl PeopleError {
    pub fn code(&self) -> &'static str {
        match self {
            PeopleError::Invalid(_) => "invalid_input",
            PeopleError::NotFound => "not_found",
            PeopleError::Forbidden => "forbidden",
            PeopleError::Conflict(_) => "conflict",
            PeopleError::Store(_) => "internal",
        }
    }
}
