//! A window a person can trust: one press and release is one click, bad values get a message
//! beside their field, and long content stays inside its panel.

use super::harness::{cli, cli_json, Extras};
use super::Desktop;

const NOW: &str = "2026-11-25T10:00:00+01:00";

async fn launch(scratch: &std::path::Path) -> (Desktop, std::path::PathBuf) {
    let data_dir = scratch.join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam"]);
    let clock_file = scratch.join("clock");
    std::fs::write(&clock_file, NOW).unwrap();
    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file),
            time_zone: Some("Europe/Berlin"),
            ..Extras::default()
        },
    )
    .await;
    (desktop, data_dir)
}

#[tokio::test]
async fn one_press_and_release_closes_or_saves_the_log_contact_dialog() {
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop.wait_for_heading_change().await;

    desktop.press_and_release("Log contact").await;
    desktop.find_css("dialog[open]").await;
    desktop.press_and_release("Cancel").await;
    desktop.wait_until_gone("dialog[open]").await;

    desktop.press_and_release("Log contact").await;
    desktop.find_css("dialog[open]").await;
    desktop.click_label("Sam").await;
    desktop.press_and_release("Save contact").await;
    desktop.wait_until_gone("dialog[open]").await;
    let contacts = cli_json(&data_dir, NOW, &["contact", "list"]);
    assert_eq!(contacts.as_array().unwrap().len(), 1, "one click saved once");
    desktop.quit().await;
}
