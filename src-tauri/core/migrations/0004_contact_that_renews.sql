-- Schema version 4: contact that renews. What the user wants from a contact (one or more of
-- six intentions) and how they left it; a checklist item's rhythm, for groups that meet every
-- two to four weeks; peers' practice areas and dual roles; the "hard session" debrief request;
-- and the suggestions the user put away.

-- What the user wanted from a contact, decided before it.
CREATE TABLE contact_intentions (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    intention  TEXT    NOT NULL CHECK (intention IN ('advice', 'resources', 'emotional-support',
                   'clinical-brainstorming', 'venting', 'accountability')),
    PRIMARY KEY (contact_id, intention)
) STRICT, WITHOUT ROWID;
-- Each contact's one intention of schema version 3 keeps its name among the six.
INSERT INTO contact_intentions (contact_id, intention)
    SELECT id, intention FROM contacts WHERE intention IS NOT NULL;
ALTER TABLE contacts DROP COLUMN intention;

-- How the user left a contact; NULL until they say.
ALTER TABLE contacts ADD COLUMN energy TEXT CHECK (energy IN ('renewed', 'neutral', 'drained'));
-- 1 once the user put away the morning-after question about this contact.
ALTER TABLE contacts ADD COLUMN energy_asked INTEGER NOT NULL DEFAULT 0
    CHECK (energy_asked IN (0, 1));

-- How often a template item comes round: 'weekly', 'every-2-from-2026-W48' (2 to 4 weeks) or
-- 'monthly-1-wednesday' (the week of the month's Nth weekday, 1 to 4).
ALTER TABLE checklist_template ADD COLUMN rhythm TEXT NOT NULL DEFAULT 'weekly'
    CHECK (rhythm = 'weekly'
           OR rhythm GLOB 'every-[234]-from-[0-9][0-9][0-9][0-9]-W[0-5][0-9]'
           OR rhythm GLOB 'monthly-[1-4]-*day');

-- A peer's practice area or specialty, and a second relationship with them.
ALTER TABLE peers ADD COLUMN practice_area TEXT CHECK (length(practice_area) <= 100);
ALTER TABLE peers ADD COLUMN dual_role TEXT CHECK (length(dual_role) <= 200);

-- "Hard session, need a debrief": when the user asked, so that a debrief can be followed up.
CREATE TABLE debrief_requests (
    id INTEGER PRIMARY KEY,
    at TEXT    NOT NULL
) STRICT;
CREATE INDEX debrief_requests_by_instant ON debrief_requests (unixepoch(at));

-- Suggestions on Home the user put away, by what they were about, so that each shows once.
CREATE TABLE dismissed_suggestions (
    key TEXT PRIMARY KEY,
    at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
