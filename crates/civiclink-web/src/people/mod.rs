//! People: the home page and its feed, profiles and photos, connections, blocks and follows,
//! and the directories of members and organizations (pages and API).

mod connection_api;
mod connection_pages;
mod directory_api;
mod directory_pages;
mod error;
mod home;
mod profile_api;
mod profile_pages;
mod words;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(home::routes())
        .merge(profile_pages::routes())
        .merge(connection_pages::routes())
        .merge(directory_pages::routes())
        .merge(profile_api::routes())
        .merge(connection_api::routes())
        .merge(directory_api::routes())
}

/// The photo uploads, which alone may send bodies larger than the application's limit.
pub(crate) fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(profile_pages::upload_routes())
        .merge(profile_api::upload_routes())
}
