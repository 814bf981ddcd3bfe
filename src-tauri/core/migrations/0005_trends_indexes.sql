-- Schema version 5: indexes that let Trends read ten years of weeks from the indexes alone.

-- Each week's done and total checklist items, peer and solo apart, without a sort.
CREATE INDEX checklist_items_by_week_and_kind ON checklist_items (week, peer, done_at);

-- Contacts by instant, as before, now with what Trends reads of each: no lookup per row.
DROP INDEX contacts_by_instant;
CREATE INDEX contacts_by_instant ON contacts (unixepoch(at), at, substantive);
