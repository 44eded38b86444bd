//! People reads what accounts lets it read, through accounts' views (`member_facts`,
//! `organization_facts`, `association_facts`; migration 0016), never accounts' tables: a
//! column accounts renames or moves is then renamed in the view, not in this crate's SQL.

use std::path::Path;

/// The tables of accounts (and the store's audit log) that no query of this crate may name.
const NOT_OURS: [&str; 11] = [
    "members",
    "organizations",
    "associations",
    "org_admins",
    "org_claims",
    "api_tokens",
    "invites",
    "join_requests",
    "signups",
    "email_tokens",
    "audit_log",
];

fn foreign_tables(text: &str) -> Vec<String> {
    civiclink_store::testing::foreign_tables(text, &NOT_OURS)
}

#[test]
fn the_rule_finds_a_read_of_an_accounts_table() {
    assert_eq!(
        foreign_tables("\"SELECT m.id FROM members m JOIN member_facts f\""),
        vec!["members".to_owned()]
    );
    assert!(foreign_tables("SELECT id FROM member_facts WHERE listed").is_empty());
}

#[test]
fn people_reads_no_table_of_accounts() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = civiclink_store::testing::foreign_tables_in(&src, &NOT_OURS);
    assert!(
        found.is_empty(),
        "people reads accounts' tables (use the *_facts views): {found:?}"
    );
}
