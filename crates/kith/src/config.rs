//! Settings: defaults in code, then `~/.config/kith/config.toml` (or the file `KITH_CONFIG`
//! names), then environment variables and flags, each overriding the one before.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use kith_core::time::Duration;
use serde::Deserialize;

use crate::context::BadInput;

/// The settings file as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    batch: Option<usize>,
    check_back: Option<String>,
    stale_after: Option<String>,
    region: Option<String>,
    zone: Option<String>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    /// How many people `kith reunion` suggests a day.
    pub(crate) batch: usize,
    /// How long after reaching out kith asks whether they replied.
    pub(crate) check_back: Duration,
    /// How old a fact is before it shows as stale.
    pub(crate) stale_after: Duration,
    /// The country for phone numbers without a country code, if set here.
    pub(crate) region: Option<String>,
    /// The time zone for exports without one, if set here.
    pub(crate) zone: Option<String>,
}

/// A commented settings file with every default, for `kith config default`.
pub(crate) const DEFAULT: &str = r#"# kith's settings: ~/.config/kith/config.toml (or the file KITH_CONFIG names).
# Every key is optional; flags and environment variables override what is here.

# How many people `kith reunion` suggests a day.
batch = 3

# How long after `kith reach` a follow-up asks whether they replied (d, w, m, y).
check-back = "7d"

# How old a fact is before `kith show` marks it stale, to be confirmed or corrected.
stale-after = "1y"

# The country whose dialling rules read phone numbers written without a country code
# (default: the country of your locale). Same as --region or KITH_REGION.
# region = "UA"

# The time zone of exports that write times without one (WhatsApp, old Telegram)
# (default: the system's). Same as --zone or KITH_ZONE.
# zone = "Europe/Kyiv"
"#;

impl Config {
    /// Reads the settings file, if there is one.
    pub(crate) fn load() -> anyhow::Result<Self> {
        let file = match path() {
            Some(path) => read(&path)?,
            None => File::default(),
        };
        let duration =
            |text: Option<String>, default: &str, key: &str| -> anyhow::Result<Duration> {
                let text = text.unwrap_or_else(|| default.to_owned());
                Duration::parse(&text).with_context(|| format!("`{key}` in the settings file"))
            };
        Ok(Self {
            batch: file.batch.unwrap_or(3),
            check_back: duration(file.check_back, "7d", "check-back")?,
            stale_after: duration(file.stale_after, "1y", "stale-after")?,
            region: file.region,
            zone: file.zone,
        })
    }
}

fn path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KITH_CONFIG") {
        return Some(PathBuf::from(path));
    }
    let dirs = directories::ProjectDirs::from("", "", "kith")?;
    Some(dirs.config_dir().join("config.toml"))
}

fn read(path: &Path) -> anyhow::Result<File> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(File::default()),
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    };
    toml::from_str(&text).map_err(|err| {
        BadInput(format!(
            "the settings file {} is not valid: {}`kith config default` prints a valid one",
            path.display(),
            err
        ))
        .into()
    })
}
