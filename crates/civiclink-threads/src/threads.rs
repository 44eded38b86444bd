//! Threads: opening one with its first post, lists of them (latest activity first, filtered,
//! a cursor per page), and a thread's page of posts.

use civiclink_domain::{Actor, MemberId, OrgId, ValidationError};
use civiclink_store::{Tx, execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::categories::{Viewer, bind_viewer, visible};
use crate::model::NewThread;
use crate::posts::{POST_COLUMNS, Post, PostRow};
use crate::{
    CategoryId, ListingRef, POSTS_PAGE, PostId, ThreadId, ThreadInput, ThreadKind, Threads,
    ThreadsError, ThreadsEvent, ThreadsResult,
};

/// How many pinned threads a list's first page shows at most, before the others.
const PINNED_MAX: u32 = 10;

/// Which threads of a list a query reads.
#[derive(Clone, Copy)]
enum Pin {
    Only,
    Without,
}

/// How many threads a list shows at most.
pub const THREADS_PAGE: u32 = 30;

/// A member as a thread names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: MemberId,
    /// Empty once their account is erased.
    pub name: String,
}

/// A category as a thread names it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CategoryRef {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
}

/// A thread in a list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ThreadSummary {
    pub id: ThreadId,
    pub category: CategoryRef,
    pub kind: ThreadKind,
    pub title: String,
    pub author: Person,
    /// Replies, the first post not counted.
    pub replies: i32,
    /// A question whose answer has been accepted.
    pub answered: bool,
    pub locked: bool,
    /// Shown first in its category's lists.
    pub pinned: bool,
    /// Shown first in every list.
    pub pinned_globally: bool,
    /// In slow mode, how long a member waits between two posts of theirs here (0: not).
    pub slow_mode_secs: i32,
    pub tags: Vec<String>,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub last_posted_at: OffsetDateTime,
    pub last_author: Person,
    /// For the viewer: how many posts are new since they last read it (`None`: never
    /// opened).
    pub unread: Option<i32>,
    pub url: String,
}

/// Which threads a list holds. Every list holds only threads the viewer may see.
#[derive(Clone, Debug, Default)]
pub struct ThreadFilter {
    pub category: Option<CategoryId>,
    pub tag: Option<String>,
    pub listing: Option<ListingRef>,
    pub org: Option<OrgId>,
    pub kind: Option<ThreadKind>,
    /// Questions without an accepted answer.
    pub unanswered: bool,
    /// Threads this member opened.
    pub author: Option<MemberId>,
    /// Threads this member bookmarked.
    pub bookmarked_by: Option<MemberId>,
    /// Threads this member watches (the thread, or its category, at every post).
    pub watched_by: Option<MemberId>,
}

/// One page of a list, and the cursor of the next (`None`: this is the last).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ThreadPage {
    pub threads: Vec<ThreadSummary>,
    pub next: Option<String>,
}

/// A listing a thread is about.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkedListing {
    pub id: ListingRef,
    pub name: String,
}

/// An organization a thread is about.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkedOrg {
    pub id: OrgId,
    pub name: String,
}

/// A thread with one page of its posts, as the viewer sees it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ThreadDetail {
    #[serde(flatten)]
    pub summary: ThreadSummary,
    pub listings: Vec<LinkedListing>,
    pub orgs: Vec<LinkedOrg>,
    /// The accepted answer of a question.
    pub accepted: Option<PostId>,
    /// The page shown (from 1) and how many there are.
    pub page: u32,
    pub pages: u32,
    pub posts: Vec<Post>,
    /// Whether the viewer may reply (the thread is open, or they moderate it).
    pub may_reply: bool,
    /// Whether the viewer may mark the accepted answer (a question's author or a moderator).
    pub may_accept: bool,
    /// Whether the viewer moderates the thread's category.
    pub moderates: bool,
    /// Whether the viewer bookmarked it.
    pub bookmarked: bool,
    /// The last post the viewer had read before (`None`: never opened); later ones are new.
    pub last_read: Option<i32>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ThreadRow {
    pub(crate) id: ThreadId,
    pub(crate) category_id: CategoryId,
    pub(crate) category_slug: String,
    pub(crate) category_name: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    pub(crate) author_id: MemberId,
    pub(crate) author_name: Option<String>,
    pub(crate) post_count: i32,
    pub(crate) accepted_post: Option<PostId>,
    pub(crate) locked: bool,
    pub(crate) pinned: bool,
    pub(crate) pinned_globally: bool,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) last_posted_at: OffsetDateTime,
    pub(crate) last_post_id: PostId,
    pub(crate) last_author_id: MemberId,
    pub(crate) last_author_name: Option<String>,
    pub(crate) last_read: Option<i32>,
    pub(crate) slow_mode_secs: i32,
}

const THREAD_COLUMNS: &str = "t.id, t.category_id, c.slug AS category_slug, \
     c.name AS category_name, t.kind, t.title, t.author_id, ma.display_name AS author_name, \
     t.post_count, t.accepted_post, t.locked, t.pinned, t.pinned_globally, t.created_at, \
     t.last_posted_at, \
     t.last_post_id, t.last_author_id, ml.display_name AS last_author_name, \
     r.last_read, t.slow_mode_secs";

/// The tables of [`ThreadRow`]; `$3` must be the viewer (as [`visible`]`(1)` binds it), whose
/// read position it joins.
const THREAD_FROM: &str = "threads t JOIN categories c ON c.id = t.category_id \
     LEFT JOIN member_facts ma ON ma.id = t.author_id \
     LEFT JOIN member_facts ml ON ml.id = t.last_author_id \
     LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.member_id = $3";

impl Threads {
    fn summary_of(&self, r: ThreadRow, tags: Vec<String>) -> ThreadSummary {
        ThreadSummary {
            url: self.links.thread(r.id),
            id: r.id,
            category: CategoryRef {
                id: r.category_id,
                slug: r.category_slug,
                name: r.category_name,
            },
            kind: ThreadKind::parse(&r.kind).unwrap_or(ThreadKind::Discussion),
            title: r.title,
            author: Person {
                id: r.author_id,
                name: r.author_name.unwrap_or_default(),
            },
            replies: r.post_count - 1,
            answered: r.accepted_post.is_some(),
            locked: r.locked,
            pinned: r.pinned,
            pinned_globally: r.pinned_globally,
            slow_mode_secs: r.slow_mode_secs,
            tags,
            created_at: r.created_at,
            last_posted_at: r.last_posted_at,
            last_author: Person {
                id: r.last_author_id,
                name: r.last_author_name.unwrap_or_default(),
            },
            unread: r.last_read.map(|n| (r.post_count - n).max(0)),
        }
    }

    /// The tags of each of `threads`, in one query.
    async fn tags_of(&self, threads: &[ThreadId]) -> ThreadsResult<Vec<(ThreadId, String)>> {
        if threads.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=threads.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT thread_id, tag FROM thread_tags WHERE thread_id IN ({}) ORDER BY tag",
            marks.join(", ")
        );
        Ok(on_db!(self.db, p => {
            let mut q = sqlx::query_as::<_, (ThreadId, String)>(&sql);
            for t in threads {
                q = q.bind(*t);
            }
            q.fetch_all(p).await
        })?)
    }

    /// A page of threads, latest activity first. `cursor` is the `next` of the page before.
    pub async fn threads(
        &self,
        actor: &Actor,
        filter: &ThreadFilter,
        cursor: Option<&str>,
        limit: u32,
    ) -> ThreadsResult<ThreadPage> {
        let before = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(
                c.parse::<PostId>()
                    .map_err(|_| ValidationError::new("cursor", "cursor-invalid"))?,
            ),
        };
        let limit = limit.clamp(1, 100);
        // Pinned threads come first on a list's first page (in a category's lists, those
        // pinned there too), and not again after.
        let mut pinned = if before.is_none() {
            self.fetch(actor, filter, None, Pin::Only, PINNED_MAX)
                .await?
        } else {
            Vec::new()
        };
        let mut rows = self
            .fetch(actor, filter, before, Pin::Without, limit + 1)
            .await?;
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        pinned.append(&mut rows);
        let rows = pinned;
        let next = if more {
            rows.last().map(|r| r.last_post_id.to_string())
        } else {
            None
        };
        let ids: Vec<ThreadId> = rows.iter().map(|r| r.id).collect();
        let mut tags = self.tags_of(&ids).await?;
        let threads = rows
            .into_iter()
            .map(|r| {
                let mine = tags
                    .iter()
                    .filter(|(t, _)| *t == r.id)
                    .map(|(_, tag)| tag.clone())
                    .collect();
                tags.retain(|(t, _)| *t != r.id);
                self.summary_of(r, mine)
            })
            .collect();
        Ok(ThreadPage { threads, next })
    }

    /// One query of a list: its pinned threads, or the others from `before` on.
    async fn fetch(
        &self,
        actor: &Actor,
        filter: &ThreadFilter,
        before: Option<PostId>,
        which: Pin,
        limit: u32,
    ) -> ThreadsResult<Vec<ThreadRow>> {
        let v = Viewer::of(actor);
        let mut sql = format!(
            "SELECT {THREAD_COLUMNS} FROM {THREAD_FROM} WHERE {}",
            visible(1)
        );
        let mut n = 3;
        let mut next = |sql: &mut String, cond: &str| {
            n += 1;
            sql.push_str(" AND ");
            sql.push_str(&cond.replace("$?", &format!("${n}")));
        };
        if filter.category.is_some() {
            next(&mut sql, "t.category_id = $?");
        }
        if filter.tag.is_some() {
            next(
                &mut sql,
                "EXISTS (SELECT 1 FROM thread_tags x WHERE x.thread_id = t.id AND x.tag = $?)",
            );
        }
        if filter.listing.is_some() {
            next(
                &mut sql,
                "EXISTS (SELECT 1 FROM thread_listings x WHERE x.thread_id = t.id \
                 AND x.listing_id = $?)",
            );
        }
        if filter.org.is_some() {
            next(
                &mut sql,
                "EXISTS (SELECT 1 FROM thread_orgs x WHERE x.thread_id = t.id AND x.org_id = $?)",
            );
        }
        if filter.kind.is_some() {
            next(&mut sql, "t.kind = $?");
        }
        if filter.author.is_some() {
            next(&mut sql, "t.author_id = $?");
        }
        if filter.bookmarked_by.is_some() {
            next(
                &mut sql,
                "EXISTS (SELECT 1 FROM thread_bookmarks x WHERE x.thread_id = t.id \
                 AND x.member_id = $?)",
            );
        }
        if filter.watched_by.is_some() {
            next(
                &mut sql,
                "(EXISTS (SELECT 1 FROM thread_watches x WHERE x.thread_id = t.id \
                 AND x.member_id = $? AND x.level = 'watching') OR (EXISTS (SELECT 1 FROM \
                 category_watches y WHERE y.category_id = t.category_id AND y.member_id = $? \
                 AND y.level = 'watching') AND NOT EXISTS (SELECT 1 FROM thread_watches z \
                 WHERE z.thread_id = t.id AND z.member_id = $?)))",
            );
        }
        if before.is_some() {
            next(&mut sql, "t.last_post_id < $?");
        }
        if filter.unanswered {
            sql.push_str(" AND t.kind = 'question' AND t.accepted_post IS NULL");
        }
        let pin = if filter.category.is_some() {
            "(t.pinned OR t.pinned_globally)"
        } else {
            "t.pinned_globally"
        };
        match which {
            Pin::Only => sql.push_str(&format!(" AND {pin}")),
            Pin::Without => sql.push_str(&format!(" AND NOT {pin}")),
        }
        sql.push_str(&format!(" ORDER BY t.last_post_id DESC LIMIT {limit}"));
        let rows: Vec<ThreadRow> = on_db!(self.db, p => {
            let mut q = bind_viewer!(sqlx::query_as::<_, ThreadRow>(&sql), v);
            if let Some(c) = filter.category {
                q = q.bind(c);
            }
            if let Some(t) = &filter.tag {
                q = q.bind(t.as_str());
            }
            if let Some(l) = filter.listing {
                q = q.bind(l);
            }
            if let Some(o) = filter.org {
                q = q.bind(o);
            }
            if let Some(k) = filter.kind {
                q = q.bind(k.as_str());
            }
            if let Some(a) = filter.author {
                q = q.bind(a);
            }
            if let Some(b) = filter.bookmarked_by {
                q = q.bind(b);
            }
            if let Some(w) = filter.watched_by {
                q = q.bind(w);
            }
            if let Some(b) = before {
                q = q.bind(b);
            }
            q.fetch_all(p).await
        })?;
        Ok(rows)
    }

    /// The thread's row, if the actor may see it.
    pub(crate) async fn thread_row(&self, actor: &Actor, id: ThreadId) -> ThreadsResult<ThreadRow> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT {THREAD_COLUMNS} FROM {THREAD_FROM} WHERE t.id = $4 AND {}",
            visible(1)
        );
        let row: Option<ThreadRow> = on_db!(self.db, p => bind_viewer!(
            sqlx::query_as(&sql), v).bind(id).fetch_optional(p).await)?;
        row.ok_or(ThreadsError::NotFound)
    }

    /// A thread with page `page` of its posts ([`POSTS_PAGE`] a page, from 1), if the actor
    /// may see it. A page past the last shows the last.
    pub async fn thread(
        &self,
        actor: &Actor,
        id: ThreadId,
        page: u32,
    ) -> ThreadsResult<ThreadDetail> {
        let row = self.thread_row(actor, id).await?;
        let moderates = self.moderates(actor, row.category_id).await?;
        let pages = u32::try_from(row.post_count.max(1))
            .unwrap_or(1)
            .div_ceil(POSTS_PAGE);
        let page = page.clamp(1, pages);
        let first = i32::try_from((page - 1) * POSTS_PAGE + 1).unwrap_or(i32::MAX);
        let last = i32::try_from(page * POSTS_PAGE).unwrap_or(i32::MAX);
        let sql = format!(
            "SELECT {POST_COLUMNS} WHERE p.thread_id = $1 AND p.number BETWEEN $2 AND $3 \
             ORDER BY p.number"
        );
        let posts: Vec<PostRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(id)
            .bind(first)
            .bind(last)
            .fetch_all(p)
            .await)?;
        let listings: Vec<(ListingRef, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT l.id, l.name FROM thread_listings tl JOIN listing_facts l \
             ON l.id = tl.listing_id WHERE tl.thread_id = $1 AND l.status = 'published' \
             ORDER BY l.name_key",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        let orgs: Vec<(OrgId, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT o.id, o.name FROM thread_orgs x JOIN organization_facts o \
             ON o.id = x.org_id WHERE x.thread_id = $1 ORDER BY o.name_key",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        let tags = self
            .tags_of(&[id])
            .await?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let accepted = row.accepted_post;
        let last_read = row.last_read;
        let question = ThreadKind::parse(&row.kind) == Some(ThreadKind::Question);
        let may_accept = question && (moderates || row.author_id == actor.id);
        let may_reply = !row.locked || moderates;
        let summary = self.summary_of(row, tags);
        let mut posts: Vec<Post> = posts
            .into_iter()
            .map(|p| self.post_of(p, actor, moderates, accepted))
            .collect();
        let ids: Vec<PostId> = posts.iter().map(|p| p.id).collect();
        let mut reactions = self.reactions_of(actor.id, &ids).await?;
        for p in &mut posts {
            p.reactions = reactions.remove(&p.id).unwrap_or_default();
        }
        Ok(ThreadDetail {
            last_read,
            bookmarked: self.bookmarked(actor.id, id).await?,
            posts,
            summary,
            listings: listings
                .into_iter()
                .map(|(id, name)| LinkedListing { id, name })
                .collect(),
            orgs: orgs
                .into_iter()
                .map(|(id, name)| LinkedOrg { id, name })
                .collect(),
            accepted,
            page,
            pages,
            may_reply,
            may_accept,
            moderates,
        })
    }

    /// Opens a thread with its first post. The category must be one the actor may see; every
    /// listing must be published and every organization must exist.
    pub async fn create_thread(
        &self,
        actor: &Actor,
        input: &ThreadInput<'_>,
    ) -> ThreadsResult<(ThreadId, PostId)> {
        let t: NewThread = input.check()?;
        self.refuse_silenced(actor).await?;
        let html = civiclink_markdown::render(&t.body);
        let mut tx = self.db.begin().await?;
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT c.id FROM categories c WHERE c.id = $4 AND {}",
            visible(1)
        );
        let category: Option<CategoryId> = on_tx!(tx, c => bind_viewer!(
            sqlx::query_scalar(&sql), v).bind(t.category).fetch_optional(&mut *c).await)?;
        if category.is_none() {
            return Err(ValidationError::new("category", "category-unknown").into());
        }
        for l in &t.listings {
            let ok: Option<ListingRef> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM listing_facts WHERE id = $1 AND status = 'published'",
            )
            .bind(*l)
            .fetch_optional(&mut *c)
            .await)?;
            if ok.is_none() {
                return Err(ValidationError::new("listings", "listing-unknown").into());
            }
        }
        for o in &t.orgs {
            let ok: Option<OrgId> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM organization_facts WHERE id = $1",
            )
            .bind(*o)
            .fetch_optional(&mut *c)
            .await)?;
            if ok.is_none() {
                return Err(ValidationError::new("orgs", "org-unknown").into());
            }
        }
        let id = ThreadId::new();
        let post = PostId::new();
        let now = civiclink_store::now();
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO threads (id, category_id, kind, title, author_id, post_count, \
                 accepted_post, locked, pinned, created_at, last_posted_at, last_post_id, \
                 last_author_id) VALUES ($1, $2, $3, $4, $5, 1, NULL, FALSE, FALSE, $6, $6, $7, $5)",
            )
            .bind(id)
            .bind(t.category)
            .bind(t.kind.as_str())
            .bind(&t.title)
            .bind(actor.id)
            .bind(now)
            .bind(post)
        )?;
        insert_post(&mut tx, post, id, 1, actor.id, None, &t.body, &html, now).await?;
        // Its author follows every reply.
        crate::watch::set_thread_level(&mut tx, actor.id, id, crate::WatchLevel::Watching).await?;
        for tag in &t.tags {
            execute!(
                tx,
                sqlx::query("INSERT INTO thread_tags (thread_id, tag) VALUES ($1, $2)")
                    .bind(id)
                    .bind(tag)
            )?;
        }
        for l in &t.listings {
            execute!(
                tx,
                sqlx::query("INSERT INTO thread_listings (thread_id, listing_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*l)
            )?;
        }
        for o in &t.orgs {
            execute!(
                tx,
                sqlx::query("INSERT INTO thread_orgs (thread_id, org_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*o)
            )?;
        }
        tx.emit(
            id.as_uuid(),
            &ThreadsEvent::ThreadCreated {
                thread: id,
                category: t.category,
                post,
                kind: t.kind.as_str().to_owned(),
                title: t.title.clone(),
                author: actor.id,
                listings: t.listings.clone(),
                orgs: t.orgs.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok((id, post))
    }

    /// Whether the actor moderates `category`: site administrators and moderators, and the
    /// category's own moderators.
    pub(crate) async fn moderates(
        &self,
        actor: &Actor,
        category: CategoryId,
    ) -> ThreadsResult<bool> {
        if actor.moderates() {
            return Ok(true);
        }
        let listed: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM category_moderators WHERE category_id = $1 AND member_id = $2",
        )
        .bind(category)
        .bind(actor.id)
        .fetch_optional(p)
        .await)?;
        Ok(listed.is_some())
    }
}

/// Writes a post and its first revision.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_post(
    tx: &mut Tx,
    id: PostId,
    thread: ThreadId,
    number: i32,
    author: MemberId,
    reply_to: Option<PostId>,
    body: &str,
    html: &str,
    now: OffsetDateTime,
) -> ThreadsResult<()> {
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO posts (id, thread_id, number, author_id, reply_to, body, html, revision, \
             hidden, deleted, created_at, edited_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, FALSE, FALSE, $8, NULL)",
        )
        .bind(id)
        .bind(thread)
        .bind(number)
        .bind(author)
        .bind(reply_to)
        .bind(body)
        .bind(html)
        .bind(now)
    )?;
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO post_revisions (post_id, number, body, title, editor_id, reason, \
             created_at) VALUES ($1, 1, $2, NULL, $3, '', $4)",
        )
        .bind(id)
        .bind(body)
        .bind(author)
        .bind(now)
    )?;
    Ok(())
}

impl Threads {
    /// Every published listing, by name, for a form that links a thread to some.
    pub async fn listing_choices(&self) -> ThreadsResult<Vec<LinkedListing>> {
        let rows: Vec<(ListingRef, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, name FROM listing_facts WHERE status = 'published' ORDER BY name_key",
        )
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| LinkedListing { id, name })
            .collect())
    }
}
