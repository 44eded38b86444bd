//! Demo data for `civiclink serve --demo` and `civiclink seed-demo`.
//!
//! Each capability loads its own demo data in its own module, through its public use-cases as
//! a member or an administrator would, never by writing another crate's tables: accounts makes
//! the associations, organizations and people ([`accounts`]), people fills their profiles and
//! connects colleagues ([`people`]). [`load`] runs them in the order they build on each other
//! and hands each the [`DemoWorld`] the ones before it made. A new capability adds one module
//! here and one call in [`load`].
//!
//! Loading is deterministic and idempotent: everything generated is planned from the seed
//! before anything is written, and only what is missing is created, so running it again
//! creates nothing and does not fail.

mod accounts;
mod people;
mod technology;
mod threads;

use std::fmt;

use civiclink_accounts::Actor;
use civiclink_domain::{AssociationId, MemberId, OrgId, Role};

pub use accounts::{AccountsDemo, DEMO_PASSWORD};
pub use people::PeopleDemo;
pub use technology::TechnologyDemo;
pub use threads::ThreadsDemo;

/// What the demo data holds that later capabilities build on: who works where, and who
/// administers the site.
#[derive(Clone, Debug)]
pub struct DemoWorld {
    pub site_admin: Actor,
    /// Every demo member who may sign in (not those whose join request waits), in a stable
    /// order: by association, then email.
    pub members: Vec<DemoMember>,
    /// The vendors that have an organization, by the name `data/technologies.csv` gives them.
    pub vendors: Vec<(String, OrgId)>,
}

/// A demo member, as later capabilities need them.
#[derive(Clone, Debug)]
pub struct DemoMember {
    pub id: MemberId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub association_id: Option<AssociationId>,
    pub org_id: Option<OrgId>,
}

impl DemoMember {
    /// The member as they act.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            role: self.role,
            association_id: self.association_id,
            ip: None,
        }
    }
}

/// What the loader did, capability by capability, and how to sign in.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    pub accounts: AccountsDemo,
    pub people: PeopleDemo,
    pub technology: TechnologyDemo,
    pub threads: ThreadsDemo,
    pub logins: Vec<DemoLogin>,
}

/// A login worth trying; all of them use [`DEMO_PASSWORD`].
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub email: String,
    /// A human label such as "Site admin".
    pub role: &'static str,
    /// What the login shows off, or where the person works.
    pub note: String,
}

/// The capabilities the demo data is written through.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub accounts: &'a civiclink_accounts::Accounts,
    pub people: &'a civiclink_people::People,
    pub technology: &'a civiclink_technology::Technology,
    pub threads: &'a civiclink_threads::Threads,
}

impl<'a> From<&'a crate::App> for Services<'a> {
    fn from(app: &'a crate::App) -> Self {
        Self {
            accounts: &app.accounts,
            people: &app.people,
            technology: &app.technology,
            threads: &app.threads,
        }
    }
}

/// Loads the demo data of every capability, through each capability's use-cases. The same
/// `seed` always plans the same data.
pub async fn load<'a>(app: impl Into<Services<'a>>, seed: u64) -> anyhow::Result<DemoSummary> {
    let app: Services<'a> = app.into();
    let (accounts, world, logins) = accounts::load(app.accounts, seed).await?;
    let people = people::load(app.people, &world, seed).await?;
    let technology = technology::load(app.technology, &world, seed).await?;
    let threads = threads::load(app.threads, app.technology, app.accounts, &world, seed).await?;
    Ok(DemoSummary {
        accounts,
        people,
        technology,
        threads,
        logins,
    })
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.accounts)?;
        writeln!(f, "{}", self.people)?;
        writeln!(f, "{}", self.technology)?;
        writeln!(f, "{}", self.threads)?;
        writeln!(f, "Logins (password for all: {DEMO_PASSWORD}):")?;
        let email_width = self
            .logins
            .iter()
            .map(|l| l.email.chars().count())
            .max()
            .unwrap_or(0);
        let role_width = self
            .logins
            .iter()
            .map(|l| l.role.chars().count())
            .max()
            .unwrap_or(0);
        for l in &self.logins {
            writeln!(
                f,
                "  {:<email_width$}  {:<role_width$}  {}",
                l.email, l.role, l.note
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{App, Config};

    /// Every capability's demo data loads, and loading again creates nothing.
    #[tokio::test]
    async fn loading_twice_creates_nothing_the_second_time() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let defaults = Config::default();
        let config = Config {
            database_url: format!("sqlite://{}", dir.path().join("t.db").display()),
            mail: crate::config::MailConfig {
                dir: dir.path().join("mail"),
                ..defaults.mail.clone()
            },
            ..defaults
        };
        let app = App::build(config).await?;

        let first = super::load(&app, 1).await?;
        assert!(first.accounts.members_created > 200, "{first}");
        assert!(first.people.profiles_filled > 200, "{first}");
        assert!(first.people.connections_made > 200, "{first}");
        assert!(first.people.follows_made > 200, "{first}");
        let text = first.to_string();
        assert!(text.contains(super::DEMO_PASSWORD), "{text}");
        assert!(text.contains("admin@civiclink.demo"), "{text}");

        let again = super::load(&app, 1).await?;
        assert_eq!(again.accounts.members_created, 0);
        assert_eq!(again.accounts.join_requests_created, 0);
        assert_eq!(again.people.profiles_filled, 0);
        assert_eq!(again.people.connections_made, 0);
        assert_eq!(again.people.follows_made, 0);
        assert_eq!(again.technology.listings_created, 0);
        assert_eq!(again.technology.revisions_created, 0);
        assert_eq!(again.technology.usage_created, 0);
        assert_eq!(again.threads.categories_created, 0);
        assert_eq!(again.threads.threads_created, 0);
        assert!(first.threads.threads_created >= 20, "{first}");
        assert!(first.threads.replies_created >= 40, "{first}");
        assert!(first.technology.usage_created > 200, "{first}");
        assert!(first.technology.listings_created >= 55, "{first}");
        assert!(first.technology.revisions_created >= 3, "{first}");
        assert_eq!(again.logins.len(), first.logins.len());

        // A demo member's profile was filled through the use-case.
        let member = first
            .logins
            .iter()
            .find(|l| l.role == "Member")
            .ok_or_else(|| anyhow::anyhow!("no member login"))?;
        let member = app
            .accounts
            .member_by_email(&civiclink_domain::EmailAddress::parse(&member.email)?)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo member missing"))?;
        let profile = app.people.profile(member.id).await?;
        assert!(!profile.job_title.is_empty() && !profile.expertise.is_empty());
        Ok(())
    }
}
