//! The edge's own machinery, shared by every capability's folder and importing none of them:
//! the state handlers reach, errors and their rendering, extractors, sessions and identity,
//! bearer tokens, CSRF, the page frame and forms, redirects, the OpenAPI frame, metrics and
//! static assets.

pub(crate) mod assets;
pub(crate) mod bearer;
pub(crate) mod client_addr;
pub(crate) mod csrf;
pub(crate) mod error;
pub(crate) mod error_page;
pub(crate) mod extract;
pub(crate) mod metrics;
pub(crate) mod notices;
pub(crate) mod openapi;
pub(crate) mod page;
pub(crate) mod session;
pub(crate) mod session_store;
pub(crate) mod state;
