//! What the reunion queue needs to know about everyone, in one pass over the database, and
//! the language to write to each person in.

use std::collections::HashMap;

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
    /// with what the queue weighs them by, each summarised over their merge group.
    ///
    /// One grouped scan per table, folded onto merge-group roots here, rather than one query
    /// joining every table to every person: on 100,000 people that is several times faster,
    /// and the queue is read every time `kith reunion`, `kith pick` or the Today page runs.
    pub fn queue_candidates(&self) -> Result<Vec<Candidate>, Error> {
        let mut candidates = Vec::new();
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name, cadence FROM person
             WHERE is_me = 0 AND archived_at IS NULL AND merged_into IS NULL
             ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let person = PersonId(row.get(0)?);
            let corrupt = |source| Error::Corrupt { person, source };
            let cadence: Option<String> = row.get(2)?;
            candidates.push(Candidate {
                person,
                name: Name::parse(&row.get::<_, String>(1)?).map_err(corrupt)?,
                stranger: true,
                first_known: None,
                last_interaction: None,
                last_reached: None,
                last_outcome: None,
                excluded: false,
                cadence: cadence
                    .as_deref()
                    .map(Duration::parse)
                    .transpose()
                    .map_err(corrupt)?,
                role: None,
                goals_known: false,
                intersections: 0,
            });
        }
        let mut fold = Fold::new(self, candidates)?;
        fold.each("SELECT DISTINCT person_id FROM fact", |candidate, _| {
            candidate.stranger = false;
            Ok(())
        })?;
        let aims = crate::facts::aim_kinds();
        fold.each(
            &format!("SELECT DISTINCT person_id FROM fact WHERE kind IN ({aims})"),
            |candidate, _| {
                candidate.goals_known = true;
                Ok(())
            },
        )?;
        fold.each(
            "SELECT person_id, max(last_at) FROM interaction GROUP BY person_id",
            |candidate, row| {
                let at = from_db(row.get(1)?)?;
                candidate.last_interaction = candidate.last_interaction.max(Some(at));
                Ok(())
            },
        )?;
        fold.each(
            "SELECT person_id, max(at) FROM outreach GROUP BY person_id",
            |candidate, row| {
                let at = from_db(row.get(1)?)?;
                candidate.last_reached = candidate.last_reached.max(Some(at));
                Ok(())
            },
        )?;
        // The latest outcome wins; outcomes recorded in the same second, the later one.
        fold.each(
            "SELECT person_id, kind, revisit_at, at FROM outcome ORDER BY at, id",
            |candidate, row| {
                let at = from_db(row.get(3)?)?;
                if candidate
                    .last_outcome
                    .as_ref()
                    .is_none_or(|(_, _, last)| *last <= at)
                {
                    let kind = row.get::<_, String>(1)?.parse::<OutcomeKind>();
                    let kind = kind.map_err(|source| Error::Corrupt {
                        person: candidate.person,
                        source,
                    })?;
                    let revisit = row.get::<_, Option<i64>>(2)?.map(from_db).transpose()?;
                    candidate.last_outcome = Some((kind, revisit, at));
                }
                Ok(())
            },
        )?;
        fold.each(
            "SELECT DISTINCT person_id FROM exclusion WHERE lifted_at IS NULL",
            |candidate, _| {
                candidate.excluded = true;
                Ok(())
            },
        )?;
        // The source that knew them earliest; on the same day, the first by name.
        fold.each(
            "SELECT person_id, source, known_since FROM person_source
             WHERE known_since IS NOT NULL ORDER BY known_since DESC, source DESC",
            |candidate, row| {
                let since = from_db(row.get(2)?)?;
                if candidate
                    .first_known
                    .as_ref()
                    .is_none_or(|(_, first)| since <= *first)
                {
                    candidate.first_known = Some((row.get(1)?, since));
                }
                Ok(())
            },
        )?;
        fold.each(
            "SELECT person_id, min(role) FROM membership WHERE role IS NOT NULL
             GROUP BY person_id",
            |candidate, row| {
                let role: String = row.get(1)?;
                if candidate.role.as_ref().is_none_or(|known| role < *known) {
                    candidate.role = Some(role);
                }
                Ok(())
            },
        )?;
        // As the intersection engine last found them (`kith stats` and `kith reunion` keep
        // them current).
        fold.each(
            "SELECT person_id, count(*) FROM intersection_cache GROUP BY person_id",
            |candidate, row| {
                let count: u32 = row.get(1)?;
                candidate.intersections = candidate.intersections.saturating_add(count);
                Ok(())
            },
        )?;
        Ok(fold.candidates)
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

/// Folds rows about any member of a merge group onto the group's candidate.
struct Fold<'a> {
    store: &'a Store,
    candidates: Vec<Candidate>,
    /// Person id → the index of the candidate they count towards; people who count towards
    /// nobody (the user, archived people) are absent.
    slots: Slots,
}

/// Person id → candidate index. Ids are dense in practice (people are archived, never
/// deleted), so a table beats hashing on the hundreds of thousands of rows a large network
/// folds; a database whose ids are far apart (say, a hand-edited export) gets a map instead
/// of a huge table.
enum Slots {
    Dense(Vec<u32>),
    Sparse(HashMap<i64, u32>),
}

impl Slots {
    const NONE: u32 = u32::MAX;

    fn new(max_id: i64, people: usize) -> Self {
        match usize::try_from(max_id) {
            Ok(max_id) if max_id <= people.saturating_mul(4).saturating_add(4096) => {
                Self::Dense(vec![Self::NONE; max_id + 1])
            }
            _ => Self::Sparse(HashMap::new()),
        }
    }

    fn get(&self, id: i64) -> Option<u32> {
        match self {
            Self::Dense(table) => usize::try_from(id)
                .ok()
                .and_then(|id| table.get(id))
                .copied()
                .filter(|&index| index != Self::NONE),
            Self::Sparse(map) => map.get(&id).copied(),
        }
    }

    fn set(&mut self, id: i64, index: Option<u32>) {
        match self {
            Self::Dense(table) => {
                if let Some(slot) = usize::try_from(id).ok().and_then(|id| table.get_mut(id)) {
                    *slot = index.unwrap_or(Self::NONE);
                }
            }
            Self::Sparse(map) => {
                if let Some(index) = index {
                    map.insert(id, index);
                }
            }
        }
    }
}

impl<'a> Fold<'a> {
    fn new(store: &'a Store, candidates: Vec<Candidate>) -> Result<Self, Error> {
        let (people, max_id): (i64, i64) = store.conn.query_row(
            "SELECT count(*), coalesce(max(id), 0) FROM person",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let mut slots = Slots::new(max_id, usize::try_from(people).unwrap_or(usize::MAX));
        for (index, candidate) in candidates.iter().enumerate() {
            slots.set(candidate.person.0, u32::try_from(index).ok());
        }
        // Then everyone merged into someone, pointing at their group's candidate.
        let mut statement = store
            .conn
            .prepare_cached("SELECT id, root_id FROM person WHERE root_id IS NOT id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (id, root): (i64, i64) = (row.get(0)?, row.get(1)?);
            slots.set(id, slots.get(root));
        }
        Ok(Self {
            store,
            candidates,
            slots,
        })
    }

    /// Runs `sql`, whose first column is a person id, and hands each row to `fold` with the
    /// candidate that person counts towards; rows about anyone else are passed over.
    fn each(
        &mut self,
        sql: &str,
        mut fold: impl FnMut(&mut Candidate, &rusqlite::Row<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut statement = self.store.conn.prepare_cached(sql)?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(index) = self.slots.get(row.get(0)?) {
                fold(&mut self.candidates[index as usize], row)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;

    #[test]
    fn ids_far_apart_get_a_map_instead_of_a_huge_table() {
        let slots = Slots::new(i64::MAX / 2, 3);
        assert!(matches!(slots, Slots::Sparse(_)));
    }

    #[test]
    fn both_kinds_of_slots_find_what_was_set_and_nothing_else() {
        for mut slots in [Slots::new(10, 10), Slots::new(1 << 40, 10)] {
            slots.set(3, Some(0));
            slots.set(7, Some(1));
            slots.set(8, None);
            slots.set(-5, Some(2));
            let found: Vec<_> = [3, 7, 8, 9, 11, -1].map(|id| slots.get(id)).to_vec();
            assert_eq!(found, [Some(0), Some(1), None, None, None, None]);
        }
    }
}
