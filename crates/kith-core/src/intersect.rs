//! The intersection engine: where two people's facts meet, how strongly, and how to say so.
//!
//! An [`Index`] is built once over everyone's facts ("me" included): each fact is analysed by
//! the lexical tier (and embedded, when a semantic model is given) and filed in an inverted
//! index under its concepts, their broader concepts, and its words. Every question is then
//! answered from candidates the index proposes, never by comparing all facts with all facts
//! (a `who` question with a model reads every fact's vector: one question is cheap):
//!
//! - [`Index::between`]: the intersections of two people (me ↔ one person, or any two);
//! - [`Index::ranked`]: one person ↔ everyone, people ranked by [`Index::pair_score`];
//! - [`Index::intros`]: pairs among N people worth introducing (at least one goal-level
//!   intersection, never interests alone), with [`Index::draft_intro`] for the double opt-in
//!   message to each side;
//! - [`Index::pairs`]: a random-coffee round for a circle, avoiding past pairs;
//! - [`Index::who`]: a free-text question against all facts.
//!
//! Which facts meet as which [`Kind`] is decided by their fact kinds (see [`Kind::of`]); how
//! alike they are is the lexical tier's [`Matcher::compare`], or with a model the mean of that
//! and the semantic tier's cosine ([`Settings::combine`]). Below [`Index::threshold`] nothing
//! is an intersection.
//!
//! Privacy: private facts take part in matching, but an explanation is written for a
//! [`Reader`], and quotes or names only what that reader may see: the user sees everything;
//! anyone else sees their own facts, and others' that are neither private nor guesses. An intersection resting on a
//! fact the reader may not see is not explained to them at all (naming the shared concept
//! would already reveal it).
//!
//! The engine is pure and deterministic: the same facts (in any order) and the same seed
//! give the same answers. A score depends only on the two facts compared (no statistics of
//! the whole network), so a cache of intersections per pair of people stays valid until one
//! of the two people's facts changes: refresh those people's rows with [`Index::ranked`]
//! (or [`Index::between`]) and nothing else.
//!
//! How the interfaces use it (the store loads the facts, the CLI prints):
//!
//! ```text
//! let index = Index::new(&matcher, model.as_deref(), Settings::default(), &facts);
//! kith intersections PERSON   → index.between(me, person), each explained for Reader::Me(me)
//! kith intersections          → index.ranked(me, limit)
//! kith intersections --between A B → index.between(a, b)
//! kith intros suggest         → index.intros(&everyone_but_me, limits), and for each pair
//!                               index.draft_intro(&pair, pair.a, my_name, &first_name), and b
//! kith pairs CIRCLE           → index.pairs(&members, &past_pairs, seed)
//! kith who QUERY              → index.who(query, limit)
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::meaning::lexical::{Feature, Key};
use crate::meaning::{ConceptId, Embed, Matcher, Phrase, Similarity};
use crate::{Fact, FactId, FactKind, FactSource, PersonId};

/// What kind of intersection two facts make, from most to least weighty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Both work towards the same thing (goal or plan ~ goal or plan).
    SharedGoal,
    /// One can help the other: an offer (or a growth area, or what they spend their time on)
    /// meets a want.
    LearnFrom,
    /// Both invest in the same skill or field (growth ~ growth; also want ~ want, and growth ~
    /// goal or plan).
    SharedGrowth,
    /// Interests, ways to relax and how they spend their time, in common.
    CommonGround,
}

impl Kind {
    /// Every kind, weightiest first.
    pub const ALL: [Self; 4] = [
        Self::SharedGoal,
        Self::LearnFrom,
        Self::SharedGrowth,
        Self::CommonGround,
    ];

    /// The name in the command-line contract and JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SharedGoal => "shared_goal",
            Self::LearnFrom => "learn_from",
            Self::SharedGrowth => "shared_growth",
            Self::CommonGround => "common_ground",
        }
    }

    /// How much an intersection of this kind counts towards a pair's score: shared goals
    /// most, common ground least.
    #[must_use]
    pub fn weight(self) -> f32 {
        match self {
            Self::SharedGoal => 1.0,
            Self::LearnFrom => 0.9,
            Self::SharedGrowth => 0.7,
            Self::CommonGround => 0.4,
        }
    }

    /// Whether it is goal-level: what an intro must rest on.
    #[must_use]
    pub fn is_goal_level(self) -> bool {
        matches!(self, Self::SharedGoal | Self::LearnFrom)
    }

    /// The kind two facts make, with who helps whom for [`Kind::LearnFrom`] and a factor for
    /// weaker evidence (a growth area or a job is not quite an offer to teach). `None` for
    /// kinds that do not meet (an origin, a note, an offer next to a goal).
    #[must_use]
    pub fn of(a: FactKind, b: FactKind) -> Option<(Self, Option<Direction>, f32)> {
        use FactKind::{Goal, Growth, Interest, Offer, Plan, Relax, Time, Want};
        let aim = |k| matches!(k, Goal | Plan);
        let ground = |k| matches!(k, Interest | Relax | Time);
        let helper = |k| match k {
            Offer => Some(1.0),
            Growth | Time => Some(0.8),
            _ => None,
        };
        Some(match (a, b) {
            (x, y) if aim(x) && aim(y) => (Self::SharedGoal, None, 1.0),
            (x, Want) if helper(x).is_some() => {
                (Self::LearnFrom, Some(Direction::AHelpsB), helper(x)?)
            }
            (Want, y) if helper(y).is_some() => {
                (Self::LearnFrom, Some(Direction::BHelpsA), helper(y)?)
            }
            (Growth, Growth) | (Want, Want) => (Self::SharedGrowth, None, 1.0),
            (Growth, y) | (y, Growth) if aim(y) => (Self::SharedGrowth, None, 0.8),
            (x, y) if ground(x) && ground(y) => (Self::CommonGround, None, 1.0),
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Who helps whom in a [`Kind::LearnFrom`] intersection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Side `a` can help side `b`.
    AHelpsB,
    /// Side `b` can help side `a`.
    BHelpsA,
}

/// One side of an intersection: a person and the fact of theirs it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Side {
    /// The person.
    pub person: PersonId,
    /// Their fact.
    pub fact: FactId,
}

/// Where two people's facts meet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intersection {
    /// What kind of intersection it is.
    pub kind: Kind,
    /// How strong, in [0, 1]: the facts' similarity times the kinds' factor.
    pub score: f32,
    /// The first person (as asked) and their fact.
    pub a: Side,
    /// The second person and their fact.
    pub b: Side,
    /// For [`Kind::LearnFrom`], who helps whom.
    pub direction: Option<Direction>,
    /// The concept both facts meet at, when there is one (explanations name it).
    pub shared: Option<ConceptId>,
}

impl Intersection {
    /// The person who can help, for [`Kind::LearnFrom`].
    #[must_use]
    pub fn helper(&self) -> Option<PersonId> {
        match self.direction? {
            Direction::AHelpsB => Some(self.a.person),
            Direction::BHelpsA => Some(self.b.person),
        }
    }

    /// The same intersection seen from the other side.
    #[must_use]
    pub fn flipped(self) -> Self {
        Self {
            a: self.b,
            b: self.a,
            direction: self.direction.map(|d| match d {
                Direction::AHelpsB => Direction::BHelpsA,
                Direction::BHelpsA => Direction::AHelpsB,
            }),
            ..self
        }
    }
}

/// Two people and everything they have in common, scored as a pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The first person.
    pub a: PersonId,
    /// The second person.
    pub b: PersonId,
    /// How much they have in common, in [0, 1] (see [`Index::pair_score`]).
    pub score: f32,
    /// Their intersections, strongest first; sides in the order `a`, `b`.
    pub intersections: Vec<Intersection>,
}

/// A fact that answers a [`Index::who`] question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    /// Whose fact it is.
    pub person: PersonId,
    /// The fact that answers.
    pub fact: FactId,
    /// How well, in [0, 1].
    pub score: f32,
}

/// Who an explanation is written for, which decides who is "you" and which facts it may
/// quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The user, who knows every fact (they recorded them): every fact may be quoted.
    Me(PersonId),
    /// Someone else (the receiver of an intro draft): their own facts, and others' facts that
    /// are neither private nor the user's guess (a guess is not something to tell anyone
    /// "Olena mentioned"), may be quoted.
    Person(PersonId),
}

impl Reader {
    fn person(self) -> PersonId {
        match self {
            Self::Me(id) | Self::Person(id) => id,
        }
    }

    /// Whether this reader may see a fact of `owner`'s.
    #[must_use]
    pub fn may_see(self, owner: PersonId, private: bool, source: FactSource) -> bool {
        match self {
            Self::Me(_) => true,
            Self::Person(id) => owner == id || !(private || source == FactSource::Guessed),
        }
    }
}

/// A seeded random-coffee round: pairs (and at most one trio), each with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    /// The groups: pairs, and one trio when the circle has an odd count.
    pub groups: Vec<Group>,
}

/// One group of a [`Round`].
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Two people, or three for the odd one out.
    pub members: Vec<PersonId>,
    /// The sum of the members' pair scores.
    pub score: f32,
    /// Their intersections, strongest first (may be empty: then they meet to find some).
    pub intersections: Vec<Intersection>,
}

/// What [`Index::intros`] returns at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntroLimits {
    /// Suggestions per person (each person's best pairs).
    pub per_person: usize,
    /// Suggestions in all, best first.
    pub total: usize,
}

/// The tunable constants of the engine. BENCHMARKS.md has the measurements behind each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// With the lexical tier alone: below this similarity (after the kinds' factor) two facts
    /// are not an intersection. The default, 0.3, is where the lexical tier's precision on the
    /// development set's pairs passes one half, letting 0.56% of its different-meaning pairs
    /// through, while keeping most same-meaning pairs whose words or concepts meet; it sits
    /// just above where two sibling concepts meet (0.29: two languages, two sports of a
    /// family), which count as different intersections.
    pub threshold: f32,
    /// With a sentence model: the same for the combined similarity ([`Settings::combine`]).
    /// The default, 0.25, lets the same share (0.56%) of the development set's
    /// different-meaning pairs through as the lexical threshold does, so the model changes
    /// which pairs pass, not how many false ones; cross-validated over halves of the set's
    /// groups it let 0.55% through.
    pub semantic_threshold: f32,
    /// How much of the cosine counts when the lexicon reads the two facts as about unrelated
    /// things ([`Similarity::senses_differ`]): a sentence model finds "learning bass guitar"
    /// and "bass fishing" alike (0.55) for the word they share, the lexicon knows better.
    /// 0.6 is the middle of the values cross-validation chose (0.4–0.7).
    pub cosine_when_senses_differ: f32,
    /// The most candidate facts one fact is compared with; postings of the rarest keys are
    /// read first, so a fact of very common words or concepts is compared with those that
    /// share its most specific ones.
    pub max_candidates: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            threshold: 0.3,
            semantic_threshold: 0.25,
            cosine_when_senses_differ: 0.6,
            max_candidates: 20_000,
        }
    }
}

impl Settings {
    /// The two tiers' evidence as one similarity in [0, 1]: the mean of the lexical score
    /// and the cosine (negative cosines count as 0), the cosine discounted when the lexicon
    /// reads the facts' senses as different.
    ///
    /// An equal-weight mean: fitting the cosine's weight on half of the development set's
    /// groups (it chose 0.6–0.7) ranked the other half no better (AUC 0.935 either way) and
    /// found their nearest partners slightly worse, and a logistic fit of both weights on the
    /// whole set put them within noise of equal (0.86 : 1). Neither tier is rescaled: a floor
    /// under the cosine threw away the ranking that cosines of 0.1–0.4 carry.
    #[must_use]
    pub fn combine(&self, lexical: Similarity, cosine: f32) -> f32 {
        let factor = if lexical.senses_differ {
            self.cosine_when_senses_differ
        } else {
            1.0
        };
        ((lexical.score + cosine.max(0.0) * factor) / 2.0).clamp(0.0, 1.0)
    }
}

/// One fact as the index keeps it.
#[derive(Debug, Clone)]
struct Entry {
    id: FactId,
    person: PersonId,
    kind: FactKind,
    private: bool,
    source: FactSource,
    text: String,
    phrase: Phrase,
    /// Its text's vector in [`Index::vectors`], when a model takes part.
    vector: Option<u32>,
}

/// Everyone's facts, analysed and indexed. Build once with [`Index::new`]; every question
/// takes `&self`.
pub struct Index<'m> {
    matcher: &'m Matcher,
    embed: Option<&'m dyn Embed>,
    settings: Settings,
    entries: Vec<Entry>,
    /// Each entry's person and kind, apart and dense: the candidate filters read them for
    /// thousands of facts per fact, and whole entries would be read from memory for that.
    owners: Vec<(PersonId, FactKind)>,
    by_person: HashMap<PersonId, Vec<u32>>,
    by_fact: HashMap<FactId, u32>,
    /// Facts by what they name: each concept and content word.
    direct: HashMap<Key, Vec<u32>>,
    /// Facts by the broader concepts of what they name (a half marathon is filed under
    /// running, endurance sport, fitness and sport).
    under: HashMap<ConceptId, Vec<u32>>,
    /// With a model: one vector per distinct fact text, scaled to unit length, so that a
    /// cosine is a dot product and a text many facts share is kept once.
    vectors: Vec<Vec<f32>>,
}

impl fmt::Debug for Index<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("facts", &self.entries.len())
            .field("people", &self.by_person.len())
            .field("keys", &self.direct.len())
            .field("semantic", &self.embed.is_some())
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl<'m> Index<'m> {
    /// Analyses and indexes facts. Origins and notes are kept out: they are never matched.
    /// With `embed`, every distinct fact text is also embedded once and the semantic tier
    /// takes part.
    pub fn new<'f>(
        matcher: &'m Matcher,
        embed: Option<&'m dyn Embed>,
        settings: Settings,
        facts: impl IntoIterator<Item = &'f Fact>,
    ) -> Self {
        let mut index = Self {
            matcher,
            embed,
            settings,
            entries: Vec::new(),
            owners: Vec::new(),
            by_person: HashMap::new(),
            by_fact: HashMap::new(),
            direct: HashMap::new(),
            under: HashMap::new(),
            vectors: Vec::new(),
        };
        let mut facts: Vec<&Fact> = facts
            .into_iter()
            .filter(|f| !matches!(f.kind, FactKind::Origin | FactKind::Note))
            .collect();
        // The order facts come in must not change any answer.
        facts.sort_by_key(|f| f.id);
        facts.dedup_by_key(|f| f.id);
        let mut slots = HashMap::new();
        for fact in facts {
            index.insert(fact, &mut slots);
        }
        for list in index.direct.values_mut() {
            list.shrink_to_fit();
        }
        for list in index.under.values_mut() {
            list.shrink_to_fit();
        }
        index
    }

    fn insert(&mut self, fact: &Fact, slots: &mut HashMap<String, u32>) {
        let Ok(at) = u32::try_from(self.entries.len()) else {
            return;
        };
        let phrase = self.matcher.analyse(fact.text.as_str());
        let (direct, broader) = keys(self.matcher, &phrase);
        for key in direct {
            self.direct.entry(key).or_default().push(at);
        }
        for concept in broader {
            self.under.entry(concept).or_default().push(at);
        }
        let text = fact.text.as_str();
        let vector = self.embed.and_then(|model| match slots.get(text) {
            Some(&slot) => Some(slot),
            None => {
                let slot = u32::try_from(self.vectors.len()).ok()?;
                self.vectors.push(unit(model.embed(text)));
                slots.insert(text.to_owned(), slot);
                Some(slot)
            }
        });
        self.by_person.entry(fact.person).or_default().push(at);
        self.by_fact.insert(fact.id, at);
        self.owners.push((fact.person, fact.kind));
        self.entries.push(Entry {
            id: fact.id,
            person: fact.person,
            kind: fact.kind,
            private: fact.private,
            source: fact.source,
            text: fact.text.as_str().to_owned(),
            phrase,
            vector,
        });
    }

    /// The similarity below which nothing is an intersection: [`Settings::threshold`], or
    /// [`Settings::semantic_threshold`] when a model takes part.
    #[must_use]
    pub fn threshold(&self) -> f32 {
        if self.embed.is_some() {
            self.settings.semantic_threshold
        } else {
            self.settings.threshold
        }
    }

    /// How many facts are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no fact is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A fact's text, if the fact is indexed.
    #[must_use]
    pub fn text(&self, fact: FactId) -> Option<&str> {
        self.by_fact
            .get(&fact)
            .map(|&at| self.entries[at as usize].text.as_str())
    }

    /// How alike two indexed facts are, whatever their kinds: the lexical similarity, or with
    /// a model the two tiers combined ([`Settings::combine`]). With the shared concept.
    fn similarity(&self, x: &Entry, y: &Entry) -> (f32, Option<ConceptId>) {
        self.similarity_of(&x.phrase, self.vector(x), &y.phrase, self.vector(y))
    }

    /// [`Index::similarity`] of two analysed phrases and their unit vectors.
    fn similarity_of(
        &self,
        x: &Phrase,
        u: Option<&[f32]>,
        y: &Phrase,
        v: Option<&[f32]>,
    ) -> (f32, Option<ConceptId>) {
        let lexical = self.matcher.compare(x, y);
        if self.embed.is_none() {
            return (lexical.score, lexical.shared);
        }
        let cosine = match (u, v) {
            (Some(u), Some(v)) if u.len() == v.len() => dot(u, v),
            _ => 0.0,
        };
        (self.settings.combine(lexical, cosine), lexical.shared)
    }

    fn vector(&self, entry: &Entry) -> Option<&[f32]> {
        entry
            .vector
            .map(|slot| self.vectors[slot as usize].as_slice())
    }

    /// How alike two indexed facts are, whatever their kinds and people, in [0, 1]: what the
    /// engine compares with [`Index::threshold`] before the kinds' factor. `None` when either
    /// fact is not indexed.
    #[must_use]
    pub fn fact_similarity(&self, a: FactId, b: FactId) -> Option<f32> {
        let (&x, &y) = (self.by_fact.get(&a)?, self.by_fact.get(&b)?);
        Some(
            self.similarity(&self.entries[x as usize], &self.entries[y as usize])
                .0,
        )
    }

    /// The intersection two facts make, if any (sides in the order given).
    fn intersection(&self, x: u32, y: u32) -> Option<Intersection> {
        let (ex, ey) = (&self.entries[x as usize], &self.entries[y as usize]);
        if ex.person == ey.person {
            return None;
        }
        let (kind, direction, factor) = Kind::of(ex.kind, ey.kind)?;
        let (similarity, shared) = self.similarity(ex, ey);
        let score = similarity * factor;
        (score >= self.threshold()).then_some(Intersection {
            kind,
            score,
            a: Side {
                person: ex.person,
                fact: ex.id,
            },
            b: Side {
                person: ey.person,
                fact: ey.id,
            },
            direction,
            shared,
        })
    }

    /// The posting lists to read for a phrase: facts naming the same concept or content word,
    /// facts naming a narrower concept (filed under this one), facts naming a broader concept,
    /// and with a model the facts under the same broader concepts (siblings, cousins).
    ///
    /// Alone, the lexical tier scores two concepts that are neither the same nor one the
    /// other's ancestor (siblings, cousins) at most `sibling` × `step`² (0.29 by default),
    /// under its threshold: such facts meet only if they share something else, which has its
    /// own list, so without a model siblings are not read and the candidates are complete.
    /// With a model a sibling's 0.29 and a cosine of 0.21 reach the combined threshold, so
    /// every fact related to this one through the hierarchy is read.
    ///
    /// What is never proposed: two facts with nothing in common lexically, which reach the
    /// combined threshold on the cosine alone (0.5 at the default settings, 0.83 when their
    /// senses differ). Finding those is not worth a pass of its own: a cosine of 0.5 is too
    /// close to that of unrelated phrases (0–0.2) for random-hyperplane buckets to single
    /// out without proposing a large share of all facts, and on the development set such
    /// pairs are as often wrong as right. BENCHMARKS.md has the recall this leaves (0.9997
    /// of brute force's intersections on a 10,000-person network) and what buckets cost.
    fn lists(&self, phrase: &Phrase) -> Vec<&[u32]> {
        let (direct, broader) = keys(self.matcher, phrase);
        let mut lists: Vec<&[u32]> = Vec::new();
        for key in &direct {
            if let Some(list) = self.direct.get(key) {
                lists.push(list);
            }
            if let Key::Concept(id) = key
                && let Some(list) = self.under.get(id)
            {
                lists.push(list);
            }
        }
        let lexicon = self.matcher.lexicon();
        for concept in broader {
            if let Some(list) = self.direct.get(&Key::Concept(concept)) {
                lists.push(list);
            }
            // Meeting only at a domain counts nothing, so a domain's facts are not read.
            if self.embed.is_some()
                && !lexicon.is_domain(concept)
                && let Some(list) = self.under.get(&concept)
            {
                lists.push(list);
            }
        }
        lists
    }

    /// The facts the index proposes for comparison with fact `at` (see [`Index::lists`]),
    /// those `keep` accepts, each once. The shortest lists are read first and at most
    /// [`Settings::max_candidates`] are returned.
    fn candidates(&self, at: u32, keep: impl Fn(u32) -> bool) -> Vec<u32> {
        let entry = &self.entries[at as usize];
        let mut lists = self.lists(&entry.phrase);
        lists.sort_by_key(|list| list.len());
        // A bit per fact: cheaper than hashing when lists run to thousands.
        let mut seen = vec![0_u64; self.entries.len().div_ceil(64)];
        let mut out = Vec::new();
        'lists: for list in lists {
            for &other in list {
                let (word, bit) = (other as usize / 64, 1_u64 << (other % 64));
                if other == at || seen[word] & bit != 0 {
                    continue;
                }
                seen[word] |= bit;
                if keep(other) {
                    out.push(other);
                    if out.len() >= self.settings.max_candidates {
                        break 'lists;
                    }
                }
            }
        }
        out
    }

    /// Which facts belong to one of `people`, by entry.
    fn facts_of(&self, people: &[PersonId]) -> Vec<bool> {
        let mut listed = vec![false; self.entries.len()];
        for person in people {
            for &at in self.by_person.get(person).map_or(&[][..], Vec::as_slice) {
                listed[at as usize] = true;
            }
        }
        listed
    }

    /// Every intersection between two people, strongest first, sides in the order `a`, `b`.
    /// Empty when either has no facts or nothing meets.
    #[must_use]
    pub fn between(&self, a: PersonId, b: PersonId) -> Vec<Intersection> {
        let (Some(xs), Some(ys)) = (self.by_person.get(&a), self.by_person.get(&b)) else {
            return Vec::new();
        };
        let mut out: Vec<Intersection> = if a == b {
            Vec::new()
        } else {
            xs.iter()
                .flat_map(|&x| ys.iter().filter_map(move |&y| self.intersection(x, y)))
                .collect()
        };
        sort_intersections(&mut out);
        out
    }

    /// How much two people have in common, from their intersections, in [0, 1): each counts
    /// its score times its kind's weight; the strongest counts most and each next one less
    /// (×0.7), combined as independent evidence: 1 − Π(1 − 0.6·wᵢ·sᵢ·0.7ⁱ), strongest first.
    /// One perfect shared goal scores 0.6; more and stronger intersections approach 1 without
    /// reaching it, so people with many facts still rank apart.
    #[must_use]
    pub fn pair_score(intersections: &[Intersection]) -> f32 {
        let mut values: Vec<f32> = intersections
            .iter()
            .map(|x| x.kind.weight() * x.score)
            .collect();
        combine(&mut values)
    }

    /// One person ↔ everyone: the people with at least one intersection, best pair first (ties
    /// by person id), at most `limit`.
    #[must_use]
    pub fn ranked(&self, person: PersonId, limit: usize) -> Vec<Pair> {
        let Some(own) = self.by_person.get(&person) else {
            return Vec::new();
        };
        let mut found: HashMap<PersonId, Vec<Intersection>> = HashMap::new();
        for &x in own {
            for y in self.candidates(x, |y| self.owners[y as usize].0 != person) {
                if let Some(hit) = self.intersection(x, y) {
                    found.entry(hit.b.person).or_default().push(hit);
                }
            }
        }
        let mut pairs: Vec<Pair> = found
            .into_iter()
            .map(|(other, mut intersections)| {
                sort_intersections(&mut intersections);
                Pair {
                    a: person,
                    b: other,
                    score: Self::pair_score(&intersections),
                    intersections,
                }
            })
            .collect();
        sort_pairs(&mut pairs);
        pairs.truncate(limit);
        pairs
    }

    /// Pairs of people worth introducing to each other: every pair among `people` (others
    /// are left out, as is whoever is not listed, e.g. the user) with at least one goal-level
    /// intersection. Pairs are scored on all their intersections, goal-level or not; see
    /// [`top_per_person`] for which are kept.
    ///
    /// Each person's facts are compared only with the candidates the index proposes (facts
    /// sharing a concept, a broader, narrower or (with a model) sibling concept, or a content
    /// word), so the work grows with how much people share, not with the square of the
    /// network; with the lexical tier at the default settings the candidates miss no
    /// intersection, with a model only those resting on the cosine alone (the candidate
    /// lists a fact is filed under say which).
    #[must_use]
    pub fn intros(&self, people: &[PersonId], limits: IntroLimits) -> Vec<Pair> {
        let allowed: HashSet<PersonId> = people.iter().copied().collect();
        let mut people_sorted: Vec<PersonId> = allowed.iter().copied().collect();
        people_sorted.sort();
        let listed = self.facts_of(&people_sorted);
        // Each person's best partners, from candidates: every intersection found counts
        // towards the pair's score, and the pair qualifies if one is goal-level.
        let mut kept: HashSet<(PersonId, PersonId)> = HashSet::new();
        for &person in &people_sorted {
            let Some(own) = self.by_person.get(&person) else {
                continue;
            };
            let mut found: HashMap<PersonId, (Vec<f32>, bool)> = HashMap::new();
            for &x in own {
                let kind = self.entries[x as usize].kind;
                let candidates = self.candidates(x, |y| {
                    let (owner, other) = self.owners[y as usize];
                    listed[y as usize] && owner != person && Kind::of(kind, other).is_some()
                });
                for y in candidates {
                    if let Some(hit) = self.intersection(x, y) {
                        let entry = found.entry(hit.b.person).or_default();
                        entry.0.push(hit.kind.weight() * hit.score);
                        entry.1 |= hit.kind.is_goal_level();
                    }
                }
            }
            let mut best: Vec<(f32, (PersonId, PersonId))> = found
                .into_iter()
                .filter(|(_, (_, goal))| *goal)
                .map(|(other, (mut values, _))| (combine(&mut values), ordered(person, other)))
                .collect();
            best.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            kept.extend(
                best.into_iter()
                    .take(limits.per_person)
                    .map(|(_, pair)| pair),
            );
        }
        let pairs: Vec<Pair> = kept
            .into_iter()
            .map(|(a, b)| {
                let intersections = self.between(a, b);
                Pair {
                    a,
                    b,
                    score: Self::pair_score(&intersections),
                    intersections,
                }
            })
            .collect();
        top_per_person(pairs, limits)
    }

    /// The intersection two indexed facts make, if any (sides in the order given): what a
    /// cache keyed by pairs of facts would hold.
    #[must_use]
    pub fn fact_intersection(&self, a: FactId, b: FactId) -> Option<Intersection> {
        let (&x, &y) = (self.by_fact.get(&a)?, self.by_fact.get(&b)?);
        self.intersection(x, y)
    }

    /// Free-text search: the facts that answer `query` ("who is learning to sail?"), each
    /// person's best fact only, best first, at most `limit`. An empty query, or one that
    /// shares nothing with any fact, answers nothing.
    #[must_use]
    pub fn who(&self, query: &str, limit: usize) -> Vec<Answer> {
        let phrase = self.matcher.analyse(query);
        if phrase.is_empty() {
            return Vec::new();
        }
        // With a model every fact is read: an answer may share no word with the question
        // (half the threshold is a cosine of 0.25), and one question costs one dot product
        // per distinct text.
        let vector = self.embed.map(|model| unit(model.embed(query)));
        let candidates: Vec<u32> = match &vector {
            Some(_) => (0..self.entries.len() as u32).collect(),
            None => {
                let mut seen = HashSet::new();
                self.lists(&phrase)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|&at| seen.insert(at))
                    .collect()
            }
        };
        let mut best: HashMap<PersonId, Answer> = HashMap::new();
        for at in candidates {
            let entry = &self.entries[at as usize];
            // Ranked by how much of the question the fact answers, then (a little) by how
            // closely it sticks to it.
            let (similarity, _) = self.similarity_of(
                &phrase,
                vector.as_deref(),
                &entry.phrase,
                self.vector(entry),
            );
            let covered = self.matcher.covers(&phrase, &entry.phrase);
            let score = (0.8 * covered + 0.2 * similarity).max(similarity);
            // A question is short and its framing is stripped: half the intersection
            // threshold is enough to be an answer.
            if score < self.threshold() / 2.0 {
                continue;
            }
            let answer = Answer {
                person: entry.person,
                fact: entry.id,
                score,
            };
            best.entry(entry.person)
                .and_modify(|old| {
                    if (score, std::cmp::Reverse(entry.id))
                        > (old.score, std::cmp::Reverse(old.fact))
                    {
                        *old = answer;
                    }
                })
                .or_insert(answer);
        }
        let mut answers: Vec<Answer> = best.into_values().collect();
        answers.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(x.person.cmp(&y.person))
                .then(x.fact.cmp(&y.fact))
        });
        answers.truncate(limit);
        answers
    }

    /// A random-coffee round for a circle: pairs that together have as many and as strong
    /// intersections as possible, never a pair from `past` (unless a member has no one else
    /// left to meet), one trio when the count is odd. Deterministic for a `seed`.
    ///
    /// The matching is greedy on pair scores (best pair first, ties broken by the seed), which
    /// is at worst half the maximum-weight matching's total, then improved by swapping partners
    /// between two pairs while that raises the total (a bounded number of passes); it stays
    /// fast on thousands of members, where an exact blossom matching would not be worth its
    /// code. Members without any intersection are paired at random among themselves.
    #[must_use]
    pub fn pairs(&self, circle: &[PersonId], past: &[(PersonId, PersonId)], seed: u64) -> Round {
        let mut members: Vec<PersonId> = circle.to_vec();
        members.sort();
        members.dedup();
        let position: HashMap<PersonId, usize> =
            members.iter().enumerate().map(|(i, &p)| (p, i)).collect();
        let past: HashSet<(PersonId, PersonId)> =
            past.iter().map(|&(a, b)| ordered(a, b)).collect();
        let scores = self.circle_scores(&members);
        let score = |a: PersonId, b: PersonId| scores.get(&ordered(a, b)).copied().unwrap_or(0.0);
        // A past pair is worth far less than any new one, so it is chosen only when a member
        // has no one new left to meet.
        let value = |a: PersonId, b: PersonId| {
            if past.contains(&ordered(a, b)) {
                REPEAT
            } else {
                score(a, b)
            }
        };
        let mut rng = fastrand::Rng::with_seed(seed);
        // Greedy: best-scoring new pairs first; the seed breaks ties.
        let mut edges: Vec<(f32, u64, PersonId, PersonId)> = scores
            .iter()
            .filter(|(pair, _)| !past.contains(pair))
            .map(|(&(a, b), s)| (*s, 0, a, b))
            .collect();
        edges.sort_by_key(|x| (x.2, x.3));
        for edge in &mut edges {
            edge.1 = rng.u64(..);
        }
        edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut partner: HashMap<PersonId, PersonId> = HashMap::new();
        for (_, _, a, b) in edges {
            if !partner.contains_key(&a) && !partner.contains_key(&b) {
                partner.insert(a, b);
                partner.insert(b, a);
            }
        }
        // The rest meet at random; swaps below undo repeats where they can.
        let mut rest: Vec<PersonId> = members
            .iter()
            .copied()
            .filter(|p| !partner.contains_key(p))
            .collect();
        rng.shuffle(&mut rest);
        let odd = if rest.len() % 2 == 1 {
            rest.pop()
        } else {
            None
        };
        let mut pairs: Vec<(PersonId, PersonId)> = partner
            .iter()
            .filter(|(a, b)| a < b)
            .map(|(&a, &b)| (a, b))
            .chain(rest.chunks(2).map(|two| ordered(two[0], two[1])))
            .collect();
        pairs.sort();
        // The swaps look values up tens of millions of times: by member position, from a
        // dense table while it stays small (16 MB for 2,000 members), from the maps beyond.
        let n = members.len();
        let dense: Option<Vec<f32>> = (n <= 4_000).then(|| {
            let mut table = vec![0.0_f32; n * n];
            for (&(a, b), &s) in &scores {
                let (i, j) = (position[&a], position[&b]);
                table[i * n + j] = s;
                table[j * n + i] = s;
            }
            for &(a, b) in &past {
                if let (Some(&i), Some(&j)) = (position.get(&a), position.get(&b)) {
                    table[i * n + j] = REPEAT;
                    table[j * n + i] = REPEAT;
                }
            }
            table
        });
        let by_position = |i: usize, j: usize| match &dense {
            Some(table) => table[i * n + j],
            None => value(members[i], members[j]),
        };
        let mut at: Vec<(usize, usize)> = pairs
            .iter()
            .map(|(a, b)| (position[a], position[b]))
            .collect();
        improve_by_swaps(&mut at, &by_position);
        let mut pairs: Vec<(PersonId, PersonId)> = at
            .into_iter()
            .map(|(i, j)| ordered(members[i], members[j]))
            .collect();
        pairs.sort();
        let mut groups: Vec<Vec<PersonId>> = pairs.into_iter().map(|(a, b)| vec![a, b]).collect();
        if let Some(odd) = odd {
            // The odd one joins the pair they add most to (and that they have not all met).
            let best = groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    let fresh = g.iter().all(|&m| !past.contains(&ordered(m, odd)));
                    let gain: f32 = g.iter().map(|&m| score(m, odd)).sum();
                    (fresh, gain, std::cmp::Reverse(i))
                })
                .max_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)))
                .map(|(_, _, std::cmp::Reverse(i))| i);
            match best {
                Some(i) => groups[i].push(odd),
                None => groups.push(vec![odd]),
            }
        }
        let mut groups: Vec<Group> = groups
            .into_iter()
            .map(|mut members| {
                members.sort();
                let mut intersections = Vec::new();
                let mut total = 0.0;
                for (i, &a) in members.iter().enumerate() {
                    for &b in &members[i + 1..] {
                        total += score(a, b);
                        intersections.extend(self.between(a, b));
                    }
                }
                sort_intersections(&mut intersections);
                Group {
                    members,
                    score: total,
                    intersections,
                }
            })
            .collect();
        groups.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.members.cmp(&y.members)));
        Round { groups }
    }

    /// Pair scores among a circle's members, from candidates only (pairs with nothing in
    /// common are absent). Only the scores are kept: a large circle has millions of pairs
    /// with something in common, and only the chosen ones are explained.
    fn circle_scores(&self, members: &[PersonId]) -> HashMap<(PersonId, PersonId), f32> {
        let mut scores = HashMap::new();
        let listed = self.facts_of(members);
        for &person in members {
            let Some(own) = self.by_person.get(&person) else {
                continue;
            };
            let mut found: HashMap<PersonId, Vec<f32>> = HashMap::new();
            for &x in own {
                let kind = self.entries[x as usize].kind;
                for y in self.candidates(x, |y| {
                    let (owner, other) = self.owners[y as usize];
                    listed[y as usize] && owner > person && Kind::of(kind, other).is_some()
                }) {
                    if let Some(hit) = self.intersection(x, y) {
                        found
                            .entry(hit.b.person)
                            .or_default()
                            .push(hit.kind.weight() * hit.score);
                    }
                }
            }
            for (other, mut values) in found {
                scores.insert((person, other), combine(&mut values));
            }
        }
        scores
    }

    /// One intersection in plain English for `reader`, naming the shared concept when there is
    /// one and quoting both facts; `None` when the reader may not see one of the facts (or a
    /// fact is not in the index). `name` gives a person's name as the reader knows them.
    #[must_use]
    pub fn explain(
        &self,
        x: &Intersection,
        reader: Reader,
        name: &dyn Fn(PersonId) -> String,
    ) -> Option<String> {
        let ea = &self.entries[*self.by_fact.get(&x.a.fact)? as usize];
        let eb = &self.entries[*self.by_fact.get(&x.b.fact)? as usize];
        if !reader.may_see(ea.person, ea.private, ea.source)
            || !reader.may_see(eb.person, eb.private, eb.source)
        {
            return None;
        }
        // The helper first in learn-from; otherwise "you" first when the reader is one of
        // the two.
        let (first, second) = match x.helper() {
            Some(helper) if helper == eb.person => (eb, ea),
            Some(_) => (ea, eb),
            None if eb.person == reader.person() => (eb, ea),
            None => (ea, eb),
        };
        let who = |e: &Entry| {
            if e.person == reader.person() {
                "you".to_owned()
            } else {
                name(e.person)
            }
        };
        // The user wrote every fact down; anyone else hears what each person mentioned.
        let verb = match reader {
            Reader::Me(_) => "wrote",
            Reader::Person(_) => "mentioned",
        };
        let wrote = |e: &Entry| format!("{} {verb} “{}”", who(e), quote(&e.text));
        let label = x
            .shared
            .map(|id| self.matcher.lexicon().concept(id).label.clone());
        let both = if first.person == reader.person() {
            format!("You and {}", name(second.person))
        } else {
            format!("{} and {}", name(first.person), name(second.person))
        };
        let both_are = if first.person == reader.person() {
            "You are both".to_owned()
        } else {
            format!("{both} are both")
        };
        let headline = match x.kind {
            Kind::SharedGoal => format!(
                "{both_are} working towards {}",
                label.as_deref().unwrap_or("something alike")
            ),
            Kind::SharedGrowth => format!(
                "{both_are} growing in {}",
                label.as_deref().unwrap_or("something alike")
            ),
            Kind::CommonGround => match &label {
                Some(label) => format!("{both} have {label} in common"),
                None => format!("{both} have something in common"),
            },
            Kind::LearnFrom => {
                let helper_name = capitalise(&who(first));
                let learner_name = who(second);
                match &label {
                    Some(label) => format!("{helper_name} can help {learner_name} with {label}"),
                    None => format!("{helper_name} may be able to help {learner_name}"),
                }
            }
        };
        // Sentence case: "You have …", but "Olena and Taras have …" unchanged.
        Some(format!(
            "{}: {}, {}.",
            capitalise(&headline),
            wrote(first),
            wrote(second)
        ))
    }

    /// A double opt-in intro message to `to` about the other person of `pair`: what they have
    /// in common, in the words `to` may see, and the question. English. `name` gives first
    /// names; `me` signs it.
    #[must_use]
    pub fn draft_intro(
        &self,
        pair: &Pair,
        to: PersonId,
        me: &str,
        name: &dyn Fn(PersonId) -> String,
    ) -> String {
        let other = if pair.a == to { pair.b } else { pair.a };
        let reasons: Vec<String> = pair
            .intersections
            .iter()
            .filter_map(|x| self.explain(x, Reader::Person(to), name))
            .take(3)
            .collect();
        let why = if reasons.is_empty() {
            "I think you two would have a lot to talk about.".to_owned()
        } else {
            reasons.join(" ")
        };
        format!(
            "Hi {to_name}, I'd like to introduce you to {other_name}. {why} Would you like me \
             to connect you? I'm asking {other_name} too, and will only introduce you if you \
             both say yes.\n{me}",
            to_name = name(to),
            other_name = name(other),
        )
    }
}

/// Weighted intersection values combined into a pair score (see [`Index::pair_score`]).
fn combine(values: &mut [f32]) -> f32 {
    values.sort_by(|a, b| b.total_cmp(a));
    let mut missing = 1.0_f32;
    let mut share = 0.6_f32;
    for value in values.iter() {
        missing *= 1.0 - share * value;
        share *= 0.7;
    }
    (1.0 - missing).clamp(0.0, 1.0)
}

/// Keeps each person's best `per_person` pairs (a pair stays if it is among the best of either
/// of its two people) and returns the best `total` of those, best first; ties by person ids.
#[must_use]
pub fn top_per_person(mut pairs: Vec<Pair>, limits: IntroLimits) -> Vec<Pair> {
    sort_pairs(&mut pairs);
    let mut seen: HashMap<PersonId, usize> = HashMap::new();
    let mut keep = vec![false; pairs.len()];
    for (at, pair) in pairs.iter().enumerate() {
        for person in [pair.a, pair.b] {
            let count = seen.entry(person).or_default();
            if *count < limits.per_person {
                keep[at] = true;
            }
            *count += 1;
        }
    }
    pairs
        .into_iter()
        .zip(keep)
        .filter_map(|(pair, keep)| keep.then_some(pair))
        .take(limits.total)
        .collect()
}

/// What a phrase names (its concepts and words), and the broader concepts of its concepts.
fn keys(matcher: &Matcher, phrase: &Phrase) -> (Vec<Key>, Vec<ConceptId>) {
    let mut direct = Vec::new();
    let mut broader = Vec::new();
    for feature in phrase.features() {
        let Feature { key, .. } = *feature;
        match key {
            Key::Concept(id) => {
                direct.push(key);
                broader.extend(
                    matcher
                        .lexicon()
                        .ancestors(id)
                        .iter()
                        .skip(1)
                        .map(|&(ancestor, _)| ancestor),
                );
            }
            Key::Word(_) => direct.push(key),
        }
    }
    direct.sort();
    direct.dedup();
    broader.sort();
    broader.dedup();
    (direct, broader)
}

fn ordered(a: PersonId, b: PersonId) -> (PersonId, PersonId) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Strongest first; ties by kind weight, then fact ids, so the order never depends on input
/// order.
fn sort_intersections(list: &mut [Intersection]) {
    list.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.kind.cmp(&y.kind))
            .then(x.a.fact.cmp(&y.a.fact))
            .then(x.b.fact.cmp(&y.b.fact))
    });
}

fn sort_pairs(list: &mut [Pair]) {
    list.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
}

/// What a repeated pair is worth in a round: less than any number of new pairs.
const REPEAT: f32 = -1000.0;

/// Swaps partners between two pairs ({a,b},{c,d} → {a,c},{b,d} or {a,d},{b,c}) while that
/// raises the total value (which also undoes repeats), until no swap helps or after a bounded
/// number of passes.
fn improve_by_swaps(pairs: &mut [(usize, usize)], value: &dyn Fn(usize, usize) -> f32) {
    for _ in 0..8 {
        let mut improved = false;
        for i in 0..pairs.len() {
            for j in i + 1..pairs.len() {
                let ((a, b), (c, d)) = (pairs[i], pairs[j]);
                let now = value(a, b) + value(c, d);
                for ((p, q), (r, s)) in [((a, c), (b, d)), ((a, d), (b, c))] {
                    if value(p, q) + value(r, s) > now + 1e-6 {
                        pairs[i] = (p, q);
                        pairs[j] = (r, s);
                        improved = true;
                        break;
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// A vector scaled to unit length (an all-zero vector stays as it is: like nothing).
fn unit(mut vector: Vec<f32>) -> Vec<f32> {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut vector {
            *x /= norm;
        }
    }
    vector
}

/// The dot product of two vectors of equal length: their cosine when both have unit length.
/// Eight running sums, so that the compiler keeps them in vector registers.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut sums = [0.0_f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for k in 0..8 {
            sums[k] += x[k] * y[k];
        }
    }
    (sums.iter().sum::<f32>() + tail).clamp(-1.0, 1.0)
}

/// A fact as quoted in an explanation: on one line, at most 120 characters.
fn quote(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 120 {
        line
    } else {
        let mut cut: String = line.chars().take(119).collect();
        cut.push('…');
        cut
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FactText;
    use rstest::rstest;
    use std::sync::LazyLock;

    static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::default);

    const ME: PersonId = PersonId(1);
    const OLENA: PersonId = PersonId(2);
    const TARAS: PersonId = PersonId(3);
    const IRYNA: PersonId = PersonId(4);

    fn name(person: PersonId) -> String {
        match person.0 {
            1 => "Me".into(),
            2 => "Olena".into(),
            3 => "Taras".into(),
            4 => "Iryna".into(),
            n => format!("Person {n}"),
        }
    }

    fn fact(id: i64, person: PersonId, kind: FactKind, text: &str) -> Fact {
        let at = jiff::Timestamp::from_second(1_700_000_000).expect("valid");
        Fact {
            id: FactId(id),
            person,
            kind,
            text: FactText::parse(text).expect("valid fact"),
            private: false,
            source: FactSource::Told,
            recorded: at,
            confirmed: at,
        }
    }

    fn private(mut fact: Fact) -> Fact {
        fact.private = true;
        fact
    }

    fn index(facts: &[Fact]) -> Index<'static> {
        Index::new(&MATCHER, None, Settings::default(), facts)
    }

    #[rstest]
    #[case::goal_and_plan(FactKind::Goal, FactKind::Plan, Some(Kind::SharedGoal), None)]
    #[case::offer_and_want(
        FactKind::Offer,
        FactKind::Want,
        Some(Kind::LearnFrom),
        Some(Direction::AHelpsB)
    )]
    #[case::want_and_offer(
        FactKind::Want,
        FactKind::Offer,
        Some(Kind::LearnFrom),
        Some(Direction::BHelpsA)
    )]
    #[case::growth_and_want(
        FactKind::Growth,
        FactKind::Want,
        Some(Kind::LearnFrom),
        Some(Direction::AHelpsB)
    )]
    #[case::growth_and_growth(FactKind::Growth, FactKind::Growth, Some(Kind::SharedGrowth), None)]
    #[case::interest_and_relax(FactKind::Interest, FactKind::Relax, Some(Kind::CommonGround), None)]
    #[case::offer_and_goal(FactKind::Offer, FactKind::Goal, None, None)]
    #[case::origins_never_meet(FactKind::Origin, FactKind::Origin, None, None)]
    #[case::notes_never_meet(FactKind::Note, FactKind::Goal, None, None)]
    fn fact_kinds_decide_the_kind_of_intersection(
        #[case] a: FactKind,
        #[case] b: FactKind,
        #[case] kind: Option<Kind>,
        #[case] direction: Option<Direction>,
    ) {
        let got = Kind::of(a, b);
        assert_eq!(got.map(|(k, _, _)| k), kind);
        assert_eq!(got.and_then(|(_, d, _)| d), direction);
    }

    #[test]
    fn a_shared_goal_is_found_and_explained_with_both_facts() {
        let facts = [
            fact(10, ME, FactKind::Goal, "start my own company"),
            fact(20, OLENA, FactKind::Plan, "launch a startup next year"),
        ];
        let index = index(&facts);
        let found = index.between(ME, OLENA);
        assert_eq!(found.len(), 1, "{found:?}");
        let x = found[0];
        assert_eq!(x.kind, Kind::SharedGoal);
        assert_eq!((x.a.fact, x.b.fact), (FactId(10), FactId(20)));
        assert!(x.score > 0.9 && x.score <= 1.0, "{}", x.score);
        assert_eq!(
            index.explain(&x, Reader::Me(ME), &name).as_deref(),
            Some(
                "You are both working towards starting a company: you wrote “start my own \
                 company”, Olena wrote “launch a startup next year”."
            )
        );
    }

    #[rstest]
    #[case::olena_helps_me(
        fact(10, ME, FactKind::Want, "want to learn Spanish"),
        fact(20, OLENA, FactKind::Offer, "native Spanish speaker, happy to help"),
        OLENA,
        "Olena can help you with Spanish: Olena wrote “native Spanish speaker, happy to help”, \
         you wrote “want to learn Spanish”."
    )]
    #[case::i_help_olena(
        fact(10, ME, FactKind::Offer, "can mentor first-time founders"),
        fact(
            20,
            OLENA,
            FactKind::Want,
            "looking for advice on launching my startup"
        ),
        ME,
        "You can help Olena with starting a company: you wrote “can mentor first-time \
         founders”, Olena wrote “looking for advice on launching my startup”."
    )]
    fn learn_from_says_who_helps_whom(
        #[case] mine: Fact,
        #[case] hers: Fact,
        #[case] helper: PersonId,
        #[case] explanation: &str,
    ) {
        let index = index(&[mine, hers]);
        for (a, b) in [(ME, OLENA), (OLENA, ME)] {
            let found = index.between(a, b);
            let x = found.first().expect("an intersection");
            assert_eq!(x.kind, Kind::LearnFrom);
            assert_eq!(x.helper(), Some(helper), "asked {a} then {b}");
            assert_eq!(
                index.explain(x, Reader::Me(ME), &name).as_deref(),
                Some(explanation)
            );
        }
    }

    #[rstest]
    #[case::shared_growth(
        FactKind::Growth,
        "learning Rust",
        FactKind::Growth,
        "getting into systems programming",
        Kind::SharedGrowth,
        "You are both growing in systems programming"
    )]
    #[case::common_ground(
        FactKind::Relax,
        "running on Sunday mornings",
        FactKind::Interest,
        "half marathon training",
        Kind::CommonGround,
        "You and Olena have running in common"
    )]
    fn growth_and_common_ground_are_found(
        #[case] my_kind: FactKind,
        #[case] mine: &str,
        #[case] her_kind: FactKind,
        #[case] hers: &str,
        #[case] kind: Kind,
        #[case] headline: &str,
    ) {
        let index = index(&[fact(10, ME, my_kind, mine), fact(20, OLENA, her_kind, hers)]);
        let found = index.between(ME, OLENA);
        let x = found.first().expect("an intersection");
        assert_eq!(x.kind, kind);
        let text = index.explain(x, Reader::Me(ME), &name).expect("explained");
        assert!(text.starts_with(headline), "{text}");
    }

    #[test]
    fn unrelated_facts_make_no_intersection() {
        let index = index(&[
            fact(10, ME, FactKind::Goal, "run a marathon"),
            fact(
                20,
                OLENA,
                FactKind::Goal,
                "running a company with 40 people",
            ),
            fact(21, OLENA, FactKind::Interest, "knitting"),
        ]);
        assert!(index.between(ME, OLENA).is_empty());
        assert!(index.ranked(ME, 10).is_empty());
    }

    #[test]
    fn a_person_without_facts_has_no_intersections() {
        let index = index(&[fact(10, ME, FactKind::Goal, "run a marathon")]);
        assert!(index.between(ME, OLENA).is_empty());
        assert!(index.ranked(OLENA, 10).is_empty());
        assert!(
            index.pairs(&[OLENA, TARAS], &[], 1).groups[0]
                .intersections
                .is_empty()
        );
    }

    #[test]
    fn everyone_is_ranked_by_what_they_share_with_me() {
        let index = index(&[
            fact(10, ME, FactKind::Goal, "start my own company"),
            fact(11, ME, FactKind::Relax, "climbing at the bouldering gym"),
            fact(20, OLENA, FactKind::Plan, "launch a startup next year"),
            fact(21, OLENA, FactKind::Interest, "bouldering"),
            fact(30, TARAS, FactKind::Interest, "rock climbing"),
            fact(40, IRYNA, FactKind::Interest, "watercolour painting"),
        ]);
        let ranked = index.ranked(ME, 10);
        let people: Vec<PersonId> = ranked.iter().map(|p| p.b).collect();
        assert_eq!(people, [OLENA, TARAS]);
        assert_eq!(ranked[0].intersections.len(), 2);
        assert!(ranked[0].score > ranked[1].score);
        assert_eq!(index.ranked(ME, 1).len(), 1);
    }

    #[test]
    fn private_facts_match_but_are_explained_only_to_who_may_see_them() {
        let facts = [
            private(fact(
                20,
                OLENA,
                FactKind::Goal,
                "leave my job to start a company",
            )),
            fact(30, TARAS, FactKind::Plan, "launch a startup next year"),
        ];
        let index = index(&facts);
        let x = *index
            .between(OLENA, TARAS)
            .first()
            .expect("private facts match");
        assert!(index.explain(&x, Reader::Me(ME), &name).is_some());
        assert!(
            index.explain(&x, Reader::Person(OLENA), &name).is_some(),
            "her own fact"
        );
        assert_eq!(index.explain(&x, Reader::Person(TARAS), &name), None);
        assert_eq!(index.explain(&x, Reader::Person(IRYNA), &name), None);
    }

    #[test]
    fn an_intro_draft_quotes_only_what_its_reader_may_see() {
        let facts = [
            private(fact(
                20,
                OLENA,
                FactKind::Goal,
                "leave my job to start a company",
            )),
            fact(21, OLENA, FactKind::Offer, "can teach you Python"),
            fact(30, TARAS, FactKind::Plan, "launch a startup next year"),
            fact(31, TARAS, FactKind::Want, "learn Python"),
        ];
        let index = index(&facts);
        let intros = index.intros(
            &[OLENA, TARAS],
            IntroLimits {
                per_person: 10,
                total: 10,
            },
        );
        let pair = intros.first().expect("a goal-level pair");
        let to_taras = index.draft_intro(pair, TARAS, "Me", &name);
        assert!(!to_taras.contains("leave my job"), "{to_taras}");
        assert!(!to_taras.contains("starting a company"), "{to_taras}");
        assert!(
            to_taras.contains(
                "Olena can help you with Python: Olena mentioned “can teach you Python”, you \
                 mentioned “learn Python”."
            ),
            "{to_taras}"
        );
        assert!(to_taras.starts_with("Hi Taras, I'd like to introduce you to Olena."));
        assert!(to_taras.contains("only introduce you if you both say yes"));
        let to_olena = index.draft_intro(pair, OLENA, "Me", &name);
        assert!(
            to_olena.contains("leave my job"),
            "her own fact: {to_olena}"
        );
    }

    #[test]
    fn a_guess_is_never_quoted_to_anyone_but_the_user() {
        let mut guess = fact(20, OLENA, FactKind::Goal, "start a company");
        guess.source = FactSource::Guessed;
        let index = index(&[guess, fact(30, TARAS, FactKind::Goal, "launch a startup")]);
        let x = *index.between(OLENA, TARAS).first().expect("guesses match");
        assert!(index.explain(&x, Reader::Me(ME), &name).is_some());
        assert_eq!(index.explain(&x, Reader::Person(TARAS), &name), None);
    }

    #[test]
    fn a_draft_without_anything_to_quote_still_asks() {
        let facts = [
            private(fact(20, OLENA, FactKind::Goal, "start a company")),
            private(fact(30, TARAS, FactKind::Goal, "launch a startup")),
        ];
        let index = index(&facts);
        let intros = index.intros(
            &[OLENA, TARAS],
            IntroLimits {
                per_person: 1,
                total: 1,
            },
        );
        let draft = index.draft_intro(&intros[0], IRYNA, "Me", &name);
        assert!(draft.contains("a lot to talk about"), "{draft}");
        assert!(
            !draft.contains("company") && !draft.contains("startup"),
            "{draft}"
        );
    }

    #[test]
    fn interest_only_pairs_are_never_suggested_as_intros() {
        let index = index(&[
            fact(20, OLENA, FactKind::Interest, "rock climbing"),
            fact(30, TARAS, FactKind::Relax, "bouldering on weekends"),
            fact(31, TARAS, FactKind::Goal, "run a marathon"),
            fact(
                40,
                IRYNA,
                FactKind::Plan,
                "doing my first marathon in autumn",
            ),
        ]);
        assert!(
            !index.between(OLENA, TARAS).is_empty(),
            "they do share an interest"
        );
        let intros = index.intros(
            &[OLENA, TARAS, IRYNA],
            IntroLimits {
                per_person: 5,
                total: 10,
            },
        );
        let pairs: Vec<(PersonId, PersonId)> = intros.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(pairs, [(TARAS, IRYNA)]);
    }

    #[test]
    fn intros_leave_out_people_not_listed() {
        let index = index(&[
            fact(10, ME, FactKind::Goal, "run a marathon"),
            fact(30, TARAS, FactKind::Goal, "run a marathon"),
        ]);
        assert!(
            index
                .intros(
                    &[TARAS],
                    IntroLimits {
                        per_person: 5,
                        total: 5
                    }
                )
                .is_empty()
        );
    }

    #[test]
    fn who_finds_the_fact_that_answers_a_question() {
        let index = index(&[
            fact(
                20,
                OLENA,
                FactKind::Growth,
                "taking sailing lessons on the Dnipro",
            ),
            fact(21, OLENA, FactKind::Interest, "board games"),
            fact(30, TARAS, FactKind::Interest, "yachts and regattas"),
            fact(40, IRYNA, FactKind::Goal, "learn to code"),
        ]);
        let answers = index.who("who do I know who is learning to sail?", 10);
        let mut got: Vec<(PersonId, FactId)> = answers.iter().map(|a| (a.person, a.fact)).collect();
        got.sort();
        assert_eq!(
            got,
            [(OLENA, FactId(20)), (TARAS, FactId(30))],
            "{answers:?}"
        );
        assert!(answers.iter().all(|a| a.score > 0.5), "{answers:?}");
    }

    #[rstest]
    #[case::empty("")]
    #[case::only_stop_words("who is it?")]
    #[case::uncovered_script("谁在学习航海")]
    fn who_answers_nothing_to_a_question_it_cannot_read(#[case] query: &str) {
        let index = index(&[fact(20, OLENA, FactKind::Growth, "sailing lessons")]);
        assert!(index.who(query, 10).is_empty());
    }

    fn circle_facts() -> Vec<Fact> {
        let topics = [
            "start a company",
            "run a marathon",
            "learn Spanish",
            "write a novel",
        ];
        (0..9)
            .map(|n| {
                let topic = topics[n % topics.len()];
                fact(
                    100 + n as i64,
                    PersonId(10 + n as i64),
                    FactKind::Goal,
                    topic,
                )
            })
            .collect()
    }

    #[test]
    fn a_round_pairs_people_who_share_goals_and_puts_the_odd_one_in_a_trio() {
        let facts = circle_facts();
        let index = index(&facts);
        let circle: Vec<PersonId> = (10..19).map(PersonId).collect();
        let round = index.pairs(&circle, &[], 7);
        let mut seen: Vec<PersonId> = round
            .groups
            .iter()
            .flat_map(|g| g.members.clone())
            .collect();
        seen.sort();
        assert_eq!(seen, circle, "everyone exactly once");
        let sizes: Vec<usize> = round.groups.iter().map(|g| g.members.len()).collect();
        assert_eq!(sizes.iter().filter(|&&s| s == 3).count(), 1, "{sizes:?}");
        assert!(sizes.iter().all(|&s| s == 2 || s == 3));
        // People 10, 14, 18 all want to start a company; 11 and 15 run marathons.
        let together = |a: i64, b: i64| {
            round
                .groups
                .iter()
                .any(|g| g.members.contains(&PersonId(a)) && g.members.contains(&PersonId(b)))
        };
        assert!(
            together(11, 15) && together(12, 16) && together(13, 17),
            "{round:?}"
        );
    }

    #[test]
    fn a_round_never_repeats_a_past_pair() {
        let facts = circle_facts();
        let index = index(&facts);
        let circle: Vec<PersonId> = (10..18).map(PersonId).collect();
        let first = index.pairs(&circle, &[], 1);
        let past: Vec<(PersonId, PersonId)> = first
            .groups
            .iter()
            .map(|g| (g.members[0], g.members[1]))
            .collect();
        let second = index.pairs(&circle, &past, 1);
        for group in &second.groups {
            let pair = ordered(group.members[0], group.members[1]);
            assert!(!past.contains(&pair), "{pair:?} again");
        }
    }

    #[test]
    fn a_round_is_the_same_for_the_same_seed_and_input_order() {
        let facts = circle_facts();
        let circle: Vec<PersonId> = (10..19).map(PersonId).collect();
        let forward = index(&facts).pairs(&circle, &[], 42);
        let mut reversed_facts = facts.clone();
        reversed_facts.reverse();
        let mut reversed_circle = circle.clone();
        reversed_circle.reverse();
        let backward = index(&reversed_facts).pairs(&reversed_circle, &[], 42);
        assert_eq!(forward, backward);
    }

    /// A stand-in model: a fixed vector per phrase (orthogonal unless listed as alike).
    struct Table;

    impl Embed for Table {
        fn embed(&self, text: &str) -> Vec<f32> {
            match text {
                "tend two beehives" => vec![1.0, 0.1, 0.0, 0.0, 0.0],
                "harvest my own honey" => vec![0.95, 0.2, 0.05, 0.0, 0.0],
                "who keeps bees?" => vec![0.9, 0.0, 0.1, 0.0, 0.0],
                "learning Java" => vec![0.0, 0.0, 1.0, 0.0, 0.0],
                "learning Rust" => vec![0.0, 0.0, 0.9, 0.1, 0.0],
                // A cosine of 0.55 with "learning bass guitar", as the real model has it.
                "learning bass guitar" => vec![0.0, 0.0, 0.0, 1.0, 0.0],
                "bass fishing trips" => vec![0.0, 0.0, 0.0, 0.55, 0.835],
                _ => vec![0.0, 0.0, 0.0, 0.0, 1.0],
            }
        }
    }

    #[rstest]
    #[case::both_tiers_sure(1.0, false, 1.0, 1.0)]
    #[case::the_mean_of_the_two(0.4, false, 0.2, 0.3)]
    #[case::a_negative_cosine_counts_as_nothing(0.4, false, -0.3, 0.2)]
    #[case::differing_senses_discount_the_cosine(0.0, true, 0.5, 0.15)]
    fn the_two_tiers_are_combined_as_their_mean(
        #[case] lexical: f32,
        #[case] senses_differ: bool,
        #[case] cosine: f32,
        #[case] combined: f32,
    ) {
        let lexical = Similarity {
            score: lexical,
            shared: None,
            senses_differ,
        };
        let got = Settings::default().combine(lexical, cosine);
        assert!((got - combined).abs() < 1e-6, "{got}");
    }

    #[test]
    fn a_semantic_model_finds_what_shares_no_word_or_concept() {
        let facts = [
            fact(20, OLENA, FactKind::Goal, "tend two beehives"),
            fact(30, TARAS, FactKind::Plan, "harvest my own honey"),
            fact(40, IRYNA, FactKind::Goal, "run a marathon"),
        ];
        let lexical = Index::new(&MATCHER, None, Settings::default(), &facts);
        assert!(
            lexical.between(OLENA, TARAS).is_empty(),
            "no word in common"
        );
        let model = Table;
        let semantic = Index::new(&MATCHER, Some(&model), Settings::default(), &facts);
        let found = semantic.between(OLENA, TARAS);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, Kind::SharedGoal);
        let answers = semantic.who("who keeps bees?", 10);
        assert_eq!(
            answers.first().map(|a| a.person),
            Some(OLENA),
            "{answers:?}"
        );
        let explained = semantic
            .explain(&found[0], Reader::Me(ME), &name)
            .expect("explained");
        assert!(
            explained.starts_with("Olena and Taras are both working towards something alike"),
            "{explained}"
        );
    }

    #[test]
    fn siblings_the_model_finds_alike_are_proposed_as_candidates() {
        let facts = [
            fact(20, OLENA, FactKind::Growth, "learning Java"),
            fact(30, TARAS, FactKind::Growth, "learning Rust"),
        ];
        assert!(
            index(&facts).between(OLENA, TARAS).is_empty(),
            "two languages are siblings, under the lexical threshold"
        );
        let model = Table;
        let semantic = Index::new(&MATCHER, Some(&model), Settings::default(), &facts);
        let ranked = semantic.ranked(OLENA, 10);
        assert_eq!(ranked.iter().map(|p| p.b).collect::<Vec<_>>(), [TARAS]);
        assert_eq!(ranked[0].intersections[0].kind, Kind::SharedGrowth);
    }

    #[test]
    fn a_shared_word_the_lexicon_reads_in_two_senses_does_not_meet() {
        let facts = [
            fact(20, OLENA, FactKind::Growth, "learning bass guitar"),
            fact(30, TARAS, FactKind::Growth, "bass fishing trips"),
        ];
        let model = Table;
        let semantic = Index::new(&MATCHER, Some(&model), Settings::default(), &facts);
        assert!(semantic.between(OLENA, TARAS).is_empty());
        let similarity = semantic
            .fact_similarity(FactId(20), FactId(30))
            .expect("both indexed");
        assert!(
            similarity < semantic.threshold(),
            "the cosine of 0.55 counts at 0.6: {similarity}"
        );
    }

    #[test]
    fn each_person_keeps_their_best_pairs_and_no_more() {
        let pair = |a: i64, b: i64, score: f32| Pair {
            a: PersonId(a),
            b: PersonId(b),
            score,
            intersections: Vec::new(),
        };
        let pairs = vec![
            pair(1, 2, 0.9),
            pair(1, 3, 0.8),
            pair(2, 3, 0.7),
            pair(3, 4, 0.1),
        ];
        let kept = top_per_person(
            pairs,
            IntroLimits {
                per_person: 1,
                total: 10,
            },
        );
        let got: Vec<(i64, i64)> = kept.iter().map(|p| (p.a.0, p.b.0)).collect();
        // 1 and 2 keep 1–2; 3's best is 1–3; 4's only pair is 3–4; 2–3 is nobody's best.
        assert_eq!(got, [(1, 2), (1, 3), (3, 4)]);
        let capped = top_per_person(
            kept,
            IntroLimits {
                per_person: 1,
                total: 2,
            },
        );
        assert_eq!(capped.len(), 2);
    }

    #[test]
    fn origins_and_notes_are_not_matched() {
        let index = index(&[
            fact(10, ME, FactKind::Origin, "met at the Kyiv marathon"),
            fact(20, OLENA, FactKind::Note, "ran the Kyiv marathon"),
            fact(21, OLENA, FactKind::Goal, "run a marathon"),
        ]);
        assert_eq!(index.len(), 1);
        assert!(index.between(ME, OLENA).is_empty());
        assert_eq!(index.text(FactId(21)), Some("run a marathon"));
        assert_eq!(index.text(FactId(10)), None);
    }

    #[test]
    fn pair_scores_weigh_shared_goals_most() {
        let x = |kind| Intersection {
            kind,
            score: 0.8,
            a: Side {
                person: ME,
                fact: FactId(1),
            },
            b: Side {
                person: OLENA,
                fact: FactId(2),
            },
            direction: None,
            shared: None,
        };
        let goal = Index::pair_score(&[x(Kind::SharedGoal)]);
        let ground = Index::pair_score(&[x(Kind::CommonGround)]);
        let both = Index::pair_score(&[x(Kind::SharedGoal), x(Kind::CommonGround)]);
        assert!(both > goal && goal > ground, "{both} {goal} {ground}");
        assert!(both <= 1.0);
    }
}
