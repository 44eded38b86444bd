//! Accounts' demo data.
//!
//! The loader turns the embedded list of real municipalities (`data/municipalities.csv`) into
//! associations, organizations, members and a few pending join requests, and prints the logins
//! someone trying the site needs. It is deterministic and idempotent:
//!
//! - every generated person is planned in full from the seed before anything is written, so the
//!   same seed always yields the same people whatever the database already holds;
//! - associations and organizations are looked up by name and members by email, and only what is
//!   missing is created, so running the loader again creates nothing and does not fail.
//!
//! Every demo login shares [`DEMO_PASSWORD`]; it is hashed once because argon2 is slow on purpose.

use std::collections::HashMap;
use std::fmt;

use anyhow::{Context, bail};
use civiclink_accounts::{
    Accounts, AccountsError, Actor, NewAssociation, NewOrganization, OrganizationUpdate,
};
use civiclink_domain::{
    AssociationId, CountryCode, DisplayName, EmailAddress, MunicipalityType, OrgId, OrgKind,
    Password, Role, ShortText,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::{DemoLogin, DemoMember, DemoWorld};

/// The password of every demo login. It meets `Password::parse`'s ten-character minimum.
pub const DEMO_PASSWORD: &str = "civiclink-demo";

/// The embedded list is compiled in so that the binary can load demo data from any directory.
const MUNICIPALITIES_CSV: &str = include_str!("../../data/municipalities.csv");

/// The domain of the fixed demo logins; `.demo` is not a real top-level domain, so no mail that
/// escapes the test mail sink can reach anyone.
const DEMO_DOMAIN: &str = "civiclink.demo";

/// How long the fixed logins' memberships last, in days.
const LOGIN_MEMBERSHIP_DAYS: i64 = 365;

/// How long ago the lapsed login's membership ran out, in days.
const LAPSED_DAYS_AGO: i64 = 10;

/// Vendors added to the first association, each with the vendor name it goes by in
/// `data/technologies.csv` (a test keeps the two in step).
const VENDORS: [(&str, &str); 3] = [
    ("Esri Canada", "Esri"),
    ("Tyler Technologies", "Tyler Technologies"),
    ("Microsoft Canada", "Microsoft"),
];

/// The partner organization added to the first association.
const PARTNER: &str = "Municipal Finance Officers' Association of Ontario";

/// What a person asking to join writes; `{org}` is replaced by their organization's name.
const JOIN_MESSAGES: [&str; 4] = [
    "I run the GIS team at {org} and would like to compare notes on keeping parcel data current.",
    "I lead network and security at {org}; we are planning a firewall refresh this year.",
    "I manage the service desk at {org} and am looking for advice on Microsoft 365 licensing.",
    "New IT manager at {org}. Keen to hear how others handle backups and disaster recovery.",
];

/// The people asking to join, one per message above.
const JOINERS: [&str; 4] = ["Jordan Reid", "Priya Raman", "Alex Chen", "Sam Whitfield"];

/// Names for Canadian members: English, French-Canadian and the many origins of Canada's cities.
/// The name lists are kept as paragraphs: one name a line would make them screens long.
#[rustfmt::skip]
const CA_FIRST: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Sarah", "James", "Priya", "Arjun", "Wei", "Mei", "Daniel",
    "Fatima", "Omar", "Hannah", "Ryan", "Jessica", "Michael", "Jennifer", "David", "Karen",
    "Mathieu", "Geneviève", "Étienne", "Chloé", "Émilie", "François", "Jean-Philippe", "Marie-Ève",
    "Sébastien", "Amélie", "Louis", "Isabelle", "Nathalie", "Marc-André", "Gurpreet", "Harpreet",
    "Aisha", "Tyler", "Megan", "Connor",
];
#[rustfmt::skip]
const CA_LAST: &[&str] = &[
    "Smith", "Brown", "Wilson", "MacDonald", "Campbell", "Anderson", "Taylor", "Martin", "Singh",
    "Patel", "Nguyen", "Chen", "Li", "Wong", "Kim", "Ahmed", "Khan", "Haddad", "Tremblay", "Gagnon",
    "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné", "Ouellet",
    "Pelletier", "Bélanger", "Lévesque", "O'Brien", "Murphy", "Fraser", "Sandhu", "Gill", "Leblanc",
    "Thompson", "Dubois",
];

/// Names for New Zealand members: Māori, Pākehā and Pasifika.
#[rustfmt::skip]
const NZ_FIRST: &[&str] = &[
    "Aroha", "Wiremu", "Mere", "Tama", "Hemi", "Ngaire", "Rāwiri", "Anahera", "Nikau", "Kahurangi",
    "Manaia", "Tāne", "Hine", "Mikaere", "Charlotte", "Jack", "Olivia", "Oliver", "Sophie",
    "Lachlan", "Ruby", "Hamish", "Grace", "Finn", "Isla", "Sione", "Mele", "Losa",
];
#[rustfmt::skip]
const NZ_LAST: &[&str] = &[
    "Ngata", "Parata", "Tipene", "Te Huia", "Horomona", "Hēnare", "Wihongi", "Pōmare", "Walker",
    "Smith", "Wilson", "Thompson", "Williams", "Taylor", "Campbell", "Stewart", "Robertson",
    "Tuilagi", "Faleolo", "Leota", "Fifita", "Patel", "Singh", "Chen",
];

/// One row of `data/municipalities.csv`; the `csv` crate matches the columns by header name.
#[derive(Clone, Debug, Deserialize)]
struct Municipality {
    name: String,
    /// The local kind of municipality (`city`, `district council`…).
    kind: String,
    region: String,
    country: String,
    association: String,
    approx_population: i64,
}

/// An association as the embedded data describes it, with its municipalities in file order.
#[derive(Debug)]
struct AssociationPlan<'a> {
    name: &'a str,
    short_name: String,
    country: &'a str,
    municipalities: Vec<&'a Municipality>,
}

impl AssociationPlan<'_> {
    /// The most populous municipality, where the association's admin works.
    fn largest(&self) -> Option<&Municipality> {
        self.municipalities
            .iter()
            .copied()
            .max_by_key(|m| m.approx_population)
    }
}

/// An organization to make sure of.
#[derive(Debug)]
struct OrgSpec {
    name: String,
    kind: OrgKind,
    region: String,
    population: Option<i64>,
}

/// A generated member, fully decided before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PlannedMember {
    email: String,
    display_name: String,
    association: String,
    organization: String,
    role: Role,
    /// Days from now until the membership expires.
    expires_in_days: i64,
}

/// A pending join request, fully decided before anything is written.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PlannedJoin {
    email: String,
    display_name: String,
    association: String,
    organization: String,
    message: String,
}

/// What accounts' demo loader did.
#[derive(Clone, Debug)]
pub struct AccountsDemo {
    /// Associations in the demo data, whether created now or found.
    pub associations: usize,
    /// Organizations in the demo data, whether created now or found.
    pub organizations: usize,
    /// Members created by this run; zero when the data was already loaded.
    pub members_created: usize,
    /// Pending join requests created by this run; zero when the data was already loaded.
    pub join_requests_created: usize,
}

impl fmt::Display for AccountsDemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Demo data: {} associations, {} organizations.",
            self.associations, self.organizations
        )?;
        write!(
            f,
            "This run created {} members and {} pending join requests.",
            self.members_created, self.join_requests_created
        )
    }
}

/// Where each planned association and organization is, by name.
struct Places {
    associations: HashMap<String, AssociationId>,
    organizations: HashMap<(String, String), OrgId>,
}

impl Places {
    /// Where a planned person works; both maps were filled from the same plans.
    fn of(&self, association: &str, organization: &str) -> anyhow::Result<(AssociationId, OrgId)> {
        let a = self
            .associations
            .get(&key(association))
            .copied()
            .with_context(|| format!("no association {association:?} in the demo data"))?;
        let o = self
            .organizations
            .get(&(key(association), key(organization)))
            .copied()
            .with_context(|| format!("no organization {organization:?} in {association:?}"))?;
        Ok((a, o))
    }
}

/// A member to import: who, where, and until when.
struct Import {
    email: String,
    display_name: String,
    place: Option<(AssociationId, OrgId)>,
    role: Role,
    expires_at: Option<OffsetDateTime>,
}

/// Loads accounts' demo data, creating only what is missing. The same `seed` always plans the
/// same people. Returns what it did, the world later capabilities build on, and the logins.
pub(super) async fn load(
    accounts: &Accounts,
    seed: u64,
) -> anyhow::Result<(AccountsDemo, DemoWorld, Vec<DemoLogin>)> {
    let rows = municipalities()?;
    let plans = plan_associations(&rows)?;
    // Planning comes before any write so that what is generated never depends on the database.
    let members = plan(seed, &rows);
    let joins = plan_joins(&plans);

    let (places, organizations) = ensure_places(accounts, &plans).await?;
    let password = Password::parse(DEMO_PASSWORD).context("demo password")?;
    let hash = accounts
        .hash_password(&password)
        .await
        .context("hashing the demo password")?;

    let (fixed, mut logins) = fixed_logins(&rows, &plans, &places)?;
    let generated = members.iter().map(|m| -> anyhow::Result<Import> {
        Ok(Import {
            email: m.email.clone(),
            display_name: m.display_name.clone(),
            place: Some(places.of(&m.association, &m.organization)?),
            role: m.role,
            expires_at: Some(civiclink_store::now() + Duration::days(m.expires_in_days)),
        })
    });
    let mut members_created = 0;
    let mut world = Vec::new();
    for import in fixed.into_iter().map(Ok).chain(generated) {
        let (member, created) = import_one(accounts, &hash, &import?).await?;
        members_created += usize::from(created);
        world.push(member);
    }
    world.sort_by(|a, b| (a.association_id, &a.email).cmp(&(b.association_id, &b.email)));
    let site_admin = world
        .iter()
        .find(|m| m.role == Role::SiteAdmin)
        .map(DemoMember::actor)
        .context("the demo site administrator is missing")?;

    let (member_email, home, _) = member_home(&rows, &places)?;
    let org_admin_note = org_roles(accounts, &site_admin, &world, &member_email, home).await?;
    if let Some(l) = logins.iter_mut().find(|l| l.email == member_email) {
        l.note = format!("{}; {org_admin_note}", l.note);
    }
    set_municipality_types(accounts, &site_admin, &rows, &places).await?;
    let join_requests_created = join_requests(accounts, &hash, &joins, &places).await?;

    let summary = AccountsDemo {
        associations: plans.len(),
        organizations,
        members_created,
        join_requests_created,
    };
    tracing::info!(
        associations = summary.associations,
        organizations,
        members_created,
        join_requests_created,
        "accounts demo data loaded"
    );
    Ok((
        summary,
        DemoWorld {
            site_admin,
            members: world,
            vendors: VENDORS
                .iter()
                .map(|(org, vendor)| {
                    let id = places
                        .organizations
                        .iter()
                        .find(|((_, name), _)| *name == key(org))
                        .map(|(_, id)| *id);
                    id.map(|id| ((*vendor).to_owned(), id))
                        .with_context(|| format!("demo vendor {org:?} is missing"))
                })
                .collect::<anyhow::Result<_>>()?,
        },
        logins,
    ))
}

/// Makes sure every planned association and organization exists; returns where each is and
/// how many organizations the plan holds.
async fn ensure_places(
    accounts: &Accounts,
    plans: &[AssociationPlan<'_>],
) -> anyhow::Result<(Places, usize)> {
    let first_region = plans
        .first()
        .and_then(AssociationPlan::largest)
        .map(|m| m.region.clone())
        .context("the embedded municipality list is empty")?;
    let mut places = Places {
        associations: HashMap::new(),
        organizations: HashMap::new(),
    };
    let mut organizations = 0;
    for (i, a) in plans.iter().enumerate() {
        let association_id = ensure_association(accounts, a).await?;
        places.associations.insert(key(a.name), association_id);

        let mut specs: Vec<OrgSpec> = a
            .municipalities
            .iter()
            .map(|m| OrgSpec {
                name: m.name.clone(),
                kind: OrgKind::Municipality,
                region: m.region.clone(),
                population: Some(m.approx_population),
            })
            .collect();
        if i == 0 {
            specs.extend(VENDORS.iter().map(|(name, _)| OrgSpec {
                name: (*name).to_owned(),
                kind: OrgKind::Vendor,
                region: first_region.clone(),
                population: None,
            }));
            specs.push(OrgSpec {
                name: PARTNER.to_owned(),
                kind: OrgKind::Partner,
                region: first_region.clone(),
                population: None,
            });
        }
        organizations += specs.len();
        for (name, id) in ensure_organizations(accounts, a, association_id, &specs).await? {
            places.organizations.insert((key(a.name), name), id);
        }
    }
    Ok((places, organizations))
}

/// Where the plain member works: somewhere familiar, the national capital when the data has
/// it. Returns their email, their place and its name for the login list.
fn member_home(
    rows: &[Municipality],
    places: &Places,
) -> anyhow::Result<(String, (AssociationId, OrgId), String)> {
    let home = rows
        .iter()
        .find(|m| m.name == "City of Ottawa")
        .or(rows.first())
        .context("the embedded municipality list is empty")?;
    Ok((
        format!("member@{DEMO_DOMAIN}"),
        places.of(&home.association, &home.name)?,
        format!("{}, {}", home.name, home.association),
    ))
}

/// The fixed logins, each a member to import and a line of the login list: the site
/// administrator, one administrator per association, a member, a vendor's member and a lapsed
/// member.
fn fixed_logins(
    rows: &[Municipality],
    plans: &[AssociationPlan<'_>],
    places: &Places,
) -> anyhow::Result<(Vec<Import>, Vec<DemoLogin>)> {
    let now = civiclink_store::now();
    let login_expiry = Some(now + Duration::days(LOGIN_MEMBERSHIP_DAYS));
    let mut imports = Vec::new();
    let mut logins = Vec::new();
    let mut login = |import: Import, role: &'static str, note: String| {
        logins.push(DemoLogin {
            email: import.email.clone(),
            role,
            note,
        });
        imports.push(import);
    };

    login(
        Import {
            email: format!("admin@{DEMO_DOMAIN}"),
            display_name: "Avery Admin".into(),
            place: None,
            role: Role::SiteAdmin,
            expires_at: None,
        },
        Role::SiteAdmin.label(),
        "every association: members, join requests, invitations".to_owned(),
    );
    for a in plans {
        let largest = a
            .largest()
            .with_context(|| format!("association {:?} has no municipalities", a.name))?;
        login(
            Import {
                email: format!("admin.{}@{DEMO_DOMAIN}", slug(a.name)),
                display_name: format!("{} Admin", a.short_name),
                place: Some(places.of(a.name, &largest.name)?),
                role: Role::AssociationAdmin,
                expires_at: login_expiry,
            },
            Role::AssociationAdmin.label(),
            format!("{} only ({})", a.name, largest.name),
        );
    }
    let (member_email, home, home_name) = member_home(rows, places)?;
    login(
        Import {
            email: member_email,
            display_name: "Morgan Member".into(),
            place: Some(home),
            role: Role::Member,
            expires_at: login_expiry,
        },
        Role::Member.label(),
        home_name,
    );
    let first = plans.first().context("the demo has no association")?;
    let (vendor, _) = VENDORS[0];
    login(
        Import {
            email: format!("vendor@{DEMO_DOMAIN}"),
            display_name: "Vic Vendor".into(),
            place: Some(places.of(first.name, vendor)?),
            role: Role::Member,
            expires_at: login_expiry,
        },
        "Vendor member",
        format!(
            "{vendor}: responds to reviews of its listings, may not review them or competing ones"
        ),
    );
    login(
        Import {
            email: format!("lapsed@{DEMO_DOMAIN}"),
            display_name: "Logan Lapsed".into(),
            place: Some(home),
            role: Role::Member,
            expires_at: Some(now - Duration::days(LAPSED_DAYS_AGO)),
        },
        "Lapsed member",
        format!("membership ran out {LAPSED_DAYS_AGO} days ago: sees the renewal notice"),
    );
    Ok((imports, logins))
}

/// Imports one member unless their email exists; returns them as later capabilities see them
/// and whether this run created them.
async fn import_one(
    accounts: &Accounts,
    hash: &str,
    import: &Import,
) -> anyhow::Result<(DemoMember, bool)> {
    let email = &import.email;
    let address =
        EmailAddress::parse(email).with_context(|| format!("demo member email {email:?}"))?;
    let name = DisplayName::parse(&import.display_name)
        .with_context(|| format!("demo member name {:?}", import.display_name))?;
    let created = accounts
        .import_member(
            &address,
            &name,
            hash,
            import.place.map(|(a, _)| a),
            import.place.map(|(_, o)| o),
            import.role,
            import.expires_at,
        )
        .await
        .with_context(|| format!("importing demo member {email}"))?;
    let member = accounts
        .member_by_email(&address)
        .await?
        .with_context(|| format!("demo member {email} is missing"))?;
    Ok((
        DemoMember {
            id: member.id,
            email: member.email.to_string(),
            display_name: member.display_name.to_string(),
            role: member.role,
            association_id: member.association_id,
            org_id: member.org_id,
        },
        created,
    ))
}

/// Files the planned join requests that are not there yet; returns how many it filed.
async fn join_requests(
    accounts: &Accounts,
    hash: &str,
    joins: &[PlannedJoin],
    places: &Places,
) -> anyhow::Result<usize> {
    let mut created = 0;
    for j in joins {
        let (association_id, org_id) = places.of(&j.association, &j.organization)?;
        let email = EmailAddress::parse(&j.email)
            .with_context(|| format!("demo join request email {:?}", j.email))?;
        let display_name = DisplayName::parse(&j.display_name)
            .with_context(|| format!("demo join request name {:?}", j.display_name))?;
        if accounts
            .import_join_request(
                &email,
                &display_name,
                hash,
                association_id,
                Some(org_id),
                &j.message,
            )
            .await
            .with_context(|| format!("importing the join request of {}", j.email))?
        {
            created += 1;
        }
    }
    Ok(created)
}

/// Makes the member at `home` its organization administrator and has the first other member
/// of the same association, at another organization, claim to work there. Both steps are
/// idempotent. Returns a note for the login list.
async fn org_roles(
    accounts: &Accounts,
    site_admin: &Actor,
    world: &[DemoMember],
    member_email: &str,
    home: (AssociationId, OrgId),
) -> anyhow::Result<String> {
    let member = world
        .iter()
        .find(|m| m.email == member_email)
        .context("the demo member is missing")?;
    accounts
        .add_org_admin(site_admin, home.1, member.id)
        .await
        .context("making the demo member an organization administrator")?;
    let claimant = world.iter().find(|m| {
        m.association_id == Some(home.0) && m.org_id != Some(home.1) && m.role == Role::Member
    });
    let Some(claimant) = claimant else {
        return Ok("administers its page".to_owned());
    };
    match accounts
        .claim_organization(
            &claimant.actor(),
            home.1,
            "I joined the IT team here last month; my old municipality still shows on my profile.",
        )
        .await
    {
        Ok(_) | Err(AccountsError::Conflict(_)) => {}
        Err(e) => return Err(e).context("a demo claim to belong"),
    }
    Ok(format!(
        "administers its page; {} claims to work there",
        claimant.display_name
    ))
}

/// Finds the association by name or creates it.
async fn ensure_association(
    accounts: &Accounts,
    plan: &AssociationPlan<'_>,
) -> anyhow::Result<AssociationId> {
    if let Some(existing) = accounts
        .association_by_name(plan.name)
        .await
        .with_context(|| format!("looking up association {:?}", plan.name))?
    {
        return Ok(existing.id);
    }
    let new = NewAssociation::parse(plan.name, &plan.short_name, plan.country)
        .with_context(|| format!("demo association {:?}", plan.name))?;
    let created = accounts
        .create_association(None, new)
        .await
        .with_context(|| format!("creating association {:?}", plan.name))?;
    Ok(created.id)
}

/// Makes sure every organization in `specs` exists in the association, and returns the id of
/// each keyed by its lower-cased name.
async fn ensure_organizations(
    accounts: &Accounts,
    plan: &AssociationPlan<'_>,
    association_id: AssociationId,
    specs: &[OrgSpec],
) -> anyhow::Result<HashMap<String, OrgId>> {
    // One listing per association, rather than a query per organization.
    let mut ids: HashMap<String, OrgId> = accounts
        .list_organizations(Some(association_id))
        .await
        .with_context(|| format!("listing the organizations of {:?}", plan.name))?
        .into_iter()
        .map(|o| (key(&o.name), o.id))
        .collect();
    let country = CountryCode::parse(plan.country)
        .with_context(|| format!("country of association {:?}", plan.name))?;
    for spec in specs {
        if ids.contains_key(&key(&spec.name)) {
            continue;
        }
        let new = NewOrganization {
            association_id,
            name: ShortText::parse(&spec.name, "name")
                .with_context(|| format!("demo organization {:?}", spec.name))?,
            kind: spec.kind,
            region: ShortText::parse(&spec.region, "region")
                .with_context(|| format!("region of demo organization {:?}", spec.name))?,
            country: country.clone(),
            population: spec.population,
        };
        let created = accounts
            .create_organization(None, new)
            .await
            .with_context(|| format!("creating organization {:?}", spec.name))?;
        ids.insert(key(&created.name), created.id);
    }
    Ok(ids)
}

/// Gives each municipality the local kind the embedded list names (city, town…), where its
/// page says none yet, so organization pages and their editor show it. The site administrator
/// sets it, as organizations are made without one.
async fn set_municipality_types(
    accounts: &Accounts,
    site_admin: &Actor,
    rows: &[Municipality],
    places: &Places,
) -> anyhow::Result<()> {
    for m in rows {
        let kind = MunicipalityType::parse(&m.kind)
            .with_context(|| format!("kind of municipality {:?}", m.name))?;
        let (_, org) = places.of(&m.association, &m.name)?;
        if accounts
            .organization(org)
            .await?
            .municipality_type
            .is_some()
        {
            continue;
        }
        let update = OrganizationUpdate {
            municipality_type: Some(Some(kind)),
            ..OrganizationUpdate::default()
        };
        accounts
            .update_organization(site_admin, org, update)
            .await
            .with_context(|| format!("setting the kind of {:?}", m.name))?;
    }
    Ok(())
}

/// Parses the embedded municipality list.
fn municipalities() -> anyhow::Result<Vec<Municipality>> {
    csv::Reader::from_reader(MUNICIPALITIES_CSV.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.with_context(|| format!("data/municipalities.csv record {}", i + 1)))
        .collect()
}

/// Groups the municipalities by association, in the order the associations first appear.
fn plan_associations(rows: &[Municipality]) -> anyhow::Result<Vec<AssociationPlan<'_>>> {
    let mut plans: Vec<AssociationPlan<'_>> = Vec::new();
    for row in rows {
        match plans
            .iter_mut()
            .find(|p| key(p.name) == key(&row.association))
        {
            Some(p) => {
                // An association spans one country: its country is a single field.
                if p.country != row.country {
                    bail!(
                        "{} is in {} but association {:?} is in {}",
                        row.name,
                        row.country,
                        p.name,
                        p.country
                    );
                }
                p.municipalities.push(row);
            }
            None => plans.push(AssociationPlan {
                name: &row.association,
                short_name: short_name(&row.association),
                country: &row.country,
                municipalities: vec![row],
            }),
        }
    }
    Ok(plans)
}

/// The short name shown where space is tight.
fn short_name(name: &str) -> String {
    match name {
        "MISA Ontario" => "MISA ON".to_owned(),
        other => other
            .chars()
            .take(24)
            .collect::<String>()
            .trim_end()
            .to_owned(),
    }
}

/// How many generated members a municipality gets: more people work in IT in larger places.
fn members_for(population: i64) -> usize {
    match population {
        ..20_000 => 1,
        20_000..100_000 => 2,
        100_000..500_000 => 3,
        _ => 5,
    }
}

/// Plans the generated members from `seed` alone: the same seed and rows always give the same
/// list, whatever the database holds.
fn plan(seed: u64, rows: &[Municipality]) -> Vec<PlannedMember> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for row in rows {
        let (first_names, last_names) = match row.country.as_str() {
            "NZ" => (NZ_FIRST, NZ_LAST),
            _ => (CA_FIRST, CA_LAST),
        };
        let domain = format!("{}.demo", slug(&row.name));
        for _ in 0..members_for(row.approx_population) {
            let first = first_names[rng.random_range(0..first_names.len())];
            let last = last_names[rng.random_range(0..last_names.len())];
            let expires_in_days = rng.random_range(30..=400);
            // The running number keeps emails unique even when two people share a name.
            let n = out.len() + 1;
            out.push(PlannedMember {
                email: format!("{}.{}.{n}@{domain}", slug(first), slug(last)),
                display_name: format!("{first} {last}"),
                association: row.association.clone(),
                organization: row.name.clone(),
                // Every seventh person moderates, so the demo has a few moderators everywhere.
                role: if n % 7 == 0 {
                    Role::Moderator
                } else {
                    Role::Member
                },
                expires_in_days,
            });
        }
    }
    out
}

/// Plans the pending join requests: they go round the associations, each at the association's
/// smallest municipality not yet asked about, so that several admins have one to decide.
fn plan_joins(plans: &[AssociationPlan<'_>]) -> Vec<PlannedJoin> {
    let by_size: Vec<Vec<&Municipality>> = plans
        .iter()
        .map(|p| {
            let mut ms = p.municipalities.clone();
            ms.sort_by(|a, b| (a.approx_population, &a.name).cmp(&(b.approx_population, &b.name)));
            ms
        })
        .collect();
    let rounds = by_size.iter().map(Vec::len).max().unwrap_or(0);
    let picks = (0..rounds).flat_map(|r| {
        plans
            .iter()
            .zip(&by_size)
            .filter_map(move |(p, ms)| ms.get(r).map(|m| (p.name, *m)))
    });
    picks
        .zip(JOINERS.iter().zip(JOIN_MESSAGES))
        .enumerate()
        .map(|(n, ((association, m), (name, message)))| PlannedJoin {
            email: format!("new.joiner{}@{DEMO_DOMAIN}", n + 1),
            display_name: (*name).to_owned(),
            association: association.to_owned(),
            organization: m.name.clone(),
            message: message.replace("{org}", &m.name),
        })
        .collect()
}

/// Case-insensitive names are keys, as the database compares them.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// An ASCII slug: lower case, accents and macrons dropped, apostrophes removed, every other run
/// of non-alphanumerics turned into one hyphen. Suitable for email local parts and domains.
fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in s.to_lowercase().chars() {
        let c = match c {
            'à' | 'á' | 'â' | 'ä' | 'ā' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'î' | 'ï' | 'ī' => 'i',
            'ô' | 'ö' | 'ō' => 'o',
            'ù' | 'û' | 'ü' | 'ū' => 'u',
            other => other,
        };
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn the_embedded_csv_parses_into_consistent_associations() -> TestResult {
        let rows = municipalities()?;
        assert!(!rows.is_empty());
        let mut names = HashSet::new();
        for m in &rows {
            assert!(names.insert(key(&m.name)), "{} is listed twice", m.name);
            ShortText::parse(&m.name, "name")?;
            ShortText::parse(&m.region, "region")?;
            CountryCode::parse(&m.country)?;
            assert!(m.approx_population > 0, "{} has no population", m.name);
            MunicipalityType::parse(&m.kind)?;
        }
        let plans = plan_associations(&rows)?;
        assert!(!plans.is_empty());
        for p in &plans {
            NewAssociation::parse(p.name, &p.short_name, p.country)?;
            assert!(p.largest().is_some());
        }
        Ok(())
    }

    #[test]
    fn short_names_and_slugs() {
        assert_eq!(short_name("MISA Ontario"), "MISA ON");
        assert_eq!(short_name("ALGIM"), "ALGIM");
        assert_eq!(slug("MISA Ontario"), "misa-ontario");
        assert_eq!(slug("City of St. John's"), "city-of-st-johns");
        assert_eq!(slug("Marie-Ève"), "marie-eve");
        assert_eq!(slug("Rāwiri"), "rawiri");
        assert_eq!(slug("Te Huia"), "te-huia");
    }

    #[test]
    fn larger_places_get_more_members() {
        assert_eq!(members_for(800), 1);
        assert!(members_for(50_000) > members_for(5_000));
        assert!(members_for(250_000) > members_for(50_000));
        assert!(members_for(2_000_000) > members_for(250_000));
    }

    #[test]
    fn the_plan_depends_only_on_the_seed() -> TestResult {
        let rows = municipalities()?;
        let a = plan(7, &rows);
        assert_eq!(a, plan(7, &rows));
        assert_ne!(a, plan(8, &rows));
        let expected: usize = rows.iter().map(|m| members_for(m.approx_population)).sum();
        assert_eq!(a.len(), expected);
        assert!(a.iter().any(|m| m.role == Role::Moderator));
        assert!(a.iter().all(|m| (30..=400).contains(&m.expires_in_days)));
        Ok(())
    }

    #[test]
    fn planned_people_are_valid_and_unique() -> TestResult {
        let rows = municipalities()?;
        let plans = plan_associations(&rows)?;
        let known: HashSet<(String, String)> = rows
            .iter()
            .map(|m| (key(&m.association), key(&m.name)))
            .collect();
        let members = plan(42, &rows);
        let joins = plan_joins(&plans);
        assert_eq!(joins.len(), JOINERS.len());

        let mut emails = HashSet::new();
        let people = members
            .iter()
            .map(|m| (&m.email, &m.display_name, &m.association, &m.organization))
            .chain(
                joins
                    .iter()
                    .map(|j| (&j.email, &j.display_name, &j.association, &j.organization)),
            );
        for (email, name, association, organization) in people {
            let parsed = EmailAddress::parse(email)?;
            assert_eq!(parsed.as_str(), email, "{email} is not in normal form");
            assert!(email.is_ascii(), "{email} is not ASCII");
            assert!(emails.insert(email.clone()), "{email} is planned twice");
            DisplayName::parse(name)?;
            assert!(known.contains(&(key(association), key(organization))));
        }
        for fixed in ["admin", "member", "lapsed"] {
            assert!(emails.insert(format!("{fixed}@{DEMO_DOMAIN}")));
        }
        for p in &plans {
            let email = format!("admin.{}@{DEMO_DOMAIN}", slug(p.name));
            EmailAddress::parse(&email)?;
            assert!(emails.insert(email));
        }
        Ok(())
    }

    #[test]
    fn demo_vendors_appear_in_the_technology_list() -> TestResult {
        #[derive(Deserialize)]
        struct Technology {
            vendor: String,
        }
        let vendors: HashSet<String> =
            csv::Reader::from_reader(include_str!("../../data/technologies.csv").as_bytes())
                .deserialize::<Technology>()
                .map(|t| t.map(|t| t.vendor))
                .collect::<Result<_, _>>()?;
        for (org, vendor) in VENDORS {
            assert!(vendors.contains(vendor), "{org}: {vendor} is not listed");
        }
        Ok(())
    }

    #[tokio::test]
    async fn seeding_twice_creates_nothing_the_second_time() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let db = civiclink_store::Db::connect(
            &format!("sqlite://{}", dir.path().join("t.db").display()),
            4,
        )
        .await?;
        db.migrate().await?;
        let mailer = civiclink_mail::Mailer::new(
            "CivicLink <no-reply@civiclink.test>",
            &civiclink_mail::TransportConfig::File {
                dir: dir.path().join("mail"),
            },
        )?;
        let accounts = Accounts::new(
            db,
            mailer,
            civiclink_accounts::AccountsConfig {
                public_url: "http://127.0.0.1:8080".into(),
                membership_days: 365,
                hash_concurrency: civiclink_accounts::AccountsConfig::default_hash_concurrency(),
            },
        );

        let (first, world, logins) = load(&accounts, 1).await?;
        let rows = municipalities()?;
        let generated = plan(1, &rows).len();
        let associations = plan_associations(&rows)?.len();
        // The site admin, one admin per association, the member, the vendor's member and the
        // lapsed member.
        let fixed = 1 + associations + 3;
        assert_eq!(first.members_created, generated + fixed);
        assert_eq!(first.join_requests_created, JOINERS.len());
        assert_eq!(first.associations, associations);
        assert_eq!(accounts.list_associations().await?.len(), associations);
        assert_eq!(
            accounts.list_organizations(None).await?.len(),
            first.organizations
        );
        assert_eq!(logins.len(), fixed);
        assert_eq!(world.members.len(), generated + fixed);

        let (again, _, _) = load(&accounts, 1).await?;
        assert_eq!(again.members_created, 0);
        assert_eq!(again.join_requests_created, 0);
        assert_eq!(accounts.list_associations().await?.len(), associations);
        assert_eq!(
            accounts.list_organizations(None).await?.len(),
            first.organizations
        );

        // The logins work, and the lapsed one is lapsed.
        let now = civiclink_store::now();
        let member = accounts
            .login(&format!("member@{DEMO_DOMAIN}"), DEMO_PASSWORD)
            .await?;
        assert_eq!(member.access(now), civiclink_accounts::Access::Full);
        let site_admin = accounts
            .login(&format!("admin@{DEMO_DOMAIN}"), DEMO_PASSWORD)
            .await?;
        assert_eq!(site_admin.role, Role::SiteAdmin);
        let lapsed = accounts
            .login(&format!("lapsed@{DEMO_DOMAIN}"), DEMO_PASSWORD)
            .await?;
        assert_eq!(lapsed.access(now), civiclink_accounts::Access::Lapsed);

        // The member administers their municipality, where one claim waits (once, after two
        // loads).
        let home = member
            .org_id
            .context("the demo member has an organization")?;
        assert_eq!(accounts.administered_orgs(member.id).await?, vec![home]);
        // Organizations carry the kind of municipality the embedded list names.
        assert_eq!(
            accounts.organization(home).await?.municipality_type,
            Some(MunicipalityType::City)
        );
        let actor = civiclink_accounts::Actor {
            id: member.id,
            role: member.role,
            association_id: member.association_id,
            ip: None,
        };
        let claims = accounts.org_claims(&actor, home).await?;
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].status, civiclink_accounts::ClaimStatus::Pending);

        assert!(logins.iter().any(|l| l.email == "admin@civiclink.demo"));
        Ok(())
    }
}
