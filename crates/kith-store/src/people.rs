//! Reading people: finding one by reference, listing them with what is known about each, and
//! everything about one person.

use std::fmt;

use jiff::Timestamp;
use kith_core::{
    CircleName, Fact, Identity, IdentityId, IdentityKind, Interaction, Membership, Name, Person,
    PersonId, PersonRef, Role, Sift, Source,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::time::{from_db, to_db};
use crate::{Error, Store};

/// How many people an ambiguous name lists.
const MAX_CANDIDATES: usize = 10;

/// Separates values packed by `group_concat`; validated values never hold control characters.
const SEPARATOR: char = '\u{1f}';

/// Which people a lookup by name considers. An id always finds its person, so that a command
/// can say what is wrong ("deleted already", "not deleted") instead of "not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// People who are neither archived nor merged into someone.
    Active,
    /// Archived people only (to restore one).
    Archived,
    /// People merged into someone (to undo the merge).
    Merged,
}

impl Scope {
    fn sql(self) -> &'static str {
        match self {
            Self::Active => "archived_at IS NULL AND merged_into IS NULL",
            Self::Archived => "archived_at IS NOT NULL AND merged_into IS NULL",
            Self::Merged => "merged_into IS NOT NULL",
        }
    }
}

/// A person a name could refer to, listed when it refers to several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The person's id.
    pub id: PersonId,
    /// The person's name.
    pub name: String,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (id {})", self.name, self.id)
    }
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleQuery {
    /// Only members of this circle.
    pub circle: Option<CircleName>,
    /// At most this many.
    pub limit: Option<u64>,
    /// Only people who share their name with someone else: candidates to merge.
    pub duplicates: bool,
    /// Only the people a sift view picks.
    pub sift: Option<Sift>,
    /// Only people whose goals, plans and wants the user knows nothing of.
    pub goals_unknown: bool,
    /// Only people whose name holds this text, compared as [`kith_core::fold`] keys (in any
    /// script, ignoring case and accents).
    pub name: Option<String>,
    /// Only people listed after this one: the next page after a page that ended with them.
    pub after: Option<PersonId>,
}

/// A person as listed, with counts and the identities worth showing in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The person.
    pub person: Person,
    /// Their email addresses.
    pub emails: Vec<String>,
    /// Their phone numbers.
    pub phones: Vec<String>,
    /// Where they came from.
    pub sources: Vec<String>,
    /// The names of their circles.
    pub circles: Vec<String>,
    /// The most recent contact, if there was any.
    pub last_interaction: Option<Timestamp>,
    /// How many contacts there were in all.
    pub interactions: u64,
    /// How many facts are known.
    pub facts: u64,
}

/// A person as a list shows them: see [`Store::people_brief`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief {
    /// The person.
    pub person: Person,
    /// The names of their circles.
    pub circles: Vec<String>,
    /// The most recent contact, if there was any.
    pub last_interaction: Option<Timestamp>,
    /// How many facts are known.
    pub facts: u64,
}

/// How many people there are, and how many of them the user knows something about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// People who are not archived, "me" aside.
    pub people: u64,
    /// Of them, those with at least one fact.
    pub known: u64,
}

/// Contact with a person, over every source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InteractionTotals {
    /// How many contacts there were.
    pub count: u64,
    /// The first, if any.
    pub first: Option<Timestamp>,
    /// The most recent, if any.
    pub last: Option<Timestamp>,
}

/// Everything known about one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    /// The person.
    pub person: Person,
    /// Where they came from.
    pub sources: Vec<Source>,
    /// Since when the user has known them, as the earliest source says.
    pub known_since: Option<Timestamp>,
    /// Their identities.
    pub identities: Vec<Identity>,
    /// Their circles, each with their role.
    pub circles: Vec<Membership>,
    /// What is known about them, oldest first.
    pub facts: Vec<Fact>,
    /// Contact with them.
    pub interactions: InteractionTotals,
    /// The people merged into them.
    pub merged: Vec<Candidate>,
}

impl Store {
    /// The user.
    pub fn me(&self) -> Result<Person, Error> {
        let row = self
            .conn
            .query_row(&format!("{PERSON} WHERE is_me = 1"), [], person_from_row)?;
        row.into_person()
    }

    /// The person with this id, archived or not.
    pub fn person(&self, id: PersonId) -> Result<Person, Error> {
        person(&self.conn, id)
    }

    /// Finds the one person `reference` names; names are looked up within `scope`. A name
    /// matches exactly
    /// (ignoring case, accents and script) first, then as part of a name; a name that
    /// matches several people is an error that lists them.
    pub fn find(&self, reference: &PersonRef, scope: Scope) -> Result<Person, Error> {
        let filter = scope.sql();
        match reference {
            PersonRef::Me => self.me(),
            PersonRef::Id(id) => {
                let person = self
                    .conn
                    .query_row(
                        &format!("{PERSON} WHERE id = ?1 AND is_me = 0"),
                        [id.0],
                        person_from_row,
                    )
                    .optional()?;
                match person {
                    Some(row) => row.into_person(),
                    None => Err(Error::NotFound(format!("there is no person with id {id}"))),
                }
            }
            PersonRef::Name { text, key } => {
                let exact = self.matching(
                    &format!("name_key = ?1 AND is_me = 0 AND {filter}"),
                    key.clone(),
                )?;
                let candidates = if exact.is_empty() {
                    let pattern = format!("%{}%", escape_like(key));
                    self.matching(
                        &format!("name_key LIKE ?1 ESCAPE '\\' AND is_me = 0 AND {filter}"),
                        pattern,
                    )?
                } else {
                    exact
                };
                match candidates.as_slice() {
                    [] => Err(Error::NotFound(not_found_message(text, scope))),
                    [one] => self.person(one.id),
                    _ => {
                        let mut candidates = candidates;
                        let more = candidates.len() > MAX_CANDIDATES;
                        candidates.truncate(MAX_CANDIDATES);
                        Err(Error::Ambiguous {
                            query: text.clone(),
                            candidates,
                            more,
                        })
                    }
                }
            }
        }
    }

    fn matching(&self, filter: &str, key: String) -> Result<Vec<Candidate>, Error> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT id, name FROM person WHERE {filter} ORDER BY name_key, id LIMIT {}",
            MAX_CANDIDATES + 1
        ))?;
        let rows = statement.query_map([key], |row| {
            Ok(Candidate {
                id: PersonId(row.get(0)?),
                name: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The people who are not archived, "me" aside, in name order.
    pub fn people(&self, query: &PeopleQuery) -> Result<Vec<Summary>, Error> {
        self.list(query, false)
    }

    /// The people `query` selects, as a list shows them: without their emails, phones,
    /// sources and contact count, which cost most of the listing on a large network.
    pub fn people_brief(&self, query: &PeopleQuery) -> Result<Vec<Brief>, Error> {
        Ok(self
            .list(query, true)?
            .into_iter()
            .map(|summary| Brief {
                person: summary.person,
                circles: summary.circles,
                last_interaction: summary.last_interaction,
                facts: summary.facts,
            })
            .collect())
    }

    /// [`Store::people`], leaving out (as empty) what [`Brief`] has not when `brief`.
    fn list(&self, query: &PeopleQuery, brief: bool) -> Result<Vec<Summary>, Error> {
        let circle_id = match &query.circle {
            Some(circle) => Some(self.circle_id(circle)?),
            None => None,
        };
        let limit = query
            .limit
            .map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        // Every aggregate covers the person's merge group (`m`): the people merged into them.
        // The `+` keeps SQLite from reading people through the `merged_into` index (which
        // nearly everyone matches) and then sorting them all: walking the `name_key` index
        // gives them in page order, and stops after a page (38 ms → 1 ms on 100,000 people).
        // CROSS JOIN keeps SQLite from driving the join from `identity`'s (kind, value) index,
        // which would scan every email once per person.
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT p.id, p.name, p.is_me, p.created_at, p.archived_at, p.merged_into,
                CASE WHEN NOT ?10 THEN (SELECT group_concat(value, char(31)) FROM
                    (SELECT i.value FROM person m CROSS JOIN identity i ON i.person_id = m.id
                     WHERE m.root_id = p.id AND i.kind = 'email' ORDER BY i.id)) END,
                CASE WHEN NOT ?10 THEN (SELECT group_concat(value, char(31)) FROM
                    (SELECT i.value FROM person m CROSS JOIN identity i ON i.person_id = m.id
                     WHERE m.root_id = p.id AND i.kind = 'phone' ORDER BY i.id)) END,
                CASE WHEN NOT ?10 THEN (SELECT group_concat(source, char(31)) FROM
                    (SELECT DISTINCT s.source FROM person m
                     CROSS JOIN person_source s ON s.person_id = m.id
                     WHERE m.root_id = p.id ORDER BY s.source)) END,
                (SELECT group_concat(name, char(31)) FROM
                    (SELECT DISTINCT c.name, c.key FROM person m
                     CROSS JOIN membership ms ON ms.person_id = m.id
                     JOIN circle c ON c.id = ms.circle_id
                     WHERE m.root_id = p.id ORDER BY c.key)),
                (SELECT max(x.last_at) FROM person m CROSS JOIN interaction x ON x.person_id = m.id
                 WHERE m.root_id = p.id),
                CASE WHEN ?10 THEN 0 ELSE (SELECT coalesce(sum(x.sent + x.received), 0)
                 FROM person m JOIN interaction x ON x.person_id = m.id
                 WHERE m.root_id = p.id) END,
                (SELECT count(*) FROM person m CROSS JOIN fact f ON f.person_id = m.id
                 WHERE m.root_id = p.id)
             FROM person p
             WHERE p.is_me = 0 AND p.archived_at IS NULL AND +p.merged_into IS NULL
               AND (?1 IS NULL OR EXISTS (SELECT 1 FROM person m
                                          CROSS JOIN membership ms ON ms.person_id = m.id
                                          WHERE m.root_id = p.id AND ms.circle_id = ?1))
               AND (NOT ?3 OR p.name_key IN (SELECT name_key FROM person
                                             WHERE is_me = 0 AND archived_at IS NULL
                                               AND merged_into IS NULL
                                             GROUP BY name_key HAVING count(*) > 1))
               AND (NOT ?4 OR NOT EXISTS (SELECT 1 FROM person m
                                          CROSS JOIN fact f ON f.person_id = m.id
                                          WHERE m.root_id = p.id))
               AND (?5 IS NULL OR NOT EXISTS (SELECT 1 FROM person m
                                              CROSS JOIN interaction x ON x.person_id = m.id
                                              WHERE m.root_id = p.id AND x.last_at >= ?5))
               AND (NOT ?6 OR NOT EXISTS (SELECT 1 FROM person m
                                          CROSS JOIN interaction x ON x.person_id = m.id
                                          WHERE m.root_id = p.id))
               AND (NOT ?7 OR NOT EXISTS (SELECT 1 FROM person m
                                          CROSS JOIN fact f ON f.person_id = m.id
                                          WHERE m.root_id = p.id
                                            AND f.kind IN ({aims})))
               AND (?8 IS NULL OR p.name_key LIKE ?8 ESCAPE '\\')
               AND (?9 IS NULL OR (p.name_key, p.id) >
                                  ((SELECT name_key FROM person WHERE id = ?9), ?9))
             ORDER BY p.name_key, p.id
             LIMIT ?2",
            aims = crate::facts::aim_kinds()
        ))?;
        let strangers = query.sift == Some(Sift::Strangers);
        let inactive_since = match query.sift {
            Some(Sift::InactiveSince(since)) => Some(to_db(since)),
            _ => None,
        };
        let never_talked = query.sift == Some(Sift::NeverTalked);
        let name = query
            .name
            .as_deref()
            .map(kith_core::fold)
            .filter(|key| !key.is_empty())
            .map(|key| format!("%{}%", escape_like(&key)));
        let parameters = params![
            circle_id,
            limit,
            query.duplicates,
            strangers,
            inactive_since,
            never_talked,
            query.goals_unknown,
            name,
            query.after.map(|id| id.0),
            brief,
        ];
        let rows = statement.query_map(parameters, |row| {
            let person = person_from_row(row)?;
            let last_interaction = row.get::<_, Option<i64>>(10)?.map(from_db).transpose()?;
            let counts = (row.get::<_, i64>(11)?, row.get::<_, i64>(12)?);
            let lists = [
                split(row.get(6)?),
                split(row.get(7)?),
                split(row.get(8)?),
                split(row.get(9)?),
            ];
            Ok((person, lists, last_interaction, counts))
        })?;
        rows.map(|row| {
            let (
                person,
                [emails, phones, sources, circles],
                last_interaction,
                (interactions, facts),
            ) = row?;
            Ok(Summary {
                person: person.into_person()?,
                emails,
                phones,
                sources,
                circles,
                last_interaction,
                interactions: interactions.try_into().unwrap_or(0),
                facts: facts.try_into().unwrap_or(0),
            })
        })
        .collect()
    }

    /// How many people there are and how many have facts, without listing them.
    pub fn counts(&self) -> Result<Counts, Error> {
        let (people, known): (i64, i64) = self.conn.query_row(
            "SELECT count(*), count(*) FILTER (WHERE EXISTS
                 (SELECT 1 FROM person m CROSS JOIN fact f ON f.person_id = m.id
                  WHERE m.root_id = p.id))
             FROM person p
             WHERE p.is_me = 0 AND p.archived_at IS NULL AND p.merged_into IS NULL",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(Counts {
            people: people.try_into().unwrap_or(0),
            known: known.try_into().unwrap_or(0),
        })
    }

    /// The circles there are, in name order.
    pub fn circles(&self) -> Result<Vec<String>, Error> {
        let mut statement = self.conn.prepare("SELECT name FROM circle ORDER BY key")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn circle_id(&self, circle: &CircleName) -> Result<i64, Error> {
        let id = self
            .conn
            .query_row(
                "SELECT id FROM circle WHERE key = ?1",
                [circle.key()],
                |row| row.get(0),
            )
            .optional()?;
        id.ok_or_else(|| {
            let known = self.circles().unwrap_or_default();
            Error::NotFound(if known.is_empty() {
                format!("there is no circle `{circle}`: no circles exist yet")
            } else {
                format!(
                    "there is no circle `{circle}`; the circles are: {}",
                    known.join(", ")
                )
            })
        })
    }

    /// Everything known about one person, with everyone merged into them. Asked about a
    /// merged person, it answers about the person they were merged into.
    pub fn detail(&self, id: PersonId) -> Result<Detail, Error> {
        let root = self.root(id)?;
        let person = self.person(root)?;
        let sources = self
            .strings(
                &format!("SELECT DISTINCT source FROM person_source WHERE {GROUP} ORDER BY source"),
                root,
            )?
            .iter()
            .map(|s| {
                Source::parse(s).map_err(|source| Error::Corrupt {
                    person: root,
                    source,
                })
            })
            .collect::<Result<_, _>>()?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, kind, value, source FROM identity WHERE {GROUP} ORDER BY kind, id"
        ))?;
        let identities = statement
            .query_map([root.0], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .map(|row| {
                let (identity, kind, value, source) = row?;
                let corrupt = |source| Error::Corrupt {
                    person: root,
                    source,
                };
                Ok(Identity {
                    id: IdentityId(identity),
                    kind: kind.parse::<IdentityKind>().map_err(corrupt)?,
                    value,
                    source: Source::parse(&source).map_err(corrupt)?,
                })
            })
            .collect::<Result<_, Error>>()?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT c.name, max(m.role) FROM membership m JOIN circle c ON c.id = m.circle_id
             WHERE m.{GROUP} GROUP BY c.id ORDER BY c.key"
        ))?;
        let circles = statement
            .query_map([root.0], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
            })?
            .map(|row| {
                let (circle, role) = row?;
                let corrupt = |source| Error::Corrupt {
                    person: root,
                    source,
                };
                Ok(Membership {
                    circle: CircleName::parse(&circle).map_err(corrupt)?,
                    role: role
                        .as_deref()
                        .map(Role::parse)
                        .transpose()
                        .map_err(corrupt)?,
                })
            })
            .collect::<Result<_, Error>>()?;
        let interactions = self.conn.query_row(
            &format!(
                "SELECT coalesce(sum(sent + received), 0), min(first_at), max(last_at)
                 FROM interaction WHERE {GROUP}"
            ),
            [root.0],
            |row| {
                Ok(InteractionTotals {
                    count: row.get::<_, i64>(0)?.try_into().unwrap_or(0),
                    first: row.get::<_, Option<i64>>(1)?.map(from_db).transpose()?,
                    last: row.get::<_, Option<i64>>(2)?.map(from_db).transpose()?,
                })
            },
        )?;
        let known_since = self
            .conn
            .query_row(
                "SELECT min(known_since) FROM person WHERE root_id = ?1",
                [root.0],
                |row| row.get::<_, Option<i64>>(0),
            )?
            .map(from_db)
            .transpose()?;
        let mut statement = self.conn.prepare_cached(
            "SELECT id, name FROM person WHERE root_id = ?1 AND id <> ?1 ORDER BY id",
        )?;
        let merged = statement
            .query_map([root.0], |row| {
                Ok(Candidate {
                    id: PersonId(row.get(0)?),
                    name: row.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Detail {
            person,
            sources,
            known_since,
            identities,
            circles,
            facts: self.facts(root)?,
            interactions,
            merged,
        })
    }

    /// Contact with a person and everyone merged into them, month by month, newest first.
    pub fn interactions_of(&self, id: PersonId) -> Result<Vec<Interaction>, Error> {
        let root = self.root(id)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT source, one_to_one, first_at, last_at, sent, received FROM interaction
             WHERE {GROUP} ORDER BY last_at DESC, source"
        ))?;
        let rows = statement.query_map([root.0], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, bool>(1)?,
                from_db(row.get(2)?)?,
                from_db(row.get(3)?)?,
                row.get::<_, u32>(4)?,
                row.get::<_, u32>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (source, one_to_one, first, last, sent, received) = row?;
            let corrupt = |source| Error::Corrupt {
                person: root,
                source,
            };
            let source = Source::parse(&source).map_err(corrupt)?;
            Interaction::new(source, one_to_one, first, last, sent, received).map_err(corrupt)
        })
        .collect()
    }

    /// The person a person is shown as: themselves, or whom they were merged into.
    pub(crate) fn root(&self, id: PersonId) -> Result<PersonId, Error> {
        root(&self.conn, id)
    }

    fn strings(&self, sql: &str, id: PersonId) -> Result<Vec<String>, Error> {
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map([id.0], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Restricts a query to the rows of one merge group, whose root is `?1`.
pub(crate) const GROUP: &str = "person_id IN (SELECT id FROM person WHERE root_id = ?1)";

/// The person `id` is shown as: themselves, or the root of the merge group they are in.
pub(crate) fn root(conn: &Connection, id: PersonId) -> Result<PersonId, Error> {
    conn.query_row("SELECT root_id FROM person WHERE id = ?1", [id.0], |row| {
        row.get(0)
    })
    .optional()?
    .map(PersonId)
    .ok_or_else(|| Error::NotFound(format!("there is no person with id {id}")))
}

/// The columns every person query starts with, in the order [`person_from_row`] reads them.
pub(crate) const PERSON: &str =
    "SELECT id, name, is_me, created_at, archived_at, merged_into FROM person";

pub(crate) fn person(conn: &Connection, id: PersonId) -> Result<Person, Error> {
    conn.query_row(&format!("{PERSON} WHERE id = ?1"), [id.0], person_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("there is no person with id {id}")))?
        .into_person()
}

/// A person's row before its name is validated, so that a bad row is reported as corrupt
/// rather than as a driver error.
pub(crate) struct PersonRow {
    id: PersonId,
    name: String,
    is_me: bool,
    created: Timestamp,
    archived: Option<Timestamp>,
    merged_into: Option<PersonId>,
}

impl PersonRow {
    pub(crate) fn into_person(self) -> Result<Person, Error> {
        Ok(Person {
            id: self.id,
            name: Name::parse(&self.name).map_err(|source| Error::Corrupt {
                person: self.id,
                source,
            })?,
            is_me: self.is_me,
            created: self.created,
            archived: self.archived,
            merged_into: self.merged_into,
        })
    }
}

pub(crate) fn person_from_row(row: &Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: PersonId(row.get(0)?),
        name: row.get(1)?,
        is_me: row.get(2)?,
        created: from_db(row.get(3)?)?,
        archived: row.get::<_, Option<i64>>(4)?.map(from_db).transpose()?,
        merged_into: row.get::<_, Option<i64>>(5)?.map(PersonId),
    })
}

fn split(packed: Option<String>) -> Vec<String> {
    packed
        .map(|p| p.split(SEPARATOR).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn not_found_message(query: &str, scope: Scope) -> String {
    match scope {
        Scope::Active => format!(
            "nobody matches `{query}`; `kith people` lists everyone (deleted people are \
             brought back with `kith person restore`)"
        ),
        Scope::Archived => format!("no deleted person matches `{query}`"),
        Scope::Merged => format!("no merged person matches `{query}`"),
    }
}
