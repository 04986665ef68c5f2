//! `kith fact add|list|remove`.

use kith_core::{FactId, FactKind, FactSource, FactText, NewFact};

use crate::cli::FactCommand;
use crate::context::Options;
use crate::output::{FactJson, day, print_json, table};

pub(crate) fn run(options: &Options, command: FactCommand) -> anyhow::Result<()> {
    match command {
        FactCommand::Add {
            person,
            kind,
            text,
            private,
            source,
        } => {
            let new = NewFact {
                kind: kind.parse::<FactKind>()?,
                text: FactText::parse(&text)?,
                private,
                source: source.parse::<FactSource>()?,
            };
            add(options, &person, &new)
        }
        FactCommand::List { person } => list(options, &person),
        FactCommand::Remove { id } => remove(options, FactId(id)),
        FactCommand::Confirm { id } => confirm(options, FactId(id)),
    }
}

fn add(options: &Options, person: &str, new: &NewFact) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let person = context.person(person)?;
    let fact = context
        .store
        .write(|w| w.add_fact(person.id, new, options.now))?;
    if options.json {
        print_json(&FactJson::new(&fact, &person, options.stale_before()))
    } else {
        say!(
            "Recorded fact {} about {}: {} — {}.",
            fact.id,
            person.name,
            fact.kind,
            fact.text
        );
        Ok(())
    }
}

fn list(options: &Options, person: &str) -> anyhow::Result<()> {
    let context = options.open()?;
    let person = context.person(person)?;
    let facts = context.store.facts(person.id)?;
    if options.json {
        let facts: Vec<FactJson> = facts
            .iter()
            .map(|fact| FactJson::new(fact, &person, options.stale_before()))
            .collect();
        return print_json(&facts);
    }
    if facts.is_empty() {
        say!(
            "No facts about {} yet; add one with `kith fact add {} KIND TEXT`.",
            person.name,
            person.id
        );
        return Ok(());
    }
    let mut rows = table(&[
        "id",
        "kind",
        "fact",
        "private",
        "source",
        "recorded",
        "confirmed",
    ]);
    for fact in &facts {
        rows.add_row(vec![
            fact.id.to_string(),
            fact.kind.to_string(),
            fact.text.to_string(),
            if fact.private { "yes" } else { "" }.to_owned(),
            fact.source.to_string(),
            day(fact.recorded, &options.zone),
            if fact.is_stale(options.stale_before()) {
                format!("{} (stale)", day(fact.confirmed, &options.zone))
            } else {
                day(fact.confirmed, &options.zone)
            },
        ]);
    }
    say!("{rows}");
    Ok(())
}

fn remove(options: &Options, id: FactId) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let fact = context.store.write(|w| w.remove_fact(id))?;
    let person = context.store.person(fact.person)?;
    if options.json {
        print_json(&FactJson::new(&fact, &person, options.stale_before()))
    } else {
        say!(
            "Removed fact {id} about {}: {} — {}.",
            person.name,
            fact.kind,
            fact.text
        );
        Ok(())
    }
}

fn confirm(options: &Options, id: FactId) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let fact = context.store.write(|w| w.confirm_fact(id, options.now))?;
    let person = context.store.person(fact.person)?;
    if options.json {
        print_json(&FactJson::new(&fact, &person, options.stale_before()))
    } else {
        say!(
            "Still true: {} — {} ({}).",
            person.name,
            fact.text,
            fact.kind
        );
        Ok(())
    }
}
