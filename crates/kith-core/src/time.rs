//! Reading the dates, times and durations people type: `--now 2024-03-05`,
//! `--now 2024-03-05T14:30`, `--inactive 6m`.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

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

/// A length of calendar time as people type it: a number and a unit, `d` (days), `w` (weeks),
/// `m` (months) or `y` (years): `90d`, `2w`, `6m`, `1y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    count: u16,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// Written as it is typed (`2w`), so that [`Duration::parse`] reads it back.
impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        };
        write!(f, "{}{unit}", self.count)
    }
}

impl Duration {
    /// Reads a duration such as `90d`, `2w`, `6m` or `1y`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let invalid = || Error::InvalidDuration(text.to_owned());
        let text = text.trim();
        let split = text.len().checked_sub(1).ok_or_else(invalid)?;
        let (count, unit) = text.split_at_checked(split).ok_or_else(invalid)?;
        let unit = match unit {
            "d" => Unit::Days,
            "w" => Unit::Weeks,
            "m" => Unit::Months,
            "y" => Unit::Years,
            _ => return Err(invalid()),
        };
        let count: u16 = count.parse().map_err(|_| invalid())?;
        // Past a century a duration is a typo, and jiff's spans stay well within range.
        if count == 0 || (unit == Unit::Years && count > 100) || count > 36_500 {
            return Err(invalid());
        }
        Ok(Self { count, unit })
    }

    /// The moment this long after `now`, counted in `zone`'s calendar.
    pub fn after(self, now: Timestamp, zone: &TimeZone) -> Timestamp {
        now.to_zoned_datetime(zone.clone())
            .checked_add(self.span())
            .map_or(Timestamp::MAX, |later| later.timestamp())
    }

    /// How many whole times this duration has passed between `since` and `now` (at most 99):
    /// a monthly cadence last kept three months ago is 3 times overdue.
    pub fn times_between(self, since: Timestamp, now: Timestamp, zone: &TimeZone) -> u32 {
        let start = since.to_zoned_datetime(zone.clone());
        let mut times = 0;
        while times < 99 {
            let Ok(next) = start.checked_add(self.span() * i64::from(times + 1)) else {
                break;
            };
            if next.timestamp() > now {
                break;
            }
            times += 1;
        }
        times
    }

    /// The duration as typed (`1m`).
    pub fn to_text(self) -> String {
        let unit = match self.unit {
            Unit::Days => 'd',
            Unit::Weeks => 'w',
            Unit::Months => 'm',
            Unit::Years => 'y',
        };
        format!("{}{unit}", self.count)
    }

    fn span(self) -> Span {
        let count = i64::from(self.count);
        match self.unit {
            Unit::Days => Span::new().days(count),
            Unit::Weeks => Span::new().weeks(count),
            Unit::Months => Span::new().months(count),
            Unit::Years => Span::new().years(count),
        }
    }

    /// The moment this long before `now`, counted in `zone`'s calendar (so that `1m` before
    /// 31 March is 28 or 29 February).
    pub fn before(self, now: Timestamp, zone: &TimeZone) -> Timestamp {
        now.to_zoned_datetime(zone.clone())
            .checked_sub(self.span())
            .map_or(Timestamp::MIN, |earlier| earlier.timestamp())
    }
}

/// Reads when something is due: a date or date-time (see [`parse_instant`]), or a duration
/// from `now` (`2w`). A moment already past is refused.
pub fn parse_due(text: &str, now: Timestamp, zone: &TimeZone) -> Result<Timestamp, Error> {
    let due = match Duration::parse(text) {
        Ok(duration) => duration.after(now, zone),
        Err(_) => {
            parse_instant(text, zone).map_err(|_| Error::InvalidDue(text.trim().to_owned()))?
        }
    };
    if due < now {
        return Err(Error::DueInThePast(text.trim().to_owned()));
    }
    Ok(due)
}

/// Reads when someone may come back to the queue: like [`parse_due`], a date or a duration
/// from now, never the past.
pub fn parse_revisit(text: &str, now: Timestamp, zone: &TimeZone) -> Result<Timestamp, Error> {
    parse_due(text, now, zone).map_err(|err| match err {
        Error::DueInThePast(text) => Error::RevisitInThePast(text),
        Error::InvalidDue(text) => Error::InvalidDate(text),
        err => err,
    })
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
    #[case::days("90d", "2024-03-05T12:00:00Z", "2023-12-06T12:00:00Z")]
    #[case::weeks("2w", "2024-03-05T12:00:00Z", "2024-02-20T12:00:00Z")]
    #[case::months_clamp_to_the_month_end("1m", "2024-03-31T12:00:00Z", "2024-02-29T12:00:00Z")]
    #[case::years("1y", "2024-03-05T12:00:00Z", "2023-03-05T12:00:00Z")]
    fn durations_count_back_on_the_calendar(
        #[case] text: &str,
        #[case] now: &str,
        #[case] expected: &str,
    ) {
        let duration = Duration::parse(text).unwrap();
        let now = now.parse().unwrap();
        assert_eq!(
            duration.before(now, &TimeZone::UTC),
            expected.parse::<Timestamp>().unwrap()
        );
    }

    #[test]
    fn a_due_date_is_a_date_or_a_duration_from_now_never_the_past() {
        let now: Timestamp = "2024-03-05T12:00:00Z".parse().unwrap();
        let utc = &TimeZone::UTC;
        let in_two_weeks: Timestamp = "2024-03-19T12:00:00Z".parse().unwrap();
        assert_eq!(parse_due("2w", now, utc), Ok(in_two_weeks));
        let april: Timestamp = "2024-04-01T00:00:00Z".parse().unwrap();
        assert_eq!(parse_due("2024-04-01", now, utc), Ok(april));
        assert_eq!(
            parse_due("2024-03-01", now, utc),
            Err(Error::DueInThePast("2024-03-01".into()))
        );
        assert_eq!(
            parse_due("soon", now, utc),
            Err(Error::InvalidDue("soon".into()))
        );
    }

    #[test]
    fn a_cadence_counts_how_many_times_it_has_passed() {
        let month = Duration::parse("1m").unwrap();
        let since: Timestamp = "2024-01-15T00:00:00Z".parse().unwrap();
        let now: Timestamp = "2024-04-20T00:00:00Z".parse().unwrap();
        assert_eq!(month.times_between(since, now, &TimeZone::UTC), 3);
        assert_eq!(month.times_between(now, now, &TimeZone::UTC), 0);
        assert_eq!(month.to_text(), "1m");
    }

    #[rstest]
    #[case::no_unit("90")]
    #[case::unknown_unit("3h")]
    #[case::zero("0d")]
    #[case::negative("-1y")]
    #[case::empty("")]
    #[case::unit_only("m")]
    #[case::absurd("5000y")]
    fn malformed_durations_are_rejected(#[case] text: &str) {
        assert_eq!(
            Duration::parse(text),
            Err(Error::InvalidDuration(text.to_owned()))
        );
    }

    #[rstest]
    #[case::days("90d")]
    #[case::weeks("2w")]
    #[case::months("6m")]
    #[case::years("1y")]
    fn a_duration_is_written_as_it_is_typed(#[case] text: &str) {
        assert_eq!(Duration::parse(text).unwrap().to_string(), text);
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
