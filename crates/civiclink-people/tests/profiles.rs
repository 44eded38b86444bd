//! Profiles on both backends: made by following the outbox, exactly once; visibility by relation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use civiclink_domain::{MemberId, ProfileField, Visibility};
use civiclink_people::{People, ProfileUpdate, Relation};
use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{execute, on_db};
use std::collections::BTreeMap;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Appends `member.created` as accounts does, with a bare member row to satisfy the keys.
async fn member(db: &civiclink_store::Db, name: &str) -> MemberId {
    let id = MemberId::new();
    let mut tx = db.begin().await.unwrap();
    execute!(tx, sqlx::query(
        "INSERT INTO members (id, email, display_name, password_hash, role, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'x', 'site_admin', 'active', $4, $4)",
    )
    .bind(id)
    .bind(format!("{}@x.test", id.as_uuid().simple()))
    .bind(name)
    .bind(civiclink_store::now()))
    .unwrap();
    tx.emit(
        id.as_uuid(),
        &civiclink_accounts::AccountsEvent::MemberCreated {
            association_id: None,
            org_id: None,
            display_name: name.to_owned(),
            status: civiclink_domain::MemberStatus::Active,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn profiles_follow_members(backend: TestBackend) -> TestResult {
    let Some(tdb) = TestDatabase::fresh(backend).await else {
        return Ok(());
    };
    let db = tdb.connect().await?;
    let people = People::new(db.clone());
    let a = member(&db, "Geneviève Côté").await;
    let b = member(&db, "Geneviève Côté").await;
    assert_eq!(people.sync().await?, 2);
    // Running again, or after a restart, makes nothing twice.
    assert_eq!(people.sync().await?, 0);
    let people = People::new(tdb.connect().await?);
    assert_eq!(people.sync().await?, 0);
    let pa = people.profile(a).await?;
    let pb = people.profile(b).await?;
    assert_eq!(pa.handle.as_str(), "genevieve-cote");
    assert_eq!(pb.handle.as_str(), "genevieve-cote-2");
    let n: i64 =
        on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM profiles").fetch_one(p).await)?;
    assert_eq!(n, 2);
    let tokens: Vec<String> = on_db!(db, p => sqlx::query_scalar(
        "SELECT token FROM member_name_tokens WHERE member_id = $1 ORDER BY token",
    ).bind(a).fetch_all(p).await)?;
    assert_eq!(tokens, vec!["cote", "genevieve"]);

    // Visibility: email to connections by default, the bio to nobody when asked.
    let mut vis = BTreeMap::new();
    vis.insert("bio".to_owned(), "nobody".to_owned());
    let update = ProfileUpdate::parse(
        "gcote",
        "Directrice des TI",
        "",
        "**Bonjour** <script>x</script>",
        "fr",
        "20",
        "Gatineau",
        "https://example.org",
        "gis, cybersecurity",
        &vis,
        true,
    )?;
    let p = people.update_profile(a, &update).await?;
    assert_eq!(p.handle.as_str(), "gcote");
    assert_eq!(p.visibility_of(ProfileField::Bio), Visibility::Nobody);
    assert_eq!(people.relation(b, a).await?, Relation::Member);
    let seen = people.view(b, &p).await?;
    assert_eq!(seen.job_title.as_deref(), Some("Directrice des TI"));
    assert!(seen.bio_html.is_none() && seen.email.is_none());
    let own = p.view(Relation::Myself);
    let bio = own.bio_html.unwrap_or_default();
    assert!(bio.contains("<strong>Bonjour</strong>") && !bio.contains("<script"));
    // A taken handle is a conflict, and nothing changes.
    let clash = ProfileUpdate::parse(
        "GCOTE",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        &BTreeMap::new(),
        true,
    )?;
    assert!(matches!(
        people.update_profile(b, &clash).await,
        Err(civiclink_people::PeopleError::Conflict(_))
    ));
    assert_eq!(people.profile(b).await?.handle.as_str(), "genevieve-cote-2");
    Ok(())
}

#[tokio::test]
async fn sqlite_profiles_follow_members() -> TestResult {
    profiles_follow_members(TestBackend::Sqlite).await
}

#[tokio::test]
async fn postgres_profiles_follow_members() -> TestResult {
    profiles_follow_members(TestBackend::Postgres).await
}

/// A `member.created` that does not decode stops the sync at its position: the member after
/// it gets no profile either (nothing is skipped), until the payload reads again.
async fn a_payload_that_does_not_decode_stops_the_sync(backend: TestBackend) -> TestResult {
    let Some(tdb) = TestDatabase::fresh(backend).await else {
        return Ok(());
    };
    let db = tdb.connect().await?;
    let people = People::new(db.clone());
    let first = member(&db, "Ada Lovelace").await;
    assert_eq!(people.sync().await?, 1);
    let mut tx = db.begin().await?;
    let broken = tx
        .append(
            "member.created",
            MemberId::new().as_uuid(),
            &serde_json::json!({ "display_name": 42 }),
        )
        .await?;
    tx.commit().await?;
    let after = member(&db, "Grace Hopper").await;
    let before = db.outbox().cursor(civiclink_people::SYNC_CONSUMER).await?;
    let err = people.sync().await.expect_err("stops");
    assert!(
        err.to_string()
            .contains(&format!("event {broken} (member.created)")),
        "{err}"
    );
    assert_eq!(
        db.outbox().cursor(civiclink_people::SYNC_CONSUMER).await?,
        before,
        "the cursor stays before the broken event"
    );
    assert!(people.profile(after).await.is_err(), "nothing after it ran");
    assert!(people.profile(first).await.is_ok());
    Ok(())
}

#[tokio::test]
async fn sqlite_a_payload_that_does_not_decode_stops_the_sync() -> TestResult {
    a_payload_that_does_not_decode_stops_the_sync(TestBackend::Sqlite).await
}

#[tokio::test]
async fn postgres_a_payload_that_does_not_decode_stops_the_sync() -> TestResult {
    a_payload_that_does_not_decode_stops_the_sync(TestBackend::Postgres).await
}

/// Another capability's feed kinds join the defaults once, however often they are added.
#[tokio::test]
async fn feed_kinds_are_extended_without_duplicates() -> TestResult {
    let tdb = TestDatabase::fresh(TestBackend::Sqlite)
        .await
        .expect("sqlite");
    let extra = [("thread.created", civiclink_people::Subject::Member)];
    let people = People::new(tdb.connect().await?)
        .with_feed_kinds(&extra)
        .with_feed_kinds(&extra);
    let kinds = people.feed_kinds();
    assert_eq!(
        kinds.len(),
        civiclink_people::default_feed_kinds().len() + 1
    );
    assert_eq!(kinds.iter().filter(|k| **k == extra[0]).count(), 1);
    assert!(kinds.contains(&("profile.updated", civiclink_people::Subject::Member)));
    Ok(())
}
