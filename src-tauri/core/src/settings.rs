//! The user's settings, each stored under its own key as JSON; a missing key is the default.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::clock::{parse_instant, Clock};
use crate::error::{Error, Result};
use crate::nudge::{pause_until_date, NudgeSettings};
use crate::store::Store;

/// How Mooring decides that a week is heavy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeavyWeekRule {
    /// The caseload reaches a fixed number of sessions.
    #[default]
    Threshold,
    /// The caseload reaches 120% of the usual: the median of the previous 8 weeks with sessions.
    /// Until 3 such weeks exist, the threshold stands in.
    #[serde(alias = "median")]
    Relative,
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
    /// Whether the first-run steps were finished or skipped.
    pub welcomed: bool,
    /// Where backups go; `None` is the `backups` folder beside the database.
    pub backup_folder: Option<std::path::PathBuf>,
    /// Backup folders chosen before this one: their backups are still listed, restored from,
    /// and re-keyed with the data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_backup_folders: Vec<std::path::PathBuf>,
    /// Months to keep the text of notes and reflections; `None` keeps it for good.
    pub keep_notes_months: Option<u32>,
    /// The window asks for the passphrase when it opens and after [`Self::lock_after_minutes`]
    /// without use.
    pub app_lock: bool,
    /// Minutes without use after which the window locks itself, when the app lock is on.
    pub lock_after_minutes: u32,
    /// The user's own name, as it goes beside their signature on an agreement.
    pub your_name: Option<String>,
    /// Client sessions in the user's usual week, as the first run asks: the estimate of a week
    /// not entered yet when the week before has none either, and the usual caseload until 3
    /// weeks with sessions make their own.
    pub usual_sessions: Option<u32>,
}

/// The longest name the user can give themselves, in characters.
pub const MAX_YOUR_NAME_CHARS: usize = 100;

/// Minutes without use after which the app lock locks the window, unless the user chose otherwise.
pub const DEFAULT_LOCK_AFTER_MINUTES: u32 = 15;

/// The shortest and longest idle time before the window locks, in minutes.
pub const LOCK_AFTER_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

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
            welcomed: false,
            backup_folder: None,
            previous_backup_folders: Vec::new(),
            keep_notes_months: None,
            app_lock: false,
            lock_after_minutes: DEFAULT_LOCK_AFTER_MINUTES,
            your_name: None,
            usual_sessions: None,
        }
    }
}

const KEY: &str = "settings";

/// Every setting the user can change, by the kebab-case key `mooring-cli settings` uses, with
/// what its value looks like.
pub const SETTING_KEYS: &[(&str, &str)] = &[
    ("heavy-rule", "threshold or relative"),
    ("heavy-threshold", "sessions, 1 to 80"),
    ("selfcheck-cadence", "days, 7 to 56"),
    ("heavy-week-lapse", "on or off"),
    ("heavy-week-lapse-hours", "hours, 1 to 336"),
    ("contact-lapse", "on or off"),
    ("contact-lapse-days", "days, 1 to 90"),
    ("selfcheck-due", "on or off"),
    ("checklist-item", "on or off"),
    ("agreement-review", "on or off"),
    ("consultation-follow-up", "on or off"),
    ("debrief-follow-up", "on or off"),
    ("quiet-hours", "on or off"),
    ("quiet-from", "a time like 20:00"),
    ("quiet-until", "a time like 08:00"),
    ("weekend-hold", "on or off"),
    ("paused-until", "a date, an instant, or off"),
    ("hide-on-close", "on or off"),
    ("backup-folder", "a folder, or default"),
    ("keep-notes", "months, 1 to 120, or forever"),
    ("app-lock", "on or off (on needs a passphrase)"),
    ("lock-after", "minutes, 1 to 240"),
    (
        "your-name",
        "your name for the agreement's signature, or none",
    ),
    (
        "usual-caseload",
        "sessions in a usual week, 0 to 80, or none",
    ),
];

impl Settings {
    /// Every setting as its key and its value in words, in the order of [`SETTING_KEYS`].
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        let on_off = |on: bool| if on { "on" } else { "off" }.to_owned();
        let nudges = &self.nudges;
        SETTING_KEYS
            .iter()
            .map(|&(key, _)| {
                let value = match key {
                    "heavy-rule" => match self.heavy_week_rule {
                        HeavyWeekRule::Threshold => "threshold".to_owned(),
                        HeavyWeekRule::Relative => "relative".to_owned(),
                    },
                    "heavy-threshold" => self.heavy_week_threshold.to_string(),
                    "selfcheck-cadence" => self.selfcheck_cadence_days.to_string(),
                    "heavy-week-lapse" => on_off(nudges.heavy_week_lapse),
                    "heavy-week-lapse-hours" => nudges.heavy_week_lapse_hours.to_string(),
                    "contact-lapse" => on_off(nudges.contact_lapse),
                    "contact-lapse-days" => nudges.contact_lapse_days.to_string(),
                    "selfcheck-due" => on_off(nudges.selfcheck_due),
                    "checklist-item" => on_off(nudges.checklist_item),
                    "agreement-review" => on_off(nudges.agreement_review),
                    "consultation-follow-up" => on_off(nudges.consultation_follow_up),
                    "debrief-follow-up" => on_off(nudges.debrief_follow_up),
                    "quiet-hours" => on_off(nudges.quiet_hours),
                    "quiet-from" => nudges.quiet_from.format("%H:%M").to_string(),
                    "quiet-until" => nudges.quiet_until.format("%H:%M").to_string(),
                    "weekend-hold" => on_off(nudges.weekend_hold),
                    "paused-until" => nudges
                        .paused_until
                        .map_or_else(|| "off".to_owned(), |until| until.to_rfc3339()),
                    "hide-on-close" => on_off(self.hide_on_close),
                    "backup-folder" => self.backup_folder.as_ref().map_or_else(
                        || "default".to_owned(),
                        |folder| folder.display().to_string(),
                    ),
                    "keep-notes" => self
                        .keep_notes_months
                        .map_or_else(|| "forever".to_owned(), |months| months.to_string()),
                    "app-lock" => on_off(self.app_lock),
                    "lock-after" => self.lock_after_minutes.to_string(),
                    "your-name" => self.your_name.clone().unwrap_or_else(|| "none".to_owned()),
                    "usual-caseload" => self
                        .usual_sessions
                        .map_or_else(|| "none".to_owned(), |sessions| sessions.to_string()),
                    _ => unreachable!("every key in SETTING_KEYS has a value"),
                };
                (key, value)
            })
            .collect()
    }

    /// Changes the setting `key` to `value`, both as the user types them; checked when saved.
    pub fn set(&mut self, key: &str, value: &str, clock: &dyn Clock) -> Result<()> {
        let value = value.trim();
        let invalid =
            |what: &str| Error::Invalid(format!("{key} takes {what}; \"{value}\" is not one."));
        let expected = SETTING_KEYS
            .iter()
            .find(|&&(known, _)| known == key)
            .map(|&(_, what)| what)
            .ok_or_else(|| {
                let keys: Vec<&str> = SETTING_KEYS.iter().map(|&(key, _)| key).collect();
                Error::Invalid(format!(
                    "There is no setting \"{key}\". Settings are: {}.",
                    keys.join(", ")
                ))
            })?;
        let switch = || match value.to_ascii_lowercase().as_str() {
            "on" | "yes" | "true" => Ok(true),
            "off" | "no" | "false" => Ok(false),
            _ => Err(invalid(expected)),
        };
        let number = || value.parse::<u32>().map_err(|_| invalid(expected));
        let time = || NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| invalid(expected));
        let nudges = &mut self.nudges;
        match key {
            "heavy-rule" => {
                self.heavy_week_rule = match value {
                    "threshold" => HeavyWeekRule::Threshold,
                    "relative" => HeavyWeekRule::Relative,
                    _ => return Err(invalid(expected)),
                }
            }
            "heavy-threshold" => self.heavy_week_threshold = number()?,
            "selfcheck-cadence" => self.selfcheck_cadence_days = number()?,
            "heavy-week-lapse" => nudges.heavy_week_lapse = switch()?,
            "heavy-week-lapse-hours" => nudges.heavy_week_lapse_hours = number()?,
            "contact-lapse" => nudges.contact_lapse = switch()?,
            "contact-lapse-days" => nudges.contact_lapse_days = number()?,
            "selfcheck-due" => nudges.selfcheck_due = switch()?,
            "checklist-item" => nudges.checklist_item = switch()?,
            "agreement-review" => nudges.agreement_review = switch()?,
            "consultation-follow-up" => nudges.consultation_follow_up = switch()?,
            "debrief-follow-up" => nudges.debrief_follow_up = switch()?,
            "quiet-hours" => nudges.quiet_hours = switch()?,
            "quiet-from" => nudges.quiet_from = time()?,
            "quiet-until" => nudges.quiet_until = time()?,
            "weekend-hold" => nudges.weekend_hold = switch()?,
            "paused-until" => {
                nudges.paused_until = if value.eq_ignore_ascii_case("off") {
                    None
                } else if let Ok(date) = value.parse::<NaiveDate>() {
                    Some(pause_until_date(date, clock))
                } else {
                    Some(parse_instant(value).map_err(|_| invalid(expected))?)
                };
                if nudges
                    .paused_until
                    .is_some_and(|until| until <= clock.now())
                {
                    return Err(Error::Invalid(
                        "Pause nudges until a time that is still to come.".into(),
                    ));
                }
            }
            "hide-on-close" => self.hide_on_close = switch()?,
            "backup-folder" => {
                self.backup_folder = if value.eq_ignore_ascii_case("default") {
                    None
                } else {
                    Some(value.into())
                }
            }
            "keep-notes" => {
                self.keep_notes_months = if value.eq_ignore_ascii_case("forever") {
                    None
                } else {
                    Some(number()?)
                }
            }
            "app-lock" => self.app_lock = switch()?,
            "lock-after" => self.lock_after_minutes = number()?,
            "your-name" => {
                self.your_name = (!value.eq_ignore_ascii_case("none")).then(|| value.to_owned())
            }
            "usual-caseload" => {
                self.usual_sessions = if value.eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(number()?)
                }
            }
            _ => unreachable!("every key in SETTING_KEYS is handled"),
        }
        Ok(())
    }

    /// Checks every value against its range, and the quiet hours against each other.
    pub fn check(&self) -> Result<()> {
        if !(1..=80).contains(&self.heavy_week_threshold) {
            return Err(Error::Invalid(
                "The heavy-week threshold must be between 1 and 80 sessions.".into(),
            ));
        }
        if !SELFCHECK_CADENCE_RANGE.contains(&self.selfcheck_cadence_days) {
            return Err(Error::Invalid(
                "The self-check cadence must be between 7 and 56 days.".into(),
            ));
        }
        if self
            .keep_notes_months
            .is_some_and(|months| !(1..=crate::retention::MAX_KEEP_NOTES_MONTHS).contains(&months))
        {
            return Err(Error::Invalid(format!(
                "Keep notes for 1 to {} months, or for good.",
                crate::retention::MAX_KEEP_NOTES_MONTHS
            )));
        }
        if !LOCK_AFTER_RANGE.contains(&self.lock_after_minutes) {
            return Err(Error::Invalid(
                "The window can lock itself after 1 to 240 minutes without use.".into(),
            ));
        }
        if let Some(name) = &self.your_name {
            let chars = name.chars().count();
            if chars > MAX_YOUR_NAME_CHARS {
                return Err(Error::Invalid(format!(
                    "Keep your name to {MAX_YOUR_NAME_CHARS} characters; this one has {chars}."
                )));
            }
        }
        if self
            .usual_sessions
            .is_some_and(|sessions| sessions > crate::caseload::MAX_SESSIONS)
        {
            return Err(Error::Invalid(format!(
                "A usual week is at most {} sessions.",
                crate::caseload::MAX_SESSIONS
            )));
        }
        if let Some(folder) = &self.backup_folder {
            if !folder.is_absolute() {
                return Err(Error::Invalid(format!(
                    "The backup folder must be a full path, such as /home/you/Backups; \
                     \"{}\" is not.",
                    folder.display()
                )));
            }
        }
        self.nudges.check()
    }
}

impl Store {
    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        read_settings(self.conn())
    }

    /// Records that starting at login has been offered, so the offer is not made again.
    pub fn mark_autostart_offered(&mut self) -> Result<Settings> {
        self.change_settings(|settings| {
            settings.autostart_offered = true;
            Ok(())
        })
    }

    /// Changes one setting by its key, leaving every other as it stands in the database.
    pub fn set_setting(&mut self, key: &str, value: &str, clock: &dyn Clock) -> Result<Settings> {
        self.change_settings(|settings| settings.set(key, value, clock))
    }

    /// Replaces the settings after checking them.
    pub fn update_settings(&mut self, settings: Settings) -> Result<Settings> {
        self.change_settings(|current| {
            *current = settings;
            Ok(())
        })
    }

    /// Changes only the fields `changes` names, such as `{"nudges": {"quiet_hours": false}}`,
    /// leaving every other as it stands in the database.
    pub fn merge_settings(&mut self, changes: &serde_json::Value) -> Result<Settings> {
        self.change_settings(|settings| {
            let mut value = serde_json::to_value(&*settings).expect("settings serialize");
            merge(&mut value, changes, "")?;
            *settings = serde_json::from_value(value)
                .map_err(|err| Error::Invalid(format!("That setting cannot be saved: {err}.")))?;
            Ok(())
        })
    }

    /// Reads, changes and writes the settings in one transaction, so that a change made
    /// meanwhile by another window or process is never overwritten with a stale copy.
    pub(crate) fn change_settings(
        &mut self,
        change: impl FnOnce(&mut Settings) -> Result<()>,
    ) -> Result<Settings> {
        // A lock with no passphrase to open it would lock the user out.
        let has_passphrase = self.has_passphrase()?;
        let tx = self.conn_mut().transaction()?;
        let mut settings = read_settings(&tx)?;
        let folder_before = settings.backup_folder.clone();
        change(&mut settings)?;
        // A name is kept as typed, without the spaces around it; a blank one is no name.
        settings.your_name = (settings.your_name.take())
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty());
        settings.check()?;
        if settings.backup_folder != folder_before {
            if let Some(folder) = &settings.backup_folder {
                crate::backup::check_folder(folder)?;
            }
            // The backups made there stay listed, and a change of key still reaches them.
            if let Some(before) = folder_before {
                if !settings.previous_backup_folders.contains(&before) {
                    settings.previous_backup_folders.push(before);
                }
            }
        }
        if settings.app_lock && !has_passphrase {
            return Err(Error::Invalid(
                "The app lock needs a passphrase: choose one to turn it on.".into(),
            ));
        }
        write_settings(&tx, &settings)?;
        tx.commit()?;
        Ok(settings)
    }
}

/// Puts each field of `changes` over `value`, field by field into objects; a field `value` does
/// not have is refused, so that a misspelt setting is not silently ignored.
fn merge(value: &mut serde_json::Value, changes: &serde_json::Value, at: &str) -> Result<()> {
    let (Some(fields), Some(changes)) = (value.as_object_mut(), changes.as_object()) else {
        *value = changes.clone();
        return Ok(());
    };
    for (key, change) in changes {
        let path = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}.{key}")
        };
        let field = fields
            .get_mut(key)
            .ok_or_else(|| Error::Invalid(format!("There is no setting \"{path}\".")))?;
        if field.is_object() && change.is_object() {
            merge(field, change, &path)?;
        } else {
            *field = change.clone();
        }
    }
    Ok(())
}

/// The settings stored in `conn`, with defaults for anything missing.
fn read_settings(conn: &Connection) -> Result<Settings> {
    let json: Option<String> = conn
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

/// Stores `settings` in `conn`.
fn write_settings(conn: &Connection, settings: &Settings) -> Result<()> {
    let json = serde_json::to_string(settings).expect("settings serialize");
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![KEY, json],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_the_rename_read_as_the_relative_rule() {
        let saved: Settings = serde_json::from_str(r#"{"heavy_week_rule":"median"}"#).unwrap();
        assert_eq!(saved.heavy_week_rule, HeavyWeekRule::Relative);
        assert_eq!(
            serde_json::to_value(&saved).unwrap()["heavy_week_rule"],
            "relative"
        );
    }

    #[test]
    fn every_key_shows_and_sets() {
        let clock = crate::FixedClock::parse("2026-11-23T09:00:00+01:00").unwrap();
        let mut settings = Settings::default();
        for (key, value) in settings.clone().entries() {
            settings.set(key, &value, &clock).unwrap();
        }
        assert_eq!(
            settings,
            Settings::default(),
            "showing then setting changes nothing"
        );
        assert_eq!(settings.entries().len(), SETTING_KEYS.len());
    }

    #[test]
    fn a_merge_changes_only_what_it_names() {
        let mut value = serde_json::to_value(Settings::default()).unwrap();
        let changes = serde_json::json!({ "nudges": { "quiet_hours": false } });
        merge(&mut value, &changes, "").unwrap();
        let merged: Settings = serde_json::from_value(value.clone()).unwrap();
        let mut expected = Settings::default();
        expected.nudges.quiet_hours = false;
        assert_eq!(merged, expected);

        let err = merge(
            &mut value,
            &serde_json::json!({ "nudges": { "quiet": 1 } }),
            "",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "There is no setting \"nudges.quiet\".");
    }
}
