//! Encryption at rest, as a user and an onlooker meet it: what the files on disk show, what a
//! wrong passphrase or recovery key does, and a plain database from before encryption.

use std::path::{Path, PathBuf};
use std::process::Output;

use mooring_core::store::DATABASE_FILE;
use mooring_core::Store;
use serde_json::Value;

use crate::cli::mooring_cli;
use crate::support::{cli_keys, clock, CLI_PASSPHRASE};

const NOW: &str = "2026-11-25T10:00:00+01:00";
const PEER: &str = "Zebulon Quixote";
const NOTE: &str = "silver-lantern-4711";

/// Runs mooring-cli at [`NOW`] with `--json` and `passphrase` in MOORING_PASSPHRASE.
fn cli_with(data: &Path, passphrase: &str, args: &[&str]) -> Output {
    cli_at(data, NOW, passphrase, args)
}

/// Runs mooring-cli at `now` with `--json` and `passphrase` in MOORING_PASSPHRASE.
fn cli_at(data: &Path, now: &str, passphrase: &str, args: &[&str]) -> Output {
    std::process::Command::new(crate::support::mooring_cli_path())
        .env("MOORING_PASSPHRASE", passphrase)
        .arg("--data-dir")
        .arg(data)
        .args(["--json", "--now", now])
        .args(args)
        .output()
        .unwrap()
}

/// The JSON of a command that must succeed.
fn json(output: Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Whether `bytes` holds `text` anywhere.
fn holds(bytes: &[u8], text: &str) -> bool {
    bytes
        .windows(text.len())
        .any(|window| window == text.as_bytes())
}

/// Every file of Mooring's in `data`: the database, its WAL, the key file and the backups.
fn files_in(data: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data)
        .unwrap()
        .chain(
            std::fs::read_dir(data.join("backups"))
                .into_iter()
                .flatten(),
        )
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// A folder with the peer and the note in it, made by mooring-cli, and a backup.
fn data_with_secrets(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    json(cli_with(&data, CLI_PASSPHRASE, &["peer", "add", PEER]));
    json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &[
            "contact", "log", "--peer", PEER, "--kind", "call", "--note", NOTE,
        ],
    ));
    json(cli_with(&data, CLI_PASSPHRASE, &["backup", "create"]));
    data
}

#[test]
fn no_file_on_disk_holds_plain_text_yet_the_app_and_cli_read_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_secrets(dir.path());

    // A store held open with a write not yet checkpointed: the WAL holds the newest pages.
    let now = clock(NOW);
    let mut store = Store::open_in(&data, &cli_keys(), &now).unwrap();
    let peer = store.peers(true, &now).unwrap()[0].id;
    store
        .log_contact(
            mooring_core::NewContact {
                note: Some(format!("again {NOTE}")),
                ..crate::support::contact(vec![peer], NOW, true)
            },
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    let wal = PathBuf::from(format!("{}-wal", data.join(DATABASE_FILE).display()));
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the WAL is in use"
    );

    let files = files_in(&data);
    let backups: Vec<&PathBuf> = files
        .iter()
        .filter(|path| path.starts_with(data.join("backups")))
        .collect();
    assert_eq!(backups.len(), 1, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        if name.ends_with(".sqlite3") || name.ends_with("-wal") {
            assert!(!bytes.starts_with(b"SQLite format 3"), "{name} is plain");
        }
        assert!(!holds(&bytes, PEER), "{name} shows the peer's name");
        assert!(!holds(&bytes, NOTE), "{name} shows the note");
    }

    // Both read back, through the store and through the command line.
    let contacts = store
        .contacts(&mooring_core::ContactFilter::default(), &now)
        .unwrap();
    assert!(contacts
        .iter()
        .all(|c| c.note.as_deref().unwrap().contains(NOTE)));
    drop(store);
    let peers = json(cli_with(&data, CLI_PASSPHRASE, &["peer", "list"]));
    assert_eq!(peers[0]["name"], PEER);
    let contacts = json(cli_with(&data, CLI_PASSPHRASE, &["contact", "list"]));
    assert!(contacts.to_string().contains(NOTE), "{contacts}");
}

#[test]
fn a_wrong_passphrase_or_recovery_key_is_refused_with_locked_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_secrets(dir.path());
    let before: Vec<Vec<u8>> = files_in(&data)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();

    let wrong = cli_with(&data, "not the passphrase", &["status"]);
    assert_eq!(wrong.status.code(), Some(1));
    let error: Value = serde_json::from_slice(&wrong.stderr).unwrap();
    assert_eq!(error["code"], "locked");
    assert_eq!(
        error["message"],
        "That passphrase does not open Mooring's data. Nothing was changed; try again."
    );
    // Without --json: one line on stderr, nothing on stdout.
    let plain = mooring_cli_with_env(&data, "not the passphrase", &["status"]);
    let text = String::from_utf8(plain.stderr).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(plain.stdout.is_empty());

    // A recovery key that is not this data's: refused by the check and by opening.
    let other = dir.path().join("other");
    json(cli_with(&other, CLI_PASSPHRASE, &["status"]));
    let other_key = dir.path().join("other-key.txt");
    json(cli_with(
        &other,
        CLI_PASSPHRASE,
        &["key", "recovery", "--out", other_key.to_str().unwrap()],
    ));
    let check = cli_with(
        &data,
        "",
        &[
            "key",
            "recovery-check",
            "--file",
            other_key.to_str().unwrap(),
        ],
    );
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        serde_json::from_slice::<Value>(&check.stderr).unwrap()["code"],
        "locked"
    );
    let opened = cli_with(
        &data,
        "a new passphrase",
        &["--recovery-key-file", other_key.to_str().unwrap(), "status"],
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&opened.stderr).unwrap()["code"],
        "locked"
    );

    let after: Vec<Vec<u8>> = files_in(&data)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(before == after, "a refused key changed a file");

    // The right recovery key passes the check, and opens the data under a new passphrase.
    let key = dir.path().join("key.txt");
    json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["key", "recovery", "--out", key.to_str().unwrap()],
    ));
    let check = json(cli_with(
        &data,
        "",
        &["key", "recovery-check", "--file", key.to_str().unwrap()],
    ));
    assert_eq!(check, serde_json::json!({ "opens": true }));
    json(cli_with(
        &data,
        "a new passphrase",
        &["--recovery-key-file", key.to_str().unwrap(), "status"],
    ));
    let peers = json(cli_with(&data, "a new passphrase", &["peer", "list"]));
    assert_eq!(peers[0]["name"], PEER);
    let old = cli_with(&data, CLI_PASSPHRASE, &["status"]);
    assert_eq!(
        serde_json::from_slice::<Value>(&old.stderr).unwrap()["code"],
        "locked"
    );
}

/// Runs mooring-cli without `--json`.
fn mooring_cli_with_env(data: &Path, passphrase: &str, args: &[&str]) -> Output {
    std::process::Command::new(crate::support::mooring_cli_path())
        .env("MOORING_PASSPHRASE", passphrase)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_plain_database_from_the_previous_version_is_encrypted_with_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("backups")).unwrap();
    let database = data.join(DATABASE_FILE);
    {
        let conn = rusqlite::Connection::open(&database).unwrap();
        conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(include_str!("../../migrations/0002_first_use.sql"))
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = WAL;
             INSERT INTO first_use (id, at) VALUES (1, '2026-01-05T09:00:00+01:00');
             INSERT INTO peers (name, created_at) VALUES ('{PEER}', '2026-03-02T10:00:00+01:00');
             INSERT INTO contacts (at, kind, logged_at, note)
                 VALUES ('2026-11-20T18:00:00+01:00', 'call', '2026-11-20T18:05:00+01:00', '{NOTE}');
             INSERT INTO contact_peers (contact_id, peer_id) VALUES (1, 1);
             PRAGMA user_version = 2;"
        ))
        .unwrap();
        conn.execute(
            "VACUUM INTO ?1",
            [data
                .join("backups/mooring-20261120-090000-daily.sqlite3")
                .to_str()
                .unwrap()],
        )
        .unwrap();
    }
    assert!(std::fs::read(&database)
        .unwrap()
        .starts_with(b"SQLite format 3"));

    let contacts = json(cli_with(&data, CLI_PASSPHRASE, &["contact", "list"]));
    assert!(contacts.to_string().contains(NOTE), "{contacts}");
    assert!(contacts.to_string().contains(PEER), "{contacts}");
    // The daily backup of the previous version, converted, and the one taken before the
    // update to this version's schema.
    let backups = json(cli_with(&data, CLI_PASSPHRASE, &["backup", "list"]));
    let reasons: Vec<&str> = backups
        .as_array()
        .unwrap()
        .iter()
        .map(|backup| backup["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["before-update", "daily"], "{backups}");

    for file in files_in(&data) {
        let bytes = std::fs::read(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".plain") && !name.ends_with(".encrypting"),
            "{name} was left behind"
        );
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "{name} is still plain"
        );
        assert!(
            !holds(&bytes, PEER) && !holds(&bytes, NOTE),
            "{name} shows the secrets"
        );
    }
    // The converted backup restores.
    let id = backups[1]["id"].as_str().unwrap();
    json(cli_with(&data, CLI_PASSPHRASE, &["backup", "restore", id]));
    let peers = json(cli_with(&data, CLI_PASSPHRASE, &["peer", "list"]));
    assert_eq!(peers[0]["name"], PEER);
}

#[test]
fn the_key_never_appears_in_output_errors_exports_or_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_secrets(dir.path());
    let key_path = dir.path().join("key.txt");
    json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["key", "recovery", "--out", key_path.to_str().unwrap()],
    ));
    let recovery_key = std::fs::read_to_string(&key_path)
        .unwrap()
        .trim()
        .to_owned();
    // The key as the recovery key spells it, and as SQLCipher's raw key in hex.
    let raw: Vec<u8> = data_encoding::BASE32_NOPAD
        .decode(recovery_key.replace('-', "").as_bytes())
        .unwrap();
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let forms = [
        recovery_key.clone(),
        recovery_key.replace('-', ""),
        hex.clone(),
        hex.to_uppercase(),
    ];

    let export = dir.path().join("export.json");
    let mut seen: Vec<u8> = Vec::new();
    for output in [
        cli_with(&data, CLI_PASSPHRASE, &["status"]),
        cli_with(
            &data,
            CLI_PASSPHRASE,
            &["export", "--out", export.to_str().unwrap()],
        ),
        cli_with(&data, "wrong passphrase", &["status"]),
        mooring_cli(&data, &["status"]),
        cli_with(&data, CLI_PASSPHRASE, &["backup", "list"]),
    ] {
        seen.extend(output.stdout);
        seen.extend(output.stderr);
    }
    seen.extend(std::fs::read(&export).unwrap());
    seen.extend(std::fs::read(data.join(mooring_core::keys::KEY_FILE)).unwrap());
    let seen = String::from_utf8_lossy(&seen);
    for form in &forms {
        assert!(!seen.contains(form.as_str()), "the key showed up as {form}");
    }
    assert!(!seen.contains(CLI_PASSPHRASE), "the passphrase showed up");
}

#[test]
fn notes_older_than_the_retention_lose_their_text_and_keep_their_events() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let at = |instant: &str, label: &str| {
        let note = format!("{NOTE} {label}");
        let args = [
            "contact", "log", "--peer", PEER, "--kind", "call", "--note", &note,
        ];
        cli_at(&data, instant, CLI_PASSPHRASE, &args)
    };
    // A reflection in April, on the first day of use.
    let april = "2026-04-06T09:00:00+02:00";
    let item = json(cli_at(&data, april, CLI_PASSPHRASE, &["checklist", "show"]))["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["reflection"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let tick = ["checklist", "tick", item.as_str(), "--note", NOTE];
    json(cli_at(&data, april, CLI_PASSPHRASE, &tick));

    json(cli_with(&data, CLI_PASSPHRASE, &["peer", "add", PEER]));
    for (instant, label) in [
        ("2026-03-10T18:00:00+01:00", "march"),
        ("2026-05-24T18:00:00+02:00", "just before"),
        ("2026-05-26T18:00:00+02:00", "just after"),
        ("2026-11-20T18:00:00+01:00", "november"),
    ] {
        json(at(instant, label));
    }
    // Six months back from 25 November 2026 is 25 May 2026.
    let settings = json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["settings", "set", "keep-notes", "6"],
    ));
    assert_eq!(settings["keep-notes"], "6");
    let contacts = json(cli_with(&data, CLI_PASSPHRASE, &["contact", "list"]));
    let notes: Vec<Value> = contacts
        .as_array()
        .unwrap()
        .iter()
        .map(|contact| contact["note"].clone())
        .collect();
    assert_eq!(
        notes,
        [
            Value::from(format!("{NOTE} november")),
            Value::from(format!("{NOTE} just after")),
            Value::Null,
            Value::Null,
        ],
        "newest first: the two older than six months are empty, and all four remain"
    );
    let week = json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["checklist", "show", "--week", "2026-W15"],
    ));
    let ticked = week["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == item.parse::<i64>().unwrap())
        .unwrap();
    assert!(ticked["done_at"].is_string(), "the tick stays: {ticked}");
    assert_eq!(ticked["note"], Value::Null);

    // Keeping them for good again erases nothing more; bad values are refused.
    let settings = json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["settings", "set", "keep-notes", "forever"],
    ));
    assert_eq!(settings["keep-notes"], "forever");
    let refused = cli_with(
        &data,
        CLI_PASSPHRASE,
        &["settings", "set", "keep-notes", "0"],
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&refused.stderr).unwrap()["code"],
        "invalid-input"
    );
}

#[test]
fn an_encrypted_export_hides_its_text_and_imports_with_its_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_secrets(dir.path());
    let out = dir.path().join("export.age");
    let with_export_passphrase = |data: &Path, export_passphrase: &str, args: &[&str]| {
        std::process::Command::new(crate::support::mooring_cli_path())
            .env("MOORING_PASSPHRASE", CLI_PASSPHRASE)
            .env("MOORING_EXPORT_PASSPHRASE", export_passphrase)
            .arg("--data-dir")
            .arg(data)
            .args(["--json", "--now", NOW])
            .args(args)
            .output()
            .unwrap()
    };
    let out_arg = out.to_str().unwrap();
    let written = json(with_export_passphrase(
        &data,
        "export passphrase",
        &["export", "--out", out_arg, "--encrypt"],
    ));
    assert_eq!(written["encrypted"], true);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1"));
    assert!(!holds(&bytes, PEER) && !holds(&bytes, NOTE));

    // Wrong or missing passphrase: refused with `locked`, and no data folder is made.
    let fresh = dir.path().join("fresh");
    for passphrase in ["not the export passphrase", ""] {
        let refused = with_export_passphrase(&fresh, passphrase, &["import", out_arg]);
        assert_eq!(refused.status.code(), Some(1));
        let error: Value = serde_json::from_slice(&refused.stderr).unwrap();
        assert_eq!(error["code"], "locked", "{error}");
        assert!(!fresh.exists());
    }
    json(with_export_passphrase(
        &fresh,
        "export passphrase",
        &["import", out_arg],
    ));
    let contacts = json(cli_with(&fresh, CLI_PASSPHRASE, &["contact", "list"]));
    assert!(contacts.to_string().contains(NOTE) && contacts.to_string().contains(PEER));

    // A CSV export cannot be encrypted, and --encrypt without a passphrase writes nothing.
    let csv = dir.path().join("csv");
    let refused = with_export_passphrase(
        &data,
        "export passphrase",
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv.to_str().unwrap(),
            "--encrypt",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    let bare = dir.path().join("bare.age");
    let refused = with_export_passphrase(
        &data,
        "",
        &["export", "--out", bare.to_str().unwrap(), "--encrypt"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(!csv.exists() && !bare.exists());
}

#[test]
fn deleting_all_data_removes_the_key_the_file_and_every_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let elsewhere = dir.path().join("synced-backups");
    let credentials = mooring_core::MemoryCredentials::default();
    let access = mooring_core::Access::with_credentials(&credentials);
    let now = clock(NOW);
    let mut store = Store::open_in(&data, &access, &now).unwrap();
    store
        .add_peer(crate::support::peer(PEER), mooring_core::Guard::Check, &now)
        .unwrap();
    store.create_backup(&now).unwrap();
    store
        .set_setting("backup-folder", elsewhere.to_str().unwrap(), &now)
        .unwrap();
    store.create_backup(&now).unwrap();
    let export = dir.path().join("export.json");
    store
        .export_to(mooring_core::DataFormat::Json, &export, &now)
        .unwrap();

    let removed = store.delete_all_data(&credentials).unwrap();
    let backups = removed
        .iter()
        .filter(|file| file.to_string_lossy().contains("-manual"))
        .count();
    assert_eq!(backups, 2, "{removed:?}");
    let left: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .chain(std::fs::read_dir(&elsewhere).unwrap())
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "backups")
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(
        std::fs::read_dir(data.join("backups"))
            .unwrap()
            .next()
            .is_none(),
        "the default folder is empty"
    );
    // The export the user saved elsewhere is theirs.
    assert!(export.exists());
    // Opening again starts a new, empty Mooring with a new key.
    let mut store = Store::open_in(&data, &access, &now).unwrap();
    assert!(!store.holds_user_data().unwrap());
    assert!(
        store.take_new_recovery_key().is_some(),
        "a new key was made"
    );
}

#[test]
fn a_new_passphrase_re_keys_the_data_and_its_backups_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_secrets(dir.path());
    let old_key = dir.path().join("old-key.txt");
    json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &["key", "recovery", "--out", old_key.to_str().unwrap()],
    ));
    let new_passphrase = dir.path().join("new-passphrase.txt");
    std::fs::write(&new_passphrase, "a completely new passphrase\n").unwrap();
    let changed = json(cli_with(
        &data,
        CLI_PASSPHRASE,
        &[
            "key",
            "change",
            "--new-passphrase-file",
            new_passphrase.to_str().unwrap(),
        ],
    ));
    assert_eq!(changed["changed"], true);
    let new = "a completely new passphrase";

    // The old passphrase and the old recovery key no longer open anything.
    let old = cli_with(&data, CLI_PASSPHRASE, &["status"]);
    assert_eq!(
        serde_json::from_slice::<Value>(&old.stderr).unwrap()["code"],
        "locked"
    );
    let check = cli_with(
        &data,
        new,
        &["key", "recovery-check", "--file", old_key.to_str().unwrap()],
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&check.stderr).unwrap()["code"],
        "locked"
    );

    // A backup was made first, and every backup opens with the new key: one restores.
    let backups = json(cli_with(&data, new, &["backup", "list"]));
    let reasons: Vec<&str> = backups
        .as_array()
        .unwrap()
        .iter()
        .map(|backup| backup["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"before-key-change"), "{reasons:?}");
    let old_backup = backups
        .as_array()
        .unwrap()
        .iter()
        .find(|backup| backup["reason"] == "manual")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    json(cli_with(&data, new, &["backup", "restore", &old_backup]));
    assert_eq!(
        json(cli_with(&data, new, &["peer", "list"]))[0]["name"],
        PEER
    );
    for file in files_in(&data) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !holds(&bytes, PEER) && !holds(&bytes, NOTE),
            "{}",
            file.display()
        );
    }
    // The new recovery key is to be saved, and opens everything.
    let new_key = dir.path().join("new-key.txt");
    json(cli_with(
        &data,
        new,
        &["key", "recovery", "--out", new_key.to_str().unwrap()],
    ));
    json(cli_with(
        &data,
        "",
        &["key", "recovery-check", "--file", new_key.to_str().unwrap()],
    ));
}
