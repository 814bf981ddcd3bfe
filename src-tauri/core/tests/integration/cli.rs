//! `mooring-cli` as a user runs it: a real process on a temporary data folder.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `mooring-cli` on `data_dir` with `args`.
pub fn mooring_cli(data_dir: &Path, args: &[&str]) -> Output {
    mooring_cli_in(data_dir, "C.UTF-8", args)
}

/// Runs `mooring-cli` as [`mooring_cli`] does, in the locale `locale` (`LC_ALL`), which sets
/// how its text writes dates.
pub fn mooring_cli_in(data_dir: &Path, locale: &str, args: &[&str]) -> Output {
    Command::new(crate::support::mooring_cli_path())
        .env("MOORING_PASSPHRASE", crate::support::CLI_PASSPHRASE)
        .env("LC_ALL", locale)
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
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// Asserts that `output` is a refusal of `args` with exit code `code`: one line on stderr that
/// holds `message`.
pub fn assert_refused(output: &Output, args: &[&str], code: i32, message: &str) {
    assert_eq!(output.status.code(), Some(code), "{args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
}

#[test]
fn status_json_on_a_fresh_data_dir_has_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let status = mooring_cli_json(
        dir.path(),
        &["--now", "2026-11-23T09:00:00+01:00", "status"],
    );
    assert_eq!(status["week"], "2026-W48");
    assert_eq!(status["caseload"], Value::Null);
    assert_eq!(status["heavy_week"], false);
    assert_eq!(status["days_since_substantive_contact"], Value::Null);
    assert_eq!(status["selfcheck_due"], true);
    assert_eq!(
        status["checklist"],
        serde_json::json!({ "done": 0, "total": 11 })
    );
}

#[test]
fn status_text_names_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let output = mooring_cli(
        dir.path(),
        &["--now", "2027-01-01T12:00:00+01:00", "status"],
    );
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Week 2026-W53 (Monday, 28 December 2026 to Sunday, 3 January 2027)"),
        "{text}"
    );
    // In the United States, as the window writes it there too.
    let us = mooring_cli_in(
        dir.path(),
        "en_US.UTF-8",
        &["--now", "2027-01-01T12:00:00+01:00", "status"],
    );
    let text = String::from_utf8(us.stdout).unwrap();
    assert!(
        text.starts_with("Week 2026-W53 (Monday, December 28, 2026 to Sunday, January 3, 2027)"),
        "{text}"
    );
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
    assert!(
        stderr.contains("saved by a newer version of Mooring"),
        "{stderr}"
    );
}

const NOW: &str = "2026-11-23T09:00:00+01:00";

#[test]
fn checklist_show_lists_the_default_items_in_all_six_slots() {
    let dir = tempfile::tempdir().unwrap();
    let shown = mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "show"]);
    assert_eq!(shown["week"], "2026-W48");
    let items = shown["items"].as_array().unwrap();
    assert_eq!(items.len(), 11);
    let slots: std::collections::BTreeSet<_> = items
        .iter()
        .map(|item| item["slot"].as_str().unwrap())
        .collect();
    assert_eq!(
        slots.into_iter().collect::<Vec<_>>(),
        [
            "friday",
            "monday-morning",
            "thursday-evening",
            "tuesday-midday",
            "wednesday-afternoon",
            "weekend"
        ]
    );
    for item in items {
        for field in ["id", "slot", "title", "peer", "reflection", "done", "note"] {
            assert!(item.get(field).is_some(), "{field} missing from {item}");
        }
        assert_eq!(item["done"], false);
    }
}

#[test]
fn ticking_changes_the_status_count_and_next_week_starts_unticked() {
    let dir = tempfile::tempdir().unwrap();
    let shown = mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "show"]);
    let id = shown["items"][2]["id"].to_string();
    let before = mooring_cli_json(dir.path(), &["--now", NOW, "status"]);
    assert_eq!(
        before["checklist"],
        serde_json::json!({ "done": 0, "total": 11 })
    );

    mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "tick", &id]);
    let after = mooring_cli_json(dir.path(), &["--now", NOW, "status"]);
    assert_eq!(
        after["checklist"],
        serde_json::json!({ "done": 1, "total": 11 })
    );

    let next = mooring_cli_json(
        dir.path(),
        &["--now", NOW, "checklist", "show", "--week", "2026-W49"],
    );
    assert!(next["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|item| item["done"] == false));

    mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "untick", &id]);
    assert_eq!(
        mooring_cli_json(dir.path(), &["--now", NOW, "status"])["checklist"]["done"],
        0
    );
}

#[test]
fn template_commands_edit_from_this_week_on() {
    let dir = tempfile::tempdir().unwrap();
    let template = mooring_cli_json(
        dir.path(),
        &[
            "--now",
            NOW,
            "template",
            "add",
            "--slot",
            "friday",
            "--peer",
            "Lunch with Ana",
        ],
    );
    let added = template
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Lunch with Ana")
        .unwrap()
        .clone();
    assert_eq!(added["slot"], "friday");
    assert_eq!(added["peer"], true);
    let id = added["id"].to_string();
    let moved = mooring_cli_json(
        dir.path(),
        &[
            "--now",
            NOW,
            "template",
            "move",
            &id,
            "--slot",
            "monday-morning",
            "--position",
            "1",
        ],
    );
    assert_eq!(moved[0]["title"], "Lunch with Ana");
    let shown = mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "show"]);
    assert_eq!(shown["items"][0]["title"], "Lunch with Ana");
    let removed = mooring_cli_json(dir.path(), &["--now", NOW, "template", "remove", &id]);
    assert_eq!(removed.as_array().unwrap().len(), 11);
}

#[test]
fn checklist_bad_input_exits_non_zero_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let before = mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "show"]);
    let template_before = mooring_cli_json(dir.path(), &["--now", NOW, "template", "list"]);
    let reflection = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["reflection"] == true)
        .unwrap()["id"]
        .to_string();
    let long_title = "t".repeat(201);
    let long_note = "n".repeat(5001);
    for (args, message) in [
        (
            vec!["checklist", "tick", "4242"],
            "There is no checklist item 4242.",
        ),
        (
            vec!["checklist", "untick", "4242"],
            "There is no checklist item 4242.",
        ),
        (
            vec!["template", "add", "--slot", "friday", ""],
            "A checklist item needs a title.",
        ),
        (
            vec!["template", "add", "--slot", "friday", &long_title],
            "Keep a checklist title to 200 characters; this one has 201.",
        ),
        (
            vec!["template", "add", "--slot", "someday", "Walk"],
            "\"someday\" is not a day slot.",
        ),
        (
            vec!["checklist", "tick", &reflection, "--note", &long_note],
            "Keep a note to 5,000 characters; this one has 5,001.",
        ),
        (
            vec!["checklist", "show", "--week", "2026-W54"],
            "\"2026-W54\" is not a week.",
        ),
        (
            vec!["template", "remove", "4242"],
            "There is no template item 4242.",
        ),
    ] {
        let mut all = vec!["--now", NOW];
        all.extend(args.iter().copied());
        let output = mooring_cli(dir.path(), &all);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    assert_eq!(
        mooring_cli_json(dir.path(), &["--now", NOW, "checklist", "show"]),
        before
    );
    assert_eq!(
        mooring_cli_json(dir.path(), &["--now", NOW, "template", "list"]),
        template_before
    );
}

#[test]
fn caseload_and_contacts_drive_heavy_week_and_days_since() {
    let dir = tempfile::tempdir().unwrap();
    let at = |args: &[&str]| {
        mooring_cli_json(
            dir.path(),
            &[&["--now", "2026-11-26T18:00:00+01:00"], args].concat(),
        )
    };
    at(&[
        "peer",
        "add",
        "Sam",
        "--stage",
        "mid",
        "--role",
        "buddy",
        "--debrief",
    ]);
    at(&[
        "contact",
        "log",
        "--peer",
        "Sam",
        "--kind",
        "call",
        "--at",
        "2026-11-22T10:00:00+01:00",
    ]);
    assert_eq!(at(&["status"])["heavy_week"], false);
    assert_eq!(at(&["status"])["days_since_substantive_contact"], 4);

    at(&["caseload", "set", "30"]);
    assert_eq!(at(&["status"])["caseload"], 30);
    assert_eq!(at(&["status"])["heavy_week"], true);

    at(&[
        "contact",
        "log",
        "--peer",
        "Sam",
        "--kind",
        "message",
        "--logistics",
    ]);
    assert_eq!(
        at(&["status"])["days_since_substantive_contact"],
        4,
        "logistics leave it unchanged"
    );
    at(&["contact", "log", "--peer", "sam", "--kind", "message"]);
    assert_eq!(
        at(&["status"])["days_since_substantive_contact"],
        0,
        "a substantive contact resets it"
    );

    let contacts = at(&["contact", "list"]);
    assert_eq!(contacts.as_array().unwrap().len(), 3);
    let id = contacts[0]["id"].to_string();
    at(&["contact", "delete", &id]);
    assert_eq!(at(&["status"])["days_since_substantive_contact"], 4);
    at(&["peer", "archive", "Sam"]);
    assert_eq!(at(&["peer", "list"]).as_array().unwrap().len(), 0);
    assert_eq!(at(&["peer", "list", "--all"])[0]["archived"], true);
    assert_eq!(
        at(&["contact", "list"]).as_array().unwrap().len(),
        2,
        "archiving keeps history"
    );
}

#[test]
fn contact_bad_input_exits_non_zero_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let now = ["--now", "2026-11-26T18:00:00+01:00"];
    mooring_cli_json(dir.path(), &[&now[..], &["peer", "add", "Sam"]].concat());
    for (args, message) in [
        (
            vec!["contact", "log", "--peer", "Nobody", "--kind", "call"],
            "There is no peer called \"Nobody\".",
        ),
        (
            vec![
                "contact",
                "log",
                "--peer",
                "Sam",
                "--kind",
                "call",
                "--at",
                "2026-11-27T09:00:00+01:00",
            ],
            "A contact cannot be logged in the future.",
        ),
        (
            vec!["contact", "log", "--peer", "Sam", "--kind", "telepathy"],
            "\"telepathy\" is not a kind of contact.",
        ),
        (
            vec![
                "contact",
                "log",
                "--peer",
                "Sam",
                "--kind",
                "call",
                "--minutes",
                "5000",
            ],
            "Minutes must be between 1 and 1,440",
        ),
        (
            vec!["contact", "log", "--kind", "call"],
            "Say who the contact was with",
        ),
        (
            vec!["peer", "add", "sam"],
            "You already have a peer called \"Sam\".",
        ),
        (vec!["peer", "add", ""], "A peer needs a name or an alias."),
        (
            vec!["caseload", "set", "81"],
            "A caseload is at most 80 sessions a week.",
        ),
        (vec!["caseload", "set", "--", "-3"], "invalid value '-3'"),
        (vec!["contact", "delete", "77"], "There is no contact 77."),
    ] {
        let output = mooring_cli(dir.path(), &[&now[..], &args[..]].concat());
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let status = mooring_cli_json(dir.path(), &[&now[..], &["status"]].concat());
    assert_eq!(status["caseload"], serde_json::Value::Null);
    assert_eq!(
        mooring_cli_json(dir.path(), &[&now[..], &["contact", "list"]].concat()),
        serde_json::json!([])
    );
    assert_eq!(
        mooring_cli_json(dir.path(), &[&now[..], &["peer", "list"]].concat())
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_selfcheck_makes_it_not_due_for_fourteen_days() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-23T09:00:00+01:00";
    assert_eq!(
        mooring_cli_json(dir.path(), &["--now", now, "status"])["selfcheck_due"],
        true
    );

    let check = mooring_cli_json(
        dir.path(),
        &[
            "--now",
            now,
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
        ],
    );
    assert_eq!(check["index"], 67);
    assert_eq!(
        check["answers"],
        serde_json::json!({ "talked_beyond_logistics": true, "debrief_within_72h": false, "mixed_career_stages": true, "safety_net": 7 })
    );
    let suggestions = check["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 1);
    assert_eq!(suggestions[0]["gap"], "debrief");
    assert!(suggestions[0]["text"]
        .as_str()
        .unwrap()
        .contains("debrief buddy"));

    for (instant, due) in [
        (now, false),
        ("2026-12-06T23:59:00+01:00", false),
        ("2026-12-07T09:00:00+01:00", true),
    ] {
        assert_eq!(
            mooring_cli_json(dir.path(), &["--now", instant, "status"])["selfcheck_due"],
            due,
            "{instant}"
        );
    }
    let list = mooring_cli(dir.path(), &["--now", now, "selfcheck", "list"]);
    assert_eq!(
        String::from_utf8(list.stdout).unwrap().trim(),
        "2026-11-23 09:00  index  67  Q1 yes, Q2 no, Q3 yes, Q4 7/10"
    );
}

#[test]
fn selfcheck_bad_input_exits_non_zero_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let now = "2026-11-23T09:00:00+01:00";
    let take = |extra: &[&str]| {
        let mut args = vec!["--now", now, "selfcheck", "take"];
        args.extend_from_slice(extra);
        mooring_cli(&data, &args)
    };
    for (args, message) in [
        (
            &["--q1", "yes", "--q2", "no", "--q3", "yes", "--q4", "11"][..],
            "Question 4 takes a whole number from 1 to 10; 11 is not one.",
        ),
        (
            &["--q1", "yes", "--q2", "no", "--q3", "yes", "--q4", "7.5"][..],
            "Question 4 takes a whole number from 1 to 10; 7.5 is not one.",
        ),
        (
            &["--q1", "yes", "--q2", "no", "--q3", "yes", "--q4", "seven"][..],
            "Question 4 takes a whole number from 1 to 10; \"seven\" is not one.",
        ),
        (
            &["--q1", "yes", "--q3", "yes", "--q4", "7"][..],
            "Answer question 2 before saving the self-check.",
        ),
        (
            &["--q1", "perhaps", "--q2", "no", "--q3", "yes", "--q4", "7"][..],
            "Question 1 takes yes or no; \"perhaps\" is neither.",
        ),
        (
            &[
                "--q1",
                "yes",
                "--q2",
                "no",
                "--q3",
                "yes",
                "--q4",
                "7",
                "--at",
                "2026-11-24T09:00:00+01:00",
            ][..],
            "A self-check cannot be dated in the future.",
        ),
    ] {
        let output = take(args);
        assert!(!output.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("mooring-cli: {message}\n")
        );
    }
    let list = mooring_cli(&data, &["--now", now, "selfcheck", "list"]);
    assert_eq!(
        String::from_utf8(list.stdout).unwrap().trim(),
        "No self-checks yet."
    );
}

#[test]
fn nudges_json_at_pinned_instants() {
    let dir = tempfile::tempdir().unwrap();
    let cli = |now: &str, args: &[&str]| {
        let mut all = vec!["--now", now];
        all.extend_from_slice(args);
        mooring_cli_json(dir.path(), &all)
    };
    let thursday = "2026-11-19T10:00:00+01:00";
    cli(thursday, &["peer", "add", "Kim"]);
    cli(thursday, &["peer", "add", "Sam", "--role", "buddy"]);
    // The self-check reminder is another rule's business here.
    cli(thursday, &["settings", "set", "selfcheck-due", "off"]);
    cli(
        thursday,
        &["contact", "log", "--peer", "Kim", "--kind", "call"],
    );
    let monday = "2026-11-23T10:00:00+01:00";
    cli(monday, &["caseload", "set", "30"]);

    // A heavy week, 4 days since the last substantive contact: one nudge, naming the buddy.
    assert_eq!(
        cli(monday, &["nudges"]),
        serde_json::json!([{
            "rule": "heavy-week-lapse",
            "title": "Time for a peer check-in",
            "body": "A heavy week, and no real talk with a peer for 4 days. Message Sam?",
            "peer": "Sam"
        }])
    );
    // The same at 22:00: quiet hours.
    assert_eq!(
        cli("2026-11-23T22:00:00+01:00", &["nudges"]),
        serde_json::json!([])
    );
    // A light week with 4 days: none.
    cli(monday, &["caseload", "set", "10"]);
    assert_eq!(cli(monday, &["nudges"]), serde_json::json!([]));
    // 15 days: a contact lapse, whatever the caseload.
    let fifteen_days = "2026-12-04T10:00:00+01:00";
    for sessions in ["10", "30"] {
        cli(fifteen_days, &["caseload", "set", sessions]);
        let nudges = cli(fifteen_days, &["nudges"]);
        assert_eq!(nudges.as_array().unwrap().len(), 1, "{nudges}");
        assert_eq!(nudges[0]["rule"], "contact-lapse");
        assert_eq!(nudges[0]["peer"], "Sam");
    }
    // After a logged contact: none.
    cli(
        fifteen_days,
        &["contact", "log", "--peer", "Sam", "--kind", "message"],
    );
    assert_eq!(cli(fifteen_days, &["nudges"]), serde_json::json!([]));
    // `nudges` only looks: it records nothing.
    let output = mooring_cli(dir.path(), &["--now", monday, "nudges"]);
    assert!(output.status.success());
    let store = mooring_core::Store::open_in(
        dir.path(),
        &crate::support::cli_keys(),
        &crate::support::first_use(),
    )
    .unwrap();
    let clock = mooring_core::FixedClock::parse(fifteen_days).unwrap();
    assert_eq!(store.nudges(&clock).unwrap().pending, None);
}

#[test]
fn the_command_line_agrees_with_the_window_on_roles_rhythms_dashes_and_plain_exports() {
    let dir = tempfile::tempdir().unwrap();
    let now = |args: &[&str]| {
        mooring_cli_json(
            dir.path(),
            &[&["--now", "2026-11-23T09:00:00+01:00"][..], args].concat(),
        )
    };
    now(&["peer", "add", "Sam", "--role", "colleague"]);
    // A peer's roles change from the command line too, and "" clears them.
    let edited = now(&["peer", "edit", "Sam", "--role", "buddy", "--role", "mentor"]);
    assert_eq!(edited["roles"], serde_json::json!(["buddy", "mentor"]));
    let cleared = now(&["peer", "edit", "Sam", "--role", ""]);
    assert_eq!(cleared["roles"], serde_json::json!([]));
    // A note may begin with a dash, as a list does.
    let logged = now(&[
        "contact",
        "log",
        "--kind",
        "call",
        "--peer",
        "Sam",
        "--note",
        "- felt heard",
    ]);
    assert_eq!(logged["note"], "- felt heard", "{logged}");
    // Each item's rhythm in the list.
    now(&[
        "template",
        "add",
        "Group supervision",
        "--slot",
        "thursday-evening",
        "--monthly",
        "4-thursday",
    ]);
    now(&[
        "template",
        "add",
        "Balint group",
        "--slot",
        "thursday-evening",
        "--monthly",
        "last-thursday",
    ]);
    let listed = mooring_cli(dir.path(), &["template", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("Group supervision  [the fourth Thursday of the month]"),
        "{text}"
    );
    assert!(
        text.contains("Balint group  [the last Thursday of the month]"),
        "{text}"
    );
    // A plain export says so, and offers the encrypted one.
    let out = dir.path().join("plain.json");
    let exported = mooring_cli(dir.path(), &["export", "--out", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&exported.stdout);
    assert!(said.contains("It is not encrypted"), "{said}");
    assert!(said.contains("--encrypt"), "{said}");
}

#[test]
fn ticking_an_item_a_contact_ticks_can_log_that_contact_in_the_same_step() {
    let dir = tempfile::tempdir().unwrap();
    let now = |args: &[&str]| {
        mooring_cli(
            dir.path(),
            &[&["--now", "2026-11-25T17:00:00+01:00"][..], args].concat(),
        )
    };
    let json = |args: &[&str]| -> Value {
        let output = now(&[&["--json"][..], args].concat());
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).unwrap()
    };
    json(&["peer", "add", "Sam"]);
    let week = json(&["checklist", "show"]);
    let item_of = |kind: &str| {
        week["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["contact_kind"] == kind)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (group, message) = (item_of("group"), item_of("message"));
    // Ticked alone, a linked item says the contact log was not changed.
    let alone = now(&["checklist", "tick", &message]);
    let said = String::from_utf8_lossy(&alone.stdout);
    assert!(said.contains("The contact log was not changed"), "{said}");
    assert_eq!(json(&["contact", "list"]), serde_json::json!([]));
    // With --log-contact, the contact is logged and the item ticked in one step.
    json(&[
        "checklist",
        "tick",
        &group,
        "--log-contact",
        "--peer",
        "Sam",
    ]);
    let contacts = json(&["contact", "list"]);
    assert_eq!(contacts.as_array().unwrap().len(), 1, "{contacts}");
    assert_eq!(contacts[0]["kind"], "group");
    let ticked = json(&["checklist", "show"]);
    let done = ticked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"].as_i64().unwrap().to_string() == group)
        .unwrap()["done"]
        .clone();
    assert_eq!(done, true, "{ticked}");
    // An item no contact ticks has none to log.
    let plain = item_of_none(&week);
    let refused = now(&["checklist", "tick", &plain, "--log-contact"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not ticked by a contact"));
}

/// The id of an item that no contact ticks.
fn item_of_none(week: &Value) -> String {
    week["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["contact_kind"].is_null())
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

#[test]
fn checklist_tick_works_on_this_weeks_items_before_anything_showed_them() {
    let dir = tempfile::tempdir().unwrap();
    let now = |args: &[&str]| {
        mooring_cli_json(
            dir.path(),
            &[&["--now", "2026-12-07T10:00:00+01:00"][..], args].concat(),
        )
    };
    // A new data folder: this week has not been opened by the window or `checklist show`.
    let ticked = now(&["checklist", "tick", "3"]);
    assert_eq!(ticked["week"], "2026-W50", "{ticked}");
    let item = ticked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == 3)
        .unwrap()
        .clone();
    assert!(item["done_at"].is_string(), "{item}");
    assert_eq!(item["title"], "A fifteen-minute walk outside");
    // An id no week has is still refused.
    let output = mooring_cli(
        dir.path(),
        &[
            "--now",
            "2026-12-07T10:00:00+01:00",
            "checklist",
            "tick",
            "99",
        ],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("There is no checklist item 99."));
}

#[test]
fn a_time_zone_decides_the_local_week_around_a_daylight_saving_change() {
    // 23:30 UTC on Sunday 29 March 2026 is 00:30 on Monday 30 March in London, in summer
    // time since that morning: week 14 there, and still week 13 in UTC.
    let instant = "2026-03-29T23:30:00Z";
    let week_of = |zone: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["--now", instant];
        if let Some(zone) = zone {
            args.extend(["--tz", zone]);
        }
        let run = |more: &[&str]| mooring_cli_json(dir.path(), &[&args[..], more].concat());
        run(&["peer", "add", "Sam"]);
        let logged = run(&["contact", "log", "--peer", "Sam", "--kind", "message"]);
        assert!(logged["at"].is_string(), "{logged}");
        let status = run(&["status"]);
        let checklist = run(&["checklist", "show"]);
        let ticked: Vec<String> = checklist["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| item["done"] == true)
            .map(|item| item["title"].as_str().unwrap().to_owned())
            .collect();
        (
            status["week"].as_str().unwrap().to_owned(),
            checklist["week"].as_str().unwrap().to_owned(),
            ticked,
        )
    };
    let (status_week, checklist_week, ticked) = week_of(Some("Europe/London"));
    assert_eq!(
        (status_week.as_str(), checklist_week.as_str()),
        ("2026-W14", "2026-W14")
    );
    assert_eq!(ticked, ["Message a peer about a recent win or challenge"]);
    let (utc_week, _, _) = week_of(None);
    assert_eq!(utc_week, "2026-W13", "the offset alone says UTC");
    // A zone that does not exist is refused before anything is opened.
    let dir = tempfile::tempdir().unwrap();
    let output = mooring_cli(
        dir.path(),
        &["--now", instant, "--tz", "Europe/Lodnon", "status"],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not a time zone"));
    assert!(!dir.path().join(mooring_core::store::DATABASE_FILE).exists());
}
