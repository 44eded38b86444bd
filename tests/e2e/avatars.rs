//! Profile photos: uploads through the API and the page form are re-encoded to a 256×256 PNG,
//! served with an entity tag to members only, and replaced by initials when there is none. Bad
//! uploads (a disguised text file, a decompression bomb, an oversize body, a form without its
//! CSRF token) change nothing.

use std::io::Cursor;

use civiclink_domain::Role;
use civiclink_store::{on_db, sqlx};
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of,
};
use image::{DynamicImage, GenericImageView, ImageFormat, Rgb, RgbImage};
use reqwest::{StatusCode, header};

both_backends!(
    uploads_are_reencoded_and_cached,
    bad_uploads_change_nothing,
    avatars_are_for_members_only,
    uploads_are_rate_limited_per_member,
);

fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A valid 1×1 PNG whose header then claims 50000×50000 pixels (with a correct checksum).
fn bomb() -> Vec<u8> {
    let mut png = picture(1, 1, ImageFormat::Png);
    png[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

async fn put_avatar(c: &mut Client, bytes: Vec<u8>, content_type: &str) -> reqwest::Response {
    try_put_avatar(c, bytes, content_type).await.unwrap()
}

async fn try_put_avatar(
    c: &mut Client,
    bytes: Vec<u8>,
    content_type: &str,
) -> reqwest::Result<reqwest::Response> {
    let token = c.csrf().await;
    c.http
        .put(c.url("/api/v1/me/avatar"))
        .header("X-CSRF-Token", token)
        .header(header::CONTENT_TYPE, content_type)
        .body(bytes)
        .send()
        .await
}

/// The page form as a browser sends it; `token` is the CSRF field, left out when `None`.
async fn form_upload(c: &mut Client, bytes: &[u8], token: Option<&str>) -> reqwest::Response {
    // A large body on a busy machine can meet a connection the server already closed (after an
    // earlier early answer); sending again is what a browser would do.
    let mut last = None;
    for _ in 0..3 {
        match try_form_upload(c, bytes, token).await {
            Ok(r) => return r,
            Err(e) if e.is_request() || e.is_connect() => last = Some(e),
            Err(e) => panic!("{e}"),
        }
    }
    panic!("the upload never got an answer: {last:?}");
}

const BOUNDARY: &str = "----civiclink-test-boundary";

/// The multipart body of the photo form, with the CSRF field when `token` is given.
fn form_body(bytes: &[u8], token: Option<&str>) -> Vec<u8> {
    let boundary = BOUNDARY;
    let mut body = Vec::new();
    if let Some(t) = token {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{t}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"me.png\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    body
}

async fn try_form_upload(
    c: &Client,
    bytes: &[u8],
    token: Option<&str>,
) -> reqwest::Result<reqwest::Response> {
    c.http
        .post(c.url("/profile/avatar"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(form_body(bytes, token))
        .send()
        .await
}

async fn stored(app: &TestApp) -> anyhow::Result<(i64, i64)> {
    let with_photo: i64 = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM profiles WHERE avatar IS NOT NULL",
    )
    .fetch_one(p)
    .await)?;
    let events: i64 = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE kind = 'profile.avatar_changed'",
    )
    .fetch_one(p)
    .await)?;
    Ok((with_photo, events))
}

async fn uploads_are_reencoded_and_cached(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    app.member("bob@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let handle = ada.get_json("/api/v1/me/profile", StatusCode::OK).await["handle"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut bob = app.client();
    bob.login_ok("bob@x.test").await;

    // No photo yet: initials on the brand colour.
    let r = bob.get(&format!("/avatars/{handle}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header_of(&r, header::CONTENT_TYPE), "image/svg+xml");
    let svg = r.text().await?;
    assert!(
        svg.starts_with("<svg") && svg.contains("#0b3c66") && svg.contains(">TM</text>"),
        "{svg}"
    );

    // A JPEG through the API, stored as a 256×256 PNG.
    let r = put_avatar(&mut ada, picture(640, 480, ImageFormat::Jpeg), "image/jpeg").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(stored(&app).await?, (1, 1));
    let r = bob.get(&format!("/avatars/{handle}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header_of(&r, header::CONTENT_TYPE), "image/png");
    assert_eq!(header_of(&r, header::CACHE_CONTROL), "private, no-cache");
    let etag = header_of(&r, header::ETAG);
    assert!(etag.starts_with('"') && etag.len() > 2, "{etag}");
    let bytes = r.bytes().await?;
    let img = image::load_from_memory_with_format(&bytes, ImageFormat::Png)?;
    assert_eq!(img.dimensions(), (256, 256));

    // The entity tag saves the download.
    let r = bob
        .http
        .get(bob.url(&format!("/avatars/{handle}")))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&r, header::ETAG), etag);
    assert!(r.bytes().await?.is_empty());

    // A PNG through the page form replaces it, with a new tag.
    let token = ada.csrf().await;
    let r = form_upload(&mut ada, &picture(300, 900, ImageFormat::Png), Some(&token)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(header_of(&r, header::LOCATION), "/profile/edit");
    assert_eq!(stored(&app).await?, (1, 2));
    let r = bob
        .http
        .get(bob.url(&format!("/avatars/{handle}")))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::OK);
    assert_ne!(header_of(&r, header::ETAG), etag);
    let img = image::load_from_memory(&r.bytes().await?)?;
    assert_eq!(img.dimensions(), (256, 256));

    // The pages show it; the edit page offers removal, which brings the initials back.
    let page = bob.get(&format!("/people/{handle}")).await.text().await?;
    assert!(page.contains(&format!(r#"<img class="avatar" src="/avatars/{handle}""#)));
    let edit = ada.get("/profile/edit").await.text().await?;
    assert!(edit.contains(r#"enctype="multipart/form-data""#));
    assert!(edit.contains(r#"action="/profile/avatar/remove""#));
    let r = ada.form_post("/profile/avatar/remove", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored(&app).await?, (0, 3));
    let r = bob.get(&format!("/avatars/{handle}")).await;
    assert_eq!(header_of(&r, header::CONTENT_TYPE), "image/svg+xml");
    // Through the API too; removing nothing writes no event.
    let r = put_avatar(&mut ada, picture(64, 64, ImageFormat::Png), "image/png").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ada
        .api(
            reqwest::Method::DELETE,
            "/api/v1/me/avatar",
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = ada
        .api(
            reqwest::Method::DELETE,
            "/api/v1/me/avatar",
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(stored(&app).await?, (0, 5));
    Ok(())
}

async fn bad_uploads_change_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;

    // Text dressed as a PNG.
    let r = put_avatar(&mut ada, b"<script>alert(1)</script>".to_vec(), "image/png").await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "avatar");
    assert!(
        v["message"].as_str().is_some_and(|m| m.contains("PNG")),
        "{v}"
    );
    // A real picture sent as something else.
    let r = put_avatar(&mut ada, picture(8, 8, ImageFormat::Png), "text/plain").await;
    assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    // A decompression bomb is refused from its header.
    let started = std::time::Instant::now();
    let r = put_avatar(&mut ada, bomb(), "image/png").await;
    let v = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(v["field"], "avatar");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // Too large a body, through either door, sent over a socket that reads the answer while
    // it writes (the server answers from `Content-Length` and may close before the body ends).
    let token = ada.csrf().await;
    let cookie = app
        .session_cookie("ada@x.test", civiclink_tests::PASSWORD)
        .await?;
    let raw_token = {
        let s = reqwest::Client::new()
            .get(app.url("/api/v1/session"))
            .header(header::COOKIE, &cookie)
            .send()
            .await?;
        let v: serde_json::Value = s.json().await?;
        v["csrf_token"].as_str().unwrap_or_default().to_owned()
    };
    let status = app
        .status_for_body(
            "PUT",
            "/api/v1/me/avatar",
            &[
                ("Cookie", &cookie),
                ("X-CSRF-Token", &raw_token),
                ("Content-Type", "image/png"),
            ],
            vec![0x89; 5 * 1024 * 1024 + 1],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let multipart = format!("multipart/form-data; boundary={BOUNDARY}");
    let status = app
        .status_for_body(
            "POST",
            "/profile/avatar",
            &[("Cookie", &cookie), ("Content-Type", &multipart)],
            form_body(&vec![0x89; 6 * 1024 * 1024 + 1], Some(&raw_token)),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // A file between 5 and 6 MB fits the form's framing but not the photo limit.
    let r = form_upload(&mut ada, &vec![0x89; 5 * 1024 * 1024 + 10], Some(&token)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The other routes keep their 1 MiB limit.
    let status = app
        .status_for_body(
            "PUT",
            "/api/v1/me/profile",
            &[
                ("Cookie", &cookie),
                ("X-CSRF-Token", &raw_token),
                ("Content-Type", "application/json"),
            ],
            vec![b' '; 2 * 1024 * 1024],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // The page form: a bad file shows the edit page with the problem; no token is a 403.
    let r = form_upload(&mut ada, b"GIF89a not really", Some(&token)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await?;
    assert!(page.contains(r#"id="f-avatar-error""#), "{page}");
    let r = form_upload(&mut ada, &bomb(), Some(&token)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = form_upload(&mut ada, &picture(16, 16, ImageFormat::Png), None).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = form_upload(&mut ada, &picture(16, 16, ImageFormat::Png), Some("wrong")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored(&app).await?, (0, 0));
    Ok(())
}

async fn avatars_are_for_members_only(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    app.member("ada@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    let handle = ada.get_json("/api/v1/me/profile", StatusCode::OK).await["handle"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = put_avatar(&mut ada, picture(32, 32, ImageFormat::Png), "image/png").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    // Logged out: the page redirects to the login, the API answers 401, nothing is written.
    let mut visitor = app.client();
    let r = visitor.get(&format!("/avatars/{handle}")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(header_of(&r, header::LOCATION).starts_with("/login?next="));
    let r = put_avatar(&mut visitor, picture(8, 8, ImageFormat::Png), "image/png").await;
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    let token = visitor.csrf().await;
    let r = form_upload(&mut visitor, &picture(8, 8, ImageFormat::Png), Some(&token)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(stored(&app).await?, (1, 1));

    // A pending member's picture does not exist for other members, photo or not.
    let mut joiner = app.client();
    let verify = app.join(&mut joiner, "pending@x.test").await;
    let r = joiner
        .api_post("/api/v1/verify", &serde_json::json!({ "token": verify }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.sync_people().await;
    let pending: String = on_db!(app.db, p => sqlx::query_scalar(
        "SELECT p.handle FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.email = 'pending@x.test'",
    ).fetch_one(p).await)?;
    let r = ada.get(&format!("/avatars/{pending}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = ada.get("/avatars/nobody-here").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    Ok(())
}

async fn uploads_are_rate_limited_per_member(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn_with(backend, |c| c.limits.avatar_per_account = 2).await;
    app.member("ada@x.test", Role::Member).await;
    app.member("bob@x.test", Role::Member).await;
    let mut ada = app.client();
    ada.login_ok("ada@x.test").await;
    for _ in 0..2 {
        let r = put_avatar(&mut ada, picture(16, 16, ImageFormat::Png), "image/png").await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    // The third, by either door, waits for the window to end.
    let r = put_avatar(&mut ada, picture(16, 16, ImageFormat::Png), "image/png").await;
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    assert!(retry.is_some_and(|s| s > 0), "{:?}", r.headers());
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    let token = ada.csrf().await;
    let r = form_upload(&mut ada, &picture(16, 16, ImageFormat::Png), Some(&token)).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another member is not held back by Ada's uploads.
    let mut bob = app.client();
    bob.login_ok("bob@x.test").await;
    let r = put_avatar(&mut bob, picture(16, 16, ImageFormat::Png), "image/png").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    Ok(())
}
