//! The window opens on this week and every screen is one click away.

use super::Desktop;

/// Wednesday of week 48 of 2026, on the test clock.
const NOW: &str = "2026-11-25T10:00:00+01:00";

/// The app on a fresh data folder in `scratch`, on the test clock at [`NOW`].
async fn launch(scratch: &std::path::Path) -> Desktop {
    Desktop::launch_at(&scratch.join("data"), NOW).await
}

#[tokio::test]
async fn home_shows_this_week_and_every_screen_opens_by_its_label() {
    let scratch = tempfile::tempdir().unwrap();
    let desktop = launch(scratch.path()).await;

    desktop.wait_for_heading("Week 48").await;
    let home = desktop.screen_text().await;
    assert!(home.contains("Peer contact"), "{home}");
    assert!(home.contains("None logged yet"), "{home}");
    desktop.screenshot("home").await;

    for (label, heading, file) in [
        ("Peers", "Peers", "peers"),
        ("Self-check", "Self-check", "selfcheck"),
        ("Trends", "Trends", "trends"),
        ("Settings", "Settings", "settings"),
    ] {
        desktop.click_button(label).await;
        desktop.wait_for_heading(heading).await;
        let text = desktop.screen_text().await;
        assert!(
            !text.contains("checklist items done this week"),
            "{label} still shows Home: {text}"
        );
        desktop.screenshot(file).await;
    }

    desktop.click_button("Home").await;
    desktop.wait_for_heading("Week 48").await;
    desktop.quit().await;
}

#[tokio::test]
async fn the_app_uses_the_data_folder_it_was_given() {
    let scratch = tempfile::tempdir().unwrap();
    let desktop = launch(scratch.path()).await;
    desktop.wait_for_heading("Week 48").await;
    let database = desktop.data_dir().join("mooring.sqlite3");
    assert!(database.is_file(), "no database at {}", database.display());
    desktop.quit().await;
}
