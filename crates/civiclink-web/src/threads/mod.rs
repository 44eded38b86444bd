//! Discussion threads: the lists, a thread's page, opening a thread, replying, editing and
//! accepting an answer (pages and API).

mod api;
mod error;
mod input;
mod moderation;
mod notifications;
mod pages;
mod words;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(notifications::routes())
        .merge(moderation::routes())
}
