//! `kith people` and `kith show`.

use kith_core::time::Duration;
use kith_core::{CircleName, FollowUp, Sift};
use kith_store::{PeopleQuery, Summary};

use serde::Serialize;

use crate::cli::PeopleArgs;
use crate::commands::intersect::{self, IntersectionJson};
use crate::context::Options;
use crate::output::{DetailJson, History, SummaryJson, day, print_json, table};

pub(crate) fn list(options: &Options, args: &PeopleArgs) -> anyhow::Result<()> {
    let sift = &args.sift;
    let sift = if sift.strangers {
        Some(Sift::Strangers)
    } else if sift.never_talked {
        Some(Sift::NeverTalked)
    } else if let Some(duration) = &sift.inactive {
        let cutoff = Duration::parse(duration)?.before(options.now, &options.zone);
        Some(Sift::InactiveSince(cutoff))
    } else {
        None
    };
    let query = PeopleQuery {
        circle: args.circle.as_deref().map(CircleName::parse).transpose()?,
        limit: args.limit,
        duplicates: args.duplicates,
        sift,
        goals_unknown: args.goals_unknown,
        ..PeopleQuery::default()
    };
    let context = options.open()?;
    let people = context.store.people(&query)?;
    if args.duplicates {
        return duplicates(options, people);
    }
    if options.json {
        return print_json(
            &people
                .into_iter()
                .map(SummaryJson::from)
                .collect::<Vec<_>>(),
        );
    }
    if people.is_empty() {
        if query.sift.is_some() || query.circle.is_some() || query.goals_unknown {
            say!("Nobody matches.");
        } else {
            say!("Nobody here yet. Add someone with `kith person add NAME`, or try `kith demo`.");
        }
        return Ok(());
    }
    let mut rows = table(&["id", "name", "email", "circles", "facts", "last talked"]);
    let count = people.len();
    for summary in people {
        rows.add_row(vec![
            summary.person.id.to_string(),
            summary.person.name.to_string(),
            summary.emails.first().cloned().unwrap_or_default(),
            summary.circles.join(", "),
            summary.facts.to_string(),
            summary
                .last_interaction
                .map_or_else(|| "never".to_owned(), |at| day(at, &options.zone)),
        ]);
    }
    say!("{rows}");
    say!("{count} {}", if count == 1 { "person" } else { "people" });
    Ok(())
}

/// `kith people --duplicates`: groups of people who share a name, as arrays of people.
fn duplicates(options: &Options, people: Vec<Summary>) -> anyhow::Result<()> {
    let mut groups: Vec<Vec<Summary>> = Vec::new();
    for summary in people {
        match groups.last_mut() {
            Some(group) if group[0].person.name.key() == summary.person.name.key() => {
                group.push(summary);
            }
            _ => groups.push(vec![summary]),
        }
    }
    if options.json {
        let groups: Vec<Vec<SummaryJson>> = groups
            .into_iter()
            .map(|group| group.into_iter().map(SummaryJson::from).collect())
            .collect();
        return print_json(&groups);
    }
    if groups.is_empty() {
        say!("Nobody shares a name with anyone else.");
        return Ok(());
    }
    for group in &groups {
        say!("{}", group[0].person.name);
        for summary in group {
            let mut known: Vec<String> = summary.emails.clone();
            known.extend(summary.phones.iter().cloned());
            known.push(format!("from {}", summary.sources.join(", ")));
            say!("  id {:<6} {}", summary.person.id, known.join("; "));
        }
    }
    say!(
        "\n{} names shared by more than one person. If two are one human, `kith person merge \
         KEPT MERGED` makes them one (and `kith person unmerge` undoes it).",
        groups.len()
    );
    Ok(())
}

pub(crate) fn show(options: &Options, person: &str) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let person = context.person(person)?;
    let detail = context.store.detail(person.id)?;
    let followups: Vec<FollowUp> = context
        .store
        .followups_of(detail.person.id)?
        .into_iter()
        .filter(|followup| followup.done.is_none())
        .collect();
    let outreach = context.store.outreach_of(detail.person.id)?;
    let outcomes = context.store.outcomes_of(detail.person.id)?;
    let exclusion = context.store.exclusion(detail.person.id)?;
    let intersections = intersect::with_me(&mut context, detail.person.id)?;
    if options.json {
        let history = History {
            followups: &followups,
            outreach: &outreach,
            outcomes: &outcomes,
            exclusion: exclusion.as_ref(),
        };
        let detail = DetailJson::new(&detail, history, options.stale_before());
        return print_json(&ShowJson {
            detail,
            intersections,
        });
    }
    let zone = &options.zone;
    let me = if person.is_me { ", that's you" } else { "" };
    say!("{} (id {}{me})", person.name, person.id);
    if let Some(at) = person.archived {
        say!(
            "  deleted on {}; `kith person restore {}` brings them back",
            day(at, zone),
            person.id
        );
    }
    for identity in &detail.identities {
        say!(
            "  {:<8} {}  ({})",
            identity.kind,
            identity.value,
            identity.source
        );
    }
    if !detail.circles.is_empty() {
        let circles: Vec<String> = detail
            .circles
            .iter()
            .map(|m| match &m.role {
                Some(role) => format!("{} ({role})", m.circle),
                None => m.circle.to_string(),
            })
            .collect();
        say!("  circles  {}", circles.join(", "));
    }
    let interactions = &detail.interactions;
    match (interactions.first, interactions.last) {
        (Some(first), Some(last)) => say!(
            "  talked   {} times, first {}, last {}",
            interactions.count,
            day(first, zone),
            day(last, zone)
        ),
        _ => say!("  talked   never"),
    }
    if !detail.sources.is_empty() {
        let sources: Vec<String> = detail.sources.iter().map(ToString::to_string).collect();
        say!("  from     {}", sources.join(", "));
    }
    if let Some(since) = detail.known_since {
        say!("  known    since {}", day(since, zone));
    }
    if !detail.merged.is_empty() {
        let merged: Vec<String> = detail.merged.iter().map(ToString::to_string).collect();
        say!("  merged   {}", merged.join(", "));
    }
    for reached in &outreach {
        let how = reached
            .channel
            .as_ref()
            .map_or_else(String::new, |channel| format!(" on {channel}"));
        say!("  reached  {}{how}", day(reached.at, zone));
    }
    for outcome in &outcomes {
        let why = outcome
            .why
            .as_ref()
            .map_or_else(String::new, |why| format!(" ({why})"));
        let revisit = outcome.revisit.map_or_else(String::new, |at| {
            format!(", back in the queue on {}", day(at, zone))
        });
        say!(
            "  outcome  {} on {}{why}{revisit}",
            outcome.kind,
            day(outcome.at, zone)
        );
    }
    if let Some(exclusion) = &exclusion {
        say!(
            "  excluded since {}: {} (`kith include {}` lifts it)",
            day(exclusion.at, zone),
            exclusion.why,
            person.id
        );
    }
    for followup in &followups {
        let overdue = if followup.is_overdue(options.now) {
            ", overdue"
        } else {
            ""
        };
        say!(
            "  to do    {} (by {}{overdue}; follow-up {})",
            followup.text,
            day(followup.due, zone),
            followup.id
        );
    }
    say!();
    if detail.facts.is_empty() {
        say!(
            "You know nothing about {} yet. Record what you know with \
             `kith fact add {} KIND TEXT`.",
            person.name,
            person.id
        );
        return Ok(());
    }
    let mut rows = table(&["id", "kind", "fact", "source", "recorded"]);
    for fact in &detail.facts {
        let mut text = fact.text.to_string();
        if fact.private {
            text.push_str(" (private)");
        }
        if fact.is_stale(options.stale_before()) {
            text.push_str(" (stale: still true? `kith fact confirm ");
            text.push_str(&fact.id.to_string());
            text.push_str("`)");
        }
        rows.add_row(vec![
            fact.id.to_string(),
            fact.kind.to_string(),
            text,
            fact.source.to_string(),
            day(fact.recorded, zone),
        ]);
    }
    say!("{rows}");
    if !intersections.is_empty() {
        say!("\nWhere you meet:");
        for x in &intersections {
            say!(
                "  {:<14} {}",
                x.kind,
                x.explanation
                    .as_deref()
                    .unwrap_or("(rests on a fact kept private)")
            );
        }
    }
    Ok(())
}

/// `kith show --json`: the person, and their intersections with the user.
#[derive(Debug, Serialize)]
struct ShowJson {
    #[serde(flatten)]
    detail: DetailJson,
    intersections: Vec<IntersectionJson>,
}
