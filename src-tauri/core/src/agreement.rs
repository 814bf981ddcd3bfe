//! The peer group's written confidentiality agreement: its commitments, its members and the day
//! each signed, and when the group is due to sign it again.
//!
//! The user is a member too: their own signature counts in the round once they give it.
//! Re-signing is due 12 months after the oldest signature, and as soon as a member joins or
//! leaves (an archived peer leaves), or the name or a commitment is revised, once someone has
//! signed: from that day, every member signs again. Signatures dated before the day they are
//! typed in are history (a paper agreement): the order they are typed in changes nothing.

use chrono::{Months, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::clock::Clock;
use crate::confidentiality::Guard;
use crate::contact::PeerRef;
use crate::error::{Error, Result};
use crate::store::Store;

/// The built-in agreement a new one starts from: eight commitments, in Mooring's own words.
pub const TEMPLATE_POINTS: [&str; 8] = [
    "What is said in the group stays in the group, while we are members and after we leave.",
    "Case material is de-identified: no names, dates or details that would let anyone \
     recognise the person we are talking about.",
    "We share only what the question needs, and nothing more.",
    "Nobody records a meeting, in sound, image or word for word, without the written consent \
     of every member.",
    "Any notes we keep are stored securely, encrypted or locked, and destroyed once they are \
     no longer needed.",
    "We say so when we have, or may have, a second relationship with someone discussed or \
     with another member.",
    "Being in the group changes none of our own ethical, legal and reporting duties: each of \
     us stays responsible for our own practice.",
    "We sign and date this agreement, and sign it again every year and whenever someone joins \
     or leaves.",
];

/// The months a signature counts for before the group signs again.
pub const RESIGN_AFTER_MONTHS: u32 = 12;

/// The longest agreement name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// The longest commitment, in characters.
pub const MAX_POINT_CHARS: usize = 2000;

/// The most commitments one agreement holds.
pub const MAX_POINTS: usize = 40;

/// A group's confidentiality agreement, as the user keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// Its identifier.
    pub id: i64,
    /// The group's name for it, such as "Wednesday group".
    pub name: String,
    /// Its commitments, in order.
    pub points: Vec<String>,
    /// The group's members and when each signed, by name.
    pub members: Vec<AgreementMember>,
    /// The day the group is due to sign again; `None` until someone has signed.
    pub resign_due_on: Option<NaiveDate>,
    /// Whether signing again is due today or overdue.
    pub resign_due: bool,
    /// The day a member last joined or left after a signature, if one has.
    pub membership_changed_on: Option<NaiveDate>,
    /// The day the name or the commitments were last revised after a signature, if they were.
    pub text_changed_on: Option<NaiveDate>,
    /// The user's own signature.
    pub you: YourSignature,
    /// How many signatures cover the group and text as they are now: the members', and the
    /// user's once they have signed at all.
    pub signed_count: usize,
    /// How many signatures the agreement needs: each member, and the user once they have signed.
    pub signer_count: usize,
    /// Whose signature is missing or no longer covers it, by name ("you" for the user).
    pub waiting_for: Vec<String>,
}

/// The user's own signature on an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YourSignature {
    /// The user's name from Settings, if they gave one.
    pub name: Option<String>,
    /// The day they last signed; `None` before they do.
    pub signed_on: Option<NaiveDate>,
    /// Whether their signature covers the group and text as they are now, under 12 months old.
    pub signature_current: bool,
}

/// A member of a group's agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgreementMember {
    /// The peer's name.
    pub peer: String,
    /// The peer's identifier.
    pub peer_id: i64,
    /// The day they last signed; `None` before their first signature.
    pub signed_on: Option<NaiveDate>,
    /// Whether their signature covers the group as it is now and is under 12 months old.
    pub signature_current: bool,
}

/// The day the group is due to sign again: the day membership or the text changed, when a
/// member has not signed since; the day of the first signature, while a member has not signed
/// at all; otherwise 12 months after the oldest signature. `None` while nobody has signed.
pub fn resign_due_on(
    signatures: &[Option<NaiveDate>],
    changed_on: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let oldest = signatures.iter().flatten().min().copied()?;
    if let Some(changed) = changed_on {
        if signatures
            .iter()
            .any(|signed| signed.is_none_or(|on| on < changed))
        {
            return Some(changed);
        }
    }
    // A member who has not signed yet leaves the round open since it began.
    if signatures.iter().any(Option::is_none) {
        return Some(oldest);
    }
    oldest.checked_add_months(Months::new(RESIGN_AFTER_MONTHS))
}

impl Store {
    /// Starts a new agreement named `name`, from the eight built-in commitments when
    /// `from_template`, else with none yet.
    pub fn new_agreement(
        &mut self,
        name: &str,
        from_template: bool,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        let name = checked_name(name)?;
        self.client_details_check(clock)?
            .check_fields(&[(Some("the name"), &name)], guard)?;
        if self.agreement_id(&name)?.is_some() {
            return Err(Error::Invalid(format!(
                "There is already an agreement called “{name}”. Choose another name."
            )));
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO agreements (name, created_at) VALUES (?1, ?2)",
            params![name, clock.now().to_rfc3339()],
        )?;
        let id = tx.last_insert_rowid();
        if from_template {
            let points: Vec<String> = TEMPLATE_POINTS.iter().map(|&p| p.to_owned()).collect();
            set_points(&tx, id, &points)?;
        }
        tx.commit()?;
        self.agreement(id, clock)
    }

    /// Renames an agreement and replaces its commitments with `points` (empty ones are
    /// dropped). A commitment that looks like it names a client is refused unless `guard`
    /// says save anyway.
    pub fn edit_agreement(
        &mut self,
        id: i64,
        name: &str,
        points: &[String],
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        let before = self.agreement(id, clock)?;
        let name = checked_name(name)?;
        let check = self.client_details_check(clock)?;
        check.check_fields(&[(Some("the name"), &name)], guard)?;
        if self.agreement_id(&name)?.is_some_and(|other| other != id) {
            return Err(Error::Invalid(format!(
                "There is already an agreement called “{name}”. Choose another name."
            )));
        }
        let mut checked = Vec::with_capacity(points.len());
        for point in points {
            let point = check.checked(point, MAX_POINT_CHARS, guard)?;
            if !point.is_empty() {
                checked.push(point);
            }
        }
        if checked.len() > MAX_POINTS {
            return Err(Error::Invalid(format!(
                "An agreement holds at most {MAX_POINTS} commitments; this one has {}.",
                checked.len()
            )));
        }
        let tx = self.conn_mut().transaction()?;
        // A revised text is signed again; the same text saved again is no revision.
        if before.name != name || before.points != checked {
            mark_change(&tx, id, Change::Text, clock.today())?;
        }
        tx.execute(
            "UPDATE agreements SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        set_points(&tx, id, &checked)?;
        tx.commit()?;
        self.agreement(id, clock)
    }

    /// Deletes an agreement with its members and signatures.
    pub fn delete_agreement(&mut self, id: i64, clock: &dyn Clock) -> Result<Agreement> {
        let agreement = self.agreement(id, clock)?;
        self.conn()
            .execute("DELETE FROM agreements WHERE id = ?1", params![id])?;
        Ok(agreement)
    }

    /// Adds peer `peer` to the group; once someone has signed, everyone signs again.
    pub fn add_agreement_member(
        &mut self,
        id: i64,
        peer: i64,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        let agreement = self.agreement(id, clock)?;
        let peer = self.peer(peer, clock)?;
        if agreement.members.iter().any(|m| m.peer_id == peer.id) {
            return Err(Error::Invalid(format!(
                "{} is already a member of “{}”.",
                peer.name, agreement.name
            )));
        }
        let tx = self.conn_mut().transaction()?;
        mark_change(&tx, id, Change::Membership, clock.today())?;
        tx.execute(
            "INSERT INTO agreement_members (agreement_id, peer_id) VALUES (?1, ?2)",
            params![id, peer.id],
        )?;
        tx.commit()?;
        self.agreement(id, clock)
    }

    /// Takes peer `peer` out of the group; once someone has signed, everyone signs again.
    pub fn remove_agreement_member(
        &mut self,
        id: i64,
        peer: i64,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        let agreement = self.agreement(id, clock)?;
        let Some(member) = agreement.members.iter().find(|m| m.peer_id == peer) else {
            return Err(Error::NotFound(format!(
                "That peer is not a member of “{}”.",
                agreement.name
            )));
        };
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "DELETE FROM agreement_members WHERE agreement_id = ?1 AND peer_id = ?2",
            params![id, member.peer_id],
        )?;
        mark_change(&tx, id, Change::Membership, clock.today())?;
        tx.commit()?;
        self.agreement(id, clock)
    }

    /// Records that peer `peer` signed the agreement on `on` (today by default), adding them
    /// to the group if they were not in it yet.
    pub fn sign_agreement(
        &mut self,
        id: i64,
        peer: i64,
        on: Option<NaiveDate>,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        let agreement = self.agreement(id, clock)?;
        let peer = self.peer(peer, clock)?;
        let on = on.unwrap_or_else(|| clock.today());
        if on > clock.today() {
            return Err(Error::Invalid(
                "A signature cannot be dated in the future.".into(),
            ));
        }
        let tx = self.conn_mut().transaction()?;
        // Signing someone in today is their joining, today. A signature dated earlier is
        // history typed in (a paper agreement): part of the round it was signed in, whatever
        // order the signatures are typed in.
        if on == clock.today() && !agreement.members.iter().any(|m| m.peer_id == peer.id) {
            mark_change(&tx, id, Change::Membership, on)?;
        }
        tx.execute(
            "INSERT INTO agreement_members (agreement_id, peer_id, signed_on) VALUES (?1, ?2, ?3)
             ON CONFLICT (agreement_id, peer_id) DO UPDATE SET signed_on = excluded.signed_on",
            params![id, peer.id, on.to_string()],
        )?;
        tx.commit()?;
        self.agreement(id, clock)
    }

    /// Records that the user signed the agreement on `on` (today by default).
    pub fn sign_agreement_yourself(
        &mut self,
        id: i64,
        on: Option<NaiveDate>,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        self.agreement(id, clock)?;
        let on = on.unwrap_or_else(|| clock.today());
        if on > clock.today() {
            return Err(Error::Invalid(
                "A signature cannot be dated in the future.".into(),
            ));
        }
        self.conn().execute(
            "UPDATE agreements SET user_signed_on = ?2 WHERE id = ?1",
            params![id, on.to_string()],
        )?;
        self.agreement(id, clock)
    }

    /// Every agreement, by name.
    pub fn agreements(&self, clock: &dyn Clock) -> Result<Vec<Agreement>> {
        let ids: Vec<i64> = self
            .conn()
            .prepare("SELECT id FROM agreements ORDER BY name")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| self.agreement(id, clock))
            .collect()
    }

    /// One agreement.
    pub fn agreement(&self, id: i64, clock: &dyn Clock) -> Result<Agreement> {
        let conn = self.conn();
        type Head = (
            String,
            Option<NaiveDate>,
            Option<NaiveDate>,
            Option<NaiveDate>,
        );
        let (name, membership_changed_on, text_changed_on, user_signed_on): Head = conn
            .query_row(
                "SELECT name, membership_changed_on, text_changed_on, user_signed_on
                 FROM agreements WHERE id = ?1",
                params![id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("There is no agreement {id}.")))?;
        let points = conn
            .prepare("SELECT text FROM agreement_points WHERE agreement_id = ?1 ORDER BY position")?
            .query_map(params![id], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        // An archived peer has left the group; their signature stays in the table, as history.
        let members = conn
            .prepare(
                "SELECT p.name, p.id, m.signed_on FROM agreement_members m
                 JOIN peers p ON p.id = m.peer_id
                 WHERE m.agreement_id = ?1 AND p.archived_at IS NULL ORDER BY p.name",
            )?
            .query_map(params![id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<rusqlite::Result<Vec<(String, i64, Option<NaiveDate>)>>>()?;
        // The user's signature counts once given; until then the others' round stands alone.
        let signatures: Vec<Option<NaiveDate>> = members
            .iter()
            .map(|m| m.2)
            .chain(user_signed_on.map(Some))
            .collect();
        let changed = membership_changed_on.max(text_changed_on);
        let due_on = resign_due_on(&signatures, changed);
        let today = clock.today();
        let current = |signed_on: Option<NaiveDate>| {
            signed_on.is_some_and(|on| {
                changed.is_none_or(|changed| on >= changed)
                    && on
                        .checked_add_months(Months::new(RESIGN_AFTER_MONTHS))
                        .is_some_and(|lapses| lapses > today)
            })
        };
        let members: Vec<AgreementMember> = members
            .into_iter()
            .map(|(peer, peer_id, signed_on)| AgreementMember {
                peer,
                peer_id,
                signed_on,
                signature_current: current(signed_on),
            })
            .collect();
        let you = YourSignature {
            name: self.settings()?.your_name,
            signed_on: user_signed_on,
            signature_current: current(user_signed_on),
        };
        // Like the due day, the user's own line counts once they have signed.
        let signers: Vec<(&str, bool)> = (you.signed_on.is_some())
            .then_some(("you", you.signature_current))
            .into_iter()
            .chain(
                members
                    .iter()
                    .map(|m| (m.peer.as_str(), m.signature_current)),
            )
            .collect();
        let waiting_for = signers
            .iter()
            .filter(|(_, current)| !current)
            .map(|(name, _)| name.to_string())
            .collect::<Vec<_>>();
        let (signer_count, signed_count) = (signers.len(), signers.len() - waiting_for.len());
        Ok(Agreement {
            id,
            name,
            points,
            members,
            resign_due_on: due_on,
            resign_due: due_on.is_some_and(|due| due <= today),
            membership_changed_on,
            text_changed_on,
            you,
            signed_count,
            signer_count,
            waiting_for,
        })
    }

    /// The agreement named `name` (any case).
    pub fn agreement_named(&self, name: &str, clock: &dyn Clock) -> Result<Agreement> {
        let id = self.agreement_id(name.trim())?.ok_or_else(|| {
            Error::NotFound(format!("There is no agreement called “{}”.", name.trim()))
        })?;
        self.agreement(id, clock)
    }

    /// The agreement named `name`, or the only one when no name is given.
    pub fn agreement_named_or_only(
        &self,
        name: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<Agreement> {
        if let Some(name) = name {
            return self.agreement_named(name, clock);
        }
        let mut all = self.agreements(clock)?;
        match all.len() {
            0 => Err(Error::NotFound(
                "There is no agreement yet. Start one from the built-in template.".into(),
            )),
            1 => Ok(all.remove(0)),
            _ => {
                let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
                Err(Error::Invalid(format!(
                    "Say which agreement: {}.",
                    names.join(", ")
                )))
            }
        }
    }

    /// The agreements due to be signed again, with the day each became due.
    pub(crate) fn agreements_due(&self, clock: &dyn Clock) -> Result<Vec<(Agreement, NaiveDate)>> {
        Ok(self
            .agreements(clock)?
            .into_iter()
            .filter_map(|agreement| {
                let due = agreement.resign_due_on?;
                Some((agreement, due))
            })
            .collect())
    }

    fn agreement_id(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM agreements WHERE name = ?1",
                params![name],
                |row| row.get(0),
            )
            .optional()?)
    }
}

impl Agreement {
    /// The members as peers.
    pub fn member_refs(&self) -> Vec<PeerRef> {
        self.members
            .iter()
            .map(|m| PeerRef {
                id: m.peer_id,
                name: m.peer.clone(),
            })
            .collect()
    }
}

/// `name` trimmed, once it is a name an agreement can have.
fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Invalid(
            "Give the agreement a name, such as the group's.".into(),
        ));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!(
            "Keep the agreement's name to {MAX_NAME_CHARS} characters; this one has {chars}."
        )));
    }
    Ok(name.to_owned())
}

fn set_points(tx: &Transaction, id: i64, points: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM agreement_points WHERE agreement_id = ?1",
        params![id],
    )?;
    for (position, text) in points.iter().enumerate() {
        tx.execute(
            "INSERT INTO agreement_points (agreement_id, position, text) VALUES (?1, ?2, ?3)",
            params![id, position as i64, text],
        )?;
    }
    Ok(())
}

/// What changed about an agreement that makes its members sign again.
#[derive(Clone, Copy)]
enum Change {
    /// A member joined or left.
    Membership,
    /// Its name or commitments were revised.
    Text,
}

/// Marks that `change` happened on `day`, when someone had signed before it: they sign again.
/// Members who join as the group first signs, on the same day, change nothing.
fn mark_change(tx: &Transaction, id: i64, change: Change, day: NaiveDate) -> Result<()> {
    let column = match change {
        Change::Membership => "membership_changed_on",
        Change::Text => "text_changed_on",
    };
    tx.execute(
        &format!(
            "UPDATE agreements SET {column} = max(coalesce({column}, ?2), ?2)
             WHERE id = ?1 AND (user_signed_on < ?2
                                OR EXISTS (SELECT 1 FROM agreement_members
                                           WHERE agreement_id = ?1 AND signed_on < ?2))"
        ),
        params![id, day.to_string()],
    )?;
    Ok(())
}

/// Marks that peer `peer` left, or came back to, every group they are a member of on `day`,
/// as archiving and unarchiving them does.
pub(crate) fn peer_left_or_returned(tx: &Transaction, peer: i64, day: NaiveDate) -> Result<()> {
    let groups: Vec<i64> = tx
        .prepare("SELECT agreement_id FROM agreement_members WHERE peer_id = ?1")?
        .query_map(params![peer], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in groups {
        mark_change(tx, id, Change::Membership, day)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn re_signing_is_due_twelve_months_after_the_oldest_signature() {
        // Signatures, the day membership changed, and the day re-signing is due.
        type Case<'a> = (&'a [Option<&'a str>], Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            // Nobody has signed: nothing is due yet.
            (&[None, None], None, None),
            (&[], None, None),
            // The oldest signature sets the date, a year on.
            (
                &[Some("2026-03-10"), Some("2026-05-01")],
                None,
                Some("2027-03-10"),
            ),
            // A leap day's year ends on the last day of February.
            (&[Some("2024-02-29")], None, Some("2025-02-28")),
            // A member who joined after the signatures makes it due on the day they joined.
            (
                &[Some("2026-03-10"), None],
                Some("2026-09-01"),
                Some("2026-09-01"),
            ),
            // ...and so does one who left: the others signed before the change.
            (
                &[Some("2026-03-10")],
                Some("2026-09-01"),
                Some("2026-09-01"),
            ),
            // A member who has not signed yet keeps the round open from its first signature.
            (&[Some("2026-11-16"), None], None, Some("2026-11-16")),
            // Signatures typed in from paper, in either order: a year from the oldest.
            (
                &[Some("2026-11-18"), Some("2026-11-16")],
                None,
                Some("2027-11-16"),
            ),
            // Once everyone has signed since the change, a year from the oldest again.
            (
                &[Some("2026-09-01"), Some("2026-09-03")],
                Some("2026-09-01"),
                Some("2027-09-01"),
            ),
        ];
        for (signatures, changed, expected) in cases {
            let signatures: Vec<Option<NaiveDate>> =
                signatures.iter().map(|s| s.map(day)).collect();
            assert_eq!(
                resign_due_on(&signatures, changed.map(day)),
                expected.map(day),
                "{signatures:?} changed {changed:?}"
            );
        }
    }

    #[test]
    fn the_template_has_eight_points_that_pass_the_confidentiality_check() {
        assert_eq!(TEMPLATE_POINTS.len(), 8);
        for point in TEMPLATE_POINTS {
            assert!(
                crate::ClientDetailsCheck::new(day("2026-12-01"))
                    .findings(point)
                    .is_empty(),
                "{point}"
            );
            assert!(point.chars().count() <= MAX_POINT_CHARS);
        }
    }
}
