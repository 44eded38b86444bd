//! Administration of memberships: join requests, invitations, members. Every method checks the
//! actor's reach and writes the audit log in the same transaction as the change.

use civiclink_domain::{
    AssociationId, InviteId, JoinRequestId, MemberId, MemberStatus, OrgId, Role, ValidationError,
};
use civiclink_store::{StoreError, execute, now, on_db, on_tx};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::audit::audit_time;
use crate::model::{INVITE_SELECT, JOIN_REQUEST_SELECT, JoinRequestRow, MEMBER_SELECT, MemberRow};
use crate::{
    Accounts, AccountsAudit, AccountsError, AccountsResult, Actor, ActorRules, Invite, JoinRequest,
    JoinRequestStatus, Member, token,
};

/// A new invitation, validated.
#[derive(Clone, Debug)]
pub struct NewInvite {
    pub association_id: AssociationId,
    pub org_id: Option<OrgId>,
    pub max_uses: i64,
    pub valid_days: i64,
    pub note: String,
}

impl NewInvite {
    pub fn parse(
        association_id: &str,
        org_id: &str,
        max_uses: i64,
        valid_days: i64,
        note: &str,
    ) -> Result<Self, ValidationError> {
        let association_id = crate::join::parse_optional_id(association_id, "association_id")?
            .ok_or(ValidationError::new("association_id", "required"))?;
        let org_id = crate::join::parse_optional_id(org_id, "org_id")?;
        if !(1..=1000).contains(&max_uses) {
            return Err(ValidationError::new("max_uses", "between-1-1000"));
        }
        if !(1..=90).contains(&valid_days) {
            return Err(ValidationError::new("valid_days", "between-1-90"));
        }
        let note = note.trim();
        if note.chars().count() > 200 {
            return Err(ValidationError::new("note", "max-200-chars"));
        }
        Ok(Self {
            association_id,
            org_id,
            max_uses,
            valid_days,
            note: note.to_owned(),
        })
    }
}

/// A new invitation and its link. The token is shown once and never stored.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InviteCreated {
    pub invite: Invite,
    pub link: String,
}

/// Which members to list.
#[derive(Clone, Debug, Default)]
pub struct MemberFilter {
    pub status: Option<MemberStatus>,
    pub role: Option<Role>,
    pub association: Option<AssociationId>,
    /// Part of a name or email address.
    pub query: Option<String>,
    pub limit: i64,
    /// The `next` of the previous page: the list goes on after that member.
    pub after: Option<String>,
}

/// One page of members, by name, and where the next page starts.
#[derive(Clone, Debug)]
pub struct MemberPage {
    pub members: Vec<Member>,
    /// Pass as `after` for the next page; `None` on the last page.
    pub next: Option<String>,
}

/// Where a page of the member list ends: the last member's sort key, as the database computed
/// it (so that the next page compares like with like on either backend), and their id, which
/// breaks ties between equal names.
#[derive(Serialize, serde::Deserialize)]
struct MemberCursor {
    k: String,
    id: MemberId,
}

impl MemberCursor {
    fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(s: &str) -> Result<Self, ValidationError> {
        use base64::Engine;
        let bad = || ValidationError::new("cursor", "cursor-invalid");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim())
            .map_err(|_| bad())?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}

#[derive(sqlx::FromRow)]
struct MemberListRow {
    #[sqlx(flatten)]
    member: MemberRow,
    sort_key: String,
}

/// Changes an administrator makes to a member; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct MemberUpdate {
    pub role: Option<Role>,
    /// Only `Active` (reinstate) and `Suspended` can be set by hand.
    pub status: Option<MemberStatus>,
    /// `Some(None)` clears the expiry (membership without end).
    pub membership_expires_at: Option<Option<OffsetDateTime>>,
}

impl Accounts {
    pub async fn list_join_requests(
        &self,
        actor: &Actor,
        status: Option<JoinRequestStatus>,
    ) -> AccountsResult<Vec<JoinRequest>> {
        actor.require_admin()?;
        let rows: Vec<JoinRequestRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{JOIN_REQUEST_SELECT} WHERE ($1 IS NULL OR j.association_id = $1) \
                      AND ($2 IS NULL OR j.status = $2) ORDER BY j.created_at LIMIT 500")
        )
        .bind(actor.scope())
        .bind(status.map(JoinRequestStatus::as_str))
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|r| JoinRequest::try_from(r).map_err(AccountsError::from))
            .collect()
    }

    pub async fn join_request(
        &self,
        actor: &Actor,
        id: JoinRequestId,
    ) -> AccountsResult<JoinRequest> {
        actor.require_admin()?;
        let row: Option<JoinRequestRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{JOIN_REQUEST_SELECT} WHERE j.id = $1")
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        let request = JoinRequest::try_from(row.ok_or(AccountsError::NotFound)?)?;
        // Outside the actor's association the request does not exist for them.
        if !actor.administers(Some(request.association_id)) {
            return Err(AccountsError::NotFound);
        }
        Ok(request)
    }

    /// Approves or declines a join request. Approving activates the member for the configured
    /// membership period. A declined request can still be approved later; an approved one is final.
    pub async fn decide_join_request(
        &self,
        actor: &Actor,
        id: JoinRequestId,
        approve: bool,
    ) -> AccountsResult<JoinRequest> {
        let request = self.join_request(actor, id).await?;
        if request.status == JoinRequestStatus::Approved {
            return Err(AccountsError::Conflict("conflict-already-approved"));
        }
        if !approve && request.status == JoinRequestStatus::Declined {
            return Err(AccountsError::Conflict("conflict-already-declined"));
        }
        let t = now();
        let status = if approve {
            JoinRequestStatus::Approved
        } else {
            JoinRequestStatus::Declined
        };
        let mut tx = self.db.begin().await?;
        // The status guard makes a double click (or two admins at once) decide only once.
        let changed = execute!(
            tx,
            sqlx::query(
                "UPDATE join_requests SET status = $2, decided_by = $3, decided_at = $4 \
             WHERE id = $1 AND status = $5",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(actor.id)
            .bind(t)
            .bind(request.status.as_str())
        )?;
        if changed != 1 {
            return Err(AccountsError::Conflict("conflict-decided-elsewhere"));
        }
        if approve {
            execute!(tx, sqlx::query(
                "UPDATE members SET status = 'active', membership_expires_at = $2, updated_at = $3 \
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(request.member_id)
            .bind(t + Duration::days(self.config.membership_days))
            .bind(t))?;
        }
        tx.emit(
            id.as_uuid(),
            &crate::AccountsEvent::JoinRequestDecided {
                member_id: request.member_id,
                status,
            },
        )
        .await?;
        let (member_id, email) = (request.member_id, request.email.clone());
        let action = if approve {
            AccountsAudit::JoinApprove { member_id, email }
        } else {
            AccountsAudit::JoinDecline { member_id, email }
        };
        tx.audit(actor, id, &action).await?;
        tx.commit().await?;
        let email =
            civiclink_domain::EmailAddress::parse(&request.email).map_err(StoreError::corrupt)?;
        let lang = self.member(request.member_id).await?.language();
        let kind = if approve {
            crate::emails::Kind::Approved
        } else {
            crate::emails::Kind::Declined
        };
        let content = self.content(kind, lang, &request.display_name, "");
        self.send(&email, &request.display_name, content).await;
        self.join_request(actor, id).await
    }

    pub async fn create_invite(
        &self,
        actor: &Actor,
        new: NewInvite,
    ) -> AccountsResult<InviteCreated> {
        if !actor.administers(Some(new.association_id)) {
            return Err(AccountsError::Forbidden);
        }
        self.association(new.association_id)
            .await
            .map_err(|e| match e {
                AccountsError::NotFound => {
                    ValidationError::new("association_id", "unknown-association").into()
                }
                e => e,
            })?;
        if let Some(org) = new.org_id {
            match self.organization(org).await {
                Ok(o) if o.association_id == new.association_id => {}
                Ok(_) | Err(AccountsError::NotFound) => {
                    return Err(ValidationError::new("org_id", "org-not-in-association").into());
                }
                Err(e) => return Err(e),
            }
        }
        let (token, hash) = token::generate();
        let id = InviteId::new();
        let t = now();
        let mut tx = self.db.begin().await?;
        execute!(tx, sqlx::query(
            "INSERT INTO invites (id, token_hash, association_id, org_id, note, max_uses, uses, expires_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9)",
        )
        .bind(id)
        .bind(&hash)
        .bind(new.association_id)
        .bind(new.org_id)
        .bind(&new.note)
        .bind(new.max_uses)
        .bind(t + Duration::days(new.valid_days))
        .bind(actor.id)
        .bind(t))?;
        tx.emit(
            id.as_uuid(),
            &crate::AccountsEvent::InviteCreated {
                association_id: new.association_id,
                org_id: new.org_id,
            },
        )
        .await?;
        tx.audit(
            actor,
            id,
            &AccountsAudit::InviteCreate {
                association_id: new.association_id,
                org_id: new.org_id,
                max_uses: new.max_uses,
                valid_days: new.valid_days,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(InviteCreated {
            invite: self.invite(id).await?,
            link: self.link(&format!("/join/invite/{token}")),
        })
    }

    async fn invite(&self, id: InviteId) -> AccountsResult<Invite> {
        on_db!(self.db, p => sqlx::query_as::<_, Invite>(
            &format!("{INVITE_SELECT} WHERE i.id = $1")
        )
        .bind(id)
        .fetch_optional(p)
        .await)?
        .ok_or(AccountsError::NotFound)
    }

    pub async fn list_invites(&self, actor: &Actor) -> AccountsResult<Vec<Invite>> {
        actor.require_admin()?;
        Ok(on_db!(self.db, p => sqlx::query_as::<_, Invite>(
            &format!("{INVITE_SELECT} WHERE ($1 IS NULL OR i.association_id = $1) ORDER BY i.created_at DESC LIMIT 500")
        )
        .bind(actor.scope())
        .fetch_all(p)
        .await)?)
    }

    pub async fn revoke_invite(&self, actor: &Actor, id: InviteId) -> AccountsResult<Invite> {
        actor.require_admin()?;
        let invite = self.invite(id).await?;
        if !actor.administers(Some(invite.association_id)) {
            return Err(AccountsError::NotFound);
        }
        if invite.revoked_at.is_some() {
            return Ok(invite);
        }
        let mut tx = self.db.begin().await?;
        execute!(
            tx,
            sqlx::query("UPDATE invites SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",)
                .bind(id)
                .bind(now())
        )?;
        tx.emit(id.as_uuid(), &crate::AccountsEvent::InviteRevoked {})
            .await?;
        tx.audit(actor, id, &AccountsAudit::InviteRevoke {}).await?;
        tx.commit().await?;
        self.invite(id).await
    }

    /// Members in the actor's reach, by name, one page at a time. Pages are keyset pages on
    /// (lower-cased name, id): a member added or removed meanwhile never makes another one
    /// appear twice or be skipped.
    pub async fn list_members(
        &self,
        actor: &Actor,
        filter: &MemberFilter,
    ) -> AccountsResult<MemberPage> {
        actor.require_admin()?;
        // An association admin sees only their association, whatever the filter asks for.
        let association = match actor.scope() {
            Some(own) => Some(own),
            None => filter.association,
        };
        let like = |s: String| {
            format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        };
        let query = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        // The name is matched on its folded key (accents and case aside, as the directory
        // does), the address as stored (addresses are kept in lower case).
        let name_pattern = query.map(|q| like(civiclink_domain::text::search_key(q)));
        let email_pattern = query.map(|q| like(q.to_lowercase()));
        let after = filter
            .after
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .map(MemberCursor::decode)
            .transpose()?;
        let limit = filter.limit.clamp(1, 1000);
        // One more than asked says whether a next page exists.
        let rows: Vec<MemberListRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("SELECT * FROM (SELECT l.*, k.name_key AS sort_key FROM ({MEMBER_SELECT}) l \
                      JOIN members k ON k.id = l.id) m \
                      WHERE ($1 IS NULL OR m.association_id = $1) \
                      AND ($2 IS NULL OR m.status = $2) AND ($3 IS NULL OR m.role = $3) \
                      AND ($4 IS NULL OR m.sort_key LIKE $4 ESCAPE '\\' OR m.email LIKE $8 ESCAPE '\\') \
                      AND ($5 IS NULL OR m.sort_key > $5 OR (m.sort_key = $5 AND m.id > $6)) \
                      ORDER BY m.sort_key, m.id LIMIT $7")
        )
        .bind(association)
        .bind(filter.status.map(MemberStatus::as_str))
        .bind(filter.role.map(Role::as_str))
        .bind(name_pattern)
        .bind(after.as_ref().map(|c| c.k.as_str()))
        .bind(after.as_ref().map(|c| c.id))
        .bind(limit + 1)
        .bind(email_pattern)
        .fetch_all(p)
        .await)?;
        let more = rows.len() as i64 > limit;
        let mut members = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for row in rows.into_iter().take(limit as usize) {
            last_key = Some(row.sort_key);
            members.push(Member::try_from(row.member)?);
        }
        let next = match (more, last_key, members.last()) {
            (true, Some(k), Some(m)) => Some(MemberCursor { k, id: m.id }.encode()),
            _ => None,
        };
        Ok(MemberPage { members, next })
    }

    /// A member as an administrator sees them; outside the actor's reach it does not exist.
    pub async fn member_for_admin(&self, actor: &Actor, id: MemberId) -> AccountsResult<Member> {
        actor.require_admin()?;
        let m = self.member(id).await?;
        if !actor.administers(m.association_id) {
            return Err(AccountsError::NotFound);
        }
        Ok(m)
    }

    /// Changes a member's role, status or expiry. Rules: nobody changes their own role or status
    /// (no accidental lock-out); only a site admin grants or touches the site-admin role;
    /// suspension ends every session of the member at once.
    pub async fn update_member(
        &self,
        actor: &Actor,
        id: MemberId,
        update: MemberUpdate,
    ) -> AccountsResult<Member> {
        let before = self.member_for_admin(actor, id).await?;
        if id == actor.id && (update.role.is_some() || update.status.is_some()) {
            return Err(AccountsError::Conflict("conflict-own-role"));
        }
        // An association administrator's membership is their association's to renew, not
        // their own: another administrator (or a site administrator) changes its end.
        if id == actor.id
            && actor.role != Role::SiteAdmin
            && update
                .membership_expires_at
                .is_some_and(|e| e != before.membership_expires_at)
        {
            return Err(AccountsError::Conflict("conflict-own-expiry"));
        }
        if (update.role == Some(Role::SiteAdmin) || before.role == Role::SiteAdmin)
            && actor.role != Role::SiteAdmin
        {
            return Err(AccountsError::Forbidden);
        }
        if update.role == Some(Role::SiteAdmin) && before.association_id.is_none() {
            // Already outside associations: fine. (Kept explicit: the CHECK constraint agrees.)
        } else if update.role.is_some_and(|r| r != Role::SiteAdmin)
            && before.association_id.is_none()
        {
            return Err(ValidationError::new("role", "site-admin-only-outside").into());
        }
        if let Some(s) = update.status
            && !matches!(s, MemberStatus::Active | MemberStatus::Suspended)
        {
            return Err(ValidationError::new("status", "status-active-or-suspended").into());
        }
        if update.status == Some(MemberStatus::Active) && before.status == MemberStatus::Pending {
            return Err(ValidationError::new("status", "approve-to-activate").into());
        }
        let t = now();
        let role = update.role.unwrap_or(before.role);
        let mut status = update.status.unwrap_or(before.status);
        let expires = update
            .membership_expires_at
            .unwrap_or(before.membership_expires_at);
        // A lapsed membership given a future expiry is active again; an active one given a past
        // expiry is lapsed.
        if status == MemberStatus::Lapsed && expires.is_none_or(|e| e > t) {
            status = MemberStatus::Active;
        } else if status == MemberStatus::Active && expires.is_some_and(|e| e <= t) {
            status = MemberStatus::Lapsed;
        }
        let end_sessions =
            status == MemberStatus::Suspended && before.status != MemberStatus::Suspended;
        let mut tx = self.db.begin().await?;
        execute!(
            tx,
            sqlx::query(
                "UPDATE members SET role = $2, status = $3, membership_expires_at = $4, \
             session_epoch = session_epoch + $5, updated_at = $6 WHERE id = $1",
            )
            .bind(id)
            .bind(role.as_str())
            .bind(status.as_str())
            .bind(expires)
            .bind(i64::from(end_sessions))
            .bind(t)
        )?;
        tx.emit(
            id.as_uuid(),
            &crate::AccountsEvent::MemberUpdated {
                role: Some(role),
                status: Some(status),
                preferred_language: None,
            },
        )
        .await?;
        if role != before.role {
            let action = AccountsAudit::RoleChange {
                from: before.role,
                to: role,
            };
            tx.audit(actor, id, &action).await?;
        }
        if status != before.status {
            let from = before.status;
            let action = match status {
                MemberStatus::Suspended => AccountsAudit::Suspend { from, to: status },
                MemberStatus::Active => AccountsAudit::Reinstate { from, to: status },
                _ => AccountsAudit::StatusChange { from, to: status },
            };
            tx.audit(actor, id, &action).await?;
        }
        if expires != before.membership_expires_at {
            let action = AccountsAudit::ExpiryChange {
                from: audit_time(before.membership_expires_at),
                to: audit_time(expires),
            };
            tx.audit(actor, id, &action).await?;
        }
        tx.commit().await?;
        self.member(id).await
    }

    /// Moves a member to another organization of their association (or to none). The change is
    /// an event, so the member's affiliation history (kept by the people capability) records
    /// when they left one organization and joined the next. Audited.
    pub async fn change_organization(
        &self,
        actor: &Actor,
        id: MemberId,
        org: Option<OrgId>,
    ) -> AccountsResult<Member> {
        let before = self.member_for_admin(actor, id).await?;
        if let Some(org) = org {
            match self.organization(org).await {
                Ok(o) if Some(o.association_id) == before.association_id => {}
                Ok(_) | Err(AccountsError::NotFound) => {
                    return Err(ValidationError::new("org_id", "org-not-in-association").into());
                }
                Err(e) => return Err(e),
            }
        }
        if org == before.org_id {
            return Ok(before);
        }
        let mut tx = self.db.begin().await?;
        crate::org_roles::move_member_in(&mut tx, id, before.org_id, org).await?;
        let action = AccountsAudit::OrgChange {
            from: before.org_id,
            to: org,
        };
        tx.audit(actor, id, &action).await?;
        tx.commit().await?;
        self.member(id).await
    }

    /// Records as lapsed every active membership whose expiry has passed. Idempotent, so it may
    /// run in every process.
    pub async fn sweep_lapsed(&self) -> AccountsResult<usize> {
        let t = now();
        let mut tx = self.db.begin().await?;
        let ids: Vec<MemberId> = on_tx!(tx, c => sqlx::query_scalar(
            "UPDATE members SET status = 'lapsed', updated_at = $1 \
             WHERE status = 'active' AND membership_expires_at IS NOT NULL AND membership_expires_at <= $1 \
             RETURNING id",
        )
        .bind(t)
        .fetch_all(&mut *c)
        .await)?;
        if ids.is_empty() {
            // Nothing changed: a commit would put every read cache out of date for nothing.
            tx.rollback().await?;
            return Ok(0);
        }
        for id in &ids {
            tx.emit(
                id.as_uuid(),
                &crate::AccountsEvent::MemberUpdated {
                    role: None,
                    status: Some(MemberStatus::Lapsed),
                    preferred_language: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ids.len())
    }
}
