//! Notifications (the page and the API, marking them read) and how closely a member follows a
//! thread or a category (a form on their pages, and the API).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_i18n::t;
use civiclink_threads::{
    NOTIFICATIONS_PAGE, NotificationKind, NotificationPage, ThreadId, WatchLevel,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::one;
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, FormData, PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/notifications", get(notifications_page))
        .route("/notifications/read", post(read_form))
        .route("/threads/{id}/watch", post(watch_thread_form))
        .route("/threads/c/{slug}/watch", post(watch_category_form))
        .routes(routes!(list))
        .routes(routes!(mark_read))
        .routes(routes!(watch_thread))
        .routes(routes!(watch_category))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct NotificationsQuery {
    /// The `next` of the previous page.
    #[serde(default)]
    before: Option<String>,
}

impl NotificationsQuery {
    fn before(&self) -> Result<Option<i64>, AppError> {
        match self.before.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(b) => b.parse().map(Some).map_err(|_| {
                civiclink_domain::ValidationError::new("cursor", "cursor-invalid").into()
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "threads/notifications.html")]
struct NotificationsTemplate {
    page: Page,
    data: NotificationPage,
}

impl NotificationsTemplate {
    fn says(&self, kind: &NotificationKind, name: &str, others: &i64) -> String {
        let name = if name.is_empty() {
            t(self.page.lang, "audit-former-member")
        } else {
            name.to_owned()
        };
        let key = if *others > 0 {
            "notification-reaction-more".to_owned()
        } else {
            format!("notification-{}", kind.as_str().replace('_', "-"))
        };
        self.page
            .t2(&key, "name", name, "others", others.to_string())
    }
}

async fn notifications_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<NotificationsQuery>,
) -> Result<Response, AppError> {
    let data = state
        .threads
        .notifications(&me.actor(), q.before()?, NOTIFICATIONS_PAGE)
        .await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "notifications-title"),
        "notifications",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &NotificationsTemplate { page, data },
    ))
}

/// Marks read every notification up to `upto` (the newest the page showed), or all of them.
async fn read_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let upto = match one(&pairs, "upto").trim() {
        "" => None,
        u => Some(u.parse::<i64>().map_err(|_| {
            AppError::from(civiclink_domain::ValidationError::new(
                "upto",
                "cursor-invalid",
            ))
        })?),
    };
    state
        .threads
        .mark_notifications_read(&me.actor(), upto)
        .await?;
    set_flash(&s, t(me.lang, "notifications-flash-read")).await?;
    Ok(Redirect::to("/notifications").into_response())
}

fn level_of(raw: &str) -> Result<WatchLevel, AppError> {
    WatchLevel::parse(raw.trim())
        .ok_or_else(|| civiclink_domain::ValidationError::new("level", "invalid-choice").into())
}

async fn watch_thread_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let level = level_of(&one(&pairs, "level"))?;
    state.threads.watch_thread(&me.actor(), id, level).await?;
    set_flash(&s, t(me.lang, "threads-flash-level")).await?;
    Ok(Redirect::to(&format!("/threads/{id}")).into_response())
}

async fn watch_category_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(slug): PathParam<String>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let category = state.threads.category(&actor, &slug).await?;
    let level = level_of(&one(&pairs, "level"))?;
    state
        .threads
        .watch_category(&actor, category.id, level)
        .await?;
    set_flash(&s, t(me.lang, "threads-flash-level")).await?;
    Ok(Redirect::to(&format!("/threads/c/{}", category.slug)).into_response())
}

/// The caller's notifications, newest first, a page at a time (`before`: the `next` of the
/// previous page), with how many are unread.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "threads", params(NotificationsQuery),
    responses((status = 200, body = NotificationPage), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(q): QueryParams<NotificationsQuery>,
) -> Result<Json<NotificationPage>, AppError> {
    Ok(Json(
        state
            .threads
            .notifications(&me.actor(), q.before()?, NOTIFICATIONS_PAGE)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadBody {
    /// Marks read the notifications up to this `id`; absent or `null`: all of them.
    #[serde(default)]
    pub upto: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReadAnswer {
    /// How many were unread.
    pub marked: u64,
}

/// Marks the caller's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "threads",
    request_body = ReadBody, responses((status = 200, body = ReadAnswer)))]
pub(crate) async fn mark_read(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<ReadBody>,
) -> Result<Json<ReadAnswer>, AppError> {
    let marked = state
        .threads
        .mark_notifications_read(&me.actor(), body.upto)
        .await?;
    Ok(Json(ReadAnswer { marked }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct LevelBody {
    /// `muted`, `normal`, `watching_first` (a category's new threads) or `watching`.
    #[serde(default)]
    pub level: String,
}

/// Sets how closely the caller follows a thread.
#[utoipa::path(put, path = "/api/v1/threads/{id}/watch", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = LevelBody,
    responses((status = 200, body = LevelBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn watch_thread(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    ApiJson(body): ApiJson<LevelBody>,
) -> Result<Json<LevelBody>, AppError> {
    let level = level_of(&body.level)?;
    state.threads.watch_thread(&me.actor(), id, level).await?;
    Ok(Json(LevelBody {
        level: level.as_str().to_owned(),
    }))
}

/// Sets how closely the caller follows a category (named by its id or its slug).
#[utoipa::path(put, path = "/api/v1/categories/{id}/watch", tag = "threads",
    params(("id" = String, Path)), request_body = LevelBody,
    responses((status = 200, body = LevelBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn watch_category(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<String>,
    ApiJson(body): ApiJson<LevelBody>,
) -> Result<Json<LevelBody>, AppError> {
    let actor = me.actor();
    let category = state.threads.category(&actor, &id).await?;
    let level = level_of(&body.level)?;
    state
        .threads
        .watch_category(&actor, category.id, level)
        .await?;
    Ok(Json(LevelBody {
        level: level.as_str().to_owned(),
    }))
}
