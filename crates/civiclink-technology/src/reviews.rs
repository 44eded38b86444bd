//! Ratings and reviews of listings. One review per member and listing, editable, every version
//! kept; scores (overall, ease of use, quality of support, value for money, would recommend) and
//! pros and cons. A review shows its author's context: their organization's size band and how
//! long it has used the listing (its usage record). Members of the listing's vendor, or of a
//! vendor whose published listing shares a business function with it, do not review it.
//! Aggregates per listing, overall and by size band; helpful votes; reports to moderators, who
//! hide a review or dismiss the report; one public response per review from the vendor.

use civiclink_domain::{Actor, OrgId, SizeBand, ValidationError};
use civiclink_store::{Tx, execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::Links;
use crate::usage::{MEMBER_ORG, Person, active_org};
use crate::{
    ListingId, ListingStatus, Technology, TechnologyAudit, TechnologyError, TechnologyEvent,
    TechnologyResult, UsageStatus, require_moderator,
};

civiclink_domain::typed_id!(
    /// A member's review of a listing.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    ReviewId
);
civiclink_domain::typed_id!(
    /// A member's report of a review to the moderators.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    ReviewReportId
);

/// Reviews per page.
pub const REVIEWS_PAGE: usize = 20;

/// The longest pros, cons, report note or vendor response.
pub const REVIEW_TEXT_MAX: usize = 3000;

/// What a review says, checked: one parser for a form and a JSON body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewScores {
    /// 1 to 5.
    pub overall: i32,
    /// Ease of use, 1 to 5, if given.
    pub ease: Option<i32>,
    /// Quality of support, 1 to 5, if given.
    pub support: Option<i32>,
    /// Value for money, 1 to 5, if given.
    pub value: Option<i32>,
    pub recommend: bool,
    pub pros: String,
    pub cons: String,
}

/// A review's fields as a person typed them.
#[derive(Clone, Debug, Default)]
pub struct ReviewInput<'a> {
    pub overall: &'a str,
    pub ease: &'a str,
    pub support: &'a str,
    pub value: &'a str,
    /// `yes` or `no`.
    pub recommend: &'a str,
    pub pros: &'a str,
    pub cons: &'a str,
}

fn score(s: &str, field: &'static str, required: bool) -> Result<Option<i32>, ValidationError> {
    match s.trim() {
        "" if required => Err(ValidationError::new(field, "required")),
        "" => Ok(None),
        s => match s.parse::<i32>() {
            Ok(n) if (1..=5).contains(&n) => Ok(Some(n)),
            _ => Err(ValidationError::new(field, "score-1-to-5")),
        },
    }
}

/// Free text of a review: trimmed, line breaks kept, no other control characters, at most
/// [`REVIEW_TEXT_MAX`] characters.
pub(crate) fn review_text(s: &str, field: &'static str) -> Result<String, ValidationError> {
    text_block(s, field, REVIEW_TEXT_MAX, "max-3000-chars")
}

/// Free text: trimmed, line breaks kept, no other control characters, at most `max`
/// characters (`key` says so).
pub(crate) fn text_block(
    s: &str,
    field: &'static str,
    max: usize,
    key: &'static str,
) -> Result<String, ValidationError> {
    let s = s.trim().replace("\r\n", "\n");
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(ValidationError::new(field, "control-chars"));
    }
    if s.chars().count() > max {
        return Err(ValidationError::new(field, key));
    }
    Ok(s)
}

impl ReviewScores {
    pub fn parse(input: &ReviewInput<'_>) -> Result<Self, ValidationError> {
        let overall = score(input.overall, "overall", true)?.unwrap_or(1);
        let ease = score(input.ease, "ease", false)?;
        let support = score(input.support, "support", false)?;
        let value = score(input.value, "value", false)?;
        let recommend = match input.recommend.trim() {
            "yes" | "true" => true,
            "no" | "false" => false,
            "" => return Err(ValidationError::new("recommend", "required")),
            _ => return Err(ValidationError::new("recommend", "invalid-choice")),
        };
        let pros = review_text(input.pros, "pros")?;
        let cons = review_text(input.cons, "cons")?;
        if pros.is_empty() && cons.is_empty() {
            return Err(ValidationError::new("pros", "review-text-required"));
        }
        Ok(Self {
            overall,
            ease,
            support,
            value,
            recommend,
            pros,
            cons,
        })
    }
}

/// The vendor's public response under a review.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct VendorResponse {
    pub author: Person,
    pub org_id: OrgId,
    pub org_name: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// A review as a viewer sees it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Review {
    pub id: ReviewId,
    pub listing_id: ListingId,
    pub author: Person,
    /// The author's organization when they wrote it.
    pub org_id: Option<OrgId>,
    pub org_name: String,
    pub size_band: Option<SizeBand>,
    /// Since when the author's organization has used the listing, and how it stands there, from
    /// its usage record (none: no record).
    #[schema(value_type = Option<String>, format = Date)]
    #[serde(default, with = "crate::usage::day::option")]
    pub using_since: Option<Date>,
    pub usage_status: Option<UsageStatus>,
    #[serde(flatten)]
    pub scores: ReviewScores,
    /// The number of its version in effect (1: never edited).
    pub revision: i32,
    /// Hidden by a moderator: shown only to its author and moderators.
    pub hidden: bool,
    /// How many members found it helpful, and whether the viewer is one of them.
    pub helpful: i64,
    pub voted_helpful: bool,
    /// The viewer wrote it.
    pub mine: bool,
    pub response: Option<VendorResponse>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Its place on the listing's page.
    pub url: String,
}

impl Review {
    /// How many times it was edited.
    pub fn edits(&self) -> usize {
        usize::try_from(self.revision.saturating_sub(1)).unwrap_or(0)
    }
}

/// One version of a review.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewRevision {
    pub number: i32,
    #[serde(flatten)]
    pub scores: ReviewScores,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// The ratings of one size band.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BandRating {
    pub size_band: SizeBand,
    pub count: i64,
    /// The mean overall score.
    pub overall: f64,
}

/// A listing's ratings: counts and means of the reviews that are not hidden.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Aggregates {
    pub count: i64,
    /// Means, over the reviews that gave each score.
    pub overall: Option<f64>,
    pub ease: Option<f64>,
    pub support: Option<f64>,
    pub value: Option<f64>,
    /// The share (0 to 1) that would recommend it.
    pub recommend: Option<f64>,
    /// How many gave each overall score, from 1 to 5.
    pub distribution: Vec<i64>,
    /// By the size band of each author's organization, in band order; bands without reviews
    /// are left out.
    pub by_size_band: Vec<BandRating>,
}

impl Aggregates {
    /// The largest count of the distribution, to scale a chart (at least 1).
    pub fn distribution_max(&self) -> i64 {
        self.distribution.iter().copied().max().unwrap_or(0).max(1)
    }
}

/// How reviews are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSort {
    /// The most helpful first (newest first among equals).
    #[default]
    Helpful,
    Newest,
}

impl ReviewSort {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "" | "helpful" => Ok(ReviewSort::Helpful),
            "newest" => Ok(ReviewSort::Newest),
            _ => Err(ValidationError::new("sort", "invalid-choice")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewSort::Helpful => "helpful",
            ReviewSort::Newest => "newest",
        }
    }
}

/// A page of a listing's reviews, with the listing's aggregates.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReviewPage {
    pub aggregates: Aggregates,
    pub items: Vec<Review>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

/// Whether the viewer may review a listing, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "may_review")]
pub enum Eligibility {
    Yes,
    /// They reviewed it already: they may edit that review.
    AlreadyReviewed {
        review: ReviewId,
    },
    /// Their organization sells it, or sells a listing that shares a business function with it.
    ConflictOfInterest,
    /// Only active members of an organization review.
    NoOrganization,
}

/// Why a review is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Abusive,
    OffTopic,
    ConflictOfInterest,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 5] = [
        ReportReason::Spam,
        ReportReason::Abusive,
        ReportReason::OffTopic,
        ReportReason::ConflictOfInterest,
        ReportReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abusive => "abusive",
            ReportReason::OffTopic => "off_topic",
            ReportReason::ConflictOfInterest => "conflict_of_interest",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "" => Err(ValidationError::new("reason", "required")),
            s => Self::ALL
                .into_iter()
                .find(|r| r.as_str() == s)
                .ok_or(ValidationError::new("reason", "invalid-choice")),
        }
    }
}

/// An open report, as the moderators' queue shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReviewReport {
    pub id: ReviewReportId,
    pub reason: ReportReason,
    pub note: String,
    pub reporter: Person,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub listing_name: String,
    pub review: Review,
}

/// What a moderator decides of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportOutcome {
    /// Hide the review (every open report of it is settled so).
    Hide,
    /// The review stays; this report is closed.
    Dismiss,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: ReviewId,
    listing_id: ListingId,
    author_id: civiclink_domain::MemberId,
    author_name: Option<String>,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    population: Option<i64>,
    since: Option<String>,
    usage_status: Option<String>,
    overall: i32,
    ease: Option<i32>,
    support: Option<i32>,
    value: Option<i32>,
    recommend: bool,
    pros: String,
    cons: String,
    revision: i32,
    hidden: bool,
    helpful: i64,
    voted: Option<i32>,
    response_author: Option<civiclink_domain::MemberId>,
    response_author_name: Option<String>,
    response_org: Option<OrgId>,
    response_org_name: Option<String>,
    response_body: Option<String>,
    response_created: Option<OffsetDateTime>,
    response_updated: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    number: i32,
    overall: i32,
    ease: Option<i32>,
    support: Option<i32>,
    value: Option<i32>,
    recommend: bool,
    pros: String,
    cons: String,
    created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: ReviewReportId,
    review_id: ReviewId,
    reason: String,
    note: String,
    reporter_id: civiclink_domain::MemberId,
    reporter_name: Option<String>,
    created_at: OffsetDateTime,
    listing_name: String,
}

/// `$1` is the viewer, for their vote.
const REVIEW_SELECT: &str = "SELECT r.id, r.listing_id, r.author_id, a.display_name AS author_name, \
     r.org_id, o.name AS org_name, o.population, u.since, u.status AS usage_status, r.overall, \
     r.ease, r.support, r.value, r.recommend, r.pros, r.cons, r.revision, r.hidden, r.helpful, \
     (SELECT 1 FROM review_votes v WHERE v.review_id = r.id AND v.member_id = $1) AS voted, \
     s.author_id AS response_author, sa.display_name AS response_author_name, \
     s.org_id AS response_org, so.name AS response_org_name, s.body AS response_body, \
     s.created_at AS response_created, s.updated_at AS response_updated, \
     r.created_at, r.updated_at \
     FROM reviews r \
     LEFT JOIN member_facts a ON a.id = r.author_id \
     LEFT JOIN organization_facts o ON o.id = r.org_id \
     LEFT JOIN usage_records u ON u.listing_id = r.listing_id AND u.org_id = r.org_id \
     LEFT JOIN review_responses s ON s.review_id = r.id \
     LEFT JOIN member_facts sa ON sa.id = s.author_id \
     LEFT JOIN organization_facts so ON so.id = s.org_id";

/// Whether `$2` (an organization) sells listing `$1`, or a published listing sharing one of its
/// business functions.
const CONFLICT: &str = "SELECT 1 FROM listings l WHERE l.id = $1 AND l.vendor_org_id = $2 \
     UNION ALL SELECT 1 FROM listing_functions f1 \
     JOIN listing_functions f2 ON f2.function_id = f1.function_id \
     JOIN listings l2 ON l2.id = f2.listing_id \
     WHERE f1.listing_id = $1 AND l2.vendor_org_id = $2 AND l2.status = 'published' LIMIT 1";

fn to_review(r: ReviewRow, viewer: &Actor, links: &Links) -> Review {
    let response = match (r.response_author, r.response_org, r.response_body) {
        (Some(author), Some(org), Some(body)) => Some(VendorResponse {
            author: Person {
                id: author,
                name: r.response_author_name.unwrap_or_default(),
            },
            org_id: org,
            org_name: r.response_org_name.unwrap_or_default(),
            body,
            created_at: r.response_created.unwrap_or(r.created_at),
            updated_at: r.response_updated.unwrap_or(r.created_at),
        }),
        _ => None,
    };
    Review {
        url: links.review(r.listing_id, r.id),
        id: r.id,
        listing_id: r.listing_id,
        mine: r.author_id == viewer.id,
        author: Person {
            id: r.author_id,
            name: r.author_name.unwrap_or_default(),
        },
        org_id: r.org_id,
        org_name: r.org_name.unwrap_or_default(),
        size_band: r.population.map(SizeBand::of),
        using_since: r
            .since
            .and_then(|s| Date::parse(&s, crate::usage::DAY).ok()),
        usage_status: r.usage_status.and_then(|s| UsageStatus::parse(&s).ok()),
        scores: ReviewScores {
            overall: r.overall,
            ease: r.ease,
            support: r.support,
            value: r.value,
            recommend: r.recommend,
            pros: r.pros,
            cons: r.cons,
        },
        revision: r.revision,
        hidden: r.hidden,
        helpful: r.helpful,
        voted_helpful: r.voted.is_some(),
        response,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Splits a review cursor (`<helpful>~<id>` or `~<id>`).
fn review_cursor(after: &str) -> Option<(i64, ReviewId)> {
    let (helpful, id) = after.split_once('~')?;
    Some((helpful.parse().unwrap_or(0), id.parse().ok()?))
}

/// The band of a population, as SQL (`NULL` without one), by [`SizeBand::range`].
pub(crate) fn band_case(column: &str) -> String {
    let mut s = String::from("CASE");
    for (i, b) in SizeBand::ALL.iter().enumerate() {
        let (min, max) = b.range();
        s.push_str(&format!(
            " WHEN {column} >= {min} AND {column} < {max} THEN {i}"
        ));
    }
    s.push_str(" END");
    s
}

fn mean(sum: i64, n: i64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    (n > 0).then(|| sum as f64 / n as f64)
}

impl Technology {
    /// Whether `viewer` may review `listing` (a read: it writes nothing).
    pub async fn eligibility(
        &self,
        viewer: &Actor,
        listing: ListingId,
    ) -> TechnologyResult<Eligibility> {
        let existing: Option<ReviewId> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT id FROM reviews WHERE listing_id = $1 AND author_id = $2",
        )
        .bind(listing)
        .bind(viewer.id)
        .fetch_optional(p)
        .await)?;
        if let Some(review) = existing {
            return Ok(Eligibility::AlreadyReviewed { review });
        }
        let Some(org) = self.viewer_org(viewer).await? else {
            return Ok(Eligibility::NoOrganization);
        };
        let conflict: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(CONFLICT)
            .bind(listing)
            .bind(org)
            .fetch_optional(p)
            .await)?;
        Ok(if conflict.is_some() {
            Eligibility::ConflictOfInterest
        } else {
            Eligibility::Yes
        })
    }

    /// A published listing's aggregates (reviews not hidden).
    pub async fn aggregates(&self, listing: ListingId) -> TechnologyResult<Aggregates> {
        let totals: (i64, i64, i64, i64, i64, i64, i64, i64, i64) = on_db!(self.db, p => sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(overall), 0), COALESCE(SUM(ease), 0), COUNT(ease), \
             COALESCE(SUM(support), 0), COUNT(support), COALESCE(SUM(value), 0), COUNT(value), \
             COALESCE(SUM(CASE WHEN recommend THEN 1 ELSE 0 END), 0) \
             FROM reviews WHERE listing_id = $1 AND NOT hidden",
        )
        .bind(listing)
        .fetch_one(p)
        .await)?;
        let (count, overall, ease, n_ease, support, n_support, value, n_value, recommend) = totals;
        let mut distribution = vec![0_i64; 5];
        if count > 0 {
            let rows: Vec<(i32, i64)> = on_db!(self.db, p => sqlx::query_as(
                "SELECT overall, COUNT(*) FROM reviews WHERE listing_id = $1 AND NOT hidden \
                 GROUP BY overall",
            )
            .bind(listing)
            .fetch_all(p)
            .await)?;
            for (score, n) in rows {
                if let Some(slot) = usize::try_from(score - 1)
                    .ok()
                    .and_then(|i| distribution.get_mut(i))
                {
                    *slot = n;
                }
            }
        }
        let mut by_size_band = Vec::new();
        if count > 0 {
            let sql = format!(
                "SELECT {band} AS band, COUNT(*), COALESCE(SUM(r.overall), 0) FROM reviews r \
                 JOIN organization_facts o ON o.id = r.org_id \
                 WHERE r.listing_id = $1 AND NOT r.hidden AND o.population IS NOT NULL \
                 GROUP BY {band} ORDER BY {band}",
                band = band_case("o.population")
            );
            let rows: Vec<(Option<i32>, i64, i64)> = on_db!(self.db, p => sqlx::query_as(&sql)
                .bind(listing)
                .fetch_all(p)
                .await)?;
            for (band, n, sum) in rows {
                let band = band
                    .and_then(|b| usize::try_from(b).ok())
                    .and_then(|b| SizeBand::ALL.get(b).copied());
                if let (Some(size_band), Some(overall)) = (band, mean(sum, n)) {
                    by_size_band.push(BandRating {
                        size_band,
                        count: n,
                        overall,
                    });
                }
            }
        }
        Ok(Aggregates {
            count,
            overall: mean(overall, count),
            ease: mean(ease, n_ease),
            support: mean(support, n_support),
            value: mean(value, n_value),
            recommend: mean(recommend, count),
            distribution,
            by_size_band,
        })
    }

    /// A published listing's reviews as `viewer` sees them (a hidden one only to its author and
    /// moderators), by `sort`, `page` at a time (at most [`REVIEWS_PAGE`]), with the
    /// aggregates.
    pub async fn reviews_of(
        &self,
        viewer: &Actor,
        listing: ListingId,
        sort: ReviewSort,
        after: Option<&str>,
        page: usize,
    ) -> TechnologyResult<ReviewPage> {
        let page = page.clamp(1, REVIEWS_PAGE);
        let l = self.listing(viewer, listing).await?;
        if l.status != ListingStatus::Published {
            return Ok(ReviewPage {
                aggregates: Aggregates::default(),
                items: vec![],
                next: None,
            });
        }
        let cursor = after.and_then(review_cursor);
        let limit = i64::try_from(page + 1).unwrap_or(21);
        let order = match sort {
            ReviewSort::Helpful => {
                "AND ($4 IS NULL OR r.helpful < $4 OR (r.helpful = $4 AND r.id < $5)) \
                 ORDER BY r.helpful DESC, r.id DESC"
            }
            ReviewSort::Newest => "AND ($5 IS NULL OR r.id < $5) ORDER BY r.id DESC",
        };
        let sql = format!(
            "{REVIEW_SELECT} WHERE r.listing_id = $2 AND (NOT r.hidden OR r.author_id = $1 OR $3) \
             {order} LIMIT $6"
        );
        let rows: Vec<ReviewRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(viewer.id)
            .bind(listing)
            .bind(viewer.moderates())
            .bind(cursor.map(|c| c.0))
            .bind(cursor.map(|c| c.1))
            .bind(limit)
            .fetch_all(p)
            .await)?;
        let mut items: Vec<Review> = rows
            .into_iter()
            .map(|r| to_review(r, viewer, &self.links))
            .collect();
        let next = if items.len() > page {
            items.truncate(page);
            items.last().map(|r| match sort {
                ReviewSort::Helpful => format!("{}~{}", r.helpful, r.id),
                ReviewSort::Newest => format!("~{}", r.id),
            })
        } else {
            None
        };
        Ok(ReviewPage {
            aggregates: self.aggregates(listing).await?,
            items,
            next,
        })
    }

    /// One review, as `viewer` sees it.
    pub async fn review(&self, viewer: &Actor, id: ReviewId) -> TechnologyResult<Review> {
        let sql = format!(
            "{REVIEW_SELECT} JOIN listings l ON l.id = r.listing_id \
             WHERE r.id = $2 AND l.status = 'published' \
             AND (NOT r.hidden OR r.author_id = $1 OR $3)"
        );
        let row: Option<ReviewRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(viewer.id)
            .bind(id)
            .bind(viewer.moderates())
            .fetch_optional(p)
            .await)?;
        row.map(|r| to_review(r, viewer, &self.links))
            .ok_or(TechnologyError::NotFound)
    }

    /// Every version of a review, newest first, to whoever may see it.
    pub async fn review_history(
        &self,
        viewer: &Actor,
        id: ReviewId,
    ) -> TechnologyResult<Vec<ReviewRevision>> {
        self.review(viewer, id).await?;
        let rows: Vec<RevisionRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT number, overall, ease, support, value, recommend, pros, cons, created_at \
             FROM review_revisions WHERE review_id = $1 ORDER BY number DESC",
        )
        .bind(id)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| ReviewRevision {
                number: r.number,
                scores: ReviewScores {
                    overall: r.overall,
                    ease: r.ease,
                    support: r.support,
                    value: r.value,
                    recommend: r.recommend,
                    pros: r.pros,
                    cons: r.cons,
                },
                created_at: r.created_at,
            })
            .collect())
    }

    /// `actor` reviews a published listing: once, as an active member of an organization that
    /// neither sells it nor sells a listing sharing one of its business functions.
    pub async fn write_review(
        &self,
        actor: &Actor,
        listing: ListingId,
        scores: &ReviewScores,
    ) -> TechnologyResult<ReviewId> {
        let mut tx = self.db.begin().await?;
        let org = match eligibility_in(&mut tx, actor, listing).await? {
            (Eligibility::Yes, Some(org)) => org,
            (Eligibility::AlreadyReviewed { .. }, _) => {
                return Err(TechnologyError::Conflict("conflict-review-exists"));
            }
            (Eligibility::ConflictOfInterest, _) => {
                return Err(TechnologyError::ConflictOfInterest);
            }
            _ => return Err(TechnologyError::Forbidden),
        };
        let id = ReviewId::new();
        let t = civiclink_store::now();
        let n = execute!(tx, sqlx::query(
            "INSERT INTO reviews (id, listing_id, author_id, org_id, overall, ease, support, value, \
             recommend, pros, cons, revision, hidden, helpful, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, FALSE, 0, $12, $12) \
             ON CONFLICT (listing_id, author_id) DO NOTHING",
        )
        .bind(id)
        .bind(listing)
        .bind(actor.id)
        .bind(org)
        .bind(scores.overall)
        .bind(scores.ease)
        .bind(scores.support)
        .bind(scores.value)
        .bind(scores.recommend)
        .bind(&scores.pros)
        .bind(&scores.cons)
        .bind(t))?;
        if n == 0 {
            return Err(TechnologyError::Conflict("conflict-review-exists"));
        }
        insert_revision(&mut tx, id, 1, scores, t).await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewWritten {
                review: id,
                listing,
                author: actor.id,
                overall: scores.overall,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Its author changes a review; the earlier version stays in its history.
    pub async fn edit_review(
        &self,
        actor: &Actor,
        id: ReviewId,
        scores: &ReviewScores,
    ) -> TechnologyResult<()> {
        let mut tx = self.db.begin().await?;
        let row: Option<(ListingId, civiclink_domain::MemberId, i32)> = on_tx!(tx, c => sqlx::query_as(
            "SELECT r.listing_id, r.author_id, r.revision FROM reviews r \
             JOIN listings l ON l.id = r.listing_id WHERE r.id = $1 AND l.status = 'published'",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        let (listing, author, revision) = row.ok_or(TechnologyError::NotFound)?;
        if author != actor.id {
            return Err(TechnologyError::Forbidden);
        }
        let t = civiclink_store::now();
        let number = revision + 1;
        // Moves only from the version read: an edit racing this one finds the row changed.
        let n = execute!(tx, sqlx::query(
            "UPDATE reviews SET overall = $3, ease = $4, support = $5, value = $6, recommend = $7, \
             pros = $8, cons = $9, revision = $10, updated_at = $11 WHERE id = $1 AND revision = $2",
        )
        .bind(id)
        .bind(revision)
        .bind(scores.overall)
        .bind(scores.ease)
        .bind(scores.support)
        .bind(scores.value)
        .bind(scores.recommend)
        .bind(&scores.pros)
        .bind(&scores.cons)
        .bind(number)
        .bind(t))?;
        if n == 0 {
            return Err(TechnologyError::Conflict("conflict-review-changed"));
        }
        insert_revision(&mut tx, id, number, scores, t).await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewEdited {
                review: id,
                listing,
                author: actor.id,
                number,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `actor` finds a review helpful (`true`) or takes that back (`false`). Not their own.
    pub async fn vote_helpful(
        &self,
        actor: &Actor,
        id: ReviewId,
        helpful: bool,
    ) -> TechnologyResult<()> {
        let mut tx = self.db.begin().await?;
        let (listing, author) = visible_review(&mut tx, actor, id).await?;
        if author == actor.id {
            return Err(TechnologyError::Conflict("conflict-own-review"));
        }
        let changed = if helpful {
            execute!(tx, sqlx::query(
                "INSERT INTO review_votes (review_id, member_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (review_id, member_id) DO NOTHING",
            )
            .bind(id)
            .bind(actor.id)
            .bind(civiclink_store::now()))?
        } else {
            execute!(
                tx,
                sqlx::query("DELETE FROM review_votes WHERE review_id = $1 AND member_id = $2")
                    .bind(id)
                    .bind(actor.id)
            )?
        };
        if changed == 0 {
            // Already as asked: nothing to write.
            tx.rollback().await?;
            return Ok(());
        }
        execute!(
            tx,
            sqlx::query("UPDATE reviews SET helpful = helpful + $2 WHERE id = $1")
                .bind(id)
                .bind(if helpful { 1_i64 } else { -1_i64 })
        )?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewVoted {
                review: id,
                listing,
                by: actor.id,
                helpful,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `actor` reports a review to the moderators, with a reason and a note. Not their own; one
    /// open report per member and review.
    pub async fn report_review(
        &self,
        actor: &Actor,
        id: ReviewId,
        reason: ReportReason,
        note: &str,
    ) -> TechnologyResult<ReviewReportId> {
        let note = review_text(note, "note")?;
        if reason == ReportReason::Other && note.is_empty() {
            return Err(ValidationError::new("note", "required").into());
        }
        let mut tx = self.db.begin().await?;
        let (listing, author) = visible_review(&mut tx, actor, id).await?;
        if author == actor.id {
            return Err(TechnologyError::Conflict("conflict-own-review"));
        }
        let report = ReviewReportId::new();
        let n =
            execute!(tx, sqlx::query(
            "INSERT INTO review_reports (id, review_id, reporter_id, reason, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(report)
        .bind(id)
        .bind(actor.id)
        .bind(reason.as_str())
        .bind(&note)
        .bind(civiclink_store::now()))?;
        if n == 0 {
            return Err(TechnologyError::Conflict("conflict-report-open"));
        }
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewReported {
                review: id,
                listing,
                report,
                by: actor.id,
                reason: reason.as_str().to_owned(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// The open reports, oldest first: moderators only.
    pub async fn open_reports(&self, actor: &Actor) -> TechnologyResult<Vec<ReviewReport>> {
        require_moderator(actor)?;
        let rows: Vec<ReportRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT x.id, x.review_id, x.reason, x.note, x.reporter_id, \
             m.display_name AS reporter_name, x.created_at, l.name AS listing_name \
             FROM review_reports x \
             JOIN reviews r ON r.id = x.review_id JOIN listings l ON l.id = r.listing_id \
             LEFT JOIN member_facts m ON m.id = x.reporter_id \
             WHERE x.outcome IS NULL ORDER BY x.created_at, x.id LIMIT 200",
        )
        .fetch_all(p)
        .await)?;
        let mut out = Vec::with_capacity(rows.len());
        for x in rows {
            out.push(ReviewReport {
                id: x.id,
                reason: ReportReason::parse(&x.reason).unwrap_or(ReportReason::Other),
                note: x.note,
                reporter: Person {
                    id: x.reporter_id,
                    name: x.reporter_name.unwrap_or_default(),
                },
                created_at: x.created_at,
                listing_name: x.listing_name,
                review: self.review(actor, x.review_id).await?,
            });
        }
        Ok(out)
    }

    /// A moderator settles a report: hides the review (settling every open report of it), or
    /// dismisses this report.
    pub async fn settle_report(
        &self,
        actor: &Actor,
        report: ReviewReportId,
        outcome: ReportOutcome,
    ) -> TechnologyResult<()> {
        require_moderator(actor)?;
        let mut tx = self.db.begin().await?;
        let row: Option<(ReviewId, ListingId)> = on_tx!(tx, c => sqlx::query_as(
            "SELECT x.review_id, r.listing_id FROM review_reports x \
             JOIN reviews r ON r.id = x.review_id WHERE x.id = $1 AND x.outcome IS NULL",
        )
        .bind(report)
        .fetch_optional(&mut *c)
        .await)?;
        let (review, listing) = row.ok_or(TechnologyError::NotFound)?;
        let t = civiclink_store::now();
        // Claims the report first: of two moderators settling it at once, the second finds it
        // settled and writes nothing.
        let settled = execute!(
            tx,
            sqlx::query(
                "UPDATE review_reports SET outcome = $2, resolved_by = $3, resolved_at = $4 \
             WHERE id = $1 AND outcome IS NULL",
            )
            .bind(report)
            .bind(match outcome {
                ReportOutcome::Hide => "hidden",
                ReportOutcome::Dismiss => "dismissed",
            })
            .bind(actor.id)
            .bind(t)
        )?;
        if settled == 0 {
            return Err(TechnologyError::NotFound);
        }
        match outcome {
            ReportOutcome::Hide => {
                execute!(
                    tx,
                    sqlx::query("UPDATE reviews SET hidden = TRUE WHERE id = $1").bind(review)
                )?;
                execute!(tx, sqlx::query(
                    "UPDATE review_reports SET outcome = 'hidden', resolved_by = $2, resolved_at = $3 \
                     WHERE review_id = $1 AND outcome IS NULL",
                )
                .bind(review)
                .bind(actor.id)
                .bind(t))?;
                tx.audit(actor, review, &TechnologyAudit::ReviewHide { report })
                    .await?;
                tx.emit(
                    listing.as_uuid(),
                    &TechnologyEvent::ReviewHidden {
                        review,
                        listing,
                        by: actor.id,
                    },
                )
                .await?;
            }
            ReportOutcome::Dismiss => {
                tx.audit(actor, review, &TechnologyAudit::ReportDismiss { report })
                    .await?;
                tx.emit(
                    listing.as_uuid(),
                    &TechnologyEvent::ReportDismissed {
                        review,
                        listing,
                        report,
                        by: actor.id,
                    },
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A moderator shows a hidden review again.
    pub async fn restore_review(&self, actor: &Actor, id: ReviewId) -> TechnologyResult<()> {
        require_moderator(actor)?;
        let mut tx = self.db.begin().await?;
        let listing: Option<ListingId> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT listing_id FROM reviews WHERE id = $1 AND hidden",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        let listing = listing.ok_or(TechnologyError::NotFound)?;
        execute!(
            tx,
            sqlx::query("UPDATE reviews SET hidden = FALSE WHERE id = $1").bind(id)
        )?;
        tx.audit(actor, id, &TechnologyAudit::ReviewRestore {})
            .await?;
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewRestored {
                review: id,
                listing,
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A member of the listing's vendor posts, or its author changes, the vendor's one public
    /// response to a review.
    pub async fn respond(&self, actor: &Actor, id: ReviewId, body: &str) -> TechnologyResult<()> {
        let body = review_text(body, "response")?;
        if body.is_empty() {
            return Err(ValidationError::new("response", "required").into());
        }
        let mut tx = self.db.begin().await?;
        let (listing, _) = visible_review(&mut tx, actor, id).await?;
        let vendor: Option<Option<OrgId>> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT vendor_org_id FROM listings WHERE id = $1",
        )
        .bind(listing)
        .fetch_optional(&mut *c)
        .await)?;
        let vendor = vendor.flatten();
        let org = org_in(&mut tx, actor).await?;
        let Some(org) = org.filter(|o| Some(*o) == vendor) else {
            return Err(TechnologyError::Forbidden);
        };
        let existing: Option<civiclink_domain::MemberId> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT author_id FROM review_responses WHERE review_id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        let t = civiclink_store::now();
        match existing {
            Some(author) if author != actor.id => {
                return Err(TechnologyError::Conflict("conflict-response-exists"));
            }
            Some(_) => {
                execute!(tx, sqlx::query(
                    "UPDATE review_responses SET body = $2, updated_at = $3 WHERE review_id = $1",
                )
                .bind(id)
                .bind(&body)
                .bind(t))?;
            }
            None => {
                let n = execute!(tx, sqlx::query(
                    "INSERT INTO review_responses (review_id, author_id, org_id, body, created_at, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (review_id) DO NOTHING",
                )
                .bind(id)
                .bind(actor.id)
                .bind(org)
                .bind(&body)
                .bind(t))?;
                if n == 0 {
                    return Err(TechnologyError::Conflict("conflict-response-exists"));
                }
            }
        }
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::ReviewResponded {
                review: id,
                listing,
                org,
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether `viewer` may respond to reviews of `listing`: a member of its vendor.
    pub async fn responds_for(&self, viewer: &Actor, listing: ListingId) -> TechnologyResult<bool> {
        let vendor: Option<Option<OrgId>> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT vendor_org_id FROM listings WHERE id = $1",
        )
        .bind(listing)
        .fetch_optional(p)
        .await)?;
        let mine = self.viewer_org(viewer).await?;
        Ok(mine.is_some() && vendor.flatten() == mine)
    }
}

async fn org_in(tx: &mut Tx, actor: &Actor) -> TechnologyResult<Option<OrgId>> {
    let row = on_tx!(tx, c => sqlx::query_as(MEMBER_ORG)
        .bind(actor.id)
        .fetch_optional(&mut *c)
        .await)?;
    Ok(active_org(row))
}

/// Whether `actor` may review `listing` (published, else not found), and their organization.
async fn eligibility_in(
    tx: &mut Tx,
    actor: &Actor,
    listing: ListingId,
) -> TechnologyResult<(Eligibility, Option<OrgId>)> {
    let status: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT status FROM listings WHERE id = $1",
    )
    .bind(listing)
    .fetch_optional(&mut *c)
    .await)?;
    if status.as_deref() != Some("published") {
        return Err(TechnologyError::NotFound);
    }
    let existing: Option<ReviewId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM reviews WHERE listing_id = $1 AND author_id = $2",
    )
    .bind(listing)
    .bind(actor.id)
    .fetch_optional(&mut *c)
    .await)?;
    if let Some(review) = existing {
        return Ok((Eligibility::AlreadyReviewed { review }, None));
    }
    let Some(org) = org_in(tx, actor).await? else {
        return Ok((Eligibility::NoOrganization, None));
    };
    let conflict: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(CONFLICT)
        .bind(listing)
        .bind(org)
        .fetch_optional(&mut *c)
        .await)?;
    if conflict.is_some() {
        return Ok((Eligibility::ConflictOfInterest, Some(org)));
    }
    Ok((Eligibility::Yes, Some(org)))
}

/// The listing and author of a review `actor` may see (of a published listing, not hidden
/// unless theirs or they moderate).
async fn visible_review(
    tx: &mut Tx,
    actor: &Actor,
    id: ReviewId,
) -> TechnologyResult<(ListingId, civiclink_domain::MemberId)> {
    let row: Option<(ListingId, civiclink_domain::MemberId, bool)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT r.listing_id, r.author_id, r.hidden FROM reviews r \
         JOIN listings l ON l.id = r.listing_id WHERE r.id = $1 AND l.status = 'published'",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await)?;
    match row {
        Some((listing, author, hidden)) if !hidden || author == actor.id || actor.moderates() => {
            Ok((listing, author))
        }
        _ => Err(TechnologyError::NotFound),
    }
}

async fn insert_revision(
    tx: &mut Tx,
    id: ReviewId,
    number: i32,
    s: &ReviewScores,
    t: OffsetDateTime,
) -> TechnologyResult<()> {
    execute!(tx, sqlx::query(
        "INSERT INTO review_revisions (review_id, number, overall, ease, support, value, recommend, \
         pros, cons, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(number)
    .bind(s.overall)
    .bind(s.ease)
    .bind(s.support)
    .bind(s.value)
    .bind(s.recommend)
    .bind(&s.pros)
    .bind(&s.cons)
    .bind(t))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>() -> ReviewInput<'a> {
        ReviewInput {
            overall: "4",
            ease: "3",
            support: "",
            value: "5",
            recommend: "yes",
            pros: "Parcel fabric works.",
            cons: "",
        }
    }

    #[test]
    fn scores_parse() {
        let s = ReviewScores::parse(&input()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (s.overall, s.ease, s.support, s.value),
            (4, Some(3), None, Some(5))
        );
        assert!(s.recommend);
    }

    #[test]
    fn each_score_is_checked() {
        let field =
            |i: ReviewInput<'_>| ReviewScores::parse(&i).err().map(|e| (e.field, e.message));
        assert_eq!(
            field(ReviewInput {
                overall: "",
                ..input()
            }),
            Some(("overall", "required"))
        );
        assert_eq!(
            field(ReviewInput {
                overall: "6",
                ..input()
            }),
            Some(("overall", "score-1-to-5"))
        );
        assert_eq!(
            field(ReviewInput {
                ease: "0",
                ..input()
            }),
            Some(("ease", "score-1-to-5"))
        );
        assert_eq!(
            field(ReviewInput {
                recommend: "maybe",
                ..input()
            }),
            Some(("recommend", "invalid-choice"))
        );
        assert_eq!(
            field(ReviewInput {
                pros: " ",
                cons: "",
                ..input()
            }),
            Some(("pros", "review-text-required"))
        );
        let long = "x".repeat(REVIEW_TEXT_MAX + 1);
        assert_eq!(
            field(ReviewInput {
                cons: &long,
                ..input()
            }),
            Some(("cons", "max-3000-chars"))
        );
    }

    #[test]
    fn bands_in_sql_follow_the_domain() {
        let case = band_case("p");
        for (i, b) in SizeBand::ALL.iter().enumerate() {
            let (min, max) = b.range();
            assert!(case.contains(&format!("p >= {min} AND p < {max} THEN {i}")));
        }
    }
}
