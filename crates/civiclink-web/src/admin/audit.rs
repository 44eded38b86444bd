//! The audit log, worded for people: who did what to whom, and what changed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_accounts::{AuditEntry, AuditName, AuditNames};
use civiclink_domain::{Language, MemberStatus, OrgKind, Role};

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

/// The name in a detail that holds an id, or "none" when it holds nothing.
fn named_value(lang: Language, names: &AuditNames, v: &serde_json::Value) -> String {
    match v.as_str() {
        Some(id) => named(lang, names, id).text,
        None => t(lang, "admin-none"),
    }
}

fn audit_row(lang: Language, names: &AuditNames, entry: AuditEntry) -> AuditRow {
    let d = &entry.details;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => t(lang, "admin-none"),
        other => other.to_string(),
    };
    let change = |from: String, to: String| {
        t_args(
            lang,
            "audit-change",
            &[("from", Arg::Str(from)), ("to", Arg::Str(to))],
        )
    };
    let label = |key: &str| t(lang, key);
    let role = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|r| r.parse::<Role>().ok())
            .map_or_else(|| text(v), |r| t(lang, &format!("role-{}", r.as_str())))
    };
    let status = |v: &serde_json::Value| {
        v.as_str()
            .and_then(|r| r.parse::<MemberStatus>().ok())
            .map_or_else(|| text(v), |s| t(lang, &format!("status-{}", s.as_str())))
    };
    let day = |v: &serde_json::Value| match v.as_str() {
        Some(s) => time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_or_else(|_| s.to_owned(), |t| civiclink_i18n::date(lang, &t)),
        None => t(lang, "audit-no-end"),
    };
    let details: Vec<(String, String)> = match entry.action.as_str() {
        "join_request.approve" | "join_request.decline" => {
            vec![(label("members-email"), text(&d["email"]))]
        }
        "invite.create" => vec![
            (
                label("field-association_id"),
                named_value(lang, names, &d["association_id"]),
            ),
            (
                label("field-org_id"),
                match d["org_id"].as_str() {
                    Some(id) => named(lang, names, id).text,
                    None => t(lang, "admin-any"),
                },
            ),
            (label("invites-max-uses"), text(&d["max_uses"])),
            (label("invites-valid-days"), text(&d["valid_days"])),
        ],
        "member.role_change" => vec![(
            label("field-role"),
            change(role(&d["from"]), role(&d["to"])),
        )],
        "member.suspend" | "member.reinstate" | "member.status_change" => vec![(
            label("field-status"),
            change(status(&d["from"]), status(&d["to"])),
        )],
        "member.expiry_change" => vec![(
            label("field-membership_expires_at"),
            change(day(&d["from"]), day(&d["to"])),
        )],
        "member.org_change" | "org_claim.approve" | "org_claim.decline" => vec![(
            label("field-org_id"),
            change(
                named_value(lang, names, &d["from"]),
                named_value(lang, names, &d["to"]),
            ),
        )],
        "organization.create" => vec![(
            label("field-association_id"),
            named_value(lang, names, &d["association_id"]),
        )],
        "organization.update" => {
            let kind = |v: &serde_json::Value| {
                v.as_str()
                    .and_then(|k| k.parse::<OrgKind>().ok())
                    .map_or_else(|| text(v), |k| t(lang, &format!("kind-{}", k.as_str())))
            };
            let population = |v: &serde_json::Value| {
                v.as_i64()
                    .map_or_else(|| text(v), |n| civiclink_i18n::number(lang, n))
            };
            let (before, after) = (&d["before"], &d["after"]);
            [
                ("name", "field-name"),
                ("kind", "field-kind"),
                ("region", "field-region"),
                ("country", "field-country"),
                ("population", "field-population"),
            ]
            .into_iter()
            .filter(|(f, _)| before[*f] != after[*f])
            .map(|(f, key)| {
                let show = |v: &serde_json::Value| match f {
                    "kind" => kind(v),
                    "population" => population(v),
                    _ => text(v),
                };
                (label(key), change(show(&before[f]), show(&after[f])))
            })
            .collect()
        }
        "org_admin.add" | "org_admin.remove" => vec![(
            label("field-member_id"),
            named_value(lang, names, &d["member_id"]),
        )],
        "association.create" | "invite.revoke" | "member.export" | "member.erase" => Vec::new(),
        "api_token.create" => vec![
            (label("field-token_name"), text(&d["name"])),
            (label("field-scope"), text(&d["scope"])),
            (label("tokens-expires"), day(&d["expires_at"])),
        ],
        "api_token.revoke" => vec![(label("field-token_name"), text(&d["name"]))],
        // An action this page does not know yet keeps its raw details rather than none.
        _ => match d.as_object() {
            Some(o) if o.is_empty() => Vec::new(),
            _ => vec![(label("audit-details"), d.to_string())],
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
            actions: AUDIT_ACTIONS
                .iter()
                .map(|a| (*a, action_words(lang, a), q.action.as_deref() == Some(*a)))
                .collect(),
            action: q.action.unwrap_or_default(),
            actor_id: q.actor_id.unwrap_or_default(),
            next_before,
        },
    ))
}

/// The actions the audit log records, for its filter.
const AUDIT_ACTIONS: [&str; 21] = [
    "join_request.approve",
    "join_request.decline",
    "invite.create",
    "invite.revoke",
    "member.suspend",
    "member.reinstate",
    "member.status_change",
    "member.role_change",
    "member.expiry_change",
    "association.create",
    "organization.create",
    "organization.update",
    "member.org_change",
    "member.export",
    "member.erase",
    "org_admin.add",
    "org_admin.remove",
    "org_claim.approve",
    "org_claim.decline",
    "api_token.create",
    "api_token.revoke",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action the filter offers is worded in both languages.
    #[test]
    fn every_audit_action_has_words() {
        for lang in [Language::En, Language::Fr] {
            for a in AUDIT_ACTIONS {
                assert!(
                    civiclink_i18n::has(lang, &action_key(a)),
                    "{} is not worded in {lang:?}",
                    action_key(a)
                );
            }
        }
    }
}
