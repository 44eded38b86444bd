//! Profiles in the API: anyone's profile as the caller may see it, and one's own to edit, with
//! its photo.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use civiclink_domain::DisplayName;
use civiclink_people::{Profile, ProfileUpdate, ProfileView};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_profile))
        .routes(routes!(my_profile, update_my_profile))
        .routes(routes!(feed))
}

/// A member's profile, with only the fields the caller may see.
#[utoipa::path(get, path = "/api/v1/people/{handle}", tag = "people",
    params(("handle" = String, Path)),
    responses((status = 200, body = ProfileView), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_profile(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(handle): PathParam<String>,
) -> Result<Json<ProfileView>, AppError> {
    let profile = state.people.visible_profile(&me.actor(), &handle).await?;
    Ok(Json(state.people.view(me.member.id, &profile).await?))
}

/// My own profile, whole, with each field's visibility.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "people",
    responses((status = 200, body = Profile)))]
pub(crate) async fn my_profile(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Profile>, AppError> {
    Ok(Json(state.people.profile(me.member.id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct ProfileBody {
    pub display_name: String,
    pub handle: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub department: String,
    /// Markdown, at most 10,000 characters.
    #[serde(default)]
    pub bio: String,
    /// `en`, `fr`, or empty.
    #[serde(default)]
    pub bio_language: String,
    pub years_in_municipal_it: Option<i64>,
    #[serde(default)]
    pub location: String,
    /// Web addresses (http or https), at most 10.
    #[serde(default)]
    pub links: Vec<String>,
    /// Curated slugs (such as `gis`) or free tags, at most 30.
    #[serde(default)]
    pub expertise: Vec<String>,
    /// Field name to `everyone`, `connections` or `nobody`.
    #[serde(default)]
    pub visibility: BTreeMap<String, String>,
    #[serde(default = "yes")]
    pub in_directory: bool,
}

fn yes() -> bool {
    true
}

/// Replaces my profile's editable fields. All fields are sent; what is left out is cleared.
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "people", request_body = ProfileBody,
    responses((status = 200, body = Profile), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn update_my_profile(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<ProfileBody>,
) -> Result<Json<Profile>, AppError> {
    let name = DisplayName::parse(&body.display_name)?;
    if body.expertise.iter().any(|t| t.contains(',')) {
        return Err(civiclink_domain::ValidationError::new("expertise", "tag-invalid").into());
    }
    let update = ProfileUpdate::parse(
        &body.handle,
        &body.job_title,
        &body.department,
        &body.bio,
        &body.bio_language,
        &body
            .years_in_municipal_it
            .map(|y| y.to_string())
            .unwrap_or_default(),
        &body.location,
        &body.links.join("\n"),
        &body.expertise.join(","),
        &body.visibility,
        body.in_directory,
    )?;
    if body.links.iter().any(|l| l.contains('\n')) {
        return Err(civiclink_domain::ValidationError::new("links", "link-invalid").into());
    }
    Ok(Json(
        state
            .people
            .edit_profile(me.member.id, &name, &update)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FeedQuery {
    /// Items older than this position: the previous page's `X-Next-Cursor` header. (The last
    /// item's `position` also works, but may show again a connection the previous page showed.)
    pub before: Option<i64>,
    /// 1 to 100; 20 by default.
    pub limit: Option<i64>,
}

/// My activity feed: what my connections and the members and organizations I follow did.
/// A page reads `limit` events and may show fewer items (a new connection is one item for two
/// events); while older events remain, `X-Next-Cursor` holds the next page's `before`.
#[utoipa::path(get, path = "/api/v1/feed", tag = "people", params(FeedQuery),
    responses((status = 200, body = Vec<civiclink_people::FeedItem>,
        headers(("X-Next-Cursor" = i64, description = "`before` of the next page, while there is one")))))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    me: ActiveMember,
    crate::kit::extract::QueryParams(q): crate::kit::extract::QueryParams<FeedQuery>,
) -> Result<Response, AppError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(civiclink_domain::ValidationError::new("limit", "invalid-choice").into());
    }
    let page = state.people.feed(me.member.id, q.before, limit).await?;
    let mut response = Json(page.items).into_response();
    if let Some(older) = page.older {
        response
            .headers_mut()
            .insert("x-next-cursor", axum::http::HeaderValue::from(older));
    }
    Ok(response)
}

/// The photo upload, kept apart from [`routes`] because it alone may send a body larger than
/// the application's 1 MiB limit (see `crate::app`).
pub(crate) fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_my_avatar, delete_my_avatar))
        .layer(DefaultBodyLimit::max(civiclink_people::AVATAR_MAX_BYTES))
        // Refused from `Content-Length`, before the body is asked for: a client that sent
        // `Expect: 100-continue` gets the 413 without uploading, and no answer is lost to a
        // connection reset after a partly read body.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            civiclink_people::AVATAR_MAX_BYTES,
        ))
}

/// Replaces my profile photo. The body is the image itself (PNG, JPEG or WebP, at most 5 MB and
/// 40 megapixels), sent with its `Content-Type`; it is checked by its content, cropped to a
/// square and stored as a 256×256 PNG without metadata. Served at `/avatars/{handle}`.
#[utoipa::path(put, path = "/api/v1/me/avatar", tag = "people",
    request_body(content = Vec<u8>, content_type = "image/png", description = "A PNG, JPEG or WebP image (`image/png`, `image/jpeg`, `image/webp`)"),
    responses((status = 204, description = "The photo was replaced"),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_my_avatar(
    State(state): State<AppState>,
    me: ActiveMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, AppError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(e.body_text())
        }
    })?;
    // The content type must claim an accepted format; the bytes are then checked on their own.
    let claimed = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if !matches!(
        claimed.as_deref(),
        Some("image/png" | "image/jpeg" | "image/webp")
    ) {
        return Err(civiclink_domain::ValidationError::new("avatar", "avatar-format").into());
    }
    state
        .limit(
            &format!("avatar:member:{}", me.member.id),
            state.config.limits.avatar_per_account,
        )
        .await?;
    state.people.set_avatar(me.member.id, body.to_vec()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes my profile photo; the initials are shown again.
#[utoipa::path(delete, path = "/api/v1/me/avatar", tag = "people",
    responses((status = 204, description = "There is no photo any more")))]
pub(crate) async fn delete_my_avatar(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<StatusCode, AppError> {
    state.people.remove_avatar(me.member.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
