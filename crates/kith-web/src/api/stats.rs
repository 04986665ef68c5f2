//! `/api/v1/stats`: quality, not quantity.

use axum::Json as Answer;
use axum::extract::State;

use crate::error::ApiError;
use crate::json::StatsJson;
use crate::{App, actions};

/// The metrics of `kith stats --json`.
#[utoipa::path(
    get,
    path = "/api/v1/stats",
    responses((status = 200, description = "The metrics", body = StatsJson))
)]
pub(crate) async fn get(State(app): State<App>) -> Result<Answer<StatsJson>, ApiError> {
    let now = app.now();
    let quality = app
        .db(move |store, settings| actions::quality(store, settings, now))
        .await?;
    Ok(Answer(StatsJson::from(&quality)))
}
