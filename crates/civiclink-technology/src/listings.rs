//! Reading the directory: browsing published listings, one listing with its functions, and
//! the names a proposal may duplicate.

use std::collections::HashMap;

use civiclink_domain::{Actor, MemberId, OrgId};
use civiclink_store::{on_db, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::similar::{NEAR, likeness};
use crate::{
    BusinessFunction, BusinessFunctionId, Hosting, ListingContent, ListingId, ListingKind,
    ListingStatus, Technology, TechnologyError, TechnologyResult,
};

/// Listings per page when browsing.
pub const PAGE_SIZE: usize = 50;

/// A listing in a list: enough to recognize it and go to its page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ListingSummary {
    pub id: ListingId,
    pub name: String,
    pub vendor_name: String,
    pub vendor_org_id: Option<OrgId>,
    pub kind: ListingKind,
    pub status: ListingStatus,
    pub functions: Vec<BusinessFunction>,
    /// The listing's page.
    pub url: String,
}

/// One listing, as its page and the API show it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ListingDetail {
    pub id: ListingId,
    pub status: ListingStatus,
    /// The number of the revision in effect.
    pub revision: i32,
    #[serde(flatten)]
    pub content: ListingContent,
    /// The description as sanitized HTML.
    pub description_html: String,
    /// The functions' names, in the order of the taxonomy.
    pub function_names: Vec<BusinessFunction>,
    /// Revisions of any status, and those waiting for a moderator.
    pub revisions: i64,
    pub pending_edits: i64,
    pub proposed_by: MemberId,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub url: String,
}

/// What to browse: published listings, narrowed by any of these.
#[derive(Clone, Debug, Default)]
pub struct BrowseFilter {
    /// A business function's slug.
    pub function: Option<String>,
    pub kind: Option<ListingKind>,
    /// A vendor's name, compared folded.
    pub vendor: Option<String>,
    /// Words of the name, compared folded.
    pub q: Option<String>,
    /// The last listing of the previous page (its name key and id), from [`BrowsePage::next`].
    pub after: Option<String>,
}

/// A page of listings, in name order.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BrowsePage {
    pub items: Vec<ListingSummary>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ListingRow {
    id: ListingId,
    name: String,
    name_key: String,
    vendor_name: String,
    vendor_org_id: Option<OrgId>,
    kind: String,
    website: String,
    description: String,
    hosting: sqlx::types::Json<Vec<Hosting>>,
    versions: sqlx::types::Json<Vec<String>>,
    status: String,
    revision: i32,
    proposed_by: MemberId,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

/// A listing's name and what a "did you mean" needs: id, name key, name, vendor, vendor
/// organization, kind, status.
type NameRow = (
    ListingId,
    String,
    String,
    String,
    Option<OrgId>,
    String,
    String,
);

fn kind_of(s: &str) -> ListingKind {
    ListingKind::parse(s).unwrap_or(ListingKind::Software)
}

/// Splits a browse cursor (`<name key>\u{1f}<id>`).
fn cursor(after: &str) -> Option<(String, ListingId)> {
    let (key, id) = after.rsplit_once('~')?;
    Some((key.to_owned(), id.parse().ok()?))
}

impl Technology {
    /// The functions of each of `ids`, by name.
    async fn functions_of(
        &self,
        ids: &[ListingId],
    ) -> TechnologyResult<HashMap<ListingId, Vec<BusinessFunction>>> {
        let ids: Vec<Uuid> = ids.iter().map(ListingId::as_uuid).collect();
        let found = self
            .linked_functions("listing_functions", "listing_id", &ids)
            .await?;
        Ok(found
            .into_iter()
            .map(|(k, v)| (ListingId::from_uuid(k), v))
            .collect())
    }

    /// The business functions each of `ids` is linked to through `link` (a table of `key`
    /// and `function_id`), by name, in one query whatever their number.
    pub(crate) async fn linked_functions(
        &self,
        link: &'static str,
        key: &'static str,
        ids: &[Uuid],
    ) -> TechnologyResult<HashMap<Uuid, Vec<BusinessFunction>>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let list = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        // `link` and `key` are this crate's constants, never input.
        let sql = format!(
            "SELECT x.{key}, f.id, f.slug, f.name FROM {link} x \
             JOIN business_functions f ON f.id = x.function_id \
             WHERE x.{key} IN ({list}) ORDER BY f.name_key"
        );
        let rows: Vec<(Uuid, BusinessFunctionId, String, String)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        let mut out: HashMap<Uuid, Vec<BusinessFunction>> = HashMap::new();
        for (owner, id, slug, name) in rows {
            out.entry(owner)
                .or_default()
                .push(BusinessFunction { id, slug, name });
        }
        Ok(out)
    }

    /// Published listings in name order, [`PAGE_SIZE`] at a time.
    pub async fn browse(&self, filter: &BrowseFilter) -> TechnologyResult<BrowsePage> {
        let function = match filter.function.as_deref().map(str::trim) {
            Some(slug) if !slug.is_empty() => match self.function_by_slug(slug).await? {
                Some(f) => Some(f.id),
                // An unknown function has no listings.
                None => {
                    return Ok(BrowsePage {
                        items: vec![],
                        next: None,
                    });
                }
            },
            _ => None,
        };
        let vendor = filter
            .vendor
            .as_deref()
            .map(civiclink_domain::text::search_key)
            .filter(|v| !v.is_empty());
        let q = filter
            .q
            .as_deref()
            .map(civiclink_domain::text::search_key)
            .filter(|v| !v.is_empty())
            .map(|q| format!("%{}%", q.replace(['%', '_'], "")));
        let after = filter.after.as_deref().and_then(cursor);
        let limit = i64::try_from(PAGE_SIZE + 1).unwrap_or(51);
        let rows: Vec<ListingRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT l.id, l.name, l.name_key, l.vendor_name, l.vendor_org_id, l.kind, l.website, \
                    l.description, l.hosting, l.versions, l.status, l.revision, l.proposed_by, \
                    l.created_at, l.updated_at \
             FROM listings l \
             WHERE l.status = 'published' \
               AND ($1 IS NULL OR EXISTS (SELECT 1 FROM listing_functions lf \
                        WHERE lf.listing_id = l.id AND lf.function_id = $1)) \
               AND ($2 IS NULL OR l.kind = $2) \
               AND ($3 IS NULL OR l.vendor_key = $3) \
               AND ($4 IS NULL OR l.name_key LIKE $4) \
               AND ($5 IS NULL OR l.name_key > $5 OR (l.name_key = $5 AND l.id > $6)) \
             ORDER BY l.name_key, l.id LIMIT $7",
        )
        .bind(function)
        .bind(filter.kind.map(ListingKind::as_str))
        .bind(vendor)
        .bind(q)
        .bind(after.as_ref().map(|(k, _)| k.clone()))
        .bind(after.as_ref().map(|(_, id)| *id))
        .bind(limit)
        .fetch_all(p)
        .await)?;
        let more = rows.len() > PAGE_SIZE;
        let rows: Vec<ListingRow> = rows.into_iter().take(PAGE_SIZE).collect();
        let next = if more {
            rows.last().map(|r| format!("{}~{}", r.name_key, r.id))
        } else {
            None
        };
        let ids: Vec<ListingId> = rows.iter().map(|r| r.id).collect();
        let mut functions = self.functions_of(&ids).await?;
        Ok(BrowsePage {
            items: rows
                .into_iter()
                .map(|r| ListingSummary {
                    url: self.links.listing(r.id),
                    functions: functions.remove(&r.id).unwrap_or_default(),
                    id: r.id,
                    name: r.name,
                    vendor_name: r.vendor_name,
                    vendor_org_id: r.vendor_org_id,
                    kind: kind_of(&r.kind),
                    status: ListingStatus::from_db(&r.status),
                })
                .collect(),
            next,
        })
    }

    /// The vendors of published listings, by name, with how many listings each has.
    pub async fn vendors(&self) -> TechnologyResult<Vec<(String, i64)>> {
        let rows: Vec<(String, String, i64)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT vendor_key, MIN(vendor_name), COUNT(*) FROM listings \
             WHERE status = 'published' GROUP BY vendor_key ORDER BY vendor_key",
        )
        .fetch_all(p)
        .await)?;
        Ok(rows.into_iter().map(|(_, name, n)| (name, n)).collect())
    }

    /// One listing. A listing not yet published (or rejected) exists only for its author and
    /// moderators; for anyone else it is not found.
    pub async fn listing(&self, actor: &Actor, id: ListingId) -> TechnologyResult<ListingDetail> {
        let row: Option<ListingRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, name, name_key, vendor_name, vendor_org_id, kind, website, description, \
                    hosting, versions, status, revision, proposed_by, created_at, updated_at \
             FROM listings WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        let row = row.ok_or(TechnologyError::NotFound)?;
        let status = ListingStatus::from_db(&row.status);
        if status != ListingStatus::Published && row.proposed_by != actor.id && !actor.moderates() {
            return Err(TechnologyError::NotFound);
        }
        let (revisions, pending): (i64, i64) = on_db!(self.db, p => sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) \
             FROM listing_revisions WHERE listing_id = $1",
        )
        .bind(id)
        .fetch_one(p)
        .await)?;
        let function_names = self
            .functions_of(&[id])
            .await?
            .remove(&id)
            .unwrap_or_default();
        Ok(ListingDetail {
            description_html: civiclink_markdown::render(&row.description),
            id,
            status,
            revision: row.revision,
            content: ListingContent {
                name: row.name,
                vendor_name: row.vendor_name,
                vendor_org_id: row.vendor_org_id,
                kind: kind_of(&row.kind),
                website: row.website,
                description: row.description,
                hosting: row.hosting.0,
                versions: row.versions.0,
                functions: function_names.iter().map(|f| f.id).collect(),
            },
            function_names,
            revisions,
            pending_edits: if status == ListingStatus::Published {
                pending
            } else {
                0
            },
            proposed_by: row.proposed_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
            url: self.links.listing(id),
        })
    }

    /// The listing named `name` (compared folded) that is not rejected, if there is one.
    pub async fn listing_named(&self, name: &str) -> TechnologyResult<Option<ListingId>> {
        Ok(on_db!(self.db, p => sqlx::query_scalar(
            "SELECT id FROM listings WHERE name_key = $1 AND status <> 'rejected'",
        )
        .bind(civiclink_domain::text::search_key(name))
        .fetch_optional(p)
        .await)?)
    }

    /// Published or proposed listings whose names are near `name` (not rejected ones), most
    /// alike first, at most five.
    pub async fn similar(&self, name: &str) -> TechnologyResult<Vec<ListingSummary>> {
        let key = civiclink_domain::text::search_key(name);
        if key.is_empty() {
            return Ok(vec![]);
        }
        let rows: Vec<NameRow> = on_db!(self.db, p => sqlx::query_as(
                "SELECT id, name_key, name, vendor_name, vendor_org_id, kind, status \
                 FROM listings WHERE status <> 'rejected'",
            )
            .fetch_all(p)
            .await)?;
        let mut near: Vec<(f64, ListingSummary)> = rows
            .into_iter()
            .filter_map(
                |(id, name_key, name, vendor_name, vendor_org_id, kind, status)| {
                    let score = likeness(&key, &name_key);
                    (score >= NEAR).then(|| {
                        (
                            score,
                            ListingSummary {
                                id,
                                name,
                                vendor_name,
                                vendor_org_id,
                                kind: kind_of(&kind),
                                status: ListingStatus::from_db(&status),
                                functions: vec![],
                                url: self.links.listing(id),
                            },
                        )
                    })
                },
            )
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok(near.into_iter().take(5).map(|(_, s)| s).collect())
    }
}
