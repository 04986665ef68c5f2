//! Introductions as history: recorded once, outcomes added, sides shown as their merge groups,
//! and the user's success rate counted as it stood on any day.

mod util;

use util::{at, person};

use kith_core::{IntroId, IntroOutcome, PersonId, Reason};
use kith_store::{Error, Store};

fn me(store: &Store) -> PersonId {
    store.me().unwrap().id
}

#[test]
fn the_latest_outcome_is_shown_and_earlier_ones_are_kept() {
    let mut store = Store::open_in_memory().unwrap();
    let (olena, taras, me) = (
        person(&mut store, "Olena"),
        person(&mut store, "Taras"),
        me(&store),
    );
    let id = store
        .write(|w| w.record_intro(olena, taras, me, at("2026-03-01T00:00:00Z")))
        .unwrap();
    let why = Reason::parse("they started a company together").unwrap();
    store
        .write(|w| {
            w.record_intro_outcome(
                id,
                IntroOutcome::LedNowhere,
                None,
                at("2026-04-01T00:00:00Z"),
            )?;
            w.record_intro_outcome(
                id,
                IntroOutcome::LedSomewhere,
                Some(&why),
                at("2026-09-01T00:00:00Z"),
            )
        })
        .unwrap();

    let intro = store.intro(id).unwrap();

    assert_eq!((intro.a, intro.b, intro.via), (olena, taras, me));
    assert_eq!(
        intro.outcome,
        Some((
            IntroOutcome::LedSomewhere,
            Some(why),
            at("2026-09-01T00:00:00Z")
        ))
    );
    let spring = store
        .tallies(at("2026-05-01T00:00:00Z"), "2026-05-01", 0)
        .unwrap();
    assert_eq!((spring.intros_known, spring.intros_led_somewhere), (1, 0));
    let autumn = store
        .tallies(at("2026-10-01T00:00:00Z"), "2026-10-01", 0)
        .unwrap();
    assert_eq!((autumn.intros_known, autumn.intros_led_somewhere), (1, 1));
}

#[test]
fn an_intro_follows_a_merge_and_cannot_join_a_person_with_themselves() {
    let mut store = Store::open_in_memory().unwrap();
    let (olena, twin, taras) = (
        person(&mut store, "Olena"),
        person(&mut store, "Olena K."),
        person(&mut store, "Taras"),
    );
    let me = me(&store);
    let now = at("2026-03-01T00:00:00Z");
    let id = store
        .write(|w| w.record_intro(twin, taras, me, now))
        .unwrap();
    store.write(|w| w.merge(olena, twin, now)).unwrap();

    assert_eq!(store.intro(id).unwrap().a, olena);
    let refused = store
        .write(|w| w.record_intro(olena, twin, me, now))
        .unwrap_err();
    assert!(matches!(refused, Error::Conflict(_)), "{refused}");
}

#[test]
fn an_unknown_intro_is_not_found_and_nothing_is_written() {
    let mut store = Store::open_in_memory().unwrap();
    let missing = store.write(|w| {
        w.record_intro_outcome(
            IntroId(42),
            IntroOutcome::LedSomewhere,
            None,
            at("2026-03-01T00:00:00Z"),
        )
    });
    assert!(matches!(missing, Err(Error::NotFound(_))));
    assert!(store.intros().unwrap().is_empty());
}
