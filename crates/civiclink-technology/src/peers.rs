//! "Municipalities like mine": other municipalities ranked by how much they resemble the
//! viewer's (the same size band, the same region or country, and the listings both run), each
//! with the reasons, so that a small township finds the towns to call.

use std::collections::HashMap;

use civiclink_domain::{Actor, OrgId, SizeBand};
use civiclink_store::{on_db, sqlx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::timeline::ListingRef;
use crate::{ListingId, Technology, TechnologyResult};

/// How many shared listings a peer's reasons name.
const SHARED_NAMED: usize = 5;

/// Why an organization is a peer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PeerReasons {
    pub same_size_band: bool,
    /// One band apart (a town of 9,000 and one of 12,000).
    pub near_size_band: bool,
    pub same_region: bool,
    pub same_country: bool,
    /// How many listings both run (records not retired), and the first of them by name.
    pub shared_count: i64,
    pub shared: Vec<ListingRef>,
}

/// An organization like the viewer's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Peer {
    pub org_id: OrgId,
    pub name: String,
    pub region: String,
    pub country: String,
    pub size_band: Option<SizeBand>,
    /// Higher is more alike.
    pub score: i64,
    pub reasons: PeerReasons,
    /// The organization's stack.
    pub url: String,
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: OrgId,
    name: String,
    region: String,
    country: String,
    population: Option<i64>,
}

/// What the viewer's organization is compared on.
struct Mine {
    org: OrgId,
    band: Option<usize>,
    region: String,
    country: String,
}

fn band_index(population: Option<i64>) -> Option<usize> {
    let band = SizeBand::of(population?);
    SizeBand::ALL.iter().position(|b| *b == band)
}

/// The score of `other` against `mine`, given how many listings both run, and its reasons
/// (without the shared listings' names).
fn score(mine: &Mine, other: &OrgRow, shared: i64) -> (i64, PeerReasons) {
    let band = band_index(other.population);
    let same_size_band = mine.band.is_some() && band == mine.band;
    let near_size_band =
        !same_size_band && matches!((mine.band, band), (Some(a), Some(b)) if a.abs_diff(b) == 1);
    let same_country = !mine.country.is_empty() && mine.country == other.country;
    let same_region = same_country && !mine.region.is_empty() && mine.region == other.region;
    let score = 3 * i64::from(same_size_band)
        + i64::from(near_size_band)
        + 2 * i64::from(same_region)
        + i64::from(same_country)
        + shared.min(10);
    (
        score,
        PeerReasons {
            same_size_band,
            near_size_band,
            same_region,
            same_country,
            shared_count: shared,
            shared: vec![],
        },
    )
}

impl Technology {
    /// The municipalities most like the viewer's, best first, at most `limit`; none when the
    /// viewer is not an active member of an organization.
    pub async fn peers(&self, viewer: &Actor, limit: usize) -> TechnologyResult<Vec<Peer>> {
        self.ranked_peers(viewer, None, limit).await
    }

    /// The municipalities most like the viewer's among those that run `listing` (a record
    /// not retired), best first, at most `limit`.
    pub async fn peers_running(
        &self,
        viewer: &Actor,
        listing: ListingId,
        limit: usize,
    ) -> TechnologyResult<Vec<Peer>> {
        self.ranked_peers(viewer, Some(listing), limit).await
    }

    /// Every other municipality, or those running `running`, scored against the viewer's.
    async fn ranked_peers(
        &self,
        viewer: &Actor,
        running: Option<ListingId>,
        limit: usize,
    ) -> TechnologyResult<Vec<Peer>> {
        let Some(org) = self.viewer_org(viewer).await? else {
            return Ok(vec![]);
        };
        let me: Option<OrgRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, name, region, country, population FROM organization_facts WHERE id = $1",
        )
        .bind(org)
        .fetch_optional(p)
        .await)?;
        let Some(me) = me else {
            return Ok(vec![]);
        };
        let mine = Mine {
            org,
            band: band_index(me.population),
            region: me.region,
            country: me.country,
        };
        // How many listings each other organization shares with the viewer's.
        let overlap: Vec<(OrgId, i64)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT u2.org_id, COUNT(*) FROM usage_records u1 \
             JOIN usage_records u2 ON u2.listing_id = u1.listing_id AND u2.org_id <> u1.org_id \
             JOIN listings l ON l.id = u1.listing_id \
             WHERE u1.org_id = $1 AND u1.status <> 'retired' AND u2.status <> 'retired' \
             AND l.status = 'published' GROUP BY u2.org_id",
        )
        .bind(org)
        .fetch_all(p)
        .await)?;
        let overlap: HashMap<OrgId, i64> = overlap.into_iter().collect();
        let others: Vec<OrgRow> = match running {
            None => on_db!(self.db, p => sqlx::query_as(
                "SELECT id, name, region, country, population FROM organization_facts \
                 WHERE kind = 'municipality' AND id <> $1",
            )
            .bind(org)
            .fetch_all(p)
            .await)?,
            Some(listing) => on_db!(self.db, p => sqlx::query_as(
                "SELECT o.id, o.name, o.region, o.country, o.population \
                 FROM usage_records u JOIN organization_facts o ON o.id = u.org_id \
                 WHERE u.listing_id = $2 AND u.status <> 'retired' \
                 AND o.kind = 'municipality' AND o.id <> $1",
            )
            .bind(org)
            .bind(listing)
            .fetch_all(p)
            .await)?,
        };
        let mut ranked: Vec<(i64, String, OrgRow, PeerReasons)> = others
            .into_iter()
            .map(|o| {
                let shared = overlap.get(&o.id).copied().unwrap_or(0);
                let (s, reasons) = score(&mine, &o, shared);
                (s, civiclink_domain::text::search_key(&o.name), o, reasons)
            })
            .filter(|(s, ..)| *s > 0)
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        ranked.truncate(limit.clamp(1, 100));
        let mut out = Vec::with_capacity(ranked.len());
        for (score, _, o, mut reasons) in ranked {
            if reasons.shared_count > 0 {
                reasons.shared = self.shared_listings(mine.org, o.id).await?;
            }
            out.push(Peer {
                url: self.links.stack(o.id),
                size_band: o.population.map(SizeBand::of),
                org_id: o.id,
                name: o.name,
                region: o.region,
                country: o.country,
                score,
                reasons,
            });
        }
        Ok(out)
    }

    /// The first listings, by name, that both organizations run.
    async fn shared_listings(&self, a: OrgId, b: OrgId) -> TechnologyResult<Vec<ListingRef>> {
        let limit = i64::try_from(SHARED_NAMED).unwrap_or(5);
        let rows: Vec<(ListingId, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT l.id, l.name FROM usage_records u1 \
             JOIN usage_records u2 ON u2.listing_id = u1.listing_id AND u2.org_id = $2 \
             JOIN listings l ON l.id = u1.listing_id \
             WHERE u1.org_id = $1 AND u1.status <> 'retired' AND u2.status <> 'retired' \
             AND l.status = 'published' ORDER BY l.name_key LIMIT $3",
        )
        .bind(a)
        .bind(b)
        .bind(limit)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| ListingRef {
                url: self.links.listing(id),
                id,
                name,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(region: &str, country: &str, population: Option<i64>) -> OrgRow {
        OrgRow {
            id: OrgId::new(),
            name: "Somewhere".into(),
            region: region.into(),
            country: country.into(),
            population,
        }
    }

    #[test]
    fn alike_towns_score_higher_and_say_why() {
        let mine = Mine {
            org: OrgId::new(),
            band: band_index(Some(5_383)),
            region: "Eastern Ontario".into(),
            country: "CA".into(),
        };
        let (twin, why) = score(&mine, &org("Eastern Ontario", "CA", Some(7_000)), 3);
        assert_eq!(twin, 3 + 2 + 1 + 3);
        assert!(why.same_size_band && why.same_region && why.same_country);
        let (near, why) = score(&mine, &org("Waikato", "NZ", Some(12_000)), 0);
        assert_eq!(near, 1);
        assert!(why.near_size_band && !why.same_country);
        let (far, _) = score(&mine, &org("Waikato", "NZ", Some(1_500_000)), 0);
        assert_eq!(far, 0);
        // A region of the same name in another country is not the same region.
        let (_, why) = score(&mine, &org("Eastern Ontario", "NZ", None), 0);
        assert!(!why.same_region);
    }
}
