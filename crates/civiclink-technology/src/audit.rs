//! What moderators and administrators do to the directory, as the audit log keeps it.

use crate::ReviewReportId;

civiclink_store::audit_actions! {
    /// The directory's moderation and taxonomy actions.
    pub enum TechnologyAudit {
        "listing.approve" on "listing" => ListingApprove { name: String },
        "listing.reject" on "listing" => ListingReject { name: String, note: String },
        "listing_revision.approve" on "listing" => RevisionApprove { number: i32 },
        "listing_revision.reject" on "listing" => RevisionReject { number: i32, note: String },
        "listing.revert" on "listing" => Revert { number: i32, restores: i32 },
        "review.hide" on "review" => ReviewHide { report: ReviewReportId },
        "review_report.dismiss" on "review" => ReportDismiss { report: ReviewReportId },
        "review.restore" on "review" => ReviewRestore {},
        "business_function.create" on "business_function" => FunctionCreate { name: String },
        "business_function.rename" on "business_function" => FunctionRename { from: String, to: String },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]

    use civiclink_store::AuditAction;

    use super::*;

    #[test]
    fn every_action_round_trips_through_its_stored_form() {
        use TechnologyAudit as A;
        let all = vec![
            A::ListingApprove {
                name: "QGIS".into(),
            },
            A::ListingReject {
                name: "QGIS".into(),
                note: "duplicate".into(),
            },
            A::RevisionApprove { number: 2 },
            A::RevisionReject {
                number: 3,
                note: String::new(),
            },
            A::Revert {
                number: 4,
                restores: 1,
            },
            A::ReviewHide {
                report: ReviewReportId::new(),
            },
            A::ReportDismiss {
                report: ReviewReportId::new(),
            },
            A::ReviewRestore {},
            A::FunctionCreate { name: "GIS".into() },
            A::FunctionRename {
                from: "GIS".into(),
                to: "GIS and mapping".into(),
            },
        ];
        assert_eq!(all.len(), TechnologyAudit::CODES.len());
        for a in all {
            let details = a.details().expect("details");
            assert_eq!(
                TechnologyAudit::decode(a.code(), &details).expect("decodes"),
                Some(a)
            );
        }
    }
}
