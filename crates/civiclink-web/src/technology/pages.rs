//! The directory's pages: browse, a listing, its history, the form that proposes a listing or
//! an edit (one form, one parser with the API: [`ListingBody`]), and the moderators' queue.
//! Who may see or decide what is the technology service's call.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;

use civiclink_domain::{Handle, MemberId, OrgId, OrgKind, SizeBand};
use civiclink_i18n::t;
use civiclink_technology::{
    Adoption, Alternative, BrowsePage, BusinessFunction, Eligibility, Hosting, ListingDetail,
    ListingId, ListingKind, ListingStatus, ListingSummary, Peer, RECENT_CHANGES, ReviewPage,
    ReviewSort, Revision, RevisionId, RevisionStatus, TechnologyError, USAGE_PAGE, UsageChange,
    UsageOverview, UsagePage, UsageStatus,
};
use serde::Deserialize;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;

use super::api::BrowseQuery;
use super::input::ListingBody;
use super::reviews_api::ReviewsQuery;
use super::usage_api::UsageQuery;
use super::words::TechnologyWords;
use crate::kit::error::AppError;
use crate::kit::extract::{FormData, PathParam, QueryParams};
use crate::kit::page::{FormState, Page, path_of, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/technology", get(browse_page))
        .route("/technology/propose", get(propose_page).post(propose))
        .route("/technology/review", get(review_page))
        .route("/technology/listings/{id}", get(listing_page))
        .route("/technology/listings/{id}/edit", get(edit_page).post(edit))
        .route("/technology/listings/{id}/history", get(history_page))
        .route("/technology/listings/{id}/revert", post(revert))
        .route("/technology/revisions/{id}/{action}", post(decide))
}

#[derive(Template)]
#[template(path = "technology/browse.html")]
struct BrowseTemplate {
    page: Page,
    q: BrowseQuery,
    functions: Vec<BusinessFunction>,
    vendors: Vec<(String, i64)>,
    kinds: Vec<ListingKind>,
    results: BrowsePage,
    next_url: Option<String>,
    /// Revisions waiting for a moderator, for moderators.
    pending: Option<i64>,
    /// Records of the viewer's organization waiting for a confirmation.
    to_confirm: usize,
}

async fn browse_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<BrowseQuery>,
) -> Result<Response, AppError> {
    let results = state.technology.browse(&q.filter()?).await?;
    let next_url = results.next.as_ref().map(|n| {
        let query = serde_urlencoded::to_string([
            ("function", q.function.as_str()),
            ("kind", q.kind.as_str()),
            ("vendor", q.vendor.as_str()),
            ("q", q.q.as_str()),
            ("after", n.as_str()),
        ])
        .unwrap_or_default();
        format!("/technology?{query}")
    });
    let pending = if me.actor().moderates() {
        Some(state.technology.pending_count().await?)
    } else {
        None
    };
    let to_confirm = state.technology.to_confirm(&me.actor()).await?.len();
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &BrowseTemplate {
            page,
            functions: state.technology.functions().await?,
            vendors: state.technology.vendors().await?,
            kinds: ListingKind::ALL.to_vec(),
            results,
            next_url,
            pending,
            to_confirm,
            q,
        },
    ))
}

#[derive(Template)]
#[template(path = "technology/listing.html")]
struct ListingTemplate<'a> {
    page: Page,
    /// The listing; who uses it (a page of them, as filtered, and how many in each status);
    /// the first page of reviews with the aggregates and what the viewer may do about them;
    /// the latest changes, the alternatives and the viewer's peers who run it.
    data: &'a ListingData,
    moderates: bool,
    q: UsageQuery,
    statuses: Vec<UsageStatus>,
    bands: Vec<SizeBand>,
    /// The viewer's organization may add its record of it.
    may_record: bool,
    helpful_first: bool,
    sort: &'static str,
    me: MemberId,
}

impl ListingTemplate<'_> {
    /// The comparison of this listing with its first three alternatives.
    fn compare_url(&self) -> String {
        let ids: Vec<String> = std::iter::once(self.data.listing.id.to_string())
            .chain(
                self.data
                    .alternatives
                    .iter()
                    .take(3)
                    .map(|a| a.id.to_string()),
            )
            .collect();
        format!("/technology/compare?ids={}", ids.join(","))
    }

    /// This page of users with the same filter, starting at `from`.
    fn usage_url(&self, from: &i64) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("status", &self.q.status),
            ("region", &self.q.region),
            ("country", &self.q.country),
            ("size_band", &self.q.size_band),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k, v.trim().to_owned()))
        .collect();
        if *from > 0 {
            pairs.push(("from", from.to_string()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        let sep = if query.is_empty() { "" } else { "?" };
        format!(
            "/technology/listings/{}{sep}{query}#usage-title",
            self.data.listing.id
        )
    }
}

impl ListingTemplate<'_> {
    fn handle(&self, id: &MemberId) -> Option<&Handle> {
        self.data.handles.get(id)
    }

    fn is_status(&self, s: &UsageStatus) -> bool {
        self.q.status == s.as_str()
    }

    fn is_band(&self, b: &SizeBand) -> bool {
        self.q.size_band == b.as_str()
    }
}

/// How many reviews a listing's page shows at a time (the API gives more).
const LISTING_REVIEWS: usize = 10;

/// Where a page of a listing's users starts (`from`, a multiple of the page size).
#[derive(Clone, Debug, Default, Deserialize)]
struct UsageFrom {
    #[serde(default)]
    from: i64,
}

/// What a listing page reads, kept until the next write ([`AppState::read_through`]).
/// How many discussions a listing's page names.
const LISTING_DISCUSSIONS: u32 = 5;

struct ListingData {
    listing: ListingDetail,
    overview: UsageOverview,
    usage: UsagePage,
    handles: HashMap<MemberId, Handle>,
    reviews: ReviewPage,
    eligibility: Eligibility,
    responds: bool,
    changes: Vec<UsageChange>,
    alternatives: Vec<Alternative>,
    peers: Vec<Peer>,
    adoption: Adoption,
    /// The latest discussions about it the viewer may see.
    discussions: civiclink_threads::ThreadPage,
}

async fn listing_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    QueryParams(q): QueryParams<UsageQuery>,
    QueryParams(rq): QueryParams<ReviewsQuery>,
    QueryParams(from): QueryParams<UsageFrom>,
) -> Result<Response, AppError> {
    let actor = me.actor();
    let filter = q.filter()?;
    let sort = rq.sort()?;
    let key = format!(
        "{}:{id}:{}:{}:{}:{}:{}:{}:{}",
        me.member.id,
        filter.status.map(UsageStatus::as_str).unwrap_or_default(),
        filter.region.as_deref().unwrap_or_default(),
        filter.country.as_deref().unwrap_or_default(),
        filter.size_band.map(SizeBand::as_str).unwrap_or_default(),
        from.from,
        sort.as_str(),
        rq.after().unwrap_or_default(),
    );
    let data = state
        .read_through(key, || async {
            let tech = &state.technology;
            let listing = tech.listing(&actor, id).await?;
            let reviews = tech
                .reviews_of(&actor, id, sort, rq.after(), LISTING_REVIEWS)
                .await?;
            let overview = tech.usage_overview(&actor, id).await?;
            let usage = tech
                .usage_page(&actor, id, &filter, from.from, USAGE_PAGE)
                .await?;
            let contacts: Vec<MemberId> = usage
                .items
                .iter()
                .chain(&overview.open_contracts)
                .filter_map(|r| r.contact.as_ref().map(|c| c.id))
                .chain(reviews.items.iter().map(|r| r.author.id))
                .collect();
            Ok(ListingData {
                handles: state.people.handles(&contacts).await?,
                eligibility: tech.eligibility(&actor, id).await?,
                responds: tech.responds_for(&actor, id).await?,
                changes: tech.recent_changes(&actor, id, RECENT_CHANGES).await?,
                alternatives: tech.alternatives(&actor, id, 5).await?,
                peers: tech.peers_running(&actor, id, 5).await?,
                adoption: tech.adoption(id).await?,
                discussions: state
                    .threads
                    .threads(
                        &actor,
                        &civiclink_threads::ThreadFilter {
                            listing: Some(civiclink_threads::ListingRef::from_uuid(id.as_uuid())),
                            ..Default::default()
                        },
                        None,
                        LISTING_DISCUSSIONS,
                    )
                    .await?,
                listing,
                overview,
                usage,
                reviews,
            })
        })
        .await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        data.listing.content.name.clone(),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &ListingTemplate {
            page,
            moderates: actor.moderates(),
            may_record: data.overview.viewer_org.is_some()
                && data.overview.mine.is_none()
                && data.listing.status == ListingStatus::Published,
            data: &data,
            q,
            statuses: UsageStatus::ALL.to_vec(),
            bands: SizeBand::ALL.to_vec(),
            helpful_first: sort == ReviewSort::Helpful,
            sort: sort.as_str(),
            me: actor.id,
        },
    ))
}

#[derive(Template)]
#[template(path = "technology/form.html")]
struct FormTemplate {
    page: Page,
    form: FormState,
    body: ListingBody,
    functions: Vec<BusinessFunction>,
    vendors: Vec<(OrgId, String)>,
    kinds: Vec<ListingKind>,
    hostings: Vec<Hosting>,
    /// Editing this listing (`None`: proposing a new one).
    editing: Option<ListingDetail>,
    /// Names near the proposed one, to confirm it is another product.
    near: Vec<ListingSummary>,
}

impl FormTemplate {
    fn action(&self) -> String {
        match &self.editing {
            Some(l) => format!("/technology/listings/{}/edit", l.id),
            None => "/technology/propose".to_owned(),
        }
    }

    fn hosts(&self, h: &Hosting) -> bool {
        self.body.hosting.iter().any(|x| x == h.as_str())
    }

    fn serves(&self, f: &BusinessFunction) -> bool {
        self.body.functions.contains(&f.id.to_string())
    }

    fn is_kind(&self, k: &ListingKind) -> bool {
        self.body.kind == k.as_str()
    }

    fn is_vendor(&self, id: &OrgId) -> bool {
        self.body.vendor_org_id.as_deref() == Some(id.to_string().as_str())
    }
}

/// What the form shows: what it holds, its messages, the listing it edits (if any) and the
/// names near a proposed one.
struct FormView {
    body: ListingBody,
    form: FormState,
    editing: Option<ListingDetail>,
    near: Vec<ListingSummary>,
}

/// The form, with what it holds and its messages.
async fn form_page(
    state: &AppState,
    s: &Session,
    me: &ActiveMember,
    view: FormView,
    status: StatusCode,
) -> Result<Response, AppError> {
    let FormView {
        body,
        form,
        editing,
        near,
    } = view;
    let vendors = state
        .accounts
        .list_organizations(None)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Vendor)
        .map(|o| (o.id, o.name))
        .collect();
    let (title, at) = match &editing {
        Some(l) => (
            t(me.lang, "tech-edit-title"),
            format!("/technology/listings/{}/edit", l.id),
        ),
        None => (
            t(me.lang, "tech-propose-title"),
            "/technology/propose".to_owned(),
        ),
    };
    let page = Page::new(s, me.lang, Some(&me.member), title, "technology")
        .await?
        .at(at);
    Ok(render(
        status,
        &FormTemplate {
            page,
            form,
            body,
            functions: state.technology.functions().await?,
            vendors,
            kinds: ListingKind::ALL.to_vec(),
            hostings: Hosting::ALL.to_vec(),
            editing,
            near,
        },
    ))
}

/// The single-valued fields of `body`, for a form shown again.
fn values(me: &ActiveMember, body: &ListingBody) -> FormState {
    let versions = body.versions.join("\n");
    FormState::with_values(
        me.lang,
        [
            ("name", body.name.as_str()),
            ("vendor_name", body.vendor_name.as_str()),
            ("website", body.website.as_str()),
            ("description", body.description.as_str()),
            ("versions", versions.as_str()),
            ("summary", body.summary.as_str()),
        ],
    )
}

async fn propose_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let body = ListingBody {
        kind: ListingKind::Software.as_str().to_owned(),
        ..ListingBody::default()
    };
    let form = values(&me, &body);
    form_page(
        &state,
        &s,
        &me,
        FormView {
            body,
            form,
            editing: None,
            near: vec![],
        },
        StatusCode::OK,
    )
    .await
}

async fn propose(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = ListingBody::from_form(&pairs);
    let mut form = values(&me, &body);
    let Some(content) = form.check(body.content()) else {
        return form_page(
            &state,
            &s,
            &me,
            FormView {
                body,
                form,
                editing: None,
                near: vec![],
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state
        .technology
        .propose(&me.actor(), &content, &body.summary, body.confirm_new)
        .await
    {
        Ok(p) => {
            let key = if p.revision.status == RevisionStatus::Approved {
                "tech-flash-published"
            } else {
                "tech-flash-proposed"
            };
            set_flash(&s, t(me.lang, key)).await?;
            Ok(Redirect::to(path_of(&p.url)).into_response())
        }
        Err(TechnologyError::NearDuplicates(near)) => {
            form.add("confirm_new", t(me.lang, "error-conflict-near-duplicates"));
            form_page(
                &state,
                &s,
                &me,
                FormView {
                    body,
                    form,
                    editing: None,
                    near,
                },
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => {
            form.absorb(e.into())?;
            form_page(
                &state,
                &s,
                &me,
                FormView {
                    body,
                    form,
                    editing: None,
                    near: vec![],
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
    PathParam(id): PathParam<ListingId>,
) -> Result<Response, AppError> {
    let listing = state.technology.listing(&me.actor(), id).await?;
    if listing.status != ListingStatus::Published {
        return Err(AppError::NotFound);
    }
    let mut body = ListingBody::of(&listing.content);
    body.base = Some(listing.revision);
    let form = values(&me, &body);
    form_page(
        &state,
        &s,
        &me,
        FormView {
            body,
            form,
            editing: Some(listing),
            near: vec![],
        },
        StatusCode::OK,
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    FormData(pairs): FormData<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let listing = state.technology.listing(&me.actor(), id).await?;
    let body = ListingBody::from_form(&pairs);
    let mut form = values(&me, &body);
    let base = body.base.unwrap_or(listing.revision);
    let Some(content) = form.check(body.content()) else {
        return form_page(
            &state,
            &s,
            &me,
            FormView {
                body,
                form,
                editing: Some(listing),
                near: vec![],
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match state
        .technology
        .propose_edit(&me.actor(), id, &content, base, &body.summary)
        .await
    {
        Ok(r) => {
            let key = if r.status == RevisionStatus::Approved {
                "tech-flash-edited"
            } else {
                "tech-flash-edit-proposed"
            };
            set_flash(&s, t(me.lang, key)).await?;
            Ok(Redirect::to(&r.listing_url).into_response())
        }
        Err(e) => {
            form.absorb(e.into())?;
            form_page(
                &state,
                &s,
                &me,
                FormView {
                    body,
                    form,
                    editing: Some(listing),
                    near: vec![],
                },
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "technology/history.html")]
struct HistoryTemplate {
    page: Page,
    listing: ListingDetail,
    revisions: Vec<Revision>,
    moderates: bool,
}

async fn history_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
) -> Result<Response, AppError> {
    let listing = state.technology.listing(&me.actor(), id).await?;
    let revisions = state.technology.history(&me.actor(), id).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-history-title"),
        "technology",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &HistoryTemplate {
            page,
            moderates: me.actor().moderates(),
            listing,
            revisions,
        },
    ))
}

#[derive(Deserialize)]
struct RevertForm {
    #[serde(default)]
    number: String,
}

async fn revert(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<ListingId>,
    FormData(f): FormData<RevertForm>,
) -> Result<Response, AppError> {
    // A number that does not parse names no revision: the service still decides who may ask.
    let number: i32 = f.number.trim().parse().unwrap_or(0);
    let summary = t(me.lang, "tech-revert-summary");
    let message = match state
        .technology
        .revert(&me.actor(), id, number, &summary)
        .await
    {
        Ok(_) => t(me.lang, "tech-flash-reverted"),
        Err(e) => match AppError::from(e) {
            e @ AppError::Accounts { .. } => e.message(me.lang),
            e => return Err(e),
        },
    };
    set_flash(&s, message).await?;
    Ok(Redirect::to(&format!("/technology/listings/{id}/history")).into_response())
}

#[derive(Template)]
#[template(path = "technology/review.html")]
struct ReviewTemplate {
    page: Page,
    pending: Vec<Revision>,
}

async fn review_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let pending = state.technology.pending(&me.actor()).await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        t(me.lang, "tech-review-title"),
        "technology",
    )
    .await?;
    Ok(render(StatusCode::OK, &ReviewTemplate { page, pending }))
}

#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    note: String,
}

async fn decide(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam((id, action)): PathParam<(RevisionId, String)>,
    FormData(f): FormData<DecisionForm>,
) -> Result<Response, AppError> {
    let approve = match action.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    let message = match state
        .technology
        .decide(&me.actor(), id, approve, &f.note)
        .await
    {
        Ok(_) if approve => t(me.lang, "tech-flash-approved"),
        Ok(_) => t(me.lang, "tech-flash-rejected"),
        Err(e) => match AppError::from(e) {
            e @ AppError::Accounts { .. } => e.message(me.lang),
            e => return Err(e),
        },
    };
    set_flash(&s, message).await?;
    Ok(Redirect::to("/technology/review").into_response())
}
