//! Demo profiles and connections: what the people of the demo data say about themselves and who
//! knows whom. Deterministic from the seed, and idempotent: only empty profiles are filled, and
//! connections that exist are kept.

use std::collections::BTreeMap;
use std::fmt;

use anyhow::Context;
use civiclink_domain::{ExpertiseTag, Language};
use civiclink_people::{
    ConnectionNote, ConnectionStatus, FollowTarget, People, PeopleError, ProfileUpdate,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::DemoWorld;

const TITLES: [&str; 12] = [
    "IT Manager",
    "Director of Information Technology",
    "GIS Analyst",
    "Network Administrator",
    "Systems Analyst",
    "Cybersecurity Specialist",
    "Business Analyst",
    "Service Desk Lead",
    "Applications Developer",
    "Chief Information Officer",
    "Database Administrator",
    "Project Manager, Digital Services",
];

/// French titles that suit anyone (épicènes), since the demo does not know who is who.
const TITLES_FR: [&str; 6] = [
    "Responsable des technologies de l'information",
    "Analyste en géomatique",
    "Spécialiste des réseaux",
    "Spécialiste en cybersécurité",
    "Gestionnaire de projet, services numériques",
    "Analyste d'affaires",
];

/// First names of the demo's French-Canadian members (see `demo::CA_FIRST`): they write in French.
const FRENCH_FIRST_NAMES: [&str; 14] = [
    "Mathieu",
    "Geneviève",
    "Étienne",
    "Chloé",
    "Émilie",
    "François",
    "Jean-Philippe",
    "Marie-Ève",
    "Sébastien",
    "Amélie",
    "Louis",
    "Isabelle",
    "Nathalie",
    "Marc-André",
];

const BIOS: [&str; 6] = [
    "I look after our **{focus}** work and the people who make it happen. Happy to compare notes with other municipalities.",
    "{years} years in local government IT. These days: {focus}, budgets, and keeping council's systems running.",
    "Small team, big remit. Ask me about doing **{focus}** on a rural budget.",
    "I joined municipal IT from the private sector and never looked back. Currently leading {focus}.",
    "Interested in shared services between municipalities, especially for {focus}.",
    "Our team just finished a multi-year {focus} project; lessons learned are yours for the asking.",
];

const BIOS_FR: [&str; 3] = [
    "Mon dossier principal : **{focus}**. Disponible pour échanger avec d'autres municipalités.",
    "Petite équipe, grand mandat. Sujet du moment : {focus}, avec un budget de municipalité rurale.",
    "{years} ans en TI municipales. En ce moment : {focus}, les budgets et la continuité des services au conseil.",
];

/// An expertise label as it reads inside a sentence: "Records management" becomes "records
/// management", while acronyms and names ("GIS and mapping", "Microsoft 365") stay as they are.
fn in_a_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() && !label.starts_with("Microsoft") => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// What people's demo loader did.
#[derive(Clone, Debug)]
pub struct PeopleDemo {
    /// Empty profiles this run filled.
    pub profiles_filled: usize,
    /// Connections this run made.
    pub connections_made: usize,
    /// Members this run made follow their organization.
    pub follows_made: usize,
}

impl fmt::Display for PeopleDemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Demo profiles filled: {}; connections made: {}; organizations followed: {}.",
            self.profiles_filled, self.connections_made, self.follows_made
        )
    }
}

/// Fills the empty profiles of the demo members, connects colleagues and has everyone follow
/// their organization, all through the use-cases members use, so that each change is in the
/// outbox and reaches the feeds.
pub(super) async fn load(
    people: &People,
    world: &DemoWorld,
    seed: u64,
) -> anyhow::Result<PeopleDemo> {
    people
        .sync()
        .await
        .context("cannot bring profiles up to date")?;
    let profiles_filled = fill_profiles(people, world, seed).await?;
    let connections_made = connect_colleagues(people, world).await?;
    let mut follows_made = 0;
    for m in &world.members {
        if let Some(org) = m.org_id {
            follows_made += usize::from(
                people
                    .start_following(m.id, FollowTarget::Organization(org))
                    .await?,
            );
        }
    }
    Ok(PeopleDemo {
        profiles_filled,
        connections_made,
        follows_made,
    })
}

/// Fills each demo member's profile that is still empty; returns how many it filled.
async fn fill_profiles(people: &People, world: &DemoWorld, seed: u64) -> anyhow::Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_9E09_1E00);
    let mut filled = 0;
    for m in &world.members {
        // Draw for every member, filled or not, so that the sequence does not depend on what the
        // database already holds.
        let first_name = m.display_name.split(' ').next().unwrap_or_default();
        let french = m.email.contains(".qc") || FRENCH_FIRST_NAMES.contains(&first_name);
        let title = if french {
            TITLES_FR[rng.random_range(0..TITLES_FR.len())]
        } else {
            TITLES[rng.random_range(0..TITLES.len())]
        };
        let mut tags: Vec<&str> = Vec::new();
        for _ in 0..rng.random_range(2..=4) {
            let t = ExpertiseTag::CURATED[rng.random_range(0..ExpertiseTag::CURATED.len())];
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let lang = if french { Language::Fr } else { Language::En };
        let focus = in_a_sentence(&civiclink_i18n::t(
            lang,
            &format!("expertise-{}", tags.first().copied().unwrap_or("gis")),
        ));
        let years = rng.random_range(2..=30).to_string();
        let bio = if french {
            BIOS_FR[rng.random_range(0..BIOS_FR.len())]
        } else {
            BIOS[rng.random_range(0..BIOS.len())]
        }
        .replace("{focus}", &focus)
        .replace("{years}", &years);
        let hide_email = rng.random_ratio(1, 3);
        let profile = people.profile(m.id).await?;
        if !profile.job_title.is_empty() {
            continue;
        }
        let mut visibility = BTreeMap::new();
        if hide_email {
            visibility.insert("email".to_owned(), "nobody".to_owned());
        }
        let update = ProfileUpdate::parse(
            profile.handle.as_str(),
            title,
            "Information Technology",
            &bio,
            if french { "fr" } else { "en" },
            &years,
            "",
            "",
            &tags.join(","),
            &visibility,
            true,
        )?;
        people.update_profile(m.id, &update).await?;
        filled += 1;
    }
    Ok(filled)
}

/// Colleagues in one association know a few of each other: each member is connected to the
/// next three of the same association, which gives everyone shared connections to discover.
/// Returns how many connections it made.
async fn connect_colleagues(people: &People, world: &DemoWorld) -> anyhow::Result<usize> {
    let mut connected = 0;
    let no_note = ConnectionNote::parse("")?;
    let members = &world.members;
    for (i, a) in members.iter().enumerate() {
        for b in members.iter().skip(i + 1).take(3) {
            if a.association_id != b.association_id || a.association_id.is_none() {
                continue;
            }
            match people.request_connection(a.id, b.id, &no_note).await {
                Ok(ConnectionStatus::Pending) => {
                    people.accept_connection(b.id, a.id).await?;
                    connected += 1;
                }
                Ok(_) => connected += 1,
                // Connected already, or a request waits from an earlier run: keep what is there.
                Err(PeopleError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(connected)
}
