//! Bad input on every form and endpoint: a clear 4xx that says what is wrong (JSON with `error`,
//! `message` and, for `invalid_input`, `field`; forms re-rendered with the message and the
//! typed values), and nothing written.

use civiclink_domain::Role;
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends,
};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

both_backends!(
    api_join_refuses_bad_input,
    api_invites_refuse_bad_input,
    api_member_changes_refuse_bad_input,
    api_organizations_refuse_bad_input,
    api_associations_refuse_bad_input,
    api_login_and_reset_refuse_bad_input,
    public_forms_keep_what_was_typed,
    admin_forms_keep_what_was_typed,
    oversized_json_is_refused_with_json,
    oversized_chunked_json_is_refused_with_json,
);

/// A 422 `invalid_input` naming `field`.
async fn assert_invalid(r: reqwest::Response, field: &str) -> Value {
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], field, "wrong field in {v}");
    v
}

/// A request with any body and content type, with the session's CSRF header.
async fn raw(
    client: &mut Client,
    method: Method,
    path: &str,
    content_type: &str,
    body: &str,
) -> reqwest::Response {
    let token = client.csrf().await;
    client
        .http
        .request(method, client.url(path))
        .header("X-CSRF-Token", token)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("request")
}

/// An HTML response with `status`, returning the page.
async fn html(r: reqwest::Response, status: StatusCode) -> String {
    let url = r.url().to_string();
    assert_eq!(r.status(), status, "unexpected status for {url}");
    let ct = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(ct.starts_with("text/html"), "{url} answered {ct}");
    r.text().await.expect("page")
}

fn join_body(app: &TestApp, change: impl FnOnce(&mut Value)) -> Value {
    let mut body = json!({
        "email": "new@kingston.test",
        "display_name": "New Joiner",
        "password": PASSWORD,
        "association_id": app.association,
        "org_id": app.org,
        "message": "I run the GIS team."
    });
    change(&mut body);
    body
}

async fn api_join_refuses_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let (_, other_org) = app.other_association().await;
    let before = app.contents().await;
    let mut visitor = app.client();

    // The body itself.
    let r = raw(
        &mut visitor,
        Method::POST,
        "/api/v1/join",
        "application/json",
        r#"{"email": "new@kingston.test", "#,
    )
    .await;
    assert_error(r, StatusCode::BAD_REQUEST, "bad_request").await;
    let r = raw(
        &mut visitor,
        Method::POST,
        "/api/v1/join",
        "text/plain",
        &join_body(&app, |_| {}).to_string(),
    )
    .await;
    assert!(r.status().is_client_error(), "text/plain: {}", r.status());
    let v: Value = r.json().await?;
    assert!(v["error"].is_string() && v["message"].is_string(), "{v}");
    let r = visitor
        .api_post(
            "/api/v1/join",
            &join_body(&app, |b| {
                b.as_object_mut().unwrap().remove("password");
            }),
        )
        .await;
    let v = assert_invalid(r, "body").await;
    assert!(v["message"].as_str().unwrap().contains("password"), "{v}");

    // Each field.
    let cases: Vec<(&str, Value)> = vec![
        (
            "email",
            join_body(&app, |b| b["email"] = json!("new@kingston")),
        ),
        (
            "password",
            join_body(&app, |b| b["password"] = json!("123456789")),
        ),
        (
            "display_name",
            join_body(&app, |b| b["display_name"] = json!("n".repeat(101))),
        ),
        (
            "association_id",
            join_body(&app, |b| {
                b["association_id"] = json!(uuid::Uuid::new_v4());
                b["org_id"] = json!(null);
            }),
        ),
        (
            "org_id",
            join_body(&app, |b| b["org_id"] = json!(other_org)),
        ),
        (
            "association_id",
            join_body(&app, |b| b["association_id"] = json!("misa")),
        ),
        (
            "message",
            join_body(&app, |b| b["message"] = json!("m".repeat(2001))),
        ),
    ];
    for (field, body) in cases {
        let r = visitor.api_post("/api/v1/join", &body).await;
        assert_invalid(r, field).await;
    }

    assert_eq!(app.contents().await, before);
    assert!(app.mails().await.is_empty(), "a refused join sent mail");
    Ok(())
}

async fn api_invites_refuse_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let (_, other_org) = app.other_association().await;
    let before = app.contents().await;
    let invite = |change: &dyn Fn(&mut Value)| {
        let mut body = json!({
            "association_id": app.association,
            "org_id": app.org,
            "max_uses": 10,
            "valid_days": 14,
            "note": "GIS team"
        });
        change(&mut body);
        body
    };

    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    let cases: Vec<(&str, Value)> = vec![
        ("max_uses", invite(&|b| b["max_uses"] = json!(0))),
        ("max_uses", invite(&|b| b["max_uses"] = json!(1001))),
        ("valid_days", invite(&|b| b["valid_days"] = json!(0))),
        ("valid_days", invite(&|b| b["valid_days"] = json!(91))),
        (
            "association_id",
            invite(&|b| b["association_id"] = json!("misa")),
        ),
        (
            "association_id",
            invite(&|b| b["association_id"] = json!("")),
        ),
        ("org_id", invite(&|b| b["org_id"] = json!(other_org))),
        ("org_id", invite(&|b| b["org_id"] = json!("kingston"))),
        ("note", invite(&|b| b["note"] = json!("n".repeat(201)))),
        ("body", invite(&|b| b["max_uses"] = json!("ten"))),
    ];
    for (field, body) in cases {
        let r = admin.api_post("/api/v1/admin/invites", &body).await;
        assert_invalid(r, field).await;
    }
    // An association that does not exist: outside an association admin's reach, and unknown to
    // a site admin.
    let unknown = invite(&|b| {
        b["association_id"] = json!(uuid::Uuid::new_v4());
        b["org_id"] = json!(null);
    });
    let r = admin.api_post("/api/v1/admin/invites", &unknown).await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let r = root.api_post("/api/v1/admin/invites", &unknown).await;
    assert_invalid(r, "association_id").await;
    let r = root
        .api_post(
            "/api/v1/admin/invites",
            &invite(&|b| b["org_id"] = json!(other_org)),
        )
        .await;
    assert_invalid(r, "org_id").await;

    assert_eq!(app.contents().await, before);
    Ok(())
}

async fn api_member_changes_refuse_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;
    let path = format!("/api/v1/admin/members/{ada}");
    let ada_before = admin.get_json(&path, StatusCode::OK).await;
    let before = app.contents().await;

    let cases: Vec<(&str, Value)> = vec![
        ("role", json!({ "role": "overlord" })),
        ("role", json!({ "role": "Site Admin" })),
        ("status", json!({ "status": "lapsed" })),
        ("status", json!({ "status": "pending" })),
        ("status", json!({ "status": "gone" })),
        (
            "membership_expires_at",
            json!({ "membership_expires_at": "next tuesday" }),
        ),
        (
            "membership_expires_at",
            json!({ "membership_expires_at": "2030-02-30" }),
        ),
        ("body", json!({ "role": 3 })),
    ];
    for (field, body) in cases {
        let r = admin.api_patch(&path, &body).await;
        assert_invalid(r, field).await;
    }
    for bad_id in ["not-a-uuid", "12345"] {
        let r = admin
            .api_patch(
                &format!("/api/v1/admin/members/{bad_id}"),
                &json!({ "role": "moderator" }),
            )
            .await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
        let r = admin.get(&format!("/api/v1/admin/members/{bad_id}")).await;
        assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    }
    let r = admin
        .api_patch(
            &format!("/api/v1/admin/members/{}", uuid::Uuid::new_v4()),
            &json!({ "role": "moderator" }),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;

    assert_eq!(app.contents().await, before);
    assert_eq!(admin.get_json(&path, StatusCode::OK).await, ada_before);
    Ok(())
}

async fn api_organizations_refuse_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let new_org = |change: &dyn Fn(&mut Value)| {
        let mut body = json!({
            "association_id": app.association,
            "name": "Town of Perth",
            "kind": "municipality",
            "region": "Ontario",
            "country": "CA",
            "population": 6469
        });
        change(&mut body);
        body
    };
    let r = root
        .api_post("/api/v1/organizations", &new_org(&|_| {}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let perth = r.json::<Value>().await?["id"].as_str().unwrap().to_owned();
    let perth_path = format!("/api/v1/organizations/{perth}");
    let perth_before = root.get_json(&perth_path, StatusCode::OK).await;
    let before = app.contents().await;

    // Creating.
    let cases: Vec<(&str, Value)> = vec![
        ("name", new_org(&|b| b["name"] = json!(""))),
        ("name", new_org(&|b| b["name"] = json!("   "))),
        ("name", new_org(&|b| b["name"] = json!("n".repeat(201)))),
        ("kind", new_org(&|b| b["kind"] = json!("city"))),
        ("region", new_org(&|b| b["region"] = json!(""))),
        ("country", new_org(&|b| b["country"] = json!("CAN"))),
        ("population", new_org(&|b| b["population"] = json!(-1))),
        (
            "population",
            new_org(&|b| b["population"] = json!(400_000_001)),
        ),
        ("body", new_org(&|b| b["population"] = json!("lots"))),
        (
            "association_id",
            new_org(&|b| b["association_id"] = json!("misa")),
        ),
    ];
    for (field, body) in cases {
        let r = root.api_post("/api/v1/organizations", &body).await;
        assert_invalid(r, field).await;
    }
    for name in ["City of Kingston", "city of kingston", "  Town of Perth "] {
        let r = root
            .api_post(
                "/api/v1/organizations",
                &new_org(&|b| b["name"] = json!(name)),
            )
            .await;
        assert_error(r, StatusCode::CONFLICT, "conflict").await;
    }

    // Changing.
    let cases: Vec<(&str, Value)> = vec![
        ("name", json!({ "name": "" })),
        ("kind", json!({ "kind": "city" })),
        ("region", json!({ "region": " " })),
        ("country", json!({ "country": "CAN" })),
        ("population", json!({ "population": -1 })),
        ("body", json!({ "population": "lots" })),
    ];
    for (field, body) in cases {
        let r = root.api_patch(&perth_path, &body).await;
        assert_invalid(r, field).await;
    }
    let r = root
        .api_patch(&perth_path, &json!({ "name": "CITY OF KINGSTON" }))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = root
        .api_patch("/api/v1/organizations/perth", &json!({ "population": 1 }))
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;

    assert_eq!(app.contents().await, before);
    assert_eq!(
        root.get_json(&perth_path, StatusCode::OK).await,
        perth_before
    );
    Ok(())
}

async fn api_associations_refuse_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let before = app.contents().await;

    for name in ["MISA Ontario", "misa ontario"] {
        let r = root
            .api_post(
                "/api/v1/associations",
                &json!({ "name": name, "short_name": "MISA", "country": "CA" }),
            )
            .await;
        assert_error(r, StatusCode::CONFLICT, "conflict").await;
    }
    let cases: Vec<(&str, Value)> = vec![
        (
            "country",
            json!({ "name": "MISA BC", "short_name": "MISA BC", "country": "Canada" }),
        ),
        (
            "country",
            json!({ "name": "MISA BC", "short_name": "MISA BC", "country": "C1" }),
        ),
        (
            "name",
            json!({ "name": "", "short_name": "MISA BC", "country": "CA" }),
        ),
        (
            "short_name",
            json!({ "name": "MISA BC", "short_name": " ", "country": "CA" }),
        ),
        ("body", json!({ "name": "MISA BC", "country": "CA" })),
    ];
    for (field, body) in cases {
        let r = root.api_post("/api/v1/associations", &body).await;
        assert_invalid(r, field).await;
    }

    assert_eq!(app.contents().await, before);
    Ok(())
}

async fn api_login_and_reset_refuse_bad_input(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@kingston.test", Role::Member).await;
    let before = app.contents().await;
    let mut visitor = app.client();

    for body in [
        json!({ "email": "", "password": "" }),
        json!({ "email": "ada@kingston.test", "password": "" }),
        json!({ "email": "not an address", "password": PASSWORD }),
    ] {
        let r = visitor.api_post("/api/v1/login", &body).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let r = visitor
        .api_post("/api/v1/login", &json!({ "email": "ada@kingston.test" }))
        .await;
    assert_invalid(r, "body").await;
    let r = visitor.api_post("/api/v1/login", &json!([])).await;
    assert_invalid(r, "body").await;

    let r = visitor
        .api_post("/api/v1/password-reset", &json!({ "email": "ada@" }))
        .await;
    assert_invalid(r, "email").await;
    let r = visitor
        .api_post(
            "/api/v1/password-reset/confirm",
            &json!({ "token": "whatever", "password": "short" }),
        )
        .await;
    assert_invalid(r, "password").await;
    let r = visitor
        .api_post("/api/v1/verify", &json!({ "token": 42 }))
        .await;
    assert_invalid(r, "body").await;

    assert_eq!(app.contents().await, before);
    assert!(app.mails().await.is_empty(), "a refused request sent mail");
    // The account still works.
    visitor.login_ok("ada@kingston.test").await;
    Ok(())
}

async fn public_forms_keep_what_was_typed(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@kingston.test", Role::Member).await;
    let mut visitor = app.client();
    // A real reset link, asked for before counting (it writes a token, not a row we count).
    let r = visitor
        .api_post(
            "/api/v1/password-reset",
            &json!({ "email": "ada@kingston.test" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let token = app
        .last_mail_to("ada@kingston.test")
        .await
        .token_after("/reset/");
    let before = app.contents().await;

    // Joining: every problem at once, and what was typed (but the password) kept.
    let association = app.association.to_string();
    let r = visitor
        .form_post(
            "/join",
            &[
                ("display_name", "Ada Lovelace"),
                ("email", "ada@kingston"),
                ("password", "short"),
                ("association_id", &association),
                ("message", "Analytical engines"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Email address must be"), "{page}");
    assert!(
        page.contains("Password must be at least 10 characters"),
        "{page}"
    );
    assert!(page.contains(r#"value="Ada Lovelace""#), "{page}");
    assert!(page.contains(r#"value="ada@kingston""#), "{page}");
    assert!(page.contains("Analytical engines"), "{page}");
    assert!(!page.contains(r#"value="short""#), "the password came back");
    let r = visitor
        .form_post(
            "/join",
            &[
                ("display_name", "Ada Lovelace"),
                ("email", "ada.l@kingston.test"),
                ("password", PASSWORD),
                ("association_id", ""),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Association is required"), "{page}");
    assert!(page.contains(r#"value="ada.l@kingston.test""#), "{page}");

    // Logging in with the wrong password.
    let r = visitor
        .form_post(
            "/login",
            &[
                ("email", "ada@kingston.test"),
                ("password", "not the password"),
                ("next", "/"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNAUTHORIZED).await;
    assert!(page.contains("incorrect"), "{page}");
    assert!(page.contains(r#"value="ada@kingston.test""#), "{page}");
    assert!(!page.contains("not the password"), "the password came back");

    // A new password whose confirmation differs.
    let r = visitor
        .form_post(
            &format!("/reset/{token}"),
            &[
                ("password", "a brand new password"),
                ("password_confirm", "a brand new passwort"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("The two passwords are not the same"),
        "{page}"
    );
    let r = visitor
        .form_post(
            &format!("/reset/{token}"),
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("Password must be at least 10 characters"),
        "{page}"
    );
    // The link is not spent and the old password still works.
    assert_eq!(
        visitor.get(&format!("/reset/{token}")).await.status(),
        StatusCode::OK
    );
    // Resetting one's password by email.
    let r = visitor
        .form_post("/reset", &[("email", "ada@@kingston")])
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Email address must be"), "{page}");
    assert!(page.contains(r#"value="ada@@kingston""#), "{page}");

    assert_eq!(app.contents().await, before);
    visitor.login_ok("ada@kingston.test").await;
    Ok(())
}

async fn admin_forms_keep_what_was_typed(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.site_admin("root@civiclink.test").await;
    app.member("admin@misa.test", Role::AssociationAdmin).await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let association = app.association.to_string();
    let org = app.org.to_string();
    let before = app.contents().await;
    let mut admin = app.client();
    admin.login_ok("admin@misa.test").await;

    // Invitations.
    let r = admin
        .form_post(
            "/admin/invites",
            &[
                ("association_id", &association),
                ("org_id", ""),
                ("max_uses", "0"),
                ("valid_days", "14"),
                ("note", "For the GIS team"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("Number of uses must be between 1 and 1000"),
        "{page}"
    );
    assert!(page.contains(r#"value="For the GIS team""#), "{page}");
    let r = admin
        .form_post(
            "/admin/invites",
            &[
                ("association_id", &association),
                ("max_uses", "5"),
                ("valid_days", "a fortnight"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("Days valid must be between 1 and 90"),
        "{page}"
    );
    assert!(page.contains(r#"value="a fortnight""#), "{page}");

    // Organizations.
    let r = admin
        .form_post(
            "/admin/organizations",
            &[
                ("association_id", &association),
                ("name", "Town of Perth"),
                ("kind", "municipality"),
                ("region", "Ontario"),
                ("country", "Canada"),
                ("population", "6,469"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("Country must be a two-letter country code"),
        "{page}"
    );
    assert!(page.contains(r#"value="Town of Perth""#), "{page}");
    assert!(page.contains(r#"value="Canada""#), "{page}");
    assert!(page.contains(r#"value="6,469""#), "{page}");
    let r = admin
        .form_post(
            &format!("/admin/organizations/{org}"),
            &[
                ("name", "City of Kingston"),
                ("kind", "municipality"),
                ("region", "Ontario"),
                ("country", "CA"),
                ("population", "lots"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Population must be a whole number"), "{page}");
    assert!(page.contains(r#"value="lots""#), "{page}");

    // A member's end of membership.
    let r = admin
        .form_post(
            &format!("/admin/members/{ada}"),
            &[
                ("role", "member"),
                ("status", "active"),
                ("membership_expires_at", "someday"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(page.contains("Member until must be a date"), "{page}");
    assert!(page.contains(r#"value="someday""#), "{page}");

    // Associations, as the site admin.
    let mut root = app.client();
    root.login_ok("root@civiclink.test").await;
    let r = root
        .form_post(
            "/admin/associations",
            &[
                ("name", "MISA BC"),
                ("short_name", "MISA BC"),
                ("country", "B.C."),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("Country must be a two-letter country code"),
        "{page}"
    );
    let r = root
        .form_post(
            "/admin/associations",
            &[
                ("name", "misa ontario"),
                ("short_name", "MISA"),
                ("country", "CA"),
            ],
        )
        .await;
    let page = html(r, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(
        page.contains("An association with this name exists"),
        "{page}"
    );

    assert_eq!(app.contents().await, before);
    Ok(())
}

/// A body larger than the 1 MiB limit, sent with its length.
async fn oversized_json_is_refused_with_json(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let before = app.contents().await;
    let mut visitor = app.client();
    let body = join_body(&app, |b| b["message"] = json!("x".repeat(1024 * 1024 + 1)));
    let r = visitor.api_post("/api/v1/join", &body).await;
    let status = r.status();
    let ct = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = r.text().await?;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{text}");
    assert!(
        ct.starts_with("application/json"),
        "a 413 under /api answered {ct:?}: {text:?}"
    );
    let v: Value = serde_json::from_str(&text)?;
    assert_eq!(v["error"], "payload_too_large", "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    assert_eq!(app.contents().await, before);
    Ok(())
}

/// A body larger than the 1 MiB limit, streamed in chunks without a length (reqwest always
/// sends a length, so this speaks HTTP/1.1 over a socket).
async fn oversized_chunked_json_is_refused_with_json(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let before = app.contents().await;
    let addr = app.base.trim_start_matches("http://").to_owned();

    // A session and its CSRF token.
    let session = exchange(
        &addr,
        format!("GET /api/v1/session HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        Vec::new(),
    )
    .await?;
    let cookie = session
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let csrf: Value = serde_json::from_str(&session.body)?;
    let csrf = csrf["csrf_token"].as_str().expect("csrf token").to_owned();

    let head = format!(
        "POST /api/v1/join HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let mut parts = vec![format!(
        r#"{{"email":"big@kingston.test","display_name":"Big","password":"{PASSWORD}","association_id":"{}","message":""#,
        app.association
    )
    .into_bytes()];
    for _ in 0..17 {
        parts.push(vec![b'x'; 64 * 1024]);
    }
    parts.push(br#""}"#.to_vec());
    let mut chunks: Vec<u8> = Vec::new();
    for p in &parts {
        chunks.extend_from_slice(format!("{:x}\r\n", p.len()).as_bytes());
        chunks.extend_from_slice(p);
        chunks.extend_from_slice(b"\r\n");
    }
    chunks.extend_from_slice(b"0\r\n\r\n");
    let response = exchange(&addr, head, chunks).await?;

    assert_eq!(response.status, 413, "{response:?}");
    assert!(
        response
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{response:?}"
    );
    let v: Value = serde_json::from_str(&response.body)?;
    assert_eq!(v["error"], "payload_too_large", "{v}");
    assert_eq!(app.contents().await, before);
    Ok(())
}

#[derive(Debug)]
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl RawResponse {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Writes `head` and `body` to a new connection while reading the response, so that a server
/// that answers before reading everything is heard. The write half stays open until the
/// response is read: closing it early could end the exchange.
async fn exchange(addr: &str, head: String, body: Vec<u8>) -> anyhow::Result<RawResponse> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut rd, mut wr) = stream.into_split();
    let writer = tokio::spawn(async move {
        // A server that refuses early may close while this still writes: that is expected.
        if wr.write_all(head.as_bytes()).await.is_ok() {
            let _ = wr.write_all(&body).await;
            let _ = wr.flush().await;
        }
        wr
    });
    let mut raw = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(30), rd.read(&mut buf)).await? {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    drop(writer.await?);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| anyhow::anyhow!("no response head in {text:?}"))?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no status line in {head:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// Joins the chunks of a chunked HTTP/1.1 body.
fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}
