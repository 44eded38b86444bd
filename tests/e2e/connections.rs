//! Connections, blocks and follows end to end: the API and the forms, who may do what, and
//! refusals that write nothing.

use civiclink_domain::{MemberId, Role};
use civiclink_store::{execute_db, sqlx};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

both_backends!(
    api_connections_follow_the_rules,
    api_refusals_write_nothing,
    blocks_stop_requests,
    forms_redirect_back_with_a_message,
    logged_out_and_csrf_are_refused,
);

async fn set_status(app: &TestApp, id: MemberId, status: &str) -> anyhow::Result<()> {
    execute_db!(
        app.db,
        sqlx::query("UPDATE members SET status = $2 WHERE id = $1")
            .bind(id)
            .bind(status)
    )?;
    Ok(())
}

async fn delete(c: &mut Client, path: &str) -> reqwest::Response {
    c.api(Method::DELETE, path, &json!({})).await
}

async fn api_connections_follow_the_rules(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ann_id = app.member("ann@example.org", Role::Member).await;
    let bob_id = app.member("bob@example.org", Role::Member).await;
    let _cat_id = app.member("cat@example.org", Role::Member).await;
    let mut ann = app.signed_in("ann@example.org").await;
    let mut bob = app.signed_in("bob@example.org").await;
    let mut cat = app.signed_in("cat@example.org").await;

    let r = ann
        .api_post(
            &format!("/api/v1/connections/{bob_id}"),
            &json!({ "note": "We both run GIS" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await?["status"], "pending");
    // Asking twice is a conflict that says so (the body may be left out).
    let r = ann
        .api_post_empty(&format!("/api/v1/connections/{bob_id}"))
        .await;
    let v = assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert!(v["message"].as_str().unwrap().contains("already"), "{v}");

    let mine = ann
        .get_json("/api/v1/connections/requests", StatusCode::OK)
        .await;
    assert_eq!(mine["outgoing"][0]["member_id"], bob_id.to_string());
    let theirs = bob
        .get_json("/api/v1/connections/requests", StatusCode::OK)
        .await;
    assert_eq!(theirs["incoming"][0]["member_id"], ann_id.to_string());
    assert_eq!(theirs["incoming"][0]["note"], "We both run GIS");

    // Not addressed to Cat, not Bob's to withdraw, not Ann's to accept.
    let before = app.contents().await;
    for (who, path) in [
        ("cat", format!("/api/v1/connections/{ann_id}/accept")),
        ("cat", format!("/api/v1/connections/{ann_id}/decline")),
        ("cat", format!("/api/v1/connections/{bob_id}/withdraw")),
        ("bob", format!("/api/v1/connections/{ann_id}/withdraw")),
        ("ann", format!("/api/v1/connections/{bob_id}/accept")),
    ] {
        let client = match who {
            "cat" => &mut cat,
            "bob" => &mut bob,
            _ => &mut ann,
        };
        let r = client.api_post(&path, &json!({})).await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    }
    let r = delete(&mut cat, &format!("/api/v1/connections/{ann_id}")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(app.contents().await, before);

    let r = bob
        .api_post(&format!("/api/v1/connections/{ann_id}/accept"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = ann.get_json("/api/v1/connections", StatusCode::OK).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["member_id"], bob_id.to_string());
    assert_eq!(list[0]["status"], "accepted");

    let r = delete(&mut bob, &format!("/api/v1/connections/{ann_id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let list = ann.get_json("/api/v1/connections", StatusCode::OK).await;
    assert!(list.as_array().unwrap().is_empty());

    // Asking someone who already asked you connects you.
    let r = cat
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let cat_id = app
        .accounts
        .member_by_email(&civiclink_domain::EmailAddress::parse("cat@example.org")?)
        .await?
        .unwrap()
        .id;
    let r = ann
        .api_post(&format!("/api/v1/connections/{cat_id}"), &json!({}))
        .await;
    assert_eq!(r.json::<Value>().await?["status"], "accepted");

    // Follows: a member and an organization, counted.
    let r = ann
        .api_post(&format!("/api/v1/follows/members/{bob_id}"), &json!({}))
        .await;
    assert_eq!(r.json::<Value>().await?["created"], true);
    let r = cat
        .api_post(&format!("/api/v1/follows/members/{bob_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = ann
        .api_post(
            &format!("/api/v1/follows/organizations/{}", app.org),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let n = ann
        .get_json(
            &format!("/api/v1/follows/members/{bob_id}/followers"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(n["followers"], 2);
    let following = ann.get_json("/api/v1/follows", StatusCode::OK).await;
    assert_eq!(following.as_array().unwrap().len(), 2);
    let r = delete(&mut ann, &format!("/api/v1/follows/members/{bob_id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = delete(&mut ann, &format!("/api/v1/follows/members/{bob_id}")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = ann
        .api_post(&format!("/api/v1/follows/members/{ann_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // The operations are documented.
    let doc = ann.get_json("/api/v1/openapi.json", StatusCode::OK).await;
    for path in [
        "/api/v1/connections",
        "/api/v1/connections/requests",
        "/api/v1/connections/{member_id}",
        "/api/v1/connections/{member_id}/accept",
        "/api/v1/blocks/{member_id}",
        "/api/v1/follows/{kind}/{target_id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is not documented");
    }
    Ok(())
}

async fn api_refusals_write_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ann_id = app.member("ann@example.org", Role::Member).await;
    let bob_id = app.member("bob@example.org", Role::Member).await;
    let pending = app.member("pending@example.org", Role::Member).await;
    let suspended = app.member("suspended@example.org", Role::Member).await;
    set_status(&app, pending, "pending").await?;
    set_status(&app, suspended, "suspended").await?;
    let mut ann = app.signed_in("ann@example.org").await;
    let before = app.contents().await;

    // A note one character too long.
    let r = ann
        .api_post(
            &format!("/api/v1/connections/{bob_id}"),
            &json!({ "note": "x".repeat(501) }),
        )
        .await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "note");
    assert!(v["message"].as_str().unwrap().contains("500"), "{v}");
    // A note of the wrong type, and no body at all.
    let r = ann
        .api_post(
            &format!("/api/v1/connections/{bob_id}"),
            &json!({ "note": 5 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Pending, suspended, unknown and malformed members do not exist for this.
    let unknown = MemberId::new();
    for id in [
        pending.to_string(),
        suspended.to_string(),
        unknown.to_string(),
        "not-a-uuid".to_owned(),
        "1".to_owned(),
    ] {
        for path in [
            format!("/api/v1/connections/{id}"),
            format!("/api/v1/connections/{id}/accept"),
            format!("/api/v1/connections/{id}/decline"),
            format!("/api/v1/connections/{id}/withdraw"),
            format!("/api/v1/blocks/{id}"),
            format!("/api/v1/follows/members/{id}"),
        ] {
            let r = ann.api_post(&path, &json!({})).await;
            assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
        }
        for path in [
            format!("/api/v1/connections/{id}"),
            format!("/api/v1/blocks/{id}"),
            format!("/api/v1/follows/members/{id}"),
        ] {
            let r = delete(&mut ann, &path).await;
            assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    let r = ann
        .api_post(&format!("/api/v1/follows/groups/{bob_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = ann
        .api_post(
            &format!("/api/v1/follows/organizations/{unknown}"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    // Oneself.
    let r = ann
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = ann
        .api_post(&format!("/api/v1/blocks/{ann_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(app.contents().await, before);

    // A suspended member's own requests stop at the door.
    app.member("sam@example.org", Role::Member).await;
    let mut sam = app.signed_in("sam@example.org").await;
    let sam_id = app
        .accounts
        .member_by_email(&civiclink_domain::EmailAddress::parse("sam@example.org")?)
        .await?
        .unwrap()
        .id;
    set_status(&app, sam_id, "suspended").await?;
    let before = app.contents().await;
    let r = sam
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert!(r.status().is_client_error(), "{}", r.status());
    assert_eq!(app.contents().await, before);
    Ok(())
}

async fn blocks_stop_requests(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ann_id = app.member("ann@example.org", Role::Member).await;
    let bob_id = app.member("bob@example.org", Role::Member).await;
    let mut ann = app.signed_in("ann@example.org").await;
    let mut bob = app.signed_in("bob@example.org").await;
    let r = bob
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // Ann blocks Bob: his request is gone and he cannot ask again or follow her.
    let r = ann
        .api_post(&format!("/api/v1/blocks/{bob_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let reqs = ann
        .get_json("/api/v1/connections/requests", StatusCode::OK)
        .await;
    assert!(reqs["incoming"].as_array().unwrap().is_empty());
    let before = app.contents().await;
    let r = bob
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = bob
        .api_post(&format!("/api/v1/follows/members/{ann_id}"), &json!({}))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    // Bob cannot lift Ann's block.
    let r = delete(&mut bob, &format!("/api/v1/blocks/{ann_id}")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(app.contents().await, before);
    assert!(!app.people.may_contact(bob_id, ann_id).await?);

    let blocked = ann.get_json("/api/v1/blocks", StatusCode::OK).await;
    assert_eq!(blocked[0]["member_id"], bob_id.to_string());
    let r = delete(&mut ann, &format!("/api/v1/blocks/{bob_id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(app.people.may_contact(bob_id, ann_id).await?);
    let r = bob
        .api_post(&format!("/api/v1/connections/{ann_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    Ok(())
}

/// Posts a form and returns where it redirected to.
async fn form_redirect(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> String {
    let r = c.form_post(path, fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "POST {path}");
    r.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn page(c: &Client, path: &str) -> String {
    let r = c.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "GET {path}");
    r.text().await.unwrap()
}

async fn forms_redirect_back_with_a_message(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ann_id = app.member("ann@example.org", Role::Member).await;
    let bob_id = app.member("bob@example.org", Role::Member).await;
    let mut ann = app.signed_in("ann@example.org").await;
    let mut bob = app.signed_in("bob@example.org").await;

    let html = page(&ann, "/connections").await;
    assert!(html.contains("My network"), "{html}");

    let to = form_redirect(
        &mut ann,
        &format!("/connections/{bob_id}/request"),
        &[("note", "Bonjour"), ("next", "/connections")],
    )
    .await;
    assert_eq!(to, "/connections");
    let html = page(&ann, "/connections").await;
    assert!(html.contains("Your request was sent."));
    assert!(html.contains(&format!("/connections/{bob_id}/withdraw")));

    // Bob sees the request with its note and accepts it.
    let html = page(&bob, "/connections").await;
    assert!(html.contains("Bonjour") && html.contains(&format!("/connections/{ann_id}/accept")));
    let to = form_redirect(
        &mut bob,
        &format!("/connections/{ann_id}/accept"),
        &[("next", "/connections")],
    )
    .await;
    assert_eq!(to, "/connections");
    let html = page(&bob, "/connections").await;
    assert!(html.contains("You are now connected."));
    assert!(html.contains(&format!("/connections/{ann_id}/remove")));

    // A conflict goes back with its explanation; `next` never leaves the site.
    let to = form_redirect(
        &mut bob,
        &format!("/connections/{ann_id}/request"),
        &[("next", "//evil.example/x")],
    )
    .await;
    assert_eq!(to, "/");
    let html = page(&bob, "/connections").await;
    assert!(html.contains("You are already connected."));

    // Follow, block and unblock through forms.
    form_redirect(&mut ann, &format!("/connections/{bob_id}/follow"), &[]).await;
    form_redirect(
        &mut ann,
        &format!("/follows/organizations/{}/follow", app.org),
        &[],
    )
    .await;
    let html = page(&ann, "/connections").await;
    assert!(html.contains(&format!("/follows/member/{bob_id}/unfollow")));
    assert!(html.contains(&format!("/follows/organization/{}/unfollow", app.org)));
    form_redirect(&mut ann, &format!("/connections/{bob_id}/block"), &[]).await;
    let html = page(&ann, "/connections").await;
    assert!(html.contains(&format!("/connections/{bob_id}/unblock")));
    assert!(!html.contains(&format!("/connections/{bob_id}/remove")));
    form_redirect(&mut ann, &format!("/connections/{bob_id}/unblock"), &[]).await;

    // Bad input is a clear refusal that writes nothing.
    let before = app.contents().await;
    let long = "x".repeat(501);
    let r = ann
        .form_post(
            &format!("/connections/{bob_id}/request"),
            &[("note", long.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for path in [
        "/connections/not-a-uuid/request".to_owned(),
        format!("/connections/{bob_id}/explode"),
        format!("/connections/{}/request", MemberId::new()),
        format!("/follows/groups/{bob_id}/follow"),
    ] {
        let r = ann.form_post(&path, &[]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(app.contents().await, before);
    Ok(())
}

async fn logged_out_and_csrf_are_refused(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let _ann_id = app.member("ann@example.org", Role::Member).await;
    let bob_id = app.member("bob@example.org", Role::Member).await;
    let ann = app.signed_in("ann@example.org").await;
    let before = app.contents().await;

    let mut visitor = app.client();
    for path in [
        "/api/v1/connections",
        "/api/v1/connections/requests",
        "/api/v1/blocks",
        "/api/v1/follows",
    ] {
        let r = visitor.get(path).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    for path in [
        format!("/api/v1/connections/{bob_id}"),
        format!("/api/v1/connections/{bob_id}/accept"),
        format!("/api/v1/blocks/{bob_id}"),
        format!("/api/v1/follows/members/{bob_id}"),
    ] {
        let r = visitor.api_post(&path, &json!({})).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    let r = visitor.get("/connections").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = visitor
        .form_post(&format!("/connections/{bob_id}/request"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Signed in, but without the session's token.
    let r = ann
        .http
        .post(ann.url(&format!("/api/v1/connections/{bob_id}")))
        .json(&json!({}))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    let r = ann
        .http
        .post(ann.url(&format!("/api/v1/blocks/{bob_id}")))
        .header("X-CSRF-Token", "wrong")
        .json(&json!({}))
        .send()
        .await?;
    assert_error(r, StatusCode::FORBIDDEN, "csrf_failed").await;
    let r = ann
        .http
        .post(ann.url(&format!("/connections/{bob_id}/request")))
        .form(&[("note", "hi")])
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.contents().await, before);
    Ok(())
}
