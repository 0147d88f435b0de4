-- A near-me or one-listing question starts from a few series and wants
-- each one's dates in a window: by series, then start, so a weekly series
-- reads the week's one date instead of its fifteen months.
CREATE INDEX occurrences_by_series_start ON event_occurrences (event_id, starts_at);
