//! The export's round trip on databases built through the store's own API, compared table by
//! table, and the documents a load refuses.

use jiff::{SignedDuration, Timestamp};
use kith_core::drafts::Language;
use kith_core::time::Duration;
use kith_core::{
    Channel, CircleName, FactId, FactKind, FactSource, FactText, FollowUpId, FollowUpText,
    Interaction, IntroId, IntroOutcome, Membership, Name, NewFact, NewIdentity, NewPerson, Outcome,
    OutcomeKind, Outreach, PersonId, Reason, Role, Source,
};
use proptest::prelude::*;
use rstest::rstest;
use serde_json::{Value, json};

use super::is_export;
use crate::{Error, Store};

const EXPORTED_AT: &str = "2026-11-26T10:00:00Z";

fn export(store: &Store) -> String {
    let mut out = Vec::new();
    store
        .write_export(&mut out, EXPORTED_AT.parse().unwrap())
        .expect("the database exports");
    String::from_utf8(out).expect("the export is UTF-8")
}

/// Every row of every table but `meta` (whose instance name is each database's own), as
/// text, in a fixed order.
fn tables(store: &Store) -> Vec<(String, Vec<String>)> {
    let names: Vec<String> = store
        .conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'meta' ORDER BY name",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|table| {
            let mut statement = store
                .conn
                .prepare(&format!("SELECT * FROM {table}"))
                .unwrap();
            let columns = statement.column_count();
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    let values: Vec<String> = (0..columns)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect();
                    Ok(values.join(" | "))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            (table, rows)
        })
        .collect()
}

/// Loads `document` into a new database; also says whether the database is as it was when
/// the load fails.
fn load(document: &str) -> (Store, Result<super::Loaded, Error>) {
    let mut store = Store::open_in_memory().unwrap();
    let before = tables(&store);
    let loaded = store.load_export(document.as_bytes());
    if loaded.is_err() {
        assert_eq!(tables(&store), before, "a refused load writes nothing");
    }
    (store, loaded)
}

#[rstest]
#[case::as_kith_writes_it(b"{\n  \"format\": \"kith-export\",\n  \"version\": 1", true)]
#[case::compact(b"{\"format\":\"kith-export\",\"version\":1}", true)]
#[case::with_a_bom(b"\xEF\xBB\xBF{ \"format\" : \"kith-export\" }", true)]
#[case::another_format_first(b"{\"version\": 1, \"format\": \"kith-export\"}", false)]
#[case::another_programs_json(b"{\"format\": \"geojson\"}", false)]
#[case::an_array(b"[{\"format\": \"kith-export\"}]", false)]
#[case::cut_short(b"{\"format\": \"kith-exp", false)]
#[case::a_vcard(b"BEGIN:VCARD\r\nVERSION:4.0\r\n", false)]
fn an_export_is_told_by_its_first_member(#[case] head: &[u8], #[case] expected: bool) {
    assert_eq!(is_export(head), expected);
}

/// Every column of the schema, as the export covers it: written, derived on load (`name_key`,
/// `key`, `root_id`), or fixed vocabulary. A migration that adds a table or a column fails this
/// test until the export writes and loads it, under a new version once kith is released
/// (docs/export-format.md).
#[test]
fn every_column_of_the_schema_is_in_the_export() {
    let known = [
        ("circle", "id name key"),
        ("exclusion", "id person_id why at lifted_at"),
        (
            "fact",
            "id person_id kind text private source recorded_at confirmed_at",
        ),
        ("fact_kind", "name"),
        ("fact_source", "name"),
        (
            "followup",
            "id person_id text due_at created_at done_at uid",
        ),
        ("identity", "id person_id kind value source"),
        ("identity_kind", "name"),
        (
            "interaction",
            "id person_id source month one_to_one sent received first_at last_at",
        ),
        // The intersections last found with the user, recomputed from the facts: a cache.
        ("intersection_cache", "at person_id"),
        ("intro", "id a b via at"),
        ("intro_outcome", "id intro_id kind why at"),
        ("intro_outcome_kind", "name"),
        ("membership", "person_id circle_id role"),
        // The database's own name and its demo mark are deliberately not exported.
        ("meta", "key value"),
        ("outcome", "id person_id kind at revisit_at why"),
        ("outcome_kind", "name"),
        ("outreach", "id person_id channel at followup_id"),
        ("pairing", "id circle_id round a b at"),
        (
            "person",
            "id name name_key is_me known_since created_at archived_at merged_into merged_at \
             root_id language cadence",
        ),
        ("person_source", "person_id source known_since"),
        ("queued", "person_id day"),
        // A cache of sentence vectors, rebuilt from the facts: deliberately not exported.
        ("text_vector", "model text vector"),
    ];
    let store = Store::open_in_memory().unwrap();
    let schema: Vec<(String, String)> = store
        .conn
        .prepare(
            "SELECT t.name, group_concat(c.name, ' ') FROM sqlite_schema t
             JOIN pragma_table_info(t.name) c WHERE t.type = 'table'
             GROUP BY t.name ORDER BY t.name",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let known: Vec<(String, String)> = known
        .iter()
        .map(|(table, columns)| {
            let columns: Vec<&str> = columns.split_whitespace().collect();
            ((*table).to_owned(), columns.join(" "))
        })
        .collect();
    assert_eq!(schema, known);
}

#[test]
fn a_new_database_exports_the_user_alone() {
    let store = Store::open_in_memory().unwrap();
    let document: Value = serde_json::from_str(&export(&store)).unwrap();
    assert_eq!(document["format"], "kith-export");
    assert_eq!(document["version"], 1);
    assert_eq!(document["exported_at"], EXPORTED_AT);
    assert_eq!(document["circles"], json!([]));
    let people = document["people"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["me"], true);
    assert_eq!(people[0]["name"], "Me");
    assert_eq!(document["intros"], json!([]));

    let mut out = Vec::new();
    let now: Timestamp = "2026-11-26T10:00:00.75Z".parse().unwrap();
    store.write_export(&mut out, now).unwrap();
    let document: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(
        document["exported_at"], EXPORTED_AT,
        "times are to the second"
    );
}

/// A small, valid document holding one of everything, to break one piece at a time.
fn document() -> Value {
    json!({
        "format": "kith-export",
        "version": 1,
        "exported_at": "2026-11-26T10:00:00Z",
        "circles": [{
            "id": 1, "name": "Work",
            "rounds": [
                {"round": 1, "at": "2026-02-10T09:00:00Z",
                 "pairs": [{"id": 1, "a": 3, "b": 4}]},
                {"round": 2, "at": "2026-03-10T09:00:00Z",
                 "pairs": [{"id": 2, "a": 1, "b": 2}, {"id": 3, "a": 1, "b": 4}, {"id": 4, "a": 2, "b": 4}]}
            ]
        }],
        "people": [
            {"id": 1, "me": true, "name": "Marta", "created_at": "2026-01-01T00:00:00Z"},
            {
                "id": 2, "me": false, "name": "Олена Коваленко",
                "created_at": "2026-01-02T00:00:00Z", "known_since": "2019-05-01T00:00:00Z",
                "archived_at": null, "merged_into": null, "merged_at": null,
                "language": "uk", "cadence": "1m",
                "sources": [{"source": "linkedin", "known_since": "2019-05-01T00:00:00Z"}],
                "identities": [{"id": 1, "kind": "email", "value": "olena@example.com", "source": "linkedin"}],
                "circles": [{"circle": 1, "role": "peer"}],
                "facts": [{"id": 1, "kind": "goal", "text": "launch a startup", "private": true, "source": "told",
                           "recorded_at": "2026-01-03T00:00:00Z", "confirmed_at": "2026-01-03T00:00:00Z"}],
                "interactions": [{"id": 1, "source": "telegram", "month": "2026-01", "one_to_one": true,
                                  "sent": 3, "received": 4, "first_at": "2026-01-05T10:00:00Z",
                                  "last_at": "2026-01-20T10:00:00Z"}],
                "followups": [{"id": 1, "text": "did Олена reply?", "due_at": "2026-02-01T00:00:00Z",
                               "created_at": "2026-01-25T00:00:00Z", "done_at": null, "uid": "followup-1-ab@kith"}],
                "outreach": [{"id": 1, "channel": "telegram", "at": "2026-01-25T00:00:00Z", "followup": 1}],
                "outcomes": [{"id": 1, "kind": "not-now", "at": "2026-02-02T00:00:00Z",
                              "revisit_at": "2026-08-02T00:00:00Z", "why": "new baby"}],
                "exclusions": [{"id": 1, "why": "asked for a break", "at": "2026-02-03T00:00:00Z",
                                "lifted_at": "2026-03-01T00:00:00Z"}],
                "queued": ["2026-01-24"]
            },
            {"id": 3, "name": "Olena K.", "created_at": "2026-01-02T00:00:00Z",
             "merged_into": 2, "merged_at": "2026-01-04T00:00:00Z"},
            {"id": 4, "name": "Taras", "created_at": "2026-01-02T00:00:00Z"}
        ],
        "intros": [
            {
                "id": 1, "a": 2, "b": 4, "via": 1, "at": "2026-02-05T00:00:00Z",
                "outcomes": [
                    {"id": 1, "kind": "led-nowhere", "why": null, "at": "2026-03-01T00:00:00Z"},
                    {"id": 2, "kind": "led-somewhere", "why": "they started a company",
                     "at": "2026-06-01T00:00:00Z"}
                ]
            }
        ]
    })
}

#[test]
fn a_document_with_one_of_everything_loads_and_exports_as_it_was() {
    let (store, loaded) = load(&text_of(&document()));
    let loaded = loaded.expect("the document loads");
    assert_eq!(loaded.people, 3);
    assert_eq!(
        (
            loaded.identities,
            loaded.facts,
            loaded.circles,
            loaded.intros,
            loaded.rounds
        ),
        (1, 1, 1, 1, 2)
    );
    let again: Value = serde_json::from_str(&export(&store)).unwrap();
    assert_eq!(
        again["circles"],
        document()["circles"],
        "the circle with its rounds"
    );
    assert_eq!(
        again["intros"],
        document()["intros"],
        "the intro with its history"
    );
    assert_eq!(
        again["people"][1],
        document()["people"][1],
        "every member as it was"
    );
    assert_eq!(again["people"][2]["merged_into"], 2);
    assert_eq!(
        again["people"][2]["facts"],
        json!([]),
        "omitted arrays are empty"
    );
    let olena = store.detail(PersonId(3)).unwrap();
    assert_eq!(
        olena.person.id,
        PersonId(2),
        "a merged person is shown as their group"
    );
    assert_eq!(olena.merged.len(), 1);
    let work = CircleName::parse("work").unwrap();
    assert_eq!(
        store.past_pairs(&work).unwrap(),
        [
            (PersonId(2), PersonId(4)),
            (PersonId(1), PersonId(2)),
            (PersonId(1), PersonId(4)),
            (PersonId(2), PersonId(4))
        ],
        "the rounds' pairs, a merged person as their group, are what the next round avoids"
    );
    let intro = store.intro(IntroId(1)).unwrap();
    assert_eq!(
        (intro.a, intro.b, intro.via),
        (PersonId(2), PersonId(4), PersonId(1))
    );
    assert_eq!(
        intro.outcome.map(|(kind, _, _)| kind),
        Some(IntroOutcome::LedSomewhere),
        "the latest outcome counts"
    );
}

#[test]
fn intros_listed_before_the_people_they_name_still_load() {
    let document = document();
    let text = format!(
        "{{\"format\": \"kith-export\", \"version\": 1, \"intros\": {}, \"circles\": {}, \
         \"people\": {}}}",
        document["intros"], document["circles"], document["people"]
    );
    let (store, loaded) = load(&text);
    assert_eq!(loaded.expect("the document loads").intros, 1);
    let again: Value = serde_json::from_str(&export(&store)).unwrap();
    assert_eq!(again["intros"], document["intros"]);
}

#[test]
fn a_round_whose_pairs_were_recorded_at_different_times_is_not_exported_losing_one() {
    let store = Store::open_in_memory().unwrap();
    // kith records a round at one time; only a database edited by hand holds such a round.
    store
        .conn
        .execute_batch(
            "INSERT INTO person (id, name, name_key, created_at, root_id)
                 VALUES (2, 'Ada', 'ada', 0, 2), (3, 'Bob', 'bob', 0, 3);
             INSERT INTO circle (id, name, key) VALUES (1, 'Work', 'work');
             INSERT INTO pairing (circle_id, round, a, b, at)
                 VALUES (1, 1, 1, 2, 0), (1, 1, 1, 3, 60);",
        )
        .unwrap();
    let err = store
        .write_export(Vec::new(), EXPORTED_AT.parse().unwrap())
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert!(
        err.to_string().contains(
            "round 1 of circle 1 has pairs recorded at 1970-01-01T00:00:00Z and at \
             1970-01-01T00:01:00Z"
        ),
        "{err}"
    );
}

#[test]
fn an_outcome_of_an_intro_that_does_not_exist_is_not_silently_left_out() {
    let store = Store::open_in_memory().unwrap();
    // Only a database edited without kith's foreign keys can hold such a row.
    store
        .conn
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO intro_outcome (id, intro_id, kind, at) VALUES (1, 7, 'led-nowhere', 0);",
        )
        .unwrap();
    let err = store
        .write_export(Vec::new(), EXPORTED_AT.parse().unwrap())
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert!(
        err.to_string().contains(
            "a row of table `intro_outcome` belongs to intro 7, and there is no such intro"
        ),
        "{err}"
    );
}

/// The document as text with its members in kith's order, the header first, as a reader
/// requires (`serde_json::Value` keeps them sorted).
fn text_of(document: &Value) -> String {
    let members = document.as_object().unwrap();
    let order = [
        "format",
        "version",
        "exported_at",
        "circles",
        "people",
        "intros",
    ];
    let rest = members.keys().filter(|key| !order.contains(&key.as_str()));
    let parts: Vec<String> = order
        .iter()
        .copied()
        .chain(rest.map(String::as_str))
        .filter_map(|key| Some(format!("{}: {}", json!(key), members.get(key)?)))
        .collect();
    format!("{{\n{}\n}}", parts.join(",\n"))
}

fn person(doc: &mut Value) -> &mut Value {
    &mut doc["people"][1]
}

#[rstest]
#[case::newer_version(|d: &mut Value| d["version"] = json!(2), "version 2 kith export, written by a newer kith")]
#[case::another_format(|d: &mut Value| d["format"] = json!("vcard"), "`format` is `vcard`")]
#[case::an_unknown_member(|d: &mut Value| d["tags"] = json!([]), "unknown field `tags`")]
#[case::an_unknown_field(|d: &mut Value| person(d)["nickname"] = json!("Lena"), "unknown field `nickname`")]
#[case::no_me(|d: &mut Value| d["people"][0]["me"] = json!(false), "no person is marked")]
#[case::two_of_me(|d: &mut Value| person(d)["me"] = json!(true), "and so is person 1")]
#[case::an_empty_name(|d: &mut Value| person(d)["name"] = json!("  "), "person 2: a name cannot be empty")]
#[case::a_bad_time(
    |d: &mut Value| person(d)["created_at"] = json!("yesterday"),
    "`yesterday` is not an RFC 3339 time"
)]
#[case::an_unknown_fact_kind(
    |d: &mut Value| person(d)["facts"][0]["kind"] = json!("hobby"),
    "person 2, fact 1: unknown fact kind `hobby`"
)]
#[case::an_email_owned_twice(
    |d: &mut Value| {
        let mut identities = person(d)["identities"].clone();
        identities[0]["id"] = json!(2);
        d["people"][0]["identities"] = identities;
    },
    "another identity has the same kind and value"
)]
#[case::a_fact_id_used_twice(
    |d: &mut Value| d["people"][0]["facts"] = person(d)["facts"].clone(),
    "person 2, fact 1: its id is used twice"
)]
#[case::a_missing_circle(
    |d: &mut Value| d["circles"] = json!([]),
    "person 2 is in circle 1, which is not among the `circles`"
)]
#[case::a_missing_followup(
    |d: &mut Value| person(d)["followups"] = json!([]),
    "outreach 1: follow-up 1 is not in the export"
)]
#[case::a_merge_into_nobody(
    |d: &mut Value| d["people"][2]["merged_into"] = json!(9),
    "person 3 is merged into person 9, who is not in the export"
)]
#[case::a_merge_cycle(
    |d: &mut Value| { person(d)["merged_into"] = json!(3); person(d)["merged_at"] = json!("2026-01-04T00:00:00Z"); },
    "leads back to itself"
)]
#[case::a_month_that_is_not_the_first_contacts(
    |d: &mut Value| person(d)["interactions"][0]["month"] = json!("2026-02"),
    "`first_at` falls in 2026-01"
)]
#[case::a_negative_count(
    |d: &mut Value| person(d)["interactions"][0]["sent"] = json!(-1),
    "`sent` is -1"
)]
#[case::an_unknown_language(|d: &mut Value| person(d)["language"] = json!("fr"), "unknown language `fr`")]
#[case::a_bad_queued_day(|d: &mut Value| person(d)["queued"] = json!(["24 Jan"]), "expected a date like")]
#[case::an_intro_of_someone_not_in_the_export(
    |d: &mut Value| d["intros"][0]["b"] = json!(9),
    "intro 1: `b` is person 9, who is not among the `people`"
)]
#[case::an_intro_via_someone_not_in_the_export(
    |d: &mut Value| d["intros"][0]["via"] = json!(9),
    "intro 1: `via` is person 9, who is not among the `people`"
)]
#[case::an_intro_of_one_person_to_themselves(
    |d: &mut Value| d["intros"][0]["b"] = json!(2),
    "intro 1: `a` and `b` are both person 2"
)]
#[case::an_intro_id_used_twice(
    |d: &mut Value| { let intro = d["intros"][0].clone(); d["intros"].as_array_mut().unwrap().push(intro); },
    "intro 1: its id is used twice"
)]
#[case::an_intro_outcome_id_used_twice(
    |d: &mut Value| d["intros"][0]["outcomes"][1]["id"] = json!(1),
    "intro 1, outcome 1: its id is used twice"
)]
#[case::an_unknown_intro_outcome(
    |d: &mut Value| d["intros"][0]["outcomes"][0]["kind"] = json!("meh"),
    "intro 1, outcome 1: unknown intro outcome `meh`"
)]
#[case::a_pair_of_someone_not_in_the_export(
    |d: &mut Value| d["circles"][0]["rounds"][1]["pairs"][1]["b"] = json!(9),
    "circle 1, round 2, pair 3: `b` is person 9, who is not among the `people`"
)]
#[case::a_pair_of_one_person_with_themselves(
    |d: &mut Value| d["circles"][0]["rounds"][0]["pairs"][0]["b"] = json!(3),
    "circle 1, round 1, pair 1: `a` and `b` are both person 3"
)]
#[case::a_pair_id_used_twice(
    |d: &mut Value| d["circles"][0]["rounds"][1]["pairs"][0]["id"] = json!(1),
    "circle 1, round 2, pair 1: its id is used twice"
)]
#[case::a_round_listed_twice(
    |d: &mut Value| d["circles"][0]["rounds"][1]["round"] = json!(1),
    "circle 1, round 1: it is listed twice"
)]
#[case::a_round_numbered_zero(
    |d: &mut Value| d["circles"][0]["rounds"][0]["round"] = json!(0),
    "circle 1, round 0: rounds are numbered from 1"
)]
#[case::a_round_without_pairs(
    |d: &mut Value| d["circles"][0]["rounds"][0]["pairs"] = json!([]),
    "circle 1, round 1: it has no pairs"
)]
#[case::a_round_without_a_time(
    |d: &mut Value| { d["circles"][0]["rounds"][0].as_object_mut().unwrap().remove("at"); },
    "missing field `at`"
)]
#[case::an_unknown_field_in_an_intro(
    |d: &mut Value| d["intros"][0]["state"] = json!("made"),
    "unknown field `state`"
)]
fn a_document_that_breaks_the_schema_is_refused_with_nothing_written(
    #[case] breaks: fn(&mut Value),
    #[case] expected: &str,
) {
    let mut broken = document();
    breaks(&mut broken);
    let (_, loaded) = load(&text_of(&broken));
    let err = loaded.expect_err("the broken document is refused");
    assert!(matches!(err, Error::BadExport(_)), "{err:?}");
    assert!(err.to_string().contains(expected), "{err}");
}

#[test]
fn an_error_in_a_record_says_where_it_is() {
    let mut broken = document();
    person(&mut broken)["facts"][0]["kind"] = json!("hobby");
    let (_, loaded) = load(&text_of(&broken));
    let err = loaded.unwrap_err().to_string();
    assert!(err.contains(" at line "), "{err}");
}

#[test]
fn the_header_must_come_before_the_records() {
    let people = &document()["people"];
    let (_, loaded) = load(&format!(
        "{{\"people\": {people}, \"format\": \"kith-export\", \"version\": 1}}"
    ));
    let err = loaded.unwrap_err().to_string();
    assert!(err.contains("must come before"), "{err}");
}

#[rstest]
#[case::cut_in_the_middle(0.5)]
#[case::cut_before_the_last_brace(0.999)]
fn a_truncated_document_is_refused(#[case] kept: f64) {
    let text = text_of(&document());
    let cut = &text[..(text.len() as f64 * kept) as usize];
    let (_, loaded) = load(cut);
    let err = loaded.unwrap_err().to_string();
    assert!(err.contains("EOF while parsing"), "{err}");
}

#[test]
fn a_database_that_holds_anything_refuses_a_load() {
    let mut store = Store::open_in_memory().unwrap();
    let ada = NewPerson::new(Name::parse("Ada").unwrap(), Source::manual());
    store
        .write(|w| w.add_person(&ada, EXPORTED_AT.parse().unwrap()))
        .unwrap();
    let before = tables(&store);
    let err = store
        .load_export(text_of(&document()).as_bytes())
        .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("holds 1 person already"), "{err}");
    assert_eq!(tables(&store), before);

    let mut renamed = Store::open_in_memory().unwrap();
    let me = renamed.me().unwrap().id;
    renamed
        .write(|w| w.rename(me, &Name::parse("Marta").unwrap()))
        .unwrap();
    let err = renamed
        .load_export(text_of(&document()).as_bytes())
        .unwrap_err();
    assert!(err.to_string().contains("data about you"), "{err}");
}

/// One step of building a random database through the store's API. Indexes pick among the
/// people, facts, follow-ups and intros made so far, modulo their number.
#[derive(Debug, Clone)]
enum Step {
    Add(NewPerson),
    Fact(usize, NewFact),
    Confirm(usize),
    RemoveFact(usize),
    FollowUp(usize, FollowUpText, i64),
    Done(usize),
    Snooze(usize, i64),
    Reach(usize, Option<Channel>),
    Outcome(usize, OutcomeKind, Option<i64>, Option<Reason>),
    Exclude(usize, Reason),
    Include(usize),
    Merge(usize, usize),
    Unmerge(usize),
    Archive(usize),
    Restore(usize),
    Language(usize, Language),
    Cadence(usize, Option<Duration>),
    Log(usize, Source),
    Queue(Vec<usize>, i64),
    Rename(usize, Name),
    Join(usize, Membership),
    Intro(usize, usize, usize),
    IntroOutcome(usize, IntroOutcome, Option<Reason>),
    /// A round of a circle (by its index among [`CIRCLES`]): pairs of people.
    Round(usize, Vec<(usize, usize)>),
}

/// The circles random databases put people in; some differ only in case, so are one.
const CIRCLES: [&str; 5] = ["Work", "work", "Київ", "RustConf 2023", "Lisbon"];

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        "\\PC{1,30}",
        "[А-Яа-яІіЇїЄєҐґ' ]{1,20}",
        "[A-Za-zÀ-ÿ .-]{1,20}",
        Just("Zoë Quill".to_owned()),
    ]
    .prop_filter_map("a valid name", |text| Name::parse(&text).ok())
}

fn source() -> impl Strategy<Value = Source> {
    prop::sample::select(vec!["manual", "linkedin", "telegram", "vcard", "facebook"])
        .prop_map(|name| Source::parse(name).unwrap())
}

fn text<T: std::fmt::Debug>(
    parse: fn(&str) -> Result<T, kith_core::Error>,
) -> impl Strategy<Value = T> {
    "\\PC{1,40}(\n\\PC{1,20})?".prop_filter_map("valid text", move |text| parse(&text).ok())
}

fn fact() -> impl Strategy<Value = NewFact> {
    (
        prop::sample::select(FactKind::ALL.to_vec()),
        text(FactText::parse),
        any::<bool>(),
        prop::sample::select(vec![
            FactSource::Asked,
            FactSource::Told,
            FactSource::Imported,
            FactSource::Guessed,
        ]),
    )
        .prop_map(|(kind, text, private, source)| NewFact {
            kind,
            text,
            private,
            source,
        })
}

fn identity() -> impl Strategy<Value = NewIdentity> {
    prop_oneof![
        "[a-z][a-z0-9]{0,8}@example\\.(com|org)"
            .prop_map(|email| NewIdentity::email(&email, Source::manual())),
        "\\+38067[0-9]{7}".prop_map(|phone| NewIdentity::phone(&phone, Source::manual())),
        "telegram:[0-9]{5,9}".prop_map(|handle| NewIdentity::parse(
            kith_core::IdentityKind::Handle,
            &handle,
            Source::parse("telegram").unwrap()
        )),
    ]
    .prop_filter_map("a valid identity", Result::ok)
}

fn membership() -> impl Strategy<Value = Membership> {
    (
        prop::sample::select(CIRCLES.to_vec()),
        prop::option::of(prop::sample::select(vec!["manager", "Peer", "report"])),
    )
        .prop_map(|(circle, role)| Membership {
            circle: CircleName::parse(circle).unwrap(),
            role: role.map(|role| Role::parse(role).unwrap()),
        })
}

/// A month of contact: the month's first moment plus offsets, within 27 days.
fn interaction() -> impl Strategy<Value = Interaction> {
    (
        source(),
        any::<bool>(),
        0i64..120,
        0i64..(27 * 86_400),
        0i64..86_400,
        0u32..500,
        0u32..500,
    )
        .prop_map(
            |(source, one_to_one, month, start, length, sent, received)| {
                let month = jiff::civil::date(2016, 1, 1)
                    .checked_add(jiff::Span::new().months(month))
                    .unwrap();
                let month = jiff::tz::Offset::UTC
                    .to_timestamp(month.at(0, 0, 0, 0))
                    .unwrap();
                let first = month + SignedDuration::from_secs(start);
                let last = first + SignedDuration::from_secs(length);
                Interaction::new(source, one_to_one, first, last, sent, received).unwrap()
            },
        )
}

fn new_person() -> impl Strategy<Value = NewPerson> {
    (
        name(),
        source(),
        prop::collection::vec(identity(), 0..3),
        prop::collection::vec(membership(), 0..2),
        prop::collection::vec(fact(), 0..3),
        prop::collection::vec(interaction(), 0..4),
    )
        .prop_map(
            |(name, source, identities, circles, facts, interactions)| NewPerson {
                name,
                source,
                identities,
                circles,
                facts,
                interactions,
            },
        )
}

fn step() -> impl Strategy<Value = Step> {
    let i = || 0usize..64;
    let reason = || text(Reason::parse);
    prop_oneof![
        4 => new_person().prop_map(Step::Add),
        2 => (i(), fact()).prop_map(|(p, f)| Step::Fact(p, f)),
        1 => i().prop_map(Step::Confirm),
        1 => i().prop_map(Step::RemoveFact),
        1 => (i(), text(FollowUpText::parse), 0i64..90).prop_map(|(p, t, d)| Step::FollowUp(p, t, d)),
        1 => i().prop_map(Step::Done),
        1 => (i(), 1i64..30).prop_map(|(f, d)| Step::Snooze(f, d)),
        1 => (i(), prop::option::of(text(Channel::parse))).prop_map(|(p, c)| Step::Reach(p, c)),
        1 => (
            i(),
            prop::sample::select(OutcomeKind::ALL.to_vec()),
            prop::option::of(1i64..400),
            prop::option::of(reason())
        )
            .prop_map(|(p, k, r, w)| Step::Outcome(p, k, r, w)),
        1 => (i(), reason()).prop_map(|(p, r)| Step::Exclude(p, r)),
        1 => i().prop_map(Step::Include),
        2 => (i(), i()).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => i().prop_map(Step::Unmerge),
        1 => i().prop_map(Step::Archive),
        1 => i().prop_map(Step::Restore),
        1 => (i(), prop::sample::select(Language::ALL.to_vec())).prop_map(|(p, l)| Step::Language(p, l)),
        1 => (i(), prop::option::of(prop::sample::select(vec!["1w", "2w", "1m", "3m", "1y"])))
            .prop_map(|(p, c)| Step::Cadence(p, c.map(|c| Duration::parse(c).unwrap()))),
        1 => (i(), source()).prop_map(|(p, s)| Step::Log(p, s)),
        1 => (prop::collection::vec(i(), 1..4), 0i64..30).prop_map(|(p, d)| Step::Queue(p, d)),
        1 => (i(), name()).prop_map(|(p, n)| Step::Rename(p, n)),
        1 => (i(), membership()).prop_map(|(p, m)| Step::Join(p, m)),
        2 => (i(), i(), i()).prop_map(|(a, b, via)| Step::Intro(a, b, via)),
        2 => (
            i(),
            prop::sample::select(IntroOutcome::ALL.to_vec()),
            prop::option::of(reason())
        )
            .prop_map(|(n, k, w)| Step::IntroOutcome(n, k, w)),
        4 => (0..CIRCLES.len(), prop::collection::vec((i(), i()), 1..4))
            .prop_map(|(c, pairs)| Step::Round(c, pairs)),
    ]
}

/// The `i`th item of `list`, counting round: steps pick among whatever exists.
fn pick<T: Copy>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()])
}

/// Runs the steps on a new database, one transaction each; a step the store refuses (a merge
/// of a deleted person, an identity someone has) is skipped, as the user would be told.
fn build(steps: &[Step]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut people = vec![store.me().unwrap().id];
    let mut facts: Vec<FactId> = Vec::new();
    let mut followups: Vec<FollowUpId> = Vec::new();
    let mut intros: Vec<IntroId> = Vec::new();
    let mut now: Timestamp = "2026-01-01T08:00:00Z".parse().unwrap();
    let days = |n: i64| SignedDuration::from_hours(24 * n);
    for step in steps {
        now += SignedDuration::from_mins(517);
        // A round needs its circle. Its pairs are drawn from everyone: members who have since
        // left, been merged or deleted are paired in past rounds too.
        if let Step::Round(c, _) = step {
            match store.circle_members(&CircleName::parse(CIRCLES[*c]).unwrap()) {
                Ok(_) => {}
                Err(Error::NotFound(_)) => continue,
                Err(err) => panic!("{step:?} failed: {err}"),
            }
        }
        let result = store.write(|w| {
            match step {
                Step::Add(new) => people.push(w.add_person(new, now)?),
                Step::Fact(p, new) => {
                    facts.push(w.add_fact(pick(&people, *p).unwrap(), new, now)?.id)
                }
                Step::Confirm(f) => {
                    if let Some(f) = pick(&facts, *f) {
                        w.confirm_fact(f, now)?;
                    }
                }
                Step::RemoveFact(f) => {
                    if let Some(f) = pick(&facts, *f) {
                        w.remove_fact(f)?;
                    }
                }
                Step::FollowUp(p, text, due) => {
                    followups.push(
                        w.add_followup(pick(&people, *p).unwrap(), text, now + days(*due), now)?
                            .id,
                    );
                }
                Step::Done(f) => {
                    if let Some(f) = pick(&followups, *f) {
                        w.complete_followup(f, now)?;
                    }
                }
                Step::Snooze(f, by) => {
                    if let Some(f) = pick(&followups, *f) {
                        w.snooze_followup(f, now + days(*by))?;
                    }
                }
                Step::Reach(p, channel) => {
                    let outreach = Outreach {
                        person: pick(&people, *p).unwrap(),
                        channel: channel.clone(),
                        at: now,
                    };
                    let check = FollowUpText::parse("did they reply?").unwrap();
                    followups.push(w.reach(&outreach, now + days(7), &check)?.id);
                }
                Step::Outcome(p, kind, revisit, why) => w.record_outcome(&Outcome {
                    person: pick(&people, *p).unwrap(),
                    kind: *kind,
                    at: now,
                    revisit: revisit.map(|d| now + days(d)),
                    why: why.clone(),
                })?,
                Step::Exclude(p, why) => w.exclude(pick(&people, *p).unwrap(), why, now)?,
                Step::Include(p) => w.include(pick(&people, *p).unwrap(), now)?,
                Step::Merge(a, b) => {
                    w.merge(pick(&people, *a).unwrap(), pick(&people, *b).unwrap(), now)?
                }
                Step::Unmerge(p) => {
                    w.unmerge(pick(&people, *p).unwrap())?;
                }
                Step::Archive(p) => w.archive(pick(&people, *p).unwrap(), now)?,
                Step::Restore(p) => w.restore(pick(&people, *p).unwrap())?,
                Step::Language(p, language) => {
                    w.set_language(pick(&people, *p).unwrap(), *language)?
                }
                Step::Cadence(p, cadence) => w.set_cadence(pick(&people, *p).unwrap(), *cadence)?,
                Step::Log(p, source) => {
                    w.log_interaction(pick(&people, *p).unwrap(), source, now)?
                }
                Step::Queue(ps, day) => {
                    let queued: Vec<PersonId> =
                        ps.iter().filter_map(|&p| pick(&people, p)).collect();
                    let day = jiff::civil::date(2026, 1, 1) + jiff::Span::new().days(*day);
                    w.note_queued(&queued, &day.to_string())?;
                }
                Step::Rename(p, name) => w.rename(pick(&people, *p).unwrap(), name)?,
                Step::Join(p, membership) => {
                    w.join_circle(pick(&people, *p).unwrap(), membership)?;
                }
                Step::Intro(a, b, via) => intros.push(w.record_intro(
                    pick(&people, *a).unwrap(),
                    pick(&people, *b).unwrap(),
                    pick(&people, *via).unwrap(),
                    now,
                )?),
                Step::IntroOutcome(n, kind, why) => {
                    if let Some(n) = pick(&intros, *n) {
                        w.record_intro_outcome(n, *kind, why.as_ref(), now)?;
                    }
                }
                Step::Round(c, picks) => {
                    let pairs: Vec<(PersonId, PersonId)> = picks
                        .iter()
                        .map(|&(a, b)| (pick(&people, a).unwrap(), pick(&people, b).unwrap()))
                        .filter(|(a, b)| a != b)
                        .collect();
                    if !pairs.is_empty() {
                        w.record_round(&CircleName::parse(CIRCLES[*c]).unwrap(), &pairs, now)?;
                    }
                }
            }
            Ok(())
        });
        match result {
            Ok(()) | Err(Error::Conflict(_) | Error::NotFound(_)) => {}
            Err(err) => panic!("{step:?} failed: {err}"),
        }
    }
    store
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_database_exports_loads_and_exports_again_as_it_was(
        steps in prop::collection::vec(step(), 1..60)
    ) {
        let original = build(&steps);
        let first = export(&original);
        let mut copy = Store::open_in_memory().unwrap();
        copy.load_export(first.as_bytes()).expect("the export loads");
        prop_assert_eq!(&export(&copy), &first);
        prop_assert_eq!(tables(&copy), tables(&original));
    }
}
