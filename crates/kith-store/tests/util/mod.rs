//! What the store's tests share: instants from text, and people and facts made in one line.

#![allow(dead_code, unreachable_pub)]

use jiff::Timestamp;
use kith_core::{FactKind, FactSource, FactText, Name, NewFact, NewPerson, PersonId, Source};
use kith_store::Store;

/// An instant written as RFC 3339.
pub fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// Adds a person by hand on New Year's Day 2026.
pub fn person(store: &mut Store, name: &str) -> PersonId {
    let new = NewPerson::new(Name::parse(name).unwrap(), Source::manual());
    store
        .write(|w| w.add_person(&new, at("2026-01-01T00:00:00Z")))
        .unwrap()
}

/// A fact of `kind` the user was told.
pub fn fact(kind: FactKind, text: &str) -> NewFact {
    NewFact {
        kind,
        text: FactText::parse(text).unwrap(),
        private: false,
        source: FactSource::Told,
    }
}
