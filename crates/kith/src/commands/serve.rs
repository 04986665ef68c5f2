//! `kith serve`: the web UI and JSON API on this computer, until Ctrl-C. The settings, the
//! user's templates and question bank are read here, once, and handed to `kith-web`.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context as _;
use kith_core::drafts::{DraftKind, Language, Templates};
use kith_web::{App, Clock, Settings};

use crate::cli::ServeArgs;
use crate::commands::{learn, reunion};
use crate::context::{self, BadInput, Options};

pub(crate) fn run(options: &Options, args: &ServeArgs) -> anyhow::Result<()> {
    let path = options.db_path()?;
    serve(options, &path, args, "")
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
    kith_web::check_address(address).map_err(|err| BadInput(err.to_string()))?;
    let app = App::open(path, settings(options, args)?)
        .with_context(|| format!("opening {}", path.display()))?;
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
        let serving = format!(
            "{intro}kith is serving {} at http://{local}/\nOnly this computer can connect. \
             Press Ctrl-C to stop.",
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
    })
}
