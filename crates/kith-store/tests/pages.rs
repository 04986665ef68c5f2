//! Listing people a page at a time and by part of their name, as the web UI's People page does
//! on networks of any size.

use jiff::Timestamp;
use kith_core::{Name, NewPerson, PersonId, Source};
use kith_store::{PeopleQuery, Store};

fn names(store: &Store, query: &PeopleQuery) -> Vec<String> {
    store
        .people(query)
        .unwrap()
        .into_iter()
        .map(|summary| summary.person.name.to_string())
        .collect()
}

fn store_with(people: &[&str]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let now: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
    store
        .write(|w| {
            for name in people {
                let new = NewPerson::new(Name::parse(name).unwrap(), Source::manual());
                w.add_person(&new, now)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn pages_follow_each_other_without_gaps_or_repeats() {
    let store = store_with(&["Dana", "Ann", "Carl", "Bea", "Ann", "Eve"]);
    let page = |after: Option<PersonId>| {
        store
            .people(&PeopleQuery {
                limit: Some(2),
                after,
                ..PeopleQuery::default()
            })
            .unwrap()
    };
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let people = page(after);
        if people.is_empty() {
            break;
        }
        after = people.last().map(|summary| summary.person.id);
        seen.extend(people.into_iter().map(|s| s.person.name.to_string()));
    }
    assert_eq!(seen, ["Ann", "Ann", "Bea", "Carl", "Dana", "Eve"]);
}

#[test]
fn a_name_is_found_by_any_part_of_it_in_any_script() {
    let store = store_with(&["Олена Коваленко", "Ivan Petrenko", "Zoë Adams", "100%_sure"]);
    let by = |text: &str| {
        names(
            &store,
            &PeopleQuery {
                name: Some(text.to_owned()),
                ..PeopleQuery::default()
            },
        )
    };
    assert_eq!(by("kovalenko"), ["Олена Коваленко"]);
    assert_eq!(by("ПЕТРЕНКО"), ["Ivan Petrenko"]);
    assert_eq!(by("zoe"), ["Zoë Adams"]);
    assert_eq!(by("  ").len(), 4, "an empty search is no search");
    assert_eq!(by("%").len(), 4, "punctuation alone is no search either");
}

#[test]
fn the_brief_list_is_the_full_one_without_identities_sources_and_contact_counts() {
    let mut store = store_with(&["Dana", "Ann", "Carl"]);
    let now: Timestamp = "2026-11-26T10:00:00Z".parse().unwrap();
    let ann = store.people(&PeopleQuery::default()).unwrap()[0].person.id;
    let fact = kith_core::NewFact {
        kind: kith_core::FactKind::Goal,
        text: kith_core::FactText::parse("sail").unwrap(),
        private: false,
        source: kith_core::FactSource::Told,
    };
    store
        .write(|w| {
            w.add_fact(ann, &fact, now)?;
            w.log_interaction(ann, &Source::parse("call").unwrap(), now)
        })
        .unwrap();
    let query = PeopleQuery {
        limit: Some(2),
        ..PeopleQuery::default()
    };
    let full = store.people(&query).unwrap();
    let brief = store.people_brief(&query).unwrap();
    assert_eq!(brief.len(), 2);
    for (full, brief) in full.iter().zip(&brief) {
        assert_eq!(brief.person, full.person);
        assert_eq!(brief.circles, full.circles);
        assert_eq!(brief.last_interaction, full.last_interaction);
        assert_eq!(brief.facts, full.facts);
    }
    assert_eq!(brief[0].facts, 1);
    assert_eq!(brief[0].last_interaction, Some(now));
}
