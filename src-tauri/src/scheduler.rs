//! The nudge scheduler: a background thread that sleeps until the next instant at which a nudge
//! could become due, then runs the rules and sends what fired.
//!
//! It wakes early when the data changes, from the UI or from `mooring-cli` writing to the same
//! file (a file watcher on the data folder), and when the wall clock jumps, as it does when the
//! machine wakes from sleep (see `wall_clock`). Idle, it does not wake at all until then, or
//! until the hourly look at the daily check and backup. Everything it decides comes from
//! `Store::run_nudges`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use notify::{RecursiveMode, Watcher};
use tauri::{AppHandle, Manager, Runtime};

use crate::notifications;
use crate::state::AppState;
use crate::{wall_clock, window};

/// Where the platform cannot say that the wall clock jumped (or the data folder cannot be
/// watched), the longest the scheduler sleeps without looking: it notices a machine that slept
/// through a due instant, or a change from mooring-cli, within this time.
const HEARTBEAT: Duration = Duration::from_secs(60);

/// How long the first run of the rules waits for the window to draw Home (which reads the same
/// store) before it runs anyway, as it does when Mooring starts hidden at login.
const FIRST_RUN: Duration = Duration::from_secs(3);

/// How often the scheduler looks whether the daily check and backup are due.
const MAINTENANCE: Duration = Duration::from_secs(3600);

/// How long after start the first check and backup wait, so that they never hold the store
/// while the window loads its first screen.
const FIRST_MAINTENANCE: Duration = Duration::from_secs(60);

/// A jump of the wall clock against the monotonic clock larger than this means the machine slept
/// or its time was changed.
const JUMP: chrono::Duration = chrono::Duration::seconds(5);

/// A handle to the running scheduler.
pub struct Scheduler {
    wake: Mutex<Sender<()>>,
    _watcher: Option<notify::RecommendedWatcher>,
}

impl Scheduler {
    /// Starts the scheduler thread; `watch` lists folders whose changes mean "look again".
    ///
    /// With `checked` (end-to-end tests on the test clock only), each run of the rules leaves
    /// the instant it ran at in that file once it has sent what fired, so that a test knows a
    /// run happened and can say that nothing was sent without sleeping and hoping.
    pub fn start<R: Runtime>(
        app: AppHandle<R>,
        watch: &[PathBuf],
        checked: Option<PathBuf>,
    ) -> Scheduler {
        let (wake, wakes) = channel::<()>();
        let watcher = watch_folders(watch, checked.clone(), wake.clone());
        // Without the file watcher, polling is what notices mooring-cli's changes.
        let files_watched = watcher.is_some();
        let clock_watched = wall_clock::watch_jumps(wake.clone());
        let run_once = move |app: &AppHandle<R>| {
            let at = app.state::<AppState>().clock().now();
            let next = run_once(app);
            let lock_at = lock_if_idle(app);
            let next = match (next, lock_at) {
                (Some(next), Some(lock_at)) => Some(next.min(lock_at)),
                (next, lock_at) => next.or(lock_at),
            };
            if let Some(checked) = &checked {
                mark_checked(checked, at);
            }
            next
        };
        std::thread::Builder::new()
            .name("mooring-nudges".into())
            .spawn(move || {
                // Woken when the window has drawn Home, or after a moment without it.
                let _ = wakes.recv_timeout(FIRST_RUN);
                while wakes.try_recv().is_ok() {}
                let mut next = run_once(&app);
                let mut maintain_at = Instant::now() + FIRST_MAINTENANCE;
                loop {
                    if Instant::now() >= maintain_at {
                        maintain(&app);
                        maintain_at = Instant::now() + MAINTENANCE;
                    }
                    let state = app.state::<AppState>();
                    let clock = state.clock();
                    let (wall, monotonic) = (clock.now(), Instant::now());
                    let mut wait = next
                        .map(|next| (next - wall).to_std().unwrap_or(Duration::ZERO))
                        .unwrap_or(MAINTENANCE)
                        .min(maintain_at.saturating_duration_since(monotonic));
                    if !(clock_watched.is_on() && files_watched) {
                        wait = wait.min(HEARTBEAT);
                    }
                    match wakes.recv_timeout(wait) {
                        Ok(()) => {
                            // Coalesce a burst of file events into one run.
                            std::thread::sleep(Duration::from_millis(150));
                            while wakes.try_recv().is_ok() {}
                            next = run_once(&app);
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            let now = clock.now();
                            let slept =
                                chrono::Duration::from_std(monotonic.elapsed()).unwrap_or_default();
                            let jumped = (now - wall - slept).abs() > JUMP;
                            if jumped || next.is_some_and(|next| now >= next) {
                                next = run_once(&app);
                            }
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            })
            .expect("the scheduler thread starts");
        Scheduler {
            wake: Mutex::new(wake),
            _watcher: watcher,
        }
    }

    /// Asks the scheduler to run the rules now.
    pub fn wake(&self) {
        let wake = self
            .wake
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let _ = wake.send(());
    }
}

/// Runs the rules once, sends what fired, and returns when to run next.
fn run_once<R: Runtime>(app: &AppHandle<R>) -> Option<DateTime<FixedOffset>> {
    crate::startup::stage("the nudge rules run");
    let state = app.state::<AppState>();
    match state.in_background(|store, clock| store.run_nudges(clock)) {
        Ok(tick) => {
            if let Some(nudge) = &tick.fire {
                if let Err(err) = notifications::send(app, nudge) {
                    eprintln!("mooring: could not show a notification: {err}");
                }
                window::refresh_ui(app);
            }
            tick.next_check
        }
        // Nothing to run until the user unlocks the data; unlocking wakes the scheduler.
        Err(err) if matches!(err.code, "locked" | "needs-passphrase") => None,
        Err(err) => {
            eprintln!("mooring: could not run the nudge rules: {}", err.message);
            None
        }
    }
}

/// Locks the window if the app lock is on and it was not used for its minutes, and tells the
/// window; returns when it will lock otherwise.
fn lock_if_idle<R: Runtime>(app: &AppHandle<R>) -> Option<DateTime<FixedOffset>> {
    let (locked, next) = app.state::<AppState>().lock_if_idle();
    if locked {
        window::tell_ui(app, "locked");
    }
    next
}

/// Once a day: the full integrity check, then a backup, rotated. A damaged file is never
/// backed up over the good copies; the window is told, and offers recovery.
fn maintain<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if let Err(err) = state.in_background(|store, clock| store.erase_old_notes(clock)) {
        if !matches!(err.code, "locked" | "needs-passphrase" | "corrupt") {
            eprintln!("mooring: could not erase old notes: {}", err.message);
        }
    }
    match state.in_background(|store, clock| store.daily_backup(clock)) {
        Ok(_) => {}
        Err(err) if matches!(err.code, "locked" | "needs-passphrase") => {}
        Err(err) if err.code == "corrupt" => {
            eprintln!("mooring: the daily check found damage: {}", err.message);
            window::tell_ui(app, "damaged");
        }
        Err(err) => eprintln!("mooring: the daily backup failed: {}", err.message),
    }
}

/// Leaves `at` in `file`, whole: written beside it, then renamed over it.
fn mark_checked(file: &Path, at: DateTime<FixedOffset>) {
    let next = file.with_extension("checked-next");
    let written =
        std::fs::write(&next, at.to_rfc3339()).and_then(|()| std::fs::rename(&next, file));
    if let Err(err) = written {
        eprintln!("mooring: cannot write {}: {err}", file.display());
    }
}

/// Watches `folders` (not recursively) and sends a wake for every change in them, except
/// changes to `own` (and its temporary copy), which the scheduler writes itself.
fn watch_folders(
    folders: &[PathBuf],
    own: Option<PathBuf>,
    wake: Sender<()>,
) -> Option<notify::RecommendedWatcher> {
    let own = own.map(|own| [own.with_extension("checked-next"), own]);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let only_own = own
                .as_ref()
                .is_some_and(|own| event.paths.iter().all(|path| own.contains(path)));
            if (event.kind.is_modify() || event.kind.is_create()) && !only_own {
                let _ = wake.send(());
            }
        }
    })
    .map_err(|err| {
        eprintln!("mooring: cannot watch for changes, checking every minute instead: {err}")
    })
    .ok()?;
    for folder in folders {
        if let Err(err) = watcher.watch(Path::new(folder), RecursiveMode::NonRecursive) {
            eprintln!("mooring: cannot watch {}: {err}", folder.display());
        }
    }
    Some(watcher)
}
