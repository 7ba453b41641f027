//! The menu bar: File, Edit, Review, View, Help. Every item emits an [`Action`] (zoom, which
//! is the window's and not the chapter's, excepted); the shortcut shown beside an item is the
//! action's own.
//!
//! From the keyboard: F10 puts the focus on the File menu and opens it; ↓ goes into a menu
//! and ↑ ↓ walk it (egui's menus), ← → on a menu's title go to the next menu, Enter chooses,
//! Escape closes.

use super::state::SidePanel;
use super::theme::{self, ThemeChoice};
use super::{Action, RapporteurApp};

impl RapporteurApp {
    #[allow(clippy::too_many_lines)] // the menus read best as one list, in the order shown
    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let out = &mut self.actions;
        let submenus = egui::containers::menu::MenuConfig::new().style(theme::menu_style);
        bar_keys(ui.ctx(), &self.menu_titles, std::mem::take(&mut self.open_menu_bar));
        let bar = egui::MenuBar::new().style(theme::menu_style).config(submenus).ui(ui, |ui| {
            let mut titles = Vec::new();
            let file = ui.menu_button("File", |ui| {
                menu_item(ui, out, "New…", Action::New);
                menu_item(ui, out, "Open…", Action::Open);
                let recent = ui.menu_button("Open Recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for path in &self.prefs.recent {
                        let entry = ui.button(path.display().to_string());
                        super::a11y::menu_entry(ui, &entry);
                        if entry.clicked() {
                            out.push(Action::OpenPath(path.clone()));
                            ui.close();
                        }
                    }
                });
                super::a11y::menu_opener(ui, &recent.response);
                menu_item(ui, out, "Open Edition…", Action::OpenEdition);
                ui.add_enabled_ui(self.overview.is_some(), |ui| {
                    menu_item(ui, out, "Publish Edition…", Action::PublishEdition);
                });
                ui.separator();
                menu_item(ui, out, "Save", Action::Save);
                menu_item(ui, out, "Save As…", Action::SaveAs);
                ui.separator();
                menu_item(ui, out, "Import Published Text…", Action::Import);
                menu_item(ui, out, "Import Review Comments…", Action::ImportReviewComments);
                menu_item(ui, out, "Compare With…", Action::CompareWith);
                let export = ui.menu_button("Export", |ui| {
                    for format in crate::export::Format::ALL {
                        menu_item(ui, out, &format!("{}…", format.label()), Action::Export(format));
                    }
                });
                super::a11y::menu_opener(ui, &export.response);
                ui.separator();
                menu_item(ui, out, "Recover Unsaved Work…", Action::ShowRecoverable);
                menu_item(ui, out, "Start Page", Action::ShowStartPage);
                ui.separator();
                menu_item(ui, out, "Quit", Action::Quit);
            });
            super::a11y::menu_opener(ui, &file.response);
            titles.push(file.response);
            let edit = ui.menu_button("Edit", |ui| {
                ui.add_enabled_ui(self.doc.can_undo(), |ui| menu_item(ui, out, "Undo", Action::Undo));
                ui.add_enabled_ui(self.doc.can_redo(), |ui| menu_item(ui, out, "Redo", Action::Redo));
                ui.separator();
                menu_item(ui, out, "Find", Action::Find);
                if let Some(to) = crate::convert::target(&self.method) {
                    ui.separator();
                    let name = crate::Methodology::builtin(to).map_or_else(|| to.to_owned(), |m| m.name);
                    menu_item(ui, out, &format!("Convert to {name}"), Action::ConvertMethodology);
                }
            });
            super::a11y::menu_opener(ui, &edit.response);
            titles.push(edit.response);
            let review = ui.menu_button("Review", |ui| {
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
            super::a11y::menu_opener(ui, &review.response);
            titles.push(review.response);
            let view = ui.menu_button("View", |ui| {
                // Named apart from the Review menu, a button called "Review" too.
                let review = menu_item(ui, out, "Review", Action::ShowTab(super::Tab::Review));
                super::a11y::name(ui, &review, "Show the Review Tab");
                ui.add_enabled_ui(self.overview.is_some(), |ui| {
                    menu_item(ui, out, "Edition Overview", Action::ShowOverview);
                });
                ui.separator();
                let mut spelling = !self.prefs.spelling_off;
                let check = ui.checkbox(&mut spelling, "Check Spelling");
                super::a11y::menu_entry(ui, &check);
                if check.clicked() {
                    out.push(Action::ToggleSpelling);
                }
                let current = self.doc.chapter.spelling.language.clone().unwrap_or_else(|| "en_US".to_owned());
                let languages = ui.menu_button(format!("Spelling Language ({current})"), |ui| {
                    for language in self.speller.languages() {
                        let label = if language == "en_US" { "en_US (bundled)".to_owned() } else { language.clone() };
                        let entry = ui.radio(language == current, label);
                        super::a11y::menu_entry(ui, &entry);
                        if entry.clicked() {
                            let choice = (language != "en_US").then_some(language);
                            out.push(Action::SetSpellingLanguage(choice));
                            ui.close();
                        }
                    }
                    if let Some(problem) = self.speller.problem(self.doc.chapter.spelling.language.as_deref()) {
                        ui.colored_label(super::theme::error(ui.visuals()), problem);
                    }
                });
                super::a11y::menu_opener(ui, &languages.response);
                ui.separator();
                for (panel, label) in [(SidePanel::Ratings, "Ratings Panel"), (SidePanel::Findings, "Findings Panel")] {
                    // A findings panel crowded out by a narrow window is not ticked: it is not
                    // there. Ticking it makes room by hiding the ratings.
                    let crowded = panel == SidePanel::Findings && self.view.findings_crowded_out;
                    let mut shown = self.prefs.shows(panel) && !crowded;
                    let shortcut = Action::TogglePanel(panel).shortcut();
                    let r = ui.checkbox(&mut shown, label);
                    super::a11y::menu_entry(ui, &r);
                    let r = match shortcut {
                        Some(sc) if crowded => r.on_hover_text(format!(
                            "No room beside the ratings at this width or zoom: ticking it hides the ratings panel ({})",
                            ui.ctx().format_shortcut(&sc)
                        )),
                        Some(sc) => r.on_hover_text(ui.ctx().format_shortcut(&sc)),
                        None => r,
                    };
                    if r.clicked() {
                        out.push(Action::TogglePanel(if crowded { SidePanel::Ratings } else { panel }));
                    }
                }
                ui.separator();
                appearance_items(ui, self.prefs.theme, out);
            });
            super::a11y::menu_opener(ui, &view.response);
            titles.push(view.response);
            let help = ui.menu_button("Help", |ui| {
                menu_item(ui, out, "Keyboard Shortcuts", Action::ShowShortcuts);
            });
            super::a11y::menu_opener(ui, &help.response);
            titles.push(help.response);
            titles
        });
        self.menu_titles = bar.inner.iter().map(|r| r.id).collect();
    }
}

/// The popup of a menu bar title.
fn popup_of(title: egui::Id) -> egui::Id {
    title.with("popup")
}

/// The menu bar's keys, before it is drawn (`titles`: its menus' titles, as last drawn): F10
/// opens the first menu with the focus on its title; ← and → on a title go to the menu beside
/// it (opening it if a menu was open); ↓ on a closed title opens its menu. Answered before
/// egui's menus see the arrows, which would take ← back to the title.
fn bar_keys(ctx: &egui::Context, titles: &[egui::Id], open_first: bool) {
    use egui::{Key, Modifiers};
    if open_first && let Some(first) = titles.first() {
        ctx.memory_mut(|m| m.request_focus(*first));
        egui::Popup::open_id(ctx, popup_of(*first));
        return;
    }
    let Some(at) = titles.iter().position(|t| ctx.memory(|m| m.has_focus(*t))) else { return };
    // Every press counts: keys typed faster than frames are drawn arrive in one frame.
    let (left, right, down) = ctx.input_mut(|i| {
        (
            i.count_and_consume_key(Modifiers::NONE, Key::ArrowLeft),
            i.count_and_consume_key(Modifiers::NONE, Key::ArrowRight),
            i.key_pressed(Key::ArrowDown),
        )
    });
    let was_open = titles.iter().any(|t| egui::Popup::is_id_open(ctx, popup_of(*t)));
    if left + right > 0 {
        let n = titles.len();
        let next = titles[(at + right % n + n - left % n) % n];
        ctx.memory_mut(|m| {
            m.move_focus(egui::FocusDirection::None);
            m.request_focus(next);
        });
        if was_open {
            egui::Popup::open_id(ctx, popup_of(next));
        } else {
            egui::Popup::close_all(ctx);
        }
    } else if down && !was_open {
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        egui::Popup::open_id(ctx, popup_of(titles[at]));
    }
}

/// View ▸ the themes, then the zoom.
fn appearance_items(ui: &mut egui::Ui, theme: ThemeChoice, out: &mut Vec<Action>) {
    for choice in ThemeChoice::ALL {
        let entry = ui.radio(theme == choice, choice.label());
        super::a11y::menu_entry(ui, &entry);
        if entry.clicked() {
            out.push(Action::SetTheme(choice));
        }
    }
    ui.separator();
    zoom_items(ui);
}

/// View ▸ Zoom In, Zoom Out, Actual Size, with the keys egui answers to (Ctrl+=, Ctrl+−, Ctrl+0).
fn zoom_items(ui: &mut egui::Ui) {
    use egui::gui_zoom::{kb_shortcuts, zoom_in, zoom_out};
    let percent = (ui.ctx().zoom_factor() * 100.0).round();
    for (label, shortcut, act) in [
        ("Zoom In", kb_shortcuts::ZOOM_IN_SECONDARY, zoom_in as fn(&egui::Context)),
        ("Zoom Out", kb_shortcuts::ZOOM_OUT, zoom_out),
        ("Actual Size", kb_shortcuts::ZOOM_RESET, |ctx: &egui::Context| ctx.set_zoom_factor(1.0)),
    ] {
        let label = if label == "Actual Size" { format!("{label} (now {percent} %)") } else { label.to_owned() };
        let entry = ui.add(egui::Button::new(label).shortcut_text(super::keys::shown(ui.ctx(), &shortcut)));
        super::a11y::menu_entry(ui, &entry);
        if entry.clicked() {
            act(ui.ctx());
            ui.close();
        }
    }
}

fn menu_item(ui: &mut egui::Ui, out: &mut Vec<Action>, label: &str, action: Action) -> egui::Response {
    let mut button = egui::Button::new(label);
    if let Some(sc) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
    }
    let response = ui.add(button);
    super::a11y::menu_entry(ui, &response);
    if response.clicked() {
        out.push(action);
        // A click closes egui's menus by itself; Enter on the focused entry does not.
        ui.close();
    }
    response
}
