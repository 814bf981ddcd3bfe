//! Peers, contacts and caseload on a real database, at pinned instants.

use mooring_core::{
    CareerStage, ContactFilter, ContactKind, HeavyWeekRule, NewContact, PeerDetails, Role, Settings,
};

use crate::support::{clock, contact, peer, store, week};

#[test]
fn heavy_by_threshold_and_by_override() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    let w48 = week("2026-W48");
    assert!(
        !store.caseload(w48, &now).unwrap().heavy_week,
        "no caseload is not heavy"
    );
    for (sessions, heavy) in [(24, false), (25, true), (30, true), (0, false)] {
        assert_eq!(
            store
                .set_caseload(w48, Some(sessions), &now)
                .unwrap()
                .heavy_week,
            heavy,
            "{sessions}"
        );
    }
    // The user's own call wins, both ways, and can be taken back.
    assert!(
        store
            .set_heavy_override(w48, Some(true), &now)
            .unwrap()
            .heavy_week
    );
    store.set_caseload(w48, Some(40), &now).unwrap();
    assert!(
        !store
            .set_heavy_override(w48, Some(false), &now)
            .unwrap()
            .heavy_week
    );
    let back = store.set_heavy_override(w48, None, &now).unwrap();
    assert!(back.heavy_week && back.heavy_by_rule);
    // A different threshold.
    store
        .update_settings(Settings {
            heavy_week_threshold: 45,
            ..Settings::default()
        })
        .unwrap();
    assert!(!store.caseload(w48, &now).unwrap().heavy_week);
    assert!(!store.status(&now).unwrap().heavy_week);
}

#[test]
fn heavy_by_the_usual_caseload_of_the_previous_eight_weeks_with_sessions() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    store
        .update_settings(Settings {
            heavy_week_rule: HeavyWeekRule::Relative,
            ..Settings::default()
        })
        .unwrap();
    let w48 = week("2026-W48");

    // With no earlier week there is no usual caseload: the threshold (25) stands in.
    let alone = store.set_caseload(w48, Some(60), &now).unwrap();
    assert_eq!(alone.usual_caseload, None);
    assert!(!alone.relative_rule_applies);
    assert!(alone.heavy_week, "60 reaches the threshold");
    assert!(!store.set_caseload(w48, Some(24), &now).unwrap().heavy_week);

    // Two earlier weeks are not enough either: the relative rule needs three.
    for (name, sessions) in [("2026-W46", 30), ("2026-W47", 20)] {
        store
            .set_caseload(week(name), Some(sessions), &now)
            .unwrap();
    }
    let two = store.set_caseload(w48, Some(24), &now).unwrap();
    assert_eq!(
        (two.usual_weeks, two.relative_rule_applies, two.heavy_from),
        (2, false, 25)
    );
    assert!(!two.heavy_week, "24 is under the threshold");

    // Three: the median of those there are (20, 30, 20 -> 20; 120% = 24).
    store
        .set_caseload(week("2026-W45"), Some(20), &now)
        .unwrap();
    assert!(!store.set_caseload(w48, Some(23), &now).unwrap().heavy_week);
    let heavy = store.set_caseload(w48, Some(24), &now).unwrap();
    assert_eq!(heavy.usual_caseload, Some(20.0));
    assert_eq!(heavy.heavy_from, 24);
    assert!(heavy.relative_rule_applies);
    assert!(heavy.heavy_week);

    // Only the 8 most recent earlier weeks that have a caseload count; gaps are skipped.
    for (offset, sessions) in (1..=10).zip([1, 1, 1, 1, 1, 10, 10, 10, 40, 40]) {
        let mut w = week("2026-W30");
        for _ in 0..offset {
            w = w.next();
        }
        store.set_caseload(w, Some(sessions), &now).unwrap();
    }
    // Earlier weeks now: W31..W40 and W45..W47. The 8 latest are 20, 30, 20 (W45-47), 40, 40
    // (W39-40) and 10, 10, 10 (W36-38): median 20, so 24 is heavy and 23 is not. Counting all
    // 13 would give a median of 10 and call 23 heavy.
    let rule = store.caseload(w48, &now).unwrap();
    assert_eq!(rule.usual_caseload, Some(20.0));
    assert!(rule.heavy_week);
    assert!(!store.set_caseload(w48, Some(23), &now).unwrap().heavy_week);
}

#[test]
fn weeks_of_leave_are_not_part_of_the_usual_caseload() {
    // Five weeks of 0 and three of 20, then 5 sessions: with the zeros the median would be 0
    // and every working week heavy.
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    store.set_setting("heavy-rule", "relative", &now).unwrap();
    for (name, sessions) in [
        ("2026-W40", 0),
        ("2026-W41", 0),
        ("2026-W42", 0),
        ("2026-W43", 0),
        ("2026-W44", 0),
        ("2026-W45", 20),
        ("2026-W46", 20),
        ("2026-W47", 20),
    ] {
        store
            .set_caseload(week(name), Some(sessions), &now)
            .unwrap();
    }
    let five = store.set_caseload(week("2026-W48"), Some(5), &now).unwrap();
    assert_eq!(five.usual_caseload, Some(20.0));
    assert_eq!(five.usual_weeks, 3);
    assert!(!five.heavy_week);
    assert!(!store.status(&now).unwrap().heavy_week, "no banner either");
    assert!(
        store
            .set_caseload(week("2026-W48"), Some(24), &now)
            .unwrap()
            .heavy_week
    );
}

#[test]
fn a_week_not_entered_yet_is_estimated_from_the_week_before() {
    let (_dir, mut store) = store();
    let monday = clock("2026-11-23T08:00:00+01:00");
    store
        .set_caseload(week("2026-W47"), Some(30), &monday)
        .unwrap();
    let status = store.status(&monday).unwrap();
    assert_eq!(
        (status.caseload, status.caseload_estimated),
        (Some(30), true)
    );
    assert!(
        status.heavy_week,
        "last week's 30 makes this week heavy too"
    );

    // Entering this week's replaces the estimate, in both directions.
    store
        .set_caseload(week("2026-W48"), Some(10), &monday)
        .unwrap();
    let status = store.status(&monday).unwrap();
    assert_eq!(
        (status.caseload, status.caseload_estimated),
        (Some(10), false)
    );
    assert!(!status.heavy_week);

    // Next week can be entered ahead; until then it is estimated from this one.
    let next = store.caseload(week("2026-W49"), &monday).unwrap();
    assert_eq!((next.sessions, next.estimate), (None, Some(10)));
    let ahead = store
        .set_caseload(week("2026-W49"), Some(28), &monday)
        .unwrap();
    assert_eq!(
        (ahead.sessions, ahead.estimate, ahead.heavy_week),
        (Some(28), None, true)
    );

    // A past week that was never entered is not guessed at.
    let past = store.caseload(week("2026-W46"), &monday).unwrap();
    assert_eq!(
        (past.sessions, past.estimate, past.heavy_week),
        (None, None, false)
    );

    // Last week not entered either (W51 in W52): no estimate, nothing heavy.
    let later = clock("2026-12-21T09:00:00+01:00");
    let status = store.status(&later).unwrap();
    assert_eq!((status.caseload, status.caseload_estimated), (None, false));
}

#[test]
fn logistics_only_contact_is_not_substantive() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-26T18:00:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    assert_eq!(
        store.status(&now).unwrap().days_since_substantive_contact,
        None
    );
    store
        .log_contact(
            contact(vec![sam], "2026-11-22T10:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(
        store.status(&now).unwrap().days_since_substantive_contact,
        Some(4)
    );
    store
        .log_contact(
            contact(vec![sam], "2026-11-26T09:00:00+01:00", false),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(
        store.status(&now).unwrap().days_since_substantive_contact,
        Some(4)
    );
    // ...but any contact counts for that peer's own "days since".
    assert_eq!(store.peer(sam, &now).unwrap().days_since_contact, Some(0));
    store
        .log_contact(
            contact(vec![sam], "2026-11-26T17:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(
        store.status(&now).unwrap().days_since_substantive_contact,
        Some(0)
    );
}

#[test]
fn days_since_counts_local_calendar_days() {
    let (_dir, mut store) = store();
    let setup = clock("2026-11-26T18:00:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &setup)
        .unwrap()
        .id;
    // 23:59 local on Sunday; stored with its offset, the same instant is 22:59 UTC.
    store
        .log_contact(
            contact(vec![sam], "2026-11-22T23:59:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &setup,
        )
        .unwrap();
    for (now, days) in [
        ("2026-11-22T23:59:30+01:00", 0),
        ("2026-11-23T00:00:00+01:00", 1),
        ("2026-11-23T23:59:59+01:00", 1),
        ("2026-11-24T00:00:00+01:00", 2),
    ] {
        assert_eq!(
            store
                .status(&clock(now))
                .unwrap()
                .days_since_substantive_contact,
            Some(days),
            "{now}"
        );
    }
    // A contact after "now" is not yet part of the past.
    assert_eq!(
        store
            .status(&clock("2026-11-22T12:00:00+01:00"))
            .unwrap()
            .days_since_substantive_contact,
        None
    );
}

#[test]
fn archiving_keeps_history_and_the_network_summary_counts_active_peers() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-26T18:00:00+01:00");
    let sam = store
        .add_peer(
            PeerDetails {
                name: "Sam".into(),
                career_stage: Some(CareerStage::Mid),
                roles: vec![Role::Buddy],
                debrief_within_72h: true,
                ..PeerDetails::default()
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap()
        .id;
    let lee = store
        .add_peer(
            PeerDetails {
                name: "Lee".into(),
                career_stage: Some(CareerStage::Senior),
                roles: vec![Role::Mentor],
                ..PeerDetails::default()
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap()
        .id;
    store
        .log_contact(
            contact(vec![sam, lee], "2026-11-25T10:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();

    let summary = store.network_summary(&now).unwrap();
    assert_eq!(
        (
            summary.peers,
            summary.mid,
            summary.senior,
            summary.debrief_within_72h,
            summary.has_buddy
        ),
        (2, 1, 1, 1, true)
    );

    let archived = store.set_peer_archived(sam, true, &now).unwrap();
    assert!(archived.archived);
    assert_eq!(store.peers(false, &now).unwrap().len(), 1);
    assert_eq!(store.peers(true, &now).unwrap().len(), 2);
    let history = store
        .contacts(
            &ContactFilter {
                peer: Some(sam),
                ..ContactFilter::default()
            },
            &now,
        )
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0]
            .peers
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Lee", "Sam"]
    );
    let summary = store.network_summary(&now).unwrap();
    assert_eq!((summary.peers, summary.has_buddy), (1, false));
    assert!(!store.set_peer_archived(sam, false, &now).unwrap().archived);
}

#[test]
fn contacts_filter_by_peer_kind_and_date_newest_first() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-26T18:00:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let ana = store
        .add_peer(peer("Ana"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    store
        .log_contact(
            contact(vec![sam], "2026-11-20T10:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    let mut message = contact(vec![ana], "2026-11-24T10:00:00+01:00", true);
    message.kind = ContactKind::Message;
    store
        .log_contact(message, None, mooring_core::Guard::Check, &now)
        .unwrap();
    let all = store.contacts(&ContactFilter::default(), &now).unwrap();
    assert_eq!(
        all.iter().map(|c| c.at.as_str()).collect::<Vec<_>>(),
        ["2026-11-24T10:00:00+01:00", "2026-11-20T10:00:00+01:00"]
    );
    let by_peer = store
        .contacts(
            &ContactFilter {
                peer: Some(sam),
                ..Default::default()
            },
            &now,
        )
        .unwrap();
    assert_eq!(by_peer.len(), 1);
    let by_kind = store
        .contacts(
            &ContactFilter {
                kind: Some(ContactKind::Message),
                ..Default::default()
            },
            &now,
        )
        .unwrap();
    assert_eq!(by_kind[0].peers[0].name, "Ana");
    let since = store
        .contacts(
            &ContactFilter {
                since: Some("2026-11-21".parse().unwrap()),
                ..Default::default()
            },
            &now,
        )
        .unwrap();
    assert_eq!(since.len(), 1);
    let newest = store
        .contacts(
            &ContactFilter {
                limit: Some(1),
                ..Default::default()
            },
            &now,
        )
        .unwrap();
    assert_eq!(newest, all[..1]);
}

#[test]
fn logging_from_a_peer_item_ticks_it_in_the_same_step() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-24T12:30:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let checklist = store.checklist(week("2026-W48"), &now).unwrap();
    let message_item = checklist
        .items
        .iter()
        .find(|item| item.peer && item.contact_kind == Some(ContactKind::Message))
        .unwrap();
    let solo_item = checklist.items.iter().find(|item| !item.peer).unwrap();
    let mut new = contact(vec![sam], "2026-11-24T12:00:00+01:00", true);
    new.kind = ContactKind::Message;

    let err = store
        .log_contact(
            new.clone(),
            Some(solo_item.id),
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid-input");
    assert!(
        store
            .contacts(&ContactFilter::default(), &now)
            .unwrap()
            .is_empty(),
        "nothing was logged"
    );

    store
        .log_contact(new, Some(message_item.id), mooring_core::Guard::Check, &now)
        .unwrap();
    assert!(store.checklist_item(message_item.id).unwrap().done);
    assert_eq!(store.status(&now).unwrap().checklist.done, 1);
}

#[test]
fn bad_contacts_and_peers_are_refused_and_write_nothing() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-26T18:00:00+01:00");
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let cases: Vec<(NewContact, &str)> = vec![
        (
            contact(vec![sam], "2026-11-26T18:06:00+01:00", true),
            "A contact cannot be logged in the future.",
        ),
        (
            contact(vec![], "2026-11-26T10:00:00+01:00", true),
            "Say who the contact was with: a peer, or the consultation group.",
        ),
        (
            contact(vec![999], "2026-11-26T10:00:00+01:00", true),
            "There is no peer 999.",
        ),
        (
            NewContact {
                minutes: Some(0),
                ..contact(vec![sam], "2026-11-26T10:00:00+01:00", true)
            },
            "Minutes must be between 1 and 1,440 (a whole day).",
        ),
        (
            NewContact {
                minutes: Some(1441),
                ..contact(vec![sam], "2026-11-26T10:00:00+01:00", true)
            },
            "Minutes must be between 1 and 1,440 (a whole day).",
        ),
        (
            NewContact {
                note: Some("n".repeat(5001)),
                ..contact(vec![sam], "2026-11-26T10:00:00+01:00", true)
            },
            "Keep a note to 5,000 characters; this one has 5,001.",
        ),
    ];
    for (bad, message) in cases {
        assert_eq!(
            store
                .log_contact(bad, None, mooring_core::Guard::Check, &now)
                .unwrap_err()
                .to_string(),
            message
        );
    }
    // A few minutes ahead is a clock disagreement, not the future.
    store
        .log_contact(
            contact(vec![sam], "2026-11-26T18:04:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(
        store
            .contacts(&ContactFilter::default(), &now)
            .unwrap()
            .len(),
        1
    );

    assert_eq!(
        store
            .add_peer(peer("  "), mooring_core::Guard::Check, &now)
            .unwrap_err()
            .to_string(),
        "A peer needs a name or an alias."
    );
    assert_eq!(
        store
            .add_peer(peer("SAM"), mooring_core::Guard::Check, &now)
            .unwrap_err()
            .to_string(),
        "You already have a peer called \"Sam\"."
    );
    assert_eq!(
        store
            .set_caseload(week("2026-W48"), Some(81), &now)
            .unwrap_err()
            .to_string(),
        "A caseload is at most 80 sessions a week."
    );
    assert_eq!(store.peers(true, &now).unwrap().len(), 1);
    assert_eq!(
        store.caseload(week("2026-W48"), &now).unwrap().sessions,
        None
    );
}
