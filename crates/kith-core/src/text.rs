//! Text normalisation shared by every part of the domain: cleaning user-given text and
//! folding names into keys that match across scripts and accents.

use unicode_normalization::UnicodeNormalization as _;

/// What every validated text type (a name, a fact, a circle) offers: the text as a `&str`, and
/// `Display` that honours width and alignment.
macro_rules! text_accessors {
    ($($name:ident),+ $(,)?) => {$(
        impl $name {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(&self.0)
            }
        }
    )+};
}
pub(crate) use text_accessors;

use crate::Error;

/// Folds text into a key for matching names across scripts, accents and spellings: Unicode
/// normalised (NFC), lowercased, Ukrainian transliterated by the national 2010 table (ь and
/// apostrophes dropped), Greek by ELOT 743 as people write their names in Latin letters,
/// German umlauts spelled out (`ü` → `ue`, so "Jürgen" and "Juergen" meet), everything else
/// transliterated to ASCII, punctuation and runs of whitespace made one space.
///
/// "Олена Коваль", "olena  koval" and "OLENA KOVAL" all fold to `olena koval`; "Анна-Марія"
/// and "Anna Mariia" to `anna mariia`.
pub fn fold(text: &str) -> String {
    fold_with(text, Umlauts::SpelledOut)
}

/// Every key a name is matched under: [`fold`]'s, and, for names with umlauts, the key with
/// the umlauts' dots simply dropped, as Turkish and Scandinavian names usually lose them
/// ("Özge Türkmen" is written "Ozge Turkmen", where "Jürgen" is written "Juergen").
pub fn fold_keys(text: &str) -> Vec<String> {
    let spelled_out = fold_with(text, Umlauts::SpelledOut);
    let dropped = fold_with(text, Umlauts::Dropped);
    if dropped == spelled_out {
        vec![spelled_out]
    } else {
        vec![spelled_out, dropped]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Umlauts {
    SpelledOut,
    Dropped,
}

fn fold_with(text: &str, umlauts: Umlauts) -> String {
    let chars: Vec<char> = text.nfc().flat_map(char::to_lowercase).collect();
    let mut key = String::with_capacity(text.len());
    let mut word_start = true;
    let mut previous = ' ';
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied().unwrap_or(' ');
        index += 1;
        if matches!(c, '\'' | '\u{2019}' | '\u{02bc}' | '`' | '\u{2018}') {
            // Apostrophes inside words (п'ять, O'Brien) are dropped, not made spaces.
            continue;
        }
        let spelled = match c {
            // Ukrainian, Cabinet of Ministers resolution No. 55 (2010): some letters are
            // spelled differently at the start of a word, and зг is zgh to tell it from ж.
            'г' if previous == 'з' => Some("gh"),
            'є' => Some(if word_start { "ye" } else { "ie" }),
            'ї' => Some(if word_start { "yi" } else { "i" }),
            'й' => Some(if word_start { "y" } else { "i" }),
            'ю' => Some(if word_start { "yu" } else { "iu" }),
            'я' => Some(if word_start { "ya" } else { "ia" }),
            // Greek (ELOT 743): ου, αυ and ευ are read as pairs.
            'ο' | 'α' | 'ε' if matches!(next, 'υ' | 'ύ') => {
                index += 1;
                Some(match c {
                    'ο' => "ou",
                    'α' => "av",
                    _ => "ev",
                })
            }
            'ä' | 'ö' | 'ü' if umlauts == Umlauts::Dropped => None,
            _ => ukrainian(c).or_else(|| greek(c)).or_else(|| german(c)),
        };
        let spelled = spelled
            .or_else(|| deunicode::deunicode_char(c))
            .unwrap_or(" ");
        previous = c;
        if spelled.is_empty() {
            continue;
        }
        for ascii in spelled.chars() {
            if ascii.is_ascii_alphanumeric() {
                key.push(ascii.to_ascii_lowercase());
                word_start = false;
            } else {
                if !key.is_empty() && !key.ends_with(' ') {
                    key.push(' ');
                }
                word_start = true;
            }
        }
    }
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

/// Greek letters by ELOT 743, the way Greeks write their names in Latin letters.
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' => "i",
        'θ' => "th",
        'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' | 'ώ' => "o",
        _ => return None,
    })
}

/// The 2010 table's letters whose spelling does not depend on their place in the word.
fn ukrainian(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "y",
        'і' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' => "",
        _ => return None,
    })
}

/// German letters as Germans write them without umlauts, so both spellings meet.
fn german(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        _ => return None,
    })
}

/// Trims `text` and checks it against the rules for a short, single-line label (a name, a
/// circle): not empty, at most `max` characters, no control characters.
pub(crate) fn single_line(
    text: &str,
    what: &'static str,
    max: usize,
    empty: Error,
) -> Result<String, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Err(empty);
    }
    if text.chars().any(char::is_control) {
        return Err(Error::ControlCharacters { what });
    }
    check_length(text, what, max)?;
    Ok(text.to_owned())
}

/// Trims `text` and checks it against the rules for free text (a fact, a follow-up): not
/// empty, at most `max` characters, no control characters but line breaks and tabs.
pub(crate) fn multi_line(
    text: &str,
    what: &'static str,
    max: usize,
    empty: Error,
) -> Result<String, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Err(empty);
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::ControlCharacters { what });
    }
    check_length(text, what, max)?;
    Ok(text.to_owned())
}

pub(crate) fn check_length(text: &str, what: &'static str, max: usize) -> Result<(), Error> {
    let len = text.chars().count();
    if len > max {
        return Err(Error::TooLong { what, len, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::cyrillic("Іван Петренко", "ivan petrenko")]
    #[case::soft_sign_dropped("Олена Коваль", "olena koval")]
    #[case::word_start_spellings("Юлія Яковенко", "yuliia yakovenko")]
    #[case::ye_and_yi("Євген Їжакевич", "yevhen yizhakevych")]
    #[case::zgh("Згурський", "zghurskyi")]
    #[case::apostrophe_dropped("Мар'яна О'Брайен", "mariana obraien")]
    #[case::shch("Щербак", "shcherbak")]
    #[case::umlauts_spelled_out("Jürgen Müller", "juergen mueller")]
    #[case::umlauts_spelled_out_already("Juergen Mueller", "juergen mueller")]
    #[case::sharp_s("Strauß", "strauss")]
    #[case::decomposed_accents("Ju\u{308}rgen", "juergen")]
    #[case::accents("Zoë  Brontë", "zoe bronte")]
    #[case::hyphen_is_a_space("Anne-Marie", "anne marie")]
    #[case::initials("Oliver J. Ashdown", "oliver j ashdown")]
    #[case::whitespace_runs("  Ada \t Lovelace ", "ada lovelace")]
    #[case::already_folded("ada", "ada")]
    #[case::symbols_only("!!!", "")]
    #[case::greek("Παναγιώτης Αντωνίου", "panagiotis antoniou")]
    #[case::greek_digraphs("Σοφία Μαυρίδου", "sofia mavridou")]
    #[case::greek_ev("Ευάγγελος", "evaggelos")]
    fn fold_matches_names_across_scripts_and_spacing(#[case] input: &str, #[case] key: &str) {
        assert_eq!(fold(input), key);
    }

    #[rstest]
    #[case::umlauts_either_way("Özge Türkmen", &["oezge tuerkmen", "ozge turkmen"])]
    #[case::german_spelled_out("Juergen", &["juergen"])]
    #[case::no_umlauts("Zoë Quill", &["zoe quill"])]
    fn names_with_umlauts_have_a_key_for_each_spelling(#[case] name: &str, #[case] keys: &[&str]) {
        assert_eq!(fold_keys(name), keys);
    }

    #[test]
    fn single_line_rejects_control_characters() {
        let err = single_line("a\u{7}b", "a name", 10, Error::EmptyName).unwrap_err();
        assert_eq!(err, Error::ControlCharacters { what: "a name" });
    }

    #[test]
    fn single_line_counts_characters_not_bytes() {
        assert!(single_line("Ада", "a name", 3, Error::EmptyName).is_ok());
        assert!(single_line("Ада!", "a name", 3, Error::EmptyName).is_err());
    }
}
