//! What happens in threads, as typed events on the outbox. Each names its thread (the entity;
//! a category's own events name the category) and who acted. The notifications consumer reads
//! them, and later the real-time fan-out, search and digests.

use civiclink_domain::{MemberId, OrgId};

use crate::{CategoryId, FlagId, ListingRef, PostId, ThreadId};

civiclink_store::events! {
    /// The events of threads.
    pub enum ThreadsEvent {
        "category.created" => CategoryCreated {
            category: CategoryId,
            name: String,
        },
        /// A member joined a category restricted to its members, or left it.
        "category.member_added" => CategoryMemberAdded {
            category: CategoryId,
            member: MemberId,
            by: MemberId,
        },
        "category.member_removed" => CategoryMemberRemoved {
            category: CategoryId,
            member: MemberId,
            by: MemberId,
        },
        /// A thread was opened with its first post (`post`, number 1).
        "thread.created" => ThreadCreated {
            thread: ThreadId,
            category: CategoryId,
            post: PostId,
            kind: String,
            title: String,
            author: MemberId,
            #[serde(default)]
            listings: Vec<ListingRef>,
            #[serde(default)]
            orgs: Vec<OrgId>,
        },
        /// A reply (`number` in its thread), answering `reply_to` when it quotes or answers
        /// one post in particular.
        "post.created" => PostCreated {
            post: PostId,
            thread: ThreadId,
            number: i32,
            author: MemberId,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            reply_to: Option<PostId>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            reply_to_author: Option<MemberId>,
        },
        /// A post was edited; `revision` is the version now shown.
        "post.edited" => PostEdited {
            post: PostId,
            thread: ThreadId,
            revision: i32,
            by: MemberId,
        },
        /// The question's author, or a moderator, marked `post` (by `author`) the answer.
        "thread.answer_accepted" => AnswerAccepted {
            thread: ThreadId,
            post: PostId,
            author: MemberId,
            by: MemberId,
        },
        "thread.answer_cleared" => AnswerCleared {
            thread: ThreadId,
            by: MemberId,
        },
        /// A member flagged a post for the moderators.
        "post.flagged" => PostFlagged {
            post: PostId,
            thread: ThreadId,
            flag: FlagId,
            by: MemberId,
            reason: String,
        },
        /// A moderator hid a post; its author and moderators still read it.
        "post.hidden" => PostHidden {
            post: PostId,
            thread: ThreadId,
            by: MemberId,
        },
        /// Its author or a moderator deleted a post; moderators may restore it.
        "post.deleted" => PostDeleted {
            post: PostId,
            thread: ThreadId,
            by: MemberId,
        },
        /// A moderator showed a hidden or deleted post again.
        "post.restored" => PostRestored {
            post: PostId,
            thread: ThreadId,
            by: MemberId,
        },
        /// A moderator locked or unlocked, pinned or unpinned a thread.
        "thread.moderated" => ThreadModerated {
            thread: ThreadId,
            locked: bool,
            pinned: bool,
            pinned_globally: bool,
            by: MemberId,
        },
        /// A member reacted to a post by `author`.
        "post.reacted" => PostReacted {
            post: PostId,
            thread: ThreadId,
            author: MemberId,
            by: MemberId,
            reaction: String,
        },
        /// A moderator silenced a member in threads until `until` (Unix seconds).
        "member.silenced" => MemberSilenced {
            member: MemberId,
            until: i64,
            by: MemberId,
        },
        "member.unsilenced" => MemberUnsilenced {
            member: MemberId,
            by: MemberId,
        },
        /// A moderator moved a thread to another category.
        "thread.moved" => ThreadMoved {
            thread: ThreadId,
            from: CategoryId,
            to: CategoryId,
            by: MemberId,
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::{DomainEvent, Event};

    use super::*;

    fn every_kind() -> Vec<ThreadsEvent> {
        use ThreadsEvent as E;
        let (thread, post, by) = (ThreadId::new(), PostId::new(), MemberId::new());
        let category = CategoryId::new();
        let all = vec![
            E::CategoryCreated {
                category,
                name: "GIS".into(),
            },
            E::CategoryMemberAdded {
                category,
                member: MemberId::new(),
                by,
            },
            E::CategoryMemberRemoved {
                category,
                member: MemberId::new(),
                by,
            },
            E::ThreadCreated {
                thread,
                category,
                post,
                kind: "question".into(),
                title: "Exchange migration?".into(),
                author: by,
                listings: vec![ListingRef::new()],
                orgs: vec![OrgId::new()],
            },
            E::PostCreated {
                post,
                thread,
                number: 2,
                author: by,
                reply_to: Some(PostId::new()),
                reply_to_author: Some(MemberId::new()),
            },
            E::PostEdited {
                post,
                thread,
                revision: 2,
                by,
            },
            E::AnswerAccepted {
                thread,
                post,
                author: MemberId::new(),
                by,
            },
            E::AnswerCleared { thread, by },
            E::PostFlagged {
                post,
                thread,
                flag: FlagId::new(),
                by,
                reason: "spam".into(),
            },
            E::PostHidden { post, thread, by },
            E::PostDeleted { post, thread, by },
            E::PostRestored { post, thread, by },
            E::ThreadModerated {
                thread,
                locked: true,
                pinned: false,
                pinned_globally: false,
                by,
            },
            E::PostReacted {
                post,
                thread,
                author: MemberId::new(),
                by,
                reaction: "like".into(),
            },
            E::MemberSilenced {
                member: MemberId::new(),
                until: 1_800_000_000,
                by,
            },
            E::MemberUnsilenced {
                member: MemberId::new(),
                by,
            },
            E::ThreadMoved {
                thread,
                from: category,
                to: CategoryId::new(),
                by,
            },
        ];
        for e in &all {
            // Exhaustive: a new kind must be added above.
            match e {
                E::CategoryCreated { .. }
                | E::CategoryMemberAdded { .. }
                | E::CategoryMemberRemoved { .. }
                | E::ThreadCreated { .. }
                | E::PostCreated { .. }
                | E::PostEdited { .. }
                | E::AnswerAccepted { .. }
                | E::AnswerCleared { .. }
                | E::PostFlagged { .. }
                | E::PostHidden { .. }
                | E::PostDeleted { .. }
                | E::PostRestored { .. }
                | E::ThreadModerated { .. }
                | E::PostReacted { .. }
                | E::MemberSilenced { .. }
                | E::MemberUnsilenced { .. }
                | E::ThreadMoved { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_kind_round_trips_through_its_stored_form() {
        let all = every_kind();
        assert_eq!(all.len(), ThreadsEvent::KINDS.len());
        for e in all {
            let stored = Event {
                position: 1,
                kind: e.kind().to_owned(),
                entity_id: uuid::Uuid::now_v7(),
                payload: e.payload().expect("payload"),
                created_at: civiclink_store::now(),
            };
            assert_eq!(ThreadsEvent::decode(&stored).expect("decodes"), Some(e));
        }
    }

    #[test]
    fn a_reply_and_a_thread_written_without_optional_fields_decode() {
        let stored = Event {
            position: 1,
            kind: "post.created".into(),
            entity_id: uuid::Uuid::now_v7(),
            payload: serde_json::json!({
                "post": PostId::new(), "thread": ThreadId::new(), "number": 3,
                "author": MemberId::new()
            }),
            created_at: civiclink_store::now(),
        };
        assert!(matches!(
            ThreadsEvent::decode(&stored).expect("decodes"),
            Some(ThreadsEvent::PostCreated { reply_to: None, .. })
        ));
        let stored = Event {
            kind: "thread.created".into(),
            payload: serde_json::json!({
                "thread": ThreadId::new(), "category": CategoryId::new(), "post": PostId::new(),
                "kind": "discussion", "title": "t", "author": MemberId::new()
            }),
            ..stored
        };
        assert!(matches!(
            ThreadsEvent::decode(&stored).expect("decodes"),
            Some(ThreadsEvent::ThreadCreated { listings, .. }) if listings.is_empty()
        ));
    }
}
