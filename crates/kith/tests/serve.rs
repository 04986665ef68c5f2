//! `kith serve` and `kith demo` serving the web UI: the real binary, a real port, a real
//! request, and Ctrl-C.

mod util;

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::Stdio;

use rstest::rstest;
use util::Kith;

#[rstest]
#[case::every_interface("0.0.0.0:7777")]
#[case::a_lan_address("192.168.1.10:7777")]
#[case::every_interface_v6("[::]:7777")]
fn an_address_other_machines_could_reach_is_refused_without_a_password(#[case] addr: &str) {
    let kith = Kith::new();
    let err = kith.fails(&["serve", "--addr", addr], 3);
    assert!(err.contains("can be reached from other machines"), "{err}");
    assert!(err.contains("127.0.0.1:7777"), "it says what to do: {err}");
    assert!(err.contains("kith serve --set-password"), "{err}");
}

#[test]
fn an_address_that_cannot_be_read_is_bad_input() {
    let err = Kith::new().fails(&["serve", "--addr", "localhost"], 3);
    assert!(err.contains("is not an address and port"), "{err}");
}

#[test]
fn the_demo_serves_its_network_until_ctrl_c() {
    let kith = Kith::new();
    let mut child = kith
        .cmd(&["demo", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split_once("at http://")
                .map(|(_, rest)| rest.trim_end_matches('/').to_owned())
        })
        .expect("the demo prints the address it serves");
    let mut stream = TcpStream::connect(&url).unwrap();
    write!(
        stream,
        "GET /api/v1/stats HTTP/1.1\r\nHost: {url}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"network_size\":300"), "{answer}");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "Ctrl-C stops it cleanly: {status:?}");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("Stopped."), "{stderr}");
}

#[test]
fn a_password_set_from_the_environment_is_kept_as_a_hash_only_its_owner_reads() {
    let kith = Kith::new();
    let mut command = kith.cmd(&["serve", "--set-password"]);
    command.env("KITH_WEB_PASSWORD", "correct horse battery");
    let said = util::run_ok(command);
    assert!(said.contains("The password is set"), "{said}");
    let file = kith.dir().join(".config/kith/web-password");
    let hash = std::fs::read_to_string(&file).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("correct horse"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads it: {mode:o}");
    }
}

#[test]
fn a_short_password_is_refused_and_nothing_is_kept() {
    let kith = Kith::new();
    let mut command = kith.cmd(&["serve", "--set-password"]);
    command.env("KITH_WEB_PASSWORD", "short");
    let err = util::run_fails(command, 3);
    assert!(err.contains("too short"), "{err}");
    assert!(!kith.dir().join(".config/kith/web-password").exists());
}

#[test]
fn with_a_password_set_every_interface_is_served_and_asks_for_it() {
    let kith = Kith::new();
    let mut command = kith.cmd(&["serve", "--set-password"]);
    command.env("KITH_WEB_PASSWORD", "correct horse battery");
    util::run_ok(command);
    let mut child = kith
        .cmd(&["serve", "--addr", "0.0.0.0:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = String::new();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            said.push_str(&line);
            let (_, rest) = line.split_once("at http://0.0.0.0:")?;
            Some(rest.trim_end_matches('/').to_owned())
        })
        .expect("kith says where it serves");
    let next = lines.next().unwrap().unwrap();
    assert!(next.contains("asked for the password"), "{next}");
    let url = format!("127.0.0.1:{port}");
    let mut stream = TcpStream::connect(&url).unwrap();
    write!(
        stream,
        "GET /people HTTP/1.1\r\nHost: {url}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 303"), "{answer}");
    assert!(answer.contains("location: /login?next=/people"), "{answer}");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    assert!(child.wait().unwrap().success());
}
