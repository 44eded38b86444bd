//! Connections, blocks and follows. Members are addressed by their id; a malformed or unknown id,
//! and a request that is not the caller's to answer, are all a 404. The people service decides.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use civiclink_domain::MemberId;
use civiclink_people::{
    Connection, ConnectionNote, ConnectionStatus, FollowTarget, Followed, MemberCard,
    PendingRequests,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::error::AppError;
use crate::kit::extract::{OptionalJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_connections))
        .routes(routes!(list_requests))
        .routes(routes!(request, remove))
        .routes(routes!(accept))
        .routes(routes!(decline))
        .routes(routes!(withdraw))
        .routes(routes!(list_blocks))
        .routes(routes!(block, unblock))
        .routes(routes!(list_follows))
        .routes(routes!(follow, unfollow))
        .routes(routes!(followers))
}

#[derive(Default, Deserialize, ToSchema)]
pub struct ConnectBody {
    /// A few words for the other member, at most 500 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// Where a connection stands after a request.
#[derive(Serialize, ToSchema)]
pub struct ConnectResult {
    pub status: ConnectionStatus,
}

/// Whether a follow was made (false: it existed already).
#[derive(Serialize, ToSchema)]
pub struct FollowResult {
    pub created: bool,
}

#[derive(Serialize, ToSchema)]
pub struct FollowerCount {
    pub followers: i64,
}

fn target(kind: &str, id: &str) -> Result<FollowTarget, AppError> {
    FollowTarget::parse(kind, id).ok_or(AppError::NotFound)
}

/// My accepted connections, by name.
#[utoipa::path(get, path = "/api/v1/connections", tag = "connections",
    responses((status = 200, body = Vec<Connection>), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_connections(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Connection>>, AppError> {
    Ok(Json(state.people.connections(me.member.id).await?))
}

/// My pending requests, incoming and outgoing.
#[utoipa::path(get, path = "/api/v1/connections/requests", tag = "connections",
    responses((status = 200, body = PendingRequests), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_requests(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<PendingRequests>, AppError> {
    Ok(Json(state.people.pending_requests(me.member.id).await?))
}

/// Asks a member to connect, with an optional note (the body may be left out). If they already asked me, this accepts
/// their request (status `accepted`).
#[utoipa::path(post, path = "/api/v1/connections/{member_id}", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)), request_body = ConnectBody,
    responses((status = 201, body = ConnectResult), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn request(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
    OptionalJson(body): OptionalJson<ConnectBody>,
) -> Result<(StatusCode, Json<ConnectResult>), AppError> {
    let note = ConnectionNote::parse(body.note.as_deref().unwrap_or(""))?;
    let status = state
        .people
        .request_connection(me.member.id, other, &note)
        .await?;
    Ok((StatusCode::CREATED, Json(ConnectResult { status })))
}

/// Accepts the request a member sent me.
#[utoipa::path(post, path = "/api/v1/connections/{member_id}/accept", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state.people.accept_connection(me.member.id, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Declines the request a member sent me.
#[utoipa::path(post, path = "/api/v1/connections/{member_id}/decline", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn decline(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state.people.decline_connection(me.member.id, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws the request I sent a member.
#[utoipa::path(post, path = "/api/v1/connections/{member_id}/withdraw", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state
        .people
        .withdraw_connection(me.member.id, other)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends my connection with a member.
#[utoipa::path(delete, path = "/api/v1/connections/{member_id}", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn remove(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state.people.remove_connection(me.member.id, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The members I blocked.
#[utoipa::path(get, path = "/api/v1/blocks", tag = "connections",
    responses((status = 200, body = Vec<MemberCard>), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_blocks(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<MemberCard>>, AppError> {
    Ok(Json(state.people.blocked(me.member.id).await?))
}

/// Blocks a member: any connection, request or follow between us ends, and they can no longer
/// ask to connect or follow me. Blocking twice changes nothing.
#[utoipa::path(post, path = "/api/v1/blocks/{member_id}", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn block(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state.people.block(me.member.id, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts my block of a member.
#[utoipa::path(delete, path = "/api/v1/blocks/{member_id}", tag = "connections",
    params(("member_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn unblock(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(other): PathParam<MemberId>,
) -> Result<StatusCode, AppError> {
    state.people.unblock(me.member.id, other).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What I follow: members, then organizations.
#[utoipa::path(get, path = "/api/v1/follows", tag = "connections",
    responses((status = 200, body = Vec<Followed>), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_follows(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Followed>>, AppError> {
    Ok(Json(state.people.following(me.member.id).await?))
}

/// Follows a member or an organization (`kind` is `members` or `organizations`).
#[utoipa::path(post, path = "/api/v1/follows/{kind}/{target_id}", tag = "connections",
    params(("kind" = String, Path), ("target_id" = String, Path, format = Uuid)),
    responses((status = 200, body = FollowResult), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn follow(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam((kind, id)): PathParam<(String, String)>,
) -> Result<Json<FollowResult>, AppError> {
    let created = state
        .people
        .start_following(me.member.id, target(&kind, &id)?)
        .await?;
    Ok(Json(FollowResult { created }))
}

/// Stops following a member or an organization.
#[utoipa::path(delete, path = "/api/v1/follows/{kind}/{target_id}", tag = "connections",
    params(("kind" = String, Path), ("target_id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn unfollow(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam((kind, id)): PathParam<(String, String)>,
) -> Result<StatusCode, AppError> {
    state
        .people
        .stop_following(me.member.id, target(&kind, &id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many members follow a member or an organization.
#[utoipa::path(get, path = "/api/v1/follows/{kind}/{target_id}/followers", tag = "connections",
    params(("kind" = String, Path), ("target_id" = String, Path, format = Uuid)),
    responses((status = 200, body = FollowerCount), (status = 404, body = ErrorBody)))]
pub(crate) async fn followers(
    State(state): State<AppState>,
    _me: ActiveMember,
    PathParam((kind, id)): PathParam<(String, String)>,
) -> Result<Json<FollowerCount>, AppError> {
    let followers = state.people.follower_count(target(&kind, &id)?).await?;
    Ok(Json(FollowerCount { followers }))
}
