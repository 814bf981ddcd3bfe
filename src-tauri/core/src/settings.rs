//! The user's settings, each stored under its own key as JSON; a missing key is the default.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::nudge::NudgeSettings;
use crate::store::Store;

/// How Mooring decides that a week is heavy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeavyWeekRule {
    /// The caseload reaches a fixed number of sessions.
    #[default]
    Threshold,
    /// The caseload reaches 120% of the median of the previous 8 weeks that have one.
    Median,
}

/// Every setting, with its default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How a week counts as heavy.
    pub heavy_week_rule: HeavyWeekRule,
    /// Client sessions at which a week is heavy, under the threshold rule.
    pub heavy_week_threshold: u32,
    /// Days from one connectedness self-check to the next.
    pub selfcheck_cadence_days: u32,
    /// The nudge rules, quiet hours, weekend hold and pause.
    pub nudges: NudgeSettings,
    /// Closing the window keeps Mooring running in the tray, so that nudges still arrive.
    pub hide_on_close: bool,
    /// Whether starting at login has been offered (on the first run).
    pub autostart_offered: bool,
}

/// Days between two connectedness self-checks, unless the user chose otherwise.
pub const DEFAULT_SELFCHECK_CADENCE_DAYS: u32 = 14;

/// The shortest and longest self-check cadence the user can choose, in days.
pub const SELFCHECK_CADENCE_RANGE: std::ops::RangeInclusive<u32> = 7..=56;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            heavy_week_rule: HeavyWeekRule::Threshold,
            heavy_week_threshold: 25,
            selfcheck_cadence_days: DEFAULT_SELFCHECK_CADENCE_DAYS,
            nudges: NudgeSettings::default(),
            hide_on_close: true,
            autostart_offered: false,
        }
    }
}

const KEY: &str = "settings";

impl Store {
    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![KEY],
                |row| row.get(0),
            )
            .optional()?;
        Ok(json
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default())
    }

    /// Records that starting at login has been offered, so the offer is not made again.
    pub fn mark_autostart_offered(&mut self) -> Result<Settings> {
        let settings = Settings {
            autostart_offered: true,
            ..self.settings()?
        };
        self.update_settings(settings)
    }

    /// Replaces the settings after checking them.
    pub fn update_settings(&mut self, settings: Settings) -> Result<Settings> {
        if !(1..=80).contains(&settings.heavy_week_threshold) {
            return Err(Error::Invalid(
                "The heavy-week threshold must be between 1 and 80 sessions.".into(),
            ));
        }
        if !SELFCHECK_CADENCE_RANGE.contains(&settings.selfcheck_cadence_days) {
            return Err(Error::Invalid(
                "The self-check cadence must be between 7 and 56 days.".into(),
            ));
        }
        settings.nudges.check()?;
        let json = serde_json::to_string(&settings).expect("settings serialize");
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![KEY, json],
        )?;
        self.settings()
    }
}
