//! The login kith asks for when it serves beyond this machine: one password (the user's; kith
//! has one user), kept only as an argon2 hash, and sessions held in memory by a random token
//! in an `HttpOnly`, `SameSite=Strict` cookie. On a loopback address there is no login: only
//! this machine can connect, and its user can read the database file anyway.
//!
//! kith serves plain HTTP, so it cannot know whether a browser reaches it over TLS (through a
//! reverse proxy); it marks the cookie `Secure` when the proxy says so with
//! `X-Forwarded-Proto: https`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::pages::{Form, Query, back};
use crate::{App, Error};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "kith_session";

/// How long a session lasts after logging in.
const SESSION: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The shortest password taken.
const SHORTEST: usize = 8;

/// Hashes a password for `kith serve --set-password` to keep: an argon2id PHC string, with a
/// random salt. A password shorter than eight characters is refused.
pub fn hash_password(password: &str) -> Result<String, Error> {
    if password.chars().count() < SHORTEST {
        return Err(Error::Input(format!(
            "the password is too short: use at least {SHORTEST} characters"
        )));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|err| Error::Internal(format!("the system gave no random bytes: {err}")))?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|err| Error::Internal(format!("encoding a salt: {err}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| Error::Internal(format!("hashing the password: {err}")))
}

/// Checks that `hash` is a password hash kith can verify against, so that a damaged file is
/// reported when serving starts rather than as a login that never works.
pub fn check_hash(hash: &str) -> Result<(), Error> {
    PasswordHash::new(hash.trim())
        .map(|_| ())
        .map_err(|err| Error::Input(format!("not a password hash kith wrote ({err})")))
}

fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash.trim()).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// The sessions of this process, by token.
#[derive(Debug, Default)]
pub(crate) struct Sessions(Mutex<HashMap<String, Instant>>);

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        // Whole after a panic: each change is one insert or removal.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn start(&self) -> Result<String, Error> {
        let token = crate::state::random_token()?;
        let mut sessions = self.lock();
        sessions.retain(|_, started| started.elapsed() < SESSION);
        sessions.insert(token.clone(), Instant::now());
        Ok(token)
    }

    /// Whether the request carries the cookie of a session that has not ended.
    pub(crate) fn valid(&self, headers: &HeaderMap) -> bool {
        cookie(headers).is_some_and(|token| {
            self.lock()
                .get(token)
                .is_some_and(|started| started.elapsed() < SESSION)
        })
    }

    fn end(&self, headers: &HeaderMap) {
        if let Some(token) = cookie(headers) {
            self.lock().remove(token);
        }
    }
}

/// The session token a request carries.
fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, token)| token)
}

/// Whether the proxy in front says the browser came over TLS.
fn behind_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

fn set_cookie(value: &str, max_age: u64, secure: bool) -> Result<HeaderValue, Error> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    ))
    .map_err(|err| Error::Internal(format!("writing the session cookie: {err}")))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    next: String,
    error: Option<String>,
}

/// Where to go after logging in.
#[derive(Debug, Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// `GET /login`.
pub(crate) async fn form(
    State(app): State<App>,
    Query(query): Query<Next>,
) -> Result<Html<String>, Error> {
    Ok(Html(
        LoginPage {
            csrf: app.csrf().to_owned(),
            next: query.next.unwrap_or_else(|| "/".to_owned()),
            error: None,
        }
        .render()?,
    ))
}

/// The login form.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    password: String,
    next: Option<String>,
}

/// `POST /login`: a session for the right password; the form again, answered 401, for a
/// wrong one, after a pause that makes guessing slow.
pub(crate) async fn login(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, Error> {
    let Some(hash) = app.settings().password.clone() else {
        return Err(Error::NotFound(
            "there is no login: kith is serving this computer only".to_owned(),
        ));
    };
    let password = form.password;
    let right = tokio::task::spawn_blocking(move || verify(&hash, &password))
        .await
        .map_err(|err| Error::Internal(format!("checking the password failed: {err}")))?;
    if !right {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let page = LoginPage {
            csrf: app.csrf().to_owned(),
            next: form.next.unwrap_or_else(|| "/".to_owned()),
            error: Some(
                "That is not the password. It was set with `kith serve --set-password`, which \
                 sets a new one too."
                    .to_owned(),
            ),
        };
        return Ok((StatusCode::UNAUTHORIZED, Html(page.render()?)).into_response());
    }
    let token = app.sessions().start()?;
    let mut response = back(form.next.as_deref(), "/").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(&token, SESSION.as_secs(), behind_tls(&headers))?,
    );
    Ok(response)
}

/// The logout form: only the token.
#[derive(Debug, Deserialize)]
pub(crate) struct LogoutForm {}

/// `POST /logout`: ends the session.
pub(crate) async fn logout(
    State(app): State<App>,
    headers: HeaderMap,
    Form(_): Form<LogoutForm>,
) -> Result<Response, Error> {
    app.sessions().end(&headers);
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, set_cookie("", 0, behind_tls(&headers))?);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("correct horse"));
        assert!(verify(&hash, "correct horse"));
        assert!(!verify(&hash, "correct horsE"));
        assert!(!verify("not a hash", "correct horse"));
        assert_ne!(hash, hash_password("correct horse").unwrap(), "salted");
        assert!(check_hash(&hash).is_ok());
        assert!(check_hash("garbage").is_err());
    }

    #[test]
    fn a_short_password_is_refused() {
        assert!(hash_password("seven77").is_err());
        assert!(hash_password("пароль12").is_ok(), "characters, not bytes");
    }

    #[test]
    fn the_session_token_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; kith_session=abc123; x=y"),
        );
        assert_eq!(cookie(&headers), Some("abc123"));
        assert_eq!(cookie(&HeaderMap::new()), None);
    }
}
