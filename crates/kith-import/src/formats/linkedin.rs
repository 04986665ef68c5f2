//! LinkedIn's data export (FORMATS.md §2): `Connections.csv`, the user's connections with their
//! profile URL and the day they connected, and `messages.csv`, every conversation's messages,
//! reduced here to who wrote when. Both are read by column name with the CSV reading in
//! `google.rs`, because LinkedIn keeps adding columns (§0.3).

use std::collections::HashMap;
use std::io::BufRead;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use kith_core::FactKind;

use crate::error::Error;
use crate::formats::Input;
use crate::formats::google::{Header, Table, full_name, has, job};
use crate::record::{Author, ChatId, Contact, Service, Sink};

// ------------------------------------------------------------------------------------------------
// Connections.csv

/// The header, after a `Notes:` preamble whose length and wording change between years (§2.1):
/// `Notes:`, the quoted note and a blank line, which the CSV reader skips. The limit leaves
/// room for a longer note.
const CONNECTIONS: Header = Header {
    example: "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    preamble: 8,
    accept: is_connections_header,
};

fn is_connections_header(names: &[String]) -> bool {
    names.first().is_some_and(|first| first == "First Name")
        && has(names, "Last Name")
        && has(names, "Connected On")
}

pub(crate) fn detect_connections(_name: &str, head: &[u8]) -> bool {
    CONNECTIONS.is_in(head)
}

pub(crate) fn read_connections(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let mut table = Table::open(input, *file, &CONNECTIONS)?;
    let [first, last, url, email, company, position, connected] = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    .map(|name| table.column(name));
    let mut hidden = 0u64;
    while table.next()? {
        let name = full_name([&table.text(first), "", &table.text(last)]);
        // Hidden and closed profiles are rows with a date and nothing else (§2.1).
        if name.is_empty() {
            hidden += 1;
            continue;
        }
        let mut contact = Contact::named(name);
        contact
            .profiles
            .extend(Some(table.text(url).into_owned()).filter(|u| !u.is_empty()));
        contact
            .emails
            .extend(Some(table.text(email).into_owned()).filter(|e| !e.is_empty()));
        let job = job(&table.text(position), &table.text(company));
        contact.facts.extend(job.map(|job| (FactKind::Time, job)));
        let since = table.text(connected);
        if !since.is_empty() {
            let at = connected_on(&since).ok_or_else(|| {
                table.malformed(format!(
                    "expected a date like `05 Mar 2024` in column `Connected On`, found `{since}`"
                ))
            })?;
            contact.known_since = Some(at);
        }
        sink.contact(Service::Linkedin, contact);
    }
    if hidden > 0 {
        sink.warn(format!(
            "`{}`: skipped {hidden} connection(s) without a name (hidden or closed profiles)",
            file.path.display()
        ));
    }
    table.finish(sink);
    Ok(())
}

/// `05 Mar 2024` (§2.1), a date without a zone: the day starts at midnight UTC.
fn connected_on(text: &str) -> Option<Timestamp> {
    // `%Y` takes any number of digits, and `05 Mar 202` is a date cut short, not the year 202.
    let four_digit_year = text.rsplit(' ').next().is_some_and(|year| year.len() == 4);
    let date = Date::strptime("%d %b %Y", text)
        .ok()
        .filter(|_| four_digit_year)?;
    TimeZone::UTC
        .to_timestamp(date.to_datetime(Time::midnight()))
        .ok()
}

// ------------------------------------------------------------------------------------------------
// messages.csv

/// The header of every era (§2.2), quoted from 2026 on.
const MESSAGES: Header = Header {
    example: "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,…,DATE,…",
    preamble: 0,
    accept: is_messages_header,
};

fn is_messages_header(names: &[String]) -> bool {
    ["CONVERSATION ID", "FROM", "DATE"]
        .iter()
        .all(|name| has(names, name))
}

pub(crate) fn detect_messages(_name: &str, head: &[u8]) -> bool {
    MESSAGES.is_in(head)
}

pub(crate) fn read_messages(
    input: &mut dyn BufRead,
    file: &Input<'_>,
    sink: &mut dyn Sink,
) -> Result<(), Error> {
    let mut table = Table::open(input, *file, &MESSAGES)?;
    let conversation = Some(table.require("CONVERSATION ID")?);
    let from = Some(table.require("FROM")?);
    let date = Some(table.require("DATE")?);
    let sender_url = table.column("SENDER PROFILE URL");
    let to = table.column("TO");
    let recipient_urls = table.column("RECIPIENT PROFILE URLS");
    let draft = table.column("IS MESSAGE DRAFT");
    let mut chats = Chats::default();
    while table.next()? {
        // A draft was never sent (§2.2, late 2024 on).
        let is_draft = table.text(draft);
        if is_draft.eq_ignore_ascii_case("yes") || is_draft.eq_ignore_ascii_case("true") {
            continue;
        }
        let key = table.text(conversation);
        if key.is_empty() {
            return Err(table.malformed(
                "expected a conversation id in column `CONVERSATION ID`, found nothing".to_owned(),
            ));
        }
        let text = table.text(date);
        let at = sent_at(&text).ok_or_else(|| {
            table.malformed(format!(
                "expected a time like `2023-06-11 15:33:58 UTC` in column `DATE`, found `{text}`"
            ))
        })?;
        let (name, profile) = (table.text(from), table.text(sender_url));
        let sender = Participant::new(&name, &profile);
        let (names, profiles) = (table.text(to), table.text(recipient_urls));
        let recipients = Participant::recipients(&names, &profiles);
        // The sender and the recipients are everyone in the conversation, the user included,
        // so two recipients make a group.
        let chat = chats.open(sink, &key, recipients.len() > 1);
        for participant in sender.iter().chain(&recipients) {
            chats.join(sink, chat, participant);
        }
        let author = sender
            .as_ref()
            .map_or(Author::Unknown, |s| Author::Member(s.key));
        sink.message(chat, author, at);
    }
    if let Some((key, owner)) = chats.owner() {
        sink.owner(Service::Linkedin, &key, owner);
    }
    table.finish(sink);
    Ok(())
}

/// `2023-06-11 15:33:58 UTC` (§2.2).
fn sent_at(text: &str) -> Option<Timestamp> {
    let time: DateTime = text.strip_suffix(" UTC").unwrap_or(text).parse().ok()?;
    TimeZone::UTC.to_timestamp(time).ok()
}

/// Someone in a conversation, keyed by their profile URL so that they join their connection
/// (§2.2: names are ambiguous), or by name when a row has no URL.
#[derive(Debug)]
struct Participant<'r> {
    key: &'r str,
    name: Option<&'r str>,
    profile: Option<&'r str>,
}

impl<'r> Participant<'r> {
    /// The sender; nobody for `LinkedIn Member` without a URL, a deleted or hidden account.
    fn new(name: &'r str, profile: &'r str) -> Option<Self> {
        let name = Some(name).filter(|name| !name.is_empty() && *name != "LinkedIn Member");
        let profile = Some(profile).filter(|profile| !profile.is_empty());
        Some(Self {
            key: profile.or(name)?,
            name,
            profile,
        })
    }

    /// The recipients: `TO` joins names with `, `, which names may contain themselves
    /// ("Jane Doe, Ph.D."), so names go with URLs only when they pair up one to one. The
    /// separator of `RECIPIENT PROFILE URLS` differs between reports (§2.2): both are taken.
    fn recipients(to: &'r str, urls: &'r str) -> Vec<Self> {
        let urls: Vec<&str> = urls
            .split([';', ','])
            .map(str::trim)
            .filter(|url| !url.is_empty())
            .collect();
        let names: Vec<&str> = match urls.len() {
            1 => vec![to],
            _ => to.split(", ").collect(),
        };
        let paired = names.len() == urls.len();
        (urls.iter().enumerate())
            .map(|(i, &url)| Self {
                key: url,
                name: names
                    .get(i)
                    .copied()
                    .filter(|name| paired && !name.is_empty()),
                profile: Some(url),
            })
            .collect()
    }

    fn contact(&self) -> Contact {
        Contact {
            name: self.name.map(str::to_owned),
            profiles: self.profile.map(str::to_owned).into_iter().collect(),
            ..Contact::default()
        }
    }
}

/// The conversations seen so far, and who took part in how many of them: the user takes part
/// in every one of theirs (§2.2).
#[derive(Debug, Default)]
struct Chats {
    ids: HashMap<String, (ChatId, bool)>,
    people: HashMap<String, Person>,
    /// Who was declared in each chat, and whether with a name.
    members: HashMap<ChatId, HashMap<String, bool>>,
}

#[derive(Debug, Default)]
struct Person {
    contact: Contact,
    conversations: u32,
}

impl Chats {
    fn open(&mut self, sink: &mut dyn Sink, key: &str, group: bool) -> ChatId {
        match self.ids.get_mut(key) {
            Some((id, known_group)) => {
                if group && !*known_group {
                    *known_group = true;
                    sink.chat(Service::Linkedin, key, true);
                }
                *id
            }
            None => {
                let id = sink.chat(Service::Linkedin, key, group);
                self.ids.insert(key.to_owned(), (id, group));
                id
            }
        }
    }

    /// Declares `participant` a member of `chat` the first time they are seen in it, and again
    /// when their name becomes known.
    fn join(&mut self, sink: &mut dyn Sink, chat: ChatId, participant: &Participant<'_>) {
        let named = participant.name.is_some();
        let members = self.members.entry(chat).or_default();
        let first = match members.get_mut(participant.key) {
            None => {
                members.insert(participant.key.to_owned(), named);
                true
            }
            Some(known) if named && !*known => {
                *known = true;
                false
            }
            Some(_) => return,
        };
        let person = self.people.entry(participant.key.to_owned()).or_default();
        person.conversations += u32::from(first);
        let contact = participant.contact();
        if person.contact.name.is_none() {
            person.contact.name.clone_from(&contact.name);
        }
        if person.contact.profiles.is_empty() {
            person.contact.profiles.clone_from(&contact.profiles);
        }
        sink.member(chat, participant.key, contact);
    }

    /// The user: whoever takes part in more conversations than anyone else (§2.2), if someone
    /// does.
    fn owner(self) -> Option<(String, Contact)> {
        let mut people = self.people.into_iter();
        let (mut key, mut owner) = people.next()?;
        let mut tied = false;
        for (other_key, other) in people {
            if other.conversations > owner.conversations {
                (key, owner, tied) = (other_key, other, false);
            } else if other.conversations == owner.conversations {
                tied = true;
            }
        }
        (!tied).then_some((key, owner.contact))
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::error::Location;
    use crate::formats::google::testing::{detected, fixture, import};
    use crate::tally::Month;

    const ZOE: &str = "https://www.linkedin.com/in/zoe-quill-000000";
    const SAM: &str = "https://www.linkedin.com/in/sam-example-0000";

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn job(text: &str) -> (FactKind, String) {
        (FactKind::Time, text.to_owned())
    }

    #[test]
    fn connections_after_the_notes_preamble_give_profiles_jobs_and_dates() {
        let batch = import(read_connections, &fixture("linkedin/2024/Connections.csv")).unwrap();
        let zoe = Contact {
            profiles: vec![ZOE.to_owned()],
            facts: vec![job("Head of Ops, EMEA at Quill & Sons")],
            known_since: Some(at("2024-03-05T00:00:00Z")),
            ..Contact::named("Zoë Quill")
        };
        let bart = Contact {
            profiles: vec!["https://www.linkedin.com/in/bart-ng-0000".to_owned()],
            emails: vec!["bart.ng@example.com".to_owned()],
            facts: vec![job("Engineer at Example Corp")],
            known_since: Some(at("2015-11-17T00:00:00Z")),
            ..Contact::named("Bartholomew Ng")
        };
        assert_eq!(
            batch.contacts,
            [(Service::Linkedin, zoe), (Service::Linkedin, bart)]
        );
        assert_eq!(
            batch.warnings,
            ["`test.csv`: skipped 1 connection(s) without a name (hidden or closed profiles)"]
        );
    }

    #[test]
    fn connections_from_2020_have_no_preamble_no_url_and_no_final_line_break() {
        let batch = import(read_connections, &fixture("linkedin/2020/Connections.csv")).unwrap();
        let bart = Contact {
            facts: vec![job("Engineer at Example Corp")],
            known_since: Some(at("2015-11-17T00:00:00Z")),
            ..Contact::named("Bartholomew Ng")
        };
        assert_eq!(batch.contacts, [(Service::Linkedin, bart)]);
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
    }

    #[rstest]
    #[case::two_digit_day("05 Mar 2024", Some("2024-03-05T00:00:00Z"))]
    #[case::one_digit_day("5 Mar 2024", Some("2024-03-05T00:00:00Z"))]
    #[case::end_of_year("31 Dec 1999", Some("1999-12-31T00:00:00Z"))]
    #[case::iso_date("2024-03-05", None)]
    #[case::year_cut_short("05 Mar 202", None)]
    #[case::impossible_day("31 Feb 2024", None)]
    fn connection_dates_are_midnight_utc(#[case] text: &str, #[case] instant: Option<&str>) {
        assert_eq!(connected_on(text), instant.map(at));
    }

    #[rstest]
    #[case::bad_connection_date(
        read_connections,
        "First Name,Last Name,Connected On\nZoë,Quill,2024/13/01\n",
        "`test.csv` line 2: expected a date like `05 Mar 2024` in column `Connected On`, found \
         `2024/13/01`"
    )]
    #[case::no_connections_header(
        read_connections,
        "Notes:\n\"Some note\"\n\nName,Email\n",
        "`test.csv` line 1: expected a header line like `First Name,Last Name,URL,Email Address,\
         Company,Position,Connected On` near the start of the file, found `Notes:`"
    )]
    #[case::bad_message_time(
        read_messages,
        "CONVERSATION ID,FROM,DATE\nc1,Zoë Quill,yesterday\n",
        "`test.csv` line 2: expected a time like `2023-06-11 15:33:58 UTC` in column `DATE`, \
         found `yesterday`"
    )]
    #[case::message_without_conversation(
        read_messages,
        "CONVERSATION ID,FROM,DATE\n,Zoë Quill,2023-06-11 15:33:58 UTC\n",
        "`test.csv` line 2: expected a conversation id in column `CONVERSATION ID`, found nothing"
    )]
    #[case::messages_cut_inside_a_message(
        read_messages,
        "CONVERSATION ID,FROM,DATE,CONTENT,FOLDER\nc1,Zoë Quill,2023-06-11 15:33:58 UTC,\"Hi,\nSam",
        "`test.csv` line 2: the file ends in the middle of a row; was the export cut short?"
    )]
    fn broken_files_are_refused_with_the_line_and_what_was_expected(
        #[case] read: crate::formats::google::testing::Read,
        #[case] file: &str,
        #[case] message: &str,
    ) {
        assert_eq!(
            import(read, file.as_bytes()).unwrap_err().to_string(),
            message
        );
    }

    #[rstest]
    #[case::lf("First Name,Last Name,Connected On\nZ,Q,\nZoë,Quill,bad\n", 3)]
    #[case::crlf("First Name,Last Name,Connected On\r\nZ,Q,\r\nZoë,Quill,bad\r\n", 3)]
    #[case::cr("First Name,Last Name,Connected On\rZ,Q,\rZoë,Quill,bad\r", 3)]
    #[case::blank_lines(
        "First Name,Last Name,Connected On\r\n\r\nZ,Q,\r\n\r\nZoë,Quill,bad",
        5
    )]
    #[case::line_breaks_in_fields(
        "Notes:\n\"a\r\nb\"\n\nFirst Name,Last Name,Connected On\nZ,\"Q\nR\",\n\nZoë,\"Qu\nill\",bad\n",
        9
    )]
    fn errors_name_the_line_whatever_the_line_breaks(#[case] file: &str, #[case] line: u64) {
        let error = import(read_connections, file.as_bytes()).unwrap_err();
        assert!(
            matches!(error, Error::Malformed { at: Location::Line(at), .. } if at == line),
            "{error}"
        );
    }

    #[test]
    fn messages_count_per_month_and_the_user_is_who_is_in_every_conversation() {
        let batch = import(read_messages, &fixture("linkedin/2024/messages.csv")).unwrap();
        assert!(batch.warnings.is_empty(), "{:?}", batch.warnings);
        let sam = Contact {
            profiles: vec![SAM.to_owned()],
            ..Contact::named("Sam Example")
        };
        assert_eq!(batch.owners, [(Service::Linkedin, sam)]);
        let [with_zoe, from_nobody] = &batch.chats[..] else {
            panic!("{:?}", batch.chats)
        };
        assert!(!with_zoe.group);
        let [zoe] = &with_zoe.members[..] else {
            panic!("{:?}", with_zoe.members)
        };
        assert_eq!(zoe.contact.profiles, [ZOE]);
        let june = Month {
            month: date(2023, 6, 1),
            sent: 1,
            received: 1,
            first: at("2023-06-11T15:33:58Z"),
            last: at("2023-06-12T08:01:02Z"),
        };
        assert_eq!(zoe.months, [june]);
        // `LinkedIn Member` without a URL is a hidden account (§2.2).
        assert!(from_nobody.members.is_empty());
        assert_eq!(from_nobody.unknown_messages, 1);
    }

    /// Keeps the members formats declare, as they declare them.
    #[derive(Debug, Default)]
    struct Members(Vec<(String, Contact)>);

    impl Sink for Members {
        fn contact(&mut self, _: Service, _: Contact) {}
        fn chat(&mut self, _: Service, _: &str, _: bool) -> ChatId {
            ChatId(0)
        }
        fn member(&mut self, _: ChatId, key: &str, contact: Contact) {
            self.0.push((key.to_owned(), contact));
        }
        fn owner(&mut self, _: Service, _: &str, _: Contact) {}
        fn message(&mut self, _: ChatId, _: Author<'_>, _: Timestamp) {}
        fn warn(&mut self, _: String) {}
    }

    const GROUP: &str = "\
CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT
c1,Trip,Sam Example,https://l.example/in/sam,\"Zoë Quill, Ines Ødegård\",https://l.example/in/zoe;https://l.example/in/ines,2024-01-05 10:00:00 UTC,,hi,INBOX,No
c1,Trip,Zoë Quill,https://l.example/in/zoe,\"Sam Example, Ines Ødegård\",\"https://l.example/in/sam,https://l.example/in/ines\",2024-01-06 10:00:00 UTC,,hey,INBOX,No
c2,,Sam Example,https://l.example/in/sam,\"Jane Doe, Ph.D.\",https://l.example/in/jane,2024-02-01 09:00:00 UTC,,hello,INBOX,No
c2,,Sam Example,https://l.example/in/sam,\"Jane Doe, Ph.D.\",https://l.example/in/jane,2024-02-02 09:00:00 UTC,,unsent,INBOX,Yes
";

    #[test]
    fn recipients_are_members_under_their_profile_url_and_make_a_group() {
        let batch = import(read_messages, GROUP.as_bytes()).unwrap();
        assert_eq!(batch.owners[0].1.name.as_deref(), Some("Sam Example"));
        let [trip, with_jane] = &batch.chats[..] else {
            panic!("{:?}", batch.chats)
        };
        assert!(trip.group);
        let counts: Vec<_> = (trip.members.iter())
            .map(|m| {
                (
                    m.contact.profiles[0].as_str(),
                    m.months[0].sent,
                    m.months[0].received,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("https://l.example/in/zoe", 1, 1),
                ("https://l.example/in/ines", 1, 0)
            ]
        );
        // The draft was never sent.
        assert!(!with_jane.group);
        let months: Vec<_> = with_jane.members[0]
            .months
            .iter()
            .map(|m| (m.sent, m.last))
            .collect();
        assert_eq!(months, [(1, at("2024-02-01T09:00:00Z"))]);
    }

    #[test]
    fn names_go_with_urls_only_when_they_pair_up() {
        let mut members = Members::default();
        let input = Input {
            path: std::path::Path::new("m.csv"),
            zone: &TimeZone::UTC,
        };
        read_messages(&mut GROUP.as_bytes(), &input, &mut members).unwrap();
        let declared: Vec<_> = members
            .0
            .iter()
            .map(|(key, contact)| (key.as_str(), contact.name.as_deref()))
            .collect();
        assert_eq!(
            declared,
            [
                ("https://l.example/in/sam", Some("Sam Example")),
                ("https://l.example/in/zoe", Some("Zoë Quill")),
                ("https://l.example/in/ines", Some("Ines Ødegård")),
                ("https://l.example/in/jane", Some("Jane Doe, Ph.D.")),
            ]
        );
    }

    #[test]
    fn a_single_conversation_does_not_tell_who_the_user_is() {
        let file = "CONVERSATION ID,FROM,SENDER PROFILE URL,DATE\n\
                    c1,Zoë Quill,https://l.example/in/zoe,2023-06-11 15:33:58 UTC\n\
                    c1,Sam Example,https://l.example/in/sam,2023-06-12 15:33:58 UTC\n";
        let batch = import(read_messages, file.as_bytes()).unwrap();
        assert!(batch.owners.is_empty());
        assert_eq!(batch.chats[0].members.len(), 2);
    }

    #[rstest]
    #[case::nine_columns_before_mid_2023(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    )]
    #[case::every_field_quoted_from_2026(
        "\"CONVERSATION ID\",\"CONVERSATION TITLE\",\"FROM\",\"SENDER PROFILE URL\",\"TO\",\
         \"RECIPIENT PROFILE URLS\",\"DATE\",\"SUBJECT\",\"CONTENT\",\"FOLDER\",\"ATTACHMENTS\"\n"
    )]
    fn every_era_of_messages_is_recognised(#[case] header: &str) {
        assert!(detect_messages("messages.csv", header.as_bytes()));
        assert!(import(read_messages, header.as_bytes()).is_ok());
    }

    #[test]
    fn detection_claims_the_connections_fixtures_and_nothing_else() {
        assert_eq!(
            detected(detect_connections),
            [
                "linkedin/2020/Connections.csv",
                "linkedin/2024/Connections.csv"
            ]
        );
    }

    #[test]
    fn detection_claims_the_messages_fixture_and_nothing_else() {
        assert_eq!(detected(detect_messages), ["linkedin/2024/messages.csv"]);
    }

    #[test]
    fn every_truncation_of_the_fixtures_is_read_or_refused() {
        for (read, path) in [
            (
                read_connections as crate::formats::google::testing::Read,
                "linkedin/2024/Connections.csv",
            ),
            (read_connections, "linkedin/2020/Connections.csv"),
            (read_messages, "linkedin/2024/messages.csv"),
        ] {
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
            let _ = import(read_connections, &bytes);
            let _ = import(read_messages, &bytes);
        }

        #[test]
        fn arbitrary_rows_after_a_real_header_never_panic(
            rows in proptest::collection::vec(any::<u8>(), 0..2048),
        ) {
            for (read, header) in [
                (read_connections as crate::formats::google::testing::Read, CONNECTIONS.example),
                (read_messages, GROUP.lines().next().unwrap()),
            ] {
                let mut bytes = format!("{header}\n").into_bytes();
                bytes.extend(&rows);
                let _ = import(read, &bytes);
            }
        }
    }
}
