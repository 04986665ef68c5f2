//! Outreach, outcomes and exclusions: reading a person's history, and writing it through a
//! [`Writer`]. Rows are only ever added (an exclusion is lifted, not deleted).

use jiff::Timestamp;
use kith_core::{
    Channel, FollowUp, FollowUpText, Outcome, OutcomeKind, Outreach, PersonId, Reason,
};
use rusqlite::{OptionalExtension, params};

use crate::people::GROUP;
use crate::time::{from_db, to_db};
use crate::{Error, Store, Writer};

/// A person's exclusion from suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// Why they are excluded.
    pub why: Reason,
    /// Since when.
    pub at: Timestamp,
}

impl Store {
    /// A person's outreach, oldest first, with everyone merged into them.
    pub fn outreach_of(&self, person: PersonId) -> Result<Vec<Outreach>, Error> {
        let root = self.root(person)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT person_id, channel, at FROM outreach WHERE {GROUP} ORDER BY at, id"
        ))?;
        let rows = statement.query_map([root.0], |row| {
            Ok((
                PersonId(row.get(0)?),
                row.get::<_, Option<String>>(1)?,
                from_db(row.get(2)?)?,
            ))
        })?;
        rows.map(|row| {
            let (person, channel, at) = row?;
            let channel = channel
                .as_deref()
                .map(Channel::parse)
                .transpose()
                .map_err(|source| Error::Corrupt { person, source })?;
            Ok(Outreach {
                person,
                channel,
                at,
            })
        })
        .collect()
    }

    /// A person's outcomes, oldest first, with everyone merged into them.
    pub fn outcomes_of(&self, person: PersonId) -> Result<Vec<Outcome>, Error> {
        let root = self.root(person)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT person_id, kind, at, revisit_at, why FROM outcome WHERE {GROUP}
             ORDER BY at, id"
        ))?;
        let rows = statement.query_map([root.0], |row| {
            Ok((
                PersonId(row.get(0)?),
                row.get::<_, String>(1)?,
                from_db(row.get(2)?)?,
                row.get::<_, Option<i64>>(3)?.map(from_db).transpose()?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (person, kind, at, revisit, why) = row?;
            let corrupt = |source| Error::Corrupt { person, source };
            Ok(Outcome {
                person,
                kind: kind.parse::<OutcomeKind>().map_err(corrupt)?,
                at,
                revisit,
                why: why
                    .as_deref()
                    .map(Reason::parse)
                    .transpose()
                    .map_err(corrupt)?,
            })
        })
        .collect()
    }

    /// Whether a person (or anyone merged into them) is excluded from suggestions, and why.
    pub fn exclusion(&self, person: PersonId) -> Result<Option<Exclusion>, Error> {
        let root = self.root(person)?;
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT why, at FROM exclusion WHERE {GROUP} AND lifted_at IS NULL
                     ORDER BY at DESC, id DESC LIMIT 1"
                ),
                [root.0],
                |row| Ok((row.get::<_, String>(0)?, from_db(row.get(1)?)?)),
            )
            .optional()?;
        found
            .map(|(why, at)| {
                Ok(Exclusion {
                    why: Reason::parse(&why).map_err(|source| Error::Corrupt {
                        person: root,
                        source,
                    })?,
                    at,
                })
            })
            .transpose()
    }
}

impl Writer<'_> {
    /// Records reaching out to someone, and a follow-up to check back on `check_back`.
    pub fn reach(
        &mut self,
        outreach: &Outreach,
        check_back: Timestamp,
        check: &FollowUpText,
    ) -> Result<FollowUp, Error> {
        let followup = self.add_followup(outreach.person, check, check_back, outreach.at)?;
        self.tx.execute(
            "INSERT INTO outreach (person_id, channel, at, followup_id) VALUES (?1, ?2, ?3, ?4)",
            params![
                outreach.person.0,
                outreach.channel.as_ref().map(Channel::as_str),
                to_db(outreach.at),
                followup.id.0
            ],
        )?;
        Ok(followup)
    }

    /// Records what came of reaching out; earlier outcomes stay as they were.
    pub fn record_outcome(&mut self, outcome: &Outcome) -> Result<(), Error> {
        crate::people::person(self.tx, outcome.person)?;
        self.tx.execute(
            "INSERT INTO outcome (person_id, kind, at, revisit_at, why)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                outcome.person.0,
                outcome.kind.as_str(),
                to_db(outcome.at),
                outcome.revisit.map(to_db),
                outcome.why.as_ref().map(Reason::as_str)
            ],
        )?;
        Ok(())
    }

    /// Excludes a person from suggestions.
    pub fn exclude(&mut self, person: PersonId, why: &Reason, now: Timestamp) -> Result<(), Error> {
        let found = crate::people::person(self.tx, person)?;
        let excluded: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM exclusion WHERE person_id = ?1 AND lifted_at IS NULL)",
            [person.0],
            |row| row.get(0),
        )?;
        if excluded {
            return Err(Error::Conflict(format!(
                "{} (id {person}) is excluded already; `kith include {person}` lifts it",
                found.name
            )));
        }
        self.tx.execute(
            "INSERT INTO exclusion (person_id, why, at) VALUES (?1, ?2, ?3)",
            params![person.0, why.as_str(), to_db(now)],
        )?;
        Ok(())
    }

    /// Lifts a person's exclusion.
    pub fn include(&mut self, person: PersonId, now: Timestamp) -> Result<(), Error> {
        let found = crate::people::person(self.tx, person)?;
        let lifted = self.tx.execute(
            "UPDATE exclusion SET lifted_at = ?2 WHERE person_id = ?1 AND lifted_at IS NULL",
            params![person.0, to_db(now)],
        )?;
        if lifted == 0 {
            return Err(Error::Conflict(format!(
                "{} (id {person}) is not excluded",
                found.name
            )));
        }
        Ok(())
    }
}
