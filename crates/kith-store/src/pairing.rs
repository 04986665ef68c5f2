//! Random-coffee rounds: the members of a circle, the pairs of earlier rounds, and recording a
//! new round. People are shown as their merge groups.

use jiff::Timestamp;
use kith_core::{CircleName, PersonId};
use rusqlite::params;

use crate::time::to_db;
use crate::{Error, Store, Writer};

impl Store {
    /// The members of a circle who are not deleted, each as their merge group, in id order.
    pub fn circle_members(&self, circle: &CircleName) -> Result<Vec<PersonId>, Error> {
        let circle = self.circle_id(circle)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT r.id FROM membership ms
             JOIN person p ON p.id = ms.person_id
             JOIN person r ON r.id = p.root_id
             WHERE ms.circle_id = ?1 AND r.archived_at IS NULL
             ORDER BY r.id",
        )?;
        let rows = statement.query_map([circle], |row| Ok(PersonId(row.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every pair of the circle's earlier rounds, as merge groups, oldest first.
    pub fn past_pairs(&self, circle: &CircleName) -> Result<Vec<(PersonId, PersonId)>, Error> {
        let circle = self.circle_id(circle)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT pa.root_id, pb.root_id FROM pairing x
             JOIN person pa ON pa.id = x.a
             JOIN person pb ON pb.id = x.b
             WHERE x.circle_id = ?1 ORDER BY x.round, x.id",
        )?;
        let rows = statement.query_map([circle], |row| {
            Ok((PersonId(row.get(0)?), PersonId(row.get(1)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Writer<'_> {
    /// Records a round of the circle: every pair in it (a trio as its three pairs). Returns the
    /// round's number, from 1.
    pub fn record_round(
        &mut self,
        circle: &CircleName,
        pairs: &[(PersonId, PersonId)],
        at: Timestamp,
    ) -> Result<u32, Error> {
        let circle: i64 = self.tx.query_row(
            "SELECT id FROM circle WHERE key = ?1",
            [circle.key()],
            |row| row.get(0),
        )?;
        let round: u32 = self.tx.query_row(
            "SELECT coalesce(max(round), 0) + 1 FROM pairing WHERE circle_id = ?1",
            [circle],
            |row| row.get(0),
        )?;
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO pairing (circle_id, round, a, b, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (a, b) in pairs {
            insert.execute(params![circle, round, a.0, b.0, to_db(at)])?;
        }
        Ok(round)
    }
}
