//! Reading facts.

use kith_core::{Fact, FactId, FactKind, FactSource, FactText, PersonId};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::people::GROUP;
use crate::time::from_db;
use crate::{Error, Store};

/// The kinds that say what someone aims at ([`FactKind::is_aim`]: goals, plans, wants) as
/// an SQL list such as `'goal', 'plan', 'want'`, so that the rule stays in kith-core.
pub(crate) fn aim_kinds() -> String {
    let aims = FactKind::ALL.into_iter().filter(|kind| kind.is_aim());
    aims.map(|kind| format!("'{}'", kind.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

const FACT: &str = "SELECT id, person_id, kind, text, private, source, recorded_at, confirmed_at
                    FROM fact";

impl Store {
    /// The facts about a person and everyone merged into them, oldest first.
    pub fn facts(&self, person: PersonId) -> Result<Vec<Fact>, Error> {
        let root = self.root(person)?;
        let mut statement = self
            .conn
            .prepare_cached(&format!("{FACT} WHERE {GROUP} ORDER BY recorded_at, id"))?;
        let rows = statement.query_map([root.0], fact_from_row)?;
        rows.map(|row| row?.into_fact()).collect()
    }

    /// The fact with this id.
    pub fn fact(&self, id: FactId) -> Result<Fact, Error> {
        fact(&self.conn, id)
    }
}

pub(crate) fn fact(conn: &Connection, id: FactId) -> Result<Fact, Error> {
    conn.query_row(&format!("{FACT} WHERE id = ?1"), [id.0], fact_from_row)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "there is no fact with id {id}; `kith fact list PERSON` shows a person's facts"
            ))
        })?
        .into_fact()
}

/// A fact's row before its text and names are validated.
pub(crate) struct FactRow {
    id: FactId,
    person: PersonId,
    kind: String,
    text: String,
    private: bool,
    source: String,
    recorded: jiff::Timestamp,
    confirmed: jiff::Timestamp,
}

impl FactRow {
    pub(crate) fn into_fact(self) -> Result<Fact, Error> {
        let corrupt = |source| Error::Corrupt {
            person: self.person,
            source,
        };
        Ok(Fact {
            id: self.id,
            person: self.person,
            kind: self.kind.parse::<FactKind>().map_err(corrupt)?,
            text: FactText::parse(&self.text).map_err(corrupt)?,
            private: self.private,
            source: self.source.parse::<FactSource>().map_err(corrupt)?,
            recorded: self.recorded,
            confirmed: self.confirmed,
        })
    }
}

pub(crate) fn fact_from_row(row: &Row<'_>) -> rusqlite::Result<FactRow> {
    Ok(FactRow {
        id: FactId(row.get(0)?),
        person: PersonId(row.get(1)?),
        kind: row.get(2)?,
        text: row.get(3)?,
        private: row.get(4)?,
        source: row.get(5)?,
        recorded: from_db(row.get(6)?)?,
        confirmed: from_db(row.get(7)?)?,
    })
}
