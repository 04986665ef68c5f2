-- Random-coffee rounds of a circle: who was paired with whom, so that later rounds avoid
-- repeating pairs. A trio (a circle with an odd count) is kept as its three pairs.
CREATE TABLE pairing (
    id        INTEGER PRIMARY KEY,
    circle_id INTEGER NOT NULL REFERENCES circle (id) ON DELETE CASCADE,
    round     INTEGER NOT NULL,
    a         INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    b         INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    CHECK (a <> b)
) STRICT;
CREATE INDEX pairing_circle ON pairing (circle_id, round);
