//! Threads through the API: categories, lists of threads with a cursor, a thread with a page
//! of its posts, opening a thread, replying, reading and editing a post, its versions, and a
//! question's accepted answer. Every category, thread and post carries `url`, the address of
//! its page (a post's: its anchor on the page of its thread that shows it).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use civiclink_threads::{
    Category, Post, PostId, PostRevision, ReactionCount, THREADS_PAGE, ThreadDetail, ThreadId,
    ThreadPage,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::input::{CategoryBody, EditBody, ReplyBody, ThreadBody};
use super::pages::{ListQuery, page_number};
use crate::kit::error::AppError;
use crate::kit::extract::{ApiJson, PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::session::ActiveMember;
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_categories, create_category))
        .routes(routes!(list_threads, create_thread))
        .routes(routes!(get_thread, super::moderation::moderate_thread))
        .routes(routes!(create_post))
        .routes(routes!(get_post, edit_post, super::moderation::delete_post))
        .routes(routes!(revisions))
        .routes(routes!(set_answer))
        .routes(routes!(add_reaction, remove_reaction))
        .routes(routes!(add_bookmark, remove_bookmark))
}

/// Reacts to a post (`like`, `thanks`, `insightful` or `same_here`); not to one's own.
/// Answers the post's reactions as they now stand.
#[utoipa::path(put, path = "/api/v1/posts/{id}/reactions/{reaction}", tag = "threads",
    params(("id" = String, Path, format = Uuid), ("reaction" = String, Path)),
    responses((status = 200, body = Vec<ReactionCount>), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_reaction(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam((id, reaction)): PathParam<(PostId, String)>,
) -> Result<Json<Vec<ReactionCount>>, AppError> {
    Ok(Json(
        state
            .threads
            .react(&me.actor(), id, &reaction, true)
            .await?,
    ))
}

/// Takes a reaction back.
#[utoipa::path(delete, path = "/api/v1/posts/{id}/reactions/{reaction}", tag = "threads",
    params(("id" = String, Path, format = Uuid), ("reaction" = String, Path)),
    responses((status = 200, body = Vec<ReactionCount>), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn remove_reaction(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam((id, reaction)): PathParam<(PostId, String)>,
) -> Result<Json<Vec<ReactionCount>>, AppError> {
    Ok(Json(
        state
            .threads
            .react(&me.actor(), id, &reaction, false)
            .await?,
    ))
}

/// Bookmarks a thread (`GET /api/v1/threads?bookmarked=true` lists them).
#[utoipa::path(put, path = "/api/v1/threads/{id}/bookmark", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn add_bookmark(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
) -> Result<StatusCode, AppError> {
    state.threads.bookmark(&me.actor(), id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a bookmark off.
#[utoipa::path(delete, path = "/api/v1/threads/{id}/bookmark", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn remove_bookmark(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
) -> Result<StatusCode, AppError> {
    state.threads.bookmark(&me.actor(), id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The categories the caller may see, with how many threads each holds.
#[utoipa::path(get, path = "/api/v1/categories", tag = "threads",
    responses((status = 200, body = Vec<Category>)))]
pub(crate) async fn list_categories(
    State(state): State<AppState>,
    me: ActiveMember,
) -> Result<Json<Vec<Category>>, AppError> {
    Ok(Json(state.threads.categories(&me.actor()).await?))
}

/// Creates a category: site administrators anywhere, an association's administrators for
/// their association (the category is then restricted to it).
#[utoipa::path(post, path = "/api/v1/categories", tag = "threads", request_body = CategoryBody,
    responses((status = 201, body = Category), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_category(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<CategoryBody>,
) -> Result<(StatusCode, Json<Category>), AppError> {
    let category = state
        .threads
        .create_category(
            &me.actor(),
            &civiclink_threads::CategoryInput {
                name: &body.name,
                description: &body.description,
                association: &body.association,
                members_only: body.members_only,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(category)))
}

/// A list's filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ThreadsQuery {
    /// A category's slug or id.
    #[serde(default)]
    category: String,
    /// A tag.
    #[serde(default)]
    tag: String,
    /// A listing's id: the threads about it.
    #[serde(default)]
    listing: String,
    /// An organization's id: the threads about it.
    #[serde(default)]
    org: String,
    /// `discussion` or `question`.
    #[serde(default)]
    kind: String,
    /// `true`: questions without an accepted answer.
    #[serde(default)]
    unanswered: String,
    /// `true`: the caller's own threads.
    #[serde(default)]
    mine: String,
    /// `true`: the threads the caller bookmarked.
    #[serde(default)]
    bookmarked: String,
    /// `true`: the threads the caller watches.
    #[serde(default)]
    watched: String,
    /// The `next` of the previous page.
    #[serde(default)]
    cursor: String,
    /// At most 100; 30 when absent.
    #[serde(default)]
    limit: Option<String>,
}

/// Threads the caller may see, latest activity first, a page at a time. When more follow,
/// `next` is the cursor of the next page (and `Link: <…>; rel="next"` its address).
#[utoipa::path(get, path = "/api/v1/threads", tag = "threads", params(ThreadsQuery),
    responses((status = 200, body = ThreadPage), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub(crate) async fn list_threads(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(q): QueryParams<ThreadsQuery>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let category = match q.category.trim() {
        "" => None,
        c => Some(state.threads.category(&actor, c).await?),
    };
    let limit = match q.limit.as_deref().map(str::trim) {
        None | Some("") => THREADS_PAGE,
        Some(l) => l
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| {
                AppError::from(civiclink_domain::ValidationError::new(
                    "limit",
                    "limit-invalid",
                ))
            })?,
    };
    let list = ListQuery {
        category: q.category.clone(),
        tag: q.tag.clone(),
        listing: q.listing.clone(),
        org: q.org.clone(),
        kind: q.kind.clone(),
        unanswered: q.unanswered.clone(),
        mine: q.mine.clone(),
        bookmarked: q.bookmarked.clone(),
        watched: q.watched.clone(),
        after: q.cursor.clone(),
    };
    let filter = list.filter(&me, category.as_ref())?;
    let page = state
        .threads
        .threads(&actor, &filter, Some(&q.cursor), limit)
        .await?;
    let link = page.next.as_ref().map(|n| {
        let query = serde_urlencoded::to_string([
            ("category", q.category.as_str()),
            ("tag", q.tag.as_str()),
            ("listing", q.listing.as_str()),
            ("org", q.org.as_str()),
            ("kind", q.kind.as_str()),
            ("unanswered", q.unanswered.as_str()),
            ("mine", q.mine.as_str()),
            ("bookmarked", q.bookmarked.as_str()),
            ("watched", q.watched.as_str()),
            ("limit", &limit.to_string()),
            ("cursor", n.as_str()),
        ])
        .unwrap_or_default();
        format!(
            "<{}/api/v1/threads?{query}>; rel=\"next\"",
            state.config.public_url
        )
    });
    let mut response = Json(page).into_response();
    if let Some(link) = link {
        response.headers_mut().insert(
            "link",
            HeaderValue::from_str(&link).map_err(AppError::internal)?,
        );
    }
    Ok(response)
}

/// Opens a thread with its first post.
#[utoipa::path(post, path = "/api/v1/threads", tag = "threads", request_body = ThreadBody,
    responses((status = 201, body = ThreadDetail), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub(crate) async fn create_thread(
    State(state): State<AppState>,
    me: ActiveMember,
    ApiJson(body): ApiJson<ThreadBody>,
) -> Result<(StatusCode, Json<ThreadDetail>), AppError> {
    state
        .limit(
            &format!("posts:{}", me.member.id),
            state.config.limits.posts_per_account,
        )
        .await?;
    let actor = me.actor();
    let (id, _) = state.threads.create_thread(&actor, &body.input()).await?;
    Ok((
        StatusCode::CREATED,
        Json(state.threads.thread(&actor, id, 1).await?),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ThreadQuery {
    /// The page of posts, from 1 (50 posts a page).
    #[serde(default)]
    page: Option<String>,
}

/// A thread with one page of its posts (50 a page), if the caller may see it.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "threads",
    params(("id" = String, Path, format = Uuid), ThreadQuery),
    responses((status = 200, body = ThreadDetail), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_thread(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    QueryParams(q): QueryParams<ThreadQuery>,
) -> Result<Json<ThreadDetail>, AppError> {
    let page = page_number(q.page.as_deref())?;
    Ok(Json(state.threads.thread(&me.actor(), id, page).await?))
}

/// Replies to a thread.
#[utoipa::path(post, path = "/api/v1/threads/{id}/posts", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = ReplyBody,
    responses((status = 201, body = Post), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub(crate) async fn create_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> Result<(StatusCode, Json<Post>), AppError> {
    let reply_to = body.reply_to()?;
    state
        .limit(
            &format!("posts:{}", me.member.id),
            state.config.limits.posts_per_account,
        )
        .await?;
    let post = state
        .threads
        .reply(&me.actor(), id, &body.text, reply_to)
        .await?;
    Ok((StatusCode::CREATED, Json(post)))
}

/// One post, if the caller may see its thread.
#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Post), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(state.threads.post(&me.actor(), id).await?))
}

/// Edits a post: its author, or a moderator with a reason. The version replaced is kept.
#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = EditBody,
    responses((status = 200, body = Post), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn edit_post(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    ApiJson(body): ApiJson<EditBody>,
) -> Result<Json<Post>, AppError> {
    Ok(Json(
        state
            .threads
            .edit_post(&me.actor(), id, &body.edit())
            .await?,
    ))
}

/// Every version of a post, the first first.
#[utoipa::path(get, path = "/api/v1/posts/{id}/revisions", tag = "threads",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, body = Vec<PostRevision>), (status = 404, body = ErrorBody)))]
pub(crate) async fn revisions(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Json<Vec<PostRevision>>, AppError> {
    Ok(Json(state.threads.post_revisions(&me.actor(), id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerBody {
    /// The reply to accept; `null` clears the accepted answer.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub post: Option<PostId>,
}

/// Marks a question's accepted answer, or clears it: the question's author or a moderator.
#[utoipa::path(put, path = "/api/v1/threads/{id}/answer", tag = "threads",
    params(("id" = String, Path, format = Uuid)), request_body = AnswerBody,
    responses((status = 200, body = ThreadDetail), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn set_answer(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<Json<ThreadDetail>, AppError> {
    let actor = me.actor();
    state.threads.accept_answer(&actor, id, body.post).await?;
    Ok(Json(state.threads.thread(&actor, id, 1).await?))
}
