//! Learning about people (the question bank), keeping facts fresh, and the settings file,
//! through the real binary.

mod util;

use std::io::Write as _;
use std::process::Stdio;

use util::Kith;

#[test]
fn answers_given_on_the_command_line_are_asked_facts() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let facts = kith.json(&[
        "learn",
        "zoe",
        "--answer",
        "relax=sailing on weekends",
        "--answer",
        "GOAL=start a company",
    ]);
    let facts = facts.as_array().unwrap();
    assert_eq!(facts.len(), 2);
    assert_eq!(facts[0]["kind"], "relax");
    assert_eq!(facts[1]["kind"], "goal");
    assert!(facts.iter().all(|f| f["source"] == "asked"));
    let err = kith.fails(
        &[
            "learn",
            "zoe",
            "--answer",
            "relax=ok",
            "--answer",
            "hobby=chess",
        ],
        3,
    );
    assert!(err.contains("unknown fact kind `hobby`"), "{err}");
    kith.fails(&["learn", "zoe", "--answer", "no equals sign"], 3);
    assert_eq!(
        kith.json(&["fact", "list", "zoe"])
            .as_array()
            .unwrap()
            .len(),
        2,
        "nothing more"
    );
}

#[test]
fn the_question_bank_is_walked_with_skips() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    let mut learn = kith
        .cmd(&["learn", "zoe"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // Origin, then skip "how they spend their time", then how they relax; then stop.
    learn
        .stdin
        .take()
        .unwrap()
        .write_all("met on the 2019 hiking trip\n\nsailing\n".as_bytes())
        .unwrap();
    let output = learn.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("Where do you know each other from?"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Recorded 2 facts about Zoë Quill."),
        "{stdout}"
    );
    let facts = kith.json(&["fact", "list", "zoe"]);
    let kinds: Vec<&str> = facts
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["origin", "relax"]);
}

#[test]
fn old_facts_are_stale_until_confirmed() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Zoë Quill"]);
    kith.ok(&["fact", "add", "zoe", "time", "runs a bakery"]);
    let later = ["--now", "2028-01-01", "fact", "list", "zoe"];
    assert_eq!(kith.json(&later)[0]["stale"], true);
    assert_eq!(kith.json(&["fact", "list", "zoe"])[0]["stale"], false);
    let confirmed = kith.json(&["--now", "2028-01-01", "fact", "confirm", "1"]);
    assert_eq!(confirmed["confirmed"], "2028-01-01T00:00:00Z");
    assert_eq!(kith.json(&later)[0]["stale"], false);
    kith.fails(&["fact", "confirm", "9"], 4);
}

#[test]
fn the_settings_file_sets_defaults_and_a_bad_one_is_named() {
    let kith = Kith::new();
    let config = kith.dir().join(".config/kith/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    // The commented defaults are a valid settings file.
    std::fs::write(&config, kith.ok(&["config", "default"])).unwrap();
    for name in ["Ann", "Bob", "Cem", "Dan", "Eve"] {
        kith.ok(&["person", "add", name]);
    }
    assert_eq!(kith.json(&["reunion"]).as_array().unwrap().len(), 3);
    std::fs::write(&config, "batch = 2\ncheck-back = \"2w\"\n").unwrap();
    assert_eq!(kith.json(&["reunion"]).as_array().unwrap().len(), 2);
    let reached = kith.json(&["reach", "ann"]);
    assert_eq!(reached["followup"]["due"], "2026-12-10T10:00:00Z");
    std::fs::write(&config, "batch = \"many\"\n").unwrap();
    let err = kith.fails(&["reunion"], 3);
    assert!(err.contains("config.toml"), "{err}");
    std::fs::write(&config, "colour = \"blue\"\n").unwrap();
    let err = kith.fails(&["people"], 3);
    assert!(err.contains("unknown field `colour`"), "{err}");
}
