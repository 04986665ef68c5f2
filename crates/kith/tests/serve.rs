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
fn an_address_other_machines_could_reach_is_refused_without_a_login(#[case] addr: &str) {
    let kith = Kith::new();
    let err = kith.fails(&["serve", "--addr", addr], 3);
    assert!(err.contains("can be reached from other machines"), "{err}");
    assert!(err.contains("127.0.0.1:7777"), "it says what to do: {err}");
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
