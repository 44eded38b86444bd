//! People you may know: other listed, active members the viewer has no connection with (pending
//! or accepted) and no block with, ranked by shared connections, then same organization (or else
//! same region and size band) and shared visible expertise.
//!
//! Bounded at any size: candidates come from at most four capped sources (friends of the
//! viewer's first 500 connections, 100 members of the viewer's organization, 100 members of the
//! viewer's region, 100 members per shared tag for the viewer's first 5 tags), at most [`CANDIDATE_CAP`] of them
//! are loaded in one query (with their eligibility and shared tags), and the rest is scored in
//! memory.

use std::collections::{HashMap, HashSet};

use civiclink_domain::{Handle, MemberId, OrgId, ProfileField, SizeBand};
use civiclink_store::{Backend, StoreError, on_db};
use serde::Serialize;
use sqlx::types::Json;
use utoipa::ToSchema;

use crate::directory::{Arg, Args, bind_args, visibility_of};
use crate::{People, PeopleError, PeopleResult, Relation};

/// The most candidates ever scored for one viewer.
pub const CANDIDATE_CAP: usize = 300;

/// Why a member is suggested; the page words each reason from the catalogs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Reason {
    /// How many of the viewer's connections are connected to them.
    SharedConnections(usize),
    /// They work in the viewer's organization (its name). Said instead of the same region and
    /// size band, which it implies.
    SameOrganization(String),
    /// They work in the same region as the viewer (the region's name).
    SameRegion(String),
    /// Their organization serves a population of the same size band.
    SameSizeBand,
    /// How many areas of expertise they share with the viewer (visible ones only).
    SharedExpertise(usize),
}

/// One suggested member and why.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Suggestion {
    pub member_id: MemberId,
    pub handle: Handle,
    pub display_name: String,
    pub org_name: Option<String>,
    pub job_title: Option<String>,
    pub reasons: Vec<Reason>,
    /// Higher is a better match.
    pub score: i64,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    member_id: MemberId,
    handle: String,
    display_name: String,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    region: Option<String>,
    country: Option<String>,
    population: Option<i64>,
    job_title: String,
    visibility: Json<std::collections::BTreeMap<String, String>>,
    sort_name: String,
    /// How many of the viewer's tags they have, visible or not.
    common_tags: i64,
}

#[derive(sqlx::FromRow)]
struct Me {
    org_id: Option<OrgId>,
    region: Option<String>,
    country: Option<String>,
    population: Option<i64>,
}

fn corrupt(e: civiclink_domain::ValidationError) -> PeopleError {
    PeopleError::Store(StoreError::corrupt(e))
}

impl People {
    /// Up to `limit` (at most 50) members `viewer` may know, best first.
    pub async fn suggestions(
        &self,
        viewer: MemberId,
        limit: usize,
    ) -> PeopleResult<Vec<Suggestion>> {
        let limit = limit.clamp(1, 50);
        let me: Option<Me> = on_db!(self.db, p => sqlx::query_as(
            "SELECT m.org_id, o.region, o.country, o.population FROM member_facts m \
             LEFT JOIN organization_facts o ON o.id = m.org_id WHERE m.id = $1",
        )
        .bind(viewer)
        .fetch_optional(p)
        .await)?;
        let me = me.ok_or(PeopleError::NotFound)?;
        let my_band = me.population.map(SizeBand::of);

        // Friends of friends, counted; the viewer's connections are capped at 500. Written with
        // `IN` rather than a join: SQLite plans the join of the second half with a Bloom filter
        // built by reading every connection (about 90 ms at 100k members).
        let fof: Vec<(MemberId, i64)> = on_db!(self.db, p => sqlx::query_as(
            "WITH f AS (SELECT id FROM ( \
                SELECT member_b AS id FROM connections WHERE member_a = $1 AND status = 'accepted' \
                UNION ALL SELECT member_a AS id FROM connections WHERE member_b = $1 AND status = 'accepted' \
             ) mine LIMIT 500), \
             fof AS ( \
                SELECT c.member_b AS cand FROM connections c WHERE c.member_a IN (SELECT id FROM f) AND c.status = 'accepted' \
                UNION ALL SELECT c.member_a AS cand FROM connections c WHERE c.member_b IN (SELECT id FROM f) AND c.status = 'accepted' \
             ) \
             SELECT cand, COUNT(*) AS n FROM fof WHERE cand <> $1 \
             GROUP BY cand ORDER BY n DESC, cand LIMIT 500",
        )
        .bind(viewer)
        .fetch_all(p)
        .await)?;
        let shared: HashMap<MemberId, usize> = fof
            .iter()
            .map(|(m, n)| (*m, usize::try_from(*n).unwrap_or(0)))
            .collect();
        let mut candidates: Vec<MemberId> = fof.iter().map(|(m, _)| *m).collect();
        let mut seen: HashSet<MemberId> = candidates.iter().copied().collect();
        seen.insert(viewer);

        // Up to 100 members of the viewer's organization (one range of `members_org_idx`).
        if let Some(org) = me.org_id {
            let colleagues: Vec<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
                "SELECT id FROM member_facts WHERE org_id = $1 AND listed LIMIT 100",
            )
            .bind(org)
            .fetch_all(p)
            .await)?;
            candidates.extend(colleagues.into_iter().filter(|m| seen.insert(*m)));
        }

        // Up to 100 members of the same region (any 100: ordering them would cost the region's size).
        if let (Some(region), Some(country)) = (&me.region, &me.country) {
            // The profile's copy of the region (see `sync`) is indexed: one range, no join.
            let near: Vec<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
                "SELECT p.member_id FROM profiles p JOIN member_facts m ON m.id = p.member_id \
                 WHERE p.region = $2 AND p.country = $1 AND m.listed AND p.in_directory \
                 LIMIT 100",
            )
            .bind(country)
            .bind(region)
            .fetch_all(p)
            .await)?;
            candidates.extend(near.into_iter().filter(|m| seen.insert(*m)));
        }

        // Members who share one of the viewer's first tags.
        let my_tags: Vec<String> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT tag FROM member_expertise WHERE member_id = $1 ORDER BY tag",
        )
        .bind(viewer)
        .fetch_all(p)
        .await)?;
        for tag in my_tags.iter().take(5) {
            let same: Vec<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
                "SELECT member_id FROM member_expertise WHERE tag = $1 LIMIT 100",
            )
            .bind(tag)
            .fetch_all(p)
            .await)?;
            candidates.extend(same.into_iter().filter(|m| seen.insert(*m)));
        }
        candidates.truncate(CANDIDATE_CAP);
        if candidates.is_empty() {
            return Ok(Vec::new());
        }

        // Load the candidates still eligible: listed, active, unblocked, and not connected (in
        // either direction, pending or accepted); with how many of the viewer's tags each has,
        // counted in the query (it counts only when their expertise is visible, below).
        let mut args = Args::default();
        args.push(Arg::Member(viewer));
        // SQLite: the ids as one blob of 16-byte keys, cut apart in the query. Bound one by one,
        // each of ~500 placeholders is looked up by name in a list (quadratic), and the
        // statement text differs with the count. And `+e.tag` keeps the tag index out of the
        // count below, so that it is one search of the member's few rows in the primary key,
        // not one search per tag.
        let (with_ids, in_candidates, tag_col) = match self.db.backend() {
            Backend::Sqlite => {
                let blob: Vec<u8> = candidates
                    .iter()
                    .flat_map(|m| m.as_uuid().into_bytes())
                    .collect();
                let ids = args.push(Arg::Bytes(blob));
                (
                    format!(
                        "WITH RECURSIVE ids(i) AS (SELECT 0 UNION ALL \
                         SELECT i + 1 FROM ids WHERE i + 1 < length({ids}) / 16) "
                    ),
                    format!("SELECT substr({ids}, i * 16 + 1, 16) FROM ids"),
                    "+e.tag",
                )
            }
            Backend::Postgres => {
                let marks: Vec<String> = candidates
                    .iter()
                    .map(|m| args.push(Arg::Member(*m)))
                    .collect();
                (String::new(), marks.join(", "), "e.tag")
            }
        };
        let common = if my_tags.is_empty() {
            "CAST(0 AS BIGINT)".to_owned()
        } else {
            let tag_marks: Vec<String> = my_tags
                .iter()
                .map(|t| args.push(Arg::Text(t.clone())))
                .collect();
            format!(
                "(SELECT COUNT(*) FROM member_expertise e \
                 WHERE e.member_id = p.member_id AND {tag_col} IN ({}))",
                tag_marks.join(", ")
            )
        };
        // The viewer's connections and blocks are read once, not probed per candidate (the `NOT
        // EXISTS` of `LISTED`): two fewer index searches per row. Every column is `NOT NULL`.
        let sql = format!(
            "{with_ids}SELECT p.member_id, p.handle, m.display_name, m.org_id, o.name AS org_name, o.region, o.country, \
             o.population, p.job_title, p.visibility, p.sort_name, {common} AS common_tags \
             FROM profiles p JOIN member_facts m ON m.id = p.member_id \
             LEFT JOIN organization_facts o ON o.id = m.org_id \
             WHERE p.member_id IN ({in_candidates}) AND m.listed AND p.in_directory \
             AND p.member_id NOT IN ( \
                SELECT member_b FROM connections WHERE member_a = $1 \
                UNION ALL SELECT member_a FROM connections WHERE member_b = $1 \
                UNION ALL SELECT blocker FROM blocks WHERE blocked = $1 \
                UNION ALL SELECT blocked FROM blocks WHERE blocker = $1)"
        );
        let rows: Vec<CandidateRow> =
            on_db!(self.db, p => bind_args!(sqlx::query_as(&sql), args).fetch_all(p).await)?;

        let mut out: Vec<(Suggestion, String)> = Vec::with_capacity(rows.len());
        for r in rows {
            let mut reasons = Vec::new();
            let mut score = 0i64;
            if let Some(&n) = shared.get(&r.member_id) {
                reasons.push(Reason::SharedConnections(n));
                score += 10 * i64::try_from(n).unwrap_or(0);
            }
            let same_org = me.org_id.is_some() && r.org_id == me.org_id;
            if let (true, Some(name)) = (same_org, &r.org_name) {
                // A colleague: more telling than the region and size band it implies.
                reasons.push(Reason::SameOrganization(name.clone()));
                score += 5;
            } else if let (Some(region), true) =
                (&r.region, r.region == me.region && r.country == me.country)
            {
                reasons.push(Reason::SameRegion(region.clone()));
                score += 3;
            }
            if !same_org && my_band.is_some() && r.population.map(SizeBand::of) == my_band {
                reasons.push(Reason::SameSizeBand);
                score += 1;
            }
            let common =
                if Relation::Member.sees(visibility_of(&r.visibility.0, ProfileField::Expertise)) {
                    usize::try_from(r.common_tags).unwrap_or(0)
                } else {
                    0
                };
            if common > 0 {
                reasons.push(Reason::SharedExpertise(common));
                score += 2 * i64::try_from(common).unwrap_or(0);
            }
            if reasons.is_empty() {
                continue;
            }
            // Suggestions are for people who are not connections yet: what everyone sees.
            let job_title = (Relation::Member
                .sees(visibility_of(&r.visibility.0, ProfileField::JobTitle))
                && !r.job_title.is_empty())
            .then_some(r.job_title);
            out.push((
                Suggestion {
                    member_id: r.member_id,
                    handle: Handle::from_stored(&r.handle).map_err(corrupt)?,
                    display_name: r.display_name,
                    org_name: r.org_name,
                    job_title,
                    reasons,
                    score,
                },
                r.sort_name,
            ));
        }
        out.sort_by(|(a, an), (b, bn)| {
            b.score
                .cmp(&a.score)
                .then_with(|| an.cmp(bn))
                .then_with(|| a.member_id.cmp(&b.member_id))
        });
        out.truncate(limit);
        Ok(out.into_iter().map(|(s, _)| s).collect())
    }
}
