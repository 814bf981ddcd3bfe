//! The weekly checklist as a person uses it: tick by label, see the progress, restart, page
//! back a week, add an item in Settings and find it on Home.

use super::Desktop;

const WALK: &str = "A fifteen-minute walk outside";

#[tokio::test]
async fn ticks_persist_weeks_are_separate_and_template_items_reach_home() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    // Wednesday of week 48 of 2026, on the test clock.
    let desktop = Desktop::launch_at(&data_dir, "2026-11-25T10:00:00+01:00").await;
    // The first week counts from the day of first use: Monday's and Tuesday's items had no
    // Mooring to tick with, and count only once ticked.
    desktop
        .wait_for_text(
            ".progress-text",
            "0 of 7 done since you started on Wednesday",
        )
        .await;
    desktop
        .wait_for_text(
            "[data-figure=checklist] .figure-note",
            "checklist items done since you started on Wednesday",
        )
        .await;
    assert!(!desktop.is_ticked(WALK).await);
    desktop.click_label(WALK).await;
    desktop
        .wait_for_text(
            ".progress-text",
            "1 of 8 done since you started on Wednesday",
        )
        .await;
    assert!(desktop.is_ticked(WALK).await);
    // The figure at the top follows the tick.
    desktop
        .wait_for_text("[data-figure=checklist] .figure-value", "1 of 8")
        .await;
    desktop.screenshot("home-checklist").await;

    // A reflection note, through the keyboard-reachable "Add a note" button.
    desktop.click_button("Add a note").await;
    desktop
        .fill(
            "Note for: Reflect on one insight from a peer conversation this week",
            "Naming the stuck feeling helped.",
        )
        .await;
    desktop.click_button("Save note").await;
    desktop
        .wait_for_text(".item .note", "Naming the stuck feeling helped.")
        .await;
    desktop
        .wait_for_text(
            ".progress-text",
            "2 of 8 done since you started on Wednesday",
        )
        .await;
    desktop.screenshot("home-checklist-note").await;
    desktop.quit().await;

    // After a restart the ticks are still there.
    let desktop = Desktop::launch_at(&data_dir, "2026-11-25T18:00:00+01:00").await;
    desktop
        .wait_for_text(
            ".progress-text",
            "2 of 8 done since you started on Wednesday",
        )
        .await;
    assert!(desktop.is_ticked(WALK).await);

    // Last week is its own list. A second press at the same point, where "‹ Previous week"
    // was, goes back one more week: the week controls do not move under the pointer.
    let (x, y) = desktop.centre_of("‹ Previous week").await;
    desktop.press_and_release_at(x, y).await;
    desktop
        .wait_for_text("#checklist-title", "Self-care, Week 47")
        .await;
    desktop.press_and_release_at(x, y).await;
    desktop
        .wait_for_text("#checklist-title", "Self-care, Week 46")
        .await;
    desktop.click_button("Next week ›").await;
    desktop
        .wait_for_text("#checklist-title", "Self-care, Week 47")
        .await;
    // It is before Mooring was first used: the list shows, with nothing to tick and no count.
    desktop
        .wait_for_text(
            ".preview-note",
            "This is before you started with Mooring: here is the list, with nothing to tick.",
        )
        .await;
    assert!(!desktop.is_ticked(WALK).await);
    desktop.screenshot("home-checklist-before-first-use").await;
    desktop.click_button("This week").await;
    desktop
        .wait_for_text("#checklist-title", "This week's self-care")
        .await;

    // A new template item shows up on Home, this week.
    desktop.click_button("Settings").await;
    desktop.wait_for_heading("Settings").await;
    desktop.fill("New item", "Lunch with a colleague").await;
    desktop.click_button("Add item").await;
    desktop
        .wait_for_text(".inline-ok", "Added “Lunch with a colleague”.")
        .await;
    let text = desktop.screen_text().await;
    assert!(text.contains("Changes apply from this week"), "{text}");
    // Each peer item says what else ticks it, in its details.
    desktop
        .find(fantoccini::Locator::XPath(
            "//button[@aria-label='Edit “A short debrief with your peer buddy”']",
        ))
        .await
        .click()
        .await
        .unwrap();
    let friday_debrief = desktop
        .eval(
            "const link = document.querySelector('[aria-label=\"Contact that ticks “A short debrief with your peer buddy”\"]'); \
             return link.selectedOptions[0].textContent;",
        )
        .await;
    assert_eq!(friday_debrief, "Also ticked by a real buddy debrief");
    assert!(!text.contains("[object"), "{text}");
    desktop.screenshot("settings-template").await;

    desktop.click_button("Home").await;
    desktop.label("Lunch with a colleague").await;
    desktop
        .wait_for_text(
            ".progress-text",
            "2 of 9 done since you started on Wednesday",
        )
        .await;
    desktop.quit().await;
}
