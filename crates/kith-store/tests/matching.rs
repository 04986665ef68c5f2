//! What the intersection engine reads from the store: facts as merge groups, the deleted left
//! out, and sentence vectors kept per model and text, never outliving the facts they are for.

mod util;

use util::{at, fact, person};

use kith_core::{FactKind, NewFact, PersonId};
use kith_store::Store;

fn goal(text: &str) -> NewFact {
    fact(FactKind::Goal, text)
}

#[test]
fn facts_are_matched_as_their_merge_group_and_the_deleted_are_left_out() {
    let mut store = Store::open_in_memory().unwrap();
    let (olena, twin, gone) = (
        person(&mut store, "Olena"),
        person(&mut store, "Olena K."),
        person(&mut store, "Gone"),
    );
    let me = store.me().unwrap().id;
    let now = at("2026-02-01T00:00:00Z");
    store
        .write(|w| {
            w.add_fact(twin, &goal("open a bakery"), now)?;
            w.add_fact(gone, &goal("sail around the world"), now)?;
            w.add_fact(me, &goal("learn to bake bread"), now)?;
            w.merge(olena, twin, now)?;
            w.archive(gone, now)
        })
        .unwrap();

    let facts = store.facts_for_matching().unwrap();

    let seen: Vec<(PersonId, &str)> = facts.iter().map(|f| (f.person, f.text.as_str())).collect();
    assert_eq!(
        seen,
        [(olena, "open a bakery"), (me, "learn to bake bread")]
    );
}

#[test]
fn vectors_are_kept_per_model_and_dropped_with_the_last_fact_that_had_their_text() {
    let mut store = Store::open_in_memory().unwrap();
    let olena = person(&mut store, "Olena");
    let now = at("2026-02-01T00:00:00Z");
    let fact = store
        .write(|w| w.add_fact(olena, &goal("open a bakery"), now))
        .unwrap();
    let vector = [0.25_f32, -1.5, 3.0];
    store
        .write(|w| w.keep_text_vectors("model-a", &[("open a bakery", &vector[..])]))
        .unwrap();

    let kept = store
        .text_vectors("model-a", &["open a bakery", "never seen"])
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept["open a bakery"], vector);
    assert!(
        store
            .text_vectors("model-b", &["open a bakery"])
            .unwrap()
            .is_empty()
    );

    store
        .write(|w| {
            w.remove_fact(fact.id)?;
            w.keep_text_vectors("model-a", &[])
        })
        .unwrap();
    assert!(
        store
            .text_vectors("model-a", &["open a bakery"])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_signature_changes_with_facts_and_with_who_is_deleted_or_merged_and_nothing_else() {
    let mut store = Store::open_in_memory().unwrap();
    let (olena, twin) = (person(&mut store, "Olena"), person(&mut store, "Olena K."));
    let now = at("2026-02-01T00:00:00Z");
    let mut seen = vec![store.matching_signature().unwrap()];
    let mut changed = |store: &Store| {
        let signature = store.matching_signature().unwrap();
        let new = !seen.contains(&signature);
        seen.push(signature);
        new
    };

    let fact = store
        .write(|w| w.add_fact(olena, &goal("open a bakery"), now))
        .unwrap();
    assert!(changed(&store), "a fact added");
    store.write(|w| w.merge(olena, twin, now)).unwrap();
    assert!(changed(&store), "a merge");
    store.write(|w| w.archive(olena, now)).unwrap();
    assert!(changed(&store), "a deletion");
    store.write(|w| w.remove_fact(fact.id).map(|_| ())).unwrap();
    assert!(changed(&store), "a fact removed");
    store
        .write(|w| w.note_queued(&[twin], "2026-02-01"))
        .unwrap();
    assert!(
        !changed(&store),
        "the queue's records do not matter to matching"
    );
}

#[test]
fn kept_intersections_are_read_back_only_under_their_signature() {
    let mut store = Store::open_in_memory().unwrap();
    let olena = person(&mut store, "Olena");
    let found = [(at("2026-02-01T00:00:00Z"), olena)];
    store
        .write(|w| w.keep_intersections("one", &found))
        .unwrap();

    assert_eq!(
        store.kept_intersections("one").unwrap().as_deref(),
        Some(&found[..])
    );
    assert_eq!(store.kept_intersections("two").unwrap(), None);
    store.write(|w| w.keep_intersections("two", &[])).unwrap();
    assert_eq!(store.kept_intersections("two").unwrap(), Some(vec![]));
}
