//! The technology directory's listing and compare pages at the scale the directory is built for
//! (5,000 organizations, 2,000 listings, 200,000 usage records, 100,000 reviews), against a bare
//! axum handler sending the same bytes, in one run (the machine is shared and noisy: only
//! figures from the same run are compared).
//!
//! ```text
//! cargo bench -p civiclink-tests --bench technology
//! ```
//!
//! The service starts with the demo data, which `common/seed.rs` grows to that scale
//! (`CIVICLINK_BENCH_SCALE=demo` keeps the demo's size, to compare the same pages at both
//! scales). Demo members sign in (`CIVICLINK_BENCH_VIEWERS`, default 100), each with a session
//! of their own. The pages: the most used listing (thousands of organizations run it), a listing
//! of median use, and the comparison of the four most used listings.
//!
//! First each viewer sees each page once, timed one after the other: those are views that read
//! the database (nothing kept yet for that viewer), the cost of every first view after a write.
//! Then wrk drives the bare route and the page in turn, the viewers' cookies in rotation, and a
//! Lua hook checks every answer (status 200, a marker of the page, at least 40 % of the first
//! viewer's length). One wrong answer fails the run. The sessions, the outbox, the rate limits
//! and the directory's row counts must be the same after the run as before it: a page view
//! writes nothing.
//!
//! `CIVICLINK_BENCH_BACKEND=postgres` with `CIVICLINK_TEST_DATABASE_URL` runs it on PostgreSQL;
//! `CIVICLINK_BENCH_SECS` (default 10) and `CIVICLINK_BENCH_CONNECTIONS` (default 16) change the
//! load. Needs `wrk` (`apt-get install wrk`).

mod common;
#[path = "common/seed.rs"]
mod seed;

use std::time::{Duration, Instant};

use anyhow::ensure;
use axum::http::header;
use civiclink_domain::{Actor, AssociationId, MemberId, Role};
use civiclink_store::{on_db, sqlx};
use civiclink_technology::{Eligibility, ListingId, ReviewSort, UsageFilter};
use civiclink_tests::{TestApp, TestBackend};
use common::{SCRIPT, bare_server, env_u64, fetch, wrk};
use uuid::Uuid;

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run())
}

/// What a page view must not change: the sessions, the outbox, the rate limits and the
/// directory's rows.
async fn fingerprint(app: &TestApp) -> anyhow::Result<String> {
    let sessions = app.stored_sessions().await?;
    let outbox: (i64, Option<i64>) = on_db!(app.db, p => sqlx::query_as(
        "SELECT COUNT(*), MAX(position) FROM events"
    )
    .fetch_one(p)
    .await)?;
    let limits: (i64, Option<i64>) = on_db!(app.db, p => sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(hits) AS BIGINT) FROM rate_limits"
    )
    .fetch_one(p)
    .await)?;
    let rows = seed::counts(&app.db).await?;
    Ok(format!(
        "sessions {sessions:?}, outbox {outbox:?}, rate limits {limits:?}, rows {rows:?}"
    ))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn run() -> anyhow::Result<()> {
    let backend = match std::env::var("CIVICLINK_BENCH_BACKEND").as_deref() {
        Ok("postgres") => TestBackend::Postgres,
        _ => TestBackend::Sqlite,
    };
    let full = std::env::var("CIVICLINK_BENCH_SCALE").as_deref() != Ok("demo");
    let pool = std::env::var("CIVICLINK_BENCH_POOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(civiclink::Config::default().database_max_connections);
    ensure!(
        backend.available(),
        "PostgreSQL asked for, but CIVICLINK_TEST_DATABASE_URL is not set"
    );
    let app = TestApp::spawn_with(backend, |c| {
        c.database_max_connections = pool;
        // Every viewer signs in from this host.
        c.limits.login_per_ip = 10_000;
    })
    .await;
    civiclink::demo::load(&app, 7).await?;
    app.sync_people().await;
    let started = Instant::now();
    if full {
        seed::grow(
            &app.db,
            seed::Scale {
                organizations: 5_000,
                listings: 2_000,
                usage_records: 200_000,
                reviews: 100_000,
            },
            11,
        )
        .await?;
    }
    let counts = seed::counts(&app.db).await?;
    println!(
        "backend {backend:?}, {} scale ({:.1} s to grow): {}",
        if full { "full" } else { "demo" },
        started.elapsed().as_secs_f64(),
        counts
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // The pages: the most used listing, one of median use, the four most used compared.
    let by_use: Vec<(Uuid, i64)> = on_db!(app.db, p => sqlx::query_as(
        "SELECT u.listing_id, COUNT(*) AS n FROM usage_records u \
         JOIN listings l ON l.id = u.listing_id WHERE l.status = 'published' \
         GROUP BY u.listing_id ORDER BY n DESC, u.listing_id"
    )
    .fetch_all(p)
    .await)?;
    ensure!(by_use.len() >= 4, "fewer than four listings in use");
    let (top, top_n) = by_use[0];
    let (median, median_n) = by_use[by_use.len() / 2];
    let compared: Vec<String> = by_use
        .iter()
        .take(4)
        .map(|(id, _)| id.to_string())
        .collect();
    let pages: Vec<(String, String, String)> = vec![
        (
            format!("listing, most used ({top_n} organizations)"),
            format!("/technology/listings/{top}"),
            format!("/technology/listings/{top}/history"),
        ),
        (
            format!("listing, median use ({median_n} organizations)"),
            format!("/technology/listings/{median}"),
            format!("/technology/listings/{median}/history"),
        ),
        (
            "compare, the four most used".to_owned(),
            format!("/technology/compare?ids={}", compared.join(",")),
            format!("/technology/listings/{top}\""),
        ),
    ];

    // The viewers: active demo members (they share the demo password).
    let want_viewers = env_u64("CIVICLINK_BENCH_VIEWERS", 100);
    let emails: Vec<String> = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT email FROM members WHERE status = 'active' AND role = 'member' \
         AND password_hash <> '!' ORDER BY email LIMIT $1"
    )
    .bind(i64::try_from(want_viewers * 2).unwrap_or(i64::MAX))
    .fetch_all(p)
    .await)?;
    let mut viewers = Vec::new();
    let mut first_email = None;
    for email in emails {
        if viewers.len() as u64 >= want_viewers {
            break;
        }
        if let Ok(c) = app
            .session_cookie(&email, civiclink::demo::DEMO_PASSWORD)
            .await
        {
            first_email.get_or_insert(email);
            viewers.push(c);
        }
    }
    ensure!(
        viewers.len() as u64 >= want_viewers.min(10),
        "only {} viewers could sign in",
        viewers.len()
    );

    // First views: nothing kept yet for these viewers, so each reads the database.
    let mut cold: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
    for c in &viewers {
        for (i, (name, path, marker)) in pages.iter().enumerate() {
            let t = Instant::now();
            let r = fetch(c, &app.url(path)).await?;
            let status = r.status();
            let body = r.text().await?;
            cold[i].push(t.elapsed().as_secs_f64() * 1000.0);
            ensure!(
                status == 200 && body.contains(marker.as_str()),
                "{name}: {status}, marker missing"
            );
        }
    }

    // Where a first view's time goes: each read the pages make, timed alone (the directory's
    // use-cases keep nothing; only the page's data is kept until the next write).
    let (id, association): (Uuid, Option<Uuid>) = on_db!(app.db, p => sqlx::query_as(
        "SELECT id, association_id FROM members WHERE email = $1"
    )
    .bind(first_email.as_deref().unwrap_or_default())
    .fetch_one(p)
    .await)?;
    let actor = Actor {
        id: MemberId::from_uuid(id),
        role: Role::Member,
        association_id: association.map(AssociationId::from_uuid),
        ip: None,
    };
    let compared_ids: Vec<ListingId> = by_use
        .iter()
        .take(4)
        .map(|(id, _)| ListingId::from_uuid(*id))
        .collect();
    println!();
    println!("| read (first view) | most used listing, ms | median listing, ms |");
    println!("|---|---|---|");
    let tech = &app.technology;
    let filter = UsageFilter::default();
    for step in [
        "listing",
        "reviews_of (first page, aggregates)",
        "usage_overview",
        "usage_page",
        "eligibility",
        "responds_for",
        "recent_changes",
        "alternatives",
        "peers_running",
        "compare (the four most used)",
    ] {
        let mut cells = Vec::new();
        for listing in [top, median] {
            let l = ListingId::from_uuid(listing);
            let t = Instant::now();
            let rounds = 10;
            let mut counts = 0;
            for _ in 0..rounds {
                let found = match step {
                    "listing" => usize::from(tech.listing(&actor, l).await?.id == l),
                    "usage_overview" => {
                        usize::try_from(tech.usage_overview(&actor, l).await?.total)?
                    }
                    "usage_page" => tech
                        .usage_page(&actor, l, &filter, 0, civiclink_technology::USAGE_PAGE)
                        .await?
                        .items
                        .len(),
                    "eligibility" => usize::from(
                        tech.eligibility(&actor, l).await? != Eligibility::NoOrganization,
                    ),
                    "responds_for" => usize::from(tech.responds_for(&actor, l).await?),
                    "recent_changes" => {
                        1 + tech
                            .recent_changes(&actor, l, civiclink_technology::RECENT_CHANGES)
                            .await?
                            .len()
                    }
                    "alternatives" => tech.alternatives(&actor, l, 5).await?.len(),
                    "peers_running" => tech.peers_running(&actor, l, 5).await?.len(),
                    "compare (the four most used)" => {
                        tech.compare(&actor, &compared_ids).await?.len()
                    }
                    _ => tech
                        .reviews_of(&actor, l, ReviewSort::Helpful, None, 10)
                        .await?
                        .items
                        .len(),
                };
                // These always find something here; the others may rightly find nothing
                // (a listing nobody reviewed), and say how many they found.
                let must = ["listing", "usage_overview", "usage_page", "eligibility"];
                ensure!(found > 0 || !must.contains(&step), "{step} found nothing");
                ensure!(
                    found == 4 || !step.starts_with("compare"),
                    "{step}: {found} listings"
                );
                counts = found;
            }
            cells.push(format!(
                "{:.1} ({counts} found)",
                t.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds)
            ));
        }
        println!("| {step} | {} | {} |", cells[0], cells[1]);
    }

    let mut bodies = Vec::new();
    for (name, path, marker) in &pages {
        let r = fetch(&viewers[0], &app.url(path)).await?;
        ensure!(r.status() == 200, "{name}: {}", r.status());
        let content_type = r
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("text/html")
            .to_owned();
        let body = r.bytes().await?;
        ensure!(
            String::from_utf8_lossy(&body).contains(marker.as_str()),
            "{name} does not hold {marker}"
        );
        bodies.push((content_type, body));
    }
    let bare_base = bare_server(&bodies).await?;

    let dir = tempfile::tempdir()?;
    let script = dir.path().join("check.lua");
    std::fs::write(&script, SCRIPT)?;
    let all_viewers = dir.path().join("viewers.txt");
    std::fs::write(&all_viewers, viewers.join("\n"))?;
    let before = fingerprint(&app).await?;

    println!(
        "{} s per run, {} connections, wrk -t1; same machine, same run; pages asked for by {} \
         members in turn",
        env_u64("CIVICLINK_BENCH_SECS", 10),
        env_u64("CIVICLINK_BENCH_CONNECTIONS", 16),
        viewers.len()
    );
    println!();
    println!(
        "| page | bytes | first views p50 / p99 ms | CivicLink req/s | p50 ms | p99 ms | bare req/s | share |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut worst_share = f64::MAX;
    let mut worst_p99: f64 = 0.0;
    for (i, (name, path, marker)) in pages.iter().enumerate() {
        let len = bodies[i].1.len();
        let base = wrk(&script, &format!("{bare_base}/{i}"), len, marker, None).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let ours = wrk(
            &script,
            &app.url(path),
            len * 4 / 10,
            marker,
            Some(all_viewers.as_path()),
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure!(ours.good > 0 && base.good > 0);
        let share = ours.rps / base.rps;
        worst_share = worst_share.min(share);
        worst_p99 = worst_p99.max(ours.p99_ms);
        let mut first = cold[i].clone();
        first.sort_by(f64::total_cmp);
        println!(
            "| {name} | {len} | {:.1} / {:.1} | {:.0} | {:.2} | {:.2} | {:.0} | {:.1} % |",
            percentile(&first, 0.5),
            percentile(&first, 0.99),
            ours.rps,
            ours.p50_ms,
            ours.p99_ms,
            base.rps,
            share * 100.0
        );
    }
    println!();
    let after = fingerprint(&app).await?;
    ensure!(before == after, "the page views wrote to the database");
    println!("sessions, outbox, rate limits and row counts unchanged by the run");
    println!(
        "lowest share {:.1} % (target ≥ 10 %), highest p99 {:.2} ms (target < 50 ms): {}",
        worst_share * 100.0,
        worst_p99,
        if worst_share >= 0.10 && worst_p99 < 50.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
