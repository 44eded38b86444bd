//! Discussion threads: categories, opening a thread about listings, replying and quoting,
//! lists with a cursor, a question's accepted answer, edits with their versions, and what bad
//! input gets. Private categories have their own file (`threads_private.rs`).

use civiclink_domain::Role;
use civiclink_tests::{
    Client, PASSWORD, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of,
    str_of,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

both_backends!(
    threads_are_opened_answered_and_edited,
    bad_thread_input_is_refused_and_writes_nothing,
    lists_follow_a_cursor_and_filter,
    thread_pages_work_without_javascript,
    concurrent_replies_and_edits_lose_nothing,
    lists_count_what_is_new_since_the_last_visit,
);

/// A site administrator, a moderator, two members, the category "GIS and mapping" and a
/// published listing, Cityworks; returns the clients and the listing's and category's ids.
pub(crate) struct World {
    pub root: Client,
    pub moderator: Client,
    pub ada: Client,
    pub bob: Client,
    pub category: String,
    pub slug: String,
    pub listing: String,
}

pub(crate) async fn world(app: &TestApp) -> World {
    app.site_admin("root@civiclink.test").await;
    app.member("mod@kingston.test", Role::Moderator).await;
    app.member("ada@kingston.test", Role::Member).await;
    app.member("bob@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let r = root
        .api_post(
            "/api/v1/categories",
            &json!({ "name": "GIS and mapping", "description": "Maps, layers and parcels." }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a category");
    let c: Value = r.json().await.unwrap();
    let r = root
        .api_post(
            "/api/v1/business-functions",
            &json!({ "name": "Asset management" }),
        )
        .await;
    let function = str_of(&r.json::<Value>().await.unwrap()["id"]);
    let r = root
        .api_post(
            "/api/v1/listings",
            &json!({ "name": "Cityworks", "vendor_name": "Trimble", "kind": "software",
                     "functions": [function], "confirm_new": true }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a listing");
    let listing = str_of(&r.json::<Value>().await.unwrap()["listing_id"]);
    World {
        moderator: app.signed_in("mod@kingston.test").await,
        ada: app.signed_in("ada@kingston.test").await,
        bob: app.signed_in("bob@kingston.test").await,
        root,
        category: str_of(&c["id"]),
        slug: str_of(&c["slug"]),
        listing,
    }
}

/// Opens a thread as `client` and returns its answer.
pub(crate) async fn open(client: &mut Client, body: &Value) -> Value {
    let r = client.api_post("/api/v1/threads", body).await;
    assert_eq!(r.status(), StatusCode::CREATED, "open {body}");
    r.json().await.unwrap()
}

async fn threads_are_opened_answered_and_edited(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut root,
        mut moderator,
        mut ada,
        mut bob,
        category,
        slug,
        listing,
    } = world(&app).await;

    // Categories: administrators make them, once per name; members list them.
    let r = ada
        .api_post("/api/v1/categories", &json!({ "name": "Mine" }))
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = root
        .api_post("/api/v1/categories", &json!({ "name": "gis  AND mapping" }))
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let cats = ada.get_json("/api/v1/categories", StatusCode::OK).await;
    assert_eq!(cats.as_array().map(Vec::len), Some(1));
    assert_eq!(cats[0]["slug"], "gis-and-mapping");
    assert!(str_of(&cats[0]["url"]).ends_with("/threads/c/gis-and-mapping"));
    assert_eq!(cats[0]["threads"], 0);

    // Ada asks a question about Cityworks.
    let q = open(
        &mut ada,
        &json!({ "category": category, "kind": "question",
                 "title": "Storm water asset hierarchy in Cityworks?",
                 "text": "How do you model **catch basins**?\n\n| a | b |\n|---|---|\n| 1 | 2 |",
                 "tags": ["Storm Water, cityworks", "GIS"], "listings": [listing] }),
    )
    .await;
    let thread = str_of(&q["id"]);
    assert_eq!(q["kind"], "question");
    assert_eq!(q["replies"], 0);
    assert_eq!(q["answered"], false);
    assert_eq!(q["tags"], json!(["cityworks", "gis", "storm-water"]));
    assert_eq!(q["listings"][0]["name"], "Cityworks");
    assert!(str_of(&q["url"]).ends_with(&format!("/threads/{thread}")));
    let first = &q["posts"][0];
    assert_eq!(first["number"], 1);
    assert!(str_of(&first["html"]).contains("<strong>catch basins</strong>"));
    assert!(str_of(&first["html"]).contains("<table>"));
    assert!(str_of(&first["url"]).ends_with(&format!(
        "/threads/{thread}#post-{}",
        first["id"].as_str().unwrap()
    )));
    let first_id = str_of(&first["id"]);

    // Bob replies to it, quoting; Ada follows up.
    let r = bob
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "> catch basins\n\nAs assets under the main.", "reply_to": first_id }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let answer: Value = r.json().await?;
    assert_eq!(answer["number"], 2);
    assert_eq!(answer["reply_to"]["number"], 1);
    assert!(str_of(&answer["html"]).contains("<blockquote>"));
    let answer_id = str_of(&answer["id"]);
    let r = ada
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "Thanks!" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let thanks_id = str_of(&r.json::<Value>().await?["id"]);
    // A reply to a post of another thread is refused.
    let other = open(
        &mut bob,
        &json!({ "category": category, "title": "Parcel fabric", "text": "Anyone?" }),
    )
    .await;
    assert_eq!(other["kind"], "discussion");
    let r = bob
        .api_post(
            &format!("/api/v1/threads/{}/posts", str_of(&other["id"])),
            &json!({ "text": "x", "reply_to": first_id }),
        )
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "reply_to");

    // Only the question's author or a moderator accepts, and only a reply.
    let answer_body = json!({ "post": answer_id });
    let r = bob
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &answer_body,
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = ada
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &json!({ "post": first_id }),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = bob
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{}/answer", str_of(&other["id"])),
            &json!({ "post": null }),
        )
        .await;
    assert_error(r, StatusCode::CONFLICT, "conflict").await;
    let r = ada
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &answer_body,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await?;
    assert_eq!(t["answered"], true);
    assert_eq!(t["accepted"], answer_id);
    assert_eq!(t["replies"], 2);
    assert_eq!(t["posts"][1]["accepted"], true);
    assert_eq!(t["posts"][2]["accepted"], false);
    // Accepting it again tells nobody anything twice.
    let events = app.count("events").await;
    let r = ada
        .api(
            reqwest::Method::PUT,
            &format!("/api/v1/threads/{thread}/answer"),
            &answer_body,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.count("events").await, events);

    // Edits: the author's own, with a new title; nobody else's but a moderator's, who says why.
    let r = ada
        .api_patch(
            &format!("/api/v1/posts/{first_id}"),
            &json!({ "text": "How do you model catch basins and outfalls?",
                     "title": "Storm water hierarchy in Cityworks" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let edited: Value = r.json().await?;
    assert_eq!(edited["edits"], 1);
    assert!(str_of(&edited["html"]).contains("outfalls"));
    let r = bob
        .api_patch(
            &format!("/api/v1/posts/{thanks_id}"),
            &json!({ "text": "Mine now" }),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = moderator
        .api_patch(
            &format!("/api/v1/posts/{thanks_id}"),
            &json!({ "text": "Thank you!" }),
        )
        .await;
    let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(e["field"], "reason");
    let audits = app.count("audit_log").await;
    let r = moderator
        .api_patch(
            &format!("/api/v1/posts/{thanks_id}"),
            &json!({ "text": "Thank you!", "reason": "Tone" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(app.count("audit_log").await, audits + 1);
    let versions = bob
        .get_json(
            &format!("/api/v1/posts/{first_id}/revisions"),
            StatusCode::OK,
        )
        .await;
    let versions = versions.as_array().cloned().unwrap_or_default();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["number"], 1);
    assert!(str_of(&versions[0]["text"]).contains("**catch basins**"));
    assert_eq!(versions[1]["title"], "Storm water hierarchy in Cityworks");
    let t = bob
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    assert_eq!(t["title"], "Storm water hierarchy in Cityworks");
    assert_eq!(t["posts"][0]["edits"], 1);
    assert_eq!(t["posts"][2]["text"], "Thank you!");

    // The category counts its threads; the listing's threads are the ones about it.
    let cats = bob.get_json("/api/v1/categories", StatusCode::OK).await;
    assert_eq!(cats[0]["threads"], 2);
    let about = bob
        .get_json(
            &format!("/api/v1/threads?listing={listing}"),
            StatusCode::OK,
        )
        .await;
    let ids: Vec<String> = about["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| str_of(&t["id"]))
        .collect();
    assert_eq!(ids, vec![thread.clone()]);
    let in_cat = bob
        .get_json(&format!("/api/v1/threads?category={slug}"), StatusCode::OK)
        .await;
    assert_eq!(in_cat["threads"].as_array().map(Vec::len), Some(2));

    // Every event of it is on the outbox, typed.
    let kinds: Vec<String> = civiclink_store::on_db!(app.db, p => civiclink_store::sqlx::query_scalar(
        "SELECT kind FROM events WHERE kind LIKE 'thread.%' OR kind LIKE 'post.%' \
         OR kind LIKE 'category.%' ORDER BY position",
    )
    .fetch_all(p)
    .await)?;
    assert_eq!(
        kinds,
        vec![
            "category.created",
            "thread.created",
            "post.created",
            "post.created",
            "thread.created",
            "thread.answer_accepted",
            "post.edited",
            "post.edited",
        ]
    );
    Ok(())
}

async fn bad_thread_input_is_refused_and_writes_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut ada,
        category,
        listing,
        ..
    } = world(&app).await;
    let good = json!({ "category": category, "title": "Exchange to 365", "text": "How?" });
    let thread = open(&mut ada, &good).await;
    let thread = str_of(&thread["id"]);
    let before = app.contents().await;
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    let megabyte = "x".repeat(1_000_000);
    for (body, field) in [
        (with("title", json!("  ")), "title"),
        (with("title", json!("t".repeat(201))), "title"),
        (with("title", json!("a\u{7}b")), "title"),
        (with("text", json!("")), "text"),
        (with("text", json!(megabyte)), "text"),
        (with("category", json!("")), "category"),
        (
            with("category", json!(uuid::Uuid::now_v7().to_string())),
            "category",
        ),
        (with("category", json!("gis")), "category"),
        (with("kind", json!("poll")), "kind"),
        (with("tags", json!(["a", "b", "c", "d", "e", "f"])), "tags"),
        (with("tags", json!(["!!!"])), "tags"),
        (
            with("listings", json!([uuid::Uuid::now_v7().to_string()])),
            "listings",
        ),
        (with("listings", json!(["not-an-id"])), "listings"),
        (
            with("orgs", json!([uuid::Uuid::now_v7().to_string()])),
            "orgs",
        ),
    ] {
        let r = ada.api_post("/api/v1/threads", &body).await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(
            e["field"],
            field,
            "{}",
            body.to_string().chars().take(200).collect::<String>()
        );
    }
    for text in ["", " \n ", megabyte.as_str()] {
        let r = ada
            .api_post(
                &format!("/api/v1/threads/{thread}/posts"),
                &json!({ "text": text }),
            )
            .await;
        let e = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(e["field"], "text");
    }
    // Over the body ceiling, refused by its length before it is read.
    let cookie = app.session_cookie("ada@kingston.test", PASSWORD).await?;
    let token = reqwest::Client::new()
        .get(app.url("/api/v1/session"))
        .header(header::COOKIE, &cookie)
        .send()
        .await?
        .json::<Value>()
        .await?["csrf_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let two = serde_json::to_vec(&json!({ "text": "x".repeat(2_000_000) }))?;
    let status = app
        .status_for_body(
            "POST",
            &format!("/api/v1/threads/{thread}/posts"),
            &[
                ("Cookie", &cookie),
                ("X-CSRF-Token", &token),
                ("Content-Type", "application/json"),
            ],
            two,
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Not JSON at all, and an id that is not one.
    let r = ada
        .api_post(
            "/api/v1/threads/not-a-thread/posts",
            &json!({ "text": "x" }),
        )
        .await;
    assert!(r.status().is_client_error());
    let r = ada
        .api_post(
            &format!("/api/v1/threads/{}/posts", uuid::Uuid::now_v7()),
            &json!({ "text": "x" }),
        )
        .await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    // Broken markdown is still a post; its HTML is well-formed and safe.
    assert_eq!(app.contents().await, before, "a refusal wrote something");
    let r = ada
        .api_post(
            &format!("/api/v1/threads/{thread}/posts"),
            &json!({ "text": "**unclosed [link](http://x.test <b>bold\n```\nno end" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let html = str_of(&r.json::<Value>().await?["html"]);
    assert!(!html.contains("<b>"), "{html}");

    // Hostile markup in every field a member writes comes back inert.
    for payload in XSS {
        let t = open(
            &mut ada,
            &json!({ "category": category, "title": format!("t {payload}"),
                     "text": format!("p {payload}"),
                     "tags": [payload.chars().take(24).collect::<String>()],
                     "listings": [listing] }),
        )
        .await;
        let html = str_of(&t["posts"][0]["html"]);
        assert_inert(&html, payload);
        let page = ada.get(&format!("/threads/{}", str_of(&t["id"]))).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert_inert(main_of(&page.text().await?), payload);
        let list = ada.get("/threads").await.text().await?;
        assert_inert(main_of(&list), payload);
    }
    Ok(())
}

/// Every tag of `html` (text escapes `<`, so each `<` opens one): none may be a script, a
/// frame, an image, SVG or MathML, carry an event handler or a style, or point at a
/// `javascript:` address.
pub(crate) fn assert_inert(html: &str, payload: &str) {
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default().to_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ![
                "script", "iframe", "img", "svg", "math", "object", "embed", "body"
            ]
            .contains(&name.as_str()),
            "{payload} left <{tag}>"
        );
        let attrs = tag.split_whitespace().skip(1);
        for attr in attrs {
            let attr = attr.trim_start_matches('/');
            assert!(
                !(attr.starts_with("on") && attr.contains('=')),
                "{payload} left a handler in <{tag}>"
            );
            assert!(
                !attr.starts_with("style="),
                "{payload} left a style in <{tag}>"
            );
        }
        assert!(
            !tag.contains("javascript:") && !tag.contains("jav&#x09;ascript"),
            "{payload} left a script address in <{tag}>"
        );
    }
}

/// What a page's `<main>` holds: members' writing, without the frame's own tags.
pub(crate) fn main_of(page: &str) -> &str {
    let start = page.find("<main").unwrap_or(0);
    let end = page.rfind("</main>").unwrap_or(page.len());
    &page[start..end]
}

/// Payloads from the OWASP XSS filter evasion cheat sheet.
pub(crate) const XSS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "[click](javascript:alert(1))",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "\"><script>alert(1)</script>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
];

async fn lists_follow_a_cursor_and_filter(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut ada,
        mut bob,
        category,
        listing,
        ..
    } = world(&app).await;
    let mut opened = Vec::new();
    for i in 0..7 {
        let kind = if i % 2 == 0 { "question" } else { "discussion" };
        let t = open(
            &mut ada,
            &json!({ "category": category, "kind": kind, "title": format!("Thread {i}"),
                     "text": "Body", "tags": if i < 3 { vec!["vmware"] } else { vec![] },
                     "listings": if i == 4 { vec![listing.clone()] } else { vec![] } }),
        )
        .await;
        opened.push(str_of(&t["id"]));
    }
    // A reply moves a thread to the top.
    let r = bob
        .api_post(
            &format!("/api/v1/threads/{}/posts", opened[1]),
            &json!({ "text": "Bump" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let mut expected: Vec<String> = opened.iter().rev().cloned().collect();
    expected.retain(|t| *t != opened[1]);
    expected.insert(0, opened[1].clone());

    // Page by page, following Link, every thread once, in order.
    let mut seen: Vec<String> = Vec::new();
    let mut next = Some(app.url("/api/v1/threads?limit=3"));
    let mut pages = 0;
    while let Some(url) = next {
        let path = url.trim_start_matches(&app.url(""));
        let r = bob.get(&format!("/{}", path.trim_start_matches('/'))).await;
        assert_eq!(r.status(), StatusCode::OK);
        let link = header_of(&r, header::LINK);
        let page: Value = r.json().await?;
        for t in page["threads"].as_array().unwrap() {
            seen.push(str_of(&t["id"]));
        }
        next = if link.is_empty() {
            assert!(page["next"].is_null());
            None
        } else {
            assert!(link.ends_with("rel=\"next\""), "{link}");
            Some(
                link.trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap()
                    .to_owned(),
            )
        };
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, expected);

    let ids = |v: &Value| -> Vec<String> {
        v["threads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| str_of(&t["id"]))
            .collect()
    };
    let tagged = bob
        .get_json("/api/v1/threads?tag=VMware", StatusCode::OK)
        .await;
    assert_eq!(
        ids(&tagged),
        vec![opened[1].clone(), opened[2].clone(), opened[0].clone()]
    );
    let about = bob
        .get_json(
            &format!("/api/v1/threads?listing={listing}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(ids(&about), vec![opened[4].clone()]);
    let questions = bob
        .get_json(
            "/api/v1/threads?kind=question&unanswered=true",
            StatusCode::OK,
        )
        .await;
    assert_eq!(ids(&questions).len(), 4);
    let mine = bob
        .get_json("/api/v1/threads?mine=true", StatusCode::OK)
        .await;
    assert!(ids(&mine).is_empty());
    let mine = ada
        .get_json("/api/v1/threads?mine=1&limit=100", StatusCode::OK)
        .await;
    assert_eq!(ids(&mine).len(), 7);
    for bad in [
        "/api/v1/threads?cursor=nope",
        "/api/v1/threads?limit=0",
        "/api/v1/threads?limit=101",
        "/api/v1/threads?kind=poll",
        "/api/v1/threads?listing=nope",
        "/api/v1/threads?tag=%21%21",
    ] {
        let r = bob.get(bad).await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    }
    let r = bob.get("/api/v1/threads?category=nowhere").await;
    assert_error(r, StatusCode::NOT_FOUND, "not_found").await;
    Ok(())
}

async fn thread_pages_work_without_javascript(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut ada,
        mut bob,
        category,
        slug,
        listing,
        ..
    } = world(&app).await;

    // Opening a thread through the form, with a listing picked.
    let r = ada.get(&format!("/threads/new?listing={listing}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let form = r.text().await?;
    assert!(
        form.contains(&format!("value=\"{listing}\" selected")),
        "the listing is picked"
    );
    let r = ada
        .form_post(
            "/threads/new",
            &[
                ("category", &category),
                ("kind", "question"),
                ("title", ""),
                ("text", "Body"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let again = r.text().await?;
    assert!(again.contains("id=\"error-summary\""));
    assert!(again.contains("Body"), "what was typed is kept");
    let r = ada
        .form_post(
            "/threads/new",
            &[
                ("category", &category),
                ("kind", "question"),
                ("title", "Cityworks <b>licensing</b>?"),
                ("text", "Per seat or *per site*?"),
                ("tags", "licensing, cost"),
                ("listings", &listing),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = header_of(&r, header::LOCATION);
    assert!(to.starts_with("/threads/"), "{to}");
    let thread = to.trim_start_matches("/threads/").to_owned();

    // The thread's page: escaped title, rendered post, anchors, the reply form.
    let page = bob.get(&to).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await?;
    assert!(
        html.contains("Cityworks &#60;b&#62;licensing&#60;/b&#62;?"),
        "the title is escaped"
    );
    assert!(html.contains("<em>per site</em>"));
    assert!(html.contains("id=\"post-"));
    assert!(html.contains(&format!("action=\"/threads/{thread}/reply\"")));
    assert!(html.contains(&format!("/technology/listings/{listing}")));

    // Replying through the form lands on the reply's anchor.
    let first = bob
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await["posts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = bob
        .get(&format!("/threads/{thread}/reply?to={first}&quote=1"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let quoted = r.text().await?;
    assert!(
        quoted.contains("&#62; Per seat or *per site*?"),
        "the reply starts quoted"
    );
    let r = bob
        .form_post(
            &format!("/threads/{thread}/reply"),
            &[("text", "Per named user."), ("reply_to", &first)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = header_of(&r, header::LOCATION);
    assert!(to.starts_with(&format!("/threads/{thread}#post-")), "{to}");
    let reply = to.rsplit("#post-").next().unwrap().to_owned();
    let r = bob
        .form_post(&format!("/threads/{thread}/reply"), &[("text", " ")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Ada accepts it from the page; her edit keeps a version readers can open.
    let r = ada
        .form_post(&format!("/threads/{thread}/answer"), &[("post", &reply)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = ada.get(&format!("/threads/{thread}")).await.text().await?;
    assert!(html.contains("post-accepted"));
    let r = ada.get(&format!("/posts/{first}/edit")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = bob.get(&format!("/posts/{first}/edit")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = ada
        .form_post(
            &format!("/posts/{first}/edit"),
            &[("text", "Per seat, or per site?"), ("title", "")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = bob.get(&format!("/threads/{thread}")).await.text().await?;
    assert!(html.contains(&format!("href=\"/posts/{first}/history\"")));
    assert!(html.contains("edited once"));
    let history = bob.get(&format!("/posts/{first}/history")).await;
    assert_eq!(history.status(), StatusCode::OK);
    let history = history.text().await?;
    assert!(history.contains("<em>per site</em>") && history.contains("Per seat, or per site?"));

    // The lists.
    for path in [
        "/threads".to_owned(),
        format!("/threads/c/{slug}"),
        format!("/threads?listing={listing}"),
        "/threads?tag=licensing".to_owned(),
        "/threads?kind=question&unanswered=1".to_owned(),
        "/threads?mine=1".to_owned(),
    ] {
        let r = ada.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await?;
        let listed = html.contains(&format!("/threads/{thread}\""));
        assert_eq!(listed, !path.contains("unanswered"), "{path}");
    }
    let r = ada.get("/threads/c/nowhere").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = ada.get(&format!("/threads/{thread}?page=0")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Ok(())
}

async fn concurrent_replies_and_edits_lose_nothing(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut ada, category, ..
    } = world(&app).await;
    let t = open(
        &mut ada,
        &json!({ "category": category, "title": "Busy thread", "text": "Go" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    let first = str_of(&t["posts"][0]["id"]);
    const WRITERS: usize = 8;
    const EACH: usize = 3;
    let mut clients = Vec::new();
    for i in 0..WRITERS {
        let email = format!("w{i}@kingston.test");
        app.member(&email, Role::Member).await;
        let mut c = app.signed_in(&email).await;
        c.csrf().await;
        clients.push(c);
    }
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            let thread = thread.clone();
            tokio::spawn(async move {
                for n in 0..EACH {
                    let r = c
                        .api_post(
                            &format!("/api/v1/threads/{thread}/posts"),
                            &json!({ "text": format!("writer {i} reply {n}") }),
                        )
                        .await;
                    assert_eq!(r.status(), StatusCode::CREATED);
                }
            })
        })
        .collect();
    // Meanwhile Ada edits her first post over and over.
    let edits = async {
        for n in 0..EACH {
            let r = ada
                .api_patch(
                    &format!("/api/v1/posts/{first}"),
                    &json!({ "text": format!("Go, version {n}") }),
                )
                .await;
            assert_eq!(r.status(), StatusCode::OK);
        }
    };
    edits.await;
    for task in tasks {
        task.await?;
    }
    let total = WRITERS * EACH;
    let mut numbers = Vec::new();
    let mut texts = Vec::new();
    let mut authors = Vec::new();
    // Every post fits on the first page.
    let t = ada
        .get_json(&format!("/api/v1/threads/{thread}"), StatusCode::OK)
        .await;
    assert_eq!(t["replies"], total);
    assert_eq!(t["pages"], 1);
    for p in t["posts"].as_array().unwrap() {
        numbers.push(p["number"].as_i64().unwrap());
        texts.push(str_of(&p["text"]));
        authors.push(str_of(&p["author"]["id"]));
    }
    let expected: Vec<i64> = (1..=i64::try_from(total + 1)?).collect();
    assert_eq!(
        numbers, expected,
        "every reply has its own number, in order"
    );
    for i in 0..WRITERS {
        for n in 0..EACH {
            assert!(
                texts.contains(&format!("writer {i} reply {n}")),
                "{i} {n} lost"
            );
        }
    }
    let versions = ada
        .get_json(&format!("/api/v1/posts/{first}/revisions"), StatusCode::OK)
        .await;
    assert_eq!(versions.as_array().map(Vec::len), Some(EACH + 1));
    assert_eq!(texts[0], format!("Go, version {}", EACH - 1));
    // The thread's latest post is the last reply written.
    let list = ada.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(list["threads"][0]["replies"], total);
    assert_eq!(
        Some(&str_of(&list["threads"][0]["last_author"]["id"])),
        authors.last()
    );
    Ok(())
}

async fn lists_count_what_is_new_since_the_last_visit(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    let World {
        mut ada,
        bob,
        category,
        ..
    } = world(&app).await;
    let t = open(
        &mut ada,
        &json!({ "category": category, "title": "Read me", "text": "First" }),
    )
    .await;
    let thread = str_of(&t["id"]);
    let unread = |v: &Value| v["threads"][0]["unread"].clone();
    // Never opened: nothing to count.
    let v = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), Value::Null);
    // Bob reads it; the position is written with the next batch.
    let r = bob.get(&format!("/threads/{thread}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    app.threads.flush_reads().await?;
    let v = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), 0);
    for text in ["Second", "Third"] {
        let r = ada
            .api_post(
                &format!("/api/v1/threads/{thread}/posts"),
                &json!({ "text": text }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let v = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), 2);
    let html = bob.get("/threads").await.text().await?;
    assert!(html.contains("2 new"));
    // The thread's page marks where the new posts start; after it, nothing is new.
    let html = bob.get(&format!("/threads/{thread}")).await.text().await?;
    let marker = html.find("New since your last visit").unwrap_or(usize::MAX);
    assert!(
        marker < html.find("Second").unwrap_or(0),
        "the marker precedes the new posts"
    );
    assert!(html.find("First").unwrap_or(usize::MAX) < marker);
    app.threads.flush_reads().await?;
    let v = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), 0);
    // A position never moves back: an older page seen later changes nothing.
    app.threads.note_read(
        app.accounts
            .member_by_email(&civiclink_domain::EmailAddress::parse("bob@kingston.test")?)
            .await?
            .map(|m| m.id)
            .ok_or_else(|| anyhow::anyhow!("no bob"))?,
        thread.parse()?,
        1,
    );
    app.threads.flush_reads().await?;
    let v = bob.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), 0);
    // Ada's own view of the list is her own.
    let v = ada.get_json("/api/v1/threads", StatusCode::OK).await;
    assert_eq!(unread(&v), Value::Null);
    Ok(())
}
