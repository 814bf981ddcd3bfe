//! The Mooring desktop app: a thin Tauri shell over mooring-core.
//!
//! `run` builds the app; `configure` registers the commands and opens the store, and is what
//! the IPC tests drive through Tauri's mock runtime.

mod commands;
mod error;
mod notifications;
mod pick;
mod print;
mod scheduler;
mod startup;
mod state;
mod test_clock;
mod tray;
mod wall_clock;
mod window;

use std::path::PathBuf;
use std::sync::Arc;

use mooring_core::{Clock, CredentialStore, SystemClock, SystemCredentials};
use tauri::{Builder, Manager, Runtime, Window, WindowEvent};
use tauri_plugin_autostart::MacosLauncher;

use scheduler::Scheduler;
use test_clock::{FileClock, TEST_CLOCK_VARIABLE};

pub use error::CommandError;
pub use state::AppState;

/// The environment variable that points the app at another data folder, for tests and scratch runs.
pub const DATA_DIR_VARIABLE: &str = "MOORING_DATA_DIR";

/// The argument the login item starts Mooring with: straight to the tray, no window.
pub const HIDDEN_FLAG: &str = "--hidden";

/// How the app is set up: where its data lives and where "now" comes from.
pub struct Options {
    /// The data folder; `None` uses the platform's per-user app data folder, which is the
    /// folder Tauri calls `app_data_dir` and the one `mooring-cli` uses by default.
    pub data_dir: Option<PathBuf>,
    /// The clock every command reads.
    pub clock: Arc<dyn Clock>,
    /// The file a test clock reads "now" from, watched so that moving it wakes the scheduler.
    pub clock_file: Option<PathBuf>,
    /// Where the key of the data is kept, unless the user keeps it behind a passphrase.
    pub credentials: Arc<dyn CredentialStore>,
}

impl Options {
    /// Options from the environment: `MOORING_DATA_DIR` if set, and the system clock (or, in
    /// end-to-end tests only, the test clock file that `MOORING_TEST_CLOCK` names).
    pub fn from_env() -> Self {
        let variable = |name| {
            std::env::var_os(name)
                .filter(|value: &std::ffi::OsString| !value.is_empty())
                .map(PathBuf::from)
        };
        let clock_file = variable(TEST_CLOCK_VARIABLE);
        let clock: Arc<dyn Clock> = match &clock_file {
            Some(path) => Arc::new(FileClock::new(path.clone()).unwrap_or_else(|err| {
                eprintln!("mooring: the test clock cannot be read: {err}");
                std::process::exit(2)
            })),
            None => Arc::new(SystemClock),
        };
        Options {
            data_dir: variable(DATA_DIR_VARIABLE),
            clock,
            clock_file,
            credentials: Arc::new(SystemCredentials),
        }
    }
}

/// Where the scheduler, on a test clock, leaves the instant of its last run: beside the clock
/// file, named after it with `.checked`.
pub fn checked_file(clock_file: &std::path::Path) -> PathBuf {
    clock_file.with_extension("checked")
}

/// Starts the desktop app, with its tray and nudge scheduler, and blocks until it quits.
pub fn run() {
    startup::begin();
    let options = Options::from_env();
    let clock_folder = options
        .clock_file
        .as_ref()
        .and_then(|file| file.parent())
        .map(PathBuf::from);
    let checked_file = options.clock_file.as_ref().map(|file| checked_file(file));
    let builder = Builder::default()
        // First, so that a second launch focuses this window and exits before doing anything.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::show(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec![HIDDEN_FLAG]),
        ))
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(hide_on_close)
        .on_page_load(|_, payload| {
            if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                startup::stage("page loaded");
            }
        })
        .setup(move |app| {
            startup::stage("setup begins (plugins ready, the window made)");
            let handle = app.handle().clone();
            let hidden = std::env::args().any(|arg| arg == HIDDEN_FLAG);
            if hidden {
                if let Some(main) = app.get_webview_window(window::MAIN) {
                    main.hide()?;
                }
            }
            tray::build_after_first_paint(&handle, hidden);
            let mut watch: Vec<PathBuf> = app.state::<AppState>().data_dir().into_iter().collect();
            watch.extend(clock_folder.clone());
            app.manage(Scheduler::start(handle, &watch, checked_file.clone()));
            startup::stage("scheduler started");
            Ok(())
        });
    let builder = configure(builder, options);
    startup::stage("commands registered (the store opens on its own thread)");
    builder
        .run(tauri::generate_context!())
        .expect("Mooring could not start");
}

/// Closing the window hides it to the tray, unless the user switched that off. A desktop that
/// shows no tray icons gets a minimised window instead: hidden, Mooring would run on with no
/// way back to it.
fn hide_on_close<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        let app = window.app_handle();
        if app.tray_by_id("mooring").is_some() && tray::shown() {
            let hide = app
                .state::<AppState>()
                .in_background(|store, _| Ok(store.settings()?.hide_on_close))
                .unwrap_or(true);
            if hide {
                api.prevent_close();
                let _ = window.hide();
            }
        } else {
            api.prevent_close();
            let _ = window.minimize();
        }
    }
}

/// Registers the commands of `commands/list.rs` with Tauri.
macro_rules! app_commands {
    ($($command:path),* $(,)?) => {
        tauri::generate_handler![$($command),*]
    };
}

/// Starts opening the store, and registers it and Mooring's commands on `builder`.
pub fn configure<R: Runtime>(builder: Builder<R>, options: Options) -> Builder<R> {
    let state = match options
        .data_dir
        .map(Ok)
        .unwrap_or_else(mooring_core::default_data_dir)
    {
        Ok(data_dir) => AppState::open(&data_dir, options.clock, options.credentials),
        Err(err) => AppState::unavailable(err, options.clock, options.credentials),
    };
    builder
        .manage(state)
        .invoke_handler(include!("commands/list.rs"))
}
