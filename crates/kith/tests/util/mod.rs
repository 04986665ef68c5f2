//! A small harness that runs the real `kith` binary against a database in a temporary folder,
//! with "now", the time zone and the home folder pinned so that runs are reproducible and
//! never touch the user's own files.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// "Today" in every test.
pub const NOW: &str = "2026-11-26T10:00:00Z";

/// A temporary home with a kith database path in it.
pub struct Kith {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Kith {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder can be made");
        let db = dir.path().join("kith.db");
        Self { dir, db }
    }

    /// The temporary folder, which is also `$HOME` for the binary.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database every command uses unless told otherwise.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// `kith` with no `--db`: it falls back to `KITH_DB`, then to the XDG data folder.
    pub fn bare(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
        command
            .env_clear()
            .env("HOME", self.dir())
            .env("TZ", "UTC")
            .env("KITH_NOW", NOW)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command
    }

    /// `kith --db <the test database> ARGS…`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut command = self.bare();
        command.arg("--db").arg(&self.db).args(args);
        command
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        run_ok(self.cmd(args))
    }

    /// Runs a command with `--json` that must succeed and returns the parsed document.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut command = self.cmd(args);
        command.arg("--json");
        let stdout = run_ok(command);
        serde_json::from_str(&stdout).unwrap_or_else(|err| {
            panic!("`kith {args:?} --json` printed invalid JSON ({err}):\n{stdout}")
        })
    }

    /// Runs a command that must fail with `code` and returns its stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        run_fails(self.cmd(args), code)
    }
}

pub fn run_ok(mut command: Command) -> String {
    let output = command.output().expect("kith runs");
    assert!(
        output.status.success(),
        "{command:?} failed with {}:\n{}",
        output.status,
        text(&output.stderr)
    );
    text(&output.stdout)
}

pub fn run_fails(mut command: Command, code: i32) -> String {
    let output: Output = command.output().expect("kith runs");
    let stderr = text(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{command:?} should exit with {code}; stdout:\n{}\nstderr:\n{stderr}",
        text(&output.stdout)
    );
    assert!(
        !stderr.contains("panicked"),
        "{command:?} panicked:\n{stderr}"
    );
    stderr
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
