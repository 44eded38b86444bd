//! Posts: replying, editing (every version kept, readers see how many times), a post's
//! history, and a question's accepted answer.

use civiclink_domain::{Actor, MemberId, ValidationError};
use civiclink_store::{execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::categories::{Viewer, bind_viewer, visible};
use crate::model::{line, post_body, title};
use crate::threads::{Person, insert_post};
use crate::{
    CategoryId, PostId, ThreadId, ThreadKind, Threads, ThreadsAudit, ThreadsError, ThreadsEvent,
    ThreadsResult,
};

/// The post a reply answers or quotes.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ReplyTo {
    pub id: PostId,
    pub number: i32,
    pub author: Person,
    pub url: String,
}

/// A post as the viewer sees it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Post {
    pub id: PostId,
    pub thread_id: ThreadId,
    /// Its place in the thread: 1 is the first post.
    pub number: i32,
    pub author: Person,
    /// The author's organization, as it is now.
    pub org_name: Option<String>,
    pub reply_to: Option<ReplyTo>,
    /// The markdown as written (empty when the post is hidden from the viewer).
    pub text: String,
    /// The markdown rendered and sanitized: safe to put in a page as is.
    pub html: String,
    /// How many times it was edited.
    pub edits: i32,
    /// Hidden by a moderator, or deleted: only its author and moderators read it.
    pub hidden: bool,
    pub deleted: bool,
    /// The accepted answer of its question.
    pub accepted: bool,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[schema(value_type = Option<String>, format = DateTime)]
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    /// Whether the viewer may edit it.
    pub editable: bool,
    /// Whether the viewer may delete it (its author a reply of theirs; a moderator any post).
    pub deletable: bool,
    /// Whether the viewer may flag it (anyone's but their own).
    pub flaggable: bool,
    /// How members reacted to it.
    pub reactions: Vec<crate::ReactionCount>,
    pub url: String,
}

/// One version of a post.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PostRevision {
    pub number: i32,
    pub text: String,
    pub html: String,
    /// The thread's title set with this version (first posts only).
    pub title: Option<String>,
    pub editor: Person,
    /// Why a moderator changed it; empty for the author's own edits.
    pub reason: String,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PostRow {
    id: PostId,
    thread_id: ThreadId,
    number: i32,
    author_id: MemberId,
    author_name: Option<String>,
    org_name: Option<String>,
    reply_to: Option<PostId>,
    reply_number: Option<i32>,
    reply_author: Option<MemberId>,
    reply_author_name: Option<String>,
    body: String,
    html: String,
    revision: i32,
    hidden: bool,
    deleted: bool,
    created_at: OffsetDateTime,
    edited_at: Option<OffsetDateTime>,
}

/// The columns of [`PostRow`] and the tables they come from; a query adds its `WHERE`.
pub(crate) const POST_COLUMNS: &str = "p.id, p.thread_id, p.number, p.author_id, \
     m.display_name AS author_name, o.name AS org_name, p.reply_to, r.number AS reply_number, \
     r.author_id AS reply_author, rm.display_name AS reply_author_name, p.body, p.html, \
     p.revision, p.hidden, p.deleted, p.created_at, p.edited_at \
     FROM posts p LEFT JOIN member_facts m ON m.id = p.author_id \
     LEFT JOIN organization_facts o ON o.id = m.org_id \
     LEFT JOIN posts r ON r.id = p.reply_to \
     LEFT JOIN member_facts rm ON rm.id = r.author_id";

/// One row of `post_revisions` with its editor's name.
type RevisionRow = (
    i32,
    String,
    Option<String>,
    MemberId,
    Option<String>,
    String,
    OffsetDateTime,
);

/// What an edit changes.
#[derive(Clone, Debug, Default)]
pub struct PostEdit<'a> {
    pub body: &'a str,
    /// A new title for the thread (first posts only; empty keeps it).
    pub title: &'a str,
    /// Why: required when a moderator edits someone else's post.
    pub reason: &'a str,
}

impl Threads {
    pub(crate) fn post_of(
        &self,
        r: PostRow,
        actor: &Actor,
        moderates: bool,
        accepted: Option<PostId>,
    ) -> Post {
        let own = r.author_id == actor.id;
        let concealed = (r.hidden || r.deleted) && !own && !moderates;
        Post {
            url: self.links.post(r.thread_id, r.number, r.id),
            reply_to: match (r.reply_to, r.reply_number, r.reply_author) {
                (Some(id), Some(number), Some(author)) => Some(ReplyTo {
                    url: self.links.post(r.thread_id, number, id),
                    id,
                    number,
                    author: Person {
                        id: author,
                        name: r.reply_author_name.unwrap_or_default(),
                    },
                }),
                _ => None,
            },
            id: r.id,
            thread_id: r.thread_id,
            number: r.number,
            author: Person {
                id: r.author_id,
                name: r.author_name.unwrap_or_default(),
            },
            org_name: r.org_name,
            text: if concealed { String::new() } else { r.body },
            html: if concealed { String::new() } else { r.html },
            edits: r.revision - 1,
            hidden: r.hidden,
            deleted: r.deleted,
            accepted: accepted == Some(r.id),
            created_at: r.created_at,
            edited_at: r.edited_at,
            editable: (own && !r.deleted) || moderates,
            deletable: !r.deleted && (moderates || (own && r.number > 1)),
            flaggable: !own,
            reactions: Vec::new(),
        }
    }

    /// The post's row and its thread's category, if the actor may see its thread.
    async fn post_row(&self, actor: &Actor, id: PostId) -> ThreadsResult<(PostRow, CategoryId)> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT c.id FROM posts x JOIN threads t ON t.id = x.thread_id \
             JOIN categories c ON c.id = t.category_id WHERE x.id = $4 AND {}",
            visible(1)
        );
        let category: Option<CategoryId> = on_db!(self.db, p => bind_viewer!(
            sqlx::query_scalar(&sql), v).bind(id).fetch_optional(p).await)?;
        let category = category.ok_or(ThreadsError::NotFound)?;
        let sql = format!("SELECT {POST_COLUMNS} WHERE p.id = $1");
        let row: Option<PostRow> =
            on_db!(self.db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        Ok((row.ok_or(ThreadsError::NotFound)?, category))
    }

    /// One post, if the actor may see its thread.
    pub async fn post(&self, actor: &Actor, id: PostId) -> ThreadsResult<Post> {
        let (row, category) = self.post_row(actor, id).await?;
        let moderates = self.moderates(actor, category).await?;
        let accepted: Option<Option<PostId>> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT accepted_post FROM threads WHERE id = $1",
        )
        .bind(row.thread_id)
        .fetch_optional(p)
        .await)?;
        let mut post = self.post_of(row, actor, moderates, accepted.flatten());
        post.reactions = self
            .reactions_of(actor.id, &[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        Ok(post)
    }

    /// Replies to a thread the actor may see, answering `reply_to` (a post of the same
    /// thread) if given. A locked thread takes replies from its moderators only. Two replies at
    /// once get consecutive numbers: the thread's row is updated first, which holds it until
    /// the reply commits.
    pub async fn reply(
        &self,
        actor: &Actor,
        thread: ThreadId,
        body: &str,
        reply_to: Option<PostId>,
    ) -> ThreadsResult<Post> {
        let body = post_body(body)?;
        let html = civiclink_markdown::render(&body);
        let row = self.thread_row(actor, thread).await?;
        let moderates = self.moderates(actor, row.category_id).await?;
        self.refuse_silenced(actor).await?;
        let mut tx = self.db.begin().await?;
        // Taking the row first orders concurrent replies: the number, the post id (time
        // ordered) and the thread's latest post are decided while it is held.
        let locked: Option<(i32, bool)> = on_tx!(tx, c => sqlx::query_as(
            "UPDATE threads SET post_count = post_count + 1 WHERE id = $1 \
             RETURNING post_count, locked",
        )
        .bind(thread)
        .fetch_optional(&mut *c)
        .await)?;
        let (number, locked) = locked.ok_or(ThreadsError::NotFound)?;
        if locked && !moderates {
            return Err(ThreadsError::Conflict("conflict-thread-locked"));
        }
        // Slow mode, decided while the thread's row is held: two replies of one member at once
        // are one after the other here.
        if row.slow_mode_secs > 0 && !moderates {
            let last: Option<OffsetDateTime> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT created_at FROM posts WHERE thread_id = $1 AND author_id = $2 \
                 ORDER BY number DESC LIMIT 1",
            )
            .bind(thread)
            .bind(actor.id)
            .fetch_optional(&mut *c)
            .await)?;
            let wait = time::Duration::seconds(i64::from(row.slow_mode_secs));
            if let Some(last) = last
                && civiclink_store::now() - last < wait
            {
                return Err(ThreadsError::SlowMode {
                    retry_after: (last + wait - civiclink_store::now())
                        .whole_seconds()
                        .max(1),
                });
            }
        }
        let reply_to_author = match reply_to {
            None => None,
            Some(to) => {
                let author: Option<MemberId> = on_tx!(tx, c => sqlx::query_scalar(
                    "SELECT author_id FROM posts WHERE id = $1 AND thread_id = $2",
                )
                .bind(to)
                .bind(thread)
                .fetch_optional(&mut *c)
                .await)?;
                Some(author.ok_or(ValidationError::new("reply_to", "reply-to-other-thread"))?)
            }
        };
        let id = PostId::new();
        let now = civiclink_store::now();
        execute!(
            tx,
            sqlx::query(
                "UPDATE threads SET last_post_id = $2, last_posted_at = $3, last_author_id = $4 \
                 WHERE id = $1",
            )
            .bind(thread)
            .bind(id)
            .bind(now)
            .bind(actor.id)
        )?;
        insert_post(
            &mut tx, id, thread, number, actor.id, reply_to, &body, &html, now,
        )
        .await?;
        tx.emit(
            thread.as_uuid(),
            &ThreadsEvent::PostCreated {
                post: id,
                thread,
                number,
                author: actor.id,
                reply_to,
                reply_to_author,
            },
        )
        .await?;
        tx.commit().await?;
        self.post(actor, id).await
    }

    /// Edits a post: its author, or a moderator of its category (who gives a reason, kept in
    /// the audit log). The first post's edit may retitle the thread. The version replaced is
    /// kept; readers see how many times a post was edited.
    pub async fn edit_post(
        &self,
        actor: &Actor,
        id: PostId,
        edit: &PostEdit<'_>,
    ) -> ThreadsResult<Post> {
        let body = post_body(edit.body)?;
        let new_title = match edit.title.trim() {
            "" => None,
            t => Some(title(t)?),
        };
        let (row, category) = self.post_row(actor, id).await?;
        let moderates = self.moderates(actor, category).await?;
        let own = row.author_id == actor.id;
        if !(moderates || (own && !row.deleted)) {
            return Err(ThreadsError::Forbidden);
        }
        let reason = if own {
            edit.reason.trim().to_owned()
        } else {
            line(edit.reason, "reason", 300, "max-300-chars")?
        };
        if reason.chars().count() > 300 {
            return Err(ValidationError::new("reason", "max-300-chars").into());
        }
        let new_title = if row.number == 1 { new_title } else { None };
        let html = civiclink_markdown::render(&body);
        let now = civiclink_store::now();
        let mut tx = self.db.begin().await?;
        // The revision number is taken from the row as this transaction holds it, so two edits
        // at once become two versions, the later on top.
        let revision: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
            "UPDATE posts SET body = $2, html = $3, revision = revision + 1, edited_at = $4 \
             WHERE id = $1 RETURNING revision",
        )
        .bind(id)
        .bind(&body)
        .bind(&html)
        .bind(now)
        .fetch_optional(&mut *c)
        .await)?;
        let revision = revision.ok_or(ThreadsError::NotFound)?;
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO post_revisions (post_id, number, body, title, editor_id, reason, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(revision)
            .bind(&body)
            .bind(new_title.as_deref())
            .bind(actor.id)
            .bind(&reason)
            .bind(now)
        )?;
        if let Some(t) = &new_title {
            execute!(
                tx,
                sqlx::query("UPDATE threads SET title = $2 WHERE id = $1")
                    .bind(row.thread_id)
                    .bind(t)
            )?;
        }
        tx.emit(
            row.thread_id.as_uuid(),
            &ThreadsEvent::PostEdited {
                post: id,
                thread: row.thread_id,
                revision,
                by: actor.id,
            },
        )
        .await?;
        if !own {
            tx.audit(actor, id, &ThreadsAudit::PostModeratorEdit { reason })
                .await?;
        }
        tx.commit().await?;
        self.post(actor, id).await
    }

    /// Every version of a post, the first first, if the actor may read the post.
    pub async fn post_revisions(
        &self,
        actor: &Actor,
        id: PostId,
    ) -> ThreadsResult<Vec<PostRevision>> {
        let post = self.post(actor, id).await?;
        if (post.hidden || post.deleted) && post.html.is_empty() {
            return Err(ThreadsError::NotFound);
        }
        let rows: Vec<RevisionRow> = on_db!(self.db, p => sqlx::query_as(
                "SELECT r.number, r.body, r.title, r.editor_id, m.display_name, r.reason, \
                 r.created_at FROM post_revisions r LEFT JOIN member_facts m ON m.id = r.editor_id \
                 WHERE r.post_id = $1 ORDER BY r.number",
            )
            .bind(id)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(
                |(number, body, title, editor, name, reason, created_at)| PostRevision {
                    html: civiclink_markdown::render(&body),
                    number,
                    text: body,
                    title,
                    editor: Person {
                        id: editor,
                        name: name.unwrap_or_default(),
                    },
                    reason,
                    created_at,
                },
            )
            .collect())
    }

    /// Marks `post` (a reply of the question) its accepted answer, or clears it (`None`). The
    /// question's author or a moderator of its category.
    pub async fn accept_answer(
        &self,
        actor: &Actor,
        thread: ThreadId,
        post: Option<PostId>,
    ) -> ThreadsResult<()> {
        let row = self.thread_row(actor, thread).await?;
        let moderates = self.moderates(actor, row.category_id).await?;
        if ThreadKind::parse(&row.kind) != Some(ThreadKind::Question) {
            return Err(ThreadsError::Conflict("conflict-not-a-question"));
        }
        if row.author_id != actor.id && !moderates {
            return Err(ThreadsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let event = match post {
            Some(p) => {
                let author: Option<(MemberId, i32)> = on_tx!(tx, c => sqlx::query_as(
                    "SELECT author_id, number FROM posts WHERE id = $1 AND thread_id = $2 \
                     AND NOT deleted",
                )
                .bind(p)
                .bind(thread)
                .fetch_optional(&mut *c)
                .await)?;
                let (author, number) = author.ok_or(ThreadsError::NotFound)?;
                if number == 1 {
                    return Err(ThreadsError::Conflict("conflict-accept-first-post"));
                }
                ThreadsEvent::AnswerAccepted {
                    thread,
                    post: p,
                    author,
                    by: actor.id,
                }
            }
            None => ThreadsEvent::AnswerCleared {
                thread,
                by: actor.id,
            },
        };
        let n = match post {
            Some(p) => execute!(
                tx,
                sqlx::query(
                    "UPDATE threads SET accepted_post = $2 WHERE id = $1 \
                     AND (accepted_post IS NULL OR accepted_post <> $2)",
                )
                .bind(thread)
                .bind(p)
            )?,
            None => execute!(
                tx,
                sqlx::query(
                    "UPDATE threads SET accepted_post = NULL WHERE id = $1 \
                     AND accepted_post IS NOT NULL",
                )
                .bind(thread)
            )?,
        };
        if n == 0 {
            // Already so: nothing to tell anyone.
            return Ok(());
        }
        tx.emit(thread.as_uuid(), &event).await?;
        tx.commit().await?;
        Ok(())
    }
}
