//! The pages in a real headless Chromium, as a person uses them: Today's queue, reaching out
//! and recording what came of it, adding a fact, the charts of Stats. Every page is saved as a
//! screenshot under `target/screenshots/`, at desktop and phone width, to be looked at; and
//! no page may scroll sideways on a phone.
//!
//! Without Chromium these tests are skipped with a loud notice, except in CI.

mod util;

use kith_core::FactKind;
use util::browser::{Browser, DESKTOP, PHONE};
use util::{TestApp, add_fact, add_person, spawn_with};

/// Screenshots the page at desktop and phone width, and checks that it fits a phone.
fn look_at(browser: &Browser, name: &str) {
    browser.resize(DESKTOP);
    browser.screenshot(&format!("{name}-desktop"));
    browser.resize(PHONE);
    let (page, window) = browser.widths();
    assert!(
        page <= window,
        "{name} is {page}px wide on a {window}px phone: it scrolls sideways"
    );
    browser.screenshot(&format!("{name}-phone"));
    browser.resize(DESKTOP);
}

async fn network() -> TestApp {
    spawn_with(|store| {
        for name in [
            "Zoë Adams",
            "Олена Коваленко",
            "Bartholomew Featherstonehaugh-Whittington",
            "Dan Brown",
        ] {
            add_person(store, name);
        }
        let carl = add_person(store, "Carl Jung");
        add_fact(store, carl, FactKind::Origin, "met at RustConf 2023");
        add_fact(store, carl, FactKind::Goal, "launch a startup");
    })
    .await
}

fn url(app: &TestApp, path: &str) -> String {
    format!("http://{}{path}", app.address)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_reached_from_today_and_the_outcome_recorded_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let app = network().await;
    browser.goto(&url(&app, "/"));
    let suggestions = browser.find_all("article.suggestion");
    assert_eq!(suggestions.len(), 3, "three people to reconnect with");
    let draft = browser.find("textarea.draft");
    assert!(browser.size(&draft).1 > 100.0, "the draft is readable");
    // kith.js reveals the copy buttons; without it they stay hidden.
    let copy = browser.find("button[data-copy]");
    assert!(browser.size(&copy).0 > 0.0, "the copy button is shown");
    look_at(&browser, "today");

    let first = browser.find("article.suggestion h3 a");
    let name = browser.text(&first);
    browser.click(&first);
    browser.wait_for_text("Reaching out");
    assert!(browser.url().contains("/people/"), "{}", browser.url());
    let channel = browser.find("#history input[name=channel]");
    browser.type_into(&channel, "telegram");
    browser.click(&browser.find("#history form.inline button[type=submit]"));
    browser.wait_for_text("on telegram");
    browser.wait_for_text(&format!("did {name} reply?"));

    browser.click(&browser.find("#history details summary"));
    browser.click(&browser.find("#history select[name=outcome] option[value=not-now]"));
    browser.type_into(&browser.find("#history input[name=why]"), "moving house");
    browser.click(&browser.find("#history form.stack button[type=submit]"));
    let page = browser.wait_for_text("not-now on 2026-11-26 (moving house)");
    assert!(page.contains("back in the queue on 2027-05-26"), "{page}");
    assert!(page.contains("A reply that keeps the door open"));
    look_at(&browser, "person");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fact_typed_into_the_form_is_shown_as_text_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let app = network().await;
    browser.goto(&url(&app, "/people"));
    look_at(&browser, "people");
    browser.click(&browser.find("a[href='/people/2']"));
    browser.wait_for_text("You know nothing about");
    // The form is open while nothing is known.
    browser.click(&browser.find("#facts select[name=kind] option[value=goal]"));
    let text = "<b>sail</b> across the Atlantic";
    browser.type_into(&browser.find("#facts textarea[name=text]"), text);
    browser.click(&browser.find("#facts input[name=private]"));
    browser.click(&browser.find("#facts form.stack button[type=submit]"));
    let page = browser.wait_for_text("across the Atlantic");
    assert!(page.contains(text), "the markup is shown as typed: {page}");
    assert!(page.contains("private"));
    assert!(browser.find_all("#facts dd b").is_empty(), "no markup ran");
    look_at(&browser, "person-with-facts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_draw_their_charts_in_a_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let app = network().await;
    browser.goto(&url(&app, "/stats"));
    for chart in ["#chart-known", "#chart-funnel", "#chart-time"] {
        let (width, height) = browser.size(&browser.find(chart));
        assert!(
            width > 100.0 && height > 10.0,
            "{chart} is drawn {width}×{height}"
        );
        let shapes = browser.find_all(&format!("{chart} rect, {chart} polyline"));
        let drawn = shapes
            .iter()
            .filter(|shape| browser.size(shape).0 > 0.0)
            .count();
        assert!(drawn > 0, "{chart} draws something");
    }
    look_at(&browser, "stats");
    browser.goto(&url(&app, "/settings"));
    browser.click(&browser.find("#template-en-remembered summary"));
    look_at(&browser, "settings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_uploaded_in_a_browser_is_imported_and_summarised() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let app = network().await;
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kith-import/tests/data/vcard/apple_google_v30.vcf")
        .canonicalize()
        .unwrap();
    browser.goto(&url(&app, "/import"));
    look_at(&browser, "import");
    browser.type_into(&browser.find("input[type=file]"), export.to_str().unwrap());
    browser.click(&browser.find("form button[type=submit]"));
    let summary = browser.wait_for_text("Imported apple_google_v30.vcf");
    assert!(summary.contains("2 people added"), "{summary}");
    look_at(&browser, "import-done");
    browser.click(&browser.find("a[href='/people']"));
    browser.wait_for_text("Ines Ødegård");
}
