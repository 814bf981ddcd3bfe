//! The biweekly self-check as a person takes it: from Home's card to the result and the history.

use super::harness::cli;
use super::Desktop;

#[tokio::test]
async fn take_the_selfcheck_see_the_index_suggestions_and_history() {
    // A buddy who can debrief within 72 hours, so the form has something from the log to show.
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let monday = "2026-11-23T10:00:00+01:00";
    cli(
        &data_dir,
        monday,
        &[
            "peer",
            "add",
            "Ada",
            "--stage",
            "senior",
            "--role",
            "buddy",
            "--debrief",
        ],
    );

    let desktop = Desktop::launch_at(&data_dir, monday).await;
    desktop
        .wait_for_text("[data-figure=selfcheck] .figure-value", "Due")
        .await;
    desktop.click_button("Take it now").await;
    desktop.wait_for_heading("Self-check").await;
    let form = desktop.text("form.selfcheck-form").await;
    assert!(
        form.contains(
            "1 peer is marked as available to debrief within 72 hours, and you have a buddy."
        ),
        "{form}"
    );
    assert!(
        form.contains("Career stages in your network: senior."),
        "{form}"
    );
    assert!(
        form.contains("Your log shows no substantive peer conversations in the last 14 days."),
        "{form}"
    );

    // Saving with answers missing says so beside each of them and saves nothing; an answer
    // takes its question's message away.
    desktop.answer("beyond scheduling or billing", "Yes").await;
    desktop.click_button("Save self-check").await;
    let missing = "Choose an answer to this question.";
    desktop
        .wait_for_text(
            "[data-answer=debrief_within_72h] .question-problem",
            missing,
        )
        .await;
    assert_eq!(
        desktop.texts(".question-problem").await,
        ["", missing, missing, missing]
    );
    desktop.answer("debrief with confidentially", "No").await;
    assert_eq!(
        desktop.texts(".question-problem").await,
        ["", "", missing, missing]
    );
    desktop.answer("different career stages", "Yes").await;
    desktop.answer("relational safety net", "7").await;
    desktop.screenshot("selfcheck-form").await;
    desktop.click_button("Save self-check").await;

    desktop.wait_for_text(".index-value", "67 of 100").await;
    assert_eq!(
        desktop.texts(".answers dt").await,
        [
            "Talked beyond logistics",
            "Someone to debrief with in 72 hours",
            "Peers at other career stages",
            "Safety net in heavy weeks"
        ]
    );
    assert_eq!(
        desktop.texts(".answers dd").await,
        ["Yes", "No", "Yes", "7 of 10"]
    );
    let suggestions = desktop.texts(".suggestions li").await;
    assert_eq!(
        suggestions.len(),
        1,
        "one suggestion per gap: {suggestions:?}"
    );
    assert!(
        suggestions[0].starts_with("Name a debrief buddy"),
        "{suggestions:?}"
    );
    desktop.screenshot("selfcheck-result").await;

    assert_eq!(desktop.texts("table.history tbody tr").await.len(), 1);
    let row = desktop.texts("table.history tbody td").await;
    assert_eq!(row[1..], ["67", "–", "Yes", "No", "Yes", "7 of 10"]);
    desktop
        .eval("document.getElementById('history-title').scrollIntoView()")
        .await;
    desktop.screenshot("selfcheck-history").await;

    // Home no longer says it is due; it says when the next one is.
    desktop.click_button("Home").await;
    desktop
        .wait_for_text("[data-figure=selfcheck] .figure-value", "In 14 days")
        .await;
    let card = desktop.text("[data-figure=selfcheck]").await;
    assert!(!card.contains("Due"), "{card}");
    desktop.quit().await;
}
