//! In a real browser: the demo administrator logs in and approves a join request; hostile
//! markdown in a profile and in a thread runs nothing.

use civiclink_domain::{DisplayName, EmailAddress, MemberStatus};
use civiclink_tests::browser::{Browser, submit};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_logs_in_and_approves_a_join_request() -> TestResult {
    let app = TestApp::spawn(TestBackend::Sqlite).await;
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
    submit(c, "form[action='/login'] button[type='submit']").await?;

    // Back where the admin wanted to go: the join requests.
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

/// Markdown that carries scripts, event handlers, `javascript:` links or raw HTML does nothing in
/// a real browser: the page loads, the links are clicked, and no script ever ran.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_markdown_executes_nothing() -> TestResult {
    let app = TestApp::spawn(TestBackend::Sqlite).await;
    app.member("mallory@x.test", civiclink_domain::Role::Member)
        .await;
    app.member("reader@x.test", civiclink_domain::Role::Member)
        .await;
    let mut mallory = app.client();
    mallory.login_ok("mallory@x.test").await;
    let bio = "Hello <script>window.__pwned = 'script'</script>\n\n\
               <img src=x onerror=\"window.__pwned = 'onerror'\">\n\n\
               [click me](javascript:window.__pwned='link')\n\n\
               <a id=\"raw\" href=\"javascript:window.__pwned='raw'\" onclick=\"window.__pwned='onclick'\">raw link</a>\n\n\
               <svg onload=\"window.__pwned='svg'\"></svg><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>";
    let r = mallory
        .api(
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            &serde_json::json!({ "display_name": "Mallory", "handle": "mallory", "bio": bio }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::OK);

    let Some(browser) = Browser::start().await else {
        return Ok(());
    };
    let c = &browser.client;
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys("reader@x.test")
        .await?;
    c.find(Locator::Id("f-password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    submit(c, "form[action='/login'] button[type='submit']").await?;
    anyhow::ensure!(
        c.current_url().await?.path() == "/",
        "the login was refused"
    );
    c.goto(&app.url("/people/mallory")).await?;
    c.wait().for_element(Locator::Css(".bio")).await?;
    // The sanitized DOM itself, whatever the CSP would block: the bio is there, and no element
    // in it has an event-handler attribute or a `javascript:` address.
    let found = c
        .execute(
            "const bio = document.querySelector('.bio'); \
             const bad = []; \
             for (const el of bio.querySelectorAll('*')) { \
               for (const a of el.attributes) { \
                 const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase(); \
                 if (a.name.toLowerCase().startsWith('on') || v.startsWith('javascript:')) \
                   bad.push(el.tagName + ' ' + a.name + '=' + a.value); \
               } \
             } \
             return { text: bio.textContent, links: bio.querySelectorAll('a').length, bad };",
            vec![],
        )
        .await?;
    assert!(
        found["text"]
            .as_str()
            .is_some_and(|t| t.contains("Hello") && t.contains("raw link")),
        "the bio was not rendered: {found}"
    );
    assert_eq!(
        found["bad"],
        serde_json::json!([]),
        "active attributes survived"
    );
    // Click every link the bio kept; none may run a script.
    for link in c.find_all(Locator::Css(".bio a")).await? {
        let _ = link.click().await;
    }
    let pwned = c.execute("return window.__pwned || null;", vec![]).await?;
    assert!(pwned.is_null(), "a script ran: {pwned}");
    let scripts = c
        .find_all(Locator::Css(".bio script, .bio iframe, .bio svg, .bio img"))
        .await?;
    assert!(scripts.is_empty(), "dangerous elements survived");
    browser.close().await;
    Ok(())
}

/// A thread whose title, tags, first post and reply carry the OWASP cheat sheet's payloads does
/// nothing in a real browser: the thread's page and the list show the text, keep no active
/// attribute, and no script runs when every link is clicked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_posts_execute_nothing() -> TestResult {
    let app = TestApp::spawn(TestBackend::Sqlite).await;
    app.site_admin("root@x.test").await;
    app.member("mallory@x.test", civiclink_domain::Role::Member)
        .await;
    app.member("reader@x.test", civiclink_domain::Role::Member)
        .await;
    let mut root = app.signed_in("root@x.test").await;
    let r = root
        .api_post(
            "/api/v1/categories",
            &serde_json::json!({ "name": "Security" }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let category = r.json::<serde_json::Value>().await?["id"].clone();
    let mut mallory = app.signed_in("mallory@x.test").await;
    let payloads = "Hello <script>window.__pwned = 'script'</script>\n\n\
        <img src=x onerror=\"window.__pwned = 'onerror'\">\n\n\
        [click me](javascript:window.__pwned='link')\n\n\
        <a href=\"jav&#x09;ascript:window.__pwned='tab'\">tab link</a>\n\n\
        <a id=\"raw\" href=\"javascript:window.__pwned='raw'\" onclick=\"window.__pwned='onclick'\">raw link</a>\n\n\
        <svg/onload=\"window.__pwned='svg'\"></svg><iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>\n\n\
        <body onload=\"window.__pwned='body'\">\n\n\
        <div style=\"background:url(javascript:window.__pwned='style')\">styled</div>\n\n\
        <math><mi xlink:href=\"javascript:window.__pwned='math'\">math</mi></math>";
    let r = mallory
        .api_post(
            "/api/v1/threads",
            &serde_json::json!({
                "category": category,
                "title": "<img src=x onerror=\"window.__pwned='title'\"> Hello title",
                "text": payloads,
                "tags": ["<script>x</script>"],
            }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    let thread = r.json::<serde_json::Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = mallory
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &serde_json::json!({ "text": format!("> {payloads}\n\nReply") }),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);

    let Some(browser) = Browser::start().await else {
        return Ok(());
    };
    let c = &browser.client;
    c.goto(&app.url("/login")).await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys("reader@x.test")
        .await?;
    c.find(Locator::Id("f-password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    submit(c, "form[action='/login'] button[type='submit']").await?;
    anyhow::ensure!(
        c.current_url().await?.path() == "/",
        "the login was refused"
    );
    for path in [format!("/threads/{thread}"), "/threads".to_owned()] {
        c.goto(&app.url(&path)).await?;
        c.wait().for_element(Locator::Css("main h1")).await?;
        let found = c
            .execute(
                "const main = document.querySelector('main'); \
                 const bad = []; \
                 for (const el of main.querySelectorAll('*')) { \
                   const tag = el.tagName.toLowerCase(); \
                   if (['script','iframe','svg','img','math','object','embed'].includes(tag)) \
                     bad.push(tag); \
                   for (const a of el.attributes) { \
                     const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase(); \
                     if (a.name.toLowerCase().startsWith('on') || a.name.toLowerCase() === 'style' \
                         || v.startsWith('javascript:')) \
                       bad.push(tag + ' ' + a.name + '=' + a.value); \
                   } \
                 } \
                 return { text: main.textContent, bad };",
                vec![],
            )
            .await?;
        assert!(
            found["text"]
                .as_str()
                .is_some_and(|t| t.contains("Hello title")),
            "{path}: the thread is not shown: {found}"
        );
        assert_eq!(
            found["bad"],
            serde_json::json!([]),
            "{path}: active markup survived"
        );
        if path.starts_with("/threads/") {
            let text = found["text"].as_str().unwrap_or_default();
            assert!(
                text.contains("<img src=x onerror="),
                "the title is shown as text"
            );
            assert!(text.contains("raw link") && text.contains("Reply"));
        }
        for link in c.find_all(Locator::Css(".post-body a")).await? {
            let _ = link.click().await;
            if c.current_url().await?.path() != path.as_str() {
                c.goto(&app.url(&path)).await?;
            }
        }
        let pwned = c.execute("return window.__pwned || null;", vec![]).await?;
        assert!(pwned.is_null(), "{path}: a script ran: {pwned}");
    }
    browser.close().await;
    Ok(())
}
