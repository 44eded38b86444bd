//! argon2id hashing, off the async runtime (a hash takes tens of milliseconds on purpose).

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use civiclink_domain::Password;

use crate::{AccountsError, AccountsResult};

pub(crate) async fn hash(password: &Password) -> AccountsResult<String> {
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
pub(crate) async fn verify(password: &str, stored: &str) -> AccountsResult<bool> {
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
pub(crate) async fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = match DUMMY.get() {
        Some(s) => s.clone(),
        None => {
            let random = crate::token::generate();
            let Ok(p) = Password::parse(&random.0) else {
                return;
            };
            let Ok(h) = hash(&p).await else { return };
            DUMMY.get_or_init(|| h).clone()
        }
    };
    let _ = verify(password, &stored).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() -> Result<(), Box<dyn std::error::Error>> {
        let p = Password::parse("a long enough password")?;
        let h = hash(&p).await?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("a long enough password", &h).await?);
        assert!(!verify("another password!", &h).await?);
        assert!(!verify("a long enough password", "garbage").await?);
        Ok(())
    }
}
