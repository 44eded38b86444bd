//! Follows: a member follows another member or an organization to see their activity. Unlike a
//! connection, a follow needs no answer; a block ends follows either way and stops new ones.

use civiclink_domain::{MemberId, OrgId};
use civiclink_store::{execute, now, on_db, on_tx};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::connections::{has_blocked, is_active};
use crate::{People, PeopleError, PeopleEvent, PeopleResult};

/// What a member may follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowTarget {
    Member(MemberId),
    Organization(OrgId),
}

impl FollowTarget {
    /// Parses a kind as the API spells it (`members` or `organizations`, singular accepted) and
    /// an id; anything else is `None` (a 404 at the edge).
    pub fn parse(kind: &str, id: &str) -> Option<Self> {
        match kind {
            "members" | "member" => id.parse().ok().map(FollowTarget::Member),
            "organizations" | "organization" => id.parse().ok().map(FollowTarget::Organization),
            _ => None,
        }
    }

    /// The `target_kind` column's value.
    pub fn kind(self) -> &'static str {
        match self {
            FollowTarget::Member(_) => "member",
            FollowTarget::Organization(_) => "organization",
        }
    }

    pub fn id(self) -> Uuid {
        match self {
            FollowTarget::Member(m) => m.as_uuid(),
            FollowTarget::Organization(o) => o.as_uuid(),
        }
    }
}

/// Something a member follows.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Followed {
    /// `member` or `organization`.
    pub kind: String,
    #[schema(value_type = String, format = Uuid)]
    pub id: Uuid,
    /// The member's or the organization's name.
    pub name: String,
    /// The member's handle; empty for an organization.
    pub handle: String,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct FollowedRow {
    kind: String,
    id: Uuid,
    name: Option<String>,
    handle: Option<String>,
    since: OffsetDateTime,
}

impl People {
    /// `me` follows `target`. Following again changes nothing; returns whether a follow was made.
    pub async fn start_following(&self, me: MemberId, target: FollowTarget) -> PeopleResult<bool> {
        let mut tx = self.db.begin().await?;
        match target {
            FollowTarget::Member(m) => {
                if m == me {
                    return Err(PeopleError::Conflict("conflict-follow-self"));
                }
                if !is_active(&mut tx, m).await? {
                    return Err(PeopleError::NotFound);
                }
                if has_blocked(&mut tx, m, me).await? {
                    return Err(PeopleError::Forbidden);
                }
                if has_blocked(&mut tx, me, m).await? {
                    return Err(PeopleError::Conflict("conflict-connect-you-blocked"));
                }
            }
            FollowTarget::Organization(o) => {
                let found: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
                    "SELECT 1 FROM organization_facts WHERE id = $1",
                )
                .bind(o)
                .fetch_optional(&mut *c)
                .await)?;
                if found.is_none() {
                    return Err(PeopleError::NotFound);
                }
            }
        }
        let n = execute!(
            tx,
            sqlx::query(
                "INSERT INTO follows (follower, target_kind, target_id, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(me)
            .bind(target.kind())
            .bind(target.id())
            .bind(now())
        )?;
        if n == 0 {
            return Ok(false);
        }
        tx.emit(
            me.as_uuid(),
            &PeopleEvent::FollowCreated {
                actor: me,
                target_kind: target.kind().to_owned(),
                target_id: target.id(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// `me` stops following `target`; not following it is a 404.
    pub async fn stop_following(&self, me: MemberId, target: FollowTarget) -> PeopleResult<()> {
        let mut tx = self.db.begin().await?;
        let n =
            execute!(tx, sqlx::query(
            "DELETE FROM follows WHERE follower = $1 AND target_kind = $2 AND target_id = $3",
        )
        .bind(me)
        .bind(target.kind())
        .bind(target.id()))?;
        if n == 0 {
            return Err(PeopleError::NotFound);
        }
        tx.emit(
            me.as_uuid(),
            &PeopleEvent::FollowDeleted {
                actor: me,
                target_kind: target.kind().to_owned(),
                target_id: target.id(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `me` follows `target`.
    pub async fn is_following(&self, me: MemberId, target: FollowTarget) -> PeopleResult<bool> {
        let found: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM follows WHERE follower = $1 AND target_kind = $2 AND target_id = $3",
        )
        .bind(me)
        .bind(target.kind())
        .bind(target.id())
        .fetch_optional(p)
        .await)?;
        Ok(found.is_some())
    }

    /// What `me` follows: members first, then organizations, each by name.
    pub async fn following(&self, me: MemberId) -> PeopleResult<Vec<Followed>> {
        let rows: Vec<FollowedRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT f.target_kind AS kind, f.target_id AS id, \
             COALESCE(m.display_name, o.name) AS name, p.handle, f.created_at AS since \
             FROM follows f \
             LEFT JOIN member_facts m ON f.target_kind = 'member' AND m.id = f.target_id \
             LEFT JOIN profiles p ON p.member_id = m.id \
             LEFT JOIN organization_facts o ON f.target_kind = 'organization' AND o.id = f.target_id \
             WHERE f.follower = $1 AND (m.id IS NULL OR m.listed) \
             ORDER BY f.target_kind, COALESCE(m.display_name, o.name), f.target_id",
        )
        .bind(me)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| Followed {
                kind: r.kind,
                id: r.id,
                name: r.name.unwrap_or_default(),
                handle: r.handle.unwrap_or_default(),
                since: r.since,
            })
            .collect())
    }

    /// How many members follow `target`.
    pub async fn follower_count(&self, target: FollowTarget) -> PeopleResult<i64> {
        Ok(on_db!(self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM follows WHERE target_kind = $1 AND target_id = $2",
        )
        .bind(target.kind())
        .bind(target.id())
        .fetch_one(p)
        .await)?)
    }
}
