//! Build script of the desktop app: reads tauri.conf.json and generates one permission per
//! app command, so that the capability in tauri.conf.json allows exactly those commands.

/// Lists the last segment of each command of `src/commands/list.rs`, the one list of commands.
macro_rules! app_commands {
    ($($command:path),* $(,)?) => {
        /// Every command the window may invoke, as written in the list.
        const COMMAND_PATHS: &[&str] = &[$(stringify!($command)),*];
    };
}

include!("src/commands/list.rs");

fn main() {
    // "commands :: data :: list_backups" names the command "list_backups".
    let commands: Vec<&'static str> = COMMAND_PATHS
        .iter()
        .map(|path| path.rsplit("::").next().unwrap_or(path).trim())
        .collect();
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice())),
    ))
    .expect("tauri-build failed");
}
