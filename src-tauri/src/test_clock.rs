//! A clock for end-to-end tests only: "now" is whatever instant a file holds, so a test can move
//! the running app's time by rewriting the file. The instant may be followed by a time zone
//! (`2026-03-30T00:30:00+01:00 Europe/London`), which then decides local days and weeks as the
//! user's machine would. Users never set it; the README does not name it.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use mooring_core::clock::{parse_instant, parse_zone, resolve_local, Tz};
use mooring_core::Clock;

/// The environment variable naming the file that holds the test clock's instant.
pub const TEST_CLOCK_VARIABLE: &str = "MOORING_TEST_CLOCK";

/// A clock that reads its instant, with the local UTC offset or a time zone, from a file at
/// every call.
pub struct FileClock {
    path: PathBuf,
    last: Mutex<Reading>,
}

/// What the file says: the instant, and the zone local time is in, if it names one.
#[derive(Clone, Copy)]
struct Reading {
    now: DateTime<FixedOffset>,
    zone: Option<Tz>,
}

impl Reading {
    fn to_local(self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        match self.zone {
            Some(zone) => instant.with_timezone(&zone).fixed_offset(),
            None => instant.with_timezone(self.now.offset()),
        }
    }
}

impl FileClock {
    /// A clock reading `path`, which must hold an RFC 3339 instant now.
    pub fn new(path: PathBuf) -> Result<Self, String> {
        let reading = read(&path)?;
        Ok(FileClock {
            path,
            last: Mutex::new(reading),
        })
    }

    /// What the file says now; a file caught half-written keeps the previous reading.
    fn reading(&self) -> Reading {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Ok(reading) = read(&self.path) {
            *last = reading;
        }
        *last
    }
}

fn read(path: &std::path::Path) -> Result<Reading, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    parse(&text)
}

/// `2026-03-30T00:30:00+01:00`, or the same followed by a zone such as `Europe/London`.
fn parse(text: &str) -> Result<Reading, String> {
    let mut words = text.split_whitespace();
    let now = parse_instant(words.next().unwrap_or_default()).map_err(|err| err.to_string())?;
    let zone = words
        .next()
        .map(parse_zone)
        .transpose()
        .map_err(|err| err.to_string())?;
    let reading = Reading { now, zone };
    // The instant is shown with the zone's own offset, as the user's machine would show it.
    Ok(Reading {
        now: reading.to_local(now.to_utc()),
        ..reading
    })
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.reading().now
    }

    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        self.reading().to_local(instant)
    }

    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        let reading = self.reading();
        match reading.zone {
            Some(zone) => resolve_local(&zone, local),
            None => resolve_local(reading.now.offset(), local),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_may_name_a_zone_that_then_decides_local_days() {
        let plain = parse("2026-03-29T23:30:00+00:00\n").unwrap();
        assert_eq!(plain.now.to_rfc3339(), "2026-03-29T23:30:00+00:00");
        let london = parse("2026-03-29T23:30:00+00:00 Europe/London").unwrap();
        assert_eq!(london.now.to_rfc3339(), "2026-03-30T00:30:00+01:00");
        // Before the change, London is on GMT.
        let winter = parse("2026-03-28T23:30:00+00:00 Europe/London").unwrap();
        assert_eq!(
            winter.to_local(winter.now.to_utc()).to_rfc3339(),
            "2026-03-28T23:30:00+00:00"
        );
        assert!(parse("2026-03-29T23:30:00+00:00 Mars/Olympus").is_err());
    }
}
