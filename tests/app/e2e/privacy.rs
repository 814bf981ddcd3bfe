//! Encryption as a person meets it: the key in the desktop keyring with nothing to type, a
//! passphrase where there is no keyring, the recovery key on Home until it is saved, and the
//! files on disk showing nothing.

use super::harness::{cli, Extras};
use super::Desktop;

const NOW: &str = "2026-11-25T10:00:00+01:00";
const PEER: &str = "Zebulon Quixote";
const NOTE: &str = "silver-lantern-4711";

/// Whether `bytes` holds `text` anywhere.
fn holds(bytes: &[u8], text: &str) -> bool {
    bytes
        .windows(text.len())
        .any(|window| window == text.as_bytes())
}

/// Every file in `data` and its backups folder.
fn files_in(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(data)
        .unwrap()
        .chain(
            std::fs::read_dir(data.join("backups"))
                .into_iter()
                .flatten(),
        )
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect()
}

/// Extras with the test clock at [`NOW`] in `scratch`.
fn at_now(scratch: &std::path::Path, no_keyring: bool) -> Extras {
    let clock_file = scratch.join("clock");
    std::fs::write(&clock_file, NOW).unwrap();
    Extras {
        clock_file: Some(clock_file),
        time_zone: Some("Europe/Berlin"),
        no_keyring,
        ..Extras::default()
    }
}

#[tokio::test]
async fn with_a_keyring_the_data_opens_by_itself_and_no_file_shows_it() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", PEER]);
    cli(
        &data_dir,
        NOW,
        &[
            "contact", "log", "--peer", PEER, "--kind", "call", "--note", NOTE,
        ],
    );
    cli(
        &data_dir,
        NOW,
        &[
            "contact",
            "log",
            "--peer",
            PEER,
            "--kind",
            "message",
            "--at",
            "2026-03-10T18:00:00+01:00",
            "--note",
            "an old thought",
        ],
    );
    cli(&data_dir, NOW, &["backup", "create"]);

    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), false)).await;
    desktop.screenshot("privacy-keyring-home").await;
    desktop.wait_for_heading("Week 48").await;
    // The recovery key waits on Home until the user says it is saved.
    desktop
        .wait_for_text("#recovery-key-title", "Save your recovery key")
        .await;
    let key = desktop.text(".recovery-key").await;
    assert_eq!(key.len(), 64, "{key}");
    desktop.click_button("I have saved it").await;
    desktop.wait_until_gone("#recovery-key-title").await;

    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    assert!(desktop.text("main").await.contains(PEER));
    assert!(desktop.text("main").await.contains(NOTE));
    for file in files_in(&data_dir) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !holds(&bytes, PEER) && !holds(&bytes, NOTE),
            "{}",
            file.display()
        );
        assert!(!bytes.starts_with(b"SQLite format 3"), "{}", file.display());
    }
    assert!(desktop.text("main").await.contains("an old thought"));

    // Keeping notes six months erases the March note's text; both contacts stay.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop
        .choose("Keep the text of notes and reflections", "6 months")
        .await;
    desktop
        .wait_for_text("#privacy-title ~ .rule-line .line-status", "Saved.")
        .await;
    desktop.screenshot("privacy-settings").await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    let peers = desktop.text("main").await;
    assert!(
        peers.contains(NOTE) && !peers.contains("an old thought"),
        "{peers}"
    );
    desktop.quit().await;

    // The next start opens by itself again, and no longer asks to save the key.
    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), false)).await;
    desktop.wait_for_heading("Week 48").await;
    assert!(!desktop.is_present("#recovery-key-title").await);
    desktop.quit().await;
}

#[tokio::test]
async fn without_a_keyring_a_passphrase_guards_the_data_and_a_wrong_one_changes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), true)).await;
    desktop.wait_for_heading("Choose a passphrase").await;
    desktop.screenshot("privacy-choose-passphrase").await;
    desktop.fill("Passphrase", "harbour lights").await;
    desktop
        .fill("The same passphrase again", "harbour light")
        .await;
    desktop.click_button("Encrypt and open").await;
    desktop
        .wait_for_text(
            ".lock .inline-error",
            "The two passphrases differ. Type the same one twice.",
        )
        .await;
    desktop.choose_passphrase("harbour lights").await;
    desktop.click_button("Skip setting up").await;
    desktop
        .wait_for_text("#recovery-key-title", "Save your recovery key")
        .await;
    let recovery_key = desktop.text(".recovery-key").await;
    desktop.click_button("I have saved it").await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.click_button("Add a peer").await;
    desktop.fill("Name", PEER).await;
    desktop.click_button("Add peer").await;
    desktop
        .wait_for_text(".inline-ok", &format!("Added {PEER}."))
        .await;
    desktop.quit().await;

    // The next start is locked. A wrong passphrase is refused and changes no file.
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = files_in(&data_dir)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).unwrap();
            (file, bytes)
        })
        .collect();
    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), true)).await;
    desktop.wait_for_heading("Mooring is locked").await;
    desktop.screenshot("privacy-locked").await;
    assert!(!desktop.text("body").await.contains(PEER));
    desktop.fill("Passphrase", "harbour light").await;
    desktop.click_button("Unlock").await;
    desktop
        .wait_for_text(
            ".lock .inline-error",
            "That passphrase does not open Mooring's data. Nothing was changed; try again.",
        )
        .await;
    for (file, bytes) in &before {
        assert!(
            &std::fs::read(file).unwrap() == bytes,
            "{} changed",
            file.display()
        );
    }

    // The recovery key opens it, and a new passphrase keeps it from then on.
    desktop
        .click_button("Forgot it? Use your recovery key")
        .await;
    desktop
        .fill("Recovery key", &recovery_key.to_lowercase())
        .await;
    desktop
        .fill("New passphrase (optional)", "a brand new passphrase")
        .await;
    desktop.screenshot("privacy-recovery-key").await;
    desktop.click_button("Open with the recovery key").await;
    desktop.wait_for_heading("Week 48").await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    assert!(desktop.text("main").await.contains(PEER));
    desktop.quit().await;
    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), true)).await;
    desktop.wait_for_heading("Mooring is locked").await;
    desktop.fill("Passphrase", "a brand new passphrase").await;
    desktop.click_button("Unlock").await;
    desktop.wait_for_heading("Week 48").await;
    desktop.quit().await;
}
