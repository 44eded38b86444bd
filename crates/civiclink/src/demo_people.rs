//! Demo profiles and connections: what the people of the demo data say about themselves and who
//! knows whom. Deterministic from the seed, and idempotent: only empty profiles are filled, and
//! connections that exist are kept.

use std::collections::BTreeMap;

use anyhow::Context;
use civiclink_domain::{ExpertiseTag, Language, MemberId};
use civiclink_people::{People, ProfileUpdate};
use civiclink_store::{on_db, sqlx};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

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

/// Fills the empty profiles of demo members and connects colleagues. Returns how many profiles
/// were filled and how many connections were made.
pub async fn seed_people(people: &People, seed: u64) -> anyhow::Result<(usize, usize)> {
    people
        .sync()
        .await
        .context("cannot bring profiles up to date")?;
    let db = people.db();
    let rows: Vec<(MemberId, String, String, bool)> = on_db!(db, p => sqlx::query_as(
        "SELECT m.id, m.email, m.display_name, p.job_title = '' AS empty FROM members m \
         JOIN profiles p ON p.member_id = m.id \
         WHERE m.email LIKE '%.demo' AND m.status IN ('active', 'lapsed') ORDER BY m.email",
    )
    .fetch_all(p)
    .await)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_9E09_1E00);
    let mut filled = 0;
    for (id, email, name, empty) in &rows {
        // Draw for every member, filled or not, so that the sequence does not depend on what the
        // database already holds.
        let first_name = name.split(' ').next().unwrap_or_default();
        let french = email.contains(".qc") || FRENCH_FIRST_NAMES.contains(&first_name);
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
        if !empty {
            continue;
        }
        let profile = people.profile(*id).await?;
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
        people.update_profile(*id, &update).await?;
        filled += 1;
    }

    // Colleagues in one association know a few of each other: each member is connected to the
    // next three in a stable order, which gives everyone shared connections to discover.
    let members: Vec<(MemberId, Option<civiclink_domain::AssociationId>)> = on_db!(db, p => sqlx::query_as(
        "SELECT m.id, m.association_id FROM members m \
         WHERE m.email LIKE '%.demo' AND m.status = 'active' ORDER BY m.association_id, m.email",
    )
    .fetch_all(p)
    .await)?;
    // Through the same calls as members use, so that each new connection is in the outbox and
    // reaches the feeds of both sides.
    let mut connected = 0;
    let no_note = civiclink_people::ConnectionNote::parse("")?;
    for (i, (a, assoc)) in members.iter().enumerate() {
        for (b, other_assoc) in members.iter().skip(i + 1).take(3) {
            if assoc != other_assoc || assoc.is_none() {
                continue;
            }
            match people.request_connection(*a, *b, &no_note).await {
                Ok(civiclink_people::ConnectionStatus::Pending) => {
                    people.accept_connection(*b, *a).await?;
                    connected += 1;
                }
                Ok(_) => connected += 1,
                // Connected already, or a request waits from an earlier run: keep what is there.
                Err(civiclink_people::PeopleError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    let t = civiclink_store::now();
    // Everyone follows their own organization.
    on_db!(db, p => sqlx::query(
        "INSERT INTO follows (follower, target_kind, target_id, created_at) \
         SELECT m.id, 'organization', m.org_id, $1 FROM members m \
         WHERE m.email LIKE '%.demo' AND m.org_id IS NOT NULL ON CONFLICT DO NOTHING",
    )
    .bind(t)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok((filled, connected))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn demo_people_are_filled_once() -> anyhow::Result<()> {
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
        let accounts = civiclink_accounts::Accounts::new(
            db.clone(),
            mailer,
            civiclink_accounts::AccountsConfig {
                public_url: "http://127.0.0.1:8080".into(),
                membership_days: 365,
                hash_concurrency: civiclink_accounts::AccountsConfig::default_hash_concurrency(),
            },
        );
        let people = civiclink_people::People::new(db);
        crate::demo::seed(&accounts, 7).await?;
        let (filled, connected) = super::seed_people(&people, 7).await?;
        assert!(filled > 200, "filled {filled}");
        assert!(connected > 200, "connected {connected}");
        assert_eq!(super::seed_people(&people, 7).await?, (0, 0));
        let admin = accounts
            .member_by_email(&civiclink_domain::EmailAddress::parse(
                "member@civiclink.demo",
            )?)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo member missing"))?;
        let profile = people.profile(admin.id).await?;
        assert!(!profile.job_title.is_empty() && !profile.expertise.is_empty());
        Ok(())
    }
}
