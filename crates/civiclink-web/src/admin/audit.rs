//! The audit log, worded for people: who did what to whom, and what changed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_accounts::{AccountsAudit, AuditEntry, AuditName, AuditNames};
use civiclink_domain::{Language, MemberStatus, OrgId, OrgKind, Role};
use civiclink_store::AuditAction;

use civiclink_i18n::{Arg, t, t_args};

use crate::admin::api::AuditQuery;
use crate::kit::error::AppError;
use crate::kit::extract::QueryParams;
use crate::kit::page::{Page, render};
use crate::kit::session::{Admin, SessionHandle};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route("/admin/audit", get(audit))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    page: Page,
    rows: Vec<AuditRow>,
    /// Each action's code, its words, and whether the filter has it.
    actions: Vec<(&'static str, String, bool)>,
    action: String,
    actor_id: String,
    next_before: Option<i64>,
}

/// A name the audit log shows, linked to its administration page when it has one.
struct Named {
    text: String,
    href: Option<String>,
}

impl Named {
    fn plain(text: String) -> Self {
        Self { text, href: None }
    }
}

/// One entry of the audit log as people read it.
struct AuditRow {
    entry: AuditEntry,
    /// The action in words; the code stays beside it for those who search by it.
    action: String,
    who: Named,
    target: Named,
    /// Known details as label and value, names instead of ids.
    details: Vec<(String, String)>,
}

/// The catalog key wording an audit action: `member.role_change` is `audit-action-member-role-change`.
fn action_key(action: &str) -> String {
    format!("audit-action-{}", action.replace(['.', '_'], "-"))
}

fn action_words(lang: Language, action: &str) -> String {
    let key = action_key(action);
    if civiclink_i18n::has(lang, &key) {
        t(lang, &key)
    } else {
        action.to_owned()
    }
}

/// What an id stands for, named: a member (or "former member" once erased), an organization or
/// an association, linked to its page.
fn named(lang: Language, names: &AuditNames, id: &str) -> Named {
    match names.get(id) {
        Some(AuditName::Member { name, erased }) if *erased || name.is_empty() => {
            Named::plain(t(lang, "audit-former-member"))
        }
        Some(AuditName::Member { name, .. }) => Named {
            text: name.clone(),
            href: Some(format!("/admin/members/{id}")),
        },
        Some(AuditName::Organization(name)) => Named {
            text: name.clone(),
            href: Some(format!("/admin/organizations/{id}")),
        },
        Some(AuditName::Association(name)) => Named {
            text: name.clone(),
            href: Some("/admin/associations".to_owned()),
        },
        None => Named::plain(id.to_owned()),
    }
}

/// The details of an accounts action as label and value, with names instead of ids.
fn accounts_details(
    lang: Language,
    names: &AuditNames,
    action: &AccountsAudit,
) -> Vec<(String, String)> {
    use AccountsAudit as A;
    let change = |from: String, to: String| {
        t_args(
            lang,
            "audit-change",
            &[("from", Arg::Str(from)), ("to", Arg::Str(to))],
        )
    };
    let label = |key: &str| t(lang, key);
    let role = |r: &Role| t(lang, &format!("role-{}", r.as_str()));
    let status = |s: &MemberStatus| t(lang, &format!("status-{}", s.as_str()));
    let day = |v: &Option<String>| match v {
        Some(s) => time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_or_else(|_| s.clone(), |t| civiclink_i18n::date(lang, &t)),
        None => t(lang, "audit-no-end"),
    };
    let name = |id: &dyn std::fmt::Display| named(lang, names, &id.to_string()).text;
    let org = |id: &Option<OrgId>| match id {
        Some(id) => name(id),
        None => t(lang, "admin-none"),
    };
    match action {
        A::JoinApprove { email, .. } | A::JoinDecline { email, .. } => {
            vec![(label("members-email"), email.clone())]
        }
        A::InviteCreate {
            association_id,
            org_id,
            max_uses,
            valid_days,
        } => vec![
            (label("field-association_id"), name(association_id)),
            (
                label("field-org_id"),
                match org_id {
                    Some(id) => name(id),
                    None => t(lang, "admin-any"),
                },
            ),
            (label("invites-max-uses"), max_uses.to_string()),
            (label("invites-valid-days"), valid_days.to_string()),
        ],
        A::RoleChange { from, to } => vec![(label("field-role"), change(role(from), role(to)))],
        A::Suspend { from, to } | A::Reinstate { from, to } | A::StatusChange { from, to } => {
            vec![(label("field-status"), change(status(from), status(to)))]
        }
        A::ExpiryChange { from, to } => vec![(
            label("field-membership_expires_at"),
            change(day(from), day(to)),
        )],
        A::OrgChange { from, to } => vec![(label("field-org_id"), change(org(from), org(to)))],
        A::ClaimApprove { from, to, .. } | A::ClaimDecline { from, to, .. } => {
            vec![(label("field-org_id"), change(org(from), name(to)))]
        }
        A::OrganizationCreate { association_id, .. } => {
            vec![(label("field-association_id"), name(association_id))]
        }
        A::OrganizationUpdate { before, after } => {
            let kind = |k: &OrgKind| t(lang, &format!("kind-{}", k.as_str()));
            let population = |p: &Option<i64>| match p {
                Some(n) => civiclink_i18n::number(lang, *n),
                None => t(lang, "admin-none"),
            };
            let mut rows = Vec::new();
            let mut differs = |key: &str, from: String, to: String| {
                if from != to {
                    rows.push((label(key), change(from, to)));
                }
            };
            differs("field-name", before.name.clone(), after.name.clone());
            differs("field-kind", kind(&before.kind), kind(&after.kind));
            differs("field-region", before.region.clone(), after.region.clone());
            differs(
                "field-country",
                before.country.clone(),
                after.country.clone(),
            );
            differs(
                "field-population",
                population(&before.population),
                population(&after.population),
            );
            rows
        }
        A::OrgAdminAdd { member_id, .. } | A::OrgAdminRemove { member_id } => {
            vec![(label("field-member_id"), name(member_id))]
        }
        A::AssociationCreate { .. }
        | A::InviteRevoke {}
        | A::MemberExport {}
        | A::MemberErase {} => Vec::new(),
        A::TokenCreate {
            name,
            scope,
            expires_at,
        } => vec![
            (label("field-token_name"), name.clone()),
            (label("field-scope"), scope.clone()),
            (label("tokens-expires"), day(expires_at)),
        ],
        A::TokenRevoke { name } => vec![(label("field-token_name"), name.clone())],
    }
}

fn audit_row(lang: Language, names: &AuditNames, entry: AuditEntry) -> AuditRow {
    let d = &entry.details;
    let details = match AccountsAudit::decode(&entry.action, d) {
        Ok(Some(action)) => accounts_details(lang, names, &action),
        // Another capability's action, or details this version cannot read: shown raw rather
        // than not at all.
        Ok(None) | Err(_) => match d.as_object() {
            Some(o) if o.is_empty() => Vec::new(),
            _ => vec![(t(lang, "audit-details"), d.to_string())],
        },
    };
    let target = match entry.target_kind.as_str() {
        "member" | "organization" | "association" => named(lang, names, &entry.target_id),
        "join_request" => match d["member_id"].as_str() {
            Some(id) => named(lang, names, id),
            None => Named::plain(t(lang, "audit-target-join-request")),
        },
        "invite" => Named {
            text: t(lang, "audit-target-invite"),
            href: Some("/admin/invites".to_owned()),
        },
        _ => Named::plain(entry.target_id.clone()),
    };
    let who = match (&entry.actor_id, &entry.actor_name) {
        (None, _) => Named::plain(t(lang, "audit-system")),
        (Some(id), name) => match names.get(&id.to_string()) {
            Some(_) => named(lang, names, &id.to_string()),
            None => match name {
                Some(n) if !n.is_empty() => Named {
                    text: n.clone(),
                    href: Some(format!("/admin/members/{id}")),
                },
                _ => Named::plain(t(lang, "audit-former-member")),
            },
        },
    };
    AuditRow {
        action: action_words(lang, &entry.action),
        who,
        target,
        details,
        entry,
    }
}

async fn audit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    QueryParams(q): QueryParams<AuditQuery>,
) -> Result<Response, AppError> {
    let filter = q.filter()?;
    let entries = state.accounts.audit_log(&admin.actor(), &filter).await?;
    let next_before = if entries.len() as i64 == filter.limit.clamp(1, 500) {
        entries.last().map(|e| e.id)
    } else {
        None
    };
    let names = state.accounts.audit_names(&entries).await?;
    let lang = admin.lang();
    let rows = entries
        .into_iter()
        .map(|e| audit_row(lang, &names, e))
        .collect();
    let page = Page::new(
        &s,
        lang,
        Some(admin.member()),
        t(lang, "admin-audit"),
        "admin-audit",
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            page,
            rows,
            actions: state
                .audit_codes
                .iter()
                .map(|a| (*a, action_words(lang, a), q.action.as_deref() == Some(*a)))
                .collect(),
            action: q.action.unwrap_or_default(),
            actor_id: q.actor_id.unwrap_or_default(),
            next_before,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the filter offers is worded in both languages.
    #[test]
    fn every_audit_action_has_words() {
        for lang in [Language::En, Language::Fr] {
            for a in AccountsAudit::CODES {
                assert!(
                    civiclink_i18n::has(lang, &action_key(a)),
                    "{} is not worded in {lang:?}",
                    action_key(a)
                );
            }
        }
    }
}
