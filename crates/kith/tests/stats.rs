//! `kith stats` follows a small story: a queue, outreach, answers, check-backs kept and missed.

mod util;

use serde_json::{Value, json};
use util::Kith;

#[test]
fn the_metrics_follow_the_story() {
    let kith = Kith::new();
    let empty = kith.json(&["stats"]);
    assert_eq!(empty["network_size"], 0);
    assert_eq!(empty["known_share"], Value::Null);
    assert_eq!(empty["followup_rate"], Value::Null);

    for name in ["Ann Lee", "Bob Stone", "Cem Kaya", "Dana Scully"] {
        kith.ok(&["person", "add", name]);
    }
    kith.ok(&["fact", "add", "ann", "relax", "sailing"]);
    let queue = kith.json(&["reunion", "--count", "2"]);
    assert_eq!(queue.as_array().unwrap().len(), 2);
    kith.json(&["reunion", "--count", "2"]);

    kith.ok(&["reach", "bob"]);
    kith.ok(&["reach", "cem"]);
    // Bob answers and is reintroduced; his check-back is done the day it is due.
    kith.ok(&["--now", "2026-12-01", "outcome", "bob", "reintroduced"]);
    kith.ok(&["--now", "2026-12-03T12:00", "followup", "done", "1"]);

    let stats = kith.json(&["--now", "2026-12-20", "stats"]);
    let keys: Vec<&String> = stats.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "followup_rate",
            "funnel",
            "intersections",
            "intro_success_rate",
            "known",
            "known_share",
            "network_size"
        ]
    );
    assert_eq!(stats["network_size"], 4);
    assert_eq!(stats["known"], 1);
    assert_eq!(stats["known_share"], 0.25);
    assert_eq!(stats["intersections"], 0);
    assert_eq!(
        stats["followup_rate"], 0.5,
        "Bob's check-back was kept, Cem's was not"
    );
    assert_eq!(
        stats["funnel"],
        json!({"queued": 2, "reached": 2, "replied": 1, "reintroduced": 1,
               "intersection_found": 0})
    );
    assert_eq!(stats["intro_success_rate"], Value::Null);
    let human = kith.ok(&["--now", "2026-12-20", "stats"]);
    assert!(
        human.contains("queued 2 → reached 2 → replied 1"),
        "{human}"
    );
}

#[test]
fn the_weekly_history_shows_each_metric_as_it_stood() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ann Lee"]);
    kith.ok(&["person", "add", "Bob Stone"]);
    kith.ok(&[
        "--now",
        "2026-12-02",
        "fact",
        "add",
        "ann",
        "relax",
        "sailing",
    ]);
    kith.ok(&["--now", "2026-12-02", "reach", "bob"]);
    let weeks = kith.json(&["--now", "2026-12-09T12:00", "stats", "--weekly"]);
    let weeks = weeks.as_array().unwrap();
    let mondays: Vec<&str> = weeks.iter().map(|w| w["week"].as_str().unwrap()).collect();
    assert_eq!(mondays, ["2026-11-23", "2026-11-30", "2026-12-07"]);
    let column = |key: &str| -> Vec<Value> { weeks.iter().map(|w| w[key].clone()).collect() };
    assert_eq!(column("network_size"), [json!(2), json!(2), json!(2)]);
    assert_eq!(column("known"), [json!(0), json!(1), json!(1)]);
    let reached: Vec<Value> = weeks
        .iter()
        .map(|w| w["funnel"]["reached"].clone())
        .collect();
    assert_eq!(reached, [json!(0), json!(1), json!(1)]);
    // Bob's check-back came due on 2026-12-09 and was not done.
    assert_eq!(
        column("followup_rate"),
        [Value::Null, Value::Null, json!(0.0)]
    );
    let human = kith.ok(&["--now", "2026-12-09T12:00", "stats", "--weekly"]);
    assert!(human.contains("2026-11-30"), "{human}");
}
