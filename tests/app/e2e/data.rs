//! Your data, as a person meets it: backing up, exporting, importing and restoring from the
//! Data section of Settings, and the recovery screen when the data file is damaged. File
//! dialogs are answered through the test pick file; everything else is clicked.

use fantoccini::Locator;

use super::harness::{cli, cli_json, damage_database, Extras};
use super::Desktop;

const NOW: &str = "2026-11-25T10:00:00+01:00";

/// Extras with the test clock at [`NOW`] and a pick file, both in `scratch`.
fn extras(scratch: &std::path::Path) -> Extras {
    Extras::at(scratch, NOW).answering_dialogs(scratch)
}

/// The names in the Peers directory.
async fn peer_names(desktop: &Desktop) -> String {
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.text(".peer-list, .peers, main").await
}

#[tokio::test]
async fn settings_backs_up_exports_imports_and_restores() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam"]);
    // Another computer's export, with Kit instead of Sam.
    let other = scratch.path().join("other");
    cli(&other, NOW, &["peer", "add", "Kit"]);
    let elsewhere = scratch.path().join("from-the-old-laptop.json");
    cli(
        &other,
        NOW,
        &["export", "--out", elsewhere.to_str().unwrap()],
    );

    let extras = extras(scratch.path());
    let pick = extras.pick_file.clone().unwrap();
    let desktop = Desktop::launch_with(&data_dir, extras).await;
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;

    desktop.click_button("Back up now").await;
    desktop
        .wait_for_text("#data-title ~ p[role=status]", "Backed up.")
        .await;
    let rows = desktop.texts(".backup-row").await;
    assert!(
        rows.iter().any(|row| row.contains("Made by you")),
        "{rows:?}"
    );
    let backups = cli_json(&data_dir, NOW, &["backup", "list"]);
    assert!(backups
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["reason"] == "manual"));
    desktop.screenshot("settings-data").await;

    // Export: the dialog answers with a path, and the file holds Sam.
    let exported = scratch.path().join("mooring-export.json");
    std::fs::write(&pick, exported.to_str().unwrap()).unwrap();
    desktop.click_button("Export…").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=data-title] p[role=status]",
            &format!(
                "Exported to {}. It is not encrypted: keep it somewhere private, or use \
                 “Export encrypted…” for a file only a passphrase opens.",
                exported.display()
            ),
        )
        .await;
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    assert_eq!(export["tables"]["peers"][0]["name"], "Sam");

    // Import over Sam asks first, then replaces.
    std::fs::write(&pick, elsewhere.to_str().unwrap()).unwrap();
    desktop.click_button("Import…").await;
    let question = desktop.text("[aria-label='Replace your data'] p").await;
    assert_eq!(
        question,
        format!(
            "Replace everything here with {}? What is here now is backed up first.",
            elsewhere.display()
        )
    );
    desktop.screenshot("settings-data-import-confirm").await;
    desktop.click_button("Replace").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=data-title] p[role=status]",
            "Imported 1 peer, 0 contacts and 0 self-checks.",
        )
        .await;
    let names = peer_names(&desktop).await;
    assert!(names.contains("Kit") && !names.contains("Sam"), "{names}");

    // Restore the backup made by hand: Sam is back.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    let restore = desktop
        .find(Locator::XPath(
            "//li[contains(@class,'backup-row')][.//span[normalize-space()='Made by you']]//button",
        ))
        .await;
    restore.click().await.unwrap();
    desktop.click_button("Restore").await;
    let said = desktop
        .text("section[aria-labelledby=data-title] p[role=status]")
        .await;
    assert!(said.starts_with("Restored the backup of"), "{said}");
    desktop.screenshot("settings-data-restored").await;
    let names = peer_names(&desktop).await;
    assert!(names.contains("Sam") && !names.contains("Kit"), "{names}");

    // The encrypted export: a passphrase of its own, twice, and a file only it opens.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    let sealed = scratch.path().join("mooring-export.age");
    std::fs::write(&pick, sealed.to_str().unwrap()).unwrap();
    desktop.click_button("Export encrypted…").await;
    desktop
        .fill("Passphrase for this export", "a long export passphrase")
        .await;
    desktop
        .fill("The same passphrase again", "a long export passphrase")
        .await;
    desktop.screenshot("settings-data-export-encrypted").await;
    desktop.click_button("Export encrypted").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=data-title] p[role=status]",
            &format!(
                "Exported to {}, encrypted: only its passphrase opens it, so keep the \
                 passphrase safe.",
                sealed.display()
            ),
        )
        .await;
    assert!(std::fs::read(&sealed)
        .unwrap()
        .starts_with(b"age-encryption.org/"));
    // Imported back, it asks for that passphrase; a wrong one is refused beside the field.
    std::fs::write(&pick, sealed.to_str().unwrap()).unwrap();
    desktop.click_button("Import…").await;
    desktop
        .fill("Passphrase of the export", "not the passphrase")
        .await;
    desktop
        .click_button_in("[aria-label='Open the encrypted export']", "Import")
        .await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=data-title] p[role=alert]",
            "That passphrase does not open this export. Nothing was changed.",
        )
        .await;
    desktop
        .fill("Passphrase of the export", "a long export passphrase")
        .await;
    desktop
        .click_button_in("[aria-label='Open the encrypted export']", "Import")
        .await;
    desktop.click_button("Replace").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=data-title] p[role=status]",
            "Imported 1 peer, 0 contacts and 0 self-checks.",
        )
        .await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_damaged_file_opens_the_recovery_screen_and_a_backup_brings_the_data_back() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam"]);
    cli(&data_dir, NOW, &["backup", "create"]);
    let (db, bytes) = damage_database(&data_dir);

    let desktop = Desktop::launch_with(&data_dir, extras(scratch.path())).await;
    desktop.wait_for_heading("Your data needs repair").await;
    let screen = desktop.screen_text().await;
    assert!(
        screen.contains("the damaged file is kept beside your data"),
        "{screen}"
    );
    desktop.screenshot("recovery").await;
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "nothing was written");

    let restore = desktop
        .find(Locator::XPath(
            "//button[starts-with(normalize-space(), 'Restore the backup of')]",
        ))
        .await;
    restore.click().await.unwrap();
    desktop
        .find(Locator::Css("main[data-screen=home] h1"))
        .await;
    let names = peer_names(&desktop).await;
    assert!(names.contains("Sam"), "{names}");
    let kept: Vec<String> = std::fs::read_dir(&data_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("mooring.damaged-"))
        .collect();
    assert!(!kept.is_empty(), "the damaged file is kept");
    desktop.quit().await;
}
