//! Crash safety: `kith import` killed with SIGKILL at many points leaves a database that opens,
//! passes SQLite's integrity check, and holds everything from before the import or everything
//! after it, never a mix.

mod util;

use std::time::Instant;

use util::Kith;

/// A vCard file of `cards` people, each with an email, large enough that an import takes a
/// while to read and to write.
fn big_vcard(cards: usize) -> String {
    let mut text = String::with_capacity(cards * 120);
    for i in 0..cards {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:person{i}@example.com\r\n\
             ORG:Company {};\r\nEND:VCARD\r\n",
            i % 97
        ));
    }
    text
}

fn people(kith: &Kith) -> usize {
    kith.json(&["people"]).as_array().unwrap().len()
}

#[test]
fn a_killed_import_leaves_the_database_as_before_or_as_after() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Before The Import"]);
    let export = kith.dir().join("contacts.vcf");
    let cards = 8_000;
    std::fs::write(&export, big_vcard(cards)).unwrap();

    // How long a whole import takes here, to spread the kills over it.
    let probe = Kith::new();
    let started = Instant::now();
    probe.ok(&["import", export.to_str().unwrap()]);
    let whole = started.elapsed();

    let mut seen_before = 0;
    for attempt in 0..12u32 {
        let mut import = kith
            .cmd(&["import", export.to_str().unwrap()])
            .spawn()
            .unwrap();
        // From the very start to a little past the end, in even steps.
        std::thread::sleep(whole.mul_f64(f64::from(attempt) / 10.0));
        let _ = import.kill();
        let _ = import.wait();

        let conn = rusqlite::Connection::open(kith.db()).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "after a kill at attempt {attempt}");
        drop(conn);
        match people(&kith) {
            1 => seen_before += 1,
            n if n == cards + 1 => break,
            n => panic!("a kill at attempt {attempt} left {n} people: a partial import"),
        }
    }
    assert!(
        seen_before > 0,
        "at least one kill came before the import was written"
    );
    // Whatever the kills left, finishing the import once more gives everything, once.
    kith.ok(&["import", export.to_str().unwrap()]);
    assert_eq!(people(&kith), cards + 1);
}
