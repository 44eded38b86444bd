//! The audit log: every administrative action, who did it, when and from which address.
//!
//! Each capability declares its actions once, as one enum whose variants carry the stored code
//! (`member.role_change`), the kind of thing acted on and the details together
//! ([`audit_actions!`]). [`Tx::audit`] writes an entry in the transaction of the action itself,
//! so an action without its entry cannot exist. Readers decode the stored entry back into its
//! variant ([`AuditAction::decode`]); the catalogs word each code as `audit-action-<code>`.
//!
//! Compatibility, as for events: a field added to a variant must be optional or
//! `#[serde(default)]`, and codes are never renamed.

use civiclink_domain::{Actor, MemberId};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::{Db, StoreError, StoreResult, Tx, execute, now, on_db};

/// A capability's audit actions: declared with [`audit_actions!`], which writes this impl.
pub trait AuditAction: Serialize + DeserializeOwned + Sized {
    /// Every code this type declares, as stored in `audit_log.action`.
    const CODES: &'static [&'static str];

    /// This action's code.
    fn code(&self) -> &'static str;

    /// The kind of thing this action acts on (`member`, `organization`, …).
    fn target_kind(&self) -> &'static str;

    /// The stored entry as this type: `None` when its code belongs to another type, an error
    /// when the code is this type's and the details do not decode.
    fn decode(code: &str, details: &serde_json::Value) -> StoreResult<Option<Self>> {
        if !Self::CODES.contains(&code) {
            return Ok(None);
        }
        let tagged = serde_json::json!({ "action": code, "details": details });
        serde_json::from_value(tagged)
            .map(Some)
            .map_err(|e| StoreError::corrupt(format!("audit entry {code} does not decode: {e}")))
    }

    /// The details as stored (the variant's fields, without the code).
    fn details(&self) -> StoreResult<serde_json::Value> {
        let mut tagged = serde_json::to_value(self).map_err(StoreError::corrupt)?;
        Ok(tagged
            .get_mut("details")
            .map(serde_json::Value::take)
            .unwrap_or_else(|| serde_json::json!({})))
    }
}

impl Tx {
    /// Records `action` by `actor` on `target` (its id), committed or rolled back with this
    /// transaction.
    pub async fn audit<A: AuditAction>(
        &mut self,
        actor: &Actor,
        target: impl std::fmt::Display,
        action: &A,
    ) -> StoreResult<()> {
        let details = action.details()?;
        execute!(self, sqlx::query(
            "INSERT INTO audit_log (actor_id, action, target_kind, target_id, details, ip, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(actor.id)
        .bind(action.code())
        .bind(action.target_kind())
        .bind(target.to_string())
        .bind(sqlx::types::Json(&details))
        .bind(actor.ip.as_deref())
        .bind(now()))?;
        Ok(())
    }
}

/// One stored entry of the audit log.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub actor_id: Option<MemberId>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    #[sqlx(json)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
    pub created_at: OffsetDateTime,
}

/// Which entries to read: newest first, `before` an id for the next page.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<MemberId>,
    pub target_id: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

impl Db {
    /// The entries `filter` asks for, newest first, at most 500. Who may read them is the
    /// caller's decision.
    pub async fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRecord>> {
        let limit = filter.limit.clamp(1, 500);
        Ok(on_db!(self, p => sqlx::query_as::<_, AuditRecord>(
            "SELECT id, actor_id, action, target_kind, target_id, details, ip, created_at \
             FROM audit_log \
             WHERE ($1 IS NULL OR action = $1) AND ($2 IS NULL OR actor_id = $2) \
             AND ($3 IS NULL OR target_id = $3) AND ($4 IS NULL OR id < $4) \
             ORDER BY id DESC LIMIT $5",
        )
        .bind(filter.action.as_deref())
        .bind(filter.actor)
        .bind(filter.target_id.as_deref())
        .bind(filter.before)
        .bind(limit)
        .fetch_all(p)
        .await)?)
    }
}

/// Declares a capability's audit actions: one enum, each variant with its stored code, the
/// kind of thing it acts on, and its details' fields (braces even when empty).
///
/// ```ignore
/// civiclink_store::audit_actions! {
///     /// What administrators do to memberships.
///     pub enum AccountsAudit {
///         "member.role_change" on "member" => RoleChange { from: Role, to: Role },
///         "invite.revoke" on "invite" => InviteRevoke {},
///     }
/// }
/// ```
#[macro_export]
macro_rules! audit_actions {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $code:literal on $target:literal => $variant:ident {
                    $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "action", content = "details")]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                $variant { $( $(#[$fmeta])* $field: $ty ),* },
            )*
        }

        impl $crate::AuditAction for $name {
            const CODES: &'static [&'static str] = &[$($code),*];

            fn code(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } => $code, )*
                }
            }

            fn target_kind(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } => $target, )*
                }
            }
        }
    };
}
