//! The outbox: an append-only `events` table written in the transaction of the change it
//! describes, and durable per-consumer cursors that follow it.
//!
//! Ordering guarantee: a consumer that has seen position `p` will never later see a committed
//! event with a position below `p`. SQLite has one writer at a time, so positions commit in
//! order. On PostgreSQL concurrent transactions could commit out of position order; appends
//! therefore take a transaction-scoped advisory lock before drawing a position, which is
//! released only after the transaction is visible. A later appender draws its position after
//! every earlier one has committed or rolled back, so no gap is ever filled in later.

use std::time::Duration;

use futures_util::future::BoxFuture;

use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{CHANGES_CHANNEL, EVENTS_CHANNEL};
use crate::{Backend, Db, Pool, StoreError, StoreResult, Tx, execute, now, on_db, on_tx};

/// The advisory lock key that serialises outbox appends on PostgreSQL ("CIVLINK" in ASCII).
const APPEND_LOCK_KEY: i64 = 0x0043_4956_4C49_4E4B;

/// One committed event.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Event {
    pub position: i64,
    pub kind: String,
    pub entity_id: Uuid,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    pub created_at: OffsetDateTime,
}

impl Tx {
    /// Appends an untyped event, for tests that write what a capability would (or what no
    /// capability may: a payload that does not decode). Capabilities emit typed events with
    /// [`Tx::emit`].
    #[cfg(feature = "testing")]
    pub async fn append(
        &mut self,
        kind: &str,
        entity_id: Uuid,
        payload: &impl serde::Serialize,
    ) -> StoreResult<i64> {
        let payload = serde_json::to_value(payload).map_err(StoreError::corrupt)?;
        self.append_value(kind, entity_id, payload).await
    }

    /// Appends an event that commits or rolls back with this transaction. Returns its position.
    pub(crate) async fn append_value(
        &mut self,
        kind: &str,
        entity_id: Uuid,
        payload: serde_json::Value,
    ) -> StoreResult<i64> {
        if self.backend() == Backend::Postgres && !self.appended {
            on_tx!(self, c => {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(APPEND_LOCK_KEY)
                    .execute(&mut *c)
                    .await?;
                // NOTIFY is delivered at commit and dropped on rollback; duplicates in one
                // transaction are folded into one by PostgreSQL.
                sqlx::query("SELECT pg_notify($1, '')")
                    .bind(EVENTS_CHANNEL)
                    .execute(&mut *c)
                    .await?;
            });
        }
        let position: i64 = on_tx!(self, c => sqlx::query_scalar(
            "INSERT INTO events (kind, entity_id, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING position",
        )
        .bind(kind)
        .bind(entity_id)
        .bind(Json(&payload))
        .bind(now())
        .fetch_one(&mut *c)
        .await)?;
        self.appended = true;
        Ok(position)
    }
}

/// Reads the outbox and moves consumers' cursors.
#[derive(Clone, Debug)]
pub struct Outbox {
    db: Db,
}

impl Db {
    pub fn outbox(&self) -> Outbox {
        Outbox { db: self.clone() }
    }
}

impl Outbox {
    /// Committed events after `after`, oldest first.
    pub async fn read_after(&self, after: i64, limit: i64) -> StoreResult<Vec<Event>> {
        Ok(on_db!(self.db, p => sqlx::query_as::<_, Event>(
            "SELECT position, kind, entity_id, payload, created_at FROM events WHERE position > $1 ORDER BY position LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }

    /// The newest position, or 0 for an empty outbox.
    pub async fn head(&self) -> StoreResult<i64> {
        Ok(on_db!(self.db, p => sqlx::query_scalar::<_, i64>(
            "SELECT COALESCE(MAX(position), 0) FROM events",
        )
        .fetch_one(p)
        .await)?)
    }

    /// Where `consumer` stands: the last position it processed, 0 if it never ran.
    pub async fn cursor(&self, consumer: &str) -> StoreResult<i64> {
        let pos: Option<i64> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT position FROM event_cursors WHERE consumer = $1",
        )
        .bind(consumer)
        .fetch_optional(p)
        .await)?;
        Ok(pos.unwrap_or(0))
    }

    /// Processes the next batch of at most `limit` events for `consumer`, exactly once with
    /// respect to the database: the handler's writes in `tx` and the cursor move commit together,
    /// or neither does. Effects outside the database are at-least-once, so make them idempotent.
    ///
    /// The cursor row is written first, which takes its lock (a row lock on PostgreSQL, the write
    /// lock on SQLite), so two processes never handle the same batch. Returns how many events were
    /// handled; 0 means the consumer is caught up.
    pub async fn process_batch<E>(
        &self,
        consumer: &str,
        limit: i64,
        handler: impl for<'a> FnOnce(&'a mut Tx, &'a [Event]) -> BoxFuture<'a, Result<(), E>>,
    ) -> Result<usize, E>
    where
        E: From<StoreError>,
    {
        let mut tx = self.db.begin().await?;
        let after: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "INSERT INTO event_cursors (consumer, position, updated_at) VALUES ($1, 0, $2) \
             ON CONFLICT (consumer) DO UPDATE SET updated_at = excluded.updated_at \
             RETURNING position",
        )
        .bind(consumer)
        .bind(now())
        .fetch_one(&mut *c)
        .await)
        .map_err(StoreError::from)?;
        let events: Vec<Event> = on_tx!(tx, c => sqlx::query_as::<_, Event>(
            "SELECT position, kind, entity_id, payload, created_at FROM events WHERE position > $1 ORDER BY position LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *c)
        .await)
        .map_err(StoreError::from)?;
        let Some(last) = events.last().map(|e| e.position) else {
            tx.rollback().await?;
            return Ok(0);
        };
        handler(&mut tx, &events).await?;
        execute!(
            tx,
            sqlx::query(
                "UPDATE event_cursors SET position = $2, updated_at = $3 WHERE consumer = $1",
            )
            .bind(consumer)
            .bind(last)
            .bind(now())
        )
        .map_err(StoreError::from)?;
        tx.commit().await?;
        Ok(events.len())
    }

    /// Waits until new events may have been committed, or `timeout` passes, whichever is first.
    /// The wake-up is a hint: callers read the outbox afterwards in any case, which is what makes
    /// a missed notification harmless.
    pub async fn wait(&self, timeout: Duration) {
        let _ = tokio::time::timeout(timeout, self.db.wake().notified()).await;
    }

    /// Follows the outbox for `consumer` until the task is dropped: handles batches while there
    /// are any, then sleeps until woken (by a local commit or PostgreSQL's NOTIFY) or until
    /// `poll` passes. Errors are logged and retried with backoff; the cursor only moves on success.
    pub async fn follow<E>(
        &self,
        consumer: &str,
        batch: i64,
        poll: Duration,
        mut handler: impl for<'a> FnMut(&'a mut Tx, &'a [Event]) -> BoxFuture<'a, Result<(), E>>,
    ) where
        E: From<StoreError> + std::fmt::Display,
    {
        let mut backoff = Duration::from_millis(100);
        loop {
            let notified = self.db.wake().notified();
            tokio::pin!(notified);
            // Register interest before reading, so a commit between the read and the wait
            // still wakes us.
            notified.as_mut().enable();
            match self
                .process_batch(consumer, batch, |tx, events| handler(tx, events))
                .await
            {
                Ok(0) => {
                    backoff = Duration::from_millis(100);
                    let _ = tokio::time::timeout(poll, notified).await;
                }
                Ok(_) => backoff = Duration::from_millis(100),
                Err(e) => {
                    // Stopped at this position (a payload that does not decode, a database
                    // error) until it succeeds: nothing after it is handled before it.
                    tracing::error!(consumer, error = %e, "outbox consumer failed; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                }
            }
        }
    }

    /// On PostgreSQL, listens for NOTIFY from other processes: wakes local followers when they
    /// appended events, and puts read caches out of date on any write. Until it listens, and
    /// whenever its connection is lost, read caches are bypassed ([`crate::ReadCache`]).
    /// Returns at once on SQLite (one process owns the file). Runs until the task is dropped;
    /// a lost connection is re-established, and polling covers the gap for followers.
    pub async fn listen(&self) {
        let Pool::Postgres(pool) = self.db.pool() else {
            return;
        };
        let changes = self.db.changes().clone();
        loop {
            match sqlx::postgres::PgListener::connect_with(pool).await {
                Ok(mut listener) => {
                    if let Err(e) = listener.listen_all([EVENTS_CHANNEL, CHANGES_CHANNEL]).await {
                        tracing::warn!(error = %e, "cannot listen for outbox notifications");
                    } else {
                        changes.set_live(true);
                        // What was committed while nobody listened: followers read it now.
                        self.db.wake().notify_waiters();
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(n)) => {
                                    changes.bump();
                                    if n.channel() == EVENTS_CHANNEL {
                                        self.db.wake().notify_waiters();
                                    }
                                }
                                Ok(None) | Err(_) => {
                                    changes.set_live(false);
                                    tracing::warn!("outbox listener lost its connection");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot connect the outbox listener"),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}
