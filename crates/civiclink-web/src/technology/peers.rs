//! "Municipalities like mine" (page and API): other municipalities ranked by size band, region
//! and the listings both run, each with its reasons.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_i18n::t;
use civiclink_technology::Peer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle};
use crate::kit::state::AppState;

/// How many peers the page and the API list.
pub(crate) const PEERS: usize = 20;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/technology/peers", get(peers_page))
        .routes(routes!(peers))
}

/// The municipalities most like the caller's, best first: the same size band (or the next),
/// the same region or country, and the listings both run, with those reasons. Empty for a
/// member without an organization.
#[utoipa::path(get, path = "/api/v1/peers", tag = "technology",
    responses((status = 200, body = Vec<Peer>)))]
pub(crate) async fn peers(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Peer>>, AppError> {
    Ok(Json(state.technology.peers(&me.actor(), PEERS).await?))
}

#[derive(Template)]
#[template(path = "technology/peers.html")]
struct PeersTemplate {
    page: Page,
    peers: Vec<Peer>,
}

async fn peers_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let peers = state.technology.peers(&me.actor(), PEERS).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-peers-title"),
        "technology",
    )
    .await?;
    Ok(render(StatusCode::OK, &PeersTemplate { page, peers }))
}
