//! Where goals meet, through the real binary: intersections with the user and between two
//! people, intro suggestions that need a goal-level intersection and keep private facts out of
//! the drafts, and `who` answering by meaning. The lexical tier only (no model installed).

mod util;

use serde_json::Value;
use util::Kith;

fn network() -> Kith {
    let kith = Kith::new();
    kith.ok(&["person", "rename", "me", "Marta Lysenko"]);
    for name in [
        "Olena Kovalenko",
        "Taras Bondar",
        "Iryna Melnyk",
        "Petro Shevchuk",
        "Maksym Lysak",
    ] {
        kith.ok(&["person", "add", name]);
    }
    for (person, kind, text) in [
        ("me", "goal", "start my own company"),
        ("Olena", "goal", "launch a startup next year"),
        ("Taras", "offer", "can teach Spanish"),
        ("Iryna", "want", "learn Spanish"),
        ("Iryna", "interest", "hiking in the Carpathians"),
        ("Petro", "interest", "hiking in the Carpathians"),
    ] {
        kith.ok(&["fact", "add", person, kind, text]);
    }
    kith.ok(&[
        "fact",
        "add",
        "Maksym",
        "goal",
        "found a startup of my own",
        "--private",
    ]);
    kith
}

fn kinds(found: &Value) -> Vec<&str> {
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn a_shared_goal_with_the_user_is_found_and_explained_with_both_facts() {
    let kith = network();

    let found = kith.json(&["intersections", "Olena"]);

    assert_eq!(kinds(&found), ["shared_goal"]);
    let x = &found[0];
    assert_eq!(x["a"]["name"], "Marta Lysenko");
    assert_eq!(x["b"]["name"], "Olena Kovalenko");
    let texts: Vec<&str> = x["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["start my own company", "launch a startup next year"]
    );
    let explanation = x["explanation"].as_str().unwrap();
    assert!(
        explanation.contains("“start my own company”"),
        "{explanation}"
    );
    assert!(
        explanation.contains("Olena Kovalenko wrote “launch a startup next year”"),
        "{explanation}"
    );
    let score = x["score"].as_f64().unwrap();
    assert!(score > 0.0 && score <= 1.0, "{score}");

    let shown = kith.json(&["show", "Olena"]);
    assert_eq!(
        shown["intersections"], found,
        "`show` has the intersections with the user"
    );
    assert!(kith.ok(&["show", "Olena"]).contains("Where you meet:"));
    assert_eq!(
        kith.json(&["show", "me"])["intersections"],
        serde_json::json!([])
    );

    let ranked = kith.json(&["intersections"]);
    let people: Vec<&str> = ranked
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["b"]["name"].as_str().unwrap())
        .collect();
    assert!(
        people.contains(&"Olena Kovalenko") && people.contains(&"Maksym Lysak"),
        "{people:?}"
    );
    assert!(
        !people.contains(&"Petro Shevchuk"),
        "nothing meets: {people:?}"
    );
}

#[test]
fn between_two_people_the_helper_is_named_first() {
    let kith = network();

    let found = kith.json(&["intersections", "--between", "Iryna", "Taras"]);

    assert_eq!(kinds(&found), ["learn_from"]);
    let explanation = found[0]["explanation"].as_str().unwrap();
    assert!(
        explanation.starts_with("Taras Bondar can help Iryna Melnyk"),
        "{explanation}"
    );
}

#[test]
fn intros_need_a_goal_level_intersection_and_never_quote_a_private_fact() {
    let kith = network();

    let suggested = kith.json(&["intros", "suggest"]);

    let pairs: Vec<(String, String)> = suggested
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut pair = [
                s["a"]["name"].as_str().unwrap(),
                s["b"]["name"].as_str().unwrap(),
            ];
            pair.sort_unstable();
            (pair[0].to_owned(), pair[1].to_owned())
        })
        .collect();
    assert!(
        pairs.contains(&("Iryna Melnyk".into(), "Taras Bondar".into())),
        "{pairs:?}"
    );
    assert!(
        !pairs.contains(&("Iryna Melnyk".into(), "Petro Shevchuk".into())),
        "hiking alone is an intro that leads nowhere: {pairs:?}"
    );
    // Maksym's goal was told in confidence: his own draft may remind him of it, the other
    // side's never mentions it.
    let maksym = suggested
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["a"]["name"] == "Maksym Lysak" || s["b"]["name"] == "Maksym Lysak")
        .expect("a private goal still takes part in matching");
    let other = if maksym["a"]["name"] == "Maksym Lysak" {
        "b"
    } else {
        "a"
    };
    let draft = maksym["drafts"][other].as_str().unwrap();
    assert!(
        !draft.contains("found a startup of my own"),
        "private: {draft}"
    );
    let spanish = suggested
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["drafts"]["a"].as_str().unwrap().contains("Spanish"))
        .expect("the Spanish intro has drafts that say why");
    assert!(
        spanish["drafts"]["a"]
            .as_str()
            .unwrap()
            .contains("Marta Lysenko"),
        "signed"
    );
}

#[test]
fn who_answers_by_meaning_with_the_fact_that_answers() {
    let kith = network();

    let answers = kith.json(&["who", "teaches Spanish"]);

    let first = &answers[0];
    assert_eq!(first["person"]["name"], "Taras Bondar");
    assert_eq!(first["fact"]["text"], "can teach Spanish");
    let human = kith.ok(&["who", "learning to sail"]);
    assert!(human.contains("Nobody you know"), "{human}");
    // A script the lexicon does not cover is an answer, not an error.
    assert_eq!(kith.json(&["who", "学习航海"]), serde_json::json!([]));
    let empty = kith.fails(&["who", "  "], 3);
    assert!(empty.contains("ask a question"), "{empty}");
}

#[test]
fn without_facts_kith_says_what_would_help_and_two_people_must_differ() {
    let kith = Kith::new();
    kith.ok(&["person", "add", "Olena Kovalenko"]);

    let said = kith.ok(&["intersections", "Olena"]);
    assert!(said.contains("`kith learn"), "{said}");
    assert!(
        said.contains("kith model status"),
        "points to the semantic tier: {said}"
    );
    let same = kith.fails(&["intersections", "--between", "Olena", "Olena"], 3);
    assert!(same.contains("two different people"), "{same}");
}

#[test]
fn stats_count_intersections_as_they_are_discovered_week_by_week() {
    let kith = network();
    let listed = kith.json(&["intersections", "--limit", "1000"]);
    let stats = kith.json(&["stats"]);
    assert_eq!(stats["intersections"], listed.as_array().unwrap().len());
    let before = stats["intersections"].as_u64().unwrap();
    assert!(
        before >= 2,
        "Olena and Maksym share the user's goal: {before}"
    );

    // A week later the user learns Taras wants to start a company too, and reintroduces Olena.
    let later = ["--now", "2026-12-03T10:00:00Z"];
    kith.ok(&[
        later[0],
        later[1],
        "fact",
        "add",
        "Taras",
        "plan",
        "starting a company in spring",
    ]);
    kith.ok(&[later[0], later[1], "outcome", "Olena", "reintroduced"]);
    let after = kith.json(&[later[0], later[1], "stats"]);
    assert_eq!(
        after["intersections"],
        before + 1,
        "the kept count follows new facts"
    );
    assert_eq!(after["funnel"]["intersection_found"], 1);

    let weeks = kith.json(&[later[0], later[1], "stats", "--weekly"]);
    let counts: Vec<u64> = weeks
        .as_array()
        .unwrap()
        .iter()
        .map(|week| week["intersections"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [before, before + 1], "discovered over time");
}

#[test]
fn pairing_rounds_favour_shared_ground_and_do_not_repeat_pairs() {
    let kith = Kith::new();
    for (name, kind, text) in [
        ("Olena Kovalenko", "goal", "launch a startup"),
        ("Taras Bondar", "goal", "start my own company"),
        ("Iryna Melnyk", "interest", "hiking in the mountains"),
        ("Petro Shevchuk", "relax", "hiking with friends"),
        ("Maksym Lysak", "interest", "chess"),
    ] {
        kith.ok(&["person", "add", name, "--circle", "Work"]);
        kith.ok(&["fact", "add", name, kind, text]);
    }
    let pairs = |round: &Value| -> Vec<Vec<String>> {
        round["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|group| {
                let mut names: Vec<String> = group["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["name"].as_str().unwrap().to_owned())
                    .collect();
                names.sort();
                names
            })
            .collect()
    };

    let preview = kith.json(&["pairs", "work", "--dry-run"]);
    assert_eq!(preview["recorded"], false);
    let first = kith.json(&["pairs", "work"]);
    assert_eq!(first["round"], 1);
    assert_eq!(
        pairs(&first),
        pairs(&preview),
        "a dry run shows the round it would record"
    );
    let groups = pairs(&first);
    assert_eq!(
        groups.iter().map(Vec::len).sum::<usize>(),
        5,
        "everyone, once"
    );
    assert!(groups.iter().any(|g| g.len() == 3), "five people: one trio");
    assert!(
        groups
            .iter()
            .any(|g| g.contains(&"Olena Kovalenko".to_owned())
                && g.contains(&"Taras Bondar".to_owned())),
        "the two founders meet first: {groups:?}"
    );

    let second = kith.json(&["--now", "2026-12-03T10:00:00Z", "pairs", "work"]);
    assert_eq!(second["round"], 2);
    let met: Vec<(String, String)> = groups
        .iter()
        .flat_map(|g| {
            g.iter()
                .enumerate()
                .flat_map(move |(i, a)| g[i + 1..].iter().map(move |b| (a.clone(), b.clone())))
        })
        .collect();
    for group in pairs(&second) {
        if group.len() == 2 {
            assert!(
                !met.contains(&(group[0].clone(), group[1].clone())),
                "{group:?} met in round 1"
            );
        }
    }

    let lonely = kith.fails(&["pairs", "nowhere"], 4);
    assert!(lonely.contains("no circle"), "{lonely}");
}
