/// Declares a typed id: a UUID v7 that only means one kind of thing, serialized as its text.
/// Capability crates declare their own ids with it, adding the sqlx derive they need:
///
/// ```ignore
/// civiclink_domain::typed_id!(
///     /// A listing of the technology directory.
///     #[derive(sqlx::Type)]
///     #[sqlx(transparent)]
///     ListingId
/// );
/// ```
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            $crate::__id::Serialize, $crate::__id::Deserialize, utoipa::ToSchema,
        )]
        $(#[$meta])*
        #[serde(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name($crate::__id::Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUID v7), so that inserts stay index-friendly.
            pub fn new() -> Self {
                Self($crate::__id::Uuid::now_v7())
            }

            pub const fn from_uuid(id: $crate::__id::Uuid) -> Self {
                Self(id)
            }

            pub const fn as_uuid(&self) -> $crate::__id::Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::__id::uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $crate::__id::Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// An association of municipalities, such as MISA Ontario or ALGIM.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    AssociationId
);
typed_id!(
    /// A municipality, vendor or partner organization.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    OrgId
);
typed_id!(
    /// A member account.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    MemberId
);
typed_id!(
    /// An invitation link made by an administrator.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    InviteId
);
typed_id!(
    /// A request to join that waits for an administrator's decision.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    JoinRequestId
);
typed_id!(
    /// A member's claim to work for an organization, decided by its administrators.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    ClaimId
);
typed_id!(
    /// A personal access token a member made for a script or an integration.
    #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
    ApiTokenId
);
