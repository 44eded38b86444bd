//! Read caches: never stale in the process that wrote, stale in another only until its
//! notification arrives, and not trusted at all while nothing listens for other processes.

#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, ReadCache, StoreError, execute, execute_db, on_db};
use uuid::Uuid;

type TestResult = Result<(), Box<dyn std::error::Error>>;

async fn fresh(backend: TestBackend) -> Option<(TestDatabase, Db)> {
    let tdb = TestDatabase::fresh(backend).await?;
    let db = tdb
        .connect()
        .await
        .expect("connect to and migrate the test database");
    Some((tdb, db))
}

/// A fresh database with the test table, and its listener, once caches are trusted.
async fn listening(
    backend: TestBackend,
) -> Result<Option<(TestDatabase, Db, tokio::task::JoinHandle<()>)>, Box<dyn std::error::Error>> {
    let Some((tdb, db)) = fresh(backend).await else {
        return Ok(None);
    };
    create_table(&db).await?;
    let listener = {
        let outbox = db.outbox();
        tokio::spawn(async move { outbox.listen().await })
    };
    wait_until(|| db.caches_trusted()).await?;
    Ok(Some((tdb, db, listener)))
}

async fn create_table(db: &Db) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    execute!(
        tx,
        sqlx::query("CREATE TABLE test_values (k BIGINT PRIMARY KEY, v TEXT NOT NULL)")
    )?;
    execute!(
        tx,
        sqlx::query("INSERT INTO test_values (k, v) VALUES (1, 'first')")
    )?;
    tx.commit().await
}

/// Writes `v` in a transaction, with an event appended or not.
async fn write(db: &Db, v: &str, with_event: bool) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    execute!(
        tx,
        sqlx::query("UPDATE test_values SET v = $1 WHERE k = 1").bind(v)
    )?;
    if with_event {
        tx.append(
            "test.written",
            Uuid::now_v7(),
            &serde_json::json!({ "v": v }),
        )
        .await?;
    }
    tx.commit().await
}

/// Reads through the cache, counting the reads that reached the database.
async fn read(
    db: &Db,
    cache: &ReadCache<i64, String>,
    loads: &AtomicUsize,
) -> Result<String, StoreError> {
    cache
        .get_or_load(&1, || async {
            loads.fetch_add(1, Ordering::SeqCst);
            on_db!(db, p => sqlx::query_scalar::<_, String>("SELECT v FROM test_values WHERE k = 1")
                .fetch_one(p)
                .await)
            .map_err(StoreError::from)
        })
        .await
}

async fn a_commit_puts_the_cache_out_of_date(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, listener)) = listening(backend).await? else {
        return Ok(());
    };
    let cache = db.read_cache::<i64, String>(16);
    let loads = AtomicUsize::new(0);
    assert_eq!(read(&db, &cache, &loads).await?, "first");
    assert_eq!(read(&db, &cache, &loads).await?, "first");
    assert_eq!(
        loads.load(Ordering::SeqCst),
        1,
        "the second read is served from memory"
    );
    for (i, with_event) in [false, true].into_iter().enumerate() {
        let v = format!("second {i}");
        write(&db, &v, with_event).await?;
        // No waiting: the commit itself put the cache out of date in this process.
        assert_eq!(read(&db, &cache, &loads).await?, v);
    }
    assert_eq!(loads.load(Ordering::SeqCst), 3);
    listener.abort();
    Ok(())
}

/// A write that commits while a read is under way: the value the read returns may be the old
/// one, but it is not kept as current.
async fn a_write_during_a_read_is_not_hidden(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, listener)) = listening(backend).await? else {
        return Ok(());
    };
    let cache = db.read_cache::<i64, String>(16);
    let old = cache
        .get_or_load(&1, || async {
            let old: String = on_db!(db, p => sqlx::query_scalar("SELECT v FROM test_values WHERE k = 1")
                .fetch_one(p)
                .await)?;
            write(&db, "during", false).await?;
            Ok::<_, StoreError>(old)
        })
        .await?;
    assert_eq!(old, "first");
    let loads = AtomicUsize::new(0);
    assert_eq!(read(&db, &cache, &loads).await?, "during");
    assert_eq!(loads.load(Ordering::SeqCst), 1);
    listener.abort();
    Ok(())
}

/// `get_or_load_found` keeps what it found and nothing for a key that matched nothing; a write
/// made outside a `Tx` and announced (as the session store does) puts the cache out of date.
async fn absences_are_not_kept_and_announced_writes_count(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, listener)) = listening(backend).await? else {
        return Ok(());
    };
    let cache = db.read_cache::<i64, String>(16);
    let loads = AtomicUsize::new(0);
    let find = |k: i64| {
        let (db, cache, loads) = (&db, &cache, &loads);
        async move {
            cache
                .get_or_load_found(&k, || async {
                    loads.fetch_add(1, Ordering::SeqCst);
                    on_db!(db, p => sqlx::query_scalar::<_, String>("SELECT v FROM test_values WHERE k = $1")
                        .bind(k)
                        .fetch_optional(p)
                        .await)
                    .map_err(StoreError::from)
                })
                .await
        }
    };
    assert_eq!(find(2).await?, None);
    assert_eq!(find(2).await?, None);
    assert_eq!(loads.load(Ordering::SeqCst), 2, "an absence is read again");
    assert!(cache.is_empty(), "and takes no room");
    assert_eq!(find(1).await?.as_deref(), Some("first"));
    assert_eq!(find(1).await?.as_deref(), Some("first"));
    assert_eq!(loads.load(Ordering::SeqCst), 3, "a value found is kept");

    // A write by a library with its own queries, outside any Tx, then announced.
    execute_db!(
        db,
        sqlx::query("UPDATE test_values SET v = 'announced' WHERE k = 1")
    )?;
    db.announce_change().await?;
    assert_eq!(find(1).await?.as_deref(), Some("announced"));
    listener.abort();
    Ok(())
}

#[tokio::test]
async fn sqlite_absences_are_not_kept_and_announced_writes_count() -> TestResult {
    absences_are_not_kept_and_announced_writes_count(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_absences_are_not_kept_and_announced_writes_count() -> TestResult {
    absences_are_not_kept_and_announced_writes_count(TestBackend::Postgres).await
}

async fn wait_until(mut ready: impl FnMut() -> bool) -> TestResult {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while !ready() {
        if tokio::time::Instant::now() > deadline {
            return Err("not ready within 15 s".into());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

#[tokio::test]
async fn sqlite_a_commit_puts_the_cache_out_of_date() -> TestResult {
    a_commit_puts_the_cache_out_of_date(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_a_commit_puts_the_cache_out_of_date() -> TestResult {
    a_commit_puts_the_cache_out_of_date(TestBackend::Postgres).await
}
#[tokio::test]
async fn sqlite_a_write_during_a_read_is_not_hidden() -> TestResult {
    a_write_during_a_read_is_not_hidden(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_a_write_during_a_read_is_not_hidden() -> TestResult {
    a_write_during_a_read_is_not_hidden(TestBackend::Postgres).await
}

/// PostgreSQL: another process's commit (another pool), with or without an event, reaches
/// this process's cache through NOTIFY. Before the listener listens, and after its connection
/// is cut, nothing is served from memory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_other_processes_writes_reach_the_cache() -> TestResult {
    let Some((tdb, db)) = fresh(TestBackend::Postgres).await else {
        return Ok(());
    };
    create_table(&db).await?;
    let other = tdb.connect().await?;
    let cache = db.read_cache::<i64, String>(16);
    let loads = Arc::new(AtomicUsize::new(0));
    assert!(!db.caches_trusted(), "nothing listens yet");
    read(&db, &cache, &loads).await?;
    read(&db, &cache, &loads).await?;
    assert_eq!(
        loads.load(Ordering::SeqCst),
        2,
        "without a listener every read goes to the database"
    );

    let listener = {
        let outbox = db.outbox();
        tokio::spawn(async move { outbox.listen().await })
    };
    wait_until(|| db.caches_trusted()).await?;
    for (i, with_event) in [false, true].into_iter().enumerate() {
        assert_ne!(read(&db, &cache, &loads).await?, format!("elsewhere {i}"));
        let before = loads.load(Ordering::SeqCst);
        read(&db, &cache, &loads).await?;
        assert_eq!(loads.load(Ordering::SeqCst), before, "served from memory");
        write(&other, &format!("elsewhere {i}"), with_event).await?;
        // The notification arrives in its own time: wait for the value, with a deadline.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while read(&db, &cache, &loads).await? != format!("elsewhere {i}") {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the other process's write never arrived"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    // The listener's connection is cut: the cache stops being trusted until it is back.
    let cut: i64 = on_db!(other, p => sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(p)
    .await)?;
    assert!(cut >= 1, "found the listener's connection");
    wait_until(|| !db.caches_trusted()).await?;
    wait_until(|| db.caches_trusted()).await?;
    listener.abort();
    Ok(())
}
