//! What moderators and administrators do to threads, as the audit log keeps it.

civiclink_store::audit_actions! {
    /// Threads' moderation and category actions.
    pub enum ThreadsAudit {
        "category.create" on "category" => CategoryCreate { name: String },
        "category.member_add" on "category" => CategoryMemberAdd { member: civiclink_domain::MemberId },
        "category.member_remove" on "category" => CategoryMemberRemove { member: civiclink_domain::MemberId },
        "post.moderator_edit" on "post" => PostModeratorEdit { reason: String },
        "post.hide" on "post" => PostHide { reason: String },
        "post.delete" on "post" => PostDelete {},
        "post.restore" on "post" => PostRestore {},
        "post_flag.dismiss" on "post" => FlagDismiss { flag: crate::FlagId },
        "thread.lock" on "thread" => ThreadLock { locked: bool },
        "thread.pin" on "thread" => ThreadPin { pinned: bool, globally: bool },
        "thread.move" on "thread" => ThreadMove { from: String, to: String },
        "thread.slow_mode" on "thread" => ThreadSlowMode { secs: i32 },
        "member.silence" on "member" => MemberSilence { days: i64, reason: String },
        "member.unsilence" on "member" => MemberUnsilence {},
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_domain::MemberId;
    use civiclink_store::AuditAction;

    use super::*;

    #[test]
    fn every_action_round_trips_through_its_stored_form() {
        use ThreadsAudit as A;
        let all = vec![
            A::CategoryCreate { name: "GIS".into() },
            A::CategoryMemberAdd {
                member: MemberId::new(),
            },
            A::CategoryMemberRemove {
                member: MemberId::new(),
            },
            A::PostModeratorEdit {
                reason: "Removed a phone number".into(),
            },
            A::PostHide {
                reason: "Spam".into(),
            },
            A::PostDelete {},
            A::PostRestore {},
            A::FlagDismiss {
                flag: crate::FlagId::new(),
            },
            A::ThreadLock { locked: true },
            A::ThreadPin {
                pinned: true,
                globally: false,
            },
            A::ThreadMove {
                from: "GIS".into(),
                to: "Records".into(),
            },
            A::ThreadSlowMode { secs: 60 },
            A::MemberSilence {
                days: 7,
                reason: "Heated".into(),
            },
            A::MemberUnsilence {},
        ];
        assert_eq!(all.len(), ThreadsAudit::CODES.len());
        for a in all {
            let details = a.details().expect("details");
            assert_eq!(
                ThreadsAudit::decode(a.code(), &details).expect("decodes"),
                Some(a)
            );
        }
    }
}
