//! What every request shares: the database (a few connections, used off the async threads),
//! the settings the binary read (which the Settings page may change), the clock, the
//! per-process secret that proves a form was served by this process, and the imports under
//! way.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::Region;
use kith_core::drafts::Templates;
use kith_core::learn::Question;
use kith_core::time::Duration;
use kith_store::Store;

use crate::Error;
use crate::import::Imports;
use crate::login::Sessions;
use crate::pages::today::Queue;

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read for each request.
    System,
    /// A fixed moment (`--now`), for demos and tests.
    Fixed(Timestamp),
}

impl Clock {
    /// The moment to take as now.
    pub fn now(self) -> Timestamp {
        match self {
            Self::System => Timestamp::now(),
            Self::Fixed(at) => at,
        }
    }
}

/// The largest upload the Import page takes unless told otherwise: exports with years of
/// chats run to gigabytes, and the upload goes to a temporary file, not memory.
pub const UPLOAD_LIMIT: u64 = 4 * 1024 * 1024 * 1024;

/// What the binary read from the settings file, the user's templates and question bank, and
/// the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where "now" comes from.
    pub clock: Clock,
    /// The time zone dates are shown and counted in.
    pub zone: TimeZone,
    /// How many people the reunion queue suggests a day.
    pub batch: usize,
    /// How long after reaching out kith asks whether they replied.
    pub check_back: Duration,
    /// How old a fact is before it shows as stale.
    pub stale_after: Duration,
    /// The message templates, the user's over the built-in ones.
    pub templates: Templates,
    /// The question bank.
    pub questions: Vec<Question>,
    /// The country whose dialling rules read phone numbers without a country code, in
    /// uploaded exports.
    pub region: Option<Region>,
    /// The largest upload the Import page takes, in bytes.
    pub upload_limit: u64,
    /// kith's config folder, where the Settings page saves the user's templates and question
    /// bank (as `kith` reads them); without one they cannot be saved.
    pub config_dir: Option<PathBuf>,
    /// The argon2 hash of the login password (`kith serve --set-password`), if one is set:
    /// serving beyond this machine needs it.
    pub password: Option<String>,
}

impl Settings {
    /// Facts last confirmed before this moment are stale.
    pub(crate) fn stale_before(&self, now: Timestamp) -> Timestamp {
        self.stale_after.before(now, &self.zone)
    }

    /// A moment as the user reads it: the calendar day in their zone.
    pub(crate) fn day(&self, at: Timestamp) -> String {
        self.zone.to_datetime(at).date().to_string()
    }
}

/// The state every handler gets: cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    /// One permit per connection: see [`CONNECTIONS`].
    permits: Arc<tokio::sync::Semaphore>,
    settings: RwLock<Arc<Settings>>,
    csrf: String,
    hosts: RwLock<Vec<String>>,
    imports: Imports,
    sessions: Sessions,
    /// Set when serving on an address other machines can reach.
    login: AtomicBool,
    /// A connection that never writes, to read the database's data version through.
    watcher: Mutex<Store>,
    /// Today's queue as last drawn: the day, the data version it was read at, the queue.
    today: Mutex<Option<(String, u64, Arc<Queue>)>>,
    /// Held while the queue is drawn, so that requests arriving meanwhile wait for it rather
    /// than each draw it again.
    drawing: Mutex<()>,
}

/// How many requests use the database at once, each on a connection of its own. Connections
/// are kept open between requests (opening one reads the schema and starts with a cold page
/// cache); more requests than this wait for one, rather than open more to close after.
const CONNECTIONS: usize = 8;

impl App {
    /// Opens the database at `path` (creating and upgrading it as `kith` always does) to serve
    /// it with `settings`.
    pub fn open(path: &Path, settings: Settings) -> Result<Self, Error> {
        let store = Store::open(path)?;
        let watcher = Store::open(path)?;
        let csrf = random_token()?;
        Ok(Self {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                idle: Mutex::new(vec![store]),
                permits: Arc::new(tokio::sync::Semaphore::new(CONNECTIONS)),
                settings: RwLock::new(Arc::new(settings)),
                csrf,
                hosts: RwLock::new(Vec::new()),
                imports: Imports::default(),
                sessions: Sessions::default(),
                login: AtomicBool::new(false),
                watcher: Mutex::new(watcher),
                today: Mutex::new(None),
                drawing: Mutex::new(()),
            }),
        })
    }

    /// The moment this request takes as now.
    pub(crate) fn now(&self) -> Timestamp {
        self.settings().clock.now()
    }

    /// The settings in force.
    pub(crate) fn settings(&self) -> Arc<Settings> {
        match self.inner.settings.read() {
            Ok(settings) => Arc::clone(&settings),
            // A thread that panicked while replacing the settings left them whole: the
            // replacement is one assignment.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Puts `change` of the settings in force, for the requests after this one.
    pub(crate) fn change_settings(&self, change: impl FnOnce(&mut Settings)) {
        let mut settings = Settings::clone(&self.settings());
        change(&mut settings);
        match self.inner.settings.write() {
            Ok(mut current) => *current = Arc::new(settings),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(settings),
        }
        // The queue's drafts come from the templates.
        *self.today() = None;
    }

    /// A number that changes whenever anything is written to the database, by this server or
    /// any other process (`kith` commands run alongside it).
    pub(crate) fn data_version(&self) -> Result<u64, Error> {
        let watcher = self
            .inner
            .watcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(watcher.data_version()?)
    }

    fn today(&self) -> std::sync::MutexGuard<'_, Option<(String, u64, Arc<Queue>)>> {
        // Whole after a panic: it is replaced in one assignment.
        self.inner
            .today
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Today's queue, if it was drawn on `day` from the database as it still is (`version`).
    fn cached_queue(&self, day: &str, version: u64) -> Option<Arc<Queue>> {
        match &*self.today() {
            Some((cached_day, cached_version, queue))
                if cached_day == day && *cached_version == version =>
            {
                Some(Arc::clone(queue))
            }
            _ => None,
        }
    }

    /// Today's queue for `day` at `version`: the one kept, or `draw`n (by one request at a
    /// time: the others wait, then find it kept) and kept.
    pub(crate) fn queue(
        &self,
        day: String,
        version: u64,
        draw: impl FnOnce() -> Result<Queue, Error>,
    ) -> Result<Arc<Queue>, Error> {
        if let Some(queue) = self.cached_queue(&day, version) {
            return Ok(queue);
        }
        let _drawing = self
            .inner
            .drawing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(queue) = self.cached_queue(&day, version) {
            return Ok(queue);
        }
        let queue = Arc::new(draw()?);
        self.cache_queue(day, version, Arc::clone(&queue));
        Ok(queue)
    }

    /// Keeps the queue drawn on `day` from the database at `version`, read before the queue
    /// was: any write since then changes the version, so a stale queue is never served.
    fn cache_queue(&self, day: String, version: u64, queue: Arc<Queue>) {
        *self.today() = Some((day, version, queue));
    }

    /// The sessions of people who logged in.
    pub(crate) fn sessions(&self) -> &Sessions {
        &self.inner.sessions
    }

    /// Whether every request but the login's must come from someone logged in.
    pub(crate) fn login_required(&self) -> bool {
        self.inner.login.load(Ordering::Relaxed)
    }

    /// The imports started from the Import page.
    pub(crate) fn imports(&self) -> &Imports {
        &self.inner.imports
    }

    /// The token every state-changing request must carry.
    pub(crate) fn csrf(&self) -> &str {
        &self.inner.csrf
    }

    /// Serves `local`: on a loopback address, only requests addressed to it by its own name
    /// (`127.0.0.1:PORT`, `localhost:PORT`, …); on any other, only with a login, and then
    /// under whatever name the network gives it.
    pub(crate) fn serve_on(&self, local: SocketAddr) -> Result<(), Error> {
        if !local.ip().is_loopback() {
            if self.settings().password.is_none() {
                return Err(crate::unreachable_without_login(local));
            }
            self.inner.login.store(true, Ordering::Relaxed);
        }
        self.allow_host(local);
        Ok(())
    }

    /// Accepts requests addressed to `local` (as `127.0.0.1:PORT`, `localhost:PORT`, …).
    fn allow_host(&self, local: SocketAddr) {
        let port = local.port();
        let mut names = vec![
            local.to_string(),
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ];
        // Browsers leave the port out of `Host` when it is the scheme's default.
        if port == 80 {
            names.extend(["localhost", "127.0.0.1", "[::1]"].map(str::to_owned));
            names.push(local.ip().to_string());
        }
        if let Ok(mut hosts) = self.inner.hosts.write() {
            *hosts = names;
        }
    }

    /// Whether a request's `Host` names this server (not a name an attacker's DNS points here).
    /// Behind a login any name will do: the network names the server, and a page whose DNS
    /// was rebound here has no session.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        if self.login_required() {
            return true;
        }
        self.inner
            .hosts
            .read()
            .map(|hosts| {
                hosts
                    .iter()
                    .any(|allowed| allowed.eq_ignore_ascii_case(host))
            })
            .unwrap_or(false)
    }

    /// Runs `work` with a database connection, on a thread where blocking is fine.
    pub(crate) async fn db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store, &Settings) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let app = self.clone();
        let permit = Arc::clone(&self.inner.permits)
            .acquire_owned()
            .await
            .map_err(|err| Error::Internal(format!("the connections were closed: {err}")))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let idle = app.inner.idle.lock().ok().and_then(|mut idle| idle.pop());
            let mut store = match idle {
                Some(store) => store,
                None => Store::open(&app.inner.path)?,
            };
            let settings = app.settings();
            let result = work(&mut store, &settings);
            if let Ok(mut idle) = app.inner.idle.lock()
                && idle.len() < CONNECTIONS
            {
                idle.push(store);
            }
            result
        })
        .await
        .map_err(|err| Error::Internal(format!("a database task failed: {err}")))?
    }
}

/// 32 random bytes from the operating system, as hex.
pub(crate) fn random_token() -> Result<String, Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|err| Error::Internal(format!("the system gave no random bytes: {err}")))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}
