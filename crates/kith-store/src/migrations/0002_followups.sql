-- Follow-ups: what to do for a person by when. `uid` names a follow-up in iCalendar exports
-- and never changes, so that calendars update it rather than add a copy.

CREATE TABLE followup (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL CHECK (length(text) > 0),
    due_at     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    done_at    INTEGER,
    uid        TEXT    NOT NULL UNIQUE
) STRICT;
CREATE INDEX followup_pending ON followup (done_at, due_at);
CREATE INDEX followup_person ON followup (person_id);

-- A random name for this database, so that UIDs from two databases never collide.
INSERT INTO meta (key, value) VALUES ('instance', lower(hex(randomblob(8))));
