//! What the pages and the API both do, as the command line does it: each function reads raw
//! input into domain values, asks `kith-core` what to do and `kith-store` to do it. The pages
//! draw the result as HTML, the API as JSON; neither decides anything itself.

use jiff::Timestamp;
use kith_core::drafts::DraftKind;
use kith_core::metrics::{self, Quality};
use kith_core::queue::{self, Candidate, Suggestion};
use kith_core::time::{Duration, parse_due, parse_revisit};
use kith_core::{
    Channel, FactKind, FactSource, FactText, FollowUp, FollowUpText, NewFact, Outcome, OutcomeKind,
    Outreach, Person, PersonRef, Reason, Source,
};
use kith_store::{Scope, Store};

use crate::{Error, Settings};

/// The person a path names: an id, `me`, or an unambiguous name.
pub(crate) fn person(store: &Store, text: &str) -> Result<Person, Error> {
    person_in(store, text, Scope::Active)
}

/// The person a path names among the deleted (to restore one) or merged (to unmerge one).
pub(crate) fn person_in(store: &Store, text: &str, scope: Scope) -> Result<Person, Error> {
    let reference = PersonRef::parse(text)
        .map_err(|_| Error::NotFound("name a person by id, by name or as `me`".to_owned()))?;
    Ok(store.find(&reference, scope)?)
}

/// Logs a contact that happened outside any export, as `kith log` does: counted under the
/// channel's name (`call`, `in-person`), with an optional note kept as a fact.
pub(crate) fn log_contact(
    store: &mut Store,
    now: Timestamp,
    person: &Person,
    channel: Option<&str>,
    note: Option<&str>,
) -> Result<(), Error> {
    let channel = given(channel).map(Channel::parse).transpose()?;
    let source = Source::for_channel(channel.as_ref())?;
    let note = given(note)
        .map(|text| -> Result<NewFact, Error> {
            Ok(NewFact {
                kind: FactKind::Note,
                text: FactText::parse(text)?,
                private: false,
                source: FactSource::Told,
            })
        })
        .transpose()?;
    store.write(|w| {
        w.log_interaction(person.id, &source, now)?;
        if let Some(note) = &note {
            w.add_fact(person.id, note, now)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Today's queue, each suggestion with its drafted message, as `kith reunion` gives it. The
/// funnel of the stats starts here: who was suggested, on which day, is recorded.
pub(crate) fn reunion(
    store: &mut Store,
    settings: &Settings,
    now: Timestamp,
    count: usize,
    seed: Option<u64>,
) -> Result<Vec<(Suggestion, String)>, Error> {
    let candidates = store.queue_candidates()?;
    reunion_of(store, settings, now, &candidates, count, seed)
}

/// [`reunion`] among `candidates`, already read (the Today page reads them once for the queue
/// and the overdue list, since reading them is most of the work on a large network).
pub(crate) fn reunion_of(
    store: &mut Store,
    settings: &Settings,
    now: Timestamp,
    candidates: &[Candidate],
    count: usize,
    seed: Option<u64>,
) -> Result<Vec<(Suggestion, String)>, Error> {
    let seed = seed.unwrap_or_else(|| queue::daily_seed(now, &settings.zone));
    let suggestions = queue::queue(candidates, count, now, &settings.zone, seed);
    let day = settings.day(now);
    let people: Vec<_> = suggestions.iter().map(|s| s.person).collect();
    store.write(|w| w.note_queued(&people, &day))?;
    suggestions
        .into_iter()
        .map(|suggestion| {
            let draft = draft(store, settings, &suggestion.person, DraftKind::Remembered)?;
            Ok((suggestion, draft))
        })
        .collect()
}

/// The draft of `kind` to a person, in their language, from the user's templates.
pub(crate) fn draft(
    store: &Store,
    settings: &Settings,
    person: &kith_core::PersonId,
    kind: DraftKind,
) -> Result<String, Error> {
    let detail = store.detail(*person)?;
    let language = store.language(detail.person.id)?;
    let me = store.me()?;
    Ok(settings
        .templates
        .draft(kind, &detail.person.name, &detail.facts, language, &me.name))
}

/// Whether the user has told kith any goal, plan or want of their own.
pub(crate) fn knows_own_goals(store: &Store) -> Result<bool, Error> {
    let me = store.me()?;
    Ok(kith_core::knows_aims(&store.facts(me.id)?))
}

/// Text from a form or a JSON body: blank means not given.
pub(crate) fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// Records a fact from raw fields, as `kith fact add` does.
pub(crate) fn add_fact(
    store: &mut Store,
    now: Timestamp,
    person: &Person,
    kind: &str,
    text: &str,
    private: bool,
    source: Option<&str>,
) -> Result<kith_core::Fact, Error> {
    let new = NewFact {
        kind: kind.parse::<FactKind>()?,
        text: FactText::parse(text)?,
        private,
        source: given(source).map_or(Ok(FactSource::Told), str::parse::<FactSource>)?,
    };
    Ok(store.write(|w| w.add_fact(person.id, &new, now))?)
}

/// Records that the user reached out, with a check-back follow-up, as `kith reach` does.
pub(crate) fn reach(
    store: &mut Store,
    settings: &Settings,
    now: Timestamp,
    person: &Person,
    channel: Option<&str>,
    check_back: Option<&str>,
) -> Result<(Outreach, FollowUp), Error> {
    let channel = given(channel).map(Channel::parse).transpose()?;
    let check_back = match given(check_back) {
        Some(text) => Duration::parse(text)?,
        None => settings.check_back,
    }
    .after(now, &settings.zone);
    let outreach = Outreach {
        person: person.id,
        channel,
        at: now,
    };
    let check = FollowUpText::parse(&format!("did {} reply?", person.name))?;
    let followup = store.write(|w| w.reach(&outreach, check_back, &check))?;
    Ok((outreach, followup))
}

/// Records an outcome, as `kith outcome` does; for not-now, also the message that keeps the
/// door open.
pub(crate) fn outcome(
    store: &mut Store,
    settings: &Settings,
    now: Timestamp,
    person: &Person,
    kind: &str,
    revisit: Option<&str>,
    why: Option<&str>,
) -> Result<(Outcome, Option<String>), Error> {
    let kind = kind.parse::<OutcomeKind>()?;
    let revisit = match given(revisit) {
        Some(text) => Some(parse_revisit(text, now, &settings.zone)?),
        None => kind
            .default_revisit()
            .map(|after| after.after(now, &settings.zone)),
    };
    let why = given(why).map(Reason::parse).transpose()?;
    let outcome = Outcome {
        person: person.id,
        kind,
        at: now,
        revisit,
        why,
    };
    store.write(|w| w.record_outcome(&outcome))?;
    let draft = match kind {
        OutcomeKind::NotNow => Some(draft(store, settings, &person.id, DraftKind::NotNow)?),
        _ => None,
    };
    Ok((outcome, draft))
}

/// Records a follow-up from raw fields, as `kith followup add` does.
pub(crate) fn add_followup(
    store: &mut Store,
    settings: &Settings,
    now: Timestamp,
    person: &Person,
    text: &str,
    due: &str,
) -> Result<FollowUp, Error> {
    let text = FollowUpText::parse(text)?;
    let due = parse_due(due, now, &settings.zone)?;
    Ok(store.write(|w| w.add_followup(person.id, &text, due, now))?)
}

/// The metrics of `kith stats`, as they stand now.
pub(crate) fn quality(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
) -> Result<Quality, Error> {
    let tallies = store.tallies(now, &settings.day(now), metrics::CHECK_BACK_GRACE_SECONDS)?;
    Ok(metrics::quality(&tallies))
}
