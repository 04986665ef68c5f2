//! Reaching out, recording outcomes as history, and excluding people, through the real binary.

mod util;

use serde_json::json;
use util::Kith;

#[test]
fn reaching_out_schedules_a_check_and_outcomes_are_kept_as_history() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let reached = kith.json(&["reach", "zoe", "--channel", "Telegram"]);
    assert_eq!(reached["channel"], "telegram");
    assert_eq!(reached["at"], util::NOW);
    assert_eq!(reached["followup"]["text"], "did Zoë Quill reply?");
    assert_eq!(
        reached["followup"]["due"], "2026-12-03T10:00:00Z",
        "a week later by default"
    );

    let later = ["--now", "2026-12-04T09:00:00Z"];
    let not_now = kith.json(&[
        later[0],
        later[1],
        "outcome",
        "zoe",
        "not-now",
        "--why",
        "busy with a new baby",
    ]);
    assert_eq!(not_now["outcome"], "not-now");
    assert_eq!(
        not_now["revisit"], "2027-06-04T09:00:00Z",
        "six months by default"
    );
    let again = kith.json(&["--now", "2027-06-10", "outcome", "zoe", "reintroduced"]);
    assert_eq!(again["revisit"], serde_json::Value::Null);

    let shown = kith.json(&["show", "zoe"]);
    let outcomes: Vec<&str> = shown["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["not-now", "reintroduced"],
        "history, never overwritten"
    );
    assert_eq!(shown["outcomes"][0]["why"], "busy with a new baby");
    assert_eq!(
        shown["outreach"],
        json!([{"channel": "telegram", "at": util::NOW}])
    );
    let human = kith.ok(&["show", "zoe"]);
    assert!(human.contains("outcome  not-now"), "{human}");
}

#[test]
fn bad_outcomes_are_refused_and_nothing_is_written() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let err = kith.fails(&["outcome", "zoe", "ghosted"], 3);
    assert!(err.contains("unknown outcome `ghosted`"), "{err}");
    let err = kith.fails(&["outcome", "zoe", "not-now", "--revisit", "2020-01-01"], 3);
    assert!(err.contains("in the past"), "{err}");
    let err = kith.fails(&["outcome", "zoe", "not-now", "--revisit", "later"], 3);
    assert!(err.contains("`later` is not a date"), "{err}");
    kith.fails(&["reach", "zoe", "--check-back", "soon"], 3);
    let shown = kith.json(&["show", "zoe"]);
    assert_eq!(shown["outcomes"], json!([]));
    assert_eq!(shown["outreach"], json!([]));
    assert_eq!(kith.json(&["followups"]), json!([]));
}

#[test]
fn excluding_and_including_a_person() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Old Flame"]);
    let excluded = kith.json(&["exclude", "old flame", "--why", "ex-partner"]);
    assert_eq!(excluded["excluded"], true);
    assert_eq!(kith.json(&["show", "old flame"])["excluded"], "ex-partner");
    let err = kith.fails(&["exclude", "old flame", "--why", "again"], 3);
    assert!(err.contains("excluded already"), "{err}");
    kith.fails(&["exclude", "old flame"], 2);
    assert_eq!(kith.json(&["include", "old flame"])["excluded"], false);
    assert_eq!(
        kith.json(&["show", "old flame"])["excluded"],
        serde_json::Value::Null
    );
    let err = kith.fails(&["include", "old flame"], 3);
    assert!(err.contains("is not excluded"), "{err}");
}
