//! The import's error type: what was wrong, in which file, where in it, and what to do.

use std::path::PathBuf;

/// Where in a file something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A 1-based line.
    Line(u64),
    /// A 1-based record (a CSV row, a vCard, a JSON array element).
    Record(u64),
    /// A byte offset, for binary and JSON input.
    Byte(u64),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File => Ok(()),
            Self::Line(line) => write!(f, " line {line}"),
            Self::Record(record) => write!(f, " record {record}"),
            Self::Byte(offset) => write!(f, " at byte {offset}"),
        }
    }
}

/// Why an import failed. Nothing is written when it does.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file that looks like a known format but breaks it (truncated, malformed).
    #[error("`{}`{at}: {problem}", file.display())]
    Malformed {
        /// The file, as the user would find it (inside a zip: `archive.zip/inner/path`).
        file: PathBuf,
        /// Where in it.
        at: Location,
        /// What was expected and what was found.
        problem: String,
    },
    /// A file named on the command line that matches no format.
    #[error(
        "`{}` is not an export kith can read: tried {}. Name the export's folder or .zip, or \
         one of its contact or chat files",
        file.display(),
        tried.join(", ")
    )]
    UnknownFormat {
        /// The file.
        file: PathBuf,
        /// The formats it was tested against.
        tried: Vec<&'static str>,
    },
    /// A file, a field or an archive larger than kith accepts (docs/limits.md).
    #[error("`{}`{at}: {what}", file.display())]
    TooLarge {
        /// The file (inside a zip: `archive.zip/inner/path`).
        file: PathBuf,
        /// Where in it.
        at: Location,
        /// What is too large, the limit, and what to do.
        what: String,
    },
    /// A file could not be read.
    // The reason is part of the message and deliberately not a `source`, so that a chain of
    // errors printed in full (`{:#}`) says it once.
    #[error("cannot read `{}`: {reason}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: std::io::Error,
    },
}
