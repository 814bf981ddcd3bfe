//! A clock for end-to-end tests only: "now" is whatever instant a file holds, so a test can move
//! the running app's time by rewriting the file. Users never set it; the README does not name it.

use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use mooring_core::clock::{parse_instant, resolve_local};
use mooring_core::Clock;

/// The environment variable naming the file that holds the test clock's instant.
pub const TEST_CLOCK_VARIABLE: &str = "MOORING_TEST_CLOCK";

/// A clock that reads its instant, with the local UTC offset, from a file at every call.
pub struct FileClock {
    path: PathBuf,
    last: Mutex<DateTime<FixedOffset>>,
}

impl FileClock {
    /// A clock reading `path`, which must hold an RFC 3339 instant now.
    pub fn new(path: PathBuf) -> Result<Self, String> {
        let now = read(&path)?;
        Ok(FileClock {
            path,
            last: Mutex::new(now),
        })
    }
}

fn read(path: &std::path::Path) -> Result<DateTime<FixedOffset>, String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    parse_instant(&text).map_err(|err| err.to_string())
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<FixedOffset> {
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A file caught half-written keeps the previous instant.
        if let Ok(now) = read(&self.path) {
            *last = now;
        }
        *last
    }

    fn to_local(&self, instant: DateTime<Utc>) -> DateTime<FixedOffset> {
        instant.with_timezone(self.now().offset())
    }

    fn instant_of_local(&self, local: NaiveDateTime) -> DateTime<FixedOffset> {
        resolve_local(self.now().offset(), local)
    }
}
