//! What every handler can reach: the capability services, the database and the edge's
//! configuration, with the rate-limit check that most doors use.

use std::sync::Arc;

use civiclink_accounts::Accounts;
use civiclink_store::Db;

use crate::kit::client_addr::TrustedProxies;
use crate::kit::error::AppError;

/// The most a request body may be, except for the photo uploads.
pub(crate) const BODY_LIMIT: usize = 1024 * 1024;

/// A limit of `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub max: u32,
    pub window_secs: u32,
}

/// Rate limits on the doors that face the public (per client address and per account) and on
/// costly member actions.
#[derive(Clone, Debug)]
pub struct RateLimits {
    pub login_per_ip: Rule,
    pub login_per_account: Rule,
    pub join_per_ip: Rule,
    pub reset_per_ip: Rule,
    pub reset_per_account: Rule,
    /// Photo uploads per member: each one is decoded and re-encoded, which costs memory and CPU.
    pub avatar_per_account: Rule,
    /// Refused API tokens per client address; past it, the address's tokens are not looked at.
    pub token_failures_per_ip: Rule,
    /// API tokens made per member.
    pub token_create_per_account: Rule,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            login_per_ip: Rule {
                max: 30,
                window_secs: 300,
            },
            login_per_account: Rule {
                max: 10,
                window_secs: 900,
            },
            join_per_ip: Rule {
                max: 10,
                window_secs: 3600,
            },
            reset_per_ip: Rule {
                max: 10,
                window_secs: 3600,
            },
            reset_per_account: Rule {
                max: 5,
                window_secs: 3600,
            },
            avatar_per_account: Rule {
                max: 20,
                window_secs: 3600,
            },
            token_failures_per_ip: Rule {
                max: 30,
                window_secs: 300,
            },
            token_create_per_account: Rule {
                max: 20,
                window_secs: 3600,
            },
        }
    }
}

#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Cookies carry `Secure` (set when the public URL is https).
    pub cookie_secure: bool,
    /// The proxies whose `X-Forwarded-For` names the client (none: the socket's peer is).
    pub trusted_proxies: TrustedProxies,
    pub limits: RateLimits,
    /// A bearer token that unlocks `/metrics` for scrapers that are not on this host.
    pub metrics_token: Option<String>,
}

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub accounts: Accounts,
    pub people: civiclink_people::People,
    pub db: Db,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(accounts: Accounts, people: civiclink_people::People, config: WebConfig) -> Self {
        Self {
            db: accounts.db().clone(),
            accounts,
            people,
            config: Arc::new(config),
        }
    }

    /// Counts a hit for `key` under `rule`; a 429 with `Retry-After` once the rule is exceeded.
    pub(crate) async fn limit(&self, key: &str, rule: Rule) -> Result<(), AppError> {
        let d = self
            .db
            .hit_rate_limit(key, rule.max, rule.window_secs)
            .await?;
        Self::decided(key, d)
    }

    /// The 429 that [`AppState::limit`] would give once `key` is at its limit, without
    /// counting a hit: for limits that count failures only.
    pub(crate) async fn within_limit(&self, key: &str, rule: Rule) -> Result<(), AppError> {
        let d = self
            .db
            .peek_rate_limit(key, rule.max, rule.window_secs)
            .await?;
        Self::decided(key, d)
    }

    fn decided(key: &str, d: civiclink_store::RateLimitDecision) -> Result<(), AppError> {
        if d.allowed {
            Ok(())
        } else {
            tracing::warn!(key, "rate limit exceeded");
            Err(AppError::RateLimited(d.retry_after_secs))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("session store: {0}")]
    Sessions(String),
    #[error("shared secret: {0}")]
    Secrets(String),
    #[error("OpenAPI document: {0}")]
    OpenApi(String),
}
