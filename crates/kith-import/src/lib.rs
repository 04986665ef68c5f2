//! The sources of people for kith: export files of every service kith reads, and the built-in
//! sample network ([`sample`]) that `kith demo` loads and the benchmarks scale up.
//!
//! Importing happens in three steps, and none of them touches the database:
//! 1. [`walk`] finds the files under the paths the user named (files, folders, `.zip`
//!    archives) and [`Format::detect`] tells each file's format from its name and first bytes;
//! 2. each format module streams its file into a [`Sink`] as neutral records: contact-list
//!    entries and chat messages reduced to an author and a time (message text is never kept);
//! 3. the [`Tally`] sums chats up per member and month into a [`Batch`], which the store's
//!    resolver turns into people.

#![deny(missing_docs)]

mod error;
mod formats;
mod record;
mod records;
pub mod sample;
mod tally;
pub mod walk;

pub use error::{Error, Location};
pub use formats::{Format, Input};
pub use record::{Author, ChatId, Contact, Service, Sink};
pub use records::Records;
pub use tally::{Batch, ChatSummary, MemberSummary, Month, Tally};
