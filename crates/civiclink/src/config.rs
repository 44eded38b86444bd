//! Configuration: built-in defaults, then an optional TOML file, then `CIVICLINK_*` environment
//! variables (`__` separates nested keys: `CIVICLINK_MAIL__SMTP_HOST`), then command-line flags.
//! With nothing set, CivicLink serves on 127.0.0.1:8080 from `./data`.
//!
//! Strict: a key CivicLink does not know, in the file or in a `CIVICLINK_*` variable, is a
//! start-up error that names it (a key written under the wrong table, such as `metrics_token`
//! after `[mail]`, is one). Secrets (`metrics_token`, the SMTP username and password) are read
//! from variables exactly as written, never as numbers.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use civiclink_mail::{SmtpTls, TransportConfig};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// `.eml` files in `mail.dir`.
    #[default]
    File,
    Smtp,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    pub from: String,
    pub transport: MailTransport,
    pub dir: PathBuf,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_tls: String,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "CivicLink <no-reply@civiclink.local>".into(),
            transport: MailTransport::File,
            dir: PathBuf::from("./data/mail"),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: "starttls".into(),
            smtp_username: None,
            smtp_password: None,
        }
    }
}

impl MailConfig {
    pub fn transport(&self) -> anyhow::Result<TransportConfig> {
        Ok(match self.transport {
            MailTransport::File => TransportConfig::File {
                dir: self.dir.clone(),
            },
            MailTransport::Smtp => {
                anyhow::ensure!(
                    !self.smtp_host.is_empty(),
                    "mail.transport is smtp but mail.smtp_host is empty"
                );
                let tls = match self.smtp_tls.as_str() {
                    "starttls" => SmtpTls::Starttls,
                    "tls" => SmtpTls::Tls,
                    "none" => SmtpTls::None,
                    other => {
                        anyhow::bail!("mail.smtp_tls must be starttls, tls or none, not {other:?}")
                    }
                };
                // Empty is absent: a local relay offers no login, and trying one fails.
                let given = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
                TransportConfig::Smtp {
                    host: self.smtp_host.clone(),
                    port: self.smtp_port,
                    tls,
                    username: given(&self.smtp_username),
                    password: given(&self.smtp_password),
                }
            }
        })
    }
}

/// Hits allowed per window on the public doors.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Login attempts per client address per 5 minutes.
    pub login_per_ip: u32,
    /// Login attempts per account per 15 minutes.
    pub login_per_account: u32,
    /// Join requests per client address per hour.
    pub join_per_ip: u32,
    /// Password-reset requests per client address per hour.
    pub reset_per_ip: u32,
    /// Password-reset requests per account per hour.
    pub reset_per_account: u32,
    /// Profile photo uploads per member per hour.
    pub avatar_per_account: u32,
    /// Refused API tokens per client address per 5 minutes.
    pub token_failures_per_ip: u32,
    /// API tokens made per member per hour.
    pub token_create_per_account: u32,
    /// Threads and replies written per member per hour.
    pub posts_per_account: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        let d = civiclink_web::RateLimits::default();
        Self {
            login_per_ip: d.login_per_ip.max,
            login_per_account: d.login_per_account.max,
            join_per_ip: d.join_per_ip.max,
            reset_per_ip: d.reset_per_ip.max,
            reset_per_account: d.reset_per_account.max,
            avatar_per_account: d.avatar_per_account.max,
            token_failures_per_ip: d.token_failures_per_ip.max,
            token_create_per_account: d.token_create_per_account.max,
            posts_per_account: d.posts_per_account.max,
        }
    }
}

impl LimitsConfig {
    pub fn rules(&self) -> civiclink_web::RateLimits {
        let d = civiclink_web::RateLimits::default();
        let with = |r: civiclink_web::Rule, max| civiclink_web::Rule { max, ..r };
        civiclink_web::RateLimits {
            login_per_ip: with(d.login_per_ip, self.login_per_ip),
            login_per_account: with(d.login_per_account, self.login_per_account),
            join_per_ip: with(d.join_per_ip, self.join_per_ip),
            reset_per_ip: with(d.reset_per_ip, self.reset_per_ip),
            reset_per_account: with(d.reset_per_account, self.reset_per_account),
            avatar_per_account: with(d.avatar_per_account, self.avatar_per_account),
            token_failures_per_ip: with(d.token_failures_per_ip, self.token_failures_per_ip),
            token_create_per_account: with(
                d.token_create_per_account,
                self.token_create_per_account,
            ),
            posts_per_account: with(d.posts_per_account, self.posts_per_account),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    /// The address members use, for links in emails. `https://` makes cookies `Secure`.
    /// Left empty, it is `http://` and the listen address (see [`Config::load`]).
    pub public_url: String,
    pub database_url: String,
    pub database_max_connections: u32,
    pub index_dir: PathBuf,
    pub log_format: LogFormat,
    pub membership_days: i64,
    /// The reverse proxies (addresses or networks) whose `X-Forwarded-For` names the client.
    /// Empty, the client is the socket's peer.
    pub trusted_proxies: civiclink_web::TrustedProxies,
    /// Unlocks `/metrics` for a scraper elsewhere (`Authorization: Bearer …`); without it,
    /// metrics are served to loopback clients only.
    pub metrics_token: Option<String>,
    pub mail: MailConfig,
    pub limits: LimitsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: String::new(),
            database_url: "sqlite://./data/civiclink.db".into(),
            database_max_connections: 10,
            index_dir: PathBuf::from("./search-index"),
            log_format: LogFormat::Text,
            membership_days: 365,
            trusted_proxies: civiclink_web::TrustedProxies::default(),
            metrics_token: None,
            mail: MailConfig::default(),
            limits: LimitsConfig::default(),
        }
    }
}

/// Values given as flags; only those present override the rest.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<LogFormat>,
}

/// `CIVICLINK_*` variables that are not configuration: the project's own scripts, tests and
/// commands read them (`admin create-admin` reads the password). `BENCH_…` ones too.
const TOOL_VARIABLES: &[&str] = &[
    "admin_password",
    "test_database_url",
    "chromium",
    "chromedriver",
    "axe_js",
    "apt_updated",
];

/// The keys whose variables are read as written: secrets, where `012345` is not a number.
const SECRET_KEYS: &[&str] = &["metrics_token", "mail.smtp_username", "mail.smtp_password"];

/// The configuration's `CIVICLINK_*` variables, parsed as figment parses them (numbers,
/// booleans, lists), without the tools' own and without the secrets.
fn environment() -> Env {
    Env::prefixed("CIVICLINK_").split("__").filter(|k| {
        let k = k.as_str();
        !TOOL_VARIABLES.iter().any(|t| k.eq_ignore_ascii_case(t))
            && !k.to_ascii_lowercase().starts_with("bench_")
            && !SECRET_KEYS.iter().any(|s| k.eq_ignore_ascii_case(s))
    })
}

/// The secrets' variables, as strings exactly as written.
fn secrets() -> Figment {
    SECRET_KEYS.iter().fold(Figment::new(), |f, key| {
        let var = format!("CIVICLINK_{}", key.to_ascii_uppercase().replace('.', "__"));
        match std::env::var(&var) {
            Ok(v) => f.merge(Serialized::default(key, v)),
            Err(_) => f,
        }
    })
}

impl Config {
    /// Loads defaults < file < environment < flags. Without a `public_url`, links in emails
    /// point at the listen address (a wildcard address as `localhost`), so that
    /// `serve --listen 127.0.0.1:9000` alone sends links that work on this machine.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            anyhow::ensure!(
                path.exists(),
                "config file {} does not exist",
                path.display()
            );
            figment = figment.merge(Toml::file(path));
        }
        let mut config: Config = figment
            .merge(environment())
            .merge(secrets())
            .merge(Serialized::defaults(overrides))
            .extract()?;
        if config.public_url.trim().is_empty() {
            config.public_url = Self::local_url(config.listen);
        }
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.public_url.starts_with("http://") || self.public_url.starts_with("https://"),
            "public_url must start with http:// or https://"
        );
        anyhow::ensure!(
            (1..=3650).contains(&self.membership_days),
            "membership_days must be between 1 and 3650"
        );
        Ok(())
    }

    /// `http://` and the listen address, a wildcard address (`0.0.0.0`, `[::]`) as `localhost`.
    fn local_url(listen: SocketAddr) -> String {
        if listen.ip().is_unspecified() {
            format!("http://localhost:{}", listen.port())
        } else {
            format!("http://{listen}")
        }
    }

    pub fn cookie_secure(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[cfg(test)]
// figment's test jail fixes the closure's error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() -> anyhow::Result<()> {
        figment::Jail::expect_with(|_| {
            let c = Config::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
            assert_eq!(c.database_url, "sqlite://./data/civiclink.db");
            assert_eq!(c.public_url, "http://127.0.0.1:8080");
            assert!(!c.cookie_secure());
            Ok(())
        });
        Ok(())
    }

    #[test]
    fn trusted_proxies_come_as_a_list_or_a_comma_separated_variable() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "c.toml",
                "trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]\n",
            )?;
            let want = civiclink_web::TrustedProxies::parse(&["127.0.0.1", "10.0.0.0/8"])
                .map_err(|e| e.to_string())?;
            let c = Config::load(Some(Path::new("c.toml")), &Overrides::default())
                .map_err(|e| e.to_string())?;
            assert_eq!(c.trusted_proxies, want);
            jail.set_env("CIVICLINK_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8");
            let c = Config::load(None, &Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(c.trusted_proxies, want);
            jail.set_env("CIVICLINK_TRUSTED_PROXIES", "127.0.0.1, localhost");
            let err = Config::load(None, &Overrides::default())
                .err()
                .map(|e| format!("{e:#}"))
                .unwrap_or_default();
            assert!(err.contains("localhost"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn flags_beat_environment_beat_file() -> anyhow::Result<()> {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "c.toml",
                "listen = \"127.0.0.1:9000\"\npublic_url = \"https://file.example\"\n[mail]\nsmtp_port = 2525\n",
            )?;
            jail.set_env("CIVICLINK_PUBLIC_URL", "https://env.example");
            jail.set_env("CIVICLINK_MAIL__SMTP_HOST", "smtp.env.example");
            let overrides = Overrides {
                listen: Some(SocketAddr::from(([0, 0, 0, 0], 7000))),
                ..Overrides::default()
            };
            let c =
                Config::load(Some(Path::new("c.toml")), &overrides).map_err(|e| e.to_string())?;
            assert_eq!(c.listen.to_string(), "0.0.0.0:7000");
            assert_eq!(c.public_url, "https://env.example");
            assert_eq!(c.mail.smtp_host, "smtp.env.example");
            assert_eq!(c.mail.smtp_port, 2525);
            assert!(c.cookie_secure());
            Ok(())
        });
        Ok(())
    }

    fn load_error(file: Option<&str>) -> String {
        Config::load(file.map(Path::new), &Overrides::default())
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default()
    }

    #[test]
    fn unknown_and_misplaced_keys_are_refused_by_name() {
        figment::Jail::expect_with(|jail| {
            // `metrics_token` written after `[mail]` is `mail.metrics_token`: not a key.
            jail.create_file("misplaced.toml", "[mail]\nmetrics_token = \"s3cret\"\n")?;
            let err = load_error(Some("misplaced.toml"));
            assert!(
                err.contains("metrics_token") && err.contains("misplaced.toml"),
                "{err}"
            );
            jail.create_file("typo.toml", "[limits]\nlogin_per_ipp = 3\n")?;
            let err = load_error(Some("typo.toml"));
            assert!(err.contains("login_per_ipp"), "{err}");
            jail.create_file("top.toml", "colour = \"blue\"\n")?;
            assert!(load_error(Some("top.toml")).contains("colour"));

            jail.set_env("CIVICLINK_MAIL__SMTP_HOSTNAME", "smtp.example");
            let err = load_error(None);
            assert!(err.contains("smtp_hostname"), "{err}");
            jail.clear_env();
            jail.set_env("CIVICLINK_TRUST_PROXY_HEADERS", "true");
            let err = load_error(None);
            assert!(err.contains("trust_proxy_headers"), "{err}");
            jail.clear_env();

            // What the project's own tools read is not configuration.
            for (k, v) in [
                (
                    "CIVICLINK_TEST_DATABASE_URL",
                    "postgres://x@127.0.0.1/postgres",
                ),
                ("CIVICLINK_ADMIN_PASSWORD", "correct horse battery staple"),
                ("CIVICLINK_CHROMIUM", "/usr/bin/chromium"),
                ("CIVICLINK_BENCH_SECS", "5"),
            ] {
                jail.set_env(k, v);
            }
            Config::load(None, &Overrides::default()).map_err(|e| format!("{e:#}"))?;
            Ok(())
        });
    }

    #[test]
    fn secrets_are_read_as_written_even_all_digits() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CIVICLINK_METRICS_TOKEN", "0123456789");
            jail.set_env("CIVICLINK_MAIL__SMTP_USERNAME", "42");
            jail.set_env("CIVICLINK_MAIL__SMTP_PASSWORD", "007");
            let c = Config::load(None, &Overrides::default()).map_err(|e| format!("{e:#}"))?;
            assert_eq!(c.metrics_token.as_deref(), Some("0123456789"));
            assert_eq!(c.mail.smtp_username.as_deref(), Some("42"));
            assert_eq!(c.mail.smtp_password.as_deref(), Some("007"));
            Ok(())
        });
    }

    /// A relay on this host that offers no login, as a local Postfix does: it speaks SMTP on
    /// 127.0.0.1 and records the commands it was sent.
    async fn open_relay() -> std::io::Result<(u16, tokio::task::JoinHandle<Vec<String>>)> {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let task = tokio::spawn(async move {
            let mut seen = Vec::new();
            let Ok((socket, _)) = listener.accept().await else {
                return seen;
            };
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 relay.test ESMTP\r\n").await;
            let mut in_data = false;
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        // One message is all this relay takes; the mailer keeps its
                        // connection pooled, so the relay does not wait for a QUIT.
                        let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                        seen.push("QUEUED".to_owned());
                        break;
                    }
                    continue;
                }
                let verb = line
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                seen.push(verb.clone());
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" => b"250-relay.test\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    }
                    "AUTH" => b"502 5.5.1 no login here\r\n",
                    _ => b"250 ok\r\n",
                };
                let _ = write.write_all(reply).await;
            }
            seen
        });
        Ok((port, task))
    }

    #[tokio::test]
    async fn the_examples_empty_credentials_send_through_a_relay_without_login()
    -> anyhow::Result<()> {
        let (port, relay) = open_relay().await?;
        let example = include_str!("../../../deploy/civiclink.example.toml");
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("civiclink.toml");
        let with_relay = example
            .replace("transport = \"file\"", "transport = \"smtp\"")
            .replace("smtp_host = \"\"", "smtp_host = \"127.0.0.1\"")
            .replace("smtp_port = 587", &format!("smtp_port = {port}"))
            .replace("smtp_tls = \"starttls\"", "smtp_tls = \"none\"");
        std::fs::write(&path, with_relay)?;
        // Loaded in a jail, like every other test that reads the environment, so that a
        // variable another test sets meanwhile is not read here.
        let mut loaded = None;
        figment::Jail::expect_with(|jail| {
            jail.clear_env();
            loaded = Some(
                Config::load(Some(&path), &Overrides::default())
                    .map_err(|e| figment::Error::from(e.to_string()))?,
            );
            Ok(())
        });
        let config = loaded.ok_or_else(|| anyhow::anyhow!("the example did not load"))?;
        assert_eq!(config.mail.smtp_username.as_deref(), Some(""));
        let mailer = civiclink_mail::Mailer::new(&config.mail.from, &config.mail.transport()?)?;
        mailer
            .send(&civiclink_mail::Message {
                to: civiclink_domain::EmailAddress::parse("ada@kingston.test")
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?,
                to_name: "Ada".into(),
                subject: "Hello".into(),
                text: "Hello".into(),
                html: "<p>Hello</p>".into(),
            })
            .await?;
        let seen = relay.await?;
        assert!(seen.contains(&"QUEUED".to_owned()), "{seen:?}");
        assert!(!seen.contains(&"AUTH".to_owned()), "{seen:?}");
        Ok(())
    }

    /// Every leaf of a figment dictionary, by dotted key, as JSON (so that numbers compare by
    /// value whatever their width).
    fn leaves(
        prefix: &str,
        dict: &figment::value::Dict,
        out: &mut std::collections::BTreeMap<String, serde_json::Value>,
    ) -> Result<(), String> {
        for (k, v) in dict {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                figment::value::Value::Dict(_, d) => leaves(&key, d, out)?,
                other => {
                    let json: serde_json::Value =
                        other.deserialize().map_err(|e| format!("{key}: {e}"))?;
                    out.insert(key, json);
                }
            }
        }
        Ok(())
    }

    fn leaves_of(
        figment: &Figment,
    ) -> Result<std::collections::BTreeMap<String, serde_json::Value>, String> {
        let dict: figment::value::Dict = figment.extract().map_err(|e| e.to_string())?;
        let mut out = std::collections::BTreeMap::new();
        leaves("", &dict, &mut out)?;
        Ok(out)
    }

    /// The example file with every key given a value that is not its default (the commented
    /// ones uncommented): each one is read, and each one takes effect.
    #[test]
    fn every_key_of_the_example_takes_effect() {
        figment::Jail::expect_with(|jail| {
            let example = include_str!("../../../deploy/civiclink.example.toml");
            let changes = [
                ("listen = \"127.0.0.1:8080\"", "listen = \"127.0.0.1:9090\""),
                (
                    "# public_url = \"https://civiclink.example.org\"",
                    "public_url = \"https://civiclink.example.org\"",
                ),
                (
                    "database_url = \"sqlite://./data/civiclink.db\"",
                    "database_url = \"sqlite://./elsewhere/civiclink.db\"",
                ),
                (
                    "database_max_connections = 10",
                    "database_max_connections = 7",
                ),
                (
                    "index_dir = \"./search-index\"",
                    "index_dir = \"./elsewhere/index\"",
                ),
                ("log_format = \"text\"", "log_format = \"json\""),
                ("membership_days = 365", "membership_days = 400"),
                ("trusted_proxies = []", "trusted_proxies = [\"10.0.0.0/8\"]"),
                ("# metrics_token = \"\"", "metrics_token = \"scrape-me\""),
                (
                    "from = \"CivicLink <no-reply@civiclink.local>\"",
                    "from = \"Network <hello@network.example>\"",
                ),
                ("transport = \"file\"", "transport = \"smtp\""),
                ("dir = \"./data/mail\"", "dir = \"./elsewhere/mail\""),
                ("smtp_host = \"\"", "smtp_host = \"smtp.example.org\""),
                ("smtp_port = 587", "smtp_port = 465"),
                ("smtp_tls = \"starttls\"", "smtp_tls = \"tls\""),
                ("smtp_username = \"\"", "smtp_username = \"relay-user\""),
                ("smtp_password = \"\"", "smtp_password = \"relay-pass\""),
                ("login_per_ip = 30", "login_per_ip = 31"),
                ("login_per_account = 10", "login_per_account = 11"),
                ("join_per_ip = 10", "join_per_ip = 12"),
                ("reset_per_ip = 10", "reset_per_ip = 13"),
                ("reset_per_account = 5", "reset_per_account = 6"),
                ("avatar_per_account = 20", "avatar_per_account = 21"),
                ("token_failures_per_ip = 30", "token_failures_per_ip = 32"),
                (
                    "token_create_per_account = 20",
                    "token_create_per_account = 22",
                ),
                ("posts_per_account = 60", "posts_per_account = 61"),
            ];
            let mut text = example.to_owned();
            for (from, to) in changes {
                assert_eq!(text.matches(from).count(), 1, "{from}");
                text = text.replacen(from, to, 1);
            }
            jail.create_file("all.toml", &text)?;
            let set = leaves_of(&Figment::from(Toml::file("all.toml")))?;
            let defaults = leaves_of(&Figment::from(Serialized::defaults(Config::default())))?;
            let loaded = Config::load(Some(Path::new("all.toml")), &Overrides::default())
                .map_err(|e| format!("{e:#}"))?;
            let loaded = leaves_of(&Figment::from(Serialized::defaults(loaded)))?;
            // Every key the configuration has is in the example, and was changed.
            for key in defaults.keys() {
                assert!(set.contains_key(key), "the example does not list {key}");
            }
            for (key, value) in &set {
                assert_ne!(
                    defaults.get(key),
                    Some(value),
                    "{key} was left at its default"
                );
                assert_eq!(loaded.get(key), Some(value), "{key} did not take effect");
            }
            Ok(())
        });
    }

    #[test]
    fn the_example_file_holds_the_defaults() {
        figment::Jail::expect_with(|jail| {
            let example = include_str!("../../../deploy/civiclink.example.toml");
            jail.create_file("example.toml", example)?;
            let c = Config::load(Some(Path::new("example.toml")), &Overrides::default())
                .map_err(|e| e.to_string())?;
            let d = Config::default();
            assert_eq!(c.listen, d.listen);
            assert_eq!(c.database_url, d.database_url);
            assert_eq!(c.mail.transport, d.mail.transport);
            let (a, b) = (c.limits.rules(), d.limits.rules());
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            assert_eq!(c.trusted_proxies, d.trusted_proxies);
            Ok(())
        });
    }

    #[test]
    fn links_follow_the_listen_address_unless_told_otherwise() {
        figment::Jail::expect_with(|_| {
            let at = |listen: &str| {
                let overrides = Overrides {
                    listen: Some(listen.parse().map_err(|e| format!("{e}"))?),
                    ..Overrides::default()
                };
                Config::load(None, &overrides)
                    .map(|c| c.public_url)
                    .map_err(|e| e.to_string())
            };
            assert_eq!(at("127.0.0.1:9000")?, "http://127.0.0.1:9000");
            assert_eq!(at("0.0.0.0:8099")?, "http://localhost:8099");
            assert_eq!(at("[::]:8099")?, "http://localhost:8099");
            assert_eq!(at("[::1]:8099")?, "http://[::1]:8099");
            let told = Overrides {
                listen: Some(SocketAddr::from(([127, 0, 0, 1], 9000))),
                public_url: Some("https://civiclink.example.org".into()),
                ..Overrides::default()
            };
            let c = Config::load(None, &told).map_err(|e| e.to_string())?;
            assert_eq!(c.public_url, "https://civiclink.example.org");
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_refused() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("CIVICLINK_PUBLIC_URL", "ftp://nope");
            assert!(Config::load(None, &Overrides::default()).is_err());
            Ok(())
        });
    }
}
