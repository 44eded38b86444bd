//! argon2id hashing, off the async runtime (a hash takes tens of milliseconds on purpose).
//!
//! Every hash holds a permit of the service's [`HashPermits`]: when all are taken the caller is
//! told at once ([`AccountsError::Busy`]), so a flood of logins or sign-ups is refused quickly
//! instead of queueing behind the CPU until every request times out.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use civiclink_domain::Password;

use tokio::sync::Semaphore;

use crate::{AccountsError, AccountsResult};

/// How many password hashes may run at once, and how many permits that is in all.
#[derive(Debug)]
pub(crate) struct HashPermits {
    slots: std::sync::Arc<Semaphore>,
    #[cfg(feature = "testing")]
    total: u32,
}

impl HashPermits {
    pub(crate) fn new(permits: usize) -> Self {
        let n = u32::try_from(permits.max(1))
            .unwrap_or(u32::MAX)
            .min(1 << 16);
        Self {
            slots: std::sync::Arc::new(Semaphore::new(n as usize)),
            #[cfg(feature = "testing")]
            total: n,
        }
    }

    /// Every permit, once the hashes now running are done: the server is saturated for as
    /// long as the guard lives.
    #[cfg(feature = "testing")]
    pub(crate) async fn hold_all(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.slots.clone().acquire_many_owned(self.total).await.ok()
    }

    fn take(&self) -> AccountsResult<tokio::sync::SemaphorePermit<'_>> {
        self.slots.try_acquire().map_err(|_| AccountsError::Busy)
    }
}

pub(crate) async fn hash(permits: &HashPermits, password: &Password) -> AccountsResult<String> {
    let _permit = permits.take()?;
    let pw = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AccountsError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| AccountsError::Hash(e.to_string()))?
}

/// Whether `password` matches the stored PHC string. A malformed stored hash never matches.
pub(crate) async fn verify(
    permits: &HashPermits,
    password: &str,
    stored: &str,
) -> AccountsResult<bool> {
    let _permit = permits.take()?;
    let pw = password.to_owned();
    let stored = stored.to_owned();
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(pw.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| AccountsError::Hash(e.to_string()))
}

/// A valid hash of a random password, verified against when an email is unknown so that a
/// login attempt takes the same time whether or not the account exists.
pub(crate) async fn dummy_verify(permits: &HashPermits, password: &str) -> AccountsResult<()> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = match DUMMY.get() {
        Some(s) => s.clone(),
        None => {
            let random = crate::token::generate();
            let p = Password::parse(&random.0)?;
            let h = hash(permits, &p).await?;
            DUMMY.get_or_init(|| h).clone()
        }
    };
    verify(permits, password, &stored).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() -> Result<(), Box<dyn std::error::Error>> {
        let permits = HashPermits::new(2);
        let p = Password::parse("a long enough password")?;
        let h = hash(&permits, &p).await?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&permits, "a long enough password", &h).await?);
        assert!(!verify(&permits, "another password!", &h).await?);
        assert!(!verify(&permits, "a long enough password", "garbage").await?);
        Ok(())
    }

    #[tokio::test]
    async fn a_hash_beyond_the_permits_is_refused_at_once() -> Result<(), Box<dyn std::error::Error>>
    {
        let permits = HashPermits::new(1);
        let p = Password::parse("a long enough password")?;
        let held = permits.take()?;
        assert!(matches!(hash(&permits, &p).await, Err(AccountsError::Busy)));
        assert!(matches!(
            verify(&permits, "a long enough password", "x").await,
            Err(AccountsError::Busy)
        ));
        drop(held);
        assert!(hash(&permits, &p).await.is_ok());
        Ok(())
    }
}
