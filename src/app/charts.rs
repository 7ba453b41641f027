//! The edition's charts in the editor: [`draw`] shows a [`Chart`] (from
//! [`crate::edition::chart`]: `headline`, `grid`, `history`) as the published SVG shows it —
//! the same bars, bands, colours, values and legend — with `egui_plot` for bars and lines and
//! the painter for the grid.
//!
//! ```ignore
//! let chart = rapporteur::edition::chart::headline(&edition); // keep it; rebuild on refresh
//! egui::ScrollArea::vertical().show(ui, |ui| charts::draw(ui, &chart));
//! // "Save chart as…": chart.save(&path) writes SVG or PNG by the file's extension
//! // (or chart.to_svg() / chart.to_png(2.0) for the bytes).
//! ```
//!
//! Build the [`Chart`] once (when the edition is read or refreshed), not every frame: `draw`
//! only turns it into plot items, a few hundred small ones for an edition of 200 countries.
//! The plot does not zoom, pan or take the mouse wheel, so it sits in a scroll area: a chart of
//! many countries is as tall as its bars need and the area scrolls.

use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, Ui, pos2, vec2};
use egui_plot::{
    AxisHints, Bar, BarChart, Corner, GridMark, Legend, Line, Plot, PlotPoint, PlotPoints, Points, Span, Text,
};

use crate::edition::chart::{self, Bars, Chart, Colour, Grid, Kind};

/// Height of one bar's row, in points.
const ROW: f32 = 18.0;
/// A grid cell's height.
const CELL_H: f32 = 20.0;

fn colour(c: Colour) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// Draws `chart` filling the width available: a title, then the bars, the line or the grid.
/// Bars and lines are as tall as they need (18 points a bar), so put the call in a
/// [`egui::ScrollArea`] where the chart may be long.
pub fn draw(ui: &mut Ui, chart: &Chart) {
    ui.heading(&chart.title);
    match &chart.kind {
        Kind::Bars(bars) => draw_bars(ui, chart, bars),
        Kind::Line(line) => draw_line(ui, chart, line),
        Kind::Grid(grid) => {
            legend_row(ui, &chart.legend);
            draw_grid(ui, grid);
        }
    }
}

/// The widest of `texts` as laid out in `font`: only the longest by characters is laid out.
fn widest(ui: &Ui, texts: impl Iterator<Item = String>, font: &FontId) -> f32 {
    let Some(longest) = texts.max_by_key(|t| t.chars().count()) else { return 0.0 };
    ui.fonts_mut(|f| f.layout_no_wrap(longest, font.clone(), Color32::WHITE).size().x)
}

fn draw_bars(ui: &mut Ui, chart: &Chart, b: &Bars) {
    if b.bars.is_empty() {
        ui.label("No chapter has the figure yet.");
        return;
    }
    let n = b.bars.len();
    let label_width = widest(ui, b.bars.iter().map(|bar| bar.label.clone()), &FontId::proportional(12.0));
    let top = |i: usize| (n - 1 - i) as f64;
    let labels = &b.bars;
    let span = b.axis.max - b.axis.min;
    let height = (ROW * n as f32 + 80.0).max(200.0);
    // Values sit on the bands' light tints where there are bands, else on the theme's ground.
    let text = if b.bands.is_empty() { ui.visuals().text_color() } else { colour(chart::INK) };
    Plot::new(("edition-chart", &chart.id))
        .height(height)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([true, false])
        .default_x_bounds(b.axis.min, b.axis.max + span * 0.08)
        .default_y_bounds(-0.6, n as f64 - 0.4)
        .x_axis_label(b.axis.label.clone())
        .x_grid_spacer(ticks(b.axis.ticks.iter().map(|t| t.value).collect()))
        .x_axis_formatter(move |mark, _| label_at(&b.axis.ticks, mark.value))
        .y_grid_spacer(move |input| {
            let (lo, hi) = input.bounds;
            let first = lo.ceil().max(0.0) as usize;
            let last = (hi.floor().max(0.0) as usize).min(n.saturating_sub(1));
            (first..=last).map(|k| GridMark { value: k as f64, step_size: 1.0 }).collect()
        })
        // Every country named: one mark a bar, shown however close the bars are.
        .custom_y_axes(vec![AxisHints::new_y().min_thickness(label_width + 8.0).label_spacing(8.0..=12.0).formatter(
            move |mark, _| {
                let k = mark.value.round();
                if (mark.value - k).abs() > 1e-6 || k < 0.0 || k as usize >= n {
                    return String::new();
                }
                labels.get(n - 1 - k as usize).map(|bar| bar.label.clone()).unwrap_or_default()
            },
        )])
        .legend(Legend::default().position(Corner::RightBottom).follow_insertion_order(true))
        .show(ui, |plot| {
            for band in &b.bands {
                plot.span(Span::new("", band.from..=band.to).fill(colour(band.colour)));
            }
            // One bar chart a legend entry, so the legend names the classes.
            let entries: Vec<Colour> = chart.legend.entries.iter().map(|s| s.colour).collect();
            let mut groups: Vec<(String, Colour)> =
                chart.legend.entries.iter().map(|s| (s.label.clone(), s.colour)).collect();
            for bar in &b.bars {
                if !entries.contains(&bar.colour) && !groups.iter().any(|(_, c)| *c == bar.colour) {
                    groups.push((String::new(), bar.colour));
                }
            }
            // The legend in a bottom corner lists upwards: the worst class first puts the best on top.
            for (name, c) in groups.into_iter().rev() {
                let bars: Vec<Bar> = b
                    .bars
                    .iter()
                    .enumerate()
                    .filter(|(_, bar)| bar.colour == c)
                    .map(|(i, bar)| {
                        let hover = match &bar.class {
                            Some(class) => format!("{}: {} ({class})", bar.label, bar.shown),
                            None => format!("{}: {}", bar.label, bar.shown),
                        };
                        Bar::new(top(i), bar.value - b.base)
                            .base_offset(b.base)
                            .width(0.7)
                            .fill(colour(c))
                            .stroke(Stroke::new(0.5, Color32::from_gray(0x4d)))
                            .name(hover)
                    })
                    .collect();
                if bars.is_empty() {
                    continue;
                }
                plot.bar_chart(
                    BarChart::new(name, bars)
                        .color(colour(c))
                        .horizontal()
                        .element_formatter(Box::new(|bar, _| bar.name.clone())),
                );
            }
            for (i, bar) in b.bars.iter().enumerate() {
                let (x, anchor) = if bar.value < b.base {
                    (bar.value - span * 0.005, Align2::RIGHT_CENTER)
                } else {
                    (bar.value + span * 0.005, Align2::LEFT_CENTER)
                };
                plot.text(Text::new("", PlotPoint::new(x, top(i)), bar.shown.as_str()).anchor(anchor).color(text));
            }
        });
}

/// The text of the axis mark at `value`, if it is one of the chart's ticks.
fn label_at(ticks: &[chart::Tick], value: f64) -> String {
    ticks.iter().find(|t| (t.value - value).abs() < 1e-9).map(|t| t.label.clone()).unwrap_or_default()
}

/// A grid spacer marking exactly `values`.
fn ticks(values: Vec<f64>) -> impl Fn(egui_plot::GridInput) -> Vec<GridMark> {
    let step = values.windows(2).map(|w| w[1] - w[0]).next().unwrap_or(1.0);
    move |_| values.iter().map(|&value| GridMark { value, step_size: step }).collect()
}

fn draw_line(ui: &mut Ui, chart: &Chart, l: &chart::Line) {
    if l.points.is_empty() {
        ui.label(&chart.description);
        return;
    }
    let axis = &l.axis;
    let span = axis.max - axis.min;
    let (first, last) = l.years;
    let text = if l.bands.is_empty() { ui.visuals().text_color() } else { colour(chart::INK) };
    Plot::new(("edition-chart", &chart.id))
        .height(320.0)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .default_x_bounds(f64::from(first) - 0.5, f64::from(last) + 0.5)
        .default_y_bounds(axis.min, axis.max)
        .x_axis_label("Edition")
        .y_axis_label(axis.label.clone())
        .y_grid_spacer(ticks(axis.ticks.iter().map(|t| t.value).collect()))
        .y_axis_formatter(move |mark, _| label_at(&axis.ticks, mark.value))
        .x_grid_spacer(move |_| {
            let every = ((last - first + 1) / 16).max(1);
            (first..=last)
                .filter(|y| (y - first) % every == 0)
                .map(|y| GridMark { value: f64::from(y), step_size: f64::from(every) })
                .collect()
        })
        .x_axis_formatter(|mark, _| {
            let y = mark.value.round();
            if (mark.value - y).abs() < 1e-6 { format!("{y:.0}") } else { String::new() }
        })
        .legend(Legend::default().position(Corner::RightBottom).follow_insertion_order(true))
        .show(ui, |plot| {
            for band in &l.bands {
                plot.span(Span::new("", band.from..=band.to).axis(egui_plot::Axis::Y).fill(colour(band.colour)));
            }
            // The line, broken where an edition has no figure.
            let mut run: Vec<[f64; 2]> = Vec::new();
            let mut runs = 0;
            for p in &l.points {
                if let Some(v) = p.value {
                    run.push([f64::from(p.year), v]);
                } else if !run.is_empty() {
                    plot.line(
                        Line::new("", PlotPoints::from(std::mem::take(&mut run)))
                            .color(Color32::from_gray(0x6b))
                            .width(2.0)
                            .id(("run", runs)),
                    );
                    runs += 1;
                }
            }
            if !run.is_empty() {
                plot.line(
                    Line::new("", PlotPoints::from(run)).color(Color32::from_gray(0x6b)).width(2.0).id(("run", runs)),
                );
            }
            let mut groups: Vec<(String, Colour)> =
                chart.legend.entries.iter().map(|s| (s.label.clone(), s.colour)).collect();
            for p in &l.points {
                if !groups.iter().any(|(_, c)| *c == p.colour) {
                    groups.push((String::new(), p.colour));
                }
            }
            for (name, c) in groups.into_iter().rev() {
                let at: Vec<[f64; 2]> = l
                    .points
                    .iter()
                    .filter(|p| p.colour == c)
                    .filter_map(|p| p.value.map(|v| [f64::from(p.year), v]))
                    .collect();
                if !at.is_empty() {
                    plot.points(Points::new(name, PlotPoints::from(at)).color(colour(c)).radius(5.5).filled(true));
                }
            }
            for p in &l.points {
                if let (Some(v), Some(shown)) = (p.value, &p.shown) {
                    let at = PlotPoint::new(f64::from(p.year), v + span * 0.03);
                    plot.text(Text::new("", at, shown.as_str()).anchor(Align2::CENTER_BOTTOM).color(text));
                }
            }
        });
}

/// The legend as a row of swatches (the grid's, which `egui_plot` does not draw).
fn legend_row(ui: &mut Ui, legend: &chart::Legend) {
    if legend.entries.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if !legend.title.is_empty() {
            ui.label(format!("{}:", legend.title));
        }
        for s in &legend.entries {
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(rect, 0.0, colour(s.colour));
            ui.painter().rect_stroke(rect, 0.0, Stroke::new(0.5, Color32::from_gray(0x4d)), egui::StrokeKind::Inside);
            if !s.label.is_empty() {
                ui.label(&s.label);
            }
        }
    });
}

fn draw_grid(ui: &mut Ui, g: &Grid) {
    if g.rows.is_empty() {
        ui.label("No chapter is rated yet.");
        return;
    }
    let font = FontId::proportional(11.0);
    let label_font = FontId::proportional(12.0);
    let label_width = widest(ui, g.rows.iter().cloned(), &label_font) + 10.0;
    let cell_w = 48.0_f32.max(widest(ui, g.columns.iter().map(|c| c.code.clone()), &font) + 12.0);
    let head = 22.0;
    let size = vec2(label_width + cell_w * g.columns.len() as f32, head + CELL_H * g.rows.len() as f32);
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let text = ui.visuals().text_color();
    let x0 = rect.left() + label_width;
    let y0 = rect.top() + head;
    for (k, c) in g.columns.iter().enumerate() {
        let x = x0 + cell_w * (k as f32 + 0.5);
        painter.text(pos2(x, y0 - 4.0), Align2::CENTER_BOTTOM, &c.code, font.clone(), text);
    }
    // Only the rows in view are painted: an edition of 200 countries stays cheap.
    let clip = ui.clip_rect();
    let first = (((clip.top() - y0) / CELL_H).floor().max(0.0)) as usize;
    let last = ((((clip.bottom() - y0) / CELL_H).ceil()).max(0.0) as usize).min(g.rows.len());
    for i in first..last {
        let y = y0 + CELL_H * i as f32;
        painter.text(pos2(x0 - 6.0, y + CELL_H / 2.0), Align2::RIGHT_CENTER, &g.rows[i], label_font.clone(), text);
        for (k, cell) in g.cells[i].iter().enumerate() {
            let r = Rect::from_min_size(pos2(x0 + cell_w * k as f32, y), vec2(cell_w, CELL_H)).shrink(0.5);
            if let Some(cell) = cell {
                painter.rect_filled(r, 0.0, colour(cell.colour));
                painter.text(r.center(), Align2::CENTER_CENTER, &cell.shown, font.clone(), colour(cell.text));
            } else {
                painter.rect_filled(r, 0.0, colour(chart::NO_VALUE));
                painter.text(r.center(), Align2::CENTER_CENTER, "–", font.clone(), Color32::from_gray(0x6b));
            }
        }
    }
    // What a cell (or a column's heading) is, under the pointer.
    if let Some(pointer) = response.hover_pos()
        && pointer.x >= x0
        && let Some(column) = g.columns.get(((pointer.x - x0) / cell_w) as usize)
    {
        let row = ((pointer.y - y0) / CELL_H).floor();
        let tip = match g.rows.get(row as usize).filter(|_| row >= 0.0) {
            Some(country) => {
                let cell = g.cells.get(row as usize).and_then(|r| r.get(((pointer.x - x0) / cell_w) as usize));
                let shown = cell.and_then(Option::as_ref).map_or("not rated", |c| c.shown.as_str());
                format!("{country}\n{}: {shown}", column.key())
            }
            None => column.key(),
        };
        response.on_hover_text_at_pointer(tip);
    }
}
