//! File and folder dialogs, answered in end-to-end tests by a file instead of a person.
//!
//! WebDriver cannot reach a native dialog. When `MOORING_TEST_PICK` names a file, the next
//! dialog returns the path written in it (an empty file is "Cancel"), and the file is emptied.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{Dialog, FileDialogBuilder};

use crate::error::CommandError;

/// The environment variable naming the file that answers dialogs in end-to-end tests.
pub const TEST_PICK_VARIABLE: &str = "MOORING_TEST_PICK";

/// What a dialog asks for.
pub enum Pick<'a> {
    /// A file to write, with a suggested name and its extension.
    Save {
        file_name: &'a str,
        extension: &'a str,
    },
    /// A file to read, of one of these extensions, under a filter named `kind`.
    Open {
        kind: &'a str,
        extensions: &'a [&'a str],
    },
    /// A folder.
    Folder,
}

/// Shows a dialog titled `title`; returns the path picked, or `None` when cancelled.
pub fn pick<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    pick: Pick<'_>,
) -> Result<Option<PathBuf>, CommandError> {
    if let Some(answers) = std::env::var_os(TEST_PICK_VARIABLE).filter(|value| !value.is_empty()) {
        let answer = std::fs::read_to_string(&answers).unwrap_or_default();
        let _ = std::fs::write(&answers, "");
        let answer = answer.trim();
        return Ok((!answer.is_empty()).then(|| PathBuf::from(answer)));
    }
    let Some(dialog) = app.try_state::<Dialog<R>>() else {
        return Err(CommandError {
            code: "dialog",
            message: "This needs the desktop app's file dialog.".into(),
            flags: Vec::new(),
        });
    };
    let builder: FileDialogBuilder<R> = dialog.file().set_title(title);
    let picked = match pick {
        Pick::Save {
            file_name,
            extension,
        } => builder
            .set_file_name(file_name)
            .add_filter(extension.to_uppercase(), &[extension])
            .blocking_save_file(),
        Pick::Open { kind, extensions } => {
            builder.add_filter(kind, extensions).blocking_pick_file()
        }
        Pick::Folder => builder.blocking_pick_folder(),
    };
    Ok(picked.and_then(|path| path.into_path().ok()))
}
