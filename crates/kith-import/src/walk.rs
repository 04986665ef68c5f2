//! Finding and reading the files of an import: files named on the command line, folders
//! walked recursively, `.zip` archives read entry by entry without unpacking them. Each file's
//! format is detected from its name and first bytes; inside folders and archives, files of no
//! known format (photos, settings, other data the services include) are skipped and counted.
//! Files are read in parallel, each into a tally of its own, and merged in listing order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use jiff::tz::TimeZone;

use crate::error::Error;
use crate::formats::{self, Format, HEAD, Input};
use crate::record::Sink as _;
use crate::tally::Tally;

/// How to read an import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Read every file as this format instead of detecting it (`--source`). Inside folders
    /// and archives, files that do not look like it are skipped.
    pub format: Option<Format>,
    /// The zone in which times without one are read (WhatsApp, old Telegram exports).
    pub zone: TimeZone,
}

/// Hears how far an import has come, to show progress.
pub trait Progress {
    /// The import will read `bytes` bytes in all.
    fn start(&mut self, bytes: u64);
    /// `bytes` more bytes were read.
    fn advance(&mut self, bytes: u64);
}

/// No progress to show.
#[derive(Debug)]
pub struct Silent;

impl Progress for Silent {
    fn start(&mut self, _bytes: u64) {}
    fn advance(&mut self, _bytes: u64) {}
}

/// What was read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Files read.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Files skipped because kith does not know their format.
    pub skipped: usize,
}

/// One file to read: on disk, or an entry of a zip archive.
#[derive(Debug)]
struct Unit {
    shown: PathBuf,
    place: Place,
    size: u64,
    /// Named on the command line, rather than found in a folder or archive.
    named: bool,
}

#[derive(Debug)]
enum Place {
    Disk(PathBuf),
    Zip { archive: PathBuf, index: usize },
}

/// Reads everything under `paths` into a [`Tally`], on as many threads as there are cores.
/// Fails on a named file of no known format, and on the first file (in the order the files
/// are listed) that looks like a known format but is malformed.
pub fn read(
    paths: &[PathBuf],
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<(Tally, Report), Error> {
    let mut units = Vec::new();
    for path in paths {
        collect(path, true, &mut units)?;
    }
    progress.start(units.iter().map(|unit| unit.size).sum());
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, units.len().max(1));
    let next = AtomicUsize::new(0);
    let bytes_read = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Result<Option<Tally>, Error>)>();
    let mut merged = Merge::default();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (units, next, bytes_read, failed) = (&units, &next, &bytes_read, &failed);
            scope.spawn(move || {
                let mut archive = None;
                while !failed.load(Ordering::Relaxed) {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(unit) = units.get(index) else { break };
                    let result = read_unit(unit, options, bytes_read, &mut archive);
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    if send.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut shown = 0;
        loop {
            let received = receive.recv_timeout(Duration::from_millis(100));
            let total = bytes_read.load(Ordering::Relaxed);
            progress.advance(total - shown);
            shown = total;
            match received {
                Ok((index, result)) => merged.add(index, result),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    let (mut tally, skipped) = merged.finish()?;
    let report = Report {
        files: units.len() - skipped,
        bytes: bytes_read.into_inner(),
        skipped,
    };
    if skipped > 0 {
        tally.warn(format!(
            "skipped {skipped} {} of no known format (photos, settings and other data)",
            if skipped == 1 { "file" } else { "files" }
        ));
    }
    Ok((tally, report))
}

/// Puts the tallies of files read in parallel back in the order the files were listed.
#[derive(Debug, Default)]
struct Merge {
    tally: Tally,
    done: BTreeMap<usize, Option<Tally>>,
    next: usize,
    skipped: usize,
    error: Option<(usize, Error)>,
}

impl Merge {
    fn add(&mut self, index: usize, result: Result<Option<Tally>, Error>) {
        match result {
            Ok(tally) => {
                self.done.insert(index, tally);
            }
            // Report the first failing file in listing order, whichever thread saw it first.
            Err(err) if self.error.as_ref().is_none_or(|(first, _)| index < *first) => {
                self.error = Some((index, err));
            }
            Err(_) => {}
        }
        while let Some(tally) = self.done.remove(&self.next) {
            match tally {
                Some(tally) => self.tally.absorb(tally),
                None => self.skipped += 1,
            }
            self.next += 1;
        }
    }

    fn finish(self) -> Result<(Tally, usize), Error> {
        match self.error {
            Some((_, err)) => Err(err),
            None => Ok((self.tally, self.skipped)),
        }
    }
}

/// Reads one file into a tally of its own; `Ok(None)` when it is skipped.
fn read_unit(
    unit: &Unit,
    options: &Options,
    bytes_read: &AtomicU64,
    archive: &mut Option<(PathBuf, zip::ZipArchive<File>)>,
) -> Result<Option<Tally>, Error> {
    let input = Input {
        path: &unit.shown,
        zone: &options.zone,
    };
    match &unit.place {
        Place::Disk(path) => {
            let file = File::open(path).map_err(|err| input.io(err))?;
            read_detected(unit, file, &input, options, bytes_read)
        }
        Place::Zip {
            archive: path,
            index,
        } => {
            if archive.as_ref().is_none_or(|(open, _)| open != path) {
                *archive = Some((path.clone(), open_zip(path)?));
            }
            let (_, zip) = archive.as_mut().expect("the archive was just opened");
            let entry = zip
                .by_index(*index)
                .map_err(|err| zip_error(&unit.shown, err))?;
            read_detected(unit, entry, &input, options, bytes_read)
        }
    }
}

/// Detects a file's format and reads it.
fn read_detected(
    unit: &Unit,
    reader: impl Read,
    input: &Input<'_>,
    options: &Options,
    bytes_read: &AtomicU64,
) -> Result<Option<Tally>, Error> {
    let counted = Counted {
        inner: reader,
        bytes_read,
    };
    let mut buffered = BufReader::with_capacity(64 * 1024, counted);
    let head = fill_head(&mut buffered).map_err(|err| input.io(err))?;
    let name = input.name();
    let detected = match options.format {
        Some(format) if unit.named || format.matches(name, &head) => Some(format),
        Some(_) => None,
        None => Format::detect(name, &head),
    };
    // A text file re-saved as UTF-16 without a BOM reads as binary: say so, rather than that
    // it is of no known format or malformed.
    if (unit.named || detected.is_some())
        && let Some(encoding) = formats::utf16_without_bom(&head)
    {
        return Err(input.utf16(encoding));
    }
    let Some(format) = detected else {
        if unit.named {
            return Err(Error::UnknownFormat {
                file: unit.shown.clone(),
                tried: Format::ALL.map(Format::as_str).to_vec(),
            });
        }
        return Ok(None);
    };
    let mut tally = Tally::new();
    format.read(&mut buffered, input, &mut tally)?;
    Ok(Some(tally))
}

/// The first bytes of a file, for detection, without consuming them.
fn fill_head(reader: &mut BufReader<impl Read>) -> std::io::Result<Vec<u8>> {
    // A decompressing reader may hand out less than is asked; detection wants up to HEAD.
    let available = reader.fill_buf()?;
    Ok(available[..available.len().min(HEAD)].to_vec())
}

/// Counts what is read, for the progress bar.
struct Counted<'a, R> {
    inner: R,
    bytes_read: &'a AtomicU64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.bytes_read.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

fn collect(path: &Path, named: bool, units: &mut Vec<Unit>) -> Result<(), Error> {
    let io = |reason| Error::Io {
        file: path.to_owned(),
        reason,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        // Sorted, so that an import reads its files in the same order every time.
        children.sort();
        for child in children {
            collect(&child, false, units)?;
        }
    } else if is_zip(path) {
        collect_zip(path, units)?;
    } else {
        units.push(Unit {
            shown: path.to_owned(),
            place: Place::Disk(path.to_owned()),
            size: metadata.len(),
            named,
        });
    }
    Ok(())
}

fn is_zip(path: &Path) -> bool {
    let named_zip = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"));
    let mut magic = [0; 4];
    named_zip
        && File::open(path)
            .and_then(|mut file| file.read_exact(&mut magic))
            .is_ok()
        && magic == *b"PK\x03\x04"
}

fn collect_zip(path: &Path, units: &mut Vec<Unit>) -> Result<(), Error> {
    let mut zip = open_zip(path)?;
    let mut entries = Vec::new();
    for index in 0..zip.len() {
        let entry = zip
            .by_index_raw(index)
            .map_err(|err| zip_error(path, err))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|err| zip_error(path, err))?
            .into_owned();
        entries.push((name, index, entry.size()));
    }
    entries.sort();
    for (name, index, size) in entries {
        units.push(Unit {
            shown: path.join(name),
            place: Place::Zip {
                archive: path.to_owned(),
                index,
            },
            size,
            named: false,
        });
    }
    Ok(())
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<File>, Error> {
    let file = File::open(path).map_err(|reason| Error::Io {
        file: path.to_owned(),
        reason,
    })?;
    zip::ZipArchive::new(file).map_err(|err| zip_error(path, err))
}

fn zip_error(path: &Path, err: zip::result::ZipError) -> Error {
    Error::Malformed {
        file: path.to_owned(),
        at: crate::error::Location::File,
        problem: format!("cannot read the archive: {err}; is the download complete?"),
    }
}
