//! Organizations: their public pages, their own administrators and the claims to administer
//! them, and the registry that association administrators keep (pages and API).

mod admin_pages;
mod api;
mod pages;
mod registry_api;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(pages::routes())
        .merge(admin_pages::routes())
        .merge(api::routes())
        .merge(registry_api::routes())
}
