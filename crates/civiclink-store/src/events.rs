//! Typed events: each capability declares its events once, as one enum whose variants carry the
//! stored kind and the payload together ([`events!`]). Writers emit a variant
//! ([`Tx::emit`]); consumers decode the stored row back into the variant
//! ([`DomainEvent::decode`]). A stored payload that does not decode is an error, never skipped:
//! the consumer stops at that position, loudly, until the code that reads it is fixed.
//!
//! Compatibility: a field added to a variant must be optional or `#[serde(default)]`, so that
//! the events written before it still decode. Kinds are never renamed.

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::{Event, StoreError, StoreResult, Tx};

/// What an event's `entity_id` names, for consumers that group by it (the activity feed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Member,
    Organization,
}

/// A capability's events: declared with [`events!`], which writes this impl.
pub trait DomainEvent: Serialize + DeserializeOwned + Sized {
    /// Every kind this type declares, as stored in `events.kind`.
    const KINDS: &'static [&'static str];
    /// The kinds that appear in members' activity feeds, with what their entity is.
    const FEED: &'static [(&'static str, Subject)];

    /// This event's kind.
    fn kind(&self) -> &'static str;

    /// Whether `kind` is one of this type's.
    fn owns(kind: &str) -> bool {
        Self::KINDS.contains(&kind)
    }

    /// The stored event as this type: `None` when its kind belongs to another type, an error
    /// when the kind is this type's and the payload does not decode.
    fn decode(e: &Event) -> StoreResult<Option<Self>> {
        if !Self::owns(&e.kind) {
            return Ok(None);
        }
        let tagged = serde_json::json!({ "kind": e.kind, "payload": e.payload });
        serde_json::from_value(tagged).map(Some).map_err(|err| {
            StoreError::corrupt(format!(
                "event {} ({}) does not decode: {err}",
                e.position, e.kind
            ))
        })
    }

    /// The payload as stored (the variant's fields, without the kind).
    fn payload(&self) -> StoreResult<serde_json::Value> {
        let mut tagged = serde_json::to_value(self).map_err(StoreError::corrupt)?;
        Ok(tagged
            .get_mut("payload")
            .map(serde_json::Value::take)
            .unwrap_or_else(|| serde_json::json!({})))
    }
}

impl Tx {
    /// Appends a typed event about `entity` that commits or rolls back with this transaction.
    /// Returns its position.
    pub async fn emit<E: DomainEvent>(&mut self, entity: Uuid, event: &E) -> StoreResult<i64> {
        let payload = event.payload()?;
        self.append_value(event.kind(), entity, payload).await
    }
}

/// Declares a capability's events: one enum, each variant with its stored kind, an optional
/// place in the activity feed, and its payload's fields (braces even when empty).
///
/// ```ignore
/// civiclink_store::events! {
///     /// What people do.
///     pub enum PeopleEvent {
///         /// A member changed their profile.
///         "profile.updated" feed(Member) => ProfileUpdated { handle: Handle },
///         "member.blocked" => Blocked { actor: MemberId, member: MemberId },
///     }
/// }
/// ```
#[macro_export]
macro_rules! events {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $kind:literal $(feed($subject:ident))? => $variant:ident {
                    $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "kind", content = "payload")]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $kind)]
                $variant { $( $(#[$fmeta])* $field: $ty ),* },
            )*
        }

        impl $crate::DomainEvent for $name {
            const KINDS: &'static [&'static str] = &[$($kind),*];
            const FEED: &'static [(&'static str, $crate::Subject)] =
                &[$($( ($kind, $crate::Subject::$subject), )?)*];

            fn kind(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } => $kind, )*
                }
            }
        }
    };
}
