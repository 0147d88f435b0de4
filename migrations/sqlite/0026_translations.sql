-- Translations as part of the record (issue 31): each listing, event series
-- and resource says which language it was written in, and carries its text
-- fields in other languages as one JSON object {"ar": {"name": "…"}, …}
-- (read and written with the record, so no page needs a second query).
ALTER TABLE listings ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE listings ADD COLUMN translations TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(translations) AND json_type(translations) = 'object');
ALTER TABLE events ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE events ADD COLUMN translations TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(translations) AND json_type(translations) = 'object');
ALTER TABLE resources ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE resources ADD COLUMN translations TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(translations) AND json_type(translations) = 'object');
-- The same sheet in another language is its own resource, one of a
-- translation set named by its first member's slug.
ALTER TABLE resources ADD COLUMN translation_of TEXT;
CREATE INDEX resources_by_translation_set ON resources (translation_of);
-- A resource already stored was written in the first of its languages.
UPDATE resources SET language = coalesce(json_extract(languages, '$[0]'), 'en');
