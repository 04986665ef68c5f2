//! The Settings page against a real server: templates and the question bank are checked,
//! saved where `kith` reads them and used from the next request on; bad ones are refused
//! with what was wrong and nothing saved.

mod util;

use std::path::{Path, PathBuf};

use rstest::rstest;
use util::{TestApp, add_person, spawn_app, spawn_configured};

/// A server whose config folder is a temporary one, with one person to draft to.
async fn configured() -> (TestApp, tempfile::TempDir, i64) {
    let config = tempfile::tempdir().unwrap();
    let folder = config.path().to_owned();
    let mut zoe = None;
    let app = spawn_configured(
        |store| zoe = Some(add_person(store, "Zoë Adams")),
        |settings| settings.config_dir = Some(folder),
    )
    .await;
    (app, config, zoe.unwrap().0)
}

fn file(config: &Path, relative: &str) -> PathBuf {
    config.join(relative)
}

#[tokio::test]
async fn a_saved_template_is_written_where_kith_reads_it_and_drafts_use_it() {
    let (app, config, _) = configured().await;
    let page = app.get("/settings").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("I have to admit I don&#39;t remember"),
        "the built-in text is shown"
    );
    assert!(
        page.body.contains("<td>close</td><td>1m</td>"),
        "the cadences are shown"
    );
    assert!(page.body.contains("<dt>check back after</dt><dd>7d</dd>"));

    let text = "Hey {first_name}!\r\nLong time. {questions}";
    let saved = app
        .post_form("/settings/templates/en/forgotten", &[("text", text)])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let written =
        std::fs::read_to_string(file(config.path(), "templates/en/forgotten.txt")).unwrap();
    assert_eq!(written, "Hey {first_name}!\nLong time. {questions}\n");
    let today = app.get("/").await.body;
    assert!(today.contains("Hey Zoë!"), "{today}");
    assert!(
        app.get("/settings")
            .await
            .body
            .contains("<span class=\"tag\">yours</span>")
    );

    let reset = app
        .post_form("/settings/templates/en/forgotten", &[("reset", "yes")])
        .await;
    assert_eq!(reset.status, 303);
    assert!(!file(config.path(), "templates/en/forgotten.txt").exists());
    assert!(!app.get("/").await.body.contains("Hey Zoë!"));
}

#[rstest]
#[case::an_unknown_variable(
    "/settings/templates/en/remembered",
    "Hi {nickname}",
    400,
    "{nickname}"
)]
#[case::an_unclosed_variable(
    "/settings/templates/uk/not-now",
    "Привіт {first_name",
    400,
    "not saved"
)]
#[case::an_unknown_language("/settings/templates/de/remembered", "Hallo", 400, "`de`")]
#[case::an_unknown_kind("/settings/templates/en/birthday", "Happy birthday", 404, "`birthday`")]
#[case::a_question_without_a_kind(
    "/settings/questions",
    "origin: Where from?\nWhat now?",
    400,
    "line 2"
)]
#[case::a_question_of_an_unknown_kind(
    "/settings/questions",
    "hobby: What do you do?",
    400,
    "line 1"
)]
#[case::no_questions("/settings/questions", "# nothing\n", 400, "no questions")]
#[tokio::test]
async fn a_bad_template_or_question_bank_is_refused_and_nothing_saved(
    #[case] path: &str,
    #[case] text: &str,
    #[case] status: u16,
    #[case] message: &str,
) {
    let (app, config, _) = configured().await;
    let answer = app.post_form(path, &[("text", text)]).await;
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(answer.body.contains(message), "{}", answer.body);
    let saved = walk(config.path());
    assert!(saved.is_empty(), "nothing is saved: {saved:?}");
}

fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn a_saved_question_bank_is_asked_on_every_persons_page() {
    let (app, config, zoe) = configured().await;
    let bank = "# mine\r\nrelax: What do they do on Sundays?\r\ngoal: What keeps them up at night?";
    let saved = app
        .post_form("/settings/questions", &[("text", bank)])
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let written = std::fs::read_to_string(file(config.path(), "questions.txt")).unwrap();
    assert!(written.starts_with("# mine\nrelax:"), "{written}");
    let person = app.get(&format!("/people/{zoe}")).await.body;
    assert!(person.contains("What do they do on Sundays?"));
    assert!(!person.contains("How do they relax?"));
    // The answers are read against the new bank: question 1 is now a goal.
    let answered = app
        .post_form(
            &format!("/people/{zoe}/answers"),
            &[("answer-1", "a quiet life")],
        )
        .await;
    assert_eq!(answered.status, 303);
    let detail = app.get(&format!("/api/v1/people/{zoe}")).await.json();
    assert_eq!(detail["facts"][0]["kind"], "goal");

    let reset = app
        .post_form("/settings/questions", &[("reset", "yes")])
        .await;
    assert_eq!(reset.status, 303);
    assert!(
        app.get(&format!("/people/{zoe}"))
            .await
            .body
            .contains("How do they relax?")
    );
}

#[tokio::test]
async fn markup_in_a_template_is_shown_as_text() {
    let (app, _config, _) = configured().await;
    let text = "</textarea><script>alert(1)</script> {first_name}";
    app.post_form("/settings/templates/en/forgotten", &[("text", text)])
        .await;
    let page = app.get("/settings").await.body;
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(
        page.contains("&#60;/textarea&#62;&#60;script&#62;"),
        "{page}"
    );
}

#[tokio::test]
async fn without_a_config_folder_settings_are_shown_but_not_saved() {
    let app = spawn_app().await;
    let page = app.get("/settings").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("cannot be saved"));
    let answer = app
        .post_form("/settings/questions", &[("text", "relax: How?")])
        .await;
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("config folder"));
}
