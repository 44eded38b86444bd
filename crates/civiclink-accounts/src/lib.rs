//! Accounts and membership: associations and their organizations, members and their status,
//! joining (by request or invitation), email verification, passwords, administration and the
//! audit log. The SQL for these tables lives here and nowhere else.
//!
//! The web edge calls [`Accounts`]; every administrative method takes the acting member as an
//! [`Actor`] and checks its reach itself, so no route can forget to.

mod admin;
mod api_tokens;
mod audit;
mod emails;
mod error;
mod events;
mod join;
mod model;
mod org_roles;
mod orgs;
mod password;
mod renewal;
mod token;

use std::sync::Arc;

use civiclink_domain::{MemberId, Role};
use civiclink_mail::Mailer;
use civiclink_store::Db;

pub use admin::{InviteCreated, MemberFilter, MemberPage, MemberUpdate, NewInvite};
pub use api_tokens::{
    ApiToken, ApiTokenCreated, MAX_TOKEN_DAYS, MAX_TOKENS_PER_MEMBER, NewApiToken, TOKEN_PREFIX,
    TokenGrant, TokenScope,
};
pub use audit::{AccountsAudit, AuditEntry, AuditName, AuditNames, OrgDirectoryFields};
pub use civiclink_store::AuditFilter;
pub use error::{AccountsError, AccountsResult, TokenProblem};
pub use events::{AccountsEvent, AdminRemoval};
pub use join::{InviteJoin, JoinRequestForm, NewSiteAdmin, VerifyOutcome};
pub use model::{
    Access, Association, Invite, JoinRequest, JoinRequestStatus, Member, Organization,
};
pub use org_roles::{
    ADMIN_NOTE_MAX, ClaimStatus, ClaimsWaiting, OrgAdmin, OrgClaim, OrgReach, parse_admin_note,
};
pub use orgs::{
    NewAssociation, NewOrganization, OrganizationUpdate, parse_description, parse_population,
    parse_team_size, parse_website,
};
pub use renewal::RENEWAL_ASK_INTERVAL;

/// Settings the account flows need.
#[derive(Clone, Debug)]
pub struct AccountsConfig {
    /// The site's address as members reach it, for links in emails (no trailing slash).
    pub public_url: String,
    /// How long a membership lasts from approval, in days.
    pub membership_days: i64,
    /// How many password hashes may run at once; more are refused with [`AccountsError::Busy`].
    pub hash_concurrency: usize,
}

impl AccountsConfig {
    /// Two hashes per core: each takes tens of milliseconds, so a full server still answers
    /// within a few times that.
    pub fn default_hash_concurrency() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
    }
}

pub use civiclink_domain::Actor;

/// The refusals that follow from who is acting, as this crate's errors.
pub(crate) trait ActorRules {
    fn require_admin(&self) -> AccountsResult<()>;
    fn require_site_admin(&self) -> AccountsResult<()>;
}

impl ActorRules for Actor {
    fn require_admin(&self) -> AccountsResult<()> {
        if self.role.is_admin() {
            Ok(())
        } else {
            Err(AccountsError::Forbidden)
        }
    }

    fn require_site_admin(&self) -> AccountsResult<()> {
        if self.role == Role::SiteAdmin {
            Ok(())
        } else {
            Err(AccountsError::Forbidden)
        }
    }
}

/// How many signed-in members are kept in memory at most.
const SIGNED_IN_CAPACITY: usize = 20_000;

/// The accounts service. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Accounts {
    db: Db,
    mailer: Mailer,
    config: Arc<AccountsConfig>,
    hashing: Arc<password::HashPermits>,
    /// Emails handed to the mailer and not yet sent (or failed).
    outgoing: Arc<emails::Outgoing>,
    /// Members as the identity of a request loads them (see [`Accounts::signed_in_member`]).
    signed_in: Arc<civiclink_store::ReadCache<MemberId, Member>>,
}

impl Accounts {
    pub fn new(db: Db, mailer: Mailer, config: AccountsConfig) -> Self {
        Self {
            mailer,
            hashing: Arc::new(password::HashPermits::new(config.hash_concurrency)),
            config: Arc::new(config),
            outgoing: Arc::default(),
            signed_in: Arc::new(db.read_cache(SIGNED_IN_CAPACITY)),
            db,
        }
    }

    /// Waits until every email handed to the mailer so far has been sent or has failed: for
    /// a shutdown that does not drop mail, and for tests that read what was sent.
    pub async fn mail_settled(&self) {
        self.outgoing.settled().await;
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn config(&self) -> &AccountsConfig {
        &self.config
    }

    /// Takes every password-hashing slot until the guard is dropped, so that tests can see how
    /// a saturated server answers.
    #[cfg(feature = "testing")]
    pub async fn saturate_password_hashing(&self) -> Option<impl Drop + use<>> {
        self.hashing.hold_all().await
    }

    async fn hash(&self, p: &civiclink_domain::Password) -> AccountsResult<String> {
        password::hash(&self.hashing, p).await
    }

    async fn verify_password(&self, p: &str, stored: &str) -> AccountsResult<bool> {
        password::verify(&self.hashing, p, stored).await
    }

    async fn dummy_verify(&self, p: &str) -> AccountsResult<()> {
        password::dummy_verify(&self.hashing, p).await
    }

    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.config.public_url.trim_end_matches('/'))
    }
}
