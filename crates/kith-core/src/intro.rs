//! Introductions: two people the user (or someone else) put in touch, and what came of it.
//! Like outreach, all of it is history: a later outcome is added, never written over.

use jiff::Timestamp;

use crate::vocabulary::vocabulary;
use crate::{Error, IntroId, PersonId, Reason};

vocabulary! {
    /// What came of an introduction.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum IntroOutcome {
        /// They met and it went somewhere: a project, a job, a friendship, advice that helped.
        LedSomewhere = "led-somewhere",
        /// Nothing came of it.
        LedNowhere = "led-nowhere",
    }
    unknown: Error::UnknownIntroOutcome;
}

/// An introduction as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intro {
    /// Which.
    pub id: IntroId,
    /// One side.
    pub a: PersonId,
    /// The other side.
    pub b: PersonId,
    /// Who made it: the user, or someone who introduced the user to someone.
    pub via: PersonId,
    /// When it was made.
    pub at: Timestamp,
    /// The latest outcome, why, and when it was recorded; `None` while nothing is known.
    pub outcome: Option<(IntroOutcome, Option<Reason>, Timestamp)>,
}

/// An introduction's yield for the one who made them: how many, and how many led somewhere,
/// of those whose outcome is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntroYield {
    /// Introductions made.
    pub made: u64,
    /// Of them, those with an outcome.
    pub known: u64,
    /// Of those, the ones that led somewhere.
    pub led_somewhere: u64,
}

impl IntroYield {
    /// Adds up the intros made by one introducer.
    pub fn of<'a>(intros: impl IntoIterator<Item = &'a Intro>) -> Self {
        let mut tally = Self::default();
        for intro in intros {
            tally.made += 1;
            if let Some((outcome, _, _)) = intro.outcome {
                tally.known += 1;
                tally.led_somewhere += u64::from(outcome == IntroOutcome::LedSomewhere);
            }
        }
        tally
    }

    /// The share of intros with a known outcome that led somewhere, if any outcome is known.
    pub fn success_rate(self) -> Option<f64> {
        (self.known > 0).then(|| self.led_somewhere as f64 / self.known as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intro(outcome: Option<IntroOutcome>) -> Intro {
        let at: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        Intro {
            id: IntroId(1),
            a: PersonId(2),
            b: PersonId(3),
            via: PersonId(1),
            at,
            outcome: outcome.map(|kind| (kind, None, at)),
        }
    }

    #[test]
    fn the_success_rate_counts_only_intros_whose_outcome_is_known() {
        let intros = [
            intro(Some(IntroOutcome::LedSomewhere)),
            intro(Some(IntroOutcome::LedNowhere)),
            intro(None),
        ];
        let tally = IntroYield::of(&intros);
        assert_eq!((tally.made, tally.known, tally.led_somewhere), (3, 2, 1));
        assert_eq!(tally.success_rate(), Some(0.5));
    }

    #[test]
    fn without_known_outcomes_there_is_no_rate() {
        assert_eq!(IntroYield::of(&[intro(None)]).success_rate(), None);
    }

    #[test]
    fn outcomes_are_read_by_name_and_unknown_ones_listed() {
        assert_eq!("Led-Somewhere".parse(), Ok(IntroOutcome::LedSomewhere));
        let error = "meh".parse::<IntroOutcome>().unwrap_err().to_string();
        assert!(error.contains("led-somewhere, led-nowhere"), "{error}");
    }
}
