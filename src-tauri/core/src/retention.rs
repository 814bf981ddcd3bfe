//! Retention: the text of notes, reflections and consultation records older than the user's
//! limit is erased. The events stay (contacts, ticks, the day and kind of a consultation), so
//! that Trends and the nudges keep working.

use chrono::{DateTime, FixedOffset, Months, NaiveDate};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::Week;

/// The longest the user can choose to keep notes, in months; beyond it, keep them for good.
pub const MAX_KEEP_NOTES_MONTHS: u32 = 120;

impl Store {
    /// Erases the text of contact notes, checklist reflections and consultation records older
    /// than the months the
    /// settings keep them, in one transaction; returns how many texts were erased. With no
    /// limit set, nothing is erased.
    ///
    /// The erased text is overwritten in the file (`secure_delete`), and the WAL is
    /// checkpointed and truncated so that no old page keeps it there either. Backups made
    /// before the limit hold that text, and are deleted.
    pub fn erase_old_notes(&mut self, clock: &dyn Clock) -> Result<usize> {
        let Some(cutoff) = self.keep_notes_from(clock)? else {
            return Ok(0);
        };
        let cutoff_week = Week::containing(cutoff.date_naive());
        let tx = self.conn_mut().transaction()?;
        let erased = crate::contact::erase_notes_before(&tx, cutoff)?
            + crate::checklist::erase_notes_before(&tx, cutoff_week)?
            + crate::consultation::erase_texts_before(&tx, cutoff.date_naive())?;
        tx.commit()?;
        if erased > 0 {
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        // Backups older than that hold the erased text: they go too.
        if self.path().is_some() {
            crate::backup::remove_backups_before(self, cutoff.with_timezone(&chrono::Utc))?;
        }
        Ok(erased)
    }

    /// Erases at once what was just written with a day older than notes are kept, so that a
    /// note typed in with an old date never stays.
    pub(crate) fn erase_if_past_keeping(
        &mut self,
        day: NaiveDate,
        clock: &dyn Clock,
    ) -> Result<()> {
        if self
            .keep_notes_from(clock)?
            .is_some_and(|cutoff| day < cutoff.date_naive())
        {
            self.erase_old_notes(clock)?;
        }
        Ok(())
    }

    /// The instant before which notes are erased, or `None` when they are kept for good.
    fn keep_notes_from(&self, clock: &dyn Clock) -> Result<Option<DateTime<FixedOffset>>> {
        let Some(months) = self.settings()?.keep_notes_months else {
            return Ok(None);
        };
        clock
            .now()
            .checked_sub_months(Months::new(months))
            .map(Some)
            .ok_or_else(|| Error::Invalid("That retention reaches before any date.".into()))
    }
}
