//! vCard 2.1, 3.0 and 4.0 files (FORMATS.md §4): phone address books, Apple Contacts, and
//! Google Takeout's contacts (§3.4). Each card becomes a [`Contact`]: its name, e-mails, phones,
//! profile URLs and messenger handles, its labels as circles, and what it says about the person
//! (job, note, birthday) as facts.
//!
//! The parser is hand-written and streams. [`Lines`] splits the bytes into physical lines,
//! [`Unfolder`] joins them into properties before anything is decoded (§4.2), and only the
//! properties kith uses are kept, one card at a time; the others, a photo's megabytes of base64
//! among them, are read past without being stored. A card's properties are interpreted at its
//! `END:VCARD`, once its `VERSION` is known.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::ops::Range;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use kith_core::FactKind;
use memchr::memchr2;

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::record::{Contact, Service, Sink};

/// The longest property kept, in bytes. Far more than any value kith keeps needs (a fact holds
/// 4,000 characters, which quoted-printable writes in at most 48,000 bytes); longer values of
/// the properties kith uses are skipped with a warning.
const MAX_LINE: usize = 64 * 1024;

/// The most bytes of properties kept for one card, so that a card that never ends cannot
/// exhaust memory.
const MAX_CARD: usize = 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether a file is a vCard file: it starts with `BEGIN:VCARD` (after an optional BOM and blank
/// lines), or it is an empty file named `.vcf`, an address book with nobody in it.
pub(crate) fn detect(name: &str, head: &[u8]) -> bool {
    let text = head.strip_prefix(BOM).unwrap_or(head).trim_ascii_start();
    if text.is_empty() {
        let name = name.to_ascii_lowercase();
        return name.ends_with(".vcf") || name.ends_with(".vcard");
    }
    let begin = b"BEGIN:VCARD";
    text.get(..begin.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(begin))
        && text.get(begin.len()).is_none_or(u8::is_ascii_whitespace)
}

/// Streams every card of a vCard file into `sink` as a [`Service::Vcard`] contact.
pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let mut lines = Unfolder::new(input);
    let mut line = Vec::new();
    let mut card: Option<Card> = None;
    let mut started = false;
    // Lines between cards: the first one's number, and how many. Exporters write none, so
    // they are most likely another file's lines appended to this one.
    let mut outside: Option<(u64, u64)> = None;
    loop {
        let v21 = card.as_ref().is_some_and(|card| card.v21);
        let Some(unfolded) = lines.next(&mut line, v21).map_err(|e| file.io(e))? else {
            break;
        };
        let at = unfolded.number;
        let property = unfolded
            .colon
            .and_then(|colon| Property::parse(&line, colon));
        if !started {
            if !property
                .as_ref()
                .is_some_and(|p| p.field == Field::Begin && p.is_vcard())
            {
                let found = String::from_utf8_lossy(&line[..line.len().min(40)]);
                let problem =
                    format!("expected `BEGIN:VCARD`, the start of a vCard; found `{found}`");
                return Err(file.malformed(Location::Line(at), problem));
            }
            started = true;
        }
        let begins = property
            .as_ref()
            .is_some_and(|p| p.field == Field::Begin && p.is_vcard());
        if card.is_none() && !begins {
            outside.get_or_insert((at, 0)).1 += 1;
        }
        // Lines without a colon (2.1 base64 lines written without indentation, §4.2) and
        // properties kith does not use carry nothing.
        let (Some(property), Some(colon)) = (property, unfolded.colon) else {
            continue;
        };
        if property.field == Field::Begin && property.is_vcard() {
            if let Some(open) = card.replace(Card::new(at)) {
                let problem = format!(
                    "the card that starts there has no `END:VCARD` before the next card (line \
                     {at}); read it as far as it went"
                );
                warn(sink, file, open.begin, &problem);
                finish(open, file, sink);
            }
            continue;
        }
        if property.field == Field::End && property.is_vcard() {
            if let Some(done) = card.take() {
                finish(done, file, sink);
            }
            continue;
        }
        // Lines between cards are not part of any.
        let Some(open) = card.as_mut() else {
            continue;
        };
        match property.field {
            Field::Version => open.v21 = property.value.trim_ascii() == b"2.1",
            // The BEGIN and END of something nested: 2.1's AGENT can hold a vCard.
            Field::Begin | Field::End => {}
            _ if unfolded.cut => {
                let name = String::from_utf8_lossy(property.name);
                let problem = format!("skipped a {name} value longer than {} KiB", MAX_LINE / 1024);
                warn(sink, file, at, &problem);
            }
            _ => open.keep(&line, colon),
        }
    }
    if let Some((first, count)) = outside {
        let problem = format!(
            "skipped {count} line(s) outside any card, the first here; was something else \
             added to the file?"
        );
        warn(sink, file, first, &problem);
    }
    match card {
        Some(open) => Err(file.malformed(
            Location::Line(open.begin),
            format!(
                "the card that starts here has no `END:VCARD`: the file ends at line {} in the \
                 middle of it. Was the export cut short?",
                lines.lines.number
            ),
        )),
        None => Ok(()),
    }
}

/// Hands a finished card to `sink`, or says why it was skipped.
fn finish(card: Card, file: &Input<'_>, sink: &mut dyn Sink) {
    if card.overflowed {
        let kib = MAX_CARD / 1024;
        let problem = format!(
            "the card that starts there is larger than {kib} KiB; read its first {kib} KiB"
        );
        warn(sink, file, card.begin, &problem);
    }
    match card.contact() {
        Some(contact) => sink.contact(Service::Vcard, contact),
        None => {
            let problem = "skipped a card with no name, e-mail, phone, profile or handle";
            warn(sink, file, card.begin, problem);
        }
    }
}

fn warn(sink: &mut dyn Sink, file: &Input<'_>, line: u64, problem: &str) {
    sink.warn(format!("`{}` line {line}: {problem}", file.path.display()));
}

/// The card being read. Its properties are kept raw until `END:VCARD`, because how a value is
/// escaped depends on the `VERSION`, which 2.1 and 3.0 may give anywhere in the card (§4.1).
#[derive(Debug)]
struct Card {
    /// The line of its `BEGIN:VCARD`.
    begin: u64,
    /// vCard 2.1, whose folding and escaping differ from 3.0 and 4.0 (§4.2, §4.3).
    v21: bool,
    /// The kept properties' lines, back to back.
    bytes: Vec<u8>,
    /// Where each kept line is in `bytes`, and where its colon is in that line.
    properties: Vec<(Range<usize>, usize)>,
    /// Whether properties were left out because the card outgrew [`MAX_CARD`].
    overflowed: bool,
}

impl Card {
    fn new(begin: u64) -> Self {
        Self {
            begin,
            v21: false,
            bytes: Vec::new(),
            properties: Vec::new(),
            overflowed: false,
        }
    }

    fn keep(&mut self, line: &[u8], colon: usize) {
        if self.bytes.len() + line.len() > MAX_CARD {
            self.overflowed = true;
            return;
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(line);
        self.properties.push((start..self.bytes.len(), colon));
    }

    fn properties(&self) -> impl Iterator<Item = Property<'_>> {
        self.properties
            .iter()
            .filter_map(|(range, colon)| Property::parse(&self.bytes[range.clone()], *colon))
    }

    /// The card as a contact, or `None` if it names no one and has no identity to go by.
    fn contact(&self) -> Option<Contact> {
        let v21 = self.v21;
        let mut contact = Contact::default();
        let (mut full_name, mut name, mut org, mut title) = (None, None, None, None);
        for property in self.properties() {
            let Some(text) = property.text() else {
                continue;
            };
            let single = || unescape(&text, v21);
            match property.field {
                Field::FullName => full_name = full_name.or_else(|| non_empty(&single())),
                Field::Name => name = name.or_else(|| given_family(&text, v21)),
                Field::Email => add(&mut contact.emails, &single()),
                Field::Phone => {
                    // 4.0 may write the number as a `tel:` URI (§4.6).
                    let phone = single();
                    let phone = phone.trim();
                    add(
                        &mut contact.phones,
                        strip_prefix_ignore_case(phone, "tel:").unwrap_or(phone),
                    );
                }
                Field::Profile => {
                    if let Some(url) = profile_url(&single()) {
                        add(&mut contact.profiles, &url);
                    }
                }
                // A company's home page on every colleague's card would make them one person;
                // a page with a path (`/in/zoe`, `/bart`) is someone's own.
                Field::Website => {
                    if let Some(url) = profile_url(&single()).filter(|url| has_path(url)) {
                        add(&mut contact.profiles, &url);
                    }
                }
                Field::Impp => {
                    let service = property.param("X-SERVICE-TYPE");
                    let service = service.map(|s| String::from_utf8_lossy(s).into_owned());
                    if let Some(handle) = impp_handle(&single(), service.as_deref()) {
                        add(&mut contact.handles, &handle);
                    }
                }
                Field::Handle(service) => {
                    if let Some(id) = non_empty(&single()) {
                        add(&mut contact.handles, &format!("{service}:{id}"));
                    }
                }
                Field::Org => {
                    // `Organisation;Unit;…`, each part escaped on its own (§4.3).
                    let units: Vec<String> = split_unescaped(&text, b';')
                        .into_iter()
                        .filter_map(|unit| non_empty(&unescape(unit, v21)))
                        .collect();
                    org = org.or_else(|| non_empty(&units.join(", ")));
                }
                Field::Title => title = title.or_else(|| non_empty(&single())),
                Field::Note => {
                    if let Some(note) = non_empty(&single()) {
                        contact.facts.push((FactKind::Note, note));
                    }
                }
                Field::Date(what) => contact.facts.extend(date_fact(what, &property, &single())),
                Field::AppleDate => {
                    let what = self
                        .label(property.group)
                        .unwrap_or_else(|| "date".to_owned());
                    contact.facts.extend(date_fact(&what, &property, &single()));
                }
                Field::Categories => {
                    for label in split_unescaped(&text, b',') {
                        let label = unescape(label, v21);
                        if !is_system_label(label.trim()) {
                            add(&mut contact.circles, &label);
                        }
                    }
                }
                Field::AppleLabel | Field::Begin | Field::End | Field::Version => {}
            }
        }
        let job = match (title, org) {
            (Some(title), Some(org)) => Some(format!("{title} at {org}")),
            (title, org) => title.or(org),
        };
        contact.facts.extend(job.map(|job| (FactKind::Time, job)));
        contact.name = full_name.or(name);
        let identified = [
            &contact.emails,
            &contact.phones,
            &contact.profiles,
            &contact.handles,
        ]
        .iter()
        .any(|values| !values.is_empty());
        (contact.name.is_some() || identified).then_some(contact)
    }

    /// The `X-ABLabel` of a group: Apple and Google label a value by putting both in one group,
    /// which binds within one card only (§4.1).
    fn label(&self, group: &[u8]) -> Option<String> {
        if group.is_empty() {
            return None;
        }
        let label = self
            .properties()
            .find(|p| p.field == Field::AppleLabel && p.group.eq_ignore_ascii_case(group))?;
        let text = label.text()?;
        let label = unescape(&text, self.v21);
        let label = label.trim();
        // Apple's built-in labels are wrapped: `_$!<Anniversary>!$_` (§4.1).
        match label
            .strip_prefix("_$!<")
            .and_then(|l| l.strip_suffix(">!$_"))
        {
            Some(builtin) => non_empty(&builtin.to_lowercase()),
            None => non_empty(label),
        }
    }
}

/// Google's system groups, which every contact is in and which are not the user's circles
/// (§3.4; §3.1 for the spellings with a space).
const SYSTEM_LABELS: [&str; 4] = ["myContacts", "starred", "My Contacts", "Other Contacts"];

fn is_system_label(label: &str) -> bool {
    // Google marks system groups with a `*` in its CSV (§3.1).
    label.starts_with('*')
        || SYSTEM_LABELS
            .iter()
            .any(|system| system.eq_ignore_ascii_case(label))
}

/// "Given Family" from `N`'s `Family;Given;Additional;Prefix;Suffix` (§4.5).
fn given_family(text: &str, v21: bool) -> Option<String> {
    let parts = split_unescaped(text, b';');
    let parts = [parts.get(1), parts.first()].into_iter().flatten();
    let parts: Vec<String> = parts
        .filter_map(|part| non_empty(&unescape(part, v21)))
        .collect();
    non_empty(&parts.join(" "))
}

/// A `URL` or `X-SOCIALPROFILE` as a web address, the form a profile identity takes. Google
/// Contacts keeps websites as typed, often without a scheme (`www.linkedin.com/in/zoe`).
fn profile_url(text: &str) -> Option<String> {
    let url = text.trim();
    if ["http://", "https://"]
        .iter()
        .any(|s| strip_prefix_ignore_case(url, s).is_some())
    {
        return Some(url.to_owned());
    }
    let host = url.split('/').next().unwrap_or_default();
    let bare =
        host.contains('.') && !url.contains([':', '@']) && !url.contains(char::is_whitespace);
    bare.then(|| format!("https://{url}"))
}

/// Whether a web address names a page below the site's home page.
fn has_path(url: &str) -> bool {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .split_once('/')
        .is_some_and(|(_, path)| !path.trim_matches('/').is_empty())
}

/// An `IMPP` URI (`xmpp:ines@example.no`) as `service:id`. Apple names the service in
/// `X-SERVICE-TYPE` and may write any scheme (`X-SERVICE-TYPE=Telegram:x-apple:ines`).
fn impp_handle(uri: &str, service: Option<&str>) -> Option<String> {
    let (scheme, id) = uri.split_once(':').unwrap_or(("", uri));
    let service = service
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(scheme);
    let (service, id) = (service.to_lowercase(), id.trim());
    (!service.is_empty() && !id.is_empty()).then(|| format!("{service}:{id}"))
}

/// A date property as a fact: "birthday: 14 March 1990", or "birthday: 14 March" when the
/// year is unknown; a date kith cannot read is kept as written ("birthday: circa 1800").
fn date_fact(what: &str, property: &Property<'_>, text: &str) -> Option<(FactKind, String)> {
    let omit_year = property.param("X-APPLE-OMIT-YEAR").is_some();
    let date = date_in_words(text, omit_year).or_else(|| non_empty(text))?;
    Some((FactKind::Note, format!("{what}: {date}")))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Reads the date forms of §4.5: `YYYY-MM-DD`, `YYYYMMDD`, `--MM-DD`, `--MMDD`, and any of them
/// followed by a time. Apple's year 1604 and the year 0000 mean "no year", as does
/// `X-APPLE-OMIT-YEAR`.
fn date_in_words(text: &str, omit_year: bool) -> Option<String> {
    let date = text.trim();
    let date = date.split_once('T').map_or(date, |(date, _time)| date);
    let (year, month_day) = match date.strip_prefix("--") {
        Some(month_day) => (None, month_day),
        None => {
            let (year, rest) = date.split_at_checked(4)?;
            (Some(number(year)?), rest.strip_prefix('-').unwrap_or(rest))
        }
    };
    let (month, day) = match month_day.split_once('-') {
        Some(month_and_day) => month_and_day,
        None => month_day.split_at_checked(2)?,
    };
    let (month, day) = (number(month)?, number(day)?);
    let year = year.filter(|&year| !omit_year && year != 1604 && year != 0);
    // 2000 is a leap year, so a birthday on 29 February without a year is valid.
    let valid = jiff::civil::Date::new(year.unwrap_or(2000), month, day).ok()?;
    let month = MONTHS[usize::try_from(valid.month() - 1).ok()?];
    Some(match year {
        Some(year) => format!("{day} {month} {year}"),
        None => format!("{day} {month}"),
    })
}

/// A number written with one to four digits and nothing else (`parse` alone takes a `+`).
fn number<T: TryFrom<u16>>(digits: &str) -> Option<T> {
    if !(1..=4).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    T::try_from(digits.parse::<u16>().ok()?).ok()
}

/// `text` without surrounding whitespace, unless nothing is left.
fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Adds `value`, trimmed, unless it is empty or already there (an address can be listed twice
/// with different `TYPE`s).
fn add(values: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !values.iter().any(|known| known == value) {
        values.push(value.to_owned());
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Splits a compound or multi-valued value on `separator` where it is not escaped (§4.3).
fn split_unescaped(text: &str, separator: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (at, byte) in text.bytes().enumerate() {
        if escaped {
            escaped = false;
        } else if byte == b'\\' {
            escaped = true;
        } else if byte == separator {
            // The separator is ASCII, so `at` is on a character boundary.
            parts.push(&text[start..at]);
            start = at + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Undoes the value escaping of §4.3. In 3.0 and 4.0 a backslash escapes the next character
/// (`\n` is a line break; writers also escape `:`). In 2.1 only `\;` is an escape, and a
/// backslash is otherwise literal.
fn unescape(text: &str, v21: bool) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') if !v21 => out.push('\n'),
            Some(';') => out.push(';'),
            Some(escaped) if !v21 => out.push(escaped),
            Some(literal) => out.extend(['\\', literal]),
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// The properties kith reads; every other property is skipped while it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Begin,
    End,
    Version,
    FullName,
    Name,
    Email,
    Phone,
    Profile,
    /// A `URL`: a profile when it points at a page of its own, not at a site's home page.
    Website,
    Impp,
    /// A messenger id in a vendor property, with the `IMPP` scheme of its service.
    Handle(&'static str),
    Org,
    Title,
    Note,
    /// A date, with what it is ("birthday").
    Date(&'static str),
    /// Apple's `X-ABDATE`, whose meaning is in its group's label.
    AppleDate,
    AppleLabel,
    Categories,
}

const FIELDS: &[(&str, Field)] = &[
    ("BEGIN", Field::Begin),
    ("END", Field::End),
    ("VERSION", Field::Version),
    ("FN", Field::FullName),
    ("N", Field::Name),
    ("EMAIL", Field::Email),
    ("TEL", Field::Phone),
    ("URL", Field::Website),
    ("X-SOCIALPROFILE", Field::Profile),
    ("IMPP", Field::Impp),
    // Android's vCard 2.1 messenger properties (FORMATS.md §4.4), named by the scheme IMPP
    // would give them, so that both spellings of one id are the same handle.
    ("X-AIM", Field::Handle("aim")),
    ("X-ICQ", Field::Handle("icq")),
    ("X-JABBER", Field::Handle("xmpp")),
    ("X-GOOGLE-TALK", Field::Handle("xmpp")),
    ("X-MSN", Field::Handle("msnim")),
    ("X-YAHOO", Field::Handle("ymsgr")),
    ("X-QQ", Field::Handle("qq")),
    ("X-SKYPE", Field::Handle("skype")),
    ("X-SKYPE-USERNAME", Field::Handle("skype")),
    ("ORG", Field::Org),
    ("TITLE", Field::Title),
    ("NOTE", Field::Note),
    ("BDAY", Field::Date("birthday")),
    ("ANNIVERSARY", Field::Date("anniversary")),
    ("X-ABDATE", Field::AppleDate),
    ("X-ABLABEL", Field::AppleLabel),
    ("CATEGORIES", Field::Categories),
];

impl Field {
    fn of(name: &[u8]) -> Option<Self> {
        let (_, field) = FIELDS
            .iter()
            .find(|(known, _)| name.eq_ignore_ascii_case(known.as_bytes()))?;
        Some(*field)
    }
}

/// How a value is encoded for transfer (§4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transfer {
    Plain,
    QuotedPrintable,
    /// Base64: binary data, never text kith uses.
    Base64,
}

/// A property of a kept line: `[group "."] name *(";" param) ":" value` (§4.1).
#[derive(Debug)]
struct Property<'a> {
    /// The group (`item1`), or empty.
    group: &'a [u8],
    name: &'a [u8],
    field: Field,
    /// The parameters, as written, without the `;` before the first.
    params: &'a [u8],
    value: &'a [u8],
}

impl<'a> Property<'a> {
    /// Reads `line`, whose name and parameters end at `colon`. `None` for properties kith does
    /// not use.
    fn parse(line: &'a [u8], colon: usize) -> Option<Self> {
        let (head, value) = (line.get(..colon)?, line.get(colon + 1..)?);
        let (group, name, params) = split_head(head);
        Some(Self {
            group,
            name,
            field: Field::of(name)?,
            params,
            value,
        })
    }

    fn is_vcard(&self) -> bool {
        self.value.trim_ascii().eq_ignore_ascii_case(b"VCARD")
    }

    /// The value of the parameter `key` (`KEY=value`), without quotes.
    fn param(&self, key: &str) -> Option<&'a [u8]> {
        params(self.params).find_map(|param| {
            let (name, value) = split_once(param, b'=')?;
            let value = value.strip_prefix(b"\"").unwrap_or(value);
            let value = value.strip_suffix(b"\"").unwrap_or(value);
            name.trim_ascii()
                .eq_ignore_ascii_case(key.as_bytes())
                .then_some(value)
        })
    }

    /// The value as text: quoted-printable decoded to bytes, then the bytes decoded from their
    /// charset (§4.4). Still escaped (§4.3). `None` for binary values.
    fn text(&self) -> Option<Cow<'a, str>> {
        let charset = self.param("CHARSET");
        match transfer(self.params) {
            Transfer::Base64 => None,
            Transfer::QuotedPrintable => {
                let bytes = decode_quoted_printable(self.value);
                Some(Cow::Owned(decode_charset(&bytes, charset).into_owned()))
            }
            Transfer::Plain => Some(decode_charset(self.value, charset)),
        }
    }
}

/// Splits a line's head into group, name and parameters.
fn split_head(head: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let (name, params) = split_once(head, b';').unwrap_or((head, &[]));
    match name.iter().rposition(|&b| b == b'.') {
        Some(dot) => (&name[..dot], &name[dot + 1..], params),
        None => (&[], name, params),
    }
}

fn split_once(bytes: &[u8], separator: u8) -> Option<(&[u8], &[u8])> {
    let at = bytes.iter().position(|&b| b == separator)?;
    Some((&bytes[..at], &bytes[at + 1..]))
}

/// The parameters, split on the `;`s outside double quotes (4.0 quotes values, §4.1).
fn params(params: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut quoted = false;
    params.split(move |&b| {
        quoted ^= b == b'"';
        b == b';' && !quoted
    })
}

/// The transfer encoding the parameters name: `ENCODING=QUOTED-PRINTABLE`, or in 2.1 the bare
/// `QUOTED-PRINTABLE` (§4.1, §4.4).
fn transfer(head_params: &[u8]) -> Transfer {
    for param in params(head_params) {
        let param = param.trim_ascii();
        let value = match split_once(param, b'=') {
            Some((name, value)) if name.trim_ascii().eq_ignore_ascii_case(b"ENCODING") => value,
            Some(_) => continue,
            None => param,
        };
        let value = value.trim_ascii();
        if value.eq_ignore_ascii_case(b"QUOTED-PRINTABLE") {
            return Transfer::QuotedPrintable;
        }
        if value.eq_ignore_ascii_case(b"B") || value.eq_ignore_ascii_case(b"BASE64") {
            return Transfer::Base64;
        }
    }
    Transfer::Plain
}

/// Decodes quoted-printable `=XX` escapes. Soft line breaks are already gone (unfolding removed
/// them); an `=` that starts no escape is kept as it is.
fn decode_quoted_printable(encoded: &[u8]) -> Vec<u8> {
    let hex = |digit: u8| {
        (digit as char)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some((&byte, tail)) = rest.split_first() {
        rest = tail;
        if byte == b'='
            && let [high, low, tail @ ..] = rest
            && let (Some(high), Some(low)) = (hex(*high), hex(*low))
        {
            out.push(high << 4 | low);
            rest = tail;
        } else {
            out.push(byte);
        }
    }
    out
}

/// Decodes text from the property's `CHARSET`, UTF-8 when it names none. UTF-8 that is not
/// valid is read as cp1252, which old 2.1 writers used without saying so (§4.4).
fn decode_charset<'a>(bytes: &'a [u8], charset: Option<&[u8]>) -> Cow<'a, str> {
    if let Some(encoding) = charset
        .and_then(Encoding::for_label)
        .filter(|&e| e != UTF_8)
    {
        return encoding.decode_without_bom_handling(bytes).0;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// A logical line, as [`Unfolder::next`] leaves it in its buffer.
#[derive(Debug, Clone, Copy)]
struct Unfolded {
    /// The physical line it starts on.
    number: u64,
    /// Where the colon between its head and its value is, if it has one.
    colon: Option<usize>,
    /// Whether it is a property kith uses that was longer than [`MAX_LINE`] and was cut.
    cut: bool,
}

/// Joins physical lines into logical ones (§4.2), on bytes, so that a fold inside a UTF-8
/// sequence, or a quoted-printable soft break inside a character, is mended before anything
/// is decoded. Lines of properties kith does not use are read past, not stored.
struct Unfolder<'a> {
    lines: Lines<'a>,
}

impl<'a> Unfolder<'a> {
    fn new(input: &'a mut dyn BufRead) -> Self {
        Self {
            lines: Lines {
                input,
                number: 0,
                after_cr: false,
            },
        }
    }

    /// Reads the next logical line into `line`; `v21` folds the 2.1 way. `None` at the end.
    fn next(&mut self, line: &mut Vec<u8>, v21: bool) -> io::Result<Option<Unfolded>> {
        line.clear();
        let mut end = loop {
            let Some(end) = self.lines.read(line, MAX_LINE)? else {
                return Ok(None);
            };
            if self.lines.number == 1 && line.starts_with(BOM) {
                line.drain(..BOM.len());
            }
            // Blank lines carry nothing; 2.1 ends a base64 value with one (§4.2).
            if !line.is_empty() {
                break end;
            }
        };
        let mut unfolded = Unfolded {
            number: self.lines.number,
            colon: None,
            cut: !end.whole,
        };
        let (mut scan, mut keep, mut soft_breaks) = (ColonScan::default(), true, false);
        loop {
            if unfolded.colon.is_none() {
                unfolded.colon = scan.find(line);
                if let Some(colon) = unfolded.colon {
                    let (_, name, params) = split_head(&line[..colon]);
                    soft_breaks = transfer(params) == Transfer::QuotedPrintable;
                    keep = Field::of(name).is_some();
                    if !keep {
                        line.truncate(colon + 1);
                    }
                }
            }
            match self.lines.peek()? {
                // A quoted-printable line ending in `=` goes on in the next line, which does
                // not start with whitespace (§4.2). Checked first: such a line may start with
                // a space that belongs to the value.
                _ if soft_breaks && end.last == Some(b'=') => {
                    if keep {
                        line.pop();
                    }
                }
                // RFC 2426 and 6350 fold with CRLF and one space or tab, all removed; 2.1
                // folds before whitespace that stays part of the value.
                Some(b' ' | b'\t') => {
                    if !v21 {
                        self.lines.consume(1);
                    }
                }
                _ => break,
            }
            let Some(next) = self.lines.read(line, if keep { MAX_LINE } else { 0 })? else {
                break;
            };
            end = next;
            unfolded.cut |= keep && !end.whole;
        }
        unfolded.cut &= keep;
        Ok(Some(unfolded))
    }
}

/// Finds the colon that ends a line's head: the first one outside a double-quoted parameter
/// value (4.0 allows `LABEL="a:b"`, §4.1), looking only at bytes it has not seen yet.
#[derive(Debug, Default)]
struct ColonScan {
    seen: usize,
    quoted: bool,
}

impl ColonScan {
    fn find(&mut self, line: &[u8]) -> Option<usize> {
        for (at, &byte) in line.iter().enumerate().skip(self.seen) {
            match byte {
                b'"' => self.quoted = !self.quoted,
                b':' if !self.quoted => return Some(at),
                _ => {}
            }
        }
        self.seen = line.len();
        None
    }
}

/// The physical lines of a file, as bytes (the charset can change from one property to the
/// next, §4.4), split on CRLF, LF or a lone CR (§0.2).
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    /// The number of the last line read.
    number: u64,
    /// Whether the last line ended with CR, so that an LF right after it ends no other line.
    after_cr: bool,
}

/// How a physical line ended.
#[derive(Debug, Clone, Copy)]
struct End {
    /// Its last byte, if it has any.
    last: Option<u8>,
    /// Whether all of it was stored.
    whole: bool,
}

impl Lines<'_> {
    /// Reads the next line, appending its bytes to `out` while `out` is shorter than `limit`
    /// and dropping the rest. `None` at the end of the file.
    fn read(&mut self, out: &mut Vec<u8>, limit: usize) -> io::Result<Option<End>> {
        self.skip_lf_after_cr()?;
        let mut end = End {
            last: None,
            whole: true,
        };
        let mut empty = true;
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            empty = false;
            let (content, used) = match memchr2(b'\n', b'\r', buf) {
                Some(at) => {
                    self.after_cr = buf[at] == b'\r';
                    (&buf[..at], Some(at + 1))
                }
                None => (buf, None),
            };
            end.last = content.last().copied().or(end.last);
            let room = limit.saturating_sub(out.len()).min(content.len());
            out.extend_from_slice(&content[..room]);
            end.whole &= room == content.len();
            let consumed = used.unwrap_or(content.len());
            self.input.consume(consumed);
            if used.is_some() {
                break;
            }
        }
        if empty {
            return Ok(None);
        }
        self.number += 1;
        Ok(Some(end))
    }

    /// The next line's first byte, left unread.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        self.skip_lf_after_cr()?;
        Ok(self.input.fill_buf()?.first().copied())
    }

    fn consume(&mut self, bytes: usize) {
        self.input.consume(bytes);
    }

    fn skip_lf_after_cr(&mut self) -> io::Result<()> {
        if self.after_cr {
            if self.input.fill_buf()?.first() == Some(&b'\n') {
                self.input.consume(1);
            }
            self.after_cr = false;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;
    use std::path::{Path, PathBuf};

    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::tally::{Batch, Tally};

    const ANDROID: &[u8] = include_bytes!("../../tests/data/vcard/android_v21.vcf");
    const APPLE_GOOGLE: &[u8] = include_bytes!("../../tests/data/vcard/apple_google_v30.vcf");
    const RFC6350: &[u8] = include_bytes!("../../tests/data/vcard/rfc6350_v40.vcf");
    const FOLD_IN_UTF8: &[u8] = include_bytes!("../../tests/data/vcard/edge_fold_inside_utf8.vcf");
    const FIXTURES: [&[u8]; 4] = [ANDROID, APPLE_GOOGLE, RFC6350, FOLD_IN_UTF8];

    /// Reads `bytes` through a buffer of `capacity` bytes (small ones split CRLF and UTF-8
    /// sequences across reads).
    fn import_with(bytes: &[u8], capacity: usize) -> Result<Batch, Error> {
        let zone = TimeZone::UTC;
        let file = Input {
            path: Path::new("contacts.vcf"),
            zone: &zone,
        };
        let mut tally = Tally::new();
        read(
            &mut BufReader::with_capacity(capacity, bytes),
            &file,
            &mut tally,
        )?;
        Ok(tally.finish())
    }

    fn import(bytes: &[u8]) -> Batch {
        import_with(bytes, 8 * 1024).expect("the vCard reads")
    }

    /// Where reading `bytes` fails, and the words that say why.
    fn malformed(bytes: &[u8]) -> (Location, String) {
        match import_with(bytes, 8 * 1024) {
            Err(Error::Malformed { at, problem, .. }) => (at, problem),
            other => panic!("expected a malformed file, read {other:?}"),
        }
    }

    fn contacts(bytes: &[u8]) -> Vec<Contact> {
        let batch = import(bytes);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        assert!(
            batch
                .contacts
                .iter()
                .all(|(service, _)| *service == Service::Vcard)
        );
        batch
            .contacts
            .into_iter()
            .map(|(_, contact)| contact)
            .collect()
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|&v| v.to_owned()).collect()
    }

    fn note(text: &str) -> (FactKind, String) {
        (FactKind::Note, text.to_owned())
    }

    /// A one-card file with `lines` between BEGIN and END, CRLF-terminated.
    fn card(lines: &[&str]) -> Vec<u8> {
        let mut text = String::from("BEGIN:VCARD\r\n");
        for line in lines {
            text.push_str(line);
            text.push_str("\r\n");
        }
        text.push_str("END:VCARD\r\n");
        text.into_bytes()
    }

    fn only_contact(bytes: &[u8]) -> Contact {
        let mut contacts = contacts(bytes);
        assert_eq!(contacts.len(), 1, "{contacts:?}");
        contacts.remove(0)
    }

    #[rstest]
    #[case::whole_buffer(8 * 1024)]
    #[case::one_byte_at_a_time(1)]
    fn the_android_card_decodes_quoted_printable_and_its_charset(#[case] capacity: usize) {
        let batch = import_with(ANDROID, capacity).unwrap();
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        let [(_, zoe)] = &batch.contacts[..] else {
            panic!("one card: {:?}", batch.contacts);
        };
        let expected = Contact {
            name: Some("Zoë Quill".to_owned()),
            emails: strings(&["zoe.quill@example.com"]),
            phones: strings(&["+1 555-0100", "+1 555-0199"]),
            facts: vec![
                note("Met at the climbing gym – bring crème brûlée next time, she owes me one ☕"),
                note("birthday: 25 December 1990"),
            ],
            ..Contact::default()
        };
        assert_eq!(zoe, &expected);
    }

    #[rstest]
    #[case::whole_buffer(8 * 1024)]
    #[case::one_byte_at_a_time(1)]
    fn apple_and_google_cards_read_with_their_dates_notes_and_labels(#[case] capacity: usize) {
        let batch = import_with(APPLE_GOOGLE, capacity).unwrap();
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        let contacts: Vec<&Contact> = batch.contacts.iter().map(|(_, c)| c).collect();
        let ines = Contact {
            name: Some("Ines Ødegård".to_owned()),
            emails: strings(&["ines@example.no"]),
            phones: strings(&["+47 555 00 000", "+47 555 00 001"]),
            profiles: strings(&["https://twitter.com/example"]),
            circles: strings(&["Hiking", "Norway"]),
            facts: vec![
                note("birthday: 15 March"),
                note("Guide on the 2019 trip\nVegetarian; allergic to nuts"),
                (FactKind::Time, "Fjord Hikers, Inc.".to_owned()),
            ],
            ..Contact::default()
        };
        let bart = Contact {
            name: Some("Bartholomew Ng".to_owned()),
            emails: strings(&["bart.ng@example.com"]),
            phones: strings(&["+1 555-0101"]),
            profiles: strings(&["https://example.com/bart"]),
            facts: vec![note("birthday: 15 April")],
            ..Contact::default()
        };
        assert_eq!(contacts, [&ines, &bart]);
    }

    #[test]
    fn a_vcard_4_card_reads_tel_uris_dates_and_folded_notes() {
        let tomas = only_contact(RFC6350);
        let expected = Contact {
            name: Some("Tomás Ilunga".to_owned()),
            emails: strings(&["tomas@example.com"]),
            phones: strings(&["+1-555-0102"]),
            circles: strings(&["friends", "book club"]),
            facts: vec![
                note("birthday: 15 April"),
                note("anniversary: 1 June 2015"),
                note(
                    "Long note that is folded across physical lines because it is longer than \
                     seventy-five octets.",
                ),
            ],
            ..Contact::default()
        };
        assert_eq!(tomas, expected);
    }

    #[rstest]
    #[case::whole_buffer(8 * 1024)]
    #[case::one_byte_at_a_time(1)]
    fn a_fold_inside_a_utf8_character_is_mended(#[case] capacity: usize) {
        let batch = import_with(FOLD_IN_UTF8, capacity).unwrap();
        assert_eq!(
            batch.contacts,
            [(Service::Vcard, Contact::named("Zoë Quill"))]
        );
    }

    #[test]
    fn a_group_label_belongs_to_its_own_card_only() {
        let first = card(&[
            "FN:Zoë",
            "item1.X-ABDATE:2015-06-01",
            "item1.X-ABLabel:Wedding",
        ]);
        let second = card(&[
            "FN:Ines",
            "item1.X-ABDATE:2019-07-20",
            "item2.X-ABLabel:Wedding",
        ]);
        let facts: Vec<_> = contacts(&[first, second].concat())
            .into_iter()
            .map(|contact| contact.facts)
            .collect();
        assert_eq!(
            facts,
            [[note("Wedding: 1 June 2015")], [note("date: 20 July 2019")]]
        );
    }

    #[rstest]
    #[case::crlf("\r\n")]
    #[case::lf("\n")]
    #[case::cr("\r")]
    fn every_line_ending_reads_the_same(#[case] ending: &str) {
        let text = "BEGIN:VCARD|VERSION:3.0|FN:Zoë|  Quill|TEL:+1 555-0100|END:VCARD|";
        let zoe = only_contact(text.replace('|', ending).as_bytes());
        assert_eq!(zoe.name.as_deref(), Some("Zoë Quill"));
        assert_eq!(zoe.phones, ["+1 555-0100"]);
    }

    #[rstest]
    #[case::fn_preferred(&["FN:Zoë Quill", "N:Quill;Z;;;"], Some("Zoë Quill"))]
    #[case::n_without_fn(&["N:Quill;Zoë;;Dr.;"], Some("Zoë Quill"))]
    #[case::n_with_given_name_only(&["N:;Zoë;;;"], Some("Zoë"))]
    #[case::empty_fn_falls_back_to_n(&["FN: ", "N:Quill;Zoë;;;"], Some("Zoë Quill"))]
    #[case::escaped_comma(&["VERSION:3.0", "FN:Quill\\, Zoë"], Some("Quill, Zoë"))]
    #[case::v21_backslash_is_literal(&["VERSION:2.1", "FN:Zoë\\Quill"], Some("Zoë\\Quill"))]
    #[case::lower_case_names(&["fn:Zoë Quill"], Some("Zoë Quill"))]
    #[case::phone_only(&["TEL:+1 555-0100"], None)]
    fn names_come_from_fn_then_n(#[case] lines: &[&str], #[case] name: Option<&str>) {
        let mut lines = lines.to_vec();
        lines.push("TEL:+1 555-0100");
        assert_eq!(only_contact(&card(&lines)).name.as_deref(), name);
    }

    #[test]
    fn android_quoted_printable_in_another_charset_is_decoded_from_it() {
        let zoe = only_contact(&card(&[
            "VERSION:2.1",
            "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ines =D8deg=E5rd",
            "NOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:=E2=80=93 tea=",
            "",
            "TEL;CELL:+47 555 00 000",
        ]));
        assert_eq!(zoe.name.as_deref(), Some("Ines Ødegård"));
        // AOSP ends a value with a soft break and an empty line when it fills a line exactly.
        assert_eq!(zoe.facts, [note("– tea")]);
        assert_eq!(zoe.phones, ["+47 555 00 000"]);
    }

    #[test]
    fn undeclared_8_bit_text_that_is_not_utf8_is_read_as_cp1252() {
        let ines =
            only_contact(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ines \xD8deg\xE5rd\r\nEND:VCARD");
        assert_eq!(ines.name.as_deref(), Some("Ines Ødegård"));
    }

    #[test]
    fn a_quoted_printable_soft_break_may_split_a_character() {
        let zoe = only_contact(&card(&[
            "VERSION:2.1",
            "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=5A=6F=C3=",
            "=AB Quill",
        ]));
        assert_eq!(zoe.name.as_deref(), Some("Zoë Quill"));
    }

    #[test]
    fn version_2_1_folding_keeps_the_whitespace_it_folds_before() {
        let zoe = only_contact(&card(&["VERSION:2.1", "FN:Zoë", " Quill"]));
        assert_eq!(zoe.name.as_deref(), Some("Zoë Quill"));
    }

    #[rstest]
    #[case::v30_escapes("3.0", "a\\, b\\; c\\\\d\\Ne\\:f", "a, b; c\\d\ne:f")]
    #[case::v21_only_semicolons("2.1", "a\\, b\\; c\\\\d\\ne", "a\\, b; c\\\\d\\ne")]
    #[case::trailing_backslash("4.0", "tea\\", "tea\\")]
    fn notes_are_unescaped_by_version(
        #[case] version: &str,
        #[case] value: &str,
        #[case] expected: &str,
    ) {
        let version = format!("VERSION:{version}");
        let note_line = format!("NOTE:{value}");
        let zoe = only_contact(&card(&[&version, "FN:Zoë", &note_line]));
        assert_eq!(zoe.facts, [note(expected)]);
    }

    #[rstest]
    #[case::title_and_org(
        &["TITLE:Head of Ops", "ORG:Acme\\, Ltd;Logistics"],
        Some("Head of Ops at Acme, Ltd, Logistics")
    )]
    #[case::title_only(&["TITLE:Head of Ops"], Some("Head of Ops"))]
    #[case::org_only(&["ORG:Fjord Hikers;"], Some("Fjord Hikers"))]
    #[case::empty_org(&["ORG:;"], None)]
    fn org_and_title_make_one_fact(#[case] lines: &[&str], #[case] job: Option<&str>) {
        let lines = [&["VERSION:3.0", "FN:Zoë"], lines].concat();
        let zoe = only_contact(&card(&lines));
        let jobs: Vec<(FactKind, String)> = job
            .map(|j| (FactKind::Time, j.to_owned()))
            .into_iter()
            .collect();
        assert_eq!(zoe.facts, jobs);
    }

    #[rstest]
    #[case::full_date("BDAY:1990-03-14", "birthday: 14 March 1990")]
    #[case::basic_date("BDAY:19900314", "birthday: 14 March 1990")]
    #[case::date_and_time("BDAY:1990-03-14T00:00:00Z", "birthday: 14 March 1990")]
    #[case::no_year("BDAY:--03-14", "birthday: 14 March")]
    #[case::no_year_basic("BDAY:--0314", "birthday: 14 March")]
    #[case::apple_omit_year("BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14", "birthday: 14 March")]
    #[case::apple_year_alone("BDAY:1604-03-14", "birthday: 14 March")]
    #[case::year_zero("BDAY:0000-03-14", "birthday: 14 March")]
    #[case::leap_day_without_year("BDAY:--0229", "birthday: 29 February")]
    #[case::text("BDAY;VALUE=text:circa 1800", "birthday: circa 1800")]
    #[case::impossible_date("BDAY:1990-02-30", "birthday: 1990-02-30")]
    #[case::anniversary("ANNIVERSARY:20150601", "anniversary: 1 June 2015")]
    #[case::apple_date(
        "item3.X-ABDATE:2015-06-01|item3.X-ABLabel:_$!<Anniversary>!$_",
        "anniversary: 1 June 2015"
    )]
    #[case::apple_date_custom_label(
        "item3.X-ABLabel:First climb|item3.X-ABDATE;type=pref:2019-07-20",
        "First climb: 20 July 2019"
    )]
    #[case::apple_date_unlabelled("X-ABDATE:2019-07-20", "date: 20 July 2019")]
    fn dates_become_facts_in_words(#[case] lines: &str, #[case] fact: &str) {
        let lines: Vec<&str> = ["VERSION:3.0", "FN:Zoë"]
            .into_iter()
            .chain(lines.split('|'))
            .collect();
        assert_eq!(only_contact(&card(&lines)).facts, [note(fact)]);
    }

    #[rstest]
    #[case::impp_uri("IMPP:xmpp:zoe@example.com", "xmpp:zoe@example.com")]
    #[case::apple_service_type(
        "IMPP;X-SERVICE-TYPE=Telegram;type=pref:x-apple:zoequill",
        "telegram:zoequill"
    )]
    #[case::android_skype("X-SKYPE-USERNAME:zoe.quill", "skype:zoe.quill")]
    #[case::android_jabber("X-JABBER:zoe@example.com", "xmpp:zoe@example.com")]
    fn messenger_ids_become_handles(#[case] line: &str, #[case] handle: &str) {
        let zoe = only_contact(&card(&["VERSION:3.0", line]));
        assert_eq!(zoe.handles, [handle]);
        assert_eq!(zoe.name, None);
    }

    #[rstest]
    #[case::https(
        "URL:https://www.linkedin.com/in/zoe",
        Some("https://www.linkedin.com/in/zoe")
    )]
    #[case::escaped_colon("URL:http\\://example.com/zoe", Some("http://example.com/zoe"))]
    #[case::without_scheme("URL:www.linkedin.com/in/zoe", Some("https://www.linkedin.com/in/zoe"))]
    #[case::social_profile(
        "X-SOCIALPROFILE;type=linkedin;x-user=zoe:https://linkedin.com/in/zoe",
        Some("https://linkedin.com/in/zoe")
    )]
    #[case::apple_handle_uri("X-SOCIALPROFILE;type=twitter:x-apple:zoe", None)]
    #[case::not_a_url("URL:ask me", None)]
    #[case::company_home_page("URL:https://acme.example/", None)]
    #[case::bare_company_site("URL:www.acme.example", None)]
    fn web_addresses_become_profiles(#[case] line: &str, #[case] profile: Option<&str>) {
        let zoe = only_contact(&card(&["VERSION:3.0", "FN:Zoë", line]));
        assert_eq!(zoe.profiles, Vec::from_iter(profile));
    }

    #[test]
    fn categories_become_circles_without_google_system_groups() {
        let zoe = only_contact(&card(&[
            "VERSION:3.0",
            "FN:Zoë",
            "CATEGORIES:myContacts,starred,Climbing,Book club\\, Lisbon,Climbing, ",
            "CATEGORIES:* other,Family",
        ]));
        assert_eq!(zoe.circles, ["Climbing", "Book club, Lisbon", "Family"]);
    }

    #[test]
    fn repeated_addresses_and_numbers_are_kept_once() {
        let zoe = only_contact(&card(&[
            "VERSION:3.0",
            "FN:Zoë",
            "EMAIL;type=INTERNET;type=pref:zoe@example.com",
            "EMAIL;type=INTERNET:zoe@example.com",
            "EMAIL:Zoe.Quill@example.com",
            "TEL;type=CELL:+1 555-0100",
            "TEL;type=pref:+1 555-0100",
        ]));
        assert_eq!(zoe.emails, ["zoe@example.com", "Zoe.Quill@example.com"]);
        assert_eq!(zoe.phones, ["+1 555-0100"]);
    }

    #[test]
    fn a_card_with_no_name_and_no_identity_is_skipped_with_a_warning() {
        let file = [
            card(&["VERSION:3.0", "NOTE:who is this?"]),
            card(&["FN:Zoë"]),
        ]
        .concat();
        let batch = import(&file);
        assert_eq!(batch.contacts, [(Service::Vcard, Contact::named("Zoë"))]);
        let warning = "skipped a card with no name, e-mail, phone, profile or handle";
        assert_eq!(
            batch.warnings,
            [format!("`contacts.vcf` line 1: {warning}")]
        );
    }

    #[test]
    fn a_card_that_is_never_ended_is_read_until_the_next_one_begins() {
        let file = "BEGIN:VCARD\r\nFN:Zoë\r\nBEGIN:VCARD\r\nFN:Ines\r\nEND:VCARD\r\n";
        let batch = import(file.as_bytes());
        let names: Vec<_> = batch
            .contacts
            .iter()
            .map(|(_, c)| c.name.as_deref())
            .collect();
        assert_eq!(names, [Some("Zoë"), Some("Ines")]);
        assert_eq!(batch.warnings.len(), 1);
        assert!(
            batch.warnings[0].starts_with("`contacts.vcf` line 1: "),
            "{:?}",
            batch.warnings
        );
    }

    #[test]
    fn lines_appended_after_the_last_card_are_skipped_with_a_warning() {
        let file = [
            card(&["FN:Zoë"]),
            b"First Name,Last Name\r\nInes,Odegard\r\n".to_vec(),
        ]
        .concat();
        let batch = import(&file);
        assert_eq!(batch.contacts.len(), 1);
        assert_eq!(
            batch.warnings,
            [
                "`contacts.vcf` line 4: skipped 2 line(s) outside any card, the first here; was \
              something else added to the file?"
            ]
        );
    }

    #[test]
    fn a_file_cut_short_in_a_card_names_the_card_and_the_last_line() {
        let file = [
            card(&["FN:Zoë"]),
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines".to_vec(),
        ]
        .concat();
        let (at, problem) = malformed(&file);
        assert_eq!(at, Location::Line(4));
        assert!(problem.contains("ends at line 6"), "{problem}");
        assert!(problem.contains("cut short"), "{problem}");
    }

    #[rstest]
    #[case::csv(b"First Name,Last Name\r\n".as_slice(), 1, "found `First Name,Last Name`")]
    #[case::calendar(b"\r\nBEGIN:VCALENDAR\r\n".as_slice(), 2, "found `BEGIN:VCALENDAR`")]
    fn a_file_that_does_not_start_with_a_card_is_malformed(
        #[case] bytes: &[u8],
        #[case] line: u64,
        #[case] found: &str,
    ) {
        let (at, problem) = malformed(bytes);
        assert_eq!(at, Location::Line(line));
        assert!(problem.contains(found), "{problem}");
    }

    #[rstest]
    #[case::empty(b"".as_slice())]
    #[case::blank_lines(b"\r\n\r\n".as_slice())]
    #[case::bom_only(b"\xEF\xBB\xBF".as_slice())]
    fn an_empty_address_book_has_no_contacts(#[case] bytes: &[u8]) {
        assert!(contacts(bytes).is_empty());
    }

    #[test]
    fn a_bom_before_the_first_card_is_ignored() {
        assert_eq!(
            only_contact(&[BOM, &card(&["FN:Zoë"])].concat())
                .name
                .as_deref(),
            Some("Zoë")
        );
    }

    #[test]
    fn a_value_too_long_to_keep_is_skipped_with_a_warning() {
        let long = format!("NOTE:{}", "a".repeat(MAX_LINE));
        let batch = import(&card(&["FN:Zoë", &long, "TEL:+1 555-0100"]));
        let [(_, zoe)] = &batch.contacts[..] else {
            panic!("{:?}", batch.contacts);
        };
        assert!(zoe.facts.is_empty());
        assert_eq!(zoe.phones, ["+1 555-0100"]);
        assert_eq!(
            batch.warnings,
            ["`contacts.vcf` line 3: skipped a NOTE value longer than 64 KiB"]
        );
    }

    #[test]
    fn a_card_too_large_to_keep_is_read_as_far_as_it_fits() {
        let note = format!("NOTE:{}", "a".repeat(60 * 1024));
        let mut lines = vec!["FN:Zoë"];
        lines.extend(std::iter::repeat_n(note.as_str(), 20));
        lines.push("TEL:+1 555-0100");
        let batch = import(&card(&lines));
        let [(_, zoe)] = &batch.contacts[..] else {
            panic!("{:?}", batch.contacts);
        };
        assert_eq!(zoe.name.as_deref(), Some("Zoë"));
        assert_eq!(zoe.facts.len(), 17, "1 MiB holds 17 notes of 60 KiB");
        let warning = "the card that starts there is larger than 1024 KiB; read its first 1024 KiB";
        assert_eq!(
            batch.warnings,
            [format!("`contacts.vcf` line 1: {warning}")]
        );
    }

    /// A 4 MB photo, folded into 76-byte lines as 3.0 writers do, or on one line as some 4.0
    /// writers do.
    fn photo(folded: bool) -> Vec<u8> {
        let base64 = "QUJD".repeat(1024 * 1024);
        let mut text = String::from("PHOTO;ENCODING=b;TYPE=JPEG:");
        for (index, chunk) in base64.as_bytes().chunks(75).enumerate() {
            if folded && index > 0 {
                text.push_str("\r\n ");
            }
            text.push_str(std::str::from_utf8(chunk).unwrap());
        }
        text.into_bytes()
    }

    #[rstest]
    #[case::folded(true, 128)]
    #[case::one_line(false, 2 * MAX_LINE)]
    fn a_photo_is_read_past_without_being_kept(#[case] folded: bool, #[case] most: usize) {
        let file = [photo(folded).as_slice(), "\r\nFN:Zoë\r\n".as_bytes()].concat();
        let mut input = &file[..];
        let mut lines = Unfolder::new(&mut input);
        let mut line = Vec::new();
        let photo = lines.next(&mut line, false).unwrap().unwrap();
        assert!(line.capacity() <= most, "kept {} bytes", line.capacity());
        assert!(
            !photo.cut,
            "a property kith does not use is not cut, only skipped"
        );
        lines.next(&mut line, false).unwrap().unwrap();
        assert_eq!(line, "FN:Zoë".as_bytes());
        assert!(lines.next(&mut line, false).unwrap().is_none());
    }

    #[test]
    fn a_card_with_a_large_photo_still_reads() {
        let file = [
            b"BEGIN:VCARD\r\nVERSION:3.0\r\n".as_slice(),
            &photo(true),
            "\r\nFN:Zoë\r\nEND:VCARD\r\n".as_bytes(),
        ]
        .concat();
        assert_eq!(only_contact(&file).name.as_deref(), Some("Zoë"));
    }

    fn data_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                data_files(&path, found);
            } else {
                found.push(path);
            }
        }
    }

    #[test]
    fn detection_accepts_vcards_and_rejects_every_other_export_file() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut files = Vec::new();
        data_files(&data, &mut files);
        assert!(files.len() > 20, "{files:?}");
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
            let name = path.file_name().unwrap().to_str().unwrap();
            let is_vcard = path.parent().unwrap().ends_with("vcard");
            assert_eq!(detect(name, head), is_vcard, "{}", path.display());
        }
    }

    #[rstest]
    #[case::lower_case("contacts.txt", b"begin:vcard\nversion:3.0\n".as_slice(), true)]
    #[case::bom_and_blank_lines("x", b"\xEF\xBB\xBF\r\n\r\nBEGIN:VCARD\r\n".as_slice(), true)]
    #[case::head_ends_after_begin("x", b"BEGIN:VCARD".as_slice(), true)]
    #[case::empty_vcf("Contacts.VCF", b"".as_slice(), true)]
    #[case::empty_other("notes.txt", b"".as_slice(), false)]
    #[case::vcf_name_other_content("contacts.vcf", b"{\"contacts\": []}".as_slice(), false)]
    #[case::calendar("cal.ics", b"BEGIN:VCALENDAR\r\n".as_slice(), false)]
    #[case::longer_word("x", b"BEGIN:VCARDS\r\n".as_slice(), false)]
    fn detection_goes_by_content(#[case] name: &str, #[case] head: &[u8], #[case] yes: bool) {
        assert_eq!(detect(name, head), yes);
    }

    #[test]
    fn every_truncation_of_every_fixture_reads_or_says_the_file_was_cut() {
        let count =
            |text: &[u8], what: &[u8]| text.windows(what.len()).filter(|w| *w == what).count();
        for fixture in FIXTURES {
            for cut in 0..=fixture.len() {
                let prefix = &fixture[..cut];
                let begins = count(prefix, b"BEGIN:VCARD");
                let whole =
                    prefix.is_empty() || (begins > 0 && begins == count(prefix, b"END:VCARD"));
                match import_with(prefix, 8 * 1024) {
                    Ok(_) => assert!(whole, "{:?}", String::from_utf8_lossy(prefix)),
                    Err(Error::Malformed { .. }) => {
                        assert!(!whole, "{:?}", String::from_utf8_lossy(prefix))
                    }
                    Err(other) => panic!("{other:?}"),
                }
            }
        }
    }

    /// Pieces that vCard lines are made of, to build inputs that reach deep into the parser.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "BEGIN:VCARD",
            "END:VCARD",
            "VERSION:2.1",
            "VERSION:4.0",
            "\r\n",
            "\n",
            "\r",
            " ",
            "\t",
            "=",
            "=C3",
            "=AB",
            "FN",
            "N",
            ";",
            ":",
            ",",
            "\\",
            "\"",
            "item1.",
            "X-ABLabel",
            "X-ABDATE",
            "BDAY",
            "--0229",
            "QUOTED-PRINTABLE",
            "CHARSET=SHIFT_JIS",
            "ENCODING=b",
            "PHOTO",
            "IMPP",
            "CATEGORIES",
            "é",
            "\u{FEFF}",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn reading_arbitrary_bytes_never_panics(
            bytes in prop::collection::vec(any::<u8>(), 0..512),
            capacity in 1usize..16,
        ) {
            let _ = import_with(&bytes, capacity);
        }

        #[test]
        fn reading_arbitrary_vcard_like_text_never_panics(
            pieces in prop::collection::vec(piece(), 0..64),
            capacity in 1usize..16,
        ) {
            let _ = import_with(pieces.concat().as_bytes(), capacity);
        }

        #[test]
        fn detection_never_panics(head in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = detect("contacts.vcf", &head);
        }
    }
}
