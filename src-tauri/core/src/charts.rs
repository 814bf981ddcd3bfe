//! The four Trends charts, drawn with plotters to SVG, each with a plain-language summary that
//! is also its accessible text; PNG comes from the same SVG through resvg, with Mooring's own font.

use std::sync::{Arc, Once};

use chrono::{Datelike, NaiveDate};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::dates::DateStyle;
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
        ContactsCaseload => "contacts-caseload", "Peer contact and caseload",
        /// The connectedness index over time, with the safety-net rating beside it.
        Connectedness => "connectedness", "Connectedness",
        /// Weekly checklist completion, peer and solo items.
        Checklist => "checklist", "Self-care checklist",
        /// A heatmap of peer contact, one cell a day, over the last 52 weeks.
        Calendar => "calendar", "Contact calendar",
    }
);

text_enum!(
    /// The colours a chart is drawn in, to sit on the app's light or dark background.
    Theme, "a theme", {
        /// Dark text on a light background; also what exports use.
        Light => "light", "Light",
        /// Light text on a dark background.
        Dark => "dark", "Dark",
    }
);

/// A chart ready to show: its title, its summary, and the drawing, or what to log to see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// Which chart.
    pub name: ChartName,
    /// Its title.
    pub title: &'static str,
    /// The days it covers, as "31 August 2026 to 25 November 2026", or the one day.
    pub period: String,
    /// One sentence on what the data shows; also the chart's accessible text.
    pub summary: String,
    /// The SVG, or `None` when there is too little data to draw.
    pub svg: Option<String>,
    /// The drawing's size in pixels.
    #[serde(skip)]
    size: (u32, u32),
    /// The colours it was drawn in, which a saved file's heading matches.
    #[serde(skip)]
    theme: Theme,
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

type Drawn = std::result::Result<Vec<Hover>, Box<dyn std::error::Error>>;

/// Height of the legend strip above a chart's plot, where it never covers the data.
const LEGEND_HEIGHT: u32 = 30;

/// Left edge of the plot inside a chart: the margin plus the left axis labels.
const PLOT_LEFT: i32 = 14 + 52;

/// Height of a saved chart's heading: its title and the days it covers.
const HEADING_HEIGHT: u32 = 64;

/// A region of a drawn chart that names its value when the pointer rests on it.
struct Hover {
    /// The region: a rectangle's corners or a circle's centre and radius, in pixels.
    shape: HoverShape,
    /// What it says, as "Week of 23 Nov 2026: 3 peer contacts".
    text: String,
}

enum HoverShape {
    Rect((i32, i32), (i32, i32)),
    Circle((i32, i32), i32),
}

/// How a series is marked in a chart's legend.
#[derive(Clone, Copy)]
enum Swatch {
    Block(RGBColor),
    Line(RGBColor),
    Triangle(RGBColor),
}

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
    let size = match name {
        ChartName::Calendar => calendar_size(trends),
        _ => SIZE,
    };
    let svg = if drawable {
        let mut svg = String::new();
        let hovers = {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            let drawn = match name {
                ChartName::ContactsCaseload => draw_contacts(&root, trends, &palette),
                ChartName::Connectedness => draw_connectedness(&root, trends, &palette),
                ChartName::Checklist => draw_checklist(&root, trends, &palette),
                ChartName::Calendar => draw_calendar(&root, trends, &palette),
            };
            drawn
                .and_then(|hovers| {
                    root.present()?;
                    Ok(hovers)
                })
                .map_err(|err| Error::Chart(err.to_string()))?
        };
        Some(with_hovers(svg, &hovers))
    } else {
        None
    };
    Ok(Chart {
        name,
        title,
        period: period(trends),
        summary,
        svg,
        size,
        theme,
    })
}

/// "31 August 2026 to 25 November 2026", or one day on the first: the calendar runs from the
/// range's first day, or first use, to today.
fn period(trends: &Trends) -> String {
    let style = DateStyle::from_env();
    match (trends.calendar.first(), trends.calendar.last()) {
        (Some(&(first, _)), Some(&(last, _))) if first == last => style.date(first),
        (Some(&(first, _)), Some(&(last, _))) => {
            format!("{} to {}", style.date(first), style.date(last))
        }
        _ => String::new(),
    }
}

/// Text that may stand in SVG markup.
fn escaped(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).into_owned()
}

/// `svg` with an invisible region per hover, each with a `<title>` the webview shows on hover.
fn with_hovers(mut svg: String, hovers: &[Hover]) -> String {
    if hovers.is_empty() {
        return svg;
    }
    use std::fmt::Write;
    // One buffer for every region: a chart over ten years has hundreds.
    let mut regions = String::with_capacity(hovers.len() * 96);
    regions.push_str("<g class=\"hovers\" fill=\"#000\" fill-opacity=\"0\">");
    for hover in hovers {
        let close = match hover.shape {
            HoverShape::Rect((x0, y0), (x1, y1)) => {
                let _ = write!(
                    regions,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\">",
                    x0.min(x1),
                    y0.min(y1),
                    (x1 - x0).abs().max(1),
                    (y1 - y0).abs().max(1)
                );
                "</rect>"
            }
            HoverShape::Circle((x, y), r) => {
                let _ = write!(regions, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\">");
                "</circle>"
            }
        };
        regions.push_str("<title>");
        html_escape::encode_double_quoted_attribute_to_string(&hover.text, &mut regions);
        regions.push_str("</title>");
        regions.push_str(close);
    }
    regions.push_str("</g>\n");
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    svg.insert_str(end, &regions);
    svg
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

/// A chart's area split into the legend strip on top, drawn with `entries`, and the rest.
fn with_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    palette: &Palette,
    entries: &[(&str, Swatch)],
) -> std::result::Result<DrawingArea<DB, plotters::coord::Shift>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    root.fill(&palette.background)?;
    let (strip, plot) = root.split_vertically(LEGEND_HEIGHT);
    let text = style(TEXT, &palette.text);
    let middle = LEGEND_HEIGHT as i32 / 2 + 4;
    let mut x = PLOT_LEFT;
    for &(label, swatch) in entries {
        match swatch {
            Swatch::Block(colour) => strip.draw(&Rectangle::new(
                [(x, middle - 6), (x + 12, middle + 6)],
                colour.filled(),
            ))?,
            Swatch::Line(colour) => strip.draw(&PathElement::new(
                [(x, middle), (x + 14, middle)],
                colour.stroke_width(2),
            ))?,
            Swatch::Triangle(colour) => {
                strip.draw(&TriangleMarker::new((x + 6, middle), 6, colour.filled()))?
            }
        }
        x += 20;
        strip.draw(&Text::new(label, (x, middle - 9), text.clone()))?;
        x += strip.estimate_text_size(label, &text)?.0 as i32 + 22;
    }
    Ok(plot)
}

/// The grid and axes every chart shares: horizontal lines only, muted labels, a left title.
fn mesh<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Plane>,
    palette: &Palette,
    y_desc: &str,
    y_labels: usize,
    x_labels: usize,
    x_label: &dyn Fn(&f64) -> String,
) -> std::result::Result<(), Box<dyn std::error::Error>>
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

/// The longest span, in days, whose axis labels name the day as well as the month.
const DAY_LABEL_DAYS: i64 = 26 * 7;

/// How a day reads on a time axis spanning `span_days`: always with its year, and with its day
/// of the month when the span is short enough for it to matter.
fn axis_day(day: NaiveDate, span_days: i64) -> String {
    if span_days <= DAY_LABEL_DAYS {
        day.format("%-d %b %Y").to_string()
    } else {
        day.format("%b %Y").to_string()
    }
}

/// How many labels a time axis spanning `span_days` has room for.
fn axis_labels(span_days: i64) -> usize {
    if span_days <= DAY_LABEL_DAYS {
        6
    } else {
        8
    }
}

/// The Monday under week `index` of the trends, dated for an axis.
fn week_label(trends: &Trends, index: f64) -> String {
    let Some(week) = trends.weeks.get(index.max(0.0) as usize) else {
        return String::new();
    };
    axis_day(week.week.monday(), trends.weeks.len() as i64 * 7)
}

/// "Week of 23 November 2026", for a hover.
fn week_of(week: Week) -> String {
    format!("Week of {}", DateStyle::from_env().date(week.monday()))
}

/// One hover per week, each over the full height of its column in `chart`'s plot.
fn week_columns<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Plane>,
    trends: &Trends,
    top: f64,
    text: impl Fn(&WeekTrend) -> String,
) -> Vec<Hover> {
    trends
        .weeks
        .iter()
        .enumerate()
        .map(|(i, week)| Hover {
            shape: HoverShape::Rect(
                chart.backend_coord(&(i as f64, top)),
                chart.backend_coord(&(i as f64 + 1.0, 0.0)),
            ),
            text: text(week),
        })
        .collect()
}

fn has_contacts_or_caseload(trends: &Trends) -> bool {
    trends
        .weeks
        .iter()
        .any(|w| w.substantive + w.logistics > 0 || w.caseload.is_some())
}

/// "Week of 23 Nov 2026: 3 peer contacts, 2 beyond logistics; 28 client sessions; a heavy week."
fn contacts_hover(week: &WeekTrend) -> String {
    let contacts = week.substantive + week.logistics;
    let mut text = format!(
        "{}: {}",
        week_of(week.week),
        plural(contacts as usize, "peer contact", "peer contacts")
    );
    if contacts > 0 {
        text.push_str(&format!(", {} beyond logistics", week.substantive));
    }
    if let Some(sessions) = week.caseload {
        text.push_str(&format!(
            "; {}",
            plural(sessions as usize, "client session", "client sessions")
        ));
    }
    if week.heavy_week {
        text.push_str("; a heavy week");
    }
    text.push('.');
    text
}

fn draw_contacts<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let plot = with_legend(
        root,
        palette,
        &[
            ("Substantive", Swatch::Block(palette.primary)),
            ("Logistics only", Swatch::Block(palette.secondary)),
            ("Caseload", Swatch::Line(palette.warm)),
            ("Heavy week", Swatch::Block(palette.shade)),
        ],
    )?;
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
    // Headroom above the tallest bar and the busiest week, so neither touches the top.
    let top = most_contacts * 1.25;
    let mut chart = ChartBuilder::on(&plot)
        .margin(14)
        .margin_top(6)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .right_y_label_area_size(60)
        .build_cartesian_2d(0.0..weeks, 0.0..top)?
        .set_secondary_coord(0.0..weeks, 0.0..most_sessions * 1.25);
    let span = trends.weeks.len() as i64 * 7;
    mesh(
        &mut chart,
        palette,
        "Peer contacts",
        5,
        axis_labels(span).min(trends.weeks.len()),
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
    // Three layers of one rectangle a week: the heavy-week shade behind the full height, then
    // substantive contacts and logistics stacked on top of them.
    type Span = fn(&WeekTrend, f64) -> Option<(f64, f64)>;
    let layers: [(RGBColor, f64, Span); 3] = [
        (palette.shade, 0.0, |w, top| {
            w.heavy_week.then_some((0.0, top))
        }),
        (palette.primary, 0.18, |w, _| {
            (w.substantive > 0).then(|| (0.0, f64::from(w.substantive)))
        }),
        (palette.secondary, 0.18, |w, _| {
            let bottom = f64::from(w.substantive);
            (w.logistics > 0).then(|| (bottom, bottom + f64::from(w.logistics)))
        }),
    ];
    for (colour, inset, span) in layers {
        chart.draw_series(trends.weeks.iter().enumerate().filter_map(|(i, w)| {
            let (bottom, height) = span(w, top)?;
            Some(Rectangle::new(
                [(i as f64 + inset, bottom), (i as f64 + 1.0 - inset, height)],
                colour.filled(),
            ))
        }))?;
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
    chart.draw_secondary_series(LineSeries::new(
        caseload.clone(),
        palette.warm.stroke_width(2),
    ))?;
    // A point per week as well, so a single week's caseload shows; small when weeks are many.
    let radius = if trends.weeks.len() > 60 { 1 } else { 3 };
    chart.draw_secondary_series(
        caseload
            .into_iter()
            .map(|point| Circle::new(point, radius, palette.warm.filled())),
    )?;
    Ok(week_columns(&chart, trends, top, contacts_hover))
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
    let plot = with_legend(
        root,
        palette,
        &[
            ("Connectedness index", Swatch::Line(palette.primary)),
            ("Safety-net rating", Swatch::Triangle(palette.warm)),
        ],
    )?;
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
    let mut chart = ChartBuilder::on(&plot)
        .margin(14)
        .margin_top(6)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .right_y_label_area_size(60)
        .build_cartesian_2d(-0.5..span + 0.5, 0.0..105.0)?
        .set_secondary_coord(-0.5..span + 0.5, 0.0..10.5);
    let span_days = span as i64;
    mesh(
        &mut chart,
        palette,
        "Connectedness index",
        6,
        axis_labels(span_days),
        &|x| axis_day(first + chrono::Days::new(x.max(0.0) as u64), span_days),
    )?;
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
    chart.draw_series(LineSeries::new(
        index.clone(),
        palette.primary.stroke_width(2),
    ))?;
    chart.draw_series(
        index
            .iter()
            .map(|&point| Circle::new(point, 5, palette.primary.filled())),
    )?;
    chart.draw_secondary_series(trends.selfchecks.iter().map(|p| {
        TriangleMarker::new(
            (day_offset(first, p.day), f64::from(p.safety_net)),
            6,
            palette.warm.filled(),
        )
    }))?;
    Ok(trends
        .selfchecks
        .iter()
        .zip(index)
        .map(|(check, point)| Hover {
            shape: HoverShape::Circle(chart.backend_coord(&point), 10),
            text: format!(
                "Self-check of {}: index {} of 100, safety net {} of 10.",
                DateStyle::from_env().date(check.day),
                check.index,
                check.safety_net
            ),
        })
        .collect())
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

/// "Week of 23 Nov 2026: 1 of 3 peer items, 6 of 8 solo items."
fn checklist_hover(week: &WeekTrend) -> String {
    let (peer, solo) = (week.peer_items, week.solo_items);
    if peer.1 + solo.1 == 0 {
        return format!("{}: the checklist was not opened.", week_of(week.week));
    }
    format!(
        "{}: {} of {} peer items, {} of {} solo items.",
        week_of(week.week),
        peer.0,
        peer.1,
        solo.0,
        solo.1
    )
}

fn draw_checklist<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let plot = with_legend(
        root,
        palette,
        &[
            ("Peer items", Swatch::Line(palette.primary)),
            ("Solo items", Swatch::Line(palette.warm)),
        ],
    )?;
    let weeks = trends.weeks.len() as f64;
    let mut chart = ChartBuilder::on(&plot)
        .margin(14)
        .margin_top(6)
        .x_label_area_size(34)
        .y_label_area_size(52)
        .build_cartesian_2d(0.0..weeks, 0.0..105.0)?;
    mesh(
        &mut chart,
        palette,
        "Done, %",
        6,
        axis_labels(trends.weeks.len() as i64 * 7).min(trends.weeks.len()),
        &|x| week_label(trends, *x),
    )?;
    let series = |pick: fn(&WeekTrend) -> (u32, u32)| -> Vec<(f64, f64)> {
        trends
            .weeks
            .iter()
            .enumerate()
            .filter_map(|(i, w)| percent(pick(w)).map(|p| (i as f64 + 0.5, p)))
            .collect()
    };
    let radius = if trends.weeks.len() > 60 { 1 } else { 4 };
    for (points, color) in [
        (series(|w| w.peer_items), palette.primary),
        (series(|w| w.solo_items), palette.warm),
    ] {
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|point| Circle::new(point, radius, color.filled())),
        )?;
    }
    Ok(week_columns(&chart, trends, 105.0, checklist_hover))
}

/// The longest calendar drawn a square a day; a longer one is drawn a square a week, a row a year.
const DAILY_CALENDAR_DAYS: usize = 53 * 7;

/// Calendar layout: its left edge for the squares, the top row, and a square's step.
const CALENDAR_LEFT: i32 = 56;
const CALENDAR_TOP: i32 = 32;
const CALENDAR_STEP: i32 = CALENDAR_CELL + 2;
/// A long calendar's row: a year, its week squares as tall as two days', and room between
/// rows for the year's name to stand clear of the next.
const YEAR_ROW_HEIGHT: i32 = 2 * CALENDAR_CELL;
const YEAR_ROW_STEP: i32 = YEAR_ROW_HEIGHT + 8;

/// The ISO years a calendar a square a week covers, one row each.
fn calendar_years(trends: &Trends) -> std::ops::RangeInclusive<i32> {
    let year = |day: Option<&(NaiveDate, u32)>| day.map_or(0, |&(d, _)| Week::containing(d).year());
    year(trends.calendar.first())..=year(trends.calendar.last())
}

/// The size of the contact calendar for `trends`: a row per weekday, or a row per year.
pub fn calendar_size(trends: &Trends) -> (u32, u32) {
    if trends.calendar.len() <= DAILY_CALENDAR_DAYS {
        return CALENDAR_SIZE;
    }
    let rows = calendar_years(trends).count() as i32;
    let height = CALENDAR_TOP + rows * YEAR_ROW_STEP + 14 + CALENDAR_CELL + 2 + 14;
    (CALENDAR_SIZE.0, height as u32)
}

/// The colour of a calendar square with `contacts` peer contacts, where `step` contacts make
/// each shade darker: 1 for a day, 2 for a week.
fn square_colour(contacts: u32, step: u32, palette: &Palette) -> RGBAColor {
    match contacts.div_ceil(step) {
        0 => palette.empty.to_rgba(),
        // Strong enough that the lightest shade never reads as "no contact", dark theme too.
        1 => palette.primary.mix(0.5),
        2 => palette.primary.mix(0.75),
        _ => palette.primary.to_rgba(),
    }
}

/// Draws one calendar square (`height` tall) at its top-left corner for `contacts` over the
/// day or week named `when`, and returns its hover.
fn calendar_square<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (x, y): (i32, i32),
    height: i32,
    contacts: u32,
    step: u32,
    when: &str,
    palette: &Palette,
) -> std::result::Result<Hover, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let far = (x + CALENDAR_CELL, y + height);
    root.draw(&Rectangle::new(
        [(x, y), far],
        square_colour(contacts, step, palette).filled(),
    ))?;
    Ok(Hover {
        shape: HoverShape::Rect((x, y), far),
        text: format!(
            "{when}: {}.",
            plural(contacts as usize, "peer contact", "peer contacts")
        ),
    })
}

/// The calendar's key, under its squares: from no contact to the darkest shade.
fn calendar_key<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    y: i32,
    step: u32,
    most: &str,
    palette: &Palette,
) -> std::result::Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let label = style(TEXT, &palette.muted);
    root.draw(&Text::new("No contact", (CALENDAR_LEFT, y), label.clone()))?;
    for shade in 0..4 {
        let x = CALENDAR_LEFT + 86 + shade * CALENDAR_STEP;
        root.draw(&Rectangle::new(
            [(x, y + 2), (x + CALENDAR_CELL, y + 2 + CALENDAR_CELL)],
            square_colour(shade as u32 * step, step, palette).filled(),
        ))?;
    }
    root.draw(&Text::new(
        most.to_owned(),
        (CALENDAR_LEFT + 92 + 4 * CALENDAR_STEP + 8, y),
        label,
    ))?;
    Ok(())
}

fn draw_calendar<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    root.fill(&palette.background)?;
    if trends.calendar.len() > DAILY_CALENDAR_DAYS {
        return draw_calendar_by_week(root, trends, palette);
    }
    let label = style(TEXT, &palette.muted);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
        root.draw(&Text::new(
            name,
            (6, CALENDAR_TOP + row * CALENDAR_STEP - 3),
            label.clone(),
        ))?;
    }
    let mut last_month = None;
    // Month names over their first week; a year's number stands for its January, and the
    // first year is named in the corner.
    let mut months: Vec<(i32, String, String)> = Vec::new();
    let mut hovers = Vec::with_capacity(trends.calendar.len());
    // The calendar may start mid-week: columns count weeks from its first Monday.
    let first_monday = trends
        .calendar
        .first()
        .map(|&(day, _)| Week::containing(day).monday());
    for &(day, contacts) in &trends.calendar {
        let column = first_monday.map_or(0, |monday| (day - monday).num_days() as i32 / 7);
        let row = day.weekday().num_days_from_monday() as i32;
        let (x, y) = (
            CALENDAR_LEFT + column * CALENDAR_STEP,
            CALENDAR_TOP + row * CALENDAR_STEP,
        );
        if row == 0 && last_month != Some(day.month()) {
            let short = day.format("%b").to_string();
            let long = if day.month() == 1 {
                day.format("%Y").to_string()
            } else {
                short.clone()
            };
            months.push((x, long, short));
            last_month = Some(day.month());
        }
        let when = DateStyle::from_env().weekday_date(day);
        hovers.push(calendar_square(
            root,
            (x, y),
            CALENDAR_CELL,
            contacts,
            1,
            &when,
            palette,
        )?);
    }
    if let Some(&(first, _)) = trends.calendar.first() {
        if Week::containing(first).monday().month() != 1 {
            root.draw(&Text::new(
                first.format("%Y").to_string(),
                (6, 8),
                label.clone(),
            ))?;
        }
    }
    // A name that would run into the next is shortened, then left out; the last must fit.
    let width = root.dim_in_pixel().0 as i32;
    for (i, (x, long, short)) in months.iter().enumerate() {
        let room = months.get(i + 1).map_or(width, |next| next.0) - x - 6;
        let fits = |text: &str| {
            root.estimate_text_size(text, &label)
                .is_ok_and(|(w, _)| (w as i32) <= room)
        };
        let name = [long, short].into_iter().find(|text| fits(text));
        if let Some(name) = name {
            root.draw(&Text::new(name.clone(), (*x, 8), label.clone()))?;
        }
    }
    calendar_key(
        root,
        CALENDAR_TOP + 7 * CALENDAR_STEP + 14,
        1,
        "3 or more a day",
        palette,
    )?;
    Ok(hovers)
}

/// Peer contacts per ISO week of the calendar, oldest first.
fn contacts_by_week(trends: &Trends) -> Vec<(Week, u32)> {
    let mut weeks: Vec<(Week, u32)> = Vec::new();
    for &(day, contacts) in &trends.calendar {
        let week = Week::containing(day);
        match weeks.last_mut() {
            Some((last, total)) if *last == week => *total += contacts,
            _ => weeks.push((week, contacts)),
        }
    }
    weeks
}

/// A long calendar: a row per year, a square per ISO week, months named along the top.
fn draw_calendar_by_week<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    trends: &Trends,
    palette: &Palette,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let label = style(TEXT, &palette.muted);
    let years = calendar_years(trends);
    // Months over the week that holds their first day, in a year that starts on a Monday.
    for month in 1..=12 {
        let first = NaiveDate::from_ymd_opt(2024, month, 1).expect("a real month");
        let column = first.ordinal0() as i32 / 7;
        root.draw(&Text::new(
            first.format("%b").to_string(),
            (CALENDAR_LEFT + column * CALENDAR_STEP, 8),
            label.clone(),
        ))?;
    }
    let mut hovers = Vec::new();
    for (row, year) in years.clone().enumerate() {
        let y = CALENDAR_TOP + row as i32 * YEAR_ROW_STEP;
        root.draw(&Text::new(year.to_string(), (6, y + 4), label.clone()))?;
    }
    for (week, contacts) in contacts_by_week(trends) {
        let row = week.year() - years.start();
        let (x, y) = (
            CALENDAR_LEFT + (week.number() as i32 - 1) * CALENDAR_STEP,
            CALENDAR_TOP + row * YEAR_ROW_STEP,
        );
        hovers.push(calendar_square(
            root,
            (x, y),
            YEAR_ROW_HEIGHT,
            contacts,
            2,
            &week_of(week),
            palette,
        )?);
    }
    let rows = years.count() as i32;
    calendar_key(
        root,
        CALENDAR_TOP + rows * YEAR_ROW_STEP + 14,
        2,
        "5 or more a week",
        palette,
    )?;
    Ok(hovers)
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
            "{} over {}, {substantive} of them beyond logistics.",
            plural(total as usize, "peer contact", "peer contacts"),
            these_weeks(trends.weeks.len())
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

/// "this week" for one week, "these 12 weeks" for more.
fn these_weeks(weeks: usize) -> String {
    if weeks == 1 {
        "this week".to_owned()
    } else {
        format!("these {weeks} weeks")
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
        "Over {} you ticked {:.0}% of peer items and {:.0}% of solo items.",
        these_weeks(trends.weeks.len()),
        percent(peer).unwrap_or(0.0),
        percent(solo).unwrap_or(0.0)
    )
}

/// "Peer contact on 48 of the last 364 days; the longest stretch without was 12 days.", or
/// "... on 5 of 20 days since you started ..." when the calendar reaches first use, or by weeks
/// when it is longer than a year.
pub fn calendar_summary(trends: &Trends) -> String {
    let by_week = trends.calendar.len() > DAILY_CALENDAR_DAYS;
    let counts: Vec<u32> = if by_week {
        contacts_by_week(trends)
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    } else {
        trends.calendar.iter().map(|&(_, n)| n).collect()
    };
    let with_contact = counts.iter().filter(|&&n| n > 0).count();
    if with_contact == 0 {
        return "Log peer contacts to fill this calendar, one square a day.".into();
    }
    let mut longest = 0;
    let mut run = 0;
    for &contacts in &counts {
        run = if contacts == 0 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let (one, many) = if by_week {
        ("week", "weeks")
    } else {
        ("day", "days")
    };
    let reaches_first_use = trends
        .calendar
        .first()
        .is_some_and(|&(day, _)| day <= trends.first_use);
    let span = if reaches_first_use {
        format!("{} since you started", plural(counts.len(), one, many))
    } else {
        format!("the last {} {many}", counts.len())
    };
    let on = if by_week { "in" } else { "on" };
    format!(
        "Peer contact {on} {with_contact} of {span}; the longest stretch without was {}.",
        plural(longest, one, many)
    )
}

text_enum!(
    /// A file format a chart can be saved in.
    ExportFormat, "a chart format", {
        /// Scalable vector graphics, as drawn.
        Svg => "svg", "SVG",
        /// A bitmap of the same drawing.
        Png => "png", "PNG",
    }
);

impl Chart {
    /// The chart as a file of `format`, headed by its title and the days it covers; refused
    /// when there was too little data to draw it.
    pub fn file(&self, format: ExportFormat) -> Result<Vec<u8>> {
        let Some(svg) = &self.svg else {
            return Err(Error::Invalid(format!(
                "There is nothing to save yet. {}",
                self.summary
            )));
        };
        let headed = self.headed(svg);
        match format {
            ExportFormat::Svg => Ok(headed.into_bytes()),
            ExportFormat::Png => png(&headed),
        }
    }

    /// `svg` under a heading with the chart's title and period, as a file stands on its own.
    fn headed(&self, svg: &str) -> String {
        let palette = self.theme.palette();
        let (width, height) = (self.size.0, self.size.1 + HEADING_HEIGHT);
        let colour = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        let drawing = svg.replacen("<svg ", &format!("<svg x=\"0\" y=\"{HEADING_HEIGHT}\" "), 1);
        format!(
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <rect width=\"{width}\" height=\"{height}\" fill=\"{background}\"/>\n\
             <text x=\"{PLOT_LEFT}\" y=\"30\" font-family=\"{FAMILY}\" font-size=\"20\" fill=\"{text}\">{title}</text>\n\
             <text x=\"{PLOT_LEFT}\" y=\"52\" font-family=\"{FAMILY}\" font-size=\"15\" fill=\"{muted}\">{period}</text>\n\
             {drawing}</svg>\n",
            background = colour(palette.background),
            text = colour(palette.text),
            muted = colour(palette.muted),
            title = escaped(self.title),
            period = escaped(&self.period),
        )
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
