//! Organization pages: a municipality, vendor or partner as members see it, with its people.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use civiclink_accounts::Organization;
use civiclink_domain::OrgId;
use civiclink_people::OrgMember;

use super::{Page, render};
use crate::extract::PathParam;
use crate::session::{ActiveMember, SessionHandle};
use crate::{AppError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/organizations/{id}", get(org_page))
}

#[derive(Template)]
#[template(path = "orgs/org.html")]
struct OrgPage {
    page: Page,
    org: Organization,
    members: Vec<OrgMember>,
    can_edit: bool,
}

async fn org_page(
    State(state): State<AppState>,
    SessionHandle(s): SessionHandle,
    me: ActiveMember,
    PathParam(id): PathParam<OrgId>,
) -> Result<Response, AppError> {
    let org = state.accounts.organization(id).await?;
    let members = state.people.org_members(id, 500).await?;
    let can_edit = me.actor().administers(Some(org.association_id));
    let page = Page::new(
        &s,
        me.lang,
        Some(&me.member),
        org.name.clone(),
        "organizations",
    )
    .await?
    .at(format!("/organizations/{id}"));
    Ok(render(
        StatusCode::OK,
        &OrgPage {
            page,
            org,
            members,
            can_edit,
        },
    ))
}
