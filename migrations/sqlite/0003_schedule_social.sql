-- An optional weekly schedule ([{"day":"tue","start":"18:00","end":"20:00"}])
-- and social links (["https://..."]) for each listing.
ALTER TABLE listings ADD COLUMN schedule TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(schedule) AND json_type(schedule) = 'array');
ALTER TABLE listings ADD COLUMN social TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(social) AND json_type(social) = 'array');
