//! Storage for CivicLink: one code path over SQLite (embedded default) and PostgreSQL (scale).
//!
//! [`Db`] wraps a typed pool of either backend. Domain crates write each query once and run it
//! with [`on_db!`] or [`on_tx!`], which expand the same query text against whichever typed
//! pool is live, so PostgreSQL keeps its native `uuid`, `timestamptz` and `jsonb` while SQLite
//! stores blobs and text. Where the dialects really differ, the difference is isolated in a
//! function named for it (see [`Backend`]).
//!
//! Every change that other parts of the system react to appends an event to the outbox
//! ([`Tx::emit`], typed by each capability with [`events!`]) in the same transaction; consumers
//! follow it with [`Outbox`] and decode what they read with [`DomainEvent::decode`].

mod audit;
mod db;
mod error;
mod events;
mod fresh;
mod outbox;
mod rate_limit;
mod secrets;

pub use audit::{AuditAction, AuditFilter, AuditRecord};
pub use db::{Backend, Db, Pool, Tx, TxInner, now};
pub use error::{StoreError, StoreResult};
pub use events::{DomainEvent, Subject};
pub use fresh::ReadCache;
pub use outbox::{Event, Outbox};
pub use rate_limit::RateLimitDecision;

/// Re-exported so that domain crates name the same sqlx the store was built with.
pub use sqlx;

#[cfg(feature = "testing")]
pub mod testing;
