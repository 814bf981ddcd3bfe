//! The nudge rules as table tests: each case a seeded history and a sequence of pinned instants,
//! run through the same store calls the app's scheduler makes.

use chrono::{Datelike, NaiveDate};
use mooring_core::clock::parse_instant;
use mooring_core::nudge::snooze_until;
use mooring_core::{
    AnswerSheet, Clock, ContactKind, FixedClock, NewContact, NudgeEvent, NudgeSettings,
    PeerDetails, Role, Rule, Snooze, Store,
};

use crate::support::{local, peer, store, store_first_used_at, zoned};

use Rule::{ContactLapse, HeavyWeekLapse, SelfcheckDue};

/// One step of a case.
#[derive(Clone, Copy)]
enum Step {
    /// Moves the clock to an RFC 3339 instant.
    At(&'static str),
    /// Sets this week's caseload (25 is heavy by default).
    Caseload(u32),
    /// The user's own call on this week.
    Heavy(Option<bool>),
    /// A substantive contact with Kim, at an instant (the clock moves up to it).
    Contact(&'static str),
    /// A logistics-only contact with Kim, at an instant.
    Logistics(&'static str),
    /// A self-check taken at an instant.
    Selfcheck(&'static str),
    /// Changes the nudge settings.
    Set(fn(&mut NudgeSettings)),
    /// The rules due now, as `mooring-cli nudges` would print them.
    Due(&'static [Rule]),
    /// One scheduler run: what it fires, if anything.
    Fires(Option<Rule>),
    /// The fired nudge still waiting for an answer, as Home shows it.
    Pending(Option<Rule>),
    /// Snoozes the pending nudge.
    Snooze(Snooze),
    /// Dismisses the pending nudge.
    Dismiss,
    /// When the scheduler should wake next.
    NextCheck(&'static str),
}

use Step::*;

const HEAVY: u32 = 30;
const LIGHT: u32 = 10;

fn contact_with(peer: i64, at: &str, substantive: bool) -> NewContact {
    NewContact {
        at: Some(parse_instant(at).unwrap()),
        peers: vec![peer],
        with_group: false,
        kind: ContactKind::Message,
        substantive,
        intentions: Vec::new(),
        energy: None,
        minutes: None,
        note: None,
    }
}

/// Runs `steps` on a store first used on Sunday 1 November 2026 at 09:00, with two peers,
/// Sam (a buddy) and Kim. A case that takes no self-check is about other rules: the reminder
/// of the first self-check, due from the first morning, is switched off for it.
fn run_case(name: &str, steps: &[Step]) {
    let (_dir, mut store) = store_first_used_at("2026-11-01T09:00:00+01:00");
    let clock = FixedClock::parse("2026-11-01T09:00:00+01:00").unwrap();
    if !steps.iter().any(|step| matches!(step, Selfcheck(_))) {
        store.set_setting("selfcheck-due", "off", &clock).unwrap();
    }
    let sam = PeerDetails {
        roles: vec![Role::Buddy],
        ..peer("Sam")
    };
    store
        .add_peer(sam, mooring_core::Guard::Check, &clock)
        .unwrap();
    let kim = store
        .add_peer(peer("Kim"), mooring_core::Guard::Check, &clock)
        .unwrap()
        .id;
    for (number, step) in steps.iter().enumerate() {
        let at = format!("{name}, step {} at {}", number + 1, clock.now());
        // Recording something moves the clock up to when it happened, never back.
        if let Contact(instant) | Logistics(instant) | Selfcheck(instant) = *step {
            let instant = parse_instant(instant).unwrap();
            if instant > clock.now() {
                clock.set(instant);
            }
        }
        match *step {
            At(instant) => clock.set(parse_instant(instant).unwrap()),
            Caseload(sessions) => {
                store
                    .set_caseload(clock.this_week(), Some(sessions), &clock)
                    .unwrap();
            }
            Heavy(heavy) => {
                store
                    .set_heavy_override(clock.this_week(), heavy, &clock)
                    .unwrap();
            }
            Contact(instant) => {
                store
                    .log_contact(
                        contact_with(kim, instant, true),
                        None,
                        mooring_core::Guard::Check,
                        &clock,
                    )
                    .unwrap();
            }
            Logistics(instant) => {
                store
                    .log_contact(
                        contact_with(kim, instant, false),
                        None,
                        mooring_core::Guard::Check,
                        &clock,
                    )
                    .unwrap();
            }
            Selfcheck(instant) => {
                let sheet = AnswerSheet {
                    talked_beyond_logistics: Some(true),
                    debrief_within_72h: Some(true),
                    mixed_career_stages: Some(true),
                    safety_net: Some(8.0),
                };
                store
                    .take_selfcheck(sheet, Some(parse_instant(instant).unwrap()), &clock)
                    .unwrap();
            }
            Set(change) => {
                let mut settings = store.settings().unwrap();
                change(&mut settings.nudges);
                store.update_settings(settings).unwrap();
            }
            Due(rules) => {
                let due: Vec<Rule> = store
                    .nudges(&clock)
                    .unwrap()
                    .due
                    .iter()
                    .map(|nudge| nudge.rule)
                    .collect();
                assert_eq!(due, rules, "{at}: due");
            }
            Fires(rule) => {
                let fired = store
                    .run_nudges(&clock)
                    .unwrap()
                    .fire
                    .map(|nudge| nudge.rule);
                assert_eq!(fired, rule, "{at}: fires");
            }
            Pending(rule) => {
                let pending = store
                    .nudges(&clock)
                    .unwrap()
                    .pending
                    .map(|nudge| nudge.rule);
                assert_eq!(pending, rule, "{at}: pending");
            }
            Snooze(snooze) => {
                let pending = store
                    .nudges(&clock)
                    .unwrap()
                    .pending
                    .expect("a pending nudge to snooze");
                store
                    .snooze_nudge(pending.rule, &pending.subject, snooze, &clock)
                    .unwrap();
            }
            Dismiss => {
                let pending = store
                    .nudges(&clock)
                    .unwrap()
                    .pending
                    .expect("a pending nudge to dismiss");
                store
                    .answer_nudge(
                        pending.rule,
                        &pending.subject,
                        NudgeEvent::Dismissed,
                        &clock,
                    )
                    .unwrap();
            }
            NextCheck(instant) => {
                let next = store
                    .nudges(&clock)
                    .unwrap()
                    .next_check
                    .map(|next| next.to_rfc3339());
                assert_eq!(next.as_deref(), Some(instant), "{at}: next check");
            }
        }
    }
}

// Monday 23 November 2026 starts week 48. The last substantive contact is on Friday the 20th at
// 09:00, so 72 hours run out on Monday at 09:00.
const FRIDAY: &str = "2026-11-20T09:00:00+01:00";

#[test]
fn the_rules_at_pinned_instants() {
    let cases: Vec<(&str, Vec<Step>)> = vec![
        // Heavy against light weeks, and the 72-hour edge.
        (
            "heavy, 72 hours less a minute",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T08:59:00+01:00"),
                Caseload(HEAVY),
                Due(&[]),
            ],
        ),
        (
            "heavy, exactly 72 hours",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "heavy, 72 hours and a minute",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:01:00+01:00"),
                Caseload(HEAVY),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "light week, 4 days",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T10:00:00+01:00"),
                Caseload(LIGHT),
                Due(&[]),
            ],
        ),
        (
            "no caseload entered, 4 days",
            vec![Contact(FRIDAY), At("2026-11-24T10:00:00+01:00"), Due(&[])],
        ),
        (
            "light caseload marked heavy by hand",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T10:00:00+01:00"),
                Caseload(LIGHT),
                Heavy(Some(true)),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "heavy caseload marked not heavy",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T10:00:00+01:00"),
                Caseload(HEAVY),
                Heavy(Some(false)),
                Due(&[]),
            ],
        ),
        // A new user: the lapse runs from first use (Sunday 1 November, 09:00).
        (
            "no contact since first use: a contact lapse 14 days on, held over the weekend",
            vec![
                At("2026-11-13T10:00:00+01:00"),
                Due(&[]),
                NextCheck("2026-11-16T08:00:00+01:00"),
                At("2026-11-16T07:59:00+01:00"),
                Fires(None),
                At("2026-11-16T08:00:00+01:00"),
                Fires(Some(ContactLapse)),
            ],
        ),
        (
            "no contact since first use in a heavy week: a heavy-week lapse",
            vec![
                At("2026-11-02T09:00:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.contact_lapse = false),
                At("2026-11-04T08:59:00+01:00"),
                Due(&[]),
                At("2026-11-04T09:00:00+01:00"),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "logistics only since first use is still a lapse",
            vec![
                Logistics("2026-11-10T09:00:00+01:00"),
                At("2026-11-16T10:00:00+01:00"),
                Due(&[ContactLapse]),
            ],
        ),
        (
            "the heavy-week rule switched off",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T10:00:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.heavy_week_lapse = false),
                Due(&[]),
            ],
        ),
        (
            "a 48-hour threshold",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T08:30:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.heavy_week_lapse_hours = 48),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        // Quiet hours at both edges.
        (
            "quiet hours, a minute before they start",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T19:59:00+01:00"),
                Caseload(HEAVY),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "quiet hours start at 20:00",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T20:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[]),
                NextCheck("2026-11-24T08:00:00+01:00"),
            ],
        ),
        (
            "22:00 is quiet",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T22:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[]),
            ],
        ),
        (
            "quiet hours, a minute before they end",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T07:59:00+01:00"),
                Caseload(HEAVY),
                Due(&[]),
            ],
        ),
        (
            "quiet hours end at 08:00",
            vec![
                Contact(FRIDAY),
                At("2026-11-24T08:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        (
            "quiet hours switched off",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T22:00:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.quiet_hours = false),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        // The weekend.
        (
            "the weekend holds a lapse until Monday morning",
            vec![
                Contact("2026-11-24T09:00:00+01:00"),
                At("2026-11-28T11:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[]),
                NextCheck("2026-11-30T08:00:00+01:00"),
            ],
        ),
        (
            "the weekend hold switched off",
            vec![
                Contact("2026-11-24T09:00:00+01:00"),
                At("2026-11-28T11:00:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.weekend_hold = false),
                Due(&[HeavyWeekLapse]),
            ],
        ),
        // A week marked heavy by hand carries into Monday, while Monday's caseload is an
        // estimate: the lapse held over the weekend still comes.
        (
            "marked heavy on Friday, the lapse held over the weekend fires on Monday",
            vec![
                Contact("2026-11-19T18:00:00+01:00"),
                At("2026-11-20T09:00:00+01:00"),
                Caseload(LIGHT),
                Heavy(Some(true)),
                At("2026-11-22T19:00:00+01:00"),
                Due(&[]),
                At("2026-11-23T09:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        (
            "entering Monday's week as light ends the carried call",
            vec![
                Contact("2026-11-19T18:00:00+01:00"),
                At("2026-11-20T09:00:00+01:00"),
                Caseload(LIGHT),
                Heavy(Some(true)),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(LIGHT),
                Due(&[]),
            ],
        ),
        // Pause.
        (
            "paused until Wednesday",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T10:00:00+01:00"),
                Caseload(HEAVY),
                Set(|s| s.paused_until = Some(parse_instant("2026-11-25T09:00:00+01:00").unwrap())),
                Due(&[]),
                NextCheck("2026-11-25T09:00:00+01:00"),
                At("2026-11-25T09:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        // The 14-day lapse, whatever the caseload, and only one lapse nudge.
        (
            "14 days less a minute",
            vec![
                Contact("2026-11-09T10:00:00+01:00"),
                At("2026-11-23T09:59:00+01:00"),
                Caseload(LIGHT),
                Due(&[]),
            ],
        ),
        (
            "exactly 14 days",
            vec![
                Contact("2026-11-09T10:00:00+01:00"),
                At("2026-11-23T10:00:00+01:00"),
                Caseload(LIGHT),
                Due(&[ContactLapse]),
            ],
        ),
        (
            "15 days in a heavy week is one contact-lapse nudge",
            vec![
                Contact("2026-11-08T10:00:00+01:00"),
                At("2026-11-23T10:00:00+01:00"),
                Caseload(HEAVY),
                Due(&[ContactLapse]),
            ],
        ),
        // Resolution.
        (
            "a logged contact resolves the pending nudge at once",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Pending(Some(HeavyWeekLapse)),
                Contact("2026-11-23T09:30:00+01:00"),
                At("2026-11-23T09:30:00+01:00"),
                Pending(None),
                Due(&[]),
                Fires(None),
                At("2026-11-24T09:00:00+01:00"),
                Fires(None),
            ],
        ),
        (
            "a logistics-only contact does not resolve it",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Logistics("2026-11-23T09:30:00+01:00"),
                At("2026-11-23T09:30:00+01:00"),
                Pending(Some(HeavyWeekLapse)),
                At("2026-11-24T08:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        // Snoozes.
        (
            "snooze for an hour",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Snooze(Snooze::OneHour),
                Pending(None),
                At("2026-11-23T09:59:00+01:00"),
                Fires(None),
                At("2026-11-23T10:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
                Fires(None),
            ],
        ),
        (
            "snooze for three hours",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Snooze(Snooze::ThreeHours),
                NextCheck("2026-11-23T12:00:00+01:00"),
                At("2026-11-23T11:59:00+01:00"),
                Fires(None),
                At("2026-11-23T12:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        (
            "snooze until tomorrow morning",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Snooze(Snooze::TomorrowMorning),
                At("2026-11-23T19:00:00+01:00"),
                Fires(None),
                At("2026-11-24T07:59:00+01:00"),
                Fires(None),
                At("2026-11-24T08:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        (
            "a snoozed nudge resolved by a contact never fires late",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Snooze(Snooze::OneHour),
                Contact("2026-11-23T09:30:00+01:00"),
                At("2026-11-23T10:00:00+01:00"),
                Fires(None),
                At("2026-11-23T13:00:00+01:00"),
                Fires(None),
            ],
        ),
        // The daily limit, and never twice.
        (
            "at most one lapse nudge a day",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                Fires(None),
                Dismiss,
                At("2026-11-23T15:00:00+01:00"),
                Fires(None),
                Due(&[]),
                NextCheck("2026-11-24T08:00:00+01:00"),
                At("2026-11-24T08:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
            ],
        ),
        (
            "an unanswered lapse comes back the next day, not the same day",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T09:00:00+01:00"),
                Caseload(HEAVY),
                Fires(Some(HeavyWeekLapse)),
                At("2026-11-23T19:59:00+01:00"),
                Fires(None),
                At("2026-11-24T08:00:00+01:00"),
                Fires(Some(HeavyWeekLapse)),
                Pending(Some(HeavyWeekLapse)),
            ],
        ),
        // Catch-up after three days asleep: one nudge, the next one spaced.
        (
            "three days asleep give one nudge, never a burst",
            vec![
                Selfcheck("2026-11-05T09:00:00+01:00"),
                Contact(FRIDAY),
                At("2026-11-23T07:00:00+01:00"),
                Caseload(HEAVY),
                At("2026-11-26T10:00:00+01:00"),
                Due(&[HeavyWeekLapse, SelfcheckDue]),
                Fires(Some(HeavyWeekLapse)),
                Fires(None),
                NextCheck("2026-11-26T11:00:00+01:00"),
                At("2026-11-26T10:59:00+01:00"),
                Fires(None),
                At("2026-11-26T11:00:00+01:00"),
                Fires(Some(SelfcheckDue)),
                Fires(None),
            ],
        ),
        // The self-check rule.
        (
            "the first self-check is due on the first morning after first use",
            vec![
                Set(|s| s.selfcheck_due = true),
                At("2026-11-01T21:00:00+01:00"),
                Due(&[]),
                NextCheck("2026-11-02T08:00:00+01:00"),
                At("2026-11-02T07:59:00+01:00"),
                Fires(None),
                At("2026-11-02T08:00:00+01:00"),
                Fires(Some(SelfcheckDue)),
                At("2026-11-03T08:00:00+01:00"),
                Fires(None),
            ],
        ),
        (
            "a self-check comes due on its day, after quiet hours",
            vec![
                Set(|s| s.contact_lapse = false),
                Selfcheck("2026-11-09T10:00:00+01:00"),
                At("2026-11-22T23:00:00+01:00"),
                Set(|s| s.weekend_hold = false),
                Due(&[]),
                NextCheck("2026-11-23T08:00:00+01:00"),
                At("2026-11-23T08:00:00+01:00"),
                Fires(Some(SelfcheckDue)),
                At("2026-11-24T08:00:00+01:00"),
                Fires(None),
            ],
        ),
        (
            "taking the self-check resolves its nudge",
            vec![
                Set(|s| s.contact_lapse = false),
                Selfcheck("2026-11-09T10:00:00+01:00"),
                At("2026-11-23T09:00:00+01:00"),
                Fires(Some(SelfcheckDue)),
                Selfcheck("2026-11-23T09:10:00+01:00"),
                At("2026-11-23T09:10:00+01:00"),
                Pending(None),
                Due(&[]),
            ],
        ),
        // The next instant at which anything could become due.
        (
            "next check: the 72 hours running out",
            vec![
                Contact(FRIDAY),
                At("2026-11-23T08:30:00+01:00"),
                Caseload(HEAVY),
                NextCheck("2026-11-23T09:00:00+01:00"),
            ],
        ),
        (
            "next check: a heavy week only from Monday",
            vec![
                Contact(FRIDAY),
                At("2026-11-21T10:00:00+01:00"),
                Caseload(HEAVY),
                NextCheck("2026-11-23T08:00:00+01:00"),
            ],
        ),
        (
            "next check: the 72 hours run out in quiet hours",
            vec![
                Contact("2026-11-20T21:00:00+01:00"),
                At("2026-11-23T10:00:00+01:00"),
                Caseload(HEAVY),
                NextCheck("2026-11-24T08:00:00+01:00"),
            ],
        ),
        (
            "next check: in a light week, the turn of the week",
            vec![
                Contact("2026-11-23T09:00:00+01:00"),
                At("2026-11-24T10:00:00+01:00"),
                Caseload(LIGHT),
                NextCheck("2026-11-30T08:00:00+01:00"),
            ],
        ),
        (
            "next check: the 14 days running out before the week turns",
            vec![
                Contact("2026-11-11T12:00:00+01:00"),
                At("2026-11-23T10:00:00+01:00"),
                Caseload(LIGHT),
                NextCheck("2026-11-25T12:00:00+01:00"),
            ],
        ),
    ];
    assert!(cases.len() >= 30, "{} cases", cases.len());
    for (name, steps) in &cases {
        run_case(name, steps);
    }
}

#[test]
fn the_checklist_rule_fires_once_when_a_slot_starts_with_items_unticked() {
    run_case(
        "off by default",
        &[
            Contact("2026-11-23T09:00:00+01:00"),
            At("2026-11-24T12:31:00+01:00"),
            Due(&[]),
        ],
    );
    run_case(
        "on",
        &[
            Contact("2026-11-23T09:00:00+01:00"),
            Set(|s| s.checklist_item = true),
            At("2026-11-24T12:29:00+01:00"),
            Due(&[]),
            NextCheck("2026-11-24T12:30:00+01:00"),
            At("2026-11-24T12:30:00+01:00"),
            Fires(Some(Rule::ChecklistItem)),
            At("2026-11-24T14:00:00+01:00"),
            Fires(None),
            NextCheck("2026-11-25T15:00:00+01:00"),
        ],
    );
    // Ticking the slot's items before it starts means nothing to nudge about.
    let (_dir, mut store) = store();
    let clock = FixedClock::parse("2026-11-24T12:00:00+01:00").unwrap();
    for (key, value) in [
        ("checklist-item", "on"),
        ("contact-lapse", "off"),
        ("selfcheck-due", "off"),
    ] {
        store.set_setting(key, value, &clock).unwrap();
    }
    let week = store.checklist(clock.this_week(), &clock).unwrap();
    for item in week
        .items
        .iter()
        .filter(|item| item.slot == mooring_core::Slot::TuesdayMidday)
    {
        store
            .tick(item.id, None, mooring_core::Guard::Check, &clock)
            .unwrap();
    }
    clock.set(parse_instant("2026-11-24T12:30:00+01:00").unwrap());
    assert!(store.nudges(&clock).unwrap().due.is_empty());
}

#[test]
fn a_nudge_names_the_buddy_first_then_whoever_has_gone_longest_without_contact() {
    let (_dir, mut store) = store();
    let clock = FixedClock::parse("2026-11-24T10:00:00+01:00").unwrap();
    let ann = store
        .add_peer(peer("Ann"), mooring_core::Guard::Check, &clock)
        .unwrap()
        .id;
    store
        .add_peer(peer("Bo"), mooring_core::Guard::Check, &clock)
        .unwrap();
    let cy = store
        .add_peer(peer("Cy"), mooring_core::Guard::Check, &clock)
        .unwrap()
        .id;
    store
        .set_caseload(clock.this_week(), Some(HEAVY), &clock)
        .unwrap();
    store
        .log_contact(
            contact_with(ann, "2026-11-20T09:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    store
        .log_contact(
            contact_with(cy, "2026-11-10T09:00:00+01:00", true),
            None,
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    let named = |store: &Store| {
        store.nudges(&clock).unwrap().due[0]
            .peer
            .as_ref()
            .map(|peer| peer.name.clone())
    };
    // Bo has never been contacted: the longest.
    assert_eq!(named(&store).as_deref(), Some("Bo"));
    let nudge = store.nudges(&clock).unwrap().due.remove(0);
    assert_eq!(
        nudge.body,
        "A heavy week, and no real talk with a peer for 4 days. Message Bo?"
    );
    store
        .set_peer_archived(store.peer_named("Bo", &clock).unwrap().id, true, &clock)
        .unwrap();
    assert_eq!(named(&store).as_deref(), Some("Cy"));
    // A buddy comes first, however recent.
    store
        .update_peer(
            ann,
            PeerDetails {
                roles: vec![Role::Buddy],
                ..peer("Ann")
            },
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert_eq!(named(&store).as_deref(), Some("Ann"));
}

#[test]
fn a_lapse_due_across_a_daylight_saving_change_counts_real_hours() {
    // Europe/Berlin falls back on Sunday 25 October 2026. 72 hours after Friday 12:00 CEST is
    // Monday 11:00 CET on the wall clock, not 12:00.
    let (_dir, mut store) = store();
    let clock = zoned("Europe/Berlin", "2026-10-23 12:00");
    store.set_setting("selfcheck-due", "off", &clock).unwrap();
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &clock)
        .unwrap()
        .id;
    store
        .log_contact(
            contact_with(sam, &clock.now().to_rfc3339(), true),
            None,
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    clock.set_local(local("2026-10-26 09:00"));
    store
        .set_caseload(clock.this_week(), Some(HEAVY), &clock)
        .unwrap();
    assert_eq!(
        store
            .nudges(&clock)
            .unwrap()
            .next_check
            .unwrap()
            .to_rfc3339(),
        "2026-10-26T11:00:00+01:00"
    );
    clock.set_local(local("2026-10-26 10:59"));
    assert!(store.nudges(&clock).unwrap().due.is_empty());
    clock.set_local(local("2026-10-26 11:00"));
    assert_eq!(
        store.run_nudges(&clock).unwrap().fire.unwrap().rule,
        HeavyWeekLapse
    );
    // Quiet hours follow the local clock on both sides of the change.
    clock.set_local(local("2026-10-26 20:00"));
    let mut settings = store.settings().unwrap().nudges;
    settings.paused_until = None;
    assert_eq!(
        snooze_until(Snooze::TomorrowMorning, &settings, &clock).to_rfc3339(),
        "2026-10-27T08:00:00+01:00"
    );
}

#[test]
fn a_snooze_ends_when_the_nudge_will_really_come_back() {
    let settings = mooring_core::NudgeSettings::default();
    // Chosen at, the snooze, and when it comes back (quiet 20:00 to 08:00, weekends held).
    for (at, snooze, back) in [
        // 2026-12-01 is a Tuesday: at 00:30, tomorrow morning is this morning.
        (
            "2026-12-01T00:30:00+01:00",
            Snooze::TomorrowMorning,
            "2026-12-01T08:00:00+01:00",
        ),
        (
            "2026-12-01T07:59:00+01:00",
            Snooze::TomorrowMorning,
            "2026-12-01T08:00:00+01:00",
        ),
        (
            "2026-12-01T08:00:00+01:00",
            Snooze::TomorrowMorning,
            "2026-12-02T08:00:00+01:00",
        ),
        (
            "2026-12-01T21:00:00+01:00",
            Snooze::TomorrowMorning,
            "2026-12-02T08:00:00+01:00",
        ),
        // On a Friday evening, the weekend holds it to Monday.
        (
            "2026-12-04T21:00:00+01:00",
            Snooze::TomorrowMorning,
            "2026-12-07T08:00:00+01:00",
        ),
        (
            "2026-12-04T19:30:00+01:00",
            Snooze::OneHour,
            "2026-12-07T08:00:00+01:00",
        ),
        (
            "2026-12-01T10:00:00+01:00",
            Snooze::OneHour,
            "2026-12-01T11:00:00+01:00",
        ),
        (
            "2026-12-01T18:00:00+01:00",
            Snooze::ThreeHours,
            "2026-12-02T08:00:00+01:00",
        ),
    ] {
        assert_eq!(
            snooze_until(snooze, &settings, &crate::support::clock(at)).to_rfc3339(),
            back,
            "{snooze:?} at {at}"
        );
    }
}

#[test]
fn notification_text_is_neutral_and_short() {
    let (_dir, mut store) = store();
    let clock = FixedClock::parse("2026-11-24T10:00:00+01:00").unwrap();
    let sam = store
        .add_peer(
            PeerDetails {
                roles: vec![Role::Buddy],
                ..peer("Sam")
            },
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap()
        .id;
    let mut contact = contact_with(sam, "2026-11-05T09:00:00+01:00", true);
    // Saved anyway, after the warning: the nudge must still never carry it.
    contact.note = Some("Talked about client Jane Doe, born 1980-01-02".into());
    store
        .log_contact(contact, None, mooring_core::Guard::SaveAnyway, &clock)
        .unwrap();
    store
        .take_selfcheck(
            AnswerSheet {
                talked_beyond_logistics: Some(false),
                debrief_within_72h: Some(false),
                mixed_career_stages: Some(false),
                safety_net: Some(2.0),
            },
            Some(parse_instant("2026-11-05T09:00:00+01:00").unwrap()),
            &clock,
        )
        .unwrap();
    let due = store.nudges(&clock).unwrap().due;
    assert_eq!(
        due.iter().map(|n| n.rule).collect::<Vec<_>>(),
        [ContactLapse, SelfcheckDue]
    );
    for nudge in due {
        assert!(
            nudge.title.len() <= 40 && nudge.body.len() <= 80,
            "{nudge:?}"
        );
        for word in ["Jane", "client", "1980", "Talked"] {
            assert!(
                !nudge.body.contains(word) && !nudge.title.contains(word),
                "{word} in {nudge:?}"
            );
        }
    }
}

#[test]
fn the_scheduler_never_fires_early_or_twice_and_a_contact_from_another_process_cancels_it() {
    let (dir, mut store) = crate::support::store_shared_with_cli();
    let clock = FixedClock::parse("2026-11-20T09:00:00+01:00").unwrap();
    store.set_setting("selfcheck-due", "off", &clock).unwrap();
    let sam = store
        .add_peer(
            PeerDetails {
                roles: vec![Role::Buddy],
                ..peer("Sam")
            },
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap()
        .id;
    store
        .log_contact(
            contact_with(sam, FRIDAY, true),
            None,
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    clock.set(parse_instant("2026-11-23T07:00:00+01:00").unwrap());
    store
        .set_caseload(clock.this_week(), Some(HEAVY), &clock)
        .unwrap();

    // Wake when the scheduler asks to, and at every minute before: nothing fires early.
    let tick = store.run_nudges(&clock).unwrap();
    assert_eq!(tick.fire, None);
    let due_at = tick.next_check.unwrap();
    assert_eq!(due_at.to_rfc3339(), "2026-11-23T09:00:00+01:00");
    while clock.now() + chrono::Duration::minutes(1) < due_at {
        clock.advance(chrono::Duration::minutes(1));
        assert_eq!(
            store.run_nudges(&clock).unwrap().fire,
            None,
            "early at {}",
            clock.now()
        );
    }
    clock.set(parse_instant("2026-11-23T09:00:00+01:00").unwrap());
    let fired = store.run_nudges(&clock).unwrap();
    assert_eq!(
        fired.fire.as_ref().map(|nudge| nudge.rule),
        Some(HeavyWeekLapse)
    );
    // Nothing fires twice: not at the same instant, not a minute later, not that afternoon.
    for minutes in [0, 1, 360] {
        let at = parse_instant("2026-11-23T09:00:00+01:00").unwrap()
            + chrono::Duration::minutes(minutes);
        clock.set(at);
        assert_eq!(
            store.run_nudges(&clock).unwrap().fire,
            None,
            "twice at {at}"
        );
    }

    // The user snoozes; meanwhile mooring-cli, a second process, logs a contact on the same file.
    let pending = store.nudges(&clock).unwrap().pending.unwrap();
    store
        .snooze_nudge(pending.rule, &pending.subject, Snooze::OneHour, &clock)
        .unwrap();
    let output = crate::cli::mooring_cli(
        dir.path(),
        &[
            "--now",
            "2026-11-23T15:10:00+01:00",
            "contact",
            "log",
            "--peer",
            "Sam",
            "--kind",
            "call",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    clock.set(parse_instant("2026-11-23T16:00:00+01:00").unwrap());
    assert_eq!(store.run_nudges(&clock).unwrap().fire, None);
    assert_eq!(store.nudges(&clock).unwrap().pending, None);
    clock.set(parse_instant("2026-11-24T09:00:00+01:00").unwrap());
    assert_eq!(store.run_nudges(&clock).unwrap().fire, None);
}

/// Home shows a lapse as a lapse: the status says so on the same clock as the lapse nudges,
/// from first use for someone with no contact yet, and sooner in a heavy week.
#[test]
fn the_status_says_when_contact_has_lapsed() {
    // (last substantive contact, heavy week, now, lapsed), with the default limits of 14 days
    // and, in a heavy week, 72 hours.
    let cases: &[(Option<&str>, bool, &str, bool)] = &[
        (None, false, "2026-11-30T08:00:00+01:00", false),
        (None, false, "2026-11-30T09:00:00+01:00", true),
        (
            Some("2026-11-29T18:00:00+01:00"),
            false,
            "2026-11-30T09:00:00+01:00",
            false,
        ),
        (
            Some("2026-11-20T09:00:00+01:00"),
            false,
            "2026-11-23T10:00:00+01:00",
            false,
        ),
        (
            Some("2026-11-20T09:00:00+01:00"),
            true,
            "2026-11-23T10:00:00+01:00",
            true,
        ),
        (
            Some("2026-11-20T09:00:00+01:00"),
            true,
            "2026-11-23T08:00:00+01:00",
            false,
        ),
    ];
    for &(last, heavy, now, lapsed) in cases {
        let (_dir, mut store) = store_first_used_at("2026-11-16T09:00:00+01:00");
        let now = FixedClock::parse(now).unwrap();
        if let Some(at) = last {
            let sam = store
                .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
                .unwrap()
                .id;
            store
                .log_contact(
                    crate::support::contact(vec![sam], at, true),
                    None,
                    mooring_core::Guard::Check,
                    &now,
                )
                .unwrap();
        }
        store
            .set_heavy_override(now.this_week(), Some(heavy), &now)
            .unwrap();
        assert_eq!(
            store.status(&now).unwrap().contact_lapsed,
            lapsed,
            "{last:?}, heavy {heavy}, at {}",
            now.now()
        );
    }
}

/// A notification can be on screen while a client watches a shared screen: whatever the user
/// typed, saved anyway, no nudge of any kind carries it.
#[test]
fn no_nudge_of_any_kind_carries_the_users_free_text() {
    const PLANTED: &str = "client Jane Smith, DOB 3/4/85";
    let anyway = mooring_core::Guard::SaveAnyway;
    let (_dir, mut store) = store_first_used_at("2026-11-02T09:00:00+01:00");
    let clock = FixedClock::parse("2026-11-02T09:00:00+01:00").unwrap();
    store.set_setting("checklist-item", "on", &clock).unwrap();
    let details = PeerDetails {
        name: PLANTED.into(),
        roles: vec![Role::Buddy],
        preferred_channel: Some(PLANTED.into()),
        practice_area: Some(PLANTED.into()),
        dual_role: Some(PLANTED.into()),
        ..PeerDetails::default()
    };
    let jane = store.add_peer(details, anyway, &clock).unwrap().id;
    store
        .add_template_item(
            mooring_core::NewTemplateItem {
                slot: mooring_core::Slot::Friday,
                title: PLANTED.into(),
                peer: true,
                reflection: false,
                contact_kind: None,
                rhythm: Default::default(),
            },
            anyway,
            &clock,
        )
        .unwrap();
    let agreement = store
        .new_agreement(PLANTED, true, anyway, &clock)
        .unwrap()
        .id;
    store
        .edit_agreement(agreement, PLANTED, &[PLANTED.to_owned()], anyway, &clock)
        .unwrap();
    store.add_agreement_member(agreement, jane, &clock).unwrap();
    store.sign_agreement(agreement, jane, None, &clock).unwrap();
    let contact = NewContact {
        note: Some(PLANTED.into()),
        ..contact_with(jane, "2026-11-02T09:00:00+01:00", true)
    };
    let contact = store.log_contact(contact, None, anyway, &clock).unwrap().id;
    let record = mooring_core::NewConsultation {
        contact_id: Some(contact),
        question: PLANTED.into(),
        options: Some(PLANTED.into()),
        standards: Some(PLANTED.into()),
        recommendations: Some(PLANTED.into()),
        decision: Some(PLANTED.into()),
        rationale: Some(PLANTED.into()),
        follow_up_on: NaiveDate::from_ymd_opt(2026, 11, 20),
        ..Default::default()
    };
    store.add_consultation(record, anyway, &clock).unwrap();
    clock.set(parse_instant("2026-11-03T10:00:00+01:00").unwrap());
    store.request_debrief(&clock).unwrap();
    // A year of heavy weeks without another contact, every weekday at noon.
    let mut kinds = std::collections::BTreeSet::new();
    let mut day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    while day <= NaiveDate::from_ymd_opt(2027, 11, 12).unwrap() {
        clock.set(parse_instant(&format!("{day}T12:30:00+01:00")).unwrap());
        if day.weekday() == chrono::Weekday::Mon {
            store
                .set_caseload(clock.this_week(), Some(30), &clock)
                .unwrap();
        }
        for nudge in store.nudges(&clock).unwrap().due {
            let text = format!("{} {}", nudge.title, nudge.body);
            assert!(!text.contains("Jane") && !text.contains("3/4/85"), "{text}");
            kinds.insert(format!("{:?}", nudge.rule));
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "AgreementReview",
            "ChecklistItem",
            "ConsultationFollowUp",
            "ContactLapse",
            "DebriefFollowUp",
            "HeavyWeekLapse",
            "SelfcheckDue"
        ]
    );
}

#[test]
fn a_dismissal_answers_its_occurrence_for_good_and_the_next_comes_with_the_next_due_selfcheck() {
    let (_dir, mut store) = store_first_used_at("2026-11-01T09:00:00+01:00");
    let clock = FixedClock::parse("2026-11-01T09:00:00+01:00").unwrap();
    for (key, value) in [
        ("contact-lapse", "off"),
        ("heavy-week-lapse", "off"),
        ("checklist-item", "off"),
        ("selfcheck-cadence", "56"),
    ] {
        store.set_setting(key, value, &clock).unwrap();
    }
    let fires_at = |store: &mut Store, at: &str| {
        clock.set(parse_instant(at).unwrap());
        store
            .run_nudges(&clock)
            .unwrap()
            .fire
            .map(|nudge| nudge.rule)
    };
    // The first self-check is due on the first morning; dismissed, it is answered.
    assert_eq!(
        fires_at(&mut store, "2026-11-02T10:00:00+01:00"),
        Some(SelfcheckDue)
    );
    let pending = store.nudges(&clock).unwrap().pending.unwrap();
    store
        .answer_nudge(
            pending.rule,
            &pending.subject,
            NudgeEvent::Dismissed,
            &clock,
        )
        .unwrap();
    // The day after, and 35 days after (past the nudge log's 30-day window): not again.
    for at in ["2026-11-03T10:00:00+01:00", "2026-12-07T10:00:00+01:00"] {
        assert_eq!(fires_at(&mut store, at), None, "{at}");
    }
    // The next comes when the next self-check would have fallen due, 56 days on (a Monday).
    assert_eq!(
        fires_at(&mut store, "2026-12-28T10:00:00+01:00"),
        Some(SelfcheckDue)
    );
    // One that fired and was never answered is not sent again from the window either.
    assert_eq!(fires_at(&mut store, "2027-02-05T10:00:00+01:00"), None);
    assert_eq!(
        store
            .nudges(&clock)
            .unwrap()
            .pending
            .map(|nudge| nudge.rule),
        Some(SelfcheckDue),
        "still waiting on Home"
    );
}
