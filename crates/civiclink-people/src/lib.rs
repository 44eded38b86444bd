//! People: member profiles and who may see which field, connections, blocks and follows, and
//! the member directory. The SQL of those tables lives here.
//!
//! Profiles are created by following the outbox: when accounts records `member.created` (or a
//! rename), [`People::sync`] makes or updates the profile, its handle and its search tokens in
//! the same transaction that moves its cursor, so every member gets exactly one profile however
//! often the follower restarts.

mod error;
mod orgs;
mod privacy;
mod profile;
mod relation;
mod sync;

use civiclink_store::Db;

pub use error::{PeopleError, PeopleResult};
pub use orgs::OrgMember;
pub use privacy::{ArchivedConnection, ArchivedFollow, ArchivedPerson, PeopleArchive};
pub use profile::{Link, Profile, ProfileUpdate, ProfileView};
pub use relation::Relation;
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
