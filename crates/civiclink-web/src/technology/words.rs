//! The words of the directory's pages that the page frame does not know: kinds, hosting
//! options and where a revision stands.

use civiclink_i18n::t;
use civiclink_technology::{Hosting, ListingKind, ListingStatus, RevisionStatus};

use crate::kit::page::Page;

/// The directory's words on [`Page`], for the templates of this folder.
pub(crate) trait TechnologyWords {
    fn listing_kind(&self, k: &ListingKind) -> String;
    fn hosting(&self, h: &Hosting) -> String;
    fn listing_status(&self, s: &ListingStatus) -> String;
    fn revision_status(&self, s: &RevisionStatus) -> String;
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
