//! Imports started from the Import page: each is a job that reads the uploaded file (saved in
//! a temporary folder under the name it was uploaded with, since formats are told by name and
//! first bytes) with the same importer `kith import` uses, then writes it in one transaction,
//! while the status page shows how far it has come. A kith JSON export is loaded as it is,
//! into an empty database only, as `kith import` does.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use kith_import::walk::{self, Progress};
use kith_store::Store;

use crate::{Error, Settings};

/// The imports of this process, by number.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    next: AtomicU64,
    jobs: Mutex<BTreeMap<u64, Arc<Job>>>,
}

/// How many finished imports the page keeps listing.
const KEPT: usize = 20;

impl Imports {
    /// Starts a job for `file`, unless another is under way: two imports at once would race
    /// for the same people.
    pub(crate) fn start(&self, file: String) -> Result<(u64, Arc<Job>), Error> {
        let mut jobs = self.lock();
        if let Some(running) = jobs.values().find(|job| !job.state().is_finished()) {
            return Err(Error::Busy(format!(
                "`{}` is still being imported; wait until it is done, then upload the next \
                 file",
                running.file
            )));
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let job = Arc::new(Job {
            file,
            total: AtomicU64::new(0),
            read: AtomicU64::new(0),
            state: Mutex::new(State::Reading),
        });
        jobs.insert(id, Arc::clone(&job));
        while jobs.len() > KEPT {
            jobs.pop_first();
        }
        Ok((id, job))
    }

    pub(crate) fn get(&self, id: u64) -> Option<Arc<Job>> {
        self.lock().get(&id).cloned()
    }

    /// The jobs, newest first.
    pub(crate) fn list(&self) -> Vec<(u64, Arc<Job>)> {
        self.lock()
            .iter()
            .rev()
            .map(|(id, job)| (*id, Arc::clone(job)))
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Job>>> {
        // The map is changed by single inserts and removals: whole even after a panic.
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One import.
#[derive(Debug)]
pub(crate) struct Job {
    /// The file's name, as uploaded.
    pub(crate) file: String,
    total: AtomicU64,
    read: AtomicU64,
    state: Mutex<State>,
}

/// Where an import is.
#[derive(Debug, Clone)]
pub(crate) enum State {
    /// Reading the file.
    Reading,
    /// Writing what was read.
    Writing,
    /// Done: what changed.
    Done(Summary),
    /// Nothing was written: why.
    Failed(String),
}

impl State {
    pub(crate) fn is_finished(&self) -> bool {
        matches!(self, Self::Done(_) | Self::Failed(_))
    }
}

/// What an import changed, as `kith import` reports it.
#[derive(Debug, Clone)]
pub(crate) enum Summary {
    /// An export of some service, resolved into the network.
    Imported {
        files: usize,
        bytes: u64,
        people_added: u64,
        people_updated: u64,
        people_merged: u64,
        identities_added: u64,
        interactions_added: u64,
        warnings: Vec<String>,
    },
    /// A kith export, loaded as it was.
    Loaded(kith_store::export::Loaded),
}

impl Job {
    pub(crate) fn state(&self) -> State {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Ends the job as failed, before it could start.
    pub(crate) fn fail(&self, why: String) {
        self.set(State::Failed(format!(
            "`{}` was not imported, and nothing was written: {why}",
            self.file
        )));
    }

    fn set(&self, state: State) {
        *self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = state;
    }

    /// Bytes read so far, and in all (0 until known).
    pub(crate) fn progress(&self) -> (u64, u64) {
        (
            self.read.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Imports `file` (inside `folder`, removed afterwards) into `store`, recording where it
    /// is and how it ended.
    pub(crate) fn run(
        &self,
        store: &mut Store,
        settings: &Settings,
        now: Timestamp,
        folder: tempfile::TempDir,
        file: PathBuf,
    ) {
        let state = match self.import(store, settings, now, file) {
            Ok(summary) => State::Done(summary),
            Err(err) => State::Failed(format!(
                "`{}` was not imported, and nothing was written: {err}",
                self.file
            )),
        };
        drop(folder);
        self.set(state);
    }

    fn import(
        &self,
        store: &mut Store,
        settings: &Settings,
        now: Timestamp,
        file: PathBuf,
    ) -> Result<Summary, Error> {
        if is_export(&file)? {
            self.set(State::Writing);
            let input = std::fs::File::open(&file)
                .map_err(|err| Error::Internal(format!("reopening the upload: {err}")))?;
            return Ok(Summary::Loaded(store.load_export(input)?));
        }
        let options = walk::Options {
            format: None,
            zone: settings.zone.clone(),
        };
        let (tally, report) = walk::read(&[file], &options, &mut Counter(self))
            .map_err(|err| Error::Input(err.to_string()))?;
        self.set(State::Writing);
        let records = tally.finish().into_records(settings.region);
        let plan = store.directory()?.plan(records.records);
        let imported = store.write(|w| w.apply(&plan, now))?;
        Ok(Summary::Imported {
            files: report.files,
            bytes: report.bytes,
            people_added: imported.people_added,
            people_updated: imported.people_updated,
            people_merged: imported.people_merged,
            identities_added: imported.identities_added,
            interactions_added: imported.interactions_added,
            warnings: records.warnings,
        })
    }
}

/// Whether the file is a kith JSON export, told by its first bytes as `kith import` does.
pub(crate) fn is_export(file: &std::path::Path) -> Result<bool, Error> {
    Ok(kith_store::export::is_export(&head(file, 1024)?))
}

/// The first `size` bytes of a file (fewer if it is shorter).
pub(crate) fn head(file: &std::path::Path, size: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(file)
        .and_then(|opened| opened.take(size).read_to_end(&mut head))
        .map_err(|err| Error::Internal(format!("reading the upload back: {err}")))?;
    Ok(head)
}

/// Counts the bytes the importer reads, for the status page.
struct Counter<'a>(&'a Job);

impl Progress for Counter<'_> {
    fn start(&mut self, bytes: u64) {
        self.0.total.store(bytes, Ordering::Relaxed);
    }

    fn advance(&mut self, bytes: u64) {
        self.0.read.fetch_add(bytes, Ordering::Relaxed);
    }
}
