//! The Person page's forms that manage someone, against a real server and database: logging
//! a contact, never suggesting them, the language of drafts, delete and restore, merge and
//! unmerge — each as the matching command does it, and each undoable.

mod util;

use rstest::rstest;
use util::{TestApp, add_person, spawn_with};

async fn two_people() -> (TestApp, i64, i64) {
    let mut ids = Vec::new();
    let app = spawn_with(|store| {
        ids.push(add_person(store, "Zoë Adams").0);
        ids.push(add_person(store, "Zoe Adams").0);
    })
    .await;
    (app, ids[0], ids[1])
}

/// The names listed, in byte order.
async fn listed(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = app
        .get("/api/v1/people")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_contact_logged_on_the_page_is_counted_under_its_channel_with_the_note_kept() {
    let (app, zoe, _) = two_people().await;
    let logged = app
        .post_form(
            &format!("/people/{zoe}/log"),
            &[("channel", "In person"), ("note", "moving to Lisbon")],
        )
        .await;
    assert_eq!(logged.status, 303, "{}", logged.body);
    let page = app.get(&format!("/people/{zoe}")).await.body;
    assert!(page.contains("<td>in-person</td>"), "{page}");
    assert!(page.contains("moving to Lisbon"));
    assert!(page.contains("1 times, first 2026-11-26"), "{page}");
}

#[rstest]
#[case::a_channel_that_cannot_name_a_source(&[("channel", "телефон")], "cannot name where a contact is counted")]
#[case::a_channel_of_two_lines(&[("channel", "call\nnow")], "")]
#[tokio::test]
async fn a_bad_log_is_refused_with_nothing_written(
    #[case] fields: &[(&str, &str)],
    #[case] message: &str,
) {
    let (app, zoe, _) = two_people().await;
    let answer = app.post_form(&format!("/people/{zoe}/log"), fields).await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(answer.body.contains(message), "{}", answer.body);
    assert!(
        app.get(&format!("/people/{zoe}"))
            .await
            .body
            .contains("<dt>talked</dt><dd>never</dd>")
    );
}

#[tokio::test]
async fn someone_never_suggested_leaves_the_queue_until_included_again() {
    let (app, zoe, _) = two_people().await;
    let empty = app
        .post_form(&format!("/people/{zoe}/exclude"), &[("why", " ")])
        .await;
    assert_eq!(empty.status, 400, "a reason is needed");
    let excluded = app
        .post_form(
            &format!("/people/{zoe}/exclude"),
            &[("why", "ex-colleague, awkward")],
        )
        .await;
    assert_eq!(excluded.status, 303);
    let page = app.get(&format!("/people/{zoe}")).await.body;
    assert!(page.contains("Never suggested: ex-colleague, awkward"));
    assert!(
        !app.get("/")
            .await
            .body
            .contains(&format!("/people/{zoe}\""))
    );
    let included = app.post_form(&format!("/people/{zoe}/include"), &[]).await;
    assert_eq!(included.status, 303);
    assert!(
        !app.get(&format!("/people/{zoe}"))
            .await
            .body
            .contains("Never suggested:")
    );
    assert!(
        app.get("/")
            .await
            .body
            .contains(&format!("/people/{zoe}\""))
    );
}

#[tokio::test]
async fn drafts_follow_the_language_set_on_the_page() {
    let (app, zoe, _) = two_people().await;
    let page = app.get(&format!("/people/{zoe}")).await.body;
    assert!(page.contains("<dd>en <span class=\"muted\">(guessed from the name)</span>"));
    let bad = app
        .post_form(&format!("/people/{zoe}/language"), &[("language", "de")])
        .await;
    assert_eq!(bad.status, 400);
    let set = app
        .post_form(&format!("/people/{zoe}/language"), &[("language", "uk")])
        .await;
    assert_eq!(set.status, 303);
    assert!(
        app.get(&format!("/people/{zoe}"))
            .await
            .body
            .contains("<dd>uk</dd>")
    );
    assert!(
        app.get("/").await.body.contains("познайомитися заново"),
        "Today drafts in Ukrainian"
    );
}

#[tokio::test]
async fn a_deleted_person_is_hidden_and_restored_from_their_page() {
    let (app, zoe, _) = two_people().await;
    let deleted = app.post_form(&format!("/people/{zoe}/delete"), &[]).await;
    assert_eq!(deleted.status, 303);
    assert_eq!(listed(&app).await, ["Zoe Adams"]);
    let page = app.get(&format!("/people/{zoe}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Deleted on 2026-11-26"));
    assert!(page.body.contains(&format!("/people/{zoe}/restore")));
    let restored = app.post_form(&format!("/people/{zoe}/restore"), &[]).await;
    assert_eq!(restored.status, 303);
    assert_eq!(listed(&app).await, ["Zoe Adams", "Zoë Adams"]);
}

#[tokio::test]
async fn merging_on_the_page_keeps_a_backup_and_unmerge_undoes_it() {
    let (app, zoe, other) = two_people().await;
    let unknown = app
        .post_form(
            &format!("/people/{zoe}/merge"),
            &[("other", "Nobody Known")],
        )
        .await;
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    let merged = app
        .post_form(
            &format!("/people/{zoe}/merge"),
            &[("other", &other.to_string())],
        )
        .await;
    assert_eq!(merged.status, 303, "{}", merged.body);
    assert_eq!(listed(&app).await, ["Zoë Adams"]);
    let page = app.get(&format!("/people/{zoe}")).await.body;
    assert!(page.contains(&format!("/people/{other}/unmerge")), "{page}");
    let backups = app.db.with_extension("db.backups");
    assert!(
        std::fs::read_dir(&backups).unwrap().count() > 0,
        "a backup is kept in {}",
        backups.display()
    );
    let unmerged = app
        .post_form(&format!("/people/{other}/unmerge"), &[])
        .await;
    assert_eq!(unmerged.status, 303);
    assert_eq!(unmerged.header("location"), format!("/people/{zoe}"));
    assert_eq!(listed(&app).await, ["Zoe Adams", "Zoë Adams"]);
}

#[rstest]
#[case::exclude("exclude")]
#[case::delete("delete")]
#[case::merge("merge")]
#[tokio::test]
async fn me_cannot_be_managed_away(#[case] action: &str) {
    let (app, _, _) = two_people().await;
    let page = app.get("/people/me").await.body;
    assert!(
        !page.contains(&format!("/people/1/{action}")),
        "no {action} form on my page"
    );
}
