use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// A language CivicLink speaks: a member's preference, the language of a page, and the tag that
/// members' own writing carries (search stems by it).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    /// The BCP 47 tag, as used in `lang` attributes.
    pub const fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    /// The language's name in itself, as a language switch shows it.
    pub const fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Fr => "Français",
        }
    }

    /// The other language, for a two-language switch.
    pub const fn other(self) -> Language {
        match self {
            Language::En => Language::Fr,
            Language::Fr => Language::En,
        }
    }

    /// Reads a tag such as `fr`, `fr-CA` or `EN-us`; other languages are `None`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "fr" => Some(Language::Fr),
            _ => None,
        }
    }

    /// The best match for an `Accept-Language` header, by quality, or `None` when the reader
    /// asks for neither language.
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let mut best: Option<(f32, usize, Language)> = None;
        for (i, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Language::from_tag) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            // Higher quality wins; on a tie, the one listed first.
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::from_tag(s).ok_or(ValidationError::new("language", "invalid-choice"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_negotiated_by_quality() {
        assert_eq!(
            Language::negotiate("fr-CA,fr;q=0.9,en;q=0.8"),
            Some(Language::Fr)
        );
        assert_eq!(
            Language::negotiate("de-DE, en;q=0.5, fr;q=0.7"),
            Some(Language::Fr)
        );
        assert_eq!(Language::negotiate("en-NZ"), Some(Language::En));
        assert_eq!(Language::negotiate("de, es"), None);
        assert_eq!(Language::negotiate("fr;q=0, en;q=0.1"), Some(Language::En));
        assert_eq!(Language::negotiate(""), None);
    }

    #[test]
    fn tags_parse() {
        assert_eq!("FR-ca".parse::<Language>().ok(), Some(Language::Fr));
        assert!("de".parse::<Language>().is_err());
        assert_eq!(Language::Fr.other(), Language::En);
    }
}
