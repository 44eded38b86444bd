//! Private categories: one restricted to an association, one to the members it lists. An
//! outsider finds nothing of them anywhere (lists, counts, tags, a listing's threads, pages,
//! posts, versions) and every path to their threads answers 404, reads and writes alike;
//! insiders and site administrators see them.

use civiclink_domain::Role;
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, str_of,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::threads::{World, open, world};

both_backends!(outsiders_find_nothing_of_private_categories);

fn ids(v: &Value) -> Vec<String> {
    v["threads"]
        .as_array()
        .map(|a| a.iter().map(|t| str_of(&t["id"])).collect())
        .unwrap_or_default()
}

/// Every way a member reaches a thread and its first post; each must answer 404 to `who`.
async fn all_paths_hidden(client: &mut Client, who: &str, thread: &str, post: &str, slug: &str) {
    for path in [
        format!("/api/v1/threads/{thread}"),
        format!("/api/v1/threads/{thread}?page=2"),
        format!("/api/v1/posts/{post}"),
        format!("/api/v1/posts/{post}/revisions"),
        format!("/api/v1/threads?category={slug}"),
    ] {
        let r = client.get(&path).await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
        let _ = who;
    }
    for path in [
        format!("/threads/{thread}"),
        format!("/threads/{thread}/reply"),
        format!("/threads/{thread}/reply?to={post}&quote=1"),
        format!("/posts/{post}/edit"),
        format!("/posts/{post}/history"),
        format!("/threads/c/{slug}"),
        format!("/threads?category={slug}"),
    ] {
        let r = client.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "GET {path} for {who}");
        let body = r.text().await.unwrap_or_default();
        assert!(
            !body.contains("Secret"),
            "GET {path} shows the thread to {who}"
        );
    }
    let r = client
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "hi" }),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = client
        .api_patch(&format!("/api/v1/posts/{post}"), &json!({ "text": "mine" }))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = client
        .api(
            Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &json!({ "post": post }),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    for (path, fields) in [
        (format!("/threads/{thread}/reply"), vec![("text", "hi")]),
        (format!("/threads/{thread}/answer"), vec![("post", post)]),
        (format!("/posts/{post}/edit"), vec![("text", "mine")]),
    ] {
        let r = client.form_post(&path, &fields).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "POST {path} for {who}");
    }
}

async fn outsiders_find_nothing_of_private_categories(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut ada,
        mut bob,
        category,
        listing,
        ..
    } = world(&app).await;
    let (algim, wellington) = app.other_association().await;
    let wendy = app
        .member_in(
            "wendy@wellington.test",
            Role::Member,
            algim,
            Some(wellington),
            365,
        )
        .await;
    let _ = wendy;
    let mut wendy = app.signed_in("wendy@wellington.test").await;
    app.member_in(
        "ari@wellington.test",
        Role::AssociationAdmin,
        algim,
        Some(wellington),
        365,
    )
    .await;
    let mut ari = app.signed_in("ari@wellington.test").await;

    // ALGIM's administrator makes a category of ALGIM's; he cannot make one for another.
    let r = ari
        .api_post(
            "/api/v1/categories",
            &json!({ "name": "ALGIM only", "association": app.association }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = ari
        .api_post("/api/v1/categories", &json!({ "name": "ALGIM only" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let algim_cat: Value = r.json().await?;
    assert_eq!(algim_cat["association_id"], json!(algim.to_string()));
    // A closed group: only the members listed, Bob among them.
    let r = root
        .api_post(
            "/api/v1/categories",
            &json!({ "name": "CIO roundtable", "members_only": true }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let group: Value = r.json().await?;
    let bob_id = app
        .accounts
        .member_by_email(&civiclink_domain::EmailAddress::parse("bob@kingston.test")?)
        .await?
        .map(|m| m.id)
        .ok_or_else(|| anyhow::anyhow!("no bob"))?;
    let site_admin = civiclink_domain::Actor {
        id: app
            .accounts
            .member_by_email(&civiclink_domain::EmailAddress::parse(
                "root@civiclink.test",
            )?)
            .await?
            .map(|m| m.id)
            .ok_or_else(|| anyhow::anyhow!("no root"))?,
        role: Role::SiteAdmin,
        association_id: None,
        ip: None,
    };
    let threads = civiclink_threads::Threads::new(
        app.db.clone(),
        civiclink_threads::Links::new(&app.url("")),
    );
    threads
        .set_category_member(&site_admin, str_of(&group["id"]).parse()?, bob_id, true)
        .await?;

    // A public thread, and a secret one in each private category, about the same listing
    // and with the same tag.
    let public = open(
        &mut ada,
        &json!({ "category": category, "title": "Open", "text": "Everyone", "tags": ["budget"],
                 "listings": [listing] }),
    )
    .await;
    let in_algim = open(
        &mut wendy,
        &json!({ "category": algim_cat["id"], "kind": "question", "title": "Secret rates",
                 "text": "Secret of ALGIM", "tags": ["budget", "hidden-tag"],
                 "listings": [listing] }),
    )
    .await;
    let in_group = open(
        &mut bob,
        &json!({ "category": group["id"], "kind": "question", "title": "Secret pay",
                 "text": "Secret of the group", "tags": ["budget", "hidden-tag"],
                 "listings": [listing] }),
    )
    .await;
    // Ada cannot post into either.
    for c in [&algim_cat, &group] {
        let r = ada
            .api_post(
                "/api/v1/threads",
                &json!({ "category": c["id"], "title": "In", "text": "x" }),
            )
            .await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], "category");
    }

    let before = app.contents().await;
    // Ada, in MISA and not in the group, sees neither: not listed, not counted, not tagged.
    let cats = ada.get_json("/api/v1/categories", StatusCode::OK).await;
    let names: Vec<String> = cats
        .as_array()
        .unwrap()
        .iter()
        .map(|c| str_of(&c["name"]))
        .collect();
    assert_eq!(names, vec!["GIS and mapping"]);
    for path in [
        "/api/v1/threads".to_owned(),
        "/api/v1/threads?tag=budget".to_owned(),
        format!("/api/v1/threads?listing={listing}"),
        "/api/v1/threads?kind=question".to_owned(),
        "/api/v1/threads?unanswered=true".to_owned(),
    ] {
        let v = ada.get_json(&path, StatusCode::OK).await;
        let seen = ids(&v);
        assert!(!seen.contains(&str_of(&in_algim["id"])), "{path}");
        assert!(!seen.contains(&str_of(&in_group["id"])), "{path}");
    }
    assert!(
        ids(&ada
            .get_json("/api/v1/threads?tag=hidden-tag", StatusCode::OK)
            .await)
        .is_empty()
    );
    for path in ["/threads", "/threads?tag=budget", "/threads?tag=hidden-tag"] {
        let html = ada.get(path).await.text().await?;
        assert!(!html.contains("Secret"), "{path}");
        assert!(
            !html.contains("ALGIM only") && !html.contains("CIO roundtable"),
            "{path}"
        );
    }
    // The listing's page names the open thread only.
    let html = ada
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    assert!(html.contains(&format!("/threads/{}\"", str_of(&public["id"]))));
    assert!(
        !html.contains("Secret"),
        "the listing's page shows a private thread"
    );
    for t in [&in_algim, &in_group] {
        all_paths_hidden(
            &mut ada,
            "Ada",
            &str_of(&t["id"]),
            &str_of(&t["posts"][0]["id"]),
            &str_of(&t["category"]["slug"]),
        )
        .await;
    }
    // Wendy is in ALGIM but not in the group; Bob is in the group but not in ALGIM.
    all_paths_hidden(
        &mut wendy,
        "Wendy",
        &str_of(&in_group["id"]),
        &str_of(&in_group["posts"][0]["id"]),
        &str_of(&group["slug"]),
    )
    .await;
    all_paths_hidden(
        &mut bob,
        "Bob",
        &str_of(&in_algim["id"]),
        &str_of(&in_algim["posts"][0]["id"]),
        &str_of(&algim_cat["slug"]),
    )
    .await;
    assert_eq!(app.contents().await, before, "a refusal wrote something");

    // Insiders see their own; the site administrator sees everything.
    let v = wendy
        .get_json(
            &format!("/api/v1/threads?listing={listing}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        ids(&v),
        vec![str_of(&in_algim["id"]), str_of(&public["id"])]
    );
    let v = bob
        .get_json("/api/v1/threads?tag=budget", StatusCode::OK)
        .await;
    assert_eq!(
        ids(&v),
        vec![str_of(&in_group["id"]), str_of(&public["id"])]
    );
    let v = root
        .get_json("/api/v1/threads?tag=budget", StatusCode::OK)
        .await;
    assert_eq!(ids(&v).len(), 3);
    let r = bob
        .get(&format!("/threads/{}", str_of(&in_group["id"])))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = bob
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    assert!(html.contains("Secret pay") && !html.contains("Secret rates"));

    // Taken out of the group, Bob no longer sees it.
    threads
        .set_category_member(&site_admin, str_of(&group["id"]).parse()?, bob_id, false)
        .await?;
    let r = bob
        .get(&format!("/api/v1/threads/{}", str_of(&in_group["id"])))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    // A member cannot let anyone in.
    let ada_actor = civiclink_domain::Actor {
        id: bob_id,
        role: Role::Member,
        association_id: Some(app.association),
        ip: None,
    };
    let refused = threads
        .set_category_member(&ada_actor, str_of(&group["id"]).parse()?, bob_id, true)
        .await;
    assert!(matches!(
        refused,
        Err(civiclink_threads::ThreadsError::Forbidden)
    ));
    Ok(())
}
