//! The commands the UI invokes. Each one parses its arguments, calls mooring-core and maps the
//! error; each runs off the main thread (`async`), because each touches the database.

use mooring_core::{NewTemplateItem, Status, TemplateChange, TemplateItem, Week, WeekChecklist};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// This week at a glance, for Home.
#[tauri::command(async)]
pub fn get_status(state: State<'_, AppState>) -> Answer<Status> {
    state.with_store(|store, clock| store.status(clock))
}

/// A week's checklist (default: this week), copied from the template on first opening.
#[tauri::command(async)]
pub fn get_checklist(state: State<'_, AppState>, week: Option<String>) -> Answer<WeekChecklist> {
    let week = week.map(|week| week.parse::<Week>()).transpose()?;
    state.with_store(|store, clock| {
        let week = week.unwrap_or_else(|| Week::containing(clock.now().date_naive()));
        store.checklist(week, clock)
    })
}

/// Ticks a checklist item, with an optional note for reflection items; returns its week.
#[tauri::command(async)]
pub fn tick_item(state: State<'_, AppState>, id: i64, note: Option<String>) -> Answer<WeekChecklist> {
    state.with_store(|store, clock| {
        store.tick(id, note.as_deref(), clock)?;
        let week = store.week_of_item(id)?;
        store.checklist(week, clock)
    })
}

/// Unticks a checklist item; returns its week.
#[tauri::command(async)]
pub fn untick_item(state: State<'_, AppState>, id: i64) -> Answer<WeekChecklist> {
    state.with_store(|store, clock| {
        store.untick(id)?;
        let week = store.week_of_item(id)?;
        store.checklist(week, clock)
    })
}

/// Replaces a reflection item's note (empty removes it); returns its week.
#[tauri::command(async)]
pub fn set_item_note(state: State<'_, AppState>, id: i64, note: String) -> Answer<WeekChecklist> {
    state.with_store(|store, clock| {
        store.set_note(id, &note)?;
        let week = store.week_of_item(id)?;
        store.checklist(week, clock)
    })
}

/// The checklist template.
#[tauri::command(async)]
pub fn get_template(state: State<'_, AppState>) -> Answer<Vec<TemplateItem>> {
    state.with_store(|store, _| store.template())
}

/// Adds a template item, from this week on; returns the template.
#[tauri::command(async)]
pub fn add_template_item(
    state: State<'_, AppState>,
    title: String,
    slot: String,
    peer: bool,
    reflection: bool,
) -> Answer<Vec<TemplateItem>> {
    let item = NewTemplateItem { slot: slot.parse()?, title, peer, reflection };
    state.with_store(|store, clock| {
        store.add_template_item(item, clock)?;
        store.template()
    })
}

/// Renames or re-marks a template item, from this week on; returns the template.
#[tauri::command(async)]
pub fn update_template_item(
    state: State<'_, AppState>,
    id: i64,
    title: Option<String>,
    peer: Option<bool>,
    reflection: Option<bool>,
) -> Answer<Vec<TemplateItem>> {
    state.with_store(|store, clock| {
        store.update_template_item(id, TemplateChange { title, peer, reflection }, clock)?;
        store.template()
    })
}

/// Moves a template item to `position` (from 0) in `slot`, from this week on; returns the template.
#[tauri::command(async)]
pub fn move_template_item(state: State<'_, AppState>, id: i64, slot: String, position: usize) -> Answer<Vec<TemplateItem>> {
    let slot = slot.parse()?;
    state.with_store(|store, clock| {
        store.move_template_item(id, slot, position, clock)?;
        store.template()
    })
}

/// Removes a template item, from this week on; returns the template.
#[tauri::command(async)]
pub fn remove_template_item(state: State<'_, AppState>, id: i64) -> Answer<Vec<TemplateItem>> {
    state.with_store(|store, clock| {
        store.remove_template_item(id, clock)?;
        store.template()
    })
}

/// Puts the default template back, from this week on; returns it.
#[tauri::command(async)]
pub fn restore_default_template(state: State<'_, AppState>) -> Answer<Vec<TemplateItem>> {
    state.with_store(|store, clock| store.restore_default_template(clock))
}
