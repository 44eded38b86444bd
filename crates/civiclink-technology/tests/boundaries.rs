//! The technology directory reads what accounts lets it read, through accounts' views
//! (`member_facts`, `organization_facts`; migration 0016), and nothing of people: never another
//! capability's tables.

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

fn foreign_tables(text: &str) -> Vec<String> {
    civiclink_store::testing::foreign_tables(text, &NOT_OURS)
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
    let found = civiclink_store::testing::foreign_tables_in(&src, &NOT_OURS);
    assert!(
        found.is_empty(),
        "the directory reads another capability's tables (use the owner's views): {found:?}"
    );
}
