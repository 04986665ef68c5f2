//! Interactions: a summary of contact with a person over one source (a chat, a message
//! thread, a logged meeting): when it began, when it last happened, how many times. Only this
//! metadata is kept; what was said never is.

use jiff::Timestamp;

use crate::{Error, Source};

/// Contact with a person over one source, summarised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    source: Source,
    first: Timestamp,
    last: Timestamp,
    count: u32,
}

impl Interaction {
    /// A summary of `count` contacts between `first` and `last`.
    pub fn new(
        source: Source,
        first: Timestamp,
        last: Timestamp,
        count: u32,
    ) -> Result<Self, Error> {
        if count == 0 || last < first {
            return Err(Error::InvalidInteraction);
        }
        Ok(Self {
            source,
            first,
            last,
            count,
        })
    }

    /// Where the contact happened.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The first contact.
    pub fn first(&self) -> Timestamp {
        self.first
    }

    /// The most recent contact.
    pub fn last(&self) -> Timestamp {
        self.last
    }

    /// How many contacts (messages, meetings) there were.
    pub fn count(&self) -> u32 {
        self.count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn an_interaction_cannot_end_before_it_starts() {
        let result = Interaction::new(
            Source::manual(),
            at("2024-05-02T00:00:00Z"),
            at("2024-05-01T00:00:00Z"),
            3,
        );
        assert_eq!(result, Err(Error::InvalidInteraction));
    }

    #[test]
    fn an_interaction_has_at_least_one_contact() {
        let day = at("2024-05-01T00:00:00Z");
        assert_eq!(
            Interaction::new(Source::manual(), day, day, 0),
            Err(Error::InvalidInteraction)
        );
        assert!(Interaction::new(Source::manual(), day, day, 1).is_ok());
    }
}
