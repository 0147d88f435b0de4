-- The language the group wrote in when it registered, for reminders and
-- relayed messages.
ALTER TABLE listings ADD COLUMN contact_lang TEXT NOT NULL DEFAULT 'en' CHECK (length(contact_lang) BETWEEN 2 AND 8);
