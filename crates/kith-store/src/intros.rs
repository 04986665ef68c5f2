//! Introductions and their outcomes. People are shown as the person their merge group is
//! shown as, so an intro recorded before a merge follows the merge (and an unmerge).

use jiff::Timestamp;
use kith_core::{Intro, IntroId, IntroOutcome, PersonId, Reason};
use rusqlite::{OptionalExtension, Row, params};

use crate::people::{person, root};
use crate::time::{from_db, to_db};
use crate::{Error, Store, Writer};

/// Each intro with its sides shown as their groups, and its latest outcome.
const INTRO: &str = "SELECT i.id, pa.root_id, pb.root_id, pv.root_id, i.at, o.kind, o.why, o.at
     FROM intro i
     JOIN person pa ON pa.id = i.a
     JOIN person pb ON pb.id = i.b
     JOIN person pv ON pv.id = i.via
     LEFT JOIN intro_outcome o ON o.id = (SELECT id FROM intro_outcome
                                          WHERE intro_id = i.id ORDER BY at DESC, id DESC
                                          LIMIT 1)";

impl Store {
    /// Every introduction, oldest first.
    pub fn intros(&self) -> Result<Vec<Intro>, Error> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{INTRO} ORDER BY i.at, i.id"))?;
        let rows = statement.query_map([], intro_from_row)?;
        rows.map(|row| row?).collect()
    }

    /// One introduction.
    pub fn intro(&self, id: IntroId) -> Result<Intro, Error> {
        intro(&self.conn, id)
    }
}

impl Writer<'_> {
    /// Records that `via` introduced `a` and `b` to each other.
    pub fn record_intro(
        &mut self,
        a: PersonId,
        b: PersonId,
        via: PersonId,
        at: Timestamp,
    ) -> Result<IntroId, Error> {
        let (first, second) = (person(self.tx, a)?, person(self.tx, b)?);
        person(self.tx, via)?;
        if root(self.tx, a)? == root(self.tx, b)? {
            return Err(Error::Conflict(format!(
                "{} and {} are one person; an introduction needs two",
                first.name, second.name
            )));
        }
        self.tx.execute(
            "INSERT INTO intro (a, b, via, at) VALUES (?1, ?2, ?3, ?4)",
            params![a.0, b.0, via.0, to_db(at)],
        )?;
        Ok(IntroId(self.tx.last_insert_rowid()))
    }

    /// Records what came of an introduction; earlier outcomes stay as they were.
    pub fn record_intro_outcome(
        &mut self,
        id: IntroId,
        outcome: IntroOutcome,
        why: Option<&Reason>,
        at: Timestamp,
    ) -> Result<Intro, Error> {
        intro(self.tx, id)?;
        self.tx.execute(
            "INSERT INTO intro_outcome (intro_id, kind, why, at) VALUES (?1, ?2, ?3, ?4)",
            params![id.0, outcome.as_str(), why.map(Reason::as_str), to_db(at)],
        )?;
        intro(self.tx, id)
    }
}

fn intro(conn: &rusqlite::Connection, id: IntroId) -> Result<Intro, Error> {
    conn.prepare_cached(&format!("{INTRO} WHERE i.id = ?1"))?
        .query_row([id.0], intro_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no intro has id {id}; `kith intros` lists them")))?
}

fn intro_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Intro, Error>> {
    let a = PersonId(row.get(1)?);
    let kind: Option<String> = row.get(5)?;
    let why: Option<String> = row.get(6)?;
    let outcome_at = row.get::<_, Option<i64>>(7)?.map(from_db).transpose()?;
    let outcome = match (kind, outcome_at) {
        (Some(kind), Some(at)) => {
            let corrupt = |source| Error::Corrupt { person: a, source };
            let kind = kind.parse::<IntroOutcome>().map_err(corrupt);
            let why = why
                .as_deref()
                .map(Reason::parse)
                .transpose()
                .map_err(corrupt);
            match (kind, why) {
                (Ok(kind), Ok(why)) => Some((kind, why, at)),
                (Err(error), _) | (_, Err(error)) => return Ok(Err(error)),
            }
        }
        _ => None,
    };
    Ok(Ok(Intro {
        id: IntroId(row.get(0)?),
        a,
        b: PersonId(row.get(2)?),
        via: PersonId(row.get(3)?),
        at: from_db(row.get(4)?)?,
        outcome,
    }))
}
