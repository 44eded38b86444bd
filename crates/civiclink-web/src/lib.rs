//! The HTTP edge of CivicLink: server-rendered pages, the JSON API under `/api/v1` (with its
//! OpenAPI document), sessions, CSRF protection, rate limits, health and metrics.
//!
//! Only this crate knows axum. Handlers are thin: they parse input into domain types, call the
//! capability services (today [`civiclink_accounts::Accounts`]) and present the result.

mod api;
mod assets;
mod bearer;
mod client_addr;
mod csrf;
mod error;
mod extract;
mod metrics;
mod pages;
mod session;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use civiclink_accounts::Accounts;
use civiclink_store::{Db, Pool};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

pub use api::ApiDoc;
pub use client_addr::{BadProxy, TrustedProxies};
pub use error::{AppError, ErrorInfo};

/// The most a request body may be, except for the photo uploads.
const BODY_LIMIT: usize = 1024 * 1024;

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
}

/// The whole application: routes, sessions stored in the same database, and the middleware
/// stack. Also starts the task that deletes expired sessions.
pub async fn app(state: AppState) -> Result<Router, WebError> {
    let routes = Router::new()
        .merge(pages::router())
        .nest("/api/v1", api::router())
        .route("/static/{*path}", get(assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .fallback(|| async { AppError::NotFound })
        // Only the routes above: the uploads merged below carry their own, larger limit, and
        // the outer layer holds every request to the largest of them.
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .merge(pages::people::upload_router())
        .merge(api::people::upload_router())
        .layer(from_fn(csrf::verify_csrf))
        .layer(from_fn(pages::remember_address))
        .layer(from_fn_with_state(state.clone(), session::load_identity));

    let secure = state.config.cookie_secure;
    let secret = state
        .db
        .shared_secret(csrf::SECRET_NAME, csrf::SECRET_LEN)
        .await
        .map_err(|e| WebError::Secrets(e.to_string()))?;
    let visitor_cookies = csrf::VisitorCookies::new(&secret, secure).map_err(WebError::Secrets)?;
    let routes = routes
        .layer(from_fn_with_state(visitor_cookies, csrf::visitor_token))
        .with_state(state.clone());
    let routes = match state.db.typed_pool() {
        Pool::Sqlite(pool) => {
            let store = SqliteStore::new(pool.clone());
            store
                .migrate()
                .await
                .map_err(|e| WebError::Sessions(e.to_string()))?;
            spawn_session_sweeper(store.clone());
            routes.layer(session_layer(store, secure))
        }
        Pool::Postgres(pool) => {
            let store = PostgresStore::new(pool.clone());
            store
                .migrate()
                .await
                .map_err(|e| WebError::Sessions(e.to_string()))?;
            spawn_session_sweeper(store.clone());
            routes.layer(session_layer(store, secure))
        }
    };

    // The recorder must exist before the first request is counted, not at the first scrape.
    metrics::handle();
    // Served over https (the public address says so): browsers should never try plain http.
    let routes = if secure {
        routes.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ))
    } else {
        routes
    };
    // Outside the session layer, so that a bearer request's cookies are gone before it looks.
    let routes = routes.layer(from_fn_with_state(state.clone(), bearer::authenticate));
    Ok(routes
        // Inside the error renderer, so that a 413 gets the same body as every other error. This
        // is the ceiling (a photo upload); every other route is held to `BODY_LIMIT` above.
        .layer(RequestBodyLimitLayer::new(csrf::MULTIPART_LIMIT))
        .layer(from_fn(error::render_errors))
        .layer(from_fn(metrics::track))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(TraceLayer::new_for_http()))
}

fn session_layer<S: tower_sessions::SessionStore + Clone>(
    store: S,
    secure: bool,
) -> SessionManagerLayer<S> {
    SessionManagerLayer::new(store)
        .with_name("civiclink_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)))
}

fn spawn_session_sweeper<S>(store: S)
where
    S: tower_sessions::ExpiredDeletion + Clone + Send + Sync + 'static,
{
    tokio::spawn(async move {
        if let Err(e) = store
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600))
            .await
        {
            tracing::warn!(error = %e, "expired-session sweeper stopped");
        }
    });
}

async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "database not reachable",
            )
                .into_response()
        }
    }
}
