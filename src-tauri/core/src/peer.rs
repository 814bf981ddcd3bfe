//! Peers: the colleagues the user keeps in touch with. Never clients.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::{parse_instant, Clock};
use crate::confidentiality::{ClientDetailsCheck, Guard};
use crate::error::{Error, Result};
use crate::store::Store;

/// The longest peer name or alias, in characters.
pub const MAX_NAME_CHARS: usize = 100;

use crate::text_enum::text_enum;

text_enum!(
    /// Where a peer is in their career.
    CareerStage, "a career stage", {
        /// Early in their career.
        Early => "early", "Early career",
        /// Mid-career.
        Mid => "mid", "Mid-career",
        /// Senior.
        Senior => "senior", "Senior",
    }
);

text_enum!(
    /// What a peer is to the user.
    Role, "a peer role", {
        /// The user's peer buddy, first to be suggested for a debrief.
        Buddy => "buddy", "Buddy",
        /// A member of the user's consultation group.
        ConsultationGroup => "consultation-group", "Consultation group",
        /// Someone who mentors the user.
        Mentor => "mentor", "Mentor",
        /// Someone the user mentors.
        Mentee => "mentee", "Mentee",
        /// A colleague.
        Colleague => "colleague", "Colleague",
    }
);

/// A peer, with how long it has been since the user was in touch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Peer {
    /// Its identifier.
    pub id: i64,
    /// A display name or alias.
    pub name: String,
    /// Where they are in their career, if the user said.
    pub career_stage: Option<CareerStage>,
    /// What they are to the user.
    pub roles: Vec<Role>,
    /// How the user usually reaches them ("text", "Signal", "phone").
    pub preferred_channel: Option<String>,
    /// Whether they are available for a confidential debrief within 72 hours.
    pub debrief_within_72h: bool,
    /// Their practice area or specialty ("trauma", "couples", "child and adolescent").
    pub practice_area: Option<String>,
    /// A second relationship with them, to disclose ("also my supervisor").
    pub dual_role: Option<String>,
    /// Whether the peer is archived (kept with their history, hidden from choices).
    pub archived: bool,
    /// Whole local days since the last contact of any kind with them; `None` before the first.
    pub days_since_contact: Option<i64>,
}

/// What the user says about a peer when adding or editing them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PeerDetails {
    /// A display name or alias.
    pub name: String,
    /// Where they are in their career.
    #[serde(default)]
    pub career_stage: Option<CareerStage>,
    /// What they are to the user.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// How the user usually reaches them.
    #[serde(default)]
    pub preferred_channel: Option<String>,
    /// Whether they are available for a debrief within 72 hours.
    #[serde(default)]
    pub debrief_within_72h: bool,
    /// Their practice area or specialty.
    #[serde(default)]
    pub practice_area: Option<String>,
    /// A second relationship with them.
    #[serde(default)]
    pub dual_role: Option<String>,
}

/// The shape of the user's peer network, for the self-check hints and Home.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NetworkSummary {
    /// Active peers in all.
    pub peers: u32,
    /// Active early-career peers.
    pub early: u32,
    /// Active mid-career peers.
    pub mid: u32,
    /// Active senior peers.
    pub senior: u32,
    /// Active peers with no career stage given.
    pub stage_unknown: u32,
    /// Active peers available for a debrief within 72 hours.
    pub debrief_within_72h: u32,
    /// Whether an active peer is marked as the user's buddy.
    pub has_buddy: bool,
    /// The practice areas of active peers, each once, by name.
    pub practice_areas: Vec<String>,
    /// Active peers with no practice area given.
    pub area_unknown: u32,
}

/// The longest practice area, in characters.
pub const MAX_AREA_CHARS: usize = 100;

/// The longest dual-role note, in characters.
pub const MAX_DUAL_ROLE_CHARS: usize = 200;

impl Store {
    /// Adds a peer.
    pub fn add_peer(
        &mut self,
        details: PeerDetails,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Peer> {
        let details = checked(details)?;
        self.check_peer_details(&details, None, guard, clock)?;
        let tx = self.conn_mut().transaction()?;
        refuse_duplicate(&tx, &details.name, None)?;
        tx.execute(
            "INSERT INTO peers (name, career_stage, preferred_channel, debrief_within_72h, created_at, practice_area, dual_role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![details.name, details.career_stage, details.preferred_channel, details.debrief_within_72h, clock.now().to_rfc3339(), details.practice_area, details.dual_role],
        )?;
        let id = tx.last_insert_rowid();
        set_roles(&tx, id, &details.roles)?;
        tx.commit()?;
        self.peer(id, clock)
    }

    /// Replaces what is known about peer `id`.
    pub fn update_peer(
        &mut self,
        id: i64,
        details: PeerDetails,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Peer> {
        let details = checked(details)?;
        self.peer(id, clock)?;
        self.check_peer_details(&details, Some(id), guard, clock)?;
        let tx = self.conn_mut().transaction()?;
        refuse_duplicate(&tx, &details.name, Some(id))?;
        tx.execute(
            "UPDATE peers SET name = ?2, career_stage = ?3, preferred_channel = ?4, debrief_within_72h = ?5,
                 practice_area = ?6, dual_role = ?7 WHERE id = ?1",
            params![id, details.name, details.career_stage, details.preferred_channel, details.debrief_within_72h, details.practice_area, details.dual_role],
        )?;
        set_roles(&tx, id, &details.roles)?;
        tx.commit()?;
        self.peer(id, clock)
    }

    /// Archives or unarchives peer `id`; their contacts stay in the log either way.
    pub fn set_peer_archived(
        &mut self,
        id: i64,
        archived: bool,
        clock: &dyn Clock,
    ) -> Result<Peer> {
        let before = self.peer(id, clock)?;
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE peers SET archived_at = CASE WHEN ?2 THEN coalesce(archived_at, ?3) END WHERE id = ?1",
            params![id, archived, clock.now().to_rfc3339()],
        )?;
        // An archived peer leaves their groups, and one brought back joins them again.
        if before.archived != archived {
            crate::agreement::peer_left_or_returned(&tx, id, clock.today())?;
        }
        tx.commit()?;
        self.peer(id, clock)
    }

    /// The display names of every peer, archived ones too: the user's colleagues.
    pub fn peer_names(&self) -> Result<Vec<String>> {
        self.peer_names_other_than(None)
    }

    /// The display names of every peer but `except`.
    fn peer_names_other_than(&self, except: Option<i64>) -> Result<Vec<String>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM peers WHERE ?1 IS NULL OR id IS NOT ?1")?;
        let names = stmt.query_map([except], |row| row.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    /// Refuses a peer's free text that looks like a client's details, unless `guard` says save
    /// anyway. The other peers are colleagues; the one being edited is not its own alibi.
    fn check_peer_details(
        &self,
        details: &PeerDetails,
        id: Option<i64>,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<()> {
        if guard == Guard::SaveAnyway {
            return Ok(());
        }
        ClientDetailsCheck::new(clock.today())
            .with_colleagues(self.peer_names_other_than(id)?)
            .check_fields(
                &[
                    (Some("the name"), details.name.as_str()),
                    (
                        Some("the channel"),
                        details.preferred_channel.as_deref().unwrap_or_default(),
                    ),
                    (
                        Some("the practice area"),
                        details.practice_area.as_deref().unwrap_or_default(),
                    ),
                    (
                        Some("the dual role"),
                        details.dual_role.as_deref().unwrap_or_default(),
                    ),
                ],
                guard,
            )
    }

    /// One peer.
    pub fn peer(&self, id: i64, clock: &dyn Clock) -> Result<Peer> {
        self.peers_where(
            "p.id = ?3",
            params![clock.now().to_rfc3339(), true, id],
            clock,
        )?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("There is no peer {id}.")))
    }

    /// The peer called `name` (any case), archived or not.
    pub fn peer_named(&self, name: &str, clock: &dyn Clock) -> Result<Peer> {
        let name = name.trim();
        self.peers_where(
            "p.name = ?3 COLLATE NOCASE",
            params![clock.now().to_rfc3339(), true, name],
            clock,
        )?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("There is no peer called \"{name}\".")))
    }

    /// Peers by name; archived ones only when asked.
    pub fn peers(&self, include_archived: bool, clock: &dyn Clock) -> Result<Vec<Peer>> {
        self.peers_where(
            "1",
            params![clock.now().to_rfc3339(), include_archived],
            clock,
        )
    }

    /// Peers matching `condition`, by name; `?1` is now, `?2` whether to include archived peers.
    fn peers_where(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
        clock: &dyn Clock,
    ) -> Result<Vec<Peer>> {
        let today = clock.today();
        let mut stmt = self.conn().prepare(&format!(
            "SELECT p.id, p.name, p.career_stage, p.preferred_channel, p.debrief_within_72h, p.archived_at IS NOT NULL,
                    p.practice_area, p.dual_role,
                    (SELECT group_concat(role) FROM peer_roles r WHERE r.peer_id = p.id),
                    (SELECT c.at FROM contacts c JOIN contact_peers cp ON cp.contact_id = c.id
                     WHERE cp.peer_id = p.id AND unixepoch(c.at) <= unixepoch(?1)
                     ORDER BY unixepoch(c.at) DESC LIMIT 1)
             FROM peers p WHERE (?2 OR p.archived_at IS NULL) AND {condition} ORDER BY p.name"
        ))?;
        let rows = stmt.query_map(values, peer_from_row)?;
        rows.map(|row| {
            let (mut peer, last_contact) = row?;
            peer.days_since_contact =
                last_contact.map(|at| (today - clock.local_date(at)).num_days());
            Ok(peer)
        })
        .collect()
    }

    /// The shape of the active network.
    pub fn network_summary(&self, clock: &dyn Clock) -> Result<NetworkSummary> {
        let mut summary = NetworkSummary::default();
        for peer in self.peers(false, clock)? {
            summary.peers += 1;
            match peer.career_stage {
                Some(CareerStage::Early) => summary.early += 1,
                Some(CareerStage::Mid) => summary.mid += 1,
                Some(CareerStage::Senior) => summary.senior += 1,
                None => summary.stage_unknown += 1,
            }
            summary.debrief_within_72h += u32::from(peer.debrief_within_72h);
            summary.has_buddy |= peer.roles.contains(&Role::Buddy);
            match peer.practice_area {
                Some(area) => {
                    // "Trauma" and "trauma" are one area; the first spelling stands.
                    if !summary
                        .practice_areas
                        .iter()
                        .any(|known| known.to_lowercase() == area.to_lowercase())
                    {
                        summary.practice_areas.push(area);
                    }
                }
                None => summary.area_unknown += 1,
            }
        }
        summary
            .practice_areas
            .sort_by_key(|area| area.to_lowercase());
        Ok(summary)
    }
}

fn peer_from_row(row: &Row) -> rusqlite::Result<(Peer, Option<DateTime<Utc>>)> {
    let roles: Option<String> = row.get(8)?;
    let mut roles: Vec<Role> = roles
        .unwrap_or_default()
        .split(',')
        .filter(|role| !role.is_empty())
        .filter_map(|role| role.parse().ok())
        .collect();
    roles.sort();
    let last: Option<String> = row.get(9)?;
    let last = last
        .and_then(|text| parse_instant(&text).ok())
        .map(|at| at.with_timezone(&Utc));
    Ok((
        Peer {
            id: row.get(0)?,
            name: row.get(1)?,
            career_stage: row.get(2)?,
            preferred_channel: row.get(3)?,
            debrief_within_72h: row.get(4)?,
            archived: row.get(5)?,
            practice_area: row.get(6)?,
            dual_role: row.get(7)?,
            roles,
            days_since_contact: None,
        },
        last,
    ))
}

fn checked(mut details: PeerDetails) -> Result<PeerDetails> {
    details.name = details.name.trim().to_owned();
    let chars = details.name.chars().count();
    if chars == 0 {
        return Err(Error::Invalid("A peer needs a name or an alias.".into()));
    }
    if chars > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!(
            "Keep a peer's name to {MAX_NAME_CHARS} characters; this one has {chars}."
        )));
    }
    details.preferred_channel = details
        .preferred_channel
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if details
        .preferred_channel
        .as_ref()
        .is_some_and(|c| c.chars().count() > 100)
    {
        return Err(Error::Invalid(
            "Keep the preferred channel to 100 characters.".into(),
        ));
    }
    details.practice_area = optional_text(details.practice_area, MAX_AREA_CHARS, "practice area")?;
    details.dual_role = optional_text(details.dual_role, MAX_DUAL_ROLE_CHARS, "dual-role note")?;
    details.roles.sort();
    details.roles.dedup();
    Ok(details)
}

/// `text` trimmed, `None` when empty, refused beyond `max` characters.
fn optional_text(text: Option<String>, max: usize, what: &str) -> Result<Option<String>> {
    let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if let Some(chars) = text
        .as_ref()
        .map(|t| t.chars().count())
        .filter(|&n| n > max)
    {
        return Err(Error::Invalid(format!(
            "Keep the {what} to {max} characters; this one has {chars}."
        )));
    }
    Ok(text)
}

fn refuse_duplicate(tx: &Transaction, name: &str, except: Option<i64>) -> Result<()> {
    let existing: Option<String> = tx
        .query_row(
            "SELECT name FROM peers WHERE name = ?1 COLLATE NOCASE AND (?2 IS NULL OR id != ?2)",
            params![name, except],
            |row| row.get(0),
        )
        .optional()?;
    match existing {
        Some(existing) => Err(Error::Invalid(format!(
            "You already have a peer called \"{existing}\"."
        ))),
        None => Ok(()),
    }
}

fn set_roles(tx: &Transaction, id: i64, roles: &[Role]) -> Result<()> {
    tx.execute("DELETE FROM peer_roles WHERE peer_id = ?1", params![id])?;
    for role in roles {
        tx.execute(
            "INSERT INTO peer_roles (peer_id, role) VALUES (?1, ?2)",
            params![id, role],
        )?;
    }
    Ok(())
}
