//! Peers, the contact log and the caseload as a person uses them.

use super::Desktop;

#[tokio::test]
async fn add_a_peer_log_contacts_and_see_a_heavy_week() {
    let desktop = Desktop::launch().await;

    // Add a peer on the Peers screen.
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.click_button("Add a peer").await;
    desktop.fill("Name", "Sam").await;
    desktop.click_label("Buddy").await;
    desktop
        .click_label("Available for a confidential debrief within 72 hours")
        .await;
    desktop.click_button("Add peer").await;
    desktop.wait_for_text(".inline-ok", "Added Sam.").await;

    // Log a contact from Home; the days-since figure updates at once.
    desktop.click_button("Home").await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "None logged yet")
        .await;
    desktop.click_button("Log contact").await;
    desktop.click_label("Sam").await;
    desktop.screenshot("log-contact-dialog").await;
    desktop.click_button("Save contact").await;
    desktop
        .wait_for_text("[data-figure=contact] .figure-value", "Today")
        .await;
    // A real conversation by message is what Tuesday's item asks for: the log ticks it.
    desktop
        .wait_for_text(".progress-text", "1 of 11 done")
        .await;
    assert!(
        desktop
            .is_ticked("Message a peer about a recent win or challenge")
            .await
    );

    // A peer item of the checklist offers to log the matching contact, with the buddy chosen
    // for a debrief, and ticking follows.
    desktop
        .click_label("A short debrief with your peer buddy")
        .await;
    desktop
        .wait_for_text("#log-contact-title", "Log a peer contact")
        .await;
    let dialog = desktop.text("dialog").await;
    assert!(dialog.contains("Saving this also ticks"), "{dialog}");
    assert!(desktop.is_ticked("Sam").await, "the buddy is chosen");
    desktop.screenshot("log-contact-debrief").await;
    desktop.click_button("Save contact").await;
    desktop
        .wait_for_text(".progress-text", "2 of 11 done")
        .await;
    assert!(
        desktop
            .is_ticked("A short debrief with your peer buddy")
            .await
    );

    // A heavy caseload raises the banner.
    desktop.fill("Client sessions this week", "30").await;
    desktop.click_button("Save").await;
    desktop
        .wait_for_text(
            ".banner",
            "This is a heavy week. Keep one peer conversation protected, like a client hour.",
        )
        .await;
    desktop
        .wait_for_text("[data-figure=caseload] .figure-value", "30 sessions")
        .await;
    desktop.screenshot("home-heavy-week").await;

    // The timeline shows both contacts, newest first, and Sam's last contact.
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop
        .wait_for_text(".entry .entry-main strong", "Buddy debrief")
        .await;
    let peers = desktop.screen_text().await;
    assert!(peers.contains("In touch today"), "{peers}");
    assert_eq!(peers.matches("Message with Sam").count(), 1, "{peers}");
    assert_eq!(
        peers.matches("Buddy debrief with Sam").count(),
        1,
        "{peers}"
    );
    desktop.screenshot("peers").await;

    // Edit a logged contact from the timeline.
    desktop.click_button_in(".timeline", "Edit").await;
    desktop
        .wait_for_text("#log-contact-title", "Edit contact")
        .await;
    desktop.fill("Minutes", "20").await;
    desktop.click_button("Save changes").await;
    desktop
        .wait_for_text(".entry .entry-main .small", "20 min")
        .await;

    // A note that looks like it names a client is flagged; the user may still save it.
    desktop.click_button("Log contact").await;
    desktop.click_label("Sam").await;
    desktop
        .expand("When, what you wanted, minutes and a note (optional)")
        .await;
    desktop.fill("Note", "Talked about client Maria").await;
    desktop.click_button("Save contact").await;
    let warning = desktop.text(".dialog .warning").await;
    assert!(
        warning.contains(
            "This looks like it holds a client's details: a client's name (\"client Maria\")"
        ),
        "{warning}"
    );
    desktop.screenshot("log-contact-warning").await;
    desktop.click_button("Save anyway").await;
    desktop
        .wait_for_text(".entry .note", "Talked about client Maria")
        .await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_clients_details_in_a_peers_dual_role_are_marked_and_saved_only_anyway() {
    let desktop = Desktop::launch().await;
    desktop.click_button("Peers").await;
    desktop.wait_for_heading("Peers").await;
    desktop.click_button("Add a peer").await;
    desktop.fill("Name", "Kim").await;
    desktop
        .fill(
            "Dual role (optional)",
            "also the sister of my client Jane Smith",
        )
        .await;
    desktop.click_button("Add peer").await;
    let warning = desktop.text(".peer-form .warning").await;
    assert!(
        warning.contains("a client's name (\"client Jane Smith\") in the dual role"),
        "{warning}"
    );
    // The find is marked where it is: the field flagged, the words selected in it.
    let marked = desktop
        .eval(
            "const field = document.activeElement; \
             return [field.id, field.getAttribute('aria-invalid'), \
                     field.value.slice(field.selectionStart, field.selectionEnd)];",
        )
        .await;
    assert_eq!(
        marked,
        serde_json::json!(["peer-dual-role", "true", "client Jane Smith"])
    );
    desktop.screenshot("peer-dual-role-warning").await;
    desktop.click_button("Save anyway").await;
    desktop.wait_for_text(".inline-ok", "Added Kim.").await;
    desktop.quit().await;
}
