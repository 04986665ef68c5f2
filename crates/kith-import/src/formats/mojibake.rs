//! The repair of Facebook's mojibake, shared by the friend lists and Messenger (FORMATS.md
//! §1.5): Facebook writes each byte of a string's UTF-8 as its own `\u00XX` escape, so a JSON
//! parser reads `Zoë` back as `ZoÃ«`. Taking such a string's chars as bytes gives the UTF-8
//! back. The repair runs on decoded strings, after the JSON parser, which keeps escaped
//! backslashes (`\\u00e9`) out of harm's way.

use std::borrow::Cow;

/// Undoes the mojibake in `text`, or returns it as it is when it cannot be mojibake: when it
/// is plain ASCII (without allocating), when it has a char above U+00FF (it was never
/// reinterpreted as Latin-1), or when its chars taken as bytes are not UTF-8 (genuine Latin-1
/// such as `Café`, whose lone `é` byte is no UTF-8).
///
/// Text that is itself valid mojibake-looking Latin-1 (someone typing `Ã©`) is "repaired" too;
/// FORMATS.md §1.5 judges that negligible.
pub(crate) fn repair(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || text.chars().any(|c| u32::from(c) > 0xFF) {
        return Cow::Borrowed(text);
    }
    let bytes = text.chars().map(|c| c as u8).collect();
    match String::from_utf8(bytes) {
        Ok(repaired) => Cow::Owned(repaired),
        Err(_) => Cow::Borrowed(text),
    }
}

/// [`repair`] for a string the caller owns, which is handed back when nothing needs repair.
pub(crate) fn repair_owned(text: String) -> String {
    match repair(&text) {
        Cow::Owned(repaired) => repaired,
        Cow::Borrowed(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    /// What Facebook writes for `text` once a JSON parser has decoded it (FORMATS.md §1.5).
    fn mojibake(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    #[rstest]
    #[case::two_byte_letter("Zo\u{c3}\u{ab} Quill", "Zoë Quill")]
    #[case::three_byte_apostrophe("don\u{e2}\u{80}\u{99}t", "don’t")]
    #[case::four_byte_emoji("\u{f0}\u{9f}\u{98}\u{80}", "😀")]
    #[case::genuine_latin1_is_kept("Café", "Café")]
    #[case::correct_text_above_latin1_is_kept("Ayşe Zoë", "Ayşe Zoë")]
    #[case::ascii_is_kept("Sam Example", "Sam Example")]
    #[case::empty("", "")]
    fn repairs_facebook_mojibake_and_only_that(#[case] decoded: &str, #[case] expected: &str) {
        assert_eq!(repair(decoded), expected);
        assert_eq!(repair_owned(decoded.to_owned()), expected);
    }

    #[test]
    fn plain_ascii_is_not_copied() {
        assert!(matches!(repair("Bartholomew Ng"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn repair_undoes_the_mojibake_of_any_text(text in any::<String>()) {
            let written = mojibake(&text);
            prop_assert_eq!(repair(&written), text.as_str());
        }

        #[test]
        fn repair_keeps_text_with_chars_above_latin1(text in any::<String>()) {
            let text = format!("{text}ş");
            prop_assert_eq!(repair(&text), text.as_str());
        }
    }
}
