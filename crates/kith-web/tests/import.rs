//! The Import page against a real server and a real database: an uploaded export is read by
//! the same importer as `kith import` and summarised as it prints it; a zip works like its
//! files; a kith export is loaded into an empty database; wrong, oversized and forged uploads
//! are refused with a page that says why, and nothing is written.

mod util;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rstest::rstest;
use util::{TestApp, UPLOAD_LIMIT, add_person, spawn_app, spawn_with};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kith-import/tests/data")
        .join(path)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).unwrap()
}

/// A zip archive holding `files` (name, content), as a service hands out an export.
pub fn zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        archive
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        archive.write_all(content).unwrap();
    }
    archive.finish().unwrap().into_inner()
}

async fn names(app: &TestApp) -> Vec<String> {
    app.get("/api/v1/people?limit=100")
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_uploaded_vcard_is_imported_and_summarised_as_kith_import_prints_it() {
    let app = spawn_app().await;
    let form = app.get("/import").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let uploaded = app
        .upload("contacts.vcf", &read("vcard/apple_google_v30.vcf"))
        .await;
    let summary = app.finished_import(&uploaded).await;
    assert!(summary.contains("Read 1 file"), "{summary}");
    assert!(
        summary.contains("2 people added, 0 updated, 0 found in one more place"),
        "{summary}"
    );
    assert_eq!(names(&app).await, ["Bartholomew Ng", "Ines Ødegård"]);
    assert!(
        app.get("/import").await.body.contains("contacts.vcf"),
        "the import is listed"
    );

    // Importing the same file again adds nothing.
    let again = app
        .upload("contacts.vcf", &read("vcard/apple_google_v30.vcf"))
        .await;
    let summary = app.finished_import(&again).await;
    assert!(summary.contains("0 people added"), "{summary}");
}

#[tokio::test]
async fn an_uploaded_zip_imports_the_exports_inside_it() {
    let app = spawn_app().await;
    let archive = zip(&[
        (
            "Basic_LinkedInDataExport/Connections.csv",
            read("linkedin/2024/Connections.csv"),
        ),
        ("photos/me.jpg", b"\xff\xd8\xff not an export".to_vec()),
    ]);
    let summary = app
        .finished_import(&app.upload("linkedin.zip", &archive).await)
        .await;
    assert!(summary.contains("people added"), "{summary}");
    assert!(
        summary.contains("skipped 1 file of no known format"),
        "{summary}"
    );
    assert!(!names(&app).await.is_empty());
}

#[tokio::test]
async fn a_kith_export_is_loaded_into_an_empty_database_and_refused_by_a_full_one() {
    let source = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let mut export = Vec::new();
    kith_store::Store::open(&source.db)
        .unwrap()
        .write_export(&mut export, util::now())
        .unwrap();

    let empty = spawn_app().await;
    let loaded = empty
        .finished_import(&empty.upload("kith-export.json", &export).await)
        .await;
    assert!(
        loaded.contains("Loaded the kith export: 1 people"),
        "{loaded}"
    );
    assert_eq!(names(&empty).await, ["Zoë Adams"]);

    let refused = source
        .finished_import(&source.upload("kith-export.json", &export).await)
        .await;
    assert!(refused.contains("Not imported"), "{refused}");
    assert!(refused.contains("nothing was written"), "{refused}");
    assert_eq!(names(&source).await, ["Zoë Adams"]);
}

#[rstest]
#[case::a_photo("holiday.png", b"\x89PNG\r\n\x1a\n....".as_slice(), 400, "is not an export kith reads")]
#[case::an_empty_file("contacts.vcf", b"".as_slice(), 400, "is empty")]
#[case::no_file_name("", b"BEGIN:VCARD".as_slice(), 400, "choose a file")]
#[tokio::test]
async fn a_wrong_upload_is_refused_with_a_page_that_says_why(
    #[case] name: &str,
    #[case] bytes: &[u8],
    #[case] status: u16,
    #[case] message: &str,
) {
    let app = spawn_app().await;
    let answer = app.upload(name, bytes).await;
    assert_eq!(answer.status, status, "{}", answer.body);
    assert!(answer.body.contains(message), "{}", answer.body);
    assert!(answer.body.contains("<h1>"), "a page, not a bare message");
}

#[tokio::test]
async fn a_malformed_export_fails_the_import_with_nothing_written() {
    let app = spawn_with(|store| {
        add_person(store, "Zoë Adams");
    })
    .await;
    let broken = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n".to_vec();
    let page = app
        .finished_import(&app.upload("contacts.vcf", &broken).await)
        .await;
    assert!(page.contains("Not imported"), "{page}");
    assert!(
        page.contains("contacts.vcf"),
        "the page names the file: {page}"
    );
    assert_eq!(names(&app).await, ["Zoë Adams"]);
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_whether_or_not_its_size_is_announced() {
    let app = spawn_app().await;
    let mut huge = read("vcard/apple_google_v30.vcf");
    huge.resize(UPLOAD_LIMIT as usize * 2, b'\n');
    let answer = app.upload("contacts.vcf", &huge).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(answer.body.contains("larger than this server takes"));

    // Just over the limit, within the framing allowance: refused while streaming.
    let mut over = read("vcard/apple_google_v30.vcf");
    over.resize(UPLOAD_LIMIT as usize + 1, b'\n');
    let answer = app.upload("contacts.vcf", &over).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(names(&app).await.is_empty());
}

#[rstest]
#[case::no_token(&[])]
#[case::a_wrong_token(&[("csrf", None, b"0000".as_slice())])]
#[tokio::test]
async fn an_upload_without_this_servers_token_is_refused_unread(
    #[case] token: &[(&str, Option<&str>, &[u8])],
) {
    let app = spawn_app().await;
    let vcard = read("vcard/apple_google_v30.vcf");
    let mut parts = token.to_vec();
    parts.push(("file", Some("contacts.vcf"), &vcard));
    let answer = app.upload_parts(&parts).await;
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert!(names(&app).await.is_empty());
}

#[tokio::test]
async fn a_file_name_holding_markup_is_shown_as_text() {
    let app = spawn_app().await;
    let name = "<img src=x onerror=alert(1)>.vcf";
    let page = app
        .finished_import(&app.upload(name, &read("vcard/apple_google_v30.vcf")).await)
        .await;
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(
        page.contains("&#60;img src=x onerror=alert(1)&#62;.vcf"),
        "{page}"
    );
    assert!(!app.get("/import").await.body.contains("<img src=x"));
}

#[tokio::test]
async fn an_import_that_is_not_there_is_404() {
    let app = spawn_app().await;
    for path in ["/import/7", "/import/x"] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.body.contains("there is no import"));
    }
}
