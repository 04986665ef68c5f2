//! Privacy: a full run of kith (a demo, an import of every fixture, the daily loop) opens no
//! network socket at all; there is nothing to send anywhere. Traced with strace, which CI
//! installs; a local run without it says so and skips.

mod util;

use std::path::Path;
use std::process::Command;

use util::Kith;

#[test]
fn a_full_run_opens_no_network_socket() {
    if Command::new("strace").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have strace: .ci/run installs it"
        );
        eprintln!("SKIPPED a_full_run_opens_no_network_socket: strace is not installed");
        return;
    }
    let kith = Kith::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../kith-import/tests/data");
    let log = kith.dir().join("trace.log");
    let db = kith.db().to_str().unwrap().to_owned();
    let runs: [&[&str]; 5] = [
        &["demo", "--no-serve"],
        &["import", fixtures.to_str().unwrap(), "--zone", "UTC"],
        &["reunion"],
        &["stats"],
        &["export", "ics"],
    ];
    for args in runs {
        let mut traced = kith.bare();
        traced
            .env("LANG", "uk_UA.UTF-8")
            .arg("--db")
            .arg(&db)
            .args(args);
        let program = traced.get_program().to_owned();
        let mut strace = Command::new("strace");
        strace
            .args(["-f", "-qq", "-e", "trace=socket,connect", "-o"])
            .arg(&log)
            .arg(program)
            .args(traced.get_args())
            .env_clear()
            .envs(traced.get_envs().filter_map(|(k, v)| Some((k, v?))));
        let status = strace.status().unwrap();
        assert!(status.success(), "kith {args:?} failed under strace");
        let trace = std::fs::read_to_string(&log).unwrap();
        for line in trace.lines() {
            assert!(
                !line.contains("AF_INET"),
                "kith {args:?} opened a network socket: {line}"
            );
        }
    }
}
