//! Every word CivicLink shows a person, in English and French.
//!
//! The catalogs are Fluent files in `web/locales/<lang>/main.ftl`, compiled into the binary.
//! Fluent's plural rules cover "1 member" and "3 members" in both languages. Dates, times and
//! numbers are formatted here per locale. A missing key falls back to English and is logged; the
//! tests of this crate fail the build when a key exists in one language and not the other.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, RwLock};

pub use civiclink_domain::Language;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use time::OffsetDateTime;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../web/locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments confuse plain-text email and screen readers
        // gain nothing from them for these two left-to-right languages.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

fn id(lang: Language) -> &'static LanguageIdentifier {
    match lang {
        Language::En => &EN,
        Language::Fr => &FR,
    }
}

/// An argument of a message.
#[derive(Clone, Debug)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Messages without arguments, as formatted once: the same for every page, and a page asks
/// for hundreds of them (Fluent negotiates the language and hashes it on each lookup). Bounded
/// by the catalogs' keys, which the templates name in their source.
type Formatted = RwLock<HashMap<Box<str>, Arc<str>, foldhash::fast::FixedState>>;

static FORMATTED: LazyLock<[Formatted; 2]> = LazyLock::new(Default::default);

fn formatted(lang: Language) -> &'static Formatted {
    match lang {
        Language::En => &FORMATTED[0],
        Language::Fr => &FORMATTED[1],
    }
}

/// The message `key` in `lang`.
pub fn t(lang: Language, key: &str) -> String {
    let kept = formatted(lang);
    if let Some(s) = kept.read().ok().and_then(|m| m.get(key).cloned()) {
        return s.to_string();
    }
    let s = lookup(lang, key, None);
    // A missing key is not kept: it is logged each time it is asked for.
    if LOCALES
        .lookup_no_default_fallback(id(lang), key, None::<&HashMap<&str, FluentValue<'_>>>)
        .is_some()
        && let Ok(mut m) = kept.write()
    {
        m.insert(key.into(), Arc::from(s.as_str()));
    }
    s
}

/// The message `key` in `lang`, with arguments.
pub fn t_args(lang: Language, key: &str, args: &[(&'static str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Str(s) => FluentValue::from(s.as_str()),
                Arg::Num(n) => FluentValue::from(*n),
            };
            (Cow::Borrowed(*k), value)
        })
        .collect();
    lookup(lang, key, Some(&map))
}

fn lookup(
    lang: Language,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue<'_>>>,
) -> String {
    match LOCALES.try_lookup_complete(id(lang), key, args) {
        Some(s) => s,
        None => {
            tracing::warn!(key, lang = lang.code(), "missing message");
            key.to_owned()
        }
    }
}

/// Whether the catalog of `lang` words `key` itself (no fallback to English). For messages
/// without arguments, such as field labels.
pub fn has(lang: Language, key: &str) -> bool {
    has_with(lang, key, &[])
}

/// Whether the catalog of `lang` words `key`, formatting it with a placeholder for each of
/// `arg_names` (Fluent refuses to format a message whose arguments are missing).
pub fn has_with(lang: Language, key: &str, arg_names: &[&str]) -> bool {
    let args: HashMap<&str, FluentValue<'_>> = arg_names
        .iter()
        .map(|n| (*n, FluentValue::from(1)))
        .collect();
    LOCALES
        .lookup_no_default_fallback(id(lang), key, Some(&args))
        .is_some()
}

/// A field's label ("Email address", « Adresse courriel »).
pub fn field(lang: Language, field: &str) -> String {
    let key = format!("field-{field}");
    if has(lang, &key) {
        t(lang, &key)
    } else {
        field.to_owned()
    }
}

/// A validation message for a field: "Email address must be an email address such as …".
pub fn validation(lang: Language, field_name: &str, message_key: &str) -> String {
    t_args(
        lang,
        &format!("validation-{message_key}"),
        &[("field", Arg::Str(field(lang, field_name)))],
    )
}

/// A date: "November 26, 2026", « 26 novembre 2026 ».
pub fn date(lang: Language, t: &OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let month = self::t(lang, &format!("month-{}", u8::from(t.month())));
    t_args(
        lang,
        "date-format",
        &[
            ("month", Arg::Str(month)),
            ("day", Arg::Str(t.day().to_string())),
            ("year", Arg::Str(t.year().to_string())),
        ],
    )
}

/// A date and time in UTC: "November 26, 2026, 18:19 UTC", « 26 novembre 2026 à 18 h 19 UTC ».
pub fn datetime(lang: Language, t: &OffsetDateTime) -> String {
    let u = t.to_offset(time::UtcOffset::UTC);
    t_args(
        lang,
        "datetime-format",
        &[
            ("date", Arg::Str(date(lang, t))),
            ("hour", Arg::Str(format!("{:02}", u.hour()))),
            ("minute", Arg::Str(format!("{:02}", u.minute()))),
        ],
    )
}

/// How long ago `t` was, as of `now`: "3 days ago", « il y a 3 jours ».
pub fn relative(lang: Language, t: &OffsetDateTime, now: &OffsetDateTime) -> String {
    let secs = (*now - *t).whole_seconds().max(0);
    let (key, n) = match secs {
        0..60 => return self::t(lang, "relative-now"),
        60..3600 => ("relative-minutes", secs / 60),
        3600..86_400 => ("relative-hours", secs / 3600),
        _ => ("relative-days", secs / 86_400),
    };
    t_args(lang, key, &[("n", Arg::Num(n))])
}

/// A whole number with the locale's grouping: "2,794,400", « 2 794 400 » (narrow no-break
/// spaces, as French typography wants).
pub fn number(lang: Language, n: i64) -> String {
    let sep = match lang {
        Language::En => ",",
        Language::Fr => "\u{202f}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {

    #[test]
    fn messages_kept_once_formatted_stay_per_language() {
        for _ in 0..2 {
            assert_eq!(super::t(super::Language::En, "nav-directory"), "Directory");
            assert_eq!(super::t(super::Language::Fr, "nav-directory"), "Répertoire");
            assert_eq!(super::t(super::Language::Fr, "no-such-key"), "no-such-key");
        }
    }

    use std::collections::BTreeSet;

    use super::*;

    /// The message ids of every `.ftl` file of a language (a capability may bring its own
    /// file; both languages must have the same ids).
    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = format!("{}/../../web/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            keys.extend(
                text.lines()
                    .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
                    .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned())),
            );
        }
        keys
    }

    /// Every `$argument` any catalog mentions.
    fn arg_names() -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for lang in ["en", "fr"] {
            let dir = format!("{}/../../web/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                for part in text.split('$').skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    if !name.is_empty() {
                        names.insert(name);
                    }
                }
            }
        }
        names
    }

    #[test]
    fn both_languages_have_the_same_keys() {
        let en = keys("en");
        let fr = keys("fr");
        assert!(en.len() > 100, "the English catalog looks empty");
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(only_en.is_empty(), "missing in French: {only_en:?}");
        assert!(only_fr.is_empty(), "missing in English: {only_fr:?}");
        let names = arg_names();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        for k in &en {
            assert!(
                has_with(Language::En, k, &names) && has_with(Language::Fr, k, &names),
                "{k} does not load"
            );
        }
    }

    #[test]
    fn every_validation_message_is_worded() {
        for key in civiclink_domain::ValidationError::KEYS {
            for lang in Language::ALL {
                assert!(
                    has_with(lang, &format!("validation-{key}"), &["field"]),
                    "validation-{key} missing in {lang}"
                );
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let one = t_args(Language::En, "members-shown", &[("n", Arg::Num(1))]);
        let many = t_args(Language::En, "members-shown", &[("n", Arg::Num(3))]);
        assert_eq!(one, "One member shown.");
        assert_eq!(many, "3 members shown.");
        assert_eq!(
            t_args(Language::Fr, "members-shown", &[("n", Arg::Num(3))]),
            "3 membres affichés."
        );
        // In French, 0 and 1 take the singular ("il y a 1 jour" style rules).
        assert_eq!(
            t_args(Language::Fr, "relative-minutes", &[("n", Arg::Num(1))]),
            "il y a une minute"
        );
    }

    #[test]
    fn dates_and_numbers_follow_the_locale() {
        let t = time::macros::datetime!(2026-11-26 18:05 UTC);
        assert_eq!(date(Language::En, &t), "November 26, 2026");
        assert_eq!(date(Language::Fr, &t), "26 novembre 2026");
        assert_eq!(datetime(Language::En, &t), "November 26, 2026, 18:05 UTC");
        assert_eq!(datetime(Language::Fr, &t), "26 novembre 2026 à 18 h 05 UTC");
        assert_eq!(number(Language::En, 2_794_400), "2,794,400");
        assert_eq!(number(Language::Fr, 2_794_400), "2\u{202f}794\u{202f}400");
        assert_eq!(number(Language::En, 999), "999");
        assert_eq!(number(Language::En, -1_000), "-1,000");
        let now = t + time::Duration::days(3);
        assert_eq!(relative(Language::En, &t, &now), "3 days ago");
        assert_eq!(relative(Language::Fr, &t, &now), "il y a 3 jours");
    }

    #[test]
    fn validation_messages_name_the_field() {
        assert_eq!(
            validation(Language::En, "password", "min-10-chars"),
            "Password must be at least 10 characters."
        );
        assert_eq!(
            validation(Language::Fr, "password", "min-10-chars"),
            "Mot de passe : au moins 10 caractères."
        );
    }
}
