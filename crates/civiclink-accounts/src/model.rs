//! What the accounts tables hold, as the rest of the system sees it.

use civiclink_domain::{
    AssociationId, EmailAddress, InviteId, JoinRequestId, Language, MemberId, MemberStatus,
    MunicipalityType, OrgId, OrgKind, Role, SizeBand,
};
use civiclink_store::StoreError;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Association {
    pub id: AssociationId,
    pub name: String,
    pub short_name: String,
    pub country: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Organization {
    pub id: OrgId,
    pub association_id: AssociationId,
    pub association_name: String,
    pub name: String,
    pub kind: OrgKind,
    pub region: String,
    pub country: String,
    pub population: Option<i64>,
    /// Derived from the population.
    pub size_band: Option<SizeBand>,
    pub municipality_type: Option<MunicipalityType>,
    pub it_team_size: Option<i64>,
    pub website: String,
    pub description: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrganizationRow {
    id: OrgId,
    association_id: AssociationId,
    association_name: String,
    name: String,
    kind: String,
    region: String,
    country: String,
    population: Option<i64>,
    municipality_type: Option<String>,
    it_team_size: Option<i64>,
    website: String,
    description: String,
    created_at: OffsetDateTime,
}

impl TryFrom<OrganizationRow> for Organization {
    type Error = StoreError;
    fn try_from(r: OrganizationRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: r.id,
            association_id: r.association_id,
            association_name: r.association_name,
            name: r.name,
            kind: r.kind.parse().map_err(StoreError::corrupt)?,
            region: r.region,
            country: r.country,
            population: r.population,
            size_band: r.population.map(SizeBand::of),
            municipality_type: r
                .municipality_type
                .as_deref()
                .map(MunicipalityType::parse)
                .transpose()
                .map_err(StoreError::corrupt)?,
            it_team_size: r.it_team_size,
            website: r.website,
            description: r.description,
            created_at: r.created_at,
        })
    }
}

/// How far a member may go right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Everything their role allows.
    Full,
    /// Signed in, but the membership has expired: only the renewal notice.
    Lapsed,
    /// Not allowed in at all (pending or suspended).
    None,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Member {
    pub id: MemberId,
    pub email: EmailAddress,
    pub display_name: String,
    pub association_id: Option<AssociationId>,
    pub association_name: Option<String>,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub role: Role,
    pub status: MemberStatus,
    #[serde(with = "time::serde::rfc3339::option")]
    pub email_verified_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub membership_expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The language chosen for pages and email; `None` follows the browser.
    pub preferred_language: Option<Language>,
    /// Bumped whenever every session of the member must end (suspension, password reset).
    #[serde(skip)]
    pub session_epoch: i64,
    #[serde(skip)]
    pub invite_id: Option<InviteId>,
}

impl Member {
    /// The language to write to this member in when no request is at hand.
    pub fn language(&self) -> Language {
        self.preferred_language.unwrap_or_default()
    }

    /// What the member may reach at `now`. An active membership past its expiry is lapsed even
    /// before the periodic sweep records it.
    pub fn access(&self, now: OffsetDateTime) -> Access {
        match self.status {
            MemberStatus::Active => match self.membership_expires_at {
                Some(t) if t <= now => Access::Lapsed,
                _ => Access::Full,
            },
            MemberStatus::Lapsed => Access::Lapsed,
            MemberStatus::Pending | MemberStatus::Suspended => Access::None,
        }
    }
}

pub(crate) const MEMBER_SELECT: &str = "SELECT m.id, m.email, m.display_name, m.association_id, \
     a.name AS association_name, m.org_id, o.name AS org_name, m.role, m.status, \
     m.email_verified_at, m.membership_expires_at, m.created_at, m.session_epoch, m.invite_id, \
     m.preferred_language \
     FROM members m LEFT JOIN associations a ON a.id = m.association_id \
     LEFT JOIN organizations o ON o.id = m.org_id";

#[derive(sqlx::FromRow)]
pub(crate) struct MemberRow {
    id: MemberId,
    email: String,
    display_name: String,
    association_id: Option<AssociationId>,
    association_name: Option<String>,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    role: String,
    status: String,
    email_verified_at: Option<OffsetDateTime>,
    membership_expires_at: Option<OffsetDateTime>,
    created_at: OffsetDateTime,
    session_epoch: i64,
    invite_id: Option<InviteId>,
    preferred_language: Option<String>,
}

impl TryFrom<MemberRow> for Member {
    type Error = StoreError;
    fn try_from(r: MemberRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: r.id,
            email: EmailAddress::parse(&r.email).map_err(StoreError::corrupt)?,
            display_name: r.display_name,
            association_id: r.association_id,
            association_name: r.association_name,
            org_id: r.org_id,
            org_name: r.org_name,
            role: r.role.parse().map_err(StoreError::corrupt)?,
            status: r.status.parse().map_err(StoreError::corrupt)?,
            email_verified_at: r.email_verified_at,
            membership_expires_at: r.membership_expires_at,
            created_at: r.created_at,
            session_epoch: r.session_epoch,
            invite_id: r.invite_id,
            preferred_language: r
                .preferred_language
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(StoreError::corrupt)?,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinRequestStatus {
    Pending,
    Approved,
    Declined,
}

impl JoinRequestStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            JoinRequestStatus::Pending => "pending",
            JoinRequestStatus::Approved => "approved",
            JoinRequestStatus::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "approved" => Some(Self::Approved),
            "declined" => Some(Self::Declined),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JoinRequest {
    pub id: JoinRequestId,
    pub member_id: MemberId,
    pub email: String,
    pub display_name: String,
    pub email_verified: bool,
    pub association_id: AssociationId,
    pub association_name: String,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub message: String,
    pub status: JoinRequestStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

pub(crate) const JOIN_REQUEST_SELECT: &str = "SELECT j.id, j.member_id, m.email, m.display_name, \
     m.email_verified_at, j.association_id, a.name AS association_name, j.org_id, \
     o.name AS org_name, j.message, j.status, j.created_at, j.decided_at \
     FROM join_requests j JOIN members m ON m.id = j.member_id \
     JOIN associations a ON a.id = j.association_id \
     LEFT JOIN organizations o ON o.id = j.org_id";

#[derive(sqlx::FromRow)]
pub(crate) struct JoinRequestRow {
    id: JoinRequestId,
    member_id: MemberId,
    email: String,
    display_name: String,
    email_verified_at: Option<OffsetDateTime>,
    association_id: AssociationId,
    association_name: String,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    message: String,
    status: String,
    created_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
}

impl TryFrom<JoinRequestRow> for JoinRequest {
    type Error = StoreError;
    fn try_from(r: JoinRequestRow) -> Result<Self, Self::Error> {
        Ok(Self {
            id: r.id,
            member_id: r.member_id,
            email: r.email,
            display_name: r.display_name,
            email_verified: r.email_verified_at.is_some(),
            association_id: r.association_id,
            association_name: r.association_name,
            org_id: r.org_id,
            org_name: r.org_name,
            message: r.message,
            status: JoinRequestStatus::parse(&r.status)
                .ok_or_else(|| StoreError::corrupt("join request status"))?,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
    }
}

#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct Invite {
    pub id: InviteId,
    pub association_id: AssociationId,
    pub association_name: String,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub note: String,
    pub max_uses: i64,
    pub uses: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl Invite {
    /// Whether the link still admits someone at `now`.
    pub fn is_usable(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && self.uses < self.max_uses && self.expires_at > now
    }
}

pub(crate) const INVITE_SELECT: &str = "SELECT i.id, i.association_id, a.name AS association_name, \
     i.org_id, o.name AS org_name, i.note, i.max_uses, i.uses, i.expires_at, i.revoked_at, \
     i.created_at FROM invites i JOIN associations a ON a.id = i.association_id \
     LEFT JOIN organizations o ON o.id = i.org_id";
