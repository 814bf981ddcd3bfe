-- Schema version 2: when Mooring was first used.
--
-- Lapse clocks, the weeks that exist and Trends all start at first use: time before it is
-- neither neglect nor history. One row at most.
CREATE TABLE first_use (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT    NOT NULL
) STRICT;

-- A database from version 1 was first used no later than the oldest instant it records.
-- An empty one gets its first use from the clock when it is next opened.
INSERT INTO first_use (id, at)
SELECT 1, at FROM (
    SELECT opened_at AS at FROM checklist_weeks
    UNION ALL SELECT at FROM contacts
    UNION ALL SELECT logged_at FROM contacts
    UNION ALL SELECT created_at FROM peers
    UNION ALL SELECT updated_at FROM caseloads
    UNION ALL SELECT taken_at FROM selfchecks
    UNION ALL SELECT at FROM nudge_log
)
ORDER BY unixepoch(at)
LIMIT 1;
