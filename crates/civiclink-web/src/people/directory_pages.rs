//! The member directory (with its CSV export), the organization directory and "people you may
//! know". Results link to profile pages (`/people/{handle}`).

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civiclink_domain::{Role, SizeBand};
use civiclink_i18n::{Arg, t, t_args};
use civiclink_people::{DirectoryEntry, OrgEntry, Reason, Suggestion, csv_cell, page_size};

use crate::kit::error::AppError;
use crate::kit::extract::QueryParams;
use crate::kit::page::{Page, render};
use crate::kit::session::{ActiveMember, SessionHandle};
use crate::kit::state::AppState;
use crate::people::directory_api::{MemberDirectoryQuery, OrgDirectoryQuery};
use crate::people::words::{PeopleWords, expertise_label};
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/directory", get(members))
        .route("/directory/export.csv", get(export))
        .route("/organizations/directory", get(organizations))
        .route("/people/suggestions", get(suggestions))
}

/// A choice of a select: its value and its label.
pub(crate) struct Choice {
    value: String,
    label: String,
}

fn size_bands(lang: civiclink_domain::Language) -> Vec<Choice> {
    SizeBand::ALL
        .into_iter()
        .map(|b| Choice {
            value: b.as_str().to_owned(),
            label: t(lang, &format!("dir-size-{}", b.as_str())),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "directory/members.html")]
struct MembersPage {
    page: Page,
    q: MemberDirectoryQuery,
    bands: Vec<Choice>,
    roles: Vec<Choice>,
    items: Vec<DirectoryEntry>,
    next_url: Option<String>,
    prev_url: Option<String>,
    /// The first page with the same filters, offered from any later page.
    first_url: Option<String>,
    csv_url: String,
    /// The organization the list is narrowed to, and the same list without that filter.
    org_filter: Option<OrgFilter>,
}

/// The organization the member directory is narrowed to, named so the page can say so.
struct OrgFilter {
    name: String,
    /// The directory with the same other filters but every organization.
    clear_url: String,
}

impl MembersPage {
    /// The fields of the filter form.
    fn form_fields(&self) -> [&String; 6] {
        let q = &self.q;
        [
            &q.q,
            &q.region,
            &q.country,
            &q.size_band,
            &q.expertise,
            &q.role,
        ]
    }

    /// Whether a field of the filter form is set (then the form starts open on every screen).
    fn form_filled(&self) -> bool {
        self.form_fields().iter().any(|v| !v.trim().is_empty()) || self.q.sort == "recent"
    }

    /// Whether the result is narrowed by any filter, those of the form or the organization or
    /// association a link came with.
    fn filtered(&self) -> bool {
        self.form_fields()
            .into_iter()
            .chain([&self.q.org_id, &self.q.association_id])
            .any(|v| !v.trim().is_empty())
    }

    /// The export link's words, with the most rows a file holds.
    fn export_label(&self) -> String {
        let max = i64::try_from(civiclink_people::EXPORT_CAP).unwrap_or(i64::MAX);
        self.page.t1("dir-export", "max", self.page.number(max))
    }
}

async fn members(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<MemberDirectoryQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let limit = page_size(q.limit)?;
    let base = q.filters_query();
    let result = state
        .read_through(
            format!("{}:{base}:{limit}:{}", me.member.id, q.cursor),
            || async {
                Ok(state
                    .people
                    .directory(me.member.id, &filter, limit, Some(&q.cursor))
                    .await?)
            },
        )
        .await?;
    let result = (*result).clone();
    let join = |extra: String| {
        if base.is_empty() {
            extra
        } else if extra.is_empty() {
            base.clone()
        } else {
            format!("{base}&{extra}")
        }
    };
    // Page links keep the filters and the page size.
    let limit = q.limit.map(|l| l.to_string());
    let page_url = |c: Option<&str>| {
        let pairs = [("cursor", c), ("limit", limit.as_deref())];
        let extra = serde_urlencoded::to_string(
            pairs
                .iter()
                .filter_map(|(k, v)| v.map(|v| (*k, v)))
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        match join(extra) {
            qs if qs.is_empty() => "/directory".to_owned(),
            qs => format!("/directory?{qs}"),
        }
    };
    let next_url = result.next.as_deref().map(|c| page_url(Some(c)));
    let prev_url = result.prev.as_deref().map(|c| page_url(Some(c)));
    let first_url = result.prev.is_some().then(|| page_url(None));
    let csv_url = match base.is_empty() {
        true => "/directory/export.csv".to_owned(),
        false => format!("/directory/export.csv?{base}"),
    };
    let org_filter = match filter.org {
        Some(id) => {
            let name = state.accounts.organization(id).await?.name;
            let others = MemberDirectoryQuery {
                org_id: String::new(),
                ..q.clone()
            }
            .filters_query();
            let clear_url = match others.is_empty() {
                true => "/directory".to_owned(),
                false => format!("/directory?{others}"),
            };
            Some(OrgFilter { name, clear_url })
        }
        None => None,
    };
    let lang = me.lang;
    let page = Page::new(
        &s,
        lang,
        Some(&me.member),
        t(lang, "dir-title"),
        "directory",
    )
    .await?
    .at("/directory");
    let roles = Role::ALL
        .into_iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: t(lang, &format!("role-{}", r.as_str())),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &MembersPage {
            page,
            q,
            bands: size_bands(lang),
            roles,
            items: result.items,
            next_url,
            prev_url,
            first_url,
            csv_url,
            org_filter,
        },
    ))
}

/// The whole current result as CSV, with only what the viewer may see; cells that a
/// spreadsheet would read as formulas are defused.
async fn export(
    State(state): State<AppState>,
    me: ActiveMember,
    QueryParams(q): QueryParams<MemberDirectoryQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let (rows, cut) = state
        .people
        .directory_all(me.member.id, &filter, civiclink_people::EXPORT_CAP)
        .await?;
    let lang = me.lang;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        t(lang, "dir-csv-name"),
        t(lang, "dir-csv-handle"),
        t(lang, "dir-csv-role"),
        t(lang, "dir-csv-organization"),
        t(lang, "dir-csv-region"),
        t(lang, "dir-csv-country"),
        t(lang, "dir-csv-association"),
        t(lang, "dir-csv-job-title"),
        t(lang, "dir-csv-expertise"),
    ];
    w.write_record(&header).map_err(AppError::internal)?;
    for e in &rows {
        // Curated tags in the viewer's language, as the page shows them; free tags as typed.
        let expertise: Vec<String> = e
            .expertise
            .iter()
            .map(|t| expertise_label(lang, t.as_str()))
            .collect();
        let record = [
            e.display_name.clone(),
            e.handle.as_str().to_owned(),
            t(lang, &format!("role-{}", e.role.as_str())),
            e.org_name.clone().unwrap_or_default(),
            e.region.clone().unwrap_or_default(),
            e.country.clone().unwrap_or_default(),
            e.association_name.clone().unwrap_or_default(),
            e.job_title.clone().unwrap_or_default(),
            expertise.join(", "),
        ];
        w.write_record(record.iter().map(|c| csv_cell(c)))
            .map_err(AppError::internal)?;
    }
    let body = w.into_inner().map_err(AppError::internal)?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"civiclink-directory.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if cut {
        // The file holds the first rows only; say so to programs (the page says it to people).
        headers.insert(
            "x-civiclink-truncated",
            HeaderValue::from(civiclink_people::EXPORT_CAP),
        );
    }
    Ok(response)
}

/// An organization with its labels worded for the page.
struct OrgRow {
    org: OrgEntry,
    kind: String,
    band: Option<String>,
}

#[derive(Template)]
#[template(path = "directory/organizations.html")]
struct OrganizationsPage {
    page: Page,
    q: OrgDirectoryQuery,
    bands: Vec<Choice>,
    kinds: Vec<Choice>,
    items: Vec<OrgRow>,
    next_url: Option<String>,
}

async fn organizations(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    QueryParams(q): QueryParams<OrgDirectoryQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let limit = page_size(q.limit)?;
    let result = state
        .people
        .org_directory(&filter, limit, Some(&q.cursor))
        .await?;
    let lang = me.lang;
    let base = q.filters_query();
    let next_url = result.next.as_ref().map(|c| {
        let extra = serde_urlencoded::to_string([("cursor", c.as_str())]).unwrap_or_default();
        if base.is_empty() {
            format!("/organizations/directory?{extra}")
        } else {
            format!("/organizations/directory?{base}&{extra}")
        }
    });
    let items = result
        .items
        .into_iter()
        .map(|o| OrgRow {
            kind: t(lang, &format!("kind-{}", o.kind)),
            band: o
                .size_band()
                .map(|b| t(lang, &format!("dir-size-{}", b.as_str()))),
            org: o,
        })
        .collect();
    let kinds = ["municipality", "vendor", "partner"]
        .into_iter()
        .map(|k| Choice {
            value: k.to_owned(),
            label: t(lang, &format!("kind-{k}")),
        })
        .collect();
    let page = Page::new(
        &s,
        lang,
        Some(&me.member),
        t(lang, "dir-orgs-title"),
        "directory",
    )
    .await?
    .at("/organizations/directory");
    Ok(render(
        StatusCode::OK,
        &OrganizationsPage {
            page,
            q,
            bands: size_bands(lang),
            kinds,
            items,
            next_url,
        },
    ))
}

/// A suggestion with its one-line explanation worded.
struct SuggestionRow {
    s: Suggestion,
    why: String,
}

#[derive(Template)]
#[template(path = "directory/suggestions.html")]
struct SuggestionsPage {
    page: Page,
    items: Vec<SuggestionRow>,
}

/// "3 shared connections · also in Eastern Ontario", "Also at City of Ottawa · one area of
/// expertise in common": the reasons are worded to follow one another, so the line's first
/// letter is capitalised here, whichever reason comes first.
fn explain(lang: civiclink_domain::Language, reasons: &[Reason]) -> String {
    let parts: Vec<String> = reasons
        .iter()
        .map(|r| match r {
            Reason::SharedConnections(n) => {
                t_args(lang, "suggest-shared-connections", &[("n", Arg::from(*n))])
            }
            Reason::SameOrganization(org) => t_args(
                lang,
                "suggest-same-organization",
                &[("org", Arg::Str(org.clone()))],
            ),
            Reason::SameRegion(region) => t_args(
                lang,
                "suggest-same-region",
                &[("region", Arg::Str(region.clone()))],
            ),
            Reason::SameSizeBand => t(lang, "suggest-same-size-band"),
            Reason::SharedExpertise(n) => {
                t_args(lang, "suggest-shared-expertise", &[("n", Arg::from(*n))])
            }
        })
        .collect();
    capitalise_first(&parts.join(" · "))
}

/// `s` with its first letter upper-cased (for both our languages that is the sentence case).
fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

async fn suggestions(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let lang = me.lang;
    let items = state
        .people
        .suggestions(me.member.id, 20)
        .await?
        .into_iter()
        .map(|s| SuggestionRow {
            why: explain(lang, &s.reasons),
            s,
        })
        .collect();
    let page = Page::new(
        &s,
        lang,
        Some(&me.member),
        t(lang, "suggest-title"),
        "directory",
    )
    .await?
    .at("/people/suggestions");
    Ok(render(StatusCode::OK, &SuggestionsPage { page, items }))
}
