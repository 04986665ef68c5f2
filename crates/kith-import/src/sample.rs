//! The built-in sample network: a made-up but believable contact list that `kith demo` loads and
//! the benchmarks scale up. It owns the phrase and name lists and the rules that combine them:
//! who is a stranger, who belongs to which circle, what is known about whom and when the last
//! chat was. The network is generated lazily and deterministically from a seed, one person at a
//! time, so a hundred thousand people cost no more memory than one.

use std::iter::FusedIterator;

use fastrand::Rng;
use jiff::{SignedDuration, Timestamp};
use kith_core::FactKind::{
    self, Goal, Growth, Interest, Note, Offer, Origin, Plan, Relax, Time, Want,
};
use kith_core::{
    CircleName, FactSource, FactText, IdentityKind, Interaction, Membership, Name, NewFact,
    NewIdentity, NewPerson, Role, Source,
};

/// A sample network: how many people, from which seed, as seen at which moment.
///
/// The same seed, size and moment always give the same people in the same order, and person
/// *i* does not depend on the size, so a larger network extends a smaller one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    seed: u64,
    people: usize,
    now: Timestamp,
}

impl Sample {
    /// The size of the demo network: a few hundred people, like a real contact list.
    pub const DEFAULT_PEOPLE: usize = 300;

    /// The circles the sample's people belong to: a workplace, a university, a conference and
    /// a city.
    pub const CIRCLES: [&'static str; 4] = [WORK, UNIVERSITY, CONFERENCE, CITY];

    /// A network of `people` people generated from `seed`, with every interaction ending no
    /// later than `now`.
    pub fn new(seed: u64, people: usize, now: Timestamp) -> Self {
        Self { seed, people, now }
    }

    /// The user's own name and what they know about themselves: goals, interests, growth,
    /// offers and wants, chosen to intersect with some of the people.
    ///
    /// They do not depend on the seed, so a demo's tour can speak about them.
    pub fn me(&self) -> (Name, Vec<NewFact>) {
        let name = Name::parse(ME).expect("the sample's own name is valid");
        let facts = ME_FACTS
            .iter()
            .map(|&(kind, text, private)| NewFact {
                kind,
                text: FactText::parse(text).expect("the sample's own facts are valid"),
                private,
                source: FactSource::Told,
            })
            .collect();
        (name, facts)
    }

    /// The people, generated lazily, one at a time.
    pub fn people(&self) -> People {
        People {
            seed: self.seed,
            now: self.now,
            next: 0,
            end: self.people,
        }
    }
}

/// The people of a [`Sample`], made one at a time as they are asked for.
#[derive(Debug, Clone)]
pub struct People {
    seed: u64,
    now: Timestamp,
    next: usize,
    end: usize,
}

impl Iterator for People {
    type Item = NewPerson;

    fn next(&mut self) -> Option<NewPerson> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next += 1;
        Some(person(self.seed, self.now, index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.end - self.next;
        (left, Some(left))
    }

    // Each person is made from their index alone, so skipping ahead costs nothing.
    fn nth(&mut self, n: usize) -> Option<NewPerson> {
        self.next = self.next.saturating_add(n).min(self.end);
        self.next()
    }
}

impl ExactSizeIterator for People {}

impl FusedIterator for People {}

const WORK: &str = "Acme Robotics";
const UNIVERSITY: &str = "Kyiv Polytechnic";
const CONFERENCE: &str = "RustConf 2023";
const CITY: &str = "Lisbon";

/// The index of the user's manager at work, so that every network of three or more people has
/// one (the demo prompts "you never asked your manager about their goals").
const MANAGER: usize = 2;

const DAY: i64 = 24 * 60 * 60;
const WEEK: i64 = 7 * DAY;
const YEAR: i64 = 365 * DAY + DAY / 4;

/// Where a person's name suggests they are from, which shapes their phone number and circles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Roots {
    Ukrainian,
    Portuguese,
    Elsewhere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Circle {
    Work,
    University,
    Conference,
    City,
}

impl Circle {
    fn name(self) -> &'static str {
        match self {
            Self::Work => WORK,
            Self::University => UNIVERSITY,
            Self::Conference => CONFERENCE,
            Self::City => CITY,
        }
    }
}

/// Person `index` of the network generated from `seed`.
fn person(seed: u64, now: Timestamp, index: usize) -> NewPerson {
    // One generator per person, seeded from the index, so that person i is the same whatever
    // the size of the network and whatever came before them.
    let mut rng = Rng::with_seed(mix(seed ^ mix(index as u64)));
    let (name, roots) = name(&mut rng);
    let source = weighted(&mut rng, PERSON_SOURCES);
    let circles = circles(&mut rng, index, roots);
    let stranger = rng.f64() < if circles.is_empty() { 0.52 } else { 0.22 };
    let identities = identities(&mut rng, index, &name, roots, &circles, source);
    let facts = if stranger {
        Vec::new()
    } else {
        facts(&mut rng, &circles, source)
    };
    let interactions = interactions(&mut rng, now, stranger, source);
    NewPerson {
        name,
        source: Source::parse(source).expect("sample sources are valid source names"),
        identities,
        circles: circles
            .into_iter()
            .map(|(circle, role)| Membership {
                circle: CircleName::parse(circle.name()).expect("sample circles are valid"),
                role: role.map(|role| Role::parse(role).expect("sample roles are valid")),
            })
            .collect(),
        facts,
        interactions,
    }
}

/// SplitMix64's finaliser: spreads neighbouring seeds and indices far apart.
fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

fn weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|&(_, weight)| weight).sum();
    let mut roll = rng.u32(..total);
    for &(item, weight) in items {
        if roll < weight {
            return item;
        }
        roll -= weight;
    }
    items[items.len() - 1].0
}

fn name(rng: &mut Rng) -> (Name, Roots) {
    let (text, roots) = match rng.u32(..100) {
        0..17 => (ukrainian_name(rng), Roots::Ukrainian),
        17..21 => (latin_name(rng, &UKRAINIAN_LATIN), Roots::Ukrainian),
        21..23 => (pick(rng, FULL_NAMES).to_owned(), Roots::Elsewhere),
        23..31 => {
            let names = pick(rng, ACCENTED);
            (latin_name(rng, names), names.roots)
        }
        _ => (latin_name(rng, &INTERNATIONAL), Roots::Elsewhere),
    };
    (Name::parse(&text).expect("sample names are valid"), roots)
}

fn ukrainian_name(rng: &mut Rng) -> String {
    let female = rng.bool();
    let first = pick(rng, if female { UA_FEMALE } else { UA_MALE });
    // Surnames in -ський change with gender; the common -енко, -ук and the like do not.
    let last = if rng.u32(..5) == 0 {
        let (male, fem) = pick(rng, UA_GENDERED_LAST);
        if female { fem } else { male }
    } else {
        pick(rng, UA_LAST)
    };
    format!("{first} {last}")
}

fn latin_name(rng: &mut Rng, names: &Names) -> String {
    format!("{} {}", pick(rng, names.firsts), pick(rng, names.lasts))
}

fn circles(rng: &mut Rng, index: usize, roots: Roots) -> Vec<(Circle, Option<&'static str>)> {
    let mut circles = Vec::new();
    if index == MANAGER {
        circles.push((Circle::Work, Some("manager")));
    } else if rng.f64() < 0.12 {
        let role = weighted(rng, &[(Some("peer"), 50), (Some("report"), 12), (None, 38)]);
        circles.push((Circle::Work, role));
    }
    let university = if roots == Roots::Ukrainian { 0.3 } else { 0.03 };
    if rng.f64() < university {
        circles.push((Circle::University, None));
    }
    if rng.f64() < 0.07 {
        circles.push((Circle::Conference, None));
    }
    let city = if roots == Roots::Portuguese { 0.6 } else { 0.1 };
    if rng.f64() < city {
        circles.push((Circle::City, None));
    }
    circles
}

fn identities(
    rng: &mut Rng,
    index: usize,
    name: &Name,
    roots: Roots,
    circles: &[(Circle, Option<&str>)],
    source: &'static str,
) -> Vec<NewIdentity> {
    let (email, phone, profile, handle) = match source {
        "facebook" => (0.8, 0.15, 0.05, 0.0),
        "linkedin" => (0.55, 0.05, 1.0, 0.0),
        "vcard" => (0.9, 0.75, 0.1, 0.0),
        "telegram" => (0.25, 0.95, 0.0, 0.6),
        _ => (0.8, 0.5, 0.05, 0.0),
    };
    let words = ascii_words(name);
    let first = words.first().map_or("contact", String::as_str);
    let last = words.get(1..).map(|rest| rest.join("")).unwrap_or_default();
    let initial = &first[..1];
    let parse = |kind, value: &str| {
        let source = Source::parse(source).expect("sample sources are valid source names");
        NewIdentity::parse(kind, value, source).expect("sample identities are valid")
    };
    // Every value carries the person's index: the store merges people who share an identity,
    // so identities must be unique for the network to keep its size.
    let mut identities = Vec::new();
    if rng.f64() < email {
        let local = match rng.u32(..5) {
            0 if !last.is_empty() => format!("{first}.{last}{index}"),
            1 if !last.is_empty() => format!("{initial}{last}{index}"),
            2 if !last.is_empty() => format!("{first}_{last}{index}"),
            _ => format!("{first}{index}"),
        };
        let domain = pick(rng, &["example.com", "example.org", "example.net"]);
        identities.push(parse(IdentityKind::Email, &format!("{local}@{domain}")));
    }
    if rng.f64() < phone {
        let in_lisbon = circles.iter().any(|&(circle, _)| circle == Circle::City);
        identities.push(parse(
            IdentityKind::Phone,
            &phone_number(rng, index, roots, in_lisbon),
        ));
    }
    if rng.f64() < profile {
        let slug = words.join("-");
        let tail = rng.u32(..0x1_0000);
        let url = format!("https://www.linkedin.com/in/{slug}-{index:x}{tail:04x}");
        identities.push(parse(IdentityKind::Profile, &url));
    }
    if rng.f64() < handle {
        identities.push(parse(
            IdentityKind::Handle,
            &format!("@{first}_{last}{index}"),
        ));
    }
    identities
}

/// The name as lowercase ASCII words of letters only, as an address or URL would spell it:
/// "Zoë Brontë" gives `zoe`, `bronte`; "Іван Петренко" gives `ivan`, `petrenko`.
fn ascii_words(name: &Name) -> Vec<String> {
    name.key()
        .split(' ')
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_lowercase)
                .take(20)
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// A phone number unique to `index`: a fixed permutation of the index gives the subscriber
/// digits, so numbers look random but never repeat within the first ten million people.
fn phone_number(rng: &mut Rng, index: usize, roots: Roots, in_lisbon: bool) -> String {
    let n = index as u64;
    let scrambled = (n % 10_000_000 * 7_654_321 + 1_234_567) % 10_000_000;
    if roots == Roots::Ukrainian && rng.u32(..10) < 9 {
        let operator = pick(rng, &[50, 63, 66, 67, 68, 73, 93, 95, 96, 97, 98, 99]);
        let (a, b, c) = (scrambled / 10_000, scrambled / 100 % 100, scrambled % 100);
        format!("+380 {operator} {a:03} {b:02} {c:02}")
    } else if roots == Roots::Portuguese || in_lisbon {
        let prefix = pick(rng, &[91, 92, 93, 96]);
        let (a, b, c) = (
            scrambled / 1_000_000,
            scrambled / 1_000 % 1_000,
            scrambled % 1_000,
        );
        format!("+351 {prefix}{a} {b:03} {c:03}")
    } else {
        // 555-0100 to 555-0199 are reserved for fiction in North America. Shuffled, the first
        // 80,000 indices fill 800 area codes times those 100 lines; later ones go past them.
        let m = if n < 80_000 { n * 30_011 % 80_000 } else { n };
        let (area, line) = (200 + m % 800, 100 + m / 800);
        format!("+1 {area} 555 {line:04}")
    }
}

fn facts(
    rng: &mut Rng,
    circles: &[(Circle, Option<&'static str>)],
    source: &'static str,
) -> Vec<NewFact> {
    let count = weighted(rng, &[(1, 26), (2, 24), (3, 20), (4, 14), (5, 10), (6, 6)]);
    let mut facts = Vec::with_capacity(count);
    if rng.f64() < 0.75 {
        let phrase = origin_phrase(rng, circles);
        facts.push(fact(rng, Origin, phrase.to_owned(), source));
    }
    // Drawing from one to three themes of a life, rather than from everything, makes a
    // person's facts hang together: the sailor also wants crew for a summer trip.
    let slots = Slots::new(rng);
    let mut topics = [0; 3];
    let topic_count = weighted(rng, &[(1, 45), (2, 40), (3, 15)]);
    for topic in &mut topics[..topic_count] {
        *topic = rng.usize(..TOPICS.len());
    }
    let topics = &topics[..topic_count];
    let mut attempts = 0;
    while facts.len() < count && attempts < 4 * count {
        attempts += 1;
        let (kind, phrase) = if rng.u32(..10) == 0 {
            (Note, pick(rng, NOTES))
        } else {
            let topic = TOPICS[pick(rng, topics)];
            pick(rng, topic)
        };
        let text = slots.fill(phrase);
        // One answer to "how do they spend most of their time": two would contradict.
        let repeated =
            |known: &NewFact| known.text.as_str() == text || (kind == Time && known.kind == Time);
        if facts.iter().any(repeated) {
            continue;
        }
        facts.push(fact(rng, kind, text, source));
    }
    facts
}

fn origin_phrase(rng: &mut Rng, circles: &[(Circle, Option<&'static str>)]) -> &'static str {
    let Some(&(circle, role)) = circles.first() else {
        return pick(rng, ORIGIN_ELSEWHERE);
    };
    pick(
        rng,
        match (circle, role) {
            (Circle::Work, Some("manager")) => ORIGIN_MANAGER,
            (Circle::Work, Some("report")) => ORIGIN_REPORT,
            (Circle::Work, _) => ORIGIN_WORK,
            (Circle::University, _) => ORIGIN_UNIVERSITY,
            (Circle::Conference, _) => ORIGIN_CONFERENCE,
            (Circle::City, _) => ORIGIN_CITY,
        },
    )
}

fn fact(rng: &mut Rng, kind: FactKind, text: String, person_source: &str) -> NewFact {
    use FactSource::{Asked, Guessed, Imported, Told};
    // Long-term goals and plans are what people share in confidence.
    let private = match kind {
        Goal => 0.45,
        Plan => 0.4,
        Want => 0.12,
        Growth | Note => 0.08,
        Time => 0.03,
        Origin | Interest | Relax | Offer => 0.0,
    };
    let sources: &[(FactSource, u32)] = match kind {
        Origin => &[(Told, 75), (Asked, 15), (Imported, 10)],
        // A LinkedIn headline is where most job titles come from.
        Time if person_source == "linkedin" => &[(Imported, 60), (Told, 25), (Asked, 15)],
        Time => &[(Told, 45), (Asked, 35), (Guessed, 10), (Imported, 10)],
        Interest | Relax => &[(Told, 40), (Asked, 25), (Guessed, 25), (Imported, 10)],
        Note => &[(Told, 70), (Guessed, 20), (Imported, 10)],
        Goal | Plan | Growth | Offer | Want => {
            &[(Asked, 45), (Told, 40), (Guessed, 10), (Imported, 5)]
        }
    };
    NewFact {
        kind,
        text: FactText::parse(&text).expect("sample phrases are valid facts"),
        private: rng.f64() < private,
        source: weighted(rng, sources),
    }
}

/// The words a person's phrases share, chosen once per person so that their facts agree: the
/// one who is learning Portuguese also wants a Portuguese conversation partner.
struct Slots {
    city: &'static str,
    lang: &'static str,
    kids: &'static str,
    instrument: &'static str,
    race: &'static str,
    month: &'static str,
    pet: &'static str,
}

impl Slots {
    fn new(rng: &mut Rng) -> Self {
        Self {
            city: pick(rng, SLOT_CITY),
            lang: pick(rng, SLOT_LANG),
            kids: pick(rng, SLOT_KIDS),
            instrument: pick(rng, SLOT_INSTRUMENT),
            race: pick(rng, SLOT_RACE),
            month: pick(rng, SLOT_MONTH),
            pet: pick(rng, SLOT_PET),
        }
    }

    fn get(&self, slot: &str) -> Option<&'static str> {
        Some(match slot {
            "city" => self.city,
            "lang" => self.lang,
            "kids" => self.kids,
            "instrument" => self.instrument,
            "race" => self.race,
            "month" => self.month,
            "pet" => self.pet,
            _ => return None,
        })
    }

    /// The phrase with each `{slot}` replaced by this person's word for it.
    fn fill(&self, phrase: &str) -> String {
        let mut text = String::with_capacity(phrase.len() + 16);
        let mut rest = phrase;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                break;
            };
            text.push_str(&rest[..open]);
            match self.get(&rest[open + 1..close]) {
                Some(word) => text.push_str(word),
                None => text.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        text.push_str(rest);
        text
    }
}

fn interactions(
    rng: &mut Rng,
    now: Timestamp,
    stranger: bool,
    source: &'static str,
) -> Vec<Interaction> {
    // People you can say nothing about are mostly people you never talked to, or talked to
    // once, long ago.
    let (any, two) = if stranger { (0.25, 0.0) } else { (0.7, 0.3) };
    if rng.f64() >= any {
        return Vec::new();
    }
    let first = match source {
        "facebook" => "messenger",
        "telegram" => "telegram",
        _ => pick(rng, CHATS),
    };
    let mut channels = vec![first];
    if rng.f64() < two {
        let at = CHATS.iter().position(|&chat| chat == first).unwrap_or(0);
        channels.push(CHATS[(at + rng.usize(1..CHATS.len())) % CHATS.len()]);
    }
    channels
        .into_iter()
        .flat_map(|channel| {
            let last_ago = if stranger {
                rng.i64(3 * YEAR..10 * YEAR)
            } else {
                match rng.u32(..100) {
                    0..30 => rng.i64(0..6 * WEEK),
                    30..65 => rng.i64(6 * WEEK..2 * YEAR),
                    _ => rng.i64(2 * YEAR..10 * YEAR),
                }
            };
            let count = if stranger {
                rng.u32(1..=4)
            } else {
                // Most chats are short; a few friends account for hundreds of messages.
                1 + (499.0 * rng.f64().powi(3)) as u32
            };
            let first_ago = if count == 1 {
                last_ago
            } else {
                last_ago + rng.i64(0..=10 * YEAR - last_ago)
            };
            let ago = |secs| now.checked_sub(SignedDuration::from_secs(secs));
            let last = ago(last_ago).unwrap_or(Timestamp::MIN);
            let first = ago(first_ago).unwrap_or(Timestamp::MIN);
            let channel = Source::parse(channel).expect("sample chat sources are valid");
            // A chat is summed up per month; the sample keeps its first and its last month,
            // with the messages split between them and between the two directions.
            let sent = rng.u32(0..=count);
            let bucket = |at: Timestamp, sent: u32, received: u32| {
                Interaction::new(channel.clone(), true, at, at, sent, received)
                    .expect("a sample interaction is one instant")
            };
            if kith_core::month_of(first) == kith_core::month_of(last) {
                vec![bucket(first, sent, count - sent)]
            } else {
                let early = count / 2;
                let early_sent = sent.min(early);
                vec![
                    bucket(first, early_sent, early - early_sent),
                    bucket(last, sent - early_sent, count - early - (sent - early_sent)),
                ]
            }
        })
        .collect()
}

// --- The user -----------------------------------------------------------------------------

const ME: &str = "Marta Lysenko";

/// The user: a Kyiv Polytechnic graduate who leads a team at Acme Robotics in Lisbon and went to
/// RustConf 2023. Phrased unlike the people's facts, so intersections have to be found by meaning.
#[rustfmt::skip]
const ME_FACTS: &[(FactKind, &str, bool)] = &[
    (Goal, "start a robotics company of my own in the next two years", true),
    (Goal, "finish my first half marathon this autumn", false),
    (Plan, "cut down to a four-day week to make room for side projects", true),
    (Time, "engineering lead at Acme Robotics, a team of six", false),
    (Interest, "sailing and anything to do with the sea", false),
    (Interest, "live jazz", false),
    (Relax, "baking sourdough on Sunday mornings", false),
    (Growth, "systems programming in Rust", false),
    (Growth, "Portuguese lessons twice a week", false),
    (Offer, "can help you hire and onboard your first engineers", false),
    (Offer, "happy to explain how warehouse robots find their way", false),
    (Want, "a cofounder who enjoys sales", false),
    (Want, "someone to take me out sailing and teach me the basics", false),
];

// --- Names --------------------------------------------------------------------------------

/// First and last names that go together.
struct Names {
    firsts: &'static [&'static str],
    lasts: &'static [&'static str],
    roots: Roots,
}

#[rustfmt::skip]
const INTERNATIONAL: Names = Names {
    firsts: &[
        "Emma", "Olivia", "Liam", "Noah", "Ava", "Mia", "James", "Lucas", "Sophia", "Ethan",
        "Amelia", "Benjamin", "Charlotte", "Daniel", "Grace", "Henry", "Isabella", "Jack", "Leah",
        "Michael", "Nora", "Oliver", "Ruby", "Samuel", "Sarah", "Thomas", "Hannah", "David",
        "Laura", "Mark", "Anna", "Peter", "Julia", "Alex", "Sam", "Priya", "Arjun", "Wei", "Mei",
        "Hiroshi", "Yuki", "Ahmed", "Fatima", "Omar", "Leila", "Kwame", "Amara", "Diego", "Carlos",
        "Ana", "Marco", "Giulia", "Lars", "Ingrid", "Pieter", "Sanne", "Tom", "Kate", "Rachel",
        "Ben", "Chris", "Nina", "Maya", "Aisha", "Ravi", "Tariq", "Erik", "Felix", "Hugo", "Elena",
        "Jonas", "Clara", "Max", "Lena", "Adam", "Eva", "Victor", "Paula",
    ],
    lasts: &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
        "Anderson", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis",
        "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
        "Carter", "Mitchell", "Roberts", "Turner", "Campbell", "Evans", "Edwards", "Collins",
        "Murphy", "Cook", "Patel", "Shah", "Singh", "Kumar", "Chen", "Wang", "Li", "Zhang", "Liu",
        "Tanaka", "Sato", "Suzuki", "Kim", "Park", "Lee", "Nguyen", "Hassan", "Ali", "Khan",
        "Okafor", "Mensah", "Silva", "Santos", "Costa", "Rossi", "Bianchi", "de Vries", "Jansen",
        "Berg", "Larsen", "Novak", "Horvat", "Fischer", "Weber", "Schmidt", "Cohen", "Levi",
        "O'Brien", "MacLeod", "Fitzgerald",
    ],
    roots: Roots::Elsewhere,
};

/// Ukrainian names as they appear on LinkedIn or in an email signature.
#[rustfmt::skip]
const UKRAINIAN_LATIN: Names = Names {
    firsts: &[
        "Oleksandr", "Dmytro", "Andrii", "Serhii", "Taras", "Bohdan", "Yaroslav", "Oleh", "Yurii",
        "Kateryna", "Olena", "Iryna", "Oksana", "Yuliia", "Tetiana", "Daryna", "Solomiia",
        "Khrystyna", "Viktoriia", "Nataliia",
    ],
    lasts: &[
        "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko",
        "Koval", "Kovalchuk", "Polishchuk", "Savchuk", "Marchenko", "Rudenko", "Oliinyk",
        "Shevchuk", "Pavlenko", "Moroz", "Hnatiuk", "Romaniuk", "Ivanenko",
    ],
    roots: Roots::Ukrainian,
};

#[rustfmt::skip]
const UA_MALE: &[&str] = &[
    "Іван", "Олександр", "Андрій", "Дмитро", "Сергій", "Тарас", "Богдан", "Максим", "Олег", "Юрій",
    "Василь", "Микола", "Петро", "Ярослав", "Остап", "Віталій", "Роман", "Євген", "Артем", "Назар",
];

#[rustfmt::skip]
const UA_FEMALE: &[&str] = &[
    "Олена", "Ірина", "Наталія", "Оксана", "Катерина", "Юлія", "Тетяна", "Анна", "Софія", "Дарина",
    "Ганна", "Марія", "Ольга", "Христина", "Соломія", "Леся", "Вікторія", "Галина", "Зоряна",
    "Дар'я",
];

#[rustfmt::skip]
const UA_LAST: &[&str] = &[
    "Коваленко", "Петренко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Бойко",
    "Коваль", "Ковальчук", "Поліщук", "Савчук", "Марченко", "Руденко", "Гончаренко", "Олійник",
    "Шевчук", "Павленко", "Литвиненко", "Мороз", "Дяченко", "Гнатюк", "Кушнір", "Романюк",
    "Іваненко", "Кузьменко", "Сидоренко", "Симоненко", "Заїка", "Гребенюк",
];

/// Ukrainian surnames that change with gender: (his, hers).
const UA_GENDERED_LAST: &[(&str, &str)] = &[
    ("Ковальський", "Ковальська"),
    ("Левицький", "Левицька"),
    ("Яворський", "Яворська"),
    ("Коцюбинський", "Коцюбинська"),
    ("Грушевський", "Грушевська"),
];

/// Names in Latin script with letters beyond ASCII, which exports love to mangle.
#[rustfmt::skip]
const ACCENTED: &[&Names] = &[
    &Names {
        firsts: &["José", "María", "Sofía", "Martín", "Lucía", "Íñigo", "Inés", "Ramón", "Álvaro"],
        lasts: &["Núñez", "Peña", "Muñoz", "Ibáñez", "Gómez", "Fernández", "Martínez", "Jiménez"],
        roots: Roots::Elsewhere,
    },
    &Names {
        firsts: &["João", "Inês", "Gonçalo", "Sebastião", "Luís", "Mónica", "Tomás", "Beatriz"],
        lasts: &["Simões", "Gonçalves", "Magalhães", "Guimarães", "Araújo", "Brandão", "Conceição"],
        roots: Roots::Portuguese,
    },
    &Names {
        firsts: &["Łukasz", "Małgorzata", "Paweł", "Zofia", "Michał", "Agnieszka", "Jędrzej"],
        lasts: &["Wróbel", "Wójcik", "Woźniak", "Kołodziej", "Gołąb", "Król", "Łuczak"],
        roots: Roots::Elsewhere,
    },
    &Names {
        firsts: &["Søren", "Bjørn", "Åsa", "Sigrún", "Jørgen", "Märta", "Øystein"],
        lasts: &["Østergaard", "Sørensen", "Ångström", "Løvland", "Jørgensen", "Åberg"],
        roots: Roots::Elsewhere,
    },
    &Names {
        firsts: &["Jürgen", "Jörg", "Käthe", "Günter", "Bärbel", "Björn", "Jörn"],
        lasts: &["Müller", "Schäfer", "Böhm", "Groß", "Weiß", "Jäger", "Köhler", "Krüger"],
        roots: Roots::Elsewhere,
    },
    &Names {
        firsts: &["Zoë", "Chloé", "Hélène", "François", "Amélie", "Jérôme", "Émile", "Cécile"],
        lasts: &["Brontë", "Lefèvre", "Dupré", "Bérard", "Côté", "Ménard", "Gérard"],
        roots: Roots::Elsewhere,
    },
    &Names {
        firsts: &["Çağla", "Gökhan", "Şule", "Ömer", "İlkay", "Özge", "Barış"],
        lasts: &["Yılmaz", "Öztürk", "Çelik", "Şahin", "Doğan", "Aydın", "Güneş"],
        roots: Roots::Elsewhere,
    },
];

/// Names written whole, in scripts and orders of their own.
#[rustfmt::skip]
const FULL_NAMES: &[&str] = &[
    "Nguyễn Thị Lan", "Trần Văn Minh", "Lê Minh Đức", "Γιώργος Παπαδόπουλος", "Ελένη Νικολάου",
    "王伟", "李娜", "田中 裕子", "김민준", "Jiří Dvořák", "Kateřina Nováková", "Ștefan Popescu",
    "Ádám Kovács",
];

// --- Sources ------------------------------------------------------------------------------

/// Where people come from, weighted like a typical first import.
const PERSON_SOURCES: &[(&str, u32)] = &[
    ("facebook", 30),
    ("linkedin", 28),
    ("vcard", 20),
    ("telegram", 14),
    ("manual", 8),
];

/// The chats whose histories give interactions.
const CHATS: &[&str] = &["telegram", "whatsapp", "messenger"];

// --- Facts --------------------------------------------------------------------------------

const ORIGIN_MANAGER: &[&str] = &[
    "my manager at Acme Robotics",
    "hired me at Acme Robotics and has been my manager since",
];

const ORIGIN_REPORT: &[&str] = &[
    "reports to me at Acme Robotics",
    "joined my team at Acme as a junior engineer",
];

const ORIGIN_WORK: &[&str] = &[
    "worked together at Acme Robotics",
    "sat next to me at Acme for a year",
    "joined Acme Robotics the same month as me",
    "on the navigation team at Acme",
    "met at the Acme Robotics summer party",
    "interviewed me when I joined Acme",
];

const ORIGIN_UNIVERSITY: &[&str] = &[
    "university friend, same dorm",
    "studied together at Kyiv Polytechnic",
    "same group at KPI, applied maths",
    "met in the robotics club at KPI",
    "shared a flat in our third year at university",
    "my lab partner at university",
];

const ORIGIN_CONFERENCE: &[&str] = &[
    "met at RustConf 2023 in Albuquerque",
    "sat together at a RustConf workshop",
    "talked after their RustConf talk",
    "met in the hallway track at RustConf",
];

const ORIGIN_CITY: &[&str] = &[
    "neighbours in Lisbon",
    "met at a tech meetup in Lisbon",
    "from my Portuguese class in Lisbon",
    "met at a coworking space in Lisbon",
    "friend of a friend from Lisbon",
];

const ORIGIN_ELSEWHERE: &[&str] = &[
    "school friend from Kharkiv",
    "friend of a friend, met at a wedding",
    "met on a hike in the Carpathians",
    "met at a hackathon in Kraków",
    "my sister's friend",
    "used to play football together",
    "met on the night train from Kyiv to Lviv",
    "a colleague from my first job",
    "childhood neighbour",
    "met through Couchsurfing in Berlin",
    "met at a birthday party years ago",
    "friend from summer camp",
];

const NOTES: &[&str] = &[
    "vegetarian",
    "prefers voice messages to texts",
    "birthday in {month}",
    "allergic to cats",
    "introduced me to my current job",
    "still owes me a book",
    "speaks Ukrainian, English and some Portuguese",
    "recently got married",
    "lost touch after university",
    "never forgets a birthday",
    "doesn't drink",
    "always late, but worth the wait",
    "knows everyone in the Lisbon tech scene",
    "spends winters working remotely from Madeira",
    "had a baby last year",
    "answers Telegram, never email",
    "has {pet}",
    "moved to {city} last year",
    "great cook, invite yourself to dinner",
    "takes a week to reply, be patient",
];

/// A theme in someone's life, as the facts it shows up in. Several people share a theme, each
/// with a different phrasing, so the network has real intersections to find.
type Topic = &'static [(FactKind, &'static str)];

const TOPICS: &[Topic] = &[
    // Starting a company.
    &[
        (Goal, "launch a startup"),
        (Goal, "start their own company"),
        (Goal, "be their own boss within two years"),
        (
            Plan,
            "quitting in {month} to go full-time on a startup idea",
        ),
        (Plan, "applying to an accelerator with a friend"),
        (Growth, "reading everything about raising a seed round"),
        (Growth, "learning sales as a technical founder"),
        (Want, "looking for a cofounder who can sell"),
        (Want, "intros to angel investors"),
        (Offer, "can share what went wrong with their first startup"),
        (Offer, "happy to review pitch decks"),
        (Time, "runs a two-person SaaS company"),
        (Interest, "startup podcasts"),
    ],
    // A bakery or café.
    &[
        (Goal, "wants to start a bakery"),
        (Goal, "open a small café one day"),
        (Plan, "selling sourdough at the farmers' market this summer"),
        (Relax, "baking bread at the weekend"),
        (Interest, "fermentation and sourdough"),
        (Offer, "can teach you to keep a sourdough starter alive"),
        (Want, "advice on renting a commercial kitchen"),
    ],
    // Running.
    &[
        (Goal, "run a marathon"),
        (Goal, "finish a half marathon in under two hours"),
        (Goal, "run the {city} marathon"),
        (Plan, "training for a {race} in {month}"),
        (Plan, "training for a half marathon"),
        (Relax, "long easy runs along the river"),
        (Relax, "parkrun every Saturday"),
        (Growth, "working with a running coach on pacing"),
        (Want, "a running buddy for early mornings"),
        (
            Offer,
            "has run six marathons, happy to share a training plan",
        ),
    ],
    // Sailing.
    &[
        (Interest, "sailing"),
        (Growth, "learning to sail"),
        (Goal, "sail across the Atlantic one day"),
        (Goal, "get a skipper's licence"),
        (Plan, "a sailing course in Croatia in {month}"),
        (Relax, "weekends on a small boat on the Tagus"),
        (Want, "crew for a summer sailing trip"),
        (
            Offer,
            "has a skipper's licence and takes friends out on the water",
        ),
    ],
    // Systems programming and Rust.
    &[
        (Goal, "get into systems programming"),
        (Goal, "land a job writing Rust"),
        (Growth, "learning Rust"),
        (Growth, "working through the Rust book in the evenings"),
        (Growth, "getting deeper into async Rust"),
        (Offer, "can explain ownership and lifetimes"),
        (Offer, "maintains a popular Rust crate"),
        (Want, "a code review buddy for Rust side projects"),
        (Time, "embedded Rust developer at a drone company"),
        (Interest, "programming languages and compilers"),
        (Plan, "giving a talk on Rust at a local meetup in {month}"),
    ],
    // Machine learning.
    &[
        (Time, "data scientist at an insurance company"),
        (Time, "builds recommendation models for an online shop"),
        (Growth, "learning how large language models work"),
        (Growth, "taking a deep learning course online"),
        (Goal, "move into machine learning engineering"),
        (Offer, "can help you get a model into production"),
        (Want, "a mentor in machine learning"),
        (Interest, "AI safety"),
    ],
    // Parenting.
    &[
        (Time, "raising {kids}"),
        (Time, "raising two kids"),
        (Time, "on parental leave with {kids}"),
        (Goal, "spend more evenings with the kids"),
        (Relax, "board games with the kids"),
        (Want, "tips on getting a toddler to sleep"),
        (Want, "other parents for weekend playdates"),
        (Offer, "can recommend good kids' books in two languages"),
    ],
    // Music.
    &[
        (Relax, "plays in a jazz band on weekends"),
        (Relax, "plays {instrument} in a jazz band on weekends"),
        (Relax, "jam sessions in a bar on Thursdays"),
        (Growth, "taking {instrument} lessons"),
        (Interest, "jazz"),
        (Interest, "vinyl records and old jazz"),
        (Goal, "record an album with the band"),
        (Offer, "can teach beginner {instrument}"),
        (Want, "a drummer for the band"),
    ],
    // A language.
    &[
        (Growth, "learning {lang}"),
        (Growth, "{lang} lessons twice a week"),
        (Goal, "speak fluent {lang} by next year"),
        (Goal, "pass the B2 exam in {lang}"),
        (Want, "a {lang} conversation partner"),
        (Plan, "a month-long {lang} course abroad in {month}"),
        (
            Offer,
            "native Ukrainian speaker, happy to help you practise",
        ),
        (Offer, "can help with English grammar and job applications"),
    ],
    // Moving abroad.
    &[
        (Plan, "moving to {city} next year"),
        (Plan, "relocating to {city} with the family"),
        (Goal, "live abroad for a few years"),
        (Want, "advice on finding a flat in {city}"),
        (Want, "someone who knows the visa process in {city}"),
        (Offer, "can tell you everything about moving to Lisbon"),
    ],
    // Getting fit.
    &[
        (Goal, "get in shape"),
        (Goal, "lose ten kilos"),
        (Goal, "do a proper pull-up"),
        (Plan, "gym three times a week from {month}"),
        (Relax, "yoga before work"),
        (Relax, "swimming laps on weekday mornings"),
        (Growth, "working with a personal trainer"),
        (
            Offer,
            "qualified fitness instructor, can write you a programme",
        ),
    ],
    // Climbing.
    &[
        (Interest, "bouldering"),
        (Interest, "rock climbing"),
        (Relax, "the bouldering gym after work"),
        (Relax, "climbing trips to Sintra"),
        (Goal, "climb a 7a outdoors"),
        (Want, "a climbing partner with a car"),
        (Offer, "can belay and teach knots to beginners"),
    ],
    // Hiking.
    &[
        (Relax, "hiking in the Carpathians"),
        (Relax, "long walks with {pet}"),
        (Plan, "walking the Camino de Santiago in {month}"),
        (Plan, "a trek to Everest base camp"),
        (Goal, "climb Kilimanjaro"),
        (Interest, "mountains and long-distance trails"),
        (Want, "company for a week-long hike"),
    ],
    // Photography.
    &[
        (Interest, "film photography"),
        (Relax, "street photography on weekend walks"),
        (Growth, "learning to edit photos in Lightroom"),
        (Offer, "can take portraits for your website"),
        (Goal, "have a photo exhibition"),
        (Want, "feedback on a photo portfolio"),
    ],
    // Leading people.
    &[
        (Time, "engineering manager for a team of eight"),
        (Growth, "learning to give hard feedback kindly"),
        (Growth, "reading about how to manage managers"),
        (Goal, "become a CTO"),
        (Goal, "grow into a director role"),
        (Want, "a mentor who has managed managers"),
        (Offer, "can help you prepare for your first one-on-ones"),
        (Plan, "hiring four engineers this quarter"),
    ],
    // Design.
    &[
        (Time, "product designer at a health-tech startup"),
        (Offer, "can give feedback on your app's onboarding"),
        (Offer, "can help with Figma"),
        (Growth, "learning front-end development to prototype faster"),
        (Want, "people to try out a side-project app"),
        (Interest, "typography"),
    ],
    // Writing.
    &[
        (Goal, "write a novel"),
        (Goal, "publish a book"),
        (Growth, "writing a short story every month"),
        (Relax, "journaling in the evenings"),
        (Interest, "science fiction"),
        (Want, "an editor for a first manuscript"),
        (Offer, "can edit your English texts"),
    ],
    // Money.
    &[
        (Goal, "financial independence by 45"),
        (Goal, "buy a flat without a mortgage"),
        (Growth, "learning about index funds"),
        (Offer, "can help you set up a budget spreadsheet"),
        (Want, "advice on investing while living abroad"),
        (Interest, "personal finance"),
    ],
    // Gardening.
    &[
        (Relax, "growing tomatoes on the balcony"),
        (Relax, "pottering about the allotment"),
        (Interest, "gardening"),
        (Interest, "houseplants"),
        (Plan, "building raised beds in the spring"),
        (Offer, "always has seedlings to give away"),
        (Want, "tips on keeping a lemon tree alive indoors"),
    ],
    // Cooking.
    &[
        (Relax, "cooking for friends on Fridays"),
        (Relax, "Ukrainian home cooking"),
        (Interest, "Georgian food"),
        (Growth, "taking a knife-skills class"),
        (Offer, "can teach you to make varenyky"),
        (Want, "a good Asian grocery in town"),
    ],
    // Volunteering.
    &[
        (
            Time,
            "coordinates volunteers for a Ukrainian refugee charity",
        ),
        (Goal, "raise money for a children's rehab centre in Lviv"),
        (Plan, "a charity run for veterans' rehab in {month}"),
        (Offer, "can help you organise a fundraiser"),
        (Want, "volunteers who can drive a van"),
    ],
    // Academia.
    &[
        (Time, "PhD student in materials science"),
        (Time, "teaches maths at a secondary school"),
        (Time, "lecturer at Kyiv Polytechnic"),
        (Goal, "finish the PhD by next summer"),
        (Goal, "get a tenure-track position"),
        (Offer, "can explain statistics without the jargon"),
        (Want, "industry contacts for life after the PhD"),
        (Growth, "learning to teach online"),
    ],
    // Robots and hardware.
    &[
        (Time, "builds warehouse robots"),
        (Time, "firmware engineer working on motor controllers"),
        (Interest, "3D printing"),
        (Interest, "electronics"),
        (Relax, "soldering synth kits in the evening"),
        (Offer, "can help you design a PCB"),
        (Want, "access to a laser cutter"),
        (Goal, "build a robot arm at home"),
    ],
    // Games.
    &[
        (Relax, "online chess in the evenings"),
        (Relax, "board game nights on Wednesdays"),
        (Goal, "reach 1800 on lichess"),
        (Want, "players for a weekly D&D campaign"),
        (Offer, "can run a D&D campaign for beginners"),
        (Interest, "strategy board games"),
    ],
    // Cycling.
    &[
        (Relax, "cycling along the coast on Sundays"),
        (Interest, "bikepacking"),
        (Plan, "cycling from Lisbon to Porto in {month}"),
        (Goal, "ride 200 km in a day"),
        (Want, "someone to service a road bike"),
        (Offer, "can fix most bike problems"),
    ],
    // Surfing.
    &[
        (Growth, "learning to surf at Costa da Caparica"),
        (Relax, "surfing early mornings in Ericeira"),
        (Want, "a surf buddy with a car"),
        (Goal, "surf a proper reef break in Indonesia"),
        (Interest, "surf culture"),
    ],
    // Changing careers.
    &[
        (Goal, "switch careers into tech"),
        (Goal, "become a software developer"),
        (Growth, "doing a web development bootcamp"),
        (Growth, "learning Python in the evenings"),
        (Want, "someone to do mock interviews with"),
        (Want, "a referral at a product company"),
        (Offer, "can help you prepare for coding interviews"),
        (Plan, "applying for junior developer jobs in {month}"),
    ],
    // Public speaking.
    &[
        (Goal, "speak at a big conference"),
        (Growth, "practising talks at a Toastmasters club"),
        (Want, "feedback on a talk proposal"),
        (Offer, "can coach you for a conference talk"),
        (Plan, "submitting talks to three conferences this year"),
    ],
    // Open source.
    &[
        (Time, "maintains an open-source database driver"),
        (Goal, "get paid to work on open source"),
        (
            Offer,
            "can help you make your first open-source contribution",
        ),
        (Want, "contributors for an open-source project"),
        (Growth, "learning how to run an open-source community"),
    ],
    // Calm.
    &[
        (Relax, "meditates every morning"),
        (Relax, "long baths and audiobooks"),
        (Goal, "find a calmer pace of work"),
        (Growth, "seeing a therapist and working on boundaries"),
        (Interest, "stoic philosophy"),
        (Offer, "can recommend a good therapist in Lisbon"),
    ],
    // Travel.
    &[
        (Goal, "visit every country in Europe"),
        (Goal, "see Japan in cherry blossom season"),
        (Plan, "a month in Japan in {month}"),
        (Plan, "a road trip across the US"),
        (Interest, "travel hacking with airline miles"),
        (Offer, "knows every trick for cheap flights"),
        (Want, "travel companions for a trip to Georgia"),
    ],
    // A house to fix.
    &[
        (Time, "renovating an old house outside Kyiv"),
        (Plan, "building a cabin in the countryside"),
        (Want, "a reliable electrician"),
        (Offer, "can lend tools and help with plumbing"),
        (Relax, "woodworking in the garage"),
    ],
    // Animals.
    &[
        (Relax, "walking {pet} every evening"),
        (Interest, "dog training"),
        (Want, "a dog sitter for August"),
        (Offer, "can look after your cat when you travel"),
        (Plan, "adopting a rescue dog"),
    ],
    // Film and stage.
    &[
        (Relax, "the cinema every Tuesday"),
        (Relax, "amateur theatre"),
        (Interest, "old Soviet animation"),
        (Interest, "documentaries"),
        (Goal, "make a short film"),
        (Want, "actors for a short film"),
        (Offer, "can edit video"),
    ],
    // Selling things.
    &[
        (Time, "head of sales at a logistics startup"),
        (Time, "growth marketer at a mobile game studio"),
        (Offer, "can help you price your product"),
        (Offer, "can introduce you to B2B buyers in the US"),
        (Want, "a technical advisor for a marketplace idea"),
        (Growth, "learning SQL to stop waiting for analysts"),
    ],
    // Security.
    &[
        (Time, "penetration tester"),
        (Time, "security engineer at a bank"),
        (Offer, "can review your app's security"),
        (Growth, "studying for the OSCP"),
        (Interest, "capture-the-flag competitions"),
    ],
    // Medicine.
    &[
        (Time, "emergency doctor working night shifts"),
        (Time, "physiotherapist with a practice of her own"),
        (Offer, "can recommend a physio for running injuries"),
        (Offer, "can explain your blood test results"),
        (Want, "help building a booking website for the clinic"),
        (Goal, "open a private clinic"),
    ],
    // Law.
    &[
        (Time, "immigration lawyer in Lisbon"),
        (Offer, "can explain Portuguese residence permits"),
        (Want, "clients from the tech world"),
        (Growth, "learning to code to automate paperwork"),
    ],
];

#[rustfmt::skip]
const SLOT_CITY: &[&str] = &[
    "Berlin", "Porto", "Toronto", "Warsaw", "Barcelona", "Amsterdam", "Vienna", "Tbilisi", "Lisbon",
];
const SLOT_LANG: &[&str] = &[
    "Spanish",
    "Portuguese",
    "German",
    "Japanese",
    "Italian",
    "French",
    "Polish",
    "Ukrainian",
];
const SLOT_KIDS: &[&str] = &[
    "two kids",
    "three kids",
    "a toddler",
    "twins",
    "a teenage son",
    "a newborn daughter",
];
const SLOT_INSTRUMENT: &[&str] = &["bass", "piano", "saxophone", "drums", "trumpet", "guitar"];
const SLOT_RACE: &[&str] = &["half marathon", "marathon", "10K", "trail race"];
const SLOT_MONTH: &[&str] = &["March", "April", "May", "June", "September", "October"];
const SLOT_PET: &[&str] = &[
    "a rescue greyhound",
    "a border collie",
    "two huskies",
    "a beagle",
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use rstest::rstest;

    fn now() -> Timestamp {
        "2025-06-01T12:00:00Z".parse().expect("a valid timestamp")
    }

    fn network(seed: u64, people: usize) -> Vec<NewPerson> {
        Sample::new(seed, people, now()).people().collect()
    }

    fn is_stranger(person: &NewPerson) -> bool {
        person.facts.is_empty()
    }

    #[test]
    fn the_same_seed_gives_the_same_network() {
        assert_eq!(network(7, 300), network(7, 300));
    }

    #[test]
    fn another_seed_gives_a_different_network() {
        let names = |seed| {
            network(seed, 300)
                .into_iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
        };
        assert_ne!(names(1), names(2));
    }

    #[test]
    fn a_larger_network_extends_a_smaller_one() {
        assert_eq!(network(3, 400)[..100], network(3, 100));
    }

    #[test]
    fn skipping_ahead_gives_the_same_person() {
        let sample = Sample::new(5, 50, now());
        assert_eq!(sample.people().nth(42), sample.people().take(43).last());
        assert_eq!(sample.people().nth(50), None);
    }

    #[test]
    fn the_network_has_the_size_asked_for() {
        let sample = Sample::new(0, 123, now());
        assert_eq!(sample.people().len(), 123);
        assert_eq!(sample.people().count(), 123);
        assert_eq!(Sample::new(0, 0, now()).people().next(), None);
    }

    #[rstest]
    #[case::seed_0(0)]
    #[case::seed_1(1)]
    #[case::seed_42(42)]
    #[case::seed_large(u64::MAX)]
    fn strangers_are_a_realistic_share_of_the_default_network(#[case] seed: u64) {
        let people = network(seed, Sample::DEFAULT_PEOPLE);
        let strangers = people.iter().filter(|p| is_stranger(p)).count();
        let share = strangers as f64 / people.len() as f64;
        assert!(
            (0.35..=0.50).contains(&share),
            "{strangers} strangers of {}",
            people.len()
        );
    }

    #[test]
    fn nobody_has_more_than_six_facts() {
        for person in network(11, 1000) {
            assert!(person.facts.len() <= 6, "{person:?}");
        }
    }

    #[test]
    fn every_fact_kind_appears() {
        let kinds: HashSet<FactKind> = network(0, Sample::DEFAULT_PEOPLE)
            .iter()
            .flat_map(|p| &p.facts)
            .map(|f| f.kind)
            .collect();
        for kind in FactKind::ALL {
            assert!(kinds.contains(&kind), "no {kind} fact");
        }
    }

    #[test]
    fn facts_use_every_source_and_some_are_private() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let facts: Vec<&NewFact> = people.iter().flat_map(|p| &p.facts).collect();
        let sources: HashSet<FactSource> = facts.iter().map(|f| f.source).collect();
        assert_eq!(sources.len(), 4, "{sources:?}");
        let private = facts.iter().filter(|f| f.private).count() as f64 / facts.len() as f64;
        assert!((0.04..=0.2).contains(&private), "{private}");
    }

    #[test]
    fn some_people_share_a_goal() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let mut seen = HashSet::new();
        let shared = people
            .iter()
            .flat_map(|p| &p.facts)
            .filter(|f| f.kind == Goal)
            .filter(|f| !seen.insert(f.text.as_str()))
            .count();
        assert!(shared > 0);
    }

    #[test]
    fn names_include_cyrillic_and_other_non_ascii_scripts() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let cyrillic = |c: char| ('\u{400}'..='\u{4ff}').contains(&c);
        let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
        let ukrainian = names.iter().filter(|n| n.chars().any(cyrillic)).count();
        let other = names
            .iter()
            .filter(|n| !n.is_ascii() && !n.chars().any(cyrillic))
            .count();
        assert!((30..=75).contains(&ukrainian), "{ukrainian} Cyrillic names");
        assert!(other >= 10, "{other} other non-ASCII names");
    }

    #[test]
    fn every_circle_appears_and_someone_is_my_manager() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let memberships: Vec<&Membership> = people.iter().flat_map(|p| &p.circles).collect();
        for circle in Sample::CIRCLES {
            assert!(
                memberships.iter().any(|m| m.circle.as_str() == circle),
                "no {circle}"
            );
        }
        for role in ["manager", "peer", "report"] {
            assert!(
                memberships
                    .iter()
                    .any(|m| m.role.as_ref().is_some_and(|r| r.as_str() == role))
            );
        }
    }

    #[test]
    fn identities_are_unique_across_the_network() {
        let mut seen = HashSet::new();
        for person in network(9, 20_000) {
            for identity in person.identities {
                assert!(
                    seen.insert((identity.kind(), identity.value().to_owned())),
                    "{identity:?}"
                );
            }
        }
    }

    #[test]
    fn most_people_have_an_email_on_a_reserved_domain() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let emails: Vec<String> = people
            .iter()
            .flat_map(|p| &p.identities)
            .filter(|i| i.kind() == IdentityKind::Email)
            .map(|i| i.value().to_owned())
            .collect();
        assert!(emails.len() > people.len() / 2, "{} emails", emails.len());
        for email in &emails {
            let domain = email.rsplit('@').next().unwrap_or_default();
            assert!(
                ["example.com", "example.org", "example.net"].contains(&domain),
                "{email}"
            );
            assert!(email.is_ascii(), "{email}");
        }
    }

    #[test]
    fn interactions_end_no_later_than_now_and_span_a_decade() {
        let people = network(0, Sample::DEFAULT_PEOPLE);
        let interactions: Vec<&Interaction> = people.iter().flat_map(|p| &p.interactions).collect();
        assert!(interactions.iter().all(|i| i.last() <= now()));
        let recent = now()
            .checked_sub(SignedDuration::from_hours(24 * 42))
            .unwrap();
        let long_ago = now()
            .checked_sub(SignedDuration::from_hours(24 * 365 * 5))
            .unwrap();
        assert!(interactions.iter().any(|i| i.last() >= recent));
        assert!(interactions.iter().any(|i| i.last() < long_ago));
        let talked = people.iter().filter(|p| !p.interactions.is_empty()).count();
        assert!(
            (100..=200).contains(&talked),
            "{talked} people with interactions"
        );
    }

    #[test]
    fn a_moment_at_the_start_of_time_still_gives_valid_interactions() {
        let people: Vec<NewPerson> = Sample::new(0, 100, Timestamp::MIN).people().collect();
        assert!(
            people
                .iter()
                .flat_map(|p| &p.interactions)
                .all(|i| i.last() == Timestamp::MIN)
        );
    }

    #[test]
    fn every_phrase_fills_in_and_is_a_valid_fact() {
        let slots = Slots::new(&mut Rng::with_seed(0));
        let topics = TOPICS
            .iter()
            .flat_map(|topic| topic.iter().map(|&(_, phrase)| phrase));
        for phrase in topics.chain(NOTES.iter().copied()) {
            let text = slots.fill(phrase);
            assert!(!text.contains(['{', '}']), "{phrase}");
            assert!(FactText::parse(&text).is_ok(), "{phrase}");
        }
    }

    #[test]
    fn filling_keeps_unknown_slots_as_written() {
        let slots = Slots::new(&mut Rng::with_seed(0));
        assert_eq!(slots.fill("a {mystery} and {"), "a {mystery} and {");
    }

    #[test]
    fn me_has_goals_offers_and_wants_but_no_origin() {
        let (name, facts) = Sample::new(0, 0, now()).me();
        assert_eq!(name.as_str(), ME);
        let kinds: HashSet<FactKind> = facts.iter().map(|f| f.kind).collect();
        for kind in [Goal, Interest, Growth, Offer, Want] {
            assert!(kinds.contains(&kind), "no {kind}");
        }
        assert!(!kinds.contains(&Origin));
    }

    #[test]
    fn a_hundred_thousand_people_can_be_generated() {
        assert_eq!(Sample::new(0, 100_000, now()).people().count(), 100_000);
    }
}
