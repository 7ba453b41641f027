//! The status bar: file name, unsaved marker, what runs in the background ("Exporting PDF…"), error and warning counts, word count, and the time of the last save or
//! autosave.

use std::path::Path;

use egui::{RichText, Ui};

use super::{RapporteurApp, theme};
use crate::findings::Severity;

/// Draws the status bar.
pub fn bar(ui: &mut Ui, app: &RapporteurApp) {
    // Wrapped: at a large zoom the review summary goes on a second line, not out of sight.
    ui.horizontal_wrapped(|ui| {
        let overview = app.overview_status();
        let name = overview.as_ref().map_or_else(
            || {
                app.doc
                    .path
                    .as_deref()
                    .and_then(Path::file_name)
                    .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned())
            },
            |(name, _)| name.clone(),
        );
        ui.label(RichText::new(name).strong());
        if app.doc.is_dirty() && overview.is_none() {
            ui.label(RichText::new("unsaved").color(theme::warning(ui.visuals())));
        }
        // Quick jobs that run on their own (a look at the file on disk when the window gets the
        // focus back, removing a recovery file) are not shown: they would only flicker.
        let running: Vec<String> = app
            .jobs_running()
            .into_iter()
            .filter(|j| ![super::jobs::CHECKING, super::jobs::REMOVING].contains(&j.as_str()))
            .filter(|j| !super::edition_ops::QUIET.contains(&j.as_str()))
            .collect();
        if !running.is_empty() {
            ui.separator();
            // Words, not a spinner: a spinner would ask for a frame after frame for as long as
            // the job runs; the job wakes the window when it is done.
            let mut what = running.join(" ");
            if app.close_after_jobs {
                what.push_str(" The window closes when it is done.");
            }
            ui.label(RichText::new(what).color(theme::warning(ui.visuals())));
        }
        ui.separator();
        if let Some((_, summary)) = overview {
            ui.label(summary);
            if let Some(saved) = &app.view.last_save {
                ui.separator();
                ui.label(RichText::new(saved).color(theme::quiet(ui.visuals())));
            }
            return;
        }
        if app.start.is_some() {
            ui.label(RichText::new("Start a chapter, or open one").color(theme::quiet(ui.visuals())));
            return;
        }
        if !app.derived.progress.started() {
            let p = &app.derived.progress;
            ui.label(
                RichText::new(format!("Not started: {} of {} rated", p.rated, p.categories))
                    .color(theme::quiet(ui.visuals())),
            );
            return;
        }
        let count = |s: Severity| app.derived.findings().iter().filter(|f| f.severity == s).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let plural = crate::words::count;
        ui.label(RichText::new(plural(errors, "error")).color(if errors > 0 {
            theme::error(ui.visuals())
        } else {
            theme::quiet(ui.visuals())
        }));
        ui.label(RichText::new(plural(warnings, "warning")).color(if warnings > 0 {
            theme::warning(ui.visuals())
        } else {
            theme::quiet(ui.visuals())
        }));
        ui.separator();
        ui.label(plural(app.derived.words().total, "word"));
        if !app.doc.chapter.review.is_empty() {
            ui.separator();
            ui.label(super::review::summary_text(&app.derived.review));
        }
        if let Some(saved) = &app.view.last_save {
            ui.separator();
            ui.label(RichText::new(saved).color(theme::quiet(ui.visuals())));
        }
    });
}
