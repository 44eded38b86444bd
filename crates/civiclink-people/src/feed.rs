//! The activity feed: what the viewer's connections, followed members and followed
//! organizations did, newest first. It reads the outbox itself — every change that others may
//! care about is already an event there — so a capability joins the feed by registering its
//! event kinds in [`FEED_KINDS`], without a table of its own.

use civiclink_domain::{Handle, MemberId, OrgId};
use civiclink_store::{Event, on_db};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{People, PeopleResult};

/// Who an event kind is about: its `entity_id` names a member or an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Member,
    Organization,
}

/// The event kinds that appear in feeds. This is the extension point: threads, listings and
/// reviews add their kinds here (and a `feed-<kind>` message in the catalogs).
pub const FEED_KINDS: &[(&str, Subject)] = &[
    ("profile.updated", Subject::Member),
    ("member.renamed", Subject::Member),
    ("connection.accepted", Subject::Member),
    ("organization.updated", Subject::Organization),
];

/// A member or organization as a feed item names it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FeedActor {
    pub id: Uuid,
    pub name: String,
    /// The member's handle, for a link; `None` for an organization.
    pub handle: Option<Handle>,
}

/// One line of the feed.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FeedItem {
    /// The outbox position: the cursor for the next page is the last item's.
    pub position: i64,
    pub kind: String,
    pub actor: FeedActor,
    /// Another member the event involves (the new connection), if any.
    pub other: Option<FeedActor>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

fn kinds(subject: Subject) -> String {
    FEED_KINDS
        .iter()
        .filter(|(_, s)| *s == subject)
        .map(|(k, _)| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl People {
    /// The viewer's feed: at most `limit` items older than `before` (a position), newest first.
    pub async fn feed(
        &self,
        viewer: MemberId,
        before: Option<i64>,
        limit: i64,
    ) -> PeopleResult<Vec<FeedItem>> {
        // The kinds are compile-time constants, so writing them into the text is safe.
        let sql = format!(
            "SELECT e.position, e.kind, e.entity_id, e.payload, e.created_at FROM events e \
             WHERE (($2 IS NULL OR e.position < $2)) AND ( \
               (e.kind IN ({member_kinds}) AND e.entity_id IN ( \
                  SELECT CASE WHEN c.member_a = $1 THEN c.member_b ELSE c.member_a END \
                  FROM connections c WHERE (c.member_a = $1 OR c.member_b = $1) AND c.status = 'accepted' \
                  UNION SELECT f.target_id FROM follows f WHERE f.follower = $1 AND f.target_kind = 'member')) \
               OR (e.kind IN ({org_kinds}) AND e.entity_id IN ( \
                  SELECT f.target_id FROM follows f WHERE f.follower = $1 AND f.target_kind = 'organization'))) \
             ORDER BY e.position DESC LIMIT $3",
            member_kinds = kinds(Subject::Member),
            org_kinds = kinds(Subject::Organization),
        );
        let events: Vec<Event> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(viewer)
            .bind(before)
            .bind(limit.clamp(1, 100))
            .fetch_all(p)
            .await)?;
        let mut items = Vec::with_capacity(events.len());
        for e in events {
            let subject = FEED_KINDS
                .iter()
                .find(|(k, _)| *k == e.kind)
                .map_or(Subject::Member, |(_, s)| *s);
            let Some(actor) = self.actor(subject, e.entity_id).await? else {
                continue;
            };
            let other = match e.payload.get("member").and_then(|v| v.as_str()) {
                Some(id) => match id.parse::<Uuid>() {
                    Ok(id) => self.actor(Subject::Member, id).await?,
                    Err(_) => None,
                },
                None => None,
            };
            items.push(FeedItem {
                position: e.position,
                kind: e.kind,
                actor,
                other,
                at: e.created_at,
            });
        }
        Ok(items)
    }

    /// Names a member (with a handle, if they still have a visible profile) or an organization.
    async fn actor(&self, subject: Subject, id: Uuid) -> PeopleResult<Option<FeedActor>> {
        Ok(match subject {
            Subject::Member => {
                let row: Option<(String, String)> = on_db!(self.db, p => sqlx::query_as(
                    "SELECT m.display_name, p.handle FROM members m JOIN profiles p ON p.member_id = m.id \
                     WHERE m.id = $1 AND m.status IN ('active', 'lapsed')",
                )
                .bind(MemberId::from_uuid(id))
                .fetch_optional(p)
                .await)?;
                row.map(|(name, handle)| FeedActor {
                    id,
                    name,
                    handle: Handle::parse(&handle).ok(),
                })
            }
            Subject::Organization => {
                let name: Option<String> = on_db!(self.db, p => sqlx::query_scalar(
                    "SELECT name FROM organizations WHERE id = $1",
                )
                .bind(OrgId::from_uuid(id))
                .fetch_optional(p)
                .await)?;
                name.map(|name| FeedActor {
                    id,
                    name,
                    handle: None,
                })
            }
        })
    }
}
