use std::fmt;

use serde::{Deserialize, Serialize};

/// A value given at the edge was not acceptable. `field` names the input it came from, so that
/// forms can show the message beside it and the API can say which field was wrong. `message` is
/// a key of the message catalogs (`validation-<message>` in `web/locales`), never display text:
/// the edge words it in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: &'static str,
}

impl ValidationError {
    /// Every message key the domain and the services use; the catalogs must word each one.
    pub const KEYS: &'static [&'static str] = &[
        "required",
        "control-chars",
        "max-100-chars",
        "max-200-chars",
        "max-256-chars",
        "max-2000-chars",
        "min-10-chars",
        "email-invalid",
        "country-invalid",
        "kind-invalid",
        "role-invalid",
        "status-invalid",
        "population-invalid",
        "invalid-choice",
        "unknown-association",
        "org-not-in-association",
        "request-status-invalid",
        "date-invalid",
        "between-1-1000",
        "between-1-90",
        "between-1-365",
        "status-active-or-suspended",
        "approve-to-activate",
        "site-admin-only-outside",
        "password-mismatch",
        "handle-invalid",
        "tag-invalid",
        "max-30-tags",
        "years-invalid",
        "link-invalid",
        "max-10-links",
        "max-10000-chars",
        "note-too-long",
        "confirm-email",
        "avatar-format",
        "avatar-missing",
        "avatar-too-large",
        "avatar-too-many-pixels",
        "max-1000-chars",
        "org-admin-not-in-org",
        "org-admin-not-active",
    ];

    pub const fn new(field: &'static str, message: &'static str) -> Self {
        Self { field, message }
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// An email address, trimmed and lower-cased so that uniqueness is case-insensitive.
///
/// The check is deliberately modest (one `@`, a dotted domain, no spaces, at most 254 bytes):
/// the verification email is what proves an address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, format = "email")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        const ERR: ValidationError = ValidationError::new("email", "email-invalid");
        let s = input.trim().to_lowercase();
        if s.is_empty() || s.len() > 254 || has_control(&s) || s.contains(char::is_whitespace) {
            return Err(ERR);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(ERR)?;
        if local.is_empty()
            || local.len() > 64
            || local.contains('@')
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || !domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
        {
            return Err(ERR);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> Self {
        e.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A single line of text with a length limit in characters, trimmed, without control characters.
fn bounded_line(
    input: &str,
    field: &'static str,
    max: usize,
    too_long: &'static str,
) -> Result<String, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ValidationError::new(field, "required"));
    }
    if s.chars().count() > max {
        return Err(ValidationError::new(field, too_long));
    }
    if has_control(s) {
        return Err(ValidationError::new(field, "control-chars"));
    }
    Ok(s.to_owned())
}

/// The name a member is shown by: 1 to 100 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX: usize = 100;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        bounded_line(input, "display_name", Self::MAX, "max-100-chars").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = ValidationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<DisplayName> for String {
    fn from(d: DisplayName) -> Self {
        d.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A required single line of at most 200 characters (names of organizations, regions, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShortText(String);

impl ShortText {
    pub const MAX: usize = 200;

    pub fn parse(input: &str, field: &'static str) -> Result<Self, ValidationError> {
        bounded_line(input, field, Self::MAX, "max-200-chars").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed: 10 to 256 characters. It never implements `Display` or `Serialize`,
/// and its `Debug` is redacted, so it cannot leak into logs or responses.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 256;

    pub fn parse(input: &str) -> Result<Self, ValidationError> {
        let n = input.chars().count();
        if n < Self::MIN {
            return Err(ValidationError::new("password", "min-10-chars"));
        }
        if n > Self::MAX {
            return Err(ValidationError::new("password", "max-256-chars"));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Ada.Lovelace@Example.ORG ")
                .map(|e| e.0)
                .ok(),
            Some("ada.lovelace@example.org".to_owned())
        );
        for bad in [
            "",
            "plain",
            "a@b",
            "a@@b.org",
            "@example.org",
            "a b@example.org",
            "a@example..org",
            "a@.example.org",
            "a@example.org.",
            "a@exa_mple.org",
            "a\u{0}@example.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} accepted");
        }
        let long = format!("{}@example.org", "a".repeat(65));
        assert!(EmailAddress::parse(&long).is_err());
    }

    #[test]
    fn display_names_are_bounded() {
        assert_eq!(
            DisplayName::parse("  Ada  ").map(|d| d.0).ok(),
            Some("Ada".into())
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"é".repeat(101)).is_err());
        assert!(DisplayName::parse(&"é".repeat(100)).is_ok());
        assert!(DisplayName::parse("a\nb").is_err());
    }

    #[test]
    fn passwords_have_bounds_and_hide_themselves() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        let p = Password::parse("correct horse battery").ok();
        assert_eq!(format!("{p:?}"), "Some(Password(***))");
    }
}
