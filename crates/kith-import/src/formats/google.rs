//! Google Contacts CSV, current (FORMATS.md §3.1) and legacy (§3.2), and the CSV reading that
//! Outlook (§3.3) and LinkedIn (§2) share with it.
//!
//! [`Table`] turns a CSV file into rows of text: it finds the header line (after a preamble if the
//! format has one), decides the encoding (a BOM, else UTF-8 until a field proves the file is
//! Windows-1252), sniffs the delimiter, bounds how long a row may grow, and names the line when a
//! value is wrong or the file was cut short. [`read_contacts`] maps a contact list's columns to a
//! [`Contact`] through a vocabulary each format supplies, so that the Google and Outlook flavours
//! differ only in their column names.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{BTreeMap, VecDeque};
use std::io::{self, BufRead, BufReader, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, WINDOWS_1252};
use jiff::civil::Date;
use kith_core::FactKind;

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::record::{Contact, Service, Sink};

/// A Google Contacts header, current or legacy.
const HEADER: Header = Header {
    example: "First Name,Middle Name,Last Name,…,Labels,…",
    preamble: 0,
    accept: is_header,
};

fn is_header(names: &[String]) -> bool {
    let has = |name| has(names, name);
    (has("First Name") && has("Last Name") && has("Labels"))
        || (has("Given Name") && has("Family Name") && has("Group Membership"))
}

pub(crate) fn detect(_name: &str, head: &[u8]) -> bool {
    HEADER.is_in(head)
}

pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    read_contacts(input, file, sink, Service::Google, &HEADER, column)
}

/// What a Google column holds. The current and legacy headers (§3.1, §3.2) never give one name
/// two meanings, so one vocabulary reads both.
fn column(name: &str) -> Option<Field> {
    Some(match name {
        "Name" => Field::FullName,
        "First Name" | "Given Name" => Field::Given,
        "Middle Name" | "Additional Name" => Field::Middle,
        "Last Name" | "Family Name" => Field::Family,
        "Nickname" => Field::Nickname,
        "Organization Name" => Field::Organization(0),
        "Organization Title" => Field::Title(0),
        "Birthday" => Field::Birthday,
        "Notes" => Field::Notes,
        "Labels" | "Group Membership" => Field::Circles(MULTI),
        _ => {
            let numbered = |prefix: &str, suffix: &str| -> Option<u32> {
                name.strip_prefix(prefix)?
                    .strip_suffix(suffix)?
                    .parse()
                    .ok()
            };
            if numbered("E-mail ", " - Value").is_some() {
                Field::Email
            } else if numbered("Phone ", " - Value").is_some() {
                Field::Phone
            } else if let Some(n) = numbered("Organization ", " - Name") {
                Field::Organization(n)
            } else {
                Field::Title(numbered("Organization ", " - Title")?)
            }
        }
    })
}

/// Google joins the values of one cell with this (§3.1).
const MULTI: &str = " ::: ";

// ------------------------------------------------------------------------------------------------
// Contact lists

/// What a contact-list column holds, for [`read_contacts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The whole name (legacy Google `Name`).
    FullName,
    /// The given name.
    Given,
    /// A middle name.
    Middle,
    /// The family name.
    Family,
    /// A nickname, the name of last resort.
    Nickname,
    /// E-mail addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// The employer of the job numbered so (its title is in the matching [`Field::Title`]).
    Organization(u32),
    /// The title of the job numbered so.
    Title(u32),
    /// A birthday.
    Birthday,
    /// Free notes.
    Notes,
    /// Labels or categories, split on the separator given.
    Circles(&'static str),
}

/// Reads a contact list whose columns `vocabulary` explains: each row with a name, an e-mail
/// address or a phone number becomes a contact of `service`.
pub(crate) fn read_contacts(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
    service: Service,
    header: &Header,
    vocabulary: fn(&str) -> Option<Field>,
) -> Result<(), Error> {
    let mut table = Table::open(input, *file, header)?;
    let fields: Vec<(usize, Field)> = (table.names().iter().enumerate())
        .filter_map(|(column, name)| Some((column, vocabulary(name)?)))
        .collect();
    let mut empty = 0u64;
    while table.next()? {
        let contact = contact(&table, &fields);
        if contact.name.is_none() && contact.emails.is_empty() && contact.phones.is_empty() {
            empty += 1;
            continue;
        }
        sink.contact(service, contact);
    }
    if empty > 0 {
        sink.warn(format!(
            "`{}`: skipped {empty} row(s) with no name, e-mail address or phone number",
            file.path.display()
        ));
    }
    table.finish(sink);
    Ok(())
}

fn contact(table: &Table<'_>, fields: &[(usize, Field)]) -> Contact {
    let mut contact = Contact::default();
    let mut name = Name::default();
    let mut jobs: BTreeMap<u32, (Cow<'_, str>, Cow<'_, str>)> = BTreeMap::new();
    for &(column, field) in fields {
        let text = table.text(Some(column));
        if text.is_empty() {
            continue;
        }
        match field {
            Field::FullName => name.full = text,
            Field::Given => name.given = text,
            Field::Middle => name.middle = text,
            Field::Family => name.family = text,
            Field::Nickname => name.nickname = text,
            // Outlook's `EX` entries are Exchange paths, not addresses (§3.3); a real address
            // always has an `@`.
            Field::Email => add(
                &mut contact.emails,
                values(&text).filter(|v| v.contains('@')),
            ),
            Field::Phone => add(&mut contact.phones, values(&text)),
            Field::Organization(n) => jobs.entry(n).or_default().1 = text,
            Field::Title(n) => jobs.entry(n).or_default().0 = text,
            Field::Birthday => contact
                .facts
                .extend(birthday(&text).map(|b| (FactKind::Note, b))),
            Field::Notes => contact.facts.push((FactKind::Note, text.into_owned())),
            Field::Circles(separator) => add(&mut contact.circles, circles(&text, separator)),
        }
    }
    contact.name = name.best();
    for (titles, organizations) in jobs.values() {
        // A contact with several jobs has them all in one cell each, in the same order (§3.1).
        let mut titles = values(titles);
        let mut organizations = values(organizations);
        loop {
            match (titles.next(), organizations.next()) {
                (None, None) => break,
                (title, organization) => contact.facts.extend(
                    job(title.unwrap_or_default(), organization.unwrap_or_default())
                        .map(|job| (FactKind::Time, job)),
                ),
            }
        }
    }
    contact
}

/// The parts of a contact's name, as its row has them.
#[derive(Debug, Default)]
struct Name<'t> {
    full: Cow<'t, str>,
    given: Cow<'t, str>,
    middle: Cow<'t, str>,
    family: Cow<'t, str>,
    nickname: Cow<'t, str>,
}

impl Name<'_> {
    /// The whole name if the row has one, else the parts joined, else the nickname.
    fn best(self) -> Option<String> {
        let joined = full_name([&self.given, &self.middle, &self.family]);
        [self.full.into_owned(), joined, self.nickname.into_owned()]
            .into_iter()
            .find(|name| !name.is_empty())
    }
}

/// The values of one cell (§3.1), without empty ones.
fn values(text: &str) -> impl Iterator<Item = &str> {
    text.split(MULTI)
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// Adds the values `list` does not have yet.
fn add<'t>(list: &mut Vec<String>, more: impl Iterator<Item = &'t str>) {
    for value in more {
        if !list.iter().any(|known| known == value) {
            list.push(value.to_owned());
        }
    }
}

/// A person's name from its parts, the empty ones left out.
pub(crate) fn full_name(parts: [&str; 3]) -> String {
    let parts: Vec<&str> = parts.into_iter().filter(|part| !part.is_empty()).collect();
    parts.join(" ")
}

/// A job as a fact: "Head of Ops, EMEA at Acme".
pub(crate) fn job(title: &str, organization: &str) -> Option<String> {
    match (title.is_empty(), organization.is_empty()) {
        (false, false) => Some(format!("{title} at {organization}")),
        (false, true) => Some(title.to_owned()),
        (true, false) => Some(format!("works at {organization}")),
        (true, true) => None,
    }
}

/// The circles in a cell of labels or categories.
fn circles<'t>(text: &'t str, separator: &str) -> impl Iterator<Item = &'t str> {
    text.split(separator)
        .map(str::trim)
        .filter(|label| !label.is_empty() && !is_system_label(label))
}

/// Google marks its system groups with `* ` (`* myContacts`, `* starred`, §3.1); its "Outlook
/// CSV" export writes the same groups without the star (`myContacts;starred`, §3.3). Neither is
/// a circle the user made.
fn is_system_label(label: &str) -> bool {
    const SYSTEM: [&str; 5] = [
        "myContacts",
        "My Contacts",
        "starred",
        "other",
        "Other Contacts",
    ];
    label.starts_with('*')
        || SYSTEM
            .iter()
            .any(|system| system.eq_ignore_ascii_case(label))
}

/// A birthday as a fact. Google writes `YYYY-MM-DD`, or `--MM-DD` when the year is unknown
/// (§3.1); Outlook writes the exporting machine's short date, which cannot be read without its
/// locale, so it is kept as written, and `0/0/00` for none (§3.3).
fn birthday(text: &str) -> Option<String> {
    if !text.bytes().any(|b| matches!(b, b'1'..=b'9')) {
        return None;
    }
    let day = match text.strip_prefix("--") {
        Some(month_day) => without_year(month_day).map(|date| date.strftime("%-d %B")),
        None => text
            .parse::<Date>()
            .ok()
            .map(|date| date.strftime("%-d %B %Y")),
    };
    Some(match day {
        Some(day) => format!("birthday {day}"),
        None => format!("birthday {text}"),
    })
}

/// `MM-DD` or `MMDD`, in 2000, a leap year, so that 29 February is a birthday too.
fn without_year(month_day: &str) -> Option<Date> {
    let digits = month_day.replace('-', "");
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i8>().ok();
    let date = Date::new(2000, number(0..2)?, number(2..4)?).ok()?;
    (digits.len() == 4).then_some(date)
}

// ------------------------------------------------------------------------------------------------
// CSV files

/// How a format's header line looks, so that [`Table::open`] can find it and `detect` can
/// recognise it.
#[derive(Debug)]
pub(crate) struct Header {
    /// The start of a typical header, for errors.
    pub(crate) example: &'static str,
    /// How many rows may come before the header (LinkedIn's `Notes:` preamble, §2.1).
    pub(crate) preamble: usize,
    /// Whether a row's fields, trimmed, are this format's header.
    pub(crate) accept: fn(&[String]) -> bool,
}

impl Header {
    /// Whether a file's first bytes hold this header. The head may end mid-line, which is fine:
    /// the columns formats look for come first.
    pub(crate) fn is_in(&self, head: &[u8]) -> bool {
        let text = match Encoding::for_bom(head) {
            Some((encoding, bom)) => encoding.decode_without_bom_handling(&head[bom..]).0,
            None => String::from_utf8_lossy(head),
        };
        let mut reader = builder(text.as_bytes()).from_reader(text.as_bytes());
        let mut record = csv::ByteRecord::new();
        for _ in 0..=self.preamble {
            if !matches!(reader.read_byte_record(&mut record), Ok(true)) {
                return false;
            }
            let names: Vec<String> = record
                .iter()
                .map(|name| String::from_utf8_lossy(name).trim().to_owned())
                .collect();
            if (self.accept)(&names) {
                return true;
            }
        }
        false
    }
}

/// Whether a header has the column `name`.
pub(crate) fn has(names: &[String], name: &str) -> bool {
    names.iter().any(|known| known == name)
}

/// The longest row kith reads. Real rows are a few kilobytes; a longer one means a quote was
/// left open, and the rest of the file would otherwise be read into memory as one field.
const MAX_ROW: u64 = 16 << 20;

/// The longest preamble or header row.
const MAX_HEADER: u64 = 1 << 20;

const CUT_SHORT: &str = "the file ends in the middle of a row; was the export cut short?";

/// A CSV file, read row by row after its header.
pub(crate) struct Table<'a> {
    file: Input<'a>,
    reader: csv::Reader<Guard<Box<dyn BufRead + 'a>>>,
    names: Vec<String>,
    record: csv::ByteRecord,
    /// How many fields the last row read has (the csv reader clears its record at the end).
    fields: usize,
    /// The line the current row starts on.
    line: u64,
    /// The line the header is on.
    header_line: u64,
    /// How many line breaks come before the current row's last one.
    breaks: u64,
    charset: Cell<Charset>,
    /// The line where a file that had been UTF-8 stopped being so.
    mixed_at: Cell<Option<u64>>,
}

/// What the text read so far says about the file's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    Ascii,
    Utf8,
    Windows1252,
}

impl<'a> Table<'a> {
    /// Opens a CSV file and finds its header: the first row `header` accepts, after at most
    /// `header.preamble` other rows.
    pub(crate) fn open(
        input: &'a mut dyn BufRead,
        file: Input<'a>,
        header: &Header,
    ) -> Result<Self, Error> {
        let mut source = unicode(input).map_err(|err| file.io(err))?;
        let sniffed = builder(source.fill_buf().map_err(|err| file.io(err))?);
        let mut table = Self {
            file,
            reader: sniffed.from_reader(Guard::new(source)),
            names: Vec::new(),
            record: csv::ByteRecord::new(),
            fields: 0,
            line: 1,
            header_line: 1,
            breaks: 0,
            charset: Cell::new(Charset::Ascii),
            mixed_at: Cell::new(None),
        };
        let mut first = None;
        for _ in 0..=header.preamble {
            if !table.read(MAX_HEADER)? {
                break;
            }
            let names: Vec<String> = (0..table.record.len())
                .map(|i| table.text(Some(i)).into_owned())
                .collect();
            if (header.accept)(&names) {
                table.names = names;
                table.header_line = table.line;
                return Ok(table);
            }
            first.get_or_insert_with(|| (table.line, names.join(",")));
        }
        let example = header.example;
        Err(match first {
            None => file.malformed(
                Location::File,
                format!("the file is empty; expected a header line like `{example}`"),
            ),
            Some((line, found)) => {
                let found: String = found.chars().take(80).collect();
                let within = match header.preamble {
                    0 => "",
                    _ => " near the start of the file",
                };
                file.malformed(
                    Location::Line(line),
                    format!("expected a header line like `{example}`{within}, found `{found}`"),
                )
            }
        })
    }

    /// The header's column names, trimmed.
    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    /// The column called `name`, if the header has one.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|known| known == name)
    }

    /// The column called `name`, which the format cannot do without.
    pub(crate) fn require(&self, name: &str) -> Result<usize, Error> {
        self.column(name).ok_or_else(|| {
            self.file.malformed(
                Location::Line(self.header_line),
                format!("the header has no `{name}` column"),
            )
        })
    }

    /// Moves to the next row; `false` at the end of the file.
    pub(crate) fn next(&mut self) -> Result<bool, Error> {
        if !self.read(MAX_ROW)? {
            return Ok(false);
        }
        // The exports write every column of every row. A row with fewer than half of them is
        // where the file was cut, or where something else was appended to it (a vCard, JSON):
        // read as a row, it would make people out of another format's lines.
        if self.fields * 2 < self.names.len() {
            return Err(self.short_row());
        }
        Ok(true)
    }

    /// The error for a row with too few fields: the file ends with it, or changes format.
    fn short_row(&self) -> Error {
        let guard = self.reader.get_ref();
        if guard.eof && !matches!(guard.last, b'\n' | b'\r') {
            return self.malformed(CUT_SHORT.to_owned());
        }
        self.malformed(format!(
            "this row has {} of the header's {} columns, so the file is not one table from \
             here on; was something else appended to it? Export it again, or remove what \
             follows the last real row",
            self.fields,
            self.names.len()
        ))
    }

    fn read(&mut self, max: u64) -> Result<bool, Error> {
        let start = self.reader.position().byte();
        self.reader.get_mut().limit = start + max;
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {
                self.fields = self.record.len();
                self.count_lines();
                Ok(true)
            }
            Ok(false) => self.end().map(|()| false),
            Err(err) => Err(self.error(err, max)),
        }
    }

    /// Finds the line the row just read starts on. The csv reader counts only `\n`, and from
    /// where the previous row ended, so CRLF, CR and blank lines (§0.2) would put it off.
    /// The row ends with its last line (the terminator is the last byte read), which begins
    /// after every line break before it; the row's first line is as many lines up as its
    /// quoted fields hold line breaks.
    fn count_lines(&mut self) {
        let end = self.reader.position().byte();
        let pending = &mut self.reader.get_mut().breaks;
        while pending.front().is_some_and(|&at| at + 1 < end) {
            pending.pop_front();
            self.breaks += 1;
        }
        let inside: u64 = self.record.iter().map(line_breaks).sum();
        self.line = 1 + self.breaks.saturating_sub(inside);
    }

    /// A file that stops inside a quoted field, or before its last row has all its columns,
    /// was cut short; a file whose last row is whole may still lack its final line break
    /// (LinkedIn, §2.1).
    fn end(&self) -> Result<(), Error> {
        let guard = self.reader.get_ref();
        let complete = matches!(guard.last, b'\n' | b'\r');
        if complete || !(guard.open_quote || self.fields < self.names.len()) {
            return Ok(());
        }
        Err(self.malformed(CUT_SHORT.to_owned()))
    }

    fn error(&self, err: csv::Error, max: u64) -> Error {
        // The row that failed starts on the line after the last row read, blank lines aside.
        let line = if self.fields == 0 { 1 } else { self.breaks + 2 };
        if self.reader.get_ref().overflowed {
            return Error::TooLarge {
                file: self.file.path.to_owned(),
                at: Location::Line(line),
                what: format!(
                    "a row longer than {} MiB starts here, and no export has rows that long; \
                     is a quote left open? Look at this line in a text editor, or export the \
                     file again",
                    max >> 20
                ),
            };
        }
        let problem = err.to_string();
        match err.into_kind() {
            csv::ErrorKind::Io(err) => self.file.io(err),
            _ => self.file.malformed(Location::Line(line), problem),
        }
    }

    /// The current row's field in `column`, decoded and trimmed; empty if the row is short or
    /// there is no such column.
    pub(crate) fn text(&self, column: Option<usize>) -> Cow<'_, str> {
        let bytes = column
            .and_then(|column| self.record.get(column))
            .unwrap_or_default();
        match self.decode(bytes) {
            Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
            Cow::Owned(text) if text.trim().len() == text.len() => Cow::Owned(text),
            Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
        }
    }

    /// FORMATS.md §0.1 and §3.3: a contacts CSV is UTF-8 or, from classic Outlook,
    /// Windows-1252. A file is UTF-8 until a field is not; from then on it is Windows-1252.
    /// Real Windows-1252 text is almost never valid UTF-8 (it would take `Ã` followed by a
    /// symbol), so deciding at the first non-UTF-8 field reads a file as if the whole of it had
    /// been looked at first, without holding it in memory.
    fn decode<'r>(&self, bytes: &'r [u8]) -> Cow<'r, str> {
        let charset = self.charset.get();
        if charset != Charset::Windows1252 {
            if let Ok(text) = std::str::from_utf8(bytes) {
                if charset == Charset::Ascii && !text.is_ascii() {
                    self.charset.set(Charset::Utf8);
                }
                return Cow::Borrowed(text);
            }
            if charset == Charset::Utf8 {
                self.mixed_at.set(Some(self.line));
            }
            self.charset.set(Charset::Windows1252);
        }
        WINDOWS_1252.decode_without_bom_handling(bytes).0
    }

    /// An error about the current row.
    pub(crate) fn malformed(&self, problem: String) -> Error {
        self.file.malformed(Location::Line(self.line), problem)
    }

    /// Reports what the sink should know about the file as a whole.
    pub(crate) fn finish(self, sink: &mut dyn Sink) {
        if let Some(line) = self.mixed_at.get() {
            sink.warn(format!(
                "`{}` switches from UTF-8 to Windows-1252 at line {line}; names on one side of \
                 it may be garbled",
                self.file.path.display()
            ));
        }
    }
}

/// A CSV reader for text whose first line is `head`'s.
fn builder(head: &[u8]) -> csv::ReaderBuilder {
    // In German and French locales Outlook separates fields with `;` (§3.3); header names
    // never contain either separator, so the header line tells which one the file uses.
    let line = &head[..memchr::memchr2(b'\n', b'\r', head).unwrap_or(head.len())];
    let count = |byte| memchr::memchr_iter(byte, line).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter);
    builder
}

/// The file as UTF-8 or an ASCII-compatible 8-bit encoding, its BOM removed: old Google CSV
/// files are UTF-16 (§3.2), so they are decoded here.
fn unicode<'a>(input: &'a mut dyn BufRead) -> io::Result<Box<dyn BufRead + 'a>> {
    let Some((encoding, bom)) = Encoding::for_bom(input.fill_buf()?) else {
        return Ok(Box::new(input));
    };
    input.consume(bom);
    if encoding == UTF_8 {
        return Ok(Box::new(input));
    }
    let decoder = encoding.new_decoder_without_bom_handling();
    Ok(Box::new(BufReader::new(Transcode {
        input,
        decoder,
        done: false,
    })))
}

/// Decodes UTF-16 into UTF-8 as it is read.
struct Transcode<'a> {
    input: &'a mut dyn BufRead,
    decoder: Decoder,
    done: bool,
}

impl Read for Transcode<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while !self.done && !buf.is_empty() {
            let input = self.input.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written, _) = self.decoder.decode_to_utf8(input, buf, last);
            self.input.consume(read);
            self.done = last && result == CoderResult::InputEmpty;
            if written > 0 {
                return Ok(written);
            }
            if result == CoderResult::OutputFull {
                // Only a buffer too small for one character gets here; `BufReader` never
                // passes one.
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "buffer too small",
                ));
            }
        }
        Ok(0)
    }
}

/// How many line breaks `bytes` hold: `\n`, `\r\n` and a lone `\r` are one each (§0.2).
fn line_breaks(bytes: &[u8]) -> u64 {
    let crlf = |at: usize| bytes[at] == b'\n' && at > 0 && bytes[at - 1] == b'\r';
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&at| !crlf(at))
        .count() as u64
}

/// Passes a CSV file's bytes to the csv reader, refusing to read further than `limit`, and
/// noting where lines break and what tells a file that was cut short: whether a quote is open
/// and the last byte.
#[derive(Debug)]
struct Guard<R> {
    inner: R,
    read: u64,
    limit: u64,
    overflowed: bool,
    open_quote: bool,
    last: u8,
    /// Whether the end of the file was reached.
    eof: bool,
    /// Where the line breaks read but not yet counted by [`Table`] are: only those the csv
    /// reader has buffered ahead of its position, so never more than its buffer holds.
    breaks: VecDeque<u64>,
}

impl<R> Guard<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            read: 0,
            limit: MAX_HEADER,
            overflowed: false,
            open_quote: false,
            last: b'\n',
            eof: false,
            breaks: VecDeque::new(),
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.read);
        if room == 0 {
            self.overflowed = true;
            return Err(io::Error::other("row too long"));
        }
        let len = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..len])?;
        self.eof |= read == 0 && len > 0;
        let bytes = &buf[..read];
        // Quotes pair up in well-formed CSV, doubled ones included.
        self.open_quote ^= memchr::memchr_iter(b'"', bytes).count() % 2 == 1;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let before = at.checked_sub(1).map_or(self.last, |i| bytes[i]);
            // A CRLF break is where its `\r` is.
            if !(bytes[at] == b'\n' && before == b'\r') {
                self.breaks.push_back(self.read + at as u64);
            }
        }
        self.last = bytes.last().copied().unwrap_or(self.last);
        self.read += read as u64;
        Ok(read)
    }
}

/// What the CSV formats' tests share: fixtures, and reading bytes into a [`Tally`].
///
/// [`Tally`]: crate::tally::Tally
#[cfg(test)]
pub(crate) mod testing {
    use std::io::BufRead;
    use std::path::{Path, PathBuf};

    use jiff::tz::TimeZone;

    use crate::error::Error;
    use crate::formats::{HEAD, Input};
    use crate::record::Sink;
    use crate::tally::{Batch, Tally};

    /// A format's `read`.
    pub(crate) type Read = fn(&mut dyn BufRead, &Input<'_>, &mut dyn Sink) -> Result<(), Error>;

    fn data() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
    }

    /// A fixture's bytes, by its path under `tests/data`.
    pub(crate) fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(data().join(path)).expect("the fixture exists")
    }

    /// Reads `bytes` as the file `test.csv` into a tally.
    pub(crate) fn import(read: Read, bytes: &[u8]) -> Result<Batch, Error> {
        let mut tally = Tally::new();
        let input = Input {
            path: Path::new("test.csv"),
            zone: &TimeZone::UTC,
        };
        read(&mut &bytes[..], &input, &mut tally)?;
        Ok(tally.finish())
    }

    /// The fixtures, of every format, that `detect` claims from their name and first bytes.
    pub(crate) fn detected(detect: fn(&str, &[u8]) -> bool) -> Vec<String> {
        fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("the fixture folder is readable") {
                let path = entry.expect("the fixture folder is readable").path();
                if path.is_dir() {
                    walk(&path, files)
                } else {
                    files.push(path)
                }
            }
        }
        let mut files = Vec::new();
        walk(&data(), &mut files);
        let mut claimed: Vec<String> = files
            .iter()
            .filter(|path| {
                let bytes = std::fs::read(path).expect("the fixture is readable");
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                detect(name, &bytes[..bytes.len().min(HEAD)])
            })
            .map(|path| {
                path.strip_prefix(data())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        claimed.sort();
        claimed
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::testing::{detected, fixture, import};
    use super::*;

    fn contact(name: Option<&str>) -> Contact {
        Contact {
            name: name.map(str::to_owned),
            ..Contact::default()
        }
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_current_export_gives_names_identities_circles_and_facts() {
        let batch = import(read, &fixture("google/contacts.csv")).unwrap();
        let zoe = Contact {
            emails: strings(&[
                "zoe.quill@example.com",
                "zq@example.net",
                "zoe@quill-sons.example",
            ]),
            phones: strings(&["+1 555-0100"]),
            circles: strings(&["Climbing"]),
            facts: vec![
                (FactKind::Note, "birthday 25 December".to_owned()),
                (
                    FactKind::Note,
                    "Met at the climbing gym.\nLikes tea.".to_owned(),
                ),
                (FactKind::Time, "Head of Ops at Quill & Sons".to_owned()),
            ],
            ..contact(Some("Zoë Quill"))
        };
        let other = Contact {
            emails: strings(&["someone@example.org"]),
            facts: vec![(FactKind::Note, "birthday 15 April 1990".to_owned())],
            ..contact(None)
        };
        assert_eq!(
            batch.contacts,
            [(Service::Google, zoe), (Service::Google, other)]
        );
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn the_legacy_export_gives_the_same_kind_of_contact() {
        let batch = import(read, &fixture("google/contacts_legacy_pre2020.csv")).unwrap();
        let zoe = Contact {
            emails: strings(&["zoe.quill@example.com"]),
            phones: strings(&["+1 555-0100"]),
            circles: strings(&["Climbing"]),
            facts: vec![(FactKind::Note, "birthday 25 December 1990".to_owned())],
            ..contact(Some("Zoë Quill"))
        };
        assert_eq!(batch.contacts, [(Service::Google, zoe)]);
    }

    #[rstest]
    #[case::little_endian(u16::to_le_bytes, [0xFF, 0xFE])]
    #[case::big_endian(u16::to_be_bytes, [0xFE, 0xFF])]
    fn a_utf16_export_reads_like_its_utf8_twin(
        #[case] order: fn(u16) -> [u8; 2],
        #[case] bom: [u8; 2],
    ) {
        let utf8 = fixture("google/contacts_legacy_pre2020.csv");
        let text = String::from_utf8(utf8.clone()).unwrap();
        let utf16: Vec<u8> = bom
            .into_iter()
            .chain(text.encode_utf16().flat_map(order))
            .collect();
        assert!(detect("contacts.csv", &utf16));
        let (twin, original) = (import(read, &utf16).unwrap(), import(read, &utf8).unwrap());
        assert_eq!(twin.contacts, original.contacts);
    }

    #[rstest]
    #[case::iso_date("1990-12-25", Some("birthday 25 December 1990"))]
    #[case::no_year_with_dashes("--12-25", Some("birthday 25 December"))]
    #[case::no_year_without_dash("--1225", Some("birthday 25 December"))]
    #[case::leap_day_without_year("--02-29", Some("birthday 29 February"))]
    #[case::impossible_day_kept_as_written("--13-45", Some("birthday --13-45"))]
    #[case::outlook_locale_date_kept_as_written("4/15/1990", Some("birthday 4/15/1990"))]
    #[case::outlook_zero_date("0/0/00", None)]
    #[case::zero_date_with_dots("00.00.0000", None)]
    fn birthdays_become_readable_notes(#[case] text: &str, #[case] fact: Option<&str>) {
        assert_eq!(birthday(text).as_deref(), fact);
    }

    #[rstest]
    #[case::system_labels_are_dropped("* myContacts ::: Climbing ::: * starred", MULTI, &["Climbing"])]
    #[case::other_contacts("* other", MULTI, &[])]
    #[case::legacy_group("* My Contacts ::: Climbing", MULTI, &["Climbing"])]
    #[case::outlook_categories_from_google("myContacts;starred;Family", ";", &["Family"])]
    #[case::repeated_label("Climbing ::: Climbing", MULTI, &["Climbing"])]
    fn labels_become_circles_without_google_system_groups(
        #[case] labels: &str,
        #[case] separator: &'static str,
        #[case] circles: &[&str],
    ) {
        let mut found = Vec::new();
        add(&mut found, super::circles(labels, separator));
        assert_eq!(found, strings(circles));
    }

    #[rstest]
    #[case::title_and_employer("Head of Ops, EMEA", "Acme", Some("Head of Ops, EMEA at Acme"))]
    #[case::title_only("Engineer", "", Some("Engineer"))]
    #[case::employer_only("", "Acme", Some("works at Acme"))]
    #[case::neither("", "", None)]
    fn a_job_reads_as_a_sentence(
        #[case] title: &str,
        #[case] organization: &str,
        #[case] fact: Option<&str>,
    ) {
        assert_eq!(job(title, organization).as_deref(), fact);
    }

    #[test]
    fn several_jobs_in_one_cell_pair_up_in_order() {
        let file = "First Name,Last Name,Labels,Organization Name,Organization Title\n\
                    Zoë,Quill,,Acme ::: Quill & Sons,Adviser ::: Head of Ops\n";
        let facts = &import(read, file.as_bytes()).unwrap().contacts[0].1.facts;
        let jobs = [
            (FactKind::Time, "Adviser at Acme"),
            (FactKind::Time, "Head of Ops at Quill & Sons"),
        ];
        assert_eq!(facts, &jobs.map(|(kind, text)| (kind, text.to_owned())));
    }

    #[test]
    fn rows_with_nothing_to_identify_anyone_are_skipped_and_counted() {
        let file = "First Name,Last Name,Labels,E-mail 1 - Value\nZoë,,,\n,,Climbing,\n,,,\n";
        let batch = import(read, file.as_bytes()).unwrap();
        assert_eq!(batch.contacts.len(), 1);
        assert_eq!(
            batch.warnings,
            ["`test.csv`: skipped 2 row(s) with no name, e-mail address or phone number"]
        );
    }

    #[rstest]
    #[case::another_csv(
        "Date,Amount\n2024-01-01,3\n",
        "line 1: expected a header line like `First Name,Middle Name,Last Name,…,Labels,…`, found `Date,Amount`"
    )]
    #[case::empty("", ": the file is empty; expected a header line like")]
    #[case::cut_inside_notes(
        "First Name,Last Name,Labels,Notes\nZoë,Quill,,\"Met at",
        "line 2: the file ends in the middle of a row; was the export cut short?"
    )]
    #[case::cut_after_a_separator(
        "First Name,Last Name,Labels,Notes\nZoë,Quill,",
        "line 2: the file ends in the middle of a row"
    )]
    #[case::cut_inside_the_first_field(
        "First Name,Last Name,Labels,Notes\nZoë,Quill,,\nAd",
        "line 3: the file ends in the middle of a row"
    )]
    #[case::a_vcard_appended(
        "First Name,Last Name,Labels,Notes\nZoë,Quill,,\nBEGIN:VCARD\nFN:Ada\nEND:VCARD\n",
        "line 3: this row has 1 of the header's 4 columns, so the file is not one table"
    )]
    fn broken_files_are_refused_with_the_line_and_what_was_expected(
        #[case] file: &str,
        #[case] message: &str,
    ) {
        let error = import(read, file.as_bytes()).unwrap_err().to_string();
        assert!(error.contains(message), "{error}");
    }

    #[test]
    fn a_last_row_without_a_line_break_is_whole() {
        let file = "First Name,Last Name,Labels,Notes\nZoë,Quill,,\"Met, at the gym\"";
        let batch = import(read, file.as_bytes()).unwrap();
        assert_eq!(
            batch.contacts[0].1.facts,
            [(FactKind::Note, "Met, at the gym".to_owned())]
        );
    }

    #[test]
    fn a_quote_left_open_does_not_read_the_rest_of_the_file_into_memory() {
        let mut file = b"First Name,Last Name,Labels,Notes\nZoe,Quill,,\"".to_vec();
        file.resize(file.len() + (MAX_ROW as usize) + 1, b'x');
        let error = import(read, &file).unwrap_err();
        assert!(matches!(error, Error::TooLarge { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains("line 2: a row longer than 16 MiB starts here"),
            "{error}"
        );
    }

    #[test]
    fn detection_claims_the_google_fixtures_and_nothing_else() {
        assert_eq!(
            detected(detect),
            ["google/contacts.csv", "google/contacts_legacy_pre2020.csv"]
        );
    }

    #[test]
    fn every_truncation_of_the_fixtures_is_read_or_refused() {
        for path in ["google/contacts.csv", "google/contacts_legacy_pre2020.csv"] {
            let bytes = fixture(path);
            for end in 0..bytes.len() {
                let _ = import(read, &bytes[..end]);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = import(read, &bytes);
        }

        #[test]
        fn arbitrary_rows_after_a_real_header_never_panic(
            rows in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            let mut bytes = fixture("google/contacts.csv");
            bytes.truncate(bytes.iter().position(|&b| b == b'\n').unwrap() + 1);
            bytes.extend(rows);
            let _ = import(read, &bytes);
        }
    }
}
