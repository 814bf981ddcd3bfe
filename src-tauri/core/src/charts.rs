//! The four Trends charts, drawn with plotters to SVG, each with a plain-language summary that
//! is also its accessible text; PNG comes from the same SVG through resvg, with Mooring's own font.

use std::sync::{Arc, Once};

use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text_enum::text_enum;
use crate::trends::{Range, Trends, WeekTrend};
use crate::week::Week;

/// The font every chart is drawn and exported with: Inter Regular, shipped with Mooring.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/Inter-Regular.ttf");

/// The font family name the SVG text refers to.
const FAMILY: &str = "Inter";

/// Text size as plotters takes it, which writes 15 px into the SVG: charts are shown at their own
/// width, so their text is as large as the app's body text.
const TEXT: f64 = 18.6;

/// A chart's size in pixels: the width of the Trends screen's panels, so it shows at 1:1.
pub const SIZE: (u32, u32) = (760, 320);

/// The contact calendar's size in pixels.
pub const CALENDAR_SIZE: (u32, u32) = (760, 172);

/// The side of one day's square in the contact calendar, in pixels.
pub const CALENDAR_CELL: i32 = 11;

text_enum!(
    /// One of the Trends charts.
    ChartName, "a chart", {
        /// Weekly peer contacts, stacked substantive and logistics, with the caseload line.
        ContactsCaseload => "contacts-caseload",
        /// The connectedness index over time, with the safety-net rating beside it.
        Connectedness => "connectedness",
        /// Weekly checklist completion, peer and solo items.
        Checklist => "checklist",
        /// A heatmap of peer contact, one cell a day, over the last 52 weeks.
        Calendar => "calendar",
    }
);

text_enum!(
    /// The colours a chart is drawn in, to sit on the app's light or dark background.
    Theme, "a theme", {
        /// Dark text on a light background; also what exports use.
        Light => "light",
        /// Light text on a dark background.
        Dark => "dark",
    }
);

/// A chart ready to show: its title, its summary, and the drawing, or what to log to see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// Which chart.
    pub name: ChartName,
    /// Its title.
    pub title: &'static str,
    /// One sentence on what the data shows; also the chart's accessible text.
    pub summary: String,
    /// The SVG, or `None` when there is too little data to draw.
    pub svg: Option<String>,
}

struct Palette {
    background: RGBColor,
    text: RGBColor,
    muted: RGBColor,
    grid: RGBColor,
    primary: RGBColor,
    secondary: RGBColor,
    warm: RGBColor,
    shade: RGBColor,
    empty: RGBColor,
}

impl Theme {
    fn palette(self) -> Palette {
        match self {
            Theme::Light => Palette {
                background: RGBColor(0xff, 0xfd, 0xf9),
                text: RGBColor(0x1f, 0x2b, 0x2a),
                muted: RGBColor(0x5b, 0x68, 0x66),
                grid: RGBColor(0xe2, 0xdd, 0xd4),
                primary: RGBColor(0x2f, 0x6b, 0x66),
                secondary: RGBColor(0x9c, 0xc7, 0xc0),
                warm: RGBColor(0xb0, 0x5f, 0x2a),
                shade: RGBColor(0xfb, 0xef, 0xdc),
                empty: RGBColor(0xef, 0xeb, 0xe4),
            },
            Theme::Dark => Palette {
                background: RGBColor(0x1a, 0x22, 0x21),
                text: RGBColor(0xe4, 0xeb, 0xe9),
                muted: RGBColor(0x9b, 0xac, 0xaa),
                grid: RGBColor(0x2a, 0x36, 0x34),
                primary: RGBColor(0x7c, 0xc4, 0xb9),
                secondary: RGBColor(0x3f, 0x6d, 0x67),
                warm: RGBColor(0xe0, 0xa9, 0x6d),
                shade: RGBColor(0x3a, 0x2e, 0x1a),
                empty: RGBColor(0x23, 0x2d, 0x2c),
            },
        }
    }
}

type Drawn = std::result::Result<(), Box<dyn std::error::Error>>;

fn register_inter() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if register_font(FAMILY, FontStyle::Normal, FONT).is_err() {
            eprintln!("mooring: the chart font could not be loaded");
        }
    });
}

impl Store {
    /// Chart `name` over `range`, drawn for `theme`.
    pub fn chart(
        &self,
        name: ChartName,
        range: Range,
        theme: Theme,
        clock: &dyn Clock,
    ) -> Result<Chart> {
        chart(name, &self.trends(range, clock)?, theme)
    }
}

/// Chart `name` of `trends`, drawn for `theme`.
pub fn chart(name: ChartName, trends: &Trends, theme: Theme) -> Result<Chart> {
    register_inter();
    let palette = theme.palette();
    let (title, summary, drawable) = match name {
        ChartName::ContactsCaseload => (
            "Peer contact and caseload",
            contacts_summary(trends),
            has_contacts_or_caseload(trends),
        ),
        ChartName::Connectedness => (
            "Connectedness",
            connectedness_summary(trends),
            !trends.selfchecks.is_empty(),
        ),
        ChartName::Checklist => (
            "Self-care checklist",
            checklist_summary(trends),
            has_ticks(trends),
        ),
        ChartName::Calendar => (
            "Contact calendar",
            calendar_summary(trends),
            trends.calendar.iter().any(|&(_, n)| n > 0),
        ),
    };
    let svg = if drawable {
        let mut svg = String::new();
        let size = if name == ChartName::Calendar {
            CALENDAR_SIZE
        } else {
            SIZE
        };
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            let drawn = match name {
                ChartName::ContactsCaseload => draw_contacts(&root, trends, &palette),
                ChartName::Connectedness => draw_connectedness(&root, trends, &palette),
                ChartName::Checklist => draw_checklist(&root, trends, &palette),
                ChartName::Calendar => draw_calendar(&root, trends, &palette),
            };
            drawn
                .and_then(|()| Ok(root.present()?))
                .map_err(|err| Error::Chart(err.to_string()))?;
        }
        Some(svg)
    } else {
        None
    };
    Ok(Chart {
        name,
        title,
        summary,
        svg,
    })
}

fn style(size: f64, color: &RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(color)
}

/// An axis value as a whole number.
fn whole(value: &f64) -> String {
    format!("{value:.0}")
}

/// The plane every chart but the calendar is drawn on.
type Plane = Cartesian2d<RangedCoordf64, RangedCoordf64>;

/// The grid and axes every chart shares: horizontal lines only, muted labels, a left title.
fn mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Plane>,
    palette: &Palette,
    y_desc: &str,
    y_labels: usize,
    x_labels: usize,
    x_label: &dyn Fn(&f64) -> String,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette.grid)
        .axis_style(palette.grid)
        .label_style(style(TEXT, &palette.muted))
        .axis_desc_style(style(TEXT, &palette.muted))
        .y_desc(y_desc)
        .y_labels(y_labels)
        .y_label_formatter(&whole)
        .x_labels(x_labels)
        .x_label_formatter(x_label)
        .draw()?;
    Ok(())
}

/// The legend, in a corner where the data is least likely to be.
fn legend<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Plane>,
    palette: &Palette,
    position: SeriesLabelPosition,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(palette.background.mix(0.92))
        .border_style(palette.grid)
        .label_font(style(TEXT, &palette.text))
        .draw()?;
    Ok(())
}

/// "W48" under a week, or "Nov 23" when the range is long enough for months to matter.
fn week_label(trends: &Trends, index: f64) -> String {
    let Some(week) = trends.weeks.get(index.max(0.0) as usize) else {
        return String::new();
    };
    week.week.monday().format("%-d %b").to_string()
}

fn has_contacts_or_caseload(trends: &Trends) -> bool {
    trends
        .weeks
        .iter()
        .any(|w| w.substantive + w.logistics > 0 || w.caseload.is_some())
}

fn draw_contacts<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    root.fill(&palette.background)?;
    let weeks = trends.weeks.len() as f64;
    let most_contacts = trends
        .weeks
        .iter()
        .map(|w| w.substantive + w.logistics)
        .max()
        .unwrap_or(0)
        .max(4) as f64;
    let most_sessions = trends
        .weeks
        .iter()
        .filter_map(|w| w.caseload)
        .max()
        .unwrap_or(0)
        .max(10) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .right_y_label_area_size(60)
        .build_cartesian_2d(0.0..weeks, 0.0..most_contacts * 1.6)?
        .set_secondary_coord(0.0..weeks, 0.0..most_sessions * 1.6);
    mesh(
        &mut chart,
        palette,
        "Peer contacts",
        5,
        8.min(trends.weeks.len()),
        &|x| week_label(trends, *x),
    )?;
    chart
        .configure_secondary_axes()
        .axis_style(palette.grid)
        .label_style(style(TEXT, &palette.muted))
        .axis_desc_style(style(TEXT, &palette.muted))
        .y_desc("Client sessions")
        .y_labels(5)
        .y_label_formatter(&whole)
        .draw()?;
    let top = most_contacts * 1.6;
    // Three layers of one rectangle a week: the heavy-week shade behind the full height, then
    // substantive contacts and logistics stacked on top of them.
    type Span = fn(&WeekTrend, f64) -> Option<(f64, f64)>;
    let layers: [(&str, RGBColor, f64, Span); 3] = [
        ("Heavy week", palette.shade, 0.0, |w, top| {
            w.heavy_week.then_some((0.0, top))
        }),
        ("Substantive", palette.primary, 0.18, |w, _| {
            (w.substantive > 0).then(|| (0.0, f64::from(w.substantive)))
        }),
        ("Logistics only", palette.secondary, 0.18, |w, _| {
            let bottom = f64::from(w.substantive);
            (w.logistics > 0).then(|| (bottom, bottom + f64::from(w.logistics)))
        }),
    ];
    for (label, colour, inset, span) in layers {
        let bars = trends.weeks.iter().enumerate().filter_map(|(i, w)| {
            let (bottom, height) = span(w, top)?;
            Some(Rectangle::new(
                [(i as f64 + inset, bottom), (i as f64 + 1.0 - inset, height)],
                colour.filled(),
            ))
        });
        chart
            .draw_series(bars)?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], colour.filled()));
    }
    let caseload: Vec<(f64, f64)> = trends
        .weeks
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            w.caseload
                .map(|sessions| (i as f64 + 0.5, f64::from(sessions)))
        })
        .collect();
    chart
        .draw_secondary_series(LineSeries::new(caseload, palette.warm.stroke_width(2)))?
        .label("Caseload")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], palette.warm.stroke_width(2)));
    legend(&mut chart, palette, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

/// Days since the first self-check, for the connectedness chart's x axis.
fn day_offset(first: NaiveDate, day: NaiveDate) -> f64 {
    (day - first).num_days() as f64
}

fn draw_connectedness<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    root.fill(&palette.background)?;
    let first = trends
        .weeks
        .first()
        .map_or(trends.selfchecks[0].day, |w| w.week.monday())
        .min(trends.selfchecks[0].day);
    let last = trends
        .weeks
        .last()
        .map_or(trends.selfchecks[0].day, |w| w.week.sunday());
    let span = day_offset(first, last).max(1.0);
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .right_y_label_area_size(60)
        .build_cartesian_2d(-0.5..span + 0.5, 0.0..105.0)?
        .set_secondary_coord(-0.5..span + 0.5, 0.0..10.5);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(palette.grid)
        .axis_style(palette.grid)
        .label_style(style(TEXT, &palette.muted))
        .axis_desc_style(style(TEXT, &palette.muted))
        .y_desc("Connectedness index")
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_labels(6)
        .x_label_formatter(&|x| {
            (first + chrono::Days::new(x.max(0.0) as u64))
                .format("%-d %b")
                .to_string()
        })
        .draw()?;
    chart
        .configure_secondary_axes()
        .axis_style(palette.grid)
        .label_style(style(TEXT, &palette.muted))
        .axis_desc_style(style(TEXT, &palette.muted))
        .y_desc("Safety net, 1-10")
        .y_labels(6)
        .y_label_formatter(&whole)
        .draw()?;
    let index: Vec<(f64, f64)> = trends
        .selfchecks
        .iter()
        .map(|p| (day_offset(first, p.day), f64::from(p.index)))
        .collect();
    chart
        .draw_series(LineSeries::new(
            index.clone(),
            palette.primary.stroke_width(2),
        ))?
        .label("Connectedness index")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], palette.primary.stroke_width(2)));
    chart.draw_series(
        index
            .into_iter()
            .map(|point| Circle::new(point, 5, palette.primary.filled())),
    )?;
    chart
        .draw_secondary_series(trends.selfchecks.iter().map(|p| {
            TriangleMarker::new(
                (day_offset(first, p.day), f64::from(p.safety_net)),
                6,
                palette.warm.filled(),
            )
        }))?
        .label("Safety net rating")
        .legend(|(x, y)| TriangleMarker::new((x + 6, y), 6, palette.warm.filled()));
    legend(&mut chart, palette, SeriesLabelPosition::LowerLeft)?;
    Ok(())
}

/// Whether any item was ticked in the range: weeks opened but never ticked make no chart.
fn has_ticks(trends: &Trends) -> bool {
    trends
        .weeks
        .iter()
        .any(|w| w.peer_items.0 + w.solo_items.0 > 0)
}

fn percent((done, total): (u32, u32)) -> Option<f64> {
    (total > 0).then(|| f64::from(done) * 100.0 / f64::from(total))
}

fn draw_checklist<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    root.fill(&palette.background)?;
    let weeks = trends.weeks.len() as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(14)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(0.0..weeks, 0.0..105.0)?;
    mesh(
        &mut chart,
        palette,
        "Done, %",
        6,
        8.min(trends.weeks.len()),
        &|x| week_label(trends, *x),
    )?;
    let series = |pick: fn(&crate::trends::WeekTrend) -> (u32, u32)| -> Vec<(f64, f64)> {
        trends
            .weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| percent(pick(w)).map(|p| (i as f64 + 0.5, p)))
            .collect()
    };
    for (points, color, label) in [
        (series(|w| w.peer_items), palette.primary, "Peer items"),
        (series(|w| w.solo_items), palette.warm, "Solo items"),
    ] {
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], color.stroke_width(2)));
        chart.draw_series(
            points
                .into_iter()
                .map(|point| Circle::new(point, 4, color.filled())),
        )?;
    }
    legend(&mut chart, palette, SeriesLabelPosition::LowerLeft)?;
    Ok(())
}

/// The colour of a calendar day with `contacts` peer contacts.
fn day_colour(contacts: u32, palette: &Palette) -> RGBAColor {
    match contacts {
        0 => palette.empty.to_rgba(),
        1 => palette.primary.mix(0.35),
        2 => palette.primary.mix(0.6),
        _ => palette.primary.to_rgba(),
    }
}

fn draw_calendar<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    const CELL: i32 = CALENDAR_CELL;
    const STEP: i32 = CALENDAR_CELL + 2;
    const LEFT: i32 = 56;
    const TOP: i32 = 32;
    root.fill(&palette.background)?;
    let label = style(TEXT, &palette.muted);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        root.draw(&Text::new(name, (6, TOP + row * STEP - 3), label.clone()))?;
    }
    let mut last_month = None;
    // The calendar may start mid-week, at first use: columns count weeks from its first Monday.
    let first_monday = trends
        .calendar
        .first()
        .map(|&(day, _)| Week::containing(day).monday());
    for &(day, contacts) in &trends.calendar {
        let column = first_monday.map_or(0, |monday| (day - monday).num_days() as i32 / 7);
        let row = day.weekday().num_days_from_monday() as i32;
        let (x, y) = (LEFT + column * STEP, TOP + row * STEP);
        if row == 0 && last_month != Some(day.month()) && column < 50 {
            root.draw(&Text::new(
                day.format("%b").to_string(),
                (x, 8),
                label.clone(),
            ))?;
            last_month = Some(day.month());
        }
        root.draw(&Rectangle::new(
            [(x, y), (x + CELL, y + CELL)],
            day_colour(contacts, palette).filled(),
        ))?;
    }
    // The key: from no contact to three or more.
    let key_y = TOP + 7 * STEP + 14;
    root.draw(&Text::new("No contact", (LEFT, key_y), label.clone()))?;
    for (i, contacts) in (0..4).enumerate() {
        let x = LEFT + 86 + i as i32 * STEP;
        root.draw(&Rectangle::new(
            [(x, key_y + 2), (x + CELL, key_y + 2 + CELL)],
            day_colour(contacts, palette).filled(),
        ))?;
    }
    root.draw(&Text::new(
        "3 or more a day",
        (LEFT + 92 + 4 * STEP + 8, key_y),
        label,
    ))?;
    Ok(())
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// "In your 3 heavy weeks you averaged 1.0 peer contacts, against 3.2 in other weeks."
pub fn contacts_summary(trends: &Trends) -> String {
    if !has_contacts_or_caseload(trends) {
        return "Log peer contacts and enter your weekly caseload on Home to see how they move together.".into();
    }
    let contacts = |w: &crate::trends::WeekTrend| f64::from(w.substantive + w.logistics);
    let (heavy, other): (Vec<_>, Vec<_>) = trends.weeks.iter().partition(|w| w.heavy_week);
    let average = |weeks: &[&crate::trends::WeekTrend]| {
        weeks.iter().map(|w| contacts(w)).sum::<f64>() / weeks.len() as f64
    };
    if !heavy.is_empty() && !other.is_empty() {
        format!(
            "In your {} you averaged {:.1} peer contacts, against {:.1} in other weeks.",
            plural(heavy.len(), "heavy week", "heavy weeks"),
            average(&heavy),
            average(&other)
        )
    } else {
        let total: u32 = trends
            .weeks
            .iter()
            .map(|w| w.substantive + w.logistics)
            .sum();
        let substantive: u32 = trends.weeks.iter().map(|w| w.substantive).sum();
        format!(
            "{} over these {}, {substantive} of them beyond logistics.",
            plural(total as usize, "peer contact", "peer contacts"),
            plural(trends.weeks.len(), "week", "weeks")
        )
    }
}

/// "Your connectedness index went from 47 to 67 over 5 self-checks; your latest safety-net rating is 7 of 10."
pub fn connectedness_summary(trends: &Trends) -> String {
    match trends.selfchecks.as_slice() {
        [] => "Take a self-check to start this chart; each one adds a point.".into(),
        [only] => format!(
            "One self-check so far, with an index of {} and a safety-net rating of {} of 10.",
            only.index, only.safety_net
        ),
        [first, .., last] if first.index == last.index => format!(
            "Your connectedness index is {} again after {} self-checks; your latest safety-net rating is {} of 10.",
            last.index,
            trends.selfchecks.len(),
            last.safety_net
        ),
        [first, .., last] => format!(
            "Your connectedness index went from {} to {} over {} self-checks; your latest safety-net rating is {} of 10.",
            first.index,
            last.index,
            trends.selfchecks.len(),
            last.safety_net
        ),
    }
}

/// "Over these 12 weeks you ticked 62% of peer items and 78% of solo items."
pub fn checklist_summary(trends: &Trends) -> String {
    let sum = |pick: fn(&crate::trends::WeekTrend) -> (u32, u32)| {
        trends
            .weeks
            .iter()
            .map(pick)
            .fold((0, 0), |(d, t), (done, total)| (d + done, t + total))
    };
    if !has_ticks(trends) {
        return "Tick items of the weekly checklist on Home to see your weeks here.".into();
    }
    let (peer, solo) = (sum(|w| w.peer_items), sum(|w| w.solo_items));
    format!(
        "Over these {} you ticked {:.0}% of peer items and {:.0}% of solo items.",
        plural(trends.weeks.len(), "week", "weeks"),
        percent(peer).unwrap_or(0.0),
        percent(solo).unwrap_or(0.0)
    )
}

/// "Peer contact on 48 of the last 364 days; the longest stretch without was 12 days.", or
/// "... on 5 of 20 days since you started ..." in Mooring's first year.
pub fn calendar_summary(trends: &Trends) -> String {
    let days_with = trends.calendar.iter().filter(|&&(_, n)| n > 0).count();
    if days_with == 0 {
        return "Log peer contacts to fill this calendar, one square a day.".into();
    }
    let mut longest = 0;
    let mut run = 0;
    for &(_, contacts) in &trends.calendar {
        run = if contacts == 0 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    // A calendar shorter than a year starts at first use.
    let days = trends.calendar.len();
    let span = if days < crate::trends::CALENDAR_DAYS as usize {
        format!("{} since you started", plural(days, "day", "days"))
    } else {
        format!("the last {days} days")
    };
    format!(
        "Peer contact on {days_with} of {span}; the longest stretch without was {}.",
        plural(longest, "day", "days")
    )
}

text_enum!(
    /// A file format a chart can be saved in.
    ExportFormat, "a chart format", {
        /// Scalable vector graphics, as drawn.
        Svg => "svg",
        /// A bitmap of the same drawing.
        Png => "png",
    }
);

impl Chart {
    /// The chart as a file of `format`; refused when there was too little data to draw it.
    pub fn file(&self, format: ExportFormat) -> Result<Vec<u8>> {
        let Some(svg) = &self.svg else {
            return Err(Error::Invalid(format!(
                "There is nothing to save yet. {}",
                self.summary
            )));
        };
        match format {
            ExportFormat::Svg => Ok(svg.clone().into_bytes()),
            ExportFormat::Png => png(svg),
        }
    }
}

/// The PNG of an SVG chart, drawn with Mooring's own font whatever the machine has installed.
pub fn png(svg: &str) -> Result<Vec<u8>> {
    let mut fonts = resvg::usvg::fontdb::Database::new();
    fonts.load_font_data(FONT.to_vec());
    fonts.set_sans_serif_family(FAMILY);
    let options = resvg::usvg::Options {
        fontdb: Arc::new(fonts),
        ..resvg::usvg::Options::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|err| Error::Chart(err.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| Error::Chart("the chart has no size".into()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|err| Error::Chart(err.to_string()))
}
