//! Threads read what accounts and the technology directory let them read, through their views
//! (`member_facts`, `organization_facts`, `association_facts`; `listing_facts`), and nothing
//! of people: never another capability's tables.

use std::path::Path;

/// The tables of accounts, people, the technology directory and the store's audit log, which
/// no query here may name.
const NOT_OURS: [&str; 31] = [
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
    "business_functions",
    "listings",
    "listing_functions",
    "listing_revisions",
    "usage_records",
    "usage_record_functions",
    "reviews",
    "review_revisions",
    "review_votes",
    "review_reports",
    "review_responses",
    "usage_changes",
];

fn foreign_tables(text: &str) -> Vec<String> {
    civiclink_store::testing::foreign_tables(text, &NOT_OURS)
}

#[test]
fn the_rule_finds_a_read_of_another_capabilitys_table() {
    assert_eq!(
        foreign_tables("\"SELECT t.id FROM threads t JOIN listings l ON l.id = t.id\""),
        vec!["listings".to_owned()]
    );
    assert!(foreign_tables("JOIN listing_facts l ON l.id = tl.listing_id").is_empty());
}

#[test]
fn threads_read_no_table_of_another_capability() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = civiclink_store::testing::foreign_tables_in(&src, &NOT_OURS);
    assert!(
        found.is_empty(),
        "threads read another capability's tables (use the owner's views): {found:?}"
    );
}
