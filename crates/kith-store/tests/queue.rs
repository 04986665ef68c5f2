//! What the reunion queue learns about each person, summed over merge groups: whatever is
//! recorded against any member of a group counts for the person the group is shown as, and
//! nothing counts for people who are not candidates.

mod util;

use util::{at, person};

use kith_core::{
    CircleName, FactKind, FactSource, FactText, Interaction, Membership, NewFact, Outcome,
    OutcomeKind, PersonId, Reason, Role, Source,
};
use kith_store::Store;

fn outcome(person: PersonId, kind: OutcomeKind, when: &str) -> Outcome {
    Outcome {
        person,
        kind,
        at: at(when),
        revisit: None,
        why: None,
    }
}

#[test]
fn what_is_known_about_a_merged_duplicate_counts_for_the_person_they_were_merged_into() {
    let mut store = Store::open_in_memory().unwrap();
    let kept = person(&mut store, "Olena Kovalenko");
    let twin = person(&mut store, "Olena K.");
    let other = person(&mut store, "Taras Shevchuk");
    let now = at("2026-11-01T00:00:00Z");
    store
        .write(|w| {
            let goal = NewFact {
                kind: FactKind::Goal,
                text: FactText::parse("open a bakery").unwrap(),
                private: false,
                source: FactSource::Asked,
            };
            w.add_fact(twin, &goal, now)?;
            let chat = Source::parse("telegram").unwrap();
            let talked = at("2025-03-04T10:00:00Z");
            w.add_interaction(
                twin,
                &Interaction::new(chat, true, talked, talked, 3, 2).unwrap(),
            )?;
            w.record_outcome(&outcome(kept, OutcomeKind::NoReply, "2026-05-01T00:00:00Z"))?;
            w.record_outcome(&outcome(twin, OutcomeKind::NotNow, "2026-06-01T00:00:00Z"))?;
            w.join_circle(
                twin,
                &Membership {
                    circle: CircleName::parse("work").unwrap(),
                    role: Some(Role::parse("peer").unwrap()),
                },
            )?;
            w.exclude(twin, &Reason::parse("moved away").unwrap(), now)?;
            w.merge(kept, twin, now)
        })
        .unwrap();

    let candidates = store.queue_candidates().unwrap();

    let ids: Vec<PersonId> = candidates.iter().map(|c| c.person).collect();
    assert_eq!(
        ids,
        [kept, other],
        "the merged duplicate is not a candidate of their own"
    );
    let olena = &candidates[0];
    assert!(!olena.stranger);
    assert!(olena.goals_known);
    assert_eq!(olena.last_interaction, Some(at("2025-03-04T10:00:00Z")));
    let (kind, _, when) = olena.last_outcome.unwrap();
    assert_eq!(
        (kind, when),
        (OutcomeKind::NotNow, at("2026-06-01T00:00:00Z"))
    );
    assert_eq!(olena.role.as_deref(), Some("peer"));
    assert!(olena.excluded);
    let taras = &candidates[1];
    assert!(taras.stranger && !taras.goals_known && !taras.excluded);
    assert_eq!((taras.last_interaction, taras.last_outcome), (None, None));
}

#[test]
fn unmerging_gives_each_person_back_what_was_recorded_against_them() {
    let mut store = Store::open_in_memory().unwrap();
    let kept = person(&mut store, "Olena Kovalenko");
    let twin = person(&mut store, "Olena K.");
    let now = at("2026-11-01T00:00:00Z");
    store
        .write(|w| {
            w.exclude(twin, &Reason::parse("moved away").unwrap(), now)?;
            w.merge(kept, twin, now)?;
            w.unmerge(twin)
        })
        .unwrap();

    let candidates = store.queue_candidates().unwrap();

    let excluded: Vec<(PersonId, bool)> =
        candidates.iter().map(|c| (c.person, c.excluded)).collect();
    assert_eq!(excluded, [(kept, false), (twin, true)]);
}

#[test]
fn an_archived_person_is_not_a_candidate_and_the_latest_outcome_wins() {
    let mut store = Store::open_in_memory().unwrap();
    let gone = person(&mut store, "Gone Person");
    let here = person(&mut store, "Here Person");
    store
        .write(|w| {
            w.record_outcome(&outcome(
                here,
                OutcomeKind::Reintroduced,
                "2026-07-01T00:00:00Z",
            ))?;
            w.record_outcome(&outcome(
                here,
                OutcomeKind::Declined,
                "2026-03-01T00:00:00Z",
            ))?;
            w.archive(gone, at("2026-11-01T00:00:00Z"))
        })
        .unwrap();

    let candidates = store.queue_candidates().unwrap();

    assert_eq!(candidates.len(), 1);
    let (kind, _, _) = candidates[0].last_outcome.unwrap();
    assert_eq!(
        kind,
        OutcomeKind::Reintroduced,
        "recorded later, even if written earlier"
    );
}
