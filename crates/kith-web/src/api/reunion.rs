//! `/api/v1/reunion`: today's people to reconnect with.

use axum::Json as Answer;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::api::Query;
use crate::error::{ApiError, ErrorJson};
use crate::json::{PersonRefJson, SuggestionJson};
use crate::{App, Error, actions};

/// The query of `GET /api/v1/reunion`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReunionParams {
    /// How many people (the settings' `batch` if not given, 100 at most).
    count: Option<usize>,
    /// The seed of the draw (today's date if not given, so the queue stays put all day).
    seed: Option<u64>,
}

/// The next people to reconnect with, each with a reason and a drafted message, as
/// `kith reunion --json` gives them; the same day and seed give the same answer.
#[utoipa::path(
    get,
    path = "/api/v1/reunion",
    params(ReunionParams),
    responses(
        (status = 200, description = "People to reconnect with", body = [SuggestionJson]),
        (status = 400, description = "A count or seed that cannot be read", body = ErrorJson),
    )
)]
pub(crate) async fn list(
    State(app): State<App>,
    Query(params): Query<ReunionParams>,
) -> Result<Answer<Vec<SuggestionJson>>, ApiError> {
    let now = app.now();
    if params.count.is_some_and(|count| count > 100) {
        return Err(Error::Input("`count` must be at most 100".to_owned()).into());
    }
    let json = app
        .db(move |store, settings| {
            let count = params.count.unwrap_or(settings.batch);
            Ok(actions::reunion(store, settings, now, count, params.seed)?
                .into_iter()
                .map(|(suggestion, draft)| SuggestionJson {
                    person: PersonRefJson::new(suggestion.person, suggestion.name.as_str()),
                    reason: suggestion.reason,
                    draft,
                })
                .collect())
        })
        .await?;
    Ok(Answer(json))
}
