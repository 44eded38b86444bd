//! The member directory, its CSV export, the organization directory and "people you may know"
//! through HTTP: who may reach them, what bad filters get, and that hidden fields stay hidden.

use std::collections::BTreeMap;

use civiclink_domain::{MemberId, Role};
use civiclink_people::ProfileUpdate;
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::{StatusCode, header};
use serde_json::json;

both_backends!(
    directory_is_private_and_checks_its_input,
    directory_shows_only_what_the_viewer_may_see,
    directory_region_follows_organizations
);

async fn set_profile(
    app: &TestApp,
    id: MemberId,
    job_title: &str,
    tags: &str,
    vis: &[(&str, &str)],
) {
    let current = app.people.profile(id).await.unwrap();
    let vis: BTreeMap<String, String> = vis
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    let update = ProfileUpdate::parse(
        current.handle.as_str(),
        job_title,
        "",
        "",
        "",
        "",
        "",
        "",
        tags,
        &vis,
        true,
    )
    .unwrap();
    app.people.update_profile(id, &update).await.unwrap();
}

/// The ids of every member the directory lists for `region`.
async fn in_region(client: &civiclink_tests::Client, region: &str) -> Vec<String> {
    let v = client
        .get_json(
            &format!(
                "/api/v1/directory/members?region={}&limit=100",
                region.replace(' ', "+")
            ),
            StatusCode::OK,
        )
        .await;
    v["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|e| e["member_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn directory_region_follows_organizations(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await.to_string();
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let org_path = format!("/api/v1/organizations/{}", app.org);

    // The organization's region changes: the directory follows once the sync has run.
    let r = admin
        .api_patch(&org_path, &json!({ "region": "Lake Country" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.sync_people().await;
    assert!(in_region(&admin, "Lake Country").await.contains(&ada));
    let r = admin
        .api_patch(&org_path, &json!({ "region": "Thousand Islands" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.sync_people().await;
    assert!(in_region(&admin, "Thousand Islands").await.contains(&ada));
    assert!(!in_region(&admin, "Lake Country").await.contains(&ada));

    // The member moves to an organization of another region.
    let r = admin
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque", "kind": "municipality", "region": "Leeds", "country": "CA", "population": 5383 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let town = r.json::<serde_json::Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = admin
        .api(
            "PUT".parse()?,
            &format!("/api/v1/admin/members/{ada}/organization"),
            &json!({ "org_id": town }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.sync_people().await;
    let leeds = in_region(&admin, "Leeds").await;
    assert_eq!(leeds, vec![ada.clone()]);
    assert!(!in_region(&admin, "Thousand Islands").await.contains(&ada));
    Ok(())
}

async fn directory_is_private_and_checks_its_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@example.org", Role::Member).await;
    let visitor = app.client();
    for path in [
        "/directory",
        "/directory/export.csv",
        "/organizations/directory",
        "/people/suggestions",
    ] {
        let r = visitor.get(path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
    }
    for path in [
        "/api/v1/directory/members",
        "/api/v1/directory/organizations",
        "/api/v1/suggestions",
    ] {
        assert_error(
            visitor.get(path).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
    }

    let mut ada = app.client();
    ada.login_ok("ada@example.org").await;
    let v = assert_error(
        ada.get("/api/v1/directory/members?size_band=huge").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "size_band");
    let v = assert_error(
        ada.get("/api/v1/directory/members?cursor=not-a-cursor")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "cursor");
    let v = assert_error(
        ada.get("/api/v1/directory/members?limit=101").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "limit");
    assert_error(
        ada.get("/api/v1/directory/members?limit=many").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_error(
        ada.get("/api/v1/directory/members?sort=oldest").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_error(
        ada.get("/api/v1/directory/organizations?kind=castle").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    // Organizations are found by any word of their name, accents and case aside.
    for q in ["kingston", "KINGST", "city%20of"] {
        let found = ada
            .get_json(
                &format!("/api/v1/directory/organizations?q={q}"),
                StatusCode::OK,
            )
            .await;
        assert_eq!(
            found["items"][0]["name"], "City of Kingston",
            "{q}: {found}"
        );
    }
    let none = ada
        .get_json("/api/v1/directory/organizations?q=ingston", StatusCode::OK)
        .await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0));
    // The pages say what was wrong too, in a page.
    let r = ada.get("/directory?size_band=huge").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("<html"));
    let r = ada
        .get("/directory/export.csv?cursor=x&size_band=nope")
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

async fn directory_shows_only_what_the_viewer_may_see(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let ada = app.member("ada@example.org", Role::Member).await;
    let bob = app.member("bob@example.org", Role::Member).await;
    let cy = app.member("cy@example.org", Role::Moderator).await;
    let hidden = app.member("hidden@example.org", Role::Member).await;
    set_profile(
        &app,
        bob,
        "Secret Title",
        "gis",
        &[("job_title", "nobody"), ("expertise", "connections")],
    )
    .await;
    set_profile(
        &app,
        cy,
        "=HYPERLINK(\"http://evil.example\")",
        "cloud",
        &[],
    )
    .await;
    let hidden_profile = app.people.profile(hidden).await?;
    let update = ProfileUpdate::parse(
        hidden_profile.handle.as_str(),
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        &BTreeMap::new(),
        false,
    )?;
    app.people.update_profile(hidden, &update).await?;
    let bob_handle = app.people.profile(bob).await?.handle;

    let mut client = app.client();
    client.login_ok("ada@example.org").await;
    let v = client
        .get_json("/api/v1/directory/members", StatusCode::OK)
        .await;
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{v}");
    let ids: Vec<String> = items
        .iter()
        .map(|i| i["member_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!ids.contains(&hidden.to_string()));
    assert!(ids.contains(&ada.to_string()));
    let bob_row = items
        .iter()
        .find(|i| i["member_id"] == bob.to_string())
        .unwrap();
    assert!(bob_row["job_title"].is_null());
    assert_eq!(bob_row["expertise"].as_array().map(Vec::len), Some(0));
    // Pages: one at a time, then the cursor.
    let p1 = client
        .get_json(
            "/api/v1/directory/members?limit=2&sort=recent",
            StatusCode::OK,
        )
        .await;
    assert_eq!(p1["items"].as_array().map(Vec::len), Some(2));
    let next = p1["next"].as_str().unwrap();
    let p2 = client
        .get_json(
            &format!("/api/v1/directory/members?limit=2&sort=recent&cursor={next}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(p2["items"].as_array().map(Vec::len), Some(1));
    assert!(p2["next"].is_null());
    // Filters.
    let v = client
        .get_json("/api/v1/directory/members?role=moderator", StatusCode::OK)
        .await;
    assert_eq!(v["items"].as_array().map(Vec::len), Some(1));
    let v = client
        .get_json("/api/v1/directory/members?expertise=gis", StatusCode::OK)
        .await;
    assert_eq!(
        v["items"].as_array().map(Vec::len),
        Some(0),
        "hidden expertise must not match"
    );

    // The page links each member to their profile and offers the next page and the CSV.
    let r = client.get("/directory?limit=2").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("/directory/export.csv"));
    assert!(html.contains("the first 5,000 at most"), "{html}");
    assert!(html.contains("rel=\"next\""));
    let html = client.get("/directory").await.text().await?;
    assert!(html.contains(&format!("/people/{}", bob_handle.as_str())));
    assert!(!html.contains("Secret Title"));

    // CSV: the right type, every visible member, never a field set to "nobody", formulas defused.
    let r = client.get("/directory/export.csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    let ct = r
        .headers()
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()?
        .to_owned();
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert!(
        r.headers().get("x-civiclink-truncated").is_none(),
        "a whole result is not marked cut"
    );
    let csv = r.text().await?;
    assert_eq!(csv.lines().count(), 4, "{csv}");
    assert!(csv.contains(bob_handle.as_str()));
    assert!(!csv.contains("Secret Title"));
    assert!(!csv.contains(hidden_profile.handle.as_str()));
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"));

    // The organization directory, and suggestions.
    let v = client
        .get_json("/api/v1/directory/organizations", StatusCode::OK)
        .await;
    assert!(
        v["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o["id"] == app.org.to_string()))
    );
    assert_eq!(
        client.get("/organizations/directory").await.status(),
        StatusCode::OK
    );
    let v = client.get_json("/api/v1/suggestions", StatusCode::OK).await;
    assert!(v.as_array().is_some());
    let r = client.get("/people/suggestions").await;
    assert_eq!(r.status(), StatusCode::OK);
    // French pages come from the French catalog.
    let _ = client.get("/people/suggestions").await.text().await?;
    Ok(())
}
