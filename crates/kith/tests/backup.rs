//! Backups and restores through the real binary: a sound copy, a restore that refuses to
//! replace people without --force and keeps what it replaces, and automatic backups before a
//! merge.

mod util;

use util::Kith;

fn names(kith: &Kith) -> Vec<String> {
    kith.json(&["people"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_backup_restores_the_database_as_it_was() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ada Lovelace"]);
    let backup = kith.dir().join("saved.db");
    let saved = kith.json(&["backup", backup.to_str().unwrap()]);
    assert!(saved["bytes"].as_u64().unwrap() > 0);
    let err = kith.fails(&["backup", backup.to_str().unwrap()], 3);
    assert!(err.contains("exists already"), "{err}");

    kith.ok(&["person", "add", "Added Later"]);
    let err = kith.fails(&["restore", backup.to_str().unwrap()], 3);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        names(&kith),
        ["Ada Lovelace", "Added Later"],
        "nothing replaced"
    );

    let restored = kith.json(&["restore", backup.to_str().unwrap(), "--force"]);
    assert_eq!(names(&kith), ["Ada Lovelace"]);
    let previous = restored["previous"].as_str().unwrap();
    assert!(previous.contains("before-restore"), "{restored:#}");
    assert!(
        std::path::Path::new(previous).is_file(),
        "the replaced database is kept"
    );
}

#[test]
fn a_restore_checks_the_backup_first() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Ada Lovelace"]);
    let bogus = kith.dir().join("bogus.db");
    std::fs::write(&bogus, "not a database at all").unwrap();
    let err = kith.fails(&["restore", bogus.to_str().unwrap(), "--force"], 3);
    assert!(err.contains("is not a kith database"), "{err}");
    let missing = kith.dir().join("missing.db");
    kith.fails(&["restore", missing.to_str().unwrap()], 4);
    assert_eq!(names(&kith), ["Ada Lovelace"]);
}

#[test]
fn a_merge_is_preceded_by_an_automatic_backup() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Emma Smith"]);
    kith.ok(&["person", "add", "Emma S."]);
    kith.ok(&["person", "merge", "2", "3"]);
    let folder = kith.dir().join("kith.db.backups");
    let backups: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].ends_with("-before-merge.db"), "{backups:?}");
}
