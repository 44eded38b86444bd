//! Usage records on pages: the form that records or changes an organization's use of a
//! listing (one parser with the API: [`UsageBody`]), the one-click confirmation, and an
//! organization's stack grouped by business function.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_domain::{MemberId, OrgId};
use civiclink_i18n::t;
use civiclink_technology::{
    Audience, BusinessFunction, ListingDetail, ListingId, ProcurementRoute, UsageRecord,
    UsageRecordId, UsageStatus,
};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::input::UsageBody;
use super::usage_api::RenewalsQuery;
use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam, QueryParams};
use crate::kit::page::{FormState, Page, path_of, render, safe_next};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/technology/listings/{id}/usage/new",
            get(new_page).post(create),
        )
        .route("/technology/usage/{id}/edit", get(edit_page).post(edit))
        .route("/technology/usage/{id}/confirm", post(confirm))
        .route("/organizations/{id}/stack", get(stack_page))
        .route("/technology/renewals", get(renewals_page))
        .route("/technology/confirm", get(confirm_page))
}

#[derive(Template)]
#[template(path = "technology/renewals.html")]
struct RenewalsTemplate {
    page: Page,
    q: RenewalsQuery,
    functions: Vec<BusinessFunction>,
    records: Vec<UsageRecord>,
}

impl RenewalsTemplate {
    /// The date that brings the record onto the radar.
    fn ends(&self, r: &UsageRecord) -> String {
        r.next_end(civiclink_store::now().date())
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

async fn renewals_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<RenewalsQuery>,
) -> Result<Response, AppError> {
    let listing = q.listing()?;
    let records = state
        .technology
        .renewals(&me.actor(), Some(&q.function), listing, 365)
        .await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-renewals-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &RenewalsTemplate {
            page,
            functions: state.technology.functions().await?,
            records,
            q,
        },
    ))
}

#[derive(Template)]
#[template(path = "technology/usage_form.html")]
struct UsageFormTemplate {
    page: Page,
    form: FormState,
    body: UsageBody,
    listing: ListingDetail,
    /// Changing this record (`None`: recording a new one).
    record: Option<UsageRecordId>,
    org_name: String,
    functions: Vec<BusinessFunction>,
    contacts: Vec<(MemberId, String)>,
    statuses: Vec<UsageStatus>,
    routes: Vec<ProcurementRoute>,
    audiences: Vec<Audience>,
}

impl UsageFormTemplate {
    fn action(&self) -> String {
        match self.record {
            Some(id) => format!("/technology/usage/{id}/edit"),
            None => format!("/technology/listings/{}/usage/new", self.listing.id),
        }
    }

    fn serves(&self, f: &BusinessFunction) -> bool {
        self.body.functions.contains(&f.id.to_string())
    }

    fn is_status(&self, s: &UsageStatus) -> bool {
        self.body.status == s.as_str()
    }

    fn is_route(&self, r: &ProcurementRoute) -> bool {
        self.body.procurement_route == r.as_str()
    }

    fn is_contact(&self, id: &MemberId) -> bool {
        self.body.contact_id.as_deref() == Some(id.to_string().as_str())
    }

    fn users_for(&self, a: &Audience) -> bool {
        self.body.users_visibility == a.as_str()
            || (self.body.users_visibility.is_empty() && *a == Audience::Members)
    }

    fn contract_for(&self, a: &Audience) -> bool {
        self.body.contract_visibility == a.as_str()
            || (self.body.contract_visibility.is_empty() && *a == Audience::Members)
    }
}

/// The single-valued fields of `body`, for a form shown again.
fn values(lang: civiclink_domain::Language, body: &UsageBody) -> FormState {
    let users = body.users_text();
    FormState::with_values(
        lang,
        [
            ("version", body.version.as_str()),
            ("since", body.since.as_str()),
            ("support_ends", body.support_ends.as_str()),
            ("users", users.as_str()),
            ("notes", body.notes.as_str()),
            ("cooperative", body.cooperative.as_str()),
            ("contract_reference", body.contract_reference.as_str()),
            ("contract_ends", body.contract_ends.as_str()),
        ],
    )
}

/// What the form shows: the listing, the record it changes (if any), the organization it is
/// for, what it holds and its messages.
struct UsageView {
    listing: ListingDetail,
    record: Option<UsageRecordId>,
    org: OrgId,
    body: UsageBody,
    form: FormState,
}

/// Renders the form for the viewer's organization.
async fn form_page(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    view: UsageView,
    status: StatusCode,
) -> Result<Response, AppError> {
    let UsageView {
        listing,
        record,
        org,
        body,
        form,
    } = view;
    let org_name = state.accounts.organization(org).await?.name;
    let contacts = state
        .people
        .org_members(org, None, 500)
        .await?
        .into_iter()
        .map(|m| (m.member_id, m.display_name))
        .collect();
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-usage-form-title"),
        "technology",
    )
    .await?;
    Ok(render(
        status,
        &UsageFormTemplate {
            page,
            form,
            body,
            listing,
            record,
            org_name,
            functions: state.technology.functions().await?,
            contacts,
            statuses: UsageStatus::ALL.to_vec(),
            routes: ProcurementRoute::ALL.to_vec(),
            audiences: Audience::ALL.to_vec(),
        },
    ))
}

/// The viewer's organization, which they record for; a member of none may record nothing.
async fn my_org(state: &AppState, me: &ActiveMember) -> Result<OrgId, AppError> {
    state
        .technology
        .viewer_org(&me.actor())
        .await?
        .ok_or(AppError::Forbidden)
}

async fn new_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Response, AppError> {
    let org = my_org(&state, &me).await?;
    let listing = state.technology.listing(&me.actor(), id).await?;
    let body = UsageBody {
        status: UsageStatus::Production.as_str().to_owned(),
        functions: listing
            .content
            .functions
            .iter()
            .map(ToString::to_string)
            .collect(),
        ..UsageBody::default()
    };
    let form = values(me.lang, &body);
    form_page(
        &state,
        &s,
        &me,
        UsageView {
            listing,
            record: None,
            org,
            body,
            form,
        },
        StatusCode::OK,
    )
    .await
}

async fn create(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let org = my_org(&state, &me).await?;
    let listing = state.technology.listing(&me.actor(), id).await?;
    let body = UsageBody::from_form(&pairs);
    let mut form = values(me.lang, &body);
    let Some(details) = form.check(body.details()) else {
        return form_page(
            &state,
            &s,
            &me,
            UsageView {
                listing,
                record: None,
                org,
                body,
                form,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state
        .technology
        .record_usage(&me.actor(), id, org, &details)
        .await
    {
        Ok(record) => {
            set_flash(&s, t(me.lang, "tech-flash-usage-recorded")).await?;
            Ok(Redirect::to(&format!("/technology/listings/{id}#usage-{record}")).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            form_page(
                &state,
                &s,
                &me,
                UsageView {
                    listing,
                    record: None,
                    org,
                    body,
                    form,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

async fn edit_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
) -> Result<Response, AppError> {
    let record = state.technology.usage_record(&me.actor(), id).await?;
    if !record.editable {
        return Err(AppError::Forbidden);
    }
    let listing = state
        .technology
        .listing(&me.actor(), record.listing_id)
        .await?;
    let body = UsageBody::of(&record);
    let form = values(me.lang, &body);
    form_page(
        &state,
        &s,
        &me,
        UsageView {
            listing,
            record: Some(id),
            org: record.org_id,
            body,
            form,
        },
        StatusCode::OK,
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let record = state.technology.usage_record(&me.actor(), id).await?;
    if !record.editable {
        return Err(AppError::Forbidden);
    }
    let listing = state
        .technology
        .listing(&me.actor(), record.listing_id)
        .await?;
    let body = UsageBody::from_form(&pairs);
    let mut form = values(me.lang, &body);
    let Some(details) = form.check(body.details()) else {
        return form_page(
            &state,
            &s,
            &me,
            UsageView {
                listing,
                record: Some(id),
                org: record.org_id,
                body,
                form,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state
        .technology
        .update_usage(&me.actor(), id, &details)
        .await
    {
        Ok(()) => {
            set_flash(&s, t(me.lang, "tech-flash-usage-updated")).await?;
            Ok(Redirect::to(path_of(&record.url)).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            form_page(
                &state,
                &s,
                &me,
                UsageView {
                    listing,
                    record: Some(id),
                    org: record.org_id,
                    body,
                    form,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Where a confirmation returns: the page it was made from (`next`, a path of this site), or
/// the record on its listing's page.
#[derive(Debug, Default, serde::Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    next: String,
}

async fn confirm(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<UsageRecordId>,
    FormData(f): FormData<ConfirmForm>,
) -> Result<Response, AppError> {
    state.technology.confirm_usage(&me.actor(), id).await?;
    let record = state.technology.usage_record(&me.actor(), id).await?;
    set_flash(&s, t(me.lang, "tech-flash-usage-confirmed")).await?;
    let to = if f.next.is_empty() {
        path_of(&record.url)
    } else {
        safe_next(Some(&f.next))
    };
    Ok(Redirect::to(to).into_response())
}

#[derive(Template)]
#[template(path = "technology/confirm.html")]
struct ConfirmTemplate {
    page: Page,
    records: Vec<UsageRecord>,
    me: MemberId,
}

/// The records waiting for the viewer to confirm them, each in one click.
async fn confirm_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let records = state.technology.to_confirm(&actor).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-confirm-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &ConfirmTemplate {
            page,
            records,
            me: actor.id,
        },
    ))
}

#[derive(Template)]
#[template(path = "technology/stack.html")]
struct StackTemplate {
    page: Page,
    org_id: OrgId,
    org_name: String,
    /// Records by business function name (a record serving two functions shows under both).
    groups: Vec<(String, Vec<UsageRecord>)>,
    records: usize,
    stale: usize,
    mine: bool,
}

async fn stack_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    let records = state.technology.stack(&me.actor(), id).await?;
    let mut groups: BTreeMap<String, Vec<UsageRecord>> = BTreeMap::new();
    for r in &records {
        if r.functions.is_empty() {
            groups
                .entry(t(me.lang, "tech-stack-other"))
                .or_default()
                .push(r.clone());
        }
        for f in &r.functions {
            groups.entry(f.name.clone()).or_default().push(r.clone());
        }
    }
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-stack-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &StackTemplate {
            page,
            org_id: id,
            org_name: org.name,
            records: records.len(),
            stale: records.iter().filter(|r| r.stale).count(),
            mine: records.iter().any(|r| r.editable)
                || state.technology.viewer_org(&me.actor()).await? == Some(id),
            groups: groups.into_iter().collect(),
        },
    ))
}
