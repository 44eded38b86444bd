//! Administration, for association and site administrators: join requests, invitations,
//! members, associations and the audit log, as pages and as the API under `/api/v1/admin`.
//! What an administrator may see and change is decided by the accounts service.

mod api;
mod associations;
mod audit;
mod invites;
mod join_requests;
mod members;
mod words;

use utoipa_axum::router::OpenApiRouter;

use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(join_requests::routes())
        .merge(invites::routes())
        .merge(members::routes())
        .merge(associations::routes())
        .merge(audit::routes())
        .merge(api::routes())
}
