//! Dates and times as people read them, in one style for the window, the charts, the saved and
//! printed pages and the command line's text: the user's region sets the order and the clock.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// How dates and times are written: as in the United States ("Monday, December 7, 2026",
/// "3:23 PM"), or as most of the English-speaking world writes them ("Monday, 7
/// December 2026", "15:23").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStyle {
    /// Month first, and a 12-hour clock.
    Us,
    /// Day first, and a 24-hour clock.
    International,
}

impl DateStyle {
    /// The style of the user's region, from `LC_ALL`, `LC_TIME` or `LANG` (such as
    /// `en_US.UTF-8`); international when none names a month-first region.
    pub fn from_env() -> DateStyle {
        let locale = ["LC_ALL", "LC_TIME", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
            .unwrap_or_default();
        DateStyle::of_locale(&locale)
    }

    /// The style of a locale name such as `en_US.UTF-8`, `de_DE` or `en-PH`.
    pub fn of_locale(locale: &str) -> DateStyle {
        let language_and_region = locale.split(['.', '@']).next().unwrap_or_default();
        match language_and_region.split(['_', '-']).nth(1) {
            Some("US" | "PH") => DateStyle::Us,
            _ => DateStyle::International,
        }
    }

    /// The locale the window formats dates with, so that it writes them as this style does.
    pub fn locale(&self) -> &'static str {
        match self {
            DateStyle::Us => "en-US",
            DateStyle::International => "en-GB",
        }
    }

    /// "December 7, 2026" or "7 December 2026".
    pub fn date(&self, day: NaiveDate) -> String {
        match self {
            DateStyle::Us => day.format("%B %-d, %Y"),
            DateStyle::International => day.format("%-d %B %Y"),
        }
        .to_string()
    }

    /// "Monday, December 7, 2026" or "Monday, 7 December 2026".
    pub fn weekday_date(&self, day: NaiveDate) -> String {
        match self {
            DateStyle::Us => day.format("%A, %B %-d, %Y"),
            DateStyle::International => day.format("%A, %-d %B %Y"),
        }
        .to_string()
    }

    /// "3:23 PM" or "15:23".
    pub fn time(&self, time: NaiveTime) -> String {
        match self {
            DateStyle::Us => time.format("%-I:%M %p"),
            DateStyle::International => time.format("%H:%M"),
        }
        .to_string()
    }

    /// "Monday, December 7, 2026 at 3:23 PM" or "Monday, 7 December 2026 at 15:23".
    pub fn weekday_date_time(&self, at: NaiveDateTime) -> String {
        format!(
            "{} at {}",
            self.weekday_date(at.date()),
            self.time(at.time())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_sets_the_order_and_the_clock() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(15, 23, 0)
            .unwrap();
        for (locale, expected) in [
            ("en_US.UTF-8", "Monday, December 7, 2026 at 3:23 PM"),
            ("en-PH", "Monday, December 7, 2026 at 3:23 PM"),
            ("en_GB.UTF-8", "Monday, 7 December 2026 at 15:23"),
            ("de_DE.UTF-8@euro", "Monday, 7 December 2026 at 15:23"),
            ("C.UTF-8", "Monday, 7 December 2026 at 15:23"),
            ("", "Monday, 7 December 2026 at 15:23"),
        ] {
            assert_eq!(
                DateStyle::of_locale(locale).weekday_date_time(at),
                expected,
                "{locale}"
            );
        }
        assert_eq!(DateStyle::Us.date(at.date()), "December 7, 2026");
        assert_eq!(DateStyle::International.time(NaiveTime::MIN), "00:00");
        assert_eq!(DateStyle::Us.time(NaiveTime::MIN), "12:00 AM");
    }
}
