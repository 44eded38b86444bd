//! A usage record's timeline: what changed in an organization's use of a listing, and what it
//! learned. An upgrade from one version to another, a module added, an integration built, a
//! migration from another product ("replaced Hansen with Cityworks in 2025"), each on a date and
//! with a short lesson. The organization's members keep it; every member reads it, and a
//! listing's page shows the recent changes across all municipalities, migrations away from it
//! included.

use civiclink_domain::{Actor, MemberId, OrgId, ValidationError};
use civiclink_store::{execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::Links;
use crate::usage::{DAY, Person, record_place, require_member_of};
use crate::{ListingId, Technology, TechnologyEvent, TechnologyResult};
use crate::{UsageRecordId, reviews::text_block};

civiclink_domain::typed_id!(
    /// One entry of a usage record's timeline.
    #[derive(sqlx::Type)]
    #[sqlx(transparent)]
    UsageChangeId
);

/// How many recent changes a listing's page shows.
pub const RECENT_CHANGES: usize = 12;

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// From one version to another.
    Upgrade,
    Module,
    Integration,
    /// From another product to this one.
    Migration,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Upgrade,
        ChangeKind::Module,
        ChangeKind::Integration,
        ChangeKind::Migration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Upgrade => "upgrade",
            ChangeKind::Module => "module",
            ChangeKind::Integration => "integration",
            ChangeKind::Migration => "migration",
        }
    }

    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "" => Err(ValidationError::new("kind", "required")),
            s => Self::ALL
                .into_iter()
                .find(|k| k.as_str() == s)
                .ok_or(ValidationError::new("kind", "invalid-choice")),
        }
    }
}

/// An entry as a person typed it.
#[derive(Clone, Debug, Default)]
pub struct ChangeInput<'a> {
    pub kind: &'a str,
    /// YYYY-MM-DD, not after today.
    pub happened_on: &'a str,
    pub from_version: &'a str,
    pub to_version: &'a str,
    /// The module or integration.
    pub title: &'a str,
    /// A migration: the product it replaced, by name (linked when the directory lists it).
    pub replaced: &'a str,
    pub lesson: &'a str,
}

/// An entry, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeDetails {
    pub kind: ChangeKind,
    pub happened_on: Date,
    pub from_version: String,
    pub to_version: String,
    pub title: String,
    pub replaced: String,
    pub lesson: String,
}

fn line(
    s: &str,
    field: &'static str,
    max: usize,
    key: &'static str,
) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "control-chars"));
    }
    if s.chars().count() > max {
        return Err(ValidationError::new(field, key));
    }
    Ok(s.to_owned())
}

impl ChangeDetails {
    /// Checks an entry against `today`: the date is given and not later; an upgrade names the
    /// version it reached, a module or integration its name, a migration what it replaced.
    pub fn parse(input: &ChangeInput<'_>, today: Date) -> Result<Self, ValidationError> {
        let kind = ChangeKind::parse(input.kind)?;
        let happened_on = match input.happened_on.trim() {
            "" => return Err(ValidationError::new("happened_on", "required")),
            s => Date::parse(s, DAY)
                .map_err(|_| ValidationError::new("happened_on", "date-invalid"))?,
        };
        if happened_on > today {
            return Err(ValidationError::new("happened_on", "date-in-future"));
        }
        let from_version = line(input.from_version, "from_version", 40, "version-invalid")?;
        let to_version = line(input.to_version, "to_version", 40, "version-invalid")?;
        let title = line(input.title, "title", 120, "max-120-chars")?;
        let replaced = line(input.replaced, "replaced", 120, "max-120-chars")?;
        let lesson = text_block(input.lesson, "lesson", 2000, "max-2000-chars")?;
        let needed = match kind {
            ChangeKind::Upgrade if to_version.is_empty() => Some("to_version"),
            ChangeKind::Module | ChangeKind::Integration if title.is_empty() => Some("title"),
            ChangeKind::Migration if replaced.is_empty() => Some("replaced"),
            _ => None,
        };
        if let Some(field) = needed {
            return Err(ValidationError::new(field, "required"));
        }
        Ok(Self {
            kind,
            happened_on,
            from_version,
            to_version,
            title,
            replaced,
            lesson,
        })
    }
}

/// Another listing as an entry names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ListingRef {
    pub id: ListingId,
    pub name: String,
    pub url: String,
}

/// An entry of a timeline.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UsageChange {
    pub id: UsageChangeId,
    pub record_id: UsageRecordId,
    pub listing_id: ListingId,
    pub listing_name: String,
    pub org_id: OrgId,
    pub org_name: String,
    pub kind: ChangeKind,
    #[schema(value_type = String, format = Date)]
    #[serde(with = "crate::usage::day")]
    pub happened_on: Date,
    pub from_version: String,
    pub to_version: String,
    pub title: String,
    /// A migration: what it replaced, as written, and the directory's listing of it if any.
    pub replaced: String,
    pub replaced_listing: Option<ListingRef>,
    pub lesson: String,
    pub author: Person,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The record's page, at this entry.
    pub url: String,
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    id: UsageChangeId,
    record_id: UsageRecordId,
    listing_id: ListingId,
    listing_name: String,
    org_id: OrgId,
    org_name: Option<String>,
    kind: String,
    happened_on: String,
    from_version: String,
    to_version: String,
    title: String,
    replaced: String,
    replaced_listing_id: Option<ListingId>,
    replaced_listing_name: Option<String>,
    lesson: String,
    author_id: MemberId,
    author_name: Option<String>,
    created_at: OffsetDateTime,
}

/// The columns of an entry, from `usage_changes c` joined to its record `u`, listing `l`, the
/// replaced listing `r` (published only), the organization and the author.
const CHANGE_COLUMNS: &str = "c.id, c.record_id, u.listing_id, l.name AS listing_name, u.org_id, \
     o.name AS org_name, c.kind, c.happened_on, c.from_version, c.to_version, c.title, \
     c.replaced, r.id AS replaced_listing_id, r.name AS replaced_listing_name, c.lesson, \
     c.author_id, m.display_name AS author_name, c.created_at \
     FROM usage_changes c JOIN usage_records u ON u.id = c.record_id \
     JOIN listings l ON l.id = u.listing_id \
     LEFT JOIN listings r ON r.id = c.replaced_listing_id AND r.status = 'published' \
     LEFT JOIN organization_facts o ON o.id = u.org_id \
     LEFT JOIN member_facts m ON m.id = c.author_id";

fn to_change(r: ChangeRow, links: &Links) -> UsageChange {
    UsageChange {
        url: links.change(r.record_id, r.id),
        id: r.id,
        record_id: r.record_id,
        listing_id: r.listing_id,
        listing_name: r.listing_name,
        org_id: r.org_id,
        org_name: r.org_name.unwrap_or_default(),
        kind: ChangeKind::parse(&r.kind).unwrap_or(ChangeKind::Upgrade),
        happened_on: Date::parse(&r.happened_on, DAY).unwrap_or(Date::MIN),
        from_version: r.from_version,
        to_version: r.to_version,
        title: r.title,
        replaced: r.replaced,
        replaced_listing: match (r.replaced_listing_id, r.replaced_listing_name) {
            (Some(id), Some(name)) => Some(ListingRef {
                id,
                name,
                url: links.listing(id),
            }),
            _ => None,
        },
        lesson: r.lesson,
        author: Person {
            id: r.author_id,
            name: r.author_name.unwrap_or_default(),
        },
        created_at: r.created_at,
    }
}

impl Technology {
    /// A record's timeline, newest first. Every member reads it.
    pub async fn timeline(
        &self,
        _viewer: &Actor,
        record: UsageRecordId,
    ) -> TechnologyResult<Vec<UsageChange>> {
        let sql = format!(
            "SELECT {CHANGE_COLUMNS} WHERE c.record_id = $1 AND l.status = 'published' \
             ORDER BY c.happened_on DESC, c.id DESC"
        );
        let rows: Vec<ChangeRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(record)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| to_change(r, &self.links))
            .collect())
    }

    /// The latest changes around a published listing across all municipalities: its records'
    /// upgrades, modules, integrations and migrations to it, and migrations away from it.
    pub async fn recent_changes(
        &self,
        _viewer: &Actor,
        listing: ListingId,
        limit: usize,
    ) -> TechnologyResult<Vec<UsageChange>> {
        let limit = i64::try_from(limit.clamp(1, 100)).unwrap_or(12);
        let sql = format!(
            "SELECT * FROM (SELECT {CHANGE_COLUMNS} WHERE u.listing_id = $1 \
             AND l.status = 'published' \
             UNION ALL SELECT {CHANGE_COLUMNS} WHERE c.replaced_listing_id = $1 \
             AND l.status = 'published') x \
             ORDER BY happened_on DESC, id DESC LIMIT $2"
        );
        let rows: Vec<ChangeRow> = on_db!(self.db, p => sqlx::query_as(&sql)
            .bind(listing)
            .bind(limit)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| to_change(r, &self.links))
            .collect())
    }

    /// Adds an entry to a record's timeline: its organization's members (and site
    /// administrators) only. A migration from a product the directory lists links to it; an
    /// upgrade that is the record's latest sets the record's version.
    pub async fn add_change(
        &self,
        actor: &Actor,
        record: UsageRecordId,
        d: &ChangeDetails,
    ) -> TechnologyResult<UsageChangeId> {
        let mut tx = self.db.begin().await?;
        let (listing, org) = record_place(&mut tx, record).await?;
        require_member_of(&mut tx, actor, org).await?;
        let replaced = if d.kind == ChangeKind::Migration {
            let key = civiclink_domain::text::search_key(&d.replaced);
            let found: Option<ListingId> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM listings WHERE name_key = $1 AND status = 'published'",
            )
            .bind(&key)
            .fetch_optional(&mut *c)
            .await)?;
            if found == Some(listing) {
                return Err(ValidationError::new("replaced", "replaced-itself").into());
            }
            found
        } else {
            None
        };
        let id = UsageChangeId::new();
        let t = civiclink_store::now();
        execute!(tx, sqlx::query(
            "INSERT INTO usage_changes (id, record_id, kind, happened_on, from_version, to_version, \
             title, replaced, replaced_listing_id, lesson, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(record)
        .bind(d.kind.as_str())
        .bind(d.happened_on.to_string())
        .bind(&d.from_version)
        .bind(&d.to_version)
        .bind(&d.title)
        .bind(&d.replaced)
        .bind(replaced)
        .bind(&d.lesson)
        .bind(actor.id)
        .bind(t))?;
        if d.kind == ChangeKind::Upgrade {
            // The record's version follows its latest upgrade (by date, then by entry).
            let later: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT 1 FROM usage_changes WHERE record_id = $1 AND kind = 'upgrade' \
                 AND (happened_on > $2 OR (happened_on = $2 AND id > $3)) LIMIT 1",
            )
            .bind(record)
            .bind(d.happened_on.to_string())
            .bind(id)
            .fetch_optional(&mut *c)
            .await)?;
            if later.is_none() {
                execute!(
                    tx,
                    sqlx::query(
                        "UPDATE usage_records SET version = $2, updated_at = $3 WHERE id = $1",
                    )
                    .bind(record)
                    .bind(&d.to_version)
                    .bind(t)
                )?;
            }
        }
        tx.emit(
            listing.as_uuid(),
            &TechnologyEvent::UsageChanged {
                change: id,
                record,
                listing,
                org,
                kind: d.kind.as_str().to_owned(),
                by: actor.id,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Whether `id` is a record of a published listing (for pages that show one).
    pub async fn record_exists(&self, id: UsageRecordId) -> TechnologyResult<bool> {
        let found: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM usage_records u JOIN listings l ON l.id = u.listing_id \
             WHERE u.id = $1 AND l.status = 'published'",
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        Ok(found.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_calendar_date(2026, time::Month::December, 7).unwrap_or(Date::MIN)
    }

    fn input<'a>() -> ChangeInput<'a> {
        ChangeInput {
            kind: "upgrade",
            happened_on: "2025-10-04",
            from_version: "10.9.1",
            to_version: "11.3",
            lesson: "Test the parcel fabric on a copy first.",
            ..ChangeInput::default()
        }
    }

    #[test]
    fn an_upgrade_parses() {
        let d = ChangeDetails::parse(&input(), today()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (d.kind, d.to_version.as_str()),
            (ChangeKind::Upgrade, "11.3")
        );
    }

    #[test]
    fn each_kind_needs_its_own_field() {
        let field = |i: ChangeInput<'_>| {
            ChangeDetails::parse(&i, today())
                .err()
                .map(|e| (e.field, e.message))
        };
        assert_eq!(
            field(ChangeInput {
                to_version: "",
                ..input()
            }),
            Some(("to_version", "required"))
        );
        assert_eq!(
            field(ChangeInput {
                kind: "module",
                ..input()
            }),
            Some(("title", "required"))
        );
        assert_eq!(
            field(ChangeInput {
                kind: "migration",
                ..input()
            }),
            Some(("replaced", "required"))
        );
        assert_eq!(
            field(ChangeInput {
                kind: "rewrite",
                ..input()
            }),
            Some(("kind", "invalid-choice"))
        );
        assert_eq!(
            field(ChangeInput {
                happened_on: "2027-01-01",
                ..input()
            }),
            Some(("happened_on", "date-in-future"))
        );
        assert_eq!(
            field(ChangeInput {
                happened_on: "",
                ..input()
            }),
            Some(("happened_on", "required"))
        );
    }
}
