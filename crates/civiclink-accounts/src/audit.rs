//! The audit log: every administrative action, who did it, when and from which address.
//! Written in the transaction of the action itself, so an action without its entry cannot exist.

use std::collections::HashMap;

use civiclink_domain::MemberId;
use civiclink_store::{StoreResult, Tx, now, on_db, on_tx};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{Accounts, AccountsResult, Actor};

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: Option<MemberId>,
    pub actor_name: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    #[sqlx(json)]
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
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

pub(crate) async fn record(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    target_kind: &str,
    target_id: &str,
    details: serde_json::Value,
) -> StoreResult<()> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO audit_log (actor_id, action, target_kind, target_id, details, ip, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(actor.id)
    .bind(action)
    .bind(target_kind)
    .bind(target_id)
    .bind(sqlx::types::Json(&details))
    .bind(actor.ip.as_deref())
    .bind(now())
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What an id an audit entry mentions stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditName {
    Member { name: String, erased: bool },
    Organization(String),
    Association(String),
}

/// The names of the members, organizations and associations a set of audit entries mention.
#[derive(Clone, Debug, Default)]
pub struct AuditNames(HashMap<uuid::Uuid, AuditName>);

impl AuditNames {
    pub fn get(&self, id: &str) -> Option<&AuditName> {
        id.parse::<uuid::Uuid>().ok().and_then(|u| self.0.get(&u))
    }
}

/// Every id an entry names: its target, and the ids in its details (at any depth).
fn mentioned_ids(entry: &AuditEntry, out: &mut Vec<uuid::Uuid>) {
    fn walk(v: &serde_json::Value, out: &mut Vec<uuid::Uuid>) {
        match v {
            serde_json::Value::String(s) => {
                if let Ok(u) = s.parse::<uuid::Uuid>() {
                    out.push(u);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    if let Ok(u) = entry.target_id.parse::<uuid::Uuid>() {
        out.push(u);
    }
    walk(&entry.details, out);
}

impl Accounts {
    /// Names everything `entries` mention, in one query whatever their number. An erased
    /// member keeps their id but has no name left; they come back as `erased`.
    pub async fn audit_names(&self, entries: &[AuditEntry]) -> AccountsResult<AuditNames> {
        let mut ids = Vec::new();
        for e in entries {
            mentioned_ids(e, &mut ids);
        }
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(AuditNames::default());
        }
        let list = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT 'member' AS kind, id, display_name AS name, erased_at IS NOT NULL AS erased \
             FROM members WHERE id IN ({list}) \
             UNION ALL SELECT 'organization', id, name, FALSE FROM organizations WHERE id IN ({list}) \
             UNION ALL SELECT 'association', id, name, FALSE FROM associations WHERE id IN ({list})"
        );
        let rows: Vec<(String, uuid::Uuid, String, bool)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql);
            for id in &ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        Ok(AuditNames(
            rows.into_iter()
                .map(|(kind, id, name, erased)| {
                    let name = match kind.as_str() {
                        "member" => AuditName::Member { name, erased },
                        "organization" => AuditName::Organization(name),
                        _ => AuditName::Association(name),
                    };
                    (id, name)
                })
                .collect(),
        ))
    }

    /// Reads the audit log. Site admins only.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> AccountsResult<Vec<AuditEntry>> {
        actor.require_site_admin()?;
        let limit = filter.limit.clamp(1, 500);
        Ok(on_db!(self.db, p => sqlx::query_as::<_, AuditEntry>(
            "SELECT l.id, l.actor_id, m.display_name AS actor_name, l.action, l.target_kind, \
             l.target_id, l.details, l.ip, l.created_at \
             FROM audit_log l LEFT JOIN members m ON m.id = l.actor_id \
             WHERE ($1 IS NULL OR l.action = $1) AND ($2 IS NULL OR l.actor_id = $2) \
             AND ($3 IS NULL OR l.target_id = $3) AND ($4 IS NULL OR l.id < $4) \
             ORDER BY l.id DESC LIMIT $5",
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
