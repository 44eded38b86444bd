//! Member profiles: what a member tells others about themself, and who sees which field.

use std::collections::BTreeMap;

use civiclink_domain::{
    AssociationId, DisplayName, ExpertiseTag, Handle, Language, MemberId, MemberStatus, OrgId,
    ProfileField, Role, ValidationError, Visibility,
};
use civiclink_store::{StoreError, Tx, execute, now, on_db};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{People, PeopleError, PeopleResult, Relation};

const SHORT_MAX: usize = 200;
const BIO_MAX: usize = 10_000;
const LINK_MAX: usize = 500;

/// A link on a profile (a personal site, a LinkedIn page, a GitHub account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Link {
    pub url: String,
}

impl Link {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        let ok = (s.starts_with("https://") || s.starts_with("http://"))
            && s.len() > "https://".len()
            && s.len() <= LINK_MAX
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
        if ok {
            Ok(Self { url: s.to_owned() })
        } else {
            Err(ValidationError::new("links", "link-invalid"))
        }
    }
}

/// A profile as stored, with everything in it. Only its owner and the services see it whole;
/// others get a [`ProfileView`].
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Profile {
    pub member_id: MemberId,
    pub handle: Handle,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub association_id: Option<AssociationId>,
    pub association_name: Option<String>,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub job_title: String,
    pub department: String,
    pub bio: String,
    pub bio_language: Option<Language>,
    pub years_in_municipal_it: Option<i64>,
    pub location: String,
    pub links: Vec<Link>,
    pub expertise: Vec<ExpertiseTag>,
    pub visibility: BTreeMap<ProfileField, Visibility>,
    pub in_directory: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub last_active_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The member's status, for the rule of who may see the profile at all; not shown.
    #[serde(skip)]
    #[schema(ignore)]
    pub status: MemberStatus,
}

impl Profile {
    /// Who may see `field`.
    pub fn visibility_of(&self, field: ProfileField) -> Visibility {
        self.visibility
            .get(&field)
            .copied()
            .unwrap_or(field.default_visibility())
    }

    /// The profile as a viewer standing in `relation` sees it: hidden fields are `None`.
    pub fn view(&self, relation: Relation) -> ProfileView {
        let sees = |f: ProfileField| relation.sees(self.visibility_of(f));
        let text = |f: ProfileField, v: &String| (sees(f) && !v.is_empty()).then(|| v.clone());
        ProfileView {
            member_id: self.member_id,
            handle: self.handle.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            association_name: self.association_name.clone(),
            org_id: self.org_id,
            org_name: self.org_name.clone(),
            region: self.region.clone(),
            country: self.country.clone(),
            relation,
            email: text(ProfileField::Email, &self.email),
            job_title: text(ProfileField::JobTitle, &self.job_title),
            department: text(ProfileField::Department, &self.department),
            bio_html: (sees(ProfileField::Bio) && !self.bio.is_empty())
                .then(|| civiclink_markdown::render(&self.bio)),
            bio_language: self.bio_language,
            expertise: if sees(ProfileField::Expertise) {
                self.expertise.clone()
            } else {
                Vec::new()
            },
            years_in_municipal_it: if sees(ProfileField::Years) {
                self.years_in_municipal_it
            } else {
                None
            },
            location: text(ProfileField::Location, &self.location),
            links: if sees(ProfileField::Links) {
                self.links.clone()
            } else {
                Vec::new()
            },
        }
    }
}

/// A profile as one viewer may see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProfileView {
    pub member_id: MemberId,
    pub handle: Handle,
    pub display_name: String,
    pub role: Role,
    pub association_name: Option<String>,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    /// How the viewer stands to this member.
    pub relation: Relation,
    pub email: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    /// The bio rendered from markdown and sanitized.
    pub bio_html: Option<String>,
    /// The language the bio is written in, for `lang` attributes and search stemming.
    pub bio_language: Option<Language>,
    pub expertise: Vec<ExpertiseTag>,
    pub years_in_municipal_it: Option<i64>,
    pub location: Option<String>,
    pub links: Vec<Link>,
}

/// A complete new state of the editable profile fields, validated.
#[derive(Clone, Debug)]
pub struct ProfileUpdate {
    pub handle: Handle,
    pub job_title: String,
    pub department: String,
    pub bio: String,
    pub bio_language: Option<Language>,
    pub years_in_municipal_it: Option<i64>,
    pub location: String,
    pub links: Vec<Link>,
    pub expertise: Vec<ExpertiseTag>,
    pub visibility: BTreeMap<ProfileField, Visibility>,
    pub in_directory: bool,
}

fn short(s: &str, field: &'static str) -> Result<String, ValidationError> {
    let s = s.trim();
    if s.chars().count() > SHORT_MAX {
        return Err(ValidationError::new(field, "max-200-chars"));
    }
    if s.chars().any(char::is_control) {
        return Err(ValidationError::new(field, "control-chars"));
    }
    Ok(s.to_owned())
}

impl ProfileUpdate {
    /// Checks every field; the first problem found is returned. `links` and `expertise` are
    /// lists as typed (one link per line; tags separated by commas).
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        handle: &str,
        job_title: &str,
        department: &str,
        bio: &str,
        bio_language: &str,
        years: &str,
        location: &str,
        links: &str,
        expertise: &str,
        visibility: &BTreeMap<String, String>,
        in_directory: bool,
    ) -> Result<Self, ValidationError> {
        let bio = bio.trim();
        if bio.chars().count() > BIO_MAX {
            return Err(ValidationError::new("bio", "max-10000-chars"));
        }
        let years = match years.trim() {
            "" => None,
            y => match y.parse::<i64>() {
                Ok(n) if (0..=70).contains(&n) => Some(n),
                _ => {
                    return Err(ValidationError::new(
                        "years_in_municipal_it",
                        "years-invalid",
                    ));
                }
            },
        };
        let links: Vec<Link> = links
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(Link::parse)
            .collect::<Result<_, _>>()?;
        if links.len() > 10 {
            return Err(ValidationError::new("links", "max-10-links"));
        }
        let mut tags: Vec<ExpertiseTag> = expertise
            .split([',', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(ExpertiseTag::parse)
            .collect::<Result<_, _>>()?;
        tags.sort();
        tags.dedup();
        if tags.len() > 30 {
            return Err(ValidationError::new("expertise", "max-30-tags"));
        }
        let mut vis = BTreeMap::new();
        for (field, value) in visibility {
            vis.insert(field.parse::<ProfileField>()?, value.parse::<Visibility>()?);
        }
        Ok(Self {
            handle: Handle::parse(handle)?,
            job_title: short(job_title, "job_title")?,
            department: short(department, "department")?,
            bio: bio.to_owned(),
            bio_language: match bio_language.trim() {
                "" => None,
                l => Some(l.parse()?),
            },
            years_in_municipal_it: years,
            location: short(location, "location")?,
            links,
            expertise: tags,
            visibility: vis,
            in_directory,
        })
    }
}

const PROFILE_SELECT: &str = "SELECT p.member_id, p.handle, m.display_name, m.email, m.role, \
     m.association_id, a.name AS association_name, m.org_id, o.name AS org_name, o.region, \
     o.country, p.job_title, p.department, p.bio, p.bio_language, p.years_in_municipal_it, \
     p.location, p.links, p.visibility, p.in_directory, p.last_active_at, p.updated_at, \
     m.status FROM profiles p JOIN member_facts m ON m.id = p.member_id \
     LEFT JOIN organization_facts o ON o.id = m.org_id \
     LEFT JOIN association_facts a ON a.id = m.association_id";

#[derive(sqlx::FromRow)]
struct ProfileRow {
    member_id: MemberId,
    handle: String,
    display_name: String,
    email: String,
    role: String,
    association_id: Option<AssociationId>,
    association_name: Option<String>,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    region: Option<String>,
    country: Option<String>,
    job_title: String,
    department: String,
    bio: String,
    bio_language: Option<String>,
    years_in_municipal_it: Option<i64>,
    location: String,
    links: Json<Vec<Link>>,
    visibility: Json<BTreeMap<String, String>>,
    in_directory: bool,
    last_active_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    status: String,
}

impl ProfileRow {
    fn into_profile(self, expertise: Vec<ExpertiseTag>) -> PeopleResult<Profile> {
        let corrupt = |e: ValidationError| PeopleError::Store(StoreError::corrupt(e));
        let mut visibility = BTreeMap::new();
        for (k, v) in &self.visibility.0 {
            visibility.insert(k.parse().map_err(corrupt)?, v.parse().map_err(corrupt)?);
        }
        Ok(Profile {
            member_id: self.member_id,
            handle: Handle::from_stored(&self.handle).map_err(corrupt)?,
            display_name: self.display_name,
            email: self.email,
            role: self.role.parse().map_err(corrupt)?,
            association_id: self.association_id,
            association_name: self.association_name,
            org_id: self.org_id,
            org_name: self.org_name,
            region: self.region,
            country: self.country,
            job_title: self.job_title,
            department: self.department,
            bio: self.bio,
            bio_language: self
                .bio_language
                .as_deref()
                .map(str::parse)
                .transpose()
                .map_err(corrupt)?,
            years_in_municipal_it: self.years_in_municipal_it,
            location: self.location,
            links: self.links.0,
            expertise,
            visibility,
            in_directory: self.in_directory,
            last_active_at: self.last_active_at,
            updated_at: self.updated_at,
            status: self.status.parse().map_err(corrupt)?,
        })
    }
}

impl People {
    async fn load(&self, where_clause: &str, key: ProfileKey<'_>) -> PeopleResult<Profile> {
        let sql = format!("{PROFILE_SELECT} WHERE {where_clause}");
        let row: Option<ProfileRow> = match key {
            ProfileKey::Id(id) => {
                on_db!(self.db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?
            }
            ProfileKey::Handle(h) => {
                on_db!(self.db, p => sqlx::query_as(&sql).bind(h).fetch_optional(p).await)?
            }
        };
        let row = row.ok_or(PeopleError::NotFound)?;
        let tags: Vec<String> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT tag FROM member_expertise WHERE member_id = $1 ORDER BY tag",
        )
        .bind(row.member_id)
        .fetch_all(p)
        .await)?;
        let tags = tags
            .iter()
            .map(|t| ExpertiseTag::parse(t).map_err(|e| PeopleError::Store(StoreError::corrupt(e))))
            .collect::<PeopleResult<Vec<_>>>()?;
        row.into_profile(tags)
    }

    /// A member's whole profile.
    pub async fn profile(&self, id: MemberId) -> PeopleResult<Profile> {
        self.load("p.member_id = $1", ProfileKey::Id(id)).await
    }

    /// A profile by handle (case-insensitive).
    pub async fn profile_by_handle(&self, handle: &str) -> PeopleResult<Profile> {
        // Handles are stored in lower case ASCII (see `Handle`); no lower() in SQL.
        let handle = handle.to_ascii_lowercase();
        self.load("p.handle = $1", ProfileKey::Handle(&handle))
            .await
    }

    /// A profile by handle for `viewer`: not found when they may not see its member at all
    /// (see [`civiclink_accounts::Actor::may_see_member`]).
    pub async fn visible_profile(
        &self,
        viewer: &civiclink_accounts::Actor,
        handle: &str,
    ) -> PeopleResult<Profile> {
        let profile = self.profile_by_handle(handle).await?;
        if viewer.may_see_member(profile.member_id, profile.association_id, profile.status) {
            Ok(profile)
        } else {
            Err(PeopleError::NotFound)
        }
    }

    /// The profile of `subject` as `viewer` sees it (load it with [`People::visible_profile`]).
    pub async fn view(&self, viewer: MemberId, subject: &Profile) -> PeopleResult<ProfileView> {
        let relation = self.relation(viewer, subject.member_id).await?;
        Ok(subject.view(relation))
    }

    /// Replaces the editable fields of a member's profile.
    pub async fn update_profile(
        &self,
        member: MemberId,
        update: &ProfileUpdate,
    ) -> PeopleResult<Profile> {
        let mut tx = self.db.begin().await?;
        Self::write_profile(&mut tx, member, update).await?;
        tx.commit().await?;
        self.profile(member).await
    }

    /// A member's edit of their profile, name included: one transaction, so that a refused
    /// handle leaves the name as it was too.
    pub async fn edit_profile(
        &self,
        member: MemberId,
        name: &DisplayName,
        update: &ProfileUpdate,
    ) -> PeopleResult<Profile> {
        let mut tx = self.db.begin().await?;
        Self::write_profile(&mut tx, member, update).await?;
        civiclink_accounts::Accounts::rename_in(&mut tx, member, name).await?;
        tx.commit().await?;
        self.profile(member).await
    }

    async fn write_profile(
        tx: &mut Tx,
        member: MemberId,
        update: &ProfileUpdate,
    ) -> PeopleResult<()> {
        let t = now();
        let visibility: BTreeMap<&str, &str> = update
            .visibility
            .iter()
            .map(|(f, v)| (f.as_str(), v.as_str()))
            .collect();
        let r = execute!(
            tx,
            sqlx::query(
                "UPDATE profiles SET handle = $2, job_title = $3, department = $4, bio = $5, \
             bio_language = $6, years_in_municipal_it = $7, location = $8, links = $9, \
             visibility = $10, in_directory = $11, updated_at = $12, last_active_at = $12 \
             WHERE member_id = $1",
            )
            .bind(member)
            .bind(update.handle.as_str())
            .bind(&update.job_title)
            .bind(&update.department)
            .bind(&update.bio)
            .bind(update.bio_language.map(Language::code))
            .bind(update.years_in_municipal_it)
            .bind(&update.location)
            .bind(Json(&update.links))
            .bind(Json(&visibility))
            .bind(update.in_directory)
            .bind(t)
        );
        match r.map_err(StoreError::from) {
            Err(StoreError::Conflict(_)) => return Err(PeopleError::Conflict("conflict-handle")),
            Ok(0) => return Err(PeopleError::NotFound),
            other => {
                other?;
            }
        }
        execute!(
            tx,
            sqlx::query("DELETE FROM member_expertise WHERE member_id = $1").bind(member)
        )
        .map_err(StoreError::from)?;
        for tag in &update.expertise {
            execute!(
                tx,
                sqlx::query(
                    "INSERT INTO member_expertise (member_id, tag, curated) VALUES ($1, $2, $3)",
                )
                .bind(member)
                .bind(tag.as_str())
                .bind(tag.is_curated())
            )
            .map_err(StoreError::from)?;
        }
        tx.emit(
            member.as_uuid(),
            &crate::PeopleEvent::ProfileUpdated {
                handle: update.handle.as_str().to_owned(),
            },
        )
        .await?;
        Ok(())
    }
}

enum ProfileKey<'a> {
    Id(MemberId),
    Handle(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vis(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn updates_are_validated() {
        let ok = ProfileUpdate::parse(
            "ada",
            "GIS lead",
            "IT",
            "I map **things**",
            "en",
            "12",
            "Kingston",
            "https://example.org\n\nhttp://a.example/b",
            "GIS, Open data, gis",
            &vis(&[("email", "nobody")]),
            true,
        );
        let ok = ok.ok();
        assert!(
            ok.as_ref()
                .is_some_and(|u| u.expertise.len() == 2 && u.links.len() == 2)
        );
        let bad = |h: &str, years: &str, links: &str, tags: &str, v: &[(&str, &str)]| {
            ProfileUpdate::parse(h, "", "", "", "", years, "", links, tags, &vis(v), true).err()
        };
        assert_eq!(
            bad("a", "", "", "", &[]).map(|e| e.message),
            Some("handle-invalid")
        );
        assert_eq!(
            bad("ada", "71", "", "", &[]).map(|e| e.message),
            Some("years-invalid")
        );
        assert_eq!(
            bad("ada", "x", "", "", &[]).map(|e| e.message),
            Some("years-invalid")
        );
        assert_eq!(
            bad("ada", "", "javascript:alert(1)", "", &[]).map(|e| e.message),
            Some("link-invalid")
        );
        assert_eq!(
            bad("ada", "", "", "<b>", &[]).map(|e| e.message),
            Some("tag-invalid")
        );
        assert_eq!(
            bad("ada", "", "", "", &[("email", "friends")]).map(|e| e.message),
            Some("invalid-choice")
        );
        assert_eq!(
            bad("ada", "", "", "", &[("shoe_size", "nobody")]).map(|e| e.message),
            Some("invalid-choice")
        );
        let many: String = (0..31).map(|i| format!("tag{i},")).collect();
        assert_eq!(
            bad("ada", "", "", &many, &[]).map(|e| e.message),
            Some("max-30-tags")
        );
        let long_bio = "x".repeat(BIO_MAX + 1);
        let r = ProfileUpdate::parse(
            "ada",
            "",
            "",
            &long_bio,
            "",
            "",
            "",
            "",
            "",
            &vis(&[]),
            true,
        );
        assert_eq!(r.err().map(|e| e.message), Some("max-10000-chars"));
    }
}
