//! Extractors whose rejections speak the edge's error shape instead of axum's plain text.

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use civiclink_domain::ValidationError;
use serde::de::DeserializeOwned;

use crate::kit::error::AppError;

/// A JSON body. Malformed JSON, a wrong content type or a missing field is a 400 or 422 with a
/// message saying what was wrong.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(AppError::Invalid {
                field: "body".into(),
                message: e.body_text(),
            }),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError::PayloadTooLarge),
            Err(e) => Err(AppError::BadRequest(e.body_text())),
        }
    }
}

/// A JSON body whose every field is optional: no body at all counts as `{}`. Anything sent is
/// read as [`ApiJson`] reads it.
pub struct OptionalJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Default> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers();
        let length = headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let typed = headers.contains_key(axum::http::header::CONTENT_TYPE);
        let chunked = headers.contains_key(axum::http::header::TRANSFER_ENCODING);
        if length == Some(0) || (length.is_none() && !typed && !chunked) {
            return Ok(OptionalJson(T::default()));
        }
        ApiJson::<T>::from_request(req, state)
            .await
            .map(|ApiJson(v)| OptionalJson(v))
    }
}

/// A url-encoded form body.
pub struct FormData<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormData<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| FormData(v))
            .map_err(|e: FormRejection| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest(e.body_text())
                }
            })
    }
}

/// Path parameters; one that does not parse (a malformed id) means the thing does not exist.
pub struct PathParam<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathParam<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| PathParam(v))
            .map_err(|_: PathRejection| AppError::NotFound)
    }
}

/// Query parameters.
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| QueryParams(v))
            .map_err(|e: QueryRejection| AppError::BadRequest(e.body_text()))
    }
}

/// An optional choice typed as text (an id, a role, a status): empty means none, and a value
/// that does not parse is invalid input for `field`.
pub(crate) fn parse_opt<T: std::str::FromStr>(
    s: Option<&str>,
    field: &'static str,
) -> Result<Option<T>, AppError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| ValidationError::new(field, "invalid-choice").into()),
    }
}
