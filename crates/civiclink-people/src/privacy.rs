//! A member's data rights: everything people-related about them as a JSON archive, and erasure.

use civiclink_domain::MemberId;
use civiclink_store::{StoreError, Tx, execute, now, on_db};
use serde::Serialize;
use time::OffsetDateTime;

use crate::{People, PeopleResult, Profile};

/// Another member as the archive names them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ArchivedPerson {
    pub member_id: MemberId,
    pub handle: String,
    pub display_name: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ArchivedConnection {
    pub with: ArchivedPerson,
    /// `pending` or `accepted`.
    pub status: String,
    /// Whether this member asked for it.
    pub requested_by_me: bool,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ArchivedFollow {
    /// `member` or `organization`.
    pub target_kind: String,
    pub target_id: uuid::Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// What the people capability holds about one member.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PeopleArchive {
    pub profile: Profile,
    pub connections: Vec<ArchivedConnection>,
    pub follows: Vec<ArchivedFollow>,
    pub blocked: Vec<ArchivedPerson>,
}

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    member_id: MemberId,
    handle: String,
    display_name: String,
    status: String,
    requested_by: MemberId,
    note: String,
    created_at: OffsetDateTime,
}

impl People {
    /// Everything about `member` that this capability stores.
    pub async fn archive(&self, member: MemberId) -> PeopleResult<PeopleArchive> {
        let profile = self.profile(member).await?;
        let rows: Vec<ConnectionRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT m.id AS member_id, p.handle, m.display_name, c.status, c.requested_by, c.note, c.created_at \
             FROM connections c \
             JOIN member_facts m ON m.id = CASE WHEN c.member_a = $1 THEN c.member_b ELSE c.member_a END \
             JOIN profiles p ON p.member_id = m.id \
             WHERE c.member_a = $1 OR c.member_b = $1 ORDER BY c.created_at",
        )
        .bind(member)
        .fetch_all(p)
        .await)?;
        let connections = rows
            .into_iter()
            .map(|r| ArchivedConnection {
                requested_by_me: r.requested_by == member,
                with: ArchivedPerson {
                    member_id: r.member_id,
                    handle: r.handle,
                    display_name: r.display_name,
                },
                status: r.status,
                note: r.note,
                created_at: r.created_at,
            })
            .collect();
        let follows: Vec<ArchivedFollow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT target_kind, target_id, created_at FROM follows WHERE follower = $1 ORDER BY created_at",
        )
        .bind(member)
        .fetch_all(p)
        .await)?;
        let blocked: Vec<ArchivedPerson> = on_db!(self.db, p => sqlx::query_as(
            "SELECT m.id AS member_id, p.handle, m.display_name FROM blocks b \
             JOIN member_facts m ON m.id = b.blocked JOIN profiles p ON p.member_id = m.id \
             WHERE b.blocker = $1 ORDER BY b.created_at",
        )
        .bind(member)
        .fetch_all(p)
        .await)?;
        Ok(PeopleArchive {
            profile,
            connections,
            follows,
            blocked,
        })
    }

    /// Erases what this capability holds about `member`, inside the caller's transaction: the
    /// profile is emptied and renamed (photo included), and their expertise, name tokens and prefixes, connections, blocks,
    /// follows (theirs and of them), affiliations and organization roles are deleted.
    pub async fn erase_in(&self, tx: &mut Tx, member: MemberId) -> Result<(), StoreError> {
        let handle = civiclink_domain::Handle::erased(member);
        execute!(tx, sqlx::query(
            "UPDATE profiles SET handle = $2, job_title = '', department = '', bio = '', \
             bio_language = NULL, years_in_municipal_it = NULL, location = '', links = $3, \
             visibility = $4, in_directory = $5, sort_name = '', avatar = NULL, avatar_etag = NULL, \
             updated_at = $6 WHERE member_id = $1",
        )
        .bind(member)
        .bind(handle.as_str())
        .bind(sqlx::types::Json(Vec::<String>::new()))
        .bind(sqlx::types::Json(serde_json::json!({})))
        .bind(false)
        .bind(now()))?;
        for sql in [
            "DELETE FROM member_expertise WHERE member_id = $1",
            "DELETE FROM member_name_tokens WHERE member_id = $1",
            "DELETE FROM member_name_prefixes WHERE member_id = $1",
            "DELETE FROM connections WHERE member_a = $1 OR member_b = $1",
            "DELETE FROM blocks WHERE blocker = $1 OR blocked = $1",
            "DELETE FROM follows WHERE follower = $1 OR (target_kind = 'member' AND target_id = $1)",
            "DELETE FROM org_affiliations WHERE member_id = $1",
        ] {
            execute!(tx, sqlx::query(sql).bind(member))?;
        }
        Ok(())
    }
}
