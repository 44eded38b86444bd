use civiclink_domain::ValidationError;
use civiclink_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ThreadsError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Absent, or not the actor's to see: the two are one answer, so that a private
    /// category's threads cannot be told from threads that do not exist.
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

pub type ThreadsResult<T> = Result<T, ThreadsError>;

impl From<sqlx::Error> for ThreadsError {
    fn from(e: sqlx::Error) -> Self {
        match StoreError::from(e) {
            StoreError::NotFound => ThreadsError::NotFound,
            StoreError::Conflict(what) if what.contains("categories") => {
                ThreadsError::Conflict("conflict-category-exists")
            }
            other => ThreadsError::Store(other),
        }
    }
}

impl ThreadsError {
    pub fn code(&self) -> &'static str {
        match self {
            ThreadsError::Invalid(_) => "invalid_input",
            ThreadsError::NotFound => "not_found",
            ThreadsError::Forbidden => "forbidden",
            ThreadsError::Conflict(_) => "conflict",
            ThreadsError::Store(_) => "internal",
        }
    }
}
