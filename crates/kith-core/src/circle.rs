//! Circles: the groups a person belongs to (work, university, a conference, a city), with an
//! optional role such as manager, peer or report.

use crate::Error;
use crate::text::single_line;

/// A circle's name: trimmed, not empty, at most [`CircleName::MAX_CHARS`] characters. Circles
/// are matched ignoring case, so "Work" and "work" are one circle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CircleName(String);

impl CircleName {
    /// The longest circle name accepted, in characters.
    pub const MAX_CHARS: usize = 100;

    /// Validates a circle name.
    pub fn parse(text: &str) -> Result<Self, Error> {
        single_line(text, "a circle name", Self::MAX_CHARS, Error::EmptyCircle).map(Self)
    }

    /// The key under which circles are told apart: the name lowercased, so "Work" and "work"
    /// are one circle while "Kyiv" and "Київ" stay two.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A person's role in a circle, relative to the user: `manager`, `peer`, `report`, `mentor`,
/// or any other word. Stored lowercased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Role(String);

impl Role {
    /// The longest role accepted, in characters.
    pub const MAX_CHARS: usize = 50;

    /// Validates a role.
    pub fn parse(text: &str) -> Result<Self, Error> {
        single_line(text, "a role", Self::MAX_CHARS, Error::EmptyRole)
            .map(|r| Self(r.to_lowercase()))
    }
}

/// A person's place in a circle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Membership {
    /// The circle.
    pub circle: CircleName,
    /// Their role in it, if one is known.
    pub role: Option<Role>,
}

crate::text::text_accessors!(CircleName, Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_circle_name_is_rejected() {
        assert_eq!(CircleName::parse("  "), Err(Error::EmptyCircle));
    }

    #[test]
    fn circles_differing_only_in_case_share_a_key() {
        let work = CircleName::parse("Work").unwrap();
        assert_eq!(work.key(), CircleName::parse("WORK").unwrap().key());
        assert_eq!(work.as_str(), "Work");
        assert_ne!(
            CircleName::parse("Київ").unwrap().key(),
            CircleName::parse("Kyiv").unwrap().key()
        );
    }

    #[test]
    fn roles_are_lowercased() {
        assert_eq!(Role::parse(" Manager ").unwrap().as_str(), "manager");
    }

    #[test]
    fn an_empty_role_is_rejected() {
        assert_eq!(Role::parse(""), Err(Error::EmptyRole));
    }
}
