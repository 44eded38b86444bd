//! In a real browser: the demo administrator logs in and approves a join request.

use civiclink_domain::{DisplayName, EmailAddress, MemberStatus};
use civiclink_tests::browser::Browser;
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_logs_in_and_approves_a_join_request() -> TestResult {
    let Some(app) = TestApp::spawn(TestBackend::Sqlite).await else {
        return Ok(());
    };
    app.site_admin("admin@civiclink.test").await;
    let hash = app
        .accounts
        .hash_password(&civiclink_domain::Password::parse(PASSWORD)?)
        .await?;
    let joiner = EmailAddress::parse("ngaio.parata@wellington.test")?;
    app.accounts
        .import_join_request(
            &joiner,
            &DisplayName::parse("Ngaio Parata")?,
            &hash,
            app.association,
            Some(app.org),
            "I look after the GIS platform.",
        )
        .await?;
    let Some(browser) = Browser::start().await else {
        return Ok(());
    };
    let c = &browser.client;

    // Any page sends a visitor to the login form.
    c.goto(&app.url("/admin/join-requests")).await?;
    c.wait()
        .for_element(Locator::Css("form[action='/login']"))
        .await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys("admin@civiclink.test")
        .await?;
    c.find(Locator::Id("f-password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    c.find(Locator::Css("form[action='/login'] button[type='submit']"))
        .await?
        .click()
        .await?;

    // Back where the admin wanted to go: the join requests.
    c.wait().for_element(Locator::Css("h1")).await?;
    let url = c.current_url().await?;
    assert_eq!(url.path(), "/admin/join-requests", "after login: {url}");
    let approve = c
        .wait()
        .for_element(Locator::Css("button[aria-label='Approve Ngaio Parata']"))
        .await?;
    approve.click().await?;

    let status = c
        .wait()
        .for_element(Locator::Css("#status .notice"))
        .await?;
    let text = status.text().await?;
    assert!(
        text.contains("Ngaio Parata was approved"),
        "status says {text:?}"
    );

    let member = app
        .accounts
        .member_by_email(&joiner)
        .await?
        .ok_or_else(|| anyhow::anyhow!("joiner missing"))?;
    assert_eq!(member.status, MemberStatus::Active);
    browser.close().await;
    Ok(())
}
