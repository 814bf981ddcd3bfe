//! The connectedness self-check on a real database: saving, history, the due date and the hints.

use mooring_core::{AnswerSheet, CareerStage, Clock, PeerDetails, Role, Settings};

use crate::support::{clock, contact, local, peer, store, zoned};

fn sheet(q1: bool, q2: bool, q3: bool, q4: f64) -> AnswerSheet {
    AnswerSheet {
        talked_beyond_logistics: Some(q1),
        debrief_within_72h: Some(q2),
        mixed_career_stages: Some(q3),
        safety_net: Some(q4),
    }
}

/// Whether a self-check is due, and in how many days, at the clock's now.
fn due(store: &mooring_core::Store, clock: &dyn Clock) -> (bool, i64) {
    let schedule = store.selfcheck_schedule(clock).unwrap();
    (schedule.due, schedule.days_until_due)
}

#[test]
fn a_taken_check_is_stored_with_its_index_and_the_history_shows_the_change() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    let first = store
        .take_selfcheck(sheet(true, false, true, 7.0), None, &now)
        .unwrap();
    assert_eq!((first.index, first.change), (67, None));
    assert_eq!(first.taken_at.to_rfc3339(), "2026-11-23T09:00:00+01:00");
    assert_eq!(first.suggestions.len(), 1);

    now.set(mooring_core::clock::parse_instant("2026-12-07T19:00:00+01:00").unwrap());
    let second = store
        .take_selfcheck(sheet(true, true, true, 9.0), None, &now)
        .unwrap();
    assert_eq!((second.index, second.change), (96, Some(29)));
    assert!(second.suggestions.is_empty());

    // One taken later, dated back between the two, slots in by its date.
    let at = mooring_core::clock::parse_instant("2026-11-30T08:00:00+01:00").unwrap();
    store
        .take_selfcheck(sheet(false, false, false, 1.0), Some(at), &now)
        .unwrap();
    let history = store.selfchecks(&now).unwrap();
    let rows: Vec<_> = history
        .iter()
        .map(|c| (c.taken_at.date_naive().to_string(), c.index, c.change))
        .collect();
    assert_eq!(
        rows,
        [
            ("2026-12-07".to_owned(), 96, Some(96)),
            ("2026-11-30".to_owned(), 0, Some(-67)),
            ("2026-11-23".to_owned(), 67, None),
        ]
    );
}

#[test]
fn bad_answers_and_future_dates_write_nothing() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    let missing = AnswerSheet {
        mixed_career_stages: None,
        ..sheet(true, true, true, 5.0)
    };
    let future = mooring_core::clock::parse_instant("2026-11-23T09:01:00+01:00").unwrap();
    for (sheet, at, code) in [
        (missing, None, "invalid-input"),
        (sheet(true, true, true, 11.0), None, "invalid-input"),
        (sheet(true, true, true, 0.0), None, "invalid-input"),
        (sheet(true, true, true, 6.5), None, "invalid-input"),
        (sheet(true, true, true, 6.0), Some(future), "invalid-input"),
    ] {
        assert_eq!(
            store.take_selfcheck(sheet, at, &now).unwrap_err().code(),
            code,
            "{sheet:?} {at:?}"
        );
    }
    assert!(store.selfchecks(&now).unwrap().is_empty());
    assert!(store.selfcheck_schedule(&now).unwrap().due);
}

#[test]
fn due_fourteen_local_days_after_the_last_check_across_the_turn_of_a_month() {
    let (_dir, mut store) = store();
    let now = clock("2026-01-25T21:30:00+01:00");
    assert_eq!(due(&store, &now), (true, 0), "due before the first one");
    store
        .take_selfcheck(sheet(true, true, true, 8.0), None, &now)
        .unwrap();
    let schedule = store.selfcheck_schedule(&now).unwrap();
    assert_eq!(schedule.due_on.unwrap().to_string(), "2026-02-08");
    assert_eq!(due(&store, &now), (false, 14));
    for (instant, expected) in [
        ("2026-01-31T12:00:00+01:00", (false, 8)),
        ("2026-02-01T00:00:00+01:00", (false, 7)),
        ("2026-02-07T23:59:00+01:00", (false, 1)),
        ("2026-02-08T00:00:00+01:00", (true, 0)),
        ("2026-03-01T09:00:00+01:00", (true, 0)),
    ] {
        assert_eq!(due(&store, &clock(instant)), expected, "{instant}");
    }
}

#[test]
fn due_on_the_right_local_day_across_daylight_saving_changes() {
    // Europe/Berlin springs forward on 29 March 2026 and falls back on 25 October 2026.
    // Fourteen times 24 hours would make these checks due an hour late or an hour early.
    let (_dir, mut store) = store();
    let spring = zoned("Europe/Berlin", "2026-03-20 23:30");
    store
        .take_selfcheck(sheet(true, true, true, 8.0), None, &spring)
        .unwrap();
    spring.set_local(local("2026-04-02 23:59"));
    assert_eq!(due(&store, &spring), (false, 1));
    spring.set_local(local("2026-04-03 00:00"));
    assert_eq!(due(&store, &spring), (true, 0));

    let (_dir, mut store) = crate::support::store();
    let autumn = zoned("Europe/Berlin", "2026-10-20 00:30");
    store
        .take_selfcheck(sheet(true, true, true, 8.0), None, &autumn)
        .unwrap();
    autumn.set_local(local("2026-11-02 23:45"));
    assert_eq!(due(&store, &autumn), (false, 1));
    autumn.set_local(local("2026-11-03 00:00"));
    assert_eq!(due(&store, &autumn), (true, 0));
}

#[test]
fn the_cadence_is_a_setting() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    store
        .take_selfcheck(sheet(true, true, true, 8.0), None, &now)
        .unwrap();
    store
        .update_settings(Settings {
            selfcheck_cadence_days: 21,
            ..Settings::default()
        })
        .unwrap();
    assert_eq!(
        store
            .selfcheck_schedule(&now)
            .unwrap()
            .due_on
            .unwrap()
            .to_string(),
        "2026-12-14"
    );
    assert_eq!(store.status(&now).unwrap().days_until_selfcheck, 21);
    for days in [6, 57] {
        let err = store
            .update_settings(Settings {
                selfcheck_cadence_days: days,
                ..Settings::default()
            })
            .unwrap_err();
        assert_eq!(err.code(), "invalid-input");
    }
    assert_eq!(store.settings().unwrap().selfcheck_cadence_days, 21);
}

#[test]
fn hints_count_what_the_log_says() {
    let (_dir, mut store) = store();
    let now = clock("2026-11-23T09:00:00+01:00");
    let hints = store.selfcheck_hints(&now).unwrap();
    assert_eq!(
        (
            hints.substantive_conversations,
            hints.peers_available_to_debrief,
            hints.peers
        ),
        (0, 0, 0)
    );
    assert!(hints.career_stages.is_empty() && !hints.has_buddy);

    let ada = store
        .add_peer(
            PeerDetails {
                career_stage: Some(CareerStage::Senior),
                roles: vec![Role::Buddy],
                debrief_within_72h: true,
                ..peer("Ada")
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    let ben = store
        .add_peer(
            PeerDetails {
                career_stage: Some(CareerStage::Early),
                debrief_within_72h: true,
                ..peer("Ben")
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    let cy = store
        .add_peer(
            PeerDetails {
                career_stage: Some(CareerStage::Mid),
                ..peer("Cy")
            },
            mooring_core::Guard::Check,
            &now,
        )
        .unwrap();
    store
        .add_peer(peer("Dee"), mooring_core::Guard::Check, &now)
        .unwrap();
    for (peers, at, substantive) in [
        (vec![ada.id], "2026-11-09T08:00:00+01:00", true), // 14 days and an hour ago: outside
        (vec![ada.id], "2026-11-09T10:00:00+01:00", true), // inside the 14 days
        (vec![ben.id, cy.id], "2026-11-20T12:00:00+01:00", true),
        (vec![cy.id], "2026-11-22T12:00:00+01:00", false), // logistics only
        (vec![ada.id], "2026-11-23T08:59:00+01:00", true),
    ] {
        store
            .log_contact(
                contact(peers, at, substantive),
                None,
                mooring_core::Guard::Check,
                &now,
            )
            .unwrap();
    }
    // Archived peers are not part of the network any more.
    store.set_peer_archived(ben.id, true, &now).unwrap();

    let hints = store.selfcheck_hints(&now).unwrap();
    assert_eq!(hints.substantive_conversations, 3);
    assert_eq!(hints.peers_available_to_debrief, 1);
    assert!(hints.has_buddy);
    assert_eq!(hints.career_stages, [CareerStage::Mid, CareerStage::Senior]);
    assert_eq!(hints.peers, 3);
}
