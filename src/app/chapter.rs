//! The rest of the chapter: header (country, edition, title, authors or anonymous), score
//! changes (with "Draft from data") and the text sections the methodology gives a chapter
//! (an executive summary, an overview), in its order and with its titles.

use egui::{RichText, Ui};

use super::justification::block_list;
use super::{Action, Panels, TextField, ViewState, fields, theme};
use crate::model::{Authors, Section};

/// Draws the chapter tab.
pub fn panel(ui: &mut Ui, ctx: &Panels<'_>, view: &mut ViewState, out: &mut Vec<Action>) {
    let chapter = ctx.chapter;
    let words = ctx.derived.words();
    egui::ScrollArea::vertical().id_salt("chapter-scroll").auto_shrink(false).show(ui, |ui| {
        super::keys::follow_focus(ui);
        ui.heading("Header");
        egui::Grid::new("header-grid").num_columns(2).spacing([theme::GAP, 4.0]).show(ui, |ui| {
            text_row(ui, view, ctx.derived, out, "Country", &chapter.country, TextField::Country, &[]);
            let label = ui.label("Edition");
            let mut edition = chapter.edition;
            if ui.add(egui::DragValue::new(&mut edition).range(1990..=2100)).labelled_by(label.id).changed() {
                out.push(Action::SetEdition(edition));
            }
            ui.end_row();
            let misspelt = &ctx.derived.title_misspelt;
            text_row(ui, view, ctx.derived, out, "Title", &chapter.title, TextField::Title, misspelt);
            let authors_label = ui.label("Authors");
            ui.horizontal(|ui| {
                let mut anonymous = matches!(chapter.authors, Authors::Anonymous);
                if ui.checkbox(&mut anonymous, "Anonymous").changed() {
                    out.push(Action::SetAnonymous(anonymous));
                }
                if let Authors::Named(names) = &chapter.authors {
                    let r = fields::normalised_line(ui, view, out, &TextField::Authors, &names.join(", "), |e| {
                        e.id_salt("authors").hint_text("Names, separated by commas").desired_width(f32::INFINITY)
                    });
                    r.labelled_by(authors_label.id);
                }
            });
            ui.end_row();
            ui.label("");
            let byline = match &chapter.authors {
                Authors::Named(names) if names.is_empty() => "Published as: no author named yet".to_owned(),
                Authors::Named(_) => format!("Published as: Authors: {}", chapter.authors.byline()),
                Authors::Anonymous => "Published as: Authors: Anonymous (no name is written anywhere)".to_owned(),
            };
            ui.label(RichText::new(byline).small().color(theme::quiet(ui.visuals())));
            ui.end_row();
        });
        ui.add_space(theme::GAP * 2.0);

        // The score changes and the text sections, titled and ordered as the methodology's
        // file says; the items' justifications are written in the Justification tab.
        let mut first = true;
        for section in ctx.method.sections(chapter) {
            let words = match &section {
                Section::ScoreChanges => words.score_changes,
                Section::Text(id) => words.text(id),
                Section::Category(_) => continue,
            };
            if !first {
                ui.add_space(theme::GAP * 2.0);
            }
            first = false;
            ui.horizontal(|ui| {
                ui.heading(section.title(ctx.method));
                ui.label(count(words));
                if section == Section::ScoreChanges
                    && ui
                        .button("Draft from data")
                        .on_hover_text("Write the items from this year's and last year's ratings")
                        .clicked()
                {
                    out.push(Action::DraftScoreChanges);
                }
            });
            block_list(ui, ctx, view, out, &section, section.blocks(chapter).unwrap_or(&[]));
        }
    });
}

fn count(words: usize) -> RichText {
    RichText::new(format!("{words} words")).small()
}

#[allow(clippy::too_many_arguments)] // one field's context: splitting it would only rename it
fn text_row(
    ui: &mut Ui,
    view: &mut ViewState,
    derived: &super::Derived,
    out: &mut Vec<Action>,
    label: &str,
    value: &str,
    field: TextField,
    misspelt: &[crate::spelling::Misspelling],
) {
    let l = ui.label(label);
    let mut text = value.to_owned();
    let output = egui::TextEdit::singleline(&mut text).id_salt(("header", label)).desired_width(f32::INFINITY).show(ui);
    let r = output.response.response.clone().labelled_by(l.id);
    super::spelling::one_line(ui, view, derived, out, &field, value, &output, misspelt);
    if r.changed() {
        out.push(Action::EditText { field, text });
    }
    ui.end_row();
}
