//! The frame of every server-rendered page. Templates live in `web/templates` and are compiled
//! in (askama), so the binary runs from any directory and a template error is a build error.
//! Every word a template shows comes from the catalogs through [`Page`]'s helpers
//! (`page.t("key")`); a test fails when a template holds literal text. A capability adds words of
//! its own (its enums, its sentences) as an extension trait on [`Page`] in its folder.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use civiclink_accounts::Member;
use civiclink_domain::{Language, MemberStatus, OrgKind, Role, ValidationError};
use civiclink_i18n::{Arg, t, t_args};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::kit::error::AppError;
use crate::kit::session;

/// The member as the page header shows them.
pub(crate) struct NavMember {
    pub name: String,
    pub is_admin: bool,
    pub is_site_admin: bool,
    pub lapsed: bool,
}

impl NavMember {
    pub(crate) fn of(m: &Member) -> Self {
        Self {
            name: m.display_name.clone(),
            is_admin: m.role.is_admin(),
            is_site_admin: m.role == Role::SiteAdmin,
            lapsed: m.access(civiclink_store::now()) != civiclink_accounts::Access::Full,
        }
    }
}

/// What every page's layout needs: its language, title, the member, the CSRF token for forms, a
/// one-time message, which section of the navigation is current, and where the page is (for
/// the language switch to come back to: the request's own path and query, see [`Address`]).
pub(crate) struct Page {
    pub lang: Language,
    pub title: String,
    pub member: Option<NavMember>,
    pub csrf: String,
    pub flash: Option<String>,
    pub section: &'static str,
    pub path: String,
    /// The member's unread notices, for the header.
    pub notices: i64,
}

impl Page {
    pub(crate) async fn new(
        session: &Session,
        lang: Language,
        member: Option<&Member>,
        title: impl Into<String>,
        section: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            lang,
            title: title.into(),
            member: member.map(NavMember::of),
            csrf: crate::kit::csrf::csrf_token(session).await?,
            flash: session::take_flash(session).await?,
            section,
            path: Address::current().map_or_else(|| "/".to_owned(), |a| a.path),
            notices: crate::kit::notices::current(),
        })
    }

    /// The address of the page a form is on, for a page rendered in answer to that form's post
    /// (a form shown again with its errors), so that the language switch goes back to the form
    /// rather than to the address it posts to. A page answering a GET keeps its own address,
    /// query included, whatever it names here.
    pub(crate) fn at(mut self, path: impl Into<String>) -> Self {
        if !Address::current().is_some_and(|a| a.is_get) {
            self.path = path.into();
        }
        self
    }

    /// A message of the catalogs.
    pub fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl AsRef<str>) -> String {
        t_args(
            self.lang,
            key,
            &[(name, Arg::Str(value.as_ref().to_owned()))],
        )
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        key: &str,
        a: &'static str,
        va: impl AsRef<str>,
        b: &'static str,
        vb: impl AsRef<str>,
    ) -> String {
        t_args(
            self.lang,
            key,
            &[
                (a, Arg::Str(va.as_ref().to_owned())),
                (b, Arg::Str(vb.as_ref().to_owned())),
            ],
        )
    }

    /// A message with three arguments.
    pub fn t3(&self, key: &str, args: &[(&'static str, String); 3]) -> String {
        let args: Vec<(&str, Arg)> = args
            .iter()
            .map(|(k, v)| (*k, Arg::Str(v.clone())))
            .collect();
        t_args(self.lang, key, &args)
    }

    /// A message with a count (plural rules apply).
    pub fn tn(&self, key: &str, n: impl Val<usize>) -> String {
        let n = n.val();
        t_args(self.lang, key, &[("n", Arg::from(n))])
    }

    pub fn date(&self, t: impl Val<OffsetDateTime>) -> String {
        civiclink_i18n::date(self.lang, &t.val())
    }

    pub fn datetime(&self, t: impl Val<OffsetDateTime>) -> String {
        civiclink_i18n::datetime(self.lang, &t.val())
    }

    pub fn ago(&self, t: impl Val<OffsetDateTime>) -> String {
        civiclink_i18n::relative(self.lang, &t.val(), &civiclink_store::now())
    }

    pub fn number(&self, n: impl Val<i64>) -> String {
        civiclink_i18n::number(self.lang, n.val())
    }

    /// A machine-readable time for `<time datetime>`.
    pub fn iso(&self, t: impl Val<OffsetDateTime>) -> String {
        t.val()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    pub fn role(&self, r: impl Val<Role>) -> String {
        t(self.lang, &format!("role-{}", r.val().as_str()))
    }

    pub fn status(&self, s: impl Val<MemberStatus>) -> String {
        t(self.lang, &format!("status-{}", s.val().as_str()))
    }

    pub fn kind(&self, k: impl Val<OrgKind>) -> String {
        t(self.lang, &format!("kind-{}", k.val().as_str()))
    }

    pub fn visibility(&self, v: impl Val<civiclink_domain::Visibility>) -> String {
        t(self.lang, &format!("visibility-{}", v.val().as_str()))
    }

    pub fn field_label(&self, f: impl Val<civiclink_domain::ProfileField>) -> String {
        civiclink_i18n::field(self.lang, f.val().as_str())
    }

    pub fn language_name(&self, l: impl Val<Language>) -> String {
        t(self.lang, &format!("language-{}", l.val().code()))
    }

    /// The language the switch in the header offers.
    pub fn other_lang(&self) -> Language {
        self.lang.other()
    }
}

/// Where the request being answered was sent, kept for the duration of the request by
/// [`remember_address`] so that every page's language switch comes back to the same address
/// without each handler having to say it.
#[derive(Clone, Debug)]
pub(crate) struct Address {
    /// The path and query of a GET (or HEAD) request, the path alone of any other request.
    path: String,
    is_get: bool,
}

tokio::task_local! {
    static ADDRESS: Address;
}

impl Address {
    fn of(method: &Method, uri: &axum::http::Uri) -> Self {
        let is_get = method == Method::GET || method == Method::HEAD;
        let path = if is_get {
            uri.path_and_query()
                .map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned())
        } else {
            uri.path().to_owned()
        };
        Self { path, is_get }
    }

    pub(crate) fn current() -> Option<Self> {
        ADDRESS.try_with(Clone::clone).ok()
    }
}

/// Keeps the request's address at hand for the pages rendered while answering it.
pub(crate) async fn remember_address(req: Request, next: Next) -> Response {
    let address = Address::of(req.method(), req.uri());
    ADDRESS.scope(address, next.run(req)).await
}

/// A value that templates may hand over by value or through one or two references (askama
/// passes loop items and `if let` bindings as references).
pub(crate) trait Val<T: Copy> {
    fn val(&self) -> T;
}

impl<T: Copy> Val<T> for T {
    fn val(&self) -> T {
        *self
    }
}

impl<T: Copy> Val<T> for &T {
    fn val(&self) -> T {
        **self
    }
}

impl<T: Copy> Val<T> for &&T {
    fn val(&self) -> T {
        ***self
    }
}

/// What a form held and what was wrong with it, so that a page re-rendered after an error keeps
/// what was typed and shows each message beside its field, in the page's language.
pub(crate) struct FormState {
    lang: Language,
    values: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
}

impl FormState {
    pub(crate) fn new(lang: Language) -> Self {
        Self {
            lang,
            values: BTreeMap::new(),
            errors: Vec::new(),
        }
    }

    pub(crate) fn with_values<'a>(
        lang: Language,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        Self {
            lang,
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            errors: Vec::new(),
        }
    }

    /// A message of the catalogs in the form's language (for the form macros).
    pub(crate) fn t(&self, key: &str) -> String {
        t(self.lang, key)
    }

    /// The value typed into `field`, or "".
    pub(crate) fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// The message for `field`, if it has one.
    pub(crate) fn e(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub(crate) fn errors(&self) -> &[(String, String)] {
        &self.errors
    }

    /// Records a field's problem, already worded; the first message per field wins.
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.e(field).is_none() {
            self.errors.push((field.to_owned(), message.into()));
        }
    }

    /// Records a validation problem by its catalog key.
    pub(crate) fn invalid(&mut self, field: &str, key: &str) {
        let m = civiclink_i18n::validation(self.lang, field, key);
        self.add(field, m);
    }

    /// Keeps the value of a parse, or records its error.
    pub(crate) fn check<T>(&mut self, r: Result<T, ValidationError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.invalid(e.field, e.message);
                None
            }
        }
    }

    /// Turns a service error into a form message when it concerns the form; other errors pass.
    pub(crate) fn absorb(&mut self, e: AppError) -> Result<(), AppError> {
        match &e {
            AppError::Invalid { field, .. } => {
                let m = e.message(self.lang);
                self.add(&field.clone(), m);
                Ok(())
            }
            AppError::Accounts { .. } => {
                let m = e.message(self.lang);
                self.add("form", m);
                Ok(())
            }
            _ => Err(e),
        }
    }
}

pub(crate) fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}

/// Only same-site paths are followed after login or a language switch, so a crafted link cannot
/// send a member away: a path that starts with one slash, in visible ASCII (an address the
/// browser sends is percent-encoded), without backslashes. Browsers drop tabs and line breaks
/// and read a backslash as a slash, so `/<tab>/evil.example` or `/\evil.example` would lead
/// off-site, and a control character could not be put in a `Location` header at all.
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.bytes().all(|b| b.is_ascii_graphic() && b != b'\\') =>
        {
            n
        }
        _ => "/",
    }
}

/// The path (with query and fragment) of an absolute address the service built for one of its
/// own pages (an answer's `url`), so that a redirect stays on whatever host the request came to.
pub(crate) fn path_of(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    }
}

#[cfg(test)]
mod path_tests {
    use super::path_of;

    #[test]
    fn a_redirect_keeps_the_path_of_an_address() {
        assert_eq!(
            path_of("https://civiclink.example.org/technology/listings/1#review-2"),
            "/technology/listings/1#review-2"
        );
        assert_eq!(path_of("http://127.0.0.1:8080"), "/");
        assert_eq!(path_of("/technology"), "/technology");
    }
}
