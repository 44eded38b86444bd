//! The activity feed: what the viewer's connections, followed members and followed
//! organizations did, newest first. It reads the outbox itself — every change that others may
//! care about is already an event there — so a capability joins the feed by marking its events
//! `feed(Member)` or `feed(Organization)` where it declares them (`civiclink_store::events!`)
//! and handing them to [`People::with_feed_kinds`] where the service is wired, without a table
//! or a list here.

use std::collections::{HashMap, HashSet};

use civiclink_domain::{Handle, MemberId, OrgId};
use civiclink_store::{Event, Subject, on_db};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{People, PeopleResult};

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

/// A page of the feed.
#[derive(Clone, Debug)]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// The cursor (`before`) of the next, older page: the position of the last event this page
    /// read, when it read a full page. Not the last item's: a new connection is recorded once
    /// for each side and shown once, and an event whose subject is gone is skipped, so a page
    /// can show fewer items than it read.
    pub older: Option<i64>,
}

/// The kinds about `subject`, quoted for `IN (…)`; `''` (which matches nothing) when none is.
fn kinds(all: &[(&'static str, Subject)], subject: Subject) -> String {
    let quoted: Vec<String> = all
        .iter()
        .filter(|(_, s)| *s == subject)
        .map(|(k, _)| format!("'{k}'"))
        .collect();
    if quoted.is_empty() {
        "''".to_owned()
    } else {
        quoted.join(", ")
    }
}

impl People {
    /// The viewer's feed: the items of at most `limit` events older than `before` (a
    /// position), newest first, and the cursor of the next page.
    pub async fn feed(
        &self,
        viewer: MemberId,
        before: Option<i64>,
        limit: i64,
    ) -> PeopleResult<FeedPage> {
        let limit = limit.clamp(1, 100);
        // The kinds are compile-time constants of the event types, so writing them into the
        // text is safe. A subject with no kind matches nothing (`IN ('')`).
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
            member_kinds = kinds(&self.feed_kinds, Subject::Member),
            org_kinds = kinds(&self.feed_kinds, Subject::Organization),
        );
        let events: Vec<Event> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(viewer)
            .bind(before)
            .bind(limit)
            .fetch_all(p)
            .await)?;
        let older = if events.len() as i64 == limit {
            events.last().map(|e| e.position)
        } else {
            None
        };
        // Name everyone the page mentions in two queries, not one per item.
        let subject_of = |kind: &str| {
            self.feed_kinds
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(Subject::Member, |(_, s)| *s)
        };
        let other_of = |e: &Event| {
            e.payload
                .get("member")
                .and_then(|v| v.as_str())
                .and_then(|id| id.parse::<Uuid>().ok())
        };
        let mut member_ids = Vec::new();
        let mut org_ids = Vec::new();
        for e in &events {
            match subject_of(&e.kind) {
                Subject::Member => member_ids.push(e.entity_id),
                Subject::Organization => org_ids.push(e.entity_id),
            }
            member_ids.extend(other_of(e));
        }
        let members = self.name_members(member_ids).await?;
        let orgs = self.name_orgs(org_ids).await?;
        // Blocks apply both ways: nothing is shown about someone the viewer blocked or who
        // blocked them, whether as the item's subject or as the other member it involves.
        let blocked: HashSet<Uuid> = on_db!(self.db, p => sqlx::query_scalar::<_, MemberId>(
            "SELECT blocked FROM blocks WHERE blocker = $1 UNION SELECT blocker FROM blocks WHERE blocked = $1",
        )
        .bind(viewer)
        .fetch_all(p)
        .await)?
        .into_iter()
        .map(|m| m.as_uuid())
        .collect();
        let mut items = Vec::with_capacity(events.len());
        // A new connection is recorded on both sides; a viewer who knows both sees it once.
        let mut pairs: HashSet<(Uuid, Uuid)> = HashSet::new();
        for e in events {
            let involves_blocked = (subject_of(&e.kind) == Subject::Member
                && blocked.contains(&e.entity_id))
                || other_of(&e).is_some_and(|o| blocked.contains(&o));
            if involves_blocked {
                continue;
            }
            if e.kind == "connection.accepted"
                && let Some(other) = other_of(&e)
            {
                let pair = (e.entity_id.min(other), e.entity_id.max(other));
                if !pairs.insert(pair) {
                    continue;
                }
            }
            let names = match subject_of(&e.kind) {
                Subject::Member => &members,
                Subject::Organization => &orgs,
            };
            let Some(actor) = names.get(&e.entity_id).cloned() else {
                continue;
            };
            let other = other_of(&e).and_then(|id| members.get(&id).cloned());
            items.push(FeedItem {
                position: e.position,
                kind: e.kind,
                actor,
                other,
                at: e.created_at,
            });
        }
        Ok(FeedPage { items, older })
    }

    /// The handles of those of `ids` who are active or lapsed and have a profile (for links).
    pub async fn handles(&self, ids: &[MemberId]) -> PeopleResult<HashMap<MemberId, Handle>> {
        let names = self
            .name_members(ids.iter().map(|m| m.as_uuid()).collect())
            .await?;
        Ok(names
            .into_values()
            .filter_map(|a| a.handle.map(|h| (MemberId::from_uuid(a.id), h)))
            .collect())
    }

    /// Names members (with a handle, if they still have a visible profile), by id. Members who
    /// are suspended or gone are left out.
    async fn name_members(&self, mut ids: Vec<Uuid>) -> PeopleResult<HashMap<Uuid, FeedActor>> {
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT m.id, m.display_name, p.handle FROM member_facts m JOIN profiles p ON p.member_id = m.id \
             WHERE m.status IN ('active', 'lapsed') AND m.id IN ({})",
            placeholders(ids.len())
        );
        let rows: Vec<(MemberId, String, String)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids {
                q = q.bind(MemberId::from_uuid(*id));
            }
            q.fetch_all(p).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, name, handle)| {
                let id = id.as_uuid();
                (
                    id,
                    FeedActor {
                        id,
                        name,
                        handle: Handle::from_stored(&handle).ok(),
                    },
                )
            })
            .collect())
    }

    /// Names organizations, by id.
    async fn name_orgs(&self, mut ids: Vec<Uuid>) -> PeopleResult<HashMap<Uuid, FeedActor>> {
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT id, name FROM organization_facts WHERE id IN ({})",
            placeholders(ids.len())
        );
        let rows: Vec<(OrgId, String)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids {
                q = q.bind(OrgId::from_uuid(*id));
            }
            q.fetch_all(p).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| {
                let id = id.as_uuid();
                (
                    id,
                    FeedActor {
                        id,
                        name,
                        handle: None,
                    },
                )
            })
            .collect())
    }
}

/// `$1, $2, … $n`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
