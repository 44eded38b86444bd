//! Ratings and reviews: one review per member and listing, its history kept; no review from the
//! listing's vendor or a competing vendor; aggregates by dimension and by size band; helpful
//! votes; reports that moderators settle by hiding or dismissing; the vendor's one response.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of, str_of,
};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

both_backends!(
    reviews_follow_the_rules,
    moderators_settle_reports_and_vendors_respond,
    the_review_pages,
);

/// What the scenarios share: a moderator, two Kingston members (Ada and Bob), Carl of a small
/// town, Vic of a vendor; the vendor's listing, a competitor sharing its business function and
/// a listing of another function.
struct World {
    app: TestApp,
    moderator: Client,
    ada: Client,
    bob: Client,
    carl: Client,
    vic: Client,
    /// Esri's ArcGIS Enterprise (GIS), QGIS (GIS, no vendor organization), Laserfiche (records).
    arcgis: String,
    qgis: String,
    laserfiche: String,
}

async fn world(backend: TestBackend) -> World {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    app.member("bob@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let org = |name: &'static str, kind: &'static str, population: Option<i64>| {
        json!({ "association_id": app.association, "name": name, "kind": kind,
                "region": "Eastern Ontario", "country": "CA", "population": population })
    };
    let r = root
        .api_post(
            "/api/v1/organizations",
            &org("Town of Gananoque", "municipality", Some(5383)),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let town: OrgId = str_of(&r.json::<Value>().await.unwrap()["id"])
        .parse()
        .unwrap();
    let r = root
        .api_post("/api/v1/organizations", &org("Esri Canada", "vendor", None))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let esri: OrgId = str_of(&r.json::<Value>().await.unwrap()["id"])
        .parse()
        .unwrap();
    app.member_in(
        "carl@gananoque.test",
        Role::Member,
        app.association,
        Some(town),
        365,
    )
    .await;
    app.member_in(
        "vic@esri.test",
        Role::Member,
        app.association,
        Some(esri),
        365,
    )
    .await;
    let function = |name: &'static str| json!({ "name": name });
    let mut ids = Vec::new();
    for name in ["GIS and mapping", "Records management"] {
        let r = root
            .api_post("/api/v1/business-functions", &function(name))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        ids.push(str_of(&r.json::<Value>().await.unwrap()["id"]));
    }
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let mut listing = async |body: Value| {
        let r = moderator.api_post("/api/v1/listings", &body).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{body}");
        str_of(&r.json::<Value>().await.unwrap()["listing_id"])
    };
    let arcgis = listing(json!({ "name": "ArcGIS Enterprise", "vendor_name": "Esri",
        "vendor_org_id": esri, "kind": "software", "functions": [ids[0]], "confirm_new": true }))
    .await;
    let qgis = listing(json!({ "name": "QGIS", "vendor_name": "QGIS project",
        "kind": "open_source", "functions": [ids[0]], "confirm_new": true }))
    .await;
    let laserfiche = listing(json!({ "name": "Laserfiche", "vendor_name": "Laserfiche",
        "kind": "software", "functions": [ids[1]], "confirm_new": true }))
    .await;
    World {
        ada: app.signed_in("ada@kingston.test").await,
        bob: app.signed_in("bob@kingston.test").await,
        carl: app.signed_in("carl@gananoque.test").await,
        vic: app.signed_in("vic@esri.test").await,
        moderator,
        app,
        arcgis,
        qgis,
        laserfiche,
    }
}

fn review(overall: i64, pros: &str) -> Value {
    json!({ "overall": overall, "ease": 4, "support": 2, "value": 5, "recommend": overall >= 4,
            "pros": pros, "cons": "Upgrades take a weekend." })
}

async fn reviews_follow_the_rules(backend: TestBackend) -> TestResult {
    let mut w = world(backend).await;
    let reviews = format!("/api/v1/listings/{}/reviews", w.arcgis);

    // Bad input names its field and writes nothing.
    let before = w.app.contents().await;
    for (field, value, bad) in [
        ("overall", json!(6), "overall"),
        ("overall", json!(null), "overall"),
        ("ease", json!(0), "ease"),
        ("recommend", json!("maybe"), "recommend"),
        ("pros", json!("bad\u{7}bell"), "pros"),
        ("cons", json!("x".repeat(3001)), "cons"),
    ] {
        let mut body = review(4, "Parcel fabric.");
        body[field] = value;
        let r = w.ada.api_post(&reviews, &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], bad, "{field}");
    }
    let r = w
        .ada
        .api_post(
            &reviews,
            &json!({ "overall": 3, "recommend": false, "pros": " ", "cons": "" }),
        )
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "pros");

    // The vendor reviews neither its own listing nor a competitor sharing its function; it may
    // review a listing of another function. Refusals write nothing.
    for listing in [&w.arcgis, &w.qgis] {
        let r = w
            .vic
            .api_post(
                &format!("/api/v1/listings/{listing}/reviews"),
                &review(5, "Best GIS."),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "conflict_of_interest").await;
        let e = w
            .vic
            .get_json(
                &format!("/api/v1/listings/{listing}/reviews/eligibility"),
                StatusCode::OK,
            )
            .await;
        assert_eq!(e["may_review"], "conflict_of_interest");
    }
    assert_eq!(w.app.contents().await, before, "a refusal wrote something");
    let r = w
        .vic
        .api_post(
            &format!("/api/v1/listings/{}/reviews", w.laserfiche),
            &review(4, "We file our contracts in it."),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "another function's listing"
    );

    // Ada reviews once, with her context; a second review is refused.
    let r = w
        .ada
        .api_post(&reviews, &review(4, "Parcel fabric works."))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let ada_review: Value = r.json().await?;
    let id = str_of(&ada_review["id"]);
    assert_eq!(ada_review["org_name"], "City of Kingston");
    assert_eq!(ada_review["size_band"], "50k_250k");
    assert_eq!(ada_review["revision"], 1);
    assert_eq!(ada_review["mine"], true);
    assert_eq!(
        str_of(&ada_review["url"]),
        w.app
            .url(&format!("/technology/listings/{}#review-{id}", w.arcgis))
    );
    let r = w.ada.api_post(&reviews, &review(2, "Again.")).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let e = w
        .ada
        .get_json(&format!("{reviews}/eligibility"), StatusCode::OK)
        .await;
    assert_eq!(e["may_review"], "already_reviewed");
    assert_eq!(e["review"], json!(id));

    // Carl, of a town under 10,000, reviews it lower; the aggregates split by size band.
    let r = w
        .carl
        .api_post(
            &reviews,
            &json!({ "overall": 2, "recommend": false, "cons": "Too much for a small town." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let page = w.bob.get_json(&reviews, StatusCode::OK).await;
    let a = &page["aggregates"];
    assert_eq!(a["count"], 2);
    assert_eq!(a["overall"], 3.0);
    assert_eq!(a["ease"], 4.0, "Carl gave no ease score");
    assert_eq!(a["recommend"], 0.5);
    assert_eq!(a["distribution"], json!([0, 1, 0, 1, 0]));
    assert_eq!(
        a["by_size_band"],
        json!([
            { "size_band": "under_10k", "count": 1, "overall": 2.0 },
            { "size_band": "50k_250k", "count": 1, "overall": 4.0 },
        ])
    );
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2));

    // Only its author edits it; the earlier version stays in the history.
    let own = format!("/api/v1/reviews/{id}");
    let r = w
        .bob
        .api(Method::PUT, &own, &review(1, "Not Bob's to say."))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = w
        .ada
        .api(Method::PUT, &own, &review(5, "Parcel fabric works well."))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let edited: Value = r.json().await?;
    assert_eq!(edited["revision"], 2);
    assert_eq!(edited["overall"], 5);
    let history = w
        .carl
        .get_json(&format!("{own}/revisions"), StatusCode::OK)
        .await;
    assert_eq!(history[0]["number"], 2);
    assert_eq!(history[1]["pros"], "Parcel fabric works.");
    assert_eq!(history[1]["overall"], 4);

    // Helpful votes: once per member, never one's own, and taken back.
    let helpful = format!("{own}/helpful");
    for _ in 0..2 {
        let r = w.bob.api_post(&helpful, &json!({})).await;
        assert_eq!(r.status(), StatusCode::OK);
        let v: Value = r.json().await?;
        assert_eq!(
            (v["helpful"].clone(), v["voted_helpful"].clone()),
            (json!(1), json!(true))
        );
    }
    let r = w.ada.api_post(&helpful, &json!({})).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = w.carl.api_post(&helpful, &json!({})).await;
    assert_eq!(r.json::<Value>().await?["helpful"], 2);
    let r = w.carl.api(Method::DELETE, &helpful, &json!({})).await;
    let v: Value = r.json().await?;
    assert_eq!(
        (v["helpful"].clone(), v["voted_helpful"].clone()),
        (json!(1), json!(false))
    );
    // The most helpful first.
    let page = w.bob.get_json(&reviews, StatusCode::OK).await;
    assert_eq!(page["items"][0]["id"], json!(id));
    let newest = w
        .bob
        .get_json(&format!("{reviews}?sort=newest"), StatusCode::OK)
        .await;
    assert_eq!(
        newest["items"][0]["author"]["name"],
        page["items"][1]["author"]["name"]
    );
    let r = w.bob.get(&format!("{reviews}?sort=loudest")).await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    Ok(())
}

async fn moderators_settle_reports_and_vendors_respond(backend: TestBackend) -> TestResult {
    let mut w = world(backend).await;
    let reviews = format!("/api/v1/listings/{}/reviews", w.arcgis);
    let r = w.ada.api_post(&reviews, &review(2, "It maps.")).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = str_of(&r.json::<Value>().await?["id"]);
    let reports = format!("/api/v1/reviews/{id}/reports");

    // Reports: not one's own, a reason from the list, a note for "other", one open at a time.
    let r = w.ada.api_post(&reports, &json!({ "reason": "spam" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    for (body, field) in [
        (json!({ "reason": "boring" }), "reason"),
        (json!({ "reason": "other" }), "note"),
    ] {
        let r = w.bob.api_post(&reports, &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], field);
    }
    let r = w
        .bob
        .api_post(
            &reports,
            &json!({ "reason": "off_topic", "note": "About QGIS." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first = str_of(&r.json::<Value>().await?["id"]);
    let r = w.bob.api_post(&reports, &json!({ "reason": "spam" })).await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = w
        .carl
        .api_post(&reports, &json!({ "reason": "abusive" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let second = str_of(&r.json::<Value>().await?["id"]);

    // Only moderators see the queue and settle it.
    let r = w.bob.get("/api/v1/review-reports").await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = w
        .bob
        .api_post(&format!("/api/v1/review-reports/{first}/hide"), &json!({}))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let queue = w
        .moderator
        .get_json("/api/v1/review-reports", StatusCode::OK)
        .await;
    assert_eq!(queue.as_array().map(Vec::len), Some(2));
    assert_eq!(queue[0]["reason"], "off_topic");
    assert_eq!(queue[0]["review"]["id"], json!(id));
    let r = w
        .moderator
        .api_post(
            &format!("/api/v1/review-reports/{first}/dismiss"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = w
        .moderator
        .api_post(
            &format!("/api/v1/review-reports/{first}/dismiss"),
            &json!({}),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = w
        .moderator
        .api_post(&format!("/api/v1/review-reports/{second}/hide"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        w.moderator
            .get_json("/api/v1/review-reports", StatusCode::OK)
            .await,
        json!([])
    );
    let audit = w
        .app
        .db
        .audit_entries(&civiclink_store::AuditFilter {
            action: Some("review.hide".into()),
            limit: 10,
            ..Default::default()
        })
        .await?;
    assert_eq!(audit.len(), 1, "the hide is in the audit log");

    // Hidden: gone for others and from the aggregates; its author and moderators still see it.
    let own = format!("/api/v1/reviews/{id}");
    let r = w.bob.get(&own).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let r = w.bob.api_post(&format!("{own}/helpful"), &json!({})).await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    let page = w.bob.get_json(&reviews, StatusCode::OK).await;
    assert_eq!(page["aggregates"]["count"], 0);
    assert_eq!(page["items"], json!([]));
    assert_eq!(w.ada.get_json(&own, StatusCode::OK).await["hidden"], true);
    assert_eq!(
        w.moderator.get_json(&own, StatusCode::OK).await["hidden"],
        true
    );
    let r = w.bob.api_post(&format!("{own}/restore"), &json!({})).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = w
        .moderator
        .api_post(&format!("{own}/restore"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(w.bob.get_json(&own, StatusCode::OK).await["hidden"], false);

    // Two moderators settling one report at the same instant: one settles it, the other finds
    // it settled; one audit entry.
    w.app.member("mod2@kingston.test", Role::Moderator).await;
    let mut second_moderator = w.app.signed_in("mod2@kingston.test").await;
    let r = w.bob.api_post(&reports, &json!({ "reason": "spam" })).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let third = str_of(&r.json::<Value>().await?["id"]);
    let audited = w.app.count("audit_log").await;
    let (hide, dismiss) = (
        format!("/api/v1/review-reports/{third}/hide"),
        format!("/api/v1/review-reports/{third}/dismiss"),
    );
    let empty = json!({});
    let (a, b) = tokio::join!(
        w.moderator.api_post(&hide, &empty),
        second_moderator.api_post(&dismiss, &empty),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [204, 404]);
    assert_eq!(w.app.count("audit_log").await, audited + 1);
    if a.status() == StatusCode::NO_CONTENT {
        // Hidden: shown again for what follows.
        let r = w
            .moderator
            .api_post(&format!("{own}/restore"), &json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }

    // The vendor's one response: only a member of the listing's vendor, changed by its author.
    let response = format!("{own}/response");
    let r = w
        .bob
        .api(Method::PUT, &response, &json!({ "response": "Not mine." }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = w
        .vic
        .api(Method::PUT, &response, &json!({ "response": "" }))
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "response");
    let r = w
        .vic
        .api(
            Method::PUT,
            &response,
            &json!({ "response": "Thank you; 11.3 fixes the parcel locks." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await?;
    assert_eq!(v["response"]["org_name"], "Esri Canada");
    let r = w
        .vic
        .api(
            Method::PUT,
            &response,
            &json!({ "response": "Thank you; 11.3 fixes it. Call us." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let seen = w.carl.get_json(&own, StatusCode::OK).await;
    assert_eq!(
        seen["response"]["body"],
        "Thank you; 11.3 fixes it. Call us."
    );
    // A review of a listing without a vendor organization takes no response.
    let r = w
        .ada
        .api_post(
            &format!("/api/v1/listings/{}/reviews", w.qgis),
            &review(4, "Free."),
        )
        .await;
    let qgis_review = str_of(&r.json::<Value>().await?["id"]);
    let r = w
        .vic
        .api(
            Method::PUT,
            &format!("/api/v1/reviews/{qgis_review}/response"),
            &json!({ "response": "Try ours." }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    Ok(())
}

async fn the_review_pages(backend: TestBackend) -> TestResult {
    let mut w = world(backend).await;
    let listing = format!("/technology/listings/{}", w.arcgis);
    let form = format!("{listing}/review");

    // The listing offers a review; the vendor's member is told why it cannot review.
    let html = w.ada.get(&listing).await.text().await?;
    assert!(html.contains(&form), "a review is offered");
    let html = w.vic.get(&listing).await.text().await?;
    assert!(html.contains("cannot review it") && !html.contains(&format!("href=\"{form}\"")));
    let r = w.vic.get(&form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A bad form comes back with its messages and what was typed; a good one lands on the page.
    assert_eq!(w.ada.get(&form).await.status(), StatusCode::OK);
    let r = w
        .ada
        .form_post(
            &form,
            &[("overall", "9"), ("pros", "Parcel <b>fabric</b>.")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await?;
    assert!(html.contains("f-overall-error"), "{html}");
    assert!(html.contains("Parcel &#60;b&#62;fabric&#60;/b&#62;.") && !html.contains("<b>fabric"));
    let r = w
        .ada
        .form_post(
            &form,
            &[
                ("overall", "4"),
                ("ease", ""),
                ("support", "3"),
                ("value", "4"),
                ("recommend", "yes"),
                ("pros", "Parcel <b>fabric</b>.\nVersioning."),
                ("cons", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = header_of(&r, header::LOCATION);
    assert!(at.starts_with(&listing) && at.contains("#review-"), "{at}");
    let id = at.rsplit("#review-").next().unwrap_or_default().to_owned();

    // The page shows the review (escaped), the aggregates with their chart and its table.
    let html = w.bob.get(&listing).await.text().await?;
    assert!(html.contains("Parcel &#60;b&#62;fabric&#60;/b&#62;.") && !html.contains("<b>fabric"));
    assert!(html.contains("4.0 out of 5 overall") && html.contains("<svg"));
    assert!(html.contains("50,000 to 250,000 people"));

    // Editing from the same address keeps the history, shown to readers.
    let r = w
        .ada
        .form_post(
            &form,
            &[
                ("overall", "5"),
                ("recommend", "yes"),
                ("pros", "Better after 11.3."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.bob.get(&listing).await.text().await?;
    assert!(
        html.contains("edited once") && html.contains(&format!("/technology/reviews/{id}/history"))
    );
    let html = w
        .bob
        .get(&format!("/technology/reviews/{id}/history"))
        .await
        .text()
        .await?;
    assert!(html.contains("Better after 11.3.") && html.contains("Versioning."));

    // Helpful, then reported, then hidden by a moderator from the queue.
    let r = w
        .bob
        .form_post(
            &format!("/technology/reviews/{id}/helpful"),
            &[("helpful", "yes")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.carl.get(&listing).await.text().await?;
    assert!(html.contains("One member found this helpful"));
    let report = format!("/technology/reviews/{id}/report");
    assert_eq!(w.bob.get(&report).await.status(), StatusCode::OK);
    let r = w.bob.form_post(&report, &[("reason", "other")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("f-note-error"));
    let r = w
        .bob
        .form_post(&report, &[("reason", "spam"), ("note", "An advert.")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        w.bob.get("/technology/reports").await.status(),
        StatusCode::FORBIDDEN
    );
    let html = w.moderator.get("/technology/reports").await.text().await?;
    assert!(html.contains("An advert.") && html.contains("One report is waiting."));
    let queue = w
        .moderator
        .get_json("/api/v1/review-reports", StatusCode::OK)
        .await;
    let report_id = str_of(&queue[0]["id"]);
    let r = w
        .moderator
        .form_post(&format!("/technology/reports/{report_id}/hide"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.carl.get(&listing).await.text().await?;
    assert!(!html.contains("Better after 11.3."), "hidden from readers");
    let html = w.ada.get(&listing).await.text().await?;
    assert!(html.contains("Better after 11.3.") && html.contains("A moderator hid this review"));

    // The vendor responds from the page, once the review shows again.
    let r = w
        .moderator
        .form_post(&format!("/technology/reviews/{id}/restore"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let response = format!("/technology/reviews/{id}/response");
    assert_eq!(w.bob.get(&response).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.vic.get(&response).await.status(), StatusCode::OK);
    let r = w
        .vic
        .form_post(&response, &[("response", "Thank you for the review.")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = w.carl.get(&listing).await.text().await?;
    assert!(
        html.contains("Response from Esri Canada") && html.contains("Thank you for the review.")
    );
    Ok(())
}
