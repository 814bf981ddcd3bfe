//! Trends with a year of demo data: every range draws four charts with their summaries.

use fantoccini::Locator;

use super::harness::cli;
use super::Desktop;

#[tokio::test]
async fn a_year_of_demo_data_in_every_range() {
    let scratch = tempfile::tempdir().unwrap();
    let data_dir = scratch.path().join("data");
    let now = "2026-11-25T10:00:00+01:00";
    cli(&data_dir, now, &["demo-data", "--years", "1"]);
    let desktop = Desktop::launch_at(&data_dir, now).await;
    desktop.click_button("Trends").await;
    desktop.wait_for_heading("Trends").await;
    for (label, range) in [
        ("6 months", "6m"),
        ("1 year", "1y"),
        ("All", "all"),
        ("12 weeks", "12w"),
    ] {
        desktop.click_button(label).await;
        desktop
            .find(Locator::Css(&format!(".stack[data-range='{range}']")))
            .await;
        let titles = desktop.texts(".chart-panel h2").await;
        assert_eq!(
            titles,
            [
                "Peer contact and caseload",
                "Connectedness",
                "Self-care checklist",
                "Contact calendar"
            ]
        );
        let summaries = desktop.texts(".chart-panel .summary").await;
        assert!(summaries[0].contains("peer contacts"), "{summaries:?}");
        assert!(
            summaries[1].starts_with("Your connectedness index "),
            "{summaries:?}"
        );
        assert!(summaries[2].contains("% of peer items"), "{summaries:?}");
        assert!(
            summaries[3].starts_with("Peer contact on "),
            "{summaries:?}"
        );
        // Each drawing carries its summary as its accessible text.
        let labels = desktop
            .eval("return [...document.querySelectorAll('.chart[role=img]')].map(c => c.getAttribute('aria-label'))")
            .await;
        assert_eq!(labels, serde_json::json!(summaries));
        // Every chart names a value on hover, and the axes carry years.
        let hovers = desktop
            .eval("return [...document.querySelectorAll('.chart')].map(c => c.querySelectorAll('title').length)")
            .await;
        assert!(
            hovers
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n.as_u64() > Some(0)),
            "{hovers}"
        );
        let years = desktop
            .eval("return [...document.querySelectorAll('[data-chart=contacts-caseload] svg text')].filter(t => /20[0-9][0-9]/.test(t.textContent)).length")
            .await;
        assert!(years.as_u64() > Some(1), "years on the axis: {years}");
        let period = desktop.text(".period").await;
        assert!(
            period.starts_with("From ") && period.ends_with(" to 25 November 2026."),
            "{period}"
        );
        desktop.screenshot(&format!("trends-{range}")).await;
    }
    desktop.quit().await;
}
