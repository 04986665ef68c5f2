//! The counts behind `kith stats`: how much the user knows about their network and how the
//! reintroductions go. The store counts; what the counts mean is `kith-core`'s.

use jiff::Timestamp;
use kith_core::PersonId;
use kith_core::metrics::Tallies;
use rusqlite::params;

use crate::time::to_db;
use crate::{Error, Store, Writer};

impl Store {
    /// The counts as of `now`; a check-back counts as kept when done by its date plus `grace`
    /// seconds.
    pub fn tallies(&self, now: Timestamp, grace_seconds: i64) -> Result<Tallies, Error> {
        let counts = self.counts()?;
        let group_count = |table: &str, filter: &str| -> Result<u64, Error> {
            let count: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(DISTINCT p.root_id) FROM {table} t
                     JOIN person p ON p.id = t.person_id
                     JOIN person r ON r.id = p.root_id
                     WHERE r.archived_at IS NULL AND r.is_me = 0 AND {filter}"
                ),
                [],
                |row| row.get(0),
            )?;
            Ok(count.try_into().unwrap_or(0))
        };
        let (due, kept): (i64, i64) = self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE f.done_at IS NOT NULL
                                                AND f.done_at <= f.due_at + ?2)
             FROM outreach o JOIN followup f ON f.id = o.followup_id
             WHERE f.due_at <= ?1",
            params![to_db(now), grace_seconds],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(Tallies {
            people: counts.people,
            known: counts.known,
            queued: group_count("queued", "1")?,
            reached: group_count("outreach", "1")?,
            replied: group_count(
                "outcome",
                "t.kind IN ('reintroduced', 'not-now', 'declined')",
            )?,
            reintroduced: group_count("outcome", "t.kind = 'reintroduced'")?,
            checks_due: due.try_into().unwrap_or(0),
            checks_kept: kept.try_into().unwrap_or(0),
        })
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
