//! The member directory, the organization directory and "people you may know", on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use civiclink_accounts::AccountsEvent;
use civiclink_domain::{AssociationId, ExpertiseTag, MemberId, OrgId, SizeBand};
use civiclink_people::{DirectoryFilter, DirectorySort, OrgFilter, People, Reason};
use civiclink_store::testing::{TestBackend, TestDatabase};
use civiclink_store::{Db, execute, execute_db, now, on_db};

type TestResult = Result<(), Box<dyn std::error::Error>>;

struct World {
    db: Db,
    people: People,
    assoc: AssociationId,
}

async fn exec(db: &Db, sql: &str, a: MemberId, b: Option<MemberId>, text: Option<&str>) {
    on_db!(db, p => {
        let q = sqlx::query(sql).bind(a);
        let q = match b { Some(b) => q.bind(b), None => q };
        let q = match text { Some(t) => q.bind(t), None => q };
        q.execute(p).await.map(|r| r.rows_affected())
    })
    .unwrap();
}

impl World {
    async fn new(backend: TestBackend) -> Option<(Self, TestDatabase)> {
        let tdb = TestDatabase::fresh(backend).await?;
        let db = tdb.connect().await.unwrap();
        let assoc = AssociationId::new();
        execute_db!(db, sqlx::query(
            "INSERT INTO associations (id, name, short_name, country, created_at) VALUES ($1, 'MISA Ontario', 'MISA', 'CA', $2)",
        ).bind(assoc).bind(now()))
        .unwrap();
        Some((
            Self {
                people: People::new(db.clone()),
                db,
                assoc,
            },
            tdb,
        ))
    }

    async fn org(&self, name: &str, region: &str, population: i64, kind: &str) -> OrgId {
        let id = OrgId::new();
        execute_db!(self.db, sqlx::query(
            "INSERT INTO organizations (id, association_id, name, kind, region, country, population, created_at, name_key) \
             VALUES ($1, $2, $3, $4, $5, 'CA', $6, $7, $8)",
        ).bind(id).bind(self.assoc).bind(name).bind(kind).bind(region).bind(population).bind(now())
        .bind(civiclink_domain::text::search_key(name)))
        .unwrap();
        id
    }

    async fn member(&self, name: &str, org: OrgId, status: &str, role: &str) -> MemberId {
        let id = MemberId::new();
        let mut tx = self.db.begin().await.unwrap();
        execute!(tx, sqlx::query(
            "INSERT INTO members (id, email, display_name, password_hash, association_id, org_id, role, status, created_at, updated_at) \
             VALUES ($1, $2, $3, 'x', $4, $5, $6, $7, $8, $8)",
        )
        .bind(id)
        .bind(format!("{}@x.test", id.as_uuid().simple()))
        .bind(name)
        .bind(self.assoc)
        .bind(org)
        .bind(role)
        .bind(status)
        .bind(now()))
        .unwrap();
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::MemberCreated {
                association_id: Some(self.assoc),
                org_id: Some(org),
                display_name: name.to_owned(),
                status: status.parse().unwrap(),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        self.people.sync().await.unwrap();
        id
    }

    async fn set(&self, m: MemberId, column: &str, value: &str) {
        exec(
            &self.db,
            &format!("UPDATE profiles SET {column} = $2 WHERE member_id = $1"),
            m,
            None,
            Some(value),
        )
        .await;
    }

    async fn set_visibility(&self, m: MemberId, v: serde_json::Value) {
        execute_db!(
            self.db,
            sqlx::query("UPDATE profiles SET visibility = $2 WHERE member_id = $1")
                .bind(m)
                .bind(sqlx::types::Json(v))
        )
        .unwrap();
    }

    async fn tag(&self, m: MemberId, tag: &str) {
        exec(
            &self.db,
            "INSERT INTO member_expertise (member_id, tag, curated) VALUES ($1, $2, FALSE)",
            m,
            None,
            Some(tag),
        )
        .await;
    }

    async fn connect(&self, x: MemberId, y: MemberId, status: &str) {
        let (a, b) = if x < y { (x, y) } else { (y, x) };
        exec(
            &self.db,
            "INSERT INTO connections (member_a, member_b, requested_by, status, created_at) VALUES ($1, $2, $1, $3, '2026-01-01T00:00:00Z')",
            a,
            Some(b),
            Some(status),
        )
        .await;
    }

    async fn block(&self, blocker: MemberId, blocked: MemberId) {
        exec(
            &self.db,
            "INSERT INTO blocks (blocker, blocked, created_at) VALUES ($1, $2, '2026-01-01T00:00:00Z')",
            blocker,
            Some(blocked),
            None,
        )
        .await;
    }
    /// Appends an event as accounts would, then runs the profile sync.
    async fn event(&self, entity: uuid::Uuid, event: AccountsEvent) {
        let mut tx = self.db.begin().await.unwrap();
        tx.emit(entity, &event).await.unwrap();
        tx.commit().await.unwrap();
        self.people.sync().await.unwrap();
    }
}

fn filter() -> DirectoryFilter {
    DirectoryFilter::default()
}

async fn names(w: &World, viewer: MemberId, f: &DirectoryFilter) -> Vec<String> {
    w.people
        .directory(viewer, f, 100, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.display_name)
        .collect()
}

async fn directory_filters_sorts_and_pages(backend: TestBackend) -> TestResult {
    let Some((w, _tdb)) = World::new(backend).await else {
        return Ok(());
    };
    let ottawa = w
        .org(
            "City of Ottawa",
            "Eastern Ontario",
            1_017_449,
            "municipality",
        )
        .await;
    let perth = w
        .org("Town of Perth", "Eastern Ontario", 6_469, "municipality")
        .await;
    let guelph = w
        .org(
            "City of Guelph",
            "Southwestern Ontario",
            143_740,
            "municipality",
        )
        .await;
    let vendor = w
        .org("Esri Canada", "Southwestern Ontario", 0, "vendor")
        .await;

    let viewer = w.member("Viewer Person", ottawa, "active", "member").await;
    let gv = w
        .member("Geneviève Côté-Roy", ottawa, "active", "member")
        .await;
    let genny = w.member("Genny Smith", perth, "active", "moderator").await;
    let hidden = w.member("Gena Hidden", perth, "active", "member").await;
    execute_db!(
        w.db,
        sqlx::query("UPDATE profiles SET in_directory = FALSE WHERE member_id = $1").bind(hidden)
    )?;
    let pending = w
        .member("Genevieve Pending", perth, "pending", "member")
        .await;
    let suspended = w
        .member("Genevieve Suspended", perth, "suspended", "member")
        .await;
    let blocker = w
        .member("Genevieve Blocker", guelph, "active", "member")
        .await;
    w.block(blocker, viewer).await;
    let ven = w.member("Vera Vendor", vendor, "active", "member").await;
    // Many members sharing one sort name, to test that pages neither repeat nor skip.
    let mut twins = Vec::new();
    for _ in 0..7 {
        twins.push(w.member("Sam Same", guelph, "active", "member").await);
    }

    // Name prefix on any word, folded.
    let mut found = names(
        &w,
        viewer,
        &DirectoryFilter {
            name_words: vec!["gen".into()],
            ..filter()
        },
    )
    .await;
    found.sort();
    assert_eq!(found, vec!["Geneviève Côté-Roy", "Genny Smith"]);
    let f = DirectoryFilter::parse("CÔTÉ", "", "", "", "", "", "", "", "")?;
    assert_eq!(names(&w, viewer, &f).await, vec!["Geneviève Côté-Roy"]);
    let f = DirectoryFilter::parse("roy gene", "", "", "", "", "", "", "", "")?;
    assert_eq!(names(&w, viewer, &f).await, vec!["Geneviève Côté-Roy"]);
    // Hidden: opted out, pending, suspended, and the member who blocked the viewer.
    let all = names(&w, viewer, &filter()).await;
    for gone in [
        "Gena Hidden",
        "Genevieve Pending",
        "Genevieve Suspended",
        "Genevieve Blocker",
    ] {
        assert!(!all.contains(&gone.to_owned()), "{gone} should be hidden");
    }
    assert_eq!(all.len(), 4 + 7);
    let _ = (pending, suspended, gv, genny, ven);

    // Organization, region, country, association, size band, role.
    let f = DirectoryFilter {
        org: Some(perth),
        ..filter()
    };
    assert_eq!(names(&w, viewer, &f).await, vec!["Genny Smith"]);
    let f = DirectoryFilter::parse("", "", "Eastern Ontario", "ca", "", "", "", "", "")?;
    assert_eq!(
        names(&w, viewer, &f).await,
        vec!["Geneviève Côté-Roy", "Genny Smith", "Viewer Person"]
    );
    let f = DirectoryFilter {
        association: Some(w.assoc),
        ..filter()
    };
    assert_eq!(names(&w, viewer, &f).await.len(), 11);
    let f = DirectoryFilter {
        size_band: Some(SizeBand::Over1m),
        ..filter()
    };
    assert_eq!(
        names(&w, viewer, &f).await,
        vec!["Geneviève Côté-Roy", "Viewer Person"]
    );
    let f = DirectoryFilter::parse("", "", "", "", "", "under_10k", "", "moderator", "")?;
    assert_eq!(names(&w, viewer, &f).await, vec!["Genny Smith"]);
    assert!(DirectoryFilter::parse("", "", "", "", "", "huge", "", "", "").is_err());
    assert!(DirectoryFilter::parse("", "", "", "", "", "", "", "", "oldest").is_err());

    // Expertise, which follows its visibility: hidden tags neither show nor match.
    w.tag(gv, "gis").await;
    w.tag(genny, "gis").await;
    w.set_visibility(
        genny,
        serde_json::json!({"expertise": "connections", "job_title": "nobody"}),
    )
    .await;
    w.set(genny, "job_title", "IT Manager").await;
    w.set(gv, "job_title", "GIS Lead").await;
    let gis = DirectoryFilter {
        expertise: Some(ExpertiseTag::parse("gis")?),
        ..filter()
    };
    assert_eq!(names(&w, viewer, &gis).await, vec!["Geneviève Côté-Roy"]);
    let page = w.people.directory(viewer, &filter(), 100, None).await?;
    let genny_row = page.items.iter().find(|e| e.member_id == genny).unwrap();
    assert!(genny_row.job_title.is_none() && genny_row.expertise.is_empty());
    let gen_row = page.items.iter().find(|e| e.member_id == gv).unwrap();
    assert_eq!(gen_row.job_title.as_deref(), Some("GIS Lead"));
    assert_eq!(gen_row.expertise.len(), 1);
    // A connection sees expertise shown to connections, but never a field set to nobody.
    w.connect(viewer, genny, "accepted").await;
    assert_eq!(
        names(&w, viewer, &gis).await,
        vec!["Geneviève Côté-Roy", "Genny Smith"]
    );
    let page = w.people.directory(viewer, &filter(), 100, None).await?;
    let genny_row = page.items.iter().find(|e| e.member_id == genny).unwrap();
    assert!(genny_row.job_title.is_none() && genny_row.expertise.len() == 1);
    // The member themself sees everything.
    let own = w.people.directory(genny, &filter(), 100, None).await?;
    let me = own.items.iter().find(|e| e.member_id == genny).unwrap();
    assert_eq!(me.job_title.as_deref(), Some("IT Manager"));

    // Cursor pagination: every member exactly once, by name and by recent activity.
    for (i, m) in twins.iter().enumerate() {
        // Some share a time too, so that the id breaks ties.
        let t = format!("2026-0{}-01T00:00:00Z", 1 + i % 3);
        execute_db!(
            w.db,
            sqlx::query("UPDATE profiles SET last_active_at = $2 WHERE member_id = $1")
                .bind(*m)
                .bind(time::OffsetDateTime::parse(
                    &t,
                    &time::format_description::well_known::Rfc3339
                )?)
        )?;
    }
    for sort in [DirectorySort::Name, DirectorySort::Recent] {
        let f = DirectoryFilter { sort, ..filter() };
        let full = w.people.directory(viewer, &f, 100, None).await?.items;
        let mut paged = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let page = w.people.directory(viewer, &f, 2, cursor.as_deref()).await?;
            assert!(page.items.len() <= 2);
            paged.extend(page.items.into_iter().map(|e| e.member_id));
            pages += 1;
            match page.next {
                Some(n) => cursor = Some(n),
                None => break,
            }
        }
        assert_eq!(pages, 6, "{sort:?}");
        let want: Vec<MemberId> = full.iter().map(|e| e.member_id).collect();
        assert_eq!(paged, want, "{sort:?}: pages must equal the single result");
        // And back again, page by page.
        assert_eq!(paged_ids(&w, viewer, &f).await, want, "{sort:?}");
        assert_eq!(paged.iter().collect::<HashSet<_>>().len(), 11);
    }
    // The recent sort really is most recent first.
    let f = DirectoryFilter {
        sort: DirectorySort::Recent,
        name_words: vec!["same".into()],
        ..filter()
    };
    let recent = w.people.directory(viewer, &f, 100, None).await?.items;
    assert_eq!(recent.len(), 7);
    assert!([twins[2], twins[5]].contains(&recent[0].member_id));
    // A cursor of another sort, or garbage, is refused.
    let name_cursor = w
        .people
        .directory(viewer, &filter(), 2, None)
        .await?
        .next
        .unwrap();
    assert!(
        w.people
            .directory(viewer, &f, 2, Some(&name_cursor))
            .await
            .is_err()
    );
    assert!(
        w.people
            .directory(viewer, &filter(), 2, Some("garbage!"))
            .await
            .is_err()
    );
    assert!(
        w.people
            .directory(viewer, &filter(), 101, None)
            .await
            .is_err()
    );

    // Export: all pages, only what the viewer may see.
    let (all, cut) = w
        .people
        .directory_all(viewer, &filter(), civiclink_people::EXPORT_CAP)
        .await?;
    assert_eq!(all.len(), 11);
    assert!(!cut);
    // A cap keeps the first rows in order and says that some were left out; exactly the cap
    // is not a cut.
    let (first, cut) = w.people.directory_all(viewer, &filter(), 4).await?;
    assert!(cut);
    let first: Vec<_> = first.iter().map(|e| e.member_id).collect();
    let expected: Vec<_> = all.iter().take(4).map(|e| e.member_id).collect();
    assert_eq!(first, expected);
    let (whole, cut) = w.people.directory_all(viewer, &filter(), 11).await?;
    assert_eq!((whole.len(), cut), (11, false));

    // Organization directory.
    let orgs = w
        .people
        .org_directory(&OrgFilter::default(), 100, None)
        .await?;
    let org_names: Vec<_> = orgs.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        org_names,
        vec![
            "City of Guelph",
            "City of Ottawa",
            "Esri Canada",
            "Town of Perth"
        ]
    );
    let f = OrgFilter::parse("city", "", "CA", "", "municipality", "50k_250k")?;
    let got = w.people.org_directory(&f, 100, None).await?;
    assert_eq!(got.items.len(), 1);
    assert_eq!(got.items[0].name, "City of Guelph");
    let f = OrgFilter::parse("", "Eastern Ontario", "", "", "", "")?;
    assert_eq!(w.people.org_directory(&f, 100, None).await?.items.len(), 2);
    let p1 = w
        .people
        .org_directory(&OrgFilter::default(), 3, None)
        .await?;
    let p2 = w
        .people
        .org_directory(&OrgFilter::default(), 3, p1.next.as_deref())
        .await?;
    assert_eq!(p1.items.len() + p2.items.len(), 4);
    assert!(p2.next.is_none());
    assert!(OrgFilter::parse("", "", "", "", "castle", "").is_err());

    // Any word of the name, accents and case aside, and pages that neither skip nor repeat
    // across accented names.
    w.org("Île-des-Chênes", "Manitoba", 1_000, "municipality")
        .await;
    w.org(
        "Ville d'Ottawa",
        "Eastern Ontario",
        1_017_449,
        "municipality",
    )
    .await;
    let names = |q: &'static str| {
        let w = &w;
        async move {
            let f = OrgFilter::parse(q, "", "", "", "", "").unwrap();
            let page = w.people.org_directory(&f, 100, None).await.unwrap();
            page.items.into_iter().map(|o| o.name).collect::<Vec<_>>()
        }
    };
    assert_eq!(names("ottawa").await, ["City of Ottawa", "Ville d'Ottawa"]);
    assert_eq!(names("CHÊNES").await, ["Île-des-Chênes"]);
    assert_eq!(names("ile des").await, ["Île-des-Chênes"]);
    assert_eq!(names("ity").await, Vec::<String>::new());
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = w
            .people
            .org_directory(&OrgFilter::default(), 2, cursor.as_deref())
            .await?;
        seen.extend(page.items.into_iter().map(|o| o.name));
        match page.next {
            Some(n) => cursor = Some(n),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "City of Guelph",
            "City of Ottawa",
            "Esri Canada",
            "Île-des-Chênes",
            "Town of Perth",
            "Ville d'Ottawa"
        ]
    );
    Ok(())
}

/// Every page of `f`, two rows at a time, as member ids.
/// Every match, two at a time; and checks that walking back from the last page with `prev`
/// gives the same pages in reverse, ending on the first page.
async fn paged_ids(w: &World, viewer: MemberId, f: &DirectoryFilter) -> Vec<MemberId> {
    let mut pages: Vec<Vec<MemberId>> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut prev = loop {
        let page = w
            .people
            .directory(viewer, f, 2, cursor.as_deref())
            .await
            .unwrap();
        assert_eq!(
            page.prev.is_some(),
            !pages.is_empty(),
            "prev on page {}",
            pages.len()
        );
        pages.push(page.items.into_iter().map(|e| e.member_id).collect());
        match page.next {
            Some(n) => cursor = Some(n),
            None => break page.prev,
        }
    };
    for expected in pages.iter().rev().skip(1) {
        let back = prev.as_deref().expect("a previous page");
        let page = w.people.directory(viewer, f, 2, Some(back)).await.unwrap();
        let got: Vec<MemberId> = page.items.into_iter().map(|e| e.member_id).collect();
        assert_eq!(&got, expected);
        assert!(
            page.next.is_some(),
            "a page reached backwards has a next page"
        );
        prev = page.prev;
    }
    assert!(prev.is_none(), "walking back ends on the first page");
    pages.concat()
}

async fn directory_keys_follow_changes(backend: TestBackend) -> TestResult {
    let Some((w, _tdb)) = World::new(backend).await else {
        return Ok(());
    };
    let north = w
        .org("Town of North", "Northern Ontario", 5_000, "municipality")
        .await;
    let south = w
        .org("Town of South", "Southern Ontario", 5_000, "municipality")
        .await;
    let viewer = w.member("Viewer Person", south, "active", "member").await;
    let mover = w.member("Morgan Mover", north, "active", "member").await;
    let mut twins = vec![mover];
    for _ in 0..5 {
        twins.push(w.member("Morgan Mover", north, "active", "member").await);
    }
    let long = w
        .member(
            "Ada Supercalifragilisticexpialidocious",
            south,
            "active",
            "member",
        )
        .await;
    twins.sort();
    let region = |r: &str| DirectoryFilter {
        region: Some(r.into()),
        ..filter()
    };
    let ids = |v: Vec<civiclink_people::DirectoryEntry>| -> Vec<MemberId> {
        v.into_iter().map(|e| e.member_id).collect()
    };

    // Name prefix and region pages, in (sort name, id) order, each member once.
    let by_prefix = DirectoryFilter {
        name_words: vec!["mor".into()],
        ..filter()
    };
    assert_eq!(paged_ids(&w, viewer, &by_prefix).await, twins);
    assert_eq!(
        paged_ids(&w, viewer, &region("Northern Ontario")).await,
        twins
    );
    let both = DirectoryFilter::parse("mov mor", "", "Northern Ontario", "CA", "", "", "", "", "")?;
    assert_eq!(paged_ids(&w, viewer, &both).await, twins);
    // A word longer than the stored prefixes still matches in full, and only in full.
    let f = DirectoryFilter::parse("supercalifragilisticexp", "", "", "", "", "", "", "", "")?;
    assert_eq!(
        ids(w.people.directory(viewer, &f, 20, None).await?.items),
        vec![long]
    );
    let f = DirectoryFilter::parse("supercalifragilisticexx", "", "", "", "", "", "", "", "")?;
    assert!(
        w.people
            .directory(viewer, &f, 20, None)
            .await?
            .items
            .is_empty()
    );

    // The organization's region changes: its members follow.
    execute_db!(
        w.db,
        sqlx::query("UPDATE organizations SET region = 'Far North' WHERE id = $1").bind(north)
    )?;
    w.event(
        north.as_uuid(),
        AccountsEvent::OrganizationUpdated {
            association_id: w.assoc,
            name: "North".into(),
            kind: civiclink_domain::OrgKind::Municipality,
        },
    )
    .await;
    assert_eq!(paged_ids(&w, viewer, &region("Far North")).await, twins);
    assert!(
        paged_ids(&w, viewer, &region("Northern Ontario"))
            .await
            .is_empty()
    );

    // A member changes organization: found by the new organization's region, not the old one.
    execute_db!(
        w.db,
        sqlx::query("UPDATE members SET org_id = $2 WHERE id = $1")
            .bind(mover)
            .bind(south)
    )?;
    w.event(
        mover.as_uuid(),
        AccountsEvent::OrgChanged {
            from: Some(north),
            to: Some(south),
        },
    )
    .await;
    let southern = paged_ids(&w, viewer, &region("Southern Ontario")).await;
    assert!(southern.contains(&mover) && southern.contains(&long));
    let far = paged_ids(&w, viewer, &region("Far North")).await;
    assert_eq!(far.len(), 5);
    assert!(!far.contains(&mover));
    let entry = w
        .people
        .directory(viewer, &region("Southern Ontario"), 20, None)
        .await?;
    let row = entry.items.iter().find(|e| e.member_id == mover).unwrap();
    assert_eq!(row.region.as_deref(), Some("Southern Ontario"));

    // A new name: found by its prefix, in its new place, and no longer by the old one.
    execute_db!(
        w.db,
        sqlx::query("UPDATE members SET display_name = 'Aaron Mover' WHERE id = $1").bind(mover)
    )?;
    w.event(
        mover.as_uuid(),
        AccountsEvent::Renamed {
            display_name: "Aaron Mover".into(),
        },
    )
    .await;
    let by_last = DirectoryFilter::parse("mov", "", "", "", "", "", "", "", "")?;
    assert_eq!(paged_ids(&w, viewer, &by_last).await.first(), Some(&mover));
    assert!(!paged_ids(&w, viewer, &by_prefix).await.contains(&mover));
    let f = DirectoryFilter::parse("aar", "", "", "", "", "", "", "", "")?;
    assert_eq!(paged_ids(&w, viewer, &f).await, vec![mover]);
    Ok(())
}

async fn suggestions_are_ranked_and_explained(backend: TestBackend) -> TestResult {
    let Some((w, _tdb)) = World::new(backend).await else {
        return Ok(());
    };
    let east = w
        .org(
            "City of Kingston",
            "Eastern Ontario",
            132_485,
            "municipality",
        )
        .await;
    let east2 = w
        .org(
            "City of Belleville",
            "Eastern Ontario",
            55_071,
            "municipality",
        )
        .await;
    let west = w
        .org(
            "City of Windsor",
            "Southwestern Ontario",
            229_660,
            "municipality",
        )
        .await;
    let tiny = w
        .org(
            "Township of Tiny",
            "Central Ontario",
            12_000,
            "municipality",
        )
        .await;

    let me = w.member("Me Myself", east, "active", "member").await;
    let f1 = w.member("Friend One", west, "active", "member").await;
    let f2 = w.member("Friend Two", west, "active", "member").await;
    let f3 = w.member("Friend Three", tiny, "active", "member").await;
    for f in [f1, f2, f3] {
        w.connect(me, f, "accepted").await;
    }
    // Shares three connections, in another region.
    let fof3 = w.member("Three Shared", tiny, "active", "member").await;
    // Shares one connection and the region and the size band.
    let fof1 = w.member("One Shared", east2, "active", "member").await;
    // A colleague: same organization (which says more than its region and size band).
    let near = w.member("Near By", east, "active", "member").await;
    // Shared expertise only.
    let expert = w.member("Tag Twin", tiny, "active", "member").await;
    // Excluded: blocked either way, pending connection, not in directory, not active.
    let blocked = w.member("Blocked Person", east, "active", "member").await;
    let blocking = w.member("Blocking Person", east, "active", "member").await;
    let asked = w.member("Asked Already", east, "active", "member").await;
    let unlisted = w.member("Not Listed", east, "active", "member").await;
    let gone = w
        .member("Suspended Person", east, "suspended", "member")
        .await;
    for f in [f1, f2, f3] {
        w.connect(fof3, f, "accepted").await;
    }
    w.connect(fof1, f1, "accepted").await;
    w.connect(blocked, f1, "accepted").await;
    w.block(me, blocked).await;
    w.block(blocking, me).await;
    w.connect(me, asked, "pending").await;
    execute_db!(
        w.db,
        sqlx::query("UPDATE profiles SET in_directory = FALSE WHERE member_id = $1").bind(unlisted)
    )?;
    w.tag(me, "gis").await;
    w.tag(me, "cloud").await;
    w.tag(expert, "gis").await;
    w.tag(expert, "cloud").await;
    w.tag(me, "networking").await;
    w.tag(expert, "networking").await;
    w.tag(near, "cloud").await;
    w.set_visibility(near, serde_json::json!({"expertise": "nobody"}))
        .await;

    let s = w.people.suggestions(me, 20).await?;
    let ids: Vec<MemberId> = s.iter().map(|x| x.member_id).collect();
    assert_eq!(ids, vec![fof3, fof1, expert, near], "{s:#?}");
    assert_eq!(s[0].reasons, vec![Reason::SharedConnections(3)]);
    assert_eq!(
        s[1].reasons,
        vec![
            Reason::SharedConnections(1),
            Reason::SameRegion("Eastern Ontario".into()),
            Reason::SameSizeBand
        ]
    );
    assert_eq!(s[2].reasons, vec![Reason::SharedExpertise(3)]);
    // Near By hides their expertise: only the organization counts, said as such.
    assert_eq!(
        s[3].reasons,
        vec![Reason::SameOrganization("City of Kingston".into())]
    );
    for excluded in [me, f1, f2, f3, blocked, blocking, asked, unlisted, gone] {
        assert!(!ids.contains(&excluded));
    }
    assert_eq!(w.people.suggestions(me, 1).await?.len(), 1);
    // A viewer without tags (Friend Two, connected to me and Three Shared): Friend One shares
    // both connections and the organization; no one shares expertise.
    let s = w.people.suggestions(f2, 20).await?;
    assert_eq!(s.first().map(|x| x.member_id), Some(f1), "{s:#?}");
    assert_eq!(
        s[0].reasons,
        vec![
            Reason::SharedConnections(2),
            Reason::SameOrganization("City of Windsor".into())
        ]
    );
    assert!(
        s.iter()
            .all(|x| !matches!(x.reasons.last(), Some(Reason::SharedExpertise(_)))),
        "{s:#?}"
    );
    Ok(())
}

#[tokio::test]
async fn sqlite_directory_filters_sorts_and_pages() -> TestResult {
    directory_filters_sorts_and_pages(TestBackend::Sqlite).await
}

#[tokio::test]
async fn postgres_directory_filters_sorts_and_pages() -> TestResult {
    directory_filters_sorts_and_pages(TestBackend::Postgres).await
}

#[tokio::test]
async fn sqlite_suggestions_are_ranked_and_explained() -> TestResult {
    suggestions_are_ranked_and_explained(TestBackend::Sqlite).await
}

#[tokio::test]
async fn postgres_suggestions_are_ranked_and_explained() -> TestResult {
    suggestions_are_ranked_and_explained(TestBackend::Postgres).await
}

#[tokio::test]
async fn sqlite_directory_keys_follow_changes() -> TestResult {
    directory_keys_follow_changes(TestBackend::Sqlite).await
}

#[tokio::test]
async fn postgres_directory_keys_follow_changes() -> TestResult {
    directory_keys_follow_changes(TestBackend::Postgres).await
}
