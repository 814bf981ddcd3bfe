//! Encryption as a person meets it: the key in the desktop keyring with nothing to type, a
//! passphrase where there is no keyring, the recovery key on Home until it is saved, and the
//! files on disk showing nothing.

use super::harness::{cli, move_clock_and_wait, Extras};
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

/// Types a wrong `passphrase` on the lock screen and sees it refused.
async fn refuses_passphrase(desktop: &Desktop, passphrase: &str) {
    desktop.fill("Passphrase", passphrase).await;
    desktop.click_button("Unlock").await;
    desktop
        .wait_for_text(
            ".lock .inline-error",
            "That passphrase does not open Mooring's data. Nothing was changed; try again.",
        )
        .await;
}

/// Extras with the test clock at [`NOW`] in `scratch`.
fn at_now(scratch: &std::path::Path, no_keyring: bool) -> Extras {
    Extras {
        no_keyring,
        ..Extras::at(scratch, NOW)
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
    // Printed, the key card is alone on the page: no Home behind it.
    let printed = desktop.print_from("Print", "print-recovery-key").await;
    assert!(printed.contains("Mooring recovery key"), "{printed}");
    assert!(
        printed
            .split_whitespace()
            .collect::<String>()
            .contains(&key),
        "{printed}"
    );
    assert!(!printed.contains("Week 48"), "{printed}");
    assert!(!printed.contains("I have saved it"), "{printed}");
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
        .wait_for_text("#keep-notes-line .line-status", "Saved.")
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

    // Delete all my data: the typed words, then nothing of it is left, not even the start at
    // login, and Mooring starts over saying so.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop.click_label("Start Mooring when I log in").await;
    let login_entry = data_dir.with_extension("home").join(".config/autostart");
    crate::session::wait_until("the start-at-login entry", || {
        std::fs::read_dir(&login_entry).is_ok_and(|mut entries| entries.next().is_some())
    });
    desktop.click_button("Delete all my data…").await;
    desktop
        .fill("Type “delete my data” to confirm", "delete my")
        .await;
    desktop.click_button("Delete everything").await;
    desktop
        .wait_for_text(
            ".delete-all .inline-error",
            "Type “delete my data” to confirm; nothing was deleted.",
        )
        .await;
    desktop.screenshot("privacy-delete-all").await;
    desktop
        .fill("Type “delete my data” to confirm", "delete my data")
        .await;
    desktop.click_button("Delete everything").await;
    desktop.find_css("#welcome-title").await;
    desktop
        .wait_for_text(
            "main .banner",
            "Everything Mooring kept is deleted: your data, its backups, its key and its start at login.",
        )
        .await;
    assert!(!desktop.text("body").await.contains(PEER));
    let left: Vec<_> = std::fs::read_dir(&login_entry).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
    let backups: Vec<_> = std::fs::read_dir(data_dir.join("backups"))
        .unwrap()
        .collect();
    assert!(backups.is_empty(), "{backups:?}");
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
    refuses_passphrase(&desktop, "harbour light").await;
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

    // Changing the passphrase re-encrypts everything with a new key, and a new recovery key.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop.click_button("Change the passphrase…").await;
    desktop
        .fill("New passphrase", "the fourth passphrase")
        .await;
    desktop
        .fill("The same passphrase again", "the fourth passphrase")
        .await;
    desktop.click_button("Re-encrypt").await;
    desktop
        .wait_for_text(
            "#key-status",
            "Your data and backups are encrypted with a new key. Save the new recovery key, shown on Home.",
        )
        .await;
    desktop.click_button("Home").await;
    desktop
        .wait_for_text("#recovery-key-title", "Save your recovery key")
        .await;
    assert_ne!(desktop.text(".recovery-key").await, recovery_key);
    desktop.quit().await;
    let desktop = Desktop::launch_with(&data_dir, at_now(scratch.path(), true)).await;
    desktop.wait_for_heading("Mooring is locked").await;
    refuses_passphrase(&desktop, "a brand new passphrase").await;
    desktop.fill("Passphrase", "the fourth passphrase").await;
    desktop.click_button("Unlock").await;
    desktop.wait_for_heading("Week 48").await;
    desktop.quit().await;
}

#[tokio::test]
async fn the_lock_closes_the_window_when_idle_and_nudges_stay_neutral_meanwhile() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let clock_file = scratch.path().join("clock");
    // Monday of a heavy week; the last real talk was on Friday at 10:20, so the heavy-week
    // lapse (72 hours) falls due at 10:20 today.
    let monday = "2026-11-23T10:00:00+01:00";
    std::fs::write(&clock_file, monday).unwrap();
    // In use since the Monday before, so that the lapse counts from Friday.
    let first_use = "2026-11-16T09:00:00+01:00";
    cli(&data_dir, first_use, &["peer", "add", "Sam"]);
    let selfcheck = [
        "selfcheck",
        "take",
        "--q1",
        "yes",
        "--q2",
        "yes",
        "--q3",
        "yes",
        "--q4",
        "7",
    ];
    cli(&data_dir, monday, &selfcheck);
    let friday = "2026-11-20T10:20:00+01:00";
    cli(
        &data_dir,
        friday,
        &["contact", "log", "--peer", "Sam", "--kind", "call"],
    );
    cli(&data_dir, monday, &["caseload", "set", "30"]);
    cli(
        &data_dir,
        monday,
        &[
            "key",
            "recovery",
            "--out",
            scratch.path().join("key.txt").to_str().unwrap(),
        ],
    );

    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file.clone()),
            notifications: true,
            time_zone: Some("Europe/Berlin"),
            ..Extras::default()
        },
    )
    .await;
    desktop.wait_for_heading("Week 48").await;

    // Turning the lock on asks for a passphrase, since the key is in the keyring.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop
        .click_label("Ask for my passphrase when Mooring opens, and after")
        .await;
    desktop
        .fill("Passphrase for the lock", "quiet harbour")
        .await;
    desktop
        .fill("The same passphrase again", "quiet harbour")
        .await;
    desktop.click_button("Turn on the lock").await;
    desktop
        .wait_for_text("#app-lock-line .line-status", "The lock is on.")
        .await;
    desktop.screenshot("privacy-lock-on").await;

    // Fourteen minutes without use: still open.
    move_clock_and_wait(&clock_file, "2026-11-23T10:14:00+01:00").await;
    assert_eq!(desktop.text("main h1").await, "Settings");
    // Sixteen: the window shows only the lock screen.
    move_clock_and_wait(&clock_file, "2026-11-23T10:16:00+01:00").await;
    desktop.wait_for_heading("Mooring is locked").await;
    assert_eq!(
        desktop.text(".lock .lead").await,
        "Mooring locked itself while you were away. Enter your passphrase to open it."
    );
    assert!(!desktop.text("body").await.contains("Sam"));
    // The cursor waits in the passphrase field.
    assert_eq!(desktop.focused_name().await, "Passphrase");
    desktop.screenshot("privacy-idle-locked").await;

    // The lapse falls due while locked: the notification says only that there is one.
    move_clock_and_wait(&clock_file, "2026-11-23T10:21:00+01:00").await;
    let arrived = desktop.notifications();
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(arrived[0].summary, "Mooring has a reminder for you");
    assert_eq!(arrived[0].body, "Open Mooring and unlock it to see it.");

    // A wrong passphrase keeps it locked; the right one opens Settings again, where the user
    // was, and Home has the nudge.
    refuses_passphrase(&desktop, "quiet harbor").await;
    desktop.fill("Passphrase", "quiet harbour").await;
    desktop.click_button("Unlock").await;
    desktop.wait_for_heading("Settings").await;
    desktop.click_button("Home").await;
    desktop.wait_for_heading("Week 48").await;
    assert!(desktop.text("main").await.contains("Sam"));
    desktop.quit().await;
}
