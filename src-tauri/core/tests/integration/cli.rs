//! `mooring-cli` as a user runs it: a real process on a temporary data folder.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `mooring-cli` on `data_dir` with `args`.
pub fn mooring_cli(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mooring-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .expect("mooring-cli runs")
}

/// Runs `mooring-cli --json` and parses what it printed, failing on a non-zero exit.
pub fn mooring_cli_json(data_dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let output = mooring_cli(data_dir, &all);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

#[test]
fn status_json_on_a_fresh_data_dir_has_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let status = mooring_cli_json(dir.path(), &["--now", "2026-11-23T09:00:00+01:00", "status"]);
    assert_eq!(status["week"], "2026-W48");
    assert_eq!(status["caseload"], Value::Null);
    assert_eq!(status["heavy_week"], false);
    assert_eq!(status["days_since_substantive_contact"], Value::Null);
    assert_eq!(status["selfcheck_due"], true);
    assert!(status["checklist"]["done"].is_u64(), "{status}");
    assert!(status["checklist"]["total"].is_u64(), "{status}");
}

#[test]
fn status_text_names_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let output = mooring_cli(dir.path(), &["--now", "2027-01-01T12:00:00+01:00", "status"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Week 2026-W53 (Mon 28 Dec to Sun 3 Jan 2027)"), "{text}");
    assert!(text.contains("Self-check: due"), "{text}");
}

#[test]
fn bad_input_is_one_line_on_stderr_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for args in [
        &["--now", "tomorrow", "status"][..],
        &["--now", "2026-11-23T09:00:00", "status"][..],
        &["no-such-command"][..],
    ] {
        let output = mooring_cli(&data, args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("mooring-cli: "), "{stderr}");
        assert!(!data.exists(), "{args:?} created the data folder");
    }
}

#[test]
fn a_newer_database_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("mooring.sqlite3")).unwrap();
        conn.pragma_update(None, "user_version", 42).unwrap();
    }
    let output = mooring_cli(dir.path(), &["status"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("saved by a newer version of Mooring"), "{stderr}");
}
