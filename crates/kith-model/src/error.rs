//! The model crate's error type: what the user gave is not a model kith can use, the installed
//! model is damaged, or the data folder cannot be written.

use std::path::PathBuf;

/// What can go wrong importing, loading or removing a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file or folder to import is missing, unreadable or not a model kith can use.
    /// `file` names it, down to the member of a wheel (`x.whl: pkg/model/config.json`).
    #[error("{file}: {why}")]
    BadModel {
        /// The file, or the archive and its member.
        file: String,
        /// What is wrong, and what to do where that is not obvious.
        why: String,
    },
    /// The installed model file is damaged or was written by a newer kith.
    #[error(
        "the installed model `{}` cannot be used: {why}. Import the model again \
         (`kith model import PATH`) or remove it (`kith model remove`)",
        path.display()
    )]
    Damaged {
        /// The installed model file.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },
    /// Reading or writing kith's own data folder failed.
    #[error("{what} `{}`: {source}", path.display())]
    Io {
        /// What kith was doing.
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl Error {
    /// Whether the user can fix this by giving kith another file (exit 3), rather than a
    /// failure of the machine (exit 1).
    #[must_use]
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Self::BadModel { .. } | Self::Damaged { .. })
    }
}
