//! A window a person can trust: one press and release is one click, bad values get a message
//! beside their field, and long content stays inside its panel.

use super::harness::{cli, cli_json};
use super::Desktop;

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
    desktop.click_label("Sam").await;
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
    assert_eq!(status["caseload"], 24);
    assert_eq!(status["first_run"], false);
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
            ".peer-form [role=alert]",
            "Keep a peer's name to 100 characters; this one has 137.",
        )
        .await;
    let peers = cli_json(&data_dir, NOW, &["peer", "list"]);
    assert_eq!(peers.as_array().unwrap().len(), 1, "only Sam");
    desktop.quit().await;
}
