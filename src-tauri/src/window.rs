//! The main window: showing it, and asking its screens to do something from outside the UI
//! (the tray, a notification's action).

use tauri::{AppHandle, Manager, Runtime};

/// The main window's label in tauri.conf.json.
pub const MAIN: &str = "main";

/// Shows, unminimises and focuses the main window.
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Shows the window and asks the UI to do `action` ("log-contact", "pause"), through a DOM
/// event rather than a Tauri event, so the capability needs no event permissions.
pub fn ask_ui<R: Runtime>(app: &AppHandle<R>, action: &str) {
    show(app);
    dispatch(app, action);
}

/// Asks the UI to reload what it shows, for example after a nudge fired.
pub fn refresh_ui<R: Runtime>(app: &AppHandle<R>) {
    dispatch(app, "refresh");
}

/// Asks the UI to do `action` without showing the window.
pub fn tell_ui<R: Runtime>(app: &AppHandle<R>, action: &str) {
    dispatch(app, action);
}

/// Dispatches a `mooring` DOM event carrying `action` in the main window.
fn dispatch<R: Runtime>(app: &AppHandle<R>, action: &str) {
    crate::startup::stage(&format!("the window is asked to {action}"));
    if let Some(window) = app.get_webview_window(MAIN) {
        let detail = serde_json::json!({ "action": action });
        let _ = window.eval(format!(
            "window.dispatchEvent(new CustomEvent('mooring', {{ detail: {detail} }}))"
        ));
    }
}
