//! The stages of a launch, timed on standard error when `MOORING_TRACE_STARTUP` is set, and
//! the end of a bench run (`MOORING_BENCH_EXIT`) once the window has drawn Home.

use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Deserialize;
use tauri::{AppHandle, Manager, Runtime};

use crate::scheduler::Scheduler;

/// When `run` began (milliseconds since the epoch, the page's clock), if stages are traced.
static TRACE: OnceLock<Option<f64>> = OnceLock::new();

/// A stage the page timed: its name, and when (milliseconds since the epoch).
#[derive(Deserialize)]
pub struct PageMark {
    name: String,
    at: f64,
}

/// Marks the start of the launch; the first call wins.
pub fn begin() {
    TRACE.get_or_init(|| {
        std::env::var_os("MOORING_TRACE_STARTUP")
            .is_some_and(|value| !value.is_empty())
            .then(epoch_ms)
    });
}

/// Says that `stage` is done, with the time since the launch began, if traced.
pub fn stage(stage: &str) {
    stage_at(stage, epoch_ms());
}

fn stage_at(stage: &str, at: f64) {
    if let Some(Some(began)) = TRACE.get() {
        eprintln!("mooring: {:8.1} ms  {stage}", at - began);
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs_f64()
        * 1000.0
}

/// The window drew Home with its data, after the stages in `marks`: the tray icon and the
/// nudge scheduler may start, and under the bench the run is over (at once: what is measured
/// is the start-up).
pub fn painted<R: Runtime>(app: &AppHandle<R>, marks: &[PageMark]) {
    for mark in marks {
        stage_at(&format!("page: {}", mark.name), mark.at);
    }
    stage("Home drawn");
    if std::env::var_os("MOORING_BENCH_EXIT").is_some_and(|v| !v.is_empty()) {
        std::process::exit(0);
    }
    crate::tray::build_soon(app);
    if let Some(scheduler) = app.try_state::<Scheduler>() {
        scheduler.wake();
    }
}
