//! One module per export format. Each offers `detect`, which tells from a file's name and first
//! bytes whether it is that format, and `read`, which streams the whole file into a [`Sink`].
//! FORMATS.md (in the project's shared material) specifies every format and its quirks; the
//! modules cite its sections.

use std::io::BufRead;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::error::{Error, Location};
use crate::record::Sink;

mod facebook;
mod google;
mod json;
mod linkedin;
mod mbox;
mod messenger;
mod mojibake;
mod outlook;
mod telegram;
mod vcard;
mod whatsapp;

/// How many bytes of a file's start [`Format::detect`] looks at.
pub(crate) const HEAD: usize = 8 * 1024;

/// Every kind of file kith can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A vCard file (2.1, 3.0 or 4.0).
    Vcard,
    /// LinkedIn's `Connections.csv`.
    LinkedinConnections,
    /// LinkedIn's `messages.csv`.
    LinkedinMessages,
    /// A Google Contacts CSV.
    GoogleCsv,
    /// An Outlook contacts CSV.
    OutlookCsv,
    /// A Facebook friend list or friend-request file.
    FacebookFriends,
    /// A Messenger thread part (`message_N.json`).
    Messenger,
    /// A Telegram Desktop `result.json`.
    Telegram,
    /// A WhatsApp chat export.
    Whatsapp,
    /// A Gmail mbox from Google Takeout.
    Mbox,
}

impl Format {
    /// Every format, in the order detection tries them.
    pub const ALL: [Self; 10] = [
        Self::Messenger,
        Self::FacebookFriends,
        Self::Telegram,
        Self::LinkedinConnections,
        Self::LinkedinMessages,
        Self::GoogleCsv,
        Self::OutlookCsv,
        Self::Vcard,
        Self::Whatsapp,
        Self::Mbox,
    ];

    /// The format's name, as `--source` takes it and errors show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vcard => "vcard",
            Self::LinkedinConnections => "linkedin-connections",
            Self::LinkedinMessages => "linkedin-messages",
            Self::GoogleCsv => "google-csv",
            Self::OutlookCsv => "outlook-csv",
            Self::FacebookFriends => "facebook-friends",
            Self::Messenger => "messenger",
            Self::Telegram => "telegram",
            Self::Whatsapp => "whatsapp",
            Self::Mbox => "mbox",
        }
    }

    /// Reads a format's name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }

    /// The format of a file, from its name and its first bytes (up to 8 KiB of them),
    /// if it is one kith reads.
    pub fn detect(name: &str, head: &[u8]) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|format| format.matches(name, head))
    }

    /// Whether a file looks like this format.
    pub fn matches(self, name: &str, head: &[u8]) -> bool {
        match self {
            Self::Vcard => vcard::detect(name, head),
            Self::LinkedinConnections => linkedin::detect_connections(name, head),
            Self::LinkedinMessages => linkedin::detect_messages(name, head),
            Self::GoogleCsv => google::detect(name, head),
            Self::OutlookCsv => outlook::detect(name, head),
            Self::FacebookFriends => facebook::detect(name, head),
            Self::Messenger => messenger::detect(name, head),
            Self::Telegram => telegram::detect(name, head),
            Self::Whatsapp => whatsapp::detect(name, head),
            Self::Mbox => mbox::detect(name, head),
        }
    }

    /// Streams a whole file of this format into `sink`.
    pub fn read(
        self,
        input: &mut dyn BufRead,
        file: &Input<'_>,
        sink: &mut dyn Sink,
    ) -> Result<(), Error> {
        match self {
            Self::Vcard => vcard::read(input, file, sink),
            Self::LinkedinConnections => linkedin::read_connections(input, file, sink),
            Self::LinkedinMessages => linkedin::read_messages(input, file, sink),
            Self::GoogleCsv => google::read(input, file, sink),
            Self::OutlookCsv => outlook::read(input, file, sink),
            Self::FacebookFriends => facebook::read(input, file, sink),
            Self::Messenger => messenger::read(input, file, sink),
            Self::Telegram => telegram::read(input, file, sink),
            Self::Whatsapp => whatsapp::read(input, file, sink),
            Self::Mbox => mbox::read(input, file, sink),
        }
    }
}

/// Whether `head` looks like UTF-16 without the byte-order mark that tells readers so, and
/// which byte order: text that is mostly ASCII has a zero byte in every other place. Exports
/// are UTF-8 (FORMATS.md §0.1); a UTF-16 file without a BOM is one re-saved by a text editor,
/// and reads as binary to every format.
pub(crate) fn utf16_without_bom(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return None;
    }
    let pairs = &head[..head.len().min(512) & !1];
    if pairs.len() < 16 {
        return None;
    }
    let count = pairs.len() / 2;
    let zeros = |first: usize| {
        pairs
            .iter()
            .skip(first)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 2 >= count;
    let hardly = |n: usize| n * 20 <= count;
    match (mostly(odd) && hardly(even), mostly(even) && hardly(odd)) {
        (true, _) => Some("UTF-16LE"),
        (_, true) => Some("UTF-16BE"),
        _ => None,
    }
}

/// The file being read, for error messages, and the settings that reading depends on.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file as the user would find it: a path, or `archive.zip/inner/path` inside a zip.
    pub path: &'a Path,
    /// The zone in which times without one (WhatsApp, old Telegram) are read.
    pub zone: &'a TimeZone,
}

impl Input<'_> {
    /// The file's name without its folders (`message_1.json`).
    pub fn name(&self) -> &str {
        self.path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    /// An error at `at` in this file.
    pub fn malformed(&self, at: Location, problem: impl Into<String>) -> Error {
        Error::Malformed {
            file: self.path.to_owned(),
            at,
            problem: problem.into(),
        }
    }

    /// The error for a file that is UTF-16 without a byte-order mark ([`utf16_without_bom`]).
    pub(crate) fn utf16(&self, encoding: &str) -> Error {
        self.malformed(
            Location::File,
            format!(
                "the file is {encoding} text without a byte-order mark, which kith cannot read; \
                 save it as UTF-8 (a text editor's \"Save as\" offers it) and import it again"
            ),
        )
    }

    /// An error reading this file.
    pub fn io(&self, source: std::io::Error) -> Error {
        Error::Io {
            file: self.path.to_owned(),
            reason: source,
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn utf16(text: &str, order: fn(u16) -> [u8; 2]) -> Vec<u8> {
        text.encode_utf16().flat_map(order).collect()
    }

    #[rstest]
    #[case::little_endian(utf16("BEGIN:VCARD\r\nFN:Zoë\r\n", u16::to_le_bytes), Some("UTF-16LE"))]
    #[case::big_endian(utf16("First Name,Last Name\n", u16::to_be_bytes), Some("UTF-16BE"))]
    #[case::with_a_bom([&[0xFF, 0xFE][..], &utf16("First Name,Last Name\n", u16::to_le_bytes)].concat(), None)]
    #[case::utf8(b"BEGIN:VCARD\r\nFN:Zo\xC3\xAB\r\n".to_vec(), None)]
    #[case::binary((0..=255).collect(), None)]
    #[case::zeros(vec![0; 512], None)]
    fn utf16_without_a_bom_is_told_from_text_and_binary(
        #[case] head: Vec<u8>,
        #[case] found: Option<&str>,
    ) {
        assert_eq!(utf16_without_bom(&head), found);
    }
}
