//! BERT's tokenizer, read from a `tokenizer.json`: the `BertNormalizer`, the
//! `BertPreTokenizer` and the `WordPiece` model, the combination every BERT-family sentence
//! model uses (all-MiniLM-L6-v2, bge-small, e5-small).
//!
//! Written here rather than taken from the `tokenizers` crate, whose regex engines, rayon and
//! dozen other dependencies would cost more build time than all of kith's own code for the one
//! pipeline kith needs. It follows that crate's definitions (`normalizers/bert.rs`,
//! `pre_tokenizers/bert.rs`, `models/wordpiece`) so that the ids are the ones the model was
//! trained on; the real-model tests compare them with ids the reference implementation gave.
//! A `tokenizer.json` with any other pipeline is refused rather than tokenized differently.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization as _;

/// How text is normalised before it is split: the `BertNormalizer`'s switches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Normalizer {
    /// Drop control characters and turn every kind of white space into a space.
    pub clean_text: bool,
    /// Put spaces around CJK ideographs, so that each becomes a word of its own.
    pub handle_chinese_chars: bool,
    /// Decompose and drop combining marks ("café" → "cafe").
    pub strip_accents: bool,
    /// Lower-case everything.
    pub lowercase: bool,
}

/// The settings of a WordPiece vocabulary, apart from the vocabulary itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// How text is normalised.
    pub normalizer: Normalizer,
    /// The token for a word that cannot be spelled with the vocabulary.
    pub unk_token: String,
    /// What marks a piece that continues a word (`##`).
    pub continuing_subword_prefix: String,
    /// Longer words become the unknown token whole.
    pub max_input_chars_per_word: usize,
}

/// A WordPiece tokenizer: settings and a vocabulary of tokens in id order.
#[derive(Debug, Clone)]
pub struct WordPiece {
    settings: Settings,
    ids: HashMap<String, u32>,
    tokens: Vec<String>,
    unk: u32,
}

/// Why a `tokenizer.json` cannot be used.
pub(crate) type Refusal = String;

impl WordPiece {
    /// A tokenizer from its settings and its tokens in id order.
    ///
    /// # Errors
    /// When the vocabulary is empty, repeats a token or lacks the unknown token.
    pub fn new(settings: Settings, tokens: Vec<String>) -> Result<Self, Refusal> {
        let mut ids = HashMap::with_capacity(tokens.len());
        for (id, token) in tokens.iter().enumerate() {
            let id = u32::try_from(id).map_err(|_| "the vocabulary is too large".to_owned())?;
            if ids.insert(token.clone(), id).is_some() {
                return Err(format!("the vocabulary lists `{token}` twice"));
            }
        }
        let unk = *ids.get(&settings.unk_token).ok_or_else(|| {
            format!(
                "the vocabulary lacks its unknown token `{}`",
                settings.unk_token
            )
        })?;
        Ok(Self {
            settings,
            ids,
            tokens,
            unk,
        })
    }

    /// Reads a `tokenizer.json` (the Hugging Face format) that describes a BERT tokenizer.
    ///
    /// # Errors
    /// A sentence saying what is wrong, for a file that is not JSON or describes another
    /// kind of tokenizer.
    pub fn from_tokenizer_json(text: &str) -> Result<Self, Refusal> {
        let file: TokenizerJson =
            serde_json::from_str(text).map_err(|err| format!("not a tokenizer file: {err}"))?;
        let normalizer = match file.normalizer {
            Some(NormalizerJson::BertNormalizer {
                clean_text,
                handle_chinese_chars,
                strip_accents,
                lowercase,
            }) => Normalizer {
                clean_text,
                handle_chinese_chars,
                // `null` means "as lowercase" (tokenizers' `BertNormalizer::normalize`).
                strip_accents: strip_accents.unwrap_or(lowercase),
                lowercase,
            },
            other => {
                return Err(format!(
                    "kith reads BERT tokenizers (normalizer `BertNormalizer`), this one has {}",
                    describe(other.as_ref().map(NormalizerJson::name))
                ));
            }
        };
        match file.pre_tokenizer {
            Some(PreTokenizerJson::BertPreTokenizer) => {}
            other => {
                return Err(format!(
                    "kith reads BERT tokenizers (pre-tokenizer `BertPreTokenizer`), this one has {}",
                    describe(other.as_ref().map(|_| "another"))
                ));
            }
        }
        let ModelJson::WordPiece {
            unk_token,
            continuing_subword_prefix,
            max_input_chars_per_word,
            vocab,
        } = file.model
        else {
            return Err(
                "kith reads WordPiece tokenizers; this one uses another model (BPE, Unigram)"
                    .into(),
            );
        };
        let mut tokens = vec![None; vocab.len()];
        for (token, id) in vocab {
            match tokens.get_mut(id as usize) {
                Some(slot @ None) => *slot = Some(token),
                Some(Some(_)) => return Err(format!("two tokens have the id {id}")),
                None => {
                    return Err(format!(
                        "the token `{token}` has the id {id}, past the vocabulary's end"
                    ));
                }
            }
        }
        // Every slot is filled: `vocab.len()` distinct ids, each below `vocab.len()`.
        let tokens = tokens.into_iter().flatten().collect();
        Self::new(
            Settings {
                normalizer,
                unk_token,
                continuing_subword_prefix,
                max_input_chars_per_word,
            },
            tokens,
        )
    }

    /// The settings, to be stored beside the vocabulary.
    #[must_use]
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The tokens in id order.
    #[must_use]
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The id of a token, if the vocabulary has it.
    #[must_use]
    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The unknown token's id.
    #[must_use]
    pub fn unk(&self) -> u32 {
        self.unk
    }

    /// The ids of `text`'s tokens, without the `[CLS]`/`[SEP]` a model adds around them.
    /// Words the vocabulary cannot spell become the unknown token.
    #[must_use]
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let normal = normalize(text, self.settings.normalizer);
        let mut ids = Vec::new();
        for word in pre_tokenize(&normal) {
            self.word_pieces(word, &mut ids);
        }
        ids
    }

    /// Greedy longest-match-first, as WordPiece defines it: a word any part of which cannot be
    /// matched becomes one unknown token.
    fn word_pieces(&self, word: &str, ids: &mut Vec<u32>) {
        if word.chars().count() > self.settings.max_input_chars_per_word {
            ids.push(self.unk);
            return;
        }
        let before = ids.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while start < end {
                piece.clear();
                if start > 0 {
                    piece.push_str(&self.settings.continuing_subword_prefix);
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.ids.get(&piece) {
                    found = Some(id);
                    break;
                }
                end = word[..end]
                    .char_indices()
                    .next_back()
                    .map_or(start, |(index, _)| index);
            }
            let Some(id) = found else {
                ids.truncate(before);
                ids.push(self.unk);
                return;
            };
            ids.push(id);
            start = end;
        }
    }
}

fn describe(name: Option<&str>) -> String {
    name.map_or_else(|| "none".to_owned(), |name| format!("`{name}`"))
}

/// The `BertNormalizer`: clean, space out CJK ideographs, strip accents, lower-case, in that
/// order.
fn normalize(text: &str, how: Normalizer) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if how.clean_text {
            if c == '\0' || c == '\u{fffd}' || is_control(c) {
                continue;
            }
            if is_whitespace(c) {
                out.push(' ');
                continue;
            }
        }
        if how.handle_chinese_chars && is_chinese(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    if how.strip_accents {
        out = out
            .nfd()
            .filter(|&c| get_general_category(c) != GeneralCategory::NonspacingMark)
            .collect();
    }
    if how.lowercase {
        // Char by char, as the tokenizers crate does: `str::to_lowercase` would turn a final
        // capital sigma into `ς`, which BERT never saw.
        out = out.chars().flat_map(char::to_lowercase).collect();
    }
    out
}

/// The `BertPreTokenizer`: split on white space, and make every punctuation character a word
/// of its own.
fn pre_tokenize(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_whitespace)
        .flat_map(split_punctuation)
        .filter(|word| !word.is_empty())
}

fn split_punctuation(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = word;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let end = if is_punctuation(first) {
            first.len_utf8()
        } else {
            chars
                .find(|&(_, c)| is_punctuation(c))
                .map_or(rest.len(), |(index, _)| index)
        };
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some(piece)
    })
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Every "other" category (control, format, surrogate, private use, unassigned) except the
/// three white-space controls.
fn is_control(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r')
        && matches!(
            get_general_category(c),
            GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::Surrogate
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
        )
}

/// ASCII symbols count as punctuation too (`$`, `+`, `^`), as in BERT's original tokenizer.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            GeneralCategory::ConnectorPunctuation
                | GeneralCategory::DashPunctuation
                | GeneralCategory::ClosePunctuation
                | GeneralCategory::FinalPunctuation
                | GeneralCategory::InitialPunctuation
                | GeneralCategory::OtherPunctuation
                | GeneralCategory::OpenPunctuation
        )
}

/// The CJK Unified Ideographs blocks, as BERT lists them.
fn is_chinese(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B920..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

/// The parts of `tokenizer.json` kith reads; the rest (padding, truncation, post-processor,
/// added tokens) concerns the model's input, which kith builds itself.
#[derive(Deserialize)]
struct TokenizerJson {
    normalizer: Option<NormalizerJson>,
    pre_tokenizer: Option<PreTokenizerJson>,
    model: ModelJson,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum NormalizerJson {
    BertNormalizer {
        clean_text: bool,
        handle_chinese_chars: bool,
        strip_accents: Option<bool>,
        lowercase: bool,
    },
    #[serde(other)]
    Other,
}

impl NormalizerJson {
    fn name(&self) -> &'static str {
        match self {
            Self::BertNormalizer { .. } => "BertNormalizer",
            Self::Other => "another",
        }
    }
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum PreTokenizerJson {
    BertPreTokenizer,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum ModelJson {
    WordPiece {
        unk_token: String,
        continuing_subword_prefix: String,
        max_input_chars_per_word: usize,
        vocab: HashMap<String, u32>,
    },
    #[serde(other)]
    Other,
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn tokenizer() -> WordPiece {
        let tokens = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "start", "a", "company", "un", "##aff", "##able",
            "cafe", ",", "!", "-", "东", "京", "##s", "run", "##ning",
        ];
        WordPiece::new(
            Settings {
                normalizer: Normalizer {
                    clean_text: true,
                    handle_chinese_chars: true,
                    strip_accents: true,
                    lowercase: true,
                },
                unk_token: "[UNK]".into(),
                continuing_subword_prefix: "##".into(),
                max_input_chars_per_word: 12,
            },
            tokens.iter().map(|t| (*t).to_owned()).collect(),
        )
        .expect("a valid vocabulary")
    }

    fn pieces(text: &str) -> Vec<String> {
        let tokenizer = tokenizer();
        tokenizer
            .encode(text)
            .into_iter()
            .map(|id| tokenizer.tokens()[id as usize].clone())
            .collect()
    }

    #[rstest]
    #[case::plain_words("Start a company", &["start", "a", "company"])]
    #[case::longest_piece_first("unaffable", &["un", "##aff", "##able"])]
    #[case::continuation_pieces("runnings", &["run", "##ning", "##s"])]
    #[case::accents_stripped_and_lowered("CAFÉ", &["cafe"])]
    #[case::punctuation_split_off("start,company!", &["start", ",", "company", "!"])]
    #[case::ascii_symbols_are_punctuation("a-a", &["a", "-", "a"])]
    #[case::unicode_punctuation_split_off("a«company»", &["a", "[UNK]", "company", "[UNK]"])]
    #[case::cjk_ideographs_are_words("东京", &["东", "京"])]
    #[case::unspellable_word_is_one_unknown("companyx", &["[UNK]"])]
    #[case::overlong_word_is_unknown("unaffableunaffable", &["[UNK]"])]
    #[case::control_characters_dropped("st\u{200b}art\tA", &["start", "a"])]
    #[case::nothing_but_space(" \n ", &[])]
    fn text_becomes_wordpiece_tokens(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(pieces(text), expected);
    }

    #[test]
    fn a_tokenizer_json_of_another_kind_is_refused_by_name() {
        let json = r###"{"normalizer": {"type": "NFKC"}, "pre_tokenizer": {"type": "BertPreTokenizer"},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0}}}"###;
        let refusal = WordPiece::from_tokenizer_json(json).expect_err("not BERT's normalizer");
        assert!(refusal.contains("BertNormalizer"), "{refusal}");
    }

    #[test]
    fn a_vocabulary_with_a_gap_in_its_ids_is_refused() {
        let json = r###"{"normalizer": {"type": "BertNormalizer", "clean_text": true,
            "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "a": 2}}}"###;
        let refusal = WordPiece::from_tokenizer_json(json).expect_err("id 2 of 2");
        assert!(refusal.contains("past the vocabulary's end"), "{refusal}");
    }
}
