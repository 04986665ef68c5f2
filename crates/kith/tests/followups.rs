//! Follow-ups through the real binary: adding, listing, snoozing, completing, and exporting
//! them as an iCalendar file that a real parser reads back.

mod util;

use serde_json::Value;
use util::Kith;

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn follow_ups_are_added_listed_snoozed_and_done() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let talk = kith.json(&[
        "followup",
        "add",
        "zoe",
        "send the talk on fundraising",
        "--due",
        "2w",
    ]);
    let keys: Vec<&String> = talk.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["done", "due", "id", "person", "text"]);
    assert_eq!(talk["due"], "2026-12-10T10:00:00Z", "two weeks from now");
    assert_eq!(talk["person"]["name"], "Zoë Quill");
    assert_eq!(talk["done"], false);
    let call = kith.json(&[
        "followup",
        "add",
        "zoe",
        "call about the trip",
        "--due",
        "2026-12-01",
    ]);

    assert_eq!(ids(&kith.json(&["followups"])), [2, 1], "soonest first");
    assert_eq!(
        kith.json(&["followups", "--overdue"]),
        serde_json::json!([])
    );
    let later = ["--now", "2026-12-05", "followups", "--overdue"];
    assert_eq!(ids(&kith.json(&later)), [2]);
    let shown = kith.json(&["show", "zoe"]);
    assert_eq!(shown["followups"].as_array().unwrap().len(), 2);

    let call_id = call["id"].to_string();
    let snoozed = kith.json(&["followup", "snooze", &call_id, "1m"]);
    assert_eq!(snoozed["due"], "2026-12-26T10:00:00Z");
    assert_eq!(ids(&kith.json(&["followups"])), [1, 2]);

    let done = kith.json(&["followup", "done", "1"]);
    assert_eq!(done["done"], true);
    assert_eq!(ids(&kith.json(&["followups"])), [2]);
    assert_eq!(ids(&kith.json(&["followups", "--all"])), [1, 2]);
    let err = kith.fails(&["followup", "done", "1"], 3);
    assert!(err.contains("done already"), "{err}");
}

#[test]
fn bad_follow_ups_are_refused_and_nothing_is_written() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let err = kith.fails(
        &["followup", "add", "zoe", "call", "--due", "2020-01-01"],
        3,
    );
    assert!(err.contains("is in the past"), "{err}");
    let err = kith.fails(&["followup", "add", "zoe", "call", "--due", "someday"], 3);
    assert!(err.contains("`someday` is not a due date"), "{err}");
    let err = kith.fails(&["followup", "add", "zoe", " ", "--due", "1w"], 3);
    assert!(err.contains("needs some text"), "{err}");
    kith.fails(&["followup", "add", "nobody", "call", "--due", "1w"], 4);
    kith.fails(&["followup", "done", "99"], 4);
    kith.fails(&["followup", "snooze", "99", "3x"], 3);
    assert_eq!(kith.json(&["followups", "--all"]), serde_json::json!([]));
}

#[test]
fn the_calendar_export_parses_back_with_stable_uids() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Олена Коваль"]);
    kith.ok(&[
        "followup",
        "add",
        "olena",
        "send the deck; the long one, v2",
        "--due",
        "1w",
    ]);
    kith.ok(&[
        "followup",
        "add",
        "olena",
        "ask about the marathon",
        "--due",
        "2026-12-24",
    ]);
    kith.ok(&["followup", "done", "2"]);
    let path = kith.dir().join("followups.ics");
    kith.ok(&["export", "ics", "-o", path.to_str().unwrap()]);
    let first = std::fs::read_to_string(&path).unwrap();
    let todos = todos(&first);
    assert_eq!(todos.len(), 2);
    let deck = &todos[0];
    assert_eq!(
        deck["SUMMARY"],
        "Олена Коваль: send the deck\\; the long one\\, v2"
    );
    assert_eq!(deck["DUE"], "20261203T100000Z");
    assert_eq!(deck["STATUS"], "NEEDS-ACTION");
    assert_eq!(todos[1]["STATUS"], "COMPLETED");

    // A second export keeps every UID, so calendars update rather than duplicate.
    let again = kith.ok(&["--now", "2026-11-27", "export", "ics"]);
    let uids = |todos: &[std::collections::HashMap<String, String>]| {
        todos.iter().map(|t| t["UID"].clone()).collect::<Vec<_>>()
    };
    assert_eq!(uids(&todos), uids(&self::todos(&again)));
}

/// The to-dos of an iCalendar text, parsed by the `ical` crate: each a map of property to
/// value.
fn todos(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut calendars = ical::IcalParser::new(text.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(calendars.next().is_none());
    calendar
        .todos
        .iter()
        .map(|todo| {
            todo.properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect()
}

#[test]
fn a_vcard_export_imports_back_as_the_same_people() {
    let kith = Kith::new();
    kith.ok(&[
        "person",
        "add",
        "Олена Коваль",
        "--email",
        "olena@example.com",
        "--circle",
        "Kyiv",
    ]);
    kith.ok(&["person", "add", "Zoë Quill", "--phone", "+1 555 010 0001"]);
    kith.ok(&[
        "fact",
        "add",
        "zoe",
        "goal",
        "sail around Crete; then write about it",
    ]);
    kith.ok(&["fact", "add", "zoe", "plan", "leave her job", "--private"]);
    let path = kith.dir().join("people.vcf");
    kith.ok(&["export", "vcard", "-o", path.to_str().unwrap()]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("leave her job"),
        "private facts stay out:\n{text}"
    );

    let other = Kith::new();
    let summary = other.json(&["import", path.to_str().unwrap()]);
    assert_eq!(summary["people_added"], 2, "{summary:#}");
    let people = other.json(&["people"]);
    let olena = &people[0];
    assert_eq!(olena["name"], "Олена Коваль");
    assert_eq!(olena["emails"], serde_json::json!(["olena@example.com"]));
    assert_eq!(olena["circles"], serde_json::json!(["Kyiv"]));
    assert_eq!(people[1]["name"], "Zoë Quill");
    assert_eq!(people[1]["phones"], serde_json::json!(["+15550100001"]));
    let note = &other.json(&["fact", "list", "zoe"])[0]["text"];
    assert_eq!(note, "goal: sail around Crete; then write about it");
}

#[test]
fn a_csv_export_has_a_row_a_person_and_a_column_a_fact_kind() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill", "--email", "zoe@example.com"]);
    kith.ok(&["fact", "add", "zoe", "relax", "sailing, mostly"]);
    kith.ok(&["fact", "add", "zoe", "relax", "jazz"]);
    let text = kith.ok(&["export", "csv"]);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&header[..3], ["id", "name", "emails"]);
    let relax = header.iter().position(|h| h == "relax").unwrap();
    let row = rows.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "Zoë Quill");
    assert_eq!(&row[2], "zoe@example.com");
    assert_eq!(&row[relax], "sailing, mostly | jazz");
}
