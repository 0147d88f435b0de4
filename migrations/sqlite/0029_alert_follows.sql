-- Issue 32, events and "follow this group". An events alert says how the
-- person would go: in person near its place, online, or either. A follow
-- names the one listing it follows (its cell is then "follow", so no
-- place search finds it). An item with a detail is a change to a followed
-- group (a new series, a cancelled or moved date, a new town, closing),
-- not a newly public record.
ALTER TABLE alert_subscriptions ADD COLUMN attend TEXT NOT NULL DEFAULT 'both';
ALTER TABLE alert_subscriptions ADD COLUMN follows TEXT;
CREATE INDEX alert_subscriptions_by_follows ON alert_subscriptions (follows);
ALTER TABLE alert_items ADD COLUMN detail TEXT;
