//! Where "now" comes from. Logic never reads the system time itself; it asks a [`Clock`],
//! so every rule can be tested at any instant.

use std::sync::RwLock;

use chrono::offset::LocalResult;
use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
/// A real time zone, such as `Europe/London`.
pub use chrono_tz::Tz;

use crate::error::{Error, Result};
use crate::week::Week;

/// A source of the current instant and of the user's local time zone.
pub trait Clock: Send + Sync {
    /// The current instant, with the user's local UTC offset.
    fn now(&self) -> DateTime<FixedOffset>;

    /// `instant` as the user's local wall-clock time.
    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset>;

    /// The instant of a local wall-clock time; a time skipped by a daylight-saving change
    /// is read as the first instant after the gap, and a repeated time as its first occurrence.
    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset>;

    /// Today in the user's local calendar.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// The ISO week that contains today.
    fn this_week(&self) -> Week {
        Week::containing(self.today())
    }

    /// The user's local calendar date of `instant`.
    fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        self.to_local(instant).date_naive()
    }
}

/// The operating system's clock and time zone.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }

    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(&Local).fixed_offset()
    }

    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        resolve_local(&Local, local)
    }
}

/// `local` in `zone`: the first occurrence of a repeated time, the end of a skipped one.
pub fn resolve_local<Z: TimeZone>(zone: &Z, local: NaiveDateTime) -> DateTime<FixedOffset> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.fixed_offset(),
        // In a gap (clocks went forward): the same wall time an hour on is just past it.
        LocalResult::None => match zone.from_local_datetime(&(local + Duration::hours(1))) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => {
                (at - Duration::hours(1)).fixed_offset()
            }
            LocalResult::None => zone.from_utc_datetime(&local).fixed_offset(),
        },
    }
}

/// A clock pinned to one instant, which tests may move; local time uses the pinned offset.
#[derive(Debug)]
pub struct FixedClock {
    now: RwLock<DateTime<FixedOffset>>,
}

impl FixedClock {
    /// A clock that always answers `now`.
    pub fn new(now: DateTime<FixedOffset>) -> Self {
        FixedClock {
            now: RwLock::new(now),
        }
    }

    /// A clock pinned to an RFC 3339 instant such as `2026-11-23T09:00:00+01:00`.
    pub fn parse(instant: &str) -> Result<Self> {
        Ok(FixedClock::new(parse_instant(instant)?))
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<FixedOffset>) {
        *self
            .now
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let now = self.now();
        self.set(now + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        *self
            .now
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(self.now().offset())
    }

    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        resolve_local(self.now().offset(), local)
    }
}

/// A clock pinned to one instant, which may be moved, whose local time is a real time zone's:
/// days and weeks turn as the user's own clock does, across daylight-saving changes.
#[derive(Debug)]
pub struct ZonedClock {
    zone: Tz,
    now: RwLock<DateTime<Utc>>,
}

impl ZonedClock {
    /// A clock at `now` whose local time is `zone`'s.
    pub fn new(zone: Tz, now: DateTime<Utc>) -> Self {
        ZonedClock {
            zone,
            now: RwLock::new(now),
        }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        *self
            .now
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = now;
    }

    /// Moves the clock to the wall-clock time `local` in its zone.
    pub fn set_local(&self, local: NaiveDateTime) {
        self.set(resolve_local(&self.zone, local).with_timezone(&Utc));
    }
}

impl Clock for ZonedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        let now = *self
            .now
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.to_local(now)
    }

    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(&self.zone).fixed_offset()
    }

    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        resolve_local(&self.zone, local)
    }
}

/// Parses a time zone by its IANA name, such as `Europe/London`.
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim().parse().map_err(|_| {
        Error::Invalid(format!(
            "\"{name}\" is not a time zone. Name one like Europe/London or America/New_York."
        ))
    })
}

/// Parses an RFC 3339 instant with its UTC offset, as the command line and tests write them.
pub fn parse_instant(text: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| Error::InvalidInstant(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_answers_and_moves() {
        let clock = FixedClock::parse("2026-11-23T09:00:00+01:00").unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2026-11-23T09:00:00+01:00");
        clock.advance(Duration::hours(15));
        assert_eq!(clock.now().to_rfc3339(), "2026-11-24T00:00:00+01:00");
        let utc = parse_instant("2026-11-24T22:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            clock.to_local(utc).to_rfc3339(),
            "2026-11-24T23:30:00+01:00"
        );
    }

    #[test]
    fn a_zoned_clock_turns_its_days_and_weeks_across_a_daylight_saving_change() {
        // 29 March 2026: London moves from GMT to BST at 01:00.
        let london = parse_zone("Europe/London").unwrap();
        let clock = ZonedClock::new(
            london,
            parse_instant("2026-03-29T23:30:00Z").unwrap().into(),
        );
        assert_eq!(clock.now().to_rfc3339(), "2026-03-30T00:30:00+01:00");
        assert_eq!(clock.this_week().to_string(), "2026-W14");
        clock.set_local(
            NaiveDateTime::parse_from_str("2026-03-28 23:30", "%Y-%m-%d %H:%M").unwrap(),
        );
        assert_eq!(clock.now().to_rfc3339(), "2026-03-28T23:30:00+00:00");
        assert_eq!(clock.this_week().to_string(), "2026-W13");
        assert_eq!(
            parse_zone("Europe/Lodnon").unwrap_err().code(),
            "invalid-input"
        );
    }

    #[test]
    fn instants_need_an_offset() {
        assert_eq!(
            parse_instant("2026-11-23T09:00:00").unwrap_err().code(),
            "invalid-instant"
        );
        assert_eq!(
            parse_instant("yesterday").unwrap_err().code(),
            "invalid-instant"
        );
    }
}
