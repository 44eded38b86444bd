//! A listing used by many organizations shows them 25 at a time, with how many match and
//! links that keep the filter; the counts by status, adoption by size band and "peers who run
//! it" cover every record, not the page shown.

use civiclink_domain::Role;
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends, str_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(many_users_are_paged);

async fn many_users_are_paged(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let r = root
        .api_post("/api/v1/business-functions", &json!({ "name": "Email" }))
        .await;
    let function = str_of(&r.json::<Value>().await?["id"]);
    let mut moderator = app.signed_in("mod@kingston.test").await;
    let r = moderator
        .api_post(
            "/api/v1/listings",
            &json!({ "name": "Microsoft 365", "vendor_name": "Microsoft", "kind": "software",
                     "hosting": ["saas"], "functions": [function], "confirm_new": true }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let listing = str_of(&r.json::<Value>().await?["listing_id"]);

    // 60 organizations run it: 54 small towns and 6 cities a size band above Kingston's, two
    // of which retired it.
    for i in 0..60 {
        let population = if i < 54 { 5_000 + i } else { 400_000 + i };
        let r = root
            .api_post(
                "/api/v1/organizations",
                &json!({ "association_id": app.association, "name": format!("Town {i:02}"),
                         "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                         "population": population }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let org = str_of(&r.json::<Value>().await?["id"]);
        let status = if i == 54 || i == 55 {
            "retired"
        } else {
            "production"
        };
        let r = root
            .api_post(
                &format!("/api/v1/organizations/{org}/stack"),
                &json!({ "listing_id": listing, "status": status }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "town {i}");
    }

    let ada = app.signed_in("ada@kingston.test").await;
    let page = ada.get(&format!("/technology/listings/{listing}")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    // The counts cover every record; the list shows the first 25, by name.
    assert!(html.contains("Used by 60 organizations"), "{html}");
    assert!(html.contains("In production: 58 · Retired: 2"), "{html}");
    assert_eq!(html.matches("<li id=\"usage-").count(), 25);
    assert!(html.contains("Town 00") && html.contains("Town 24") && !html.contains("Town 25<"));
    // Adoption by size band, over every record not retired: a chart with its table.
    let start = html.find("id=\"adoption-title\"").expect("adoption");
    let adoption = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(
        adoption.contains("<th scope=\"row\">Under 10,000 people</th><td>54</td>"),
        "{adoption}"
    );
    assert!(
        adoption.contains("<th scope=\"row\">250,000 to 1 million people</th><td>4</td>"),
        "{adoption}"
    );
    assert!(adoption.contains("<svg") && adoption.contains("aria-hidden=\"true\""));
    assert!(html.contains("1–25 of 60"));
    assert!(html.contains(&format!(
        "href=\"/technology/listings/{listing}?from=25#usage-title\" rel=\"next\""
    )));
    assert!(!html.contains("rel=\"prev\""));

    let html = ada
        .get(&format!("/technology/listings/{listing}?from=25"))
        .await
        .text()
        .await?;
    assert_eq!(html.matches("<li id=\"usage-").count(), 25);
    assert!(html.contains("26–50 of 60"));
    assert!(html.contains(&format!(
        "href=\"/technology/listings/{listing}#usage-title\" rel=\"prev\""
    )));
    assert!(html.contains(&format!(
        "href=\"/technology/listings/{listing}?from=50#usage-title\" rel=\"next\""
    )));

    let html = ada
        .get(&format!("/technology/listings/{listing}?from=50"))
        .await
        .text()
        .await?;
    assert_eq!(html.matches("<li id=\"usage-").count(), 10);
    assert!(html.contains("Town 50") && html.contains("Town 59") && !html.contains("Town 49<"));
    assert!(html.contains("51–60 of 60"));
    assert!(html.contains(&format!(
        "href=\"/technology/listings/{listing}?from=25#usage-title\" rel=\"prev\""
    )));
    assert!(!html.contains("rel=\"next\""));

    // A filter narrows the count and stays in the links.
    let html = ada
        .get(&format!(
            "/technology/listings/{listing}?status=production&size_band=under_10k"
        ))
        .await
        .text()
        .await?;
    assert_eq!(html.matches("<li id=\"usage-").count(), 25);
    assert!(html.contains("1–25 of 54"), "{html}");
    let next = format!(
        "href=\"/technology/listings/{listing}?status=production&#38;size_band=under_10k&#38;from=25#usage-title\""
    );
    assert!(html.contains(&next), "{next} in {html}");

    // Past the end: nothing listed, the way back offered. A start that is no number is refused.
    let html = ada
        .get(&format!("/technology/listings/{listing}?from=500"))
        .await
        .text()
        .await?;
    assert_eq!(html.matches("<li id=\"usage-").count(), 0);
    assert!(html.contains(&format!(
        "href=\"/technology/listings/{listing}?from=50#usage-title\" rel=\"prev\""
    )));
    assert!(!html.contains("501–"), "no range of an empty page");
    let r = ada
        .get(&format!("/technology/listings/{listing}?from=first"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = ada
        .get(&format!("/technology/listings/{listing}?from=-3"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await?.matches("<li id=\"usage-").count(), 25);

    // The API pages the same way: `limit` at a time, the total in X-Total-Count, the next
    // page's address (filters kept) in Link; following it yields every record once.
    let mut next = Some(format!(
        "/api/v1/listings/{listing}/usage?status=production&limit=25"
    ));
    let mut seen = Vec::new();
    let mut pages = 0;
    while let Some(path) = next.take() {
        let r = ada.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["x-total-count"], "58");
        next = r.headers().get("link").map(|l| {
            let l = l.to_str().unwrap();
            assert!(l.ends_with(">; rel=\"next\""), "{l}");
            assert!(
                l.contains("status=production") && l.contains("limit=25"),
                "{l}"
            );
            l.trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        });
        let items: Vec<Value> = r.json().await?;
        assert!(items.len() <= 25);
        seen.extend(items.into_iter().map(|i| str_of(&i["org_name"])));
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 58);
    let mut distinct = seen.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 58, "each record once, by name");
    // Without a limit, a page holds 100: all 60 here, and no next page.
    let r = ada.get(&format!("/api/v1/listings/{listing}/usage")).await;
    assert!(r.headers().get("link").is_none());
    assert_eq!(r.json::<Vec<Value>>().await?.len(), 60);
    for bad in ["limit=0", "limit=501", "limit=many", "from=first"] {
        let r = ada
            .get(&format!("/api/v1/listings/{listing}/usage?{bad}"))
            .await;
        assert!(r.status().is_client_error(), "{bad}: {}", r.status());
    }
    let r = ada
        .get(&format!("/api/v1/listings/{listing}/usage?limit=501"))
        .await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "limit");

    // Peers who run it are ranked among every record, not the page shown: the cities near
    // Kingston's size first, then the towns of its country by name; a retired record is not
    // running it. The reasons read as a list, with no separator before the first.
    let html = ada
        .get(&format!("/technology/listings/{listing}?from=50"))
        .await
        .text()
        .await?;
    let start = html.find("id=\"peers-title\"").expect("peers who run it");
    let peers = &html[start..start + html[start..].find("</section>").unwrap()];
    assert_eq!(peers.matches("<li>").count(), 5, "{peers}");
    for name in ["Town 56", "Town 57", "Town 58", "Town 59", "Town 00"] {
        assert!(peers.contains(name), "{name} in {peers}");
    }
    for name in ["Town 54", "Town 55", "Town 01"] {
        assert!(!peers.contains(name), "{name} in {peers}");
    }
    assert!(
        peers.contains("<span class=\"muted\">your country</span>"),
        "{peers}"
    );
    assert!(!peers.contains("\"muted\"> ·"), "{peers}");
    Ok(())
}
