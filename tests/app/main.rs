//! App-level tests, in one binary: the commands through Tauri's mock runtime (`ipc`), and the
//! real app in a real window under Xvfb, driven over WebDriver (`e2e`).

mod e2e;
mod ipc;
mod session;
