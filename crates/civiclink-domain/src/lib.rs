//! The vocabulary of CivicLink: typed identifiers and values that are valid by construction.
//!
//! Nothing here performs I/O. Values are parsed once at the edge (`EmailAddress::parse`,
//! `Password::parse`, …) and travel through the rest of the system as types that cannot hold
//! invalid data.

mod actor;
mod ids;
mod language;
mod member;
mod org;
mod profile;
pub mod text;
mod value;

pub use actor::Actor;

/// What [`typed_id!`] needs, reached through this crate so that its callers need not name it.
#[doc(hidden)]
pub mod __id {
    pub use serde::{Deserialize, Serialize};
    pub use uuid::{self, Uuid};
}
pub use ids::{ApiTokenId, AssociationId, ClaimId, InviteId, JoinRequestId, MemberId, OrgId};
pub use language::Language;
pub use member::{MemberStatus, Role};
pub use org::{CountryCode, MunicipalityType, OrgKind};
pub use profile::{ExpertiseTag, Handle, ProfileField, SizeBand, Visibility};
pub use value::{DisplayName, EmailAddress, Password, ShortText, ValidationError};
