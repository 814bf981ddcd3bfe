//! The log of peer contacts: who, when, how, and whether it went beyond logistics.

use std::ops::RangeInclusive;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};

use crate::checklist::{tick_linked_item, untick_items_of_contact};
use crate::clock::Clock;
use crate::confidentiality::Guard;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text_enum::text_enum;
use crate::week::Week;

text_enum!(
    /// How a peer contact happened.
    ContactKind, "a kind of contact", {
        /// A written message: text, email, chat.
        Message => "message", "Message",
        /// A phone call.
        Call => "call", "Call",
        /// A video call.
        Video => "video", "Video call",
        /// Meeting in person.
        InPerson => "in-person", "In person",
        /// The peer consultation group.
        Group => "group", "Consultation group",
        /// A debrief with the user's peer buddy.
        BuddyDebrief => "buddy-debrief", "Buddy debrief",
        /// Informal time together.
        Informal => "informal", "Informal time",
    }
);

text_enum!(
    /// What the user wants from a contact or a consultation, decided before it, as both
    /// peer-support guides list it.
    Intention, "an intention", {
        /// Advice on what to do.
        Advice => "advice", "Advice",
        /// Resources: reading, a referral, a training.
        Resources => "resources", "Resources",
        /// Emotional support.
        EmotionalSupport => "emotional-support", "Emotional support",
        /// To think through a case together.
        ClinicalBrainstorming => "clinical-brainstorming", "Clinical brainstorming",
        /// To let off steam, within limits.
        Venting => "venting", "Venting",
        /// To keep each other to a commitment.
        Accountability => "accountability", "Accountability",
    }
);

text_enum!(
    /// How the user left a contact.
    Energy, "a way to leave a contact", {
        /// Renewed: it gave more than it took.
        Renewed => "renewed", "Renewed",
        /// Neither renewed nor drained.
        Neutral => "neutral", "Neutral",
        /// Drained: it took more than it gave.
        Drained => "drained", "Drained",
    }
);

/// The longest note on a contact, in characters.
pub const MAX_NOTE_CHARS: usize = 5000;
/// How far in the future a contact may be logged, for clocks that disagree a little.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// A peer as a contact names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeerRef {
    /// The peer's identifier.
    pub id: i64,
    /// The peer's name.
    pub name: String,
}

/// A logged peer contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Its identifier.
    pub id: i64,
    /// When it happened, RFC 3339 with the user's offset.
    pub at: String,
    /// How it happened.
    pub kind: ContactKind,
    /// With the consultation group as a whole.
    pub with_group: bool,
    /// The named peers who took part.
    pub peers: Vec<PeerRef>,
    /// Whether it went beyond logistics (scheduling, billing).
    pub substantive: bool,
    /// What the user wanted from it, in the order the app lists intentions.
    pub intentions: Vec<Intention>,
    /// How the user left it, once they said.
    pub energy: Option<Energy>,
    /// How long it lasted.
    pub minutes: Option<u32>,
    /// The user's note.
    pub note: Option<String>,
}

/// A contact as the user logs or edits it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct NewContact {
    /// When it happened; `None` means now.
    #[serde(default)]
    pub at: Option<DateTime<FixedOffset>>,
    /// The peers who took part.
    #[serde(default)]
    pub peers: Vec<i64>,
    /// With the consultation group as a whole.
    #[serde(default)]
    pub with_group: bool,
    /// How it happened.
    pub kind: ContactKind,
    /// Whether it went beyond logistics.
    #[serde(default = "yes")]
    pub substantive: bool,
    /// What the user wanted from it.
    #[serde(default)]
    pub intentions: Vec<Intention>,
    /// How the user left it.
    #[serde(default)]
    pub energy: Option<Energy>,
    /// How long it lasted, 1 to 1,440 minutes.
    #[serde(default)]
    pub minutes: Option<u32>,
    /// A note of at most 5,000 characters.
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// Which contacts to list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ContactFilter {
    /// Only contacts with this peer.
    #[serde(default)]
    pub peer: Option<i64>,
    /// Only contacts of this kind.
    #[serde(default)]
    pub kind: Option<ContactKind>,
    /// Only contacts on or after this local date.
    #[serde(default)]
    pub since: Option<NaiveDate>,
    /// At most this many, the newest.
    #[serde(default)]
    pub limit: Option<u32>,
}

impl Store {
    /// Logs a contact; with `checklist_item`, ticks that peer item in the same transaction.
    ///
    /// Without one, a substantive contact ticks the first unticked item of its week linked to its
    /// kind (Tuesday's message, Wednesday's group, Friday's buddy debrief), so that the checklist
    /// and the log never disagree. A buddy debrief with no one named is with the buddy, when
    /// there is exactly one. A note that looks like it identifies a client is refused
    /// unless `guard` says save anyway.
    pub fn log_contact(
        &mut self,
        mut contact: NewContact,
        checklist_item: Option<i64>,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Contact> {
        // A buddy debrief is with the buddy, unless the user says otherwise.
        if contact.kind == ContactKind::BuddyDebrief
            && contact.peers.is_empty()
            && !contact.with_group
        {
            let buddies: Vec<i64> = self
                .peers(false, clock)?
                .into_iter()
                .filter(|peer| peer.roles.contains(&crate::peer::Role::Buddy))
                .map(|peer| peer.id)
                .collect();
            if let [buddy] = buddies.as_slice() {
                contact.peers.push(*buddy);
            }
        }
        let (at, note) = self.checked_contact(&contact, guard, clock)?;
        if let Some(item) = checklist_item {
            if !self.checklist_item(item)?.peer {
                return Err(Error::Invalid(
                    "Only peer items of the checklist can be ticked by logging a contact.".into(),
                ));
            }
        }
        let kept_weeks = self.kept_weeks(clock)?;
        let now = clock.now().to_rfc3339();
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO contacts (at, kind, with_group, substantive, energy, minutes, note, logged_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![at.to_rfc3339(), contact.kind, contact.with_group, contact.substantive, contact.energy, contact.minutes, note, now],
        )?;
        let id = tx.last_insert_rowid();
        set_contact_peers(&tx, id, &contact.peers)?;
        set_intentions(&tx, id, &contact.intentions)?;
        match checklist_item {
            Some(item) => {
                tx.execute(
                    "UPDATE checklist_items SET done_at = coalesce(done_at, ?2), contact_id = ?3 WHERE id = ?1",
                    params![item, now, id],
                )?;
            }
            None => tick_linked(&tx, id, &contact, at, &kept_weeks, clock)?,
        }
        tx.commit()?;
        self.erase_if_past_keeping(at.date_naive(), clock)?;
        self.contact(id)
    }

    /// Replaces contact `id` with what the user now says; the checklist items it ticked follow.
    pub fn update_contact(
        &mut self,
        id: i64,
        contact: NewContact,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Contact> {
        self.contact(id)?;
        let (at, note) = self.checked_contact(&contact, guard, clock)?;
        let kept_weeks = self.kept_weeks(clock)?;
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE contacts SET at = ?2, kind = ?3, with_group = ?4, substantive = ?5, energy = ?6, minutes = ?7, note = ?8
             WHERE id = ?1",
            params![id, at.to_rfc3339(), contact.kind, contact.with_group, contact.substantive, contact.energy, contact.minutes, note],
        )?;
        set_contact_peers(&tx, id, &contact.peers)?;
        set_intentions(&tx, id, &contact.intentions)?;
        untick_items_of_contact(&tx, id, clock)?;
        tick_linked(&tx, id, &contact, at, &kept_weeks, clock)?;
        tx.commit()?;
        self.erase_if_past_keeping(at.date_naive(), clock)?;
        self.contact(id)
    }

    /// Deletes contact `id`, unticking what it ticked, and returns what it was, so the UI can
    /// offer to undo.
    pub fn delete_contact(&mut self, id: i64, clock: &dyn Clock) -> Result<Contact> {
        let contact = self.contact(id)?;
        let tx = self.conn_mut().transaction()?;
        untick_items_of_contact(&tx, id, clock)?;
        tx.execute("DELETE FROM contacts WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(contact)
    }

    /// Records how the user left contact `id`; `None` takes the answer back.
    pub fn rate_contact(&mut self, id: i64, energy: Option<Energy>) -> Result<Contact> {
        self.contact(id)?;
        self.conn().execute(
            "UPDATE contacts SET energy = ?2, energy_asked = 1 WHERE id = ?1",
            params![id, energy],
        )?;
        self.contact(id)
    }

    /// Puts away the morning-after question about contact `id` without an answer.
    pub fn skip_rating(&mut self, id: i64) -> Result<()> {
        self.contact(id)?;
        self.conn().execute(
            "UPDATE contacts SET energy_asked = 1 WHERE id = ?1",
            params![id],
        )?;
        Ok(())
    }

    /// The real conversations of the last three days before today that the user has not said
    /// how they left, newest first: Home asks about them, one at a time, the next morning.
    pub fn contacts_to_rate(&self, clock: &dyn Clock) -> Result<Vec<Contact>> {
        let today = clock.today();
        let midnight =
            |day: NaiveDate| clock.instant_of_local(day.and_time(chrono::NaiveTime::MIN));
        self.contacts_where(
            "c.substantive = 1 AND c.energy IS NULL AND c.energy_asked = 0
             AND unixepoch(c.at) >= unixepoch(?1) AND unixepoch(c.at) < unixepoch(?2)",
            params![
                midnight(today - chrono::Days::new(3)).to_rfc3339(),
                midnight(today).to_rfc3339()
            ],
            None,
        )
    }

    /// One contact.
    pub fn contact(&self, id: i64) -> Result<Contact> {
        self.contacts_where("c.id = ?1", params![id], None)?
            .pop()
            .ok_or_else(|| Error::NotFound(format!("There is no contact {id}.")))
    }

    /// Contacts matching `filter`, newest first.
    pub fn contacts(&self, filter: &ContactFilter, clock: &dyn Clock) -> Result<Vec<Contact>> {
        let offset = clock.now().offset().local_minus_utc();
        let since = filter.since.map(|date| {
            let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
            let local = FixedOffset::east_opt(offset).expect("a valid offset");
            midnight
                .and_local_timezone(local)
                .single()
                .expect("fixed offsets are unambiguous")
                .to_rfc3339()
        });
        self.contacts_where(
            "(?1 IS NULL OR EXISTS (SELECT 1 FROM contact_peers f WHERE f.contact_id = c.id AND f.peer_id = ?1))
             AND (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR unixepoch(c.at) >= unixepoch(?3))",
            params![filter.peer, filter.kind, since],
            filter.limit,
        )
    }

    fn contacts_where(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
        limit: Option<u32>,
    ) -> Result<Vec<Contact>> {
        // SQLite reads a negative limit as none.
        let limit = limit.map_or(-1, i64::from);
        let mut stmt = self.conn().prepare(&format!(
            "SELECT c.id, c.at, c.kind, c.with_group, c.substantive, c.energy, c.minutes, c.note,
                    (SELECT json_group_array(json_object('id', p.id, 'name', p.name))
                     FROM contact_peers cp JOIN peers p ON p.id = cp.peer_id WHERE cp.contact_id = c.id),
                    (SELECT group_concat(i.intention) FROM contact_intentions i WHERE i.contact_id = c.id)
             FROM contacts c WHERE {condition} ORDER BY unixepoch(c.at) DESC, c.id DESC LIMIT {limit}"
        ))?;
        let rows = stmt.query_map(values, |row| {
            let peers: String = row.get(8)?;
            let intentions: Option<String> = row.get(9)?;
            Ok((
                Contact {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    kind: row.get(2)?,
                    with_group: row.get(3)?,
                    substantive: row.get(4)?,
                    energy: row.get(5)?,
                    minutes: row.get(6)?,
                    note: row.get(7)?,
                    peers: Vec::new(),
                    intentions: Vec::new(),
                },
                peers,
                intentions,
            ))
        })?;
        rows.map(|row| {
            let (mut contact, peers, intentions) = row?;
            contact.intentions = intentions_of(intentions.as_deref())?;
            let peers: Vec<serde_json::Value> = serde_json::from_str(&peers).unwrap_or_default();
            contact.peers = peers
                .into_iter()
                .filter_map(|p| {
                    Some(PeerRef {
                        id: p["id"].as_i64()?,
                        name: p["name"].as_str()?.to_owned(),
                    })
                })
                .collect();
            contact.peers.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(contact)
        })
        .collect()
    }

    /// Checks a contact before any write: when, with whom, minutes and note.
    fn checked_contact(
        &self,
        contact: &NewContact,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<(DateTime<FixedOffset>, Option<String>)> {
        let now = clock.now();
        let at = contact.at.unwrap_or(now);
        if at > now + Duration::minutes(FUTURE_TOLERANCE_MINUTES) {
            return Err(Error::Invalid(
                "A contact cannot be logged in the future.".into(),
            ));
        }
        if contact.peers.is_empty() && !contact.with_group {
            return Err(Error::Invalid(
                "Say who the contact was with: a peer, or the consultation group.".into(),
            ));
        }
        for &peer in &contact.peers {
            self.peer(peer, clock)?;
        }
        if let Some(minutes) = contact.minutes {
            if !(1..=1440).contains(&minutes) {
                return Err(Error::Invalid(
                    "Minutes must be between 1 and 1,440 (a whole day).".into(),
                ));
            }
        }
        let check = self.client_details_check(clock)?;
        let note = contact
            .note
            .as_deref()
            .map(|note| check.checked(note, MAX_NOTE_CHARS, guard))
            .transpose()?
            .filter(|note| !note.is_empty());
        Ok((at, note))
    }
}

/// Ticks the item linked to a substantive contact's kind in the contact's week, when that week
/// is one the checklist keeps.
fn tick_linked(
    tx: &Transaction,
    id: i64,
    contact: &NewContact,
    at: DateTime<FixedOffset>,
    kept_weeks: &RangeInclusive<Week>,
    clock: &dyn Clock,
) -> Result<()> {
    let week = Week::containing(clock.local_date(at.with_timezone(&Utc)));
    if contact.substantive && kept_weeks.contains(&week) {
        tick_linked_item(tx, week, contact.kind, id, clock)?;
    }
    Ok(())
}

/// The intentions `group_concat` listed, in the order the app lists them.
pub(crate) fn intentions_of(listed: Option<&str>) -> Result<Vec<Intention>> {
    let mut intentions = listed
        .into_iter()
        .flat_map(|listed| listed.split(','))
        .map(str::parse::<Intention>)
        .collect::<Result<Vec<_>>>()?;
    intentions.sort();
    Ok(intentions)
}

fn set_intentions(tx: &Transaction, id: i64, intentions: &[Intention]) -> Result<()> {
    tx.execute(
        "DELETE FROM contact_intentions WHERE contact_id = ?1",
        params![id],
    )?;
    for intention in intentions {
        tx.execute(
            "INSERT OR IGNORE INTO contact_intentions (contact_id, intention) VALUES (?1, ?2)",
            params![id, intention],
        )?;
    }
    Ok(())
}

fn set_contact_peers(tx: &Transaction, id: i64, peers: &[i64]) -> Result<()> {
    tx.execute(
        "DELETE FROM contact_peers WHERE contact_id = ?1",
        params![id],
    )?;
    for peer in peers {
        tx.execute(
            "INSERT OR IGNORE INTO contact_peers (contact_id, peer_id) VALUES (?1, ?2)",
            params![id, peer],
        )?;
    }
    Ok(())
}

/// Erases the notes of contacts before `cutoff`, keeping the contacts; returns how many.
pub(crate) fn erase_notes_before(tx: &Transaction, cutoff: DateTime<FixedOffset>) -> Result<usize> {
    Ok(tx.execute(
        "UPDATE contacts SET note = NULL
         WHERE note IS NOT NULL AND unixepoch(at) < unixepoch(?1)",
        params![cutoff.to_rfc3339()],
    )?)
}
