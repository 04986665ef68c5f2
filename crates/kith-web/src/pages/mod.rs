//! The server-rendered pages: each handler asks [`crate::actions`] for what the page shows
//! and draws it with a template from `templates/` (auto-escaped, so that a name or a fact
//! holding `<script>` is shown as text). Forms post, then redirect back (post/redirect/get),
//! so every page works with JavaScript off; htmx only spares the full reload.

pub(crate) mod import;
pub(crate) mod people;
pub(crate) mod person;
pub(crate) mod settings;
pub(crate) mod stats;
pub(crate) mod today;

use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{Html, Redirect};
use serde::de::DeserializeOwned;

use crate::Error;

/// Draws a page.
pub(crate) fn render(page: &impl Template) -> Result<Html<String>, Error> {
    Ok(Html(page.render()?))
}

/// A form's fields; a form that cannot be read is answered 400 with what was wrong.
#[derive(Debug)]
pub(crate) struct Form<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::Input(format!(
                "the form could not be read: {}",
                rejection.body_text()
            ))),
        }
    }
}

/// A query string; one that cannot be read is answered 400 with what was wrong.
#[derive(Debug)]
pub(crate) struct Query<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::Input(rejection.body_text())),
        }
    }
}

/// Where to go after a form: the page it names in `back` if that is a page of this site,
/// else `fallback`.
pub(crate) fn back(to: Option<&str>, fallback: &str) -> Redirect {
    let local = to.filter(|path| {
        path.starts_with('/') && !path.starts_with("//") && !path.contains(['\\', '\r', '\n'])
    });
    Redirect::to(local.unwrap_or(fallback))
}

/// The outcomes a form offers, with how they read.
pub(crate) const OUTCOMES: [(&str, &str); 5] = [
    ("reintroduced", "Reintroduced"),
    ("not-now", "Not now: later"),
    ("declined", "Declined to share"),
    ("no-reply", "No reply"),
    ("out-of-tribe", "Out of my tribe"),
];
