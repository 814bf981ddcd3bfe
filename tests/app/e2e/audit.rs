//! Every screen and dialog, on ten years of data with long names and notes, at the smallest and a
//! large window, in light and dark: no serious or critical accessibility violation (axe-core),
//! nothing scrolls sideways, and no control leaves its panel. A screenshot of each is kept.

use super::harness::{cli, Extras};
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
}

async fn audit_every_screen(desktop: &Desktop, theme: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (width, height) in [(760, 560), (1920, 1080)] {
        desktop
            .client()
            .set_window_size(width, height)
            .await
            .expect("the window resizes");
        for screen in ["Home", "Peers", "Self-check", "Trends", "Settings"] {
            desktop.click_button(screen).await;
            desktop.wait_for_heading_change().await;
            let name = format!("audit-{theme}-{width}-{}", screen.to_lowercase());
            desktop.screenshot(&name).await;
            for violation in desktop.accessibility_violations().await {
                problems.push(format!("{name}: {violation}"));
            }
            for problem in desktop.layout_problems().await {
                problems.push(format!("{name}: {problem}"));
            }
        }
        // The Log-contact dialog, from Home.
        desktop.click_button("Home").await;
        desktop.wait_for_heading_change().await;
        desktop.click_button("Log contact").await;
        desktop.find_css("dialog[open]").await;
        let name = format!("audit-{theme}-{width}-log-contact");
        desktop.screenshot(&name).await;
        for violation in desktop.accessibility_violations().await {
            problems.push(format!("{name}: {violation}"));
        }
        for problem in desktop.layout_problems().await {
            problems.push(format!("{name}: {problem}"));
        }
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
