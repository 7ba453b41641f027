//! Modal dialogs: unsaved changes, errors, recovery, a path field where no native file dialog
//! exists, and a new footnote. They only edit their own fields and emit actions.
use egui::{Context, RichText};

use super::files::{PathCheck, typed_path};
use super::{Action, Dialog, PathPurpose, PendingOp, UnsavedChoice, ViewState, theme};

/// Shows the open dialog, if any.
pub fn show(ctx: &Context, view: &mut ViewState, out: &mut Vec<Action>) {
    let Some(dialog) = view.dialog.as_mut() else { return };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        match dialog {
            Dialog::Unsaved(op) => {
                let what = match op {
                    PendingOp::New | PendingOp::Create { .. } => "starting a new chapter",
                    PendingOp::Sample(_) => "opening a sample",
                    PendingOp::Open | PendingOp::OpenPath(_) => "opening another file",
                    PendingOp::Import | PendingOp::ImportPath(_) => "importing a chapter",
                    PendingOp::Restore(_) => "restoring other unsaved work",
                    PendingOp::Quit => "closing",
                    PendingOp::CloseTab => "closing its tab",
                };
                ui.heading("Unsaved changes");
                ui.label(format!("Save your changes to this chapter before {what}?"));
                ui.add_space(theme::GAP);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        out.push(Action::Unsaved(UnsavedChoice::Save));
                    }
                    if ui.button("Discard").clicked() {
                        out.push(Action::Unsaved(UnsavedChoice::Discard));
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Action::Unsaved(UnsavedChoice::Cancel));
                    }
                });
            }
            Dialog::Error { title, message } => {
                ui.heading(title.as_str());
                ui.label(RichText::new(message.as_str()).color(theme::error(ui.visuals())));
                ui.label("Nothing was changed.");
                if ui.button("OK").clicked() {
                    close = true;
                }
            }
            Dialog::Notice { title, lines } => close = notice(ui, title, lines),
            Dialog::ConfirmExport { format, errors } => close = confirm_export(ui, *format, *errors, out),
            Dialog::Recover(found) => close = recover(ui, found, out),
            Dialog::PathPrompt { purpose, text, check } => {
                // The check is shown only once it is for the text as it is now.
                let check = check.as_ref().filter(|(for_text, _)| for_text == text).map(|(_, c)| c);
                close = path_prompt(ui, purpose, text, check, out);
            }
            Dialog::ChangedOnDisk { theirs, problem, saving, then, .. } => {
                changed_on_disk(ui, theirs.is_some(), problem.as_deref(), *saving, then.is_some(), out);
            }
            Dialog::Waiting(what) => {
                ui.heading(what.as_str());
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Choose a file in the file dialog, or cancel it there.");
                });
                close = ui
                    .button("Stop waiting")
                    .on_hover_text("Nothing is done with the file chosen afterwards")
                    .clicked();
            }
            Dialog::Identity { name, role } => close = identity(ui, name, role, out),
            Dialog::Shortcuts => close = shortcuts(ui),
            Dialog::NewFootnote { block, at, text } => {
                ui.heading("New footnote");
                let label = ui.label("Citation:");
                let r =
                    ui.add(egui::TextEdit::multiline(text).desired_rows(3).desired_width(420.0)).labelled_by(label.id);
                focus_when_nothing_is(ui, &r);
                ui.horizontal(|ui| {
                    if ui.button("Insert").clicked() {
                        out.push(Action::NewFootnoteAt { block: *block, at: *at, text: text.clone() });
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
        }
    });
    if modal.should_close()
        && !matches!(
            view.dialog,
            Some(Dialog::Unsaved(_) | Dialog::Recover(_) | Dialog::ChangedOnDisk { .. } | Dialog::Waiting(_))
        )
    {
        close = true;
    }
    if close {
        view.dialog = None;
    }
}

/// Help ▸ Keyboard Shortcuts: the shortcut table the menus label themselves from, then the keys
/// that move around and act on the focused control ([`super::keys::FIXED`]); true to close.
fn shortcuts(ui: &mut egui::Ui) -> bool {
    ui.heading("Keyboard shortcuts");
    let ctx = ui.ctx().clone();
    let format = |keys: &[egui::KeyboardShortcut]| {
        keys.iter().map(|k| super::keys::shown(&ctx, k)).collect::<Vec<_>>().join(" or ")
    };
    egui::ScrollArea::vertical().max_height(ui.ctx().content_rect().height() * 0.7).show(ui, |ui| {
        ui.label(RichText::new("Commands").strong());
        egui::Grid::new("shortcut-table").num_columns(2).striped(true).show(ui, |ui| {
            for (shortcut, action) in Action::shortcuts() {
                ui.label(format(&[shortcut]));
                ui.label(action.title().unwrap_or_default());
                ui.end_row();
            }
        });
        ui.add_space(theme::GAP);
        ui.label(RichText::new("Moving around and editing").strong());
        egui::Grid::new("fixed-keys").num_columns(2).striped(true).show(ui, |ui| {
            for key in super::keys::FIXED {
                ui.label(format(key.keys));
                ui.label(key.does);
                ui.end_row();
            }
        });
    });
    ui.add_space(theme::GAP);
    let ok = ui.button("Close");
    focus_when_nothing_is(ui, &ok);
    ok.clicked()
}

/// Puts the keyboard focus in a dialog's field when it opens (and whenever nothing else has it),
/// without taking it back from the dialog's buttons.
fn focus_when_nothing_is(ui: &egui::Ui, field: &egui::Response) {
    if ui.memory(|m| m.focused().is_none()) {
        field.request_focus();
    }
}

/// Unsaved work left by earlier runs, one entry a chapter, each restorable or discardable; true
/// when the author decides later (the entries stay, under File ▸ Recover Unsaved Work).
fn recover(ui: &mut egui::Ui, found: &[crate::recovery::RecoveredWork], out: &mut Vec<Action>) -> bool {
    ui.heading("Restore unsaved work?");
    let n = found.len();
    ui.label(if n == 1 {
        "Rapporteur found a chapter with changes that were never saved.".to_owned()
    } else {
        format!("Rapporteur found {n} chapters with changes that were never saved.")
    });
    ui.add_space(theme::GAP);
    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
        for work in found {
            let name =
                work.meta.origin.as_ref().map_or_else(|| "An untitled chapter".to_owned(), |p| p.display().to_string());
            let when = chrono::DateTime::parse_from_rfc3339(&work.meta.written).map_or_else(
                |_| "at an unknown time".to_owned(),
                |t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string(),
            );
            ui.label(RichText::new(&name).strong());
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("autosaved {when}")).color(theme::quiet(ui.visuals())));
                // Named for a screen reader after the chapter: each entry has its own pair.
                let restore = ui.button("Restore").on_hover_text("Open this work here, unsaved, to save it");
                super::a11y::name(ui, &restore, format!("Restore {name}, autosaved {when}"));
                if restore.clicked() {
                    out.push(Action::RestoreRecovered(work.key.clone()));
                }
                let discard = ui.button("Discard").on_hover_text("Throw this unsaved work away");
                super::a11y::name(ui, &discard, format!("Discard {name}, autosaved {when}"));
                if discard.clicked() {
                    out.push(Action::DiscardRecovered(work.key.clone()));
                }
            });
            ui.separator();
        }
    });
    ui.button("Decide later").on_hover_text("Keep it all; File ▸ Recover Unsaved Work shows it again").clicked()
}

/// A notice with a scrollable list of lines; true when dismissed.
fn notice(ui: &mut egui::Ui, title: &str, lines: &[String]) -> bool {
    ui.heading(title);
    egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
        for line in lines {
            ui.label(line.as_str());
        }
    });
    ui.button("OK").clicked()
}

/// Export anyway / Cancel for a chapter with error findings; true when cancelled.
fn confirm_export(ui: &mut egui::Ui, format: crate::export::Format, errors: usize, out: &mut Vec<Action>) -> bool {
    ui.heading("Export a chapter with errors?");
    ui.label(format!(
        "The chapter has {errors} error finding(s) (see Findings). Export it to {} anyway?",
        format.label()
    ));
    ui.horizontal(|ui| {
        if ui.button("Export anyway").clicked() {
            out.push(Action::ExportAnyway(format));
        }
        ui.button("Cancel").clicked()
    })
    .inner
}

/// A path field standing in for a native file dialog; true when it should close. It shows, as
/// the path is typed, what the app found there ([`PathCheck`]): a file to open, or one that
/// saving would replace. The panel itself looks at no file.
fn path_prompt(
    ui: &mut egui::Ui,
    purpose: &PathPurpose,
    text: &mut String,
    check: Option<&PathCheck>,
    out: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    let (title, verb) = match purpose {
        PathPurpose::Open => ("Open a chapter", "Open"),
        PathPurpose::SaveAs(_) => ("Save the chapter as", "Save"),
        PathPurpose::Import => ("Import a published chapter's text", "Import"),
        PathPurpose::Export(_) => ("Export the chapter to", "Export"),
        PathPurpose::ReviewCopy(_) => ("Write a review copy to", "Export"),
        PathPurpose::ImportComments => ("Import the comments of a Word review copy", "Import"),
        PathPurpose::Compare => ("Compare with another version (.ron, or published text)", "Compare"),
        PathPurpose::OpenEdition => ("Open an edition (the folder holding edition.ron)", "Open"),
        PathPurpose::PublishEdition => ("Publish the edition into a folder", "Publish"),
        PathPurpose::SaveChart(_, png) => {
            (if *png { "Save the chart as PNG" } else { "Save the chart as SVG" }, "Save")
        }
    };
    ui.heading(title);
    ui.label(
        "No file dialog is available here (neither the desktop portal nor zenity was found). \
         Type the file's path instead.",
    );
    let label = ui.label("Path:");
    let r =
        ui.add(egui::TextEdit::singleline(text).hint_text("/path/to/file").desired_width(420.0)).labelled_by(label.id);
    // Enter in the field does what the button does. A single-line field gives up its focus on
    // Enter, so this is asked before the focus is put back.
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !enter {
        focus_when_nothing_is(ui, &r);
    }
    let path = typed_path(text);
    let (verb, ok) = match check.filter(|_| path.is_some()) {
        None => (verb, false),
        Some(PathCheck::Problem(problem)) => {
            ui.colored_label(theme::error(ui.visuals()), problem.as_str());
            (verb, false)
        }
        Some(PathCheck::Replaces(note)) => {
            ui.colored_label(theme::warning(ui.visuals()), note.as_str());
            ("Replace", true)
        }
        Some(PathCheck::Fine) => (verb, true),
    };
    ui.horizontal(|ui| {
        let go = ui.add_enabled(ok, egui::Button::new(verb)).clicked() || (enter && ok);
        if go && let Some(path) = path.clone() {
            out.push(match purpose {
                PathPurpose::Open => Action::OpenPath(path),
                PathPurpose::SaveAs(then) => Action::SaveAsPath { path, then: then.clone() },
                PathPurpose::Import => Action::ImportPath(path),
                PathPurpose::Export(format) => Action::ExportPath(*format, path),
                PathPurpose::ReviewCopy(format) => Action::ReviewCopyPath(*format, path),
                PathPurpose::ImportComments => Action::ImportReviewCommentsPath(path),
                PathPurpose::Compare => Action::CompareWithPath(path),
                PathPurpose::OpenEdition => Action::OpenEditionPath(path),
                PathPurpose::PublishEdition => Action::PublishEditionPath(path),
                PathPurpose::SaveChart(kind, png) => Action::SaveChartPath(*kind, *png, path),
            });
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    close
}

/// The file changed on disk: merge it in or reload it (when it could be read; not reload when
/// something waits to be done with this version, such as closing), save this version
/// elsewhere, overwrite it (on saving), or keep editing.
fn changed_on_disk(
    ui: &mut egui::Ui,
    readable: bool,
    problem: Option<&str>,
    saving: bool,
    held_back: bool,
    out: &mut Vec<Action>,
) {
    use super::state::DiskChoice;
    ui.heading("The file changed on disk");
    ui.label(
        "Someone else (a git pull, a merge, a colleague) changed this chapter's file since you opened or \
         saved it. Your version has not been written over.",
    );
    if let Some(problem) = problem {
        ui.colored_label(theme::error(ui.visuals()), format!("The version on disk cannot be read: {problem}"));
    }
    ui.add_space(theme::GAP);
    ui.horizontal_wrapped(|ui| {
        if readable
            && ui
                .button("Merge it into mine")
                .on_hover_text("Both sets of changes; conflicts are kept to settle")
                .clicked()
        {
            out.push(Action::ChangedOnDisk(DiskChoice::Merge));
        }
        if readable
            && !held_back
            && ui.button("Reload it").on_hover_text("Take the version on disk; Undo brings yours back").clicked()
        {
            out.push(Action::ChangedOnDisk(DiskChoice::Reload));
        }
        if ui.button("Save mine as a new file…").clicked() {
            out.push(Action::ChangedOnDisk(DiskChoice::SaveAsNew));
        }
        if saving && ui.button("Overwrite it").on_hover_text("The version on disk is kept as .bak").clicked() {
            out.push(Action::ChangedOnDisk(DiskChoice::Overwrite));
        }
        if ui.button("Keep editing").clicked() {
            out.push(Action::ChangedOnDisk(DiskChoice::Keep));
        }
    });
}

/// The name and role comments are signed with; true when cancelled.
fn identity(
    ui: &mut egui::Ui,
    name: &mut String,
    role: &mut crate::model::review::Role,
    out: &mut Vec<Action>,
) -> bool {
    let mut close = false;
    ui.heading("Your name and role");
    ui.label("Comments, proposals and sign-offs are signed with these. They are kept with the editor's settings, not in the chapter.");
    let label = ui.label("Name:");
    let r = ui.add(egui::TextEdit::singleline(name).desired_width(300.0)).labelled_by(label.id);
    focus_when_nothing_is(ui, &r);
    ui.horizontal(|ui| {
        for option in crate::model::review::Role::ALL {
            ui.radio_value(role, option, option.label());
        }
    });
    ui.label(
        RichText::new("On an anonymous chapter an author signs \"Author\" alone, whatever the name.")
            .small()
            .color(theme::quiet(ui.visuals())),
    );
    ui.horizontal(|ui| {
        if ui.button("OK").clicked() {
            out.push(Action::SetIdentity { name: name.clone(), role: *role });
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    close
}
