//! Reads the floor's own tauri.conf.json, as the app's build script reads Mooring's.

fn main() {
    tauri_build::build()
}
