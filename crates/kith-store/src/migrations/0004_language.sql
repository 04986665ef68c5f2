-- The language to write to a person in (`en`, `uk`); unset means kith guesses from the name.
ALTER TABLE person ADD COLUMN language TEXT;
