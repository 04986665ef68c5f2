//! `kith reunion` and `kith pick`: whom to reconnect with, why, and a drafted message.

use std::path::PathBuf;

use anyhow::Context as _;
use kith_core::PersonId;
use kith_core::drafts::{self, DraftKind, Language, Template};
use kith_core::queue::{self, Suggestion};

use crate::context::{Context, Options};
use crate::output::{PersonRefJson, SuggestionJson, print_json};

pub(crate) fn queue(options: &Options, count: usize, seed: Option<u64>) -> anyhow::Result<()> {
    let mut context = options.open()?;
    // People who share something with the user come sooner: keep what the engine found current.
    crate::matching::discovered(&mut context.store)?;
    let candidates = context.store.queue_candidates()?;
    let seed = seed.unwrap_or_else(|| queue::daily_seed(options.now, &options.zone));
    let suggestions = queue::queue(&candidates, count, options.now, &options.zone, seed);
    show(options, &mut context, &suggestions)
}

pub(crate) fn pick(options: &Options, seed: Option<u64>) -> anyhow::Result<()> {
    let mut context = options.open()?;
    crate::matching::discovered(&mut context.store)?;
    let candidates = context.store.queue_candidates()?;
    let seed = seed.unwrap_or_else(|| queue::daily_seed(options.now, &options.zone));
    let picked = queue::pick(&candidates, options.now, &options.zone, seed);
    show(options, &mut context, picked.as_slice())
}

fn show(
    options: &Options,
    context: &mut Context,
    suggestions: &[Suggestion],
) -> anyhow::Result<()> {
    // The funnel of `kith stats` starts here: who was suggested, on which day.
    let day = options.zone.to_datetime(options.now).date().to_string();
    let people: Vec<_> = suggestions.iter().map(|s| s.person).collect();
    context.store.write(|w| w.note_queued(&people, &day))?;
    let mut drafted = Vec::with_capacity(suggestions.len());
    for suggestion in suggestions {
        let kind = DraftKind::Remembered;
        drafted.push((
            suggestion,
            draft(options, context, suggestion.person, kind)?,
        ));
    }
    if options.json {
        let json: Vec<SuggestionJson> = drafted
            .into_iter()
            .map(|(suggestion, draft)| SuggestionJson {
                person: PersonRefJson::new(suggestion.person, suggestion.name.as_str()),
                reason: suggestion.reason.clone(),
                draft,
            })
            .collect();
        return print_json(&json);
    }
    if drafted.is_empty() {
        say!("Nobody to suggest: everyone is excluded, waiting for a reply, or back in touch.");
        return Ok(());
    }
    for (number, (suggestion, draft)) in drafted.iter().enumerate() {
        say!(
            "{}. {} (id {}): {}",
            number + 1,
            suggestion.name,
            suggestion.person,
            suggestion.reason
        );
        for line in draft.lines() {
            say!("   │ {line}");
        }
        say!(
            "   Sent it? `kith reach {} --channel …`; then `kith outcome {} …`.\n",
            suggestion.person,
            suggestion.person
        );
    }
    if !knows_own_goals(context)? {
        say!("{OWN_GOALS_HINT}");
    }
    Ok(())
}

/// The draft for a person: the "remembered" or "forgotten" template, or `kind`'s, in their
/// language, from the user's template folder if they wrote one.
pub(crate) fn draft(
    options: &Options,
    context: &Context,
    person: PersonId,
    kind: DraftKind,
) -> anyhow::Result<String> {
    let detail = context.store.detail(person)?;
    let language = context.store.language(detail.person.id)?;
    let me = context.store.me()?;
    let (kind, language, values) =
        drafts::prepare(kind, &detail.person.name, &detail.facts, language, &me.name);
    let template = template(options, kind, language)?;
    Ok(template.render(&values))
}

/// The user's template for `kind` in `language` (`templates/uk/remembered.txt` in kith's
/// config folder), else the built-in one.
pub(crate) fn template(
    options: &Options,
    kind: DraftKind,
    language: Language,
) -> anyhow::Result<Template> {
    let Some(folder) = options.config_dir.as_ref() else {
        return Ok(Template::built_in(kind, language));
    };
    let path: PathBuf = folder
        .join("templates")
        .join(language.as_str())
        .join(format!("{}.txt", kind.as_str()));
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            Template::parse(&text).with_context(|| format!("in the template {}", path.display()))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            Ok(Template::built_in(kind, language))
        }
        Err(err) => Err(err).with_context(|| format!("reading the template {}", path.display())),
    }
}

/// What `reunion`, `stats` and the demo tour say while the user's own goals are unknown.
pub(crate) const OWN_GOALS_HINT: &str = "You have not said what you are working towards: \
    kith finds where your goals meet others' only once it knows yours. `kith learn me` asks.";

/// Whether the user has told kith any goal, plan or want of their own.
pub(crate) fn knows_own_goals(context: &Context) -> anyhow::Result<bool> {
    let me = context.store.me()?;
    Ok(kith_core::knows_aims(&context.store.facts(me.id)?))
}
