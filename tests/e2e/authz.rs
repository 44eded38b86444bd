//! The authorization matrix: every private route that names a subject (a member, a handle, an
//! organization, a claim or a follow target), asked by each relation a viewer can have to that
//! subject, with the outcome each one must get.
//!
//! The subject is Ada, a member of the City of Kingston and its organization administrator, who
//! shows her department to her connections only and has blocked one member; Kingston; and a
//! pending claim by another member to belong to Kingston. The viewers are, in the order of the
//! matrix's columns:
//! - `other`: a plain member of the same association, in another organization;
//! - `connection`: Ada's accepted connection, a colleague in Kingston;
//! - `blocked`: a colleague in Kingston whom Ada blocked;
//! - `org_admin_elsewhere`: the organization administrator of another organization of the
//!   association;
//! - `assoc_admin_elsewhere`: the administrator of another association;
//! - `logged_out`: a visitor with a CSRF token and no session.
//!
//! The rule behind the outcomes: a refusal to see something the viewer may not know exists is a
//! 404; a refusal to act on something they can see is a 403; a visitor is sent to log in. After
//! every cell the world is as it was: a refused request changed nothing (not even the outbox),
//! and an allowed one (a viewer's own follow, block, connection request or claim) is undone and
//! the undoing is checked the same way.

use civiclink_domain::{MemberId, OrgId, Role};
use civiclink_tests::{
    Client, TestApp, TestBackend, TestResult, assert_error, both_backends, header_of,
};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::access::private_routes;

both_backends!(every_relation_gets_what_it_may);

/// What one relation gets from one route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    /// 200.
    Ok,
    /// 200 and Ada's profile as this relation sees it (`relation` in the API's terms).
    Sees(&'static str),
    /// Allowed: this success status, and the change is the viewer's own (undone afterwards).
    Done(u16),
    /// Refused with this status: for the API, with this error code; for pages, an HTML page.
    No(u16, &'static str),
    /// A form refused with an explanation: back where it came from (303), nothing written.
    Bounced,
    /// Not signed in: 401 `unauthenticated` for the API and for forms, the login page for a
    /// page sent with GET.
    Out,
}

use Want::{Bounced, Done, Ok as OK, Out as OUT, Sees};

const NF: Want = Want::No(404, "not_found");
const FB: Want = Want::No(403, "forbidden");
const CONFLICT: Want = Want::No(409, "conflict");
const INVALID: Want = Want::No(422, "invalid_input");
const CSV: Want = Want::No(422, "invalid_csv");
const BAD: Want = Want::No(400, "bad_request");
const MEMBER: Want = Sees("member");
const CONNECTION: Want = Sees("connection");
const BLOCKED: Want = Sees("blocked_by_them");

/// The viewers, in the order of [`Row::want`].
const RELATIONS: [&str; 6] = [
    "other",
    "connection",
    "blocked",
    "org_admin_elsewhere",
    "assoc_admin_elsewhere",
    "logged_out",
];
const CONNECTION_COLUMN: usize = 1;

/// What `{kind}/{target_id}` names in a follow route.
#[derive(Clone, Copy, Debug)]
enum Target {
    Ada,
    Kingston,
}
use Target::{Ada, Kingston};

struct Row {
    method: Method,
    template: &'static str,
    target: Target,
    /// JSON for the API, `field=value&…` for forms; `{placeholders}` are filled like paths.
    /// Each body would succeed if the viewer were allowed, so a refusal is not bad input.
    body: &'static str,
    want: [Want; 6],
}

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PUT: Method = Method::PUT;
const PATCH: Method = Method::PATCH;
const DELETE: Method = Method::DELETE;

const fn row(
    method: Method,
    template: &'static str,
    target: Target,
    body: &'static str,
    want: [Want; 6],
) -> Row {
    Row {
        method,
        template,
        target,
        body,
        want,
    }
}

/// The matrix. Columns: other, connection, blocked, org_admin_elsewhere, assoc_admin_elsewhere,
/// logged_out.
#[rustfmt::skip]
fn matrix() -> Vec<Row> {
    vec![
        // Ada's profile: everyone signed in sees it, each through their relation. The member Ada
        // blocked sees only what she shows everyone (and cannot reach out, below).
        row(GET,    "/api/v1/people/{handle}", Ada, "",                            [MEMBER, CONNECTION, BLOCKED, MEMBER, MEMBER, OUT]),
        row(GET,    "/people/{handle}", Ada, "",                                   [MEMBER, CONNECTION, BLOCKED, MEMBER, MEMBER, OUT]),
        row(GET,    "/avatars/{handle}", Ada, "",                                  [OK, OK, OK, OK, OK, OUT]),

        // Kingston: its page and administrators are for every member; editing it is for its
        // administrators and its association's, and refused to everyone else.
        row(GET,    "/api/v1/organizations/{id}", Kingston, "",                    [OK, OK, OK, OK, OK, OUT]),
        row(PATCH,  "/api/v1/organizations/{id}", Kingston, r#"{"description": "Taken over"}"#,
                                                                                   [FB, FB, FB, FB, FB, OUT]),
        row(GET,    "/organizations/{id}", Kingston, "",                           [OK, OK, OK, OK, OK, OUT]),
        row(GET,    "/organizations/{id}/edit", Kingston, "",                      [FB, FB, FB, FB, FB, OUT]),
        row(POST,   "/organizations/{id}/edit", Kingston, "description=Taken over",
                                                                                   [FB, FB, FB, FB, FB, OUT]),
        // Kingston's technology stack is for every member to read and for its own members to
        // record: no listing exists here, so a member of Kingston (the connection and the
        // blocked member work there) is let through to find none, everyone else refused first.
        row(GET,    "/api/v1/organizations/{id}/stack", Kingston, "",              [OK, OK, OK, OK, OK, OUT]),
        row(GET,    "/organizations/{id}/stack", Kingston, "",                     [OK, OK, OK, OK, OK, OUT]),
        row(POST,   "/api/v1/organizations/{id}/stack", Kingston, r#"{"listing_id": "{no_listing}", "status": "production"}"#,
                                                                                   [FB, NF, NF, FB, FB, OUT]),
        // Its stack as CSV: read as each reader may see it; imported by its members alone,
        // refused to everyone else before the file is read (this one is not a stack file).
        row(GET,    "/api/v1/organizations/{id}/stack.csv", Kingston, "",          [OK, OK, OK, OK, OK, OUT]),
        row(POST,   "/api/v1/organizations/{id}/stack/import", Kingston, "",       [FB, CSV, CSV, FB, FB, OUT]),
        row(GET,    "/organizations/{id}/stack/import", Kingston, "",              [FB, OK, OK, FB, FB, OUT]),
        row(POST,   "/organizations/{id}/stack/import", Kingston, "",              [FB, BAD, BAD, FB, FB, OUT]),
        row(GET,    "/api/v1/organizations/{id}/admins", Kingston, "",             [OK, OK, OK, OK, OK, OUT]),
        row(POST,   "/api/v1/organizations/{id}/admins", Kingston, r#"{"member_id": "{colleague}"}"#,
                                                                                   [FB, FB, FB, FB, FB, OUT]),
        row(POST,   "/organizations/{id}/admins", Kingston, "member_id={colleague}",
                                                                                   [FB, FB, FB, FB, FB, OUT]),
        row(DELETE, "/api/v1/organizations/{id}/admins/{member_id}", Kingston, "", [FB, FB, FB, FB, FB, OUT]),
        row(POST,   "/organizations/{id}/admins/{member_id}/remove", Kingston, "", [FB, FB, FB, FB, FB, OUT]),

        // Claims to belong to Kingston: any member of its association may make one (a member
        // of Kingston already belongs); only its deciders see them, and a claim that is not
        // the viewer's does not exist for them.
        row(GET,    "/api/v1/organizations/{id}/claims", Kingston, "",             [FB, FB, FB, FB, FB, OUT]),
        row(POST,   "/api/v1/organizations/{id}/claims", Kingston, r#"{"note": "I moved"}"#,
                                                                                   [Done(201), CONFLICT, CONFLICT, Done(201), INVALID, OUT]),
        row(GET,    "/organizations/{id}/claims", Kingston, "",                    [FB, FB, FB, FB, FB, OUT]),
        row(POST,   "/organizations/{id}/claims", Kingston, "note=I moved",        [Done(303), Bounced, Bounced, Done(303), INVALID, OUT]),
        row(GET,    "/api/v1/claims/{id}", Kingston, "",                           [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/api/v1/claims/{id}/approve", Kingston, "",                   [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/api/v1/claims/{id}/decline", Kingston, "",                   [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/api/v1/claims/{id}/withdraw", Kingston, "",                  [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/organizations/{id}/claims/{claim_id}/approve", Kingston, "", [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/organizations/{id}/claims/{claim_id}/decline", Kingston, "", [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/organizations/{id}/claims/{claim_id}/withdraw", Kingston, "",[NF, NF, NF, NF, NF, OUT]),

        // Administration of Ada and Kingston: for their association's administrators. A plain
        // member is refused; for the administrator of another association they do not exist.
        row(GET,    "/api/v1/admin/members/{id}", Ada, "",                         [FB, FB, FB, FB, NF, OUT]),
        row(PATCH,  "/api/v1/admin/members/{id}", Ada, r#"{"status": "suspended"}"#,
                                                                                   [FB, FB, FB, FB, NF, OUT]),
        row(PUT,    "/api/v1/admin/members/{id}/organization", Ada, r#"{"org_id": "{town}"}"#,
                                                                                   [FB, FB, FB, FB, NF, OUT]),
        row(GET,    "/api/v1/admin/members/{id}/affiliations", Ada, "",            [FB, FB, FB, FB, NF, OUT]),
        row(GET,    "/admin/members/{id}", Ada, "",                                [FB, FB, FB, FB, NF, OUT]),
        row(POST,   "/admin/members/{id}", Ada, "status=suspended",                [FB, FB, FB, FB, NF, OUT]),
        row(POST,   "/admin/members/{id}/organization", Ada, "org_id={town}",      [FB, FB, FB, FB, NF, OUT]),
        row(GET,    "/admin/organizations/{id}", Kingston, "",                     [FB, FB, FB, FB, NF, OUT]),
        row(POST,   "/admin/organizations/{id}", Kingston,
            "association_id={association}&name=Taken over&kind=municipality&region=Ontario&country=CA",
                                                                                   [FB, FB, FB, FB, NF, OUT]),

        // Connections: anyone may ask Ada, except the member she blocked; only a request or a
        // connection that exists can be answered or ended, by its own side.
        row(POST,   "/api/v1/connections/{member_id}", Ada, r#"{"note": "Hello"}"#,
                                                                                   [Done(201), CONFLICT, FB, Done(201), Done(201), OUT]),
        row(POST,   "/connections/{member_id}/request", Ada, "note=Hello",         [Done(303), Bounced, FB, Done(303), Done(303), OUT]),
        row(DELETE, "/api/v1/connections/{member_id}", Ada, "",                    [NF, Done(204), NF, NF, NF, OUT]),
        row(POST,   "/api/v1/connections/{member_id}/accept", Ada, "",             [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/api/v1/connections/{member_id}/decline", Ada, "",            [NF, NF, NF, NF, NF, OUT]),
        row(POST,   "/api/v1/connections/{member_id}/withdraw", Ada, "",           [NF, NF, NF, NF, NF, OUT]),

        // Blocks: anyone may block Ada (the member she blocked too); only Ada lifts hers.
        row(POST,   "/api/v1/blocks/{member_id}", Ada, "",                         [Done(204), Done(204), Done(204), Done(204), Done(204), OUT]),
        row(DELETE, "/api/v1/blocks/{member_id}", Ada, "",                         [NF, NF, NF, NF, NF, OUT]),

        // Follows: of Ada, by anyone but the member she blocked; of Kingston, by anyone.
        row(POST,   "/api/v1/follows/{kind}/{target_id}", Ada, "",                 [Done(200), Done(200), FB, Done(200), Done(200), OUT]),
        row(DELETE, "/api/v1/follows/{kind}/{target_id}", Ada, "",                 [NF, NF, NF, NF, NF, OUT]),
        row(GET,    "/api/v1/follows/{kind}/{target_id}/followers", Ada, "",       [OK, OK, OK, OK, OK, OUT]),
        row(POST,   "/follows/{kind}/{target_id}/follow", Ada, "",                 [Done(303), Done(303), FB, Done(303), Done(303), OUT]),
        row(POST,   "/api/v1/follows/{kind}/{target_id}", Kingston, "",            [Done(200), Done(200), Done(200), Done(200), Done(200), OUT]),
        row(DELETE, "/api/v1/follows/{kind}/{target_id}", Kingston, "",            [NF, NF, NF, NF, NF, OUT]),
        row(GET,    "/api/v1/follows/{kind}/{target_id}/followers", Kingston, "",  [OK, OK, OK, OK, OK, OUT]),
        row(POST,   "/follows/{kind}/{target_id}/follow", Kingston, "",            [Done(303), Done(303), Done(303), Done(303), Done(303), OUT]),
    ]
}

/// Whether a template of [`private_routes`] names a subject, so that it must be in the matrix.
fn names_a_subject(template: &str) -> bool {
    template.contains("{member_id}")
        || template.contains("{handle}")
        || template.contains("{target_id}")
        || template.contains("{claim_id}")
        || template.contains("/organizations/{id}")
        || template.contains("/people/{id}")
        || template.contains("/claims/{id}")
}

/// The ids the placeholders stand for.
struct Ids {
    ada: MemberId,
    kingston: OrgId,
    claim: String,
    /// Another organization of the association, where a move would go.
    town: OrgId,
    /// A member of Kingston whom an appointment would name.
    colleague: MemberId,
    association: String,
}

impl Ids {
    fn fill(&self, text: &str, target: Target) -> String {
        let id = if text.starts_with("/api/v1/claims/") {
            self.claim.clone()
        } else if text.contains("/members/") {
            self.ada.to_string()
        } else {
            self.kingston.to_string()
        };
        let (kind, target_id) = match target {
            Ada => ("members", self.ada.to_string()),
            Kingston => ("organizations", self.kingston.to_string()),
        };
        text.replace("{id}", &id)
            .replace("{member_id}", &self.ada.to_string())
            .replace("{handle}", "ada")
            .replace("{claim_id}", &self.claim)
            .replace("{kind}", kind)
            .replace("{target_id}", &target_id)
            .replace("{town}", &self.town.to_string())
            .replace("{colleague}", &self.colleague.to_string())
            .replace("{association}", &self.association)
            .replace("{no_listing}", "01a25000-0000-7000-8000-000000000000")
    }
}

/// The cast: Ada's own client, a site administrator who looks, and one client per relation.
struct Cast {
    ids: Ids,
    ada: Client,
    root: Client,
    viewers: Vec<Client>,
    connection_id: MemberId,
}

/// Everything a cell could change, as seen from outside: Ada, Kingston, the claim, Ada's
/// network and the rows of the tables these routes write.
#[derive(Debug, PartialEq)]
struct World {
    rows: Vec<(&'static str, i64)>,
    views: Vec<(String, Value)>,
}

/// The tables the routes of the matrix write. Claims are compared by their views instead: a
/// claim made and withdrawn leaves a row behind.
const TABLES: [&str; 8] = [
    "members",
    "organizations",
    "org_admins",
    "connections",
    "blocks",
    "follows",
    "audit_log",
    "join_requests",
];

/// The member ids of a list of members or connections.
fn ids_of(v: &Value) -> Value {
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|m| m["member_id"].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    json!(ids)
}

async fn world(app: &TestApp, cast: &Cast) -> anyhow::Result<World> {
    let mut rows = Vec::new();
    for table in TABLES {
        rows.push((table, app.count(table).await));
    }
    let ids = &cast.ids;
    let (ada, org) = (ids.ada, ids.kingston);
    let root = &cast.root;
    let get = |path: String| async move {
        let v = root.get_json(&path, StatusCode::OK).await;
        (path, v)
    };
    let mut views = vec![
        get(format!("/api/v1/admin/members/{ada}")).await,
        get(format!("/api/v1/admin/members/{ada}/affiliations")).await,
        get(format!("/api/v1/organizations/{org}")).await,
        get(format!("/api/v1/claims/{}", ids.claim)).await,
        get(format!("/api/v1/follows/members/{ada}/followers")).await,
        get(format!("/api/v1/follows/organizations/{org}/followers")).await,
    ];
    let admins = root
        .get_json(
            &format!("/api/v1/organizations/{org}/admins"),
            StatusCode::OK,
        )
        .await;
    views.push(("Kingston's administrators".into(), ids_of(&admins)));
    let claims = root
        .get_json(
            &format!("/api/v1/organizations/{org}/claims"),
            StatusCode::OK,
        )
        .await;
    let pending: Vec<&Value> = claims
        .as_array()
        .expect("claims")
        .iter()
        .filter(|c| c["status"] == "pending")
        .collect();
    views.push(("Kingston's pending claims".into(), json!(pending)));
    let mut profile = cast
        .ada
        .get_json("/api/v1/me/profile", StatusCode::OK)
        .await;
    // Ada's own activity in the undoing (accepting a connection again) is not a change.
    if let Some(p) = profile.as_object_mut() {
        p.remove("last_active_at");
    }
    views.push(("Ada's profile".into(), profile));
    for path in ["/api/v1/connections", "/api/v1/blocks"] {
        let v = cast.ada.get_json(path, StatusCode::OK).await;
        views.push((format!("Ada's {path}"), ids_of(&v)));
    }
    let requests = cast
        .ada
        .get_json("/api/v1/connections/requests", StatusCode::OK)
        .await;
    views.push((
        "Ada's requests".into(),
        json!([ids_of(&requests["incoming"]), ids_of(&requests["outgoing"])]),
    ));
    Ok(World { rows, views })
}

/// The outbox position, which any write moves.
async fn events(app: &TestApp) -> anyhow::Result<i64> {
    Ok(app.count("events").await)
}

/// Sends a request as the matrix says: GET plainly, other methods as JSON with the CSRF header
/// (API) or as a form with the CSRF field (pages).
async fn send(client: &mut Client, method: &Method, path: &str, body: &str) -> reqwest::Response {
    if *method == Method::GET {
        client.get(path).await
    } else if path.starts_with("/api/") {
        let body: Value = if body.is_empty() {
            json!({})
        } else {
            serde_json::from_str(body).unwrap_or_else(|e| panic!("body of {path}: {e}"))
        };
        client.api(method.clone(), path, &body).await
    } else {
        let fields: Vec<(&str, &str)> = body
            .split('&')
            .filter(|f| !f.is_empty())
            .map(|f| f.split_once('=').unwrap_or((f, "")))
            .collect();
        client.form_post(path, &fields).await
    }
}

/// Checks one response against what the matrix wants.
async fn check(r: reqwest::Response, method: &Method, path: &str, want: Want, cell: &str) {
    let api = path.starts_with("/api/");
    let status = r.status().as_u16();
    match want {
        Want::Ok => assert_eq!(status, 200, "{cell}"),
        Want::Done(s) => assert_eq!(status, s, "{cell}"),
        Want::Bounced => {
            assert_eq!(status, 303, "{cell}");
            assert!(
                !header_of(&r, header::LOCATION).starts_with("/login"),
                "{cell}"
            );
        }
        Want::No(s, code) => {
            if api {
                assert_eq!(status, s, "{cell}");
                assert_error(r, StatusCode::from_u16(s).unwrap(), code).await;
            } else {
                assert_eq!(status, s, "{cell}");
                assert!(
                    header_of(&r, header::CONTENT_TYPE).starts_with("text/html"),
                    "{cell}: not a page"
                );
            }
        }
        Want::Out => {
            if api {
                assert_eq!(status, 401, "{cell}");
                assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
            } else if *method == Method::GET {
                assert_eq!(status, 303, "{cell}");
                assert_eq!(
                    header_of(&r, header::LOCATION),
                    format!("/login?next={}", path.replace('/', "%2F")),
                    "{cell}"
                );
            } else {
                assert_eq!(status, 401, "{cell}");
            }
        }
        Want::Sees(relation) => {
            assert_eq!(status, 200, "{cell}");
            // Ada shows her job title to everyone, her department to her connections, her
            // location to nobody.
            let connected = relation == "connection";
            if api {
                let v: Value = r.json().await.expect("profile");
                assert_eq!(v["relation"], relation, "{cell}: {v}");
                assert_eq!(v["job_title"], "GIS lead", "{cell}: {v}");
                assert_eq!(v["department"].is_string(), connected, "{cell}: {v}");
                assert_eq!(v["email"].is_string(), connected, "{cell}: {v}");
                assert!(v["location"].is_null(), "{cell}: {v}");
            } else {
                let html = r.text().await.expect("page");
                assert!(html.contains("GIS lead"), "{cell}");
                assert_eq!(html.contains("Information Technology"), connected, "{cell}");
                assert!(!html.contains("Portsmouth Village"), "{cell}");
            }
        }
    }
}

/// Undoes whatever a viewer may have done to their own relation with Ada and Kingston.
async fn undo(cast: &mut Cast, column: usize) {
    let ids = &cast.ids;
    let (ada, org) = (ids.ada, ids.kingston);
    let viewer = &mut cast.viewers[column];
    for path in [
        format!("/api/v1/follows/members/{ada}"),
        format!("/api/v1/follows/organizations/{org}"),
        format!("/api/v1/blocks/{ada}"),
    ] {
        viewer.api(Method::DELETE, &path, &json!({})).await;
    }
    viewer
        .api_post(&format!("/api/v1/connections/{ada}/withdraw"), &json!({}))
        .await;
    let claims = viewer.get_json("/api/v1/me/claims", StatusCode::OK).await;
    for c in claims.as_array().expect("claims") {
        if c["status"] == "pending" {
            let id = c["id"].as_str().expect("claim id");
            let r = viewer
                .api_post(&format!("/api/v1/claims/{id}/withdraw"), &json!({}))
                .await;
            assert_eq!(r.status(), StatusCode::OK, "withdraw claim {id}");
        }
    }
    if column == CONNECTION_COLUMN {
        let conns = cast
            .ada
            .get_json("/api/v1/connections", StatusCode::OK)
            .await;
        let them = cast.connection_id.to_string();
        if !ids_of(&conns)
            .as_array()
            .expect("ids")
            .iter()
            .any(|id| *id == them)
        {
            connect(
                &mut cast.ada,
                &mut cast.viewers[column],
                ada,
                cast.connection_id,
            )
            .await;
        }
    }
}

/// `b` asks `a` to connect and `a` accepts.
async fn connect(a: &mut Client, b: &mut Client, a_id: MemberId, b_id: MemberId) {
    let r = b
        .api_post(&format!("/api/v1/connections/{a_id}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "connection request");
    let r = a
        .api_post(&format!("/api/v1/connections/{b_id}/accept"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "accept");
}

async fn every_relation_gets_what_it_may(backend: TestBackend) -> TestResult {
    let app = TestApp::spawn(backend).await;
    // The guard: every private route that names a subject is in the matrix, and the matrix
    // names no route that does not exist.
    let rows = matrix();
    for (method, template) in private_routes() {
        if names_a_subject(template) {
            assert!(
                rows.iter()
                    .any(|r| r.method == method && r.template == template),
                "{method} {template} names a subject but is missing from the matrix"
            );
        }
    }
    let routes = private_routes();
    for r in &rows {
        assert!(
            routes.contains(&(r.method.clone(), r.template)),
            "{} {} is in the matrix but not a private route",
            r.method,
            r.template
        );
    }

    // Arrange the cast.
    app.site_admin("root@civiclink.test").await;
    app.member("misa-admin@misa.test", Role::AssociationAdmin)
        .await;
    let ada = app.member("ada@kingston.test", Role::Member).await;
    let connection = app.member("connie@kingston.test", Role::Member).await;
    let blocked = app.member("blake@kingston.test", Role::Member).await;
    let mut root = app.signed_in("root@civiclink.test").await;
    let mut misa = app.signed_in("misa-admin@misa.test").await;
    let r = root
        .api_post(
            "/api/v1/organizations",
            &json!({ "association_id": app.association, "name": "Town of Gananoque",
                     "kind": "municipality", "region": "Eastern Ontario", "country": "CA",
                     "population": 5383 }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let town: OrgId = r.json::<Value>().await?["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("town id");
    let mut gail = None;
    for email in [
        "otto@gananoque.test",
        "gail@gananoque.test",
        "claire@gananoque.test",
    ] {
        let id = app
            .member_in(email, Role::Member, app.association, Some(town), 365)
            .await;
        if email.starts_with("gail") {
            gail = Some(id);
        }
    }
    let gail = gail.expect("gail");
    let (other_association, wellington) = app.other_association().await;
    app.member_in(
        "kiri@wellington.test",
        Role::AssociationAdmin,
        other_association,
        Some(wellington),
        365,
    )
    .await;
    for (org, member) in [(app.org, ada), (town, gail)] {
        let r = misa
            .api_post(
                &format!("/api/v1/organizations/{org}/admins"),
                &json!({ "member_id": member }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "appoint {member}");
    }

    let mut ada_c = app.signed_in("ada@kingston.test").await;
    let r = ada_c
        .api(
            Method::PUT,
            "/api/v1/me/profile",
            &json!({
                "display_name": "Ada Lovelace",
                "handle": "ada",
                "job_title": "GIS lead",
                "department": "Information Technology",
                "location": "Portsmouth Village",
                "visibility": { "department": "connections", "location": "nobody" },
                "in_directory": true
            }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "Ada's profile");
    let mut connie = app.signed_in("connie@kingston.test").await;
    connect(&mut ada_c, &mut connie, ada, connection).await;
    let r = ada_c
        .api_post(&format!("/api/v1/blocks/{blocked}"), &json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "Ada blocks");

    let mut claire = app.signed_in("claire@gananoque.test").await;
    let r = claire
        .api_post(
            &format!("/api/v1/organizations/{}/claims", app.org),
            &json!({ "note": "I moved to Kingston" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "the claim");
    let claim = r.json::<Value>().await?["id"]
        .as_str()
        .expect("claim id")
        .to_owned();

    let mut logged_out = app.client();
    logged_out.csrf().await;
    let viewers = vec![
        app.signed_in("otto@gananoque.test").await,
        connie,
        app.signed_in("blake@kingston.test").await,
        app.signed_in("gail@gananoque.test").await,
        app.signed_in("kiri@wellington.test").await,
        logged_out,
    ];
    let mut cast = Cast {
        ids: Ids {
            ada,
            kingston: app.org,
            claim,
            town,
            colleague: connection,
            association: app.association.to_string(),
        },
        ada: ada_c,
        root,
        viewers,
        connection_id: connection,
    };

    // Act and assert, cell by cell.
    let mut cells = 0;
    for row in &rows {
        let path = cast.ids.fill(row.template, row.target);
        let body = cast.ids.fill(row.body, row.target);
        for (column, want) in row.want.into_iter().enumerate() {
            let cell = format!(
                "{} {} ({}) as {}",
                row.method, row.template, path, RELATIONS[column]
            );
            let before = world(&app, &cast).await?;
            let position = events(&app).await?;
            let r = send(&mut cast.viewers[column], &row.method, &path, &body).await;
            check(r, &row.method, &path, want, &cell).await;
            if matches!(want, Want::Done(_)) {
                undo(&mut cast, column).await;
            } else {
                assert_eq!(events(&app).await?, position, "{cell} wrote an event");
            }
            assert_eq!(
                world(&app, &cast).await?,
                before,
                "{cell} changed the world"
            );
            cells += 1;
        }
    }
    assert_eq!(cells, rows.len() * RELATIONS.len());

    // The directory lists Ada for everyone but the member she blocked, whom she is never
    // suggested to either.
    for (column, viewer) in cast.viewers.iter().enumerate() {
        let name = RELATIONS[column];
        let r = viewer.get("/api/v1/directory/members").await;
        if name == "logged_out" {
            assert_error(r, StatusCode::UNAUTHORIZED, "unauthenticated").await;
            continue;
        }
        assert_eq!(r.status(), StatusCode::OK, "directory as {name}");
        let page: Value = r.json().await?;
        let listed = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|e| e["handle"] == "ada");
        assert_eq!(listed, name != "blocked", "directory as {name}: {page}");
        let suggestions = viewer.get("/api/v1/suggestions").await.text().await?;
        if name == "blocked" {
            assert!(
                !suggestions.contains(r#""handle":"ada""#),
                "Ada suggested to the member she blocked: {suggestions}"
            );
        }
        let html = viewer.get("/directory").await.text().await?;
        assert_eq!(
            html.contains("/people/ada\""),
            name != "blocked",
            "directory page as {name}"
        );
        // Kingston's member list follows the same rule (her name stays among its
        // administrators, which is a role, not a listing).
        let html = viewer
            .get(&format!("/organizations/{}", cast.ids.kingston))
            .await
            .text()
            .await?;
        let members = html.split("id=\"org-members\"").nth(1).unwrap_or_default();
        assert_eq!(
            members.contains("/people/ada\""),
            name != "blocked",
            "Kingston's members as {name}"
        );
    }
    Ok(())
}
