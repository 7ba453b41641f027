//! The edition's overview (File ▸ Open Edition…): one row a chapter — country, region,
//! author, every figure of the methodology's score tree, last year's headline and the change,
//! the classifications, findings, open comments and proposals, the review, words, and who
//! changed it last — sortable by any column, filtered by region, class, state or text, with the
//! regional and edition sums at its foot, and the edition's charts.
//!
//! Everything shown comes from [`crate::edition::overview`]; this module only draws it and
//! keeps what the person chose. The rows' cells are formatted once a version of the edition
//! (see [`Overview::generation`]) and the order and the sums once a sort, a filter or a version:
//! a frame (scrolling, a hover) formats and sorts nothing. Only the rows in sight are drawn.
//!
//! Keys: ↑ ↓ Page Up/Down, Home and End move the selection while the table has the focus
//! (a click on a row gives it), Enter opens the selected chapter in a tab of its own (as a
//! double click does); Tab goes on from the filters to the headers and the table.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Align, Color32, Key, Layout, RichText, Sense, Ui, vec2};

use super::{Action, a11y, theme};
use crate::edition::Edition;
use crate::edition::chart::Chart;
use crate::edition::overview::{self, Column, Filter, Footer, Sort, StateFilter};

/// What the overview shows under its filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OverviewPane {
    /// The table of chapters.
    #[default]
    Table,
    /// The edition's charts.
    Charts,
}

/// A chart of the edition (see [`crate::edition::chart`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Every country's headline figure.
    Headline,
    /// The items' ratings, country by item.
    Grid,
    /// The selected country's headline across editions.
    History,
}

impl ChartKind {
    /// Its name, as its buttons say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Headline => "headline chart",
            Self::Grid => "ratings grid",
            Self::History => "history chart",
        }
    }
}

/// The cells of every row, formatted once a version of the edition.
#[allow(clippy::struct_field_names)] // `cells` of `Cells`: the table's text, by row and column
struct Cells {
    generation: u64,
    columns: Vec<Column>,
    headers: Vec<String>,
    /// By entry, by column.
    cells: Vec<Vec<String>>,
    widths: Vec<f32>,
    /// The classes of the first classification, best first (the class filter's choices).
    classes: Vec<String>,
}

/// The rows shown, in order, and their sums: found again only when the sort, the filter or
/// the edition changes.
struct Order {
    generation: u64,
    sort: Sort,
    filter: Filter,
    rows: Vec<usize>,
    footer: Footer,
}

/// The overview's state: the edition as last read, and what the person chose.
pub struct Overview {
    /// The edition.
    pub edition: Arc<Edition>,
    /// Bumped whenever the edition changes (a chapter read again, last changes from git).
    pub generation: u64,
    /// Bumped whenever a chapter's row is read again (not for last changes): a look at the
    /// folder that began before is dropped.
    pub(super) revision: u64,
    /// The order.
    pub sort: Sort,
    /// Which rows are shown.
    pub filter: Filter,
    /// The selected chapter's file.
    pub selected: Option<PathBuf>,
    /// Table or charts.
    pub pane: OverviewPane,
    cells: Option<Cells>,
    order: Option<Order>,
    /// Bring the selected row into sight next frame.
    scroll_to_selected: bool,
    /// The table's scroll offset and height in sight, as last drawn.
    scrolled: (f32, f32),
    /// When (on the editor's clock) the folder is looked at again.
    pub(super) refresh_at: Option<f64>,
    /// The headline and grid charts, and the edition version they are of.
    charts: Option<(u64, Chart, Chart)>,
    /// The history chart: the country it is of, and the chart (`None` while it is computed).
    pub(super) history: Option<(String, Option<Chart>)>,
}

impl Overview {
    /// The overview of `edition`, in published order, nothing filtered.
    #[must_use]
    pub fn new(edition: Edition) -> Self {
        Self {
            edition: Arc::new(edition),
            generation: 1,
            revision: 1,
            sort: Sort::default(),
            filter: Filter::default(),
            selected: None,
            pane: OverviewPane::Table,
            cells: None,
            order: None,
            scroll_to_selected: false,
            scrolled: (0.0, 0.0),
            refresh_at: None,
            charts: None,
            history: None,
        }
    }

    /// The edition, to change (clones it if a job still reads it); the overview is formatted
    /// again.
    pub fn edition_mut(&mut self) -> &mut Edition {
        self.generation += 1;
        Arc::make_mut(&mut self.edition)
    }

    /// The rows shown, as indices into the edition's entries, in order (as of the last frame's
    /// sort and filter, brought up to date here).
    pub fn shown(&mut self) -> &[usize] {
        self.update();
        self.order.as_ref().map_or(&[], |o| &o.rows)
    }

    /// The sums of the rows shown.
    pub fn footer(&mut self) -> Option<&Footer> {
        self.update();
        self.order.as_ref().map(|o| &o.footer)
    }

    /// The cell of entry `entry` in column `column`, as shown.
    #[must_use]
    pub fn cell(&self, entry: usize, column: Column) -> Option<&str> {
        let cells = self.cells.as_ref()?;
        let at = cells.columns.iter().position(|c| *c == column)?;
        cells.cells.get(entry)?.get(at).map(String::as_str)
    }

    /// Formats the cells again if the edition changed, and finds the order again if the
    /// edition, the sort or the filter did.
    fn update(&mut self) {
        let edition = &self.edition;
        if self.cells.as_ref().is_none_or(|c| c.generation != self.generation) {
            self.cells = Some(format_cells(edition, self.generation));
        }
        let stale = self
            .order
            .as_ref()
            .is_none_or(|o| o.generation != self.generation || o.sort != self.sort || o.filter != self.filter);
        if stale {
            let rows: Vec<&crate::edition::Row> = edition.rows().collect();
            let order = overview::view(edition, &rows, self.sort, &self.filter);
            let shown: Vec<&crate::edition::Row> = order.iter().map(|&i| rows[i]).collect();
            let footer = overview::footer(edition, &shown);
            self.order = Some(Order {
                generation: self.generation,
                sort: self.sort,
                filter: self.filter.clone(),
                rows: order,
                footer,
            });
        }
    }

    /// Sorts by `column`: ascending, or the other way round if it is sorted by it already.
    pub fn sort_by(&mut self, column: Column) {
        if self.sort.column == Some(column) {
            self.sort.descending = !self.sort.descending;
        } else {
            self.sort = Sort { column: Some(column), descending: false };
        }
        self.scroll_to_selected = true;
    }

    /// The selected row's place among the rows shown.
    fn selected_at(&mut self) -> Option<usize> {
        let selected = self.selected.clone()?;
        let edition = self.edition.clone();
        self.shown().iter().position(|&i| edition.entries.get(i).is_some_and(|e| e.path == selected))
    }

    /// Selects the row at place `at` among those shown (clamped).
    fn select_at(&mut self, at: usize) {
        let edition = self.edition.clone();
        let rows = self.shown();
        if let Some(&i) = rows.get(at.min(rows.len().saturating_sub(1))) {
            self.selected = edition.entries.get(i).map(|e| e.path.clone());
            self.scroll_to_selected = true;
        }
    }

    /// The selected chapter's country.
    #[must_use]
    pub fn selected_country(&self) -> Option<String> {
        let path = self.selected.as_ref()?;
        self.edition.entries.iter().find(|e| &e.path == path).map(|e| e.row.country.clone())
    }

    /// The headline and grid charts of the edition as it is now (made once a version).
    pub(super) fn charts(&mut self) -> (&Chart, &Chart) {
        if self.charts.as_ref().is_some_and(|(g, _, _)| *g != self.generation) {
            self.charts = None;
        }
        let edition = &self.edition;
        let generation = self.generation;
        let (_, headline, grid) = self.charts.get_or_insert_with(|| {
            (generation, crate::edition::chart::headline(edition), crate::edition::chart::grid(edition))
        });
        (headline, grid)
    }
}

/// Every entry's cells, the columns' widths and the filters' choices.
fn format_cells(edition: &Edition, generation: u64) -> Cells {
    let columns = overview::columns(edition);
    let headers: Vec<String> = columns.iter().map(|&c| overview::header(edition, c)).collect();
    let cells: Vec<Vec<String>> =
        edition.entries.iter().map(|e| columns.iter().map(|&c| overview::cell(&e.row, c)).collect()).collect();
    // Widths from the longest text of each column (a character of the body font is about 7.5
    // points wide); headers wrap rather than widen a column of short figures much.
    let widths = columns
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let longest = cells.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
            let head = headers[i].chars().count().min(18);
            (longest.max(head) as f32).mul_add(7.2, 18.0).clamp(44.0, 300.0)
        })
        .collect();
    let classes = edition
        .method
        .def
        .classifications
        .first()
        .map(|c| c.rule.labels().into_iter().map(str::to_owned).collect())
        .unwrap_or_default();
    Cells { generation, columns, headers, cells, widths, classes }
}

/// The id of the table (the widget that holds the focus for its keys).
fn table_id() -> egui::Id {
    egui::Id::unique("edition-overview-table")
}

/// Draws the overview: its title line, the filters, then the table or the charts, and the
/// sums at the foot of the table.
pub fn panel(ui: &mut Ui, ov: &mut Overview, out: &mut Vec<Action>) {
    ov.update();
    title_line(ui, ov, out);
    filters(ui, ov);
    ui.separator();
    match ov.pane {
        OverviewPane::Charts => charts(ui, ov, out),
        OverviewPane::Table => {
            // Tall enough for every region's line and the edition's (a scroll bar past eight).
            let lines = ov.footer().map_or(1, |f| f.regions.len() + 2).min(9) as f32;
            let line = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            egui::Panel::bottom("overview-footer")
                .resizable(false)
                .exact_size(lines * line + 22.0)
                .show(ui, |ui| footer(ui, ov));
            table(ui, ov, out);
        }
    }
}

fn title_line(ui: &mut Ui, ov: &mut Overview, out: &mut Vec<Action>) {
    let shown = ov.shown().len();
    let edition = &ov.edition;
    ui.horizontal_wrapped(|ui| {
        ui.heading(&edition.file.name);
        let total = edition.entries.len();
        let count = if shown == total {
            crate::words::count(total, "chapter")
        } else {
            format!("{shown} of {}", crate::words::count(total, "chapter"))
        };
        ui.label(RichText::new(format!("{} · {count}", edition.method.def.name)).color(theme::quiet(ui.visuals())));
        ui.separator();
        for (pane, label) in [(OverviewPane::Table, "Chapters"), (OverviewPane::Charts, "Charts")] {
            let r = ui.selectable_label(ov.pane == pane, label);
            a11y::tab(ui, &r, ov.pane == pane);
            if r.clicked() {
                ov.pane = pane;
                if pane == OverviewPane::Charts {
                    out.push(Action::ShowOverview);
                }
            }
        }
        ui.separator();
        if ui.button("Publish…").on_hover_text("Write the edition's static site (File ▸ Publish Edition…)").clicked()
        {
            out.push(Action::PublishEdition);
        }
    });
}

/// The filters: region, class, state, and words.
fn filters(ui: &mut Ui, ov: &mut Overview) {
    let regions: Vec<String> = ov.edition.file.regions.iter().map(|r| r.name.clone()).collect();
    let classes = ov.cells.as_ref().map(|c| c.classes.clone()).unwrap_or_default();
    let class_label = ov.edition.method.def.classifications.first().map_or("Class", |c| c.label.as_str()).to_owned();
    let filter = &mut ov.filter;
    ui.horizontal_wrapped(|ui| {
        let shown = |r: &Option<String>| match r.as_deref() {
            None => "All regions".to_owned(),
            Some("") => "No region".to_owned(),
            Some(r) => r.to_owned(),
        };
        let label = ui.label("Region");
        egui::ComboBox::from_id_salt("overview-region")
            .selected_text(shown(&filter.region))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.region, None, "All regions");
                for r in &regions {
                    ui.selectable_value(&mut filter.region, Some(r.clone()), r.as_str());
                }
                ui.selectable_value(&mut filter.region, Some(String::new()), "No region");
            })
            .response
            .labelled_by(label.id);
        if !classes.is_empty() {
            let now = filter.class.clone().unwrap_or_else(|| "Any".to_owned());
            let label = ui.label(class_label.as_str());
            egui::ComboBox::from_id_salt("overview-class")
                .selected_text(now)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.class, None, "Any");
                    for c in &classes {
                        ui.selectable_value(&mut filter.class, Some(c.clone()), c.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
        }
        let now = filter.state.map_or("Any", StateFilter::label);
        let label = ui.label("State");
        egui::ComboBox::from_id_salt("overview-state")
            .selected_text(now)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut filter.state, None, "Any");
                for s in StateFilter::all() {
                    ui.selectable_value(&mut filter.state, Some(s), s.label());
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Filter");
        ui.add(
            egui::TextEdit::singleline(&mut filter.text)
                .hint_text("country, author, class or file")
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        if !filter.is_empty() && ui.button("Show all").clicked() {
            *filter = Filter::default();
        }
    });
}

/// The table's keys, while it has the focus: ↑ ↓ Page Up/Down Home End move the selection,
/// Enter opens the selected chapter.
fn table_keys(ui: &Ui, ov: &mut Overview, page: usize, out: &mut Vec<Action>) {
    if !ui.memory(|m| m.has_focus(table_id())) {
        return;
    }
    let n = ov.shown().len();
    if n == 0 {
        return;
    }
    let (up, down, page_up, page_down, home, end, enter) = ui.input_mut(|i| {
        let mut count = |k| i.count_and_consume_key(egui::Modifiers::NONE, k);
        (
            count(Key::ArrowUp),
            count(Key::ArrowDown),
            count(Key::PageUp),
            count(Key::PageDown),
            count(Key::Home) > 0,
            count(Key::End) > 0,
            count(Key::Enter) > 0,
        )
    });
    let at = ov.selected_at();
    let moved = up + down + page_up + page_down > 0 || home || end;
    if moved {
        let from = at.unwrap_or(0) as isize;
        let step = down as isize - up as isize + (page_down as isize - page_up as isize) * page as isize;
        let mut to = if at.is_none() && step > 0 { 0 } else { from + step };
        if home {
            to = 0;
        }
        if end {
            to = n as isize - 1;
        }
        ov.select_at(to.clamp(0, n as isize - 1) as usize);
    }
    if enter && let Some(path) = ov.selected.clone() {
        out.push(Action::OpenEditionChapter(path));
    }
}

/// The table: its headers (click to sort), then the rows in sight.
fn table(ui: &mut Ui, ov: &mut Overview, out: &mut Vec<Action>) {
    let row_height = ui.spacing().interact_size.y.max(ui.text_style_height(&egui::TextStyle::Body) + 6.0);
    let page = ((ov.scrolled.1 / row_height) as usize).max(1);
    table_keys(ui, ov, page, out);
    let Some(cells) = ov.cells.take() else { return };
    let width: f32 = cells.widths.iter().sum::<f32>() + ui.spacing().item_spacing.x * cells.widths.len() as f32;
    egui::ScrollArea::horizontal().id_salt("overview-h").auto_shrink([false, false]).show(ui, |ui| {
        ui.set_min_width(width);
        headers(ui, ov, &cells, row_height);
        rows(ui, ov, &cells, row_height, out);
    });
    ov.cells = Some(cells);
}

fn headers(ui: &mut Ui, ov: &mut Overview, cells: &Cells, row_height: f32) {
    ui.horizontal(|ui| {
        for (i, &column) in cells.columns.iter().enumerate() {
            let sorted = (ov.sort.column == Some(column)).then_some(ov.sort.descending);
            let arrow = match sorted {
                Some(false) => " ▲",
                Some(true) => " ▼",
                None => "",
            };
            let text = format!("{}{arrow}", cells.headers[i]);
            let layout = if overview::numeric(column) {
                Layout::right_to_left(Align::Center)
            } else {
                Layout::left_to_right(Align::Center)
            };
            let r = fixed(ui, vec2(cells.widths[i], row_height * 1.6), layout, |ui| {
                ui.add(egui::Button::new(RichText::new(text).strong()).frame(false).truncate())
            });
            let name = match sorted {
                Some(false) => format!("{}, sorted ascending", cells.headers[i]),
                Some(true) => format!("{}, sorted descending", cells.headers[i]),
                None => cells.headers[i].clone(),
            };
            let r = r.on_hover_text(format!("Sort by {} (click again to reverse)", cells.headers[i]));
            ui.ctx().accesskit_node_builder(r.id, |b| {
                b.set_role(egui::accesskit::Role::ColumnHeader);
                b.set_label(name);
            });
            if r.clicked() {
                ov.sort_by(column);
            }
        }
    });
    ui.separator();
}

#[allow(clippy::too_many_lines)] // one row's cells, its marks and its keys, read best together
fn rows(ui: &mut Ui, ov: &mut Overview, cells: &Cells, row_height: f32, out: &mut Vec<Action>) {
    let shown = ov.shown().to_vec();
    let edition = ov.edition.clone();
    let mut area = egui::ScrollArea::vertical().id_salt("overview-v").auto_shrink([false, false]);
    if std::mem::take(&mut ov.scroll_to_selected)
        && let Some(at) = ov.selected_at()
    {
        let (offset, height) = ov.scrolled;
        let (top, bottom) = (at as f32 * row_height, (at + 1) as f32 * row_height);
        if top < offset {
            area = area.vertical_scroll_offset(top);
        } else if height > 0.0 && bottom > offset + height {
            area = area.vertical_scroll_offset(bottom - height);
        }
    }
    let visuals = ui.visuals().clone();
    let table = ui.make_persistent_id("overview-rows");
    let focused = ui.memory(|m| m.has_focus(table_id()));
    let mut clicked = false;
    let scroll = area.show_rows(ui, row_height, shown.len(), |ui, range| {
        ui.spacing_mut().item_spacing.y = 0.0;
        for at in range {
            let Some(&i) = shown.get(at) else { continue };
            let Some(entry) = edition.entries.get(i) else { continue };
            let row = &entry.row;
            let selected = ov.selected.as_ref() == Some(&entry.path);
            let rect = egui::Rect::from_min_size(ui.cursor().min, vec2(ui.available_width().max(10.0), row_height));
            let id = table.with(&entry.path);
            let response = ui.interact(rect, id, Sense::CLICK);
            if selected {
                let fill = if focused { visuals.selection.bg_fill } else { visuals.widgets.hovered.weak_bg_fill };
                ui.painter().rect_filled(rect, 2.0, fill);
            } else if response.hovered() {
                ui.painter().rect_filled(rect, 2.0, visuals.widgets.hovered.weak_bg_fill);
            } else if at % 2 == 1 {
                ui.painter().rect_filled(rect, 0.0, visuals.faint_bg_color);
            }
            if row.has_errors() {
                // A red mark at the row's start: it cannot be published as it is.
                let mark = egui::Rect::from_min_size(rect.min, vec2(3.0, row_height));
                ui.painter().rect_filled(mark, 0.0, theme::error(&visuals));
            }
            ui.horizontal(|ui| {
                ui.set_height(row_height);
                ui.add_space(4.0);
                for (c, &column) in cells.columns.iter().enumerate() {
                    let text = cells.cells.get(i).and_then(|r| r.get(c)).map_or("", String::as_str);
                    let color = cell_color(&visuals, row, column, text);
                    let layout = if overview::numeric(column) {
                        Layout::right_to_left(Align::Center)
                    } else {
                        Layout::left_to_right(Align::Center)
                    };
                    let width = cells.widths[c] - if c == 0 { 4.0 } else { 0.0 };
                    let label = fixed(ui, vec2(width, row_height), layout, |ui| {
                        let mut rich = RichText::new(text);
                        if let Some(color) = color {
                            rich = rich.color(color);
                        }
                        if c == 0 && row.has_errors() {
                            rich = rich.strong();
                        }
                        ui.add(egui::Label::new(rich).truncate().selectable(false).sense(Sense::hover()))
                    });
                    let name =
                        format!("{} — {}: {}", row.country, cells.headers[c], if text.is_empty() { "–" } else { text });
                    ui.ctx().accesskit_node_builder(label.id, |b| {
                        b.set_role(egui::accesskit::Role::Cell);
                        b.set_label(name);
                    });
                }
            });
            let mut response = response;
            if let Some(problem) = &row.problem {
                response = response.on_hover_text(format!("{} cannot be read: {problem}", row.path));
            } else if row.has_errors() {
                response = response.on_hover_text(format!(
                    "{}: {} — it cannot be published until they are settled",
                    row.path,
                    crate::words::count(row.errors(), "error")
                ));
            }
            ui.ctx().accesskit_node_builder(response.id, |b| {
                b.set_role(egui::accesskit::Role::Row);
                b.set_label(format!("{} ({})", row.country, row.path));
                b.set_selected(selected);
            });
            if response.clicked() || response.double_clicked() {
                ov.selected = Some(entry.path.clone());
                clicked = true;
            }
            if response.double_clicked() {
                out.push(Action::OpenEditionChapter(entry.path.clone()));
            }
        }
    });
    ov.scrolled = (scroll.state.clamped_offset().y, scroll.inner_rect.height());
    // The table as one stop for Tab: it holds the focus while ↑ ↓ move the selection.
    let r = ui.interact(scroll.inner_rect, table_id(), Sense::FOCUSABLE);
    if clicked {
        // After the table's own interaction: egui takes the focus from a widget not under a
        // click, and the row, not the table, is under it.
        r.request_focus();
    }
    if r.has_focus() {
        // ↑ and ↓ are the table's, not egui's to move the focus with.
        let keys = egui::EventFilter { vertical_arrows: true, ..Default::default() };
        ui.memory_mut(|m| m.set_focus_lock_filter(r.id, keys));
        ui.painter().rect_stroke(scroll.inner_rect, 2.0, visuals.selection.stroke, egui::StrokeKind::Inside);
    }
    let edition_name = edition.file.name.clone();
    ui.ctx().accesskit_node_builder(r.id, |b| {
        b.set_role(egui::accesskit::Role::Table);
        b.set_label(format!("Chapters of {edition_name}: ↑ ↓ to choose, Enter to open"));
    });
}

/// Draws `add` in a cell exactly `size` wide (whatever it draws), so that every row's columns
/// line up with the headers.
fn fixed<R>(ui: &mut Ui, size: egui::Vec2, layout: Layout, add: impl FnOnce(&mut Ui) -> R) -> R {
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink2(vec2(3.0, 0.0))).layout(layout));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child)
}

/// The colour a cell is drawn in: errors red, warnings amber, a change by its direction.
fn cell_color(visuals: &egui::Visuals, row: &crate::edition::Row, column: Column, text: &str) -> Option<Color32> {
    match column {
        Column::Errors if row.errors() > 0 => Some(theme::error(visuals)),
        Column::Warnings if row.counts.warning > 0 => Some(theme::warning(visuals)),
        Column::Review if row.problem.is_some() => Some(theme::error(visuals)),
        Column::Change if text.starts_with('▲') => Some(theme::improved(visuals)),
        Column::Change if text.starts_with('▼') => Some(theme::declined(visuals)),
        Column::LastChange if row.last_change.as_ref().is_some_and(|c| c.uncommitted) => Some(theme::warning(visuals)),
        _ => None,
    }
}

/// The sums of the rows shown: region by region, then all of them: chapters, the mean of each
/// figure, last year's headline, chapters per class.
fn footer(ui: &mut Ui, ov: &mut Overview) {
    let Some(footer) = ov.footer().cloned() else { return };
    let def = &ov.edition.method.def;
    let figures: Vec<String> = def.figures.iter().map(|f| f.label.clone()).collect();
    let last = format!("{} {}", overview::headline_label(&ov.edition), ov.edition.file.edition - 1);
    egui::ScrollArea::both().id_salt("overview-foot").auto_shrink([false, false]).show(ui, |ui| {
        egui::Grid::new("overview-sums").striped(true).spacing([14.0, 2.0]).show(ui, |ui| {
            ui.label(RichText::new("Means of the chapters shown").strong());
            // Named apart from the table's headers, which sort.
            for f in
                std::iter::once("Chapters").chain(figures.iter().map(String::as_str)).chain([last.as_str(), "Classes"])
            {
                let r = ui.label(RichText::new(f).strong());
                a11y::name(ui, &r, format!("Sums: {f}"));
            }
            ui.end_row();
            for s in footer.regions.iter().chain(std::iter::once(&footer.all)) {
                let strong = |t: &str| if s.name == "All" { RichText::new(t).strong() } else { RichText::new(t) };
                let r = ui.label(strong(&s.name));
                a11y::name(ui, &r, format!("Sums of {}", s.name));
                let r = ui.label(strong(&s.chapters.to_string()));
                a11y::name(ui, &r, format!("{}: {}", s.name, crate::words::count(s.chapters, "chapter")));
                for (k, f) in figures.iter().enumerate() {
                    let v = s.means.get(k).copied().flatten().map_or_else(|| "–".to_owned(), |m| m.to_string());
                    let r = ui.label(strong(&v));
                    a11y::name(ui, &r, format!("{} mean {f}: {v}", s.name));
                }
                let v = s.headline_last.map_or_else(|| "–".to_owned(), |m| m.to_string());
                let r = ui.label(strong(&v));
                a11y::name(ui, &r, format!("{} mean {last}: {v}", s.name));
                let mut classes: Vec<String> =
                    s.classes.iter().filter(|(_, n)| *n > 0).map(|(c, n)| format!("{c} {n}")).collect();
                if s.with_errors > 0 {
                    classes.push(format!("{} with errors", s.with_errors));
                }
                let text = if classes.is_empty() { "–".to_owned() } else { classes.join(" · ") };
                let r = ui.label(strong(&text));
                a11y::name(ui, &r, format!("{} classes: {text}", s.name));
                ui.end_row();
            }
        });
    });
}

/// The charts: every country's headline, the ratings grid, and the selected country's history,
/// each with its Save buttons.
fn charts(ui: &mut Ui, ov: &mut Overview, out: &mut Vec<Action>) {
    let country = ov.selected_country();
    let history = ov.history.clone();
    ov.charts();
    let Some((_, headline, grid)) = ov.charts.as_ref() else { return };
    egui::ScrollArea::vertical().id_salt("overview-charts").auto_shrink([false, false]).show(ui, |ui| {
        chart_block(ui, ChartKind::Headline, Some(headline), out);
        ui.add_space(theme::GAP);
        chart_block(ui, ChartKind::Grid, Some(grid), out);
        ui.add_space(theme::GAP);
        match (country, history) {
            (None, _) => {
                ui.label(
                    RichText::new("Select a chapter in the table to see its country's history.")
                        .color(theme::quiet(ui.visuals())),
                );
            }
            (Some(c), Some((for_country, chart))) if c == for_country => match chart {
                Some(chart) => chart_block(ui, ChartKind::History, Some(&chart), out),
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Reading {c}'s earlier editions…"));
                    });
                }
            },
            (Some(c), _) => {
                ui.label(format!("Reading {c}'s earlier editions…"));
                out.push(Action::ShowOverview);
            }
        }
    });
}

fn chart_block(ui: &mut Ui, kind: ChartKind, chart: Option<&Chart>, out: &mut Vec<Action>) {
    let Some(chart) = chart else { return };
    ui.group(|ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&chart.title).strong());
            for (png, label) in [(false, "Save as SVG…"), (true, "Save as PNG…")] {
                let r = ui.button(label);
                a11y::name(ui, &r, format!("Save the {} as {}", kind.label(), if png { "PNG" } else { "SVG" }));
                if r.clicked() {
                    out.push(Action::SaveChart(kind, png));
                }
            }
        });
        super::charts::draw(ui, chart);
    });
}
