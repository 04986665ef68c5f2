//! The one error type of the domain: what was wrong with a value and what would be accepted.

/// A value that does not satisfy the domain's rules.
///
/// Every message says what was found and what is expected, so that an interface can show it
/// to the user as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A person's name is empty or only whitespace.
    #[error("a name cannot be empty")]
    EmptyName,
    /// A piece of text is longer than the domain allows.
    #[error("{what} is {len} characters long; the limit is {max}")]
    TooLong {
        /// What the text is ("a name", "a fact").
        what: &'static str,
        /// Its length in characters.
        len: usize,
        /// The limit in characters.
        max: usize,
    },
    /// A piece of text holds control characters (other than line breaks in facts).
    #[error("{what} contains control characters; remove them and try again")]
    ControlCharacters {
        /// What the text is.
        what: &'static str,
    },
    /// A fact kind that kith does not know.
    #[error("unknown fact kind `{0}`: expected one of {kinds}", kinds = crate::FactKind::names())]
    UnknownFactKind(String),
    /// A fact source that kith does not know.
    #[error("unknown fact source `{0}`: expected one of asked, told, imported, guessed")]
    UnknownFactSource(String),
    /// A line of a question bank that cannot be read.
    #[error("line {line}: {why}")]
    BadQuestion {
        /// The line's number, from 1.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// A line of a concept lexicon that cannot be read or breaks its rules.
    #[error("line {line}: {why}")]
    BadLexicon {
        /// The line's number, from 1.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// A language kith has no drafts in.
    #[error("unknown language `{0}`: expected en or uk")]
    UnknownLanguage(String),
    /// A template variable kith does not fill.
    #[error(
        "unknown variable `{{{0}}}`: the variables are {{first_name}}, {{origin}}, {{my_name}} \
         and {{questions}}; write `{{{{` for a brace"
    )]
    UnknownVariable(String),
    /// A brace that opens no variable or is never closed.
    #[error("a `{{` or `}}` that is not part of a variable; write `{{{{` or `}}}}` for a brace")]
    UnclosedVariable,
    /// An outcome kith does not know.
    #[error(
        "unknown outcome `{0}`: expected one of reintroduced, not-now, declined, no-reply, \
         out-of-tribe"
    )]
    UnknownOutcome(String),
    /// An introduction outcome that kith does not know.
    #[error("unknown intro outcome `{0}`: expected one of led-somewhere, led-nowhere")]
    UnknownIntroOutcome(String),
    /// A channel that is empty.
    #[error("a channel cannot be empty; leave it out instead")]
    EmptyChannel,
    /// A reason that is empty.
    #[error("a reason cannot be empty; say why, or leave it out")]
    EmptyReason,
    /// A revisit date that has passed.
    #[error("the revisit date {0} is in the past; give a date to come, or a duration like 6m")]
    RevisitInThePast(String),
    /// A follow-up's text is empty.
    #[error("a follow-up needs some text: what is there to do?")]
    EmptyFollowUp,
    /// A due date that has passed.
    #[error("{0} is in the past; a follow-up is for something still to do")]
    DueInThePast(String),
    /// A fact's text is empty.
    #[error("a fact needs some text")]
    EmptyFact,
    /// An email address that cannot be parsed.
    #[error("`{value}` is not an email address: {reason}")]
    InvalidEmail {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A phone number that cannot be parsed.
    #[error("`{value}` is not a phone number: {reason}")]
    InvalidPhone {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A country code that names no country.
    #[error("`{0}` is not a country: expected a two-letter code like UA, DE or US")]
    UnknownRegion(String),
    /// A profile URL that cannot be parsed.
    #[error("`{0}` is not a profile URL: expected an address starting with https:// or http://")]
    InvalidProfileUrl(String),
    /// A messenger handle that cannot be used.
    #[error("`{0}` is not a messenger handle: expected a non-empty handle without spaces")]
    InvalidHandle(String),
    /// An identity kind that kith does not know.
    #[error("unknown identity kind `{0}`: expected one of email, phone, profile, handle")]
    UnknownIdentityKind(String),
    /// A source name that cannot be used.
    #[error(
        "`{0}` is not a source name: expected lowercase letters, digits, `-` or `_` (like `linkedin`)"
    )]
    InvalidSource(String),
    /// A channel of contact that cannot name where the contact is counted.
    #[error(
        "`{0}` cannot name where a contact is counted: use letters, digits and dashes, like \
         call or in-person"
    )]
    InvalidContactChannel(String),
    /// A circle name that is empty.
    #[error("a circle needs a name")]
    EmptyCircle,
    /// A role that is empty.
    #[error("a role cannot be empty; leave it out instead")]
    EmptyRole,
    /// An interaction whose dates make no sense.
    #[error("an interaction must end no earlier than it starts, within one calendar month")]
    InvalidInteraction,
    /// A due date that is neither a date nor a duration.
    #[error("`{0}` is not a due date: expected a date like 2024-03-05 or a duration like 2w or 3m")]
    InvalidDue(String),
    /// A cadence that is neither a closeness nor a duration.
    #[error(
        "`{0}` is not a cadence: expected inner, close, regular, loose, none, or a duration \
         like 2w or 3m"
    )]
    InvalidCadence(String),
    /// A duration that cannot be read.
    #[error("`{0}` is not a duration: expected a number and a unit, like 90d, 2w, 6m or 1y")]
    InvalidDuration(String),
    /// A date or date-time that cannot be read.
    #[error(
        "`{0}` is not a date: expected a date like 2024-03-05, a date-time like \
         2024-03-05T14:30, or an RFC 3339 timestamp like 2024-03-05T14:30:00Z"
    )]
    InvalidDate(String),
}
