//! ISO weeks, Monday to Sunday, named like `2026-W48`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// One ISO 8601 week: Monday to Sunday, in the user's local calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    monday: NaiveDate,
}

impl Week {
    /// The week that contains `date`.
    pub fn containing(date: NaiveDate) -> Self {
        let back = date.weekday().num_days_from_monday();
        Week {
            monday: date - Days::new(u64::from(back)),
        }
    }

    /// The week with ISO week-numbering `year` and `number`, if that week exists.
    pub fn from_iso(year: i32, number: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, number, Weekday::Mon).map(|monday| Week { monday })
    }

    /// The ISO week-numbering year, which differs from the calendar year around New Year.
    pub fn year(&self) -> i32 {
        self.monday.iso_week().year()
    }

    /// The week number within its ISO year, 1 to 53.
    pub fn number(&self) -> u32 {
        self.monday.iso_week().week()
    }

    /// The first day of the week.
    pub fn monday(&self) -> NaiveDate {
        self.monday
    }

    /// The last day of the week.
    pub fn sunday(&self) -> NaiveDate {
        self.monday + Days::new(6)
    }

    /// The seven days of the week, Monday first.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let monday = self.monday;
        (0..7).map(move |offset| monday + Days::new(offset))
    }

    /// Whether `date` falls in this week.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.monday..=self.sunday()).contains(&date)
    }

    /// The week after this one.
    pub fn next(&self) -> Self {
        Week {
            monday: self.monday + Days::new(7),
        }
    }

    /// The week before this one.
    pub fn previous(&self) -> Self {
        Week {
            monday: self.monday - Days::new(7),
        }
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-W{:02}", self.year(), self.number())
    }
}

impl FromStr for Week {
    type Err = Error;

    /// Parses exactly `YYYY-Www`, such as `2026-W48` or `2026-W53`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || Error::InvalidWeek(text.to_owned());
        let (year, number) = text.split_once("-W").ok_or_else(invalid)?;
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(number, 2) {
            return Err(invalid());
        }
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let number: u32 = number.parse().map_err(|_| invalid())?;
        Week::from_iso(year, number).ok_or_else(invalid)
    }
}

impl Serialize for Week {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_and_prints_round_trip() {
        for (text, monday, sunday) in [
            ("2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
            ("2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
            ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
            ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
            ("2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ] {
            let week: Week = text.parse().unwrap();
            assert_eq!(week.to_string(), text);
            assert_eq!(week.monday(), monday, "{text}");
            assert_eq!(week.sunday(), sunday, "{text}");
        }
    }

    #[test]
    fn week_53_exists_only_in_long_years() {
        assert!("2026-W53".parse::<Week>().is_ok());
        assert!("2025-W53".parse::<Week>().is_err());
        assert!("2027-W53".parse::<Week>().is_err());
    }

    #[test]
    fn turn_of_the_year_belongs_to_the_iso_year() {
        // 1 January 2027 is a Friday: it is in week 53 of ISO year 2026.
        assert_eq!(Week::containing(date(2027, 1, 1)).to_string(), "2026-W53");
        // 29 December 2025 is a Monday: it starts week 1 of ISO year 2026.
        assert_eq!(Week::containing(date(2025, 12, 29)).to_string(), "2026-W01");
        assert_eq!(Week::containing(date(2025, 12, 28)).to_string(), "2025-W52");
        let last = Week::containing(date(2026, 12, 31));
        assert_eq!(last.next().to_string(), "2027-W01");
        assert_eq!(last.next().previous(), last);
    }

    #[test]
    fn rejects_malformed_weeks() {
        for text in [
            "",
            "2026",
            "2026-48",
            "2026-W0",
            "2026-W00",
            "2026-W54",
            "2026-w48",
            "26-W48",
            "2026-W048",
            " 2026-W48",
            "2026-W4x",
        ] {
            let err = text.parse::<Week>().unwrap_err();
            assert_eq!(err.code(), "invalid-week", "{text:?}");
        }
    }

    #[test]
    fn knows_its_days() {
        let week: Week = "2026-W48".parse().unwrap();
        let days: Vec<_> = week.days().collect();
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].weekday(), Weekday::Mon);
        assert_eq!(days[6].weekday(), Weekday::Sun);
        assert!(week.contains(date(2026, 11, 29)));
        assert!(!week.contains(date(2026, 11, 30)));
        assert_eq!(Week::containing(date(2026, 11, 29)), week);
    }

    #[test]
    fn serializes_as_its_name() {
        let week: Week = "2026-W48".parse().unwrap();
        assert_eq!(serde_json::to_string(&week).unwrap(), "\"2026-W48\"");
        let back: Week = serde_json::from_str("\"2026-W48\"").unwrap();
        assert_eq!(back, week);
        assert!(serde_json::from_str::<Week>("\"2026-W99\"").is_err());
    }
}
