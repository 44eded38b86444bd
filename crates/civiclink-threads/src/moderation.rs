//! Moderation: members flag posts; moderators work from the queue of open flags, hide posts
//! (settling their flags) or dismiss a flag; authors delete their replies and moderators any
//! post, and restore them; moderators lock, pin (in the category or everywhere) and move
//! threads. Every moderator's action writes its audit entry in its own transaction.

use civiclink_domain::{Actor, MemberId, ValidationError};
use civiclink_store::{execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::categories::{Viewer, bind_viewer, visible};
use crate::model::line;
use crate::threads::Person;
use crate::{
    CategoryId, FlagId, PostId, ThreadId, Threads, ThreadsAudit, ThreadsError, ThreadsEvent,
    ThreadsResult,
};

/// Why a post is flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Spam,
    OffTopic,
    Inappropriate,
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 4] = [
        FlagReason::Spam,
        FlagReason::OffTopic,
        FlagReason::Inappropriate,
        FlagReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Spam => "spam",
            FlagReason::OffTopic => "off_topic",
            FlagReason::Inappropriate => "inappropriate",
            FlagReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// An open flag, as the moderators' queue shows it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Flag {
    pub id: FlagId,
    pub post_id: PostId,
    pub thread_id: ThreadId,
    pub thread_title: String,
    pub reason: FlagReason,
    pub note: String,
    pub by: Person,
    /// The post's author and its text, as it is now.
    pub author: Person,
    pub post_html: String,
    pub post_hidden: bool,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The post's anchor on its thread's page.
    pub url: String,
}

/// What a moderator changes of a thread; `None` leaves it.
#[derive(Clone, Debug, Default)]
pub struct ThreadChange {
    pub locked: Option<bool>,
    pub pinned: Option<bool>,
    pub pinned_globally: Option<bool>,
    /// Another category (its id or slug) to move it to.
    pub category: Option<String>,
    /// Slow mode: seconds a member waits between two posts (0 ends it; at most a day).
    pub slow_mode_secs: Option<i32>,
}

#[derive(sqlx::FromRow)]
struct FlagRow {
    id: FlagId,
    post_id: PostId,
    thread_id: ThreadId,
    title: String,
    number: i32,
    reason: String,
    note: String,
    by_id: MemberId,
    by_name: Option<String>,
    author_id: MemberId,
    author_name: Option<String>,
    html: String,
    hidden: bool,
    created_at: OffsetDateTime,
}

impl Threads {
    /// Whether the actor moderates any category: site moderators, and the members a category
    /// names as its moderators.
    pub async fn moderates_any(&self, actor: &Actor) -> ThreadsResult<bool> {
        if actor.moderates() {
            return Ok(true);
        }
        let listed: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM category_moderators WHERE member_id = $1 LIMIT 1",
        )
        .bind(actor.id)
        .fetch_optional(p)
        .await)?;
        Ok(listed.is_some())
    }

    /// The post's thread and category, if the actor may see it, and whether they moderate it.
    async fn post_place(
        &self,
        actor: &Actor,
        post: PostId,
    ) -> ThreadsResult<(ThreadId, CategoryId, MemberId, i32, bool)> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT t.id, c.id, p.author_id, p.number FROM posts p JOIN threads t \
             ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id \
             WHERE p.id = $4 AND {}",
            visible(1)
        );
        let row: Option<(ThreadId, CategoryId, MemberId, i32)> = on_db!(self.db, p => bind_viewer!(
            sqlx::query_as(&sql), v).bind(post).fetch_optional(p).await)?;
        let (thread, category, author, number) = row.ok_or(ThreadsError::NotFound)?;
        let moderates = self.moderates(actor, category).await?;
        Ok((thread, category, author, number, moderates))
    }

    /// Flags a post the actor may see for the moderators, once while the flag is open.
    pub async fn flag_post(
        &self,
        actor: &Actor,
        post: PostId,
        reason: &str,
        note: &str,
    ) -> ThreadsResult<FlagId> {
        let reason = FlagReason::parse(reason.trim())
            .ok_or(ValidationError::new("reason", "invalid-choice"))?;
        let note = note.trim();
        if note.chars().count() > 1000 {
            return Err(ValidationError::new("note", "max-1000-chars").into());
        }
        if note
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            return Err(ValidationError::new("note", "control-chars").into());
        }
        if reason == FlagReason::Other && note.is_empty() {
            return Err(ValidationError::new("note", "required").into());
        }
        let (thread, _, author, _, _) = self.post_place(actor, post).await?;
        if author == actor.id {
            return Err(ThreadsError::Conflict("conflict-flag-own"));
        }
        let id = FlagId::new();
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "INSERT INTO post_flags (id, post_id, member_id, reason, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(post)
            .bind(actor.id)
            .bind(reason.as_str())
            .bind(note)
            .bind(civiclink_store::now())
        )?;
        if n == 0 {
            return Err(ThreadsError::Conflict("conflict-flag-open"));
        }
        tx.emit(
            thread.as_uuid(),
            &ThreadsEvent::PostFlagged {
                post,
                thread,
                flag: id,
                by: actor.id,
                reason: reason.as_str().to_owned(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The open flags of the categories the actor moderates, oldest first.
    pub async fn open_flags(&self, actor: &Actor) -> ThreadsResult<Vec<Flag>> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT f.id, f.post_id, t.id AS thread_id, t.title, p.number, f.reason, f.note, \
             f.member_id AS by_id, fm.display_name AS by_name, p.author_id, \
             am.display_name AS author_name, p.html, p.hidden, f.created_at \
             FROM post_flags f JOIN posts p ON p.id = f.post_id \
             JOIN threads t ON t.id = p.thread_id JOIN categories c ON c.id = t.category_id \
             LEFT JOIN member_facts fm ON fm.id = f.member_id \
             LEFT JOIN member_facts am ON am.id = p.author_id \
             WHERE f.resolved_at IS NULL AND {} AND ($5 OR EXISTS (SELECT 1 FROM \
             category_moderators cmod WHERE cmod.category_id = c.id AND cmod.member_id = $4)) \
             ORDER BY f.created_at, f.id LIMIT 200",
            visible(1)
        );
        let rows: Vec<FlagRow> = on_db!(self.db, p => bind_viewer!(sqlx::query_as(&sql), v)
            .bind(actor.id)
            .bind(actor.moderates())
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| Flag {
                url: self.links.post(r.thread_id, r.number, r.post_id),
                id: r.id,
                post_id: r.post_id,
                thread_id: r.thread_id,
                thread_title: r.title,
                reason: FlagReason::parse(&r.reason).unwrap_or(FlagReason::Other),
                note: r.note,
                by: Person {
                    id: r.by_id,
                    name: r.by_name.unwrap_or_default(),
                },
                author: Person {
                    id: r.author_id,
                    name: r.author_name.unwrap_or_default(),
                },
                post_html: r.html,
                post_hidden: r.hidden,
                created_at: r.created_at,
            })
            .collect())
    }

    /// Hides a post (a moderator of its category, with a reason), settling its open flags.
    pub async fn hide_post(&self, actor: &Actor, post: PostId, reason: &str) -> ThreadsResult<()> {
        let (thread, _, _, _, moderates) = self.post_place(actor, post).await?;
        if !moderates {
            return Err(ThreadsError::Forbidden);
        }
        let reason = line(reason, "reason", 300, "max-300-chars")?;
        let now = civiclink_store::now();
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query("UPDATE posts SET hidden = TRUE WHERE id = $1 AND NOT hidden").bind(post)
        )?;
        execute!(
            tx,
            sqlx::query(
                "UPDATE post_flags SET resolved_at = $2, resolved_by = $3, outcome = 'hidden' \
                 WHERE post_id = $1 AND resolved_at IS NULL",
            )
            .bind(post)
            .bind(now)
            .bind(actor.id)
        )?;
        if n > 0 {
            tx.emit(
                thread.as_uuid(),
                &ThreadsEvent::PostHidden {
                    post,
                    thread,
                    by: actor.id,
                },
            )
            .await?;
            tx.audit(actor, post, &ThreadsAudit::PostHide { reason })
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Dismisses an open flag (a moderator of the post's category).
    pub async fn dismiss_flag(&self, actor: &Actor, flag: FlagId) -> ThreadsResult<()> {
        if !self.moderates_any(actor).await? {
            return Err(ThreadsError::Forbidden);
        }
        let post: Option<PostId> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT post_id FROM post_flags WHERE id = $1 AND resolved_at IS NULL",
        )
        .bind(flag)
        .fetch_optional(p)
        .await)?;
        let post = post.ok_or(ThreadsError::NotFound)?;
        let (_, _, _, _, moderates) = self.post_place(actor, post).await?;
        if !moderates {
            return Err(ThreadsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE post_flags SET resolved_at = $2, resolved_by = $3, outcome = 'dismissed' \
                 WHERE id = $1 AND resolved_at IS NULL",
            )
            .bind(flag)
            .bind(civiclink_store::now())
            .bind(actor.id)
        )?;
        if n == 0 {
            return Err(ThreadsError::NotFound);
        }
        tx.audit(actor, post, &ThreadsAudit::FlagDismiss { flag })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a post: its author (a reply, not a thread's first post) or a moderator of its
    /// category. Nothing is erased: moderators may restore it.
    pub async fn delete_post(&self, actor: &Actor, post: PostId) -> ThreadsResult<()> {
        let (thread, _, author, number, moderates) = self.post_place(actor, post).await?;
        let own = author == actor.id;
        if !(moderates || (own && number > 1)) {
            return Err(ThreadsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query("UPDATE posts SET deleted = TRUE WHERE id = $1 AND NOT deleted").bind(post)
        )?;
        if n == 0 {
            return Ok(());
        }
        // An accepted answer that is deleted is no longer the answer.
        execute!(
            tx,
            sqlx::query("UPDATE threads SET accepted_post = NULL WHERE accepted_post = $1")
                .bind(post)
        )?;
        tx.emit(
            thread.as_uuid(),
            &ThreadsEvent::PostDeleted {
                post,
                thread,
                by: actor.id,
            },
        )
        .await?;
        if !own {
            tx.audit(actor, post, &ThreadsAudit::PostDelete {}).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Shows a hidden or deleted post again (a moderator of its category).
    pub async fn restore_post(&self, actor: &Actor, post: PostId) -> ThreadsResult<()> {
        let (thread, _, _, _, moderates) = self.post_place(actor, post).await?;
        if !moderates {
            return Err(ThreadsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE posts SET hidden = FALSE, deleted = FALSE WHERE id = $1 \
                 AND (hidden OR deleted)",
            )
            .bind(post)
        )?;
        if n == 0 {
            return Err(ThreadsError::Conflict("conflict-post-not-hidden"));
        }
        tx.emit(
            thread.as_uuid(),
            &ThreadsEvent::PostRestored {
                post,
                thread,
                by: actor.id,
            },
        )
        .await?;
        tx.audit(actor, post, &ThreadsAudit::PostRestore {}).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Locks, pins or moves a thread: a moderator of its category (and, to move it, one who
    /// may see the category it goes to).
    pub async fn moderate_thread(
        &self,
        actor: &Actor,
        thread: ThreadId,
        change: &ThreadChange,
    ) -> ThreadsResult<()> {
        let row = self.thread_row(actor, thread).await?;
        if !self.moderates(actor, row.category_id).await? {
            return Err(ThreadsError::Forbidden);
        }
        if change
            .slow_mode_secs
            .is_some_and(|s| !(0..=86_400).contains(&s))
        {
            return Err(ValidationError::new("slow_mode_secs", "number-invalid").into());
        }
        let target = match change.category.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => {
                let to = self.category(actor, c).await.map_err(|e| match e {
                    ThreadsError::NotFound => {
                        ThreadsError::from(ValidationError::new("category", "category-unknown"))
                    }
                    other => other,
                })?;
                (to.id != row.category_id).then_some(to)
            }
        };
        let mut tx = self.db.begin().await?;
        // The row as this transaction holds it: a reply or another moderator's change that
        // committed first is kept.
        let now: Option<(bool, bool, bool, CategoryId)> = on_tx!(tx, c => sqlx::query_as(
            "UPDATE threads SET locked = COALESCE($2, locked), pinned = COALESCE($3, pinned), \
             pinned_globally = COALESCE($4, pinned_globally), \
             category_id = COALESCE($5, category_id), \
             slow_mode_secs = COALESCE($6, slow_mode_secs) WHERE id = $1 \
             RETURNING locked, pinned, pinned_globally, category_id",
        )
        .bind(thread)
        .bind(change.locked)
        .bind(change.pinned)
        .bind(change.pinned_globally)
        .bind(target.as_ref().map(|t| t.id))
        .bind(change.slow_mode_secs)
        .fetch_optional(&mut *c)
        .await)?;
        let (locked, pinned, pinned_globally, _) = now.ok_or(ThreadsError::NotFound)?;
        if change.locked.is_some_and(|l| l != row.locked) {
            tx.audit(actor, thread, &ThreadsAudit::ThreadLock { locked })
                .await?;
        }
        if change.pinned.is_some_and(|p| p != row.pinned)
            || change
                .pinned_globally
                .is_some_and(|p| p != row.pinned_globally)
        {
            tx.audit(
                actor,
                thread,
                &ThreadsAudit::ThreadPin {
                    pinned,
                    globally: pinned_globally,
                },
            )
            .await?;
        }
        tx.emit(
            thread.as_uuid(),
            &ThreadsEvent::ThreadModerated {
                thread,
                locked,
                pinned,
                pinned_globally,
                by: actor.id,
            },
        )
        .await?;
        if let Some(secs) = change.slow_mode_secs.filter(|s| *s != row.slow_mode_secs) {
            tx.audit(actor, thread, &ThreadsAudit::ThreadSlowMode { secs })
                .await?;
        }
        if let Some(to) = &target {
            tx.emit(
                thread.as_uuid(),
                &ThreadsEvent::ThreadMoved {
                    thread,
                    from: row.category_id,
                    to: to.id,
                    by: actor.id,
                },
            )
            .await?;
            tx.audit(
                actor,
                thread,
                &ThreadsAudit::ThreadMove {
                    from: row.category_name.clone(),
                    to: to.name.clone(),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Threads {
    /// Until when the member is silenced in threads, if they are now.
    pub async fn silenced_until(&self, member: MemberId) -> ThreadsResult<Option<OffsetDateTime>> {
        let until: Option<OffsetDateTime> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT until FROM member_silences WHERE member_id = $1",
        )
        .bind(member)
        .fetch_optional(p)
        .await)?;
        Ok(until.filter(|u| *u > civiclink_store::now()))
    }

    /// Refuses a silenced member.
    pub(crate) async fn refuse_silenced(&self, actor: &Actor) -> ThreadsResult<()> {
        match self.silenced_until(actor.id).await? {
            Some(until) => Err(ThreadsError::Silenced { until }),
            None => Ok(()),
        }
    }

    /// Silences a member in threads for `days` (1 to 365), with a reason: site moderators.
    /// They read everything as before and write nothing until then.
    pub async fn silence(
        &self,
        actor: &Actor,
        member: MemberId,
        days: i64,
        reason: &str,
    ) -> ThreadsResult<OffsetDateTime> {
        if !actor.moderates() {
            return Err(ThreadsError::Forbidden);
        }
        if !(1..=365).contains(&days) {
            return Err(ValidationError::new("days", "between-1-365").into());
        }
        let reason = line(reason, "reason", 300, "max-300-chars")?;
        if member == actor.id {
            return Err(ThreadsError::Conflict("conflict-silence-self"));
        }
        let known: Option<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT id FROM member_facts WHERE id = $1",
        )
        .bind(member)
        .fetch_optional(p)
        .await)?;
        if known.is_none() {
            return Err(ThreadsError::NotFound);
        }
        let now = civiclink_store::now();
        let until = now + time::Duration::days(days);
        let mut tx = self.db.begin().await?;
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO member_silences (member_id, until, reason, by_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id) DO UPDATE SET \
                 until = excluded.until, reason = excluded.reason, by_id = excluded.by_id, \
                 created_at = excluded.created_at",
            )
            .bind(member)
            .bind(until)
            .bind(&reason)
            .bind(actor.id)
            .bind(now)
        )?;
        tx.emit(
            member.as_uuid(),
            &ThreadsEvent::MemberSilenced {
                member,
                until: until.unix_timestamp(),
                by: actor.id,
            },
        )
        .await?;
        tx.audit(actor, member, &ThreadsAudit::MemberSilence { days, reason })
            .await?;
        tx.commit().await?;
        Ok(until)
    }

    /// Lifts a member's silence: site moderators.
    pub async fn unsilence(&self, actor: &Actor, member: MemberId) -> ThreadsResult<()> {
        if !actor.moderates() {
            return Err(ThreadsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query("DELETE FROM member_silences WHERE member_id = $1").bind(member)
        )?;
        if n == 0 {
            return Err(ThreadsError::NotFound);
        }
        tx.emit(
            member.as_uuid(),
            &ThreadsEvent::MemberUnsilenced {
                member,
                by: actor.id,
            },
        )
        .await?;
        tx.audit(actor, member, &ThreadsAudit::MemberUnsilence {})
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
