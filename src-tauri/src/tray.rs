//! The tray icon, which keeps Mooring at hand while its window is closed: Open, Log contact...,
//! Hard session, need a debrief..., Pause nudges (for a day, for a week, until a date), and Quit.

use mooring_core::PauseFor;
use tauri::menu::{MenuBuilder, MenuEvent, SubmenuBuilder};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::scheduler::Scheduler;
use crate::state::AppState;
use crate::window;

/// How long a launch with a window waits for Home to be drawn before it builds the tray anyway.
const AT_THE_LATEST: std::time::Duration = std::time::Duration::from_secs(3);

/// Builds the tray icon on the main thread once the window has drawn Home (see
/// [`build_soon`]), or at once when Mooring starts hidden, with no window to wait for: the
/// indicator's D-Bus traffic then takes nothing from the window's first frame.
pub fn build_after_first_paint<R: Runtime>(app: &AppHandle<R>, hidden: bool) {
    if hidden {
        build_soon(app);
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(AT_THE_LATEST);
        build_soon(&app);
    });
}

/// Builds the tray icon on the main thread, the first time only.
pub fn build_soon<R: Runtime>(app: &AppHandle<R>) {
    static BUILT: std::sync::Once = std::sync::Once::new();
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        BUILT.call_once(|| {
            if let Err(err) = build(&handle) {
                eprintln!("mooring: no tray icon ({err}); closing the window will quit");
            }
            crate::startup::stage("tray built");
        })
    });
}

/// Whether the desktop shows tray icons: on Linux, whether a panel has registered as a
/// StatusNotifier host on the session bus (plain GNOME has none, and an icon built there is
/// shown nowhere). Windows and macOS always have a tray.
#[cfg(target_os = "linux")]
pub fn shown() -> bool {
    use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    let Ok(bus) = dbus::blocking::Connection::new_session() else {
        return false;
    };
    bus.with_proxy(
        WATCHER,
        "/StatusNotifierWatcher",
        std::time::Duration::from_millis(500),
    )
    .get::<bool>(WATCHER, "IsStatusNotifierHostRegistered")
    .unwrap_or(false)
}

/// Whether the desktop shows tray icons: Windows and macOS always do.
#[cfg(not(target_os = "linux"))]
pub fn shown() -> bool {
    true
}

/// Builds the tray icon and its menu.
fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let pause = SubmenuBuilder::new(app, "Pause nudges")
        .text("pause-day", "For a day")
        .text("pause-week", "For a week")
        .text("pause-until", "Until a date...")
        .separator()
        .text("resume", "Resume nudges")
        .build()?;
    let menu = MenuBuilder::new(app)
        .text("open", "Open Mooring")
        .text("log-contact", "Log contact...")
        .text("debrief", "Hard session, need a debrief...")
        .item(&pause)
        .separator()
        .text("quit", "Quit Mooring")
        .build()?;
    let mut tray = TrayIconBuilder::with_id("mooring")
        .tooltip("Mooring")
        .menu(&menu)
        .on_menu_event(on_menu_event);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match event.id().as_ref() {
        "open" => window::show(app),
        "log-contact" => window::ask_ui(app, "log-contact"),
        // The window proposes whom to ask and records the request.
        "debrief" => window::ask_ui(app, "debrief"),
        "pause-until" => window::ask_ui(app, "pause"),
        "pause-day" => pause(app, Some(PauseFor::Day)),
        "pause-week" => pause(app, Some(PauseFor::Week)),
        "resume" => pause(app, None),
        "quit" => app.exit(0),
        _ => {}
    }
}

/// Pauses nudges for `pause`, or resumes them with `None`.
fn pause<R: Runtime>(app: &AppHandle<R>, pause: Option<PauseFor>) {
    let state = app.state::<AppState>();
    let outcome = state.in_background(|store, clock| {
        store.pause_nudges(pause.map(|pause| pause.until(clock)), clock)
    });
    match outcome {
        Ok(_) => {
            if let Some(scheduler) = app.try_state::<Scheduler>() {
                scheduler.wake();
            }
            window::refresh_ui(app);
        }
        Err(err) => eprintln!("mooring: could not pause nudges: {}", err.message),
    }
}
