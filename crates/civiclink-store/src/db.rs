use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::fresh::Changes;
use crate::{StoreError, StoreResult};

/// The channel PostgreSQL uses to tell every process that new events were committed.
pub(crate) const EVENTS_CHANNEL: &str = "civiclink_events";
/// The channel of commits that appended no event: other processes' read caches are out of date.
pub(crate) const CHANGES_CHANNEL: &str = "civiclink_changes";

/// Which SQL dialect is live. Code that must differ per backend matches on this, by name,
/// instead of sniffing strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A typed connection pool of either backend. Public so that [`on_db!`] can expand in other
/// crates and so the web edge can hand the matching pool to its session store.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The database: a pool, the in-process wake-up for outbox followers, and the generation that
/// tells read caches whether what they hold is current (see [`crate::ReadCache`]).
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    wake: Arc<Notify>,
    pub(crate) changes: Arc<Changes>,
}

/// The current time as the database keeps it: UTC, truncated to microseconds so that a value
/// reads back identically from PostgreSQL's `timestamptz` and SQLite's text.
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1_000 * 1_000)
        .unwrap_or(t)
}

/// Runs the same query text against whichever typed pool is live. Both arms must have one
/// type, so map an `execute` result to `rows_affected()`.
///
/// ```ignore
/// let n: i64 = on_db!(db, p => sqlx::query_scalar("SELECT count(*) FROM members").fetch_one(p).await)?;
/// ```
#[macro_export]
macro_rules! on_db {
    ($db:expr, $p:ident => $body:expr) => {
        match $db.pool() {
            $crate::Pool::Sqlite($p) => $body,
            $crate::Pool::Postgres($p) => $body,
        }
    };
}

/// Runs the same query text inside a transaction of either backend; `$c` is the connection.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx.inner_mut() {
            $crate::TxInner::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::TxInner::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Executes a statement (`INSERT`, `UPDATE`, `DELETE`) on whichever pool is live and returns
/// how many rows it changed.
///
/// ```ignore
/// let n = execute_db!(db, sqlx::query("DELETE FROM blocks WHERE blocker = $1").bind(me))?;
/// ```
#[macro_export]
macro_rules! execute_db {
    ($db:expr, $query:expr) => {
        $crate::on_db!($db, p => $query.execute(p).await.map(|r| r.rows_affected()))
    };
}

/// Executes a statement inside a transaction of either backend and returns how many rows it
/// changed.
///
/// ```ignore
/// let n = execute!(tx, sqlx::query("DELETE FROM blocks WHERE blocker = $1").bind(me))?;
/// ```
#[macro_export]
macro_rules! execute {
    ($tx:expr, $query:expr) => {
        $crate::on_tx!($tx, c => $query.execute(&mut *c).await.map(|r| r.rows_affected()))
    };
}

impl Db {
    /// Connects to `sqlite://…` (the file is created on first use) or `postgres://…`.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Self> {
        let pool = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::Config(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: an acknowledged commit survives a power cut, not just a process crash.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Up to 32 MiB of pages per connection (the default is 2 MB): a directory page
                // reads a few hundred pages spread over several tables, and at 100k members
                // those miss a small cache and go back to the operating system.
                .pragma("cache_size", "-32768")
                // Reads of the first 256 MiB of the file go through a shared memory map, not a
                // copy into the page cache above on each miss. This is address space, not
                // memory taken: the mapped pages are the operating system's file cache, shared by
                // every connection and process, and reclaimable. Safe with WAL: pages newer than
                // the last checkpoint are still read from the WAL file, and the map sees the
                // checkpoint's writes (a shared mapping is coherent with `write` on Linux and
                // the BSDs). The price: an I/O error on a mapped page kills the process with
                // SIGBUS instead of failing the query.
                .pragma("mmap_size", "268435456");
            if let Some(dir) = Path::new(opts.get_filename()).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(2))
                // A connection to a local file does not go stale: the ping that would test it
                // before each use is one more round trip to its worker thread per query (about
                // a third of a page's database time).
                .test_before_acquire(false)
                .connect_with(opts)
                .await?;
            Pool::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let opts =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::Config(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.max(2))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Pool::Postgres(pool)
        } else {
            return Err(StoreError::Config(
                "the database url must start with sqlite:// or postgres://".into(),
            ));
        };
        // One process owns a SQLite file, so it hears of every write. On PostgreSQL other
        // processes write too: caches wait for the listener to hear them.
        let live = matches!(pool, Pool::Sqlite(_));
        Ok(Self {
            pool,
            wake: Arc::new(Notify::new()),
            changes: Arc::new(Changes::new(live)),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    #[doc(hidden)]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The typed pool, for libraries that need one of their own (the session store).
    pub fn typed_pool(&self) -> &Pool {
        &self.pool
    }

    /// Brings the schema up to date. Safe to run from several processes at once: sqlx takes an
    /// advisory lock on PostgreSQL and SQLite serialises writers.
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("../../migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("../../migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> StoreResult<()> {
        on_db!(self, p => sqlx::query("SELECT 1").execute(p).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Begins a write transaction. On SQLite it is `BEGIN IMMEDIATE`, so that a transaction that
    /// reads before it writes waits for the write lock instead of failing on upgrade.
    pub async fn begin(&self) -> StoreResult<Tx> {
        let inner = match &self.pool {
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx {
            inner,
            wake: self.wake.clone(),
            changes: self.changes.clone(),
            appended: false,
        })
    }

    /// The signal that events may have been committed: notified by every commit of this
    /// process that appended one and, on PostgreSQL, by [`crate::Outbox::listen`] for other
    /// processes' commits. Followers wait on it between batches.
    pub fn wake(&self) -> &Arc<Notify> {
        &self.wake
    }

    pub async fn close(&self) {
        on_db!(self, p => p.close().await)
    }
}

#[doc(hidden)]
pub enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A write transaction on either backend. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    inner: TxInner,
    wake: Arc<Notify>,
    changes: Arc<Changes>,
    pub(crate) appended: bool,
}

impl Tx {
    #[doc(hidden)]
    pub fn inner_mut(&mut self) -> &mut TxInner {
        &mut self.inner
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Commits, then puts this process's read caches out of date and wakes its outbox followers
    /// if the transaction appended events. Other processes hear of it through PostgreSQL's
    /// NOTIFY, which is delivered at commit: on the events channel when events were appended,
    /// else on the changes channel.
    pub async fn commit(mut self) -> StoreResult<()> {
        if !self.appended
            && let TxInner::Postgres(t) = &mut self.inner
        {
            sqlx::query("SELECT pg_notify($1, '')")
                .bind(CHANGES_CHANNEL)
                .execute(&mut **t)
                .await?;
        }
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        self.changes.bump();
        if self.appended {
            self.wake.notify_waiters();
        }
        Ok(())
    }

    pub async fn rollback(self) -> StoreResult<()> {
        match self.inner {
            TxInner::Sqlite(t) => t.rollback().await?,
            TxInner::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}
