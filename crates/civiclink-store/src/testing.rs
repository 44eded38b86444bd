//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database per test.
//!
//! PostgreSQL comes from `CIVICLINK_TEST_DATABASE_URL` (a URL whose role may `CREATE DATABASE`).
//! When it is unset the PostgreSQL tests skip locally with a message, but under `CI=true` they
//! fail: in CI every suite must run.

use std::fmt;

use crate::{Db, StoreResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

impl fmt::Display for TestBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TestBackend::Sqlite => "sqlite",
            TestBackend::Postgres => "postgres",
        })
    }
}

/// A database that lives as long as this value (SQLite) or until the test run's next clean-up
/// (PostgreSQL databases are named `civiclink_test_*` and dropped by `scripts/test`).
pub struct TestDatabase {
    pub url: String,
    pub backend: TestBackend,
    _dir: Option<tempfile::TempDir>,
}

/// Whether this is a CI run: `CI` set to a usual truthy value (`true`, `1`, `yes`, `on`, in any
/// case). In CI every suite must run: a missing PostgreSQL or browser fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "on"
        )
    })
}

impl TestBackend {
    /// Whether this backend's tests run here: SQLite always, PostgreSQL when
    /// `CIVICLINK_TEST_DATABASE_URL` is set. Elsewhere the PostgreSQL tests skip with a note.
    ///
    /// # Panics
    /// In CI ([`in_ci`]) when PostgreSQL is not configured: a suite never skips there.
    pub fn available(self) -> bool {
        match self {
            TestBackend::Sqlite => true,
            TestBackend::Postgres => {
                let set = std::env::var("CIVICLINK_TEST_DATABASE_URL").is_ok();
                assert!(
                    set || !in_ci(),
                    "CIVICLINK_TEST_DATABASE_URL is not set, and in CI the PostgreSQL suite must run"
                );
                if !set {
                    eprintln!("skipping PostgreSQL: CIVICLINK_TEST_DATABASE_URL is not set");
                }
                set
            }
        }
    }
}

impl TestDatabase {
    /// A fresh, empty database, or `None` when PostgreSQL is not configured outside CI.
    ///
    /// # Panics
    /// When PostgreSQL is requested under `CI=true` without `CIVICLINK_TEST_DATABASE_URL`, or the
    /// server cannot be reached: a suite must never skip silently in CI.
    #[allow(clippy::expect_used)]
    pub async fn fresh(backend: TestBackend) -> Option<Self> {
        match backend {
            TestBackend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}", dir.path().join("civiclink.db").display());
                Some(Self {
                    url,
                    backend,
                    _dir: Some(dir),
                })
            }
            TestBackend::Postgres => {
                if !backend.available() {
                    return None;
                }
                let admin_url = std::env::var("CIVICLINK_TEST_DATABASE_URL")
                    .expect("available() saw CIVICLINK_TEST_DATABASE_URL");
                let name = format!("civiclink_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Db::connect(&admin_url, 2)
                    .await
                    .expect("connect to CIVICLINK_TEST_DATABASE_URL");
                let crate::Pool::Postgres(pool) = admin.pool() else {
                    panic!("CIVICLINK_TEST_DATABASE_URL must be a postgres:// url");
                };
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(pool)
                    .await
                    .expect("create the test database");
                admin.close().await;
                let url = replace_database(&admin_url, &name);
                Some(Self {
                    url,
                    backend,
                    _dir: None,
                })
            }
        }
    }

    /// Connects and migrates.
    pub async fn connect(&self) -> StoreResult<Db> {
        let db = Db::connect(&self.url, 5).await?;
        db.migrate().await?;
        Ok(db)
    }
}

/// `postgres://u:p@h:5432/old?x=y` with the database name replaced.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Every `FROM x`, `JOIN x`, `UPDATE x` and `INTO x` in the `.rs` files of `dir` whose `x` is
/// one of `not_ours`, as `file: table`: what a crate's boundary test forbids (a capability
/// reads others through their views, never their tables).
#[allow(clippy::expect_used)]
pub fn foreign_tables_in(dir: &std::path::Path, not_ours: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            for t in foreign_tables(&text, not_ours) {
                found.push(format!("{}: {t}", path.display()));
            }
        }
    }
    found
}

/// Every `FROM x`, `JOIN x`, `UPDATE x` and `INTO x` in `text` whose `x` is one of `not_ours`.
pub fn foreign_tables(text: &str, not_ours: &[&str]) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| {
            matches!(
                w[0].to_ascii_uppercase().as_str(),
                "FROM" | "JOIN" | "UPDATE" | "INTO"
            )
        })
        .map(|w| w[1].trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .filter(|t| not_ours.contains(t))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            super::replace_database("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(
            super::replace_database("postgres://h", "t1"),
            "postgres://h/t1"
        );
    }
}
