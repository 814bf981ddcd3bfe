//! Desktop notifications through the system's notification server (notify-rust).
//!
//! On Linux a lapse nudge carries two actions, "Log contact" and "Snooze 1 hour"; clicking the
//! notification opens the window. Elsewhere a click opens the app.

use mooring_core::{Nudge, NudgeEvent, Snooze};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;
use crate::window;

/// The name notifications are sent under; the notification server shows it as the sender.
pub const APP_NAME: &str = "Mooring";

/// Sends `nudge` as a notification; what the user answers is recorded against it.
pub fn send<R: Runtime>(app: &AppHandle<R>, nudge: &Nudge) -> Result<(), String> {
    // While the app lock holds the window, a notification says nothing of the data.
    if app.state::<AppState>().window_locked() {
        return notify_rust::Notification::new()
            .appname(APP_NAME)
            .summary("Mooring has a reminder for you")
            .body("Open Mooring and unlock it to see it.")
            .show()
            .map(|_| ())
            .map_err(|err| err.to_string());
    }
    let mut notification = notify_rust::Notification::new();
    notification
        .appname(APP_NAME)
        .summary(&nudge.title)
        .body(&nudge.body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        notification.action("default", "Open Mooring");
        if nudge.rule.asks_for_contact() {
            notification
                .action("log-contact", "Log contact")
                .action("snooze-1h", "Snooze 1 hour");
        }
        // The connection a notification's answer comes back on stays on the thread that
        // opened it (libdbus's is not Send), so the notification is shown there too.
        let (shown, outcome) = std::sync::mpsc::channel();
        let app = app.clone();
        let nudge = nudge.clone();
        std::thread::spawn(move || match notification.show() {
            Ok(handle) => {
                let _ = shown.send(Ok(()));
                handle.wait_for_action(|action| answer(&app, &nudge, action));
            }
            Err(err) => {
                let _ = shown.send(Err(err.to_string()));
            }
        });
        outcome
            .recv()
            .unwrap_or_else(|_| Err("the notification could not be sent".into()))
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = app;
        notification
            .show()
            .map(|_| ())
            .map_err(|err| err.to_string())
    }
}

/// Records the user's answer to a notification and does what it asked.
#[cfg(all(unix, not(target_os = "macos")))]
fn answer<R: Runtime>(app: &AppHandle<R>, nudge: &Nudge, action: &str) {
    let state = app.state::<AppState>();
    let outcome = match action {
        "log-contact" => {
            window::ask_ui(app, "log-contact");
            state.with_store(|store, clock| {
                store.answer_nudge(nudge.rule, &nudge.subject, NudgeEvent::ActedOn, clock)
            })
        }
        "snooze-1h" => state.with_store(|store, clock| {
            store
                .snooze_nudge(nudge.rule, &nudge.subject, Snooze::OneHour, clock)
                .map(|_| ())
        }),
        "default" => {
            window::show(app);
            Ok(())
        }
        // Closed or expired: not an answer.
        _ => Ok(()),
    };
    if let Err(err) = outcome {
        eprintln!(
            "mooring: could not record the answer to a nudge: {}",
            err.message
        );
    }
}

/// Sends a sample notification, so the user can see that notifications reach them.
pub fn send_test() -> Result<(), String> {
    notify_rust::Notification::new()
        .appname(APP_NAME)
        .summary("Mooring can reach you")
        .body("Nudges will look like this.")
        .show()
        .map(|_| ())
        .map_err(|err| err.to_string())
}
