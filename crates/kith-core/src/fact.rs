//! Facts: what the user knows about a person, each of a kind from the question bank, dated,
//! with its source and a privacy flag.

use jiff::Timestamp;

use crate::text::multi_line;
use crate::vocabulary::vocabulary;
use crate::{Error, FactId, PersonId};

vocabulary! {
    /// What a fact is about. The kinds follow the questions kith asks: where we know each other
    /// from, goals and plans, how they spend and relax their time, what they grow in, what they
    /// offer and want, and free notes.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum FactKind {
        /// Where we know each other from.
        Origin = "origin",
        /// What they are working towards.
        Goal = "goal",
        /// Something they are interested in.
        Interest = "interest",
        /// A concrete plan.
        Plan = "plan",
        /// How they spend most of their time.
        Time = "time",
        /// How they relax.
        Relax = "relax",
        /// What they invest time and resources to grow in.
        Growth = "growth",
        /// What they can teach or help with.
        Offer = "offer",
        /// What they want to learn or get help with.
        Want = "want",
        /// Anything else.
        Note = "note",
    }
    unknown: Error::UnknownFactKind;
}

impl FactKind {
    /// Whether the kind says what someone is aiming at (a goal, a plan, a want): what
    /// intersections are made of, and what kith asks about first.
    pub fn is_aim(self) -> bool {
        matches!(self, Self::Goal | Self::Plan | Self::Want)
    }

    /// All kind names, comma-separated, for help and error messages.
    pub fn names() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

vocabulary! {
    /// How the user came to know a fact.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
    pub enum FactSource {
        /// The user asked the person.
        Asked = "asked",
        /// The person, or someone else, told the user without being asked. The default for facts
        /// typed in by hand.
        #[default]
        Told = "told",
        /// It came from an import.
        Imported = "imported",
        /// The user's guess, to be confirmed.
        Guessed = "guessed",
    }
    unknown: Error::UnknownFactSource;
}

/// A fact's text: trimmed, not empty, at most [`FactText::MAX_CHARS`] characters; line breaks
/// and tabs are allowed, other control characters are not.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FactText(String);

impl FactText {
    /// The longest fact accepted, in characters.
    pub const MAX_CHARS: usize = 4000;

    /// Validates a fact's text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        multi_line(text, "a fact", Self::MAX_CHARS, Error::EmptyFact).map(Self)
    }
}

/// A fact to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFact {
    /// What it is about.
    pub kind: FactKind,
    /// What is known.
    pub text: FactText,
    /// Shared in confidence: used for matching, never shown to others.
    pub private: bool,
    /// How the user came to know it.
    pub source: FactSource,
}

/// A recorded fact about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The fact's id.
    pub id: FactId,
    /// Whom it is about.
    pub person: PersonId,
    /// What it is about.
    pub kind: FactKind,
    /// What is known.
    pub text: FactText,
    /// Shared in confidence: used for matching, never shown to others.
    pub private: bool,
    /// How the user came to know it.
    pub source: FactSource,
    /// When it was recorded.
    pub recorded: Timestamp,
    /// When it was last confirmed to be still true; the recording date until confirmed again.
    pub confirmed: Timestamp,
}

impl Fact {
    /// Whether the fact was last confirmed before `stale_before` (now less the settings'
    /// `stale-after`), so that it should be confirmed or corrected.
    pub fn is_stale(&self, stale_before: Timestamp) -> bool {
        self.confirmed < stale_before
    }
}

/// Whether `facts` say anything of what someone aims at: a goal, a plan or a want.
pub fn knows_aims(facts: &[Fact]) -> bool {
    facts.iter().any(|fact| fact.kind.is_aim())
}

crate::text::text_accessors!(FactText);

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in FactKind::ALL {
            assert_eq!(kind.as_str().parse::<FactKind>(), Ok(kind));
        }
    }

    #[test]
    fn kinds_are_read_ignoring_case() {
        assert_eq!(" Goal ".parse::<FactKind>(), Ok(FactKind::Goal));
    }

    #[test]
    fn an_unknown_kind_is_rejected_with_the_list_of_kinds() {
        let err = "hobby".parse::<FactKind>().unwrap_err();
        assert_eq!(err, Error::UnknownFactKind("hobby".into()));
        let message = err.to_string();
        assert!(message.contains("`hobby`"), "{message}");
        assert!(message.contains("origin, goal, interest"), "{message}");
    }

    #[rstest]
    #[case::asked("asked", FactSource::Asked)]
    #[case::told("told", FactSource::Told)]
    #[case::imported("imported", FactSource::Imported)]
    #[case::guessed("GUESSED", FactSource::Guessed)]
    fn fact_sources_are_read_by_name(#[case] text: &str, #[case] source: FactSource) {
        assert_eq!(text.parse::<FactSource>(), Ok(source));
    }

    #[test]
    fn an_unknown_fact_source_is_rejected() {
        assert!("heard".parse::<FactSource>().is_err());
    }

    #[test]
    fn fact_text_keeps_line_breaks_but_not_other_control_characters() {
        assert!(FactText::parse("line one\nline two").is_ok());
        assert_eq!(
            FactText::parse("bell\u{7}"),
            Err(Error::ControlCharacters { what: "a fact" })
        );
    }

    #[test]
    fn an_empty_fact_is_rejected() {
        assert_eq!(FactText::parse(" \n "), Err(Error::EmptyFact));
    }
}
