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
    /// The member is silenced in threads until then.
    #[error("silenced")]
    Silenced { until: time::OffsetDateTime },
    /// Slow mode: the member may post here again in `retry_after` seconds.
    #[error("slow mode")]
    SlowMode { retry_after: i64 },
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
            ThreadsError::Silenced { .. } => "silenced",
            ThreadsError::SlowMode { .. } => "slow_mode",
            ThreadsError::Store(_) => "internal",
        }
    }
}
