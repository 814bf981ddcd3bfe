//! Every screen and dialog, on ten years of data with long names and notes, at the smallest and a
//! large window, in light and dark: no serious or critical accessibility violation (axe-core),
//! nothing scrolls sideways, and no control leaves its panel. A screenshot of each is kept.

use super::harness::{cli, damage_database, Extras};
use super::Desktop;

const NOW: &str = "2026-11-25T10:00:00+01:00";

/// The longest peer name Mooring takes (100 characters), and a note of 2,000 holding a long URL.
fn long_content(data_dir: &std::path::Path) {
    cli(data_dir, NOW, &["demo-data", "--years", "10"]);
    let name = format!("Dr. Alexandra {}", "Montgomery-Fitzwilliam-".repeat(5));
    let name = &name[..100];
    cli(data_dir, NOW, &["peer", "add", name]);
    let url = format!(
        "https://example.org/{}",
        "consultation-circle-resources-and-readings/".repeat(8)
    );
    let note = format!(
        "{url} {}",
        "Talked through boundaries and rest. ".repeat(60)
    );
    let note = &note[..2000];
    cli(
        data_dir,
        NOW,
        &[
            "contact", "log", "--kind", "call", "--peer", name, "--note", note, "--anyway",
        ],
    );
    // Home's asks: how a call with them left you, a group that keeps draining, and (opened
    // below) the debrief card, where they can debrief too.
    cli(data_dir, NOW, &["peer", "edit", name, "--debrief", "yes"]);
    cli(
        data_dir,
        NOW,
        &[
            "contact",
            "log",
            "--kind",
            "video",
            "--peer",
            name,
            "--at",
            "2026-11-24T18:00:00+01:00",
        ],
    );
    for hour in ["12", "13", "14"] {
        cli(
            data_dir,
            NOW,
            &[
                "contact",
                "log",
                "--group",
                "--kind",
                "group",
                "--energy",
                "drained",
                "--at",
                &format!("2026-11-23T{hour}:00:00+01:00"),
            ],
        );
    }
    // The group's agreement with that name among its members, and a long consultation record.
    let group =
        "The Wednesday afternoon consultation circle of the North Riverside practices, since 2019";
    cli(
        data_dir,
        NOW,
        &["agreement", "new", group, "--from-template"],
    );
    cli(
        data_dir,
        NOW,
        &[
            "agreement",
            "sign",
            group,
            "--peer",
            name,
            "--on",
            "2025-11-03",
        ],
    );
    cli(
        data_dir,
        NOW,
        &[
            "consult",
            "add",
            "--peer",
            name,
            "--question",
            note,
            "--decision",
            note,
            "--follow-up",
            "2026-12-01",
            "--anyway",
        ],
    );
}

/// The window sizes every screen must fit: the smallest Mooring allows, and a large one.
const SIZES: [(u32, u32); 2] = [(760, 560), (1920, 1080)];

/// Audits what the window shows now, as `name`: its screenshot, then every accessibility
/// violation and layout problem, each prefixed with `name`.
async fn audit_here(desktop: &Desktop, name: &str) -> Vec<String> {
    desktop.screenshot(name).await;
    let mut problems = desktop.accessibility_violations().await;
    problems.extend(desktop.layout_problems().await);
    problems
        .into_iter()
        .map(|problem| format!("{name}: {problem}"))
        .collect()
}

async fn resize(desktop: &Desktop, (width, height): (u32, u32)) {
    desktop
        .client()
        .set_window_size(width, height)
        .await
        .expect("the window resizes");
}

/// Audits what the window shows, as `screen`, at every size, then closes the app.
async fn audit_at_every_size(desktop: Desktop, theme: &str, screen: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for size in SIZES {
        resize(&desktop, size).await;
        let name = format!("audit-{theme}-{}-{screen}", size.0);
        problems.extend(audit_here(&desktop, &name).await);
    }
    desktop.quit().await;
    problems
}

async fn audit_every_screen(desktop: &Desktop, theme: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for size in SIZES {
        let width = size.0;
        resize(desktop, size).await;
        for screen in [
            "Home",
            "Peers",
            "Agreements and records",
            "Self-check",
            "Trends",
            "Settings",
        ] {
            desktop.click_button(screen).await;
            desktop.wait_for_heading_change().await;
            let name = format!(
                "audit-{theme}-{width}-{}",
                screen.to_lowercase().replace(' ', "-")
            );
            problems.extend(audit_here(desktop, &name).await);
        }
        // Home with everything it may ask at once, and one offer at a time: the morning-after
        // question, while the suggestion waits its turn.
        desktop.click_button("Home").await;
        desktop.wait_for_heading_change().await;
        desktop.click_button("Hard session, need a debrief").await;
        desktop.find_css("#debrief-title").await;
        desktop.find_css("#rating-title").await;
        assert!(!desktop.is_present("[data-suggestion]").await);
        let name = format!("audit-{theme}-{width}-home-asks");
        problems.extend(audit_here(desktop, &name).await);
        desktop.click_button_in(".debrief", "Close").await;
        desktop.wait_until_gone("#debrief-title").await;
        // The consultation record's form, open on the long record.
        desktop.click_button("Agreements and records").await;
        desktop.wait_for_heading_change().await;
        desktop.click_button("Open").await;
        desktop.find_css(".record-form").await;
        let name = format!("audit-{theme}-{width}-record-form");
        problems.extend(audit_here(desktop, &name).await);
        // The Log-contact dialog, from Home.
        desktop.click_button("Home").await;
        desktop.wait_for_heading_change().await;
        desktop.click_button("Log contact").await;
        desktop.find_css("dialog[open]").await;
        let name = format!("audit-{theme}-{width}-log-contact");
        problems.extend(audit_here(desktop, &name).await);
        desktop.click_button("Cancel").await;
        desktop.wait_until_gone("dialog[open]").await;
    }
    problems
}

#[tokio::test]
async fn every_screen_is_accessible_and_fits_in_light_and_dark() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    long_content(&data_dir);
    let clock_file = scratch.path().join("clock");
    std::fs::write(&clock_file, NOW).unwrap();
    let mut problems = Vec::new();
    for dark in [false, true] {
        let desktop = Desktop::launch_with(
            &data_dir,
            Extras {
                clock_file: Some(clock_file.clone()),
                time_zone: Some("Europe/Berlin"),
                dark,
                ..Extras::default()
            },
        )
        .await;
        problems.extend(audit_every_screen(&desktop, if dark { "dark" } else { "light" }).await);
        desktop.quit().await;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn the_first_run_recovery_and_lock_screens_are_accessible_and_fit() {
    let scratch = tempfile::tempdir().unwrap();
    let clock_file = scratch.path().join("clock");
    std::fs::write(&clock_file, NOW).unwrap();
    let mut problems = Vec::new();
    for dark in [false, true] {
        let theme = if dark { "dark" } else { "light" };
        let extras = || Extras {
            clock_file: Some(clock_file.clone()),
            time_zone: Some("Europe/Berlin"),
            dark,
            ..Extras::default()
        };
        // An empty Mooring opens on the first run.
        let fresh = scratch.path().join(format!("fresh-{theme}"));
        let desktop = Desktop::launch_with(&fresh, extras()).await;
        desktop.find_css("#welcome-title").await;
        problems.extend(audit_at_every_size(desktop, theme, "first-run").await);

        // A damaged file opens the recovery screen.
        let damaged = scratch.path().join(format!("damaged-{theme}"));
        cli(&damaged, NOW, &["peer", "add", "Sam"]);
        cli(&damaged, NOW, &["backup", "create"]);
        damage_database(&damaged);
        let desktop = Desktop::launch_with(&damaged, extras()).await;
        desktop.wait_for_heading("Your data needs repair").await;
        problems.extend(audit_at_every_size(desktop, theme, "recovery").await);

        // Without a keyring: choosing a passphrase, then the lock screen.
        let guarded = scratch.path().join(format!("guarded-{theme}"));
        let no_keyring = || Extras {
            no_keyring: true,
            ..extras()
        };
        let desktop = Desktop::launch_with(&guarded, no_keyring()).await;
        desktop.wait_for_heading("Choose a passphrase").await;
        problems.extend(audit_here(&desktop, &format!("audit-{theme}-choose-passphrase")).await);
        desktop.choose_passphrase("harbour lights").await;
        desktop.quit().await;
        let desktop = Desktop::launch_with(&guarded, no_keyring()).await;
        desktop.wait_for_heading("Mooring is locked").await;
        problems.extend(audit_at_every_size(desktop, theme, "locked").await);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
