//! The commands the UI invokes. Each one parses its arguments, calls mooring-core and maps the
//! error; each runs off the main thread (`async`), because each touches the database.

pub mod data;
pub mod lock;
pub mod records;

use chrono::NaiveDate;
use mooring_core::clock::parse_instant;
use mooring_core::debrief::DebriefRequest;
use mooring_core::nudge::pause_until_date;
use mooring_core::{
    AnswerSheet, CareerStage, Contact, ContactFilter, ContactKind, EditableItem, Energy, Guard,
    Intention, NetworkSummary, NewContact, NewTemplateItem, Peer, PeerDetails, Renewal, Role,
    SelfCheck, SelfCheckOverview, Settings, Status, TemplateChange, Vocabulary, Week, WeekCaseload,
    WeekChecklist,
};
use mooring_core::{
    Chart, ChartName, ExportFormat, NudgeEvent, NudgeOverview, PauseFor, Range, Rule, Snooze, Theme,
};
use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_autostart::AutoLaunchManager;

use crate::notifications;
use crate::pick::{pick, Pick};
use crate::scheduler::Scheduler;

use crate::error::CommandError;
use crate::state::AppState;

type Answer<T> = Result<T, CommandError>;

/// The window drew Home with its data, two frames ago: the end of start-up.
#[tauri::command]
pub fn painted<R: Runtime>(app: AppHandle<R>, marks: Vec<crate::startup::PageMark>) {
    crate::startup::painted(&app, &marks);
}

/// What Home shows, in one round trip: whether the data is open, and if it is, Home's data.
#[derive(serde::Serialize)]
pub struct HomeScreen {
    /// Whether the data is open, and what unlocks it.
    lock: lock::LockState,
    /// Home's data, beside `lock`; absent while the data is not open.
    #[serde(flatten)]
    home: Option<mooring_core::Home>,
}

/// Home in one call: the lock's state, and this week, its checklist, the nudge waiting, the
/// settings and the contacts to rate once the data is open.
#[tauri::command(async)]
pub fn get_home(state: State<'_, AppState>) -> Answer<HomeScreen> {
    let lock = lock::lock_state(&state);
    let home = match lock.state {
        "open" => Some(state.with_store(|store, clock| store.home(clock))?),
        _ => None,
    };
    Ok(HomeScreen { lock, home })
}

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
        store.checklist(week.unwrap_or_else(|| clock.this_week()), clock)
    })
}

/// Ticks a checklist item, with an optional note for reflection items; returns its week.
/// A note that looks like it identifies a client is refused unless `anyway`.
#[tauri::command(async)]
pub fn tick_item(
    state: State<'_, AppState>,
    id: i64,
    note: Option<String>,
    anyway: Option<bool>,
) -> Answer<WeekChecklist> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| {
        store.tick(id, note.as_deref(), guard, clock)?;
        store.checklist_of_item(id, clock)
    })
}

/// Unticks a checklist item; returns its week.
#[tauri::command(async)]
pub fn untick_item(state: State<'_, AppState>, id: i64) -> Answer<WeekChecklist> {
    state.with_store(|store, clock| {
        store.untick(id)?;
        store.checklist_of_item(id, clock)
    })
}

/// Replaces a reflection item's note (empty removes it), ticking it when written; returns its
/// week. A note that looks like it identifies a client is refused unless `anyway`.
#[tauri::command(async)]
pub fn set_item_note(
    state: State<'_, AppState>,
    id: i64,
    note: String,
    anyway: Option<bool>,
) -> Answer<WeekChecklist> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| {
        store.set_note(id, &note, guard, clock)?;
        store.checklist_of_item(id, clock)
    })
}

/// The checklist template.
#[tauri::command(async)]
pub fn get_template(state: State<'_, AppState>) -> Answer<Vec<EditableItem>> {
    state.with_store(|store, clock| store.template_to_edit(clock))
}

/// Every list of choices the window offers, each value with its label.
#[tauri::command]
pub fn get_vocabulary() -> Vocabulary {
    mooring_core::vocabulary::vocabulary()
}

/// The locale the window formats dates and times with ("en-US" or "en-GB"), so that it writes
/// them as the saved pages, the charts and `mooring-cli` do, in the order of the user's region.
#[tauri::command]
pub fn get_date_locale() -> &'static str {
    mooring_core::dates::DateStyle::from_env().locale()
}

/// Adds a template item, from this week on; returns the template. A title that looks like it
/// names a client is refused unless `anyway`.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)]
pub fn add_template_item(
    state: State<'_, AppState>,
    title: String,
    slot: String,
    peer: bool,
    reflection: bool,
    rhythm: Option<String>,
    anyway: Option<bool>,
) -> Answer<Vec<EditableItem>> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    let item = NewTemplateItem {
        slot: slot.parse()?,
        title,
        peer,
        reflection,
        contact_kind: None,
        rhythm: rhythm
            .as_deref()
            .map(str::parse)
            .transpose()?
            .unwrap_or_default(),
    };
    state.with_store(|store, clock| {
        store.add_template_item(item, guard, clock)?;
        store.template_to_edit(clock)
    })
}

/// Renames, re-marks or re-times a template item, from this week on; returns the template.
/// A rhythm is `weekly`, `every-2-from-2026-W48` or `monthly-1-wednesday`. A title that looks
/// like it names a client is refused unless `anyway`.
#[tauri::command(async)]
#[allow(clippy::too_many_arguments)]
pub fn update_template_item(
    state: State<'_, AppState>,
    id: i64,
    title: Option<String>,
    peer: Option<bool>,
    reflection: Option<bool>,
    rhythm: Option<String>,
    anyway: Option<bool>,
) -> Answer<Vec<EditableItem>> {
    let guard = Guard::anyway(anyway.unwrap_or(false));
    let rhythm = rhythm.as_deref().map(str::parse).transpose()?;
    state.with_store(|store, clock| {
        store.update_template_item(
            id,
            TemplateChange {
                title,
                peer,
                reflection,
                rhythm,
            },
            guard,
            clock,
        )?;
        store.template_to_edit(clock)
    })
}

/// Links a peer item of the template to the kind of contact that ticks it (`None` unlinks it),
/// from this week on; returns the template.
#[tauri::command(async)]
pub fn link_template_item(
    state: State<'_, AppState>,
    id: i64,
    kind: Option<String>,
) -> Answer<Vec<EditableItem>> {
    let kind = kind
        .filter(|kind| !kind.is_empty())
        .map(|kind| kind.parse::<ContactKind>())
        .transpose()?;
    state.with_store(|store, clock| {
        store.link_template_item(id, kind, clock)?;
        store.template_to_edit(clock)
    })
}

/// Moves a template item to `position` (from 0) in `slot`, from this week on; returns the template.
#[tauri::command(async)]
pub fn move_template_item(
    state: State<'_, AppState>,
    id: i64,
    slot: String,
    position: usize,
) -> Answer<Vec<EditableItem>> {
    let slot = slot.parse()?;
    state.with_store(|store, clock| {
        store.move_template_item(id, slot, position, clock)?;
        store.template_to_edit(clock)
    })
}

/// Removes a template item, from this week on; returns the template.
#[tauri::command(async)]
pub fn remove_template_item(state: State<'_, AppState>, id: i64) -> Answer<Vec<EditableItem>> {
    state.with_store(|store, clock| {
        store.remove_template_item(id, clock)?;
        store.template_to_edit(clock)
    })
}

/// Puts the default template back, from this week on; returns it.
#[tauri::command(async)]
pub fn restore_default_template(state: State<'_, AppState>) -> Answer<Vec<EditableItem>> {
    state.with_store(|store, clock| {
        store.restore_default_template(clock)?;
        store.template_to_edit(clock)
    })
}

/// A peer as the UI's form sends it; enumerations arrive as text and are parsed here.
#[derive(Debug, Deserialize)]
pub struct PeerForm {
    name: String,
    #[serde(default)]
    career_stage: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    preferred_channel: Option<String>,
    #[serde(default)]
    debrief_within_72h: bool,
    #[serde(default)]
    practice_area: Option<String>,
    #[serde(default)]
    dual_role: Option<String>,
}

impl PeerForm {
    fn parse(self) -> Result<PeerDetails, CommandError> {
        Ok(PeerDetails {
            name: self.name,
            career_stage: self
                .career_stage
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<CareerStage>())
                .transpose()?,
            roles: self
                .roles
                .iter()
                .map(|role| role.parse::<Role>())
                .collect::<mooring_core::Result<_>>()?,
            preferred_channel: self.preferred_channel,
            debrief_within_72h: self.debrief_within_72h,
            practice_area: self.practice_area,
            dual_role: self.dual_role,
        })
    }
}

/// A contact as the UI's form sends it.
#[derive(Debug, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    peers: Vec<i64>,
    #[serde(default)]
    with_group: bool,
    kind: String,
    #[serde(default = "substantive_by_default")]
    substantive: bool,
    #[serde(default)]
    intentions: Vec<String>,
    #[serde(default)]
    energy: Option<String>,
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    note: Option<String>,
}

fn substantive_by_default() -> bool {
    true
}

impl ContactForm {
    fn parse(self) -> Result<NewContact, CommandError> {
        Ok(NewContact {
            at: self
                .at
                .filter(|at| !at.is_empty())
                .map(|at| parse_instant(&at))
                .transpose()?,
            peers: self.peers,
            with_group: self.with_group,
            kind: self.kind.parse::<ContactKind>()?,
            substantive: self.substantive,
            intentions: self
                .intentions
                .iter()
                .map(|i| i.parse::<Intention>())
                .collect::<mooring_core::Result<_>>()?,
            energy: self
                .energy
                .filter(|e| !e.is_empty())
                .map(|e| e.parse::<Energy>())
                .transpose()?,
            minutes: self.minutes,
            note: self.note,
        })
    }
}

/// Peers by name, with days since the last contact; archived ones when asked.
#[tauri::command(async)]
pub fn list_peers(state: State<'_, AppState>, include_archived: bool) -> Answer<Vec<Peer>> {
    state.with_store(|store, clock| store.peers(include_archived, clock))
}

/// Adds a peer. Free text that looks like a client's details is refused unless `anyway`.
#[tauri::command(async)]
pub fn add_peer(state: State<'_, AppState>, peer: PeerForm, anyway: Option<bool>) -> Answer<Peer> {
    let details = peer.parse()?;
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.add_peer(details, guard, clock))
}

/// Replaces what is known about a peer. Free text that looks like a client's details is
/// refused unless `anyway`.
#[tauri::command(async)]
pub fn update_peer(
    state: State<'_, AppState>,
    id: i64,
    peer: PeerForm,
    anyway: Option<bool>,
) -> Answer<Peer> {
    let details = peer.parse()?;
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.update_peer(id, details, guard, clock))
}

/// Archives or unarchives a peer; their contacts stay.
#[tauri::command(async)]
pub fn set_peer_archived(state: State<'_, AppState>, id: i64, archived: bool) -> Answer<Peer> {
    state.with_store(|store, clock| store.set_peer_archived(id, archived, clock))
}

/// Records how the user left a contact (`null` takes it back).
#[tauri::command(async)]
pub fn rate_contact(
    state: State<'_, AppState>,
    id: i64,
    energy: Option<String>,
) -> Answer<Contact> {
    let energy = energy.map(|e| e.parse::<Energy>()).transpose()?;
    state.with_store(|store, _| store.rate_contact(id, energy))
}

/// Puts away the morning-after question about a contact.
#[tauri::command(async)]
pub fn skip_rating(state: State<'_, AppState>, id: i64) -> Answer<()> {
    state.with_store(|store, _| store.skip_rating(id))
}

/// The contacts of the last days Home asks how the user left, newest first.
#[tauri::command(async)]
pub fn get_contacts_to_rate(state: State<'_, AppState>) -> Answer<Vec<Contact>> {
    state.with_store(|store, clock| store.contacts_to_rate(clock))
}

/// Puts a Home suggestion away for good.
#[tauri::command(async)]
pub fn dismiss_suggestion(state: State<'_, AppState>, key: String) -> Answer<()> {
    state.with_store(|store, clock| store.dismiss_suggestion(&key, clock))
}

/// "Hard session, need a debrief": whom to ask, buddy first; a follow-up is set for 72 hours.
#[tauri::command(async)]
pub fn request_debrief(state: State<'_, AppState>) -> Answer<DebriefRequest> {
    state.with_store(|store, clock| store.request_debrief(clock))
}

/// What renews you, over a range (`12w`, `6m`, `1y` or `all`).
#[tauri::command(async)]
pub fn get_renewal(state: State<'_, AppState>, range: String) -> Answer<Renewal> {
    let range = range.parse::<Range>()?;
    state.with_store(|store, clock| store.renewal(range, clock))
}

/// The shape of the active peer network.
#[tauri::command(async)]
pub fn get_network_summary(state: State<'_, AppState>) -> Answer<NetworkSummary> {
    state.with_store(|store, clock| store.network_summary(clock))
}

/// Logs a contact; with `checklist_item`, ticks that peer item in the same step. A note that
/// looks like it identifies a client is refused unless `anyway`.
#[tauri::command(async)]
pub fn log_contact(
    state: State<'_, AppState>,
    contact: ContactForm,
    checklist_item: Option<i64>,
    anyway: Option<bool>,
) -> Answer<Contact> {
    let contact = contact.parse()?;
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.log_contact(contact, checklist_item, guard, clock))
}

/// Replaces a logged contact. A note that looks like it identifies a client is refused unless
/// `anyway`.
#[tauri::command(async)]
pub fn update_contact(
    state: State<'_, AppState>,
    id: i64,
    contact: ContactForm,
    anyway: Option<bool>,
) -> Answer<Contact> {
    let contact = contact.parse()?;
    let guard = Guard::anyway(anyway.unwrap_or(false));
    state.with_store(|store, clock| store.update_contact(id, contact, guard, clock))
}

/// Deletes a contact and returns it, so the UI can offer to undo.
#[tauri::command(async)]
pub fn delete_contact(state: State<'_, AppState>, id: i64) -> Answer<Contact> {
    state.with_store(|store, clock| store.delete_contact(id, clock))
}

/// The contact timeline, newest first, optionally for one peer or one kind, and at most `limit`.
#[tauri::command(async)]
pub fn list_contacts(
    state: State<'_, AppState>,
    peer: Option<i64>,
    kind: Option<String>,
    limit: Option<u32>,
) -> Answer<Vec<Contact>> {
    let kind = kind
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<ContactKind>())
        .transpose()?;
    state.with_store(|store, clock| {
        store.contacts(
            &ContactFilter {
                peer,
                kind,
                since: None,
                limit,
            },
            clock,
        )
    })
}

/// A week's caseload (default: this week) and whether it is heavy.
#[tauri::command(async)]
pub fn get_caseload(state: State<'_, AppState>, week: Option<String>) -> Answer<WeekCaseload> {
    let week = week.map(|w| w.parse::<Week>()).transpose()?;
    state
        .with_store(|store, clock| store.caseload(week.unwrap_or_else(|| clock.this_week()), clock))
}

/// Sets a week's client sessions (default: this week); `None` clears them.
#[tauri::command(async)]
pub fn set_caseload(
    state: State<'_, AppState>,
    sessions: Option<u32>,
    week: Option<String>,
) -> Answer<WeekCaseload> {
    let week = week.map(|w| w.parse::<Week>()).transpose()?;
    state.with_store(|store, clock| {
        store.set_caseload(week.unwrap_or_else(|| clock.this_week()), sessions, clock)
    })
}

/// Marks a week (default: this week) heavy or not by hand; `None` follows the rule again.
#[tauri::command(async)]
pub fn set_heavy_override(
    state: State<'_, AppState>,
    heavy: Option<bool>,
    week: Option<String>,
) -> Answer<WeekCaseload> {
    let week = week.map(|w| w.parse::<Week>()).transpose()?;
    state.with_store(|store, clock| {
        store.set_heavy_override(week.unwrap_or_else(|| clock.this_week()), heavy, clock)
    })
}

/// The user's settings.
#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Answer<Settings> {
    state.with_store(|store, _| store.settings())
}

/// The self-check's questions, the hints from the log, when it is due, and past checks.
#[tauri::command(async)]
pub fn get_selfcheck(state: State<'_, AppState>) -> Answer<SelfCheckOverview> {
    state.with_store(|store, clock| store.selfcheck_overview(clock))
}

/// Saves a self-check taken now; returns it with its index and a suggestion for each gap.
#[tauri::command(async)]
pub fn take_selfcheck(state: State<'_, AppState>, answers: AnswerSheet) -> Answer<SelfCheck> {
    state.with_store(|store, clock| store.take_selfcheck(answers, None, clock))
}

/// Changes only the settings `changes` names, such as `{"nudges": {"quiet_hours": false}}`;
/// every other stays as it is saved, even if this window's copy is stale.
#[tauri::command(async)]
pub fn change_settings(state: State<'_, AppState>, changes: serde_json::Value) -> Answer<Settings> {
    state.with_store(|store, clock| {
        let settings = store.merge_settings(&changes)?;
        // A shorter retention applies at once.
        store.erase_old_notes(clock)?;
        Ok(settings)
    })
}

/// The pending nudge, if any, and whether nudges are paused, for Home and Settings.
#[tauri::command(async)]
pub fn get_nudges(state: State<'_, AppState>) -> Answer<NudgeOverview> {
    state.with_store(|store, clock| store.nudge_overview(clock))
}

/// Puts a nudge off for `snooze` ("1h", "3h" or "tomorrow").
#[tauri::command(async)]
pub fn snooze_nudge<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    rule: String,
    subject: String,
    snooze: String,
) -> Answer<NudgeOverview> {
    let (rule, snooze) = (rule.parse::<Rule>()?, snooze.parse::<Snooze>()?);
    let overview = state.with_store(|store, clock| {
        store.snooze_nudge(rule, &subject, snooze, clock)?;
        store.nudge_overview(clock)
    })?;
    wake_scheduler(&app);
    Ok(overview)
}

/// Puts a nudge away.
#[tauri::command(async)]
pub fn dismiss_nudge(
    state: State<'_, AppState>,
    rule: String,
    subject: String,
) -> Answer<NudgeOverview> {
    answer_nudge(&state, &rule, &subject, NudgeEvent::Dismissed)
}

/// Records that the user took a nudge's action, such as opening the log dialog.
#[tauri::command(async)]
pub fn act_on_nudge(
    state: State<'_, AppState>,
    rule: String,
    subject: String,
) -> Answer<NudgeOverview> {
    answer_nudge(&state, &rule, &subject, NudgeEvent::ActedOn)
}

fn answer_nudge(
    state: &AppState,
    rule: &str,
    subject: &str,
    event: NudgeEvent,
) -> Answer<NudgeOverview> {
    let rule = rule.parse::<Rule>()?;
    state.with_store(|store, clock| {
        store.answer_nudge(rule, subject, event, clock)?;
        store.nudge_overview(clock)
    })
}

/// Pauses nudges for a day or a week (`pause`), or until a date (YYYY-MM-DD); neither resumes them.
#[tauri::command(async)]
pub fn pause_nudges<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pause: Option<String>,
    until: Option<String>,
) -> Answer<NudgeOverview> {
    let pause_for = pause.map(|text| text.parse::<PauseFor>()).transpose()?;
    let until_date = until
        .map(|text| {
            if text.trim().is_empty() {
                return Err(mooring_core::Error::Invalid(
                    "Pick the day nudges should resume.".into(),
                ));
            }
            text.parse::<NaiveDate>().map_err(|_| {
                mooring_core::Error::Invalid(format!(
                    "\"{text}\" is not a date. Pick a day to resume nudges."
                ))
            })
        })
        .transpose()?;
    let overview = state.with_store(|store, clock| {
        let until = match (pause_for, until_date) {
            (Some(pause), _) => Some(pause.until(clock)),
            (None, Some(date)) => Some(pause_until_date(date, clock)),
            (None, None) => None,
        };
        store.pause_nudges(until, clock)?;
        store.nudge_overview(clock)
    })?;
    wake_scheduler(&app);
    Ok(overview)
}

/// Shows a sample notification, so the user can check that nudges reach them.
#[tauri::command(async)]
pub fn send_test_notification() -> Answer<()> {
    notifications::send_test().map_err(|reason| CommandError {
        code: "notification",
        message: format!("The system did not show the notification ({reason}). Check that notifications are allowed for Mooring."),
        flags: Vec::new(),
    })
}

/// Whether the desktop shows Mooring's tray icon. Without one, closing the window minimises it,
/// and Settings offers a way to quit.
#[tauri::command(async)]
pub fn get_tray<R: Runtime>(app: AppHandle<R>) -> bool {
    app.tray_by_id("mooring").is_some() && crate::tray::shown()
}

/// Quits Mooring, for a desktop with no tray to quit from.
#[tauri::command]
pub fn quit<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}

/// Opens the system's print dialog for the window, which prints what its print style shows.
#[tauri::command(async)]
pub fn print_window<R: Runtime>(window: tauri::WebviewWindow<R>) -> Answer<()> {
    crate::print::print(&window).map_err(|_| CommandError {
        code: "print-failed",
        message:
            "Mooring could not open the print dialog. Save it as a page instead, and print that."
                .into(),
        flags: Vec::new(),
    })
}

/// Whether Mooring starts when the user logs in.
#[tauri::command(async)]
pub fn get_autostart<R: Runtime>(app: AppHandle<R>) -> Answer<bool> {
    match app.try_state::<AutoLaunchManager>() {
        Some(manager) => manager.is_enabled().map_err(autostart_error),
        None => Ok(false),
    }
}

/// Turns starting at login on or off; either way, the first-run offer has been answered.
#[tauri::command(async)]
pub fn set_autostart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    enabled: bool,
) -> Answer<bool> {
    if let Some(manager) = app.try_state::<AutoLaunchManager>() {
        let outcome = if enabled {
            manager.enable()
        } else {
            manager.disable()
        };
        outcome.map_err(autostart_error)?;
    }
    state.with_store(|store, _| store.mark_autostart_offered())?;
    get_autostart(app)
}

fn autostart_error(err: impl std::fmt::Display) -> CommandError {
    CommandError {
        code: "autostart",
        message: format!("Mooring could not change how it starts at login: {err}"),
        flags: Vec::new(),
    }
}

/// Wakes the nudge scheduler, when the app runs one (the IPC tests' mock app does not).
fn wake_scheduler<R: Runtime>(app: &AppHandle<R>) {
    if let Some(scheduler) = app.try_state::<Scheduler>() {
        scheduler.wake();
    }
}

/// Chart `name` ("contacts-caseload", ...) over `range` ("12w", "6m", "1y", "all"), drawn for the
/// window's `theme` ("light" or "dark"), with its summary.
#[tauri::command(async)]
pub fn get_chart(
    state: State<'_, AppState>,
    name: String,
    range: String,
    theme: String,
) -> Answer<Chart> {
    let (name, range, theme) = (
        name.parse::<ChartName>()?,
        range.parse::<Range>()?,
        theme.parse::<Theme>()?,
    );
    state.with_store(|store, clock| store.chart(name, range, theme, clock))
}

/// Saves chart `name` over `range` as `format` ("svg" or "png") where the user picks in a save
/// dialog; returns the file's path, or nothing when the user cancelled.
#[tauri::command(async)]
pub fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    name: String,
    range: String,
    format: String,
) -> Answer<Option<String>> {
    let (name, range, format) = (
        name.parse::<ChartName>()?,
        range.parse::<Range>()?,
        format.parse::<ExportFormat>()?,
    );
    let bytes = state
        .with_store(|store, clock| store.chart(name, range, Theme::Light, clock)?.file(format))?;
    let extension = format.as_str();
    let file_name = format!("mooring-{name}-{range}.{extension}");
    let picked = pick(
        &app,
        "Save chart",
        Pick::Save {
            file_name: &file_name,
            extension,
        },
    )?;
    let Some(path) = picked else {
        return Ok(None);
    };
    std::fs::write(&path, bytes).map_err(|err| CommandError {
        code: "export",
        message: format!(
            "Mooring could not write {}: {err}. Try another folder.",
            path.display()
        ),
        flags: Vec::new(),
    })?;
    Ok(Some(path.display().to_string()))
}
