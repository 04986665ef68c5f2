-- Sentence vectors of fact texts, per model: a phrase takes the model milliseconds, so each
-- distinct text is embedded once per model and kept. A cache, not data: it is left out of
-- exports and may be emptied at any time. Little-endian f32s.
CREATE TABLE text_vector (
    model  TEXT NOT NULL,
    text   TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text)
) STRICT, WITHOUT ROWID;

-- The intersections between the user and everyone else, as the engine last found them: when
-- each became known (the later of its two facts' dates) and with whom. `kith stats` reads its
-- headline from here while the signature kept in `meta` under `intersections` (what the
-- engine's answer depends on: the facts, who is deleted or merged, the model) is unchanged,
-- and recomputes it otherwise. A cache, not data: left out of exports.
CREATE TABLE intersection_cache (
    at        INTEGER NOT NULL,
    person_id INTEGER NOT NULL
) STRICT;

-- What the intersections depend on changes: a fact is added, removed or changed, or someone is
-- deleted, restored, merged or unmerged. Counting those changes lets `kith stats` and the
-- queue know in one read whether the kept intersections still hold.
INSERT INTO meta (key, value) VALUES ('matching_generation', '0');
CREATE TRIGGER fact_added_for_matching AFTER INSERT ON fact BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'matching_generation';
END;
CREATE TRIGGER fact_removed_for_matching AFTER DELETE ON fact BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'matching_generation';
END;
CREATE TRIGGER fact_changed_for_matching
AFTER UPDATE OF person_id, kind, text, private, source, recorded_at ON fact BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'matching_generation';
END;
CREATE TRIGGER person_regrouped_for_matching
AFTER UPDATE OF archived_at, merged_into, root_id, is_me ON person BEGIN
    UPDATE meta SET value = value + 1 WHERE key = 'matching_generation';
END;
