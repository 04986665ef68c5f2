//! Introductions through the real binary: recorded, their outcomes kept as history, listed
//! with each introducer's yield, and counted in `kith stats`.

mod util;

use util::Kith;

#[test]
fn an_intro_that_led_somewhere_counts_in_the_success_rate() {
    let kith = Kith::new();
    for name in [
        "Olena Kovalenko",
        "Taras Bondar",
        "Iryna Melnyk",
        "Maksym Lysenko",
    ] {
        kith.ok(&["person", "add", name]);
    }
    let first = kith.json(&["intro", "record", "Olena", "Taras"]);
    assert_eq!(first["a"]["name"], "Olena Kovalenko");
    assert_eq!(first["via"]["name"], "Me");
    assert_eq!(first["outcome"], serde_json::Value::Null);
    let second = kith.json(&["intro", "record", "Iryna", "Maksym"]);
    let theirs = kith.json(&["intro", "record", "me", "Maksym", "--via", "Iryna"]);
    assert_eq!(
        kith.json(&["stats"])["intro_success_rate"],
        serde_json::Value::Null
    );

    let (first, second) = (first["id"].to_string(), second["id"].to_string());
    kith.ok(&["intro", "outcome", &first, "led-nowhere"]);
    let later = ["--now", "2027-02-01T10:00:00Z"];
    let changed = kith.json(&[
        later[0],
        later[1],
        "intro",
        "outcome",
        &first,
        "led-somewhere",
        "--why",
        "they hired each other",
    ]);
    assert_eq!(changed["outcome"], "led-somewhere");
    assert_eq!(changed["why"], "they hired each other");
    kith.ok(&[
        later[0],
        later[1],
        "intro",
        "outcome",
        &second,
        "led-nowhere",
    ]);
    kith.ok(&[
        later[0],
        later[1],
        "intro",
        "outcome",
        &theirs["id"].to_string(),
        "led-somewhere",
    ]);

    let stats = kith.json(&[later[0], later[1], "stats"]);
    assert_eq!(
        stats["intro_success_rate"], 0.5,
        "only the user's own intros count"
    );
    let listed = kith.ok(&[later[0], later[1], "intros"]);
    assert!(
        listed.contains("led-somewhere: they hired each other"),
        "{listed}"
    );
    assert!(
        listed.contains("Me: 2 intros, 2 with a known outcome, 50% led somewhere"),
        "{listed}"
    );
    assert!(
        listed.contains("Iryna Melnyk: 1 intro, 1 with a known outcome, 100% led somewhere"),
        "{listed}"
    );
}

#[test]
fn bad_intros_are_refused_and_nothing_is_written() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Olena Kovalenko"]);
    kith.ok(&["person", "add", "Taras Bondar"]);

    let same = kith.fails(&["intro", "record", "Olena", "Olena"], 3);
    assert!(same.contains("one person"), "{same}");
    let unknown = kith.fails(&["intro", "outcome", "7", "led-somewhere"], 4);
    assert!(unknown.contains("no intro has id 7"), "{unknown}");
    let id = kith.json(&["intro", "record", "Olena", "Taras"])["id"].to_string();
    let wrong = kith.fails(&["intro", "outcome", &id, "great"], 3);
    assert!(wrong.contains("led-somewhere, led-nowhere"), "{wrong}");
    let listed = kith.json(&["intros"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["outcome"], serde_json::Value::Null);
}
