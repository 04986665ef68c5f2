//! `kith reach`, `kith outcome`, `kith exclude` and `kith include`.

use kith_core::drafts::DraftKind;
use kith_core::time::{Duration, parse_revisit};
use kith_core::{
    Channel, FactKind, FactSource, FactText, FollowUpText, NewFact, Outcome, OutcomeKind, Outreach,
    Reason, Source,
};
use serde::Serialize;

use crate::commands::reunion;
use crate::context::Options;
use crate::output::{FollowUpJson, OutcomeRecordedJson, PersonRefJson, ReachJson, day, print_json};

/// `kith exclude --json` and `kith include --json`.
#[derive(Debug, Serialize)]
struct ExclusionJson {
    person: PersonRefJson,
    excluded: bool,
    why: Option<String>,
}

pub(crate) fn reach(
    options: &Options,
    person: &str,
    channel: Option<&str>,
    check_back: Option<&str>,
) -> anyhow::Result<()> {
    let channel = channel.map(Channel::parse).transpose()?;
    let check_back = match check_back {
        Some(text) => Duration::parse(text)?,
        None => options.config.check_back,
    }
    .after(options.now, &options.zone);
    let mut context = options.open()?;
    let person = context.person(person)?;
    let outreach = Outreach {
        person: person.id,
        channel,
        at: options.now,
    };
    let check = FollowUpText::parse(&format!("did {} reply?", person.name))?;
    let followup = context
        .store
        .write(|w| w.reach(&outreach, check_back, &check))?;
    if options.json {
        return print_json(&ReachJson {
            person: (&person).into(),
            channel: outreach.channel.as_ref().map(ToString::to_string),
            at: outreach.at.to_string(),
            followup: FollowUpJson::new(&followup, &person),
        });
    }
    let how = outreach
        .channel
        .as_ref()
        .map_or_else(String::new, |channel| format!(" on {channel}"));
    say!(
        "Reached out to {}{how}. Check back on {} (follow-up {}); then `kith outcome {} …`.",
        person.name,
        day(followup.due, &options.zone),
        followup.id,
        person.id
    );
    Ok(())
}

pub(crate) fn outcome(
    options: &Options,
    person: &str,
    kind: &str,
    revisit: Option<&str>,
    why: Option<&str>,
) -> anyhow::Result<()> {
    let kind = kind.parse::<OutcomeKind>()?;
    let revisit = match revisit {
        Some(text) => Some(parse_revisit(text, options.now, &options.zone)?),
        None => kind
            .default_revisit()
            .map(|after| after.after(options.now, &options.zone)),
    };
    let why = why.map(Reason::parse).transpose()?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    let outcome = Outcome {
        person: person.id,
        kind,
        at: options.now,
        revisit,
        why,
    };
    context.store.write(|w| w.record_outcome(&outcome))?;
    let draft = match kind {
        OutcomeKind::NotNow => Some(reunion::draft(
            options,
            &context,
            person.id,
            DraftKind::NotNow,
        )?),
        _ => None,
    };
    if options.json {
        return print_json(&OutcomeRecordedJson {
            person: (&person).into(),
            outcome: kind.as_str().to_owned(),
            at: outcome.at.to_string(),
            revisit: outcome.revisit.map(|at| at.to_string()),
            why: outcome.why.as_ref().map(ToString::to_string),
            draft,
        });
    }
    match outcome.revisit {
        Some(at) => say!(
            "{}: {kind}. Back in the queue on {}.",
            person.name,
            day(at, &options.zone)
        ),
        None => say!("{}: {kind}.", person.name),
    }
    if let Some(draft) = draft {
        say!("A reply that keeps the door open:");
        for line in draft.lines() {
            say!("   │ {line}");
        }
    }
    Ok(())
}

pub(crate) fn exclude(options: &Options, person: &str, why: &str) -> anyhow::Result<()> {
    let why = Reason::parse(why)?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    context
        .store
        .write(|w| w.exclude(person.id, &why, options.now))?;
    if options.json {
        return print_json(&ExclusionJson {
            person: (&person).into(),
            excluded: true,
            why: Some(why.to_string()),
        });
    }
    say!(
        "{} will not be suggested again; `kith include {}` undoes it.",
        person.name,
        person.id
    );
    Ok(())
}

pub(crate) fn include(options: &Options, person: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let person = context.person(person)?;
    context.store.write(|w| w.include(person.id, options.now))?;
    if options.json {
        return print_json(&ExclusionJson {
            person: (&person).into(),
            excluded: false,
            why: None,
        });
    }
    say!("{} can be suggested again.", person.name);
    Ok(())
}

pub(crate) fn cadence(options: &Options, person: &str, cadence: &str) -> anyhow::Result<()> {
    let cadence = kith_core::queue::parse_cadence(cadence)?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    context.store.write(|w| w.set_cadence(person.id, cadence))?;
    if options.json {
        return print_json(&serde_json::json!({
            "person": PersonRefJson::from(&person),
            "cadence": cadence.map(|c| c.to_text()),
        }));
    }
    match cadence {
        Some(cadence) => say!(
            "Keeping in touch with {} every {}; when it has been longer, they come back to \
             the queue.",
            person.name,
            cadence.to_text()
        ),
        None => say!("No keep-in-touch cadence for {}.", person.name),
    }
    Ok(())
}

pub(crate) fn log(
    options: &Options,
    person: &str,
    channel: Option<&str>,
    note: Option<&str>,
) -> anyhow::Result<()> {
    let channel = channel.map(Channel::parse).transpose()?;
    let source = Source::for_channel(channel.as_ref())?;
    let note = note
        .map(|text| -> anyhow::Result<NewFact> {
            Ok(NewFact {
                kind: FactKind::Note,
                text: FactText::parse(text)?,
                private: false,
                source: FactSource::Told,
            })
        })
        .transpose()?;
    let mut context = options.open()?;
    let person = context.person(person)?;
    context.store.write(|w| {
        w.log_interaction(person.id, &source, options.now)?;
        if let Some(note) = &note {
            w.add_fact(person.id, note, options.now)?;
        }
        Ok(())
    })?;
    if options.json {
        return print_json(&serde_json::json!({
            "person": PersonRefJson::from(&person),
            "channel": source.as_str(),
            "at": options.now.to_string(),
        }));
    }
    say!("Logged a contact with {} ({source}).", person.name);
    Ok(())
}
