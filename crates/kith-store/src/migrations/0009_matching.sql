-- Sentence vectors of fact texts, per model: a phrase takes the model milliseconds, so each
-- distinct text is embedded once per model and kept. A cache, not data: it is left out of
-- exports and may be emptied at any time. Little-endian f32s.
CREATE TABLE text_vector (
    model  TEXT NOT NULL,
    text   TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text)
) STRICT, WITHOUT ROWID;
