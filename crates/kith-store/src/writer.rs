//! Writing: every change to the database goes through a [`Writer`], inside the transaction of
//! one [`Store::write`](crate::Store::write) call.

use jiff::Timestamp;
use kith_core::{
    Fact, FactId, Interaction, Membership, Name, NewFact, NewIdentity, NewPerson, PersonId,
};
use rusqlite::{Transaction, params};

use crate::time::to_db;
use crate::{Error, facts, people};

/// Writes inside one transaction. Obtained from [`Store::write`](crate::Store::write).
#[derive(Debug)]
pub struct Writer<'a> {
    tx: &'a Transaction<'a>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a Transaction<'a>) -> Self {
        Self { tx }
    }

    /// Adds a person with their identities, circles, facts and interactions; returns their id.
    pub fn add_person(&mut self, new: &NewPerson, now: Timestamp) -> Result<PersonId, Error> {
        self.tx
            .prepare_cached("INSERT INTO person (name, name_key, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![new.name.as_str(), new.name.key(), to_db(now)])?;
        let id = PersonId(self.tx.last_insert_rowid());
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

    /// Gives a person an identity. An identity that already belongs to this person is kept
    /// as it is; one that belongs to someone else is a conflict.
    pub fn add_identity(&mut self, person: PersonId, identity: &NewIdentity) -> Result<(), Error> {
        let kind = identity.kind().as_str();
        // Insert first and look for the owner only when the value is taken: the common case
        // is a new identity, and this keeps it to one statement.
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO identity (person_id, kind, value, source) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (kind, value) DO NOTHING",
            )?
            .execute(params![
                person.0,
                kind,
                identity.value(),
                identity.source().as_str()
            ])?;
        if inserted == 1 {
            return Ok(());
        }
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
    /// a given role replaces the old one and no role keeps it.
    pub fn join_circle(&mut self, person: PersonId, membership: &Membership) -> Result<(), Error> {
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
        self.tx
            .prepare_cached(
                "INSERT INTO membership (person_id, circle_id, role) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_id, circle_id) DO UPDATE SET role = coalesce(excluded.role, role)",
            )?
            .execute(params![
                person.0,
                circle_id,
                membership.role.as_ref().map(|role| role.as_str())
            ])?;
        Ok(())
    }

    /// Records a summary of contact with a person.
    pub fn add_interaction(
        &mut self,
        person: PersonId,
        interaction: &Interaction,
    ) -> Result<(), Error> {
        self.tx
            .prepare_cached(
                "INSERT INTO interaction (person_id, source, first_at, last_at, count)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                person.0,
                interaction.source().as_str(),
                to_db(interaction.first()),
                to_db(interaction.last()),
                interaction.count()
            ])?;
        Ok(())
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

    fn insert_fact(
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
