//! Your data is safe: many writers on one file, racing first starts, kills mid-write and
//! mid-backup, damaged files, backups and their rotation, export and import.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use mooring_core::backup::backups_to_keep;
use mooring_core::{Clock, DataFormat, FixedClock, Store};
use serde_json::Value;

use crate::cli::{mooring_cli, mooring_cli_json};
use crate::support::{clock, peer};

const NOW: &str = "2026-11-25T10:00:00+01:00";

/// The path of the mooring-cli binary under test.
fn cli_binary() -> &'static Path {
    crate::support::mooring_cli_path()
}

/// Runs mooring-cli with `--json`, returning the exit code and the parsed output or error.
fn try_cli(data: &Path, args: &[&str]) -> (i32, Value) {
    cli_with_passphrases(data, crate::support::CLI_PASSPHRASE, None, args)
}

/// The SHA-like fingerprint of a file's bytes (equal bytes, equal fingerprint), or of a
/// folder's listing.
fn fingerprint(path: &Path) -> Vec<u8> {
    if path.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.join("\n").into_bytes()
    } else {
        std::fs::read(path).unwrap()
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

// Many writers, one file.

/// One write of each kind mooring-cli makes, by turn: peers, contacts, caseloads, ticks,
/// self-checks, settings, the template.
fn write_of_kind(who: &str, n: usize) -> Vec<String> {
    let owned = |args: &[&str]| args.iter().map(|arg| (*arg).to_owned()).collect();
    match n % 7 {
        0 => owned(&["peer", "add", &format!("{who}{n}")]),
        1 => owned(&[
            "contact",
            "log",
            "--kind",
            "call",
            "--peer",
            &format!("{who}{}", n - 1),
        ]),
        2 => owned(&[
            "caseload",
            "set",
            &(n % 40).to_string(),
            "--week",
            // The weeks a caseload can be entered for: from four before first use to eight ahead.
            &format!("2026-W{:02}", 44 + n % 10),
        ]),
        3 => owned(&["checklist", "tick", &(1 + n % 9).to_string()]),
        4 => owned(&[
            "selfcheck",
            "take",
            "--q1",
            "yes",
            "--q2",
            "no",
            "--q3",
            "yes",
            "--q4",
            "7",
        ]),
        5 => owned(&[
            "settings",
            "set",
            "heavy-threshold",
            &(20 + n % 10).to_string(),
        ]),
        _ => owned(&[
            "template",
            "add",
            &format!("{who} item {n}"),
            "--slot",
            "weekend",
        ]),
    }
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_owned();
    mooring_cli_json(&data, &["--now", NOW, "checklist", "show"]);
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let data = data.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for n in 0..200 {
                    let args = write_of_kind(who, n);
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let output = mooring_cli(&data, &[&["--now", NOW], args.as_slice()].concat());
                    if !output.status.success() {
                        failures.push(format!(
                            "{args:?}: {}",
                            String::from_utf8_lossy(&output.stderr)
                        ));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|writer| writer.join().unwrap())
        .collect();
    assert_eq!(failures, Vec::<String>::new());

    // Nothing lost: every peer, contact and self-check of both writers is there.
    let peers = mooring_cli_json(&data, &["peer", "list"]);
    assert_eq!(peers.as_array().unwrap().len(), 2 * 29);
    let contacts = mooring_cli_json(&data, &["--now", NOW, "contact", "list"]);
    assert_eq!(contacts.as_array().unwrap().len(), 2 * 29);
    let checks = mooring_cli_json(&data, &["--now", NOW, "selfcheck", "list"]);
    assert_eq!(checks.as_array().unwrap().len(), 2 * 28);
    let template = mooring_cli_json(&data, &["template", "list"]);
    let added = template
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["title"].as_str().unwrap().contains(" item "))
        .count();
    assert_eq!(added, 2 * 28);
}

#[test]
fn three_racing_first_starts_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..20 {
        let data = dir.path().join(format!("new-{round}"));
        let starts: Vec<_> = (0..3)
            .map(|_| {
                Command::new(cli_binary())
                    .env("MOORING_PASSPHRASE", crate::support::CLI_PASSPHRASE)
                    .args(["--json", "--data-dir"])
                    .arg(&data)
                    .args(["--now", NOW, "status"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for start in starts {
            let output = start.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

// Permissions, and nothing made by a rejected command.

#[test]
fn an_existing_folder_keeps_its_permissions_and_the_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    mooring_cli_json(&shared, &["--now", NOW, "peer", "add", "Sam"]);
    mooring_cli_json(&shared, &["--now", NOW, "backup", "create"]);
    assert_eq!(mode(&shared), 0o755, "an existing folder is never chmodded");
    assert_eq!(mode(&shared.join("mooring.sqlite3")), 0o600);
    assert_eq!(mode(&shared.join("backups")), 0o700);
    for backup in std::fs::read_dir(shared.join("backups")).unwrap() {
        assert_eq!(mode(&backup.unwrap().path()), 0o600);
    }

    // A sticky, world-writable folder keeps its sticky bit.
    let sticky = dir.path().join("sticky");
    std::fs::create_dir(&sticky).unwrap();
    std::fs::set_permissions(&sticky, std::fs::Permissions::from_mode(0o1777)).unwrap();
    mooring_cli_json(&sticky, &["--now", NOW, "status"]);
    assert_eq!(mode(&sticky), 0o1777);

    // The -wal and -shm files, while a store is open, are private too.
    let store = Store::open_in(&shared, &crate::support::cli_keys(), &clock(NOW)).unwrap();
    store.settings().unwrap();
    for file in ["mooring.sqlite3-wal", "mooring.sqlite3-shm"] {
        let path = shared.join(file);
        assert!(path.exists(), "{file} exists while the store is open");
        assert_eq!(mode(&path), 0o600, "{file}");
    }

    // A folder Mooring makes is the user's only.
    let made = dir.path().join("made").join("by").join("mooring");
    mooring_cli_json(&made, &["--now", NOW, "status"]);
    assert_eq!(mode(&made), 0o700);
    assert_eq!(mode(&dir.path().join("made")), 0o700);

    let export = dir.path().join("out.json");
    mooring_cli_json(
        &shared,
        &["--now", NOW, "export", "--out", export.to_str().unwrap()],
    );
    assert_eq!(mode(&export), 0o600);
}

#[test]
fn a_rejected_command_on_a_new_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh").join("mooring");
    for args in [
        &["peer", "add", ""][..],
        &["peer", "archive", "Nobody"],
        &["contact", "log", "--kind", "call", "--peer", "Nobody"],
        &["contact", "delete", "4"],
        &["checklist", "tick", "999"],
        &["template", "rename", "999", "New"],
        &["caseload", "set", "200"],
        &["settings", "set", "heavy-threshold", "0"],
        &["settings", "set", "nonsense", "1"],
        &["nudges", "dismiss"],
        &["backup", "restore", "20260101-000000-daily"],
        &["import", "/nonexistent/export.json"],
        &["export", "--format", "xml", "--out", "x.xml"],
        &["demo-data", "--years", "99"],
    ] {
        let (code, error) = try_cli(&fresh, &[&["--now", NOW], args].concat());
        assert_ne!(code, 0, "{args:?} is rejected");
        assert!(error["message"].is_string(), "{args:?}: {error}");
        assert!(
            !dir.path().join("fresh").exists(),
            "{args:?} left {}",
            dir.path().join("fresh").display()
        );
    }
}

// Damaged files are refused, untouched.

/// A data folder with two years of demo data and one backup.
fn folder_with_history(parent: &Path, name: &str) -> PathBuf {
    let data = parent.join(name);
    mooring_cli_json(&data, &["--now", NOW, "demo-data", "--years", "2"]);
    mooring_cli_json(&data, &["--now", NOW, "backup", "create"]);
    data
}

#[test]
fn a_damaged_file_is_refused_with_corrupt_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 5] = [
        ("a page overwritten in the middle", |db| {
            let mut bytes = std::fs::read(db).unwrap();
            let middle = bytes.len() / 2 / 4096 * 4096;
            let mut rng = fastrand::Rng::with_seed(4);
            for byte in &mut bytes[middle..middle + 4096] {
                *byte = rng.u8(..);
            }
            std::fs::write(db, bytes).unwrap();
        }),
        ("a truncated file", |db| {
            let bytes = std::fs::read(db).unwrap();
            std::fs::write(db, &bytes[..bytes.len() / 3]).unwrap();
        }),
        ("a zero-byte file", |db| std::fs::write(db, b"").unwrap()),
        ("random bytes", |db| {
            let mut rng = fastrand::Rng::with_seed(9);
            let bytes: Vec<u8> = (0..65536).map(|_| rng.u8(..)).collect();
            std::fs::write(db, bytes).unwrap();
        }),
        ("a folder", |db| {
            std::fs::remove_file(db).unwrap();
            std::fs::create_dir(db).unwrap();
        }),
    ];
    for (index, (what, damage)) in damages.into_iter().enumerate() {
        let data = folder_with_history(dir.path(), &format!("damaged-{index}"));
        let db = data.join("mooring.sqlite3");
        damage(&db);
        let before = fingerprint(&db);
        for args in [
            &["status"][..],
            &["peer", "add", "Sam"],
            &["caseload", "set", "20"],
            &[
                "export",
                "--out",
                dir.path().join("x.json").to_str().unwrap(),
            ],
        ] {
            let (code, error) = try_cli(&data, &[&["--now", NOW], args].concat());
            assert_eq!(code, 1, "{what}: {args:?}");
            assert_eq!(error["code"], "corrupt", "{what}: {args:?}: {error}");
            assert_eq!(
                fingerprint(&db),
                before,
                "{what}: {args:?} changed the file"
            );
        }
        // The way out, from the command line: the backups are listed, and one comes back in
        // place of the damaged file, which is set aside.
        let (code, backups) = try_cli(&data, &["backup", "list"]);
        assert_eq!(code, 0, "{what}: {backups}");
        assert_eq!(backups.as_array().unwrap().len(), 1, "{what}: {backups}");
        let id = backups[0]["id"].as_str().unwrap();
        let (code, restored) = try_cli(&data, &["--now", NOW, "backup", "restore", id]);
        assert_eq!(code, 0, "{what}: {restored}");
        assert_eq!(restored["restored"]["id"], id, "{what}");
        let aside = PathBuf::from(restored["set_aside"].as_str().unwrap());
        assert_eq!(
            fingerprint(&aside),
            before,
            "{what}: the damaged file is kept"
        );
        let peers = mooring_cli_json(&data, &["--now", NOW, "peer", "list"]);
        assert!(
            !peers.as_array().unwrap().is_empty(),
            "{what}: the data is back"
        );
    }
}

#[test]
fn recover_names_the_ways_forward_and_each_keeps_the_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    for (index, way) in ["show", "--restore", "--save-readable", "--start-fresh"]
        .into_iter()
        .enumerate()
    {
        let data = folder_with_history(dir.path(), &format!("recover-{index}"));
        let db = data.join("mooring.sqlite3");
        let mut bytes = std::fs::read(&db).unwrap();
        let middle = bytes.len() / 2 / 4096 * 4096;
        bytes[middle..middle + 4096].fill(0x5a);
        std::fs::write(&db, bytes).unwrap();
        let damaged = fingerprint(&db);
        let backup = mooring_cli_json(&data, &["backup", "list"])[0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let saved = dir.path().join(format!("readable-{index}.json"));
        let args: Vec<&str> = match way {
            "show" => vec!["recover"],
            "--restore" => vec!["recover", "--restore", &backup],
            "--save-readable" => vec!["recover", "--save-readable", saved.to_str().unwrap()],
            _ => vec!["recover", "--start-fresh"],
        };
        let output = crate::cli::mooring_cli(&data, &[&["--now", NOW][..], &args].concat());
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{way}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        match way {
            "show" => {
                for said in [
                    "damaged",
                    "Nothing has been deleted",
                    &format!("mooring-cli recover --restore {backup}"),
                    "mooring-cli recover --save-readable FILE",
                    "mooring-cli recover --start-fresh",
                ] {
                    assert!(text.contains(said), "{way}: {text}");
                }
                assert_eq!(fingerprint(&db), damaged, "showing changes nothing");
            }
            "--save-readable" => {
                assert!(text.contains("Saved"), "{text}");
                let export = std::fs::read_to_string(&saved).unwrap();
                assert!(export.contains("\"tables\""), "an export import reads");
                assert_eq!(mode(&saved), 0o600);
                assert_eq!(fingerprint(&db), damaged, "saving changes nothing");
            }
            _ => {
                assert!(text.contains("set aside as"), "{way}: {text}");
                assert!(text.contains("nothing was deleted"), "{way}: {text}");
                let peers = mooring_cli_json(&data, &["--now", NOW, "peer", "list"]);
                assert_eq!(
                    peers.as_array().unwrap().is_empty(),
                    way == "--start-fresh",
                    "{way}: {peers}"
                );
            }
        }
    }
    // On data that is whole, recover says so and changes nothing.
    let whole = folder_with_history(dir.path(), "whole");
    let output = crate::cli::mooring_cli(&whole, &["recover"]);
    assert!(String::from_utf8_lossy(&output.stdout).contains("nothing to recover"));
    let output = crate::cli::mooring_cli(&whole, &["recover", "--start-fresh"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not damaged"));
}

#[test]
fn a_refused_first_start_leaves_no_folder_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh").join("mooring");
    let recovery_key = dir.path().join("recovery-key.txt");
    std::fs::write(
        &recovery_key,
        "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST\n",
    )
    .unwrap();
    let (code, short) = cli_with_passphrases(&fresh, "short", None, &["status"]);
    assert_eq!(code, 1);
    assert!(
        short["message"]
            .as_str()
            .unwrap()
            .contains("at least 8 characters"),
        "{short}"
    );
    assert!(
        !dir.path().join("fresh").exists(),
        "a short passphrase left the folder"
    );
    let (code, error) = try_cli(
        &fresh,
        &[
            "--recovery-key-file",
            recovery_key.to_str().unwrap(),
            "status",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(error["code"], "locked", "{error}");
    assert!(
        !dir.path().join("fresh").exists(),
        "a wrong recovery key left the folder"
    );
    // No passphrase and no credential store.
    let access = mooring_core::Access {
        credentials: &mooring_core::NoCredentials,
        passphrase: None,
        recovery_key: None,
    };
    let refused = Store::open_in(&fresh, &access, &clock(NOW)).unwrap_err();
    assert_eq!(refused.code(), "needs-passphrase");
    assert!(
        !dir.path().join("fresh").exists(),
        "no passphrase left the folder"
    );
}

#[test]
fn a_backup_folder_is_checked_when_it_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    for (folder, says) in [
        ("/dev/null", "is a file, not a folder"),
        ("/etc/passwd", "is a file, not a folder"),
        ("/proc/version/backups", "cannot be created"),
    ] {
        let (code, error) = try_cli(&data, &["settings", "set", "backup-folder", folder]);
        assert_eq!(code, 1, "{folder}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(says), "{folder}: {message}");
        assert!(
            message.contains("Choose a folder you can write in"),
            "{message}"
        );
    }
    let settings = mooring_cli_json(&data, &["settings", "show"]);
    assert_eq!(settings["backup-folder"], "default", "nothing was saved");
    // A folder that does not exist yet is made, and backups go there.
    let missing = dir.path().join("not").join("yet");
    mooring_cli_json(
        &data,
        &[
            "settings",
            "set",
            "backup-folder",
            missing.to_str().unwrap(),
        ],
    );
    let backup = mooring_cli_json(&data, &["--now", NOW, "backup", "create"]);
    assert!(backup["path"]
        .as_str()
        .unwrap()
        .starts_with(missing.to_str().unwrap()));
}

#[test]
fn a_key_change_leaves_no_copy_under_the_old_key_in_any_folder_mooring_used() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    mooring_cli_json(&data, &["--now", NOW, "backup", "create"]);
    // Backups in a folder chosen before the one in use now.
    let earlier = dir.path().join("earlier");
    let later = dir.path().join("later");
    for folder in [&earlier, &later] {
        mooring_cli_json(
            &data,
            &["settings", "set", "backup-folder", folder.to_str().unwrap()],
        );
        mooring_cli_json(&data, &["--now", NOW, "backup", "create"]);
    }
    let listed = mooring_cli_json(&data, &["backup", "list"]);
    assert_eq!(
        listed.as_array().unwrap().len(),
        3,
        "every folder's backups: {listed}"
    );
    let text = String::from_utf8_lossy(&crate::cli::mooring_cli(&data, &["backup", "list"]).stdout)
        .into_owned();
    assert!(
        text.contains(&format!("In {}:", earlier.display())),
        "{text}"
    );
    // Copies a killed backup, a killed import and a killed key-file write left behind.
    let dead = 2_000_000_000u32;
    let leftovers = [
        earlier.join(format!(
            ".mooring-20261125-090000-manual.sqlite3.{dead}.partial"
        )),
        data.join(format!("mooring.sqlite3.staging-{dead}")),
        data.join(format!("mooring.key.json.{dead}.partial")),
    ];
    for leftover in &leftovers {
        std::fs::copy(data.join("mooring.sqlite3"), leftover).unwrap();
    }
    // The next open removes them: their process is gone.
    mooring_cli_json(&data, &["status"]);
    for leftover in &leftovers {
        assert!(
            !leftover.exists(),
            "{} was left by an open",
            leftover.display()
        );
    }
    let old_key = Store::open_in(&data, &crate::support::cli_keys(), &clock(NOW))
        .unwrap()
        .recovery_key()
        .unwrap();
    let new_passphrase = "a new passphrase for the key";
    let (code, changed) = cli_with_passphrases(
        &data,
        crate::support::CLI_PASSPHRASE,
        Some(new_passphrase),
        &["key", "change"],
    );
    assert_eq!(code, 0, "{changed}");
    assert_eq!(changed["backups"], 4, "{changed}");
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} was left", leftover.display());
    }
    let listed = cli_with_passphrases(&data, new_passphrase, None, &["backup", "list"]).1;
    for backup in listed.as_array().unwrap() {
        let path = Path::new(backup["path"].as_str().unwrap());
        assert!(
            mooring_core::encryption::open_with_recovery_key(path, &old_key)
                .and_then(|conn| Ok(conn.query_row(
                    "SELECT count(*) FROM sqlite_master",
                    [],
                    |_| Ok(())
                )?))
                .is_err(),
            "the old key still opens {}",
            path.display()
        );
    }
}

#[test]
fn the_recovery_key_opens_the_data_whatever_the_key_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    let recovery_key = dir.path().join("recovery-key.txt");
    mooring_cli_json(
        &data,
        &["key", "recovery", "--out", recovery_key.to_str().unwrap()],
    );
    let key_file = data.join(mooring_core::keys::KEY_FILE);
    for damage in ["{ not json", "", "{\"format\": 1}"] {
        std::fs::write(&key_file, damage).unwrap();
        let (code, error) = try_cli(&data, &["peer", "list"]);
        assert_eq!(code, 1, "{damage:?}");
        assert_eq!(error["code"], "corrupt", "{damage:?}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains("key file"),
            "{damage:?}: {error}"
        );
        let check = crate::cli::mooring_cli(
            &data,
            &[
                "key",
                "recovery-check",
                "--file",
                recovery_key.to_str().unwrap(),
            ],
        );
        assert!(
            check.status.success(),
            "{damage:?}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let peers = mooring_cli_json(
            &data,
            &[
                "--recovery-key-file",
                recovery_key.to_str().unwrap(),
                "peer",
                "list",
            ],
        );
        assert_eq!(peers[0]["name"], "Sam", "{damage:?}");
        // A fresh key file was written: the passphrase opens the data again.
        assert_eq!(mooring_cli_json(&data, &["peer", "list"])[0]["name"], "Sam");
    }
}

#[test]
fn files_are_never_overwritten_without_force_and_odd_input_gets_a_plain_answer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "demo-data"]);
    let taken = dir.path().join("taken.txt");
    for args in [
        vec!["export"],
        vec!["chart", "connectedness"],
        vec!["agreement", "export"],
        vec!["consult", "export"],
    ] {
        let out = taken.with_extension(if args[0] == "chart" { "svg" } else { "json" });
        std::fs::write(&out, "mine").unwrap();
        let all: Vec<&str> = [
            &["--now", NOW][..],
            &args,
            &["--out", out.to_str().unwrap()],
        ]
        .concat();
        let (code, error) = try_cli(&data, &all);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("already exists"),
            "{args:?}: {error}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine", "{args:?}");
        let forced: Vec<&str> = [&all[..], &["--force"]].concat();
        let (code, answer) = try_cli(&data, &forced);
        assert_eq!(code, 0, "{args:?}: {answer}");
        assert_ne!(std::fs::read_to_string(&out).unwrap(), "mine", "{args:?}");
        assert_eq!(mode(&out), 0o600, "{args:?}");
        std::fs::remove_file(&out).unwrap();
    }
    for (args, says) in [
        (
            vec!["--now", "0000-12-31T12:00:00+00:00", "status"],
            "year 1 or later",
        ),
        (
            vec![
                "template",
                "move",
                "1",
                "--slot",
                "friday",
                "--position",
                "0",
            ],
            "Positions start at 1",
        ),
    ] {
        let (code, error) = try_cli(&data, &args);
        assert_eq!(code, 1, "{args:?}");
        assert!(
            error["message"].as_str().unwrap().contains(says),
            "{args:?}: {error}"
        );
    }
    let (code, error) = try_cli(Path::new("/dev/null"), &["status"]);
    assert_eq!(code, 1);
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("/dev/null is not a folder"),
        "{error}"
    );
    let junk = dir.path().join("junk.age");
    std::fs::write(&junk, b"age-encryption.org/v1\n-> nonsense\n").unwrap();
    let import = Command::new(cli_binary())
        .env("MOORING_PASSPHRASE", crate::support::CLI_PASSPHRASE)
        .env("MOORING_EXPORT_PASSPHRASE", "some export passphrase")
        .args([
            "--json",
            "--data-dir",
            data.to_str().unwrap(),
            "import",
            junk.to_str().unwrap(),
            "--replace",
        ])
        .output()
        .unwrap();
    let error: Value = serde_json::from_slice(&import.stderr).unwrap();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("not a Mooring export"),
        "{error}"
    );
    // One backup is one backup.
    let single = dir.path().join("single");
    mooring_cli_json(&single, &["peer", "add", "Sam"]);
    let said = Command::new(cli_binary())
        .env("MOORING_PASSPHRASE", crate::support::CLI_PASSPHRASE)
        .env("MOORING_NEW_PASSPHRASE", "a new passphrase here")
        .args(["--data-dir", single.to_str().unwrap(), "key", "change"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains("your data and 1 backup with a new key"),
        "{said}"
    );
}

#[test]
fn a_zero_byte_file_where_no_data_has_been_is_a_new_start() {
    // A kill between creating the file and its first write leaves it empty.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mooring.sqlite3"), b"").unwrap();
    mooring_cli_json(dir.path(), &["--now", NOW, "peer", "add", "Sam"]);
}

#[test]
fn a_newer_database_is_refused_untouched_in_every_journal_mode() {
    let dir = tempfile::tempdir().unwrap();
    for journal in ["delete", "truncate", "persist", "wal"] {
        let data = dir.path().join(journal);
        mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
        let db = data.join("mooring.sqlite3");
        let recovery_key = Store::open_in(&data, &crate::support::cli_keys(), &clock(NOW))
            .unwrap()
            .recovery_key()
            .unwrap();
        let open_raw =
            || mooring_core::encryption::open_with_recovery_key(&db, &recovery_key).unwrap();
        {
            let conn = open_raw();
            conn.pragma_update(None, "journal_mode", journal).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let before = fingerprint(&db);
        let (code, error) = try_cli(&data, &["--now", NOW, "status"]);
        assert_eq!(
            (code, error["code"].as_str()),
            (1, Some("database-too-new")),
            "{journal}"
        );
        assert_eq!(fingerprint(&db), before, "{journal}: the file was changed");
        let conn = open_raw();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        // Only WAL is kept in the file; the file was not switched to it.
        let kept = if journal == "wal" { "wal" } else { "delete" };
        assert_eq!(mode, kept, "{journal}: the journal mode was left as it was");
    }
}

// Killed at any moment.

/// Runs `script` under sh in its own process group; once it has printed `lines` lines (each an
/// acknowledged write), waits `then` and kills the group, wherever the next command is. Returns
/// every line it printed, those after the first `lines` included.
fn kill_after_lines(script: &str, lines: usize, then: Duration) -> Vec<String> {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    let mut child = Command::new("sh")
        .args(["-c", script])
        .env("MOORING_PASSPHRASE", crate::support::CLI_PASSPHRASE)
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut printed = Vec::new();
    let mut line = String::new();
    while printed.len() < lines && out.read_line(&mut line).unwrap() > 0 {
        printed.push(line.trim_end().to_owned());
        line.clear();
    }
    std::thread::sleep(then);
    let group = format!("-{}", child.id());
    Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .unwrap();
    while out.read_line(&mut line).unwrap() > 0 {
        printed.push(line.trim_end().to_owned());
        line.clear();
    }
    child.wait().unwrap();
    printed
}

#[test]
fn a_kill_mid_write_or_mid_backup_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "demo-data", "--years", "1"]);
    let cli = cli_binary().display();
    let d = data.display();
    let mut rng = fastrand::Rng::with_seed(12);
    let mut acknowledged = Vec::new();
    let mut waited_for = 0;
    for round in 0..40 {
        // Even rounds write peers, odd rounds make backups between writes. Each is killed
        // after K acknowledged writes, somewhere in the command that follows.
        let script = if round % 2 == 0 {
            format!(
                "for i in 1 2 3 4 5 6 7 8; do {cli} --data-dir '{d}' peer add R{round}-$i >/dev/null && echo R{round}-$i; done"
            )
        } else {
            format!(
                "for i in 1 2 3 4 5 6 7 8; do {cli} --data-dir '{d}' backup create >/dev/null; {cli} --data-dir '{d}' peer add R{round}-$i >/dev/null && echo R{round}-$i; done"
            )
        };
        let lines = rng.usize(1..8);
        waited_for += lines;
        acknowledged.extend(kill_after_lines(
            &script,
            lines,
            Duration::from_millis(rng.u64(0..300)),
        ));
        let store = Store::open_in(&data, &crate::support::cli_keys(), &clock(NOW)).unwrap();
        store.integrity_check().unwrap();
    }
    assert!(
        acknowledged.len() >= waited_for,
        "every round printed what it was waited for"
    );
    let store = Store::open_in(&data, &crate::support::cli_keys(), &clock(NOW)).unwrap();
    let names: Vec<String> = store
        .peers(true, &clock(NOW))
        .unwrap()
        .into_iter()
        .map(|peer| peer.name)
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|name| !names.contains(name))
        .collect();
    assert_eq!(lost, Vec::<&String>::new());
    // Every backup that was finished is whole; interrupted ones never look finished.
    let recovery_key = store.recovery_key().unwrap();
    for backup in store.backups().unwrap() {
        let conn =
            mooring_core::encryption::open_with_recovery_key(&backup.path, &recovery_key).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{}", backup.id);
    }
}

// Backups.

#[test]
fn backup_create_then_list_shows_the_copy_and_restore_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    mooring_cli_json(data, &["--now", NOW, "peer", "add", "Sam"]);
    let made = mooring_cli_json(data, &["--now", NOW, "backup", "create"]);
    let list = mooring_cli_json(data, &["backup", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], made["id"]);
    assert_eq!(list[0]["id"], "20261125-090000-manual");
    assert_eq!(list[0]["created_at"], "2026-11-25T09:00:00Z");
    assert!(list[0]["bytes"].as_u64().unwrap() > 0);
    assert!(Path::new(list[0]["path"].as_str().unwrap()).is_file());

    // A later change, then the restore: Sam is alone again, and what was there is backed up.
    mooring_cli_json(
        data,
        &["--now", "2026-11-25T11:00:00+01:00", "peer", "add", "Ana"],
    );
    let restored = mooring_cli_json(
        data,
        &[
            "--now",
            "2026-11-25T12:00:00+01:00",
            "backup",
            "restore",
            "20261125-090000-manual",
        ],
    );
    assert_eq!(restored["id"], "20261125-090000-manual");
    let peers = mooring_cli_json(data, &["peer", "list"]);
    assert_eq!(peers.as_array().unwrap().len(), 1);
    let list = mooring_cli_json(data, &["backup", "list"]);
    assert_eq!(list[0]["reason"], "before-restore");

    // An unknown id, and a damaged backup, change nothing.
    let (code, error) = try_cli(data, &["backup", "restore", "nope"]);
    assert_eq!((code, error["code"].as_str()), (1, Some("not-found")));
    let damaged = Path::new(list[1]["path"].as_str().unwrap());
    std::fs::write(damaged, b"not a database").unwrap();
    let id = list[1]["id"].as_str().unwrap();
    let (code, error) = try_cli(data, &["backup", "restore", id]);
    assert_eq!(
        (code, error["code"].as_str()),
        (1, Some("transfer")),
        "{error}"
    );
    assert_eq!(
        mooring_cli_json(data, &["peer", "list"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_rotation_keeps_7_daily_8_weekly_and_12_monthly_over_a_year() {
    let start: DateTime<Utc> = "2026-01-01T12:00:00Z".parse().unwrap();
    let mut made: Vec<DateTime<Utc>> = Vec::new();
    for day in 0..365 {
        let now = start + chrono::Duration::days(day);
        made.insert(0, now);
        let keep = backups_to_keep(&made, now);
        made = made
            .into_iter()
            .zip(keep)
            .filter_map(|(at, keep)| keep.then_some(at))
            .collect();
    }
    let end = start + chrono::Duration::days(364);
    let days: Vec<i64> = made.iter().map(|at| (end - *at).num_days()).collect();
    // The last 7 days, then Sundays (the newest of each ISO week) for 8 weeks, then the last
    // day of each month for 12 months.
    assert_eq!(&days[..7], &[0, 1, 2, 3, 4, 5, 6]);
    let weeks: std::collections::BTreeSet<_> = made.iter().map(|at| at.iso_week()).collect();
    let months: std::collections::BTreeSet<_> = made
        .iter()
        .map(|at| at.format("%Y-%m").to_string())
        .collect();
    assert!(weeks.len() >= 8, "{days:?}");
    assert_eq!(months.len(), 12, "{days:?}");
    assert!(made.len() <= 7 + 8 + 12, "{} kept: {days:?}", made.len());
    assert_eq!(
        made.last().unwrap().format("%Y-%m-%d").to_string(),
        "2026-01-31"
    );
}

#[test]
fn the_daily_backup_runs_once_a_day_and_the_folder_stays_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let start = FixedClock::parse("2026-01-01T12:00:00+00:00").unwrap();
    let mut store = Store::open_in(dir.path(), &crate::support::cli_keys(), &start).unwrap();
    store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &start)
        .unwrap();
    for day in 0..120 {
        let now = start.now() + chrono::Duration::days(day);
        let clock = FixedClock::new(now);
        assert!(store.daily_backup(&clock).unwrap().is_some(), "day {day}");
        let later = FixedClock::new(now + chrono::Duration::hours(6));
        assert!(store.daily_backup(&later).unwrap().is_none(), "once a day");
    }
    let backups = store.backups().unwrap();
    assert!(backups.len() <= 7 + 8 + 12, "{}", backups.len());
    assert_eq!(backups[0].id, "20260430-120000-daily");
    // The backup folder can be moved, to a folder the user syncs.
    let elsewhere = dir.path().join("synced");
    store
        .set_setting("backup-folder", elsewhere.to_str().unwrap(), &start)
        .unwrap();
    let made = store.create_backup(&start).unwrap();
    assert!(made.path.starts_with(&elsewhere));
}

// Export and import.

#[test]
fn export_import_into_a_fresh_folder_and_export_again_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = folder_with_history(dir.path(), "first");
    let one = dir.path().join("one.json");
    let two = dir.path().join("two.json");
    mooring_cli_json(
        &first,
        &["--now", NOW, "export", "--out", one.to_str().unwrap()],
    );
    let second = dir.path().join("second");
    let summary = mooring_cli_json(&second, &["--now", NOW, "import", one.to_str().unwrap()]);
    assert_eq!(summary["peers"], 5);
    mooring_cli_json(
        &second,
        &[
            "--now",
            "2026-11-26T08:00:00+01:00",
            "export",
            "--out",
            two.to_str().unwrap(),
        ],
    );
    let mut one: Value = serde_json::from_slice(&std::fs::read(&one).unwrap()).unwrap();
    let mut two: Value = serde_json::from_slice(&std::fs::read(&two).unwrap()).unwrap();
    assert_ne!(one["exported_at"], two["exported_at"]);
    one["exported_at"] = Value::Null;
    two["exported_at"] = Value::Null;
    assert_eq!(one, two);
    assert_eq!(one["format_version"], 1);
    assert!(one["tables"]["contacts"].as_array().unwrap().len() > 100);

    // The same status in both folders.
    let status = |data: &Path| mooring_cli_json(data, &["--now", NOW, "status"]);
    assert_eq!(status(&first), status(&second));
}

#[test]
fn import_over_your_data_needs_replace_and_takes_a_backup_first() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source");
    mooring_cli_json(&source, &["--now", NOW, "peer", "add", "Ana"]);
    let file = dir.path().join("export.json");
    mooring_cli_json(
        &source,
        &["--now", NOW, "export", "--out", file.to_str().unwrap()],
    );

    let target = dir.path().join("target");
    mooring_cli_json(&target, &["--now", NOW, "peer", "add", "Sam"]);
    let db = target.join("mooring.sqlite3");
    let before = fingerprint(&db);
    let (code, error) = try_cli(&target, &["--now", NOW, "import", file.to_str().unwrap()]);
    assert_eq!(
        (code, error["code"].as_str()),
        (1, Some("import-would-replace"))
    );
    assert!(error["message"].as_str().unwrap().contains("--replace"));
    assert_eq!(fingerprint(&db), before);

    let summary = mooring_cli_json(
        &target,
        &["--now", NOW, "import", file.to_str().unwrap(), "--replace"],
    );
    assert_eq!(summary["backup"]["reason"], "before-import");
    let peers = mooring_cli_json(&target, &["peer", "list"]);
    assert_eq!(peers[0]["name"], "Ana");
    assert_eq!(peers.as_array().unwrap().len(), 1);
    // Sam is in the backup.
    let restored = mooring_cli_json(
        &target,
        &[
            "--now",
            NOW,
            "backup",
            "restore",
            summary["backup"]["id"].as_str().unwrap(),
        ],
    );
    assert_eq!(restored["reason"], "before-import");
    assert_eq!(
        mooring_cli_json(&target, &["peer", "list"])[0]["name"],
        "Sam"
    );
}

#[test]
fn csv_export_writes_one_private_file_per_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = folder_with_history(dir.path(), "data");
    let out = dir.path().join("csv");
    let written = mooring_cli_json(
        &data,
        &[
            "--now",
            NOW,
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(written["files"].as_array().unwrap().len(), 20);
    let peers = std::fs::read_to_string(out.join("peers.csv")).unwrap();
    let mut lines = peers.lines();
    assert_eq!(
        lines.next().unwrap(),
        "archived_at,career_stage,created_at,debrief_within_72h,dual_role,id,name,practice_area,preferred_channel"
    );
    assert_eq!(lines.count(), 5);
    assert_eq!(mode(&out.join("contacts.csv")), 0o600);
}

#[test]
fn bad_import_files_get_one_clear_error_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    let good = dir.path().join("good.json");
    mooring_cli_json(
        &data,
        &["--now", NOW, "export", "--out", good.to_str().unwrap()],
    );
    let good_text = std::fs::read_to_string(&good).unwrap();
    let db = data.join("mooring.sqlite3");
    let before = fingerprint(&db);
    let edited = |from: &str, to: &str| {
        assert!(good_text.contains(from), "{from}");
        good_text.replacen(from, to, 1)
    };
    let huge = format!(
        "{{\"format_version\": 1, \"pad\": \"{}\"}}",
        "x".repeat(65 * 1024 * 1024)
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "ends too early"),
        (
            "truncated",
            good_text[..good_text.len() / 2].to_owned(),
            "ends too early",
        ),
        ("not JSON", "peers: Sam".into(), "not valid JSON"),
        ("huge", huge, "larger than 64 MB"),
        ("nested lists", deep, "nested far deeper than an export"),
        ("a list", "[1, 2, 3]".into(), "it holds a list, where an export holds an object"),
        (
            "no tables",
            "{\"format_version\": 1, \"exported_at\": \"2026-11-25T10:00:00+01:00\", \"schema_version\": 5}".into(),
            "it has no \"tables\" field, which holds an object of tables",
        ),
        (
            "a version as text",
            edited("\"format_version\": 1", "\"format_version\": \"1\""),
            "its \"format_version\" field holds text, where it should hold a whole number",
        ),
        (
            "deeply nested",
            format!(
                "{{\"tables\": {{\"peers\": [{{\"name\": {}",
                "[".repeat(100_000)
            ),
            "nested far deeper than an export",
        ),
        (
            "a newer format",
            edited("\"format_version\": 1", "\"format_version\": 2"),
            "format version is 2",
        ),
        (
            "an unknown table",
            edited("\"tables\": {", "\"tables\": {\"secrets\": [],"),
            "unknown table \"secrets\"",
        ),
        (
            "an unknown field",
            edited("\"name\": \"Sam\"", "\"name\": \"Sam\", \"ssn\": 1"),
            "unknown field \"ssn\"",
        ),
        (
            "a bad instant",
            edited("\"created_at\": \"", "\"created_at\": \"yesterday"),
            "not a date and time",
        ),
        (
            "a broken rule",
            edited("\"name\": \"Sam\"", "\"name\": \"\""),
            "breaks a rule",
        ),
        (
            "a dangling reference",
            edited(
                "\"contact_peers\": []",
                "\"contact_peers\": [{\"contact_id\": 5, \"peer_id\": 77}]",
            ),
            "refers to something",
        ),
    ];
    for (what, text, says) in cases {
        let file = dir.path().join("bad.json");
        std::fs::write(&file, &text).unwrap();
        let (code, error) = try_cli(
            &data,
            &["--now", NOW, "import", file.to_str().unwrap(), "--replace"],
        );
        assert_eq!(code, 1, "{what}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{what}: {message}");
        assert!(!message.contains('\n'), "{what}: one line");
        assert_eq!(fingerprint(&db), before, "{what} changed the data");
    }
    assert_eq!(
        Store::open_in(&data, &crate::support::cli_keys(), &clock(NOW))
            .unwrap()
            .backups()
            .unwrap(),
        Vec::new(),
        "a refused file takes no backup"
    );
}

#[test]
fn an_export_from_the_first_data_version_imports_through_the_migrations() {
    // Schema 1 had no first use: it is backfilled from the oldest record, as for a file.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    let file = dir.path().join("export.json");
    mooring_cli_json(
        &data,
        &["--now", NOW, "export", "--out", file.to_str().unwrap()],
    );
    let mut export: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    export["schema_version"] = 1.into();
    crate::support::as_if_from_schema(&mut export, 1);
    std::fs::write(&file, export.to_string()).unwrap();
    let target = dir.path().join("target");
    mooring_cli_json(
        &target,
        &[
            "--now",
            "2026-12-01T09:00:00+01:00",
            "import",
            file.to_str().unwrap(),
        ],
    );
    let store = Store::open_in(&target, &crate::support::cli_keys(), &clock(NOW)).unwrap();
    assert_eq!(store.first_use().unwrap().to_rfc3339(), NOW);
}

// A bounded, seeded fuzzer for import: `make test` runs a short pass over the corpus in the
// repository; `make fuzz` runs it for ten minutes (MOORING_FUZZ_SECONDS).

#[test]
fn fuzzed_import_files_never_panic_and_never_change_data_when_refused() {
    let corpus_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/import");
    let corpus: Vec<Vec<u8>> = std::fs::read_dir(&corpus_dir)
        .unwrap()
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    assert!(
        corpus.len() >= 3,
        "the corpus is in {}",
        corpus_dir.display()
    );
    let seconds: u64 = std::env::var("MOORING_FUZZ_SECONDS")
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or(0);
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    let seed = std::env::var("MOORING_FUZZ_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(2026);
    let mut rng = fastrand::Rng::with_seed(seed);
    let clock = clock(NOW);
    let mut store = Store::in_memory(&clock).unwrap();
    store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &clock)
        .unwrap();
    let before = store.export(&clock).unwrap().tables;
    let (mut runs, mut accepted) = (0u64, 0u64);
    while runs < 400 || std::time::Instant::now() < deadline {
        runs += 1;
        let mut bytes = corpus[rng.usize(..corpus.len())].clone();
        mutate(&mut bytes, &mut rng);
        let parsed = mooring_core::transfer::parse_export(&bytes);
        let result = parsed.and_then(|export| store.import(&export, true, &clock));
        match result {
            Ok(_) => {
                accepted += 1;
                // Whatever was accepted reads back as a whole Mooring.
                store.status(&clock).unwrap();
                store.integrity_check().unwrap();
                store = Store::in_memory(&clock).unwrap();
                store
                    .add_peer(peer("Sam"), mooring_core::Guard::Check, &clock)
                    .unwrap();
            }
            Err(err) => {
                assert!(!err.to_string().contains('\n'), "one line: {err}");
                assert_eq!(
                    store.export(&clock).unwrap().tables,
                    before,
                    "seed {seed}, run {runs}"
                );
            }
        }
    }
    assert!(
        accepted > 0,
        "some mutations keep the file valid ({runs} runs)"
    );
}

/// Changes `bytes` the ways a file gets damaged or forged: flipped bytes, cuts, repeats, and
/// values swapped for others.
fn mutate(bytes: &mut Vec<u8>, rng: &mut fastrand::Rng) {
    const TOKENS: &[&[u8]] = &[
        b"null",
        b"0",
        b"-1",
        b"1e308",
        b"\"\"",
        b"\"2026-W99\"",
        b"[]",
        b"{}",
        b"true",
        b"9223372036854775808",
        b"\"x\"",
        b"\"2026-11-25T10:00:00+01:00\"",
    ];
    for _ in 0..rng.usize(1..4) {
        if bytes.is_empty() {
            bytes.extend_from_slice(b"{}");
        }
        let at = rng.usize(..bytes.len());
        match rng.u8(..6) {
            0 => bytes[at] = rng.u8(..),
            1 => bytes.truncate(at),
            2 => {
                let end = (at + rng.usize(1..64)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                let to = rng.usize(..=bytes.len());
                bytes.splice(to..to, copy);
            }
            3 => {
                let end = (at + rng.usize(1..16)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                // Swap a value after a colon for another kind of value.
                if let Some(colon) = bytes[at..].iter().position(|&b| b == b':') {
                    let start = at + colon + 1;
                    let end = bytes[start..]
                        .iter()
                        .position(|&b| b == b',' || b == b'\n' || b == b'}')
                        .map_or(bytes.len(), |n| start + n);
                    let token = TOKENS[rng.usize(..TOKENS.len())];
                    bytes.splice(start..end, token.iter().copied());
                }
            }
        }
    }
}

#[test]
fn export_to_a_file_the_store_writes_json() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock(NOW);
    let mut store = Store::open_in(dir.path(), &crate::support::cli_keys(), &clock).unwrap();
    store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &clock)
        .unwrap();
    let out = dir.path().join("all.json");
    let files = store.export_to(DataFormat::Json, &out, &clock).unwrap();
    assert_eq!(files, vec![out.clone()]);
    let export = mooring_core::transfer::read_export(&out).unwrap();
    assert_eq!(export.tables["peers"][0]["name"], "Sam");
}

#[test]
fn a_damaged_folder_recovers_from_a_backup_or_starts_fresh_and_deletes_nothing() {
    use mooring_core::backup::recovery;
    let dir = tempfile::tempdir().unwrap();
    let later = clock("2026-11-26T09:00:00+01:00");
    for fresh in [false, true] {
        let data = folder_with_history(dir.path(), &format!("recover-{fresh}"));
        let db = data.join("mooring.sqlite3");
        std::fs::write(&db, b"").unwrap();
        let damaged = fingerprint(&db);
        assert_eq!(
            Store::open_in(&data, &crate::support::cli_keys(), &later)
                .unwrap_err()
                .code(),
            "corrupt"
        );
        let backups = recovery::backups(&data, &crate::support::cli_keys()).unwrap();
        assert_eq!(backups.len(), 1);
        let store = if fresh {
            recovery::start_fresh(&data, &crate::support::cli_keys(), &later).unwrap()
        } else {
            recovery::restore(&data, &backups[0].id, &crate::support::cli_keys(), &later).unwrap()
        };
        assert_eq!(
            store.set_aside,
            data.join("mooring.damaged-20261126-080000.sqlite3")
        );
        let store = store.store;
        let peers = store.peers(true, &later).unwrap().len();
        assert_eq!(peers, if fresh { 0 } else { 5 });
        let aside = data.join("mooring.damaged-20261126-080000.sqlite3");
        assert_eq!(
            fingerprint(&aside),
            damaged,
            "the damaged file is kept, unchanged"
        );
        assert_eq!(store.backups().unwrap().len(), 1, "the backups are kept");
    }
}

#[test]
fn what_a_damaged_file_still_holds_can_be_exported() {
    let dir = tempfile::tempdir().unwrap();
    let data = folder_with_history(dir.path(), "data");
    let db = data.join("mooring.sqlite3");
    // Damage the last page: the tables stored there cannot be read; the rest can.
    let mut bytes = std::fs::read(&db).unwrap();
    let last = bytes.len() - 4096;
    bytes[last..].fill(0xAB);
    std::fs::write(&db, &bytes).unwrap();
    let before = fingerprint(&db);
    let export =
        mooring_core::transfer::export_readable(&db, &crate::support::cli_keys(), &clock(NOW))
            .unwrap();
    assert_eq!(fingerprint(&db), before);
    assert!(
        export.tables.contains_key("settings"),
        "{:?}",
        export.unreadable
    );
    let readable = export.tables.len() + export.unreadable.len();
    assert_eq!(readable, 20);
}

// One writer for the key.

/// Runs mooring-cli with `--json` and `passphrase` (and `new_passphrase` for a key change);
/// returns the exit code and what it printed (the error's JSON on failure).
fn cli_with_passphrases(
    data: &Path,
    passphrase: &str,
    new_passphrase: Option<&str>,
    args: &[&str],
) -> (i32, Value) {
    let mut command = Command::new(cli_binary());
    command
        .env("MOORING_PASSPHRASE", passphrase)
        .arg("--json")
        .arg("--data-dir")
        .arg(data)
        .args(args);
    if let Some(new_passphrase) = new_passphrase {
        command.env("MOORING_NEW_PASSPHRASE", new_passphrase);
    }
    let output = command.output().unwrap();
    let text = if output.status.success() {
        output.stdout
    } else {
        output.stderr
    };
    (
        output.status.code().unwrap_or(-1),
        serde_json::from_slice(&text).unwrap_or(Value::Null),
    )
}

#[test]
fn key_changes_racing_four_writers_all_succeed_and_lose_no_write() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    // `make crash` runs the hundred changes; `make test` a dozen.
    let changes = if std::env::var_os("MOORING_CRASH_ALL").is_some() {
        100
    } else {
        12
    };
    let passphrases = ["first passphrase of two", "second passphrase of two"];
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (code, _) = cli_with_passphrases(&data, passphrases[0], None, &["peer", "add", "Sam"]);
    assert_eq!(code, 0);

    let done = AtomicBool::new(false);
    let acknowledged = Mutex::new(vec!["Sam".to_owned()]);
    let refused = Mutex::new(Vec::new());
    let mut changed = Vec::new();
    std::thread::scope(|scope| {
        for writer in 0..4 {
            let (data, done, acknowledged, refused) = (&data, &done, &acknowledged, &refused);
            scope.spawn(move || {
                // A writer that meets a passphrase just changed tries the other one.
                let mut guess = 0;
                let mut n = 0;
                while !done.load(Ordering::Relaxed) {
                    let name = format!("W{writer}-{n}");
                    let (code, value) = cli_with_passphrases(
                        data,
                        passphrases[guess],
                        None,
                        &["peer", "add", &name],
                    );
                    match (code, value["code"].as_str()) {
                        (0, _) => {
                            acknowledged.lock().unwrap().push(name);
                            n += 1;
                        }
                        (_, Some("locked")) => guess = 1 - guess,
                        _ => refused.lock().unwrap().push(format!("{name}: {value}")),
                    }
                }
            });
        }
        for change in 0..changes {
            // Each change starts once a write was acknowledged since the one before: writes
            // and changes interleave however fast the machine is.
            let seen = acknowledged.lock().unwrap().len();
            while acknowledged.lock().unwrap().len() == seen && refused.lock().unwrap().is_empty() {
                std::thread::sleep(Duration::from_millis(10));
            }
            let (from, to) = (passphrases[change % 2], passphrases[(change + 1) % 2]);
            changed.push(cli_with_passphrases(
                &data,
                from,
                Some(to),
                &["key", "change"],
            ));
        }
        done.store(true, Ordering::Relaxed);
    });

    let failed: Vec<&(i32, Value)> = changed.iter().filter(|(code, _)| *code != 0).collect();
    assert!(failed.is_empty(), "changes reported failure: {failed:?}");
    assert_eq!(refused.into_inner().unwrap(), Vec::<String>::new());
    let access = mooring_core::Access::with_passphrase(mooring_core::Secret::new(
        passphrases[changes % 2].into(),
    ));
    let store = Store::open_in(&data, &access, &clock(NOW)).unwrap();
    store.integrity_check().unwrap();
    let names: Vec<String> = store
        .peers(true, &clock(NOW))
        .unwrap()
        .into_iter()
        .map(|peer| peer.name)
        .collect();
    let acknowledged = acknowledged.into_inner().unwrap();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|name| !names.contains(name))
        .collect();
    assert_eq!(lost, Vec::<&String>::new());
    assert!(
        acknowledged.len() > changes,
        "a write between every two changes"
    );
}

// Retention that sticks, and exports a spreadsheet opens safely.

#[test]
fn a_restore_keeps_the_chosen_keep_notes_and_erases_what_came_back_older() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let now = |args: &[&str]| mooring_cli_json(&data, &[&["--now", NOW][..], args].concat());
    now(&["peer", "add", "Sam"]);
    for (at, note) in [
        ("2025-06-01T10:00:00+02:00", "An old note about the group"),
        ("2026-11-20T10:00:00+01:00", "A recent note about the group"),
    ] {
        now(&[
            "contact", "log", "--kind", "call", "--peer", "Sam", "--at", at, "--note", note,
        ]);
    }
    let backup = now(&["backup", "create"]);
    now(&["settings", "set", "keep-notes", "12"]);
    let notes = |contacts: &Value| -> Vec<String> {
        contacts
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|contact| contact["note"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        notes(&now(&["contact", "list"])),
        ["A recent note about the group"]
    );

    // The backup, made before, still holds the old note: restoring it does not bring it back.
    let restored = now(&["backup", "restore", backup["id"].as_str().unwrap()]);
    assert_eq!(restored["notes_erased"], 1, "{restored}");
    assert_eq!(now(&["settings", "show"])["keep-notes"], "12");
    assert_eq!(
        notes(&now(&["contact", "list"])),
        ["A recent note about the group"]
    );
}

#[test]
fn backups_older_than_notes_are_kept_are_deleted_with_the_text_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let at =
        |now: &str, args: &[&str]| mooring_cli_json(&data, &[&["--now", now][..], args].concat());
    at("2025-10-01T10:00:00+02:00", &["peer", "add", "Sam"]);
    let old = at("2025-10-01T10:00:00+02:00", &["backup", "create"]);
    let recent = at(NOW, &["backup", "create"]);
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|backup| backup["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let listed = ids(&at(NOW, &["backup", "list"]));
    assert!(
        listed.contains(&old["id"].as_str().unwrap().to_owned()),
        "{listed:?}"
    );
    // Two years back from 25 November 2026 reaches before the October 2025 backup: it stays.
    at(NOW, &["settings", "set", "keep-notes", "24"]);
    assert_eq!(ids(&at(NOW, &["backup", "list"])).len(), listed.len());
    // Six months: it holds text that is meant to be gone, and goes.
    at(NOW, &["settings", "set", "keep-notes", "6"]);
    let kept = ids(&at(NOW, &["backup", "list"]));
    assert!(
        !kept.contains(&old["id"].as_str().unwrap().to_owned()),
        "{kept:?}"
    );
    assert!(
        kept.contains(&recent["id"].as_str().unwrap().to_owned()),
        "{kept:?}"
    );
}

#[test]
fn a_csv_export_has_every_header_and_defuses_formulas_while_json_keeps_the_text_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    let csv_out = dir.path().join("empty-csv");
    mooring_cli_json(
        &empty,
        &[
            "--now",
            NOW,
            "export",
            "--format",
            "csv",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    for entry in std::fs::read_dir(&csv_out).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // A header row first, the column names, as a spreadsheet shows them; a table with no
        // rows (peers and contacts, in a new folder) has that line alone.
        let lines: Vec<&str> = text.lines().collect();
        if ["peers.csv", "contacts.csv"]
            .iter()
            .any(|name| path.ends_with(name))
        {
            assert_eq!(lines.len(), 1, "{}: {text:?}", path.display());
        }
        assert!(!lines.is_empty(), "{} is empty", path.display());
        assert!(
            lines[0].split(',').all(|column| !column.is_empty()
                && column
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')),
            "{} has no header row: {text:?}",
            path.display()
        );
    }

    let data = dir.path().join("data");
    let formula = "=HYPERLINK(\"http://x\")";
    mooring_cli_json(&data, &["--now", NOW, "peer", "add", "Sam"]);
    mooring_cli_json(
        &data,
        &[
            "--now", NOW, "contact", "log", "--kind", "call", "--peer", "Sam", "--note", formula,
        ],
    );
    let csv_out = dir.path().join("csv");
    mooring_cli_json(
        &data,
        &[
            "--now",
            NOW,
            "export",
            "--format",
            "csv",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    let mut reader = csv::Reader::from_path(csv_out.join("contacts.csv")).unwrap();
    let note_column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "note")
        .unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[note_column], "'=HYPERLINK(\"http://x\")");

    let json_out = dir.path().join("export.json");
    mooring_cli_json(
        &data,
        &["--now", NOW, "export", "--out", json_out.to_str().unwrap()],
    );
    let elsewhere = dir.path().join("elsewhere");
    mooring_cli_json(
        &elsewhere,
        &["--now", NOW, "import", json_out.to_str().unwrap()],
    );
    let contacts = mooring_cli_json(&elsewhere, &["--now", NOW, "contact", "list"]);
    assert_eq!(contacts[0]["note"], formula, "{contacts}");
}
