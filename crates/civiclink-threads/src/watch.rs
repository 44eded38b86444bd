//! How closely a member follows a thread or a category: muted, normal (the default: replies to
//! them), watching the first post (a category's new threads) or watching (every post). Opening
//! a thread watches it.

use civiclink_domain::{Actor, MemberId};
use civiclink_store::{Tx, execute, on_db, sqlx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{CategoryId, ThreadId, Threads, ThreadsResult};

/// How closely a member follows a thread or a category.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WatchLevel {
    /// Nothing from it, not even replies to them.
    Muted,
    /// Replies to them and accepted answers of theirs.
    #[default]
    Normal,
    /// Also every new thread (a category's level; on a thread it is normal).
    WatchingFirst,
    /// Also every post.
    Watching,
}

impl WatchLevel {
    pub const ALL: [WatchLevel; 4] = [
        WatchLevel::Muted,
        WatchLevel::Normal,
        WatchLevel::WatchingFirst,
        WatchLevel::Watching,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WatchLevel::Muted => "muted",
            WatchLevel::Normal => "normal",
            WatchLevel::WatchingFirst => "watching_first",
            WatchLevel::Watching => "watching",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Sets `member`'s level on `thread` inside `tx` (normal removes the row).
pub(crate) async fn set_thread_level(
    tx: &mut Tx,
    member: MemberId,
    thread: ThreadId,
    level: WatchLevel,
) -> ThreadsResult<()> {
    if level == WatchLevel::Normal {
        execute!(
            tx,
            sqlx::query("DELETE FROM thread_watches WHERE member_id = $1 AND thread_id = $2")
                .bind(member)
                .bind(thread)
        )?;
    } else {
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO thread_watches (member_id, thread_id, level) VALUES ($1, $2, $3) \
                 ON CONFLICT (member_id, thread_id) DO UPDATE SET level = excluded.level",
            )
            .bind(member)
            .bind(thread)
            .bind(level.as_str())
        )?;
    }
    Ok(())
}

impl Threads {
    /// The actor's level on a thread they may see.
    pub async fn thread_level(&self, actor: &Actor, thread: ThreadId) -> ThreadsResult<WatchLevel> {
        self.thread_row(actor, thread).await?;
        let level: Option<String> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT level FROM thread_watches WHERE member_id = $1 AND thread_id = $2",
        )
        .bind(actor.id)
        .bind(thread)
        .fetch_optional(p)
        .await)?;
        Ok(level
            .as_deref()
            .and_then(WatchLevel::parse)
            .unwrap_or_default())
    }

    /// Sets the actor's level on a thread they may see.
    pub async fn watch_thread(
        &self,
        actor: &Actor,
        thread: ThreadId,
        level: WatchLevel,
    ) -> ThreadsResult<()> {
        self.thread_row(actor, thread).await?;
        let mut tx = self.db.begin().await?;
        set_thread_level(&mut tx, actor.id, thread, level).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The actor's level on a category they may see.
    pub async fn category_level(
        &self,
        actor: &Actor,
        category: CategoryId,
    ) -> ThreadsResult<WatchLevel> {
        self.category(actor, &category.to_string()).await?;
        let level: Option<String> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT level FROM category_watches WHERE member_id = $1 AND category_id = $2",
        )
        .bind(actor.id)
        .bind(category)
        .fetch_optional(p)
        .await)?;
        Ok(level
            .as_deref()
            .and_then(WatchLevel::parse)
            .unwrap_or_default())
    }

    /// Sets the actor's level on a category they may see.
    pub async fn watch_category(
        &self,
        actor: &Actor,
        category: CategoryId,
        level: WatchLevel,
    ) -> ThreadsResult<()> {
        self.category(actor, &category.to_string()).await?;
        let mut tx = self.db.begin().await?;
        if level == WatchLevel::Normal {
            execute!(
                tx,
                sqlx::query(
                    "DELETE FROM category_watches WHERE member_id = $1 AND category_id = $2",
                )
                .bind(actor.id)
                .bind(category)
            )?;
        } else {
            execute!(
                tx,
                sqlx::query(
                    "INSERT INTO category_watches (member_id, category_id, level) \
                     VALUES ($1, $2, $3) ON CONFLICT (member_id, category_id) \
                     DO UPDATE SET level = excluded.level",
                )
                .bind(actor.id)
                .bind(category)
                .bind(level.as_str())
            )?;
        }
        tx.commit().await?;
        Ok(())
    }
}
