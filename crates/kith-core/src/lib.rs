//! The domain of kith: people, their identities, the facts known about them and the circles
//! they belong to, as validated types.
//!
//! This crate does no I/O. Raw input (a command-line argument, a field of an export file)
//! becomes one of these types once, at the edge, through a constructor that rejects what is
//! wrong with a typed [`Error`]; everything past the edge can rely on the invariants. Storage
//! and interfaces live in other crates and map to and from these types.

#![deny(missing_docs)]

mod circle;
mod contentline;
pub mod drafts;
mod error;
mod fact;
mod followup;
pub mod ics;
mod id;
mod identity;
mod interaction;
pub mod intersect;
mod intro;
pub mod learn;
pub mod meaning;
pub mod metrics;
mod outreach;
mod person;
pub mod queue;
pub mod resolve;
mod text;
pub mod time;
pub mod vcard;
mod vocabulary;

pub use circle::{CircleName, Membership, Role};
pub use error::Error;
pub use fact::{Fact, FactKind, FactSource, FactText, NewFact, knows_aims};
pub use followup::{FollowUp, FollowUpText};
pub use id::{CircleId, FactId, FollowUpId, IdentityId, IntroId, PersonId};
pub use identity::{Identity, IdentityKind, NewIdentity, Region, Source};
pub use interaction::{Interaction, month_of};
pub use intro::{Intro, IntroOutcome, IntroYield};
pub use outreach::{Channel, Outcome, OutcomeKind, Outreach, Reason};
pub use person::{Name, NewPerson, Person, PersonRef, Sift};
pub use text::{fold, fold_keys};
