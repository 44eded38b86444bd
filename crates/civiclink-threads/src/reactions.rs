//! Reactions to posts, from a small fixed set, and bookmarks of threads.

use std::collections::HashMap;

use civiclink_domain::{Actor, MemberId, ValidationError};
use civiclink_store::{execute, on_db, sqlx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{PostId, ThreadId, Threads, ThreadsError, ThreadsEvent, ThreadsResult};

/// How a member reacts to a post.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Like,
    Thanks,
    Insightful,
    /// "We do this too."
    SameHere,
}

impl Reaction {
    pub const ALL: [Reaction; 4] = [
        Reaction::Like,
        Reaction::Thanks,
        Reaction::Insightful,
        Reaction::SameHere,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Like => "like",
            Reaction::Thanks => "thanks",
            Reaction::Insightful => "insightful",
            Reaction::SameHere => "same_here",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// How many members reacted to a post one way, and whether the viewer is one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReactionCount {
    pub reaction: Reaction,
    pub count: i64,
    pub mine: bool,
}

impl Threads {
    /// The reactions to each of `posts`: every reaction of the set, in the set's order.
    pub(crate) async fn reactions_of(
        &self,
        viewer: MemberId,
        posts: &[PostId],
    ) -> ThreadsResult<HashMap<PostId, Vec<ReactionCount>>> {
        let mut out: HashMap<PostId, Vec<ReactionCount>> = HashMap::new();
        if posts.is_empty() {
            return Ok(out);
        }
        let marks: Vec<String> = (2..posts.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT post_id, reaction, COUNT(*), \
             CAST(SUM(CASE WHEN member_id = $1 THEN 1 ELSE 0 END) AS BIGINT) \
             FROM post_reactions WHERE post_id IN ({}) GROUP BY post_id, reaction",
            marks.join(", ")
        );
        let rows: Vec<(PostId, String, i64, i64)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql).bind(viewer);
            for id in posts {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        for (post, reaction, count, mine) in rows {
            if let Some(reaction) = Reaction::parse(&reaction) {
                out.entry(post).or_default().push(ReactionCount {
                    reaction,
                    count,
                    mine: mine > 0,
                });
            }
        }
        // Every reaction of the set, for every post, in the set's order.
        for id in posts {
            let counts = out.entry(*id).or_default();
            for r in Reaction::ALL {
                if !counts.iter().any(|c| c.reaction == r) {
                    counts.push(ReactionCount {
                        reaction: r,
                        count: 0,
                        mine: false,
                    });
                }
            }
            counts.sort_by_key(|c| c.reaction);
        }
        Ok(out)
    }

    /// Reacts to a post the actor may see (`on`), or takes the reaction back. Not to one's own
    /// post. Returns the post's reactions as they now stand.
    pub async fn react(
        &self,
        actor: &Actor,
        post: PostId,
        reaction: &str,
        on: bool,
    ) -> ThreadsResult<Vec<ReactionCount>> {
        let reaction = Reaction::parse(reaction.trim())
            .ok_or(ValidationError::new("reaction", "invalid-choice"))?;
        let p = self.post(actor, post).await?;
        if p.author.id == actor.id {
            return Err(ThreadsError::Conflict("conflict-react-own"));
        }
        if p.deleted {
            return Err(ThreadsError::NotFound);
        }
        let mut tx = self.db.begin().await?;
        if on {
            let n = execute!(
                tx,
                sqlx::query(
                    "INSERT INTO post_reactions (post_id, member_id, reaction, created_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                )
                .bind(post)
                .bind(actor.id)
                .bind(reaction.as_str())
                .bind(civiclink_store::now())
            )?;
            if n > 0 {
                tx.emit(
                    p.thread_id.as_uuid(),
                    &ThreadsEvent::PostReacted {
                        post,
                        thread: p.thread_id,
                        author: p.author.id,
                        by: actor.id,
                        reaction: reaction.as_str().to_owned(),
                    },
                )
                .await?;
                tx.commit().await?;
            }
        } else {
            let n = execute!(
                tx,
                sqlx::query(
                    "DELETE FROM post_reactions WHERE post_id = $1 AND member_id = $2 \
                     AND reaction = $3",
                )
                .bind(post)
                .bind(actor.id)
                .bind(reaction.as_str())
            )?;
            if n > 0 {
                tx.commit().await?;
            }
        }
        Ok(self
            .reactions_of(actor.id, &[post])
            .await?
            .remove(&post)
            .unwrap_or_default())
    }

    /// Bookmarks a thread the actor may see (`on`), or takes the bookmark off.
    pub async fn bookmark(&self, actor: &Actor, thread: ThreadId, on: bool) -> ThreadsResult<()> {
        self.thread_row(actor, thread).await?;
        let mut tx = self.db.begin().await?;
        let n = if on {
            execute!(
                tx,
                sqlx::query(
                    "INSERT INTO thread_bookmarks (member_id, thread_id, created_at) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(actor.id)
                .bind(thread)
                .bind(civiclink_store::now())
            )?
        } else {
            execute!(
                tx,
                sqlx::query("DELETE FROM thread_bookmarks WHERE member_id = $1 AND thread_id = $2")
                    .bind(actor.id)
                    .bind(thread)
            )?
        };
        if n > 0 {
            tx.commit().await?;
        }
        Ok(())
    }

    /// Whether the actor bookmarked the thread.
    pub(crate) async fn bookmarked(
        &self,
        member: MemberId,
        thread: ThreadId,
    ) -> ThreadsResult<bool> {
        let found: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM thread_bookmarks WHERE member_id = $1 AND thread_id = $2",
        )
        .bind(member)
        .bind(thread)
        .fetch_optional(p)
        .await)?;
        Ok(found.is_some())
    }
}
