//! The language switch in every page's header.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use civiclink_domain::Language;
use serde::Deserialize;

use crate::kit::error::AppError;
use crate::kit::extract::FormData;
use crate::kit::page::safe_next;
use crate::kit::session::{LANG_COOKIE, Lang, MaybeMember};
use crate::kit::state::AppState;
use axum::routing::post;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route("/language", post(switch_language))
}

#[derive(Deserialize)]
struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    next: String,
}

/// The language switch: remembered in a cookie for visitors and as the preference of a member.
async fn switch_language(
    State(state): State<AppState>,
    MaybeMember(member): MaybeMember,
    Lang(current): Lang,
    FormData(f): FormData<LanguageForm>,
) -> Result<Response, AppError> {
    let lang = Language::from_tag(&f.lang).unwrap_or(current.other());
    if let Some(m) = member {
        state.accounts.set_language(m.id, lang).await?;
    }
    let mut response = Redirect::to(safe_next(Some(&f.next))).into_response();
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        lang.code(),
        if state.config.cookie_secure {
            "; Secure"
        } else {
            ""
        }
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}
