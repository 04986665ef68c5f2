//! The whole path of a model through kith — import from a folder or a wheel, load, embed —
//! on a tiny random-weight BERT written by the test itself.

use kith_core::meaning::Embed;
use kith_model::test_model::{DIMENSIONS, write_folder, write_wheel};
use kith_model::{Error, Model, installed, installed_path};

fn imported(seed: u64) -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_folder(&dir.path().join("tiny"), seed);
    let model = kith_model::import(&dir.path().join("tiny"), &dir.path().join("data"))
        .expect("the tiny model imports");
    (dir, model)
}

#[test]
fn the_same_text_always_gets_the_same_vector() {
    let (_dir, model) = imported(1);
    assert_eq!(
        model.embed("start a company"),
        model.embed("start a company")
    );
}

#[test]
fn vectors_have_unit_length_and_the_models_width() {
    let (_dir, model) = imported(1);
    for text in [
        "start a company",
        "Running a MARATHON!",
        "unknown words only",
        "",
    ] {
        let vector = model.embed(text);
        assert_eq!(vector.len(), DIMENSIONS);
        let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{text:?} has length {norm}");
    }
}

#[test]
fn different_texts_get_different_vectors() {
    let (_dir, model) = imported(1);
    assert_ne!(
        model.embed("start a company"),
        model.embed("running a marathon")
    );
}

#[test]
fn embedding_many_phrases_gives_what_embedding_each_gives() {
    let (_dir, model) = imported(1);
    let phrases = [
        "start a company",
        "launch a startup",
        "learn rust",
        "sail",
        "go",
    ];
    let one_by_one: Vec<Vec<f32>> = phrases.iter().map(|p| model.embed(p)).collect();
    assert_eq!(model.embed_many(&phrases), one_by_one);
}

#[test]
fn a_wheel_is_read_in_place_and_gives_the_model_its_folder_gives() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_folder(&dir.path().join("tiny"), 7);
    write_wheel(&dir.path().join("tiny_bert-0.1.0-py3-none-any.whl"), 7);
    let from_folder = kith_model::import(&dir.path().join("tiny"), &dir.path().join("a"))
        .expect("the folder imports");
    let from_wheel = kith_model::import(
        &dir.path().join("tiny_bert-0.1.0-py3-none-any.whl"),
        &dir.path().join("b"),
    )
    .expect("the wheel imports");
    assert_eq!(from_wheel.name(), "tiny-bert-test");
    assert_eq!(
        from_wheel.embed("learn rust"),
        from_folder.embed("learn rust")
    );
}

#[test]
fn the_installed_model_loads_with_the_id_it_was_imported_with() {
    let (dir, model) = imported(3);
    let loaded = installed(&dir.path().join("data"))
        .expect("the installed model loads")
        .expect("a model is installed");
    assert_eq!(loaded.id(), model.id());
    assert_eq!(
        loaded.embed("sail to the sunday"),
        model.embed("sail to the sunday")
    );
}

#[test]
fn another_model_gets_another_id() {
    let (_a, one) = imported(1);
    let (_b, two) = imported(2);
    assert_ne!(one.id(), two.id());
}

#[test]
fn a_flipped_byte_in_the_installed_model_is_caught() {
    let (dir, _model) = imported(1);
    let path = installed_path(&dir.path().join("data"));
    let mut bytes = std::fs::read(&path).expect("the model file");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(&path, bytes).expect("the model file can be written");
    let error = Model::load(&path).expect_err("a damaged file");
    assert!(matches!(error, Error::Damaged { .. }), "{error}");
    assert!(error.to_string().contains("checksum"), "{error}");
}

#[test]
fn nothing_installed_is_no_model_and_no_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    assert!(
        installed(dir.path())
            .expect("an empty folder is fine")
            .is_none()
    );
}
