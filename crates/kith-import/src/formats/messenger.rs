//! Messenger threads: the parts `message_N.json` of Facebook's export, from any folder
//! (`inbox`, `archived_threads`, `e2ee_cutover`, …; FORMATS.md §1.3), and the per-thread JSON
//! of Messenger's end-to-end-encrypted "secure storage" download (§1.4).
//!
//! Each file is one part of one thread. Its messages are streamed and each is kept only as a
//! sender and an instant (never its text) until the end of the file, because Facebook writes
//! `thread_path`, which names the chat, and `title`, which tells who the user is, after
//! `messages`. A part holds at most 10,000 messages, so that is a few hundred KB.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::error::Error;
use crate::formats::Input;
use crate::formats::facebook::{first_key, parse};
use crate::formats::mojibake::{repair, repair_owned};
use crate::record::{Author, Contact, Service, Sink};

pub(crate) fn detect(name: &str, head: &[u8]) -> bool {
    match first_key(head) {
        // Both shapes start with `participants` (§1.3, §1.4).
        Some("participants") => true,
        // No export is known to order its keys otherwise; a part that does is still taken.
        Some(key) => is_part_name(name) && ThreadKey::known(key),
        None => false,
    }
}

pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let thread = parse(input, file, ThreadSeed)?;
    thread.emit(file, sink);
    Ok(())
}

/// The most messages kith reads from one file. Each is kept (as a sender and a time, 32 bytes)
/// until the file's end names the thread, so this bounds the memory one file can take: 32 MB.
/// Facebook writes 10,000 messages to a part; a secure-storage thread is one file, and even a
/// decade of a hundred messages a day stays under 400,000.
const MAX_MESSAGES: u64 = 1_000_000;

/// Whether `name` is a thread part's name, `message_<N>.json`.
fn is_part_name(name: &str) -> bool {
    name.strip_prefix("message_")
        .and_then(|rest| rest.strip_suffix(".json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What one file says about its thread, names repaired (FORMATS.md §1.5).
#[derive(Debug, Default, PartialEq)]
struct Thread {
    /// The members at export time, by name.
    participants: Vec<String>,
    /// Whether `participants` were bare names, as in the secure-storage download (§1.4).
    secure_storage: bool,
    title: Option<String>,
    thread_type: Option<String>,
    thread_path: Option<String>,
    /// The secure-storage download's thread name, `<other person>_<n>` (§1.4).
    thread_name: Option<String>,
    senders: Senders,
    messages: Vec<Message>,
    /// Messages without a time, which are skipped.
    undated: u64,
}

/// A message reduced to what kith keeps: who (an index into [`Thread::senders`]) and when.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Message {
    sender: Option<usize>,
    at: Timestamp,
}

impl Thread {
    /// Hands the thread to the sink: the chat, its members, the user if the thread tells, and
    /// every message.
    fn emit(&self, file: &Input<'_>, sink: &mut dyn Sink) {
        // A group if Facebook says so (older exports only) or by its size (§1.3).
        let group =
            self.thread_type.as_deref() == Some("RegularGroup") || self.participants.len() > 2;
        let chat = sink.chat(Service::Messenger, &self.key(file), group);
        // In a group, the resolver takes the user to be the author present in every chat.
        let owner = if group { None } else { self.owner() };
        if let Some(owner) = owner {
            sink.owner(Service::Messenger, owner, Contact::named(owner));
        }
        for name in &self.participants {
            if Some(name.as_str()) != owner && !is_deleted(name) {
                sink.member(chat, name, Contact::named(name.as_str()));
            }
        }
        let senders: Vec<Cow<'_, str>> = self.senders.names.iter().map(|n| repair(n)).collect();
        let authors: Vec<Author<'_>> = senders
            .iter()
            .map(|name| match name.as_ref() {
                name if Some(name) == owner => Author::Owner,
                name if is_deleted(name) => Author::Unknown,
                // A member, or a former member who left (§1.3): still someone the user knows.
                name => Author::Member(name),
            })
            .collect();
        for message in &self.messages {
            let author = message
                .sender
                .map_or(Author::Unknown, |sender| authors[sender]);
            sink.message(chat, author, message.at);
        }
        if self.undated > 0 {
            let messages = if self.undated == 1 {
                "message"
            } else {
                "messages"
            };
            sink.warn(format!(
                "`{}`: skipped {} {messages} without a time",
                file.path.display(),
                self.undated
            ));
        }
    }

    /// The chat's key: the same for every part of a thread, even across the zip parts of a
    /// large export (§1.1), which is why the folder's full path is only the last resort.
    fn key(&self, file: &Input<'_>) -> String {
        if let Some(key) = self.thread_path.as_ref().or(self.thread_name.as_ref()) {
            return key.clone();
        }
        // A secure-storage file is a whole thread; a DYI part shares its folder with the
        // thread's other parts.
        let path = match file.path.parent() {
            Some(folder) if !self.secure_storage => folder,
            _ => file.path,
        };
        path.to_string_lossy().into_owned()
    }

    /// The user, in a one-to-one thread: its title is the other person's name, so the user is
    /// the participant whose name differs. Secure-storage threads are named
    /// `<other person>_<n>` instead (§1.4).
    fn owner(&self) -> Option<&str> {
        let title = match (&self.title, &self.thread_name) {
            (Some(title), _) => title.as_str(),
            (None, Some(name)) => name
                .rsplit_once('_')
                .filter(|(_, n)| n.bytes().all(|b| b.is_ascii_digit()))
                .map_or(name.as_str(), |(title, _)| title),
            (None, None) => return None,
        };
        let [first, second] = self.participants.as_slice() else {
            return None;
        };
        match (first == title, second == title) {
            (true, false) => Some(second),
            (false, true) => Some(first),
            _ => None,
        }
    }
}

/// Whether a name is how Facebook shows a deleted account (§1.3): nobody's contact.
fn is_deleted(name: &str) -> bool {
    name.eq_ignore_ascii_case("Facebook user")
}

/// The keys of a thread that kith reads; the others are ignored (FORMATS.md §0.3).
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ThreadKey {
    Participants,
    Messages,
    Title,
    ThreadType,
    ThreadPath,
    #[serde(rename = "threadName")]
    ThreadName,
    #[serde(other)]
    Other,
}

impl ThreadKey {
    /// Whether `key` is one of the keys above, for [`detect`].
    fn known(key: &str) -> bool {
        let key: Result<Self, de::value::Error> = Self::deserialize(key.into_deserializer());
        !matches!(key, Ok(Self::Other) | Err(_))
    }
}

/// Reads a whole file into a [`Thread`].
struct ThreadSeed;

impl<'de> DeserializeSeed<'de> for ThreadSeed {
    type Value = Thread;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Thread, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ThreadSeed {
    type Value = Thread;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Messenger thread: an object with `participants` and `messages`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Thread, A::Error> {
        let mut thread = Thread::default();
        let (mut has_participants, mut has_messages) = (false, false);
        while let Some(key) = map.next_key()? {
            match key {
                ThreadKey::Participants => {
                    has_participants = true;
                    let participants: Vec<Participant> = map.next_value()?;
                    thread.secure_storage = participants.iter().any(|p| p.bare);
                    thread.participants = participants
                        .into_iter()
                        .filter_map(|p| p.name)
                        .map(repair_owned)
                        .collect();
                }
                ThreadKey::Messages => {
                    has_messages = true;
                    map.next_value_seed(Messages(&mut thread))?;
                }
                ThreadKey::Title => thread.title = text(&mut map)?,
                ThreadKey::ThreadType => thread.thread_type = text(&mut map)?,
                ThreadKey::ThreadPath => thread.thread_path = text(&mut map)?,
                ThreadKey::ThreadName => thread.thread_name = text(&mut map)?,
                ThreadKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !has_participants && !has_messages {
            return Err(de::Error::custom(
                "expected a Messenger thread, with `participants` and `messages`",
            ));
        }
        Ok(thread)
    }
}

/// A string value, repaired (§1.5); `null` counts as absent.
fn text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    Ok(map.next_value::<Option<String>>()?.map(repair_owned))
}

/// A participant: `{"name": "…"}` in the export (§1.3), a bare `"…"` in secure storage (§1.4).
struct Participant {
    name: Option<String>,
    bare: bool,
}

impl<'de> Deserialize<'de> for Participant {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ParticipantVisitor)
    }
}

struct ParticipantVisitor;

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum ParticipantKey {
    Name,
    #[serde(other)]
    Other,
}

impl<'de> Visitor<'de> for ParticipantVisitor {
    type Value = Participant;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a participant: an object with a `name`, or a name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Participant, E> {
        self.visit_string(name.to_owned())
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Participant, E> {
        Ok(Participant {
            name: Some(name),
            bare: true,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Participant, A::Error> {
        let mut name = None;
        while let Some(key) = map.next_key()? {
            match key {
                ParticipantKey::Name => name = map.next_value()?,
                ParticipantKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Participant { name, bare: false })
    }
}

/// Each distinct `sender_name` of a file, as written (repaired when the thread is emitted).
#[derive(Debug, Default, PartialEq)]
struct Senders {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Senders {
    /// The index of `name` in [`Senders::names`], which allocates only for a name not seen yet.
    fn index(&mut self, name: &str) -> usize {
        if let Some(&index) = self.index.get(name) {
            return index;
        }
        let index = self.names.len();
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), index);
        index
    }
}

/// Streams the `messages` array into the thread, one [`Message`] per element.
struct Messages<'a>(&'a mut Thread);

impl<'de> DeserializeSeed<'de> for Messages<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`messages` to be a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut record = 0;
        while let Some(message) = seq.next_element_seed(MessageSeed(&mut self.0.senders))? {
            record += 1;
            if record > MAX_MESSAGES {
                return Err(de::Error::custom(format!(
                    "more than {MAX_MESSAGES} messages in one file, where Facebook writes at \
                     most 10,000 to each part of a thread; kith reads no more than that from \
                     one file. Is this file from Facebook's export?"
                )));
            }
            let at = message.at.map(|ms| {
                Timestamp::from_millisecond(ms).map_err(|_| {
                    de::Error::custom(format!(
                        "message {record}: the time {ms} is not in milliseconds since 1970"
                    ))
                })
            });
            match at.transpose()? {
                Some(at) => self.0.messages.push(Message {
                    sender: message.sender,
                    at,
                }),
                // Every message counts, but one without a time cannot be placed.
                None => self.0.undated += 1,
            }
        }
        Ok(())
    }
}

/// The keys of a message that kith reads: the export's snake_case (§1.3) or the secure
/// storage's camelCase with `timestamp` in milliseconds (§1.4). Everything else, the text
/// first of all, is skipped unread.
#[derive(Deserialize)]
#[serde(field_identifier)]
enum MessageKey {
    #[serde(rename = "sender_name", alias = "senderName")]
    Sender,
    #[serde(rename = "timestamp_ms", alias = "timestamp")]
    Time,
    #[serde(other)]
    Other,
}

/// One message as read: its sender's index and its time in milliseconds.
struct RawMessage {
    sender: Option<usize>,
    at: Option<i64>,
}

struct MessageSeed<'a>(&'a mut Senders);

impl<'de> DeserializeSeed<'de> for MessageSeed<'_> {
    type Value = RawMessage;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawMessage, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_> {
    type Value = RawMessage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message: an object with `sender_name` and `timestamp_ms`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMessage, A::Error> {
        let mut message = RawMessage {
            sender: None,
            at: None,
        };
        while let Some(key) = map.next_key()? {
            match key {
                MessageKey::Sender => {
                    message.sender = map.next_value_seed(Sender(&mut *self.0))?;
                }
                MessageKey::Time => message.at = map.next_value()?,
                MessageKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(message)
    }
}

/// A `sender_name`, as its index among the file's senders; `null` is no sender.
struct Sender<'a>(&'a mut Senders);

impl<'de> DeserializeSeed<'de> for Sender<'_> {
    type Value = Option<usize>;

    fn deserialize<D>(self, deserializer: D) -> Result<Option<usize>, D::Error>
    where
        D: de::Deserializer<'de>,
    {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for Sender<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the sender's name")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<usize>, E> {
        Ok(None)
    }

    fn visit_some<D>(self, deserializer: D) -> Result<Option<usize>, D::Error>
    where
        D: de::Deserializer<'de>,
    {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Option<usize>, E> {
        Ok(Some(self.0.index(name)))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::civil::date;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::error::Location;
    use crate::formats::facebook::fixtures::{self, fixture};
    use crate::formats::facebook::parse_within;
    use crate::tally::{Batch, ChatSummary, Month, Tally};

    const ONE_TO_ONE: &str =
        "facebook/2024/your_facebook_activity/messages/inbox/zoequill_10987654321/message_1.json";
    const GROUP: &str = "facebook/2019/messages/inbox/FjordHikers_a1b2c3d4e5/message_1.json";
    const SECURE_STORAGE: &str = "facebook/e2ee_secure_storage/Zoë Quill_12.json";

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a valid instant")
    }

    /// Reads each `(path, bytes)` in turn into one tally.
    fn import(files: &[(&str, &[u8])]) -> Result<Batch, Error> {
        let mut tally = Tally::new();
        for &(path, bytes) in files {
            let file = Input {
                path: Path::new(path),
                zone: &TimeZone::UTC,
            };
            read(&mut &bytes[..], &file, &mut tally)?;
        }
        Ok(tally.finish())
    }

    fn thread(path: &str, bytes: &[u8], in_memory: u64) -> Result<Thread, Error> {
        let file = Input {
            path: Path::new(path),
            zone: &TimeZone::UTC,
        };
        parse_within(&mut &bytes[..], &file, ThreadSeed, in_memory)
    }

    fn names(chat: &ChatSummary) -> Vec<&str> {
        let names = chat.members.iter().map(|m| m.contact.name.as_deref());
        names.map(|name| name.expect("a name")).collect()
    }

    #[test]
    fn every_fixture_imports_with_the_user_recognised_and_every_message_counted() {
        let files = [ONE_TO_ONE, GROUP, SECURE_STORAGE].map(|path| (path, fixture(path)));
        let files: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (*p, b.as_slice())).collect();
        let batch = import(&files).expect("imports");
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        assert_eq!(batch.owners.len(), 1);
        assert_eq!(batch.owners[0].0, Service::Messenger);
        assert_eq!(batch.owners[0].1.name.as_deref(), Some("Sam Example"));

        let [one_to_one, group, secure] = &batch.chats[..] else {
            panic!("expected three chats, got {:?}", batch.chats);
        };
        assert_eq!(
            (names(one_to_one), one_to_one.group),
            (vec!["Zoë Quill"], false)
        );
        assert_eq!(
            one_to_one.members[0].months,
            [Month {
                month: date(2023, 11, 1),
                sent: 3,
                received: 2,
                first: at("2023-11-14T19:26:40Z"),
                last: at("2023-11-14T22:18:20Z"),
            }]
        );

        // The deleted account is nobody; Kofi was added and removed but never wrote.
        assert_eq!((names(group), group.group), (vec!["Ines Ødegård"], true));
        assert_eq!(group.unknown_messages, 1);
        assert_eq!(
            group.members[0].months,
            [Month {
                month: date(2019, 8, 1),
                sent: 2,
                received: 1,
                first: at("2019-08-10T14:06:40Z"),
                last: at("2019-08-10T14:44:09.085Z"),
            }]
        );

        assert_eq!((names(secure), secure.group), (vec!["Zoë Quill"], false));
        assert_eq!(
            secure.members[0].months,
            [Month {
                month: date(2025, 5, 1),
                sent: 0,
                received: 1,
                first: at("2025-05-01T04:29:51.906Z"),
                last: at("2025-05-01T04:29:51.906Z"),
            }]
        );
    }

    #[rstest]
    #[case::thread_path(ONE_TO_ONE, "inbox/zoequill_10987654321")]
    #[case::old_thread_path(GROUP, "inbox/FjordHikers_a1b2c3d4e5")]
    #[case::secure_storage_thread_name(SECURE_STORAGE, "Zoë Quill_12")]
    fn a_thread_is_keyed_by_its_path_in_the_export(#[case] path: &str, #[case] key: &str) {
        let file = Input {
            path: Path::new("elsewhere/message_1.json"),
            zone: &TimeZone::UTC,
        };
        let thread = thread(path, &fixture(path), u64::MAX).expect("parses");
        assert_eq!(thread.key(&file), key);
    }

    #[rstest]
    #[case::export_part(r#"{"participants": [{"name": "A"}]}"#, "export/inbox/a_1")]
    #[case::secure_storage(r#"{"participants": ["A"]}"#, "export/inbox/a_1/message_1.json")]
    fn without_a_thread_path_the_folder_keys_a_part_and_the_file_a_secure_thread(
        #[case] json: &str,
        #[case] key: &str,
    ) {
        let path = "export/inbox/a_1/message_1.json";
        let file = Input {
            path: Path::new(path),
            zone: &TimeZone::UTC,
        };
        let thread = thread(path, json.as_bytes(), u64::MAX).expect("parses");
        assert_eq!(thread.key(&file), key);
    }

    #[test]
    fn parts_of_a_thread_in_different_zip_parts_are_one_chat() {
        let bytes = fixture(ONE_TO_ONE);
        let batch = import(&[
            (
                "export.zip/messages/inbox/zoequill_10987654321/message_1.json",
                &bytes,
            ),
            (
                "export_2.zip/messages/inbox/zoequill_10987654321/message_2.json",
                &bytes,
            ),
        ])
        .expect("imports");
        assert_eq!(batch.chats.len(), 1);
        let month = batch.chats[0].members[0].months[0];
        assert_eq!((month.sent, month.received), (6, 4));
    }

    #[test]
    fn a_file_is_streamed_as_it_is_read_from_memory() {
        for path in [ONE_TO_ONE, GROUP, SECURE_STORAGE] {
            let bytes = fixture(path);
            let streamed = thread(path, &bytes, 0).expect("parses");
            assert_eq!(
                streamed,
                thread(path, &bytes, u64::MAX).expect("parses"),
                "{path}"
            );
        }
    }

    /// A one-to-one thread between the user and Zoë, with `messages` spliced in.
    fn with_messages(messages: &str) -> String {
        format!(
            r#"{{"participants": [{{"name": "Zo\u00c3\u00ab"}}, {{"name": "Me"}}],
                 "messages": [{messages}], "title": "Zo\u00c3\u00ab", "thread_path": "inbox/z"}}"#
        )
    }

    #[rstest]
    #[case::former_member(r#"{"sender_name": "Ines", "timestamp_ms": 1}"#, &["Zoë", "Ines"], 0)]
    #[case::deleted_account(r#"{"sender_name": "Facebook User", "timestamp_ms": 1}"#, &["Zoë"], 1)]
    #[case::no_sender(r#"{"timestamp_ms": 1}"#, &["Zoë"], 1)]
    #[case::null_sender(r#"{"sender_name": null, "timestamp_ms": 1}"#, &["Zoë"], 1)]
    #[case::unknown_keys(
        r#"{"sender_name": "Zo\u00c3\u00ab", "timestamp_ms": 1, "new": {"a": [1, "b"]}}"#,
        &["Zoë"],
        0
    )]
    fn every_message_counts_whoever_wrote_it(
        #[case] message: &str,
        #[case] members: &[&str],
        #[case] unknown: u64,
    ) {
        let json = with_messages(message);
        let batch = import(&[("message_1.json", json.as_bytes())]).expect("imports");
        let chat = &batch.chats[0];
        assert_eq!(names(chat), members);
        assert_eq!(chat.unknown_messages, unknown);
        let counted: u32 = chat
            .members
            .iter()
            .flat_map(|m| &m.months)
            .map(|m| m.received)
            .sum();
        assert_eq!(u64::from(counted) + unknown, 1);
        assert_eq!(batch.owners[0].1.name.as_deref(), Some("Me"));
    }

    #[test]
    fn a_message_without_a_time_is_skipped_with_a_warning() {
        let json =
            with_messages(r#"{"sender_name": "Me"}, {"sender_name": "Me", "timestamp_ms": 1}"#);
        let batch = import(&[("message_1.json", json.as_bytes())]).expect("imports");
        assert_eq!(batch.chats[0].members[0].months[0].sent, 1);
        assert_eq!(
            batch.warnings,
            ["`message_1.json`: skipped 1 message without a time"]
        );
    }

    #[rstest]
    #[case::title_is_nobody(r#"{"participants": [{"name": "A"}, {"name": "B"}], "title": "C"}"#)]
    #[case::no_title(r#"{"participants": [{"name": "A"}, {"name": "B"}]}"#)]
    #[case::group(
        r#"{"participants": [{"name": "A"}, {"name": "B"}, {"name": "C"}], "title": "A"}"#
    )]
    #[case::named_group(
        r#"{"participants": [{"name": "A"}, {"name": "B"}], "title": "A", "thread_type": "RegularGroup"}"#
    )]
    fn the_user_is_named_only_by_a_one_to_one_title(#[case] json: &str) {
        let thread = thread("message_1.json", json.as_bytes(), u64::MAX).expect("parses");
        let mut tally = Tally::new();
        let file = Input {
            path: Path::new("message_1.json"),
            zone: &TimeZone::UTC,
        };
        thread.emit(&file, &mut tally);
        assert!(tally.finish().owners.is_empty());
    }

    #[rstest]
    #[case::truncated(&with_messages("")[..60], Location::Line(1), "was the export cut short?")]
    #[case::not_an_object("[1]", Location::Line(1), "expected a Messenger thread")]
    #[case::neither_key(r#"{"title": "x"}"#, Location::Line(1), "expected a Messenger thread")]
    #[case::messages_not_a_list(
        r#"{"participants": [], "messages": {}}"#,
        Location::Line(1),
        "expected `messages` to be a list of messages"
    )]
    #[case::time_as_text(
        "{\"messages\": [\n{\"timestamp_ms\": \"1\"}]}",
        Location::Line(2),
        "invalid type: string \"1\", expected i64"
    )]
    #[case::time_out_of_range(
        r#"{"messages": [{}, {"timestamp_ms": 99999999999999999}]}"#,
        Location::Line(1),
        "message 2: the time 99999999999999999 is not in milliseconds since 1970"
    )]
    #[case::trailing_garbage(
        r#"{"messages": []} {"#,
        Location::Line(1),
        "not valid JSON at column 18: trailing characters"
    )]
    fn malformed_files_say_where_and_what(
        #[case] json: &str,
        #[case] location: Location,
        #[case] problem: &str,
    ) {
        match import(&[("message_1.json", json.as_bytes())]) {
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
    fn a_file_with_more_messages_than_any_export_is_refused() {
        let mut json = b"{\"messages\": [".to_vec();
        json.extend(b"{},".repeat(MAX_MESSAGES as usize));
        json.extend(b"{}]}");
        let error = import(&[("message_1.json", &json)])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("more than 1000000 messages in one file"),
            "{error}"
        );
    }

    #[test]
    fn detection_takes_threads_and_nothing_else() {
        for (path, name) in fixtures::all() {
            let bytes = fixture(&path);
            let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
            let thread = [ONE_TO_ONE, GROUP, SECURE_STORAGE].contains(&path.as_str());
            assert_eq!(detect(&name, head), thread, "{path}");
        }
    }

    #[rstest]
    #[case::participants_first("x.json", r#"{"participants": [{"na"#, true)]
    #[case::part_with_other_key_order("message_12.json", r#"{"title": "x", "#, true)]
    #[case::other_file_with_that_key_order("x.json", r#"{"title": "x", "#, false)]
    #[case::part_with_foreign_key("message_1.json", r#"{"chats": {"#, false)]
    #[case::not_json("message_1.json", "participants", false)]
    fn detection_trusts_the_first_key_and_only_then_the_name(
        #[case] name: &str,
        #[case] head: &str,
        #[case] expected: bool,
    ) {
        assert_eq!(detect(name, head.as_bytes()), expected);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = import(&[("message_1.json", &bytes)]);
            let _ = thread("message_1.json", &bytes, 0);
        }

        #[test]
        fn reading_a_truncated_thread_never_panics(cut in 0usize..2500, which in 0usize..3) {
            let path = [ONE_TO_ONE, GROUP, SECURE_STORAGE][which];
            let bytes = fixture(path);
            let bytes = &bytes[..cut.min(bytes.len())];
            let _ = import(&[(path, bytes)]);
            let _ = thread(path, bytes, 0);
        }
    }
}
