//! `kith followup add|done|snooze` and `kith followups`.

use kith_core::time::{Duration, parse_due};
use kith_core::{FollowUp, FollowUpId, FollowUpText};
use kith_store::Due;

use crate::cli::FollowupCommand;
use crate::context::Options;
use crate::output::{FollowUpJson, day, print_json, table};

pub(crate) fn run(options: &Options, command: FollowupCommand) -> anyhow::Result<()> {
    match command {
        FollowupCommand::Add { person, text, due } => {
            let text = FollowUpText::parse(&text)?;
            let due = parse_due(&due, options.now, &options.zone)?;
            let mut context = options.open()?;
            let person = context.person(&person)?;
            let followup = context
                .store
                .write(|w| w.add_followup(person.id, &text, due, options.now))?;
            show_one(options, &followup, "Follow-up", "due")
        }
        FollowupCommand::Done { id } => {
            let mut context = options.open()?;
            let followup = context
                .store
                .write(|w| w.complete_followup(FollowUpId(id), options.now))?;
            show_one(options, &followup, "Done: follow-up", "was due")
        }
        FollowupCommand::Snooze { id, duration } => {
            let due = Duration::parse(&duration)?.after(options.now, &options.zone);
            let mut context = options.open()?;
            let followup = context
                .store
                .write(|w| w.snooze_followup(FollowUpId(id), due))?;
            show_one(options, &followup, "Snoozed follow-up", "now due")
        }
    }
}

fn show_one(options: &Options, followup: &FollowUp, what: &str, due: &str) -> anyhow::Result<()> {
    let context = options.open()?;
    let person = context.store.person(followup.person)?;
    if options.json {
        return print_json(&FollowUpJson::new(followup, &person));
    }
    say!(
        "{what} {} for {}: {} ({due} {}).",
        followup.id,
        person.name,
        followup.text,
        day(followup.due, &options.zone)
    );
    Ok(())
}

pub(crate) fn list(options: &Options, overdue: bool, all: bool) -> anyhow::Result<()> {
    let which = match (overdue, all) {
        (true, _) => Due::OverdueAt(options.now),
        (false, true) => Due::All,
        (false, false) => Due::Pending,
    };
    let context = options.open()?;
    let followups = context.store.followups(which)?;
    let mut listed = Vec::with_capacity(followups.len());
    for followup in &followups {
        listed.push((followup, context.store.person(followup.person)?));
    }
    if options.json {
        let json: Vec<FollowUpJson> = listed
            .iter()
            .map(|(followup, person)| FollowUpJson::new(followup, person))
            .collect();
        return print_json(&json);
    }
    if listed.is_empty() {
        say!("Nothing to follow up. `kith followup add PERSON TEXT --due 2w` records something.");
        return Ok(());
    }
    let mut rows = table(&["id", "due", "person", "to do", ""]);
    for (followup, person) in &listed {
        let state = match followup.done {
            Some(done) => format!("done {}", day(done, &options.zone)),
            None if followup.is_overdue(options.now) => "overdue".to_owned(),
            None => String::new(),
        };
        rows.add_row(vec![
            followup.id.to_string(),
            day(followup.due, &options.zone),
            person.name.to_string(),
            followup.text.to_string(),
            state,
        ]);
    }
    say!("{rows}");
    Ok(())
}
