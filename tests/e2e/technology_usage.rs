//! Usage records: an organization's members record what it uses, with what only they may
//! see; every member sees who uses a listing, narrowed by status, place and size; records are
//! confirmed in one click; nobody outside the organization changes them.

use civiclink_domain::Role;
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of, str_of,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

both_backends!(
    organizations_record_what_they_use,
    the_pages_record_confirm_and_show_a_stack,
    renewals_and_open_contracts_keep_private_contracts_private,
);

/// A published listing of GIS and mapping, made by a moderator; returns its id.
async fn published(root: &mut Client, moderator: &mut Client, name: &str) -> String {
    let r = root
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "GIS and mapping" }),
        )
        .await;
    let gis = if r.status() == StatusCode::CREATED {
        str_of(&r.json::<Value>().await.unwrap()["id"])
    } else {
        let all = root
            .get_json("/api/v1/business-functions", StatusCode::OK)
            .await;
        str_of(&all[0]["id"])
    };
    let r = moderator
        .api_post(
            "/api/v1/listings",
            &json!({ "name": name, "vendor_name": "Esri", "kind": "software",
                     "functions": [gis], "confirm_new": true }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "publish {name}");
    str_of(&r.json::<Value>().await.unwrap()["listing_id"])
}

fn record(listing: &str, contact: &str) -> Value {
    json!({
        "listing_id": listing,
        "status": "production",
        "version": "11.3",
        "since": "2019-04-01",
        "support_ends": "2027-03-31",
        "users": 1250,
        "users_visibility": "organization",
        "contact_id": contact,
        "notes": "Parcel fabric since 2022.",
        "procurement_route": "cooperative",
        "cooperative": "OECM",
        "contract_reference": "OECM-2021-123",
        "contract_ends": "2027-03-31",
        "open_to_others": true,
        "contract_visibility": "organization",
    })
}

async fn organizations_record_what_they_use(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let bob = app.member("bob@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque",
                     "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                     "population": 5383 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let town: civiclink_domain::OrgId = str_of(&r.json::<Value>().await?["id"]).parse()?;
    let carl = app
        .member_in(
            "carl@gananoque.test",
            Role::Member,
            app.association,
            Some(town),
            365,
        )
        .await;
    let listing = published(&mut root, &mut moderator, "ArcGIS Enterprise").await;
    let mut ada = app.signed_in("ada@kingston.test").await;
    let mut bob_c = app.signed_in("bob@kingston.test").await;
    let mut carl_c = app.signed_in("carl@gananoque.test").await;
    let stack = format!("/api/v1/organizations/{}/stack", app.org);

    // Nobody outside Kingston records for it, and bad input is refused; nothing is written.
    let before = app.contents().await;
    let r = carl_c
        .api_post(&stack, &record(&listing, &bob.to_string()))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    for (field, value) in [
        ("status", json!("using")),
        ("since", json!("2019-13-01")),
        ("support_ends", json!("2018-01-01")),
        ("users", json!(-4)),
        ("procurement_route", json!("handshake")),
        ("contact_id", json!(carl.to_string())),
        ("listing_id", json!("not-an-id")),
    ] {
        let mut body = record(&listing, &bob.to_string());
        body[field] = value;
        let r = ada.api_post(&stack, &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], field);
    }
    let r = ada
        .api_post(
            &stack,
            &record(&uuid::Uuid::now_v7().to_string(), &bob.to_string()),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    assert!(
        app.contents().await == before,
        "a refused record wrote something"
    );

    // Ada records it; once per organization.
    let r = ada
        .api_post(&stack, &record(&listing, &bob.to_string()))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let mine: Value = r.json().await?;
    let id = str_of(&mine["id"]);
    assert_eq!(mine["users"], 1250);
    assert_eq!(mine["procurement"]["contract_reference"], "OECM-2021-123");
    // Dates read as they are typed.
    assert_eq!(mine["since"], "2019-04-01");
    assert_eq!(mine["support_ends"], "2027-03-31");
    assert_eq!(mine["procurement"]["contract_ends"], "2027-03-31");
    assert_eq!(
        mine["functions"][0]["name"], "GIS and mapping",
        "the listing's own"
    );
    assert!(str_of(&mine["url"]).ends_with(&format!("#usage-{id}")));
    let r = bob_c
        .api_post(&stack, &record(&listing, &bob.to_string()))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;

    // Outside Kingston, what it keeps to itself is left out; inside, it is there.
    let usage = format!("/api/v1/listings/{listing}/usage");
    let seen = carl_c.get_json(&usage, StatusCode::OK).await;
    assert_eq!(seen[0]["org_name"], "City of Kingston");
    assert_eq!(seen[0]["users"], Value::Null);
    assert_eq!(seen[0]["procurement"], Value::Null);
    assert_eq!(seen[0]["contact"]["id"], bob.to_string());
    assert_eq!(seen[0]["editable"], false);
    let inside = bob_c.get_json(&usage, StatusCode::OK).await;
    assert_eq!(inside[0]["users"], 1250);
    assert_eq!(inside[0]["editable"], true);
    let html = carl_c
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    assert!(html.contains("City of Kingston"));
    assert!(!html.contains("OECM-2021-123") && !html.contains("1250 users"));
    assert!(
        !html.contains("/confirm\""),
        "no confirm button outside the organization"
    );

    // Narrowed by status, place and size.
    for (query, n) in [
        ("status=production", 1),
        ("status=retired", 0),
        ("country=ca", 1),
        ("country=NZ", 0),
        ("region=Ontario", 1),
        ("size_band=50k_250k", 1),
        ("size_band=under_10k", 0),
    ] {
        let v = carl_c
            .get_json(&format!("{usage}?{query}"), StatusCode::OK)
            .await;
        assert_eq!(v.as_array().unwrap().len(), n, "{query}");
    }
    let r = carl_c.get(&format!("{usage}?size_band=huge")).await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;

    // Only Kingston changes or confirms it.
    let record_path = format!("/api/v1/usage-records/{id}");
    let mut change = record(&listing, &bob.to_string());
    change["status"] = json!("retiring");
    let r = carl_c
        .api(reqwest::Method::PUT, &record_path, &change)
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = carl_c
        .api_post(&format!("{record_path}/confirm"), &json!({}))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = bob_c.api(reqwest::Method::PUT, &record_path, &change).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["status"], "retiring");
    let r = bob_c
        .api_post(&format!("{record_path}/confirm"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let confirmed: Value = r.json().await?;
    assert_eq!(confirmed["confirmed_by"]["id"], bob.to_string());
    assert_eq!(confirmed["stale"], false);

    // Kingston's stack, and the outbox.
    let s = carl_c.get_json(&stack, StatusCode::OK).await;
    assert_eq!(s.as_array().unwrap().len(), 1);
    let kinds: Vec<String> = civiclink_store::on_db!(app.db, p => civiclink_store::sqlx::query_scalar(
        "SELECT kind FROM events WHERE kind LIKE 'usage.%' ORDER BY position",
    )
    .fetch_all(p)
    .await)?;
    assert_eq!(
        kinds,
        ["usage.recorded", "usage.updated", "usage.confirmed"]
    );
    Ok(())
}

async fn the_pages_record_confirm_and_show_a_stack(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let listing = published(&mut root, &mut moderator, "QGIS").await;
    let mut ada = app.signed_in("ada@kingston.test").await;

    let page = ada
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    let new = format!("/technology/listings/{listing}/usage/new");
    assert!(page.contains(&new), "the listing offers to record ours");
    assert_eq!(ada.get(&new).await.status(), StatusCode::OK);

    // A bad date comes back with its message and what was typed.
    let r = ada
        .form_post(
            &new,
            &[
                ("status", "production"),
                ("since", "April 2019"),
                ("version", "3.34"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await?;
    assert!(html.contains("f-since-error") && html.contains("value=\"3.34\""));

    let r = ada
        .form_post(
            &new,
            &[
                ("status", "piloting"),
                ("version", "3.34"),
                ("since", "2024-05-01"),
                ("users", "40"),
                ("users_visibility", "members"),
                ("procurement_route", "rfp"),
                ("contract_visibility", "members"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = header_of(&r, header::LOCATION);
    assert!(at.contains("#usage-"), "{at}");
    let page = ada
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    assert!(page.contains("City of Kingston") && page.contains("3.34"));
    assert!(
        !page.contains(&new),
        "recorded once: the page offers to edit it instead"
    );
    let r = ada.form_post(&new, &[("status", "production")]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a second record is refused"
    );

    // One click confirms it.
    let record = str_of(
        &ada.get_json(&format!("/api/v1/listings/{listing}/usage"), StatusCode::OK)
            .await[0]["id"],
    );
    let r = ada
        .form_post(&format!("/technology/usage/{record}/confirm"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The stack, grouped by function.
    let stack = ada.get(&format!("/organizations/{}/stack", app.org)).await;
    assert_eq!(stack.status(), StatusCode::OK);
    let html = stack.text().await?;
    assert!(html.contains("GIS and mapping") && html.contains("QGIS"));
    Ok(())
}

async fn renewals_and_open_contracts_keep_private_contracts_private(
    backend: TestBackend,
) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque",
                     "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                     "population": 5383 }),
        )
        .await;
    let town = str_of(&r.json::<Value>().await?["id"]);
    app.member_in(
        "carl@gananoque.test",
        Role::Member,
        app.association,
        Some(town.parse()?),
        365,
    )
    .await;
    let listing = published(&mut root, &mut moderator, "Laserfiche").await;
    let mut ada = app.signed_in("ada@kingston.test").await;
    let mut carl = app.signed_in("carl@gananoque.test").await;
    let today = time::OffsetDateTime::now_utc().date();
    let soon = (today + time::Duration::days(100)).to_string();
    let later = (today + time::Duration::days(900)).to_string();
    let sooner = (today + time::Duration::days(50)).to_string();

    // Kingston: support ends soon, its contract is open to others and shown to every member.
    let r = ada
        .api_post(
            &format!("/api/v1/organizations/{}/stack", app.org),
            &json!({ "listing_id": listing, "status": "production", "support_ends": soon,
                     "procurement_route": "cooperative", "cooperative": "LAS",
                     "open_to_others": true, "contract_visibility": "members" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // Gananoque: support ends later, but its contract (open too) ends sooner and is private.
    let r = carl
        .api_post(
            &format!("/api/v1/organizations/{town}/stack"),
            &json!({ "listing_id": listing, "status": "production", "support_ends": later,
                     "procurement_route": "rfp", "contract_ends": sooner,
                     "open_to_others": true, "contract_visibility": "organization" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| str_of(&r["org_name"]))
            .collect()
    };
    // Ada sees Kingston's renewal only; Carl sees both, his own first (sooner).
    let radar = ada.get_json("/api/v1/renewals", StatusCode::OK).await;
    assert_eq!(names(&radar), ["City of Kingston"]);
    let radar = carl.get_json("/api/v1/renewals", StatusCode::OK).await;
    assert_eq!(names(&radar), ["Town of Gananoque", "City of Kingston"]);
    for query in ["function=gis-and-mapping", &format!("listing={listing}")] {
        let radar = ada
            .get_json(&format!("/api/v1/renewals?{query}"), StatusCode::OK)
            .await;
        assert_eq!(names(&radar), ["City of Kingston"], "{query}");
    }
    let radar = ada
        .get_json("/api/v1/renewals?function=payroll", StatusCode::OK)
        .await;
    assert_eq!(names(&radar), Vec::<String>::new());
    let r = ada.get("/api/v1/renewals?listing=nope").await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    let page = ada.get("/technology/renewals").await.text().await?;
    assert!(page.contains("City of Kingston") && !page.contains("Town of Gananoque"));

    // Buy on the same contract: Ada sees Kingston's open contract, not Gananoque's private one.
    let page = ada
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    let contracts = page
        .split("Buy on the same contract")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_default()
        .to_owned();
    assert!(
        contracts.contains("City of Kingston") && contracts.contains("LAS"),
        "{contracts}"
    );
    assert!(!contracts.contains("Town of Gananoque"), "{contracts}");
    let page = carl
        .get(&format!("/technology/listings/{listing}"))
        .await
        .text()
        .await?;
    let contracts = page
        .split("Buy on the same contract")
        .nth(1)
        .unwrap_or_default();
    let contracts = contracts.split("</section>").next().unwrap_or_default();
    assert!(contracts.contains("Town of Gananoque") && contracts.contains("City of Kingston"));
    Ok(())
}
