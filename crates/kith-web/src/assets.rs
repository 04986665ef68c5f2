//! The static assets, embedded in the binary: one small style sheet, htmx (vendored from the
//! npm package `htmx.org`, 0BSD) for the light touch of progressive enhancement, and the few
//! lines of script behind the copy buttons. Nothing is fetched from elsewhere, ever.
//!
//! Three files do not earn a crate: `include_bytes!` embeds them in every build profile (where
//! `rust-embed` reads from disk in debug builds unless told otherwise).

use axum::extract::Path;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::Error;

/// Every asset: its name under `/assets/`, its media type and its bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/style.css"),
    ),
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/htmx-2.0.11.min.js"),
    ),
    (
        "kith.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/kith.js"),
    ),
];

/// `GET /assets/{file}`.
pub(crate) async fn serve(Path(file): Path<String>) -> Result<Response, Error> {
    let (_, media_type, bytes) = ASSETS
        .iter()
        .find(|(name, _, _)| *name == file)
        .ok_or_else(|| Error::NotFound(format!("there is no asset `{file}`")))?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}
