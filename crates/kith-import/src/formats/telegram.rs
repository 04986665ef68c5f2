//! Telegram Desktop's machine-readable export, `result.json` (FORMATS.md §5): either a full
//! export (the user, their synced contacts, every chat) or one chat's history, which is the chat
//! object itself. The file can be gigabytes, so it is never held whole: `serde` visitors walk
//! `contacts.list` and each chat's `messages` one element at a time and skip everything else
//! (text, entities, media) with [`IgnoredAny`]. Before `serde_json` sees the bytes, [`Escapes`]
//! repairs the one way Telegram Desktop breaks JSON (FORMATS.md §5.4), and [`Strings`] stops a
//! string too long to be an export's (docs/limits.md).
//!
//! What counts as an interaction: every `"type": "message"`, and the service records of phone
//! calls; other service records (group creation, joins, pins) do not. Saved messages, the
//! replies feed, bot chats and channels are skipped: none of them is a conversation with a
//! person. A channel's posts come from the channel itself, and talk about them happens in its
//! linked discussion group, which is read like any other group.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::error::Category;

use crate::error::{Error, Location};
use crate::formats::Input;
use crate::formats::json::{self, Strings};
use crate::record::{Author, ChatId, Contact, Service, Sink};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether a file is a Telegram export, from its first keys: a full export opens with `about`
/// followed by a section, and a single-chat export has a chat `type` and its `messages`
/// (FORMATS.md §5.1). The name is not used: exports get renamed, and `result.json` is a common
/// name.
pub(crate) fn detect(_name: &str, head: &[u8]) -> bool {
    let head = head.strip_prefix(BOM).unwrap_or(head);
    let mut probe = Probe::default();
    // The head usually ends mid-document, so this parse fails; what counts is the keys it saw
    // before that.
    let _ = serde_json::Deserializer::from_slice(head).deserialize_map(&mut probe);
    probe.full_export || (probe.chat_type && probe.messages)
}

/// Streams a `result.json` into `sink`.
pub(crate) fn read(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    if input.fill_buf().map_err(|e| file.io(e))?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    let mut reader = Reader {
        sink,
        zone: file.zone,
        owner: None,
        undated: 0,
    };
    // `from_reader` takes one byte at a time; a `BufReader` serves those from memory.
    let bytes = BufReader::with_capacity(64 * 1024, Strings::new(Escapes::new(input)));
    let mut json = serde_json::Deserializer::from_reader(bytes);
    json.deserialize_map(Export(&mut reader))
        .and_then(|()| json.end())
        .map_err(|error| malformed(file, error))?;
    if reader.undated > 0 {
        let messages = if reader.undated == 1 {
            "message"
        } else {
            "messages"
        };
        reader.sink.warn(format!(
            "`{}`: skipped {} {messages} without a date",
            file.path.display(),
            reader.undated
        ));
    }
    Ok(())
}

/// Turns a `serde_json` error into ours: the line is its location, the column goes in the words.
fn malformed(file: &Input<'_>, error: serde_json::Error) -> Error {
    let at = Location::Line(error.line() as u64);
    let column = error.column();
    // serde_json appends " at line L column C" to its messages; the location says that already.
    let text = error.to_string();
    let suffix = format!(" at line {} column {column}", error.line());
    let message = text.strip_suffix(&suffix).unwrap_or(&text);
    match error.classify() {
        Category::Io => json::io_error(file, error.into()),
        Category::Eof => file.malformed(
            at,
            "the file ends in the middle of the export; was it cut short?",
        ),
        Category::Syntax => file.malformed(
            at,
            format!("column {column}: not JSON: {}", json::syntax(message)),
        ),
        Category::Data => file.malformed(at, format!("column {column}: {message}")),
    }
}

/// What reading the file has learnt so far.
struct Reader<'a> {
    sink: &'a mut dyn Sink,
    /// Where `date`s without `date_unixtime` were written (FORMATS.md §0.4).
    zone: &'a TimeZone,
    /// The user's Telegram id, once known.
    owner: Option<i64>,
    /// Messages skipped because they have no date.
    undated: u64,
}

/// A chat whose messages are being read.
struct OpenChat {
    id: ChatId,
    /// The other user of a 1:1 chat.
    peer: Option<i64>,
    /// The member key of each user declared in the chat.
    members: HashMap<i64, String>,
}

impl Reader<'_> {
    fn declare_owner(&mut self, id: i64, contact: Contact) {
        if self.owner.is_none() {
            self.owner = Some(id);
            self.sink.owner(Service::Telegram, &user_key(id), contact);
        }
    }

    fn contact(&mut self, person: Person) -> Result<(), String> {
        let known_since = self.instant(person.date_unixtime, person.date.as_deref())?;
        let contact = Contact {
            known_since,
            ..person.contact()
        };
        // An emptied entry keeps only its dates (FORMATS.md §5.2): there is nobody to import.
        if contact.name.is_some() || !contact.phones.is_empty() || !contact.handles.is_empty() {
            self.sink.contact(Service::Telegram, contact);
        }
        Ok(())
    }

    /// Opens the chat whose `messages` come next, or `None` if it is not read.
    fn open(&mut self, head: &ChatHead) -> Result<Option<OpenChat>, String> {
        let Some(kind) = head.kind else {
            return Err(ORDER.to_owned());
        };
        let id = head.id;
        let (prefix, group) = match kind {
            ChatType::SavedMessages => {
                // Saved messages are the user's chat with themselves (FORMATS.md §5.5).
                if let Some(id) = id {
                    self.declare_owner(id, telegram_user(None, id));
                }
                return Ok(None);
            }
            ChatType::Replies
            | ChatType::BotChat
            | ChatType::PrivateChannel
            | ChatType::PublicChannel => return Ok(None),
            ChatType::PersonalChat => ("user", false),
            ChatType::PrivateGroup => ("chat", true),
            // Supergroups are channels to Telegram; a type newer than FORMATS.md is read as a
            // group, so that its messages count without claiming a 1:1 closeness.
            ChatType::PrivateSupergroup | ChatType::PublicSupergroup | ChatType::Other => {
                ("channel", true)
            }
        };
        let id = id.ok_or(ORDER)?;
        // The prefixes are those of `from_id` (FORMATS.md §5.3): users, basic groups and
        // channels number their ids separately.
        let chat = self
            .sink
            .chat(Service::Telegram, &format!("{prefix}{id}"), group);
        let mut open = OpenChat {
            id: chat,
            peer: None,
            members: HashMap::new(),
        };
        if kind == ChatType::PersonalChat {
            // A 1:1 chat's id is the other user's (FORMATS.md §5.4), and its name is theirs.
            // Declared now, they get the user's messages even if they never answered.
            let key = user_key(id);
            self.sink
                .member(chat, &key, telegram_user(head.name.clone(), id));
            open.peer = Some(id);
            open.members.insert(id, key);
        }
        Ok(Some(open))
    }

    fn message(&mut self, chat: &mut OpenChat, message: Message) -> Result<(), String> {
        let (sender, name) = match (message.kind, message.action) {
            (Some(Kind::Message), _) => (message.from_id, message.from),
            (Some(Kind::Service), Some(Action::PhoneCall)) => (message.actor_id, message.actor),
            _ => return Ok(()),
        };
        let Some(at) = self.instant(message.date_unixtime, message.date.as_deref())? else {
            self.undated += 1;
            return Ok(());
        };
        let id = chat.id;
        let author = match sender {
            Some(Peer::User(user)) => self.author(chat, user, name),
            // No sender, or a group or channel posting as itself: nobody's interaction.
            Some(Peer::Other) | None => Author::Unknown,
        };
        self.sink.message(id, author, at);
        Ok(())
    }

    fn author<'c>(
        &mut self,
        chat: &'c mut OpenChat,
        user: i64,
        name: Option<String>,
    ) -> Author<'c> {
        if self.owner == Some(user) {
            return Author::Owner;
        }
        // `from: null` is a deleted account (FORMATS.md §5.3).
        let Some(name) = name else {
            return Author::Unknown;
        };
        // In a 1:1 chat whoever is not the peer is the user: that is how a single-chat export,
        // which has no `personal_information`, names its owner.
        if self.owner.is_none() && chat.peer.is_some_and(|peer| peer != user) {
            self.declare_owner(user, telegram_user(Some(name), user));
            return Author::Owner;
        }
        let key = chat.members.entry(user).or_insert_with(|| {
            let key = user_key(user);
            self.sink
                .member(chat.id, &key, telegram_user(Some(name), user));
            key
        });
        Author::Member(key)
    }

    /// When something happened: `date_unixtime` if the export has it, else `date`, the
    /// exporting computer's wall-clock time, read in the file's zone (FORMATS.md §5.3).
    fn instant(&self, unix: Option<Unix>, wall: Option<&str>) -> Result<Option<Timestamp>, String> {
        if let Some(Unix(at)) = unix {
            return Ok(Some(at));
        }
        let Some(wall) = wall else {
            return Ok(None);
        };
        let time: DateTime = wall.parse().map_err(|_| {
            format!("expected a `date` like \"2022-12-09T21:25:39\", found {wall:?}")
        })?;
        self.zone
            .to_timestamp(time)
            .map(Some)
            .map_err(|e| format!("the `date` {wall:?} cannot be placed in time: {e}"))
    }
}

const ORDER: &str = "expected a chat's `type` and `id` before its `messages`, in the order \
                     Telegram Desktop writes them; was the file edited?";

fn user_key(id: i64) -> String {
    format!("user{id}")
}

fn telegram_user(name: Option<String>, id: i64) -> Contact {
    Contact {
        name,
        handles: vec![format!("telegram:{id}")],
        ..Contact::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The document, as nested visitors. Each holds the `Reader` and hands records to its sink as
// soon as an element is complete.

/// Top-level keys, of a full export and of a chat: a single-chat export is the chat itself
/// (FORMATS.md §5.1), so the top level takes both.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    PersonalInformation,
    Contacts,
    Chats,
    LeftChats,
    Name,
    Type,
    Id,
    Messages,
    #[serde(other)]
    Other,
}

/// The top-level object.
struct Export<'r, 'a>(&'r mut Reader<'a>);

impl<'de> Visitor<'de> for Export<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Telegram export (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        let mut chat = ChatHead::default();
        while let Some(key) = map.next_key()? {
            match key {
                Key::PersonalInformation => {
                    let me: Person = map.next_value()?;
                    if let Some(id) = me.user_id {
                        reader.declare_owner(id, me.contact());
                    }
                }
                Key::Contacts => map.next_value_seed(Section {
                    reader: &mut *reader,
                    list: List::Contacts,
                })?,
                // The groups the user left still hold their conversations.
                Key::Chats | Key::LeftChats => map.next_value_seed(Section {
                    reader: &mut *reader,
                    list: List::Chats,
                })?,
                _ => chat.field(reader, key, &mut map)?,
            }
        }
        Ok(())
    }
}

/// `{about, list}`, the shape of every section (FORMATS.md §5.2).
struct Section<'r, 'a> {
    reader: &'r mut Reader<'a>,
    list: List,
}

enum List {
    Contacts,
    Chats,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum SectionKey {
    List,
    #[serde(other)]
    Other,
}

impl<'de> DeserializeSeed<'de> for Section<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Section<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a section with a `list`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key()? {
            match (key, &self.list) {
                (SectionKey::List, List::Contacts) => {
                    map.next_value_seed(Contacts(&mut *self.reader))?;
                }
                (SectionKey::List, List::Chats) => map.next_value_seed(Chats(&mut *self.reader))?,
                (SectionKey::Other, _) => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `contacts.list`.
struct Contacts<'r, 'a>(&'r mut Reader<'a>);

impl<'de> DeserializeSeed<'de> for Contacts<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Contacts<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of contacts")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(person) = seq.next_element()? {
            self.0.contact(person).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

/// `chats.list` or `left_chats.list`.
struct Chats<'r, 'a>(&'r mut Reader<'a>);

impl<'de> DeserializeSeed<'de> for Chats<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Chats<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Chat(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// One chat of a list.
struct Chat<'r, 'a>(&'r mut Reader<'a>);

impl<'de> DeserializeSeed<'de> for Chat<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Chat<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a chat (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut head = ChatHead::default();
        while let Some(key) = map.next_key()? {
            head.field(self.0, key, &mut map)?;
        }
        Ok(())
    }
}

/// What comes before a chat's `messages`.
#[derive(Default)]
struct ChatHead {
    /// `null` when the peer has no name (FORMATS.md §5.2).
    name: Option<String>,
    kind: Option<ChatType>,
    id: Option<i64>,
}

impl ChatHead {
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        reader: &mut Reader<'_>,
        key: Key,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            Key::Name => self.name = map.next_value()?,
            Key::Type => self.kind = Some(map.next_value()?),
            Key::Id => self.id = Some(map.next_value()?),
            Key::Messages => match reader.open(self).map_err(de::Error::custom)? {
                Some(chat) => map.next_value_seed(Messages { reader, chat })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            },
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A chat's `messages`.
struct Messages<'r, 'a> {
    reader: &'r mut Reader<'a>,
    chat: OpenChat,
}

impl<'de> DeserializeSeed<'de> for Messages<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Messages { reader, mut chat } = self;
        while let Some(message) = seq.next_element()? {
            reader
                .message(&mut chat, message)
                .map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Records. Every key is optional (FORMATS.md §5.4), and unknown keys, text and media among them,
// are skipped unread.

/// `personal_information`, or an entry of `contacts.list` (FORMATS.md §5.2).
#[derive(Deserialize)]
struct Person {
    /// Absent for a phone-book contact who is not on Telegram.
    user_id: Option<i64>,
    first_name: Option<String>,
    last_name: Option<String>,
    /// Formatted for display (`+1 555 010 0000`), kept as written.
    phone_number: Option<String>,
    date: Option<String>,
    date_unixtime: Option<Unix>,
}

impl Person {
    fn contact(self) -> Contact {
        let names: Vec<&str> = [&self.first_name, &self.last_name]
            .into_iter()
            .flatten()
            .map(|name| name.trim())
            .filter(|name| !name.is_empty())
            .collect();
        Contact {
            name: (!names.is_empty()).then(|| names.join(" ")),
            phones: self
                .phone_number
                .into_iter()
                .filter(|p| !p.trim().is_empty())
                .collect(),
            handles: self
                .user_id
                .map(|id| format!("telegram:{id}"))
                .into_iter()
                .collect(),
            ..Contact::default()
        }
    }
}

/// A message, reduced to who and when (FORMATS.md §5.3).
#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: Option<Kind>,
    date: Option<String>,
    date_unixtime: Option<Unix>,
    from: Option<String>,
    from_id: Option<Peer>,
    actor: Option<String>,
    actor_id: Option<Peer>,
    action: Option<Action>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Message,
    Service,
    /// `unsupported`, and whatever comes next.
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum Action {
    /// A call, answered or not, is an interaction (FORMATS.md §5.4).
    PhoneCall,
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum ChatType {
    SavedMessages,
    Replies,
    PersonalChat,
    BotChat,
    PrivateGroup,
    PrivateSupergroup,
    PublicSupergroup,
    PrivateChannel,
    PublicChannel,
    #[serde(other)]
    Other,
}

/// `from_id` or `actor_id`: `"user<id>"`, or a bare integer in exports from before about 2021,
/// which only named users that way (FORMATS.md §5.3).
enum Peer {
    User(i64),
    /// A channel or group writing as itself.
    Other,
}

impl<'de> Deserialize<'de> for Peer {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PeerVisitor)
    }
}

struct PeerVisitor;

impl Visitor<'_> for PeerVisitor {
    type Value = Peer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sender id like \"user5012345678\"")
    }

    fn visit_str<E: de::Error>(self, id: &str) -> Result<Peer, E> {
        let user = id.strip_prefix("user").and_then(|id| id.parse().ok());
        Ok(user.map_or(Peer::Other, Peer::User))
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<Peer, E> {
        Ok(Peer::User(id))
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<Peer, E> {
        Ok(i64::try_from(id).map_or(Peer::Other, Peer::User))
    }
}

/// `date_unixtime`: seconds since 1970, written as a string (FORMATS.md §5.3).
#[derive(Clone, Copy)]
struct Unix(Timestamp);

impl<'de> Deserialize<'de> for Unix {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UnixVisitor)
    }
}

struct UnixVisitor;

impl Visitor<'_> for UnixVisitor {
    type Value = Unix;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a `date_unixtime` in seconds since 1970, like \"1670610339\"")
    }

    fn visit_str<E: de::Error>(self, seconds: &str) -> Result<Unix, E> {
        match seconds.parse() {
            Ok(seconds) => self.visit_i64(seconds),
            Err(_) => Err(E::invalid_value(de::Unexpected::Str(seconds), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Unix, E> {
        Timestamp::from_second(seconds)
            .map(Unix)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(seconds), &self))
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Unix, E> {
        match i64::try_from(seconds) {
            Ok(seconds) => self.visit_i64(seconds),
            Err(_) => Err(E::invalid_value(de::Unexpected::Unsigned(seconds), &self)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Detection.

/// The top-level keys [`detect`] has seen.
#[derive(Debug, Default)]
struct Probe {
    about_first: bool,
    full_export: bool,
    chat_type: bool,
    messages: bool,
}

impl<'de> Visitor<'de> for &mut Probe {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "about" if first => self.about_first = true,
                "personal_information"
                | "profile_pictures"
                | "stories"
                | "contacts"
                | "frequent_contacts"
                | "sessions"
                | "web_sessions"
                | "other_data"
                | "chats"
                | "left_chats"
                    if self.about_first =>
                {
                    self.full_export = true;
                    return Ok(());
                }
                "type" => {
                    self.chat_type = map.next_value::<ChatType>()? != ChatType::Other;
                    first = false;
                    continue;
                }
                "messages" => {
                    self.messages = true;
                    return Ok(());
                }
                _ => {}
            }
            map.next_value::<IgnoredAny>()?;
            first = false;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The `\xHH` repair.

/// Rewrites Telegram Desktop's `\xHH` string escapes to `\u00HH` as the bytes stream through.
/// The writer escapes `"`, `\`, `\n`, `\r` and `\t` the JSON way but any other byte below 0x20
/// as `\xHH`, which is not JSON (FORMATS.md §5.4). An `x` after an escaping backslash can
/// start nothing valid, so every such `x` becomes `u00`; whether two hex digits follow is
/// left to `serde_json` to check.
#[derive(Debug)]
struct Escapes<R> {
    inner: R,
    /// The last byte passed on was a backslash that escapes the next one (not the second of
    /// `\\`). It carries over between reads, so an escape split across them is still seen.
    escaping: bool,
    /// The `0`s still owed to a `\u00` that did not fit in the caller's buffer.
    zeros: u8,
}

impl<R> Escapes<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            escaping: false,
            zeros: 0,
        }
    }
}

impl<R: BufRead> Read for Escapes<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let input = self.inner.fill_buf()?;
        let (mut taken, mut written) = (0, 0);
        while written < out.len() {
            if self.zeros > 0 {
                out[written] = b'0';
                written += 1;
                self.zeros -= 1;
                continue;
            }
            let Some(&byte) = input.get(taken) else {
                break;
            };
            if self.escaping {
                self.escaping = false;
                out[written] = if byte == b'x' {
                    self.zeros = 2;
                    b'u'
                } else {
                    byte
                };
                taken += 1;
                written += 1;
                continue;
            }
            // Backslashes are rare: copy up to and including the next one in one go.
            let room = (input.len() - taken).min(out.len() - written);
            let run = &input[taken..taken + room];
            let len = match memchr::memchr(b'\\', run) {
                Some(backslash) => {
                    self.escaping = true;
                    backslash + 1
                }
                None => room,
            };
            out[written..written + len].copy_from_slice(&run[..len]);
            taken += len;
            written += len;
        }
        self.inner.consume(taken);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::tz;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::tally::{Batch, ChatSummary, Tally};

    const FULL: &[u8] = include_bytes!("../../tests/data/telegram/full_export/result.json");
    const SINGLE: &[u8] = include_bytes!("../../tests/data/telegram/single_chat/result.json");
    const LEGACY: &[u8] =
        include_bytes!("../../tests/data/telegram/legacy_2019_single_chat/result.json");
    const CONTROL: &[u8] =
        include_bytes!("../../tests/data/telegram/edge_control_char/result.json");

    /// The fixtures' exporting computer was on UTC+3 (FORMATS.md §5.5).
    fn utc_plus_3() -> TimeZone {
        TimeZone::fixed(tz::offset(3))
    }

    fn read_into(bytes: &[u8], zone: &TimeZone, sink: &mut dyn Sink) -> Result<(), Error> {
        let input = Input {
            path: Path::new("result.json"),
            zone,
        };
        read(&mut &bytes[..], &input, sink)
    }

    fn import_in(bytes: &[u8], zone: &TimeZone) -> Result<Batch, Error> {
        let mut tally = Tally::new();
        read_into(bytes, zone, &mut tally)?;
        Ok(tally.finish())
    }

    fn import(bytes: &[u8]) -> Batch {
        import_in(bytes, &utc_plus_3()).expect("the export reads")
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn user(name: &str, id: i64) -> Contact {
        telegram_user(Some(name.to_owned()), id)
    }

    /// Members as they were declared, which the [`Tally`] does not keep apart from the keys.
    #[derive(Default)]
    struct Declared {
        chats: Vec<(String, bool)>,
        members: Vec<(String, Contact)>,
        owners: Vec<(String, Contact)>,
    }

    impl Sink for Declared {
        fn contact(&mut self, _: Service, _: Contact) {}
        fn chat(&mut self, _: Service, key: &str, group: bool) -> ChatId {
            self.chats.push((key.to_owned(), group));
            ChatId(self.chats.len() - 1)
        }
        fn member(&mut self, _: ChatId, key: &str, contact: Contact) {
            self.members.push((key.to_owned(), contact));
        }
        fn owner(&mut self, _: Service, key: &str, contact: Contact) {
            self.owners.push((key.to_owned(), contact));
        }
        fn message(&mut self, _: ChatId, _: Author<'_>, _: Timestamp) {}
        fn warn(&mut self, _: String) {}
    }

    fn declared(bytes: &[u8]) -> Declared {
        let mut declared = Declared::default();
        read_into(bytes, &utc_plus_3(), &mut declared).expect("the export reads");
        declared
    }

    /// (month, sent, received, first, last) of a chat's only member.
    fn months(chat: &ChatSummary) -> Vec<(String, u32, u32, Timestamp, Timestamp)> {
        assert_eq!(chat.members.len(), 1, "{chat:?}");
        let months = &chat.members[0].months;
        months
            .iter()
            .map(|m| (m.month.to_string(), m.sent, m.received, m.first, m.last))
            .collect()
    }

    /// The chat with Zoë Quill, as `full_export` and `single_chat` both hold it.
    fn assert_is_the_chat_with_zoe(chat: &ChatSummary) {
        assert!(!chat.group);
        assert_eq!(chat.service, Service::Telegram);
        assert_eq!(chat.members[0].contact.handles, ["telegram:100000002"]);
        // Zoë's message, the user's call and photo; the deleted account's message is nobody's.
        assert_eq!(
            months(chat),
            [(
                "2022-12-01".to_owned(),
                2,
                1,
                at("2022-12-09T18:25:39Z"),
                at("2022-12-10T18:31:00Z")
            )]
        );
        assert_eq!(chat.unknown_messages, 1);
    }

    #[test]
    fn a_full_export_names_the_user_from_personal_information() {
        let batch = import(FULL);
        let me = Contact {
            phones: vec!["+1 555 010 0000".to_owned()],
            ..user("Sam Example", 100000001)
        };
        assert_eq!(batch.owners, [(Service::Telegram, me)]);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn a_full_export_lists_contacts_and_skips_emptied_ones() {
        let batch = import(FULL);
        let zoe = Contact {
            phones: vec!["+1 555 010 0001".to_owned()],
            known_since: Some(at("2020-05-09T16:00:00Z")),
            ..user("Zoë Quill", 100000002)
        };
        // Not on Telegram, so no user id, and an empty last name.
        let nobody = Contact {
            name: Some("Nobody".to_owned()),
            phones: vec!["+1 555 010 0009".to_owned()],
            known_since: Some(at("2021-01-01T00:00:00Z")),
            ..Contact::default()
        };
        assert_eq!(
            batch.contacts,
            [(Service::Telegram, zoe), (Service::Telegram, nobody)]
        );
    }

    #[test]
    fn a_full_export_counts_messages_and_calls_per_chat_and_month() {
        let batch = import(FULL);
        // Saved messages are skipped.
        assert_eq!(batch.chats.len(), 2);
        assert_is_the_chat_with_zoe(&batch.chats[0]);
        let hikers = &batch.chats[1];
        assert!(hikers.group);
        assert_eq!(hikers.members[0].contact.handles, ["telegram:100000004"]);
        // Inviting members is not an interaction; Ines's thanks is.
        let thanks = at("2021-03-01T08:01:40Z");
        assert_eq!(
            months(hikers),
            [("2021-03-01".to_owned(), 0, 1, thanks, thanks)]
        );
    }

    #[test]
    fn members_are_keyed_by_user_id_and_named_as_the_chat_shows_them() {
        let declared = declared(FULL);
        assert_eq!(
            declared.chats,
            [
                ("user100000002".to_owned(), false),
                ("channel1700000042".to_owned(), true)
            ]
        );
        assert_eq!(
            declared.members,
            [
                ("user100000002".to_owned(), user("Zoë Quill", 100000002)),
                ("user100000004".to_owned(), user("Ines Ødegård", 100000004)),
            ]
        );
        assert_eq!(declared.owners[0].0, "user100000001");
    }

    #[test]
    fn a_single_chat_export_takes_the_other_author_for_the_user() {
        let batch = import(SINGLE);
        assert_eq!(
            batch.owners,
            [(Service::Telegram, user("Sam Example", 100000001))]
        );
        assert!(batch.contacts.is_empty());
        assert_eq!(batch.chats.len(), 1);
        assert_is_the_chat_with_zoe(&batch.chats[0]);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[test]
    fn a_control_character_escape_does_not_stop_the_import() {
        let batch = import(CONTROL);
        let sent = at("2022-12-09T18:25:39Z");
        assert_eq!(
            months(&batch.chats[0]),
            [("2022-12-01".to_owned(), 0, 1, sent, sent)]
        );
    }

    #[rstest]
    #[case::on_utc_plus_3(TimeZone::fixed(tz::offset(3)), "2019-06-03T21:01:59Z")]
    #[case::on_utc(TimeZone::UTC, "2019-06-04T00:01:59Z")]
    #[case::on_utc_minus_5(TimeZone::fixed(tz::offset(-5)), "2019-06-04T05:01:59Z")]
    fn a_legacy_export_reads_wall_clock_dates_in_the_files_zone(
        #[case] zone: TimeZone,
        #[case] expected: &str,
    ) {
        let batch = import_in(LEGACY, &zone).unwrap();
        let chat = &batch.chats[0];
        assert_eq!(chat.members[0].months[0].first, at(expected));
        assert_eq!(chat.members[0].months[0].received, 1);
    }

    #[test]
    fn a_legacy_export_keys_a_bare_integer_sender_as_a_user() {
        let declared = declared(LEGACY);
        assert_eq!(
            declared.members,
            [("user100000002".to_owned(), user("Zoë Quill", 100000002))]
        );
    }

    /// A full export with the user (id 1) and a 1:1 chat with user 2 holding `message`.
    fn with_message(message: &str) -> Vec<u8> {
        format!(
            r#"{{"about": "", "personal_information": {{"user_id": 1, "first_name": "Me"}},
              "chats": {{"about": "", "list": [{{"name": "Two", "type": "personal_chat",
              "id": 2, "messages": [{message}]}}]}}}}"#
        )
        .into_bytes()
    }

    #[rstest]
    #[case::a_message_from_the_peer(r#""type": "message", "from": "Two", "from_id": "user2""#, (0, 1, 0))]
    #[case::a_message_from_the_user(r#""type": "message", "from": "Me", "from_id": "user1""#, (1, 0, 0))]
    #[case::a_call_by_the_user(r#""type": "service", "actor": "Me", "actor_id": "user1", "action": "phone_call""#, (1, 0, 0))]
    #[case::a_deleted_account(r#""type": "message", "from": null, "from_id": "user3""#, (0, 0, 1))]
    #[case::a_channel_posting_as_itself(r#""type": "message", "from": "News", "from_id": "channel9""#, (0, 0, 1))]
    #[case::a_message_without_sender(r#""type": "message""#, (0, 0, 1))]
    fn messages_count_for_their_author(#[case] fields: &str, #[case] expected: (u32, u32, u64)) {
        let message = format!(r#"{{"id": 1, {fields}, "date_unixtime": "1670610339"}}"#);
        let batch = import(&with_message(&message));
        let chat = &batch.chats[0];
        let month = chat.members[0].months[0];
        assert_eq!(
            (month.sent, month.received, chat.unknown_messages),
            expected
        );
    }

    #[rstest]
    #[case::a_group_being_created(
        r#""type": "service", "actor_id": "user1", "action": "create_group""#
    )]
    #[case::a_pinned_message(r#""type": "service", "actor_id": "user2", "action": "pin_message""#)]
    #[case::an_unsupported_message(r#""type": "unsupported""#)]
    fn records_that_are_not_interactions_are_not_counted(#[case] fields: &str) {
        let message = format!(r#"{{"id": 1, {fields}, "date_unixtime": "1670610339"}}"#);
        let batch = import(&with_message(&message));
        assert!(batch.chats[0].members[0].months.is_empty());
    }

    #[test]
    fn a_message_without_a_date_is_skipped_with_a_warning() {
        let batch = import(&with_message(
            r#"{"id": 1, "type": "message", "from_id": "user2"}"#,
        ));
        assert!(batch.chats[0].members[0].months.is_empty());
        assert_eq!(
            batch.warnings,
            ["`result.json`: skipped 1 message without a date"]
        );
    }

    #[rstest]
    #[case::saved_messages("saved_messages", None)]
    #[case::the_replies_feed("replies", None)]
    #[case::a_bot("bot_chat", None)]
    #[case::a_private_channel("private_channel", None)]
    #[case::a_public_channel("public_channel", None)]
    #[case::a_basic_group("private_group", Some("chat7"))]
    #[case::a_private_supergroup("private_supergroup", Some("channel7"))]
    #[case::a_public_supergroup("public_supergroup", Some("channel7"))]
    #[case::a_type_from_the_future("forum", Some("channel7"))]
    fn chats_with_people_are_read_and_others_skipped(
        #[case] kind: &str,
        #[case] expected: Option<&str>,
    ) {
        let export = format!(
            r#"{{"name": "Seven", "type": "{kind}", "id": 7, "messages": [{{"id": 1,
              "type": "message", "from": "Two", "from_id": "user2", "date_unixtime": "1"}}]}}"#
        );
        let declared = declared(export.as_bytes());
        let expected: Vec<(String, bool)> = expected
            .map(|key| (key.to_owned(), true))
            .into_iter()
            .collect();
        assert_eq!(declared.chats, expected);
    }

    #[test]
    fn saved_messages_name_the_user_when_nothing_else_does() {
        let export = br#"{"about": "", "chats": {"list": [{"type": "saved_messages", "id": 1,
            "messages": []}, {"name": "G", "type": "private_group", "id": 5, "messages": [
            {"type": "message", "from": "Me", "from_id": "user1", "date_unixtime": "1"}]}]}}"#;
        let batch = import(export);
        assert_eq!(batch.owners, [(Service::Telegram, telegram_user(None, 1))]);
        assert!(batch.chats[0].members.is_empty());
    }

    #[rstest]
    #[case::cut_short(&FULL[..2000], 103, "the file ends in the middle of the export; was it cut short?")]
    #[case::not_json(
        b"{\n \"about\": \"\",\n \"chats\": {\"list\": [}",
        3,
        "column 21: not JSON: expected value: the file is damaged or was edited; export it again"
    )]
    #[case::bad_unix_time(
        br#"{"type": "personal_chat", "id": 2, "messages": [{"type": "message", "date_unixtime": "soon"}]}"#,
        1,
        "column 91: invalid value: string \"soon\", expected a `date_unixtime` in seconds since \
         1970, like \"1670610339\""
    )]
    #[case::bad_wall_clock_date(
        br#"{"type": "personal_chat", "id": 2, "messages": [{"type": "message", "date": "June"}]}"#,
        1,
        "column 84: expected a `date` like \"2022-12-09T21:25:39\", found \"June\""
    )]
    #[case::messages_before_their_chat(
        br#"{"messages": [], "type": "personal_chat", "id": 2}"#,
        1,
        "column 12: expected a chat's `type` and `id` before its `messages`, in the order \
         Telegram Desktop writes them; was the file edited?"
    )]
    #[case::not_an_object(
        b"[1, 2]",
        1,
        "column 1: invalid type: sequence, expected a Telegram export (a JSON object)"
    )]
    #[case::trailing_bytes(
        b"{}\n{}",
        2,
        "column 1: not JSON: trailing characters: more follows the end of the document; was \
         something added to the file? Export it again"
    )]
    fn a_malformed_file_is_reported_where_it_breaks(
        #[case] bytes: &[u8],
        #[case] line: u64,
        #[case] problem: &str,
    ) {
        match import_in(bytes, &TimeZone::UTC) {
            Err(Error::Malformed {
                at, problem: found, ..
            }) => {
                assert_eq!((at, found.as_str()), (Location::Line(line), problem));
            }
            other => panic!("expected a malformed file, got {other:?}"),
        }
    }

    #[test]
    fn every_truncation_of_every_fixture_is_an_error_until_the_closing_brace() {
        for fixture in [FULL, SINGLE, LEGACY, CONTROL] {
            let end = fixture.iter().rposition(|&b| b == b'}').unwrap() + 1;
            for len in 0..=fixture.len() {
                let result = import_in(&fixture[..len], &TimeZone::UTC);
                if len < end {
                    assert!(
                        matches!(result, Err(Error::Malformed { .. })),
                        "{len}: {result:?}"
                    );
                } else {
                    assert!(result.is_ok(), "{len}: {result:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = import_in(&bytes, &TimeZone::UTC);
        }

        #[test]
        fn reading_a_fixture_with_arbitrary_bytes_spliced_in_never_panics(
            at in 0usize..4096,
            noise in proptest::collection::vec(any::<u8>(), 0..16),
        ) {
            let mut bytes = FULL.to_vec();
            let at = at.min(bytes.len());
            bytes.splice(at..at, noise);
            let _ = import_in(&bytes, &TimeZone::UTC);
        }

        #[test]
        fn escapes_are_rewritten_the_same_however_the_bytes_are_split(
            text in "[\\\\x0Ba\"]{0,40}",
            chunk in 1usize..8,
            out in 1usize..8,
        ) {
            let mut escapes = Escapes::new(BufReader::with_capacity(chunk, text.as_bytes()));
            let mut rewritten = Vec::new();
            let mut buffer = vec![0; out];
            loop {
                let n = escapes.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                rewritten.extend_from_slice(&buffer[..n]);
            }
            prop_assert_eq!(String::from_utf8(rewritten).unwrap(), rewrite(&text));
        }
    }

    /// The rewrite [`Escapes`] makes, the obvious way.
    fn rewrite(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '\\' {
                match chars.next() {
                    Some('x') => out.push_str("u00"),
                    Some(next) => out.push(next),
                    None => {}
                }
            }
        }
        out
    }

    #[rstest]
    #[case::a_vertical_tab(r#""a \x0B b""#, r#""a \u000B b""#)]
    #[case::an_escaped_backslash_before_x(r#""C:\\x0B""#, r#""C:\\x0B""#)]
    #[case::an_escape_after_an_escaped_backslash(r#""\\\x1F""#, r#""\\\u001F""#)]
    #[case::a_valid_unicode_escape(r#""\u00e9 \n""#, r#""\u00e9 \n""#)]
    fn control_character_escapes_become_json_escapes(#[case] written: &str, #[case] read: &str) {
        let mut rewritten = String::new();
        Escapes::new(written.as_bytes())
            .read_to_string(&mut rewritten)
            .unwrap();
        assert_eq!(rewritten, read);
    }

    #[rstest]
    #[case::a_full_export(FULL)]
    #[case::a_single_chat(SINGLE)]
    #[case::a_legacy_single_chat(LEGACY)]
    #[case::a_control_character(CONTROL)]
    fn detection_accepts_telegram_exports_from_their_first_keys(#[case] bytes: &[u8]) {
        assert!(detect("result.json", bytes));
        // Only the keys matter: a head cut after the first ones is enough, whatever the name.
        assert!(detect("export.json", &bytes[..120]));
    }

    #[rstest]
    #[case::a_messenger_thread(br#"{"participants": [], "messages": []}"#)]
    #[case::a_chat_type_without_messages(br#"{"type": "personal_chat", "id": 2}"#)]
    #[case::messages_of_an_unknown_type(br#"{"type": "text", "messages": []}"#)]
    #[case::about_alone(br#"{"about": "me"}"#)]
    #[case::a_section_without_about_first(br#"{"name": "x", "about": "", "contacts": {}}"#)]
    #[case::not_json(b"BEGIN:VCARD")]
    fn detection_rejects_look_alikes(#[case] head: &[u8]) {
        assert!(!detect("result.json", head));
    }

    #[test]
    fn detection_rejects_every_other_formats_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut pending = vec![root.clone()];
        let mut seen = 0;
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    if path != root.join("telegram") {
                        pending.push(path);
                    }
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                let head = &bytes[..bytes.len().min(crate::formats::HEAD)];
                let name = path.file_name().unwrap().to_str().unwrap();
                assert!(!detect(name, head), "{}", path.display());
                seen += 1;
            }
        }
        assert!(seen > 20, "only {seen} fixtures found");
    }
}
