//! How results look: the JSON shapes of the command-line contract, and readable tables.

use comfy_table::{ContentArrangement, LineStyle, Table, TableStyle};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{Fact, FollowUp, Outcome, Outreach, Person};
use kith_store::{Detail, Summary};
use serde::Serialize;

/// Prints `value` as one JSON document on stdout.
pub(crate) fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    say!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Columns apart, one rule under the header, nothing else: quiet enough to scan.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

/// A table in kith's plain style, wrapped to the terminal's width.
pub(crate) fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    table
}

/// A date as the user reads it: the calendar day in their zone.
pub(crate) fn day(instant: Timestamp, zone: &TimeZone) -> String {
    zone.to_datetime(instant).date().to_string()
}

fn rfc3339(instant: Timestamp) -> String {
    instant.to_string()
}

/// `{"id","name"}`: a person as referred to from other records.
#[derive(Debug, Serialize)]
pub(crate) struct PersonRefJson {
    id: i64,
    name: String,
}

impl PersonRefJson {
    pub(crate) fn new(id: kith_core::PersonId, name: &str) -> Self {
        Self {
            id: id.0,
            name: name.to_owned(),
        }
    }
}

impl From<&Person> for PersonRefJson {
    fn from(person: &Person) -> Self {
        Self {
            id: person.id.0,
            name: person.name.to_string(),
        }
    }
}

/// A person as listed by `kith people`.
#[derive(Debug, Serialize)]
pub(crate) struct SummaryJson {
    id: i64,
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    sources: Vec<String>,
    circles: Vec<String>,
    last_interaction: Option<String>,
    interactions: u64,
    facts: u64,
}

impl From<Summary> for SummaryJson {
    fn from(summary: Summary) -> Self {
        Self {
            id: summary.person.id.0,
            name: summary.person.name.to_string(),
            emails: summary.emails,
            phones: summary.phones,
            sources: summary.sources,
            circles: summary.circles,
            last_interaction: summary.last_interaction.map(rfc3339),
            interactions: summary.interactions,
            facts: summary.facts,
        }
    }
}

/// A fact, with the person it is about.
#[derive(Debug, Serialize)]
pub(crate) struct FactJson {
    id: i64,
    person: PersonRefJson,
    kind: &'static str,
    text: String,
    private: bool,
    source: &'static str,
    recorded: String,
    confirmed: String,
    /// Not confirmed for longer than the settings' `stale-after`.
    stale: bool,
}

impl FactJson {
    /// A fact, stale when last confirmed before `stale_before`.
    pub(crate) fn new(fact: &Fact, person: &Person, stale_before: Timestamp) -> Self {
        Self {
            id: fact.id.0,
            person: person.into(),
            kind: fact.kind.as_str(),
            text: fact.text.to_string(),
            private: fact.private,
            source: fact.source.as_str(),
            recorded: rfc3339(fact.recorded),
            confirmed: rfc3339(fact.confirmed),
            stale: fact.confirmed < stale_before,
        }
    }
}

/// A follow-up: `{"id","person","text","due","done"}`.
#[derive(Debug, Serialize)]
pub(crate) struct FollowUpJson {
    id: i64,
    person: PersonRefJson,
    text: String,
    due: String,
    done: bool,
}

impl FollowUpJson {
    pub(crate) fn new(followup: &FollowUp, person: &Person) -> Self {
        Self {
            id: followup.id.0,
            person: person.into(),
            text: followup.text.to_string(),
            due: rfc3339(followup.due),
            done: followup.done.is_some(),
        }
    }
}

/// Everything about a person, as `kith show` gives it.
#[derive(Debug, Serialize)]
pub(crate) struct DetailJson {
    id: i64,
    name: String,
    me: bool,
    created: String,
    archived: Option<String>,
    known_since: Option<String>,
    sources: Vec<String>,
    identities: Vec<IdentityJson>,
    circles: Vec<MembershipJson>,
    facts: Vec<FactJson>,
    interactions: InteractionsJson,
    merged: Vec<PersonRefJson>,
    /// Follow-ups still to do; filled in by `kith show`.
    pub(crate) followups: Vec<FollowUpJson>,
    /// Outreach, oldest first; filled in by `kith show`.
    pub(crate) outreach: Vec<OutreachJson>,
    /// Outcomes, oldest first; filled in by `kith show`.
    pub(crate) outcomes: Vec<OutcomeJson>,
    /// Why they are excluded from suggestions, if they are; filled in by `kith show`.
    pub(crate) excluded: Option<String>,
}

/// One outreach in a person's history.
#[derive(Debug, Serialize)]
pub(crate) struct OutreachJson {
    channel: Option<String>,
    at: String,
}

impl From<&Outreach> for OutreachJson {
    fn from(outreach: &Outreach) -> Self {
        Self {
            channel: outreach.channel.as_ref().map(ToString::to_string),
            at: rfc3339(outreach.at),
        }
    }
}

/// One outcome in a person's history.
#[derive(Debug, Serialize)]
pub(crate) struct OutcomeJson {
    outcome: &'static str,
    at: String,
    revisit: Option<String>,
    why: Option<String>,
}

impl From<&Outcome> for OutcomeJson {
    fn from(outcome: &Outcome) -> Self {
        Self {
            outcome: outcome.kind.as_str(),
            at: rfc3339(outcome.at),
            revisit: outcome.revisit.map(rfc3339),
            why: outcome.why.as_ref().map(ToString::to_string),
        }
    }
}

#[derive(Debug, Serialize)]
struct IdentityJson {
    id: i64,
    kind: &'static str,
    value: String,
    source: String,
}

/// A circle and the person's role in it.
#[derive(Debug, Serialize)]
pub(crate) struct MembershipJson {
    pub(crate) circle: String,
    pub(crate) role: Option<String>,
}

#[derive(Debug, Serialize)]
struct InteractionsJson {
    count: u64,
    first: Option<String>,
    last: Option<String>,
}

impl DetailJson {
    /// Everything about a person; facts last confirmed before `stale_before` are stale.
    pub(crate) fn new(detail: &Detail, stale_before: Timestamp) -> Self {
        let person = &detail.person;
        Self {
            id: person.id.0,
            name: person.name.to_string(),
            me: person.is_me,
            created: rfc3339(person.created),
            archived: person.archived.map(rfc3339),
            known_since: detail.known_since.map(rfc3339),
            sources: detail.sources.iter().map(ToString::to_string).collect(),
            identities: detail
                .identities
                .iter()
                .map(|identity| IdentityJson {
                    id: identity.id.0,
                    kind: identity.kind.as_str(),
                    value: identity.value.clone(),
                    source: identity.source.to_string(),
                })
                .collect(),
            circles: detail
                .circles
                .iter()
                .map(|membership| MembershipJson {
                    circle: membership.circle.to_string(),
                    role: membership.role.as_ref().map(ToString::to_string),
                })
                .collect(),
            facts: detail
                .facts
                .iter()
                .map(|fact| FactJson::new(fact, person, stale_before))
                .collect(),
            interactions: InteractionsJson {
                count: detail.interactions.count,
                first: detail.interactions.first.map(rfc3339),
                last: detail.interactions.last.map(rfc3339),
            },
            merged: detail
                .merged
                .iter()
                .map(|candidate| PersonRefJson {
                    id: candidate.id.0,
                    name: candidate.name.clone(),
                })
                .collect(),
            followups: Vec::new(),
            outreach: Vec::new(),
            outcomes: Vec::new(),
            excluded: None,
        }
    }
}
