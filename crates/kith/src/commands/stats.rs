//! `kith stats`: quality, not quantity.

use kith_core::metrics::{self, Quality};
use serde::Serialize;

use crate::commands::reunion;
use crate::context::Options;
use crate::output::print_json;

/// A check-back done within this long of its date still counts as in time.
const GRACE_SECONDS: i64 = 3 * 24 * 60 * 60;

#[derive(Debug, Serialize)]
struct StatsJson {
    network_size: u64,
    known: u64,
    known_share: Option<f64>,
    intersections: u64,
    followup_rate: Option<f64>,
    funnel: FunnelJson,
    intro_success_rate: Option<f64>,
}

#[derive(Debug, Serialize)]
struct FunnelJson {
    queued: u64,
    reached: u64,
    replied: u64,
    reintroduced: u64,
    intersection_found: u64,
}

impl From<&Quality> for StatsJson {
    fn from(quality: &Quality) -> Self {
        let funnel = &quality.funnel;
        Self {
            network_size: quality.network_size,
            known: quality.known,
            known_share: quality.known_share,
            intersections: quality.intersections,
            followup_rate: quality.followup_rate,
            funnel: FunnelJson {
                queued: funnel.queued,
                reached: funnel.reached,
                replied: funnel.replied,
                reintroduced: funnel.reintroduced,
                intersection_found: funnel.intersection_found,
            },
            intro_success_rate: quality.intro_success_rate,
        }
    }
}

pub(crate) fn run(options: &Options) -> anyhow::Result<()> {
    let context = options.open()?;
    let quality = metrics::quality(&context.store.tallies(options.now, GRACE_SECONDS)?);
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
