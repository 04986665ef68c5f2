//! Reaching out and what came of it: the outreach itself (on which channel, when), the
//! outcome the user records afterwards, and people excluded from suggestions. All of it is
//! history: a new outcome never overwrites an older one.

use jiff::Timestamp;

use crate::text::single_line;
use crate::vocabulary::vocabulary;
use crate::{Error, PersonId};

vocabulary! {
    /// What came of reaching out to someone.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum OutcomeKind {
        /// You are back in touch and know what they are up to.
        Reintroduced = "reintroduced",
        /// Not a fit right now: get reintroduced later, on the revisit date.
        NotNow = "not-now",
        /// They did not want to share.
        Declined = "declined",
        /// No answer after the follow-up check.
        NoReply = "no-reply",
        /// Not your people: never suggested again.
        OutOfTribe = "out-of-tribe",
    }
    unknown: Error::UnknownOutcome;
}

impl OutcomeKind {
    /// Whether the person can come back to the queue later, and after how long by default.
    pub fn default_revisit(self) -> Option<crate::time::Duration> {
        match self {
            Self::NotNow => crate::time::Duration::parse("6m").ok(),
            _ => None,
        }
    }
}

/// A channel of outreach (`telegram`, `email`, `in person`): free, short, lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Channel(String);

impl Channel {
    /// Validates a channel.
    pub fn parse(text: &str) -> Result<Self, Error> {
        single_line(text, "a channel", 40, Error::EmptyChannel).map(|c| Self(c.to_lowercase()))
    }
}

/// A reason given for an outcome or an exclusion: one line, not empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reason(String);

impl Reason {
    /// Validates a reason.
    pub fn parse(text: &str) -> Result<Self, Error> {
        single_line(text, "a reason", 500, Error::EmptyReason).map(Self)
    }
}

/// Reaching out to someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outreach {
    /// Whom.
    pub person: PersonId,
    /// On which channel, if said.
    pub channel: Option<Channel>,
    /// When.
    pub at: Timestamp,
}

/// What came of reaching out, recorded at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Whom it is about.
    pub person: PersonId,
    /// What came of it.
    pub kind: OutcomeKind,
    /// When it was recorded.
    pub at: Timestamp,
    /// When the person may come back to the queue, if they may.
    pub revisit: Option<Timestamp>,
    /// Why, in the user's words.
    pub why: Option<Reason>,
}

crate::text::text_accessors!(Channel, Reason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_round_trips_through_its_name() {
        for kind in OutcomeKind::ALL {
            assert_eq!(kind.as_str().parse::<OutcomeKind>(), Ok(kind));
        }
    }

    #[test]
    fn an_unknown_outcome_is_rejected_with_the_list() {
        let err = "ghosted".parse::<OutcomeKind>().unwrap_err();
        assert!(
            err.to_string().contains("reintroduced, not-now, declined"),
            "{err}"
        );
    }

    #[test]
    fn only_not_now_comes_back_by_default() {
        assert!(OutcomeKind::NotNow.default_revisit().is_some());
        assert!(OutcomeKind::OutOfTribe.default_revisit().is_none());
    }
}
