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
mod feed;
mod follows;
mod orgs;
mod privacy;
mod profile;
mod relation;
mod suggestions;
mod sync;

use civiclink_store::Db;

pub use avatar::{
    AVATAR_CONTENT_TYPE, AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS, AVATAR_SIZE, process_avatar,
};
pub use connections::{
    ConnectState, Connection, ConnectionNote, ConnectionStatus, MemberCard, NOTE_MAX,
    PendingRequests,
};
pub use directory::{
    DirectoryEntry, DirectoryFilter, DirectorySort, EXPORT_CAP, MAX_PAGE_SIZE, OrgEntry, OrgFilter,
    Page, csv_cell, page_size,
};
pub use error::{PeopleError, PeopleResult};
pub use feed::{FEED_KINDS, FeedActor, FeedItem, FeedPage, Subject};
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
}

impl People {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}
