//! The Trends charts: SVG that parses and holds what the data says, PNG that decodes at its size,
//! and summaries that are right for hand-made data.

use chrono::NaiveDate;
use mooring_core::charts::{
    calendar_size, calendar_summary, checklist_summary, connectedness_summary, contacts_summary,
    png, ExportFormat, CALENDAR_CELL, CALENDAR_SIZE, SIZE,
};
use mooring_core::trends::{SelfCheckPoint, WeekTrend};
use mooring_core::{AnswerSheet, ChartName, Range, Store, Theme, Trends, Week};

use crate::support::{clock, contact, peer, store, store_first_used_at, week};

const PRIMARY: &str = "#2F6B66";
const LOGISTICS: &str = "#9CC7C0";
const SHADE: &str = "#FBEFDC";
const WARM: &str = "#B05F2A";

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
    let sam = store
        .add_peer(peer("Sam"), mooring_core::Guard::Check, &now)
        .unwrap()
        .id;
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
    // heavy week (W46), each plus its legend swatch; a point per week with a caseload.
    assert_eq!(count(&contacts, "rect", PRIMARY), 3 + 1);
    assert_eq!(count(&contacts, "rect", LOGISTICS), 1 + 1);
    assert_eq!(count(&contacts, "rect", SHADE), 1 + 1);
    assert_eq!(count(&contacts, "circle", WARM), 2);
    assert!(
        contacts.contains("font-size=\"15"),
        "text as large as the UI's body text"
    );

    let connectedness = chart(ChartName::Connectedness).svg.unwrap();
    assert_eq!(count(&connectedness, "circle", PRIMARY), 2);

    // Only W47's checklist was opened: one point for its peer items, one for its solo items.
    let checklist = chart(ChartName::Checklist).svg.unwrap();
    assert_eq!(
        count(&checklist, "circle", PRIMARY) + count(&checklist, "circle", WARM),
        2
    );

    let calendar = chart(ChartName::Calendar).svg.unwrap();
    let document = roxmltree::Document::parse(&calendar).unwrap();
    let cells = document
        .descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("fill").is_some()
                && n.attribute("width") == Some(CALENDAR_CELL.to_string().as_str())
        })
        .count();
    // The calendar follows the range: 11 whole weeks from Monday of week 37 to Monday of week 48,
    // and today, and the four squares of the key.
    assert_eq!(
        cells,
        11 * 7 + 1 + 4,
        "a cell a day of the range up to today"
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
    let first_use = calendar
        .first()
        .map_or(NaiveDate::MIN, |&(day, _): &(NaiveDate, u32)| day);
    Trends {
        range: Range::Weeks12,
        weeks,
        selfchecks,
        calendar,
        first_use,
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
    // A first week is "this week", never "these 1 week".
    let first = trends(weeks[3..4].to_vec(), vec![], vec![]);
    assert_eq!(
        contacts_summary(&first),
        "3 peer contacts over this week, 2 of them beyond logistics."
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
    // A whole year after an earlier first use: the last 364 days.
    let start = day(1);
    let calendar = (0..364)
        .map(|d| (start + chrono::Days::new(d), u32::from(d % 7 == 0)))
        .collect();
    let mut year = trends(vec![], vec![], calendar);
    year.first_use = day(1) - chrono::Days::new(30);
    assert_eq!(
        calendar_summary(&year),
        "Peer contact on 52 of the last 364 days; the longest stretch without was 6 days."
    );
    // Two years from first use are counted in weeks: contact every other week but for one gap
    // of three weeks.
    let monday = NaiveDate::from_ymd_opt(2024, 11, 25).unwrap();
    let calendar = (0..104 * 7)
        .map(|d| {
            let week = d / 7;
            let contact = d % 7 == 2 && week % 2 == 0 && !(40..=42).contains(&week);
            (monday + chrono::Days::new(d), u32::from(contact))
        })
        .collect();
    assert_eq!(
        calendar_summary(&trends(vec![], vec![], calendar)),
        "Peer contact in 50 of 104 weeks since you started; the longest stretch without was 5 weeks."
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
    assert_eq!(
        (image.width(), image.height()),
        (SIZE.0, SIZE.1 + 64),
        "the chart under a heading"
    );
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

/// The `<text>` elements of `svg` with their y position.
fn texts(svg: &str) -> Vec<(String, f64)> {
    let document = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let y = n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(0.0);
            (n.text().unwrap_or_default().trim().to_owned(), y)
        })
        .collect()
}

/// The `<title>` of each hover region of `svg`.
fn hover_titles(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn axes_carry_years_legends_sit_above_the_data_and_values_show_on_hover() {
    let (_dir, store, now) = seeded();
    let svg = |name| {
        store
            .chart(name, Range::Weeks12, Theme::Light, &now)
            .unwrap()
            .svg
            .unwrap()
    };
    let contacts = svg(ChartName::ContactsCaseload);
    let labels = texts(&contacts);
    // Weeks 37 to 48 of 2026: the first label is the first Monday, with its year.
    assert!(
        labels.iter().any(|(text, _)| text == "7 Sep 2026"),
        "{labels:?}"
    );
    // The legend is a strip above the plot, and every bar starts below it.
    let legend_y = labels
        .iter()
        .find(|(text, _)| text == "Substantive")
        .expect("a legend entry")
        .1;
    let document = roxmltree::Document::parse(&contacts).unwrap();
    let bar_tops: Vec<f64> = document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some(PRIMARY))
        .map(|n| n.attribute("y").unwrap().parse().unwrap())
        .collect();
    assert!(bar_tops.len() > 1);
    // The legend's own swatch, drawn first, shares its line; every bar lies below the line.
    let (swatch, bars) = bar_tops.split_first().unwrap();
    assert!(*swatch < 30.0 && legend_y < 30.0, "{swatch} {legend_y}");
    assert!(bars.iter().all(|&top| top > 30.0), "{bars:?}");

    // A hover per week, saying what the week held.
    let titles = hover_titles(&contacts);
    assert_eq!(titles.len(), 12);
    // Dates as the user's region writes them (this process's locale), as the window does.
    let style = mooring_core::dates::DateStyle::from_env();
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    assert_eq!(
        titles[9],
        format!(
            "Week of {}: 3 peer contacts, 2 beyond logistics; 30 client sessions; a heavy week.",
            style.date(day(9))
        )
    );
    assert_eq!(
        hover_titles(&svg(ChartName::Connectedness)).last().unwrap(),
        &format!(
            "Self-check of {}: index 67 of 100, safety net 7 of 10.",
            style.date(day(23))
        )
    );
    assert!(hover_titles(&svg(ChartName::Calendar))
        .contains(&format!("{}: 1 peer contact.", style.weekday_date(day(10)))));
}

#[test]
fn a_single_weeks_caseload_is_drawn() {
    let (_dir, mut store) = store_first_used_at("2026-11-23T09:00:00+01:00");
    let now = clock("2026-11-24T10:00:00+01:00");
    store
        .set_caseload(week("2026-W48"), Some(24), &now)
        .unwrap();
    let chart = store
        .chart(
            ChartName::ContactsCaseload,
            Range::Weeks12,
            Theme::Light,
            &now,
        )
        .unwrap();
    assert_eq!(count(chart.svg.as_ref().unwrap(), "circle", WARM), 1);
}

#[test]
fn under_all_a_long_calendar_shows_every_year_a_square_a_week() {
    let (_dir, mut store) = store_first_used_at("2026-11-25T09:00:00+01:00");
    let now = clock("2026-11-25T10:00:00+01:00");
    store.generate_demo_data(3, 7, &now).unwrap();
    let trends = store.trends(Range::All, &now).unwrap();
    let chart = mooring_core::charts::chart(ChartName::Calendar, &trends, Theme::Light).unwrap();
    let svg = chart.svg.unwrap();
    // Rows for the ISO years 2023 to 2026, named at the left.
    let labels: Vec<String> = texts(&svg).into_iter().map(|(text, _)| text).collect();
    for year in ["2023", "2024", "2025", "2026"] {
        assert!(labels.contains(&year.to_owned()), "{labels:?}");
    }
    let weeks = trends.weeks.len();
    let squares = roxmltree::Document::parse(&svg)
        .unwrap()
        .descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("fill").is_some()
                && n.attribute("width") == Some(CALENDAR_CELL.to_string().as_str())
        })
        .count();
    assert_eq!(squares, weeks + 4, "a square a week, and the key");
    assert!(
        chart
            .summary
            .contains(&format!("of {weeks} weeks since you started")),
        "{}",
        chart.summary
    );
    let (width, height) = calendar_size(&trends);
    assert!(width == CALENDAR_SIZE.0 && height < 200, "{height}");
    // The 12-week calendar of the same data is a square a day.
    let recent = store.trends(Range::Weeks12, &now).unwrap();
    assert_eq!(calendar_size(&recent), CALENDAR_SIZE);
}

#[test]
fn a_saved_chart_is_headed_by_its_title_and_the_days_it_covers() {
    let (_dir, store, now) = seeded();
    let chart = store
        .chart(ChartName::Checklist, Range::Weeks12, Theme::Light, &now)
        .unwrap();
    let style = mooring_core::dates::DateStyle::from_env();
    let period = format!(
        "{} to {}",
        style.date(NaiveDate::from_ymd_opt(2026, 9, 7).unwrap()),
        style.date(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    );
    assert_eq!(chart.period, period);
    let svg = String::from_utf8(chart.file(ExportFormat::Svg).unwrap()).unwrap();
    let labels: Vec<String> = texts(&svg).into_iter().map(|(text, _)| text).collect();
    assert_eq!(labels[..2], ["Self-care checklist", period.as_str()]);
    let image =
        resvg::tiny_skia::Pixmap::decode_png(&chart.file(ExportFormat::Png).unwrap()).unwrap();
    assert_eq!((image.width(), image.height()), (SIZE.0, SIZE.1 + 64));
}

#[test]
fn the_weeks_trends_read_at_once_are_each_week_as_its_caseload_says() {
    let (_dir, mut store) = store_first_used_at("2026-11-25T09:00:00+01:00");
    let now = clock("2026-11-25T10:00:00+01:00");
    store.generate_demo_data(3, 7, &now).unwrap();
    // A week entered by hand as heavy against the rule, and one at zero (leave).
    store
        .set_heavy_override(week("2025-W10"), Some(true), &now)
        .unwrap();
    store.set_caseload(week("2025-W20"), Some(0), &now).unwrap();
    let trends = store.trends(Range::All, &now).unwrap();
    let first = trends.weeks.first().unwrap().week;
    let at_once = store.caseloads(first, week("2026-W48"), &now).unwrap();
    assert_eq!(at_once.len(), trends.weeks.len());
    for (caseload, trend) in at_once.iter().zip(&trends.weeks) {
        assert_eq!(caseload, &store.caseload(caseload.week, &now).unwrap());
        assert_eq!(
            (trend.caseload, trend.heavy_week),
            (caseload.sessions, caseload.heavy_week)
        );
    }
    assert!(
        at_once.iter().any(|week| week.heavy_week) && at_once.iter().any(|week| !week.heavy_week)
    );
}
