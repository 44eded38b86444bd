//! The directory's vocabulary: ids, kinds, hosting options, and a listing's content, valid by
//! construction.

use civiclink_domain::{OrgId, ValidationError, text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

civiclink_domain::typed_id!(
    /// A listing of the technology directory.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    ListingId
);
civiclink_domain::typed_id!(
    /// A business function of the taxonomy (GIS, permitting, ERP…).
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    BusinessFunctionId
);
civiclink_domain::typed_id!(
    /// One revision of a listing.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    RevisionId
);

/// The validation messages this crate uses beyond the domain's; the catalogs word each as
/// `validation-<key>`.
pub const VALIDATION_KEYS: &[&str] = &[
    "required",
    "between-1-500",
    "control-chars",
    "max-120-chars",
    "max-300-chars",
    "max-10000-chars",
    "link-invalid",
    "invalid-choice",
    "functions-1-to-8",
    "max-30-versions",
    "version-invalid",
    "number-invalid",
    "date-invalid",
    "date-before-since",
    "contact-not-in-org",
    "max-2000-chars",
    "score-1-to-5",
    "review-text-required",
    "max-3000-chars",
    "date-in-future",
    "replaced-itself",
    "compare-2-to-4",
];

/// What a listing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListingKind {
    Software,
    Hardware,
    Service,
    OpenSource,
}

impl ListingKind {
    pub const ALL: [ListingKind; 4] = [
        ListingKind::Software,
        ListingKind::Hardware,
        ListingKind::Service,
        ListingKind::OpenSource,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingKind::Software => "software",
            ListingKind::Hardware => "hardware",
            ListingKind::Service => "service",
            ListingKind::OpenSource => "open_source",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(ValidationError::new("kind", "invalid-choice"))
    }
}

/// Where a listing can run.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    OnPremises,
    VendorCloud,
    Saas,
}

impl Hosting {
    pub const ALL: [Hosting; 3] = [Hosting::OnPremises, Hosting::VendorCloud, Hosting::Saas];

    pub fn as_str(self) -> &'static str {
        match self {
            Hosting::OnPremises => "on_premises",
            Hosting::VendorCloud => "vendor_cloud",
            Hosting::Saas => "saas",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|h| h.as_str() == s.trim())
            .ok_or(ValidationError::new("hosting", "invalid-choice"))
    }
}

/// Where a listing stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    /// Waiting for a moderator: seen by its author and moderators only.
    Proposed,
    Published,
    Rejected,
}

impl ListingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Proposed => "proposed",
            ListingStatus::Published => "published",
            ListingStatus::Rejected => "rejected",
        }
    }

    pub(crate) fn from_db(s: &str) -> Self {
        match s {
            "published" => ListingStatus::Published,
            "rejected" => ListingStatus::Rejected,
            _ => ListingStatus::Proposed,
        }
    }
}

/// Where a revision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevisionStatus {
    Pending,
    Approved,
    Rejected,
}

impl RevisionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionStatus::Pending => "pending",
            RevisionStatus::Approved => "approved",
            RevisionStatus::Rejected => "rejected",
        }
    }

    pub(crate) fn from_db(s: &str) -> Self {
        match s {
            "approved" => RevisionStatus::Approved,
            "rejected" => RevisionStatus::Rejected,
            _ => RevisionStatus::Pending,
        }
    }
}

/// A business function of the taxonomy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema, sqlx::FromRow)]
pub struct BusinessFunction {
    pub id: BusinessFunctionId,
    /// The stable name in addresses and the API (`gis-and-mapping`).
    pub slug: String,
    pub name: String,
}

/// Everything a listing says, as one revision holds it. Parsed once, from a form or a JSON
/// body alike ([`ListingContent::parse`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ListingContent {
    pub name: String,
    pub vendor_name: String,
    /// The vendor's organization on CivicLink, when it has one.
    #[serde(default)]
    pub vendor_org_id: Option<OrgId>,
    pub kind: ListingKind,
    /// Empty, or an http(s) address.
    pub website: String,
    /// Markdown, shown sanitized.
    pub description: String,
    pub hosting: Vec<Hosting>,
    /// Known versions, newest first.
    pub versions: Vec<String>,
    /// One to eight, by id.
    pub functions: Vec<BusinessFunctionId>,
}

/// A listing's fields as a person typed them.
#[derive(Clone, Debug, Default)]
pub struct ContentInput<'a> {
    pub name: &'a str,
    pub vendor_name: &'a str,
    /// Empty, or the vendor organization's id.
    pub vendor_org_id: &'a str,
    pub kind: &'a str,
    pub website: &'a str,
    pub description: &'a str,
    pub hosting: &'a [String],
    /// One per line, or separated by commas.
    pub versions: &'a str,
    /// Ids of business functions.
    pub functions: &'a [String],
}

fn has_control(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn line(
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

impl ListingContent {
    pub const NAME_MAX: usize = 120;
    pub const DESCRIPTION_MAX: usize = 10_000;
    pub const VERSIONS_MAX: usize = 30;
    pub const FUNCTIONS_MAX: usize = 8;

    /// Checks every field; the first error names its field.
    pub fn parse(input: &ContentInput<'_>) -> Result<Self, ValidationError> {
        let name = line(input.name, "name", Self::NAME_MAX, "max-120-chars")?;
        let vendor_name = line(
            input.vendor_name,
            "vendor_name",
            Self::NAME_MAX,
            "max-120-chars",
        )?;
        let vendor_org_id = match input.vendor_org_id.trim() {
            "" => None,
            s => Some(
                s.parse::<OrgId>()
                    .map_err(|_| ValidationError::new("vendor_org_id", "invalid-choice"))?,
            ),
        };
        let kind = ListingKind::parse(input.kind)?;
        let website = input.website.trim().to_owned();
        if !website.is_empty() {
            let ok = (website.starts_with("https://") || website.starts_with("http://"))
                && website.len() > "https://".len()
                && !website.contains(char::is_whitespace)
                && !website.chars().any(char::is_control);
            if !ok {
                return Err(ValidationError::new("website", "link-invalid"));
            }
            if website.chars().count() > 300 {
                return Err(ValidationError::new("website", "max-300-chars"));
            }
        }
        let description = input.description.trim().replace("\r\n", "\n");
        if has_control(&description) {
            return Err(ValidationError::new("description", "control-chars"));
        }
        if description.chars().count() > Self::DESCRIPTION_MAX {
            return Err(ValidationError::new("description", "max-10000-chars"));
        }
        let mut hosting = input
            .hosting
            .iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| Hosting::parse(h))
            .collect::<Result<Vec<_>, _>>()?;
        hosting.sort();
        hosting.dedup();
        let mut versions: Vec<String> = Vec::new();
        for v in input.versions.split(['\n', ',']) {
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            if v.chars().count() > 40 || v.chars().any(char::is_control) {
                return Err(ValidationError::new("versions", "version-invalid"));
            }
            if !versions.iter().any(|w| w == v) {
                versions.push(v.to_owned());
            }
        }
        if versions.len() > Self::VERSIONS_MAX {
            return Err(ValidationError::new("versions", "max-30-versions"));
        }
        let mut functions = Vec::new();
        for f in input.functions {
            let f = f.trim();
            if f.is_empty() {
                continue;
            }
            let id = f
                .parse::<BusinessFunctionId>()
                .map_err(|_| ValidationError::new("functions", "invalid-choice"))?;
            if !functions.contains(&id) {
                functions.push(id);
            }
        }
        if functions.is_empty() || functions.len() > Self::FUNCTIONS_MAX {
            return Err(ValidationError::new("functions", "functions-1-to-8"));
        }
        Ok(Self {
            name,
            vendor_name,
            vendor_org_id,
            kind,
            website,
            description,
            hosting,
            versions,
            functions,
        })
    }

    /// The name as listings are sorted, searched and told apart by.
    pub fn name_key(&self) -> String {
        text::search_key(&self.name)
    }

    pub fn vendor_key(&self) -> String {
        text::search_key(&self.vendor_name)
    }

    /// The versions as a form shows them, one per line.
    pub fn versions_text(&self) -> String {
        self.versions.join("\n")
    }
}

/// A business function's name: a line of at most 120 characters.
pub(crate) fn function_name(input: &str) -> Result<String, ValidationError> {
    line(input, "name", ListingContent::NAME_MAX, "max-120-chars")
}

/// The slug of a name: its folded words joined by hyphens (`GIS and mapping` → `gis-and-mapping`).
pub(crate) fn slug(name: &str) -> String {
    text::search_key(name).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(functions: &'a [String], hosting: &'a [String]) -> ContentInput<'a> {
        ContentInput {
            name: " ArcGIS Enterprise ",
            vendor_name: "Esri",
            vendor_org_id: "",
            kind: "software",
            website: "https://www.esri.com",
            description: "Maps.\r\nAnd more.",
            hosting,
            versions: "11.3, 11.1\n10.9.1\n11.3",
            functions,
        }
    }

    #[test]
    fn content_parses_and_tidies() {
        let f = vec![BusinessFunctionId::new().to_string()];
        let h = vec![
            "saas".to_owned(),
            "on_premises".to_owned(),
            "saas".to_owned(),
        ];
        let c = ListingContent::parse(&input(&f, &h)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.name, "ArcGIS Enterprise");
        assert_eq!(c.versions, ["11.3", "11.1", "10.9.1"]);
        assert_eq!(c.hosting, [Hosting::OnPremises, Hosting::Saas]);
        assert_eq!(c.description, "Maps.\nAnd more.");
        assert_eq!(c.name_key(), "arcgis enterprise");
    }

    #[test]
    fn each_field_is_checked() {
        let f = vec![BusinessFunctionId::new().to_string()];
        let h: Vec<String> = vec![];
        let field = |i: ContentInput<'_>| {
            ListingContent::parse(&i)
                .err()
                .map(|e| (e.field, e.message))
        };
        assert_eq!(
            field(ContentInput {
                name: " ",
                ..input(&f, &h)
            }),
            Some(("name", "required"))
        );
        assert_eq!(
            field(ContentInput {
                kind: "firmware",
                ..input(&f, &h)
            }),
            Some(("kind", "invalid-choice"))
        );
        assert_eq!(
            field(ContentInput {
                website: "javascript:alert(1)",
                ..input(&f, &h)
            }),
            Some(("website", "link-invalid"))
        );
        assert_eq!(
            field(ContentInput {
                functions: &[],
                ..input(&f, &h)
            }),
            Some(("functions", "functions-1-to-8"))
        );
        let bad = vec!["cloud".to_owned()];
        assert_eq!(field(input(&f, &bad)), Some(("hosting", "invalid-choice")));
        let many = (0..31)
            .map(|i| format!("v{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(
            field(ContentInput {
                versions: &many,
                ..input(&f, &h)
            }),
            Some(("versions", "max-30-versions"))
        );
    }

    #[test]
    fn slugs_fold_names() {
        assert_eq!(slug("Permitting & Licensing"), "permitting-licensing");
        assert_eq!(slug("Réseaux et sécurité"), "reseaux-et-securite");
    }
}
