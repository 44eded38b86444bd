//! Profile pages: a member's profile as the viewer may see it (and, for its owner, as others
//! see it), the form to edit one's own profile, and profile photos: the upload and removal
//! forms, and `/avatars/{handle}`, which serves the stored photo or an initials picture.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civiclink_domain::{DisplayName, ExpertiseTag, Language, ProfileField, Visibility};
use civiclink_i18n::t;
use civiclink_people::{Profile, ProfileUpdate, ProfileView, Relation};
use serde::Deserialize;

use crate::kit::error::AppError;
use crate::kit::extract::{PathParam, QueryParams};
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{ActiveMember, SessionHandle, set_flash};
use crate::kit::state::AppState;
use crate::people::words::PeopleWords;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/people/{handle}", get(profile_page))
        .route("/profile", get(my_profile))
        .route("/profile/edit", get(edit_page).post(edit_submit))
        .route("/avatars/{handle}", get(avatar_image))
        .route("/profile/avatar/remove", post(avatar_remove))
}

/// The photo upload form, kept apart from [`routes`] because it alone may send a body larger
/// than the application's 1 MiB limit (see `crate::app`).
pub(crate) fn upload_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route(
        "/profile/avatar",
        post(avatar_submit).layer(DefaultBodyLimit::max(crate::kit::csrf::MULTIPART_LIMIT)),
    )
}

#[derive(Template)]
#[template(path = "people/profile.html")]
struct ProfilePage {
    page: Page,
    view: ProfileView,
    is_me: bool,
    /// For its owner: whose eyes the page shows it through.
    viewing_as: Option<&'static str>,
    in_directory: bool,
    connect: crate::people::connection_pages::ConnectBox,
}

#[derive(Deserialize)]
struct AsQuery {
    #[serde(rename = "as")]
    view_as: Option<String>,
}

/// Two letters for the generated avatar: "Ngaio Parata" → "NP".
pub(crate) fn initials(name: &str) -> String {
    let mut words = name.split_whitespace().filter_map(|w| w.chars().next());
    let first = words.next();
    let last = words.next_back();
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// What a profile page reads, kept until the next write ([`AppState::read_through`]).
#[derive(Clone)]
struct ProfileData {
    /// The member's name, the page's title.
    title: String,
    in_directory: bool,
    is_me: bool,
    view: civiclink_people::ProfileView,
    viewing_as: Option<&'static str>,
    here: String,
    connect: crate::people::connection_pages::ConnectBox,
}

async fn profile_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(handle): PathParam<String>,
    QueryParams(q): QueryParams<AsQuery>,
) -> Result<Response, AppError> {
    let data = state
        .read_through(
            format!("{}:{handle}:{:?}", me.member.id, q.view_as),
            || async {
                let profile = state.people.visible_profile(&me.actor(), &handle).await?;
                let is_me = profile.member_id == me.member.id;
                let (view, viewing_as) = if is_me {
                    match q.view_as.as_deref() {
                        Some("member") => (profile.view(Relation::Member), Some("member")),
                        Some("connection") => {
                            (profile.view(Relation::Connection), Some("connection"))
                        }
                        _ => (profile.view(Relation::Myself), None),
                    }
                } else {
                    (state.people.view(me.member.id, &profile).await?, None)
                };
                let here = format!("/people/{}", profile.handle);
                let connect = crate::people::connection_pages::connect_box(
                    &state,
                    me.member.id,
                    profile.member_id,
                    &here,
                )
                .await?;
                Ok(ProfileData {
                    title: profile.display_name,
                    in_directory: profile.in_directory,
                    is_me,
                    view,
                    viewing_as,
                    here,
                    connect,
                })
            },
        )
        .await?;
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        data.title.clone(),
        if data.is_me { "people" } else { "directory" },
    )
    .await?
    .at(data.here.clone());
    Ok(render(
        StatusCode::OK,
        &ProfilePage {
            page,
            is_me: data.is_me,
            viewing_as: data.viewing_as,
            in_directory: data.in_directory,
            connect: data.connect.clone(),
            view: data.view.clone(),
        },
    ))
}

async fn my_profile(State(state): State<AppState>, me: ActiveMember) -> Result<Response, AppError> {
    let profile = state.people.profile(me.member.id).await?;
    Ok(Redirect::to(&format!("/people/{}", profile.handle)).into_response())
}

#[derive(Template)]
#[template(path = "people/edit.html")]
struct EditPage {
    page: Page,
    form: FormState,
    fields: Vec<(ProfileField, Visibility)>,
    visibilities: [Visibility; 3],
    languages: [Language; 2],
    /// The curated tags, each with whether it is chosen.
    curated: Vec<(&'static str, bool)>,
    in_directory: bool,
    /// The member's handle as stored, for their photo's address.
    avatar_handle: String,
    has_avatar: bool,
}

impl EditPage {
    /// The member's profile address as it is now (the handle field may hold an unsaved one).
    fn address(&self) -> String {
        format!("/people/{}", self.avatar_handle)
    }
}

fn profile_form(lang: Language, p: &Profile) -> FormState {
    let years = p
        .years_in_municipal_it
        .map(|y| y.to_string())
        .unwrap_or_default();
    let links = p
        .links
        .iter()
        .map(|l| l.url.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let tags = p
        .expertise
        .iter()
        .filter(|t| !t.is_curated())
        .map(ExpertiseTag::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let bio_language = p.bio_language.map(Language::code).unwrap_or("");
    FormState::with_values(
        lang,
        [
            ("display_name", p.display_name.as_str()),
            ("handle", p.handle.as_str()),
            ("job_title", p.job_title.as_str()),
            ("department", p.department.as_str()),
            ("bio", p.bio.as_str()),
            ("bio_language", bio_language),
            ("years_in_municipal_it", years.as_str()),
            ("location", p.location.as_str()),
            ("links", links.as_str()),
            ("expertise_other", tags.as_str()),
        ],
    )
}

fn curated_choices(chosen: &[String]) -> Vec<(&'static str, bool)> {
    ExpertiseTag::CURATED
        .iter()
        .map(|t| (*t, chosen.iter().any(|c| c == t)))
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn edit_view(
    state: &AppState,
    s: &tower_sessions::Session,
    me: &ActiveMember,
    form: FormState,
    visibility: Vec<(ProfileField, Visibility)>,
    chosen: &[String],
    in_directory: bool,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        me.lang,
        Some(&me.member),
        t(me.lang, "profile-edit-title"),
        "people",
    )
    .await?
    .at("/profile/edit");
    let profile = state.people.profile(me.member.id).await?;
    let has_avatar = state.people.avatar(me.member.id).await?.is_some();
    Ok(render(
        status,
        &EditPage {
            avatar_handle: profile.handle.as_str().to_owned(),
            has_avatar,
            page,
            form,
            fields: visibility,
            visibilities: Visibility::ALL,
            languages: Language::ALL,
            curated: curated_choices(chosen),
            in_directory,
        },
    ))
}

async fn edit_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    let profile = state.people.profile(me.member.id).await?;
    let visibility = ProfileField::ALL
        .into_iter()
        .map(|f| (f, profile.visibility_of(f)))
        .collect();
    let chosen: Vec<String> = profile
        .expertise
        .iter()
        .filter(|t| t.is_curated())
        .map(|t| t.as_str().to_owned())
        .collect();
    edit_view(
        &state,
        &s,
        &me,
        profile_form(me.lang, &profile),
        visibility,
        &chosen,
        profile.in_directory,
        StatusCode::OK,
    )
    .await
}

/// The edit form as sent: `vis_<field>` entries carry each field's visibility.
type EditForm = BTreeMap<String, String>;

async fn edit_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    crate::kit::extract::FormData(f): crate::kit::extract::FormData<EditForm>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).map_or("", String::as_str);
    let visibility_in: BTreeMap<String, String> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("vis_").map(|f| (f.to_owned(), v.clone())))
        .collect();
    let in_directory = get("in_directory") == "on";
    // Curated tags arrive as ticked boxes (`tag_<slug>`), others as a comma-separated list.
    let chosen: Vec<String> = f
        .iter()
        .filter(|(_, v)| v.as_str() == "on")
        .filter_map(|(k, _)| k.strip_prefix("tag_"))
        .filter(|t| ExpertiseTag::CURATED.contains(t))
        .map(str::to_owned)
        .collect();
    let expertise = chosen
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(get("expertise_other")))
        .collect::<Vec<_>>()
        .join(",");
    let mut form = FormState::with_values(
        me.lang,
        [
            "display_name",
            "handle",
            "job_title",
            "department",
            "bio",
            "bio_language",
            "years_in_municipal_it",
            "location",
            "links",
            "expertise_other",
        ]
        .map(|k| (k, get(k))),
    );
    let name = form.check(DisplayName::parse(get("display_name")));
    let update = form.check(ProfileUpdate::parse(
        get("handle"),
        get("job_title"),
        get("department"),
        get("bio"),
        get("bio_language"),
        get("years_in_municipal_it"),
        get("location"),
        get("links"),
        &expertise,
        &visibility_in,
        in_directory,
    ));
    if let (Some(name), Some(update)) = (name, update) {
        match state
            .people
            .edit_profile(me.member.id, &name, &update)
            .await
        {
            Ok(profile) => {
                set_flash(&s, t(me.lang, "profile-saved")).await?;
                return Ok(Redirect::to(&format!("/people/{}", profile.handle)).into_response());
            }
            Err(e) => form.absorb(e.into())?,
        }
    }
    let visibility = ProfileField::ALL
        .into_iter()
        .map(|field| {
            let v = visibility_in
                .get(field.as_str())
                .and_then(|v| v.parse().ok())
                .unwrap_or(field.default_visibility());
            (field, v)
        })
        .collect();
    edit_view(
        &state,
        &s,
        &me,
        form,
        visibility,
        &chosen,
        in_directory,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// `Cache-Control` of a stored photo: browsers keep it but ask again with its `ETag` each time,
/// so a new upload shows at once and an unchanged photo costs a 304.
const AVATAR_CACHE: &str = "private, no-cache";
/// The generated picture costs nothing to make again, and must give way to an upload at once.
const INITIALS_CACHE: &str = "private, no-cache";

/// A member's photo, or their initials on the brand colour when they have none. Members only,
/// under the same rule as the profile page.
async fn avatar_image(
    State(state): State<AppState>,
    me: ActiveMember,
    PathParam(handle): PathParam<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let profile = state.people.visible_profile(&me.actor(), &handle).await?;
    let Some((bytes, etag)) = state.people.avatar(profile.member_id).await? else {
        let svg = initials_svg(&initials(&profile.display_name));
        return Ok((
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, INITIALS_CACHE),
            ],
            svg,
        )
            .into_response());
    };
    let etag = format!("\"{etag}\"");
    let etag_value = HeaderValue::from_str(&etag).map_err(AppError::internal)?;
    let cache = HeaderValue::from_static(AVATAR_CACHE);
    if if_none_match(&headers, &etag) {
        return Ok((
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response());
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(civiclink_people::AVATAR_CONTENT_TYPE),
            ),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache),
        ],
        bytes,
    )
        .into_response())
}

/// Whether `If-None-Match` names `etag` (or is `*`), weak or strong.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// A square picture of `initials`, white on the brand colour. The letters come from a member's
/// name, so they are escaped.
pub(crate) fn initials_svg(initials: &str) -> String {
    let mut text = String::with_capacity(initials.len());
    for c in initials.chars() {
        match c {
            '&' => text.push_str("&amp;"),
            '<' => text.push_str("&lt;"),
            '>' => text.push_str("&gt;"),
            '"' => text.push_str("&quot;"),
            '\'' => text.push_str("&#39;"),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" \
         viewBox=\"0 0 256 256\"><rect width=\"256\" height=\"256\" fill=\"#0b3c66\"/>\
         <text x=\"128\" y=\"128\" dy=\"0.35em\" text-anchor=\"middle\" fill=\"#ffffff\" \
         font-family=\"system-ui, sans-serif\" font-size=\"104\" font-weight=\"700\">{text}</text></svg>"
    )
}

/// The photo upload form: the `avatar` file part, re-encoded by the people service.
async fn avatar_submit(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    state
        .limit(
            &format!("avatar:member:{}", me.member.id),
            state.config.limits.avatar_per_account,
        )
        .await?;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("avatar") {
            file = Some(field.bytes().await.map_err(multipart_error)?);
            break;
        }
    }
    let bytes = file.filter(|b| !b.is_empty()).map(|b| b.to_vec());
    let result = match bytes {
        Some(bytes) => state.people.set_avatar(me.member.id, bytes).await,
        None => Err(civiclink_domain::ValidationError::new("avatar", "avatar-missing").into()),
    };
    match result {
        Ok(()) => {
            set_flash(&s, t(me.lang, "profile-avatar-saved")).await?;
            Ok(Redirect::to("/profile/edit").into_response())
        }
        Err(e) => {
            let profile = state.people.profile(me.member.id).await?;
            let mut form = profile_form(me.lang, &profile);
            form.absorb(e.into())?;
            let visibility = ProfileField::ALL
                .into_iter()
                .map(|f| (f, profile.visibility_of(f)))
                .collect();
            let chosen: Vec<String> = profile
                .expertise
                .iter()
                .filter(|t| t.is_curated())
                .map(|t| t.as_str().to_owned())
                .collect();
            edit_view(
                &state,
                &s,
                &me,
                form,
                visibility,
                &chosen,
                profile.in_directory,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(e.body_text())
    }
}

async fn avatar_remove(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
) -> Result<Response, AppError> {
    state.people.remove_avatar(me.member.id).await?;
    set_flash(&s, t(me.lang, "profile-avatar-removed")).await?;
    Ok(Redirect::to("/profile/edit").into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_are_escaped() {
        let svg = super::initials_svg("<&");
        assert!(svg.contains(">&lt;&amp;</text>"), "{svg}");
        assert!(svg.contains("#0b3c66") && svg.starts_with("<svg"));
    }
}
