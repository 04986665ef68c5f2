-- Reaching out and what came of it, and people excluded from suggestions. All history: rows
-- are added, never changed, except that an exclusion records when it was lifted.

CREATE TABLE outcome_kind (name TEXT NOT NULL PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO outcome_kind VALUES ('reintroduced'), ('not-now'), ('declined'), ('no-reply'),
                                ('out-of-tribe');

CREATE TABLE outreach (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    channel     TEXT,
    at          INTEGER NOT NULL,
    followup_id INTEGER REFERENCES followup (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX outreach_person ON outreach (person_id, at);

CREATE TABLE outcome (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL REFERENCES outcome_kind (name),
    at         INTEGER NOT NULL,
    revisit_at INTEGER,
    why        TEXT
) STRICT;
CREATE INDEX outcome_person ON outcome (person_id, at);

CREATE TABLE exclusion (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    why       TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    lifted_at INTEGER
) STRICT;
CREATE INDEX exclusion_person ON exclusion (person_id, lifted_at);
