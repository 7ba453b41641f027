//! The menu bar: File, Edit, View. Every item emits an [`Action`]; the shortcut shown beside
//! an item is the action's own.

use super::state::SidePanel;
use super::theme::ThemeChoice;
use super::{Action, RapporteurApp};

impl RapporteurApp {
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let out = &mut self.actions;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                menu_item(ui, out, "New…", Action::New);
                menu_item(ui, out, "Open…", Action::Open);
                ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.prefs.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(Action::OpenPath(path.clone()));
                        }
                    }
                });
                ui.separator();
                menu_item(ui, out, "Save", Action::Save);
                menu_item(ui, out, "Save As…", Action::SaveAs);
                ui.separator();
                menu_item(ui, out, "Import Published Text…", Action::Import);
                menu_item(ui, out, "Import Review Comments…", Action::ImportReviewComments);
                menu_item(ui, out, "Compare With…", Action::CompareWith);
                ui.menu_button("Export", |ui| {
                    for format in crate::export::Format::ALL {
                        menu_item(ui, out, &format!("{}…", format.label()), Action::Export(format));
                    }
                });
                ui.separator();
                menu_item(ui, out, "Recover Unsaved Work…", Action::ShowRecoverable);
                menu_item(ui, out, "Start Page", Action::ShowStartPage);
                ui.separator();
                menu_item(ui, out, "Quit", Action::Quit);
            });
            ui.menu_button("Edit", |ui| {
                ui.add_enabled_ui(self.doc.can_undo(), |ui| menu_item(ui, out, "Undo", Action::Undo));
                ui.add_enabled_ui(self.doc.can_redo(), |ui| menu_item(ui, out, "Redo", Action::Redo));
                ui.separator();
                menu_item(ui, out, "Find", Action::Find);
            });
            ui.menu_button("Review", |ui| {
                menu_item(ui, out, "Review View", Action::ShowTab(super::Tab::Review));
                menu_item(ui, out, "Comment on the Chapter…", Action::CommentOnChapter);
                ui.separator();
                menu_item(ui, out, "Review Copy for Word…", Action::ReviewCopy(crate::export::Format::Docx));
                menu_item(ui, out, "Review Copy as a Web Page…", Action::ReviewCopy(crate::export::Format::Html));
                menu_item(ui, out, "Import Review Comments…", Action::ImportReviewComments);
                ui.separator();
                let who = if self.prefs.name.is_empty() {
                    format!("Your Name and Role… ({})", self.prefs.role.label())
                } else {
                    format!("Your Name and Role… ({}, {})", self.prefs.name, self.prefs.role.label())
                };
                menu_item(ui, out, &who, Action::AskIdentity);
            });
            ui.menu_button("View", |ui| {
                // Named apart from the Review menu, a button called "Review" too.
                let review = menu_item(ui, out, "Review", Action::ShowTab(super::Tab::Review));
                super::a11y::name(ui, &review, "Show the Review Tab");
                ui.separator();
                let mut spelling = !self.prefs.spelling_off;
                if ui.checkbox(&mut spelling, "Check Spelling").clicked() {
                    out.push(Action::ToggleSpelling);
                }
                let current = self.doc.chapter.spelling.language.clone().unwrap_or_else(|| "en_US".to_owned());
                ui.menu_button(format!("Spelling Language ({current})"), |ui| {
                    for language in self.speller.languages() {
                        let label = if language == "en_US" { "en_US (bundled)".to_owned() } else { language.clone() };
                        if ui.radio(language == current, label).clicked() {
                            let choice = (language != "en_US").then_some(language);
                            out.push(Action::SetSpellingLanguage(choice));
                            ui.close();
                        }
                    }
                    if let Some(problem) = self.speller.problem(self.doc.chapter.spelling.language.as_deref()) {
                        ui.colored_label(super::theme::error(ui.visuals()), problem);
                    }
                });
                ui.separator();
                for (panel, label) in [(SidePanel::Ratings, "Ratings Panel"), (SidePanel::Findings, "Findings Panel")] {
                    let mut shown = self.prefs.shows(panel);
                    let shortcut = Action::TogglePanel(panel).shortcut();
                    let r = ui.checkbox(&mut shown, label);
                    let r = match shortcut {
                        Some(sc) => r.on_hover_text(ui.ctx().format_shortcut(&sc)),
                        None => r,
                    };
                    if r.clicked() {
                        out.push(Action::TogglePanel(panel));
                    }
                }
                ui.separator();
                for choice in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                    if ui.radio(self.prefs.theme == choice, choice.label()).clicked() {
                        out.push(Action::SetTheme(choice));
                    }
                }
            });
        });
    }
}

fn menu_item(ui: &mut egui::Ui, out: &mut Vec<Action>, label: &str, action: Action) -> egui::Response {
    let mut button = egui::Button::new(label);
    if let Some(sc) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
    }
    let response = ui.add(button);
    if response.clicked() {
        out.push(action);
    }
    response
}
