//! The commands of the Agreements and records screen: the group's confidentiality agreement
//! and the private consultation record.

use chrono::NaiveDate;
use mooring_core::printable::{agreement_page, consultations_page, write_page};
use mooring_core::{Agreement, Consultation, Guard, NewConsultation};
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::pick::{pick, Pick};
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// Every agreement, by name.
#[tauri::command(async)]
pub fn list_agreements(state: State<'_, AppState>) -> Answer<Vec<Agreement>> {
    state.with_store(|store, clock| store.agreements(clock))
}

/// Starts an agreement, from the eight built-in commitments when `from_template`. A name that
/// looks like it names a client is refused unless `anyway`.
#[tauri::command(async)]
pub fn new_agreement(
    state: State<'_, AppState>,
    name: String,
    from_template: bool,
    anyway: Option<bool>,
) -> Answer<Agreement> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.new_agreement(&name, from_template, guard, clock))
}

/// Renames an agreement and replaces its commitments. A commitment that looks like it names a
/// client is refused unless `anyway`.
#[tauri::command(async)]
pub fn edit_agreement(
    state: State<'_, AppState>,
    id: i64,
    name: String,
    points: Vec<String>,
    anyway: Option<bool>,
) -> Answer<Agreement> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.edit_agreement(id, &name, &points, guard, clock))
}

/// Deletes an agreement with its signatures; returns what it was.
#[tauri::command(async)]
pub fn delete_agreement(state: State<'_, AppState>, id: i64) -> Answer<Agreement> {
    state.with_store(|store, clock| store.delete_agreement(id, clock))
}

/// Adds a peer to the group, or takes one out (`member: false`).
#[tauri::command(async)]
pub fn set_agreement_member(
    state: State<'_, AppState>,
    id: i64,
    peer: i64,
    member: bool,
) -> Answer<Agreement> {
    state.with_store(|store, clock| {
        if member {
            store.add_agreement_member(id, peer, clock)
        } else {
            store.remove_agreement_member(id, peer, clock)
        }
    })
}

/// Records that member `peer`, or the user when no peer is given, signed on `on` (today by
/// default).
#[tauri::command(async)]
pub fn sign_agreement(
    state: State<'_, AppState>,
    id: i64,
    peer: Option<i64>,
    on: Option<String>,
) -> Answer<Agreement> {
    let on = on.as_deref().map(parse_day).transpose()?;
    state.with_store(|store, clock| match peer {
        Some(peer) => store.sign_agreement(id, peer, on, clock),
        None => store.sign_agreement_yourself(id, on, clock),
    })
}

/// The agreement as the sheet to print and sign, the same as its saved page: HTML in which
/// everything the user wrote is escaped.
#[tauri::command(async)]
pub fn agreement_sheet(state: State<'_, AppState>, id: i64) -> Answer<String> {
    state.with_store(|store, clock| {
        let agreement = store.agreement(id, clock)?;
        Ok(mooring_core::printable::agreement_sheet(
            &agreement,
            clock.today(),
        ))
    })
}

/// Asks where to save the agreement as a page to print and sign, and writes it there; returns
/// the path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn save_agreement_page<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Answer<Option<String>> {
    let agreement = state.with_store(|store, clock| store.agreement(id, clock))?;
    let file_name = format!(
        "{} agreement.html",
        agreement.name.replace(['/', '\\'], "-")
    );
    save_page(
        &app,
        &state,
        "Save the agreement to print",
        &file_name,
        |today| agreement_page(&agreement, today),
    )
}

/// The consultation records, newest first; with `search`, those containing it.
#[tauri::command(async)]
pub fn list_consultations(
    state: State<'_, AppState>,
    search: Option<String>,
) -> Answer<Vec<Consultation>> {
    state.with_store(|store, _| store.consultations(search.as_deref()))
}

/// Saves a new consultation record, or a prepared one. A field that looks like it names a
/// client is refused unless `anyway`.
#[tauri::command(async)]
pub fn add_consultation(
    state: State<'_, AppState>,
    record: NewConsultation,
    anyway: Option<bool>,
) -> Answer<Consultation> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.add_consultation(record, guard, clock))
}

/// Replaces a consultation record, checked as a new one is.
#[tauri::command(async)]
pub fn update_consultation(
    state: State<'_, AppState>,
    id: i64,
    record: NewConsultation,
    anyway: Option<bool>,
) -> Answer<Consultation> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.update_consultation(id, record, guard, clock))
}

/// Deletes a consultation record; returns what it was, so the window can offer to undo.
#[tauri::command(async)]
pub fn delete_consultation(state: State<'_, AppState>, id: i64) -> Answer<Consultation> {
    state.with_store(|store, _| store.delete_consultation(id))
}

/// Asks where to save the records (those containing `search`, or all) as a page to print, and
/// writes it there; returns the path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn save_consultations_page<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    search: Option<String>,
) -> Answer<Option<String>> {
    let records = state.with_store(|store, _| store.consultations(search.as_deref()))?;
    save_page(
        &app,
        &state,
        "Save the consultation record to print",
        "consultation record.html",
        |today| consultations_page(&records, today),
    )
}

/// Asks for a file and writes the page `page` makes for today into it.
fn save_page<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    file_name: &str,
    page: impl FnOnce(NaiveDate) -> String,
) -> Answer<Option<String>> {
    let Some(out) = pick(
        app,
        title,
        Pick::Save {
            file_name,
            extension: "html",
        },
    )?
    else {
        return Ok(None);
    };
    write_page(&page(state.clock().today()), &out)?;
    Ok(Some(out.display().to_string()))
}

/// A day as the window sends it: 2026-11-23.
fn parse_day(text: &str) -> Result<NaiveDate, CommandError> {
    text.parse().map_err(|_| CommandError {
        code: "invalid-input",
        message: format!("“{text}” is not a day. Pick one from the calendar."),
        flags: Vec::new(),
    })
}
