//! Keeps profiles in step with accounts by following the outbox: every `member.created` gets a
//! profile with a unique handle, and every name change refreshes the directory's sort key and
//! search tokens. Each batch's writes commit with the cursor, so a restart neither skips a
//! member nor makes a second profile.
//!
//! The directory's keys are copies kept here: a profile's `region` and `country` are those of
//! the member's organization (set on `member.created` and `member.org_changed`, refreshed for
//! every member of an organization on `organization.created` and `organization.updated`), and
//! `member_name_prefixes` holds each prefix of each name word with the sort name. Every copy is
//! read from the current organization row, never from the payload, so replaying events in
//! order always ends at the current values.

use std::time::Duration;

use std::collections::BTreeSet;

use civiclink_accounts::AccountsEvent;
use civiclink_domain::{Handle, MemberId, OrgId, text};
use civiclink_store::{DomainEvent, Event, StoreError, Tx, execute, now, on_tx};

use crate::{People, PeopleResult};

/// The outbox consumer name of the profile sync.
pub const CONSUMER: &str = "people.profiles";

/// The longest name-word prefix stored in `member_name_prefixes` (as in migration 0009); a
/// longer search word is looked up by its first this many characters and checked in full.
pub(crate) const PREFIX_CAP: usize = 16;

impl People {
    /// Handles every event not yet handled; returns how many there were.
    pub async fn sync(&self) -> PeopleResult<usize> {
        let mut total = 0;
        loop {
            let n = self
                .db
                .outbox()
                .process_batch(CONSUMER, 500, |tx, events| Box::pin(handle(tx, events)))
                .await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Follows the outbox for as long as the task lives (what `serve` runs).
    pub async fn follow_outbox(&self) {
        self.db
            .outbox()
            .follow(CONSUMER, 500, Duration::from_secs(5), |tx, events| {
                Box::pin(handle(tx, events))
            })
            .await;
    }
}

/// Applies each event of accounts that profiles depend on. A payload of accounts that does not
/// decode stops the sync at its position (the batch rolls back and is retried), so that no
/// member is silently left without a profile.
async fn handle(tx: &mut Tx, events: &[Event]) -> Result<(), StoreError> {
    for e in events {
        let Some(event) = AccountsEvent::decode(e)? else {
            continue;
        };
        let member = MemberId::from_uuid(e.entity_id);
        match event {
            AccountsEvent::MemberCreated {
                display_name,
                org_id,
                ..
            } => create_profile(tx, member, &display_name, org_id).await?,
            AccountsEvent::OrgChanged { to, .. } => {
                move_affiliation(tx, member, to, e.created_at).await?;
                set_region(tx, member, to).await?;
            }
            AccountsEvent::OrganizationCreated { .. }
            | AccountsEvent::OrganizationUpdated { .. } => {
                refresh_org_region(tx, OrgId::from_uuid(e.entity_id)).await?;
            }
            AccountsEvent::Renamed { display_name } => set_name(tx, member, &display_name).await?,
            _ => {}
        }
    }
    Ok(())
}

/// The first free handle made from `name`.
async fn free_handle(tx: &mut Tx, name: &str) -> Result<Handle, StoreError> {
    let base = Handle::suggest(name);
    let mut candidate = base.clone();
    for n in 2..10_000u32 {
        let taken: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT 1 FROM profiles WHERE handle = $1",
        )
        .bind(candidate.as_str())
        .fetch_optional(&mut *c)
        .await)?;
        if taken.is_none() {
            return Ok(candidate);
        }
        candidate = base.with_suffix(n);
    }
    Ok(base.with_suffix(uuid::Uuid::new_v4().as_u128() as u32))
}

async fn create_profile(
    tx: &mut Tx,
    member: MemberId,
    name: &str,
    org: Option<OrgId>,
) -> Result<(), StoreError> {
    let handle = free_handle(tx, name).await?;
    let t = now();
    // The organization's region and country, read from its row (NULL without one).
    let inserted = execute!(tx, sqlx::query(
        "INSERT INTO profiles (member_id, handle, sort_name, last_active_at, updated_at, region, country) \
         VALUES ($1, $2, $3, $4, $4, \
                 (SELECT region FROM organization_facts WHERE id = $5), \
                 (SELECT country FROM organization_facts WHERE id = $5)) \
         ON CONFLICT (member_id) DO NOTHING",
    )
    .bind(member)
    .bind(handle.as_str())
    .bind(text::fold(name))
    .bind(t)
    .bind(org))?;
    if inserted == 0 {
        return Ok(());
    }
    write_tokens(tx, member, name).await?;
    if let Some(org) = org {
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO org_affiliations (member_id, org_id, started_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
            )
            .bind(member)
            .bind(org)
            .bind(t)
        )?;
    }
    Ok(())
}

/// Closes the member's current affiliation and opens one with `to`, dated when it happened.
async fn move_affiliation(
    tx: &mut Tx,
    member: MemberId,
    to: Option<OrgId>,
    at: time::OffsetDateTime,
) -> Result<(), StoreError> {
    execute!(
        tx,
        sqlx::query(
            "UPDATE org_affiliations SET ended_at = $2 WHERE member_id = $1 AND ended_at IS NULL",
        )
        .bind(member)
        .bind(at)
    )?;
    if let Some(org) = to {
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO org_affiliations (member_id, org_id, started_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
            )
            .bind(member)
            .bind(org)
            .bind(at)
        )?;
    }
    Ok(())
}

/// Copies the region and country of `org` (its current row) to the member's profile.
async fn set_region(tx: &mut Tx, member: MemberId, org: Option<OrgId>) -> Result<(), StoreError> {
    execute!(
        tx,
        sqlx::query(
            "UPDATE profiles SET region = (SELECT region FROM organization_facts WHERE id = $2), \
         country = (SELECT country FROM organization_facts WHERE id = $2) WHERE member_id = $1",
        )
        .bind(member)
        .bind(org)
    )?;
    Ok(())
}

/// Copies the region and country of `org` to the profiles of its current members.
async fn refresh_org_region(tx: &mut Tx, org: OrgId) -> Result<(), StoreError> {
    execute!(
        tx,
        sqlx::query(
            "UPDATE profiles SET region = (SELECT region FROM organization_facts WHERE id = $1), \
         country = (SELECT country FROM organization_facts WHERE id = $1) \
         WHERE member_id IN (SELECT id FROM member_facts WHERE org_id = $1)",
        )
        .bind(org)
    )?;
    Ok(())
}

async fn set_name(tx: &mut Tx, member: MemberId, name: &str) -> Result<(), StoreError> {
    execute!(
        tx,
        sqlx::query("UPDATE profiles SET sort_name = $2 WHERE member_id = $1")
            .bind(member)
            .bind(text::fold(name))
    )?;
    for sql in [
        "DELETE FROM member_name_tokens WHERE member_id = $1",
        "DELETE FROM member_name_prefixes WHERE member_id = $1",
    ] {
        execute!(tx, sqlx::query(sql).bind(member))?;
    }
    write_tokens(tx, member, name).await
}

/// Every prefix of every word, up to [`PREFIX_CAP`] characters, each once.
pub(crate) fn name_prefixes(words: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for w in words {
        let mut prefix = String::new();
        for c in w.chars().take(PREFIX_CAP) {
            prefix.push(c);
            out.insert(prefix.clone());
        }
    }
    out
}

async fn write_tokens(tx: &mut Tx, member: MemberId, name: &str) -> Result<(), StoreError> {
    let tokens = text::tokens(name);
    let sort_name = text::fold(name);
    for prefix in name_prefixes(&tokens) {
        execute!(tx, sqlx::query(
            "INSERT INTO member_name_prefixes (prefix, sort_name, member_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&prefix)
        .bind(&sort_name)
        .bind(member))?;
    }
    for token in tokens {
        execute!(tx, sqlx::query(
            "INSERT INTO member_name_tokens (token, member_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(token)
        .bind(member))?;
    }
    Ok(())
}
