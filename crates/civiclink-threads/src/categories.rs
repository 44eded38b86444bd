//! Categories: where threads live, and who may see them. A category is open to every member,
//! or restricted to one association, or to the members it lists, or both. Outsiders do not see
//! a restricted category at all: every read of threads and posts joins its category and
//! applies [`visible`], so a restricted category's threads are absent from lists, counts and
//! pages alike.

use civiclink_domain::{Actor, AssociationId, MemberId, Role, ValidationError};
use civiclink_store::{execute, on_db, on_tx, sqlx};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::model::{line, slug};
use crate::{CategoryId, Threads, ThreadsAudit, ThreadsError, ThreadsEvent, ThreadsResult};

/// The condition under which the actor bound at `$n`, `$n+1`, `$n+2` (see [`Viewer`]) sees the
/// category aliased `c`: site administrators see every category; others, a category open to
/// their association (or to all) that lists no members or lists them.
pub(crate) fn visible(n: usize) -> String {
    format!(
        "(${n} OR ((c.association_id IS NULL OR c.association_id = ${a}) AND \
         (NOT c.members_only OR EXISTS (SELECT 1 FROM category_members cm \
         WHERE cm.category_id = c.id AND cm.member_id = ${m}))))",
        a = n + 1,
        m = n + 2
    )
}

/// The condition under which the member `m` (a row of `member_facts`) sees the category `c`:
/// [`visible`] for someone other than the actor, such as the recipient of a notification.
pub(crate) const VISIBLE_TO_M: &str = "(m.role = 'site_admin' OR \
     ((c.association_id IS NULL OR c.association_id = m.association_id) AND \
     (NOT c.members_only OR EXISTS (SELECT 1 FROM category_members cm \
     WHERE cm.category_id = c.id AND cm.member_id = m.id))))";

/// What [`visible`] binds for an actor, in its order.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Viewer {
    pub all: bool,
    pub association: Option<AssociationId>,
    pub member: MemberId,
}

impl Viewer {
    pub(crate) fn of(actor: &Actor) -> Self {
        Self {
            all: actor.role == Role::SiteAdmin,
            association: actor.association_id,
            member: actor.id,
        }
    }
}

/// Binds a [`Viewer`] where [`visible`] placed it.
macro_rules! bind_viewer {
    ($q:expr, $v:expr) => {
        $q.bind($v.all).bind($v.association).bind($v.member)
    };
}
pub(crate) use bind_viewer;

/// A category as a member who may see it sees it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// The association it is restricted to, if any.
    pub association_id: Option<AssociationId>,
    /// Only the members it lists see it (within its association, if it has one).
    pub members_only: bool,
    /// How many threads it holds.
    pub threads: i64,
    /// The address of its page.
    pub url: String,
}

impl Category {
    /// Whether some members cannot see it.
    pub fn restricted(&self) -> bool {
        self.association_id.is_some() || self.members_only
    }
}

#[derive(sqlx::FromRow)]
struct CategoryRow {
    id: CategoryId,
    slug: String,
    name: String,
    description: String,
    association_id: Option<AssociationId>,
    members_only: bool,
    threads: i64,
}

const CATEGORY_COLUMNS: &str = "c.id, c.slug, c.name, c.description, c.association_id, \
     c.members_only, (SELECT COUNT(*) FROM threads t WHERE t.category_id = c.id) AS threads";

/// A category to create, as typed.
#[derive(Clone, Debug, Default)]
pub struct CategoryInput<'a> {
    pub name: &'a str,
    pub description: &'a str,
    /// An association id, or empty for every association.
    pub association: &'a str,
    pub members_only: bool,
}

impl Threads {
    fn category_of(&self, r: CategoryRow) -> Category {
        Category {
            url: self.links.category(&r.slug),
            id: r.id,
            slug: r.slug,
            name: r.name,
            description: r.description,
            association_id: r.association_id,
            members_only: r.members_only,
            threads: r.threads,
        }
    }

    /// Every category the actor may see, in the order administrators gave them, then by name.
    pub async fn categories(&self, actor: &Actor) -> ThreadsResult<Vec<Category>> {
        let v = Viewer::of(actor);
        let sql = format!(
            "SELECT {CATEGORY_COLUMNS} FROM categories c WHERE {} ORDER BY c.position, c.name_key",
            visible(1)
        );
        let rows: Vec<CategoryRow> =
            on_db!(self.db, p => bind_viewer!(sqlx::query_as(&sql), v).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| self.category_of(r)).collect())
    }

    /// The category with this slug (or id), if the actor may see it.
    pub async fn category(&self, actor: &Actor, slug_or_id: &str) -> ThreadsResult<Category> {
        let v = Viewer::of(actor);
        let id = slug_or_id.parse::<CategoryId>().ok();
        let sql = format!(
            "SELECT {CATEGORY_COLUMNS} FROM categories c WHERE (c.slug = $4 OR c.id = $5) AND {}",
            visible(1)
        );
        let row: Option<CategoryRow> = on_db!(self.db, p => bind_viewer!(sqlx::query_as(&sql), v)
            .bind(slug_or_id)
            .bind(id)
            .fetch_optional(p)
            .await)?;
        row.map(|r| self.category_of(r))
            .ok_or(ThreadsError::NotFound)
    }

    /// Creates a category. Site administrators anywhere; an association's administrators only
    /// for their own association (the category is then restricted to it).
    pub async fn create_category(
        &self,
        actor: &Actor,
        input: &CategoryInput<'_>,
    ) -> ThreadsResult<Category> {
        if !matches!(actor.role, Role::SiteAdmin | Role::AssociationAdmin) {
            return Err(ThreadsError::Forbidden);
        }
        let name = line(input.name, "name", 120, "max-120-chars")?;
        let description = input.description.trim().to_owned();
        if description.chars().count() > 2000 {
            return Err(ValidationError::new("description", "max-2000-chars").into());
        }
        if description
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
        {
            return Err(ValidationError::new("description", "control-chars").into());
        }
        let association = match input.association.trim() {
            "" => None,
            s => Some(
                s.parse::<AssociationId>()
                    .map_err(|_| ValidationError::new("association", "unknown-association"))?,
            ),
        };
        let association = match actor.role {
            Role::SiteAdmin => association,
            Role::AssociationAdmin
                if association.is_none() || association == actor.association_id =>
            {
                actor.association_id
            }
            _ => return Err(ThreadsError::Forbidden),
        };
        let mut tx = self.db.begin().await?;
        if let Some(a) = association {
            let known: Option<AssociationId> = on_tx!(tx, c => sqlx::query_scalar(
                "SELECT id FROM association_facts WHERE id = $1",
            )
            .bind(a)
            .fetch_optional(&mut *c)
            .await)?;
            if known.is_none() {
                return Err(ValidationError::new("association", "unknown-association").into());
            }
        }
        let id = CategoryId::new();
        let slug = slug(&name);
        let position: i32 = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(position), 0) + 1 AS INTEGER) FROM categories",
        )
        .fetch_one(&mut *c)
        .await)?;
        let n = execute!(
            tx,
            sqlx::query(
                "INSERT INTO categories (id, slug, name, name_key, description, association_id, \
                 members_only, position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(&slug)
            .bind(&name)
            .bind(civiclink_domain::text::search_key(&name))
            .bind(&description)
            .bind(association)
            .bind(input.members_only)
            .bind(position)
            .bind(civiclink_store::now())
        )?;
        if n == 0 {
            return Err(ThreadsError::Conflict("conflict-category-exists"));
        }
        tx.emit(
            id.as_uuid(),
            &ThreadsEvent::CategoryCreated {
                category: id,
                name: name.clone(),
            },
        )
        .await?;
        tx.audit(
            actor,
            id,
            &ThreadsAudit::CategoryCreate { name: name.clone() },
        )
        .await?;
        tx.commit().await?;
        Ok(Category {
            url: self.links.category(&slug),
            id,
            slug,
            name,
            description,
            association_id: association,
            members_only: input.members_only,
            threads: 0,
        })
    }

    /// Lists `member` in a category restricted to its members (`add`), or takes them off.
    /// Administrators of the category's association, or site administrators.
    pub async fn set_category_member(
        &self,
        actor: &Actor,
        category: CategoryId,
        member: MemberId,
        add: bool,
    ) -> ThreadsResult<()> {
        let mut tx = self.db.begin().await?;
        let association: Option<Option<AssociationId>> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT association_id FROM categories WHERE id = $1",
        )
        .bind(category)
        .fetch_optional(&mut *c)
        .await)?;
        let association = association.ok_or(ThreadsError::NotFound)?;
        let allowed = actor.role == Role::SiteAdmin
            || (actor.role == Role::AssociationAdmin
                && association.is_some()
                && association == actor.association_id);
        if !allowed {
            return Err(ThreadsError::Forbidden);
        }
        let known: Option<MemberId> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT id FROM member_facts WHERE id = $1",
        )
        .bind(member)
        .fetch_optional(&mut *c)
        .await)?;
        if known.is_none() {
            return Err(ThreadsError::NotFound);
        }
        let changed = if add {
            execute!(
                tx,
                sqlx::query(
                    "INSERT INTO category_members (category_id, member_id) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(category)
                .bind(member)
            )?
        } else {
            execute!(
                tx,
                sqlx::query(
                    "DELETE FROM category_members WHERE category_id = $1 AND member_id = $2",
                )
                .bind(category)
                .bind(member)
            )?
        };
        if changed == 0 {
            return Ok(());
        }
        let (event, action) = if add {
            (
                ThreadsEvent::CategoryMemberAdded {
                    category,
                    member,
                    by: actor.id,
                },
                ThreadsAudit::CategoryMemberAdd { member },
            )
        } else {
            (
                ThreadsEvent::CategoryMemberRemoved {
                    category,
                    member,
                    by: actor.id,
                },
                ThreadsAudit::CategoryMemberRemove { member },
            )
        };
        tx.emit(category.as_uuid(), &event).await?;
        tx.audit(actor, category, &action).await?;
        tx.commit().await?;
        Ok(())
    }
}
