//! How often a checklist item comes round: every week, every 2, 3 or 4 weeks from a start week,
//! or monthly, in the week of the month's Nth or last weekday (the first Wednesday, the last
//! Thursday). Most peer
//! groups meet every two to four weeks, and a week without the group has no group item.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::week::Week;

/// The most weeks between two turns of an "every N weeks" item.
pub const MAX_EVERY_WEEKS: u32 = 4;

/// The weeks a checklist item belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rhythm {
    /// Every week.
    #[default]
    Weekly,
    /// Every `weeks` weeks (2 to 4), in `from` and every such week before and after it.
    Every {
        /// Weeks from one turn to the next.
        weeks: u32,
        /// A week with a turn.
        from: Week,
    },
    /// Once a month, in the week holding the month's `nth` (1 to 4) `weekday`.
    Monthly {
        /// Which occurrence in the month: 1 is the first.
        nth: u32,
        /// The day of the week.
        weekday: Weekday,
    },
    /// Once a month, in the week holding the month's last `weekday`.
    LastOfMonth {
        /// The day of the week.
        weekday: Weekday,
    },
}

impl Rhythm {
    /// Every `weeks` weeks from `from`: weekly for 1, refused beyond 4.
    pub fn every(weeks: u32, from: Week) -> Result<Rhythm> {
        match weeks {
            1 => Ok(Rhythm::Weekly),
            2..=MAX_EVERY_WEEKS => Ok(Rhythm::Every { weeks, from }),
            _ => Err(Error::Invalid(format!(
                "An item comes every week, or every 2, 3 or 4 weeks; not every {weeks}."
            ))),
        }
    }

    /// Whether the item belongs to `week`.
    pub fn includes(&self, week: Week) -> bool {
        match *self {
            Rhythm::Weekly => true,
            Rhythm::Every { weeks, from } => {
                let apart = (week.monday() - from.monday()).num_days() / 7;
                apart.rem_euclid(i64::from(weeks)) == 0
            }
            Rhythm::Monthly { nth, weekday } => week
                .days()
                .any(|day| day.weekday() == weekday && (day.day() - 1) / 7 + 1 == nth),
            Rhythm::LastOfMonth { weekday } => week.days().any(|day| {
                day.weekday() == weekday && (day + chrono::Days::new(7)).month() != day.month()
            }),
        }
    }

    /// The rhythms an item on `weekday` can take, in the order a list offers them: every week,
    /// every 2 to 4 weeks from `from`, then monthly on the Nth and the last `weekday`.
    pub fn choices(weekday: Weekday, from: Week) -> Vec<Rhythm> {
        let every = (2..=MAX_EVERY_WEEKS).map(|weeks| Rhythm::Every { weeks, from });
        let monthly = (1..=4).map(|nth| Rhythm::Monthly { nth, weekday });
        std::iter::once(Rhythm::Weekly)
            .chain(every)
            .chain(monthly)
            .chain(std::iter::once(Rhythm::LastOfMonth { weekday }))
            .collect()
    }

    /// As a list offers it: "Every week", "Every 2 weeks", "Monthly, the first Wednesday".
    pub fn label(&self) -> String {
        match *self {
            Rhythm::Weekly => "Every week".into(),
            Rhythm::Every { weeks, .. } => format!("Every {weeks} weeks"),
            Rhythm::Monthly { nth, weekday } => {
                format!("Monthly, the {} {}", ordinal(nth), weekday_name(weekday))
            }
            Rhythm::LastOfMonth { weekday } => {
                format!("Monthly, the last {}", weekday_name(weekday))
            }
        }
    }

    /// In words: "every week", "every 2 weeks", "the first Wednesday of the month".
    pub fn describe(&self) -> String {
        match *self {
            Rhythm::Weekly => "every week".into(),
            Rhythm::Every { weeks, .. } => format!("every {weeks} weeks"),
            Rhythm::Monthly { nth, weekday } => {
                format!(
                    "the {} {} of the month",
                    ordinal(nth),
                    weekday_name(weekday)
                )
            }
            Rhythm::LastOfMonth { weekday } => {
                format!("the last {} of the month", weekday_name(weekday))
            }
        }
    }
}

/// "first" for 1, up to "fourth".
fn ordinal(nth: u32) -> &'static str {
    ["first", "second", "third", "fourth"][(nth - 1) as usize]
}

/// "Wednesday".
fn weekday_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Stored and typed as `weekly`, `every-2-from-2026-W48`, `monthly-1-wednesday` or
/// `monthly-last-thursday`.
impl fmt::Display for Rhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rhythm::Weekly => f.write_str("weekly"),
            Rhythm::Every { weeks, from } => write!(f, "every-{weeks}-from-{from}"),
            Rhythm::Monthly { nth, weekday } => {
                write!(f, "monthly-{nth}-{}", weekday_name(*weekday).to_lowercase())
            }
            Rhythm::LastOfMonth { weekday } => {
                write!(f, "monthly-last-{}", weekday_name(*weekday).to_lowercase())
            }
        }
    }
}

impl FromStr for Rhythm {
    type Err = Error;

    fn from_str(text: &str) -> Result<Rhythm> {
        let text = text.trim();
        if text == "weekly" {
            return Ok(Rhythm::Weekly);
        }
        if let Some(rest) = text.strip_prefix("every-") {
            if let Some((weeks, from)) = rest.split_once("-from-") {
                if let Ok(weeks) = weeks.parse() {
                    return Rhythm::every(weeks, from.parse()?);
                }
            }
        }
        if let Some(rest) = text.strip_prefix("monthly-") {
            return parse_monthly(rest);
        }
        Err(Error::Invalid(format!(
            "\"{text}\" is not a rhythm. Use weekly, every-2-from-2026-W48 or monthly-1-wednesday."
        )))
    }
}

/// `1-wednesday` or `last-thursday`, as `--monthly` takes it: the Nth (1 to 4) or the last
/// weekday of each month.
pub fn parse_monthly(text: &str) -> Result<Rhythm> {
    let invalid = || {
        Error::Invalid(format!(
            "\"{text}\" is not a monthly rhythm. Write the week and the day, like 1-wednesday \
             for the first Wednesday of each month (1 to 4), or last-thursday."
        ))
    };
    let (nth, weekday) = text.trim().split_once('-').ok_or_else(invalid)?;
    let weekday: Weekday = weekday.parse().map_err(|_| invalid())?;
    if nth.eq_ignore_ascii_case("last") {
        return Ok(Rhythm::LastOfMonth { weekday });
    }
    let nth: u32 = nth.parse().map_err(|_| invalid())?;
    if !(1..=4).contains(&nth) {
        return Err(invalid());
    }
    Ok(Rhythm::Monthly { nth, weekday })
}

impl Serialize for Rhythm {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rhythm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl rusqlite::types::ToSql for Rhythm {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.to_string()))
    }
}

impl rusqlite::types::FromSql for Rhythm {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|err: Error| rusqlite::types::FromSqlError::Other(Box::new(err)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(name: &str) -> Week {
        name.parse().unwrap()
    }

    #[test]
    fn every_n_weeks_runs_through_year_ends_and_week_53() {
        // 2026 has 53 ISO weeks; 2027 has 52.
        let fortnightly = Rhythm::every(2, week("2026-W48")).unwrap();
        let cases = [
            ("2026-W46", true),
            ("2026-W47", false),
            ("2026-W48", true),
            ("2026-W49", false),
            ("2026-W50", true),
            ("2026-W52", true),
            ("2026-W53", false),
            ("2027-W01", true),
            ("2027-W02", false),
            ("2027-W51", true),
            ("2027-W52", false),
            ("2028-W01", true),
        ];
        for (name, expected) in cases {
            assert_eq!(fortnightly.includes(week(name)), expected, "{name}");
        }
        let every_three = Rhythm::every(3, week("2026-W52")).unwrap();
        let turns: Vec<String> = ["2026-W52", "2026-W53", "2027-W01", "2027-W02", "2027-W03"]
            .into_iter()
            .filter(|name| every_three.includes(week(name)))
            .map(str::to_owned)
            .collect();
        assert_eq!(turns, ["2026-W52", "2027-W02"]);
    }

    #[test]
    fn monthly_is_the_week_of_the_nth_weekday_even_across_a_year_end() {
        let first_wednesday = parse_monthly("1-wednesday").unwrap();
        // 6 January 2027 is the first Wednesday of January: week 1 of 2027.
        let cases = [
            ("2026-W49", true),  // 2 December 2026
            ("2026-W50", false), // 9 December
            ("2026-W53", false), // 30 December: the fifth
            ("2027-W01", true),  // 6 January 2027
            ("2027-W05", true),  // 3 February
        ];
        for (name, expected) in cases {
            assert_eq!(first_wednesday.includes(week(name)), expected, "{name}");
        }
        let weeks_in_2027 = (1..=52)
            .filter(|&n| first_wednesday.includes(Week::from_iso(2027, n).unwrap()))
            .count();
        assert_eq!(weeks_in_2027, 12, "once a month");
    }

    #[test]
    fn rhythms_are_written_and_read_back_and_bad_ones_are_refused() {
        for text in [
            "weekly",
            "every-2-from-2026-W48",
            "every-4-from-2027-W01",
            "monthly-3-friday",
            "monthly-last-thursday",
        ] {
            assert_eq!(text.parse::<Rhythm>().unwrap().to_string(), text);
        }
        assert_eq!(Rhythm::every(1, week("2026-W48")).unwrap(), Rhythm::Weekly);
        assert!(Rhythm::every(5, week("2026-W48")).is_err());
        assert!(Rhythm::every(0, week("2026-W48")).is_err());
        for bad in [
            "fortnightly",
            "every-2-from-2026-W60",
            "monthly-5-monday",
            "monthly-1-someday",
            "monthly-x",
        ] {
            assert!(bad.parse::<Rhythm>().is_err(), "{bad}");
        }
        assert_eq!(
            parse_monthly("2-thursday").unwrap().describe(),
            "the second Thursday of the month"
        );
        assert_eq!(
            parse_monthly("last-thursday").unwrap().describe(),
            "the last Thursday of the month"
        );
    }

    #[test]
    fn the_last_weekday_is_the_fourth_or_the_fifth_and_crosses_year_ends() {
        let last_thursday = parse_monthly("last-thursday").unwrap();
        let cases = [
            ("2026-W48", true),  // 26 November 2026: the fourth Thursday and the last
            ("2026-W49", false), // 3 December
            ("2026-W52", false), // 24 December: the fourth, and not the last
            ("2026-W53", true),  // 31 December: the fifth
            ("2027-W04", true),  // 28 January 2027
            ("2027-W08", true),  // 25 February 2027
        ];
        for (name, expected) in cases {
            assert_eq!(last_thursday.includes(week(name)), expected, "{name}");
        }
        let weeks_in_2027 = (1..=52)
            .filter(|&n| last_thursday.includes(Week::from_iso(2027, n).unwrap()))
            .count();
        assert_eq!(weeks_in_2027, 12, "once a month");
    }
}
