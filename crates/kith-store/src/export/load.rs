//! Loading an export into an empty database: streamed record by record into one transaction,
//! every value checked by the domain's own rules and every reference checked once all is in,
//! so that a document that is malformed, cut short, inconsistent or newer writes nothing.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use kith_core::drafts::Language;
use kith_core::time::Duration;
use kith_core::{
    Channel, CircleName, FactKind, FactSource, FactText, FollowUpText, IdentityKind, Name,
    OutcomeKind, Reason, Role, Source,
};
use rusqlite::{Params, Transaction, params};
use serde::de::{self, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Circle, FORMAT, Intro, Person, VERSION};
use crate::time::to_db;
use crate::{Error, Store};

/// What loading an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    /// People, the user aside.
    pub people: u64,
    /// Emails, phones, profiles and handles.
    pub identities: u64,
    /// Circles.
    pub circles: u64,
    /// Facts, the user's own included.
    pub facts: u64,
    /// Months of contact.
    pub interactions: u64,
    /// Follow-ups.
    pub followups: u64,
    /// Introductions.
    pub intros: u64,
    /// Random-coffee rounds, of all circles.
    pub rounds: u64,
}

impl Store {
    /// Loads a kith export (see `docs/export-format.md`) into this database, which must be
    /// empty: a new file, or one with nothing but the built-in "me". Everything is written as
    /// it was exported, ids and dates included, in one transaction; a document that is
    /// malformed, cut short, inconsistent or from a newer kith is refused with nothing
    /// written.
    pub fn load_export(&mut self, input: impl Read) -> Result<Loaded, Error> {
        self.write(|w| {
            let tx = w.tx;
            refuse_unless_empty(tx)?;
            // A merge can point at a person further down the document, a membership at a
            // circle listed after its member: references are checked once everything is in.
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            // The user comes from the export, with their own id and dates.
            tx.execute("DELETE FROM person WHERE is_me = 1", [])?;
            let mut input = BufReader::with_capacity(1 << 16, input);
            skip_bom(&mut input)?;
            let mut loader = Loader::new(tx);
            let mut json = serde_json::Deserializer::from_reader(input);
            let parsed = Document(&mut loader)
                .deserialize(&mut json)
                .and_then(|()| json.end());
            if let Some(err) = loader.failure.take() {
                return Err(err);
            }
            parsed.map_err(|err| Error::BadExport(err.to_string()))?;
            loader.finish()
        })
    }
}

fn skip_bom(input: &mut impl BufRead) -> Result<(), Error> {
    let head = input
        .fill_buf()
        .map_err(|err| Error::BadExport(format!("it cannot be read: {err}")))?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

/// Refuses a database that holds anything but the built-in "me", untouched: an export keeps
/// its ids, which would collide with the ones there.
fn refuse_unless_empty(tx: &Transaction<'_>) -> Result<(), Error> {
    let (people, me_changed, rows): (i64, bool, bool) = tx.query_row(
        "SELECT (SELECT count(*) FROM person WHERE is_me = 0),
                EXISTS (SELECT 1 FROM person WHERE is_me = 1
                        AND (name <> 'Me' OR known_since IS NOT NULL OR archived_at IS NOT NULL
                             OR language IS NOT NULL OR cadence IS NOT NULL)),
                EXISTS (SELECT 1 FROM identity) OR EXISTS (SELECT 1 FROM person_source)
                OR EXISTS (SELECT 1 FROM fact) OR EXISTS (SELECT 1 FROM circle)
                OR EXISTS (SELECT 1 FROM membership) OR EXISTS (SELECT 1 FROM interaction)
                OR EXISTS (SELECT 1 FROM followup) OR EXISTS (SELECT 1 FROM outreach)
                OR EXISTS (SELECT 1 FROM outcome) OR EXISTS (SELECT 1 FROM exclusion)
                OR EXISTS (SELECT 1 FROM queued) OR EXISTS (SELECT 1 FROM intro)
                OR EXISTS (SELECT 1 FROM intro_outcome) OR EXISTS (SELECT 1 FROM pairing)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let holds = match people {
        0 if !me_changed && !rows => return Ok(()),
        0 => "data about you (`me`)".to_owned(),
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    };
    Err(Error::Conflict(format!(
        "the database holds {holds} already, and a kith export is loaded only into an empty \
         one so that every id stays as it was. Import it into a new database (`kith --db \
         NEW.db import FILE`), or bring back a backup with `kith restore`"
    )))
}

/// Writes the records as they are read, and keeps what the checks at the end need.
struct Loader<'a> {
    tx: &'a Transaction<'a>,
    loaded: Loaded,
    /// Whether `format` was read, and the `version`.
    format: bool,
    version: Option<u64>,
    /// The person marked "me", once read.
    me: Option<i64>,
    /// An error that is not the document's fault (the database failed), or one that concerns
    /// the whole document, kept whole while serde unwinds with its text.
    failure: Option<Error>,
}

impl<'a> Loader<'a> {
    fn new(tx: &'a Transaction<'a>) -> Self {
        Self {
            tx,
            loaded: Loaded::default(),
            format: false,
            version: None,
            me: None,
            failure: None,
        }
    }

    /// Turns an error about one record into serde's, which adds the line and column; keeps
    /// any other error whole for [`Store::load_export`] to return.
    fn fail<E: de::Error>(&mut self, err: Error) -> E {
        match err {
            Error::BadExport(message) => E::custom(message),
            err => self.stop(err),
        }
    }

    /// Stops the load with `err`, as it is.
    fn stop<E: de::Error>(&mut self, err: Error) -> E {
        let message = err.to_string();
        self.failure.get_or_insert(err);
        E::custom(message)
    }

    fn version(&mut self, version: u64) -> Result<(), Error> {
        if version > VERSION {
            return Err(Error::BadExport(format!(
                "it is a version {version} kith export, written by a newer kith; this one \
                 reads versions up to {VERSION}. Install a newer kith to import it"
            )));
        }
        if version == 0 {
            return Err(Error::BadExport(
                "`version` is 0; kith export versions start at 1".into(),
            ));
        }
        self.version = Some(version);
        Ok(())
    }

    /// Checks that the header came before the records, so that they are read as the version
    /// they were written in.
    fn header(&self) -> Result<(), String> {
        if !self.format || self.version.is_none() {
            return Err(format!(
                "`format` and `version` must come before `circles`, `people` and `intros`; is \
                 this a kith export (`\"format\": \"{FORMAT}\"`)?"
            ));
        }
        Ok(())
    }

    /// A circle and its rounds. Whether the people paired are in the document is known only
    /// at the end ([`Loader::finish`]).
    fn circle(&mut self, circle: Circle) -> Result<(), Error> {
        let id = circle.id;
        let what = || format!("circle {id}");
        let name = CircleName::parse(&circle.name).map_err(|err| bad(what(), err))?;
        insert(
            self.tx,
            "INSERT INTO circle (id, name, key) VALUES (?1, ?2, ?3)",
            params![id, name.as_str(), name.key()],
            what,
        )?;
        let mut numbers = HashSet::new();
        for round in &circle.rounds {
            let number = round.round;
            let what = || format!("circle {id}, round {number}");
            if number == 0 {
                return Err(bad(what(), "rounds are numbered from 1"));
            }
            if !numbers.insert(number) {
                return Err(bad(what(), "it is listed twice"));
            }
            // A round is kept as its pairs: one without any would not come back.
            if round.pairs.is_empty() {
                return Err(bad(
                    what(),
                    "it has no pairs; a round pairs two people or more",
                ));
            }
            for pair in &round.pairs {
                let what = || format!("circle {id}, round {number}, pair {}", pair.id);
                if pair.a == pair.b {
                    return Err(bad(
                        what(),
                        format!(
                            "`a` and `b` are both person {}; a pair is two people",
                            pair.a
                        ),
                    ));
                }
                insert(
                    self.tx,
                    "INSERT INTO pairing (id, circle_id, round, a, b, at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![pair.id, id, number, pair.a, pair.b, to_db(round.at)],
                    what,
                )?;
            }
        }
        self.loaded.circles += 1;
        self.loaded.rounds += circle.rounds.len() as u64;
        Ok(())
    }

    fn person(&mut self, person: Person) -> Result<(), Error> {
        let id = person.id;
        let who = || format!("person {id}");
        let name = Name::parse(&person.name).map_err(|err| bad(who(), err))?;
        if person.me {
            if let Some(me) = self.me {
                return Err(bad(
                    who(),
                    format!("is marked `me`, and so is person {me}; an export has one `me`"),
                ));
            }
            if person.archived_at.is_some() || person.merged_into.is_some() {
                return Err(bad(who(), "is `me`, who is never deleted or merged"));
            }
            self.me = Some(id);
        }
        if person.merged_into.is_some() != person.merged_at.is_some() {
            return Err(bad(
                who(),
                "`merged_into` and `merged_at` are either both set or both null",
            ));
        }
        let language = person
            .language
            .as_deref()
            .map(str::parse::<Language>)
            .transpose()
            .map_err(|err| bad(who(), err))?;
        let cadence = person
            .cadence
            .as_deref()
            .map(Duration::parse)
            .transpose()
            .map_err(|err| bad(who(), err))?;
        insert(
            self.tx,
            "INSERT INTO person (id, name, name_key, is_me, known_since, created_at, archived_at,
                                 merged_into, merged_at, language, cadence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                name.as_str(),
                name.key(),
                person.me,
                person.known_since.map(to_db),
                to_db(person.created_at),
                person.archived_at.map(to_db),
                person.merged_into,
                person.merged_at.map(to_db),
                language.map(Language::as_str),
                cadence.map(Duration::to_text),
            ],
            who,
        )?;
        self.rows(&person)?;
        if !person.me {
            self.loaded.people += 1;
        }
        Ok(())
    }

    /// Everything that belongs to a person.
    fn rows(&mut self, person: &Person) -> Result<(), Error> {
        let id = person.id;
        let tx = self.tx;
        for source in &person.sources {
            let what = || format!("person {id}, source `{}`", source.source);
            let name = Source::parse(&source.source).map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO person_source (person_id, source, known_since) VALUES (?1, ?2, ?3)",
                params![id, name.as_str(), source.known_since.map(to_db)],
                what,
            )?;
        }
        for identity in &person.identities {
            let what = || format!("person {id}, identity {}", identity.id);
            let kind = identity
                .kind
                .parse::<IdentityKind>()
                .map_err(|err| bad(what(), err))?;
            let source = Source::parse(&identity.source).map_err(|err| bad(what(), err))?;
            one_line(&identity.value, "its value").map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO identity (id, person_id, kind, value, source)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    identity.id,
                    id,
                    kind.as_str(),
                    identity.value,
                    source.as_str()
                ],
                what,
            )?;
        }
        self.loaded.identities += person.identities.len() as u64;
        for membership in &person.circles {
            let what = || format!("person {id}, circle {}", membership.circle);
            let role = membership
                .role
                .as_deref()
                .map(Role::parse)
                .transpose()
                .map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO membership (person_id, circle_id, role) VALUES (?1, ?2, ?3)",
                params![id, membership.circle, role.as_ref().map(Role::as_str)],
                what,
            )?;
        }
        for fact in &person.facts {
            let what = || format!("person {id}, fact {}", fact.id);
            let kind = fact
                .kind
                .parse::<FactKind>()
                .map_err(|err| bad(what(), err))?;
            let text = FactText::parse(&fact.text).map_err(|err| bad(what(), err))?;
            let source = fact
                .source
                .parse::<FactSource>()
                .map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO fact (id, person_id, kind, text, private, source, recorded_at,
                                   confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    fact.id,
                    id,
                    kind.as_str(),
                    text.as_str(),
                    fact.private,
                    source.as_str(),
                    to_db(fact.recorded_at),
                    to_db(fact.confirmed_at)
                ],
                what,
            )?;
        }
        self.loaded.facts += person.facts.len() as u64;
        for interaction in &person.interactions {
            let what = || format!("person {id}, interaction {}", interaction.id);
            let source = Source::parse(&interaction.source).map_err(|err| bad(what(), err))?;
            let count = |n: i64, name: &str| {
                u32::try_from(n).map_err(|_| {
                    bad(
                        what(),
                        format!("`{name}` is {n}; expected a count from 0 to {}", u32::MAX),
                    )
                })
            };
            let checked = kith_core::Interaction::new(
                source,
                interaction.one_to_one,
                interaction.first_at,
                interaction.last_at,
                count(interaction.sent, "sent")?,
                count(interaction.received, "received")?,
            )
            .map_err(|err| bad(what(), err))?;
            let month = checked.month();
            let month = format!("{:04}-{:02}", month.year(), month.month());
            if month != interaction.month {
                return Err(bad(
                    what(),
                    format!(
                        "`month` is `{}`, but `first_at` falls in {month}",
                        interaction.month
                    ),
                ));
            }
            insert(
                tx,
                "INSERT INTO interaction (id, person_id, source, month, one_to_one, sent,
                                          received, first_at, last_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    interaction.id,
                    id,
                    checked.source().as_str(),
                    month,
                    checked.one_to_one(),
                    checked.sent(),
                    checked.received(),
                    to_db(checked.first()),
                    to_db(checked.last())
                ],
                what,
            )?;
        }
        self.loaded.interactions += person.interactions.len() as u64;
        for followup in &person.followups {
            let what = || format!("person {id}, follow-up {}", followup.id);
            let text = FollowUpText::parse(&followup.text).map_err(|err| bad(what(), err))?;
            one_line(&followup.uid, "its uid").map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO followup (id, person_id, text, due_at, created_at, done_at, uid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    followup.id,
                    id,
                    text.as_str(),
                    to_db(followup.due_at),
                    to_db(followup.created_at),
                    followup.done_at.map(to_db),
                    followup.uid
                ],
                what,
            )?;
        }
        self.loaded.followups += person.followups.len() as u64;
        for outreach in &person.outreach {
            let what = || format!("person {id}, outreach {}", outreach.id);
            let channel = outreach
                .channel
                .as_deref()
                .map(Channel::parse)
                .transpose()
                .map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO outreach (id, person_id, channel, at, followup_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    outreach.id,
                    id,
                    channel.as_ref().map(Channel::as_str),
                    to_db(outreach.at),
                    outreach.followup
                ],
                what,
            )?;
        }
        for outcome in &person.outcomes {
            let what = || format!("person {id}, outcome {}", outcome.id);
            let kind = outcome
                .kind
                .parse::<OutcomeKind>()
                .map_err(|err| bad(what(), err))?;
            let why = outcome
                .why
                .as_deref()
                .map(Reason::parse)
                .transpose()
                .map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO outcome (id, person_id, kind, at, revisit_at, why)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    outcome.id,
                    id,
                    kind.as_str(),
                    to_db(outcome.at),
                    outcome.revisit_at.map(to_db),
                    why.as_ref().map(Reason::as_str)
                ],
                what,
            )?;
        }
        for exclusion in &person.exclusions {
            let what = || format!("person {id}, exclusion {}", exclusion.id);
            let why = Reason::parse(&exclusion.why).map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO exclusion (id, person_id, why, at, lifted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    exclusion.id,
                    id,
                    why.as_str(),
                    to_db(exclusion.at),
                    exclusion.lifted_at.map(to_db)
                ],
                what,
            )?;
        }
        for day in &person.queued {
            let what = || format!("person {id}, queued day `{day}`");
            let valid = day
                .parse::<jiff::civil::Date>()
                .is_ok_and(|date| date.to_string() == *day);
            if !valid {
                return Err(bad(what(), "expected a date like 2026-11-26"));
            }
            insert(
                tx,
                "INSERT INTO queued (person_id, day) VALUES (?1, ?2)",
                params![id, day],
                what,
            )?;
        }
        Ok(())
    }

    /// An introduction and its outcomes. Whether its people are in the document is known
    /// only at the end ([`Loader::finish`]).
    fn intro(&mut self, intro: Intro) -> Result<(), Error> {
        let id = intro.id;
        let what = || format!("intro {id}");
        if intro.a == intro.b {
            return Err(bad(
                what(),
                format!(
                    "`a` and `b` are both person {}; an introduction is between two people",
                    intro.a
                ),
            ));
        }
        let tx = self.tx;
        insert(
            tx,
            "INSERT INTO intro (id, a, b, via, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, intro.a, intro.b, intro.via, to_db(intro.at)],
            what,
        )?;
        for outcome in &intro.outcomes {
            let what = || format!("intro {id}, outcome {}", outcome.id);
            let kind = outcome
                .kind
                .parse::<kith_core::IntroOutcome>()
                .map_err(|err| bad(what(), err))?;
            let why = outcome
                .why
                .as_deref()
                .map(Reason::parse)
                .transpose()
                .map_err(|err| bad(what(), err))?;
            insert(
                tx,
                "INSERT INTO intro_outcome (id, intro_id, kind, why, at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    outcome.id,
                    id,
                    kind.as_str(),
                    why.as_ref().map(Reason::as_str),
                    to_db(outcome.at)
                ],
                what,
            )?;
        }
        self.loaded.intros += 1;
        Ok(())
    }

    /// The checks that need the whole document: one "me", merges that lead somewhere, and
    /// references to circles, follow-ups and people that exist.
    fn finish(self) -> Result<Loaded, Error> {
        if self.me.is_none() {
            return Err(Error::BadExport(
                "no person is marked `\"me\": true`; an export holds the user as one of its \
                 people"
                    .into(),
            ));
        }
        merge_groups(self.tx)?;
        let missing_circle: Option<(i64, i64)> = optional(self.tx.query_row(
            "SELECT person_id, circle_id FROM membership m
             WHERE NOT EXISTS (SELECT 1 FROM circle c WHERE c.id = m.circle_id)
             ORDER BY person_id, circle_id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        ))?;
        if let Some((person, circle)) = missing_circle {
            return Err(Error::BadExport(format!(
                "person {person} is in circle {circle}, which is not among the `circles`"
            )));
        }
        let missing_followup: Option<(i64, i64, i64)> = optional(self.tx.query_row(
            "SELECT person_id, id, followup_id FROM outreach o
             WHERE followup_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id = o.followup_id)
             ORDER BY id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        ))?;
        if let Some((person, outreach, followup)) = missing_followup {
            return Err(Error::BadExport(format!(
                "person {person}, outreach {outreach}: follow-up {followup} is not in the export"
            )));
        }
        let missing_person: Option<(i64, String, i64)> = optional(self.tx.query_row(
            "SELECT id, side, person FROM (
                 SELECT id, 'a' AS side, a AS person FROM intro
                 UNION ALL SELECT id, 'b', b FROM intro
                 UNION ALL SELECT id, 'via', via FROM intro)
             WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = person)
             ORDER BY id, side LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        ))?;
        if let Some((intro, side, person)) = missing_person {
            return Err(Error::BadExport(format!(
                "intro {intro}: `{side}` is person {person}, who is not among the `people`"
            )));
        }
        let unpaired: Option<(i64, u32, i64, String, i64)> = optional(self.tx.query_row(
            "SELECT circle_id, round, id, side, person FROM (
                 SELECT circle_id, round, id, 'a' AS side, a AS person FROM pairing
                 UNION ALL SELECT circle_id, round, id, 'b', b FROM pairing)
             WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = person)
             ORDER BY circle_id, round, id, side LIMIT 1",
            [],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            },
        ))?;
        if let Some((circle, round, pair, side, person)) = unpaired {
            return Err(Error::BadExport(format!(
                "circle {circle}, round {round}, pair {pair}: `{side}` is person {person}, who \
                 is not among the `people`"
            )));
        }
        // Intersections a database kept before the load (`kith stats` run on it while empty)
        // are not taken for the loaded ones: the triggers of migration 0009 count every fact
        // inserted and every merge group set above, so the kept answer no longer matches.
        Ok(self.loaded)
    }
}

/// Gives everyone the root of their merge group (`root_id`): the person at the end of their
/// chain of `merged_into`, as merging and unmerging keep it.
fn merge_groups(tx: &Transaction<'_>) -> Result<(), Error> {
    let mut statement = tx.prepare("SELECT id, merged_into FROM person ORDER BY id")?;
    let people: Vec<(i64, Option<i64>)> = statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let into: HashMap<i64, Option<i64>> = people.iter().copied().collect();
    tx.execute(
        "UPDATE person SET root_id = id WHERE merged_into IS NULL",
        [],
    )?;
    let mut update = tx.prepare("UPDATE person SET root_id = ?2 WHERE id = ?1")?;
    for &(id, merged_into) in &people {
        let Some(mut root) = merged_into else {
            continue;
        };
        let mut seen = HashSet::from([id]);
        loop {
            let Some(&next) = into.get(&root) else {
                let from = if seen.len() == 1 { id } else { root };
                return Err(Error::BadExport(format!(
                    "person {from} is merged into person {root}, who is not in the export"
                )));
            };
            if !seen.insert(root) {
                return Err(Error::BadExport(format!(
                    "person {id} is merged into a chain of people that leads back to itself"
                )));
            }
            match next {
                Some(next) => root = next,
                None => break,
            }
        }
        update.execute(params![id, root])?;
    }
    Ok(())
}

/// Inserts one row, wording a clash with a row already loaded (a duplicate id, an email
/// given to two people) for the user.
fn insert(
    tx: &Transaction<'_>,
    sql: &str,
    params: impl Params,
    what: impl FnOnce() -> String,
) -> Result<(), Error> {
    match tx.prepare_cached(sql)?.execute(params) {
        Ok(_) => Ok(()),
        Err(err) if err.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Err(bad(what(), clash(&err)))
        }
        Err(err) => Err(err.into()),
    }
}

/// What a constraint violation means in the export's terms.
fn clash(err: &rusqlite::Error) -> String {
    let detail = match err {
        rusqlite::Error::SqliteFailure(_, Some(detail)) => detail.as_str(),
        _ => "",
    };
    let columns = detail.rsplit_once(": ").map_or("", |(_, columns)| columns);
    let why = match columns {
        _ if columns.ends_with(".id") && !columns.contains(',') => "its id is used twice",
        "circle.key" => "another circle has the same name (circles are told apart ignoring case)",
        "identity.kind, identity.value" => {
            "another identity has the same kind and value; each belongs to one person"
        }
        "followup.uid" => "another follow-up has the same uid",
        "interaction.person_id, interaction.source, interaction.month, interaction.one_to_one" => {
            "the person has another interaction with the same source, month and one_to_one"
        }
        "person_source.person_id, person_source.source"
        | "membership.person_id, membership.circle_id"
        | "queued.person_id, queued.day" => "it is listed twice",
        _ if detail.is_empty() => return err.to_string(),
        _ => detail,
    };
    why.to_owned()
}

fn bad(what: String, why: impl fmt::Display) -> Error {
    Error::BadExport(format!("{what}: {why}"))
}

/// An identity's value or a uid: text on one line, without spaces at either end.
fn one_line(text: &str, what: &str) -> Result<(), String> {
    if text.is_empty() || text.trim() != text || text.chars().any(char::is_control) {
        return Err(format!(
            "{what} must be one line of text, not empty, without spaces at either end"
        ));
    }
    Ok(())
}

fn optional<T>(result: rusqlite::Result<T>) -> Result<Option<T>, Error> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// The document's top-level members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Member {
    Format,
    Version,
    ExportedAt,
    Circles,
    People,
    Intros,
}

impl Member {
    fn name(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::Version => "version",
            Self::ExportedAt => "exported_at",
            Self::Circles => "circles",
            Self::People => "people",
            Self::Intros => "intros",
        }
    }
}

/// The document, read member by member so that circles and people are written as they come.
struct Document<'l, 'a>(&'l mut Loader<'a>);

impl<'de> DeserializeSeed<'de> for Document<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a kith export: an object with `format`, `version` and `people`"
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let loader = self.0;
        let mut seen = HashSet::new();
        while let Some(member) = map.next_key::<Member>()? {
            if !seen.insert(member) {
                return Err(A::Error::custom(format!(
                    "`{}` appears twice in the document",
                    member.name()
                )));
            }
            match member {
                Member::Format => {
                    let format: String = map.next_value()?;
                    if format != FORMAT {
                        return Err(A::Error::custom(format!(
                            "`format` is `{format}`; a kith export says `{FORMAT}`"
                        )));
                    }
                    loader.format = true;
                }
                Member::Version => {
                    let version: u64 = map.next_value()?;
                    if let Err(err) = loader.version(version) {
                        return Err(loader.stop(err));
                    }
                }
                Member::ExportedAt => {
                    let text: String = map.next_value()?;
                    super::rfc3339::parse(&text).map_err(A::Error::custom)?;
                }
                Member::Circles => {
                    loader.header().map_err(A::Error::custom)?;
                    map.next_value_seed(Each {
                        loader: &mut *loader,
                        add: Loader::circle,
                    })?;
                }
                Member::People => {
                    loader.header().map_err(A::Error::custom)?;
                    map.next_value_seed(Each {
                        loader: &mut *loader,
                        add: Loader::person,
                    })?;
                }
                Member::Intros => {
                    loader.header().map_err(A::Error::custom)?;
                    map.next_value_seed(Each {
                        loader: &mut *loader,
                        add: Loader::intro,
                    })?;
                }
            }
        }
        loader.header().map_err(A::Error::custom)
    }
}

/// An array whose elements are written one by one as they are read.
struct Each<'l, 'a, T> {
    loader: &'l mut Loader<'a>,
    add: fn(&mut Loader<'a>, T) -> Result<(), Error>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Each<'_, '_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Each<'_, '_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            if let Err(err) = (self.add)(self.loader, item) {
                return Err(self.loader.fail(err));
            }
        }
        Ok(())
    }
}
