//! What people do, as typed events on the outbox. Handles travel as plain strings: an event is
//! a fact about the past, and a rule tightened later must not make it unreadable.

use civiclink_domain::MemberId;
use uuid::Uuid;

civiclink_store::events! {
    /// The events of people: profiles, photos, connections, blocks and follows. `actor` is
    /// who acted; `member` the other member concerned.
    pub enum PeopleEvent {
        "profile.updated" feed(Member) => ProfileUpdated { handle: String },
        /// A photo was set (`avatar`, with its `etag`) or removed.
        "profile.avatar_changed" => AvatarChanged {
            avatar: bool,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            etag: Option<String>,
        },
        "connection.requested" => ConnectionRequested {
            actor: MemberId,
            member: MemberId,
            note: String,
        },
        /// Recorded once for each side (the entity), so that it reaches both networks.
        "connection.accepted" feed(Member) => ConnectionAccepted { actor: MemberId, member: MemberId },
        "connection.declined" => ConnectionDeclined { actor: MemberId, member: MemberId },
        "connection.withdrawn" => ConnectionWithdrawn { actor: MemberId, member: MemberId },
        "connection.removed" => ConnectionRemoved { actor: MemberId, member: MemberId },
        /// `ended_connection`: the status (`pending`, `accepted`) of the connection the
        /// block ended, if there was one.
        "member.blocked" => Blocked {
            actor: MemberId,
            member: MemberId,
            ended_connection: Option<String>,
        },
        "member.unblocked" => Unblocked { actor: MemberId, member: MemberId },
        /// `target_kind` is `member` or `organization`.
        "follow.created" => FollowCreated {
            actor: MemberId,
            target_kind: String,
            target_id: Uuid,
        },
        "follow.deleted" => FollowDeleted {
            actor: MemberId,
            target_kind: String,
            target_id: Uuid,
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::{DomainEvent, Event};

    use super::*;

    fn every_kind() -> Vec<PeopleEvent> {
        let (a, b) = (MemberId::new(), MemberId::new());
        vec![
            PeopleEvent::ProfileUpdated {
                handle: "ada".into(),
            },
            PeopleEvent::AvatarChanged {
                avatar: true,
                etag: Some("abc".into()),
            },
            PeopleEvent::ConnectionRequested {
                actor: a,
                member: b,
                note: "hello".into(),
            },
            PeopleEvent::ConnectionAccepted {
                actor: a,
                member: b,
            },
            PeopleEvent::ConnectionDeclined {
                actor: a,
                member: b,
            },
            PeopleEvent::ConnectionWithdrawn {
                actor: a,
                member: b,
            },
            PeopleEvent::ConnectionRemoved {
                actor: a,
                member: b,
            },
            PeopleEvent::Blocked {
                actor: a,
                member: b,
                ended_connection: Some("accepted".into()),
            },
            PeopleEvent::Unblocked {
                actor: a,
                member: b,
            },
            PeopleEvent::FollowCreated {
                actor: a,
                target_kind: "organization".into(),
                target_id: Uuid::nil(),
            },
            PeopleEvent::FollowDeleted {
                actor: a,
                target_kind: "member".into(),
                target_id: b.as_uuid(),
            },
        ]
    }

    fn stored(kind: &str, payload: serde_json::Value) -> Event {
        Event {
            position: 3,
            kind: kind.to_owned(),
            entity_id: Uuid::nil(),
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
            PeopleEvent::KINDS,
            "one example of each kind, in order"
        );
        for e in all {
            let row = stored(e.kind(), e.payload().expect("payload"));
            assert_eq!(PeopleEvent::decode(&row).expect("decodes"), Some(e));
        }
    }

    #[test]
    fn a_photo_removal_written_without_an_etag_decodes() {
        let row = stored(
            "profile.avatar_changed",
            serde_json::json!({ "avatar": false }),
        );
        assert_eq!(
            PeopleEvent::decode(&row).expect("decodes"),
            Some(PeopleEvent::AvatarChanged {
                avatar: false,
                etag: None
            })
        );
    }
}
