//! The count of unread notices shown in every page's header. Which notices there are is
//! not the kit's business: where the service is composed, a capability hands the state a way to
//! count a member's ([`AppState::with_notices`]); the count is read for each page a member
//! views (kept until the next write, like any page's data) and kept for the pages rendered
//! while answering the request.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use civiclink_domain::{Actor, MemberStatus};

use crate::kit::session::Identity;
use crate::kit::state::AppState;

tokio::task_local! {
    static NOTICES: i64;
}

/// The unread notices of the member the request is from (0 outside a member's page).
pub(crate) fn current() -> i64 {
    NOTICES.try_with(|n| *n).unwrap_or(0)
}

/// The unread count of the signed-in, active member, for a page (a GET outside the API).
pub(crate) async fn count_notices(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let page = req.method() == axum::http::Method::GET && !req.uri().path().starts_with("/api/");
    let member = req
        .extensions()
        .get::<Identity>()
        .and_then(|i| i.0.clone())
        .filter(|m| m.status == MemberStatus::Active);
    let (Some(count), Some(member), true) = (state.notices.clone(), member, page) else {
        return next.run(req).await;
    };
    let actor = Actor {
        id: member.id,
        role: member.role,
        association_id: member.association_id,
        ip: None,
    };
    let n = state
        .read_through(format!("notices:{}", member.id), || async move {
            Ok(Unread(count(actor).await.unwrap_or(0)))
        })
        .await
        .map_or(0, |u| u.0);
    NOTICES.scope(n, next.run(req)).await
}

/// A member's unread count, as the page cache keeps it.
struct Unread(i64);
