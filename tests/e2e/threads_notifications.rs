//! Notifications, derived from threads' events by the outbox consumer: a question about a
//! listing reaches the members whose organization runs it ("ask the users"), a watched
//! category tells of new threads, a reply reaches the member replied to and the thread's
//! watchers, an accepted answer its author; muting silences a thread; a private category's
//! threads notify no outsider; each event notifies each member once.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends, str_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::threads::{World, open, world};

both_backends!(
    notifications_follow_what_members_watch_and_run,
    reactions_bookmarks_and_watched_lists,
);

/// The kinds of `client`'s notifications, newest first, with the title of their thread.
async fn kinds(client: &mut civiclink_tests::Client) -> Vec<(String, String)> {
    let v = client
        .get_json("/api/v1/notifications", StatusCode::OK)
        .await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (str_of(&n["kind"]), str_of(&n["thread_title"])))
        .collect()
}

async fn notifications_follow_what_members_watch_and_run(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut ada,
        mut bob,
        category,
        slug,
        listing,
        ..
    } = world(&app).await;
    // Kingston (Ada's and Bob's) runs Cityworks; Gananoque does not.
    let r = ada
        .api_post(
            &format!("/api/v1/organizations/{}/stack", app.org),
            &json!({ "listing_id": listing, "status": "production" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque",
                     "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                     "population": 5383 }),
        )
        .await;
    let town: OrgId = str_of(&r.json::<Value>().await?["id"]).parse()?;
    for who in ["carl@gananoque.test", "dave@gananoque.test"] {
        app.member_in(who, Role::Member, app.association, Some(town), 365)
            .await;
    }
    let mut carl = app.signed_in("carl@gananoque.test").await;
    let mut dave = app.signed_in("dave@gananoque.test").await;

    // Dave watches the category's new threads; a bad level is refused.
    let watch = format!("/api/v1/categories/{category}/watch");
    let r = dave
        .api(Method::PUT, &watch, &json!({ "level": "loudly" }))
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "level");
    let r = dave
        .api(Method::PUT, &watch, &json!({ "level": "watching_first" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // Carl asks about Cityworks: Kingston's members are asked, Dave hears of a new thread,
    // Carl himself of nothing.
    let q = open(
        &mut carl,
        &json!({ "category": category, "kind": "question",
                 "title": "Cityworks for a small town?", "text": "Worth it?",
                 "listings": [listing] }),
    )
    .await;
    let thread = str_of(&q["id"]);
    let first = str_of(&q["posts"][0]["id"]);
    app.threads.sync_notifications().await?;
    let title = "Cityworks for a small town?".to_owned();
    assert_eq!(
        kinds(&mut ada).await,
        vec![("asked".to_owned(), title.clone())]
    );
    assert_eq!(
        kinds(&mut bob).await,
        vec![("asked".to_owned(), title.clone())]
    );
    assert_eq!(
        kinds(&mut dave).await,
        vec![("new_thread".to_owned(), title.clone())]
    );
    assert!(kinds(&mut carl).await.is_empty());

    // Ada answers Carl; Carl (who watches his own thread) is told once, as replied to.
    let r = ada
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "Yes, for storm water.", "reply_to": first }),
        )
        .await;
    let answer = str_of(&r.json::<Value>().await?["id"]);
    app.threads.sync_notifications().await?;
    let carls = carl.get_json("/api/v1/notifications", StatusCode::OK).await;
    assert_eq!(carls["unread"], 1);
    assert_eq!(carls["items"][0]["kind"], "replied_to");
    assert!(str_of(&carls["items"][0]["actor"]["id"]).len() == 36);
    assert!(
        str_of(&carls["items"][0]["url"]).ends_with(&format!("/threads/{thread}#post-{answer}"))
    );
    assert_eq!(
        kinds(&mut dave).await.len(),
        1,
        "a new-threads watcher hears of no reply"
    );

    // Carl accepts it: Ada is told. Ada mutes the thread, Bob watches it; Carl's next reply
    // to Ada reaches Bob only.
    let r = carl
        .api(
            Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &json!({ "post": answer }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Settings apply to what happens after them: the acceptance is handled before Ada mutes.
    app.threads.sync_notifications().await?;
    let r = ada
        .api(
            Method::PUT,
            &format!("/api/v1/threads/{thread}/watch"),
            &json!({ "level": "muted" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = bob
        .form_post(
            &format!("/threads/{thread}/watch"),
            &[("level", "watching")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = carl
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "Thanks!", "reply_to": answer }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    app.threads.sync_notifications().await?;
    assert_eq!(
        kinds(&mut ada).await,
        vec![
            ("accepted".to_owned(), title.clone()),
            ("asked".to_owned(), title.clone())
        ]
    );
    assert_eq!(
        kinds(&mut bob).await,
        vec![
            ("reply".to_owned(), title.clone()),
            ("asked".to_owned(), title.clone())
        ]
    );

    // A question in ALGIM's own category about Cityworks asks nobody in Kingston, who may not
    // see it, and an ALGIM member whose council runs it is asked.
    let (algim, wellington) = app.other_association().await;
    app.member_in(
        "wendy@wellington.test",
        Role::Member,
        algim,
        Some(wellington),
        365,
    )
    .await;
    app.member_in(
        "wiremu@wellington.test",
        Role::AssociationAdmin,
        algim,
        Some(wellington),
        365,
    )
    .await;
    let mut wendy = app.signed_in("wendy@wellington.test").await;
    let mut wiremu = app.signed_in("wiremu@wellington.test").await;
    let r = wiremu
        .api_post(
            &format!("/api/v1/organizations/{wellington}/stack"),
            &json!({ "listing_id": listing, "status": "production" }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "Wellington records Cityworks"
    );
    let r = wiremu
        .api_post("/api/v1/categories", &json!({ "name": "ALGIM only" }))
        .await;
    let algim_cat = str_of(&r.json::<Value>().await?["id"]);
    open(
        &mut wiremu,
        &json!({ "category": algim_cat, "kind": "question", "title": "Secret rates",
                 "text": "x", "listings": [listing] }),
    )
    .await;
    app.threads.sync_notifications().await?;
    assert_eq!(kinds(&mut ada).await.len(), 2, "an outsider was notified");
    assert_eq!(kinds(&mut bob).await.len(), 2, "an outsider was notified");
    assert_eq!(
        kinds(&mut wendy).await,
        vec![("asked".to_owned(), "Secret rates".to_owned())]
    );

    // The header counts what is unread; reading the page writes nothing; marking read does.
    let html = bob.get(&format!("/threads/c/{slug}")).await.text().await?;
    assert!(
        html.contains("2 new"),
        "the header counts unread notifications"
    );
    let page = bob.get("/notifications").await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await?;
    assert!(page.contains("replied in a discussion you watch"));
    let before = app.contents().await;
    bob.get("/notifications").await;
    bob.get_json("/api/v1/notifications", StatusCode::OK).await;
    assert_eq!(
        app.contents().await,
        before,
        "reading notifications wrote something"
    );
    let r = bob.api_post("/api/v1/notifications/read", &json!({})).await;
    assert_eq!(r.json::<Value>().await?["marked"], 2);
    let v = bob.get_json("/api/v1/notifications", StatusCode::OK).await;
    assert_eq!(v["unread"], 0);
    assert_eq!(v["items"][0]["read"], true);
    let r = ada.form_post("/notifications/read", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = ada.get("/threads").await.text().await?;
    assert!(
        !html.contains(" new</span>"),
        "read notifications are still counted"
    );

    // Each event notified each member once: running the consumer again adds nothing. (Eight:
    // Kingston's moderator runs Cityworks too, and was asked.)
    let total = app.count("notifications").await;
    assert_eq!(total, 8);
    assert_eq!(app.threads.sync_notifications().await?, 0);
    assert_eq!(app.count("notifications").await, total);
    Ok(())
}

async fn reactions_bookmarks_and_watched_lists(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut moderator,
        mut ada,
        mut bob,
        category,
        ..
    } = world(&app).await;
    let t = open(
        &mut ada,
        &json!({ "category": category, "title": "MFA for council?", "text": "How?" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    let post = str_of(&t["posts"][0]["id"]);
    let like = format!("/api/v1/posts/{post}/reactions/like");

    // Reactions: from the set, never to one's own post, once each.
    let r = ada.api(Method::PUT, &like, &json!({})).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = bob
        .api(
            Method::PUT,
            &format!("/api/v1/posts/{post}/reactions/love"),
            &json!({}),
        )
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "reaction");
    for _ in 0..2 {
        let r = bob.api(Method::PUT, &like, &json!({})).await;
        assert_eq!(r.status(), StatusCode::OK);
        let counts: Value = r.json().await?;
        assert_eq!(
            counts[0],
            json!({ "reaction": "like", "count": 1, "mine": true })
        );
        assert_eq!(counts.as_array().map(Vec::len), Some(4));
    }
    let r = bob.api(Method::DELETE, &like, &json!({})).await;
    assert_eq!(r.json::<Value>().await?[0]["count"], 0);
    app.threads.sync_notifications().await?;
    // Reactions are told in one notification while it is unread.
    let r = bob.api(Method::PUT, &like, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = moderator
        .api(
            Method::PUT,
            &format!("/api/v1/posts/{post}/reactions/thanks"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = root.api(Method::PUT, &like, &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    app.threads.sync_notifications().await?;
    let n = ada.get_json("/api/v1/notifications", StatusCode::OK).await;
    let items = n["items"].as_array().cloned().unwrap_or_default();
    let reactions: Vec<&Value> = items.iter().filter(|i| i["kind"] == "reaction").collect();
    assert_eq!(reactions.len(), 1, "{n}");
    assert_eq!(
        reactions[0]["others"], 2,
        "the first like, taken back, counts once"
    );
    let html = ada.get("/notifications").await.text().await?;
    assert!(html.contains("and 2 more reacted to your post"));
    let r = ada.api_post("/api/v1/notifications/read", &json!({})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = bob
        .api(
            Method::PUT,
            &format!("/api/v1/posts/{post}/reactions/insightful"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.threads.sync_notifications().await?;
    let n = ada.get_json("/api/v1/notifications", StatusCode::OK).await;
    assert_eq!(n["unread"], 1);
    assert_eq!(n["items"][0]["kind"], "reaction");
    assert_eq!(n["items"][0]["others"], 2, "the others who reacted to it");
    let t = bob
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    let counts = &t["posts"][0]["reactions"];
    assert_eq!(counts[0]["count"], 2);
    assert_eq!(counts[1]["count"], 1);
    assert_eq!(
        counts[2],
        json!({ "reaction": "insightful", "count": 1, "mine": true })
    );
    let html = bob.get(&format!("/threads/{thread}")).await.text().await?;
    assert!(html.contains("aria-pressed=\"true\""));
    let r = bob
        .form_post(
            &format!("/posts/{post}/react"),
            &[("reaction", "insightful"), ("on", "0")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Bookmarks and the watched list are each member's own.
    let mark = format!("/api/v1/threads/{thread}/bookmark");
    let r = bob.api(Method::PUT, &mark, &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let listed = |v: &Value| v["threads"].as_array().map(Vec::len).unwrap_or(0);
    let v = bob
        .get_json("/api/v1/threads?bookmarked=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 1);
    let v = ada
        .get_json("/api/v1/threads?bookmarked=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 0);
    let t = bob
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    assert_eq!(t["bookmarked"], true);
    let r = bob
        .form_post(&format!("/threads/{thread}/bookmark"), &[("on", "0")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v = bob
        .get_json("/api/v1/threads?bookmarked=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 0);
    // Ada watches her own thread; Bob, once he watches the category, its threads.
    let v = ada
        .get_json("/api/v1/threads?watched=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 1);
    let v = bob
        .get_json("/api/v1/threads?watched=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 0);
    let r = bob
        .api(
            Method::PUT,
            &format!("/api/v1/categories/{category}/watch"),
            &json!({ "level": "watching" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v = bob
        .get_json("/api/v1/threads?watched=true", StatusCode::OK)
        .await;
    assert_eq!(listed(&v), 1);
    let r = bob.get("/threads?watched=1").await;
    assert_eq!(r.status(), StatusCode::OK);
    Ok(())
}
