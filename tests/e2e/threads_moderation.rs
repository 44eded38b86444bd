//! Moderation of threads: flags and the moderators' queue, hiding, deleting and restoring
//! posts, locking, pinning and moving threads, each refused to members, and a move racing
//! replies that loses none.

use civiclink_domain::Role;
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends, str_of};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::threads::{World, open, world};

both_backends!(
    flags_hide_delete_and_restore_posts,
    moderators_lock_pin_and_move_threads,
    a_move_racing_replies_loses_none,
    slow_mode_and_silence_hold_members_back,
);

fn ids(v: &Value) -> Vec<String> {
    v["threads"]
        .as_array()
        .map(|a| a.iter().map(|t| str_of(&t["id"])).collect())
        .unwrap_or_default()
}

async fn flags_hide_delete_and_restore_posts(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut moderator,
        mut ada,
        mut bob,
        category,
        ..
    } = world(&app).await;
    let t = open(
        &mut ada,
        &json!({ "category": category, "kind": "question", "title": "Backups?",
                 "text": "Buy my backup product at example.test" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    let first = str_of(&t["posts"][0]["id"]);
    let r = bob
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "Veeam, immutable." }),
        )
        .await;
    let bobs = str_of(&r.json::<Value>().await?["id"]);
    let r = ada
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "Thanks" }),
        )
        .await;
    let adas = str_of(&r.json::<Value>().await?["id"]);

    // Flags: a reason from the list, a note for "other", once, never one's own post.
    let flags = format!("/api/v1/posts/{first}/flags");
    for (body, field) in [
        (json!({ "reason": "rude" }), "reason"),
        (json!({ "reason": "other" }), "note"),
        (
            json!({ "reason": "spam", "note": "x".repeat(1001) }),
            "note",
        ),
    ] {
        let r = bob.api_post(&flags, &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], field);
    }
    let r = ada.api_post(&flags, &json!({ "reason": "spam" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = bob
        .api_post(&flags, &json!({ "reason": "spam", "note": "An advert." }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = bob.api_post(&flags, &json!({ "reason": "spam" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // Only moderators read the queue and act on it.
    let r = bob.get("/api/v1/flags").await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = bob.get("/threads/flags").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = bob
        .api_post(
            &format!("/api/v1/posts/{first}/hide"),
            &json!({ "reason": "Spam" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let queue = moderator.get_json("/api/v1/flags", StatusCode::OK).await;
    assert_eq!(queue.as_array().map(Vec::len), Some(1));
    assert_eq!(queue[0]["reason"], "spam");
    assert_eq!(queue[0]["note"], "An advert.");
    assert!(str_of(&queue[0]["url"]).ends_with(&format!("#post-{first}")));
    let html = moderator.get("/threads/flags").await.text().await?;
    assert!(html.contains("An advert."));

    // Hiding takes a reason, settles the flag and is audited; the author still reads it.
    let r = moderator
        .api_post(
            &format!("/api/v1/posts/{first}/hide"),
            &json!({ "reason": " " }),
        )
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "reason");
    let audits = app.count("audit_log").await;
    let r = moderator
        .api_post(
            &format!("/api/v1/posts/{first}/hide"),
            &json!({ "reason": "Spam" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.count("audit_log").await, audits + 1);
    let queue = moderator.get_json("/api/v1/flags", StatusCode::OK).await;
    assert_eq!(queue.as_array().map(Vec::len), Some(0));
    let seen = bob
        .get_json(&format!("/api/v1/posts/{first}"), StatusCode::OK)
        .await;
    assert_eq!(seen["hidden"], true);
    assert_eq!(seen["text"], "");
    assert_eq!(seen["html"], "");
    let page = bob.get(&format!("/threads/{thread}")).await.text().await?;
    assert!(!page.contains("example.test") && page.contains("A moderator hid this post."));
    let own = ada
        .get_json(&format!("/api/v1/posts/{first}"), StatusCode::OK)
        .await;
    assert!(str_of(&own["text"]).contains("example.test"));
    let r = bob.get(&format!("/api/v1/posts/{first}/revisions")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = moderator
        .api_post_empty(&format!("/api/v1/posts/{first}/restore"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = moderator
        .api_post_empty(&format!("/api/v1/posts/{first}/restore"))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // A dismissed flag leaves the post as it is.
    let r = bob
        .api_post(
            &format!("/api/v1/posts/{adas}/flags"),
            &json!({ "reason": "off_topic" }),
        )
        .await;
    let flag = str_of(&r.json::<Value>().await?["id"]);
    let r = bob
        .api_post_empty(&format!("/api/v1/flags/{flag}/dismiss"))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = moderator
        .api_post_empty(&format!("/api/v1/flags/{flag}/dismiss"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = moderator
        .api_post_empty(&format!("/api/v1/flags/{flag}/dismiss"))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;

    // Deleting: the author a reply of theirs, never the question; a moderator any post.
    let r = ada
        .api(
            Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &json!({ "post": bobs }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for (client, post, status) in [
        (&mut bob, &adas, StatusCode::FORBIDDEN),
        (&mut ada, &first, StatusCode::FORBIDDEN),
    ] {
        let r = client
            .api(Method::DELETE, &format!("/api/v1/posts/{post}"), &json!({}))
            .await;
        assert_eq!(r.status(), status);
    }
    let r = bob
        .api(Method::DELETE, &format!("/api/v1/posts/{bobs}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let t = ada
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    assert_eq!(
        t["answered"], false,
        "a deleted answer is no longer the answer"
    );
    assert_eq!(t["posts"][1]["deleted"], true);
    assert_eq!(t["posts"][1]["text"], "");
    assert_eq!(t["replies"], 2, "nothing is erased");
    let r = bob
        .api_post_empty(&format!("/api/v1/posts/{bobs}/restore"))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    // The moderator's page buttons: delete and restore.
    let r = moderator
        .form_post(&format!("/posts/{adas}/delete"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = moderator
        .get(&format!("/threads/{thread}"))
        .await
        .text()
        .await?;
    assert!(html.contains(&format!("action=\"/posts/{adas}/restore\"")));
    let r = moderator
        .form_post(&format!("/posts/{adas}/restore"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // A flag through the page.
    let r = bob.get(&format!("/posts/{adas}/flag")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = bob
        .form_post(&format!("/posts/{adas}/flag"), &[("reason", "other")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = bob
        .form_post(
            &format!("/posts/{adas}/flag"),
            &[("reason", "other"), ("note", "Wrong thread")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        r.headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.ends_with(&format!("#post-{adas}")))
    );
    Ok(())
}

async fn moderators_lock_pin_and_move_threads(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut moderator,
        mut ada,
        mut bob,
        category,
        slug,
        ..
    } = world(&app).await;
    let r = root
        .api_post("/api/v1/categories", &json!({ "name": "Records" }))
        .await;
    let records: Value = r.json().await?;
    let mut threads = Vec::new();
    for title in ["Oldest", "Middle", "Newest"] {
        let t = open(
            &mut ada,
            &json!({ "category": category, "title": title, "text": "x" }),
        )
        .await;
        threads.push(str_of(&t["id"]));
    }
    let other = open(
        &mut ada,
        &json!({ "category": records["id"], "title": "Elsewhere", "text": "x" }),
    )
    .await;
    let other = str_of(&other["id"]);
    let patch = |t: &str| format!("/api/v1/threads/{t}");

    // Members may not; a moderator locks, and then only moderators reply.
    let r = bob
        .api_patch(&patch(&threads[0]), &json!({ "locked": true }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = moderator
        .api_patch(&patch(&threads[0]), &json!({ "locked": true }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["locked"], true);
    let r = bob
        .api_post(
            &format!("/api/v1/threads/{}/posts", threads[0]),
            &json!({ "text": "late" }),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = moderator
        .api_post(
            &format!("/api/v1/threads/{}/posts", threads[0]),
            &json!({ "text": "Closing this." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = bob
        .get(&format!("/threads/{}", threads[0]))
        .await
        .text()
        .await?;
    assert!(html.contains("This discussion is locked"));
    assert!(!html.contains(&format!("action=\"/threads/{}/reply\"", threads[0])));

    // Pinned in the category: first there, not in the latest list. Pinned globally: first
    // everywhere. A pinned thread is not repeated on later pages.
    let r = moderator
        .api_patch(&patch(&threads[1]), &json!({ "pinned": true }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let in_cat = bob
        .get_json(
            &format!("/api/v1/threads?category={slug}&limit=1"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(ids(&in_cat)[0], threads[1]);
    assert_eq!(
        ids(&in_cat).len(),
        2,
        "the pinned thread, then a page of others"
    );
    let cursor = str_of(&in_cat["next"]);
    let more = bob
        .get_json(
            &format!("/api/v1/threads?category={slug}&limit=1&cursor={cursor}"),
            StatusCode::OK,
        )
        .await;
    assert!(!ids(&more).contains(&threads[1]));
    let mut all: Vec<String> = ids(&in_cat);
    all.extend(ids(&more));
    all.sort();
    let mut expected = threads.clone();
    expected.sort();
    assert_eq!(all, expected, "every thread once");
    let latest = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_ne!(ids(&latest)[0], threads[1]);
    let r = moderator
        .form_post(
            &format!("/threads/{}/moderate", threads[2]),
            &[
                ("locked", "0"),
                ("pinned", "0"),
                ("pinned_globally", "0"),
                ("pinned_globally", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let latest = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(ids(&latest)[0], threads[2]);
    assert_eq!(latest["threads"][0]["pinned_globally"], true);
    let elsewhere = bob
        .get_json("/api/v1/threads?category=records", StatusCode::OK)
        .await;
    assert_eq!(
        ids(&elsewhere),
        vec![other.clone()],
        "pinned globally stays in its category"
    );

    // Moving: to a category the moderator sees; the thread keeps its posts.
    let r = moderator
        .api_patch(&patch(&threads[0]), &json!({ "category": "nowhere" }))
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "category");
    let audits = app.count("audit_log").await;
    let r = moderator
        .api_patch(&patch(&threads[0]), &json!({ "category": "records" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let moved: Value = r.json().await?;
    assert_eq!(moved["category"]["slug"], "records");
    assert_eq!(moved["replies"], 1);
    assert_eq!(app.count("audit_log").await, audits + 1);
    let cats = bob.get_json("/api/v1/categories", StatusCode::OK).await;
    let count = |name: &str| {
        cats.as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["threads"].clone())
    };
    assert_eq!(count("Records"), Some(json!(2)));
    assert_eq!(count("GIS and mapping"), Some(json!(2)));
    Ok(())
}

async fn a_move_racing_replies_loses_none(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut moderator,
        mut ada,
        category,
        ..
    } = world(&app).await;
    let r = root
        .api_post("/api/v1/categories", &json!({ "name": "Records" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let t = open(
        &mut ada,
        &json!({ "category": category, "title": "Busy", "text": "x" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    const WRITERS: usize = 4;
    const EACH: usize = 4;
    let mut tasks = Vec::new();
    for i in 0..WRITERS {
        let email = format!("w{i}@kingston.test");
        app.member(&email, Role::Member).await;
        let mut c = app.signed_in(&email).await;
        c.csrf().await;
        let thread = thread.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..EACH {
                let r = c
                    .api_post(
                        &format!("/api/v1/threads/{thread}/posts"),
                        &json!({ "text": format!("{i}-{n}") }),
                    )
                    .await;
                assert_eq!(r.status(), StatusCode::CREATED);
            }
        }));
    }
    for n in 0..6 {
        let to = if n % 2 == 0 {
            "records"
        } else {
            "gis-and-mapping"
        };
        let r = moderator
            .api_patch(
                &format!("/api/v1/threads/{thread}"),
                &json!({ "category": to }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    for task in tasks {
        task.await?;
    }
    let t = ada
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    assert_eq!(t["replies"], WRITERS * EACH);
    assert_eq!(t["category"]["slug"], "gis-and-mapping");
    assert_eq!(
        t["posts"].as_array().map(Vec::len),
        Some(WRITERS * EACH + 1)
    );
    Ok(())
}

async fn slow_mode_and_silence_hold_members_back(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut moderator,
        mut ada,
        mut bob,
        category,
        ..
    } = world(&app).await;
    let t = open(
        &mut ada,
        &json!({ "category": category, "title": "Heated", "text": "x" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    let posts = format!("/api/v1/threads/{thread}/posts");

    // Slow mode: a member waits between two posts of theirs; moderators do not.
    for secs in [-1, 86_401] {
        let r = moderator
            .api_patch(
                &format!("/api/v1/threads/{thread}"),
                &json!({ "slow_mode_secs": secs }),
            )
            .await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], "slow_mode_secs");
    }
    let r = moderator
        .api_patch(
            &format!("/api/v1/threads/{thread}"),
            &json!({ "slow_mode_secs": 3600 }),
        )
        .await;
    assert_eq!(r.json::<Value>().await?["slow_mode_secs"], 3600);
    let r = bob.api_post(&posts, &json!({ "text": "One" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let before = app.contents().await;
    let r = bob.api_post(&posts, &json!({ "text": "Two" })).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = r
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!(wait > 3500 && wait <= 3600, "{wait}");
    assert_eq!(
        app.contents().await,
        before,
        "a refused reply wrote something"
    );
    for text in ["Mod one", "Mod two"] {
        let r = moderator.api_post(&posts, &json!({ "text": text })).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }

    let r = moderator
        .api_patch(
            &format!("/api/v1/threads/{thread}"),
            &json!({ "slow_mode_secs": 0 }),
        )
        .await;
    assert_eq!(r.json::<Value>().await?["slow_mode_secs"], 0);

    // Silence: site moderators only, for days, with a reason; the member reads and writes
    // nothing until it ends or is lifted.
    let ada_id = app
        .accounts
        .member_by_email(&civiclink_domain::EmailAddress::parse("ada@kingston.test")?)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("no ada"))?;
    let silence = format!("/api/v1/members/{ada_id}/silence");
    let r = bob
        .api(
            Method::PUT,
            &silence,
            &json!({ "days": 7, "reason": "Heated" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    for (body, field) in [
        (json!({ "days": 0, "reason": "Heated" }), "days"),
        (json!({ "days": 7, "reason": " " }), "reason"),
    ] {
        let r = moderator.api(Method::PUT, &silence, &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], field);
    }
    let audits = app.count("audit_log").await;
    let r = moderator
        .api(
            Method::PUT,
            &silence,
            &json!({ "days": 7, "reason": "Heated" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.count("audit_log").await, audits + 1);
    let r = ada
        .api_post(&posts, &json!({ "text": "Let me speak" }))
        .await;
    let e = assert_error(r, StatusCode::FORBIDDEN, "silenced").await;
    assert!(str_of(&e["message"]).contains("silenced"));
    let r = ada
        .api_post(
            "/api/v1/threads",
            &json!({ "category": category, "title": "Again", "text": "x" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "silenced").await;
    let r = ada.get(&format!("/threads/{thread}")).await;
    assert_eq!(r.status(), StatusCode::OK, "a silenced member still reads");
    let r = moderator.api(Method::DELETE, &silence, &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = moderator.api(Method::DELETE, &silence, &json!({})).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = ada.api_post(&posts, &json!({ "text": "Calmer now" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    Ok(())
}
