//! The database itself refuses two listings with one name (folded) that are not rejected, on
//! both backends, so that two proposals at the same instant cannot both pass; a rejected
//! listing's name may be proposed again.

#![allow(clippy::expect_used)]

use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{StoreError, execute_db};

async fn insert(db: &civiclink_store::Db, status: &str) -> Result<u64, StoreError> {
    let t = civiclink_store::now();
    Ok(execute_db!(db, civiclink_store::sqlx::query(
        "INSERT INTO listings (id, name, name_key, vendor_org_id, vendor_name, vendor_key, kind, \
         website, description, hosting, versions, status, revision, proposed_by, created_at, \
         updated_at) VALUES ($1, 'QGIS', 'qgis', NULL, 'QGIS', 'qgis', 'software', '', '', '[]', \
         '[]', $2, 1, $1, $3, $3)",
    )
    .bind(uuid::Uuid::now_v7())
    .bind(status)
    .bind(t))?)
}

async fn one_name(backend: TestBackend) {
    let Some(tdb) = TestDatabase::fresh(backend).await else {
        return;
    };
    let db = tdb.connect().await.expect("connect");
    assert_eq!(insert(&db, "rejected").await.ok(), Some(1));
    assert_eq!(insert(&db, "published").await.ok(), Some(1));
    assert!(
        matches!(insert(&db, "proposed").await, Err(StoreError::Conflict(_))),
        "a second live listing with the same name"
    );
    assert_eq!(insert(&db, "rejected").await.ok(), Some(1));
}

#[tokio::test]
async fn one_live_listing_per_name_on_sqlite() {
    one_name(TestBackend::Sqlite).await;
}

#[tokio::test]
async fn one_live_listing_per_name_on_postgres() {
    one_name(TestBackend::Postgres).await;
}
