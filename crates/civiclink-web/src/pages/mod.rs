//! Server-rendered pages. Templates live in `web/templates` and are compiled in (askama), so the
//! binary runs from any directory and a template error is a build error.

pub(crate) mod admin;
pub(crate) mod auth;
mod home;

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use civiclink_accounts::Member;
use civiclink_domain::{Role, ValidationError};
use tower_sessions::Session;

use crate::error::ErrorInfo;
use crate::{AppError, AppState, session};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(home::router())
        .merge(admin::router())
}

/// The member as the page header shows them.
pub(crate) struct NavMember {
    pub name: String,
    pub is_admin: bool,
    pub is_site_admin: bool,
    pub lapsed: bool,
}

/// What every page's layout needs: its title, the member, the CSRF token for forms, a one-time
/// message, and which section of the navigation is current.
pub(crate) struct Page {
    pub title: String,
    pub member: Option<NavMember>,
    pub csrf: String,
    pub flash: Option<String>,
    pub section: &'static str,
}

impl Page {
    pub(crate) async fn new(
        session: &Session,
        member: Option<&Member>,
        title: impl Into<String>,
        section: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            title: title.into(),
            member: member.map(|m| NavMember {
                name: m.display_name.clone(),
                is_admin: m.role.is_admin(),
                is_site_admin: m.role == Role::SiteAdmin,
                lapsed: m.access(civiclink_store::now()) != civiclink_accounts::Access::Full,
            }),
            csrf: session::csrf_token(session).await?,
            flash: session::take_flash(session).await?,
            section,
        })
    }
}

/// What a form held and what was wrong with it, so that a page re-rendered after an error keeps
/// what was typed and shows each message beside its field.
#[derive(Default)]
pub(crate) struct FormState {
    values: BTreeMap<String, String>,
    errors: Vec<(String, String)>,
}

impl FormState {
    pub(crate) fn with_values<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            values: pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            errors: Vec::new(),
        }
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

    /// Records a field's problem; the first message per field wins.
    pub(crate) fn add(&mut self, field: &str, message: impl Into<String>) {
        if self.e(field).is_none() {
            self.errors.push((field.to_owned(), message.into()));
        }
    }

    /// Keeps the value of a parse, or records its error.
    pub(crate) fn check<T>(&mut self, r: Result<T, ValidationError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e.field, capitalise(e.message, e.field));
                None
            }
        }
    }

    /// Turns a service error into a form message when it concerns a field; other errors pass.
    pub(crate) fn absorb(&mut self, e: AppError) -> Result<(), AppError> {
        match e {
            AppError::Invalid { field, message } => {
                let m = capitalise(&message, &field);
                self.add(&field, m);
                Ok(())
            }
            AppError::Accounts(_, message, _) => {
                self.add("form", message);
                Ok(())
            }
            other => Err(other),
        }
    }
}

/// "must be at least 10 characters" on field "password" reads "Password must be at least 10
/// characters" beside the field.
fn capitalise(message: &str, field: &str) -> String {
    let label = match field {
        "email" => "Email address",
        "display_name" => "Name",
        "password" => "Password",
        "association_id" => "Association",
        "org_id" => "Organization",
        "message" => "Message",
        "max_uses" => "Number of uses",
        "valid_days" => "Days valid",
        "note" => "Note",
        "name" => "Name",
        "short_name" => "Short name",
        "country" => "Country",
        "region" => "Region",
        "population" => "Population",
        "kind" => "Kind",
        "role" => "Role",
        "status" => "Status",
        "membership_expires_at" => "Membership end",
        other => other,
    };
    format!("{label} {message}")
}

pub(crate) fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => AppError::internal(e).into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: Page,
    status: u16,
    heading: &'a str,
    message: &'a str,
}

/// The friendly page behind every HTML error. It has no session at hand (errors can happen
/// before one exists), so it offers the ways on that need none.
pub(crate) fn error_page(status: StatusCode, info: &ErrorInfo) -> Html<String> {
    let heading = match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
        StatusCode::GONE => "This link no longer works",
        s if s.is_server_error() => "Something went wrong",
        _ => "There is a problem",
    };
    let page = Page {
        title: heading.to_owned(),
        member: None,
        csrf: String::new(),
        flash: None,
        section: "",
    };
    let t = ErrorPage {
        page,
        status: status.as_u16(),
        heading,
        message: &info.message,
    };
    Html(
        t.render().unwrap_or_else(|_| {
            format!("<!DOCTYPE html><title>{heading}</title><h1>{heading}</h1>")
        }),
    )
}

/// Formats a time for people: "2026-11-26 18:19 UTC".
pub(crate) fn when(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}

pub(crate) fn day(t: &time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}
