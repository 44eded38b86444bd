//! Discussion threads at two scales, 10k posts in 1k threads and then 1M posts in 100k threads
//! on the same database, each page against a bare axum handler sending the same bytes, in one
//! run (the machine is shared and noisy: only figures from the same run are compared).
//!
//! ```text
//! cargo bench -p civiclink-tests --bench threads
//! ```
//!
//! The service starts with the demo data. `common/threads_seed.rs` adds one long thread of
//! 1,000 posts, then grows the threads to 10,000 posts in 1,000 threads (the demo's and the long
//! one count); once the pages are measured there, it grows them to 1,000,000 posts in 100,000
//! threads and the same pages are measured again (`CIVICLINK_BENCH_SCALE=small` stops after the
//! first scale). The threads added are older than the demo's and than the long thread, so the
//! latest threads are the same at both scales: the demo's, then the long thread. Demo members
//! sign in (`CIVICLINK_BENCH_VIEWERS`, default 100), each with a session of their own. The
//! pages: the long thread's first page and a middle page (50 posts each), and the latest
//! threads (30 a page).
//!
//! At each scale, first each viewer sees each page once, timed one after the other: views that
//! read the database (nothing kept yet for that viewer at this scale), the cost of every first
//! view after a write. Then the reads behind those pages, each timed alone. Then wrk drives the
//! bare route and the page in turn, the viewers' cookies in rotation, and a Lua hook checks
//! every answer: status 200, at least 40 % of the first viewer's length, a marker only that
//! page holds (the anchor of the page's last post; the long thread's address in the list) and
//! the exact number of posts (50) or threads (30) it shows. One wrong answer fails the run. The
//! sessions, the outbox, the rate limits and the threads' row counts must be the same after the
//! run as before it: a page view writes nothing but read positions, and those only through the
//! batched flush. Last, how much each page's p50 grew from the small scale to the full one.
//!
//! `CIVICLINK_BENCH_BACKEND=postgres` with `CIVICLINK_TEST_DATABASE_URL` runs it on PostgreSQL;
//! `CIVICLINK_BENCH_SECS` (default 10) and `CIVICLINK_BENCH_CONNECTIONS` (default 16) change the
//! load. Needs `wrk` (`apt-get install wrk`).

mod common;
#[path = "common/threads_seed.rs"]
mod threads_seed;

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::ensure;
use axum::http::header;
use civiclink_domain::{Actor, AssociationId, MemberId, Role};
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{TestApp, TestBackend};
use civiclink_threads::{POSTS_PAGE, THREADS_PAGE, ThreadFilter, ThreadId};
use common::{SCRIPT, bare_server, env_u64, fetch, wrk};
use threads_seed::LONG_THREAD_POSTS;
use uuid::Uuid;

/// What the common Lua hooks check, and more: the marker argument is
/// `<count>\t<item>\t<marker>`, and an answer is right only if it also holds `item` exactly
/// `count` times (the posts or threads the page shows). Lua keeps the last definition of a
/// function, so these replace the common `init` and `response`; `setup`, `request` and `done`
/// are the common ones.
const CHECKS: &str = r#"
local common_init = init
function init(args)
  local n, item, m = string.match(args[2] or "", "^(%d+)\t([^\t]+)\t(.+)$")
  common_init({args[1], m or "", args[3]})
  broken = (n == nil)
  want_items = tonumber(n or "0")
  item_text = item or ""
end
local function count(body, text)
  local n, at = 0, 1
  while true do
    local s, e = string.find(body, text, at, true)
    if s == nil then return n end
    n = n + 1
    at = e + 1
  end
end
function response(status, headers, body)
  if not broken and status == 200 and #body >= want_len
     and string.find(body, marker, 1, true) and count(body, item_text) == want_items then
    good = good + 1
  else
    bad = bad + 1
  end
end
"#;

/// Each post on a thread's page opens with this, once.
const POST_ITEM: &str = "<li id=\"post-";

/// Each thread in a list holds this, once (its category's link under its title).
const THREAD_ITEM: &str = "<br><span class=\"muted\"><a href=\"/threads/c/";

/// A size the threads are grown to: threads and posts in all, the demo's included.
struct Scale {
    name: &'static str,
    threads: usize,
    posts: usize,
    seed: u64,
}

const SCALES: [Scale; 2] = [
    Scale {
        name: "10k posts in 1k threads",
        threads: 1_000,
        posts: 10_000,
        seed: 11,
    },
    Scale {
        name: "1M posts in 100k threads",
        threads: 100_000,
        posts: 1_000_000,
        seed: 12,
    },
];

/// A page measured, and what only a right answer holds.
struct Probe {
    name: String,
    path: String,
    /// Text that only this page holds.
    marker: String,
    /// Text each item shown holds once, and how many items the page shows.
    item: &'static str,
    items: usize,
}

impl Probe {
    fn holds(&self, body: &str) -> bool {
        body.contains(self.marker.as_str()) && body.matches(self.item).count() == self.items
    }

    /// The marker argument of [`CHECKS`].
    fn check(&self) -> String {
        format!("{}\t{}\t{}", self.items, self.item, self.marker)
    }
}

/// One page's figures at one scale.
struct Measured {
    name: String,
    bytes: usize,
    /// First views, in ms, sorted.
    first: Vec<f64>,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    bare_rps: f64,
    checked: u64,
}

/// One scale's figures: the pages, and the reads behind them timed alone (ms).
struct ScaleRun {
    name: &'static str,
    pages: Vec<Measured>,
    reads: Vec<(&'static str, f64)>,
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run())
}

/// What a page view must not change: the sessions, the outbox, the rate limits and the
/// threads' rows. `thread_reads` is left out on purpose: a thread's page notes the viewer's read
/// position in memory, and the service writes those positions in batches (every five seconds,
/// and the bench flushes the rest itself before the second snapshot). That batched write is
/// the one a page view causes; it is checked on its own ([`read_positions`]).
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
    let rows = threads_seed::counts(&app.db).await?;
    Ok(format!(
        "sessions {sessions:?}, outbox {outbox:?}, rate limits {limits:?}, rows {rows:?}"
    ))
}

/// How many members have a read position in `thread`, and the lowest and highest.
async fn read_positions(
    app: &TestApp,
    thread: Uuid,
) -> anyhow::Result<(i64, Option<i32>, Option<i32>)> {
    Ok(on_db!(app.db, p => sqlx::query_as(
        "SELECT COUNT(*), MIN(last_read), MAX(last_read) FROM thread_reads WHERE thread_id = $1"
    )
    .bind(thread)
    .fetch_one(p)
    .await)?)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// `full / small`, or 0 when there is nothing to divide by.
fn growth(small: f64, full: f64) -> f64 {
    if small > 0.0 { full / small } else { 0.0 }
}

/// The id of post `number` of `thread`.
async fn post_id(app: &TestApp, thread: Uuid, number: i32) -> anyhow::Result<Uuid> {
    Ok(on_db!(app.db, p => sqlx::query_scalar(
        "SELECT id FROM posts WHERE thread_id = $1 AND number = $2"
    )
    .bind(thread)
    .bind(number)
    .fetch_one(p)
    .await)?)
}

/// The pages: the long thread's first page, its middle page, and the latest threads. The same
/// at both scales.
async fn probes_of(app: &TestApp, long: Uuid) -> anyhow::Result<Vec<Probe>> {
    let pages = u32::try_from(LONG_THREAD_POSTS)?.div_ceil(POSTS_PAGE);
    let middle = pages / 2;
    let first_last = post_id(app, long, i32::try_from(POSTS_PAGE)?).await?;
    let middle_last = post_id(app, long, i32::try_from(middle * POSTS_PAGE)?).await?;
    Ok(vec![
        Probe {
            name: format!("thread of {LONG_THREAD_POSTS} posts, page 1"),
            path: format!("/threads/{long}"),
            marker: format!("id=\"post-{first_last}\""),
            item: POST_ITEM,
            items: usize::try_from(POSTS_PAGE)?,
        },
        Probe {
            name: format!("thread of {LONG_THREAD_POSTS} posts, page {middle} of {pages}"),
            path: format!("/threads/{long}?page={middle}"),
            marker: format!("id=\"post-{middle_last}\""),
            item: POST_ITEM,
            items: usize::try_from(POSTS_PAGE)?,
        },
        Probe {
            name: "latest threads".to_owned(),
            path: "/threads".to_owned(),
            marker: format!("/threads/{long}\""),
            item: THREAD_ITEM,
            items: usize::try_from(THREADS_PAGE)?,
        },
    ])
}

async fn run() -> anyhow::Result<()> {
    let backend = match std::env::var("CIVICLINK_BENCH_BACKEND").as_deref() {
        Ok("postgres") => TestBackend::Postgres,
        _ => TestBackend::Sqlite,
    };
    let full = !matches!(
        std::env::var("CIVICLINK_BENCH_SCALE").as_deref(),
        Ok("small" | "demo")
    );
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
    let long = threads_seed::long_thread(&app.db, 5).await?;
    println!(
        "backend {backend:?}: the long thread ({LONG_THREAD_POSTS} posts) written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let probes = probes_of(&app, long).await?;

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

    let dir = tempfile::tempdir()?;
    let script = dir.path().join("check.lua");
    std::fs::write(&script, format!("{SCRIPT}{CHECKS}"))?;
    let all_viewers = dir.path().join("viewers.txt");
    std::fs::write(&all_viewers, viewers.join("\n"))?;
    println!(
        "{} s per run, {} connections, wrk -t1; same machine, same run; pages asked for by {} \
         members in turn",
        env_u64("CIVICLINK_BENCH_SECS", 10),
        env_u64("CIVICLINK_BENCH_CONNECTIONS", 16),
        viewers.len()
    );

    let mut runs = Vec::new();
    for scale in SCALES.iter().take(if full { 2 } else { 1 }) {
        let started = Instant::now();
        threads_seed::grow(&app.db, scale.threads, scale.posts, scale.seed).await?;
        let counts = threads_seed::counts(&app.db).await?;
        println!();
        println!(
            "## {} ({:.1} s to grow): {}",
            scale.name,
            started.elapsed().as_secs_f64(),
            counts
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        runs.push(
            measure(
                &app,
                scale,
                long,
                &probes,
                &viewers,
                &actor,
                &script,
                &all_viewers,
            )
            .await?,
        );
    }

    let mut worst_share = f64::MAX;
    let mut worst_p99: f64 = 0.0;
    for m in runs.iter().flat_map(|r| r.pages.iter()) {
        worst_share = worst_share.min(m.rps / m.bare_rps);
        worst_p99 = worst_p99.max(m.p99_ms);
    }
    if let [small, large] = runs.as_slice() {
        println!();
        println!("## Growth, {} → {}", small.name, large.name);
        println!();
        println!(
            "| page | first views p50 ms | growth | under load p50 ms | growth | p99 ms | growth |"
        );
        println!("|---|---|---|---|---|---|---|");
        for (s, l) in small.pages.iter().zip(&large.pages) {
            let (sf, lf) = (percentile(&s.first, 0.5), percentile(&l.first, 0.5));
            println!(
                "| {} | {sf:.1} → {lf:.1} | {:.1}× | {:.2} → {:.2} | {:.1}× | {:.2} → {:.2} | \
                 {:.1}× |",
                s.name,
                growth(sf, lf),
                s.p50_ms,
                l.p50_ms,
                growth(s.p50_ms, l.p50_ms),
                s.p99_ms,
                l.p99_ms,
                growth(s.p99_ms, l.p99_ms)
            );
        }
        println!();
        println!("| read, alone | ms | growth |");
        println!("|---|---|---|");
        for ((step, s), (_, l)) in small.reads.iter().zip(&large.reads) {
            println!("| {step} | {s:.2} → {l:.2} | {:.1}× |", growth(*s, *l));
        }
    }
    println!();
    println!(
        "lowest share {:.1} %, highest p99 {:.2} ms (the technology directory's targets, \
         ≥ 10 % and < 50 ms: {})",
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

/// Measures the pages at the scale the database has now grown to.
#[allow(clippy::too_many_arguments)]
async fn measure(
    app: &TestApp,
    scale: &Scale,
    long: Uuid,
    probes: &[Probe],
    viewers: &[String],
    actor: &Actor,
    script: &Path,
    all_viewers: &Path,
) -> anyhow::Result<ScaleRun> {
    // First views: nothing kept yet for these viewers at this scale (growing announced a
    // change), so each reads the database.
    let mut cold: Vec<Vec<f64>> = vec![Vec::new(); probes.len()];
    for c in viewers {
        for (i, probe) in probes.iter().enumerate() {
            let t = Instant::now();
            let r = fetch(c, &app.url(&probe.path)).await?;
            let status = r.status();
            let body = r.text().await?;
            cold[i].push(t.elapsed().as_secs_f64() * 1000.0);
            ensure!(
                status == 200 && probe.holds(&body),
                "{}: {status}, marker or count of items missing",
                probe.name
            );
        }
    }

    // Where a first view's time goes: the reads the pages make, each timed alone (the
    // use-cases keep nothing; only the pages keep what they read, until the next write).
    let threads = &app.threads;
    let long_id = ThreadId::from_uuid(long);
    let middle = u32::try_from(LONG_THREAD_POSTS)?.div_ceil(POSTS_PAGE) / 2;
    let per_page = usize::try_from(POSTS_PAGE)?;
    let list_len = usize::try_from(THREADS_PAGE)?;
    let filter = ThreadFilter::default();
    let mut reads = Vec::new();
    println!();
    println!("| read (first view) | ms | found |");
    println!("|---|---|---|");
    for step in [
        "thread, page 1 (row, posts, links, tags, reactions)",
        "thread, middle page",
        "latest threads (pinned, then 30, with tags)",
        "categories (with their thread counts)",
    ] {
        let rounds = 10;
        let mut found = 0;
        let t = Instant::now();
        for _ in 0..rounds {
            let (n, want) = match step {
                "thread, middle page" => (
                    threads.thread(actor, long_id, middle).await?.posts.len(),
                    per_page,
                ),
                "latest threads (pinned, then 30, with tags)" => (
                    threads
                        .threads(actor, &filter, None, THREADS_PAGE)
                        .await?
                        .threads
                        .len(),
                    list_len,
                ),
                "categories (with their thread counts)" => {
                    let n = threads.categories(actor).await?.len();
                    (n, n.max(1))
                }
                _ => (
                    threads.thread(actor, long_id, 1).await?.posts.len(),
                    per_page,
                ),
            };
            ensure!(n == want, "{step}: {n} found, {want} expected");
            found = n;
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
        println!("| {step} | {ms:.2} | {found} |");
        reads.push((step, ms));
    }

    let mut bodies = Vec::new();
    for probe in probes {
        let r = fetch(&viewers[0], &app.url(&probe.path)).await?;
        ensure!(r.status() == 200, "{}: {}", probe.name, r.status());
        let content_type = r
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("text/html")
            .to_owned();
        let body = r.bytes().await?;
        ensure!(
            probe.holds(&String::from_utf8_lossy(&body)),
            "{} does not hold {} or {} × {}",
            probe.name,
            probe.marker,
            probe.items,
            probe.item
        );
        bodies.push((content_type, body));
    }
    let bare_base = bare_server(&bodies).await?;
    let before = fingerprint(app).await?;

    println!();
    println!(
        "| page | bytes | first views p50 / p99 ms | CivicLink req/s | p50 ms | p99 ms | bare req/s \
         | share | answers checked |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut pages = Vec::new();
    for (i, probe) in probes.iter().enumerate() {
        let len = bodies[i].1.len();
        let check = probe.check();
        let base = wrk(script, &format!("{bare_base}/{i}"), len, &check, None).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let ours = wrk(
            script,
            &app.url(&probe.path),
            len * 4 / 10,
            &check,
            Some(all_viewers),
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure!(ours.good > 0 && base.good > 0);
        let mut first = cold[i].clone();
        first.sort_by(f64::total_cmp);
        let m = Measured {
            name: probe.name.clone(),
            bytes: len,
            first,
            rps: ours.rps,
            p50_ms: ours.p50_ms,
            p99_ms: ours.p99_ms,
            bare_rps: base.rps,
            checked: ours.good + base.good,
        };
        println!(
            "| {} | {} | {:.1} / {:.1} | {:.0} | {:.2} | {:.2} | {:.0} | {:.1} % | {} |",
            m.name,
            m.bytes,
            percentile(&m.first, 0.5),
            percentile(&m.first, 0.99),
            m.rps,
            m.p50_ms,
            m.p99_ms,
            m.bare_rps,
            m.rps / m.bare_rps * 100.0,
            m.checked
        );
        pages.push(m);
    }
    println!();

    // The read positions the views noted are written in batches; the last batch is written
    // here (the service's own flush may be under way at the same moment, hence the retries).
    // Every viewer has read the long thread up to the middle page's last post, and no
    // further: a position moves only forward, and only through this flush.
    let read_to = i32::try_from(middle * POSTS_PAGE)?;
    let want = i64::try_from(viewers.len())?;
    let mut positions = (0, None, None);
    for _ in 0..20 {
        threads.flush_reads().await?;
        positions = read_positions(app, long).await?;
        if positions == (want, Some(read_to), Some(read_to)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    ensure!(
        positions == (want, Some(read_to), Some(read_to)),
        "read positions of the long thread: {positions:?}, expected {want} at {read_to}"
    );
    // Compared without `thread_reads` (see `fingerprint`): the flush above is its only writer.
    let after = fingerprint(app).await?;
    ensure!(before == after, "the page views wrote to the database");
    println!(
        "{}: sessions, outbox, rate limits and the threads' row counts unchanged by the run; \
         read positions written only by the batched flush",
        scale.name
    );
    Ok(ScaleRun {
        name: scale.name,
        pages,
        reads,
    })
}
