//! The Mooring desktop app: a thin Tauri shell over mooring-core.
//!
//! `run` builds the app; `configure` registers the commands and opens the store, and is what
//! the IPC tests drive through Tauri's mock runtime.

mod commands;
mod error;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use mooring_core::{Clock, SystemClock};
use tauri::{Builder, Runtime};

pub use error::CommandError;
pub use state::AppState;

/// The environment variable that points the app at another data folder, for tests and scratch runs.
pub const DATA_DIR_VARIABLE: &str = "MOORING_DATA_DIR";

/// How the app is set up: where its data lives and where "now" comes from.
pub struct Options {
    /// The data folder; `None` uses the platform's per-user app data folder, which is the
    /// folder Tauri calls `app_data_dir` and the one `mooring-cli` uses by default.
    pub data_dir: Option<PathBuf>,
    /// The clock every command reads.
    pub clock: Arc<dyn Clock>,
}

impl Options {
    /// Options from the environment: `MOORING_DATA_DIR` if set, and the system clock.
    pub fn from_env() -> Self {
        let data_dir = std::env::var_os(DATA_DIR_VARIABLE)
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from);
        Options {
            data_dir,
            clock: Arc::new(SystemClock),
        }
    }
}

/// Starts the desktop app and blocks until it quits.
pub fn run() {
    configure(Builder::default(), Options::from_env())
        .run(tauri::generate_context!())
        .expect("Mooring could not start");
}

/// Opens the store and registers it and Mooring's commands on `builder`.
pub fn configure<R: Runtime>(builder: Builder<R>, options: Options) -> Builder<R> {
    let state = match options
        .data_dir
        .map(Ok)
        .unwrap_or_else(mooring_core::default_data_dir)
    {
        Ok(data_dir) => AppState::open(&data_dir, options.clock),
        Err(err) => AppState::unavailable(err, options.clock),
    };
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::get_status,
            commands::get_checklist,
            commands::tick_item,
            commands::untick_item,
            commands::set_item_note,
            commands::get_template,
            commands::add_template_item,
            commands::update_template_item,
            commands::move_template_item,
            commands::remove_template_item,
            commands::restore_default_template,
            commands::list_peers,
            commands::add_peer,
            commands::update_peer,
            commands::set_peer_archived,
            commands::get_network_summary,
            commands::log_contact,
            commands::update_contact,
            commands::delete_contact,
            commands::list_contacts,
            commands::check_note,
            commands::get_caseload,
            commands::set_caseload,
            commands::set_heavy_override,
            commands::get_settings,
            commands::update_settings,
            commands::get_selfcheck,
            commands::take_selfcheck,
        ])
}
