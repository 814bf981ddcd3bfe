//! A crash at every system call: each writing command of mooring-cli is killed by strace at the
//! Nth call of each system call that moves data to disk or names a file, for N from 1 until the
//! command finishes without reaching it. After each kill the data must open (mid key change,
//! with the new passphrase or the old), pass `integrity_check`, hold every write acknowledged
//! before, and every backup must open and pass its check too.
//!
//! `make test` tries a sample of N (the first three, then every 23rd); `make crash` sets
//! `MOORING_CRASH_ALL=1` and tries them all.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use mooring_core::{Access, Secret, Store};

use crate::cli::mooring_cli_json;
use crate::support::{clock, CLI_PASSPHRASE};

const NOW: &str = "2026-11-25T10:00:00+01:00";

/// The passphrase a key change moves to.
const NEW_PASSPHRASE: &str = "the new passphrase after the change";

/// The system calls a kill is injected at: opening, writing and flushing files, and naming them.
const SYSCALLS: [&str; 9] = [
    "rename",
    "fsync",
    "fdatasync",
    "openat",
    "write",
    "pwrite64",
    "unlink",
    "ftruncate",
    "renameat2",
];

/// One writing command, on a folder made for it.
struct Scenario {
    /// What it is, for the report.
    name: &'static str,
    /// The folder as it stands before the command: copied afresh for every kill.
    template: PathBuf,
    /// The command's arguments.
    args: Vec<String>,
    /// Names of peers whose adding was acknowledged before the command.
    acknowledged: Vec<&'static str>,
    /// Whether the command changes the passphrase, so that either may open the data after.
    changes_key: bool,
}

/// What the kills of one scenario showed.
#[derive(Default)]
struct Tally {
    /// Kill points tried.
    points: usize,
    /// States that neither passphrase opened.
    unopenable: Vec<String>,
    /// Acknowledged writes missing, or checks that failed.
    lost: Vec<String>,
}

/// Copies the folder `from` (and its subfolders) to `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A folder with two peers, a contact and a backup, all acknowledged.
fn base_folder(at: &Path) {
    for args in [
        &["peer", "add", "Ana"][..],
        &["peer", "add", "Ben"],
        &["contact", "log", "--kind", "call", "--peer", "Ana"],
        &["backup", "create"],
    ] {
        let mut all = vec!["--now", NOW];
        all.extend_from_slice(args);
        mooring_cli_json(at, &all);
    }
}

/// A plain database of the first schema versions, as Mooring left it before it encrypted, with
/// the peer "Pat".
fn plain_folder(at: &Path) {
    std::fs::create_dir_all(at).unwrap();
    let conn = rusqlite::Connection::open(at.join(mooring_core::store::DATABASE_FILE)).unwrap();
    conn.execute_batch(include_str!("../../migrations/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(include_str!("../../migrations/0002_first_use.sql"))
        .unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         INSERT INTO first_use (id, at) VALUES (1, '2026-01-05T09:00:00+01:00');
         INSERT INTO peers (name, created_at) VALUES ('Pat', '2026-03-02T10:00:00+01:00');
         PRAGMA user_version = 2;",
    )
    .unwrap();
}

/// Every scenario, with its folder made under `root`.
fn scenarios(root: &Path) -> Vec<Scenario> {
    let owned = |args: &[&str]| args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
    let base = root.join("base");
    base_folder(&base);
    let base_backup = mooring_cli_json(&base, &["backup", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // An export of the base with one more peer, to import over the base.
    let exported = root.join("exported");
    copy_folder(&base, &exported);
    mooring_cli_json(&exported, &["--now", NOW, "peer", "add", "Dana"]);
    let export_file = root.join("export.json");
    mooring_cli_json(
        &exported,
        &["export", "--out", export_file.to_str().unwrap()],
    );

    // The base with a peer added after its backup, to restore that backup over.
    let to_restore = root.join("to-restore");
    copy_folder(&base, &to_restore);
    mooring_cli_json(&to_restore, &["--now", NOW, "peer", "add", "Eli"]);

    let plain = root.join("plain");
    plain_folder(&plain);
    let empty = root.join("empty");
    std::fs::create_dir_all(&empty).unwrap();

    let on_base = |name, args: &[&str]| Scenario {
        name,
        template: base.clone(),
        args: owned(args),
        acknowledged: vec!["Ana", "Ben"],
        changes_key: false,
    };
    vec![
        Scenario {
            changes_key: true,
            ..on_base("key change", &["key", "change"])
        },
        on_base("backup create", &["backup", "create"]),
        on_base(
            "settings set",
            &["settings", "set", "heavy-threshold", "30"],
        ),
        on_base("peer add", &["peer", "add", "Cleo"]),
        on_base(
            "import",
            &["import", export_file.to_str().unwrap(), "--replace"],
        ),
        Scenario {
            template: to_restore,
            ..on_base("backup restore", &["backup", "restore", &base_backup])
        },
        Scenario {
            name: "encrypting a plain file",
            template: plain,
            args: owned(&["peer", "list"]),
            acknowledged: vec!["Pat"],
            changes_key: false,
        },
        Scenario {
            name: "demo-data",
            template: empty,
            args: owned(&["demo-data", "--years", "1"]),
            acknowledged: vec![],
            changes_key: false,
        },
    ]
}

/// Runs the scenario's command on `work` under strace, killed at the `n`th `syscall`; returns
/// whether it was killed (false: it finished without reaching it).
fn run_killed(scenario: &Scenario, work: &Path, syscall: &str, n: usize) -> bool {
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-e"])
        .arg(format!("trace={syscall}"))
        .arg("-e")
        .arg(format!("inject={syscall}:signal=KILL:when={n}"))
        .arg(crate::support::mooring_cli_path())
        .arg("--data-dir")
        .arg(work)
        .args(["--now", NOW])
        .args(&scenario.args)
        .env("MOORING_PASSPHRASE", CLI_PASSPHRASE)
        .env("MOORING_NEW_PASSPHRASE", NEW_PASSPHRASE)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("strace runs");
    match status.signal() {
        Some(_) => true,
        None => {
            assert!(
                status.success(),
                "{} failed without a kill at {syscall} #{n}",
                scenario.name
            );
            false
        }
    }
}

/// Opens the killed state in `work` with `passphrase` and checks it; `Ok(false)` when the
/// passphrase is refused as not this data's (the other one of a key change may be).
fn opens_whole(work: &Path, passphrase: &str, acknowledged: &[&str]) -> Result<bool, String> {
    let access = Access::with_passphrase(Secret::new(passphrase.into()));
    let store = match Store::open_in(work, &access, &clock(NOW)) {
        Ok(store) => store,
        Err(err) if err.code() == "locked" => return Ok(false),
        Err(err) => return Err(format!("does not open: {err}")),
    };
    store
        .integrity_check()
        .map_err(|err| format!("integrity: {err}"))?;
    let names: Vec<String> = store
        .peers(true, &clock(NOW))
        .map_err(|err| err.to_string())?
        .into_iter()
        .map(|peer| peer.name)
        .collect();
    if let Some(lost) = acknowledged
        .iter()
        .find(|name| !names.iter().any(|n| n == *name))
    {
        return Err(format!("lost the acknowledged peer {lost}"));
    }
    let recovery_key = store.recovery_key().expect("a file has a key");
    for backup in store.backups().map_err(|err| err.to_string())? {
        let check: Result<String, String> =
            mooring_core::encryption::open_with_recovery_key(&backup.path, &recovery_key)
                .map_err(|err| err.to_string())
                .and_then(|conn| {
                    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
                        .map_err(|err| err.to_string())
                });
        if check.as_deref() != Ok("ok") {
            return Err(format!("backup {} does not open: {check:?}", backup.id));
        }
    }
    Ok(true)
}

/// Kills the scenario at every `n` that `tried` keeps, for every system call.
fn crash_scenario(scenario: &Scenario, scratch: &Path, tried: &dyn Fn(usize) -> bool) -> Tally {
    let mut tally = Tally::default();
    for syscall in SYSCALLS {
        for n in (1..).filter(|&n| tried(n)) {
            let work = scratch.join(format!("{syscall}-{n}"));
            copy_folder(&scenario.template, &work);
            if !run_killed(scenario, &work, syscall, n) {
                std::fs::remove_dir_all(&work).unwrap();
                break;
            }
            tally.points += 1;
            let at = format!("{} at {syscall} #{n}", scenario.name);
            let passphrases: &[&str] = if scenario.changes_key {
                &[NEW_PASSPHRASE, CLI_PASSPHRASE]
            } else {
                &[CLI_PASSPHRASE]
            };
            let mut opened = false;
            for (index, passphrase) in passphrases.iter().enumerate() {
                // Each passphrase meets the state the kill left, not one the other settled.
                let state = scratch.join(format!("{syscall}-{n}-{index}"));
                copy_folder(&work, &state);
                match opens_whole(&state, passphrase, &scenario.acknowledged) {
                    Ok(true) => opened = true,
                    Ok(false) => {}
                    Err(why) => tally.lost.push(format!("{at}: {why}")),
                }
                std::fs::remove_dir_all(&state).unwrap();
            }
            if !opened {
                tally.unopenable.push(at);
            }
            std::fs::remove_dir_all(&work).unwrap();
        }
    }
    tally
}

#[test]
fn a_kill_at_any_system_call_of_any_writing_command_leaves_data_that_opens_whole() {
    let all = std::env::var_os("MOORING_CRASH_ALL").is_some();
    let tried = move |n: usize| all || n <= 3 || n.is_multiple_of(23);
    let root = tempfile::tempdir().unwrap();
    let mut total = 0;
    let mut unopenable = Vec::new();
    let mut lost = Vec::new();
    for scenario in scenarios(root.path()) {
        let scratch = root.path().join("scratch");
        let tally = crash_scenario(&scenario, &scratch, &tried);
        println!(
            "crash: {:<24} {:>5} kill points, {} unopenable, {} lost",
            scenario.name,
            tally.points,
            tally.unopenable.len(),
            tally.lost.len()
        );
        assert!(tally.points > 0, "{} was never killed", scenario.name);
        total += tally.points;
        unopenable.extend(tally.unopenable);
        lost.extend(tally.lost);
    }
    println!(
        "crash: {total} kill points in all ({}), {} unopenable states, {} lost writes",
        if all { "every N" } else { "a sample of N" },
        unopenable.len(),
        lost.len()
    );
    assert_eq!(unopenable, Vec::<String>::new());
    assert_eq!(lost, Vec::<String>::new());
}
