//! The lexical tier: a phrase becomes concepts (from the lexicon) and leftover words, and two
//! phrases are alike by how well each one's features are met by the other's.
//!
//! [`Matcher::analyse`] reads a phrase once: it finds every alias of the lexicon in it, keeps
//! the longest where they overlap ("running a company" is one alias of `executive`, not
//! `running` and a company), settles ambiguous words by the rest of the phrase (a cue, or a
//! concept of the same domain: "python" next to "snake" is the reptile), and keeps the words no
//! concept covers, weighed by how much they say. [`Matcher::compare`] scores two analysed
//! phrases in [0, 1]: a soft Dice overlap in which a concept meets the same concept fully, a
//! broader or narrower one partly (`half marathon` is 0.7 of `running`), a sibling less, and a
//! word meets the same stem. Symmetric by construction; the same two phrases always score the
//! same, whatever else has been analysed.

use std::hash::{Hash, Hasher};

use super::lexicon::{ConceptId, Lexicon};
use super::tokens::{self, Weight, Word};

/// What a phrase is made of for matching: a concept, or a word (its stem, hashed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// A concept of the lexicon.
    Concept(ConceptId),
    /// A word no concept covers, by its stem's 64-bit FNV-1a hash.
    Word(u64),
}

/// One feature of a phrase with its weight (in (0, 1]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feature {
    /// What it is.
    pub key: Key,
    /// How much it counts: 1 for a concept named plainly or a content word, less for an
    /// unresolved ambiguous word, a frame word or a number.
    pub weight: f32,
}

/// A phrase as the lexical tier sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Phrase {
    features: Vec<Feature>,
}

impl Phrase {
    /// Its features: concepts first, then words, each key once.
    #[must_use]
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// The concepts it names, with their weights.
    pub fn concepts(&self) -> impl Iterator<Item = (ConceptId, f32)> + '_ {
        self.features.iter().filter_map(|f| match f.key {
            Key::Concept(id) => Some((id, f.weight)),
            Key::Word(_) => None,
        })
    }

    /// Whether nothing in it can match anything (empty, or only stop words and symbols).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }
}

/// How alike two phrases are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// In [0, 1]; 0 when nothing is shared.
    pub score: f32,
    /// The concept that contributes most, as explanations should name it: the concept both
    /// phrases name, the broader of two related ones, or the closest concept both are kinds
    /// of. `None` when only words are shared.
    pub shared: Option<ConceptId>,
    /// Whether both phrases name concepts and none of one's is related to any of the other's:
    /// the lexicon reads them as about different things ("running a company" and "running
    /// on Sunday mornings"), which is evidence against a sentence model that finds them
    /// alike because they share a word.
    pub senses_differ: bool,
}

/// The tunable constants of the lexical tier. The defaults were chosen once from first
/// principles and checked on the development set (see BENCHMARKS.md), not fitted to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// How much of a concept a directly broader or narrower concept is worth; each further
    /// step multiplies again (half marathon ~ running 0.7, ~ endurance sport 0.49).
    pub step: f32,
    /// The extra discount when neither concept is the other's ancestor (siblings, cousins):
    /// two marathons are more alike than a marathon and a swim.
    pub sibling: f32,
    /// The weight of an ambiguous word that nothing in its phrase resolves.
    pub unresolved: f32,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            step: 0.7,
            sibling: 0.6,
            unresolved: 0.35,
        }
    }
}

/// The lexical matcher: a lexicon and the constants. Cheap to share; analysing and comparing
/// take `&self`.
#[derive(Debug, Clone)]
pub struct Matcher {
    lexicon: Lexicon,
    params: Params,
    /// Every pair of concepts' similarity and meeting point, row-major: comparing facts by
    /// the million must not walk the hierarchy each time.
    table: Vec<(f32, Option<ConceptId>)>,
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new(Lexicon::builtin(), Params::default())
    }
}

/// An alias found in a phrase: the word positions it covers and the concept it names.
#[derive(Debug)]
struct Candidate {
    positions: Vec<usize>,
    gaps: usize,
    concept: ConceptId,
    ambiguous: bool,
    frame_only: bool,
}

impl Matcher {
    /// A matcher over a lexicon.
    #[must_use]
    pub fn new(lexicon: Lexicon, params: Params) -> Self {
        let n = lexicon.len();
        let mut table = Vec::with_capacity(n * n);
        for a in 0..n {
            for b in 0..n {
                table.push(hierarchy_similarity(
                    &lexicon,
                    params,
                    ConceptId(a as u32),
                    ConceptId(b as u32),
                ));
            }
        }
        Self {
            lexicon,
            params,
            table,
        }
    }

    /// The lexicon it matches with.
    #[must_use]
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Reads a phrase into concepts and words. Never fails: text in a script the lexicon does
    /// not cover is compared word by word, and text with no words gives an empty phrase.
    #[must_use]
    pub fn analyse(&self, text: &str) -> Phrase {
        let words = tokens::words(text);
        let mentions = self.mentions(&words);
        let mut covered = vec![false; words.len()];
        let mut light = vec![false; words.len()];
        let mut features: Vec<Feature> = Vec::new();
        // Plain mentions first: they are the context that resolves ambiguous ones.
        let mut resolved_domains: Vec<ConceptId> = Vec::new();
        let mut pending = Vec::new();
        for mention in mentions {
            let plain: Vec<&Candidate> = mention.iter().filter(|c| !c.ambiguous).collect();
            if plain.len() == mention.len() {
                let share = 1.0 / plain.len() as f32;
                for candidate in plain {
                    push(&mut features, Key::Concept(candidate.concept), share);
                    resolved_domains.extend_from_slice(self.lexicon.domains(candidate.concept));
                }
                for &p in &mention[0].positions {
                    covered[p] = true;
                }
            } else {
                pending.push(mention);
            }
        }
        let any_plain = !features.is_empty();
        for mention in pending {
            let positions = &mention[0].positions;
            let supported: Vec<&Candidate> = mention
                .iter()
                .filter(|c| self.supported(c.concept, &words, positions, &resolved_domains))
                .collect();
            let chosen: Vec<&Candidate> = if supported.is_empty() {
                mention.iter().filter(|c| !c.ambiguous).collect()
            } else {
                supported
            };
            let (chosen, weight) = if !chosen.is_empty() {
                (chosen, 1.0)
            } else if any_plain || mention.iter().all(|c| c.frame_only) {
                // The phrase is about something else, or the word is a frame word ("go"):
                // the ambiguous word is only a light word ("training" next to "puppy" must
                // not meet "training" next to "models").
                for &p in positions {
                    light[p] = true;
                }
                continue;
            } else {
                (mention.iter().collect(), self.params.unresolved)
            };
            let share = weight / chosen.len() as f32;
            for candidate in chosen {
                push(&mut features, Key::Concept(candidate.concept), share);
            }
            for &p in positions {
                covered[p] = true;
            }
        }
        // A concept next to a narrower one says nothing more ("Python code" is Python, not
        // also programming at large, which would meet every other language).
        let named: Vec<ConceptId> = features
            .iter()
            .filter_map(|f| match f.key {
                Key::Concept(id) => Some(id),
                Key::Word(_) => None,
            })
            .collect();
        features.retain(|f| match f.key {
            Key::Concept(id) => !named.iter().any(|&other| {
                other != id && self.lexicon.ancestors(other).iter().any(|&(a, _)| a == id)
            }),
            Key::Word(_) => true,
        });
        for feature in &mut features {
            if let Key::Concept(id) = feature.key {
                feature.weight *= self.lexicon.concept(id).weight;
            }
        }
        let mut framing = Vec::new();
        for ((word, covered), light) in words.iter().zip(covered).zip(light) {
            if covered {
                continue;
            }
            let weight = if light { Weight::Frame } else { word.weight };
            if weight == Weight::Frame {
                framing.push(Key::Word(fnv(&word.stem)));
            } else {
                push(&mut features, Key::Word(fnv(&word.stem)), weight.factor());
            }
        }
        // Frame words say how a fact is put, not what it is about: they count only in a
        // phrase that has nothing else ("want to learn"), where they make it like itself and
        // little else. Elsewhere two facts framed alike ("learning Python", "learning Java")
        // must not meet on the framing.
        if features.is_empty() {
            for key in framing {
                push(&mut features, key, Weight::Frame.factor());
            }
        }
        features.sort_by_key(|f| f.key);
        Phrase { features }
    }

    /// Every alias found, grouped by the positions they cover, longest first, overlaps
    /// removed (the longer alias, then the one with fewer gaps, then the earlier, wins).
    fn mentions(&self, words: &[Word]) -> Vec<Vec<Candidate>> {
        let mut candidates = Vec::new();
        for start in 0..words.len() {
            let word = &words[start];
            for alias in self.lexicon.aliases_from(&word.stem, &word.surface) {
                if let Some((positions, gaps)) =
                    match_alias(words, start, &alias.stems, alias.exact)
                {
                    // A frame word alone names nothing: "навчитися" (to learn) is not
                    // "навчання" (education), though they share a stem.
                    if positions.len() == 1 && word.weight == Weight::Frame && !alias.ambiguous {
                        continue;
                    }
                    candidates.push(Candidate {
                        positions,
                        gaps,
                        concept: alias.concept,
                        ambiguous: alias.ambiguous,
                        frame_only: alias.frame_only,
                    });
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.positions
                .len()
                .cmp(&a.positions.len())
                .then(a.gaps.cmp(&b.gaps))
                .then(a.positions.cmp(&b.positions))
                .then(a.concept.cmp(&b.concept))
        });
        let mut taken = vec![false; words.len()];
        let mut mentions: Vec<Vec<Candidate>> = Vec::new();
        for candidate in candidates {
            if let Some(last) = mentions.last_mut()
                && last[0].positions == candidate.positions
            {
                if !last.iter().any(|c| c.concept == candidate.concept) {
                    last.push(candidate);
                }
                continue;
            }
            if candidate.positions.iter().any(|&p| taken[p]) {
                continue;
            }
            for &p in &candidate.positions {
                taken[p] = true;
            }
            mentions.push(vec![candidate]);
        }
        mentions
    }

    /// Whether the rest of the phrase supports reading an ambiguous word as `concept`: a cue
    /// of the concept (or of a broader one) among the other words, or a plainly named concept
    /// of the same domain.
    fn supported(
        &self,
        concept: ConceptId,
        words: &[Word],
        own: &[usize],
        resolved_domains: &[ConceptId],
    ) -> bool {
        let cued = words.iter().enumerate().any(|(index, word)| {
            !own.contains(&index) && self.lexicon.cue_for(&word.stem).contains(&concept)
        });
        cued || self
            .lexicon
            .domains(concept)
            .iter()
            .any(|d| resolved_domains.contains(d))
    }

    /// How alike two analysed phrases are.
    ///
    /// Each feature of either phrase is met by its best counterpart in the other (a concept by
    /// a related concept, a word by the same word), counting the lighter of the two weights;
    /// the score is what is met over everything there is, so extra unmatched words dilute it.
    #[must_use]
    pub fn compare(&self, a: &Phrase, b: &Phrase) -> Similarity {
        let total: f32 = a.features.iter().chain(&b.features).map(|f| f.weight).sum();
        let senses_differ = self.senses_differ(a, b);
        if total <= 0.0 {
            return Similarity {
                score: 0.0,
                shared: None,
                senses_differ,
            };
        }
        let mut met = 0.0;
        let mut shared: Option<(f32, ConceptId)> = None;
        for (from, to) in [(a, b), (b, a)] {
            for x in &from.features {
                let mut best = 0.0_f32;
                for y in &to.features {
                    let (sim, meeting) = self.key_similarity(x.key, y.key);
                    let value = sim * x.weight.min(y.weight);
                    if value > best {
                        best = value;
                    }
                    if let Some(meeting) = meeting
                        && shared.is_none_or(|(v, _)| value > v)
                    {
                        shared = Some((value, meeting));
                    }
                }
                met += best;
            }
        }
        Similarity {
            score: (met / total).clamp(0.0, 1.0),
            shared: shared.map(|(_, id)| id),
            senses_differ,
        }
    }

    /// See [`Similarity::senses_differ`].
    fn senses_differ(&self, a: &Phrase, b: &Phrase) -> bool {
        let names_any = |p: &Phrase| p.concepts().next().is_some();
        names_any(a)
            && names_any(b)
            && !a.concepts().any(|(x, _)| {
                b.concepts()
                    .any(|(y, _)| self.concept_similarity(x, y).0 > 0.0)
            })
    }

    /// How much of `query` is met by `target`, in [0, 1]: like [`Matcher::compare`], but only
    /// the query's features count, so a fact that says more than the question asked is not
    /// marked down for it (search: "learning to sail" is fully answered by "sailing lessons
    /// on the Dnipro").
    #[must_use]
    pub fn covers(&self, query: &Phrase, target: &Phrase) -> f32 {
        let total: f32 = query.features.iter().map(|f| f.weight).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let met: f32 = query
            .features
            .iter()
            .map(|x| {
                target
                    .features
                    .iter()
                    .map(|y| self.key_similarity(x.key, y.key).0 * x.weight.min(y.weight))
                    .fold(0.0, f32::max)
            })
            .sum();
        (met / total).clamp(0.0, 1.0)
    }

    /// Analyses both and compares them.
    #[must_use]
    pub fn similarity(&self, a: &str, b: &str) -> f32 {
        self.compare(&self.analyse(a), &self.analyse(b)).score
    }

    /// How alike two features are, and the concept they meet at.
    fn key_similarity(&self, a: Key, b: Key) -> (f32, Option<ConceptId>) {
        match (a, b) {
            (Key::Word(x), Key::Word(y)) => (if x == y { 1.0 } else { 0.0 }, None),
            (Key::Concept(x), Key::Concept(y)) => self.concept_similarity(x, y),
            _ => (0.0, None),
        }
    }

    /// How alike two concepts are through the hierarchy: 1 for the same, `step` per step to
    /// an ancestor, and for two concepts that meet at a common ancestor, `sibling` ×
    /// `step`^(both distances). Meeting only at a domain counts nothing.
    ///
    /// # Panics
    /// When a concept comes from another lexicon and is out of range.
    #[must_use]
    pub fn concept_similarity(&self, a: ConceptId, b: ConceptId) -> (f32, Option<ConceptId>) {
        self.table[a.0 as usize * self.lexicon.len() + b.0 as usize]
    }
}

/// [`Matcher::concept_similarity`], computed from the hierarchy.
fn hierarchy_similarity(
    lexicon: &Lexicon,
    params: Params,
    a: ConceptId,
    b: ConceptId,
) -> (f32, Option<ConceptId>) {
    if a == b {
        return (1.0, Some(a));
    }
    let mut best = (0.0_f32, None);
    for &(x, da) in lexicon.ancestors(a) {
        for &(y, db) in lexicon.ancestors(b) {
            if x != y {
                continue;
            }
            let steps = params.step.powi(i32::from(da) + i32::from(db));
            let sim = if da == 0 || db == 0 {
                steps
            } else if lexicon.is_domain(x) {
                continue;
            } else {
                params.sibling * steps
            };
            if sim > best.0 {
                best = (sim, Some(x));
            }
        }
    }
    best
}

/// Adds a feature, keeping the larger weight when its key is already there.
fn push(features: &mut Vec<Feature>, key: Key, weight: f32) {
    match features.iter_mut().find(|f| f.key == key) {
        Some(existing) => existing.weight = existing.weight.max(weight),
        None => features.push(Feature { key, weight }),
    }
}

/// Matches an alias's stems from `start`, allowing one other word between consecutive alias
/// words ("start a *small* company"). Returns the positions matched and the gaps skipped.
fn match_alias(
    words: &[Word],
    start: usize,
    stems: &[String],
    exact: bool,
) -> Option<(Vec<usize>, usize)> {
    let is = |at: usize, stem: &String| {
        words.get(at).is_some_and(|w| {
            if exact {
                &w.surface == stem
            } else {
                &w.stem == stem
            }
        })
    };
    let mut positions = vec![start];
    let mut gaps = 0;
    let mut at = start;
    for stem in &stems[1..] {
        if is(at + 1, stem) {
            at += 1;
        } else if is(at + 2, stem) {
            at += 2;
            gaps += 1;
        } else {
            return None;
        }
        positions.push(at);
    }
    Some((positions, gaps))
}

/// FNV-1a, 64 bits: a stable hash for a stem (the same in every run and build, unlike the
/// standard library's).
fn fnv(text: &str) -> u64 {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 ^= u64::from(b);
                self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;
    use std::sync::LazyLock;

    static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::default);

    fn score(a: &str, b: &str) -> f32 {
        MATCHER.similarity(a, b)
    }

    /// Above this, two phrases are clearly alike; the engine's threshold is lower.
    const ALIKE: f32 = 0.4;
    /// Below this, two phrases share nothing worth mentioning.
    const UNALIKE: f32 = 0.1;

    #[rstest]
    #[case::start_a_company_and_launch_a_startup("start a company", "launch a startup")]
    #[case::start_a_company_and_founding_something(
        "start a company",
        "founding something of my own"
    )]
    #[case::startup_and_founding("launch a startup", "founding something of my own")]
    #[case::running_and_half_marathon_training("running", "half marathon training")]
    #[case::rust_and_systems_programming("learn Rust", "get into systems programming")]
    #[case::inflections("ran my first marathons", "running a marathon")]
    #[case::a_word_between_alias_words("start a small company", "my own startup")]
    #[case::ukrainian_and_english_startup("хочу запустити стартап", "launch a startup")]
    #[case::ukrainian_inflections("бігаю щоранку", "біг")]
    #[case::ukrainian_running_and_english_marathon("бігати", "marathon")]
    #[case::ukrainian_sailing("хочу навчитися ходити під вітрилом", "learning to sail")]
    #[case::ukrainian_english_language("вивчаю англійську", "improving my English")]
    #[case::ukrainian_business_inflected("відкрити власну справу", "власний бізнес")]
    #[case::diacritics_and_case("CAFÉ espresso", "cafe Espresso")]
    fn phrases_that_mean_the_same_are_alike(#[case] a: &str, #[case] b: &str) {
        let got = score(a, b);
        assert!(got >= ALIKE, "{a:?} ~ {b:?}: {got}");
    }

    #[rstest]
    #[case::running_a_company_is_not_running("running a company", "running")]
    #[case::python_the_language_and_the_snake("python developer", "keeping a ball python as a pet")]
    #[case::java_the_language_and_the_island("learning Java", "single-origin beans from Java")]
    #[case::go_the_language_and_the_game("getting into Go for microservices", "the board game Go")]
    #[case::swing_trading_and_dancing("swing trading", "swing dancing")]
    #[case::raising_children_and_money("raising twins", "raising money for charity")]
    #[case::painting_walls_and_pictures("painting the living room", "painting with watercolours")]
    #[case::rock_climbing_and_rock_music("rock climbing", "my rock band")]
    #[case::bass_guitar_and_fish("learning bass guitar", "bass fishing")]
    #[case::boxing_and_boxes("boxing classes", "packing boxes for the move")]
    #[case::training_dogs_and_models("training my rescue puppy", "training ML models")]
    #[case::growing_teams_and_tomatoes("grow my team", "growing tomatoes")]
    #[case::model_trains_and_models("model trains", "ML models")]
    #[case::public_speaking_and_speaking_spanish("public speaking", "speaking Spanish")]
    #[case::stage_acting_and_early_stage("stage acting", "early-stage startup investing")]
    #[case::rust_the_language_and_on_a_car("learning Rust", "fixing rust on my old car")]
    #[case::bank_job_and_river_bank("investment banking job", "fishing from the river bank")]
    fn an_ambiguous_word_does_not_match_on_its_surface(#[case] a: &str, #[case] b: &str) {
        let got = score(a, b);
        assert!(got < UNALIKE, "{a:?} vs {b:?}: {got}");
    }

    #[rstest]
    #[case::running_a_company_and_running(
        "running a company with 40 employees",
        "running long and slow on Sunday mornings",
        true
    )]
    #[case::the_language_and_the_snake("python developer", "keeping a ball python as a pet", true)]
    #[case::two_sports_that_meet_only_as_sport("football", "tennis", true)]
    #[case::a_race_and_its_sport("half marathon", "running", false)]
    #[case::siblings_are_related("half marathon", "open water swimming", false)]
    #[case::one_side_names_no_concept("zorbing on weekends", "running", false)]
    #[case::neither_names_a_concept("zorbing", "quilling", false)]
    fn senses_differ_when_both_name_concepts_and_none_meet(
        #[case] a: &str,
        #[case] b: &str,
        #[case] differ: bool,
    ) {
        let (a, b) = (MATCHER.analyse(a), MATCHER.analyse(b));
        assert_eq!(MATCHER.compare(&a, &b).senses_differ, differ);
        assert_eq!(MATCHER.compare(&b, &a).senses_differ, differ, "symmetric");
    }

    #[test]
    fn near_concepts_score_partially() {
        let same = score("half marathon", "half marathon");
        let narrower = score("half marathon", "running");
        let sibling = score("half marathon", "marathon");
        let cousin = score("half marathon", "open water swimming");
        assert!(
            same > narrower && narrower > sibling && sibling > cousin,
            "{same} {narrower} {sibling} {cousin}"
        );
        assert!(cousin > 0.0, "both are endurance sport");
    }

    #[test]
    fn sharing_only_a_domain_is_not_alike() {
        assert_eq!(score("football", "chess club"), 0.0);
        assert_eq!(score("football", "tennis"), 0.0, "both sport, nothing more");
    }

    #[test]
    fn common_words_count_little() {
        let framing = score("want to learn pottery", "want to learn Mandarin");
        assert!(framing < UNALIKE, "{framing}");
    }

    #[rstest]
    #[case::same_concept("start a company", "launch a startup", "starting a company")]
    #[case::broader_is_named("half marathon", "running", "running")]
    #[case::meeting_point_is_named("half marathon", "marathon", "running")]
    fn the_shared_concept_is_named(#[case] a: &str, #[case] b: &str, #[case] label: &str) {
        let got = MATCHER.compare(&MATCHER.analyse(a), &MATCHER.analyse(b));
        let shared = got
            .shared
            .map(|id| MATCHER.lexicon().concept(id).label.as_str());
        assert_eq!(shared, Some(label));
    }

    #[test]
    fn an_unresolved_ambiguous_word_is_weak() {
        let bare = MATCHER.analyse("bass");
        assert!(bare.concepts().all(|(_, w)| w < 0.5), "{bare:?}");
        assert!(score("bass", "bass guitar") > 0.0);
        assert!(score("bass", "bass guitar") < score("bass guitar", "bassist"));
    }

    #[rstest]
    #[case::empty("")]
    #[case::only_stop_words("and the of")]
    #[case::only_symbols("🦀 … !!!")]
    fn text_with_nothing_to_match_is_like_nothing(#[case] text: &str) {
        assert!(MATCHER.analyse(text).is_empty());
        assert_eq!(score(text, "running"), 0.0);
        assert_eq!(score(text, text), 0.0);
    }

    #[test]
    fn a_script_the_lexicon_does_not_cover_is_compared_word_by_word() {
        assert_eq!(score("学习 中文", "学习 中文"), 1.0);
        assert_eq!(score("学习 中文", "running"), 0.0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn similarity_is_symmetric_and_in_the_unit_interval(a in "\\PC{0,40}", b in "\\PC{0,40}") {
            let ab = score(&a, &b);
            let ba = score(&b, &a);
            prop_assert!((0.0..=1.0).contains(&ab), "{ab}");
            prop_assert!((ab - ba).abs() < 1e-6, "{ab} vs {ba}");
        }

        #[test]
        fn similarity_never_panics_on_arbitrary_unicode(a in any::<String>(), b in "(run|bass|бігати|python|go|the|ß|ǅ| )*") {
            let got = score(&a, &b);
            prop_assert!((0.0..=1.0).contains(&got));
        }

        #[test]
        fn a_phrase_with_content_is_fully_like_itself(a in "[a-z]{4,9}( [a-z]{4,9}){0,3}") {
            let phrase = MATCHER.analyse(&a);
            prop_assume!(!phrase.is_empty());
            let got = MATCHER.compare(&phrase, &phrase).score;
            prop_assert!((got - 1.0).abs() < 1e-5, "{got}");
        }
    }
}
