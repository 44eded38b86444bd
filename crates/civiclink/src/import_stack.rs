//! `civiclink import-stack FILE --org … --as …`: an organization's stack from a CSV file, from
//! the command line, as the member named (who must be able to keep that organization's
//! records). The same use-case as the page and the API: every line is checked first, and a file
//! with a bad line writes nothing and prints every problem with its line.

use std::path::Path;

use anyhow::Context;
use civiclink_accounts::Accounts;
use civiclink_domain::{Actor, EmailAddress, Language, OrgId};
use civiclink_technology::{ImportReport, Technology};

/// What the command was asked.
#[derive(Clone, Debug)]
pub struct ImportStack<'a> {
    pub file: &'a Path,
    /// The organization's id, or its name as written (case aside).
    pub org: &'a str,
    /// The email of the member the import is made as.
    pub member: &'a str,
    pub dry_run: bool,
}

/// Runs an import; `progress` is told of each line written.
pub async fn import_stack(
    accounts: &Accounts,
    technology: &Technology,
    args: &ImportStack<'_>,
    progress: &(dyn Fn(usize, usize) + Send + Sync),
) -> anyhow::Result<ImportReport> {
    let text = std::fs::read_to_string(args.file)
        .with_context(|| format!("cannot read {} as UTF-8 text", args.file.display()))?;
    let org = match args.org.trim().parse::<OrgId>() {
        Ok(id) => accounts
            .organization(id)
            .await
            .with_context(|| format!("no organization {id}"))?,
        Err(_) => {
            let wanted = civiclink_domain::text::search_key(args.org);
            accounts
                .list_organizations(None)
                .await?
                .into_iter()
                .find(|o| civiclink_domain::text::search_key(o.name.as_ref()) == wanted)
                .with_context(|| format!("no organization is named {:?}", args.org))?
        }
    };
    let email = EmailAddress::parse(args.member)
        .with_context(|| format!("{:?} is not an email address", args.member))?;
    let member = accounts
        .member_by_email(&email)
        .await?
        .with_context(|| format!("no member has the address {email}"))?;
    let actor = Actor {
        id: member.id,
        role: member.role,
        association_id: member.association_id,
        ip: None,
    };
    let outcome = technology
        .import_stack(&actor, org.id, &text, !args.dry_run, progress)
        .await
        .with_context(|| format!("{email} may not keep the records of {}", org.name))?;
    match outcome {
        Ok(report) => Ok(report),
        Err(errors) => {
            let mut message = format!(
                "{} was not imported; nothing was written:",
                args.file.display()
            );
            for e in &errors.0 {
                let worded = if e.column.is_empty() || e.message.starts_with("csv-") {
                    civiclink_i18n::t(Language::En, &format!("validation-{}", e.message))
                } else {
                    civiclink_i18n::validation(Language::En, &e.column, &e.message)
                };
                let column = if e.column.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", e.column)
                };
                message.push_str(&format!("\n  line {}{column}: {worded}", e.line));
            }
            anyhow::bail!(message)
        }
    }
}
