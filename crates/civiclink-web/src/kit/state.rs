//! What every handler can reach: the capability services, the database and the edge's
//! configuration, with the rate-limit check that most doors use.

use std::any::{Any, TypeId};
use std::sync::Arc;

use civiclink_accounts::Accounts;
use civiclink_store::{Db, ReadCache};

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
    /// Threads and replies written per member: what a flood of posts costs every reader.
    pub posts_per_account: Rule,
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
            posts_per_account: Rule {
                max: 60,
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
    /// Where the site is reached (`https://civiclink.example.org`), for the `url` of answers.
    pub public_url: String,
}

/// How many pages' data [`AppState::read_through`] keeps at most: a directory page, the
/// largest, holds about 10 KB, so at most some 50 MB.
const PAGE_DATA_CAPACITY: usize = 5_000;

/// A page's data, kept by its type and key.
type PageData = Arc<dyn Any + Send + Sync>;

/// Counts a member's unread notices for the page header (`kit::notices`); `None` when it could
/// not (the header then shows none).
pub type NoticeCount = Arc<
    dyn Fn(civiclink_domain::Actor) -> futures_util::future::BoxFuture<'static, Option<i64>>
        + Send
        + Sync,
>;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub accounts: Accounts,
    pub people: civiclink_people::People,
    pub technology: civiclink_technology::Technology,
    pub threads: civiclink_threads::Threads,
    pub db: Db,
    pub config: Arc<WebConfig>,
    /// What pages read, until the next write (see [`AppState::read_through`]).
    page_data: Arc<ReadCache<(TypeId, String), PageData>>,
    /// Every audit action code the service writes, which the audit log's filter offers:
    /// accounts' by default, others' added where the service is wired
    /// ([`AppState::with_audit_actions`]).
    pub audit_codes: Arc<Vec<&'static str>>,
    /// Counts a member's unread notices for the page header, handed over where the service is
    /// composed ([`AppState::with_notices`]); none, no count.
    pub notices: Option<NoticeCount>,
}

impl AppState {
    pub fn new(
        accounts: Accounts,
        people: civiclink_people::People,
        technology: civiclink_technology::Technology,
        threads: civiclink_threads::Threads,
        config: WebConfig,
    ) -> Self {
        let db = accounts.db().clone();
        Self {
            technology,
            threads,
            page_data: Arc::new(db.read_cache(PAGE_DATA_CAPACITY)),
            db,
            accounts,
            people,
            config: Arc::new(config),
            audit_codes: Arc::new(
                <civiclink_accounts::AccountsAudit as civiclink_store::AuditAction>::CODES.to_vec(),
            ),
            notices: None,
        }
    }

    /// Shows in every page's header the count `count` gives of a member's unread notices.
    #[must_use]
    pub fn with_notices(mut self, count: NoticeCount) -> Self {
        self.notices = Some(count);
        self
    }

    /// Offers `A`'s codes in the audit log's filter too: a capability's audit actions join
    /// where the service is wired, not in a list of the web crate.
    #[must_use]
    pub fn with_audit_actions<A: civiclink_store::AuditAction>(mut self) -> Self {
        let mut codes = self.audit_codes.to_vec();
        for code in A::CODES {
            if !codes.contains(code) {
                codes.push(code);
            }
        }
        self.audit_codes = Arc::new(codes);
        self
    }

    /// The data a page shows, read by `load` or kept from an earlier view while nothing has
    /// been written since (`civiclink_store::ReadCache`: every committed write, here or on
    /// another process, puts it out of date). A page view thus costs no query while the
    /// database is unchanged. `key` must name everything the data depends on: the viewer, the
    /// page, its parameters. Only successes are kept; an error is read again next time.
    pub(crate) async fn read_through<T, F, Fut>(
        &self,
        key: String,
        load: F,
    ) -> Result<Arc<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, AppError>>,
    {
        let key = (TypeId::of::<T>(), key);
        let data = self
            .page_data
            .get_or_load(&key, || async {
                Ok::<PageData, AppError>(Arc::new(load().await?))
            })
            .await?;
        // The key holds the type, so a kept value is always a `T`.
        data.downcast::<T>()
            .map_err(|_| AppError::internal("page data of another type under its key"))
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
