//! What every request and response goes through: requests must be addressed to this server
//! by its own name (so that a web page whose DNS name is rebound to 127.0.0.1 cannot read
//! anything), state-changing requests must carry this process's token (so that another site
//! cannot forge a form post), and every response carries a strict Content-Security-Policy (no
//! inline scripts or styles, nothing from elsewhere) and asks not to be cached or framed.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::ApiError;
use crate::{App, Error};

/// The header API clients send the token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// The form field pages send the token in.
pub(crate) const CSRF_FIELD: &str = "csrf";

/// The largest form body read; forms hold a fact or a few answers, never files.
pub(crate) const FORM_LIMIT: usize = 256 * 1024;

/// What is served to people not logged in: the login itself, and the token its form needs.
const PUBLIC: [&str; 2] = ["/login", "/api/v1/csrf"];

/// The one address that takes a file upload (`multipart/form-data`). Its body is not read
/// here: the handler checks the token, the upload's first field, before it stores a byte.
pub(crate) const UPLOAD_PATH: &str = "/import";

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
    connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Checks the request, runs it, and adds the security headers to whatever it answers.
pub(crate) async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let wanted = request.uri().path_and_query().map(|p| p.to_string());
    let mut response = match check(&app, request).await {
        Ok(request) => next.run(request).await,
        Err(err) if api => ApiError(err).into_response(),
        // A page asked for before logging in: log in, then come back to it.
        Err(Error::Unauthorized) => {
            let next = wanted.unwrap_or_else(|| "/".to_owned());
            Redirect::to(&format!("/login?next={}", query_encode(&next))).into_response()
        }
        Err(err) => err.into_response(),
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not `no-referrer`: under it a browser sends `Origin: null` with a plain form post,
        // and the origin check below could not tell kith's own forms from another site's.
        // `same-origin` still sends nothing to other sites.
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        // Pages hold intimate data: nothing is kept in a shared or disk cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

async fn check(app: &App, request: Request) -> Result<Request, Error> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if !app.host_allowed(&host) {
        return Err(Error::Host(host));
    }
    let path = request.uri().path();
    if app.login_required()
        && !PUBLIC.contains(&path)
        && !path.starts_with("/assets/")
        && !app.sessions().valid(request.headers())
    {
        return Err(Error::Unauthorized);
    }
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(request);
    }
    // A browser says where a request comes from; one from another site is refused outright.
    // `null` says nothing (a privacy setting, a sandboxed frame): the token decides.
    // Behind a TLS proxy the browser's origin is `https://` the same host.
    if let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| origin.as_bytes() != b"null")
    {
        let same_site = ["http", "https"].iter().any(|scheme| {
            origin
                .as_bytes()
                .eq_ignore_ascii_case(format!("{scheme}://{host}").as_bytes())
        });
        if !same_site {
            return Err(Error::Csrf);
        }
    }
    let (parts, body) = request.into_parts();
    if let Some(token) = parts.headers.get(CSRF_HEADER) {
        return if same(token.as_bytes(), app.csrf().as_bytes()) {
            Ok(Request::from_parts(parts, body))
        } else {
            Err(Error::Csrf)
        };
    }
    if parts.uri.path() == UPLOAD_PATH && is_multipart(&parts) {
        return Ok(Request::from_parts(parts, body));
    }
    if !is_form(&parts) {
        return Err(Error::Csrf);
    }
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        Error::Input(format!(
            "the form is larger than {} KiB; shorten what you typed",
            FORM_LIMIT / 1024
        ))
    })?;
    let token = bytes
        .split(|byte| *byte == b'&')
        .filter_map(|pair| {
            let at = pair.iter().position(|byte| *byte == b'=')?;
            Some((&pair[..at], &pair[at + 1..]))
        })
        .find(|(name, _)| *name == CSRF_FIELD.as_bytes())
        .map(|(_, value)| value);
    match token {
        Some(token) if same(token, app.csrf().as_bytes()) => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        _ => Err(Error::Csrf),
    }
}

fn is_form(parts: &request::Parts) -> bool {
    parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"))
}

/// Percent-encodes a path for a query string.
fn query_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn is_multipart(parts: &request::Parts) -> bool {
    parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"))
}

/// Compares two tokens in time that depends on their length only.
pub(crate) fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}
