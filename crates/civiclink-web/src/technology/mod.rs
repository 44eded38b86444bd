//! The technology directory: browsing listings, a listing's page and history, proposing a
//! listing or an edit, and the moderators' review queue (pages and API).

mod api;
mod compare;
mod error;
mod input;
mod pages;
mod peers;
mod reviews_api;
mod reviews_pages;
mod stack_import;
mod timeline_api;
mod timeline_pages;
mod usage_api;
mod usage_pages;
mod words;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(pages::routes())
        .merge(compare::routes())
        .merge(peers::routes())
        .merge(api::routes())
        .merge(usage_pages::routes())
        .merge(usage_api::routes())
        .merge(stack_import::routes())
        .merge(reviews_pages::routes())
        .merge(reviews_api::routes())
        .merge(timeline_pages::routes())
        .merge(timeline_api::routes())
}
