//! Backups: consistent copies of the database taken while it is in use, checks that a file is
//! a sound kith database before it is restored, and the automatic backups kept beside the
//! database before anything that rewrites it wholesale (a schema upgrade, a merge).

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::Offset;
use rusqlite::{Connection, OpenFlags};

use crate::{Error, Store, open};

/// How many automatic backups are kept beside a database.
pub const KEPT: usize = 10;

impl Store {
    /// Writes a consistent copy of the database to `target`, which must not exist yet. Others
    /// may go on reading and writing meanwhile: the copy is the database as of one moment.
    pub fn backup_to(&self, target: &Path) -> Result<(), Error> {
        if target.exists() {
            return Err(Error::Conflict(format!(
                "{} exists already; choose a new file for the backup",
                target.display()
            )));
        }
        let target = target.to_str().ok_or_else(|| {
            Error::Conflict(format!(
                "{} is not a path SQLite can write to",
                target.display()
            ))
        })?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// Takes an automatic backup into the folder beside the database (`kith.db.backups`),
    /// named by the moment and the reason, and keeps only the newest [`KEPT`]. Returns where
    /// it went; a database that lives in memory has no backups.
    pub fn auto_backup(&self, reason: &str, now: Timestamp) -> Result<Option<PathBuf>, Error> {
        let Some(path) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        else {
            return Ok(None);
        };
        take(&self.conn, &path, reason, now).map(Some)
    }
}

/// The folder where a database's automatic backups live.
pub fn backups_folder(database: &Path) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_owned();
    name.push(".backups");
    database.with_file_name(name)
}

pub(crate) fn take(
    conn: &Connection,
    database: &Path,
    reason: &str,
    now: Timestamp,
) -> Result<PathBuf, Error> {
    let folder = backups_folder(database);
    std::fs::create_dir_all(&folder).map_err(|err| io(&folder, err))?;
    let stamp = Offset::UTC
        .to_datetime(now)
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let mut target = folder.join(format!("{stamp}-{reason}.db"));
    let mut attempt = 1;
    while target.exists() {
        attempt += 1;
        target = folder.join(format!("{stamp}-{reason}-{attempt}.db"));
    }
    let text = target.to_str().ok_or_else(|| {
        Error::Conflict(format!(
            "{} is not a path SQLite can write to",
            target.display()
        ))
    })?;
    conn.execute("VACUUM INTO ?1", [text])?;
    prune(&folder)?;
    Ok(target)
}

/// Keeps the newest [`KEPT`] backups; names start with their time, so they sort by age.
fn prune(folder: &Path) -> Result<(), Error> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|err| io(folder, err))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "db"))
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(KEPT);
    for old in &backups[..excess] {
        std::fs::remove_file(old).map_err(|err| io(old, err))?;
    }
    Ok(())
}

/// Checks that `path` is a kith database this build can open and that SQLite finds it sound,
/// reading only.
pub fn check_backup(path: &Path) -> Result<(), Error> {
    if !path.is_file() {
        return Err(Error::NotFound(format!(
            "there is no file {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    open::check_kith(&conn, path)?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if integrity != "ok" {
        return Err(Error::NotKith {
            path: path.to_owned(),
            reason: format!("SQLite finds it damaged: {integrity}"),
        });
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version == 0 {
        return Err(Error::NotKith {
            path: path.to_owned(),
            reason: "it is empty".into(),
        });
    }
    Ok(())
}

fn io(path: &Path, err: std::io::Error) -> Error {
    Error::Conflict(format!("{}: {err}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kith_core::{Name, NewPerson, Source};

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_backup_is_a_sound_copy_and_old_automatic_ones_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let mut store = Store::open(&path).unwrap();
        let ada = NewPerson::new(Name::parse("Ada").unwrap(), Source::manual());
        store
            .write(|w| w.add_person(&ada, at("2026-01-01T00:00:00Z")))
            .unwrap();
        let copy = dir.path().join("copy.db");
        store.backup_to(&copy).unwrap();
        check_backup(&copy).unwrap();
        assert_eq!(Store::open(&copy).unwrap().counts().unwrap().people, 1);
        assert!(
            store.backup_to(&copy).is_err(),
            "an existing file is never overwritten"
        );

        for hour in 0..12 {
            let now = at("2026-01-01T00:00:00Z") + jiff::SignedDuration::from_hours(hour);
            store.auto_backup("before-merge", now).unwrap();
        }
        let kept = std::fs::read_dir(backups_folder(&path)).unwrap().count();
        assert_eq!(kept, KEPT);
    }

    #[test]
    fn a_file_that_is_not_a_kith_database_is_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "not a database").unwrap();
        assert!(matches!(check_backup(&path), Err(Error::NotKith { .. })));
    }
}
