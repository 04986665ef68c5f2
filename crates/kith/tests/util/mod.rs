//! A small harness that runs the real `kith` binary against a database in a temporary folder,
//! with "now", the time zone and the home folder pinned so that runs are reproducible and
//! never touch the user's own files.

#![allow(dead_code, unreachable_pub)]

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

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
        self.program(env!("CARGO_BIN_EXE_kith"))
    }

    /// `program` in the test's pinned environment.
    fn program(&self, program: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(program);
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

    /// `kith --db <the test database> ARGS…` that may use at most `address_space` bytes of
    /// memory, through `prlimit` (util-linux): an allocation beyond it fails and kith aborts.
    /// Without `prlimit` the command runs unlimited, and says so on stderr once.
    pub fn limited(&self, address_space: u64, args: &[&str]) -> Command {
        static CHECKED: OnceLock<bool> = OnceLock::new();
        let available = *CHECKED.get_or_init(|| {
            let found = Command::new("prlimit").arg("--version").output().is_ok();
            if !found {
                eprintln!(
                    "WARNING: `prlimit` (util-linux) is missing: kith runs WITHOUT a memory \
                     limit, so these tests cannot see unbounded memory"
                );
            }
            found
        });
        if !available {
            return self.cmd(args);
        }
        let mut command = self.program("prlimit");
        command
            .arg(format!("--as={address_space}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_kith"))
            .arg("--db")
            .arg(&self.db)
            .args(args);
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

/// Runs `command`, killing it if it has not finished after `patience`: a guard against hangs,
/// never a timing assertion.
pub fn run_within(mut command: Command, patience: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    // Drained on threads of their own, so that a full pipe cannot stall the command.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).map(|_| bytes)
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped")));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the command can be waited for") {
            break status;
        }
        if started.elapsed() > patience {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} did not finish within {patience:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let collect = |pipe: std::thread::JoinHandle<std::io::Result<Vec<u8>>>| {
        pipe.join()
            .expect("the reader does not panic")
            .expect("the pipe reads")
    };
    Output {
        status,
        stdout: collect(stdout),
        stderr: collect(stderr),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
