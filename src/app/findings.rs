//! The findings panel: every finding, live, with a toggle per severity; clicking one goes to its
//! place and selects it. Only the findings in sight are laid out.

use egui::{RichText, Ui};

use super::{Action, Derived, ViewState, a11y, lazy, theme};
use crate::findings::{Finding, Place, Severity};
use crate::method::Methodology;
use crate::model::{Chapter, Section};

/// Draws the findings panel. A chapter nobody has started yet gets its to-do list first, and
/// its findings only on request. To a screen reader the findings are a list whose items say
/// severity, place and message.
pub fn panel(
    ui: &mut Ui,
    chapter: &Chapter,
    method: &Methodology,
    derived: &Derived,
    view: &mut ViewState,
    out: &mut Vec<Action>,
) {
    let progress = &derived.progress;
    if !progress.started() {
        ui.heading("To do");
        for item in progress.to_do() {
            let (mark, colour) =
                if item.done { ("●", theme::improved(ui.visuals())) } else { ("●", theme::quiet(ui.visuals())) };
            ui.horizontal(|ui| {
                ui.label(RichText::new(mark).color(colour));
                ui.label(item.text);
            });
        }
        ui.add_space(theme::GAP);
        let n = derived.findings().len();
        ui.label(
            RichText::new(format!("{n} findings will be listed here as the chapter is written."))
                .small()
                .color(theme::quiet(ui.visuals())),
        );
        if !view.findings_early {
            if n > 0 && ui.button("Show them now").clicked() {
                view.findings_early = true;
            }
            return;
        }
        ui.separator();
    }
    ui.heading("Findings");
    if derived.review.open_comments + derived.review.open_proposals > 0 || derived.review.agreed > 0 {
        ui.label(RichText::new(super::review::summary_text(&derived.review)).small().color(theme::quiet(ui.visuals())));
    }
    let findings = derived.findings();
    if findings.is_empty() {
        ui.label(RichText::new("No findings.").color(theme::quiet(ui.visuals())));
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for severity in [Severity::Error, Severity::Warning, Severity::Note] {
            let n = findings.iter().filter(|f| f.severity == severity).count();
            let mut text = egui::text::LayoutJob::default();
            let font = egui::TextStyle::Button.resolve(ui.style());
            let dot = egui::TextFormat::simple(font.clone(), theme::severity(ui.visuals(), severity));
            text.append("● ", 0.0, dot);
            let words = egui::TextFormat::simple(font, ui.visuals().text_color());
            text.append(&format!("{} {n}", plural(severity)), 0.0, words);
            let toggle = ui
                .toggle_value(&mut view.findings_shown[slot(severity)], text)
                .on_hover_text(format!("Show or hide the {}", plural(severity).to_lowercase()));
            a11y::name(ui, &toggle, format!("Show {} ({n})", plural(severity).to_lowercase()));
        }
    });
    ui.separator();
    let shown = view.findings_shown;
    egui::ScrollArea::vertical().id_salt("findings-scroll").auto_shrink(false).show(ui, |ui| {
        super::keys::follow_focus(ui);
        let list = egui::UiBuilder::new()
            .accessibility_role(egui::accesskit::Role::List)
            .accessibility_label("List of findings");
        ui.scope_builder(list, |ui| {
            for (i, finding) in findings.iter().enumerate() {
                if !shown[slot(finding.severity)] {
                    continue;
                }
                let estimate = |ui: &Ui| lazy::text_height(ui, &finding.message, ui.available_width(), 30.0);
                lazy::row(ui, ("finding", i), false, estimate, |ui| {
                    let said = spoken(finding, chapter, method);
                    let item = egui::UiBuilder::new()
                        .accessibility_role(egui::accesskit::Role::ListItem)
                        .accessibility_label(said.clone());
                    ui.scope_builder(item, |ui| row(ui, finding, method, &said, out));
                });
            }
        });
    });
}

fn slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

fn plural(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Note => "Notes",
    }
}

/// A finding as a screen reader says it: "Warning, Civil Society, bullet 3: this bullet cites
/// no footnote".
fn spoken(finding: &Finding, chapter: &Chapter, method: &Methodology) -> String {
    let mut severity = finding.severity.as_str().to_owned();
    if let Some(first) = severity.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let place = crate::findings::describe(&finding.location, chapter, method);
    format!("{severity}, {place}: {}", finding.message)
}

/// One finding: severity, place, and its message, a button that goes there (named `said`).
fn row(ui: &mut Ui, finding: &Finding, method: &Methodology, said: &str, out: &mut Vec<Action>) {
    let colour = theme::severity(ui.visuals(), finding.severity);
    let word = finding.severity.as_str();
    let place = match &finding.location.place {
        Place::Header => "Header".to_owned(),
        Place::Section(Section::Category(code)) => code.clone(),
        Place::Section(section) => section.title(method),
        Place::Footnotes => "Footnotes".to_owned(),
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(word).small().strong().color(colour));
        ui.label(RichText::new(place).small().color(theme::quiet(ui.visuals())));
    });
    let response = ui.add(egui::Button::new(finding.message.as_str()).frame(false).wrap());
    a11y::name(ui, &response, format!("Go to: {said}"));
    if response.on_hover_text(finding.code.as_str()).clicked() {
        out.push(Action::GoTo(finding.location.clone()));
    }
    ui.separator();
}
