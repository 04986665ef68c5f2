//! What every command works with: the store, "now", the time zone to show dates in, and
//! whether to print JSON.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use kith_core::{Person, PersonRef, Region};
use kith_store::{Scope, Store};

use crate::cli::{Global, RegionArg};
use crate::config::Config;

/// Input the user can fix that is not a domain value (a path, a setting).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct BadInput(pub(crate) String);

/// Options shared by every command, read and validated once.
#[derive(Debug)]
pub(crate) struct Options {
    /// The database named with `--db` or `KITH_DB`, if one was.
    pub(crate) db: Option<PathBuf>,
    pub(crate) json: bool,
    pub(crate) now: Timestamp,
    /// Whether "now" was given (`--now`), rather than read from the clock.
    pub(crate) now_given: bool,
    pub(crate) zone: TimeZone,
    /// kith's config folder (`~/.config/kith`), where the user's own message templates and
    /// question bank live, if there is a home to find it in.
    pub(crate) config_dir: Option<PathBuf>,
    /// The settings file's values, over the defaults.
    pub(crate) config: Config,
}

impl Options {
    pub(crate) fn from_global(global: Global) -> anyhow::Result<Self> {
        let zone = TimeZone::system();
        let now = match &global.now {
            Some(text) => kith_core::time::parse_instant(text, &zone).context("--now")?,
            None => Timestamp::now(),
        };
        let config_dir =
            directories::ProjectDirs::from("", "", "kith").map(|dirs| dirs.config_dir().to_owned());
        Ok(Self {
            db: global.db,
            json: global.json,
            now,
            now_given: global.now.is_some(),
            zone,
            config_dir,
            config: Config::load()?,
        })
    }

    /// Facts last confirmed before this moment are stale.
    pub(crate) fn stale_before(&self) -> Timestamp {
        self.config.stale_after.before(self.now, &self.zone)
    }

    /// The database to use: the one named, or the default in the XDG data folder, whose
    /// folder is created on first use.
    pub(crate) fn db_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.db {
            return Ok(path.clone());
        }
        let folder = data_folder()?;
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating the data folder {}", folder.display()))?;
        Ok(folder.join("kith.db"))
    }

    pub(crate) fn open(&self) -> anyhow::Result<Context> {
        let path = self.db_path()?;
        let store = open_store(&path)?;
        Ok(Context { store })
    }
}

/// The country whose dialling rules read national phone numbers: the one named with
/// `--region` or `KITH_REGION`, else in the settings file, else the country of the user's locale (`uk_UA.UTF-8` → UA),
/// else none, and national numbers are kept as their digits.
pub(crate) fn region(named: &RegionArg, config: &Config) -> anyhow::Result<Option<Region>> {
    if let Some(code) = &named.region {
        return Ok(Some(Region::parse(code).context("--region")?));
    }
    if let Some(code) = &config.region {
        return Ok(Some(
            Region::parse(code).context("`region` in the settings file")?,
        ));
    }
    let locale = ["LC_ALL", "LC_TELEPHONE", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    Ok(locale.and_then(|locale| {
        // `language_COUNTRY.encoding@modifier`
        let country = locale.split(['.', '@']).next()?.split_once('_')?.1;
        Region::parse(country).ok()
    }))
}

/// The sentence model installed with `kith model import`, loaded, if there is one: the
/// semantic tier's [`kith_core::meaning::Embed`].
pub(crate) fn semantic_model() -> anyhow::Result<Option<kith_model::Model>> {
    Ok(kith_model::installed(&data_folder()?)?)
}

/// The XDG data folder (`~/.local/share/kith`), where databases live by default.
pub(crate) fn data_folder() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "kith").ok_or_else(|| {
        BadInput("cannot tell where your home folder is; name a database with --db".into())
    })?;
    Ok(dirs.data_dir().to_owned())
}

pub(crate) fn open_store(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("opening {}", path.display()))
}

/// An open store.
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) store: Store,
}

impl Context {
    /// Finds the person a command names, among people who are not deleted.
    pub(crate) fn person(&self, text: &str) -> anyhow::Result<Person> {
        self.person_in(text, Scope::Active)
    }

    pub(crate) fn person_in(&self, text: &str, scope: Scope) -> anyhow::Result<Person> {
        let reference = PersonRef::parse(text)?;
        Ok(self.store.find(&reference, scope)?)
    }
}
