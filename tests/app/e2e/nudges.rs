//! Nudges as they reach a person: the real app on a test clock, seeded through mooring-cli, with
//! a real notification server (dunst on a private session bus) receiving what it sends.

use std::path::Path;
use std::time::{Duration, Instant};

use super::harness::{cli, move_clock_and_wait, set_clock, Extras, Notification};
use super::Desktop;

/// Waits until the notification server has received `count` notifications, and returns them.
async fn wait_for_notifications(desktop: &Desktop, count: usize) -> Vec<Notification> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let notifications = desktop.notifications();
        if notifications.len() >= count || Instant::now() > deadline {
            return notifications;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Moves the test clock to `instant`, waits until the app has run the rules at that instant
/// and sent whatever fired, and returns every notification that arrived so far.
async fn run_at(desktop: &Desktop, clock_file: &Path, instant: &str) -> Vec<Notification> {
    move_clock_and_wait(clock_file, instant).await;
    desktop.notifications()
}

#[tokio::test]
async fn one_neutral_nudge_none_after_a_contact_none_while_paused_and_the_held_one_after() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let clock_file = scratch.path().join("clock");
    // Monday of a heavy week; the last substantive contact was on Thursday, 4 days ago.
    // Mooring was first used the Monday before, with a self-check taken then.
    let monday = "2026-11-23T10:00:00+01:00";
    let first_use = "2026-11-16T09:00:00+01:00";
    set_clock(&clock_file, monday);
    cli(&data_dir, first_use, &["peer", "add", "Kim"]);
    cli(
        &data_dir,
        first_use,
        &["peer", "add", "Sam", "--role", "buddy", "--debrief"],
    );
    cli(
        &data_dir,
        first_use,
        &[
            "selfcheck",
            "take",
            "--q1",
            "yes",
            "--q2",
            "yes",
            "--q3",
            "yes",
            "--q4",
            "7",
        ],
    );
    cli(
        &data_dir,
        monday,
        &[
            "contact",
            "log",
            "--peer",
            "Kim",
            "--kind",
            "call",
            "--at",
            "2026-11-19T10:00:00+01:00",
            "--note",
            "Talked about client Jane Doe",
            // Saved after the warning: the notification must still never carry it.
            "--anyway",
        ],
    );
    cli(&data_dir, monday, &["caseload", "set", "30"]);

    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file.clone()),
            notifications: true,
            // The clock's +01:00 in November, so the window shows the times the test writes.
            time_zone: Some("Europe/Berlin"),
            ..Extras::default()
        },
    )
    .await;

    // Exactly one notification, from Mooring, short and neutral: no note, nothing about clients.
    // Running the rules again a minute later sends nothing more.
    let arrived = wait_for_notifications(&desktop, 1).await;
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(
        run_at(&desktop, &clock_file, "2026-11-23T10:01:00+01:00").await,
        arrived,
        "a second notification arrived"
    );
    let nudge = &arrived[0];
    assert_eq!(nudge.app_name, "Mooring");
    assert_eq!(nudge.summary, "Time for a peer check-in");
    assert_eq!(
        nudge.body,
        "A heavy week, and no real talk with a peer for 4 days. Message Sam?"
    );
    for private in ["Jane", "client", "Kim"] {
        assert!(!nudge.body.contains(private), "{nudge:?}");
    }

    // Home shows it in one card, without a heavy-week banner saying it again, with the lapse
    // on the peer contact card; messaging Sam from it, then logging that, answers it.
    desktop
        .wait_for_text(".nudge h2", "Time for a peer check-in")
        .await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "4 days ago Lapsed")
        .await;
    assert!(
        !desktop.is_present(".banner").await,
        "the banner repeats the card"
    );
    desktop.screenshot("home-nudge").await;
    desktop.click_button_in(".nudge", "Message Sam").await;
    desktop
        .wait_for_text("#log-contact-title", "Log a peer contact")
        .await;
    assert!(desktop.is_ticked("Sam").await, "the nudge's peer is chosen");
    desktop.click_label("Yes, a real conversation").await;
    desktop.click_button("Save contact").await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "Today")
        .await;
    desktop.wait_until_gone(".nudge").await;
    // Still a heavy week, and no longer a lapse: the banner says so.
    desktop.find_css(".banner").await;

    // The next day: the contact resolved it, nothing new arrives.
    assert_eq!(
        run_at(&desktop, &clock_file, "2026-11-24T10:00:00+01:00")
            .await
            .len(),
        1,
        "a nudge arrived after the contact"
    );

    // Pause for a week from Settings; three days on the lapse is due again, but held.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop.click_button("Pause for a week").await;
    desktop
        .wait_for_text(
            ".pause-state",
            "Nudges are paused until Tuesday, 1 December at 10:00.",
        )
        .await;
    desktop.screenshot("settings-nudges").await;
    assert_eq!(
        run_at(&desktop, &clock_file, "2026-11-26T11:00:00+01:00")
            .await
            .len(),
        1,
        "a nudge arrived while paused"
    );

    // Resuming lets the held nudge through, once.
    desktop.click_button("Resume nudges").await;
    let arrived = wait_for_notifications(&desktop, 2).await;
    assert_eq!(arrived.len(), 2, "{arrived:?}");
    assert_eq!(
        arrived[1].body,
        "A heavy week, and no real talk with a peer for 3 days. Message Sam?"
    );
    assert_eq!(
        run_at(&desktop, &clock_file, "2026-11-26T11:01:00+01:00")
            .await
            .len(),
        2,
        "the held nudge arrived twice"
    );

    // Settings can send a test notification.
    desktop.click_button("Send a test notification").await;
    let arrived = wait_for_notifications(&desktop, 3).await;
    assert_eq!(arrived.len(), 3, "{arrived:?}");
    assert_eq!(
        (arrived[2].summary.as_str(), arrived[2].app_name.as_str()),
        ("Mooring can reach you", "Mooring")
    );
    desktop.quit().await;
}
