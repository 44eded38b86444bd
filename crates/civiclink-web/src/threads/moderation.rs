//! Moderation on pages and through the API: flagging a post, the moderators' queue of flags,
//! hiding, deleting and restoring posts, locking, pinning and moving threads.

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_i18n::t;
use civiclink_threads::{
    Flag, FlagId, FlagReason, Post, PostId, ThreadChange, ThreadDetail, ThreadId,
};
use serde::Deserialize;
use tower_sessions::Session;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::one;
use super::words::ThreadsWords;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, FormData, PathParam};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{FormState, Page, path_of, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/posts/{id}/flag", get(flag_page).post(flag_form))
        .route("/posts/{id}/hide", post(hide_form))
        .route("/posts/{id}/delete", post(delete_form))
        .route("/posts/{id}/restore", post(restore_form))
        .route("/threads/flags", get(queue_page))
        .route("/threads/flags/{id}/dismiss", post(dismiss_form))
        .route("/threads/{id}/moderate", post(moderate_form))
        .routes(routes!(flag_post))
        .routes(routes!(hide_post))
        .routes(routes!(restore_post))
        .routes(routes!(list_flags))
        .routes(routes!(dismiss_flag))
        .routes(routes!(silence, unsilence))
}

#[derive(Deserialize, ToSchema)]
pub struct SilenceBody {
    /// For how many days (1 to 365).
    #[serde(default)]
    pub days: i64,
    /// Why, kept in the moderation log.
    #[serde(default)]
    pub reason: String,
}

#[derive(serde::Serialize, ToSchema)]
pub struct SilenceAnswer {
    #[schema(value_type = String, format = DateTime)]
    #[serde(with = "time::serde::rfc3339")]
    pub until: time::OffsetDateTime,
}

/// Silences a member in threads for some days, with a reason: site moderators. They read as
/// before and write nothing there until then.
#[utoipa::path(put, path = "/api/v1/members/{id}/silence", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = SilenceBody,
    responses((status = 200, body = SilenceAnswer), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn silence(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<civiclink_domain::MemberId>,
    ApiJson(body): ApiJson<SilenceBody>,
) -> Result<Json<SilenceAnswer>, AppError> {
    let until = state
        .threads
        .silence(&me.actor(), id, body.days, &body.reason)
        .await?;
    Ok(Json(SilenceAnswer { until }))
}

/// Lifts a member's silence: site moderators.
#[utoipa::path(delete, path = "/api/v1/members/{id}/silence", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn unsilence(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<civiclink_domain::MemberId>,
) -> Result<StatusCode, AppError> {
    state.threads.unsilence(&me.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "threads/flag.html")]
struct FlagTemplate {
    page: Page,
    form: FormState,
    post: Post,
    reasons: [FlagReason; 4],
    reason: String,
}

async fn flag_form_page(
    s: &Session,
    me: &ActiveMember,
    post: Post,
    form: FormState,
    reason: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-flag-title"),
        "threads",
    )
    .await?
    .at(format!("/posts/{}/flag", post.id));
    Ok(render(
        status,
        &FlagTemplate {
            page,
            form,
            post,
            reasons: FlagReason::ALL,
            reason,
        },
    ))
}

async fn flag_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Response, AppError> {
    let post = state.threads.post(&me.actor(), id).await?;
    flag_form_page(
        &s,
        &me,
        post,
        FormState::new(me.lang),
        String::new(),
        StatusCode::OK,
    )
    .await
}

async fn flag_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let post = state.threads.post(&actor, id).await?;
    let (reason, note) = (one(&pairs, "reason"), one(&pairs, "note"));
    let mut form = FormState::with_values(me.lang, [("note", note.as_str())]);
    match state.threads.flag_post(&actor, id, &reason, &note).await {
        Ok(_) => {
            set_flash(&s, t(me.lang, "threads-flash-flagged")).await?;
            Ok(Redirect::to(path_of(&post.url)).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            flag_form_page(
                &s,
                &me,
                post,
                form,
                reason,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Where a moderator's action on a post returns: the post on its thread's page.
async fn back_to_post(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    id: PostId,
    flash: &str,
) -> Result<Response, AppError> {
    set_flash(s, t(me.lang, flash)).await?;
    let post = state.threads.post(&me.actor(), id).await?;
    Ok(Redirect::to(path_of(&post.url)).into_response())
}

async fn hide_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    state
        .threads
        .hide_post(&me.actor(), id, &one(&pairs, "reason"))
        .await?;
    back_to_post(&state, &s, &me, id, "threads-flash-hidden").await
}

async fn delete_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Response, AppError> {
    state.threads.delete_post(&me.actor(), id).await?;
    back_to_post(&state, &s, &me, id, "threads-flash-deleted").await
}

async fn restore_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Response, AppError> {
    state.threads.restore_post(&me.actor(), id).await?;
    back_to_post(&state, &s, &me, id, "threads-flash-restored").await
}

#[derive(Template)]
#[template(path = "threads/flags.html")]
struct QueueTemplate {
    page: Page,
    flags: Vec<Flag>,
}

/// The open flags of the categories the viewer moderates; others are refused.
async fn queue_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let actor = me.actor();
    if !state.threads.moderates_any(&actor).await? {
        return Err(AppError::Forbidden);
    }
    let flags = state.threads.open_flags(&actor).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-flags-title"),
        "threads",
    )
    .await?;
    Ok(render(StatusCode::OK, &QueueTemplate { page, flags }))
}

async fn dismiss_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<FlagId>,
) -> Result<Response, AppError> {
    state.threads.dismiss_flag(&me.actor(), id).await?;
    set_flash(&s, t(me.lang, "threads-flash-dismissed")).await?;
    Ok(Redirect::to("/threads/flags").into_response())
}

/// A form's yes or no: `None` when it did not say. A checkbox follows a hidden field of the
/// same name, so the last value is the one that counts.
fn yes_no(pairs: &[(String, String)], name: &str) -> Option<bool> {
    let last = pairs
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    match last.trim() {
        "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

async fn moderate_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let change = ThreadChange {
        locked: yes_no(&pairs, "locked"),
        pinned: yes_no(&pairs, "pinned"),
        pinned_globally: yes_no(&pairs, "pinned_globally"),
        category: Some(one(&pairs, "category")).filter(|c| !c.trim().is_empty()),
        slow_mode_secs: match one(&pairs, "slow_mode_secs").trim() {
            "" => None,
            n => Some(n.parse().map_err(|_| {
                AppError::from(civiclink_domain::ValidationError::new(
                    "slow_mode_secs",
                    "number-invalid",
                ))
            })?),
        },
    };
    state
        .threads
        .moderate_thread(&me.actor(), id, &change)
        .await?;
    set_flash(&s, t(me.lang, "threads-flash-moderated")).await?;
    Ok(Redirect::to(&format!("/threads/{id}")).into_response())
}

/// Deletes a post: its author (a reply) or a moderator. Moderators may restore it.
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<StatusCode, AppError> {
    state.threads.delete_post(&me.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct FlagBody {
    /// `spam`, `off_topic`, `inappropriate` or `other` (which needs a note).
    #[serde(default)]
    pub reason: String,
    /// At most 1000 characters.
    #[serde(default)]
    pub note: String,
}

/// Flags a post for the moderators; once per member while the flag is open.
#[utoipa::path(post, path = "/api/v1/posts/{id}/flags", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = FlagBody,
    responses((status = 201, body = Flag), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn flag_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    ApiJson(body): ApiJson<FlagBody>,
) -> Result<(StatusCode, Json<serde_json::Value>), AppError> {
    let flag = state
        .threads
        .flag_post(&me.actor(), id, &body.reason, &body.note)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": flag, "post_id": id, "reason": body.reason.trim() })),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReasonBody {
    /// Why, kept in the moderation log.
    #[serde(default)]
    pub reason: String,
}

/// Hides a post and settles its open flags: a moderator, with a reason.
#[utoipa::path(post, path = "/api/v1/posts/{id}/hide", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = ReasonBody,
    responses((status = 200, body = Post), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn hide_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Post>, AppError> {
    let actor = me.actor();
    state.threads.hide_post(&actor, id, &body.reason).await?;
    Ok(Json(state.threads.post(&actor, id).await?))
}

/// Shows a hidden or deleted post again: a moderator.
#[utoipa::path(post, path = "/api/v1/posts/{id}/restore", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Post), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn restore_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Json<Post>, AppError> {
    let actor = me.actor();
    state.threads.restore_post(&actor, id).await?;
    Ok(Json(state.threads.post(&actor, id).await?))
}

/// The open flags of the categories the caller moderates, oldest first.
#[utoipa::path(get, path = "/api/v1/flags", tag = "threads",
    responses((status = 200, body = Vec<Flag>), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_flags(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Flag>>, AppError> {
    let actor = me.actor();
    if !state.threads.moderates_any(&actor).await? {
        return Err(AppError::Forbidden);
    }
    Ok(Json(state.threads.open_flags(&actor).await?))
}

/// Dismisses an open flag: a moderator of its post's category.
#[utoipa::path(post, path = "/api/v1/flags/{id}/dismiss", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn dismiss_flag(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<FlagId>,
) -> Result<StatusCode, AppError> {
    state.threads.dismiss_flag(&me.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct ThreadPatch {
    #[serde(default)]
    pub locked: Option<bool>,
    /// First in its category's lists.
    #[serde(default)]
    pub pinned: Option<bool>,
    /// First in every list.
    #[serde(default)]
    pub pinned_globally: Option<bool>,
    /// Another category's id or slug.
    #[serde(default)]
    pub category: Option<String>,
    /// Slow mode: seconds between two posts of a member (0 ends it; at most 86400).
    #[serde(default)]
    pub slow_mode_secs: Option<i32>,
}

/// Locks, pins or moves a thread: a moderator of its category.
#[utoipa::path(patch, path = "/api/v1/threads/{id}", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = ThreadPatch,
    responses((status = 200, body = ThreadDetail), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn moderate_thread(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    ApiJson(body): ApiJson<ThreadPatch>,
) -> Result<Json<ThreadDetail>, AppError> {
    let actor = me.actor();
    let change = ThreadChange {
        locked: body.locked,
        pinned: body.pinned,
        pinned_globally: body.pinned_globally,
        category: body.category,
        slow_mode_secs: body.slow_mode_secs,
    };
    state.threads.moderate_thread(&actor, id, &change).await?;
    Ok(Json(state.threads.thread(&actor, id, 1).await?))
}

impl FlagTemplate {
    fn reason_word(&self, r: &FlagReason) -> String {
        self.page.flag_reason(r)
    }
}
