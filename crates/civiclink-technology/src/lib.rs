//! The technology directory: which services, hardware and software municipalities use, for
//! which business function. This crate owns the curated taxonomy of business functions, the
//! listings members propose and moderators publish, and every revision of each listing, kept
//! with who wrote it and who decided it so that any earlier one can be restored. The SQL of
//! those tables lives here and nowhere else; what it needs of accounts (a vendor's organization,
//! an author's name) it reads through accounts' views (`organization_facts`, `member_facts`).
//!
//! Every use-case is one transaction that checks the [`Actor`] itself, appends its typed event
//! ([`TechnologyEvent`]) and, for moderation, its audit entry ([`TechnologyAudit`]).

mod audit;
mod compare;
mod error;
mod events;
mod functions;
mod links;
mod listings;
mod model;
mod peers;
mod reviews;
mod revisions;
mod similar;
mod stack_csv;
mod timeline;
mod usage;

use civiclink_domain::Actor;
use civiclink_store::Db;

pub use audit::TechnologyAudit;
pub use compare::{
    Adoption, Alternative, BandCount, COMPARE_MAX, COMPARE_MIN, Compared, ListingStats,
    VersionCount,
};
pub use error::{TechnologyError, TechnologyResult};
pub use events::TechnologyEvent;
pub use links::Links;
pub use listings::{BrowseFilter, BrowsePage, ListingDetail, ListingSummary, PAGE_SIZE};
pub use model::{
    BusinessFunction, BusinessFunctionId, ContentInput, Hosting, ListingContent, ListingId,
    ListingKind, ListingStatus, RevisionId, RevisionStatus, VALIDATION_KEYS,
};
pub use peers::{Peer, PeerReasons};
pub use reviews::{
    Aggregates, BandRating, Eligibility, REVIEW_TEXT_MAX, REVIEWS_PAGE, ReportOutcome,
    ReportReason, Review, ReviewId, ReviewInput, ReviewPage, ReviewReport, ReviewReportId,
    ReviewRevision, ReviewScores, ReviewSort, VendorResponse,
};
pub use revisions::{Proposal, Revision};
pub use stack_csv::{
    CSV_KEYS, IMPORT_MAX_LINES, ImportErrors, ImportReport, LineAction, LineError, LinePlan,
    STACK_COLUMNS,
};
pub use timeline::{
    ChangeDetails, ChangeInput, ChangeKind, ListingRef, RECENT_CHANGES, UsageChange, UsageChangeId,
};
pub use usage::{
    Audience, FRESH_DAYS, Person, Procurement, ProcurementRoute, USAGE_PAGE, UsageDetails,
    UsageFilter, UsageInput, UsageOverview, UsagePage, UsageRecord, UsageRecordId, UsageStatus,
};

/// The technology directory. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Technology {
    db: Db,
    links: Links,
}

impl Technology {
    /// The directory on `db`, its pages under `links`.
    pub fn new(db: Db, links: Links) -> Self {
        Self { db, links }
    }
}

/// Whether `actor` moderates the directory: publishes, rejects and restores revisions.
fn require_moderator(actor: &Actor) -> TechnologyResult<()> {
    if actor.moderates() {
        Ok(())
    } else {
        Err(TechnologyError::Forbidden)
    }
}
