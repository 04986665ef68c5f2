//! Text normalisation shared by every part of the domain: cleaning user-given text and
//! folding names into keys that match across scripts and accents.

use crate::Error;

/// Folds text into a key for matching: transliterated to ASCII, lowercased, with runs of
/// whitespace collapsed to one space.
///
/// "Іван Петренко", "ivan  petrenko" and "IVAN PETRENKO" all fold to `ivan petrenko`, so a
/// person can be found by the name as typed on any keyboard.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut key = String::with_capacity(ascii.len());
    for word in ascii.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    key
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
    #[case::accents("Zoë  Brontë", "zoe bronte")]
    #[case::whitespace_runs("  Ada \t Lovelace ", "ada lovelace")]
    #[case::already_folded("ada", "ada")]
    fn fold_matches_names_across_scripts_and_spacing(#[case] input: &str, #[case] key: &str) {
        assert_eq!(fold(input), key);
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
