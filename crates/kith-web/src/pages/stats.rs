//! Stats: the numbers of `kith stats`, what the user knows about their network and how
//! reintroductions go, with the charts drawn on the server.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use kith_core::metrics;

use crate::chart::{self, Bar, Lines};
use crate::pages::render;
use crate::{App, Error, actions};

/// How many weeks the chart over time shows at most.
const WEEKS: usize = 26;

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    network: u64,
    known: u64,
    known_percent: Option<u64>,
    intersections: u64,
    followup_percent: Option<u64>,
    intro_percent: Option<u64>,
    known_bar: f64,
    funnel: Vec<Bar>,
    funnel_height: u32,
    over_time: Option<Lines>,
    knows_goals: bool,
}

fn percent(share: Option<f64>) -> Option<u64> {
    share.map(|share| (share * 100.0).round() as u64)
}

/// `GET /stats`.
pub(crate) async fn show(State(app): State<App>) -> Result<Html<String>, Error> {
    let now = app.now();
    let page = app
        .db(move |store, settings| {
            let quality = actions::quality(store, settings, now)?;
            let funnel = &quality.funnel;
            let funnel = chart::bars(&[
                ("queued", funnel.queued),
                ("reached", funnel.reached),
                ("replied", funnel.replied),
                ("reintroduced", funnel.reintroduced),
                ("intersection found", funnel.intersection_found),
            ]);
            let mut weeks = match store.first_added()? {
                Some(first) => metrics::weeks(first, now, &settings.zone),
                None => Vec::new(),
            };
            let skip = weeks.len().saturating_sub(WEEKS);
            weeks.drain(..skip);
            let mut labels = Vec::new();
            let (mut people, mut known, mut intersections) = (Vec::new(), Vec::new(), Vec::new());
            for week in &weeks {
                let tallies = store.tallies(
                    week.end,
                    &week.last_day.to_string(),
                    metrics::CHECK_BACK_GRACE_SECONDS,
                )?;
                let quality = metrics::quality(&tallies);
                labels.push(week.monday.to_string());
                people.push(quality.network_size);
                known.push(quality.known);
                intersections.push(quality.intersections);
            }
            let over_time = (!labels.is_empty()).then(|| {
                chart::lines(
                    &labels,
                    &[
                        ("people", people),
                        ("known", known),
                        ("intersections", intersections),
                    ],
                )
            });
            Ok(StatsPage {
                network: quality.network_size,
                known: quality.known,
                known_percent: percent(quality.known_share),
                intersections: quality.intersections,
                followup_percent: percent(quality.followup_rate),
                intro_percent: percent(quality.intro_success_rate),
                known_bar: quality.known_share.unwrap_or(0.0) * 100.0,
                funnel_height: chart::BAR_ROW * funnel.len() as u32,
                funnel,
                over_time,
                knows_goals: actions::knows_own_goals(store)?,
            })
        })
        .await?;
    render(&page)
}
