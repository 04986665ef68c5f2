//! `kith person add|rename|delete|restore`.

use kith_core::drafts::Language;
use kith_core::{CircleName, Membership, Name, NewIdentity, NewPerson, Source};
use kith_store::Scope;
use serde::Serialize;

use crate::cli::{PersonCommand, RegionArg};
use crate::context::{self, Options};
use crate::output::{PersonRefJson, print_json};

pub(crate) fn run(options: &Options, command: PersonCommand) -> anyhow::Result<()> {
    match command {
        PersonCommand::Add {
            name,
            emails,
            phones,
            circles,
            region,
        } => add(options, &name, &emails, &phones, &circles, &region),
        PersonCommand::Rename { person, name } => rename(options, &person, &name),
        PersonCommand::Delete { person } => delete(options, &person),
        PersonCommand::Restore { person } => restore(options, &person),
        PersonCommand::Merge { kept, merged } => merge(options, &kept, &merged),
        PersonCommand::Unmerge { person } => unmerge(options, &person),
        PersonCommand::Language { person, language } => set_language(options, &person, &language),
    }
}

fn add(
    options: &Options,
    name: &str,
    emails: &[String],
    phones: &[String],
    circles: &[String],
    region: &RegionArg,
) -> anyhow::Result<()> {
    let region = context::region(region, &options.config)?;
    let mut new = NewPerson::new(Name::parse(name)?, Source::manual());
    for email in emails {
        new.identities
            .push(NewIdentity::email(email, Source::manual())?);
    }
    for phone in phones {
        new.identities
            .push(NewIdentity::phone_in(phone, Source::manual(), region)?);
    }
    for circle in circles {
        new.circles.push(Membership {
            circle: CircleName::parse(circle)?,
            role: None,
        });
    }
    let mut context = options.open()?;
    let id = context.store.write(|w| w.add_person(&new, options.now))?;
    let person = context.store.person(id)?;
    if options.json {
        print_json(&PersonRefJson::from(&person))
    } else {
        say!("Added {} (id {}).", person.name, person.id);
        Ok(())
    }
}

fn rename(options: &Options, person: &str, name: &str) -> anyhow::Result<()> {
    let name = Name::parse(name)?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    context.store.write(|w| w.rename(person.id, &name))?;
    if options.json {
        print_json(&PersonRefJson::from(&context.store.person(person.id)?))
    } else {
        say!("Renamed {} to {name} (id {}).", person.name, person.id);
        Ok(())
    }
}

/// `{"id","name","archived"}`: a person after deletion or restoration.
#[derive(Debug, Serialize)]
struct ArchivedJson {
    #[serde(flatten)]
    person: PersonRefJson,
    archived: Option<String>,
}

fn delete(options: &Options, person: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let person = context.person(person)?;
    context.store.write(|w| w.archive(person.id, options.now))?;
    let person = context.store.person(person.id)?;
    if options.json {
        print_json(&ArchivedJson {
            person: (&person).into(),
            archived: person.archived.map(|at| at.to_string()),
        })
    } else {
        say!(
            "Deleted {} (id {}); `kith person restore {}` brings them back.",
            person.name,
            person.id,
            person.id
        );
        Ok(())
    }
}

fn restore(options: &Options, person: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let person = context.person_in(person, Scope::Archived)?;
    context.store.write(|w| w.restore(person.id))?;
    if options.json {
        print_json(&ArchivedJson {
            person: (&person).into(),
            archived: None,
        })
    } else {
        say!("Restored {} (id {}).", person.name, person.id);
        Ok(())
    }
}

/// `{"kept":{"id","name"},"merged":{"id","name"}}`.
#[derive(Debug, Serialize)]
struct MergedJson {
    kept: PersonRefJson,
    merged: PersonRefJson,
}

fn merge(options: &Options, kept: &str, merged: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let kept = context.person(kept)?;
    let merged = context.person(merged)?;
    context.store.auto_backup("before-merge", options.now)?;
    context
        .store
        .write(|w| w.merge(kept.id, merged.id, options.now))?;
    if options.json {
        print_json(&MergedJson {
            kept: (&kept).into(),
            merged: (&merged).into(),
        })
    } else {
        say!(
            "Merged {} (id {}) into {} (id {}); `kith person unmerge {}` undoes it.",
            merged.name,
            merged.id,
            kept.name,
            kept.id,
            merged.id
        );
        Ok(())
    }
}

fn unmerge(options: &Options, person: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let merged = context.person_in(person, Scope::Merged)?;
    context.store.auto_backup("before-unmerge", options.now)?;
    let kept = context.store.write(|w| w.unmerge(merged.id))?;
    let kept = context.store.person(kept)?;
    if options.json {
        print_json(&MergedJson {
            kept: (&kept).into(),
            merged: (&merged).into(),
        })
    } else {
        say!(
            "{} (id {}) is on their own again, apart from {} (id {}).",
            merged.name,
            merged.id,
            kept.name,
            kept.id
        );
        Ok(())
    }
}

fn set_language(options: &Options, person: &str, language: &str) -> anyhow::Result<()> {
    let language = language.parse::<Language>()?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    context
        .store
        .write(|w| w.set_language(person.id, language))?;
    if options.json {
        print_json(
            &serde_json::json!({"id": person.id.0, "name": person.name.as_str(), "language": language.as_str()}),
        )
    } else {
        say!("Drafts to {} will be in {language}.", person.name);
        Ok(())
    }
}
