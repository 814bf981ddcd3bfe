//! A Monday as a person meets it: last week's caseload stands in until this week's is entered,
//! next week's can be entered ahead, weeks to come show their list without a tick, and Settings
//! says when the relative rule can decide. On the test clock, never the wall clock.

use super::harness::{cli, cli_json, Extras};
use super::Desktop;

#[tokio::test]
async fn last_weeks_caseload_stands_in_and_next_weeks_can_be_entered_ahead() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let clock_file = scratch.path().join("clock");
    // First used last Monday, with 30 sessions that week; nudges are other tests' business.
    let last_monday = "2026-11-16T09:00:00+01:00";
    cli(&data_dir, last_monday, &["caseload", "set", "30"]);
    for rule in ["heavy-week-lapse", "contact-lapse", "selfcheck-due"] {
        cli(&data_dir, last_monday, &["settings", "set", rule, "off"]);
    }
    let monday = "2026-11-23T09:00:00+01:00";
    std::fs::write(&clock_file, monday).unwrap();

    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file),
            time_zone: Some("Europe/Berlin"),
            ..Extras::default()
        },
    )
    .await;
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "About 30")
        .await;
    desktop
        .wait_for_text(
            "[data-figure=caseload] .figure-note",
            "from last week: enter this week's",
        )
        .await;
    desktop
        .wait_for_text(
            ".banner",
            "This is a heavy week. Keep one peer conversation protected, like a client hour.",
        )
        .await;
    desktop.screenshot("home-caseload-estimate").await;
    // The smallest window the app allows.
    desktop
        .client()
        .set_window_size(760, 560)
        .await
        .expect("the window resizes");
    desktop.screenshot("home-caseload-estimate-760").await;
    desktop
        .client()
        .set_window_size(1120, 760)
        .await
        .expect("the window resizes");

    // Next week's, ahead of time: this week still reads as the estimate.
    desktop.click_button("Enter next week's").await;
    desktop.fill("Client sessions next week", "12").await;
    desktop.click_button("Save").await;
    // The card says it was saved, and the hand stays on Save.
    desktop
        .wait_for_text(
            "[data-figure=caseload] [role=status]",
            "Next week: 12 sessions, saved",
        )
        .await;
    assert_eq!(desktop.focused_name().await, "Save");
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "About 30")
        .await;
    let saved = || {
        cli_json(
            &data_dir,
            monday,
            &["caseload", "show", "--week", "2026-W49"],
        )
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while saved()["sessions"] != 12 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(saved()["sessions"], 12);

    // This week's, entered: the estimate and the banner go.
    desktop.fill("Client sessions this week", "10").await;
    desktop.click_button("Save").await;
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "10 sessions")
        .await;
    desktop.wait_until_gone(".banner").await;
    // Next week's stays on the card once saved.
    let card = desktop.text("[data-figure=caseload]").await;
    assert!(card.contains("Next week: 12 sessions"), "{card}");

    // Next week's list is there to read, not to tick.
    desktop.click_button("Next week ›").await;
    desktop
        .wait_for_text(
            ".preview-note",
            "This week has not started yet: here is its list, ready to tick once it does.",
        )
        .await;
    assert!(!desktop.is_ticked("A fifteen-minute walk outside").await);
    desktop.screenshot("home-next-week-preview").await;

    // The relative rule says why the threshold still decides.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop
        .click_label("Its caseload reaches 120% of my usual")
        .await;
    desktop
        .wait_for_text(
            "[data-usual]",
            "Your usual is the median of your last 8 weeks with sessions; weeks of leave are left \
             out. Mooring needs 3 such weeks and has 1, so until then 25 sessions make a week heavy.",
        )
        .await;
    desktop.screenshot("settings-heavy-relative").await;
    let settings = cli_json(&data_dir, monday, &["settings", "show"]);
    assert_eq!(settings["heavy-rule"], "relative");
    desktop.quit().await;
}

#[tokio::test]
async fn the_new_screens_in_the_dark() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let clock_file = scratch.path().join("clock");
    let last_monday = "2026-11-16T09:00:00+01:00";
    cli(&data_dir, last_monday, &["caseload", "set", "30"]);
    cli(
        &data_dir,
        last_monday,
        &["peer", "add", "Sam", "--role", "buddy"],
    );
    for rule in ["heavy-week-lapse", "contact-lapse", "selfcheck-due"] {
        cli(&data_dir, last_monday, &["settings", "set", rule, "off"]);
    }
    std::fs::write(&clock_file, "2026-11-23T09:00:00+01:00").unwrap();
    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file),
            time_zone: Some("Europe/Berlin"),
            dark: true,
            ..Extras::default()
        },
    )
    .await;
    let scheme = desktop
        .eval("return matchMedia('(prefers-color-scheme: dark)').matches")
        .await;
    assert_eq!(scheme, true, "the window is dark");
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "About 30")
        .await;
    desktop.screenshot("dark-home-caseload-estimate").await;

    // The warning for a note that looks like it names a client.
    desktop.click_button("Log contact").await;
    desktop.click_label("Sam").await;
    desktop
        .expand("When, what you wanted, minutes and a note (optional)")
        .await;
    desktop.fill("Note", "Debrief about my client, Jane").await;
    desktop.click_button("Save contact").await;
    desktop
        .wait_for_text(
            ".dialog .warning",
            "This looks like it holds a client's details: a client's name (\"client, Jane\"). \
             Take them out, or save it anyway. Mooring is for your own notes.",
        )
        .await;
    desktop.screenshot("dark-log-contact-warning").await;
    desktop.click_button("Cancel").await;

    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop
        .click_label("Its caseload reaches 120% of my usual")
        .await;
    desktop.find(fantoccini::Locator::Css("[data-usual]")).await;
    desktop.screenshot("dark-settings-heavy-relative").await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_message_just_after_the_clocks_go_forward_ticks_that_weeks_item_in_the_window_and_the_cli(
) {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let clock_file = scratch.path().join("clock");
    // 23:30 UTC on Sunday 29 March 2026 is 00:30 on Monday 30 March in London, an hour into
    // summer time: week 14 there. The test clock carries the zone, as the user's machine does.
    let instant = "2026-03-29T23:30:00+00:00";
    cli(
        &data_dir,
        instant,
        &["--tz", "Europe/London", "peer", "add", "Sam"],
    );
    std::fs::write(&clock_file, format!("{instant} Europe/London")).unwrap();
    let desktop = Desktop::launch_with(
        &data_dir,
        Extras {
            clock_file: Some(clock_file),
            time_zone: Some("Europe/London"),
            ..Extras::default()
        },
    )
    .await;
    desktop.wait_for_heading("Week 14").await;
    desktop.click_button("Log contact").await;
    desktop.click_label("Sam").await;
    desktop.click_button("Save contact").await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "Today")
        .await;
    assert!(
        desktop
            .is_ticked("Message a peer about a recent win or challenge")
            .await
    );
    desktop.screenshot("week-14-after-the-clocks-change").await;
    desktop.quit().await;
    // The command line, in the same zone, sees the same week and the same tick.
    let week = cli_json(
        &data_dir,
        instant,
        &["--tz", "Europe/London", "checklist", "show"],
    );
    assert_eq!(week["week"], "2026-W14");
    let message = week["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["contact_kind"] == "message")
        .unwrap()
        .clone();
    assert_eq!(message["done"], true, "{message}");
}
