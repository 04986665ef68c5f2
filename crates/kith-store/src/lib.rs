//! kith's store: the SQLite database that holds people, identities, facts, circles and
//! interactions.
//!
//! The store owns the schema, its migrations and the queries, and maps rows to the domain
//! types of `kith-core` itself, so that no SQL leaks past this crate. It holds no business
//! rules: it keeps what it is given, answers what it is asked, and guards the integrity of the
//! data (one "me", one owner per email, every multi-row write in one transaction).
//!
//! Reads are methods on [`Store`]; writes go through a [`Writer`], one transaction per
//! [`Store::write`] call, so a write either happens whole or not at all.

#![deny(missing_docs)]

mod backup;
mod error;
pub mod export;
mod facts;
mod followups;
mod import;
mod intros;
mod matching;
mod open;
mod outreach;
mod pairing;
mod people;
mod queue;
mod stats;
mod time;
mod writer;

use rusqlite::Connection;

pub use backup::{KEPT as BACKUPS_KEPT, backups_folder, check_backup};
pub use error::Error;
pub use followups::Due;
pub use import::Imported;
pub use open::is_demo_database;
pub use outreach::Exclusion;
pub use people::{
    Brief, Candidate, Counts, Detail, InteractionTotals, PeopleQuery, Scope, Summary,
};
pub use writer::{Change, Writer};

/// An open kith database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Runs `work` in one transaction: everything it writes is committed together if it
    /// returns `Ok`, and nothing is if it returns an error.
    pub fn write<T>(
        &mut self,
        work: impl FnOnce(&mut Writer<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let tx = self.conn.transaction()?;
        let value = work(&mut Writer::new(&tx))?;
        tx.commit()?;
        Ok(value)
    }
}
