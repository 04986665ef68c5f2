//! `kith import` on real export files: detection, identity resolution across sources,
//! re-imports that add nothing, archives, and bad input that leaves the database untouched.

mod util;

use std::path::{Path, PathBuf};

use serde_json::Value;
use util::Kith;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn fixtures(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kith-import/tests/data")
        .join(path)
}

fn import(kith: &Kith, path: &Path) -> Value {
    let path = path.to_str().unwrap();
    kith.json(&["import", path, "--zone", "UTC"])
}

fn person<'a>(people: &'a Value, name: &str) -> &'a Value {
    people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {people:#}"))
}

#[test]
fn the_same_people_from_four_sources_become_one_person_each() {
    let kith = Kith::new();
    let summary = import(&kith, &data("cross_source"));
    let people = kith.json(&["people"]);
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    // Олена, Jürgen, Zoë, Bartholomew, and two different Ivan Petrenkos (their emails
    // differ); the user's own card and accounts are "me", never a contact.
    assert_eq!(names.len(), 6, "{names:?}\n{summary:#}");
    assert_eq!(summary["people_added"], 6, "{summary:#}");
    assert!(!names.iter().any(|name| name.contains("Sam")), "{names:?}");

    let olena = person(&people, "Олена Коваль");
    assert_eq!(
        olena["sources"],
        serde_json::json!(["linkedin", "telegram", "vcard", "whatsapp"])
    );
    assert_eq!(
        olena["emails"],
        serde_json::json!(["olena.koval@example.com"])
    );
    assert_eq!(olena["phones"], serde_json::json!(["+380671234567"]));
    assert_eq!(olena["last_interaction"], "2024-05-02T10:05:00Z");
    assert_eq!(olena["interactions"], 2 + 3);

    let jurgen = person(&people, "Jürgen Müller");
    assert_eq!(
        jurgen["sources"],
        serde_json::json!(["linkedin", "vcard", "whatsapp"]),
        "LinkedIn's Juergen Mueller and WhatsApp's +49 number are him"
    );
    let zoe = person(&people, "Zoë Quill");
    assert_eq!(
        zoe["sources"],
        serde_json::json!(["linkedin", "telegram", "vcard", "whatsapp"])
    );
    let me = kith.json(&["show", "me"]);
    let my_identities: Vec<&str> = me["identities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert!(my_identities.contains(&"+15550100000"), "{me:#}");
}

#[test]
fn importing_the_same_export_again_adds_nothing() {
    let kith = Kith::new();
    import(&kith, &data("cross_source"));
    let before = kith.json(&["people"]);
    let again = import(&kith, &data("cross_source"));
    for count in [
        "people_added",
        "people_updated",
        "people_merged",
        "identities_added",
        "interactions_added",
    ] {
        assert_eq!(again[count], 0, "{count} in {again:#}");
    }
    assert_eq!(kith.json(&["people"]), before);
}

#[test]
fn every_fixture_imports() {
    for fixture in [
        "vcard", "linkedin", "google", "outlook", "facebook", "telegram", "whatsapp", "mbox",
    ] {
        let kith = Kith::new();
        let summary = import(&kith, &fixtures(fixture));
        assert!(
            summary["people_added"].as_u64().unwrap() > 0,
            "{fixture}: {summary:#}"
        );
    }
}

#[test]
fn a_zip_archive_imports_like_the_folder_it_holds() {
    let kith = Kith::new();
    let archive = kith.dir().join("export.zip");
    zip_folder(&data("cross_source"), &archive);
    let from_zip = import(&kith, &archive);
    assert_eq!(from_zip["people_added"], 6, "{from_zip:#}");
}

#[test]
fn a_named_file_of_no_known_format_is_bad_input() {
    let kith = Kith::new();
    let notes = kith.dir().join("notes.txt");
    std::fs::write(&notes, "just some notes\n").unwrap();
    let err = kith.fails(&["import", notes.to_str().unwrap()], 3);
    assert!(err.contains("not an export kith can read"), "{err}");
    assert!(
        err.contains("vcard"),
        "the error lists what was tried: {err}"
    );
}

#[test]
fn files_of_no_known_format_inside_a_folder_are_skipped_with_a_warning() {
    let kith = Kith::new();
    let folder = kith.dir().join("export");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        data("cross_source/vcard/contacts.vcf"),
        folder.join("contacts.vcf"),
    )
    .unwrap();
    std::fs::write(folder.join("photo.jpg"), [0xff, 0xd8, 0xff, 0xe0]).unwrap();
    let summary = import(&kith, &folder);
    assert_eq!(summary["people_added"], 6, "{summary:#}");
    let warnings = summary["warnings"].to_string();
    assert!(warnings.contains("skipped 1 file"), "{warnings}");
}

#[test]
fn a_truncated_export_fails_the_whole_import_and_writes_nothing() {
    let kith = Kith::new();
    let folder = kith.dir().join("export");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        data("cross_source/vcard/contacts.vcf"),
        folder.join("contacts.vcf"),
    )
    .unwrap();
    let telegram = std::fs::read(data("cross_source/telegram/result.json")).unwrap();
    std::fs::write(folder.join("result.json"), &telegram[..telegram.len() / 2]).unwrap();
    let err = kith.fails(&["import", folder.to_str().unwrap()], 3);
    assert!(
        err.contains("result.json"),
        "the error names the file: {err}"
    );
    assert_eq!(
        kith.json(&["people"]),
        serde_json::json!([]),
        "nothing was written"
    );
}

#[test]
fn message_text_is_never_stored() {
    let kith = Kith::new();
    import(&kith, &data("cross_source"));
    let database = std::fs::read(kith.db()).unwrap();
    let wal = std::fs::read(kith.db().with_extension("db-wal")).unwrap_or_default();
    for body in [
        "Are we still on for Friday?",
        "Привіт! Як справи?",
        "Hallo zusammen",
    ] {
        for file in [&database, &wal] {
            assert!(
                !file.windows(body.len()).any(|w| w == body.as_bytes()),
                "found message text {body:?} in the database"
            );
        }
    }
}

fn zip_folder(folder: &Path, archive: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(archive).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![folder.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(folder)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned();
                zip.start_file(name, options).unwrap();
                std::io::copy(&mut std::fs::File::open(&path).unwrap(), &mut zip).unwrap();
            }
        }
    }
    zip.finish().unwrap();
}

fn names(people: &Value) -> Vec<&str> {
    people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

#[test]
fn the_sift_views_pick_strangers_the_inactive_and_the_never_talked() {
    let kith = Kith::new();
    import(&kith, &data("cross_source"));
    let sift = |view: &[&str]| {
        let mut args = vec!["--now", "2024-06-01", "people"];
        args.extend(view);
        kith.json(&args)
    };
    // LinkedIn's positions and the vCard's organisations are facts; the vCard's Іван has none.
    assert_eq!(names(&sift(&["--strangers"])), ["Іван Петренко"]);
    let never = ["Bartholomew Ng", "Ivan Petrenko", "Іван Петренко"];
    assert_eq!(names(&sift(&["--never-talked"])), never);
    // Zoë and Jürgen last wrote in the WhatsApp group in February 2023; Олена in May 2024.
    let year = [
        "Bartholomew Ng",
        "Ivan Petrenko",
        "Іван Петренко",
        "Jürgen Müller",
        "Zoë Quill",
    ];
    assert_eq!(names(&sift(&["--inactive", "1y"])), year);
    assert_eq!(names(&sift(&["--inactive", "2y"])), never);
    let err = kith.fails(&["people", "--inactive", "5x"], 3);
    assert!(err.contains("`5x` is not a duration"), "{err}");
    kith.fails(&["people", "--strangers", "--never-talked"], 2);
}
