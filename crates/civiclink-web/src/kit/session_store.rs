//! The session store, read through a cache: a page view reads its session from memory.
//!
//! Every request of a signed-in member loads their session. The stored sessions only change
//! when something in one changed (a login, a flash message, a logout, an hourly refresh of the
//! expiry), so the record read last is kept in a [`ReadCache`] and served until the next write
//! anywhere. Each write through this store announces itself ([`Db::announce_change`]), here and,
//! on PostgreSQL, to every other process: a logout on one process ends the session on all.

use civiclink_store::{Db, ReadCache};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

/// How many sessions are kept in memory at most. A record is a few hundred bytes.
const CAPACITY: usize = 20_000;

/// A session store whose loads are cached until the next write (see the module documentation).
#[derive(Clone)]
pub(crate) struct CachedStore<S> {
    inner: S,
    db: Db,
    records: std::sync::Arc<ReadCache<Id, Record>>,
}

impl<S> std::fmt::Debug for CachedStore<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedStore").finish_non_exhaustive()
    }
}

impl<S> CachedStore<S> {
    pub(crate) fn new(inner: S, db: Db) -> Self {
        Self {
            records: std::sync::Arc::new(db.read_cache(CAPACITY)),
            inner,
            db,
        }
    }

    /// Forgets the record here and tells every cache that the stored sessions changed.
    async fn changed(&self, id: &Id) -> session_store::Result<()> {
        self.records.forget(id);
        self.db
            .announce_change()
            .await
            .map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}

#[async_trait::async_trait]
impl<S> SessionStore for CachedStore<S>
where
    S: SessionStore + Clone,
{
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        self.inner.create(record).await?;
        self.changed(&record.id).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.inner.save(record).await?;
        self.changed(&record.id).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let record = self
            .records
            .get_or_load_found(id, || self.inner.load(id))
            .await?;
        // The stores read only unexpired sessions; a kept record expires in memory as well.
        Ok(record.filter(|r| r.expiry_date > OffsetDateTime::now_utc()))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        self.inner.delete(id).await?;
        self.changed(id).await
    }
}

#[async_trait::async_trait]
impl<S> tower_sessions::ExpiredDeletion for CachedStore<S>
where
    S: tower_sessions::ExpiredDeletion + Clone,
{
    async fn delete_expired(&self) -> session_store::Result<()> {
        // Expired records are never served from memory (`load` checks), so nothing to forget.
        self.inner.delete_expired().await
    }
}
