//! A window a person can trust: one press and release is one click, bad values get a message
//! beside their field, and long content stays inside its panel.

use super::harness::{cli, cli_json, Extras};
use super::Desktop;
use crate::session::wait_until;

const NOW: &str = "2026-11-25T10:00:00+01:00";

async fn launch(scratch: &std::path::Path) -> (Desktop, std::path::PathBuf) {
    let data_dir = scratch.join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam"]);
    let desktop = Desktop::launch_at(&data_dir, NOW).await;
    (desktop, data_dir)
}

#[tokio::test]
async fn one_press_and_release_closes_or_saves_the_log_contact_dialog() {
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop.wait_for_heading_change().await;

    desktop.press_and_release("Log contact").await;
    desktop.find_css("dialog[open]").await;
    desktop.press_and_release("Cancel").await;
    desktop.wait_until_gone("dialog[open]").await;

    desktop.press_and_release("Log contact").await;
    desktop.find_css("dialog[open]").await;
    // Saved with no one chosen: the dialog says who is missing, until someone is chosen.
    desktop.press_and_release("Save contact").await;
    desktop
        .wait_for_text(
            ".dialog-problem .inline-error",
            "Say who the contact was with: a peer, or the consultation group.",
        )
        .await;
    desktop.click_label("Sam").await;
    desktop
        .wait_until_gone(".dialog-problem .inline-error")
        .await;
    desktop.press_and_release("Save contact").await;
    desktop.wait_until_gone("dialog[open]").await;
    let contacts = cli_json(&data_dir, NOW, &["contact", "list"]);
    assert_eq!(
        contacts.as_array().unwrap().len(),
        1,
        "one click saved once"
    );
    desktop.quit().await;
}

#[tokio::test]
async fn the_first_run_sets_you_up_in_three_steps_and_does_not_come_back() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let desktop = Desktop::launch_at(&data_dir, NOW).await;
    desktop
        .wait_for_text("#welcome-title", "Who do you turn to?")
        .await;
    assert_eq!(desktop.text(".welcome .step-count").await, "Step 1 of 3");
    // The cursor is in the first field, ready to type.
    assert_eq!(desktop.focused_name().await, "Your buddy");
    desktop.screenshot("first-run-1").await;
    desktop.fill("Your buddy", "Sam").await;
    desktop.fill("Another peer (optional)", "Ana").await;
    desktop.click_button("Next").await;

    desktop.wait_for_text("#welcome-title", "Your week").await;
    desktop.fill("Client sessions in a usual week", "200").await;
    desktop.click_button("Next").await;
    desktop
        .wait_for_text(
            ".welcome [role=alert]",
            "Enter a whole number of sessions, from 0 to 80.",
        )
        .await;
    desktop.fill("Client sessions in a usual week", "24").await;
    let select = desktop.find_css("#welcome-group-day").await;
    select
        .select_by_label("Thursday")
        .await
        .expect("Thursday can be chosen");
    desktop.screenshot("first-run-2").await;
    desktop.click_button("Next").await;

    desktop.wait_for_text("#welcome-title", "Nudges").await;
    // The usual week is a setting: this week is estimated from it, on the card already.
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "About 24")
        .await;
    assert_eq!(
        desktop.text("[data-figure=caseload] .figure-note").await,
        "your usual week: enter this week's"
    );
    desktop.screenshot("first-run-3").await;
    desktop.click_button("Finish").await;
    desktop.wait_until_gone(".welcome").await;

    let peers = cli_json(&data_dir, NOW, &["peer", "list"]);
    let buddy = peers
        .as_array()
        .unwrap()
        .iter()
        .find(|peer| peer["name"] == "Sam")
        .expect("the buddy was added");
    assert_eq!(buddy["roles"], serde_json::json!(["buddy"]));
    assert_eq!(peers.as_array().unwrap().len(), 2);
    let status = cli_json(&data_dir, NOW, &["status"]);
    assert_eq!(
        (&status["caseload"], &status["caseload_from_usual"]),
        (&serde_json::json!(24), &serde_json::json!(true))
    );
    assert_eq!(status["first_run"], false);
    let settings = cli_json(&data_dir, NOW, &["settings", "show"]);
    assert_eq!(settings["usual-caseload"], "24");
    let template = cli_json(&data_dir, NOW, &["template", "list"]);
    let group = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["contact_kind"] == "group")
        .unwrap();
    assert_eq!(group["slot"], "thursday-evening");
    desktop.quit().await;

    // Not again, on the next start.
    let desktop = Desktop::launch_at(&data_dir, NOW).await;
    desktop.wait_for_heading_change().await;
    assert!(!desktop.is_present(".welcome").await);
    desktop.quit().await;
}

#[tokio::test]
async fn the_first_run_can_be_skipped_whole() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let desktop = Desktop::launch_on(&data_dir).await;
    desktop
        .wait_for_text("#welcome-title", "Who do you turn to?")
        .await;
    desktop.click_button("Skip setting up").await;
    desktop.wait_until_gone(".welcome").await;
    desktop.click_button("Peers").await;
    desktop.click_button("Home").await;
    desktop.wait_for_heading_change().await;
    assert!(!desktop.is_present(".welcome").await);
    let status = cli_json(&data_dir, "2026-11-25T10:00:00+01:00", &["status"]);
    assert_eq!(status["first_run"], false);
    desktop.quit().await;
}

#[tokio::test]
async fn a_bad_caseload_gets_a_message_beside_the_field_and_saves_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop.wait_for_heading_change().await;
    for bad in ["-5", "1000", "2.5", "abc"] {
        // A fresh Home each time, so that the message read is this value's.
        desktop.click_button("Peers").await;
        desktop.wait_for_heading("Peers").await;
        desktop.click_button("Home").await;
        desktop.wait_for_heading_change().await;
        assert_eq!(
            desktop.text("[data-figure=caseload] [role=alert]").await,
            ""
        );
        desktop.fill("Client sessions this week", bad).await;
        desktop.click_button("Save").await;
        desktop
            .wait_for_text(
                "[data-figure=caseload] [role=alert]",
                "Enter a whole number of sessions, from 0 to 80.",
            )
            .await;
        let status = cli_json(&data_dir, NOW, &["status"]);
        assert_eq!(
            status["caseload"],
            serde_json::Value::Null,
            "{bad} saved nothing"
        );
    }
    desktop.screenshot("home-caseload-refused").await;
    desktop.fill("Client sessions this week", "22").await;
    desktop.click_button("Save").await;
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "22 sessions")
        .await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_name_too_long_is_refused_with_a_message_not_cut() {
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.click_button("Add a peer").await;
    let name = "Montgomery-Fitzwilliam ".repeat(6);
    desktop.fill("Name", name.trim()).await;
    desktop.click_button("Add peer").await;
    desktop
        .wait_for_text(
            ".peer-form .inline-error[role=alert]",
            "Keep a peer's name to 100 characters; this one has 137.",
        )
        .await;
    let peers = cli_json(&data_dir, NOW, &["peer", "list"]);
    assert_eq!(peers.as_array().unwrap().len(), 1, "only Sam");
    desktop.quit().await;
}

#[tokio::test]
async fn the_peers_timeline_reads_by_month_with_years_fifty_at_a_time() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["demo-data", "--years", "3"]);
    let desktop = Desktop::launch_at(&data_dir, NOW).await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.wait_for_text(".month-title", "November 2026").await;
    assert_eq!(desktop.texts(".timeline .entry").await.len(), 50);
    let months = desktop.texts(".month-title").await;
    assert!(
        months.iter().all(|month| month.ends_with(" 2026")),
        "each month with its year: {months:?}"
    );
    desktop.click_button("Show earlier").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while desktop.texts(".timeline .entry").await.len() != 100 {
        assert!(
            std::time::Instant::now() < deadline,
            "no earlier contacts shown"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The keyboard stays on "Show earlier", ready for more.
    assert_eq!(desktop.focused_name().await, "Show earlier");
    desktop
        .eval("document.querySelector('.timeline-month:last-of-type').scrollIntoView()")
        .await;
    desktop.screenshot("peers-timeline").await;
    desktop.quit().await;
}

#[tokio::test]
async fn settings_say_saved_beside_the_change_and_read_a_time_as_typed() {
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;

    // "Saved." ends the line of the control that changed.
    desktop.click_label("Hold nudges over the weekend").await;
    desktop
        .wait_for_text(
            ".rule-line:has(#quiet-from) ~ .rule-line .line-status",
            "Saved.",
        )
        .await;
    let apart = desktop
        .eval(
            "const status = [...document.querySelectorAll('.line-status')].find(s => s.textContent);
             const box = [...document.querySelectorAll('label')]
               .find(l => l.textContent.trim() === 'Hold nudges over the weekend');
             return Math.abs(status.getBoundingClientRect().top - box.getBoundingClientRect().top);",
        )
        .await;
    assert!(apart.as_f64().unwrap() < 30.0, "{apart} px apart");

    // "0730" is half past seven, shown as such and saved.
    desktop.fill("Quiet hours start", "0730").await;
    desktop.press(fantoccini::key::Key::Tab).await;
    desktop
        .wait_for_text(".rule-line:has(#quiet-from) .line-status", "Saved.")
        .await;
    let value = desktop
        .eval("return document.getElementById('quiet-from').value")
        .await;
    assert_eq!(value, "07:30");
    let settings = cli_json(&data_dir, NOW, &["settings", "show"]);
    assert_eq!(settings["quiet-from"], "07:30", "{settings}");

    // "9pm" and "21:00" are the same time.
    desktop.fill("Quiet hours end", "9pm").await;
    desktop.press(fantoccini::key::Key::Tab).await;
    let until = || async {
        desktop
            .eval("return document.getElementById('quiet-until').value")
            .await
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while until().await != "21:00" && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(until().await, "21:00");

    // A time that is not one says so beside the field, and saves nothing.
    desktop.fill("Quiet hours start", "25:00").await;
    desktop.press(fantoccini::key::Key::Tab).await;
    desktop
        .wait_for_text(
            ".rule-line:has(#quiet-from) .line-status",
            "Write a time of day like 07:30, 22:00 or 9pm.",
        )
        .await;
    let settings = cli_json(&data_dir, NOW, &["settings", "show"]);
    assert_eq!(settings["quiet-from"], "07:30", "{settings}");
    desktop.screenshot("settings-time-refused").await;

    // The user's own name, for their line on the agreement, kept without the spaces around it.
    desktop
        .fill(
            "Your name, beside your signature on a group's agreement",
            "  Robin Vale ",
        )
        .await;
    desktop.press(fantoccini::key::Key::Tab).await;
    desktop
        .wait_for_text(".rule-line:has(#your-name) .line-status", "Saved.")
        .await;
    let settings = cli_json(&data_dir, NOW, &["settings", "show"]);
    assert_eq!(settings["your-name"], "Robin Vale", "{settings}");
    desktop.quit().await;
}

#[tokio::test]
async fn a_keyboard_alone_ticks_logs_a_contact_takes_the_selfcheck_and_changes_a_setting() {
    use fantoccini::key::Key;
    let scratch = tempfile::tempdir().unwrap();
    let (desktop, data_dir) = launch(scratch.path()).await;
    desktop
        .wait_for_text(
            ".progress-text",
            "0 of 7 done since you started on Wednesday",
        )
        .await;

    // Tick an item (Tuesday's: done, it counts in the first week too).
    desktop.tab_to("A fifteen-minute walk outside").await;
    desktop.press(Key::Space).await;
    desktop
        .wait_for_text(
            ".progress-text",
            "1 of 8 done since you started on Wednesday",
        )
        .await;

    // Log a contact from the header's button, in the dialog.
    desktop.tab_to("Log contact").await;
    desktop.press(Key::Enter).await;
    desktop.find_css("dialog[open]").await;
    desktop.tab_to("Sam").await;
    desktop.press(Key::Space).await;
    desktop.tab_to("Yes, a real conversation").await;
    desktop.press(Key::Space).await;
    desktop.tab_to("Save contact").await;
    desktop.press(Key::Enter).await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "Today")
        .await;

    // Take the self-check: a radio group is one Tab stop, arrows move within it.
    desktop.tab_to("Self-check").await;
    desktop.press(Key::Enter).await;
    desktop.wait_for_heading("Self-check").await;
    desktop.tab_to("Yes").await;
    desktop.press(Key::Space).await;
    for _ in 0..2 {
        desktop.press(Key::Tab).await;
        desktop.press(Key::Space).await;
    }
    desktop.press(Key::Tab).await;
    for _ in 0..6 {
        desktop.press(Key::Right).await;
    }
    desktop.tab_to("Save self-check").await;
    desktop.press(Key::Enter).await;
    desktop
        .wait_for_text(".answers div:last-child dd", "7 of 10")
        .await;
    assert_eq!(
        desktop.texts(".answers dd").await,
        ["Yes", "Yes", "Yes", "7 of 10"]
    );

    // Change a setting.
    desktop.tab_to("Settings").await;
    desktop.press(Key::Enter).await;
    desktop.wait_for_heading("Settings").await;
    desktop.tab_to("Hold nudges over the weekend").await;
    desktop.press(Key::Space).await;
    desktop
        .wait_for_text(
            ".rule-line:has(#quiet-from) ~ .rule-line .line-status",
            "Saved.",
        )
        .await;
    let settings = cli_json(&data_dir, NOW, &["settings", "show"]);
    assert_eq!(settings["weekend-hold"], "off", "{settings}");
    desktop.quit().await;
}

#[tokio::test]
async fn closing_the_window_on_a_desktop_without_a_tray_minimises_it() {
    // A desktop with a window manager and no StatusNotifier host on its bus, as plain GNOME.
    let scratch = tempfile::tempdir().unwrap();
    let extras = Extras {
        window_manager: true,
        ..Extras::at(scratch.path(), NOW)
    };
    let desktop = Desktop::launch_with(&scratch.path().join("data"), extras).await;
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop
        .wait_for_text(
            "#no-tray",
            "This desktop shows no tray icons, so closing the window minimises Mooring instead: it keeps running, and nudges still arrive.",
        )
        .await;
    let text = desktop.screen_text().await;
    assert!(!text.contains("Keep Mooring in the tray"), "{text}");
    desktop
        .eval("document.getElementById('background-title').scrollIntoView(); return true;")
        .await;
    desktop.screenshot("settings-no-tray").await;

    desktop.close_window();
    wait_until("the window to be minimised", || {
        desktop.window_state().contains("Iconic")
    });
    let state = desktop.window_state();
    assert!(state.contains("_NET_WM_STATE_HIDDEN"), "{state}");
    // Mooring runs on, with its window where the user left it.
    assert_eq!(
        desktop.eval("return document.title").await,
        "Settings · Mooring"
    );
    desktop.quit().await;
}
