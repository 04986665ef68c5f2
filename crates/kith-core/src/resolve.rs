//! Identity resolution: deciding, for each record an import brings, whether it is the user,
//! someone already known, or someone new, so that one human becomes one person however many
//! sources list them.
//!
//! The rules, in order:
//! 1. An exact identity (normalised email, phone, profile URL or messenger id) decides: the
//!    record belongs to whoever owns it. An identity of the user's makes the record the user's.
//! 2. Otherwise a name decides when it folds (see [`crate::fold`]) to the same key as exactly
//!    the right person and nothing contradicts it: both have emails (or phones) and none is
//!    shared means two different people, and so do two records of one source known since
//!    different dates (a friend list can hold two "Emma Smith"s, told apart only by when the
//!    friendship began: FORMATS.md §1.2). The person known since the same date is preferred,
//!    so that importing the same list again pairs each record with its own person.
//! 3. Otherwise the record is someone new.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use crate::{IdentityKind, Interaction, Membership, Name, NewFact, NewIdentity, PersonId, Source};

/// What one source says about one human, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Where it comes from.
    pub source: Source,
    /// Their name, if the source gives one.
    pub name: Option<Name>,
    /// Their emails, phones, profiles and handles.
    pub identities: Vec<NewIdentity>,
    /// Circles the source puts them in.
    pub circles: Vec<Membership>,
    /// What the source says about them.
    pub facts: Vec<NewFact>,
    /// Since when the user has known them.
    pub known_since: Option<Timestamp>,
    /// Months of contact with them.
    pub interactions: Vec<Interaction>,
    /// Whether this is the user's own entry (the account that made the export).
    pub is_owner: bool,
}

impl Record {
    /// A record with nothing but its source.
    pub fn new(source: Source) -> Self {
        Self {
            source,
            name: None,
            identities: Vec::new(),
            circles: Vec::new(),
            facts: Vec::new(),
            known_since: None,
            interactions: Vec::new(),
            is_owner: false,
        }
    }
}

/// Whom a record belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The user.
    Me,
    /// A person already stored.
    Existing(PersonId),
    /// The n-th new person of the plan.
    New(usize),
}

/// What an import will do: who is new, and which record goes to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The names of the people to create; [`Target::New`] indexes this.
    pub new_people: Vec<Name>,
    /// Every record with the person it belongs to, in the order they came.
    pub assignments: Vec<(Target, Record)>,
    /// How many records joined a person who had nothing from their source yet: one human
    /// found in one more place.
    pub merged: usize,
    /// Records that could not be placed (no name and no identity).
    pub dropped: usize,
    /// The name the user's own accounts give them, when they have not named themselves yet.
    pub my_name: Option<Name>,
}

type Key = (IdentityKind, String);

#[derive(Debug)]
struct Entry {
    target: Target,
    emails: HashSet<String>,
    phones: HashSet<String>,
    /// The sources that know this person, each with the date it says they met, if any.
    sources: HashMap<Source, Option<Timestamp>>,
}

/// Everyone an import can match records against: the people already stored, and those the
/// import creates as it goes.
#[derive(Debug, Default)]
pub struct Directory {
    entries: Vec<Entry>,
    by_identity: HashMap<Key, usize>,
    by_name: HashMap<String, Vec<usize>>,
    me: Option<usize>,
    /// Whether the user still has the name kith gave them before it knew better.
    me_unnamed: bool,
}

/// The name the user has until they, or an export of theirs, give a better one.
pub const DEFAULT_MY_NAME: &str = "Me";

impl Directory {
    /// An empty directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a stored person with their names (their own, and those of the people merged into
    /// them), identities, and sources with the date each says they met.
    pub fn add_person(
        &mut self,
        person: PersonId,
        is_me: bool,
        names: &[Name],
        identities: impl IntoIterator<Item = (IdentityKind, String)>,
        sources: impl IntoIterator<Item = (Source, Option<Timestamp>)>,
    ) {
        let target = if is_me {
            Target::Me
        } else {
            Target::Existing(person)
        };
        let index = self.push(target);
        if is_me {
            self.me = Some(index);
            self.me_unnamed = names
                .first()
                .is_some_and(|name| name.as_str() == DEFAULT_MY_NAME);
        } else {
            for key in names.iter().flat_map(Name::keys) {
                let named = self.by_name.entry(key).or_default();
                if !named.contains(&index) {
                    named.push(index);
                }
            }
        }
        self.entries[index].sources.extend(sources);
        for (kind, value) in identities {
            self.index_identity(index, kind, value);
        }
    }

    /// Decides whom each record belongs to.
    pub fn plan(mut self, records: Vec<Record>) -> Plan {
        let mut plan = Plan {
            new_people: Vec::new(),
            assignments: Vec::with_capacity(records.len()),
            merged: 0,
            dropped: 0,
            my_name: None,
        };
        for record in records {
            let Some(index) = self.place(&record, &mut plan) else {
                plan.dropped += 1;
                continue;
            };
            let entry = &mut self.entries[index];
            let first_from_source = !entry.sources.contains_key(&record.source);
            let had_anything = !entry.sources.is_empty();
            if first_from_source && had_anything && entry.target != Target::Me {
                plan.merged += 1;
            }
            let since = entry.sources.entry(record.source.clone()).or_default();
            if let Some(new) = record.known_since {
                *since = Some(since.map_or(new, |known| known.min(new)));
            }
            if entry.target == Target::Me && self.me_unnamed && plan.my_name.is_none() {
                plan.my_name.clone_from(&record.name);
            }
            if let (Target::New(new), Some(name)) = (entry.target, &record.name) {
                prefer_native_spelling(&mut plan.new_people[new], name);
            }
            for identity in &record.identities {
                self.index_identity(index, identity.kind(), identity.value().to_owned());
            }
            if let Some(name) = &record.name
                && self.entries[index].target != Target::Me
            {
                for key in name.keys() {
                    let named = self.by_name.entry(key).or_default();
                    if !named.contains(&index) {
                        named.push(index);
                    }
                }
            }
            plan.assignments.push((self.entries[index].target, record));
        }
        plan
    }

    /// The entry a record belongs to, creating one for someone new; `None` when the record
    /// has nothing to know anyone by.
    fn place(&mut self, record: &Record, plan: &mut Plan) -> Option<usize> {
        if record.is_owner {
            return Some(self.me_entry());
        }
        let owners: Vec<usize> = record
            .identities
            .iter()
            .filter_map(|identity| {
                self.by_identity
                    .get(&(identity.kind(), identity.value().to_owned()))
                    .copied()
            })
            .collect();
        if let Some(me) = self.me
            && owners.contains(&me)
        {
            return Some(me);
        }
        if let Some(&owner) = owners.first() {
            return Some(owner);
        }
        if let Some(index) = self.by_name_without_contradiction(record) {
            return Some(index);
        }
        let name = record.name.clone().or_else(|| {
            record
                .identities
                .first()
                .and_then(|identity| Name::parse(identity.value()).ok())
        })?;
        let index = self.push(Target::New(plan.new_people.len()));
        plan.new_people.push(name);
        Some(index)
    }

    fn by_name_without_contradiction(&self, record: &Record) -> Option<usize> {
        let mut named: Vec<usize> = Vec::new();
        for key in record.name.as_ref()?.keys() {
            if key.is_empty() {
                continue;
            }
            for &index in self.by_name.get(&key).into_iter().flatten() {
                if !named.contains(&index) {
                    named.push(index);
                }
            }
        }
        let emails: HashSet<&str> = values(record, IdentityKind::Email).collect();
        let phones: HashSet<&str> = values(record, IdentityKind::Phone).collect();
        let viable: Vec<usize> = named
            .into_iter()
            .filter(|&index| {
                let entry = &self.entries[index];
                let met_another_day = match (entry.sources.get(&record.source), record.known_since)
                {
                    (Some(Some(known)), Some(new)) => *known != new,
                    _ => false,
                };
                !met_another_day
                    && !contradicts(&entry.emails, &emails)
                    && !contradicts(&entry.phones, &phones)
            })
            .collect();
        viable
            .iter()
            .copied()
            .find(|&index| {
                record.known_since.is_some()
                    && self.entries[index].sources.get(&record.source) == Some(&record.known_since)
            })
            .or_else(|| viable.first().copied())
    }

    fn me_entry(&mut self) -> usize {
        match self.me {
            Some(me) => me,
            None => {
                let me = self.push(Target::Me);
                self.me = Some(me);
                me
            }
        }
    }

    fn push(&mut self, target: Target) -> usize {
        self.entries.push(Entry {
            target,
            emails: HashSet::new(),
            phones: HashSet::new(),
            sources: HashMap::new(),
        });
        self.entries.len() - 1
    }

    fn index_identity(&mut self, index: usize, kind: IdentityKind, value: String) {
        match kind {
            IdentityKind::Email => self.entries[index].emails.insert(value.clone()),
            IdentityKind::Phone => self.entries[index].phones.insert(value.clone()),
            IdentityKind::Profile | IdentityKind::Handle => false,
        };
        // The first owner keeps an identity: a later record cannot take it away.
        self.by_identity.entry((kind, value)).or_insert(index);
    }
}

/// Keeps the spelling closest to how people write their own name: of two spellings of one
/// name ("Zoe Quill", "Zoë Quill"; "Olena Koval", "Олена Коваль"), the one with more letters
/// beyond ASCII, since sources lose accents and scripts far more often than they add them.
fn prefer_native_spelling(kept: &mut Name, other: &Name) {
    let beyond_ascii = |name: &Name| name.as_str().chars().filter(|c| !c.is_ascii()).count();
    let same_name = other.keys().iter().any(|key| kept.keys().contains(key));
    if same_name && beyond_ascii(other) > beyond_ascii(kept) {
        *kept = other.clone();
    }
}

fn values(record: &Record, kind: IdentityKind) -> impl Iterator<Item = &str> {
    record
        .identities
        .iter()
        .filter(move |identity| identity.kind() == kind)
        .map(NewIdentity::value)
}

/// Two sets of the same kind of identity contradict when both are known and share nothing.
fn contradicts(known: &HashSet<String>, new: &HashSet<&str>) -> bool {
    !known.is_empty() && !new.is_empty() && !new.iter().any(|value| known.contains(*value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str) -> Source {
        Source::parse(name).unwrap()
    }

    fn record(from: &str, name: &str) -> Record {
        Record {
            name: Some(Name::parse(name).unwrap()),
            ..Record::new(source(from))
        }
    }

    fn with_email(mut record: Record, email: &str) -> Record {
        record
            .identities
            .push(NewIdentity::email(email, record.source.clone()).unwrap());
        record
    }

    fn targets(plan: &Plan) -> Vec<Target> {
        plan.assignments.iter().map(|(target, _)| *target).collect()
    }

    #[test]
    fn the_same_email_in_two_sources_is_one_person() {
        let plan = Directory::new().plan(vec![
            with_email(record("vcard", "Zoë Quill"), "zoe@example.com"),
            with_email(record("linkedin", "Zoe Q."), "ZOE@example.com"),
        ]);
        assert_eq!(targets(&plan), [Target::New(0), Target::New(0)]);
        assert_eq!(plan.new_people.len(), 1);
        assert_eq!(plan.merged, 1);
    }

    #[test]
    fn a_transliterated_name_is_the_same_person() {
        let plan = Directory::new().plan(vec![
            record("linkedin", "Olena Koval"),
            record("facebook", "Олена Коваль"),
        ]);
        assert_eq!(targets(&plan), [Target::New(0), Target::New(0)]);
        assert_eq!(
            plan.new_people[0].as_str(),
            "Олена Коваль",
            "the native spelling wins"
        );
    }

    #[test]
    fn a_name_that_lost_its_umlauts_is_the_same_person() {
        let plan = Directory::new().plan(vec![
            record("linkedin", "Ozge Turkmen"),
            record("facebook", "Özge Türkmen"),
            record("vcard", "Juergen Mueller"),
            record("whatsapp", "Jürgen Müller"),
        ]);
        let expected = [
            Target::New(0),
            Target::New(0),
            Target::New(1),
            Target::New(1),
        ];
        assert_eq!(targets(&plan), expected);
        assert_eq!(plan.new_people[0].as_str(), "Özge Türkmen");
    }

    #[test]
    fn the_same_name_with_different_emails_is_two_people() {
        let plan = Directory::new().plan(vec![
            with_email(record("vcard", "Emma Smith"), "emma@example.com"),
            with_email(record("linkedin", "Emma Smith"), "esmith@example.org"),
        ]);
        assert_eq!(targets(&plan), [Target::New(0), Target::New(1)]);
        assert_eq!(plan.merged, 0);
    }

    fn met(mut record: Record, day: &str) -> Record {
        record.known_since = Some(day.parse().unwrap());
        record
    }

    #[test]
    fn two_people_of_one_name_in_one_list_stay_two() {
        let plan = Directory::new().plan(vec![
            met(record("facebook", "Emma Smith"), "2015-01-01T00:00:00Z"),
            met(record("facebook", "Emma Smith"), "2019-01-01T00:00:00Z"),
        ]);
        assert_eq!(targets(&plan), [Target::New(0), Target::New(1)]);
    }

    #[test]
    fn the_same_friend_in_two_exports_of_one_list_is_one_person() {
        let plan = Directory::new().plan(vec![
            met(record("facebook", "Zoë Quill"), "2020-05-09T16:00:00Z"),
            met(record("facebook", "Zoë Quill"), "2020-05-09T16:00:00Z"),
            record("facebook", "Zoë Quill"),
        ]);
        assert_eq!(targets(&plan), [Target::New(0); 3]);
    }

    #[test]
    fn importing_a_list_again_pairs_each_record_with_its_person() {
        let at = |s: &str| Some(s.parse::<Timestamp>().unwrap());
        let mut directory = Directory::new();
        let emma = [Name::parse("Emma Smith").unwrap()];
        let facebook = |day| [(source("facebook"), at(day))];
        directory.add_person(
            PersonId(7),
            false,
            &emma,
            [],
            facebook("2015-01-01T00:00:00Z"),
        );
        directory.add_person(
            PersonId(9),
            false,
            &emma,
            [],
            facebook("2019-01-01T00:00:00Z"),
        );
        let late = met(record("facebook", "Emma Smith"), "2019-01-01T00:00:00Z");
        let early = met(record("facebook", "Emma Smith"), "2015-01-01T00:00:00Z");
        let plan = directory.plan(vec![late, early]);
        assert_eq!(
            targets(&plan),
            [Target::Existing(PersonId(9)), Target::Existing(PersonId(7))]
        );
        assert_eq!(plan.merged, 0, "nothing new was joined");
        assert!(plan.new_people.is_empty());
    }

    #[test]
    fn the_users_own_identity_is_never_a_contact() {
        let mut directory = Directory::new();
        let me = Name::parse("Sam Example").unwrap();
        let phone = (IdentityKind::Phone, "+15550100000".to_owned());
        directory.add_person(PersonId(1), true, &[me], [phone], []);
        let mut own_card = record("vcard", "Sam (me)");
        own_card
            .identities
            .push(NewIdentity::phone("+1 555 010 0000", source("vcard")).unwrap());
        let mut owner = record("telegram", "Sam Example");
        owner.is_owner = true;
        let plan = directory.plan(vec![own_card, owner, record("vcard", "Sam Example")]);
        assert_eq!(targets(&plan), [Target::Me, Target::Me, Target::New(0)]);
        assert_eq!(plan.my_name, None, "the user named themselves already");
    }

    #[test]
    fn the_user_takes_the_name_their_own_account_gives_them() {
        let mut directory = Directory::new();
        let default = [Name::parse(DEFAULT_MY_NAME).unwrap()];
        directory.add_person(PersonId(1), true, &default, [], []);
        let mut owner = record("telegram", "Sam Example");
        owner.is_owner = true;
        let plan = directory.plan(vec![owner]);
        assert_eq!(plan.my_name, Some(Name::parse("Sam Example").unwrap()));
    }

    #[test]
    fn a_record_with_nothing_to_know_it_by_is_dropped() {
        let plan = Directory::new().plan(vec![Record::new(source("vcard"))]);
        assert!(plan.assignments.is_empty());
        assert_eq!(plan.dropped, 1);
    }

    #[test]
    fn a_record_with_only_a_phone_is_named_by_it() {
        let mut unnamed = Record::new(source("whatsapp"));
        unnamed
            .identities
            .push(NewIdentity::phone("+380 67 123 4567", source("whatsapp")).unwrap());
        let plan = Directory::new().plan(vec![unnamed]);
        assert_eq!(plan.new_people[0].as_str(), "+380671234567");
    }
}
