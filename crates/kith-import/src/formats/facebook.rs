//! Facebook's friend lists and friend-request files, of every era (FORMATS.md §1.1–1.2), and
//! the JSON reading that Messenger threads share with them.
//!
//! Each of these files is an object with one key naming the list (`friends_v2`,
//! `deleted_friends`, …) and an array of `{name, timestamp}`; the key, not the file's name or
//! folder, says which list it is. What each list means for the user's network:
//!
//! - friends: people the user knows, since the friendship started;
//! - removed friends: people the user knew well enough to befriend once, so still contacts,
//!   with a note saying when the friendship ended;
//! - sent requests: people the user chose to reach out to, so contacts, with a note;
//! - received requests (not answered) and rejected ones (declined): someone else's wish, not
//!   someone the user chose to know, often spam; they are left out, and a warning says how many.

use std::cell::RefCell;
use std::fmt;
use std::io::{BufRead, Read};

use jiff::Timestamp;
use kith_core::FactKind;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::formats::json::{self, Strings};
use crate::formats::mojibake::repair_owned;
use crate::record::{Contact, Service, Sink};

pub(crate) fn detect(_name: &str, head: &[u8]) -> bool {
    first_key(head).is_some_and(|key| List::from_key(key).is_some())
}

pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let lists = parse(input, file, Lists { file, sink })?;
    if lists == 0 {
        return Err(file.malformed(
            Location::File,
            "expected a Facebook friend list: an object with a key such as `friends_v2`, \
             `deleted_friends_v2` or `sent_requests_v2`",
        ));
    }
    Ok(())
}

/// The lists of FORMATS.md §1.2, each under its 2018–2020 key or its 2021+ `_v2` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Friends,
    Removed,
    Sent,
    Received,
    Rejected,
}

impl List {
    fn from_key(key: &str) -> Option<Self> {
        let list = match key.strip_suffix("_v2").unwrap_or(key) {
            "friends" => Self::Friends,
            "deleted_friends" => Self::Removed,
            "sent_requests" => Self::Sent,
            "received_requests" => Self::Received,
            "rejected_requests" => Self::Rejected,
            _ => return None,
        };
        Some(list)
    }

    /// Why this list's people are left out, or `None` if they are imported.
    fn left_out(self) -> Option<&'static str> {
        match self {
            Self::Received => Some("you received and have not accepted"),
            Self::Rejected => Some("you declined"),
            Self::Friends | Self::Removed | Self::Sent => None,
        }
    }

    /// The note a person of this list gets; `on` is empty or the list's date (` on 2015-01-01`).
    fn note(self, on: &str) -> Option<String> {
        match self {
            Self::Removed => Some(format!("removed as a Facebook friend{on}")),
            Self::Sent => Some(format!("you sent them a Facebook friend request{on}")),
            Self::Friends | Self::Received | Self::Rejected => None,
        }
    }
}

/// The whole file: reads every list it holds into the sink, and counts the lists.
struct Lists<'a, 's> {
    file: &'a Input<'a>,
    sink: &'s mut dyn Sink,
}

impl<'de> DeserializeSeed<'de> for Lists<'_, '_> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Lists<'_, '_> {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Facebook friend list: an object with a key such as `friends_v2`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
        let mut lists = 0;
        while let Some(key) = map.next_key::<String>()? {
            // Other keys are not friend lists: FORMATS.md §0.3 says to ignore them.
            let Some(list) = List::from_key(&key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            lists += 1;
            if let Some(why) = list.left_out() {
                // A `Vec` of a zero-sized type counts without allocating.
                let count = map.next_value::<Vec<IgnoredAny>>()?.len();
                if count > 0 {
                    let requests = if count == 1 { "request" } else { "requests" };
                    self.sink.warn(format!(
                        "`{}`: left out {count} Facebook friend {requests} {why}",
                        self.file.path.display()
                    ));
                }
                continue;
            }
            let entries = Entries {
                list,
                key: &key,
                file: self.file,
                sink: &mut *self.sink,
            };
            map.next_value_seed(entries)?;
        }
        Ok(lists)
    }
}

/// The array of a list whose people are imported: streams its entries into the sink.
struct Entries<'a, 's> {
    list: List,
    key: &'a str,
    file: &'a Input<'a>,
    sink: &'s mut dyn Sink,
}

/// An entry of any list (FORMATS.md §1.2). Only friends have `contact_info`, in 2018–2020.
#[derive(Deserialize)]
struct Entry {
    name: Option<String>,
    timestamp: Option<i64>,
    contact_info: Option<String>,
}

impl<'de> DeserializeSeed<'de> for Entries<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Entries<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` to be a list of people", self.key)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut record = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            record += 1;
            let on = entry.timestamp.map(|seconds| {
                Timestamp::from_second(seconds).map_err(|_| {
                    de::Error::custom(format!(
                        "entry {record} of `{}`: `timestamp` {seconds} is not a time in seconds",
                        self.key
                    ))
                })
            });
            let on = on.transpose()?;
            let Some(name) = entry.name.map(repair_owned).filter(|name| !name.is_empty()) else {
                self.sink.warn(format!(
                    "`{}`: skipped entry {record} of `{}`, which has no name",
                    self.file.path.display(),
                    self.key
                ));
                continue;
            };
            let mut contact = Contact::named(name);
            if self.list == List::Friends {
                // When the friendship started: "known since", not a last contact (§1.2).
                contact.known_since = on;
            }
            // The user's own day, as they would remember it.
            let date = on.map(|at| format!(" on {}", self.file.zone.to_datetime(at).date()));
            let note = self.list.note(date.as_deref().unwrap_or_default());
            contact
                .facts
                .extend(note.map(|note| (FactKind::Note, note)));
            if let Some(info) = entry.contact_info.map(repair_owned) {
                add_contact_info(&mut contact, info);
            }
            self.sink.contact(Service::Facebook, contact);
        }
        Ok(())
    }
}

/// Files `contact_info`, a free-form string (FORMATS.md §1.2), as what it looks like.
fn add_contact_info(contact: &mut Contact, info: String) {
    let info = info.trim();
    if info.is_empty() {
        return;
    }
    let digits = info.bytes().filter(u8::is_ascii_digit).count();
    let phone_like = info
        .bytes()
        .all(|b| b.is_ascii_digit() || b" +-().".contains(&b));
    if info.contains('@') {
        contact.emails.push(info.to_owned());
    } else if phone_like && digits >= 5 {
        contact.phones.push(info.to_owned());
    } else {
        contact
            .facts
            .push((FactKind::Note, format!("contact info on Facebook: {info}")));
    }
}

// Reading a DYI JSON file, shared with `messenger.rs`.

/// Files up to this size are read whole and parsed from memory, where serde_json is several
/// times faster than on a reader; larger ones are streamed. Messenger splits threads into parts
/// of 10,000 messages, a few MB (FORMATS.md §1.3), and friend lists are smaller still, so
/// in practice every file is parsed from memory and memory stays bounded by this size.
const IN_MEMORY: u64 = 16 << 20;

/// The first key of the JSON object that `head` starts with, if the head gets that far.
pub(super) fn first_key(head: &[u8]) -> Option<&str> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let rest = head.trim_ascii_start().strip_prefix(b"{")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
    let end = memchr::memchr2(b'"', b'\\', rest)?;
    // A key with an escape in it is none of the keys the Facebook formats start with.
    if rest[end] != b'"' {
        return None;
    }
    std::str::from_utf8(&rest[..end]).ok()
}

/// Parses the JSON document in `input` with `seed`, and words its errors for the user.
pub(super) fn parse<S, T>(input: &mut dyn BufRead, file: &Input<'_>, seed: S) -> Result<T, Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    parse_within(input, file, seed, IN_MEMORY)
}

/// [`parse`], reading files up to `in_memory` bytes whole and streaming larger ones.
pub(super) fn parse_within<S, T>(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    seed: S,
    in_memory: u64,
) -> Result<T, Error>
where
    S: for<'de> DeserializeSeed<'de, Value = T>,
{
    // An optional BOM (FORMATS.md §0.1), which serde_json would reject.
    if input
        .fill_buf()
        .map_err(|e| file.io(e))?
        .starts_with(b"\xEF\xBB\xBF")
    {
        input.consume(3);
    }
    // Each thread keeps one buffer for all the files it reads: allocating and freeing a few
    // MB per file leaves the allocator's heap fragmented, and the import's peak memory with it.
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut input = Strings::new(input);
    BUFFER.with_borrow_mut(|head| {
        head.clear();
        (&mut input)
            .take(in_memory.saturating_add(1))
            .read_to_end(head)
            .map_err(|e| json::io_error(file, e))?;
        let parsed = if head.len() as u64 <= in_memory {
            deserialize(&mut serde_json::Deserializer::from_slice(head), seed)
        } else {
            deserialize(
                &mut serde_json::Deserializer::from_reader(head.as_slice().chain(input)),
                seed,
            )
        };
        parsed.map_err(|err| json_error(file, err))
    })
}

fn deserialize<'de, R, S>(
    deserializer: &mut serde_json::Deserializer<R>,
    seed: S,
) -> serde_json::Result<S::Value>
where
    R: serde_json::de::Read<'de>,
    S: DeserializeSeed<'de>,
{
    let value = seed.deserialize(&mut *deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A serde_json error as the user should read it: where, and what was wrong.
fn json_error(file: &Input<'_>, err: serde_json::Error) -> Error {
    use serde_json::error::Category;

    let column = err.column();
    let problem = match err.classify() {
        Category::Io => return json::io_error(file, err.into()),
        Category::Eof if err.line() <= 1 && column == 0 => "the file is empty".to_owned(),
        Category::Eof => {
            "the file ends in the middle of its JSON; was the export cut short?".into()
        }
        Category::Syntax => {
            let reason = json::syntax(&reason(&err));
            format!("not valid JSON at column {column}: {reason}")
        }
        Category::Data => format!("{} (column {column})", reason(&err)),
    };
    let at = match err.line() {
        0 => Location::File,
        line => Location::Line(line as u64),
    };
    file.malformed(at, problem)
}

/// serde_json's message without the ` at line L column C` it ends with.
fn reason(err: &serde_json::Error) -> String {
    let mut text = err.to_string();
    if let Some(end) = text.rfind(" at line ") {
        text.truncate(end);
    }
    text
}

/// The fixtures of every format (`tests/data`), for the tests of both Facebook formats.
#[cfg(test)]
pub(super) mod fixtures {
    use std::path::Path;

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

    /// A fixture's bytes, by its path under `tests/data`.
    pub(in crate::formats) fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(DATA).join(path)).expect("fixture exists")
    }

    /// Every fixture, as its path under `tests/data` and its file name.
    pub(in crate::formats) fn all() -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut folders = vec![Path::new(DATA).to_owned()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).expect("fixture folder") {
                let path = entry.expect("fixture entry").path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let relative = path.strip_prefix(DATA).expect("under tests/data");
                let name = path.file_name().expect("a file name").to_string_lossy();
                found.push((relative.to_string_lossy().into_owned(), name.into_owned()));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::tally::{Batch, Tally};

    use crate::formats::facebook::fixtures::{self, fixture};

    fn import(bytes: &[u8], zone: &TimeZone) -> Result<Batch, Error> {
        let file = Input {
            path: Path::new("facebook/friends.json"),
            zone,
        };
        let mut tally = Tally::new();
        read(&mut &bytes[..], &file, &mut tally)?;
        Ok(tally.finish())
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid instant")
    }

    #[rstest]
    #[case::friends_2024(
        "facebook/2024/connections/friends/your_friends.json",
        &[
            ("Zoë Quill", Some("2020-05-09T16:00:00Z"), None),
            ("Bartholomew Ng", Some("2010-01-01T00:00:00Z"), None),
            ("Ayşe Korkmaz", Some("2023-11-14T22:13:20Z"), None),
        ],
    )]
    #[case::friends_2019(
        "facebook/2019/friends/friends.json",
        &[
            ("Zoë Quill", Some("2020-05-09T16:00:00Z"), None),
            ("Bartholomew Ng", Some("2010-01-01T00:00:00Z"), None),
        ],
    )]
    #[case::removed_friends_2024(
        "facebook/2024/connections/friends/removed_friends.json",
        &[("Olaf Brandvold", None, Some("removed as a Facebook friend on 2015-01-01"))],
    )]
    #[case::removed_friends_2019(
        "facebook/2019/friends/removed_friends.json",
        &[("Olaf Brandvold", None, Some("removed as a Facebook friend on 2015-01-01"))],
    )]
    #[case::sent_requests_2024(
        "facebook/2024/connections/friends/sent_friend_requests.json",
        &[("Priyanka Fenwick", None, Some("you sent them a Facebook friend request on 2023-07-22"))],
    )]
    #[case::empty_sent_requests_2019("facebook/2019/friends/sent_friend_requests.json", &[])]
    #[case::empty_received_requests_2019("facebook/2019/friends/received_friend_requests.json", &[])]
    fn every_list_gives_its_people_with_their_dates_and_notes(
        #[case] path: &str,
        #[case] expected: &[(&str, Option<&str>, Option<&str>)],
    ) {
        let batch = import(&fixture(path), &TimeZone::UTC).expect("imports");
        let found: Vec<_> = batch
            .contacts
            .iter()
            .map(|(service, contact)| {
                assert_eq!(*service, Service::Facebook);
                let note = contact
                    .facts
                    .iter()
                    .find(|(kind, _)| *kind == FactKind::Note);
                (
                    contact.name.as_deref().expect("a name"),
                    contact.known_since,
                    note.map(|(_, text)| text.as_str()),
                )
            })
            .collect();
        let expected: Vec<_> = expected
            .iter()
            .map(|&(name, since, note)| (name, since.map(at), note))
            .collect();
        assert_eq!(found, expected);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn a_2019_friend_keeps_the_email_of_their_contact_info() {
        let batch = import(
            &fixture("facebook/2019/friends/friends.json"),
            &TimeZone::UTC,
        )
        .expect("imports");
        let zoe = &batch.contacts[0].1;
        assert_eq!(zoe.emails, ["zoe.quill@example.com"]);
        assert!(zoe.phones.is_empty() && zoe.facts.is_empty());
    }

    #[rstest]
    #[case::received(
        "facebook/2024/connections/friends/received_friend_requests.json",
        "received"
    )]
    #[case::rejected(
        "facebook/2024/connections/friends/rejected_friend_requests.json",
        "declined"
    )]
    fn unanswered_and_declined_requests_are_left_out_with_a_warning(
        #[case] path: &str,
        #[case] word: &str,
    ) {
        let batch = import(&fixture(path), &TimeZone::UTC).expect("imports");
        assert!(batch.contacts.is_empty());
        assert_eq!(batch.warnings.len(), 1);
        assert!(
            batch.warnings[0].contains(&format!("left out 1 Facebook friend request you {word}"))
        );
    }

    #[test]
    fn the_date_in_a_note_is_the_users_local_date() {
        let zone = TimeZone::fixed(jiff::tz::offset(-5));
        let batch = import(
            &fixture("facebook/2019/friends/removed_friends.json"),
            &zone,
        )
        .expect("imports");
        assert_eq!(
            batch.contacts[0].1.facts[0].1,
            "removed as a Facebook friend on 2014-12-31"
        );
    }

    #[rstest]
    #[case::email("zoe@example.com", &["zoe@example.com"], &[], None)]
    #[case::phone("+1 555-0142", &[], &["+1 555-0142"], None)]
    #[case::anything_else("ask Sam", &[], &[], Some("contact info on Facebook: ask Sam"))]
    fn contact_info_is_filed_as_what_it_looks_like(
        #[case] info: &str,
        #[case] emails: &[&str],
        #[case] phones: &[&str],
        #[case] note: Option<&str>,
    ) {
        let mut contact = Contact::default();
        add_contact_info(&mut contact, info.to_owned());
        assert_eq!(contact.emails, emails);
        assert_eq!(contact.phones, phones);
        assert_eq!(contact.facts.first().map(|(_, text)| text.as_str()), note);
    }

    #[rstest]
    #[case::unknown_keys_and_fields(
        br#"{"friends_v2": [{"name": "Sam", "timestamp": 1, "extra": [1]}], "other": {}}"#,
        &["Sam"]
    )]
    #[case::entry_without_timestamp(br#"{"friends": [{"name": "Sam"}]}"#, &["Sam"])]
    #[case::entry_without_name(br#"{"friends": [{"timestamp": 1}, {"name": "Sam"}]}"#, &["Sam"])]
    #[case::byte_order_mark(b"\xEF\xBB\xBF{\"friends\": [{\"name\": \"Sam\"}]}", &["Sam"])]
    fn odd_files_are_read(#[case] bytes: &[u8], #[case] names: &[&str]) {
        let batch = import(bytes, &TimeZone::UTC).expect("imports");
        let found: Vec<_> = batch
            .contacts
            .iter()
            .filter_map(|(_, c)| c.name.as_deref())
            .collect();
        assert_eq!(found, names);
    }

    #[rstest]
    #[case::truncated(br#"{"friends_v2": [{"name": "Sam", "#, Location::Line(1), "cut short")]
    #[case::empty(b"", Location::Line(1), "empty")]
    #[case::no_list(
        br#"{"followers": []}"#,
        Location::File,
        "expected a Facebook friend list"
    )]
    #[case::not_an_object(b"[]", Location::Line(1), "expected a Facebook friend list")]
    #[case::bad_timestamp(
        br#"{"friends": [{"name": "Sam", "timestamp": 99999999999999}]}"#,
        Location::Line(1),
        "entry 1 of `friends`: `timestamp` 99999999999999 is not a time"
    )]
    #[case::name_not_text(
        b"{\"friends\": [\n{\"name\": 7}]}",
        Location::Line(2),
        "invalid type: integer `7`, expected a string"
    )]
    fn malformed_files_say_where_and_what(
        #[case] bytes: &[u8],
        #[case] location: Location,
        #[case] problem: &str,
    ) {
        match import(bytes, &TimeZone::UTC) {
            Err(Error::Malformed {
                at, problem: found, ..
            }) => {
                assert_eq!(at, location);
                assert!(found.contains(problem), "{found}");
            }
            other => panic!("expected a malformed file, got {other:?}"),
        }
    }

    #[test]
    fn detection_takes_friend_lists_and_nothing_else() {
        for (path, name) in fixtures::all() {
            let bytes = fixture(&path);
            let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
            let friends = path.starts_with("facebook/") && path.contains("friend");
            assert_eq!(detect(&name, head), friends, "{path}");
        }
    }

    #[rstest]
    #[case::plain(b"{\"friends\": []}", Some("friends"))]
    #[case::indented_with_bom(b"\xEF\xBB\xBF\n  {\r\n  \"friends_v2\"", Some("friends_v2"))]
    #[case::cut_inside_the_key(b"{\"friends_", None)]
    #[case::escaped_key(b"{\"fr\\u0069ends\": []}", None)]
    #[case::array(b"[{\"friends\": []}]", None)]
    fn first_key_reads_the_head_of_an_object(#[case] head: &[u8], #[case] key: Option<&str>) {
        assert_eq!(first_key(head), key);
    }

    #[test]
    fn a_large_file_is_streamed_with_the_same_result() {
        let bytes = fixture("facebook/2024/connections/friends/your_friends.json");
        let file = Input {
            path: Path::new("your_friends.json"),
            zone: &TimeZone::UTC,
        };
        let names = |in_memory| {
            let mut tally = Tally::new();
            let lists = Lists {
                file: &file,
                sink: &mut tally,
            };
            parse_within(&mut &bytes[..], &file, lists, in_memory).expect("imports");
            tally.finish().contacts
        };
        assert_eq!(names(0), names(IN_MEMORY));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = import(&bytes, &TimeZone::UTC);
        }

        #[test]
        fn reading_a_truncated_list_never_panics(cut in 0usize..600, which in 0usize..3) {
            let path = [
                "facebook/2024/connections/friends/your_friends.json",
                "facebook/2019/friends/friends.json",
                "facebook/2024/connections/friends/received_friend_requests.json",
            ][which];
            let bytes = fixture(path);
            let _ = import(&bytes[..cut.min(bytes.len())], &TimeZone::UTC);
        }
    }
}
