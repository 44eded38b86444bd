//! Organization pages and their details: who sees them, who edits them, and bad input.

use civiclink_domain::Role;
use civiclink_tests::{TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    organization_pages_show_details_and_people,
    organization_details_are_checked,
    moving_members_keeps_their_history,
    organization_directory_leads_to_pages_and_members,
    organizations_are_followed_from_their_page
);

async fn organization_pages_show_details_and_people(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    app.member("ada@x.test", Role::Member).await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let r = admin
        .api_patch(
            &format!("/api/v1/organizations/{}", app.org),
            &json!({
                "municipality_type": "city",
                "it_team_size": 42,
                "website": "https://www.cityofkingston.ca",
                "description": "Limestone city on Lake Ontario."
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let org: serde_json::Value = r.json().await?;
    assert_eq!(org["size_band"], "50k_250k");
    assert_eq!(org["municipality_type"], "city");

    let mut member = app.client();
    member.login_ok("ada@x.test").await;
    let page = member.get(&format!("/organizations/{}", app.org)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(html.contains("City of Kingston") && html.contains("Limestone city"));
    assert!(html.contains("50,000 to 250,000 people"), "{html}");
    assert!(html.contains("132,485") && html.contains(">42<"));
    assert!(
        html.contains("/people/test-member"),
        "members are listed: {html}"
    );
    // A member who left the directory is not listed on the page either, except to themselves.
    let mine = member.get_json("/api/v1/me/profile", StatusCode::OK).await;
    let handle = mine["handle"].as_str().unwrap_or_default().to_owned();
    let r = member
        .api(
            "PUT".parse()?,
            "/api/v1/me/profile",
            &json!({ "display_name": "Test Member", "handle": handle, "in_directory": false }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let link = format!("/people/{handle}\"");
    let listed = |html: &str| {
        html.split("id=\"org-members\"")
            .nth(1)
            .is_some_and(|m| m.contains(&link))
    };
    let own = member
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(listed(&own));
    let seen = admin
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(!listed(&seen), "{seen}");
    // Only administrators get the edit link.
    assert!(!html.contains("/admin/organizations/"));
    let admin_html = admin
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(admin_html.contains(&format!("/admin/organizations/{}", app.org)));
    // An unknown organization is a 404; a visitor is sent to log in.
    assert_eq!(
        member
            .get(&format!("/organizations/{}", uuid::Uuid::now_v7()))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.client()
            .get(&format!("/organizations/{}", app.org))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    Ok(())
}

async fn organization_details_are_checked(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let (other_association, other_org) = app.other_association().await;
    let _ = other_association;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let path = format!("/api/v1/organizations/{}", app.org);
    let before = admin.get_json(&path, StatusCode::OK).await;
    // The answer names the organization's page, as every directory answer does.
    assert_eq!(
        before["url"],
        app.url(&format!("/organizations/{}", app.org)),
        "{before}"
    );
    for (body, field) in [
        (json!({ "website": "javascript:alert(1)" }), "website"),
        (json!({ "website": "https://a b.example" }), "website"),
        (json!({ "it_team_size": -1 }), "it_team_size"),
        (
            json!({ "municipality_type": "metropolis" }),
            "municipality_type",
        ),
        (json!({ "description": "x".repeat(2001) }), "description"),
    ] {
        let r = admin.api_patch(&path, &body).await;
        let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(v["field"], field, "{body}");
    }
    assert_eq!(admin.get_json(&path, StatusCode::OK).await, before);
    // Another association's organization is not theirs to change.
    let r = admin
        .api_patch(
            &format!("/api/v1/organizations/{other_org}"),
            &json!({ "it_team_size": 3 }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    // The form keeps what was typed.
    let r = admin
        .form_post(
            &format!("/admin/organizations/{}", app.org),
            &[
                ("name", "City of Kingston"),
                ("kind", "municipality"),
                ("region", "Ontario"),
                ("country", "CA"),
                ("website", "ftp://files.example"),
                ("description", "kept words"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await?;
    assert!(html.contains("kept words") && html.contains("ftp://files.example"));
    Ok(())
}

async fn moving_members_keeps_their_history(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let (_, other_org) = app.other_association().await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let r = admin
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque", "kind": "municipality", "region": "Ontario", "country": "CA", "population": 5383 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let town = r.json::<serde_json::Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Another association's organization is refused, and nothing moves.
    let path = format!("/api/v1/admin/members/{ada}/organization");
    let r = admin
        .api("PUT".parse()?, &path, &json!({ "org_id": other_org }))
        .await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "org_id");
    let r = admin
        .api("PUT".parse()?, &path, &json!({ "org_id": "not-an-id" }))
        .await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;

    let r = admin
        .api("PUT".parse()?, &path, &json!({ "org_id": town }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<serde_json::Value>().await?["org_name"],
        "Town of Gananoque"
    );
    app.sync_people().await;
    let history = admin
        .get_json(
            &format!("/api/v1/admin/members/{ada}/affiliations"),
            StatusCode::OK,
        )
        .await;
    let history = history.as_array().cloned().unwrap_or_default();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0]["org_name"], "Town of Gananoque");
    assert!(history[0]["ended_at"].is_null());
    assert_eq!(history[1]["org_name"], "City of Kingston");
    assert!(history[1]["ended_at"].is_string());
    // The change is audited; a plain member cannot make it.
    app.site_admin("root@x.test").await;
    let mut root = app.client();
    root.login_ok("root@x.test").await;
    let log = root
        .get_json(
            "/api/v1/admin/audit?action=member.org_change",
            StatusCode::OK,
        )
        .await;
    assert_eq!(log.as_array().map(Vec::len), Some(1));
    let mut member = app.client();
    member.login_ok("ada@x.test").await;
    let r = member
        .api("PUT".parse()?, &path, &json!({ "org_id": null }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    // The page form works too.
    let r = admin
        .form_post(
            &format!("/admin/members/{ada}/organization"),
            &[("org_id", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    Ok(())
}

async fn organization_directory_leads_to_pages_and_members(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    app.sync_people().await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;

    // The name leads to the organization's page; a second link to its members.
    let html = ada.get("/organizations/directory").await.text().await?;
    assert!(
        html.contains(&format!(
            "<a href=\"/organizations/{}\">City of Kingston</a>",
            app.org
        )),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"/directory?org_id={}\"", app.org)));
    assert!(html.contains("See its members in the directory"));

    // The member directory narrowed to it says so, and offers the list without that filter
    // (keeping the others).
    let r = ada
        .get(&format!("/directory?org_id={}&q=test", app.org))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("Members of City of Kingston only."), "{html}");
    assert!(html.contains("href=\"/directory?q=test\""), "{html}");
    let html = ada
        .get(&format!("/directory?org_id={}", app.org))
        .await
        .text()
        .await?;
    assert!(html.contains("href=\"/directory\""));
    let html = ada.get("/directory").await.text().await?;
    assert!(!html.contains("Members of City of Kingston only."));
    // An organization that does not exist is a 404.
    let r = ada
        .get(&format!("/directory?org_id={}", uuid::Uuid::now_v7()))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    Ok(())
}

async fn organizations_are_followed_from_their_page(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let page = format!("/organizations/{}", app.org);
    let follow = format!("/follows/organizations/{}/follow", app.org);
    let unfollow = format!("/follows/organizations/{}/unfollow", app.org);

    let html = ada.get(&page).await.text().await?;
    assert!(html.contains(&format!("action=\"{follow}\"")), "{html}");
    assert!(html.contains("aria-label=\"Follow City of Kingston\""));
    assert!(!html.contains(&unfollow));

    // Following comes back to the page, which says so and offers to stop.
    let r = ada.form_post(&follow, &[("next", &page)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers().get("location").and_then(|l| l.to_str().ok()),
        Some(page.as_str())
    );
    let html = ada.get(&page).await.text().await?;
    assert!(html.contains("You now follow this organization."), "{html}");
    assert!(html.contains(&format!("action=\"{unfollow}\"")));
    assert!(html.contains(">Stop following</button>"));
    assert!(html.contains("One follower"));
    let follows = ada.get_json("/api/v1/follows", StatusCode::OK).await;
    let ids: Vec<&str> = follows
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, vec![app.org.to_string()]);
    let network = ada.get("/connections").await.text().await?;
    assert!(network.contains("City of Kingston"));

    // Stopping works the same way.
    let r = ada.form_post(&unfollow, &[("next", &page)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = ada.get(&page).await.text().await?;
    assert!(html.contains("You no longer follow this organization."));
    assert!(html.contains(&format!("action=\"{follow}\"")));
    let follows = ada.get_json("/api/v1/follows", StatusCode::OK).await;
    assert_eq!(follows.as_array().map(Vec::len), Some(0));
    Ok(())
}
