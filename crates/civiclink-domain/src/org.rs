use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// The kind of an organization that belongs to an association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Municipality,
    Vendor,
    Partner,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Municipality, OrgKind::Vendor, OrgKind::Partner];

    pub const fn as_str(self) -> &'static str {
        match self {
            OrgKind::Municipality => "municipality",
            OrgKind::Vendor => "vendor",
            OrgKind::Partner => "partner",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            OrgKind::Municipality => "Municipality",
            OrgKind::Vendor => "Vendor",
            OrgKind::Partner => "Partner",
        }
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrgKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| ValidationError::new("kind", "kind-invalid"))
    }
}

/// What kind of local government a municipality is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MunicipalityType {
    City,
    Town,
    Township,
    Village,
    County,
    Region,
    Municipality,
    CityCouncil,
    DistrictCouncil,
    RegionalCouncil,
    UnitaryCouncil,
}

impl MunicipalityType {
    pub const ALL: [MunicipalityType; 11] = [
        MunicipalityType::City,
        MunicipalityType::Town,
        MunicipalityType::Township,
        MunicipalityType::Village,
        MunicipalityType::County,
        MunicipalityType::Region,
        MunicipalityType::Municipality,
        MunicipalityType::CityCouncil,
        MunicipalityType::DistrictCouncil,
        MunicipalityType::RegionalCouncil,
        MunicipalityType::UnitaryCouncil,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            MunicipalityType::City => "city",
            MunicipalityType::Town => "town",
            MunicipalityType::Township => "township",
            MunicipalityType::Village => "village",
            MunicipalityType::County => "county",
            MunicipalityType::Region => "region",
            MunicipalityType::Municipality => "municipality",
            MunicipalityType::CityCouncil => "city_council",
            MunicipalityType::DistrictCouncil => "district_council",
            MunicipalityType::RegionalCouncil => "regional_council",
            MunicipalityType::UnitaryCouncil => "unitary_council",
        }
    }

    /// Reads `city`, `district council` or `district_council`.
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim().to_lowercase().replace(' ', "_");
        MunicipalityType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(ValidationError::new("municipality_type", "invalid-choice"))
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case ("CA", "NZ").
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "CA")]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        if s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()) {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(ValidationError::new("country", "country-invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CountryCode {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> Self {
        c.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_two_letters() {
        assert_eq!(
            CountryCode::parse(" nz ").map(|c| c.0).ok(),
            Some("NZ".into())
        );
        assert!(CountryCode::parse("CAN").is_err());
        assert!(CountryCode::parse("1A").is_err());
        assert!(CountryCode::parse("").is_err());
    }

    #[test]
    fn kinds_parse() {
        assert_eq!("vendor".parse::<OrgKind>().ok(), Some(OrgKind::Vendor));
        assert!("city".parse::<OrgKind>().is_err());
    }
}
