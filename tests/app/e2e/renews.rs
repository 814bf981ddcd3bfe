//! Contact that renews, as a person meets it: saying how a contact left you (the morning after,
//! and in the log dialog), "What renews you" on demo data, and a fortnightly group set in the
//! first run that Home leaves out in its off weeks.

use super::harness::{cli, cli_json, Extras};
use super::Desktop;

/// Tuesday 1 December 2026, 10:00 in Berlin: week 49.
const NOW: &str = "2026-12-01T10:00:00+01:00";

#[tokio::test]
async fn a_contact_is_rated_the_morning_after_and_in_the_log_dialog() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(
        &data_dir,
        NOW,
        &["peer", "add", "Sam", "--role", "buddy", "--debrief"],
    );
    cli(
        &data_dir,
        NOW,
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
    let desktop = Desktop::launch_with(&data_dir, Extras::at(scratch.path(), NOW)).await;
    desktop
        .wait_for_text("#rating-title", "How did you leave Monday's call with Sam?")
        .await;
    desktop.screenshot("renews-morning-after").await;
    desktop.press_and_release("Renewed").await;
    desktop.wait_until_gone("#rating-title").await;
    let contacts = cli_json(&data_dir, NOW, &["contact", "list"]);
    assert_eq!(contacts[0]["energy"], "renewed");

    // In the dialog: what you wanted, and how you left it, in one tap each.
    desktop.click_button("Log contact").await;
    desktop.click_label("Sam").await;
    desktop.answer("How did you leave it?", "Drained").await;
    desktop
        .expand("When, what you wanted, minutes and a note (optional)")
        .await;
    desktop.click_label("Venting").await;
    desktop.click_label("Emotional support").await;
    desktop.screenshot("renews-log-dialog").await;
    desktop.press_and_release("Save contact").await;
    desktop.wait_until_gone("dialog[open]").await;
    let contacts = cli_json(&data_dir, NOW, &["contact", "list"]);
    assert_eq!(contacts[0]["energy"], "drained");
    assert_eq!(
        contacts[0]["intentions"],
        serde_json::json!(["emotional-support", "venting"])
    );

    // The timeline says so.
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    let tags = desktop.texts(".entry .tag").await;
    for tag in [
        "Emotional support",
        "Venting",
        "Left drained",
        "Left renewed",
    ] {
        assert!(tags.iter().any(|t| t == tag), "{tag} in {tags:?}");
    }

    // After a hard session: whom to ask, the buddy first.
    desktop.click_button("Home").await;
    desktop.wait_for_heading("Week 49").await;
    desktop.click_button("Hard session, need a debrief").await;
    desktop
        .wait_for_text(
            "#debrief-title",
            "A hard session: who can you talk it through with?",
        )
        .await;
    let proposed = desktop
        .eval("return [...document.querySelectorAll('.debrief-peers li')].map((li) => li.querySelector('.peer-name-text').textContent)")
        .await;
    assert_eq!(proposed, serde_json::json!(["Sam"]));
    desktop.screenshot("renews-debrief").await;
    desktop.quit().await;
}

#[tokio::test]
async fn what_renews_you_on_a_year_of_demo_data() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["demo-data", "--years", "1"]);
    let desktop = Desktop::launch_with(&data_dir, Extras::at(scratch.path(), NOW)).await;
    desktop.click_button("Trends").await;
    desktop.wait_for_heading("Trends").await;
    desktop.click_button("1 year").await;
    desktop.find_css(".stack[data-range='1y']").await;
    let summary = desktop.text(".renewal .summary").await;
    assert!(summary.starts_with("You said how "), "{summary}");
    assert!(
        summary.contains("Buddy debriefs renewed you most"),
        "{summary}"
    );
    let captions = desktop.texts(".renewal caption").await;
    assert_eq!(captions, ["By kind", "With the group", "By peer"]);
    let rows = desktop.texts(".renewal tbody th").await;
    assert!(rows.iter().any(|row| row == "Buddy debriefs"), "{rows:?}");
    assert!(
        rows.iter().any(|row| row == "The consultation group"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|row| row == "Sam"), "{rows:?}");
    desktop
        .eval("document.querySelector('.renewal').scrollIntoView({ block: 'start' })")
        .await;
    desktop.screenshot("renews-trends").await;

    // The demo group meets every other week: Settings says so.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    let tags = desktop.texts(".template-row .tag").await;
    assert!(tags.iter().any(|tag| tag == "Every 2 weeks"), "{tags:?}");
    desktop.quit().await;
}

#[tokio::test]
async fn a_fortnightly_group_set_in_the_first_run_is_left_out_of_its_off_weeks() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let desktop = Desktop::launch_with(&data_dir, Extras::at(scratch.path(), NOW)).await;
    desktop
        .wait_for_text("#welcome-title", "Who do you turn to?")
        .await;
    desktop.fill("Your buddy", "Sam").await;
    desktop.click_button("Next").await;
    desktop.wait_for_text("#welcome-title", "Your week").await;
    desktop.choose("How often it meets", "Every 2 weeks").await;
    desktop.choose("It next meets", "Next week").await;
    desktop.screenshot("renews-first-run").await;
    desktop.click_button("Next").await;
    desktop.wait_for_text("#welcome-title", "Nudges").await;
    desktop.click_button("Finish").await;
    desktop.wait_until_gone(".welcome").await;

    let group = "Peer consultation group, protected like a client hour";
    let items = desktop.texts(".checklist .item label").await;
    assert!(
        !items.iter().any(|item| item == group),
        "week 49 is an off week: {items:?}"
    );
    assert_eq!(
        desktop.text(".progress-text").await,
        "0 of 8 done since you started on Tuesday"
    );
    desktop.click_button("Next week ›").await;
    desktop
        .wait_for_text("#checklist-title", "Self-care, Week 50")
        .await;
    let items = desktop.texts(".checklist .item label").await;
    assert!(
        items.iter().any(|item| item == group),
        "week 50 meets: {items:?}"
    );
    desktop.screenshot("renews-group-week").await;
    let template = cli_json(&data_dir, NOW, &["template", "list"]);
    let item = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["contact_kind"] == "group")
        .unwrap()
        .clone();
    assert_eq!(item["rhythm"], "every-2-from-2026-W50");
    desktop.quit().await;
}
