//! People, facts and circles through the real binary and a real database file.

mod util;

use serde_json::{Value, json};
use util::Kith;

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn an_added_person_is_listed_with_the_contracts_fields() {
    let kith = Kith::new();
    let added = kith.json(&["person", "add", "Ада Лавлейс", "--email", "Ada@Example.com"]);
    assert_eq!(keys(&added), ["id", "name"]);
    assert_eq!(added["name"], "Ада Лавлейс");

    let people = kith.json(&["people"]);
    let people = people.as_array().expect("an array of people");
    assert_eq!(people.len(), 1, "{people:?}");
    let ada = &people[0];
    assert_eq!(
        keys(ada),
        [
            "circles",
            "emails",
            "facts",
            "id",
            "interactions",
            "last_interaction",
            "name",
            "phones",
            "sources"
        ]
    );
    assert_eq!(ada["id"], added["id"]);
    assert_eq!(ada["name"], "Ада Лавлейс");
    assert_eq!(ada["emails"], json!(["ada@example.com"]));
    assert_eq!(ada["phones"], json!([]));
    assert_eq!(ada["sources"], json!(["manual"]));
    assert_eq!(ada["circles"], json!([]));
    assert_eq!(ada["last_interaction"], Value::Null);
    assert_eq!(ada["interactions"], 0);
    assert_eq!(ada["facts"], 0);
}

#[test]
fn the_people_table_is_readable() {
    let kith = Kith::new();
    kith.ok(&[
        "person",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--circle",
        "Work",
    ]);
    let table = kith.ok(&["people"]);
    for expected in [
        "Ada Lovelace",
        "ada@example.com",
        "Work",
        "never",
        "1 person",
    ] {
        assert!(table.contains(expected), "missing {expected:?} in\n{table}");
    }
}

#[test]
fn facts_are_added_shown_listed_and_removed() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Olena Kovalenko"]);
    let fact = kith.json(&[
        "fact",
        "add",
        "olena",
        "goal",
        "launch a startup",
        "--private",
        "--source",
        "asked",
    ]);
    assert_eq!(fact["kind"], "goal");
    assert_eq!(fact["text"], "launch a startup");
    assert_eq!(fact["private"], true);
    assert_eq!(fact["source"], "asked");
    assert_eq!(fact["recorded"], util::NOW);
    assert_eq!(fact["confirmed"], util::NOW);
    assert_eq!(fact["person"]["name"], "Olena Kovalenko");
    kith.ok(&[
        "fact",
        "add",
        "Olena Kovalenko",
        "relax",
        "sailing on the Dnipro",
    ]);

    let listed = kith.json(&["fact", "list", "olena"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0], fact);
    assert_eq!(listed[1]["source"], "told", "told is the default source");

    let shown = kith.json(&["show", "Olena"]);
    assert_eq!(shown["facts"], listed);
    let human = kith.ok(&["show", "Olena"]);
    assert!(human.contains("launch a startup (private)"), "{human}");
    assert_eq!(kith.json(&["people"])[0]["facts"], 2);

    let id = fact["id"].as_i64().unwrap().to_string();
    let removed = kith.json(&["fact", "remove", &id]);
    assert_eq!(removed, fact);
    assert_eq!(
        kith.json(&["fact", "list", "olena"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    kith.fails(&["fact", "remove", &id], 4);
}

#[test]
fn a_renamed_person_is_found_by_the_new_name() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ivan Petrenko"]);
    let renamed = kith.json(&["person", "rename", "ivan", "Іван Петренко"]);
    assert_eq!(renamed["name"], "Іван Петренко");
    assert_eq!(kith.json(&["show", "Іван"])["name"], "Іван Петренко");
    // Names are matched across scripts: a Latin keyboard finds a Cyrillic name.
    assert_eq!(kith.json(&["show", "petrenko"])["name"], "Іван Петренко");
}

#[test]
fn a_deleted_person_is_hidden_and_can_be_restored_with_everything_they_had() {
    let kith = Kith::new();
    let added = kith.json(&["person", "add", "Zoë Brontë", "--email", "zoe@example.org"]);
    kith.ok(&["fact", "add", "zoe", "interest", "Victorian novels"]);
    let deleted = kith.json(&["person", "delete", "Zoë"]);
    assert_eq!(deleted["archived"], util::NOW);
    assert_eq!(kith.json(&["people"]), json!([]));
    let err = kith.fails(&["show", "zoe bronte"], 4);
    assert!(err.contains("restore"), "{err}");
    // Still reachable by id, marked as deleted.
    let id = added["id"].as_i64().unwrap().to_string();
    assert_eq!(kith.json(&["show", &id])["archived"], util::NOW);
    let err = kith.fails(&["person", "delete", &id], 3);
    assert!(err.contains("deleted already"), "{err}");

    let restored = kith.json(&["person", "restore", "zoe"]);
    assert_eq!(restored["archived"], Value::Null);
    let people = kith.json(&["people"]);
    assert_eq!(people[0]["emails"], json!(["zoe@example.org"]));
    assert_eq!(people[0]["facts"], 1);
    kith.fails(&["person", "restore", "zoe"], 4);
}

#[test]
fn circles_take_roles_and_filter_the_list() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Maria Garcia"]);
    kith.ok(&["person", "add", "Tom Baker", "--circle", "Acme"]);
    let joined = kith.json(&["circle", "add", "maria", "ACME", "--role", "Manager"]);
    assert_eq!(joined["circle"], "Acme", "circles match ignoring case");
    assert_eq!(joined["role"], "manager");
    assert_eq!(joined["person"]["name"], "Maria Garcia");
    // Joining again without a role keeps the role.
    assert_eq!(
        kith.json(&["circle", "add", "maria", "acme"])["role"],
        "manager"
    );

    kith.ok(&["person", "add", "Outsider"]);
    let acme = kith.json(&["people", "--circle", "acme"]);
    let names: Vec<&str> = acme
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Maria Garcia", "Tom Baker"]);
    assert_eq!(
        kith.json(&["people", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        kith.json(&["show", "maria"])["circles"],
        json!([{"circle": "Acme", "role": "manager"}])
    );
    let err = kith.fails(&["people", "--circle", "Acne"], 4);
    assert!(
        err.contains("Acme"),
        "the error lists the circles there are: {err}"
    );
}

#[test]
fn me_is_a_person_with_facts_but_never_listed() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Someone Else"]);
    kith.json(&["person", "rename", "me", "Ada"]);
    kith.ok(&["fact", "add", "me", "goal", "write a book about networks"]);
    let me = kith.json(&["show", "me"]);
    assert_eq!(me["name"], "Ada");
    assert_eq!(me["me"], true);
    assert_eq!(me["facts"][0]["text"], "write a book about networks");
    let people = kith.json(&["people"]);
    assert_eq!(people.as_array().unwrap().len(), 1);
    assert_eq!(people[0]["name"], "Someone Else");
    let err = kith.fails(&["person", "delete", "me"], 3);
    assert!(err.contains("yourself"), "{err}");
}

#[test]
fn the_database_is_created_in_the_xdg_data_folder_by_default() {
    let kith = Kith::new();
    let mut add = kith.bare();
    add.args(["person", "add", "Ada"]);
    util::run_ok(add);
    assert!(kith.dir().join(".local/share/kith/kith.db").is_file());
    assert!(!kith.db().exists());

    let mut env = kith.bare();
    env.env("KITH_DB", kith.db()).args(["person", "add", "Bob"]);
    util::run_ok(env);
    assert!(kith.db().is_file(), "KITH_DB names the database");
}

#[test]
fn an_email_that_belongs_to_someone_else_is_refused() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ada", "--email", "ada@example.com"]);
    let err = kith.fails(
        &["person", "add", "Ada Again", "--email", "ADA@example.com"],
        3,
    );
    assert!(err.contains("already belongs to Ada"), "{err}");
    assert_eq!(
        kith.json(&["people"]).as_array().unwrap().len(),
        1,
        "nothing was written"
    );
}

#[test]
fn national_phone_numbers_are_read_by_the_users_country() {
    let kith = Kith::new();
    kith.ok(&[
        "person",
        "add",
        "Олена",
        "--phone",
        "067 123 45 67",
        "--region",
        "UA",
    ]);
    let mut from_locale = kith.cmd(&["person", "add", "Jürgen", "--phone", "0151 23456789"]);
    from_locale.env("LANG", "de_DE.UTF-8");
    util::run_ok(from_locale);
    kith.ok(&["person", "add", "Nowhere", "--phone", "555 0100"]);
    let people = kith.json(&["people"]);
    let phones: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phones"][0].as_str().unwrap())
        .collect();
    assert_eq!(phones, ["+4915123456789", "5550100", "+380671234567"]);
    kith.fails(
        &["person", "add", "X", "--phone", "1", "--region", "Atlantis"],
        3,
    );
}

#[test]
fn duplicates_are_listed_merged_and_unmerged() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Emma Smith", "--email", "emma@example.com"]);
    kith.ok(&["person", "add", "Emma Smith", "--phone", "+44 20 7946 0000"]);
    kith.ok(&["person", "add", "Someone Else"]);
    let groups = kith.json(&["people", "--duplicates"]);
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups:#}");
    assert_eq!(groups[0].as_array().unwrap().len(), 2);
    let human = kith.ok(&["people", "--duplicates"]);
    assert!(human.contains("kith person merge"), "{human}");

    let merged = kith.json(&["person", "merge", "2", "3"]);
    assert_eq!(merged["kept"]["id"], 2);
    assert_eq!(merged["merged"]["id"], 3);
    let people = kith.json(&["people"]);
    assert_eq!(people.as_array().unwrap().len(), 2);
    let emma = &people[0];
    assert_eq!(emma["emails"], json!(["emma@example.com"]));
    assert_eq!(emma["phones"], json!(["+442079460000"]));
    assert_eq!(kith.json(&["people", "--duplicates"]), json!([]));
    assert_eq!(
        kith.json(&["show", "3"])["merged"],
        json!([{"id": 3, "name": "Emma Smith"}])
    );
    let err = kith.fails(&["person", "merge", "2", "2"], 3);
    assert!(err.contains("themselves"), "{err}");

    kith.json(&["person", "unmerge", "3"]);
    assert_eq!(kith.json(&["people"]).as_array().unwrap().len(), 3);
    let err = kith.fails(&["person", "unmerge", "3"], 3);
    assert!(err.contains("not merged into anyone"), "{err}");
}
