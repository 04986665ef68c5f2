//! A month of the daily loop through the real binary, day by day with `--now`: import real
//! exports, queue three people, reach them, record every kind of outcome, pass a revisit date,
//! log a contact, keep, snooze and miss check-backs, and check that the queue, the sift views
//! and every metric say exactly what the month implies.

mod util;

use std::path::Path;

use serde_json::{Value, json};
use util::Kith;

fn on(kith: &Kith, day: &str, args: &[&str]) -> Value {
    let mut all = vec!["--now", day];
    all.extend_from_slice(args);
    kith.json(&all)
}

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_month_of_reconnecting() {
    let kith = Kith::new();
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cross_source");
    let day1 = "2026-11-02T09:00:00Z";
    on(
        &kith,
        day1,
        &["import", exports.to_str().unwrap(), "--zone", "UTC"],
    );

    // Day 1: six people; the vCard's Іван is the only one nothing is known about.
    let stats = on(&kith, day1, &["stats"]);
    assert_eq!(stats["network_size"], 6);
    assert_eq!(stats["known"], 5);
    assert_eq!(
        names(&on(&kith, day1, &["people", "--strangers"])),
        ["Іван Петренко"]
    );
    let never = ["Bartholomew Ng", "Ivan Petrenko", "Іван Петренко"];
    assert_eq!(
        names(&on(&kith, day1, &["people", "--never-talked"])),
        never
    );
    assert_eq!(
        on(&kith, day1, &["people", "--inactive", "1y"])
            .as_array()
            .unwrap()
            .len(),
        6
    );

    // Three a day: reach each of them.
    let queue = on(&kith, day1, &["reunion", "--count", "3"]);
    let queued: Vec<(i64, String)> = queue
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["person"]["id"].as_i64().unwrap(),
                s["person"]["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(queued.len(), 3);
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .all(|s| !s["draft"].as_str().unwrap().contains('{'))
    );
    let ids: Vec<String> = queued.iter().map(|(id, _)| id.to_string()).collect();
    for id in &ids {
        on(&kith, day1, &["reach", id, "--channel", "telegram"]);
    }
    // The queue keeps them out while their answer is awaited.
    let again = on(&kith, "2026-11-03", &["reunion", "--count", "6"]);
    let waiting: Vec<i64> = again
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["person"]["id"].as_i64().unwrap())
        .collect();
    assert!(
        queued.iter().all(|(id, _)| !waiting.contains(id)),
        "{again:#}"
    );
    assert_eq!(waiting.len(), 3);

    // Day 4: one reintroduced, one not now (back on the 20th), one declined.
    on(&kith, "2026-11-04", &["outcome", &ids[0], "reintroduced"]);
    on(
        &kith,
        "2026-11-04",
        &["outcome", &ids[1], "not-now", "--revisit", "2026-11-20"],
    );
    on(&kith, "2026-11-04", &["outcome", &ids[2], "declined"]);
    // The other three: one never answers, one is out of the user's tribe; one is left be.
    let others: Vec<String> = waiting.iter().map(i64::to_string).collect();
    on(&kith, "2026-11-05", &["reach", &others[0]]);
    on(&kith, "2026-11-05", &["reach", &others[1]]);
    on(
        &kith,
        "2026-11-06",
        &["outcome", &others[1], "out-of-tribe"],
    );
    on(
        &kith,
        "2026-11-12",
        &["outcome", &others[0], "no-reply", "--revisit", "2026-12-20"],
    );

    // Day 9: the first check-back is kept, the second snoozed, the third missed.
    let due = on(&kith, "2026-11-09T10:00:00Z", &["followups", "--overdue"]);
    assert_eq!(
        due.as_array().unwrap().len(),
        3,
        "day 1's three check-backs: {due:#}"
    );
    on(&kith, "2026-11-09", &["followup", "done", "1"]);
    on(&kith, "2026-11-09", &["followup", "snooze", "2", "1w"]);

    // Day 10: a coffee with the reintroduced one, and what was learned.
    on(
        &kith,
        "2026-11-10",
        &[
            "log",
            &ids[0],
            "--channel",
            "coffee",
            "--note",
            "training for a half marathon",
        ],
    );

    // Day 21: the not-now revisit date has passed; nobody declined or out of tribe returns.
    let day21 = on(&kith, "2026-11-21", &["reunion", "--count", "6"]);
    let back: Vec<(i64, String)> = day21
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["person"]["id"].as_i64().unwrap(),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(back.len(), 2, "{day21:#}");
    assert!(back.contains(&(
        queued[1].0,
        "back from not-now: revisit date reached".to_owned()
    )));
    assert!(
        back.iter().any(|(id, _)| *id == waiting[2]),
        "the one never reached"
    );

    // Day 30: every metric as the month implies.
    let day30 = "2026-12-02T09:00:00Z";
    let stats = on(&kith, day30, &["stats"]);
    let first_was_a_stranger = queued[0].1 == "Іван Петренко";
    assert_eq!(stats["network_size"], 6);
    assert_eq!(stats["known"], if first_was_a_stranger { 6 } else { 5 });
    assert_eq!(
        stats["funnel"],
        json!({"queued": 6, "reached": 5, "replied": 3, "reintroduced": 1,
               "intersection_found": 0})
    );
    // Five check-backs came due: one kept; the snoozed one (now due the 16th) and three
    // others not done.
    assert_eq!(stats["followup_rate"], 0.2);
    assert_eq!(stats["intersections"], 0);
    let inactive = on(&kith, day30, &["people", "--inactive", "1y"]);
    assert_eq!(
        inactive.as_array().unwrap().len(),
        5,
        "the coffee made one active"
    );
    let shown = on(&kith, day30, &["show", &ids[0]]);
    assert_eq!(shown["interactions"]["last"], "2026-11-10T00:00:00Z");
    let outcomes: Vec<&str> = shown["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["reintroduced"]);
}
