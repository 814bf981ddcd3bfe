//! The commands of Settings' Data section (backups, export, import) and of the recovery screen
//! the window shows instead of Home when the data file is damaged.

use std::path::PathBuf;

use mooring_core::backup::recovery;
use mooring_core::keys::{check_passphrase, Secret};
use mooring_core::store::DATABASE_FILE;
use mooring_core::transfer::{
    export_readable, read_export_with, write_encrypted_export, write_export,
};
use mooring_core::{BackupFile, DataFormat, ImportSummary, Store};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::{wake_scheduler, Answer};
use crate::error::CommandError;
use crate::pick::{pick, Pick};
use crate::state::AppState;

/// The backups and where they are, for the Data section.
#[derive(Debug, Serialize)]
pub struct Backups {
    /// The folder backups go to.
    pub folder: PathBuf,
    /// Whether that is the default folder beside the data.
    pub default_folder: bool,
    /// The backups, newest first.
    pub backups: Vec<BackupFile>,
}

/// The backups, newest first, and the folder they are in.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Answer<Backups> {
    state.with_store(|store, _| backups_of(store))
}

/// Backs up now; returns the backups as they then stand.
#[tauri::command(async)]
pub fn back_up_now(state: State<'_, AppState>) -> Answer<Backups> {
    state.with_store(|store, clock| {
        store.create_backup(clock)?;
        backups_of(store)
    })
}

/// Puts backup `id` back in place of the current data, after backing that up.
#[tauri::command(async)]
pub fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Answer<mooring_core::backup::Restored> {
    let restored = state.with_store(|store, clock| store.restore_backup(&id, clock))?;
    wake_scheduler(&app);
    Ok(restored)
}

/// Asks for a folder to keep backups in (for example one the user syncs); `reset` goes back to
/// the default. Returns the backups in the new folder, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn choose_backup_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    reset: bool,
) -> Answer<Option<Backups>> {
    let folder = if reset {
        None
    } else {
        match pick(&app, "Keep Mooring's backups in", Pick::Folder)? {
            Some(folder) => Some(folder),
            None => return Ok(None),
        }
    };
    state
        .with_store(|store, _| {
            store.merge_settings(&serde_json::json!({ "backup_folder": folder }))?;
            backups_of(store)
        })
        .map(Some)
}

/// Exports everything as `format` ("json" or "csv") where the user picks, the JSON encrypted
/// with `passphrase` when one is given; returns the path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn export_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: DataFormat,
    passphrase: Option<String>,
) -> Answer<Option<String>> {
    let passphrase = passphrase.map(Secret::new);
    if let Some(passphrase) = &passphrase {
        // Checked before the dialog, so that a passphrase too short never costs a pick.
        check_passphrase(passphrase)?;
        if format == DataFormat::Csv {
            return Err(mooring_core::Error::Invalid(
                "Only the JSON export is encrypted; a spreadsheet cannot open an encrypted one."
                    .into(),
            )
            .into());
        }
    }
    let today = state.clock().today();
    let extension = if passphrase.is_some() { "age" } else { "json" };
    let file_name = format!("mooring-export-{today}.{extension}");
    let (title, pick_what) = match format {
        DataFormat::Json => (
            "Export Mooring's data",
            Pick::Save {
                file_name: &file_name,
                extension,
            },
        ),
        DataFormat::Csv => ("Export as CSV files into the folder", Pick::Folder),
    };
    let Some(out) = pick(&app, title, pick_what)? else {
        return Ok(None);
    };
    let out = match format {
        // A folder of its own inside the one picked, so the CSV files stay together.
        DataFormat::Csv => out.join(format!("mooring-export-{today}")),
        DataFormat::Json => out,
    };
    state.with_store(|store, clock| match &passphrase {
        Some(passphrase) => write_encrypted_export(&store.export(clock)?, &out, passphrase),
        None => store.export_to(format, &out, clock),
    })?;
    Ok(Some(out.display().to_string()))
}

/// Asks for an export file to import; returns its path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn pick_import_file<R: Runtime>(app: AppHandle<R>) -> Answer<Option<String>> {
    Ok(pick(
        &app,
        "Import Mooring's data",
        Pick::Open {
            kind: "Mooring export",
            extensions: &["json", "age"],
        },
    )?
    .map(|path| path.display().to_string()))
}

/// Imports the export at `path`. Data the user entered is only replaced with `replace`; without
/// it, the error `import-would-replace` asks the window to confirm first. An encrypted export
/// opens with `passphrase`; without it, or with a wrong one, the error is `locked`.
#[tauri::command(async)]
pub fn import_data<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
    replace: bool,
    passphrase: Option<String>,
) -> Answer<ImportSummary> {
    let passphrase = passphrase.map(Secret::new);
    let export = read_export_with(path.as_ref(), passphrase.as_ref())?;
    let summary = state.with_store(|store, clock| store.import(&export, replace, clock))?;
    wake_scheduler(&app);
    Ok(summary)
}

/// What the recovery screen offers when the data file is damaged.
#[derive(Debug, Serialize)]
pub struct Recovery {
    /// Whether the data is damaged; when not, the window shows Home.
    pub damaged: bool,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The backups it can be restored from, newest first.
    pub backups: Vec<BackupFile>,
}

/// Whether the data is damaged, and if so the backups it can be restored from.
#[tauri::command(async)]
pub fn get_recovery(state: State<'_, AppState>) -> Answer<Recovery> {
    let message = match state.with_store(|store, _| store.settings()) {
        Ok(_) => {
            return Ok(Recovery {
                damaged: false,
                message: String::new(),
                backups: Vec::new(),
            })
        }
        Err(err) if err.code == "corrupt" => err.message,
        Err(err) => return Err(err),
    };
    let backups = match state.data_dir() {
        Some(dir) => recovery::backups(&dir, &state.access())?,
        None => Vec::new(),
    };
    Ok(Recovery {
        damaged: true,
        message,
        backups,
    })
}

/// Sets the damaged file aside and puts backup `id` in its place.
#[tauri::command(async)]
pub fn recover_from_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Answer<()> {
    state.recover(|dir, access, clock| {
        recovery::restore(dir, &id, access, clock).map(|recovered| recovered.store)
    })?;
    wake_scheduler(&app);
    Ok(())
}

/// Sets the damaged file aside and starts with an empty Mooring.
#[tauri::command(async)]
pub fn recover_start_fresh<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<()> {
    state.recover(|dir, access, clock| {
        recovery::start_fresh(dir, access, clock).map(|recovered| recovered.store)
    })?;
    wake_scheduler(&app);
    Ok(())
}

/// Saves what the damaged file still holds as a JSON export where the user picks, without
/// writing to the damaged file; returns the path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn recover_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Answer<Option<String>> {
    if !state.is_damaged() {
        return Err(CommandError {
            code: "not-damaged",
            message: "Mooring's data is not damaged; use Export in Settings.".into(),
            flags: Vec::new(),
        });
    }
    let dir = state.data_dir().ok_or(CommandError {
        code: "no-data-dir",
        message: "No data folder is known for this account.".into(),
        flags: Vec::new(),
    })?;
    let file_name = format!("mooring-rescued-{}.json", state.clock().today());
    let Some(out) = pick(
        &app,
        "Save what can still be read",
        Pick::Save {
            file_name: &file_name,
            extension: "json",
        },
    )?
    else {
        return Ok(None);
    };
    let export = export_readable(&dir.join(DATABASE_FILE), &state.access(), state.clock())?;
    write_export(&export, DataFormat::Json, &out)?;
    Ok(Some(out.display().to_string()))
}

/// The backups of `store`, and where they are.
fn backups_of(store: &Store) -> mooring_core::Result<Backups> {
    Ok(Backups {
        folder: store.backup_folder()?,
        default_folder: store.settings()?.backup_folder.is_none(),
        backups: store.backups()?,
    })
}
