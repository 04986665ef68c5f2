//! Quality, not quantity: what `kith stats` reports. The headline is what the user knows and
//! where goals meet, never how many contacts there are.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

/// How long after its date a check-back may be done and still count as a follow-up in time.
pub const CHECK_BACK_GRACE_SECONDS: i64 = 3 * 24 * 60 * 60;

/// The raw counts the metrics come from, as the store counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tallies {
    /// People, "me", the deleted and the merged aside.
    pub people: u64,
    /// Of them, those with at least one fact.
    pub known: u64,
    /// People the reunion queue ever suggested.
    pub queued: u64,
    /// People reached out to.
    pub reached: u64,
    /// People who answered: an outcome of reintroduced, not-now or declined.
    pub replied: u64,
    /// People reintroduced.
    pub reintroduced: u64,
    /// Check-backs after reaching out that were due by now.
    pub checks_due: u64,
    /// Of them, those done in time.
    pub checks_kept: u64,
    /// Intros the user made whose outcome is known.
    pub intros_known: u64,
    /// Of them, those that led somewhere.
    pub intros_led_somewhere: u64,
    /// Intersections between the user and anyone else, as the engine finds them.
    pub intersections: u64,
    /// People reintroduced who have at least one intersection with the user.
    pub reintroduced_with_intersection: u64,
}

/// The reintroduction funnel, each step a number of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Funnel {
    /// Suggested by the reunion queue.
    pub queued: u64,
    /// Reached out to.
    pub reached: u64,
    /// Answered.
    pub replied: u64,
    /// Reintroduced.
    pub reintroduced: u64,
    /// Reintroduced and found to share a goal or an interest with the user.
    pub intersection_found: u64,
}

/// The metrics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quality {
    /// How many people.
    pub network_size: u64,
    /// How many the user can say at least one thing about.
    pub known: u64,
    /// `known` as a share of the network, if there is a network.
    pub known_share: Option<f64>,
    /// Intersections discovered between the user and the people they know: the headline.
    pub intersections: u64,
    /// The share of people reached out to who were followed up in time, if any check-back
    /// has come due.
    pub followup_rate: Option<f64>,
    /// The reintroduction funnel.
    pub funnel: Funnel,
    /// The share of the user's intros with a known outcome that led somewhere, once there
    /// are any.
    pub intro_success_rate: Option<f64>,
}

/// The metrics of `tallies`.
pub fn quality(tallies: &Tallies) -> Quality {
    Quality {
        network_size: tallies.people,
        known: tallies.known,
        known_share: share(tallies.known, tallies.people),
        intersections: tallies.intersections,
        followup_rate: share(tallies.checks_kept, tallies.checks_due),
        funnel: Funnel {
            queued: tallies.queued,
            reached: tallies.reached,
            replied: tallies.replied,
            reintroduced: tallies.reintroduced,
            intersection_found: tallies.reintroduced_with_intersection,
        },
        intro_success_rate: share(tallies.intros_led_somewhere, tallies.intros_known),
    }
}

/// A calendar week (Monday to Sunday) over which the metrics are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    /// Its Monday.
    pub monday: Date,
    /// The moment its metrics are taken at: its end, or now for the week still going on.
    pub end: Timestamp,
    /// Its last day so far: Sunday, or today for the week still going on.
    pub last_day: Date,
}

/// The weeks from the one holding `first` (when the first person was added) to the one
/// holding `now`, in `zone`'s calendar, oldest first.
pub fn weeks(first: Timestamp, now: Timestamp, zone: &TimeZone) -> Vec<Week> {
    let today = zone.to_datetime(now).date();
    let monday = |date: Date| {
        date.checked_sub(Span::new().days(i64::from(date.weekday().to_monday_zero_offset())))
            .unwrap_or(date)
    };
    let mut weeks = Vec::new();
    let mut week = monday(zone.to_datetime(first).date());
    while week <= today {
        let Ok(next) = week.checked_add(Span::new().weeks(1)) else {
            break;
        };
        let end = zone
            .to_timestamp(next.to_datetime(jiff::civil::Time::midnight()))
            .map_or(now, |end| end.min(now));
        let last_day = next.yesterday().map_or(today, |sunday| sunday.min(today));
        weeks.push(Week {
            monday: week,
            end,
            last_day,
        });
        week = next;
    }
    weeks
}

/// `part` of `whole` as a fraction in [0, 1]; undefined without a whole.
fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part.min(whole) as f64) / (whole as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_run_monday_to_sunday_and_the_last_one_ends_now() {
        let at = |text: &str| text.parse::<Timestamp>().unwrap();
        // A Wednesday, then the Thursday of the week after next.
        let weeks = weeks(
            at("2026-11-04T10:00:00Z"),
            at("2026-11-19T08:00:00Z"),
            &TimeZone::UTC,
        );
        let shown: Vec<(String, String, String)> = weeks
            .iter()
            .map(|w| {
                let day = w.last_day.to_string();
                (w.monday.to_string(), w.end.to_string(), day)
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "2026-11-02".into(),
                    "2026-11-09T00:00:00Z".into(),
                    "2026-11-08".into()
                ),
                (
                    "2026-11-09".into(),
                    "2026-11-16T00:00:00Z".into(),
                    "2026-11-15".into()
                ),
                (
                    "2026-11-16".into(),
                    "2026-11-19T08:00:00Z".into(),
                    "2026-11-19".into()
                ),
            ]
        );
    }

    #[test]
    fn shares_are_fractions_or_undefined() {
        let empty = quality(&Tallies::default());
        assert_eq!(empty.known_share, None);
        assert_eq!(empty.followup_rate, None);
        let some = quality(&Tallies {
            people: 8,
            known: 2,
            checks_due: 4,
            checks_kept: 3,
            ..Tallies::default()
        });
        assert_eq!(some.known_share, Some(0.25));
        assert_eq!(some.followup_rate, Some(0.75));
    }
}
