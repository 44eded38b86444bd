//! The people of an organization, for its page.

use civiclink_domain::{Handle, MemberId, OrgId};
use civiclink_store::on_db;
use serde::Serialize;

use crate::directory::LISTED;
use crate::{People, PeopleError, PeopleResult};

/// A member as an organization's page lists them.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OrgMember {
    pub member_id: MemberId,
    pub handle: Handle,
    pub display_name: String,
}

impl People {
    /// The active members of `org` with a profile, by name. For a `viewer`, only those the
    /// directory would show them (listed, and no block either way), and the viewer themselves;
    /// without one (an administrator choosing among them), everyone.
    pub async fn org_members(
        &self,
        org: OrgId,
        viewer: Option<MemberId>,
        limit: i64,
    ) -> PeopleResult<Vec<OrgMember>> {
        let limit = limit.clamp(1, 1000);
        let rows: Vec<(MemberId, String, String)> = match viewer {
            Some(viewer) => {
                let sql = format!(
                    "SELECT m.id, p.handle, m.display_name FROM member_facts m \
                     JOIN profiles p ON p.member_id = m.id \
                     WHERE m.org_id = $2 AND m.listed AND (m.id = $1 OR ({LISTED})) \
                     ORDER BY p.sort_name, m.id LIMIT $3"
                );
                on_db!(self.db, p => sqlx::query_as(&sql)
                    .bind(viewer)
                    .bind(org)
                    .bind(limit)
                    .fetch_all(p)
                    .await)?
            }
            None => on_db!(self.db, p => sqlx::query_as(
                "SELECT m.id, p.handle, m.display_name FROM member_facts m \
                 JOIN profiles p ON p.member_id = m.id \
                 WHERE m.org_id = $1 AND m.listed ORDER BY p.sort_name, m.id LIMIT $2",
            )
            .bind(org)
            .bind(limit)
            .fetch_all(p)
            .await)?,
        };
        rows.into_iter()
            .map(|(member_id, h, display_name)| {
                Ok(OrgMember {
                    member_id,
                    handle: Handle::from_stored(&h)
                        .map_err(|e| PeopleError::Store(civiclink_store::StoreError::corrupt(e)))?,
                    display_name,
                })
            })
            .collect()
    }
}

/// A stretch of a member's career: an organization, from when, until when (`None`: now).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Affiliation {
    pub org_id: OrgId,
    pub org_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub ended_at: Option<time::OffsetDateTime>,
}

impl People {
    /// Where a member has worked while on CivicLink, newest first.
    pub async fn affiliations(
        &self,
        member: civiclink_domain::MemberId,
    ) -> PeopleResult<Vec<Affiliation>> {
        Ok(on_db!(self.db, p => sqlx::query_as::<_, Affiliation>(
            "SELECT a.org_id, o.name AS org_name, a.started_at, a.ended_at FROM org_affiliations a \
             JOIN organization_facts o ON o.id = a.org_id WHERE a.member_id = $1 ORDER BY a.started_at DESC",
        )
        .bind(member)
        .fetch_all(p)
        .await)?)
    }
}
