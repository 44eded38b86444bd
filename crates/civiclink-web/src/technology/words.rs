//! The words of the directory's pages that the page frame does not know: kinds, hosting
//! options and where a revision stands.

use civiclink_i18n::t;
use civiclink_technology::{
    Audience, ChangeKind, Hosting, ListingKind, ListingStatus, PeerReasons, ProcurementRoute,
    ReportReason, RevisionStatus, UsageStatus,
};

use crate::kit::page::Page;

/// The directory's words on [`Page`], for the templates of this folder.
pub(crate) trait TechnologyWords {
    fn listing_kind(&self, k: &ListingKind) -> String;
    fn hosting(&self, h: &Hosting) -> String;
    fn listing_status(&self, s: &ListingStatus) -> String;
    fn revision_status(&self, s: &RevisionStatus) -> String;
    fn usage_status(&self, s: &UsageStatus) -> String;
    fn audience(&self, a: &Audience) -> String;
    fn route(&self, r: &ProcurementRoute) -> String;
    fn band(&self, b: &civiclink_domain::SizeBand) -> String;
    fn report_reason(&self, r: &ReportReason) -> String;
    fn change_kind(&self, k: &ChangeKind) -> String;
    /// Why an organization is a peer, in words, the shared listings left to the template
    /// (they are links).
    fn peer_reasons(&self, r: &PeerReasons) -> Vec<String>;
    /// A mean score, with one decimal in the page's language.
    fn mean(&self, x: &f64) -> String;
    /// A share (0 to 1) as a whole percentage.
    fn percent(&self, x: &f64) -> String;
}

impl TechnologyWords for Page {
    fn peer_reasons(&self, r: &PeerReasons) -> Vec<String> {
        let size = if r.same_size_band {
            Some("tech-peer-same-size")
        } else if r.near_size_band {
            Some("tech-peer-near-size")
        } else {
            None
        };
        let place = if r.same_region {
            Some("tech-peer-same-region")
        } else if r.same_country {
            Some("tech-peer-same-country")
        } else {
            None
        };
        let mut words: Vec<String> = [size, place]
            .into_iter()
            .flatten()
            .map(|key| t(self.lang, key))
            .collect();
        if r.shared_count > 0 {
            words.push(self.tn(
                "tech-peer-shared",
                usize::try_from(r.shared_count).unwrap_or(0),
            ));
        }
        words
    }

    fn listing_kind(&self, k: &ListingKind) -> String {
        t(self.lang, &format!("tech-kind-{}", k.as_str()))
    }

    fn hosting(&self, h: &Hosting) -> String {
        t(self.lang, &format!("tech-hosting-{}", h.as_str()))
    }

    fn listing_status(&self, s: &ListingStatus) -> String {
        t(self.lang, &format!("tech-listing-{}", s.as_str()))
    }

    fn revision_status(&self, s: &RevisionStatus) -> String {
        t(self.lang, &format!("tech-revision-{}", s.as_str()))
    }

    fn usage_status(&self, s: &UsageStatus) -> String {
        t(self.lang, &format!("tech-usage-{}", s.as_str()))
    }

    fn audience(&self, a: &Audience) -> String {
        t(self.lang, &format!("tech-audience-{}", a.as_str()))
    }

    fn route(&self, r: &ProcurementRoute) -> String {
        t(self.lang, &format!("tech-route-{}", r.as_str()))
    }

    fn band(&self, b: &civiclink_domain::SizeBand) -> String {
        t(self.lang, &format!("size-band-{}", b.as_str()))
    }

    fn report_reason(&self, r: &ReportReason) -> String {
        t(
            self.lang,
            &format!("tech-report-{}", r.as_str().replace('_', "-")),
        )
    }

    fn change_kind(&self, k: &ChangeKind) -> String {
        t(self.lang, &format!("tech-change-kind-{}", k.as_str()))
    }

    fn mean(&self, x: &f64) -> String {
        let s = format!("{x:.1}");
        match self.lang {
            civiclink_domain::Language::Fr => s.replace('.', ","),
            civiclink_domain::Language::En => s,
        }
    }

    fn percent(&self, x: &f64) -> String {
        let n = (x * 100.0).round();
        match self.lang {
            civiclink_domain::Language::Fr => format!("{n}\u{a0}%"),
            civiclink_domain::Language::En => format!("{n}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use civiclink_domain::Language;
    use civiclink_store::{AuditAction, DomainEvent};
    use civiclink_technology::{TechnologyAudit, TechnologyEvent, VALIDATION_KEYS};

    use super::*;

    #[test]
    fn every_word_of_the_directory_is_in_both_languages() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            ListingKind::ALL
                .iter()
                .map(|k| format!("tech-kind-{}", k.as_str())),
        );
        keys.extend(
            Hosting::ALL
                .iter()
                .map(|h| format!("tech-hosting-{}", h.as_str())),
        );
        for s in [
            ListingStatus::Proposed,
            ListingStatus::Published,
            ListingStatus::Rejected,
        ] {
            keys.push(format!("tech-listing-{}", s.as_str()));
        }
        for s in [
            RevisionStatus::Pending,
            RevisionStatus::Approved,
            RevisionStatus::Rejected,
        ] {
            keys.push(format!("tech-revision-{}", s.as_str()));
        }
        keys.extend(
            TechnologyAudit::CODES
                .iter()
                .map(|c| format!("audit-action-{}", c.replace(['.', '_'], "-"))),
        );
        keys.extend(
            UsageStatus::ALL
                .iter()
                .map(|s| format!("tech-usage-{}", s.as_str())),
        );
        keys.extend(
            Audience::ALL
                .iter()
                .map(|a| format!("tech-audience-{}", a.as_str())),
        );
        keys.extend(
            ProcurementRoute::ALL
                .iter()
                .map(|r| format!("tech-route-{}", r.as_str())),
        );
        keys.extend(
            ReportReason::ALL
                .iter()
                .map(|r| format!("tech-report-{}", r.as_str().replace('_', "-"))),
        );
        keys.extend(
            ChangeKind::ALL
                .iter()
                .map(|k| format!("tech-change-kind-{}", k.as_str())),
        );
        keys.extend(
            civiclink_technology::CSV_KEYS
                .iter()
                .map(|k| format!("validation-{k}")),
        );
        keys.extend(
            civiclink_technology::STACK_COLUMNS
                .iter()
                .map(|c| format!("field-{c}")),
        );
        for key in VALIDATION_KEYS {
            keys.push(format!("validation-{key}"));
        }
        for lang in [Language::En, Language::Fr] {
            for key in &keys {
                let args: &[&str] = if key.starts_with("validation-") && !key.contains("-csv-") {
                    &["field"]
                } else {
                    &[]
                };
                assert!(
                    civiclink_i18n::has_with(lang, key, args),
                    "{key} is not worded in {lang:?}"
                );
            }
        }
        // No event of the directory is in the feed yet, so none needs feed words.
        assert!(TechnologyEvent::FEED.is_empty());
    }

    #[test]
    fn means_and_shares_read_in_each_language() {
        let mut page = Page {
            lang: Language::Fr,
            title: String::new(),
            member: None,
            csrf: String::new(),
            flash: None,
            section: "technology",
            path: "/".to_owned(),
            notices: 0,
        };
        assert_eq!(page.mean(&3.75), "3,8");
        assert_eq!(page.percent(&0.5), "50\u{a0}%");
        page.lang = Language::En;
        assert_eq!(page.mean(&4.0), "4.0");
        assert_eq!(page.percent(&(2.0 / 3.0)), "67%");
    }
}
