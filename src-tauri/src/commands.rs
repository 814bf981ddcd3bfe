//! The commands the UI invokes. Each one validates, calls mooring-core and maps the error;
//! each runs off the main thread (`async`), because each touches the database.

use mooring_core::Status;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// This week at a glance, for Home.
#[tauri::command(async)]
pub fn get_status(state: State<'_, AppState>) -> Result<Status, CommandError> {
    state.with_store(|store, clock| store.status(clock))
}
