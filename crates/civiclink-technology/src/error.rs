use civiclink_domain::ValidationError;
use civiclink_store::StoreError;

use crate::ListingSummary;

#[derive(Debug, thiserror::Error)]
pub enum TechnologyError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    /// The actor's organization sells the listing, or one that competes with it.
    #[error("conflict of interest")]
    ConflictOfInterest,
    /// The payload is the catalog key of the explanation (`error-<key>`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A proposed listing looks like these: the proposer confirms it is another product.
    #[error("near duplicates")]
    NearDuplicates(Vec<ListingSummary>),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// Writing an export failed.
    #[error("export: {0}")]
    Export(String),
}

pub type TechnologyResult<T> = Result<T, TechnologyError>;

impl From<sqlx::Error> for TechnologyError {
    fn from(e: sqlx::Error) -> Self {
        match StoreError::from(e) {
            StoreError::NotFound => TechnologyError::NotFound,
            // A name taken at the same instant by another proposal, rename or function.
            StoreError::Conflict(what) if what.contains("listings") => {
                TechnologyError::Conflict("conflict-listing-exists")
            }
            StoreError::Conflict(what) if what.contains("business_functions") => {
                TechnologyError::Conflict("conflict-function-exists")
            }
            other => TechnologyError::Store(other),
        }
    }
}

impl TechnologyError {
    pub fn code(&self) -> &'static str {
        match self {
            TechnologyError::Invalid(_) => "invalid_input",
            TechnologyError::NotFound => "not_found",
            TechnologyError::Forbidden => "forbidden",
            TechnologyError::ConflictOfInterest => "conflict_of_interest",
            TechnologyError::Conflict(_) => "conflict",
            TechnologyError::NearDuplicates(_) => "near_duplicates",
            TechnologyError::Store(_) | TechnologyError::Export(_) => "internal",
        }
    }
}
