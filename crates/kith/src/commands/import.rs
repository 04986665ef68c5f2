//! `kith import`: reads exports, resolves who is who, and writes it all in one transaction. A
//! kith JSON export is not resolved but loaded as it is, into an empty database.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::tz::TimeZone;
use kith_import::Format;
use kith_import::walk::{self, Progress};
use serde::Serialize;

use crate::cli::ImportArgs;
use crate::context::{self, BadInput, Options};
use crate::output::{print_json, printable};

/// The contract's summary.
#[derive(Debug, Serialize)]
struct SummaryJson {
    people_added: u64,
    people_updated: u64,
    people_merged: u64,
    identities_added: u64,
    interactions_added: u64,
    warnings: Vec<String>,
}

/// How many warnings a person reads before "and N more".
const WARNINGS_SHOWN: usize = 10;

pub(crate) fn run(options: &Options, args: &ImportArgs) -> anyhow::Result<()> {
    if args.source.is_none()
        && let Some(export) = kith_export(&args.paths)
    {
        if args.paths.len() > 1 {
            return Err(BadInput(format!(
                "`{}` is a kith export, which is loaded on its own into an empty database; \
                 import it alone, and the other files afterwards",
                export.display()
            ))
            .into());
        }
        return load(options, export);
    }
    let format = match &args.source {
        Some(name) => Some(Format::parse(name).ok_or_else(|| {
            BadInput(format!(
                "unknown --source `{name}`: expected one of {}",
                Format::ALL.map(Format::as_str).join(", ")
            ))
        })?),
        None => None,
    };
    let zone = match args.zone.as_ref().or(options.config.zone.as_ref()) {
        Some(name) => TimeZone::get(name).map_err(|_| {
            BadInput(format!(
                "unknown time zone `{name}`: expected a name like Europe/Kyiv or UTC"
            ))
        })?,
        None => options.zone.clone(),
    };
    let region = context::region(&args.region, &options.config)?;
    // Open the store first, so that a bad --db fails before minutes of reading.
    let mut context = options.open()?;
    let read_options = walk::Options { format, zone };
    let mut progress = Bar::new(!options.json);
    let (tally, report) = walk::read(&args.paths, &read_options, &mut progress)?;
    progress.finish();
    let records = tally.finish().into_records(region);
    let directory = context.store.directory()?;
    let plan = directory.plan(records.records);
    let imported = context
        .store
        .write(|w| w.apply(&plan, options.now))
        .context("writing the import")?;
    let summary = SummaryJson {
        people_added: imported.people_added,
        people_updated: imported.people_updated,
        people_merged: imported.people_merged,
        identities_added: imported.identities_added,
        interactions_added: imported.interactions_added,
        warnings: records.warnings,
    };
    if options.json {
        return print_json(&summary);
    }
    say!(
        "Read {} {} ({:.1} MB).",
        report.files,
        if report.files == 1 { "file" } else { "files" },
        report.bytes as f64 / 1e6
    );
    say!(
        "{} people added, {} updated, {} found in one more place; {} identities and {} months \
         of contact added.",
        summary.people_added,
        summary.people_updated,
        summary.people_merged,
        summary.identities_added,
        summary.interactions_added
    );
    if !summary.warnings.is_empty() {
        say!("{} warnings:", summary.warnings.len());
        for warning in summary.warnings.iter().take(WARNINGS_SHOWN) {
            say!("  {}", printable(warning));
        }
        if summary.warnings.len() > WARNINGS_SHOWN {
            say!(
                "  … and {} more (`--json` lists them all)",
                summary.warnings.len() - WARNINGS_SHOWN
            );
        }
    }
    Ok(())
}

/// The first of `paths` that is a kith JSON export, told by its first bytes.
fn kith_export(paths: &[PathBuf]) -> Option<&Path> {
    paths.iter().map(PathBuf::as_path).find(|path| {
        let mut head = Vec::with_capacity(HEAD);
        // A file that cannot be read is left for the importers to report.
        std::fs::File::open(path)
            .and_then(|file| file.take(HEAD as u64).read_to_end(&mut head))
            .is_ok()
            && kith_store::export::is_export(&head)
    })
}

/// How many bytes of a file tell whether it is a kith export.
const HEAD: usize = 1024;

/// Loads a kith export into the (empty) database, exactly as it was exported.
fn load(options: &Options, file: &Path) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let db = options.db_path()?;
    let input = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let loaded = context.store.load_export(input).with_context(|| {
        format!(
            "`{}` was not imported into {}; nothing was written",
            file.display(),
            db.display()
        )
    })?;
    if options.json {
        return print_json(&SummaryJson {
            people_added: loaded.people,
            people_updated: 0,
            people_merged: 0,
            identities_added: loaded.identities,
            interactions_added: loaded.interactions,
            warnings: Vec::new(),
        });
    }
    say!(
        "Loaded the kith export {} into {}: {} people, {} identities, {} facts, {} months of \
         contact, {} follow-ups, {} circles with {} pairing rounds and {} intros, as they were.",
        file.display(),
        db.display(),
        loaded.people,
        loaded.identities,
        loaded.facts,
        loaded.interactions,
        loaded.followups,
        loaded.circles,
        loaded.rounds,
        loaded.intros
    );
    Ok(())
}

/// A progress bar on stderr that appears only once reading has taken a second, and never
/// when stderr is not a terminal or the output is JSON.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    visible: bool,
    wanted: bool,
}

impl Bar {
    fn new(wanted: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} reading {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {wide_bar}",
            )
            .expect("the progress template is valid"),
        );
        Self {
            bar,
            started: Instant::now(),
            visible: false,
            wanted,
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&mut self, bytes: u64) {
        self.bar.set_length(bytes);
    }

    fn advance(&mut self, bytes: u64) {
        self.bar.inc(bytes);
        if self.wanted && !self.visible && self.started.elapsed() > Duration::from_secs(1) {
            self.visible = true;
            // `stderr()` draws only when stderr is a terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
