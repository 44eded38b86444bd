//! A usage record's page: what the organization says of its use of a listing, its timeline of
//! upgrades, modules, integrations and migrations, and (for its members) the form that adds an
//! entry, read by one parser with the API: [`ChangeBody`].

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_i18n::t;
use civiclink_technology::{ChangeKind, UsageChange, UsageRecord, UsageRecordId};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::input::ChangeBody;
use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/technology/usage/{id}", get(record_page))
        .route("/technology/usage/{id}/timeline", post(add_change))
}

#[derive(Template)]
#[template(path = "technology/record.html")]
struct RecordTemplate {
    page: Page,
    record: UsageRecord,
    changes: Vec<UsageChange>,
    form: FormState,
    kind: String,
    kinds: Vec<ChangeKind>,
}

fn values(lang: civiclink_domain::Language, body: &ChangeBody) -> FormState {
    FormState::with_values(
        lang,
        [
            ("happened_on", body.happened_on.as_str()),
            ("from_version", body.from_version.as_str()),
            ("to_version", body.to_version.as_str()),
            ("title", body.title.as_str()),
            ("replaced", body.replaced.as_str()),
            ("lesson", body.lesson.as_str()),
        ],
    )
}

async fn show(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    id: UsageRecordId,
    body: &ChangeBody,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let record = state.technology.usage_record(&actor, id).await?;
    let changes = state.technology.timeline(&actor, id).await?;
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-record-title"),
        "technology",
    )
    .await?
    .at(format!("/technology/usage/{id}"));
    Ok(render(
        status,
        &RecordTemplate {
            page,
            record,
            changes,
            form,
            kind: body.kind.clone(),
            kinds: ChangeKind::ALL.to_vec(),
        },
    ))
}

async fn record_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
) -> Result<Response, AppError> {
    let body = ChangeBody {
        kind: "upgrade".to_owned(),
        ..ChangeBody::default()
    };
    let form = values(me.lang, &body);
    show(&state, &s, &me, id, &body, form, StatusCode::OK).await
}

async fn add_change(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
    FormData(body): FormData<ChangeBody>,
) -> Result<Response, AppError> {
    let mut form = values(me.lang, &body);
    let result = match body.details() {
        Ok(d) => state
            .technology
            .add_change(&me.actor(), id, &d)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(change) => {
            set_flash(&s, t(me.lang, "tech-flash-change-added")).await?;
            Ok(Redirect::to(&format!("/technology/usage/{id}#change-{change}")).into_response())
        }
        Err(e) => {
            form.absorb(e)?;
            show(
                &state,
                &s,
                &me,
                id,
                &body,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
