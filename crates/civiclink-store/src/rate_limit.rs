//! Fixed-window rate limiting in the database, so that every process behind a proxy counts the
//! same hits. One upsert per hit; old windows are swept by [`Db::sweep_rate_limits`].

use crate::{Db, StoreResult, execute_db, now, on_db};

/// The answer to one hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitDecision {
    pub allowed: bool,
    /// Seconds until the current window ends; what a 429 puts in `Retry-After`.
    pub retry_after_secs: u64,
}

/// The fixed window that holds the present moment.
struct Window {
    /// When it started (Unix seconds): the counter's key beside the limit's.
    start: i64,
    /// Seconds until it ends, at least one.
    left: u64,
}

impl Window {
    fn now(window_secs: u32) -> Self {
        let window = i64::from(window_secs.max(1));
        let t = now().unix_timestamp();
        let start = t - t.rem_euclid(window);
        Self {
            start,
            left: u64::try_from(start + window - t).unwrap_or(1).max(1),
        }
    }

    fn decide(&self, allowed: bool) -> RateLimitDecision {
        RateLimitDecision {
            allowed,
            retry_after_secs: self.left,
        }
    }
}

impl Db {
    /// Counts one hit against `key` and says whether it stays within `max` per `window_secs`.
    pub async fn hit_rate_limit(
        &self,
        key: &str,
        max: u32,
        window_secs: u32,
    ) -> StoreResult<RateLimitDecision> {
        let w = Window::now(window_secs);
        let hits: i64 = on_db!(self, p => sqlx::query_scalar(
            "INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
             RETURNING hits",
        )
        .bind(key)
        .bind(w.start)
        .fetch_one(p)
        .await)?;
        Ok(w.decide(hits <= i64::from(max)))
    }

    /// Whether `key` is still within `max` per `window_secs`, without counting a hit: for
    /// limits that count only failures, and must refuse before the attempt is even judged.
    pub async fn peek_rate_limit(
        &self,
        key: &str,
        max: u32,
        window_secs: u32,
    ) -> StoreResult<RateLimitDecision> {
        let w = Window::now(window_secs);
        let hits: Option<i64> = on_db!(self, p => sqlx::query_scalar(
            "SELECT hits FROM rate_limits WHERE key = $1 AND window_start = $2",
        )
        .bind(key)
        .bind(w.start)
        .fetch_optional(p)
        .await)?;
        Ok(w.decide(hits.unwrap_or(0) < i64::from(max)))
    }

    /// Deletes windows that ended more than an hour ago.
    pub async fn sweep_rate_limits(&self) -> StoreResult<u64> {
        let cutoff = now().unix_timestamp() - 3600;
        let done = execute_db!(
            self,
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1").bind(cutoff)
        )?;
        Ok(done)
    }
}
