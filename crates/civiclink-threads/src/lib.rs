//! Discussion threads: best-practice conversations between members, each tied to the
//! technology listings and organizations it is about. This crate owns categories (open to all,
//! or restricted to an association or to the members they list), threads, posts and every
//! version of each post. The SQL of those tables lives here and nowhere else; what it needs of
//! others it reads through their views (`member_facts`, `organization_facts`,
//! `association_facts` of accounts, `listing_facts` of the technology directory).
//!
//! Every use-case is one transaction that checks the [`Actor`](civiclink_domain::Actor)
//! itself and appends its typed event ([`ThreadsEvent`]); what administrators and moderators
//! do also writes its audit entry ([`ThreadsAudit`]). A thread in a category the actor may not
//! see is answered as absent ([`ThreadsError::NotFound`]), never as forbidden.

mod audit;
mod categories;
mod error;
mod events;
mod links;
mod model;
mod moderation;
mod notifications;
mod posts;
mod reactions;
mod reads;
mod threads;
mod watch;

use civiclink_store::Db;

pub use audit::ThreadsAudit;
pub use categories::{Category, CategoryInput};
pub use error::{ThreadsError, ThreadsResult};
pub use events::ThreadsEvent;
pub use links::{Links, page_of};
pub use model::{
    BODY_MAX, CategoryId, FlagId, LINKS_MAX, ListingRef, PostId, TAGS_MAX, TITLE_MAX, ThreadId,
    ThreadInput, ThreadKind, VALIDATION_KEYS, post_body, tag, tags,
};
pub use moderation::{Flag, FlagReason, ThreadChange};
pub use notifications::{NOTIFICATIONS_PAGE, Notification, NotificationKind, NotificationPage};
pub use posts::{Post, PostEdit, PostRevision, ReplyTo};
pub use reactions::{Reaction, ReactionCount};
pub use threads::{
    CategoryRef, LinkedListing, LinkedOrg, Person, THREADS_PAGE, ThreadDetail, ThreadFilter,
    ThreadPage, ThreadSummary,
};
pub use watch::WatchLevel;

/// How many posts a thread's page shows.
pub const POSTS_PAGE: u32 = 50;

/// Discussion threads. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Threads {
    db: Db,
    links: Links,
    /// Read positions noted by page views, until they are written.
    reads: reads::ReadMarks,
}

impl Threads {
    /// Threads on `db`, their pages under `links`.
    pub fn new(db: Db, links: Links) -> Self {
        Self {
            db,
            links,
            reads: reads::ReadMarks::default(),
        }
    }
}
