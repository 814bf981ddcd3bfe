//! Contact that renews: intentions and energy, "What renews you", the reassess suggestion, a
//! checklist item's rhythm, peers' practice areas, and the debrief after a hard session. On
//! real temporary databases and through `mooring-cli`.

use mooring_core::rhythm::Rhythm;
use mooring_core::{
    ContactKind, Energy, Guard, Intention, NewContact, Range, Rule, Store, TemplateChange,
};
use serde_json::{json, Value};

use crate::cli::{assert_refused, mooring_cli, mooring_cli_json};
use crate::support::{clock, peer, store, week};

/// Tuesday 1 December 2026, 09:30: week 49.
const TUESDAY: &str = "2026-12-01T09:30:00+01:00";

/// A substantive contact of `kind` with `peers` at `at`, left as `energy`.
fn contact(kind: ContactKind, peers: Vec<i64>, at: &str, energy: Option<Energy>) -> NewContact {
    NewContact {
        at: Some(mooring_core::clock::parse_instant(at).unwrap()),
        peers,
        with_group: kind == ContactKind::Group,
        kind,
        substantive: true,
        intentions: Vec::new(),
        energy,
        minutes: None,
        note: None,
    }
}

/// The default template's group item.
fn group_item(store: &Store) -> i64 {
    store
        .template()
        .unwrap()
        .into_iter()
        .find(|item| item.contact_kind == Some(ContactKind::Group))
        .unwrap()
        .id
}

#[test]
fn a_fortnightly_group_is_neither_shown_nor_counted_nor_nudged_in_its_off_weeks() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let group = group_item(&store);
    store
        .update_template_item(
            group,
            TemplateChange {
                rhythm: Some(Rhythm::every(2, week("2026-W48")).unwrap()),
                ..TemplateChange::default()
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    let titles = |store: &mut Store, name: &str| -> Vec<String> {
        store
            .checklist(week(name), &now)
            .unwrap()
            .items
            .into_iter()
            .map(|item| item.title)
            .collect()
    };
    let this_week = titles(&mut store, "2026-W49");
    assert!(
        !this_week.iter().any(|t| t.contains("consultation group")),
        "{this_week:?}"
    );
    assert!(titles(&mut store, "2026-W50")
        .iter()
        .any(|t| t.contains("consultation group")));
    assert!(titles(&mut store, "2026-W48")
        .iter()
        .any(|t| t.contains("consultation group")));
    // This week counts one item fewer than a group week, in Home and in Trends.
    assert_eq!(store.status(&now).unwrap().checklist.total, 10);
    let next = clock("2026-12-08T09:30:00+01:00");
    assert_eq!(store.status(&next).unwrap().checklist.total, 11);
    // With the checklist nudge on, Wednesday afternoon of an off week has nothing to nudge.
    store.set_setting("checklist-item", "on", &now).unwrap();
    for rule in ["contact-lapse", "heavy-week-lapse", "selfcheck-due"] {
        store.set_setting(rule, "off", &now).unwrap();
    }
    let wednesday = |at: &str| -> Vec<String> {
        store
            .nudges(&clock(at))
            .unwrap()
            .due
            .into_iter()
            .filter(|nudge| nudge.rule == Rule::ChecklistItem)
            .map(|nudge| nudge.subject)
            .collect()
    };
    assert!(!wednesday("2026-12-02T15:30:00+01:00")
        .iter()
        .any(|subject| subject.ends_with("wednesday-afternoon")));
    assert!(wednesday("2026-12-09T15:30:00+01:00")
        .iter()
        .any(|subject| subject.ends_with("wednesday-afternoon")));
    // Back to every week: this week gains the item, untouched weeks before keep theirs.
    store
        .update_template_item(
            group,
            TemplateChange {
                rhythm: Some(Rhythm::Weekly),
                ..TemplateChange::default()
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    assert!(titles(&mut store, "2026-W49")
        .iter()
        .any(|t| t.contains("consultation group")));
}

#[test]
fn a_monthly_item_comes_in_the_week_of_the_first_wednesday() {
    let dir = tempfile::tempdir().unwrap();
    let cli =
        |args: &[&str]| mooring_cli_json(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    cli(&[
        "template",
        "add",
        "Peer supervision circle",
        "--slot",
        "wednesday",
        "--peer",
        "--monthly",
        "1-wednesday",
    ]);
    let has = |name: &str| {
        cli(&["checklist", "show", "--week", name])["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["title"] == "Peer supervision circle")
    };
    // 2 December 2026, 6 January 2027 (week 1 of 2027, across the year end), 3 February.
    assert!(has("2026-W49"));
    assert!(!has("2026-W50"));
    assert!(!has("2026-W53"));
    assert!(has("2027-W01"));
    assert!(has("2027-W05"));
    let template = cli(&["template", "list"]);
    let item = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["title"] == "Peer supervision circle")
        .unwrap()
        .clone();
    assert_eq!(item["rhythm"], "monthly-1-wednesday");
    assert_eq!(item["rhythm_text"], "the first Wednesday of the month");
    assert_eq!(item["slot"], "wednesday-afternoon");
}

#[test]
fn template_add_every_two_weeks_from_a_week_and_edit_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let cli =
        |args: &[&str]| mooring_cli_json(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    let template = cli(&[
        "template",
        "add",
        "--slot",
        "wednesday",
        "--peer",
        "Group",
        "--every",
        "2",
        "--from",
        "2026-W48",
    ]);
    let id = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["title"] == "Group")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let titles = |name: &str| -> Vec<Value> {
        cli(&["checklist", "show", "--week", name])["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["title"].clone())
            .collect()
    };
    assert!(!titles("2026-W49").contains(&json!("Group")));
    assert!(titles("2026-W50").contains(&json!("Group")));
    cli(&["template", "edit", &id.to_string(), "--weekly"]);
    assert!(titles("2026-W49").contains(&json!("Group")));
    cli(&["template", "edit", &id.to_string(), "--every", "3"]);
    // Every 3 weeks from this week: this week, not the next two.
    assert!(titles("2026-W49").contains(&json!("Group")));
    assert!(!titles("2026-W50").contains(&json!("Group")));
    assert!(titles("2026-W52").contains(&json!("Group")));
}

#[test]
fn rhythm_and_template_bad_input_exits_non_zero_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mooring_cli(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    let before = mooring_cli_json(dir.path(), &["--now", TUESDAY, "template", "list"]);
    for (args, message) in [
        (
            vec![
                "template",
                "add",
                "X",
                "--slot",
                "wednesday",
                "--every",
                "5",
            ],
            "every 2, 3 or 4 weeks; not every 5",
        ),
        (
            vec![
                "template",
                "add",
                "X",
                "--slot",
                "wednesday",
                "--every",
                "2",
                "--from",
                "2026-W60",
            ],
            "\"2026-W60\" is not a week",
        ),
        (
            vec![
                "template",
                "add",
                "X",
                "--slot",
                "wednesday",
                "--monthly",
                "5-monday",
            ],
            "\"5-monday\" is not a monthly rhythm",
        ),
        (
            vec![
                "template",
                "add",
                "X",
                "--slot",
                "wednesday",
                "--from",
                "2026-W48",
            ],
            "--every <N>",
        ),
        (
            vec![
                "template",
                "add",
                "X",
                "--slot",
                "wednesday",
                "--every",
                "2",
                "--monthly",
                "1-monday",
            ],
            "cannot be used with",
        ),
        (
            vec!["template", "add", "X", "--slot", "noon"],
            "\"noon\" is not a day slot",
        ),
        (
            vec!["template", "edit", "999", "--every", "2"],
            "There is no template item 999.",
        ),
    ] {
        assert_refused(&run(&args), &args, 1, message);
    }
    assert_eq!(
        mooring_cli_json(dir.path(), &["--now", TUESDAY, "template", "list"]),
        before
    );
}

#[test]
fn contact_log_stores_intentions_and_energy_and_rate_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let cli =
        |args: &[&str]| mooring_cli_json(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    cli(&["peer", "add", "Sam"]);
    let logged = cli(&[
        "contact", "log", "--peer", "Sam", "--kind", "call", "--intent", "venting", "--energy",
        "drained",
    ]);
    assert_eq!(logged["intentions"], json!(["venting"]));
    assert_eq!(logged["energy"], "drained");
    let two = cli(&[
        "contact",
        "log",
        "--peer",
        "Sam",
        "--kind",
        "message",
        "--intent",
        "venting,advice",
    ]);
    assert_eq!(
        two["intentions"],
        json!(["advice", "venting"]),
        "in the app's order"
    );
    assert_eq!(two["energy"], Value::Null);
    let rated = cli(&[
        "contact",
        "rate",
        &two["id"].to_string(),
        "--energy",
        "renewed",
    ]);
    assert_eq!(rated["energy"], "renewed");
    let listed = cli(&["contact", "list"]);
    assert_eq!(listed[0]["energy"], "renewed");
    assert_eq!(listed[1]["intentions"], json!(["venting"]));

    let run = |args: &[&str]| mooring_cli(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    for (args, message) in [
        (
            vec![
                "contact", "log", "--peer", "Sam", "--kind", "call", "--energy", "tired",
            ],
            "\"tired\" is not a way to leave a contact",
        ),
        (
            vec![
                "contact",
                "log",
                "--peer",
                "Sam",
                "--kind",
                "call",
                "--intent",
                "advice,gossip",
            ],
            "\"gossip\" is not an intention",
        ),
        (
            vec!["contact", "rate", "77", "--energy", "renewed"],
            "There is no contact 77.",
        ),
        (
            vec!["contact", "rate", "1", "--energy", "fine"],
            "\"fine\" is not a way to leave a contact",
        ),
    ] {
        assert_refused(&run(&args), &args, 1, message);
    }
    assert_eq!(cli(&["contact", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn three_drained_contacts_with_the_group_suggest_reassessing_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let cli =
        |args: &[&str]| mooring_cli_json(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    // A meeting not rated yet, before the run.
    let unrated = cli(&[
        "contact",
        "log",
        "--group",
        "--kind",
        "group",
        "--at",
        "2026-10-28T15:00:00+01:00",
    ])["id"]
        .as_i64()
        .unwrap()
        .to_string();
    for day in ["2026-11-04", "2026-11-18", "2026-11-25"] {
        cli(&[
            "contact",
            "log",
            "--group",
            "--kind",
            "group",
            "--energy",
            "drained",
            "--at",
            &format!("{day}T15:00:00+01:00"),
        ]);
        // A renewing buddy call between makes no difference to the group's run.
        cli(&["peer", "add", &format!("Peer {day}")]);
        cli(&[
            "contact",
            "log",
            "--peer",
            &format!("Peer {day}"),
            "--kind",
            "call",
            "--energy",
            "renewed",
            "--at",
            &format!("{day}T18:00:00+01:00"),
        ]);
    }
    let status = cli(&["status"]);
    let suggestions = status["suggestions"].as_array().unwrap();
    assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    assert_eq!(suggestions[0]["kind"], "reassess");
    assert!(suggestions[0]["text"]
        .as_str()
        .unwrap()
        .contains("consultation group"));

    // The command line lists it by its key and puts it away; a key not on Home is refused.
    let key = suggestions[0]["key"].as_str().unwrap().to_owned();
    assert_eq!(cli(&["suggestions"])[0]["key"], key.as_str());
    let refused = mooring_cli(
        dir.path(),
        &[
            "--now",
            TUESDAY,
            "suggestions",
            "dismiss",
            "reassess/call/1",
        ],
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains(&format!("Those there now: {key}.")), "{said}");
    assert_eq!(
        cli(&["suggestions", "dismiss", &key])["dismissed"],
        key.as_str()
    );
    assert_eq!(cli(&["status"])["suggestions"], json!([]));
    // Rating the earlier meeting drained now reaches the run further back: still away.
    cli(&["contact", "rate", &unrated, "--energy", "drained"]);
    assert_eq!(cli(&["status"])["suggestions"], json!([]));
    // Put away, it stays away while the run goes on.
    cli(&[
        "contact",
        "log",
        "--group",
        "--kind",
        "group",
        "--energy",
        "drained",
        "--at",
        "2026-11-30T15:00:00+01:00",
    ]);
    assert_eq!(cli(&["status"])["suggestions"], json!([]));
    // A renewing meeting ends the run; three drained ones again bring it back.
    cli(&[
        "contact",
        "log",
        "--group",
        "--kind",
        "group",
        "--energy",
        "renewed",
        "--at",
        "2026-11-30T16:00:00+01:00",
    ]);
    for hour in ["17", "18"] {
        cli(&[
            "contact",
            "log",
            "--group",
            "--kind",
            "group",
            "--energy",
            "drained",
            "--at",
            &format!("2026-11-30T{hour}:00:00+01:00"),
        ]);
    }
    assert_eq!(
        cli(&["status"])["suggestions"],
        json!([]),
        "two in a row are not three"
    );
    cli(&[
        "contact",
        "log",
        "--group",
        "--kind",
        "group",
        "--energy",
        "drained",
        "--at",
        "2026-12-01T08:00:00+01:00",
    ]);
    let again = cli(&["status"]);
    assert_eq!(again["suggestions"].as_array().unwrap().len(), 1);
    assert_ne!(again["suggestions"][0]["key"], key.as_str());
}

#[test]
fn what_renews_you_counts_by_kind_peer_and_group_over_the_range() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let kim = store
        .add_peer(peer("Kim"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let log = |store: &mut Store, kind, peers, at, energy| {
        store
            .log_contact(contact(kind, peers, at, energy), None, Guard::Check, &now)
            .unwrap();
    };
    for at in [
        "2026-11-06T16:00:00+01:00",
        "2026-11-13T16:00:00+01:00",
        "2026-11-20T16:00:00+01:00",
    ] {
        log(
            &mut store,
            ContactKind::BuddyDebrief,
            vec![sam],
            at,
            Some(Energy::Renewed),
        );
    }
    log(
        &mut store,
        ContactKind::Group,
        vec![],
        "2026-11-18T15:00:00+01:00",
        Some(Energy::Drained),
    );
    log(
        &mut store,
        ContactKind::Group,
        vec![kim],
        "2026-11-25T15:00:00+01:00",
        Some(Energy::Neutral),
    );
    log(
        &mut store,
        ContactKind::Call,
        vec![kim],
        "2026-11-26T15:00:00+01:00",
        None,
    );
    // Long ago, outside twelve weeks.
    log(
        &mut store,
        ContactKind::Call,
        vec![kim],
        "2026-06-01T15:00:00+01:00",
        Some(Energy::Drained),
    );

    let renewal = store.renewal(Range::Weeks12, &now).unwrap();
    assert_eq!((renewal.rated, renewal.unrated), (5, 1));
    let counts = |counts: &[mooring_core::EnergyCount]| -> Vec<(String, u32, u32, u32)> {
        counts
            .iter()
            .map(|c| (c.label.clone(), c.renewed, c.neutral, c.drained))
            .collect()
    };
    assert_eq!(
        counts(&renewal.by_kind),
        [
            ("Buddy debriefs".to_owned(), 3, 0, 0),
            ("Consultation group sessions".to_owned(), 0, 1, 1),
        ]
    );
    assert_eq!(
        counts(&renewal.by_peer),
        [("Sam".to_owned(), 3, 0, 0), ("Kim".to_owned(), 0, 1, 0)]
    );
    assert_eq!(
        counts(&renewal.by_group),
        [("The consultation group".to_owned(), 0, 1, 1)]
    );
    assert_eq!(
        renewal.summary,
        "You said how 5 conversations left you. Buddy debriefs renewed you most: 3 of 3. \
         The consultation group drained you most often: 1 of 2."
    );
    let all = store.renewal(Range::All, &now).unwrap();
    assert_eq!(all.rated, 6);
}

#[test]
fn intentions_of_the_previous_version_keep_their_names() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    for at in ["2026-11-20T10:00:00+01:00", "2026-11-21T10:00:00+01:00"] {
        store
            .log_contact(
                contact(ContactKind::Call, vec![sam], at, None),
                None,
                Guard::Check,
                &now,
            )
            .unwrap();
    }
    // A schema-3 export, where each contact had one intention in a column of its own.
    let mut export = serde_json::to_value(store.export(&now).unwrap()).unwrap();
    crate::support::as_if_from_schema(&mut export, 3);
    let contacts = export["tables"]["contacts"].as_array_mut().unwrap();
    contacts[0]["intention"] = json!("clinical-brainstorming");
    contacts[1]["intention"] = Value::Null;
    let export = serde_json::from_value(export).unwrap();
    let (_other_dir, mut other) = crate::support::store();
    other.import(&export, false, &now).unwrap();
    let intentions: Vec<Vec<Intention>> = other
        .contacts(&Default::default(), &now)
        .unwrap()
        .into_iter()
        .rev()
        .map(|contact| contact.intentions)
        .collect();
    assert_eq!(intentions, [vec![Intention::ClinicalBrainstorming], vec![]]);
}

#[test]
fn a_hard_session_proposes_debriefers_buddy_first_and_follows_up_after_72_hours() {
    let dir = tempfile::tempdir().unwrap();
    let at = |instant: &str, args: &[&str]| {
        mooring_cli_json(dir.path(), &[&["--now", instant][..], args].concat())
    };
    at(TUESDAY, &["peer", "add", "Ana", "--debrief"]);
    at(
        TUESDAY,
        &["peer", "add", "Sam", "--role", "buddy", "--debrief"],
    );
    at(TUESDAY, &["peer", "add", "Kit"]);
    for rule in ["contact-lapse", "heavy-week-lapse", "selfcheck-due"] {
        at(TUESDAY, &["settings", "set", rule, "off"]);
    }
    let request = at(TUESDAY, &["debrief", "request"]);
    let names: Vec<&str> = request["peers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Sam", "Ana"],
        "the buddy first, then who else can debrief"
    );
    assert_eq!(request["follow_up_at"], "2026-12-04T09:30:00+01:00");
    let rules = |instant: &str| -> Vec<String> {
        at(instant, &["nudges"])
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        rules("2026-12-04T09:00:00+01:00").is_empty(),
        "not before 72 hours"
    );
    let nudges = at("2026-12-04T09:30:00+01:00", &["nudges"]);
    assert_eq!(nudges[0]["rule"], "debrief-follow-up");
    assert_eq!(
        nudges[0]["body"],
        "No debrief logged in the 72 hours since you asked. Message Sam?"
    );
    // A real talk with a peer in the meantime answers it.
    at(
        "2026-12-02T12:00:00+01:00",
        &["contact", "log", "--peer", "Ana", "--kind", "call"],
    );
    assert!(rules("2026-12-04T09:30:00+01:00").is_empty());

    let text = String::from_utf8(
        mooring_cli(dir.path(), &["--now", TUESDAY, "debrief", "request"]).stdout,
    )
    .unwrap();
    assert!(
        text.starts_with("Who can debrief within 72 hours: Sam (your buddy), Ana."),
        "{text}"
    );

    // Asked on a Thursday evening, the 72 hours end on Sunday: the promise is Monday morning,
    // after the weekend, and that is when the reminder comes.
    let thursday = "2026-12-03T18:00:00+01:00";
    let held = at(thursday, &["debrief", "request"]);
    assert_eq!(held["follow_up_at"], "2026-12-07T08:00:00+01:00", "{held}");
    assert_eq!(held["follow_up_after"], "after the weekend");
    let text = String::from_utf8(
        mooring_cli(dir.path(), &["--now", thursday, "debrief", "request"]).stdout,
    )
    .unwrap();
    assert!(
        text.contains(
            "logged by Monday, 7 December 2026 at 08:00, after the weekend, Mooring will"
        ),
        "{text}"
    );
    assert!(
        rules("2026-12-07T07:59:00+01:00").is_empty(),
        "kept as promised"
    );
    assert_eq!(rules("2026-12-07T08:00:00+01:00"), ["debrief-follow-up"]);
}

#[test]
fn practice_areas_and_dual_roles_reach_the_selfcheck_hints() {
    let dir = tempfile::tempdir().unwrap();
    let cli =
        |args: &[&str]| mooring_cli_json(dir.path(), &[&["--now", TUESDAY][..], args].concat());
    let sam = cli(&[
        "peer",
        "add",
        "Sam",
        "--area",
        "Trauma",
        "--dual-role",
        "also my supervisor",
    ]);
    assert_eq!(
        (&sam["practice_area"], &sam["dual_role"]),
        (&json!("Trauma"), &json!("also my supervisor"))
    );
    cli(&["peer", "add", "Kim", "--area", "trauma"]);
    cli(&["peer", "add", "Ana", "--area", "Couples"]);
    let edited = cli(&[
        "peer",
        "edit",
        "Kim",
        "--area",
        "Child and adolescent",
        "--debrief",
        "yes",
    ]);
    assert_eq!(edited["practice_area"], "Child and adolescent");
    assert_eq!(edited["debrief_within_72h"], true);
    let cleared = cli(&["peer", "edit", "Sam", "--dual-role", ""]);
    assert_eq!(cleared["dual_role"], Value::Null);
    let store = Store::open_in(dir.path(), &crate::support::cli_keys(), &clock(TUESDAY)).unwrap();
    let hints = store.selfcheck_hints(&clock(TUESDAY)).unwrap();
    assert_eq!(
        hints.practice_areas,
        ["Child and adolescent", "Couples", "Trauma"]
    );
    let output = mooring_cli(
        dir.path(),
        &[
            "--now",
            TUESDAY,
            "peer",
            "add",
            "Lee",
            "--area",
            &"x".repeat(101),
        ],
    );
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("Keep the practice area to 100 characters"));
}
