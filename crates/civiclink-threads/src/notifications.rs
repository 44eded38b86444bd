//! In-app notifications, derived from threads' events by an outbox consumer
//! ([`Threads::follow_outbox`]): replies to a member, replies in what they watch, new threads
//! in the categories they watch, their answer accepted, and "ask the users": a question about a
//! listing reaches the members whose organization runs it. Each is written in the consumer's
//! transaction, at most once per member and event, and only for members who may see the thread
//! (its category's restriction is applied to each recipient) and have not muted it.

use std::time::Duration;

use civiclink_domain::{Actor, MemberId};
use civiclink_store::{DomainEvent, Event, StoreError, Tx, execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::categories::{VISIBLE_TO_M, Viewer, bind_viewer, visible};
use crate::threads::Person;
use crate::{PostId, ThreadId, ThreadKind, Threads, ThreadsEvent, ThreadsResult};

/// The consumer's name in `event_cursors`.
const CONSUMER: &str = "threads.notifications";

/// How many notifications a page shows.
pub const NOTIFICATIONS_PAGE: u32 = 30;

/// Why a member was notified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A reply in a thread they watch.
    Reply,
    /// A reply to their post.
    RepliedTo,
    /// Their reply was accepted as the answer.
    Accepted,
    /// A new thread in a category they watch.
    NewThread,
    /// A question about a listing their organization runs.
    Asked,
    /// Members reacted to their post (one notification per post while unread).
    Reaction,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::Reply,
        NotificationKind::RepliedTo,
        NotificationKind::Accepted,
        NotificationKind::NewThread,
        NotificationKind::Asked,
        NotificationKind::Reaction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Reply => "reply",
            NotificationKind::RepliedTo => "replied_to",
            NotificationKind::Accepted => "accepted",
            NotificationKind::NewThread => "new_thread",
            NotificationKind::Asked => "asked",
            NotificationKind::Reaction => "reaction",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A notification as its member reads it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    /// Its place among the member's notifications (the event's position): newer is larger.
    pub id: i64,
    pub kind: NotificationKind,
    pub thread_id: ThreadId,
    pub thread_title: String,
    pub post_id: Option<PostId>,
    /// Who did it (of reactions, the latest).
    pub actor: Person,
    /// How many more members reacted besides `actor`.
    pub others: i64,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub read: bool,
    /// The post's anchor on its thread's page, or the thread's page.
    pub url: String,
}

/// A page of notifications, newest first, and the cursor of the next.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// How many of the member's notifications are unread, on every page together.
    pub unread: i64,
    pub next: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    position: i64,
    kind: String,
    thread_id: ThreadId,
    title: String,
    post_id: Option<PostId>,
    number: Option<i32>,
    actor_id: MemberId,
    actor_name: Option<String>,
    others: i64,
    created_at: OffsetDateTime,
    read_at: Option<OffsetDateTime>,
}

/// Members who have not muted thread `$2` (nor its category `c`, unless they set a level on
/// the thread itself); `x` is the member's column.
fn not_muted(x: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM thread_watches tw WHERE tw.member_id = {x} \
         AND tw.thread_id = $2 AND tw.level = 'muted') \
         AND NOT (EXISTS (SELECT 1 FROM category_watches cw WHERE cw.member_id = {x} \
         AND cw.category_id = c.id AND cw.level = 'muted') \
         AND NOT EXISTS (SELECT 1 FROM thread_watches tw2 WHERE tw2.member_id = {x} \
         AND tw2.thread_id = $2))"
    )
}

/// Inserts one notification of `kind` for each member `m` the `source` (a `FROM … WHERE …`
/// naming `m` and the thread's category `c`) selects, if they may see the thread, are active,
/// did not act themselves and have not muted it. Binds: `$1` position, `$2` thread, `$3` post,
/// `$4` actor, `$5` time, then the source's own from `$6`.
fn insert_sql(kind: NotificationKind, source: &str) -> String {
    format!(
        "INSERT INTO notifications (member_id, position, kind, thread_id, post_id, actor_id, \
         created_at) \
         SELECT DISTINCT m.id, $1, '{kind}', $2, $3, $4, $5 {source} \
         AND m.status = 'active' AND m.id <> $4 AND {VISIBLE_TO_M} AND {muted} \
         ON CONFLICT (member_id, position) DO NOTHING",
        kind = kind.as_str(),
        muted = not_muted("m.id"),
    )
}

/// The thread's category, joined as `c`.
const THREAD_CATEGORY: &str =
    "JOIN threads t ON t.id = $2 JOIN categories c ON c.id = t.category_id";

/// What a notification is about: its thread, its post and who did it.
#[derive(Clone, Copy)]
struct About {
    thread: ThreadId,
    post: PostId,
    actor: MemberId,
}

async fn notify(
    tx: &mut Tx,
    e: &Event,
    kind: NotificationKind,
    about: &About,
    source: &str,
    member: Option<MemberId>,
) -> Result<(), StoreError> {
    let About {
        thread,
        post,
        actor,
    } = *about;
    let sql = insert_sql(kind, source);
    on_tx!(tx, c => {
        let mut q = sqlx::query(&sql)
            .bind(e.position)
            .bind(thread)
            .bind(Some(post))
            .bind(actor)
            .bind(e.created_at);
        if let Some(m) = member {
            q = q.bind(m);
        }
        q.execute(&mut *c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Derives the notifications of a batch of events, in the batch's transaction.
async fn handle(tx: &mut Tx, events: &[Event]) -> Result<(), StoreError> {
    use NotificationKind as K;
    for e in events {
        let Some(event) = ThreadsEvent::decode(e)? else {
            continue;
        };
        match event {
            ThreadsEvent::ThreadCreated {
                thread,
                post,
                kind,
                author,
                ..
            } => {
                let about = About {
                    thread,
                    post,
                    actor: author,
                };
                // The most particular reason first: a member both asked and watching is
                // notified once, as asked.
                if ThreadKind::parse(&kind) == Some(ThreadKind::Question) {
                    let source = format!(
                        "FROM member_facts m {THREAD_CATEGORY} \
                         WHERE EXISTS (SELECT 1 FROM usage_facts u JOIN thread_listings tl \
                         ON tl.listing_id = u.listing_id WHERE tl.thread_id = $2 \
                         AND u.org_id = m.org_id AND u.status <> 'retired')"
                    );
                    notify(tx, e, K::Asked, &about, &source, None).await?;
                }
                let source = format!(
                    "FROM category_watches w JOIN member_facts m ON m.id = w.member_id \
                     {THREAD_CATEGORY} WHERE w.category_id = c.id \
                     AND w.level IN ('watching', 'watching_first')"
                );
                notify(tx, e, K::NewThread, &about, &source, None).await?;
            }
            ThreadsEvent::PostCreated {
                post,
                thread,
                author,
                reply_to_author,
                ..
            } => {
                let about = About {
                    thread,
                    post,
                    actor: author,
                };
                if let Some(to) = reply_to_author {
                    let source = format!("FROM member_facts m {THREAD_CATEGORY} WHERE m.id = $6");
                    notify(tx, e, K::RepliedTo, &about, &source, Some(to)).await?;
                }
                let source = format!(
                    "FROM member_facts m {THREAD_CATEGORY} WHERE (EXISTS (SELECT 1 FROM \
                     thread_watches w WHERE w.member_id = m.id AND w.thread_id = $2 \
                     AND w.level = 'watching') OR (EXISTS (SELECT 1 FROM category_watches w \
                     WHERE w.member_id = m.id AND w.category_id = c.id AND w.level = 'watching') \
                     AND NOT EXISTS (SELECT 1 FROM thread_watches w WHERE w.member_id = m.id \
                     AND w.thread_id = $2)))"
                );
                notify(tx, e, K::Reply, &about, &source, None).await?;
            }
            ThreadsEvent::AnswerAccepted {
                thread,
                post,
                author,
                by,
            } => {
                let about = About {
                    thread,
                    post,
                    actor: by,
                };
                let source = format!("FROM member_facts m {THREAD_CATEGORY} WHERE m.id = $6");
                notify(tx, e, K::Accepted, &about, &source, Some(author)).await?;
            }
            ThreadsEvent::CategoryCreated { .. }
            | ThreadsEvent::CategoryMemberAdded { .. }
            | ThreadsEvent::CategoryMemberRemoved { .. }
            | ThreadsEvent::PostEdited { .. }
            | ThreadsEvent::AnswerCleared { .. }
            | ThreadsEvent::PostFlagged { .. }
            | ThreadsEvent::PostHidden { .. }
            | ThreadsEvent::PostDeleted { .. }
            | ThreadsEvent::PostRestored { .. }
            | ThreadsEvent::ThreadModerated { .. }
            | ThreadsEvent::ThreadMoved { .. }
            | ThreadsEvent::MemberSilenced { .. }
            | ThreadsEvent::MemberUnsilenced { .. } => {}
            ThreadsEvent::PostReacted {
                post,
                thread,
                author,
                by,
                ..
            } => reacted(tx, e, post, thread, author, by).await?,
        }
    }
    Ok(())
}

/// Tells a post's author of a reaction. While a notification of reactions to that post is
/// unread it is the only one: it takes the newest reactor and this event's place; `others` is
/// how many other members have a reaction on the post now.
async fn reacted(
    tx: &mut Tx,
    e: &Event,
    post: PostId,
    thread: ThreadId,
    author: MemberId,
    by: MemberId,
) -> Result<(), StoreError> {
    const OTHERS: &str = "(SELECT COUNT(DISTINCT r.member_id) FROM post_reactions r \
         WHERE r.post_id = $3 AND r.member_id <> $4)";
    let merged = execute!(
        tx,
        sqlx::query(&format!(
            "UPDATE notifications SET position = $1, actor_id = $4, created_at = $5, \
             others = {OTHERS} WHERE member_id = $2 AND post_id = $3 AND kind = 'reaction' \
             AND read_at IS NULL"
        ))
        .bind(e.position)
        .bind(author)
        .bind(post)
        .bind(by)
        .bind(e.created_at)
    )?;
    if merged > 0 {
        return Ok(());
    }
    let source = format!("FROM member_facts m {THREAD_CATEGORY} WHERE m.id = $6");
    let about = About {
        thread,
        post,
        actor: by,
    };
    notify(
        tx,
        e,
        NotificationKind::Reaction,
        &about,
        &source,
        Some(author),
    )
    .await?;
    execute!(
        tx,
        sqlx::query(&format!(
            "UPDATE notifications SET others = {OTHERS} WHERE member_id = $2 AND position = $1"
        ))
        .bind(e.position)
        .bind(author)
        .bind(post)
        .bind(by)
    )?;
    Ok(())
}

impl Threads {
    /// Derives notifications from every event not yet handled, until none is left: what a
    /// test waits on, and what [`Threads::follow_outbox`] does as events arrive.
    pub async fn sync_notifications(&self) -> ThreadsResult<usize> {
        let mut total = 0;
        loop {
            let n = self
                .db
                .outbox()
                .process_batch(CONSUMER, 200, |tx, events| Box::pin(handle(tx, events)))
                .await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Follows the outbox for as long as the task lives (what `serve` runs).
    pub async fn follow_outbox(&self) {
        self.db
            .outbox()
            .follow(CONSUMER, 200, Duration::from_secs(5), |tx, events| {
                Box::pin(handle(tx, events))
            })
            .await;
    }

    /// The actor's notifications, newest first, from before `before` (a page's `next`), of
    /// threads they may still see.
    pub async fn notifications(
        &self,
        actor: &Actor,
        before: Option<i64>,
        limit: u32,
    ) -> ThreadsResult<NotificationPage> {
        let limit = limit.clamp(1, 100);
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT n.position, n.kind, n.thread_id, t.title, n.post_id, p.number, n.actor_id, \
             m.display_name AS actor_name, CAST(n.others AS BIGINT) AS others, n.created_at, \
             n.read_at \
             FROM notifications n JOIN threads t ON t.id = n.thread_id \
             JOIN categories c ON c.id = t.category_id \
             LEFT JOIN posts p ON p.id = n.post_id \
             LEFT JOIN member_facts m ON m.id = n.actor_id \
             WHERE n.member_id = $4 AND n.position < $5 AND {} \
             ORDER BY n.position DESC LIMIT {}",
            visible(1),
            limit + 1
        );
        let mut rows: Vec<NotificationRow> = on_db!(self.db, p => bind_viewer!(
            sqlx::query_as(&sql), v)
            .bind(actor.id)
            .bind(before.unwrap_or(i64::MAX))
            .fetch_all(p)
            .await)?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|r| r.position)
        } else {
            None
        };
        let items = rows
            .into_iter()
            .map(|r| Notification {
                url: match (r.post_id, r.number) {
                    (Some(p), Some(n)) => self.links.post(r.thread_id, n, p),
                    _ => self.links.thread(r.thread_id),
                },
                id: r.position,
                kind: NotificationKind::parse(&r.kind).unwrap_or(NotificationKind::Reply),
                thread_id: r.thread_id,
                thread_title: r.title,
                post_id: r.post_id,
                actor: Person {
                    id: r.actor_id,
                    name: r.actor_name.unwrap_or_default(),
                },
                others: r.others,
                created_at: r.created_at,
                read: r.read_at.is_some(),
            })
            .collect();
        Ok(NotificationPage {
            items,
            unread: self.unread_notifications(actor).await?,
            next,
        })
    }

    /// How many of the actor's notifications are unread (of threads they may still see).
    pub async fn unread_notifications(&self, actor: &Actor) -> ThreadsResult<i64> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT COUNT(*) FROM notifications n JOIN threads t ON t.id = n.thread_id \
             JOIN categories c ON c.id = t.category_id \
             WHERE n.member_id = $4 AND n.read_at IS NULL AND {}",
            visible(1)
        );
        Ok(
            on_db!(self.db, p => bind_viewer!(sqlx::query_scalar(&sql), v)
            .bind(actor.id)
            .fetch_one(p)
            .await)?,
        )
    }

    /// Marks the actor's notifications read: those up to `upto` (an `id`), or all of them.
    /// Returns how many were unread.
    pub async fn mark_notifications_read(
        &self,
        actor: &Actor,
        upto: Option<i64>,
    ) -> ThreadsResult<u64> {
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE notifications SET read_at = $3 WHERE member_id = $1 AND position <= $2 \
                 AND read_at IS NULL",
            )
            .bind(actor.id)
            .bind(upto.unwrap_or(i64::MAX))
            .bind(civiclink_store::now())
        )?;
        if n > 0 {
            tx.commit().await?;
        }
        Ok(n)
    }
}
