//! Every error response's body: JSON for the API, and for people the friendly page behind every
//! HTML error, in the same frame as the other pages.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use civiclink_domain::Language;
use civiclink_i18n::t;

use crate::kit::error::{ErrorInfo, ErrorShell};
use crate::kit::page::{NavMember, Page};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    status: String,
    heading: String,
    message: String,
    hint: String,
    offer_directory: bool,
}

/// The friendly page behind every HTML error: a heading and a message that say what happened in
/// the reader's terms, a hint at what to do, and the way home. With the session's [`ErrorShell`]
/// it has the member's navigation and the language switch; without it (an error raised before
/// the session was read) it offers the ways on that need none.
pub(crate) fn error_page(
    status: StatusCode,
    info: &ErrorInfo,
    lang: Language,
    shell: Option<&ErrorShell>,
    address: &str,
) -> Html<String> {
    let kind = match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::TOO_MANY_REQUESTS => "rate-limited",
        StatusCode::GONE => "gone",
        s if s.is_server_error() => "server",
        _ => "other",
    };
    let heading = t(lang, &format!("error-heading-{kind}"));
    // The plain refusals say more on a page than their one-line API wording.
    let message = match info.code {
        "not_found" => t(lang, "error-page-not-found"),
        "forbidden" => t(lang, "error-page-forbidden"),
        _ => info.message(lang),
    };
    let member = shell.and_then(|s| s.member.as_ref());
    let page = Page {
        lang,
        title: heading.clone(),
        member: member.map(NavMember::of),
        csrf: shell.map(|s| s.csrf.clone()).unwrap_or_default(),
        flash: None,
        section: "",
        path: address.to_owned(),
        notices: 0,
    };
    let t = ErrorPage {
        offer_directory: status == StatusCode::NOT_FOUND
            && page.member.as_ref().is_some_and(|m| !m.lapsed),
        page,
        status: status.as_u16().to_string(),
        heading: heading.clone(),
        message,
        hint: t(lang, &format!("error-hint-{kind}")),
    };
    Html(t.render().unwrap_or_else(|_| {
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><title>{heading}</title><h1>{heading}</h1></html>",
            lang.code()
        )
    }))
}

/// Gives every error response its body: JSON for the API (and for clients that ask for JSON),
/// an HTML page for people. Errors raised by axum itself (unknown route, wrong method, a body too
/// large) carry no [`ErrorInfo`] and get one here, so every error has the same shape.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let wants_json = req.uri().path().starts_with("/api/")
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    let path_and_query = req
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    let is_get = req.method() == axum::http::Method::GET;
    let request_lang = crate::kit::session::request_language(req.headers());
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let lang = response
        .extensions()
        .get::<Language>()
        .copied()
        .unwrap_or(request_lang);
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None => {
            let content_type = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            // A page the handler rendered itself, or an API error body the handler wrote with
            // more than a code and a message (a near-duplicate's candidates), stands.
            match content_type {
                Some(ct) if !wants_json || ct.starts_with("application/json") => return response,
                _ => {}
            }
            ErrorInfo::for_status(status)
        }
    };
    // People who are not signed in, or whose membership lapsed, are sent where they can act.
    if !wants_json && is_get {
        if info.code == "unauthenticated" {
            let next = form_urlencoded_component(&path_and_query);
            return axum::response::Redirect::to(&format!("/login?next={next}")).into_response();
        }
        if info.code == "membership_lapsed" {
            return axum::response::Redirect::to("/renew").into_response();
        }
    }
    let response_shell = response.extensions().get::<ErrorShell>().cloned();
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut rendered = if wants_json {
        let mut body = serde_json::json!({ "error": info.code, "message": info.message(lang) });
        if let Some(field) = &info.field {
            body["field"] = serde_json::Value::String(field.clone());
        }
        (status, axum::Json(body)).into_response()
    } else {
        // The language switch comes back to the address that failed when it can be read again,
        // and home after a failed form post.
        let address = if is_get { path_and_query.as_str() } else { "/" };
        let shell = response_shell.as_ref();
        (status, error_page(status, &info, lang, shell, address)).into_response()
    };
    for (k, v) in parts.headers.iter() {
        if k != header::CONTENT_TYPE {
            rendered.headers_mut().insert(k.clone(), v.clone());
        }
    }
    rendered.headers_mut().insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.code()),
    );
    rendered
}

/// Percent-encodes a path for use as a query value.
pub(crate) fn form_urlencoded_component(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}
