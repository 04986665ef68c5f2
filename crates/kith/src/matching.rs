//! Wiring the intersection engine: everyone's facts from the store, the lexical tier, and the
//! sentence model when one is installed, with the vectors of fact texts kept in the store so
//! that each text goes through the model once.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use kith_core::intersect::{Index, Settings};
use kith_core::meaning::{Cached, Embed, Matcher};
use kith_core::{Fact, FactId, PersonId};
use kith_store::Store;

use crate::context::semantic_model;

/// Everything the engine's questions are asked of.
pub(crate) struct Engine {
    matcher: Matcher,
    semantic: Option<Cached<kith_model::Model>>,
    facts: Vec<Fact>,
    by_id: HashMap<FactId, usize>,
    /// The user.
    pub(crate) me: PersonId,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("facts", &self.facts.len())
            .field("semantic", &self.semantic.is_some())
            .finish_non_exhaustive()
    }
}

/// More new texts than this and embedding them is worth a line on stderr.
const SAY_EMBEDDING_FROM: usize = 50;

impl Engine {
    /// Loads everyone's facts; with the installed model, embeds the texts it has not seen yet
    /// and keeps their vectors.
    pub(crate) fn load(store: &mut Store) -> anyhow::Result<Self> {
        Self::load_for(store, None)
    }

    /// Like [`Engine::load`], with only these people's facts (the user's included): enough
    /// for the intersections between them, since a score depends only on the two facts
    /// compared, and far quicker on a large network.
    pub(crate) fn load_only(store: &mut Store, people: &[PersonId]) -> anyhow::Result<Self> {
        Self::load_for(store, Some(people))
    }

    fn load_for(store: &mut Store, only: Option<&[PersonId]>) -> anyhow::Result<Self> {
        let mut facts = store.facts_for_matching()?;
        if let Some(people) = only {
            let people: HashSet<PersonId> = people.iter().copied().collect();
            facts.retain(|fact| people.contains(&fact.person));
        }
        let me = store.me()?.id;
        let semantic = match semantic_model()? {
            Some(model) => Some(Self::vectors(store, model, &facts)?),
            None => None,
        };
        let by_id = facts
            .iter()
            .enumerate()
            .map(|(at, fact)| (fact.id, at))
            .collect();
        Ok(Self {
            matcher: Matcher::default(),
            semantic,
            facts,
            by_id,
            me,
        })
    }

    fn vectors(
        store: &mut Store,
        model: kith_model::Model,
        facts: &[Fact],
    ) -> anyhow::Result<Cached<kith_model::Model>> {
        let mut texts: Vec<&str> = facts.iter().map(|fact| fact.text.as_str()).collect();
        texts.sort_unstable();
        texts.dedup();
        let mut known = store.text_vectors(model.id(), &texts)?;
        let missing: Vec<&str> = texts
            .into_iter()
            .filter(|text| !known.contains_key(*text))
            .collect();
        if !missing.is_empty() {
            if missing.len() >= SAY_EMBEDDING_FROM {
                eprintln!(
                    "Reading {} new facts with the sentence model (once; kith keeps the result)…",
                    missing.len()
                );
            }
            let vectors = model.embed_many(&missing);
            let pairs: Vec<(&str, &[f32])> = missing
                .iter()
                .copied()
                .zip(vectors.iter().map(Vec::as_slice))
                .collect();
            store.write(|w| w.keep_text_vectors(model.id(), &pairs))?;
            known.extend(missing.iter().map(|text| (*text).to_owned()).zip(vectors));
        }
        Ok(Cached::new(model, known))
    }

    /// The index over everyone's facts.
    pub(crate) fn index(&self) -> Index<'_> {
        let embed = self.semantic.as_ref().map(|model| model as &dyn Embed);
        Index::new(&self.matcher, embed, Settings::default(), &self.facts)
    }

    /// Whether the semantic tier takes part.
    pub(crate) fn semantic(&self) -> bool {
        self.semantic.is_some()
    }

    /// A fact by id.
    pub(crate) fn fact(&self, id: FactId) -> Option<&Fact> {
        self.by_id.get(&id).map(|&at| &self.facts[at])
    }

    /// Everyone who has a fact the engine can match, the user aside.
    pub(crate) fn people(&self) -> Vec<PersonId> {
        let people: HashSet<PersonId> = self
            .facts
            .iter()
            .map(|fact| fact.person)
            .filter(|&p| p != self.me)
            .collect();
        let mut people: Vec<PersonId> = people.into_iter().collect();
        people.sort_unstable();
        people
    }
}

/// Every intersection between the user and someone else, as (when it became known: the later
/// of its two facts' dates, with whom), oldest first. Kept in the store and recomputed only
/// when the facts, who is deleted or merged, or the installed model changed, so `kith stats`
/// stays quick on a large network.
pub(crate) fn discovered(store: &mut Store) -> anyhow::Result<Vec<(Timestamp, PersonId)>> {
    let model = kith_model::installed_path(&crate::context::data_folder()?);
    let model = std::fs::metadata(&model)
        .ok()
        .map(|meta| (meta.len(), meta.modified().ok()));
    let signature = format!("{} model {model:?}", store.matching_signature()?);
    if let Some(kept) = store.kept_intersections(&signature)? {
        return Ok(kept);
    }
    let engine = Engine::load(store)?;
    let index = engine.index();
    let mut found: Vec<(Timestamp, PersonId)> = index
        .ranked(engine.me, usize::MAX)
        .iter()
        .flat_map(|pair| &pair.intersections)
        .filter_map(|x| {
            let (a, b) = (engine.fact(x.a.fact)?, engine.fact(x.b.fact)?);
            let other = if x.a.person == engine.me {
                x.b.person
            } else {
                x.a.person
            };
            Some((a.recorded.max(b.recorded), other))
        })
        .collect();
    found.sort_unstable();
    store.write(|w| w.keep_intersections(&signature, &found))?;
    Ok(found)
}
