//! The state every command shares: the open store and the clock.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mooring_core::{Clock, Store};

use crate::error::CommandError;

/// The app's managed state.
pub struct AppState {
    /// The store, or why it could not be opened; every command then reports that reason.
    store: Result<Mutex<Store>, CommandError>,
    clock: Arc<dyn Clock>,
    data_dir: Option<PathBuf>,
}

impl AppState {
    /// Opens the store in `data_dir`. Failure is kept, not fatal, so the window can explain it.
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Self {
        let store = Store::open_in(data_dir, clock.as_ref())
            .map(Mutex::new)
            .map_err(|err| {
                eprintln!(
                    "mooring: could not open the data in {}: {err}",
                    data_dir.display()
                );
                CommandError::from(err)
            });
        AppState {
            store,
            clock,
            data_dir: Some(data_dir.to_owned()),
        }
    }

    /// A state without a store, whose commands all report `err`.
    pub fn unavailable(err: mooring_core::Error, clock: Arc<dyn Clock>) -> Self {
        eprintln!("mooring: {err}");
        AppState {
            store: Err(err.into()),
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
    pub fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store, &dyn Clock) -> mooring_core::Result<T>,
    ) -> Result<T, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic in an earlier command cannot leave SQLite half-written: its transaction rolled
        // back when the connection's statement was dropped, so the store is still usable.
        let mut store = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(work(&mut store, self.clock.as_ref())?)
    }
}
