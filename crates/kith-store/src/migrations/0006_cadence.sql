-- How often the user wants to be in touch with a person (`1m`, `2w`); unset means no cadence.
ALTER TABLE person ADD COLUMN cadence TEXT;
