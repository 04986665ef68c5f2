//! `/api/v1/people`: listing people, one person, and what is recorded about them.

use axum::Json as Answer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::{Json, Query};
use crate::error::{ApiError, ErrorJson};
use crate::json::{
    DetailJson, FactJson, FollowUpJson, History, OutcomeRecordedJson, PersonRefJson, ReachJson,
    SummaryJson,
};
use crate::pages::people::Filters;
use crate::{App, Error, actions};

/// The most people one request lists.
const MAX_LIMIT: u64 = 1000;

/// The query of `GET /api/v1/people`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PeopleParams {
    /// Part of a name, in any script.
    q: Option<String>,
    /// strangers, inactive, never-talked, duplicates or goals-unknown.
    show: Option<String>,
    /// How long without contact counts as inactive with `show=inactive` (90d, 6m, 1y; 1y if
    /// not given).
    inactive: Option<String>,
    /// Only people in this circle.
    circle: Option<String>,
    /// The id of the last person of the previous page.
    after: Option<String>,
    /// At most this many (100 if not given, 1000 at most).
    limit: Option<u64>,
}

/// People in name order, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    params(PeopleParams),
    responses(
        (status = 200, description = "People in name order", body = [SummaryJson]),
        (status = 400, description = "A filter that cannot be read", body = ErrorJson),
        (status = 404, description = "An unknown circle", body = ErrorJson),
    )
)]
pub(crate) async fn list(
    State(app): State<App>,
    Query(params): Query<PeopleParams>,
) -> Result<Answer<Vec<SummaryJson>>, ApiError> {
    let now = app.now();
    let limit = params.limit.unwrap_or(100);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::Input(format!(
            "`limit` must be from 1 to {MAX_LIMIT}, not {limit}"
        ))
        .into());
    }
    let filters = Filters {
        q: params.q,
        show: params.show,
        inactive: params.inactive,
        circle: params.circle,
        after: params.after,
    };
    let people = app
        .db(move |store, settings| {
            let query = filters.query(settings, now, limit)?;
            Ok(store.people(&query)?)
        })
        .await?;
    Ok(Answer(people.into_iter().map(SummaryJson::from).collect()))
}

/// Everything about a person, as `kith show --json` gives it.
#[utoipa::path(
    get,
    path = "/api/v1/people/{person}",
    params(("person" = String, Path, description = "An id, an unambiguous name, or `me`")),
    responses(
        (status = 200, description = "The person", body = DetailJson),
        (status = 404, description = "Nobody by that id or name", body = ErrorJson),
        (status = 409, description = "A name that matches several people", body = ErrorJson),
    )
)]
pub(crate) async fn get(
    State(app): State<App>,
    Path(person): Path<String>,
) -> Result<Answer<DetailJson>, ApiError> {
    let now = app.now();
    let detail = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let detail = store.detail(person.id)?;
            let followups: Vec<_> = store
                .followups_of(detail.person.id)?
                .into_iter()
                .filter(|followup| followup.done.is_none())
                .collect();
            let outreach = store.outreach_of(detail.person.id)?;
            let outcomes = store.outcomes_of(detail.person.id)?;
            let exclusion = store.exclusion(detail.person.id)?;
            let history = History {
                followups: &followups,
                outreach: &outreach,
                outcomes: &outcomes,
                exclusion: exclusion.as_ref(),
            };
            Ok(DetailJson::new(
                &detail,
                history,
                settings.stale_before(now),
            ))
        })
        .await?;
    Ok(Answer(detail))
}

/// A fact to record.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewFactJson {
    /// origin, goal, interest, plan, time, relax, growth, offer, want or note.
    kind: String,
    /// The fact, in your own words.
    text: String,
    /// Shared in confidence (false if not given).
    #[serde(default)]
    private: bool,
    /// asked, told, imported or guessed (told if not given).
    source: Option<String>,
}

/// Records a fact about a person, as `kith fact add` does.
#[utoipa::path(
    post,
    path = "/api/v1/people/{person}/facts",
    params(("person" = String, Path, description = "An id, an unambiguous name, or `me`")),
    request_body = NewFactJson,
    responses(
        (status = 201, description = "The fact recorded", body = FactJson),
        (status = 400, description = "An unknown kind or source, or an empty text", body = ErrorJson),
        (status = 403, description = "No CSRF token", body = ErrorJson),
        (status = 404, description = "Nobody by that id or name", body = ErrorJson),
    )
)]
pub(crate) async fn add_fact(
    State(app): State<App>,
    Path(person): Path<String>,
    Json(fact): Json<NewFactJson>,
) -> Result<(StatusCode, Answer<FactJson>), ApiError> {
    let now = app.now();
    let json = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let recorded = actions::add_fact(
                store,
                now,
                &person,
                &fact.kind,
                &fact.text,
                fact.private,
                fact.source.as_deref(),
            )?;
            Ok(FactJson::new(
                &recorded,
                &person,
                settings.stale_before(now),
            ))
        })
        .await?;
    Ok((StatusCode::CREATED, Answer(json)))
}

/// Reaching out to a person.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub(crate) struct NewReachJson {
    /// How: telegram, email, in person, …
    channel: Option<String>,
    /// When to check back for a reply (7d, 2w; the settings' `check-back` if not given).
    check_back: Option<String>,
}

/// Records that you reached out, with a follow-up to check back, as `kith reach` does.
#[utoipa::path(
    post,
    path = "/api/v1/people/{person}/reach",
    params(("person" = String, Path, description = "An id or an unambiguous name")),
    request_body = NewReachJson,
    responses(
        (status = 201, description = "The outreach and its check-back", body = ReachJson),
        (status = 400, description = "A duration that cannot be read", body = ErrorJson),
        (status = 403, description = "No CSRF token", body = ErrorJson),
        (status = 404, description = "Nobody by that id or name", body = ErrorJson),
    )
)]
pub(crate) async fn reach(
    State(app): State<App>,
    Path(person): Path<String>,
    Json(reach): Json<NewReachJson>,
) -> Result<(StatusCode, Answer<ReachJson>), ApiError> {
    let now = app.now();
    let json = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let (outreach, followup) = actions::reach(
                store,
                settings,
                now,
                &person,
                reach.channel.as_deref(),
                reach.check_back.as_deref(),
            )?;
            Ok(ReachJson {
                person: (&person).into(),
                channel: outreach.channel.as_ref().map(ToString::to_string),
                at: outreach.at.to_string(),
                followup: FollowUpJson::new(&followup, &person),
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Answer(json)))
}

/// What came of reaching out.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewOutcomeJson {
    /// reintroduced, not-now, declined, no-reply or out-of-tribe.
    outcome: String,
    /// When they may come back to the queue: a date or a duration (not-now: 6m if not given).
    revisit: Option<String>,
    /// Why, in a few words.
    why: Option<String>,
}

/// Records an outcome, as `kith outcome` does; not-now comes with a draft that keeps the door
/// open.
#[utoipa::path(
    post,
    path = "/api/v1/people/{person}/outcome",
    params(("person" = String, Path, description = "An id or an unambiguous name")),
    request_body = NewOutcomeJson,
    responses(
        (status = 201, description = "The outcome recorded", body = OutcomeRecordedJson),
        (status = 400, description = "An unknown outcome or a revisit date in the past", body = ErrorJson),
        (status = 403, description = "No CSRF token", body = ErrorJson),
        (status = 404, description = "Nobody by that id or name", body = ErrorJson),
    )
)]
pub(crate) async fn outcome(
    State(app): State<App>,
    Path(person): Path<String>,
    Json(outcome): Json<NewOutcomeJson>,
) -> Result<(StatusCode, Answer<OutcomeRecordedJson>), ApiError> {
    let now = app.now();
    let json = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let (recorded, draft) = actions::outcome(
                store,
                settings,
                now,
                &person,
                &outcome.outcome,
                outcome.revisit.as_deref(),
                outcome.why.as_deref(),
            )?;
            Ok(OutcomeRecordedJson {
                person: PersonRefJson::from(&person),
                outcome: recorded.kind.as_str().to_owned(),
                at: recorded.at.to_string(),
                revisit: recorded.revisit.map(|at| at.to_string()),
                why: recorded.why.as_ref().map(ToString::to_string),
                draft,
            })
        })
        .await?;
    Ok((StatusCode::CREATED, Answer(json)))
}
