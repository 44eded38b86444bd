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

/// A usage record as recorded or changed: one parser for the form and the JSON body.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct UsageBody {
    /// Recording: the listing the organization uses.
    #[serde(default)]
    pub listing_id: Option<String>,
    /// Business function ids it serves there; empty: the listing's own.
    #[serde(default)]
    pub functions: Vec<String>,
    /// `evaluating`, `piloting`, `production`, `retiring` or `retired`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub version: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub since: String,
    /// When support or the contract ends, YYYY-MM-DD.
    #[serde(default)]
    pub support_ends: String,
    /// The number of users or licences.
    #[serde(default)]
    pub users: Option<serde_json::Value>,
    /// `members` (every member sees the number) or `organization` (only yours).
    #[serde(default)]
    pub users_visibility: String,
    /// A member of the organization willing to talk about it.
    #[serde(default)]
    pub contact_id: Option<String>,
    #[serde(default)]
    pub notes: String,
    /// `cooperative`, `all_of_government`, `syndicated`, `rfp`, `sole_source`, `other`.
    #[serde(default)]
    pub procurement_route: String,
    /// The cooperative or contract vehicle (OECM, LAS, …).
    #[serde(default)]
    pub cooperative: String,
    #[serde(default)]
    pub contract_reference: String,
    #[serde(default)]
    pub contract_ends: String,
    /// Other municipalities may buy on the same contract.
    #[serde(default)]
    pub open_to_others: bool,
    /// `members` or `organization`: who sees how it was bought.
    #[serde(default)]
    pub contract_visibility: String,
}

impl UsageBody {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let one = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Self {
            listing_id: Some(one("listing_id")),
            functions: pairs
                .iter()
                .filter(|(n, _)| n == "functions")
                .map(|(_, v)| v.clone())
                .collect(),
            status: one("status"),
            version: one("version"),
            since: one("since"),
            support_ends: one("support_ends"),
            users: Some(serde_json::Value::String(one("users"))),
            users_visibility: one("users_visibility"),
            contact_id: Some(one("contact_id")),
            notes: one("notes"),
            procurement_route: one("procurement_route"),
            cooperative: one("cooperative"),
            contract_reference: one("contract_reference"),
            contract_ends: one("contract_ends"),
            open_to_others: one("open_to_others") == "on",
            contract_visibility: one("contract_visibility"),
        }
    }

    /// The number of users as typed: a JSON number or text.
    pub fn users_text(&self) -> String {
        match &self.users {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        }
    }

    pub fn details(&self) -> Result<civiclink_technology::UsageDetails, ValidationError> {
        let users = self.users_text();
        civiclink_technology::UsageDetails::parse(&civiclink_technology::UsageInput {
            functions: &self.functions,
            status: &self.status,
            version: &self.version,
            since: &self.since,
            support_ends: &self.support_ends,
            users: &users,
            users_visibility: &self.users_visibility,
            contact_id: self.contact_id.as_deref().unwrap_or(""),
            notes: &self.notes,
            procurement_route: &self.procurement_route,
            cooperative: &self.cooperative,
            contract_reference: &self.contract_reference,
            contract_ends: &self.contract_ends,
            open_to_others: self.open_to_others,
            contract_visibility: &self.contract_visibility,
        })
    }

    /// A record as its form shows it.
    pub fn of(r: &civiclink_technology::UsageRecord) -> Self {
        let day = |d: Option<time::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let p = r.procurement.as_ref();
        Self {
            listing_id: Some(r.listing_id.to_string()),
            functions: r.functions.iter().map(|f| f.id.to_string()).collect(),
            status: r.status.as_str().to_owned(),
            version: r.version.clone(),
            since: day(r.since),
            support_ends: day(r.support_ends),
            users: r.users.map(|n| serde_json::Value::String(n.to_string())),
            users_visibility: r.users_visibility.as_str().to_owned(),
            contact_id: r.contact.as_ref().map(|c| c.id.to_string()),
            notes: r.notes.clone(),
            procurement_route: p
                .and_then(|p| p.route)
                .map(|x| x.as_str().to_owned())
                .unwrap_or_default(),
            cooperative: p.map(|p| p.cooperative.clone()).unwrap_or_default(),
            contract_reference: p.map(|p| p.contract_reference.clone()).unwrap_or_default(),
            contract_ends: day(p.and_then(|p| p.contract_ends)),
            open_to_others: p.is_some_and(|p| p.open_to_others),
            contract_visibility: p
                .map(|p| p.visibility.as_str().to_owned())
                .unwrap_or_default(),
        }
    }
}

/// A review as written: scores as JSON numbers or form text, `recommend` as a JSON boolean or
/// `yes`/`no`.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ReviewBody {
    /// Overall, 1 to 5.
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub overall: Option<serde_json::Value>,
    /// Ease of use, 1 to 5 (optional).
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub ease: Option<serde_json::Value>,
    /// Quality of support, 1 to 5 (optional).
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub support: Option<serde_json::Value>,
    /// Value for money, 1 to 5 (optional).
    #[serde(default)]
    #[schema(value_type = Option<i32>)]
    pub value: Option<serde_json::Value>,
    /// Would recommend it.
    #[serde(default)]
    #[schema(value_type = Option<bool>)]
    pub recommend: Option<serde_json::Value>,
    /// What works well (plain text, at most 3000 characters; pros or cons is required).
    #[serde(default)]
    pub pros: String,
    /// What does not.
    #[serde(default)]
    pub cons: String,
}

/// A JSON value as the text a form would have sent.
fn as_text(v: &Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Bool(true)) => "yes".to_owned(),
        Some(serde_json::Value::Bool(false)) => "no".to_owned(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

impl ReviewBody {
    pub fn from_form(pairs: &[(String, String)]) -> Self {
        let one = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| serde_json::Value::String(v.clone()))
        };
        let text = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Self {
            overall: one("overall"),
            ease: one("ease"),
            support: one("support"),
            value: one("value"),
            recommend: one("recommend"),
            pros: text("pros"),
            cons: text("cons"),
        }
    }

    /// Each score as text, for a form shown again.
    pub fn text(&self, field: &str) -> String {
        as_text(match field {
            "overall" => &self.overall,
            "ease" => &self.ease,
            "support" => &self.support,
            "value" => &self.value,
            _ => &self.recommend,
        })
    }

    pub fn scores(&self) -> Result<civiclink_technology::ReviewScores, ValidationError> {
        let (overall, ease, support, value, recommend) = (
            as_text(&self.overall),
            as_text(&self.ease),
            as_text(&self.support),
            as_text(&self.value),
            as_text(&self.recommend),
        );
        civiclink_technology::ReviewScores::parse(&civiclink_technology::ReviewInput {
            overall: &overall,
            ease: &ease,
            support: &support,
            value: &value,
            recommend: &recommend,
            pros: &self.pros,
            cons: &self.cons,
        })
    }

    /// A review as its form shows it.
    pub fn of(s: &civiclink_technology::ReviewScores) -> Self {
        let n = |x: Option<i32>| x.map(|x| serde_json::Value::String(x.to_string()));
        Self {
            overall: n(Some(s.overall)),
            ease: n(s.ease),
            support: n(s.support),
            value: n(s.value),
            recommend: Some(serde_json::Value::Bool(s.recommend)),
            pros: s.pros.clone(),
            cons: s.cons.clone(),
        }
    }
}

/// A report of a review to the moderators.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ReportBody {
    /// `spam`, `abusive`, `off_topic`, `conflict_of_interest` or `other` (which needs a note).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// The vendor's response to a review.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ResponseBody {
    /// Plain text, at most 3000 characters.
    #[serde(default)]
    pub response: String,
}

/// An entry of a usage record's timeline.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ChangeBody {
    /// `upgrade`, `module`, `integration` or `migration`.
    #[serde(default)]
    pub kind: String,
    /// When (YYYY-MM-DD), not after today.
    #[serde(default)]
    pub happened_on: String,
    /// An upgrade: from which version (optional) to which (required).
    #[serde(default)]
    pub from_version: String,
    #[serde(default)]
    pub to_version: String,
    /// A module or integration: its name.
    #[serde(default)]
    pub title: String,
    /// A migration: the product it replaced, by name; linked when the directory lists it.
    #[serde(default)]
    pub replaced: String,
    /// What was learned (at most 2000 characters).
    #[serde(default)]
    pub lesson: String,
}

impl ChangeBody {
    pub fn details(&self) -> Result<civiclink_technology::ChangeDetails, ValidationError> {
        civiclink_technology::ChangeDetails::parse(
            &civiclink_technology::ChangeInput {
                kind: &self.kind,
                happened_on: &self.happened_on,
                from_version: &self.from_version,
                to_version: &self.to_version,
                title: &self.title,
                replaced: &self.replaced,
                lesson: &self.lesson,
            },
            civiclink_store::now().date(),
        )
    }
}
