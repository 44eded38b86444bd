//! Associations: the list and a new one (site administrators).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use civiclink_accounts::{Association, NewAssociation};
use civiclink_domain::Role;
use serde::Deserialize;

use civiclink_i18n::{Arg, t, t_args};

use crate::kit::error::AppError;
use crate::kit::extract::FormData;
use crate::kit::page::{FormState, Page, render};
use crate::kit::session::{Admin, SessionHandle, set_flash};
use crate::kit::state::AppState;
use utoipa_axum::router::OpenApiRouter;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route(
        "/admin/associations",
        get(associations).post(create_association),
    )
}

#[derive(Template)]
#[template(path = "admin/associations.html")]
struct AssociationsPage {
    page: Page,
    associations: Vec<Association>,
    form: FormState,
    can_create: bool,
}

async fn associations_page(
    state: &AppState,
    s: &tower_sessions::Session,
    admin: &Admin,
    form: FormState,
    status: StatusCode,
) -> Result<Response, AppError> {
    let page = Page::new(
        s,
        admin.lang(),
        Some(admin.member()),
        t(admin.lang(), "admin-associations"),
        "admin-associations",
    )
    .await?;
    Ok(render(
        status,
        &AssociationsPage {
            page,
            associations: state.accounts.list_associations().await?,
            form,
            can_create: admin.member().role == Role::SiteAdmin,
        },
    ))
}

async fn associations(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
) -> Result<Response, AppError> {
    associations_page(
        &state,
        &s,
        &admin,
        FormState::new(admin.lang()),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize)]
struct AssociationForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    country: String,
}

async fn create_association(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    admin: Admin,
    FormData(f): FormData<AssociationForm>,
) -> Result<Response, AppError> {
    if admin.member().role != Role::SiteAdmin {
        return Err(AppError::Forbidden);
    }
    let mut form = FormState::with_values(
        admin.lang(),
        [
            ("name", f.name.as_str()),
            ("short_name", f.short_name.as_str()),
            ("country", f.country.as_str()),
        ],
    );
    if let Some(new) = form.check(NewAssociation::parse(&f.name, &f.short_name, &f.country)) {
        match state
            .accounts
            .create_association(Some(&admin.actor()), new)
            .await
        {
            Ok(a) => {
                set_flash(
                    &s,
                    t_args(
                        admin.lang(),
                        "orgs-added",
                        &[("name", Arg::Str(a.name.clone()))],
                    ),
                )
                .await?;
                return Ok(Redirect::to("/admin/associations").into_response());
            }
            Err(e) => form.absorb(e.into())?,
        }
    }
    associations_page(&state, &s, &admin, form, StatusCode::UNPROCESSABLE_ENTITY).await
}
