//! Grows the demo data to the scale the technology directory is built for: organizations with
//! members, listings with business functions, usage records and reviews, written straight into
//! the tables in batches (the use-cases would take an hour for this many rows, and their rules
//! are not what is measured). Deterministic: the same seed gives the same rows.

use std::collections::{HashMap, HashSet};

use anyhow::Context;
use civiclink_store::{Db, on_db, sqlx};
use time::OffsetDateTime;
use uuid::Uuid;

/// How many of each the directory holds once grown (the demo's own rows count).
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub organizations: usize,
    pub listings: usize,
    pub usage_records: usize,
    pub reviews: usize,
}

/// Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters.
const BATCH: usize = 500;

/// A small deterministic generator (splitmix64): bench data needs no better.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index below `n`, the first ones far more often (a few products run everywhere,
    /// most in a few places).
    fn skewed(&mut self, n: usize) -> usize {
        ((self.unit().powf(2.5)) * n as f64) as usize % n.max(1)
    }
}

struct Org {
    id: Uuid,
    members: Vec<Uuid>,
}

/// Counts of the directory's rows, to show the scale reached.
pub async fn counts(db: &Db) -> anyhow::Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for (name, sql) in [
        ("organizations", "SELECT COUNT(*) FROM organizations"),
        ("members", "SELECT COUNT(*) FROM members"),
        (
            "published listings",
            "SELECT COUNT(*) FROM listings WHERE status = 'published'",
        ),
        ("usage records", "SELECT COUNT(*) FROM usage_records"),
        ("reviews", "SELECT COUNT(*) FROM reviews"),
    ] {
        let n: i64 = on_db!(db, p => sqlx::query_scalar(sql).fetch_one(p).await)?;
        out.push((name, n));
    }
    Ok(out)
}

/// Adds rows until the directory holds `scale`.
pub async fn grow(db: &Db, scale: Scale, seed: u64) -> anyhow::Result<()> {
    let mut rng = Rng(seed);
    let now = OffsetDateTime::now_utc();
    let associations: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM associations ORDER BY name"
    )
    .fetch_all(p)
    .await)?;
    anyhow::ensure!(!associations.is_empty(), "no association to grow");
    let places: Vec<(String, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT region, country FROM organizations WHERE kind = 'municipality' \
         ORDER BY country, region"
    )
    .fetch_all(p)
    .await)?;
    anyhow::ensure!(!places.is_empty(), "no municipality to take regions from");
    let functions: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM business_functions ORDER BY slug"
    )
    .fetch_all(p)
    .await)?;
    anyhow::ensure!(!functions.is_empty(), "no business function");
    let author: Uuid = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM members WHERE role = 'site_admin' ORDER BY email LIMIT 1"
    )
    .fetch_one(p)
    .await)?;

    // Organizations, two members each.
    let have: i64 = on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM organizations").fetch_one(p).await)?;
    let add = scale
        .organizations
        .saturating_sub(usize::try_from(have).unwrap_or(0));
    let mut orgs = Vec::with_capacity(add);
    let mut org_rows = Vec::with_capacity(add);
    let mut member_rows = Vec::with_capacity(add * 2);
    for i in 0..add {
        let id = Uuid::new_v4();
        let association = associations[i % associations.len()];
        let (region, country) = places[rng.below(places.len())].clone();
        // Log-uniform from 500 to 3 million people.
        let population = (500.0 * 6000f64.powf(rng.unit())) as i64;
        let name = format!("Benchmark Township {i:05}");
        org_rows.push((id, association, name, region, country, population));
        let members: Vec<Uuid> = (0..2).map(|_| Uuid::new_v4()).collect();
        for (k, m) in members.iter().enumerate() {
            member_rows.push((
                *m,
                format!("bench-{i:05}-{k}@bench.civiclink.test"),
                format!("Bench Member {i:05} {k}"),
                association,
                id,
            ));
        }
        orgs.push(Org { id, members });
    }
    for chunk in org_rows.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO organizations (id, association_id, name, name_key, kind, region, \
                 country, population, created_at, website, description) ",
            );
            q.push_values(chunk, |mut b, (id, association, name, region, country, population)| {
                b.push_bind(*id)
                    .push_bind(*association)
                    .push_bind(name.clone())
                    .push_bind(civiclink_domain::text::search_key(name))
                    .push_bind("municipality")
                    .push_bind(region.clone())
                    .push_bind(country.clone())
                    .push_bind(*population)
                    .push_bind(now)
                    .push_bind("")
                    .push_bind("");
            });
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert organizations")?;
    }
    for chunk in member_rows.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO members (id, email, display_name, name_key, password_hash, \
                 association_id, org_id, role, status, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, (id, email, name, association, org)| {
                b.push_bind(*id)
                    .push_bind(email.clone())
                    .push_bind(name.clone())
                    .push_bind(civiclink_domain::text::search_key(name))
                    // Never signs in: no password hashes to this.
                    .push_bind("!")
                    .push_bind(*association)
                    .push_bind(*org)
                    .push_bind("member")
                    .push_bind("active")
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert members")?;
    }

    // Listings, one or two business functions each.
    let have: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM listings WHERE status = 'published'"
    )
    .fetch_one(p)
    .await)?;
    let add = scale
        .listings
        .saturating_sub(usize::try_from(have).unwrap_or(0));
    let mut listing_rows = Vec::with_capacity(add);
    let mut listing_functions = Vec::new();
    for i in 0..add {
        let id = Uuid::new_v4();
        let name = format!("Benchmark Product {i:04}");
        let vendor = format!("Benchmark Vendor {:03}", i % 300);
        listing_rows.push((id, name, vendor));
        let first = rng.below(functions.len());
        listing_functions.push((id, functions[first]));
        let second = rng.below(functions.len());
        if second != first {
            listing_functions.push((id, functions[second]));
        }
    }
    for chunk in listing_rows.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO listings (id, name, name_key, vendor_org_id, vendor_name, vendor_key, \
                 kind, website, description, hosting, versions, status, revision, proposed_by, \
                 created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, (id, name, vendor)| {
                b.push_bind(*id)
                    .push_bind(name.clone())
                    .push_bind(civiclink_domain::text::search_key(name))
                    .push_bind(None::<Uuid>)
                    .push_bind(vendor.clone())
                    .push_bind(civiclink_domain::text::search_key(vendor))
                    .push_bind("software")
                    .push_bind("https://example.com/")
                    .push_bind("A product of the benchmark's data, **for** municipal IT.")
                    .push_bind(sqlx::types::Json(vec!["saas", "on_premises"]))
                    .push_bind(sqlx::types::Json(vec!["2023", "2024", "2025"]))
                    .push_bind("published")
                    .push_bind(1_i32)
                    .push_bind(author)
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert listings")?;
    }
    for chunk in listing_functions.chunks(BATCH) {
        on_db!(db, p => {
            let mut q =
                sqlx::QueryBuilder::new("INSERT INTO listing_functions (listing_id, function_id) ");
            q.push_values(chunk, |mut b, (l, f)| {
                b.push_bind(*l).push_bind(*f);
            });
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert listing functions")?;
    }

    // Usage records of the new organizations, over every published listing, the most popular
    // first; each with one business function of its listing.
    let listings: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM listings WHERE status = 'published' ORDER BY name_key"
    )
    .fetch_all(p)
    .await)?;
    let pairs: Vec<(Uuid, Uuid)> = on_db!(db, p => sqlx::query_as(
        "SELECT listing_id, function_id FROM listing_functions"
    )
    .fetch_all(p)
    .await)?;
    let mut function_of: HashMap<Uuid, Uuid> = HashMap::new();
    for (l, f) in pairs {
        function_of.entry(l).or_insert(f);
    }
    let have: i64 = on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM usage_records").fetch_one(p).await)?;
    let add = scale
        .usage_records
        .saturating_sub(usize::try_from(have).unwrap_or(0));
    let per_org = add.div_ceil(orgs.len().max(1));
    let statuses = [
        "production",
        "production",
        "production",
        "production",
        "production",
        "production",
        "piloting",
        "evaluating",
        "retiring",
        "retired",
    ];
    let mut usage = Vec::with_capacity(add);
    let mut record_functions = Vec::with_capacity(add);
    // What each organization runs, for its reviews.
    let mut runs: Vec<(usize, Uuid)> = Vec::with_capacity(add);
    'orgs: for (o, org) in orgs.iter().enumerate() {
        let mut taken = HashSet::new();
        while taken.len() < per_org.min(listings.len()) {
            if usage.len() >= add {
                break 'orgs;
            }
            let listing = listings[rng.skewed(listings.len())];
            if !taken.insert(listing) {
                continue;
            }
            let id = Uuid::new_v4();
            let contact = org.members[rng.below(org.members.len())];
            let confirmed = now - time::Duration::days(i64::try_from(rng.below(700)).unwrap_or(0));
            usage.push((
                id,
                listing,
                org.id,
                statuses[rng.below(statuses.len())],
                format!("20{}", 19 + rng.below(7)),
                format!("20{}-0{}-01", 10 + rng.below(15), 1 + rng.below(9)),
                contact,
                rng.below(100) == 0,
                confirmed,
            ));
            if let Some(f) = function_of.get(&listing) {
                record_functions.push((id, *f));
            }
            runs.push((o, listing));
        }
    }
    for chunk in usage.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO usage_records (id, listing_id, org_id, status, version, since, \
                 support_ends, users, users_visibility, contact_id, notes, procurement_route, \
                 cooperative, contract_reference, contract_ends, open_to_others, \
                 contract_visibility, confirmed_at, confirmed_by, created_at, updated_at) ",
            );
            q.push_values(
                chunk,
                |mut b, (id, listing, org, status, version, since, contact, open, confirmed)| {
                    b.push_bind(*id)
                        .push_bind(*listing)
                        .push_bind(*org)
                        .push_bind(*status)
                        .push_bind(version.clone())
                        .push_bind(since.clone())
                        .push_bind(None::<String>)
                        .push_bind(Some(40_i64))
                        .push_bind("members")
                        .push_bind(Some(*contact))
                        .push_bind("")
                        .push_bind(if *open { "cooperative" } else { "" })
                        .push_bind(if *open { "Benchmark Buying Group" } else { "" })
                        .push_bind("")
                        .push_bind(None::<String>)
                        .push_bind(*open)
                        .push_bind("members")
                        .push_bind(*confirmed)
                        .push_bind(*contact)
                        .push_bind(*confirmed)
                        .push_bind(*confirmed);
                },
            );
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert usage records")?;
    }
    for chunk in record_functions.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO usage_record_functions (record_id, function_id) ",
            );
            q.push_values(chunk, |mut b, (r, f)| {
                b.push_bind(*r).push_bind(*f);
            });
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert usage record functions")?;
    }

    // Reviews by members of organizations that run the listing, one per member and listing.
    let have: i64 =
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM reviews").fetch_one(p).await)?;
    let add = scale
        .reviews
        .saturating_sub(usize::try_from(have).unwrap_or(0));
    let mut written = HashSet::new();
    let mut reviews = Vec::with_capacity(add);
    let mut tries = 0;
    while reviews.len() < add && !runs.is_empty() && tries < add * 4 {
        tries += 1;
        let (o, listing) = runs[rng.below(runs.len())];
        let org = &orgs[o];
        let author = org.members[rng.below(org.members.len())];
        if !written.insert((listing, author)) {
            continue;
        }
        let overall = i32::try_from(1 + rng.below(5)).unwrap_or(3);
        let at = now - time::Duration::days(i64::try_from(rng.below(900)).unwrap_or(0));
        reviews.push((
            Uuid::new_v4(),
            listing,
            author,
            org.id,
            overall,
            overall >= 4,
            i64::try_from(rng.below(20)).unwrap_or(0),
            at,
        ));
    }
    for chunk in reviews.chunks(BATCH) {
        on_db!(db, p => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO reviews (id, listing_id, author_id, org_id, overall, ease, support, \
                 value, recommend, pros, cons, revision, hidden, helpful, created_at, updated_at) ",
            );
            q.push_values(
                chunk,
                |mut b, (id, listing, author, org, overall, recommend, helpful, at)| {
                    b.push_bind(*id)
                        .push_bind(*listing)
                        .push_bind(*author)
                        .push_bind(Some(*org))
                        .push_bind(*overall)
                        .push_bind(Some(*overall))
                        .push_bind(Some(3_i32))
                        .push_bind(Some(4_i32))
                        .push_bind(*recommend)
                        .push_bind("Reliable once configured; the upgrade path is documented.")
                        .push_bind("Licensing is hard to forecast for a small team.")
                        .push_bind(1_i32)
                        .push_bind(false)
                        .push_bind(*helpful)
                        .push_bind(*at)
                        .push_bind(*at);
                },
            );
            q.build().execute(p).await.map(|_| ())
        })
        .context("insert reviews")?;
    }
    Ok(())
}
