//! Who is acting, and the rules about them that need no database.

use crate::{AssociationId, MemberId, MemberStatus, Role};

/// Who is acting, and from where. Built by the edge from the session or the API token; every
/// capability decides with it and the audit log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: MemberId,
    pub role: Role,
    pub association_id: Option<AssociationId>,
    /// The client's address, for the audit log.
    pub ip: Option<String>,
}

impl Actor {
    /// Whether this actor administers memberships in `association`.
    pub fn administers(&self, association: Option<AssociationId>) -> bool {
        match self.role {
            Role::SiteAdmin => true,
            Role::AssociationAdmin => association.is_some() && association == self.association_id,
            Role::Member | Role::Moderator => false,
        }
    }

    /// Whether this actor may see the member `subject` (of `association`, in `status`) at
    /// all: pending and suspended members exist only for themselves and for administrators of
    /// their association.
    pub fn may_see_member(
        &self,
        subject: MemberId,
        association: Option<AssociationId>,
        status: MemberStatus,
    ) -> bool {
        subject == self.id
            || self.administers(association)
            || matches!(status, MemberStatus::Active | MemberStatus::Lapsed)
    }

    /// Whether this actor moderates what members write (the technology directory's listings,
    /// later threads): moderators and site administrators.
    pub fn moderates(&self) -> bool {
        matches!(self.role, Role::Moderator | Role::SiteAdmin)
    }

    /// The association an administrator is confined to; `None` for a site admin (all of them).
    pub fn scope(&self) -> Option<AssociationId> {
        match self.role {
            Role::SiteAdmin => None,
            _ => self.association_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, association: Option<AssociationId>) -> Actor {
        Actor {
            id: MemberId::new(),
            role,
            association_id: association,
            ip: None,
        }
    }

    #[test]
    fn administrators_act_within_their_association() {
        let mine = AssociationId::new();
        let other = AssociationId::new();
        let admin = actor(Role::AssociationAdmin, Some(mine));
        assert!(admin.administers(Some(mine)));
        assert!(!admin.administers(Some(other)));
        assert!(!admin.administers(None));
        assert!(actor(Role::SiteAdmin, None).administers(Some(other)));
        assert!(!actor(Role::Moderator, Some(mine)).administers(Some(mine)));
        assert_eq!(admin.scope(), Some(mine));
        assert_eq!(actor(Role::SiteAdmin, Some(mine)).scope(), None);
    }

    #[test]
    fn pending_and_suspended_members_are_seen_by_themselves_and_their_administrators() {
        let a = AssociationId::new();
        let member = actor(Role::Member, Some(a));
        let other = MemberId::new();
        assert!(member.may_see_member(other, Some(a), MemberStatus::Active));
        assert!(member.may_see_member(other, Some(a), MemberStatus::Lapsed));
        assert!(!member.may_see_member(other, Some(a), MemberStatus::Suspended));
        assert!(!member.may_see_member(other, Some(a), MemberStatus::Pending));
        assert!(member.may_see_member(member.id, Some(a), MemberStatus::Suspended));
        let admin = actor(Role::AssociationAdmin, Some(a));
        assert!(admin.may_see_member(other, Some(a), MemberStatus::Suspended));
    }
}
