//! A lapsed member asks their association to renew their membership.
//!
//! The request is not a record of its own: the member row keeps when they last asked (so the
//! renewal page can say so, and a member cannot ask more than once a day), the outbox records the
//! event, and the association's administrators are emailed with a link to the member's admin
//! page, where they set a new end date as for any renewal.

use civiclink_domain::MemberId;
use civiclink_store::{execute, now, on_db};
use time::{Duration, OffsetDateTime};

use crate::emails::Deciders;
use crate::org_roles::parse_admin_note;
use crate::{Access, Accounts, AccountsError, AccountsResult, Member};

/// How long after asking a member must wait before asking again.
pub const RENEWAL_ASK_INTERVAL: Duration = Duration::days(1);

impl Accounts {
    /// When `member` last asked for their membership to be renewed, if ever.
    pub async fn renewal_requested_at(
        &self,
        member: MemberId,
    ) -> AccountsResult<Option<OffsetDateTime>> {
        let at: Option<Option<OffsetDateTime>> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT renewal_requested_at FROM members WHERE id = $1",
        )
        .bind(member)
        .fetch_optional(p)
        .await)?;
        Ok(at.flatten())
    }

    /// `member`, whose membership lapsed, asks their association to renew it, with an optional
    /// `note` (see [`parse_admin_note`]). Their association's administrators are emailed (the
    /// site administrators when the association has none). Refused while the membership is
    /// current, and within [`RENEWAL_ASK_INTERVAL`] of the previous request.
    pub async fn request_renewal(&self, member: &Member, note: &str) -> AccountsResult<()> {
        let note = parse_admin_note(note)?;
        let t = now();
        if member.access(t) != Access::Lapsed {
            return Err(AccountsError::Conflict("conflict-renewal-not-lapsed"));
        }
        let mut tx = self.db.begin().await?;
        // One statement decides, so two requests at once cannot both pass the interval.
        let asked = execute!(
            tx,
            sqlx::query(
                "UPDATE members SET renewal_requested_at = $2 WHERE id = $1 \
             AND (renewal_requested_at IS NULL OR renewal_requested_at <= $3)",
            )
            .bind(member.id)
            .bind(t)
            .bind(t - RENEWAL_ASK_INTERVAL)
        )?;
        if asked != 1 {
            return Err(AccountsError::Conflict("conflict-renewal-asked"));
        }
        tx.emit(
            member.id.as_uuid(),
            &crate::AccountsEvent::RenewalRequested {
                association_id: member.association_id,
                note: note.to_string(),
            },
        )
        .await?;
        tx.commit().await?;
        self.notify_renewers(member, &note).await
    }

    /// Emails the administrators who can renew `member`.
    async fn notify_renewers(&self, member: &Member, note: &str) -> AccountsResult<()> {
        let to = self
            .deciders(Deciders::Association(member.association_id))
            .await?;
        self.send_each(to, |lang, name| {
            self.renewal_asked_content(lang, name, member, note)
        })
        .await;
        Ok(())
    }
}
