//! Nudges: when to ask the user for one small action, such as messaging a peer.
//!
//! [`evaluate`] is a pure function of the facts read from the database, the settings and now.
//! It says which nudges are due, which are held back and until when, which fired nudges are
//! resolved, and the next instant at which anything could become due, so that the app can
//! sleep until then instead of polling.

use chrono::{DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::checklist::Slot;
use crate::clock::{parse_instant, Clock};
use crate::confidentiality::ClientDetailsCheck;
use crate::contact::PeerRef;
use crate::error::{Error, Result};
use crate::peer::Role;
use crate::store::Store;
use crate::text_enum::text_enum;
use crate::week::Week;

/// The least time between two nudges, so that several due at once never arrive as a burst.
pub const NUDGE_SPACING: Duration = Duration::minutes(60);

/// How far back the nudge log is read; older entries cannot change what is due.
const LOG_LOOKBACK_DAYS: i64 = 30;

/// How far before its week a follow-up is still looked at, for one a pause held back.
const FOLLOW_UP_HELD_DAYS: u64 = 90;

text_enum!(
    /// Why a nudge fires.
    Rule, "a nudge rule", {
        /// The week is heavy and there has been no substantive peer contact for 72 hours.
        HeavyWeekLapse => "heavy-week-lapse", "Heavy week without a real talk",
        /// No substantive peer contact for 14 days, whatever the caseload.
        ContactLapse => "contact-lapse", "Too long without a real talk",
        /// A self-check is due.
        SelfcheckDue => "selfcheck-due", "Self-check due",
        /// A checklist slot has started with items unticked.
        ChecklistItem => "checklist-item", "Checklist item",
        /// The group's agreement is due to be signed again.
        AgreementReview => "agreement-review", "Agreement to sign again",
        /// A consultation's follow-up day has come.
        ConsultationFollowUp => "consultation-follow-up", "Consultation follow-up",
        /// 72 hours after "Hard session, need a debrief", no real talk with a peer is logged.
        DebriefFollowUp => "debrief-follow-up", "Debrief follow-up",
    }
);

impl Rule {
    /// Whether the rule is about a lapse in peer contact (at most one such nudge a day).
    pub fn is_lapse(self) -> bool {
        matches!(self, Rule::HeavyWeekLapse | Rule::ContactLapse)
    }

    /// Whether its nudge asks for a talk with a peer, so that it offers to log one.
    pub fn asks_for_contact(self) -> bool {
        self.is_lapse() || self == Rule::DebriefFollowUp
    }
}

text_enum!(
    /// What happened to a nudge, as the nudge log records it.
    NudgeEvent, "a nudge event", {
        /// It was sent as a notification.
        Fired => "fired", "Sent",
        /// The user asked for it again later.
        Snoozed => "snoozed", "Snoozed",
        /// The user put it away.
        Dismissed => "dismissed", "Put away",
        /// What it asked for no longer applies, for example a contact was logged.
        Resolved => "resolved", "Resolved",
        /// The user took its action, such as opening the log dialog.
        ActedOn => "acted-on", "Acted on",
    }
);

text_enum!(
    /// How long to put a nudge off.
    Snooze, "a snooze", {
        /// One hour.
        OneHour => "1h", "1 hour",
        /// Three hours.
        ThreeHours => "3h", "3 hours",
        /// Until the next morning, when quiet hours end.
        TomorrowMorning => "tomorrow", "Tomorrow morning",
    }
);

/// The user's choices about nudges, each with its default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NudgeSettings {
    /// Nudge in a heavy week after a lapse in substantive contact.
    pub heavy_week_lapse: bool,
    /// Hours without substantive contact that make a lapse in a heavy week.
    pub heavy_week_lapse_hours: u32,
    /// Nudge after a long lapse in substantive contact, whatever the caseload.
    pub contact_lapse: bool,
    /// Days without substantive contact that make a lapse in any week.
    pub contact_lapse_days: u32,
    /// Nudge when a self-check is due.
    pub selfcheck_due: bool,
    /// Nudge when a checklist slot starts with items unticked.
    pub checklist_item: bool,
    /// Nudge when the group's agreement is due to be signed again.
    pub agreement_review: bool,
    /// Nudge on the morning of a consultation's follow-up day.
    pub consultation_follow_up: bool,
    /// Nudge when a debrief asked for is not logged within 72 hours.
    pub debrief_follow_up: bool,
    /// Hold nudges during quiet hours.
    pub quiet_hours: bool,
    /// When quiet hours start, local time.
    pub quiet_from: NaiveTime,
    /// When quiet hours end, local time.
    pub quiet_until: NaiveTime,
    /// Hold nudges over the weekend, Saturday and Sunday.
    pub weekend_hold: bool,
    /// No nudges before this instant ("pause nudges").
    pub paused_until: Option<DateTime<FixedOffset>>,
}

impl Default for NudgeSettings {
    fn default() -> Self {
        NudgeSettings {
            heavy_week_lapse: true,
            heavy_week_lapse_hours: 72,
            contact_lapse: true,
            contact_lapse_days: 14,
            selfcheck_due: true,
            checklist_item: false,
            agreement_review: true,
            consultation_follow_up: true,
            debrief_follow_up: true,
            quiet_hours: true,
            quiet_from: NaiveTime::from_hms_opt(20, 0, 0).expect("a time"),
            quiet_until: NaiveTime::from_hms_opt(8, 0, 0).expect("a time"),
            weekend_hold: true,
            paused_until: None,
        }
    }
}

impl NudgeSettings {
    /// Checks the thresholds and quiet hours.
    pub fn check(&self) -> Result<()> {
        if !(1..=336).contains(&self.heavy_week_lapse_hours) {
            return Err(Error::Invalid(
                "The heavy-week lapse must be between 1 and 336 hours (two weeks).".into(),
            ));
        }
        if !(1..=90).contains(&self.contact_lapse_days) {
            return Err(Error::Invalid(
                "The contact lapse must be between 1 and 90 days.".into(),
            ));
        }
        if self.quiet_hours && self.quiet_from == self.quiet_until {
            return Err(Error::Invalid(
                "Quiet hours need different start and end times.".into(),
            ));
        }
        Ok(())
    }
}

/// A nudge: one small action, worded neutrally, never with notes or anything about clients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Nudge {
    /// Why it fires.
    pub rule: Rule,
    /// Which occurrence it is: the last contact it lapses from, the due date, the week and slot.
    pub subject: String,
    /// The notification's title.
    pub title: String,
    /// The notification's body.
    pub body: String,
    /// The peer it suggests contacting, for lapse nudges.
    pub peer: Option<PeerRef>,
    /// The agreement or consultation record it is about, for those rules.
    pub record: Option<i64>,
}

/// What the database says that the rules need, read at one instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NudgeFacts {
    /// Whether the current week is heavy.
    pub heavy_week: bool,
    /// When Mooring was first used: no lapse runs from before it.
    pub first_use: DateTime<Utc>,
    /// The latest substantive peer contact at or before now.
    pub last_substantive_contact: Option<DateTime<Utc>>,
    /// The day the next self-check is due; the day after first use before the first self-check.
    pub selfcheck_due_on: Option<NaiveDate>,
    /// Days from one self-check to the next: while one is overdue, each such span is a new
    /// occurrence of the nudge. 0 makes the overdue self-check one occurrence.
    pub selfcheck_cadence_days: u32,
    /// Unticked items of this week's checklist, by slot.
    pub unticked: Vec<(Slot, u32)>,
    /// The peer to suggest: a buddy first, then whoever has gone longest without contact.
    pub suggested_peer: Option<PeerRef>,
    /// Whether the suggested peer's display name may appear in a notification: it holds
    /// nothing that looks like a client's details (a notification can be on a shared screen).
    pub suggested_peer_named: bool,
    /// Agreements with a day re-signing is due: the agreement and that day. A notification
    /// never quotes an agreement's name, which is the user's free text.
    pub agreements_due: Vec<(i64, NaiveDate)>,
    /// Consultation records with a follow-up day, recent or to come: the record and that day.
    pub follow_ups: Vec<(i64, NaiveDate)>,
    /// The latest debrief asked for in the last week with no real talk logged since: the
    /// request and when it was made.
    pub open_debrief: Option<(i64, DateTime<Utc>)>,
    /// The nudge log of the last 30 days, and the last line of each older nudge (how it was
    /// answered stays answered), oldest first.
    pub log: Vec<LogEntry>,
}

/// One line of the nudge log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The nudge's rule.
    pub rule: Rule,
    /// The nudge's subject.
    pub subject: String,
    /// What happened.
    pub event: NudgeEvent,
    /// For a snooze: when the nudge may return.
    pub until: Option<DateTime<Utc>>,
}

/// What the rules say at one instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Nudges to send now, most important first; the app sends the first and spaces the rest.
    pub due: Vec<Nudge>,
    /// The fired nudge the user has not answered yet and that still applies, for Home.
    pub pending: Option<Nudge>,
    /// Fired or snoozed nudges that no longer apply, to be logged as resolved.
    pub resolved: Vec<(Rule, String)>,
    /// The next instant at which anything could become due, if any.
    pub next_check: Option<DateTime<FixedOffset>>,
}

/// A nudge whose condition holds now, before holds and limits.
struct Holding {
    rule: Rule,
    subject: String,
    title: String,
    body: String,
    suggests_peer: bool,
    record: Option<i64>,
}

/// The rules at `clock`'s now.
pub fn evaluate(facts: &NudgeFacts, settings: &NudgeSettings, clock: &dyn Clock) -> Evaluation {
    let now = clock.now();
    let today = now.date_naive();
    let mut candidates: Vec<DateTime<FixedOffset>> = Vec::new();
    let holding = holding_now(facts, settings, clock, &mut candidates);
    // The week turning can make a week heavy or light and opens a new checklist.
    candidates.push(clock.instant_of_local(next_monday(today).and_time(NaiveTime::MIN)));

    let mut due = Vec::new();
    let mut resolved = Vec::new();
    let mut pending = None;
    let last_fired = facts
        .log
        .iter()
        .rev()
        .find(|entry| entry.event == NudgeEvent::Fired)
        .map(|entry| entry.at);
    let spacing_ends = last_fired
        .map(|at| clock.to_local(at + NUDGE_SPACING))
        .filter(|&end| end > now);
    let lapse_answered_today = facts.log.iter().any(|entry| {
        entry.rule.is_lapse()
            && matches!(
                entry.event,
                NudgeEvent::Fired | NudgeEvent::Dismissed | NudgeEvent::ActedOn
            )
            && clock.local_date(entry.at) == today
    });
    let hold_ends = hold_ends(now, settings, clock);

    for nudge in &holding {
        let entries: Vec<&LogEntry> = facts
            .log
            .iter()
            .filter(|entry| entry.rule == nudge.rule && entry.subject == nudge.subject)
            .collect();
        let last = entries.last().copied();
        let may_fire = match last.map(|entry| entry.event) {
            Some(NudgeEvent::Snoozed) => {
                let until = last
                    .and_then(|entry| entry.until)
                    .map(|until| clock.to_local(until));
                match until {
                    Some(until) if until > now => {
                        candidates.push(until);
                        false
                    }
                    // A snooze that has run out brings the nudge back, whatever the daily limit.
                    _ => true,
                }
            }
            Some(NudgeEvent::Fired) => {
                if pending.is_none() {
                    pending = Some(nudge.to_nudge(facts));
                }
                if nudge.rule.is_lapse() {
                    candidates.push(
                        clock.instant_of_local((today + Days::new(1)).and_time(NaiveTime::MIN)),
                    );
                    !lapse_answered_today
                } else {
                    false
                }
            }
            Some(_) if !nudge.rule.is_lapse() => false,
            _ if nudge.rule.is_lapse() && lapse_answered_today => {
                candidates
                    .push(clock.instant_of_local((today + Days::new(1)).and_time(NaiveTime::MIN)));
                false
            }
            _ => true,
        };
        if !may_fire {
            continue;
        }
        // Held by quiet hours, the weekend or a pause, or too soon after the last nudge.
        if let Some(end) = hold_ends.max(spacing_ends) {
            candidates.push(release(end, settings, clock));
            continue;
        }
        due.push(nudge.to_nudge(facts));
    }
    // Fired or snoozed nudges whose occurrence no longer holds are resolved, once.
    let mut open: Vec<(Rule, &str)> = Vec::new();
    for entry in &facts.log {
        open.retain(|&(rule, subject)| !(rule == entry.rule && subject == entry.subject));
        if matches!(entry.event, NudgeEvent::Fired | NudgeEvent::Snoozed) {
            open.push((entry.rule, &entry.subject));
        }
    }
    for (rule, subject) in open {
        if !holding
            .iter()
            .any(|nudge| nudge.rule == rule && nudge.subject == subject)
        {
            resolved.push((rule, subject.to_owned()));
        }
    }
    let next_check = candidates
        .into_iter()
        .filter(|&at| at > now)
        .map(|at| release(at, settings, clock))
        .min();
    Evaluation {
        due,
        pending,
        resolved,
        next_check,
    }
}

impl Holding {
    fn to_nudge(&self, facts: &NudgeFacts) -> Nudge {
        let peer = if self.suggests_peer {
            facts.suggested_peer.clone()
        } else {
            None
        };
        let body = match (&peer, self.suggests_peer) {
            (Some(peer), true) if facts.suggested_peer_named => {
                format!("{} Message {}?", self.body, peer.name)
            }
            (None, true) => format!("{} Message a peer?", self.body),
            _ => self.body.clone(),
        };
        Nudge {
            rule: self.rule,
            subject: self.subject.clone(),
            title: self.title.clone(),
            body,
            peer,
            record: self.record,
        }
    }
}

/// Where a lapse in peer contact runs from: the last substantive contact, or first use when
/// there has been none since. Time before first use is not neglect, and a new user with no
/// contact yet lapses like anyone else.
fn lapse_runs_from(
    first_use: DateTime<Utc>,
    last_substantive_contact: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    last_substantive_contact
        .filter(|&last| last >= first_use)
        .unwrap_or(first_use)
}

/// Whether peer contact has lapsed at `now`: longer without a substantive contact than the
/// lapse limit allows, or in a heavy week than the heavy-week limit allows. The limits count
/// whether or not their nudges are on.
pub(crate) fn contact_lapsed(
    heavy_week: bool,
    first_use: DateTime<Utc>,
    last_substantive_contact: Option<DateTime<Utc>>,
    settings: &NudgeSettings,
    now: DateTime<Utc>,
) -> bool {
    let since = lapse_runs_from(first_use, last_substantive_contact);
    now >= since + Duration::days(i64::from(settings.contact_lapse_days))
        || (heavy_week
            && now >= since + Duration::hours(i64::from(settings.heavy_week_lapse_hours)))
}

/// The nudges whose condition holds now; pushes the instants at which others would start.
fn holding_now(
    facts: &NudgeFacts,
    settings: &NudgeSettings,
    clock: &dyn Clock,
    candidates: &mut Vec<DateTime<FixedOffset>>,
) -> Vec<Holding> {
    let now = clock.now();
    let today = now.date_naive();
    let mut holding = Vec::new();

    let since = lapse_runs_from(facts.first_use, facts.last_substantive_contact);
    let subject = since.to_rfc3339();
    let contact_lapse_at =
        clock.to_local(since + Duration::days(i64::from(settings.contact_lapse_days)));
    let heavy_lapse_at =
        clock.to_local(since + Duration::hours(i64::from(settings.heavy_week_lapse_hours)));
    // The lapse counts from first use at the earliest, but the text names the last contact
    // whenever it was, typed-in history too, as the status does.
    let lapse = match facts.last_substantive_contact {
        Some(last) => {
            let hours = (now.with_timezone(&Utc) - last).num_hours();
            if hours < 48 {
                format!("no real talk with a peer for {hours} hours")
            } else {
                let days = (today - clock.local_date(last)).num_days();
                format!("no real talk with a peer for {days} days")
            }
        }
        None => "no peer conversation logged yet".to_owned(),
    };
    if settings.contact_lapse && now >= contact_lapse_at {
        holding.push(Holding {
            rule: Rule::ContactLapse,
            subject,
            title: "Time for a peer check-in".into(),
            body: if facts.heavy_week {
                format!("A heavy week, and {lapse}.")
            } else {
                format!("{}.", capitalised(&lapse))
            },
            suggests_peer: true,
            record: None,
        });
    } else if settings.heavy_week_lapse && facts.heavy_week && now >= heavy_lapse_at {
        holding.push(Holding {
            rule: Rule::HeavyWeekLapse,
            subject,
            title: "Time for a peer check-in".into(),
            body: format!("A heavy week, and {lapse}."),
            suggests_peer: true,
            record: None,
        });
    } else {
        if settings.contact_lapse {
            candidates.push(contact_lapse_at);
        }
        if settings.heavy_week_lapse && facts.heavy_week {
            candidates.push(heavy_lapse_at);
        }
    }

    if let (true, Some(due_on)) = (settings.selfcheck_due, facts.selfcheck_due_on) {
        if today >= due_on {
            // Each cadence it stays overdue is a new occurrence: one dismissed is answered for
            // good, and the next comes when the next self-check would have fallen due.
            let occurrence = match i64::from(facts.selfcheck_cadence_days) {
                0 => due_on,
                cadence => {
                    let cycles = (today - due_on).num_days() / cadence;
                    due_on + Days::new((cycles * cadence) as u64)
                }
            };
            if facts.selfcheck_cadence_days > 0 {
                let next = occurrence + Days::new(u64::from(facts.selfcheck_cadence_days));
                candidates.push(clock.instant_of_local(next.and_time(NaiveTime::MIN)));
            }
            holding.push(Holding {
                rule: Rule::SelfcheckDue,
                subject: occurrence.to_string(),
                title: "Self-check due".into(),
                body: "Four questions, about two minutes.".into(),
                suggests_peer: false,
                record: None,
            });
        } else {
            candidates.push(clock.instant_of_local(due_on.and_time(NaiveTime::MIN)));
        }
    }

    if settings.checklist_item {
        let week = Week::containing(today);
        for &(slot, unticked) in &facts.unticked {
            let Some((weekday, time)) = slot.starts() else {
                continue;
            };
            let day = week.monday() + Days::new(u64::from(weekday.num_days_from_monday()));
            let starts = clock.instant_of_local(day.and_time(time));
            if unticked == 0 {
                continue;
            }
            if day == today && now >= starts {
                holding.push(Holding {
                    rule: Rule::ChecklistItem,
                    subject: format!("{week}/{slot}"),
                    title: format!("Self-care: {}", slot.label()),
                    body: if unticked == 1 {
                        "1 item on this week's checklist.".into()
                    } else {
                        format!("{unticked} items on this week's checklist.")
                    },
                    suggests_peer: false,
                    record: None,
                });
            } else if starts > now {
                candidates.push(starts);
            }
        }
    }
    if settings.agreement_review {
        for (id, due_on) in &facts.agreements_due {
            if today >= *due_on {
                holding.push(Holding {
                    rule: Rule::AgreementReview,
                    subject: format!("{id}/{due_on}"),
                    title: "Time to re-sign the group's agreement".into(),
                    body: "Time to re-read your group's agreement together and sign it again."
                        .into(),
                    suggests_peer: false,
                    record: Some(*id),
                });
            } else {
                candidates.push(clock.instant_of_local(due_on.and_time(NaiveTime::MIN)));
            }
        }
    }

    if let (true, Some((id, asked))) = (settings.debrief_follow_up, facts.open_debrief) {
        let due = clock.to_local(asked + Duration::hours(crate::debrief::DEBRIEF_WITHIN_HOURS));
        if now >= due {
            holding.push(Holding {
                rule: Rule::DebriefFollowUp,
                subject: id.to_string(),
                title: "After that hard session".into(),
                body: "No debrief logged in the 72 hours since you asked.".into(),
                suggests_peer: true,
                record: None,
            });
        } else {
            candidates.push(due);
        }
    }

    if settings.consultation_follow_up {
        for &(id, follow_up_on) in &facts.follow_ups {
            // Held on its morning (a pause, the weekend), it waits for the hold, not lost.
            let morning = clock.instant_of_local(follow_up_on.and_time(NaiveTime::MIN));
            let released_on = clock
                .to_local(release(morning, settings, clock).with_timezone(&Utc))
                .date_naive();
            if crate::consultation::Consultation::follow_up_due(follow_up_on, released_on, today) {
                holding.push(Holding {
                    rule: Rule::ConsultationFollowUp,
                    subject: format!("{id}/{follow_up_on}"),
                    title: "A consultation follow-up".into(),
                    body: "Today is the day you set to follow up on a consultation.".into(),
                    suggests_peer: false,
                    record: Some(id),
                });
            } else if follow_up_on > today {
                candidates.push(clock.instant_of_local(follow_up_on.and_time(NaiveTime::MIN)));
            }
        }
    }
    holding
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// When the hold in force at `at` ends (quiet hours, the weekend, a pause); `None` if none is.
fn hold_ends(
    at: DateTime<FixedOffset>,
    settings: &NudgeSettings,
    clock: &dyn Clock,
) -> Option<DateTime<FixedOffset>> {
    let released = release(at, settings, clock);
    (released > at).then_some(released)
}

/// What holds nudges back for a while.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// The user paused nudges.
    Pause,
    /// The weekend hold.
    Weekend,
    /// Quiet hours.
    QuietHours,
}

impl Hold {
    /// When a nudge it holds comes, in words: "after the weekend".
    pub fn when_it_ends(self) -> &'static str {
        match self {
            Hold::Pause => "when your pause ends",
            Hold::Weekend => "after the weekend",
            Hold::QuietHours => "after quiet hours",
        }
    }
}

/// The hold in force at `at`, and when it ends; `None` when nothing holds nudges then.
fn hold_in_force(
    at: DateTime<FixedOffset>,
    settings: &NudgeSettings,
    clock: &dyn Clock,
) -> Option<(Hold, DateTime<FixedOffset>)> {
    let local = clock.to_local(at.with_timezone(&Utc));
    let date = local.date_naive();
    let time = local.time();
    if let Some(until) = settings.paused_until.filter(|&until| until > at) {
        Some((Hold::Pause, until))
    } else if settings.weekend_hold && matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        let monday = clock.instant_of_local(next_monday(date).and_time(NaiveTime::MIN));
        Some((Hold::Weekend, monday))
    } else if settings.quiet_hours && in_quiet_hours(time, settings) {
        let end_day = if time >= settings.quiet_from && settings.quiet_from > settings.quiet_until {
            date + Days::new(1)
        } else {
            date
        };
        let end = clock.instant_of_local(end_day.and_time(settings.quiet_until));
        Some((Hold::QuietHours, end))
    } else {
        None
    }
}

/// When a nudge due at `at` really comes: the first instant at or after it that no hold
/// covers, and the hold that moved it there, if one did.
pub(crate) fn comes_at(
    at: DateTime<FixedOffset>,
    settings: &NudgeSettings,
    clock: &dyn Clock,
) -> (DateTime<FixedOffset>, Option<Hold>) {
    let first = hold_in_force(at, settings, clock).map(|(hold, _)| hold);
    (release(at, settings, clock), first)
}

/// The first instant at or after `at` that no hold covers.
fn release(
    mut at: DateTime<FixedOffset>,
    settings: &NudgeSettings,
    clock: &dyn Clock,
) -> DateTime<FixedOffset> {
    // Each step moves strictly forward to the end of one hold; a handful always suffices.
    for _ in 0..8 {
        match hold_in_force(at, settings, clock) {
            Some((_, end)) => at = end,
            None => return at,
        }
    }
    at
}

/// Whether `time` falls in quiet hours, which may run over midnight.
fn in_quiet_hours(time: NaiveTime, settings: &NudgeSettings) -> bool {
    if settings.quiet_from <= settings.quiet_until {
        time >= settings.quiet_from && time < settings.quiet_until
    } else {
        time >= settings.quiet_from || time < settings.quiet_until
    }
}

/// The Monday after `date`'s week.
fn next_monday(date: NaiveDate) -> NaiveDate {
    Week::containing(date).monday() + Days::new(7)
}

/// When a snooze chosen at now ends, as the nudge will actually come back: in an hour, in three,
/// or the next time quiet hours end ("tomorrow morning": at 00:30 that is 08:00 the same day),
/// moved past whatever hold covers that instant (quiet hours, the weekend, a pause).
pub fn snooze_until(
    snooze: Snooze,
    settings: &NudgeSettings,
    clock: &dyn Clock,
) -> DateTime<FixedOffset> {
    let now = clock.now();
    let ends = match snooze {
        Snooze::OneHour => now + Duration::hours(1),
        Snooze::ThreeHours => now + Duration::hours(3),
        Snooze::TomorrowMorning => {
            let day = if now.time() < settings.quiet_until {
                now.date_naive()
            } else {
                now.date_naive() + Days::new(1)
            };
            clock.instant_of_local(day.and_time(settings.quiet_until))
        }
    };
    release(ends, settings, clock)
}

/// The peer to suggest: a buddy first, then whoever has gone longest without contact.
fn suggested_peer(peers: &[crate::peer::Peer]) -> Option<PeerRef> {
    // Never contacted counts as the longest; ties go by name, as `peers` are sorted.
    let longest = |peer: &&crate::peer::Peer| peer.days_since_contact.map_or(i64::MAX, |days| days);
    let buddy = peers
        .iter()
        .filter(|peer| peer.roles.contains(&Role::Buddy))
        .max_by_key(|peer| (longest(peer), std::cmp::Reverse(peer.name.clone())));
    let peer = buddy.or_else(|| {
        peers
            .iter()
            .max_by_key(|peer| (longest(peer), std::cmp::Reverse(peer.name.clone())))
    })?;
    Some(PeerRef {
        id: peer.id,
        name: peer.name.clone(),
    })
}

/// What Home and Settings show about nudges.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NudgeOverview {
    /// The fired nudge still waiting for an answer, if any.
    pub pending: Option<Nudge>,
    /// Nudges are paused until this instant, if they are.
    pub paused_until: Option<DateTime<FixedOffset>>,
}

text_enum!(
    /// How long to pause nudges, as the tray and Settings offer it.
    PauseFor, "a pause", {
        /// For 24 hours.
        Day => "day", "For a day",
        /// For 7 days.
        Week => "week", "For a week",
    }
);

impl PauseFor {
    /// When a pause chosen now ends.
    pub fn until(self, clock: &dyn Clock) -> DateTime<FixedOffset> {
        match self {
            PauseFor::Day => clock.now() + Duration::days(1),
            PauseFor::Week => clock.now() + Duration::days(7),
        }
    }
}

/// When a pause "until a date" ends: the start of that local day.
pub fn pause_until_date(date: NaiveDate, clock: &dyn Clock) -> DateTime<FixedOffset> {
    clock.instant_of_local(date.and_time(NaiveTime::MIN))
}

/// The outcome of one run of the scheduler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// The nudge to send now, already logged as fired.
    pub fire: Option<Nudge>,
    /// When to run again, if anything could become due.
    pub next_check: Option<DateTime<FixedOffset>>,
}

impl Store {
    /// What the rules need, read at now.
    pub fn nudge_facts(&self, clock: &dyn Clock) -> Result<NudgeFacts> {
        let now = clock.now();
        let week = clock.this_week();
        let status = self.status(clock)?;
        let last_substantive_contact = self.last_substantive_contact(now)?;
        let unticked = self.unticked_by_slot(week)?;
        let log = {
            let mut stmt = self.conn().prepare(
                // The last 30 days, and the last line of every older nudge: an answer stays
                // given, and a nudge that fired is never sent again for the same occurrence.
                "SELECT at, rule, subject, event, until FROM nudge_log
                 WHERE unixepoch(at) <= unixepoch(?2)
                   AND (unixepoch(at) > unixepoch(?1)
                        OR id IN (SELECT max(id) FROM nudge_log GROUP BY rule, subject))
                 ORDER BY unixepoch(at), id",
            )?;
            let since = (now - Duration::days(LOG_LOOKBACK_DAYS)).to_rfc3339();
            let rows = stmt.query_map(params![since, now.to_rfc3339()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get::<_, Option<String>>(4)?,
                ))
            })?;
            let mut log = Vec::new();
            for row in rows {
                let (at, rule, subject, event, until) = row?;
                log.push(LogEntry {
                    at: parse_instant(&at)?.with_timezone(&Utc),
                    rule,
                    subject,
                    event,
                    until: until
                        .map(|until| parse_instant(&until))
                        .transpose()?
                        .map(|until| until.with_timezone(&Utc)),
                });
            }
            log
        };
        let first_use = self.first_use()?;
        let suggested_peer = suggested_peer(&self.peers(false, clock)?);
        let suggested_peer_named = suggested_peer.as_ref().is_some_and(|peer| {
            ClientDetailsCheck::new(clock.today())
                .findings(&peer.name)
                .is_empty()
        });
        // Before the first self-check, one is due on the first morning after first use.
        let first_selfcheck_due_on = clock.local_date(first_use.with_timezone(&Utc)) + Days::new(1);
        Ok(NudgeFacts {
            heavy_week: status.heavy_week,
            first_use: first_use.with_timezone(&Utc),
            last_substantive_contact,
            selfcheck_due_on: Some(status.selfcheck_due_on.unwrap_or(first_selfcheck_due_on)),
            selfcheck_cadence_days: self.settings()?.selfcheck_cadence_days,
            unticked,
            suggested_peer,
            suggested_peer_named,
            agreements_due: self
                .agreements_due(clock)?
                .into_iter()
                .map(|(agreement, due_on)| (agreement.id, due_on))
                .collect(),
            follow_ups: self
                // Far enough back for a follow-up that a long pause held.
                .follow_ups_since(
                    clock.today()
                        - Days::new(crate::consultation::FOLLOW_UP_DAYS + FOLLOW_UP_HELD_DAYS),
                )?,
            open_debrief: self.open_debrief_request(clock)?,
            log,
        })
    }

    /// The pending nudge and the pause, as of now.
    pub fn nudge_overview(&self, clock: &dyn Clock) -> Result<NudgeOverview> {
        let paused_until = self
            .settings()?
            .nudges
            .paused_until
            .filter(|&until| until > clock.now());
        Ok(NudgeOverview {
            pending: self.nudges(clock)?.pending,
            paused_until,
        })
    }

    /// The rules at now, reading only.
    pub fn nudges(&self, clock: &dyn Clock) -> Result<Evaluation> {
        let settings = self.settings()?.nudges;
        Ok(evaluate(&self.nudge_facts(clock)?, &settings, clock))
    }

    /// One run of the scheduler: logs resolved nudges and fires the most important due one.
    ///
    /// It reads and writes under one immediate transaction, so that no contact logged by another
    /// process can slip in between deciding and firing: a resolved nudge never fires late.
    pub fn run_nudges(&mut self, clock: &dyn Clock) -> Result<Tick> {
        // Immediate, as every transaction of the store; rolled back if dropped on an error.
        let tx = self.conn().unchecked_transaction()?;
        let fire = self.log_run(clock)?;
        tx.commit()?;
        // The next check comes from the log as it now stands, so the spacing counts.
        Ok(Tick {
            fire,
            next_check: self.nudges(clock)?.next_check,
        })
    }

    /// The body of [`Store::run_nudges`], inside its transaction.
    fn log_run(&self, clock: &dyn Clock) -> Result<Option<Nudge>> {
        let evaluation = self.nudges(clock)?;
        let now = clock.now().to_rfc3339();
        for (rule, subject) in &evaluation.resolved {
            self.log_nudge(&now, *rule, subject, NudgeEvent::Resolved, None, None)?;
        }
        let fire = evaluation.due.into_iter().next();
        if let Some(nudge) = &fire {
            self.log_nudge(
                &now,
                nudge.rule,
                &nudge.subject,
                NudgeEvent::Fired,
                nudge.peer.as_ref().map(|peer| peer.id),
                None,
            )?;
        }
        Ok(fire)
    }

    /// Puts a nudge off; it returns when the snooze ends, if it still applies.
    pub fn snooze_nudge(
        &mut self,
        rule: Rule,
        subject: &str,
        snooze: Snooze,
        clock: &dyn Clock,
    ) -> Result<DateTime<FixedOffset>> {
        let until = snooze_until(snooze, &self.settings()?.nudges, clock);
        self.log_nudge(
            &clock.now().to_rfc3339(),
            rule,
            subject,
            NudgeEvent::Snoozed,
            None,
            Some(until),
        )?;
        Ok(until)
    }

    /// Records that the user dismissed a nudge, or took its action.
    pub fn answer_nudge(
        &mut self,
        rule: Rule,
        subject: &str,
        event: NudgeEvent,
        clock: &dyn Clock,
    ) -> Result<()> {
        if !matches!(event, NudgeEvent::Dismissed | NudgeEvent::ActedOn) {
            return Err(Error::Invalid(
                "A nudge can be dismissed or acted on.".into(),
            ));
        }
        self.log_nudge(&clock.now().to_rfc3339(), rule, subject, event, None, None)
    }

    /// Holds every nudge until `until`, or lifts the pause with `None`.
    pub fn pause_nudges(
        &mut self,
        until: Option<DateTime<FixedOffset>>,
        clock: &dyn Clock,
    ) -> Result<crate::Settings> {
        if until.is_some_and(|until| until <= clock.now()) {
            return Err(Error::Invalid(
                "Pause nudges until a time that is still to come.".into(),
            ));
        }
        self.change_settings(|settings| {
            settings.nudges.paused_until = until;
            Ok(())
        })
    }

    /// Appends one line to the nudge log.
    fn log_nudge(
        &self,
        at: &str,
        rule: Rule,
        subject: &str,
        event: NudgeEvent,
        peer: Option<i64>,
        until: Option<DateTime<FixedOffset>>,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO nudge_log (at, rule, event, subject, peer_id, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![at, rule, event, subject, peer, until.map(|until| until.to_rfc3339())],
        )?;
        Ok(())
    }
}
