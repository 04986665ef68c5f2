//! What every fuzz target does: read arbitrary bytes as one format, and resolve whatever was
//! read. Any input must give records or an error; a panic is a finding.

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
