//! Directory and suggestion latency at 1k and at 100k members, side by side.
//!
//! Seeds a fresh SQLite database (and a fresh PostgreSQL database when
//! `CIVICLINK_TEST_DATABASE_URL` is set) straight through SQL in big transactions, then times
//! (a) a name-prefix search, (b) a region filter sorted by name (first page and a deep keyset
//! page) and (c) people you may know, and prints p50/p99 per size.
//!
//! Run: `cargo bench -p civiclink-people --bench directory` (sizes can be changed with
//! `CIVICLINK_BENCH_SIZES=1000,100000`). While iterating, `CIVICLINK_BENCH_BACKENDS=sqlite` (or
//! `postgres`) runs one backend and `CIVICLINK_BENCH_ONLY=suggestions` (or `directory`) one
//! kind of query. Not part of `cargo test`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use civiclink_domain::{AssociationId, ExpertiseTag, MemberId, OrgId, text};
use civiclink_people::{DirectoryFilter, People};
use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, Tx, execute, execute_db, on_tx};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use time::OffsetDateTime;

const FIRST: [&str; 40] = [
    "Ada",
    "Alexandre",
    "Amélie",
    "Anna",
    "Aroha",
    "Ben",
    "Camille",
    "Chloé",
    "Daniel",
    "David",
    "Élodie",
    "Emma",
    "Ethan",
    "François",
    "Gabriel",
    "Geneviève",
    "Hana",
    "Isabelle",
    "Jack",
    "Jean",
    "Kiri",
    "Léa",
    "Liam",
    "Louis",
    "Maria",
    "Mathieu",
    "Mia",
    "Noah",
    "Olivia",
    "Oscar",
    "Priya",
    "Raphaël",
    "Rāwiri",
    "Sarah",
    "Sophie",
    "Tama",
    "Thomas",
    "Wei",
    "William",
    "Zoé",
];
const LAST: [&str; 60] = [
    "Anderson",
    "Bélanger",
    "Bouchard",
    "Brown",
    "Campbell",
    "Chen",
    "Clark",
    "Côté",
    "Davies",
    "Dubois",
    "Fortin",
    "Gagnon",
    "Gauthier",
    "Girard",
    "Harris",
    "Henare",
    "Kaur",
    "Kelly",
    "Khan",
    "Lavoie",
    "Leblanc",
    "Lee",
    "Lefebvre",
    "Martin",
    "Morin",
    "Murphy",
    "Ngata",
    "Nguyen",
    "Ouellet",
    "Parata",
    "Patel",
    "Pelletier",
    "Poirier",
    "Roy",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Tremblay",
    "Walker",
    "Wang",
    "White",
    "Williams",
    "Wilson",
    "Wong",
    "Young",
    "Zhang",
    "MacDonald",
    "O'Brien",
    "Boucher",
    "Caron",
    "Cloutier",
    "Desjardins",
    "Fraser",
    "Grant",
    "Hébert",
    "Lambert",
    "Mercier",
    "Nadeau",
    "Paquette",
];

enum V {
    Member(MemberId),
    Org(OrgId),
    Assoc(AssociationId),
    Text(String),
    Int(i64),
    Bool(bool),
    Time(OffsetDateTime),
}

/// Inserts `rows` into `table (cols)` with multi-row VALUES, `batch` rows per statement.
async fn insert(tx: &mut Tx, table: &str, cols: &str, rows: Vec<Vec<V>>, suffix: &str) {
    let width = cols.split(',').count();
    // About 3,000 values per statement: binding looks each placeholder up by name in a list
    // (SQLite's `sqlite3_bind_parameter_name`), so the cost per statement grows with its square.
    let batch = 3_000 / width;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<V>> = rows.by_ref().take(batch).collect();
        let mut n = 0;
        let values: Vec<String> = chunk
            .iter()
            .map(|_| {
                let marks: Vec<String> = (0..width)
                    .map(|_| {
                        n += 1;
                        format!("${n}")
                    })
                    .collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({cols}) VALUES {} {suffix}",
            values.join(", ")
        );
        on_tx!(tx, c => {
            let mut q = sqlx::query(&sql);
            for row in &chunk {
                for v in row {
                    q = match v {
                        V::Member(m) => q.bind(*m),
                        V::Org(o) => q.bind(*o),
                        V::Assoc(a) => q.bind(*a),
                        V::Text(s) => q.bind(s.clone()),
                        V::Int(i) => q.bind(*i),
                        V::Bool(b) => q.bind(*b),
                        V::Time(t) => q.bind(*t),
                    };
                }
            }
            q.execute(&mut *c).await.map(|r| r.rows_affected())
        })
        .expect("bulk insert");
    }
}

async fn exec(tx: &mut Tx, sql: &str) {
    execute!(tx, sqlx::query(sql)).expect("bench statement");
}

struct Seeded {
    members: Vec<MemberId>,
    regions: Vec<(String, String)>,
}

async fn seed(db: &Db, members: usize, rng: &mut StdRng) -> Seeded {
    let t0 = civiclink_store::now();
    let orgs = (members / 20).clamp(50, 5_000);
    let regions: Vec<(String, String)> = (0..50)
        .map(|i| {
            let country = if i < 35 { "CA" } else { "NZ" };
            (format!("Region {i:02}"), country.to_owned())
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    let assoc = AssociationId::new();
    insert(
        &mut tx,
        "associations",
        "id, name, short_name, country, created_at",
        vec![vec![
            V::Assoc(assoc),
            V::Text("MISA".into()),
            V::Text("MISA".into()),
            V::Text("CA".into()),
            V::Time(t0),
        ]],
        "",
    )
    .await;
    let org_ids: Vec<OrgId> = (0..orgs).map(|_| OrgId::new()).collect();
    let org_region: Vec<usize> = (0..orgs)
        .map(|_| rng.random_range(0..regions.len()))
        .collect();
    insert(
        &mut tx,
        "organizations",
        "id, association_id, name, kind, region, country, population, created_at",
        org_ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let (region, country) = &regions[org_region[i]];
                let population: i64 = 10_i64.pow(rng.random_range(3..7)) * rng.random_range(1..10);
                vec![
                    V::Org(*id),
                    V::Assoc(assoc),
                    V::Text(format!("{} {i}", LAST.choose(rng).unwrap())),
                    V::Text(
                        if i % 10 == 0 {
                            "vendor"
                        } else {
                            "municipality"
                        }
                        .into(),
                    ),
                    V::Text(region.clone()),
                    V::Text(country.clone()),
                    V::Int(population),
                    V::Time(t0),
                ]
            })
            .collect(),
        "",
    )
    .await;
    let ids: Vec<MemberId> = (0..members).map(|_| MemberId::new()).collect();
    let names: Vec<String> = (0..members)
        .map(|_| {
            format!(
                "{} {}",
                FIRST.choose(rng).unwrap(),
                LAST.choose(rng).unwrap()
            )
        })
        .collect();
    let mut member_rows = Vec::with_capacity(members);
    let mut profile_rows = Vec::with_capacity(members);
    let mut token_rows = Vec::new();
    let mut prefix_rows = Vec::new();
    let mut tag_rows = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let org_index = rng.random_range(0..orgs);
        let org = org_ids[org_index];
        let (region, country) = &regions[org_region[org_index]];
        member_rows.push(vec![
            V::Member(*id),
            V::Text(format!("m{i}@bench.test")),
            V::Text(names[i].clone()),
            V::Text("x".into()),
            V::Assoc(assoc),
            V::Org(org),
            V::Text(if i % 50 == 0 { "moderator" } else { "member" }.into()),
            V::Text(if i % 97 == 0 { "suspended" } else { "active" }.into()),
            V::Time(t0),
            V::Time(t0),
        ]);
        let active = t0 - Duration::from_secs(rng.random_range(0..365 * 86_400));
        profile_rows.push(vec![
            V::Member(*id),
            V::Text(format!("member-{i}")),
            V::Text(text::fold(&names[i])),
            V::Bool(i % 31 != 0),
            V::Time(active),
            V::Time(t0),
            V::Text(region.clone()),
            V::Text(country.clone()),
        ]);
        // What the profile sync writes: each word, and each prefix of each word (at most 16
        // characters) with the sort name.
        let mut prefixes = std::collections::BTreeSet::new();
        for tok in text::tokens(&names[i]) {
            let chars: Vec<char> = tok.chars().take(16).collect();
            for n in 1..=chars.len() {
                prefixes.insert(chars[..n].iter().collect::<String>());
            }
            token_rows.push(vec![V::Text(tok), V::Member(*id)]);
        }
        for prefix in prefixes {
            prefix_rows.push(vec![
                V::Text(prefix),
                V::Text(text::fold(&names[i])),
                V::Member(*id),
            ]);
        }
        let mut tags = ExpertiseTag::CURATED.to_vec();
        tags.shuffle(rng);
        for tag in tags.into_iter().take(3) {
            tag_rows.push(vec![V::Member(*id), V::Text(tag.into()), V::Bool(true)]);
        }
    }
    insert(
        &mut tx,
        "members",
        "id, email, display_name, password_hash, association_id, org_id, role, status, created_at, updated_at",
        member_rows,
        "",
    )
    .await;
    insert(
        &mut tx,
        "profiles",
        "member_id, handle, sort_name, in_directory, last_active_at, updated_at, region, country",
        profile_rows,
        "",
    )
    .await;
    insert(
        &mut tx,
        "member_name_tokens",
        "token, member_id",
        token_rows,
        "ON CONFLICT DO NOTHING",
    )
    .await;
    // About twelve prefix rows per member: inserted in key order, with the member index built
    // afterwards (as migration 0009 defines it), or random index inserts thrash SQLite's cache
    // for many minutes.
    prefix_rows.sort_by(|x, y| match (&x[..], &y[..]) {
        ([V::Text(p1), V::Text(s1), V::Member(m1)], [V::Text(p2), V::Text(s2), V::Member(m2)]) => {
            (p1, s1, m1).cmp(&(p2, s2, m2))
        }
        _ => std::cmp::Ordering::Equal,
    });
    exec(&mut tx, "DROP INDEX member_name_prefixes_member_idx").await;
    insert(
        &mut tx,
        "member_name_prefixes",
        "prefix, sort_name, member_id",
        prefix_rows,
        "",
    )
    .await;
    exec(
        &mut tx,
        "CREATE INDEX member_name_prefixes_member_idx ON member_name_prefixes (member_id)",
    )
    .await;
    insert(
        &mut tx,
        "member_expertise",
        "member_id, tag, curated",
        tag_rows,
        "",
    )
    .await;
    // About ten connections each: five made by each member, mostly accepted.
    let mut pairs = std::collections::HashSet::new();
    let mut conn_rows = Vec::new();
    for i in 0..members {
        for _ in 0..5 {
            let j = rng.random_range(0..members);
            if i == j {
                continue;
            }
            let (a, b) = if ids[i] < ids[j] {
                (ids[i], ids[j])
            } else {
                (ids[j], ids[i])
            };
            if pairs.insert((a, b)) {
                let status = if rng.random_range(0..10) == 0 {
                    "pending"
                } else {
                    "accepted"
                };
                conn_rows.push(vec![
                    V::Member(a),
                    V::Member(b),
                    V::Member(ids[i]),
                    V::Text(status.into()),
                    V::Time(t0),
                ]);
            }
        }
    }
    insert(
        &mut tx,
        "connections",
        "member_a, member_b, requested_by, status, created_at",
        conn_rows,
        "",
    )
    .await;
    tx.commit().await.unwrap();
    // Fresh statistics, as a running site has (SQLite needs ANALYZE for its planner).
    execute_db!(db, sqlx::query("ANALYZE")).unwrap();
    Seeded {
        members: ids,
        regions,
    }
}

fn pct(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |p: f64| {
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i].as_secs_f64() * 1_000.0
    };
    (at(0.50), at(0.99))
}

async fn time<F, Fut>(n: usize, mut f: F) -> (f64, f64)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i).await;
        out.push(t.elapsed());
    }
    pct(out)
}

async fn run(backend: TestBackend, size: usize) -> Option<Vec<(&'static str, (f64, f64))>> {
    let tdb = TestDatabase::fresh(backend).await?;
    let db = tdb.connect().await.unwrap();
    let mut rng = StdRng::seed_from_u64(42);
    let started = Instant::now();
    let seeded = seed(&db, size, &mut rng).await;
    eprintln!(
        "{backend} {size}: seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let people = People::new(db.clone());
    let viewers: Vec<MemberId> = (0..200)
        .map(|_| *seeded.members.choose(&mut rng).unwrap())
        .collect();
    let prefixes: Vec<String> = (0..200)
        .map(|_| {
            let w = if rng.random_bool(0.5) {
                FIRST.choose(&mut rng)
            } else {
                LAST.choose(&mut rng)
            };
            text::fold(w.unwrap()).chars().take(3).collect()
        })
        .collect();
    let regions: Vec<(String, String)> = (0..200)
        .map(|_| seeded.regions.choose(&mut rng).unwrap().clone())
        .collect();
    let mut results = Vec::new();
    let only = std::env::var("CIVICLINK_BENCH_ONLY").unwrap_or_default();

    let (p, v) = (&people, &viewers);
    if only != "suggestions" {
        results.push((
            "name prefix, first page",
            time(200, |i| {
                let f = DirectoryFilter {
                    name_words: vec![prefixes[i].clone()],
                    ..Default::default()
                };
                async move {
                    p.directory(v[i], &f, 20, None).await.unwrap();
                }
            })
            .await,
        ));
        results.push((
            "region + sort by name, first page",
            time(200, |i| {
                let f = DirectoryFilter {
                    region: Some(regions[i].0.clone()),
                    country: Some(regions[i].1.clone()),
                    ..Default::default()
                };
                async move {
                    p.directory(v[i], &f, 20, None).await.unwrap();
                }
            })
            .await,
        ));
        // A deep page: the cursor halfway through one region's members.
        let deep_filter = DirectoryFilter {
            region: Some(seeded.regions[0].0.clone()),
            country: Some(seeded.regions[0].1.clone()),
            ..Default::default()
        };
        // Every size is timed with a cursor: a region holds ~20 members at 1k, so there the
        // cursor is taken after the first 10 (a query without one is the first page's case).
        let total_pages = size / 50 / 20;
        let mut cursor = people
            .directory(viewers[0], &deep_filter, 10, None)
            .await
            .unwrap()
            .next;
        for _ in 1..total_pages / 2 {
            let page = people
                .directory(viewers[0], &deep_filter, 20, cursor.as_deref())
                .await
                .unwrap();
            match page.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert!(cursor.is_some(), "the deep page needs a cursor");
        let (df, dc) = (&deep_filter, &cursor);
        results.push((
            "region + sort by name, deep page",
            time(200, |i| async move {
                p.directory(v[i], df, 20, dc.as_deref()).await.unwrap();
            })
            .await,
        ));
    }
    if only != "directory" {
        results.push((
            "people you may know",
            time(100, |i| async move {
                p.suggestions(v[i], 20).await.unwrap();
            })
            .await,
        ));
    }
    db.close().await;
    if std::env::var("CIVICLINK_BENCH_KEEP").is_ok() {
        eprintln!("kept {}", tdb.url);
        std::mem::forget(tdb);
    }
    Some(results)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let sizes: Vec<usize> = std::env::var("CIVICLINK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 100_000]);
    let backends = std::env::var("CIVICLINK_BENCH_BACKENDS").unwrap_or_default();
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        if !backends.is_empty() && !backends.split(',').any(|b| b.trim() == backend.to_string()) {
            continue;
        }
        let mut columns = Vec::new();
        for &size in &sizes {
            match run(backend, size).await {
                Some(r) => columns.push((size, r)),
                None => break,
            }
        }
        if columns.is_empty() {
            continue;
        }
        println!("\n{backend}: p50 / p99 in ms");
        let header: Vec<String> = columns
            .iter()
            .map(|(s, _)| format!("{s:>8} members"))
            .collect();
        println!("{:<36} {}", "query", header.join("   "));
        for row in 0..columns[0].1.len() {
            let cells: Vec<String> = columns
                .iter()
                .map(|(_, r)| format!("{:>7.2} / {:>7.2}", r[row].1.0, r[row].1.1))
                .collect();
            println!("{:<36} {}", columns[0].1[row].0, cells.join("   "));
        }
    }
}
