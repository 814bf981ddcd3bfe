-- Schema version 3: the peer group's confidentiality agreement, the consultation record, and
-- the two nudges they bring (re-signing due, a consultation's follow-up).

-- A written confidentiality agreement of a peer group.
CREATE TABLE agreements (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL COLLATE NOCASE UNIQUE
                              CHECK (length(trim(name)) BETWEEN 1 AND 100),
    created_at            TEXT NOT NULL,
    -- The day a member was last added or removed once someone had signed: from then on,
    -- every member signs again. NULL while no change has followed a signature.
    membership_changed_on TEXT
) STRICT;

-- The agreement's commitments, in order.
CREATE TABLE agreement_points (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    text         TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    PRIMARY KEY (agreement_id, position)
) STRICT, WITHOUT ROWID;

-- Who is in the group, and the day each last signed (NULL before their first signature).
CREATE TABLE agreement_members (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    peer_id      INTEGER NOT NULL REFERENCES peers (id) ON DELETE RESTRICT,
    signed_on    TEXT,
    PRIMARY KEY (agreement_id, peer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agreement_members_by_peer ON agreement_members (peer_id);

-- A record of one consultation: the question, what was weighed, and what was decided. While
-- it holds only the question and what the user wants from it, it is being prepared.
CREATE TABLE consultations (
    id              INTEGER PRIMARY KEY,
    held_on         TEXT    NOT NULL,
    type            TEXT    NOT NULL CHECK (type IN ('peer-consultation', 'group-consultation',
                        'supervision', 'ethics-consultation')),
    -- The logged contact it was part of, if any.
    contact_id      INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    -- Who was consulted: a peer, the group, or (neither) someone unnamed.
    peer_id         INTEGER REFERENCES peers (id) ON DELETE RESTRICT,
    with_group      INTEGER NOT NULL DEFAULT 0 CHECK (with_group IN (0, 1)),
    -- The free texts; NULL when empty, or when retention has erased them.
    question        TEXT CHECK (length(question) <= 5000),
    options         TEXT CHECK (length(options) <= 5000),
    standards       TEXT CHECK (length(standards) <= 5000),
    recommendations TEXT CHECK (length(recommendations) <= 5000),
    decision        TEXT CHECK (length(decision) <= 5000),
    rationale       TEXT CHECK (length(rationale) <= 5000),
    follow_up_on    TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;
CREATE INDEX consultations_by_day ON consultations (held_on);
CREATE INDEX consultations_by_follow_up ON consultations (follow_up_on)
    WHERE follow_up_on IS NOT NULL;

-- What the user wanted from a consultation, decided before it.
CREATE TABLE consultation_wants (
    consultation_id INTEGER NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    want            TEXT    NOT NULL CHECK (want IN ('advice', 'resources', 'emotional-support',
                        'clinical-brainstorming', 'venting', 'accountability')),
    PRIMARY KEY (consultation_id, want)
) STRICT, WITHOUT ROWID;

-- The nudge log learns the two new rules, and the debrief follow-up of schema version 4. SQLite cannot change a CHECK in place, so the table
-- is rebuilt; nothing refers to it.
CREATE TABLE nudge_log_v3 (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    rule    TEXT NOT NULL CHECK (rule IN ('heavy-week-lapse', 'contact-lapse', 'selfcheck-due',
                'checklist-item', 'agreement-review', 'consultation-follow-up',
                'debrief-follow-up')),
    event   TEXT NOT NULL CHECK (event IN ('fired', 'snoozed', 'dismissed', 'resolved',
                'acted-on')),
    subject TEXT NOT NULL,
    peer_id INTEGER REFERENCES peers (id) ON DELETE SET NULL,
    until   TEXT
) STRICT;
INSERT INTO nudge_log_v3 (id, at, rule, event, subject, peer_id, until)
    SELECT id, at, rule, event, subject, peer_id, until FROM nudge_log;
DROP TABLE nudge_log;
ALTER TABLE nudge_log_v3 RENAME TO nudge_log;
CREATE INDEX nudge_log_by_rule ON nudge_log (rule, subject);
