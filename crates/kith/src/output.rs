//! How results look: the JSON shapes of the command-line contract (shared with the web API, in
//! `kith_web::json`), and readable tables.

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;

pub(crate) use kith_web::json::{
    DetailJson, FactJson, FollowUpJson, History, MembershipJson, OutcomeRecordedJson,
    PersonRefJson, ReachJson, StatsJson, SuggestionJson, SummaryJson,
};

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
