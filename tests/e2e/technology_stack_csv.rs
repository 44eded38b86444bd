//! An organization's stack as CSV: downloaded as the reader may see it, imported with a
//! preview, from a page, the API and the command line; a file with any bad line writes nothing
//! and names each line's problem; only the organization's members import.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, both_backends, str_of};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

both_backends!(stacks_travel_as_csv);

async fn post_csv(c: &mut Client, path: &str, text: &str) -> reqwest::Response {
    let token = c.csrf().await;
    c.http
        .post(c.url(path))
        .header("X-CSRF-Token", token)
        .header(header::CONTENT_TYPE, "text/csv")
        .body(text.to_owned())
        .send()
        .await
        .expect("POST")
}

const BOUNDARY: &str = "----civiclink-csv-boundary";

/// The import page's form as a browser sends it.
async fn post_form(c: &mut Client, path: &str, parts: &[(&str, &str)]) -> reqwest::Response {
    let token = c.csrf().await;
    let mut body = String::new();
    for (name, value) in
        std::iter::once(("csrf_token", token.as_str())).chain(parts.iter().copied())
    {
        let file = if name == "file" {
            "; filename=\"stack.csv\"\r\nContent-Type: text/csv"
        } else {
            ""
        };
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    c.http
        .post(c.url(path))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("POST")
}

async fn stacks_travel_as_csv(backend: TestBackend) -> TestResult {
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
            &json!({ "name": "GIS and mapping" }),
        )
        .await;
    let gis = str_of(&r.json::<Value>().await?["id"]);
    let mut moderator = app.signed_in("mod@kingston.test").await;
    for name in ["ArcGIS Enterprise", "QGIS", "Laserfiche"] {
        let r = moderator
            .api_post(
                "/api/v1/listings",
                &json!({ "name": name, "vendor_name": name, "kind": "software",
                         "functions": [gis], "confirm_new": true }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let mut ada = app.signed_in("ada@kingston.test").await;
    let mut carl = app.signed_in("carl@gananoque.test").await;
    let import = format!("/api/v1/organizations/{}/stack/import", app.org);
    let good = "listing,status,version,since,users,users_visibility,procurement_route,cooperative,open_to_others,contract_visibility,confirmed_on\n\
                arcgis enterprise,production,11.3,2019-04-01,\"1,250\",organization,cooperative,OECM,yes,organization,2024-06-01\n\
                QGIS,piloting,3.34,,,,,,no,,\n";

    // Nobody outside Kingston imports for it; a file with any bad line writes nothing.
    let before = app.contents().await;
    let r = post_csv(&mut carl, &import, good).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let bad = "listing,status,since\n\
               ArcGIS Enterprise,production,2019-04-01\n\
               Hansen,production,\n\
               QGIS,using,\n\
               ArcGIS Enterprise,retired,2019-13-40\n";
    let r = post_csv(&mut ada, &import, bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = r.json().await?;
    assert_eq!(e["error"], "invalid_csv");
    let named: Vec<(u64, String, String)> = e["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap_or(0),
                str_of(&l["column"]),
                str_of(&l["code"]),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            (4, "status".to_owned(), "invalid-choice".to_owned()),
            (5, "since".to_owned(), "date-invalid".to_owned()),
        ],
        "the values first"
    );
    let r = post_csv(
        &mut ada,
        &import,
        "listing,status\nHansen,production\nQGIS,\nqgis,\n",
    )
    .await;
    let e: Value = r.json().await?;
    let codes: Vec<String> = e["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| str_of(&l["code"]))
        .collect();
    assert_eq!(codes, ["csv-unknown-listing", "csv-listing-twice"]);
    assert!(str_of(&e["lines"][0]["message"]).contains("No published listing"));
    for text in [
        "name\nQGIS\n",
        "listing\n",
        "listing,status\nQGIS,production,extra\n",
    ] {
        let r = post_csv(&mut ada, &import, text).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    }
    // The preview plans without writing.
    let r = post_csv(&mut ada, &format!("{import}?dry_run=true"), good).await;
    assert_eq!(r.status(), StatusCode::OK);
    let plan: Value = r.json().await?;
    assert_eq!(
        (plan["applied"].clone(), plan["created"].clone()),
        (json!(false), json!(2))
    );
    assert_eq!(
        app.contents().await,
        before,
        "a refusal or a preview wrote something"
    );

    // Imported: both records, the backdated confirmation making the first stale.
    let r = post_csv(&mut ada, &import, good).await;
    assert_eq!(r.status(), StatusCode::OK);
    let done: Value = r.json().await?;
    assert_eq!(
        (done["created"].clone(), done["updated"].clone()),
        (json!(2), json!(0))
    );
    let stack = ada
        .get_json(
            &format!("/api/v1/organizations/{}/stack", app.org),
            StatusCode::OK,
        )
        .await;
    assert_eq!(stack[0]["listing_name"], "ArcGIS Enterprise");
    assert_eq!(stack[0]["users"], 1250);
    assert_eq!(stack[0]["stale"], true);
    assert_eq!(stack[1]["stale"], false);

    // The download, as each reader may see it; re-imported, it changes nothing but updates.
    let r = ada
        .get(&format!("/api/v1/organizations/{}/stack.csv", app.org))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(str_of(&json!(r.headers()[header::CONTENT_TYPE].to_str()?)).starts_with("text/csv"));
    let mine = r.text().await?;
    assert!(mine.starts_with("listing,status,version,since,"));
    assert!(mine.contains("1250") && mine.contains("OECM"));
    let theirs = carl
        .get(&format!("/api/v1/organizations/{}/stack.csv", app.org))
        .await
        .text()
        .await?;
    assert!(
        !theirs.contains("1250") && !theirs.contains("OECM"),
        "kept within Kingston"
    );
    let r = post_csv(&mut ada, &import, &mine).await;
    let again: Value = r.json().await?;
    assert_eq!(
        (again["created"].clone(), again["updated"].clone()),
        (json!(0), json!(2))
    );
    let after = ada
        .get_json(
            &format!("/api/v1/organizations/{}/stack", app.org),
            StatusCode::OK,
        )
        .await;
    for field in [
        "status",
        "version",
        "since",
        "users",
        "users_visibility",
        "procurement",
        "stale",
    ] {
        assert_eq!(after[0][field], stack[0][field], "{field}");
    }

    // The page: upload, preview, confirm.
    let page = format!("/organizations/{}/stack/import", app.org);
    assert_eq!(carl.get(&page).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(ada.get(&page).await.status(), StatusCode::OK);
    let r = post_form(&mut ada, &page, &[("file", "listing\nHansen\n")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("Line 2"));
    let r = post_form(
        &mut ada,
        &page,
        &[("file", "listing,status\nLaserfiche,evaluating\n")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("Laserfiche") && html.contains("name=\"apply\""));
    assert_eq!(
        app.count("usage_records").await,
        2,
        "a preview writes nothing"
    );
    let r = post_form(
        &mut ada,
        &page,
        &[
            ("csv", "listing,status\nLaserfiche,evaluating\n"),
            ("apply", "yes"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("usage_records").await, 3);

    // The command line, as a member of the organization.
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("stack.csv");
    std::fs::write(&file, "listing,status,version\nQGIS,production,3.36\n")?;
    let args = |member: &'static str| civiclink::import_stack::ImportStack {
        file: &file,
        org: "city of kingston",
        member,
        dry_run: false,
    };
    let refused = civiclink::import_stack::import_stack(
        &app.accounts,
        &app.technology,
        &args("carl@gananoque.test"),
        &|_, _| {},
    )
    .await;
    assert!(refused.is_err(), "Carl keeps no Kingston record");
    let counted = std::sync::atomic::AtomicUsize::new(0);
    let report = civiclink::import_stack::import_stack(
        &app.accounts,
        &app.technology,
        &args("ada@kingston.test"),
        &|done, _| counted.store(done, std::sync::atomic::Ordering::SeqCst),
    )
    .await?;
    assert_eq!(report.updated, 1);
    assert_eq!(counted.load(std::sync::atomic::Ordering::SeqCst), 1);
    std::fs::write(&file, "listing,status\nQGIS,using\n")?;
    let e = civiclink::import_stack::import_stack(
        &app.accounts,
        &app.technology,
        &args("ada@kingston.test"),
        &|_, _| {},
    )
    .await
    .err()
    .map(|e| format!("{e:#}"))
    .unwrap_or_default();
    assert!(e.contains("line 2 (status)"), "{e}");

    // Freshness: the stale record waits for Kingston's members, and one click confirms it.
    let waiting = ada
        .get_json("/api/v1/usage-records/to-confirm", StatusCode::OK)
        .await;
    let names: Vec<String> = waiting
        .as_array()
        .unwrap()
        .iter()
        .map(|r| str_of(&r["listing_name"]))
        .collect();
    assert_eq!(names, ["ArcGIS Enterprise"]);
    assert_eq!(
        carl.get_json("/api/v1/usage-records/to-confirm", StatusCode::OK)
            .await,
        json!([]),
        "not Carl's to confirm"
    );
    let browse = ada.get("/technology").await.text().await?;
    assert!(browse.contains("One record of your organization has not been confirmed for a year."));
    let html = ada.get("/technology/confirm").await.text().await?;
    assert!(html.contains("ArcGIS Enterprise"));
    let record = str_of(&waiting[0]["id"]);
    let r = ada
        .form_post(
            &format!("/technology/usage/{record}/confirm"),
            &[("next", "/technology/confirm")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/technology/confirm");
    let r = ada
        .form_post(
            &format!("/technology/usage/{record}/confirm"),
            &[("next", "//evil.example/")],
        )
        .await;
    assert_eq!(r.headers()[header::LOCATION], "/", "never off-site");
    assert_eq!(
        ada.get_json("/api/v1/usage-records/to-confirm", StatusCode::OK)
            .await,
        json!([])
    );
    Ok(())
}
