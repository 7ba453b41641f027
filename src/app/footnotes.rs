//! The footnote list: label, citation, URL and access date of each, where it is used (click
//! to go there), add, delete and "Renumber". Rows have one height so that only the visible
//! ones are laid out, however long the list.

use chrono::NaiveDate;
use egui::{RichText, Ui};

use super::{Action, Goto, Panels, TextField, ViewState, a11y, fields, theme};
use crate::findings::Location;
use crate::model::{Footnote, Id, Section};

/// Draws the footnotes tab.
pub fn panel(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    let notes = &ctx.chapter.footnotes;
    ui.horizontal(|ui| {
        ui.heading("Footnotes");
        let count = ui.label(RichText::new(format!("{}", notes.len())).small());
        a11y::name(ui, &count, format!("{} footnotes", notes.len()));
        if ui.button("Add footnote").clicked() {
            out.push(Action::AddFootnote);
        }
        if ui.button("Renumber").on_hover_text("Number the footnotes 1, 2, 3… in order of first use").clicked() {
            out.push(Action::RenumberFootnotes);
        }
        if ui
            .button("Check links")
            .on_hover_text("Every address well-formed, none given twice (nothing goes online)")
            .clicked()
        {
            out.push(Action::CheckLinks);
        }
    });
    ui.separator();
    let spacing = ui.spacing().item_spacing.y;
    let row_height = ui.spacing().interact_size.y * 2.0 + spacing * 3.0 + 6.0;
    let mut area = egui::ScrollArea::vertical().id_salt("footnotes-scroll").auto_shrink(false);
    if let Some(Goto::Footnote(id)) = &view.goto
        && let Some(i) = notes.iter().position(|f| f.id == *id)
    {
        area = area.vertical_scroll_offset((row_height + spacing) * i as f32);
    }
    area.show_rows(ui, row_height, notes.len(), |ui, rows| {
        for i in rows {
            let f = &notes[i];
            ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                ui.set_height(row_height);
                footnote_row(ui, ctx, view, out, f, i + 1);
            });
        }
    });
}

/// One footnote's row; `n` is its place in the list, which its controls' accessible names
/// give ("Footnote 3 citation", "Delete footnote 3"), its label being editable and possibly
/// blank.
fn footnote_row(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>, f: &Footnote, n: usize) {
    let focus_me = matches!(&view.goto, Some(Goto::Footnote(id)) if *id == f.id);
    ui.horizontal(|ui| {
        let label = fields::normalised_line(ui, view, out, &TextField::FootnoteLabel(f.id), &f.label, |e| {
            e.id_salt(("fn-label", f.id)).hint_text("No.").desired_width(40.0)
        });
        a11y::name(ui, &label, format!("Footnote {n} number"));
        let mut text = f.text.clone();
        let output = egui::TextEdit::singleline(&mut text)
            .id_salt(("fn-text", f.id))
            .hint_text("Citation")
            .desired_width(ui.available_width())
            .show(ui);
        let r = output.response.response.clone();
        a11y::name(ui, &r, format!("Footnote {n} citation"));
        let misspelt = ctx.derived.misspelt(f.id);
        super::spelling::one_line(
            ui,
            view,
            ctx.derived,
            out,
            &TextField::FootnoteText(f.id),
            &f.text,
            &output,
            misspelt,
        );
        if focus_me {
            r.request_focus();
            view.goto = None;
        }
        if r.changed() {
            out.push(Action::EditText { field: TextField::FootnoteText(f.id), text });
        }
    });
    ui.horizontal(|ui| {
        ui.add_space(48.0);
        // Delete at the right edge; the rest takes what is left and never pushes past it.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let delete = ui.small_button("Delete").on_hover_text("Delete this footnote");
            a11y::name(ui, &delete, format!("Delete footnote {n}"));
            if delete.clicked() {
                out.push(Action::DeleteFootnote(f.id));
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let width = (ui.available_width() * 0.4).clamp(120.0, 320.0);
                let url = f.url.as_deref().unwrap_or_default();
                let address = fields::normalised_line(ui, view, out, &TextField::FootnoteUrl(f.id), url, |e| {
                    e.id_salt(("fn-url", f.id)).hint_text("URL").desired_width(width)
                });
                a11y::name(ui, &address, format!("Footnote {n} address"));
                let openable = crate::findings::url_problem(url).is_none()
                    && (url.starts_with("https://") || url.starts_with("http://"));
                if openable {
                    let open = ui.small_button("↗").on_hover_text(format!("Open {url} in the browser"));
                    let name = format!("Open the address of footnote {n} in the browser");
                    open.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                    if open.clicked() {
                        ui.ctx().open_url(egui::OpenUrl::new_tab(url));
                    }
                }
                date_field(ui, view, out, f, n);
                uses_links(ui, ctx, out, f, n);
            });
        });
    });
    ui.separator();
}

/// Where the footnote is cited, as links, as many as fit, then "+N".
fn uses_links(ui: &mut Ui, ctx: &Panels<'_>, out: &mut Vec<Action>, f: &Footnote, n: usize) {
    let uses = ctx.derived.citing(&f.label);
    if uses.is_empty() {
        ui.label(RichText::new("unused").color(theme::warning(ui.visuals())));
        return;
    }
    ui.label(RichText::new("used in").color(theme::quiet(ui.visuals())));
    for (shown, &block) in uses.iter().enumerate() {
        if ui.available_width() < 90.0 {
            ui.label(format!("+{}", uses.len() - shown)).on_hover_text("Cited in more places: Find shows them all");
            break;
        }
        if let Some((name, spoken, location)) = place_name(ctx, block) {
            let link = ui.link(name);
            a11y::name(ui, &link, format!("Go to {spoken}, where footnote {n} is cited"));
            if link.clicked() {
                out.push(Action::GoTo(location));
            }
        }
    }
}

fn date_field(ui: &mut Ui, view: &mut ViewState, out: &mut Vec<Action>, f: &Footnote, n: usize) {
    let shown = f.accessed.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let mut text = view.date_buffers.get(&f.id).cloned().unwrap_or_else(|| shown.clone());
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt(("fn-date", f.id))
            .hint_text("accessed YYYY-MM-DD")
            .desired_width(110.0),
    );
    a11y::name(ui, &r, format!("Footnote {n} date accessed"));
    if r.changed() {
        view.date_buffers.insert(f.id, text.clone());
    }
    if r.lost_focus() {
        let t = text.trim();
        if t.is_empty() {
            view.date_buffers.remove(&f.id);
            out.push(Action::SetFootnoteAccessed { id: f.id, date: None });
        } else if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            view.date_buffers.remove(&f.id);
            out.push(Action::SetFootnoteAccessed { id: f.id, date: Some(date) });
        }
    }
    if let Some(buf) = view.date_buffers.get(&f.id)
        && !buf.trim().is_empty()
        && NaiveDate::parse_from_str(buf.trim(), "%Y-%m-%d").is_err()
    {
        ui.colored_label(theme::error(ui.visuals()), "not a date like 2024-03-01");
    }
}

/// A short name for where block `id` is (the item's code and the block's number, or the text
/// section's title and the number: "A1 3", "Overview 2"), the name a screen reader says (the
/// item's name, the block's noun and number) and its location.
fn place_name(ctx: &Panels<'_>, id: Id) -> Option<(String, String, Location)> {
    let (section, blocks) = ctx.chapter.section_lists().find(|(_, blocks)| blocks.iter().any(|b| b.id == id))?;
    let index = blocks.iter().position(|b| b.id == id)? + 1;
    let title = section.title(ctx.method);
    let (short, spoken) = if let Section::Category(code) = &section {
        (format!("{code} {index}"), format!("{title} {} {index}", section.block_noun(ctx.method)))
    } else {
        let name = format!("{title} {index}");
        (name.clone(), name)
    };
    Some((short, spoken, Location::block(section, id)))
}
