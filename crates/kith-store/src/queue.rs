//! What the reunion queue needs to know about everyone, in one pass over the database, and
//! the language to write to each person in.

use jiff::Timestamp;
use kith_core::drafts::Language;
use kith_core::queue::Candidate;
use kith_core::time::Duration;
use kith_core::{Name, OutcomeKind, PersonId, Source};
use rusqlite::params;

use crate::time::from_db;
use crate::{Error, Store, Writer};

impl Store {
    /// Everyone who could be suggested (not the user, not deleted, not merged into someone),
    /// with what the queue weighs them by.
    pub fn queue_candidates(&self) -> Result<Vec<Candidate>, Error> {
        let mut statement = self.conn.prepare_cached(
            "WITH
               facts AS (SELECT DISTINCT m.root_id AS id FROM fact f
                         JOIN person m ON m.id = f.person_id),
               goals AS (SELECT DISTINCT m.root_id AS id FROM fact f
                         JOIN person m ON m.id = f.person_id
                         WHERE f.kind IN ('goal', 'plan', 'want')),
               roles AS (SELECT m.root_id AS id, min(ms.role) AS role FROM membership ms
                         JOIN person m ON m.id = ms.person_id
                         WHERE ms.role IS NOT NULL GROUP BY m.root_id),
               talked AS (SELECT m.root_id AS id, max(x.last_at) AS last FROM interaction x
                          JOIN person m ON m.id = x.person_id GROUP BY m.root_id),
               reached AS (SELECT m.root_id AS id, max(o.at) AS last FROM outreach o
                           JOIN person m ON m.id = o.person_id GROUP BY m.root_id),
               outcomes AS (SELECT m.root_id AS id, o.kind, o.revisit_at, o.at,
                                   row_number() OVER (PARTITION BY m.root_id
                                                      ORDER BY o.at DESC, o.id DESC) AS n
                            FROM outcome o JOIN person m ON m.id = o.person_id),
               excluded AS (SELECT DISTINCT m.root_id AS id FROM exclusion e
                            JOIN person m ON m.id = e.person_id WHERE e.lifted_at IS NULL),
               known AS (SELECT m.root_id AS id, s.source, s.known_since,
                                row_number() OVER (PARTITION BY m.root_id
                                                   ORDER BY s.known_since, s.source) AS n
                         FROM person_source s JOIN person m ON m.id = s.person_id
                         WHERE s.known_since IS NOT NULL)
             SELECT p.id, p.name, f.id IS NULL, k.source, k.known_since, t.last, r.last,
                    o.kind, o.revisit_at, o.at, e.id IS NOT NULL, p.cadence, ro.role,
                    g.id IS NOT NULL
             FROM person p
             LEFT JOIN facts f ON f.id = p.id
             LEFT JOIN talked t ON t.id = p.id
             LEFT JOIN reached r ON r.id = p.id
             LEFT JOIN outcomes o ON o.id = p.id AND o.n = 1
             LEFT JOIN excluded e ON e.id = p.id
             LEFT JOIN known k ON k.id = p.id AND k.n = 1
             LEFT JOIN goals g ON g.id = p.id
             LEFT JOIN roles ro ON ro.id = p.id
             WHERE p.is_me = 0 AND p.archived_at IS NULL AND p.merged_into IS NULL
             ORDER BY p.id",
        )?;
        let rows = statement.query_map([], |row| {
            let optional = |index| -> rusqlite::Result<_> {
                row.get::<_, Option<i64>>(index)?.map(from_db).transpose()
            };
            Ok((
                PersonId(row.get(0)?),
                row.get::<_, String>(1)?,
                row.get::<_, bool>(2)?,
                row.get::<_, Option<String>>(3)?.zip(optional(4)?),
                optional(5)?,
                optional(6)?,
                row.get::<_, Option<String>>(7)?,
                optional(8)?,
                optional(9)?,
                row.get::<_, bool>(10)?,
                row.get::<_, Option<String>>(11)?,
                (row.get::<_, Option<String>>(12)?, row.get::<_, bool>(13)?),
            ))
        })?;
        rows.map(|row| {
            let (
                person,
                name,
                stranger,
                first_known,
                talked,
                reached,
                kind,
                revisit,
                at,
                excluded,
                cadence,
                (role, goals_known),
            ) = row?;
            let corrupt = |source| Error::Corrupt { person, source };
            let last_outcome = match (kind, at) {
                (Some(kind), Some(at)) => {
                    Some((kind.parse::<OutcomeKind>().map_err(corrupt)?, revisit, at))
                }
                _ => None,
            };
            Ok(Candidate {
                person,
                name: Name::parse(&name).map_err(corrupt)?,
                stranger,
                first_known,
                last_interaction: talked,
                last_reached: reached,
                last_outcome,
                excluded,
                cadence: cadence
                    .as_deref()
                    .map(Duration::parse)
                    .transpose()
                    .map_err(corrupt)?,
                role,
                goals_known,
            })
        })
        .collect()
    }

    /// The language set for a person, if one was.
    pub fn language(&self, person: PersonId) -> Result<Option<Language>, Error> {
        let language: Option<String> = self.conn.query_row(
            "SELECT language FROM person WHERE id = ?1",
            [person.0],
            |row| row.get(0),
        )?;
        language
            .map(|code| code.parse::<Language>())
            .transpose()
            .map_err(|source| Error::Corrupt { person, source })
    }
}

impl Writer<'_> {
    /// Sets how often to keep in touch with a person; `None` clears it.
    pub fn set_cadence(
        &mut self,
        person: PersonId,
        cadence: Option<Duration>,
    ) -> Result<(), Error> {
        crate::people::person(self.tx, person)?;
        self.tx.execute(
            "UPDATE person SET cadence = ?2 WHERE id = ?1",
            params![person.0, cadence.map(Duration::to_text)],
        )?;
        Ok(())
    }

    /// Records a contact the user logs by hand (a call, a coffee) on `source` (the channel,
    /// or `manual`), counted in its month.
    pub fn log_interaction(
        &mut self,
        person: PersonId,
        source: &Source,
        at: Timestamp,
    ) -> Result<(), Error> {
        crate::people::person(self.tx, person)?;
        let month = kith_core::month_of(at);
        let month = format!("{:04}-{:02}", month.year(), month.month());
        let at = crate::time::to_db(at);
        self.tx.execute(
            "INSERT INTO interaction
                 (person_id, source, month, one_to_one, sent, received, first_at, last_at)
             VALUES (?1, ?4, ?2, 1, 1, 0, ?3, ?3)
             ON CONFLICT (person_id, source, month, one_to_one) DO UPDATE SET
                 sent = sent + 1, first_at = min(first_at, ?3), last_at = max(last_at, ?3)",
            params![person.0, month, at, source.as_str()],
        )?;
        Ok(())
    }

    /// Sets the language to write to a person in.
    pub fn set_language(&mut self, person: PersonId, language: Language) -> Result<(), Error> {
        crate::people::person(self.tx, person)?;
        self.tx.execute(
            "UPDATE person SET language = ?2 WHERE id = ?1",
            params![person.0, language.as_str()],
        )?;
        Ok(())
    }
}
