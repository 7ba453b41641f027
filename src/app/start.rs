//! The start page, shown when the editor starts without a file and after File ▸ New: a new
//! chapter (methodology, country, edition, optionally last year's chapter), open, import, the bundled
//! samples and the recent files. It only edits its own form and emits actions.

use std::path::PathBuf;

use egui::{RichText, Ui};

use super::state::StartPage;
use super::{Action, theme};

/// A sample project bundled with the editor.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// What the start page calls it.
    pub name: &'static str,
    /// Its file name in `samples/`, for messages.
    pub file: &'static str,
    /// What it shows a newcomer.
    pub about: &'static str,
    /// The project file's text.
    pub text: &'static str,
}

/// The samples, built into the editor so that they open wherever it is installed.
pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "Kazakhstan 2024",
        file: "samples/kazakhstan-2024.ron",
        about: "a whole chapter: ratings, score changes, 82 footnotes",
        text: include_str!("../../samples/kazakhstan-2024.ron"),
    },
    Sample {
        name: "Empty template",
        file: "samples/template.ron",
        about: "what a new chapter starts as",
        text: include_str!("../../samples/template.ron"),
    },
];

/// Draws the start page. `recent` are the recent files, newest first; `can_close` says whether
/// there is a chapter behind the page to go back to.
pub fn page(ui: &mut Ui, form: &mut StartPage, recent: &[PathBuf], can_close: bool, out: &mut Vec<Action>) {
    egui::ScrollArea::vertical().id_salt("start-scroll").auto_shrink(false).show(ui, |ui| {
        ui.set_max_width(980.0);
        ui.add_space(theme::GAP * 2.0);
        ui.horizontal(|ui| {
            ui.heading(RichText::new("Rapporteur").strong());
            if can_close && ui.button("Back to the chapter").clicked() {
                out.push(Action::CloseStartPage);
            }
        });
        ui.label(
            RichText::new("Write and review rated country reports: ratings, justifications, footnotes.")
                .color(theme::quiet(ui.visuals())),
        );
        ui.add_space(theme::GAP * 2.0);
        let wide = ui.available_width() > 760.0;
        let columns = if wide { 2 } else { 1 };
        ui.columns(columns, |cols| {
            new_chapter(&mut cols[0], form, out);
            let other = if wide { &mut cols[1] } else { &mut cols[0] };
            if !wide {
                other.add_space(theme::GAP * 2.0);
            }
            open_and_recent(other, recent, out);
        });
    });
}

/// What the start page calls a built-in methodology: its name ("Freedom in the World").
fn builtin_name(id: &str) -> String {
    crate::index::builtin_ref(id).map_or_else(|| id.to_owned(), |def| def.name.clone())
}

/// The methodology picker: the built-in methodologies by name, and "From file…" (a team's own
/// index) with a field for its path.
fn methodology_row(ui: &mut Ui, form: &mut StartPage) {
    let label = ui.label("Methodology");
    let current = if form.from_file { "From file…".to_owned() } else { builtin_name(&form.methodology) };
    let combo =
        egui::ComboBox::from_id_salt("start-methodology").selected_text(current).width(220.0).show_ui(ui, |ui| {
            for id in crate::Methodology::builtin_ids() {
                let chosen = !form.from_file && form.methodology == id;
                if ui.selectable_label(chosen, builtin_name(id)).clicked() {
                    id.clone_into(&mut form.methodology);
                    form.from_file = false;
                }
            }
            if ui.selectable_label(form.from_file, "From file…").clicked() {
                form.from_file = true;
            }
        });
    combo.response.labelled_by(label.id);
    ui.end_row();
    if form.from_file {
        let label = ui.label("Methodology file");
        ui.add(
            egui::TextEdit::singleline(&mut form.method_file)
                .id_salt("start-method-file")
                .hint_text("a methodology .ron file")
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        ui.end_row();
    }
}

fn new_chapter(ui: &mut Ui, form: &mut StartPage, out: &mut Vec<Action>) {
    ui.heading("New chapter");
    egui::Grid::new("start-new").num_columns(2).spacing([theme::GAP, 6.0]).show(ui, |ui| {
        methodology_row(ui, form);
        let label = ui.label("Country");
        let country = ui
            .add(egui::TextEdit::singleline(&mut form.country).id_salt("start-country").desired_width(220.0))
            .labelled_by(label.id);
        if ui.memory(|m| m.focused().is_none()) {
            // Ready to type the country as the page opens.
            country.request_focus();
        }
        ui.end_row();
        let label = ui.label("Edition");
        ui.add(egui::DragValue::new(&mut form.edition).range(1990..=2100)).labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Last year's chapter");
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut form.from)
                    .id_salt("start-from")
                    .hint_text("optional: a .ron, or published text")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if ui.button("Browse…").clicked() {
                out.push(Action::BrowseLastYear);
            }
        });
        ui.end_row();
    });
    ui.label(
        RichText::new("Last year's ratings become this chapter's last-year ratings; its text stays behind.")
            .small()
            .color(theme::quiet(ui.visuals())),
    );
    let methodology = if form.from_file { form.method_file.trim() } else { form.methodology.as_str() };
    let ready = !form.country.trim().is_empty() && !methodology.is_empty();
    let create = ui.horizontal(|ui| ui.add_enabled(ready, egui::Button::new("Create chapter"))).inner;
    let why = if form.country.trim().is_empty() { "Type the country first" } else { "Give the methodology file" };
    let create = if ready { create } else { create.on_disabled_hover_text(why) };
    if create.clicked() {
        let from = super::files::typed_path(&form.from);
        out.push(Action::CreateChapter {
            methodology: methodology.to_owned(),
            country: form.country.trim().to_owned(),
            edition: form.edition,
            from,
        });
    }
}

fn open_and_recent(ui: &mut Ui, recent: &[PathBuf], out: &mut Vec<Action>) {
    ui.heading("Open");
    ui.horizontal_wrapped(|ui| {
        if ui.button("Open a chapter…").clicked() {
            out.push(Action::Open);
        }
        if ui.button("Open an edition…").on_hover_text("A folder of chapters with its edition.ron").clicked() {
            out.push(Action::OpenEdition);
        }
        if ui.button("Import published text…").on_hover_text("A chapter's text copied from its web page").clicked() {
            out.push(Action::Import);
        }
        if ui.button("Recover unsaved work…").clicked() {
            out.push(Action::ShowRecoverable);
        }
    });
    ui.add_space(theme::GAP * 2.0);
    ui.heading("Samples");
    for (i, sample) in SAMPLES.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            if ui.link(sample.name).clicked() {
                out.push(Action::OpenSample(i));
            }
            ui.label(RichText::new(sample.about).color(theme::quiet(ui.visuals())));
        });
    }
    ui.add_space(theme::GAP * 2.0);
    ui.heading("Recent files");
    if recent.is_empty() {
        ui.label(RichText::new("None yet.").color(theme::quiet(ui.visuals())));
    }
    for path in recent {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        ui.horizontal_wrapped(|ui| {
            let link = ui.link(&name).on_hover_text(path.display().to_string());
            // Two recent files may share a name: the folder tells them apart.
            if let Some(folder) = path.parent() {
                super::a11y::name(ui, &link, format!("{name}, in {}", folder.display()));
            }
            if link.clicked() {
                out.push(Action::OpenPath(path.clone()));
            }
            if let Some(folder) = path.parent() {
                ui.label(RichText::new(folder.display().to_string()).small().color(theme::quiet(ui.visuals())));
            }
        });
    }
}
