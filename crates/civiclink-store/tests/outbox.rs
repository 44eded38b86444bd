//! The outbox's promises, on both backends: no committed event skipped or delivered twice
//! across a restart, rolled-back events never seen, and (PostgreSQL) no skip when concurrent
//! transactions commit out of position order.

#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, StoreError, execute};
use uuid::Uuid;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A fresh, migrated database: `None` only when the backend does not run here (never in CI,
/// see [`TestBackend::available`]); a database that cannot be reached or migrated fails.
async fn fresh(backend: TestBackend) -> Option<(TestDatabase, Db)> {
    let tdb = TestDatabase::fresh(backend).await?;
    let db = tdb
        .connect()
        .await
        .expect("connect to and migrate the test database");
    Some((tdb, db))
}

async fn append_committed(db: &Db, n: usize, tag: &str) -> Result<Vec<i64>, StoreError> {
    let mut positions = Vec::new();
    for i in 0..n {
        let mut tx = db.begin().await?;
        positions.push(
            tx.append(
                "test.appended",
                Uuid::now_v7(),
                &serde_json::json!({ "tag": tag, "i": i }),
            )
            .await?,
        );
        tx.commit().await?;
    }
    Ok(positions)
}

/// A consumer whose only effect is a row per delivered event in the consumer's transaction, so
/// "delivered twice" shows up as a duplicate row.
async fn deliveries(db: &Db) -> Result<BTreeMap<i64, i64>, StoreError> {
    let rows: Vec<(i64, i64)> = civiclink_store::on_db!(db, p => sqlx::query_as(
        "SELECT position, COUNT(*) FROM test_deliveries GROUP BY position ORDER BY position",
    )
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().collect())
}

async fn create_deliveries_table(db: &Db) -> Result<(), StoreError> {
    let mut tx = db.begin().await?;
    execute!(
        tx,
        sqlx::query("CREATE TABLE test_deliveries (position BIGINT NOT NULL)")
    )?;
    tx.commit().await
}

async fn consume(db: &Db, consumer: &str, limit: i64) -> Result<usize, StoreError> {
    db.outbox()
        .process_batch(consumer, limit, |tx, events| {
            Box::pin(async move {
                for e in events {
                    execute!(
                        tx,
                        sqlx::query("INSERT INTO test_deliveries (position) VALUES ($1)")
                            .bind(e.position)
                    )?;
                }
                Ok::<(), StoreError>(())
            })
        })
        .await
}

async fn no_skip_no_duplicate_across_restart(backend: TestBackend) -> TestResult {
    let Some((tdb, db)) = fresh(backend).await else {
        return Ok(());
    };
    create_deliveries_table(&db).await?;
    let first = append_committed(&db, 7, "before").await?;

    // Handle part of the backlog, then fail a batch: its effects and cursor move must vanish.
    assert_eq!(consume(&db, "c1", 3).await?, 3);
    let failed = db
        .outbox()
        .process_batch("c1", 2, |tx, events| {
            Box::pin(async move {
                for e in events {
                    execute!(
                        tx,
                        sqlx::query("INSERT INTO test_deliveries (position) VALUES ($1)")
                            .bind(e.position)
                    )?;
                }
                Err::<(), StoreError>(StoreError::Corrupt("handler failed".into()))
            })
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(db.outbox().cursor("c1").await?, first[2]);

    // "Restart": close every connection and open the database again.
    db.close().await;
    let db = tdb.connect().await?;
    let second = append_committed(&db, 4, "after").await?;
    while consume(&db, "c1", 2).await? > 0 {}

    let delivered = deliveries(&db).await?;
    let expected: Vec<i64> = first.iter().chain(&second).copied().collect();
    assert_eq!(delivered.keys().copied().collect::<Vec<_>>(), expected);
    assert!(
        delivered.values().all(|&n| n == 1),
        "duplicates: {delivered:?}"
    );
    assert_eq!(
        db.outbox().cursor("c1").await?,
        *expected.last().unwrap_or(&0)
    );
    // A second consumer has its own cursor and sees everything from the start.
    assert_eq!(db.outbox().cursor("c2").await?, 0);
    assert_eq!(db.outbox().read_after(0, 100).await?.len(), expected.len());
    Ok(())
}

async fn rolled_back_events_are_never_seen(backend: TestBackend) -> TestResult {
    let Some((_tdb, db)) = fresh(backend).await else {
        return Ok(());
    };
    append_committed(&db, 1, "kept").await?;
    let mut tx = db.begin().await?;
    tx.append("test.rolled_back", Uuid::now_v7(), &serde_json::json!({}))
        .await?;
    tx.rollback().await?;
    {
        // Dropped without commit: also a rollback.
        let mut tx = db.begin().await?;
        tx.append("test.dropped", Uuid::now_v7(), &serde_json::json!({}))
            .await?;
    }
    append_committed(&db, 1, "kept").await?;
    let events = db.outbox().read_after(0, 100).await?;
    assert_eq!(events.len(), 2);
    assert!(events.iter().all(|e| e.kind == "test.appended"));
    assert!(events[0].position < events[1].position);
    assert_eq!(events[1].payload["tag"], "kept");
    Ok(())
}

/// A commit that appended an event notifies the waiters registered before it. Registered and
/// enabled in the test itself, so it cannot register too late.
async fn a_commit_wakes_waiters(backend: TestBackend) -> TestResult {
    let Some((_tdb, db)) = fresh(backend).await else {
        return Ok(());
    };
    let notified = db.wake().notified();
    tokio::pin!(notified);
    notified.as_mut().enable();
    append_committed(&db, 1, "wake").await?;
    tokio::time::timeout(Duration::from_secs(10), notified)
        .await
        .map_err(|_| "the commit woke nobody")?;
    // A transaction that appended nothing wakes no one.
    let quiet = db.wake().notified();
    tokio::pin!(quiet);
    quiet.as_mut().enable();
    let tx = db.begin().await?;
    tx.commit().await?;
    assert!(
        tokio::time::timeout(Duration::from_millis(50), quiet)
            .await
            .is_err()
    );
    Ok(())
}

/// A follower with a poll interval far beyond the test's deadline delivers events appended
/// after it caught up: it first handles a primer event and commits its cursor, so the events
/// below are not read in its first batch. (A commit that lands while it is between batches is
/// read by its next batch directly; that the wake-up itself fires is proven without that race
/// by `a_commit_wakes_waiters` and, across processes, `postgres_notify_wakes_other_processes`.)
async fn followers_wake_on_commit(backend: TestBackend) -> TestResult {
    let Some((_tdb, db)) = fresh(backend).await else {
        return Ok(());
    };
    let (send, mut recv) = tokio::sync::mpsc::unbounded_channel();
    let follower_db = db.clone();
    let primer = append_committed(&db, 1, "primer").await?[0];
    let task = tokio::spawn(async move {
        follower_db
            .outbox()
            .follow("wake", 10, Duration::from_secs(600), |_tx, events| {
                for e in events {
                    let _ = send.send(e.position);
                }
                Box::pin(async { Ok::<(), StoreError>(()) })
            })
            .await;
    });
    let first = tokio::time::timeout(Duration::from_secs(10), recv.recv())
        .await?
        .ok_or("follower stopped")?;
    assert_eq!(first, primer);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while db.outbox().cursor("wake").await? != primer {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the primer's batch never committed"
        );
        tokio::task::yield_now().await;
    }
    let positions = append_committed(&db, 3, "wake").await?;
    let mut got = Vec::new();
    while got.len() < 3 {
        let p = tokio::time::timeout(Duration::from_secs(10), recv.recv())
            .await?
            .ok_or("follower stopped")?;
        got.push(p);
    }
    task.abort();
    assert_eq!(got, positions);
    Ok(())
}

/// PostgreSQL: a commit through one pool (one process) wakes the followers of another through
/// LISTEN/NOTIFY. The listener connects in the background, so the commit is repeated until
/// the wake-up arrives, within a deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_notify_wakes_other_processes() -> TestResult {
    let Some((tdb, db)) = fresh(TestBackend::Postgres).await else {
        return Ok(());
    };
    let other = tdb.connect().await?;
    let listener = {
        let outbox = other.outbox();
        tokio::spawn(async move { outbox.listen().await })
    };
    let notified = other.wake().notified();
    tokio::pin!(notified);
    notified.as_mut().enable();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut woken = false;
    while tokio::time::Instant::now() < deadline {
        append_committed(&db, 1, "elsewhere").await?;
        if tokio::time::timeout(Duration::from_millis(200), notified.as_mut())
            .await
            .is_ok()
        {
            woken = true;
            break;
        }
    }
    listener.abort();
    assert!(woken, "no NOTIFY reached the other pool's listener");
    Ok(())
}

#[tokio::test]
async fn sqlite_no_skip_no_duplicate_across_restart() -> TestResult {
    no_skip_no_duplicate_across_restart(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_no_skip_no_duplicate_across_restart() -> TestResult {
    no_skip_no_duplicate_across_restart(TestBackend::Postgres).await
}
#[tokio::test]
async fn sqlite_rolled_back_events_are_never_seen() -> TestResult {
    rolled_back_events_are_never_seen(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_rolled_back_events_are_never_seen() -> TestResult {
    rolled_back_events_are_never_seen(TestBackend::Postgres).await
}
#[tokio::test]
async fn sqlite_a_commit_wakes_waiters() -> TestResult {
    a_commit_wakes_waiters(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_a_commit_wakes_waiters() -> TestResult {
    a_commit_wakes_waiters(TestBackend::Postgres).await
}
#[tokio::test]
async fn sqlite_followers_wake_on_commit() -> TestResult {
    followers_wake_on_commit(TestBackend::Sqlite).await
}
#[tokio::test]
async fn postgres_followers_wake_on_commit() -> TestResult {
    followers_wake_on_commit(TestBackend::Postgres).await
}

/// Transaction A draws a position and stays open; transaction B appends after it. Without the
/// append lock B would commit first with a higher position, a consumer would move past it, and A's
/// event would be skipped when A commits. With it, B waits for A, and nothing is skipped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_out_of_order_commits_are_not_skipped() -> TestResult {
    let Some((_tdb, db)) = fresh(TestBackend::Postgres).await else {
        return Ok(());
    };
    create_deliveries_table(&db).await?;

    let mut a = db.begin().await?;
    let pos_a = a
        .append("test.a", Uuid::now_v7(), &serde_json::json!({ "tx": "a" }))
        .await?;

    let db_b = db.clone();
    let b = tokio::spawn(async move {
        let mut tx = db_b.begin().await?;
        let p = tx
            .append("test.b", Uuid::now_v7(), &serde_json::json!({ "tx": "b" }))
            .await?;
        tx.commit().await?;
        Ok::<i64, StoreError>(p)
    });

    // Wait until B is queued behind A's append lock (it has begun and asked for the lock), so
    // that the test exercises the lock and not a B that simply started late.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let waiting: i64 = civiclink_store::on_db!(db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
        )
        .fetch_one(p)
        .await)?;
        if waiting > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "B never waited for the append lock"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // While A is open the consumer must see neither event: A is uncommitted, and B cannot have
    // committed ahead of it.
    assert_eq!(consume(&db, "ordered", 100).await?, 0);

    a.commit().await?;
    let pos_b = tokio::time::timeout(Duration::from_secs(10), b).await???;
    assert!(pos_a < pos_b);
    while consume(&db, "ordered", 100).await? > 0 {}
    let delivered = deliveries(&db).await?;
    assert_eq!(
        delivered.keys().copied().collect::<Vec<_>>(),
        vec![pos_a, pos_b]
    );
    Ok(())
}

#[tokio::test]
async fn rate_limits_count_per_key_and_window() -> TestResult {
    for backend in [TestBackend::Sqlite, TestBackend::Postgres] {
        let Some((_tdb, db)) = fresh(backend).await else {
            continue;
        };
        for _ in 0..3 {
            assert!(
                db.hit_rate_limit("login:ip:1.2.3.4", 3, 3600)
                    .await?
                    .allowed
            );
        }
        let denied = db.hit_rate_limit("login:ip:1.2.3.4", 3, 3600).await?;
        assert!(!denied.allowed);
        assert!(denied.retry_after_secs >= 1 && denied.retry_after_secs <= 3600);
        assert!(
            db.hit_rate_limit("login:ip:5.6.7.8", 3, 3600)
                .await?
                .allowed
        );
    }
    Ok(())
}
