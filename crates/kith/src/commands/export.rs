//! `kith export`: your data in formats other programs read.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use kith_store::Due;

use crate::cli::ExportFormat;
use crate::context::Options;

pub(crate) fn run(
    options: &Options,
    format: ExportFormat,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let context = options.open()?;
    let text = match format {
        ExportFormat::Ics => {
            let followups = context.store.followups(Due::All)?;
            let mut named = Vec::with_capacity(followups.len());
            for followup in &followups {
                named.push((followup, context.store.person(followup.person)?.name));
            }
            kith_core::ics::calendar(named.iter().map(|(f, name)| (*f, name)), options.now)
        }
    };
    match output {
        Some(path) => {
            // Written beside the target and renamed over it, so that a failure never leaves a
            // half-written calendar where the old one was.
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            let mut file = tempfile_in(folder.unwrap_or(Path::new(".")))?;
            file.write_all(text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            file.persist(path)
                .with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

fn tempfile_in(folder: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("creating a file in {}", folder.display()))
}
