//! English and French: negotiation from the browser, the switch in the header (logged out and
//! in), the member's preference, and French in API errors and in email.

use civiclink_domain::Role;
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult, both_backends};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    the_browser_language_picks_the_page_language,
    the_switch_works_logged_out_and_becomes_a_preference,
    api_errors_and_email_speak_french
);

async fn page(client: &civiclink_tests::Client, path: &str, accept: &str) -> (StatusCode, String) {
    let r = client
        .http
        .get(client.url(path))
        .header("Accept-Language", accept)
        .send()
        .await
        .expect("GET");
    (r.status(), r.text().await.unwrap_or_default())
}

async fn the_browser_language_picks_the_page_language(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let visitor = app.client();
    let (status, html) = page(&visitor, "/login", "fr-CA,fr;q=0.9,en;q=0.5").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="fr">"#), "{html}");
    assert!(html.contains("Se connecter à CivicLink"));
    assert!(html.contains("Adresse courriel"));
    // The switch offers the other language, marked as such for screen readers.
    assert!(html.contains(r#"lang="en">English</button>"#), "{html}");

    let (_, html) = page(&visitor, "/login", "en-NZ").await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Log in to CivicLink"));
    // A language we do not speak falls back to English.
    let (_, html) = page(&visitor, "/join", "de-DE").await;
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Join CivicLink"));
    // Error pages too.
    let (status, html) = page(&visitor, "/no-such-page", "fr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page introuvable"), "{html}");
    Ok(())
}

async fn the_switch_works_logged_out_and_becomes_a_preference(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let mut visitor = app.client();
    let r = visitor
        .form_post("/language", &[("lang", "fr"), ("next", "/join")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/join");
    // The choice beats the browser's language.
    let (_, html) = page(&visitor, "/join", "en").await;
    assert!(html.contains("Adhérer à CivicLink"), "{html}");
    // Only same-site destinations are followed.
    let r = visitor
        .form_post(
            "/language",
            &[("lang", "en"), ("next", "https://evil.example/")],
        )
        .await;
    assert_eq!(r.headers()["location"], "/");
    // Without the CSRF token the switch is refused like any other change.
    let r = visitor
        .http
        .post(visitor.url("/language"))
        .form(&[("lang", "fr")])
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A member who switches keeps French on every device: it is their preference.
    app.member("marie@x.test", Role::Member).await;
    let mut member = app.client();
    member.login_ok("marie@x.test").await;
    let r = member
        .form_post("/language", &[("lang", "fr"), ("next", "/")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let me = member.get_json("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me["preferred_language"], "fr");
    let mut elsewhere = app.client();
    elsewhere.login_ok("marie@x.test").await;
    let (_, html) = page(&elsewhere, "/", "en").await;
    assert!(html.contains(r#"<html lang="fr">"#), "{html}");
    assert!(html.contains("Bienvenue"), "{html}");
    Ok(())
}

async fn api_errors_and_email_speak_french(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let mut visitor = app.client();
    let token = visitor.csrf().await;
    let r = visitor
        .http
        .post(visitor.url("/api/v1/join"))
        .header("X-CSRF-Token", &token)
        .header("Accept-Language", "fr-CA")
        .json(&json!({
            "email": "pas-un-courriel",
            "display_name": "Élise",
            "password": PASSWORD,
            "association_id": app.association,
        }))
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await?;
    assert_eq!(body["error"], "invalid_input");
    assert_eq!(body["field"], "email");
    assert_eq!(
        body["message"],
        "Adresse courriel : entrez une adresse courriel comme nom@exemple.org."
    );

    // Joining in French makes French the member's language, for this email and later ones.
    let r = visitor
        .http
        .post(visitor.url("/api/v1/join"))
        .header("X-CSRF-Token", &token)
        .header("Accept-Language", "fr-CA")
        .json(&json!({
            "email": "elise@x.test",
            "display_name": "Élise Tremblay",
            "password": PASSWORD,
            "association_id": app.association,
        }))
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body: serde_json::Value = r.json().await?;
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("Consultez vos courriels")
    );
    let mail = app.last_mail_to("elise@x.test").await;
    assert_eq!(
        mail.subject,
        "Confirmez votre adresse courriel pour CivicLink"
    );
    assert!(
        mail.text.contains("Bonjour Élise Tremblay,"),
        "{}",
        mail.text
    );
    assert!(mail.html.contains(r#"<html lang="fr">"#));
    Ok(())
}
