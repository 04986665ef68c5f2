//! One user's journey through the store, against a real SQLite file: adding people, learning
//! about them, organising them in circles, renaming, deleting and restoring, and reopening the
//! database to find everything as it was left.

use jiff::Timestamp;
use kith_core::{
    CircleName, FactKind, FactSource, FactText, IdentityKind, Interaction, Membership, Name,
    NewFact, NewIdentity, NewPerson, PersonRef, Role, Source,
};
use kith_store::{Change, Error, PeopleQuery, Scope, Store};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn fact(kind: FactKind, text: &str) -> NewFact {
    NewFact {
        kind,
        text: FactText::parse(text).unwrap(),
        private: false,
        source: FactSource::Asked,
    }
}

fn name(text: &str) -> PersonRef {
    PersonRef::parse(text).unwrap()
}

#[test]
fn a_users_story_survives_reopening_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let monday = at("2026-11-23T09:00:00Z");
    let friday = at("2026-11-27T18:00:00Z");

    // A first session: the user adds an old friend from LinkedIn, with a chat history.
    let mut store = Store::open(&path).unwrap();
    let linkedin = Source::parse("linkedin").unwrap();
    let mut olena = NewPerson::new(Name::parse("Олена Коваленко").unwrap(), linkedin.clone());
    olena
        .identities
        .push(NewIdentity::email("olena@example.com", linkedin.clone()).unwrap());
    olena.identities.push(
        NewIdentity::parse(
            IdentityKind::Profile,
            "https://www.linkedin.com/in/olena/",
            linkedin,
        )
        .unwrap(),
    );
    olena.circles.push(Membership {
        circle: CircleName::parse("Kyiv Polytechnic").unwrap(),
        role: None,
    });
    let telegram = Source::parse("telegram").unwrap();
    for (first, last, sent, received) in [
        ("2016-05-01T12:00:00Z", "2016-05-20T12:00:00Z", 30, 50),
        ("2024-05-02T10:00:00Z", "2024-05-02T12:00:00Z", 20, 20),
    ] {
        olena.interactions.push(
            Interaction::new(telegram.clone(), true, at(first), at(last), sent, received).unwrap(),
        );
    }
    let olena = store.write(|w| w.add_person(&olena, monday)).unwrap();
    let bob = store
        .write(|w| {
            w.add_person(
                &NewPerson::new(Name::parse("Bob Stone").unwrap(), Source::manual()),
                monday,
            )
        })
        .unwrap();

    // They look her up by a Latin spelling, and learn what she is up to.
    let found = store.find(&name("olena"), Scope::Active).unwrap();
    assert_eq!(found.id, olena);
    let goal = store
        .write(|w| w.add_fact(olena, &fact(FactKind::Goal, "launch a startup"), monday))
        .unwrap();
    store
        .write(|w| w.add_fact(olena, &fact(FactKind::Relax, "sailing"), friday))
        .unwrap();
    store
        .write(|w| {
            w.join_circle(
                olena,
                &Membership {
                    circle: CircleName::parse("kyiv polytechnic").unwrap(),
                    role: Some(Role::parse("peer").unwrap()),
                },
            )
        })
        .unwrap();

    // A failed write leaves nothing behind: Bob cannot take Olena's email, and the fact
    // written before the failure in the same transaction is rolled back.
    let taken = NewIdentity::email("OLENA@example.com", Source::manual()).unwrap();
    let err = store
        .write(|w| {
            w.add_fact(bob, &fact(FactKind::Note, "half-written"), friday)?;
            w.add_identity(bob, &taken)
        })
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err}");
    assert!(store.facts(bob).unwrap().is_empty());

    drop(store);

    // A later session finds everything as it was left.
    let mut store = Store::open(&path).unwrap();
    let people = store.people(&PeopleQuery::default()).unwrap();
    assert_eq!(people.len(), 2);
    let listed = &people[1];
    assert_eq!(listed.person.name.as_str(), "Олена Коваленко");
    assert_eq!(listed.emails, ["olena@example.com"]);
    assert_eq!(listed.sources, ["linkedin"]);
    assert_eq!(listed.circles, ["Kyiv Polytechnic"]);
    assert_eq!(listed.interactions, 120);
    assert_eq!(listed.last_interaction, Some(at("2024-05-02T12:00:00Z")));
    assert_eq!(listed.facts, 2);

    let detail = store.detail(olena).unwrap();
    assert_eq!(detail.identities.len(), 2);
    assert_eq!(detail.circles[0].role.as_ref().unwrap().as_str(), "peer");
    assert_eq!(detail.facts[0], goal);
    assert_eq!(detail.facts[1].recorded, friday);
    assert_eq!(detail.interactions.first, Some(at("2016-05-01T12:00:00Z")));

    // Recording the same month again (a re-import) keeps the larger counts and adds no row.
    let again = Interaction::new(
        telegram.clone(),
        true,
        at("2024-05-02T09:00:00Z"),
        at("2024-05-02T11:00:00Z"),
        25,
        10,
    )
    .unwrap();
    assert_eq!(
        store.write(|w| w.add_interaction(olena, &again)).unwrap(),
        Change::Updated
    );
    assert_eq!(
        store.write(|w| w.add_interaction(olena, &again)).unwrap(),
        Change::Unchanged
    );
    let totals = store.detail(olena).unwrap().interactions;
    assert_eq!(totals.count, 30 + 50 + 25 + 20);
    assert_eq!(totals.last, Some(at("2024-05-02T12:00:00Z")));

    let polytechnic = PeopleQuery {
        circle: Some(CircleName::parse("KYIV POLYTECHNIC").unwrap()),
        ..PeopleQuery::default()
    };
    assert_eq!(store.people(&polytechnic).unwrap().len(), 1);

    // The user renames themselves and Bob, removes a fact, deletes and restores Olena.
    let me = store.me().unwrap();
    store
        .write(|w| w.rename(me.id, &Name::parse("Ada").unwrap()))
        .unwrap();
    assert_eq!(
        store
            .find(&PersonRef::Me, Scope::Active)
            .unwrap()
            .name
            .as_str(),
        "Ada"
    );
    store
        .write(|w| w.rename(bob, &Name::parse("Robert Stone").unwrap()))
        .unwrap();
    assert!(matches!(
        store.find(&name("bob"), Scope::Active),
        Err(Error::NotFound(_))
    ));
    assert_eq!(store.find(&name("robert"), Scope::Active).unwrap().id, bob);
    assert_eq!(store.write(|w| w.remove_fact(goal.id)).unwrap(), goal);
    assert_eq!(store.facts(olena).unwrap().len(), 1);

    store.write(|w| w.archive(olena, friday)).unwrap();
    assert_eq!(store.people(&PeopleQuery::default()).unwrap().len(), 1);
    assert!(matches!(
        store.find(&name("olena"), Scope::Active),
        Err(Error::NotFound(_))
    ));
    let archived = store.find(&name("olena"), Scope::Archived).unwrap();
    assert_eq!(archived.archived, Some(friday));
    store.write(|w| w.restore(olena)).unwrap();
    let back = store.detail(olena).unwrap();
    assert_eq!(back.person.archived, None);
    assert_eq!(back.identities.len(), 2, "nothing was lost while deleted");
    assert!(matches!(
        store.write(|w| w.archive(me.id, friday)),
        Err(Error::Conflict(_))
    ));
}
