//! The member directory and the organization directory: filtered, sorted, keyset-paginated.
//!
//! What a result shows: a light [`DirectoryEntry`] rather than a whole [`crate::ProfileView`].
//! Name, handle, role, organization, region and country are always visible to members (see
//! `ProfileField`); the job title and the expertise tags follow the member's visibility choice
//! for the viewer's [`Relation`] (the viewer's accepted connections are loaded once per page).
//! Filtering by an expertise tag the member hides from the viewer must not reveal it, so such
//! rows are dropped after the query; a page can then hold fewer rows than asked while `next`
//! still continues after the last row scanned. Members who blocked the viewer, or whom the
//! viewer blocked, are left out both ways.
//!
//! Pagination uses keyset cursors, never OFFSET: the cursor is the last scanned row's sort key
//! and id (base64 of a small JSON object), so a page costs the same at any depth and rows that
//! share a sort name are neither repeated nor skipped. A cursor may also point backwards (the
//! page that ends before a row): the same query in reverse order, reversed again in memory, so
//! going back costs what going forward does. Sorting by recent activity orders by
//! `last_active_at DESC, member_id DESC` (both descending) so the `(last_active_at, member_id)`
//! index answers it scanned backwards.

use std::collections::{BTreeMap, HashMap, HashSet};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use civiclink_domain::{
    AssociationId, ExpertiseTag, Handle, MemberId, OrgId, ProfileField, Role, SizeBand,
    ValidationError, Visibility, text,
};
use civiclink_store::{StoreError, on_db};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::sync::PREFIX_CAP;
use crate::{People, PeopleError, PeopleResult, Relation};

/// The most rows one page may hold.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The page size when none is asked for.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The most rows a CSV export holds.
pub const EXPORT_CAP: usize = 5_000;
/// An indexed filter matching at most this many members drives the query.
const DRIVE_CAP: i64 = 1_000;

/// How the member directory is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DirectorySort {
    /// By folded name, then id.
    #[default]
    Name,
    /// Most recently active first.
    Recent,
}

impl DirectorySort {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        match s.trim() {
            "" | "name" => Ok(Self::Name),
            "recent" => Ok(Self::Recent),
            _ => Err(ValidationError::new("sort", "invalid-choice")),
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Recent => "recent",
        }
    }
}

/// The filters of the member directory, parsed.
#[derive(Clone, Debug, Default)]
pub struct DirectoryFilter {
    /// Folded words; each must be the prefix of one of the member's name words.
    pub name_words: Vec<String>,
    pub org: Option<OrgId>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub association: Option<AssociationId>,
    pub size_band: Option<SizeBand>,
    pub expertise: Option<ExpertiseTag>,
    pub role: Option<Role>,
    pub sort: DirectorySort,
}

fn opt(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

fn parse_opt<T: std::str::FromStr>(
    s: &str,
    field: &'static str,
) -> Result<Option<T>, ValidationError> {
    opt(s)
        .map(|v| {
            v.parse()
                .map_err(|_| ValidationError::new(field, "invalid-choice"))
        })
        .transpose()
}

impl DirectoryFilter {
    /// Parses the filters as typed in a form or a query string; empty means "any".
    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        q: &str,
        org: &str,
        region: &str,
        country: &str,
        association: &str,
        size_band: &str,
        expertise: &str,
        role: &str,
        sort: &str,
    ) -> Result<Self, ValidationError> {
        if q.chars().count() > 100 {
            return Err(ValidationError::new("q", "max-100-chars"));
        }
        let mut name_words = text::tokens(q);
        name_words.truncate(4);
        Ok(Self {
            name_words,
            org: parse_opt(org, "org_id")?,
            region: opt(region).map(str::to_owned),
            country: opt(country).map(str::to_uppercase),
            association: parse_opt(association, "association_id")?,
            size_band: opt(size_band).map(str::parse).transpose()?,
            expertise: opt(expertise).map(ExpertiseTag::parse).transpose()?,
            role: parse_opt(role, "role")?,
            sort: DirectorySort::parse(sort)?,
        })
    }
}

/// The filters of the organization directory.
#[derive(Clone, Debug, Default)]
pub struct OrgFilter {
    /// Lower-cased prefix of the organization's name.
    pub name_prefix: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub association: Option<AssociationId>,
    pub kind: Option<String>,
    pub size_band: Option<SizeBand>,
}

impl OrgFilter {
    pub fn parse(
        q: &str,
        region: &str,
        country: &str,
        association: &str,
        kind: &str,
        size_band: &str,
    ) -> Result<Self, ValidationError> {
        if q.chars().count() > 100 {
            return Err(ValidationError::new("q", "max-100-chars"));
        }
        let kind = match opt(kind) {
            None => None,
            Some(k @ ("municipality" | "vendor" | "partner")) => Some(k.to_owned()),
            Some(_) => return Err(ValidationError::new("kind", "kind-invalid")),
        };
        Ok(Self {
            name_prefix: opt(q).map(str::to_lowercase),
            region: opt(region).map(str::to_owned),
            country: opt(country).map(str::to_uppercase),
            association: parse_opt(association, "association_id")?,
            kind,
            size_band: opt(size_band).map(str::parse).transpose()?,
        })
    }
}

/// A page size, 1 to [`MAX_PAGE_SIZE`].
pub fn page_size(limit: Option<u32>) -> Result<u32, ValidationError> {
    match limit {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(_) => Err(ValidationError::new("limit", "limit-invalid")),
    }
}

/// The opaque position after which the next page starts.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
struct CursorData {
    /// "name", "recent" or "org".
    s: String,
    /// The sort name (members), lower-cased name (organizations) or RFC 3339 time (recent).
    k: String,
    id: uuid::Uuid,
    /// Set when the page wanted ends just before this row rather than starts after it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    b: bool,
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl CursorData {
    fn new(sort: DirectorySort, k: String, id: MemberId) -> Self {
        Self {
            s: sort.as_str().to_owned(),
            k,
            id: id.as_uuid(),
            b: false,
        }
    }

    /// The same position, pointing to the page that ends before it.
    fn backwards(self) -> Self {
        Self { b: true, ..self }
    }

    fn time(&self) -> Result<OffsetDateTime, ValidationError> {
        OffsetDateTime::parse(&self.k, &time::format_description::well_known::Rfc3339)
            .map_err(|_| ValidationError::new("cursor", "cursor-invalid"))
    }

    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(s: &str, sort: &str) -> Result<Self, ValidationError> {
        let bad = || ValidationError::new("cursor", "cursor-invalid");
        let bytes = URL_SAFE_NO_PAD.decode(s.trim()).map_err(|_| bad())?;
        let c: CursorData = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if c.s != sort {
            return Err(bad());
        }
        Ok(c)
    }
}

/// One member in the directory, as the viewer may see them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DirectoryEntry {
    pub member_id: MemberId,
    pub handle: Handle,
    pub display_name: String,
    pub role: Role,
    pub relation: Relation,
    pub org_id: Option<OrgId>,
    pub org_name: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub association_name: Option<String>,
    /// Absent when hidden from the viewer or empty.
    pub job_title: Option<String>,
    /// Empty when hidden from the viewer.
    pub expertise: Vec<ExpertiseTag>,
}

/// One page of results and where the next starts.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next: Option<String>,
    /// Pass as `cursor` for the previous page; absent on the first page (and always in the
    /// organization directory, which pages forward only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

/// One organization in the organization directory.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct OrgEntry {
    pub id: OrgId,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub country: String,
    pub population: Option<i64>,
    pub association_id: AssociationId,
    pub association_name: String,
    /// The folded name the directory sorts by (its cursor's key).
    #[serde(skip)]
    pub name_key: String,
}

impl OrgEntry {
    pub fn size_band(&self) -> Option<SizeBand> {
        self.population.map(SizeBand::of)
    }
}

/// A value bound to a dynamically built query.
#[derive(Clone, Debug)]
pub(crate) enum Arg {
    Text(String),
    Int(i64),
    Member(MemberId),
    Org(OrgId),
    Assoc(AssociationId),
    Time(OffsetDateTime),
    Bytes(Vec<u8>),
}

/// Collects a query's bound values and hands out their `$n` placeholders.
#[derive(Default)]
pub(crate) struct Args(pub(crate) Vec<Arg>);

impl Args {
    pub(crate) fn push(&mut self, a: Arg) -> String {
        self.0.push(a);
        format!("${}", self.0.len())
    }
}

/// Binds every [`Arg`] to a query; expands inside each arm of `on_db!` so both drivers type-check.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in &$args.0 {
            q = match a {
                $crate::directory::Arg::Text(s) => q.bind(s.clone()),
                $crate::directory::Arg::Int(n) => q.bind(*n),
                $crate::directory::Arg::Member(m) => q.bind(*m),
                $crate::directory::Arg::Org(o) => q.bind(*o),
                $crate::directory::Arg::Assoc(a) => q.bind(*a),
                $crate::directory::Arg::Time(t) => q.bind(*t),
                $crate::directory::Arg::Bytes(b) => q.bind(b.clone()),
            };
        }
        q
    }};
}
pub(crate) use bind_args;

/// The exclusive upper bound of the strings that start with `prefix`, in an order that both the
/// C collation and the usual language collations agree on for folded letters and digits
/// ("ab" → "ac", "az" → "b", "a9" → "aa"). `None` when no bound exists ("zz").
pub(crate) fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '0'..='8' | 'a'..='y' => char::from_u32(last as u32 + 1),
            '9' => Some('a'),
            'z' => None,
            c => char::from_u32(c as u32 + 1),
        };
        if let Some(n) = next {
            chars.push(n);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// `column >= $a AND column < $b` for a prefix.
fn prefix_range(args: &mut Args, column: &str, prefix: &str) -> String {
    let lo = args.push(Arg::Text(prefix.to_owned()));
    match prefix_end(prefix) {
        Some(end) => {
            let hi = args.push(Arg::Text(end));
            format!("{column} >= {lo} AND {column} < {hi}")
        }
        None => format!("{column} >= {lo}"),
    }
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    member_id: MemberId,
    handle: String,
    display_name: String,
    role: String,
    org_id: Option<OrgId>,
    org_name: Option<String>,
    region: Option<String>,
    country: Option<String>,
    association_name: Option<String>,
    job_title: String,
    visibility: Json<BTreeMap<String, String>>,
    sort_name: String,
    last_active_at: OffsetDateTime,
}

pub(crate) fn visibility_of(map: &BTreeMap<String, String>, field: ProfileField) -> Visibility {
    map.get(field.as_str())
        .and_then(|v| v.parse().ok())
        .unwrap_or(field.default_visibility())
}

fn corrupt(e: ValidationError) -> PeopleError {
    PeopleError::Store(StoreError::corrupt(e))
}

/// The columns every member query of this module selects, and the tables they come from
/// (`{FROM}` names `profiles p` and `member_facts m`, and how they are reached).
pub(crate) const ENTRY_SELECT: &str = "SELECT p.member_id, p.handle, m.display_name, m.role, \
     m.org_id, o.name AS org_name, o.region, o.country, a.name AS association_name, \
     p.job_title, p.visibility, p.sort_name, p.last_active_at \
     FROM {FROM} \
     LEFT JOIN organization_facts o ON o.id = m.org_id \
     LEFT JOIN association_facts a ON a.id = m.association_id";

/// Who may appear to `viewer` ($1) at all: active, listed, and no block either way.
pub(crate) const LISTED: &str = "m.listed AND p.in_directory \
     AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = p.member_id AND b.blocked = $1) \
     AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = $1 AND b.blocked = p.member_id)";

impl People {
    /// The members `viewer` is connected to (accepted).
    pub(crate) async fn connection_set(&self, viewer: MemberId) -> PeopleResult<HashSet<MemberId>> {
        let rows: Vec<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT member_b FROM connections WHERE member_a = $1 AND status = 'accepted' \
             UNION ALL SELECT member_a FROM connections WHERE member_b = $1 AND status = 'accepted'",
        )
        .bind(viewer)
        .fetch_all(p)
        .await)?;
        Ok(rows.into_iter().collect())
    }

    /// The expertise tags of several members at once.
    pub(crate) async fn tags_of(
        &self,
        members: &[MemberId],
    ) -> PeopleResult<HashMap<MemberId, Vec<ExpertiseTag>>> {
        let mut out: HashMap<MemberId, Vec<ExpertiseTag>> = HashMap::new();
        for chunk in members.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let mut args = Args::default();
            let marks: Vec<String> = chunk.iter().map(|m| args.push(Arg::Member(*m))).collect();
            let sql = format!(
                "SELECT member_id, tag FROM member_expertise WHERE member_id IN ({}) ORDER BY tag",
                marks.join(", ")
            );
            let rows: Vec<(MemberId, String)> =
                on_db!(self.db, p => bind_args!(sqlx::query_as(&sql), args).fetch_all(p).await)?;
            for (m, t) in rows {
                out.entry(m)
                    .or_default()
                    .push(ExpertiseTag::parse(&t).map_err(corrupt)?);
            }
        }
        Ok(out)
    }

    /// The filter's conditions; `$1` is the viewer. With `first_word_done`, the first name
    /// word is already matched by the query's join on its prefix and is not checked again.
    fn conditions(
        viewer: MemberId,
        filter: &DirectoryFilter,
        first_word_done: bool,
        args: &mut Args,
    ) -> Vec<String> {
        args.push(Arg::Member(viewer));
        let mut conds = vec![LISTED.to_owned()];
        let skip = usize::from(first_word_done);
        for w in filter.name_words.iter().skip(skip) {
            let range = prefix_range(args, "t.token", w);
            conds.push(format!(
                "p.member_id IN (SELECT t.member_id FROM member_name_tokens t WHERE {range})"
            ));
        }
        if let Some(o) = filter.org {
            conds.push(format!("m.org_id = {}", args.push(Arg::Org(o))));
        }
        // The profile's copies of the organization's region and country (see `sync`): with
        // the sort name beside them in one index, a region is read in name order.
        if let Some(r) = &filter.region {
            conds.push(format!("p.region = {}", args.push(Arg::Text(r.clone()))));
        }
        if let Some(c) = &filter.country {
            conds.push(format!("p.country = {}", args.push(Arg::Text(c.clone()))));
        }
        if let Some(a) = filter.association {
            conds.push(format!("m.association_id = {}", args.push(Arg::Assoc(a))));
        }
        if let Some(b) = filter.size_band {
            let (lo, hi) = b.range();
            let lo = args.push(Arg::Int(lo));
            let hi = args.push(Arg::Int(hi));
            conds.push(format!("o.population >= {lo} AND o.population < {hi}"));
        }
        if let Some(t) = &filter.expertise {
            let t = args.push(Arg::Text(t.as_str().to_owned()));
            conds.push(format!(
                "EXISTS (SELECT 1 FROM member_expertise e WHERE e.member_id = p.member_id AND e.tag = {t})"
            ));
        }
        if let Some(r) = filter.role {
            conds.push(format!(
                "m.role = {}",
                args.push(Arg::Text(r.as_str().to_owned()))
            ));
        }
        conds
    }

    /// Whether an index answers the filter in name order: a name word (`member_name_prefixes`)
    /// or a region (`profiles (region, sort_name, member_id)`).
    fn name_ordered(filter: &DirectoryFilter) -> bool {
        filter.sort == DirectorySort::Name
            && (!filter.name_words.is_empty() || filter.region.is_some())
    }

    /// The members matching the filter's most selective indexed condition, when at most
    /// [`DRIVE_CAP`] do: then the page is found among them, whatever their number. A name word
    /// or region is not counted when its index already yields the page in order.
    async fn small_set(&self, filter: &DirectoryFilter) -> PeopleResult<Option<Vec<MemberId>>> {
        let ordered = Self::name_ordered(filter);
        let cap = DRIVE_CAP + 1;
        let mut probes: Vec<(String, Args)> = Vec::new();
        if let Some(o) = filter.org {
            let mut a = Args::default();
            let o = a.push(Arg::Org(o));
            let l = a.push(Arg::Int(cap));
            probes.push((
                format!("SELECT id FROM member_facts WHERE org_id = {o} LIMIT {l}"),
                a,
            ));
        }
        if let Some(w) = filter.name_words.first().filter(|_| !ordered) {
            let mut a = Args::default();
            let range = prefix_range(&mut a, "token", w);
            let l = a.push(Arg::Int(cap));
            probes.push((
                format!("SELECT member_id FROM member_name_tokens WHERE {range} LIMIT {l}"),
                a,
            ));
        }
        if let Some(t) = &filter.expertise {
            let mut a = Args::default();
            let t = a.push(Arg::Text(t.as_str().to_owned()));
            let l = a.push(Arg::Int(cap));
            probes.push((
                format!("SELECT member_id FROM member_expertise WHERE tag = {t} LIMIT {l}"),
                a,
            ));
        }
        if let Some(r) = filter.region.as_ref().filter(|_| !ordered) {
            let mut a = Args::default();
            let r = a.push(Arg::Text(r.clone()));
            let c = match &filter.country {
                Some(c) => format!(" AND country = {}", a.push(Arg::Text(c.clone()))),
                None => String::new(),
            };
            let l = a.push(Arg::Int(cap));
            probes.push((
                format!("SELECT member_id FROM profiles WHERE region = {r}{c} LIMIT {l}"),
                a,
            ));
        }
        for (sql, args) in probes {
            let mut ids: Vec<MemberId> = on_db!(self.db, p => bind_args!(sqlx::query_scalar(&sql), args).fetch_all(p).await)?;
            if ids.len() as i64 <= DRIVE_CAP {
                ids.sort();
                ids.dedup();
                return Ok(Some(ids));
            }
        }
        Ok(None)
    }

    /// The rows among `ids` that match, in order, after `cursor`, at most `fetch`.
    async fn matching_among(
        &self,
        viewer: MemberId,
        filter: &DirectoryFilter,
        ids: Option<&[MemberId]>,
        cursor: Option<&CursorData>,
        fetch: usize,
    ) -> PeopleResult<Vec<EntryRow>> {
        if ids.is_some_and(<[MemberId]>::is_empty) || fetch == 0 {
            return Ok(Vec::new());
        }
        // In name order without an id list, the first name word drives the query: the rows of
        // its prefix in `member_name_prefixes` are already in (sort name, id) order.
        let prefix = match (ids, filter.sort, filter.name_words.first()) {
            (None, DirectorySort::Name, Some(w)) => Some(w.chars().take(PREFIX_CAP).collect()),
            _ => None,
        };
        let first_word_done = filter
            .name_words
            .first()
            .is_some_and(|w| prefix.as_ref() == Some(w));
        let mut args = Args::default();
        let mut conds = Self::conditions(viewer, filter, first_word_done, &mut args);
        if let Some(ids) = ids {
            let marks: Vec<String> = ids.iter().map(|m| args.push(Arg::Member(*m))).collect();
            conds.push(format!("p.member_id IN ({})", marks.join(", ")));
        }
        // The sort key is the same value in both tables; ordering by the prefix row's copy
        // lets its index give the order.
        let key = if prefix.is_some() { "np" } else { "p" };
        let by_name = format!("{key}.sort_name, {key}.member_id");
        // A backward cursor reads the same index the other way, nearest row first.
        let back = cursor.is_some_and(|c| c.b);
        let order = match filter.sort {
            DirectorySort::Name => {
                if let Some(c) = cursor {
                    let k = args.push(Arg::Text(c.k.clone()));
                    let id = args.push(Arg::Member(MemberId::from_uuid(c.id)));
                    let op = if back { "<" } else { ">" };
                    conds.push(format!("({by_name}) {op} ({k}, {id})"));
                }
                if back {
                    format!("{key}.sort_name DESC, {key}.member_id DESC")
                } else {
                    by_name.clone()
                }
            }
            DirectorySort::Recent => {
                if let Some(c) = cursor {
                    let k = args.push(Arg::Time(c.time()?));
                    let id = args.push(Arg::Member(MemberId::from_uuid(c.id)));
                    let op = if back { ">" } else { "<" };
                    conds.push(format!("(p.last_active_at, p.member_id) {op} ({k}, {id})"));
                }
                if back {
                    "p.last_active_at, p.member_id".to_owned()
                } else {
                    "p.last_active_at DESC, p.member_id DESC".to_owned()
                }
            }
        };
        // `CROSS JOIN` fixes SQLite's join order: with an id list, profiles are read first, by
        // primary key from the list (otherwise it may prefer to read a whole region and probe
        // the list); with a prefix, its rows are read first, in order, until the page is full.
        // PostgreSQL treats it as the same inner join. Otherwise the planner chooses.
        let from = if let Some(prefix) = prefix {
            conds.push(format!("np.prefix = {}", args.push(Arg::Text(prefix))));
            conds.push("p.member_id = np.member_id".to_owned());
            "member_name_prefixes np CROSS JOIN profiles p CROSS JOIN member_facts m"
        } else if ids.is_some() {
            "profiles p CROSS JOIN member_facts m"
        } else {
            "profiles p JOIN member_facts m ON m.id = p.member_id"
        };
        conds.push("m.id = p.member_id".to_owned());
        // The limit is written into the text, not bound: PostgreSQL switches a prepared
        // statement to a generic plan after five runs, and a generic plan that does not know
        // the limit prefers to read every match and sort over reading the index in order.
        let l = fetch;
        let sql = format!(
            "{} WHERE {} ORDER BY {order} LIMIT {l}",
            ENTRY_SELECT.replace("{FROM}", from),
            conds.join(" AND ")
        );
        Ok(on_db!(self.db, p => bind_args!(sqlx::query_as(&sql), args).fetch_all(p).await)?)
    }

    /// One page of the member directory as `viewer` sees it.
    ///
    /// Plans, chosen by counting rather than left to the planner: when one indexed filter
    /// (organization, expertise; in recent order also first name word, region) matches at most
    /// [`DRIVE_CAP`] members, the page is found among them by primary key (at most that many
    /// rows read). Otherwise, in name order, a name word reads its prefix's rows of
    /// `member_name_prefixes` and a region its range of `profiles (region, sort_name,
    /// member_id)`, both already in name order, from the cursor until the page is full; without
    /// either, the query walks the sort's index, checking each member (about page size /
    /// density rows).
    pub async fn directory(
        &self,
        viewer: MemberId,
        filter: &DirectoryFilter,
        limit: u32,
        cursor: Option<&str>,
    ) -> PeopleResult<Page<DirectoryEntry>> {
        let limit = page_size(Some(limit))? as usize;
        let cursor = cursor
            .filter(|c| !c.trim().is_empty())
            .map(|c| CursorData::decode(c, filter.sort.as_str()))
            .transpose()?;
        if let Some(c) = &cursor
            && filter.sort == DirectorySort::Recent
        {
            c.time()?;
        }
        let key_of = |r: &EntryRow| match filter.sort {
            DirectorySort::Name => CursorData::new(filter.sort, r.sort_name.clone(), r.member_id),
            DirectorySort::Recent => {
                CursorData::new(filter.sort, rfc3339(r.last_active_at), r.member_id)
            }
        };
        let ids = self.small_set(filter).await?;
        let mut rows = self
            .matching_among(viewer, filter, ids.as_deref(), cursor.as_ref(), limit + 1)
            .await?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let (next, prev) = match &cursor {
            Some(c) if c.b => {
                // Read backwards, nearest first. Reaching the start short of a full page
                // (rows went away meanwhile) shows the true first page instead.
                if !more && rows.len() < limit {
                    rows = self
                        .matching_among(viewer, filter, ids.as_deref(), None, limit + 1)
                        .await?;
                    let more = rows.len() > limit;
                    rows.truncate(limit);
                    (
                        more.then(|| rows.last().map(|r| key_of(r).encode()))
                            .flatten(),
                        None,
                    )
                } else {
                    rows.reverse();
                    let next = rows.last().map(|r| key_of(r).encode());
                    let prev = more
                        .then(|| rows.first().map(|r| key_of(r).backwards().encode()))
                        .flatten();
                    (next, prev)
                }
            }
            _ => {
                let next = more
                    .then(|| rows.last().map(|r| key_of(r).encode()))
                    .flatten();
                // After a cursor there is a page before this one: the rows before its first
                // row (or, past the end, before the cursor itself).
                let prev = cursor
                    .clone()
                    .map(|c| rows.first().map_or(c, key_of).backwards().encode());
                (next, prev)
            }
        };
        let items = self
            .entries(viewer, rows, filter.expertise.as_ref())
            .await?;
        Ok(Page { items, next, prev })
    }

    /// Turns rows into what `viewer` may see; drops rows matched only on hidden expertise.
    async fn entries(
        &self,
        viewer: MemberId,
        rows: Vec<EntryRow>,
        expertise_filter: Option<&ExpertiseTag>,
    ) -> PeopleResult<Vec<DirectoryEntry>> {
        let connections = self.connection_set(viewer).await?;
        let relation_of = |m: MemberId| {
            if m == viewer {
                Relation::Myself
            } else if connections.contains(&m) {
                Relation::Connection
            } else {
                Relation::Member
            }
        };
        let visible_tags: Vec<MemberId> = rows
            .iter()
            .filter(|r| {
                relation_of(r.member_id)
                    .sees(visibility_of(&r.visibility.0, ProfileField::Expertise))
            })
            .map(|r| r.member_id)
            .collect();
        let mut tags = self.tags_of(&visible_tags).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let relation = relation_of(r.member_id);
            let sees = |f| relation.sees(visibility_of(&r.visibility.0, f));
            if expertise_filter.is_some() && !sees(ProfileField::Expertise) {
                continue;
            }
            out.push(DirectoryEntry {
                member_id: r.member_id,
                handle: Handle::from_stored(&r.handle).map_err(corrupt)?,
                display_name: r.display_name,
                role: r.role.parse().map_err(corrupt)?,
                relation,
                org_id: r.org_id,
                org_name: r.org_name,
                region: r.region,
                country: r.country,
                association_name: r.association_name,
                job_title: (sees(ProfileField::JobTitle) && !r.job_title.is_empty())
                    .then_some(r.job_title),
                expertise: tags.remove(&r.member_id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Every page of a directory result, up to `cap` rows (the CSV export passes
    /// [`EXPORT_CAP`]), and whether more rows were left out.
    pub async fn directory_all(
        &self,
        viewer: MemberId,
        filter: &DirectoryFilter,
        cap: usize,
    ) -> PeopleResult<(Vec<DirectoryEntry>, bool)> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self
                .directory(viewer, filter, MAX_PAGE_SIZE, cursor.as_deref())
                .await?;
            out.extend(page.items);
            if out.len() > cap || (out.len() == cap && page.next.is_some()) {
                out.truncate(cap);
                return Ok((out, true));
            }
            match page.next {
                Some(n) => cursor = Some(n),
                None => return Ok((out, false)),
            }
        }
    }

    /// One page of the organization directory, by name.
    pub async fn org_directory(
        &self,
        filter: &OrgFilter,
        limit: u32,
        cursor: Option<&str>,
    ) -> PeopleResult<Page<OrgEntry>> {
        let limit = page_size(Some(limit))?;
        let cursor = cursor
            .filter(|c| !c.trim().is_empty())
            .map(|c| CursorData::decode(c, "org"))
            .transpose()?;
        let mut args = Args::default();
        let mut conds = vec!["1 = 1".to_owned()];
        if let Some(q) = &filter.name_prefix {
            // A word of the name starting with the query ("king" finds "City of Kingston"),
            // accents and case aside. Organizations number in the thousands, so this scan of
            // their key is cheap; the order stays the key's index.
            // The key holds only letters, digits and spaces, so the pattern has no wildcard
            // but its own.
            let q = civiclink_domain::text::search_key(q);
            if !q.is_empty() {
                let p = args.push(Arg::Text(format!("% {q}%")));
                conds.push(format!("(' ' || o.name_key) LIKE {p}"));
            }
        }
        if let Some(r) = &filter.region {
            conds.push(format!("o.region = {}", args.push(Arg::Text(r.clone()))));
        }
        if let Some(c) = &filter.country {
            conds.push(format!("o.country = {}", args.push(Arg::Text(c.clone()))));
        }
        if let Some(a) = filter.association {
            conds.push(format!("o.association_id = {}", args.push(Arg::Assoc(a))));
        }
        if let Some(k) = &filter.kind {
            conds.push(format!("o.kind = {}", args.push(Arg::Text(k.clone()))));
        }
        if let Some(b) = filter.size_band {
            let (lo, hi) = b.range();
            let lo = args.push(Arg::Int(lo));
            let hi = args.push(Arg::Int(hi));
            conds.push(format!("o.population >= {lo} AND o.population < {hi}"));
        }
        if let Some(c) = &cursor {
            let k = args.push(Arg::Text(c.k.clone()));
            let id = args.push(Arg::Org(OrgId::from_uuid(c.id)));
            conds.push(format!("(o.name_key, o.id) > ({k}, {id})"));
        }
        let fetch = args.push(Arg::Int(i64::from(limit) + 1));
        let sql = format!(
            "SELECT o.id, o.name, o.kind, o.region, o.country, o.population, o.association_id, \
             a.name AS association_name, o.name_key FROM organization_facts o \
             JOIN association_facts a ON a.id = o.association_id \
             WHERE {} ORDER BY o.name_key, o.id LIMIT {fetch}",
            conds.join(" AND ")
        );
        let mut items: Vec<OrgEntry> =
            on_db!(self.db, p => bind_args!(sqlx::query_as(&sql), args).fetch_all(p).await)?;
        let more = items.len() > limit as usize;
        items.truncate(limit as usize);
        let next = if more {
            items.last().map(|o| {
                CursorData {
                    s: "org".into(),
                    k: o.name_key.clone(),
                    id: o.id.as_uuid(),
                    b: false,
                }
                .encode()
            })
        } else {
            None
        };
        Ok(Page {
            items,
            next,
            prev: None,
        })
    }
}

/// Makes one CSV cell safe to open in a spreadsheet: a cell starting with `=`, `+`, `-` or `@`
/// (or a tab or carriage return) would be read as a formula, so it gets a leading `'`.
pub fn csv_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ends() {
        assert_eq!(prefix_end("ab").as_deref(), Some("ac"));
        assert_eq!(prefix_end("az").as_deref(), Some("b"));
        assert_eq!(prefix_end("a9").as_deref(), Some("aa"));
        assert_eq!(prefix_end("zz"), None);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let c = CursorData {
            s: "name".into(),
            k: "ada".into(),
            id: uuid::Uuid::nil(),
            b: false,
        };
        let back = c.clone().backwards();
        assert_eq!(CursorData::decode(&back.encode(), "name").ok(), Some(back));
        assert_eq!(
            CursorData::decode(&c.encode(), "name").ok(),
            Some(c.clone())
        );
        assert!(CursorData::decode(&c.encode(), "recent").is_err());
        assert!(CursorData::decode("%%%", "name").is_err());
        assert!(CursorData::decode("bm90IGpzb24", "name").is_err());
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("Ada"), "Ada");
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(None).ok(), Some(DEFAULT_PAGE_SIZE));
        assert!(page_size(Some(101)).is_err());
        assert!(page_size(Some(0)).is_err());
    }
}
