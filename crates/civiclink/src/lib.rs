//! The CivicLink service: configuration, wiring and the commands of the `civiclink` binary.
//! [`App`] is what `serve` runs and what the end-to-end tests start on port 0.

pub mod config;
pub mod demo;
pub mod import_stack;

use std::future::Future;
use std::time::Duration;

use anyhow::Context;
use civiclink_accounts::{Accounts, AccountsConfig};
use civiclink_mail::Mailer;
use civiclink_store::Db;
use civiclink_web::{AppState, Site, WebConfig};
use tokio::net::TcpListener;

pub use civiclink_web::TrustedProxies;
pub use config::{Config, LogFormat, Overrides};

/// A wired service: database migrated, mailer ready, routes built.
pub struct App {
    pub config: Config,
    pub db: Db,
    pub accounts: Accounts,
    pub people: civiclink_people::People,
    pub technology: civiclink_technology::Technology,
    pub threads: civiclink_threads::Threads,
    site: Site,
}

impl App {
    /// Connects to the database, migrates it, and builds the routes.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = connect(&config).await?;
        let mailer = Mailer::new(&config.mail.from, &config.mail.transport()?)
            .context("cannot set up the mailer")?;
        let accounts = Accounts::new(
            db.clone(),
            mailer,
            AccountsConfig {
                public_url: config.public_url.trim_end_matches('/').to_owned(),
                membership_days: config.membership_days,
                hash_concurrency: AccountsConfig::default_hash_concurrency(),
            },
        );
        // Data that migrations cannot compute in SQL (the same way on both databases).
        accounts
            .backfill_org_name_keys()
            .await
            .context("cannot fill the organizations' name keys")?;
        accounts
            .backfill_member_name_keys()
            .await
            .context("cannot fill the members' name keys")?;
        let people = civiclink_people::People::new(db.clone());
        let technology = civiclink_technology::Technology::new(
            db.clone(),
            civiclink_technology::Links::new(&config.public_url),
        );
        let threads = civiclink_threads::Threads::new(
            db.clone(),
            civiclink_threads::Links::new(&config.public_url),
        );
        let state = AppState::new(
            accounts.clone(),
            people.clone(),
            technology.clone(),
            threads.clone(),
            WebConfig {
                cookie_secure: config.cookie_secure(),
                trusted_proxies: config.trusted_proxies.clone(),
                limits: config.limits.rules(),
                metrics_token: config.metrics_token.clone(),
                public_url: config.public_url.trim_end_matches('/').to_owned(),
            },
        )
        .with_audit_actions::<civiclink_technology::TechnologyAudit>()
        .with_audit_actions::<civiclink_threads::ThreadsAudit>()
        .with_notices({
            let threads = threads.clone();
            std::sync::Arc::new(move |actor| {
                let threads = threads.clone();
                Box::pin(async move {
                    threads
                        .unread_notifications(&actor)
                        .await
                        .inspect_err(|e| tracing::warn!(error = %e, "unread notifications"))
                        .ok()
                })
            })
        });
        let site = Site::build(state).await?;
        Ok(Self {
            config,
            db,
            accounts,
            people,
            technology,
            threads,
            site,
        })
    }

    /// Serves until `shutdown` completes, with the periodic jobs running beside the server.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let jobs = self.spawn_jobs();
        let result = self.site.serve(listener, shutdown).await;
        // Mail handed over by the last requests is sent before the process ends.
        if tokio::time::timeout(Duration::from_secs(10), self.accounts.mail_settled())
            .await
            .is_err()
        {
            tracing::warn!("stopped with mail still being sent");
        }
        for job in jobs {
            job.abort();
        }
        // Read positions noted by the last page views.
        if let Err(e) = self.threads.flush_reads().await {
            tracing::warn!(error = %e, "read positions not written at shutdown");
        }
        self.db.close().await;
        result.context("the server stopped with an error")
    }

    /// Periodic work. Each job is idempotent, so every process may run it: with several
    /// processes on one PostgreSQL database the effect happens once (the update that does it
    /// is atomic and appends its events only for the rows it changed).
    fn spawn_jobs(&self) -> Vec<tokio::task::JoinHandle<()>> {
        let accounts = self.accounts.clone();
        let lapse = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(300));
            loop {
                tick.tick().await;
                match accounts.sweep_lapsed().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(members = n, "memberships lapsed"),
                    Err(e) => tracing::warn!(error = %e, "lapse sweep failed"),
                }
                // Sign-ups whose link expired or was used hold a password hash and a name
                // that no one can use any more.
                match accounts.purge_signups().await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(signups = n, "expired sign-ups purged"),
                    Err(e) => tracing::warn!(error = %e, "sign-up purge failed"),
                }
            }
        });
        let db = self.db.clone();
        let limits = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(e) = db.sweep_rate_limits().await {
                    tracing::warn!(error = %e, "rate-limit sweep failed");
                }
            }
        });
        let outbox = self.db.outbox();
        let listener = tokio::spawn(async move { outbox.listen().await });
        let people = self.people.clone();
        let profiles = tokio::spawn(async move { people.follow_outbox().await });
        let threads = self.threads.clone();
        let notifications = tokio::spawn(async move { threads.follow_outbox().await });
        let threads = self.threads.clone();
        let reads = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                if let Err(e) = threads.flush_reads().await {
                    tracing::warn!(error = %e, "read positions not written");
                }
            }
        });
        vec![lapse, limits, listener, profiles, notifications, reads]
    }
}

/// Connects and migrates.
pub async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, config.database_max_connections)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&config.database_url)))?;
    db.migrate().await.context("cannot migrate the database")?;
    Ok(db)
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(
            super::redact("sqlite://./data/x.db"),
            "sqlite://./data/x.db"
        );
    }

    /// Organizations from before the name key existed get theirs when the service starts.
    #[tokio::test]
    async fn starting_fills_missing_name_keys() -> anyhow::Result<()> {
        use civiclink_store::{execute_db, on_db, sqlx};
        let dir = tempfile::tempdir()?;
        let config = crate::Config {
            database_url: format!("sqlite://{}", dir.path().join("t.db").display()),
            index_dir: dir.path().join("index"),
            mail: crate::config::MailConfig {
                dir: dir.path().join("mail"),
                ..crate::config::MailConfig::default()
            },
            ..crate::Config::default()
        };
        let db = super::connect(&config).await?;
        let (assoc, org) = (
            civiclink_domain::AssociationId::new(),
            civiclink_domain::OrgId::new(),
        );
        execute_db!(db, sqlx::query(
            "INSERT INTO associations (id, name, short_name, country, created_at) VALUES ($1, 'MISA', 'MISA', 'CA', $2)",
        ).bind(assoc).bind(civiclink_store::now()))?;
        execute_db!(db, sqlx::query(
            "INSERT INTO organizations (id, association_id, name, kind, region, country, created_at) \
             VALUES ($1, $2, 'Municipalité de Val-des-Monts', 'municipality', 'Outaouais', 'CA', $3)",
        ).bind(org)
        .bind(assoc)
        .bind(civiclink_store::now()))?;
        let app = crate::App::build(config).await?;
        let key: String = on_db!(app.db, p => sqlx::query_scalar(
            "SELECT name_key FROM organizations WHERE id = $1",
        ).bind(org).fetch_one(p).await)?;
        assert_eq!(key, "municipalite de val des monts");
        assert_eq!(app.accounts.backfill_org_name_keys().await?, 0);
        Ok(())
    }
}
