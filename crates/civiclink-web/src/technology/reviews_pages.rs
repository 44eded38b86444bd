//! Reviews on pages: writing or editing one's review of a listing (one parser with the API:
//! [`ReviewBody`]), a review's history, helpful votes, reporting a review, the vendor's
//! response, and the moderators' queue of reports.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_i18n::t;
use civiclink_technology::{
    Eligibility, ListingDetail, ListingId, ReportOutcome, ReportReason, Review, ReviewId,
    ReviewReport, ReviewReportId, ReviewRevision,
};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::input::{ReportBody, ResponseBody, ReviewBody};
use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam};
use crate::kit::page::{FormState, Page, path_of, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/technology/listings/{id}/review",
            get(review_form).post(save_review),
        )
        .route("/technology/reviews/{id}/history", get(history_page))
        .route("/technology/reviews/{id}/helpful", post(helpful))
        .route(
            "/technology/reviews/{id}/report",
            get(report_form).post(report),
        )
        .route(
            "/technology/reviews/{id}/response",
            get(response_form).post(response),
        )
        .route("/technology/reviews/{id}/restore", post(restore))
        .route("/technology/reports", get(reports_page))
        .route("/technology/reports/{id}/{action}", post(settle))
}

/// The scores a form offers, best last.
const SCORES: [i32; 5] = [1, 2, 3, 4, 5];

#[derive(Template)]
#[template(path = "technology/review_form.html")]
struct ReviewFormTemplate {
    page: Page,
    form: FormState,
    body: ReviewBody,
    listing: ListingDetail,
    /// Editing this review (`None`: writing a new one).
    editing: Option<ReviewId>,
    scores: [i32; 5],
}

impl ReviewFormTemplate {
    fn is(&self, field: &str, n: &i32) -> bool {
        self.body.text(field) == n.to_string()
    }

    fn recommends(&self, yes: &bool) -> bool {
        self.body.text("recommend") == if *yes { "yes" } else { "no" }
    }
}

fn review_values(lang: civiclink_domain::Language, body: &ReviewBody) -> FormState {
    FormState::with_values(
        lang,
        [("pros", body.pros.as_str()), ("cons", body.cons.as_str())],
    )
}

async fn review_form_page(
    s: &Session,
    me: &ActiveMember,
    listing: ListingDetail,
    editing: Option<ReviewId>,
    body: ReviewBody,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-review-form-title"),
        "technology",
    )
    .await?;
    Ok(render(
        status,
        &ReviewFormTemplate {
            page,
            form,
            body,
            listing,
            editing,
            scores: SCORES,
        },
    ))
}

/// The review the viewer may write or edit: `None` for a new one; refused when they may not
/// review the listing.
async fn editable(
    state: &AppState,
    me: &ActiveMember,
    listing: ListingId,
) -> Result<Option<Review>, AppError> {
    let actor = me.actor();
    match state.technology.eligibility(&actor, listing).await? {
        Eligibility::Yes => Ok(None),
        Eligibility::AlreadyReviewed { review } => {
            Ok(Some(state.technology.review(&actor, review).await?))
        }
        Eligibility::ConflictOfInterest => {
            Err(civiclink_technology::TechnologyError::ConflictOfInterest.into())
        }
        Eligibility::NoOrganization => Err(AppError::Forbidden),
    }
}

async fn review_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Response, AppError> {
    let listing = state.technology.listing(&me.actor(), id).await?;
    if listing.status != civiclink_technology::ListingStatus::Published {
        return Err(AppError::NotFound);
    }
    let existing = editable(&state, &me, id).await?;
    let body = existing
        .as_ref()
        .map(|r| ReviewBody::of(&r.scores))
        .unwrap_or_default();
    let form = review_values(me.lang, &body);
    review_form_page(
        &s,
        &me,
        listing,
        existing.map(|r| r.id),
        body,
        form,
        StatusCode::OK,
    )
    .await
}

async fn save_review(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let listing = state.technology.listing(&actor, id).await?;
    if listing.status != civiclink_technology::ListingStatus::Published {
        return Err(AppError::NotFound);
    }
    let existing = editable(&state, &me, id).await?.map(|r| r.id);
    let body = ReviewBody::from_form(&pairs);
    let mut form = review_values(me.lang, &body);
    let Some(scores) = form.check(body.scores()) else {
        return review_form_page(
            &s,
            &me,
            listing,
            existing,
            body,
            form,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let saved = match existing {
        Some(review) => state
            .technology
            .edit_review(&actor, review, &scores)
            .await
            .map(|()| review),
        None => state.technology.write_review(&actor, id, &scores).await,
    };
    match saved {
        Ok(review) => {
            set_flash(&s, t(me.lang, "tech-flash-review-saved")).await?;
            Ok(Redirect::to(&format!("/technology/listings/{id}#review-{review}")).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            review_form_page(
                &s,
                &me,
                listing,
                existing,
                body,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "technology/review_history.html")]
struct HistoryTemplate {
    page: Page,
    review: Review,
    revisions: Vec<ReviewRevision>,
}

async fn history_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let review = state.technology.review(&actor, id).await?;
    let revisions = state.technology.review_history(&actor, id).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-review-history-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &HistoryTemplate {
            page,
            review,
            revisions,
        },
    ))
}

async fn helpful(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let yes = match pairs
        .iter()
        .find(|(k, _)| k == "helpful")
        .map(|(_, v)| v.as_str())
    {
        Some("yes") => true,
        Some("no") => false,
        _ => {
            return Err(civiclink_domain::ValidationError::new("helpful", "invalid-choice").into());
        }
    };
    let actor = me.actor();
    state.technology.vote_helpful(&actor, id, yes).await?;
    let review = state.technology.review(&actor, id).await?;
    set_flash(
        &s,
        t(
            me.lang,
            if yes {
                "tech-flash-helpful"
            } else {
                "tech-flash-unhelpful"
            },
        ),
    )
    .await?;
    Ok(Redirect::to(path_of(&review.url)).into_response())
}

#[derive(Template)]
#[template(path = "technology/review_report.html")]
struct ReportTemplate {
    page: Page,
    form: FormState,
    review: Review,
    reason: String,
    reasons: Vec<ReportReason>,
}

async fn report_page(
    s: &Session,
    me: &ActiveMember,
    review: Review,
    body: &ReportBody,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-report-title"),
        "technology",
    )
    .await?;
    Ok(render(
        status,
        &ReportTemplate {
            page,
            form,
            review,
            reason: body.reason.clone(),
            reasons: ReportReason::ALL.to_vec(),
        },
    ))
}

async fn report_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Response, AppError> {
    let review = state.technology.review(&me.actor(), id).await?;
    if review.mine {
        return Err(civiclink_technology::TechnologyError::Conflict("conflict-own-review").into());
    }
    report_page(
        &s,
        &me,
        review,
        &ReportBody::default(),
        FormState::new(me.lang),
        StatusCode::OK,
    )
    .await
}

async fn report(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    FormData(body): FormData<ReportBody>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let review = state.technology.review(&actor, id).await?;
    let mut form = FormState::with_values(me.lang, [("note", body.note.as_str())]);
    let result = match ReportReason::parse(&body.reason) {
        Ok(reason) => state
            .technology
            .report_review(&actor, id, reason, &body.note)
            .await
            .map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(_) => {
            set_flash(&s, t(me.lang, "tech-flash-reported")).await?;
            Ok(Redirect::to(path_of(&review.url)).into_response())
        }
        Err(e) => {
            form.absorb(e)?;
            report_page(
                &s,
                &me,
                review,
                &body,
                form,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "technology/review_response.html")]
struct ResponseTemplate {
    page: Page,
    form: FormState,
    review: Review,
}

async fn response_page(
    s: &Session,
    me: &ActiveMember,
    review: Review,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-response-title"),
        "technology",
    )
    .await?;
    Ok(render(status, &ResponseTemplate { page, form, review }))
}

async fn response_form(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let review = state.technology.review(&actor, id).await?;
    if !state
        .technology
        .responds_for(&actor, review.listing_id)
        .await?
    {
        return Err(AppError::Forbidden);
    }
    let body = review
        .response
        .as_ref()
        .map(|r| r.body.clone())
        .unwrap_or_default();
    let form = FormState::with_values(me.lang, [("response", body.as_str())]);
    response_page(&s, &me, review, form, StatusCode::OK).await
}

async fn response(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
    FormData(body): FormData<ResponseBody>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let review = state.technology.review(&actor, id).await?;
    match state.technology.respond(&actor, id, &body.response).await {
        Ok(()) => {
            set_flash(&s, t(me.lang, "tech-flash-responded")).await?;
            Ok(Redirect::to(path_of(&review.url)).into_response())
        }
        Err(e) => {
            let mut form = FormState::with_values(me.lang, [("response", body.response.as_str())]);
            form.absorb(e.into())?;
            response_page(&s, &me, review, form, StatusCode::UNPROCESSABLE_ENTITY).await
        }
    }
}

async fn restore(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ReviewId>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    state.technology.restore_review(&actor, id).await?;
    let review = state.technology.review(&actor, id).await?;
    set_flash(&s, t(me.lang, "tech-flash-review-restored")).await?;
    Ok(Redirect::to(path_of(&review.url)).into_response())
}

#[derive(Template)]
#[template(path = "technology/reports.html")]
struct ReportsTemplate {
    page: Page,
    reports: Vec<ReviewReport>,
}

async fn reports_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let reports = state.technology.open_reports(&me.actor()).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-reports-title"),
        "technology",
    )
    .await?;
    Ok(render(StatusCode::OK, &ReportsTemplate { page, reports }))
}

async fn settle(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((id, action)): PathParam<(ReviewReportId, String)>,
) -> Result<Response, AppError> {
    let outcome = match action.as_str() {
        "hide" => ReportOutcome::Hide,
        "dismiss" => ReportOutcome::Dismiss,
        _ => return Err(AppError::NotFound),
    };
    state
        .technology
        .settle_report(&me.actor(), id, outcome)
        .await?;
    set_flash(
        &s,
        t(
            me.lang,
            match outcome {
                ReportOutcome::Hide => "tech-flash-review-hidden",
                ReportOutcome::Dismiss => "tech-flash-report-dismissed",
            },
        ),
    )
    .await?;
    Ok(Redirect::to("/technology/reports").into_response())
}
