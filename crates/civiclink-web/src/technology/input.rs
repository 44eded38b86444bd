//! What a listing form and a listing's JSON body say, read by one parser: the form's fields
//! (ticked boxes repeat their name) are gathered into the same [`ListingBody`] the API
//! receives, and [`ListingBody::content`] checks both alike.

use civiclink_domain::ValidationError;
use civiclink_technology::{ContentInput, ListingContent};
use serde::Deserialize;
use utoipa::ToSchema;

/// A listing as proposed or edited.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ListingBody {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub vendor_name: String,
    /// The vendor's organization on CivicLink (an organization of kind vendor), if it has one.
    #[serde(default)]
    pub vendor_org_id: Option<String>,
    /// `software`, `hardware`, `service` or `open_source`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub website: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// Any of `on_premises`, `vendor_cloud`, `saas`.
    #[serde(default)]
    pub hosting: Vec<String>,
    /// Known versions, newest first.
    #[serde(default)]
    pub versions: Vec<String>,
    /// One to eight business function ids.
    #[serde(default)]
    pub functions: Vec<String>,
    /// What changed and why, for the history (at most 300 characters).
    #[serde(default)]
    pub summary: String,
    /// Proposing a listing whose name is near another's: the proposer says it is another
    /// product.
    #[serde(default)]
    pub confirm_new: bool,
    /// Editing: the revision the edit was written against.
    #[serde(default)]
    pub base: Option<i32>,
}

impl ListingBody {
    /// The body a form sent: its fields by name, ticked boxes repeated, versions one per line.
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let one = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let all = |k: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Self {
            name: one("name"),
            vendor_name: one("vendor_name"),
            vendor_org_id: Some(one("vendor_org_id")),
            kind: one("kind"),
            website: one("website"),
            description: one("description"),
            hosting: all("hosting"),
            versions: one("versions").lines().map(str::to_owned).collect(),
            functions: all("functions"),
            summary: one("summary"),
            confirm_new: one("confirm_new") == "on",
            base: one("base").trim().parse().ok(),
        }
    }

    /// The listing's content, checked.
    pub fn content(&self) -> Result<ListingContent, ValidationError> {
        let versions = self.versions.join("\n");
        ListingContent::parse(&ContentInput {
            name: &self.name,
            vendor_name: &self.vendor_name,
            vendor_org_id: self.vendor_org_id.as_deref().unwrap_or(""),
            kind: &self.kind,
            website: &self.website,
            description: &self.description,
            hosting: &self.hosting,
            versions: &versions,
            functions: &self.functions,
        })
    }

    /// A listing's content as its form shows it.
    pub fn of(content: &ListingContent) -> Self {
        Self {
            name: content.name.clone(),
            vendor_name: content.vendor_name.clone(),
            vendor_org_id: content.vendor_org_id.map(|o| o.to_string()),
            kind: content.kind.as_str().to_owned(),
            website: content.website.clone(),
            description: content.description.clone(),
            hosting: content
                .hosting
                .iter()
                .map(|h| h.as_str().to_owned())
                .collect(),
            versions: content.versions.clone(),
            functions: content.functions.iter().map(ToString::to_string).collect(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_and_a_body_parse_alike() {
        let f = civiclink_technology::BusinessFunctionId::new().to_string();
        let pairs: Vec<(String, String)> = [
            ("name", "QGIS"),
            ("vendor_name", "QGIS project"),
            ("kind", "open_source"),
            ("hosting", "on_premises"),
            ("hosting", "saas"),
            ("versions", "3.34\n3.28"),
            ("functions", f.as_str()),
            ("confirm_new", "on"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let form = ListingBody::from_form(&pairs);
        let json: ListingBody = serde_json::from_value(serde_json::json!({
            "name": "QGIS", "vendor_name": "QGIS project", "kind": "open_source",
            "hosting": ["on_premises", "saas"], "versions": ["3.34", "3.28"], "functions": [f],
        }))
        .unwrap_or_default();
        assert!(form.confirm_new);
        assert_eq!(form.content().ok(), json.content().ok());
        assert!(form.content().is_ok());
    }
}
