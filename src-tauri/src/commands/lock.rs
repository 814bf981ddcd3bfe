//! The commands of the lock screen (whether the data is open, unlocking it with the passphrase
//! or the recovery key) and of the recovery key, shown on Home until the user has saved it.

use mooring_core::{KeyStorage, Secret};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

use super::{wake_scheduler, Answer};
use crate::error::CommandError;
use crate::pick::{pick, Pick};
use crate::state::AppState;

/// How the data stands, for the window to show the lock screen or Home.
#[derive(Debug, Serialize)]
pub struct LockState {
    /// "open", "locked" (the passphrase or the recovery key is needed) or "needs-passphrase"
    /// (no credential store here: the user chooses a passphrase for new data).
    pub state: &'static str,
    /// Why it is locked, in a sentence.
    pub message: Option<String>,
    /// Where the key is kept, once the data is open.
    pub key_storage: Option<KeyStorage>,
    /// The recovery key, until the user says it is saved.
    pub recovery_key: Option<String>,
    /// Whether a passphrase is set: the data's own, or the app lock's.
    pub passphrase_set: bool,
}

/// Whether the data is open, and the recovery key while it is not saved.
#[tauri::command(async)]
pub fn get_lock(state: State<'_, AppState>) -> Answer<LockState> {
    Ok(lock_state(&state))
}

/// Opens the data with `passphrase` (which keeps new data behind it) or `recovery_key`; with
/// both, the recovery key opens it and the passphrase keeps it from then on.
#[tauri::command(async)]
pub fn unlock<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: Option<String>,
    recovery_key: Option<String>,
) -> Answer<LockState> {
    let secret = |text: Option<String>| text.filter(|text| !text.is_empty()).map(Secret::new);
    state.unlock(secret(passphrase), secret(recovery_key))?;
    wake_scheduler(&app);
    Ok(lock_state(&state))
}

/// The user is using the window: the app lock's idle time starts again.
#[tauri::command(async)]
pub fn touch(state: State<'_, AppState>) -> Answer<()> {
    state.touch();
    Ok(())
}

/// Turns the app lock on or off; on, `passphrase` sets the passphrase it asks for when none is
/// set yet. Returns the settings as they then stand.
#[tauri::command(async)]
pub fn set_app_lock<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on: bool,
    passphrase: Option<String>,
) -> Answer<mooring_core::Settings> {
    let passphrase = passphrase.filter(|text| !text.is_empty()).map(Secret::new);
    let settings = state.with_store(|store, _| store.set_app_lock(on, passphrase.as_ref()))?;
    // The idle lock counts from now.
    state.touch();
    wake_scheduler(&app);
    Ok(settings)
}

/// Deletes all of the user's data, its backups and its key, once the user has typed
/// `confirmation` ("delete my data"), and the start-at-login entry; Mooring then starts again,
/// empty.
#[tauri::command(async)]
pub fn delete_all_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    confirmation: String,
) -> Answer<LockState> {
    if !confirmation
        .trim()
        .eq_ignore_ascii_case(DELETE_CONFIRMATION)
    {
        return Err(CommandError {
            code: "invalid-input",
            message: format!("Type “{DELETE_CONFIRMATION}” to confirm; nothing was deleted."),
            flags: Vec::new(),
        });
    }
    state.delete_all_data()?;
    // Nothing of Mooring's stays behind, not even its line in the session's start-up list.
    if let Some(autostart) = app.try_state::<tauri_plugin_autostart::AutoLaunchManager>() {
        if autostart.is_enabled().unwrap_or(false) {
            let _ = autostart.disable();
        }
    }
    wake_scheduler(&app);
    Ok(lock_state(&state))
}

/// Encrypts the data and its backups with a new key, after a backup: for data kept behind a
/// passphrase, `passphrase` is the new one; for data in the keyring, the app lock's when it is
/// on. The new recovery key is then shown on Home until saved.
#[tauri::command(async)]
pub fn change_key(state: State<'_, AppState>, passphrase: Option<String>) -> Answer<LockState> {
    let passphrase = passphrase.filter(|text| !text.is_empty()).map(Secret::new);
    state.change_key(passphrase)?;
    Ok(lock_state(&state))
}

/// What the user types to confirm deleting all of their data.
const DELETE_CONFIRMATION: &str = "delete my data";

/// The user has saved the recovery key: it is not shown again.
#[tauri::command(async)]
pub fn recovery_key_saved(state: State<'_, AppState>) -> Answer<()> {
    state.with_store(|store, _| store.mark_recovery_key_saved())
}

/// Writes the recovery key into a new file the user picks; returns its path, or nothing when
/// the user cancelled.
#[tauri::command(async)]
pub fn save_recovery_key<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<String>> {
    let Some(path) = pick(
        &app,
        "Save Mooring's recovery key",
        Pick::Save {
            file_name: "mooring-recovery-key.txt",
            extension: "txt",
        },
    )?
    else {
        return Ok(None);
    };
    state.with_store(|store, _| store.write_recovery_key(&path))?;
    Ok(Some(path.display().to_string()))
}

/// The lock state as the window receives it.
pub(crate) fn lock_state(state: &AppState) -> LockState {
    let (name, message) = state.lock_state();
    let open = state
        .with_store(|store, _| {
            Ok((
                store.key_storage(),
                store.unsaved_recovery_key()?,
                store.has_passphrase()?,
            ))
        })
        .ok();
    let (key_storage, recovery_key, passphrase_set) = open.unwrap_or_default();
    LockState {
        state: name,
        message,
        key_storage,
        recovery_key: recovery_key.map(|key| key.expose().to_owned()),
        passphrase_set,
    }
}
