//! Build script of the desktop app: reads tauri.conf.json and generates one permission per
//! app command, so that the capability in tauri.conf.json allows exactly those commands.

/// Every command the UI may invoke. A command missing here cannot be called at all.
const COMMANDS: &[&str] = &[
    "get_status",
    "get_checklist",
    "tick_item",
    "untick_item",
    "set_item_note",
    "get_template",
    "add_template_item",
    "update_template_item",
    "link_template_item",
    "move_template_item",
    "remove_template_item",
    "restore_default_template",
    "list_peers",
    "add_peer",
    "update_peer",
    "set_peer_archived",
    "get_network_summary",
    "log_contact",
    "update_contact",
    "delete_contact",
    "list_contacts",
    "get_caseload",
    "set_caseload",
    "set_heavy_override",
    "get_settings",
    "get_selfcheck",
    "take_selfcheck",
    "get_nudges",
    "snooze_nudge",
    "dismiss_nudge",
    "act_on_nudge",
    "pause_nudges",
    "send_test_notification",
    "get_lock",
    "unlock",
    "recovery_key_saved",
    "save_recovery_key",
    "touch",
    "set_app_lock",
    "get_autostart",
    "set_autostart",
    "get_chart",
    "export_chart",
    "change_settings",
    "list_backups",
    "back_up_now",
    "restore_backup",
    "choose_backup_folder",
    "export_data",
    "pick_import_file",
    "import_data",
    "get_recovery",
    "recover_from_backup",
    "recover_start_fresh",
    "recover_export",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
