//! What the intersection engine reads: everyone's facts, as their merge groups, and the
//! sentence vectors kept for fact texts.

use std::collections::HashMap;

use jiff::Timestamp;
use kith_core::{Fact, PersonId};
use rusqlite::{OptionalExtension, params};

use crate::facts::fact_from_row;
use crate::time::{from_db, to_db};
use crate::{Error, Store, Writer};

impl Store {
    /// Every fact of the user and of everyone not deleted, each as the person their merge group
    /// is shown as, in id order: what the intersection engine indexes.
    pub fn facts_for_matching(&self) -> Result<Vec<Fact>, Error> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, r.id, f.kind, f.text, f.private, f.source, f.recorded_at,
                    f.confirmed_at
             FROM fact f
             JOIN person p ON p.id = f.person_id
             JOIN person r ON r.id = p.root_id
             WHERE r.archived_at IS NULL
             ORDER BY f.id",
        )?;
        let rows = statement.query_map([], fact_from_row)?;
        rows.map(|row| row?.into_fact()).collect()
    }

    /// The vectors kept for `texts` under `model`; texts without one are absent.
    pub fn text_vectors(
        &self,
        model: &str,
        texts: &[&str],
    ) -> Result<HashMap<String, Vec<f32>>, Error> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT vector FROM text_vector WHERE model = ?1 AND text = ?2")?;
        let mut found = HashMap::new();
        for text in texts {
            let blob: Option<Vec<u8>> = statement
                .query_row(params![model, text], |row| row.get(0))
                .optional()?;
            if let Some(blob) = blob {
                found.insert((*text).to_owned(), from_blob(&blob));
            }
        }
        Ok(found)
    }
}

impl Store {
    /// What the intersections between the user and everyone else depend on, besides the
    /// model: a count of the changes to facts and to who is deleted or merged into whom, kept
    /// by triggers. Equal signatures, equal answers.
    pub fn matching_signature(&self) -> Result<String, Error> {
        let generation: String = self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'matching_generation'",
            [],
            |row| row.get(0),
        )?;
        Ok(format!("generation {generation}"))
    }

    /// The intersections with the user found under `signature`, as (when, with whom), if
    /// that is what was last kept.
    pub fn kept_intersections(
        &self,
        signature: &str,
    ) -> Result<Option<Vec<(Timestamp, PersonId)>>, Error> {
        let kept: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'intersections'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        if kept.as_deref() != Some(signature) {
            return Ok(None);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT at, person_id FROM intersection_cache ORDER BY at, person_id",
        )?;
        let rows =
            statement.query_map([], |row| Ok((from_db(row.get(0)?)?, PersonId(row.get(1)?))))?;
        Ok(Some(rows.collect::<Result<_, _>>()?))
    }
}

impl Writer<'_> {
    /// Keeps the intersections with the user found under `signature`, replacing what was kept.
    pub fn keep_intersections(
        &mut self,
        signature: &str,
        found: &[(Timestamp, PersonId)],
    ) -> Result<(), Error> {
        self.tx.execute("DELETE FROM intersection_cache", [])?;
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO intersection_cache (at, person_id) VALUES (?1, ?2)")?;
        for (at, person) in found {
            insert.execute(params![to_db(*at), person.0])?;
        }
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES ('intersections', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [signature],
        )?;
        Ok(())
    }

    /// Keeps sentence vectors of texts under `model`, and drops vectors of texts no fact has
    /// any more (a removed or corrected fact's text must not linger in the cache).
    pub fn keep_text_vectors(
        &mut self,
        model: &str,
        vectors: &[(&str, &[f32])],
    ) -> Result<(), Error> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO text_vector (model, text, vector) VALUES (?1, ?2, ?3)
             ON CONFLICT (model, text) DO UPDATE SET vector = excluded.vector",
        )?;
        for (text, vector) in vectors {
            insert.execute(params![model, text, to_blob(vector)])?;
        }
        self.tx.execute(
            "DELETE FROM text_vector WHERE text NOT IN (SELECT text FROM fact)",
            [],
        )?;
        Ok(())
    }
}

fn to_blob(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(blob: &[u8]) -> Vec<f32> {
    blob.chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}
