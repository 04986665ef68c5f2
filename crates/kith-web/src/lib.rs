//! kith's local web UI and JSON API, served by `kith serve` from the same binary.
//!
//! The crate owns the route table ([`router`]), the server-rendered pages (`pages/`, with
//! compile-time checked, auto-escaping templates in `templates/`), the JSON API under
//! `/api/v1` with its OpenAPI document (`api/`), the JSON shapes the API shares with the
//! command line ([`json`]), the static assets embedded in the binary, and the security every
//! response gets (`security`). Like the command line it holds no business rules and no SQL:
//! every decision is `kith-core`'s, every query `kith-store`'s.
//!
//! [`serve`] takes a bound listener, so that tests bind port 0 and the binary binds the address
//! the user named; on an address other machines could reach it asks for a login (`login`),
//! and [`check_address`] refuses such an address while no password is set.

#![deny(missing_docs)]

mod actions;
mod api;
mod assets;
mod chart;
mod error;
mod import;
pub mod json;
mod login;
mod pages;
mod security;
mod state;

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::Error;
pub use login::{check_hash, hash_password};
pub use state::{App, Clock, Settings, UPLOAD_LIMIT};

/// The route table: every page, form action, API endpoint and asset.
pub fn router(app: App) -> Router {
    let pages = Router::new()
        .route("/", get(pages::today::show))
        .route("/people", get(pages::people::list))
        .route("/people/{person}", get(pages::person::show))
        .route("/people/{person}/facts", post(pages::person::add_fact))
        .route("/people/{person}/answers", post(pages::person::answer))
        .route("/people/{person}/reach", post(pages::person::reach))
        .route("/people/{person}/outcome", post(pages::person::outcome))
        .route(
            "/people/{person}/followups",
            post(pages::person::add_followup),
        )
        .route("/people/{person}/cadence", post(pages::person::cadence))
        .route("/people/{person}/log", post(pages::person::log))
        .route("/people/{person}/exclude", post(pages::person::exclude))
        .route("/people/{person}/include", post(pages::person::include))
        .route("/people/{person}/language", post(pages::person::language))
        .route("/people/{person}/delete", post(pages::person::delete))
        .route("/people/{person}/restore", post(pages::person::restore))
        .route("/people/{person}/merge", post(pages::person::merge))
        .route("/people/{person}/unmerge", post(pages::person::unmerge))
        .route("/facts/{fact}/confirm", post(pages::person::confirm_fact))
        .route("/facts/{fact}/remove", post(pages::person::remove_fact))
        .route(
            "/followups/{followup}/done",
            post(pages::today::complete_followup),
        )
        .route(
            "/followups/{followup}/snooze",
            post(pages::today::snooze_followup),
        )
        .route("/stats", get(pages::stats::show))
        .route("/login", get(login::form).post(login::login))
        .route("/logout", post(login::logout))
        .route(
            security::UPLOAD_PATH,
            get(pages::import::form)
                .post(pages::import::upload)
                // The handler enforces the user's upload limit while it streams the file.
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/import/{job}", get(pages::import::status))
        .route("/settings", get(pages::settings::show))
        .route(
            "/settings/templates/{language}/{kind}",
            post(pages::settings::save_template),
        )
        .route("/settings/questions", post(pages::settings::save_questions))
        .route("/assets/{file}", get(assets::serve));
    pages
        .nest("/api/v1", api::router())
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the requests under
/// way and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let local = listener.local_addr()?;
    app.serve_on(local).map_err(std::io::Error::other)?;
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Refuses to serve on an address other machines could reach unless a login password is
/// set: kith holds intimate data.
pub fn check_address(address: SocketAddr, password_set: bool) -> Result<(), Error> {
    if address.ip().is_loopback() || password_set {
        return Ok(());
    }
    Err(unreachable_without_login(address))
}

fn unreachable_without_login(address: SocketAddr) -> Error {
    Error::Input(format!(
        "`{address}` can be reached from other machines, and no login password is set; set \
         one with `kith serve --set-password`, or serve on this machine only with an address \
         like 127.0.0.1:7777 (the default) and reach it from elsewhere through an SSH tunnel \
         (`ssh -L 7777:127.0.0.1:7777 HOST`)"
    ))
}
