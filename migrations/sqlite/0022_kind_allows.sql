-- What the public may do with a listing of each kind (issue 30). A Home
-- Office reporting centre is a public building, not a group: nobody answers
-- a message sent to it, nobody can claim it, it holds no events, and only
-- moderators and importers add one.
ALTER TABLE listing_kinds ADD COLUMN allows_contact INTEGER NOT NULL DEFAULT 1 CHECK (allows_contact IN (0, 1));
ALTER TABLE listing_kinds ADD COLUMN allows_claim INTEGER NOT NULL DEFAULT 1 CHECK (allows_claim IN (0, 1));
ALTER TABLE listing_kinds ADD COLUMN allows_events INTEGER NOT NULL DEFAULT 1 CHECK (allows_events IN (0, 1));
ALTER TABLE listing_kinds ADD COLUMN allows_public_registration INTEGER NOT NULL DEFAULT 1 CHECK (allows_public_registration IN (0, 1));
UPDATE listing_kinds SET allows_contact = 0, allows_claim = 0, allows_events = 0, allows_public_registration = 0
 WHERE slug = 'reporting_centre';
