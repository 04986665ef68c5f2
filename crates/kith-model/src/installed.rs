//! The installed model: the sentence transformer `kith model import` checked and kept in the
//! data folder, loaded once per process and run on each phrase kith embeds.
//!
//! The file is a safetensors file: the encoder's tensors as the model published them (without
//! the pooler, which sentence models do not use), and in its metadata the format and version,
//! the model's name and source, its `config.json` and `tokenizer.json` verbatim, and a
//! checksum of all of that, which is also the model's id: vectors kept from a model with
//! another id must be computed again.

use std::collections::HashMap;
use std::path::Path;

use kith_core::meaning::Embed;
use safetensors::SafeTensors;

use crate::source::{File, Source};
use crate::transformer::Transformer;
use crate::{Error, Fnv};

/// The `format` the metadata names.
const FORMAT: &str = "kith-sentence-model";
/// The version of the layout this build reads and writes.
const VERSION: &str = "1";

/// A sentence model ready to embed phrases, with what `kith model status` shows of it.
#[derive(Debug)]
pub struct Model {
    name: String,
    source: String,
    id: String,
    bytes: u64,
    transformer: Transformer,
}

impl Model {
    /// Checks the model in `source` and makes the bytes of the file that installs it.
    /// `origin` is what the model will say it was imported from.
    ///
    /// # Errors
    /// [`Error::BadModel`] naming the file at fault.
    pub(crate) fn file_bytes(source: &Source, origin: &str) -> Result<Vec<u8>, Error> {
        // Loading checks every tensor's presence, type and shape, and the tokenizer.
        drop(Transformer::load(source)?);
        let tensors = SafeTensors::deserialize(&source.weights.bytes).map_err(|err| {
            source
                .weights
                .bad(format!("is not a safetensors file: {err}"))
        })?;
        let mut kept = Vec::new();
        for (name, view) in tensors.iter() {
            let short = name.strip_prefix("bert.").unwrap_or(name);
            if (short.starts_with("embeddings.") || short.starts_with("encoder."))
                && short != "embeddings.position_ids"
            {
                kept.push((short.to_owned(), view));
            }
        }
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let mut metadata = HashMap::from([
            ("format".to_owned(), FORMAT.to_owned()),
            ("version".to_owned(), VERSION.to_owned()),
            ("name".to_owned(), source.name.clone()),
            ("source".to_owned(), origin.to_owned()),
            ("config".to_owned(), source.config.text()?.to_owned()),
            ("tokenizer".to_owned(), source.tokenizer.text()?.to_owned()),
        ]);
        let sum = checksum(
            &metadata,
            kept.iter().map(|(name, view)| (name.as_str(), view.data())),
        );
        metadata.insert("checksum".to_owned(), sum);
        safetensors::serialize(kept, Some(metadata))
            .map_err(|err| source.weights.bad(format!("cannot be copied: {err}")))
    }

    /// Loads the model file at `path`, checking its format, version and checksum.
    ///
    /// # Errors
    /// [`Error::Damaged`] naming the file when it cannot be read or used.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let damaged = |why: String| Error::Damaged {
            path: path.to_owned(),
            why,
        };
        let bytes =
            std::fs::read(path).map_err(|err| damaged(format!("it cannot be read: {err}")))?;
        Self::from_bytes(bytes, &path.display().to_string()).map_err(damaged)
    }

    /// Reads a model from its file's bytes; `label` names the file in messages.
    pub(crate) fn from_bytes(bytes: Vec<u8>, label: &str) -> Result<Self, String> {
        let size = bytes.len() as u64;
        let (_, header) = SafeTensors::read_metadata(&bytes)
            .map_err(|err| format!("it is not a model file ({err})"))?;
        let metadata = header.metadata().clone().unwrap_or_default();
        let field = |key: &str| -> Result<String, String> {
            metadata
                .get(key)
                .cloned()
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
        let id = field("checksum")?;
        {
            let tensors = SafeTensors::deserialize(&bytes)
                .map_err(|err| format!("it is cut short or garbled ({err})"))?;
            let mut parts: Vec<_> = tensors.iter().collect();
            parts.sort_by(|a, b| a.0.cmp(b.0));
            let mut fields = metadata.clone();
            fields.remove("checksum");
            let sum = checksum(
                &fields,
                parts.iter().map(|(name, view)| (*name, view.data())),
            );
            if sum != id {
                return Err(format!(
                    "its checksum is {sum}, not the {id} it was written with: the file is damaged"
                ));
            }
        }
        let text = |key: &str, what: &str| -> Result<File, String> {
            Ok(File {
                label: format!("{label} ({what})"),
                bytes: field(key)?.into_bytes(),
            })
        };
        let source = Source {
            name: field("name")?,
            path: label.into(),
            config: text("config", "config.json")?,
            tokenizer: text("tokenizer", "tokenizer.json")?,
            weights: File {
                label: label.to_owned(),
                bytes,
            },
        };
        let transformer = Transformer::load(&source).map_err(|err| err.to_string())?;
        Ok(Self {
            name: source.name,
            source: field("source")?,
            id,
            bytes: size,
            transformer,
        })
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

    /// The model's id: a checksum of everything that decides its vectors. A vector kept with
    /// another id came from another model and must be computed again.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The length of every vector.
    #[must_use]
    pub fn dimensions(&self) -> usize {
        self.transformer.dimensions()
    }

    /// The size of the model's file.
    #[must_use]
    pub fn file_bytes_len(&self) -> u64 {
        self.bytes
    }

    /// Embeds many phrases on every core, in order: for filling a cache of vectors.
    #[must_use]
    pub fn embed_many(&self, phrases: &[&str]) -> Vec<Vec<f32>> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let share = phrases.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = phrases
                .chunks(share)
                .map(|chunk| {
                    scope.spawn(move || chunk.iter().map(|p| self.embed(p)).collect::<Vec<_>>())
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| worker.join().expect("embedding does not panic"))
                .collect()
        })
    }
}

impl Embed for Model {
    /// The mean of the transformer's outputs over the phrase's tokens, of unit length.
    fn embed(&self, text: &str) -> Vec<f32> {
        self.transformer.embed(text)
    }
}

/// FNV-1a over the metadata (in key order) and the tensors (in the order given).
fn checksum<'a>(
    metadata: &HashMap<String, String>,
    tensors: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> String {
    let mut hash = Fnv::new();
    let mut keys: Vec<&String> = metadata.keys().collect();
    keys.sort();
    for key in keys {
        hash.write(key.as_bytes());
        hash.write(&[0]);
        hash.write(metadata[key].as_bytes());
        hash.write(&[0]);
    }
    for (name, data) in tensors {
        hash.write(name.as_bytes());
        hash.write(&[0]);
        hash.write(data);
    }
    format!("{:016x}", hash.finish())
}
