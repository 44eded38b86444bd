//! What a member sends to open a thread, reply or edit: one type each, read from a form or a
//! JSON body alike, so pages and the API check the same way.

use civiclink_domain::ValidationError;
use civiclink_threads::{PostEdit, PostId, ThreadInput};
use serde::Deserialize;
use utoipa::ToSchema;

/// The value of every pair named `name`.
fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The value of the first pair named `name`, or empty.
pub(crate) fn one(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// A new thread.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ThreadBody {
    /// The category's id.
    #[serde(default)]
    pub category: String,
    /// `discussion` (the default) or `question`.
    #[serde(default)]
    pub kind: String,
    /// At most 200 characters.
    #[serde(default)]
    pub title: String,
    /// The first post, in markdown (at most 30,000 characters).
    #[serde(default)]
    pub text: String,
    /// At most 5; each is folded to lower case words joined by hyphens.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of published listings the thread is about (at most 10).
    #[serde(default)]
    pub listings: Vec<String>,
    /// Ids of organizations the thread is about (at most 10).
    #[serde(default)]
    pub orgs: Vec<String>,
}

impl ThreadBody {
    pub(crate) fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            category: one(pairs, "category"),
            kind: one(pairs, "kind"),
            title: one(pairs, "title"),
            text: one(pairs, "text"),
            tags: all(pairs, "tags"),
            listings: all(pairs, "listings"),
            orgs: all(pairs, "orgs"),
        }
    }

    pub(crate) fn input(&self) -> ThreadInput<'_> {
        ThreadInput {
            category: &self.category,
            kind: &self.kind,
            title: &self.title,
            body: &self.text,
            tags: &self.tags,
            listings: &self.listings,
            orgs: &self.orgs,
        }
    }

    /// Whether the form picked this listing.
    pub(crate) fn has_listing(&self, id: &str) -> bool {
        self.listings.iter().any(|l| l == id)
    }

    pub(crate) fn has_org(&self, id: &str) -> bool {
        self.orgs.iter().any(|o| o == id)
    }
}

/// A reply.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ReplyBody {
    /// Markdown, at most 30,000 characters.
    #[serde(default)]
    pub text: String,
    /// The post of the same thread it answers or quotes.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub reply_to: Option<String>,
}

impl ReplyBody {
    pub(crate) fn from_form(pairs: &[(String, String)]) -> Self {
        let to = one(pairs, "reply_to");
        Self {
            text: one(pairs, "text"),
            reply_to: (!to.trim().is_empty()).then_some(to),
        }
    }

    pub(crate) fn reply_to(&self) -> Result<Option<PostId>, ValidationError> {
        match self.reply_to.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => s
                .parse()
                .map(Some)
                .map_err(|_| ValidationError::new("reply_to", "reply-to-other-thread")),
        }
    }
}

/// An edit of a post.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct EditBody {
    /// The new markdown.
    #[serde(default)]
    pub text: String,
    /// A new title for the thread, when the post is its first (empty keeps it).
    #[serde(default)]
    pub title: String,
    /// Why: required when a moderator edits another member's post.
    #[serde(default)]
    pub reason: String,
}

impl EditBody {
    pub(crate) fn from_form(pairs: &[(String, String)]) -> Self {
        Self {
            text: one(pairs, "text"),
            title: one(pairs, "title"),
            reason: one(pairs, "reason"),
        }
    }

    pub(crate) fn edit(&self) -> PostEdit<'_> {
        PostEdit {
            body: &self.text,
            title: &self.title,
            reason: &self.reason,
        }
    }
}

/// A new category.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct CategoryBody {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Restricts it to this association (administrators of an association: always theirs).
    #[serde(default)]
    pub association: String,
    /// Only the members it lists see it.
    #[serde(default)]
    pub members_only: bool,
}
