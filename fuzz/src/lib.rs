//! What every fuzz target does: read arbitrary bytes as one format, or as a `.zip` archive of
//! an export, and resolve whatever was read. Any input must give records or an error; a panic
//! is a finding.

use kith_import::walk::{self, Silent};
use kith_import::{Format, Input, Tally};

/// Reads `data` as `format` into a tally and, if it reads, validates the records.
pub fn read(format: Format, data: &[u8]) {
    let zone = jiff::tz::TimeZone::UTC;
    let input = Input {
        // WhatsApp takes the chat's other party from the file name.
        path: std::path::Path::new("fuzz/WhatsApp Chat with Fuzz.txt"),
        zone: &zone,
    };
    let mut tally = Tally::new();
    let mut reader = data;
    if format.read(&mut reader, &input, &mut tally).is_ok() {
        let _ = tally.finish().into_records(None);
    }
}

/// Reads `data` as a `.zip` archive, through the walk an import takes: the archive's listing,
/// its limits (docs/limits.md), and every entry's detection and reading.
pub fn read_archive(data: &[u8]) {
    // The walk reads archives from disk; one file per fuzzing process, rewritten every time.
    let path = std::env::temp_dir().join(format!("kith-fuzz-{}.zip", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let options = walk::Options {
        format: None,
        zone: jiff::tz::TimeZone::UTC,
    };
    if let Ok((tally, _)) = walk::read(&[path], &options, &mut Silent) {
        let _ = tally.finish().into_records(None);
    }
}
