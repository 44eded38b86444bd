//! Static assets, compiled into the binary so it runs from any directory.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::kit::extract::PathParam;

#[derive(RustEmbed)]
#[folder = "../../web/static"]
struct Assets;

pub(crate) async fn serve(PathParam(path): PathParam<String>) -> Response {
    match Assets::get(&path) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
                (header::CACHE_CONTROL, "public, max-age=3600".to_owned()),
            ],
            file.data,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
