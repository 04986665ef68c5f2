//! The counts behind `kith stats`: how much the user knows about their network and how the
//! reintroductions go. The store counts; what the counts mean is `kith-core`'s.

use jiff::Timestamp;
use kith_core::PersonId;
use kith_core::metrics::Tallies;
use rusqlite::{ToSql, params};

use crate::time::to_db;
use crate::{Error, Store, Writer};

impl Store {
    /// The counts as they stood at `as_of` (the people added by then, the facts recorded by
    /// then, and so on); `day` is `as_of`'s calendar day for the queue's records. A check-back
    /// counts as kept when done by its date plus `grace_seconds`.
    pub fn tallies(
        &self,
        as_of: Timestamp,
        day: &str,
        grace_seconds: i64,
    ) -> Result<Tallies, Error> {
        let at = to_db(as_of);
        let (people, known): (i64, i64) = self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE EXISTS
                 (SELECT 1 FROM person m CROSS JOIN fact f ON f.person_id = m.id
                  WHERE m.root_id = p.id AND f.recorded_at <= ?1))
             FROM person p
             WHERE p.is_me = 0 AND p.archived_at IS NULL AND p.merged_into IS NULL
               AND p.created_at <= ?1",
            [at],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let group_count = |table: &str, filter: &str, value: &dyn ToSql| -> Result<u64, Error> {
            let count: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(DISTINCT p.root_id) FROM {table} t
                     JOIN person p ON p.id = t.person_id
                     JOIN person r ON r.id = p.root_id
                     WHERE r.archived_at IS NULL AND r.is_me = 0 AND {filter}"
                ),
                [value],
                |row| row.get(0),
            )?;
            Ok(count.try_into().unwrap_or(0))
        };
        let (due, kept): (i64, i64) = self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE f.done_at IS NOT NULL
                                                AND f.done_at <= f.due_at + ?2
                                                AND f.done_at <= ?1)
             FROM outreach o JOIN followup f ON f.id = o.followup_id
             WHERE f.due_at <= ?1",
            params![at, grace_seconds],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        // The user's own intros, each with its latest outcome as it stood then.
        let (intros_known, intros_led_somewhere): (i64, i64) = self.conn.query_row(
            "SELECT count(kind), count(*) FILTER (WHERE kind = 'led-somewhere') FROM
                 (SELECT (SELECT o.kind FROM intro_outcome o
                          WHERE o.intro_id = i.id AND o.at <= ?1
                          ORDER BY o.at DESC, o.id DESC LIMIT 1) AS kind
                  FROM intro i JOIN person v ON v.id = i.via
                  WHERE v.is_me = 1 AND i.at <= ?1)",
            [at],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let count = |value: i64| value.try_into().unwrap_or(0);
        Ok(Tallies {
            people: count(people),
            known: count(known),
            queued: group_count("queued", "t.day <= ?1", &day)?,
            reached: group_count("outreach", "t.at <= ?1", &at)?,
            replied: group_count(
                "outcome",
                "t.kind IN ('reintroduced', 'not-now', 'declined') AND t.at <= ?1",
                &at,
            )?,
            reintroduced: group_count("outcome", "t.kind = 'reintroduced' AND t.at <= ?1", &at)?,
            checks_due: count(due),
            checks_kept: count(kept),
            intros_known: count(intros_known),
            intros_led_somewhere: count(intros_led_somewhere),
            // The engine's, not the store's: the caller adds them.
            ..Tallies::default()
        })
    }

    /// The people (as their merge groups) reintroduced by `as_of`.
    pub fn reintroduced(&self, as_of: Timestamp) -> Result<Vec<PersonId>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT p.root_id FROM outcome o JOIN person p ON p.id = o.person_id
             WHERE o.kind = 'reintroduced' AND o.at <= ?1 ORDER BY 1",
        )?;
        let rows = statement.query_map([to_db(as_of)], |row| Ok(PersonId(row.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// When the first person was added, if anyone was: where a history of the metrics starts.
    pub fn first_added(&self) -> Result<Option<Timestamp>, Error> {
        let first: Option<i64> = self.conn.query_row(
            "SELECT min(created_at) FROM person WHERE is_me = 0",
            [],
            |row| row.get(0),
        )?;
        Ok(first.map(crate::time::from_db).transpose()?)
    }
}

impl Writer<'_> {
    /// Notes that the reunion queue suggested these people on `day` (`YYYY-MM-DD`).
    pub fn note_queued(&mut self, people: &[PersonId], day: &str) -> Result<(), Error> {
        let mut statement = self.tx.prepare_cached(
            "INSERT INTO queued (person_id, day) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for person in people {
            statement.execute(params![person.0, day])?;
        }
        Ok(())
    }
}
