//! `/api/v1/followups`: what to do for whom by when.

use axum::Json as Answer;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kith_core::FollowUpId;
use kith_store::Due;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::{Json, Query};
use crate::error::{ApiError, ErrorJson};
use crate::json::FollowUpJson;
use crate::{App, Error, actions};

/// The query of `GET /api/v1/followups`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct Which {
    /// pending (the default: still to do), overdue (past their date) or all (done ones too).
    which: Option<String>,
}

/// Follow-ups, soonest first, as `kith followups` lists them.
#[utoipa::path(
    get,
    path = "/api/v1/followups",
    params(Which),
    responses(
        (status = 200, description = "Follow-ups, soonest due first", body = [FollowUpJson]),
        (status = 400, description = "An unknown `which`", body = ErrorJson),
    )
)]
pub(crate) async fn list(
    State(app): State<App>,
    Query(which): Query<Which>,
) -> Result<Answer<Vec<FollowUpJson>>, ApiError> {
    let now = app.now();
    let due = match actions::given(which.which.as_deref()) {
        None | Some("pending") => Due::Pending,
        Some("overdue") => Due::OverdueAt(now),
        Some("all") => Due::All,
        Some(other) => {
            return Err(Error::Input(format!(
                "unknown `which` `{other}`: expected pending, overdue or all"
            ))
            .into());
        }
    };
    let listed = app
        .db(move |store, _| {
            let mut listed = Vec::new();
            for followup in store.followups(due)? {
                let person = store.person(followup.person)?;
                listed.push(FollowUpJson::new(&followup, &person));
            }
            Ok(listed)
        })
        .await?;
    Ok(Answer(listed))
}

/// A follow-up to record.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewFollowUpJson {
    /// What to do ("send her the talk on fundraising").
    text: String,
    /// When: a date (2024-03-05) or a duration from now (2w, 1m).
    due: String,
}

/// Records a follow-up for a person, as `kith followup add` does.
#[utoipa::path(
    post,
    path = "/api/v1/people/{person}/followups",
    params(("person" = String, Path, description = "An id, an unambiguous name, or `me`")),
    request_body = NewFollowUpJson,
    responses(
        (status = 201, description = "The follow-up recorded", body = FollowUpJson),
        (status = 400, description = "An empty text, or a date that cannot be read or has passed", body = ErrorJson),
        (status = 403, description = "No CSRF token", body = ErrorJson),
        (status = 404, description = "Nobody by that id or name", body = ErrorJson),
    )
)]
pub(crate) async fn create(
    State(app): State<App>,
    Path(person): Path<String>,
    Json(new): Json<NewFollowUpJson>,
) -> Result<(StatusCode, Answer<FollowUpJson>), ApiError> {
    let now = app.now();
    let json = app
        .db(move |store, settings| {
            let person = actions::person(store, &person)?;
            let followup =
                actions::add_followup(store, settings, now, &person, &new.text, &new.due)?;
            Ok(FollowUpJson::new(&followup, &person))
        })
        .await?;
    Ok((StatusCode::CREATED, Answer(json)))
}

/// Marks a follow-up done, as `kith followup done` does.
#[utoipa::path(
    post,
    path = "/api/v1/followups/{id}/done",
    params(("id" = i64, Path, description = "The follow-up's id")),
    responses(
        (status = 200, description = "The follow-up, done", body = FollowUpJson),
        (status = 403, description = "No CSRF token", body = ErrorJson),
        (status = 404, description = "No follow-up with that id", body = ErrorJson),
    )
)]
pub(crate) async fn done(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Answer<FollowUpJson>, ApiError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(FollowUpId)
        .ok_or_else(|| Error::NotFound(format!("there is no follow-up `{id}`")))?;
    let now = app.now();
    let json = app
        .db(move |store, _| {
            let followup = store.write(|w| w.complete_followup(id, now))?;
            let person = store.person(followup.person)?;
            Ok(FollowUpJson::new(&followup, &person))
        })
        .await?;
    Ok(Answer(json))
}
