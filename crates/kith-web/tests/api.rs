//! The JSON API against a real server and a real database: every endpoint, its shapes (the
//! command line's), and its errors.

mod util;

use kith_core::FactKind;
use rstest::rstest;
use serde_json::json;
use util::{add_fact, add_person, spawn_app, spawn_with};

#[tokio::test]
async fn people_are_listed_in_name_order_a_page_at_a_time_and_by_name() {
    let app = spawn_with(|store| {
        for name in ["Dana", "Ann", "Олена Коваленко", "Bea", "Carl"] {
            add_person(store, name);
        }
    })
    .await;
    let first = app.get("/api/v1/people?limit=2").await;
    assert_eq!(first.status, 200, "{}", first.body);
    let first = first.json();
    let names = |value: &serde_json::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&first), ["Ann", "Bea"]);
    let person = &first[0];
    for field in [
        "id",
        "name",
        "emails",
        "phones",
        "sources",
        "circles",
        "last_interaction",
        "interactions",
        "facts",
    ] {
        assert!(person.get(field).is_some(), "no `{field}` in {person}");
    }
    let after = first[1]["id"].as_i64().unwrap();
    let next = app
        .get(&format!("/api/v1/people?limit=2&after={after}"))
        .await
        .json();
    assert_eq!(names(&next), ["Carl", "Dana"]);
    let found = app.get("/api/v1/people?q=kovalenko").await.json();
    assert_eq!(names(&found), ["Олена Коваленко"]);
}

#[rstest]
#[case::unknown_view("/api/v1/people?show=friends", 400, "unknown view `friends`")]
#[case::bad_duration("/api/v1/people?show=inactive&inactive=soon", 400, "not a duration")]
#[case::limit_zero("/api/v1/people?limit=0", 400, "`limit` must be from 1")]
#[case::limit_not_a_number("/api/v1/people?limit=many", 400, "invalid digit")]
#[case::bad_after("/api/v1/people?after=abc", 400, "`after` must be a person's id")]
#[case::unknown_circle("/api/v1/people?circle=Chess", 404, "there is no circle `Chess`")]
#[case::unknown_person("/api/v1/people/999", 404, "there is no person with id 999")]
#[case::unknown_name("/api/v1/people/zelda", 404, "nobody matches `zelda`")]
#[case::ambiguous_name("/api/v1/people/ann", 409, "matches 2 people")]
#[case::unknown_which("/api/v1/followups?which=soon", 400, "unknown `which` `soon`")]
#[case::count_too_large("/api/v1/reunion?count=1000", 400, "`count` must be at most 100")]
#[case::unknown_endpoint("/api/v1/nothing", 404, "there is nothing at `/api/v1/nothing`")]
#[tokio::test]
async fn bad_reads_are_answered_with_a_status_and_a_message(
    #[case] path: &str,
    #[case] status: u16,
    #[case] message: &str,
) {
    let app = spawn_with(|store| {
        add_person(store, "Ann Lee");
        add_person(store, "Ann Park");
    })
    .await;
    let answer = app.get(path).await;
    assert_eq!(answer.status, status, "{}", answer.body);
    let error = answer.json()["error"].as_str().unwrap().to_owned();
    assert!(error.contains(message), "{error}");
}

#[tokio::test]
async fn a_person_is_shown_whole_by_id_name_or_me() {
    let mut id = None;
    let app = spawn_with(|store| {
        let zoe = add_person(store, "Zoë Adams");
        add_fact(store, zoe, FactKind::Goal, "launch a startup");
        id = Some(zoe);
    })
    .await;
    let id = id.unwrap();
    let by_id = app.get(&format!("/api/v1/people/{id}")).await.json();
    let by_name = app.get("/api/v1/people/zoe").await.json();
    assert_eq!(by_id, by_name);
    assert_eq!(by_id["name"], "Zoë Adams");
    assert_eq!(by_id["facts"][0]["kind"], "goal");
    assert_eq!(by_id["facts"][0]["stale"], false);
    for field in [
        "identities",
        "circles",
        "interactions",
        "followups",
        "outreach",
        "outcomes",
    ] {
        assert!(by_id.get(field).is_some(), "no `{field}`");
    }
    let me = app.get("/api/v1/people/me").await.json();
    assert_eq!(me["me"], true);
}

#[tokio::test]
async fn a_fact_is_added_and_bad_facts_are_refused_with_nothing_written() {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let added = app
        .post_json(
            "/api/v1/people/zoe/facts",
            json!({"kind": "relax", "text": "sailing on weekends", "private": true, "source": "asked"}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let fact = added.json();
    assert_eq!(
        (
            &fact["kind"],
            &fact["text"],
            &fact["private"],
            &fact["source"]
        ),
        (
            &json!("relax"),
            &json!("sailing on weekends"),
            &json!(true),
            &json!("asked")
        )
    );
    assert_eq!(fact["person"]["name"], "Zoë Adams");
    for (body, message) in [
        (
            json!({"kind": "hobby", "text": "chess"}),
            "unknown fact kind `hobby`",
        ),
        (
            json!({"kind": "goal", "text": "   "}),
            "a fact needs some text",
        ),
        (
            json!({"kind": "goal", "text": "x", "source": "rumour"}),
            "unknown fact source",
        ),
        (json!({"text": "no kind"}), "missing field `kind`"),
    ] {
        let refused = app.post_json("/api/v1/people/zoe/facts", body).await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        let error = refused.json()["error"].as_str().unwrap().to_owned();
        assert!(error.contains(message), "{error}");
    }
    let malformed = app
        .post_json_with(
            "/api/v1/people/zoe/facts",
            "{not json".into(),
            Some(&app.csrf),
        )
        .await;
    assert_eq!(malformed.status, 400);
    let zoe = app.get("/api/v1/people/zoe").await.json();
    assert_eq!(
        zoe["facts"].as_array().unwrap().len(),
        1,
        "only the good fact"
    );
}

#[rstest]
#[case::no_token(None)]
#[case::wrong_token(Some("0000"))]
#[tokio::test]
async fn a_write_without_this_servers_token_is_refused(#[case] token: Option<&str>) {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let body = json!({"kind": "goal", "text": "forged"}).to_string();
    let refused = app
        .post_json_with("/api/v1/people/zoe/facts", body, token)
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.json()["error"]
            .as_str()
            .unwrap()
            .contains("X-CSRF-Token")
    );
    let zoe = app.get("/api/v1/people/zoe").await.json();
    assert!(zoe["facts"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn reaching_out_then_an_outcome_is_recorded_with_a_check_back_and_a_draft() {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let reached = app
        .post_json("/api/v1/people/zoe/reach", json!({"channel": "telegram"}))
        .await;
    assert_eq!(reached.status, 201, "{}", reached.body);
    let reached = reached.json();
    assert_eq!(reached["channel"], "telegram");
    assert_eq!(reached["followup"]["text"], "did Zoë Adams reply?");
    assert_eq!(reached["followup"]["due"], "2026-12-03T10:00:00Z");
    let outcome = app
        .post_json(
            "/api/v1/people/zoe/outcome",
            json!({"outcome": "not-now", "why": "new baby"}),
        )
        .await;
    assert_eq!(outcome.status, 201, "{}", outcome.body);
    let outcome = outcome.json();
    assert_eq!(outcome["revisit"], "2027-05-26T10:00:00Z");
    assert!(outcome["draft"].as_str().unwrap().starts_with("Hi Zoë,"));
    for (body, message) in [
        (json!({"outcome": "ghosted"}), "unknown outcome `ghosted`"),
        (
            json!({"outcome": "not-now", "revisit": "2020-01-01"}),
            "in the past",
        ),
    ] {
        let refused = app.post_json("/api/v1/people/zoe/outcome", body).await;
        assert_eq!(refused.status, 400);
        assert!(refused.json()["error"].as_str().unwrap().contains(message));
    }
    let zoe = app.get("/api/v1/people/zoe").await.json();
    assert_eq!(zoe["outreach"][0]["channel"], "telegram");
    assert_eq!(zoe["outcomes"][0]["outcome"], "not-now");
    assert_eq!(zoe["outcomes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn follow_ups_are_added_listed_and_done() {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let added = app
        .post_json(
            "/api/v1/people/zoe/followups",
            json!({"text": "send her the talk", "due": "2w"}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let id = added.json()["id"].as_i64().unwrap();
    let pending = app.get("/api/v1/followups").await.json();
    assert_eq!(pending[0]["text"], "send her the talk");
    assert_eq!(pending[0]["due"], "2026-12-10T10:00:00Z");
    let done = app
        .post_json(&format!("/api/v1/followups/{id}/done"), json!({}))
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["done"], true);
    assert!(
        app.get("/api/v1/followups")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get("/api/v1/followups?which=all").await.json()[0]["done"],
        true
    );
    let unknown = app.post_json("/api/v1/followups/999/done", json!({})).await;
    assert_eq!(unknown.status, 404);
    let past = app
        .post_json(
            "/api/v1/people/zoe/followups",
            json!({"text": "x", "due": "2020-01-01"}),
        )
        .await;
    assert_eq!(past.status, 400);
}

#[tokio::test]
async fn the_reunion_queue_gives_the_same_people_all_day_and_the_funnel_counts_them() {
    let app = spawn_with(|store| {
        for index in 0..10 {
            add_person(store, &format!("Person {index}"));
        }
    })
    .await;
    let queue = app.get("/api/v1/reunion").await.json();
    assert_eq!(queue.as_array().unwrap().len(), 3);
    assert_eq!(queue, app.get("/api/v1/reunion").await.json());
    let first = &queue[0];
    assert!(first["reason"].as_str().unwrap().starts_with("stranger"));
    assert!(first["draft"].as_str().unwrap().starts_with("Hi Person"));
    let stats = app.get("/api/v1/stats").await.json();
    assert_eq!(stats["network_size"], 10);
    assert_eq!(stats["funnel"]["queued"], 3);
    assert_eq!(stats["known_share"], 0.0);
    assert_eq!(stats["followup_rate"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_names_every_endpoint() {
    let app = spawn_app().await;
    let document = app.get("/api/v1/openapi.json").await.json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/people",
        "/api/v1/people/{person}",
        "/api/v1/people/{person}/facts",
        "/api/v1/people/{person}/reach",
        "/api/v1/people/{person}/outcome",
        "/api/v1/people/{person}/followups",
        "/api/v1/followups",
        "/api/v1/followups/{id}/done",
        "/api/v1/reunion",
        "/api/v1/stats",
        "/api/v1/csrf",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let docs = app.get("/api/v1/docs").await;
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("POST /api/v1/people/{person}/facts"));
    assert!(docs.body.contains("shape-FactJson"));
}
