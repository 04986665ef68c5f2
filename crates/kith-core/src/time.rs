//! Reading the dates and times people type: `--now 2024-03-05`, `--now 2024-03-05T14:30`.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::Error;

/// Reads an instant as typed: an RFC 3339 timestamp (`2024-03-05T14:30:00Z`, with any
/// offset), a civil date-time (`2024-03-05T14:30` or `2024-03-05 14:30`) or a date
/// (`2024-03-05`, meaning its first moment). Civil values are read in `zone`.
pub fn parse_instant(text: &str, zone: &TimeZone) -> Result<Timestamp, Error> {
    let text = text.trim();
    let invalid = || Error::InvalidDate(text.to_owned());
    if let Ok(instant) = text.parse::<Timestamp>() {
        return Ok(instant);
    }
    let civil = if let Ok(datetime) = text.parse::<DateTime>() {
        datetime
    } else {
        text.parse::<Date>()
            .map_err(|_| invalid())?
            .to_datetime(jiff::civil::Time::midnight())
    };
    zone.to_timestamp(civil).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::rfc3339_utc("2024-03-05T14:30:00Z", "2024-03-05T14:30:00Z")]
    #[case::rfc3339_offset("2024-03-05T14:30:00+02:00", "2024-03-05T12:30:00Z")]
    #[case::civil_datetime("2024-03-05T14:30", "2024-03-05T12:30:00Z")]
    #[case::civil_datetime_with_space("2024-03-05 14:30", "2024-03-05T12:30:00Z")]
    #[case::date("2024-03-05", "2024-03-04T22:00:00Z")]
    fn instants_are_read_in_the_given_zone(#[case] text: &str, #[case] expected: &str) {
        let kyiv_winter = TimeZone::fixed(jiff::tz::offset(2));
        let instant = parse_instant(text, &kyiv_winter).unwrap();
        assert_eq!(instant, expected.parse::<Timestamp>().unwrap());
    }

    #[rstest]
    #[case::words("tomorrow")]
    #[case::impossible_month("2024-13-01")]
    #[case::slashes("2024/03/05")]
    #[case::empty("")]
    fn unreadable_instants_are_rejected(#[case] text: &str) {
        assert_eq!(
            parse_instant(text, &TimeZone::UTC),
            Err(Error::InvalidDate(text.to_owned()))
        );
    }
}
