//! `kith stats`: quality, not quantity.

use kith_core::metrics;
use serde::Serialize;

use crate::commands::reunion;
use crate::context::{Context, Options};
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
    let context = options.open()?;
    if weekly {
        return weeks(options, &context);
    }
    let day = options.zone.to_datetime(options.now).date().to_string();
    let tallies = context
        .store
        .tallies(options.now, &day, metrics::CHECK_BACK_GRACE_SECONDS)?;
    let quality = metrics::quality(&tallies);
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
        "Intersections    {} (finding where goals meet is not part of kith yet)",
        quality.intersections
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

/// The metrics at the end of every week, from the week the first person was added to this one.
fn weeks(options: &Options, context: &Context) -> anyhow::Result<()> {
    let mut weeks = Vec::new();
    if let Some(first) = context.store.first_added()? {
        for week in metrics::weeks(first, options.now, &options.zone) {
            let quality = metrics::quality(&context.store.tallies(
                week.end,
                &week.last_day.to_string(),
                metrics::CHECK_BACK_GRACE_SECONDS,
            )?);
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
