//! The Trends charts: SVG that parses and holds what the data says, PNG that decodes at its size,
//! and summaries that are right for hand-made data.

use chrono::NaiveDate;
use mooring_core::charts::{
    calendar_summary, checklist_summary, connectedness_summary, contacts_summary, png,
    CALENDAR_CELL, CALENDAR_SIZE, SIZE,
};
use mooring_core::trends::{SelfCheckPoint, WeekTrend};
use mooring_core::{AnswerSheet, ChartName, Range, Store, Theme, Trends, Week};

use crate::support::{clock, contact, peer, store, week};

const PRIMARY: &str = "#2F6B66";
const LOGISTICS: &str = "#9CC7C0";
const SHADE: &str = "#FBEFDC";

/// How many `tag` elements in `svg` are filled with `fill`.
fn count(svg: &str, tag: &str, fill: &str) -> usize {
    let document = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    document
        .descendants()
        .filter(|node| {
            node.has_tag_name(tag)
                && node
                    .attribute("fill")
                    .is_some_and(|f| f.eq_ignore_ascii_case(fill))
        })
        .count()
}

/// A store at Monday of week 48 with three weeks of contacts, two caseloads and two self-checks.
fn seeded() -> (tempfile::TempDir, Store, mooring_core::FixedClock) {
    let (dir, mut store) = store();
    let now = clock("2026-11-23T10:00:00+01:00");
    let sam = store.add_peer(peer("Sam"), &now).unwrap().id;
    for (at, substantive) in [
        ("2026-11-10T12:00:00+01:00", true),
        ("2026-11-12T12:00:00+01:00", true),
        ("2026-11-13T12:00:00+01:00", false),
        ("2026-11-18T12:00:00+01:00", true),
        ("2026-11-23T09:00:00+01:00", true),
    ] {
        store
            .log_contact(
                contact(vec![sam], at, substantive),
                None,
                mooring_core::Guard::Check,
                &now,
            )
            .unwrap();
    }
    store
        .set_caseload(week("2026-W46"), Some(30), &now)
        .unwrap();
    store
        .set_caseload(week("2026-W47"), Some(20), &now)
        .unwrap();
    for (at, q4) in [
        ("2026-11-09T09:00:00+01:00", 4.0),
        ("2026-11-23T09:30:00+01:00", 7.0),
    ] {
        let sheet = AnswerSheet {
            talked_beyond_logistics: Some(true),
            debrief_within_72h: Some(false),
            mixed_career_stages: Some(true),
            safety_net: Some(q4),
        };
        store
            .take_selfcheck(
                sheet,
                Some(mooring_core::clock::parse_instant(at).unwrap()),
                &now,
            )
            .unwrap();
    }
    let w47 = store.checklist(week("2026-W47"), &now).unwrap();
    for item in w47.items.iter().take(4) {
        store
            .tick(item.id, None, mooring_core::Guard::Check, &now)
            .unwrap();
    }
    (dir, store, now)
}

#[test]
fn each_svg_holds_a_bar_point_or_cell_for_each_datum() {
    let (_dir, store, now) = seeded();
    let chart = |name| {
        store
            .chart(name, Range::Weeks12, Theme::Light, &now)
            .unwrap()
    };

    let contacts = chart(ChartName::ContactsCaseload).svg.unwrap();
    // One bar per week with substantive contacts (3), one per week with logistics (1), one shaded
    // heavy week (W46), each plus its legend swatch.
    assert_eq!(count(&contacts, "rect", PRIMARY), 3 + 1);
    assert_eq!(count(&contacts, "rect", LOGISTICS), 1 + 1);
    assert_eq!(count(&contacts, "rect", SHADE), 1 + 1);
    assert!(
        contacts.contains("font-size=\"15"),
        "text as large as the UI's body text"
    );

    let connectedness = chart(ChartName::Connectedness).svg.unwrap();
    assert_eq!(count(&connectedness, "circle", PRIMARY), 2);

    // Only W47's checklist was opened: one point for its peer items, one for its solo items.
    let checklist = chart(ChartName::Checklist).svg.unwrap();
    assert_eq!(
        count(&checklist, "circle", PRIMARY) + count(&checklist, "circle", "#B05F2A"),
        2
    );

    let calendar = chart(ChartName::Calendar).svg.unwrap();
    let document = roxmltree::Document::parse(&calendar).unwrap();
    let cells = document
        .descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("width") == Some(CALENDAR_CELL.to_string().as_str())
        })
        .count();
    // The calendar starts at first use (Monday 5 January): 46 whole weeks to Monday of week 48,
    // and today, and the four squares of the key. A year's worth of days before first use
    // would have read as neglect.
    assert_eq!(
        cells,
        46 * 7 + 1 + 4,
        "a cell a day from first use to today"
    );
}

#[test]
fn each_png_decodes_at_the_chart_size() {
    let (_dir, store, now) = seeded();
    for name in ChartName::ALL {
        let svg = store
            .chart(*name, Range::Weeks12, Theme::Dark, &now)
            .unwrap()
            .svg
            .unwrap();
        let image = resvg::tiny_skia::Pixmap::decode_png(&png(&svg).unwrap()).expect("a PNG");
        let size = if *name == ChartName::Calendar {
            CALENDAR_SIZE
        } else {
            SIZE
        };
        assert_eq!((image.width(), image.height()), size, "{name}");
    }
}

#[test]
fn too_little_data_says_what_to_log() {
    let (_dir, store) = store();
    let now = clock("2026-11-23T10:00:00+01:00");
    for name in ChartName::ALL {
        let chart = store.chart(*name, Range::All, Theme::Light, &now).unwrap();
        assert_eq!(chart.svg, None, "{name}");
        assert!(
            chart.summary.contains("Log")
                || chart.summary.contains("Take")
                || chart.summary.contains("Tick"),
            "{}",
            chart.summary
        );
    }
}

fn week_trend(number: u32, substantive: u32, logistics: u32, heavy: bool) -> WeekTrend {
    WeekTrend {
        week: Week::from_iso(2026, number).unwrap(),
        substantive,
        logistics,
        caseload: Some(if heavy { 30 } else { 18 }),
        heavy_week: heavy,
        peer_items: (1, 3),
        solo_items: (6, 8),
    }
}

fn trends(
    weeks: Vec<WeekTrend>,
    selfchecks: Vec<SelfCheckPoint>,
    calendar: Vec<(NaiveDate, u32)>,
) -> Trends {
    Trends {
        range: Range::Weeks12,
        weeks,
        selfchecks,
        calendar,
    }
}

#[test]
fn summaries_for_hand_made_data() {
    // 3 heavy weeks with 1 contact each; 5 others with 3, 3, 4, 3, 3 (3.2 on average).
    let mut weeks = vec![
        week_trend(40, 1, 0, true),
        week_trend(41, 0, 1, true),
        week_trend(42, 1, 0, true),
    ];
    for (number, contacts) in [(43, 3), (44, 3), (45, 4), (46, 3), (47, 3)] {
        weeks.push(week_trend(number, contacts - 1, 1, false));
    }
    let data = trends(weeks.clone(), vec![], vec![]);
    assert_eq!(
        contacts_summary(&data),
        "In your 3 heavy weeks you averaged 1.0 peer contacts, against 3.2 in other weeks."
    );
    assert_eq!(
        checklist_summary(&data),
        "Over these 8 weeks you ticked 33% of peer items and 75% of solo items."
    );

    let light = trends(weeks[3..5].to_vec(), vec![], vec![]);
    assert_eq!(
        contacts_summary(&light),
        "6 peer contacts over these 2 weeks, 4 of them beyond logistics."
    );

    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let point = |d, index, safety_net| SelfCheckPoint {
        day: day(d),
        index,
        safety_net,
    };
    assert_eq!(
        connectedness_summary(&trends(vec![], vec![point(2, 47, 4), point(16, 60, 6), point(30, 67, 7)], vec![])),
        "Your connectedness index went from 47 to 67 over 3 self-checks; your latest safety-net rating is 7 of 10."
    );
    assert_eq!(
        connectedness_summary(&trends(vec![], vec![point(2, 47, 4)], vec![])),
        "One self-check so far, with an index of 47 and a safety-net rating of 4 of 10."
    );
    assert_eq!(
        connectedness_summary(&trends(vec![], vec![point(2, 67, 6), point(16, 60, 6), point(30, 67, 7)], vec![])),
        "Your connectedness index is 67 again after 3 self-checks; your latest safety-net rating is 7 of 10."
    );

    // Contact on days 1, 2 and 10 of ten since first use: the longest stretch without is days
    // 3 to 9.
    let calendar = (1..=10)
        .map(|d| (day(d), u32::from(matches!(d, 1 | 2 | 10))))
        .collect();
    assert_eq!(
        calendar_summary(&trends(vec![], vec![], calendar)),
        "Peer contact on 3 of 10 days since you started; the longest stretch without was 7 days."
    );
    // A whole year: the last 364 days.
    let start = day(1);
    let calendar = (0..364)
        .map(|d| (start + chrono::Days::new(d), u32::from(d % 7 == 0)))
        .collect();
    assert_eq!(
        calendar_summary(&trends(vec![], vec![], calendar)),
        "Peer contact on 52 of the last 364 days; the longest stretch without was 6 days."
    );
}

#[test]
fn demo_data_then_a_chart_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-23T10:00:00+01:00";
    let made =
        crate::cli::mooring_cli_json(dir.path(), &["--now", now, "demo-data", "--years", "1"]);
    assert_eq!(made["weeks"], 52);
    assert!(made["heavy_weeks"].as_u64().unwrap() > 3, "{made}");
    assert!(made["selfchecks"].as_u64().unwrap() >= 25, "{made}");
    let out = dir.path().join("c.png");
    let output = crate::cli::mooring_cli(
        dir.path(),
        &[
            "--now",
            now,
            "chart",
            "contacts-caseload",
            "--out",
            out.to_str().unwrap(),
            "--range",
            "1y",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let image = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), SIZE);
    // Heavy weeks are shaded: some pixels carry the shade colour.
    let shaded = image
        .pixels()
        .iter()
        .filter(|p| (p.red(), p.green(), p.blue()) == (0xfb, 0xef, 0xdc))
        .count();
    assert!(shaded > 1000, "{shaded} shaded pixels");

    // Demo data goes only into an empty folder; a bad name or extension is one line.
    for (args, message) in [
        (&["demo-data"][..], "mooring-cli: This data folder already holds your data; demo data only goes into an empty one.\n"),
        (&["chart", "pie", "--out", "x.svg"][..], "mooring-cli: \"pie\" is not a chart. Use one of contacts-caseload, connectedness, checklist, calendar.\n"),
        (&["chart", "calendar", "--out", "x.gif"][..], "mooring-cli: x.gif should end in .svg or .png; the extension decides the format.\n"),
    ] {
        let output = crate::cli::mooring_cli(dir.path(), args);
        assert!(!output.status.success());
        assert_eq!(String::from_utf8(output.stderr).unwrap(), message);
    }
}
