//! One module per command group: each turns raw arguments into domain values, calls the
//! store, and prints the result.

mod backup;
mod circle;
mod demo;
mod export;
mod fact;
mod followup;
mod import;
mod intersect;
mod intro;
mod learn;
mod model;
mod outreach;
mod people;
mod person;
mod reunion;
mod serve;
mod stats;

use crate::cli::{Cli, Command, ConfigCommand, IntrosCommand};
use crate::context::Options;

/// Runs the command the user typed.
pub(crate) fn run(cli: Cli) -> anyhow::Result<()> {
    let options = Options::from_global(cli.global)?;
    match cli.command {
        Command::Import(args) => import::run(&options, &args),
        Command::Person(command) => person::run(&options, command),
        Command::People(args) => people::list(&options, &args),
        Command::Show { person } => people::show(&options, &person),
        Command::Fact(command) => fact::run(&options, command),
        Command::Circle(command) => circle::run(&options, command),
        Command::Demo(args) => demo::run(&options, &args),
        Command::Followup(command) => followup::run(&options, command),
        Command::Followups { overdue, all } => followup::list(&options, overdue, all),
        Command::Export { format, output } => export::run(&options, format, output.as_deref()),
        Command::Learn { person, answers } => learn::run(&options, &person, &answers),
        Command::Stats { weekly } => stats::run(&options, weekly),
        Command::Backup { path } => backup::backup(&options, &path),
        Command::Restore { path, force } => backup::restore(&options, &path, force),
        Command::Cadence { person, cadence } => outreach::cadence(&options, &person, &cadence),
        Command::Log {
            person,
            channel,
            note,
        } => outreach::log(&options, &person, channel.as_deref(), note.as_deref()),
        Command::Reunion { count, seed } => {
            reunion::queue(&options, count.unwrap_or(options.config.batch), seed)
        }
        Command::Serve(args) => serve::run(&options, &args),
        Command::Config(ConfigCommand::Default) => {
            say!("{}", crate::config::DEFAULT.trim_end());
            Ok(())
        }
        Command::Model(command) => model::run(&options, command),
        Command::Pick { seed } => reunion::pick(&options, seed),
        Command::Intro(command) => intro::run(&options, command),
        Command::Intros { command: None } => intro::list(&options),
        Command::Intros {
            command: Some(IntrosCommand::Suggest { limit }),
        } => intersect::intros(&options, limit),
        Command::Intersections {
            person,
            between,
            limit,
        } => intersect::intersections(&options, person.as_deref(), between.as_deref(), limit),
        Command::Who { query, limit } => intersect::who(&options, &query, limit),
        Command::Pairs {
            circle,
            seed,
            dry_run,
        } => intersect::pair(&options, &circle, seed, dry_run),
        Command::Reach {
            person,
            channel,
            check_back,
        } => outreach::reach(&options, &person, channel.as_deref(), check_back.as_deref()),
        Command::Outcome {
            person,
            outcome,
            revisit,
            why,
        } => outreach::outcome(
            &options,
            &person,
            &outcome,
            revisit.as_deref(),
            why.as_deref(),
        ),
        Command::Exclude { person, why } => outreach::exclude(&options, &person, &why),
        Command::Include { person } => outreach::include(&options, &person),
    }
}
