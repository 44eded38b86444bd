//! How a viewer stands to a member, which decides what of the member's profile they see.

use civiclink_domain::{MemberId, Visibility};
use civiclink_store::on_db;
use serde::Serialize;

use crate::{People, PeopleResult};

/// The viewer's relation to the member whose profile they look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The member themself.
    Myself,
    /// An accepted connection.
    Connection,
    /// Any other member.
    Member,
    /// The member blocked the viewer: they see only what everyone sees, and cannot reach out.
    BlockedByThem,
}

impl Relation {
    /// Whether a field with `visibility` shows to this viewer.
    pub fn sees(self, visibility: Visibility) -> bool {
        matches!(
            (self, visibility),
            (Relation::Myself, _)
                | (_, Visibility::Everyone)
                | (Relation::Connection, Visibility::Connections)
        )
    }
}

impl People {
    /// How `viewer` stands to `subject`.
    pub async fn relation(&self, viewer: MemberId, subject: MemberId) -> PeopleResult<Relation> {
        if viewer == subject {
            return Ok(Relation::Myself);
        }
        let blocked: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM blocks WHERE blocker = $1 AND blocked = $2",
        )
        .bind(subject)
        .bind(viewer)
        .fetch_optional(p)
        .await)?;
        if blocked.is_some() {
            return Ok(Relation::BlockedByThem);
        }
        let (a, b) = if viewer < subject {
            (viewer, subject)
        } else {
            (subject, viewer)
        };
        let connected: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM connections WHERE member_a = $1 AND member_b = $2 AND status = 'accepted'",
        )
        .bind(a)
        .bind(b)
        .fetch_optional(p)
        .await)?;
        Ok(if connected.is_some() {
            Relation::Connection
        } else {
            Relation::Member
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Relation;
    use civiclink_domain::Visibility;

    #[test]
    fn visibility_rules() {
        for v in Visibility::ALL {
            assert!(Relation::Myself.sees(v));
        }
        assert!(Relation::Connection.sees(Visibility::Connections));
        assert!(!Relation::Connection.sees(Visibility::Nobody));
        assert!(Relation::Member.sees(Visibility::Everyone));
        assert!(!Relation::Member.sees(Visibility::Connections));
        assert!(!Relation::BlockedByThem.sees(Visibility::Connections));
        assert!(Relation::BlockedByThem.sees(Visibility::Everyone));
    }
}
