//! The state every command shares: the open store, the clock, and what unlocks the data.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

use chrono::{DateTime, FixedOffset};
use mooring_core::{Access, Clock, CredentialStore, Secret, Store};

use crate::error::CommandError;

/// The app's managed state.
pub struct AppState {
    /// The store, or why it could not be opened; every command then reports that reason. A
    /// damaged store is replaced by the recovery commands.
    store: Mutex<Result<Store, CommandError>>,
    clock: Arc<dyn Clock>,
    data_dir: Option<PathBuf>,
    /// The credential store the key is kept in, unless the user keeps it behind a passphrase.
    credentials: Arc<dyn CredentialStore>,
    /// The passphrase that opened the data, to open it again after a repair.
    passphrase: Mutex<Option<Secret>>,
    /// The app lock: whether the window is locked, and when it was last used.
    window: Mutex<WindowLock>,
    /// The store being opened at launch on its own thread, while the window toolkit starts;
    /// the first use of the store or of the app lock waits for it (see [`AppState::settle`]).
    opening: Mutex<Option<JoinHandle<Opened>>>,
}

/// What opening the store at launch found.
struct Opened {
    store: Result<Store, CommandError>,
    /// Whether the app lock is on, so that the window opens locked.
    app_lock: bool,
}

/// The app lock's view of the window.
struct WindowLock {
    /// Locked: the window shows only the lock screen, and notifications stay neutral.
    locked: bool,
    /// Whether it locked itself for lack of use (rather than at start).
    idle: bool,
    /// When the user last used the window.
    last_used: DateTime<FixedOffset>,
}

impl AppState {
    /// Starts opening the store in `data_dir`, its key from `credentials`, on its own thread:
    /// the keyring, the key and the checks of the file take no time from the window's start.
    /// Failure is kept, not fatal, so the window can explain it: data kept behind a passphrase
    /// waits, locked, for it.
    pub fn open(
        data_dir: &Path,
        clock: Arc<dyn Clock>,
        credentials: Arc<dyn CredentialStore>,
    ) -> Self {
        let clock_now = clock.now();
        let state = AppState {
            store: Mutex::new(Err(not_open_yet())),
            clock: clock.clone(),
            data_dir: Some(data_dir.to_owned()),
            credentials: credentials.clone(),
            passphrase: Mutex::new(None),
            window: Mutex::new(WindowLock {
                locked: false,
                idle: false,
                last_used: clock_now,
            }),
            opening: Mutex::new(None),
        };
        let data_dir = data_dir.to_owned();
        let opening = std::thread::Builder::new()
            .name("mooring-open".into())
            .spawn(move || open_store(&data_dir, clock.as_ref(), credentials.as_ref()));
        match opening {
            Ok(handle) => *lock(&state.opening) = Some(handle),
            // No thread to be had: open it here, as the first use would wait for it anyway.
            Err(_) => {
                let data_dir = state.data_dir.clone().unwrap_or_default();
                state.opened(open_store(
                    &data_dir,
                    state.clock(),
                    state.credentials.as_ref(),
                ));
            }
        }
        state
    }

    /// A state without a store, whose commands all report `err`.
    pub fn unavailable(
        err: mooring_core::Error,
        clock: Arc<dyn Clock>,
        credentials: Arc<dyn CredentialStore>,
    ) -> Self {
        eprintln!("mooring: {err}");
        let last_used = clock.now();
        AppState {
            store: Mutex::new(Err(err.into())),
            clock,
            data_dir: None,
            credentials,
            passphrase: Mutex::new(None),
            window: Mutex::new(WindowLock {
                locked: false,
                idle: false,
                last_used,
            }),
            opening: Mutex::new(None),
        }
    }

    /// Opens the data while it is locked or waiting for a passphrase: with `passphrase` (which
    /// also keeps new data behind it) or with `recovery_key`. The open store stays open.
    pub fn unlock(
        &self,
        passphrase: Option<Secret>,
        recovery_key: Option<Secret>,
    ) -> Result<(), CommandError> {
        let mut slot = self.slot();
        match &*slot {
            Ok(store) => {
                // Open data behind the app lock: the passphrase unlocks the window.
                let mut window = self.window();
                if window.locked {
                    match (recovery_key, passphrase) {
                        // The recovery key opens it too, and may come with a new passphrase.
                        (Some(recovery_key), new_passphrase) => {
                            let data_dir = self.data_dir.as_deref().unwrap_or(Path::new("."));
                            mooring_core::keys::check_recovery_key(data_dir, &recovery_key)?;
                            if let Some(new_passphrase) = new_passphrase {
                                store.set_passphrase(&new_passphrase)?;
                            }
                        }
                        (None, Some(passphrase)) => store.verify_passphrase(&passphrase)?,
                        (None, None) => {
                            return Err(CommandError {
                                code: "locked",
                                message: "Enter your passphrase to open Mooring.".into(),
                                flags: Vec::new(),
                            })
                        }
                    }
                    *window = WindowLock {
                        locked: false,
                        idle: false,
                        last_used: self.clock.now(),
                    };
                }
                return Ok(());
            }
            Err(err) if matches!(err.code, "locked" | "needs-passphrase") => {}
            Err(err) => return Err(err.clone()),
        }
        let data_dir = self.data_dir.as_deref().ok_or(CommandError {
            code: "no-data-dir",
            message: "No data folder is known for this account.".into(),
            flags: Vec::new(),
        })?;
        let access = Access {
            credentials: self.credentials.as_ref(),
            passphrase: passphrase.clone(),
            recovery_key,
        };
        match Store::open_in(data_dir, &access, self.clock.as_ref()) {
            Ok(store) => {
                *lock(&self.passphrase) = passphrase;
                *slot = Ok(store);
                Ok(())
            }
            Err(err) => {
                let err = CommandError::from(err);
                // A passphrase too short changes nothing; anything else is how the data stands.
                if err.code != "invalid-input" {
                    *slot = Err(err.clone());
                }
                Err(err)
            }
        }
    }

    /// Whether the data is "open", "locked", or waiting for a first passphrase
    /// ("needs-passphrase"), and why when it is not open.
    pub fn lock_state(&self) -> (&'static str, Option<String>) {
        // Read apart: the store is never locked while the window's lock is held.
        let (locked, idle) = {
            let window = self.window();
            (window.locked, window.idle)
        };
        if locked && self.slot().is_ok() {
            let why = if idle {
                "Mooring locked itself while you were away. Enter your passphrase to open it."
            } else {
                "Enter your passphrase to open Mooring."
            };
            return ("locked", Some(why.into()));
        }
        match &*self.slot() {
            Err(err) if matches!(err.code, "locked" | "needs-passphrase") => {
                (err.code, Some(err.message.clone()))
            }
            // Damaged data is the recovery screen's to explain.
            _ => ("open", None),
        }
    }

    /// Deletes all of the user's data, backups and key (see `Store::delete_all_data`), then
    /// starts a new, empty Mooring as on a first start.
    pub fn delete_all_data(&self) -> Result<(), CommandError> {
        {
            let mut slot = self.slot();
            if self.window().locked {
                return Err(CommandError {
                    code: "locked",
                    message: "Mooring is locked. Enter your passphrase to open it.".into(),
                    flags: Vec::new(),
                });
            }
            let taken = std::mem::replace(&mut *slot, Err(not_open_yet()));
            let store = taken?;
            store.delete_all_data(self.credentials.as_ref())?;
            *lock(&self.passphrase) = None;
        }
        match self.unlock(None, None) {
            // Without a keyring, the window asks for a passphrase for the new data.
            Err(err) if err.code == "needs-passphrase" => Ok(()),
            other => other,
        }
    }

    /// Changes the key the data is encrypted with (see `Store::change_key`); `passphrase` is
    /// the new one for data kept behind a passphrase, or the app lock's.
    pub fn change_key(&self, passphrase: Option<Secret>) -> Result<(), CommandError> {
        self.with_store(|store, clock| {
            store.change_key(passphrase.as_ref(), self.credentials.as_ref(), clock)
        })?;
        if passphrase.is_some() {
            *lock(&self.passphrase) = passphrase;
        }
        Ok(())
    }

    /// Whether the app lock holds the window.
    pub fn window_locked(&self) -> bool {
        self.window().locked
    }

    /// Records that the user used the window now, which puts the idle lock off.
    pub fn touch(&self) {
        let mut window = self.window();
        if !window.locked {
            window.last_used = self.clock.now();
        }
    }

    /// Locks the window if the app lock is on and it has not been used for the minutes the
    /// settings give; returns whether it locked now, and when it will lock next otherwise.
    pub fn lock_if_idle(&self) -> (bool, Option<DateTime<FixedOffset>>) {
        let settings = self.in_background(|store, _| store.settings()).ok();
        let Some(settings) = settings.filter(|settings| settings.app_lock) else {
            return (false, None);
        };
        let mut window = self.window();
        if window.locked {
            return (false, None);
        }
        let due =
            window.last_used + chrono::Duration::minutes(i64::from(settings.lock_after_minutes));
        if self.clock.now() >= due {
            window.locked = true;
            window.idle = true;
            (true, None)
        } else {
            (false, Some(due))
        }
    }

    /// What opens the data again: the credential store and the passphrase given at unlock.
    pub fn access(&self) -> Access<'_> {
        Access {
            credentials: self.credentials.as_ref(),
            passphrase: lock(&self.passphrase).clone(),
            recovery_key: None,
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
        if self.window().locked {
            return Err(CommandError {
                code: "locked",
                message: "Mooring is locked. Enter your passphrase to open it.".into(),
                flags: Vec::new(),
            });
        }
        self.in_background(work)
    }

    /// Like [`AppState::with_store`], even while the app lock holds the window: for the
    /// scheduler and the tray, which keep working and show nothing of the data.
    pub fn in_background<T>(
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
        recover: impl FnOnce(&Path, &Access, &dyn Clock) -> mooring_core::Result<Store>,
    ) -> Result<(), CommandError> {
        let mut slot = self.slot();
        match &*slot {
            Err(err) if err.code == "corrupt" => {}
            _ => {
                return Err(CommandError {
                    code: "not-damaged",
                    message: "Mooring's data is not damaged; there is nothing to recover.".into(),
                    flags: Vec::new(),
                })
            }
        }
        let data_dir = self.data_dir.as_deref().ok_or(CommandError {
            code: "no-data-dir",
            message: "No data folder is known for this account.".into(),
            flags: Vec::new(),
        })?;
        *slot = Ok(recover(data_dir, &self.access(), self.clock.as_ref())?);
        Ok(())
    }

    /// The store's slot, locked, once the store opened at launch is there. A panic in an
    /// earlier command cannot leave SQLite half-written: its transaction rolled back when its
    /// statement was dropped.
    fn slot(&self) -> MutexGuard<'_, Result<Store, CommandError>> {
        self.settle();
        lock(&self.store)
    }

    /// The app lock's view of the window, locked, once the store opened at launch is there
    /// (it says whether the app lock is on).
    fn window(&self) -> MutexGuard<'_, WindowLock> {
        self.settle();
        lock(&self.window)
    }

    /// Waits, the first time only, for the store being opened at launch, and puts it in place.
    /// The caller holds neither the store's lock nor the window's: only the first use ever
    /// waits, and it comes before any other lock is taken.
    fn settle(&self) {
        let mut opening = lock(&self.opening);
        if let Some(handle) = opening.take() {
            self.opened(handle.join().unwrap_or_else(|_| Opened {
                store: Err(CommandError {
                    code: "database",
                    message: "Mooring could not open its data. Quit and start it again.".into(),
                    flags: Vec::new(),
                }),
                app_lock: false,
            }));
        }
    }

    /// Puts the store opened at launch in place; with the app lock on, the window opens
    /// locked even when the key needed no passphrase.
    fn opened(&self, opened: Opened) {
        *lock(&self.store) = opened.store;
        lock(&self.window).locked = opened.app_lock;
    }
}

/// Why there is no store before the data is first opened.
fn not_open_yet() -> CommandError {
    CommandError {
        code: "locked",
        message: "Mooring's data is not open yet.".into(),
        flags: Vec::new(),
    }
}

/// Opens the store in `data_dir`, and reads whether the app lock is on.
fn open_store(data_dir: &Path, clock: &dyn Clock, credentials: &dyn CredentialStore) -> Opened {
    let access = Access {
        credentials,
        passphrase: None,
        recovery_key: None,
    };
    let opened = match Store::open_in(data_dir, &access, clock) {
        Ok(store) => match store.settings() {
            Ok(settings) => Opened {
                app_lock: settings.app_lock,
                store: Ok(store),
            },
            // Damaged where the settings are: the window offers recovery.
            Err(err @ mooring_core::Error::Corrupt(_)) => Opened {
                store: Err(err.into()),
                app_lock: false,
            },
            Err(_) => Opened {
                store: Ok(store),
                app_lock: false,
            },
        },
        Err(err) => {
            let err = CommandError::from(err);
            if !matches!(err.code, "locked" | "needs-passphrase") {
                eprintln!(
                    "mooring: could not open the data in {}: {}",
                    data_dir.display(),
                    err.message
                );
            }
            Opened {
                store: Err(err),
                app_lock: false,
            }
        }
    };
    crate::startup::stage("store opened");
    opened
}

/// Locks `mutex`, whatever a panic elsewhere left in it: it holds plain values.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
