//! People: the user ("me") and everyone they know, and the ways a person is referred to.

use jiff::Timestamp;

use crate::text::single_line;
use crate::{Error, Interaction, Membership, NewFact, NewIdentity, PersonId, Source};

/// A person's display name: trimmed, never empty, at most [`Name::MAX_CHARS`] characters, no
/// control characters. Any script is welcome.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name(String);

impl Name {
    /// The longest name accepted, in characters.
    pub const MAX_CHARS: usize = 200;

    /// Validates a name as typed or imported.
    pub fn parse(text: &str) -> Result<Self, Error> {
        single_line(text, "a name", Self::MAX_CHARS, Error::EmptyName).map(Self)
    }

    /// The first word of the name, for a greeting ("Olena" of "Olena Kovalenko").
    pub fn first(&self) -> &str {
        self.0.split_whitespace().next().unwrap_or(&self.0)
    }

    /// The key under which the name is matched: see [`crate::fold`].
    pub fn key(&self) -> String {
        crate::fold(&self.0)
    }

    /// Every key under which the name is matched: see [`crate::fold_keys`].
    pub fn keys(&self) -> Vec<String> {
        crate::fold_keys(&self.0)
    }
}

/// A person as stored: the user ("me") or someone they know.
///
/// "me" is a person like any other, so that facts about the user and matching against them
/// work the same way; it is never listed among the people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The person's id.
    pub id: PersonId,
    /// The display name.
    pub name: Name,
    /// Whether this is the user.
    pub is_me: bool,
    /// When the person was added.
    pub created: Timestamp,
    /// When the person was archived (soft-deleted), if they were; archived people are hidden
    /// but can be restored.
    pub archived: Option<Timestamp>,
    /// The person they were merged into, if they were: one human found twice. A merged person
    /// is shown as part of that person until the merge is undone.
    pub merged_into: Option<PersonId>,
}

/// A person to be added, with everything known about them at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    /// The display name.
    pub name: Name,
    /// Where this person came from (`manual`, `linkedin`, …).
    pub source: Source,
    /// Emails, phones, profiles and handles.
    pub identities: Vec<NewIdentity>,
    /// The circles they belong to, each with an optional role.
    pub circles: Vec<Membership>,
    /// What is known about them.
    pub facts: Vec<NewFact>,
    /// Summaries of past contact with them.
    pub interactions: Vec<Interaction>,
}

impl NewPerson {
    /// A person with a name and a source and nothing else known yet.
    pub fn new(name: Name, source: Source) -> Self {
        Self {
            name,
            source,
            identities: Vec::new(),
            circles: Vec::new(),
            facts: Vec::new(),
            interactions: Vec::new(),
        }
    }
}

/// How a command refers to a person: `me`, an id, or a name (or part of one) that should
/// match exactly one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    /// The user.
    Me,
    /// A person by id.
    Id(PersonId),
    /// A person by name, or part of one.
    Name {
        /// The name as typed, for messages.
        text: String,
        /// The folded name matched against people's keys (see [`crate::fold`]).
        key: String,
    },
}

impl PersonRef {
    /// Reads a reference as typed: `me` (any case), a positive integer id, or a name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("me") {
            return Ok(Self::Me);
        }
        if let Ok(id) = text.parse::<i64>()
            && id > 0
        {
            return Ok(Self::Id(PersonId(id)));
        }
        let key = crate::fold(text);
        if key.is_empty() {
            return Err(Error::EmptyName);
        }
        Ok(Self::Name {
            text: text.to_owned(),
            key,
        })
    }
}

crate::text::text_accessors!(Name);

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::empty("")]
    #[case::spaces("   ")]
    #[case::tabs_and_newlines("\t\n")]
    fn an_empty_name_is_rejected(#[case] text: &str) {
        assert_eq!(Name::parse(text), Err(Error::EmptyName));
    }

    #[test]
    fn a_name_is_trimmed_and_keeps_its_script() {
        let name = Name::parse("  Ада Лавлейс ").unwrap();
        assert_eq!(name.as_str(), "Ада Лавлейс");
        assert_eq!(name.key(), "ada lavleis");
    }

    #[test]
    fn an_overlong_name_is_rejected_with_its_length() {
        let err = Name::parse(&"я".repeat(201)).unwrap_err();
        assert_eq!(
            err,
            Error::TooLong {
                what: "a name",
                len: 201,
                max: 200
            }
        );
    }

    #[rstest]
    #[case::me("me", PersonRef::Me)]
    #[case::me_any_case("ME", PersonRef::Me)]
    #[case::id("42", PersonRef::Id(PersonId(42)))]
    #[case::name("Ada", name("Ada", "ada"))]
    #[case::zero_is_a_name_not_an_id("0", name("0", "0"))]
    #[case::negative_is_a_name("-3", name("-3", "3"))]
    #[case::cyrillic_name(" Іван ", name("Іван", "ivan"))]
    fn person_refs_are_read_as_typed(#[case] text: &str, #[case] expected: PersonRef) {
        assert_eq!(PersonRef::parse(text).unwrap(), expected);
    }

    fn name(text: &str, key: &str) -> PersonRef {
        PersonRef::Name {
            text: text.into(),
            key: key.into(),
        }
    }

    #[test]
    fn an_empty_person_ref_is_rejected() {
        assert_eq!(PersonRef::parse(" "), Err(Error::EmptyName));
    }
}

/// The views that sift a network for the people who need attention. They are computed from
/// what is there whenever they are asked for: no list has to be finished first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sift {
    /// People the user can say nothing about: no origin, no facts, no notes.
    Strangers,
    /// People with no interaction since this moment, including those never talked to.
    InactiveSince(Timestamp),
    /// People the user is connected with but has never exchanged a message with.
    NeverTalked,
}
