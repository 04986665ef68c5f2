//! `kith intersections`, `kith intros suggest` and `kith who`: where goals meet, who should
//! meet, and who answers a question, from the intersection engine.

use std::collections::HashMap;

use kith_core::intersect::{Index, Intersection, IntroLimits, Pair, Reader};
use kith_core::{FactId, PersonId};
use serde::Serialize;

use crate::context::{BadInput, Context, Options};
use crate::matching::Engine;
use crate::output::{PersonRefJson, print_json};

/// The most suggestions of intros one person appears in.
const INTROS_PER_PERSON: usize = 3;

/// One intersection: `{"a","b","kind","score","explanation","facts":[{"person","kind","text"}]}`.
#[derive(Debug, Serialize)]
pub(crate) struct IntersectionJson {
    a: PersonRefJson,
    b: PersonRefJson,
    pub(crate) kind: &'static str,
    score: f32,
    pub(crate) explanation: Option<String>,
    facts: [FactJson; 2],
}

/// A fact an intersection or an answer rests on.
#[derive(Debug, Serialize)]
struct FactJson {
    id: i64,
    person: PersonRefJson,
    kind: &'static str,
    text: String,
}

/// An intro suggestion: `{"a","b","score","intersections":[…],"drafts":{"a","b"}}`.
#[derive(Debug, Serialize)]
struct SuggestionJson {
    a: PersonRefJson,
    b: PersonRefJson,
    score: f32,
    intersections: Vec<IntersectionJson>,
    drafts: Drafts,
}

/// The double opt-in message to each side.
#[derive(Debug, Serialize)]
struct Drafts {
    a: String,
    b: String,
}

/// A `who` answer: `{"person","score","fact"}`.
#[derive(Debug, Serialize)]
struct AnswerJson {
    person: PersonRefJson,
    score: f32,
    fact: FactJson,
}

/// Names of the people an answer mentions, looked up once each.
struct Names<'c> {
    context: &'c Context,
    known: std::cell::RefCell<HashMap<PersonId, String>>,
}

impl<'c> Names<'c> {
    fn new(context: &'c Context) -> Self {
        Self {
            context,
            known: std::cell::RefCell::default(),
        }
    }

    fn full(&self, id: PersonId) -> String {
        if let Some(name) = self.known.borrow().get(&id) {
            return name.clone();
        }
        let name = self
            .context
            .store
            .person(id)
            .map_or_else(|_| format!("person {id}"), |person| person.name.to_string());
        self.known.borrow_mut().insert(id, name.clone());
        name
    }

    fn first(&self, id: PersonId) -> String {
        let full = self.full(id);
        full.split_whitespace().next().unwrap_or(&full).to_owned()
    }

    fn person(&self, id: PersonId) -> PersonRefJson {
        PersonRefJson::new(id, &self.full(id))
    }
}

pub(crate) fn intersections(
    options: &Options,
    person: Option<&str>,
    between: Option<&[String]>,
    limit: usize,
) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let me = context.store.me()?.id;
    let (a, b) = match (person, between) {
        (_, Some([a, b])) => (context.person(a)?.id, Some(context.person(b)?.id)),
        (Some(person), None) => (me, Some(context.person(person)?.id)),
        _ => (me, None),
    };
    if Some(a) == b {
        return Err(BadInput("intersections are between two different people".into()).into());
    }
    let engine = match b {
        Some(b) => Engine::load_only(&mut context.store, &[a, b])?,
        None => Engine::load(&mut context.store)?,
    };
    let index = engine.index();
    let found: Vec<Intersection> = match b {
        Some(b) => index.between(a, b),
        None => index
            .ranked(a, limit)
            .into_iter()
            .flat_map(|pair| pair.intersections)
            .collect(),
    };
    let names = Names::new(&context);
    let shown: Vec<IntersectionJson> = found
        .iter()
        .take(limit)
        .map(|x| intersection_json(&engine, &index, &names, x, Reader::Me(engine.me)))
        .collect();
    if options.json {
        return print_json(&shown);
    }
    if shown.is_empty() {
        say!("{}", nothing_found(&engine, a, b, &names));
        return Ok(());
    }
    for x in &shown {
        say!(
            "{:<14} {:.2}  {}",
            x.kind,
            x.score,
            x.explanation
                .as_deref()
                .unwrap_or("(rests on a fact kept private)")
        );
    }
    Ok(())
}

/// The intersections between the user and `person`, explained for the user, for `kith show`.
pub(crate) fn with_me(
    context: &mut Context,
    person: PersonId,
) -> anyhow::Result<Vec<IntersectionJson>> {
    let me = context.store.me()?.id;
    if person == me {
        return Ok(Vec::new());
    }
    let engine = Engine::load_only(&mut context.store, &[me, person])?;
    let index = engine.index();
    let names = Names::new(context);
    Ok(index
        .between(me, person)
        .iter()
        .map(|x| intersection_json(&engine, &index, &names, x, Reader::Me(me)))
        .collect())
}

/// Why nothing was found, and what would help.
fn nothing_found(engine: &Engine, a: PersonId, b: Option<PersonId>, names: &Names<'_>) -> String {
    let mut facts = HashMap::<PersonId, usize>::new();
    for person in std::iter::once(a).chain(b) {
        facts.insert(person, 0);
    }
    for person in engine
        .people()
        .into_iter()
        .chain(std::iter::once(engine.me))
    {
        if let Some(count) = facts.get_mut(&person) {
            *count += 1;
        }
    }
    let who = |id: PersonId| {
        if id == engine.me {
            "you".to_owned()
        } else {
            names.full(id)
        }
    };
    let unknown: Vec<String> = facts
        .iter()
        .filter(|(_, count)| **count == 0)
        .map(|(id, _)| who(*id))
        .collect();
    let hint = if engine.semantic() {
        String::new()
    } else {
        " Matching is by words and kith's lexicon only; `kith model status` says how to add \
         matching by meaning."
            .to_owned()
    };
    if unknown.is_empty() {
        format!("No intersections found yet.{hint}")
    } else {
        format!(
            "No intersections: kith knows no goal, plan, interest or want of {} yet. \
             `kith learn {}` asks the questions that matter.{hint}",
            unknown.join(" or "),
            if unknown.len() == 1 && unknown[0] == "you" {
                "me"
            } else {
                "PERSON"
            }
        )
    }
}

pub(crate) fn intros(options: &Options, limit: usize) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let engine = Engine::load(&mut context.store)?;
    let index = engine.index();
    let limits = IntroLimits {
        per_person: INTROS_PER_PERSON,
        total: limit,
    };
    let pairs = index.intros(&engine.people(), limits);
    let names = Names::new(&context);
    let me = names.full(engine.me);
    let suggestions: Vec<SuggestionJson> = pairs
        .iter()
        .map(|pair| suggestion_json(&engine, &index, &names, pair, &me))
        .collect();
    if options.json {
        return print_json(&suggestions);
    }
    if suggestions.is_empty() {
        say!(
            "No intros to suggest: kith suggests people who share a goal or can help each \
             other, never interests alone, and found none yet. `kith learn PERSON` records \
             goals, offers and wants."
        );
        return Ok(());
    }
    for (number, (pair, suggestion)) in pairs.iter().zip(&suggestions).enumerate() {
        say!(
            "{}. {} and {} ({:.2})",
            number + 1,
            names.full(pair.a),
            names.full(pair.b),
            suggestion.score
        );
        for x in &suggestion.intersections {
            if let Some(explanation) = &x.explanation {
                say!("   {explanation}");
            }
        }
        for (to, draft) in [
            (pair.a, &suggestion.drafts.a),
            (pair.b, &suggestion.drafts.b),
        ] {
            say!("   To {}:", names.full(to));
            for line in draft.lines() {
                say!("   │ {line}");
            }
        }
    }
    say!("When you make one: `kith intro record A B`.");
    Ok(())
}

pub(crate) fn who(options: &Options, query: &str, limit: usize) -> anyhow::Result<()> {
    if query.trim().is_empty() {
        return Err(
            BadInput("ask a question, such as `kith who \"learning to sail\"`".into()).into(),
        );
    }
    let mut context = options.open()?;
    let engine = Engine::load(&mut context.store)?;
    let index = engine.index();
    let names = Names::new(&context);
    let found = index.who(query, limit);
    let answers: Vec<AnswerJson> = found
        .iter()
        .filter_map(|answer| {
            Some(AnswerJson {
                person: names.person(answer.person),
                score: answer.score,
                fact: fact_json(&engine, &names, answer.fact)?,
            })
        })
        .collect();
    if options.json {
        return print_json(&answers);
    }
    if answers.is_empty() {
        say!("Nobody you know says anything about that yet.");
        return Ok(());
    }
    for (answer, shown) in found.iter().zip(&answers) {
        say!(
            "{:.2}  {} (id {}): {} “{}”",
            answer.score,
            names.full(answer.person),
            answer.person,
            shown.fact.kind,
            shown.fact.text
        );
    }
    Ok(())
}

fn fact_json(engine: &Engine, names: &Names<'_>, id: FactId) -> Option<FactJson> {
    let fact = engine.fact(id)?;
    Some(FactJson {
        id: fact.id.0,
        person: names.person(fact.person),
        kind: fact.kind.as_str(),
        text: fact.text.as_str().to_owned(),
    })
}

fn intersection_json(
    engine: &Engine,
    index: &Index<'_>,
    names: &Names<'_>,
    x: &Intersection,
    reader: Reader,
) -> IntersectionJson {
    let fact = |side: kith_core::intersect::Side| {
        fact_json(engine, names, side.fact).unwrap_or_else(|| FactJson {
            id: side.fact.0,
            person: names.person(side.person),
            kind: "note",
            text: String::new(),
        })
    };
    IntersectionJson {
        a: names.person(x.a.person),
        b: names.person(x.b.person),
        kind: x.kind.as_str(),
        score: x.score,
        explanation: index.explain(x, reader, &|id| names.full(id)),
        facts: [fact(x.a), fact(x.b)],
    }
}

fn suggestion_json(
    engine: &Engine,
    index: &Index<'_>,
    names: &Names<'_>,
    pair: &Pair,
    me: &str,
) -> SuggestionJson {
    let first = |id: PersonId| names.first(id);
    SuggestionJson {
        a: names.person(pair.a),
        b: names.person(pair.b),
        score: pair.score,
        intersections: pair
            .intersections
            .iter()
            .map(|x| intersection_json(engine, index, names, x, Reader::Me(engine.me)))
            .collect(),
        drafts: Drafts {
            a: index.draft_intro(pair, pair.a, me, &first),
            b: index.draft_intro(pair, pair.b, me, &first),
        },
    }
}

/// A group of a pairing round: `{"members":[{"id","name"}],"score","intersections":[…]}`.
#[derive(Debug, Serialize)]
struct GroupJson {
    members: Vec<PersonRefJson>,
    score: f32,
    intersections: Vec<IntersectionJson>,
}

/// `kith pairs --json`: `{"circle","round","recorded","groups":[…]}`.
#[derive(Debug, Serialize)]
struct RoundJson {
    circle: String,
    round: Option<u32>,
    recorded: bool,
    groups: Vec<GroupJson>,
}

pub(crate) fn pair(
    options: &Options,
    circle: &str,
    seed: Option<u64>,
    dry_run: bool,
) -> anyhow::Result<()> {
    let circle = kith_core::CircleName::parse(circle)?;
    let mut context = options.open()?;
    let members = context.store.circle_members(&circle)?;
    if members.len() < 2 {
        return Err(BadInput(format!(
            "`{circle}` has {} member{}; a round needs two or more (`kith circle add PERSON \
             {circle}`)",
            members.len(),
            if members.len() == 1 { "" } else { "s" }
        ))
        .into());
    }
    let past = context.store.past_pairs(&circle)?;
    let seed = seed.unwrap_or_else(|| kith_core::queue::daily_seed(options.now, &options.zone));
    let engine = Engine::load_only(&mut context.store, &members)?;
    let index = engine.index();
    let round = index.pairs(&members, &past, seed);
    let recorded = if dry_run {
        None
    } else {
        let pairs: Vec<(PersonId, PersonId)> = round
            .groups
            .iter()
            .flat_map(|group| {
                let m = &group.members;
                (0..m.len()).flat_map(move |i| (i + 1..m.len()).map(move |j| (m[i], m[j])))
            })
            .collect();
        Some(
            context
                .store
                .write(|w| w.record_round(&circle, &pairs, options.now))?,
        )
    };
    let names = Names::new(&context);
    let groups: Vec<GroupJson> = round
        .groups
        .iter()
        .map(|group| GroupJson {
            members: group.members.iter().map(|&id| names.person(id)).collect(),
            score: group.score,
            intersections: group
                .intersections
                .iter()
                .map(|x| intersection_json(&engine, &index, &names, x, Reader::Me(engine.me)))
                .collect(),
        })
        .collect();
    if options.json {
        return print_json(&RoundJson {
            circle: circle.to_string(),
            round: recorded,
            recorded: recorded.is_some(),
            groups,
        });
    }
    match recorded {
        Some(number) => say!("Round {number} of {circle}:"),
        None => say!("A round of {circle} (not recorded: --dry-run):"),
    }
    for (group, shown) in round.groups.iter().zip(&groups) {
        let who: Vec<String> = group.members.iter().map(|&id| names.full(id)).collect();
        say!("  {}", who.join(" & "));
        match shown
            .intersections
            .first()
            .and_then(|x| x.explanation.as_deref())
        {
            Some(explanation) => say!("    {explanation}"),
            None => say!("    nothing known in common yet: a chance to find out"),
        }
    }
    Ok(())
}
