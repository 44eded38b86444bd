//! The taxonomy of business functions, which site administrators maintain.

use civiclink_domain::{Actor, Role};
use civiclink_store::{execute, on_db, on_tx, sqlx};

use crate::model::{function_name, slug};
use crate::{
    BusinessFunction, BusinessFunctionId, Technology, TechnologyAudit, TechnologyError,
    TechnologyEvent, TechnologyResult,
};

fn require_site_admin(actor: &Actor) -> TechnologyResult<()> {
    if actor.role == Role::SiteAdmin {
        Ok(())
    } else {
        Err(TechnologyError::Forbidden)
    }
}

impl Technology {
    /// Every business function, by name.
    pub async fn functions(&self) -> TechnologyResult<Vec<BusinessFunction>> {
        Ok(on_db!(self.db, p => sqlx::query_as::<_, BusinessFunction>(
            "SELECT id, slug, name FROM business_functions ORDER BY name_key",
        )
        .fetch_all(p)
        .await)?)
    }

    /// The business function with `slug`.
    pub async fn function_by_slug(&self, slug: &str) -> TechnologyResult<Option<BusinessFunction>> {
        Ok(on_db!(self.db, p => sqlx::query_as::<_, BusinessFunction>(
            "SELECT id, slug, name FROM business_functions WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(p)
        .await)?)
    }

    /// Adds a business function to the taxonomy. Site administrators only; a name that folds
    /// to an existing one is a conflict.
    pub async fn add_function(
        &self,
        actor: &Actor,
        name: &str,
    ) -> TechnologyResult<BusinessFunction> {
        require_site_admin(actor)?;
        let name = function_name(name)?;
        let function = BusinessFunction {
            id: BusinessFunctionId::new(),
            slug: slug(&name),
            name,
        };
        let mut tx = self.db.begin().await?;
        let n = on_tx!(tx, c => sqlx::query(
            "INSERT INTO business_functions (id, slug, name, name_key, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(function.id)
        .bind(&function.slug)
        .bind(&function.name)
        .bind(civiclink_domain::text::search_key(&function.name))
        .bind(civiclink_store::now())
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))?;
        if n == 0 {
            return Err(TechnologyError::Conflict("conflict-function-exists"));
        }
        tx.emit(
            function.id.as_uuid(),
            &TechnologyEvent::FunctionCreated {
                function: function.id,
                slug: function.slug.clone(),
                name: function.name.clone(),
            },
        )
        .await?;
        tx.audit(
            actor,
            function.id,
            &TechnologyAudit::FunctionCreate {
                name: function.name.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(function)
    }

    /// Renames a business function; its slug, and so every address that names it, stays.
    pub async fn rename_function(
        &self,
        actor: &Actor,
        id: BusinessFunctionId,
        name: &str,
    ) -> TechnologyResult<BusinessFunction> {
        require_site_admin(actor)?;
        let name = function_name(name)?;
        let mut tx = self.db.begin().await?;
        let before: Option<BusinessFunction> = on_tx!(tx, c => sqlx::query_as(
            "SELECT id, slug, name FROM business_functions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        let before = before.ok_or(TechnologyError::NotFound)?;
        let taken: Option<BusinessFunctionId> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT id FROM business_functions WHERE name_key = $1 AND id <> $2",
        )
        .bind(civiclink_domain::text::search_key(&name))
        .bind(id)
        .fetch_optional(&mut *c)
        .await)?;
        if taken.is_some() {
            return Err(TechnologyError::Conflict("conflict-function-exists"));
        }
        execute!(
            tx,
            sqlx::query("UPDATE business_functions SET name = $2, name_key = $3 WHERE id = $1",)
                .bind(id)
                .bind(&name)
                .bind(civiclink_domain::text::search_key(&name))
        )?;
        tx.emit(
            id.as_uuid(),
            &TechnologyEvent::FunctionRenamed {
                function: id,
                name: name.clone(),
            },
        )
        .await?;
        tx.audit(
            actor,
            id,
            &TechnologyAudit::FunctionRename {
                from: before.name,
                to: name.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(BusinessFunction {
            id,
            slug: before.slug,
            name,
        })
    }
}
