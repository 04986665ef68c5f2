//! `kith serve`: the web UI and JSON API on this computer, until Ctrl-C. The settings, the
//! user's templates and question bank are read here, once, and handed to `kith-web`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use kith_core::drafts::{DraftKind, Language, Templates};
use kith_web::{App, Clock, Settings};

use crate::cli::{ServeArgs, ServeCommand};
use crate::commands::{learn, reunion};
use crate::context::{self, BadInput, Options};

pub(crate) fn run(options: &Options, args: &ServeCommand) -> anyhow::Result<()> {
    if args.set_password {
        return set_password(options);
    }
    let path = options.db_path()?;
    serve(options, &path, &args.serve, "")
}

/// Serves the database at `path` as `args` say until Ctrl-C, saying where after `intro`.
pub(crate) fn serve(
    options: &Options,
    path: &Path,
    args: &ServeArgs,
    intro: &str,
) -> anyhow::Result<()> {
    let addr = &args.addr;
    let address: SocketAddr = addr.parse().map_err(|_| {
        BadInput(format!(
            "--addr `{addr}` is not an address and port, like 127.0.0.1:7777"
        ))
    })?;
    let settings = settings(options, args)?;
    kith_web::check_address(address, settings.password.is_some())
        .map_err(|err| BadInput(err.to_string()))?;
    let login = !address.ip().is_loopback();
    let app = App::open(path, settings).with_context(|| format!("opening {}", path.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .context("starting the web server")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("listening on {address} (is another kith serving there?)"))?;
        let local = listener.local_addr()?;
        let who = if login {
            "Other machines can connect, and are asked for the password."
        } else {
            "Only this computer can connect."
        };
        let serving = format!(
            "{intro}kith is serving {} at http://{local}/\n{who} Press Ctrl-C to stop.",
            path.display()
        );
        // With --json, stdout holds one JSON document (the demo's tour) and nothing else.
        if options.json {
            eprintln!("{serving}");
        } else {
            say!("{serving}");
        }
        kith_web::serve(listener, app, async {
            // Ctrl-C, or a failure to listen for it, ends serving the same way.
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("serving the web UI")?;
        eprintln!("Stopped.");
        anyhow::Ok(())
    })
}

fn settings(options: &Options, args: &ServeArgs) -> anyhow::Result<Settings> {
    let mut templates = Templates::built_in();
    for kind in DraftKind::ALL {
        for language in Language::ALL {
            templates.set(kind, language, reunion::template(options, kind, language)?);
        }
    }
    Ok(Settings {
        clock: if options.now_given {
            Clock::Fixed(options.now)
        } else {
            Clock::System
        },
        zone: options.zone.clone(),
        batch: options.config.batch,
        check_back: options.config.check_back,
        stale_after: options.config.stale_after,
        templates,
        questions: learn::bank(options)?,
        region: context::region(&args.region, &options.config)?,
        upload_limit: kith_web::UPLOAD_LIMIT,
        config_dir: options.config_dir.clone(),
        password: password(options)?,
    })
}

/// The file the login password's hash is kept in, in kith's config folder. Not the database:
/// the password guards the server, and a database is copied, exported and shared without it.
fn password_file(options: &Options) -> anyhow::Result<PathBuf> {
    let folder = options.config_dir.as_ref().ok_or_else(|| {
        BadInput("cannot tell where your home folder is, so there is no config folder".into())
    })?;
    Ok(folder.join("web-password"))
}

/// The login password's hash, if one was set.
fn password(options: &Options) -> anyhow::Result<Option<String>> {
    let Ok(path) = password_file(options) else {
        return Ok(None);
    };
    match std::fs::read_to_string(&path) {
        Ok(hash) => {
            kith_web::check_hash(&hash).map_err(|err| {
                BadInput(format!(
                    "{}: {err}; set the password again with `kith serve --set-password`",
                    path.display()
                ))
            })?;
            Ok(Some(hash.trim().to_owned()))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err).with_context(|| format!("reading {}", path.display())),
    }
}

/// `kith serve --set-password`: asks for the password (twice, without echo) unless
/// `KITH_WEB_PASSWORD` gives it, and keeps its argon2 hash, readable by the user only.
fn set_password(options: &Options) -> anyhow::Result<()> {
    let path = password_file(options)?;
    let password = match std::env::var("KITH_WEB_PASSWORD") {
        Ok(password) => password,
        Err(_) => {
            let first = rpassword::prompt_password("New password for kith's web UI: ").context(
                "reading the password (set KITH_WEB_PASSWORD when there is no terminal)",
            )?;
            let again =
                rpassword::prompt_password("The same again: ").context("reading the password")?;
            if first != again {
                return Err(BadInput("the two passwords differ; nothing was set".into()).into());
            }
            first
        }
    };
    let hash = kith_web::hash_password(&password).map_err(|err| BadInput(err.to_string()))?;
    let folder = path
        .parent()
        .expect("the password file is in the config folder");
    std::fs::create_dir_all(folder)
        .with_context(|| format!("creating the config folder {}", folder.display()))?;
    let file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("writing in {}", folder.display()))?;
    // A NamedTempFile is created readable by its owner only (0600 on Unix).
    std::fs::write(file.path(), format!("{hash}\n"))
        .with_context(|| format!("writing {}", file.path().display()))?;
    file.persist(&path)
        .with_context(|| format!("saving {}", path.display()))?;
    say!(
        "The password is set (its hash is in {}). `kith serve --addr 0.0.0.0:7777` now serves \
         other machines, and asks them for it.",
        path.display()
    );
    Ok(())
}
