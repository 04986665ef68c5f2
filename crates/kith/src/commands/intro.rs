//! `kith intro record`, `kith intro outcome` and `kith intros`: introductions as history.

use std::collections::BTreeMap;

use kith_core::{Intro, IntroId, IntroOutcome, IntroYield, PersonId, Reason};
use serde::Serialize;

use crate::cli::IntroCommand;
use crate::context::{Context, Options};
use crate::output::{PersonRefJson, day, print_json, table};

/// An intro: `{"id","a","b","via","at","outcome","why","outcome_at"}`.
#[derive(Debug, Serialize)]
struct IntroJson {
    id: i64,
    a: PersonRefJson,
    b: PersonRefJson,
    via: PersonRefJson,
    at: String,
    outcome: Option<&'static str>,
    why: Option<String>,
    outcome_at: Option<String>,
}

pub(crate) fn run(options: &Options, command: IntroCommand) -> anyhow::Result<()> {
    match command {
        IntroCommand::Record { a, b, via } => record(options, &a, &b, &via),
        IntroCommand::Outcome { id, outcome, why } => {
            let outcome = outcome.parse::<IntroOutcome>()?;
            let why = why.as_deref().map(Reason::parse).transpose()?;
            let mut context = options.open()?;
            let intro = context.store.write(|w| {
                w.record_intro_outcome(IntroId(id), outcome, why.as_ref(), options.now)
            })?;
            if options.json {
                return print_json(&json(&context, &intro)?);
            }
            say!("Intro {id}: {outcome}. `kith stats` counts it in your intro success rate.");
            Ok(())
        }
    }
}

fn record(options: &Options, a: &str, b: &str, via: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let (a, b, via) = (context.person(a)?, context.person(b)?, context.person(via)?);
    let id = context
        .store
        .write(|w| w.record_intro(a.id, b.id, via.id, options.now))?;
    if options.json {
        return print_json(&json(&context, &context.store.intro(id)?)?);
    }
    say!(
        "Recorded intro {id}: {} and {}. When you know what came of it: \
         `kith intro outcome {id} led-somewhere|led-nowhere`.",
        a.name,
        b.name
    );
    Ok(())
}

pub(crate) fn list(options: &Options) -> anyhow::Result<()> {
    let context = options.open()?;
    let mut intros = context.store.intros()?;
    intros.reverse();
    if options.json {
        let json: Vec<IntroJson> = intros
            .iter()
            .map(|intro| json(&context, intro))
            .collect::<Result<_, _>>()?;
        return print_json(&json);
    }
    if intros.is_empty() {
        say!(
            "No introductions yet. `kith intro record A B` records one you made; \
             `kith intros suggest` finds people who should meet."
        );
        return Ok(());
    }
    let mut shown = table(&["id", "introduced", "by", "on", "what came of it"]);
    for intro in &intros {
        let outcome = intro.outcome.as_ref().map_or_else(
            || "not known yet".to_owned(),
            |(outcome, why, _)| match why {
                Some(why) => format!("{outcome}: {why}"),
                None => outcome.to_string(),
            },
        );
        shown.add_row([
            intro.id.to_string(),
            format!(
                "{} & {}",
                name(&context, intro.a)?,
                name(&context, intro.b)?
            ),
            name(&context, intro.via)?,
            day(intro.at, &options.zone),
            outcome,
        ]);
    }
    say!("{shown}");
    let mut by_introducer: BTreeMap<PersonId, Vec<&Intro>> = BTreeMap::new();
    for intro in &intros {
        by_introducer.entry(intro.via).or_default().push(intro);
    }
    for (via, made) in by_introducer {
        let tally = IntroYield::of(made);
        let rate = tally.success_rate().map_or_else(
            || "no outcomes yet".to_owned(),
            |rate| format!("{:.0}% led somewhere", rate * 100.0),
        );
        say!(
            "{}: {} intro{}, {} with a known outcome, {rate}",
            name(&context, via)?,
            tally.made,
            if tally.made == 1 { "" } else { "s" },
            tally.known
        );
    }
    Ok(())
}

fn name(context: &Context, id: PersonId) -> anyhow::Result<String> {
    Ok(context.store.person(id)?.name.to_string())
}

fn json(context: &Context, intro: &Intro) -> anyhow::Result<IntroJson> {
    let person = |id| -> anyhow::Result<PersonRefJson> { Ok((&context.store.person(id)?).into()) };
    Ok(IntroJson {
        id: intro.id.0,
        a: person(intro.a)?,
        b: person(intro.b)?,
        via: person(intro.via)?,
        at: intro.at.to_string(),
        outcome: intro
            .outcome
            .as_ref()
            .map(|(outcome, _, _)| outcome.as_str()),
        why: intro
            .outcome
            .as_ref()
            .and_then(|(_, why, _)| why.as_ref().map(ToString::to_string)),
        outcome_at: intro.outcome.as_ref().map(|(_, _, at)| at.to_string()),
    })
}
