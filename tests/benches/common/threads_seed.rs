//! Grows the discussion threads to a benchmark's scale: threads in the categories every member
//! may see, each with its posts, written straight into the tables in batches (the use-cases
//! would take hours for a million posts, and their rules are not what is measured).
//! Deterministic: the same seed gives the same threads, titles, bodies, authors and times (the
//! ids' random bits differ from run to run).
//!
//! The rows are those the use-cases write. A thread's first post is number 1 and its replies
//! follow (2, 3, ...); `post_count` counts them all; every post has its first revision
//! (number 1); `html` is the body as `civiclink_markdown` renders it, each body template
//! rendered once. Post ids are UUID v7 in the order the posts were written, within a thread and
//! across threads, so a thread's `last_post_id` (the id of its latest post) orders the lists;
//! `created_at` is its first post's time, `last_posted_at` and `last_author_id` its latest
//! post's. A thread's author watches it, as opening one does; some threads carry tags and name
//! listings.
//!
//! Each call writes its threads before the history already there: the new posts end a minute
//! before the earliest existing post (the demo's, or an earlier call's), about one a minute. So
//! the demo's threads stay the latest, a thread written by an earlier call stays later than
//! every thread of the calls after it, and post ids keep increasing with time across all of
//! them.

use anyhow::{Context, ensure};
use civiclink_store::{Db, Tx, on_db, on_tx, sqlx};
use time::OffsetDateTime;
use uuid::{NoContext, Timestamp, Uuid};

/// Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters.
const BATCH: usize = 500;

/// Threads written per transaction.
const THREADS_PER_TX: usize = 500;

/// How many posts the long thread holds: twenty pages of fifty.
pub const LONG_THREAD_POSTS: usize = 1_000;

/// The long thread's title.
const LONG_TITLE: &str = "Our ERP migration, month by month";

/// Milliseconds from one post's slot to the next: each post falls somewhere in its own slot,
/// so no two posts share a millisecond and their v7 ids sort as their times do.
const STEP_MS: i64 = 60_000;

/// A thread in a list reaches at most this many times the average thread's weight.
const WEIGHT_MAX: f64 = 60.0;

/// What members write: short markdown, as in the demo's discussions.
const BODIES: [&str; 16] = [
    "We moved payroll to the vendor's hosted edition last spring. Two things we would do \
     again:\n\n- run payroll in parallel for **two** cycles\n- freeze custom reports a month \
     before cut-over",
    "Has anyone negotiated the per-seat price down at renewal? Our quote went up 18 % with no \
     change in scope.",
    "Short version: it works, but plan for the data clean-up. Our asset register had *4,000* \
     duplicates.",
    "> the export only runs nightly\n\nSame here. We call the API every hour instead; the vendor \
     confirmed that is within the terms.",
    "We publish our layers through the open data portal now. The \
     [guide we followed](https://example.org/open-data-guide) covers licensing too.",
    "For MFA on shared tablets we use hardware keys kept in the truck, one per crew. It took a \
     month for staff to get used to it.",
    "Our retention schedule is in the records bylaw; the system enforces it with \
     `retention_class` on each folder.",
    "Thanks, this is helpful. We are a small township (about 9,000 people) with one IT person, \
     so anything hosted is easier for us.",
    "We test restores every quarter and found the **immutable** copy was missing two file \
     shares. Worth checking yours.",
    "Procurement tip: the cooperative contract lets you skip a full tender under the threshold. \
     Ask your buying group.",
    "1. Inventory what you have\n2. Rank it by risk\n3. Replace the worst first\n\nThat order \
     kept council on side for us.",
    "+1. We saw the same after the last update; rolling back the connector fixed it until the \
     vendor's patch.",
    "Could you share the evaluation matrix you used? We are about to start the same process.",
    "Our help desk tickets dropped by a third once self-service password reset went live.",
    "We stream council meetings with captions now. The captions are automatic and about 90 % \
     accurate; the clerk corrects the archive.",
    "Agreed on training. We run a 30-minute session every month and record it for the people \
     on shifts.",
];

/// How a question's title starts.
const ASKING: [&str; 5] = [
    "How do you handle",
    "Has anyone replaced",
    "What do you budget for",
    "Who has experience with",
    "Any advice on",
];

/// How a discussion's title starts.
const TELLING: [&str; 5] = [
    "Lessons from",
    "Our experience with",
    "Notes on",
    "A year of",
    "How we approached",
];

/// What a title is about.
const TOPICS: [&str; 15] = [
    "the ERP upgrade",
    "Microsoft 365 licensing",
    "GIS web maps",
    "ransomware tabletop exercises",
    "records retention",
    "asset management software",
    "council meeting streaming",
    "the permitting portal",
    "MFA for field staff",
    "immutable backups",
    "the open data portal",
    "service desk tooling",
    "rural fibre",
    "website accessibility audits",
    "AI meeting notes",
];

/// Tags as `civiclink_threads::tag` writes them.
const TAGS: [&str; 14] = [
    "erp",
    "gis",
    "cybersecurity",
    "m365",
    "records",
    "procurement",
    "backups",
    "identity",
    "open-data",
    "service-desk",
    "networking",
    "accessibility",
    "cloud",
    "training",
];

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
}

/// What the threads are written from: the categories every member sees, the active members,
/// the published listings, and each body's rendered HTML.
struct World {
    categories: Vec<Uuid>,
    authors: Vec<Uuid>,
    listings: Vec<Uuid>,
    html: Vec<String>,
}

/// The times of the posts, in order: the next post falls in the next slot.
struct Clock {
    slot: i64,
}

impl Clock {
    /// The next post's time, in milliseconds since the Unix epoch.
    fn tick(&mut self, rng: &mut Rng) -> i64 {
        let at = self.slot + rng.below(usize::try_from(STEP_MS).unwrap_or(1)) as i64;
        self.slot += STEP_MS;
        at
    }
}

struct ThreadRow {
    id: Uuid,
    category: Uuid,
    kind: &'static str,
    title: String,
    author: Uuid,
    post_count: i32,
    accepted: Option<Uuid>,
    created_at: OffsetDateTime,
    last_posted_at: OffsetDateTime,
    last_post: Uuid,
    last_author: Uuid,
}

struct PostRow {
    id: Uuid,
    thread: Uuid,
    number: i32,
    author: Uuid,
    reply_to: Option<Uuid>,
    /// Its index in [`BODIES`].
    body: usize,
    at: OffsetDateTime,
}

/// The rows of a transaction's threads.
#[derive(Default)]
struct Block {
    threads: Vec<ThreadRow>,
    posts: Vec<PostRow>,
    tags: Vec<(Uuid, &'static str)>,
    listings: Vec<(Uuid, Uuid)>,
    /// Member and thread: its author watches each thread.
    watches: Vec<(Uuid, Uuid)>,
}

/// Counts of the threads' rows, to show the scale reached and to check that nothing was
/// written. `thread_reads` is left out: page views move it, through the batched flush.
pub async fn counts(db: &Db) -> anyhow::Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::new();
    for (name, sql) in [
        ("threads", "SELECT COUNT(*) FROM threads"),
        ("posts", "SELECT COUNT(*) FROM posts"),
        ("post revisions", "SELECT COUNT(*) FROM post_revisions"),
        ("thread tags", "SELECT COUNT(*) FROM thread_tags"),
        ("thread listings", "SELECT COUNT(*) FROM thread_listings"),
        ("thread watches", "SELECT COUNT(*) FROM thread_watches"),
        ("post reactions", "SELECT COUNT(*) FROM post_reactions"),
        ("thread bookmarks", "SELECT COUNT(*) FROM thread_bookmarks"),
    ] {
        let n: i64 = on_db!(db, p => sqlx::query_scalar(sql).fetch_one(p).await)
            .with_context(|| format!("count {name}"))?;
        out.push((name, n));
    }
    Ok(out)
}

/// Adds one discussion of exactly [`LONG_THREAD_POSTS`] posts, in the first category every
/// member sees, and returns its id. Written before the threads [`grow`] adds after it, it stays
/// later than all of them.
pub async fn long_thread(db: &Db, seed: u64) -> anyhow::Result<Uuid> {
    let mut rng = Rng(seed);
    let ids = write(db, &[LONG_THREAD_POSTS], Some(LONG_TITLE), &mut rng).await?;
    ids.first()
        .copied()
        .context("the long thread was not written")
}

/// Adds threads and posts until the tables hold `threads` threads and `posts` posts (the rows
/// already there count). Most threads are short and a few run long, as in life; each new thread
/// has one post at least.
pub async fn grow(db: &Db, threads: usize, posts: usize, seed: u64) -> anyhow::Result<()> {
    let have_threads: i64 =
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM threads").fetch_one(p).await)?;
    let have_posts: i64 =
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM posts").fetch_one(p).await)?;
    let add_threads = threads.saturating_sub(usize::try_from(have_threads).unwrap_or(0));
    if add_threads == 0 {
        return Ok(());
    }
    let add_posts = posts
        .saturating_sub(usize::try_from(have_posts).unwrap_or(0))
        .max(add_threads);
    let mut rng = Rng(seed);
    let sizes = spread(&mut rng, add_threads, add_posts);
    write(db, &sizes, None, &mut rng).await?;
    Ok(())
}

/// How many posts each of `threads` threads gets, `posts` in all (at least one each): a
/// heavy-tailed share, so that most threads have a few replies and some have hundreds.
fn spread(rng: &mut Rng, threads: usize, posts: usize) -> Vec<usize> {
    let extra = posts.saturating_sub(threads);
    let weights: Vec<f64> = (0..threads)
        .map(|_| (1.0 - rng.unit()).powf(-0.5).min(WEIGHT_MAX))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| 1 + (extra as f64 * w / total) as usize)
        .collect();
    // The shares were rounded down: the posts left over go one each to the first threads.
    let short = posts
        .max(threads)
        .saturating_sub(sizes.iter().sum::<usize>());
    for i in 0..short {
        if let Some(s) = sizes.get_mut(i % threads.max(1)) {
            *s += 1;
        }
    }
    sizes
}

/// Milliseconds since the Unix epoch.
fn millis(t: OffsetDateTime) -> anyhow::Result<i64> {
    Ok(i64::try_from(t.unix_timestamp_nanos() / 1_000_000)?)
}

/// The time `ms` milliseconds after the Unix epoch (whole milliseconds: already truncated to
/// the microseconds the service keeps).
fn time_at(ms: i64) -> anyhow::Result<OffsetDateTime> {
    Ok(OffsetDateTime::from_unix_timestamp_nanos(
        i128::from(ms) * 1_000_000,
    )?)
}

/// A UUID v7 of the time `ms` milliseconds after the Unix epoch.
fn v7_at(ms: i64) -> anyhow::Result<Uuid> {
    let secs = u64::try_from(ms.div_euclid(1_000))?;
    let nanos = u32::try_from(ms.rem_euclid(1_000) * 1_000_000)?;
    Ok(Uuid::new_v7(Timestamp::from_unix(NoContext, secs, nanos)))
}

async fn world(db: &Db) -> anyhow::Result<World> {
    let categories: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM categories WHERE association_id IS NULL AND NOT members_only \
         ORDER BY position, name_key"
    )
    .fetch_all(p)
    .await)?;
    ensure!(
        !categories.is_empty(),
        "no category every member sees: load the demo first"
    );
    let authors: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM member_facts WHERE status = 'active' ORDER BY email"
    )
    .fetch_all(p)
    .await)?;
    ensure!(!authors.is_empty(), "no active member to write posts");
    let listings: Vec<Uuid> = on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM listing_facts WHERE status = 'published' ORDER BY name_key"
    )
    .fetch_all(p)
    .await)?;
    Ok(World {
        categories,
        authors,
        listings,
        html: BODIES.into_iter().map(civiclink_markdown::render).collect(),
    })
}

/// Writes one thread for each of `sizes` (its number of posts), ending a minute before the
/// earliest post there is, and returns their ids in order. With `title`, every thread is a
/// discussion of that title in the first category.
async fn write(
    db: &Db,
    sizes: &[usize],
    title: Option<&str>,
    rng: &mut Rng,
) -> anyhow::Result<Vec<Uuid>> {
    let w = world(db).await?;
    let total: usize = sizes.iter().map(|s| (*s).max(1)).sum();
    let now = millis(civiclink_store::now())?;
    // Post ids are time-ordered: the lowest is the earliest post.
    let earliest: Option<OffsetDateTime> = on_db!(db, p => sqlx::query_scalar(
        "SELECT created_at FROM posts ORDER BY id LIMIT 1"
    )
    .fetch_optional(p)
    .await)?;
    let before = match earliest {
        Some(t) => millis(t)?.min(now),
        None => now,
    };
    let end = before - STEP_MS;
    let mut clock = Clock {
        slot: end - i64::try_from(total)? * STEP_MS,
    };
    let mut ids = Vec::with_capacity(sizes.len());
    for group in sizes.chunks(THREADS_PER_TX) {
        let mut block = Block::default();
        for size in group {
            ids.push(thread(&w, rng, &mut clock, *size, title, &mut block)?);
        }
        let mut tx = db.begin().await?;
        insert(&mut tx, &w, &block).await?;
        tx.commit().await?;
    }
    // Fresh statistics, as a running site has (SQLite's planner needs ANALYZE for them).
    on_db!(db, p => sqlx::query("ANALYZE").execute(p).await.map(|_| ())).context("analyze")?;
    // What pages kept in memory is out of date: these rows were written outside the use-cases.
    db.announce_change().await?;
    Ok(ids)
}

/// The rows of one thread of `size` posts, added to `out`; its id.
fn thread(
    w: &World,
    rng: &mut Rng,
    clock: &mut Clock,
    size: usize,
    title: Option<&str>,
    out: &mut Block,
) -> anyhow::Result<Uuid> {
    let size = size.max(1);
    let question = title.is_none() && rng.below(4) == 0;
    let category = match title {
        Some(_) => w.categories[0],
        None => w.categories[rng.below(w.categories.len())],
    };
    let title = match title {
        Some(t) => t.to_owned(),
        None if question => format!(
            "{} {}?",
            ASKING[rng.below(ASKING.len())],
            TOPICS[rng.below(TOPICS.len())]
        ),
        None => format!(
            "{} {}",
            TELLING[rng.below(TELLING.len())],
            TOPICS[rng.below(TOPICS.len())]
        ),
    };
    let author = w.authors[rng.below(w.authors.len())];
    // The thread and its first post, written at once.
    let at = clock.tick(rng);
    let thread_id = v7_at(at)?;
    let first = v7_at(at)?;
    let created_at = time_at(at)?;
    out.posts.push(PostRow {
        id: first,
        thread: thread_id,
        number: 1,
        author,
        reply_to: None,
        body: rng.below(BODIES.len()),
        at: created_at,
    });
    let mut posts: Vec<Uuid> = Vec::with_capacity(size);
    posts.push(first);
    let mut last_posted_at = created_at;
    let mut last_author = author;
    for number in 2..=size {
        let at = clock.tick(rng);
        let id = v7_at(at)?;
        let time = time_at(at)?;
        let by = w.authors[rng.below(w.authors.len())];
        // One reply in five answers an earlier reply (the first post is answered by replying).
        let reply_to = if number > 2 && rng.below(5) == 0 {
            Some(posts[1 + rng.below(number - 2)])
        } else {
            None
        };
        out.posts.push(PostRow {
            id,
            thread: thread_id,
            number: i32::try_from(number)?,
            author: by,
            reply_to,
            body: rng.below(BODIES.len()),
            at: time,
        });
        posts.push(id);
        last_posted_at = time;
        last_author = by;
    }
    let accepted = if question && size >= 2 && rng.below(2) == 0 {
        Some(posts[1 + rng.below(size - 1)])
    } else {
        None
    };
    for _ in 0..rng.below(4) {
        let tag = TAGS[rng.below(TAGS.len())];
        if !out.tags.contains(&(thread_id, tag)) {
            out.tags.push((thread_id, tag));
        }
    }
    if !w.listings.is_empty() && rng.below(5) < 2 {
        for _ in 0..1 + rng.below(2) {
            let listing = w.listings[rng.below(w.listings.len())];
            if !out.listings.contains(&(thread_id, listing)) {
                out.listings.push((thread_id, listing));
            }
        }
    }
    out.watches.push((author, thread_id));
    out.threads.push(ThreadRow {
        id: thread_id,
        category,
        kind: if question { "question" } else { "discussion" },
        title,
        author,
        post_count: i32::try_from(size)?,
        accepted,
        created_at,
        last_posted_at,
        last_post: *posts.last().context("a thread without posts")?,
        last_author,
    });
    Ok(thread_id)
}

/// Writes a block's rows in `tx`, threads first (posts and links name them), posts in the
/// order they were written (a reply names an earlier post). Columns with a default the
/// use-cases leave alone (a thread's slow mode) keep it.
async fn insert(tx: &mut Tx, w: &World, block: &Block) -> anyhow::Result<()> {
    for chunk in block.threads.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO threads (id, category_id, kind, title, author_id, post_count, \
                 accepted_post, locked, pinned, pinned_globally, created_at, last_posted_at, \
                 last_post_id, last_author_id) ",
            );
            q.push_values(chunk, |mut b, t| {
                b.push_bind(t.id)
                    .push_bind(t.category)
                    .push_bind(t.kind)
                    .push_bind(t.title.clone())
                    .push_bind(t.author)
                    .push_bind(t.post_count)
                    .push_bind(t.accepted)
                    .push_bind(false)
                    .push_bind(false)
                    .push_bind(false)
                    .push_bind(t.created_at)
                    .push_bind(t.last_posted_at)
                    .push_bind(t.last_post)
                    .push_bind(t.last_author);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert threads")?;
    }
    for chunk in block.posts.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO posts (id, thread_id, number, author_id, reply_to, body, html, \
                 revision, hidden, deleted, created_at, edited_at) ",
            );
            q.push_values(chunk, |mut b, p| {
                b.push_bind(p.id)
                    .push_bind(p.thread)
                    .push_bind(p.number)
                    .push_bind(p.author)
                    .push_bind(p.reply_to)
                    .push_bind(BODIES[p.body])
                    .push_bind(w.html[p.body].clone())
                    .push_bind(1_i32)
                    .push_bind(false)
                    .push_bind(false)
                    .push_bind(p.at)
                    .push_bind(None::<OffsetDateTime>);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert posts")?;
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO post_revisions (post_id, number, body, title, editor_id, reason, \
                 created_at) ",
            );
            q.push_values(chunk, |mut b, p| {
                b.push_bind(p.id)
                    .push_bind(1_i32)
                    .push_bind(BODIES[p.body])
                    .push_bind(None::<String>)
                    .push_bind(p.author)
                    .push_bind("")
                    .push_bind(p.at);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert post revisions")?;
    }
    for chunk in block.tags.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO thread_tags (thread_id, tag) ");
            q.push_values(chunk, |mut b, (t, tag)| {
                b.push_bind(*t).push_bind(*tag);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert thread tags")?;
    }
    for chunk in block.listings.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q =
                sqlx::QueryBuilder::new("INSERT INTO thread_listings (thread_id, listing_id) ");
            q.push_values(chunk, |mut b, (t, l)| {
                b.push_bind(*t).push_bind(*l);
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert thread listings")?;
    }
    for chunk in block.watches.chunks(BATCH) {
        on_tx!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO thread_watches (member_id, thread_id, level) ",
            );
            q.push_values(chunk, |mut b, (m, t)| {
                b.push_bind(*m).push_bind(*t).push_bind("watching");
            });
            q.build().execute(&mut *c).await.map(|_| ())
        })
        .context("insert thread watches")?;
    }
    Ok(())
}
