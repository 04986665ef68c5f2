//! The neutral records every format is turned into, and the [`Sink`] that receives them.
//!
//! A format module reads bytes and calls the sink: [`Sink::contact`] for each entry of a
//! contact list, and [`Sink::chat`], [`Sink::member`] and [`Sink::message`] while it streams a
//! chat history. Records hold text as the export had it once decoded (mojibake repaired, quoted
//! printable decoded), not yet validated: deciding who is who is the resolver's job, and what
//! was said never leaves the format module, because a message is only an author and a time.

use jiff::Timestamp;
use kith_core::FactKind;

/// The services kith imports from. Each names the source of what it contributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// vCard files from phones and address books.
    Vcard,
    /// LinkedIn's data export.
    Linkedin,
    /// Google Contacts CSV.
    Google,
    /// Outlook CSV.
    Outlook,
    /// Facebook's friend lists.
    Facebook,
    /// Facebook Messenger threads.
    Messenger,
    /// Telegram Desktop's export.
    Telegram,
    /// WhatsApp's chat export.
    Whatsapp,
    /// Gmail, from Google Takeout's mbox.
    Gmail,
}

impl Service {
    /// The source name kith stores (`vcard`, `linkedin`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vcard => "vcard",
            Self::Linkedin => "linkedin",
            Self::Google => "google",
            Self::Outlook => "outlook",
            Self::Facebook => "facebook",
            Self::Messenger => "messenger",
            Self::Telegram => "telegram",
            Self::Whatsapp => "whatsapp",
            Self::Gmail => "gmail",
        }
    }
}

/// A person as one source lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// The display name, if the source has one (a phone-book entry may have only a number).
    pub name: Option<String>,
    /// Email addresses, as written.
    pub emails: Vec<String>,
    /// Phone numbers, as written.
    pub phones: Vec<String>,
    /// Profile URLs (LinkedIn, Facebook, …).
    pub profiles: Vec<String>,
    /// Messenger ids that stay stable when the name changes, written `service:id`
    /// (`telegram:5012345678`).
    pub handles: Vec<String>,
    /// Labels and groups the source puts them in; they become circles.
    pub circles: Vec<String>,
    /// What the source says about them (a job title, a note, a birthday).
    pub facts: Vec<(FactKind, String)>,
    /// Since when the user has known them (a friendship or connection date).
    pub known_since: Option<Timestamp>,
}

impl Contact {
    /// A contact known only by name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }
}

/// A chat, as handed out by [`Sink::chat`]: the same key in the same service always gives the
/// same id, so a thread split over several files is one chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChatId(pub(crate) usize);

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author<'a> {
    /// The user who made the export.
    Owner,
    /// A member of the chat, by the key it was declared with (or, if it was never declared,
    /// by the name the message gives, which then becomes a member of that name).
    Member(&'a str),
    /// A deleted account or another author who is nobody's contact: counted in the chat's
    /// totals, an interaction with no one.
    Unknown,
}

/// Where a format module delivers what it reads.
pub trait Sink {
    /// An entry of a contact list.
    fn contact(&mut self, service: Service, contact: Contact);

    /// Opens (or reopens) the chat `key` of `service`. `group` is whether more than one other
    /// person takes part; a chat is a group if any of its parts says so.
    fn chat(&mut self, service: Service, key: &str, group: bool) -> ChatId;

    /// Declares a member of a chat under `key` (a user id, or the name messages use), with
    /// what is known about them. Declaring a key again adds to what is known.
    fn member(&mut self, chat: ChatId, key: &str, contact: Contact);

    /// Declares that `key` is the user in `service`'s chats: their messages are the user's.
    /// Formats that cannot tell leave it to the resolver, which takes the author who is in
    /// every chat.
    fn owner(&mut self, service: Service, key: &str, contact: Contact);

    /// One message (or call) in a chat. Only the author and the time are kept.
    fn message(&mut self, chat: ChatId, author: Author<'_>, at: Timestamp);

    /// Something was skipped or could not be used, without failing the import.
    fn warn(&mut self, warning: String);
}
