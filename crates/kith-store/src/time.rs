//! Timestamps are stored as Unix seconds, so that they sort and compare as integers.

use jiff::Timestamp;

pub(crate) fn to_db(instant: Timestamp) -> i64 {
    instant.as_second()
}

pub(crate) fn from_db(seconds: i64) -> rusqlite::Result<Timestamp> {
    Timestamp::from_second(seconds).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Integer, Box::new(err))
    })
}
