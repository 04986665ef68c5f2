//! The [`Tally`]: a [`Sink`] that gathers what the formats read into a [`Batch`] for the
//! resolver: contact-list entries as they are, and chat histories summed up per member and
//! month. Memory grows with the number of people and months, never with the number of
//! messages.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

use crate::record::{Author, ChatId, Contact, Service, Sink};

/// Everything an import read, ready to be resolved into people.
#[derive(Debug, Default)]
pub struct Batch {
    /// Contact-list entries.
    pub contacts: Vec<(Service, Contact)>,
    /// The user as each service knows them: their identities belong to "me", and they are
    /// never a contact.
    pub owners: Vec<(Service, Contact)>,
    /// Chats, summed up.
    pub chats: Vec<ChatSummary>,
    /// What was skipped, for the summary.
    pub warnings: Vec<String>,
}

/// One chat, summed up per member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSummary {
    /// Where the chat happened.
    pub service: Service,
    /// Whether more than one other person took part.
    pub group: bool,
    /// The people in it, the user aside.
    pub members: Vec<MemberSummary>,
    /// Messages in it from nobody's account (deleted users).
    pub unknown_messages: u64,
}

/// A member of a chat and their months in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSummary {
    /// Who they are, as the chat knows them.
    pub contact: Contact,
    /// Each month the chat had messages, oldest first.
    pub months: Vec<Month>,
}

/// A month of a chat, seen from one member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    /// The month's first day (UTC).
    pub month: Date,
    /// Messages the user wrote in the chat that month.
    pub sent: u32,
    /// Messages this member wrote that month.
    pub received: u32,
    /// The chat's first message that month.
    pub first: Timestamp,
    /// The chat's last message that month.
    pub last: Timestamp,
}

/// Gathers records into a [`Batch`].
#[derive(Debug, Default)]
pub struct Tally {
    contacts: Vec<(Service, Contact)>,
    owners: HashMap<Service, Vec<(String, Contact)>>,
    chats: Vec<ChatTally>,
    chat_ids: HashMap<(Service, String), usize>,
    warnings: Vec<String>,
}

#[derive(Debug)]
struct ChatTally {
    service: Service,
    key: String,
    group: bool,
    members: Vec<MemberTally>,
    member_ids: HashMap<String, usize>,
    months: BTreeMap<Date, MonthTally>,
    unknown: u64,
}

#[derive(Debug)]
struct MemberTally {
    key: String,
    contact: Contact,
    /// Whether the format declared who they are; a member first met as a message's author
    /// is known only by their key until then.
    declared: bool,
    written: HashMap<Date, u32>,
}

#[derive(Debug, Clone, Copy)]
struct MonthTally {
    first: Timestamp,
    last: Timestamp,
    owner: u32,
}

impl ChatTally {
    fn member(&mut self, key: &str) -> usize {
        if let Some(&id) = self.member_ids.get(key) {
            return id;
        }
        let id = self.members.len();
        self.members.push(MemberTally {
            key: key.to_owned(),
            contact: Contact::named(key),
            declared: false,
            written: HashMap::new(),
        });
        self.member_ids.insert(key.to_owned(), id);
        id
    }
}

impl MemberTally {
    /// Adds what a format declares about this member; the first declaration replaces the
    /// placeholder made from their key.
    fn declare(&mut self, contact: Contact) {
        if self.declared {
            merge(&mut self.contact, contact);
        } else {
            self.contact = contact;
            self.declared = true;
        }
    }
}

impl Tally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds everything `other` gathered after what this tally holds, as if its records had
    /// come after this tally's own: files read in parallel are merged in the order they were
    /// listed, so an import's result does not depend on which thread finished first.
    pub fn absorb(&mut self, other: Tally) {
        self.contacts.extend(other.contacts);
        for (service, owners) in other.owners {
            for (key, contact) in owners {
                self.owner(service, &key, contact);
            }
        }
        for chat in other.chats {
            let id = self.chat(chat.service, &chat.key, chat.group).0;
            let mine = &mut self.chats[id];
            mine.unknown += chat.unknown;
            for (month, tally) in chat.months {
                mine.months
                    .entry(month)
                    .and_modify(|known| {
                        known.first = known.first.min(tally.first);
                        known.last = known.last.max(tally.last);
                        known.owner += tally.owner;
                    })
                    .or_insert(tally);
            }
            for member in chat.members {
                let index = mine.member(&member.key);
                let known = &mut mine.members[index];
                if member.declared {
                    known.declare(member.contact);
                }
                for (month, count) in member.written {
                    *known.written.entry(month).or_insert(0) += count;
                }
            }
        }
        self.warnings.extend(other.warnings);
    }

    /// Decides who the user is in every chat and sums the chats up.
    ///
    /// A service whose format did not say who the user is (Messenger group threads) gets the
    /// member who is in every one of its chats, if there is exactly one such member and more
    /// than one chat; otherwise its chats are kept with every member, and a warning says so.
    pub fn finish(mut self) -> Batch {
        let mut owner_keys: HashMap<Service, HashSet<String>> = self
            .owners
            .iter()
            .map(|(service, owners)| (*service, owners.iter().map(|(k, _)| k.clone()).collect()))
            .collect();
        let services: HashSet<Service> = self.chats.iter().map(|chat| chat.service).collect();
        for service in services {
            if owner_keys.contains_key(&service) {
                continue;
            }
            match self.infer_owner(service) {
                Some(key) => {
                    owner_keys.insert(service, HashSet::from([key]));
                }
                None => self.warnings.push(format!(
                    "could not tell which {} participant is you; your own messages count as \
                     someone else's",
                    service.as_str()
                )),
            }
        }
        let mut owners: Vec<(Service, Contact)> = Vec::new();
        for (service, declared) in self.owners {
            owners.extend(declared.into_iter().map(|(_, contact)| (service, contact)));
        }
        let chats = self
            .chats
            .into_iter()
            .map(|chat| {
                let keys = owner_keys.get(&chat.service);
                summarise(chat, keys)
            })
            .collect();
        Batch {
            contacts: self.contacts,
            owners,
            chats,
            warnings: self.warnings,
        }
    }

    fn infer_owner(&self, service: Service) -> Option<String> {
        let chats: Vec<&ChatTally> = self.chats.iter().filter(|c| c.service == service).collect();
        if chats.len() < 2 {
            return None;
        }
        let mut everywhere: Option<HashSet<&str>> = None;
        for chat in &chats {
            let keys: HashSet<&str> = chat.members.iter().map(|m| m.key.as_str()).collect();
            everywhere = Some(match everywhere {
                None => keys,
                Some(seen) => seen.intersection(&keys).copied().collect(),
            });
        }
        let everywhere = everywhere?;
        match everywhere.len() {
            1 => everywhere.into_iter().next().map(str::to_owned),
            _ => None,
        }
    }
}

fn summarise(chat: ChatTally, owner_keys: Option<&HashSet<String>>) -> ChatSummary {
    let mut months = chat.months;
    let (owners, members): (Vec<MemberTally>, Vec<MemberTally>) = chat
        .members
        .into_iter()
        .partition(|member| owner_keys.is_some_and(|keys| keys.contains(&member.key)));
    for owner in owners {
        for (month, count) in owner.written {
            if let Some(tally) = months.get_mut(&month) {
                tally.owner += count;
            }
        }
    }
    let group = chat.group || members.len() > 1;
    let members = members
        .into_iter()
        .map(|member| MemberSummary {
            months: months
                .iter()
                .map(|(&month, tally)| Month {
                    month,
                    sent: tally.owner,
                    received: member.written.get(&month).copied().unwrap_or(0),
                    first: tally.first,
                    last: tally.last,
                })
                .collect(),
            contact: member.contact,
        })
        .collect();
    ChatSummary {
        service: chat.service,
        group,
        members,
        unknown_messages: chat.unknown,
    }
}

fn month_of(at: Timestamp) -> Date {
    Offset::UTC.to_datetime(at).date().first_of_month()
}

impl Sink for Tally {
    fn contact(&mut self, service: Service, contact: Contact) {
        self.contacts.push((service, contact));
    }

    fn chat(&mut self, service: Service, key: &str, group: bool) -> ChatId {
        if let Some(&id) = self.chat_ids.get(&(service, key.to_owned())) {
            self.chats[id].group |= group;
            return ChatId(id);
        }
        let id = self.chats.len();
        self.chats.push(ChatTally {
            service,
            key: key.to_owned(),
            group,
            members: Vec::new(),
            member_ids: HashMap::new(),
            months: BTreeMap::new(),
            unknown: 0,
        });
        self.chat_ids.insert((service, key.to_owned()), id);
        ChatId(id)
    }

    fn member(&mut self, chat: ChatId, key: &str, contact: Contact) {
        let chat = &mut self.chats[chat.0];
        let id = chat.member(key);
        chat.members[id].declare(contact);
    }

    fn owner(&mut self, service: Service, key: &str, contact: Contact) {
        let owners = self.owners.entry(service).or_default();
        match owners.iter_mut().find(|(known, _)| known == key) {
            Some((_, known)) => merge(known, contact),
            None => owners.push((key.to_owned(), contact)),
        }
    }

    fn message(&mut self, chat: ChatId, author: Author<'_>, at: Timestamp) {
        let chat = &mut self.chats[chat.0];
        let month = month_of(at);
        let tally = chat.months.entry(month).or_insert(MonthTally {
            first: at,
            last: at,
            owner: 0,
        });
        tally.first = tally.first.min(at);
        tally.last = tally.last.max(at);
        match author {
            Author::Owner => tally.owner += 1,
            Author::Member(key) => {
                let id = chat.member(key);
                *chat.members[id].written.entry(month).or_insert(0) += 1;
            }
            Author::Unknown => chat.unknown += 1,
        }
    }

    fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }
}

/// Adds what `more` knows to `known`, keeping `known`'s name when both have one.
fn merge(known: &mut Contact, more: Contact) {
    if known.name.is_none() {
        known.name = more.name;
    }
    for (mine, theirs) in [
        (&mut known.emails, more.emails),
        (&mut known.phones, more.phones),
        (&mut known.profiles, more.profiles),
        (&mut known.handles, more.handles),
        (&mut known.circles, more.circles),
    ] {
        for value in theirs {
            if !mine.contains(&value) {
                mine.push(value);
            }
        }
    }
    known.facts.extend(more.facts);
    known.known_since = match (known.known_since, more.known_since) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_one_to_one_chat_counts_both_directions_per_month() {
        let mut tally = Tally::new();
        let chat = tally.chat(Service::Whatsapp, "zoe", false);
        tally.member(chat, "Zoë Quill", Contact::named("Zoë Quill"));
        tally.message(
            chat,
            Author::Member("Zoë Quill"),
            at("2024-01-05T10:00:00Z"),
        );
        tally.message(chat, Author::Owner, at("2024-01-05T10:01:00Z"));
        tally.message(chat, Author::Owner, at("2024-03-01T08:00:00Z"));
        let batch = tally.finish();
        let zoe = &batch.chats[0].members[0];
        assert_eq!(zoe.contact.name.as_deref(), Some("Zoë Quill"));
        assert_eq!(zoe.months.len(), 2);
        assert_eq!((zoe.months[0].sent, zoe.months[0].received), (1, 1));
        assert_eq!(zoe.months[0].last, at("2024-01-05T10:01:00Z"));
        assert_eq!((zoe.months[1].sent, zoe.months[1].received), (1, 0));
        assert!(!batch.chats[0].group);
    }

    #[test]
    fn tallies_of_the_parts_of_a_thread_add_up() {
        let part = |at_text: &str, author| {
            let mut tally = Tally::new();
            let chat = tally.chat(Service::Messenger, "inbox/zoe_1", false);
            tally.message(chat, author, at(at_text));
            tally
        };
        let mut tally = part("2024-01-05T10:00:00Z", Author::Member("Zoë Quill"));
        tally.absorb(part("2024-01-20T10:00:00Z", Author::Owner));
        tally.absorb(part("2024-01-09T10:00:00Z", Author::Member("Zoë Quill")));
        let batch = tally.finish();
        assert_eq!(batch.chats.len(), 1);
        let month = batch.chats[0].members[0].months[0];
        assert_eq!((month.sent, month.received), (1, 2));
        assert_eq!(month.first, at("2024-01-05T10:00:00Z"));
        assert_eq!(month.last, at("2024-01-20T10:00:00Z"));
    }

    #[test]
    fn a_member_declared_after_their_first_message_gets_their_name() {
        let mut tally = Tally::new();
        let chat = tally.chat(Service::Telegram, "user2", false);
        tally.message(chat, Author::Member("user2"), at("2024-01-01T00:00:00Z"));
        tally.member(chat, "user2", Contact::named("Zoë Quill"));
        let batch = tally.finish();
        let zoe = &batch.chats[0].members[0];
        assert_eq!(zoe.contact.name.as_deref(), Some("Zoë Quill"));
        assert_eq!(zoe.months[0].received, 1);
    }

    #[test]
    fn parts_of_one_thread_are_one_chat() {
        let mut tally = Tally::new();
        let first = tally.chat(Service::Messenger, "inbox/zoe_1", false);
        let second = tally.chat(Service::Messenger, "inbox/zoe_1", false);
        assert_eq!(first, second);
    }

    #[test]
    fn the_author_in_every_chat_is_taken_for_the_owner() {
        let mut tally = Tally::new();
        for (key, other) in [("a", "Sam"), ("b", "Ines")] {
            let chat = tally.chat(Service::Messenger, key, false);
            tally.message(
                chat,
                Author::Member("Me Myself"),
                at("2024-01-01T00:00:00Z"),
            );
            tally.message(chat, Author::Member(other), at("2024-01-02T00:00:00Z"));
        }
        let batch = tally.finish();
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        for chat in &batch.chats {
            assert_eq!(chat.members.len(), 1);
            assert_eq!(chat.members[0].months[0].sent, 1);
            assert_eq!(chat.members[0].months[0].received, 1);
        }
    }

    #[test]
    fn a_declared_owner_is_never_a_member() {
        let mut tally = Tally::new();
        let chat = tally.chat(Service::Telegram, "1", true);
        tally.owner(Service::Telegram, "user1", Contact::named("Owner"));
        tally.message(chat, Author::Member("user1"), at("2024-01-01T00:00:00Z"));
        tally.message(chat, Author::Member("user2"), at("2024-01-01T00:00:00Z"));
        tally.message(chat, Author::Unknown, at("2024-01-01T00:00:00Z"));
        let batch = tally.finish();
        assert_eq!(batch.owners.len(), 1);
        let chat = &batch.chats[0];
        assert_eq!(chat.members.len(), 1);
        assert_eq!(chat.members[0].months[0].sent, 1);
        assert_eq!(chat.unknown_messages, 1);
        assert!(chat.group);
    }
}
