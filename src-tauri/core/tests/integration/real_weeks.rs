//! Real weeks, as a new user, a clinician back from leave or anyone on a Monday meets them: one
//! case for each way the nudges and the checklist used to fail them, in the core and through
//! `mooring-cli` as a real process.

use std::path::Path;

use mooring_core::{ContactKind, Guard, NewContact, Slot, Store};
use serde_json::{json, Value};

use crate::cli::{mooring_cli, mooring_cli_json};
use crate::support::{clock, peer, store_first_used_at, week};

/// Runs `mooring-cli --json --now NOW ARGS` and parses what it printed, failing on an error.
fn cli(data: &Path, now: &str, args: &[&str]) -> Value {
    mooring_cli_json(data, &[&["--now", now], args].concat())
}

/// The rules `mooring-cli nudges` says are due at `now`.
fn due(data: &Path, now: &str) -> Vec<String> {
    cli(data, now, &["nudges"])
        .as_array()
        .unwrap()
        .iter()
        .map(|nudge| nudge["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// Every file of the data folder with its bytes, to show that nothing was written.
fn snapshot(data: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

// A new or isolated user is nudged.

#[test]
fn first_used_on_a_monday_with_30_sessions_gives_a_heavy_week_lapse_on_thursday() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    cli(
        data,
        "2026-11-23T09:00:00+01:00",
        &["caseload", "set", "30"],
    );
    assert!(!due(data, "2026-11-25T10:00:00+01:00").contains(&"heavy-week-lapse".to_owned()));
    let thursday = cli(data, "2026-11-26T10:00:00+01:00", &["nudges"]);
    assert_eq!(thursday[0]["rule"], "heavy-week-lapse");
    // Neutral and short, for someone with no contact and no peer yet.
    assert_eq!(
        thursday[0]["body"],
        "A heavy week, and no peer conversation logged yet. Message a peer?"
    );
}

#[test]
fn day_one_with_typed_in_history_names_the_same_last_contact_in_the_status_and_the_nudge() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let first_day = "2026-11-23T09:00:00+01:00";
    cli(data, first_day, &["peer", "add", "Kim"]);
    // A call from before Mooring, typed in on the first day.
    cli(
        data,
        first_day,
        &[
            "contact",
            "log",
            "--peer",
            "Kim",
            "--kind",
            "call",
            "--at",
            "2026-11-01T18:00:00+01:00",
        ],
    );
    // The lapse counts from first use: nothing on day one.
    assert!(due(data, "2026-11-23T10:00:00+01:00").is_empty());
    // Fourteen days on, the nudge and the status name the same call, 36 days back.
    let monday = "2026-12-07T10:00:00+01:00";
    let status = cli(data, monday, &["status"]);
    assert_eq!(status["days_since_substantive_contact"], 36, "{status}");
    let nudges = cli(data, monday, &["nudges"]);
    assert_eq!(nudges[0]["rule"], "contact-lapse");
    assert_eq!(
        nudges[0]["body"],
        "No real talk with a peer for 36 days. Message Kim?"
    );
    // In a heavy week the long lapse still says that the week is heavy.
    cli(data, monday, &["caseload", "set", "32"]);
    let nudges = cli(data, monday, &["nudges"]);
    assert_eq!(nudges[0]["rule"], "contact-lapse");
    assert_eq!(
        nudges[0]["body"],
        "A heavy week, and no real talk with a peer for 36 days. Message Kim?"
    );
}

#[test]
fn logistics_only_is_no_contact_for_a_new_user() {
    // A 40-session week with only logistics logged used to give "No nudges due" for weeks.
    let (_dir, mut store) = store_first_used_at("2026-11-23T09:00:00+01:00");
    let monday = clock("2026-11-23T10:00:00+01:00");
    let kim = store
        .add_peer(peer("Kim"), mooring_core::Guard::Check, &monday)
        .unwrap()
        .id;
    store
        .set_caseload(week("2026-W48"), Some(40), &monday)
        .unwrap();
    let logistics = NewContact {
        kind: ContactKind::Message,
        ..crate::support::contact(vec![kim], "2026-11-23T10:00:00+01:00", false)
    };
    store
        .log_contact(logistics, None, Guard::Check, &monday)
        .unwrap();
    let thursday = clock("2026-11-26T09:00:00+01:00");
    let rules: Vec<_> = store
        .nudges(&thursday)
        .unwrap()
        .due
        .iter()
        .map(|nudge| nudge.rule.to_string())
        .collect();
    assert_eq!(rules[0], "heavy-week-lapse");
}

// Holidays do not make every week heavy.

#[test]
fn five_weeks_of_leave_and_three_of_20_then_5_is_not_heavy() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // First used at the start of October, before the leave.
    cli(
        data,
        "2026-09-28T09:00:00+02:00",
        &["settings", "set", "heavy-rule", "relative"],
    );
    let now = "2026-11-23T09:00:00+01:00";
    for (w, sessions) in [
        ("2026-W40", "0"),
        ("2026-W41", "0"),
        ("2026-W42", "0"),
        ("2026-W43", "0"),
        ("2026-W44", "0"),
        ("2026-W45", "20"),
        ("2026-W46", "20"),
        ("2026-W47", "20"),
    ] {
        cli(data, now, &["caseload", "set", sessions, "--week", w]);
    }
    let five = cli(data, now, &["caseload", "set", "5"]);
    assert_eq!(five["heavy_week"], false);
    assert_eq!(five["usual_caseload"], 20.0);
    assert_eq!(cli(data, now, &["status"])["heavy_week"], false);
}

#[test]
fn the_relative_rule_waits_for_three_weeks_and_settings_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-23T09:00:00+01:00";
    let settings = cli(data, now, &["settings", "set", "heavy-rule", "relative"]);
    assert_eq!(settings["heavy-rule"], "relative");
    cli(data, now, &["caseload", "set", "20", "--week", "2026-W47"]);
    let this = cli(data, now, &["caseload", "set", "26"]);
    assert_eq!(this["relative_rule_applies"], false);
    assert_eq!(this["usual_weeks"], 1);
    assert_eq!(this["heavy_week"], true, "the threshold of 25 stands in");
}

#[test]
fn the_usual_week_from_the_first_run_is_the_estimate_and_the_usual_until_weeks_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-25T10:00:00+01:00";
    cli(data, now, &["settings", "set", "heavy-rule", "relative"]);
    let settings = cli(data, now, &["settings", "set", "usual-caseload", "22"]);
    assert_eq!(settings["usual-caseload"], "22");
    // Not this week's caseload: this week is estimated from it, and says so.
    let status = cli(data, now, &["status"]);
    assert_eq!(
        (
            &status["caseload"],
            &status["caseload_estimated"],
            &status["caseload_from_usual"]
        ),
        (&json!(22), &json!(true), &json!(true))
    );
    // It is the usual from the first day: 120% of 22 is 27 sessions.
    let this = cli(data, now, &["caseload", "set", "26"]);
    assert_eq!(
        (
            &this["relative_rule_applies"],
            &this["heavy_from"],
            &this["heavy_week"]
        ),
        (&json!(true), &json!(27), &json!(false))
    );
    // Next week, entered ahead, shows in the status.
    cli(data, now, &["caseload", "set", "30", "--week", "2026-W49"]);
    assert_eq!(cli(data, now, &["status"])["next_week_caseload"], 30);
    // Three weeks with sessions make their own usual; the setting steps back.
    for (week, sessions) in [("2026-W45", 10), ("2026-W46", 10), ("2026-W47", 10)] {
        cli(
            data,
            now,
            &["caseload", "set", &sessions.to_string(), "--week", week],
        );
    }
    let own = cli(data, now, &["caseload", "show"]);
    assert_eq!(
        (&own["usual_caseload"], &own["heavy_week"]),
        (&json!(10.0), &json!(true))
    );
    // More than 80 sessions is no usual week.
    let refused = mooring_cli(
        data,
        &["--now", now, "settings", "set", "usual-caseload", "81"],
    );
    assert!(!refused.status.success());
}

// Monday remembers the heavy week.

#[test]
fn monday_with_only_last_weeks_30_is_heavy_by_estimate_and_the_held_lapse_fires_at_8() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let last_monday = "2026-11-16T09:00:00+01:00";
    cli(data, last_monday, &["caseload", "set", "30"]);
    cli(
        data,
        last_monday,
        &["peer", "add", "Sam", "--role", "buddy"],
    );
    cli(
        data,
        last_monday,
        &["settings", "set", "selfcheck-due", "off"],
    );
    // The last real talk on Thursday: 72 hours run out on Sunday, at the weekend.
    cli(
        data,
        "2026-11-19T10:00:00+01:00",
        &["contact", "log", "--peer", "Sam", "--kind", "call"],
    );
    assert_eq!(due(data, "2026-11-22T12:00:00+01:00"), Vec::<String>::new());

    let status = cli(data, "2026-11-23T07:59:00+01:00", &["status"]);
    assert_eq!(status["caseload_estimated"], true);
    assert_eq!(status["caseload"], 30);
    assert_eq!(status["heavy_week"], true);
    assert_eq!(due(data, "2026-11-23T07:59:00+01:00"), Vec::<String>::new());
    assert_eq!(due(data, "2026-11-23T08:00:00+01:00"), ["heavy-week-lapse"]);

    // Entering this week's replaces the estimate.
    let status = {
        cli(
            data,
            "2026-11-23T09:00:00+01:00",
            &["caseload", "set", "12"],
        );
        cli(data, "2026-11-23T09:00:00+01:00", &["status"])
    };
    assert_eq!(
        (
            &status["caseload"],
            &status["caseload_estimated"],
            &status["heavy_week"]
        ),
        (&json!(12), &json!(false), &json!(false))
    );
}

// The first self-check is nudged.

#[test]
fn the_first_selfcheck_is_nudged_on_the_first_morning_after_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    cli(data, "2026-11-23T09:00:00+01:00", &["status"]);
    assert_eq!(due(data, "2026-11-23T19:00:00+01:00"), Vec::<String>::new());
    assert_eq!(due(data, "2026-11-24T07:59:00+01:00"), Vec::<String>::new());
    assert_eq!(due(data, "2026-11-24T08:00:00+01:00"), ["selfcheck-due"]);
}

// The checklist and the log agree.

#[test]
fn a_buddy_debrief_ticks_fridays_item_and_deleting_it_unticks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-27T16:00:00+01:00";
    cli(data, now, &["peer", "add", "Sam", "--role", "buddy"]);
    let friday_item = |data: &Path| {
        cli(data, now, &["checklist", "show"])["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["contact_kind"] == "buddy-debrief")
            .unwrap()
            .clone()
    };
    assert_eq!(friday_item(data)["done"], false);
    // As the issue writes it: no peer named, the debrief is with the buddy.
    let contact = cli(data, now, &["contact", "log", "--kind", "buddy-debrief"]);
    assert_eq!(contact["peers"], json!([{ "id": 1, "name": "Sam" }]));
    let item = friday_item(data);
    assert_eq!(
        (&item["slot"], &item["done"]),
        (&json!("friday"), &json!(true))
    );

    let id = contact["id"].to_string();
    cli(data, now, &["contact", "delete", &id]);
    assert_eq!(friday_item(data)["done"], false);

    // With two buddies, or none, the debrief needs a name.
    cli(data, now, &["peer", "add", "Ana", "--role", "buddy"]);
    let output = mooring_cli(
        data,
        &["--now", now, "contact", "log", "--kind", "buddy-debrief"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("Say who the contact was with"));
}

#[test]
fn linked_items_follow_the_log_in_the_core() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-27T16:00:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let log = |store: &mut Store, kind, at: &str, substantive| {
        let contact = NewContact {
            with_group: kind == ContactKind::Group,
            kind,
            ..crate::support::contact(vec![sam], at, substantive)
        };
        store
            .log_contact(contact, None, Guard::Check, &now)
            .unwrap()
    };
    // Whether Tuesday's message, Wednesday's group and Friday's debrief are ticked.
    let ticked = |store: &mut Store| -> Vec<bool> {
        let items = store.checklist(week("2026-W48"), &now).unwrap().items;
        [Slot::TuesdayMidday, Slot::WednesdayAfternoon, Slot::Friday]
            .iter()
            .map(|&slot| {
                items
                    .iter()
                    .find(|item| item.slot == slot && item.contact_kind.is_some())
                    .unwrap()
                    .done
            })
            .collect()
    };
    // Logistics only ticks nothing; a call has no linked item.
    log(
        &mut store,
        ContactKind::Message,
        "2026-11-24T12:00:00+01:00",
        false,
    );
    log(
        &mut store,
        ContactKind::Call,
        "2026-11-24T12:00:00+01:00",
        true,
    );
    assert_eq!(ticked(&mut store), [false, false, false]);

    // A real message ticks Tuesday's item; a second has no unticked item left to tick.
    let first = log(
        &mut store,
        ContactKind::Message,
        "2026-11-24T13:00:00+01:00",
        true,
    );
    log(
        &mut store,
        ContactKind::Message,
        "2026-11-25T13:00:00+01:00",
        true,
    );
    assert_eq!(ticked(&mut store), [true, false, false]);

    // Changing the first into a group session moves its tick to Wednesday's item, and
    // Tuesday's passes to the second message.
    let group = NewContact {
        with_group: true,
        kind: ContactKind::Group,
        ..crate::support::contact(vec![sam], "2026-11-25T15:00:00+01:00", true)
    };
    store
        .update_contact(first.id, group, Guard::Check, &now)
        .unwrap();
    assert_eq!(ticked(&mut store), [true, true, false]);
    store.delete_contact(first.id, &now).unwrap();
    assert_eq!(ticked(&mut store), [true, false, false]);

    // A contact in a week before first use opens and ticks nothing.
    log(
        &mut store,
        ContactKind::BuddyDebrief,
        "2025-12-05T16:00:00+01:00",
        true,
    );
    let before = store.checklist(week("2025-W49"), &now).unwrap();
    assert!(!before.tickable && before.items.iter().all(|item| !item.done));
}

#[test]
fn a_peer_item_of_ones_own_can_be_linked_to_a_kind_of_contact() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-26T18:00:00+01:00";
    cli(data, now, &["peer", "add", "Lee"]);
    let template = cli(
        data,
        now,
        &[
            "template",
            "add",
            "Lunch with a colleague",
            "--slot",
            "thursday-evening",
            "--peer",
        ],
    );
    let lunch = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["title"] == "Lunch with a colleague")
        .unwrap()["id"]
        .to_string();
    let linked = cli(data, now, &["template", "link", &lunch, "in-person"]);
    assert!(linked.as_array().unwrap().iter().any(|item| item["title"]
        == "Lunch with a colleague"
        && item["contact_kind"] == "in-person"));
    cli(
        data,
        now,
        &["contact", "log", "--peer", "Lee", "--kind", "in-person"],
    );
    let week = cli(data, now, &["checklist", "show"]);
    let item = week["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["title"] == "Lunch with a colleague")
        .unwrap()
        .clone();
    assert_eq!(item["done"], true);
    // Only peer items take a link.
    let solo = cli(data, now, &["template", "list"])[0]["id"].to_string();
    let output = mooring_cli(data, &["--now", now, "template", "link", &solo, "message"]);
    assert_eq!(output.status.code(), Some(1));
}

// The confidentiality guard catches and stays quiet.

#[test]
fn a_reflection_from_the_cli_is_checked_and_refused_with_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-26T20:00:00+01:00";
    let reflection = cli(data, now, &["checklist", "show"])["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["reflection"] == true)
        .unwrap()["id"]
        .to_string();
    let before = snapshot(data);
    let args = [
        "--now",
        now,
        "checklist",
        "tick",
        &reflection,
        "--note",
        "my client, Jane, DOB 3/4/85",
    ];
    let output = mooring_cli(data, &args);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("a client's name (\"client, Jane\") and a date of birth (\"DOB 3/4/85\")"),
        "{stderr}"
    );
    assert_eq!(snapshot(data), before, "nothing was written");

    // With --json the code comes as such; with --anyway it is saved as it is.
    let mut json_args = vec!["--json"];
    json_args.extend_from_slice(&args);
    let output = mooring_cli(data, &json_args);
    assert_eq!(output.status.code(), Some(3));
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["code"], "looks-identifying");
    let mut anyway = args.to_vec();
    anyway.push("--anyway");
    assert!(mooring_cli(data, &anyway).status.success());
}

#[test]
fn a_contact_note_from_the_cli_is_refused_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-26T20:00:00+01:00";
    cli(data, now, &["peer", "add", "Sam"]);
    let before = snapshot(data);
    let output = mooring_cli(
        data,
        &[
            "--now",
            now,
            "contact",
            "log",
            "--peer",
            "Sam",
            "--kind",
            "call",
            "--note",
            "Client: Jane, lives at 42 Elm Street",
        ],
    );
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(snapshot(data), before);
    assert_eq!(cli(data, now, &["contact", "list"]), json!([]));
}

#[test]
fn note_check_prints_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("never-made");
    let now = "2026-11-26T20:00:00+01:00";
    assert_eq!(
        cli(
            &data,
            now,
            &["note", "check", "jane at example dot com; Room 1234567"]
        ),
        json!({ "flags": [{ "kind": "email", "excerpt": "jane at example dot com", "start": 0, "end": 23 }] })
    );
    assert_eq!(
        cli(&data, now, &["note", "check", "Case 2026 went well"]),
        json!({ "flags": [] })
    );
    assert!(!data.exists(), "checking a note makes no data folder");
}

// Time before first use is neither neglect nor history.

#[test]
fn a_fresh_user_is_not_told_of_a_long_stretch_without_contact() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-26T20:00:00+01:00";
    cli(data, now, &["peer", "add", "Sam"]);
    cli(
        data,
        now,
        &["contact", "log", "--peer", "Sam", "--kind", "call"],
    );
    let out = dir.path().join("calendar.svg");
    let chart = cli(
        data,
        now,
        &[
            "chart",
            "calendar",
            "--range",
            "1y",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        chart["summary"],
        "Peer contact on 1 of 1 day since you started; the longest stretch without was 0 days."
    );
}

#[test]
fn weeks_outside_use_are_previews_that_record_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-25T10:00:00+01:00";
    cli(data, now, &["status"]);
    let before = snapshot(data);
    for w in ["2026-W47", "2026-W49"] {
        let preview = cli(data, now, &["checklist", "show", "--week", w]);
        assert_eq!(preview["tickable"], false, "{w}");
        assert_eq!(preview["to_come"], w == "2026-W49");
        assert!(preview["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["done"] == false && item["id"].as_i64().unwrap() < 0));
    }
    assert_eq!(snapshot(data), before, "showing them created nothing");
    // A preview's item cannot be ticked, nor mistaken for this week's.
    let output = mooring_cli(data, &["--now", now, "checklist", "tick", "-3"]);
    assert!(!output.status.success());
    let this_week = cli(data, now, &["checklist", "show"]);
    assert_eq!(this_week["tickable"], true);
    assert_eq!(this_week["completion"]["done"], 0);
}

// The command line does what the window does.

#[test]
fn settings_show_and_set_every_setting_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-25T10:00:00+01:00";
    let shown = cli(data, now, &["settings", "show"]);
    assert_eq!(shown["heavy-rule"], "threshold");
    assert_eq!(shown["quiet-from"], "20:00");
    assert_eq!(shown["backup-folder"], "default");
    assert_eq!(shown["keep-notes"], "forever");
    assert_eq!(
        (&shown["app-lock"], &shown["lock-after"]),
        (&json!("off"), &json!("15"))
    );
    assert_eq!(shown["your-name"], "none");
    assert_eq!(shown["usual-caseload"], "none");
    assert_eq!(shown.as_object().unwrap().len(), 24);
    assert_eq!(
        (
            &shown["agreement-review"],
            &shown["consultation-follow-up"],
            &shown["debrief-follow-up"]
        ),
        (&json!("on"), &json!("on"), &json!("on"))
    );
    for (key, value, expect) in [
        ("heavy-rule", "relative", "relative"),
        ("heavy-threshold", "28", "28"),
        ("selfcheck-cadence", "21", "21"),
        ("heavy-week-lapse-hours", "48", "48"),
        ("contact-lapse", "off", "off"),
        ("agreement-review", "off", "off"),
        ("consultation-follow-up", "off", "off"),
        ("debrief-follow-up", "off", "off"),
        ("quiet-from", "21:30", "21:30"),
        ("paused-until", "2026-12-01", "2026-12-01T00:00:00+01:00"),
        ("paused-until", "off", "off"),
        ("hide-on-close", "no", "off"),
        (
            "backup-folder",
            "/srv/backups/mooring",
            "/srv/backups/mooring",
        ),
        ("backup-folder", "default", "default"),
        ("keep-notes", "12", "12"),
        ("keep-notes", "Forever", "forever"),
        // The command line's data is kept behind its passphrase, which the lock then asks for.
        ("app-lock", "on", "on"),
        ("lock-after", "30", "30"),
        ("app-lock", "off", "off"),
    ] {
        assert_eq!(
            cli(data, now, &["settings", "set", key, value])[key],
            expect,
            "{key} {value}"
        );
    }
    // Each change left the others alone.
    let shown = cli(data, now, &["settings", "show"]);
    assert_eq!(
        (
            &shown["heavy-rule"],
            &shown["heavy-threshold"],
            &shown["contact-lapse"]
        ),
        (&json!("relative"), &json!("28"), &json!("off"))
    );
    // Bad keys and values: one line, nothing written, not even a data folder.
    let fresh = dir.path().join("fresh");
    for args in [
        ["settings", "set", "heavy-rule", "median"],
        ["settings", "set", "heavy-threshold", "81"],
        ["settings", "set", "quiet-from", "0730"],
        ["settings", "set", "no-such-key", "1"],
        ["settings", "set", "paused-until", "2026-11-01"],
        ["settings", "set", "keep-notes", "121"],
        ["settings", "set", "lock-after", "0"],
    ] {
        let mut all = vec!["--now", now];
        all.extend_from_slice(&args);
        let output = mooring_cli(&fresh, &all);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(String::from_utf8(output.stderr).unwrap().lines().count(), 1);
        assert!(!fresh.exists(), "{args:?} made a data folder");
    }
}

#[test]
fn caseload_of_other_weeks_and_the_override_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let now = "2026-11-25T10:00:00+01:00";
    let ahead = cli(data, now, &["caseload", "set", "30", "--week", "2026-W49"]);
    assert_eq!(
        (&ahead["week"], &ahead["heavy_week"]),
        (&json!("2026-W49"), &json!(true))
    );
    let light = cli(
        data,
        now,
        &["caseload", "override", "light", "--week", "2026-W49"],
    );
    assert_eq!(
        (&light["heavy_override"], &light["heavy_week"]),
        (&json!(false), &json!(false))
    );
    let heavy = cli(data, now, &["caseload", "override", "heavy"]);
    assert_eq!(
        (&heavy["week"], &heavy["heavy_week"]),
        (&json!("2026-W48"), &json!(true))
    );
    assert_eq!(cli(data, now, &["status"])["heavy_week"], true);
    let auto = cli(data, now, &["caseload", "override", "auto"]);
    assert_eq!(
        (&auto["heavy_override"], &auto["heavy_week"]),
        (&Value::Null, &json!(false))
    );
    let output = mooring_cli(data, &["--now", now, "caseload", "override", "busy"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn nudges_snooze_dismiss_and_act_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    cli(
        data,
        "2026-11-16T09:00:00+01:00",
        &["settings", "set", "selfcheck-due", "off"],
    );
    // Nothing to answer yet.
    let output = mooring_cli(
        data,
        &["--now", "2026-11-16T10:00:00+01:00", "nudges", "dismiss"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("No nudge is waiting for an answer, and none is due."));

    // Fifteen days without contact: a contact lapse is due.
    let due_at = "2026-12-01T10:00:00+01:00";
    let snoozed = cli(data, due_at, &["nudges", "snooze", "3h"]);
    assert_eq!(snoozed["rule"], "contact-lapse");
    assert_eq!(snoozed["until"], "2026-12-01T13:00:00+01:00");
    assert_eq!(due(data, "2026-12-01T12:59:00+01:00"), Vec::<String>::new());
    assert_eq!(due(data, "2026-12-01T13:00:00+01:00"), ["contact-lapse"]);
    let dismissed = cli(data, "2026-12-01T13:00:00+01:00", &["nudges", "dismiss"]);
    assert_eq!(dismissed["event"], "dismissed");
    // Dismissed for the day; back the next morning while the lapse lasts.
    assert_eq!(due(data, "2026-12-01T15:00:00+01:00"), Vec::<String>::new());
    assert_eq!(due(data, "2026-12-02T08:00:00+01:00"), ["contact-lapse"]);
    let acted = cli(data, "2026-12-02T08:00:00+01:00", &["nudges", "act"]);
    assert_eq!(acted["event"], "acted-on");
    let output = mooring_cli(
        data,
        &[
            "--now",
            "2026-12-02T08:00:00+01:00",
            "nudges",
            "snooze",
            "2h",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
}

fn store() -> (tempfile::TempDir, Store) {
    crate::support::store()
}

#[test]
fn a_caseload_is_taken_from_four_weeks_before_first_use_to_eight_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    // First used on Monday of week 48.
    let now = "2026-11-23T09:00:00+01:00";
    cli(data, now, &["settings", "set", "heavy-rule", "relative"]);
    for (week, taken) in [
        ("2026-W43", false),
        ("2026-W44", true),
        ("2027-W03", true),
        ("2027-W04", false),
        ("1999-W01", false),
    ] {
        let output = mooring_cli(
            data,
            &["--now", now, "caseload", "set", "20", "--week", week],
        );
        assert_eq!(output.status.success(), taken, "{week}");
        if !taken {
            let said = String::from_utf8_lossy(&output.stderr);
            assert!(
                said.contains(
                    "A caseload can be entered for 2026-W44 (four weeks before you \
                               started) to 2027-W03 (eight weeks ahead)"
                ),
                "{said}"
            );
            let shown = cli(data, now, &["caseload", "show", "--week", week]);
            assert_eq!(shown["sessions"], Value::Null, "{week}: nothing written");
        }
    }
    // The typed-in history starts the usual caseload...
    for week in ["2026-W45", "2026-W46", "2026-W47"] {
        cli(data, now, &["caseload", "set", "20", "--week", week]);
    }
    let first = cli(data, now, &["caseload", "show"]);
    assert_eq!(first["usual_weeks"], 4, "{first}");
    assert_eq!(first["relative_rule_applies"], true);
    // ...and leaves it once more than 8 weeks back, even with no weeks entered since: only
    // 2027-W03, entered ahead, is left of the five.
    let later = "2027-02-01T09:00:00+01:00";
    let shown = cli(data, later, &["caseload", "show"]);
    assert_eq!(shown["week"], "2027-W05");
    assert_eq!(shown["usual_weeks"], 1, "{shown}");
}
