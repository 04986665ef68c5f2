//! Writing the export: every table read once, in person and id order, and merged person by
//! person into the document as it is serialized; then the introductions, each with its
//! outcomes, the same way.

use std::cell::RefCell;
use std::io::{BufWriter, Write};

use jiff::Timestamp;
use rusqlite::{Row, Statement};
use serde::ser::{Error as _, SerializeMap, SerializeSeq as _};
use serde::{Serialize, Serializer};

use super::{
    Circle, Exclusion, FORMAT, Fact, FollowUp, Identity, Interaction, Intro, IntroOutcome,
    Membership, Outcome, Outreach, Pair, Person, PersonSource, Round, VERSION,
};
use crate::time::from_db;
use crate::{Error, Store};

impl Store {
    /// Writes everything in the database to `out` as one kith export document (see
    /// `docs/export-format.md`), stamped `exported_at`. The document is the database as of
    /// one moment, even while others write to it, and is written as it is read: memory stays
    /// small whatever the database's size.
    pub fn write_export(&self, out: impl Write, exported_at: Timestamp) -> Result<(), Error> {
        // One read transaction: every table is read from the same snapshot.
        let tx = self.conn.unchecked_transaction()?;
        let mut pairs = tx.prepare(
            "SELECT circle_id, round, at, id, a, b FROM pairing ORDER BY circle_id, round, id",
        )?;
        let mut pairs = Cursor::open(&mut pairs, "pairing", "circle", |row| {
            let pair = Pair {
                id: row.get(3)?,
                a: row.get(4)?,
                b: row.get(5)?,
            };
            Ok((row.get(1)?, time(row, 2)?, pair))
        })?;
        let mut circles = tx.prepare("SELECT id, name FROM circle ORDER BY id")?;
        let circles = circles
            .query_map([], |row| {
                Ok(Circle {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    rounds: Vec::new(),
                })
            })?
            .map(|row| {
                let mut circle = row?;
                circle.rounds = rounds(circle.id, pairs.of(circle.id)?)?;
                Ok(circle)
            });
        let mut tables = Tables::prepare(&tx)?;
        let mut cursors = tables.open()?;
        let mut people = tx.prepare(
            "SELECT id, is_me, name, created_at, known_since, archived_at, merged_into,
                    merged_at, language, cadence
             FROM person ORDER BY id",
        )?;
        let people = people.query_map([], person)?.map(|row| {
            let mut person = row?;
            cursors.fill(&mut person)?;
            Ok(person)
        });
        let mut outcomes = tx.prepare(
            "SELECT intro_id, id, kind, why, at FROM intro_outcome ORDER BY intro_id, id",
        )?;
        let mut outcomes = Cursor::open(&mut outcomes, "intro_outcome", "intro", |row| {
            Ok(IntroOutcome {
                id: row.get(1)?,
                kind: row.get(2)?,
                why: row.get(3)?,
                at: time(row, 4)?,
            })
        })?;
        let mut intros = tx.prepare("SELECT id, a, b, via, at FROM intro ORDER BY id")?;
        let intros = intros.query_map([], intro)?.map(|row| {
            let mut intro = row?;
            intro.outcomes = outcomes.of(intro.id)?;
            Ok(intro)
        });
        let failure = RefCell::new(None);
        let mut out = BufWriter::with_capacity(1 << 16, out);
        let written = document(
            &mut out,
            exported_at,
            Stream::new(circles, &failure),
            Stream::new(people, &failure),
            Stream::new(intros, &failure),
        );
        // A failure to read is the store's own error; serde only carried its text.
        if let Some(err) = failure.into_inner() {
            return Err(err);
        }
        written.map_err(|err| Error::Io(err.into()))?;
        cursors.finish()?;
        outcomes.finish()?;
        pairs.finish()?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }
}

/// Serializes the document: the header, then the circles, the people and the intros.
fn document<C: Serialize, P: Serialize, I: Serialize>(
    out: &mut impl Write,
    exported_at: Timestamp,
    circles: C,
    people: P,
    intros: I,
) -> Result<(), serde_json::Error> {
    let mut serializer = serde_json::Serializer::pretty(out);
    let mut document = serializer.serialize_map(None)?;
    document.serialize_entry("format", FORMAT)?;
    document.serialize_entry("version", &VERSION)?;
    // To the second, like every other time in the document.
    let exported_at = Timestamp::from_second(exported_at.as_second()).unwrap_or(exported_at);
    document.serialize_entry("exported_at", &exported_at.to_string())?;
    document.serialize_entry("circles", &circles)?;
    document.serialize_entry("people", &people)?;
    document.serialize_entry("intros", &intros)?;
    SerializeMap::end(document)
}

/// A JSON array serialized from rows as they are read.
struct Stream<'a, I> {
    rows: RefCell<I>,
    failure: &'a RefCell<Option<Error>>,
}

impl<'a, I> Stream<'a, I> {
    fn new(rows: I, failure: &'a RefCell<Option<Error>>) -> Self {
        Self {
            rows: RefCell::new(rows),
            failure,
        }
    }
}

impl<I, T> Serialize for Stream<'_, I>
where
    I: Iterator<Item = Result<T, Error>>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for row in &mut *self.rows.borrow_mut() {
            match row {
                Ok(row) => seq.serialize_element(&row)?,
                Err(err) => {
                    let message = err.to_string();
                    self.failure.borrow_mut().get_or_insert(err);
                    return Err(S::Error::custom(message));
                }
            }
        }
        seq.end()
    }
}

/// The statements that read the rows belonging to people, each in person and id order.
struct Tables<'c> {
    sources: Statement<'c>,
    identities: Statement<'c>,
    memberships: Statement<'c>,
    facts: Statement<'c>,
    interactions: Statement<'c>,
    followups: Statement<'c>,
    outreach: Statement<'c>,
    outcomes: Statement<'c>,
    exclusions: Statement<'c>,
    queued: Statement<'c>,
}

impl<'c> Tables<'c> {
    fn prepare(conn: &'c rusqlite::Connection) -> Result<Self, Error> {
        Ok(Self {
            sources: conn.prepare(
                "SELECT person_id, source, known_since FROM person_source
                 ORDER BY person_id, source",
            )?,
            identities: conn.prepare(
                "SELECT person_id, id, kind, value, source FROM identity ORDER BY person_id, id",
            )?,
            memberships: conn.prepare(
                "SELECT person_id, circle_id, role FROM membership ORDER BY person_id, circle_id",
            )?,
            facts: conn.prepare(
                "SELECT person_id, id, kind, text, private, source, recorded_at, confirmed_at
                 FROM fact ORDER BY person_id, id",
            )?,
            interactions: conn.prepare(
                "SELECT person_id, id, source, month, one_to_one, sent, received, first_at,
                        last_at
                 FROM interaction ORDER BY person_id, id",
            )?,
            followups: conn.prepare(
                "SELECT person_id, id, text, due_at, created_at, done_at, uid FROM followup
                 ORDER BY person_id, id",
            )?,
            outreach: conn.prepare(
                "SELECT person_id, id, channel, at, followup_id FROM outreach
                 ORDER BY person_id, id",
            )?,
            outcomes: conn.prepare(
                "SELECT person_id, id, kind, at, revisit_at, why FROM outcome
                 ORDER BY person_id, id",
            )?,
            exclusions: conn.prepare(
                "SELECT person_id, id, why, at, lifted_at FROM exclusion ORDER BY person_id, id",
            )?,
            queued: conn.prepare("SELECT person_id, day FROM queued ORDER BY person_id, day")?,
        })
    }

    fn open(&mut self) -> Result<Cursors<'_>, Error> {
        Ok(Cursors {
            sources: Cursor::open(&mut self.sources, "person_source", "person", |row| {
                Ok(PersonSource {
                    source: row.get(1)?,
                    known_since: optional_time(row, 2)?,
                })
            })?,
            identities: Cursor::open(&mut self.identities, "identity", "person", |row| {
                Ok(Identity {
                    id: row.get(1)?,
                    kind: row.get(2)?,
                    value: row.get(3)?,
                    source: row.get(4)?,
                })
            })?,
            memberships: Cursor::open(&mut self.memberships, "membership", "person", |row| {
                Ok(Membership {
                    circle: row.get(1)?,
                    role: row.get(2)?,
                })
            })?,
            facts: Cursor::open(&mut self.facts, "fact", "person", |row| {
                Ok(Fact {
                    id: row.get(1)?,
                    kind: row.get(2)?,
                    text: row.get(3)?,
                    private: row.get(4)?,
                    source: row.get(5)?,
                    recorded_at: time(row, 6)?,
                    confirmed_at: time(row, 7)?,
                })
            })?,
            interactions: Cursor::open(&mut self.interactions, "interaction", "person", |row| {
                Ok(Interaction {
                    id: row.get(1)?,
                    source: row.get(2)?,
                    month: row.get(3)?,
                    one_to_one: row.get(4)?,
                    sent: row.get(5)?,
                    received: row.get(6)?,
                    first_at: time(row, 7)?,
                    last_at: time(row, 8)?,
                })
            })?,
            followups: Cursor::open(&mut self.followups, "followup", "person", |row| {
                Ok(FollowUp {
                    id: row.get(1)?,
                    text: row.get(2)?,
                    due_at: time(row, 3)?,
                    created_at: time(row, 4)?,
                    done_at: optional_time(row, 5)?,
                    uid: row.get(6)?,
                })
            })?,
            outreach: Cursor::open(&mut self.outreach, "outreach", "person", |row| {
                Ok(Outreach {
                    id: row.get(1)?,
                    channel: row.get(2)?,
                    at: time(row, 3)?,
                    followup: row.get(4)?,
                })
            })?,
            outcomes: Cursor::open(&mut self.outcomes, "outcome", "person", |row| {
                Ok(Outcome {
                    id: row.get(1)?,
                    kind: row.get(2)?,
                    at: time(row, 3)?,
                    revisit_at: optional_time(row, 4)?,
                    why: row.get(5)?,
                })
            })?,
            exclusions: Cursor::open(&mut self.exclusions, "exclusion", "person", |row| {
                Ok(Exclusion {
                    id: row.get(1)?,
                    why: row.get(2)?,
                    at: time(row, 3)?,
                    lifted_at: optional_time(row, 4)?,
                })
            })?,
            queued: Cursor::open(&mut self.queued, "queued", "person", |row| row.get(1))?,
        })
    }
}

/// One cursor a table, all advanced together as people are written: a merge join on the
/// person's id, so each table is read once however many people there are.
struct Cursors<'s> {
    sources: Cursor<'s, PersonSource>,
    identities: Cursor<'s, Identity>,
    memberships: Cursor<'s, Membership>,
    facts: Cursor<'s, Fact>,
    interactions: Cursor<'s, Interaction>,
    followups: Cursor<'s, FollowUp>,
    outreach: Cursor<'s, Outreach>,
    outcomes: Cursor<'s, Outcome>,
    exclusions: Cursor<'s, Exclusion>,
    queued: Cursor<'s, String>,
}

impl Cursors<'_> {
    /// Gives `person` their rows of every table.
    fn fill(&mut self, person: &mut Person) -> Result<(), Error> {
        let id = person.id;
        person.sources = self.sources.of(id)?;
        person.identities = self.identities.of(id)?;
        person.circles = self.memberships.of(id)?;
        person.facts = self.facts.of(id)?;
        person.interactions = self.interactions.of(id)?;
        person.followups = self.followups.of(id)?;
        person.outreach = self.outreach.of(id)?;
        person.outcomes = self.outcomes.of(id)?;
        person.exclusions = self.exclusions.of(id)?;
        person.queued = self.queued.of(id)?;
        Ok(())
    }

    /// Checks that every row was handed to a person.
    fn finish(&mut self) -> Result<(), Error> {
        self.sources.finish()?;
        self.identities.finish()?;
        self.memberships.finish()?;
        self.facts.finish()?;
        self.interactions.finish()?;
        self.followups.finish()?;
        self.outreach.finish()?;
        self.outcomes.finish()?;
        self.exclusions.finish()?;
        self.queued.finish()
    }
}

type Rows<'s, T> = Box<dyn Iterator<Item = rusqlite::Result<(i64, T)>> + 's>;

/// The rows of one table in the order of the records they belong to (people, circles or
/// intros), with
/// the next row read but not yet handed out.
struct Cursor<'s, T> {
    rows: Rows<'s, T>,
    next: Option<(i64, T)>,
    table: &'static str,
    /// What the rows belong to: `person`, `circle` or `intro`.
    owner: &'static str,
}

impl<'s, T: 's> Cursor<'s, T> {
    /// Runs `statement`, whose first column is the id of the `owner` a row belongs to; `map`
    /// reads the rest.
    fn open(
        statement: &'s mut Statement<'_>,
        table: &'static str,
        owner: &'static str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Self, Error> {
        let rows = statement.query_map([], move |row| Ok((row.get(0)?, map(row)?)))?;
        Ok(Self {
            rows: Box::new(rows),
            next: None,
            table,
            owner,
        })
    }

    /// The rows of `owner`, which comes after every one asked about before.
    fn of(&mut self, owner: i64) -> Result<Vec<T>, Error> {
        let mut found = Vec::new();
        loop {
            let next = match self.next.take() {
                Some(next) => next,
                None => match self.rows.next() {
                    Some(row) => row?,
                    None => return Ok(found),
                },
            };
            if next.0 == owner {
                found.push(next.1);
            } else if next.0 > owner {
                self.next = Some(next);
                return Ok(found);
            } else {
                return Err(self.orphan(next.0));
            }
        }
    }

    /// Checks that no row is left: rows after the last owner belong to nobody.
    fn finish(&mut self) -> Result<(), Error> {
        match self.next.take() {
            Some((owner, _)) => Err(self.orphan(owner)),
            None => match self.rows.next() {
                Some(row) => Err(self.orphan(row?.0)),
                None => Ok(()),
            },
        }
    }

    /// Foreign keys rule out a row of nobody; a database edited without them could hold one.
    fn orphan(&self, owner: i64) -> Error {
        Error::Conflict(format!(
            "a row of table `{}` belongs to {} {owner}, and there is no such {1}; the export \
             would leave it out",
            self.table, self.owner
        ))
    }
}

fn person(row: &Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: row.get(0)?,
        me: row.get(1)?,
        name: row.get(2)?,
        created_at: time(row, 3)?,
        known_since: optional_time(row, 4)?,
        archived_at: optional_time(row, 5)?,
        merged_into: row.get(6)?,
        merged_at: optional_time(row, 7)?,
        language: row.get(8)?,
        cadence: row.get(9)?,
        sources: Vec::new(),
        identities: Vec::new(),
        circles: Vec::new(),
        facts: Vec::new(),
        interactions: Vec::new(),
        followups: Vec::new(),
        outreach: Vec::new(),
        outcomes: Vec::new(),
        exclusions: Vec::new(),
        queued: Vec::new(),
    })
}

fn intro(row: &Row<'_>) -> rusqlite::Result<Intro> {
    Ok(Intro {
        id: row.get(0)?,
        a: row.get(1)?,
        b: row.get(2)?,
        via: row.get(3)?,
        at: time(row, 4)?,
        outcomes: Vec::new(),
    })
}

/// The pairs of a circle, in round and id order, as its rounds. kith records a round's pairs
/// at one time, which the round carries; pairs of one round recorded at different times (only
/// a database edited by hand can hold them) would lose theirs.
fn rounds(circle: i64, pairs: Vec<(u32, Timestamp, Pair)>) -> Result<Vec<Round>, Error> {
    let mut rounds: Vec<Round> = Vec::new();
    for (number, at, pair) in pairs {
        match rounds.last_mut() {
            Some(round) if round.round == number => {
                if round.at != at {
                    return Err(Error::Conflict(format!(
                        "round {number} of circle {circle} has pairs recorded at {} and at {at};                          an export gives a round one time, so it would lose one",
                        round.at
                    )));
                }
                round.pairs.push(pair);
            }
            _ => rounds.push(Round {
                round: number,
                at,
                pairs: vec![pair],
            }),
        }
    }
    Ok(rounds)
}

fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<Timestamp> {
    from_db(row.get(index)?)
}

fn optional_time(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Timestamp>> {
    row.get::<_, Option<i64>>(index)?.map(from_db).transpose()
}
