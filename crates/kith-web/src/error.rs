//! What can go wrong serving a request, and how each failure looks: a page that says what
//! happened and what to do for the browser, `{"error": "..."}` for the API, never a stack
//! trace. Statuses are decided in one exhaustive `match`, so a new kind of failure forces a
//! decision.

use askama::Template;
use axum::Json;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde::Serialize;

/// A failure while serving a request.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] kith_store::Error),
    /// A value the domain rejects (an empty fact, an unknown outcome).
    #[error(transparent)]
    Domain(#[from] kith_core::Error),
    /// A request that cannot be read: a missing or malformed field, an address that cannot be
    /// served on.
    #[error("{0}")]
    Input(String),
    /// A state-changing request without this server's token: possibly another site's forgery.
    #[error(
        "this request did not carry the form token of this kith server; reload the page and \
         try again (API clients send the token of GET /api/v1/csrf in the X-CSRF-Token header)"
    )]
    Csrf,
    /// A request from someone not logged in, where a login is needed.
    #[error(
        "log in first: kith is serving beyond this computer and asks for the password set with \
         `kith serve --set-password` (at /login; API clients post it there as a form and keep \
         the cookie)"
    )]
    Unauthorized,
    /// A request addressed to a host name that is not this server's.
    #[error(
        "kith answers only requests addressed to it by its own address (such as \
         127.0.0.1:PORT or localhost:PORT), not to `{0}`"
    )]
    Host(String),
    /// Nothing is at this address.
    #[error("{0}")]
    NotFound(String),
    /// An upload larger than the server takes.
    #[error("{0}")]
    TooLarge(String),
    /// Something is under way that this request would collide with (another import).
    #[error("{0}")]
    Busy(String),
    /// Something failed on kith's side.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    fn status(&self) -> StatusCode {
        match self {
            Self::Store(err) => match err {
                kith_store::Error::NotFound(_) => StatusCode::NOT_FOUND,
                kith_store::Error::Ambiguous { .. } | kith_store::Error::Conflict(_) => {
                    StatusCode::CONFLICT
                }
                kith_store::Error::BadExport(_) => StatusCode::BAD_REQUEST,
                kith_store::Error::MissingFolder(_)
                | kith_store::Error::Io(_)
                | kith_store::Error::NotKith { .. }
                | kith_store::Error::NewerSchema { .. }
                | kith_store::Error::Corrupt { .. }
                | kith_store::Error::Other(_) => StatusCode::INTERNAL_SERVER_ERROR,
            },
            Self::Domain(_) | Self::Input(_) => StatusCode::BAD_REQUEST,
            Self::Csrf => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Host(_) => StatusCode::MISDIRECTED_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Busy(_) => StatusCode::CONFLICT,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message for the user, and a note on the server's side for failures of its own.
    fn message(&self, status: StatusCode) -> String {
        let message = self.to_string();
        if status.is_server_error() {
            eprintln!("kith serve: {message}");
        }
        message
    }
}

impl From<askama::Error> for Error {
    fn from(err: askama::Error) -> Self {
        Self::Internal(format!("a page could not be drawn: {err}"))
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title: &'static str,
    message: String,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        let page = ErrorPage {
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error"),
            message: self.message(status),
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, page.message).into_response(),
        }
    }
}

/// An [`Error`] answered as JSON, for the API.
#[derive(Debug)]
pub(crate) struct ApiError(pub(crate) Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

/// `{"error": "..."}`: what went wrong and what to do.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ErrorJson {
    /// What went wrong, and what to do about it.
    error: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let error = self.0.message(status);
        (status, Json(ErrorJson { error })).into_response()
    }
}

/// The answer for an address nothing is at: a page, or JSON under `/api/`.
pub(crate) async fn not_found(uri: Uri) -> Response {
    let err = Error::NotFound(format!("there is nothing at `{}`", uri.path()));
    if uri.path().starts_with("/api/") {
        ApiError(err).into_response()
    } else {
        err.into_response()
    }
}
