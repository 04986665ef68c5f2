//! Hostile input (docs/limits.md): files that are cut short, in the wrong encoding, gigantic,
//! deeply nested, or archives built to hurt. Each gives a clear error that names the file and
//! says what to do, exits with 3 and leaves the database byte for byte as it was; where
//! skipping is the right answer, the import succeeds with a warning. Never a panic.
//!
//! kith runs under an address-space limit, so that an allocation that grows with the input
//! fails the test, and under a generous hang guard (not a timing assertion). Large inputs are
//! generated here, as sparse files or from small repeated parts, rather than committed; the
//! small hand-made ones are in `tests/data/hostile/`.

mod util;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rstest::rstest;
use serde_json::Value;
use util::Kith;

/// The most memory kith may map. An import of a whole export stays far below it; a file
/// held whole in memory (a 100 MB name) or a buffer that grows with the input goes beyond.
const MEMORY: u64 = 256 << 20;

/// Long enough for a debug build on a loaded machine; only a hang takes this long.
const PATIENCE: Duration = Duration::from_secs(120);

const MIB: u64 = 1 << 20;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kith-import/tests/data")
        .join(path)
}

fn hostile(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hostile")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// A database with people in it, so that "unchanged" means something: the vCard fixture,
/// imported once and copied for every test.
fn seeded() -> Kith {
    static DATABASE: OnceLock<Vec<u8>> = OnceLock::new();
    let database = DATABASE.get_or_init(|| {
        let kith = Kith::new();
        let contacts = fixture("vcard/apple_google_v30.vcf");
        kith.json(&["import", contacts.to_str().unwrap(), "--zone", "UTC"]);
        read(kith.db())
    });
    let kith = Kith::new();
    std::fs::write(kith.db(), database).unwrap();
    kith
}

/// The database's files as they are now.
fn snapshot(kith: &Kith) -> (Vec<u8>, Vec<u8>) {
    let wal = std::fs::read(kith.db().with_extension("db-wal")).unwrap_or_default();
    (read(kith.db()), wal)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `kith import PATH… ARGS…` with bounded memory and a hang guard.
fn import(kith: &Kith, paths: &[&Path], args: &[&str]) -> Run {
    let mut all = vec!["import"];
    all.extend(
        paths
            .iter()
            .map(|path| path.to_str().expect("a UTF-8 path")),
    );
    all.extend(["--zone", "UTC"]);
    all.extend(args);
    let output = util::run_within(kith.limited(MEMORY, &all), PATIENCE);
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
        "kith import {paths:?} crashed ({:?}):\n{}",
        output.status,
        run.stderr
    );
    run
}

/// Imports `path`, which must be refused with exit code 3, a message holding every one of
/// `says`, and the database left exactly as it was. Returns the message.
fn refused(path: &Path, says: &[&str]) -> String {
    let kith = seeded();
    let before = snapshot(&kith);
    let run = import(&kith, &[path], &[]);
    assert_eq!(
        run.code,
        Some(3),
        "importing {} should be refused; stdout:\n{}\nstderr:\n{}",
        path.display(),
        run.stdout,
        run.stderr
    );
    for part in says {
        assert!(
            run.stderr.contains(part),
            "expected {part:?} in:\n{}",
            run.stderr
        );
    }
    assert!(snapshot(&kith) == before, "the database changed");
    run.stderr
}

/// Imports `path`, which must succeed; returns the `--json` summary.
fn accepted_by(kith: &Kith, path: &Path) -> Value {
    let run = import(kith, &[path], &["--json"]);
    assert_eq!(
        run.code,
        Some(0),
        "importing {} should succeed:\n{}",
        path.display(),
        run.stderr
    );
    serde_json::from_str(&run.stdout).expect("the summary is JSON")
}

fn accepted(path: &Path) -> Value {
    accepted_by(&seeded(), path)
}

fn warnings(summary: &Value) -> String {
    summary["warnings"].to_string()
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
    path.to_owned()
}

/// A file of `head`, then `filler` up to `length` bytes in all, then `tail`, written a
/// megabyte at a time.
fn big(path: &Path, head: &[u8], filler: u8, length: u64, tail: &[u8]) -> PathBuf {
    let mut file = BufWriter::new(File::create(path).unwrap());
    file.write_all(head).unwrap();
    let block = vec![filler; MIB as usize];
    let mut left = length - head.len() as u64 - tail.len() as u64;
    while left > 0 {
        let part = left.min(MIB);
        file.write_all(&block[..part as usize]).unwrap();
        left -= part;
    }
    file.write_all(tail).unwrap();
    file.flush().unwrap();
    path.to_owned()
}

/// A file of `head` and then zeros up to `length`, without writing them: a sparse file, which
/// costs no disk and reads as fast as memory.
fn sparse(path: &Path, head: &[u8], length: u64) -> PathBuf {
    let mut file = File::create(path).unwrap();
    file.write_all(head).unwrap();
    file.set_len(length).unwrap();
    path.to_owned()
}

// ---------------------------------------------------------------------------------------------
// Files cut short

/// A few bytes into the last line: a record begun and not finished.
fn into_the_last_line(bytes: &[u8]) -> usize {
    let end = bytes.trim_ascii_end().len();
    let start = bytes[..end].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    start + 3
}

fn halfway(bytes: &[u8]) -> usize {
    bytes.len() / 2
}

/// In the middle of the last message's headers.
fn into_the_last_headers(bytes: &[u8]) -> usize {
    let subject = b"\nSubject:";
    bytes
        .windows(subject.len())
        .rposition(|w| w == subject)
        .unwrap()
        + 4
}

#[rstest]
#[case::vcard("vcard/apple_google_v30.vcf", into_the_last_line)]
#[case::google_csv("google/contacts.csv", into_the_last_line)]
#[case::outlook_csv("outlook/outlook_com.csv", into_the_last_line)]
#[case::linkedin_connections("linkedin/2024/Connections.csv", into_the_last_line)]
#[case::linkedin_messages("linkedin/2024/messages.csv", into_the_last_line)]
#[case::facebook_friends("facebook/2024/connections/friends/your_friends.json", halfway)]
#[case::messenger(
    "facebook/2024/your_facebook_activity/messages/inbox/zoequill_10987654321/message_1.json",
    halfway
)]
#[case::telegram("telegram/full_export/result.json", halfway)]
#[case::mbox("mbox/All mail Including Spam and Trash.mbox", into_the_last_headers)]
fn a_file_cut_short_is_refused_and_named(#[case] path: &str, #[case] cut: fn(&[u8]) -> usize) {
    let kith = Kith::new();
    let bytes = read(&fixture(path));
    let name = Path::new(path).file_name().unwrap().to_str().unwrap();
    let cut_short = write(&kith.dir().join(name), &bytes[..cut(&bytes)]);
    refused(&cut_short, &[name, "cut short"]);
}

#[test]
fn a_chat_cut_short_keeps_the_messages_before_the_cut() {
    // A WhatsApp chat is lines; one cut mid-line is a shorter chat, and nothing tells it apart.
    let kith = Kith::new();
    let name = "WhatsApp Chat with Zoë Quill.txt";
    let bytes = read(&fixture(&format!("whatsapp/android_en_US/{name}")));
    let cut_short = write(&kith.dir().join(name), &bytes[..into_the_last_line(&bytes)]);
    let summary = accepted(&cut_short);
    assert!(
        summary["interactions_added"].as_u64().unwrap() > 0,
        "{summary:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings

#[rstest]
#[case::vcard("vcard/apple_google_v30.vcf", u16::to_le_bytes, "UTF-16LE")]
#[case::csv("linkedin/2024/Connections.csv", u16::to_be_bytes, "UTF-16BE")]
#[case::json("telegram/full_export/result.json", u16::to_le_bytes, "UTF-16LE")]
fn utf16_without_a_byte_order_mark_is_refused_with_what_to_do(
    #[case] path: &str,
    #[case] order: fn(u16) -> [u8; 2],
    #[case] encoding: &str,
) {
    let kith = Kith::new();
    let text = String::from_utf8(read(&fixture(path))).unwrap();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(order).collect();
    let name = Path::new(path).file_name().unwrap();
    let file = write(&kith.dir().join(name), &utf16);
    refused(
        &file,
        &[
            name.to_str().unwrap(),
            &format!("{encoding} text without a byte-order mark"),
            "save it as UTF-8",
        ],
    );
}

#[test]
fn latin1_in_a_vcard_is_read_as_windows_1252() {
    // Old vCard 2.1 writers used the system's code page without saying so (FORMATS.md §4.4).
    let kith = seeded();
    accepted_by(&kith, &hostile("latin1.vcf"));
    let people = kith.json(&["people"]).to_string();
    assert!(people.contains("Zoë Ødegård"), "{people}");
}

#[test]
fn latin1_in_a_telegram_export_is_refused_as_not_utf8() {
    let kith = Kith::new();
    let text = read(&fixture("telegram/full_export/result.json"));
    let latin1: Vec<u8> = String::from_utf8(text)
        .unwrap()
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let file = write(&kith.dir().join("result.json"), &latin1);
    refused(
        &file,
        &[
            "result.json",
            "line 16",
            "the text is not UTF-8",
            "Export it again",
        ],
    );
}

#[test]
fn invalid_utf8_halfway_through_a_csv_is_read_with_a_warning() {
    let kith = Kith::new();
    let mut csv = read(&fixture("linkedin/2024/Connections.csv"));
    csv.extend_from_slice(b"Ines,\xD8deg\xE5rd,,,,,01 Jan 2024\n");
    let file = write(&kith.dir().join("Connections.csv"), &csv);
    let summary = accepted(&file);
    assert!(
        warnings(&summary).contains("switches from UTF-8 to Windows-1252 at line"),
        "{summary:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Gigantic fields and lines

fn huge_json(prefix: &str, suffix: &str) -> impl Fn(&Path) -> PathBuf {
    move |folder| {
        let length = 100 * MIB;
        big(
            &folder.join("export.json"),
            prefix.as_bytes(),
            b'a',
            length,
            suffix.as_bytes(),
        )
    }
}

#[rstest]
#[case::telegram(
    huge_json(
        r#"{"about": "", "personal_information": {"user_id": 1, "first_name": ""#,
        r#""}}"#
    ),
    "line 1: a text longer than 1 MiB"
)]
#[case::telegram_key(
    huge_json(r#"{"about": "", "contacts": {"list": [{""#, r#"": 1}]}}"#),
    "line 1: a text longer than 1 MiB"
)]
#[case::facebook_friends(
    huge_json(r#"{"friends_v2": [{"name": ""#, r#"", "timestamp": 1}]}"#),
    "line 1: a text longer than 1 MiB"
)]
#[case::messenger(
    huge_json(r#"{"participants": [{"name": ""#, r#""}], "messages": []}"#),
    "line 1: a text longer than 1 MiB"
)]
#[case::google_csv(
    |folder: &Path| big(
        &folder.join("contacts.csv"),
        b"First Name,Last Name,Labels\n",
        b'a',
        100 * MIB,
        b",Quill,\n",
    ),
    "line 2: a row longer than 16 MiB"
)]
fn a_100_mb_name_is_refused_without_being_held_in_memory(
    #[case] make: impl Fn(&Path) -> PathBuf,
    #[case] says: &str,
) {
    let kith = Kith::new();
    let file = make(kith.dir());
    let name = file.file_name().unwrap().to_str().unwrap().to_owned();
    refused(&file, &[&name, says]);
}

#[rstest]
#[case::whatsapp(
    "WhatsApp Chat with Zoë Quill.txt",
    "1/4/23, 7:02 PM - Zoë Quill: ",
    "line 1: a line longer than 1 MiB"
)]
#[case::csv_row(
    "contacts.csv",
    "First Name,Last Name,Labels\nZoë,Quill,",
    "line 2: a row longer than 16 MiB"
)]
fn a_gigabyte_line_without_a_line_break_is_refused_early(
    #[case] name: &str,
    #[case] head: &str,
    #[case] says: &str,
) {
    let kith = Kith::new();
    let file = sparse(&kith.dir().join(name), head.as_bytes(), 1 << 30);
    refused(&file, &[name, says]);
}

#[test]
fn values_longer_than_kith_keeps_are_left_out_with_a_warning() {
    let kith = Kith::new();
    let note = "n".repeat(5_000);
    let email = format!("{}@example.com", "e".repeat(300));
    let csv = format!(
        "First Name,Last Name,Labels,E-mail 1 - Value,Notes\n\
         Ada,Lovelace,,{email},{note}\nGrace,Hopper,,grace@example.com,\n"
    );
    let file = write(&kith.dir().join("contacts.csv"), csv.as_bytes());
    let long_name = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nEMAIL:long@example.com\r\nEND:VCARD\r\n",
        "x".repeat(65 * 1024)
    );
    let vcard = write(&kith.dir().join("long.vcf"), long_name.as_bytes());
    let kith = seeded();
    let summary = accepted_by(&kith, &file);
    let warnings = warnings(&summary);
    assert!(warnings.contains("left out a fact"), "{warnings}");
    assert!(warnings.contains("left out an identity"), "{warnings}");
    assert_eq!(summary["people_added"], 2, "{summary:#}");
    let summary = accepted_by(&kith, &vcard);
    assert!(
        summary["warnings"]
            .to_string()
            .contains("skipped a FN value longer than 64 KiB"),
        "{summary:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Deep nesting

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[rstest]
#[case::inside_a_telegram_message_text("result.json", format!(
    r#"{{"about": "", "chats": {{"list": [{{"type": "personal_chat", "id": 2, "name": "Zoë",
       "messages": [{{"type": "message", "date_unixtime": "1600000000", "from": "Zoë",
       "from_id": "user2", "text": {}}}]}}]}}}}"#,
    nested(100_000)
))]
#[case::inside_a_messenger_message("message_1.json", format!(
    r#"{{"participants": [{{"name": "Zoë"}}, {{"name": "Sam"}}], "messages": [
       {{"sender_name": "Zoë", "timestamp_ms": 1600000000000, "content": {}}}]}}"#,
    nested(100_000)
))]
fn json_nested_100000_deep_where_kith_reads_nothing_is_skipped(
    #[case] name: &str,
    #[case] json: String,
) {
    let kith = Kith::new();
    let file = write(&kith.dir().join(name), json.as_bytes());
    let summary = accepted(&file);
    assert!(
        summary["interactions_added"].as_u64().unwrap() > 0,
        "{summary:#}"
    );
}

#[test]
fn json_nested_100000_deep_where_kith_reads_a_value_is_refused() {
    let kith = Kith::new();
    let json = format!(r#"{{"friends_v2": [{}]}}"#, nested(100_000));
    let file = write(&kith.dir().join("your_friends.json"), json.as_bytes());
    refused(
        &file,
        &["your_friends.json", "line 1", "invalid type: sequence"],
    );
}

// ---------------------------------------------------------------------------------------------
// Archives: a hand-built writer, since zip writers refuse to lie

/// An archive entry, written as raw zip records so that its header can say anything.
struct Entry {
    name: Vec<u8>,
    /// 0 (stored) or 8 (deflated).
    method: u16,
    data: Vec<u8>,
    crc: u32,
    /// The size its headers declare once unpacked.
    size: u64,
    /// Unix mode bits, for links.
    mode: u32,
}

impl Entry {
    fn stored(name: &[u8], data: &[u8]) -> Self {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        Self {
            name: name.to_vec(),
            method: 0,
            data: data.to_vec(),
            crc: crc.sum(),
            size: data.len() as u64,
            mode: 0o100_644,
        }
    }

    /// `head`, then `repeat` megabytes of `filler`, then `tail`, compressed. The megabyte is
    /// compressed once and its blocks repeated, which keeps a 10 GB entry to 10 MB and a
    /// second; its checksum is combined the same way.
    fn deflated(name: &str, head: &[u8], filler: u8, repeat: u64, tail: &[u8]) -> Self {
        use flate2::{Compress, Compression, FlushCompress};
        let mut compress = Compress::new(Compression::best(), false);
        let mut deflate = |input: &[u8]| {
            let mut out = Vec::with_capacity(input.len() / 100 + 1024);
            // A full flush ends the blocks on a byte boundary and forgets the past, so that
            // the same bytes can follow themselves.
            compress
                .compress_vec(input, &mut out, FlushCompress::Full)
                .unwrap();
            out
        };
        let megabyte = vec![filler; MIB as usize];
        let mut data = deflate(head);
        // Compressing a megabyte takes a debug build a moment; every entry shares it.
        static BLOCKS: Mutex<BTreeMap<u8, Vec<u8>>> = Mutex::new(BTreeMap::new());
        let block = BLOCKS
            .lock()
            .unwrap()
            .entry(filler)
            .or_insert_with(|| deflate(&megabyte))
            .clone();
        for _ in 0..repeat {
            data.extend_from_slice(&block);
        }
        data.extend(deflate(tail));
        // The last block: empty, fixed Huffman codes, final.
        data.extend_from_slice(&[0x03, 0x00]);
        let crc_of = |bytes: &[u8]| {
            let mut crc = flate2::Crc::new();
            crc.update(bytes);
            crc
        };
        let (mut crc, block_crc) = (crc_of(head), crc_of(&megabyte));
        (0..repeat).for_each(|_| crc.combine(&block_crc));
        crc.combine(&crc_of(tail));
        Self {
            name: name.as_bytes().to_vec(),
            method: 8,
            data,
            crc: crc.sum(),
            size: (head.len() + tail.len()) as u64 + repeat * MIB,
            mode: 0o100_644,
        }
    }

    fn link(name: &str, target: &str) -> Self {
        Self {
            mode: 0o120_777,
            ..Self::stored(name.as_bytes(), target.as_bytes())
        }
    }
}

/// Writes `entries` as a zip archive, with ZIP64 records where sizes or counts need them.
fn zip(path: &Path, entries: &[Entry]) -> PathBuf {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = out.len() as u64;
        let big =
            entry.size >= u64::from(u32::MAX) || entry.data.len() as u64 >= u64::from(u32::MAX);
        let zip64 = |out: &mut Vec<u8>| {
            out.extend_from_slice(&1u16.to_le_bytes());
            out.extend_from_slice(&16u16.to_le_bytes());
            out.extend_from_slice(&entry.size.to_le_bytes());
            out.extend_from_slice(&(entry.data.len() as u64).to_le_bytes());
        };
        let sizes = |out: &mut Vec<u8>| {
            let small = |n: u64| if big { u32::MAX } else { n as u32 };
            out.extend_from_slice(&entry.crc.to_le_bytes());
            out.extend_from_slice(&small(entry.data.len() as u64).to_le_bytes());
            out.extend_from_slice(&small(entry.size).to_le_bytes());
            out.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&(if big { 20u16 } else { 0 }).to_le_bytes());
        };
        // The local header, and the data.
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&45u16.to_le_bytes());
        out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        out.extend_from_slice(&entry.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // 1980-01-01 00:00
        sizes(&mut out);
        out.extend_from_slice(&entry.name);
        if big {
            zip64(&mut out);
        }
        out.extend_from_slice(&entry.data);
        // Its central directory record.
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&(3u16 << 8 | 45).to_le_bytes()); // made on Unix
        central.extend_from_slice(&45u16.to_le_bytes());
        central.extend_from_slice(&0x0800u16.to_le_bytes());
        central.extend_from_slice(&entry.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        sizes(&mut central);
        central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        central.extend_from_slice(&(entry.mode << 16).to_le_bytes());
        central.extend_from_slice(&(offset as u32).to_le_bytes());
        central.extend_from_slice(&entry.name);
        if big {
            zip64(&mut central);
        }
    }
    end(&mut out, &central, entries.len() as u64);
    write(path, &out)
}

/// The central directory and the records that end an archive.
fn end(out: &mut Vec<u8>, central: &[u8], count: u64) {
    let start = out.len() as u64;
    out.extend_from_slice(central);
    let record = out.len() as u64;
    // ZIP64 end record and locator, which readers look at when the end record says 0xFFFF.
    out.extend_from_slice(b"PK\x06\x06");
    out.extend_from_slice(&44u64.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u64).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(b"PK\x06\x07");
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&record.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    let small = u16::try_from(count).unwrap_or(u16::MAX);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&small.to_le_bytes());
    out.extend_from_slice(&small.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&(start as u32).to_le_bytes());
    out.extend_from_slice(&[0; 2]);
}

const TELEGRAM_START: &str = r#"{"about": "", "chats": {"list": ["#;

// ---------------------------------------------------------------------------------------------
// Archives

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    // 10 GB of spaces after the start of a Telegram export: JSON that would read to the end.
    let kith = Kith::new();
    let bomb = Entry::deflated(
        "result.json",
        TELEGRAM_START.as_bytes(),
        b' ',
        10 * 1024,
        b"]}}",
    );
    let archive = zip(&kith.dir().join("bomb.zip"), &[bomb]);
    refused(
        &archive,
        &[
            "bomb.zip/result.json",
            "it unpacks to 10.7 GB",
            "more than 100 times the size of",
            "zip bomb",
            "import the folder",
        ],
    );
}

#[test]
fn a_bomb_of_zeros_is_passed_over_after_its_first_bytes() {
    // No format starts with zeros: the entry is skipped once its head is read, so it costs
    // kith nothing, whatever the ratio.
    let kith = Kith::new();
    let bomb = Entry::deflated("result.json", b"", 0, 10 * 1024, b"");
    let archive = zip(&kith.dir().join("zeros.zip"), &[bomb]);
    let summary = accepted(&archive);
    assert!(
        warnings(&summary).contains("skipped 1 file of no known format"),
        "{summary:#}"
    );
}

#[test]
fn an_entry_that_unpacks_to_more_than_its_header_says_is_stopped_there() {
    let kith = Kith::new();
    let liar = Entry {
        // It says 1 MB, little enough for any budget, and holds 64 MB.
        size: MIB,
        ..Entry::deflated("result.json", TELEGRAM_START.as_bytes(), b' ', 64, b"]}}")
    };
    let archive = zip(&kith.dir().join("liar.zip"), &[liar]);
    refused(
        &archive,
        &[
            "liar.zip/result.json",
            "does not unpack to the 1.0 MB its header declares",
            "larger than its declared",
            "zip bomb",
        ],
    );
}

#[test]
fn files_that_together_unpack_past_the_limit_are_refused() {
    // Each file is a vCard with a note of 5 MB of spaces, compressed a thousand times; none
    // alone is over the archive's budget, all together are.
    let kith = Kith::new();
    let (head, tail) = (
        b"BEGIN:VCARD\r\nFN:Zoe Quill\r\nNOTE:",
        b"\r\nEND:VCARD\r\n",
    );
    let entries: Vec<Entry> = (0..5)
        .map(|n| Entry::deflated(&format!("cards/{n}.vcf"), head, b' ', 5, tail))
        .collect();
    let archive = zip(&kith.dir().join("cards.zip"), &entries);
    refused(
        &archive,
        &[
            "cards.zip/cards/",
            "which with the files read before it is more than 100 times",
        ],
    );
}

#[test]
fn archives_inside_an_archive_are_not_opened() {
    let kith = Kith::new();
    let contacts = read(&fixture("vcard/apple_google_v30.vcf"));
    let mut inner = zip(
        &kith.dir().join("level0.zip"),
        &[Entry::stored(b"c.vcf", &contacts)],
    );
    for level in 1..=5 {
        let bytes = read(&inner);
        let name = format!("level{}.zip", level - 1);
        inner = zip(
            &kith.dir().join(format!("level{level}.zip")),
            &[Entry::stored(name.as_bytes(), &bytes)],
        );
    }
    let outer = zip(
        &kith.dir().join("outer.zip"),
        &[
            Entry::stored(b"level5.zip", &read(&inner)),
            Entry::stored(b"contacts.vcf", &contacts),
        ],
    );
    let summary = accepted_by(&Kith::new(), &outer);
    assert!(summary["people_added"].as_u64().unwrap() > 0, "{summary:#}");
    assert!(
        warnings(&summary).contains("skipped 1 archive(s) inside it, such as `"),
        "{summary:#}"
    );
    assert!(
        warnings(&summary).contains("outer.zip/level5.zip"),
        "{summary:#}"
    );
}

#[test]
fn an_archive_with_more_entries_than_kith_lists_is_refused_before_listing_them() {
    // 500,001 empty files: a central directory of 30 MB, whose listing would take 300 MB.
    // Every record points at one local header, as overlapping bombs do.
    let kith = Kith::new();
    let count: u64 = 500_001;
    let mut out = Vec::new();
    out.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00");
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&[1, 0, 0, 0, b'0']);
    let mut central = Vec::with_capacity(count as usize * 52);
    for n in 0..count {
        let name = n.to_string();
        central.extend_from_slice(b"PK\x01\x02\x14\x03\x14\x00\x00\x00\x00\x00\x00\x00\x21\x00");
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 16]);
        central.extend_from_slice(name.as_bytes());
    }
    end(&mut out, &central, count);
    let archive = write(&kith.dir().join("many.zip"), &out);
    refused(
        &archive,
        &[
            "many.zip",
            "holds 500001 entries, more than the 500000",
            "import the folder",
        ],
    );
}

#[test]
fn entry_names_that_climb_out_or_are_absolute_stay_inside_the_archive() {
    let kith = Kith::new();
    let contacts = read(&fixture("vcard/apple_google_v30.vcf"));
    let mut names: Vec<&[u8]> = vec![
        b"../../../../../../tmp/kith-escaped.vcf",
        b"/tmp/kith-absolute.vcf",
        b"..\\..\\kith-windows.vcf",
        b"nul\0in-name.vcf",
    ];
    let entries: Vec<Entry> = names
        .drain(..)
        .map(|n| Entry::stored(n, &contacts))
        .collect();
    let archive = zip(&kith.dir().join("climb.zip"), &entries);
    let summary = accepted_by(&Kith::new(), &archive);
    assert!(summary["people_added"].as_u64().unwrap() > 0, "{summary:#}");
    // Nothing was unpacked, anywhere.
    assert!(!Path::new("/tmp/kith-escaped.vcf").exists());
    assert!(!Path::new("/tmp/kith-absolute.vcf").exists());
    let files: Vec<_> = std::fs::read_dir(kith.dir()).unwrap().collect();
    assert_eq!(files.len(), 1, "only the archive: {files:?}");
}

#[test]
fn a_broken_entry_is_named_under_its_archive_without_control_characters() {
    let kith = Kith::new();
    let broken = b"BEGIN:VCARD\r\nFN:Zo";
    let archive = zip(
        &kith.dir().join("names.zip"),
        &[Entry::stored(b"/etc/\x1b[31mred\0.vcf", broken)],
    );
    // In errors,
    let stderr = refused(
        &archive,
        &["names.zip/etc/\\u{1b}[31mred\\u{0}.vcf", "cut short"],
    );
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\0'),
        "{stderr:?}"
    );
    // and in warnings printed for people.
    let archive = zip(
        &kith.dir().join("warn.zip"),
        &[Entry::stored(
            b"\x1b]0;owned\x07.vcf",
            b"BEGIN:VCARD\r\nFN:Zo\r\nEND:VCARD\r\nx\r\n",
        )],
    );
    let run = import(&Kith::new(), &[&archive], &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains("warn.zip/\\u{1b}]0;owned\\u{7}.vcf"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\x1b') && !run.stdout.contains('\x07'),
        "{:?}",
        run.stdout
    );
}

#[test]
fn symbolic_links_inside_an_archive_are_skipped() {
    let kith = Kith::new();
    let archive = zip(
        &kith.dir().join("links.zip"),
        &[
            Entry::link("contacts.vcf", "../../../../etc/passwd"),
            Entry::stored(b"real.vcf", &read(&fixture("vcard/apple_google_v30.vcf"))),
        ],
    );
    let summary = accepted_by(&Kith::new(), &archive);
    assert!(
        warnings(&summary).contains("skipped 1 symbolic link(s), such as `"),
        "{summary:#}"
    );
    assert!(summary["people_added"].as_u64().unwrap() > 0, "{summary:#}");
}

#[rstest]
#[case::without_its_end(|bytes: &mut Vec<u8>| bytes.truncate(bytes.len() * 6 / 10), "is the download complete?")]
#[case::with_damaged_data(|bytes: &mut Vec<u8>| bytes[200] ^= 0xFF, "the archive is damaged")]
fn a_damaged_archive_is_refused(#[case] damage: fn(&mut Vec<u8>), #[case] says: &str) {
    let kith = Kith::new();
    let contacts = read(&fixture("vcard/apple_google_v30.vcf"));
    let archive = zip(
        &kith.dir().join("export.zip"),
        &[Entry::stored(b"contacts.vcf", &contacts)],
    );
    let mut bytes = read(&archive);
    damage(&mut bytes);
    write(&archive, &bytes);
    refused(&archive, &["export.zip", says]);
}

// ---------------------------------------------------------------------------------------------
// NUL bytes and files that change format

#[rstest]
#[case::csv(
    "nul_in_name.csv",
    "left out a name: a name contains control characters"
)]
#[case::vcard(
    "nul_in_name.vcf",
    "left out a name: a name contains control characters"
)]
fn a_nul_inside_a_name_leaves_the_name_out(#[case] file: &str, #[case] warning: &str) {
    let summary = accepted(&hostile(file));
    assert!(warnings(&summary).contains(warning), "{summary:#}");
}

#[test]
fn a_nul_inside_json_is_refused() {
    refused(
        &hostile("nul_in_name.json"),
        &[
            "nul_in_name.json",
            "line 3",
            "control character",
            "export it again",
        ],
    );
}

#[rstest]
#[case::csv_then_vcard(
    "contacts.csv",
    &["google/contacts.csv", "vcard/apple_google_v30.vcf"],
    "of the header's"
)]
#[case::telegram_then_vcard(
    "result.json",
    &["telegram/full_export/result.json", "vcard/apple_google_v30.vcf"],
    "more follows the end of the document"
)]
fn a_file_that_changes_format_halfway_is_refused(
    #[case] name: &str,
    #[case] parts: &[&str],
    #[case] says: &str,
) {
    let kith = Kith::new();
    let bytes: Vec<u8> = parts.iter().flat_map(|part| read(&fixture(part))).collect();
    let file = write(&kith.dir().join(name), &bytes);
    refused(&file, &[name, says]);
}

#[test]
fn a_vcard_file_with_something_else_appended_is_read_with_a_warning() {
    let kith = Kith::new();
    let bytes = [
        read(&fixture("vcard/apple_google_v30.vcf")),
        read(&fixture("google/contacts.csv")),
    ]
    .concat();
    let file = write(&kith.dir().join("contacts.vcf"), &bytes);
    let summary = accepted_by(&Kith::new(), &file);
    assert!(
        warnings(&summary).contains("line(s) outside any card"),
        "{summary:#}"
    );
}

#[test]
fn a_chat_with_binary_data_appended_keeps_its_messages() {
    let kith = Kith::new();
    let name = "WhatsApp Chat with Zoë Quill.txt";
    let mut bytes = read(&fixture(&format!("whatsapp/android_en_US/{name}")));
    bytes.extend((0..=255u8).cycle().take(100_000));
    let file = write(&kith.dir().join(name), &bytes);
    let summary = accepted(&file);
    assert!(
        summary["interactions_added"].as_u64().unwrap() > 0,
        "{summary:#}"
    );
}

// ---------------------------------------------------------------------------------------------
// Folders

#[cfg(unix)]
#[test]
fn a_folder_with_a_link_loop_a_dangling_link_and_a_pipe_is_read_past_them() {
    let kith = Kith::new();
    let folder = kith.dir().join("export");
    let contacts = read(&fixture("vcard/apple_google_v30.vcf"));
    write(&folder.join("contacts.vcf"), &contacts);
    std::os::unix::fs::symlink("..", folder.join("up")).unwrap();
    std::os::unix::fs::symlink("gone.vcf", folder.join("dangling.vcf")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(folder.join("pipe.vcf"))
        .status();
    let pipe = made.is_ok_and(|status| status.success());
    if !pipe {
        eprintln!("WARNING: `mkfifo` failed: the folder has no pipe in it");
    }
    let summary = accepted_by(&Kith::new(), &folder);
    let warnings = warnings(&summary);
    assert!(
        warnings.contains("links to a folder and was not followed"),
        "{warnings}"
    );
    assert!(
        warnings.contains("links to nothing that can be read"),
        "{warnings}"
    );
    if pipe {
        assert!(warnings.contains("is not a regular file"), "{warnings}");
    }
    assert!(summary["people_added"].as_u64().unwrap() > 0, "{summary:#}");
}
