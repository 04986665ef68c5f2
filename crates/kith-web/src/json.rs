//! The JSON shapes of the command-line contract (DESIGN.md), shared by `kith --json` and the
//! API under `/api/v1` so that a script sees the same document from either. Each shape is
//! built from the domain's and the store's types; none decides anything. Dates are RFC 3339
//! or null; shares and rates are fractions in [0, 1], or null when undefined.

use jiff::Timestamp;
use kith_core::metrics::Quality;
use kith_core::{Fact, FollowUp, Outcome, Outreach, Person, PersonId};
use kith_store::{Detail, Exclusion, Summary};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn rfc3339(instant: Timestamp) -> String {
    instant.to_string()
}

/// `{"id","name"}`: a person as referred to from other records.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PersonRefJson {
    /// The person's id.
    pub id: i64,
    /// Their name.
    pub name: String,
}

impl PersonRefJson {
    /// The person with this id and name.
    pub fn new(id: PersonId, name: &str) -> Self {
        Self {
            id: id.0,
            name: name.to_owned(),
        }
    }
}

impl From<&Person> for PersonRefJson {
    fn from(person: &Person) -> Self {
        Self::new(person.id, person.name.as_str())
    }
}

/// A person as listed by `kith people`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SummaryJson {
    /// The person's id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Their email addresses.
    pub emails: Vec<String>,
    /// Their phone numbers.
    pub phones: Vec<String>,
    /// The sources they were imported from (`linkedin`, `manual`, …).
    pub sources: Vec<String>,
    /// The circles they are in.
    pub circles: Vec<String>,
    /// The last contact, if there was any.
    pub last_interaction: Option<String>,
    /// How many contacts there were in all.
    pub interactions: u64,
    /// How many facts are known about them.
    pub facts: u64,
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
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FactJson {
    /// The fact's id.
    pub id: i64,
    /// Whom it is about.
    pub person: PersonRefJson,
    /// origin, goal, interest, plan, time, relax, growth, offer, want or note.
    pub kind: String,
    /// What is known.
    pub text: String,
    /// Shared in confidence.
    pub private: bool,
    /// asked, told, imported or guessed.
    pub source: String,
    /// When it was recorded.
    pub recorded: String,
    /// When it was last confirmed to be still true.
    pub confirmed: String,
    /// Not confirmed for longer than the settings' `stale-after`.
    pub stale: bool,
}

impl FactJson {
    /// A fact, stale when last confirmed before `stale_before`.
    pub fn new(fact: &Fact, person: &Person, stale_before: Timestamp) -> Self {
        Self {
            id: fact.id.0,
            person: person.into(),
            kind: fact.kind.as_str().to_owned(),
            text: fact.text.to_string(),
            private: fact.private,
            source: fact.source.as_str().to_owned(),
            recorded: rfc3339(fact.recorded),
            confirmed: rfc3339(fact.confirmed),
            stale: fact.is_stale(stale_before),
        }
    }
}

/// A follow-up: `{"id","person","text","due","done"}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FollowUpJson {
    /// The follow-up's id.
    pub id: i64,
    /// Whom it is for.
    pub person: PersonRefJson,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due: String,
    /// Whether it is done.
    pub done: bool,
}

impl FollowUpJson {
    /// A follow-up for `person`.
    pub fn new(followup: &FollowUp, person: &Person) -> Self {
        Self {
            id: followup.id.0,
            person: person.into(),
            text: followup.text.to_string(),
            due: rfc3339(followup.due),
            done: followup.done.is_some(),
        }
    }
}

/// One outreach in a person's history.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutreachJson {
    /// How: telegram, email, in person, …
    pub channel: Option<String>,
    /// When.
    pub at: String,
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
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutcomeJson {
    /// reintroduced, not-now, declined, no-reply or out-of-tribe.
    pub outcome: String,
    /// When it was recorded.
    pub at: String,
    /// When they may come back to the queue.
    pub revisit: Option<String>,
    /// Why, in a few words.
    pub why: Option<String>,
}

impl From<&Outcome> for OutcomeJson {
    fn from(outcome: &Outcome) -> Self {
        Self {
            outcome: outcome.kind.as_str().to_owned(),
            at: rfc3339(outcome.at),
            revisit: outcome.revisit.map(rfc3339),
            why: outcome.why.as_ref().map(ToString::to_string),
        }
    }
}

/// An email, phone, profile or handle of a person.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdentityJson {
    /// The identity's id.
    pub id: i64,
    /// email, phone, profile or handle.
    pub kind: String,
    /// The address, number, URL or handle.
    pub value: String,
    /// Where it came from.
    pub source: String,
}

/// A circle and the person's role in it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MembershipJson {
    /// The circle's name.
    pub circle: String,
    /// Their role in it: manager, peer, report, …
    pub role: Option<String>,
}

/// Contact with a person, over every source.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InteractionsJson {
    /// How many contacts there were.
    pub count: u64,
    /// The first, if any.
    pub first: Option<String>,
    /// The most recent, if any.
    pub last: Option<String>,
}

/// Everything about a person, as `kith show` gives it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DetailJson {
    /// The person's id.
    pub id: i64,
    /// Their name.
    pub name: String,
    /// Whether this is the user.
    pub me: bool,
    /// When they were added.
    pub created: String,
    /// When they were deleted, if they were.
    pub archived: Option<String>,
    /// Since when the user has known them, as the earliest source says.
    pub known_since: Option<String>,
    /// Where they came from.
    pub sources: Vec<String>,
    /// Their emails, phones, profiles and handles.
    pub identities: Vec<IdentityJson>,
    /// Their circles.
    pub circles: Vec<MembershipJson>,
    /// What is known about them, oldest first.
    pub facts: Vec<FactJson>,
    /// Contact with them.
    pub interactions: InteractionsJson,
    /// The people merged into them.
    pub merged: Vec<PersonRefJson>,
    /// Follow-ups still to do.
    pub followups: Vec<FollowUpJson>,
    /// Outreach, oldest first.
    pub outreach: Vec<OutreachJson>,
    /// Outcomes, oldest first.
    pub outcomes: Vec<OutcomeJson>,
    /// Why they are excluded from suggestions, if they are.
    pub excluded: Option<String>,
}

/// What is on record about reaching out to a person, beside their [`Detail`].
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// Their follow-ups still to do.
    pub followups: &'a [FollowUp],
    /// Every time the user reached out.
    pub outreach: &'a [Outreach],
    /// Every outcome.
    pub outcomes: &'a [Outcome],
    /// Their exclusion from suggestions, if any.
    pub exclusion: Option<&'a Exclusion>,
}

impl DetailJson {
    /// Everything about a person; facts last confirmed before `stale_before` are stale.
    pub fn new(detail: &Detail, history: History<'_>, stale_before: Timestamp) -> Self {
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
                    kind: identity.kind.as_str().to_owned(),
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
                .map(|candidate| PersonRefJson::new(candidate.id, &candidate.name))
                .collect(),
            followups: history
                .followups
                .iter()
                .map(|followup| FollowUpJson::new(followup, person))
                .collect(),
            outreach: history.outreach.iter().map(OutreachJson::from).collect(),
            outcomes: history.outcomes.iter().map(OutcomeJson::from).collect(),
            excluded: history.exclusion.map(|exclusion| exclusion.why.to_string()),
        }
    }
}

/// One person to reconnect with: `{"person":{"id","name"},"reason","draft"}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SuggestionJson {
    /// Who.
    pub person: PersonRefJson,
    /// Why now, in one line.
    pub reason: String,
    /// A drafted message, in their language.
    pub draft: String,
}

/// What `kith reach` recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReachJson {
    /// Whom the user reached out to.
    pub person: PersonRefJson,
    /// How.
    pub channel: Option<String>,
    /// When.
    pub at: String,
    /// The check-back: did they reply?
    pub followup: FollowUpJson,
}

/// What `kith outcome` recorded.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct OutcomeRecordedJson {
    /// Whom it is about.
    pub person: PersonRefJson,
    /// reintroduced, not-now, declined, no-reply or out-of-tribe.
    pub outcome: String,
    /// When it was recorded.
    pub at: String,
    /// When they may come back to the queue.
    pub revisit: Option<String>,
    /// Why, in a few words.
    pub why: Option<String>,
    /// For not-now: a message that says "let's get reintroduced later".
    pub draft: Option<String>,
}

/// The reintroduction funnel, each step a number of people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FunnelJson {
    /// Suggested by the reunion queue.
    pub queued: u64,
    /// Reached out to.
    pub reached: u64,
    /// Answered.
    pub replied: u64,
    /// Reintroduced.
    pub reintroduced: u64,
    /// Reintroduced and found to share a goal or an interest with the user.
    pub intersection_found: u64,
}

/// `kith stats`: quality, not quantity.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StatsJson {
    /// How many people.
    pub network_size: u64,
    /// How many the user can say at least one thing about.
    pub known: u64,
    /// `known` as a share of the network.
    pub known_share: Option<f64>,
    /// Intersections discovered between the user's goals and others'.
    pub intersections: u64,
    /// The share of people reached out to who were followed up in time.
    pub followup_rate: Option<f64>,
    /// The reintroduction funnel.
    pub funnel: FunnelJson,
    /// The share of intros that led somewhere.
    pub intro_success_rate: Option<f64>,
}

impl From<&Quality> for StatsJson {
    fn from(quality: &Quality) -> Self {
        let funnel = &quality.funnel;
        Self {
            network_size: quality.network_size,
            known: quality.known,
            known_share: quality.known_share,
            intersections: quality.intersections,
            followup_rate: quality.followup_rate,
            funnel: FunnelJson {
                queued: funnel.queued,
                reached: funnel.reached,
                replied: funnel.replied,
                reintroduced: funnel.reintroduced,
                intersection_found: funnel.intersection_found,
            },
            intro_success_rate: quality.intro_success_rate,
        }
    }
}
