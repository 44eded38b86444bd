//! My network: connections, requests both ways, blocks and follows, and the forms that change
//! them. Every form posts back here and returns to the page it came from (a safe `next`) with a
//! one-time message. Profile pages show the same buttons through the `people/_connect.html`
//! partial, fed by [`connect_box`].

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_domain::MemberId;
use civiclink_i18n::t;
use civiclink_people::{
    ConnectState, Connection, ConnectionNote, ConnectionStatus, FollowTarget, Followed, MemberCard,
    NOTE_MAX, PendingRequests,
};
use serde::Deserialize;

use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{Page, render, safe_next};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/connections", get(connections_page))
        .route("/connections/{member_id}/{action}", post(member_action))
        .route("/follows/{kind}/{target_id}/{action}", post(follow_action))
}

/// What the `people/_connect.html` partial needs to offer the right buttons to a viewer about
/// one member: connect, withdraw, accept or decline, remove, follow or unfollow, block or
/// unblock.
#[derive(Clone)]
pub(crate) struct ConnectBox {
    pub subject: MemberId,
    pub state: ConnectState,
    pub following: bool,
    pub followers: i64,
    /// Where the forms return to (already made safe).
    pub next: String,
    pub note_max: usize,
}

impl ConnectBox {
    /// How many members follow the subject (for the plural rules of `connect-followers`).
    pub fn follower_count(&self) -> usize {
        usize::try_from(self.followers).unwrap_or(0)
    }

    /// The state as the template compares it (`not_connected`, `request_sent`, …).
    pub fn state(&self) -> &'static str {
        self.state.as_str()
    }

    /// The catalog key of the sentence that says where the viewer stands.
    pub fn status_key(&self) -> &'static str {
        match self.state {
            ConnectState::Myself | ConnectState::NotConnected => "connect-status-none",
            ConnectState::RequestSent => "connect-status-sent",
            ConnectState::RequestReceived => "connect-status-received",
            ConnectState::Connected => "connect-status-connected",
            ConnectState::YouBlocked => "connect-status-you-blocked",
            ConnectState::BlockedByThem => "connect-status-unavailable",
        }
    }
}

/// The buttons `viewer` gets on `subject`'s profile; the forms return to `next`.
pub(crate) async fn connect_box(
    state: &AppState,
    viewer: MemberId,
    subject: MemberId,
    next: &str,
) -> Result<ConnectBox, AppError> {
    let target = FollowTarget::Member(subject);
    Ok(ConnectBox {
        subject,
        state: state.people.connect_state(viewer, subject).await?,
        following: state.people.is_following(viewer, target).await?,
        followers: state.people.follower_count(target).await?,
        next: safe_next(Some(next)).to_owned(),
        note_max: NOTE_MAX,
    })
}

#[derive(Template)]
#[template(path = "people/connections.html")]
struct ConnectionsPage {
    page: Page,
    connections: Vec<Connection>,
    requests: PendingRequests,
    blocked: Vec<MemberCard>,
    following: Vec<Followed>,
    next: &'static str,
}

async fn connections_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let id = me.member.id;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "connections-title"),
        "connections",
    )
    .await?
    .at("/connections");
    Ok(render(
        StatusCode::OK,
        &ConnectionsPage {
            page,
            connections: state.people.connections(id).await?,
            requests: state.people.pending_requests(id).await?,
            blocked: state.people.blocked(id).await?,
            following: state.people.following(id).await?,
            next: "/connections",
        },
    ))
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    note: String,
    #[serde(default)]
    next: String,
}

/// Goes back to `next` with `message`.
async fn back(
    s: &tower_sessions::Session,
    next: &str,
    message: String,
) -> Result<Response, AppError> {
    set_flash(s, message).await?;
    Ok(Redirect::to(safe_next(Some(next))).into_response())
}

/// A refusal the member can act on (asked twice, blocked them) goes back with the explanation;
/// anything else (unknown member, bad input, not allowed) is an error page.
async fn outcome(
    s: &tower_sessions::Session,
    me: &ActiveMember,
    next: &str,
    result: Result<&'static str, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(key) => back(s, next, t(me.lang, key)).await,
        Err(e @ AppError::Accounts { .. }) => back(s, next, e.message(me.lang)).await,
        Err(e) => Err(e),
    }
}

async fn member_action(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((other, action)): PathParam<(MemberId, String)>,
    FormData(f): FormData<ActionForm>,
) -> Result<Response, AppError> {
    let id = me.member.id;
    let people = &state.people;
    let result: Result<&'static str, AppError> = async {
        Ok(match action.as_str() {
            "request" => {
                let note = ConnectionNote::parse(&f.note)?;
                match people.request_connection(id, other, &note).await? {
                    ConnectionStatus::Pending => "connections-flash-requested",
                    ConnectionStatus::Accepted => "connections-flash-accepted",
                }
            }
            "accept" => {
                people.accept_connection(id, other).await?;
                "connections-flash-accepted"
            }
            "decline" => {
                people.decline_connection(id, other).await?;
                "connections-flash-declined"
            }
            "withdraw" => {
                people.withdraw_connection(id, other).await?;
                "connections-flash-withdrawn"
            }
            "remove" => {
                people.remove_connection(id, other).await?;
                "connections-flash-removed"
            }
            "block" => {
                people.block(id, other).await?;
                "connections-flash-blocked"
            }
            "unblock" => {
                people.unblock(id, other).await?;
                "connections-flash-unblocked"
            }
            "follow" => {
                people
                    .start_following(id, FollowTarget::Member(other))
                    .await?;
                "connections-flash-followed"
            }
            "unfollow" => {
                people
                    .stop_following(id, FollowTarget::Member(other))
                    .await?;
                "connections-flash-unfollowed"
            }
            _ => return Err(AppError::NotFound),
        })
    }
    .await;
    outcome(&s, &me, &f.next, result).await
}

async fn follow_action(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((kind, id, action)): PathParam<(String, String, String)>,
    FormData(f): FormData<ActionForm>,
) -> Result<Response, AppError> {
    let target = FollowTarget::parse(&kind, &id).ok_or(AppError::NotFound)?;
    let org = matches!(target, FollowTarget::Organization(_));
    let result: Result<&'static str, AppError> = async {
        match action.as_str() {
            "follow" => {
                state.people.start_following(me.member.id, target).await?;
                Ok(match org {
                    true => "connections-flash-followed-org",
                    false => "connections-flash-followed",
                })
            }
            "unfollow" => {
                state.people.stop_following(me.member.id, target).await?;
                Ok(match org {
                    true => "connections-flash-unfollowed-org",
                    false => "connections-flash-unfollowed",
                })
            }
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    outcome(&s, &me, &f.next, result).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use askama::Template;
    use civiclink_domain::{Language, MemberId};
    use civiclink_people::ConnectState;

    use super::ConnectBox;
    use crate::kit::page::Page;

    /// The partial as a profile page includes it.
    #[derive(Template)]
    #[template(source = "{% include \"people/_connect.html\" %}", ext = "html")]
    struct Partial {
        page: Page,
        connect: ConnectBox,
    }

    fn render(state: ConnectState, following: bool) -> String {
        let page = Page {
            lang: Language::Fr,
            title: String::new(),
            member: None,
            csrf: "tok".into(),
            flash: None,
            section: "",
            path: String::new(),
            notices: 0,
        };
        let connect = ConnectBox {
            subject: MemberId::new(),
            state,
            following,
            followers: 2,
            next: "/people/ann".into(),
            note_max: 500,
        };
        Partial { page, connect }.render().unwrap()
    }

    #[test]
    fn the_partial_offers_what_the_state_allows() {
        assert!(render(ConnectState::Myself, false).trim().is_empty());
        let none = render(ConnectState::NotConnected, false);
        assert!(
            none.contains("/request\"") && none.contains("/follow\"") && none.contains("/block\"")
        );
        assert!(none.contains("maxlength=\"500\"") && none.contains("value=\"/people/ann\""));
        assert!(none.contains("abonnés"), "{none}");
        let sent = render(ConnectState::RequestSent, true);
        assert!(
            sent.contains("/withdraw\"")
                && sent.contains("/unfollow\"")
                && !sent.contains("/request\"")
        );
        let received = render(ConnectState::RequestReceived, false);
        assert!(received.contains("/accept\"") && received.contains("/decline\""));
        let connected = render(ConnectState::Connected, false);
        assert!(connected.contains("/remove\""));
        let blocked = render(ConnectState::YouBlocked, false);
        assert!(blocked.contains("/unblock\"") && !blocked.contains("/follow\""));
        let by_them = render(ConnectState::BlockedByThem, false);
        assert!(!by_them.contains("/request\"") && !by_them.contains("/follow\""));
    }
}
