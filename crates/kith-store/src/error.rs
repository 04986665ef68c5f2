//! The store's error type.

use std::path::PathBuf;

use kith_core::PersonId;

use crate::Candidate;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing matches what was asked for.
    #[error("{0}")]
    NotFound(String),
    /// A name matches several people.
    #[error(
        "`{query}` matches {}{} people: {}{}; use the id or a longer part of the name",
        if *more { "more than " } else { "" },
        candidates.len(),
        candidates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        if *more { ", …" } else { "" },
    )]
    Ambiguous {
        /// The name as asked.
        query: String,
        /// Who it matches, or the first of them.
        candidates: Vec<Candidate>,
        /// Whether it matches more people than `candidates` lists.
        more: bool,
    },
    /// The write would break the data's integrity (an email owned by another person, an
    /// action on the wrong kind of person).
    #[error("{0}")]
    Conflict(String),
    /// The database's folder does not exist.
    #[error(
        "the folder of `{}` does not exist; create it first or choose another path with --db",
        .0.display()
    )]
    MissingFolder(PathBuf),
    /// The file exists but is not a kith database.
    #[error(
        "`{}` is not a kith database ({reason}); nothing was written to it. \
         Choose another path with --db",
        path.display()
    )]
    NotKith {
        /// The file.
        path: PathBuf,
        /// Why it is not one.
        reason: String,
    },
    /// The database was written by a newer version of kith.
    #[error(
        "`{}` was written by a newer kith (schema version {found}; this build knows up to \
         {known}); install a newer kith to use it",
        path.display()
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// A person's row holds data the domain rejects (edited by hand, or a bug).
    #[error("person {person} holds invalid data: {source}")]
    Corrupt {
        /// The person.
        person: PersonId,
        /// What is wrong.
        source: kith_core::Error,
    },
    /// A kith export that cannot be loaded: malformed, cut short, inconsistent, or written by
    /// a newer kith. Nothing was written.
    #[error("{0}")]
    BadExport(String),
    /// Writing an export failed (the disk is full, the reader went away).
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
    /// Any other database failure.
    #[error("database error: {0}")]
    Other(#[from] rusqlite::Error),
}
