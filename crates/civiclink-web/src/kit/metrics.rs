//! Prometheus metrics: requests by route and status, and a latency histogram by route.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide recorder, installed on first use. Several app instances in one process (the
/// tests) share it, which is what a process-wide registry means.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

pub(crate) async fn track(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// Metrics are for the operator: served to anyone presenting the configured bearer token (a
/// Prometheus server elsewhere), or, without a token, to a client on this host. "On this host"
/// is decided on the socket's peer address, never on a header, and a request that carries
/// forwarding headers came through a proxy on this host from somewhere else: it needs the token.
pub(crate) async fn render(
    axum::extract::State(state): axum::extract::State<crate::kit::state::AppState>,
    req: Request,
) -> Response {
    let headers = req.headers();
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
    let allowed = match &state.config.metrics_token {
        Some(token) => headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| {
                use subtle::ConstantTimeEq;
                bool::from(given.as_bytes().ct_eq(token.as_bytes()))
            }),
        None => {
            let forwarded = ["x-forwarded-for", "forwarded", "x-real-ip"]
                .iter()
                .any(|h| headers.contains_key(*h));
            !forwarded && peer.is_some_and(|p| p.0.ip().is_loopback())
        }
    };
    if !allowed {
        return crate::kit::error::AppError::NotFound.into_response();
    }
    let body = handle().map(PrometheusHandle::render).unwrap_or_default();
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        body,
    )
        .into_response()
}
