//! The floor Mooring's start-up is measured against: the least a Tauri 2 app does to show a
//! window whose page asks the Rust side for something and draws the answer.
//!
//! Built with the workspace's release profile, so that the bench compares like with like. With
//! `MOORING_BENCH_EXIT` set, it exits once the page says it drew the answer, as Mooring does
//! once Home has drawn its data.

// As Mooring's: no console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The one command the page calls before it draws.
#[tauri::command]
fn greeting() -> String {
    "Hello from Rust".into()
}

/// The page drew the answer: under the bench, that is the end of the run, at once, as in
/// Mooring.
#[tauri::command]
fn painted() {
    if std::env::var_os("MOORING_BENCH_EXIT").is_some_and(|value| !value.is_empty()) {
        std::process::exit(0);
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![greeting, painted])
        .run(tauri::generate_context!())
        .expect("the floor app starts");
}
