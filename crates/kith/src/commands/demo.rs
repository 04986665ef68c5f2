//! `kith demo`: writes the built-in sample network into a fresh demo database and prints a
//! short tour of it.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use kith_core::{metrics, queue};
use kith_import::sample::Sample;
use kith_store::{PeopleQuery, Store};
use serde::Serialize;

use crate::cli::DemoArgs;
use crate::commands::serve;
use crate::context::{BadInput, Options, data_folder, open_store};
use crate::output::print_json;

/// How many people the tour looks through for examples.
const TOUR_PAGE: u64 = 200;

/// `kith demo --json`.
#[derive(Debug, Serialize)]
struct TourJson {
    db: PathBuf,
    people: u64,
    strangers: u64,
    circles: Vec<String>,
}

pub(crate) fn run(options: &Options, args: &DemoArgs) -> anyhow::Result<()> {
    let path = demo_path(options)?;
    replace_demo_database(&path)?;
    let mut store = open_store(&path)?;
    load(
        &mut store,
        &Sample::new(args.seed, args.people, options.now),
        options,
    )
    .with_context(|| format!("writing the sample network to {}", path.display()))?;
    let intersections = crate::matching::discovered(&mut store)?.len();
    tour(&store, &path, options, intersections)?;
    if args.no_serve {
        return Ok(());
    }
    drop(store);
    serve::serve(options, &path, &args.serve, "\n")
}

/// The demo never touches the user's own database: it writes where `--db` says, or to
/// `demo.db` beside the default database.
fn demo_path(options: &Options) -> anyhow::Result<PathBuf> {
    if let Some(path) = &options.db {
        return Ok(path.clone());
    }
    let folder = data_folder()?;
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("creating the data folder {}", folder.display()))?;
    Ok(folder.join("demo.db"))
}

/// Removes an earlier demo database at `path`; refuses to replace anything else.
fn replace_demo_database(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    if !kith_store::is_demo_database(path)? {
        return Err(BadInput(format!(
            "`{}` exists and was not made by `kith demo`; the demo writes a fresh database \
             and will not replace it. Choose another path with --db",
            path.display()
        ))
        .into());
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err)
                    .with_context(|| format!("removing {}", Path::new(&file).display()));
            }
            _ => {}
        }
    }
    Ok(())
}

fn load(store: &mut Store, sample: &Sample, options: &Options) -> anyhow::Result<()> {
    let me = store.me()?;
    let (my_name, my_facts) = sample.me();
    store.write(|w| {
        w.mark_as_demo()?;
        w.rename(me.id, &my_name)?;
        for fact in &my_facts {
            w.add_fact(me.id, fact, options.now)?;
        }
        for person in sample.people() {
            w.add_person(&person, options.now)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn tour(store: &Store, path: &Path, options: &Options, intersections: usize) -> anyhow::Result<()> {
    let counts = store.counts()?;
    let strangers = counts.people - counts.known;
    let circles = store.circles()?;
    if options.json {
        return print_json(&TourJson {
            db: path.to_owned(),
            people: counts.people,
            strangers,
            circles,
        });
    }
    let db = shell_word(&path.display().to_string());
    let kith = program();
    say!("Wrote a sample network to {}\n", path.display());
    say!(
        "  {} people in {} circles: {}",
        counts.people,
        circles.len(),
        circles.join(", ")
    );
    let share = (strangers * 100).checked_div(counts.people).unwrap_or(0);
    say!(
        "  {strangers} of them ({share}%) are strangers: you can say nothing about them, not \
         even where you met.\n  That share, not the head count, is what kith helps you shrink.\n"
    );
    // The best-known few among the first page of people, so the tour stays quick on a network
    // of any size.
    let first_page = PeopleQuery {
        limit: Some(TOUR_PAGE),
        ..PeopleQuery::default()
    };
    let mut known = store.people(&first_page)?;
    known.retain(|summary| summary.facts >= 3);
    known.sort_by_key(|summary| std::cmp::Reverse(summary.facts));
    if !known.is_empty() {
        say!("A few people you do know something about:");
    }
    for summary in known.iter().take(3) {
        say!("  {} (id {})", summary.person.name, summary.person.id);
        let facts = store.facts(summary.person.id)?;
        for fact in facts.iter().filter(|fact| !fact.private).take(4) {
            say!("    {:<9} {}", fact.kind, fact.text);
        }
    }
    // Today's queue, as a preview: nothing is recorded until `kith reunion` itself is run.
    let candidates = store.queue_candidates()?;
    let seed = queue::daily_seed(options.now, &options.zone);
    let today = queue::queue(
        &candidates,
        options.config.batch,
        options.now,
        &options.zone,
        seed,
    );
    if !today.is_empty() {
        say!("\nToday's reunion queue (`kith reunion` adds a drafted message to each):");
        for suggestion in &today {
            say!(
                "  {} (id {}): {}",
                suggestion.name,
                suggestion.person,
                suggestion.reason
            );
        }
    }
    let day = options.zone.to_datetime(options.now).date().to_string();
    let mut tallies = store.tallies(options.now, &day, 0)?;
    tallies.intersections = intersections as u64;
    let quality = metrics::quality(&tallies);
    say!(
        "\nThe number that matters: you know something about {} of {} people ({:.0}%), and {} \
         intersections of your goals with theirs are found so far.",
        quality.known,
        quality.network_size,
        quality.known_share.unwrap_or(0.0) * 100.0,
        quality.intersections
    );
    let example = known
        .first()
        .map_or_else(|| "me".to_owned(), |s| shell_word(s.person.name.as_str()));
    let circle = circles
        .first()
        .map_or_else(String::new, |c| format!(" --circle {}", shell_word(c)));
    say!("\nLook around (every command also takes --json):");
    say!("  {kith} --db {db} people{circle} --limit 10");
    say!("  {kith} --db {db} people --strangers --limit 10");
    say!("  {kith} --db {db} reunion            # today's people to reconnect with, with drafts");
    say!("  {kith} --db {db} stats              # what you know, not how many you know");
    say!("  {kith} --db {db} intersections      # where your goals meet theirs, explained");
    say!(
        "  {kith} --db {db} intros suggest     # who should meet: a shared goal, never just a hobby"
    );
    say!("  {kith} --db {db} who \"learning to sail\"");
    say!("  {kith} --db {db} show {example}");
    say!("  {kith} --db {db} fact add {example} plan \"moving to Lisbon in spring\"");
    Ok(())
}

/// How to run kith in the tour's examples: `kith` when it is on the `PATH`, otherwise this
/// very binary (`target/release/kith` after `cargo run --release -- demo`), so that the
/// examples can be pasted as they are.
fn program() -> String {
    let on_path = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|folder| folder.join("kith").is_file())
    });
    let exe = std::env::current_exe().ok().filter(|_| !on_path);
    let Some(exe) = exe else {
        return "kith".to_owned();
    };
    let here = std::env::current_dir().unwrap_or_default();
    let shown = exe.strip_prefix(&here).unwrap_or(&exe);
    shell_word(&shown.display().to_string())
}

/// Quotes `text` for a POSIX shell when it needs quoting, so the tour's commands can be
/// pasted as they are.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':' | '+' | ','));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
