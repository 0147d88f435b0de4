-- Markdown is rendered and sanitised once, when it is written, not on
-- every start and every reload (deep nesting made that slow). NULL until
-- a row written before this migration is rendered at the next start.
ALTER TABLE listings ADD COLUMN description_html TEXT;
ALTER TABLE resources ADD COLUMN body_html TEXT;
