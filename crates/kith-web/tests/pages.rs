//! The pages against a real server and a real database: what they show, the forms that
//! change things (post, then redirect back), the errors, and that nothing a user typed can
//! run as script.

mod util;

use kith_core::FactKind;
use rstest::rstest;
use util::{add_fact, add_person, spawn_app, spawn_with};

/// The parts of a page no user text should ever produce.
fn assert_inert(body: &str, raw: &str) {
    assert!(!body.contains(raw), "`{raw}` is in the page as markup");
    let scripts = body.matches("<script").count();
    let sourced = body.matches("<script src=\"/assets/").count();
    assert_eq!(
        scripts, sourced,
        "a script that is not one of kith's own files"
    );
    assert!(!body.contains(" style="), "an inline style");
}

#[tokio::test]
async fn today_shows_the_queue_with_drafts_and_forms_and_asks_for_my_goals() {
    let app = spawn_with(|store| {
        for index in 0..5 {
            add_person(store, &format!("Person {index}"));
        }
    })
    .await;
    let today = app.get("/").await;
    assert_eq!(today.status, 200);
    assert_eq!(today.body.matches("class=\"card suggestion\"").count(), 3);
    assert!(today.body.contains("Hi Person"), "drafts are shown");
    assert!(
        today.body.contains("data-copy=\"draft-"),
        "a copy button per draft"
    );
    assert!(
        today
            .body
            .contains(&format!("name=\"csrf\" value=\"{}\"", app.csrf))
    );
    assert!(today.body.contains("Tell kith your own goals"));
    let me = app
        .post_form(
            "/people/me/facts",
            &[("kind", "goal"), ("text", "write a book")],
        )
        .await;
    assert_eq!(me.status, 303, "{}", me.body);
    assert!(!app.get("/").await.body.contains("Tell kith your own goals"));
}

#[tokio::test]
async fn reaching_out_from_today_records_it_and_the_check_back_comes_due() {
    let mut zoe = None;
    let app = spawn_with(|store| {
        zoe = Some(add_person(store, "Zoë Adams"));
    })
    .await;
    let zoe = zoe.unwrap();
    let reached = app
        .post_form(
            &format!("/people/{zoe}/reach"),
            &[("channel", "email"), ("back", "/")],
        )
        .await;
    assert_eq!(reached.status, 303);
    assert_eq!(reached.header("location"), "/");
    let person = app.get(&format!("/people/{zoe}")).await.body;
    assert!(
        person.contains("Reached out 2026-11-26 on email"),
        "{person}"
    );
    assert!(person.contains("did Zoë Adams reply?"));
    let recorded = app
        .post_form(
            &format!("/people/{zoe}/outcome"),
            &[("outcome", "not-now"), ("why", "busy"), ("revisit", "")],
        )
        .await;
    assert_eq!(recorded.status, 303);
    let person = app.get(&format!("/people/{zoe}")).await.body;
    assert!(person.contains("not-now on 2026-11-26 (busy)"), "{person}");
    assert!(person.contains("back in the queue on 2027-05-26"));
    assert!(person.contains("A reply that keeps the door open"));
}

#[tokio::test]
async fn the_question_bank_form_records_each_answer_as_an_asked_fact() {
    let mut zoe = None;
    let app = spawn_with(|store| {
        zoe = Some(add_person(store, "Zoë Adams"));
    })
    .await;
    let zoe = zoe.unwrap();
    let page = app.get(&format!("/people/{zoe}")).await.body;
    assert!(page.contains("How do they relax?"));
    // The built-in bank: 0 origin, 1 time, 2 relax.
    let answered = app
        .post_form(
            &format!("/people/{zoe}/answers"),
            &[
                ("answer-0", "RustConf 2023"),
                ("answer-1", ""),
                ("answer-2", "sailing"),
            ],
        )
        .await;
    assert_eq!(answered.status, 303, "{}", answered.body);
    let detail = app.get(&format!("/api/v1/people/{zoe}")).await.json();
    let facts: Vec<(String, String, String)> = detail["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap().to_owned();
            (text("kind"), text("text"), text("source"))
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("origin".into(), "RustConf 2023".into(), "asked".into()),
            ("relax".into(), "sailing".into(), "asked".into())
        ]
    );
    let bad = app
        .post_form(&format!("/people/{zoe}/answers"), &[("answer-99", "x")])
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn people_are_paged_fifty_at_a_time_and_found_by_name() {
    let app = spawn_with(|store| {
        for index in 0..120 {
            add_person(store, &format!("Person {index:03}"));
        }
    })
    .await;
    let first = app.get("/people").await.body;
    assert_eq!(first.matches("<tr><td><a href=\"/people/").count(), 50);
    assert!(first.contains(">Person 000<") && first.contains(">Person 049<"));
    let next = first
        .split("href=\"/people?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a next page link")
        .replace("&amp;", "&");
    let second = app.get(&format!("/people?{next}")).await.body;
    assert!(second.contains(">Person 050<") && !second.contains(">Person 049<"));
    let narrowed = app.get("/people?q=person+1&after=2").await.body;
    assert!(
        narrowed.contains("href=\"/people?q=person%201\">First page"),
        "the first page keeps the search"
    );
    let found = app.get("/people?q=person+117").await.body;
    assert_eq!(found.matches("<tr><td>").count(), 1);
    let strangers = app.get("/people?show=strangers").await;
    assert_eq!(strangers.status, 200);
}

#[tokio::test]
async fn stats_draw_their_charts_on_the_server() {
    let app = spawn_with(|store| {
        let zoe = add_person(store, "Zoë Adams");
        add_fact(store, zoe, FactKind::Origin, "RustConf");
        add_person(store, "Ann Lee");
    })
    .await;
    let stats = app.get("/stats").await.body;
    for chart in ["chart-known", "chart-funnel", "chart-time"] {
        assert!(
            stats.contains(&format!(" id=\"{chart}\" viewBox=")),
            "{chart}"
        );
    }
    assert!(stats.contains("1 of 2 people"));
    assert!(
        stats.contains("width=\"300\""),
        "half the known bar is drawn"
    );
}

#[tokio::test]
async fn names_and_facts_holding_markup_are_shown_as_text() {
    let mut id = None;
    let app = spawn_with(|store| {
        let evil = add_person(store, "<script>alert(1)</script>");
        add_fact(store, evil, FactKind::Note, "<img src=x onerror=alert(2)>");
        id = Some(evil);
    })
    .await;
    let id = id.unwrap();
    let added = app
        .post_form(
            &format!("/people/{id}/followups"),
            &[("text", "\"><script>alert(3)</script>"), ("due", "1w")],
        )
        .await;
    assert_eq!(added.status, 303);
    for path in [
        format!("/people/{id}"),
        "/people".to_owned(),
        "/".to_owned(),
        "/people?q=%3Cscript%3E".to_owned(),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_inert(&page.body, "<script>alert(");
        assert_inert(&page.body, "<img src=x");
    }
    let person = app.get(&format!("/people/{id}")).await.body;
    assert!(
        person.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{person}"
    );
    assert!(person.contains("&#60;img src=x onerror=alert(2)&#62;"));
    let missing = app.get("/people/%3Cscript%3Ealert(4)%3C%2Fscript%3E").await;
    assert_eq!(missing.status, 404);
    assert_inert(&missing.body, "<script>alert(4)");
}

#[rstest]
#[case::missing_field("/people/zoe/facts", &[("kind", "goal")], 400, "missing field `text`")]
#[case::unknown_kind("/people/zoe/facts", &[("kind", "hobby"), ("text", "chess")], 400, "unknown fact kind")]
#[case::unknown_person("/people/99/facts", &[("kind", "goal"), ("text", "x")], 404, "there is no person with id 99")]
#[case::bad_due("/people/zoe/followups", &[("text", "x"), ("due", "someday")], 400, "is not a due date")]
#[case::bad_cadence("/people/zoe/cadence", &[("cadence", "often")], 400, "is not a cadence")]
#[case::unknown_fact("/facts/99/confirm", &[], 404, "")]
#[case::unknown_followup("/followups/abc/done", &[], 404, "there is no follow-up `abc`")]
#[tokio::test]
async fn a_bad_form_gets_a_page_that_says_what_was_wrong(
    #[case] path: &str,
    #[case] fields: &[(&str, &str)],
    #[case] status: u16,
    #[case] message: &str,
) {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let answer = app.post_form(path, fields).await;
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(answer.header("content-type").starts_with("text/html"));
    assert!(answer.body.contains(message), "{}", answer.body);
    assert!(!answer.body.contains("panicked") && !answer.body.contains("src/"));
}

#[rstest]
#[case::no_token(&[("kind", "goal"), ("text", "forged")])]
#[case::wrong_token(&[("csrf", "00"), ("kind", "goal"), ("text", "forged")])]
#[tokio::test]
async fn a_form_without_this_servers_token_is_refused(#[case] fields: &[(&str, &str)]) {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let refused = app.post_form_raw("/people/zoe/facts", fields).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("reload the page"));
    let zoe = app.get("/api/v1/people/zoe").await.json();
    assert!(zoe["facts"].as_array().unwrap().is_empty());
}

#[rstest]
#[case::from_another_site("http://evil.example", true, 403)]
#[case::from_a_page_that_hides_its_origin_without_the_token("null", false, 403)]
// A browser sends `null` for a plain form post under some privacy settings: the token decides.
#[case::from_a_page_that_hides_its_origin_with_the_token("null", true, 303)]
#[tokio::test]
async fn a_post_is_judged_by_its_origin_and_token(
    #[case] origin: &str,
    #[case] with_token: bool,
    #[case] status: u16,
) {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let token = if with_token { app.csrf.as_str() } else { "" };
    let body = format!("csrf={token}&kind=goal&text=forged");
    let request = app
        .request("POST", "/people/zoe/facts")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", origin)
        .body(body.into())
        .unwrap();
    assert_eq!(app.send(request).await.status, status);
}

#[tokio::test]
async fn a_request_for_another_host_name_is_refused_against_dns_rebinding() {
    let app = spawn_app().await;
    let request = hyper::Request::builder()
        .uri(format!("http://{}/people/me", app.address))
        .header("host", "evil.example:7777")
        .body(Default::default())
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, 421);
    assert!(answer.body.contains("addressed to it by its own address"));
}

#[tokio::test]
async fn every_answer_carries_a_strict_content_security_policy() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/people",
        "/people/me",
        "/stats",
        "/nowhere",
        "/api/v1/stats",
    ] {
        let answer = app.get(path).await;
        let csp = answer.header("content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe"),
            "{path}"
        );
        assert_eq!(answer.header("x-frame-options"), "DENY");
        assert_inert(&answer.body, "<script>");
    }
    let missing = app.get("/nowhere").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("there is nothing at `/nowhere`"));
}

#[rstest]
#[case::style("/assets/style.css", "text/css")]
#[case::htmx("/assets/htmx.min.js", "text/javascript")]
#[case::own_script("/assets/kith.js", "text/javascript")]
#[tokio::test]
async fn assets_are_served_from_the_binary(#[case] path: &str, #[case] media_type: &str) {
    let app = spawn_app().await;
    let answer = app.get(path).await;
    assert_eq!(answer.status, 200);
    assert!(answer.header("content-type").starts_with(media_type));
    assert!(!answer.body.is_empty());
    assert_eq!(app.get("/assets/secrets.txt").await.status, 404);
}

#[tokio::test]
async fn today_shows_a_change_made_by_another_kith_process_at_once() {
    let mut ids = Vec::new();
    let app = spawn_with(|store| {
        for name in ["Ann Lee", "Bea Ode"] {
            ids.push(add_person(store, name));
        }
    })
    .await;
    let first = app.get("/").await.body;
    assert!(first.contains("Ann Lee") && first.contains("Bea Ode"));
    assert_eq!(app.get("/").await.body, first, "the same queue all day");
    // `kith exclude ann "…"`, run beside the server, writes through a connection of its own.
    let mut cli = kith_store::Store::open(&app.db).unwrap();
    let why = kith_core::Reason::parse("moved away").unwrap();
    cli.write(|w| w.exclude(ids[0], &why, util::now())).unwrap();
    let after = app.get("/").await.body;
    assert!(!after.contains("Ann Lee"), "{after}");
    assert!(after.contains("Bea Ode"));
}
