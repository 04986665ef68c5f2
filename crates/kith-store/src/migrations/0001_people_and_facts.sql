-- People, how to reach them, what is known about them, their circles and a summary of contact.
-- Times are Unix seconds (UTC). Keys (`name_key`, `circle.key`) are computed by kith-core.

-- The closed vocabularies, as tables rather than `CHECK (x IN (...))`: SQLite builds a
-- temporary index for a long IN list on every insert, which made bulk imports 3x slower.
CREATE TABLE identity_kind (name TEXT NOT NULL PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO identity_kind VALUES ('email'), ('phone'), ('profile'), ('handle');

CREATE TABLE fact_kind (name TEXT NOT NULL PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO fact_kind VALUES ('origin'), ('goal'), ('interest'), ('plan'), ('time'), ('relax'),
                             ('growth'), ('offer'), ('want'), ('note');

CREATE TABLE fact_source (name TEXT NOT NULL PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO fact_source VALUES ('asked'), ('told'), ('imported'), ('guessed');

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) > 0),
    name_key    TEXT    NOT NULL,
    is_me       INTEGER NOT NULL DEFAULT 0 CHECK (is_me IN (0, 1)),
    known_since INTEGER,
    created_at  INTEGER NOT NULL,
    archived_at INTEGER,
    -- Merging makes two people one without moving anything, so that it can be undone: the
    -- merged person points at the one they were merged into, and `root_id` is the person a
    -- whole merge group is shown as (the person's own id when they are merged into no one).
    merged_into INTEGER REFERENCES person (id),
    merged_at   INTEGER,
    root_id     INTEGER REFERENCES person (id)
) STRICT;
CREATE UNIQUE INDEX person_one_me ON person (is_me) WHERE is_me = 1;
CREATE INDEX person_name_key ON person (name_key);
CREATE INDEX person_root ON person (root_id);
CREATE INDEX person_merged_into ON person (merged_into);

-- Where a person is known from, and since when each source says they met.
CREATE TABLE person_source (
    person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    source      TEXT    NOT NULL,
    known_since INTEGER,
    PRIMARY KEY (person_id, source)
) STRICT, WITHOUT ROWID;

CREATE TABLE identity (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind      TEXT    NOT NULL REFERENCES identity_kind (name),
    value     TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    UNIQUE (kind, value)
) STRICT;
CREATE INDEX identity_person ON identity (person_id);

CREATE TABLE fact (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL REFERENCES fact_kind (name),
    text         TEXT    NOT NULL CHECK (length(text) > 0),
    private      INTEGER NOT NULL CHECK (private IN (0, 1)),
    source       TEXT    NOT NULL REFERENCES fact_source (name),
    recorded_at  INTEGER NOT NULL,
    confirmed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX fact_person ON fact (person_id);

CREATE TABLE circle (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key  TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE membership (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    circle_id INTEGER NOT NULL REFERENCES circle (id) ON DELETE CASCADE,
    role      TEXT,
    PRIMARY KEY (person_id, circle_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX membership_circle ON membership (circle_id);

-- Contact with a person over one source in one calendar month (UTC), one-to-one and group
-- conversations apart. Message text is never stored: only counts and times.
CREATE TABLE interaction (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    source     TEXT    NOT NULL,
    month      TEXT    NOT NULL,  -- 'YYYY-MM'
    one_to_one INTEGER NOT NULL CHECK (one_to_one IN (0, 1)),
    sent       INTEGER NOT NULL CHECK (sent >= 0),
    received   INTEGER NOT NULL CHECK (received >= 0),
    first_at   INTEGER NOT NULL,
    last_at    INTEGER NOT NULL,
    CHECK (first_at <= last_at),
    UNIQUE (person_id, source, month, one_to_one)
) STRICT;
CREATE INDEX interaction_last ON interaction (person_id, last_at);

CREATE TABLE meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The user is a person like any other, created with the database and renamed at will.
INSERT INTO person (name, name_key, is_me, created_at) VALUES ('Me', 'me', 1, unixepoch());
UPDATE person SET root_id = id;
