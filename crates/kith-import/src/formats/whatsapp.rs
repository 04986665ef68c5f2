//! WhatsApp's "Export chat" text (FORMATS.md §6): Android's `WhatsApp Chat with <name>.txt` and
//! iOS's `_chat.txt`, one chat per file.
//!
//! A line that starts with a message header (`1/4/23, 7:02 PM - Zoë Quill: …`,
//! `[31/12/2020, 21:15:03] Ines Ødegård: …`) begins a message or one of WhatsApp's own system
//! lines; every other line continues the message before it. Only headers are read: a message is
//! its author and its time, and its text is looked at only to tell WhatsApp's lines from
//! people's. Whether `3/6/18` is the 3rd of June or the 6th of March is decided once per file
//! (§6.3); until a date decides it, messages wait as numbers (date, time, author) and are sent
//! to the sink once it does.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, Read};
use std::path::Path;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use kith_core::fold;
use memchr::memchr;

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::record::{Author, ChatId, Contact, Service, Sink};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much of a line is kept. A header fits well within it; the rest of a longer line is
/// skipped, so that a file without line breaks cannot fill memory.
const KEPT: u64 = 64 * 1024;

/// How many messages wait for a date that shows the date order (FORMATS.md §6.3) before the
/// first header's hint decides it. A real chat shows it within days (any day after the 12th
/// does); waiting for ever would keep every message of a file whose dates never show it.
const MAX_PENDING: usize = 100_000;

/// The longest line a chat can have. WhatsApp sends at most 65,536 characters in a message, at
/// most 256 KiB of UTF-8, so a longer line is not a chat's (a file with no line breaks, or
/// binary data), and reading on through it would take long for nothing.
const MAX_LINE: u64 = 1 << 20;

/// The longest word between the date and the time (Finnish `klo`, FORMATS.md §6.2). The
/// reference regex takes any run of non-digits there; a bound keeps a continuation line that
/// happens to start with a date and mention a time from passing for a header.
const MAX_WORD: usize = 10;

/// The marks iOS puts before headers and before the text of attachments and system lines
/// (FORMATS.md §6.4).
const DIRECTION_MARKS: [char; 2] = ['\u{200E}', '\u{200F}'];

/// What comes before the chat's name in an export's file name (FORMATS.md §6.1): Android's
/// localized `WhatsApp Chat with <name>.txt`, and iOS's `WhatsApp Chat - <name>.zip` around
/// `_chat.txt`.
const NAME_PREFIXES: [&str; 4] = [
    "WhatsApp Chat with ",
    "WhatsApp Chat mit ",
    "WhatsApp-chatt med ",
    "WhatsApp Chat - ",
];

/// How the end-to-end encryption notice begins, which opens most chats (FORMATS.md §6.4). iOS
/// attributes it to the chat's name, so it is recognised even after an author.
const NOTICES: [&str; 2] = [
    "Messages and calls are end-to-end encrypted",
    "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
];

/// Words of WhatsApp's system lines (FORMATS.md §6.4) in the languages of the fixtures and the
/// benchmark, English and German, each with whether only a group has such a line: someone
/// created it or added someone. Those make a chat a group whatever its number of authors.
const EVENTS: [(&str, bool); 17] = [
    ("created group", true),
    ("created this group", true),
    ("added", true),
    ("erstellt", true),
    ("hinzugefügt", true),
    ("end-to-end encrypted", false),
    ("Ende-zu-Ende-verschlüsselt", false),
    ("joined using this group's invite link", false),
    ("left", false),
    ("removed", false),
    ("changed the subject", false),
    ("changed this group's icon", false),
    ("changed the group description", false),
    ("security code", false),
    ("changed their phone number", false),
    ("verlassen", false),
    ("entfernt", false),
];

/// How iOS ends the text of a media message sent without its media (FORMATS.md §6.4); like
/// system lines, these start with a direction mark, but they are messages.
const OMITTED: [&str; 2] = ["omitted", "weggelassen"];

/// Words some locales write for the 12-hour clock's halves (FORMATS.md §6.3).
const HALF_WORDS: [(&str, Half); 6] = [
    ("上午", Half::Am),
    ("下午", Half::Pm),
    ("午前", Half::Am),
    ("午後", Half::Pm),
    ("오전", Half::Am),
    ("오후", Half::Pm),
];

/// Whether a file is a WhatsApp chat: its first line is a message header, or its name is an
/// export's (so that a file cut at the start is reported, not passed over).
pub(crate) fn detect(name: &str, head: &[u8]) -> bool {
    let head = head.strip_prefix(BOM).unwrap_or(head);
    let first = &head[..memchr(b'\n', head).unwrap_or(head.len())];
    let first = String::from_utf8_lossy(first.strip_suffix(b"\r").unwrap_or(first));
    Header::parse(&first).is_some() || is_export_name(name)
}

fn is_export_name(name: &str) -> bool {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name == "_chat.txt"
        || (name.ends_with(".txt") && NAME_PREFIXES.iter().any(|p| name.starts_with(p)))
}

/// Streams one chat file into `sink`: the chat (keyed by the file's path), its authors as
/// members, every message with an author, and the owner when the file shows who they are.
pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let mut lines = Lines {
        input,
        file,
        buf: Vec::new(),
        number: 0,
    };
    let Some((_, first)) = lines.next()? else {
        sink.warn(format!(
            "`{}` is empty: it holds no chat",
            file.path.display()
        ));
        return Ok(());
    };
    // The first line is not quoted back: in a file cut at the start, it is message text.
    let Some(header) = Header::parse(&first) else {
        return Err(file.malformed(
            Location::Line(1),
            "expected a WhatsApp message header such as `1/4/23, 7:02 PM - Zoë Quill: …` or \
             `[31/12/2020, 21:15:03] Zoë Quill: …` at the start of the file; was the export cut \
             short at its start?",
        ));
    };
    let mut chat = Chat::open(file, sink, header.hint);
    chat.header(1, &header);
    while let Some((number, line)) = lines.next()? {
        // A line that is not a header continues the message before it (FORMATS.md §6.4).
        if let Some(header) = Header::parse(&line) {
            chat.header(number, &header);
        }
    }
    chat.finish();
    Ok(())
}

/// A file's lines without their line ends (LF or CRLF), decoded as UTF-8 with invalid bytes
/// replaced (FORMATS.md §6.1), the first one without its byte-order mark.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    file: &'a Input<'a>,
    buf: Vec<u8>,
    number: u64,
}

impl Lines<'_> {
    fn next(&mut self) -> Result<Option<(u64, Cow<'_, str>)>, Error> {
        self.buf.clear();
        let read = (&mut *self.input)
            .take(KEPT)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| self.file.io(e))?;
        if read == 0 {
            return Ok(None);
        }
        self.number += 1;
        if self.buf.last() != Some(&b'\n') {
            let whole = skip_line(self.input, MAX_LINE - KEPT).map_err(|e| self.file.io(e))?;
            if !whole {
                return Err(Error::TooLarge {
                    file: self.file.path.to_owned(),
                    at: Location::Line(self.number),
                    what: format!(
                        "a line longer than {} MiB starts here, and WhatsApp writes no line \
                         longer than a quarter of that; this is not a chat as WhatsApp exports \
                         it. Export the chat again",
                        MAX_LINE >> 20
                    ),
                });
            }
        }
        let mut line = self.buf.as_slice();
        if self.number == 1 {
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        line = line.strip_suffix(b"\n").unwrap_or(line);
        line = line.strip_suffix(b"\r").unwrap_or(line);
        // `from_utf8` checks ASCII a word at a time; the lossy decoder is only for bad bytes.
        let line = match std::str::from_utf8(line) {
            Ok(line) => Cow::Borrowed(line),
            Err(_) => String::from_utf8_lossy(line),
        };
        Ok(Some((self.number, line)))
    }
}

/// Skips what is left of a line longer than [`KEPT`], up to and including its line end; false
/// if more than `max` bytes of it are left.
fn skip_line(input: &mut dyn BufRead, max: u64) -> io::Result<bool> {
    let mut skipped = 0u64;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(true);
        }
        match memchr(b'\n', chunk) {
            Some(end) => {
                input.consume(end + 1);
                return Ok(skipped + end as u64 <= max);
            }
            None => {
                let all = chunk.len();
                input.consume(all);
                skipped += all as u64;
                if skipped > max {
                    return Ok(false);
                }
            }
        }
    }
}

/// A message header (FORMATS.md §6.2): the start of a line that begins a message or a system
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header<'a> {
    date: Written,
    clock: Clock,
    hint: Hint,
    /// What follows the header: `author: text`, or a system line's text.
    rest: &'a str,
}

/// A date as written: the year, and the other two components in the file's order, which only
/// the whole file tells (FORMATS.md §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    year: i16,
    first: i8,
    second: i8,
}

/// A time of day on the 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clock {
    hour: i8,
    minute: i8,
    second: i8,
}

/// A half of the 12-hour clock's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    Am,
    Pm,
}

/// Which of the two components besides the year is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    DayFirst,
    MonthFirst,
}

/// What a header's way of writing dates and times suggests about their order, for a file whose
/// dates never tell (FORMATS.md §6.3, step 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// `2024/10/31`: year, month, day.
    YearFirst,
    /// `31.12.20`: German, Russian, Finnish and others write the day first.
    Dotted,
    /// `1/4/23, 7:02 PM`: US English writes the month first.
    UsClock,
    /// `04/01/2023, 19:02` and the rest: most locales write the day first.
    Otherwise,
}

impl Hint {
    fn order(self) -> Order {
        match self {
            Self::YearFirst | Self::UsClock => Order::MonthFirst,
            Self::Dotted | Self::Otherwise => Order::DayFirst,
        }
    }

    fn explained(self) -> &'static str {
        match self {
            Self::YearFirst => "month first, as dates that start with the year are",
            Self::Dotted => "day first, as dates written with dots are",
            Self::UsClock => "month first, as US dates with an AM/PM clock are",
            Self::Otherwise => "day first, as dates are outside the US",
        }
    }
}

impl<'a> Header<'a> {
    /// Reads the header at the start of `line`, following the regex of FORMATS.md §6.2:
    /// `^[\u200E\u200F]*\[?(date)[,.]? \D*?(time)(?:\s?([ap]\.?\s?m\.?))?\]?(?: -|:)? (.*)$`,
    /// and checks that the numbers can be a date and a time.
    fn parse(line: &'a str) -> Option<Self> {
        let s = line.trim_start_matches(DIRECTION_MARKS);
        let s = s.strip_prefix('[').unwrap_or(s);
        let (date, date_hint, s) = Written::parse(s)?;
        let s = s.strip_prefix([',', '.']).unwrap_or(s);
        let s = s.strip_prefix(' ')?;
        let (word, s) = s.split_at(s.find(|c: char| c.is_ascii_digit())?);
        if word.chars().nth(MAX_WORD).is_some() {
            return None;
        }
        let (clock, us_clock, rest) = Clock::parse(s, word)?;
        let hint = match date_hint {
            Some(hint) => hint,
            None if us_clock => Hint::UsClock,
            None => Hint::Otherwise,
        };
        Some(Self {
            date,
            clock,
            hint,
            rest,
        })
    }
}

impl Written {
    /// `\d{1,4}[-/.] ?\d{1,4}[-/.] ?\d{1,4}`: the date, what its writing says about the order
    /// of its components, and the rest.
    fn parse(s: &str) -> Option<(Self, Option<Hint>, &str)> {
        let (a, a_digits, s) = number(s, 4)?;
        let (separator, s) = date_separator(s)?;
        let (b, _, s) = number(s, 4)?;
        let (_, s) = date_separator(s)?;
        let (c, c_digits, s) = number(s, 4)?;
        // A year of more than two digits comes first; otherwise it is last, and two digits
        // mean 2000 + yy (FORMATS.md §6.3).
        let (year, year_digits, first, second, hint) = if a_digits > 2 {
            (a, a_digits, b, c, Some(Hint::YearFirst))
        } else {
            (
                c,
                c_digits,
                a,
                b,
                (separator == '.').then_some(Hint::Dotted),
            )
        };
        let year = if year_digits <= 2 { year + 2000 } else { year };
        let day_or_month = 1..=31;
        if !day_or_month.contains(&first) || !day_or_month.contains(&second) {
            return None;
        }
        if first > 12 && second > 12 {
            return None;
        }
        let date = Self {
            year: i16::try_from(year).ok()?,
            first: i8::try_from(first).ok()?,
            second: i8::try_from(second).ok()?,
        };
        Some((date, hint, s))
    }
}

impl Clock {
    /// `\d{1,2}[.:]\d{1,2}(?:[.:]\d{1,2})?`, the half of the day after it or in `word` before
    /// it, and the end of the header: the time, whether its half of the day is written the US
    /// way (`PM`), and the rest of the line.
    fn parse<'s>(s: &'s str, word: &str) -> Option<(Self, bool, &'s str)> {
        let (hour, _, s) = number(s, 2)?;
        let (minute, _, s) = number(s.strip_prefix(['.', ':'])?, 2)?;
        let (second, s) = match s.strip_prefix(['.', ':']).and_then(|s| number(s, 2)) {
            Some((second, _, s)) => (second, s),
            None => (0, s),
        };
        // The half of the day is optional, so a line whose "PM" does not lead to a valid rest
        // is tried again without it, as the regex would backtrack.
        let (half, us_clock, rest) = match half(s).and_then(|(h, us, s)| Some((h, us, tail(s)?))) {
            Some((half, us_clock, rest)) => (Some(half), us_clock, rest),
            None => (half_word(word), false, tail(s)?),
        };
        let hour = match half {
            None if hour < 24 => hour,
            Some(Half::Am) if hour <= 12 => hour % 12,
            Some(Half::Pm) if hour <= 12 => hour % 12 + 12,
            _ => return None,
        };
        if minute > 59 || second > 59 {
            return None;
        }
        let clock = Self {
            hour: i8::try_from(hour).ok()?,
            minute: i8::try_from(minute).ok()?,
            second: i8::try_from(second).ok()?,
        };
        Some((clock, us_clock, rest))
    }
}

/// Up to `max` ASCII digits at the start of `s`: their value, how many there are, and the
/// rest. More digits than `max` make the caller's next expectation fail, as in the regex.
fn number(s: &str, max: usize) -> Option<(u16, usize, &str)> {
    let (value, digits) = s
        .bytes()
        .take(max)
        .take_while(u8::is_ascii_digit)
        .fold((0, 0), |(value, digits), d| {
            (value * 10 + u16::from(d - b'0'), digits + 1)
        });
    (digits > 0).then(|| (value, digits, &s[digits..]))
}

/// `[-/.] ?`: the separator between a date's components, and an optional space.
fn date_separator(s: &str) -> Option<(char, &str)> {
    let separator = s.chars().next().filter(|c| matches!(c, '-' | '/' | '.'))?;
    let s = &s[1..];
    Some((separator, s.strip_prefix(' ').unwrap_or(s)))
}

/// `\s?([ap]\.?\s?m\.?)` after the time: the half of the day, whether it is written the US way
/// (`PM`), and the rest. Any whitespace counts, because newer exports put U+202F or U+00A0
/// there (FORMATS.md §6.2); `a.m.`, `p. m.` and `pm` are the same thing (§6.3).
fn half(s: &str) -> Option<(Half, bool, &str)> {
    let s = skip_space(s);
    if let Some((half, rest)) = HALF_WORDS
        .iter()
        .find_map(|(word, half)| Some((*half, s.strip_prefix(word)?)))
    {
        return Some((half, false, rest));
    }
    let half = match s.chars().next()? {
        'a' | 'A' => Half::Am,
        'p' | 'P' => Half::Pm,
        _ => return None,
    };
    let rest = &s[1..];
    let rest = skip_space(rest.strip_prefix('.').unwrap_or(rest));
    let rest = rest.strip_prefix(['m', 'M'])?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let written = &s[..s.len() - rest.len()];
    Some((half, written == "AM" || written == "PM", rest))
}

/// The half of the day as a word before the time (`下午3:50`), if the word is one.
fn half_word(word: &str) -> Option<Half> {
    HALF_WORDS
        .iter()
        .find(|(w, _)| word.contains(w))
        .map(|&(_, half)| half)
}

fn skip_space(s: &str) -> &str {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_whitespace() => chars.as_str(),
        _ => s,
    }
}

/// `\]?(?: -|:)? (.*)`: the end of the header, and the rest of the line.
fn tail(s: &str) -> Option<&str> {
    let s = s.strip_prefix(']').unwrap_or(s);
    [" - ", ": ", " "]
        .into_iter()
        .find_map(|end| s.strip_prefix(end))
}

/// What a header begins (FORMATS.md §6.4).
#[derive(Debug, PartialEq, Eq)]
enum Line<'a> {
    /// Someone's message, whatever it holds: text, media, a deleted or an edited message.
    Message { author: Cow<'a, str> },
    /// WhatsApp's own line, with the author iOS gives it, and whether it shows a group.
    System {
        author: Option<Cow<'a, str>>,
        group: bool,
    },
}

/// Tells a message from a system line by what follows the header.
fn classify(rest: &str) -> Line<'_> {
    // Android writes system lines without an author.
    let Some((author, text)) = rest.split_once(": ") else {
        return Line::System {
            author: None,
            group: event(rest) == Some(true),
        };
    };
    let author = clean(author);
    // A group subject with `: ` in it splits a system line in the wrong place (FORMATS.md
    // §6.4): `You created group "Climb: 2024"`. A name with quotes and an event in it is that.
    if author.contains(['"', '“', '„', '«'])
        && let Some(group) = event(&author)
    {
        return Line::System {
            author: None,
            group,
        };
    }
    // iOS writes system lines under the chat's name with a mark before the text, as it also
    // does for media, so the text decides (FORMATS.md §6.4).
    let marked = text.starts_with(DIRECTION_MARKS);
    let text = text.trim_start_matches(DIRECTION_MARKS);
    let media = text.starts_with('<') || OMITTED.iter().any(|end| text.ends_with(end));
    let system = if NOTICES.iter().any(|notice| text.starts_with(notice)) {
        Some(false)
    } else if marked && !media {
        event(text)
    } else {
        None
    };
    match system {
        Some(group) => Line::System {
            author: Some(author),
            group,
        },
        None if author.is_empty() => Line::System {
            author: None,
            group: false,
        },
        None => Line::Message { author },
    }
}

/// Whether `text` is one of WhatsApp's system lines ([`EVENTS`]), and if so whether it shows
/// a group.
fn event(text: &str) -> Option<bool> {
    EVENTS
        .iter()
        .filter(|(words, _)| contains_words(text, words))
        .map(|&(_, group)| group)
        .reduce(|a, b| a || b)
}

/// Whether `words` occur in `text` between non-letters.
fn contains_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// An author's name without the invisible marks iOS puts around names and numbers (U+200E,
/// U+202A…, FORMATS.md §6.4), and without spaces at its ends. Zero-width joiners stay: emoji
/// need them.
fn clean(name: &str) -> Cow<'_, str> {
    fn invisible(c: char) -> bool {
        matches!(
            c,
            '\u{00AD}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
    }
    let name = name.trim_matches(|c: char| c.is_whitespace() || invisible(c));
    if name.contains(invisible) {
        Cow::Owned(name.chars().filter(|&c| !invisible(c)).collect())
    } else {
        Cow::Borrowed(name)
    }
}

/// WhatsApp shows people who are not in the phone's contacts as their number, always
/// international: `+380 67 123 4567`, `+1 (555) 012-3456` (FORMATS.md §6.1).
fn is_phone(author: &str) -> bool {
    let Some(number) = author.strip_prefix('+') else {
        return false;
    };
    number.bytes().filter(u8::is_ascii_digit).count() >= 7
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '(' | ')' | '.'))
}

/// An author as a member: a name, or a phone number without a name.
fn contact(author: &str) -> Contact {
    if is_phone(author) {
        Contact {
            phones: vec![author.to_owned()],
            ..Contact::default()
        }
    } else {
        Contact::named(author)
    }
}

/// The chat's name from the file's name, `Zoë Quill` in `WhatsApp Chat with Zoë Quill.txt`
/// (FORMATS.md §6.1): the other person in a one-to-one chat, the group's name otherwise.
fn party(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    let stem = if name == "_chat.txt" {
        path.parent()?.file_name()?.to_str()?.strip_suffix(".zip")?
    } else {
        name.strip_suffix(".txt")?
    };
    let title = NAME_PREFIXES.iter().find_map(|p| stem.strip_prefix(p))?;
    // A second export saved beside the first is `WhatsApp Chat with Zoë Quill (2).txt`.
    let copy = title
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once(" ("))
        .filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    Some(copy.map_or(title, |(title, _)| title))
}

/// A message reduced to what its time needs until the file's date order is known: never its
/// text.
#[derive(Debug, Clone, Copy)]
struct Message {
    line: u64,
    date: Written,
    clock: Clock,
    author: usize,
}

impl Message {
    /// The instant of the message's wall-clock time in `zone` (FORMATS.md §6.1: exports have
    /// no zone), or `None` for a date that does not exist, such as a 31st of February.
    fn at(&self, order: Order, zone: &TimeZone) -> Option<Timestamp> {
        let Written {
            year,
            first,
            second,
        } = self.date;
        let (month, day) = match order {
            Order::DayFirst => (second, first),
            Order::MonthFirst => (first, second),
        };
        let Clock {
            hour,
            minute,
            second,
        } = self.clock;
        let civil = DateTime::new(year, month, day, hour, minute, second, 0).ok()?;
        zone.to_timestamp(civil).ok()
    }
}

/// One chat file being read.
struct Chat<'a> {
    file: &'a Input<'a>,
    sink: &'a mut dyn Sink,
    key: String,
    id: ChatId,
    /// The chat's name: from the file's name, or from the first line's author on iOS, which
    /// writes the encryption notice under the chat's name (FORMATS.md §6.4).
    party: Option<String>,
    authors: Vec<String>,
    author_ids: HashMap<String, usize>,
    /// Whether a system line shows a group (someone created it or added someone).
    group: bool,
    order: Option<Order>,
    /// The first header's suggestion, for a file whose dates never decide.
    hint: Hint,
    previous: Option<Written>,
    /// Messages read before the date order was known.
    pending: Vec<Message>,
    /// Headers whose date does not exist in the file's order: how many, and the first's line.
    impossible: Option<(u64, u64)>,
}

impl<'a> Chat<'a> {
    fn open(file: &'a Input<'a>, sink: &'a mut dyn Sink, hint: Hint) -> Self {
        let key = file.path.to_string_lossy().into_owned();
        let id = sink.chat(Service::Whatsapp, &key, false);
        Self {
            file,
            sink,
            key,
            id,
            party: party(file.path).map(str::to_owned),
            authors: Vec::new(),
            author_ids: HashMap::new(),
            group: false,
            order: None,
            hint,
            previous: None,
            pending: Vec::new(),
            impossible: None,
        }
    }

    fn header(&mut self, line: u64, header: &Header<'_>) {
        if self.order.is_none()
            && let Some(order) = self.learn(header.date)
        {
            self.decide(order);
        }
        match classify(header.rest) {
            Line::System { author, group } => {
                self.group |= group;
                if line == 1 && self.party.is_none() {
                    self.party = author.map(Cow::into_owned);
                }
            }
            Line::Message { author } => {
                let message = Message {
                    line,
                    date: header.date,
                    clock: header.clock,
                    author: self.author(author),
                };
                match self.order {
                    Some(order) => self.send(order, message),
                    None => {
                        self.pending.push(message);
                        if self.pending.len() >= MAX_PENDING {
                            self.settle();
                        }
                    }
                }
            }
        }
    }

    /// The date order `date` shows, if any (FORMATS.md §6.3): a component above 12 is the day;
    /// and, since messages are in time order, a component that goes down within a year is the
    /// day too, because months only go up.
    fn learn(&mut self, date: Written) -> Option<Order> {
        let previous = self.previous.replace(date);
        if date.first > 12 {
            return Some(Order::DayFirst);
        }
        if date.second > 12 {
            return Some(Order::MonthFirst);
        }
        let previous = previous.filter(|p| p.year == date.year)?;
        match (date.first < previous.first, date.second < previous.second) {
            (true, false) => Some(Order::DayFirst),
            (false, true) => Some(Order::MonthFirst),
            _ => None,
        }
    }

    /// Decides the date order by the first header's hint, for a file whose dates do not.
    fn settle(&mut self) {
        let within = match self.pending.len() {
            MAX_PENDING => format!("its first {MAX_PENDING} messages"),
            _ => "it".to_owned(),
        };
        self.sink.warn(format!(
            "`{}`: no date in {within} shows whether the day or the month comes first; they \
             were read {}",
            self.file.path.display(),
            self.hint.explained()
        ));
        self.decide(self.hint.order());
    }

    fn decide(&mut self, order: Order) {
        self.order = Some(order);
        for message in std::mem::take(&mut self.pending) {
            self.send(order, message);
        }
    }

    fn author(&mut self, name: Cow<'_, str>) -> usize {
        if let Some(&id) = self.author_ids.get(name.as_ref()) {
            return id;
        }
        self.sink.member(self.id, &name, contact(&name));
        let id = self.authors.len();
        self.authors.push(name.clone().into_owned());
        self.author_ids.insert(name.into_owned(), id);
        id
    }

    fn send(&mut self, order: Order, message: Message) {
        match message.at(order, self.file.zone) {
            Some(at) => {
                let author = Author::Member(&self.authors[message.author]);
                self.sink.message(self.id, author, at);
            }
            None => self.impossible.get_or_insert((0, message.line)).0 += 1,
        }
    }

    /// Sends what waited for the date order, then what the whole file shows: whether the chat
    /// is a group, and who the owner is.
    fn finish(mut self) {
        if !self.pending.is_empty() {
            self.settle();
        }
        if let Some((count, line)) = self.impossible {
            self.sink.warn(format!(
                "`{}`: {count} line(s) that look like message headers have dates that do not \
                 exist, the first at line {line}; they were read as part of the message before \
                 them",
                self.file.path.display()
            ));
        }
        // A group has more than one author besides the owner (or a line saying so), so more
        // than two authors make one whoever the owner is.
        if self.group || self.authors.len() > 2 {
            self.sink.chat(Service::Whatsapp, &self.key, true);
        } else if let Some(owner) = owner(self.party.as_deref(), &self.authors) {
            self.sink.owner(Service::Whatsapp, owner, contact(owner));
        }
    }
}

/// In a one-to-one chat with `party`, the author who is not them is the owner. Names are
/// compared folded, since a file's name may be in another Unicode normal form than its text.
fn owner<'n>(party: Option<&str>, authors: &'n [String]) -> Option<&'n str> {
    let party = fold(party?);
    match authors {
        [a, b] if fold(a) == party && fold(b) != party => Some(b),
        [a, b] if fold(b) == party && fold(a) != party => Some(a),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use jiff::civil::{Date, date};
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::tally::{Batch, Month, Tally};

    const ANDROID_EN_US: &str = "whatsapp/android_en_US/WhatsApp Chat with Zoë Quill.txt";
    const ANDROID_DE_DE: &str = "whatsapp/android_de_DE/WhatsApp Chat mit Ines Ødegård.txt";
    const IOS_EN_GB: &str = "whatsapp/ios_en_GB/_chat.txt";

    fn data(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(path)
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a test timestamp")
    }

    /// Everything a read sends to its sink, in order.
    #[derive(Debug, Default)]
    struct Records {
        chats: Vec<(String, bool)>,
        members: Vec<(String, Contact)>,
        owners: Vec<(String, Contact)>,
        messages: Vec<(String, Timestamp)>,
        warnings: Vec<String>,
    }

    impl Sink for Records {
        fn contact(&mut self, _: Service, _: Contact) {
            panic!("WhatsApp chats have no contact lists");
        }

        fn chat(&mut self, service: Service, key: &str, group: bool) -> ChatId {
            assert_eq!(service, Service::Whatsapp);
            self.chats.push((key.to_owned(), group));
            ChatId(0)
        }

        fn member(&mut self, _: ChatId, key: &str, contact: Contact) {
            self.members.push((key.to_owned(), contact));
        }

        fn owner(&mut self, service: Service, key: &str, contact: Contact) {
            assert_eq!(service, Service::Whatsapp);
            self.owners.push((key.to_owned(), contact));
        }

        fn message(&mut self, _: ChatId, author: Author<'_>, at: Timestamp) {
            let Author::Member(key) = author else {
                panic!("WhatsApp messages name their author: {author:?}");
            };
            self.messages.push((key.to_owned(), at));
        }

        fn warn(&mut self, warning: String) {
            self.warnings.push(warning);
        }
    }

    impl Records {
        fn group(&self) -> bool {
            self.chats.iter().any(|(_, group)| *group)
        }

        fn authors(&self) -> Vec<&str> {
            self.messages
                .iter()
                .map(|(author, _)| author.as_str())
                .collect()
        }

        fn times(&self) -> Vec<Timestamp> {
            self.messages.iter().map(|(_, at)| *at).collect()
        }
    }

    fn read_into(
        sink: &mut dyn Sink,
        path: &str,
        bytes: &[u8],
        zone: &TimeZone,
    ) -> Result<(), Error> {
        let file = Input {
            path: Path::new(path),
            zone,
        };
        read(&mut &*bytes, &file, sink)
    }

    fn records(path: &str, text: &str) -> Records {
        let mut records = Records::default();
        read_into(&mut records, path, text.as_bytes(), &TimeZone::UTC).expect("the chat reads");
        records
    }

    /// A fixture read into [`Records`] and into a [`Tally`].
    fn fixture(path: &str, zone: &TimeZone) -> (Records, Batch) {
        let bytes = std::fs::read(data(path)).expect("the fixture exists");
        let mut records = Records::default();
        read_into(&mut records, path, &bytes, zone).expect("the fixture reads");
        let mut tally = Tally::new();
        read_into(&mut tally, path, &bytes, zone).expect("the fixture reads");
        (records, tally.finish())
    }

    fn month(month: Date, (sent, received): (u32, u32), first: &str, last: &str) -> Month {
        Month {
            month,
            sent,
            received,
            first: at(first),
            last: at(last),
        }
    }

    #[test]
    fn android_en_us_is_a_one_to_one_chat_whose_other_author_is_the_owner() {
        let (records, batch) = fixture(ANDROID_EN_US, &TimeZone::UTC);
        assert!(records.warnings.is_empty(), "{:?}", records.warnings);
        assert_eq!(records.chats, [(ANDROID_EN_US.to_owned(), false)]);
        // The encryption notice and the join line are not messages, nor are the continuation
        // lines of the multi-line message; media, deleted and edited messages are.
        assert_eq!(
            records.authors(),
            [
                "Zoë Quill",
                "Sam Example",
                "Zoë Quill",
                "Zoë Quill",
                "Sam Example",
                "Zoë Quill"
            ]
        );
        assert_eq!(
            batch.owners,
            [(Service::Whatsapp, Contact::named("Sam Example"))]
        );
        let [chat] = batch.chats.as_slice() else {
            panic!("one chat: {:?}", batch.chats)
        };
        assert!(!chat.group);
        let [zoe] = chat.members.as_slice() else {
            panic!("one member besides the owner: {:?}", chat.members)
        };
        assert_eq!(zoe.contact, Contact::named("Zoë Quill"));
        assert_eq!(
            zoe.months,
            [
                month(
                    date(2023, 1, 1),
                    (2, 3),
                    "2023-01-04T19:03:00Z",
                    "2023-01-04T19:08:00Z"
                ),
                month(
                    date(2023, 12, 1),
                    (0, 1),
                    "2023-12-31T23:59:00Z",
                    "2023-12-31T23:59:00Z"
                ),
            ]
        );
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn android_de_de_reads_dotted_dates_day_first_in_the_given_zone() {
        let berlin = TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").expect("a POSIX zone");
        let (records, batch) = fixture(ANDROID_DE_DE, &berlin);
        assert!(records.warnings.is_empty(), "{:?}", records.warnings);
        assert_eq!(
            records.messages,
            [
                ("Ines Ødegård".to_owned(), at("2020-12-31T20:15:00Z")),
                ("Ines Ødegård".to_owned(), at("2020-12-31T20:16:00Z")),
                ("Sam Example".to_owned(), at("2021-01-01T08:00:00Z")),
            ]
        );
        assert_eq!(
            batch.owners,
            [(Service::Whatsapp, Contact::named("Sam Example"))]
        );
        let [chat] = batch.chats.as_slice() else {
            panic!("one chat: {:?}", batch.chats)
        };
        assert!(!chat.group);
        let [ines] = chat.members.as_slice() else {
            panic!("one member besides the owner: {:?}", chat.members)
        };
        assert_eq!(ines.contact, Contact::named("Ines Ødegård"));
        assert_eq!(
            ines.months,
            [
                month(
                    date(2020, 12, 1),
                    (0, 2),
                    "2020-12-31T20:15:00Z",
                    "2020-12-31T20:16:00Z"
                ),
                month(
                    date(2021, 1, 1),
                    (1, 0),
                    "2021-01-01T08:00:00Z",
                    "2021-01-01T08:00:00Z"
                ),
            ]
        );
    }

    #[test]
    fn ios_en_gb_is_a_group_without_its_name_as_a_member() {
        let (records, batch) = fixture(IOS_EN_GB, &TimeZone::UTC);
        assert!(records.warnings.is_empty(), "{:?}", records.warnings);
        assert!(records.group());
        // The encryption notice under the group's name and "created this group" are
        // WhatsApp's; the attachment and "image omitted" are messages.
        assert_eq!(
            records.messages,
            [
                ("Ines Ødegård".to_owned(), at("2020-12-31T21:15:03Z")),
                ("Ines Ødegård".to_owned(), at("2020-12-31T21:16:10Z")),
                ("Sam Example".to_owned(), at("2021-01-01T09:00:00Z")),
                ("Zoë Quill".to_owned(), at("2021-01-01T09:01:00Z")),
            ]
        );
        // A group does not show who the owner is: the resolver decides.
        assert!(records.owners.is_empty());
        let [chat] = batch.chats.as_slice() else {
            panic!("one chat: {:?}", batch.chats)
        };
        assert!(chat.group);
        let members: Vec<(Option<&str>, Vec<u32>)> = chat
            .members
            .iter()
            .map(|m| {
                (
                    m.contact.name.as_deref(),
                    m.months.iter().map(|mo| mo.received).collect(),
                )
            })
            .collect();
        assert_eq!(
            members,
            [
                (Some("Ines Ødegård"), vec![2, 0]),
                (Some("Sam Example"), vec![0, 1]),
                (Some("Zoë Quill"), vec![0, 1]),
            ]
        );
    }

    #[rstest]
    #[case::android_en_us(ANDROID_EN_US)]
    #[case::android_de_de(ANDROID_DE_DE)]
    #[case::ios_en_gb(IOS_EN_GB)]
    fn every_fixture_is_detected_by_content_and_by_name(#[case] path: &str) {
        let bytes = std::fs::read(data(path)).expect("the fixture exists");
        assert!(detect("renamed.txt", &bytes), "by content");
        let name = Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name");
        assert!(detect(name, b""), "by name");
    }

    #[test]
    fn no_fixture_of_another_format_is_detected() {
        let mut paths = vec![data("")];
        let mut checked = 0;
        while let Some(path) = paths.pop() {
            if path.is_dir() {
                let entries = std::fs::read_dir(&path).expect("a folder");
                paths.extend(entries.map(|entry| entry.expect("an entry").path()));
            } else if !path.starts_with(data("whatsapp")) {
                let bytes = std::fs::read(&path).expect("a fixture");
                let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
                let name = path.file_name().and_then(|n| n.to_str()).expect("a name");
                assert!(!detect(name, head), "{}", path.display());
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} fixtures");
    }

    #[test]
    fn only_an_exports_own_name_is_detected_without_a_header() {
        assert!(detect("WhatsApp Chat with Zoë Quill (2).txt", b"cut"));
        assert!(detect("_chat.txt", b"cut"));
        assert!(!detect("WhatsApp notes.txt", b"cut"));
        assert!(!detect("chat.txt", b"cut"));
    }

    /// `[year, first, second, hour, minute, second]` of a header.
    fn numbers(header: &Header<'_>) -> [i16; 6] {
        let Header { date, clock, .. } = *header;
        let [first, second, hour, minute, seconds] = [
            date.first,
            date.second,
            clock.hour,
            clock.minute,
            clock.second,
        ]
        .map(i16::from);
        [date.year, first, second, hour, minute, seconds]
    }

    #[rstest]
    #[case::us_nnbsp("1/4/23, 7:02\u{202F}PM - a: b", [2023, 1, 4, 19, 2, 0], Hint::UsClock)]
    #[case::us_space("1/4/23, 7:02 PM - a: b", [2023, 1, 4, 19, 2, 0], Hint::UsClock)]
    #[case::midnight("1/4/23, 12:05 AM - a: b", [2023, 1, 4, 0, 5, 0], Hint::UsClock)]
    #[case::noon("1/4/23, 12:05 PM - a: b", [2023, 1, 4, 12, 5, 0], Hint::UsClock)]
    #[case::gb("04/01/2023, 19:02 - a: b", [2023, 4, 1, 19, 2, 0], Hint::Otherwise)]
    #[case::de("31.12.20, 21:15 - a: b", [2020, 31, 12, 21, 15, 0], Hint::Dotted)]
    #[case::es_dotted_pm(
        "23/06/2018, 01:55 p.m. - a: b",
        [2018, 23, 6, 13, 55, 0],
        Hint::Otherwise,
    )]
    #[case::es_nbsp_in_pm(
        "20/6/2017 8:28\u{A0}p.\u{A0}m. - a: b",
        [2017, 20, 6, 20, 28, 0],
        Hint::Otherwise,
    )]
    #[case::in_lower_pm(
        "12/06/2019, 12:14\u{202F}pm - a: b",
        [2019, 12, 6, 12, 14, 0],
        Hint::Otherwise,
    )]
    #[case::fi_word_and_dots(
        "13.6.2018 klo 21.25.15 - a: b",
        [2018, 13, 6, 21, 25, 15],
        Hint::Dotted,
    )]
    #[case::hu_no_separator("13. 6. 2018. 21:25:15 a: b", [2018, 13, 6, 21, 25, 15], Hint::Dotted)]
    #[case::ios_gb("[31/12/2020, 21:15:03] a: b", [2020, 31, 12, 21, 15, 3], Hint::Otherwise)]
    #[case::ios_marked(
        "\u{200E}[31/12/2020, 21:16:10] a: b",
        [2020, 31, 12, 21, 16, 10],
        Hint::Otherwise,
    )]
    #[case::ios_us("[7/11/2017, 8:20:41 PM] a: b", [2017, 7, 11, 20, 20, 41], Hint::UsClock)]
    #[case::ios_de("[31.12.20, 21:15:03] a: b", [2020, 31, 12, 21, 15, 3], Hint::Dotted)]
    #[case::year_first("[2024/10/31 15:50:46] a: b", [2024, 10, 31, 15, 50, 46], Hint::YearFirst)]
    #[case::zh_afternoon("2024/10/31 下午3:50 - a: b", [2024, 10, 31, 15, 50, 0], Hint::YearFirst)]
    fn headers_are_read_in_every_locale(
        #[case] line: &str,
        #[case] expected: [i16; 6],
        #[case] hint: Hint,
    ) {
        let header = Header::parse(line).expect("a header");
        assert_eq!(
            (numbers(&header), header.hint, header.rest),
            (expected, hint, "a: b")
        );
    }

    #[rstest]
    #[case::android_system_line("1/4/23, 7:02 PM - Messages and calls…", "Messages and calls…")]
    #[case::author_starting_like_am("13. 6. 2018. 21:25:15 Amelia: b", "Amelia: b")]
    #[case::text_after_a_dash("1/4/23, 7:02 PM -x", "-x")]
    #[case::nothing_after_the_header("1/4/23, 7:02 PM - ", "")]
    fn a_header_ends_where_the_regex_would_end_it(#[case] line: &str, #[case] rest: &str) {
        assert_eq!(Header::parse(line).map(|header| header.rest), Some(rest));
    }

    #[rstest]
    #[case::plain_text("Bring the rope.")]
    #[case::dash_and_colon("- and snacks: lots")]
    #[case::a_time("12:30 works: see you")]
    #[case::date_without_time("1/4/23 - Zoë: hi")]
    #[case::no_month_in_either_place("13/13/23, 7:02 PM - Zoë: hi")]
    #[case::day_zero("0/4/23, 7:02 PM - Zoë: hi")]
    #[case::hour_past_the_half_day("1/4/23, 13:02 PM - Zoë: hi")]
    #[case::hour_past_the_day("1/4/23, 24:02 - Zoë: hi")]
    #[case::minute_past_the_hour("1/4/23, 7:60 - Zoë: hi")]
    #[case::five_digit_number("12345/4/23, 7:02 - Zoë: hi")]
    #[case::sentence_before_the_time("1/4/23, then we left at 7:02 - Zoë: hi")]
    #[case::cut_in_the_time("1/4/23, 7:0")]
    #[case::empty("")]
    fn other_lines_are_not_headers(#[case] line: &str) {
        assert_eq!(Header::parse(line), None);
    }

    #[rstest]
    #[case::text("Zoë Quill: Are we still on?", "Zoë Quill")]
    #[case::media_omitted("Zoë Quill: <Media omitted>", "Zoë Quill")]
    #[case::media_attached("Zoë Quill: IMG-20230104-WA0003.jpg (file attached)", "Zoë Quill")]
    #[case::deleted("Sam Example: This message was deleted", "Sam Example")]
    #[case::edited("Zoë Quill: Happy new year <This message was edited>", "Zoë Quill")]
    #[case::german_media("Ines: <Medien ausgeschlossen>", "Ines")]
    #[case::ios_attachment("Ines: \u{200E}<attached: 00000012-PHOTO.jpg>", "Ines")]
    #[case::ios_image_omitted("Sam: \u{200E}image omitted", "Sam")]
    #[case::ios_document_named_like_an_event("Sam: \u{200E}why I left.pdf document omitted", "Sam")]
    #[case::ios_deleted("Sam: \u{200E}This message was deleted.", "Sam")]
    #[case::event_words_in_a_message("Sam: I added you to the list", "Sam")]
    #[case::ios_number_in_direction_marks("\u{202A}+1 555-0123\u{202C}: hi", "+1 555-0123")]
    fn messages_are_lines_with_an_author(#[case] rest: &str, #[case] author: &str) {
        assert_eq!(
            classify(rest),
            Line::Message {
                author: author.into()
            }
        );
    }

    #[rstest]
    #[case::android_notice("Messages and calls are end-to-end encrypted. Tap…", None, false)]
    #[case::android_join("+1 555-0123 joined using this group's invite link", None, false)]
    #[case::android_created("You created group \"Fjord Hikers\"", None, true)]
    #[case::android_created_with_colon("You created group \"Climb: 2024\"", None, true)]
    #[case::android_added("Sam Example added Zoë Quill", None, true)]
    #[case::german_created("Du hast die Gruppe „Fjord“ erstellt", None, true)]
    #[case::german_added("Sam hat Ines hinzugefügt", None, true)]
    #[case::ios_notice(
        "Fjord: \u{200E}Messages and calls are end-to-end encrypted.",
        Some("Fjord"),
        false
    )]
    #[case::ios_created("Sam: \u{200E}Sam created this group", Some("Sam"), true)]
    #[case::ios_left("Fjord: \u{200E}Zoë left", Some("Fjord"), false)]
    #[case::empty_author(": hi", None, false)]
    fn system_lines_are_not_messages(
        #[case] rest: &str,
        #[case] author: Option<&str>,
        #[case] group: bool,
    ) {
        let author = author.map(Cow::Borrowed);
        assert_eq!(classify(rest), Line::System { author, group });
    }

    #[rstest]
    #[case::by_a_later_day_above_12(
        "1/4/23, 7:02 PM - A: x\n1/13/23, 7:02 PM - B: y\n",
        ["2023-01-04T19:02:00Z", "2023-01-13T19:02:00Z"],
    )]
    #[case::by_a_first_day_above_12(
        "13/1/23, 07:02 - A: x\n3/2/23, 07:02 - B: y\n",
        ["2023-01-13T07:02:00Z", "2023-02-03T07:02:00Z"],
    )]
    #[case::by_a_system_line(
        "2/3/23, 07:02 - A: x\n2/3/23, 07:03 - B: y\n20/3/23, 07:02 - B left\n",
        ["2023-03-02T07:02:00Z", "2023-03-02T07:03:00Z"],
    )]
    #[case::by_a_first_component_going_down(
        "12/1/23, 07:02 - A: x\n3/2/23, 07:02 - B: y\n",
        ["2023-01-12T07:02:00Z", "2023-02-03T07:02:00Z"],
    )]
    #[case::by_a_second_component_going_down(
        "1/12/23, 07:02 - A: x\n2/3/23, 07:02 - B: y\n",
        ["2023-01-12T07:02:00Z", "2023-02-03T07:02:00Z"],
    )]
    #[case::not_by_a_new_year(
        "12/1/22, 07:02 - A: x\n1/2/23, 07:02 - B: y\n31/1/23, 07:03 - B left\n",
        ["2022-01-12T07:02:00Z", "2023-02-01T07:02:00Z"],
    )]
    fn the_date_order_is_decided_once_for_the_whole_file(
        #[case] text: &str,
        #[case] expected: [&str; 2],
    ) {
        let records = records("chat.txt", text);
        assert!(records.warnings.is_empty(), "{:?}", records.warnings);
        assert_eq!(records.times(), expected.map(at));
    }

    #[rstest]
    #[case::dots_day_first("1.2.23, 07:02 - A: x\n", "2023-02-01T07:02:00Z", "day first")]
    #[case::us_clock_month_first("1/2/23, 7:02 AM - A: x\n", "2023-01-02T07:02:00Z", "month first")]
    #[case::lower_case_clock_day_first(
        "1/2/23, 7:02 am - A: x\n",
        "2023-02-01T07:02:00Z",
        "day first"
    )]
    #[case::slashes_day_first("01/02/2023, 07:02 - A: x\n", "2023-02-01T07:02:00Z", "day first")]
    #[case::year_first_month_first(
        "[2023/01/02 07:02:00] A: x\n",
        "2023-01-02T07:02:00Z",
        "month first"
    )]
    fn an_undecided_file_follows_its_locale_and_says_so(
        #[case] text: &str,
        #[case] expected: &str,
        #[case] said: &str,
    ) {
        let records = records("chat.txt", text);
        assert_eq!(records.times(), [at(expected)]);
        let [warning] = records.warnings.as_slice() else {
            panic!("one warning: {:?}", records.warnings)
        };
        assert!(warning.contains(said), "{warning}");
    }

    #[test]
    fn a_header_whose_date_does_not_exist_is_skipped_with_a_warning() {
        let text = "13/1/23, 07:02 - A: x\n31/2/23, 07:02 - A: y\n14/1/23, 07:02 - B: z\n";
        let records = records("chat.txt", text);
        assert_eq!(records.authors(), ["A", "B"]);
        let [warning] = records.warnings.as_slice() else {
            panic!("one warning: {:?}", records.warnings)
        };
        assert!(warning.contains("line 2"), "{warning}");
    }

    #[test]
    fn phone_number_authors_are_members_with_that_phone_and_no_name() {
        let text = "13/1/23, 07:02 - +380 67 123 4567: hi\n13/1/23, 07:03 - Sam Example: hey\n";
        let records = records("WhatsApp Chat with +380 67 123 4567.txt", text);
        let phone = Contact {
            phones: vec!["+380 67 123 4567".to_owned()],
            ..Contact::default()
        };
        assert_eq!(records.members[0], ("+380 67 123 4567".to_owned(), phone));
        assert_eq!(
            records.owners,
            [("Sam Example".to_owned(), Contact::named("Sam Example"))]
        );
    }

    #[rstest]
    #[case::three_authors(
        "WhatsApp Chat with Fjord.txt",
        "13/1/23, 07:02 - A: x\n13/1/23, 07:02 - B: x\n13/1/23, 07:02 - C: x\n",
        true,
        None
    )]
    #[case::a_created_group_line(
        "WhatsApp Chat with A.txt",
        "13/1/23, 07:01 - You created group \"Fjord\"\n\
         13/1/23, 07:02 - A: x\n13/1/23, 07:02 - B: x\n",
        true,
        None
    )]
    #[case::two_authors_one_the_party(
        "WhatsApp Chat with A.txt",
        "13/1/23, 07:02 - A: x\n13/1/23, 07:02 - B: x\n",
        false,
        Some("B")
    )]
    #[case::a_second_copy_of_an_export(
        "WhatsApp Chat with A (2).txt",
        "13/1/23, 07:02 - A: x\n13/1/23, 07:02 - B: x\n",
        false,
        Some("B")
    )]
    #[case::a_file_name_in_another_normal_form(
        "WhatsApp Chat with Zoe\u{308}.txt",
        "13/1/23, 07:02 - Zoë: x\n13/1/23, 07:02 - B: x\n",
        false,
        Some("B")
    )]
    #[case::only_the_party_wrote(
        "WhatsApp Chat with A.txt",
        "13/1/23, 07:02 - A: x\n",
        false,
        None
    )]
    #[case::only_someone_else_wrote(
        "WhatsApp Chat with A.txt",
        "13/1/23, 07:02 - B: x\n",
        false,
        None
    )]
    #[case::the_party_never_wrote(
        "WhatsApp Chat with A.txt",
        "13/1/23, 07:02 - B: x\n13/1/23, 07:02 - C: x\n",
        false,
        None
    )]
    #[case::a_file_name_without_the_party(
        "chat.txt",
        "13/1/23, 07:02 - A: x\n13/1/23, 07:02 - B: x\n",
        false,
        None
    )]
    #[case::the_party_on_the_ios_zip(
        "WhatsApp Chat - A.zip/_chat.txt",
        "[13/1/23, 07:02:00] A: x\n[13/1/23, 07:02:00] B: x\n",
        false,
        Some("B")
    )]
    #[case::the_party_in_the_ios_notice(
        "_chat.txt",
        "[13/1/23, 07:02:00] A: \u{200E}Messages and calls are end-to-end encrypted.\n\
         [13/1/23, 07:02:00] A: x\n[13/1/23, 07:02:00] B: x\n",
        false,
        Some("B")
    )]
    fn groups_and_owners_are_told_from_the_authors_and_the_file_name(
        #[case] path: &str,
        #[case] text: &str,
        #[case] group: bool,
        #[case] owner: Option<&str>,
    ) {
        let records = records(path, text);
        assert_eq!(
            records.chats[0],
            (path.to_owned(), false),
            "the chat is keyed by its path"
        );
        assert_eq!(records.group(), group);
        let owners: Vec<&str> = records.owners.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(owners, Vec::from_iter(owner));
    }

    #[test]
    fn a_bom_crlf_line_ends_and_invalid_utf8_are_read() {
        let bytes = b"\xEF\xBB\xBF13/1/23, 07:02 - Zo\xEB: x\r\nmore\r\n13/1/23, 07:03 - B: y\r\n";
        let mut records = Records::default();
        read_into(&mut records, "chat.txt", bytes, &TimeZone::UTC).expect("the chat reads");
        assert_eq!(records.authors(), ["Zo\u{FFFD}", "B"]);
        assert_eq!(records.times()[1], at("2023-01-13T07:03:00Z"));
    }

    #[test]
    fn a_line_longer_than_what_is_kept_does_not_hide_the_next_header() {
        let long = "x".repeat(3 * usize::try_from(KEPT).expect("a small constant"));
        let records = records(
            "chat.txt",
            &format!("13/1/23, 07:02 - A: {long}\n13/1/23, 07:03 - B: y\n"),
        );
        assert_eq!(records.authors(), ["A", "B"]);
    }

    #[rstest]
    #[case::just_under_the_limit(MAX_LINE - 1, true)]
    #[case::over_the_limit(MAX_LINE + 1, false)]
    fn a_line_longer_than_any_chat_has_refuses_the_file(#[case] length: u64, #[case] ok: bool) {
        let header = "13/1/23, 07:02 - A: ";
        let long = "x".repeat(usize::try_from(length).expect("a small constant") - header.len());
        let chat = format!("{header}{long}\n13/1/23, 07:03 - B: y\n");
        let mut records = Records::default();
        let result = read_into(&mut records, "chat.txt", chat.as_bytes(), &TimeZone::UTC);
        match result {
            Ok(()) => assert!(ok, "read a line of {length} bytes"),
            Err(err) => {
                assert!(!ok, "{err}");
                assert!(
                    err.to_string()
                        .starts_with("`chat.txt` line 1: a line longer than 1 MiB starts here"),
                    "{err}"
                );
            }
        }
    }

    #[test]
    fn a_chat_whose_dates_never_show_their_order_is_not_held_in_memory() {
        // Every date is the 1st of January: nothing shows which component is the day.
        let chat = "1/1/23, 07:02 - A: x\n".repeat(MAX_PENDING + 1);
        let mut records = Records::default();
        read_into(&mut records, "chat.txt", chat.as_bytes(), &TimeZone::UTC).unwrap();
        assert_eq!(records.times().len(), MAX_PENDING + 1);
        assert_eq!(
            records.warnings,
            [format!(
                "`chat.txt`: no date in its first {MAX_PENDING} messages shows whether the day \
                 or the month comes first; they were read day first, as dates are outside \
                 the US"
            )]
        );
    }

    #[rstest]
    #[case::text_first("Bring the rope.\n1/4/23, 7:02 PM - A: x\n")]
    #[case::blank_line_first("\n1/4/23, 7:02 PM - A: x\n")]
    #[case::cut_header("1/4/23, 7:0")]
    fn a_file_that_does_not_start_with_a_header_is_malformed_at_line_1(#[case] text: &str) {
        let mut records = Records::default();
        let err = read_into(&mut records, "_chat.txt", text.as_bytes(), &TimeZone::UTC)
            .expect_err("not a chat");
        let Error::Malformed { at, problem, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(at, Location::Line(1));
        assert!(
            problem.contains("expected a WhatsApp message header"),
            "{problem}"
        );
    }

    #[test]
    fn an_empty_file_is_no_chat_and_a_warning() {
        let records = records("_chat.txt", "");
        assert!(records.chats.is_empty());
        assert_eq!(records.warnings.len(), 1);
    }

    /// Reads `bytes` through a [`Tally`]: it may fail, but only at its first line.
    fn reads_or_fails_at_line_1(bytes: &[u8]) -> Result<(), String> {
        let mut tally = Tally::new();
        match read_into(&mut tally, "_chat.txt", bytes, &TimeZone::UTC) {
            Ok(()) => {
                tally.finish();
                Ok(())
            }
            Err(Error::Malformed {
                at: Location::Line(1),
                ..
            }) => Ok(()),
            Err(err) => Err(format!("{err:?}")),
        }
    }

    #[rstest]
    #[case::android_en_us(ANDROID_EN_US)]
    #[case::android_de_de(ANDROID_DE_DE)]
    #[case::ios_en_gb(IOS_EN_GB)]
    fn every_truncation_of_a_fixture_reads_or_fails_at_line_1(#[case] path: &str) {
        let bytes = std::fs::read(data(path)).expect("the fixture exists");
        for len in 0..=bytes.len() {
            reads_or_fails_at_line_1(&bytes[..len]).unwrap_or_else(|e| panic!("at {len}: {e}"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
            prop_assert!(reads_or_fails_at_line_1(&bytes).is_ok());
            detect("_chat.txt", &bytes);
        }

        #[test]
        fn header_like_lines_never_panic_nor_make_more_messages_than_lines(
            lines in proptest::collection::vec(
                "\u{200E}?\\[?[0-9]{1,4}[-/.] ?[0-9]{1,4}[-/.] ?[0-9]{1,4}[,.]? [a-z]{0,3}\
                 [0-9]{1,2}[:.][0-9]{1,2}([:.][0-9]{1,2})?(\u{202F}?[AaPp]\\.? ?[Mm]\\.?)?\\]?\
                 ( -|:)? [A-Za-z +]{0,8}(: [a-z\u{200E}<>]{0,8})?",
                1..12,
            ),
        ) {
            let text = lines.join("\n");
            prop_assert!(reads_or_fails_at_line_1(text.as_bytes()).is_ok());
            let mut records = Records::default();
            if read_into(&mut records, "_chat.txt", text.as_bytes(), &TimeZone::UTC).is_ok() {
                prop_assert!(records.messages.len() <= lines.len());
            }
        }
    }
}
