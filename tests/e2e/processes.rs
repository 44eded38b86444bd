//! Two processes on one PostgreSQL database behave as one site: what one process writes, the
//! other serves at once, although it reads sessions, members and page data from memory while
//! nothing changes (the read caches of `civiclink-store`). Each scenario first has the second
//! process keep what it read, then writes on the first, then waits for the second to show the
//! write. Without the notification that puts the second's caches out of date, it would go on
//! serving what it kept, and the wait would end in a failure.

use std::time::Duration;

use civiclink_domain::Role;
use civiclink_store::testing::TestDatabase;
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult};
use reqwest::StatusCode;

/// A second process on the first one's database, as a second `serve` behind the proxy.
async fn second_process(first: &TestApp) -> TestApp {
    // The spare database is not used: the second process is pointed at the first one's.
    let spare = TestDatabase::fresh(TestBackend::Postgres)
        .await
        .expect("PostgreSQL is available");
    let url = first.database_url().to_owned();
    TestApp::spawn_on(spare, Some((first.association, first.org)), |c| {
        c.database_url = url;
    })
    .await
}

/// Asks `check` again until it holds, for at most ten seconds: the time a notification may
/// take on a loaded machine, not a quiet period that the test relies on.
async fn until<F, Fut>(what: &str, mut check: F) -> TestResult
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if check().await? {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "the second process never saw it: {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn postgres() -> bool {
    TestBackend::Postgres.available()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_process_ends_the_session_on_the_other() -> TestResult {
    if !postgres() {
        return Ok(());
    }
    let a = TestApp::spawn(TestBackend::Postgres).await;
    let b = second_process(&a).await;
    a.member("ana@example.org", Role::Member).await;
    // The session's cookie, sent by hand: a browser would drop it at logout, and the point
    // is what the second process answers to a cookie whose session has ended.
    let cookie = a.session_cookie("ana@example.org", PASSWORD).await?;
    let http = reqwest::Client::new();
    let me_on = |app: &TestApp| {
        http.get(app.url("/api/v1/me"))
            .header(reqwest::header::COOKIE, &cookie)
            .send()
    };
    // The second process's own follower has consumed every event so far: from here on only
    // the notification of the logout (a write with no event) can tell it.
    b.sync_people().await;
    for _ in 0..3 {
        assert_eq!(
            me_on(&b).await?.status(),
            StatusCode::OK,
            "the session is served by both"
        );
    }
    let session: serde_json::Value = http
        .get(a.url("/api/v1/session"))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await?
        .json()
        .await?;
    let csrf = session["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = http
        .post(a.url("/api/v1/logout"))
        .header(reqwest::header::COOKIE, &cookie)
        .header("X-CSRF-Token", csrf)
        .send()
        .await?;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_on(&a).await?.status(),
        StatusCode::UNAUTHORIZED,
        "the process that wrote ends it at once"
    );
    until("the logout", || async {
        Ok(me_on(&b).await?.status() == StatusCode::UNAUTHORIZED)
    })
    .await
}

/// The follow appends an event: the notification puts the second process's caches out of date,
/// and so may its own follower, when it moves its cursor past the event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_on_one_process_shows_what_the_other_wrote() -> TestResult {
    if !postgres() {
        return Ok(());
    }
    let a = TestApp::spawn(TestBackend::Postgres).await;
    let b = second_process(&a).await;
    a.member("ben@example.org", Role::Member).await;
    let mut client = a.client();
    client.login_ok("ben@example.org").await;
    let page = format!("/organizations/{}", a.org);
    let unfollow = format!("/follows/organizations/{}/unfollow", a.org);

    for _ in 0..3 {
        let r = client.http.get(b.url(&page)).send().await?;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(!r.text().await?.contains(&unfollow), "not following yet");
    }
    let r = client
        .api_post_empty(&format!("/api/v1/follows/organizations/{}", a.org))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let here = client.get(&page).await.text().await?;
    assert!(here.contains(&unfollow), "the process that wrote shows it");
    until("the follow", || async {
        let r = client.http.get(b.url(&page)).send().await?;
        Ok(r.text().await?.contains(&unfollow))
    })
    .await
}
