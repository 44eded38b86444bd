//! The HTTP edge of CivicLink: server-rendered pages, the JSON API under `/api/v1` (with its
//! OpenAPI document), sessions, CSRF protection, rate limits, health and metrics.
//!
//! Only this crate knows axum. It has one folder per capability (`accounts`, `people`, `orgs`,
//! `admin`), each with its routes, pages and API handlers, and the `kit` they all stand on,
//! which imports none of them. Handlers are thin: they parse input into domain types, call the
//! capability services and present the result. This file is the composition root: the only
//! place that names every capability's routes.

mod accounts;
mod admin;
mod kit;
mod orgs;
mod people;
mod technology;
mod threads;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use civiclink_store::Pool;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

pub use kit::client_addr::{BadProxy, TrustedProxies};
pub use kit::error::{AppError, ErrorInfo};
use kit::session_store::CachedStore;
use kit::state::BODY_LIMIT;
pub use kit::state::{AppState, RateLimits, Rule, WebConfig, WebError};
use kit::{assets, bearer, csrf, error_page, metrics, notices, page, session};

/// Every capability's pages and API, registered once: each route and its OpenAPI entry come
/// from the same handler. A new capability adds its folder's `routes()` here.
fn capabilities() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(kit::openapi::ApiDoc::openapi())
        .merge(accounts::routes())
        .merge(people::routes())
        .merge(orgs::routes())
        .merge(admin::routes())
        .merge(technology::routes())
        .merge(threads::routes())
}

/// The routes that may receive bodies larger than [`BODY_LIMIT`] (photo uploads).
fn uploads() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(people::upload_routes())
}

/// The OpenAPI document of the JSON API, as `/api/v1/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = capabilities().split_for_parts();
    let (_, uploads) = uploads().split_for_parts();
    doc.merge(uploads);
    doc
}

/// The built site, ready to serve: what the binary starts, knowing nothing of axum.
pub struct Site(Router);

impl Site {
    /// Builds the routes and the middleware (see [`app`]).
    pub async fn build(state: AppState) -> Result<Self, WebError> {
        app(state).await.map(Site)
    }

    /// Serves on `listener` until `shutdown` completes, then lets requests in flight finish.
    /// The client's socket address is kept for the address checks (`/metrics`, the trusted
    /// proxies).
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(
            listener,
            self.0
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// The whole application: routes, sessions stored in the same database, and the middleware
/// stack. Also starts the task that deletes expired sessions.
pub async fn app(state: AppState) -> Result<Router, WebError> {
    let (routes, mut doc) = capabilities().split_for_parts();
    let (uploads, upload_doc) = uploads().split_for_parts();
    doc.merge(upload_doc);
    // Written once: members only, and the same bytes for each of them.
    let doc = axum::body::Bytes::from(
        serde_json::to_vec(&doc).map_err(|e| WebError::OpenApi(e.to_string()))?,
    );
    let routes = routes
        .route(
            "/api/v1/openapi.json",
            get(move |_: session::ActiveMember| {
                let doc = doc.clone();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        )],
                        doc,
                    )
                }
            }),
        )
        .route("/static/{*path}", get(assets::serve))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .fallback(|| async { AppError::NotFound })
        // Only the routes above: the uploads merged below carry their own, larger limit, and
        // the outer layer holds every request to the largest of them.
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .merge(uploads)
        .layer(from_fn(csrf::verify_csrf))
        .layer(from_fn_with_state(state.clone(), notices::count_notices))
        .layer(from_fn(page::remember_address))
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
            let store = CachedStore::new(store, state.db.clone());
            spawn_session_sweeper(store.clone());
            routes.layer(session_layer(store, secure))
        }
        Pool::Postgres(pool) => {
            let store = PostgresStore::new(pool.clone());
            store
                .migrate()
                .await
                .map_err(|e| WebError::Sessions(e.to_string()))?;
            let store = CachedStore::new(store, state.db.clone());
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
        .layer(from_fn(error_page::render_errors))
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
