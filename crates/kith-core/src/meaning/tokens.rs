//! From typed text to the words the lexical tier compares: normalised, split, stemmed, with
//! stop words gone and frame words ("want", "learn", "someone") made light.
//!
//! Every phrase and every alias of the concept lexicon goes through the same [`words`], so an
//! alias matches whatever inflection of it a person types.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization as _;

use super::ukrainian;

/// How much a word says on its own: content words carry the meaning, frame words ("want",
/// "learn", "someone", "weekend") say how a fact is put rather than what it is about, and bare
/// numbers say little without their unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// A word that carries meaning.
    Content,
    /// A word that frames a fact rather than says what it is about.
    Frame,
    /// A number, or a word that is mostly digits.
    Number,
}

impl Weight {
    /// The word's share in a similarity, before any concept it is part of is found.
    #[must_use]
    pub fn factor(self) -> f32 {
        match self {
            Self::Content => 1.0,
            Self::Frame => 0.05,
            Self::Number => 0.3,
        }
    }
}

/// One word of a phrase after normalisation and stemming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The stem words are compared by ("running" and "runs" are both `run`).
    pub stem: String,
    /// The word as normalised, before stemming (for explanations and word senses).
    pub surface: String,
    /// How much it says on its own.
    pub weight: Weight,
}

/// Normalises text for matching: Unicode NFKC (full-width letters, ligatures and the like
/// become plain ones), case folded, Latin letters stripped of diacritics ("café" is "cafe",
/// "Straße" is "strasse"), Ukrainian ґ read as г, and apostrophes inside words dropped
/// ("п'ять", "don't"). Cyrillic and every other script are kept as they are.
#[must_use]
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc().flat_map(char::to_lowercase) {
        match c {
            '\'' | '\u{2019}' | '\u{02bc}' | '`' | '\u{2018}' => {}
            'ß' => out.push_str("ss"),
            'ґ' => out.push('г'),
            'ё' => out.push('е'),
            c if c.is_ascii() || !is_latin(c) => out.push(c),
            c => match deunicode::deunicode_char(c) {
                Some(ascii) => out.extend(ascii.chars().map(|a| a.to_ascii_lowercase())),
                None => out.push(c),
            },
        }
    }
    out
}

/// Latin letters beyond ASCII: Latin-1 Supplement to Latin Extended Additional.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}')
}

/// Splits normalised text into raw words: runs of letters and digits, keeping `c++`, `c#` and
/// `f#` whole (a language's name is the word).
#[must_use]
pub fn split(normalised: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes: Vec<(usize, char)> = normalised.char_indices().collect();
    let mut index = 0;
    while index < bytes.len() {
        let (at, c) = bytes[index];
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(at);
            }
            index += 1;
            continue;
        }
        if let Some(from) = start.take() {
            // `c++` and `c#`: the symbols belong to the word.
            let word = &normalised[from..at];
            let mut end = at;
            if word.chars().count() == 1 {
                let rest = &normalised[at..];
                if rest.starts_with("++") {
                    end = at + 2;
                    index += 2;
                } else if rest.starts_with('#') {
                    end = at + 1;
                    index += 1;
                }
            }
            out.push(&normalised[from..end]);
            if end != at {
                continue;
            }
        }
        index += 1;
    }
    if let Some(from) = start {
        out.push(&normalised[from..]);
    }
    out
}

/// The words of a phrase that take part in matching, in order: normalised, split, stop words
/// dropped, each stemmed by its script (English Snowball for Latin letters, the light
/// Ukrainian stemmer for Cyrillic; other scripts are compared as written).
#[must_use]
pub fn words(text: &str) -> Vec<Word> {
    let normalised = normalise(text);
    let english = Stemmer::create(Algorithm::English);
    split(&normalised)
        .into_iter()
        .filter(|raw| !is_stop_word(raw))
        .map(|raw| {
            let stem = stem(&english, raw);
            let weight = if raw.chars().filter(char::is_ascii_digit).count() * 2 >= raw.len() {
                Weight::Number
            } else if is_frame_word(raw) {
                Weight::Frame
            } else {
                Weight::Content
            };
            Word {
                stem,
                surface: raw.to_owned(),
                weight,
            }
        })
        .collect()
}

fn stem(english: &Stemmer, raw: &str) -> String {
    if raw.chars().any(is_cyrillic) {
        ukrainian::stem(raw)
    } else if raw.chars().all(|c| c.is_ascii_lowercase()) {
        english.stem(raw).into_owned()
    } else {
        raw.to_owned()
    }
}

/// Whether a character is Cyrillic (the Ukrainian stemmer's alphabet).
pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04ff}')
}

/// Whether a raw (normalised, unstemmed) word is a stop word of English or Ukrainian.
#[must_use]
pub fn is_stop_word(raw: &str) -> bool {
    STOP_WORDS.binary_search(&raw).is_ok()
}

fn is_frame_word(raw: &str) -> bool {
    FRAME_WORDS.binary_search(&raw).is_ok()
}

/// Function words of English and Ukrainian: pronouns, articles, prepositions, conjunctions,
/// auxiliaries. Sorted (by bytes) for binary search; a test keeps it so. Words that can carry
/// a meaning of their own in a fact ("go", "it", "us", "can" as in "tin can") are weighed
/// against that: "go" and "it" stay (the language Go, IT), "can" and "us" go (in facts they
/// are almost always "I can" and "us").
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cant",
    "could",
    "couldnt",
    "did",
    "didnt",
    "do",
    "does",
    "doesnt",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "id",
    "if",
    "ill",
    "im",
    "in",
    "into",
    "is",
    "isnt",
    "its",
    "itself",
    "ive",
    "just",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "something",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "youd",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "а",
    "або",
    "адже",
    "але",
    "б",
    "без",
    "би",
    "бо",
    "був",
    "буде",
    "будуть",
    "була",
    "були",
    "було",
    "бути",
    "біля",
    "в",
    "вам",
    "вас",
    "ваш",
    "ваша",
    "ваше",
    "ваші",
    "весь",
    "вже",
    "ви",
    "вона",
    "вони",
    "воно",
    "все",
    "вся",
    "всі",
    "від",
    "він",
    "де",
    "для",
    "до",
    "ж",
    "же",
    "з",
    "за",
    "зі",
    "й",
    "його",
    "йому",
    "коли",
    "котрий",
    "лише",
    "мене",
    "мені",
    "ми",
    "мною",
    "мого",
    "мою",
    "моя",
    "моє",
    "моєму",
    "моєї",
    "мої",
    "моїй",
    "моїм",
    "моїх",
    "мій",
    "на",
    "навіть",
    "над",
    "нам",
    "нас",
    "наш",
    "наша",
    "наше",
    "наші",
    "не",
    "нею",
    "неї",
    "ним",
    "них",
    "ну",
    "ні",
    "ніж",
    "о",
    "об",
    "ось",
    "от",
    "по",
    "при",
    "про",
    "під",
    "с",
    "свого",
    "свою",
    "своя",
    "своє",
    "своєму",
    "своєї",
    "свої",
    "своїй",
    "своїм",
    "своїх",
    "свій",
    "себе",
    "собою",
    "собі",
    "та",
    "так",
    "також",
    "там",
    "те",
    "тебе",
    "теж",
    "ти",
    "тим",
    "тих",
    "то",
    "тобі",
    "тому",
    "ту",
    "тут",
    "тільки",
    "у",
    "це",
    "цей",
    "цим",
    "цих",
    "цього",
    "цьому",
    "цю",
    "ця",
    "ці",
    "чи",
    "чий",
    "чому",
    "ще",
    "що",
    "щоб",
    "я",
    "як",
    "яка",
    "яке",
    "який",
    "якого",
    "якщо",
    "які",
    "є",
    "і",
    "із",
    "їй",
    "їм",
    "їх",
    "її",
];

/// Words that frame a fact rather than say what it is about: wanting, learning, helping,
/// looking for someone, signing up, the time of week or year. The lexical tier counts them
/// only in a phrase that has nothing else, so two facts that share only their framing do not
/// meet. Sorted by bytes.
const FRAME_WORDS: &[&str] = &[
    "able",
    "advice",
    "advise",
    "also",
    "always",
    "another",
    "anyone",
    "april",
    "area",
    "august",
    "autumn",
    "back",
    "best",
    "better",
    "big",
    "bit",
    "buddy",
    "class",
    "classes",
    "continue",
    "course",
    "courses",
    "curious",
    "currently",
    "daily",
    "day",
    "days",
    "december",
    "dream",
    "enjoy",
    "enjoys",
    "evening",
    "evenings",
    "eventually",
    "every",
    "everything",
    "explain",
    "february",
    "finally",
    "find",
    "first",
    "folks",
    "friend",
    "friends",
    "full",
    "fun",
    "geek",
    "get",
    "gets",
    "getting",
    "go",
    "goal",
    "goals",
    "going",
    "good",
    "got",
    "great",
    "guy",
    "happy",
    "help",
    "helping",
    "hope",
    "hoped",
    "hoping",
    "idea",
    "ideas",
    "improve",
    "improving",
    "interested",
    "january",
    "join",
    "joined",
    "july",
    "june",
    "keen",
    "keep",
    "kind",
    "know",
    "knows",
    "lately",
    "learn",
    "learning",
    "less",
    "lesson",
    "lessons",
    "like",
    "little",
    "look",
    "looking",
    "lot",
    "lots",
    "love",
    "loves",
    "make",
    "making",
    "many",
    "march",
    "maybe",
    "month",
    "monthly",
    "months",
    "morning",
    "mornings",
    "much",
    "need",
    "needs",
    "nerd",
    "new",
    "next",
    "november",
    "october",
    "often",
    "one",
    "others",
    "own",
    "partner",
    "passionate",
    "people",
    "person",
    "plan",
    "planning",
    "plans",
    "practice",
    "practise",
    "pretty",
    "proper",
    "properly",
    "real",
    "really",
    "recently",
    "recommendations",
    "recs",
    "regularly",
    "searching",
    "season",
    "seeking",
    "september",
    "serious",
    "seriously",
    "share",
    "sharing",
    "sign",
    "signed",
    "somebody",
    "someday",
    "someone",
    "sometimes",
    "soon",
    "spring",
    "start",
    "started",
    "starting",
    "still",
    "study",
    "studying",
    "stuff",
    "summer",
    "take",
    "taking",
    "teach",
    "thing",
    "things",
    "time",
    "times",
    "tips",
    "together",
    "tried",
    "try",
    "trying",
    "two",
    "unwind",
    "unwinds",
    "wanna",
    "want",
    "wanting",
    "wants",
    "way",
    "week",
    "weekend",
    "weekends",
    "weekly",
    "well",
    "winter",
    "wish",
    "work",
    "working",
    "would",
    "year",
    "years",
    "багато",
    "весна",
    "весною",
    "вечорами",
    "взимку",
    "вивчати",
    "вивчаю",
    "вивчив",
    "вивчила",
    "вихідних",
    "вихідні",
    "влітку",
    "вміти",
    "восени",
    "вчити",
    "вчитися",
    "вчу",
    "вчуся",
    "допомагати",
    "допомога",
    "допомогти",
    "допоможу",
    "друг",
    "друзі",
    "дуже",
    "займатися",
    "займаюсь",
    "займаюся",
    "записався",
    "записалася",
    "захоплення",
    "захоплююся",
    "зима",
    "кожен",
    "кожного",
    "кожної",
    "колись",
    "краще",
    "любить",
    "люблю",
    "люди",
    "літо",
    "мета",
    "можу",
    "мрію",
    "мрія",
    "навесні",
    "навчаюсь",
    "навчаюся",
    "навчити",
    "навчитися",
    "навчу",
    "нарешті",
    "наступного",
    "новий",
    "нові",
    "осінь",
    "план",
    "планую",
    "пораджу",
    "поради",
    "порадити",
    "потрібен",
    "потрібна",
    "потрібно",
    "почав",
    "почала",
    "почати",
    "працювати",
    "пробую",
    "підкажу",
    "разом",
    "регулярно",
    "розповім",
    "розповісти",
    "роки",
    "році",
    "рік",
    "сезон",
    "спробувати",
    "тиждень",
    "треба",
    "трохи",
    "хобі",
    "хотів",
    "хотіла",
    "хочеться",
    "хочу",
    "хтось",
    "цікавить",
    "цікавлюсь",
    "цікавлюся",
    "ціль",
    "час",
    "шукаю",
    "щодня",
    "щоранку",
    "щотижня",
];

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn stems(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn the_word_lists_are_sorted_for_binary_search() {
        for list in [STOP_WORDS, FRAME_WORDS] {
            for pair in list.windows(2) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
        }
    }

    #[rstest]
    #[case::full_width_letters("ＲＵＳＴ", "rust")]
    #[case::ligature("ﬁshing", "fishing")]
    #[case::diacritics("Café Crème", "cafe creme")]
    #[case::sharp_s("Straße", "strasse")]
    #[case::ukrainian_apostrophe("М’яч", "мяч")]
    #[case::ukrainian_ghe("Ґанок", "ганок")]
    fn text_is_normalised_before_matching(#[case] text: &str, #[case] expected: &str) {
        assert_eq!(normalise(text), expected);
    }

    #[rstest]
    #[case::inflections("running runs runner's", &["run", "run", "runner"])]
    #[case::stop_words_go("the start of my own company", &["start", "own", "compani"])]
    #[case::languages_keep_symbols("C++ and C# but not ++", &["c++", "c#"])]
    #[case::hyphens_split("half-marathon", &["half", "marathon"])]
    #[case::ukrainian("Бігаю марафони", &["біг", "марафон"])]
    fn words_are_stemmed_and_stop_words_dropped(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(stems(text), expected);
    }

    #[test]
    fn frame_words_and_numbers_are_light() {
        let got: Vec<Weight> = words("want 42 sail")
            .into_iter()
            .map(|w| w.weight)
            .collect();
        assert_eq!(got, [Weight::Frame, Weight::Number, Weight::Content]);
    }

    #[test]
    fn text_of_only_stop_words_and_symbols_has_no_words() {
        assert!(words("  and the … !!! ").is_empty());
    }
}
