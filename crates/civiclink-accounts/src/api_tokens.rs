//! Personal access tokens: named secrets a member makes for scripts and integrations, sent as
//! `Authorization: Bearer clk_…`. The secret is shown once, when it is made; only its SHA-256 is
//! stored, with its first characters so that the member can tell tokens apart.
//!
//! A token acts as its member, within its scope, for as long as the member could act: a token is
//! refused once it is revoked or expired, and whenever its member is suspended, lapsed or erased
//! (checked on every request, from the member row). A password reset does not revoke tokens: they
//! are revoked one by one, by their member.

use civiclink_domain::{ApiTokenId, MemberId, ValidationError};
use civiclink_store::{StoreError, execute, execute_db, now, on_db, on_tx};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;

use crate::{Accounts, AccountsError, AccountsResult, Actor, Member};

/// What every token starts with, so that secret scanners (and people) recognize one.
pub const TOKEN_PREFIX: &str = "clk_";
/// How many live tokens (neither revoked nor expired) a member may hold.
pub const MAX_TOKENS_PER_MEMBER: i64 = 50;
/// The longest a token may be made to last; without an expiry it lasts until revoked.
pub const MAX_TOKEN_DAYS: i64 = 365;
/// How long a token's name may be.
const NAME_MAX: usize = 100;
/// A token's last use is written at most this often, so that a busy script does not turn every
/// read into a write.
const LAST_USED_EVERY: Duration = Duration::minutes(5);
/// How many characters of the secret (after [`TOKEN_PREFIX`]) are kept to show.
const SHOWN_CHARS: usize = 6;

/// What a token may do: read (GET and HEAD only) or read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    Read,
    Write,
}

impl TokenScope {
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "read" => Ok(TokenScope::Read),
            "write" => Ok(TokenScope::Write),
            _ => Err(ValidationError::new("scope", "invalid-choice")),
        }
    }

    /// Whether a request with this HTTP method is within the scope.
    pub fn allows(self, method_is_safe: bool) -> bool {
        method_is_safe || self == TokenScope::Write
    }
}

/// A token as its member sees it: never the secret.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub scope: TokenScope,
    /// The token's first characters (`clk_AbC123…`), to tell it apart.
    pub prefix: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it stops working; none: when it is revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// When it was last used, to within five minutes; none: never.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
}

impl ApiToken {
    pub fn is_expired(&self, at: OffsetDateTime) -> bool {
        self.expires_at.is_some_and(|e| e <= at)
    }
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: ApiTokenId,
    name: String,
    scope: String,
    prefix: String,
    created_at: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
    last_used_at: Option<OffsetDateTime>,
}

impl TryFrom<TokenRow> for ApiToken {
    type Error = AccountsError;
    fn try_from(r: TokenRow) -> Result<Self, Self::Error> {
        Ok(ApiToken {
            id: r.id,
            name: r.name,
            scope: TokenScope::parse(&r.scope)
                .map_err(|_| StoreError::Corrupt(format!("token scope {:?}", r.scope)))?,
            prefix: r.prefix,
            created_at: r.created_at,
            expires_at: r.expires_at,
            last_used_at: r.last_used_at,
        })
    }
}

/// A token to make, checked.
#[derive(Clone, Debug)]
pub struct NewApiToken {
    name: String,
    scope: TokenScope,
    expires_in_days: Option<i64>,
}

impl NewApiToken {
    /// `name` says what the token is for (required, at most 100 characters); `expires_in_days`
    /// is 1 to [`MAX_TOKEN_DAYS`], or none for a token that lasts until revoked.
    pub fn parse(
        name: &str,
        scope: TokenScope,
        expires_in_days: Option<i64>,
    ) -> Result<Self, ValidationError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ValidationError::new("name", "required"));
        }
        if name.chars().count() > NAME_MAX {
            return Err(ValidationError::new("name", "max-100-chars"));
        }
        if name.chars().any(char::is_control) {
            return Err(ValidationError::new("name", "control-chars"));
        }
        if let Some(d) = expires_in_days
            && !(1..=MAX_TOKEN_DAYS).contains(&d)
        {
            return Err(ValidationError::new("expires_in_days", "between-1-365"));
        }
        Ok(Self {
            name: name.to_owned(),
            scope,
            expires_in_days,
        })
    }
}

/// A token just made: the only time its secret is known.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ApiTokenCreated {
    #[serde(flatten)]
    pub token: ApiToken,
    /// The secret, to send as `Authorization: Bearer <secret>`. Shown this once.
    pub secret: String,
}

/// Who a bearer secret speaks for: the member as they are now, and the token's scope.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    pub member: Member,
    pub token: ApiTokenId,
    pub scope: TokenScope,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: ApiTokenId,
    member_id: MemberId,
    scope: String,
    expires_at: Option<OffsetDateTime>,
    last_used_at: Option<OffsetDateTime>,
    revoked_at: Option<OffsetDateTime>,
}

const TOKEN_SELECT: &str = "SELECT id, name, scope, prefix, created_at, expires_at, last_used_at \
     FROM api_tokens";

impl Accounts {
    /// `member`'s tokens that were not revoked, newest first (expired ones included, so that
    /// the member sees why a script stopped).
    pub async fn api_tokens(&self, member: MemberId) -> AccountsResult<Vec<ApiToken>> {
        let rows: Vec<TokenRow> = on_db!(self.db, p => sqlx::query_as(&format!(
            "{TOKEN_SELECT} WHERE member_id = $1 AND revoked_at IS NULL \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(member)
        .fetch_all(p)
        .await)?;
        rows.into_iter().map(ApiToken::try_from).collect()
    }

    /// Makes a token for the acting member. Refused past [`MAX_TOKENS_PER_MEMBER`] live tokens.
    /// Audited.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        new: &NewApiToken,
    ) -> AccountsResult<ApiTokenCreated> {
        let t = now();
        // The whole secret, prefix included, is what is hashed and compared.
        let (raw, _) = crate::token::generate();
        let secret = format!("{TOKEN_PREFIX}{raw}");
        let hash_of_secret = crate::token::hash(&secret);
        let prefix = format!(
            "{TOKEN_PREFIX}{}",
            raw.chars().take(SHOWN_CHARS).collect::<String>()
        );
        let token = ApiToken {
            id: ApiTokenId::new(),
            name: new.name.clone(),
            scope: new.scope,
            prefix,
            created_at: t,
            expires_at: new.expires_in_days.map(|d| t + Duration::days(d)),
            last_used_at: None,
        };
        let mut tx = self.db.begin().await?;
        // The member's row is written first: it locks out a concurrent creation (a row lock on
        // PostgreSQL, the write lock on SQLite), so that the count below cannot be raced past.
        let found = execute!(
            tx,
            sqlx::query("UPDATE members SET updated_at = updated_at WHERE id = $1",).bind(actor.id)
        )?;
        if found != 1 {
            return Err(AccountsError::NotFound);
        }
        let live: i64 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM api_tokens WHERE member_id = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(actor.id)
        .bind(t)
        .fetch_one(&mut *c)
        .await)?;
        if live >= MAX_TOKENS_PER_MEMBER {
            return Err(AccountsError::Conflict("conflict-too-many-tokens"));
        }
        execute!(tx, sqlx::query(
            "INSERT INTO api_tokens (id, member_id, name, scope, token_hash, prefix, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(token.id)
        .bind(actor.id)
        .bind(&token.name)
        .bind(token.scope.as_str())
        .bind(&hash_of_secret)
        .bind(&token.prefix)
        .bind(t)
        .bind(token.expires_at))?;
        tx.audit(
            actor,
            token.id,
            &crate::AccountsAudit::TokenCreate {
                name: token.name.clone(),
                scope: token.scope.as_str().to_owned(),
                expires_at: crate::audit::audit_time(token.expires_at),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ApiTokenCreated { token, secret })
    }

    /// Revokes one of the acting member's own tokens; it stops working at once. Another
    /// member's token, or one already revoked, is not found. Audited.
    pub async fn revoke_api_token(&self, actor: &Actor, id: ApiTokenId) -> AccountsResult<()> {
        let mut tx = self.db.begin().await?;
        let name: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "UPDATE api_tokens SET revoked_at = $3 \
             WHERE id = $1 AND member_id = $2 AND revoked_at IS NULL RETURNING name",
        )
        .bind(id)
        .bind(actor.id)
        .bind(now())
        .fetch_optional(&mut *c)
        .await)?;
        let Some(name) = name else {
            return Err(AccountsError::NotFound);
        };
        tx.audit(
            actor,
            id,
            &crate::AccountsAudit::TokenRevoke { name: name.clone() },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who `secret` speaks for, if it is a live token: not revoked, not expired. The member is
    /// loaded as they are now; the caller decides whether their access lets them act. Records
    /// the use (at most every five minutes).
    pub async fn authenticate_api_token(&self, secret: &str) -> AccountsResult<Option<TokenGrant>> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 128 {
            return Ok(None);
        }
        let hash = crate::token::hash(secret);
        let row: Option<GrantRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, member_id, scope, expires_at, last_used_at, revoked_at \
             FROM api_tokens WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(p)
        .await)?;
        let t = now();
        let Some(row) = row else { return Ok(None) };
        if row.revoked_at.is_some() || row.expires_at.is_some_and(|e| e <= t) {
            return Ok(None);
        }
        let scope = TokenScope::parse(&row.scope)
            .map_err(|_| StoreError::Corrupt(format!("token scope {:?}", row.scope)))?;
        let member = match self.member(row.member_id).await {
            Ok(m) => m,
            Err(AccountsError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        if row.last_used_at.is_none_or(|u| t - u >= LAST_USED_EVERY) {
            execute_db!(
                self.db,
                sqlx::query(
                    "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1 \
                 AND (last_used_at IS NULL OR last_used_at <= $3)",
                )
                .bind(row.id)
                .bind(t)
                .bind(t - LAST_USED_EVERY)
            )?;
        }
        Ok(Some(TokenGrant {
            member,
            token: row.id,
            scope,
        }))
    }
}

/// Deletes every token of an erased member, in the erasure's transaction.
pub(crate) async fn erase_tokens_in(
    tx: &mut civiclink_store::Tx,
    member: MemberId,
) -> AccountsResult<()> {
    execute!(
        tx,
        sqlx::query("DELETE FROM api_tokens WHERE member_id = $1").bind(member)
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;

    #[test]
    fn a_new_token_is_named_and_lasts_a_year_at_most() {
        assert!(NewApiToken::parse("Stack importer", TokenScope::Read, None).is_ok());
        assert!(NewApiToken::parse("x", TokenScope::Write, Some(365)).is_ok());
        for (name, days, field) in [
            ("  ", None, "name"),
            (&"n".repeat(101) as &str, None, "name"),
            ("bell\u{7}", None, "name"),
            ("ok", Some(0), "expires_in_days"),
            ("ok", Some(366), "expires_in_days"),
        ] {
            let e = NewApiToken::parse(name, TokenScope::Read, days).expect_err(name);
            assert_eq!(e.field, field);
        }
    }

    #[test]
    fn a_read_token_only_reads() {
        assert!(TokenScope::Read.allows(true));
        assert!(!TokenScope::Read.allows(false));
        assert!(TokenScope::Write.allows(false));
        assert_eq!(TokenScope::parse("write").ok(), Some(TokenScope::Write));
        assert!(TokenScope::parse("admin").is_err());
    }
}
