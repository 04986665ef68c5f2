//! `kith backup` and `kith restore`.

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::context::{BadInput, Options, open_store};
use crate::output::print_json;

#[derive(Debug, Serialize)]
struct BackupJson<'a> {
    path: &'a Path,
    bytes: u64,
}

#[derive(Debug, Serialize)]
struct RestoreJson<'a> {
    db: &'a Path,
    restored_from: &'a Path,
    /// Where the database that was replaced was kept, if there was one.
    previous: Option<&'a Path>,
}

pub(crate) fn backup(options: &Options, path: &Path) -> anyhow::Result<()> {
    let context = options.open()?;
    context.store.backup_to(path)?;
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if options.json {
        return print_json(&BackupJson { path, bytes });
    }
    say!(
        "Backed up to {} ({:.1} MB). `kith restore {}` brings it back.",
        path.display(),
        bytes as f64 / 1e6,
        path.display()
    );
    Ok(())
}

pub(crate) fn restore(options: &Options, backup: &Path, force: bool) -> anyhow::Result<()> {
    kith_store::check_backup(backup)
        .with_context(|| format!("checking the backup {}", backup.display()))?;
    let target = options.db_path()?;
    let mut previous = None;
    if target.exists() {
        let store = open_store(&target)?;
        let holds_people = store.counts()?.people > 0;
        if holds_people && !force {
            return Err(BadInput(format!(
                "{} holds people; restoring would replace them. Pass --force to restore anyway \
                 (kith keeps a backup of the current database first)",
                target.display()
            ))
            .into());
        }
        previous = store.auto_backup("before-restore", options.now)?;
    }
    replace(&target, backup)?;
    // Opening brings a backup from an older kith up to date.
    drop(open_store(&target)?);
    if options.json {
        return print_json(&RestoreJson {
            db: &target,
            restored_from: backup,
            previous: previous.as_deref(),
        });
    }
    say!("Restored {} from {}.", target.display(), backup.display());
    if let Some(previous) = previous {
        say!(
            "The database it replaced is kept at {}.",
            previous.display()
        );
    }
    Ok(())
}

/// Puts a copy of `backup` where `target` is, all at once: copied beside it, then renamed
/// over it, so that a failure half-way leaves the old database as it was.
fn replace(target: &Path, backup: &Path) -> anyhow::Result<()> {
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let copy = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("writing beside {}", target.display()))?;
    std::fs::copy(backup, copy.path()).with_context(|| format!("copying {}", backup.display()))?;
    copy.as_file().sync_all()?;
    // The old database's write-ahead log must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(&side) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err)
                    .with_context(|| format!("removing {}", Path::new(&side).display()));
            }
            _ => {}
        }
    }
    copy.persist(target)
        .with_context(|| format!("replacing {}", target.display()))?;
    Ok(())
}
