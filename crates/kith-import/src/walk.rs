//! Finding and reading the files of an import: files named on the command line, folders
//! walked recursively, `.zip` archives read entry by entry without unpacking them. Each file's
//! format is detected from its name and first bytes; inside folders and archives, files of no
//! known format (photos, settings, other data the services include) are skipped and counted.
//! Files are read in parallel, each into a tally of its own, and merged in listing order.
//!
//! Archives come from anywhere, so they are read warily (docs/limits.md): nothing in one is
//! ever written to disk or taken for a path on it, entry names are shown without control
//! characters, archives inside archives and symbolic links are not followed, and an archive
//! may hold at most [`MAX_ENTRIES`] entries and unpack to at most [`MAX_RATIO`] times its own
//! size (plus [`RATIO_ALLOWANCE`]), counting the bytes actually unpacked, not those declared.
//! Inside folders, links to folders (which can loop) and files that are not regular files
//! (pipes, devices, which can block for ever) are skipped.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use jiff::tz::TimeZone;

use crate::error::{Error, Location};
use crate::formats::{self, Format, HEAD, Input};
use crate::record::Sink as _;
use crate::tally::Tally;

/// The most entries kith lists in one archive. Listing costs memory for every entry (about
/// 600 bytes, in the zip reader and here); real exports hold tens of thousands of files,
/// photos and videos included.
pub const MAX_ENTRIES: u64 = 500_000;

/// How many times its own size an archive may unpack to, counting only the files kith reads
/// (files skipped after their first bytes cost next to nothing). Exports compress 2 to 20
/// times (JSON and text; photos not at all); zip bombs, hundreds to thousands of times.
pub const MAX_RATIO: u64 = 100;

/// What any archive may unpack to besides [`MAX_RATIO`] times its size, so that a small
/// archive of very regular text is not taken for a bomb.
pub const RATIO_ALLOWANCE: u64 = 16 << 20;

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
    /// Entry `index` of the archive `archive` of the [`Listing`]; the unit's size is the one
    /// the entry's header declares.
    Zip {
        archive: usize,
        index: usize,
    },
}

/// Everything an import will read, and what was left out while finding it.
#[derive(Debug, Default)]
struct Listing {
    units: Vec<Unit>,
    archives: Vec<Archive>,
    warnings: Vec<String>,
}

/// A zip archive being read, with what it may still unpack to.
#[derive(Debug)]
struct Archive {
    path: PathBuf,
    size: u64,
    /// Bytes the archive may still unpack to, as [`MAX_RATIO`] allows; each file read takes
    /// its declared size from it before it is read past its head.
    budget: AtomicU64,
}

impl Archive {
    fn new(path: &Path, size: u64) -> Self {
        let budget = size
            .saturating_mul(MAX_RATIO)
            .saturating_add(RATIO_ALLOWANCE);
        Self {
            path: path.to_owned(),
            size,
            budget: AtomicU64::new(budget),
        }
    }

    /// Takes `declared` bytes from the budget for the entry `shown`, or says why not.
    fn admit(&self, shown: &Path, declared: u64) -> Result<(), Error> {
        let taken = self
            .budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(declared)
            });
        taken.map(|_| ()).map_err(|_| Error::TooLarge {
            file: shown.to_owned(),
            at: Location::File,
            what: format!(
                "it unpacks to {}, which with the files read before it is more than {MAX_RATIO} \
                 times the size of `{}` ({}). Exports compress far less; archives that do \
                 are built to exhaust the machine that opens them (zip bombs). If this is a \
                 real export, unzip it with a tool you trust and import the folder",
                bytes(declared),
                self.path.display(),
                bytes(self.size)
            ),
        })
    }
}

/// Reads everything under `paths` into a [`Tally`], on as many threads as there are cores.
/// Fails on a named file of no known format, and on the first file (in the order the files
/// are listed) that looks like a known format but is malformed.
pub fn read(
    paths: &[PathBuf],
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<(Tally, Report), Error> {
    let mut listing = Listing::default();
    for path in paths {
        collect(path, true, &mut listing)?;
    }
    let Listing {
        units,
        archives,
        warnings,
    } = listing;
    progress.start(units.iter().map(|unit| unit.size).sum());
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, units.len().max(1));
    let next = AtomicUsize::new(0);
    let bytes_read = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let (send, receive) = mpsc::channel::<(usize, Result<Option<Tally>, Error>)>();
    let mut merged = Merge::default();
    let (units, archives, next, bytes_read, failed) =
        (&units, &archives, &next, &bytes_read, &failed);
    let work = move |send: mpsc::Sender<_>| {
        let mut open = None;
        while !failed.load(Ordering::Relaxed) {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(unit) = units.get(index) else { break };
            let result = read_unit(unit, archives, options, bytes_read, &mut open);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            if send.send((index, result)).is_err() {
                break;
            }
        }
    };
    std::thread::scope(|scope| {
        let mut spawned = 0;
        for _ in 0..workers {
            let send = send.clone();
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || work(send));
            spawned += usize::from(worker.is_ok());
        }
        // Short of threads (a memory limit, a full process table), read here instead.
        if spawned == 0 {
            work(send.clone());
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
        bytes: bytes_read.load(Ordering::Relaxed),
        skipped,
    };
    for warning in warnings {
        tally.warn(warning);
    }
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

/// Reads one file into a tally of its own; `Ok(None)` when it is skipped. `open` is the
/// archive this thread read from last, kept open for the next entry.
fn read_unit(
    unit: &Unit,
    archives: &[Archive],
    options: &Options,
    bytes_read: &AtomicU64,
    open: &mut Option<(usize, zip::ZipArchive<File>)>,
) -> Result<Option<Tally>, Error> {
    let input = Input {
        path: &unit.shown,
        zone: &options.zone,
    };
    match unit.place {
        Place::Disk(ref path) => {
            let file = File::open(path).map_err(|err| input.io(err))?;
            read_detected(unit, file, &input, options, bytes_read, None)
        }
        Place::Zip { archive, index } => {
            let owner = &archives[archive];
            if open.as_ref().is_none_or(|(last, _)| *last != archive) {
                *open = Some((archive, open_zip(&owner.path)?));
            }
            let (_, zip) = open.as_mut().expect("the archive was just opened");
            let entry = zip
                .by_index(index)
                .map_err(|err| zip_error(&unit.shown, err))?;
            let entry = Declared {
                inner: entry,
                declared: unit.size,
                read: 0,
            };
            read_detected(unit, entry, &input, options, bytes_read, Some(owner))
        }
    }
}

/// Detects a file's format and reads it; a file of an archive only if the archive can afford
/// to unpack it.
fn read_detected(
    unit: &Unit,
    reader: impl Read,
    input: &Input<'_>,
    options: &Options,
    bytes_read: &AtomicU64,
    archive: Option<&Archive>,
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
    if let Some(archive) = archive {
        archive.admit(&unit.shown, unit.size)?;
    }
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

fn collect(path: &Path, named: bool, listing: &mut Listing) -> Result<(), Error> {
    let io = |reason| Error::Io {
        file: path.to_owned(),
        reason,
    };
    // Inside a folder, a link is looked at before it is followed.
    let metadata = if named {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    let mut metadata = metadata.map_err(io)?;
    if metadata.is_symlink() {
        let skipped = match std::fs::metadata(path) {
            Ok(target) if target.is_dir() => Some(
                "links to a folder and was not followed, since links can loop; name the folder \
                 itself to import it",
            ),
            Ok(target) => {
                metadata = target;
                None
            }
            Err(_) => Some("links to nothing that can be read and was skipped"),
        };
        if let Some(why) = skipped {
            listing.warnings.push(format!("`{}` {why}", path.display()));
            return Ok(());
        }
    }
    if metadata.is_dir() {
        let mut children: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        // Sorted, so that an import reads its files in the same order every time.
        children.sort();
        for child in children {
            collect(&child, false, listing)?;
        }
    } else if !named && !metadata.is_file() {
        listing.warnings.push(format!(
            "`{}` is not a regular file (a pipe, a socket or a device) and was skipped",
            path.display()
        ));
    } else if is_zip(path) {
        collect_zip(path, metadata.len(), listing)?;
    } else {
        listing.units.push(Unit {
            shown: path.to_owned(),
            place: Place::Disk(path.to_owned()),
            size: metadata.len(),
            named,
        });
    }
    Ok(())
}

fn is_zip(path: &Path) -> bool {
    let named_zip = has_zip_name(&path.to_string_lossy());
    let mut magic = [0; 4];
    named_zip
        && File::open(path)
            .and_then(|mut file| file.read_exact(&mut magic))
            .is_ok()
        && magic == *b"PK\x03\x04"
}

fn has_zip_name(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|end| end.eq_ignore_ascii_case(".zip"))
}

fn collect_zip(path: &Path, size: u64, listing: &mut Listing) -> Result<(), Error> {
    let mut file = File::open(path).map_err(|reason| Error::Io {
        file: path.to_owned(),
        reason,
    })?;
    // What the archive's end says it holds is checked before the zip reader lists it all.
    if let Ok(Some(entries)) = declared_entries(&mut file)
        && entries > MAX_ENTRIES
    {
        return Err(too_many_entries(path, entries));
    }
    let mut zip = zip::ZipArchive::new(file).map_err(|err| zip_error(path, err))?;
    if zip.len() as u64 > MAX_ENTRIES {
        return Err(too_many_entries(path, zip.len() as u64));
    }
    let archive = listing.archives.len();
    listing.archives.push(Archive::new(path, size));
    let (mut nested, mut links) = (Vec::new(), Vec::new());
    let mut entries = Vec::new();
    for index in 0..zip.len() {
        let entry = zip
            .by_index_raw(index)
            .map_err(|err| zip_error(path, err))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().map_err(|err| zip_error(path, err))?;
        let name = entry_name(&name).into_owned();
        if entry.is_symlink() {
            links.push(name);
        } else if has_zip_name(&name) {
            nested.push(name);
        } else {
            entries.push((name, index, entry.size()));
        }
    }
    entries.sort();
    for (name, index, size) in entries {
        listing.units.push(Unit {
            shown: path.join(name),
            place: Place::Zip { archive, index },
            size,
            named: false,
        });
    }
    let skipped = |names: &[String], what: &str, why: &str| {
        let example = path.join(&names[0]);
        format!(
            "`{}`: skipped {} {what}, such as `{}`: {why}",
            path.display(),
            names.len(),
            example.display()
        )
    };
    if !nested.is_empty() {
        listing.warnings.push(skipped(
            &nested,
            "archive(s) inside it",
            "kith does not open archives inside archives; unzip them and import them too",
        ));
    }
    if !links.is_empty() {
        listing.warnings.push(skipped(
            &links,
            "symbolic link(s)",
            "exports hold none, and kith reads only files",
        ));
    }
    Ok(())
}

fn too_many_entries(path: &Path, entries: u64) -> Error {
    Error::TooLarge {
        file: path.to_owned(),
        at: Location::File,
        what: format!(
            "the archive holds {entries} entries, more than the {MAX_ENTRIES} kith reads from \
             one archive; unzip it with a tool you trust and import the folder, or just the \
             parts of it with contacts and chats"
        ),
    }
}

/// An entry's name as errors and warnings show it, under the archive's path: no leading `/`
/// (which would make it replace the archive's path), and control characters written as
/// escapes, so that a name cannot reach the terminal as commands. Nothing is ever unpacked,
/// so `..` is harmless and left as the archive has it.
fn entry_name(name: &str) -> Cow<'_, str> {
    let name = name.trim_start_matches(['/', '\\']);
    if !name.chars().any(char::is_control) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(
        name.chars()
            .map(|c| match c {
                c if c.is_control() => c.escape_unicode().to_string(),
                c => c.to_string(),
            })
            .collect(),
    )
}

/// How many entries the end of a zip archive says it holds, if it can be found where an
/// archive written by a zip tool has it. The zip reader finds odd archives (data before
/// the archive, a comment holding a fake end) too; those are counted after it lists them.
fn declared_entries(file: &mut File) -> io::Result<Option<u64>> {
    const END: &[u8] = b"PK\x05\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    const END64: &[u8] = b"PK\x06\x06";
    let len = file.seek(SeekFrom::End(0))?;
    // The end record is 22 bytes and a comment of up to 64 KiB; a ZIP64 locator precedes it.
    let tail_len = len.min(22 + 0xFFFF + 20);
    let mut tail = vec![0; tail_len as usize];
    file.seek(SeekFrom::Start(len - tail_len))?;
    file.read_exact(&mut tail)?;
    let u16_at = |bytes: &[u8], at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let Some(end) = memchr::memmem::rfind_iter(&tail, END).find(|&at| {
        u16_at(&tail, at + 20).is_some_and(|comment| at + 22 + usize::from(comment) <= tail.len())
    }) else {
        return Ok(None);
    };
    let Some(entries) = u16_at(&tail, end + 10) else {
        return Ok(None);
    };
    if entries != u16::MAX {
        return Ok(Some(entries.into()));
    }
    // ZIP64: the locator points at the ZIP64 end record, which has the real count.
    let locator = end.checked_sub(20).and_then(|at| tail.get(at..end));
    let Some(locator) = locator.filter(|locator| locator.starts_with(LOCATOR)) else {
        return Ok(None);
    };
    let offset = u64::from_le_bytes(locator[8..16].try_into().expect("a slice of 8 bytes"));
    let mut record = [0; 40];
    file.seek(SeekFrom::Start(offset))?;
    if file.read_exact(&mut record).is_err() || !record.starts_with(END64) {
        return Ok(None);
    }
    Ok(Some(u64::from_le_bytes(
        record[32..40].try_into().expect("a slice of 8 bytes"),
    )))
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

/// An archive's entry, held to the size its header declares: the reader of the zip crate
/// stops there too, but the count here does not depend on it, and its errors say what to do.
struct Declared<R> {
    inner: R,
    declared: u64,
    read: u64,
}

impl<R: Read> Read for Declared<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // No more is asked for than is left, so that an entry longer than declared is caught
        // exactly at its declared end, where one byte more is asked for to see whether more
        // follows.
        let left = usize::try_from(self.declared.saturating_sub(self.read)).unwrap_or(usize::MAX);
        let len = buf.len().min(left.max(1));
        let read = match self.inner.read(&mut buf[..len]) {
            Ok(read) => read,
            Err(err) => return Err(self.failed(&err.to_string())),
        };
        self.read += read as u64;
        if self.read > self.declared {
            return Err(self.failed("it holds more"));
        }
        Ok(read)
    }
}

impl<R> Declared<R> {
    fn failed(&self, why: &str) -> io::Error {
        let explained = if self.read >= self.declared {
            format!(
                "it does not unpack to the {} its header declares ({why}): the archive is \
                 damaged, or built to exhaust the machine that opens it (a zip bomb). Download \
                 the export again",
                bytes(self.declared)
            )
        } else {
            format!("the archive is damaged ({why}); download the export again")
        };
        io::Error::other(Unpacking(explained))
    }
}

/// Why an entry of an archive could not be unpacked.
#[derive(Debug)]
struct Unpacking(String);

impl std::fmt::Display for Unpacking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unpacking {}

/// A size for people: `1.5 MB`.
fn bytes(count: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    match unit {
        0 => format!("{count} bytes"),
        _ => format!("{value:.1} {}", UNITS[unit]),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::plain("messages/inbox/a/message_1.json", "messages/inbox/a/message_1.json")]
    #[case::absolute("/etc/passwd", "etc/passwd")]
    #[case::windows_absolute("\\Windows\\x.vcf", "Windows\\x.vcf")]
    #[case::traversal("../../etc/passwd", "../../etc/passwd")]
    #[case::escape_sequence("\u{1b}[31mred.vcf", "\\u{1b}[31mred.vcf")]
    #[case::nul("a\0b.vcf", "a\\u{0}b.vcf")]
    fn entry_names_stay_under_the_archive_and_print_safely(
        #[case] name: &str,
        #[case] shown: &str,
    ) {
        assert_eq!(entry_name(name), shown);
        let shown = Path::new("export.zip").join(entry_name(name).as_ref());
        assert!(shown.starts_with("export.zip"), "{}", shown.display());
    }

    #[rstest]
    #[case::none(0, "0 bytes")]
    #[case::small(999, "999 bytes")]
    #[case::megabytes(1_500_000, "1.5 MB")]
    #[case::ten_gigabytes(10 << 30, "10.7 GB")]
    fn sizes_read_as_people_write_them(#[case] count: u64, #[case] text: &str) {
        assert_eq!(bytes(count), text);
    }

    fn archive_of(files: usize) -> File {
        let mut file = tempfile::tempfile().unwrap();
        let mut zip = zip::ZipWriter::new(&mut file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for n in 0..files {
            zip.start_file(n.to_string(), options).unwrap();
            zip.write_all(b"x").unwrap();
        }
        zip.finish().unwrap();
        file
    }

    #[test]
    fn the_declared_count_of_entries_is_read_from_the_archives_end() {
        assert_eq!(declared_entries(&mut archive_of(3)).unwrap(), Some(3));
    }

    #[test]
    fn a_file_without_an_archives_end_declares_nothing() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"PK\x03\x04 and nothing after").unwrap();
        assert_eq!(declared_entries(&mut file).unwrap(), None);
    }

    /// An archive of two fixtures, for damaging.
    fn export_zip() -> Vec<u8> {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        for fixture in [
            "vcard/apple_google_v30.vcf",
            "telegram/single_chat/result.json",
        ] {
            zip.start_file(fixture, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&std::fs::read(data.join(fixture)).unwrap())
                .unwrap();
        }
        zip.finish().unwrap();
        bytes
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        #[test]
        fn reading_a_damaged_archive_never_panics(
            damage in proptest::collection::vec((0.0..1.0f64, proptest::prelude::any::<u8>()), 1..8),
        ) {
            let mut bytes = export_zip();
            for (at, byte) in damage {
                let at = ((bytes.len() - 1) as f64 * at) as usize;
                bytes[at] = byte;
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("export.zip");
            std::fs::write(&path, &bytes).unwrap();
            let options = Options {
                format: None,
                zone: TimeZone::UTC,
            };
            let _ = read(&[path], &options, &mut Silent);
        }
    }

    #[test]
    fn an_archive_over_budget_is_refused_with_its_sizes() {
        let archive = Archive::new(Path::new("export.zip"), 1_000);
        let entry = Path::new("export.zip/result.json");
        let budget = 1_000 * MAX_RATIO + RATIO_ALLOWANCE;
        archive.admit(entry, budget - 1).unwrap();
        archive.admit(entry, 1).unwrap();
        let error = archive.admit(entry, 1).unwrap_err().to_string();
        assert!(
            error.starts_with(
                "`export.zip/result.json`: it unpacks to 1 bytes, which with the files read \
                 before it is more than 100 times the size of `export.zip` (1.0 KB)"
            ),
            "{error}"
        );
    }
}
