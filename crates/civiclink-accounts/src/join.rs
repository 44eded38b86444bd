//! Joining (by request or invitation), email verification, login and password reset.

use civiclink_domain::{
    AssociationId, DisplayName, EmailAddress, Language, MemberId, MemberStatus, OrgId, Password,
    Role, ValidationError,
};
use civiclink_store::{StoreError, StoreResult, Tx, execute, now, on_db, on_tx};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::emails::Kind;
use crate::events::AccountsEvent;
use crate::model::{INVITE_SELECT, MEMBER_SELECT, MemberRow};
use crate::{
    Access, Accounts, AccountsError, AccountsResult, Invite, JoinRequestStatus, Member,
    TokenProblem, token,
};

const VERIFY_TTL: Duration = Duration::hours(48);
const RESET_TTL: Duration = Duration::hours(1);
const MESSAGE_MAX: usize = 2000;

/// A request to join, validated.
#[derive(Clone, Debug)]
pub struct JoinRequestForm {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub password: Password,
    pub association_id: AssociationId,
    pub org_id: Option<OrgId>,
    pub message: String,
    /// The language the person joined in: their preference from now on.
    pub language: Language,
}

pub(crate) fn parse_optional_id<T: std::str::FromStr>(
    s: &str,
    field: &'static str,
) -> Result<Option<T>, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| ValidationError::new(field, "invalid-choice"))
}

impl JoinRequestForm {
    /// Validates every field; the first problem found is returned.
    pub fn parse(
        email: &str,
        display_name: &str,
        password: &str,
        association_id: &str,
        org_id: &str,
        message: &str,
        language: Language,
    ) -> Result<Self, ValidationError> {
        let email = EmailAddress::parse(email)?;
        let display_name = DisplayName::parse(display_name)?;
        let password = Password::parse(password)?;
        let association_id = parse_optional_id(association_id, "association_id")?
            .ok_or(ValidationError::new("association_id", "required"))?;
        let org_id = parse_optional_id(org_id, "org_id")?;
        let message = message.trim();
        if message.chars().count() > MESSAGE_MAX {
            return Err(ValidationError::new("message", "max-2000-chars"));
        }
        Ok(Self {
            email,
            display_name,
            password,
            association_id,
            org_id,
            message: message.to_owned(),
            language,
        })
    }
}

/// Joining through an invitation link: the association and organization come from the invite.
#[derive(Clone, Debug)]
pub struct InviteJoin {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub password: Password,
    pub language: Language,
}

impl InviteJoin {
    pub fn parse(
        email: &str,
        display_name: &str,
        password: &str,
        language: Language,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            email: EmailAddress::parse(email)?,
            display_name: DisplayName::parse(display_name)?,
            password: Password::parse(password)?,
            language,
        })
    }
}

/// A sign-up about to be held for verification.
struct NewSignup<'a> {
    email: &'a EmailAddress,
    display_name: &'a DisplayName,
    password: &'a Password,
    association_id: AssociationId,
    org_id: Option<OrgId>,
    invite_id: Option<civiclink_domain::InviteId>,
    message: &'a str,
    language: Language,
}

/// A sign-up being verified.
#[derive(sqlx::FromRow)]
struct SignupRow {
    email: String,
    display_name: String,
    password_hash: String,
    association_id: AssociationId,
    org_id: Option<OrgId>,
    invite_id: Option<civiclink_domain::InviteId>,
    message: String,
    language: Option<String>,
}

/// A site administrator made from the command line.
#[derive(Clone, Debug)]
pub struct NewSiteAdmin {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub password: Password,
}

/// What verifying an email address led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerifyOutcome {
    /// Joined by invitation: the membership is active now.
    Activated,
    /// Joined by request: an administrator still has to approve it.
    AwaitingApproval,
}

pub(crate) struct NewMemberRow<'a> {
    pub id: MemberId,
    pub email: &'a EmailAddress,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub association_id: Option<AssociationId>,
    pub org_id: Option<OrgId>,
    pub role: Role,
    pub status: MemberStatus,
    pub verified_at: Option<OffsetDateTime>,
    pub expires_at: Option<OffsetDateTime>,
    pub invite_id: Option<civiclink_domain::InviteId>,
    pub language: Option<Language>,
}

/// Inserts a member and appends `member.created`. A clash on the email is `Conflict`.
pub(crate) async fn insert_member(tx: &mut Tx, m: &NewMemberRow<'_>) -> AccountsResult<()> {
    let t = now();
    let r = execute!(tx, sqlx::query(
        "INSERT INTO members (id, email, display_name, password_hash, association_id, org_id, role, status, \
         email_verified_at, membership_expires_at, invite_id, session_epoch, created_at, updated_at, \
         preferred_language, name_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12, $13, $14)",
    )
    .bind(m.id)
    .bind(m.email.as_str())
    .bind(m.display_name)
    .bind(m.password_hash)
    .bind(m.association_id)
    .bind(m.org_id)
    .bind(m.role.as_str())
    .bind(m.status.as_str())
    .bind(m.verified_at)
    .bind(m.expires_at)
    .bind(m.invite_id)
    .bind(t)
    .bind(m.language.map(Language::code))
    .bind(civiclink_domain::text::search_key(m.display_name)));
    match r.map_err(StoreError::from) {
        Err(StoreError::Conflict(_)) => {
            return Err(AccountsError::Conflict("conflict-email"));
        }
        other => other?,
    };
    tx.emit(
        m.id.as_uuid(),
        &AccountsEvent::MemberCreated {
            association_id: m.association_id,
            org_id: m.org_id,
            display_name: m.display_name.to_owned(),
            status: m.status,
        },
    )
    .await?;
    Ok(())
}

async fn insert_join_request(
    tx: &mut Tx,
    member: MemberId,
    association_id: AssociationId,
    org_id: Option<OrgId>,
    message: &str,
) -> AccountsResult<()> {
    let request_id = civiclink_domain::JoinRequestId::new();
    execute!(tx, sqlx::query(
        "INSERT INTO join_requests (id, member_id, association_id, org_id, message, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
    )
    .bind(request_id)
    .bind(member)
    .bind(association_id)
    .bind(org_id)
    .bind(message)
    .bind(now()))?;
    tx.emit(
        request_id.as_uuid(),
        &AccountsEvent::JoinRequestCreated {
            member_id: member,
            association_id,
        },
    )
    .await?;
    Ok(())
}

async fn insert_token(
    tx: &mut Tx,
    member: MemberId,
    purpose: &str,
    ttl: Duration,
) -> AccountsResult<String> {
    let (token, hash) = token::generate();
    let t = now();
    execute!(tx, sqlx::query(
        "INSERT INTO email_tokens (token_hash, member_id, purpose, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&hash)
    .bind(member)
    .bind(purpose)
    .bind(t + ttl)
    .bind(t))?;
    Ok(token)
}

/// Marks a member's unused tokens used: those of one purpose, or all of them (`None`), so that
/// no link already in a mailbox works any more.
async fn spend_tokens(
    tx: &mut Tx,
    member: MemberId,
    purpose: Option<&str>,
    t: OffsetDateTime,
) -> AccountsResult<()> {
    execute!(
        tx,
        sqlx::query(
            "UPDATE email_tokens SET used_at = $2 WHERE member_id = $1 \
         AND ($3 IS NULL OR purpose = $3) AND used_at IS NULL",
        )
        .bind(member)
        .bind(t)
        .bind(purpose)
    )?;
    Ok(())
}

/// Marks a token used and returns its member, or says why it cannot be used.
async fn consume_token(tx: &mut Tx, token: &str, purpose: &str) -> AccountsResult<MemberId> {
    let hash = token::hash(token);
    let t = now();
    let used: Option<MemberId> = on_tx!(tx, c => sqlx::query_scalar(
        "UPDATE email_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING member_id",
    )
    .bind(&hash)
    .bind(purpose)
    .bind(t)
    .fetch_optional(&mut *c)
    .await)?;
    if let Some(id) = used {
        return Ok(id);
    }
    Err(AccountsError::Token(
        token_problem(tx, &hash, purpose).await?,
    ))
}

async fn token_problem(tx: &mut Tx, hash: &str, purpose: &str) -> AccountsResult<TokenProblem> {
    let row: Option<(Option<OffsetDateTime>, OffsetDateTime)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT used_at, expires_at FROM email_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(hash)
    .bind(purpose)
    .fetch_optional(&mut *c)
    .await)?;
    Ok(match row {
        None => TokenProblem::Unknown,
        Some((Some(_), _)) => TokenProblem::Used,
        Some((None, _)) => TokenProblem::Expired,
    })
}

impl Accounts {
    /// The member a request speaks for, read through a cache that every committed write puts
    /// out of date (`civiclink_store::ReadCache`): the identity of a page view costs no query
    /// while nothing was written. For display and checks at the door; a use-case that decides
    /// on a member's state reads it in its own transaction.
    pub async fn signed_in_member(&self, id: MemberId) -> AccountsResult<Member> {
        self.signed_in
            .get_or_load_found(&id, || async {
                match self.member(id).await {
                    Ok(m) => Ok(Some(m)),
                    Err(AccountsError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .await?
            .ok_or(AccountsError::NotFound)
    }

    pub async fn member(&self, id: MemberId) -> AccountsResult<Member> {
        let row: Option<MemberRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{MEMBER_SELECT} WHERE m.id = $1")
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        Ok(row.ok_or(AccountsError::NotFound)?.try_into()?)
    }

    pub async fn member_by_email(&self, email: &EmailAddress) -> AccountsResult<Option<Member>> {
        let row: Option<MemberRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{MEMBER_SELECT} WHERE m.email = $1")
        )
        .bind(email.as_str())
        .fetch_optional(p)
        .await)?;
        Ok(row.map(Member::try_from).transpose()?)
    }

    /// Checks that the association exists and that the organization, if any, belongs to it.
    async fn check_affiliation(
        &self,
        association: AssociationId,
        org: Option<OrgId>,
    ) -> AccountsResult<()> {
        match self.association(association).await {
            Err(AccountsError::NotFound) => {
                return Err(ValidationError::new("association_id", "unknown-association").into());
            }
            other => other?,
        };
        if let Some(org) = org {
            match self.organization(org).await {
                Ok(o) if o.association_id == association => {}
                Ok(_) | Err(AccountsError::NotFound) => {
                    return Err(ValidationError::new("org_id", "org-not-in-association").into());
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Someone tried to join with the address of a member: a note that the account exists. The
    /// response to the visitor is the same as for a new address, so joining does not reveal who
    /// is a member.
    async fn notify_existing(&self, member: &Member) {
        self.send(
            &member.email,
            &member.display_name,
            self.content(
                Kind::AlreadyMember,
                member.language(),
                &member.display_name,
                "",
            ),
        )
        .await;
    }

    /// Holds a sign-up until its address is verified and mails the verification link. A member
    /// with the address gets a note instead. Nothing here grants anything: no member exists
    /// until someone completes verification.
    async fn start_signup(&self, signup: NewSignup<'_>) -> AccountsResult<()> {
        // The password is hashed before the address is looked up, so that an existing account
        // does not answer measurably faster than a new one.
        let hash = self.hash(signup.password).await?;
        if let Some(existing) = self.member_by_email(signup.email).await? {
            self.notify_existing(&existing).await;
            return Ok(());
        }
        let (token, token_hash) = token::generate();
        let t = now();
        let mut tx = self.db.begin().await?;
        execute!(tx, sqlx::query(
            "INSERT INTO signups (token_hash, email, display_name, password_hash, association_id, \
             org_id, invite_id, message, language, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&token_hash)
        .bind(signup.email.as_str())
        .bind(signup.display_name.as_str())
        .bind(&hash)
        .bind(signup.association_id)
        .bind(signup.org_id)
        .bind(signup.invite_id)
        .bind(signup.message)
        .bind(signup.language.code())
        .bind(t + VERIFY_TTL)
        .bind(t))?;
        tx.commit().await?;
        self.send(
            signup.email,
            signup.display_name.as_str(),
            self.content(
                Kind::Verify,
                signup.language,
                signup.display_name.as_str(),
                &token,
            ),
        )
        .await;
        Ok(())
    }

    /// Files a request to join. It becomes a pending member, for an administrator of the
    /// association to approve, when the email address is verified.
    pub async fn request_join(&self, form: JoinRequestForm) -> AccountsResult<()> {
        self.check_affiliation(form.association_id, form.org_id)
            .await?;
        self.start_signup(NewSignup {
            email: &form.email,
            display_name: &form.display_name,
            password: &form.password,
            association_id: form.association_id,
            org_id: form.org_id,
            invite_id: None,
            message: &form.message,
            language: form.language,
        })
        .await
    }

    /// The invitation behind a link, if it still admits someone.
    pub async fn usable_invite(&self, token: &str) -> AccountsResult<Invite> {
        let invite: Option<Invite> = on_db!(self.db, p => sqlx::query_as(
            &format!("{INVITE_SELECT} WHERE i.token_hash = $1")
        )
        .bind(token::hash(token))
        .fetch_optional(p)
        .await)?;
        let invite = invite.ok_or(AccountsError::Token(TokenProblem::Unknown))?;
        let t = now();
        if invite.revoked_at.is_some() {
            Err(AccountsError::InviteUnavailable("revoked"))
        } else if invite.expires_at <= t {
            Err(AccountsError::InviteUnavailable("expired"))
        } else if invite.uses >= invite.max_uses {
            Err(AccountsError::InviteUnavailable("used"))
        } else {
            Ok(invite)
        }
    }

    /// Joins through an invitation. The invitation is spent, and the membership made active,
    /// only when the email address is verified.
    pub async fn accept_invite(&self, token: &str, form: InviteJoin) -> AccountsResult<()> {
        let invite = self.usable_invite(token).await?;
        self.start_signup(NewSignup {
            email: &form.email,
            display_name: &form.display_name,
            password: &form.password,
            association_id: invite.association_id,
            org_id: invite.org_id,
            invite_id: Some(invite.id),
            message: "",
            language: form.language,
        })
        .await
    }

    /// Confirms an email address with the token from the verification email: the sign-up
    /// behind it becomes a member, with the password and details given in that sign-up. Every
    /// other sign-up with the same address is void from then on.
    pub async fn verify_email(&self, token: &str) -> AccountsResult<VerifyOutcome> {
        let hash = token::hash(token);
        let t = now();
        let mut tx = self.db.begin().await?;
        let signup: Option<SignupRow> = on_tx!(tx, c => sqlx::query_as(
            "UPDATE signups SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
             AND expires_at > $2 RETURNING email, display_name, password_hash, association_id, \
             org_id, invite_id, message, language",
        )
        .bind(&hash)
        .bind(t)
        .fetch_optional(&mut *c)
        .await)?;
        let Some(signup) = signup else {
            let row: Option<(Option<OffsetDateTime>,)> = on_tx!(tx, c => sqlx::query_as(
                "SELECT used_at FROM signups WHERE token_hash = $1",
            )
            .bind(&hash)
            .fetch_optional(&mut *c)
            .await)?;
            return Err(AccountsError::Token(match row {
                None => TokenProblem::Unknown,
                Some((Some(_),)) => TokenProblem::Used,
                Some((None,)) => TokenProblem::Expired,
            }));
        };
        let email = EmailAddress::parse(&signup.email)?;
        if let Some(invite) = signup.invite_id {
            let spent = execute!(
                tx,
                sqlx::query(
                    "UPDATE invites SET uses = uses + 1 WHERE id = $1 AND uses < max_uses \
                 AND revoked_at IS NULL AND expires_at > $2",
                )
                .bind(invite)
                .bind(t)
            )?;
            if spent != 1 {
                return Err(AccountsError::InviteUnavailable("used"));
            }
        }
        let (status, expires) = match signup.invite_id {
            Some(_) => (
                MemberStatus::Active,
                Some(t + Duration::days(self.config.membership_days)),
            ),
            None => (MemberStatus::Pending, None),
        };
        let id = MemberId::new();
        let inserted = insert_member(
            &mut tx,
            &NewMemberRow {
                id,
                email: &email,
                display_name: &signup.display_name,
                password_hash: &signup.password_hash,
                association_id: Some(signup.association_id),
                org_id: signup.org_id,
                role: Role::Member,
                status,
                verified_at: Some(t),
                expires_at: expires,
                invite_id: signup.invite_id,
                language: signup.language.as_deref().and_then(Language::from_tag),
            },
        )
        .await;
        if let Err(AccountsError::Conflict(_)) = inserted {
            // Another sign-up with this address was verified first: this one is void. The
            // rollback leaves it unused, so the answer stays the same if it is tried again.
            return Err(AccountsError::Token(TokenProblem::Used));
        }
        inserted?;
        if signup.invite_id.is_none() {
            insert_join_request(
                &mut tx,
                id,
                signup.association_id,
                signup.org_id,
                &signup.message,
            )
            .await?;
        }
        execute!(
            tx,
            sqlx::query("UPDATE signups SET used_at = $2 WHERE email = $1 AND used_at IS NULL",)
                .bind(email.as_str())
                .bind(t)
        )?;
        tx.emit(id.as_uuid(), &AccountsEvent::EmailVerified { status })
            .await?;
        tx.commit().await?;
        Ok(if status == MemberStatus::Active {
            VerifyOutcome::Activated
        } else {
            VerifyOutcome::AwaitingApproval
        })
    }

    /// Deletes sign-ups whose link has expired or was used, with what they held (a password
    /// hash, a name): none of them can become a member any more. Returns how many went.
    pub async fn purge_signups(&self) -> AccountsResult<u64> {
        let t = now();
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query("DELETE FROM signups WHERE expires_at <= $1 OR used_at IS NOT NULL",)
                .bind(t)
        )?;
        tx.commit().await?;
        Ok(n)
    }

    /// Whether `password` opens the newest sign-up still waiting for `email`'s verification:
    /// such a person is told to verify, not that their password is wrong. Costs one hash, like
    /// a login with an unknown address.
    async fn awaiting_verification(
        &self,
        email: &EmailAddress,
        password: &str,
    ) -> AccountsResult<bool> {
        let hash: Option<String> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT password_hash FROM signups WHERE email = $1 AND used_at IS NULL \
             AND expires_at > $2 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(email.as_str())
        .bind(now())
        .fetch_optional(p)
        .await)?;
        match hash {
            Some(h) => self.verify_password(password, &h).await,
            None => {
                self.dummy_verify(password).await?;
                Ok(false)
            }
        }
    }

    /// Checks credentials and whether the member may sign in. A lapsed member may sign in (to
    /// see the renewal notice); the caller looks at [`Member::access`].
    pub async fn login(&self, email: &str, password: &str) -> AccountsResult<Member> {
        let Ok(email) = EmailAddress::parse(email) else {
            self.dummy_verify(password).await?;
            return Err(AccountsError::InvalidCredentials);
        };
        let found: Option<(MemberId, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, password_hash FROM members WHERE email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(p)
        .await)?;
        let Some((id, hash)) = found else {
            return Err(if self.awaiting_verification(&email, password).await? {
                AccountsError::EmailNotVerified
            } else {
                AccountsError::InvalidCredentials
            });
        };
        if !self.verify_password(password, &hash).await? {
            return Err(AccountsError::InvalidCredentials);
        }
        let member = self.member(id).await?;
        match member.access(now()) {
            Access::Full | Access::Lapsed => Ok(member),
            Access::None if member.status == MemberStatus::Suspended => {
                Err(AccountsError::Suspended)
            }
            Access::None => {
                let declined: Option<String> = on_db!(self.db, p => sqlx::query_scalar(
                    "SELECT status FROM join_requests WHERE member_id = $1 ORDER BY created_at DESC LIMIT 1",
                )
                .bind(id)
                .fetch_optional(p)
                .await)?;
                if declined.as_deref() == Some(JoinRequestStatus::Declined.as_str()) {
                    Err(AccountsError::JoinDeclined)
                } else {
                    Err(AccountsError::AwaitingApproval)
                }
            }
        }
    }

    /// Emails a reset link if the address has an account; says nothing either way.
    /// `lang` is the language of the request, used when the member chose none.
    pub async fn request_password_reset(
        &self,
        email: &EmailAddress,
        lang: Language,
    ) -> AccountsResult<()> {
        let Some(member) = self.member_by_email(email).await? else {
            return Ok(());
        };
        let mut tx = self.db.begin().await?;
        let token = insert_token(&mut tx, member.id, "reset_password", RESET_TTL).await?;
        tx.commit().await?;
        self.send(
            &member.email,
            &member.display_name,
            self.content(
                Kind::Reset,
                member.preferred_language.unwrap_or(lang),
                &member.display_name,
                &token,
            ),
        )
        .await;
        Ok(())
    }

    /// Whether a reset link can still be used, without using it (to show the form or an error).
    pub async fn check_reset_token(&self, token: &str) -> AccountsResult<()> {
        let hash = token::hash(token);
        let row: Option<(Option<OffsetDateTime>, OffsetDateTime)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT used_at, expires_at FROM email_tokens WHERE token_hash = $1 AND purpose = 'reset_password'",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?;
        match row {
            None => Err(AccountsError::Token(TokenProblem::Unknown)),
            Some((Some(_), _)) => Err(AccountsError::Token(TokenProblem::Used)),
            Some((None, exp)) if exp <= now() => Err(AccountsError::Token(TokenProblem::Expired)),
            Some(_) => Ok(()),
        }
    }

    /// Sets a new password with a reset token. Ends every session of the member and spends
    /// every other reset link they had.
    pub async fn reset_password(&self, token: &str, new: &Password) -> AccountsResult<MemberId> {
        // The link is checked before the costly hash, so that made-up tokens cost nothing; it
        // is spent below, in the transaction, in case it was used meanwhile.
        self.check_reset_token(token).await?;
        let hash = self.hash(new).await?;
        let mut tx = self.db.begin().await?;
        let id = consume_token(&mut tx, token, "reset_password").await?;
        let t = now();
        execute!(
            tx,
            sqlx::query(
                "UPDATE members SET password_hash = $2, session_epoch = session_epoch + 1, \
             email_verified_at = COALESCE(email_verified_at, $3), updated_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(&hash)
            .bind(t)
        )?;
        spend_tokens(&mut tx, id, Some("reset_password"), t).await?;
        tx.emit(id.as_uuid(), &AccountsEvent::PasswordChanged {})
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Makes a site administrator, active and verified, outside any association.
    pub async fn create_site_admin(&self, new: NewSiteAdmin) -> AccountsResult<Member> {
        let hash = self.hash(&new.password).await?;
        let id = MemberId::new();
        let t = now();
        let mut tx = self.db.begin().await?;
        insert_member(
            &mut tx,
            &NewMemberRow {
                id,
                email: &new.email,
                display_name: new.display_name.as_str(),
                password_hash: &hash,
                association_id: None,
                org_id: None,
                role: Role::SiteAdmin,
                status: MemberStatus::Active,
                verified_at: Some(t),
                expires_at: None,
                invite_id: None,
                language: None,
            },
        )
        .await?;
        tx.commit().await?;
        self.member(id).await
    }

    /// Erases a member's personal data inside `tx` (the caller erases what other capabilities
    /// hold in the same transaction): email, name and password are replaced, every session ends,
    /// pending email links die, and the member can never log in again. The row stays, so that what
    /// they wrote is still shown, as from a former member. Audited as the member's own action.
    pub async fn erase_in(&self, tx: &mut Tx, actor: &crate::Actor) -> AccountsResult<()> {
        let id = actor.id;
        let t = now();
        let placeholder = format!("erased-{}@erased.invalid", id.as_uuid().simple());
        execute!(tx, sqlx::query(
            "UPDATE members SET email = $2, display_name = '', name_key = '', password_hash = '!', \
             status = 'suspended', role = CASE WHEN role = 'site_admin' THEN role ELSE 'member' END, \
             session_epoch = session_epoch + 1, preferred_language = NULL, erased_at = $3, \
             updated_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(&placeholder)
        .bind(t))?;
        spend_tokens(tx, id, None, t).await?;
        crate::api_tokens::erase_tokens_in(tx, id).await?;
        crate::org_roles::erase_org_roles_in(tx, id).await?;
        tx.emit(id.as_uuid(), &AccountsEvent::Erased {}).await?;
        tx.audit(actor, id, &crate::AccountsAudit::MemberErase {})
            .await?;
        Ok(())
    }

    /// Records that a member downloaded their data.
    pub async fn record_export(&self, actor: &crate::Actor) -> AccountsResult<()> {
        let mut tx = self.db.begin().await?;
        tx.audit(actor, actor.id, &crate::AccountsAudit::MemberExport {})
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the name a member is shown by.
    pub async fn rename(&self, id: MemberId, name: &DisplayName) -> AccountsResult<()> {
        let mut tx = self.db.begin().await?;
        Self::rename_in(&mut tx, id, name).await?;
        tx.commit().await?;
        Ok(())
    }

    /// [`Accounts::rename`] inside the caller's transaction, for a use-case of another crate
    /// that changes the name with its own data (a profile edit), all or nothing.
    pub async fn rename_in(tx: &mut Tx, id: MemberId, name: &DisplayName) -> StoreResult<()> {
        let n = execute!(
            tx,
            sqlx::query(
                "UPDATE members SET display_name = $2, updated_at = $3, name_key = $4 \
             WHERE id = $1 AND display_name <> $2",
            )
            .bind(id)
            .bind(name.as_str())
            .bind(now())
            .bind(civiclink_domain::text::search_key(name.as_str()))
        )?;
        if n == 1 {
            tx.emit(
                id.as_uuid(),
                &AccountsEvent::Renamed {
                    display_name: name.as_str().to_owned(),
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Records the language a member chose for pages and email.
    pub async fn set_language(&self, id: MemberId, lang: Language) -> AccountsResult<()> {
        let mut tx = self.db.begin().await?;
        execute!(
            tx,
            sqlx::query(
                "UPDATE members SET preferred_language = $2, updated_at = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(lang.code())
            .bind(now())
        )?;
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::MemberUpdated {
                role: None,
                status: None,
                preferred_language: Some(lang),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Hashes a password, for loaders that create many members with one password.
    pub async fn hash_password(&self, p: &Password) -> AccountsResult<String> {
        self.hash(p).await
    }

    /// Creates an active, verified member unless one with this email exists (then returns
    /// `false`): what the demo loader uses to stay idempotent.
    #[allow(clippy::too_many_arguments)]
    pub async fn import_member(
        &self,
        email: &EmailAddress,
        display_name: &DisplayName,
        password_hash: &str,
        association_id: Option<AssociationId>,
        org_id: Option<OrgId>,
        role: Role,
        expires_at: Option<OffsetDateTime>,
    ) -> AccountsResult<bool> {
        if self.member_by_email(email).await?.is_some() {
            return Ok(false);
        }
        let mut tx = self.db.begin().await?;
        insert_member(
            &mut tx,
            &NewMemberRow {
                id: MemberId::new(),
                email,
                display_name: display_name.as_str(),
                password_hash,
                association_id,
                org_id,
                role,
                status: MemberStatus::Active,
                verified_at: Some(now()),
                expires_at,
                invite_id: None,
                language: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Creates a pending join request with a verified email, as if the person had joined and
    /// clicked the link: for demo data. Returns `false` if the email exists.
    pub async fn import_join_request(
        &self,
        email: &EmailAddress,
        display_name: &DisplayName,
        password_hash: &str,
        association_id: AssociationId,
        org_id: Option<OrgId>,
        message: &str,
    ) -> AccountsResult<bool> {
        if self.member_by_email(email).await?.is_some() {
            return Ok(false);
        }
        let id = MemberId::new();
        let mut tx = self.db.begin().await?;
        insert_member(
            &mut tx,
            &NewMemberRow {
                id,
                email,
                display_name: display_name.as_str(),
                password_hash,
                association_id: Some(association_id),
                org_id,
                role: Role::Member,
                status: MemberStatus::Pending,
                verified_at: Some(now()),
                expires_at: None,
                invite_id: None,
                language: None,
            },
        )
        .await?;
        insert_join_request(&mut tx, id, association_id, org_id, message).await?;
        tx.commit().await?;
        Ok(true)
    }
}
