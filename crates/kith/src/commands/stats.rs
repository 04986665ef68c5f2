//! `kith stats`: quality, not quantity.

use std::collections::HashSet;

use jiff::Timestamp;
use kith_core::PersonId;
use kith_core::metrics;
use serde::Serialize;

use crate::commands::reunion;
use crate::context::{Context, Options};
use crate::matching;
use crate::output::{StatsJson, print_json, table};

/// One week of `kith stats --weekly`: the metrics as they stood at the week's end.
#[derive(Debug, Serialize)]
struct WeekJson {
    /// The week's Monday.
    week: String,
    #[serde(flatten)]
    stats: StatsJson,
}

pub(crate) fn run(options: &Options, weekly: bool) -> anyhow::Result<()> {
    let mut context = options.open()?;
    let discovered = matching::discovered(&mut context.store)?;
    if weekly {
        return weeks(options, &context, &discovered);
    }
    let day = options.zone.to_datetime(options.now).date().to_string();
    let quality = metrics::quality(&tallies(&context, options.now, &day, &discovered)?);
    if options.json {
        return print_json(&StatsJson::from(&quality));
    }
    let percent = |share: Option<f64>| share.map(|share| format!("{:.0}%", share * 100.0));
    say!("Network          {} people", quality.network_size);
    say!(
        "Known            {}{}: people you can say something about",
        quality.known,
        percent(quality.known_share).map_or_else(String::new, |p| format!(" ({p})"))
    );
    say!(
        "Intersections    {}: where your goals, growth and interests meet someone's{}",
        quality.intersections,
        if quality.intersections > 0 {
            " (`kith intersections` lists them)"
        } else {
            ""
        }
    );
    say!(
        "Follow-up rate   {}",
        percent(quality.followup_rate)
            .unwrap_or_else(|| "none yet: no check-back after reaching out has come due".into())
    );
    let funnel = &quality.funnel;
    say!(
        "Reintroductions  queued {} → reached {} → replied {} → reintroduced {} → \
         intersection found {}",
        funnel.queued,
        funnel.reached,
        funnel.replied,
        funnel.reintroduced,
        funnel.intersection_found
    );
    say!(
        "Intro success    {}",
        percent(quality.intro_success_rate).unwrap_or_else(|| "none yet: no intros made".into())
    );
    if !reunion::knows_own_goals(&context)? {
        say!("\n{}", reunion::OWN_GOALS_HINT);
    }
    Ok(())
}

/// The counts as they stood at `as_of`, with the intersections with the user known by then.
fn tallies(
    context: &Context,
    as_of: Timestamp,
    day: &str,
    discovered: &[(Timestamp, PersonId)],
) -> anyhow::Result<metrics::Tallies> {
    let mut tallies = context
        .store
        .tallies(as_of, day, metrics::CHECK_BACK_GRACE_SECONDS)?;
    let known: Vec<PersonId> = discovered
        .iter()
        .filter(|(at, _)| *at <= as_of)
        .map(|(_, person)| *person)
        .collect();
    tallies.intersections = known.len() as u64;
    let with: HashSet<PersonId> = known.into_iter().collect();
    let reintroduced = context.store.reintroduced(as_of)?;
    tallies.reintroduced_with_intersection = reintroduced
        .iter()
        .filter(|person| with.contains(person))
        .count() as u64;
    Ok(tallies)
}

/// The metrics at the end of every week, from the week the first person was added to this one.
fn weeks(
    options: &Options,
    context: &Context,
    discovered: &[(Timestamp, PersonId)],
) -> anyhow::Result<()> {
    let mut weeks = Vec::new();
    if let Some(first) = context.store.first_added()? {
        for week in metrics::weeks(first, options.now, &options.zone) {
            let day = week.last_day.to_string();
            let quality = metrics::quality(&tallies(context, week.end, &day, discovered)?);
            weeks.push((week.monday, quality));
        }
    }
    if options.json {
        let json: Vec<WeekJson> = weeks
            .iter()
            .map(|(week, quality)| WeekJson {
                week: week.to_string(),
                stats: StatsJson::from(quality),
            })
            .collect();
        return print_json(&json);
    }
    if weeks.is_empty() {
        say!("Nobody here yet.");
        return Ok(());
    }
    let mut rows = table(&[
        "week of",
        "people",
        "known",
        "intersections",
        "reached",
        "replied",
        "reintroduced",
        "follow-up rate",
    ]);
    for (week, quality) in &weeks {
        rows.add_row(vec![
            week.to_string(),
            quality.network_size.to_string(),
            format!(
                "{}{}",
                quality.known,
                quality
                    .known_share
                    .map_or_else(String::new, |share| format!(" ({:.0}%)", share * 100.0))
            ),
            quality.intersections.to_string(),
            quality.funnel.reached.to_string(),
            quality.funnel.replied.to_string(),
            quality.funnel.reintroduced.to_string(),
            quality
                .followup_rate
                .map_or_else(|| "-".to_owned(), |rate| format!("{:.0}%", rate * 100.0)),
        ]);
    }
    say!("{rows}");
    Ok(())
}
