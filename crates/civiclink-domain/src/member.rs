use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// What a member may do. Ordered by reach: every role can do what the roles before it can.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Moderator,
    AssociationAdmin,
    SiteAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Member,
        Role::Moderator,
        Role::AssociationAdmin,
        Role::SiteAdmin,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::AssociationAdmin => "association_admin",
            Role::SiteAdmin => "site_admin",
        }
    }

    /// Whether this role administers memberships (of one association, or of all).
    pub const fn is_admin(self) -> bool {
        matches!(self, Role::AssociationAdmin | Role::SiteAdmin)
    }

    pub const fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Moderator => "Moderator",
            Role::AssociationAdmin => "Association admin",
            Role::SiteAdmin => "Site admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ValidationError::new("role", "role-invalid"))
    }
}

/// Where a member stands. Only `Active` members whose membership has not expired get in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Joined, but not yet verified and approved.
    Pending,
    Active,
    Suspended,
    /// The membership expired; the member sees only a renewal notice.
    Lapsed,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 4] = [
        MemberStatus::Pending,
        MemberStatus::Active,
        MemberStatus::Suspended,
        MemberStatus::Lapsed,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Pending => "pending",
            MemberStatus::Active => "active",
            MemberStatus::Suspended => "suspended",
            MemberStatus::Lapsed => "lapsed",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            MemberStatus::Pending => "Pending",
            MemberStatus::Active => "Active",
            MemberStatus::Suspended => "Suspended",
            MemberStatus::Lapsed => "Lapsed",
        }
    }
}

impl fmt::Display for MemberStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MemberStatus {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MemberStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ValidationError::new("status", "status-invalid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_order_by_reach() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().ok(), Some(r));
        }
        assert!(Role::SiteAdmin > Role::AssociationAdmin);
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn statuses_round_trip() {
        for s in MemberStatus::ALL {
            assert_eq!(s.as_str().parse::<MemberStatus>().ok(), Some(s));
        }
        assert!("gone".parse::<MemberStatus>().is_err());
    }
}
