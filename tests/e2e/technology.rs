//! The technology directory: members propose listings and edits, moderators publish, reject and
//! restore; names near an existing listing's are offered first; every change is kept in the
//! history; nothing unpublished reaches anyone but its author and the moderators; bad input is
//! refused with its field and writes nothing. Through the API and through the pages.

use civiclink_domain::Role;
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of, str_of,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

both_backends!(
    members_propose_and_moderators_publish,
    near_names_are_offered_and_names_are_unique,
    edits_wait_for_review_and_history_restores,
    bad_input_is_refused_and_writes_nothing,
    the_pages_propose_review_and_show_a_listing,
);

/// A business function made by the site administrator; returns its id.
async fn function(root: &mut Client, name: &str) -> String {
    let r = root
        .api_post("/api/v1/business-functions", &json!({ "name": name }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "add {name}");
    str_of(&r.json::<Value>().await.unwrap()["id"])
}

fn listing(name: &str, function: &str) -> Value {
    json!({
        "name": name,
        "vendor_name": "Esri",
        "kind": "software",
        "website": "https://www.esri.com",
        "description": "Maps and **feature services**.",
        "hosting": ["on_premises", "saas"],
        "versions": ["11.3", "11.1"],
        "functions": [function],
        "summary": "From our survey.",
    })
}

/// The kinds of the outbox's events about `entity`, oldest first.
async fn events_of(app: &TestApp, entity: &str) -> Vec<String> {
    let id: uuid::Uuid = entity.parse().unwrap();
    civiclink_store::on_db!(app.db, p => civiclink_store::sqlx::query_scalar::<_, String>(
        "SELECT kind FROM events WHERE entity_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(p)
    .await)
    .unwrap()
}

struct Cast {
    root: Client,
    moderator: Client,
    ada: Client,
    bob: Client,
    gis: String,
}

async fn cast(app: &TestApp) -> Cast {
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    app.member("bob@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let gis = function(&mut root, "GIS and mapping").await;
    Cast {
        root,
        moderator: app.signed_in("mod@kingston.test").await,
        ada: app.signed_in("ada@kingston.test").await,
        bob: app.signed_in("bob@kingston.test").await,
        gis,
    }
}

async fn members_propose_and_moderators_publish(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let Cast {
        mut root,
        mut moderator,
        mut ada,
        mut bob,
        gis,
    } = cast(&app).await;

    // Only the site administrator maintains the taxonomy.
    let r = ada
        .api_post("/api/v1/business-functions", &json!({ "name": "Payroll" }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = root
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "gis AND mapping" }),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let functions = ada
        .get_json("/api/v1/business-functions", StatusCode::OK)
        .await;
    assert_eq!(functions[0]["slug"], "gis-and-mapping");

    // Ada proposes; it waits, and only she and the moderators see it.
    let r = ada
        .api_post("/api/v1/listings", &listing("ArcGIS Enterprise", &gis))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let proposal: Value = r.json().await?;
    let id = str_of(&proposal["listing_id"]);
    assert_eq!(proposal["revision"]["status"], "pending");
    // Answers carry the absolute address of the page.
    assert_eq!(
        str_of(&proposal["url"]),
        app.url(&format!("/technology/listings/{id}"))
    );
    let mine = ada
        .get_json(&format!("/api/v1/listings/{id}"), StatusCode::OK)
        .await;
    assert_eq!(mine["status"], "proposed");
    let r = bob.get(&format!("/api/v1/listings/{id}")).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = bob.get(&format!("/technology/listings/{id}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let browse = bob.get_json("/api/v1/listings", StatusCode::OK).await;
    assert_eq!(browse["items"].as_array().unwrap().len(), 0);

    // Only moderators see the queue and decide.
    let r = ada.get("/api/v1/listing-revisions").await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let queue = moderator
        .get_json("/api/v1/listing-revisions", StatusCode::OK)
        .await;
    let revision = str_of(&queue[0]["id"]);
    assert_eq!(queue[0]["listing_id"], id.as_str());
    let before = app.contents().await;
    for who in [&mut ada, &mut bob] {
        let r = who
            .api_post(
                &format!("/api/v1/listing-revisions/{revision}/approve"),
                &json!({}),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert!(
        app.contents().await == before,
        "a refused approval wrote something"
    );
    let r = moderator
        .api_post(
            &format!("/api/v1/listing-revisions/{revision}/approve"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Decided once: a second decision is a conflict.
    let r = moderator
        .api_post(
            &format!("/api/v1/listing-revisions/{revision}/reject"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // Now every member finds it, by function, kind, vendor and name.
    let seen = bob
        .get_json(&format!("/api/v1/listings/{id}"), StatusCode::OK)
        .await;
    assert_eq!(seen["status"], "published");
    assert_eq!(seen["versions"], json!(["11.3", "11.1"]));
    assert_eq!(seen["function_names"][0]["name"], "GIS and mapping");
    assert!(str_of(&seen["description_html"]).contains("<strong>feature services</strong>"));
    for query in [
        "function=gis-and-mapping",
        "kind=software",
        "vendor=esri",
        "q=arcgis",
        "q=ENTERPRISE",
    ] {
        let page = bob
            .get_json(&format!("/api/v1/listings?{query}"), StatusCode::OK)
            .await;
        assert_eq!(page["items"][0]["id"], id.as_str(), "{query}");
    }
    for query in [
        "function=payroll",
        "kind=hardware",
        "vendor=tyler",
        "q=qgis",
    ] {
        let page = bob
            .get_json(&format!("/api/v1/listings?{query}"), StatusCode::OK)
            .await;
        assert_eq!(page["items"].as_array().unwrap().len(), 0, "{query}");
    }
    let r = bob.get("/api/v1/listings?kind=firmware").await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;

    // The outbox and the audit log hold what happened.
    assert_eq!(
        events_of(&app, &id).await,
        ["listing.proposed", "listing.published"]
    );
    let audit = root
        .get_json("/api/v1/admin/audit?action=listing.approve", StatusCode::OK)
        .await;
    assert_eq!(audit[0]["target_id"], id.as_str());

    // A moderator's own proposal is published at once.
    let r = moderator
        .api_post("/api/v1/listings", &listing("QGIS", &gis))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await?;
    assert_eq!(p["revision"]["status"], "approved");
    bob.get_json(
        &str_of(&p["url"]).replace(&app.url("/technology/"), "/api/v1/"),
        StatusCode::OK,
    )
    .await;
    Ok(())
}

async fn near_names_are_offered_and_names_are_unique(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let Cast {
        mut moderator,
        mut ada,
        gis,
        ..
    } = cast(&app).await;
    let r = moderator
        .api_post("/api/v1/listings", &listing("ArcGIS Enterprise", &gis))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let before = app.contents().await;
    let r = ada
        .api_post("/api/v1/listings", &listing("ArcGis Entreprise", &gis))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body: Value = r.json().await?;
    assert_eq!(body["error"], "near_duplicates");
    assert_eq!(body["candidates"][0]["name"], "ArcGIS Enterprise");
    assert!(
        app.contents().await == before,
        "a near name wrote something"
    );

    // The same name, folded, is never a second listing, confirmed or not.
    let mut same = listing("arcgis  ENTERPRISE", &gis);
    same["confirm_new"] = json!(true);
    let r = ada.api_post("/api/v1/listings", &same).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert!(
        app.contents().await == before,
        "a taken name wrote something"
    );

    // Told it is another product, it is proposed.
    let mut other = listing("ArcGIS Enterprise Builder", &gis);
    other["confirm_new"] = json!(true);
    let r = ada.api_post("/api/v1/listings", &other).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    Ok(())
}

async fn edits_wait_for_review_and_history_restores(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let Cast {
        root,
        mut moderator,
        mut ada,
        bob,
        gis,
    } = cast(&app).await;
    let r = moderator
        .api_post("/api/v1/listings", &listing("Cityworks", &gis))
        .await;
    let id = str_of(&r.json::<Value>().await?["listing_id"]);
    let path = format!("/api/v1/listings/{id}");

    // Ada's edit waits; the listing does not change.
    let mut edit = listing("Cityworks", &gis);
    edit["versions"] = json!(["23.10"]);
    edit["base"] = json!(1);
    let r = ada.api_post(&format!("{path}/revisions"), &edit).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let pending: Value = r.json().await?;
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["number"], 2);
    let now = bob.get_json(&path, StatusCode::OK).await;
    assert_eq!(now["versions"], json!(["11.3", "11.1"]));
    assert_eq!(now["pending_edits"], 1);

    // A moderator's edit applies at once; Ada's, written against revision 1, no longer can.
    let mut fix = listing("Cityworks", &gis);
    fix["vendor_name"] = json!("Trimble");
    fix["base"] = json!(1);
    let r = moderator.api_post(&format!("{path}/revisions"), &fix).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let now = bob.get_json(&path, StatusCode::OK).await;
    assert_eq!(now["vendor_name"], "Trimble");
    assert_eq!(now["revision"], 3);
    let revision = str_of(&pending["id"]);
    let r = moderator
        .api_post(
            &format!("/api/v1/listing-revisions/{revision}/approve"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = moderator
        .api_post(
            &format!("/api/v1/listing-revisions/{revision}/reject"),
            &json!({ "note": "Written before the vendor was fixed." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // A stale moderator's edit is refused too.
    let r = moderator.api_post(&format!("{path}/revisions"), &fix).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // Only moderators restore, and only an approved revision that is not in effect.
    let r = ada
        .api_post(&format!("{path}/revert"), &json!({ "number": 1 }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    for (number, code) in [(2, "conflict"), (3, "conflict"), (9, "not_found")] {
        let r = moderator
            .api_post(&format!("{path}/revert"), &json!({ "number": number }))
            .await;
        let status = if code == "conflict" {
            StatusCode::CONFLICT
        } else {
            StatusCode::NOT_FOUND
        };
        assert_error(r, status, code).await;
    }
    let r = moderator
        .api_post(
            &format!("{path}/revert"),
            &json!({ "number": 1, "summary": "Vendor was right." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let now = bob.get_json(&path, StatusCode::OK).await;
    assert_eq!(now["vendor_name"], "Esri");
    assert_eq!(now["revision"], 4);

    // The history keeps everything, newest first, for every member.
    let history = bob
        .get_json(&format!("{path}/revisions"), StatusCode::OK)
        .await;
    let rows: Vec<(i64, String, Option<i64>)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_i64().unwrap(),
                str_of(&r["status"]),
                r["restores"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (4, "approved".to_owned(), Some(1)),
            (3, "approved".to_owned(), None),
            (2, "rejected".to_owned(), None),
            (1, "approved".to_owned(), None),
        ]
    );
    assert_eq!(
        history[2]["decision_note"],
        "Written before the vendor was fixed."
    );
    let page = bob.get(&format!("/technology/listings/{id}/history")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(html.contains("Written before the vendor was fixed."));
    assert!(
        !html.contains("/revert\""),
        "a member is offered no restore"
    );
    let html = moderator
        .get(&format!("/technology/listings/{id}/history"))
        .await
        .text()
        .await?;
    assert!(html.contains(&format!("/technology/listings/{id}/revert")));

    let audit = root
        .get_json("/api/v1/admin/audit?action=listing.revert", StatusCode::OK)
        .await;
    assert_eq!(audit[0]["details"], json!({ "number": 4, "restores": 1 }));
    assert_eq!(
        events_of(&app, &id).await,
        [
            "listing.proposed",
            "listing.published",
            "listing.edit_proposed",
            "listing.revised",
            "listing.edit_rejected",
            "listing.revised",
        ]
    );
    Ok(())
}

async fn bad_input_is_refused_and_writes_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let Cast { mut ada, gis, .. } = cast(&app).await;
    let before = app.contents().await;
    let long = "x".repeat(121);
    let unknown = uuid::Uuid::now_v7().to_string();
    let municipality = app.org.to_string();
    let cases: Vec<(&str, Value, &str)> = vec![
        ("name", json!(""), "name"),
        ("name", json!(long), "name"),
        ("kind", json!("firmware"), "kind"),
        ("website", json!("javascript:alert(1)"), "website"),
        ("functions", json!([]), "functions"),
        ("functions", json!([unknown]), "functions"),
        ("functions", json!(["not-an-id"]), "functions"),
        ("hosting", json!(["cloud"]), "hosting"),
        ("vendor_org_id", json!(municipality), "vendor_org_id"),
        ("versions", json!(["x".repeat(41)]), "versions"),
        ("description", json!("x".repeat(10_001)), "description"),
    ];
    for (field, value, expected) in cases {
        let mut body = listing("Laserfiche", &gis);
        body[field] = value;
        body["confirm_new"] = json!(true);
        let r = ada.api_post("/api/v1/listings", &body).await;
        let error = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(error["field"], expected, "{field}");
    }
    let r = ada.api_post("/api/v1/listings", &json!([1, 2])).await;
    assert!(r.status().is_client_error());
    assert!(app.contents().await == before, "bad input wrote something");
    Ok(())
}

async fn the_pages_propose_review_and_show_a_listing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let Cast {
        mut moderator,
        mut ada,
        gis,
        ..
    } = cast(&app).await;
    moderator
        .api_post("/api/v1/listings", &listing("Laserfiche", &gis))
        .await;

    let form = ada.get("/technology/propose").await;
    assert_eq!(form.status(), StatusCode::OK);
    assert!(form.text().await?.contains("GIS and mapping"));

    // A near name comes back with the candidates and the box to confirm.
    let fields = |name: &'static str, confirm: bool| {
        let mut f = vec![
            ("name", name.to_owned()),
            ("vendor_name", "Laserfiche".to_owned()),
            ("kind", "software".to_owned()),
            ("functions", gis.clone()),
            ("hosting", "on_premises".to_owned()),
            ("hosting", "saas".to_owned()),
            ("versions", "11\n10.4".to_owned()),
            (
                "description",
                "Records <script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"
                    .to_owned(),
            ),
        ];
        if confirm {
            f.push(("confirm_new", "on".to_owned()));
        }
        f
    };
    let owned = fields("LaserFiche Cloud", false);
    let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = ada.form_post("/technology/propose", &pairs).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await?;
    assert!(html.contains("Did you mean"), "{html}");
    assert!(html.contains("name=\"confirm_new\""));
    assert!(
        html.contains("value=\"LaserFiche Cloud\""),
        "what was typed is kept"
    );

    let owned = fields("LaserFiche Cloud", true);
    let pairs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = ada.form_post("/technology/propose", &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = header_of(&r, header::LOCATION);
    assert!(at.starts_with("/technology/listings/"), "{at}");
    let page = ada.get(&at).await.text().await?;
    assert!(page.contains("LaserFiche Cloud"));
    assert!(page.contains("waiting for a moderator"));
    // The description is sanitized: no script, no handler, no javascript: link.
    assert!(!page.contains("<script>alert(1)"));
    assert!(!page.contains("onerror"));
    assert!(!page.contains("javascript:"));

    // The moderator reviews it from the queue, without JavaScript.
    let queue = moderator.get("/technology/review").await.text().await?;
    assert!(queue.contains("LaserFiche Cloud"));
    let revision = moderator
        .get_json("/api/v1/listing-revisions", StatusCode::OK)
        .await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = ada
        .form_post(&format!("/technology/revisions/{revision}/approve"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = moderator
        .form_post(&format!("/technology/revisions/{revision}/approve"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let browse = ada.get("/technology?q=cloud").await.text().await?;
    assert!(browse.contains("LaserFiche Cloud"));
    assert!(browse.contains(&at));

    // A form missing a required field comes back with its message, and writes nothing.
    let before = app.contents().await;
    let r = ada
        .form_post("/technology/propose", &[("name", ""), ("kind", "software")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("f-name-error"));
    assert!(app.contents().await == before);
    Ok(())
}
