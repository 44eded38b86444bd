//! Administration: join requests, invitations, members, associations and the audit log.
//! The accounts service checks each actor's reach; these handlers only translate.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use civiclink_accounts::{
    Association, AuditEntry, AuditFilter, Invite, InviteCreated, JoinRequest, JoinRequestStatus,
    Member, MemberFilter, MemberUpdate, NewAssociation, NewInvite,
};
use civiclink_domain::{
    AssociationId, InviteId, JoinRequestId, MemberId, MemberStatus, OrgId, Role, ValidationError,
};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam, QueryParams, parse_opt};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::{ActiveMember, Admin};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_join_requests))
        .routes(routes!(approve_join_request))
        .routes(routes!(decline_join_request))
        .routes(routes!(list_invites, create_invite))
        .routes(routes!(revoke_invite))
        .routes(routes!(list_members))
        .routes(routes!(get_member, update_member))
        .routes(routes!(list_associations, create_association))
        .routes(routes!(audit_log))
        .routes(routes!(change_member_org))
        .routes(routes!(member_affiliations))
}

#[derive(Deserialize, IntoParams)]
pub struct JoinRequestQuery {
    /// pending (default), approved, declined or all
    pub status: Option<String>,
}

pub(crate) fn parse_request_status(s: Option<&str>) -> Result<Option<JoinRequestStatus>, AppError> {
    match s.unwrap_or("pending") {
        "all" => Ok(None),
        other => JoinRequestStatus::parse(other)
            .map(Some)
            .ok_or_else(|| ValidationError::new("status", "request-status-invalid").into()),
    }
}

/// Join requests in the administrator's reach.
#[utoipa::path(get, path = "/api/v1/admin/join-requests", tag = "admin", params(JoinRequestQuery),
    responses((status = 200, body = Vec<JoinRequest>), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_join_requests(
    State(state): State<AppState>,
    admin: Admin,
    QueryParams(q): QueryParams<JoinRequestQuery>,
) -> Result<Json<Vec<JoinRequest>>, AppError> {
    let status = parse_request_status(q.status.as_deref())?;
    Ok(Json(
        state
            .accounts
            .list_join_requests(&admin.actor(), status)
            .await?,
    ))
}

/// Approves a join request: the member becomes active for the membership period.
#[utoipa::path(post, path = "/api/v1/admin/join-requests/{id}/approve", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = JoinRequest), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn approve_join_request(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Json<JoinRequest>, AppError> {
    Ok(Json(
        state
            .accounts
            .decide_join_request(&admin.actor(), id, true)
            .await?,
    ))
}

/// Declines a join request.
#[utoipa::path(post, path = "/api/v1/admin/join-requests/{id}/decline", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = JoinRequest), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn decline_join_request(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Json<JoinRequest>, AppError> {
    Ok(Json(
        state
            .accounts
            .decide_join_request(&admin.actor(), id, false)
            .await?,
    ))
}

/// Invitations in the administrator's reach, newest first.
#[utoipa::path(get, path = "/api/v1/admin/invites", tag = "admin",
    responses((status = 200, body = Vec<Invite>), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_invites(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<Json<Vec<Invite>>, AppError> {
    Ok(Json(state.accounts.list_invites(&admin.actor()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct InviteBody {
    pub association_id: String,
    #[serde(default)]
    pub org_id: Option<String>,
    /// 1 to 1000
    pub max_uses: i64,
    /// 1 to 90
    pub valid_days: i64,
    #[serde(default)]
    pub note: Option<String>,
}

/// Makes an invitation link. The link is returned once and never stored.
#[utoipa::path(post, path = "/api/v1/admin/invites", tag = "admin", request_body = InviteBody,
    responses((status = 201, body = InviteCreated), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_invite(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<InviteCreated>), AppError> {
    let new = NewInvite::parse(
        &body.association_id,
        body.org_id.as_deref().unwrap_or(""),
        body.max_uses,
        body.valid_days,
        body.note.as_deref().unwrap_or(""),
    )?;
    Ok((
        StatusCode::CREATED,
        Json(state.accounts.create_invite(&admin.actor(), new).await?),
    ))
}

/// Revokes an invitation link.
#[utoipa::path(post, path = "/api/v1/admin/invites/{id}/revoke", tag = "admin", params(("id" = String, Path)),
    responses((status = 200, body = Invite), (status = 404, body = ErrorBody)))]
pub(crate) async fn revoke_invite(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<InviteId>,
) -> Result<Json<Invite>, AppError> {
    Ok(Json(
        state.accounts.revoke_invite(&admin.actor(), id).await?,
    ))
}

#[derive(Deserialize, IntoParams, Default)]
pub struct MemberQuery {
    pub status: Option<String>,
    pub role: Option<String>,
    pub association_id: Option<String>,
    /// Part of a name or email address.
    pub q: Option<String>,
    /// 1 to 1000 (default 200).
    pub limit: Option<i64>,
    /// The cursor of the `Link: <…>; rel="next"` (or `X-Next-Cursor`) header of the previous
    /// page: the list goes on after it, with the same filters.
    pub after: Option<String>,
}

impl MemberQuery {
    pub(crate) fn filter(&self) -> Result<MemberFilter, AppError> {
        Ok(MemberFilter {
            status: parse_opt::<MemberStatus>(self.status.as_deref(), "status")?,
            role: parse_opt::<Role>(self.role.as_deref(), "role")?,
            association: parse_opt::<AssociationId>(
                self.association_id.as_deref(),
                "association_id",
            )?,
            query: self.q.clone(),
            limit: self.limit.unwrap_or(200),
            after: self.after.clone(),
        })
    }

    /// The query string of these filters, without the cursor and the page size.
    pub(crate) fn filters_query(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("q", self.q.as_deref()),
            ("status", self.status.as_deref()),
            ("role", self.role.as_deref()),
            ("association_id", self.association_id.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Members in the administrator's reach, by name (then id), at most `limit` (default 200) at a
/// time. When more follow, the response carries the next page's address in a
/// `Link: <…>; rel="next"` header and its cursor in `X-Next-Cursor`, to pass as `after`.
#[utoipa::path(get, path = "/api/v1/admin/members", tag = "admin", params(MemberQuery),
    responses((status = 200, body = Vec<Member>, headers(
            ("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"),
            ("X-Next-Cursor" = String, description = "the `after` of the next page, absent on the last page"))),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_members(
    State(state): State<AppState>,
    admin: Admin,
    QueryParams(q): QueryParams<MemberQuery>,
) -> Result<Response, AppError> {
    let page = state
        .accounts
        .list_members(&admin.actor(), &q.filter()?)
        .await?;
    let mut response = Json(page.members).into_response();
    if let Some(next) = page.next {
        let mut query = q.filters_query();
        if let Some(limit) = q.limit {
            query.push_str(&format!("&limit={limit}"));
        }
        query.push_str(&format!("&after={next}"));
        let link = format!(
            "</api/v1/admin/members?{}>; rel=\"next\"",
            query.trim_start_matches('&')
        );
        let headers = response.headers_mut();
        for (name, value) in [("link", link), ("x-next-cursor", next)] {
            headers.insert(
                name,
                HeaderValue::from_str(&value).map_err(AppError::internal)?,
            );
        }
    }
    Ok(response)
}

/// One member, as an administrator sees them.
#[utoipa::path(get, path = "/api/v1/admin/members/{id}", tag = "admin", params(("id" = String, Path)),
    responses((status = 200, body = Member), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_member(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
) -> Result<Json<Member>, AppError> {
    Ok(Json(
        state.accounts.member_for_admin(&admin.actor(), id).await?,
    ))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct MemberPatch {
    /// member, moderator, association_admin or site_admin
    pub role: Option<String>,
    /// active (reinstate) or suspended
    pub status: Option<String>,
    /// RFC 3339 time, or null for no expiry; leave out to keep it
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub membership_expires_at: Option<Option<String>>,
}

fn double_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

pub(crate) fn parse_expiry(s: Option<&str>) -> Result<Option<OffsetDateTime>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => {
            if let Ok(t) = OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339)
            {
                return Ok(Some(t));
            }
            // A plain date (from a date input) means the end of that day, UTC.
            let date =
                time::Date::parse(v, time::macros::format_description!("[year]-[month]-[day]"))
                    .map_err(|_| ValidationError::new("membership_expires_at", "date-invalid"))?;
            Ok(Some(
                date.with_hms(23, 59, 59)
                    .map_err(AppError::internal)?
                    .assume_utc(),
            ))
        }
    }
}

impl MemberPatch {
    pub(crate) fn update(&self) -> Result<MemberUpdate, AppError> {
        Ok(MemberUpdate {
            role: parse_opt::<Role>(self.role.as_deref(), "role")?,
            status: parse_opt::<MemberStatus>(self.status.as_deref(), "status")?,
            membership_expires_at: match &self.membership_expires_at {
                None => None,
                Some(v) => Some(parse_expiry(v.as_deref())?),
            },
        })
    }
}

/// Changes a member's role, status (suspend or reinstate) or membership expiry. Audited.
#[utoipa::path(patch, path = "/api/v1/admin/members/{id}", tag = "admin", params(("id" = String, Path)),
    request_body = MemberPatch,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_member(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
    ApiJson(patch): ApiJson<MemberPatch>,
) -> Result<Json<Member>, AppError> {
    Ok(Json(
        state
            .accounts
            .update_member(&admin.actor(), id, patch.update()?)
            .await?,
    ))
}

/// All associations.
#[utoipa::path(get, path = "/api/v1/associations", tag = "organizations",
    responses((status = 200, body = Vec<Association>)))]
pub(crate) async fn list_associations(
    State(state): State<AppState>,
    _member: ActiveMember,
) -> Result<Json<Vec<Association>>, AppError> {
    Ok(Json(state.accounts.list_associations().await?))
}

#[derive(Deserialize, ToSchema)]
pub struct AssociationBody {
    pub name: String,
    pub short_name: String,
    /// ISO 3166 two-letter code
    pub country: String,
}

/// Creates an association. Site admins only.
#[utoipa::path(post, path = "/api/v1/associations", tag = "organizations", request_body = AssociationBody,
    responses((status = 201, body = Association), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn create_association(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(body): ApiJson<AssociationBody>,
) -> Result<(StatusCode, Json<Association>), AppError> {
    let new = NewAssociation::parse(&body.name, &body.short_name, &body.country)?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .accounts
                .create_association(Some(&admin.actor()), new)
                .await?,
        ),
    ))
}

#[derive(Deserialize, IntoParams, Default)]
pub struct AuditQuery {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    /// Entries with a smaller id (the next page)
    pub before: Option<i64>,
    pub limit: Option<i64>,
}

impl AuditQuery {
    pub(crate) fn filter(&self) -> Result<AuditFilter, AppError> {
        Ok(AuditFilter {
            action: self.action.clone().filter(|a| !a.trim().is_empty()),
            actor: parse_opt::<MemberId>(self.actor_id.as_deref(), "actor_id")?,
            target_id: self.target_id.clone().filter(|a| !a.trim().is_empty()),
            before: self.before,
            limit: self.limit.unwrap_or(100),
        })
    }
}

/// The audit log, newest first. Site admins only.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody)))]
pub(crate) async fn audit_log(
    State(state): State<AppState>,
    admin: Admin,
    QueryParams(q): QueryParams<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(
        state
            .accounts
            .audit_log(&admin.actor(), &q.filter()?)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct OrgChangeBody {
    /// An organization of the member's association, or null for none.
    pub org_id: Option<String>,
}

/// Moves a member to another organization of their association; their affiliation history
/// records the dates. Audited.
#[utoipa::path(put, path = "/api/v1/admin/members/{id}/organization", tag = "admin",
    params(("id" = String, Path)), request_body = OrgChangeBody,
    responses((status = 200, body = Member), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn change_member_org(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
    ApiJson(body): ApiJson<OrgChangeBody>,
) -> Result<Json<Member>, AppError> {
    let org = parse_opt::<OrgId>(body.org_id.as_deref(), "org_id")?;
    Ok(Json(
        state
            .accounts
            .change_organization(&admin.actor(), id, org)
            .await?,
    ))
}

/// A member's organizations over time, newest first.
#[utoipa::path(get, path = "/api/v1/admin/members/{id}/affiliations", tag = "admin",
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<civiclink_people::Affiliation>), (status = 404, body = ErrorBody)))]
pub(crate) async fn member_affiliations(
    State(state): State<AppState>,
    admin: Admin,
    PathParam(id): PathParam<MemberId>,
) -> Result<Json<Vec<civiclink_people::Affiliation>>, AppError> {
    let m = state.accounts.member_for_admin(&admin.actor(), id).await?;
    Ok(Json(state.people.affiliations(m.id).await?))
}
