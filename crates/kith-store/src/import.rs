//! Imports: loading everyone into a [`Directory`] for identity resolution, and applying the
//! resulting [`Plan`] in the import's transaction. Which record belongs to whom is decided in
//! `kith-core`; this module only writes it down, adding what is new and leaving what is there.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use kith_core::resolve::{Directory, Plan, Target};
use kith_core::{IdentityKind, Name, NewFact, PersonId, Source};
use rusqlite::params;

use crate::time::{from_db, to_db};
use crate::writer::Change;
use crate::{Error, Store, Writer};

/// What an import changed: the contract's summary counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imported {
    /// People created.
    pub people_added: u64,
    /// People already stored who gained something (an identity, a source, a fact, a month of
    /// contact, …).
    pub people_updated: u64,
    /// Records that joined a person who had nothing from their source yet.
    pub people_merged: u64,
    /// Emails, phones, profiles and handles added.
    pub identities_added: u64,
    /// Months of contact added.
    pub interactions_added: u64,
}

impl Store {
    /// Everyone stored, deleted people included (a re-import must not bring them back as
    /// new people), with their identities and sources, for identity resolution.
    pub fn directory(&self) -> Result<Directory, Error> {
        let mut identities: HashMap<i64, Vec<(IdentityKind, String)>> = HashMap::new();
        let mut statement = self
            .conn
            .prepare("SELECT person_id, kind, value FROM identity")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let kind: String = row.get(1)?;
            let person: i64 = row.get(0)?;
            let kind = kind
                .parse::<IdentityKind>()
                .map_err(|source| Error::Corrupt {
                    person: PersonId(person),
                    source,
                })?;
            identities
                .entry(person)
                .or_default()
                .push((kind, row.get(2)?));
        }
        let mut sources: HashMap<i64, Vec<(Source, Option<Timestamp>)>> = HashMap::new();
        let mut statement = self
            .conn
            .prepare("SELECT person_id, source, known_since FROM person_source")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let person: i64 = row.get(0)?;
            let source: String = row.get(1)?;
            let source = Source::parse(&source).map_err(|source| Error::Corrupt {
                person: PersonId(person),
                source,
            })?;
            let since = row.get::<_, Option<i64>>(2)?.map(from_db).transpose()?;
            sources.entry(person).or_default().push((source, since));
        }
        // A merge group is one person to the resolver: the root, with every member's names,
        // identities and sources.
        let mut groups: Vec<(PersonId, bool, Vec<Name>)> = Vec::new();
        let mut group_of: HashMap<i64, usize> = HashMap::new();
        let mut statement = self.conn.prepare(
            "SELECT id, name, is_me, root_id FROM person ORDER BY root_id = id DESC, id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let name: String = row.get(1)?;
            let name = Name::parse(&name).map_err(|source| Error::Corrupt {
                person: PersonId(id),
                source,
            })?;
            let root: i64 = row.get(3)?;
            match group_of.get(&root) {
                Some(&group) => groups[group].2.push(name),
                None => {
                    group_of.insert(id, groups.len());
                    groups.push((PersonId(id), row.get(2)?, vec![name]));
                }
            }
            if root != id {
                group_of.insert(id, group_of[&root]);
            }
        }
        let mut group_identities: Vec<Vec<(IdentityKind, String)>> = vec![Vec::new(); groups.len()];
        let mut group_sources: Vec<HashMap<Source, Option<Timestamp>>> =
            vec![HashMap::new(); groups.len()];
        for (person, found) in identities {
            if let Some(&group) = group_of.get(&person) {
                group_identities[group].extend(found);
            }
        }
        for (person, found) in sources {
            let Some(&group) = group_of.get(&person) else {
                continue;
            };
            for (source, since) in found {
                let known = group_sources[group].entry(source).or_insert(since);
                *known = match (*known, since) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
        let mut directory = Directory::new();
        for (((person, is_me, names), identities), sources) in
            groups.into_iter().zip(group_identities).zip(group_sources)
        {
            directory.add_person(person, is_me, &names, identities, sources);
        }
        Ok(directory)
    }
}

impl Writer<'_> {
    /// Writes an import's plan: creates the new people and gives everyone what their records
    /// bring that they do not have yet.
    pub fn apply(&mut self, plan: &Plan, now: Timestamp) -> Result<Imported, Error> {
        let mut imported = Imported {
            people_merged: plan.merged as u64,
            ..Imported::default()
        };
        let mut created = Vec::with_capacity(plan.new_people.len());
        for name in &plan.new_people {
            created.push(self.create_person(name, now)?);
        }
        imported.people_added = created.len() as u64;
        let me = self.me()?;
        if let Some(name) = &plan.my_name {
            self.rename(me, name)?;
        }
        let mut updated: HashSet<PersonId> = HashSet::new();
        for (target, record) in &plan.assignments {
            let person = match *target {
                Target::Me => me,
                Target::Existing(id) => id,
                Target::New(index) => created[index],
            };
            let mut changed = self.add_source(person, &record.source, record.known_since)?;
            for identity in &record.identities {
                if self.claim_identity(person, identity)? {
                    imported.identities_added += 1;
                    changed = true;
                }
            }
            for membership in &record.circles {
                changed |= self.join_circle(person, membership)?;
            }
            for fact in &record.facts {
                changed |= self.add_fact_once(person, fact, now)?;
            }
            if let Some(since) = record.known_since {
                changed |= self.know_since(person, since)?;
            }
            for interaction in &record.interactions {
                match self.add_interaction(person, interaction)? {
                    Change::Added => {
                        imported.interactions_added += 1;
                        changed = true;
                    }
                    Change::Updated => changed = true,
                    Change::Unchanged => {}
                }
            }
            if changed && matches!(target, Target::Existing(_)) {
                updated.insert(person);
            }
        }
        imported.people_updated = updated.len() as u64;
        Ok(imported)
    }

    fn me(&mut self) -> Result<PersonId, Error> {
        Ok(PersonId(self.tx.query_row(
            "SELECT id FROM person WHERE is_me = 1",
            [],
            |row| row.get(0),
        )?))
    }

    /// Records that `source` knows the person, since `since` if it says; returns whether
    /// that is news.
    fn add_source(
        &mut self,
        person: PersonId,
        source: &Source,
        since: Option<Timestamp>,
    ) -> Result<bool, Error> {
        let changed = self
            .tx
            .prepare_cached(
                "INSERT INTO person_source (person_id, source, known_since) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO UPDATE SET known_since = excluded.known_since
                 WHERE excluded.known_since < coalesce(known_since, excluded.known_since + 1)",
            )?
            .execute(params![person.0, source.as_str(), since.map(to_db)])?;
        Ok(changed > 0)
    }

    /// Records a fact unless the person has one of the same kind and text already.
    fn add_fact_once(
        &mut self,
        person: PersonId,
        fact: &NewFact,
        now: Timestamp,
    ) -> Result<bool, Error> {
        let known: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM fact WHERE person_id = ?1 AND kind = ?2 AND text = ?3)",
            )?
            .query_row(params![person.0, fact.kind.as_str(), fact.text.as_str()], |row| row.get(0))?;
        if known {
            return Ok(false);
        }
        self.insert_fact(person, fact, now)?;
        Ok(true)
    }

    fn know_since(&mut self, person: PersonId, since: Timestamp) -> Result<bool, Error> {
        let changed = self
            .tx
            .prepare_cached(
                "UPDATE person SET known_since = ?2
                 WHERE id = ?1 AND (known_since IS NULL OR known_since > ?2)",
            )?
            .execute(params![person.0, to_db(since)])?;
        Ok(changed > 0)
    }
}
