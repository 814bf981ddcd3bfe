//! The weekly caseload and whether a week is heavy.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::settings::{HeavyWeekRule, Settings};
use crate::store::Store;
use crate::week::Week;

/// The most client sessions a week can hold in Mooring; more is surely a typing slip.
pub const MAX_SESSIONS: u32 = 80;
/// How many earlier weeks with a caseload the median rule looks at.
pub const MEDIAN_WEEKS: usize = 8;
/// The share of the median at which the median rule calls a week heavy.
pub const MEDIAN_FACTOR: f64 = 1.2;

/// One week's caseload and heaviness.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekCaseload {
    /// The week.
    pub week: Week,
    /// Client sessions entered, if any.
    pub sessions: Option<u32>,
    /// The user's own call on whether the week is heavy, if they made one.
    pub heavy_override: Option<bool>,
    /// What the rule says, before any override.
    pub heavy_by_rule: bool,
    /// Whether the week is heavy, all things considered.
    pub heavy_week: bool,
    /// The median of earlier weeks, under the median rule, when there is one.
    pub baseline_median: Option<f64>,
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
        self.conn().execute(
            "INSERT INTO caseloads (week, sessions, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (week) DO UPDATE SET sessions = excluded.sessions, updated_at = excluded.updated_at",
            params![week.to_string(), sessions, clock.now().to_rfc3339()],
        )?;
        self.caseload(week)
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
        self.caseload(week)
    }

    /// `week`'s caseload and whether it is heavy.
    pub fn caseload(&self, week: Week) -> Result<WeekCaseload> {
        let settings = self.settings()?;
        let (sessions, heavy_override): (Option<u32>, Option<bool>) = self
            .conn()
            .query_row(
                "SELECT sessions, heavy_override FROM caseloads WHERE week = ?1",
                params![week.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None));
        let baseline_median = match settings.heavy_week_rule {
            HeavyWeekRule::Median => median(&self.earlier_caseloads(week)?),
            HeavyWeekRule::Threshold => None,
        };
        let heavy_by_rule =
            sessions.is_some_and(|sessions| heavy_by(&settings, sessions, baseline_median));
        Ok(WeekCaseload {
            week,
            sessions,
            heavy_override,
            heavy_by_rule,
            heavy_week: heavy_override.unwrap_or(heavy_by_rule),
            baseline_median,
        })
    }

    /// The sessions of the 8 most recent weeks before `week` that have a caseload.
    fn earlier_caseloads(&self, week: Week) -> Result<Vec<u32>> {
        let mut stmt = self.conn().prepare(
            "SELECT sessions FROM caseloads WHERE week < ?1 AND sessions IS NOT NULL ORDER BY week DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![week.to_string(), MEDIAN_WEEKS as i64], |row| {
            row.get(0)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Whether `sessions` is heavy under `settings`, given the median of earlier weeks.
fn heavy_by(settings: &Settings, sessions: u32, baseline_median: Option<f64>) -> bool {
    match settings.heavy_week_rule {
        HeavyWeekRule::Threshold => sessions >= settings.heavy_week_threshold,
        // With no earlier week to compare with, the median rule cannot call a week heavy.
        HeavyWeekRule::Median => {
            baseline_median.is_some_and(|median| f64::from(sessions) >= MEDIAN_FACTOR * median)
        }
    }
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
    fn median_of_odd_even_and_none() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[20]), Some(20.0));
        assert_eq!(median(&[30, 10, 20]), Some(20.0));
        assert_eq!(median(&[10, 20, 30, 40]), Some(25.0));
    }
}
