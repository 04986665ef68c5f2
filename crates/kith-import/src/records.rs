//! Turning what the formats read into validated [`Record`]s for identity resolution: raw
//! text becomes domain values here, and whatever does not validate is left out with a warning
//! rather than failing the import. Chat members are gathered per service first, so that
//! someone who is in several chats of one service is one record with all their months.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use kith_core::resolve::Record;
use kith_core::{
    CircleName, FactSource, FactText, IdentityKind, Interaction, Membership, Name, NewFact,
    NewIdentity, Region, Source,
};

use crate::record::{Contact, Service};
use crate::tally::Batch;

/// What an import brings, ready for resolution, and what was left out of it.
#[derive(Debug)]
pub struct Records {
    /// One record per contact-list entry, per chat member of a service, and per account of
    /// the user's.
    pub records: Vec<Record>,
    /// What was skipped or left out.
    pub warnings: Vec<String>,
}

/// What was left out, counted per service and kind, so that a thousand malformed emails make
/// one warning with an example rather than a thousand lines.
#[derive(Debug, Default)]
struct LeftOut {
    counts: BTreeMap<(Service, Kind), (usize, Option<String>)>,
}

/// A kind of thing left out, as one and as many.
type Kind = (&'static str, &'static str);

const NAME: Kind = ("a name", "names");
const IDENTITY: Kind = ("an identity", "identities");
const CIRCLE: Kind = ("a circle", "circles");
const FACT: Kind = ("a fact", "facts");
const MONTH: Kind = ("a month of a chat", "months of chats");
const EMPTY: Kind = (
    "an entry with neither a name nor an email, phone or profile",
    "entries with neither a name nor an email, phone or profile",
);

/// The most characters of an example a warning quotes: the reason a value was left out may
/// quote the value, which can be as long as a file allows (docs/limits.md).
const EXAMPLE_CHARS: usize = 200;

impl LeftOut {
    fn note(&mut self, service: Service, kind: Kind, err: Option<&kith_core::Error>) {
        let entry = self
            .counts
            .entry((service, kind))
            .or_insert_with(|| (0, err.map(|err| shorten(&err.to_string()))));
        entry.0 += 1;
    }

    fn into_warnings(self) -> Vec<String> {
        self.counts
            .into_iter()
            .map(|((service, (one, many)), (count, example))| {
                let service = service.as_str();
                match (count, example) {
                    (1, None) => format!("{service}: left out {one}"),
                    (1, Some(why)) => format!("{service}: left out {one}: {why}"),
                    (_, None) => format!("{service}: left out {count} {many}"),
                    (_, Some(why)) => {
                        format!("{service}: left out {count} {many}, for example: {why}")
                    }
                }
            })
            .collect()
    }
}

/// `text`, cut to [`EXAMPLE_CHARS`] characters with an ellipsis if it is longer.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(EXAMPLE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[derive(Debug, Default)]
struct Months {
    by_month: BTreeMap<(Date, bool), (u32, u32, Timestamp, Timestamp)>,
}

impl Batch {
    /// Validates everything the batch holds, reading national phone numbers by the dialling
    /// rules of `region`, the user's country.
    pub fn into_records(self, region: Option<Region>) -> Records {
        let mut warnings = LeftOut::default();
        let mut records = Vec::new();
        for (service, contact) in self.owners {
            if let Some(mut record) = record(service, contact, region, &mut warnings) {
                record.is_owner = true;
                records.push(record);
            }
        }
        for (service, contact) in self.contacts {
            records.extend(record(service, contact, region, &mut warnings));
        }
        // Members of several chats of one service are one human per key.
        let mut members: Vec<(Service, Contact, Months)> = Vec::new();
        let mut by_key: HashMap<(Service, String), usize> = HashMap::new();
        for chat in self.chats {
            for member in chat.members {
                let key = (chat.service, member_key(&member.contact));
                let index = *by_key.entry(key).or_insert_with(|| {
                    members.push((chat.service, member.contact.clone(), Months::default()));
                    members.len() - 1
                });
                let months = &mut members[index].2;
                for month in member.months {
                    let slot = months
                        .by_month
                        .entry((month.month, !chat.group))
                        .or_insert((0, 0, month.first, month.last));
                    slot.0 = slot.0.saturating_add(month.sent);
                    slot.1 = slot.1.saturating_add(month.received);
                    slot.2 = slot.2.min(month.first);
                    slot.3 = slot.3.max(month.last);
                }
            }
        }
        for (service, contact, months) in members {
            let Some(mut record) = record(service, contact, region, &mut warnings) else {
                continue;
            };
            for ((_, one_to_one), (sent, received, first, last)) in months.by_month {
                match Interaction::new(
                    record.source.clone(),
                    one_to_one,
                    first,
                    last,
                    sent,
                    received,
                ) {
                    Ok(interaction) => record.interactions.push(interaction),
                    Err(err) => warnings.note(service, MONTH, Some(&err)),
                }
            }
            records.push(record);
        }
        let mut all = self.warnings;
        all.extend(warnings.into_warnings());
        Records {
            records,
            warnings: all,
        }
    }
}

/// The key that tells chat members apart within a service: a messenger id, else a phone,
/// else a profile, else the folded name.
fn member_key(contact: &Contact) -> String {
    let stable = contact
        .handles
        .first()
        .or(contact.phones.first())
        .or(contact.profiles.first());
    match stable {
        Some(value) => value.clone(),
        None => kith_core::fold(contact.name.as_deref().unwrap_or_default()),
    }
}

fn record(
    service: Service,
    contact: Contact,
    region: Option<Region>,
    warnings: &mut LeftOut,
) -> Option<Record> {
    let source = Source::parse(service.as_str()).expect("service names are valid sources");
    let mut record = Record::new(source.clone());
    let mut leave_out = |kind: Kind, err: kith_core::Error| {
        warnings.note(service, kind, Some(&err));
    };
    if let Some(name) = contact
        .name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
    {
        match Name::parse(name) {
            Ok(name) => record.name = Some(name),
            Err(err) => leave_out(NAME, err),
        }
    }
    let identities = [
        (IdentityKind::Email, contact.emails),
        (IdentityKind::Phone, contact.phones),
        (IdentityKind::Profile, contact.profiles),
        (IdentityKind::Handle, contact.handles),
    ];
    for (kind, values) in identities {
        for value in values {
            let identity = match kind {
                IdentityKind::Phone => NewIdentity::phone_in(&value, source.clone(), region),
                _ => NewIdentity::parse(kind, &value, source.clone()),
            };
            match identity {
                Ok(identity) if !record.identities.contains(&identity) => {
                    record.identities.push(identity);
                }
                Ok(_) => {}
                Err(err) => leave_out(IDENTITY, err),
            }
        }
    }
    for circle in contact.circles {
        match CircleName::parse(&circle) {
            Ok(circle) => record.circles.push(Membership { circle, role: None }),
            Err(err) => leave_out(CIRCLE, err),
        }
    }
    for (kind, text) in contact.facts {
        match FactText::parse(&text) {
            Ok(text) => record.facts.push(NewFact {
                kind,
                text,
                private: false,
                source: FactSource::Imported,
            }),
            Err(err) => leave_out(FACT, err),
        }
    }
    record.known_since = contact.known_since;
    if record.name.is_none() && record.identities.is_empty() {
        warnings.note(service, EMPTY, None);
        return None;
    }
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_quoted_in_a_warning_only_in_part() {
        let long = "x".repeat(EXAMPLE_CHARS * 10);
        let err = kith_core::Error::InvalidHandle(long);
        let mut left_out = LeftOut::default();
        left_out.note(Service::Telegram, IDENTITY, Some(&err));
        let warnings = left_out.into_warnings();
        assert!(
            warnings[0].chars().count() < EXAMPLE_CHARS + 60,
            "{warnings:?}"
        );
        assert!(warnings[0].ends_with('…'), "{warnings:?}");
    }
}
