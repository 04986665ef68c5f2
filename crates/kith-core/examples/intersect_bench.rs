//! The intersection engine at scale, against brute force in the same run.
//!
//! Generates a seeded network: `--people` people (100,000), of whom 10% have 1–3 facts and
//! `--heavy` (2,000) have 12–30, the user ("me") among the heavy ones; facts are short phrases
//! from a bank of everyday topics (English and Ukrainian) in the framings people use for each
//! kind, with a fifth of them on topics no lexicon knows. Then it times:
//!
//! - building the index;
//! - me ↔ everyone (`ranked`), warm, against comparing my facts with every fact;
//! - intro suggestions among everyone but me (`intros`, 10 per person), and their recall@10
//!   against brute force (every pair of facts) on a sample of `--sample` (5,000) people with
//!   facts, the engine run on the same sample;
//! - a random-coffee round (`pairs`) for the heavy people as one circle;
//! - a `who` question.
//!
//! ```sh
//! cargo run --release -p kith-core --example intersect_bench
//! cargo run --release -p kith-core --example intersect_bench -- --people 20000 --sample 2000
//! ```

use std::collections::HashSet;
use std::time::Instant;

use kith_core::intersect::{Index, IntroLimits, Pair, Settings, top_per_person};
use kith_core::meaning::Matcher;
use kith_core::{Fact, FactId, FactKind, FactSource, FactText, PersonId};

/// Everyday topics, as a noun phrase people put into a fact.
const TOPICS: &[&str] = &[
    "starting a company",
    "a startup",
    "my own business",
    "running",
    "a half marathon",
    "the marathon",
    "trail running",
    "cycling",
    "swimming",
    "triathlon",
    "rock climbing",
    "bouldering",
    "hiking in the Carpathians",
    "sailing",
    "surfing",
    "skiing",
    "yoga",
    "the gym",
    "losing weight",
    "football",
    "tennis",
    "chess",
    "board games",
    "poker",
    "Spanish",
    "German",
    "English",
    "Mandarin",
    "Japanese",
    "French",
    "Python",
    "Rust",
    "Go",
    "Java",
    "machine learning",
    "data science",
    "web development",
    "iOS apps",
    "DevOps",
    "cybersecurity",
    "product management",
    "UX design",
    "marketing",
    "sales",
    "public speaking",
    "leadership",
    "managing a team",
    "negotiation",
    "investing",
    "index funds",
    "crypto",
    "buying a flat",
    "personal finance",
    "photography",
    "watercolour painting",
    "drawing",
    "pottery",
    "woodworking",
    "knitting",
    "guitar",
    "piano",
    "singing in a choir",
    "DJing",
    "writing a novel",
    "poetry",
    "podcasting",
    "film making",
    "theatre",
    "stand-up comedy",
    "cooking",
    "sourdough baking",
    "coffee",
    "wine tasting",
    "craft beer",
    "gardening",
    "beekeeping",
    "birdwatching",
    "dogs",
    "cats",
    "fishing",
    "camping",
    "travel in Asia",
    "moving to Berlin",
    "living abroad",
    "parenting",
    "having a baby",
    "getting married",
    "meditation",
    "therapy",
    "sleep",
    "quitting smoking",
    "volunteering",
    "fundraising for the army",
    "climate action",
    "reading",
    "history",
    "astronomy",
    "psychology",
    "philosophy",
    "an MBA",
    "a PhD",
    "teaching",
    "mentoring",
    "freelancing",
    "remote work",
    "burnout",
    "a career change",
    "a new job",
    "my promotion",
    "angel investing",
    "raising a seed round",
    "біг",
    "англійська",
    "йога",
    "фотографія",
    "стартап",
    "гітара",
    "риболовля",
    "подорожі",
];

/// Topics no lexicon knows (made-up or rare), to give the word index its share of work.
const RARE: &[&str] = &[
    "zorbing",
    "quilling",
    "geocaching",
    "hurling",
    "kendama",
    "shibari knots",
    "lomography",
    "bonspiel curling",
    "sepak takraw",
    "tatting lace",
    "bookbinding",
    "kintsugi",
    "falconry",
    "taxidermy",
    "lockpicking",
    "whittling spoons",
    "axe throwing",
    "mead brewing",
    "dowsing",
    "pysanky eggs",
    "bandura repair",
    "trampolining",
    "metal detecting",
    "genealogy of Volyn",
];

/// How people frame each kind of fact; `{}` is the topic.
fn framings(kind: FactKind) -> &'static [&'static str] {
    match kind {
        FactKind::Goal => &[
            "get into {} this year",
            "{}",
            "finally take {} seriously",
            "хочу {}",
        ],
        FactKind::Plan => &[
            "{} next spring",
            "signed up for {}",
            "plan to start {} in autumn",
        ],
        FactKind::Interest => &["{}", "really into {}", "{} nerd"],
        FactKind::Relax => &["{} at weekends", "{} in the evenings", "unwinds with {}"],
        FactKind::Time => &["works on {}", "{} most days", "full time in {}"],
        FactKind::Growth => &["learning {}", "getting better at {}", "course on {}"],
        FactKind::Offer => &[
            "can teach {}",
            "happy to help with {}",
            "knows a lot about {}",
        ],
        FactKind::Want => &[
            "wants to learn {}",
            "looking for help with {}",
            "tips on {}",
        ],
        FactKind::Origin | FactKind::Note => &["{}"],
    }
}

const KINDS: [FactKind; 8] = [
    FactKind::Goal,
    FactKind::Plan,
    FactKind::Interest,
    FactKind::Relax,
    FactKind::Time,
    FactKind::Growth,
    FactKind::Offer,
    FactKind::Want,
];

struct Options {
    people: i64,
    heavy: i64,
    sample: usize,
}

fn options() -> Options {
    let mut options = Options {
        people: 100_000,
        heavy: 2_000,
        sample: 5_000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse::<i64>().ok());
        match (arg.as_str(), value) {
            ("--people", Some(v)) => options.people = v,
            ("--heavy", Some(v)) => options.heavy = v,
            ("--sample", Some(v)) => options.sample = usize::try_from(v).unwrap_or(0),
            _ => {
                eprintln!("usage: intersect_bench [--people N] [--heavy N] [--sample N]");
                std::process::exit(2);
            }
        }
    }
    options
}

fn network(options: &Options) -> Vec<Fact> {
    let mut rng = fastrand::Rng::with_seed(2026);
    let at = jiff::Timestamp::from_second(1_760_000_000).expect("a valid time");
    let mut facts = Vec::new();
    let mut next_id = 1;
    for person in 1..=options.people {
        let count = if person <= options.heavy {
            rng.usize(12..=30)
        } else if rng.u8(..10) == 0 {
            rng.usize(1..=3)
        } else {
            0
        };
        for _ in 0..count {
            let kind = KINDS[rng.usize(..KINDS.len())];
            let topic = if rng.u8(..5) == 0 {
                RARE[rng.usize(..RARE.len())]
            } else {
                TOPICS[rng.usize(..TOPICS.len())]
            };
            let frames = framings(kind);
            let text = frames[rng.usize(..frames.len())].replace("{}", topic);
            facts.push(Fact {
                id: FactId(next_id),
                person: PersonId(person),
                kind,
                text: FactText::parse(&text).expect("generated facts are valid"),
                private: rng.u8(..10) == 0,
                source: FactSource::Told,
                recorded: at,
                confirmed: at,
            });
            next_id += 1;
        }
    }
    facts
}

fn main() {
    let options = options();
    let me = PersonId(1);
    let started = Instant::now();
    let facts = network(&options);
    let people_with_facts: Vec<PersonId> = {
        let mut seen: Vec<PersonId> = facts.iter().map(|f| f.person).collect();
        seen.dedup();
        seen
    };
    println!(
        "network: {} people, {} with facts, {} facts (generated in {:.2?})",
        options.people,
        people_with_facts.len(),
        facts.len(),
        started.elapsed()
    );
    let matcher = Matcher::default();

    let started = Instant::now();
    let index = Index::new(&matcher, None, Settings::default(), &facts);
    println!("index: {} facts in {:.2?}", index.len(), started.elapsed());

    // me ↔ everyone, warm (a first run, then the timed one).
    let _ = index.ranked(me, 50);
    let started = Instant::now();
    let ranked = index.ranked(me, usize::MAX);
    let engine_time = started.elapsed();
    let started = Instant::now();
    let brute = brute_force_ranked(&index, me, &people_with_facts);
    let brute_time = started.elapsed();
    let engine_people: HashSet<PersonId> = ranked.iter().map(|p| p.b).collect();
    let brute_people: HashSet<PersonId> = brute.into_iter().collect();
    println!(
        "me ↔ everyone: {} people in {:.2?}; brute force {:.2?} ({:.1}x); same people: {}",
        ranked.len(),
        engine_time,
        brute_time,
        brute_time.as_secs_f64() / engine_time.as_secs_f64(),
        engine_people == brute_people
    );

    // Intros among everyone but me.
    let everyone: Vec<PersonId> = (2..=options.people).map(PersonId).collect();
    let limits = IntroLimits {
        per_person: 10,
        total: usize::MAX,
    };
    let started = Instant::now();
    let intros = index.intros(&everyone, limits);
    println!(
        "intros: {} suggestions among {} people in {:.2?}",
        intros.len(),
        everyone.len(),
        started.elapsed()
    );

    // Recall@10 against brute force on a sample of people with facts.
    let mut rng = fastrand::Rng::with_seed(7);
    let mut sample: Vec<PersonId> = people_with_facts
        .iter()
        .copied()
        .filter(|&p| p != me)
        .collect();
    rng.shuffle(&mut sample);
    sample.truncate(options.sample);
    sample.sort();
    let sample_facts: Vec<Fact> = {
        let wanted: HashSet<PersonId> = sample.iter().copied().collect();
        facts
            .iter()
            .filter(|f| wanted.contains(&f.person))
            .cloned()
            .collect()
    };
    let sample_index = Index::new(&matcher, None, Settings::default(), &sample_facts);
    let started = Instant::now();
    let engine = sample_index.intros(&sample, limits);
    let engine_time = started.elapsed();
    let started = Instant::now();
    let exact = brute_force_intros(&sample_index, &sample_facts, limits);
    let brute_time = started.elapsed();
    let (hits, total) = recall(&engine, &exact);
    println!(
        "intros on a {}-person sample ({} facts): engine {:.2?}, brute force {:.2?} ({:.1}x); \
         recall@10 {:.3} ({hits}/{total})",
        sample.len(),
        sample_facts.len(),
        engine_time,
        brute_time,
        brute_time.as_secs_f64() / engine_time.as_secs_f64(),
        f64::from(hits) / f64::from(total.max(1)),
    );

    let circle: Vec<PersonId> = (1..=options.heavy).map(PersonId).collect();
    let started = Instant::now();
    let round = index.pairs(&circle, &[], 1);
    let paired_score: f32 = round.groups.iter().map(|g| g.score).sum();
    println!(
        "pairs: {}-person circle in {:.2?}: {} groups, {} with an intersection, total score {:.1}",
        circle.len(),
        started.elapsed(),
        round.groups.len(),
        round
            .groups
            .iter()
            .filter(|g| !g.intersections.is_empty())
            .count(),
        paired_score
    );

    let started = Instant::now();
    let answers = index.who("who is learning to sail?", 20);
    println!(
        "who: {} answers in {:.2?}",
        answers.len(),
        started.elapsed()
    );
}

/// Everyone who shares an intersection with `me`, by comparing each of my facts with every
/// other person's facts.
fn brute_force_ranked(index: &Index<'_>, me: PersonId, people: &[PersonId]) -> Vec<PersonId> {
    people
        .iter()
        .copied()
        .filter(|&p| p != me && !index.between(me, p).is_empty())
        .collect()
}

/// The intro suggestions by brute force: every pair of facts compared, pairs with a
/// goal-level intersection scored on all their intersections, then the engine's own rule for
/// which to keep.
fn brute_force_intros(index: &Index<'_>, facts: &[Fact], limits: IntroLimits) -> Vec<Pair> {
    let mut goal_pairs: HashSet<(PersonId, PersonId)> = HashSet::new();
    for (i, x) in facts.iter().enumerate() {
        for y in &facts[i + 1..] {
            if x.person == y.person {
                continue;
            }
            let pair = if x.person < y.person {
                (x.person, y.person)
            } else {
                (y.person, x.person)
            };
            if goal_pairs.contains(&pair) {
                continue;
            }
            if index
                .fact_intersection(x.id, y.id)
                .is_some_and(|hit| hit.kind.is_goal_level())
            {
                goal_pairs.insert(pair);
            }
        }
    }
    let pairs = goal_pairs
        .into_iter()
        .map(|(a, b)| {
            let intersections = index.between(a, b);
            Pair {
                a,
                b,
                score: Index::pair_score(&intersections),
                intersections,
            }
        })
        .collect();
    top_per_person(pairs, limits)
}

/// How many of the exact suggestions the engine also makes.
fn recall(engine: &[Pair], exact: &[Pair]) -> (u32, u32) {
    let made: HashSet<(PersonId, PersonId)> = engine.iter().map(|p| (p.a, p.b)).collect();
    let total = u32::try_from(exact.len()).unwrap_or(u32::MAX);
    let hits = exact.iter().filter(|p| made.contains(&(p.a, p.b))).count();
    (u32::try_from(hits).unwrap_or(u32::MAX), total)
}
