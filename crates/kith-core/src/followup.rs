//! Follow-ups: something to do for a person by a date ("send her the talk on fundraising"),
//! so that what was promised in a conversation does not slip.

use jiff::Timestamp;

use crate::text::multi_line;
use crate::{Error, FollowUpId, PersonId};

/// What a follow-up is about: trimmed, not empty, at most [`FollowUpText::MAX_CHARS`]
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FollowUpText(String);

impl FollowUpText {
    /// The longest follow-up accepted, in characters.
    pub const MAX_CHARS: usize = 1000;

    /// Validates a follow-up's text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        multi_line(text, "a follow-up", Self::MAX_CHARS, Error::EmptyFollowUp).map(Self)
    }
}

/// A follow-up as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// The follow-up's id.
    pub id: FollowUpId,
    /// Whom it is for.
    pub person: PersonId,
    /// What to do.
    pub text: FollowUpText,
    /// When it is due.
    pub due: Timestamp,
    /// When it was recorded.
    pub created: Timestamp,
    /// When it was done, if it was.
    pub done: Option<Timestamp>,
    /// A name that stays the same for as long as the follow-up exists, so that a calendar
    /// that imports it twice updates it rather than adding a copy.
    pub uid: String,
}

impl FollowUp {
    /// Whether it is still to do and its date has passed.
    pub fn is_overdue(&self, now: Timestamp) -> bool {
        self.done.is_none() && self.due < now
    }
}

crate::text::text_accessors!(FollowUpText);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_follow_up_is_rejected() {
        assert_eq!(FollowUpText::parse("  "), Err(Error::EmptyFollowUp));
    }

    #[test]
    fn only_a_pending_follow_up_past_its_date_is_overdue() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut followup = FollowUp {
            id: FollowUpId(1),
            person: PersonId(2),
            text: FollowUpText::parse("send the talk").unwrap(),
            due: at("2024-05-01T00:00:00Z"),
            created: at("2024-04-01T00:00:00Z"),
            done: None,
            uid: "1@kith".into(),
        };
        assert!(followup.is_overdue(at("2024-05-02T00:00:00Z")));
        assert!(!followup.is_overdue(at("2024-04-30T00:00:00Z")));
        followup.done = Some(at("2024-05-01T12:00:00Z"));
        assert!(!followup.is_overdue(at("2024-05-02T00:00:00Z")));
    }
}
