//! `kith export`: your data in formats other programs read.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;
use kith_core::vcard::Card;
use kith_core::{FactKind, IdentityKind};
use kith_store::{Detail, Due, PeopleQuery};

use crate::cli::ExportFormat;
use crate::context::{Context, Options};
use crate::output::day;

pub(crate) fn run(
    options: &Options,
    format: ExportFormat,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let context = options.open()?;
    let text = match format {
        // Streamed as it is read: the whole database is never one string in memory.
        ExportFormat::Json => {
            return write(output, |out| {
                Ok(context.store.write_export(out, options.now)?)
            });
        }
        ExportFormat::Ics => {
            let followups = context.store.followups(Due::All)?;
            let mut named = Vec::with_capacity(followups.len());
            for followup in &followups {
                named.push((followup, context.store.person(followup.person)?.name));
            }
            kith_core::ics::calendar(named.iter().map(|(f, name)| (*f, name)), options.now)
        }
        ExportFormat::Vcard => {
            let details = details(&context)?;
            kith_core::vcard::cards(details.iter().map(|detail| Card {
                name: &detail.person.name,
                identities: &detail.identities,
                circles: &detail.circles,
                facts: &detail.facts,
            }))
        }
        ExportFormat::Csv => csv(&details(&context)?, options)?,
    };
    write(output, |out| Ok(out.write_all(text.as_bytes())?))
}

/// Writes to `output`, or to stdout when there is none.
fn write(
    output: Option<&Path>,
    content: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = output else {
        return content(&mut std::io::stdout().lock());
    };
    // Written beside the target and renamed over it, so that a failure never leaves a
    // half-written file where the old one was.
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut file = tempfile_in(folder.unwrap_or(Path::new(".")))?;
    content(&mut file).with_context(|| format!("writing {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn tempfile_in(folder: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("creating a file in {}", folder.display()))
}

/// Everyone, with everything known about them, in name order.
fn details(context: &Context) -> anyhow::Result<Vec<Detail>> {
    let people = context.store.people(&PeopleQuery::default())?;
    let mut details = Vec::with_capacity(people.len());
    for summary in people {
        details.push(context.store.detail(summary.person.id)?);
    }
    Ok(details)
}

/// One row a person: who they are, how to reach them, and a column for each kind of fact
/// (several facts of a kind joined with ` | `; private ones marked).
fn csv(details: &[Detail], options: &Options) -> anyhow::Result<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "name",
        "emails",
        "phones",
        "circles",
        "sources",
        "last talked",
    ];
    header.extend(FactKind::ALL.map(FactKind::as_str));
    out.write_record(&header)?;
    for detail in details {
        let values = |kind: IdentityKind| {
            detail
                .identities
                .iter()
                .filter(|identity| identity.kind == kind)
                .map(|identity| identity.value.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        };
        let mut row = vec![
            detail.person.id.to_string(),
            detail.person.name.to_string(),
            values(IdentityKind::Email),
            values(IdentityKind::Phone),
            detail
                .circles
                .iter()
                .map(|m| m.circle.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            detail
                .sources
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            detail
                .interactions
                .last
                .map_or_else(String::new, |at| day(at, &options.zone)),
        ];
        for kind in FactKind::ALL {
            let facts: Vec<String> = detail
                .facts
                .iter()
                .filter(|fact| fact.kind == kind)
                .map(|fact| {
                    if fact.private {
                        format!("{} (private)", fact.text)
                    } else {
                        fact.text.to_string()
                    }
                })
                .collect();
            row.push(facts.join(" | "));
        }
        out.write_record(&row)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|err| anyhow::anyhow!("writing CSV: {err}"))?;
    Ok(String::from_utf8(bytes)?)
}
