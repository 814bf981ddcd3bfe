//! What the Trends charts show, week by week: peer contacts, caseload, the checklist, the
//! self-check and a daily calendar of contact, each with a one-sentence summary.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::clock::{parse_instant, Clock};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text_enum::text_enum;
use crate::week::Week;

text_enum!(
    /// How far back the Trends charts look.
    Range, "a range", {
        /// The last 12 weeks.
        Weeks12 => "12w", "12 weeks",
        /// The last 6 months (26 weeks).
        Months6 => "6m", "6 months",
        /// The last year (52 weeks).
        Year1 => "1y", "1 year",
        /// Everything recorded.
        All => "all", "All",
    }
);

impl Range {
    /// The number of weeks it covers, ending with this week; `None` for everything.
    pub fn weeks(self) -> Option<u64> {
        match self {
            Range::Weeks12 => Some(12),
            Range::Months6 => Some(26),
            Range::Year1 => Some(52),
            Range::All => None,
        }
    }
}

/// The first week `range` covers, ending with `this_week`: never before the week of first use.
pub(crate) fn first_week(range: Range, first_use_day: NaiveDate, this_week: Week) -> Week {
    let first_use_week = Week::containing(first_use_day).min(this_week);
    match range.weeks() {
        Some(weeks) => {
            Week::containing(this_week.monday() - Days::new(7 * (weeks - 1))).max(first_use_week)
        }
        None => first_use_week,
    }
}

/// One week of the trends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeekTrend {
    /// The week.
    pub week: Week,
    /// Substantive peer contacts.
    pub substantive: u32,
    /// Logistics-only peer contacts.
    pub logistics: u32,
    /// Client sessions, if entered.
    pub caseload: Option<u32>,
    /// Whether the week was heavy.
    pub heavy_week: bool,
    /// Peer items ticked, and peer items in all; both 0 for a week never opened.
    pub peer_items: (u32, u32),
    /// Solo items ticked, and solo items in all; both 0 for a week never opened.
    pub solo_items: (u32, u32),
}

/// One self-check as the connectedness chart plots it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SelfCheckPoint {
    /// The local day it was taken.
    pub day: NaiveDate,
    /// The connectedness index, 0 to 100.
    pub index: u8,
    /// The safety-net rating, 1 to 10.
    pub safety_net: u8,
}

/// Everything the Trends screen charts, for one range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trends {
    /// The range asked for.
    pub range: Range,
    /// Each week of the range, oldest first.
    pub weeks: Vec<WeekTrend>,
    /// Self-checks in the range, oldest first.
    pub selfchecks: Vec<SelfCheckPoint>,
    /// Peer contacts per local day over the range up to today, oldest day first.
    pub calendar: Vec<(NaiveDate, u32)>,
    /// The local day Mooring was first used, where a calendar that reaches it begins.
    pub first_use: NaiveDate,
}

impl Store {
    /// The trends for `range`, ending with this week.
    pub fn trends(&self, range: Range, clock: &dyn Clock) -> Result<Trends> {
        let this_week = clock.this_week();
        // Trends start at first use: weeks before it are not history, and not neglect either.
        let first_day = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        let first = first_week(range, first_day, this_week);
        let mut weeks: Vec<WeekTrend> = self
            .caseloads(first, this_week, clock)?
            .into_iter()
            .map(|caseload| WeekTrend {
                week: caseload.week,
                substantive: 0,
                logistics: 0,
                caseload: caseload.sessions,
                heavy_week: caseload.heavy_week,
                peer_items: (0, 0),
                solo_items: (0, 0),
            })
            .collect();
        let index: BTreeMap<Week, usize> =
            weeks.iter().enumerate().map(|(i, w)| (w.week, i)).collect();

        // The calendar covers the range too, from first use on: days before it are not neglect.
        let today = clock.today();
        let calendar_first = first.monday().max(first_day.min(today));
        let since = first.monday();
        let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
        for (at, substantive) in self.contact_instants(since, clock)? {
            let day = clock.local_date(at);
            if let Some(&i) = index.get(&Week::containing(day)) {
                if substantive {
                    weeks[i].substantive += 1;
                } else {
                    weeks[i].logistics += 1;
                }
            }
            *per_day.entry(day).or_default() += 1;
        }
        // Up to today: later days of this week have not happened yet.
        let calendar = calendar_first
            .iter_days()
            .take_while(|&day| day <= today)
            .map(|day| (day, per_day.get(&day).copied().unwrap_or(0)))
            .collect();

        // By slot too: in the week of first use, the unticked items of the days before it are
        // not counted, as Home and the checklist count them.
        let mut stmt = self.conn().prepare(
            "SELECT week, peer, slot, count(done_at), count(*) FROM checklist_items
             GROUP BY week, peer, slot",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, bool>(1)?,
                row.get::<_, crate::checklist::Slot>(2)?,
                row.get::<_, u32>(3)?,
                row.get::<_, u32>(4)?,
            ))
        })?;
        for row in rows {
            let (week, peer, slot, done, total) = row?;
            let Ok(week) = week.parse::<Week>() else {
                continue;
            };
            if let Some(&i) = index.get(&week) {
                let items = if peer {
                    &mut weeks[i].peer_items
                } else {
                    &mut weeks[i].solo_items
                };
                let counted = if crate::checklist::before_first_use(slot, week, first_day) {
                    done
                } else {
                    total
                };
                *items = (items.0 + done, items.1 + counted);
            }
        }

        let selfchecks = self
            .selfchecks(clock)?
            .into_iter()
            .rev()
            .map(|check| SelfCheckPoint {
                day: check.taken_at.date_naive(),
                index: check.index,
                safety_net: check.answers.safety_net,
            })
            .filter(|point| point.day >= first.monday())
            .collect();
        Ok(Trends {
            range,
            weeks,
            selfchecks,
            calendar,
            first_use: first_day,
        })
    }

    /// Every contact at or after the local day `since`, with whether it was substantive.
    fn contact_instants(
        &self,
        since: NaiveDate,
        clock: &dyn Clock,
    ) -> Result<Vec<(chrono::DateTime<chrono::Utc>, bool)>> {
        let since = clock.instant_of_local(since.and_time(chrono::NaiveTime::MIN));
        let mut stmt = self.conn().prepare(
            "SELECT at, substantive FROM contacts WHERE unixepoch(at) >= unixepoch(?1) AND unixepoch(at) <= unixepoch(?2)",
        )?;
        let rows = stmt.query_map(
            params![since.to_rfc3339(), clock.now().to_rfc3339()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, bool>(1)?)),
        )?;
        rows.map(|row| {
            let (at, substantive) = row?;
            Ok((parse_instant(&at)?.with_timezone(&chrono::Utc), substantive))
        })
        .collect()
    }
}
