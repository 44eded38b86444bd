//! An organization's stack as a CSV file: exported (API, linked from the stack page) and
//! imported with a preview, on a page (a file upload, then the preview's confirmation) and
//! through the API (`dry_run=true` for the preview). A file with any bad line writes nothing and
//! answers every line's problem.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_domain::OrgId;
use civiclink_i18n::t;
use civiclink_technology::{ImportReport, LineError};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::error::AppError;
use crate::kit::extract::{PathParam, QueryParams};
use crate::kit::openapi::ErrorBody;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/organizations/{id}/stack/import",
            get(import_page).post(import_submit),
        )
        .routes(routes!(export))
        .routes(routes!(import))
}

/// The organization's stack as CSV (`text/csv`), one line per listing, as the caller may see
/// it: the columns an import reads.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/stack.csv", tag = "technology",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 404, body = ErrorBody)))]
pub(crate) async fn export(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    let csv = state.technology.stack_csv(&me.actor(), id).await?;
    let name: String = org
        .name
        .to_string()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}-stack.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ImportQuery {
    /// `true`: check the file and answer what it would do, writing nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// A refused file: every line's problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRefusal {
    /// `invalid_csv`.
    pub error: &'static str,
    pub message: String,
    pub lines: Vec<LineErrorBody>,
}

/// One problem, worded.
#[derive(Debug, Serialize, ToSchema)]
pub struct LineErrorBody {
    pub line: u64,
    pub column: String,
    pub code: String,
    pub message: String,
}

fn worded(lang: civiclink_domain::Language, errors: &[LineError]) -> Vec<LineErrorBody> {
    errors
        .iter()
        .map(|e| LineErrorBody {
            line: e.line,
            column: e.column.clone(),
            code: e.message.clone(),
            message: if e.column.is_empty() || e.message.starts_with("csv-") {
                t(lang, &format!("validation-{}", e.message))
            } else {
                civiclink_i18n::validation(lang, &e.column, &e.message)
            },
        })
        .collect()
}

/// Imports a stack file (the body, `text/csv`, UTF-8). Every line is checked before anything
/// is written: a file with a bad line writes nothing and answers 422 with each line's problem.
/// A line creates the organization's record of its listing, or replaces the one it has.
/// The organization's members only.
#[utoipa::path(post, path = "/api/v1/organizations/{id}/stack/import", tag = "technology",
    params(("id" = String, Path, format = Uuid), ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ImportRefusal)))]
pub(crate) async fn import(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    QueryParams(q): QueryParams<ImportQuery>,
    body: Bytes,
) -> Result<Response, AppError> {
    state.accounts.organization(id).await?;
    let Ok(text) = std::str::from_utf8(&body) else {
        return Err(civiclink_domain::ValidationError::new("body", "csv-not-utf8").into());
    };
    match state
        .technology
        .import_stack(&me.actor(), id, text, !q.dry_run, &|_, _| {})
        .await?
    {
        Ok(report) => Ok(Json(report).into_response()),
        Err(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(ImportRefusal {
                error: "invalid_csv",
                message: t(me.lang, "tech-import-refused"),
                lines: worded(me.lang, &errors.0),
            }),
        )
            .into_response()),
    }
}

#[derive(Template)]
#[template(path = "technology/stack_import.html")]
struct ImportTemplate {
    page: Page,
    org_id: OrgId,
    org_name: String,
    /// The file's text, carried from the preview to the confirmation.
    csv: String,
    report: Option<ImportReport>,
    errors: Vec<LineErrorBody>,
    /// The columns a file may have, as its header names them.
    columns: String,
}

async fn show(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    org: OrgId,
    view: (String, Option<ImportReport>, Vec<LineErrorBody>),
    status: StatusCode,
) -> Result<Response, AppError> {
    let org_name = state.accounts.organization(org).await?.name.to_string();
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-import-title"),
        "technology",
    )
    .await?
    .at(format!("/organizations/{org}/stack/import"));
    let (csv, report, errors) = view;
    Ok(render(
        status,
        &ImportTemplate {
            page,
            org_id: org,
            org_name,
            csv,
            report,
            errors,
            columns: civiclink_technology::STACK_COLUMNS.join(", "),
        },
    ))
}

/// Only the organization's members (and site administrators) import its stack: checked
/// before a form is read, so that nobody else learns anything from how it is refused.
async fn require_keeper(state: &AppState, me: &ActiveMember, org: OrgId) -> Result<(), AppError> {
    state.accounts.organization(org).await?;
    if state.technology.viewer_org(&me.actor()).await? == Some(org)
        || me.member.role == civiclink_domain::Role::SiteAdmin
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn import_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    require_keeper(&state, &me, id).await?;
    show(
        &state,
        &s,
        &me,
        id,
        (String::new(), None, vec![]),
        StatusCode::OK,
    )
    .await
}

/// The upload (`file`) is previewed; the preview's confirmation (`csv` with `apply=yes`) is
/// imported.
async fn import_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
    request: Request,
) -> Result<Response, AppError> {
    require_keeper(&state, &me, id).await?;
    let mut form = Multipart::from_request(request, &state)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut text = String::new();
    let mut apply = false;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let value = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        match name.as_str() {
            "file" | "csv" if text.is_empty() => match String::from_utf8(value.to_vec()) {
                Ok(v) => text = v,
                Err(_) => {
                    let errors = vec![LineErrorBody {
                        line: 1,
                        column: String::new(),
                        code: "csv-not-utf8".to_owned(),
                        message: t(me.lang, "validation-csv-not-utf8"),
                    }];
                    return show(
                        &state,
                        &s,
                        &me,
                        id,
                        (String::new(), None, errors),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
            },
            "apply" => apply = value.as_ref() == b"yes",
            _ => {}
        }
    }
    match state
        .technology
        .import_stack(&me.actor(), id, &text, apply, &|_, _| {})
        .await?
    {
        Ok(report) if apply => {
            set_flash(
                &s,
                civiclink_i18n::t_args(
                    me.lang,
                    "tech-flash-imported",
                    &[
                        ("created", civiclink_i18n::Arg::from(report.created)),
                        ("updated", civiclink_i18n::Arg::from(report.updated)),
                    ],
                ),
            )
            .await?;
            Ok(Redirect::to(&format!("/organizations/{id}/stack")).into_response())
        }
        Ok(report) => {
            show(
                &state,
                &s,
                &me,
                id,
                (text, Some(report), vec![]),
                StatusCode::OK,
            )
            .await
        }
        Err(errors) => {
            let errors = worded(me.lang, &errors.0);
            show(
                &state,
                &s,
                &me,
                id,
                (String::new(), None, errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
