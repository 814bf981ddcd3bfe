//! The group's confidentiality agreement and the consultation record: on real temporary
//! databases, through the nudge rules, retention and export, and through `mooring-cli`.

use mooring_core::consultation::{ConsultationType, NewConsultation};

use mooring_core::{Guard, Intention, Rule, Store};
use serde_json::{json, Value};

use crate::cli::{assert_refused, mooring_cli, mooring_cli_json};
use crate::support::{clock, contact, peer, store};

/// A weekday morning: Tuesday 1 December 2026, 09:30, outside quiet hours.
const TUESDAY: &str = "2026-12-01T09:30:00+01:00";

/// The rules due at `now`, by name.
fn due_rules(store: &Store, now: &str) -> Vec<Rule> {
    store
        .nudges(&clock(now))
        .unwrap()
        .due
        .into_iter()
        .map(|nudge| nudge.rule)
        .collect()
}

/// Turns off the rules that other tests are about, so that only the new ones speak.
fn only_record_nudges(store: &mut Store) {
    let now = clock(TUESDAY);
    for rule in ["contact-lapse", "heavy-week-lapse", "selfcheck-due"] {
        store.set_setting(rule, "off", &now).unwrap();
    }
}

/// A record with only a question.
fn question(text: &str) -> NewConsultation {
    NewConsultation {
        question: text.into(),
        ..NewConsultation::default()
    }
}

#[test]
fn a_new_agreement_starts_from_the_eight_points_and_is_fully_editable() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let agreement = store
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap();
    assert_eq!(agreement.points.len(), 8);
    assert!(agreement.points[0].contains("stays in the group"));
    assert!(agreement.points[7].contains("sign it again every year"));
    assert_eq!(agreement.resign_due_on, None, "nobody has signed yet");

    let blank = store
        .new_agreement("Friday pair", false, mooring_core::Guard::Check, &now)
        .unwrap();
    assert!(blank.points.is_empty());
    let edited = store
        .edit_agreement(
            blank.id,
            "Friday peers",
            &[
                "We meet on Fridays.".into(),
                "  ".into(),
                "We keep time.".into(),
            ],
            Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(edited.name, "Friday peers");
    assert_eq!(edited.points, ["We meet on Fridays.", "We keep time."]);

    // A duplicate name, an empty one and a commitment naming a client are refused unchanged.
    let err = store
        .new_agreement("wednesday GROUP", true, mooring_core::Guard::Check, &now)
        .unwrap_err();
    assert!(err.to_string().contains("already an agreement"), "{err}");
    assert_eq!(
        store
            .new_agreement("  ", true, mooring_core::Guard::Check, &now)
            .unwrap_err()
            .code(),
        "invalid-input"
    );
    let err = store
        .edit_agreement(
            edited.id,
            "Friday peers",
            &["We never discuss my client, Jane Doe.".into()],
            Guard::Check,
            &now,
        )
        .unwrap_err();
    assert_eq!(err.code(), "looks-identifying");
    assert_eq!(store.agreement(edited.id, &now).unwrap(), edited);
    assert_eq!(store.agreements(&now).unwrap().len(), 2);
}

#[test]
fn re_signing_is_due_twelve_months_after_the_oldest_signature_and_on_a_membership_change() {
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
    let lee = store
        .add_peer(peer("Lee"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let id = store
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    store.add_agreement_member(id, sam, &now).unwrap();
    store.add_agreement_member(id, kim, &now).unwrap();
    let day = |text: &str| text.parse().unwrap();
    store
        .sign_agreement(id, sam, Some(day("2026-03-10")), &now)
        .unwrap();
    let agreement = store
        .sign_agreement(id, kim, Some(day("2026-04-02")), &now)
        .unwrap();
    // Members entered before anyone signed are the first signing, not a change.
    assert_eq!(agreement.membership_changed_on, None);
    // So are members signed in on the day the group first signs, as a paper agreement is
    // entered afterwards.
    let pair = store
        .new_agreement("Friday pair", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    store
        .sign_agreement(pair, sam, Some(day("2026-05-04")), &now)
        .unwrap();
    let both = store
        .sign_agreement(pair, kim, Some(day("2026-05-04")), &now)
        .unwrap();
    assert_eq!(both.membership_changed_on, None);
    assert_eq!(both.resign_due_on, Some(day("2027-05-04")));
    // A signature typed in with its paper date is history: not a change of membership.
    let typed = store
        .sign_agreement(pair, lee, Some(day("2026-06-01")), &now)
        .unwrap();
    assert_eq!(typed.membership_changed_on, None);
    assert_eq!(typed.resign_due_on, Some(day("2027-05-04")));
    // One who joins today, after the group first signed, is a change: everyone signs again.
    let ren = store
        .add_peer(peer("Ren"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let four = store.sign_agreement(pair, ren, None, &now).unwrap();
    assert_eq!(
        four.membership_changed_on,
        Some(mooring_core::Clock::today(&now))
    );
    assert!(four.resign_due);
    assert_eq!(agreement.resign_due_on, Some(day("2027-03-10")));
    assert!(!agreement.resign_due);
    assert!(agreement.members.iter().all(|m| m.signature_current));
    // The day before the year is out, and the day it is.
    assert!(
        !store
            .agreement(id, &clock("2027-03-09T09:30:00+01:00"))
            .unwrap()
            .resign_due
    );
    assert!(
        store
            .agreement(id, &clock("2027-03-10T09:30:00+01:00"))
            .unwrap()
            .resign_due
    );

    // A member joins: everyone signs again, from today.
    let joined = store.add_agreement_member(id, lee, &now).unwrap();
    assert_eq!(joined.resign_due_on, Some(day("2026-12-01")));
    assert!(joined.resign_due);
    assert!(joined.members.iter().all(|m| !m.signature_current));
    for member in [sam, kim, lee] {
        store.sign_agreement(id, member, None, &now).unwrap();
    }
    let signed = store.agreement(id, &now).unwrap();
    assert_eq!(signed.resign_due_on, Some(day("2027-12-01")));
    assert!(!signed.resign_due);

    // A member leaves: the same.
    let later = clock("2027-02-01T09:30:00+01:00");
    let left = store.remove_agreement_member(id, lee, &later).unwrap();
    assert_eq!(left.members.len(), 2);
    assert_eq!(left.resign_due_on, Some(day("2027-02-01")));
    assert!(left.resign_due);

    // A signature in the future, a stranger's removal and a second joining are refused.
    assert!(store
        .sign_agreement(id, sam, Some(day("2026-12-02")), &now)
        .unwrap_err()
        .to_string()
        .contains("future"));
    assert_eq!(
        store
            .remove_agreement_member(id, lee, &later)
            .unwrap_err()
            .code(),
        "not-found"
    );
    assert!(store
        .add_agreement_member(id, sam, &later)
        .unwrap_err()
        .to_string()
        .contains("already a member"));
}

#[test]
fn the_agreement_says_how_many_have_signed_and_whom_it_waits_for() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let mut add = |name: &str| {
        store
            .add_peer(peer(name), mooring_core::Guard::Check, &now)
            .unwrap()
            .id
    };
    let (ana, ben) = (add("Ana"), add("Ben"));
    let id = store
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    store.add_agreement_member(id, ana, &now).unwrap();
    let two = store.add_agreement_member(id, ben, &now).unwrap();
    assert_eq!((two.signed_count, two.signer_count), (0, 2));
    assert_eq!(two.waiting_for, ["Ana", "Ben"]);

    // One of two signs today: the round is open, waiting for Ben.
    let one = store.sign_agreement(id, ana, None, &now).unwrap();
    assert_eq!((one.signed_count, one.signer_count), (1, 2));
    assert_eq!(one.waiting_for, ["Ben"]);

    // The user's own line counts once they sign, and is named "you" while it is missing.
    store.sign_agreement(id, ben, None, &now).unwrap();
    let all = store.sign_agreement_yourself(id, None, &now).unwrap();
    assert_eq!((all.signed_count, all.signer_count), (3, 3));
    assert!(all.waiting_for.is_empty());
    assert!(!all.resign_due);
    let year_on = clock("2027-12-01T09:30:00+01:00");
    let lapsed = store.agreement(id, &year_on).unwrap();
    assert_eq!((lapsed.signed_count, lapsed.signer_count), (0, 3));
    assert_eq!(lapsed.waiting_for, ["you", "Ana", "Ben"]);
    assert!(lapsed.resign_due);
}

#[test]
fn the_agreement_review_nudge_fires_on_a_weekday_morning_once_due_and_respects_the_holds() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    only_record_nudges(&mut store);
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let id = store
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    // Signed 13 months ago.
    store
        .sign_agreement(id, sam, Some("2025-11-01".parse().unwrap()), &now)
        .unwrap();
    let evaluation = store.nudges(&now).unwrap();
    assert_eq!(evaluation.due.len(), 1, "{:?}", evaluation.due);
    let nudge = &evaluation.due[0];
    assert_eq!(nudge.rule, Rule::AgreementReview);
    assert_eq!(nudge.title, "Time to re-sign the group's agreement");
    assert_eq!(
        nudge.body,
        "Time to re-read your group's agreement together and sign it again."
    );
    assert_eq!(nudge.record, Some(id));

    // Held in quiet hours and at the weekend, released at their end.
    assert!(due_rules(&store, "2026-12-01T22:00:00+01:00").is_empty());
    let saturday = store.nudges(&clock("2026-12-05T10:00:00+01:00")).unwrap();
    assert!(saturday.due.is_empty());
    assert_eq!(
        saturday.next_check.unwrap().to_rfc3339(),
        "2026-12-07T08:00:00+01:00"
    );

    // Fired once; signing again resolves it and it does not come back.
    let tick = store.run_nudges(&now).unwrap();
    assert_eq!(tick.fire.unwrap().rule, Rule::AgreementReview);
    assert!(due_rules(&store, "2026-12-01T11:30:00+01:00").is_empty());
    store.sign_agreement(id, sam, None, &now).unwrap();
    let after = store.nudges(&clock("2026-12-01T12:00:00+01:00")).unwrap();
    assert!(after.due.is_empty());
    assert_eq!(after.resolved.len(), 1);
    assert_eq!(after.resolved[0].0, Rule::AgreementReview);

    // Off in the settings: never.
    let (_dir, mut off) = crate::support::store();
    only_record_nudges(&mut off);
    let sam = off
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let id = off
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    off.sign_agreement(id, sam, Some("2025-11-01".parse().unwrap()), &now)
        .unwrap();
    off.set_setting("agreement-review", "off", &now).unwrap();
    assert!(due_rules(&off, TUESDAY).is_empty());
}

#[test]
fn a_follow_up_day_is_a_gentle_nudge_on_that_morning() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    only_record_nudges(&mut store);
    let record = store
        .add_consultation(
            NewConsultation {
                follow_up_on: Some("2026-12-03".parse().unwrap()),
                ..question("How do I end with a long-term client well?")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    // Not before the day; the app wakes when quiet hours end that morning.
    let before = store.nudges(&now).unwrap();
    assert!(before.due.is_empty());
    assert_eq!(
        before.next_check.unwrap().to_rfc3339(),
        "2026-12-03T08:00:00+01:00"
    );
    assert!(due_rules(&store, "2026-12-03T07:30:00+01:00").is_empty());
    let morning = store.nudges(&clock("2026-12-03T08:00:00+01:00")).unwrap();
    assert_eq!(morning.due.len(), 1);
    let nudge = &morning.due[0];
    assert_eq!(nudge.rule, Rule::ConsultationFollowUp);
    assert_eq!(nudge.record, Some(record.id));
    // The notification never quotes the record.
    assert!(!nudge.body.contains("long-term"), "{}", nudge.body);
    // Missed for a few days (the computer was off), it still comes once; a week on, not.
    assert_eq!(
        due_rules(&store, "2026-12-08T10:00:00+01:00"),
        [Rule::ConsultationFollowUp]
    );
    assert!(due_rules(&store, "2026-12-10T10:00:00+01:00").is_empty());
    // A follow-up before the consultation makes no sense.
    let err = store
        .add_consultation(
            NewConsultation {
                held_on: Some("2026-12-01".parse().unwrap()),
                follow_up_on: Some("2026-11-30".parse().unwrap()),
                ..question("A question")
            },
            Guard::Check,
            &now,
        )
        .unwrap_err();
    assert!(err.to_string().contains("follow-up day"), "{err}");
}

#[test]
fn a_follow_up_inside_a_pause_comes_on_the_morning_the_pause_ends() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    only_record_nudges(&mut store);
    store
        .add_consultation(
            NewConsultation {
                follow_up_on: Some("2026-12-21".parse().unwrap()),
                ..question("How do I end with a long-term client well?")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    store
        .set_setting("paused-until", "2026-12-28T00:00:00+01:00", &now)
        .unwrap();
    // Held through the pause (a week and more after the follow-up day), then quiet hours.
    for held in [
        "2026-12-21T10:00:00+01:00",
        "2026-12-27T18:00:00+01:00",
        "2026-12-28T07:30:00+01:00",
    ] {
        assert!(due_rules(&store, held).is_empty(), "{held}");
    }
    assert_eq!(
        due_rules(&store, "2026-12-28T08:00:00+01:00"),
        [Rule::ConsultationFollowUp]
    );
    // It fires once, then is answered.
    let fired = store
        .run_nudges(&clock("2026-12-28T08:00:00+01:00"))
        .unwrap();
    assert_eq!(fired.fire.unwrap().rule, Rule::ConsultationFollowUp);
    assert!(due_rules(&store, "2026-12-28T09:00:00+01:00").is_empty());
}

#[test]
fn a_record_from_a_logged_contact_takes_its_day_peer_and_kind() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let call = store
        .log_contact(
            contact(vec![sam], "2026-11-27T16:00:00+01:00", true),
            None,
            Guard::Check,
            &now,
        )
        .unwrap();
    let record = store
        .add_consultation(
            NewConsultation {
                contact_id: Some(call.id),
                wants: vec![Intention::Advice, Intention::ClinicalBrainstorming],
                options: Some("Refer on, or keep working with support".into()),
                decision: Some("Keep working, with a check-in in a month".into()),
                ..question("Should I keep seeing a client whose case is beyond my training?")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(record.held_on.to_string(), "2026-11-27");
    assert_eq!(record.peer.as_ref().unwrap().name, "Sam");
    assert_eq!(record.kind, ConsultationType::PeerConsultation);
    assert_eq!(
        record.wants,
        [Intention::Advice, Intention::ClinicalBrainstorming]
    );
    assert!(!record.prepared);
    assert_eq!(record.standards, None);
    // Deleting the contact keeps the record.
    store.delete_contact(call.id, &now).unwrap();
    let kept = store.consultation(record.id).unwrap();
    assert_eq!(kept.contact_id, None);
    assert_eq!(kept.question, record.question);
}

#[test]
fn every_field_passes_the_confidentiality_check_and_a_refusal_writes_nothing() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let err = store
        .add_consultation(
            NewConsultation {
                recommendations: Some("Call her on 0612 345 678".into()),
                ..question("How to handle a gift?")
            },
            Guard::Check,
            &now,
        )
        .unwrap_err();
    assert_eq!(err.code(), "looks-identifying");
    assert!(
        err.to_string()
            .contains("a phone number (\"0612 345 678\") in the recommendations"),
        "{err}"
    );
    assert!(store.consultations(None).unwrap().is_empty());
    // Without a question there is no record.
    let err = store
        .add_consultation(NewConsultation::default(), Guard::Check, &now)
        .unwrap_err();
    assert!(err.to_string().contains("Write the question"), "{err}");
    // Save anyway, when the user has seen the warning and decided.
    let saved = store
        .add_consultation(
            NewConsultation {
                recommendations: Some("Call her on 0612 345 678".into()),
                ..question("How to handle a gift?")
            },
            Guard::SaveAnyway,
            &now,
        )
        .unwrap();
    assert!(saved.recommendations.is_some());
}

#[test]
fn records_are_listed_newest_first_and_searchable_in_any_case() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let kim = store
        .add_peer(peer("Kim Ødegård"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    for (on, text, peer) in [
        ("2026-10-01", "Dual relationship in a small town", None),
        (
            "2026-11-12",
            "Documentation after a boundary crossing",
            Some(kim),
        ),
        ("2026-11-20", "Fees during a hardship", None),
    ] {
        store
            .add_consultation(
                NewConsultation {
                    held_on: Some(on.parse().unwrap()),
                    peer,
                    standards: (on == "2026-11-20").then(|| "Ethics code on fees".into()),
                    ..question(text)
                },
                Guard::Check,
                &now,
            )
            .unwrap();
    }
    let days = |records: Vec<mooring_core::Consultation>| -> Vec<String> {
        records.iter().map(|r| r.held_on.to_string()).collect()
    };
    assert_eq!(
        days(store.consultations(None).unwrap()),
        ["2026-11-20", "2026-11-12", "2026-10-01"]
    );
    assert_eq!(
        days(store.consultations(Some("DUAL")).unwrap()),
        ["2026-10-01"]
    );
    assert_eq!(
        days(store.consultations(Some("ethics code")).unwrap()),
        ["2026-11-20"]
    );
    assert_eq!(
        days(store.consultations(Some("ødegård")).unwrap()),
        ["2026-11-12"]
    );
    assert!(store.consultations(Some("telepathy")).unwrap().is_empty());
    assert_eq!(store.consultations(Some("  ")).unwrap().len(), 3);
}

#[test]
fn retention_erases_old_record_texts_and_keeps_the_records() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    for on in ["2026-01-15", "2026-11-20"] {
        store
            .add_consultation(
                NewConsultation {
                    held_on: Some(on.parse().unwrap()),
                    kind: Some(ConsultationType::Supervision),
                    decision: Some("A decision".into()),
                    ..question("A question")
                },
                Guard::Check,
                &now,
            )
            .unwrap();
    }
    store.set_setting("keep-notes", "6", &now).unwrap();
    assert_eq!(store.erase_old_notes(&now).unwrap(), 1);
    let records = store.consultations(None).unwrap();
    assert_eq!(records.len(), 2, "the records stay");
    assert_eq!(records[0].question.as_deref(), Some("A question"));
    let old = &records[1];
    assert_eq!(old.held_on.to_string(), "2026-01-15");
    assert_eq!(old.kind, ConsultationType::Supervision);
    assert!(old.texts().iter().all(Option::is_none), "{old:?}");
    // Retention changes no record's state: the decided one stays decided.
    assert!(!old.prepared, "decision recorded; text erased");
    assert!(old.texts_erased);
    assert!(!records[0].texts_erased);
    assert_eq!(store.erase_old_notes(&now).unwrap(), 0, "erased once");
    // One still being prepared stays so; typed in with a day older than notes are kept, its
    // text is erased as it is saved.
    store
        .add_consultation(
            NewConsultation {
                held_on: Some("2026-02-02".parse().unwrap()),
                ..question("A question being prepared")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(store.erase_old_notes(&now).unwrap(), 0, "already erased");
    let prepared = store
        .consultations(None)
        .unwrap()
        .into_iter()
        .find(|record| record.held_on.to_string() == "2026-02-02")
        .unwrap();
    assert!(prepared.prepared && prepared.texts_erased, "{prepared:?}");
}

#[test]
fn agreements_and_records_travel_in_the_export_and_back() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    let id = store
        .new_agreement("Wednesday group", true, mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
    store.sign_agreement(id, sam, None, &now).unwrap();
    store
        .add_consultation(
            NewConsultation {
                wants: vec![Intention::Resources],
                follow_up_on: Some("2026-12-20".parse().unwrap()),
                ..question("Which training for couples work?")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    let export = store.export(&now).unwrap();
    for table in [
        "agreements",
        "agreement_points",
        "agreement_members",
        "consultations",
        "consultation_wants",
    ] {
        assert!(!export.tables[table].is_empty(), "{table}");
    }
    let (_other_dir, mut other) = crate::support::store();
    other.import(&export, false, &now).unwrap();
    assert_eq!(
        other.agreements(&now).unwrap(),
        store.agreements(&now).unwrap()
    );
    assert_eq!(
        other.consultations(None).unwrap(),
        store.consultations(None).unwrap()
    );
    // A date column holding something else is refused.
    let mut broken = export.clone();
    broken.tables.get_mut("consultations").unwrap()[0].insert("follow_up_on".into(), json!("soon"));
    let (_third_dir, mut third) = crate::support::store();
    let err = third.import(&broken, false, &now).unwrap_err();
    assert!(err.to_string().contains("which is not a date"), "{err}");
}

/// Runs mooring-cli at [`TUESDAY`] on `dir`.
fn cli(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    mooring_cli(dir, &[&["--now", TUESDAY][..], args].concat())
}

/// The same, with `--json`, failing on a non-zero exit.
fn cli_json(dir: &std::path::Path, args: &[&str]) -> Value {
    mooring_cli_json(dir, &[&["--now", TUESDAY][..], args].concat())
}

#[test]
fn the_agreement_commands_from_template_to_a_due_re_signing() {
    let dir = tempfile::tempdir().unwrap();
    cli_json(dir.path(), &["peer", "add", "Sam"]);
    cli_json(dir.path(), &["peer", "add", "Kim"]);
    cli_json(dir.path(), &["settings", "set", "selfcheck-due", "off"]);
    cli_json(
        dir.path(),
        &["agreement", "new", "Wednesday group", "--from-template"],
    );
    let shown = cli_json(dir.path(), &["agreement", "show"]);
    assert_eq!(shown["name"], "Wednesday group");
    assert_eq!(shown["points"].as_array().unwrap().len(), 8);
    assert_eq!(shown["members"], json!([]));
    assert_eq!(shown["resign_due_on"], Value::Null);

    cli_json(
        dir.path(),
        &[
            "agreement",
            "member",
            "add",
            "Wednesday group",
            "--peer",
            "Kim",
        ],
    );
    let signed = cli_json(
        dir.path(),
        &[
            "agreement",
            "sign",
            "Wednesday group",
            "--peer",
            "Sam",
            "--on",
            "2025-11-01",
        ],
    );
    assert_eq!(
        signed["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| json!({ "peer": m["peer"], "signed_on": m["signed_on"] }))
            .collect::<Vec<_>>(),
        [
            json!({ "peer": "Kim", "signed_on": null }),
            json!({ "peer": "Sam", "signed_on": "2025-11-01" }),
        ]
    );
    // Kim has not signed yet: the round Sam began on 1 November 2025 is still open.
    assert_eq!(signed["resign_due_on"], "2025-11-01");
    // On a weekday morning, the review nudge is due.
    let nudges = cli_json(dir.path(), &["nudges"]);
    assert!(
        nudges
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["rule"] == "agreement-review"),
        "{nudges}"
    );

    // Text output, and the printable page.
    let text = String::from_utf8(cli(dir.path(), &["agreement", "show", "wednesday group"]).stdout)
        .unwrap();
    assert!(
        text.contains(" 8. We sign and date this agreement"),
        "{text}"
    );
    assert!(text.contains("Kim: not signed yet"), "{text}");
    assert!(text.contains("Re-signing: due since 2025-11-01."), "{text}");
    let page = dir.path().join("agreement.html");
    let out = cli(
        dir.path(),
        &["agreement", "export", "--out", page.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<h1>Wednesday group</h1>"));
    assert_eq!(html.matches("<li>").count(), 8);
    assert!(html.contains("@media print"));
}

#[test]
fn a_paper_agreement_typed_in_either_order_is_due_a_year_after_its_oldest_signature() {
    for order in [["Ana", "Ben"], ["Ben", "Ana"]] {
        let dir = tempfile::tempdir().unwrap();
        let on_7_december = |args: &[&str]| {
            mooring_cli_json(
                dir.path(),
                &[&["--now", "2026-12-07T10:00:00+01:00"][..], args].concat(),
            )
        };
        on_7_december(&["peer", "add", "Ana"]);
        on_7_december(&["peer", "add", "Ben"]);
        on_7_december(&["agreement", "new", "Wednesday group", "--from-template"]);
        for name in order {
            let signed_on = if name == "Ana" {
                "2026-11-16"
            } else {
                "2026-11-18"
            };
            on_7_december(&[
                "agreement",
                "sign",
                "Wednesday group",
                "--peer",
                name,
                "--on",
                signed_on,
            ]);
        }
        let shown = on_7_december(&["agreement", "show"]);
        assert_eq!(shown["resign_due_on"], "2027-11-16", "{order:?}: {shown}");
        assert_eq!(shown["resign_due"], false, "{order:?}");
        assert_eq!(shown["membership_changed_on"], Value::Null, "{order:?}");
        let nudges = on_7_december(&["nudges"]);
        assert!(
            !nudges
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["rule"] == "agreement-review"),
            "{order:?}: {nudges}"
        );
    }
}

#[test]
fn agreement_bad_input_exits_non_zero_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    cli_json(dir.path(), &["peer", "add", "Sam"]);
    // With no agreement yet, `show` says how to start one.
    let output = cli(dir.path(), &["agreement", "show"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("There is no agreement yet"));
    cli_json(
        dir.path(),
        &["agreement", "new", "Wednesday group", "--from-template"],
    );
    let before = cli_json(dir.path(), &["agreement", "show"]);
    for (args, message) in [
        (
            vec!["agreement", "new", "WEDNESDAY group"],
            "already an agreement called",
        ),
        (vec!["agreement", "new", ""], "Give the agreement a name"),
        (
            vec!["agreement", "sign", "Wednesday group", "--peer", "Nobody"],
            "There is no peer called \"Nobody\".",
        ),
        (
            vec!["agreement", "sign", "Thursday", "--peer", "Sam"],
            "There is no agreement called “Thursday”.",
        ),
        (
            vec![
                "agreement",
                "sign",
                "Wednesday group",
                "--peer",
                "Sam",
                "--on",
                "last spring",
            ],
            "\"last spring\" is not a date.",
        ),
        (
            vec![
                "agreement",
                "sign",
                "Wednesday group",
                "--peer",
                "Sam",
                "--on",
                "2026-12-25",
            ],
            "cannot be dated in the future",
        ),
        (
            vec![
                "agreement",
                "member",
                "remove",
                "Wednesday group",
                "--peer",
                "Sam",
            ],
            "not a member",
        ),
        (
            vec!["agreement", "export", "--out", "/nonexistent/folder/a.html"],
            "There is no folder",
        ),
    ] {
        assert_refused(&cli(dir.path(), &args), &args, 1, message);
    }
    assert_eq!(cli_json(dir.path(), &["agreement", "show"]), before);
}

#[test]
fn consult_commands_add_list_search_and_export() {
    let dir = tempfile::tempdir().unwrap();
    cli_json(dir.path(), &["peer", "add", "Sam"]);
    let call = cli_json(
        dir.path(),
        &[
            "contact",
            "log",
            "--peer",
            "Sam",
            "--kind",
            "call",
            "--at",
            "2026-11-30T17:00:00+01:00",
        ],
    );
    let record = cli_json(
        dir.path(),
        &[
            "consult",
            "add",
            "--question",
            "How to respond to a gift at the end of therapy?",
            "--options",
            "Decline kindly; accept a small token",
            "--standards",
            "The ethics code on gifts",
            "--recommendations",
            "Accept a token, document it",
            "--decision",
            "Accept the card, decline the voucher",
            "--rationale",
            "Keeps the frame while honouring the ending",
            "--contact",
            &call["id"].to_string(),
            "--want",
            "advice,resources",
            "--follow-up",
            "2026-12-15",
        ],
    );
    assert_eq!(record["held_on"], "2026-11-30");
    assert_eq!(record["type"], "peer-consultation");
    assert_eq!(record["peer"]["name"], "Sam");
    assert_eq!(record["wants"], json!(["advice", "resources"]));
    assert_eq!(record["follow_up_on"], "2026-12-15");
    assert_eq!(record["prepared"], false);
    cli_json(
        dir.path(),
        &[
            "consult",
            "add",
            "--question",
            "Supervision on my own fatigue",
            "--type",
            "supervision",
            "--on",
            "2026-11-02",
        ],
    );
    let all = cli_json(dir.path(), &["consult", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["held_on"], "2026-11-30");
    let found = cli_json(dir.path(), &["consult", "list", "--search", "FATIGUE"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["type"], "supervision");

    let page = dir.path().join("records.html");
    let out = cli(
        dir.path(),
        &["consult", "export", "--out", page.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("2 consultations"));
    assert!(html.contains("<dt>Decision</dt><dd>Accept the card, decline the voucher</dd>"));
    assert!(html.contains("Wanted from it"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&page).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "a page of clinical notes is the user's alone"
        );
    }
}

#[test]
fn consult_bad_input_exits_non_zero_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    cli_json(dir.path(), &["peer", "add", "Sam"]);
    for (args, message, code) in [
        (
            vec![
                "consult",
                "add",
                "--question",
                "What do I do about my client, Maria Lopez?",
            ],
            "a client's name (\"client, Maria Lopez\") in the question",
            3,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--rationale",
                "She was born 03/04/1985",
            ],
            "in the rationale",
            3,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--type",
                "gossip",
            ],
            "\"gossip\" is not a type of consultation.",
            1,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--want",
                "advice,cake",
            ],
            "\"cake\" is not an intention",
            1,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--follow-up",
                "next week",
            ],
            "\"next week\" is not a date.",
            1,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--on",
                "2026-12-01",
                "--follow-up",
                "2026-11-01",
            ],
            "follow-up day comes on or after",
            1,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--contact",
                "99",
            ],
            "There is no contact 99.",
            1,
        ),
        (
            vec![
                "consult",
                "add",
                "--question",
                "A question",
                "--peer",
                "Nobody",
            ],
            "There is no peer called \"Nobody\".",
            1,
        ),
        (
            vec!["consult", "add", "--question", "   "],
            "Write the question",
            1,
        ),
    ] {
        assert_refused(&cli(dir.path(), &args), &args, code, message);
    }
    let output = cli(
        dir.path(),
        &[
            "--json",
            "consult",
            "add",
            "--question",
            "About my client, Maria Lopez",
        ],
    );
    let error: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(error["code"], "looks-identifying");
    assert_eq!(cli_json(dir.path(), &["consult", "list"]), json!([]));
    // Said anyway, it is saved.
    let saved = cli_json(
        dir.path(),
        &[
            "consult",
            "add",
            "--question",
            "About my client, Maria Lopez",
            "--anyway",
        ],
    );
    assert_eq!(saved["question"], "About my client, Maria Lopez");
}

#[test]
fn data_from_the_previous_version_keeps_its_nudge_log_through_the_update() {
    // The nudge log is rebuilt to learn the two new rules; what it held stays.
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    store.set_setting("contact-lapse-days", "1", &now).unwrap();
    let fired = store.run_nudges(&now).unwrap().fire.unwrap();
    let mut export = serde_json::to_value(store.export(&now).unwrap()).unwrap();
    crate::support::as_if_from_schema(&mut export, 2);
    assert_eq!(export["tables"]["nudge_log"].as_array().unwrap().len(), 1);
    let export = serde_json::from_value(export).unwrap();
    let (_other_dir, mut other) = crate::support::store();
    other.import(&export, false, &now).unwrap();
    assert_eq!(
        other.schema_version().unwrap(),
        mooring_core::store::SCHEMA_VERSION
    );
    let pending = other.nudges(&now).unwrap().pending.unwrap();
    assert_eq!((pending.rule, pending.subject), (fired.rule, fired.subject));
}

#[test]
fn archived_peers_leave_the_group_and_revised_text_and_the_users_signature_count() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let day = |text: &str| -> chrono::NaiveDate { text.parse().unwrap() };
    let ana = store.add_peer(peer("Ana"), Guard::Check, &now).unwrap().id;
    let ben = store.add_peer(peer("Ben"), Guard::Check, &now).unwrap().id;
    let id = store
        .new_agreement("Wednesday group", true, Guard::Check, &now)
        .unwrap()
        .id;
    store
        .sign_agreement(id, ana, Some(day("2026-11-16")), &now)
        .unwrap();
    store
        .sign_agreement(id, ben, Some(day("2026-11-18")), &now)
        .unwrap();

    // The user signs too, by the name from Settings; before they sign, the round stands.
    let unsigned = store.agreement(id, &now).unwrap();
    assert_eq!(unsigned.you.signed_on, None);
    assert_eq!(unsigned.resign_due_on, Some(day("2027-11-16")));
    store
        .set_setting("your-name", "  Robin Vale ", &now)
        .unwrap();
    let signed = store
        .sign_agreement_yourself(id, Some(day("2026-11-10")), &now)
        .unwrap();
    assert_eq!(signed.you.name.as_deref(), Some("Robin Vale"));
    assert!(signed.you.signature_current);
    assert_eq!(
        signed.resign_due_on,
        Some(day("2027-11-10")),
        "the user's older signature starts the round"
    );
    let page = mooring_core::printable::agreement_page(&signed, day("2026-12-01"));
    assert!(page.contains("<td>Robin Vale</td>"), "{page}");
    assert!(store
        .sign_agreement_yourself(id, Some(day("2026-12-02")), &now)
        .unwrap_err()
        .to_string()
        .contains("future"));

    // Saving the same text again is no revision; a changed commitment is.
    let same = store
        .edit_agreement(id, "Wednesday group", &signed.points, Guard::Check, &now)
        .unwrap();
    assert_eq!(same.text_changed_on, None);
    assert!(!same.resign_due);
    let mut points = signed.points.clone();
    points.push("We start and end on time.".into());
    let revised = store
        .edit_agreement(id, "Wednesday group", &points, Guard::Check, &now)
        .unwrap();
    assert_eq!(revised.text_changed_on, Some(day("2026-12-01")));
    assert!(revised.resign_due);
    assert!(!revised.you.signature_current);
    assert!(revised.members.iter().all(|m| !m.signature_current));
    for member in [ana, ben] {
        store.sign_agreement(id, member, None, &now).unwrap();
    }
    let still = store.agreement(id, &now).unwrap();
    assert!(still.resign_due, "the user has not signed the new text yet");
    let again = store.sign_agreement_yourself(id, None, &now).unwrap();
    assert!(!again.resign_due);
    assert_eq!(again.resign_due_on, Some(day("2027-12-01")));

    // An archived peer leaves the group: off the list and the printed sheet, and everyone
    // signs again from that day; their signature stays in the history.
    let later = clock("2027-01-12T09:30:00+01:00");
    store.set_peer_archived(ben, true, &later).unwrap();
    let left = store.agreement(id, &later).unwrap();
    assert_eq!(
        left.members
            .iter()
            .map(|m| m.peer.as_str())
            .collect::<Vec<_>>(),
        ["Ana"]
    );
    assert_eq!(left.membership_changed_on, Some(day("2027-01-12")));
    assert!(left.resign_due);
    let page = mooring_core::printable::agreement_page(&left, day("2027-01-12"));
    assert!(!page.contains("Ben"), "{page}");
    // Brought back, Ben is a member again, with the signature he gave.
    store.set_peer_archived(ben, false, &later).unwrap();
    let back = store.agreement(id, &later).unwrap();
    let ben_row = back.members.iter().find(|m| m.peer == "Ben").unwrap();
    assert_eq!(ben_row.signed_on, Some(day("2026-12-01")));
    assert!(!ben_row.signature_current, "he signs again, like everyone");
}

#[test]
fn agreement_edit_and_signing_yourself_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let now = |args: &[&str]| {
        mooring_cli_json(
            dir.path(),
            &[&["--now", "2026-12-07T10:00:00+01:00"][..], args].concat(),
        )
    };
    now(&["peer", "add", "Ana"]);
    now(&["settings", "set", "your-name", "Robin Vale"]);
    now(&["agreement", "new", "Wednesday group", "--from-template"]);
    now(&[
        "agreement",
        "sign",
        "Wednesday group",
        "--peer",
        "Ana",
        "--on",
        "2026-11-16",
    ]);
    let mine = now(&[
        "agreement",
        "sign",
        "Wednesday group",
        "--me",
        "--on",
        "2026-11-16",
    ]);
    assert_eq!(mine["you"]["name"], "Robin Vale", "{mine}");
    assert_eq!(mine["you"]["signed_on"], "2026-11-16");
    assert_eq!(mine["resign_due"], false);
    let text = String::from_utf8_lossy(
        &mooring_cli(
            dir.path(),
            &["--now", "2026-12-07T10:00:00+01:00", "agreement", "show"],
        )
        .stdout,
    )
    .into_owned();
    assert!(
        text.contains("You (Robin Vale): signed 2026-11-16"),
        "{text}"
    );

    let edited = now(&[
        "agreement",
        "edit",
        "Wednesday group",
        "--commitment",
        "3",
        "We share only what the question needs.",
        "--add",
        "We start and end on time.",
        "--remove",
        "8",
    ]);
    let points = edited["points"].as_array().unwrap();
    assert_eq!(points.len(), 8, "{edited}");
    assert_eq!(points[2], "We share only what the question needs.");
    assert_eq!(points[7], "We start and end on time.");
    assert_eq!(edited["text_changed_on"], "2026-12-07");
    assert_eq!(edited["resign_due"], true);
    let renamed = now(&[
        "agreement",
        "edit",
        "Wednesday group",
        "--name",
        "Peer group",
    ]);
    assert_eq!(renamed["name"], "Peer group");

    // Bad input is refused and changes nothing.
    for (args, says) in [
        (
            &["agreement", "edit", "Peer group"][..],
            "Say what to change",
        ),
        (
            &["agreement", "edit", "Peer group", "--remove", "12"][..],
            "commitments 1 to 8",
        ),
        (
            &[
                "agreement",
                "edit",
                "Peer group",
                "--commitment",
                "x",
                "text",
            ][..],
            "not a commitment number",
        ),
        (&["agreement", "sign", "Peer group"][..], "--peer"),
    ] {
        let output = mooring_cli(
            dir.path(),
            &[&["--now", "2026-12-07T10:00:00+01:00"][..], args].concat(),
        );
        assert!(!output.status.success(), "{args:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains(says), "{args:?}: {said}");
    }
    assert_eq!(
        now(&["agreement", "show"])["points"]
            .as_array()
            .unwrap()
            .len(),
        8
    );
}

#[test]
fn the_worksheets_risks_and_plan_are_kept_searched_printed_checked_and_erased_with_the_rest() {
    let (_dir, mut store) = store();
    let now = clock(TUESDAY);
    let record = store
        .add_consultation(
            NewConsultation {
                risk_benefit: Some("Refusing may feel cold; accepting blurs the frame.".into()),
                follow_up_plan: Some("Raise it in the next session; check in with Kim.".into()),
                decision: Some("Decline kindly".into()),
                ..question("How to handle a gift?")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(
        record.risk_benefit.as_deref(),
        Some("Refusing may feel cold; accepting blurs the frame.")
    );
    assert_eq!(store.consultations(Some("BLURS THE")).unwrap().len(), 1);
    assert_eq!(
        store
            .consultations(Some("check in with kim"))
            .unwrap()
            .len(),
        1
    );
    let page =
        mooring_core::printable::consultations_page(&[record], "2026-12-01".parse().unwrap());
    assert!(page.contains("Risks and benefits"), "{page}");
    assert!(page.contains("Follow-up plan"), "{page}");
    // Checked like every other field.
    let err = store
        .add_consultation(
            NewConsultation {
                follow_up_plan: Some("Call her on 0612 345 678".into()),
                ..question("Another question")
            },
            Guard::Check,
            &now,
        )
        .unwrap_err();
    assert!(err.to_string().contains("in the follow-up plan"), "{err}");

    // A record typed in with a date older than notes are kept is erased at once.
    store.set_setting("keep-notes", "6", &now).unwrap();
    let old = store
        .add_consultation(
            NewConsultation {
                held_on: Some("2026-03-02".parse().unwrap()),
                risk_benefit: Some("An old weighing".into()),
                decision: Some("An old decision".into()),
                ..question("An old question")
            },
            Guard::Check,
            &now,
        )
        .unwrap();
    assert!(old.texts().iter().all(Option::is_none), "{old:?}");
    assert!(old.texts_erased && !old.prepared);
    // And so is a contact's note.
    let kim = store.add_peer(peer("Kim"), Guard::Check, &now).unwrap().id;
    let contact = store
        .log_contact(
            mooring_core::NewContact {
                note: Some("- felt heard".into()),
                ..contact(vec![kim], "2026-03-02T18:00:00+01:00", true)
            },
            None,
            Guard::Check,
            &now,
        )
        .unwrap();
    assert_eq!(contact.note, None, "{contact:?}");
}
