//! The whole database as one versioned JSON document, and back: `kith export json` and the
//! import of such a document into an empty database, reproducing it exactly (the same ids,
//! dates and history). `docs/export-format.md` specifies the document; the types here are its
//! schema, one struct per kind of record, mapped to and from the tables row for row.
//!
//! Writing streams ([`Store::write_export`](crate::Store::write_export)): people are read in
//! id order and each is serialized as soon as their rows are gathered, so a database of any
//! size is never whole in memory. Loading ([`Store::load_export`](crate::Store::load_export))
//! streams too, in one transaction: a malformed, inconsistent or newer document writes
//! nothing.
//!
//! Derived columns (`name_key`, a circle's `key`, a merge group's `root_id`) are not in the
//! document; loading computes them as the rest of the store does.
//!
//! Introductions are between two people, made by a third, so they do not belong to any one
//! person: they follow the people at the top level, each with its outcome history. The
//! random-coffee rounds of a circle belong to the circle, each with its pairs.

mod load;
mod write;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub use load::Loaded;

/// What the document's `format` member says: this is a kith export.
pub const FORMAT: &str = "kith-export";

/// The version of the document this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

/// Whether `head`, the first bytes of a file, starts a kith export: a JSON object whose first
/// member is `"format": "kith-export"`, as kith writes it.
pub fn is_export(head: &[u8]) -> bool {
    fn token<'a>(rest: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
        rest.trim_ascii_start().strip_prefix(token)
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let value = format!("\"{FORMAT}\"");
    token(head, b"{")
        .and_then(|rest| token(rest, b"\"format\""))
        .and_then(|rest| token(rest, b":"))
        .and_then(|rest| token(rest, value.as_bytes()))
        .is_some()
}

/// A circle, with its random-coffee rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Circle {
    id: i64,
    name: String,
    #[serde(default)]
    rounds: Vec<Round>,
}

/// A random-coffee round of a circle (`kith pairs`): who was paired with whom, a trio
/// as its three pairs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Round {
    round: u32,
    #[serde(with = "rfc3339")]
    at: Timestamp,
    pairs: Vec<Pair>,
}

/// Two people paired in a round, by their ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    id: i64,
    a: i64,
    b: i64,
}

/// A person, "me" included, with every row that belongs to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    id: i64,
    #[serde(default)]
    me: bool,
    name: String,
    #[serde(with = "rfc3339")]
    created_at: Timestamp,
    #[serde(with = "rfc3339::option", default)]
    known_since: Option<Timestamp>,
    #[serde(with = "rfc3339::option", default)]
    archived_at: Option<Timestamp>,
    #[serde(default)]
    merged_into: Option<i64>,
    #[serde(with = "rfc3339::option", default)]
    merged_at: Option<Timestamp>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    cadence: Option<String>,
    #[serde(default)]
    sources: Vec<PersonSource>,
    #[serde(default)]
    identities: Vec<Identity>,
    #[serde(default)]
    circles: Vec<Membership>,
    #[serde(default)]
    facts: Vec<Fact>,
    #[serde(default)]
    interactions: Vec<Interaction>,
    #[serde(default)]
    followups: Vec<FollowUp>,
    #[serde(default)]
    outreach: Vec<Outreach>,
    #[serde(default)]
    outcomes: Vec<Outcome>,
    #[serde(default)]
    exclusions: Vec<Exclusion>,
    #[serde(default)]
    queued: Vec<String>,
}

/// Where a person is known from, and since when that source says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonSource {
    source: String,
    #[serde(with = "rfc3339::option", default)]
    known_since: Option<Timestamp>,
}

/// An email, phone, profile or handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Identity {
    id: i64,
    kind: String,
    value: String,
    source: String,
}

/// A person's place in a circle, by the circle's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Membership {
    circle: i64,
    #[serde(default)]
    role: Option<String>,
}

/// A fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    id: i64,
    kind: String,
    text: String,
    #[serde(default)]
    private: bool,
    source: String,
    #[serde(with = "rfc3339")]
    recorded_at: Timestamp,
    #[serde(with = "rfc3339")]
    confirmed_at: Timestamp,
}

/// A month of contact over one source, as stored: counts and times, never what was said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Interaction {
    id: i64,
    source: String,
    month: String,
    one_to_one: bool,
    sent: i64,
    received: i64,
    #[serde(with = "rfc3339")]
    first_at: Timestamp,
    #[serde(with = "rfc3339")]
    last_at: Timestamp,
}

/// A follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUp {
    id: i64,
    text: String,
    #[serde(with = "rfc3339")]
    due_at: Timestamp,
    #[serde(with = "rfc3339")]
    created_at: Timestamp,
    #[serde(with = "rfc3339::option", default)]
    done_at: Option<Timestamp>,
    uid: String,
}

/// Reaching out, with the follow-up that checks back on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outreach {
    id: i64,
    #[serde(default)]
    channel: Option<String>,
    #[serde(with = "rfc3339")]
    at: Timestamp,
    #[serde(default)]
    followup: Option<i64>,
}

/// What came of reaching out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outcome {
    id: i64,
    kind: String,
    #[serde(with = "rfc3339")]
    at: Timestamp,
    #[serde(with = "rfc3339::option", default)]
    revisit_at: Option<Timestamp>,
    #[serde(default)]
    why: Option<String>,
}

/// An exclusion from suggestions, lifted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exclusion {
    id: i64,
    why: String,
    #[serde(with = "rfc3339")]
    at: Timestamp,
    #[serde(with = "rfc3339::option", default)]
    lifted_at: Option<Timestamp>,
}

/// An introduction: `a` and `b` put in touch by `via` (the user, or someone else), with
/// every outcome recorded for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Intro {
    id: i64,
    a: i64,
    b: i64,
    via: i64,
    #[serde(with = "rfc3339")]
    at: Timestamp,
    #[serde(default)]
    outcomes: Vec<IntroOutcome>,
}

/// What came of an introduction, as recorded at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntroOutcome {
    id: i64,
    kind: String,
    #[serde(default)]
    why: Option<String>,
    #[serde(with = "rfc3339")]
    at: Timestamp,
}

/// Times as RFC 3339 in UTC (`2026-11-26T10:00:00Z`), like the rest of kith's JSON.
mod rfc3339 {
    use jiff::Timestamp;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        at: &Timestamp,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(at)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).map_err(D::Error::custom)
    }

    pub(super) fn parse(text: &str) -> Result<Timestamp, String> {
        text.parse()
            .map_err(|_| format!("`{text}` is not an RFC 3339 time like 2026-11-26T10:00:00Z"))
    }

    pub(super) mod option {
        use jiff::Timestamp;
        use serde::de::Error as _;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(
            at: &Option<Timestamp>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => serializer.collect_str(at),
                None => serializer.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Timestamp>, D::Error> {
            Option::<String>::deserialize(deserializer)?
                .map(|text| super::parse(&text).map_err(D::Error::custom))
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests;
