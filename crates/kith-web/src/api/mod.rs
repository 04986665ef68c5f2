//! The JSON API under `/api/v1`: the same resources as the pages and the command line, in the
//! command line's JSON shapes ([`crate::json`]), with an OpenAPI 3.1 document generated from
//! this code at `/api/v1/openapi.json` and a page that reads it at `/api/v1/docs`.
//!
//! Errors are `{"error": "..."}` with the status that fits (400 bad input, 403 no CSRF token,
//! 404 unknown, 409 ambiguous or conflicting). Every state-changing request sends the token of
//! `GET /api/v1/csrf` in the `X-CSRF-Token` header.

mod docs;
mod followups;
mod people;
mod reunion;
mod stats;

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::{OpenApi, ToSchema};

use crate::error::{ApiError, ErrorJson};
use crate::{App, Error, json};

/// The API's routes, nested under `/api/v1`.
pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/people", get(people::list))
        .route("/people/{person}", get(people::get))
        .route("/people/{person}/facts", post(people::add_fact))
        .route("/people/{person}/reach", post(people::reach))
        .route("/people/{person}/outcome", post(people::outcome))
        .route("/people/{person}/followups", post(followups::create))
        .route("/followups", get(followups::list))
        .route("/followups/{id}/done", post(followups::done))
        .route("/reunion", get(reunion::list))
        .route("/stats", get(stats::get))
        .route("/csrf", get(csrf))
        .route("/openapi.json", get(openapi))
        .route("/docs", get(docs::show))
}

/// The OpenAPI document, generated from the handlers and shapes below.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "kith",
        description = "kith's local JSON API: the people you know, what you know about them, \
                       and reconnecting with them. State-changing requests send the token of \
                       GET /api/v1/csrf in the X-CSRF-Token header."
    ),
    paths(
        people::list,
        people::get,
        people::add_fact,
        people::reach,
        people::outcome,
        followups::list,
        followups::create,
        followups::done,
        reunion::list,
        stats::get,
        csrf,
    ),
    components(schemas(
        ErrorJson,
        CsrfJson,
        json::PersonRefJson,
        json::SummaryJson,
        json::DetailJson,
        json::FactJson,
        json::FollowUpJson,
        json::SuggestionJson,
        json::ReachJson,
        json::OutcomeRecordedJson,
        json::StatsJson,
    ))
)]
pub(crate) struct ApiDoc;

/// `GET /api/v1/openapi.json`.
async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

/// `{"token"}`: what state-changing requests send in `X-CSRF-Token`.
#[derive(Debug, Serialize, ToSchema)]
struct CsrfJson {
    /// The token of this server process.
    token: String,
}

/// The token state-changing requests carry.
#[utoipa::path(
    get,
    path = "/api/v1/csrf",
    responses((status = 200, description = "The token for X-CSRF-Token", body = CsrfJson))
)]
async fn csrf(State(app): State<App>) -> axum::Json<CsrfJson> {
    axum::Json(CsrfJson {
        token: app.csrf().to_owned(),
    })
}

/// A query string; one that cannot be read is answered 400 with what was wrong.
#[derive(Debug)]
pub(crate) struct Query<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError(Error::Input(rejection.body_text()))),
        }
    }
}

/// A JSON body; one that cannot be read is answered 400 with what was wrong.
#[derive(Debug)]
pub(crate) struct Json<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError(Error::Input(format!(
                "the JSON body could not be read: {}",
                rejection.body_text()
            )))),
        }
    }
}
