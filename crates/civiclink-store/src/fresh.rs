//! Read caches that are never stale in the process that wrote, and stale on another process
//! only until PostgreSQL's notification of the write reaches it.
//!
//! A page view reads the same few rows again and again (the session, the member signed in,
//! who they blocked) and each read is a round trip to the database. A [`ReadCache`] keeps what
//! was read, stamped with the *generation*: the count of writes this process knows of. A
//! value is served only while the generation is the one it was read at, so one rule covers
//! every cache, with no list of which change touches which entry:
//!
//! - every committed [`crate::Tx`] moves the generation on in its process, after the commit;
//! - on PostgreSQL every such commit also sends a NOTIFY, and each other process moves its
//!   generation on when the notification arrives ([`crate::Outbox::listen`]);
//! - while that listener is not connected (at start, or after it lost its connection) the
//!   caches are not trusted at all: every read goes to the database. A reconnect moves the
//!   generation on, since anything may have been written in the gap;
//! - a value is stamped with the generation read *before* the database was asked, so a write
//!   that commits while a read is under way leaves that read's value already out of date.
//!
//! Writes to cached data must therefore go through a `Tx` (or call [`Db::announce_change`]
//! after they commit, as the session store does). Writes between commit and notification on
//! another process are the only window in which a value can be stale: milliseconds.

use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::db::CHANGES_CHANNEL;
use crate::{Db, Pool, StoreResult, execute_db};

/// The generation of this process's view of the database, and whether it can be trusted.
#[derive(Debug)]
pub(crate) struct Changes {
    generation: AtomicU64,
    /// False while another process could write without this one hearing of it.
    live: AtomicBool,
}

impl Changes {
    pub(crate) fn new(live: bool) -> Self {
        Self {
            generation: AtomicU64::new(0),
            live: AtomicBool::new(live),
        }
    }

    /// The current generation, or `None` when cached values must not be used.
    fn current(&self) -> Option<u64> {
        // The generation is read first: a bump that follows cannot be missed by the caller,
        // who compares it again before trusting anything.
        let generation = self.generation.load(Ordering::Acquire);
        self.live.load(Ordering::Acquire).then_some(generation)
    }

    pub(crate) fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn set_live(&self, live: bool) {
        // Out of date either way: what was cached before a loss was not watched during it.
        self.bump();
        self.live.store(live, Ordering::Release);
        self.bump();
    }
}

/// A bounded cache of values read from the database, valid until the next write (see the
/// module documentation).
pub struct ReadCache<K, V> {
    entries: quick_cache::sync::Cache<K, (u64, V)>,
    changes: Arc<Changes>,
}

impl<K, V> std::fmt::Debug for ReadCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCache").finish_non_exhaustive()
    }
}

impl<K, V> ReadCache<K, V>
where
    K: Eq + Hash + Clone,
    V: Clone,
{
    /// The cached value of `key` if it is current, else what `load` reads (kept for next time).
    /// `load` must read the database, not a cache: its answer is stamped as current.
    pub async fn get_or_load<E, F, Fut>(&self, key: &K, load: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let Some(generation) = self.changes.current() else {
            return load().await;
        };
        if let Some((stamp, value)) = self.entries.get(key)
            && stamp == generation
        {
            return Ok(value);
        }
        let value = load().await?;
        self.entries
            .insert(key.clone(), (generation, value.clone()));
        Ok(value)
    }

    /// Like [`ReadCache::get_or_load`] for a value that may be absent: only a value that was
    /// found is kept, so that keys which match nothing (a stranger's guesses) take no room.
    pub async fn get_or_load_found<E, F, Fut>(&self, key: &K, load: F) -> Result<Option<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Option<V>, E>>,
    {
        let Some(generation) = self.changes.current() else {
            return load().await;
        };
        if let Some((stamp, value)) = self.entries.get(key)
            && stamp == generation
        {
            return Ok(Some(value));
        }
        let found = load().await?;
        if let Some(value) = &found {
            self.entries
                .insert(key.clone(), (generation, value.clone()));
        }
        Ok(found)
    }

    /// Forgets `key` here (other processes hear of the write that made this necessary).
    pub fn forget(&self, key: &K) {
        self.entries.remove(key);
    }

    /// How many entries are held, current or not.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Db {
    /// A read cache of at most `capacity` entries, valid until the next write.
    pub fn read_cache<K, V>(&self, capacity: usize) -> ReadCache<K, V>
    where
        K: Eq + Hash + Clone,
        V: Clone,
    {
        ReadCache {
            entries: quick_cache::sync::Cache::new(capacity.max(1)),
            changes: self.changes.clone(),
        }
    }

    /// Tells every cache, here and (on PostgreSQL) in other processes, that something was
    /// written outside a [`crate::Tx`]: by a library with its own queries, such as the session
    /// store. Call it after that write committed.
    pub async fn announce_change(&self) -> StoreResult<()> {
        self.changes.bump();
        if let Pool::Postgres(_) = self.pool() {
            execute_db!(
                self,
                sqlx::query("SELECT pg_notify($1, '')").bind(CHANGES_CHANNEL)
            )?;
        }
        Ok(())
    }

    /// Whether read caches are used now: always on SQLite; on PostgreSQL while the listener
    /// hears other processes' writes.
    pub fn caches_trusted(&self) -> bool {
        self.changes.current().is_some()
    }

    pub(crate) fn changes(&self) -> &Arc<Changes> {
        &self.changes
    }
}
