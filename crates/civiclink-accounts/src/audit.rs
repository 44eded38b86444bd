//! The audit log: every administrative action, who did it, when and from which address.
//! Written in the transaction of the action itself, so an action without its entry cannot exist.

use std::collections::HashMap;

use civiclink_domain::{AssociationId, ClaimId, MemberId, MemberStatus, OrgId, OrgKind, Role};
use civiclink_store::{AuditFilter, on_db};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{Accounts, AccountsResult, Actor, ActorRules};

civiclink_store::audit_actions! {
    /// What administrators (and members, on their own account) do that the audit log keeps.
    /// Times travel as RFC 3339 text and names as plain strings, as they were first written.
    pub enum AccountsAudit {
        "member.erase" on "member" => MemberErase {},
        "member.export" on "member" => MemberExport {},
        "member.role_change" on "member" => RoleChange { from: Role, to: Role },
        "member.suspend" on "member" => Suspend { from: MemberStatus, to: MemberStatus },
        "member.reinstate" on "member" => Reinstate { from: MemberStatus, to: MemberStatus },
        "member.status_change" on "member" => StatusChange { from: MemberStatus, to: MemberStatus },
        "member.expiry_change" on "member" => ExpiryChange { from: Option<String>, to: Option<String> },
        "member.org_change" on "member" => OrgChange { from: Option<OrgId>, to: Option<OrgId> },
        "org_claim.approve" on "member" => ClaimApprove { claim_id: ClaimId, from: Option<OrgId>, to: OrgId },
        "org_claim.decline" on "member" => ClaimDecline { claim_id: ClaimId, from: Option<OrgId>, to: OrgId },
        "join_request.approve" on "join_request" => JoinApprove { member_id: MemberId, email: String },
        "join_request.decline" on "join_request" => JoinDecline { member_id: MemberId, email: String },
        "invite.create" on "invite" => InviteCreate {
            association_id: AssociationId,
            org_id: Option<OrgId>,
            max_uses: i64,
            valid_days: i64,
        },
        "invite.revoke" on "invite" => InviteRevoke {},
        "association.create" on "association" => AssociationCreate { name: String },
        "organization.create" on "organization" => OrganizationCreate {
            name: String,
            association_id: AssociationId,
        },
        "organization.update" on "organization" => OrganizationUpdate {
            before: OrgDirectoryFields,
            after: OrgDirectoryFields,
        },
        "org_admin.add" on "organization" => OrgAdminAdd { member_id: MemberId, name: String },
        "org_admin.remove" on "organization" => OrgAdminRemove { member_id: MemberId },
        "api_token.create" on "api_token" => TokenCreate {
            name: String,
            scope: String,
            expires_at: Option<String>,
        },
        "api_token.revoke" on "api_token" => TokenRevoke { name: String },
    }
}

/// The fields of an organization that the directories filter by, before and after a change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgDirectoryFields {
    pub name: String,
    pub kind: OrgKind,
    pub region: String,
    pub country: String,
    pub population: Option<i64>,
}

/// A time as the audit log keeps it: RFC 3339 text.
pub(crate) fn audit_time(t: Option<OffsetDateTime>) -> Option<String> {
    t.and_then(|t| {
        t.format(&time::format_description::well_known::Rfc3339)
            .ok()
    })
}

/// One entry of the audit log, with the name of who acted.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: Option<MemberId>,
    pub actor_name: Option<String>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub ip: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
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

    /// Reads the audit log, with the name of who acted. Site admins only.
    pub async fn audit_log(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> AccountsResult<Vec<AuditEntry>> {
        actor.require_site_admin()?;
        let records = self.db.audit_entries(filter).await?;
        let mut actors: Vec<uuid::Uuid> = records
            .iter()
            .filter_map(|r| r.actor_id.map(|a| a.as_uuid()))
            .collect();
        actors.sort_unstable();
        actors.dedup();
        let names = self.member_names(&actors).await?;
        Ok(records
            .into_iter()
            .map(|r| AuditEntry {
                actor_name: r.actor_id.and_then(|a| names.get(&a.as_uuid()).cloned()),
                id: r.id,
                actor_id: r.actor_id,
                action: r.action,
                target_kind: r.target_kind,
                target_id: r.target_id,
                details: r.details,
                ip: r.ip,
                created_at: r.created_at,
            })
            .collect())
    }

    /// The display names of `ids` (members), in one query.
    async fn member_names(
        &self,
        ids: &[uuid::Uuid],
    ) -> AccountsResult<HashMap<uuid::Uuid, String>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let list = (1..=ids.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT id, display_name FROM members WHERE id IN ({list})");
        let rows: Vec<(uuid::Uuid, String)> = on_db!(self.db, p => {
            let mut q = sqlx::query_as(&sql);
            for id in ids {
                q = q.bind(*id);
            }
            q.fetch_all(p).await
        })?;
        Ok(rows.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::AuditAction;
    use serde_json::json;

    use super::*;

    /// One of every action, so that a new variant without a case here fails to compile.
    fn every_action() -> Vec<AccountsAudit> {
        use AccountsAudit as A;
        let (member, org) = (MemberId::new(), OrgId::new());
        let fields = OrgDirectoryFields {
            name: "Town of Cobourg".into(),
            kind: OrgKind::Municipality,
            region: "Ontario".into(),
            country: "CA".into(),
            population: Some(20_519),
        };
        let all = vec![
            A::MemberErase {},
            A::MemberExport {},
            A::RoleChange {
                from: Role::Member,
                to: Role::Moderator,
            },
            A::Suspend {
                from: MemberStatus::Active,
                to: MemberStatus::Suspended,
            },
            A::Reinstate {
                from: MemberStatus::Suspended,
                to: MemberStatus::Active,
            },
            A::StatusChange {
                from: MemberStatus::Active,
                to: MemberStatus::Lapsed,
            },
            A::ExpiryChange {
                from: None,
                to: Some("2027-01-01T00:00:00Z".into()),
            },
            A::OrgChange {
                from: None,
                to: Some(org),
            },
            A::ClaimApprove {
                claim_id: ClaimId::new(),
                from: None,
                to: org,
            },
            A::ClaimDecline {
                claim_id: ClaimId::new(),
                from: Some(org),
                to: org,
            },
            A::JoinApprove {
                member_id: member,
                email: "a@example.org".into(),
            },
            A::JoinDecline {
                member_id: member,
                email: "a@example.org".into(),
            },
            A::InviteCreate {
                association_id: AssociationId::new(),
                org_id: None,
                max_uses: 5,
                valid_days: 14,
            },
            A::InviteRevoke {},
            A::AssociationCreate {
                name: "ALGIM".into(),
            },
            A::OrganizationCreate {
                name: "Town of Cobourg".into(),
                association_id: AssociationId::new(),
            },
            A::OrganizationUpdate {
                before: fields.clone(),
                after: fields,
            },
            A::OrgAdminAdd {
                member_id: member,
                name: "Ana".into(),
            },
            A::OrgAdminRemove { member_id: member },
            A::TokenCreate {
                name: "importer".into(),
                scope: "read".into(),
                expires_at: None,
            },
            A::TokenRevoke {
                name: "importer".into(),
            },
        ];
        for a in &all {
            // Exhaustive: a new action must be added above.
            match a {
                A::MemberErase {}
                | A::MemberExport {}
                | A::RoleChange { .. }
                | A::Suspend { .. }
                | A::Reinstate { .. }
                | A::StatusChange { .. }
                | A::ExpiryChange { .. }
                | A::OrgChange { .. }
                | A::ClaimApprove { .. }
                | A::ClaimDecline { .. }
                | A::JoinApprove { .. }
                | A::JoinDecline { .. }
                | A::InviteCreate { .. }
                | A::InviteRevoke {}
                | A::AssociationCreate { .. }
                | A::OrganizationCreate { .. }
                | A::OrganizationUpdate { .. }
                | A::OrgAdminAdd { .. }
                | A::OrgAdminRemove { .. }
                | A::TokenCreate { .. }
                | A::TokenRevoke { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_action_round_trips_through_its_stored_form() {
        let all = every_action();
        assert_eq!(all.len(), AccountsAudit::CODES.len(), "one of each code");
        for a in all {
            let details = a.details().expect("details");
            let back = AccountsAudit::decode(a.code(), &details).expect("decodes");
            assert_eq!(back, Some(a));
        }
        assert_eq!(
            AccountsAudit::decode("listing.approve", &json!({})).ok(),
            Some(None)
        );
        assert!(AccountsAudit::decode("member.role_change", &json!({ "from": 3 })).is_err());
    }

    /// Entries as they were written before the actions were typed still decode.
    #[test]
    fn entries_written_before_still_decode() {
        let stored = [
            (
                "member.role_change",
                json!({ "from": "member", "to": "association_admin" }),
            ),
            (
                "member.expiry_change",
                json!({ "from": null, "to": "2026-12-01T00:00:00Z" }),
            ),
            (
                "member.org_change",
                json!({ "from": null, "to": OrgId::new() }),
            ),
            ("member.erase", json!({})),
            (
                "organization.update",
                json!({
                    "before": { "name": "A", "kind": "municipality", "region": "R", "country": "CA", "population": null },
                    "after": { "name": "B", "kind": "municipality", "region": "R", "country": "CA", "population": 10 },
                }),
            ),
            (
                "api_token.create",
                json!({ "name": "n", "scope": "read", "expires_at": null }),
            ),
        ];
        for (code, details) in stored {
            let decoded = AccountsAudit::decode(code, &details);
            assert!(matches!(decoded, Ok(Some(_))), "{code}: {decoded:?}");
        }
    }
}
