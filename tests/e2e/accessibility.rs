//! Accessibility in a real browser, at our bar of WCAG 2.1 A/AA (AODA asks for 2.0 AA):
//!
//! - axe-core's rules on every kind of page, in English and in French, logged out, as a member,
//!   as an association administrator, as a lapsed member and as the site administrator, with the
//!   forms both fresh and showing errors;
//! - an administrator logs in and approves a join request with the keyboard alone.
//!
//! These run on SQLite only: each drives Chromium through dozens of pages, which is slow, and
//! what they check is the markup, which does not depend on the backend.
//!
//! Every new kind of page joins `every_page_passes_axe` in the change that creates it
//! (docs/accessibility.md).

use std::time::Duration;

use civiclink_domain::{DisplayName, EmailAddress, MemberStatus, Password, Role};
use civiclink_tests::browser::{Axe, AxeReport, Browser, Violation, submit, wait_for_new_page};
use civiclink_tests::{PASSWORD, TestApp, TestBackend, TestResult};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

const ADMIN: &str = "root@civiclink.test";
const ASSOCIATION_ADMIN: &str = "grace.admin@kingston.test";
const MEMBER: &str = "ada@kingston.test";
const LAPSED: &str = "lapsed@kingston.test";
const JOINER: &str = "ngaio.parata@kingston.test";
const VENDOR: &str = "vic@esri.test";

/// Results axe cannot decide alone ("needs review") that a person has reviewed and accepted: the
/// rule, a piece of the element's HTML, and why. Any other such result fails like a violation,
/// since some are real faults that axe only reports for review (a duplicate id, for one).
const REVIEWED: &[(&str, &str, &str)] = &[(
    "color-contrast",
    r#"class="brand-mark""#,
    "the ◆ before the name is decorative, hidden from assistive technology, and not text \
     (#ffbf47 on #0b3c66 is 6.9:1 anyway)",
)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_english() -> TestResult {
    every_page_passes_axe("en").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_french() -> TestResult {
    every_page_passes_axe("fr").await
}

/// The people and links the pages are shown with.
struct Fixture {
    member: String,
    handle: String,
    org: String,
    /// Another municipality of the association, whose page offers the member the claim form.
    town: String,
    invite_token: String,
    reset_token: String,
    verify_token: String,
    /// A published listing of the technology directory, with the member's edit waiting, and
    /// the member's organization's record of it.
    listing: String,
    /// Another listing of the same business function, an alternative to compare with.
    second_listing: String,
    usage: String,
    /// A review of the listing by a member of another municipality, edited once, with the
    /// vendor's response, and reported to the moderators.
    review: String,
    /// A category's slug; a question in it about the listing, edited once, and the member's
    /// reply to it, accepted.
    category: String,
    thread: String,
    question: String,
    reply: String,
}

async fn arrange(app: &TestApp) -> anyhow::Result<Fixture> {
    app.site_admin(ADMIN).await;
    app.member(ASSOCIATION_ADMIN, Role::AssociationAdmin).await;
    let member = app.member(MEMBER, Role::Member).await;
    app.member_in(LAPSED, Role::Member, app.association, Some(app.org), -5)
        .await;
    // A request whose address is confirmed, so that it waits for an administrator's decision.
    let hash = app
        .accounts
        .hash_password(&Password::parse(PASSWORD)?)
        .await?;
    app.accounts
        .import_join_request(
            &EmailAddress::parse(JOINER)?,
            &DisplayName::parse("Ngaio Parata")?,
            &hash,
            app.association,
            Some(app.org),
            "I look after the GIS platform.",
        )
        .await?;

    // The member has a connection, a request waiting for them, and follows their organization,
    // so that the connection pages and the feed have something to show.
    let grace = app
        .accounts
        .member_by_email(&EmailAddress::parse(ASSOCIATION_ADMIN)?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no association admin"))?
        .id;
    let root = app
        .accounts
        .member_by_email(&EmailAddress::parse(ADMIN)?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no site admin"))?
        .id;
    let t = civiclink_store::now();
    for (other, status) in [(grace, "accepted"), (root, "pending")] {
        let (a, b) = if member < other {
            (member, other)
        } else {
            (other, member)
        };
        civiclink_store::execute_db!(app.db, civiclink_store::sqlx::query(
            "INSERT INTO connections (member_a, member_b, requested_by, status, note, created_at) \
             VALUES ($1, $2, $3, $4, 'We met at the MISA conference.', $5)",
        )
        .bind(a)
        .bind(b)
        .bind(other)
        .bind(status)
        .bind(t))?;
    }
    civiclink_store::execute_db!(app.db, civiclink_store::sqlx::query(
        "INSERT INTO follows (follower, target_kind, target_id, created_at) VALUES ($1, 'organization', $2, $3)",
    )
    .bind(member)
    .bind(app.org)
    .bind(t))?;

    let mut admin = app.client();
    admin.login_ok(ADMIN).await;
    let r = admin
        .api_post(
            "/api/v1/admin/invites",
            &json!({ "association_id": app.association, "max_uses": 5, "valid_days": 7 }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "create an invitation");
    let created: Value = r.json().await?;
    let invite_token = created["link"]
        .as_str()
        .and_then(|l| l.rsplit_once("/join/invite/"))
        .map(|(_, t)| t.to_owned())
        .ok_or_else(|| anyhow::anyhow!("no invitation link in {created}"))?;

    let mut visitor = app.client();
    let r = visitor
        .api_post("/api/v1/password-reset", &json!({ "email": MEMBER }))
        .await;
    anyhow::ensure!(r.status() == StatusCode::ACCEPTED, "request a reset");
    let reset_token = app.last_mail_to(MEMBER).await.token_after("/reset/");
    let verify_token = app.join(&mut visitor, "joiner@kingston.test").await;

    // The member administers their organization, and someone from another town claims to
    // work there, so the organization's pages show their administrator's tools.
    let town = app
        .accounts
        .create_organization(
            None,
            civiclink_accounts::NewOrganization {
                association_id: app.association,
                name: civiclink_domain::ShortText::parse("Town of Gananoque", "name")?,
                kind: civiclink_domain::OrgKind::Municipality,
                region: civiclink_domain::ShortText::parse("Eastern Ontario", "region")?,
                country: civiclink_domain::CountryCode::parse("CA")?,
                population: Some(5383),
            },
        )
        .await?
        .id;
    let root_actor = civiclink_accounts::Actor {
        id: root,
        role: Role::SiteAdmin,
        association_id: None,
        ip: None,
    };
    app.accounts
        .add_org_admin(&root_actor, app.org, member)
        .await?;
    let claimant = app
        .member_in(
            "hemi.walker@gananoque.test",
            Role::Member,
            app.association,
            Some(town),
            365,
        )
        .await;
    app.accounts
        .claim_organization(
            &civiclink_accounts::Actor {
                id: claimant,
                role: Role::Member,
                association_id: Some(app.association),
                ip: None,
            },
            app.org,
            "I moved to Kingston's GIS team in March.",
        )
        .await?;

    // A listing of the technology directory, and the member's edit of it for the review queue.
    let r = admin
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "GIS and mapping" }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "add a business function");
    let gis = r.json::<Value>().await?["id"].clone();
    let vendor = app
        .accounts
        .create_organization(
            None,
            civiclink_accounts::NewOrganization {
                association_id: app.association,
                name: civiclink_domain::ShortText::parse("Esri Canada", "name")?,
                kind: civiclink_domain::OrgKind::Vendor,
                region: civiclink_domain::ShortText::parse("Ontario", "region")?,
                country: civiclink_domain::CountryCode::parse("CA")?,
                population: None,
            },
        )
        .await?
        .id;
    app.member_in(VENDOR, Role::Member, app.association, Some(vendor), 365)
        .await;
    let body = json!({
        "name": "ArcGIS Enterprise", "vendor_name": "Esri", "vendor_org_id": vendor,
        "kind": "software",
        "website": "https://enterprise.arcgis.com", "description": "Esri's **GIS server**.",
        "hosting": ["on_premises"], "versions": ["11.3", "11.1"], "functions": [gis], "base": 1,
    });
    let r = admin.api_post("/api/v1/listings", &body).await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "publish a listing");
    let listing = r.json::<Value>().await?["listing_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = admin
        .api_post(
            "/api/v1/listings",
            &json!({ "name": "QGIS", "vendor_name": "QGIS project", "kind": "open_source",
                     "functions": [gis] }),
        )
        .await;
    anyhow::ensure!(
        r.status() == StatusCode::CREATED,
        "publish a second listing"
    );
    let second_listing = r.json::<Value>().await?["listing_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut m = app.client();
    m.login_ok(MEMBER).await;
    let r = m
        .api_post(&format!("/api/v1/listings/{listing}/revisions"), &body)
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "suggest an edit");
    let r = m
        .api_post(
            &format!("/api/v1/organizations/{}/stack", app.org),
            &json!({ "listing_id": listing, "status": "production", "version": "11.3",
                     "since": "2019-04-01", "support_ends": "2027-03-31", "users": 40,
                     "procurement_route": "cooperative", "cooperative": "OECM",
                     "open_to_others": true }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "record usage");
    let usage = r.json::<Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    let r = m
        .api_post(
            &format!("/api/v1/usage-records/{usage}/timeline"),
            &json!({ "kind": "upgrade", "happened_on": "2025-03-01", "from_version": "11.1",
                     "to_version": "11.3", "lesson": "Test the parcel fabric on a copy first." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "record an upgrade");
    // The claimant reviews it and edits the review; the vendor responds; the admin reports it.
    let mut hemi = app.client();
    hemi.login_ok("hemi.walker@gananoque.test").await;
    let reviews = format!("/api/v1/listings/{listing}/reviews");
    let r = hemi
        .api_post(
            &reviews,
            &json!({ "overall": 3, "ease": 4, "support": 2, "value": 3, "recommend": false,
                     "pros": "Parcel fabric.", "cons": "Heavy for a town of 5,000." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "write a review");
    let review = r.json::<Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = hemi
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/reviews/{review}"),
            &json!({ "overall": 4, "recommend": true, "pros": "Parcel fabric.",
                     "cons": "Heavy for a town of 5,000; the county hosts it for us now." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::OK, "edit the review");
    let mut vic = app.client();
    vic.login_ok(VENDOR).await;
    let r = vic
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/reviews/{review}/response"),
            &json!({ "response": "Thank you. Hosting through the county is a good fit." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::OK, "respond to the review");
    let r = admin
        .api_post(
            &format!("/api/v1/reviews/{review}/reports"),
            &json!({ "reason": "off_topic", "note": "Reads like a hosting review." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "report the review");

    // A category; a question about the listing, with a table; the member's quoting reply,
    // accepted; the question edited once.
    let r = admin
        .api_post(
            "/api/v1/categories",
            &json!({ "name": "GIS and mapping", "description": "Maps, layers and parcels." }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "make a category");
    let category: Value = r.json().await?;
    let r = hemi
        .api_post(
            "/api/v1/threads",
            &json!({ "category": category["id"], "kind": "question",
                     "title": "Parcel fabric for a town of 5,000?",
                     "text": "Is it worth it?\n\n| Option | Cost |\n|---|---|\n| Hosted | Low |",
                     "tags": ["parcels"], "listings": [listing] }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "open a thread");
    let thread: Value = r.json().await?;
    let question = thread["posts"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let thread = thread["id"].as_str().unwrap_or_default().to_owned();
    let mut m = app.client();
    m.login_ok(MEMBER).await;
    let r = m
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "> Is it worth it?\n\nYes, *hosted* by the county.",
                     "reply_to": question }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::CREATED, "reply");
    let reply = r.json::<Value>().await?["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let r = hemi
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &json!({ "post": reply }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::OK, "accept the answer");
    let r = hemi
        .api_patch(
            &format!("/api/v1/posts/{question}"),
            &json!({ "text": "Is it worth it for us?" }),
        )
        .await;
    anyhow::ensure!(r.status() == StatusCode::OK, "edit the question");

    let handle = app.people.profile(member).await?.handle.to_string();
    Ok(Fixture {
        category: category["slug"].as_str().unwrap_or_default().to_owned(),
        thread,
        question,
        reply,
        listing,
        second_listing,
        usage,
        review,
        member: member.to_string(),
        handle,
        org: app.org.to_string(),
        town: town.to_string(),
        invite_token,
        reset_token,
        verify_token,
    })
}

async fn every_page_passes_axe(lang: &str) -> TestResult {
    let Some(axe) = Axe::load() else {
        return Ok(());
    };
    let app = TestApp::spawn(TestBackend::Sqlite).await;
    let fx = arrange(&app).await?;
    let Some(browser) = Browser::start_with_lang(lang).await else {
        return Ok(());
    };
    let c = &browser.client;
    let mut audit = Audit {
        axe: &axe,
        client: c,
        lang,
        findings: Vec::new(),
        reviewed: 0,
        pages: 0,
        version: String::new(),
    };

    // The browser asks for the language under test (the service answers in it once translated).
    c.goto(&app.url("/login")).await?;
    let languages = c.execute("return navigator.languages;", vec![]).await?;
    anyhow::ensure!(
        languages[0].as_str() == Some(lang),
        "the browser prefers {languages}, not {lang}"
    );

    // axe reports a fault planted in the page, so a quiet report means something.
    c.execute(
        "document.querySelector('main').insertAdjacentHTML('beforeend', \
         '<img id=\"planted\" src=\"data:,\">'); return null;",
        vec![],
    )
    .await?;
    let planted = axe.run(c).await?;
    anyhow::ensure!(
        planted.violations.iter().any(|v| v.id == "image-alt"
            && v.nodes
                .iter()
                .any(|n| n.target.iter().any(|t| t.contains("planted")))),
        "axe missed an image without alt text: {:?}",
        planted.violations
    );

    // Logged out.
    let t = &fx;
    for (label, path, marker) in [
        (
            "log in",
            "/login".to_owned(),
            "form[action='/login']".to_owned(),
        ),
        (
            "join",
            "/join".to_owned(),
            "form[action='/join']".to_owned(),
        ),
        (
            "reset request",
            "/reset".to_owned(),
            "form[action='/reset']".to_owned(),
        ),
        (
            "new password",
            format!("/reset/{}", t.reset_token),
            format!("form[action='/reset/{}']", t.reset_token),
        ),
        (
            "confirm email",
            format!("/verify/{}", t.verify_token),
            format!("form[action='/verify/{}']", t.verify_token),
        ),
        (
            "join by invitation",
            format!("/join/invite/{}", t.invite_token),
            format!("form[action='/join/invite/{}']", t.invite_token),
        ),
        (
            "not found",
            "/no-such-page".to_owned(),
            "main h1".to_owned(),
        ),
    ] {
        visit(c, &app, &path, &marker).await?;
        audit.check(label).await?;
    }

    visit(c, &app, "/login", "form[action='/login']").await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys(MEMBER)
        .await?;
    c.find(Locator::Id("f-password"))
        .await?
        .send_keys("not the password")
        .await?;
    submit(c, "form[action='/login'] button[type='submit']").await?;
    wait_for(c, "#error-summary").await?;
    audit.check("log in, wrong password").await?;

    visit(c, &app, "/join", "form[action='/join']").await?;
    submit(c, "form[action='/join'] button[type='submit']").await?;
    wait_for(c, "#error-summary").await?;
    audit.check("join, empty form").await?;

    visit(c, &app, "/reset", "form[action='/reset']").await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys(MEMBER)
        .await?;
    submit(c, "form[action='/reset'] button[type='submit']").await?;
    anyhow::ensure!(
        c.find_all(Locator::Css("form[action='/reset']"))
            .await?
            .is_empty(),
        "asking for a reset did not lead to the message page"
    );
    audit.check("check your email (message page)").await?;

    // A member: home with its feed, their profile and its editor, others' pages, connections,
    // the directories and data rights. Then the notice after logging out.
    log_in(c, &app, MEMBER, "/").await?;
    audit.check("home, member").await?;
    for (label, path, marker) in [
        (
            "my profile",
            format!("/people/{}", t.handle),
            "#profile-name".to_owned(),
        ),
        (
            "my profile seen as a member",
            format!("/people/{}?as=member", t.handle),
            "#profile-name".to_owned(),
        ),
        (
            "edit my profile",
            "/profile/edit".to_owned(),
            "form[action='/profile/edit']".to_owned(),
        ),
        (
            "another member's profile",
            "/people/site-admin".to_owned(),
            "#profile-name".to_owned(),
        ),
        (
            "not found, member",
            "/people/no-such-person".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "not allowed, member",
            "/admin/members".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "organization page",
            format!("/organizations/{}", t.org),
            "#org-name".to_owned(),
        ),
        (
            "organization page, for its administrator",
            format!("/organizations/{}", t.org),
            "#org-admins".to_owned(),
        ),
        (
            "another organization's page, with the claim form",
            format!("/organizations/{}", t.town),
            format!("form[action='/organizations/{}/claims']", t.town),
        ),
        (
            "edit an organization's page",
            format!("/organizations/{}/edit", t.org),
            format!("form[action='/organizations/{}/edit']", t.org),
        ),
        (
            "claims to belong to an organization",
            format!("/organizations/{}/claims", t.org),
            "#claims-pending".to_owned(),
        ),
        (
            "connections",
            "/connections".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "member directory",
            "/directory".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "organization directory",
            "/organizations/directory".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "member directory, narrowed to an organization",
            format!("/directory?org_id={}", t.org),
            ".filter-chip".to_owned(),
        ),
        (
            "people you may know",
            "/people/suggestions".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "delete my account",
            "/profile/delete".to_owned(),
            "form[action='/profile/delete']".to_owned(),
        ),
        (
            "API tokens",
            "/settings/tokens".to_owned(),
            "form[action='/settings/tokens']".to_owned(),
        ),
        (
            "technology directory",
            "/technology".to_owned(),
            "form[action='/technology']".to_owned(),
        ),
        (
            "a listing",
            format!("/technology/listings/{}", t.listing),
            "main h1".to_owned(),
        ),
        (
            "a listing's history",
            format!("/technology/listings/{}/history", t.listing),
            "ol.history".to_owned(),
        ),
        (
            "propose a listing",
            "/technology/propose".to_owned(),
            "form[action='/technology/propose']".to_owned(),
        ),
        (
            "suggest an edit",
            format!("/technology/listings/{}/edit", t.listing),
            format!("form[action='/technology/listings/{}/edit']", t.listing),
        ),
        (
            "our use of a listing",
            format!("/technology/usage/{}/edit", t.usage),
            format!("form[action='/technology/usage/{}/edit']", t.usage),
        ),
        (
            "an organization's stack",
            format!("/organizations/{}/stack", t.org),
            "form[action$='/confirm']".to_owned(),
        ),
        (
            "compare listings",
            format!(
                "/technology/compare?ids={}&ids={}",
                t.listing, t.second_listing
            ),
            "table.compare".to_owned(),
        ),
        (
            "records to confirm",
            "/technology/confirm".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "import a stack file",
            format!("/organizations/{}/stack/import", t.org),
            "input[type='file']".to_owned(),
        ),
        (
            "municipalities like mine",
            "/technology/peers".to_owned(),
            "main h1".to_owned(),
        ),
        (
            "a usage record and its timeline",
            format!("/technology/usage/{}", t.usage),
            format!("form[action='/technology/usage/{}/timeline']", t.usage),
        ),
        (
            "a listing with reviews",
            format!("/technology/listings/{}", t.listing),
            "#reviews form[action$='/helpful']".to_owned(),
        ),
        (
            "write a review",
            format!("/technology/listings/{}/review", t.listing),
            format!("form[action='/technology/listings/{}/review']", t.listing),
        ),
        (
            "a review's versions",
            format!("/technology/reviews/{}/history", t.review),
            "ol.history".to_owned(),
        ),
        (
            "report a review",
            format!("/technology/reviews/{}/report", t.review),
            format!("form[action='/technology/reviews/{}/report']", t.review),
        ),
        (
            "discussions",
            "/threads".to_owned(),
            "form[action='/threads']".to_owned(),
        ),
        (
            "a category of discussions",
            format!("/threads/c/{}", t.category),
            format!("form[action='/threads/c/{}']", t.category),
        ),
        (
            "a discussion",
            format!("/threads/{}", t.thread),
            "ol.posts".to_owned(),
        ),
        (
            "start a discussion",
            "/threads/new".to_owned(),
            "form[action='/threads/new']".to_owned(),
        ),
        (
            "reply, quoting",
            format!("/threads/{}/reply?to={}&quote=1", t.thread, t.question),
            format!("form[action='/threads/{}/reply']", t.thread),
        ),
        (
            "edit a post",
            format!("/posts/{}/edit", t.reply),
            format!("form[action='/posts/{}/edit']", t.reply),
        ),
        (
            "a post's versions",
            format!("/posts/{}/history", t.question),
            "ol.history".to_owned(),
        ),
        (
            "flag a post",
            format!("/posts/{}/flag", t.question),
            format!("form[action='/posts/{}/flag']", t.question),
        ),
        (
            "notifications",
            "/notifications".to_owned(),
            "main h1".to_owned(),
        ),
    ] {
        visit(c, &app, &path, &marker).await?;
        audit.check(label).await?;
    }
    // A token made: the secret shown once, and the list.
    visit(
        c,
        &app,
        "/settings/tokens",
        "form[action='/settings/tokens']",
    )
    .await?;
    c.find(Locator::Id("f-name"))
        .await?
        .send_keys("Stack importer")
        .await?;
    submit(c, "form[action='/settings/tokens'] button[type='submit']").await?;
    wait_for(c, "#created-token").await?;
    audit.check("API tokens, a new token shown").await?;
    // The step-down confirmation, opened.
    visit(
        c,
        &app,
        &format!("/organizations/{}", t.org),
        "#step-down summary",
    )
    .await?;
    c.find(Locator::Css("#step-down summary"))
        .await?
        .click()
        .await?;
    wait_for(c, "#step-down[open]").await?;
    audit
        .check("organization page, step-down confirmation open")
        .await?;
    visit(c, &app, "/profile/edit", "form[action='/profile/edit']").await?;
    let handle = c.find(Locator::Id("f-handle")).await?;
    handle.clear().await?;
    handle.send_keys("no spaces allowed").await?;
    submit(c, "form[action='/profile/edit'] button[type='submit']").await?;
    wait_for(c, "#error-summary").await?;
    audit.check("edit my profile, with errors").await?;
    let edit_org = format!("/organizations/{}/edit", t.org);
    let edit_form = format!("form[action='{edit_org}']");
    visit(c, &app, &edit_org, &edit_form).await?;
    let website = c.find(Locator::Id("f-website")).await?;
    website.clear().await?;
    website.send_keys("not a web address").await?;
    submit(c, &format!("{edit_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit
        .check("edit an organization's page, with errors")
        .await?;
    // The technology directory's forms: a near name, errors, and the renewals radar.
    visit(
        c,
        &app,
        "/technology/propose",
        "form[action='/technology/propose']",
    )
    .await?;
    c.find(Locator::Id("f-name"))
        .await?
        .send_keys("ArcGis Entreprise")
        .await?;
    c.find(Locator::Id("f-vendor_name"))
        .await?
        .send_keys("Esri")
        .await?;
    c.find(Locator::Css("input[name='functions']"))
        .await?
        .click()
        .await?;
    submit(
        c,
        "form[action='/technology/propose'] button[type='submit']",
    )
    .await?;
    wait_for(c, "#near-title").await?;
    audit.check("propose a listing, did you mean").await?;
    visit(
        c,
        &app,
        "/technology/propose",
        "form[action='/technology/propose']",
    )
    .await?;
    submit(
        c,
        "form[action='/technology/propose'] button[type='submit']",
    )
    .await?;
    wait_for(c, "#error-summary").await?;
    audit.check("propose a listing, with errors").await?;
    let usage_form = format!("form[action='/technology/usage/{}/edit']", t.usage);
    visit(
        c,
        &app,
        &format!("/technology/usage/{}/edit", t.usage),
        &usage_form,
    )
    .await?;
    let users = c.find(Locator::Id("f-users")).await?;
    users.clear().await?;
    users.send_keys("many").await?;
    submit(c, &format!("{usage_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit.check("our use of a listing, with errors").await?;
    visit(
        c,
        &app,
        "/technology/renewals",
        "form[action='/technology/renewals']",
    )
    .await?;
    wait_for(c, "ul.directory-list li").await?;
    audit.check("renewals radar").await?;
    visit(
        c,
        &app,
        &format!("/organizations/{}/stack/import", t.org),
        "input[type='file']",
    )
    .await?;
    submit(
        c,
        &format!(
            "form[action='/organizations/{}/stack/import'] button[type='submit']",
            t.org
        ),
    )
    .await?;
    wait_for(c, "#error-summary").await?;
    audit.check("import a stack file, refused").await?;
    let timeline_form = format!("form[action='/technology/usage/{}/timeline']", t.usage);
    visit(
        c,
        &app,
        &format!("/technology/usage/{}", t.usage),
        &timeline_form,
    )
    .await?;
    submit(c, &format!("{timeline_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit
        .check("a usage record's timeline, with errors")
        .await?;
    let review_form = format!("form[action='/technology/listings/{}/review']", t.listing);
    visit(
        c,
        &app,
        &format!("/technology/listings/{}/review", t.listing),
        &review_form,
    )
    .await?;
    submit(c, &format!("{review_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit.check("write a review, with errors").await?;
    let report_form = format!("form[action='/technology/reviews/{}/report']", t.review);
    visit(
        c,
        &app,
        &format!("/technology/reviews/{}/report", t.review),
        &report_form,
    )
    .await?;
    submit(c, &format!("{report_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit.check("report a review, with errors").await?;
    submit(c, "form[action='/logout'] button[type='submit']").await?;
    wait_for(c, "#status .notice").await?;
    audit.check("log in, after logging out").await?;

    log_in(c, &app, ASSOCIATION_ADMIN, "/").await?;
    audit.check("home, association administrator").await?;
    log_out(c).await?;

    // The vendor's member answers a review.
    log_in(c, &app, VENDOR, "/").await?;
    let response_form = format!("form[action='/technology/reviews/{}/response']", t.review);
    visit(
        c,
        &app,
        &format!("/technology/reviews/{}/response", t.review),
        &response_form,
    )
    .await?;
    audit.check("respond to a review").await?;
    let field = c.find(Locator::Id("f-response")).await?;
    field.clear().await?;
    submit(c, &format!("{response_form} button[type='submit']")).await?;
    wait_for(c, "#error-summary").await?;
    audit.check("respond to a review, with errors").await?;
    log_out(c).await?;

    // A lapsed member is sent to the renewal notice.
    log_in(c, &app, LAPSED, "/renew").await?;
    audit.check("renew, lapsed member").await?;
    log_out(c).await?;

    // The site administrator.
    log_in(c, &app, ADMIN, "/").await?;
    audit.check("home, site administrator").await?;
    for (label, path, marker) in [
        (
            "join requests",
            "/admin/join-requests".to_owned(),
            "form[action^='/admin/join-requests/']".to_owned(),
        ),
        (
            "invitations",
            "/admin/invites".to_owned(),
            "form[action='/admin/invites']".to_owned(),
        ),
        (
            "members",
            "/admin/members".to_owned(),
            "form[action='/admin/members']".to_owned(),
        ),
        (
            "member",
            format!("/admin/members/{}", t.member),
            format!("form[action='/admin/members/{}']", t.member),
        ),
        (
            "organizations",
            "/admin/organizations".to_owned(),
            "form[action='/admin/organizations']".to_owned(),
        ),
        (
            "organization",
            format!("/admin/organizations/{}", t.org),
            format!("form[action='/admin/organizations/{}']", t.org),
        ),
        (
            "associations",
            "/admin/associations".to_owned(),
            "form[action='/admin/associations']".to_owned(),
        ),
        (
            "audit log",
            "/admin/audit".to_owned(),
            "form[action='/admin/audit']".to_owned(),
        ),
        (
            "review queue",
            "/technology/review".to_owned(),
            "form[action$='/approve']".to_owned(),
        ),
        (
            "a listing's history, moderator",
            format!("/technology/listings/{}/history", t.listing),
            "ol.history".to_owned(),
        ),
        (
            "reported reviews",
            "/technology/reports".to_owned(),
            "form[action$='/hide']".to_owned(),
        ),
    ] {
        visit(c, &app, &path, &marker).await?;
        audit.check(label).await?;
    }

    visit(c, &app, "/admin/invites", "form[action='/admin/invites']").await?;
    submit(c, "form[action='/admin/invites'] button[type='submit']").await?;
    wait_for(c, "#created-link").await?;
    audit.check("invitations, link just created").await?;

    visit(c, &app, "/admin/invites", "form[action='/admin/invites']").await?;
    let uses = c.find(Locator::Id("f-max_uses")).await?;
    uses.clear().await?;
    uses.send_keys("0").await?;
    submit(c, "form[action='/admin/invites'] button[type='submit']").await?;
    wait_for(c, "#error-summary").await?;
    audit.check("invitations, form with errors").await?;

    visit(
        c,
        &app,
        "/admin/organizations",
        "form[action='/admin/organizations']",
    )
    .await?;
    submit(
        c,
        "form[action='/admin/organizations'] button[type='submit']",
    )
    .await?;
    wait_for(c, "#error-summary").await?;
    audit.check("organizations, form with errors").await?;

    let result = audit.finish();
    browser.close().await;
    result
}

/// Runs axe on page after page and keeps what it finds, so that one run reports everything.
struct Audit<'a> {
    axe: &'a Axe,
    client: &'a Client,
    lang: &'a str,
    findings: Vec<String>,
    /// Elements whose "needs review" result is accepted in [`REVIEWED`].
    reviewed: usize,
    pages: usize,
    version: String,
}

impl Audit<'_> {
    async fn check(&mut self, label: &str) -> TestResult {
        let url = self.client.current_url().await?;
        let page = format!("{} ({label})", url.path());
        let html_lang = self
            .client
            .execute(
                "return document.documentElement.getAttribute('lang');",
                vec![],
            )
            .await?;
        let html_lang = html_lang.as_str().unwrap_or_default();
        // Each page is in the language the browser asked for, and says so.
        anyhow::ensure!(
            html_lang == self.lang,
            "{page}: <html lang={html_lang:?}>, but the browser asked for {:?}",
            self.lang
        );
        let report: AxeReport = self.axe.run(self.client).await?;
        self.pages += 1;
        self.version = report.version;
        for v in &report.violations {
            self.findings.push(describe(&page, v));
        }
        for v in &report.incomplete {
            let (accepted, open): (Vec<_>, Vec<_>) = v.nodes.iter().cloned().partition(|n| {
                REVIEWED
                    .iter()
                    .any(|(rule, html, _)| *rule == v.id && n.html.contains(html))
            });
            self.reviewed += accepted.len();
            if !open.is_empty() {
                let open = Violation {
                    nodes: open,
                    ..v.clone()
                };
                self.findings
                    .push(describe(&format!("{page} [needs review]"), &open));
            }
        }
        Ok(())
    }

    fn finish(self) -> TestResult {
        eprintln!(
            "axe-core {} checked {} pages in {:?}: {} problems, {} reviewed and accepted",
            self.version,
            self.pages,
            self.lang,
            self.findings.len(),
            self.reviewed
        );
        anyhow::ensure!(
            self.findings.is_empty(),
            "axe-core {} found WCAG 2.1 A/AA problems in {:?}:\n\n{}",
            self.version,
            self.lang,
            self.findings.join("\n")
        );
        Ok(())
    }
}

fn describe(page: &str, v: &Violation) -> String {
    let mut s = format!(
        "{page}: {} ({}): {}\n  {}\n",
        v.id,
        v.impact.as_deref().unwrap_or("no impact given"),
        v.help,
        v.help_url
    );
    for n in &v.nodes {
        s.push_str(&format!("  - {}\n    {}\n", n.target.join(" "), n.html));
        if let Some(summary) = &n.failure_summary {
            for line in summary.lines() {
                s.push_str(&format!("      {line}\n"));
            }
        }
    }
    s
}

/// Opens `path` and waits for `marker`, so that a redirect or an error page in its place fails
/// here rather than being audited as the wrong page.
async fn visit(c: &Client, app: &TestApp, path: &str, marker: &str) -> TestResult {
    c.goto(&app.url(path)).await?;
    let url = c.current_url().await?;
    let wanted = path.split('?').next().unwrap_or(path);
    anyhow::ensure!(url.path() == wanted, "opening {path} led to {url}");
    wait_for(c, marker).await
}

async fn wait_for(c: &Client, css: &str) -> TestResult {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| anyhow::anyhow!("no {css} on the page: {e}"))?;
    Ok(())
}

/// Logs in through the form and checks where it lands.
async fn log_in(c: &Client, app: &TestApp, email: &str, lands_on: &str) -> TestResult {
    visit(c, app, "/login", "form[action='/login']").await?;
    c.find(Locator::Id("f-email"))
        .await?
        .send_keys(email)
        .await?;
    c.find(Locator::Id("f-password"))
        .await?
        .send_keys(PASSWORD)
        .await?;
    submit(c, "form[action='/login'] button[type='submit']").await?;
    let url = c.current_url().await?;
    anyhow::ensure!(
        url.path() == lands_on,
        "{email} landed on {url}, not {lands_on}"
    );
    wait_for(c, "main h1").await
}

async fn log_out(c: &Client) -> TestResult {
    submit(c, "form[action='/logout'] button[type='submit']").await
}

/// The focused element, as the keyboard test checks it.
#[derive(Debug, Deserialize)]
struct Focused {
    tag: String,
    id: String,
    href: String,
    class: String,
    label: String,
    /// Whether `:focus-visible` matches and the element draws an outline or a halo.
    visible: bool,
}

const DESCRIBE_FOCUS: &str = r#"
const e = document.activeElement;
const s = getComputedStyle(e);
const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
const halo = s.boxShadow !== "none";
return {
  tag: e.tagName.toLowerCase(),
  id: e.id || "",
  href: e.getAttribute("href") || "",
  class: e.getAttribute("class") || "",
  label: e.getAttribute("aria-label") || (e.innerText || "").trim(),
  visible: e.matches(":focus-visible") && (outline || halo),
};
"#;

async fn focused(c: &Client) -> anyhow::Result<Focused> {
    Ok(serde_json::from_value(
        c.execute(DESCRIBE_FOCUS, vec![]).await?,
    )?)
}

/// Sends keys to whatever has focus, as a keyboard does.
/// Types `keys` as a keyboard does, into whatever has focus. Key actions rather than an
/// element's `send_keys`, which ChromeDriver treats as a file path on a file input.
async fn press(c: &Client, keys: &str) -> TestResult {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".to_owned());
    for ch in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: ch })
            .then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await?;
    Ok(())
}

/// Tab, then check that focus landed somewhere visible.
async fn tab(c: &Client) -> anyhow::Result<Focused> {
    press(c, &Key::Tab).await?;
    let f = focused(c).await?;
    anyhow::ensure!(f.visible, "focus on {f:?} is not visible");
    Ok(f)
}

/// Log in and approve a join request with the keyboard alone: no clicks anywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_admin_logs_in_and_approves() -> TestResult {
    let app = TestApp::spawn(TestBackend::Sqlite).await;
    app.site_admin(ADMIN).await;
    let hash = app
        .accounts
        .hash_password(&Password::parse(PASSWORD)?)
        .await?;
    let joiner = EmailAddress::parse(JOINER)?;
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
    let Some(browser) = Browser::start_with_lang("en").await else {
        return Ok(());
    };
    let c = &browser.client;
    c.goto(&app.url("/login?next=/admin/join-requests")).await?;
    wait_for(c, "form[action='/login']").await?;

    // The first Tab reaches the skip link, and following it puts focus on the main content.
    let f = tab(c).await?;
    anyhow::ensure!(
        f.tag == "a" && f.href == "#main" && f.class.contains("skip-link"),
        "the first Tab focused {f:?}, not the skip link"
    );
    press(c, &Key::Enter).await?;
    let f = focused(c).await?;
    anyhow::ensure!(
        f.id == "main",
        "the skip link moved focus to {f:?}, not main"
    );

    // From the main content, the form: email, password, Enter.
    let f = tab(c).await?;
    anyhow::ensure!(
        f.id == "f-email",
        "Tab from main focused {f:?}, not the email field"
    );
    press(c, ADMIN).await?;
    let f = tab(c).await?;
    anyhow::ensure!(
        f.id == "f-password",
        "Tab from email focused {f:?}, not the password field"
    );
    press(c, PASSWORD).await?;
    c.execute("window.civiclinkOldPage = true; return null;", vec![])
        .await?;
    press(c, &Key::Enter).await?;
    wait_for_new_page(c).await?;
    let url = c.current_url().await?;
    anyhow::ensure!(
        url.path() == "/admin/join-requests",
        "after logging in with the keyboard: {url}"
    );

    // Tab through the page to the request's Approve button; every stop must show its focus.
    let mut stops = Vec::new();
    loop {
        let f = tab(c).await?;
        if f.tag == "button" && f.label == "Approve Ngaio Parata" {
            break;
        }
        stops.push(format!("{} {:?}", f.tag, f.label));
        anyhow::ensure!(
            stops.len() < 40,
            "no Approve button within 40 Tabs: {stops:?}"
        );
    }
    c.execute("window.civiclinkOldPage = true; return null;", vec![])
        .await?;
    press(c, &Key::Enter).await?;
    wait_for_new_page(c).await?;

    let status = c.find(Locator::Css("#status")).await?.text().await?;
    anyhow::ensure!(
        status.contains("Ngaio Parata") && status.contains("approved"),
        "status says {status:?}"
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

/// With the keyboard alone, a member logs in, opens "My profile" from the navigation, goes to
/// the editor, changes their job title and saves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_member_edits_their_profile() -> TestResult {
    let app = TestApp::spawn(TestBackend::Sqlite).await;
    let member = app.member(MEMBER, Role::Member).await;
    let Some(browser) = Browser::start_with_lang("en").await else {
        return Ok(());
    };
    let c = &browser.client;
    c.goto(&app.url("/login")).await?;
    wait_for(c, "form[action='/login']").await?;
    tab(c).await?;
    press(c, &Key::Enter).await?;
    let f = tab(c).await?;
    anyhow::ensure!(f.id == "f-email", "Tab from main focused {f:?}");
    press(c, MEMBER).await?;
    tab(c).await?;
    press(c, PASSWORD).await?;
    c.execute("window.civiclinkOldPage = true; return null;", vec![])
        .await?;
    press(c, &Key::Enter).await?;
    wait_for_new_page(c).await?;

    // Tab to "My profile" in the navigation and follow it, then to the editor's link.
    for (target, wanted) in [
        ("/profile", "a[href='/profile']"),
        ("/profile/edit", "a[href='/profile/edit']"),
    ] {
        let mut stops = 0;
        loop {
            let f = tab(c).await?;
            if f.tag == "a" && f.href == target {
                break;
            }
            stops += 1;
            anyhow::ensure!(stops < 40, "no link to {target} within 40 Tabs ({wanted})");
        }
        c.execute("window.civiclinkOldPage = true; return null;", vec![])
            .await?;
        press(c, &Key::Enter).await?;
        wait_for_new_page(c).await?;
    }
    let url = c.current_url().await?;
    anyhow::ensure!(
        url.path() == "/profile/edit",
        "the editor did not open: {url}"
    );

    // Tab to the job title, type, and submit with Enter.
    let mut stops = 0;
    loop {
        let f = tab(c).await?;
        if f.id == "f-job_title" {
            break;
        }
        stops += 1;
        anyhow::ensure!(stops < 40, "no job title field within 40 Tabs");
    }
    press(c, "Keyboard Analyst").await?;
    c.execute("window.civiclinkOldPage = true; return null;", vec![])
        .await?;
    press(c, &Key::Enter).await?;
    wait_for_new_page(c).await?;
    let status = c.find(Locator::Css("#status")).await?.text().await?;
    anyhow::ensure!(status.contains("saved"), "status says {status:?}");
    let profile = app.people.profile(member).await?;
    assert_eq!(profile.job_title, "Keyboard Analyst");
    browser.close().await;
    Ok(())
}
