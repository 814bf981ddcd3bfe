//! The private consultation record: for each consultation, the question, the options
//! considered, the standards weighed, what each option risks and offers, the recommendations
//! received, the decision with its rationale, and the plan after it: the ethics worksheet's
//! parts. It protects the clinician if a decision is ever questioned.
//!
//! A record can be started before the consultation ("Prepare"): what the user wants from it and
//! the question in one sentence. It is being prepared until recommendations or a decision are
//! written. Every text passes the confidentiality check, field by field.

use chrono::{Days, NaiveDate, Utc};
use rusqlite::{params, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::confidentiality::Guard;
use crate::contact::{intentions_of, ContactKind, Intention, PeerRef};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text_enum::text_enum;

text_enum!(
    /// Who a consultation was with, as the record names its kind.
    ConsultationType, "a type of consultation", {
        /// With one peer.
        PeerConsultation => "peer-consultation", "Peer consultation",
        /// With the peer consultation group.
        GroupConsultation => "group-consultation", "Group consultation",
        /// With a supervisor.
        Supervision => "supervision", "Supervision",
        /// With an ethics consultant or committee.
        EthicsConsultation => "ethics-consultation", "Ethics consultation",
    }
);

/// The longest text in one field of a record, in characters.
pub const MAX_FIELD_CHARS: usize = 5000;

/// The days a follow-up nudge stays due after its morning, if the app was not running.
pub const FOLLOW_UP_DAYS: u64 = 7;

/// The structure both peer-support guides suggest for a consultation, shown when preparing one.
pub const STRUCTURE: [&str; 5] = [
    "Check in",
    "The case in brief, de-identified",
    "The question",
    "Discussion",
    "A recap of what you will do",
];

/// One consultation record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Consultation {
    /// Its identifier.
    pub id: i64,
    /// The day of the consultation.
    pub held_on: NaiveDate,
    /// Who it was with, as a kind.
    #[serde(rename = "type")]
    pub kind: ConsultationType,
    /// The logged contact it was part of, if any.
    pub contact_id: Option<i64>,
    /// The peer consulted, if one was named.
    pub peer: Option<PeerRef>,
    /// Whether it was with the consultation group.
    pub with_group: bool,
    /// What the user wanted from it.
    pub wants: Vec<Intention>,
    /// The clinical or ethical question.
    pub question: Option<String>,
    /// The options considered.
    pub options: Option<String>,
    /// The standards considered, such as an ethics code's.
    pub standards: Option<String>,
    /// What each option risks and offers.
    pub risk_benefit: Option<String>,
    /// The recommendations received.
    pub recommendations: Option<String>,
    /// The final decision.
    pub decision: Option<String>,
    /// Why that decision.
    pub rationale: Option<String>,
    /// What the user will do after it, and how they will know it worked.
    pub follow_up_plan: Option<String>,
    /// The day to follow up, if any.
    pub follow_up_on: Option<NaiveDate>,
    /// Whether it is still being prepared: no recommendations or decision yet.
    pub prepared: bool,
    /// Whether its texts were erased by the retention the user chose; a finished record stays
    /// finished ("decision recorded; text erased").
    pub texts_erased: bool,
}

/// A record as the user writes or edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewConsultation {
    /// The day; by default the contact's, or today.
    #[serde(default)]
    pub held_on: Option<NaiveDate>,
    /// Who it was with, as a kind; by default from the contact, or a peer consultation.
    #[serde(default, rename = "type")]
    pub kind: Option<ConsultationType>,
    /// The logged contact it belongs to.
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// The peer consulted; by default the contact's one peer.
    #[serde(default)]
    pub peer: Option<i64>,
    /// With the consultation group; by default as the contact was.
    #[serde(default)]
    pub with_group: bool,
    /// What the user wants from it.
    #[serde(default)]
    pub wants: Vec<Intention>,
    /// The question; every record has one.
    #[serde(default)]
    pub question: String,
    /// The options considered.
    #[serde(default)]
    pub options: Option<String>,
    /// The standards considered.
    #[serde(default)]
    pub standards: Option<String>,
    /// What each option risks and offers.
    #[serde(default)]
    pub risk_benefit: Option<String>,
    /// The recommendations received.
    #[serde(default)]
    pub recommendations: Option<String>,
    /// The decision.
    #[serde(default)]
    pub decision: Option<String>,
    /// Why that decision.
    #[serde(default)]
    pub rationale: Option<String>,
    /// The plan after it.
    #[serde(default)]
    pub follow_up_plan: Option<String>,
    /// The day to follow up.
    #[serde(default)]
    pub follow_up_on: Option<NaiveDate>,
}

/// A record's texts once checked, with who and when settled.
struct Checked {
    held_on: NaiveDate,
    kind: ConsultationType,
    contact_id: Option<i64>,
    peer: Option<i64>,
    with_group: bool,
    texts: [Option<String>; TEXT_FIELDS],
}

/// How many free-text fields a record has.
pub const TEXT_FIELDS: usize = 8;

/// The free-text fields, in the order of the form, with the words a warning names them by.
const FIELDS: [&str; TEXT_FIELDS] = [
    "the question",
    "the options",
    "the standards",
    "the risks and benefits",
    "the recommendations",
    "the decision",
    "the rationale",
    "the follow-up plan",
];

impl Store {
    /// Saves a new record, after checking every field; nothing is written if one is refused.
    /// A text that looks like it names a client is refused unless `guard` says save anyway.
    pub fn add_consultation(
        &mut self,
        record: NewConsultation,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Consultation> {
        self.save_consultation(None, record, guard, clock)
    }

    /// Replaces record `id` with what the user now says, checked as a new one is.
    pub fn update_consultation(
        &mut self,
        id: i64,
        record: NewConsultation,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Consultation> {
        self.consultation(id)?;
        self.save_consultation(Some(id), record, guard, clock)
    }

    /// Writes record `id`, or a new one, in one transaction once every field is checked.
    fn save_consultation(
        &mut self,
        id: Option<i64>,
        record: NewConsultation,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Consultation> {
        let checked = self.checked_consultation(&record, guard, clock)?;
        let tx = self.conn_mut().transaction()?;
        let id: i64 = tx.query_row(
            "INSERT INTO consultations (id, held_on, type, contact_id, peer_id, with_group,
                 question, options, standards, risk_benefit, recommendations, decision,
                 rationale, follow_up_plan, follow_up_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)
             ON CONFLICT (id) DO UPDATE SET held_on = excluded.held_on, type = excluded.type,
                 contact_id = excluded.contact_id, peer_id = excluded.peer_id,
                 with_group = excluded.with_group, question = excluded.question,
                 options = excluded.options, standards = excluded.standards,
                 risk_benefit = excluded.risk_benefit,
                 recommendations = excluded.recommendations, decision = excluded.decision,
                 rationale = excluded.rationale, follow_up_plan = excluded.follow_up_plan,
                 follow_up_on = excluded.follow_up_on,
                 updated_at = excluded.updated_at
             RETURNING id",
            params![
                id,
                checked.held_on.to_string(),
                checked.kind,
                checked.contact_id,
                checked.peer,
                checked.with_group,
                checked.texts[0],
                checked.texts[1],
                checked.texts[2],
                checked.texts[3],
                checked.texts[4],
                checked.texts[5],
                checked.texts[6],
                checked.texts[7],
                record.follow_up_on.map(|day| day.to_string()),
                clock.now().to_rfc3339(),
            ],
            |row| row.get(0),
        )?;
        set_wants(&tx, id, &record.wants)?;
        tx.commit()?;
        self.erase_if_past_keeping(checked.held_on, clock)?;
        self.consultation(id)
    }

    /// Deletes record `id` and returns what it was, so the window can offer to undo.
    pub fn delete_consultation(&mut self, id: i64) -> Result<Consultation> {
        let record = self.consultation(id)?;
        self.conn()
            .execute("DELETE FROM consultations WHERE id = ?1", params![id])?;
        Ok(record)
    }

    /// One record.
    pub fn consultation(&self, id: i64) -> Result<Consultation> {
        self.consultations_where("c.id = ?1", params![id])?
            .pop()
            .ok_or_else(|| Error::NotFound(format!("There is no consultation record {id}.")))
    }

    /// The records, newest first; with `search`, only those whose texts or peer contain it
    /// (any case).
    pub fn consultations(&self, search: Option<&str>) -> Result<Vec<Consultation>> {
        let all = self.consultations_where("1", [])?;
        let Some(search) = search.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(all);
        };
        let needle = search.to_lowercase();
        Ok(all
            .into_iter()
            .filter(|record| {
                record
                    .texts()
                    .into_iter()
                    .flatten()
                    .chain(record.peer.as_ref().map(|peer| peer.name.as_str()))
                    .any(|text| text.to_lowercase().contains(&needle))
            })
            .collect())
    }

    /// Records whose follow-up day is from `since` on, with that day.
    pub(crate) fn follow_ups_since(&self, since: NaiveDate) -> Result<Vec<(i64, NaiveDate)>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, follow_up_on FROM consultations
             WHERE follow_up_on IS NOT NULL AND follow_up_on >= ?1 ORDER BY follow_up_on, id",
        )?;
        let rows = stmt.query_map(params![since.to_string()], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn consultations_where(
        &self,
        condition: &str,
        values: impl rusqlite::Params,
    ) -> Result<Vec<Consultation>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT c.id, c.held_on, c.type, c.contact_id, p.id, p.name, c.with_group,
                    c.question, c.options, c.standards, c.recommendations, c.decision,
                    c.rationale, c.follow_up_on,
                    (SELECT group_concat(w.want) FROM consultation_wants w
                     WHERE w.consultation_id = c.id),
                    c.risk_benefit, c.follow_up_plan
             FROM consultations c LEFT JOIN peers p ON p.id = c.peer_id
             WHERE {condition} ORDER BY c.held_on DESC, c.id DESC"
        ))?;
        let rows = stmt.query_map(values, record_of)?;
        let mut records = Vec::new();
        for row in rows {
            let (mut record, wants) = row?;
            record.wants = intentions_of(wants.as_deref())?;
            records.push(record);
        }
        Ok(records)
    }

    /// Checks a record before any write: who, when, and each text.
    fn checked_consultation(
        &self,
        record: &NewConsultation,
        guard: Guard,
        clock: &dyn Clock,
    ) -> Result<Checked> {
        let contact = record.contact_id.map(|id| self.contact(id)).transpose()?;
        let contact_day = contact.as_ref().map(|contact| {
            let at = crate::clock::parse_instant(&contact.at)?;
            Ok::<_, Error>(clock.local_date(at.with_timezone(&Utc)))
        });
        let contact_day = contact_day.transpose()?;
        let held_on = record
            .held_on
            .or(contact_day)
            .unwrap_or_else(|| clock.today());
        let kind = record.kind.unwrap_or(match &contact {
            Some(contact) if contact.with_group || contact.kind == ContactKind::Group => {
                ConsultationType::GroupConsultation
            }
            _ => ConsultationType::PeerConsultation,
        });
        let (peer, with_group) = match (&contact, record.peer, record.with_group) {
            (_, Some(peer), with_group) => (Some(peer), with_group),
            (_, None, true) => (None, true),
            (Some(contact), None, false) => (
                match contact.peers.as_slice() {
                    [one] => Some(one.id),
                    _ => None,
                },
                contact.with_group,
            ),
            (None, None, false) => (None, false),
        };
        if let Some(peer) = peer {
            self.peer(peer, clock)?;
        }
        if let Some(follow_up) = record.follow_up_on {
            if follow_up < held_on {
                return Err(Error::Invalid(
                    "The follow-up day comes on or after the consultation.".into(),
                ));
            }
        }
        let given = [
            Some(record.question.as_str()),
            record.options.as_deref(),
            record.standards.as_deref(),
            record.risk_benefit.as_deref(),
            record.recommendations.as_deref(),
            record.decision.as_deref(),
            record.rationale.as_deref(),
            record.follow_up_plan.as_deref(),
        ];
        let check = self.client_details_check(clock)?;
        let mut texts: [Option<String>; TEXT_FIELDS] = Default::default();
        let mut findings = Vec::new();
        for ((text, field), checked) in given.into_iter().zip(FIELDS).zip(texts.iter_mut()) {
            let text = text.unwrap_or_default().trim();
            let chars = text.chars().count();
            if chars > MAX_FIELD_CHARS {
                return Err(Error::Invalid(format!(
                    "Keep {field} to 5,000 characters; it has {chars}."
                )));
            }
            if guard == Guard::Check {
                findings.extend(
                    check
                        .findings(text)
                        .into_iter()
                        .map(|finding| finding.found_in(field)),
                );
            }
            *checked = (!text.is_empty()).then(|| text.to_owned());
        }
        if texts[0].is_none() {
            return Err(Error::Invalid(
                "Write the question the consultation is about, in a sentence.".into(),
            ));
        }
        if !findings.is_empty() {
            return Err(Error::LooksIdentifying(findings));
        }
        Ok(Checked {
            held_on,
            kind,
            contact_id: record.contact_id,
            peer,
            with_group,
            texts,
        })
    }
}

impl Consultation {
    /// The free texts, in the order of the form.
    pub fn texts(&self) -> [Option<&str>; TEXT_FIELDS] {
        [
            self.question.as_deref(),
            self.options.as_deref(),
            self.standards.as_deref(),
            self.risk_benefit.as_deref(),
            self.recommendations.as_deref(),
            self.decision.as_deref(),
            self.rationale.as_deref(),
            self.follow_up_plan.as_deref(),
        ]
    }

    /// Whether its follow-up nudge is due on `today`: from the follow-up's morning, for a week
    /// after `released_on`, the day the holds in force on that morning (a pause, the weekend)
    /// let it through; a nudge held past its week is not lost.
    pub fn follow_up_due(
        follow_up_on: NaiveDate,
        released_on: NaiveDate,
        today: NaiveDate,
    ) -> bool {
        today >= follow_up_on && today < released_on.max(follow_up_on) + Days::new(FOLLOW_UP_DAYS)
    }
}

fn record_of(row: &Row) -> rusqlite::Result<(Consultation, Option<String>)> {
    let peer = match (
        row.get::<_, Option<i64>>(4)?,
        row.get::<_, Option<String>>(5)?,
    ) {
        (Some(id), Some(name)) => Some(PeerRef { id, name }),
        _ => None,
    };
    let recommendations: Option<String> = row.get(10)?;
    let decision: Option<String> = row.get(11)?;
    let texts: [Option<String>; 6] = [
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
        row.get(12)?,
        row.get(15)?,
        row.get(16)?,
    ];
    // Retention leaves an empty text where one was: the record keeps its state.
    let texts_erased = texts
        .iter()
        .chain([&recommendations, &decision])
        .any(|text| text.as_deref() == Some(""));
    let shown = |text: Option<String>| text.filter(|text| !text.is_empty());
    let [question, options, standards, rationale, risk_benefit, follow_up_plan] = texts;
    Ok((
        Consultation {
            id: row.get(0)?,
            held_on: row.get(1)?,
            kind: row.get(2)?,
            contact_id: row.get(3)?,
            peer,
            with_group: row.get(6)?,
            wants: Vec::new(),
            question: shown(question),
            options: shown(options),
            standards: shown(standards),
            risk_benefit: shown(risk_benefit),
            follow_up_plan: shown(follow_up_plan),
            prepared: recommendations.is_none() && decision.is_none(),
            recommendations: shown(recommendations),
            decision: shown(decision),
            rationale: shown(rationale),
            follow_up_on: row.get(13)?,
            texts_erased,
        },
        row.get(14)?,
    ))
}

fn set_wants(tx: &Transaction, id: i64, wants: &[Intention]) -> Result<()> {
    tx.execute(
        "DELETE FROM consultation_wants WHERE consultation_id = ?1",
        params![id],
    )?;
    for want in wants {
        tx.execute(
            "INSERT OR IGNORE INTO consultation_wants (consultation_id, want) VALUES (?1, ?2)",
            params![id, want],
        )?;
    }
    Ok(())
}

/// Erases the texts of records held before `cutoff`, keeping their day, kind and who; returns
/// how many records lost text.
pub(crate) fn erase_texts_before(tx: &Transaction, cutoff: NaiveDate) -> Result<usize> {
    Ok(tx.execute(
        // Each text that was written becomes empty, not absent (substr(x, 1, 0) is '' for a
        // text and NULL for NULL), so that a record with a decision stays finished;
        // `secure_delete` overwrites the old text in the file.
        "UPDATE consultations SET question = substr(question, 1, 0),
             options = substr(options, 1, 0), standards = substr(standards, 1, 0),
             recommendations = substr(recommendations, 1, 0),
             decision = substr(decision, 1, 0), rationale = substr(rationale, 1, 0),
             risk_benefit = substr(risk_benefit, 1, 0),
             follow_up_plan = substr(follow_up_plan, 1, 0)
         WHERE held_on < ?1 AND (question <> '' OR options <> '' OR standards <> ''
             OR recommendations <> '' OR decision <> '' OR rationale <> ''
             OR risk_benefit <> '' OR follow_up_plan <> '')",
        params![cutoff.to_string()],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follow_up_is_due_from_its_morning_for_a_week_after_the_holds_let_it_through() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        // The follow-up day, the day the holds let it through, today, and whether it is due.
        for (follow_up, released, today, due) in [
            ("2026-12-07", "2026-12-07", "2026-12-06", false),
            ("2026-12-07", "2026-12-07", "2026-12-07", true),
            ("2026-12-07", "2026-12-07", "2026-12-13", true),
            ("2026-12-07", "2026-12-07", "2026-12-14", false),
            // Under a pause to 28 December, a follow-up on the 21st waits for the pause.
            ("2026-12-21", "2026-12-28", "2026-12-28", true),
            ("2026-12-21", "2026-12-28", "2027-01-03", true),
            ("2026-12-21", "2026-12-28", "2027-01-04", false),
            // On a Saturday, held over the weekend to Monday.
            ("2026-12-12", "2026-12-14", "2026-12-19", true),
            ("2026-12-12", "2026-12-14", "2026-12-21", false),
        ] {
            assert_eq!(
                Consultation::follow_up_due(day(follow_up), day(released), day(today)),
                due,
                "{follow_up} released {released}, on {today}"
            );
        }
    }
}
