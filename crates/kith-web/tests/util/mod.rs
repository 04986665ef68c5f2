//! `spawn_app()`: a real kith server on port 0 over a fresh database in a temporary folder,
//! and a real HTTP client with typed helpers, as a browser or a script would use it.

#![allow(dead_code, unreachable_pub)]

use std::net::SocketAddr;

use axum::body::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::Request;
use hyper::header::{self, HeaderMap};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::drafts::Templates;
use kith_core::time::Duration;
use kith_core::{FactKind, FactSource, FactText, Name, NewFact, NewPerson, PersonId, Source};
use kith_store::Store;
use kith_web::{App, Clock, Settings};

pub mod browser;

/// The largest upload of every test: small, so that the limit is easy to pass.
pub const UPLOAD_LIMIT: u64 = 256 * 1024;

/// "Now" in every test.
pub const NOW: &str = "2026-11-26T10:00:00Z";

pub struct TestApp {
    pub address: SocketAddr,
    pub csrf: String,
    pub db: std::path::PathBuf,
    client: Client<HttpConnector, Full<Bytes>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

/// An answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("not JSON ({err}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|value| value.to_str().unwrap())
            .unwrap_or_default()
    }
}

pub fn now() -> Timestamp {
    NOW.parse().unwrap()
}

/// The settings of every test: UTC, "now" fixed, the built-in templates and questions.
pub fn settings() -> Settings {
    Settings {
        clock: Clock::Fixed(now()),
        zone: TimeZone::UTC,
        batch: 3,
        check_back: Duration::parse("7d").unwrap(),
        stale_after: Duration::parse("1y").unwrap(),
        templates: Templates::built_in(),
        questions: kith_core::learn::parse_bank(kith_core::learn::BUILT_IN).unwrap(),
        region: None,
        upload_limit: UPLOAD_LIMIT,
        config_dir: None,
        password: None,
    }
}

/// A server over an empty database.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// A server over a database `seed` filled first.
pub async fn spawn_with(seed: impl FnOnce(&mut Store)) -> TestApp {
    spawn_configured(seed, |_| {}).await
}

/// A server over a database `seed` filled first, with the settings `configure` changes.
pub async fn spawn_configured(
    seed: impl FnOnce(&mut Store),
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    spawn_on("127.0.0.1:0", seed, configure).await
}

/// A server listening on `bind` (such as `0.0.0.0:0`, every interface, where a login is
/// needed), reached by the tests through 127.0.0.1.
pub async fn spawn_on(
    bind: &str,
    seed: impl FnOnce(&mut Store),
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = Store::open(&db).unwrap();
    seed(&mut store);
    drop(store);
    let mut settings = settings();
    configure(&mut settings);
    let app = App::open(&db, settings).unwrap();
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], listener.local_addr().unwrap().port()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(kith_web::serve(listener, app, async {
        let _ = stopped.await;
    }));
    let client = Client::builder(TokioExecutor::new()).build_http();
    let mut app = TestApp {
        address,
        csrf: String::new(),
        db,
        client,
        stop: Some(stop),
        _dir: dir,
    };
    // Let the server start: behind a login, it refuses to serve without a password.
    tokio::task::yield_now().await;
    app.csrf = app.get("/api/v1/csrf").await.json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    app
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Full<Bytes>>) -> Answer {
        let response = self.client.request(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    pub fn request(&self, method: &str, path: &str) -> hyper::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address))
            .header(header::HOST, self.address.to_string())
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.request("GET", path).body(Full::default()).unwrap())
            .await
    }

    /// Posts a form as a browser would, with the page's token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts a form with exactly these fields.
    pub async fn post_form_raw(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body = fields
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let request = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        self.send(request).await
    }

    /// Posts JSON as a script would, with the token.
    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> Answer {
        self.post_json_with(path, body.to_string(), Some(&self.csrf.clone()))
            .await
    }

    pub async fn post_json_with(&self, path: &str, body: String, token: Option<&str>) -> Answer {
        let mut request = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        self.send(request.body(Full::new(Bytes::from(body))).unwrap())
            .await
    }
}

impl TestApp {
    /// Uploads a file as the Import page's form does: the token, then the file.
    pub async fn upload(&self, name: &str, bytes: &[u8]) -> Answer {
        let token = self.csrf.clone();
        self.upload_parts(&[
            ("csrf", None, token.as_bytes()),
            ("file", Some(name), bytes),
        ])
        .await
    }

    /// Posts `multipart/form-data` with exactly these parts: name, file name, content.
    pub async fn upload_parts(&self, parts: &[(&str, Option<&str>, &[u8])]) -> Answer {
        const BOUNDARY: &str = "kith-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, file, content) in parts {
            body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            match file {
                Some(file) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let request = self
            .request("POST", "/import")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        self.send(request).await
    }

    /// Follows an upload to its status page and waits for the import to finish.
    pub async fn finished_import(&self, uploaded: &Answer) -> String {
        assert_eq!(uploaded.status, 303, "{}", uploaded.body);
        let status = uploaded.header("location").to_owned();
        for _ in 0..200 {
            let page = self.get(&status).await;
            assert_eq!(page.status, 200, "{}", page.body);
            if !page.body.contains("http-equiv=\"refresh\"") {
                return page.body;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the import at {status} never finished");
    }
}

fn encode(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Adds a person by name, returning their id.
pub fn add_person(store: &mut Store, name: &str) -> PersonId {
    let new = NewPerson::new(Name::parse(name).unwrap(), Source::manual());
    store.write(|w| w.add_person(&new, now())).unwrap()
}

/// Records a fact.
pub fn add_fact(store: &mut Store, person: PersonId, kind: FactKind, text: &str) {
    let fact = NewFact {
        kind,
        text: FactText::parse(text).unwrap(),
        private: false,
        source: FactSource::Told,
    };
    store.write(|w| w.add_fact(person, &fact, now())).unwrap();
}
