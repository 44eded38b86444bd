//! Secrets that every process of one site shares (a signing key, say). The first process to ask
//! for one makes it; the others, then and after a restart, read the same bytes.

use crate::{Db, StoreError, StoreResult, execute_db, now, on_db};

impl Db {
    /// The secret called `name`, `len` random bytes made and stored on first use. Two processes
    /// asking at once both end up with the one that was stored first.
    pub async fn shared_secret(&self, name: &str, len: usize) -> StoreResult<Vec<u8>> {
        let mut fresh = vec![0u8; len];
        getrandom::fill(&mut fresh).map_err(|e| StoreError::Randomness(e.to_string()))?;
        execute_db!(
            self,
            sqlx::query(
                "INSERT INTO shared_secrets (name, secret, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(&fresh)
            .bind(now())
        )?;
        let stored: Vec<u8> = on_db!(self, p => sqlx::query_scalar(
            "SELECT secret FROM shared_secrets WHERE name = $1",
        )
        .bind(name)
        .fetch_one(p)
        .await)?;
        Ok(stored)
    }
}
