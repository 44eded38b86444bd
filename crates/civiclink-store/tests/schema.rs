//! The two migration folders build the same schema: the same tables, the same columns with the
//! same nullability, the same primary keys, and the same indexes (by their columns and whether
//! they are unique). Types are not compared: the dialects name them differently on purpose
//! (BLOB for UUIDs, TEXT for times on SQLite).

#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, Pool, sqlx};

/// A table as both dialects can describe it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// Column name → whether it may hold NULL.
    columns: BTreeMap<String, bool>,
    primary_key: Vec<String>,
    /// (unique, columns in order), primary keys left out.
    indexes: BTreeSet<(bool, Vec<String>)>,
}

type Schema = BTreeMap<String, Table>;

const OURS: &str = "_sqlx_migrations";

async fn sqlite_schema(db: &Db) -> Schema {
    let Pool::Sqlite(p) = db.pool() else {
        panic!("not sqlite")
    };
    let tables: Vec<String> = sqlx::query_scalar(
        // Views too: PostgreSQL's information_schema lists their columns beside the tables'.
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name <> $1",
    )
    .bind(OURS)
    .fetch_all(p)
    .await
    .expect("tables");
    let mut schema = Schema::new();
    for t in tables {
        let mut table = Table::default();
        let cols: Vec<(String, bool, i64)> =
            sqlx::query_as("SELECT name, \"notnull\" = 1, pk FROM pragma_table_info($1)")
                .bind(&t)
                .fetch_all(p)
                .await
                .expect("columns");
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (name, not_null, pk_at) in cols {
            // A primary key holds no NULL on either side (SQLite only enforces it for
            // INTEGER keys, but our keys are always given).
            table.columns.insert(name.clone(), !(not_null || pk_at > 0));
            if pk_at > 0 {
                pk.push((pk_at, name));
            }
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, n)| n).collect();
        let indexes: Vec<(String, bool, String)> =
            sqlx::query_as("SELECT name, \"unique\" = 1, origin FROM pragma_index_list($1)")
                .bind(&t)
                .fetch_all(p)
                .await
                .expect("indexes");
        for (name, unique, origin) in indexes {
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(p)
                    .await
                    .expect("index columns");
            table.indexes.insert((unique, cols));
        }
        schema.insert(t, table);
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let Pool::Postgres(p) = db.pool() else {
        panic!("not postgres")
    };
    let cols: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable = 'YES' FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> $1",
    )
    .bind(OURS)
    .fetch_all(p)
    .await
    .expect("columns");
    let mut schema = Schema::new();
    for (t, c, nullable) in cols {
        schema.entry(t).or_default().columns.insert(c, nullable);
    }
    // Every index with its columns in order; expressions have no column name and show as "".
    let indexes: Vec<(String, bool, bool, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, ix.indisunique, ix.indisprimary, \
                ARRAY(SELECT COALESCE(a.attname::text, '') FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace s ON s.oid = t.relnamespace \
         WHERE s.nspname = 'public' AND t.relname <> $1",
    )
    .bind(OURS)
    .fetch_all(p)
    .await
    .expect("indexes");
    for (t, unique, primary, cols) in indexes {
        let table = schema.entry(t).or_default();
        if primary {
            table.primary_key = cols;
        } else {
            table.indexes.insert((unique, cols));
        }
    }
    schema
}

async fn migrated(backend: TestBackend) -> Option<(TestDatabase, Db)> {
    let tdb = TestDatabase::fresh(backend).await?;
    let db = tdb.connect().await.expect("connect and migrate");
    Some((tdb, db))
}

#[tokio::test]
async fn both_migration_folders_build_the_same_schema() {
    let (_s, sqlite) = migrated(TestBackend::Sqlite).await.expect("sqlite");
    let Some((_p, postgres)) = migrated(TestBackend::Postgres).await else {
        return;
    };
    let a = sqlite_schema(&sqlite).await;
    let b = postgres_schema(&postgres).await;
    assert!(
        a.contains_key("members") && a["members"].columns.len() > 5,
        "{a:?}"
    );
    let tables_a: BTreeSet<_> = a.keys().collect();
    let tables_b: BTreeSet<_> = b.keys().collect();
    assert_eq!(tables_a, tables_b, "the same tables");
    let mut drift = Vec::new();
    for (name, ta) in &a {
        let tb = &b[name];
        if ta.columns != tb.columns {
            drift.push(format!(
                "{name}: columns (nullable) sqlite {:?} postgres {:?}",
                ta.columns, tb.columns
            ));
        }
        if ta.primary_key != tb.primary_key {
            drift.push(format!(
                "{name}: primary key sqlite {:?} postgres {:?}",
                ta.primary_key, tb.primary_key
            ));
        }
        if ta.indexes != tb.indexes {
            drift.push(format!(
                "{name}: indexes (unique, columns) sqlite {:?} postgres {:?}",
                ta.indexes, tb.indexes
            ));
        }
    }
    assert!(drift.is_empty(), "the schemas drift:\n{}", drift.join("\n"));
}
