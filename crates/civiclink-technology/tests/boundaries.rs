//! The technology directory reads what accounts lets it read, through accounts' views
//! (`member_facts`, `organization_facts`; migration 0016), and nothing of people: never another
//! capability's tables.

#![allow(clippy::expect_used)]

use std::path::Path;

/// The tables of accounts, people and the store's audit log, which no query here may name.
const NOT_OURS: [&str; 19] = [
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
    "profiles",
    "member_name_tokens",
    "member_expertise",
    "connections",
    "blocks",
    "follows",
    "org_affiliations",
    "member_name_prefixes",
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
fn the_rule_finds_a_read_of_another_capabilitys_table() {
    assert_eq!(
        foreign_tables("\"SELECT l.id FROM listings l JOIN profiles p\""),
        vec!["profiles".to_owned()]
    );
    assert!(foreign_tables("LEFT JOIN member_facts m ON m.id = r.author_id").is_empty());
}

#[test]
fn technology_reads_no_table_of_another_capability() {
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
        "the directory reads another capability's tables (use the owner's views): {found:?}"
    );
}
