//! The words of people's pages that the page frame does not know: areas of expertise and the
//! sentences of the activity feed.

use civiclink_domain::Language;
use civiclink_i18n::{Arg, t, t_args};

use crate::kit::page::Page;

/// People's words on [`Page`], for the templates of this folder.
pub(crate) trait PeopleWords {
    /// An area of expertise as people read it: the catalog's label for curated tags, the tag
    /// itself for free ones.
    fn expertise(&self, tag: &str) -> String;
    /// A feed item's sentence: "Ada Lovelace updated their profile".
    fn feed_line(&self, item: &civiclink_people::FeedItem) -> String;
}

impl PeopleWords for Page {
    fn expertise(&self, tag: &str) -> String {
        expertise_label(self.lang, tag)
    }

    fn feed_line(&self, item: &civiclink_people::FeedItem) -> String {
        let key = format!("feed-{}", item.kind.replace('.', "-"));
        let other = item.other.as_ref().map_or("", |o| o.name.as_str());
        t_args(
            self.lang,
            &key,
            &[
                ("name", Arg::Str(item.actor.name.clone())),
                ("other", Arg::Str(other.to_owned())),
            ],
        )
    }
}

/// An area of expertise as people read it in `lang`: the catalog's label for curated tags, the
/// tag itself for free ones (pages and the directory's CSV export).
pub(crate) fn expertise_label(lang: Language, tag: &str) -> String {
    if civiclink_domain::ExpertiseTag::CURATED.contains(&tag) {
        t(lang, &format!("expertise-{tag}"))
    } else {
        tag.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_feed_kind_is_worded_in_both_languages() {
        for (kind, _) in civiclink_people::default_feed_kinds() {
            let key = format!("feed-{}", kind.replace('.', "-"));
            for lang in civiclink_domain::Language::ALL {
                assert!(
                    civiclink_i18n::has_with(lang, &key, &["name", "other"]),
                    "{key} missing in {lang}"
                );
            }
        }
    }
}
