//! Threads on pages: the lists (latest activity, by category, tag, listing, organization,
//! kind, unanswered, mine), opening a thread, a thread's page with its replies, replying and
//! quoting, accepting an answer, editing a post and its history. Everything works without
//! JavaScript.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_i18n::t;
use civiclink_threads::{
    Category, LinkedListing, Post, PostId, PostRevision, THREADS_PAGE, ThreadDetail, ThreadFilter,
    ThreadId, ThreadKind, ThreadPage, WatchLevel,
};
use serde::Deserialize;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::input::{EditBody, ReplyBody, ThreadBody, one};
use super::words::ThreadsWords;
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam, QueryParams};
use crate::kit::page::{FormState, Page, path_of, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/threads", get(list_page))
        .route("/threads/c/{slug}", get(category_page))
        .route("/threads/new", get(new_page).post(create))
        .route("/threads/{id}", get(thread_page))
        .route("/threads/{id}/reply", get(reply_page).post(reply))
        .route("/threads/{id}/answer", post(accept))
        .route("/posts/{id}/edit", get(edit_page).post(edit))
        .route("/posts/{id}/history", get(history_page))
        .route("/posts/{id}/react", post(react))
        .route("/threads/{id}/bookmark", post(bookmark))
}

/// Reacts to a post, or takes the reaction back (`on` = 0), and returns to it.
async fn react(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let on = one(&pairs, "on").trim() != "0";
    let actor = me.actor();
    state
        .threads
        .react(&actor, id, &one(&pairs, "reaction"), on)
        .await?;
    let post = state.threads.post(&actor, id).await?;
    Ok(Redirect::to(path_of(&post.url)).into_response())
}

/// Bookmarks a thread, or takes the bookmark off (`on` = 0).
async fn bookmark(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let on = one(&pairs, "on").trim() != "0";
    state.threads.bookmark(&me.actor(), id, on).await?;
    set_flash(
        &s,
        t(
            me.lang,
            if on {
                "threads-flash-bookmarked"
            } else {
                "threads-flash-unbookmarked"
            },
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/threads/{id}")).into_response())
}

/// A list's filters, as the address carries them.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tag: String,
    #[serde(default)]
    pub listing: String,
    #[serde(default)]
    pub org: String,
    /// `discussion` or `question`.
    #[serde(default)]
    pub kind: String,
    /// `1`: questions without an accepted answer.
    #[serde(default)]
    pub unanswered: String,
    /// `1`: the viewer's own threads.
    #[serde(default)]
    pub mine: String,
    /// `1`: the threads the viewer bookmarked.
    #[serde(default)]
    pub bookmarked: String,
    /// `1`: the threads the viewer watches.
    #[serde(default)]
    pub watched: String,
    /// The `next` of the page before.
    #[serde(default)]
    pub after: String,
}

impl ListQuery {
    /// The filter this query names, the category resolved by the caller.
    pub(crate) fn filter(
        &self,
        me: &ActiveMember,
        category: Option<&Category>,
    ) -> Result<ThreadFilter, AppError> {
        let bad = |field: &'static str| {
            AppError::from(civiclink_domain::ValidationError::new(
                field,
                "invalid-choice",
            ))
        };
        fn id<T: std::str::FromStr>(s: &str, field: &'static str) -> Result<Option<T>, AppError> {
            match s.trim() {
                "" => Ok(None),
                v => v.parse().map(Some).map_err(|_| {
                    civiclink_domain::ValidationError::new(field, "invalid-choice").into()
                }),
            }
        }
        Ok(ThreadFilter {
            category: category.map(|c| c.id),
            tag: match self.tag.trim() {
                "" => None,
                t => Some(civiclink_threads::tag(t).ok_or_else(|| bad("tag"))?),
            },
            listing: id(&self.listing, "listing")?,
            org: id(&self.org, "org")?,
            kind: match self.kind.trim() {
                "" => None,
                k => Some(ThreadKind::parse(k).ok_or_else(|| bad("kind"))?),
            },
            unanswered: flag(&self.unanswered),
            author: flag(&self.mine).then_some(me.member.id),
            bookmarked_by: flag(&self.bookmarked).then_some(me.member.id),
            watched_by: flag(&self.watched).then_some(me.member.id),
        })
    }

    /// This list's address with `after` as its cursor.
    fn next_url(&self, base: &str, after: &str) -> String {
        let query = serde_urlencoded::to_string([
            ("category", self.category.as_str()),
            ("tag", self.tag.as_str()),
            ("listing", self.listing.as_str()),
            ("org", self.org.as_str()),
            ("kind", self.kind.as_str()),
            ("unanswered", self.unanswered.as_str()),
            ("mine", self.mine.as_str()),
            ("bookmarked", self.bookmarked.as_str()),
            ("watched", self.watched.as_str()),
            ("after", after),
        ])
        .unwrap_or_default();
        format!("{base}?{query}")
    }
}

fn flag(s: &str) -> bool {
    matches!(s.trim(), "1" | "true" | "on" | "yes")
}

#[derive(Template)]
#[template(path = "threads/list.html")]
struct ListTemplate<'a> {
    page: Page,
    q: ListQuery,
    /// The category whose page this is.
    category: Option<Category>,
    categories: &'a [Category],
    kinds: [ThreadKind; 2],
    results: &'a ThreadPage,
    next_url: Option<String>,
    action: String,
    /// How closely the viewer follows the category whose page this is.
    level: WatchLevel,
    levels: [WatchLevel; 4],
}

async fn list_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<ListQuery>,
) -> Result<Response, AppError> {
    let category = match q.category.trim() {
        "" => None,
        c => Some(state.threads.category(&me.actor(), c).await?),
    };
    list(state, s, me, q, category).await
}

async fn category_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(slug): PathParam<String>,
    QueryParams(mut q): QueryParams<ListQuery>,
) -> Result<Response, AppError> {
    let category = state.threads.category(&me.actor(), &slug).await?;
    q.category = String::new();
    list(state, s, me, q, Some(category)).await
}

/// What a list page shows: the categories the viewer sees, and the page of threads.
struct ListData {
    categories: Vec<Category>,
    results: ThreadPage,
}

async fn list(
    state: AppState,
    s: Session,
    me: ActiveMember,
    q: ListQuery,
    category: Option<Category>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let filter = q.filter(&me, category.as_ref())?;
    let key = format!("{}:{:?}:{}", me.member.id, filter, q.after);
    let data = state
        .read_through(key, || async {
            Ok(ListData {
                categories: state.threads.categories(&actor).await?,
                results: state
                    .threads
                    .threads(&actor, &filter, Some(&q.after), THREADS_PAGE)
                    .await?,
            })
        })
        .await?;
    let action = match &category {
        Some(c) => format!("/threads/c/{}", c.slug),
        None => "/threads".to_owned(),
    };
    let next_url = data.results.next.as_ref().map(|n| q.next_url(&action, n));
    let level = match &category {
        Some(c) => {
            *state
                .read_through(format!("{}:{}", me.member.id, c.id), || async {
                    Ok(state.threads.category_level(&actor, c.id).await?)
                })
                .await?
        }
        None => WatchLevel::Normal,
    };
    let title = match &category {
        Some(c) => c.name.clone(),
        None => t(me.lang, "threads-title"),
    };
    let page = Page::new(&s, me.lang, Some(&me.member), title, "threads").await?;
    Ok(render(
        StatusCode::OK,
        &ListTemplate {
            page,
            q,
            category,
            categories: &data.categories,
            kinds: ThreadKind::ALL,
            results: &data.results,
            next_url,
            action,
            level,
            levels: WatchLevel::ALL,
        },
    ))
}

impl ListTemplate<'_> {
    fn watch_action(&self) -> String {
        self.category
            .as_ref()
            .map(|c| format!("/threads/c/{}/watch", c.slug))
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "threads/new.html")]
struct NewTemplate {
    page: Page,
    form: FormState,
    body: ThreadBody,
    categories: Vec<Category>,
    listings: Vec<LinkedListing>,
    kinds: [ThreadKind; 2],
    /// The viewer's organization, which the thread may be about.
    org: Option<(String, String)>,
}

/// Where a new thread starts from: `?listing=` picks a listing, `?category=` a category.
#[derive(Clone, Debug, Default, Deserialize)]
struct NewQuery {
    #[serde(default)]
    listing: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    kind: String,
}

fn thread_values(lang: civiclink_domain::Language, body: &ThreadBody) -> FormState {
    let tags = body.tags.join(", ");
    FormState::with_values(
        lang,
        [
            ("title", body.title.as_str()),
            ("text", body.text.as_str()),
            ("tags", tags.as_str()),
        ],
    )
}

async fn new_form(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    body: ThreadBody,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let org = match me.member.org_id {
        Some(o) => state
            .accounts
            .organization(o)
            .await
            .ok()
            .map(|org| (o.to_string(), org.name)),
        None => None,
    };
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-new-title"),
        "threads",
    )
    .await?
    .at("/threads/new");
    Ok(render(
        status,
        &NewTemplate {
            page,
            form,
            categories: state.threads.categories(&actor).await?,
            listings: state.threads.listing_choices().await?,
            kinds: ThreadKind::ALL,
            org,
            body,
        },
    ))
}

async fn new_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<NewQuery>,
) -> Result<Response, AppError> {
    let body = ThreadBody {
        category: q.category,
        kind: q.kind,
        listings: q
            .listing
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        ..ThreadBody::default()
    };
    let form = thread_values(me.lang, &body);
    new_form(&state, &s, &me, body, form, StatusCode::OK).await
}

async fn create(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = ThreadBody::from_form(&pairs);
    let mut form = thread_values(me.lang, &body);
    state
        .limit(
            &format!("posts:{}", me.member.id),
            state.config.limits.posts_per_account,
        )
        .await?;
    match state
        .threads
        .create_thread(&me.actor(), &body.input())
        .await
    {
        Ok((id, _)) => {
            set_flash(&s, t(me.lang, "threads-flash-created")).await?;
            Ok(Redirect::to(&format!("/threads/{id}")).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            new_form(
                &state,
                &s,
                &me,
                body,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "threads/thread.html")]
struct ThreadTemplate<'a> {
    page: Page,
    thread: &'a ThreadDetail,
    form: FormState,
    /// How closely the viewer follows it.
    level: WatchLevel,
    levels: [WatchLevel; 3],
    /// Where a moderator may move it.
    categories: Vec<Category>,
}

impl ThreadTemplate<'_> {
    /// Whether post `number` is the first the viewer has not read.
    fn is_first_new(&self, number: &i32) -> bool {
        self.thread.last_read.is_some_and(|r| *number == r + 1)
    }

    fn watch_action(&self) -> String {
        format!("/threads/{}/watch", self.thread.summary.id)
    }

    fn page_url(&self, n: &u32) -> String {
        if *n <= 1 {
            format!("/threads/{}", self.thread.summary.id)
        } else {
            format!("/threads/{}?page={n}", self.thread.summary.id)
        }
    }
}

/// The levels a thread offers (watching the first post is a category's).
const THREAD_LEVELS: [WatchLevel; 3] =
    [WatchLevel::Watching, WatchLevel::Normal, WatchLevel::Muted];

#[derive(Clone, Debug, Default, Deserialize)]
struct ThreadQuery {
    #[serde(default)]
    page: Option<String>,
}

async fn thread_data(
    state: &AppState,
    me: &ActiveMember,
    id: ThreadId,
    page: u32,
) -> Result<std::sync::Arc<ThreadDetail>, AppError> {
    let actor = me.actor();
    state
        .read_through(format!("{}:{id}:{page}", me.member.id), || async {
            Ok(state.threads.thread(&actor, id, page).await?)
        })
        .await
}

pub(crate) fn page_number(raw: Option<&str>) -> Result<u32, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(1),
        Some(p) => {
            p.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                civiclink_domain::ValidationError::new("page", "invalid-choice").into()
            })
        }
    }
}

async fn thread_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    QueryParams(q): QueryParams<ThreadQuery>,
) -> Result<Response, AppError> {
    let n = page_number(q.page.as_deref())?;
    let thread = thread_data(&state, &me, id, n).await?;
    // The viewer has now seen the posts of this page (noted in memory, written later).
    if let Some(last) = thread.posts.last() {
        state.threads.note_read(me.member.id, id, last.number);
    }
    let actor = me.actor();
    let level = state
        .read_through(format!("{}:{id}", me.member.id), || async {
            Ok(state.threads.thread_level(&actor, id).await?)
        })
        .await?;
    let categories = if thread.moderates {
        state.threads.categories(&actor).await?
    } else {
        Vec::new()
    };
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        thread.summary.title.clone(),
        "threads",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &ThreadTemplate {
            page,
            thread: &thread,
            form: FormState::new(me.lang),
            level: *level,
            levels: THREAD_LEVELS,
            categories,
        },
    ))
}

#[derive(Clone, Debug, Default, Deserialize)]
struct ReplyQuery {
    /// The post to answer.
    #[serde(default)]
    to: String,
    /// `1`: start the reply with the post quoted.
    #[serde(default)]
    quote: String,
}

#[derive(Template)]
#[template(path = "threads/reply.html")]
struct ReplyTemplate<'a> {
    page: Page,
    thread: &'a ThreadDetail,
    form: FormState,
    reply_to: Option<Post>,
}

impl ReplyTemplate<'_> {
    /// The reply form shows no "new" marker.
    fn is_first_new(&self, _number: &i32) -> bool {
        false
    }
}

/// The markdown of `post` quoted, for a reply that starts from it.
fn quoted(post: &Post) -> String {
    let mut out = String::new();
    for line in post.text.lines() {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

async fn reply_form(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    id: ThreadId,
    reply_to: Option<Post>,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let thread = thread_data(state, me, id, 1).await?;
    if !thread.may_reply {
        return Err(civiclink_threads::ThreadsError::Conflict("conflict-thread-locked").into());
    }
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-reply-title"),
        "threads",
    )
    .await?
    .at(format!("/threads/{id}/reply"));
    Ok(render(
        status,
        &ReplyTemplate {
            page,
            thread: &thread,
            form,
            reply_to,
        },
    ))
}

/// The post of thread `id` a reply answers, named by `to`.
async fn post_of_thread(
    state: &AppState,
    me: &ActiveMember,
    id: ThreadId,
    to: &str,
) -> Result<Option<Post>, AppError> {
    match to.trim() {
        "" => Ok(None),
        to => {
            let post_id: PostId = to.parse().map_err(|_| AppError::NotFound)?;
            let post = state.threads.post(&me.actor(), post_id).await?;
            if post.thread_id != id {
                return Err(AppError::NotFound);
            }
            Ok(Some(post))
        }
    }
}

async fn reply_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    QueryParams(q): QueryParams<ReplyQuery>,
) -> Result<Response, AppError> {
    let to = post_of_thread(&state, &me, id, &q.to).await?;
    let body = match &to {
        Some(p) if flag(&q.quote) => quoted(p),
        _ => String::new(),
    };
    let form = FormState::with_values(me.lang, [("text", body.as_str())]);
    reply_form(&state, &s, &me, id, to, form, StatusCode::OK).await
}

async fn reply(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = ReplyBody::from_form(&pairs);
    let mut form = FormState::with_values(me.lang, [("text", body.text.as_str())]);
    let to = post_of_thread(&state, &me, id, body.reply_to.as_deref().unwrap_or("")).await?;
    state
        .limit(
            &format!("posts:{}", me.member.id),
            state.config.limits.posts_per_account,
        )
        .await?;
    match state
        .threads
        .reply(&me.actor(), id, &body.text, to.as_ref().map(|p| p.id))
        .await
    {
        Ok(post) => {
            set_flash(&s, t(me.lang, "threads-flash-replied")).await?;
            Ok(Redirect::to(path_of(&post.url)).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            reply_form(
                &state,
                &s,
                &me,
                id,
                to,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Marks the accepted answer (`post`), or clears it (`post` empty).
async fn accept(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ThreadId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let post = match one(&pairs, "post").trim() {
        "" => None,
        p => Some(p.parse::<PostId>().map_err(|_| AppError::NotFound)?),
    };
    state.threads.accept_answer(&me.actor(), id, post).await?;
    set_flash(
        &s,
        t(
            me.lang,
            if post.is_some() {
                "threads-flash-accepted"
            } else {
                "threads-flash-unaccepted"
            },
        ),
    )
    .await?;
    let to = match post {
        Some(p) => path_of(&state.threads.post(&me.actor(), p).await?.url).to_owned(),
        None => format!("/threads/{id}"),
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Template)]
#[template(path = "threads/edit.html")]
struct EditTemplate {
    page: Page,
    form: FormState,
    post: Post,
    /// The thread's title, offered when the post is the first.
    title: Option<String>,
    /// The editor is not the author: a reason is asked.
    as_moderator: bool,
}

async fn edit_form(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    post: Post,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    if !post.editable {
        return Err(AppError::Forbidden);
    }
    let title = if post.number == 1 {
        Some(
            state
                .threads
                .thread(&me.actor(), post.thread_id, 1)
                .await?
                .summary
                .title
                .clone(),
        )
    } else {
        None
    };
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-edit-title"),
        "threads",
    )
    .await?
    .at(format!("/posts/{}/edit", post.id));
    Ok(render(
        status,
        &EditTemplate {
            page,
            form,
            as_moderator: post.author.id != me.member.id,
            post,
            title,
        },
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Response, AppError> {
    let post = state.threads.post(&me.actor(), id).await?;
    let form = FormState::with_values(me.lang, [("text", post.text.as_str())]);
    edit_form(&state, &s, &me, post, form, StatusCode::OK).await
}

async fn edit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = EditBody::from_form(&pairs);
    let post = state.threads.post(&me.actor(), id).await?;
    let mut form = FormState::with_values(
        me.lang,
        [
            ("text", body.text.as_str()),
            ("title", body.title.as_str()),
            ("reason", body.reason.as_str()),
        ],
    );
    match state.threads.edit_post(&me.actor(), id, &body.edit()).await {
        Ok(post) => {
            set_flash(&s, t(me.lang, "threads-flash-edited")).await?;
            Ok(Redirect::to(path_of(&post.url)).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            edit_form(
                &state,
                &s,
                &me,
                post,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "threads/history.html")]
struct HistoryTemplate {
    page: Page,
    post: Post,
    revisions: Vec<PostRevision>,
}

async fn history_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<PostId>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let post = state.threads.post(&actor, id).await?;
    let mut revisions = state.threads.post_revisions(&actor, id).await?;
    revisions.reverse();
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "threads-history-title"),
        "threads",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &HistoryTemplate {
            page,
            post,
            revisions,
        },
    ))
}
