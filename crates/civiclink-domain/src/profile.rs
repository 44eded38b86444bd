use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// A member's unique handle, as in `/people/ada-lovelace`: 3 to 30 characters, lower-case
/// letters, digits, `-` and `_`, starting with a letter.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "ada-lovelace")]
pub struct Handle(String);

impl Handle {
    pub const MIN: usize = 3;
    pub const MAX: usize = 30;

    /// Words the site's own addresses use under `/people/`, which no member may take.
    pub const RESERVED: [&'static str; 3] = ["suggestions", "directory", "me"];

    /// The start of an erased member's handle ([`Handle::erased`]), which no member may take:
    /// a handle squatted there would make an erasure fail.
    pub const ERASED_PREFIX: &'static str = "former-";

    /// A handle a member chose.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let s = input.trim().to_ascii_lowercase();
        if s.starts_with(Self::ERASED_PREFIX) {
            return Err(ValidationError::new("handle", "handle-reserved"));
        }
        let ok = !Self::RESERVED.contains(&s.as_str())
            && (Self::MIN..=Self::MAX).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if ok {
            Ok(Self(s))
        } else {
            Err(ValidationError::new("handle", "handle-invalid"))
        }
    }

    /// A handle made from a display name ("Ngaio Parata" → "ngaio-parata"), padded or cut to
    /// fit; callers add a suffix when it is taken.
    pub fn suggest(name: &str) -> Self {
        let mut s = String::new();
        for c in crate::text::fold(name).chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c);
            } else if !s.ends_with('-') && !s.is_empty() {
                s.push('-');
            }
        }
        let mut s = s.trim_matches('-').to_owned();
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) || s.starts_with(Self::ERASED_PREFIX) {
            s.insert_str(0, "m-");
        }
        while s.len() < Self::MIN {
            s.push('x');
        }
        s.truncate(Self::MAX - 6);
        let s = s.trim_end_matches('-').to_owned();
        if Self::RESERVED.contains(&s.as_str()) {
            return Self(format!("{s}-m"));
        }
        Self(s)
    }

    /// The handle an erased member's profile keeps: the reserved prefix and the whole member
    /// id, so that it is unique and no member can hold it beforehand.
    pub fn erased(member: crate::MemberId) -> Self {
        Self(format!(
            "{}{}",
            Self::ERASED_PREFIX,
            member.as_uuid().simple()
        ))
    }

    /// A handle read back from storage: one a member chose, or an erased member's.
    pub fn from_stored(s: &str) -> Result<Self, ValidationError> {
        match s.strip_prefix(Self::ERASED_PREFIX) {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                Ok(Self(s.to_owned()))
            }
            _ => Self::parse(s),
        }
    }

    /// This handle with a numeric suffix, for when the plain one is taken.
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Handle {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Handle> for String {
    fn from(h: Handle) -> Self {
        h.0
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who may see a profile field.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Every member of the network.
    #[default]
    Everyone,
    /// Only the member's connections.
    Connections,
    /// Only the member.
    Nobody,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Everyone,
        Visibility::Connections,
        Visibility::Nobody,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Visibility::Everyone => "everyone",
            Visibility::Connections => "connections",
            Visibility::Nobody => "nobody",
        }
    }
}

impl FromStr for Visibility {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or(ValidationError::new("visibility", "invalid-choice"))
    }
}

/// The profile fields whose visibility a member chooses. Name, organization and handle are
/// always visible to members: the network is for finding each other.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    Email,
    JobTitle,
    Department,
    Bio,
    Expertise,
    Years,
    Location,
    Links,
}

impl ProfileField {
    pub const ALL: [ProfileField; 8] = [
        ProfileField::Email,
        ProfileField::JobTitle,
        ProfileField::Department,
        ProfileField::Bio,
        ProfileField::Expertise,
        ProfileField::Years,
        ProfileField::Location,
        ProfileField::Links,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ProfileField::Email => "email",
            ProfileField::JobTitle => "job_title",
            ProfileField::Department => "department",
            ProfileField::Bio => "bio",
            ProfileField::Expertise => "expertise",
            ProfileField::Years => "years_in_municipal_it",
            ProfileField::Location => "location",
            ProfileField::Links => "links",
        }
    }

    /// Who sees the field when the member has not chosen: email only to connections.
    pub const fn default_visibility(self) -> Visibility {
        match self {
            ProfileField::Email => Visibility::Connections,
            _ => Visibility::Everyone,
        }
    }
}

impl FromStr for ProfileField {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProfileField::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(ValidationError::new("visibility", "invalid-choice"))
    }
}

/// An area of expertise: a slug of 2 to 40 characters. Curated tags have catalog labels
/// (`expertise-<slug>`); free tags are shown as typed.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "gis")]
pub struct ExpertiseTag(String);

impl ExpertiseTag {
    /// The curated list: the business functions municipal IT teams work in.
    pub const CURATED: [&'static str; 20] = [
        "gis",
        "cybersecurity",
        "networking",
        "cloud",
        "microsoft-365",
        "erp-finance",
        "hr-payroll",
        "asset-management",
        "permitting-licensing",
        "records-management",
        "service-desk",
        "data-analytics",
        "open-data",
        "web-digital-services",
        "telephony",
        "public-safety",
        "procurement",
        "project-management",
        "identity-access",
        "backup-recovery",
    ];

    /// Parses a tag as typed: trimmed, folded to lower-case ASCII, spaces become `-`.
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let folded = crate::text::fold(input.trim());
        let mut s = String::new();
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                s.push(c);
            } else if (c == ' ' || c == '-' || c == '_' || c == '/') && !s.ends_with('-') {
                s.push('-');
            } else if !c.is_whitespace() {
                return Err(ValidationError::new("expertise", "tag-invalid"));
            }
        }
        let s = s.trim_matches('-').to_owned();
        if (2..=40).contains(&s.len()) {
            Ok(Self(s))
        } else {
            Err(ValidationError::new("expertise", "tag-invalid"))
        }
    }

    pub fn is_curated(&self) -> bool {
        Self::CURATED.contains(&self.0.as_str())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ExpertiseTag {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ExpertiseTag> for String {
    fn from(t: ExpertiseTag) -> Self {
        t.0
    }
}

/// A municipality's size band, derived from its population.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    #[serde(rename = "under_10k")]
    Under10k,
    #[serde(rename = "10k_50k")]
    From10kTo50k,
    #[serde(rename = "50k_250k")]
    From50kTo250k,
    #[serde(rename = "250k_1m")]
    From250kTo1m,
    #[serde(rename = "over_1m")]
    Over1m,
}

impl SizeBand {
    pub const ALL: [SizeBand; 5] = [
        SizeBand::Under10k,
        SizeBand::From10kTo50k,
        SizeBand::From50kTo250k,
        SizeBand::From250kTo1m,
        SizeBand::Over1m,
    ];

    pub fn of(population: i64) -> Self {
        match population {
            ..10_000 => SizeBand::Under10k,
            10_000..50_000 => SizeBand::From10kTo50k,
            50_000..250_000 => SizeBand::From50kTo250k,
            250_000..1_000_000 => SizeBand::From250kTo1m,
            _ => SizeBand::Over1m,
        }
    }

    /// The population range `[min, max)` of the band, for queries.
    pub const fn range(self) -> (i64, i64) {
        match self {
            SizeBand::Under10k => (0, 10_000),
            SizeBand::From10kTo50k => (10_000, 50_000),
            SizeBand::From50kTo250k => (50_000, 250_000),
            SizeBand::From250kTo1m => (250_000, 1_000_000),
            SizeBand::Over1m => (1_000_000, i64::MAX),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            SizeBand::Under10k => "under_10k",
            SizeBand::From10kTo50k => "10k_50k",
            SizeBand::From50kTo250k => "50k_250k",
            SizeBand::From250kTo1m => "250k_1m",
            SizeBand::Over1m => "over_1m",
        }
    }
}

impl FromStr for SizeBand {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SizeBand::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or(ValidationError::new("size_band", "invalid-choice"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles() {
        assert_eq!(
            Handle::parse(" Ada_L-1 ").map(|h| h.0).ok(),
            Some("ada_l-1".into())
        );
        for bad in [
            "ab",
            "1ada",
            "ada lovelace",
            "ada!",
            &"a".repeat(31),
            "-ada",
            "é-ada",
        ] {
            assert!(Handle::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Handle::suggest("Ngaio Parata").as_str(), "ngaio-parata");
        assert_eq!(Handle::suggest("Geneviève Côté").as_str(), "genevieve-cote");
        assert_eq!(Handle::suggest("李").as_str(), "m-x");
        assert!(Handle::parse("suggestions").is_err());
        // The erased prefix is reserved, and a name that would suggest it is steered away.
        assert!(Handle::parse("former-0190aa11bb22").is_err());
        assert!(Handle::parse(" Former-Member ").is_err());
        assert_eq!(Handle::suggest("Former Member").as_str(), "m-former-member");
        let id = crate::MemberId::new();
        let erased = Handle::erased(id);
        assert_eq!(erased.as_str().len(), "former-".len() + 32);
        assert_eq!(Handle::from_stored(erased.as_str()), Ok(erased));
        assert!(Handle::from_stored("former-0190aa11bb22").is_ok());
        assert!(Handle::from_stored("ada_l-1").is_ok());
        assert!(Handle::from_stored("former-zz").is_err());
        assert_eq!(Handle::suggest("Suggestions").as_str(), "suggestions-m");
        assert!(Handle::parse(Handle::suggest("8 Bit").with_suffix(12).as_str()).is_ok());
        assert!(
            Handle::parse(
                Handle::suggest(&"Long Name ".repeat(10))
                    .with_suffix(99999)
                    .as_str()
            )
            .is_ok()
        );
    }

    #[test]
    fn tags() {
        assert_eq!(
            ExpertiseTag::parse(" Microsoft 365 ").map(|t| t.0).ok(),
            Some("microsoft-365".into())
        );
        assert!(ExpertiseTag::parse("GIS").is_ok_and(|t| t.is_curated()));
        assert_eq!(
            ExpertiseTag::parse("Sécurité").map(|t| t.0).ok(),
            Some("securite".into())
        );
        assert!(ExpertiseTag::parse("a").is_err());
        assert!(ExpertiseTag::parse("<script>").is_err());
        assert!(ExpertiseTag::parse(&"x".repeat(41)).is_err());
    }

    #[test]
    fn size_bands() {
        assert_eq!(SizeBand::of(9_999), SizeBand::Under10k);
        assert_eq!(SizeBand::of(10_000), SizeBand::From10kTo50k);
        assert_eq!(SizeBand::of(2_794_400), SizeBand::Over1m);
        assert_eq!(
            "250k_1m".parse::<SizeBand>().ok(),
            Some(SizeBand::From250kTo1m)
        );
    }
}
