//! The at-a-glance state of the current week that Home and `mooring-cli status` show.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::checklist::WeekChecklist;
use crate::clock::{parse_instant, Clock};
use crate::contact::Contact;
use crate::error::Result;
use crate::nudge::NudgeOverview;
use crate::settings::Settings;
use crate::store::Store;
use crate::week::Week;

/// Everything Home shows, read at once so that the window draws it after one round trip.
#[derive(Clone, Debug, Serialize)]
pub struct Home {
    /// This week at a glance.
    pub status: Status,
    /// This week's checklist.
    pub checklist: WeekChecklist,
    /// The nudge waiting, if any, and the recent ones.
    pub nudges: NudgeOverview,
    /// The settings, for what Home offers.
    pub settings: Settings,
    /// Recent contacts whose energy is still to be asked, newest first.
    pub contacts_to_rate: Vec<Contact>,
}

/// The current week at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The ISO week that contains today.
    pub week: Week,
    /// The Monday of that week.
    pub first_day: NaiveDate,
    /// The Sunday of that week.
    pub last_day: NaiveDate,
    /// Today in the user's local calendar.
    pub today: NaiveDate,
    /// The week after this one, whose caseload can be entered ahead.
    pub next_week: Week,
    /// Client sessions this week: those entered, or else last week's as an estimate.
    pub caseload: Option<u32>,
    /// Whether `caseload` is last week's, standing in until this week's is entered.
    pub caseload_estimated: bool,
    /// Whether `caseload` is the usual week from Settings, the week before having none.
    pub caseload_from_usual: bool,
    /// Client sessions entered ahead for next week, if any.
    pub next_week_caseload: Option<u32>,
    /// Whether this week is heavy, by the rule or by the user's own call.
    pub heavy_week: bool,
    /// Whether it is heavy because last week was marked heavy by hand and this week's caseload
    /// is not entered yet.
    pub heavy_carried_over: bool,
    /// The user's own call on this week, if they made one; `None` lets the rule decide.
    pub heavy_override: Option<bool>,
    /// Whole local days since the last substantive peer contact; `None` before the first one.
    pub days_since_substantive_contact: Option<i64>,
    /// Whether peer contact has lapsed: longer without a substantive contact, since first use,
    /// than the lapse limits in Settings allow.
    pub contact_lapsed: bool,
    /// Whether a connectedness self-check is due.
    pub selfcheck_due: bool,
    /// The local day the next self-check is due; `None` before the first one.
    pub selfcheck_due_on: Option<NaiveDate>,
    /// Whole days until the next self-check is due; 0 when it is due.
    pub days_until_selfcheck: i64,
    /// How much of this week's checklist is done.
    pub checklist: Completion,
    /// In the week of first use, when that was after Monday: the day `checklist` counts from.
    pub checklist_counted_from: Option<NaiveDate>,
    /// Whether to offer the first-run steps: nothing entered yet, and they were neither
    /// finished nor skipped.
    pub first_run: bool,
    /// What Home suggests, such as reassessing a format that keeps leaving the user drained.
    pub suggestions: Vec<crate::renewal::HomeSuggestion>,
}

/// Done and total items of a checklist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Completion {
    /// Items ticked.
    pub done: u32,
    /// All items.
    pub total: u32,
}

impl Store {
    /// Everything Home shows, as of the clock's now; this week's checklist is copied from the
    /// template if this is its first opening.
    pub fn home(&mut self, clock: &dyn Clock) -> Result<Home> {
        Ok(Home {
            status: self.status(clock)?,
            checklist: self.checklist(clock.this_week(), clock)?,
            nudges: self.nudge_overview(clock)?,
            settings: self.settings()?,
            contacts_to_rate: self.contacts_to_rate(clock)?,
        })
    }

    /// The current week at a glance, as of the clock's now.
    pub fn status(&self, clock: &dyn Clock) -> Result<Status> {
        let now = clock.now();
        let today = now.date_naive();
        let week = Week::containing(today);
        let caseload = self.caseload(week, clock)?;
        let last_contact = self.last_substantive_contact(now)?;
        let days_since_substantive_contact =
            last_contact.map(|at| (today - clock.local_date(at)).num_days());
        let settings = self.settings()?;
        let contact_lapsed = crate::nudge::contact_lapsed(
            caseload.heavy_week,
            self.first_use()?.with_timezone(&Utc),
            last_contact,
            &settings.nudges,
            now.with_timezone(&Utc),
        );
        let selfcheck = self.selfcheck_schedule(clock)?;
        Ok(Status {
            week,
            first_day: week.monday(),
            last_day: week.sunday(),
            today,
            next_week: week.next(),
            caseload: caseload.sessions_or_estimate(),
            caseload_estimated: caseload.sessions.is_none() && caseload.estimate.is_some(),
            caseload_from_usual: caseload.estimated_from_usual,
            next_week_caseload: self.caseload(week.next(), clock)?.sessions,
            heavy_week: caseload.heavy_week,
            heavy_carried_over: caseload.heavy_carried_over,
            heavy_override: caseload.heavy_override,
            days_since_substantive_contact,
            contact_lapsed,
            selfcheck_due: selfcheck.due,
            selfcheck_due_on: selfcheck.due_on,
            days_until_selfcheck: selfcheck.days_until_due,
            checklist: self.completion(week, clock)?,
            checklist_counted_from: crate::checklist::counted_from(
                week,
                clock.local_date(self.first_use()?.with_timezone(&Utc)),
            ),
            first_run: !settings.welcomed && !self.holds_user_data()?,
            suggestions: self.home_suggestions()?,
        })
    }

    /// The instant of the latest substantive contact at or before `now`.
    pub(crate) fn last_substantive_contact(
        &self,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<DateTime<Utc>>> {
        self.latest_instant(
            "SELECT at FROM contacts WHERE substantive = 1 AND unixepoch(at) <= unixepoch(?1)
             ORDER BY unixepoch(at) DESC LIMIT 1",
            now,
        )
    }

    /// Runs a query that yields at most one stored instant.
    pub(crate) fn latest_instant(
        &self,
        sql: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self
            .conn()
            .query_row(sql, params![now.to_rfc3339()], |row| row.get(0))
            .optional()?;
        text.map(|text| Ok(parse_instant(&text)?.with_timezone(&Utc)))
            .transpose()
    }
}
