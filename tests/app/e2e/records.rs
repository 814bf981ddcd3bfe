//! The group's agreement and the consultation record, as a person meets them: started from the
//! template, signed for two peers, opened from Monday's checklist item, a record written from a
//! logged contact past the de-identification warning, a consultation prepared, and both saved
//! as pages to print. Save dialogs are answered through the test pick file.

use fantoccini::Locator;

use super::harness::{cli, cli_json, Extras};
use super::Desktop;

/// Tuesday 1 December 2026, 10:00 in Berlin.
const NOW: &str = "2026-12-01T10:00:00+01:00";

/// Extras with the test clock at [`NOW`] and a pick file, both in `scratch`.
fn extras(scratch: &std::path::Path) -> Extras {
    Extras::at(scratch, NOW).answering_dialogs(scratch)
}

/// Each record in the list as its day, kind and who, then its question.
async fn record_lines(desktop: &Desktop) -> Vec<String> {
    desktop.find(Locator::Css(".record-row")).await;
    let lines = desktop
        .eval(
            "return [...document.querySelectorAll('.record-row')].map((row) =>
               row.querySelector('.record-when').textContent + ': ' +
               row.querySelector('.record-question').textContent)",
        )
        .await;
    serde_json::from_value(lines).unwrap()
}

/// Goes to the Agreements and records screen.
async fn open_records(desktop: &Desktop) {
    desktop.click_button("Agreements and records").await;
    desktop.wait_for_heading("Agreements and records").await;
}

#[tokio::test]
async fn an_agreement_from_the_template_is_signed_by_two_peers_and_opens_from_the_checklist() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam", "--role", "buddy"]);
    cli(&data_dir, NOW, &["peer", "add", "Kim"]);
    cli(
        &data_dir,
        NOW,
        &["settings", "set", "your-name", "Robin Vale"],
    );
    let extras = extras(scratch.path());
    let pick = extras.pick_file.clone().unwrap();
    let desktop = Desktop::launch_with(&data_dir, extras).await;

    open_records(&desktop).await;
    desktop.screenshot("records-empty").await;
    desktop.fill("Group name", "Wednesday group").await;
    desktop.click_button("Start from the template").await;
    desktop
        .wait_for_text(
            "#agreements-title ~ p[role=status]",
            "Started “Wednesday group”.",
        )
        .await;
    let points = desktop.texts(".agreement .points li").await;
    assert_eq!(points.len(), 8, "{points:?}");
    assert!(
        points[3].contains("written consent of every member"),
        "{points:?}"
    );

    for peer in ["Sam", "Kim"] {
        desktop.choose("Add a member", peer).await;
        desktop.click_button("Add member").await;
        desktop
            .wait_for_text(
                "#agreements-title ~ p[role=status]",
                &format!("Added {peer}."),
            )
            .await;
    }
    assert_eq!(
        desktop.text(".agreement-status").await,
        "Not signed yet. Record each member's signature once the group has signed."
    );
    desktop.click_named("Sam signed today").await;
    desktop
        .wait_for_text(
            "#agreements-title ~ p[role=status]",
            "Recorded Sam's signature.",
        )
        .await;
    assert_eq!(
        desktop.text(".agreement-status").await,
        "1 of 2 signed; waiting for Kim."
    );
    // Kim signed at last week's meeting.
    desktop.click_named("Kim signed on another day").await;
    desktop.fill("Day Kim signed", "2026-11-25").await;
    desktop.click_button_in(".member-day", "Save").await;
    desktop
        .wait_for_text(
            "#agreements-title ~ p[role=status]",
            "Recorded Kim's signature.",
        )
        .await;
    // The user signs too: the agreement is their own commitment first.
    desktop.click_named("You signed today").await;
    desktop
        .wait_for_text(
            "#agreements-title ~ p[role=status]",
            "Recorded your signature.",
        )
        .await;
    desktop.screenshot("records-agreement").await;
    let members = desktop
        .eval(
            "return [...document.querySelectorAll('.member-row')].map((row) =>
               row.querySelector('.member-name').textContent + ': ' +
               row.querySelector('p:nth-child(2)').textContent)",
        )
        .await;
    assert_eq!(
        members,
        serde_json::json!([
            "You (Robin Vale): Signed 1 December 2026",
            "Kim: Signed 25 November 2026",
            "Sam: Signed 1 December 2026"
        ])
    );
    assert_eq!(
        desktop.text(".agreement-status").await,
        "Signed by all 3. Sign it again together by 25 November 2027."
    );
    desktop.screenshot("records-agreement").await;
    // Printed, it is the saved page's sheet alone: the commitments, a signature line for each
    // signer and two spare, and none of the window around it.
    let printed = desktop.print_from("Print…", "print-agreement").await;
    assert!(printed.contains("Confidentiality agreement"), "{printed}");
    assert!(printed.contains("We agree"), "{printed}");
    for signer in ["Robin Vale", "Kim", "Sam", "25 November 2026"] {
        assert!(printed.contains(signer), "{signer}: {printed}");
    }
    assert!(!printed.contains("Agreements and records"), "{printed}");
    assert!(!printed.contains("Edit the text"), "{printed}");

    // Monday's checklist item opens it.
    desktop.click_button("Home").await;
    desktop.wait_for_heading("Week 49").await;
    desktop.click_button("Open the agreement").await;
    desktop.wait_for_heading("Agreements and records").await;
    desktop
        .wait_for_text(".agreement-name", "Wednesday group")
        .await;

    // Saved as a page to print and sign, with each member's line.
    let page = scratch.path().join("Wednesday group agreement.html");
    std::fs::write(&pick, page.to_str().unwrap()).unwrap();
    desktop
        .click_button_in(".agreement", "Save as a page…")
        .await;
    desktop
        .wait_for_text(
            "#agreements-title ~ p[role=status]",
            &format!("Saved a page to print and sign: {}", page.display()),
        )
        .await;
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<li>").count(), 8);
    assert!(
        html.contains(
            "<tr><td>Robin Vale</td><td class=\"line\"></td><td>1 December 2026</td></tr>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>Kim</td><td class=\"line\"></td><td>25 November 2026</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>Sam</td><td class=\"line\"></td><td>1 December 2026</td></tr>"),
        "{html}"
    );
    desktop.open_saved_page(&page).await;
    desktop
        .find(Locator::XPath("//h1[normalize-space()='Wednesday group']"))
        .await;
    desktop.screenshot("records-agreement-page").await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_record_from_a_logged_contact_passes_the_de_identification_warning_and_prints() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam", "--role", "buddy"]);
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
    let extras = extras(scratch.path());
    let pick = extras.pick_file.clone().unwrap();
    let desktop = Desktop::launch_with(&data_dir, extras).await;

    open_records(&desktop).await;
    desktop.click_button("New record").await;
    desktop
        .choose("Logged contact", "Call with Sam, 30 November 2026")
        .await;
    desktop
        .fill(
            "The question",
            "Should I keep seeing my client, Maria Lopez, after her move?",
        )
        .await;
    desktop
        .fill(
            "Options considered",
            "Continue online; refer to a colleague near her new home",
        )
        .await;
    desktop
        .fill("Decision", "Continue online for three months, then review")
        .await;
    desktop.click_button("Save record").await;
    desktop
        .wait_for_text(
            ".record-problem .warning",
            "This looks like it holds a client's details: a client's name (\"client, Maria Lopez\") \
             in the question. Take them out, or save it anyway. Mooring is for your own notes.",
        )
        .await;
    desktop.screenshot("records-warning").await;
    // The warning offers to save anyway; taking the name out saves it as a normal record.
    desktop
        .find(Locator::XPath("//button[normalize-space()='Save anyway']"))
        .await;
    desktop
        .fill(
            "The question",
            "Should I keep seeing a client after they move away?",
        )
        .await;
    desktop.click_button("Save record").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=records-title] > p[role=status]",
            "Saved the record of 30 November 2026.",
        )
        .await;
    assert_eq!(
        record_lines(&desktop).await,
        ["30 November 2026 · Peer consultation with Sam: Should I keep seeing a client after they move away?"]
    );

    // Prepared before the next one: what you want, the question, then written up later.
    desktop.click_button("Prepare a consultation").await;
    // Every intention the window offers is one the core takes.
    for want in [
        "Advice",
        "Resources",
        "Emotional support",
        "Clinical brainstorming",
        "Venting",
        "Accountability",
    ] {
        desktop.click_label(want).await;
    }
    desktop
        .fill(
            "The question, in one sentence",
            "How do I pace my caseload in December?",
        )
        .await;
    desktop.screenshot("records-prepare").await;
    desktop.click_button("Save for the consultation").await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=records-title] > p[role=status]",
            "Saved. After the consultation, use “Write it up” to finish the record.",
        )
        .await;
    assert_eq!(
        record_lines(&desktop).await,
        [
            "1 December 2026 · Peer consultationBeing prepared: How do I pace my caseload in December?",
            "30 November 2026 · Peer consultation with Sam: Should I keep seeing a client after they move away?",
        ]
    );
    let records = cli_json(&data_dir, NOW, &["consult", "list"]);
    assert_eq!(
        records[0]["wants"],
        serde_json::json!([
            "advice",
            "resources",
            "emotional-support",
            "clinical-brainstorming",
            "venting",
            "accountability"
        ]),
        "{records}"
    );
    desktop.click_button("Write it up").await;
    desktop
        .wait_for_text("#record-form-title", "Write up the consultation")
        .await;
    let question = desktop
        .eval("return document.querySelector('#record-question').value")
        .await;
    assert_eq!(question, "How do I pace my caseload in December?");
    desktop.click_button("Cancel").await;

    // Search, then the page to print.
    desktop.fill("Search records", "MOVE AWAY").await;
    desktop.wait_until_gone(".record-row + .record-row").await;
    assert_eq!(record_lines(&desktop).await.len(), 1);
    desktop.screenshot("records-list").await;
    let page = scratch.path().join("consultation record.html");
    std::fs::write(&pick, page.to_str().unwrap()).unwrap();
    desktop
        .click_button_in(".records-filters", "Save as a page…")
        .await;
    desktop
        .wait_for_text(
            "section[aria-labelledby=records-title] > p[role=status]",
            &format!("Saved a page to print: {}", page.display()),
        )
        .await;
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("1 consultation"), "{html}");
    assert!(
        html.contains("<dt>Decision</dt><dd>Continue online for three months, then review</dd>")
    );
    assert!(
        !html.contains("caseload in December"),
        "the search chose what to print"
    );
    desktop.open_saved_page(&page).await;
    desktop
        .find(Locator::XPath(
            "//h1[normalize-space()='Consultation record']",
        ))
        .await;
    desktop.screenshot("records-page").await;
    desktop.quit().await;
}

#[tokio::test]
async fn a_signature_13_months_old_brings_one_neutral_nudge_and_home_opens_the_agreement() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    cli(&data_dir, NOW, &["peer", "add", "Sam", "--role", "buddy"]);
    for rule in ["contact-lapse", "heavy-week-lapse", "selfcheck-due"] {
        cli(&data_dir, NOW, &["settings", "set", rule, "off"]);
    }
    cli(
        &data_dir,
        NOW,
        &["agreement", "new", "Wednesday group", "--from-template"],
    );
    cli(
        &data_dir,
        NOW,
        &[
            "agreement",
            "sign",
            "Wednesday group",
            "--peer",
            "Sam",
            "--on",
            "2025-11-01",
        ],
    );
    let extras = Extras {
        notifications: true,
        ..Extras::at(scratch.path(), NOW)
    };
    let desktop = Desktop::launch_with(&data_dir, extras).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut arrived = desktop.notifications();
    while arrived.is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        arrived = desktop.notifications();
    }
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(arrived[0].summary, "Time to re-sign the group's agreement");
    assert_eq!(
        arrived[0].body,
        "Time to re-read your group's agreement together and sign it again."
    );

    desktop
        .wait_for_text(".nudge h2", "Time to re-sign the group's agreement")
        .await;
    desktop.screenshot("records-nudge").await;
    desktop
        .click_button_in(".nudge", "Open the agreement")
        .await;
    desktop.wait_for_heading("Agreements and records").await;
    desktop
        .wait_for_text(
            ".agreement-status",
            "Sign again A year has passed since the oldest signature (due 1 November 2026).",
        )
        .await;
    // Signing again answers it: Home no longer asks.
    desktop.click_named("Sam signed today").await;
    desktop
        .wait_for_text(
            ".agreement-status",
            "Signed. Sign it again together by 1 December 2027.",
        )
        .await;
    desktop.click_button("Home").await;
    desktop.wait_for_heading("Week 49").await;
    desktop.wait_until_gone(".nudge").await;
    desktop.quit().await;
}
