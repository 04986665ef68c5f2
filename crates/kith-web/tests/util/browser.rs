//! A real headless Chromium driven through chromedriver, over the W3C WebDriver protocol.
//!
//! The protocol is a handful of JSON requests over HTTP, so the client is written here on a
//! plain `TcpStream` rather than taken from a WebDriver crate: `fantoccini`, the usual one,
//! brings about sixty crates (two versions of the ICU tables through `url`, `time`, `cookie`,
//! `webdriver`) into every build for what is a few dozen lines. Being blocking, it also works
//! in `Drop`, which ends the browser even when a test fails half-way.
//!
//! Where Debian's `chromium` and `chromium-driver` are missing, [`Browser::start`] says so
//! loudly and the test is skipped, unless `CI` is set: `.ci/run` installs them, so there a
//! missing browser fails the run.

use std::io::{BufRead as _, Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The W3C name of an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Desktop and phone widths every page is looked at in.
pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (390, 844);

/// A browser session; ended, with its driver, when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// An element of the current page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile, or `None` (after a
    /// loud notice) where they are not installed and this is not CI.
    pub fn start() -> Option<Self> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the browser tests, but {CHROMEDRIVER} or {CHROMIUM} is missing: \
                 .ci/run installs Debian's chromium and chromium-driver"
            );
            eprintln!(
                "\n!!!!!!!!\n!!! SKIPPED: the browser tests need Debian's chromium and \
                 chromium-driver (apt-get install chromium chromium-driver); CI runs them.\n\
                 !!!!!!!!\n"
            );
            return None;
        }
        let mut driver = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let port = match driver_port(&mut driver) {
            Ok(port) => port,
            Err(seen) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("chromedriver did not say its port: {seen}");
            }
        };
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Self {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
        ]
        .map(str::to_owned)
        .into_iter()
        .chain([format!(
            "--user-data-dir={}",
            browser._profile.path().display()
        )])
        .collect::<Vec<_>>();
        let created = browser.call(
            "POST",
            "/session",
            json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
                "timeouts": {"implicit": 5000, "pageLoad": 20000, "script": 5000},
            }}}),
        );
        browser.session = created["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        browser.resize(DESKTOP);
        Some(browser)
    }

    /// Sends one command of this session and returns its `value`.
    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body)
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let answer = http(self.port, method, path, &body)
            .unwrap_or_else(|err| panic!("chromedriver did not answer {method} {path}: {err}"));
        let value: Value = serde_json::from_str(&answer).unwrap_or_else(|err| {
            panic!("chromedriver answered {path} with non-JSON ({err}): {answer}")
        });
        let value = value["value"].clone();
        if let Some(error) = value.get("error") {
            panic!(
                "{method} {path} failed: {error}: {}",
                value["message"].as_str().unwrap_or_default()
            );
        }
        value
    }

    /// Sets the window's outer size.
    pub fn resize(&self, (width, height): (u32, u32)) {
        self.command(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        );
    }

    /// Loads a page and waits for it.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    pub fn url(&self) -> String {
        self.command("GET", "/url", json!(null))
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The first element `css` selects, waiting up to five seconds for one.
    pub fn find(&self, css: &str) -> Element {
        let found = self.command(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        Element(
            found[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("`{css}` found {found}"))
                .to_owned(),
        )
    }

    /// Every element `css` selects now (waiting up to five seconds for at least one).
    pub fn find_all(&self, css: &str) -> Vec<Element> {
        self.command(
            "POST",
            "/elements",
            json!({"using": "css selector", "value": css}),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|found| Element(found[ELEMENT].as_str().unwrap().to_owned()))
        .collect()
    }

    /// Waits until the page's text holds `text`, as htmx swaps the page in after a click.
    pub fn wait_for_text(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            // One command, so that a page replaced meanwhile (a reload, an htmx swap) cannot
            // leave a stale element between finding the body and reading it.
            let body = self.command(
                "POST",
                "/execute/sync",
                json!({
                    "script": "return document.body ? document.body.innerText : '';",
                    "args": [],
                }),
            );
            let body = body.as_str().unwrap_or_default().to_owned();
            if body.contains(text) {
                return body;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the page never showed `{text}`; it shows:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, element: &Element) {
        self.command("POST", &format!("/element/{}/click", element.0), json!({}));
    }

    /// Types into a field (for a file input: the path of the file to upload).
    pub fn type_into(&self, element: &Element, text: &str) {
        self.command(
            "POST",
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        );
    }

    pub fn text(&self, element: &Element) -> String {
        self.command("GET", &format!("/element/{}/text", element.0), json!(null))
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// An element's size on the page, in CSS pixels.
    pub fn size(&self, element: &Element) -> (f64, f64) {
        let rect = self.command("GET", &format!("/element/{}/rect", element.0), json!(null));
        (
            rect["width"].as_f64().unwrap(),
            rect["height"].as_f64().unwrap(),
        )
    }

    /// The page's width as laid out, and the window's: a page wider than its window scrolls
    /// sideways, which on a phone is a bug.
    pub fn widths(&self) -> (f64, f64) {
        let widths = self.command(
            "POST",
            "/execute/sync",
            json!({
                "script": "return [document.documentElement.scrollWidth, window.innerWidth];",
                "args": [],
            }),
        );
        (widths[0].as_f64().unwrap(), widths[1].as_f64().unwrap())
    }

    /// Saves a screenshot of the whole page as `target/screenshots/NAME.png`, to look at.
    pub fn screenshot(&self, name: &str) -> PathBuf {
        // The page's full height, so that the screenshot shows all of it.
        let height = self.command(
            "POST",
            "/execute/sync",
            json!({"script": "return document.documentElement.scrollHeight;", "args": []}),
        );
        let rect = self.command("GET", "/window/rect", json!(null));
        let width = rect["width"].as_u64().unwrap();
        let full = height.as_u64().unwrap_or(900).clamp(300, 6000) + 120;
        self.resize((width as u32, full as u32));
        let png = self.command("GET", "/screenshot", json!(null));
        self.resize((width as u32, rect["height"].as_u64().unwrap() as u32));
        let bytes = base64(png.as_str().expect("a base64 screenshot"));
        assert!(bytes.starts_with(b"\x89PNG"), "the screenshot is a PNG");
        let folder = screenshots();
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Ends Chromium; the driver alone would leave it running.
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                &json!(null),
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

/// Reads the port from chromedriver's "started successfully on port N." line.
fn driver_port(driver: &mut Child) -> Result<u16, String> {
    let mut out = driver.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if out.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        seen.push(byte[0]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(rest) = text.split("started successfully on port ").nth(1)
            && let Some(port) = rest.strip_suffix(".\n")
        {
            // Keep reading its output in the background so that it never blocks on a pipe.
            std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
            return port.trim().parse().map_err(|_| text.into_owned());
        }
    }
    Err(String::from_utf8_lossy(&seen).into_owned())
}

/// One HTTP/1.1 request to chromedriver on this machine; the answer's body.
fn http(port: u16, method: &str, path: &str, body: &Value) -> std::io::Result<String> {
    let body = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    // chromedriver keeps the connection open whatever the request says: read the head, then
    // exactly the body it announces.
    let mut reader = std::io::BufReader::new(stream);
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse::<usize>().ok();
        }
        chunked |= lower.starts_with("transfer-encoding:") && lower.contains("chunked");
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = length {
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// Standard base64, as WebDriver sends screenshots.
fn base64(text: &str) -> Vec<u8> {
    let value = |byte: u8| -> Option<u32> {
        Some(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0);
    for digit in text.bytes().filter_map(value) {
        bits = (bits << 6) | digit;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}
