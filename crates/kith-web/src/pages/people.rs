//! People: everyone, a page at a time (fast on any size of network: each page starts after the
//! last person of the one before), searchable by name and narrowed by the sift views and
//! circles of `kith people`.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use kith_core::time::Duration;
use kith_core::{CircleName, PersonId, Sift};
use kith_store::PeopleQuery;
use serde::Deserialize;

use crate::pages::{Query, render};
use crate::{App, Error, Settings};

/// How many people a page lists.
pub(crate) const PAGE: u64 = 50;

/// The People page's query: `?q=olena&show=strangers&circle=Work&after=42`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filters {
    /// Part of a name.
    pub(crate) q: Option<String>,
    /// strangers, inactive, never-talked, duplicates or goals-unknown.
    pub(crate) show: Option<String>,
    /// How long without contact counts as inactive (with `show=inactive`).
    pub(crate) inactive: Option<String>,
    /// Only people in this circle.
    pub(crate) circle: Option<String>,
    /// The last person of the page before.
    pub(crate) after: Option<String>,
}

/// The sift views the People page offers, with how they read.
const SHOWS: [(&str, &str); 6] = [
    ("", "Everyone"),
    ("strangers", "Strangers: nothing known"),
    ("inactive", "Inactive"),
    ("never-talked", "Never talked"),
    ("duplicates", "Sharing a name"),
    ("goals-unknown", "Goals unknown"),
];

impl Filters {
    /// The store's query for these filters, at `now`.
    pub(crate) fn query(
        &self,
        settings: &Settings,
        now: jiff::Timestamp,
        limit: u64,
    ) -> Result<PeopleQuery, Error> {
        let given =
            |text: &Option<String>| crate::actions::given(text.as_deref()).map(str::to_owned);
        let mut query = PeopleQuery {
            circle: given(&self.circle)
                .map(|circle| CircleName::parse(&circle))
                .transpose()?,
            limit: Some(limit),
            name: given(&self.q),
            after: match given(&self.after) {
                Some(after) => Some(
                    after
                        .parse::<i64>()
                        .ok()
                        .filter(|id| *id > 0)
                        .map(PersonId)
                        .ok_or_else(|| {
                            Error::Input(format!("`after` must be a person's id, not `{after}`"))
                        })?,
                ),
                None => None,
            },
            ..PeopleQuery::default()
        };
        match given(&self.show).as_deref() {
            None => {}
            Some("strangers") => query.sift = Some(Sift::Strangers),
            Some("never-talked") => query.sift = Some(Sift::NeverTalked),
            Some("inactive") => {
                let duration = Duration::parse(given(&self.inactive).as_deref().unwrap_or("1y"))?;
                query.sift = Some(Sift::InactiveSince(duration.before(now, &settings.zone)));
            }
            Some("duplicates") => query.duplicates = true,
            Some("goals-unknown") => query.goals_unknown = true,
            Some(other) => {
                return Err(Error::Input(format!(
                    "unknown view `{other}`: expected strangers, inactive, never-talked, \
                     duplicates or goals-unknown"
                )));
            }
        }
        Ok(query)
    }
}

struct Row {
    id: i64,
    name: String,
    circles: String,
    facts: u64,
    last: String,
}

#[derive(Template)]
#[template(path = "people.html")]
struct PeoplePage {
    q: String,
    show: String,
    inactive: String,
    circle: String,
    shows: [(&'static str, &'static str); 6],
    circles: Vec<String>,
    rows: Vec<Row>,
    /// The query string of the first page with the same filters.
    first: String,
    /// The query string of the next page, if there is one.
    next: Option<String>,
    paged: bool,
}

/// `GET /people`.
pub(crate) async fn list(
    State(app): State<App>,
    Query(filters): Query<Filters>,
) -> Result<Html<String>, Error> {
    let now = app.now();
    let page = app
        .db(move |store, settings| {
            // One more than a page tells whether there is a next one.
            let people = store.people_brief(&filters.query(settings, now, PAGE + 1)?)?;
            let more = people.len() as u64 > PAGE;
            let rows: Vec<Row> = people
                .into_iter()
                .take(PAGE as usize)
                .map(|summary| Row {
                    id: summary.person.id.0,
                    name: summary.person.name.to_string(),
                    circles: summary.circles.join(", "),
                    facts: summary.facts,
                    last: summary
                        .last_interaction
                        .map_or_else(|| "never".to_owned(), |at| settings.day(at)),
                })
                .collect();
            let text = |value: &Option<String>| value.clone().unwrap_or_default();
            let next = match rows.last() {
                Some(last) if more => Some(page_query(&filters, Some(last.id))),
                _ => None,
            };
            let first = page_query(&filters, None);
            Ok(PeoplePage {
                q: text(&filters.q),
                show: text(&filters.show),
                inactive: filters.inactive.clone().unwrap_or_else(|| "1y".to_owned()),
                circle: text(&filters.circle),
                shows: SHOWS,
                circles: store.circles()?,
                rows,
                first,
                next,
                paged: filters.after.is_some(),
            })
        })
        .await?;
    render(&page)
}

/// The query string of the page after the one ending with `last`, or of the first page.
fn page_query(filters: &Filters, last: Option<i64>) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [
        ("q", &filters.q),
        ("show", &filters.show),
        ("inactive", &filters.inactive),
        ("circle", &filters.circle),
    ] {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            pairs.push(format!("{name}={}", encode(value)));
        }
    }
    if let Some(last) = last {
        pairs.push(format!("after={last}"));
    }
    pairs.join("&")
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}
