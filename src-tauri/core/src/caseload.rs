//! The weekly caseload and whether a week is heavy.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::settings::{HeavyWeekRule, Settings};
use crate::store::Store;
use crate::week::Week;

/// The most client sessions a week can hold in Mooring; more is surely a typing slip.
pub const MAX_SESSIONS: u32 = 80;
/// Weeks before the week of first use whose caseload can be typed in, as history.
pub const WEEKS_BEFORE_FIRST_USE: u32 = 4;
/// Weeks after this one whose caseload can be entered ahead.
pub const WEEKS_AHEAD: u32 = 8;
/// How many earlier weeks with sessions make the usual caseload.
pub const USUAL_WEEKS: usize = 8;
/// How many earlier weeks with sessions the relative rule needs before it applies.
pub const RELATIVE_RULE_MIN_WEEKS: usize = 3;

/// One week's caseload and heaviness.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekCaseload {
    /// The week.
    pub week: Week,
    /// Client sessions entered, if any.
    pub sessions: Option<u32>,
    /// Last week's sessions, standing in for a current or coming week not entered yet.
    pub estimate: Option<u32>,
    /// The user's own call on whether the week is heavy, if they made one.
    pub heavy_override: Option<bool>,
    /// What the rule says of the sessions (or the estimate), before any override.
    pub heavy_by_rule: bool,
    /// Whether the week is heavy, all things considered.
    pub heavy_week: bool,
    /// Whether `estimate` is the usual week from Settings, the week before having none.
    pub estimated_from_usual: bool,
    /// Whether it is heavy because the week before was marked heavy by hand and this one is
    /// still an estimate: the user's call carries into Monday until they enter this week.
    pub heavy_carried_over: bool,
    /// The usual caseload: the median of the previous 8 weeks that had sessions, if any had.
    pub usual_caseload: Option<f64>,
    /// How many earlier weeks with sessions the usual caseload comes from (at most 8).
    pub usual_weeks: u32,
    /// Whether the relative rule decides; false under the threshold rule, and under the
    /// relative rule until 3 earlier weeks had sessions, when the threshold stands in.
    pub relative_rule_applies: bool,
    /// The fewest sessions that make this week heavy by the rule in force.
    pub heavy_from: u32,
}

impl WeekCaseload {
    /// The sessions the rules work with: those entered, or else the estimate.
    pub fn sessions_or_estimate(&self) -> Option<u32> {
        self.sessions.or(self.estimate)
    }
}

impl Store {
    /// Sets `week`'s client sessions; `None` clears them.
    pub fn set_caseload(
        &mut self,
        week: Week,
        sessions: Option<u32>,
        clock: &dyn Clock,
    ) -> Result<WeekCaseload> {
        if sessions.is_some_and(|sessions| sessions > MAX_SESSIONS) {
            return Err(Error::Invalid(format!(
                "A caseload is at most {MAX_SESSIONS} sessions a week."
            )));
        }
        if sessions.is_some() {
            self.check_caseload_week(week, clock)?;
        }
        self.conn().execute(
            "INSERT INTO caseloads (week, sessions, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (week) DO UPDATE SET sessions = excluded.sessions, updated_at = excluded.updated_at",
            params![week.to_string(), sessions, clock.now().to_rfc3339()],
        )?;
        self.caseload(week, clock)
    }

    /// Refuses a week whose caseload cannot be entered: from [`WEEKS_BEFORE_FIRST_USE`] weeks
    /// before the week of first use (a few weeks of history, to start the usual caseload) up to
    /// [`WEEKS_AHEAD`] weeks after this one.
    fn check_caseload_week(&self, week: Week, clock: &dyn Clock) -> Result<()> {
        let first_use = clock.local_date(self.first_use()?.with_timezone(&chrono::Utc));
        let earliest =
            Week::containing(first_use - chrono::Days::new(7 * u64::from(WEEKS_BEFORE_FIRST_USE)));
        let latest = Week::containing(
            clock.this_week().monday() + chrono::Days::new(7 * u64::from(WEEKS_AHEAD)),
        );
        if week < earliest || week > latest {
            return Err(Error::Invalid(format!(
                "A caseload can be entered for {earliest} (four weeks before you started) to \
                 {latest} (eight weeks ahead); {week} is outside that."
            )));
        }
        Ok(())
    }

    /// Marks `week` heavy or not by hand; `None` goes back to the rule.
    pub fn set_heavy_override(
        &mut self,
        week: Week,
        heavy: Option<bool>,
        clock: &dyn Clock,
    ) -> Result<WeekCaseload> {
        self.conn().execute(
            "INSERT INTO caseloads (week, heavy_override, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (week) DO UPDATE SET heavy_override = excluded.heavy_override, updated_at = excluded.updated_at",
            params![week.to_string(), heavy, clock.now().to_rfc3339()],
        )?;
        self.caseload(week, clock)
    }

    /// `week`'s caseload and whether it is heavy; a current or coming week not entered yet
    /// is estimated from the week before it.
    pub fn caseload(&self, week: Week, clock: &dyn Clock) -> Result<WeekCaseload> {
        let (sessions, heavy_override) = self.entered(week)?;
        let previous = self.entered(week.previous())?;
        let earlier = self.earlier_weeks_with_sessions(week, clock)?;
        Ok(assess(
            week,
            (sessions, heavy_override),
            previous,
            &earlier,
            &self.settings()?,
            clock.this_week(),
        ))
    }

    /// The caseload of every week from `first` to `last`, as [`Store::caseload`] gives each,
    /// from one query: what Trends draws ten years of.
    pub fn caseloads(
        &self,
        first: Week,
        last: Week,
        clock: &dyn Clock,
    ) -> Result<Vec<WeekCaseload>> {
        let settings = self.settings()?;
        let mut stmt = self.conn().prepare(
            "SELECT week, sessions, heavy_override FROM caseloads WHERE week <= ?1 ORDER BY week",
        )?;
        let rows = stmt.query_map(params![last.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
        })?;
        let mut entered: BTreeMap<Week, (Option<u32>, Option<bool>)> = BTreeMap::new();
        for row in rows {
            let (week, sessions, heavy_override) = row?;
            entered.insert(week.parse()?, (sessions, heavy_override));
        }
        let this_week = clock.this_week();
        let first_use =
            Week::containing(clock.local_date(self.first_use()?.with_timezone(&chrono::Utc)));
        let mut caseloads = Vec::new();
        let mut week = first;
        while week <= last {
            let earlier: Vec<u32> = entered
                .range(..week)
                .rev()
                .filter(|&(&earlier, _)| in_baseline(earlier, week, first_use))
                .filter_map(|(_, (sessions, _))| sessions.filter(|&sessions| sessions > 0))
                .take(USUAL_WEEKS)
                .collect();
            let this = entered.get(&week).copied().unwrap_or_default();
            let previous = entered.get(&week.previous()).copied().unwrap_or_default();
            caseloads.push(assess(week, this, previous, &earlier, &settings, this_week));
            week = week.next();
        }
        Ok(caseloads)
    }

    /// The sessions entered for `week` and the user's own call on it.
    fn entered(&self, week: Week) -> Result<(Option<u32>, Option<bool>)> {
        Ok(self
            .conn()
            .query_row(
                "SELECT sessions, heavy_override FROM caseloads WHERE week = ?1",
                params![week.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None)))
    }

    /// The sessions of the 8 most recent weeks before `week` that had any; weeks of 0 are
    /// leave, not a light week, and are left out, and so are weeks typed in from before first
    /// use once they are more than 8 weeks back.
    fn earlier_weeks_with_sessions(&self, week: Week, clock: &dyn Clock) -> Result<Vec<u32>> {
        let first_use =
            Week::containing(clock.local_date(self.first_use()?.with_timezone(&chrono::Utc)));
        let mut stmt = self.conn().prepare(
            "SELECT week, sessions FROM caseloads WHERE week < ?1 AND sessions > 0
             ORDER BY week DESC",
        )?;
        let rows = stmt.query_map(params![week.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, u32>(1)?))
        })?;
        let mut earlier = Vec::with_capacity(USUAL_WEEKS);
        for row in rows {
            let (entered, sessions) = row?;
            if in_baseline(entered.parse()?, week, first_use) {
                earlier.push(sessions);
                if earlier.len() == USUAL_WEEKS {
                    break;
                }
            }
        }
        Ok(earlier)
    }
}

/// Whether `earlier`'s sessions count in `week`'s usual caseload: every week from first use on,
/// and a week typed in from before it only while it is among the 8 weeks before `week`.
fn in_baseline(earlier: Week, week: Week, first_use: Week) -> bool {
    earlier >= first_use || (week.monday() - earlier.monday()).num_days() <= 7 * USUAL_WEEKS as i64
}

/// `week`'s caseload from what was entered for it (sessions and the user's call), what was
/// entered for the week before, and the sessions of the earlier weeks that had any, most recent
/// first.
fn assess(
    week: Week,
    (sessions, heavy_override): (Option<u32>, Option<bool>),
    (previous, previous_override): (Option<u32>, Option<bool>),
    earlier: &[u32],
    settings: &Settings,
    this_week: Week,
) -> WeekCaseload {
    let estimated = sessions.is_none() && week >= this_week;
    let estimate = estimated.then_some(previous).flatten();
    let estimated_from_usual = estimated && estimate.is_none() && settings.usual_sessions.is_some();
    let estimate = estimate.or(settings.usual_sessions.filter(|_| estimated));
    // The usual week the user gave stands in until enough weeks with sessions make their own.
    let own_weeks = earlier.len() >= RELATIVE_RULE_MIN_WEEKS;
    let usual_caseload = match settings.usual_sessions {
        Some(usual) if !own_weeks => Some(f64::from(usual)),
        _ => median(earlier),
    };
    let relative_rule_applies = settings.heavy_week_rule == HeavyWeekRule::Relative
        && (own_weeks || settings.usual_sessions.is_some_and(|usual| usual > 0));
    let heavy_from = match (relative_rule_applies, usual_caseload) {
        (true, Some(usual)) => heavy_from_usual(usual),
        _ => settings.heavy_week_threshold,
    };
    let heavy_by_rule = sessions
        .or(estimate)
        .is_some_and(|sessions| sessions >= heavy_from);
    // A week marked heavy by hand stays heavy into the next, while that one is estimated.
    let heavy_carried_over = sessions.is_none()
        && week >= this_week
        && heavy_override.is_none()
        && !heavy_by_rule
        && previous_override == Some(true);
    WeekCaseload {
        week,
        sessions,
        estimate,
        estimated_from_usual,
        heavy_override,
        heavy_by_rule,
        heavy_week: heavy_override.unwrap_or(heavy_by_rule || heavy_carried_over),
        heavy_carried_over,
        usual_caseload,
        usual_weeks: earlier.len() as u32,
        relative_rule_applies,
        heavy_from,
    }
}

/// The fewest sessions that reach 120% of a usual caseload. In whole numbers, as the median is
/// a whole or a half number: sessions >= 6/5 x usual is 5 x sessions >= 3 x (2 x usual).
fn heavy_from_usual(usual: f64) -> u32 {
    let twice_usual = (usual * 2.0).round() as u32;
    (3 * twice_usual).div_ceil(5)
}

/// The median of `values`, or `None` when there are none.
fn median(values: &[u32]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(sorted[n / 2])),
        _ => Some((f64::from(sorted[n / 2 - 1]) + f64::from(sorted[n / 2])) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_from_is_120_percent_of_the_usual_rounded_up() {
        // 20 -> 24 exactly (a float 1.2 x 20 is 24.000000000000004 and would round up to 25);
        // 22 -> 26.4 -> 27; 22.5 -> 27; 21 -> 25.2 -> 26.
        for (usual, heavy_from) in [(20.0, 24), (22.0, 27), (22.5, 27), (21.0, 26), (1.0, 2)] {
            assert_eq!(heavy_from_usual(usual), heavy_from, "{usual}");
        }
    }

    #[test]
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[20]), Some(20.0));
        assert_eq!(median(&[30, 10, 20]), Some(20.0));
        assert_eq!(median(&[10, 20, 30, 40]), Some(25.0));
    }
}
