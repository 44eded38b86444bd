//! What happens in the technology directory, as typed events on the outbox. Each names its
//! listing (the entity) and who acted; names travel as plain strings, as written at the time.

use civiclink_domain::MemberId;

use civiclink_domain::OrgId;

use crate::{
    BusinessFunctionId, ListingId, ReviewId, ReviewReportId, UsageChangeId, UsageRecordId,
};

civiclink_store::events! {
    /// The events of the technology directory.
    pub enum TechnologyEvent {
        /// A member proposed a new listing; a moderator's proposal is published at once.
        "listing.proposed" => ListingProposed {
            listing: ListingId,
            name: String,
            author: MemberId,
        },
        /// A listing became visible to every member.
        "listing.published" => ListingPublished {
            listing: ListingId,
            name: String,
            by: MemberId,
        },
        "listing.rejected" => ListingRejected { listing: ListingId, by: MemberId },
        /// An edit waits for a moderator.
        "listing.edit_proposed" => EditProposed {
            listing: ListingId,
            number: i32,
            author: MemberId,
        },
        /// Revision `number` is now the listing's content (approved, or restoring `restores`).
        "listing.revised" => Revised {
            listing: ListingId,
            number: i32,
            by: MemberId,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            restores: Option<i32>,
        },
        "listing.edit_rejected" => EditRejected {
            listing: ListingId,
            number: i32,
            by: MemberId,
        },
        /// An organization records that it uses a listing (`status` as recorded).
        "usage.recorded" => UsageRecorded {
            record: UsageRecordId,
            listing: ListingId,
            org: OrgId,
            status: String,
            by: MemberId,
        },
        "usage.updated" => UsageUpdated {
            record: UsageRecordId,
            listing: ListingId,
            org: OrgId,
            status: String,
            by: MemberId,
        },
        /// A member of the organization confirmed the record is still true.
        "usage.confirmed" => UsageConfirmed {
            record: UsageRecordId,
            listing: ListingId,
            org: OrgId,
            by: MemberId,
        },
        /// An organization's member added an entry (`kind`) to a record's timeline.
        "usage.changed" => UsageChanged {
            change: UsageChangeId,
            record: UsageRecordId,
            listing: ListingId,
            org: OrgId,
            kind: String,
            by: MemberId,
        },
        /// A member reviewed a listing (`overall`: their overall score).
        "review.written" => ReviewWritten {
            review: ReviewId,
            listing: ListingId,
            author: MemberId,
            overall: i32,
        },
        /// Its author changed a review; `number` is the version now in effect.
        "review.edited" => ReviewEdited {
            review: ReviewId,
            listing: ListingId,
            author: MemberId,
            number: i32,
        },
        /// A member found a review helpful (`helpful`), or took that back.
        "review.voted" => ReviewVoted {
            review: ReviewId,
            listing: ListingId,
            by: MemberId,
            helpful: bool,
        },
        "review.reported" => ReviewReported {
            review: ReviewId,
            listing: ListingId,
            report: ReviewReportId,
            by: MemberId,
            reason: String,
        },
        /// A moderator hid a review after a report.
        "review.hidden" => ReviewHidden {
            review: ReviewId,
            listing: ListingId,
            by: MemberId,
        },
        "review.restored" => ReviewRestored {
            review: ReviewId,
            listing: ListingId,
            by: MemberId,
        },
        "review.report_dismissed" => ReportDismissed {
            review: ReviewId,
            listing: ListingId,
            report: ReviewReportId,
            by: MemberId,
        },
        /// The listing's vendor (`org`) responded to a review, or changed its response.
        "review.responded" => ReviewResponded {
            review: ReviewId,
            listing: ListingId,
            org: OrgId,
            by: MemberId,
        },
        "business_function.created" => FunctionCreated {
            function: BusinessFunctionId,
            slug: String,
            name: String,
        },
        "business_function.renamed" => FunctionRenamed {
            function: BusinessFunctionId,
            name: String,
        },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::{DomainEvent, Event};

    use super::*;

    fn every_kind() -> Vec<TechnologyEvent> {
        use TechnologyEvent as E;
        let (listing, by, review) = (ListingId::new(), MemberId::new(), ReviewId::new());
        let all = vec![
            E::ListingProposed {
                listing,
                name: "ArcGIS Enterprise".into(),
                author: by,
            },
            E::ListingPublished {
                listing,
                name: "ArcGIS Enterprise".into(),
                by,
            },
            E::ListingRejected { listing, by },
            E::EditProposed {
                listing,
                number: 2,
                author: by,
            },
            E::Revised {
                listing,
                number: 3,
                by,
                restores: Some(1),
            },
            E::EditRejected {
                listing,
                number: 2,
                by,
            },
            E::UsageRecorded {
                record: UsageRecordId::new(),
                listing,
                org: OrgId::new(),
                status: "production".into(),
                by,
            },
            E::UsageUpdated {
                record: UsageRecordId::new(),
                listing,
                org: OrgId::new(),
                status: "retiring".into(),
                by,
            },
            E::UsageConfirmed {
                record: UsageRecordId::new(),
                listing,
                org: OrgId::new(),
                by,
            },
            E::UsageChanged {
                change: UsageChangeId::new(),
                record: UsageRecordId::new(),
                listing,
                org: OrgId::new(),
                kind: "upgrade".into(),
                by,
            },
            E::ReviewWritten {
                review,
                listing,
                author: by,
                overall: 4,
            },
            E::ReviewEdited {
                review,
                listing,
                author: by,
                number: 2,
            },
            E::ReviewVoted {
                review,
                listing,
                by,
                helpful: true,
            },
            E::ReviewReported {
                review,
                listing,
                report: ReviewReportId::new(),
                by,
                reason: "spam".into(),
            },
            E::ReviewHidden {
                review,
                listing,
                by,
            },
            E::ReviewRestored {
                review,
                listing,
                by,
            },
            E::ReportDismissed {
                review,
                listing,
                report: ReviewReportId::new(),
                by,
            },
            E::ReviewResponded {
                review,
                listing,
                org: OrgId::new(),
                by,
            },
            E::FunctionCreated {
                function: BusinessFunctionId::new(),
                slug: "gis".into(),
                name: "GIS and mapping".into(),
            },
            E::FunctionRenamed {
                function: BusinessFunctionId::new(),
                name: "GIS".into(),
            },
        ];
        for e in &all {
            // Exhaustive: a new kind must be added above.
            match e {
                E::ListingProposed { .. }
                | E::ListingPublished { .. }
                | E::ListingRejected { .. }
                | E::EditProposed { .. }
                | E::Revised { .. }
                | E::EditRejected { .. }
                | E::UsageRecorded { .. }
                | E::UsageUpdated { .. }
                | E::UsageConfirmed { .. }
                | E::UsageChanged { .. }
                | E::ReviewWritten { .. }
                | E::ReviewEdited { .. }
                | E::ReviewVoted { .. }
                | E::ReviewReported { .. }
                | E::ReviewHidden { .. }
                | E::ReviewRestored { .. }
                | E::ReportDismissed { .. }
                | E::ReviewResponded { .. }
                | E::FunctionCreated { .. }
                | E::FunctionRenamed { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_kind_round_trips_through_its_stored_form() {
        let all = every_kind();
        assert_eq!(all.len(), TechnologyEvent::KINDS.len());
        for e in all {
            let stored = Event {
                position: 1,
                kind: e.kind().to_owned(),
                entity_id: uuid::Uuid::now_v7(),
                payload: e.payload().expect("payload"),
                created_at: civiclink_store::now(),
            };
            assert_eq!(TechnologyEvent::decode(&stored).expect("decodes"), Some(e));
        }
    }

    /// A revision written before `restores` existed still decodes.
    #[test]
    fn a_revision_without_restores_decodes() {
        let stored = Event {
            position: 1,
            kind: "listing.revised".into(),
            entity_id: uuid::Uuid::now_v7(),
            payload: serde_json::json!({
                "listing": ListingId::new(), "number": 2, "by": MemberId::new()
            }),
            created_at: civiclink_store::now(),
        };
        assert!(matches!(
            TechnologyEvent::decode(&stored),
            Ok(Some(TechnologyEvent::Revised { restores: None, .. }))
        ));
    }
}
