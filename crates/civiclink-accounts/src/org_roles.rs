//! Organization administrators and claims to belong to an organization.
//!
//! An organization administrator is a member of one organization whom an association
//! administrator has put in charge of its page. They edit the page (not its name, kind or place,
//! which stay with the association) and decide the claims of members who say they work there.
//! Invariant: an organization administrator is a member of that organization; moving a member
//! away ends their administration of the organization they leave.

use civiclink_domain::{ClaimId, MemberId, MemberStatus, OrgId, ValidationError};
use civiclink_store::{StoreError, Tx, execute, now, on_db, on_tx};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::emails::Deciders;
use crate::events::{AccountsEvent, AdminRemoval};
use crate::{Accounts, AccountsAudit, AccountsError, AccountsResult, Actor, Organization};

/// How far an actor reaches over one organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgReach {
    /// Neither kind of administrator.
    None,
    /// An administrator of this organization: its page and the claims to belong to it.
    OrgAdmin,
    /// An administrator of its association (or the site): everything about it.
    AssociationAdmin,
}

impl OrgReach {
    /// Whether the actor may decide claims to belong to the organization.
    pub fn decides_claims(self) -> bool {
        self != OrgReach::None
    }
}

/// A member who administers an organization.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OrgAdmin {
    pub member_id: MemberId,
    pub display_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

/// An organization someone administers, and how many claims to belong to it wait.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct ClaimsWaiting {
    pub org_id: OrgId,
    pub org_name: String,
    pub waiting: i64,
}

/// Where a claim stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    Pending,
    Approved,
    Declined,
    Withdrawn,
}

impl ClaimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Pending => "pending",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Declined => "declined",
            ClaimStatus::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "pending" => ClaimStatus::Pending,
            "approved" => ClaimStatus::Approved,
            "declined" => ClaimStatus::Declined,
            "withdrawn" => ClaimStatus::Withdrawn,
            other => return Err(StoreError::corrupt(format!("claim status {other}"))),
        })
    }
}

/// A member's claim to work for an organization.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OrgClaim {
    pub id: ClaimId,
    pub org_id: OrgId,
    pub org_name: String,
    pub member_id: MemberId,
    pub display_name: String,
    /// The organization the member belonged to when they claimed.
    pub current_org_name: Option<String>,
    pub note: String,
    pub status: ClaimStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

const CLAIM_SELECT: &str = "SELECT c.id, c.org_id, o.name AS org_name, c.member_id, \
     m.display_name, co.name AS current_org_name, c.note, c.status, c.created_at, c.decided_at \
     FROM org_claims c JOIN organizations o ON o.id = c.org_id \
     JOIN members m ON m.id = c.member_id \
     LEFT JOIN organizations co ON co.id = m.org_id";

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: ClaimId,
    org_id: OrgId,
    org_name: String,
    member_id: MemberId,
    display_name: String,
    current_org_name: Option<String>,
    note: String,
    status: String,
    created_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
}

impl TryFrom<ClaimRow> for OrgClaim {
    type Error = StoreError;
    fn try_from(r: ClaimRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: r.id,
            org_id: r.org_id,
            org_name: r.org_name,
            member_id: r.member_id,
            display_name: r.display_name,
            current_org_name: r.current_org_name,
            note: r.note,
            status: ClaimStatus::parse(&r.status)?,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
    }
}

/// The longest note to administrators (a claim, a renewal request) may be.
pub const ADMIN_NOTE_MAX: usize = 1000;

/// A note to administrators: trimmed, at most [`ADMIN_NOTE_MAX`] characters.
pub fn parse_admin_note(s: &str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.chars().count() > ADMIN_NOTE_MAX {
        return Err(ValidationError::new("note", "max-1000-chars"));
    }
    Ok(s.to_owned())
}

/// Moves `member` from `from` to `to` inside `tx`: the member row, the end of their
/// administration of any other organization, and the `member.org_changed` event that keeps
/// their affiliation history.
pub(crate) async fn move_member_in(
    tx: &mut Tx,
    member: MemberId,
    from: Option<OrgId>,
    to: Option<OrgId>,
) -> AccountsResult<()> {
    execute!(
        tx,
        sqlx::query("UPDATE members SET org_id = $2, updated_at = $3 WHERE id = $1")
            .bind(member)
            .bind(to)
            .bind(now())
    )?;
    let ended: Vec<OrgId> = on_tx!(tx, c => sqlx::query_scalar(
        "DELETE FROM org_admins WHERE member_id = $1 AND ($2 IS NULL OR org_id <> $2) RETURNING org_id",
    )
    .bind(member)
    .bind(to)
    .fetch_all(&mut *c)
    .await)?;
    for org in ended {
        tx.emit(
            org.as_uuid(),
            &AccountsEvent::OrgAdminRemoved {
                member_id: member,
                reason: AdminRemoval::Left,
            },
        )
        .await?;
    }
    tx.emit(member.as_uuid(), &AccountsEvent::OrgChanged { from, to })
        .await?;
    Ok(())
}

impl Accounts {
    /// How far `actor` reaches over `org`.
    pub async fn org_reach(&self, actor: &Actor, org: &Organization) -> AccountsResult<OrgReach> {
        if actor.administers(Some(org.association_id)) {
            return Ok(OrgReach::AssociationAdmin);
        }
        let admin: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM org_admins WHERE org_id = $1 AND member_id = $2",
        )
        .bind(org.id)
        .bind(actor.id)
        .fetch_optional(p)
        .await)?;
        Ok(if admin.is_some() {
            OrgReach::OrgAdmin
        } else {
            OrgReach::None
        })
    }

    /// The organizations `member` administers.
    pub async fn administered_orgs(&self, member: MemberId) -> AccountsResult<Vec<OrgId>> {
        Ok(on_db!(self.db, p => sqlx::query_scalar(
            "SELECT org_id FROM org_admins WHERE member_id = $1 ORDER BY org_id",
        )
        .bind(member)
        .fetch_all(p)
        .await)?)
    }

    /// The organizations `member` administers, by name, with how many claims wait in each.
    pub async fn claims_waiting_for(&self, member: MemberId) -> AccountsResult<Vec<ClaimsWaiting>> {
        Ok(on_db!(self.db, p => sqlx::query_as::<_, ClaimsWaiting>(
            "SELECT a.org_id, o.name AS org_name, COUNT(c.id) AS waiting FROM org_admins a \
             JOIN organizations o ON o.id = a.org_id \
             LEFT JOIN org_claims c ON c.org_id = a.org_id AND c.status = 'pending' \
             WHERE a.member_id = $1 GROUP BY a.org_id, o.name, o.name_key ORDER BY o.name_key, a.org_id",
        )
        .bind(member)
        .fetch_all(p)
        .await)?)
    }

    /// The administrators of an organization, longest-serving first. Every member may see
    /// them: they are whom to ask about the organization.
    pub async fn org_admins(&self, org: OrgId) -> AccountsResult<Vec<OrgAdmin>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            member_id: MemberId,
            display_name: String,
            created_at: OffsetDateTime,
        }
        let rows: Vec<Row> = on_db!(self.db, p => sqlx::query_as(
            "SELECT a.member_id, m.display_name, a.created_at FROM org_admins a \
             JOIN members m ON m.id = a.member_id \
             WHERE a.org_id = $1 AND m.status = 'active' ORDER BY a.created_at, a.member_id",
        )
        .bind(org)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| OrgAdmin {
                member_id: r.member_id,
                display_name: r.display_name,
                since: r.created_at,
            })
            .collect())
    }

    /// Makes `member` an administrator of `org`. Only an administrator of its association may;
    /// the member must be an active member of the organization. Assigning twice changes nothing.
    /// Audited.
    pub async fn add_org_admin(
        &self,
        actor: &Actor,
        org: OrgId,
        member: MemberId,
    ) -> AccountsResult<Vec<OrgAdmin>> {
        let o = self.organization(org).await?;
        if !actor.administers(Some(o.association_id)) {
            return Err(AccountsError::Forbidden);
        }
        let m = match self.member(member).await {
            Ok(m) => m,
            Err(AccountsError::NotFound) => {
                return Err(ValidationError::new("member_id", "org-admin-not-in-org").into());
            }
            Err(e) => return Err(e),
        };
        if m.org_id != Some(org) {
            return Err(ValidationError::new("member_id", "org-admin-not-in-org").into());
        }
        if m.status != MemberStatus::Active {
            return Err(ValidationError::new("member_id", "org-admin-not-active").into());
        }
        let mut tx = self.db.begin().await?;
        let added = execute!(
            tx,
            sqlx::query(
                "INSERT INTO org_admins (org_id, member_id, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (org_id, member_id) DO NOTHING",
            )
            .bind(org)
            .bind(member)
            .bind(now())
        )?;
        if added == 1 {
            tx.emit(
                org.as_uuid(),
                &AccountsEvent::OrgAdminAdded { member_id: member },
            )
            .await?;
            tx.audit(
                actor,
                org,
                &AccountsAudit::OrgAdminAdd {
                    member_id: member,
                    name: m.display_name.clone(),
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.org_admins(org).await
    }

    /// Ends `member`'s administration of `org`: by an administrator of its association, or by
    /// the member themselves (stepping down). Audited.
    pub async fn remove_org_admin(
        &self,
        actor: &Actor,
        org: OrgId,
        member: MemberId,
    ) -> AccountsResult<Vec<OrgAdmin>> {
        let o = self.organization(org).await?;
        if !actor.administers(Some(o.association_id)) && actor.id != member {
            return Err(AccountsError::Forbidden);
        }
        let mut tx = self.db.begin().await?;
        let removed = execute!(
            tx,
            sqlx::query("DELETE FROM org_admins WHERE org_id = $1 AND member_id = $2",)
                .bind(org)
                .bind(member)
        )?;
        if removed == 0 {
            return Err(AccountsError::NotFound);
        }
        tx.emit(
            org.as_uuid(),
            &AccountsEvent::OrgAdminRemoved {
                member_id: member,
                reason: AdminRemoval::Removed,
            },
        )
        .await?;
        tx.audit(
            actor,
            org,
            &AccountsAudit::OrgAdminRemove { member_id: member },
        )
        .await?;
        tx.commit().await?;
        self.org_admins(org).await
    }

    async fn claim_row(&self, id: ClaimId) -> AccountsResult<OrgClaim> {
        let row: Option<ClaimRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{CLAIM_SELECT} WHERE c.id = $1")
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        Ok(row.ok_or(AccountsError::NotFound)?.try_into()?)
    }

    /// One claim, for its claimant or whoever may decide it; a 404 to anyone else, so claims
    /// are not probed.
    pub async fn claim(&self, actor: &Actor, id: ClaimId) -> AccountsResult<OrgClaim> {
        let claim = self.claim_row(id).await?;
        if claim.member_id == actor.id {
            return Ok(claim);
        }
        let org = self.organization(claim.org_id).await?;
        if self.org_reach(actor, &org).await?.decides_claims() {
            Ok(claim)
        } else {
            Err(AccountsError::NotFound)
        }
    }

    /// The actor's own claims, newest first (all of them, for the data archive: one open
    /// claim at a time keeps the list short).
    pub async fn my_claims(&self, actor: &Actor) -> AccountsResult<Vec<OrgClaim>> {
        let rows: Vec<ClaimRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{CLAIM_SELECT} WHERE c.member_id = $1 ORDER BY c.created_at DESC LIMIT 1000")
        )
        .bind(actor.id)
        .fetch_all(p)
        .await)?;
        Ok(rows
            .into_iter()
            .map(OrgClaim::try_from)
            .collect::<Result<_, _>>()?)
    }

    /// The actor's open claim, if they have one (at most one is open at a time).
    pub async fn open_claim(&self, actor: &Actor) -> AccountsResult<Option<OrgClaim>> {
        let row: Option<ClaimRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{CLAIM_SELECT} WHERE c.member_id = $1 AND c.status = 'pending'")
        )
        .bind(actor.id)
        .fetch_optional(p)
        .await)?;
        Ok(row.map(OrgClaim::try_from).transpose()?)
    }

    /// How many claims to belong to `org` wait, for those who decide them.
    pub async fn pending_claims(&self, actor: &Actor, org: &Organization) -> AccountsResult<i64> {
        if !self.org_reach(actor, org).await?.decides_claims() {
            return Err(AccountsError::Forbidden);
        }
        Ok(on_db!(self.db, p => sqlx::query_scalar(
            "SELECT COUNT(*) FROM org_claims WHERE org_id = $1 AND status = 'pending'",
        )
        .bind(org.id)
        .fetch_one(p)
        .await)?)
    }

    /// The claims to belong to `org`: pending ones oldest first, then the 50 most recently
    /// decided. For whoever may decide them.
    pub async fn org_claims(&self, actor: &Actor, org: OrgId) -> AccountsResult<Vec<OrgClaim>> {
        let o = self.organization(org).await?;
        if !self.org_reach(actor, &o).await?.decides_claims() {
            return Err(AccountsError::Forbidden);
        }
        let pending: Vec<ClaimRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{CLAIM_SELECT} WHERE c.org_id = $1 AND c.status = 'pending' ORDER BY c.created_at LIMIT 500")
        )
        .bind(org)
        .fetch_all(p)
        .await)?;
        let decided: Vec<ClaimRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{CLAIM_SELECT} WHERE c.org_id = $1 AND c.status <> 'pending' ORDER BY c.created_at DESC LIMIT 50")
        )
        .bind(org)
        .fetch_all(p)
        .await)?;
        Ok(pending
            .into_iter()
            .chain(decided)
            .map(OrgClaim::try_from)
            .collect::<Result<_, _>>()?)
    }

    /// The actor claims to work for `org`, an organization of their association they do not
    /// belong to yet. One open claim at a time. The organization's administrators (or, when it
    /// has none, the association's) are told by email.
    pub async fn claim_organization(
        &self,
        actor: &Actor,
        org: OrgId,
        note: &str,
    ) -> AccountsResult<OrgClaim> {
        let note = parse_admin_note(note)?;
        let me = self.member(actor.id).await?;
        let o = self.organization(org).await?;
        if me.association_id != Some(o.association_id) {
            return Err(ValidationError::new("org_id", "org-not-in-association").into());
        }
        if me.org_id == Some(org) {
            return Err(AccountsError::Conflict("conflict-already-in-org"));
        }
        let id = ClaimId::new();
        let mut tx = self.db.begin().await?;
        let r = execute!(
            tx,
            sqlx::query(
                "INSERT INTO org_claims (id, org_id, member_id, note, status, created_at) \
             VALUES ($1, $2, $3, $4, 'pending', $5)",
            )
            .bind(id)
            .bind(org)
            .bind(actor.id)
            .bind(&note)
            .bind(now())
        );
        match r.map_err(StoreError::from) {
            Err(StoreError::Conflict(_)) => {
                return Err(AccountsError::Conflict("conflict-claim-pending"));
            }
            other => other?,
        };
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::ClaimCreated {
                org_id: org,
                member_id: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        self.notify_deciders(&o, &me.display_name).await?;
        self.claim_row(id).await
    }

    /// Tells whoever decides claims to `org` that one is waiting.
    async fn notify_deciders(&self, org: &Organization, claimant: &str) -> AccountsResult<()> {
        let to = self
            .deciders(Deciders::Organization(org.id, org.association_id))
            .await?;
        self.send_each(to, |lang, name| {
            self.claim_waiting_content(lang, name, claimant, org)
        })
        .await;
        Ok(())
    }

    /// The claimant takes back a pending claim.
    pub async fn withdraw_claim(&self, actor: &Actor, id: ClaimId) -> AccountsResult<OrgClaim> {
        let claim = self.claim_row(id).await?;
        if claim.member_id != actor.id {
            return Err(AccountsError::NotFound);
        }
        let mut tx = self.db.begin().await?;
        let changed = execute!(tx, sqlx::query(
            "UPDATE org_claims SET status = 'withdrawn', decided_at = $2 WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(now()))?;
        if changed != 1 {
            return Err(AccountsError::Conflict("conflict-claim-decided"));
        }
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::ClaimWithdrawn {
                org_id: claim.org_id,
                member_id: claim.member_id,
            },
        )
        .await?;
        tx.commit().await?;
        self.claim_row(id).await
    }

    /// Approves or declines a pending claim. Approving moves the member to the organization
    /// (their affiliation history records the change). Audited; the claimant is told by email.
    pub async fn decide_claim(
        &self,
        actor: &Actor,
        id: ClaimId,
        approve: bool,
    ) -> AccountsResult<OrgClaim> {
        let claim = self.claim_row(id).await?;
        let org = self.organization(claim.org_id).await?;
        if !self.org_reach(actor, &org).await?.decides_claims() {
            // Whoever may not decide it may not learn it exists either.
            return Err(if claim.member_id == actor.id {
                AccountsError::Forbidden
            } else {
                AccountsError::NotFound
            });
        }
        if claim.status != ClaimStatus::Pending {
            return Err(AccountsError::Conflict("conflict-claim-decided"));
        }
        let member = self.member(claim.member_id).await?;
        let status = if approve {
            ClaimStatus::Approved
        } else {
            ClaimStatus::Declined
        };
        let mut tx = self.db.begin().await?;
        let changed = execute!(
            tx,
            sqlx::query(
                "UPDATE org_claims SET status = $2, decided_by = $3, decided_at = $4 \
             WHERE id = $1 AND status = 'pending'",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(actor.id)
            .bind(now())
        )?;
        if changed != 1 {
            return Err(AccountsError::Conflict("conflict-claim-decided"));
        }
        // The member may have left the association's reach (or been moved there) since.
        if approve && member.association_id != Some(org.association_id) {
            return Err(ValidationError::new("org_id", "org-not-in-association").into());
        }
        if approve && member.org_id != Some(org.id) {
            move_member_in(&mut tx, member.id, member.org_id, Some(org.id)).await?;
        }
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::ClaimDecided {
                org_id: org.id,
                member_id: member.id,
                status,
            },
        )
        .await?;
        let (from, to) = (member.org_id, org.id);
        let action = if approve {
            AccountsAudit::ClaimApprove {
                claim_id: id,
                from,
                to,
            }
        } else {
            AccountsAudit::ClaimDecline {
                claim_id: id,
                from,
                to,
            }
        };
        tx.audit(actor, member.id, &action).await?;
        tx.commit().await?;
        let content =
            self.claim_decided_content(member.language(), &member.display_name, &org.name, approve);
        self.send(&member.email, &member.display_name, content)
            .await;
        self.claim_row(id).await
    }
}

/// Inside an erasure: the member administers nothing any more, and their claims keep no
/// words of theirs.
pub(crate) async fn erase_org_roles_in(tx: &mut Tx, member: MemberId) -> AccountsResult<()> {
    for sql in [
        "DELETE FROM org_admins WHERE member_id = $1",
        "UPDATE org_claims SET status = CASE WHEN status = 'pending' THEN 'withdrawn' ELSE status END, \
         note = '' WHERE member_id = $1",
    ] {
        execute!(tx, sqlx::query(sql).bind(member))?;
    }
    Ok(())
}
