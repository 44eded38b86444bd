//! A usage record's timeline: its organization's members record upgrades, modules,
//! integrations and migrations with what they learned; everyone reads them, on the record's
//! page and around the listing; the record's version follows its latest upgrade.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{
    TestApp, TestBackend, TestResult, assert_error, both_backends, header_of, str_of,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

both_backends!(timelines_record_upgrades_and_migrations);

async fn timelines_record_upgrades_and_migrations(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque",
                     "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                     "population": 5383 }),
        )
        .await;
    let town: OrgId = str_of(&r.json::<Value>().await?["id"]).parse()?;
    app.member_in(
        "carl@gananoque.test",
        Role::Member,
        app.association,
        Some(town),
        365,
    )
    .await;
    let r = root
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "Asset and work management" }),
        )
        .await;
    let function = str_of(&r.json::<Value>().await?["id"]);
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let mut publish = async |name: &str| {
        let r = moderator
            .api_post(
                "/api/v1/listings",
                &json!({ "name": name, "vendor_name": name, "kind": "software",
                         "functions": [function], "confirm_new": true }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{name}");
        str_of(&r.json::<Value>().await.unwrap()["listing_id"])
    };
    let cityworks = publish("Cityworks").await;
    let infor = publish("Infor Public Sector").await;
    let mut ada = app.signed_in("ada@kingston.test").await;
    let mut carl = app.signed_in("carl@gananoque.test").await;
    let r = ada
        .api_post(
            &format!("/api/v1/organizations/{}/stack", app.org),
            &json!({ "listing_id": cityworks, "status": "production", "version": "15.6" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let record = str_of(&r.json::<Value>().await?["id"]);
    let timeline = format!("/api/v1/usage-records/{record}/timeline");
    let upgrade = json!({ "kind": "upgrade", "happened_on": "2025-03-01", "from_version": "15.6",
                          "to_version": "15.8", "lesson": "Test the\nasset hierarchy first." });

    // Only Kingston's members add to Kingston's timeline; bad entries name their field.
    let before = app.contents().await;
    let r = carl.api_post(&timeline, &upgrade).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let tomorrow = (civiclink_store::now().date() + time::Duration::days(1)).to_string();
    for (change, field) in [
        (
            json!({ "kind": "rewrite", "happened_on": "2025-03-01" }),
            "kind",
        ),
        (
            json!({ "kind": "upgrade", "happened_on": tomorrow, "to_version": "16" }),
            "happened_on",
        ),
        (
            json!({ "kind": "upgrade", "happened_on": "2025-02-30", "to_version": "16" }),
            "happened_on",
        ),
        (
            json!({ "kind": "upgrade", "happened_on": "2025-03-01" }),
            "to_version",
        ),
        (
            json!({ "kind": "module", "happened_on": "2025-03-01" }),
            "title",
        ),
        (
            json!({ "kind": "migration", "happened_on": "2025-03-01", "replaced": "cityworks" }),
            "replaced",
        ),
        (
            json!({ "kind": "integration", "happened_on": "2025-03-01", "title": "GIS",
                 "lesson": "x".repeat(2001) }),
            "lesson",
        ),
    ] {
        let r = ada.api_post(&timeline, &change).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], field, "{change}");
    }
    assert_eq!(app.contents().await, before, "a refusal wrote something");

    // An upgrade sets the record's version; an older one does not.
    let r = ada.api_post(&timeline, &upgrade).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let entry: Value = r.json().await?;
    assert_eq!(entry["org_name"], "City of Kingston");
    assert!(str_of(&entry["url"]).contains(&format!("/technology/usage/{record}#change-")));
    let r = ada
        .api_post(
            &timeline,
            &json!({ "kind": "upgrade", "happened_on": "2024-01-10", "to_version": "15.6" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let seen = carl
        .get_json(&format!("/api/v1/usage-records/{record}"), StatusCode::OK)
        .await;
    assert_eq!(seen["version"], "15.8");

    // Migrations: from a listed product (linked) and from one the directory does not list.
    for replaced in ["infor public sector", "Hansen"] {
        let r = ada
            .api_post(
                &timeline,
                &json!({ "kind": "migration", "happened_on": "2023-06-15", "replaced": replaced,
                         "lesson": "Map the work order types first." }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{replaced}");
    }
    let all = carl.get_json(&timeline, StatusCode::OK).await;
    let kinds: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["happened_on"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        kinds,
        ["2025-03-01", "2024-01-10", "2023-06-15", "2023-06-15"]
    );
    let linked: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "migration")
        .collect();
    assert_eq!(linked.len(), 2);
    assert!(
        linked
            .iter()
            .any(|c| c["replaced_listing"]["id"] == json!(infor))
    );
    assert!(
        linked
            .iter()
            .any(|c| c["replaced"] == "Hansen" && c["replaced_listing"].is_null())
    );

    // Around each listing: all of Cityworks' changes, and the migration away from Infor.
    let around = carl
        .get_json(
            &format!("/api/v1/listings/{cityworks}/changes"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(around.as_array().map(Vec::len), Some(4));
    let away = carl
        .get_json(&format!("/api/v1/listings/{infor}/changes"), StatusCode::OK)
        .await;
    assert_eq!(away.as_array().map(Vec::len), Some(1));
    assert_eq!(away[0]["listing_name"], "Cityworks");

    // The pages: the record's page shows the timeline; only Kingston's members get the form.
    let page = format!("/technology/usage/{record}");
    let html = carl.get(&page).await.text().await?;
    assert!(html.contains("upgraded 15.6 to 15.8") && html.contains("Hansen"));
    assert!(!html.contains(&format!("action=\"{page}/timeline\"")));
    let r = carl
        .form_post(
            &format!("{page}/timeline"),
            &[
                ("kind", "module"),
                ("happened_on", "2025-01-01"),
                ("title", "Storm"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = ada.get(&page).await.text().await?;
    assert!(html.contains(&format!("action=\"{page}/timeline\"")));
    let r = ada
        .form_post(
            &format!("{page}/timeline"),
            &[("kind", "module"), ("happened_on", "2025-01-01")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("f-title-error"));
    let r = ada
        .form_post(
            &format!("{page}/timeline"),
            &[
                ("kind", "module"),
                ("happened_on", "2025-01-01"),
                ("title", "Storm water"),
                ("lesson", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(header_of(&r, header::LOCATION).contains("#change-"));
    let html = carl
        .get(&format!("/technology/listings/{cityworks}"))
        .await
        .text()
        .await?;
    assert!(
        html.contains("Recent upgrades and changes")
            && html.contains("added the module Storm water")
    );
    let html = carl
        .get(&format!("/technology/listings/{infor}"))
        .await
        .text()
        .await?;
    assert!(html.contains("moved to Cityworks from"));
    Ok(())
}
