//! The concept lexicon: what people write about their lives, grouped into concepts with
//! aliases in English and Ukrainian, broader concepts, and the context words that tell the
//! senses of an ambiguous word apart.
//!
//! The built-in lexicon is `lexicon.txt` beside this file, compiled in and parsed when a
//! matcher is first built. Its format, one block per concept:
//!
//! ```text
//! # A comment.
//! [half-marathon]
//! label: a half marathon
//! broader: running
//! en: half marathon, 21k
//! uk: напівмарафон, півмарафон
//! cues: race, pace
//! ```
//!
//! - `[id]` opens a concept; ids are lowercase words joined by `-`.
//! - `label:` how explanations name it, a noun phrase that reads well after "You have … in
//!   common" and "working towards …" (default: the id with spaces).
//! - `broader:` the concepts it is a kind of, comma-separated. A concept without one is a
//!   *domain* (sport, career, money): domains group concepts and tell word senses apart, but
//!   sharing only a domain does not make two facts alike.
//! - `en:` and `uk:` aliases, comma-separated, any number of lines. An alias is matched after
//!   normalisation, stop-word removal and stemming, so one form covers its inflections, and
//!   multi-word aliases match with at most one other word between their words ("start a small
//!   company"). An alias written `?word` is *ambiguous*: it names this concept only when the
//!   phrase also holds one of the concept's cues (or its broader concepts' cues), or a concept
//!   of the same domain. An alias written `=word` matches that exact form, unstemmed, for
//!   where stemming joins senses ("boxing" and "boxes" both stem to `box`).
//! - `cues:` words that, elsewhere in a phrase, pick this concept's sense of an ambiguous
//!   alias; inherited by narrower concepts.
//! - `weight:` how much the concept counts, in (0, 1] (default 1): less for concepts that say
//!   how something is done rather than what it is about ("an online course", "a degree").
//! - `note:` why a concept has aliases in only one language (a name used as is everywhere).

use std::collections::HashMap;

use super::tokens::{self, Weight};
use crate::Error;

/// The built-in lexicon's text.
pub(crate) const BUILTIN: &str = include_str!("lexicon.txt");

/// Identifies a concept within one [`Lexicon`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConceptId(pub u32);

impl ConceptId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// One concept: what a group of aliases means.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// The id in the lexicon file (`half-marathon`).
    pub key: String,
    /// How explanations name it ("a half marathon").
    pub label: String,
    /// The concepts it is a kind of.
    pub broader: Vec<ConceptId>,
    /// How much it counts, in (0, 1].
    pub weight: f32,
    /// The line of its `[id]`, for messages.
    pub line: usize,
}

/// One alias, as the stems it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The stems it matches, or for an exact alias the normalised words.
    pub(crate) stems: Vec<String>,
    /// Whether it matches the words as written (normalised) rather than their stems.
    pub(crate) exact: bool,
    pub(crate) concept: ConceptId,
    pub(crate) ambiguous: bool,
    /// Whether every word of the alias is a frame word ("go"): such a word, unresolved, says
    /// nothing.
    pub(crate) frame_only: bool,
}

/// A parsed and checked concept lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    concepts: Vec<Concept>,
    by_key: HashMap<String, ConceptId>,
    aliases: Vec<Alias>,
    /// First stem of an alias → the aliases that start with it.
    by_first_stem: HashMap<String, Vec<usize>>,
    /// First word of an exact alias → the exact aliases that start with it.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Cue stem → the concepts it is a cue for, inherited cues included.
    cues: HashMap<String, Vec<ConceptId>>,
    /// Each concept's ancestors with their distance, itself first at 0.
    ancestors: Vec<Vec<(ConceptId, u8)>>,
    /// Each concept's domain(s): its ancestors without a broader concept.
    domains: Vec<Vec<ConceptId>>,
}

impl Lexicon {
    /// The built-in lexicon.
    ///
    /// # Panics
    /// Never in a released build: the built-in lexicon is checked by a test
    /// (`the_built_in_lexicon_is_valid`).
    #[must_use]
    pub fn builtin() -> Self {
        Self::parse(BUILTIN).expect("the built-in lexicon is valid: a test parses it")
    }

    /// Parses and checks a lexicon in the format described in the module documentation.
    ///
    /// # Errors
    /// [`Error::BadLexicon`] naming the line: an unknown field, an alias that is only stop
    /// words, the same alias twice in one concept, a broader concept that does not exist or
    /// that makes a cycle, an ambiguous alias with no cue to resolve it, a concept without
    /// aliases in both English and Ukrainian and no `note:` saying why.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let raw = read_blocks(text)?;
        let mut by_key = HashMap::new();
        for (index, block) in raw.iter().enumerate() {
            let id = ConceptId(u32::try_from(index).map_err(|_| Error::BadLexicon {
                line: block.line,
                why: "too many concepts".into(),
            })?);
            if by_key.insert(block.key.clone(), id).is_some() {
                return Err(Error::BadLexicon {
                    line: block.line,
                    why: format!("the concept `{}` is defined twice", block.key),
                });
            }
        }
        let mut concepts = Vec::with_capacity(raw.len());
        let mut aliases = Vec::new();
        let mut cue_lists = Vec::with_capacity(raw.len());
        for (index, block) in raw.iter().enumerate() {
            let id = ConceptId(index as u32);
            let mut broader = Vec::new();
            for (line, key) in &block.broader {
                let parent = by_key.get(key).ok_or_else(|| Error::BadLexicon {
                    line: *line,
                    why: format!("`{key}` is not a concept; define it or fix the name"),
                })?;
                broader.push(*parent);
            }
            let has_en = !block.en.is_empty();
            let has_uk = !block.uk.is_empty();
            if !(has_en && has_uk) && block.note.is_none() {
                return Err(Error::BadLexicon {
                    line: block.line,
                    why: format!(
                        "`{}` needs aliases in both English (`en:`) and Ukrainian (`uk:`), or \
                         a `note:` saying why not",
                        block.key
                    ),
                });
            }
            let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
            for (line, alias) in block.en.iter().chain(&block.uk) {
                let (ambiguous, alias) = match alias.strip_prefix('?') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, alias.as_str()),
                };
                let (exact, alias) = match alias.strip_prefix('=') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, alias),
                };
                let words = tokens::words(alias);
                if words.is_empty() {
                    return Err(Error::BadLexicon {
                        line: *line,
                        why: format!("the alias `{alias}` is only stop words"),
                    });
                }
                let stems: Vec<String> = words
                    .iter()
                    .map(|w| {
                        if exact {
                            w.surface.clone()
                        } else {
                            w.stem.clone()
                        }
                    })
                    .collect();
                let mut seen_key = stems.clone();
                if exact {
                    seen_key.insert(0, "=".into());
                }
                if let Some(first) = seen.insert(seen_key, *line) {
                    return Err(Error::BadLexicon {
                        line: *line,
                        why: format!(
                            "the alias `{alias}` of `{}` matches what line {first}'s alias \
                             already does; remove one",
                            block.key
                        ),
                    });
                }
                aliases.push(Alias {
                    frame_only: words.iter().all(|w| w.weight != Weight::Content),
                    stems,
                    exact,
                    concept: id,
                    ambiguous,
                });
            }
            let cues: Vec<String> = block
                .cues
                .iter()
                .flat_map(|(_, cue)| tokens::words(cue))
                .map(|w| w.stem)
                .collect();
            cue_lists.push(cues);
            let weight = match &block.weight {
                None => 1.0,
                Some((line, text)) => match text.parse::<f32>() {
                    Ok(w) if w > 0.0 && w <= 1.0 => w,
                    _ => {
                        return Err(Error::BadLexicon {
                            line: *line,
                            why: format!("`{text}` is not a weight: expected a number in (0, 1]"),
                        });
                    }
                },
            };
            concepts.push(Concept {
                key: block.key.clone(),
                label: block
                    .label
                    .clone()
                    .unwrap_or_else(|| block.key.replace('-', " ")),
                broader,
                weight,
                line: block.line,
            });
        }
        let ancestors = ancestors(&concepts)?;
        let domains = ancestors
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&(c, _)| c)
                    .filter(|c| concepts[c.index()].broader.is_empty())
                    .collect()
            })
            .collect();
        // Cues are inherited: a cue of `programming` picks `golang`'s sense of "go".
        let mut cues: HashMap<String, Vec<ConceptId>> = HashMap::new();
        for (index, list) in ancestors.iter().enumerate() {
            for &(ancestor, _) in list {
                for cue in &cue_lists[ancestor.index()] {
                    let entry = cues.entry(cue.clone()).or_default();
                    let id = ConceptId(index as u32);
                    if !entry.contains(&id) {
                        entry.push(id);
                    }
                }
            }
        }
        let has_cues = |alias: &Alias| {
            ancestors[alias.concept.index()]
                .iter()
                .any(|&(a, _)| !cue_lists[a.index()].is_empty())
        };
        for (alias, line) in aliases.iter().zip(alias_lines(&raw)) {
            if alias.ambiguous && !has_cues(alias) {
                return Err(Error::BadLexicon {
                    line,
                    why: format!(
                        "the ambiguous alias `?{}` of `{}` has no cues to resolve it; add \
                         `cues:` to the concept or a broader one",
                        alias.stems.join(" "),
                        concepts[alias.concept.index()].key
                    ),
                });
            }
        }
        let mut by_first_stem: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, alias) in aliases.iter().enumerate() {
            let map = if alias.exact {
                &mut by_first_word
            } else {
                &mut by_first_stem
            };
            map.entry(alias.stems[0].clone()).or_default().push(index);
        }
        Ok(Self {
            concepts,
            by_key,
            aliases,
            by_first_stem,
            by_first_word,
            cues,
            ancestors,
            domains,
        })
    }

    /// How many concepts there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Whether there are no concepts.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// One concept.
    ///
    /// # Panics
    /// When `id` comes from another lexicon and is out of range.
    #[must_use]
    pub fn concept(&self, id: ConceptId) -> &Concept {
        &self.concepts[id.index()]
    }

    /// A concept by its key in the file.
    #[must_use]
    pub fn find(&self, key: &str) -> Option<ConceptId> {
        self.by_key.get(key).copied()
    }

    /// Every concept with its id.
    pub fn concepts(&self) -> impl Iterator<Item = (ConceptId, &Concept)> {
        self.concepts
            .iter()
            .enumerate()
            .map(|(index, c)| (ConceptId(index as u32), c))
    }

    /// Whether a concept is a domain (has no broader concept).
    #[must_use]
    pub fn is_domain(&self, id: ConceptId) -> bool {
        self.concepts[id.index()].broader.is_empty()
    }

    /// The concept's ancestors with their distance, itself first at distance 0.
    #[must_use]
    pub fn ancestors(&self, id: ConceptId) -> &[(ConceptId, u8)] {
        &self.ancestors[id.index()]
    }

    pub(crate) fn domains(&self, id: ConceptId) -> &[ConceptId] {
        &self.domains[id.index()]
    }

    /// The aliases that may start at a word: by its stem, and exact ones by its form.
    pub(crate) fn aliases_from(&self, stem: &str, surface: &str) -> impl Iterator<Item = &Alias> {
        self.by_first_stem
            .get(stem)
            .into_iter()
            .flatten()
            .chain(self.by_first_word.get(surface).into_iter().flatten())
            .map(|&index| &self.aliases[index])
    }

    pub(crate) fn cue_for(&self, stem: &str) -> &[ConceptId] {
        self.cues.get(stem).map_or(&[], Vec::as_slice)
    }
}

/// One `[id]` block as written.
#[derive(Debug, Default)]
struct Block {
    key: String,
    line: usize,
    label: Option<String>,
    broader: Vec<(usize, String)>,
    en: Vec<(usize, String)>,
    uk: Vec<(usize, String)>,
    cues: Vec<(usize, String)>,
    weight: Option<(usize, String)>,
    note: Option<String>,
}

fn read_blocks(text: &str) -> Result<Vec<Block>, Error> {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: String| Error::BadLexicon { line: number, why };
        if let Some(rest) = line.strip_prefix('[') {
            let key = rest
                .strip_suffix(']')
                .ok_or_else(|| bad("expected `[id]`".into()))?;
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(bad(format!(
                    "`{key}` is not a concept id: use lowercase letters, digits and `-`"
                )));
            }
            blocks.push(Block {
                key: key.to_owned(),
                line: number,
                ..Block::default()
            });
            continue;
        }
        let block = blocks
            .last_mut()
            .ok_or_else(|| bad("a field before the first `[id]`".into()))?;
        let (field, value) = line
            .split_once(':')
            .ok_or_else(|| bad("expected `field: value` or `[id]`".into()))?;
        let value = value.trim();
        let list = || {
            value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (number, v.to_owned()))
                .collect::<Vec<_>>()
        };
        match field.trim() {
            "label" => block.label = Some(value.to_owned()),
            "broader" => block.broader.extend(list()),
            "en" => block.en.extend(list()),
            "uk" => block.uk.extend(list()),
            "cues" => block.cues.extend(list()),
            "weight" => block.weight = Some((number, value.to_owned())),
            "note" => block.note = Some(value.to_owned()),
            other => {
                return Err(bad(format!(
                    "unknown field `{other}`: expected label, broader, en, uk, cues, weight or note"
                )));
            }
        }
    }
    Ok(blocks)
}

fn alias_lines(blocks: &[Block]) -> impl Iterator<Item = usize> + '_ {
    blocks
        .iter()
        .flat_map(|b| b.en.iter().chain(&b.uk).map(|(line, _)| *line))
}

/// Every concept's ancestors (itself at 0), by breadth-first search; a cycle is an error.
fn ancestors(concepts: &[Concept]) -> Result<Vec<Vec<(ConceptId, u8)>>, Error> {
    let mut all = Vec::with_capacity(concepts.len());
    for (index, concept) in concepts.iter().enumerate() {
        let me = ConceptId(index as u32);
        let mut found: Vec<(ConceptId, u8)> = vec![(me, 0)];
        let mut frontier = vec![me];
        let mut distance = 0_u8;
        while !frontier.is_empty() {
            distance = distance.saturating_add(1);
            let mut next = Vec::new();
            for id in frontier {
                for &parent in &concepts[id.index()].broader {
                    if parent == me {
                        return Err(Error::BadLexicon {
                            line: concept.line,
                            why: format!("`{}` is broader than itself", concept.key),
                        });
                    }
                    if !found.iter().any(|&(c, _)| c == parent) {
                        found.push((parent, distance));
                        next.push(parent);
                    }
                }
            }
            frontier = next;
        }
        all.push(found);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn the_built_in_lexicon_is_valid() {
        let lexicon = Lexicon::parse(BUILTIN).unwrap_or_else(|e| panic!("lexicon.txt {e}"));
        assert!(lexicon.len() >= 300, "{} concepts", lexicon.len());
    }

    #[test]
    fn every_built_in_concept_speaks_both_languages_or_says_why() {
        // `parse` enforces it; this pins that the rule is not bypassed by notes everywhere.
        let notes = BUILTIN.lines().filter(|l| l.starts_with("note:")).count();
        let lexicon = Lexicon::builtin();
        assert!(notes * 10 < lexicon.len(), "{notes} notes");
    }

    #[test]
    fn half_marathon_is_a_kind_of_running_and_of_sport() {
        let lexicon = Lexicon::builtin();
        let half = lexicon.find("half-marathon").expect("defined");
        let keys: Vec<&str> = lexicon
            .ancestors(half)
            .iter()
            .map(|&(c, _)| lexicon.concept(c).key.as_str())
            .collect();
        assert!(keys.contains(&"running"), "{keys:?}");
        assert!(keys.contains(&"sport"), "{keys:?}");
    }

    #[rstest]
    #[case::duplicate_alias(
        "[a]\nen: sail, sailing\nuk: вітрило\n",
        "line 2: the alias `sailing` of `a` matches what line 2's alias already does"
    )]
    #[case::missing_language("[a]\nen: sail\n", "line 1: `a` needs aliases in both")]
    #[case::unknown_broader("[a]\nbroader: b\nen: x\nuk: y\n", "line 2: `b` is not a concept")]
    #[case::cycle(
        "[a]\nbroader: b\nen: x\nuk: y\n[b]\nbroader: a\nen: z\nuk: w\n",
        "line 1: `a` is broader than itself"
    )]
    #[case::stop_words_only("[a]\nen: the, sail\nuk: y\n", "line 2: the alias `the` is only")]
    #[case::ambiguous_without_cues("[a]\nen: ?bass\nuk: y\n", "line 2: the ambiguous alias")]
    #[case::unknown_field("[a]\nsynonyms: x\n", "line 2: unknown field `synonyms`")]
    #[case::bad_weight("[a]\nweight: 2\nen: x\nuk: y\n", "line 2: `2` is not a weight")]
    #[case::field_before_concept("en: x\n", "line 1: a field before the first `[id]`")]
    #[case::twice(
        "[a]\nen: x\nuk: y\n[a]\nen: z\nuk: w\n",
        "line 4: the concept `a` is defined twice"
    )]
    fn a_broken_lexicon_is_refused_with_its_line(#[case] text: &str, #[case] expected: &str) {
        let error = Lexicon::parse(text).expect_err("broken");
        assert!(error.to_string().starts_with(expected), "{error}");
    }

    #[test]
    fn a_note_excuses_a_missing_language() {
        assert!(Lexicon::parse("[a]\nen: kubernetes\nnote: a name\n").is_ok());
    }
}
