//! Usage records: "our municipality uses this". One record per organization and listing, kept by
//! the organization's members: the business functions it serves there, version and status, since
//! when and until when it is supported, how many users, a contact willing to talk about it,
//! notes, and how it was bought. The number of users and the contract may be kept within the
//! organization; other members then see neither. Each record says when it was last confirmed and
//! by whom; one not confirmed for a year is stale.

use std::collections::HashMap;

use civiclink_domain::{Actor, MemberId, OrgId, Role, SizeBand, ValidationError};
use civiclink_store::{Tx, execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::{
    BusinessFunction, BusinessFunctionId, ListingId, ListingStatus, Technology, TechnologyError,
    TechnologyEvent, TechnologyResult,
};

civiclink_domain::typed_id!(
    /// A usage record: one organization's use of one listing.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    UsageRecordId
);

/// How long a record stays fresh after it was last confirmed.
pub const FRESH_DAYS: i64 = 365;

/// Where a listing stands at an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsageStatus {
    Evaluating,
    Piloting,
    Production,
    Retiring,
    Retired,
}

impl UsageStatus {
    pub const ALL: [UsageStatus; 5] = [
        UsageStatus::Evaluating,
        UsageStatus::Piloting,
        UsageStatus::Production,
        UsageStatus::Retiring,
        UsageStatus::Retired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UsageStatus::Evaluating => "evaluating",
            UsageStatus::Piloting => "piloting",
            UsageStatus::Production => "production",
            UsageStatus::Retiring => "retiring",
            UsageStatus::Retired => "retired",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
            .ok_or(ValidationError::new("status", "invalid-choice"))
    }
}

/// Who sees a detail of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every member.
    Members,
    /// The organization's own members.
    Organization,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::Members, Audience::Organization];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Members => "members",
            Audience::Organization => "organization",
        }
    }

    fn parse(s: &str, field: &'static str) -> Result<Self, ValidationError> {
        match s.trim() {
            "" | "members" => Ok(Audience::Members),
            "organization" => Ok(Audience::Organization),
            _ => Err(ValidationError::new(field, "invalid-choice")),
        }
    }
}

/// How a listing was bought.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcurementRoute {
    /// A cooperative agreement (OECM or LAS in Ontario, for example).
    Cooperative,
    /// A New Zealand all-of-government contract.
    AllOfGovernment,
    /// A syndicated contract.
    Syndicated,
    Rfp,
    SoleSource,
    Other,
}

impl ProcurementRoute {
    pub const ALL: [ProcurementRoute; 6] = [
        ProcurementRoute::Cooperative,
        ProcurementRoute::AllOfGovernment,
        ProcurementRoute::Syndicated,
        ProcurementRoute::Rfp,
        ProcurementRoute::SoleSource,
        ProcurementRoute::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProcurementRoute::Cooperative => "cooperative",
            ProcurementRoute::AllOfGovernment => "all_of_government",
            ProcurementRoute::Syndicated => "syndicated",
            ProcurementRoute::Rfp => "rfp",
            ProcurementRoute::SoleSource => "sole_source",
            ProcurementRoute::Other => "other",
        }
    }

    fn parse(s: &str) -> Result<Option<Self>, ValidationError> {
        match s.trim() {
            "" => Ok(None),
            s => Self::ALL
                .into_iter()
                .find(|r| r.as_str() == s)
                .map(Some)
                .ok_or(ValidationError::new("procurement_route", "invalid-choice")),
        }
    }
}

/// How it was bought, as a record holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Procurement {
    pub route: Option<ProcurementRoute>,
    /// The cooperative or contract vehicle's name (OECM, LAS, …).
    pub cooperative: String,
    pub contract_reference: String,
    /// When the contract ends (YYYY-MM-DD).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "day::option")]
    pub contract_ends: Option<Date>,
    /// Other municipalities may buy on the same contract.
    pub open_to_others: bool,
    pub visibility: Audience,
}

/// What a record says, checked: one parser for a form and a JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageDetails {
    pub functions: Vec<BusinessFunctionId>,
    pub status: UsageStatus,
    pub version: String,
    pub since: Option<Date>,
    pub support_ends: Option<Date>,
    pub users: Option<i64>,
    pub users_visibility: Audience,
    pub contact_id: Option<MemberId>,
    pub notes: String,
    pub procurement: Procurement,
}

/// A record's fields as a person typed them.
#[derive(Clone, Debug, Default)]
pub struct UsageInput<'a> {
    /// Ids of business functions; empty: the listing's own.
    pub functions: &'a [String],
    pub status: &'a str,
    pub version: &'a str,
    pub since: &'a str,
    pub support_ends: &'a str,
    pub users: &'a str,
    pub users_visibility: &'a str,
    /// Empty, or the id of a member of the organization.
    pub contact_id: &'a str,
    pub notes: &'a str,
    pub procurement_route: &'a str,
    pub cooperative: &'a str,
    pub contract_reference: &'a str,
    pub contract_ends: &'a str,
    pub open_to_others: bool,
    pub contract_visibility: &'a str,
}

// Dates in answers read `YYYY-MM-DD`, as they are typed.
time::serde::format_description!(pub(crate) day, Date, "[year]-[month]-[day]");

pub(crate) const DAY: &[time::format_description::BorrowedFormatItem<'_>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn day(s: &str, field: &'static str) -> Result<Option<Date>, ValidationError> {
    match s.trim() {
        "" => Ok(None),
        s => Date::parse(s, DAY)
            .map(Some)
            .map_err(|_| ValidationError::new(field, "date-invalid")),
    }
}

fn short(s: &str, field: &'static str, max: usize) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "control-chars"));
    }
    if s.chars().count() > max {
        return Err(ValidationError::new(
            field,
            if max <= 120 {
                "max-120-chars"
            } else {
                "max-300-chars"
            },
        ));
    }
    Ok(s.to_owned())
}

impl UsageDetails {
    pub const NOTES_MAX: usize = 2000;

    pub fn parse(input: &UsageInput<'_>) -> Result<Self, ValidationError> {
        let mut functions = Vec::new();
        for f in input.functions {
            let f = f.trim();
            if f.is_empty() {
                continue;
            }
            let id = f
                .parse::<BusinessFunctionId>()
                .map_err(|_| ValidationError::new("functions", "invalid-choice"))?;
            if !functions.contains(&id) {
                functions.push(id);
            }
        }
        if functions.len() > 8 {
            return Err(ValidationError::new("functions", "functions-1-to-8"));
        }
        let users = match input.users.trim() {
            "" => None,
            s => match s.replace([',', ' '], "").parse::<i64>() {
                Ok(n) if (0..=10_000_000).contains(&n) => Some(n),
                _ => return Err(ValidationError::new("users", "number-invalid")),
            },
        };
        let contact_id = match input.contact_id.trim() {
            "" => None,
            s => Some(
                s.parse::<MemberId>()
                    .map_err(|_| ValidationError::new("contact_id", "invalid-choice"))?,
            ),
        };
        let notes = input.notes.trim().replace("\r\n", "\n");
        if notes
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(ValidationError::new("notes", "control-chars"));
        }
        if notes.chars().count() > Self::NOTES_MAX {
            return Err(ValidationError::new("notes", "max-2000-chars"));
        }
        let since = day(input.since, "since")?;
        let support_ends = day(input.support_ends, "support_ends")?;
        if let (Some(a), Some(b)) = (since, support_ends)
            && b < a
        {
            return Err(ValidationError::new("support_ends", "date-before-since"));
        }
        Ok(Self {
            functions,
            status: UsageStatus::parse(input.status)?,
            version: short(input.version, "version", 40).and_then(|v| {
                if v.chars().count() > 40 {
                    Err(ValidationError::new("version", "version-invalid"))
                } else {
                    Ok(v)
                }
            })?,
            since,
            support_ends,
            users,
            users_visibility: Audience::parse(input.users_visibility, "users_visibility")?,
            contact_id,
            notes,
            procurement: Procurement {
                route: ProcurementRoute::parse(input.procurement_route)?,
                cooperative: short(input.cooperative, "cooperative", 120)?,
                contract_reference: short(input.contract_reference, "contract_reference", 120)?,
                contract_ends: day(input.contract_ends, "contract_ends")?,
                open_to_others: input.open_to_others,
                visibility: Audience::parse(input.contract_visibility, "contract_visibility")?,
            },
        })
    }
}

/// A member as a record names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Person {
    pub id: MemberId,
    /// Empty once their account is erased.
    pub name: String,
}

/// A record as a viewer sees it: what they may not see is left out (`users`, `procurement`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UsageRecord {
    pub id: UsageRecordId,
    pub listing_id: ListingId,
    pub listing_name: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub region: String,
    pub country: String,
    pub size_band: Option<SizeBand>,
    pub functions: Vec<BusinessFunction>,
    pub status: UsageStatus,
    pub version: String,
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "day::option")]
    pub since: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "day::option")]
    pub support_ends: Option<Date>,
    /// Left out when the organization keeps it to itself and the viewer is not of it.
    pub users: Option<i64>,
    pub users_visibility: Audience,
    pub contact: Option<Person>,
    pub notes: String,
    /// Left out when the organization keeps it to itself and the viewer is not of it.
    pub procurement: Option<Procurement>,
    #[serde(with = "time::serde::rfc3339")]
    pub confirmed_at: OffsetDateTime,
    pub confirmed_by: Option<Person>,
    /// Not confirmed for a year.
    pub stale: bool,
    /// The viewer may change it (a member of the organization, or a site administrator).
    pub editable: bool,
    /// The listing's page, at this record.
    pub url: String,
    /// The record's own page, with its timeline.
    pub page: String,
}

impl UsageRecord {
    /// The next end the viewer may see, on or after `today`: of its support, or of its
    /// contract when the viewer sees the contract. What brings a record onto the renewals radar.
    pub fn next_end(&self, today: Date) -> Option<Date> {
        [
            self.support_ends,
            self.procurement.as_ref().and_then(|p| p.contract_ends),
        ]
        .into_iter()
        .flatten()
        .filter(|d| *d >= today)
        .min()
    }
}

/// Which records of a listing to show.
#[derive(Clone, Debug, Default)]
pub struct UsageFilter {
    pub status: Option<UsageStatus>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub size_band: Option<SizeBand>,
}

#[derive(sqlx::FromRow)]
struct UsageRow {
    id: UsageRecordId,
    listing_id: ListingId,
    listing_name: String,
    org_id: OrgId,
    org_name: Option<String>,
    region: Option<String>,
    country: Option<String>,
    population: Option<i64>,
    status: String,
    version: String,
    since: Option<String>,
    support_ends: Option<String>,
    users: Option<i64>,
    users_visibility: String,
    contact_id: Option<MemberId>,
    contact_name: Option<String>,
    notes: String,
    procurement_route: String,
    cooperative: String,
    contract_reference: String,
    contract_ends: Option<String>,
    open_to_others: bool,
    contract_visibility: String,
    confirmed_at: OffsetDateTime,
    confirmed_by: MemberId,
    confirmer_name: Option<String>,
}

const USAGE_SELECT: &str = "SELECT u.id, u.listing_id, l.name AS listing_name, u.org_id, \
     o.name AS org_name, o.region, o.country, o.population, u.status, u.version, u.since, \
     u.support_ends, u.users, u.users_visibility, u.contact_id, c.display_name AS contact_name, \
     u.notes, u.procurement_route, u.cooperative, u.contract_reference, u.contract_ends, \
     u.open_to_others, u.contract_visibility, u.confirmed_at, u.confirmed_by, \
     k.display_name AS confirmer_name \
     FROM usage_records u JOIN listings l ON l.id = u.listing_id \
     LEFT JOIN organization_facts o ON o.id = u.org_id \
     LEFT JOIN member_facts c ON c.id = u.contact_id \
     LEFT JOIN member_facts k ON k.id = u.confirmed_by";

/// The conditions of [`UsageFilter`] on a listing's records (`$1` the listing, `$2`..`$6` the
/// filter), for the records joined as `u` and their organizations as `o`.
const USAGE_FILTER: &str = "u.listing_id = $1 AND ($2 IS NULL OR u.status = $2) \
     AND ($3 IS NULL OR o.region = $3) AND ($4 IS NULL OR o.country = $4) \
     AND ($5 IS NULL OR (o.population >= $5 AND o.population < $6))";

/// How many records a page of a listing's users holds.
pub const USAGE_PAGE: i64 = 25;

/// A page of who uses a listing.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct UsagePage {
    pub items: Vec<UsageRecord>,
    /// How many records match the filter, on every page together.
    pub matching: i64,
    /// Where this page starts among them.
    pub offset: i64,
    /// How many records a page holds at most.
    pub limit: i64,
}

impl UsagePage {
    /// Where the next page starts, if there is one.
    pub fn next_offset(&self) -> Option<i64> {
        let next = self.offset + self.limit;
        (next < self.matching).then_some(next)
    }

    /// Where the previous page starts, if this is not the first: past the end, the last page.
    pub fn previous_offset(&self) -> Option<i64> {
        let last = (self.matching - 1).max(0) / self.limit * self.limit;
        (self.offset > 0).then(|| (self.offset - self.limit).clamp(0, last))
    }

    /// The first and last record of this page, counted from 1 (for "51–100 of 3,012").
    pub fn range(&self) -> (i64, i64) {
        let shown = i64::try_from(self.items.len()).unwrap_or(0);
        (self.offset + 1, self.offset + shown)
    }
}

/// What a listing's page says of its users besides a page of them.
#[derive(Clone, Debug)]
pub struct UsageOverview {
    /// Every record of the listing.
    pub total: i64,
    /// How many records in each status, in the order of [`UsageStatus::ALL`], none at zero.
    pub by_status: Vec<(UsageStatus, i64)>,
    /// Records whose contract is open to other organizations, where the viewer may see it.
    pub open_contracts: Vec<UsageRecord>,
    /// The record the viewer's organization keeps, if any.
    pub mine: Option<UsageRecordId>,
    /// The viewer's organization, if they are an active member of one.
    pub viewer_org: Option<OrgId>,
}

fn parse_day(s: Option<String>) -> Option<Date> {
    s.and_then(|s| Date::parse(&s, DAY).ok())
}

fn text_day(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// A member's organization and whether accounts lists them (an active membership).
pub(crate) const MEMBER_ORG: &str = "SELECT org_id, listed FROM member_facts WHERE id = $1";

/// The organization of a member row read with [`MEMBER_ORG`], if they are active.
pub(crate) fn active_org(row: Option<(Option<OrgId>, bool)>) -> Option<OrgId> {
    row.and_then(|(org, listed)| if listed { org } else { None })
}

/// The organization `actor` works for, if they are an active member of one.
async fn org_of(tx: &mut Tx, actor: &Actor) -> TechnologyResult<Option<OrgId>> {
    let row = on_tx!(tx, c => sqlx::query_as(MEMBER_ORG)
        .bind(actor.id)
        .fetch_optional(&mut *c)
        .await)?;
    Ok(active_org(row))
}

impl Technology {
    /// The organization `actor` works for (active members only).
    pub async fn viewer_org(&self, actor: &Actor) -> TechnologyResult<Option<OrgId>> {
        let row = on_db!(self.db, p => sqlx::query_as(MEMBER_ORG)
            .bind(actor.id)
            .fetch_optional(p)
            .await)?;
        Ok(active_org(row))
    }

    async fn usage_rows(
        &self,
        viewer: &Actor,
        rows: Vec<UsageRow>,
    ) -> TechnologyResult<Vec<UsageRecord>> {
        let mine = self.viewer_org(viewer).await?;
        let ids: Vec<UsageRecordId> = rows.iter().map(|r| r.id).collect();
        let mut functions = self.usage_functions(&ids).await?;
        let now = civiclink_store::now();
        Ok(rows
            .into_iter()
            .map(|r| {
                let inside = mine == Some(r.org_id) || viewer.role == Role::SiteAdmin;
                let users_visibility = Audience::parse(&r.users_visibility, "users_visibility")
                    .unwrap_or(Audience::Organization);
                let contract_visibility =
                    Audience::parse(&r.contract_visibility, "contract_visibility")
                        .unwrap_or(Audience::Organization);
                let procurement = Procurement {
                    route: ProcurementRoute::parse(&r.procurement_route).ok().flatten(),
                    cooperative: r.cooperative,
                    contract_reference: r.contract_reference,
                    contract_ends: parse_day(r.contract_ends),
                    open_to_others: r.open_to_others,
                    visibility: contract_visibility,
                };
                UsageRecord {
                    url: self.links.usage(r.listing_id, r.id),
                    page: self.links.record(r.id),
                    functions: functions.remove(&r.id).unwrap_or_default(),
                    id: r.id,
                    listing_id: r.listing_id,
                    listing_name: r.listing_name,
                    org_id: r.org_id,
                    org_name: r.org_name.unwrap_or_default(),
                    region: r.region.unwrap_or_default(),
                    country: r.country.unwrap_or_default(),
                    size_band: r.population.map(SizeBand::of),
                    status: UsageStatus::parse(&r.status).unwrap_or(UsageStatus::Production),
                    version: r.version,
                    since: parse_day(r.since),
                    support_ends: parse_day(r.support_ends),
                    users: if inside || users_visibility == Audience::Members {
                        r.users
                    } else {
                        None
                    },
                    users_visibility,
                    contact: r.contact_id.map(|id| Person {
                        id,
                        name: r.contact_name.unwrap_or_default(),
                    }),
                    notes: r.notes,
                    procurement: (inside || contract_visibility == Audience::Members)
                        .then_some(procurement),
                    stale: now - r.confirmed_at > time::Duration::days(FRESH_DAYS),
                    confirmed_at: r.confirmed_at,
                    confirmed_by: Some(Person {
                        id: r.confirmed_by,
                        name: r.confirmer_name.unwrap_or_default(),
                    }),
                    editable: inside,
                }
            })
            .collect())
    }

    async fn usage_functions(
        &self,
        ids: &[UsageRecordId],
    ) -> TechnologyResult<HashMap<UsageRecordId, Vec<BusinessFunction>>> {
        let ids: Vec<uuid::Uuid> = ids.iter().map(UsageRecordId::as_uuid).collect();
        let found = self
            .linked_functions("usage_record_functions", "record_id", &ids)
            .await?;
        Ok(found
            .into_iter()
            .map(|(k, v)| (UsageRecordId::from_uuid(k), v))
            .collect())
    }

    /// One page of who uses a published listing (`limit` records from `offset`, by
    /// organization name), narrowed by `filter`, with how many records match it.
    pub async fn usage_page(
        &self,
        viewer: &Actor,
        listing: ListingId,
        filter: &UsageFilter,
        offset: i64,
        limit: i64,
    ) -> TechnologyResult<UsagePage> {
        let offset = offset.max(0);
        let limit = limit.clamp(1, 500);
        let l = self.listing(viewer, listing).await?;
        if l.status != ListingStatus::Published {
            return Ok(UsagePage {
                items: vec![],
                matching: 0,
                offset,
                limit,
            });
        }
        let (min, max) = filter.size_band.map(SizeBand::range).unzip();
        let count_sql = format!(
            "SELECT COUNT(*) FROM usage_records u \
             LEFT JOIN organization_facts o ON o.id = u.org_id WHERE {USAGE_FILTER}"
        );
        let matching: i64 = on_db!(self.db, p => sqlx::query_scalar(&count_sql)
            .bind(listing)
            .bind(filter.status.map(UsageStatus::as_str))
            .bind(filter.region.as_deref())
            .bind(filter.country.as_deref())
            .bind(min)
            .bind(max)
            .fetch_one(p)
            .await)?;
        let sql = format!(
            "{USAGE_SELECT} WHERE {USAGE_FILTER} ORDER BY o.name_key, u.id LIMIT $7 OFFSET $8"
        );
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(listing)
            .bind(filter.status.map(UsageStatus::as_str))
            .bind(filter.region.as_deref())
            .bind(filter.country.as_deref())
            .bind(min)
            .bind(max)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await)?;
        Ok(UsagePage {
            items: self.usage_rows(viewer, rows).await?,
            matching,
            offset,
            limit,
        })
    }

    /// What a listing's page says of its users besides a page of them: how many by status,
    /// the contracts open to others that the viewer may see, and the viewer's own record.
    pub async fn usage_overview(
        &self,
        viewer: &Actor,
        listing: ListingId,
    ) -> TechnologyResult<UsageOverview> {
        let viewer_org = self.viewer_org(viewer).await?;
        let counts: Vec<(String, i64)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT u.status, COUNT(*) FROM usage_records u JOIN listings l ON l.id = u.listing_id \
             WHERE u.listing_id = $1 AND l.status = 'published' GROUP BY u.status",
        )
        .bind(listing)
        .fetch_all(p)
        .await)?;
        let by_status: Vec<(UsageStatus, i64)> = UsageStatus::ALL
            .into_iter()
            .filter_map(|st| {
                counts
                    .iter()
                    .find(|(s, _)| s == st.as_str())
                    .map(|(_, n)| (st, *n))
            })
            .collect();
        let sql = format!(
            "{USAGE_SELECT} WHERE u.listing_id = $1 AND u.open_to_others AND l.status = 'published' \
             ORDER BY o.name_key, u.id"
        );
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(listing)
            .fetch_all(p)
            .await)?;
        let open_contracts = self
            .usage_rows(viewer, rows)
            .await?
            .into_iter()
            .filter(|r| r.procurement.as_ref().is_some_and(|p| p.open_to_others))
            .collect();
        let mine = match viewer_org {
            Some(org) => on_db!(self.db, p => sqlx::query_scalar(
                "SELECT id FROM usage_records WHERE listing_id = $1 AND org_id = $2",
            )
            .bind(listing)
            .bind(org)
            .fetch_optional(p)
            .await)?,
            None => None,
        };
        Ok(UsageOverview {
            total: by_status.iter().map(|(_, n)| n).sum(),
            by_status,
            open_contracts,
            mine,
            viewer_org,
        })
    }

    /// An organization's stack: every record it keeps, by listing name.
    pub async fn stack(&self, viewer: &Actor, org: OrgId) -> TechnologyResult<Vec<UsageRecord>> {
        let sql = format!(
            "{USAGE_SELECT} WHERE u.org_id = $1 AND l.status = 'published' ORDER BY l.name_key, u.id"
        );
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(org)
            .fetch_all(p)
            .await)?;
        self.usage_rows(viewer, rows).await
    }

    /// The renewals radar: records (not retired) whose support, or whose contract where the
    /// viewer may see it, ends in the next `days` days, soonest first, optionally for one
    /// business function (its slug) or one listing.
    pub async fn renewals(
        &self,
        viewer: &Actor,
        function: Option<&str>,
        listing: Option<ListingId>,
        days: i64,
    ) -> TechnologyResult<Vec<UsageRecord>> {
        let function = match function.map(str::trim).filter(|f| !f.is_empty()) {
            Some(slug) => match self.function_by_slug(slug).await? {
                Some(f) => Some(f.id),
                None => return Ok(vec![]),
            },
            None => None,
        };
        let mine = self.viewer_org(viewer).await?;
        let today = civiclink_store::now().date();
        let until = today + time::Duration::days(days.clamp(1, 3660));
        let (from, to) = (today.to_string(), until.to_string());
        let sql = format!(
            "{USAGE_SELECT} WHERE l.status = 'published' AND u.status <> 'retired' \
             AND ((u.support_ends >= $1 AND u.support_ends <= $2) \
                  OR (u.contract_ends >= $1 AND u.contract_ends <= $2 \
                      AND (u.contract_visibility = 'members' OR u.org_id = $3 OR $4))) \
             AND ($5 IS NULL OR EXISTS (SELECT 1 FROM usage_record_functions uf \
                  WHERE uf.record_id = u.id AND uf.function_id = $5)) \
             AND ($6 IS NULL OR u.listing_id = $6) \
             ORDER BY l.name_key, u.id LIMIT 500"
        );
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(&from)
            .bind(&to)
            .bind(mine)
            .bind(viewer.role == Role::SiteAdmin)
            .bind(function)
            .bind(listing)
            .fetch_all(p)
            .await)?;
        let mut records = self.usage_rows(viewer, rows).await?;
        // Soonest first, by the date the viewer may see.
        records.sort_by_key(|r| r.next_end(today));
        Ok(records)
    }

    /// The records waiting for `viewer` to confirm them: not confirmed for a year, of their
    /// organization or naming them as the contact, oldest confirmation first. What the
    /// directory asks them, in one click each.
    pub async fn to_confirm(&self, viewer: &Actor) -> TechnologyResult<Vec<UsageRecord>> {
        let Some(org) = self.viewer_org(viewer).await? else {
            return Ok(vec![]);
        };
        let before = civiclink_store::now() - time::Duration::days(FRESH_DAYS);
        let sql = format!(
            "{USAGE_SELECT} WHERE u.org_id = $1 AND l.status = 'published' AND u.confirmed_at < $2 \
             ORDER BY u.confirmed_at, u.id LIMIT 200"
        );
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(org)
            .bind(before)
            .fetch_all(p)
            .await)?;
        let mut records = self.usage_rows(viewer, rows).await?;
        // The viewer's own (as the contact) first, each group oldest first.
        records.sort_by_key(|r| r.contact.as_ref().map(|c| c.id) != Some(viewer.id));
        Ok(records)
    }

    /// One record, as `viewer` sees it.
    pub async fn usage_record(
        &self,
        viewer: &Actor,
        id: UsageRecordId,
    ) -> TechnologyResult<UsageRecord> {
        let sql = format!("{USAGE_SELECT} WHERE u.id = $1 AND l.status = 'published'");
        let rows: Vec<UsageRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(id)
            .fetch_all(p)
            .await)?;
        self.usage_rows(viewer, rows)
            .await?
            .pop()
            .ok_or(TechnologyError::NotFound)
    }

    /// Records that `org` uses a published listing. Its members (and site administrators)
    /// only; one record per organization and listing. Without functions, the record serves the
    /// listing's own.
    pub async fn record_usage(
        &self,
        actor: &Actor,
        listing: ListingId,
        org: OrgId,
        details: &UsageDetails,
    ) -> TechnologyResult<UsageRecordId> {
        let mut tx = self.db.begin().await?;
        require_member_of(&mut tx, actor, org).await?;
        let status: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT status FROM listings WHERE id = $1",
        )
        .bind(listing)
        .fetch_optional(&mut *c)
        .await)?;
        if status.as_deref() != Some("published") {
            return Err(TechnologyError::NotFound);
        }
        let id = UsageRecordId::new();
        let t = civiclink_store::now();
        let n = execute!(tx, sqlx::query(
            "INSERT INTO usage_records (id, listing_id, org_id, status, version, since, support_ends, \
             users, users_visibility, contact_id, notes, procurement_route, cooperative, \
             contract_reference, contract_ends, open_to_others, contract_visibility, confirmed_at, \
             confirmed_by, created_at, updated_at) VALUES ($1, $2, $3, $4, '', NULL, NULL, NULL, \
             'members', NULL, '', '', '', '', NULL, FALSE, 'members', $5, $6, $5, $5) \
             ON CONFLICT (listing_id, org_id) DO NOTHING",
        )
        .bind(id)
        .bind(listing)
        .bind(org)
        .bind(details.status.as_str())
        .bind(t)
        .bind(actor.id))?;
        if n == 0 {
            return Err(TechnologyError::Conflict("conflict-usage-exists"));
        }
        write_details(&mut tx, id, listing, org, details).await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::UsageRecorded {
                record: id,
                listing,
                org,
                status: details.status.as_str().to_owned(),
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Changes a record. Its organization's members (and site administrators) only.
    pub async fn update_usage(
        &self,
        actor: &Actor,
        id: UsageRecordId,
        details: &UsageDetails,
    ) -> TechnologyResult<()> {
        let mut tx = self.db.begin().await?;
        let (listing, org) = confirm_in(&mut tx, actor, id).await?;
        write_details(&mut tx, id, listing, org, details).await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::UsageUpdated {
                record: id,
                listing,
                org,
                status: details.status.as_str().to_owned(),
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms a record is still true, as it stands: in one click, by a member of its
    /// organization.
    pub async fn confirm_usage(&self, actor: &Actor, id: UsageRecordId) -> TechnologyResult<()> {
        let mut tx = self.db.begin().await?;
        let (listing, org) = confirm_in(&mut tx, actor, id).await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::UsageConfirmed {
                record: id,
                listing,
                org,
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Checks `actor` keeps the record and marks it confirmed by them now, in `tx`; returns its
/// listing and organization.
async fn confirm_in(
    tx: &mut Tx,
    actor: &Actor,
    id: UsageRecordId,
) -> TechnologyResult<(ListingId, OrgId)> {
    let (listing, org) = record_place(tx, id).await?;
    require_member_of(tx, actor, org).await?;
    execute!(
        tx,
        sqlx::query("UPDATE usage_records SET confirmed_at = $2, confirmed_by = $3 WHERE id = $1",)
            .bind(id)
            .bind(civiclink_store::now())
            .bind(actor.id)
    )?;
    Ok((listing, org))
}

/// The listing and organization of a record of a published listing.
pub(crate) async fn record_place(
    tx: &mut Tx,
    id: UsageRecordId,
) -> TechnologyResult<(ListingId, OrgId)> {
    let row: Option<(ListingId, OrgId)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT u.listing_id, u.org_id FROM usage_records u JOIN listings l ON l.id = u.listing_id \
         WHERE u.id = $1 AND l.status = 'published'",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await)?;
    row.ok_or(TechnologyError::NotFound)
}

/// Only the organization's active members, and site administrators, keep its records.
pub(crate) async fn require_member_of(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
) -> TechnologyResult<()> {
    if actor.role == Role::SiteAdmin || org_of(tx, actor).await? == Some(org) {
        Ok(())
    } else {
        Err(TechnologyError::Forbidden)
    }
}

/// Writes every detail of a record, checking what the database must confirm: the functions
/// exist, and the contact is an active member of the organization.
pub(crate) async fn write_details(
    tx: &mut Tx,
    id: UsageRecordId,
    listing: ListingId,
    org: OrgId,
    d: &UsageDetails,
) -> TechnologyResult<()> {
    if let Some(contact) = d.contact_id {
        let row = on_tx!(tx, c => sqlx::query_as(MEMBER_ORG)
            .bind(contact)
            .fetch_optional(&mut *c)
            .await)?;
        if active_org(row) != Some(org) {
            return Err(ValidationError::new("contact_id", "contact-not-in-org").into());
        }
    }
    let functions = if d.functions.is_empty() {
        on_tx!(tx, c => sqlx::query_scalar::<_, BusinessFunctionId>(
            "SELECT function_id FROM listing_functions WHERE listing_id = $1",
        )
        .bind(listing)
        .fetch_all(&mut *c)
        .await)?
    } else {
        d.functions.clone()
    };
    for f in &functions {
        let found: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT 1 FROM business_functions WHERE id = $1",
        )
        .bind(*f)
        .fetch_optional(&mut *c)
        .await)?;
        if found.is_none() {
            return Err(ValidationError::new("functions", "invalid-choice").into());
        }
    }
    let p = &d.procurement;
    execute!(
        tx,
        sqlx::query(
            "UPDATE usage_records SET status = $2, version = $3, since = $4, support_ends = $5, \
         users = $6, users_visibility = $7, contact_id = $8, notes = $9, procurement_route = $10, \
         cooperative = $11, contract_reference = $12, contract_ends = $13, open_to_others = $14, \
         contract_visibility = $15, updated_at = $16 WHERE id = $1",
        )
        .bind(id)
        .bind(d.status.as_str())
        .bind(&d.version)
        .bind(text_day(d.since))
        .bind(text_day(d.support_ends))
        .bind(d.users)
        .bind(d.users_visibility.as_str())
        .bind(d.contact_id)
        .bind(&d.notes)
        .bind(p.route.map_or("", ProcurementRoute::as_str))
        .bind(&p.cooperative)
        .bind(&p.contract_reference)
        .bind(text_day(p.contract_ends))
        .bind(p.open_to_others)
        .bind(p.visibility.as_str())
        .bind(civiclink_store::now())
    )?;
    execute!(
        tx,
        sqlx::query("DELETE FROM usage_record_functions WHERE record_id = $1").bind(id)
    )?;
    for f in &functions {
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO usage_record_functions (record_id, function_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(*f)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>() -> UsageInput<'a> {
        UsageInput {
            status: "production",
            version: "11.3",
            since: "2019-04-01",
            support_ends: "2027-03-31",
            users: "1,250",
            users_visibility: "organization",
            procurement_route: "cooperative",
            cooperative: "OECM",
            contract_reference: "2021-123",
            contract_ends: "2027-03-31",
            open_to_others: true,
            contract_visibility: "members",
            ..UsageInput::default()
        }
    }

    #[test]
    fn details_parse() {
        let d = UsageDetails::parse(&input()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d.users, Some(1250));
        assert_eq!(d.users_visibility, Audience::Organization);
        assert_eq!(d.procurement.route, Some(ProcurementRoute::Cooperative));
        assert_eq!(
            d.since.map(|d| d.to_string()).as_deref(),
            Some("2019-04-01")
        );
    }

    #[test]
    fn each_detail_is_checked() {
        let field = |i: UsageInput<'_>| UsageDetails::parse(&i).err().map(|e| (e.field, e.message));
        assert_eq!(
            field(UsageInput {
                status: "using",
                ..input()
            }),
            Some(("status", "invalid-choice"))
        );
        assert_eq!(
            field(UsageInput {
                since: "2019-13-01",
                ..input()
            }),
            Some(("since", "date-invalid"))
        );
        assert_eq!(
            field(UsageInput {
                support_ends: "2018-01-01",
                ..input()
            }),
            Some(("support_ends", "date-before-since"))
        );
        assert_eq!(
            field(UsageInput {
                users: "-3",
                ..input()
            }),
            Some(("users", "number-invalid"))
        );
        assert_eq!(
            field(UsageInput {
                procurement_route: "handshake",
                ..input()
            }),
            Some(("procurement_route", "invalid-choice"))
        );
        assert_eq!(
            field(UsageInput {
                users_visibility: "everyone",
                ..input()
            }),
            Some(("users_visibility", "invalid-choice"))
        );
    }
}
