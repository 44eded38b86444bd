//! The member's home page and the renewal notice for lapsed memberships.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_accounts::{Access, JoinRequestStatus, Member};

use civiclink_i18n::t;

use super::{Page, render};
use crate::session::{ActiveMember, Lang, SessionHandle, SignedIn};
use crate::{AppError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/renew", get(renew))
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

#[derive(serde::Deserialize)]
struct FeedQuery {
    before: Option<i64>,
}

const FEED_PAGE: i64 = 20;

async fn home(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    crate::extract::QueryParams(q): crate::extract::QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let feed = state.people.feed(me.member.id, q.before, FEED_PAGE).await?;
    let older = if feed.len() as i64 == FEED_PAGE {
        feed.last().map(|i| i.position)
    } else {
        None
    };
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

#[derive(Template)]
#[template(path = "renew.html")]
struct RenewPage {
    page: Page,
    member: Member,
    expired: Option<time::OffsetDateTime>,
}

async fn renew(
    SessionHandle(s): SessionHandle,
    Lang(lang): Lang,
    SignedIn(member): SignedIn,
) -> Result<Response, AppError> {
    if member.access(civiclink_store::now()) == Access::Full {
        return Ok(Redirect::to("/").into_response());
    }
    let page = Page::new(&s, lang, Some(&member), t(lang, "renew-title"), "renew")
        .await?
        .at("/renew");
    Ok(render(
        StatusCode::OK,
        &RenewPage {
            page,
            expired: member.membership_expires_at,
            member,
        },
    ))
}
