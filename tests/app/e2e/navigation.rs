//! The window opens on this week and every screen is one click away.

use chrono::Datelike;

use super::Desktop;

#[tokio::test]
async fn home_shows_this_week_and_every_screen_opens_by_its_label() {
    let desktop = Desktop::launch().await;

    let this_week = chrono::Local::now().date_naive().iso_week().week();
    desktop.wait_for_heading(&format!("Week {this_week}")).await;
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
    desktop.wait_for_heading(&format!("Week {this_week}")).await;
    desktop.quit().await;
}

#[tokio::test]
async fn the_app_uses_the_data_folder_it_was_given() {
    let desktop = Desktop::launch().await;
    desktop
        .wait_for_heading(&format!(
            "Week {}",
            chrono::Local::now().date_naive().iso_week().week()
        ))
        .await;
    let database = desktop.data_dir().join("mooring.sqlite3");
    assert!(database.is_file(), "no database at {}", database.display());
    desktop.quit().await;
}
