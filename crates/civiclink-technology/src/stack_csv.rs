//! An organization's stack as CSV: exported as its members see it, and imported with a preview,
//! every line checked with errors that name the line and column, and nothing written unless
//! every line is right (one transaction). A line names its listing by name, as the directory
//! spells it (case and accents aside); it creates the organization's record of that listing or
//! changes the one it has. `confirmed_on` carries when the spreadsheet's owner last confirmed it
//! (today when empty, never later).

use civiclink_domain::{Actor, OrgId, ValidationError};
use civiclink_store::{Tx, execute, on_tx, sqlx};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

use crate::usage::{DAY, require_member_of, write_details};
use crate::{
    ListingId, Technology, TechnologyError, TechnologyEvent, TechnologyResult, UsageDetails,
    UsageInput, UsageRecordId,
};

/// The columns of a stack file, in order. `listing` is required; the others may be empty.
pub const STACK_COLUMNS: [&str; 15] = [
    "listing",
    "status",
    "version",
    "since",
    "support_ends",
    "users",
    "users_visibility",
    "notes",
    "procurement_route",
    "cooperative",
    "contract_reference",
    "contract_ends",
    "open_to_others",
    "contract_visibility",
    "confirmed_on",
];

/// The messages of a refused file that are about the file or a line rather than a field's
/// value; the catalogs word each as `validation-<key>`.
pub const CSV_KEYS: &[&str] = &[
    "csv-unreadable",
    "csv-not-utf8",
    "csv-unknown-column",
    "csv-no-listing-column",
    "csv-too-many-lines",
    "csv-line-unreadable",
    "csv-empty",
    "csv-unknown-listing",
    "csv-listing-twice",
];

/// The most lines one import takes.
pub const IMPORT_MAX_LINES: usize = 2000;

/// A problem with one line of a stack file: its number (the header is line 1), the column and
/// the catalog key of the message (`validation-<key>`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LineError {
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// What a checked line does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineAction {
    /// A record of this listing is added.
    Create,
    /// The organization's record of this listing is replaced by the line.
    Update,
}

/// One checked line, as the preview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct LinePlan {
    pub line: u64,
    pub listing_id: ListingId,
    pub listing_name: String,
    pub action: LineAction,
}

/// What an import did, or would do (a preview writes nothing).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ImportReport {
    pub applied: bool,
    pub created: usize,
    pub updated: usize,
    pub lines: Vec<LinePlan>,
}

/// Why an import was refused: every line's problems, or the file's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportErrors(pub Vec<LineError>);

/// A line read, before the database is asked.
struct Parsed {
    line: u64,
    listing: String,
    details: UsageDetails,
    confirmed_on: Option<Date>,
}

fn line_error(line: u64, e: &ValidationError) -> LineError {
    LineError {
        line,
        column: e.field.to_owned(),
        message: e.message.to_owned(),
    }
}

/// Reads a stack file: a header naming [`STACK_COLUMNS`] (in any order; unknown columns are an
/// error), then one line per listing. Every line is checked; all the problems are returned.
fn parse(csv_text: &str, today: Date) -> Result<Vec<Parsed>, ImportErrors> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let file_error = |message: &str, column: &str| {
        ImportErrors(vec![LineError {
            line: 1,
            column: column.to_owned(),
            message: message.to_owned(),
        }])
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(_) => return Err(file_error("csv-unreadable", "")),
    };
    if let Some(unknown) = header.iter().find(|c| !STACK_COLUMNS.contains(&c.as_str())) {
        return Err(file_error("csv-unknown-column", unknown));
    }
    if !header.iter().any(|c| c == "listing") {
        return Err(file_error("csv-no-listing-column", "listing"));
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(2);
        if out.len() + errors.len() >= IMPORT_MAX_LINES {
            errors.push(LineError {
                line,
                column: String::new(),
                message: "csv-too-many-lines".to_owned(),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                errors.push(LineError {
                    line,
                    column: String::new(),
                    message: "csv-line-unreadable".to_owned(),
                });
                continue;
            }
        };
        let get = |name: &str| -> &str {
            uncell(
                header
                    .iter()
                    .position(|c| c == name)
                    .and_then(|i| record.get(i))
                    .unwrap_or(""),
            )
        };
        let listing = get("listing").to_owned();
        if listing.is_empty() {
            errors.push(line_error(
                line,
                &ValidationError::new("listing", "required"),
            ));
            continue;
        }
        let open = match get("open_to_others").to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "0" => false,
            "yes" | "true" | "1" => true,
            _ => {
                errors.push(line_error(
                    line,
                    &ValidationError::new("open_to_others", "invalid-choice"),
                ));
                continue;
            }
        };
        let status = match get("status") {
            "" => "production",
            s => s,
        };
        let details = UsageDetails::parse(&UsageInput {
            functions: &[],
            status,
            version: get("version"),
            since: get("since"),
            support_ends: get("support_ends"),
            users: get("users"),
            users_visibility: get("users_visibility"),
            contact_id: "",
            notes: get("notes"),
            procurement_route: get("procurement_route"),
            cooperative: get("cooperative"),
            contract_reference: get("contract_reference"),
            contract_ends: get("contract_ends"),
            open_to_others: open,
            contract_visibility: get("contract_visibility"),
        });
        let confirmed_on = match get("confirmed_on") {
            "" => Ok(None),
            s => match Date::parse(s, DAY) {
                Ok(d) if d > today => Err(ValidationError::new("confirmed_on", "date-in-future")),
                Ok(d) => Ok(Some(d)),
                Err(_) => Err(ValidationError::new("confirmed_on", "date-invalid")),
            },
        };
        match (details, confirmed_on) {
            (Ok(details), Ok(confirmed_on)) => out.push(Parsed {
                line,
                listing,
                details,
                confirmed_on,
            }),
            (Err(e), _) | (_, Err(e)) => errors.push(line_error(line, &e)),
        }
    }
    if out.is_empty() && errors.is_empty() {
        return Err(file_error("csv-empty", ""));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ImportErrors(errors))
    }
}

/// A cell as a member typed it: the quote [`cell`] put before a formula-looking start is taken
/// off again.
fn uncell(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// A cell as CSV writes it: a formula-looking start is quoted away, so that a spreadsheet
/// opening the file runs nothing a member typed.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

impl Technology {
    /// The organization's stack as CSV, as `viewer` may see it (the number of users and the
    /// contract only where they may). Re-imported as it is by its members, it changes nothing
    /// but the contacts it does not name, which records keep, and confirmation dates.
    pub async fn stack_csv(&self, viewer: &Actor, org: OrgId) -> TechnologyResult<String> {
        let records = self.stack(viewer, org).await?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| TechnologyError::Export(e.to_string());
        w.write_record(STACK_COLUMNS).map_err(io)?;
        for r in &records {
            let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
            let p = r.procurement.as_ref();
            let row = [
                cell(&r.listing_name),
                r.status.as_str().to_owned(),
                cell(&r.version),
                day(r.since),
                day(r.support_ends),
                r.users.map(|n| n.to_string()).unwrap_or_default(),
                r.users_visibility.as_str().to_owned(),
                cell(&r.notes),
                p.and_then(|p| p.route)
                    .map(|x| x.as_str().to_owned())
                    .unwrap_or_default(),
                p.map(|p| cell(&p.cooperative)).unwrap_or_default(),
                p.map(|p| cell(&p.contract_reference)).unwrap_or_default(),
                day(p.and_then(|p| p.contract_ends)),
                if p.is_some_and(|p| p.open_to_others) {
                    "yes".to_owned()
                } else {
                    "no".to_owned()
                },
                p.map(|p| p.visibility.as_str().to_owned())
                    .unwrap_or_default(),
                r.confirmed_at.date().to_string(),
            ];
            w.write_record(&row).map_err(io)?;
        }
        let bytes = w.into_inner().map_err(|e| io(e.into_error().into()))?;
        String::from_utf8(bytes).map_err(|e| TechnologyError::Export(e.to_string()))
    }

    /// Imports a stack file for `org`: its members (and site administrators) only. Every line
    /// is checked first; with any problem, nothing is written and every problem is returned.
    /// `apply: false` is the preview: the same checks and plan, then nothing is kept. A record
    /// the organization already has is replaced by its line (its contact stays); `progress` is
    /// told of each line applied.
    pub async fn import_stack(
        &self,
        actor: &Actor,
        org: OrgId,
        csv_text: &str,
        apply: bool,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> TechnologyResult<Result<ImportReport, ImportErrors>> {
        let today = civiclink_store::now().date();
        let mut tx = self.db.begin().await?;
        require_member_of(&mut tx, actor, org).await?;
        let lines = match parse(csv_text, today) {
            Ok(lines) => lines,
            Err(errors) => return Ok(Err(errors)),
        };
        // Each listing by name, and what the organization has of it.
        let mut plans = Vec::with_capacity(lines.len());
        let mut errors = Vec::new();
        let mut seen: Vec<ListingId> = Vec::new();
        for l in &lines {
            let key = civiclink_domain::text::search_key(&l.listing);
            let found: Option<(ListingId, String)> = on_tx!(tx, c => sqlx::query_as(
                "SELECT id, name FROM listings WHERE name_key = $1 AND status = 'published'",
            )
            .bind(&key)
            .fetch_optional(&mut *c)
            .await)?;
            let Some((listing, name)) = found else {
                errors.push(LineError {
                    line: l.line,
                    column: "listing".to_owned(),
                    message: "csv-unknown-listing".to_owned(),
                });
                continue;
            };
            if seen.contains(&listing) {
                errors.push(LineError {
                    line: l.line,
                    column: "listing".to_owned(),
                    message: "csv-listing-twice".to_owned(),
                });
                continue;
            }
            seen.push(listing);
            let existing: Option<UsageRecordId> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM usage_records WHERE listing_id = $1 AND org_id = $2",
            )
            .bind(listing)
            .bind(org)
            .fetch_optional(&mut *c)
            .await)?;
            plans.push((l, listing, name, existing));
        }
        if !errors.is_empty() {
            return Ok(Err(ImportErrors(errors)));
        }
        let mut report = ImportReport {
            applied: apply,
            created: 0,
            updated: 0,
            lines: Vec::with_capacity(plans.len()),
        };
        let total = plans.len();
        for (i, (l, listing, name, existing)) in plans.into_iter().enumerate() {
            let action = if existing.is_some() {
                report.updated += 1;
                LineAction::Update
            } else {
                report.created += 1;
                LineAction::Create
            };
            report.lines.push(LinePlan {
                line: l.line,
                listing_id: listing,
                listing_name: name,
                action,
            });
            if apply {
                let confirmed = l
                    .confirmed_on
                    .map(|d| d.midnight().assume_utc())
                    .unwrap_or_else(civiclink_store::now);
                import_line(
                    &mut tx, actor, org, listing, existing, &l.details, confirmed,
                )
                .await?;
                progress(i + 1, total);
            }
        }
        if apply {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(Ok(report))
    }
}

/// Writes one imported line: a new record, or the organization's record replaced (its contact
/// kept), confirmed when the line says.
async fn import_line(
    tx: &mut Tx,
    actor: &Actor,
    org: OrgId,
    listing: ListingId,
    existing: Option<UsageRecordId>,
    details: &UsageDetails,
    confirmed: OffsetDateTime,
) -> TechnologyResult<()> {
    let id =
        match existing {
            Some(id) => id,
            None => {
                let id = UsageRecordId::new();
                let t = civiclink_store::now();
                execute!(tx, sqlx::query(
                "INSERT INTO usage_records (id, listing_id, org_id, status, version, since, \
                 support_ends, users, users_visibility, contact_id, notes, procurement_route, \
                 cooperative, contract_reference, contract_ends, open_to_others, \
                 contract_visibility, confirmed_at, confirmed_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, '', NULL, NULL, NULL, 'members', NULL, '', '', '', '', \
                 NULL, FALSE, 'members', $5, $6, $7, $7)",
            )
            .bind(id)
            .bind(listing)
            .bind(org)
            .bind(details.status.as_str())
            .bind(confirmed)
            .bind(actor.id)
            .bind(t))?;
                id
            }
        };
    let mut details = details.clone();
    if existing.is_some() {
        // A stack file names no contact: the record keeps its own.
        let contact: Option<Option<civiclink_domain::MemberId>> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT contact_id FROM usage_records WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        details.contact_id = contact.flatten();
    }
    write_details(tx, id, listing, org, &details).await?;
    execute!(
        tx,
        sqlx::query("UPDATE usage_records SET confirmed_at = $2, confirmed_by = $3 WHERE id = $1")
            .bind(id)
            .bind(confirmed)
            .bind(actor.id)
    )?;
    let event = if existing.is_some() {
        TechnologyEvent::UsageUpdated {
            record: id,
            listing,
            org,
            status: details.status.as_str().to_owned(),
            by: actor.id,
        }
    } else {
        TechnologyEvent::UsageRecorded {
            record: id,
            listing,
            org,
            status: details.status.as_str().to_owned(),
            by: actor.id,
        }
    };
    tx.emit(listing.as_uuid(), &event).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::from_calendar_date(2026, time::Month::December, 7).unwrap_or(Date::MIN)
    }

    #[test]
    fn a_good_file_parses() {
        let lines = parse(
            "listing,status,version,since,users,open_to_others,confirmed_on\n\
             ArcGIS Enterprise,production,11.3,2019-04-01,\"1,250\",yes,2025-01-15\n\
             QGIS,,,,,,\n",
            today(),
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].details.users, Some(1250));
        assert!(lines[0].details.procurement.open_to_others);
        assert_eq!(lines[1].details.status.as_str(), "production");
    }

    #[test]
    fn every_bad_line_is_named_with_its_column() {
        let errors = parse(
            "listing,status,since,confirmed_on\n\
             ArcGIS Enterprise,using,,\n\
             QGIS,production,2019-13-01,\n\
             ,production,,\n\
             Laserfiche,production,,2030-01-01\n",
            today(),
        )
        .err()
        .map(|e| e.0)
        .unwrap_or_default();
        let named: Vec<(u64, &str, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                (2, "status", "invalid-choice"),
                (3, "since", "date-invalid"),
                (4, "listing", "required"),
                (5, "confirmed_on", "date-in-future"),
            ]
        );
    }

    #[test]
    fn the_file_itself_is_checked() {
        let first = |text: &str| parse(text, today()).err().map(|e| e.0[0].message.clone());
        assert_eq!(
            first("name,status\nQGIS,production\n").as_deref(),
            Some("csv-unknown-column")
        );
        assert_eq!(
            first("status\nproduction\n").as_deref(),
            Some("csv-no-listing-column")
        );
        assert_eq!(first("listing\n").as_deref(), Some("csv-empty"));
        assert_eq!(
            first("listing,status\nQGIS,production,extra\n").as_deref(),
            Some("csv-line-unreadable")
        );
    }

    #[test]
    fn formulas_are_defused_on_export_and_restored_on_import() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("11.3"), "11.3");
        assert_eq!(uncell(&cell("- the first point")), "- the first point");
        assert_eq!(uncell("'quoted"), "'quoted");
    }
}
