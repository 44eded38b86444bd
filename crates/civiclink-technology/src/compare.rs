//! How listings compare: each one's ratings and adoption (how many organizations run it, by size
//! band), the versions in use and its hosting, for two to four side by side; and the
//! alternatives to a listing, the listings sharing one of its business functions ranked by how
//! many organizations of the viewer's size run them.

use civiclink_domain::{Actor, SizeBand, ValidationError};
use civiclink_store::{on_db, sqlx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::reviews::band_case;
use crate::{Aggregates, ListingDetail, ListingId, ListingStatus, Technology, TechnologyResult};

/// How many organizations of a size band run a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BandCount {
    pub size_band: SizeBand,
    pub count: i64,
}

/// A version in use, and by how many organizations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VersionCount {
    pub version: String,
    pub count: i64,
}

/// What the directory knows of a listing's use: ratings, adoption and versions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ListingStats {
    pub aggregates: Aggregates,
    /// Organizations with a record of it that is not retired.
    pub usage_count: i64,
    /// Of those, by size band (bands without any left out).
    pub adoption: Vec<BandCount>,
    /// The versions those records name, most used first (at most ten).
    pub versions_in_use: Vec<VersionCount>,
}

impl ListingStats {
    /// The count of one band (0 when none).
    pub fn in_band(&self, band: &SizeBand) -> i64 {
        self.adoption
            .iter()
            .find(|b| b.size_band == *band)
            .map_or(0, |b| b.count)
    }
}

/// Who runs a listing, by size band, and which versions: a listing page's chart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Adoption {
    /// Organizations with a record of it that is not retired.
    pub usage_count: i64,
    /// Of those, by size band (bands without any left out).
    pub by_size_band: Vec<BandCount>,
    /// The versions those records name, most used first (at most ten).
    pub versions_in_use: Vec<VersionCount>,
}

impl Adoption {
    /// The largest band's count (at least 1), the scale of a chart's bars.
    pub fn band_max(&self) -> i64 {
        self.by_size_band
            .iter()
            .map(|b| b.count)
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// One listing of a comparison.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Compared {
    pub listing: ListingDetail,
    #[serde(flatten)]
    pub stats: ListingStats,
}

/// An alternative to a listing, and why it is offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Alternative {
    pub id: ListingId,
    pub name: String,
    pub vendor_name: String,
    /// Organizations of the viewer's size band that run it (not retired).
    pub peers: i64,
    /// All organizations that run it.
    pub total: i64,
    pub url: String,
}

/// How many listings a comparison holds, at least and at most.
pub const COMPARE_MIN: usize = 2;
pub const COMPARE_MAX: usize = 4;

impl Technology {
    /// A published listing's ratings, adoption and versions in use.
    pub async fn stats(&self, listing: ListingId) -> TechnologyResult<ListingStats> {
        let adoption = self.adoption(listing).await?;
        Ok(ListingStats {
            aggregates: self.aggregates(listing).await?,
            usage_count: adoption.usage_count,
            adoption: adoption.by_size_band,
            versions_in_use: adoption.versions_in_use,
        })
    }

    /// How many organizations run a listing (records not retired), by size band, and the
    /// versions they name.
    pub async fn adoption(&self, listing: ListingId) -> TechnologyResult<Adoption> {
        let sql = format!(
            "SELECT {band} AS band, COUNT(*) FROM usage_records u \
             JOIN organization_facts o ON o.id = u.org_id \
             WHERE u.listing_id = $1 AND u.status <> 'retired' AND o.population IS NOT NULL \
             GROUP BY {band} ORDER BY {band}",
            band = band_case("o.population")
        );
        let bands: Vec<(Option<i32>, i64)> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(listing)
            .fetch_all(p)
            .await)?;
        let usage_count: i64 = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM usage_records WHERE listing_id = $1 AND status <> 'retired'",
        )
        .bind(listing)
        .fetch_one(p)
        .await)?;
        let versions: Vec<(String, i64)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT version, COUNT(*) AS n FROM usage_records \
             WHERE listing_id = $1 AND status <> 'retired' AND version <> '' \
             GROUP BY version ORDER BY n DESC, version LIMIT 10",
        )
        .bind(listing)
        .fetch_all(p)
        .await)?;
        Ok(Adoption {
            usage_count,
            by_size_band: bands
                .into_iter()
                .filter_map(|(b, count)| {
                    let size_band = SizeBand::ALL.get(usize::try_from(b?).ok()?).copied()?;
                    Some(BandCount { size_band, count })
                })
                .collect(),
            versions_in_use: versions
                .into_iter()
                .map(|(version, count)| VersionCount { version, count })
                .collect(),
        })
    }

    /// Two to four published listings side by side, in the order asked.
    pub async fn compare(
        &self,
        viewer: &Actor,
        ids: &[ListingId],
    ) -> TechnologyResult<Vec<Compared>> {
        let mut distinct: Vec<ListingId> = Vec::new();
        for id in ids {
            if !distinct.contains(id) {
                distinct.push(*id);
            }
        }
        if !(COMPARE_MIN..=COMPARE_MAX).contains(&distinct.len()) {
            return Err(ValidationError::new("ids", "compare-2-to-4").into());
        }
        let mut out = Vec::with_capacity(distinct.len());
        for id in distinct {
            let listing = self.listing(viewer, id).await?;
            if listing.status != ListingStatus::Published {
                return Err(crate::TechnologyError::NotFound);
            }
            out.push(Compared {
                stats: self.stats(id).await?,
                listing,
            });
        }
        Ok(out)
    }

    /// The listings sharing a business function with `listing`, most run by organizations of
    /// the viewer's size band first, then by all; at most `limit`.
    pub async fn alternatives(
        &self,
        viewer: &Actor,
        listing: ListingId,
        limit: usize,
    ) -> TechnologyResult<Vec<Alternative>> {
        let mine = self.viewer_org(viewer).await?;
        let population: Option<i64> = match mine {
            Some(org) => on_db!(self.db, p => sqlx::query_scalar(
                "SELECT population FROM organization_facts WHERE id = $1",
            )
            .bind(org)
            .fetch_optional(p)
            .await)?
            .flatten(),
            None => None,
        };
        // Without a size of their own, nobody is a peer: the ranking is by adoption alone.
        let (min, max) = population.map_or((-1, -1), |n| SizeBand::of(n).range());
        let limit = i64::try_from(limit.clamp(1, 20)).unwrap_or(5);
        let rows: Vec<(ListingId, String, String, i64, i64)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT l2.id, l2.name, l2.vendor_name, \
             COALESCE(SUM(CASE WHEN o.population >= $2 AND o.population < $3 THEN 1 ELSE 0 END), 0) AS peers, \
             COUNT(u.id) AS total \
             FROM listings l2 \
             LEFT JOIN usage_records u ON u.listing_id = l2.id AND u.status <> 'retired' \
             LEFT JOIN organization_facts o ON o.id = u.org_id \
             WHERE l2.status = 'published' AND l2.id <> $1 \
             AND EXISTS (SELECT 1 FROM listing_functions f1 \
                 JOIN listing_functions f2 ON f2.function_id = f1.function_id \
                 WHERE f1.listing_id = $1 AND f2.listing_id = l2.id) \
             GROUP BY l2.id, l2.name, l2.vendor_name, l2.name_key \
             ORDER BY peers DESC, total DESC, l2.name_key LIMIT $4",
        )
        .bind(listing)
        .bind(min)
        .bind(max)
        .bind(limit)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, vendor_name, peers, total)| Alternative {
                url: self.links.listing(id),
                id,
                name,
                vendor_name,
                peers,
                total,
            })
            .collect())
    }
}
