//! Writing: every change to the database goes through a [`Writer`], inside the transaction of
//! one [`Store::write`](crate::Store::write) call.

use jiff::Timestamp;
use kith_core::{
    Fact, FactId, Interaction, Membership, Name, NewFact, NewIdentity, NewPerson, PersonId,
};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::time::to_db;
use crate::{Error, facts, people};

/// What a write did to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A new row.
    Added,
    /// A row that was there changed.
    Updated,
    /// Nothing changed: it was all there already.
    Unchanged,
}

/// Writes inside one transaction. Obtained from [`Store::write`](crate::Store::write).
#[derive(Debug)]
pub struct Writer<'a> {
    pub(crate) tx: &'a Transaction<'a>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>) -> Self {
        Self { tx }
    }

    /// Adds a person with their identities, circles, facts and interactions; returns their id.
    pub fn add_person(&mut self, new: &NewPerson, now: Timestamp) -> Result<PersonId, Error> {
        let id = self.create_person(&new.name, now)?;
        self.tx
            .prepare_cached("INSERT INTO person_source (person_id, source) VALUES (?1, ?2)")?
            .execute(params![id.0, new.source.as_str()])?;
        for identity in &new.identities {
            self.add_identity(id, identity)?;
        }
        for membership in &new.circles {
            self.join_circle(id, membership)?;
        }
        for fact in &new.facts {
            self.insert_fact(id, fact, now)?;
        }
        for interaction in &new.interactions {
            self.add_interaction(id, interaction)?;
        }
        Ok(id)
    }

    /// Gives a person an identity unless someone already has it; returns whether it was added.
    pub(crate) fn claim_identity(
        &mut self,
        person: PersonId,
        identity: &NewIdentity,
    ) -> Result<bool, Error> {
        let added = self
            .tx
            .prepare_cached(
                "INSERT INTO identity (person_id, kind, value, source) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, value) DO NOTHING",
            )?
            .execute(params![
                person.0,
                identity.kind().as_str(),
                identity.value(),
                identity.source().as_str()
            ])?;
        Ok(added > 0)
    }

    /// Creates a person with nothing but a name.
    pub(crate) fn create_person(&mut self, name: &Name, now: Timestamp) -> Result<PersonId, Error> {
        self.tx
            .prepare_cached("INSERT INTO person (name, name_key, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![name.as_str(), name.key(), to_db(now)])?;
        let id = self.tx.last_insert_rowid();
        // Everyone is the root of their own merge group until merged.
        self.tx
            .prepare_cached("UPDATE person SET root_id = id WHERE id = ?1")?
            .execute([id])?;
        Ok(PersonId(id))
    }

    /// Merges `merged` into `kept`: one human found twice. Nothing moves: `merged`, and
    /// everyone merged into them before, are shown as part of `kept` until
    /// [`Writer::unmerge`] undoes it.
    pub fn merge(&mut self, kept: PersonId, merged: PersonId, now: Timestamp) -> Result<(), Error> {
        let keep = people::person(self.tx, kept)?;
        let merge = people::person(self.tx, merged)?;
        let conflict = |why: String| Err(Error::Conflict(why));
        if kept == merged {
            return conflict(format!(
                "{} (id {kept}) cannot be merged with themselves",
                keep.name
            ));
        }
        if merge.is_me {
            return conflict(
                "you (`me`) cannot be merged into someone; merge them into `me`".into(),
            );
        }
        for person in [&keep, &merge] {
            if let Some(into) = person.merged_into {
                return conflict(format!(
                    "{} (id {}) is merged into id {into} already; merge with that person instead",
                    person.name, person.id
                ));
            }
            if person.archived.is_some() {
                return conflict(format!(
                    "{} (id {}) is deleted; restore them first",
                    person.name, person.id
                ));
            }
        }
        self.tx.execute(
            "UPDATE person SET merged_into = ?1, merged_at = ?3 WHERE id = ?2",
            params![kept.0, merged.0, to_db(now)],
        )?;
        self.tx.execute(
            "UPDATE person SET root_id = ?1 WHERE root_id = ?2",
            params![kept.0, merged.0],
        )?;
        Ok(())
    }

    /// Undoes the merge of `merged` into whomever they were merged into: they, and the people
    /// merged into them, are shown on their own again.
    pub fn unmerge(&mut self, merged: PersonId) -> Result<PersonId, Error> {
        let person = people::person(self.tx, merged)?;
        let Some(into) = person.merged_into else {
            return Err(Error::Conflict(format!(
                "{} (id {merged}) is not merged into anyone",
                person.name
            )));
        };
        self.tx.execute(
            "UPDATE person SET merged_into = NULL, merged_at = NULL WHERE id = ?1",
            [merged.0],
        )?;
        self.tx.execute(
            "WITH RECURSIVE branch (id) AS (
                 SELECT ?1 UNION SELECT p.id FROM person p JOIN branch b ON p.merged_into = b.id
             )
             UPDATE person SET root_id = ?1 WHERE id IN branch",
            [merged.0],
        )?;
        Ok(into)
    }

    /// Gives a person an identity. An identity that already belongs to this person is kept
    /// as it is; one that belongs to someone else is a conflict.
    pub fn add_identity(&mut self, person: PersonId, identity: &NewIdentity) -> Result<(), Error> {
        // Insert first and look for the owner only when the value is taken: the common case
        // is a new identity, and this keeps it to one statement.
        if self.claim_identity(person, identity)? {
            return Ok(());
        }
        let kind = identity.kind().as_str();
        let (owner, name): (i64, String) = self
            .tx
            .prepare_cached(
                "SELECT p.id, p.name FROM identity i JOIN person p ON p.id = i.person_id
                 WHERE i.kind = ?1 AND i.value = ?2",
            )?
            .query_row(params![kind, identity.value()], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
        if owner == person.0 {
            return Ok(());
        }
        Err(Error::Conflict(format!(
            "the {kind} {} already belongs to {name} (id {owner})",
            identity.value()
        )))
    }

    /// Puts a person in a circle, creating the circle if it is new. If they are in it already,
    /// a given role replaces the old one and no role keeps it. Returns whether anything
    /// changed.
    pub fn join_circle(
        &mut self,
        person: PersonId,
        membership: &Membership,
    ) -> Result<bool, Error> {
        let circle = &membership.circle;
        self.tx
            .prepare_cached(
                "INSERT INTO circle (name, key) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
            )?
            .execute(params![circle.as_str(), circle.key()])?;
        let circle_id: i64 = self
            .tx
            .prepare_cached("SELECT id FROM circle WHERE key = ?1")?
            .query_row([circle.key()], |row| row.get(0))?;
        let changed = self
            .tx
            .prepare_cached(
                "INSERT INTO membership (person_id, circle_id, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_id, circle_id) DO UPDATE SET role = excluded.role
                 WHERE excluded.role IS NOT NULL AND excluded.role IS NOT role",
            )?
            .execute(params![
                person.0,
                circle_id,
                membership.role.as_ref().map(|role| role.as_str())
            ])?;
        Ok(changed > 0)
    }

    /// Records a month of contact with a person. A month already recorded for the same
    /// source and kind of conversation keeps the larger counts and the wider span, so that
    /// importing the same export again, or a newer one that overlaps it, counts nothing twice.
    pub fn add_interaction(
        &mut self,
        person: PersonId,
        interaction: &Interaction,
    ) -> Result<Change, Error> {
        let month = interaction.month();
        let month = format!("{:04}-{:02}", month.year(), month.month());
        let source = interaction.source().as_str();
        let existing: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM interaction
                 WHERE person_id = ?1 AND source = ?2 AND month = ?3 AND one_to_one = ?4",
            )?
            .query_row(
                params![person.0, source, month, interaction.one_to_one()],
                |row| row.get(0),
            )
            .optional()?;
        let (sent, received) = (interaction.sent(), interaction.received());
        let (first, last) = (to_db(interaction.first()), to_db(interaction.last()));
        if let Some(id) = existing {
            let changed = self
                .tx
                .prepare_cached(
                    "UPDATE interaction SET sent = max(sent, ?2), received = max(received, ?3),
                         first_at = min(first_at, ?4), last_at = max(last_at, ?5)
                     WHERE id = ?1
                       AND (sent < ?2 OR received < ?3 OR first_at > ?4 OR last_at < ?5)",
                )?
                .execute(params![id, sent, received, first, last])?;
            return Ok(if changed > 0 {
                Change::Updated
            } else {
                Change::Unchanged
            });
        }
        self.tx
            .prepare_cached(
                "INSERT INTO interaction
                     (person_id, source, month, one_to_one, sent, received, first_at, last_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                person.0,
                source,
                month,
                interaction.one_to_one(),
                sent,
                received,
                first,
                last
            ])?;
        Ok(Change::Added)
    }

    /// Records a fact about a person, dated `now`, and returns it.
    pub fn add_fact(
        &mut self,
        person: PersonId,
        new: &NewFact,
        now: Timestamp,
    ) -> Result<Fact, Error> {
        people::person(self.tx, person)?;
        let id = self.insert_fact(person, new, now)?;
        facts::fact(self.tx, id)
    }

    pub(crate) fn insert_fact(
        &mut self,
        person: PersonId,
        new: &NewFact,
        now: Timestamp,
    ) -> Result<FactId, Error> {
        self.tx
            .prepare_cached(
                "INSERT INTO fact (person_id, kind, text, private, source, recorded_at, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?
            .execute(params![
                person.0,
                new.kind.as_str(),
                new.text.as_str(),
                new.private,
                new.source.as_str(),
                to_db(now)
            ])?;
        Ok(FactId(self.tx.last_insert_rowid()))
    }

    /// Marks a fact as still true today.
    pub fn confirm_fact(&mut self, id: FactId, now: Timestamp) -> Result<Fact, Error> {
        facts::fact(self.tx, id)?;
        self.tx.execute(
            "UPDATE fact SET confirmed_at = ?2 WHERE id = ?1",
            params![id.0, to_db(now)],
        )?;
        facts::fact(self.tx, id)
    }

    /// Removes a fact and returns what it was.
    pub fn remove_fact(&mut self, id: FactId) -> Result<Fact, Error> {
        let fact = facts::fact(self.tx, id)?;
        self.tx.execute("DELETE FROM fact WHERE id = ?1", [id.0])?;
        Ok(fact)
    }

    /// Renames a person, "me" included.
    pub fn rename(&mut self, person: PersonId, name: &Name) -> Result<(), Error> {
        let changed = self.tx.execute(
            "UPDATE person SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![person.0, name.as_str(), name.key()],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(format!(
                "there is no person with id {person}"
            )));
        }
        Ok(())
    }

    /// Archives a person: hidden from lists and lookups by name until restored, with nothing
    /// about them lost. The user cannot be archived.
    pub fn archive(&mut self, person: PersonId, now: Timestamp) -> Result<(), Error> {
        let found = people::person(self.tx, person)?;
        if found.is_me {
            return Err(Error::Conflict("you cannot delete yourself (`me`)".into()));
        }
        if found.archived.is_some() {
            return Err(Error::Conflict(format!(
                "{} (id {person}) is deleted already; `kith person restore {person}` brings them back",
                found.name
            )));
        }
        if let Some(into) = found.merged_into {
            return Err(Error::Conflict(format!(
                "{} (id {person}) is merged into id {into}; delete that person, or \
                 `kith person unmerge {person}` first",
                found.name
            )));
        }
        self.tx.execute(
            "UPDATE person SET archived_at = ?2 WHERE id = ?1",
            params![person.0, to_db(now)],
        )?;
        Ok(())
    }

    /// Brings an archived person back.
    pub fn restore(&mut self, person: PersonId) -> Result<(), Error> {
        let found = people::person(self.tx, person)?;
        if found.archived.is_none() {
            return Err(Error::Conflict(format!(
                "{} (id {person}) is not deleted",
                found.name
            )));
        }
        self.tx.execute(
            "UPDATE person SET archived_at = NULL WHERE id = ?1",
            [person.0],
        )?;
        Ok(())
    }

    /// Marks this database as made by `kith demo`, so that a later demo may replace it.
    pub fn mark_as_demo(&mut self) -> Result<(), Error> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES ('purpose', 'demo')
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [],
        )?;
        Ok(())
    }
}
