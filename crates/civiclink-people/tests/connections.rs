//! Connections, blocks and follows on both backends: each rule, each denial, and the outbox
//! event every change appends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use civiclink_domain::{MemberId, OrgId};
use civiclink_people::{
    ConnectState, ConnectionNote, ConnectionStatus, FollowTarget, People, PeopleError, Relation,
};
use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, execute, execute_db, on_db};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A bare member row with `status`, and `member.created` as accounts appends it.
async fn member(db: &Db, name: &str, status: &str) -> MemberId {
    let id = MemberId::new();
    let mut tx = db.begin().await.unwrap();
    execute!(tx, sqlx::query(
        "INSERT INTO members (id, email, display_name, password_hash, role, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'x', 'site_admin', $5, $4, $4)",
    )
    .bind(id)
    .bind(format!("{}@x.test", id.as_uuid().simple()))
    .bind(name)
    .bind(civiclink_store::now())
    .bind(status))
    .unwrap();
    tx.emit(
        id.as_uuid(),
        &civiclink_accounts::AccountsEvent::MemberCreated {
            association_id: None,
            org_id: None,
            display_name: name.to_owned(),
            status: status.parse().unwrap(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// The kinds of the events after `after`, oldest first.
async fn kinds_after(db: &Db, after: i64) -> Vec<String> {
    db.outbox()
        .read_after(after, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

async fn rows(db: &Db, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    on_db!(db, p => sqlx::query_scalar::<_, i64>(&sql).fetch_one(p).await).unwrap()
}

fn note(s: &str) -> ConnectionNote {
    ConnectionNote::parse(s).unwrap()
}

async fn setup(backend: TestBackend) -> Option<(TestDatabase, Db, People)> {
    let tdb = TestDatabase::fresh(backend).await?;
    let db = tdb.connect().await.unwrap();
    let people = People::new(db.clone());
    Some((tdb, db, people))
}

async fn connection_lifecycle(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, people)) = setup(backend).await else {
        return Ok(());
    };
    let ann = member(&db, "Ann Archer", "active").await;
    let bob = member(&db, "Bob Brown", "active").await;
    let cat = member(&db, "Cat Cole", "active").await;
    people.sync().await?;

    // A request, seen from both sides.
    let head = db.outbox().head().await?;
    let st = people
        .request_connection(ann, bob, &note("Hello from the GIS team"))
        .await?;
    assert_eq!(st, ConnectionStatus::Pending);
    assert_eq!(kinds_after(&db, head).await, ["connection.requested"]);
    let mine = people.pending_requests(ann).await?;
    assert!(mine.incoming.is_empty());
    assert_eq!(mine.outgoing.len(), 1);
    assert_eq!(mine.outgoing[0].member_id, bob);
    assert_eq!(mine.outgoing[0].display_name, "Bob Brown");
    assert_eq!(mine.outgoing[0].handle, "bob-brown");
    let theirs = people.pending_requests(bob).await?;
    assert_eq!(theirs.incoming.len(), 1);
    assert_eq!(theirs.incoming[0].note, "Hello from the GIS team");
    assert_eq!(
        people.connect_state(ann, bob).await?,
        ConnectState::RequestSent
    );
    assert_eq!(
        people.connect_state(bob, ann).await?,
        ConnectState::RequestReceived
    );
    assert_eq!(people.connect_state(ann, ann).await?, ConnectState::Myself);

    // Asking twice is a conflict; only the recipient can accept; a third member cannot.
    assert!(matches!(
        people.request_connection(ann, bob, &note("")).await,
        Err(PeopleError::Conflict("conflict-already-requested"))
    ));
    assert!(matches!(
        people.accept_connection(ann, bob).await,
        Err(PeopleError::NotFound)
    ));
    assert!(matches!(
        people.accept_connection(cat, ann).await,
        Err(PeopleError::NotFound)
    ));
    assert!(matches!(
        people.withdraw_connection(bob, ann).await,
        Err(PeopleError::NotFound)
    ));
    assert!(matches!(
        people.remove_connection(ann, bob).await,
        Err(PeopleError::NotFound)
    ));
    assert_eq!(rows(&db, "connections").await, 1);

    // Accepted: both see the connection, and the connections-only fields.
    let head = db.outbox().head().await?;
    people.accept_connection(bob, ann).await?;
    assert_eq!(
        kinds_after(&db, head).await,
        ["connection.accepted", "connection.accepted"]
    );
    assert_eq!(people.relation(ann, bob).await?, Relation::Connection);
    assert_eq!(people.relation(bob, ann).await?, Relation::Connection);
    let list = people.connections(ann).await?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].member_id, bob);
    assert!(list[0].accepted_at.is_some());
    assert!(people.pending_requests(bob).await?.incoming.is_empty());
    assert!(matches!(
        people.request_connection(bob, ann, &note("")).await,
        Err(PeopleError::Conflict("conflict-already-connected"))
    ));

    // Either side may remove; then it is gone for both.
    let head = db.outbox().head().await?;
    people.remove_connection(bob, ann).await?;
    assert_eq!(kinds_after(&db, head).await, ["connection.removed"]);
    assert!(people.connections(ann).await?.is_empty());
    assert_eq!(people.relation(ann, bob).await?, Relation::Member);

    // Declined and withdrawn requests are deleted, so asking again works.
    people.request_connection(ann, cat, &note("")).await?;
    let head = db.outbox().head().await?;
    people.decline_connection(cat, ann).await?;
    assert_eq!(kinds_after(&db, head).await, ["connection.declined"]);
    people.request_connection(ann, cat, &note("")).await?;
    let head = db.outbox().head().await?;
    people.withdraw_connection(ann, cat).await?;
    assert_eq!(kinds_after(&db, head).await, ["connection.withdrawn"]);
    assert_eq!(rows(&db, "connections").await, 0);

    // Asking someone who already asked you accepts their request.
    people.request_connection(cat, bob, &note("")).await?;
    let head = db.outbox().head().await?;
    assert_eq!(
        people.request_connection(bob, cat, &note("")).await?,
        ConnectionStatus::Accepted
    );
    assert_eq!(
        kinds_after(&db, head).await,
        ["connection.accepted", "connection.accepted"]
    );
    assert_eq!(
        people.connect_state(bob, cat).await?,
        ConnectState::Connected
    );
    Ok(())
}

async fn connection_denials(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, people)) = setup(backend).await else {
        return Ok(());
    };
    let ann = member(&db, "Ann Archer", "active").await;
    let pending = member(&db, "Pat Pending", "pending").await;
    let suspended = member(&db, "Sue Suspended", "suspended").await;
    people.sync().await?;
    let head = db.outbox().head().await?;

    assert!(matches!(
        people.request_connection(ann, ann, &note("")).await,
        Err(PeopleError::Conflict("conflict-connect-self"))
    ));
    for other in [pending, suspended, MemberId::new()] {
        assert!(matches!(
            people.request_connection(ann, other, &note("")).await,
            Err(PeopleError::NotFound)
        ));
        assert!(matches!(
            people.block(ann, other).await,
            Err(PeopleError::NotFound)
        ));
        assert!(matches!(
            people
                .start_following(ann, FollowTarget::Member(other))
                .await,
            Err(PeopleError::NotFound)
        ));
    }
    assert!(matches!(
        people
            .start_following(ann, FollowTarget::Organization(OrgId::new()))
            .await,
        Err(PeopleError::NotFound)
    ));

    // Notes: at most 500 characters, counted as characters, not bytes.
    assert!(ConnectionNote::parse(&"é".repeat(500)).is_ok());
    let long = ConnectionNote::parse(&"é".repeat(501)).unwrap_err();
    assert_eq!((long.field, long.message), ("note", "note-too-long"));
    assert!(ConnectionNote::parse("bad\u{7}bell").is_err());
    assert!(ConnectionNote::parse("two\nlines").is_ok());

    assert_eq!(rows(&db, "connections").await, 0);
    assert_eq!(rows(&db, "blocks").await, 0);
    assert_eq!(rows(&db, "follows").await, 0);
    assert_eq!(db.outbox().head().await?, head);
    Ok(())
}

async fn blocks_end_everything(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, people)) = setup(backend).await else {
        return Ok(());
    };
    let ann = member(&db, "Ann Archer", "active").await;
    let bob = member(&db, "Bob Brown", "active").await;
    let cat = member(&db, "Cat Cole", "active").await;
    people.sync().await?;
    people.request_connection(ann, bob, &note("")).await?;
    people.accept_connection(bob, ann).await?;
    people
        .start_following(bob, FollowTarget::Member(ann))
        .await?;
    people
        .start_following(ann, FollowTarget::Member(bob))
        .await?;
    assert!(people.may_contact(bob, ann).await?);

    // Ann blocks Bob: the connection and the follows end, in one event.
    let head = db.outbox().head().await?;
    people.block(ann, bob).await?;
    assert_eq!(kinds_after(&db, head).await, ["member.blocked"]);
    assert_eq!(rows(&db, "connections").await, 0);
    assert_eq!(rows(&db, "follows").await, 0);
    // Blocking again changes nothing and says nothing.
    people.block(ann, bob).await?;
    assert_eq!(kinds_after(&db, head).await.len(), 1);

    assert_eq!(people.relation(bob, ann).await?, Relation::BlockedByThem);
    assert_eq!(
        people.connect_state(bob, ann).await?,
        ConnectState::BlockedByThem
    );
    assert_eq!(
        people.connect_state(ann, bob).await?,
        ConnectState::YouBlocked
    );
    assert!(!people.may_contact(bob, ann).await?);
    assert!(!people.may_contact(ann, bob).await?);
    assert!(people.may_contact(cat, ann).await?);
    assert!(matches!(
        people.request_connection(bob, ann, &note("")).await,
        Err(PeopleError::Forbidden)
    ));
    assert!(matches!(
        people.request_connection(ann, bob, &note("")).await,
        Err(PeopleError::Conflict("conflict-connect-you-blocked"))
    ));
    assert!(matches!(
        people.start_following(bob, FollowTarget::Member(ann)).await,
        Err(PeopleError::Forbidden)
    ));
    assert!(matches!(
        people.block(ann, ann).await,
        Err(PeopleError::Conflict("conflict-block-self"))
    ));
    // Only the blocker lifts a block.
    assert!(matches!(
        people.unblock(bob, ann).await,
        Err(PeopleError::NotFound)
    ));
    let blocked = people.blocked(ann).await?;
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].member_id, bob);
    assert_eq!(rows(&db, "connections").await, 0);

    // A pending request ends with a block too.
    people.request_connection(cat, ann, &note("")).await?;
    people.block(cat, ann).await?;
    assert_eq!(rows(&db, "connections").await, 0);

    let head = db.outbox().head().await?;
    people.unblock(ann, bob).await?;
    assert_eq!(kinds_after(&db, head).await, ["member.unblocked"]);
    assert!(people.blocked(ann).await?.is_empty());
    assert!(people.may_contact(bob, ann).await?);
    assert_eq!(
        people.request_connection(bob, ann, &note("")).await?,
        ConnectionStatus::Pending
    );
    Ok(())
}

async fn follows_count(backend: TestBackend) -> TestResult {
    let Some((_tdb, db, people)) = setup(backend).await else {
        return Ok(());
    };
    let ann = member(&db, "Ann Archer", "active").await;
    let bob = member(&db, "Bob Brown", "active").await;
    let cat = member(&db, "Cat Cole", "active").await;
    people.sync().await?;
    let assoc = civiclink_domain::AssociationId::new();
    let org = OrgId::new();
    execute_db!(db, sqlx::query(
        "INSERT INTO associations (id, name, short_name, country, created_at) VALUES ($1, 'MISA', 'MISA', 'CA', $2)",
    ).bind(assoc).bind(civiclink_store::now()))?;
    execute_db!(db, sqlx::query(
        "INSERT INTO organizations (id, association_id, name, kind, region, country, created_at) \
         VALUES ($1, $2, 'Ville de Gatineau', 'municipality', 'QC', 'CA', $3)",
    ).bind(org).bind(assoc).bind(civiclink_store::now()))?;

    let head = db.outbox().head().await?;
    assert!(
        people
            .start_following(ann, FollowTarget::Member(bob))
            .await?
    );
    assert!(
        !people
            .start_following(ann, FollowTarget::Member(bob))
            .await?
    );
    people
        .start_following(cat, FollowTarget::Member(bob))
        .await?;
    people
        .start_following(ann, FollowTarget::Organization(org))
        .await?;
    assert_eq!(
        kinds_after(&db, head).await,
        ["follow.created", "follow.created", "follow.created"]
    );
    assert!(matches!(
        people.start_following(ann, FollowTarget::Member(ann)).await,
        Err(PeopleError::Conflict("conflict-follow-self"))
    ));
    assert_eq!(people.follower_count(FollowTarget::Member(bob)).await?, 2);
    assert_eq!(
        people
            .follower_count(FollowTarget::Organization(org))
            .await?,
        1
    );
    assert!(
        people
            .is_following(ann, FollowTarget::Organization(org))
            .await?
    );
    let list = people.following(ann).await?;
    let names: Vec<_> = list
        .iter()
        .map(|f| (f.kind.as_str(), f.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("member", "Bob Brown"),
            ("organization", "Ville de Gatineau")
        ]
    );
    assert_eq!(list[0].handle, "bob-brown");

    let head = db.outbox().head().await?;
    people
        .stop_following(ann, FollowTarget::Member(bob))
        .await?;
    assert_eq!(kinds_after(&db, head).await, ["follow.deleted"]);
    assert!(matches!(
        people.stop_following(ann, FollowTarget::Member(bob)).await,
        Err(PeopleError::NotFound)
    ));
    assert_eq!(people.follower_count(FollowTarget::Member(bob)).await?, 1);
    assert_eq!(
        FollowTarget::parse("members", &bob.to_string()),
        Some(FollowTarget::Member(bob))
    );
    assert_eq!(FollowTarget::parse("groups", &bob.to_string()), None);
    assert_eq!(FollowTarget::parse("members", "nope"), None);
    Ok(())
}

macro_rules! on_both {
    ($($name:ident),+) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() -> super::TestResult {
                super::$name(super::TestBackend::Sqlite).await
            })+
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() -> super::TestResult {
                super::$name(super::TestBackend::Postgres).await
            })+
        }
    };
}

on_both!(
    connection_lifecycle,
    connection_denials,
    blocks_end_everything,
    follows_count
);
