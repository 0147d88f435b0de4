-- The language the sender used, so the mail about their submission
-- (confirmation, approval, rejection) is written in it.
ALTER TABLE submissions ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (length(lang) BETWEEN 2 AND 8);
