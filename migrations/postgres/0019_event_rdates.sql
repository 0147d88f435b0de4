-- "On these dates" (issue 30): a series may meet on dates listed one by
-- one (iCalendar's RDATE), with or without a repeat rule. Kept as a JSON
-- array of local times, as `exdates` is; at most 52 (checked on input).
ALTER TABLE events ADD COLUMN rdates TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(rdates));
