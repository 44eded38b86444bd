//! Join requests waiting for an administrator: the list and the decision.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_accounts::JoinRequest;
use civiclink_domain::JoinRequestId;
use serde::Deserialize;

use civiclink_i18n::{Arg, t, t_args};

use crate::admin::api::parse_request_status;
use crate::admin::words::AdminWords;
use crate::kit::error::AppError;
use crate::kit::extract::{PathParam, QueryParams};
use crate::kit::page::{Page, render};
use crate::kit::session::{Admin, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/admin",
            get(|_: Admin| async { Redirect::to("/admin/join-requests") }),
        )
        .route("/admin/join-requests", get(join_requests))
        .route("/admin/join-requests/{id}/approve", post(approve))
        .route("/admin/join-requests/{id}/decline", post(decline))
}

#[derive(Template)]
#[template(path = "admin/join_requests.html")]
struct JoinRequestsPage {
    page: Page,
    requests: Vec<JoinRequest>,
    status: String,
}

#[derive(Deserialize)]
struct StatusQuery {
    status: Option<String>,
}

async fn join_requests(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    QueryParams(q): QueryParams<StatusQuery>,
) -> Result<Response, AppError> {
    let status = parse_request_status(q.status.as_deref())?;
    let requests = state
        .accounts
        .list_join_requests(&admin.actor(), status)
        .await?;
    let page = Page::new(
        &s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-requests"),
        "admin-requests",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &JoinRequestsPage {
            page,
            requests,
            status: q.status.unwrap_or_else(|| "pending".into()),
        },
    ))
}

async fn decide(
    state: &AppState,
    s: &tower_sessions::Session,
    admin: &Admin,
    id: JoinRequestId,
    approve: bool,
) -> Result<Response, AppError> {
    let r = state
        .accounts
        .decide_join_request(&admin.actor(), id, approve)
        .await?;
    let key = if approve {
        "requests-approved"
    } else {
        "requests-declined"
    };
    set_flash(
        s,
        t_args(
            admin.lang(),
            key,
            &[("name", Arg::Str(r.display_name.clone()))],
        ),
    )
    .await?;
    Ok(Redirect::to("/admin/join-requests").into_response())
}

async fn approve(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Response, AppError> {
    decide(&state, &s, &admin, id, true).await
}

async fn decline(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    PathParam(id): PathParam<JoinRequestId>,
) -> Result<Response, AppError> {
    decide(&state, &s, &admin, id, false).await
}
