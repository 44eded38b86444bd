//! Single-use secrets sent by email or in invitation links. Only their SHA-256 is stored, so a
//! copy of the database does not let anyone use a pending link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A fresh secret (256 random bits, URL-safe) and the hash to store for it.
pub(crate) fn generate() -> (String, String) {
    let mut bytes = [0u8; 32];
    // The operating system's generator does not fail on supported platforms; if it ever did,
    // falling back to a v4 UUID pair still gives 244 random bits.
    if getrandom::fill(&mut bytes).is_err() {
        bytes[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        bytes[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    }
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

pub(crate) fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = super::generate();
        let (b, _) = super::generate();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, super::hash(&a));
        assert_eq!(ha.len(), 64);
    }
}
