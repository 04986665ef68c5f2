//! The web UI under load: 16 connections at once asking for the People, Person and Today
//! pages of a large database, each page in turn, with the latency of every request recorded.
//! The server is `kith serve`'s (`kith_web::serve` on a two-thread runtime, the built-in
//! settings); the clients run on a runtime of their own in the same process.
//!
//! ```sh
//! cargo run --release -p kith -- --db /tmp/kith-100k.db demo --no-serve --people 100000
//! cargo bench -p kith-web --bench load -- /tmp/kith-100k.db
//! ```
//!
//! Options after the database: `--connections N` (16), `--requests N` per connection and page
//! (200). Prints, per page, the requests, errors, throughput and the 50th, 99th percentile and
//! the slowest latency; exits 1 if any request failed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use jiff::tz::TimeZone;
use kith_core::drafts::Templates;
use kith_web::{App, Clock, Settings};

struct Options {
    db: PathBuf,
    connections: usize,
    requests: usize,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1).filter(|arg| arg != "--bench");
    let mut options = Options {
        db: PathBuf::new(),
        connections: 16,
        requests: 200,
    };
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{name} takes a number"))
        };
        match arg.as_str() {
            "--connections" => options.connections = number("--connections")?,
            "--requests" => options.requests = number("--requests")?,
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}")),
            _ => options.db = PathBuf::from(arg),
        }
    }
    if options.db.as_os_str().is_empty() {
        return Err("name the database to serve, e.g. /tmp/kith-100k.db".to_owned());
    }
    if !options.db.exists() {
        return Err(format!(
            "{} does not exist; make one with `kith --db {} demo --no-serve --people 100000`",
            options.db.display(),
            options.db.display()
        ));
    }
    Ok(options)
}

/// `kith serve`'s settings with nothing configured.
fn settings() -> Settings {
    let duration = |text| kith_core::time::Duration::parse(text).expect("a valid duration");
    Settings {
        clock: Clock::System,
        zone: TimeZone::system(),
        batch: 3,
        check_back: duration("7d"),
        stale_after: duration("1y"),
        templates: Templates::built_in(),
        questions: kith_core::learn::parse_bank(kith_core::learn::BUILT_IN)
            .expect("the built-in bank is valid"),
        region: None,
        upload_limit: kith_web::UPLOAD_LIMIT,
        config_dir: None,
        password: None,
    }
}

fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("load: {err}");
            std::process::exit(2);
        }
    };
    // The server, as `kith serve` runs it.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let app = App::open(&options.db, settings()).expect("the database opens");
    let listener = server
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port on this machine");
    let address = listener.local_addr().expect("a bound address");
    server.spawn(kith_web::serve(listener, app, std::future::pending()));

    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let failed = clients.block_on(run(address, &options));
    if failed {
        std::process::exit(1);
    }
}

async fn run(address: SocketAddr, options: &Options) -> bool {
    // People to open, from the first pages of the list.
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let (status, body) = get(&client, address, "/api/v1/people?limit=500").await;
    assert_eq!(status, 200, "listing people: {body}");
    let ids: Vec<i64> = serde_json::from_str::<serde_json::Value>(&body)
        .expect("a JSON list")
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|person| person["id"].as_i64())
        .collect();
    assert!(!ids.is_empty(), "the database has nobody in it");
    let names: Vec<String> = ["ann", "ol", "ivan", "ma"]
        .into_iter()
        .map(str::to_owned)
        .collect();

    println!(
        "{} connections × {} requests per page, against {}",
        options.connections,
        options.requests,
        options.db.display()
    );
    println!(
        "{:<24} {:>8} {:>7} {:>10} {:>9} {:>9} {:>9}",
        "page", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    let mut failed = false;
    let pages: [(&str, Box<PathOf>); 4] = [
        ("Today /", Box::new(|_| "/".to_owned())),
        ("People /people", Box::new(|_| "/people".to_owned())),
        (
            "People /people?q=NAME",
            Box::new(move |n| format!("/people?q={}", names[n % names.len()])),
        ),
        (
            "Person /people/ID",
            Box::new(move |n| format!("/people/{}", ids[(n * 7919) % ids.len()])),
        ),
    ];
    for (name, path) in pages {
        let path = std::sync::Arc::new(path);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for connection in 0..options.connections {
            let path = std::sync::Arc::clone(&path);
            let requests = options.requests;
            tasks.push(tokio::spawn(async move {
                // One client each, holding one kept-alive connection.
                let client = Client::builder(TokioExecutor::new())
                    .pool_max_idle_per_host(1)
                    .build_http::<Full<Bytes>>();
                let mut latencies = Vec::with_capacity(requests);
                let mut errors = 0;
                for request in 0..requests {
                    let target = path(connection * requests + request);
                    let sent = Instant::now();
                    let (status, _) = get(&client, address, &target).await;
                    latencies.push(sent.elapsed());
                    if status != 200 {
                        errors += 1;
                    }
                }
                (latencies, errors)
            }));
        }
        let mut latencies = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (mine, failed) = task.await.expect("a client task");
            latencies.extend(mine);
            errors += failed;
        }
        let elapsed = started.elapsed();
        latencies.sort();
        let at = |share: f64| {
            let index =
                ((latencies.len() as f64 * share).ceil() as usize).clamp(1, latencies.len());
            ms(latencies[index - 1])
        };
        println!(
            "{:<24} {:>8} {:>7} {:>10.0} {:>9.1} {:>9.1} {:>9.1}",
            name,
            latencies.len(),
            errors,
            latencies.len() as f64 / elapsed.as_secs_f64(),
            at(0.50),
            at(0.99),
            ms(*latencies.last().expect("at least one request")),
        );
        failed |= errors > 0;
    }
    failed
}

/// The path of the n-th request of a page.
type PathOf = dyn Fn(usize) -> String + Send + Sync;

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

async fn get(
    client: &Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    address: SocketAddr,
    path: &str,
) -> (u16, String) {
    let request = hyper::Request::get(format!("http://{address}{path}"))
        .header(hyper::header::HOST, address.to_string())
        .body(Full::default())
        .expect("a request");
    match client.request(request).await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map(|body| String::from_utf8_lossy(&body.to_bytes()).into_owned())
                .unwrap_or_default();
            (status, body)
        }
        Err(err) => (0, err.to_string()),
    }
}
