//! Changing the directory: proposing a listing or an edit, deciding a proposal, restoring an
//! earlier revision. Each is one transaction; a moderator's own proposal takes effect at once.

use civiclink_domain::{Actor, MemberId, OrgKind};
use civiclink_store::{Tx, execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::Links;
use crate::{
    ListingContent, ListingId, ListingStatus, RevisionId, RevisionStatus, Technology,
    TechnologyAudit, TechnologyError, TechnologyEvent, TechnologyResult, require_moderator,
};

/// One revision of a listing, as its history shows it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Revision {
    pub id: RevisionId,
    pub listing_id: ListingId,
    pub number: i32,
    /// The revision this one was written against.
    pub base: i32,
    pub author_id: MemberId,
    /// The author's name; empty once their account is erased.
    pub author_name: String,
    pub content: ListingContent,
    pub summary: String,
    pub status: RevisionStatus,
    /// The revision a revert brought back.
    pub restores: Option<i32>,
    pub decided_by: Option<MemberId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The listing's name now, and its page.
    pub listing_name: String,
    pub listing_url: String,
}

/// What a proposal made: the listing and its revision, and whether it took effect at once.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Proposal {
    pub listing_id: ListingId,
    pub revision: Revision,
    pub url: String,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: RevisionId,
    listing_id: ListingId,
    number: i32,
    base: i32,
    author_id: MemberId,
    author_name: Option<String>,
    content: sqlx::types::Json<ListingContent>,
    summary: String,
    status: String,
    restores: Option<i32>,
    decided_by: Option<MemberId>,
    decided_at: Option<OffsetDateTime>,
    decision_note: String,
    created_at: OffsetDateTime,
    listing_name: String,
}

impl RevisionRow {
    fn revision(self, links: &Links) -> Revision {
        let r = self;
        Revision {
            listing_url: links.listing(r.listing_id),
            id: r.id,
            listing_id: r.listing_id,
            number: r.number,
            base: r.base,
            author_id: r.author_id,
            author_name: r.author_name.unwrap_or_default(),
            content: r.content.0,
            summary: r.summary,
            status: RevisionStatus::from_db(&r.status),
            restores: r.restores,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            created_at: r.created_at,
            listing_name: r.listing_name,
        }
    }
}

const REVISION_SELECT: &str = "SELECT r.id, r.listing_id, r.number, r.base, r.author_id, \
     m.display_name AS author_name, r.content, r.summary, r.status, r.restores, r.decided_by, \
     r.decided_at, r.decision_note, r.created_at, l.name AS listing_name \
     FROM listing_revisions r JOIN listings l ON l.id = r.listing_id \
     LEFT JOIN member_facts m ON m.id = r.author_id";

/// A summary: one line of at most 300 characters, or nothing.
fn summary(input: &str) -> TechnologyResult<String> {
    let s = input.trim();
    if s.chars().any(char::is_control) {
        return Err(civiclink_domain::ValidationError::new("summary", "control-chars").into());
    }
    if s.chars().count() > 300 {
        return Err(civiclink_domain::ValidationError::new("summary", "max-300-chars").into());
    }
    Ok(s.to_owned())
}

/// The listing's status and revision in effect, locked for this transaction (an update that
/// changes nothing takes the row lock on PostgreSQL; SQLite's write lock is already held).
async fn lock_listing(
    tx: &mut Tx,
    id: ListingId,
) -> TechnologyResult<(ListingStatus, i32, String)> {
    execute!(
        tx,
        sqlx::query("UPDATE listings SET revision = revision WHERE id = $1").bind(id)
    )?;
    let row: Option<(String, i32, String)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT status, revision, name FROM listings WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await)?;
    let (status, revision, name) = row.ok_or(TechnologyError::NotFound)?;
    Ok((ListingStatus::from_db(&status), revision, name))
}

/// Checks what the database must confirm: the functions exist, the vendor organization is a
/// vendor, and no other listing that is not rejected has the same name.
async fn check_content(
    tx: &mut Tx,
    content: &ListingContent,
    listing: Option<ListingId>,
) -> TechnologyResult<()> {
    for f in &content.functions {
        let found: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT 1 FROM business_functions WHERE id = $1",
        )
        .bind(*f)
        .fetch_optional(&mut *c)
        .await)?;
        if found.is_none() {
            return Err(
                civiclink_domain::ValidationError::new("functions", "invalid-choice").into(),
            );
        }
    }
    if let Some(org) = content.vendor_org_id {
        let kind: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT kind FROM organization_facts WHERE id = $1",
        )
        .bind(org)
        .fetch_optional(&mut *c)
        .await)?;
        if kind.as_deref() != Some(OrgKind::Vendor.as_str()) {
            return Err(
                civiclink_domain::ValidationError::new("vendor_org_id", "invalid-choice").into(),
            );
        }
    }
    let taken: Option<ListingId> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT id FROM listings WHERE name_key = $1 AND status <> 'rejected' \
         AND ($2 IS NULL OR id <> $2)",
    )
    .bind(content.name_key())
    .bind(listing)
    .fetch_optional(&mut *c)
    .await)?;
    if taken.is_some() {
        return Err(TechnologyError::Conflict("conflict-listing-exists"));
    }
    Ok(())
}

/// Makes `content` the listing's content, as revision `number`.
async fn apply(
    tx: &mut Tx,
    id: ListingId,
    content: &ListingContent,
    number: i32,
    status: ListingStatus,
) -> TechnologyResult<()> {
    execute!(
        tx,
        sqlx::query(
            "UPDATE listings SET name = $2, name_key = $3, vendor_name = $4, vendor_key = $5, \
         vendor_org_id = $6, kind = $7, website = $8, description = $9, hosting = $10, \
         versions = $11, status = $12, revision = $13, updated_at = $14 WHERE id = $1",
        )
        .bind(id)
        .bind(&content.name)
        .bind(content.name_key())
        .bind(&content.vendor_name)
        .bind(content.vendor_key())
        .bind(content.vendor_org_id)
        .bind(content.kind.as_str())
        .bind(&content.website)
        .bind(&content.description)
        .bind(sqlx::types::Json(&content.hosting))
        .bind(sqlx::types::Json(&content.versions))
        .bind(status.as_str())
        .bind(number)
        .bind(civiclink_store::now())
    )?;
    execute!(
        tx,
        sqlx::query("DELETE FROM listing_functions WHERE listing_id = $1").bind(id)
    )?;
    for f in &content.functions {
        execute!(
            tx,
            sqlx::query("INSERT INTO listing_functions (listing_id, function_id) VALUES ($1, $2)",)
                .bind(id)
                .bind(*f)
        )?;
    }
    Ok(())
}

/// Records a revision; returns its id and number.
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut Tx,
    listing: ListingId,
    base: i32,
    author: MemberId,
    content: &ListingContent,
    summary: &str,
    status: RevisionStatus,
    restores: Option<i32>,
) -> TechnologyResult<(RevisionId, i32)> {
    let number: i32 = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM listing_revisions WHERE listing_id = $1",
    )
    .bind(listing)
    .fetch_one(&mut *c)
    .await)?;
    let id = RevisionId::new();
    let decided = status != RevisionStatus::Pending;
    let t = civiclink_store::now();
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO listing_revisions (id, listing_id, number, base, author_id, content, \
         summary, status, restores, decided_by, decided_at, decision_note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12)",
        )
        .bind(id)
        .bind(listing)
        .bind(number)
        .bind(base)
        .bind(author)
        .bind(sqlx::types::Json(content))
        .bind(summary)
        .bind(status.as_str())
        .bind(restores)
        .bind(decided.then_some(author))
        .bind(decided.then_some(t))
        .bind(t)
    )?;
    Ok((id, number))
}

impl Technology {
    async fn revision_in(&self, tx: &mut Tx, id: RevisionId) -> TechnologyResult<Revision> {
        let sql = format!("{REVISION_SELECT} WHERE r.id = $1");
        let row: Option<RevisionRow> = on_tx!(tx, c => sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&mut *c)
            .await)?;
        row.map(|r| r.revision(&self.links))
            .ok_or(TechnologyError::NotFound)
    }

    /// Proposes a new listing. Names near an existing listing's are refused with the
    /// candidates unless `confirmed_new`; the same name (folded) is always a conflict. A
    /// moderator's proposal is published at once; anyone else's waits for a moderator.
    pub async fn propose(
        &self,
        actor: &Actor,
        content: &ListingContent,
        summary_text: &str,
        confirmed_new: bool,
    ) -> TechnologyResult<Proposal> {
        let summary = summary(summary_text)?;
        if !confirmed_new {
            let near = self.similar(&content.name).await?;
            if !near.is_empty() {
                return Err(TechnologyError::NearDuplicates(near));
            }
        }
        let mut tx = self.db.begin().await?;
        check_content(&mut tx, content, None).await?;
        let id = ListingId::new();
        let t = civiclink_store::now();
        let published = actor.moderates();
        execute!(tx, sqlx::query(
            "INSERT INTO listings (id, name, name_key, vendor_org_id, vendor_name, vendor_key, kind, \
             website, description, hosting, versions, status, revision, proposed_by, created_at, \
             updated_at) VALUES ($1, $2, $3, NULL, '', '', 'software', '', '', $4, $4, 'proposed', 0, $5, $6, $6)",
        )
        .bind(id)
        .bind(&content.name)
        .bind(content.name_key())
        .bind(sqlx::types::Json(Vec::<String>::new()))
        .bind(actor.id)
        .bind(t))?;
        let status = if published {
            RevisionStatus::Approved
        } else {
            RevisionStatus::Pending
        };
        let (revision, number) =
            record(&mut tx, id, 0, actor.id, content, &summary, status, None).await?;
        // The listing shows its first revision at once, to its author and moderators.
        let listing_status = if published {
            ListingStatus::Published
        } else {
            ListingStatus::Proposed
        };
        apply(&mut tx, id, content, number, listing_status).await?;
        tx.emit(
            id.as_uuid(),
            &TechnologyEvent::ListingProposed {
                listing: id,
                name: content.name.clone(),
                author: actor.id,
            },
        )
        .await?;
        if published {
            tx.emit(
                id.as_uuid(),
                &TechnologyEvent::ListingPublished {
                    listing: id,
                    name: content.name.clone(),
                    by: actor.id,
                },
            )
            .await?;
        }
        let revision = self.revision_in(&mut tx, revision).await?;
        tx.commit().await?;
        Ok(Proposal {
            listing_id: id,
            url: self.links.listing(id),
            revision,
        })
    }

    /// Proposes an edit of a published listing, written against revision `base`. A
    /// moderator's edit takes effect at once, unless the listing changed since `base`.
    pub async fn propose_edit(
        &self,
        actor: &Actor,
        id: ListingId,
        content: &ListingContent,
        base: i32,
        summary_text: &str,
    ) -> TechnologyResult<Revision> {
        let summary = summary(summary_text)?;
        let mut tx = self.db.begin().await?;
        let (status, current, _) = lock_listing(&mut tx, id).await?;
        if status != ListingStatus::Published {
            return Err(TechnologyError::NotFound);
        }
        check_content(&mut tx, content, Some(id)).await?;
        let direct = actor.moderates();
        if direct && base != current {
            return Err(TechnologyError::Conflict("conflict-revision-outdated"));
        }
        let revision_status = if direct {
            RevisionStatus::Approved
        } else {
            RevisionStatus::Pending
        };
        let (revision, number) = record(
            &mut tx,
            id,
            base,
            actor.id,
            content,
            &summary,
            revision_status,
            None,
        )
        .await?;
        if direct {
            apply(&mut tx, id, content, number, ListingStatus::Published).await?;
            tx.emit(
                id.as_uuid(),
                &TechnologyEvent::Revised {
                    listing: id,
                    number,
                    by: actor.id,
                    restores: None,
                },
            )
            .await?;
        } else {
            tx.emit(
                id.as_uuid(),
                &TechnologyEvent::EditProposed {
                    listing: id,
                    number,
                    author: actor.id,
                },
            )
            .await?;
        }
        let revision = self.revision_in(&mut tx, revision).await?;
        tx.commit().await?;
        Ok(revision)
    }

    /// Approves or rejects a pending revision. Moderators only. Approving the first revision
    /// publishes the listing; approving an edit applies it, unless the listing changed since
    /// the edit was written (a conflict: the moderator rejects it, and its author proposes it
    /// again against the listing as it is).
    pub async fn decide(
        &self,
        actor: &Actor,
        revision: RevisionId,
        approve: bool,
        note: &str,
    ) -> TechnologyResult<Revision> {
        require_moderator(actor)?;
        let note = summary(note)?;
        let mut tx = self.db.begin().await?;
        let r = self.revision_in(&mut tx, revision).await?;
        let (status, current, name) = lock_listing(&mut tx, r.listing_id).await?;
        // Decided by someone else meanwhile: the decision stands.
        let pending: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT status FROM listing_revisions WHERE id = $1 AND status = 'pending'",
        )
        .bind(revision)
        .fetch_optional(&mut *c)
        .await)?;
        if pending.is_none() {
            return Err(TechnologyError::Conflict("conflict-already-decided"));
        }
        let first = status == ListingStatus::Proposed;
        if approve && !first && r.base != current {
            return Err(TechnologyError::Conflict("conflict-revision-outdated"));
        }
        if approve {
            check_content(&mut tx, &r.content, Some(r.listing_id)).await?;
        }
        let t = civiclink_store::now();
        execute!(
            tx,
            sqlx::query(
                "UPDATE listing_revisions SET status = $2, decided_by = $3, decided_at = $4, \
             decision_note = $5 WHERE id = $1",
            )
            .bind(revision)
            .bind(if approve { "approved" } else { "rejected" })
            .bind(actor.id)
            .bind(t)
            .bind(&note)
        )?;
        let entity = r.listing_id.as_uuid();
        match (approve, first) {
            (true, true) => {
                apply(
                    &mut tx,
                    r.listing_id,
                    &r.content,
                    r.number,
                    ListingStatus::Published,
                )
                .await?;
                tx.emit(
                    entity,
                    &TechnologyEvent::ListingPublished {
                        listing: r.listing_id,
                        name: r.content.name.clone(),
                        by: actor.id,
                    },
                )
                .await?;
                tx.audit(
                    actor,
                    r.listing_id,
                    &TechnologyAudit::ListingApprove {
                        name: r.content.name.clone(),
                    },
                )
                .await?;
            }
            (true, false) => {
                apply(
                    &mut tx,
                    r.listing_id,
                    &r.content,
                    r.number,
                    ListingStatus::Published,
                )
                .await?;
                tx.emit(
                    entity,
                    &TechnologyEvent::Revised {
                        listing: r.listing_id,
                        number: r.number,
                        by: actor.id,
                        restores: None,
                    },
                )
                .await?;
                tx.audit(
                    actor,
                    r.listing_id,
                    &TechnologyAudit::RevisionApprove { number: r.number },
                )
                .await?;
            }
            (false, true) => {
                execute!(
                    tx,
                    sqlx::query(
                        "UPDATE listings SET status = 'rejected', updated_at = $2 WHERE id = $1",
                    )
                    .bind(r.listing_id)
                    .bind(t)
                )?;
                tx.emit(
                    entity,
                    &TechnologyEvent::ListingRejected {
                        listing: r.listing_id,
                        by: actor.id,
                    },
                )
                .await?;
                tx.audit(
                    actor,
                    r.listing_id,
                    &TechnologyAudit::ListingReject {
                        name,
                        note: note.clone(),
                    },
                )
                .await?;
            }
            (false, false) => {
                tx.emit(
                    entity,
                    &TechnologyEvent::EditRejected {
                        listing: r.listing_id,
                        number: r.number,
                        by: actor.id,
                    },
                )
                .await?;
                tx.audit(
                    actor,
                    r.listing_id,
                    &TechnologyAudit::RevisionReject {
                        number: r.number,
                        note: note.clone(),
                    },
                )
                .await?;
            }
        }
        let decided = self.revision_in(&mut tx, revision).await?;
        tx.commit().await?;
        Ok(decided)
    }

    /// Restores approved revision `number` of a published listing, as a new revision.
    /// Moderators only.
    pub async fn revert(
        &self,
        actor: &Actor,
        id: ListingId,
        number: i32,
        summary_text: &str,
    ) -> TechnologyResult<Revision> {
        require_moderator(actor)?;
        let summary = summary(summary_text)?;
        let mut tx = self.db.begin().await?;
        let (status, current, _) = lock_listing(&mut tx, id).await?;
        if status != ListingStatus::Published {
            return Err(TechnologyError::NotFound);
        }
        let sql = format!("{REVISION_SELECT} WHERE r.listing_id = $1 AND r.number = $2");
        let old: Option<RevisionRow> = on_tx!(tx, c => sqlx::query_as(&sql)
            .bind(id)
            .bind(number)
            .fetch_optional(&mut *c)
            .await)?;
        let old = old.ok_or(TechnologyError::NotFound)?.revision(&self.links);
        if old.status != RevisionStatus::Approved {
            return Err(TechnologyError::Conflict("conflict-restore-unapproved"));
        }
        if old.number == current {
            return Err(TechnologyError::Conflict("conflict-restore-current"));
        }
        check_content(&mut tx, &old.content, Some(id)).await?;
        let (revision, new_number) = record(
            &mut tx,
            id,
            current,
            actor.id,
            &old.content,
            &summary,
            RevisionStatus::Approved,
            Some(number),
        )
        .await?;
        apply(
            &mut tx,
            id,
            &old.content,
            new_number,
            ListingStatus::Published,
        )
        .await?;
        tx.emit(
            id.as_uuid(),
            &TechnologyEvent::Revised {
                listing: id,
                number: new_number,
                by: actor.id,
                restores: Some(number),
            },
        )
        .await?;
        tx.audit(
            actor,
            id,
            &TechnologyAudit::Revert {
                number: new_number,
                restores: number,
            },
        )
        .await?;
        let revision = self.revision_in(&mut tx, revision).await?;
        tx.commit().await?;
        Ok(revision)
    }

    /// A listing's revisions, newest first, for whoever may see the listing.
    pub async fn history(&self, actor: &Actor, id: ListingId) -> TechnologyResult<Vec<Revision>> {
        // Who may see the listing may see its history.
        self.listing(actor, id).await?;
        let sql = format!("{REVISION_SELECT} WHERE r.listing_id = $1 ORDER BY r.number DESC");
        let rows: Vec<RevisionRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(id)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(|r| r.revision(&self.links)).collect())
    }

    /// The revisions waiting for a moderator, oldest first. Moderators only.
    pub async fn pending(&self, actor: &Actor) -> TechnologyResult<Vec<Revision>> {
        require_moderator(actor)?;
        let sql =
            format!("{REVISION_SELECT} WHERE r.status = 'pending' ORDER BY r.created_at, r.id");
        let rows: Vec<RevisionRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .fetch_all(p)
            .await)?;
        Ok(rows.into_iter().map(|r| r.revision(&self.links)).collect())
    }

    /// How many revisions wait for a moderator.
    pub async fn pending_count(&self) -> TechnologyResult<i64> {
        Ok(on_db!(self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM listing_revisions WHERE status = 'pending'",
        )
        .fetch_one(p)
        .await)?)
    }
}
