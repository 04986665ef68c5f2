-- Introductions: two people put in touch by the user, or by someone who introduced the user,
-- and what came of each. Like outcomes, intro outcomes are history: a later one is added.
CREATE TABLE intro_outcome_kind (name TEXT NOT NULL PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO intro_outcome_kind VALUES ('led-somewhere'), ('led-nowhere');

CREATE TABLE intro (
    id  INTEGER PRIMARY KEY,
    a   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    b   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    via INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    at  INTEGER NOT NULL,
    CHECK (a <> b)
) STRICT;
CREATE INDEX intro_a ON intro (a);
CREATE INDEX intro_b ON intro (b);

CREATE TABLE intro_outcome (
    id       INTEGER PRIMARY KEY,
    intro_id INTEGER NOT NULL REFERENCES intro (id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL REFERENCES intro_outcome_kind (name),
    why      TEXT,
    at       INTEGER NOT NULL
) STRICT;
CREATE INDEX intro_outcome_intro ON intro_outcome (intro_id, at);
