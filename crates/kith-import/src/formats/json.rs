//! The bound on JSON strings that the JSON formats (Facebook friend lists, Messenger threads,
//! Telegram exports) share. `serde_json` holds every string it hands over (a name, a key)
//! whole in memory, so a file with a gigabyte-long name, or a quote that is never closed,
//! would take that much memory before any check could see it. [`Strings`] watches the bytes on
//! their way to `serde_json` and stops the file once a string grows past [`MAX_STRING`];
//! strings that are skipped unread (message text) are bounded too, since no export writes one
//! that long (docs/limits.md).

use std::io::{self, Read};

use memchr::memchr2;

use crate::error::{Error, Location};
use crate::formats::Input;

/// The longest JSON string kith reads, in bytes. The longest strings in real exports are
/// message texts: Telegram allows 4,096 characters and Messenger 20,000, which Facebook's
/// `\u00XX` escaping (FORMATS.md §1.5) writes in at most 480,000 bytes.
pub(crate) const MAX_STRING: u64 = 1 << 20;

/// Passes JSON through, failing with [`TooLong`] once a string is longer than [`MAX_STRING`],
/// and counting lines so that the error can say where the string starts.
#[derive(Debug)]
pub(crate) struct Strings<R> {
    inner: R,
    /// The line being read, 1-based.
    line: u64,
    /// Inside a string: the line it starts on and its bytes so far.
    string: Option<(u64, u64)>,
    /// The last byte inside a string was an escaping backslash.
    escaped: bool,
}

impl<R> Strings<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self {
            inner,
            line: 1,
            string: None,
            escaped: false,
        }
    }

    /// Follows `bytes` through strings and line breaks.
    fn scan(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        let mut at = 0;
        while at < bytes.len() {
            match &mut self.string {
                Some((line, length)) => {
                    if self.escaped {
                        self.escaped = false;
                        at += 1;
                        *length += 1;
                        continue;
                    }
                    let rest = &bytes[at..];
                    let step = match memchr2(b'"', b'\\', rest) {
                        Some(found) => {
                            if rest[found] == b'\\' {
                                self.escaped = true;
                            }
                            found + 1
                        }
                        None => rest.len(),
                    };
                    *length += step as u64;
                    if *length > MAX_STRING {
                        return Err(TooLong { line: *line });
                    }
                    if rest[step - 1] == b'"' && !self.escaped {
                        self.string = None;
                    }
                    at += step;
                }
                None => match memchr2(b'"', b'\n', &bytes[at..]) {
                    Some(found) => {
                        if bytes[at + found] == b'\n' {
                            self.line += 1;
                        } else {
                            self.string = Some((self.line, 0));
                        }
                        at += found + 1;
                    }
                    None => at = bytes.len(),
                },
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Strings<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.scan(&buf[..read]).map_err(io::Error::other)?;
        Ok(read)
    }
}

/// A string longer than [`MAX_STRING`], starting on `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLong {
    line: u64,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a string longer than {} MiB", MAX_STRING >> 20)
    }
}

impl std::error::Error for TooLong {}

/// An error reading a JSON file: ours if [`Strings`] stopped it, else the file's own.
pub(crate) fn io_error(file: &Input<'_>, err: io::Error) -> Error {
    match err
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<TooLong>())
    {
        Some(&TooLong { line }) => Error::TooLarge {
            file: file.path.to_owned(),
            at: Location::Line(line),
            what: format!(
                "a text longer than {} MiB starts here, and no export kith reads writes one \
                 (messages are at most a few hundred KB); the file is damaged or is not an \
                 export. Export it again",
                MAX_STRING >> 20
            ),
        },
        None => file.io(err),
    }
}

/// serde_json's words for a syntax error, with what they mean for an export and what to do.
pub(crate) fn syntax(message: &str) -> String {
    let hint = match message {
        // serde_json's name for bytes that are not UTF-8.
        "invalid unicode code point" => {
            "the text is not UTF-8; was the file saved again in another encoding? Export it again"
        }
        "trailing characters" => {
            "more follows the end of the document; was something added to the file? Export it \
             again"
        }
        _ => "the file is damaged or was edited; export it again",
    };
    format!("{message}: {hint}")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    /// Reads `json` through [`Strings`] in chunks of `chunk` bytes, as a reader might hand
    /// them over.
    fn scan(json: &[u8], chunk: usize) -> Result<(), TooLong> {
        let mut strings = Strings::new(());
        json.chunks(chunk).try_for_each(|part| strings.scan(part))
    }

    fn string_of(length: usize) -> Vec<u8> {
        let mut json = b"{\n\"name\":\n\"".to_vec();
        json.resize(json.len() + length, b'a');
        json.extend_from_slice(b"\"}");
        json
    }

    #[rstest]
    #[case::whole(usize::MAX)]
    #[case::byte_by_byte(1)]
    #[case::in_odd_chunks(7)]
    fn a_string_at_the_limit_passes_and_one_byte_more_fails_on_its_line(#[case] chunk: usize) {
        // The closing quote counts towards the string's bytes.
        assert_eq!(scan(&string_of(MAX_STRING as usize - 1), chunk), Ok(()));
        assert_eq!(
            scan(&string_of(MAX_STRING as usize), chunk),
            Err(TooLong { line: 3 })
        );
    }

    #[rstest]
    #[case::escaped_quote(br#"{"a":"\"}"#, false)]
    #[case::escaped_backslash_then_quote(br#"{"a":"\\"}"#, true)]
    #[case::unicode_escape_of_a_quote(br#"{"a":"\u0022"}"#, true)]
    fn escapes_are_followed(#[case] json: &[u8], #[case] closed: bool) {
        // A long run of spaces after it is harmless only outside a string.
        let mut long = json.to_vec();
        long.extend(std::iter::repeat_n(b' ', MAX_STRING as usize + 1));
        for chunk in [1, 2, 3, usize::MAX] {
            assert_eq!(scan(&long, chunk).is_ok(), closed, "chunks of {chunk}");
        }
    }

    #[test]
    fn many_short_strings_add_up_to_nothing() {
        let json = br#"{"a":"b","c":["d","e"]}"#.repeat(100_000);
        assert_eq!(scan(&json, 4096), Ok(()));
    }
}
