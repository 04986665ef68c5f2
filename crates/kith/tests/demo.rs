//! `kith demo`: a believable network in a fresh database, and a tour of it.

mod util;

use std::collections::HashSet;

use util::Kith;

#[test]
fn the_demo_writes_a_sample_network_and_prints_a_tour() {
    let kith = Kith::new();
    let tour = kith.ok(&["demo", "--no-serve"]);
    assert!(
        tour.contains(&kith.db().display().to_string()),
        "the tour names the database:\n{tour}"
    );
    assert!(tour.contains("300 people"), "{tour}");
    assert!(tour.contains("strangers"), "{tour}");
    assert!(
        tour.contains("kith --db"),
        "the tour shows commands to try:\n{tour}"
    );
    assert!(tour.contains("Today's reunion queue"), "{tour}");
    assert!(
        tour.contains("you know something about 179 of 300"),
        "{tour}"
    );

    let people = kith.json(&["people"]);
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 300);
    let strangers = people.iter().filter(|p| p["facts"] == 0).count();
    assert!(
        (60..=180).contains(&strangers),
        "a realistic share of strangers: {strangers}"
    );
    let circles: HashSet<&str> = people
        .iter()
        .flat_map(|p| p["circles"].as_array().unwrap())
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(circles.len() >= 4, "people across circles: {circles:?}");
    assert!(
        people.iter().any(|p| p["name"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('А'..='я').contains(&c))),
        "some names are Ukrainian, in Cyrillic"
    );
    assert!(
        people.iter().any(|p| !p["last_interaction"].is_null()),
        "some people were talked to"
    );
    assert_ne!(
        kith.json(&["show", "me"])["facts"],
        serde_json::json!([]),
        "the user has facts too"
    );
}

#[test]
fn the_demo_is_the_same_every_time_and_replaces_its_own_database() {
    let kith = Kith::new();
    kith.ok(&["demo", "--no-serve"]);
    let first = kith.json(&["people"]);
    kith.ok(&["person", "add", "Added After The Demo"]);
    kith.ok(&["demo", "--no-serve"]);
    assert_eq!(kith.json(&["people"]), first);
}

#[test]
fn the_demo_never_replaces_a_database_it_did_not_make() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Someone Real"]);
    let err = kith.fails(&["demo", "--no-serve"], 3);
    assert!(err.contains("was not made by `kith demo`"), "{err}");
    assert_eq!(kith.json(&["people"])[0]["name"], "Someone Real");
}

#[test]
fn the_demo_goes_to_its_own_file_beside_the_default_database() {
    let kith = Kith::new();
    let mut demo = kith.bare();
    demo.args(["demo", "--no-serve", "--people", "40", "--json"]);
    let tour: serde_json::Value = serde_json::from_str(&util::run_ok(demo)).unwrap();
    let path = kith.dir().join(".local/share/kith/demo.db");
    assert_eq!(tour["db"], path.display().to_string());
    assert_eq!(tour["people"], 40);
    assert!(path.is_file());
    assert!(
        !kith.dir().join(".local/share/kith/kith.db").exists(),
        "the user's database is untouched"
    );
}
