//! Organization administrators: who may appoint them, what they may edit, and the claims to
//! belong to an organization that they decide.

use civiclink_domain::{OrgId, Role};
use civiclink_tests::{Client, TestApp, TestBackend, TestResult, assert_error, both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(
    association_admins_appoint_org_admins,
    org_admins_edit_their_own_page_only,
    claims_are_decided_by_the_org_admins,
    claims_without_org_admins_go_to_the_association,
    leaving_an_organization_ends_its_administration,
);

/// A second municipality in the test association.
async fn town(app: &TestApp, admin: &mut Client) -> OrgId {
    let r = admin
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque", "kind": "municipality", "region": "Eastern Ontario", "country": "CA", "population": 5383 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    v["id"].as_str().and_then(|s| s.parse().ok()).expect("id")
}

async fn admin_ids(client: &Client, org: OrgId) -> Vec<String> {
    client
        .get_json(
            &format!("/api/v1/organizations/{org}/admins"),
            StatusCode::OK,
        )
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| a["member_id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn association_admins_appoint_org_admins(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let bob = app.member("bob@x.test", Role::Member).await;
    let (other_assoc, other_org) = app.other_association().await;
    app.member_in(
        "kiri@x.test",
        Role::AssociationAdmin,
        other_assoc,
        Some(other_org),
        365,
    )
    .await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let gananoque = town(&app, &mut admin).await;
    let carl = app
        .member_in(
            "carl@x.test",
            Role::Member,
            app.association,
            Some(gananoque),
            365,
        )
        .await;
    let path = format!("/api/v1/organizations/{}/admins", app.org);

    let r = admin.api_post(&path, &json!({ "member_id": ada })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(admin_ids(&admin, app.org).await, vec![ada.to_string()]);
    // Twice changes nothing, and is audited once.
    let r = admin.api_post(&path, &json!({ "member_id": ada })).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(admin_ids(&admin, app.org).await.len(), 1);

    // Only members of the organization, and only real ones.
    for body in [
        json!({ "member_id": carl }),
        json!({ "member_id": uuid::Uuid::now_v7() }),
        json!({ "member_id": "nonsense" }),
    ] {
        let v = assert_error(
            admin.api_post(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_input",
        )
        .await;
        assert_eq!(v["field"], "member_id");
    }
    assert_error(
        admin.api_post(&path, &json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    // Nor a suspended member of it.
    let dora = app.member("dora@x.test", Role::Member).await;
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{dora}"),
            &json!({ "status": "suspended" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v = assert_error(
        admin.api_post(&path, &json!({ "member_id": dora })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "member_id");

    // A member, an organization administrator and another association's administrator may not
    // appoint anyone; a visitor is not even asked.
    let mut bob_c = app.client();
    bob_c.login_ok("bob@x.test").await;
    let mut ada_c = app.client();
    ada_c.login_ok("ada@x.test").await;
    let mut kiri = app.client();
    kiri.login_ok("kiri@x.test").await;
    for c in [&mut bob_c, &mut ada_c, &mut kiri] {
        assert_error(
            c.api_post(&path, &json!({ "member_id": bob })).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    // Removing someone else is for the association (an administrator may only step down).
    for c in [&mut bob_c, &mut kiri] {
        assert_error(
            c.api(Method::DELETE, &format!("{path}/{ada}"), &json!({}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    assert_error(
        app.client().get(&path).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_eq!(admin_ids(&admin, app.org).await, vec![ada.to_string()]);

    // Every member sees who administers an organization, on its page too.
    assert_eq!(admin_ids(&bob_c, app.org).await, vec![ada.to_string()]);

    // The administration page appoints through its form.
    let r = admin
        .form_post(
            &format!("/organizations/{}/admins", app.org),
            &[
                ("member_id", &bob.to_string()),
                ("next", &format!("/admin/organizations/{}", app.org)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin_ids(&admin, app.org).await.len(), 2);
    let html = admin
        .get(&format!("/admin/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(html.contains(&format!("/organizations/{}/admins/{bob}/remove", app.org)));

    // An administrator steps down by themselves, once they confirm: the page offers a
    // disclosure whose button confirms; a request without the confirmation changes nothing and
    // shows it open. The association's administrator removes one.
    let org_page = format!("/organizations/{}", app.org);
    let remove = format!("/organizations/{}/admins/{bob}/remove", app.org);
    let html = bob_c.get(&org_page).await.text().await?;
    assert!(
        html.contains("<details class=\"confirm\" id=\"step-down\">"),
        "{html}"
    );
    assert!(html.contains("name=\"confirm\" value=\"yes\""));
    // Two administrators: stepping down leaves one, so no warning.
    assert!(!html.contains("You are its only administrator"));
    let r = bob_c.form_post(&remove, &[("next", &org_page)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await?;
    assert!(html.contains("id=\"step-down\" open"), "{html}");
    assert_eq!(admin_ids(&admin, app.org).await.len(), 2);
    let r = bob_c
        .form_post(&remove, &[("next", &org_page), ("confirm", "yes")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(admin_ids(&admin, app.org).await, vec![ada.to_string()]);
    // The last administrator is told the organization would be left without one.
    let html = ada_c.get(&org_page).await.text().await?;
    assert!(
        html.contains(
            "You are its only administrator: the organization will have no administrator"
        ),
        "{html}"
    );
    let r = ada_c
        .form_post(
            &format!("/organizations/{}/admins/{ada}/remove", app.org),
            &[("next", &org_page)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(admin_ids(&admin, app.org).await, vec![ada.to_string()]);
    let r = admin
        .api(Method::DELETE, &format!("{path}/{ada}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(admin_ids(&admin, app.org).await.is_empty());
    assert_error(
        admin
            .api(Method::DELETE, &format!("{path}/{ada}"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Each appointment and removal is in the audit log.
    app.site_admin("root@x.test").await;
    let mut root = app.client();
    root.login_ok("root@x.test").await;
    let added = root
        .get_json("/api/v1/admin/audit?action=org_admin.add", StatusCode::OK)
        .await;
    assert_eq!(added.as_array().map(Vec::len), Some(2), "{added}");
    let removed = root
        .get_json(
            "/api/v1/admin/audit?action=org_admin.remove",
            StatusCode::OK,
        )
        .await;
    assert_eq!(removed.as_array().map(Vec::len), Some(2), "{removed}");
    Ok(())
}

async fn org_admins_edit_their_own_page_only(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    app.member("bob@x.test", Role::Member).await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let gananoque = town(&app, &mut admin).await;
    let r = admin
        .api_post(
            &format!("/api/v1/organizations/{}/admins", app.org),
            &json!({ "member_id": ada }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut ada_c = app.client();
    ada_c.login_ok("ada@x.test").await;
    let mut bob_c = app.client();
    bob_c.login_ok("bob@x.test").await;
    let org_path = format!("/api/v1/organizations/{}", app.org);

    // The page's details, through the API.
    let r = ada_c
        .api_patch(
            &org_path,
            &json!({ "description": "Limestone city.", "it_team_size": 40 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let org: Value = r.json().await?;
    assert_eq!(org["description"], "Limestone city.");
    assert_eq!(org["it_team_size"], 40);
    // Its name, kind and place stay with the association; nothing is half-written.
    for patch in [
        json!({ "name": "Kingston Republic", "description": "Changed" }),
        json!({ "region": "Elsewhere" }),
        json!({ "country": "US" }),
        json!({ "kind": "vendor" }),
    ] {
        assert_error(
            ada_c.api_patch(&org_path, &patch).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    // Sending the current values unchanged is fine.
    let r = ada_c
        .api_patch(&org_path, &json!({ "name": "City of Kingston" }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let now = ada_c.get_json(&org_path, StatusCode::OK).await;
    assert_eq!(now["name"], "City of Kingston");
    assert_eq!(now["description"], "Limestone city.");
    // Not another organization, and not as a plain member.
    assert_error(
        ada_c
            .api_patch(
                &format!("/api/v1/organizations/{gananoque}"),
                &json!({ "description": "Mine now" }),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        bob_c
            .api_patch(&org_path, &json!({ "description": "Bob's" }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    // The edit page: the org page links to it, bad input comes back with the form, nothing is
    // written until it is right.
    let html = ada_c
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(
        html.contains(&format!("/organizations/{}/edit", app.org)),
        "{html}"
    );
    assert!(!html.contains("/admin/organizations/"));
    let edit = format!("/organizations/{}/edit", app.org);
    assert_eq!(ada_c.get(&edit).await.status(), StatusCode::OK);
    assert_eq!(bob_c.get(&edit).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        ada_c
            .get(&format!("/organizations/{gananoque}/edit"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ada_c
            .get(&format!("/organizations/{}/edit", uuid::Uuid::now_v7()))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = ada_c
        .form_post(
            &edit,
            &[
                ("population", "lots"),
                ("website", "javascript:alert(1)"),
                ("description", "Should not be saved"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await?;
    assert!(body.contains("f-population-error") && body.contains("f-website-error"));
    assert_eq!(
        ada_c.get_json(&org_path, StatusCode::OK).await["description"],
        "Limestone city."
    );
    let r = ada_c
        .form_post(
            &edit,
            &[
                ("population", "132485"),
                ("municipality_type", "city"),
                ("it_team_size", "41"),
                ("website", "https://www.cityofkingston.ca"),
                ("description", "On Lake Ontario."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let now = ada_c.get_json(&org_path, StatusCode::OK).await;
    assert_eq!(now["description"], "On Lake Ontario.");
    assert_eq!(now["municipality_type"], "city");
    assert_eq!(now["it_team_size"], 41);
    // The editor shows what is stored, marks every field optional, and the button that leads
    // to it is worded as its heading.
    let html = ada_c.get(&edit).await.text().await?;
    assert!(html.contains("<option value=\"city\" selected>"), "{html}");
    for label in [
        "Population (optional)",
        "Type of municipality (optional)",
        "IT team size (optional)",
        "Website (optional)",
        "Description (optional)",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(html.contains("type=\"url\" value=\"https://www.cityofkingston.ca\""));
    assert!(
        html.contains("<h1>Edit the organization&#39;s page</h1>"),
        "{html}"
    );
    let html = ada_c
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(
        html.contains(&format!(
            "href=\"/organizations/{}/edit\">Edit the organization&#39;s page</a>",
            app.org
        )),
        "{html}"
    );
    let r = bob_c.form_post(&edit, &[("description", "Bob's")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    Ok(())
}

async fn claims_are_decided_by_the_org_admins(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let carl = app.member("carl@x.test", Role::Member).await;
    let (_, other_org) = app.other_association().await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let gananoque = town(&app, &mut admin).await;
    let dana = app
        .member_in(
            "dana@x.test",
            Role::Member,
            app.association,
            Some(gananoque),
            365,
        )
        .await;
    for (org, member) in [(gananoque, dana), (app.org, ada)] {
        let r = admin
            .api_post(
                &format!("/api/v1/organizations/{org}/admins"),
                &json!({ "member_id": member }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let mut carl_c = app.client();
    carl_c.login_ok("carl@x.test").await;
    let mut dana_c = app.client();
    dana_c.login_ok("dana@x.test").await;
    let mut ada_c = app.client();
    ada_c.login_ok("ada@x.test").await;

    // Claims that cannot be: my own organization, another association's, an unknown one, a
    // note that is too long.
    assert_error(
        carl_c
            .api_post(
                &format!("/api/v1/organizations/{}/claims", app.org),
                &json!({}),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let v = assert_error(
        carl_c
            .api_post(
                &format!("/api/v1/organizations/{other_org}/claims"),
                &json!({}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "org_id");
    assert_error(
        carl_c
            .api_post(
                &format!("/api/v1/organizations/{}/claims", uuid::Uuid::now_v7()),
                &json!({}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let claims_path = format!("/api/v1/organizations/{gananoque}/claims");
    let v = assert_error(
        carl_c
            .api_post(&claims_path, &json!({ "note": "x".repeat(1001) }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(v["field"], "note");

    // Carl claims the town; one open claim at a time.
    let r = carl_c
        .api_post(
            &claims_path,
            &json!({ "note": "I moved to the town's IT team." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let claim: Value = r.json().await?;
    assert_eq!(claim["status"], "pending");
    let claim_id = claim["id"].as_str().unwrap_or_default().to_owned();
    assert_error(
        carl_c.api_post(&claims_path, &json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // The town's administrator hears of it, in their language.
    let mail = app
        .mail_with_subject(
            "dana@x.test",
            "Test Member says they work for Town of Gananoque",
        )
        .await;
    assert!(
        mail.text
            .contains(&format!("/organizations/{gananoque}/claims"))
    );

    // Their home page says a claim waits.
    let home = dana_c.get("/").await.text().await?;
    assert!(home.contains("one claim to belong waiting"), "{home}");
    assert!(home.contains(&format!("/organizations/{gananoque}/claims")));
    // Who sees the claims: the town's administrator and the association's; not Kingston's
    // administrator, not a plain member.
    let list = dana_c.get_json(&claims_path, StatusCode::OK).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["note"], "I moved to the town's IT team.");
    assert_eq!(list[0]["current_org_name"], "City of Kingston");
    admin.get_json(&claims_path, StatusCode::OK).await;
    assert_error(
        ada_c.get(&claims_path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let claim_path = format!("/api/v1/claims/{claim_id}");
    assert_error(
        ada_c.get(&claim_path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    carl_c.get_json(&claim_path, StatusCode::OK).await;
    assert_eq!(
        carl_c.get_json("/api/v1/me/claims", StatusCode::OK).await[0]["id"],
        claim_id.as_str()
    );
    // Kingston's administrator cannot decide it, nor can the claimant.
    assert_error(
        ada_c
            .api_post(&format!("{claim_path}/approve"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        carl_c
            .api_post(&format!("{claim_path}/approve"), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // The claims page shows it.
    let html = dana_c
        .get(&format!("/organizations/{gananoque}/claims"))
        .await
        .text()
        .await?;
    assert!(html.contains("I moved to the town"), "{html}");
    assert!(html.contains(&format!(
        "/organizations/{gananoque}/claims/{claim_id}/approve"
    )));
    assert_eq!(
        ada_c
            .get(&format!("/organizations/{gananoque}/claims"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Approved: Carl moves, his history says so, he is told, and it is audited.
    let r = dana_c
        .api_post(&format!("{claim_path}/approve"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["status"], "approved");
    let me = carl_c.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["org_name"], "Town of Gananoque", "{me}");
    app.sync_people().await;
    let history = admin
        .get_json(
            &format!("/api/v1/admin/members/{carl}/affiliations"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(history[0]["org_name"], "Town of Gananoque");
    assert_eq!(history[1]["org_name"], "City of Kingston");
    app.mail_with_subject("carl@x.test", "You are now listed at Town of Gananoque")
        .await;
    assert_error(
        dana_c
            .api_post(&format!("{claim_path}/decline"), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    app.site_admin("root@x.test").await;
    let mut root = app.client();
    root.login_ok("root@x.test").await;
    let log = root
        .get_json(
            "/api/v1/admin/audit?action=org_claim.approve",
            StatusCode::OK,
        )
        .await;
    assert_eq!(log.as_array().map(Vec::len), Some(1));

    // Withdrawn: only by the claimant.
    let back = format!("/api/v1/organizations/{}/claims", app.org);
    let r = carl_c
        .api_post(&back, &json!({ "note": "Back again" }))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let second: Value = r.json().await?;
    let second_path = format!(
        "/api/v1/claims/{}",
        second["id"].as_str().unwrap_or_default()
    );
    assert_error(
        dana_c
            .api_post(&format!("{second_path}/withdraw"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let r = carl_c
        .api_post(&format!("{second_path}/withdraw"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["status"], "withdrawn");

    // Declined, through the pages: the claim form on the organization's page, the buttons on
    // the claims page.
    let html = carl_c
        .get(&format!("/organizations/{}", app.org))
        .await
        .text()
        .await?;
    assert!(html.contains(&format!("action=\"/organizations/{}/claims\"", app.org)));
    let r = carl_c
        .form_post(
            &format!("/organizations/{}/claims", app.org),
            &[("note", &"y".repeat(1001))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await?.contains("f-note-error"));
    let r = carl_c
        .form_post(
            &format!("/organizations/{}/claims", app.org),
            &[("note", "Please")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pending = ada_c
        .get_json(
            &format!("/api/v1/organizations/{}/claims", app.org),
            StatusCode::OK,
        )
        .await;
    let third = pending[0]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(pending[0]["status"], "pending");
    // Deciding through another organization's address finds nothing.
    assert_eq!(
        ada_c
            .form_post(
                &format!("/organizations/{gananoque}/claims/{third}/decline"),
                &[]
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = ada_c
        .form_post(
            &format!("/organizations/{}/claims/{third}/decline", app.org),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.mail_with_subject("carl@x.test", "Your claim to work for City of Kingston")
        .await;
    let me = carl_c.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["org_name"], "Town of Gananoque");

    // Claims and administration are part of a member's data archive.
    let archive = carl_c.get_json("/api/v1/me/export", StatusCode::OK).await;
    let statuses: Vec<&str> = archive["claims"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["declined", "withdrawn", "approved"], "{archive}");
    let archive = dana_c.get_json("/api/v1/me/export", StatusCode::OK).await;
    assert_eq!(archive["administers"], json!([gananoque]));
    Ok(())
}

async fn claims_without_org_admins_go_to_the_association(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    app.member("carl@x.test", Role::Member).await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let gananoque = town(&app, &mut admin).await;
    let mut carl = app.client();
    carl.login_ok("carl@x.test").await;
    // A body that is there must be JSON; none at all is an empty note.
    let path = format!("/api/v1/organizations/{gananoque}/claims");
    let token = carl.csrf().await;
    let r = carl
        .http
        .post(carl.url(&path))
        .header("X-CSRF-Token", token)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await?;
    assert_error(r, StatusCode::BAD_REQUEST, "bad_request").await;
    let r = carl.api_post_empty(&path).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    app.mail_with_subject(
        "admin@x.test",
        "Test Member says they work for Town of Gananoque",
    )
    .await;
    let r = admin
        .api_post(&format!("/api/v1/claims/{id}/decline"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await?["status"], "declined");
    Ok(())
}

async fn leaving_an_organization_ends_its_administration(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@x.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@x.test", Role::Member).await;
    let bob = app.member("bob@x.test", Role::Member).await;
    let mut admin = app.client();
    admin.login_ok("admin@x.test").await;
    let gananoque = town(&app, &mut admin).await;
    for m in [ada, bob] {
        let r = admin
            .api_post(
                &format!("/api/v1/organizations/{}/admins", app.org),
                &json!({ "member_id": m }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    // Moved away by an administrator: no longer in charge of the old organization.
    let r = admin
        .api(
            Method::PUT,
            &format!("/api/v1/admin/members/{ada}/organization"),
            &json!({ "org_id": gananoque }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(admin_ids(&admin, app.org).await, vec![bob.to_string()]);
    // Erased: in charge of nothing.
    let mut bob_c = app.client();
    bob_c.login_ok("bob@x.test").await;
    let r = bob_c
        .api_post(
            "/api/v1/me/erase",
            &json!({ "confirm_email": "bob@x.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(admin_ids(&admin, app.org).await.is_empty());
    Ok(())
}
