//! The words of threads' pages that the page frame does not know.

use civiclink_i18n::t;
use civiclink_threads::{FlagReason, Reaction, ThreadKind, WatchLevel};

use crate::kit::page::Page;

/// Threads' words on [`Page`], for the templates of this folder.
pub(crate) trait ThreadsWords {
    fn thread_kind(&self, k: &ThreadKind) -> String;
    fn watch_level(&self, l: &WatchLevel) -> String;
    fn flag_reason(&self, r: &FlagReason) -> String;
    fn reaction(&self, r: &Reaction) -> String;
}

impl ThreadsWords for Page {
    fn thread_kind(&self, k: &ThreadKind) -> String {
        t(self.lang, &format!("threads-kind-{}", k.as_str()))
    }

    fn watch_level(&self, l: &WatchLevel) -> String {
        t(
            self.lang,
            &format!("threads-level-{}", l.as_str().replace('_', "-")),
        )
    }

    fn reaction(&self, r: &Reaction) -> String {
        t(
            self.lang,
            &format!("threads-reaction-{}", r.as_str().replace('_', "-")),
        )
    }

    fn flag_reason(&self, r: &FlagReason) -> String {
        t(
            self.lang,
            &format!("threads-flag-{}", r.as_str().replace('_', "-")),
        )
    }
}

#[cfg(test)]
mod tests {
    use civiclink_domain::Language;
    use civiclink_store::{AuditAction, DomainEvent};
    use civiclink_threads::{NotificationKind, ThreadsAudit, ThreadsEvent, VALIDATION_KEYS};

    use super::*;

    #[test]
    fn every_word_of_threads_is_in_both_languages() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            ThreadKind::ALL
                .iter()
                .map(|k| format!("threads-kind-{}", k.as_str())),
        );
        keys.extend(
            WatchLevel::ALL
                .iter()
                .map(|l| format!("threads-level-{}", l.as_str().replace('_', "-"))),
        );
        keys.extend(
            Reaction::ALL
                .iter()
                .map(|r| format!("threads-reaction-{}", r.as_str().replace('_', "-"))),
        );
        keys.extend(
            FlagReason::ALL
                .iter()
                .map(|r| format!("threads-flag-{}", r.as_str().replace('_', "-"))),
        );
        keys.extend(
            ThreadsAudit::CODES
                .iter()
                .map(|c| format!("audit-action-{}", c.replace(['.', '_'], "-"))),
        );
        for key in [
            "conflict-category-exists",
            "conflict-thread-locked",
            "conflict-not-a-question",
            "conflict-accept-first-post",
            "conflict-flag-own",
            "conflict-flag-open",
            "conflict-post-not-hidden",
            "conflict-react-own",
            "conflict-silence-self",
        ] {
            keys.push(format!("error-{key}"));
        }
        assert!(civiclink_i18n::has_with(
            Language::En,
            "error-silenced",
            &["until"]
        ));
        assert!(civiclink_i18n::has_with(
            Language::Fr,
            "error-silenced",
            &["until"]
        ));
        for key in VALIDATION_KEYS {
            keys.push(format!("validation-{key}"));
        }
        let mut notices: Vec<String> = NotificationKind::ALL
            .iter()
            .map(|k| format!("notification-{}", k.as_str().replace('_', "-")))
            .collect();
        notices.push("notification-reaction-more".to_owned());
        for lang in [Language::En, Language::Fr] {
            for key in &notices {
                assert!(
                    civiclink_i18n::has_with(lang, key, &["name", "others"]),
                    "{key} is not worded in {lang:?}"
                );
            }
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
        // No event of threads is in the feed yet, so none needs feed words.
        assert!(ThreadsEvent::FEED.is_empty());
    }
}
