//! Follow-ups: reading them, and writing them through a [`Writer`].

use jiff::Timestamp;
use kith_core::{FollowUp, FollowUpId, FollowUpText, PersonId};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::people::GROUP;
use crate::time::{from_db, to_db};
use crate::{Error, Store, Writer};

const FOLLOWUP: &str = "SELECT id, person_id, text, due_at, created_at, done_at, uid FROM followup";

/// Which follow-ups to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Those still to do.
    Pending,
    /// Those still to do whose date is before this moment.
    OverdueAt(Timestamp),
    /// All of them, done ones included.
    All,
}

impl Store {
    /// Follow-ups of people who are not deleted, soonest due first.
    pub fn followups(&self, which: Due) -> Result<Vec<FollowUp>, Error> {
        let (pending, before) = match which {
            Due::Pending => (true, None),
            Due::OverdueAt(now) => (true, Some(to_db(now))),
            Due::All => (false, None),
        };
        let mut statement = self.conn.prepare_cached(&format!(
            "{FOLLOWUP} f WHERE (NOT ?1 OR done_at IS NULL) AND (?2 IS NULL OR due_at < ?2)
               AND EXISTS (SELECT 1 FROM person p WHERE p.id = f.person_id
                           AND p.archived_at IS NULL)
             ORDER BY due_at, id"
        ))?;
        let rows = statement.query_map(params![pending, before], followup_from_row)?;
        rows.map(|row| row?).collect()
    }

    /// The follow-ups of a person and everyone merged into them, soonest due first.
    pub fn followups_of(&self, person: PersonId) -> Result<Vec<FollowUp>, Error> {
        let root = self.root(person)?;
        let mut statement = self
            .conn
            .prepare_cached(&format!("{FOLLOWUP} WHERE {GROUP} ORDER BY due_at, id"))?;
        let rows = statement.query_map([root.0], followup_from_row)?;
        rows.map(|row| row?).collect()
    }
}

impl Writer<'_> {
    /// Records something to do for a person by `due`.
    pub fn add_followup(
        &mut self,
        person: PersonId,
        text: &FollowUpText,
        due: Timestamp,
        now: Timestamp,
    ) -> Result<FollowUp, Error> {
        crate::people::person(self.tx, person)?;
        let instance: String =
            self.tx
                .query_row("SELECT value FROM meta WHERE key = 'instance'", [], |row| {
                    row.get(0)
                })?;
        self.tx.execute(
            "INSERT INTO followup (person_id, text, due_at, created_at, uid)
             VALUES (?1, ?2, ?3, ?4, '')",
            params![person.0, text.as_str(), to_db(due), to_db(now)],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.execute(
            "UPDATE followup SET uid = ?2 WHERE id = ?1",
            params![id, format!("followup-{id}-{instance}@kith")],
        )?;
        followup(self.tx, FollowUpId(id))
    }

    /// Marks a follow-up done.
    pub fn complete_followup(&mut self, id: FollowUpId, now: Timestamp) -> Result<FollowUp, Error> {
        let found = followup(self.tx, id)?;
        if found.done.is_some() {
            return Err(Error::Conflict(format!("follow-up {id} is done already")));
        }
        self.tx.execute(
            "UPDATE followup SET done_at = ?2 WHERE id = ?1",
            params![id.0, to_db(now)],
        )?;
        followup(self.tx, id)
    }

    /// Moves a pending follow-up's date to `due`.
    pub fn snooze_followup(&mut self, id: FollowUpId, due: Timestamp) -> Result<FollowUp, Error> {
        let found = followup(self.tx, id)?;
        if found.done.is_some() {
            return Err(Error::Conflict(format!(
                "follow-up {id} is done already; there is nothing to snooze"
            )));
        }
        self.tx.execute(
            "UPDATE followup SET due_at = ?2 WHERE id = ?1",
            params![id.0, to_db(due)],
        )?;
        followup(self.tx, id)
    }
}

fn followup(conn: &Connection, id: FollowUpId) -> Result<FollowUp, Error> {
    conn.query_row(
        &format!("{FOLLOWUP} WHERE id = ?1"),
        [id.0],
        followup_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::NotFound(format!(
            "there is no follow-up with id {id}; `kith followups` lists them"
        ))
    })?
}

fn followup_from_row(row: &Row<'_>) -> rusqlite::Result<Result<FollowUp, Error>> {
    let person = PersonId(row.get(1)?);
    let text: String = row.get(2)?;
    let followup = FollowUpText::parse(&text).map(|text| -> rusqlite::Result<FollowUp> {
        Ok(FollowUp {
            id: FollowUpId(row.get(0)?),
            person,
            text,
            due: from_db(row.get(3)?)?,
            created: from_db(row.get(4)?)?,
            done: row.get::<_, Option<i64>>(5)?.map(from_db).transpose()?,
            uid: row.get(6)?,
        })
    });
    match followup {
        Ok(followup) => followup.map(Ok),
        Err(source) => Ok(Err(Error::Corrupt { person, source })),
    }
}
