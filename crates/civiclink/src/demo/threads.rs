//! Threads' demo data: the categories and discussions of `data/threads.json`, written through
//! threads' use-cases as members would. A thread is opened by a member whose organization runs
//! one of its listings when one does (else by a member drawn from the seed), its replies come
//! from members of other organizations that run them, and a question's accepted answer is
//! marked by its author. One category is restricted to an association's members and one to a
//! closed group. Idempotent: a category is found by name, and its threads are written only in
//! the run that created it.

use std::fmt;

use anyhow::Context;
use civiclink_accounts::Accounts;
use civiclink_domain::{OrgId, Role};
use civiclink_technology::{Technology, UsageFilter};
use civiclink_threads::{CategoryInput, PostId, ThreadInput, Threads};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

use super::{DemoMember, DemoWorld};

/// The embedded categories and discussions.
const THREADS_JSON: &str = include_str!("../../data/threads.json");

#[derive(Deserialize)]
struct Data {
    categories: Vec<CategoryData>,
    threads: Vec<ThreadData>,
}

#[derive(Deserialize)]
struct CategoryData {
    name: String,
    description: String,
    /// `everyone`, `association:<name>` or `members` (a closed group).
    audience: String,
}

#[derive(Deserialize)]
struct ThreadData {
    category: String,
    kind: String,
    title: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    listings: Vec<String>,
    text: String,
    #[serde(default)]
    replies: Vec<ReplyData>,
}

#[derive(Deserialize)]
struct ReplyData {
    text: String,
    /// `user`: a member whose organization runs a listing of the thread; `author`: the
    /// thread's author.
    by: String,
    /// The 1-based index of the earlier reply this one answers.
    #[serde(default)]
    reply_to: Option<usize>,
    #[serde(default)]
    accepted: bool,
}

/// What threads' demo loader did.
#[derive(Clone, Debug)]
pub struct ThreadsDemo {
    pub categories_created: usize,
    pub threads_created: usize,
    pub replies_created: usize,
}

impl fmt::Display for ThreadsDemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Discussions: {} categories, {} threads and {} replies added.",
            self.categories_created, self.threads_created, self.replies_created
        )
    }
}

/// How many members the closed group lists.
const GROUP_SIZE: usize = 12;

pub(super) async fn load(
    threads: &Threads,
    technology: &Technology,
    accounts: &Accounts,
    world: &DemoWorld,
    seed: u64,
) -> anyhow::Result<ThreadsDemo> {
    let data: Data =
        serde_json::from_str(THREADS_JSON).context("the embedded discussions do not parse")?;
    let admin = &world.site_admin;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7417_ead5);
    let active: Vec<&DemoMember> = world
        .members
        .iter()
        .filter(|m| m.org_id.is_some() && m.role != Role::SiteAdmin)
        .collect();
    anyhow::ensure!(!active.is_empty(), "no demo member to write discussions");

    let mut demo = ThreadsDemo {
        categories_created: 0,
        threads_created: 0,
        replies_created: 0,
    };
    let existing = threads.categories(admin).await?;
    for c in &data.categories {
        if existing.iter().any(|e| e.name == c.name) {
            continue;
        }
        let association = match c.audience.strip_prefix("association:") {
            Some(name) => Some(
                accounts
                    .association_by_name(name)
                    .await?
                    .with_context(|| format!("demo association {name:?}"))?
                    .id,
            ),
            None => None,
        };
        let members_only = c.audience == "members";
        let association_text = association.map(|a| a.to_string()).unwrap_or_default();
        let category = threads
            .create_category(
                admin,
                &CategoryInput {
                    name: &c.name,
                    description: &c.description,
                    association: &association_text,
                    members_only,
                },
            )
            .await
            .with_context(|| format!("demo category {:?}", c.name))?;
        demo.categories_created += 1;
        // Who may write here: the association's members, the closed group, or everyone.
        let writers: Vec<&DemoMember> = if members_only {
            let group: Vec<&DemoMember> = active.iter().copied().take(GROUP_SIZE).collect();
            for m in &group {
                threads
                    .set_category_member(admin, category.id, m.id, true)
                    .await?;
            }
            group
        } else if let Some(a) = association {
            active
                .iter()
                .copied()
                .filter(|m| m.association_id == Some(a))
                .collect()
        } else {
            active.clone()
        };
        anyhow::ensure!(!writers.is_empty(), "no writer for {:?}", c.name);
        for t in data.threads.iter().filter(|t| t.category == c.name) {
            write_thread(
                threads,
                technology,
                admin,
                category.id.to_string(),
                t,
                &writers,
                &mut rng,
                &mut demo,
            )
            .await
            .with_context(|| format!("demo thread {:?}", t.title))?;
        }
    }
    Ok(demo)
}

/// The organizations that run any of `listings`, as the directory's pages show them.
async fn runners(
    technology: &Technology,
    admin: &civiclink_domain::Actor,
    listings: &[String],
) -> anyhow::Result<(Vec<String>, Vec<OrgId>)> {
    let mut ids = Vec::new();
    let mut orgs = Vec::new();
    for name in listings {
        let id = technology
            .listing_named(name)
            .await?
            .with_context(|| format!("demo listing {name:?}"))?;
        ids.push(id.to_string());
        let page = technology
            .usage_page(admin, id, &UsageFilter::default(), 0, 500)
            .await?;
        orgs.extend(page.items.iter().map(|r| r.org_id));
    }
    Ok((ids, orgs))
}

#[allow(clippy::too_many_arguments)]
async fn write_thread(
    threads: &Threads,
    technology: &Technology,
    admin: &civiclink_domain::Actor,
    category: String,
    t: &ThreadData,
    writers: &[&DemoMember],
    rng: &mut ChaCha8Rng,
    demo: &mut ThreadsDemo,
) -> anyhow::Result<()> {
    let (listings, orgs) = runners(technology, admin, &t.listings).await?;
    // Those who run one of its listings answer; anyone may ask.
    let users: Vec<&DemoMember> = writers
        .iter()
        .copied()
        .filter(|m| m.org_id.is_some_and(|o| orgs.contains(&o)))
        .collect();
    let author = *writers.choose(rng).context("no writer")?;
    let none: Vec<String> = Vec::new();
    let (thread, _) = threads
        .create_thread(
            &author.actor(),
            &ThreadInput {
                category: &category,
                kind: &t.kind,
                title: &t.title,
                body: &t.text,
                tags: &t.tags,
                listings: &listings,
                orgs: &none,
            },
        )
        .await?;
    demo.threads_created += 1;
    let mut posted: Vec<PostId> = Vec::new();
    for r in &t.replies {
        let by = if r.by == "author" {
            author
        } else {
            let pool = if users.is_empty() { writers } else { &users };
            // Not the author answering themselves, where anyone else can.
            let mut pick = *pool.choose(rng).context("no replier")?;
            for _ in 0..4 {
                if pick.id != author.id {
                    break;
                }
                pick = pool[rng.random_range(0..pool.len())];
            }
            pick
        };
        let to = r
            .reply_to
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| posted.get(i).copied());
        let post = threads.reply(&by.actor(), thread, &r.text, to).await?;
        demo.replies_created += 1;
        if r.accepted && t.kind == "question" {
            threads
                .accept_answer(&author.actor(), thread, Some(post.id))
                .await?;
        }
        posted.push(post.id);
    }
    Ok(())
}
