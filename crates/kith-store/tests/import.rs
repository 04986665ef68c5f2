//! Applying an import's plan to a real database: new people, merges into people already
//! there, the user's own accounts, and a second import of the same records that changes
//! nothing.

use jiff::Timestamp;
use kith_core::resolve::Record;
use kith_core::{
    CircleName, FactKind, FactSource, FactText, Interaction, Membership, Name, NewFact,
    NewIdentity, NewPerson, Source,
};
use kith_store::{Imported, PeopleQuery, Store};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn source(name: &str) -> Source {
    Source::parse(name).unwrap()
}

fn records() -> Vec<Record> {
    let vcard = source("vcard");
    let mut card = Record::new(vcard.clone());
    card.name = Some(Name::parse("Олена Коваль").unwrap());
    card.identities
        .push(NewIdentity::email("olena@example.com", vcard.clone()).unwrap());
    card.identities
        .push(NewIdentity::phone("+380 67 123 45 67", vcard.clone()).unwrap());
    card.facts.push(NewFact {
        kind: FactKind::Time,
        text: FactText::parse("Head of Ops at Acme").unwrap(),
        private: false,
        source: FactSource::Imported,
    });
    card.circles.push(Membership {
        circle: CircleName::parse("Friends").unwrap(),
        role: None,
    });

    let linkedin = source("linkedin");
    let mut connection = Record::new(linkedin.clone());
    connection.name = Some(Name::parse("Olena Koval").unwrap());
    connection.known_since = Some(at("2019-03-05T00:00:00Z"));

    let telegram = source("telegram");
    let mut chat = Record::new(telegram.clone());
    chat.name = Some(Name::parse("Olena K.").unwrap());
    chat.identities
        .push(NewIdentity::phone("+380671234567", telegram.clone()).unwrap());
    chat.interactions.push(
        Interaction::new(
            telegram.clone(),
            true,
            at("2024-05-02T10:00:00Z"),
            at("2024-05-09T10:00:00Z"),
            3,
            4,
        )
        .unwrap(),
    );

    let mut owner = Record::new(telegram.clone());
    owner.name = Some(Name::parse("Sam Example").unwrap());
    owner
        .identities
        .push(NewIdentity::phone("+1 555 010 0000", telegram).unwrap());
    owner.is_owner = true;

    vec![card, connection, chat, owner]
}

fn import(store: &mut Store, records: Vec<Record>) -> Imported {
    let plan = store.directory().unwrap().plan(records);
    store
        .write(|w| w.apply(&plan, at("2026-11-26T10:00:00Z")))
        .unwrap()
}

#[test]
fn one_human_from_three_sources_becomes_one_person_and_a_second_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let first = import(&mut store, records());
    assert_eq!(
        first,
        Imported {
            people_added: 1,
            people_updated: 0,
            people_merged: 2,
            identities_added: 3,
            interactions_added: 1,
        }
    );
    let people = store.people(&PeopleQuery::default()).unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    let olena = &people[0];
    assert_eq!(olena.person.name.as_str(), "Олена Коваль");
    assert_eq!(olena.sources, ["linkedin", "telegram", "vcard"]);
    assert_eq!(olena.circles, ["Friends"]);
    assert_eq!(olena.interactions, 7);
    assert_eq!(olena.facts, 1);
    let me = store.detail(store.me().unwrap().id).unwrap();
    assert_eq!(
        me.identities.len(),
        1,
        "the user's own phone is theirs, not a contact's"
    );

    let again = import(&mut store, records());
    assert_eq!(again, Imported::default(), "nothing is added twice");
    assert_eq!(store.people(&PeopleQuery::default()).unwrap(), people);
}

#[test]
fn an_import_merges_into_people_added_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let mut ada = NewPerson::new(Name::parse("Ada").unwrap(), Source::manual());
    ada.identities
        .push(NewIdentity::email("olena@example.com", Source::manual()).unwrap());
    let id = store
        .write(|w| w.add_person(&ada, at("2026-01-01T00:00:00Z")))
        .unwrap();
    let imported = import(&mut store, records());
    assert_eq!(imported.people_added, 0);
    assert_eq!(imported.people_updated, 1);
    let detail = store.detail(id).unwrap();
    assert_eq!(
        detail.person.name.as_str(),
        "Ada",
        "the user's own name for them is kept"
    );
    assert_eq!(
        detail.identities.len(),
        2,
        "the email it had and the phone the card brings"
    );
}

#[test]
fn a_merge_makes_two_people_one_until_it_is_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let now = at("2026-11-26T10:00:00Z");
    let add = |store: &mut Store, name: &str, email: &str| {
        let mut new = NewPerson::new(Name::parse(name).unwrap(), Source::manual());
        new.identities
            .push(NewIdentity::email(email, Source::manual()).unwrap());
        store.write(|w| w.add_person(&new, now)).unwrap()
    };
    let zoe = add(&mut store, "Zoë Quill", "zoe@example.com");
    let zq = add(&mut store, "ZQ", "zq@work.example");
    let fact = NewFact {
        kind: FactKind::Goal,
        text: FactText::parse("sail around Crete").unwrap(),
        private: false,
        source: FactSource::Told,
    };
    store.write(|w| w.add_fact(zq, &fact, now)).unwrap();

    store.write(|w| w.merge(zoe, zq, now)).unwrap();
    let people = store.people(&PeopleQuery::default()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].emails, ["zoe@example.com", "zq@work.example"]);
    assert_eq!(people[0].facts, 1);
    let detail = store.detail(zq).unwrap();
    assert_eq!(
        detail.person.id, zoe,
        "a merged person is shown as whom they joined"
    );
    assert_eq!(detail.merged[0].id, zq);

    // A later import of the merged person's email goes to the merge group, not someone new.
    let mut record = Record::new(source("vcard"));
    record.name = Some(Name::parse("Z. Quill").unwrap());
    record
        .identities
        .push(NewIdentity::email("zq@work.example", source("vcard")).unwrap());
    assert_eq!(import(&mut store, vec![record]).people_added, 0);

    store.write(|w| w.unmerge(zq)).unwrap();
    let people = store.people(&PeopleQuery::default()).unwrap();
    assert_eq!(people.len(), 2, "nothing was lost in the merge");
    assert_eq!(store.facts(zq).unwrap().len(), 1);
    assert!(store.facts(zoe).unwrap().is_empty());
}
