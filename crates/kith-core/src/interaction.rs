//! Interactions: contact with a person over one source in one month (a chat's messages, a
//! call, a logged meeting), summarised: how many messages the user sent and received, and the
//! first and last moment of contact. Only this metadata is kept; what was said never is.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::Offset;

use crate::{Error, Source};

/// Contact with a person over one source within one calendar month (UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    source: Source,
    one_to_one: bool,
    first: Timestamp,
    last: Timestamp,
    sent: u32,
    received: u32,
}

impl Interaction {
    /// Contact between `first` and `last`, which must fall in the same month: `sent` messages
    /// from the user and `received` from them, in a one-to-one conversation or a group. A group
    /// month in which neither wrote still counts as taking part.
    pub fn new(
        source: Source,
        one_to_one: bool,
        first: Timestamp,
        last: Timestamp,
        sent: u32,
        received: u32,
    ) -> Result<Self, Error> {
        if last < first || month_of(first) != month_of(last) {
            return Err(Error::InvalidInteraction);
        }
        Ok(Self {
            source,
            one_to_one,
            first,
            last,
            sent,
            received,
        })
    }

    /// Where the contact happened.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Whether it was a one-to-one conversation rather than a group.
    pub fn one_to_one(&self) -> bool {
        self.one_to_one
    }

    /// The first contact in the month.
    pub fn first(&self) -> Timestamp {
        self.first
    }

    /// The last contact in the month.
    pub fn last(&self) -> Timestamp {
        self.last
    }

    /// Messages the user sent.
    pub fn sent(&self) -> u32 {
        self.sent
    }

    /// Messages the user received from them.
    pub fn received(&self) -> u32 {
        self.received
    }

    /// The month, as its first day (UTC).
    pub fn month(&self) -> Date {
        month_of(self.first)
    }
}

/// The calendar month (UTC) an instant falls in, as its first day.
pub fn month_of(instant: Timestamp) -> Date {
    Offset::UTC.to_datetime(instant).date().first_of_month()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn interaction(first: &str, last: &str) -> Result<Interaction, Error> {
        Interaction::new(Source::manual(), true, at(first), at(last), 1, 2)
    }

    #[test]
    fn an_interaction_cannot_end_before_it_starts() {
        let result = interaction("2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z");
        assert_eq!(result, Err(Error::InvalidInteraction));
    }

    #[test]
    fn an_interaction_stays_within_one_month() {
        assert!(interaction("2024-05-01T00:00:00Z", "2024-05-31T23:59:59Z").is_ok());
        assert_eq!(
            interaction("2024-05-31T23:00:00Z", "2024-06-01T00:00:00Z"),
            Err(Error::InvalidInteraction)
        );
    }

    #[test]
    fn the_month_is_the_utc_month_of_the_first_contact() {
        let june = interaction("2024-06-30T23:30:00Z", "2024-06-30T23:45:00Z").unwrap();
        assert_eq!(june.month(), jiff::civil::date(2024, 6, 1));
    }
}
