//! Accounts: signing in and out, joining, invitations, verification and password resets,
//! renewal of a lapsed membership, the language switch, personal access tokens, and the
//! member's own data (export and erasure), as pages and API.

mod auth_api;
mod auth_pages;
mod language;
mod privacy;
mod renewal;
mod token_api;
mod token_pages;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(auth_pages::routes())
        .merge(language::routes())
        .merge(renewal::routes())
        .merge(privacy::routes())
        .merge(token_pages::routes())
        .merge(auth_api::routes())
        .merge(token_api::routes())
}
