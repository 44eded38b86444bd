//! What accounts tell the rest of the system, as typed events on the outbox. Texts that a
//! rule validates (names, handles) travel as plain strings: an event is a fact about the past,
//! and a rule tightened later must not make it unreadable.

use civiclink_domain::{AssociationId, Language, MemberId, MemberStatus, OrgId, OrgKind, Role};
use serde::{Deserialize, Serialize};

use crate::{ClaimStatus, JoinRequestStatus};

/// Why an organization lost one of its administrators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminRemoval {
    /// The member moved to another organization.
    Left,
    /// Another administrator removed them.
    Removed,
}

civiclink_store::events! {
    /// The events of accounts: members, associations, organizations, join requests,
    /// invitations, organization administrators and claims.
    pub enum AccountsEvent {
        /// A member exists (signed up and verified, invited, or made by an administrator).
        "member.created" => MemberCreated {
            association_id: Option<AssociationId>,
            org_id: Option<OrgId>,
            display_name: String,
            status: MemberStatus,
        },
        "member.email_verified" => EmailVerified { status: MemberStatus },
        "member.password_changed" => PasswordChanged {},
        "member.erased" => Erased {},
        "member.renamed" feed(Member) => Renamed { display_name: String },
        /// Any of the member's role, status or language changed (the fields that did).
        "member.updated" => MemberUpdated {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            role: Option<Role>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            status: Option<MemberStatus>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            preferred_language: Option<Language>,
        },
        "member.renewal_requested" => RenewalRequested {
            association_id: Option<AssociationId>,
            note: String,
        },
        "member.org_changed" => OrgChanged { from: Option<OrgId>, to: Option<OrgId> },
        "association.created" => AssociationCreated { name: String },
        "organization.created" => OrganizationCreated {
            association_id: AssociationId,
            name: String,
            kind: OrgKind,
        },
        "organization.updated" feed(Organization) => OrganizationUpdated {
            association_id: AssociationId,
            name: String,
            kind: OrgKind,
        },
        "join_request.created" => JoinRequestCreated {
            member_id: MemberId,
            association_id: AssociationId,
        },
        "join_request.decided" => JoinRequestDecided {
            member_id: MemberId,
            status: JoinRequestStatus,
        },
        "invite.created" => InviteCreated {
            association_id: AssociationId,
            org_id: Option<OrgId>,
        },
        "invite.revoked" => InviteRevoked {},
        "org_admin.added" => OrgAdminAdded { member_id: MemberId },
        "org_admin.removed" => OrgAdminRemoved { member_id: MemberId, reason: AdminRemoval },
        "org_claim.created" => ClaimCreated { org_id: OrgId, member_id: MemberId },
        "org_claim.withdrawn" => ClaimWithdrawn { org_id: OrgId, member_id: MemberId },
        "org_claim.decided" => ClaimDecided {
            org_id: OrgId,
            member_id: MemberId,
            status: ClaimStatus,
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::{DomainEvent, Event};

    use super::*;

    /// One of each kind.
    fn every_kind() -> Vec<AccountsEvent> {
        let m = MemberId::new();
        let a = AssociationId::new();
        let o = OrgId::new();
        vec![
            AccountsEvent::MemberCreated {
                association_id: Some(a),
                org_id: None,
                display_name: "Ada".into(),
                status: MemberStatus::Pending,
            },
            AccountsEvent::EmailVerified {
                status: MemberStatus::Active,
            },
            AccountsEvent::PasswordChanged {},
            AccountsEvent::Erased {},
            AccountsEvent::Renamed {
                display_name: "Ada King".into(),
            },
            AccountsEvent::MemberUpdated {
                role: Some(Role::Moderator),
                status: None,
                preferred_language: Some(Language::Fr),
            },
            AccountsEvent::RenewalRequested {
                association_id: Some(a),
                note: "please".into(),
            },
            AccountsEvent::OrgChanged {
                from: Some(o),
                to: None,
            },
            AccountsEvent::AssociationCreated {
                name: "MISA".into(),
            },
            AccountsEvent::OrganizationCreated {
                association_id: a,
                name: "Kingston".into(),
                kind: OrgKind::Municipality,
            },
            AccountsEvent::OrganizationUpdated {
                association_id: a,
                name: "Kingston".into(),
                kind: OrgKind::Vendor,
            },
            AccountsEvent::JoinRequestCreated {
                member_id: m,
                association_id: a,
            },
            AccountsEvent::JoinRequestDecided {
                member_id: m,
                status: JoinRequestStatus::Approved,
            },
            AccountsEvent::InviteCreated {
                association_id: a,
                org_id: Some(o),
            },
            AccountsEvent::InviteRevoked {},
            AccountsEvent::OrgAdminAdded { member_id: m },
            AccountsEvent::OrgAdminRemoved {
                member_id: m,
                reason: AdminRemoval::Left,
            },
            AccountsEvent::ClaimCreated {
                org_id: o,
                member_id: m,
            },
            AccountsEvent::ClaimWithdrawn {
                org_id: o,
                member_id: m,
            },
            AccountsEvent::ClaimDecided {
                org_id: o,
                member_id: m,
                status: ClaimStatus::Declined,
            },
        ]
    }

    fn stored(kind: &str, payload: serde_json::Value) -> Event {
        Event {
            position: 7,
            kind: kind.to_owned(),
            entity_id: uuid::Uuid::nil(),
            payload,
            created_at: civiclink_store::now(),
        }
    }

    #[test]
    fn every_kind_round_trips_through_its_stored_form() {
        let all = every_kind();
        let kinds: Vec<&str> = all.iter().map(DomainEvent::kind).collect();
        assert_eq!(
            kinds,
            AccountsEvent::KINDS,
            "one example of each kind, in order"
        );
        for e in all {
            let row = stored(e.kind(), e.payload().expect("payload"));
            assert!(row.payload.get("payload").is_none(), "stored untagged");
            assert_eq!(AccountsEvent::decode(&row).expect("decodes"), Some(e));
        }
    }

    #[test]
    fn payloads_written_before_a_field_was_added_still_decode() {
        // `member.updated` written by a lapse sweep carried the status alone.
        let row = stored("member.updated", serde_json::json!({ "status": "lapsed" }));
        assert_eq!(
            AccountsEvent::decode(&row).expect("decodes"),
            Some(AccountsEvent::MemberUpdated {
                role: None,
                status: Some(MemberStatus::Lapsed),
                preferred_language: None,
            })
        );
        // Fields the reader does not know (written by a newer version) are ignored.
        let row = stored(
            "member.renamed",
            serde_json::json!({ "display_name": "Ada", "pronouns": "she" }),
        );
        assert!(AccountsEvent::decode(&row).expect("decodes").is_some());
    }

    #[test]
    fn another_kind_is_not_ours_and_a_broken_payload_is_an_error() {
        let row = stored("profile.updated", serde_json::json!({ "handle": "ada" }));
        assert_eq!(AccountsEvent::decode(&row).expect("not ours"), None);
        let row = stored("member.created", serde_json::json!({ "display_name": 3 }));
        let err = AccountsEvent::decode(&row).expect_err("broken");
        assert!(
            err.to_string().contains("event 7 (member.created)"),
            "{err}"
        );
    }
}
