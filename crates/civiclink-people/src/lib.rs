//! People: member profiles and who may see which field, connections, blocks and follows, and
//! the member directory. The SQL of those tables lives here.
//!
//! Profiles are created by following the outbox: when accounts records `member.created` (or a
//! rename), [`People::sync`] makes or updates the profile, its handle and its search tokens in
//! the same transaction that moves its cursor, so every member gets exactly one profile however
//! often the follower restarts.

mod avatar;
mod connections;
mod directory;
mod error;
mod events;
mod feed;
mod follows;
mod orgs;
mod privacy;
mod profile;
mod relation;
mod suggestions;
mod sync;

use std::sync::Arc;

use civiclink_accounts::AccountsEvent;
use civiclink_store::{Db, DomainEvent};

pub use avatar::{
    AVATAR_CONTENT_TYPE, AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS, AVATAR_SIZE, process_avatar,
};
pub use civiclink_store::Subject;
pub use connections::{
    ConnectState, Connection, ConnectionNote, ConnectionStatus, MemberCard, NOTE_MAX,
    PendingRequests,
};
pub use directory::{
    DirectoryEntry, DirectoryFilter, DirectorySort, EXPORT_CAP, MAX_PAGE_SIZE, OrgEntry, OrgFilter,
    Page, csv_cell, page_size,
};
pub use error::{PeopleError, PeopleResult};
pub use events::PeopleEvent;
pub use feed::{FeedActor, FeedItem, FeedPage};
pub use follows::{FollowTarget, Followed};
pub use orgs::{Affiliation, OrgMember};
pub use privacy::{ArchivedConnection, ArchivedFollow, ArchivedPerson, PeopleArchive};
pub use profile::{Link, Profile, ProfileUpdate, ProfileView};
pub use relation::Relation;
pub use suggestions::{Reason, Suggestion};
pub use sync::CONSUMER as SYNC_CONSUMER;

/// The people service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct People {
    db: Db,
    /// The event kinds that feeds show: see [`People::with_feed_kinds`].
    feed_kinds: Arc<Vec<(&'static str, Subject)>>,
}

/// The feed kinds of accounts and of people, which every feed shows.
pub fn default_feed_kinds() -> Vec<(&'static str, Subject)> {
    AccountsEvent::FEED
        .iter()
        .chain(PeopleEvent::FEED)
        .copied()
        .collect()
}

impl People {
    /// People over `db`, with the feed showing the feed kinds of accounts and of people.
    pub fn new(db: Db) -> Self {
        Self {
            db,
            feed_kinds: Arc::new(default_feed_kinds()),
        }
    }

    /// Adds another capability's feed kinds (its events' `feed(…)` marks, `E::FEED`), so that
    /// the feed learns them without a list here. Each needs a `feed-<kind>` message.
    pub fn with_feed_kinds(mut self, kinds: &[(&'static str, Subject)]) -> Self {
        let mut all = (*self.feed_kinds).clone();
        for k in kinds {
            if !all.contains(k) {
                all.push(*k);
            }
        }
        self.feed_kinds = Arc::new(all);
        self
    }

    /// Every event kind that feeds show, with what its entity is.
    pub fn feed_kinds(&self) -> &[(&'static str, Subject)] {
        &self.feed_kinds
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}
