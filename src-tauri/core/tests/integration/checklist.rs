//! The weekly checklist on a real database: copies, edits from this week on, ticks, boundaries.

use mooring_core::{FixedClock, NewTemplateItem, Slot, Store, TemplateChange, Week, WeekChecklist};

/// Monday 23 November 2026, 09:00 in Central European Time: week 2026-W48.
const MONDAY_W48: &str = "2026-11-23T09:00:00+01:00";

fn week(name: &str) -> Week {
    name.parse().unwrap()
}

fn titles(checklist: &WeekChecklist) -> Vec<&str> {
    checklist
        .items
        .iter()
        .map(|item| item.title.as_str())
        .collect()
}

fn store() -> (tempfile::TempDir, Store, FixedClock) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(
        dir.path(),
        &crate::support::keys(),
        &crate::support::first_use(),
    )
    .unwrap();
    (dir, store, FixedClock::parse(MONDAY_W48).unwrap())
}

#[test]
fn a_week_is_a_copy_of_the_template_made_once() {
    let (_dir, mut store, clock) = store();
    let template = store.template().unwrap();
    assert_eq!(template.len(), 11);

    let checklist = store.checklist(week("2026-W48"), &clock).unwrap();
    assert!(checklist.is_current);
    assert_eq!(checklist.current_slot, Some(Slot::MondayMorning));
    assert_eq!(
        titles(&checklist),
        template
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>()
    );
    let slots: std::collections::BTreeSet<_> =
        checklist.items.iter().map(|item| item.slot).collect();
    assert_eq!(slots.len(), 6);
    assert_eq!(
        (checklist.completion.done, checklist.completion.total),
        (0, 11)
    );
    assert_eq!(
        (
            checklist.completion.peer.total,
            checklist.completion.solo.total
        ),
        (3, 8)
    );

    // Opening it again gives the same items, not a second copy.
    let again = store.checklist(week("2026-W48"), &clock).unwrap();
    assert_eq!(again.items, checklist.items);
}

#[test]
fn template_edits_apply_from_this_week_on_and_never_to_earlier_weeks() {
    let (_dir, mut store, clock) = store();
    let before = store.checklist(week("2026-W47"), &clock).unwrap();
    let this_week = store.checklist(week("2026-W48"), &clock).unwrap();
    store.checklist(week("2026-W49"), &clock).unwrap();
    let walk = this_week
        .items
        .iter()
        .find(|item| item.title == "A fifteen-minute walk outside")
        .unwrap();
    store
        .tick(walk.id, None, mooring_core::Guard::Check, &clock)
        .unwrap();

    let added = store
        .add_template_item(
            NewTemplateItem {
                slot: Slot::Friday,
                title: "Call Sam".into(),
                peer: true,
                reflection: false,
                contact_kind: None,
                rhythm: Default::default(),
            },
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    let walk_template = store
        .template()
        .unwrap()
        .into_iter()
        .find(|t| t.title == walk.title)
        .unwrap();
    store
        .update_template_item(
            walk_template.id,
            TemplateChange {
                title: Some("A walk in daylight".into()),
                ..Default::default()
            },
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    let grounding = store.template().unwrap()[0].clone();
    store.remove_template_item(grounding.id, &clock).unwrap();

    // The earlier week is exactly as it was.
    assert_eq!(
        store.checklist(week("2026-W47"), &clock).unwrap().items,
        before.items
    );

    // This week: the new item, the ticked walk keeps its old words, the unticked grounding is gone.
    let now = store.checklist(week("2026-W48"), &clock).unwrap();
    assert!(titles(&now).contains(&"Call Sam"));
    assert!(titles(&now).contains(&"A fifteen-minute walk outside"));
    assert!(!titles(&now).contains(&"A walk in daylight"));
    assert!(!titles(&now).contains(&grounding.title.as_str()));
    assert_eq!(now.completion.total, 11);

    // A later week already open, and one opened only now, follow the template fully.
    for name in ["2026-W49", "2026-W50"] {
        let later = store.checklist(week(name), &clock).unwrap();
        assert!(titles(&later).contains(&"Call Sam"), "{name}");
        assert!(titles(&later).contains(&"A walk in daylight"), "{name}");
        assert!(
            !titles(&later).contains(&grounding.title.as_str()),
            "{name}"
        );
        let call = later
            .items
            .iter()
            .find(|item| item.title == "Call Sam")
            .unwrap();
        assert!(call.peer && call.slot == Slot::Friday, "{name}");
    }
    assert_eq!(added.slot, Slot::Friday);
}

#[test]
fn moving_reorders_within_and_across_slots() {
    let (_dir, mut store, clock) = store();
    let template = store.template().unwrap();
    let walk = template.iter().find(|t| t.title.contains("walk")).unwrap();
    // To the top of Monday morning.
    store
        .move_template_item(walk.id, Slot::MondayMorning, 0, &clock)
        .unwrap();
    let after = store.template().unwrap();
    assert_eq!(after[0].id, walk.id);
    assert_eq!(after[0].slot, Slot::MondayMorning);
    let monday: Vec<_> = after
        .iter()
        .filter(|t| t.slot == Slot::MondayMorning)
        .map(|t| t.position)
        .collect();
    assert_eq!(monday, [0, 1, 2]);
    let tuesday: Vec<_> = after
        .iter()
        .filter(|t| t.slot == Slot::TuesdayMidday)
        .map(|t| t.position)
        .collect();
    assert_eq!(tuesday, [0]);
    // This week's copy moved too.
    let checklist = store.checklist(week("2026-W48"), &clock).unwrap();
    assert_eq!(checklist.items[0].title, walk.title);
}

#[test]
fn restoring_the_defaults_brings_back_the_template_from_this_week_on() {
    let (_dir, mut store, clock) = store();
    for item in store.template().unwrap() {
        store.remove_template_item(item.id, &clock).unwrap();
    }
    assert!(store.template().unwrap().is_empty());
    assert_eq!(
        store
            .checklist(week("2026-W48"), &clock)
            .unwrap()
            .items
            .len(),
        0
    );
    store.restore_default_template(&clock).unwrap();
    assert_eq!(store.template().unwrap().len(), 11);
    assert_eq!(
        store
            .checklist(week("2026-W48"), &clock)
            .unwrap()
            .items
            .len(),
        11
    );
}

#[test]
fn tick_untick_notes_and_completion() {
    let (_dir, mut store, clock) = store();
    let checklist = store.checklist(week("2026-W48"), &clock).unwrap();
    let peer = checklist.items.iter().find(|item| item.peer).unwrap();
    let reflection = checklist.items.iter().find(|item| item.reflection).unwrap();

    let ticked = store
        .tick(peer.id, None, mooring_core::Guard::Check, &clock)
        .unwrap();
    assert!(ticked.done);
    assert_eq!(ticked.done_at.as_deref(), Some(MONDAY_W48));
    let noted = store
        .tick(
            reflection.id,
            Some("  The group saw what I missed. "),
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert_eq!(noted.note.as_deref(), Some("The group saw what I missed."));

    let completion = store
        .checklist(week("2026-W48"), &clock)
        .unwrap()
        .completion;
    assert_eq!((completion.done, completion.total), (2, 11));
    assert_eq!((completion.peer.done, completion.peer.total), (1, 3));
    assert_eq!((completion.solo.done, completion.solo.total), (1, 8));
    assert_eq!(store.status(&clock).unwrap().checklist.done, 2);

    // Writing a reflection is doing the item: a note on an unticked item ticks it, and removing
    // the note later keeps the tick.
    let other_reflection = checklist
        .items
        .iter()
        .filter(|item| item.reflection)
        .nth(1)
        .unwrap();
    let written = store
        .set_note(
            other_reflection.id,
            "Held the Friday boundary.",
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert!(written.done);
    let cleared = store
        .set_note(
            other_reflection.id,
            "  ",
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert!(cleared.done && cleared.note.is_none());
    store.untick(other_reflection.id).unwrap();
    let after_tick = store
        .checklist_of_item(other_reflection.id, &clock)
        .unwrap();
    assert_eq!(after_tick.week, week("2026-W48"));
    assert_eq!(after_tick.completion.done, 2);

    let unticked = store.untick(reflection.id).unwrap();
    assert!(!unticked.done);
    assert_eq!(
        unticked.note.as_deref(),
        Some("The group saw what I missed."),
        "unticking keeps the note"
    );
    assert_eq!(store.status(&clock).unwrap().checklist.done, 1);

    // Late ticks in past weeks are allowed and stay in their week.
    let last_week = store.checklist(week("2026-W47"), &clock).unwrap();
    store
        .tick(
            last_week.items[0].id,
            None,
            mooring_core::Guard::Check,
            &clock,
        )
        .unwrap();
    assert_eq!(
        store
            .checklist(week("2026-W47"), &clock)
            .unwrap()
            .completion
            .done,
        1
    );
    assert_eq!(store.status(&clock).unwrap().checklist.done, 1);
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let (_dir, mut store, clock) = store();
    let checklist = store.checklist(week("2026-W48"), &clock).unwrap();
    let solo = checklist
        .items
        .iter()
        .find(|item| !item.peer && !item.reflection)
        .unwrap();
    let reflection = checklist.items.iter().find(|item| item.reflection).unwrap();

    assert_eq!(
        store
            .tick(9999, None, mooring_core::Guard::Check, &clock)
            .unwrap_err()
            .code(),
        "not-found"
    );
    assert_eq!(store.untick(9999).unwrap_err().code(), "not-found");
    assert_eq!(
        store
            .tick(solo.id, Some("a note"), mooring_core::Guard::Check, &clock)
            .unwrap_err()
            .to_string(),
        "Only reflection items take a note."
    );
    let long = "x".repeat(5001);
    assert_eq!(
        store
            .tick(
                reflection.id,
                Some(&long),
                mooring_core::Guard::Check,
                &clock
            )
            .unwrap_err()
            .to_string(),
        "Keep a note to 5,000 characters; this one has 5,001."
    );
    let template = store.template().unwrap();
    for title in ["", "   ", &"y".repeat(201)] {
        let new = NewTemplateItem {
            slot: Slot::Weekend,
            title: title.to_owned(),
            peer: false,
            reflection: false,
            contact_kind: None,
            rhythm: Default::default(),
        };
        assert_eq!(
            store
                .add_template_item(new, mooring_core::Guard::Check, &clock)
                .unwrap_err()
                .code(),
            "invalid-input"
        );
        let change = TemplateChange {
            title: Some(title.to_owned()),
            ..Default::default()
        };
        assert_eq!(
            store
                .update_template_item(template[0].id, change, mooring_core::Guard::Check, &clock)
                .unwrap_err()
                .code(),
            "invalid-input"
        );
    }
    assert_eq!(
        store.remove_template_item(9999, &clock).unwrap_err().code(),
        "not-found"
    );

    assert_eq!(store.template().unwrap(), template);
    assert_eq!(
        store.checklist(week("2026-W48"), &clock).unwrap(),
        checklist
    );
}

#[test]
fn the_week_turns_at_local_midnight_between_sunday_and_monday() {
    let (_dir, mut store, _) = store();
    let sunday = FixedClock::parse("2026-11-29T23:59:00+01:00").unwrap();
    let monday = FixedClock::parse("2026-11-30T00:00:00+01:00").unwrap();
    assert_eq!(store.status(&sunday).unwrap().week, week("2026-W48"));
    assert_eq!(store.status(&monday).unwrap().week, week("2026-W49"));

    let sunday_list = store.checklist(week("2026-W48"), &sunday).unwrap();
    assert!(sunday_list.is_current);
    assert_eq!(sunday_list.current_slot, Some(Slot::Weekend));
    // A tick at Sunday 23:59 belongs to week 48; Monday 00:00 starts a fresh, unticked week 49.
    store
        .tick(
            sunday_list.items[10].id,
            None,
            mooring_core::Guard::Check,
            &sunday,
        )
        .unwrap();
    assert_eq!(store.status(&sunday).unwrap().checklist.done, 1);
    let status = store.status(&monday).unwrap();
    assert_eq!((status.checklist.done, status.checklist.total), (0, 11));
    let monday_list = store.checklist(week("2026-W49"), &monday).unwrap();
    assert!(monday_list.is_current);
    assert_eq!(monday_list.current_slot, Some(Slot::MondayMorning));
    assert!(
        !store
            .checklist(week("2026-W48"), &monday)
            .unwrap()
            .is_current
    );
}

#[test]
fn the_first_week_counts_the_items_from_first_use_on_everywhere() {
    // First used on Friday 4 December 2026: Monday to Thursday had no Mooring to tick with.
    let (_dir, mut store) = crate::support::store_first_used_at("2026-12-04T10:00:00+01:00");
    let friday = crate::support::clock("2026-12-04T10:00:00+01:00");
    let status = store.status(&friday).unwrap();
    assert_eq!(
        (status.checklist.done, status.checklist.total),
        (0, 4),
        "Friday's two items and the weekend's two"
    );
    assert_eq!(
        status.checklist_counted_from,
        Some("2026-12-04".parse().unwrap())
    );
    let checklist = store.checklist(week("2026-W49"), &friday).unwrap();
    assert_eq!(checklist.completion.total, 4);
    assert_eq!(
        checklist.completion.counted_from,
        status.checklist_counted_from
    );
    // Done anyway, an earlier day's item counts.
    let monday_item = checklist
        .items
        .iter()
        .find(|item| item.slot == Slot::MondayMorning)
        .unwrap()
        .id;
    store
        .tick(monday_item, None, mooring_core::Guard::Check, &friday)
        .unwrap();
    let status = store.status(&friday).unwrap();
    assert_eq!((status.checklist.done, status.checklist.total), (1, 5));
    let trends = store
        .trends(mooring_core::trends::Range::Weeks12, &friday)
        .unwrap();
    let first = trends.weeks.last().unwrap();
    let (done, total) = (
        first.peer_items.0 + first.solo_items.0,
        first.peer_items.1 + first.solo_items.1,
    );
    assert_eq!(
        (done, total),
        (1, 5),
        "Trends counts the first week the same way"
    );

    // The week after counts every item.
    let monday = crate::support::clock("2026-12-07T10:00:00+01:00");
    let status = store.status(&monday).unwrap();
    assert_eq!((status.checklist.done, status.checklist.total), (0, 11));
    assert_eq!(status.checklist_counted_from, None);
    assert_eq!(
        store
            .checklist(week("2026-W50"), &monday)
            .unwrap()
            .completion
            .counted_from,
        None
    );
}
