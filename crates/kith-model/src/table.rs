//! A static table distilled from the transformer (the model2vec way, see [`crate::Recipe`]):
//! a WordPiece vocabulary and one vector per token. A phrase's vector is the normalised mean
//! of its tokens' rows, so embedding costs a tokenizer pass and a few additions. It is the
//! fast alternative to running the transformer that BENCHMARKS.md measures; on the matching
//! set it loses too much to be kith's semantic tier, so `kith model import` does not make one.
//!
//! Its file holds two tensors, `embeddings` (`I8`, `[tokens, dimensions]`, each row scaled to
//! ±127) and `scales` (`F32`, `[tokens]`, what each row was divided by), and its metadata: the
//! format and version, the model's name and source, the tokenizer's settings, the vocabulary
//! as a JSON list in row order, and a checksum of all of that, which is also the model's id.

use std::collections::HashMap;
use std::path::Path;

use kith_core::meaning::Embed;
use ndarray::Array2;
use safetensors::tensor::TensorView;
use safetensors::{Dtype, SafeTensors};

use crate::wordpiece::{Settings, WordPiece};
use crate::{Error, Fnv};

/// The `format` the metadata names.
const FORMAT: &str = "kith-static-embeddings";
/// The version of the layout this build reads and writes.
const VERSION: &str = "1";

/// A static embedding table: vocabulary, settings and one row per token.
#[derive(Debug, Clone)]
pub struct StaticTable {
    name: String,
    source: String,
    id: String,
    tokenizer: WordPiece,
    dimensions: usize,
    rows: Vec<i8>,
    scales: Vec<f32>,
}

impl StaticTable {
    /// A model from a table whose rows follow `tokens`, quantising each row to 8 bits.
    pub(crate) fn new(
        name: String,
        source: String,
        settings: Settings,
        tokens: Vec<String>,
        table: &Array2<f32>,
    ) -> Result<Self, String> {
        assert_eq!(tokens.len(), table.nrows(), "one row per token");
        let tokenizer = WordPiece::new(settings, tokens)?;
        let dimensions = table.ncols();
        let mut rows = Vec::with_capacity(table.len());
        let mut scales = Vec::with_capacity(table.nrows());
        for row in table.rows() {
            let top = row.iter().fold(0.0_f32, |top, v| top.max(v.abs()));
            let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
            scales.push(scale);
            rows.extend(
                row.iter()
                    .map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8),
            );
        }
        let mut model = Self {
            name,
            source,
            id: String::new(),
            tokenizer,
            dimensions,
            rows,
            scales,
        };
        model.id = model.checksum();
        Ok(model)
    }

    /// Reads a table's file, checking its format, version, shapes and checksum.
    ///
    /// # Errors
    /// [`Error::Damaged`] naming the file when it cannot be read or is not whole.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let damaged = |why: String| Error::Damaged {
            path: path.to_owned(),
            why,
        };
        let bytes =
            std::fs::read(path).map_err(|err| damaged(format!("it cannot be read: {err}")))?;
        Self::from_bytes(&bytes).map_err(damaged)
    }

    /// Reads a model from the bytes of its file.
    fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (_, header) = SafeTensors::read_metadata(bytes)
            .map_err(|err| format!("it is not a model file ({err})"))?;
        let metadata = header.metadata().clone().unwrap_or_default();
        let field = |key: &str| -> Result<&String, String> {
            metadata
                .get(key)
                .ok_or_else(|| format!("its metadata lacks `{key}`"))
        };
        if field("format")? != FORMAT {
            return Err("it is not a kith model file".into());
        }
        let version = field("version")?;
        if version != VERSION {
            return Err(format!(
                "it is of version {version}, which this kith does not read (a newer kith wrote it?)"
            ));
        }
        let settings: Settings = serde_json::from_str(field("tokenizer")?)
            .map_err(|err| format!("its tokenizer settings are unreadable: {err}"))?;
        let tokens: Vec<String> = serde_json::from_str(field("vocabulary")?)
            .map_err(|err| format!("its vocabulary is unreadable: {err}"))?;
        let tensors = SafeTensors::deserialize(bytes)
            .map_err(|err| format!("it is cut short or garbled ({err})"))?;
        let embeddings = tensors
            .tensor("embeddings")
            .map_err(|_| "it lacks the `embeddings` tensor".to_owned())?;
        let scales = tensors
            .tensor("scales")
            .map_err(|_| "it lacks the `scales` tensor".to_owned())?;
        let (&[count, dimensions], &[scale_count]) = (embeddings.shape(), scales.shape()) else {
            return Err("its tensors have the wrong number of dimensions".into());
        };
        if embeddings.dtype() != Dtype::I8
            || scales.dtype() != Dtype::F32
            || count != tokens.len()
            || scale_count != count
            || dimensions == 0
        {
            return Err(format!(
                "its tensors do not fit its vocabulary of {} tokens",
                tokens.len()
            ));
        }
        let rows = embeddings.data().iter().map(|&b| b as i8).collect();
        let scales = scales
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let tokenizer = WordPiece::new(settings, tokens)?;
        let model = Self {
            name: field("name")?.clone(),
            source: field("source")?.clone(),
            id: field("checksum")?.clone(),
            tokenizer,
            dimensions,
            rows,
            scales,
        };
        let sum = model.checksum();
        if sum != model.id {
            return Err(format!(
                "its checksum is {sum}, not the {} it was written with: the file is damaged",
                model.id
            ));
        }
        Ok(model)
    }

    /// The bytes of the model's file.
    #[must_use]
    pub fn to_file_bytes(&self) -> Vec<u8> {
        let tokens = serde_json::to_string(self.tokenizer.tokens()).expect("strings serialise");
        let settings =
            serde_json::to_string(self.tokenizer.settings()).expect("the settings serialise");
        let metadata = HashMap::from([
            ("format".to_owned(), FORMAT.to_owned()),
            ("version".to_owned(), VERSION.to_owned()),
            ("name".to_owned(), self.name.clone()),
            ("source".to_owned(), self.source.clone()),
            ("tokenizer".to_owned(), settings),
            ("vocabulary".to_owned(), tokens),
            ("checksum".to_owned(), self.id.clone()),
        ]);
        let rows: Vec<u8> = self.rows.iter().map(|&v| v as u8).collect();
        let scales: Vec<u8> = self.scales.iter().flat_map(|v| v.to_le_bytes()).collect();
        let count = self.scales.len();
        let tensors = [
            (
                "embeddings",
                TensorView::new(Dtype::I8, vec![count, self.dimensions], &rows)
                    .expect("the table has count × dimensions bytes"),
            ),
            (
                "scales",
                TensorView::new(Dtype::F32, vec![count], &scales)
                    .expect("there is one scale per row"),
            ),
        ];
        safetensors::serialize(tensors, Some(metadata)).expect("in-memory tensors serialise")
    }

    /// FNV-1a over everything the file says, so that any change to the table, the vocabulary
    /// or the settings gives another id.
    fn checksum(&self) -> String {
        let mut hash = Fnv::new();
        for part in [FORMAT, VERSION, &self.name, &self.source] {
            hash.write(part.as_bytes());
            hash.write(&[0]);
        }
        let settings =
            serde_json::to_string(self.tokenizer.settings()).expect("the settings serialise");
        hash.write(settings.as_bytes());
        for token in self.tokenizer.tokens() {
            hash.write(token.as_bytes());
            hash.write(&[0]);
        }
        hash.write(&(self.dimensions as u64).to_le_bytes());
        for &v in &self.rows {
            hash.write(&[v as u8]);
        }
        for v in &self.scales {
            hash.write(&v.to_le_bytes());
        }
        format!("{:016x}", hash.finish())
    }

    /// A name for people: the model card's title, or the wheel's or folder's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file or folder the model was imported from.
    #[must_use]
    pub fn source(&self) -> &str {
        &self.source
    }

    /// A checksum of everything that decides the table's vectors.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The length of every vector.
    #[must_use]
    pub fn dimensions(&self) -> usize {
        self.dimensions
    }

    /// How many tokens the vocabulary has.
    #[must_use]
    pub fn vocabulary(&self) -> usize {
        self.scales.len()
    }

    /// Roughly what the model holds in memory, in bytes: the table, its scales and the
    /// vocabulary with its index.
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        let strings: usize = self
            .tokenizer
            .tokens()
            .iter()
            .map(|t| 2 * t.len() + 64)
            .sum();
        self.rows.len() + 4 * self.scales.len() + strings
    }
}

impl Embed for StaticTable {
    /// The normalised mean of the phrase's token rows; all zeros when no word of it is known.
    fn embed(&self, text: &str) -> Vec<f32> {
        let mut sum = vec![0.0_f32; self.dimensions];
        for id in self.tokenizer.encode(text) {
            if id == self.tokenizer.unk() {
                continue;
            }
            let index = id as usize;
            let row = &self.rows[index * self.dimensions..(index + 1) * self.dimensions];
            let scale = self.scales[index];
            for (out, &v) in sum.iter_mut().zip(row) {
                *out += f32::from(v) * scale;
            }
        }
        crate::normalize(&mut sum);
        sum
    }
}
