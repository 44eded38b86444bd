//! Backups, as the deployment guide schedules them: `deploy/civiclink-backup` copies the database
//! of a running service, `deploy/civiclink-restore` puts that copy into a new, empty database,
//! and a second service started on it holds every row the first one had and lets its members
//! in. On SQLite the scripts use the sqlite3 shell, on PostgreSQL pg_dump and pg_restore.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use civiclink_domain::Role;
use civiclink_store::testing::{TestDatabase, in_ci};
use civiclink_tests::{TestApp, TestBackend, TestResult, both_backends};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

both_backends!(a_restored_backup_holds_every_row);

/// A script of `deploy/`, run as an operator runs it.
fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy")
        .join(name)
}

/// Runs `deploy/<name>` and returns what it printed; a failure shows its error output.
async fn run(name: &str, args: &[&str]) -> String {
    let out = tokio::process::Command::new(script(name))
        .args(args)
        // The scripts fall back on this variable; the test names every database itself.
        .env_remove("CIVICLINK_DATABASE_URL")
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run deploy/{name}: {e}"));
    assert!(
        out.status.success(),
        "deploy/{name} {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Whether the programs the scripts call on `backend` are here. In CI they must be
/// (`scripts/test` installs them); elsewhere the test says what is missing and skips.
fn tools_present(backend: TestBackend) -> bool {
    let needed = match backend {
        TestBackend::Sqlite => vec!["sqlite3"],
        TestBackend::Postgres => vec!["psql", "pg_dump", "pg_restore"],
    };
    let missing: Vec<&str> = needed.into_iter().filter(|p| !on_path(p)).collect();
    assert!(
        missing.is_empty() || !in_ci(),
        "the backup scripts need {missing:?}, and in CI this test must run"
    );
    if !missing.is_empty() {
        eprintln!("skipping the {backend} backup test: {missing:?} not found");
    }
    missing.is_empty()
}

fn photo() -> Vec<u8> {
    let img = RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn a_restored_backup_holds_every_row(backend: TestBackend) -> TestResult {
    if !tools_present(backend) {
        return Ok(());
    }
    let app = TestApp::spawn(backend).await;

    // Rows of many kinds, written through the service: members with their password hashes, a
    // profile with its expertise, a connection, a follow, a photo (binary), an API token (its
    // hash), a sign-up waiting for verification, the events of all that, and the secret that
    // signs visitors' cookies.
    app.site_admin("admin@x.test").await;
    let ada_id = app.member("ada@x.test", Role::Member).await;
    let bob_id = app.member("bob@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let mut bob = app.client();
    bob.login_ok("bob@x.test").await;
    let r = ada
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            &json!({
                "display_name": "Ada Lovelace",
                "handle": "ada",
                "job_title": "GIS lead",
                "department": "Information Technology",
                "bio": "I map **everything**, from Kingston to Québec.",
                "bio_language": "en",
                "years_in_municipal_it": 12,
                "location": "Portsmouth Village",
                "links": ["https://example.org/ada"],
                "expertise": ["gis", "Open data", "drones"],
                "visibility": { "department": "connections", "location": "nobody" },
                "in_directory": true
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = ada
        .api_post(
            &format!("/api/v1/connections/{bob_id}"),
            &json!({ "note": "We both run GIS" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = bob
        .api_post(&format!("/api/v1/connections/{ada_id}/accept"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ada
        .api_post(
            &format!("/api/v1/follows/organizations/{}", app.org),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let token = ada.csrf().await;
    let r = ada
        .http
        .put(ada.url("/api/v1/me/avatar"))
        .header("X-CSRF-Token", token)
        .header(reqwest::header::CONTENT_TYPE, "image/png")
        .body(photo())
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ada
        .api_post(
            "/api/v1/me/tokens",
            &json!({ "name": "nightly export", "scope": "read" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let api_token = r.json::<Value>().await?["secret"]
        .as_str()
        .expect("the new token's secret")
        .to_owned();
    app.join(&mut app.client(), "carol@x.test").await;
    app.sync_people().await;
    let photo_before = bob.get("/avatars/ada").await.bytes().await?;
    let before = app.contents().await;
    for table in [
        "members",
        "profiles",
        "connections",
        "follows",
        "api_tokens",
        "signups",
    ] {
        assert!(!before[table].is_empty(), "nothing in {table} to back up");
    }

    // A backup of the running service's database, as the daily timer takes it.
    let backups = tempfile::tempdir()?;
    let destination = backups.path().to_str().expect("a UTF-8 path");
    let printed = run(
        "civiclink-backup",
        &[
            "--database-url",
            app.database_url(),
            "--keep",
            "3",
            destination,
        ],
    )
    .await;
    let backup = PathBuf::from(printed.lines().last().unwrap_or_default());
    assert!(
        backup.starts_with(backups.path()) && backup.metadata().is_ok_and(|m| m.len() > 0),
        "the backup names a file it wrote: {printed:?}"
    );
    assert_eq!(
        app.contents().await,
        before,
        "the service changed nothing while it was backed up"
    );

    // Restored into a new, empty database, from which a second service starts as it is.
    let target = TestDatabase::fresh(backend)
        .await
        .expect("the backend is available: both_backends! checks before the test runs");
    let target_url = target.url.clone();
    // --force: this database is one no service uses, whatever else runs on the machine.
    run(
        "civiclink-restore",
        &[
            "--force",
            "--database-url",
            &target_url,
            backup.to_str().expect("a UTF-8 path"),
        ],
    )
    .await;
    let restored = TestApp::spawn_on(target, Some((app.association, app.org)), |_| {}).await;
    assert_eq!(restored.contents().await, before);

    // The restored service lets its members in: the password, the photo and the API token
    // came back with it.
    let r = restored.client().get("/readyz").await;
    assert_eq!(r.status(), StatusCode::OK);
    let mut ada = restored.client();
    ada.login_ok("ada@x.test").await;
    let r = ada.get("/avatars/ada").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await?, photo_before);
    let me = reqwest::Client::new()
        .get(restored.url("/api/v1/me"))
        .bearer_auth(&api_token)
        .send()
        .await?;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<Value>().await?["email"], "ada@x.test");
    Ok(())
}
