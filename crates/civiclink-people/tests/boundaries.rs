//! People reads what accounts lets it read, through accounts' views (`member_facts`,
//! `organization_facts`, `association_facts`; migration 0016), never accounts' tables: a
//! column accounts renames or moves is then renamed in the view, not in this crate's SQL.

#![allow(clippy::expect_used)]

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

/// Every `FROM x`, `JOIN x`, `UPDATE x` and `INTO x` in `text` whose `x` is not this crate's.
fn foreign_tables(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| {
            matches!(
                w[0].to_ascii_uppercase().as_str(),
                "FROM" | "JOIN" | "UPDATE" | "INTO"
            )
        })
        .map(|w| w[1].trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
        .filter(|t| NOT_OURS.contains(t))
        .map(str::to_owned)
        .collect()
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
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&src).expect("read src") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            for t in foreign_tables(&text) {
                found.push(format!("{}: {t}", path.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "people reads accounts' tables (use the *_facts views): {found:?}"
    );
}
