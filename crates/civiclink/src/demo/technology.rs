//! The technology directory's demo data: the business functions and listings of
//! `data/technologies.csv`, published by the site administrator, and what moderation looks
//! like: a member's proposal and a member's edit waiting for review, and a listing whose history
//! holds an edit and the restore of its first revision. Idempotent: listings are found by name
//! and the moderation examples are made only on their first run.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::Context;
use civiclink_domain::Role;
use civiclink_technology::{ContentInput, ListingContent, Technology};
use serde::Deserialize;

use super::DemoWorld;

/// The embedded list of real products and services municipalities use.
const TECHNOLOGIES_CSV: &str = include_str!("../../data/technologies.csv");

/// One row of `data/technologies.csv`.
#[derive(Clone, Debug, Deserialize)]
struct Row {
    name: String,
    vendor: String,
    kind: String,
    business_function: String,
}

/// What the technology directory's demo loader did.
#[derive(Clone, Debug)]
pub struct TechnologyDemo {
    pub functions_created: usize,
    pub listings_created: usize,
    /// Proposals, edits and restores made to show moderation.
    pub revisions_created: usize,
    /// Usage records: who uses what.
    pub usage_created: usize,
    /// Reviews, with helpful votes, a vendor's response and a report waiting for moderators.
    pub reviews_created: usize,
}

impl fmt::Display for TechnologyDemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Technology directory: {} business functions and {} listings added, {} revisions to show moderation, {} usage records, {} reviews.",
            self.functions_created,
            self.listings_created,
            self.revisions_created,
            self.usage_created,
            self.reviews_created
        )
    }
}

fn rows() -> anyhow::Result<Vec<Row>> {
    csv::Reader::from_reader(TECHNOLOGIES_CSV.as_bytes())
        .deserialize::<Row>()
        .collect::<Result<_, _>>()
        .context("the embedded technology list does not parse")
}

/// The kind the directory gives a row: open-source projects are named so by their vendor.
fn kind_of(row: &Row) -> &str {
    if row.vendor.contains("open source") {
        "open_source"
    } else {
        row.kind.as_str()
    }
}

pub(super) async fn load(
    technology: &Technology,
    world: &DemoWorld,
    seed: u64,
) -> anyhow::Result<TechnologyDemo> {
    let rows = rows()?;
    let admin = &world.site_admin;

    // The taxonomy, as the list names it.
    let mut functions_created = 0;
    let mut function_ids = BTreeMap::new();
    for name in rows.iter().map(|r| r.business_function.as_str()) {
        if function_ids.contains_key(name) {
            continue;
        }
        let existing = technology.functions().await?.into_iter().find(|f| {
            civiclink_domain::text::search_key(&f.name) == civiclink_domain::text::search_key(name)
        });
        let id = match existing {
            Some(f) => f.id,
            None => {
                functions_created += 1;
                technology
                    .add_function(admin, name)
                    .await
                    .with_context(|| format!("demo business function {name:?}"))?
                    .id
            }
        };
        function_ids.insert(name.to_owned(), id);
    }

    // Each listing, published by the site administrator, which a moderator's proposal is.
    let mut listings_created = 0;
    for row in &rows {
        if technology.listing_named(&row.name).await?.is_some() {
            continue;
        }
        let vendor_org = world
            .vendors
            .iter()
            .find(|(v, _)| *v == row.vendor)
            .map(|(_, id)| id.to_string())
            .unwrap_or_default();
        let functions = [function_ids
            .get(&row.business_function)
            .map(ToString::to_string)
            .context("a function of the list is missing")?];
        let hosting = match row.kind.as_str() {
            "service" => vec!["saas".to_owned()],
            "hardware" => vec!["on_premises".to_owned()],
            _ => vec!["on_premises".to_owned(), "vendor_cloud".to_owned()],
        };
        let content = ListingContent::parse(&ContentInput {
            name: &row.name,
            vendor_name: &row.vendor,
            vendor_org_id: &vendor_org,
            kind: kind_of(row),
            website: "",
            description: "",
            hosting: &hosting,
            versions: "",
            functions: &functions,
        })
        .with_context(|| format!("demo listing {:?}", row.name))?;
        technology
            .propose(
                admin,
                &content,
                "Added from the association's technology survey.",
                true,
            )
            .await
            .with_context(|| format!("publishing demo listing {:?}", row.name))?;
        listings_created += 1;
    }

    let revisions_created = if listings_created > 0 {
        moderation(technology, world, &function_ids).await?
    } else {
        0
    };
    let (usage_created, reviews) = usage(technology, world, &rows, seed).await?;
    let reviews_created = reviews.len();
    if !reviews.is_empty() {
        feedback(technology, world, &reviews).await?;
        stale(technology, world, &rows).await?;
    }
    Ok(TechnologyDemo {
        functions_created,
        listings_created,
        revisions_created,
        usage_created,
        reviews_created,
    })
}

/// Who uses what: each organization with members runs one listing of most business functions,
/// drawn from the seed alone, recorded by one of its members with a colleague as the contact.
/// Nearly everyone runs Microsoft 365; cooperative contracts are open to others; support ends
/// are spread over the years around now, so the next twelve months hold renewals. About one
/// record in three brings a review by its contact, whose scores lean on how it stands there.
/// Returns the records made and the reviews written (with their author), on this run only.
async fn usage(
    technology: &Technology,
    world: &DemoWorld,
    rows: &[Row],
    seed: u64,
) -> anyhow::Result<(
    usize,
    Vec<(civiclink_technology::ReviewId, civiclink_domain::MemberId)>,
)> {
    use rand::{Rng, SeedableRng};

    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x7EC4_0000_0000_0001);
    let mut by_function: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_function
            .entry(r.business_function.as_str())
            .or_default()
            .push(r);
    }
    let mut orgs: Vec<civiclink_domain::OrgId> = Vec::new();
    for m in &world.members {
        if let Some(o) = m.org_id
            && !orgs.contains(&o)
            && !world.vendors.iter().any(|(_, v)| *v == o)
        {
            orgs.push(o);
        }
    }
    let today = time::OffsetDateTime::now_utc().date();
    let statuses = [
        "production",
        "production",
        "production",
        "piloting",
        "evaluating",
        "retiring",
    ];
    let routes = [
        "cooperative",
        "rfp",
        "rfp",
        "sole_source",
        "all_of_government",
        "syndicated",
        "",
    ];
    let mut created = 0;
    let mut written = Vec::new();
    for org in orgs {
        let staff: Vec<&super::DemoMember> = world
            .members
            .iter()
            .filter(|m| m.org_id == Some(org) && m.role != Role::SiteAdmin)
            .collect();
        let Some(recorder) = staff.first() else {
            continue;
        };
        for (function, candidates) in &by_function {
            // Draw for every function, recorded or not, so the sequence never depends on what
            // the database holds.
            let pick = candidates[rng.random_range(0..candidates.len())];
            let runs = if *function == "Productivity and collaboration" {
                rng.random_ratio(9, 10)
            } else {
                rng.random_ratio(1, 2)
            };
            let status = statuses[rng.random_range(0..statuses.len())];
            let since_year = rng.random_range(2012..=2025);
            let ends_in_days = rng.random_range(-200..=1400);
            let users = rng.random_range(5..=2500).to_string();
            let route = routes[rng.random_range(0..routes.len())];
            let contact = staff[rng.random_range(0..staff.len())];
            let private_users = rng.random_ratio(1, 4);
            let reviews = rng.random_ratio(1, 3);
            let lean: i32 = match status {
                "retiring" => -2,
                "evaluating" | "piloting" => 0,
                _ => 1,
            };
            let overall = (3 + lean + rng.random_range(-1..=1)).clamp(1, 5);
            let ease = (overall + rng.random_range(-1..=1)).clamp(1, 5);
            let support = (overall + rng.random_range(-2..=1)).clamp(1, 5);
            let value = (overall + rng.random_range(-1..=1)).clamp(1, 5);
            let text = rng.random_range(0..REVIEW_TEXTS.len());
            let upgraded = rng.random_ratio(1, 3);
            let major = rng.random_range(8..=12);
            let upgraded_days_ago = rng.random_range(20..=700);
            let lesson = rng.random_range(0..LESSONS.len());
            if !runs {
                continue;
            }
            let Some(listing) = technology.listing_named(&pick.name).await? else {
                continue;
            };
            let since = format!("{since_year}-0{}-01", rng.random_range(1..=9));
            let ends = (today + time::Duration::days(ends_in_days)).to_string();
            let details =
                civiclink_technology::UsageDetails::parse(&civiclink_technology::UsageInput {
                    functions: &[],
                    status,
                    version: "",
                    since: &since,
                    support_ends: &ends,
                    users: &users,
                    users_visibility: if private_users {
                        "organization"
                    } else {
                        "members"
                    },
                    contact_id: &contact.id.to_string(),
                    notes: "",
                    procurement_route: route,
                    cooperative: if route == "cooperative" { "OECM" } else { "" },
                    contract_reference: "",
                    contract_ends: &ends,
                    open_to_others: route == "cooperative",
                    contract_visibility: "members",
                })
                .with_context(|| format!("demo usage of {:?}", pick.name))?;
            match technology
                .record_usage(&recorder.actor(), listing, org, &details)
                .await
            {
                Ok(record) => {
                    created += 1;
                    let when = (today - time::Duration::days(upgraded_days_ago)).to_string();
                    let (from, to) = (format!("{}.0", major - 1), format!("{major}.1"));
                    let change = if pick.name == "Cityworks" {
                        Some(civiclink_technology::ChangeInput {
                            kind: "migration",
                            happened_on: &when,
                            replaced: if upgraded {
                                "Infor Public Sector"
                            } else {
                                "Hansen"
                            },
                            lesson: "Map the old work order types before moving any data; we found forty that nobody used.",
                            ..Default::default()
                        })
                    } else if upgraded && status == "production" {
                        Some(civiclink_technology::ChangeInput {
                            kind: "upgrade",
                            happened_on: &when,
                            from_version: &from,
                            to_version: &to,
                            lesson: LESSONS[lesson],
                            ..Default::default()
                        })
                    } else {
                        None
                    };
                    if let Some(input) = change {
                        let d = civiclink_technology::ChangeDetails::parse(&input, today)
                            .with_context(|| format!("demo change of {:?}", pick.name))?;
                        technology
                            .add_change(&recorder.actor(), record, &d)
                            .await
                            .with_context(|| format!("demo change of {:?}", pick.name))?;
                    }
                    if reviews {
                        let (pros, cons) = REVIEW_TEXTS[text];
                        let scores = civiclink_technology::ReviewScores {
                            overall,
                            ease: Some(ease),
                            support: Some(support),
                            value: Some(value),
                            recommend: overall >= 4,
                            pros: pros.replace("{name}", &pick.name),
                            cons: cons.to_owned(),
                        };
                        let id = technology
                            .write_review(&contact.actor(), listing, &scores)
                            .await
                            .with_context(|| format!("demo review of {:?}", pick.name))?;
                        written.push((id, contact.id));
                    }
                }
                // Recorded by an earlier run.
                Err(civiclink_technology::TechnologyError::Conflict(_)) => {}
                Err(e) => return Err(e).with_context(|| format!("demo usage of {:?}", pick.name)),
            }
        }
    }
    Ok((created, written))
}

/// Records nobody has confirmed for a long time, as a stack file from an old spreadsheet
/// brings them: three listings the demo member's organization did not record yet, imported
/// with the date they were last confirmed, so its stack shows stale records to confirm.
async fn stale(technology: &Technology, world: &DemoWorld, rows: &[Row]) -> anyhow::Result<()> {
    let member = world
        .members
        .iter()
        .find(|m| m.email == "member@civiclink.demo")
        .context("the demo member is missing")?;
    let org = member
        .org_id
        .context("the demo member has no organization")?;
    let actor = member.actor();
    let have: Vec<String> = technology
        .stack(&actor, org)
        .await?
        .into_iter()
        .map(|r| r.listing_name)
        .collect();
    let confirmed =
        (time::OffsetDateTime::now_utc().date() - time::Duration::days(500)).to_string();
    let mut csv = String::from("listing,status,version,confirmed_on\n");
    for row in rows.iter().filter(|r| !have.contains(&r.name)).take(3) {
        csv.push_str(&format!("\"{}\",production,,{confirmed}\n", row.name));
    }
    match technology
        .import_stack(&actor, org, &csv, true, &|_, _| {})
        .await?
    {
        Ok(_) => Ok(()),
        Err(errors) => anyhow::bail!("the demo's stale records do not import: {:?}", errors.0),
    }
}

/// What upgrades taught.
const LESSONS: [&str; 4] = [
    "Clone production to a test server first; two custom reports broke.",
    "Schedule it outside the tax billing cycle.",
    "The vendor's upgrade assistant saved a week. Ask for it.",
    "",
];

/// What reviewers write: pros (`{name}` is the listing) and cons.
const REVIEW_TEXTS: [(&str, &str); 6] = [
    (
        "{name} does what we bought it for, and staff picked it up quickly.",
        "Licensing changes every renewal; budget time to read the new terms.",
    ),
    (
        "Stable in production. The user community answers questions faster than support does.",
        "Support tickets wait days unless you call your account manager.",
    ),
    (
        "Integrates with our ERP and GIS without custom code.",
        "Upgrades need a weekend of downtime and a test environment we had to buy.",
    ),
    (
        "Good value through the cooperative contract; training was included.",
        "",
    ),
    (
        "",
        "Hard to configure without the vendor's professional services, and those are expensive for a small town.",
    ),
    (
        "Reporting is strong once the data model is understood.",
        "The mobile app lags behind the desktop version.",
    ),
];

/// What readers do with reviews, made on the run that wrote them: colleagues of other
/// organizations find some helpful, the vendor's member responds to a review of one of its
/// listings, and a member reports one to the moderators.
async fn feedback(
    technology: &Technology,
    world: &DemoWorld,
    reviews: &[(civiclink_technology::ReviewId, civiclink_domain::MemberId)],
) -> anyhow::Result<()> {
    let readers: Vec<&super::DemoMember> = world
        .members
        .iter()
        .filter(|m| m.org_id.is_some() && m.role != Role::SiteAdmin)
        .take(12)
        .collect();
    for (i, (review, author)) in reviews.iter().enumerate() {
        for reader in readers.iter().skip(i % 5).step_by(3) {
            if reader.id != *author {
                technology
                    .vote_helpful(&reader.actor(), *review, true)
                    .await
                    .context("demo helpful vote")?;
            }
        }
    }
    let member = world
        .members
        .iter()
        .find(|m| m.email == "member@civiclink.demo")
        .context("the demo member is missing")?
        .actor();
    if let Some(vendor) = world
        .members
        .iter()
        .find(|m| m.email == "vendor@civiclink.demo")
    {
        for (review, _) in reviews {
            let r = technology.review(&vendor.actor(), *review).await?;
            if technology
                .responds_for(&vendor.actor(), r.listing_id)
                .await?
            {
                technology
                    .respond(
                        &vendor.actor(),
                        *review,
                        "Thank you for the detailed review. Our customer success team will contact you about the upgrade path and the training we include with the cooperative contract.",
                    )
                    .await
                    .context("demo vendor response")?;
                break;
            }
        }
    }
    if let Some((review, _)) = reviews.iter().find(|(_, author)| *author != member.id) {
        technology
            .report_review(
                &member,
                *review,
                civiclink_technology::ReportReason::OffTopic,
                "This reads like a review of the previous product, not this one.",
            )
            .await
            .context("demo report")?;
    }
    Ok(())
}

/// What moderators find on the review queue and in a history: made once, on the run that
/// published the listings.
async fn moderation(
    technology: &Technology,
    world: &DemoWorld,
    functions: &BTreeMap<String, civiclink_technology::BusinessFunctionId>,
) -> anyhow::Result<usize> {
    let member = world
        .members
        .iter()
        .find(|m| m.email == "member@civiclink.demo")
        .context("the demo member is missing")?
        .actor();
    let moderator = world
        .members
        .iter()
        .find(|m| m.role == Role::Moderator)
        .context("the demo has no moderator")?
        .actor();
    let mut made = 0;

    // A member proposes a product the list lacks.
    let gis = functions
        .get("GIS and mapping")
        .map(ToString::to_string)
        .context("GIS and mapping is missing")?;
    let proposal = ListingContent::parse(&ContentInput {
        name: "Cartegraph OMS",
        vendor_name: "Cartegraph",
        vendor_org_id: "",
        kind: "software",
        website: "https://www.cartegraph.com",
        description: "Operations management for public works: assets, work orders and resources.",
        hosting: &["saas".to_owned()],
        versions: "",
        functions: std::slice::from_ref(&gis),
    })?;
    technology
        .propose(&member, &proposal, "We evaluated it last spring.", true)
        .await?;
    made += 1;

    // A moderator improves a listing, then restores its first revision; a member suggests an
    // edit that waits.
    if let Some(id) = technology.listing_named("ArcGIS Enterprise").await? {
        let listing = technology.listing(&moderator, id).await?;
        let mut content = listing.content.clone();
        content.versions = vec!["11.3".into(), "11.1".into(), "10.9.1".into()];
        content.website = "https://enterprise.arcgis.com".into();
        content.description =
            "Esri's GIS server: maps, feature services and portals hosted by the municipality."
                .into();
        technology
            .propose_edit(
                &moderator,
                id,
                &content,
                listing.revision,
                "Versions and website.",
            )
            .await?;
        technology
            .revert(
                &moderator,
                id,
                1,
                "Restored the survey's entry to show a revert.",
            )
            .await?;
        let current = technology.listing(&moderator, id).await?;
        let mut suggestion = current.content.clone();
        suggestion.versions = vec!["11.3".into(), "11.1".into()];
        technology
            .propose_edit(
                &member,
                id,
                &suggestion,
                current.revision,
                "We run 11.3 in production.",
            )
            .await?;
        made += 3;
    }
    Ok(made)
}
