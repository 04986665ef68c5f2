//! Today: the reunion queue with reasons and drafts, the follow-ups that are due, the people
//! overdue to keep in touch, and, while the user has not said what they work towards, the
//! prompt to say it.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use kith_core::FollowUpId;
use kith_core::time::Duration;
use std::sync::Arc;

use jiff::Timestamp;
use kith_store::{Due, Store};
use serde::Deserialize;

use crate::pages::{Form, OUTCOMES, back, render};
use crate::{App, Error, Settings, actions};

/// One person to reconnect with.
#[derive(Debug)]
pub(crate) struct SuggestionView {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) reason: String,
    pub(crate) draft: String,
}

/// A follow-up as listed.
pub(crate) struct FollowUpView {
    pub(crate) id: i64,
    pub(crate) person: i64,
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) due: String,
    pub(crate) overdue: bool,
}

/// Today's queue and overdue list: the same all day until the database changes, and most of
/// the work of the page on a large network (every person's signals are read), so the server
/// keeps the last one drawn (`App::cached_queue`).
#[derive(Debug)]
pub(crate) struct Queue {
    suggestions: Vec<SuggestionView>,
    overdue: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "today.html")]
struct TodayPage {
    csrf: String,
    queue: Arc<Queue>,
    followups: Vec<FollowUpView>,
    knows_goals: bool,
    outcomes: [(&'static str, &'static str); 5],
}

/// `GET /`.
pub(crate) async fn show(State(app): State<App>) -> Result<Html<String>, Error> {
    let now = app.now();
    let csrf = app.csrf().to_owned();
    let cache = app.clone();
    let page = app
        .db(move |store, settings| {
            let day = settings.day(now);
            // Read before the queue is: a write after this changes it, and the queue kept
            // under it is not used again.
            let version = cache.data_version()?;
            let queue = cache.queue(day, version, || draw_queue(store, settings, now))?;
            let mut followups = Vec::new();
            for followup in store.followups(Due::OverdueAt(now))? {
                let person = store.person(followup.person)?;
                followups.push(FollowUpView {
                    id: followup.id.0,
                    person: person.id.0,
                    name: person.name.to_string(),
                    text: followup.text.to_string(),
                    due: settings.day(followup.due),
                    overdue: followup.is_overdue(now),
                });
            }
            Ok(TodayPage {
                csrf,
                queue,
                followups,
                knows_goals: actions::knows_own_goals(store)?,
                outcomes: OUTCOMES,
            })
        })
        .await?;
    render(&page)
}

/// Draws today's queue (noting who was suggested, for the funnel) and the overdue list.
fn draw_queue(store: &mut Store, settings: &Settings, now: Timestamp) -> Result<Queue, Error> {
    let candidates = store.queue_candidates()?;
    let suggestions = actions::reunion_of(store, settings, now, &candidates, settings.batch, None)?
        .into_iter()
        .map(|(suggestion, draft)| SuggestionView {
            id: suggestion.person.0,
            name: suggestion.name.to_string(),
            reason: suggestion.reason,
            draft,
        })
        .collect();
    let overdue = kith_core::queue::overdue(&candidates, now, &settings.zone)
        .into_iter()
        .map(|s| (s.person.0, s.name.to_string(), s.reason))
        .collect();
    Ok(Queue {
        suggestions,
        overdue,
    })
}

/// The fields of the follow-up forms.
#[derive(Debug, Deserialize)]
pub(crate) struct FollowUpForm {
    back: Option<String>,
    duration: Option<String>,
}

fn followup_id(text: &str) -> Result<FollowUpId, Error> {
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(FollowUpId)
        .ok_or_else(|| Error::NotFound(format!("there is no follow-up `{text}`")))
}

/// `POST /followups/{id}/done`.
pub(crate) async fn complete_followup(
    State(app): State<App>,
    Path(id): Path<String>,
    Form(form): Form<FollowUpForm>,
) -> Result<Redirect, Error> {
    let id = followup_id(&id)?;
    let now = app.now();
    app.db(move |store, _| Ok(store.write(|w| w.complete_followup(id, now))?))
        .await?;
    Ok(back(form.back.as_deref(), "/"))
}

/// `POST /followups/{id}/snooze`: this long from now (a week unless said).
pub(crate) async fn snooze_followup(
    State(app): State<App>,
    Path(id): Path<String>,
    Form(form): Form<FollowUpForm>,
) -> Result<Redirect, Error> {
    let id = followup_id(&id)?;
    let now = app.now();
    let duration = Duration::parse(actions::given(form.duration.as_deref()).unwrap_or("1w"))?;
    app.db(move |store, settings| {
        let due = duration.after(now, &settings.zone);
        Ok(store.write(|w| w.snooze_followup(id, due))?)
    })
    .await?;
    Ok(back(form.back.as_deref(), "/"))
}
