//! The member's home page: the activity feed and what waits for them.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_accounts::{JoinRequestStatus, Member};

use civiclink_i18n::t;

use crate::kit::error::AppError;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle};
use crate::kit::state::AppState;
use crate::people::words::PeopleWords;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    feed: Vec<civiclink_people::FeedItem>,
    older: Option<i64>,
    member: Member,
    expires: Option<time::OffsetDateTime>,
    pending_requests: Option<usize>,
    /// The organizations the member administers, with the claims waiting in each.
    org_claims: Vec<civiclink_accounts::ClaimsWaiting>,
}

impl HomePage {
    fn waiting(&self, c: &civiclink_accounts::ClaimsWaiting) -> String {
        self.page.tn(
            "home-claims-waiting",
            usize::try_from(c.waiting).unwrap_or(0),
        )
    }
}

/// What the home page reads, kept until the next write ([`AppState::read_through`]).
#[derive(Clone)]
struct HomeData {
    feed: civiclink_people::FeedPage,
    pending_requests: Option<usize>,
    org_claims: Vec<civiclink_accounts::ClaimsWaiting>,
}

#[derive(serde::Deserialize)]
struct FeedQuery {
    before: Option<i64>,
}

const FEED_PAGE: i64 = 20;

async fn home(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    crate::kit::extract::QueryParams(q): crate::kit::extract::QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let data = state
        .read_through(format!("{}:{:?}", me.member.id, q.before), || async {
            let feed = state.people.feed(me.member.id, q.before, FEED_PAGE).await?;
            let pending_requests = if me.member.role.is_admin() {
                Some(
                    state
                        .accounts
                        .list_join_requests(&me.actor(), Some(JoinRequestStatus::Pending))
                        .await?
                        .len(),
                )
            } else {
                None
            };
            let org_claims = state.accounts.claims_waiting_for(me.member.id).await?;
            Ok(HomeData {
                feed,
                pending_requests,
                org_claims,
            })
        })
        .await?;
    let HomeData {
        feed: civiclink_people::FeedPage { items: feed, older },
        pending_requests,
        org_claims,
    } = (*data).clone();
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "home-title"),
        "home",
    )
    .await?
    .at("/");
    Ok(render(
        StatusCode::OK,
        &HomePage {
            page,
            feed,
            older,
            expires: me.member.membership_expires_at,
            member: me.member,
            pending_requests,
            org_claims,
        },
    ))
}
