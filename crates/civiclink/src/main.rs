//! `civiclink`: serve the network, migrate its database, load demo data, administer it.

use std::path::PathBuf;

use anyhow::Context;
use civiclink::{App, Config, LogFormat, Overrides, demo};
use civiclink_domain::{DisplayName, EmailAddress, Password};
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// CivicLink: the private professional network for municipal IT.
///
/// Settings come from flags, then CIVICLINK_* environment variables, then the config file,
/// then built-in defaults (SQLite in ./data, mail written to ./data/mail).
#[derive(Parser)]
#[command(name = "civiclink", version, propagate_version = true)]
struct Cli {
    /// A TOML config file (see deploy/civiclink.example.toml).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The database: sqlite://PATH or postgres://USER:PASS@HOST/DB.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// How logs are written.
    #[arg(long, global = true, value_enum)]
    log_format: Option<LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (migrates the database first).
    Serve {
        /// Address to listen on, such as 127.0.0.1:8080.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// The address members use, for links in emails.
        #[arg(long)]
        public_url: Option<String>,
        /// Load the demo data first (idempotent) and print the demo logins.
        #[arg(long)]
        demo: bool,
        /// The seed of the generated demo members.
        #[arg(long, default_value_t = 2026)]
        demo_seed: u64,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Load the demo data (idempotent) and print the demo logins.
    SeedDemo {
        /// The seed of the generated demo members.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Import an organization's stack from a CSV file (the columns of the stack download), as
    /// the member named: every line is checked first; a file with a bad line writes nothing.
    ImportStack {
        /// The CSV file.
        file: std::path::PathBuf,
        /// The organization: its id, or its name as written.
        #[arg(long)]
        org: String,
        /// The email of the member the import is made as: one of the organization's members,
        /// or a site administrator.
        #[arg(long = "as", value_name = "EMAIL")]
        member: String,
        /// Check the file and print what it would do, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Administration from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Make a site administrator. The password comes from CIVICLINK_ADMIN_PASSWORD, or is asked for.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// The name shown to members.
        #[arg(long, default_value = "Site administrator")]
        name: String,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut overrides = Overrides {
        database_url: cli.database_url,
        log_format: cli.log_format,
        ..Overrides::default()
    };
    if let Command::Serve {
        listen, public_url, ..
    } = &cli.command
    {
        overrides.listen = *listen;
        overrides.public_url = public_url.clone();
    }
    let config = Config::load(cli.config.as_deref(), &overrides)?;
    init_logging(config.log_format);

    match cli.command {
        Command::Serve {
            demo, demo_seed, ..
        } => serve(config, demo.then_some(demo_seed)).await,
        Command::Migrate => {
            civiclink::connect(&config).await?;
            println!("the database is up to date");
            Ok(())
        }
        Command::SeedDemo { seed } => {
            let app = App::build(config).await?;
            println!("{}", demo::load(&app, seed).await?);
            Ok(())
        }
        Command::ImportStack {
            file,
            org,
            member,
            dry_run,
        } => {
            let app = App::build(config).await?;
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} lines")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let report = civiclink::import_stack::import_stack(
                &app.accounts,
                &app.technology,
                &civiclink::import_stack::ImportStack {
                    file: &file,
                    org: &org,
                    member: &member,
                    dry_run,
                },
                &|done, total| {
                    bar.set_length(u64::try_from(total).unwrap_or(u64::MAX));
                    bar.set_position(u64::try_from(done).unwrap_or(u64::MAX));
                },
            )
            .await;
            bar.finish_and_clear();
            let report = report?;
            println!(
                "{}: {} records {}, {} {}",
                file.display(),
                report.created,
                if report.applied { "added" } else { "to add" },
                report.updated,
                if report.applied {
                    "updated"
                } else {
                    "to update (nothing written)"
                },
            );
            Ok(())
        }
        Command::Admin(AdminCommand::CreateAdmin { email, name }) => {
            let email = EmailAddress::parse(&email)?;
            let name = DisplayName::parse(&name)?;
            let password = match std::env::var("CIVICLINK_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => rpassword::prompt_password("Password for the new administrator: ")
                    .context("cannot read the password (set CIVICLINK_ADMIN_PASSWORD)")?,
            };
            let password = Password::parse(&password)?;
            let app = App::build(config).await?;
            let admin = app
                .accounts
                .create_site_admin(civiclink_accounts::NewSiteAdmin {
                    email,
                    display_name: name,
                    password,
                })
                .await?;
            println!("site administrator {} created", admin.email);
            Ok(())
        }
    }
}

async fn serve(config: Config, demo_seed: Option<u64>) -> anyhow::Result<()> {
    let listen = config.listen;
    let app = App::build(config).await?;
    if let Some(seed) = demo_seed {
        println!("{}", demo::load(&app, seed).await?);
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let url = format!("http://{}", listener.local_addr()?);
    tracing::info!(%url, "CivicLink is serving");
    println!(
        "CivicLink is running at {url} (public address {})",
        app.config.public_url
    );
    app.serve(listener, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

fn init_logging(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
