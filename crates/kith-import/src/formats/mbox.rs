//! Gmail's mailbox from Google Takeout, `All mail Including Spam and Trash.mbox` (FORMATS.md §7).
//!
//! Only headers are read, never a body. The file is streamed line by line; each message's
//! header block gives who wrote to whom, when, in which Gmail thread and under which labels.
//! Who the user is can only be told once the whole file is read (the most frequent sender of
//! `Sent` mail, FORMATS.md §7.1), so every message is first kept as a few numbers (its
//! thread, its sender and recipients as indexes into one address book, its time) and the
//! chats are handed to the sink at the end. Each Gmail thread is a chat; a thread the user
//! never wrote in is a newsletter or a notification, not a conversation, and is left out
//! (FORMATS.md §7.4).

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead};
use std::ops::Range;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::fmt::rfc2822::DateTimeParser;
use jiff::tz::Offset;

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::record::{Author, ChatId, Contact, Service, Sink};

/// How much of one line, and of one unfolded header, is kept. Real separator and header
/// lines are far shorter; the limit keeps a body without line breaks, or a corrupt header,
/// from taking the memory.
const LIMIT: usize = 64 * 1024;

/// Parses dates as mail clients write them, including a weekday that does not match the date.
static DATES: DateTimeParser = DateTimeParser::new().relaxed_weekday(true);

pub(crate) fn detect(_name: &str, head: &[u8]) -> bool {
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    separator(first.strip_suffix(b"\r").unwrap_or(first)).is_some()
}

pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let mut lines = Lines {
        input,
        line: Vec::new(),
        number: 0,
    };
    let mut book = Book::default();
    if !lines.next().map_err(|e| file.io(e))? {
        return Ok(());
    }
    let Some(mut envelope) = separator(&lines.line) else {
        return Err(file.malformed(
            Location::Line(1),
            "expected a Gmail mbox separator line like \
             `From 1760000000000000001@xxx Mon Nov 06 04:42:58 +0000 2023`",
        ));
    };
    loop {
        let start = lines.number;
        let (headers, after) = read_headers(&mut lines, file)?;
        let next = match after {
            After::Body => skip_body(&mut lines).map_err(|e| file.io(e))?,
            After::Separator(at) => Some(at),
        };
        book.add(&headers, envelope, start);
        match next {
            Some(at) => envelope = at,
            None => break,
        }
    }
    book.emit(sink);
    Ok(())
}

/// The file's lines, one at a time, without their `\n` or `\r\n`.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    line: Vec<u8>,
    /// The 1-based number of the line in `line`.
    number: u64,
}

impl Lines<'_> {
    /// Reads the next line, keeping at most [`LIMIT`] bytes of it; false at the end of the file.
    fn next(&mut self) -> io::Result<bool> {
        self.line.clear();
        let mut any = false;
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            any = true;
            let (used, done) = match memchr::memchr(b'\n', available) {
                Some(end) => (end + 1, true),
                None => (available.len(), false),
            };
            let room = LIMIT.saturating_sub(self.line.len());
            self.line.extend_from_slice(&available[..used.min(room)]);
            self.input.consume(used);
            if done {
                break;
            }
        }
        if any {
            self.number += 1;
        }
        for end in [b'\n', b'\r'] {
            if self.line.last() == Some(&end) {
                self.line.pop();
            }
        }
        Ok(any)
    }
}

/// What ended a header block.
enum After {
    /// The empty line before the body.
    Body,
    /// The next message's separator (a message without a body), with its time.
    Separator(Timestamp),
}

fn read_headers(lines: &mut Lines<'_>, file: &Input<'_>) -> Result<(Headers, After), Error> {
    let mut headers = Headers::default();
    loop {
        if !lines.next().map_err(|e| file.io(e))? {
            return Err(file.malformed(
                Location::Line(lines.number),
                "the file ends in the middle of a message's headers; was the download cut short?",
            ));
        }
        if lines.line.is_empty() {
            return Ok((headers, After::Body));
        }
        if let Some(at) = separator(&lines.line) {
            return Ok((headers, After::Separator(at)));
        }
        headers.push(&lines.line);
    }
}

/// Skips a body, which is never kept, up to the next separator: its time, or `None` at the end
/// of the file. Body lines that begin with `From ` are quoted as `>From ` (mboxrd), and one that
/// is not quoted still has to match the whole separator pattern to end the body (FORMATS.md §7).
fn skip_body(lines: &mut Lines<'_>) -> io::Result<Option<Timestamp>> {
    while lines.next()? {
        if let Some(at) = separator(&lines.line) {
            return Ok(Some(at));
        }
    }
    Ok(None)
}

/// The time of a separator line, `From <id>@xxx Mon Nov 06 04:42:58 +0000 2023`, or `None` if
/// the line is not one.
fn separator(line: &[u8]) -> Option<Timestamp> {
    const DAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    // Most lines are body lines: reject them before splitting.
    if !line.starts_with(b"From ") {
        return None;
    }
    let fields: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [from, sender, day, month, date, time, b"+0000", year] = fields[..] else {
        return None;
    };
    let id = sender.strip_suffix(b"@xxx")?;
    if from != b"From" || id.is_empty() || !DAYS.contains(&day) {
        return None;
    }
    let month = MONTHS.iter().position(|&m| m == month)?;
    let [h1, h2, b':', m1, m2, b':', s1, s2] = *time else {
        return None;
    };
    let at = DateTime::new(
        i16::try_from(number(year, 4)?).ok()?,
        i8::try_from(month + 1).ok()?,
        i8::try_from(number(date, 2)?).ok()?,
        i8::try_from(number(&[h1, h2], 2)?).ok()?,
        i8::try_from(number(&[m1, m2], 2)?).ok()?,
        i8::try_from(number(&[s1, s2], 2)?).ok()?,
        0,
    )
    .ok()?;
    Offset::UTC.to_timestamp(at).ok()
}

/// `digits` as a number, if it is exactly `width` ASCII digits.
fn number(digits: &[u8], width: usize) -> Option<i32> {
    if digits.len() != width || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, &d| n * 10 + i32::from(d - b'0')))
}

/// The headers of one message that kith uses, unfolded.
#[derive(Debug, Default)]
struct Headers {
    from: String,
    /// `To`, `Cc` and `Bcc`, joined into one address list.
    recipients: String,
    date: String,
    thread: String,
    message_id: String,
    labels: String,
    /// Whether the message is bulk mail (`List-Unsubscribe`, `Precedence: bulk`; FORMATS.md §7.2).
    bulk: bool,
    /// The header that continuation lines add to, if kith keeps it.
    current: Option<Field>,
}

#[derive(Debug, Clone, Copy)]
enum Field {
    From,
    Recipients,
    Date,
    Thread,
    MessageId,
    Labels,
}

impl Headers {
    fn push(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        if line.starts_with([' ', '\t']) {
            // A folded header goes on; unfolding keeps the leading white space (RFC 5322 §2.2.3).
            if let Some(field) = self.current {
                let value = self.field(field);
                if value.len() < LIMIT {
                    value.push_str(&line);
                }
            }
            return;
        }
        self.current = None;
        let Some((name, value)) = line.split_once(':') else {
            return;
        };
        let field = match name.trim().to_ascii_lowercase().as_str() {
            "from" => Field::From,
            "to" | "cc" | "bcc" => Field::Recipients,
            "date" => Field::Date,
            "x-gm-thrid" => Field::Thread,
            "message-id" => Field::MessageId,
            "x-gmail-labels" => Field::Labels,
            "list-unsubscribe" => {
                self.bulk = true;
                return;
            }
            "precedence" => {
                self.bulk |= value.trim().eq_ignore_ascii_case("bulk");
                return;
            }
            _ => return,
        };
        let kept = self.field(field);
        if kept.is_empty() {
            kept.push_str(value);
        } else if matches!(field, Field::Recipients) {
            kept.push(',');
            kept.push_str(value);
        } else {
            // A repeated single header: the first one counts.
            return;
        }
        self.current = Some(field);
    }

    fn field(&mut self, field: Field) -> &mut String {
        match field {
            Field::From => &mut self.from,
            Field::Recipients => &mut self.recipients,
            Field::Date => &mut self.date,
            Field::Thread => &mut self.thread,
            Field::MessageId => &mut self.message_id,
            Field::Labels => &mut self.labels,
        }
    }
}

/// Every message kept so far, as indexes into the address book and thread list: enough to
/// decide who the user is once the whole file is read, without holding any text.
#[derive(Debug, Default)]
struct Book {
    people: Vec<Person>,
    person_ids: HashMap<String, usize>,
    threads: Vec<String>,
    thread_ids: HashMap<String, usize>,
    /// The recipients of every message, one run per message.
    recipients: Vec<usize>,
    mails: Vec<Mail>,
}

#[derive(Debug)]
struct Person {
    /// Lower-cased (FORMATS.md §7.5).
    address: String,
    /// The first display name the address came with.
    name: Option<String>,
}

#[derive(Debug)]
struct Mail {
    thread: usize,
    from: Option<usize>,
    recipients: Range<usize>,
    at: Timestamp,
    sent: bool,
}

/// What the messages of one thread say about it.
#[derive(Debug, Clone, Copy, Default)]
struct Thread {
    /// Whether the user wrote in it.
    outbound: bool,
    /// Someone other than the user in it, and whether there is more than one.
    other: Option<usize>,
    group: bool,
}

impl Book {
    /// Keeps a message, unless it is spam, trash or bulk mail (FORMATS.md §7.2). `envelope` is
    /// the separator's time, for a message whose `Date` cannot be read (FORMATS.md §7.5).
    fn add(&mut self, headers: &Headers, envelope: Timestamp, line: u64) {
        let labels = labels(&headers.labels);
        if headers.bulk || labels.iter().any(|&l| l == "Spam" || l == "Trash") {
            return;
        }
        // A thread is Gmail's thread id, or the message alone when it has none.
        let thread = [headers.thread.trim(), headers.message_id.trim()]
            .into_iter()
            .find(|key| !key.is_empty())
            .map_or_else(|| format!("line {line}"), str::to_owned);
        let thread = match self.thread_ids.get(&thread) {
            Some(&id) => id,
            None => {
                self.threads.push(thread.clone());
                self.thread_ids.insert(thread, self.threads.len() - 1);
                self.threads.len() - 1
            }
        };
        let from = mailboxes(&headers.from)
            .into_iter()
            .next()
            .map(|mailbox| self.person(mailbox));
        let start = self.recipients.len();
        for mailbox in mailboxes(&headers.recipients) {
            let id = self.person(mailbox);
            if !self.recipients[start..].contains(&id) {
                self.recipients.push(id);
            }
        }
        self.mails.push(Mail {
            thread,
            from,
            recipients: start..self.recipients.len(),
            at: date(&headers.date).unwrap_or(envelope),
            sent: labels.contains(&"Sent"),
        });
    }

    fn person(&mut self, mailbox: Mailbox) -> usize {
        match self.person_ids.get(&mailbox.address) {
            Some(&id) => {
                let known = &mut self.people[id];
                if known.name.is_none() {
                    known.name = mailbox.name;
                }
                id
            }
            None => {
                self.person_ids
                    .insert(mailbox.address.clone(), self.people.len());
                self.people.push(Person {
                    address: mailbox.address,
                    name: mailbox.name,
                });
                self.people.len() - 1
            }
        }
    }

    /// The user: the most frequent sender of `Sent` mail (FORMATS.md §7.1), the first one seen
    /// on a tie.
    fn owner(&self) -> Option<usize> {
        let mut sent = vec![0_usize; self.people.len()];
        for mail in self.mails.iter().filter(|mail| mail.sent) {
            if let Some(from) = mail.from {
                sent[from] += 1;
            }
        }
        let (owner, count) =
            sent.iter().enumerate().fold(
                (0, 0),
                |best, (id, &count)| if count > best.1 { (id, count) } else { best },
            );
        (count > 0).then_some(owner)
    }

    fn contact(&self, id: usize) -> Contact {
        let person = &self.people[id];
        Contact {
            name: person.name.clone(),
            emails: vec![person.address.clone()],
            ..Contact::default()
        }
    }

    /// Hands the threads the user wrote in to `sink`, as chats (FORMATS.md §7.3–7.4).
    fn emit(&self, sink: &mut dyn Sink) {
        if self.mails.is_empty() {
            return;
        }
        let Some(owner) = self.owner() else {
            sink.warn(
                "Gmail: could not tell which address is yours: no message labelled Sent, so no \
                 mail was imported"
                    .to_owned(),
            );
            return;
        };
        sink.owner(
            Service::Gmail,
            &self.people[owner].address,
            self.contact(owner),
        );
        let mut threads = vec![Thread::default(); self.threads.len()];
        for mail in &self.mails {
            let thread = &mut threads[mail.thread];
            thread.outbound |= mail.from == Some(owner);
            let everyone = mail
                .from
                .iter()
                .chain(&self.recipients[mail.recipients.clone()]);
            for &person in everyone.filter(|&&person| person != owner) {
                match thread.other {
                    None => thread.other = Some(person),
                    Some(other) => thread.group |= other != person,
                }
            }
        }
        let mut chats: Vec<Option<ChatId>> = vec![None; self.threads.len()];
        let mut declared: HashSet<(usize, usize)> = HashSet::new();
        for mail in &self.mails {
            let thread = threads[mail.thread];
            if !thread.outbound {
                continue;
            }
            let chat = *chats[mail.thread].get_or_insert_with(|| {
                sink.chat(Service::Gmail, &self.threads[mail.thread], thread.group)
            });
            let mut declare = |sink: &mut dyn Sink, person: usize| {
                if declared.insert((mail.thread, person)) {
                    sink.member(chat, &self.people[person].address, self.contact(person));
                }
            };
            match mail.from {
                Some(from) if from == owner => {
                    for &person in &self.recipients[mail.recipients.clone()] {
                        if person != owner {
                            declare(sink, person);
                        }
                    }
                    sink.message(chat, Author::Owner, mail.at);
                }
                Some(from) => {
                    declare(sink, from);
                    let author = Author::Member(&self.people[from].address);
                    sink.message(chat, author, mail.at);
                }
                None => sink.message(chat, Author::Unknown, mail.at),
            }
        }
        let skipped = threads.iter().filter(|thread| !thread.outbound).count();
        if skipped > 0 {
            sink.warn(format!(
                "Gmail: skipped {skipped} thread(s) you never wrote in (newsletters, \
                 notifications and other one-way mail)"
            ));
        }
    }
}

/// A `Date` header as an instant, if it reads as RFC 5322 (a trailing comment such as `(CET)`
/// is allowed; FORMATS.md §7.5).
fn date(value: &str) -> Option<Timestamp> {
    DATES.parse_timestamp(value.trim()).ok()
}

/// The labels of `X-Gmail-Labels`: comma-separated, a label with a comma in quotes
/// (`Sent,Opened,"Climbing, Club"`; FORMATS.md §7).
fn labels(value: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in value.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                labels.push(&value[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    labels.push(&value[start..]);
    labels
        .into_iter()
        .map(|label| label.trim().trim_matches('"'))
        .filter(|label| !label.is_empty())
        .collect()
}

/// One address of an address list, with its display name.
#[derive(Debug, PartialEq, Eq)]
struct Mailbox {
    name: Option<String>,
    address: String,
}

/// The mailboxes of an RFC 5322 address list: `Name <addr>`, bare `addr`, quoted names with
/// commas (`"Ng, Bartholomew" <bart.ng@example.com>`), `addr (Name)`, groups (`team: a, b;`),
/// and names in RFC 2047 encoded-words. Entries without an address are left out.
fn mailboxes(list: &str) -> Vec<Mailbox> {
    let mut found = Vec::new();
    let mut phrase = String::new();
    let mut angle: Option<String> = None;
    let mut comment = String::new();
    let mut chars = list.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => phrase.extend(chars.next()),
                        '"' => break,
                        c => phrase.push(c),
                    }
                }
            }
            '(' => {
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                    comment.push(c);
                }
            }
            '<' => angle = Some(chars.by_ref().take_while(|&c| c != '>').collect()),
            // A group's name is not a person's.
            ':' if angle.is_none() => phrase.clear(),
            ',' | ';' => {
                found.extend(mailbox(&phrase, angle.take(), &comment));
                phrase.clear();
                comment.clear();
            }
            c => phrase.push(c),
        }
    }
    found.extend(mailbox(&phrase, angle, &comment));
    found
}

fn mailbox(phrase: &str, angle: Option<String>, comment: &str) -> Option<Mailbox> {
    let (address, name) = match &angle {
        Some(address) => (address.trim(), phrase),
        None => (phrase.trim(), comment),
    };
    if !address.contains('@') || address.contains(char::is_whitespace) {
        return None;
    }
    let address = address.to_lowercase();
    let name = decode_words(name);
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = (!name.is_empty() && !name.eq_ignore_ascii_case(&address)).then_some(name);
    Some(Mailbox { name, address })
}

/// Decodes the RFC 2047 encoded-words in `text` (`=?UTF-8?Q?Zo=C3=AB?=`, `=?UTF-8?B?…?=`);
/// white space between two encoded-words goes, as RFC 2047 §6.2 says. A word in a charset
/// kith does not know stays as it is.
fn decode_words(text: &str) -> String {
    let mut decoded = String::new();
    let mut rest = text;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, word) = rest.split_at(start);
        match encoded_word(word) {
            Some((text, len)) => {
                if !(after_word && before.trim().is_empty()) {
                    decoded.push_str(before);
                }
                decoded.push_str(&text);
                rest = &word[len..];
                after_word = true;
            }
            None => {
                decoded.push_str(before);
                decoded.push_str("=?");
                rest = &word[2..];
                after_word = false;
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The text of the encoded-word at the start of `text`, and its length in `text`.
fn encoded_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let (payload, _) = inner.split_once("?=")?;
    if charset.contains(char::is_whitespace) || payload.contains(char::is_whitespace) {
        return None;
    }
    let bytes = match encoding {
        "Q" | "q" => q_decode(payload),
        "B" | "b" => b_decode(payload)?,
        _ => return None,
    };
    // RFC 2231 allows a language after the charset: `UTF-8*en`.
    let label = charset.split('*').next().unwrap_or_default();
    let (decoded, _, malformed) =
        encoding_rs::Encoding::for_label(label.as_bytes())?.decode(&bytes);
    if malformed {
        return None;
    }
    let len = "=?".len() + charset.len() + 1 + encoding.len() + 1 + payload.len() + "?=".len();
    Some((decoded.into_owned(), len))
}

/// The bytes of a `Q`-encoded payload: `_` is a space, `=XX` a byte in hex.
fn q_decode(payload: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(payload.len());
    let mut rest = payload.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        match b {
            b'_' => bytes.push(b' '),
            b'=' => match tail {
                [hi, lo, after @ ..] => match hex(*hi).zip(hex(*lo)) {
                    Some((hi, lo)) => {
                        bytes.push(hi << 4 | lo);
                        rest = after;
                    }
                    None => bytes.push(b'='),
                },
                _ => bytes.push(b'='),
            },
            b => bytes.push(b),
        }
    }
    bytes
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The bytes of a `B`-encoded (base64) payload, or `None` if it is not base64.
fn b_decode(payload: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(payload.len() / 4 * 3);
    let mut bits = 0_u32;
    let mut count = 0;
    for b in payload.bytes().take_while(|&b| b != b'=') {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::tally::{Batch, ChatSummary, Tally};

    const FIXTURE: &str = "mbox/All mail Including Spam and Trash.mbox";
    const SEPARATOR: &str = "From 1@xxx Wed Jan 03 12:00:00 +0000 2024";

    fn data(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(path)
    }

    fn fixture() -> Vec<u8> {
        std::fs::read(data(FIXTURE)).expect("the fixture is readable")
    }

    fn import(bytes: &[u8]) -> Result<Batch, Error> {
        let file = Input {
            path: Path::new("All mail Including Spam and Trash.mbox"),
            zone: &TimeZone::UTC,
        };
        let mut tally = Tally::new();
        read(&mut &bytes[..], &file, &mut tally)?;
        Ok(tally.finish())
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid instant")
    }

    /// A message as Gmail writes it, with a one-line body.
    fn mail(thread: &str, labels: &str, from: &str, to: &str, date: &str) -> String {
        format!(
            "From 1@xxx Wed Jan 03 12:00:00 +0000 2024\nX-GM-THRID: {thread}\n\
             X-Gmail-Labels: {labels}\nDate: {date}\nFrom: {from}\nTo: {to}\n\nHello.\n\n"
        )
    }

    fn people(chat: &ChatSummary) -> Vec<(Option<&str>, &[String], u32, u32)> {
        chat.members
            .iter()
            .map(|member| {
                let sent = member.months.iter().map(|month| month.sent).sum();
                let received = member.months.iter().map(|month| month.received).sum();
                let contact = &member.contact;
                (contact.name.as_deref(), &contact.emails[..], sent, received)
            })
            .collect()
    }

    #[test]
    fn the_fixture_gives_one_group_thread_with_the_owner_recognised() {
        let batch = import(&fixture()).expect("imports");
        assert_eq!(batch.owners.len(), 1);
        let (service, owner) = &batch.owners[0];
        assert_eq!(*service, Service::Gmail);
        assert_eq!(owner.name.as_deref(), Some("Sam Example"));
        assert_eq!(owner.emails, ["sam@example.com"]);
        assert_eq!(batch.chats.len(), 1);
        let chat = &batch.chats[0];
        assert!(chat.group);
        let zoe = ["zoe.quill@example.com".to_owned()];
        let bart = ["bart.ng@example.com".to_owned()];
        assert_eq!(
            people(chat),
            [
                (Some("Zoë Quill"), &zoe[..], 1, 1),
                (Some("Ng, Bartholomew"), &bart[..], 1, 0),
            ]
        );
        let month = chat.members[0].months[0];
        assert_eq!(month.month, jiff::civil::date(2023, 11, 1));
        // `Mon, 6 Nov 2023 05:42:58 +0100` and `Tue, 07 Nov 2023 10:00:00 +0100 (CET)`.
        assert_eq!(month.first, at("2023-11-06T04:42:58Z"));
        assert_eq!(month.last, at("2023-11-07T09:00:00Z"));
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn crlf_line_ends_read_like_lf() {
        let crlf = String::from_utf8(fixture())
            .expect("the fixture is UTF-8")
            .replace('\n', "\r\n");
        let batch = import(crlf.as_bytes()).expect("imports");
        assert_eq!(batch.owners[0].1.emails, ["sam@example.com"]);
        assert_eq!(batch.chats[0].members.len(), 2);
        assert_eq!(
            batch.chats[0].members[0].months[0].last,
            at("2023-11-07T09:00:00Z")
        );
    }

    #[test]
    fn spam_trash_and_bulk_mail_are_skipped() {
        let mbox = [
            mail(
                "1",
                "Sent",
                "me@example.com",
                "zoe@example.com",
                "Wed, 3 Jan 2024 12:00:00 +0000",
            ),
            mail(
                "1",
                "Spam",
                "zoe@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 13:00:00 +0000",
            ),
            mail(
                "1",
                "Trash",
                "zoe@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 14:00:00 +0000",
            ),
            mail(
                "1",
                "Inbox",
                "zoe@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 15:00:00 +0000",
            )
            .replace("Hello", "")
            .replace(
                "To: me@example.com\n",
                "To: me@example.com\nPrecedence: bulk\n",
            ),
            mail(
                "1",
                "Inbox",
                "zoe@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 16:00:00 +0000",
            )
            .replace(
                "To: me@example.com\n",
                "To: me@example.com\nList-Unsubscribe:\n <x>\n",
            ),
        ]
        .concat();
        let batch = import(mbox.as_bytes()).expect("imports");
        let zoe = &batch.chats[0].members[0];
        assert_eq!((zoe.months[0].sent, zoe.months[0].received), (1, 0));
        assert_eq!(zoe.months[0].last, at("2024-01-03T12:00:00Z"));
    }

    #[test]
    fn threads_the_owner_never_wrote_in_are_skipped_with_one_warning() {
        let mbox = [
            mail(
                "1",
                "Sent",
                "me@example.com",
                "zoe@example.com",
                "Wed, 3 Jan 2024 12:00:00 +0000",
            ),
            mail(
                "2",
                "Inbox",
                "news@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 13:00:00 +0000",
            ),
            mail(
                "3",
                "Inbox",
                "shop@example.com",
                "me@example.com",
                "Wed, 3 Jan 2024 13:00:00 +0000",
            ),
        ]
        .concat();
        let batch = import(mbox.as_bytes()).expect("imports");
        assert_eq!(batch.chats.len(), 1);
        assert!(!batch.chats[0].group);
        assert_eq!(
            batch.chats[0].members[0].contact.emails,
            ["zoe@example.com"]
        );
        assert_eq!(batch.warnings.len(), 1);
        assert!(
            batch.warnings[0].contains("skipped 2 thread"),
            "{}",
            batch.warnings[0]
        );
    }

    #[test]
    fn without_sent_mail_nothing_is_imported_and_a_warning_says_why() {
        let mbox = mail("1", "Inbox", "zoe@example.com", "me@example.com", "junk");
        let batch = import(mbox.as_bytes()).expect("imports");
        assert!(batch.owners.is_empty() && batch.chats.is_empty());
        assert_eq!(batch.warnings.len(), 1);
        assert!(batch.warnings[0].contains("no message labelled Sent"));
    }

    #[rstest]
    #[case::missing("X-Other: 1")]
    #[case::unparseable("Date: the day after tomorrow")]
    fn a_date_that_cannot_be_read_falls_back_to_the_separator(#[case] date: &str) {
        let mbox =
            mail("1", "Sent", "me@example.com", "zoe@example.com", "x").replace("Date: x", date);
        let batch = import(mbox.as_bytes()).expect("imports");
        assert_eq!(
            batch.chats[0].members[0].months[0].first,
            at("2024-01-03T12:00:00Z")
        );
    }

    #[test]
    fn the_owner_is_the_most_frequent_sender_of_sent_mail() {
        let mbox = [
            mail(
                "1",
                "Sent",
                "Alias <alias@example.com>",
                "zoe@example.com",
                "x",
            ),
            mail("2", "Sent", "Me <ME@example.com>", "bart@example.com", "x"),
            mail(
                "3",
                "Sent,Important",
                "me@example.com",
                "ines@example.com",
                "x",
            ),
            mail("4", "Inbox", "zoe@example.com", "me@example.com", "x"),
            mail("5", "Inbox", "zoe@example.com", "me@example.com", "x"),
        ]
        .concat();
        let batch = import(mbox.as_bytes()).expect("imports");
        let owner = &batch.owners[0].1;
        assert_eq!(
            (owner.name.as_deref(), &owner.emails[..]),
            (Some("Me"), &["me@example.com".to_owned()][..])
        );
    }

    #[test]
    fn headers_cut_by_the_end_of_the_file_are_malformed_at_their_last_line() {
        let mbox = "From 1@xxx Wed Jan 03 12:00:00 +0000 2024\nX-GM-THRID: 1\nFrom: me@exa";
        let error = import(mbox.as_bytes()).expect_err("the headers are cut");
        assert!(
            matches!(&error, Error::Malformed { at: Location::Line(3), problem, .. }
                if problem.contains("cut short")),
            "{error}"
        );
    }

    #[test]
    fn a_body_cut_by_the_end_of_the_file_is_fine() {
        let mbox = mail("1", "Sent", "me@example.com", "zoe@example.com", "x");
        let cut = &mbox[..mbox.find("Hello").expect("a body") + 3];
        let batch = import(cut.as_bytes()).expect("imports");
        assert_eq!(batch.chats.len(), 1);
    }

    #[test]
    fn a_file_not_starting_with_a_separator_is_malformed_at_line_one() {
        let error = import(b"Hello\n").expect_err("not an mbox");
        assert!(matches!(
            error,
            Error::Malformed {
                at: Location::Line(1),
                ..
            }
        ));
    }

    #[rstest]
    #[case::gmail(
        "From 1760000000000000001@xxx Mon Nov 06 04:42:58 +0000 2023",
        Some("2023-11-06T04:42:58Z")
    )]
    #[case::quoted_from(">From 1@xxx Mon Nov 06 04:42:58 +0000 2023", None)]
    #[case::body_text("From the gym, probably.", None)]
    #[case::not_gmail("From someone@example.com Mon Nov 06 04:42:58 +0000 2023", None)]
    #[case::other_offset("From 1@xxx Mon Nov 06 04:42:58 +0100 2023", None)]
    #[case::bad_month("From 1@xxx Mon Nox 06 04:42:58 +0000 2023", None)]
    #[case::bad_day("From 1@xxx Mon Nov 31 04:42:58 +0000 2023", None)]
    #[case::bad_time("From 1@xxx Mon Nov 06 04:42 +0000 2023", None)]
    #[case::trailing_text("From 1@xxx Mon Nov 06 04:42:58 +0000 2023 x", None)]
    fn only_full_separator_lines_split_messages(
        #[case] line: &str,
        #[case] expected: Option<&str>,
    ) {
        assert_eq!(separator(line.as_bytes()), expected.map(at));
    }

    #[rstest]
    #[case::named("Sam Example <Sam@Example.com>", &[(Some("Sam Example"), "sam@example.com")])]
    #[case::bare("bart.ng@example.com", &[(None, "bart.ng@example.com")])]
    #[case::quoted_comma(
        "\"Ng, Bartholomew\" <bart.ng@example.com>, zoe@example.com",
        &[(Some("Ng, Bartholomew"), "bart.ng@example.com"), (None, "zoe@example.com")],
    )]
    #[case::q_encoded("=?UTF-8?Q?Zo=C3=AB_Quill?= <zoe@example.com>", &[(Some("Zoë Quill"), "zoe@example.com")])]
    #[case::b_encoded("=?utf-8?B?Wm/DqyBRdWlsbA==?= <zoe@example.com>", &[(Some("Zoë Quill"), "zoe@example.com")])]
    #[case::adjacent_words(
        "=?UTF-8?Q?Zo=C3=AB?= =?UTF-8?Q?_Quill?= <zoe@example.com>",
        &[(Some("Zoë Quill"), "zoe@example.com")],
    )]
    #[case::latin1_word("=?ISO-8859-1?Q?Ren=E9?= <rene@example.com>", &[(Some("René"), "rene@example.com")])]
    #[case::unknown_charset(
        "=?x-klingon?Q?Qapla?= <k@example.com>",
        &[(Some("=?x-klingon?Q?Qapla?="), "k@example.com")],
    )]
    #[case::comment_name("zoe@example.com (Zoë Quill)", &[(Some("Zoë Quill"), "zoe@example.com")])]
    #[case::folded("Zoë\r\n\tQuill <zoe@example.com>", &[(Some("Zoë Quill"), "zoe@example.com")])]
    #[case::group(
        "Team: a@example.com, B <b@example.com>;",
        &[(None, "a@example.com"), (Some("B"), "b@example.com")],
    )]
    #[case::name_is_address("\"zoe@example.com\" <zoe@example.com>", &[(None, "zoe@example.com")])]
    #[case::no_address("undisclosed-recipients:;", &[])]
    fn address_lists_give_names_and_lowercased_addresses(
        #[case] list: &str,
        #[case] expected: &[(Option<&str>, &str)],
    ) {
        let expected: Vec<Mailbox> = expected
            .iter()
            .map(|(name, address)| Mailbox {
                name: name.map(str::to_owned),
                address: (*address).to_owned(),
            })
            .collect();
        assert_eq!(mailboxes(list), expected);
    }

    #[rstest]
    #[case::plain("Inbox,Category Personal", &["Inbox", "Category Personal"])]
    #[case::quoted_comma("Sent,Opened,\"Climbing, Club\"", &["Sent", "Opened", "Climbing, Club"])]
    #[case::absent("", &[])]
    fn labels_split_on_commas_outside_quotes(#[case] value: &str, #[case] expected: &[&str]) {
        assert_eq!(labels(value), expected);
    }

    #[rstest]
    #[case::the_fixture("All mail Including Spam and Trash.mbox", &fixture(), true)]
    #[case::any_name("export", &fixture(), true)]
    #[case::a_cut_head("All mail.mbox", &fixture()[..30], false)]
    #[case::the_name_alone("All mail.mbox", b"Hello\n", false)]
    fn detection_goes_by_the_first_line(
        #[case] name: &str,
        #[case] head: &[u8],
        #[case] expected: bool,
    ) {
        assert_eq!(detect(name, head), expected);
    }

    #[test]
    fn detection_rejects_every_other_formats_fixture() {
        fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("a readable folder") {
                let path = entry.expect("a folder entry").path();
                if path.is_dir() {
                    walk(&path, files);
                } else {
                    files.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(&data(""), &mut files);
        let others: Vec<PathBuf> = files
            .into_iter()
            .filter(|f| !f.ends_with(FIXTURE))
            .collect();
        assert!(others.len() > 10);
        for path in others {
            let bytes = std::fs::read(&path).expect("a readable fixture");
            let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            assert!(!detect(name, head), "{} is not an mbox", path.display());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = import(&bytes);
            let with_separator = [SEPARATOR.as_bytes(), b"\n", &bytes[..]].concat();
            let _ = import(&with_separator);
        }
    }

    #[test]
    fn every_truncation_of_the_fixture_reads_or_is_malformed() {
        let bytes = fixture();
        for cut in 0..bytes.len() {
            match import(&bytes[..cut]) {
                Ok(_) | Err(Error::Malformed { .. }) => {}
                Err(error) => panic!("cut at {cut}: {error}"),
            }
        }
    }
}
