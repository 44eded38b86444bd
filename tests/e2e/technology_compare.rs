//! Comparing listings side by side, a listing's statistics, and the alternatives a listing page
//! offers: listings sharing a business function, most run by organizations of the viewer's size
//! first. Retired records count nowhere.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, str_of,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(listings_compare_side_by_side);

async fn town(root: &mut Client, app: &TestApp, name: &str, population: i64) -> OrgId {
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": name, "kind": "municipality",
                     "region": "Eastern Ontario", "country": "CA", "population": population }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{name}");
    str_of(&r.json::<Value>().await.unwrap()["id"])
        .parse()
        .unwrap()
}

async fn listings_compare_side_by_side(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let gananoque = town(&mut root, &app, "Town of Gananoque", 5383).await;
    let cobourg = town(&mut root, &app, "Town of Cobourg", 20_000).await;
    app.member_in(
        "carl@gananoque.test",
        Role::Member,
        app.association,
        Some(gananoque),
        365,
    )
    .await;
    app.member_in(
        "dana@cobourg.test",
        Role::Member,
        app.association,
        Some(cobourg),
        365,
    )
    .await;
    let mut functions = Vec::new();
    for name in ["GIS and mapping", "Records management"] {
        let r = root
            .api_post("/api/v1/business-functions", &json!({ "name": name }))
            .await;
        functions.push(str_of(&r.json::<Value>().await?["id"]));
    }
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let mut ids = Vec::new();
    for (name, f) in [
        ("ArcGIS Enterprise", 0),
        ("QGIS", 0),
        ("MapInfo Pro", 0),
        ("Laserfiche", 1),
    ] {
        let r = moderator
            .api_post(
                "/api/v1/listings",
                &json!({ "name": name, "vendor_name": name, "kind": "software",
                         "hosting": ["on_premises"], "functions": [functions[f]],
                         "confirm_new": true }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{name}");
        ids.push(str_of(&r.json::<Value>().await?["listing_id"]));
    }
    let (arcgis, qgis, mapinfo, laserfiche) = (&ids[0], &ids[1], &ids[2], &ids[3]);
    for (email, org, listing, status, version) in [
        ("ada@kingston.test", app.org, arcgis, "production", "11.3"),
        ("carl@gananoque.test", gananoque, qgis, "production", "3.34"),
        ("dana@cobourg.test", cobourg, qgis, "piloting", "3.34"),
        ("dana@cobourg.test", cobourg, arcgis, "retired", "10.8"),
    ] {
        let mut client = app.signed_in(email).await;
        let r = client
            .api_post(
                &format!("/api/v1/organizations/{org}/stack"),
                &json!({ "listing_id": listing, "status": status, "version": version }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let ada = app.signed_in("ada@kingston.test").await;
    let mut carl = app.signed_in("carl@gananoque.test").await;
    let r = carl
        .api_post(
            &format!("/api/v1/listings/{qgis}/reviews"),
            &json!({ "overall": 5, "recommend": true, "pros": "Free and able." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // Side by side, in the order asked, with comma-separated or repeated ids.
    for query in [
        format!("ids={arcgis},{qgis}"),
        format!("ids={arcgis}&ids={qgis}"),
    ] {
        let c = ada
            .get_json(&format!("/api/v1/listings/compare?{query}"), StatusCode::OK)
            .await;
        assert_eq!(c[0]["listing"]["id"], json!(arcgis));
        assert_eq!(c[0]["usage_count"], 1, "the retired record does not count");
        assert_eq!(
            c[0]["adoption"],
            json!([{ "size_band": "50k_250k", "count": 1 }])
        );
        assert_eq!(
            c[0]["versions_in_use"],
            json!([{ "version": "11.3", "count": 1 }])
        );
        assert_eq!(c[1]["usage_count"], 2);
        assert_eq!(
            c[1]["adoption"],
            json!([{ "size_band": "under_10k", "count": 1 }, { "size_band": "10k_50k", "count": 1 }])
        );
        assert_eq!(
            c[1]["versions_in_use"],
            json!([{ "version": "3.34", "count": 2 }])
        );
        assert_eq!(c[1]["aggregates"]["overall"], 5.0);
    }
    let stats = ada
        .get_json(&format!("/api/v1/listings/{qgis}/stats"), StatusCode::OK)
        .await;
    assert_eq!(stats["usage_count"], 2);

    // Two to four distinct listings, each one that exists.
    let five = format!(
        "{arcgis},{qgis},{mapinfo},{laserfiche},{}",
        uuid::Uuid::now_v7()
    );
    for ids in [
        arcgis.clone(),
        format!("{arcgis},{arcgis}"),
        five,
        "x,y".to_owned(),
    ] {
        let r = ada
            .get(&format!("/api/v1/listings/compare?ids={ids}"))
            .await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], "ids", "{ids}");
    }
    let r = ada
        .get(&format!(
            "/api/v1/listings/compare?ids={arcgis},{}",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;

    // The page, from the browse page's boxes.
    let browse = ada.get("/technology").await.text().await?;
    assert!(browse.contains("action=\"/technology/compare\"") && browse.contains("name=\"ids\""));
    let html = ada
        .get(&format!(
            "/technology/compare?ids={arcgis}&ids={qgis}&ids={laserfiche}"
        ))
        .await
        .text()
        .await?;
    assert!(html.contains("ArcGIS Enterprise") && html.contains("Laserfiche"));
    assert!(html.contains("3.34 (2)"));

    // Alternatives share a business function; peers of the viewer's size first.
    let alternatives = |html: &str| -> Vec<String> {
        let Some(start) = html.find("id=\"alternatives-title\"") else {
            return vec![];
        };
        let section = &html[start
            ..html[start..]
                .find("</section>")
                .map_or(html.len(), |e| start + e)];
        ["ArcGIS Enterprise", "QGIS", "MapInfo Pro", "Laserfiche"]
            .into_iter()
            .filter_map(|n| {
                section
                    .find(&format!(">{n}</a>"))
                    .map(|at| (at, n.to_owned()))
            })
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_values()
            .collect()
    };
    // Carl's town is under 10,000: QGIS runs at one of that size, MapInfo nowhere.
    let html = carl
        .get(&format!("/technology/listings/{arcgis}"))
        .await
        .text()
        .await?;
    assert_eq!(alternatives(&html), ["QGIS", "MapInfo Pro"]);
    // Kingston is of another size: ArcGIS (run there) before MapInfo.
    let html = ada
        .get(&format!("/technology/listings/{qgis}"))
        .await
        .text()
        .await?;
    assert_eq!(alternatives(&html), ["ArcGIS Enterprise", "MapInfo Pro"]);
    let html = ada
        .get(&format!("/technology/listings/{laserfiche}"))
        .await
        .text()
        .await?;
    assert!(alternatives(&html).is_empty(), "no other records listing");

    // Municipalities like mine: Cobourg is near Gananoque's size, in its region, and runs QGIS
    // too; Kingston is only in the same country. Nobody is ranked for a member without an
    // organization, and a retired record is not a listing in common.
    let peers = carl.get_json("/api/v1/peers", StatusCode::OK).await;
    let names: Vec<&str> = peers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["Town of Cobourg", "City of Kingston"]);
    let cobourg_why = &peers[0]["reasons"];
    assert_eq!(cobourg_why["near_size_band"], true);
    assert_eq!(cobourg_why["same_region"], true);
    assert_eq!(cobourg_why["shared_count"], 1);
    assert_eq!(cobourg_why["shared"][0]["name"], "QGIS");
    assert_eq!(peers[1]["reasons"]["shared_count"], 0);
    assert!(str_of(&peers[0]["url"]).ends_with(&format!("/organizations/{cobourg}/stack")));
    let peers = ada.get_json("/api/v1/peers", StatusCode::OK).await;
    assert_eq!(peers[0]["name"], "Town of Cobourg");
    assert_eq!(
        peers[0]["reasons"]["shared_count"], 0,
        "its ArcGIS is retired"
    );
    assert_eq!(
        root.get_json("/api/v1/peers", StatusCode::OK).await,
        json!([])
    );
    let html = carl.get("/technology/peers").await.text().await?;
    assert!(html.contains("Town of Cobourg") && html.contains("one listing in common"));
    // A listing's page names the peers who run it.
    let html = carl
        .get(&format!("/technology/listings/{arcgis}"))
        .await
        .text()
        .await?;
    let section = html
        .split("id=\"peers-title\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_default();
    assert!(section.contains("City of Kingston") && !section.contains("Town of Cobourg"));
    Ok(())
}
