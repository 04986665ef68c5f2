//! The reunion queue and `pick` through the real binary: reasons, drafts in the person's
//! language, the user's own templates, and who is never suggested.

mod util;

use serde_json::Value;
use util::Kith;

fn ids(queue: &Value) -> Vec<i64> {
    queue
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["person"]["id"].as_i64().unwrap())
        .collect()
}

fn network() -> Kith {
    let kith = Kith::new();
    kith.ok(&["person", "rename", "me", "Marta Lysenko"]);
    kith.ok(&["person", "add", "Zoë Quill"]);
    kith.ok(&[
        "fact",
        "add",
        "zoe",
        "origin",
        "the 2019 hiking trip in Norway",
    ]);
    kith.ok(&["person", "add", "Олена Коваль"]);
    kith.ok(&["person", "add", "Old Flame"]);
    kith.ok(&["exclude", "old flame", "--why", "ex-partner"]);
    kith
}

#[test]
fn the_queue_gives_reasons_and_drafts_and_stays_put_for_the_day() {
    let kith = network();
    let queue = kith.json(&["reunion", "--count", "5"]);
    let entries = queue.as_array().unwrap();
    assert_eq!(
        entries.len(),
        2,
        "the excluded person is never suggested: {queue:#}"
    );
    for entry in entries {
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["draft", "person", "reason"]);
    }
    assert_eq!(
        kith.json(&["reunion", "--count", "5"]),
        queue,
        "the same day, the same queue"
    );

    let zoe = entries
        .iter()
        .find(|e| e["person"]["name"] == "Zoë Quill")
        .unwrap();
    assert_eq!(zoe["reason"], "never talked");
    let draft = zoe["draft"].as_str().unwrap();
    assert!(
        draft.starts_with("Hi Zoë,\n\nIt's Marta Lysenko."),
        "{draft}"
    );
    assert!(
        draft.contains("from: the 2019 hiking trip in Norway."),
        "{draft}"
    );

    let olena = entries
        .iter()
        .find(|e| e["person"]["name"] == "Олена Коваль")
        .unwrap();
    assert_eq!(olena["reason"], "stranger");
    let draft = olena["draft"].as_str().unwrap();
    assert!(draft.starts_with("Привіт! Це Marta Lysenko."), "{draft}");
    assert!(
        draft.contains("я не пам'ятаю, звідки ми знайомі"),
        "{draft}"
    );
    assert!(!draft.contains('{'), "{draft}");
}

#[test]
fn people_reached_recently_wait_and_not_now_comes_back_on_its_date() {
    let kith = network();
    kith.ok(&["reach", "zoe"]);
    kith.ok(&["outcome", "олена", "not-now", "--revisit", "2027-01-10"]);
    assert_eq!(ids(&kith.json(&["reunion"])), Vec::<i64>::new());
    let later = kith.json(&["--now", "2027-01-11", "reunion"]);
    let reasons: Vec<&str> = later
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"back from not-now: revisit date reached"),
        "{later:#}"
    );
    assert_eq!(
        later.as_array().unwrap().len(),
        2,
        "Zoë's reach is a month old by then"
    );
}

#[test]
fn pick_chooses_one_with_the_same_exclusions() {
    let kith = network();
    for seed in ["1", "2", "3", "4", "5"] {
        let picked = kith.json(&["pick", "--seed", seed]);
        assert_eq!(picked.as_array().unwrap().len(), 1);
        assert_ne!(picked[0]["person"]["name"], "Old Flame");
    }
}

#[test]
fn a_persons_language_and_the_users_own_templates_shape_the_draft() {
    let kith = network();
    kith.ok(&["person", "language", "zoe", "uk"]);
    let queue = kith.json(&["reunion", "--count", "5"]);
    let zoe = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["person"]["name"] == "Zoë Quill")
        .unwrap();
    assert!(
        zoe["draft"]
            .as_str()
            .unwrap()
            .contains("Пам'ятаю, звідки ми знайомі")
    );

    let folder = kith.dir().join(".config/kith/templates/en");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("forgotten.txt"),
        "Hey {first_name}! Where did we meet?\n",
    )
    .unwrap();
    kith.ok(&["person", "language", "zoe", "en"]);
    kith.ok(&["person", "add", "Sam Example"]);
    let queue = kith.json(&["reunion", "--count", "5"]);
    let sam = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["person"]["name"] == "Sam Example")
        .unwrap();
    assert_eq!(sam["draft"], "Hey Sam! Where did we meet?");

    std::fs::write(folder.join("forgotten.txt"), "Hey {frist_name}!\n").unwrap();
    let err = kith.fails(&["reunion", "--count", "5"], 3);
    assert!(
        err.contains("forgotten.txt"),
        "the error names the file: {err}"
    );
    assert!(err.contains("unknown variable `{frist_name}`"), "{err}");
    kith.fails(&["person", "language", "zoe", "fr"], 3);
}

#[test]
fn not_now_offers_a_reply_that_keeps_the_door_open() {
    let kith = network();
    let outcome = kith.json(&["outcome", "zoe", "not-now"]);
    let draft = outcome["draft"].as_str().unwrap();
    assert!(draft.contains("let's get reintroduced later"), "{draft}");
    let declined = kith.json(&["outcome", "олена", "declined"]);
    assert_eq!(declined["draft"], Value::Null);
}

#[test]
fn an_overdue_cadence_brings_a_friend_back_and_a_logged_contact_resets_it() {
    let kith = network();
    kith.ok(&["outcome", "zoe", "reintroduced"]);
    kith.ok(&["outcome", "олена", "declined"]);
    assert_eq!(
        kith.json(&["reunion"]),
        serde_json::json!([]),
        "nobody left to suggest"
    );

    let cadence = kith.json(&["cadence", "zoe", "close"]);
    assert_eq!(cadence["cadence"], "1m");
    kith.ok(&[
        "log",
        "zoe",
        "--channel",
        "Coffee",
        "--note",
        "moving to Lisbon in spring",
    ]);
    assert_eq!(
        kith.json(&["--now", "2026-12-20", "reunion"]),
        serde_json::json!([])
    );
    let overdue = kith.json(&["--now", "2027-02-27", "reunion"]);
    assert_eq!(overdue[0]["reason"], "3× overdue, last talked 2026-11");

    let shown = kith.json(&["show", "zoe"]);
    assert_eq!(shown["interactions"]["count"], 1);
    assert_eq!(shown["interactions"]["last"], util::NOW);
    let notes: Vec<&str> = shown["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&"moving to Lisbon in spring"), "{notes:?}");
    kith.fails(&["cadence", "zoe", "often"], 3);
    assert_eq!(
        kith.json(&["cadence", "zoe", "none"])["cadence"],
        serde_json::Value::Null
    );
}

#[test]
fn colleagues_whose_goals_are_unknown_are_listed_and_asked_about() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Maria Garcia"]);
    kith.ok(&["circle", "add", "maria", "Work", "--role", "manager"]);
    kith.ok(&["person", "add", "Tom Baker", "--circle", "Work"]);
    kith.ok(&["fact", "add", "tom", "goal", "lead a team"]);
    let unknown = kith.json(&["people", "--circle", "work", "--goals-unknown"]);
    assert_eq!(unknown.as_array().unwrap().len(), 1);
    assert_eq!(unknown[0]["name"], "Maria Garcia");
    let queue = kith.json(&["reunion", "--count", "5"]);
    let maria = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["person"]["name"] == "Maria Garcia")
        .unwrap();
    assert_eq!(
        maria["reason"],
        "you have never asked your manager about their goals"
    );
    let human = kith.ok(&["stats"]);
    assert!(
        human.contains("`kith learn me` asks"),
        "the user's own goals are unknown: {human}"
    );
    kith.ok(&["learn", "me", "--answer", "goal=write a book"]);
    assert!(!kith.ok(&["stats"]).contains("kith learn me"));
}
