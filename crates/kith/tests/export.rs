//! `kith export json` and its exact round trip through `kith import`, on a database built
//! through the real binary with every kind of row; the imports it refuses, with the database
//! left byte for byte as it was; and the vCard export read back by kith's own importer.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rstest::rstest;
use serde_json::Value;
use util::Kith;

/// A day after `util::NOW`, for what happens later (confirming a fact, completing a
/// follow-up).
const LATER: &str = "2026-12-03T09:30:00Z";

fn id(value: &Value) -> String {
    value["id"].as_i64().expect("an id").to_string()
}

/// Ids of people in the demo with names no one else has, so that names find them.
fn distinct_people(kith: &Kith) -> Vec<String> {
    let people = kith.json(&["people"]);
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for person in people.as_array().unwrap() {
        *count.entry(person["name"].as_str().unwrap()).or_default() += 1;
    }
    people
        .as_array()
        .unwrap()
        .iter()
        .filter(|person| count[person["name"].as_str().unwrap()] == 1)
        .map(id)
        .collect()
}

/// A database with a row in every table and every state a row can be in: the demo network,
/// real exports with chats, merges (a chain, and one undone), a deletion, outreach and every
/// outcome path, follow-ups snoozed and done, exclusions lifted and not, language, cadence,
/// the queue's record, logged contacts, facts confirmed and removed, roles, random-coffee rounds.
fn rich(kith: &Kith) -> Vec<String> {
    kith.ok(&["demo", "--no-serve"]);
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cross_source");
    kith.ok(&["import", exports.to_str().unwrap(), "--zone", "UTC"]);
    let duplicates = kith.json(&["people", "--duplicates"]);
    let pair = duplicates[0].as_array().expect("the demo has duplicates");
    assert_eq!(pair[0]["name"], pair[1]["name"], "the demo has duplicates");
    kith.ok(&["person", "merge", &id(&pair[0]), &id(&pair[1])]);

    let p = distinct_people(kith);
    // A chain: p2 into p1, then p1 into p0; and a merge undone.
    kith.ok(&["person", "merge", &p[1], &p[2]]);
    kith.ok(&["person", "merge", &p[0], &p[1]]);
    kith.ok(&["person", "merge", &p[3], &p[4]]);
    kith.ok(&["person", "unmerge", &p[4]]);
    kith.ok(&["person", "delete", &p[5]]);
    kith.ok(&["person", "language", &p[6], "uk"]);
    kith.ok(&["cadence", &p[6], "close"]);
    kith.ok(&["cadence", &p[7], "2w"]);
    kith.ok(&["reach", &p[8], "--channel", "telegram"]);
    kith.ok(&[
        "outcome",
        &p[8],
        "not-now",
        "--revisit",
        "3m",
        "--why",
        "new baby",
    ]);
    let reached = kith.json(&["reach", &p[9]]);
    kith.ok(&["outcome", &p[9], "reintroduced"]);
    kith.ok(&["outcome", &p[10], "out-of-tribe", "--why", "only sells"]);
    let check = reached["followup"]["id"].to_string();
    kith.ok(&["--now", LATER, "followup", "done", &check]);
    let talk = kith.json(&[
        "followup",
        "add",
        &p[6],
        "send her the talk on fundraising",
        "--due",
        "2w",
    ]);
    kith.ok(&["followup", "snooze", &id(&talk), "1m"]);
    kith.ok(&[
        "followup",
        "add",
        "me",
        "book the sailing course",
        "--due",
        "3d",
    ]);
    kith.ok(&["exclude", &p[11], "--why", "asked never to be contacted"]);
    kith.ok(&["exclude", &p[12], "--why", "a hard year"]);
    kith.ok(&["--now", LATER, "include", &p[12]]);
    kith.ok(&["reunion", "--count", "3"]);
    let intro = kith.json(&["intro", "record", &p[6], &p[7]]);
    kith.ok(&["intro", "outcome", &id(&intro), "led-nowhere"]);
    kith.ok(&[
        "--now",
        LATER,
        "intro",
        "outcome",
        &id(&intro),
        "led-somewhere",
        "--why",
        "a job",
    ]);
    kith.ok(&["intro", "record", "me", &p[9], "--via", &p[8]]);
    kith.ok(&[
        "log",
        &p[6],
        "--channel",
        "call",
        "--note",
        "moving to Lisbon",
    ]);
    let goal = kith.json(&[
        "fact",
        "add",
        &p[6],
        "goal",
        "launch a startup — «soon»",
        "--private",
        "--source",
        "asked",
    ]);
    kith.ok(&["--now", LATER, "fact", "confirm", &id(&goal)]);
    let wrong = kith.json(&["fact", "add", &p[7], "relax", "golf"]);
    kith.ok(&["fact", "remove", &id(&wrong)]);
    kith.ok(&["circle", "add", &p[6], "Kyiv Polytechnic", "--role", "peer"]);
    kith.ok(&[
        "person",
        "add",
        "Ярослава Мудра",
        "--email",
        "yaroslava@example.org",
        "--phone",
        "+380 67 765 4321",
        "--circle",
        "Lisbon",
    ]);
    // Two rounds of a circle of four, the second a day later; and one of a circle with an odd
    // count, which has a trio.
    for person in &p[13..17] {
        kith.ok(&["circle", "add", person, SAILING]);
    }
    let first = pairs(&kith.json(&["pairs", SAILING, "--seed", "1"]));
    let second = kith.json(&["--now", LATER, "pairs", SAILING, "--seed", "1"]);
    assert_eq!(second["round"], 2);
    let second = pairs(&second);
    assert_eq!((first.len(), second.len()), (2, 2), "{first:?} {second:?}");
    assert!(
        first.is_disjoint(&second),
        "the second round pairs everyone anew: {first:?} then {second:?}"
    );
    let lisbon = kith.json(&["pairs", "Lisbon", "--seed", "1"]);
    assert!(
        lisbon["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|group| group["members"].as_array().unwrap().len() == 3),
        "Lisbon has an odd count: {lisbon}"
    );
    p
}

const SAILING: &str = "Sailing club";

/// The pairs of a round as `kith pairs --json` shows it, each as its two ids in order.
fn pairs(round: &Value) -> BTreeSet<(i64, i64)> {
    assert_eq!(round["recorded"], true);
    round["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| {
            let ids: Vec<i64> = group["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_i64().unwrap())
                .collect();
            let mut pairs = Vec::new();
            for (i, a) in ids.iter().enumerate() {
                pairs.extend(ids[i + 1..].iter().map(|b| (*a, *b)));
            }
            pairs
        })
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect()
}

/// What a user sees of a database, through the commands that show it.
fn views(kith: &Kith, people: &[String]) -> Vec<(String, String)> {
    let mut commands: Vec<Vec<&str>> = vec![
        vec!["people"],
        vec!["people", "--duplicates"],
        vec!["people", "--strangers"],
        vec!["people", "--never-talked"],
        vec!["followups", "--all"],
        vec!["stats"],
        vec!["intros"],
        vec!["show", "me"],
        vec!["fact", "list", "me"],
        // The next round of each circle avoids the same earlier pairs.
        vec!["pairs", SAILING, "--seed", "5", "--dry-run"],
        vec!["pairs", "Lisbon", "--seed", "5", "--dry-run"],
    ];
    // Merged people are shown as the person they were merged into, deleted ones as deleted.
    for person in &people[..14] {
        commands.push(vec!["show", person]);
        commands.push(vec!["fact", "list", person]);
    }
    let mut seen = Vec::new();
    for command in commands {
        let mut args = vec!["--json"];
        args.extend(&command);
        let output = kith.cmd(&args).output().expect("kith runs");
        let shown = format!(
            "exit {:?}\n{}{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        seen.push((command.join(" "), shown));
    }
    for format in ["vcard", "csv", "ics"] {
        seen.push((format!("export {format}"), kith.ok(&["export", format])));
    }
    seen
}

#[test]
fn a_json_export_imports_into_an_empty_database_exactly_as_it_was() {
    let original = Kith::new();
    let people = rich(&original);
    let first = original.dir().join("everything.json");
    original.ok(&["export", "json", "-o", first.to_str().unwrap()]);
    let text = std::fs::read_to_string(&first).unwrap();
    assert_eq!(
        original.ok(&["export", "json"]),
        text,
        "stdout and -o get the same document"
    );

    let copy = Kith::new();
    // An empty database that has counted its intersections (none) must count them afresh
    // once the export is in.
    assert_eq!(copy.json(&["stats"])["intersections"], 0);
    let summary = copy.json(&["import", first.to_str().unwrap()]);
    let document: Value = serde_json::from_str(&text).unwrap();
    let everyone = document["people"].as_array().unwrap();
    assert_eq!(
        summary["people_added"],
        everyone.len() as u64 - 1,
        "me aside"
    );
    assert_eq!(summary["warnings"], serde_json::json!([]));
    let intros = document["intros"].as_array().unwrap();
    assert_eq!(intros.len(), 2);
    let sailing = document["circles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|circle| circle["name"] == SAILING)
        .unwrap();
    let rounds = sailing["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[1]["at"], LATER);
    assert_eq!(rounds[1]["pairs"].as_array().unwrap().len(), 2);
    assert_eq!(
        intros[0]["outcomes"].as_array().unwrap().len(),
        2,
        "history, not the latest"
    );

    let second = copy.dir().join("again.json");
    copy.ok(&["export", "json", "-o", second.to_str().unwrap()]);
    assert!(
        std::fs::read(&second).unwrap() == text.as_bytes(),
        "the second export is the first, byte for byte"
    );
    let before = views(&original, &people);
    let after = views(&copy, &people);
    for ((command, shown), (_, again)) in before.iter().zip(&after) {
        assert_eq!(shown, again, "`kith {command}` shows the same");
    }
    let stats = original.json(&["stats"]);
    assert!(
        stats["intersections"].as_u64().unwrap() > 0,
        "the rich database has intersections for the copy to find again: {stats}"
    );
    // Both databases go on the same way: the same queue, drawn from the same history.
    assert_eq!(
        original.json(&["reunion", "--seed", "7"]),
        copy.json(&["reunion", "--seed", "7"])
    );
}

#[test]
fn the_json_export_holds_every_kind_of_row_and_no_message_text() {
    let kith = Kith::new();
    rich(&kith);
    let text = kith.ok(&["export", "json"]);
    let document: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["format"], "kith-export");
    assert_eq!(document["version"], 1);
    assert_eq!(document["exported_at"], util::NOW);
    let people = document["people"].as_array().unwrap();
    let me: Vec<&Value> = people.iter().filter(|p| p["me"] == true).collect();
    assert_eq!(me.len(), 1);
    for list in [
        "sources",
        "identities",
        "circles",
        "facts",
        "interactions",
        "followups",
        "outreach",
        "outcomes",
        "exclusions",
        "queued",
    ] {
        assert!(
            people
                .iter()
                .any(|p| !p[list].as_array().unwrap().is_empty()),
            "some person has {list}"
        );
    }
    let circles = document["circles"].as_array().unwrap();
    assert!(
        circles
            .iter()
            .any(|c| !c["rounds"].as_array().unwrap().is_empty()),
        "some circle has rounds"
    );
    for field in ["archived_at", "merged_into", "language", "cadence"] {
        assert!(
            people.iter().any(|p| !p[field].is_null()),
            "some person has {field}"
        );
    }
    let kinds: BTreeSet<&str> = people
        .iter()
        .flat_map(|p| p["identities"].as_array().unwrap())
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["email", "handle", "phone", "profile"])
    );
    for said in messages() {
        assert!(!text.contains(&said), "message text leaked: {said}");
    }
}

/// What is said in the chat fixtures: WhatsApp lines and Telegram texts.
fn messages() -> Vec<String> {
    let chats = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cross_source");
    let mut said = Vec::new();
    for entry in std::fs::read_dir(chats.join("whatsapp")).unwrap() {
        let chat = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        said.extend(
            chat.lines()
                .filter_map(|line| line.split_once(" - ")?.1.split_once(": "))
                .map(|(_, message)| message.to_owned()),
        );
    }
    fn texts(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, value) in members {
                    match value {
                        Value::String(text) if key == "text" => out.push(text.clone()),
                        value => texts(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
            _ => {}
        }
    }
    let telegram = std::fs::read_to_string(chats.join("telegram/result.json")).unwrap();
    texts(&serde_json::from_str(&telegram).unwrap(), &mut said);
    said.retain(|message| message.chars().count() >= 5);
    assert!(said.len() >= 5, "the fixtures hold messages: {said:?}");
    said
}

/// A database with nothing in it yet, so that a refusal can be checked byte for byte.
fn empty() -> Kith {
    let kith = Kith::new();
    kith.ok(&["people"]);
    kith
}

/// An export of a small database, as a file in `dir`.
fn small_export(dir: &Path) -> PathBuf {
    let kith = Kith::new();
    kith.ok(&[
        "person",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    kith.ok(&["fact", "add", "ada", "goal", "build an engine"]);
    let path = dir.join("export.json");
    kith.ok(&["export", "json", "-o", path.to_str().unwrap()]);
    path
}

#[rstest]
#[case::malformed(|t: &str| t.replacen("\"name\": ", "\"name\" ", 1), "expected `:` at line")]
#[case::newer(
    |t: &str| t.replacen("\"version\": 1", "\"version\": 2", 1),
    "version 2 kith export, written by a newer kith"
)]
#[case::truncated(|t: &str| t[..t.len() * 2 / 3].to_owned(), "EOF while parsing")]
#[case::inconsistent(
    |t: &str| t.replacen("\"kind\": \"goal\"", "\"kind\": \"hobby\"", 1),
    "unknown fact kind `hobby`"
)]
#[case::an_intro_of_someone_not_in_it(
    |t: &str| t.replacen(
        "\"intros\": []",
        "\"intros\": [{\"id\": 4, \"a\": 2, \"b\": 99, \"via\": 1, \"at\": \"2026-11-01T00:00:00Z\"}]",
        1,
    ),
    "intro 4: `b` is person 99, who is not among the `people`"
)]
#[case::a_round_pairing_someone_not_in_it(
    |t: &str| t.replacen(
        "\"circles\": []",
        "\"circles\": [{\"id\": 1, \"name\": \"Chess\", \"rounds\": [{\"round\": 1, \
         \"at\": \"2026-11-01T00:00:00Z\", \"pairs\": [{\"id\": 5, \"a\": 99, \"b\": 2}]}]}]",
        1,
    ),
    "circle 1, round 1, pair 5: `a` is person 99, who is not among the `people`"
)]
fn a_broken_export_is_refused_naming_the_file_with_nothing_written(
    #[case] breaks: fn(&str) -> String,
    #[case] expected: &str,
) {
    let target = empty();
    let path = small_export(target.dir());
    let broken = breaks(&std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, broken).unwrap();
    let before = std::fs::read(target.db()).unwrap();
    let err = target.fails(&["import", path.to_str().unwrap()], 3);
    assert!(err.contains("`") && err.contains("export.json"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains(expected), "{err}");
    assert_eq!(std::fs::read(target.db()).unwrap(), before, "byte for byte");
    assert_eq!(target.json(&["people"]), serde_json::json!([]));
}

#[rstest]
#[case::someone_added(&["person", "add", "Bob"], "holds 1 person already")]
#[case::me_renamed(&["person", "rename", "me", "Marta"], "holds data about you")]
#[case::a_fact_about_me(&["fact", "add", "me", "goal", "sail"], "holds data about you")]
fn an_export_is_loaded_only_into_an_empty_database(#[case] first: &[&str], #[case] expected: &str) {
    let target = Kith::new();
    target.ok(first);
    let path = small_export(target.dir());
    let before = std::fs::read(target.db()).unwrap();
    let err = target.fails(&["import", path.to_str().unwrap()], 3);
    assert!(err.contains(expected), "{err}");
    assert!(
        err.contains("kith --db NEW.db import") && err.contains("kith restore"),
        "it says what to do instead: {err}"
    );
    assert_eq!(std::fs::read(target.db()).unwrap(), before, "byte for byte");
}

#[test]
fn an_export_is_imported_on_its_own() {
    let target = empty();
    let path = small_export(target.dir());
    let vcard = target.dir().join("more.vcf");
    std::fs::write(
        &vcard,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let err = target.fails(
        &["import", vcard.to_str().unwrap(), path.to_str().unwrap()],
        3,
    );
    assert!(err.contains("is a kith export"), "{err}");
    assert!(err.contains("on its own"), "{err}");
    assert_eq!(target.json(&["people"]), serde_json::json!([]));
}

#[test]
fn a_vcard_export_of_the_demo_imports_back_with_every_email_and_phone() {
    let original = Kith::new();
    original.ok(&["demo", "--no-serve"]);
    let path = original.dir().join("people.vcf");
    original.ok(&["export", "vcard", "-o", path.to_str().unwrap()]);
    let copy = Kith::new();
    copy.ok(&["import", path.to_str().unwrap()]);

    let reach = |p: &Value, key: &str| -> BTreeSet<String> {
        p[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let before = original.json(&["people"]);
    let after = copy.json(&["people"]);
    let after = after.as_array().unwrap();
    for person in before.as_array().unwrap() {
        // People with the same name and nothing that tells them apart are one person to the
        // importer, as in any import: each is found in a person of that name with all of
        // their emails, phones and circles.
        let found = after.iter().any(|again| {
            again["name"] == person["name"]
                && ["emails", "phones", "circles"]
                    .iter()
                    .all(|key| reach(again, key).is_superset(&reach(person, key)))
        });
        assert!(found, "{} came back whole", person["name"]);
    }
    let all = |people: &[Value], key: &str| -> BTreeSet<String> {
        people.iter().flat_map(|p| reach(p, key)).collect()
    };
    for key in ["emails", "phones"] {
        assert_eq!(
            all(after, key),
            all(before.as_array().unwrap(), key),
            "no {key} were added or lost"
        );
    }
}
