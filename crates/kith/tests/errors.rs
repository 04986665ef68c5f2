//! Bad input gets a clear error and the contract's exit code, never a panic, and never a
//! change to the database.

mod util;

use util::Kith;

#[test]
fn an_empty_name_is_bad_input() {
    let kith = Kith::new();
    let err = kith.fails(&["person", "add", "  "], 3);
    assert!(err.contains("name cannot be empty"), "{err}");
}

#[test]
fn an_unknown_fact_kind_is_bad_input_and_lists_the_kinds() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ada"]);
    let err = kith.fails(&["fact", "add", "ada", "hobby", "chess"], 3);
    assert!(err.contains("unknown fact kind `hobby`"), "{err}");
    assert!(err.contains("origin, goal, interest, plan"), "{err}");
}

#[test]
fn an_unparseable_email_is_bad_input() {
    let kith = Kith::new();
    let err = kith.fails(&["person", "add", "Ada", "--email", "ada.example.com"], 3);
    assert!(
        err.contains("`ada.example.com` is not an email address"),
        "{err}"
    );
    assert_eq!(
        kith.json(&["people"]),
        serde_json::json!([]),
        "nothing was written"
    );
}

#[test]
fn an_unknown_person_is_not_found() {
    let kith = Kith::new();
    let err = kith.fails(&["show", "Nobody"], 4);
    assert!(err.contains("nobody matches `Nobody`"), "{err}");
    kith.fails(&["fact", "add", "12345", "goal", "x"], 4);
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Іван Петренко"]);
    kith.ok(&["person", "add", "Ivan Franko"]);
    let err = kith.fails(&["show", "ivan"], 4);
    assert!(err.contains("matches 2 people"), "{err}");
    assert!(err.contains("Іван Петренко (id 2)"), "{err}");
    assert!(err.contains("Ivan Franko (id 3)"), "{err}");
    // An exact name wins over names that merely contain it.
    kith.ok(&["person", "add", "Ivan"]);
    assert_eq!(kith.json(&["show", "ivan"])["name"], "Ivan");
}

#[test]
fn a_name_matching_many_people_lists_the_first_few() {
    let kith = Kith::new();
    kith.ok(&["demo", "--no-serve"]);
    let err = kith.fails(&["show", "a"], 4);
    assert!(err.contains("`a` matches more than 10 people"), "{err}");
    assert_eq!(err.matches("(id ").count(), 10, "{err}");
}

#[test]
fn a_database_in_a_missing_folder_is_bad_input() {
    let kith = Kith::new();
    let missing = kith.dir().join("no/such/folder/kith.db");
    let mut command = kith.bare();
    command.arg("--db").arg(&missing).arg("people");
    let err = util::run_fails(command, 3);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!kith.dir().join("no").exists());
}

#[test]
fn a_file_that_is_not_a_kith_database_is_refused_and_left_as_it_was() {
    let kith = Kith::new();
    let content = "name,email\nAda,ada@example.com\n".repeat(100);
    std::fs::write(kith.db(), &content).unwrap();
    let err = kith.fails(&["person", "add", "Bob"], 3);
    assert!(err.contains("is not a kith database"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(std::fs::read_to_string(kith.db()).unwrap(), content);
}

#[test]
fn a_database_from_a_newer_kith_is_refused() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ada"]);
    let conn = rusqlite::Connection::open(kith.db()).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = kith.fails(&["people"], 3);
    assert!(err.contains("newer kith"), "{err}");
    assert!(err.contains("999"), "{err}");
}

#[test]
fn an_unreadable_now_is_bad_input() {
    let kith = Kith::new();
    let err = kith.fails(&["--now", "next tuesday", "people"], 3);
    assert!(err.contains("`next tuesday` is not a date"), "{err}");
}

#[test]
fn a_usage_error_exits_with_2() {
    let kith = Kith::new();
    kith.fails(&["person"], 2);
    kith.fails(&["people", "--limit", "many"], 2);
    kith.fails(&["frobnicate"], 2);
}

#[test]
fn a_reader_that_stops_early_ends_kith_quietly() {
    use std::io::Read as _;
    use std::process::Stdio;

    let kith = Kith::new();
    kith.ok(&["demo", "--no-serve"]);
    // The listing is larger than a pipe's buffer, so kith is still writing when the reader
    // goes away, as with `kith people --json | head`.
    let mut child = kith
        .cmd(&["people", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
