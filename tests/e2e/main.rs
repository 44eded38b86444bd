//! End-to-end scenarios against the running service. Each scenario runs on SQLite and on
//! PostgreSQL (see `civiclink_tests::both_backends!`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod accessibility;
mod accounts_rules;
mod admin_pages;
mod api_tokens;
mod authz;
mod avatars;
mod backup;
mod bad_input;
mod browser;
mod connections;
mod directory;
mod feed;
mod join_flow;
mod languages;
mod org_admins;
mod orgs;
mod page_shell;
mod people_pages;
mod privacy;
mod processes;
mod profiles;
mod renewal;
mod takeover;
mod technology;
mod technology_compare;
mod technology_reviews;
mod technology_stack_csv;
mod technology_timeline;
mod technology_usage;
mod technology_usage_pages;
mod threads;
mod threads_notifications;
mod threads_private;
