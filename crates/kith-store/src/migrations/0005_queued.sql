-- Who the reunion queue suggested, and on which day: the first step of the reintroduction
-- funnel that `kith stats` reports.
CREATE TABLE queued (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,  -- 'YYYY-MM-DD' in the user's zone
    PRIMARY KEY (person_id, day)
) STRICT, WITHOUT ROWID;
