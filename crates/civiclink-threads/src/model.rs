//! The vocabulary of threads: ids, kinds, and what a member writes, valid by construction.

use civiclink_domain::{OrgId, ValidationError, text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

civiclink_domain::typed_id!(
    /// A category of threads (Cybersecurity, GIS, Records…).
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    CategoryId
);
civiclink_domain::typed_id!(
    /// A thread: a discussion or a question.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    ThreadId
);
civiclink_domain::typed_id!(
    /// One post of a thread; the first post is the thread's opening.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    PostId
);
civiclink_domain::typed_id!(
    /// A member's flag of a post, for the moderators.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    FlagId
);
civiclink_domain::typed_id!(
    /// A listing of the technology directory, as threads link to it (read through the
    /// directory's `listing_facts`).
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    ListingRef
);

/// The validation messages this crate uses beyond the domain's; the catalogs word each as
/// `validation-<key>`.
pub const VALIDATION_KEYS: &[&str] = &[
    "required",
    "control-chars",
    "max-120-chars",
    "max-200-chars",
    "max-300-chars",
    "max-2000-chars",
    "max-30000-chars",
    "max-5-tags",
    "tag-invalid",
    "max-10-links",
    "listing-unknown",
    "org-unknown",
    "category-unknown",
    "invalid-choice",
    "cursor-invalid",
    "reply-to-other-thread",
    "max-1000-chars",
    "number-invalid",
    "between-1-365",
];

/// What a thread is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThreadKind {
    /// An exchange of experience.
    Discussion,
    /// A question, of which one reply may be marked the accepted answer.
    Question,
}

impl ThreadKind {
    pub const ALL: [ThreadKind; 2] = [ThreadKind::Discussion, ThreadKind::Question];

    pub fn as_str(self) -> &'static str {
        match self {
            ThreadKind::Discussion => "discussion",
            ThreadKind::Question => "question",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A one-line text: trimmed, required, no control characters, at most `max` characters.
pub(crate) fn line(
    input: &str,
    field: &'static str,
    max: usize,
    key: &'static str,
) -> Result<String, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ValidationError::new(field, "required"));
    }
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "control-chars"));
    }
    if s.chars().count() > max {
        return Err(ValidationError::new(field, key));
    }
    Ok(s.to_owned())
}

/// A post's markdown: required, at most [`BODY_MAX`] characters, no control characters but
/// line breaks and tabs; line endings become `\n`.
pub fn post_body(input: &str) -> Result<String, ValidationError> {
    // Counted before anything is copied, so a megabyte is refused at the cost of one pass.
    if input.len() > BODY_MAX * 4 || input.chars().count() > BODY_MAX {
        return Err(ValidationError::new("text", "max-30000-chars"));
    }
    let body = input.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.trim();
    if body.is_empty() {
        return Err(ValidationError::new("text", "required"));
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ValidationError::new("text", "control-chars"));
    }
    Ok(body.to_owned())
}

/// The longest post, in characters.
pub const BODY_MAX: usize = 30_000;
/// The longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// The most tags on a thread.
pub const TAGS_MAX: usize = 5;
/// The most listings, and the most organizations, a thread links to.
pub const LINKS_MAX: usize = 10;

pub(crate) fn title(input: &str) -> Result<String, ValidationError> {
    line(input, "title", TITLE_MAX, "max-200-chars")
}

/// Tags as members type them ("Exchange, migration  m365") folded to slugs: lower case, no
/// accents, words joined by hyphens, at most 30 characters each, no repeats.
pub fn tags(input: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out: Vec<String> = Vec::new();
    for raw in input
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let tag = text::search_key(raw).replace(' ', "-");
        if tag.is_empty() || tag.chars().count() > 30 {
            return Err(ValidationError::new("tags", "tag-invalid"));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > TAGS_MAX {
        return Err(ValidationError::new("tags", "max-5-tags"));
    }
    Ok(out)
}

/// A tag as it appears in an address or a filter; `None` when it cannot be one.
pub fn tag(input: &str) -> Option<String> {
    let t = text::search_key(input).replace(' ', "-");
    (!t.is_empty() && t.chars().count() <= 30).then_some(t)
}

/// Ids typed in a form or sent as JSON strings, deduplicated; at most [`LINKS_MAX`].
pub(crate) fn ids<T: std::str::FromStr + PartialEq + Copy>(
    input: &[String],
    field: &'static str,
    unknown: &'static str,
) -> Result<Vec<T>, ValidationError> {
    let mut out: Vec<T> = Vec::new();
    for s in input.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id: T = s
            .parse()
            .map_err(|_| ValidationError::new(field, unknown))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.len() > LINKS_MAX {
        return Err(ValidationError::new(field, "max-10-links"));
    }
    Ok(out)
}

/// What a member writes to open a thread, as typed.
#[derive(Clone, Debug, Default)]
pub struct ThreadInput<'a> {
    pub category: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a [String],
    pub listings: &'a [String],
    pub orgs: &'a [String],
}

/// A thread to open, checked.
#[derive(Clone, Debug)]
pub(crate) struct NewThread {
    pub category: CategoryId,
    pub kind: ThreadKind,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub listings: Vec<ListingRef>,
    pub orgs: Vec<OrgId>,
}

impl ThreadInput<'_> {
    /// Checks every field; the first error names its field.
    pub(crate) fn check(&self) -> Result<NewThread, ValidationError> {
        let category = self.category.trim().parse::<CategoryId>().map_err(|_| {
            ValidationError::new(
                "category",
                if self.category.trim().is_empty() {
                    "required"
                } else {
                    "category-unknown"
                },
            )
        })?;
        let kind = match self.kind.trim() {
            "" => ThreadKind::Discussion,
            k => ThreadKind::parse(k).ok_or(ValidationError::new("kind", "invalid-choice"))?,
        };
        Ok(NewThread {
            category,
            kind,
            title: title(self.title)?,
            body: post_body(self.body)?,
            tags: tags(self.tags)?,
            listings: ids::<ListingRef>(self.listings, "listings", "listing-unknown")?,
            orgs: ids::<OrgId>(self.orgs, "orgs", "org-unknown")?,
        })
    }
}

/// The slug of a name: its folded words joined by hyphens.
pub(crate) fn slug(name: &str) -> String {
    text::search_key(name).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn bodies_are_bounded_and_tidied() {
        assert_eq!(post_body(" a\r\nb \r").as_deref(), Ok("a\nb"));
        assert_eq!(post_body("  \n ").unwrap_err().message, "required");
        assert_eq!(
            post_body(&"x".repeat(BODY_MAX + 1)).unwrap_err().message,
            "max-30000-chars"
        );
        assert!(post_body(&"é".repeat(BODY_MAX)).is_ok());
        assert_eq!(post_body("a\u{0}b").unwrap_err().message, "control-chars");
    }

    #[test]
    fn tags_fold_split_and_dedupe() {
        let t = tags(&["Exchange, Migration  M365".into(), "exchange".into()]).unwrap_or_default();
        assert_eq!(t, vec!["exchange", "migration-m365"]);
        let many: Vec<String> = (0..6).map(|i| format!("t{i}")).collect();
        assert_eq!(tags(&many).unwrap_err().message, "max-5-tags");
        assert_eq!(
            tags(&["<script>".into()]).unwrap_or_default(),
            vec!["script"]
        );
        assert_eq!(tags(&["!!!".into()]).unwrap_err().message, "tag-invalid");
    }

    #[test]
    fn a_thread_input_names_its_first_bad_field() {
        let none: Vec<String> = vec![];
        let input = ThreadInput {
            category: "",
            kind: "",
            title: "t",
            body: "b",
            tags: &none,
            listings: &none,
            orgs: &none,
        };
        assert_eq!(input.check().unwrap_err().field, "category");
        let id = CategoryId::new().to_string();
        let bad_kind = ThreadInput {
            category: &id,
            kind: "poll",
            ..input.clone()
        };
        assert_eq!(bad_kind.check().unwrap_err().field, "kind");
        let listings = vec!["nope".to_owned()];
        let bad_listing = ThreadInput {
            category: &id,
            listings: &listings,
            ..input.clone()
        };
        assert_eq!(bad_listing.check().unwrap_err().message, "listing-unknown");
        let ok = ThreadInput {
            category: &id,
            ..input
        };
        assert_eq!(
            ok.check().map(|t| t.kind).ok(),
            Some(ThreadKind::Discussion)
        );
    }
}
