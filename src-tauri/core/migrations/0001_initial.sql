-- Schema version 1: every entity of PRODUCT.md.
--
-- Conventions:
--   * instants are RFC 3339 text with the user's UTC offset ('2026-11-23T09:00:00+01:00');
--     order and compare them with unixepoch(), never as text;
--   * weeks are ISO week names ('2026-W48');
--   * booleans are INTEGER 0 or 1;
--   * enumerations are kebab-case text, checked here as well as in Rust.

-- User settings as JSON values under stable keys; a missing key means the default.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- The weekly self-care checklist template the user edits.
CREATE TABLE checklist_template (
    id           INTEGER PRIMARY KEY,
    slot         TEXT    NOT NULL CHECK (slot IN ('monday-morning', 'tuesday-midday',
                     'wednesday-afternoon', 'thursday-evening', 'friday', 'weekend')),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    peer         INTEGER NOT NULL DEFAULT 0 CHECK (peer IN (0, 1)),
    reflection   INTEGER NOT NULL DEFAULT 0 CHECK (reflection IN (0, 1)),
    -- For peer items: the kind of contact that ticking it offers to log.
    contact_kind TEXT CHECK (contact_kind IN ('message', 'call', 'video', 'in-person', 'group',
                     'buddy-debrief', 'informal'))
) STRICT;

-- A week whose checklist has been copied from the template.
CREATE TABLE checklist_weeks (
    week      TEXT PRIMARY KEY,
    opened_at TEXT NOT NULL
) STRICT;

-- One week's own copy of a template item, with its tick.
CREATE TABLE checklist_items (
    id           INTEGER PRIMARY KEY,
    week         TEXT    NOT NULL REFERENCES checklist_weeks (week) ON DELETE CASCADE,
    template_id  INTEGER REFERENCES checklist_template (id) ON DELETE SET NULL,
    slot         TEXT    NOT NULL CHECK (slot IN ('monday-morning', 'tuesday-midday',
                     'wednesday-afternoon', 'thursday-evening', 'friday', 'weekend')),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    peer         INTEGER NOT NULL DEFAULT 0 CHECK (peer IN (0, 1)),
    reflection   INTEGER NOT NULL DEFAULT 0 CHECK (reflection IN (0, 1)),
    contact_kind TEXT CHECK (contact_kind IN ('message', 'call', 'video', 'in-person', 'group',
                     'buddy-debrief', 'informal')),
    done_at      TEXT,
    note         TEXT CHECK (length(note) <= 5000),
    -- The contact logged when this peer item was ticked, if any.
    contact_id   INTEGER REFERENCES contacts (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX checklist_items_by_week ON checklist_items (week, slot, position);

-- A peer: a colleague, never a client.
CREATE TABLE peers (
    id                 INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL COLLATE NOCASE UNIQUE
                           CHECK (length(trim(name)) BETWEEN 1 AND 100),
    career_stage       TEXT CHECK (career_stage IN ('early', 'mid', 'senior')),
    preferred_channel  TEXT CHECK (length(preferred_channel) <= 100),
    debrief_within_72h INTEGER NOT NULL DEFAULT 0 CHECK (debrief_within_72h IN (0, 1)),
    created_at         TEXT    NOT NULL,
    archived_at        TEXT
) STRICT;

-- The roles a peer plays for the user.
CREATE TABLE peer_roles (
    peer_id INTEGER NOT NULL REFERENCES peers (id) ON DELETE CASCADE,
    role    TEXT    NOT NULL CHECK (role IN ('buddy', 'consultation-group', 'mentor', 'mentee',
                'colleague')),
    PRIMARY KEY (peer_id, role)
) STRICT, WITHOUT ROWID;

-- A peer contact: a message, call, meeting or consultation group.
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('message', 'call', 'video', 'in-person', 'group',
                    'buddy-debrief', 'informal')),
    -- With the consultation group as a whole rather than (only) named peers.
    with_group  INTEGER NOT NULL DEFAULT 0 CHECK (with_group IN (0, 1)),
    -- 0 when it was only logistics: scheduling or billing.
    substantive INTEGER NOT NULL DEFAULT 1 CHECK (substantive IN (0, 1)),
    intention   TEXT CHECK (intention IN ('venting', 'clinical-brainstorming', 'accountability')),
    minutes     INTEGER CHECK (minutes BETWEEN 1 AND 1440),
    note        TEXT CHECK (length(note) <= 5000),
    logged_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX contacts_by_instant ON contacts (unixepoch(at));

-- Which peers took part in a contact.
CREATE TABLE contact_peers (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    peer_id    INTEGER NOT NULL REFERENCES peers (id) ON DELETE RESTRICT,
    PRIMARY KEY (contact_id, peer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_peers_by_peer ON contact_peers (peer_id);

-- Client sessions per week, and the user's own call on whether the week was heavy.
CREATE TABLE caseloads (
    week           TEXT PRIMARY KEY,
    sessions       INTEGER CHECK (sessions BETWEEN 0 AND 80),
    -- NULL follows the heavy-week rule; 0 or 1 is the user's override.
    heavy_override INTEGER CHECK (heavy_override IN (0, 1)),
    updated_at     TEXT NOT NULL
) STRICT;

-- A biweekly connectedness self-check with its four raw answers.
CREATE TABLE selfchecks (
    id                    INTEGER PRIMARY KEY,
    taken_at              TEXT    NOT NULL,
    talked_beyond_logistics INTEGER NOT NULL CHECK (talked_beyond_logistics IN (0, 1)),
    debrief_within_72h    INTEGER NOT NULL CHECK (debrief_within_72h IN (0, 1)),
    mixed_career_stages   INTEGER NOT NULL CHECK (mixed_career_stages IN (0, 1)),
    safety_net_rating     INTEGER NOT NULL CHECK (safety_net_rating BETWEEN 1 AND 10)
) STRICT;
CREATE INDEX selfchecks_by_instant ON selfchecks (unixepoch(taken_at));

-- What happened to each nudge: fired, snoozed, dismissed, resolved, acted on.
CREATE TABLE nudge_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    rule    TEXT NOT NULL CHECK (rule IN ('heavy-week-lapse', 'contact-lapse', 'selfcheck-due',
                'checklist-item')),
    event   TEXT NOT NULL CHECK (event IN ('fired', 'snoozed', 'dismissed', 'resolved',
                'acted-on')),
    -- What the nudge is about, so one occurrence is told apart from the next
    -- (the lapse's start, the self-check's due date, the checklist item's id).
    subject TEXT NOT NULL,
    peer_id INTEGER REFERENCES peers (id) ON DELETE SET NULL,
    -- For 'snoozed': when the nudge may come back.
    until   TEXT
) STRICT;
CREATE INDEX nudge_log_by_rule ON nudge_log (rule, subject);
