//! Member pages against a bare axum handler that sends the same bytes, measured with wrk in one
//! run (the machine is shared and noisy: only figures from the same run are compared).
//!
//! The service runs with the demo data on SQLite (or on PostgreSQL with
//! `CIVICLINK_BENCH_BACKEND=postgres` and `CIVICLINK_TEST_DATABASE_URL`). A demo member signs in;
//! each page is fetched once for its bytes, which a bare axum router then serves from memory.
//! wrk drives both in turn, the same connections and duration, and a Lua hook checks every
//! answer: status 200, at least the expected length, and a marker that only a signed-in page
//! holds. A run with one wrong answer fails. The stored session must be the same after the run
//! as before it (a page view writes nothing).
//!
//! ```text
//! cargo bench -p civiclink-tests --bench pages
//! ```
//!
//! Member pages are asked for by many members in turn (`CIVICLINK_BENCH_VIEWERS`, default 100,
//! each signed in with a session of their own), so that what the service keeps in memory is
//! measured with as many entries as viewers, not one. Each viewer's pages differ a little (their
//! own feed, their relation to the profile shown), so a member page's answer must hold at least
//! 40 % of the first viewer's length besides the marker.
//!
//! `CIVICLINK_BENCH_SECS` (default 10) and `CIVICLINK_BENCH_CONNECTIONS` (default 16) change the
//! load. Needs `wrk` (`apt-get install wrk`).

mod common;

use std::time::Duration;

use anyhow::{Context, ensure};
use axum::http::header;
use civiclink_tests::{TestApp, TestBackend};
use common::{SCRIPT, bare_server, env_u64, fetch, wrk};
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let backend = match std::env::var("CIVICLINK_BENCH_BACKEND").as_deref() {
        Ok("postgres") => TestBackend::Postgres,
        _ => TestBackend::Sqlite,
    };
    // As `serve` runs by default, not as the tests' smaller pool.
    let pool = std::env::var("CIVICLINK_BENCH_POOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(civiclink::Config::default().database_max_connections);
    anyhow::ensure!(
        backend.available(),
        "PostgreSQL asked for, but CIVICLINK_TEST_DATABASE_URL is not set"
    );
    let app = TestApp::spawn_with(backend, |c| {
        c.database_max_connections = pool;
        // Every viewer signs in from this host.
        c.limits.login_per_ip = 10_000;
    })
    .await;
    let demo = civiclink::demo::load(&app, 7).await?;
    app.sync_people().await;
    let member = demo
        .logins
        .iter()
        .find(|l| l.role == "Member")
        .context("a demo member")?;
    let cookie = app
        .session_cookie(&member.email, civiclink::demo::DEMO_PASSWORD)
        .await?;

    // The pages: home, another member's profile, the directory, the member's organization.
    let me: Value = fetch(&cookie, &app.url("/api/v1/me")).await?.json().await?;
    let org = me["org_id"].as_str().context("the member's organization")?;
    let dir: Value = fetch(&cookie, &app.url("/api/v1/directory/members"))
        .await?
        .json()
        .await?;
    let my_id = me["id"].as_str().unwrap_or_default();
    let other = dir["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|i| i["member_id"].as_str() != Some(my_id))
        })
        .and_then(|i| i["handle"].as_str())
        .context("another member in the directory")?
        .to_owned();
    // The member pages (home, another member's profile, the directory, the member's
    // organization), then three that take parts away for comparison: the identity alone (the
    // session and the member, as JSON), a visitor's page (no database at all) and `/healthz`
    // (the middleware alone).
    let pages: Vec<(&str, String, &str, bool)> = vec![
        ("home", "/".to_owned(), "action=\"/logout\"", true),
        (
            "profile",
            format!("/people/{other}"),
            "action=\"/logout\"",
            true,
        ),
        (
            "directory",
            "/directory".to_owned(),
            "action=\"/logout\"",
            true,
        ),
        (
            "organization",
            format!("/organizations/{org}"),
            "action=\"/logout\"",
            true,
        ),
        ("/api/v1/me", "/api/v1/me".to_owned(), "\"email\"", true),
        (
            "/login, visitor",
            "/login".to_owned(),
            "action=\"/login\"",
            false,
        ),
        ("/healthz", "/healthz".to_owned(), "ok", false),
    ];
    let members_pages = 4;

    // The other viewers: active demo members (they share the demo password), each with a
    // session of their own, kept when every member page answers them.
    let want_viewers = env_u64("CIVICLINK_BENCH_VIEWERS", 100);
    let emails: Vec<String> = civiclink_store::on_db!(app.db, p => civiclink_store::sqlx::query_scalar(
        "SELECT email FROM members WHERE status = 'active' AND email <> $1 ORDER BY email LIMIT $2"
    )
    .bind(&member.email)
    .bind(i64::try_from(want_viewers * 2).unwrap_or(i64::MAX))
    .fetch_all(p)
    .await)?;
    let mut viewers = vec![cookie.clone()];
    'viewer: for email in emails {
        if viewers.len() as u64 >= want_viewers {
            break;
        }
        let Ok(c) = app
            .session_cookie(&email, civiclink::demo::DEMO_PASSWORD)
            .await
        else {
            continue;
        };
        for (_, path, marker, _) in pages.iter().take(members_pages) {
            let r = fetch(&c, &app.url(path)).await?;
            if r.status() != 200 || !r.text().await?.contains(marker) {
                continue 'viewer;
            }
        }
        viewers.push(c);
    }
    // Each sign-in wrote a session, which put what the service kept out of date. The run
    // measures the steady state of pages that were seen since the last write (the first view
    // after a write reads the database as before), so
    // every viewer sees every page once more before the clock starts.
    for c in &viewers {
        for (_, path, _, _) in pages.iter().take(members_pages) {
            ensure!(fetch(c, &app.url(path)).await?.status() == 200);
        }
    }
    ensure!(
        viewers.len() as u64 >= want_viewers.min(10),
        "only {} viewers could sign in",
        viewers.len()
    );

    let mut bodies = Vec::new();
    for (name, path, marker, signed_in) in &pages {
        let r = fetch(if *signed_in { &cookie } else { "" }, &app.url(path)).await?;
        ensure!(r.status() == 200, "{name}: {}", r.status());
        let content_type = r
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("text/plain")
            .to_owned();
        let body = r.bytes().await?;
        ensure!(
            String::from_utf8_lossy(&body).contains(marker),
            "{name} does not hold {marker}"
        );
        bodies.push((content_type, body));
    }

    // The bare handler: the same bytes and content type from memory, nothing else.
    let bare_base = bare_server(&bodies).await?;

    let dir = tempfile::tempdir()?;
    let script = dir.path().join("check.lua");
    std::fs::write(&script, SCRIPT)?;
    let all_viewers = dir.path().join("viewers.txt");
    std::fs::write(&all_viewers, viewers.join("\n"))?;
    let one_viewer = dir.path().join("viewer.txt");
    std::fs::write(&one_viewer, &cookie)?;
    let before = app.stored_sessions().await?;

    println!(
        "backend {backend:?}, {} s per run, {} connections, wrk -t1; same machine, same run; \
         member pages asked for by {} members in turn",
        env_u64("CIVICLINK_BENCH_SECS", 10),
        env_u64("CIVICLINK_BENCH_CONNECTIONS", 16),
        viewers.len()
    );
    println!();
    println!(
        "| page | bytes | CivicLink req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms | share |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut worst: f64 = f64::MAX;
    let mut worst_p99: f64 = 0.0;
    for (i, (name, path, marker, signed_in)) in pages.iter().enumerate() {
        let len = bodies[i].1.len();
        // The pages vary a little (times, the order of suggestions): 90 % of the length is
        // asked, with the marker.
        let (want, cookies) = match (i < members_pages, *signed_in) {
            (true, _) => (len * 4 / 10, Some(all_viewers.as_path())),
            (false, true) => (len * 9 / 10, Some(one_viewer.as_path())),
            (false, false) => (len * 9 / 10, None),
        };
        let base = wrk(&script, &format!("{bare_base}/{i}"), len, marker, None).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let ours = wrk(&script, &app.url(path), want, marker, cookies).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let share = ours.rps / base.rps;
        if i < members_pages {
            worst = worst.min(share);
            worst_p99 = worst_p99.max(ours.p99_ms);
        }
        println!(
            "| {name} | {len} | {:.0} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.1} % |",
            ours.rps,
            ours.p50_ms,
            ours.p99_ms,
            base.rps,
            base.p50_ms,
            base.p99_ms,
            share * 100.0
        );
        ensure!(ours.good > 0 && base.good > 0);
    }
    println!();
    let after = app.stored_sessions().await?;
    ensure!(
        before == after,
        "the page views changed the stored sessions"
    );
    println!(
        "stored sessions unchanged by the run: {} row(s)",
        after.len()
    );
    println!(
        "lowest share {:.1} % (target ≥ 10 %), highest member-page p99 {:.2} ms (target < 20 ms): {}",
        worst * 100.0,
        worst_p99,
        if worst >= 0.10 && worst_p99 < 20.0 {
            "met"
        } else {
            "NOT met"
        }
    );
    Ok(())
}
