-- Schema version 6: what a real year asked for. A monthly item on the month's last weekday,
-- a revised agreement signed again, the user's own signature, and the ethics worksheet's risk
-- and benefit analysis and follow-up plan on a consultation record.

-- The template's rhythm also takes 'monthly-last-thursday'. SQLite cannot change a CHECK in
-- place, so the table is rebuilt the way its ALTER TABLE guide says: with foreign keys off
-- (the week copies keep their template_id) and checked before the commit.
CREATE TABLE checklist_template_v6 (
    id           INTEGER PRIMARY KEY,
    slot         TEXT    NOT NULL CHECK (slot IN ('monday-morning', 'tuesday-midday',
                     'wednesday-afternoon', 'thursday-evening', 'friday', 'weekend')),
    position     INTEGER NOT NULL,
    title        TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    peer         INTEGER NOT NULL DEFAULT 0 CHECK (peer IN (0, 1)),
    reflection   INTEGER NOT NULL DEFAULT 0 CHECK (reflection IN (0, 1)),
    -- For peer items: the kind of contact that ticking it offers to log.
    contact_kind TEXT CHECK (contact_kind IN ('message', 'call', 'video', 'in-person', 'group',
                     'buddy-debrief', 'informal')),
    -- How often the item comes round: 'weekly', 'every-2-from-2026-W48' (2 to 4 weeks),
    -- 'monthly-1-wednesday' (the month's Nth weekday, 1 to 4) or 'monthly-last-thursday'.
    rhythm       TEXT    NOT NULL DEFAULT 'weekly'
                     CHECK (rhythm = 'weekly'
                            OR rhythm GLOB 'every-[234]-from-[0-9][0-9][0-9][0-9]-W[0-5][0-9]'
                            OR rhythm GLOB 'monthly-[1-4]-*day'
                            OR rhythm GLOB 'monthly-last-*day')
) STRICT;
INSERT INTO checklist_template_v6 (id, slot, position, title, peer, reflection, contact_kind,
                                   rhythm)
    SELECT id, slot, position, title, peer, reflection, contact_kind, rhythm
    FROM checklist_template;
DROP TABLE checklist_template;
ALTER TABLE checklist_template_v6 RENAME TO checklist_template;

-- The day the agreement's name or commitments last changed once someone had signed: a revised
-- text is signed again. NULL while the text has not changed since a signature.
ALTER TABLE agreements ADD COLUMN text_changed_on TEXT;

-- The day the user signed the agreement themselves; NULL before they do.
ALTER TABLE agreements ADD COLUMN user_signed_on TEXT;

-- The ethics worksheet's last two parts: what each option risks and offers, and the plan after.
ALTER TABLE consultations ADD COLUMN risk_benefit TEXT CHECK (length(risk_benefit) <= 5000);
ALTER TABLE consultations ADD COLUMN follow_up_plan TEXT CHECK (length(follow_up_plan) <= 5000);
