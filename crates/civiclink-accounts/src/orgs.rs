//! Associations and the organizations that belong to them.

use civiclink_domain::text::search_key;
use civiclink_domain::{
    AssociationId, CountryCode, MunicipalityType, OrgId, OrgKind, Role, ShortText, ValidationError,
};
use civiclink_store::{StoreError, execute, execute_db, now, on_db};

use crate::events::AccountsEvent;
use crate::model::OrganizationRow;
use crate::{
    Accounts, AccountsError, AccountsResult, Actor, ActorRules, Association, OrgReach, Organization,
};

const ORG_SELECT: &str = "SELECT o.id, o.association_id, a.name AS association_name, o.name, \
     o.kind, o.region, o.country, o.population, o.municipality_type, o.it_team_size, o.website, \
     o.description, o.created_at \
     FROM organizations o JOIN associations a ON a.id = o.association_id";

/// A new association, validated.
#[derive(Clone, Debug)]
pub struct NewAssociation {
    pub name: ShortText,
    pub short_name: ShortText,
    pub country: CountryCode,
}

impl NewAssociation {
    pub fn parse(name: &str, short_name: &str, country: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            name: ShortText::parse(name, "name")?,
            short_name: ShortText::parse(short_name, "short_name")?,
            country: CountryCode::parse(country)?,
        })
    }
}

/// A new organization, validated.
#[derive(Clone, Debug)]
pub struct NewOrganization {
    pub association_id: AssociationId,
    pub name: ShortText,
    pub kind: OrgKind,
    pub region: ShortText,
    pub country: CountryCode,
    pub population: Option<i64>,
}

/// Population must be a whole number of people, at most ten times the largest city on Earth.
pub fn parse_population(s: Option<&str>) -> Result<Option<i64>, ValidationError> {
    const ERR: ValidationError = ValidationError::new("population", "population-invalid");
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            let n: i64 = s.replace([',', '_', ' '], "").parse().map_err(|_| ERR)?;
            if (0..=400_000_000).contains(&n) {
                Ok(Some(n))
            } else {
                Err(ERR)
            }
        }
    }
}

/// Changes to an organization; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct OrganizationUpdate {
    pub name: Option<ShortText>,
    pub kind: Option<OrgKind>,
    pub region: Option<ShortText>,
    pub country: Option<CountryCode>,
    pub population: Option<Option<i64>>,
    pub municipality_type: Option<Option<MunicipalityType>>,
    pub it_team_size: Option<Option<i64>>,
    pub website: Option<String>,
    pub description: Option<String>,
}

/// A website address: empty, or http(s) without spaces, at most 300 characters.
pub fn parse_website(s: &str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 300
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if ok {
        Ok(s.to_owned())
    } else {
        Err(ValidationError::new("website", "link-invalid"))
    }
}

/// A short description: at most 2000 characters.
pub fn parse_description(s: &str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.chars().count() > 2000 {
        return Err(ValidationError::new("description", "max-2000-chars"));
    }
    Ok(s.to_owned())
}

/// An IT team's head count: a whole number from 0 to 100,000, or nothing.
pub fn parse_team_size(s: &str) -> Result<Option<i64>, ValidationError> {
    match s.trim() {
        "" => Ok(None),
        v => match v.parse::<i64>() {
            Ok(n) if (0..=100_000).contains(&n) => Ok(Some(n)),
            _ => Err(ValidationError::new("it_team_size", "invalid-choice")),
        },
    }
}

impl Accounts {
    /// Every association, by name (folded: accents and case do not move one, on either
    /// database). There are a handful, so they are sorted here.
    pub async fn list_associations(&self) -> AccountsResult<Vec<Association>> {
        let mut all = on_db!(self.db, p => sqlx::query_as::<_, Association>(
            "SELECT id, name, short_name, country, created_at FROM associations",
        )
        .fetch_all(p)
        .await)?;
        all.sort_by_cached_key(|a| (search_key(&a.name), a.id));
        Ok(all)
    }

    pub async fn association(&self, id: AssociationId) -> AccountsResult<Association> {
        on_db!(self.db, p => sqlx::query_as::<_, Association>(
            "SELECT id, name, short_name, country, created_at FROM associations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(p)
        .await)?
        .ok_or(AccountsError::NotFound)
    }

    /// The association of that name, accents and case aside.
    pub async fn association_by_name(&self, name: &str) -> AccountsResult<Option<Association>> {
        let key = search_key(name);
        Ok(self
            .list_associations()
            .await?
            .into_iter()
            .find(|a| search_key(&a.name) == key))
    }

    /// Organizations, optionally of one association, by name.
    /// The associations `actor` administers, for their pickers: every one for a site
    /// administrator, their own for an association administrator, none for anyone else.
    pub async fn associations_in_reach(&self, actor: &Actor) -> AccountsResult<Vec<Association>> {
        let all = self.list_associations().await?;
        Ok(all
            .into_iter()
            .filter(|a| actor.administers(Some(a.id)))
            .collect())
    }

    /// The organizations `actor` administers memberships in, for their pickers: every one for
    /// a site administrator, their association's for an association administrator, none for
    /// anyone else.
    pub async fn organizations_in_reach(&self, actor: &Actor) -> AccountsResult<Vec<Organization>> {
        match actor.role {
            Role::SiteAdmin => self.list_organizations(None).await,
            Role::AssociationAdmin => match actor.association_id {
                Some(a) => self.list_organizations(Some(a)).await,
                None => Ok(Vec::new()),
            },
            Role::Member | Role::Moderator => Ok(Vec::new()),
        }
    }

    pub async fn list_organizations(
        &self,
        association: Option<AssociationId>,
    ) -> AccountsResult<Vec<Organization>> {
        let rows: Vec<OrganizationRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{ORG_SELECT} WHERE ($1 IS NULL OR o.association_id = $1) ORDER BY o.name_key, o.id")
        )
        .bind(association)
        .fetch_all(p)
        .await)?;
        rows.into_iter()
            .map(|r| Organization::try_from(r).map_err(AccountsError::from))
            .collect()
    }

    pub async fn organization(&self, id: OrgId) -> AccountsResult<Organization> {
        let row: Option<OrganizationRow> = on_db!(self.db, p => sqlx::query_as(
            &format!("{ORG_SELECT} WHERE o.id = $1")
        )
        .bind(id)
        .fetch_optional(p)
        .await)?;
        Ok(row.ok_or(AccountsError::NotFound)?.try_into()?)
    }

    /// Creates an association. Site admins only; `actor` is `None` for the command line and
    /// the demo loader, which act as the operator.
    pub async fn create_association(
        &self,
        actor: Option<&Actor>,
        new: NewAssociation,
    ) -> AccountsResult<Association> {
        if let Some(a) = actor {
            a.require_site_admin()?;
        }
        let id = AssociationId::new();
        let t = now();
        let mut tx = self.db.begin().await?;
        let r = execute!(tx, sqlx::query(
            "INSERT INTO associations (id, name, short_name, country, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(new.name.as_str())
        .bind(new.short_name.as_str())
        .bind(new.country.as_str())
        .bind(t));
        match r.map_err(StoreError::from) {
            Err(StoreError::Conflict(_)) => {
                return Err(AccountsError::Conflict("conflict-association-name"));
            }
            other => other?,
        };
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::AssociationCreated {
                name: new.name.as_str().to_owned(),
            },
        )
        .await?;
        if let Some(a) = actor {
            tx.audit(
                a,
                id,
                &crate::AccountsAudit::AssociationCreate {
                    name: new.name.as_str().to_owned(),
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.association(id).await
    }

    /// Writes the sort and search key of organizations that have none yet (rows from before the
    /// key existed). Idempotent and cheap once done, so every process may run it at start.
    /// Fills `members.name_key` for rows written before it existed (migration 0015), the way
    /// [`Accounts::backfill_org_name_keys`] does for organizations.
    pub async fn backfill_member_name_keys(&self) -> AccountsResult<usize> {
        let rows: Vec<(civiclink_domain::MemberId, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, display_name FROM members WHERE name_key = '' AND display_name <> ''",
        )
        .fetch_all(p)
        .await)?;
        for (id, name) in &rows {
            execute_db!(
                self.db,
                sqlx::query("UPDATE members SET name_key = $2 WHERE id = $1")
                    .bind(id)
                    .bind(search_key(name))
            )?;
        }
        Ok(rows.len())
    }

    pub async fn backfill_org_name_keys(&self) -> AccountsResult<usize> {
        let rows: Vec<(OrgId, String)> = on_db!(self.db, p => sqlx::query_as(
            "SELECT id, name FROM organizations WHERE name_key = '' AND name <> ''",
        )
        .fetch_all(p)
        .await)?;
        for (id, name) in &rows {
            execute_db!(
                self.db,
                sqlx::query("UPDATE organizations SET name_key = $2 WHERE id = $1")
                    .bind(id)
                    .bind(search_key(name))
            )?;
        }
        Ok(rows.len())
    }

    /// Creates an organization in an association the actor administers.
    pub async fn create_organization(
        &self,
        actor: Option<&Actor>,
        new: NewOrganization,
    ) -> AccountsResult<Organization> {
        if let Some(a) = actor
            && !a.administers(Some(new.association_id))
        {
            return Err(AccountsError::Forbidden);
        }
        // A clear 404 for an unknown association rather than a foreign-key failure.
        self.association(new.association_id).await?;
        let id = OrgId::new();
        let mut tx = self.db.begin().await?;
        let r = execute!(tx, sqlx::query(
            "INSERT INTO organizations (id, association_id, name, kind, region, country, population, created_at, name_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(new.association_id)
        .bind(new.name.as_str())
        .bind(new.kind.as_str())
        .bind(new.region.as_str())
        .bind(new.country.as_str())
        .bind(new.population)
        .bind(now())
        .bind(search_key(new.name.as_str())));
        match r.map_err(StoreError::from) {
            Err(StoreError::Conflict(_)) => {
                return Err(AccountsError::Conflict("conflict-organization-name"));
            }
            other => other?,
        };
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::OrganizationCreated {
                association_id: new.association_id,
                name: new.name.as_str().to_owned(),
                kind: new.kind,
            },
        )
        .await?;
        if let Some(a) = actor {
            tx.audit(
                a,
                id,
                &crate::AccountsAudit::OrganizationCreate {
                    name: new.name.as_str().to_owned(),
                    association_id: new.association_id,
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.organization(id).await
    }

    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: OrgId,
        update: OrganizationUpdate,
    ) -> AccountsResult<Organization> {
        let current = self.organization(id).await?;
        match self.org_reach(actor, &current).await? {
            OrgReach::AssociationAdmin => {}
            // An organization's own administrators keep its page; what it is called, what
            // kind it is and where it is (which the directories filter by) stay with the
            // association.
            OrgReach::OrgAdmin => {
                let renames = update
                    .name
                    .as_ref()
                    .is_some_and(|n| n.as_str() != current.name);
                let rekinds = update.kind.is_some_and(|k| k != current.kind);
                let moves = update
                    .region
                    .as_ref()
                    .is_some_and(|r| r.as_str() != current.region)
                    || update
                        .country
                        .as_ref()
                        .is_some_and(|c| c.as_str() != current.country);
                if renames || rekinds || moves {
                    return Err(AccountsError::Forbidden);
                }
            }
            OrgReach::None => return Err(AccountsError::Forbidden),
        }
        let name = update
            .name
            .map_or(current.name.clone(), ShortText::into_inner);
        let kind = update.kind.unwrap_or(current.kind);
        let region = update
            .region
            .map_or(current.region.clone(), ShortText::into_inner);
        let country = update
            .country
            .map_or(current.country.clone(), |c| c.as_str().to_owned());
        let population = update.population.unwrap_or(current.population);
        let municipality_type = update
            .municipality_type
            .unwrap_or(current.municipality_type);
        let it_team_size = update.it_team_size.unwrap_or(current.it_team_size);
        let website = update.website.unwrap_or_else(|| current.website.clone());
        let description = update
            .description
            .unwrap_or_else(|| current.description.clone());
        let mut tx = self.db.begin().await?;
        let r = execute!(tx, sqlx::query(
            "UPDATE organizations SET name = $2, kind = $3, region = $4, country = $5, population = $6, \
             municipality_type = $7, it_team_size = $8, website = $9, description = $10, name_key = $11 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&name)
        .bind(kind.as_str())
        .bind(&region)
        .bind(&country)
        .bind(population)
        .bind(municipality_type.map(MunicipalityType::as_str))
        .bind(it_team_size)
        .bind(&website)
        .bind(&description)
        .bind(search_key(&name)));
        match r.map_err(StoreError::from) {
            Err(StoreError::Conflict(_)) => {
                return Err(AccountsError::Conflict("conflict-organization-name"));
            }
            other => other?,
        };
        tx.emit(
            id.as_uuid(),
            &AccountsEvent::OrganizationUpdated {
                association_id: current.association_id,
                name: name.clone(),
                kind,
            },
        )
        .await?;
        tx.audit(
            actor,
            id,
            &crate::AccountsAudit::OrganizationUpdate {
                before: crate::OrgDirectoryFields {
                    name: current.name.clone(),
                    kind: current.kind,
                    region: current.region.clone(),
                    country: current.country.clone(),
                    population: current.population,
                },
                after: crate::OrgDirectoryFields {
                    name: name.clone(),
                    kind,
                    region: region.clone(),
                    country: country.clone(),
                    population,
                },
            },
        )
        .await?;
        tx.commit().await?;
        self.organization(id).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn populations_parse() {
        assert_eq!(
            super::parse_population(Some("2,794,400")).ok(),
            Some(Some(2_794_400))
        );
        assert_eq!(super::parse_population(Some("  ")).ok(), Some(None));
        assert_eq!(super::parse_population(None).ok(), Some(None));
        assert!(super::parse_population(Some("-1")).is_err());
        assert!(super::parse_population(Some("lots")).is_err());
        assert!(super::parse_population(Some("999999999999")).is_err());
    }
}
