//! The activity feed: what connections and followed members and organizations did, newest
//! first, with a cursor; nothing from strangers.

use civiclink_domain::Role;
use civiclink_store::{execute_db, sqlx};
use civiclink_tests::{TestApp, TestBackend, TestResult, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    the_feed_shows_my_network_newest_first,
    pages_of_new_connections_still_lead_to_older_news,
    the_feed_shows_nothing_of_blocked_members_either_way,
);

fn profile(handle: &str, title: &str) -> serde_json::Value {
    json!({ "display_name": format!("{handle} person"), "handle": handle, "job_title": title })
}

async fn the_feed_shows_my_network_newest_first(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let me_id = app.member("me@x.test", Role::Member).await;
    let friend = app.member("friend@x.test", Role::Member).await;
    app.member("stranger@x.test", Role::Member).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    app.connect_without_news(me_id, friend).await;
    execute_db!(app.db, sqlx::query(
        "INSERT INTO follows (follower, target_kind, target_id, created_at) VALUES ($1, 'organization', $2, $3)",
    ).bind(me_id).bind(app.org).bind(civiclink_store::now()))?;

    let mut friend_c = app.client();
    friend_c.login_ok("friend@x.test").await;
    let mut stranger = app.client();
    stranger.login_ok("stranger@x.test").await;
    for i in 0..3 {
        let r = friend_c
            .api(
                "PUT".parse()?,
                "/api/v1/me/profile",
                &profile("friendly", &format!("Title {i}")),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = stranger
        .api(
            "PUT".parse()?,
            "/api/v1/me/profile",
            &profile("strange", "Hidden"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The friend makes a new connection: the feed names both people.
    let stranger_id = app
        .accounts
        .member_by_email(&civiclink_domain::EmailAddress::parse("stranger@x.test")?)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("no stranger"))?;
    let r = stranger
        .api_post(&format!("/api/v1/connections/{friend}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = friend_c
        .api_post(
            &format!("/api/v1/connections/{stranger_id}/accept"),
            &json!({}),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/organizations/{}", app.org),
            &json!({ "it_team_size": 9 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    let mut me = app.client();
    me.login_ok("me@x.test").await;
    let items = me.get_json("/api/v1/feed", StatusCode::OK).await;
    let items = items.as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = items.iter().filter_map(|i| i["kind"].as_str()).collect();
    assert_eq!(kinds.first(), Some(&"organization.updated"), "{items:?}");
    assert!(kinds.contains(&"profile.updated") && kinds.contains(&"member.renamed"));
    let accepted = items
        .iter()
        .find(|i| i["kind"] == "connection.accepted")
        .ok_or_else(|| anyhow::anyhow!("no new connection in {items:?}"))?;
    assert_eq!(accepted["actor"]["name"], "friendly person");
    assert_eq!(accepted["other"]["name"], "strange person");
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == "connection.accepted")
            .count(),
        1,
        "a new connection is shown once: {items:?}"
    );
    // The stranger's own doings stay out of my feed.
    assert!(
        items.iter().all(|i| i["actor"]["name"] != "strange person"),
        "{items:?}"
    );
    let positions: Vec<i64> = items
        .iter()
        .filter_map(|i| i["position"].as_i64())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] > w[1]), "newest first");

    // The news reaches the requester's side too: a follower of the stranger sees it, once.
    let pal = app.member("pal@x.test", Role::Member).await;
    execute_db!(app.db, sqlx::query(
        "INSERT INTO follows (follower, target_kind, target_id, created_at) VALUES ($1, 'member', $2, $3)",
    ).bind(pal).bind(stranger_id).bind(civiclink_store::now()))?;
    let mut pal_c = app.client();
    pal_c.login_ok("pal@x.test").await;
    let theirs = pal_c.get_json("/api/v1/feed", StatusCode::OK).await;
    let connected: Vec<&serde_json::Value> = theirs
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|i| i["kind"] == "connection.accepted")
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(connected.len(), 1, "{theirs}");
    assert_eq!(connected[0]["actor"]["name"], "strange person");
    assert_eq!(connected[0]["other"]["name"], "friendly person");

    // Pages follow the cursor without overlap.
    let first = me.get_json("/api/v1/feed?limit=2", StatusCode::OK).await;
    let last = first[1]["position"].as_i64().unwrap_or_default();
    let second = me
        .get_json(
            &format!("/api/v1/feed?limit=2&before={last}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(second[0]["position"].as_i64(), positions.get(2).copied());
    let r = me.get("/api/v1/feed?limit=500").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The home page shows it, in words.
    let home = me.get("/").await.text().await?;
    assert!(
        home.contains("friendly person updated their profile"),
        "{home}"
    );
    assert!(home.contains("City of Kingston updated its page"));
    Ok(())
}

/// A new connection is two events (one per side) shown as one item, so a page shows fewer items
/// than it read: the way to the next page must not depend on how many items were shown.
async fn pages_of_new_connections_still_lead_to_older_news(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let me_id = app.member("me@x.test", Role::Member).await;
    // Six colleagues I know, who then connect with each other in three pairs.
    let mut colleagues = Vec::new();
    for i in 0..6 {
        let id = app
            .member(&format!("colleague{i}@x.test"), Role::Member)
            .await;
        app.connect_without_news(me_id, id).await;
        colleagues.push(id);
    }
    let mut c0 = app.client();
    c0.login_ok("colleague0@x.test").await;
    let r = c0
        .api(
            "PUT".parse()?,
            "/api/v1/me/profile",
            &profile("first", "The oldest news"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for pair in colleagues.chunks(2) {
        app.people
            .request_connection(
                pair[0],
                pair[1],
                &civiclink_people::ConnectionNote::parse("")?,
            )
            .await?;
        app.people.accept_connection(pair[1], pair[0]).await?;
    }

    let mut me = app.client();
    me.login_ok("me@x.test").await;
    // Walk the API four events at a time: each connection once, then the profile update (its
    // new display name too).
    let mut cursor: Option<String> = None;
    let mut kinds = Vec::new();
    for _ in 0..10 {
        let path = match &cursor {
            Some(b) => format!("/api/v1/feed?limit=4&before={b}"),
            None => "/api/v1/feed?limit=4".to_owned(),
        };
        let r = me.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK);
        cursor = r
            .headers()
            .get("x-next-cursor")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let page: serde_json::Value = r.json().await?;
        kinds.extend(
            page.as_array()
                .into_iter()
                .flatten()
                .map(|i| i["kind"].as_str().unwrap_or_default().to_owned()),
        );
        if cursor.is_none() {
            break;
        }
    }
    assert!(cursor.is_none(), "the walk ends");
    assert_eq!(
        kinds,
        [
            "connection.accepted",
            "connection.accepted",
            "connection.accepted",
            "member.renamed",
            "profile.updated"
        ]
    );

    // The home page reads 20 events a page: with 22 (16 items), its first page links to the rest.
    for i in 0..14 {
        let r = c0
            .api(
                "PUT".parse()?,
                "/api/v1/me/profile",
                &profile("first", &format!("Title {i}")),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let home = me.get("/").await.text().await?;
    assert!(home.contains("href=\"/?before="), "{home}");
    Ok(())
}

/// A member never sees news of someone they blocked or who blocked them: not as the subject of
/// an item (even while a follow remains), nor as the other member of a friend's new connection.
async fn the_feed_shows_nothing_of_blocked_members_either_way(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let me_id = app.member("me@x.test", Role::Member).await;
    let friend = app.member("friend@x.test", Role::Member).await;
    let blocked_by_me = app.member("one@x.test", Role::Member).await;
    let blocks_me = app.member("two@x.test", Role::Member).await;
    app.connect_without_news(me_id, friend).await;
    for (i, (other, email)) in [(blocked_by_me, "one@x.test"), (blocks_me, "two@x.test")]
        .into_iter()
        .enumerate()
    {
        execute_db!(app.db, sqlx::query(
            "INSERT INTO follows (follower, target_kind, target_id, created_at) VALUES ($1, 'member', $2, $3)",
        ).bind(me_id).bind(other).bind(civiclink_store::now()))?;
        let mut c = app.client();
        c.login_ok(email).await;
        let r = c
            .api(
                "PUT".parse()?,
                "/api/v1/me/profile",
                &profile(&format!("other{i}"), "News"),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // The friend's news, and the friend's new connections with them.
    let mut friend_c = app.client();
    friend_c.login_ok("friend@x.test").await;
    let r = friend_c
        .api(
            "PUT".parse()?,
            "/api/v1/me/profile",
            &profile("friendly", "Still here"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for (other, email) in [(blocked_by_me, "one@x.test"), (blocks_me, "two@x.test")] {
        let r = friend_c
            .api_post(&format!("/api/v1/connections/{other}"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let mut c = app.client();
        c.login_ok(email).await;
        let r = c
            .api_post(&format!("/api/v1/connections/{friend}/accept"), &json!({}))
            .await;
        assert!(r.status().is_success(), "{}", r.status());
    }
    let names = |items: &serde_json::Value| -> Vec<String> {
        items
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|i| [i["actor"]["name"].clone(), i["other"]["name"].clone()])
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    let mut me = app.client();
    me.login_ok("me@x.test").await;
    let before = names(&me.get_json("/api/v1/feed", StatusCode::OK).await);
    for n in ["other0 person", "other1 person"] {
        assert!(
            before.iter().any(|x| x == n),
            "{n} missing before the blocks: {before:?}"
        );
    }

    for (blocker, blocked) in [(me_id, blocked_by_me), (blocks_me, me_id)] {
        execute_db!(
            app.db,
            sqlx::query("INSERT INTO blocks (blocker, blocked, created_at) VALUES ($1, $2, $3)",)
                .bind(blocker)
                .bind(blocked)
                .bind(civiclink_store::now())
        )?;
    }
    let after = names(&me.get_json("/api/v1/feed", StatusCode::OK).await);
    for n in ["other0 person", "other1 person"] {
        assert!(
            !after.iter().any(|x| x == n),
            "{n} shown despite a block: {after:?}"
        );
    }
    assert!(
        after.iter().any(|x| x == "friendly person"),
        "the friend's news remains: {after:?}"
    );
    Ok(())
}
