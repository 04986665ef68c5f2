//! Opening a database: recognising a kith file, refusing anything else untouched, and bringing
//! the schema up to date with numbered, append-only migrations.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Store};

/// Marks a SQLite file as kith's (`PRAGMA application_id`): the bytes of "kith".
const APPLICATION_ID: i32 = i32::from_be_bytes(*b"kith");

/// The schema's history. Each entry upgrades version `i` to `i + 1`; entries are never edited
/// or removed once released, only appended.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_people_and_facts.sql"),
    include_str!("migrations/0002_followups.sql"),
    include_str!("migrations/0003_outreach.sql"),
    include_str!("migrations/0004_language.sql"),
    include_str!("migrations/0005_queued.sql"),
    include_str!("migrations/0006_cadence.sql"),
    include_str!("migrations/0007_fact_by_kind.sql"),
    include_str!("migrations/0008_intros.sql"),
    include_str!("migrations/0009_matching.sql"),
    include_str!("migrations/0010_pairing.sql"),
];

/// The schema version this build writes.
const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

impl Store {
    /// Opens the kith database at `path`, creating it if the file does not exist, and upgrades
    /// its schema.
    ///
    /// A file that is not a kith database, or one written by a newer kith, is refused before
    /// anything is written to it. The folder must exist.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if folder.is_some_and(|folder| !folder.is_dir()) {
            return Err(Error::MissingFolder(path.to_owned()));
        }
        if path.is_dir() {
            return Err(not_kith(path, "it is a folder"));
        }
        let conn = Connection::open(path)?;
        check_kith(&conn, path)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if (1..SCHEMA_VERSION).contains(&version) {
            // An upgrade rewrites tables: keep the database as it was, beside it, first.
            crate::backup::take(
                &conn,
                path,
                &format!("before-schema-{SCHEMA_VERSION}"),
                jiff::Timestamp::now(),
            )?;
        }
        let mut store = Self { conn };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// A number that changes whenever anyone else — another connection, another process —
    /// commits a change to the database (SQLite's `PRAGMA data_version`). It is this
    /// connection's own count: compare values read through the same `Store`, one that does not
    /// write, to tell whether what was read from the database is still as it was.
    pub fn data_version(&self) -> Result<u64, Error> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?;
        Ok(version as u64)
    }

    /// Opens a fresh database that lives in memory only, for tests and throw-away work.
    pub fn open_in_memory() -> Result<Self, Error> {
        let mut store = Self {
            conn: Connection::open_in_memory()?,
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    fn configure(&self) -> Result<(), Error> {
        // WAL lets a reader (the web UI) run beside a writer (an import); NORMAL is durable
        // in WAL mode except for the last transactions on power loss, never corrupting.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // 16 MiB of page cache (the default is 2 MiB): large writes spill less, and the peak
        // memory of an import stays well below what a script reading the same export needs.
        self.conn.pragma_update(None, "cache_size", -16384)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), Error> {
        let tx = self.conn.transaction()?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let application_id: i32 =
            tx.pragma_query_value(None, "application_id", |row| row.get(0))?;
        if version == SCHEMA_VERSION && application_id == APPLICATION_ID {
            // Up to date: writing nothing leaves the file as it was, byte for byte, for
            // commands that only read and commands that refuse their input.
            return Ok(());
        }
        for (index, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(migration)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }
}

/// Whether `path` holds a database made by `kith demo`, which may be replaced without asking.
/// Reads only; a missing file is not one.
pub fn is_demo_database(path: &Path) -> Result<bool, Error> {
    if !path.is_file() {
        return Ok(false);
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if check_kith(&conn, path).is_err() || !has_table(&conn, "meta")? {
        return Ok(false);
    }
    let purpose: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'purpose'", [], |row| {
            row.get(0)
        })
        .map(Some)
        .or_else(|err| match err {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            err => Err(err),
        })?;
    Ok(purpose.as_deref() == Some("demo"))
}

/// Accepts a kith database or an empty file; refuses anything else, reading only.
pub(crate) fn check_kith(conn: &Connection, path: &Path) -> Result<(), Error> {
    let read = |pragma: &str| -> Result<i64, Error> {
        conn.pragma_query_value(None, pragma, |row| row.get(0))
            .map_err(|err| match err.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => {
                    not_kith(path, "it is not a SQLite database")
                }
                _ => Error::Other(err),
            })
    };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    if application_id != i64::from(APPLICATION_ID) {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if application_id != 0 || version != 0 || tables != 0 {
            return Err(not_kith(path, "it is another program's SQLite database"));
        }
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn has_table(conn: &Connection, name: &str) -> Result<bool, Error> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [name],
        |row| row.get(0),
    )?;
    Ok(count > 0)
}

fn not_kith(path: &Path, reason: &str) -> Error {
    Error::NotKith {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_is_created_at_the_latest_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn the_data_version_changes_with_every_change_another_connection_commits_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let watcher = Store::open(&path).unwrap();
        let mut writer = Store::open(&path).unwrap();
        let before = watcher.data_version().unwrap();
        assert_eq!(watcher.data_version().unwrap(), before, "nothing changed");
        let name = kith_core::Name::parse("Zoë Adams").unwrap();
        let zoe = writer
            .write(|w| {
                w.add_person(
                    &kith_core::NewPerson::new(name, kith_core::Source::manual()),
                    jiff::Timestamp::UNIX_EPOCH,
                )
            })
            .unwrap();
        let changed = watcher.data_version().unwrap();
        assert_ne!(changed, before, "a commit elsewhere is seen");
        // Noting again who was queued on a day already noted changes nothing.
        writer
            .write(|w| w.note_queued(&[zoe], "2026-11-26"))
            .unwrap();
        let noted = watcher.data_version().unwrap();
        writer
            .write(|w| w.note_queued(&[zoe], "2026-11-26"))
            .unwrap();
        assert_eq!(
            watcher.data_version().unwrap(),
            noted,
            "a write that changes nothing"
        );
        assert_ne!(noted, changed);
    }

    #[test]
    fn reopening_a_database_keeps_it_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).unwrap());
        let store = Store::open(&path).unwrap();
        assert_eq!(store.me().unwrap().name.as_str(), "Me");
    }

    #[test]
    fn opening_an_up_to_date_database_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).unwrap());
        let before = std::fs::read(&path).unwrap();
        let store = Store::open(&path).unwrap();
        store.counts().unwrap();
        drop(store);
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn an_older_database_is_upgraded_and_keeps_its_people() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.execute(
            "INSERT INTO person (name, name_key, created_at) VALUES ('Ada', 'ada', 0)",
            [],
        )
        .unwrap();
        drop(conn);
        let store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let backups: Vec<_> = std::fs::read_dir(crate::backups_folder(&path))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            backups.len(),
            1,
            "the old database is kept before the upgrade"
        );
        assert!(backups[0].contains("before-schema"), "{backups:?}");
        assert!(store.followups(crate::Due::All).unwrap().is_empty());
        let ada = store.find(
            &kith_core::PersonRef::parse("ada").unwrap(),
            crate::Scope::Active,
        );
        assert_eq!(ada.unwrap().name.as_str(), "Ada");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        let content = "these are my notes, not a database\n".repeat(200);
        std::fs::write(&path, &content).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, Error::NotKith { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn another_programs_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(err.to_string().contains("another program's"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_database_from_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        drop(Store::open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, Error::NewerSchema { found, known, .. } if found == known + 1),
            "{err}"
        );
    }

    #[test]
    fn a_path_in_a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("kith.db");
        assert!(matches!(Store::open(&path), Err(Error::MissingFolder(_))));
        assert!(!dir.path().join("missing").exists());
    }

    #[test]
    fn only_databases_marked_as_demo_count_as_demo_databases() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        assert!(!is_demo_database(&path).unwrap());
        let mut store = Store::open(&path).unwrap();
        assert!(!is_demo_database(&path).unwrap());
        store.write(|w| w.mark_as_demo()).unwrap();
        assert!(is_demo_database(&path).unwrap());
    }
}
