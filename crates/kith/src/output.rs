//! How results look: the JSON shapes of the command-line contract (shared with the web API, in
//! `kith_web::json`), and readable tables.

use std::borrow::Cow;

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

pub(crate) use kith_web::json::{
    DetailJson, FactJson, FollowUpJson, History, MembershipJson, OutcomeRecordedJson,
    PersonRefJson, ReachJson, StatsJson, SuggestionJson, SummaryJson,
};

/// `text` as it is safe to print on a terminal: control characters other than line breaks
/// and tabs, and the marks that reorder text on screen, are written as escapes (`\u{1b}`).
/// Messages quote file names and values from imported files, and a file name holding an
/// escape sequence could otherwise recolour, retitle or rewrite the user's terminal.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            safe.extend(c.escape_unicode());
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Prints `value` as one JSON document on stdout.
pub(crate) fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    say!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Columns apart, one rule under the header, nothing else: quiet enough to scan.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// A table in kith's plain style, wrapped to the terminal's width.
pub(crate) fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

/// A date as the user reads it: the calendar day in their zone.
pub(crate) fn day(instant: Timestamp, zone: &TimeZone) -> String {
    zone.to_datetime(instant).date().to_string()
}
