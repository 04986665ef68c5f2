//! Person: everything known about one person (identities, facts by kind with their source,
//! age, privacy and staleness, contact month by month, outreach and outcomes, follow-ups) and
//! the forms that add to it: a quick fact, the question bank, reaching out, an outcome, a
//! follow-up, a keep-in-touch cadence.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use kith_core::drafts::{DraftKind, Language};
use kith_core::{FactId, FactKind, FactSource, FactText, NewFact, OutcomeKind};
use serde::Deserialize;

use crate::pages::today::FollowUpView;
use crate::pages::{Form, OUTCOMES, back, render};
use crate::{App, Error, actions};

struct FactView {
    id: i64,
    text: String,
    private: bool,
    source: &'static str,
    recorded: String,
    stale: bool,
}

struct OutcomeView {
    outcome: &'static str,
    day: String,
    revisit: Option<String>,
    why: Option<String>,
}

struct MonthView {
    month: String,
    source: String,
    sent: u32,
    received: u32,
    /// The bar's width, in percent of the busiest month's.
    width: u32,
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    csrf: String,
    id: i64,
    name: String,
    me: bool,
    archived: Option<String>,
    identities: Vec<(&'static str, String, String)>,
    circles: Vec<String>,
    sources: String,
    known_since: Option<String>,
    facts: Vec<(&'static str, Vec<FactView>)>,
    kinds: Vec<&'static str>,
    questions: Vec<(usize, String)>,
    /// "12 times, first 2016-05-01, last 2024-05-02", or "never".
    talked: String,
    months: Vec<MonthView>,
    outreach: Vec<(String, Option<String>)>,
    outcomes: Vec<OutcomeView>,
    not_now_draft: Option<String>,
    followups: Vec<FollowUpView>,
    excluded: Option<String>,
    /// The language drafts to them are written in, and whether it was set or guessed.
    language: &'static str,
    language_set: bool,
    languages: Vec<&'static str>,
    /// People merged into them: id and name.
    merged_people: Vec<(i64, String)>,
    /// Where the follow-up buttons come back to.
    back_to: String,
    outcomes_offered: [(&'static str, &'static str); 5],
}

/// How many months of contact the timeline shows.
const MONTHS: usize = 24;

/// `GET /people/{person}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path(person): Path<String>,
) -> Result<Html<String>, Error> {
    let now = app.now();
    let csrf = app.csrf().to_owned();
    let page = app
        .db(move |store, settings| {
            // A deleted person's page still shows, to restore them from.
            let person = match actions::person(store, &person) {
                Err(Error::Store(kith_store::Error::NotFound(_))) => {
                    actions::person_in(store, &person, kith_store::Scope::Archived)?
                }
                found => found?,
            };
            let detail = store.detail(person.id)?;
            let person = &detail.person;
            let language = store.language(person.id)?;
            let stale_before = settings.stale_before(now);
            let facts = FactKind::ALL
                .into_iter()
                .filter_map(|kind| {
                    let facts: Vec<FactView> = detail
                        .facts
                        .iter()
                        .filter(|fact| fact.kind == kind)
                        .map(|fact| FactView {
                            id: fact.id.0,
                            text: fact.text.to_string(),
                            private: fact.private,
                            source: fact.source.as_str(),
                            recorded: settings.day(fact.recorded),
                            stale: fact.is_stale(stale_before),
                        })
                        .collect();
                    (!facts.is_empty()).then_some((kind.as_str(), facts))
                })
                .collect();
            let questions = settings
                .questions
                .iter()
                .enumerate()
                .filter(|(_, question)| !(person.is_me && question.kind == FactKind::Origin))
                .map(|(index, question)| (index, question.text.clone()))
                .collect();
            let interactions = store.interactions_of(person.id)?;
            let busiest = interactions
                .iter()
                .map(|month| month.sent() + month.received())
                .max()
                .unwrap_or(0)
                .max(1);
            let months = interactions
                .iter()
                .take(MONTHS)
                .map(|month| {
                    let count = month.sent() + month.received();
                    MonthView {
                        month: settings
                            .zone
                            .to_datetime(month.last())
                            .date()
                            .strftime("%Y-%m")
                            .to_string(),
                        source: month.source().to_string(),
                        sent: month.sent(),
                        received: month.received(),
                        width: (u64::from(count) * 100 / u64::from(busiest)).max(1) as u32,
                    }
                })
                .collect();
            let outcomes = store.outcomes_of(person.id)?;
            let not_now_draft = match outcomes.last() {
                Some(last) if last.kind == OutcomeKind::NotNow => Some(actions::draft(
                    store,
                    settings,
                    &person.id,
                    DraftKind::NotNow,
                )?),
                _ => None,
            };
            let followups = store
                .followups_of(person.id)?
                .into_iter()
                .filter(|followup| followup.done.is_none())
                .map(|followup| FollowUpView {
                    id: followup.id.0,
                    person: person.id.0,
                    name: person.name.to_string(),
                    text: followup.text.to_string(),
                    due: settings.day(followup.due),
                    overdue: followup.is_overdue(now),
                })
                .collect();
            Ok(PersonPage {
                csrf,
                id: person.id.0,
                name: person.name.to_string(),
                me: person.is_me,
                archived: person.archived.map(|at| settings.day(at)),
                identities: detail
                    .identities
                    .iter()
                    .map(|i| (i.kind.as_str(), i.value.clone(), i.source.to_string()))
                    .collect(),
                circles: detail
                    .circles
                    .iter()
                    .map(|m| match &m.role {
                        Some(role) => format!("{} ({role})", m.circle),
                        None => m.circle.to_string(),
                    })
                    .collect(),
                sources: detail
                    .sources
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                known_since: detail.known_since.map(|at| settings.day(at)),
                merged_people: detail
                    .merged
                    .iter()
                    .map(|merged| (merged.id.0, merged.name.clone()))
                    .collect(),
                language: language
                    .unwrap_or_else(|| Language::guess(&person.name))
                    .as_str(),
                language_set: language.is_some(),
                languages: Language::ALL
                    .iter()
                    .map(|language| language.as_str())
                    .collect(),
                facts,
                kinds: FactKind::ALL.iter().map(|kind| kind.as_str()).collect(),
                questions,
                talked: match (detail.interactions.first, detail.interactions.last) {
                    (Some(first), Some(last)) => format!(
                        "{} times, first {}, last {}",
                        detail.interactions.count,
                        settings.day(first),
                        settings.day(last)
                    ),
                    _ => "never".to_owned(),
                },
                months,
                outreach: store
                    .outreach_of(person.id)?
                    .iter()
                    .map(|o| {
                        (
                            settings.day(o.at),
                            o.channel.as_ref().map(ToString::to_string),
                        )
                    })
                    .collect(),
                outcomes: outcomes
                    .iter()
                    .map(|o| OutcomeView {
                        outcome: o.kind.as_str(),
                        day: settings.day(o.at),
                        revisit: o.revisit.map(|at| settings.day(at)),
                        why: o.why.as_ref().map(ToString::to_string),
                    })
                    .collect(),
                not_now_draft,
                followups,
                excluded: store.exclusion(person.id)?.map(|e| e.why.to_string()),
                back_to: format!("/people/{}#followups", person.id),
                outcomes_offered: OUTCOMES,
            })
        })
        .await?;
    render(&page)
}

/// The quick-add fact form.
#[derive(Debug, Deserialize)]
pub(crate) struct FactForm {
    kind: String,
    text: String,
    private: Option<String>,
    source: Option<String>,
}

/// `POST /people/{person}/facts`.
pub(crate) async fn add_fact(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<FactForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            actions::add_fact(
                store,
                now,
                &person,
                &form.kind,
                &form.text,
                form.private.is_some(),
                form.source.as_deref(),
            )?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}#facts")))
}

/// `POST /people/{person}/answers`: the question bank's form. Each answered question becomes a
/// fact with the source `asked`, as `kith learn` records them; blank ones are skipped. Every
/// answer is checked before any is written.
pub(crate) async fn answer(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let mut facts = Vec::new();
            for (name, answer) in &form {
                let Some(index) = name.strip_prefix("answer-") else {
                    continue;
                };
                let question = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|index| settings.questions.get(index))
                    .ok_or_else(|| Error::Input(format!("there is no question `{index}`")))?;
                let Some(answer) = actions::given(Some(answer)) else {
                    continue;
                };
                facts.push(NewFact {
                    kind: question.kind,
                    text: FactText::parse(answer)?,
                    private: false,
                    source: FactSource::Asked,
                });
            }
            store.write(|w| {
                for fact in &facts {
                    w.add_fact(person.id, fact, now)?;
                }
                Ok(())
            })?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}#facts")))
}

/// The reach form.
#[derive(Debug, Deserialize)]
pub(crate) struct ReachForm {
    channel: Option<String>,
    check_back: Option<String>,
    back: Option<String>,
}

/// `POST /people/{person}/reach`.
pub(crate) async fn reach(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<ReachForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let to = form.back.clone();
    let id = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            actions::reach(
                store,
                settings,
                now,
                &person,
                form.channel.as_deref(),
                form.check_back.as_deref(),
            )?;
            Ok(person.id)
        })
        .await?;
    Ok(back(to.as_deref(), &format!("/people/{id}#history")))
}

/// The outcome form.
#[derive(Debug, Deserialize)]
pub(crate) struct OutcomeForm {
    outcome: String,
    revisit: Option<String>,
    why: Option<String>,
}

/// `POST /people/{person}/outcome`.
pub(crate) async fn outcome(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<OutcomeForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            actions::outcome(
                store,
                settings,
                now,
                &person,
                &form.outcome,
                form.revisit.as_deref(),
                form.why.as_deref(),
            )?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}#history")))
}

/// The follow-up form.
#[derive(Debug, Deserialize)]
pub(crate) struct FollowUpForm {
    text: String,
    due: String,
}

/// `POST /people/{person}/followups`.
pub(crate) async fn add_followup(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<FollowUpForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            actions::add_followup(store, settings, now, &person, &form.text, &form.due)?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}#followups")))
}

/// The cadence form.
#[derive(Debug, Deserialize)]
pub(crate) struct CadenceForm {
    cadence: String,
}

/// `POST /people/{person}/cadence`: how often to keep in touch.
pub(crate) async fn cadence(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<CadenceForm>,
) -> Result<Redirect, Error> {
    let cadence = kith_core::queue::parse_cadence(&form.cadence)?;
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            store.write(|w| w.set_cadence(person.id, cadence))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// The log form.
#[derive(Debug, Deserialize)]
pub(crate) struct LogForm {
    channel: Option<String>,
    note: Option<String>,
}

/// `POST /people/{person}/log`: a contact outside any export, which resets the keep-in-touch
/// clock, as `kith log` records it.
pub(crate) async fn log(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<LogForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            actions::log_contact(
                store,
                now,
                &person,
                form.channel.as_deref(),
                form.note.as_deref(),
            )?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}#timeline")))
}

/// The exclude form.
#[derive(Debug, Deserialize)]
pub(crate) struct ExcludeForm {
    why: String,
}

/// `POST /people/{person}/exclude`: never suggested again, as `kith exclude` does.
pub(crate) async fn exclude(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<ExcludeForm>,
) -> Result<Redirect, Error> {
    let why = kith_core::Reason::parse(&form.why)?;
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            store.write(|w| w.exclude(person.id, &why, now))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// `POST /people/{person}/include`: suggested again.
pub(crate) async fn include(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            store.write(|w| w.include(person.id, now))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// The language form.
#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    language: String,
}

/// `POST /people/{person}/language`: the language drafts to them are written in.
pub(crate) async fn language(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<LanguageForm>,
) -> Result<Redirect, Error> {
    let language = form.language.parse::<Language>()?;
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            store.write(|w| w.set_language(person.id, language))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// `POST /people/{person}/delete`: hides them, losing nothing, as `kith person delete` does.
pub(crate) async fn delete(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let person = actions::person(store, &person)?;
            store.write(|w| w.archive(person.id, now))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// `POST /people/{person}/restore`: brings a deleted person back.
pub(crate) async fn restore(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let id = app
        .db(move |store, _| {
            let person = actions::person_in(store, &person, kith_store::Scope::Archived)?;
            store.write(|w| w.restore(person.id))?;
            Ok(person.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// The merge form: who else is this person.
#[derive(Debug, Deserialize)]
pub(crate) struct MergeForm {
    other: String,
}

/// `POST /people/{person}/merge`: makes another person part of this one, after a backup, as
/// `kith person merge` does.
pub(crate) async fn merge(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(form): Form<MergeForm>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let kept = actions::person(store, &person)?;
            let merged = actions::person(store, form.other.trim())?;
            store.auto_backup("before-merge", now)?;
            store.write(|w| w.merge(kept.id, merged.id, now))?;
            Ok(kept.id)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

/// `POST /people/{person}/unmerge`: a merged person on their own again, after a backup.
pub(crate) async fn unmerge(
    State(app): State<App>,
    Path(person): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let now = app.now();
    let id = app
        .db(move |store, _| {
            let merged = actions::person_in(store, &person, kith_store::Scope::Merged)?;
            store.auto_backup("before-unmerge", now)?;
            let kept = store.write(|w| w.unmerge(merged.id))?;
            Ok(kept)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}")))
}

fn fact_id(text: &str) -> Result<FactId, Error> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(FactId)
        .ok_or_else(|| Error::NotFound(format!("there is no fact `{text}`")))
}

/// The fact buttons' form: only the token.
#[derive(Debug, Deserialize)]
pub(crate) struct Empty {}

/// `POST /facts/{fact}/confirm`: still true today.
pub(crate) async fn confirm_fact(
    State(app): State<App>,
    Path(fact): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let id = fact_id(&fact)?;
    let now = app.now();
    let fact = app
        .db(move |store, _| Ok(store.write(|w| w.confirm_fact(id, now))?))
        .await?;
    Ok(Redirect::to(&format!("/people/{}#facts", fact.person)))
}

/// `POST /facts/{fact}/remove`.
pub(crate) async fn remove_fact(
    State(app): State<App>,
    Path(fact): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Redirect, Error> {
    let id = fact_id(&fact)?;
    let fact = app
        .db(move |store, _| Ok(store.write(|w| w.remove_fact(id))?))
        .await?;
    Ok(Redirect::to(&format!("/people/{}#facts", fact.person)))
}
