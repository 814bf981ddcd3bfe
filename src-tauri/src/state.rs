//! The state every command shares: the open store and the clock.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use mooring_core::{Clock, Store};

use crate::error::CommandError;

/// The app's managed state.
pub struct AppState {
    /// The store, or why it could not be opened; every command then reports that reason. A
    /// damaged store is replaced by the recovery commands.
    store: Mutex<Result<Store, CommandError>>,
    clock: Arc<dyn Clock>,
    data_dir: Option<PathBuf>,
}

impl AppState {
    /// Opens the store in `data_dir`. Failure is kept, not fatal, so the window can explain it.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Self {
        let store = Store::open_in(data_dir, clock.as_ref()).map_err(|err| {
            eprintln!(
                "mooring: could not open the data in {}: {err}",
                data_dir.display()
            );
            CommandError::from(err)
        });
        AppState {
            store: Mutex::new(store),
            clock,
            data_dir: Some(data_dir.to_owned()),
        }
    }

    /// A state without a store, whose commands all report `err`.
    pub fn unavailable(err: mooring_core::Error, clock: Arc<dyn Clock>) -> Self {
        eprintln!("mooring: {err}");
        AppState {
            store: Mutex::new(Err(err.into())),
            clock,
            data_dir: None,
        }
    }

    /// The data folder, if one was found.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone()
    }

    /// The clock every command reads.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Runs `work` with exclusive access to the store and the clock.
    ///
    /// When `work` finds the data damaged, the store is closed and every later command reports
    /// it, so that the window can offer recovery instead of writing into a damaged file.
    pub fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store, &dyn Clock) -> mooring_core::Result<T>,
    ) -> Result<T, CommandError> {
        let mut slot = self.slot();
        let store = slot.as_mut().map_err(|err| err.clone())?;
        match work(store, self.clock.as_ref()) {
            Ok(value) => Ok(value),
            Err(err @ mooring_core::Error::Corrupt(_)) => {
                let err = CommandError::from(err);
                *slot = Err(err.clone());
                Err(err)
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Whether the store is closed because its file is damaged.
    pub fn is_damaged(&self) -> bool {
        matches!(&*self.slot(), Err(err) if err.code == "corrupt")
    }

    /// Replaces a damaged store with the one `recover` opens in the data folder. Refused while
    /// the store is healthy, so that recovery can never set good data aside.
    pub fn recover(
        &self,
        recover: impl FnOnce(&Path, &dyn Clock) -> mooring_core::Result<Store>,
    ) -> Result<(), CommandError> {
        let mut slot = self.slot();
        match &*slot {
            Err(err) if err.code == "corrupt" => {}
            _ => {
                return Err(CommandError {
                    code: "not-damaged",
                    message: "Mooring's data is not damaged; there is nothing to recover.".into(),
                })
            }
        }
        let data_dir = self.data_dir.as_deref().ok_or(CommandError {
            code: "no-data-dir",
            message: "No data folder is known for this account.".into(),
        })?;
        *slot = Ok(recover(data_dir, self.clock.as_ref())?);
        Ok(())
    }

    /// The store's slot, locked. A panic in an earlier command cannot leave SQLite
    /// half-written: its transaction rolled back when its statement was dropped.
    fn slot(&self) -> MutexGuard<'_, Result<Store, CommandError>> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
