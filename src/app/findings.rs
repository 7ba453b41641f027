//! The findings panel: every finding, live; clicking one goes to its place and selects it.

use egui::{RichText, Ui};

use super::{Action, Derived, theme};
use crate::findings::{Place, Severity};

/// Draws the findings panel.
pub fn panel(ui: &mut Ui, derived: &Derived, out: &mut Vec<Action>) {
    ui.heading("Findings");
    let findings = &derived.findings;
    if findings.is_empty() {
        ui.label(RichText::new("No findings.").color(theme::quiet(ui.visuals())));
        return;
    }
    egui::ScrollArea::vertical().id_salt("findings-scroll").auto_shrink(false).show(ui, |ui| {
        for finding in findings {
            let colour = theme::severity(ui.visuals(), finding.severity);
            let word = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let place = match &finding.location.place {
                Place::Header => "Header".to_owned(),
                Place::ScoreChanges => "Score changes".to_owned(),
                Place::ExecutiveSummary => "Executive summary".to_owned(),
                Place::AtAGlance => "At-a-glance".to_owned(),
                Place::Category(code) => code.clone(),
                Place::Footnotes => "Footnotes".to_owned(),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(word).small().strong().color(colour));
                ui.label(RichText::new(place).small().color(theme::quiet(ui.visuals())));
            });
            let response = ui.add(egui::Button::new(finding.message.as_str()).frame(false).wrap());
            if response.on_hover_text(finding.code).clicked() {
                out.push(Action::GoTo(finding.location.clone()));
            }
            ui.separator();
        }
    });
}
