//! The end-to-end harness: [`TestApp::spawn`] starts the real service on port 0 against a fresh
//! SQLite file or a fresh PostgreSQL database, with mail written to a temporary folder, and
//! hands out cookie-keeping HTTP clients ([`Client`]) that speak the CSRF protocol.
//!
//! Every scenario runs on both backends through [`both_backends!`].
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use civiclink::{App, Config};
use civiclink_accounts::{Accounts, NewAssociation, NewOrganization, NewSiteAdmin};
use civiclink_domain::{
    AssociationId, CountryCode, DisplayName, EmailAddress, MemberId, OrgId, OrgKind, Password,
    Role, ShortText,
};
use civiclink_store::Db;
pub use civiclink_store::testing::TestBackend;
use civiclink_store::testing::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

pub type TestResult = anyhow::Result<()>;

/// The password every test member uses.
pub const PASSWORD: &str = "correct horse battery staple";

/// Generates one `#[tokio::test]` per backend for an `async fn scenario(TestBackend) -> TestResult`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        pub mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> $crate::TestResult {
                    super::$name($crate::TestBackend::Sqlite).await
                }
            )+
        }
        pub mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() -> $crate::TestResult {
                    if !$crate::TestBackend::Postgres.available() {
                        return Ok(());
                    }
                    super::$name($crate::TestBackend::Postgres).await
                }
            )+
        }
    };
}

/// The status code of the next response head on `read` (kept in `pending` between calls).
async fn next_status(read: &mut tokio::net::tcp::OwnedReadHalf, pending: &mut Vec<u8>) -> u16 {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            let head: Vec<u8> = pending.drain(..end + 4).collect();
            let line = String::from_utf8_lossy(&head);
            return line
                .split(' ')
                .nth(1)
                .and_then(|c| c.parse::<u16>().ok())
                .unwrap_or_else(|| panic!("not a status line: {line}"));
        }
        let n = tokio::time::timeout(Duration::from_secs(30), read.read(&mut buf))
            .await
            .expect("an answer within 30 s")
            .unwrap_or(0);
        assert!(n > 0, "the connection closed without an answer");
        pending.extend_from_slice(&buf[..n]);
    }
}

/// A running service.
pub struct TestApp {
    pub base: String,
    pub backend: TestBackend,
    pub mail_dir: PathBuf,
    pub db: Db,
    pub accounts: Accounts,
    pub people: civiclink_people::People,
    pub technology: civiclink_technology::Technology,
    pub threads: civiclink_threads::Threads,
    /// An association and a municipality in it, made at start.
    pub association: AssociationId,
    pub org: OrgId,
    server: tokio::task::JoinHandle<()>,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl<'a> From<&'a TestApp> for civiclink::demo::Services<'a> {
    fn from(app: &'a TestApp) -> Self {
        Self {
            accounts: &app.accounts,
            people: &app.people,
            technology: &app.technology,
            threads: &app.threads,
        }
    }
}

impl TestApp {
    /// Starts the service, or returns `None` when PostgreSQL is not configured (outside CI).
    pub async fn spawn(backend: TestBackend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the service with a changed configuration.
    pub async fn spawn_with(backend: TestBackend, change: impl FnOnce(&mut Config)) -> Self {
        let database = TestDatabase::fresh(backend)
            .await
            .expect("the backend is available: both_backends! checks before the test runs");
        Self::spawn_on(database, None, change).await
    }

    /// Starts the service on `database`. With `existing`, the database already holds that
    /// association and municipality (another app's data, such as a restored backup) and the
    /// service is started on it as it is: nothing is added.
    pub async fn spawn_on(
        database: TestDatabase,
        existing: Option<(AssociationId, OrgId)>,
        change: impl FnOnce(&mut Config),
    ) -> Self {
        let backend = database.backend;
        let dir = tempfile::tempdir().expect("temporary directory");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind port 0");
        let addr = listener.local_addr().expect("local address");
        let mut config = Config {
            listen: addr,
            public_url: format!("http://{addr}"),
            database_url: database.url.clone(),
            database_max_connections: 5,
            index_dir: dir.path().join("index"),
            ..Config::default()
        };
        config.mail.dir = dir.path().join("mail");
        change(&mut config);
        let mail_dir = config.mail.dir.clone();
        let app = App::build(config).await.expect("build the app");
        let db = app.db.clone();
        let accounts = app.accounts.clone();
        let people = app.people.clone();
        let technology = app.technology.clone();
        let threads = app.threads.clone();
        let server = tokio::spawn(async move {
            app.serve(listener, std::future::pending())
                .await
                .expect("serve");
        });
        let (association, org) = match existing {
            Some(ids) => ids,
            None => Self::first_organization(&accounts).await,
        };
        Self {
            base: format!("http://{addr}"),
            backend,
            mail_dir,
            db,
            accounts,
            people,
            technology,
            threads,
            association,
            org,
            server,
            _database: database,
            _dir: dir,
        }
    }

    /// The association and municipality every test starts with.
    async fn first_organization(accounts: &Accounts) -> (AssociationId, OrgId) {
        let association = accounts
            .create_association(
                None,
                NewAssociation::parse("MISA Ontario", "MISA ON", "CA").expect("association"),
            )
            .await
            .expect("create association")
            .id;
        let org = accounts
            .create_organization(
                None,
                NewOrganization {
                    association_id: association,
                    name: ShortText::parse("City of Kingston", "name").expect("name"),
                    kind: OrgKind::Municipality,
                    region: ShortText::parse("Ontario", "region").expect("region"),
                    country: CountryCode::parse("CA").expect("country"),
                    population: Some(132_485),
                },
            )
            .await
            .expect("create organization")
            .id;
        (association, org)
    }

    /// The database this service runs on, as `database_url` names it.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new visitor with an empty cookie jar.
    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("http client"),
            base: self.base.clone(),
            csrf: None,
        }
    }

    /// Brings profiles up to date with accounts now, rather than waiting for the follower.
    pub async fn sync_people(&self) {
        self.people.sync().await.expect("profile sync");
    }

    /// A site administrator made directly in the database (as `civiclink admin create-admin`).
    pub async fn site_admin(&self, email: &str) -> MemberId {
        let id = self.site_admin_only(email).await;
        self.sync_people().await;
        id
    }

    async fn site_admin_only(&self, email: &str) -> MemberId {
        self.accounts
            .create_site_admin(NewSiteAdmin {
                email: EmailAddress::parse(email).unwrap(),
                display_name: DisplayName::parse("Site Admin").unwrap(),
                password: Password::parse(PASSWORD).unwrap(),
            })
            .await
            .expect("create site admin")
            .id
    }

    /// An active, verified member with `role`, in the test association and municipality.
    pub async fn member(&self, email: &str, role: Role) -> MemberId {
        self.member_in(email, role, self.association, Some(self.org), 365)
            .await
    }

    /// An active member elsewhere, whose membership ends in `days` (negative: already ended).
    pub async fn member_in(
        &self,
        email: &str,
        role: Role,
        association: AssociationId,
        org: Option<OrgId>,
        days: i64,
    ) -> MemberId {
        let hash = self
            .accounts
            .hash_password(&Password::parse(PASSWORD).unwrap())
            .await
            .unwrap();
        let email = EmailAddress::parse(email).unwrap();
        self.accounts
            .import_member(
                &email,
                &DisplayName::parse("Test Member").unwrap(),
                &hash,
                Some(association),
                org,
                role,
                Some(civiclink_store::now() + time::Duration::days(days)),
            )
            .await
            .unwrap();
        let id = self
            .accounts
            .member_by_email(&email)
            .await
            .unwrap()
            .expect("member exists")
            .id;
        self.sync_people().await;
        id
    }

    /// A client signed in as `email` (with [`PASSWORD`]).
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut c = self.client();
        c.login_ok(email).await;
        c
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        civiclink_store::on_db!(self.db, p => civiclink_store::sqlx::query_scalar::<_, i64>(&sql).fetch_one(p).await)
            .unwrap_or_else(|e| panic!("count {table}: {e}"))
    }

    /// `a` and `b` connected, as members connect: `a` asks, `b` accepts.
    pub async fn connect(&self, a: MemberId, b: MemberId) {
        let note = civiclink_people::ConnectionNote::parse("").unwrap();
        self.people
            .request_connection(a, b, &note)
            .await
            .expect("connection request");
        self.people
            .accept_connection(b, a)
            .await
            .expect("connection accepted");
    }

    /// `a` and `b` connected straight in the table, with no event: for the feed's tests, which
    /// must know every event there is.
    pub async fn connect_without_news(&self, a: MemberId, b: MemberId) {
        let (x, y) = if a < b { (a, b) } else { (b, a) };
        civiclink_store::execute_db!(self.db, civiclink_store::sqlx::query(
            "INSERT INTO connections (member_a, member_b, requested_by, status, note, created_at, accepted_at) \
             VALUES ($1, $2, $1, 'accepted', '', $3, $3)",
        )
        .bind(x)
        .bind(y)
        .bind(civiclink_store::now()))
        .expect("connect");
    }

    /// An invitation to `association` for `max_uses` people, made by `admin` through the API;
    /// returns its id and the token of its link.
    pub async fn create_invite(
        &self,
        admin: &mut Client,
        association: AssociationId,
        max_uses: i64,
    ) -> (String, String) {
        let r = admin
            .api_post(
                "/api/v1/admin/invites",
                &json!({ "association_id": association, "max_uses": max_uses, "valid_days": 7 }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "create an invitation");
        let created: Value = r.json().await.unwrap();
        let link = str_of(&created["link"]);
        let token = link
            .rsplit_once("/join/invite/")
            .map(|(_, t)| t.to_owned())
            .unwrap_or_else(|| panic!("no token in {link}"));
        assert!(!token.is_empty());
        (str_of(&created["invite"]["id"]), token)
    }

    /// The stored sessions: id, data and expiry (as text), on either database.
    pub async fn stored_sessions(&self) -> anyhow::Result<Vec<(String, Vec<u8>, String)>> {
        let sql = match self.backend {
            TestBackend::Sqlite => {
                "SELECT id, data, CAST(expiry_date AS TEXT) FROM tower_sessions ORDER BY id"
            }
            TestBackend::Postgres => {
                "SELECT id, data, expiry_date::text FROM tower_sessions.session ORDER BY id"
            }
        };
        Ok(
            civiclink_store::on_db!(self.db, p => civiclink_store::sqlx::query_as(sql).fetch_all(p).await)?,
        )
    }

    /// Signs in as a browser does, by hand (the visitor's CSRF cookie and token, then the
    /// login), and returns the session cookie as a `Cookie` header value: for clients without
    /// a cookie jar.
    pub async fn session_cookie(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let http = reqwest::Client::new();
        let cookies = |r: &reqwest::Response| {
            r.headers()
                .get_all(reqwest::header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .filter_map(|v| v.split(';').next())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let s = http.get(self.url("/api/v1/session")).send().await?;
        let visitor = cookies(&s).join("; ");
        let body: Value = s.json().await?;
        let csrf = body["csrf_token"].as_str().unwrap_or_default().to_owned();
        let r = http
            .post(self.url("/api/v1/login"))
            .header(reqwest::header::COOKIE, visitor)
            .header("X-CSRF-Token", csrf)
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await?;
        anyhow::ensure!(
            r.status() == StatusCode::OK,
            "login as {email}: {}",
            r.status()
        );
        cookies(&r)
            .into_iter()
            .find(|c| c.starts_with("civiclink_session="))
            .ok_or_else(|| anyhow::anyhow!("no session cookie"))
    }

    /// The status the server answers to a request whose body is `body`, sent over a plain
    /// socket with `Expect: 100-continue`, as clients send large uploads: the body is written
    /// only once the server asks for it, and the answer is read while it is written. A server
    /// that refuses a body by its `Content-Length` answers without asking for it. A connection
    /// closed with no answer is a failure, not a refusal.
    pub async fn status_for_body(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> StatusCode {
        use tokio::io::AsyncWriteExt;
        let addr = self.base.trim_start_matches("http://").to_owned();
        let stream = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        let (mut read, mut write) = stream.into_split();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n\
             Expect: 100-continue\r\nConnection: close\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        write
            .write_all(head.as_bytes())
            .await
            .expect("write the head");
        let mut pending = Vec::new();
        let mut code = next_status(&mut read, &mut pending).await;
        if code == 100 {
            // Asked for the body: written while the answer is read.
            let writer = tokio::spawn(async move {
                for chunk in body.chunks(64 * 1024) {
                    if write.write_all(chunk).await.is_err() {
                        return;
                    }
                }
            });
            code = next_status(&mut read, &mut pending).await;
            writer.abort();
        }
        StatusCode::from_u16(code).expect("a status code")
    }

    /// Another association with one municipality, for tests of reach.
    pub async fn other_association(&self) -> (AssociationId, OrgId) {
        let a = self
            .accounts
            .create_association(None, NewAssociation::parse("ALGIM", "ALGIM", "NZ").unwrap())
            .await
            .unwrap()
            .id;
        let o = self
            .accounts
            .create_organization(
                None,
                NewOrganization {
                    association_id: a,
                    name: ShortText::parse("Wellington City Council", "name").unwrap(),
                    kind: OrgKind::Municipality,
                    region: ShortText::parse("Wellington", "region").unwrap(),
                    country: CountryCode::parse("NZ").unwrap(),
                    population: Some(215_000),
                },
            )
            .await
            .unwrap()
            .id;
        (a, o)
    }

    /// Every row of every table, as text, sorted: what "a refused request wrote nothing"
    /// compares before and after. Left out are the tables a refusal may rightly touch or that
    /// change on their own: rate-limit counters, sessions, consumers' cursors, read positions
    /// (noted by page views, written in batches) and the migration ledger.
    pub async fn contents(&self) -> BTreeMap<String, Vec<String>> {
        const SKIP: [&str; 6] = [
            "thread_reads",
            "rate_limits",
            "event_cursors",
            "tower_sessions",
            "session",
            "_sqlx_migrations",
        ];
        let mut out = BTreeMap::new();
        match self.db.pool() {
            civiclink_store::Pool::Sqlite(p) => {
                let tables: Vec<String> = civiclink_store::sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(p)
                .await
                .expect("list tables");
                for t in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
                    let columns: Vec<String> = civiclink_store::sqlx::query_scalar(
                        "SELECT name FROM pragma_table_info($1)",
                    )
                    .bind(&t)
                    .fetch_all(p)
                    .await
                    .expect("list columns");
                    let row = columns
                        .iter()
                        .map(|c| format!("quote(\"{c}\")"))
                        .collect::<Vec<_>>()
                        .join(" || '|' || ");
                    let mut rows: Vec<String> =
                        civiclink_store::sqlx::query_scalar(&format!("SELECT {row} FROM \"{t}\""))
                            .fetch_all(p)
                            .await
                            .expect("read rows");
                    rows.sort();
                    out.insert(t, rows);
                }
            }
            civiclink_store::Pool::Postgres(p) => {
                let tables: Vec<String> = civiclink_store::sqlx::query_scalar(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
                )
                .fetch_all(p)
                .await
                .expect("list tables");
                for t in tables.into_iter().filter(|t| !SKIP.contains(&t.as_str())) {
                    let mut rows: Vec<String> = civiclink_store::sqlx::query_scalar(&format!(
                        "SELECT r::text FROM \"{t}\" r"
                    ))
                    .fetch_all(p)
                    .await
                    .expect("read rows");
                    rows.sort();
                    out.insert(t, rows);
                }
            }
        }
        assert!(
            out.contains_key("members") && out.contains_key("events"),
            "the tables were not read: {:?}",
            out.keys()
        );
        out
    }

    /// Every message sent so far, oldest first. Mail leaves in background tasks, handed over
    /// before the response that caused it; this waits until every one handed over so far has
    /// been written.
    pub async fn mails(&self) -> Vec<Mail> {
        tokio::time::timeout(Duration::from_secs(30), self.accounts.mail_settled())
            .await
            .expect("the mail handed over was sent within 30 s");
        self.mails_now()
    }

    /// The messages written so far, without waiting for any still on their way.
    pub fn mails_now(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(&self.mail_dir) else {
            return Vec::new();
        };
        let mut mails: Vec<(SystemTime, Mail)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| {
                let modified = e.metadata().ok()?.modified().ok()?;
                let raw = std::fs::read(e.path()).ok()?;
                let parsed = mail_parser::MessageParser::default().parse(&raw)?;
                let to = parsed
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned();
                Some((
                    modified,
                    Mail {
                        to,
                        subject: parsed.subject().unwrap_or_default().to_owned(),
                        text: parsed
                            .body_text(0)
                            .map(|t| t.into_owned())
                            .unwrap_or_default(),
                        html: parsed
                            .body_html(0)
                            .map(|t| t.into_owned())
                            .unwrap_or_default(),
                    },
                ))
            })
            .collect();
        mails.sort_by_key(|(t, _)| *t);
        mails.into_iter().map(|(_, m)| m).collect()
    }

    pub async fn mails_to(&self, email: &str) -> Vec<Mail> {
        self.mails()
            .await
            .into_iter()
            .filter(|m| m.to == email)
            .collect()
    }

    /// The newest message to `email`, once mail has settled (sending happens in the
    /// background, right after the response).
    pub async fn last_mail_to(&self, email: &str) -> Mail {
        for _ in 0..50 {
            if let Some(m) = self.mails_to(email).await.pop() {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {email}");
    }

    /// The newest message to `email` whose subject contains `subject`, waiting up to ten
    /// seconds for it to be sent.
    pub async fn mail_with_subject(&self, email: &str, subject: &str) -> Mail {
        for _ in 0..200 {
            if let Some(m) = self
                .mails_now()
                .into_iter()
                .rfind(|m| m.to == email && m.subject.contains(subject))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {email} about {subject:?}");
    }

    /// Joins by request and returns the verification token from the email.
    pub async fn join(&self, client: &mut Client, email: &str) -> String {
        let r = client
            .api_post(
                "/api/v1/join",
                &json!({
                    "email": email,
                    "display_name": "New Joiner",
                    "password": PASSWORD,
                    "association_id": self.association,
                    "org_id": self.org,
                    "message": "I run the GIS team."
                }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED, "join failed");
        self.last_mail_to(email).await.token_after("/verify/")
    }
}

#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    /// The token in the first link whose path starts with `prefix` (such as "/verify/").
    pub fn token_after(&self, prefix: &str) -> String {
        let start = self
            .text
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} link in {:?}", self.text))
            + prefix.len();
        self.text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}

/// A visitor: keeps cookies and the session's CSRF token.
pub struct Client {
    pub http: reqwest::Client,
    base: String,
    csrf: Option<String>,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET")
    }

    /// GET and parse JSON, asserting `status`.
    pub async fn get_json(&self, path: &str, status: StatusCode) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), status, "GET {path}");
        r.json().await.expect("JSON body")
    }

    /// The session's CSRF token (fetched once, refreshed after login and logout).
    pub async fn csrf(&mut self) -> String {
        if let Some(t) = &self.csrf {
            return t.clone();
        }
        let v = self.get_json("/api/v1/session", StatusCode::OK).await;
        let t = v["csrf_token"].as_str().expect("csrf token").to_owned();
        self.csrf = Some(t.clone());
        t
    }

    pub fn forget_csrf(&mut self) {
        self.csrf = None;
    }

    /// A JSON request with the CSRF header.
    pub async fn api(
        &mut self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> reqwest::Response {
        let token = self.csrf().await;
        self.http
            .request(method, self.url(path))
            .header("X-CSRF-Token", token)
            .json(body)
            .send()
            .await
            .expect("API request")
    }

    /// A POST with the CSRF header and no body at all.
    pub async fn api_post_empty(&mut self, path: &str) -> reqwest::Response {
        let token = self.csrf().await;
        self.http
            .post(self.url(path))
            .header("X-CSRF-Token", token)
            .send()
            .await
            .expect("API request")
    }

    pub async fn api_post(&mut self, path: &str, body: &Value) -> reqwest::Response {
        self.api(reqwest::Method::POST, path, body).await
    }

    pub async fn api_patch(&mut self, path: &str, body: &Value) -> reqwest::Response {
        self.api(reqwest::Method::PATCH, path, body).await
    }

    /// A form post as a browser sends it, with the session's CSRF token in the form.
    pub async fn form_post(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.http
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("form POST")
    }

    /// Logs in through the API and keeps the new CSRF token.
    pub async fn login(&mut self, email: &str, password: &str) -> reqwest::Response {
        let r = self
            .api_post(
                "/api/v1/login",
                &json!({ "email": email, "password": password }),
            )
            .await;
        // The session id and token change at login.
        self.forget_csrf();
        r
    }

    /// Logs in and asserts success.
    pub async fn login_ok(&mut self, email: &str) {
        let r = self.login(email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "login as {email}");
    }
}

/// Reads an error body and checks its code.
pub async fn assert_error(r: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status(), status, "unexpected status for {}", r.url());
    let v: Value = r.json().await.expect("JSON error body");
    assert_eq!(v["error"], code, "unexpected error body {v}");
    assert!(
        v["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error without message: {v}"
    );
    v
}

/// The string `v` holds; a test fails when it holds anything else.
pub fn str_of(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

/// The value of header `name` of `r`, or empty.
pub fn header_of(r: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
