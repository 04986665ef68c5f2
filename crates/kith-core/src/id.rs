//! Typed identifiers, so that a fact's id can never be passed where a person's is expected.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id!(
    /// Identifies a person, "me" included.
    PersonId
);
id!(
    /// Identifies one identity (an email, phone, profile or handle) of a person.
    IdentityId
);
id!(
    /// Identifies a fact about a person.
    FactId
);
id!(
    /// Identifies a circle.
    CircleId
);
id!(
    /// Identifies a follow-up.
    FollowUpId
);
id!(
    /// Identifies an introduction.
    IntroId
);
