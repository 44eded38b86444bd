//! The words of the directory's pages that the page frame does not know: kinds, hosting
//! options and where a revision stands.

use civiclink_i18n::t;
use civiclink_technology::{
    Audience, Hosting, ListingKind, ListingStatus, ProcurementRoute, RevisionStatus, UsageStatus,
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
}

impl TechnologyWords for Page {
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
        for key in VALIDATION_KEYS {
            keys.push(format!("validation-{key}"));
        }
        for lang in [Language::En, Language::Fr] {
            for key in &keys {
                let args: &[&str] = if key.starts_with("validation-") {
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
}
