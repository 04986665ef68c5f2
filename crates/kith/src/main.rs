//! The `kith` binary: parses the command line, opens the store, calls the libraries and
//! prints what they return, as a readable table or as JSON. No business rules live here.

/// Prints a line on stdout, returning the error instead of panicking when stdout is gone
/// (`kith people | head`), so that `main` can end quietly.
macro_rules! say {
    () => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock())?;
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod cli;
mod commands;
mod config;
mod context;
mod matching;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

/// Exit codes of the command-line contract (DESIGN.md). Usage errors exit with 2 through
/// clap itself.
mod exit {
    pub(crate) const FAILURE: u8 = 1;
    pub(crate) const BAD_INPUT: u8 = 3;
    pub(crate) const NOT_FOUND: u8 = 4;
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // Whoever read the output has all they wanted.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Errors quote file names and values from files, which may hold escape sequences.
            eprintln!("error: {}", output::printable(&format!("{err:#}")));
            ExitCode::from(exit_code(&err))
        }
    }
}

/// Decides the exit code from the first error in the chain that kith knows.
fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(err) = cause.downcast_ref::<kith_store::Error>() {
            return match err {
                kith_store::Error::NotFound(_) | kith_store::Error::Ambiguous { .. } => {
                    exit::NOT_FOUND
                }
                kith_store::Error::Conflict(_)
                | kith_store::Error::MissingFolder(_)
                | kith_store::Error::NotKith { .. }
                | kith_store::Error::NewerSchema { .. }
                | kith_store::Error::BadExport(_) => exit::BAD_INPUT,
                kith_store::Error::Corrupt { .. }
                | kith_store::Error::Io(_)
                | kith_store::Error::Other(_) => exit::FAILURE,
            };
        }
        if cause.downcast_ref::<kith_import::Error>().is_some() {
            return exit::BAD_INPUT;
        }
        if let Some(err) = cause.downcast_ref::<kith_model::Error>() {
            return if err.is_bad_input() {
                exit::BAD_INPUT
            } else {
                exit::FAILURE
            };
        }
        if cause.downcast_ref::<kith_core::Error>().is_some() {
            return exit::BAD_INPUT;
        }
        if cause.downcast_ref::<context::BadInput>().is_some() {
            return exit::BAD_INPUT;
        }
    }
    exit::FAILURE
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|err| err.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
