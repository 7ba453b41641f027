//! File commands, run after the panels have drawn: new, open, import, save, export, and
//! find's next and previous. Native file dialogs (or the path field where there are none) are
//! asked for here, never in a panel.

use std::path::PathBuf;

use super::files::DiskStamp;
use super::jobs::{Done, Kind, Pick, SAVING, SaveOutcome};
use super::{Action, Dialog, PathPurpose, PendingOp, RapporteurApp, Tab, files};
use crate::findings::Location;
use crate::model::Chapter;

impl RapporteurApp {
    pub(super) fn run_op(&mut self, op: PendingOp) {
        match op {
            PendingOp::New => {
                self.replace_document(Self::blank_chapter(), None);
                self.view.tab = Tab::Chapter;
                self.clear_recovery();
                self.show_start_page();
            }
            PendingOp::Create { methodology, country, edition, from } => {
                self.create_chapter(&methodology, &country, edition, from.as_deref());
            }
            PendingOp::Sample(i) => self.open_sample(i),
            PendingOp::Open => self.ask_path(Pick::Path(PathPurpose::Open), None),
            PendingOp::OpenPath(path) => self.open_path(path),
            PendingOp::Import => self.ask_path(Pick::Path(PathPurpose::Import), None),
            PendingOp::ImportPath(path) => self.import_path(&path),
            PendingOp::Restore(key) => self.restore(&key),
            PendingOp::CloseTab => self.close_active_tab(),
            PendingOp::Quit => {
                // Every other chapter with unsaved changes is asked about in turn.
                if self.ask_next_unsaved_tab(PendingOp::Quit) {
                    return;
                }
                self.clear_recovery();
                // A save, an autosave or an export under way is finished first.
                self.close_after_jobs = true;
                self.close_when_idle();
            }
        }
    }

    /// Opens the chapter at `path`, reading it once: the stamp kept to notice later changes
    /// is of the bytes the chapter was parsed from.
    pub(super) fn open_path(&mut self, path: PathBuf) {
        let read = files::DiskRead::of(&path);
        match read.chapter {
            Ok(chapter) => {
                self.prefs.remember(&path);
                let base = chapter.clone();
                self.replace_document(chapter, Some(path));
                self.doc.on_disk = read.stamp.map(|s| (s, base));
                self.clear_recovery();
            }
            Err(message) => {
                if !path.exists() {
                    // A recent file that has gone: forget it.
                    self.prefs.recent.retain(|p| *p != path);
                }
                self.view.dialog = Some(Dialog::Error { title: "Cannot open the file".to_owned(), message });
            }
        }
    }

    /// Reads a published chapter's web text into a new, unsaved chapter; what could not be read
    /// is listed in a notice. A file that is not a chapter's text changes nothing.
    pub(super) fn import_path(&mut self, path: &std::path::Path) {
        let fail = |message: String| Dialog::Error { title: "Cannot import the file".to_owned(), message };
        // A published chapter's text names no methodology: it is read as the default's.
        let method = crate::Methodology::default_builtin();
        let result = read_bounded(path).and_then(|bytes| {
            crate::import::import_bytes(&bytes, &method).map_err(|e| format!("{}: {e}", path.display()))
        });
        match result {
            Ok(imported) => {
                let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
                self.replace_document(imported.chapter, None);
                self.doc.mark_unsaved();
                if !warnings.is_empty() {
                    self.view.dialog = Some(Dialog::Notice {
                        title: format!("Imported with {} warning(s)", warnings.len()),
                        lines: warnings,
                    });
                }
            }
            Err(message) => self.view.dialog = Some(fail(message)),
        }
    }

    /// Exports the chapter, asking first when it has error findings.
    pub(super) fn export(&mut self, format: crate::export::Format, confirmed: bool) {
        let errors = self.derived.findings().iter().filter(|f| f.severity == crate::findings::Severity::Error).count();
        if errors > 0 && !confirmed {
            self.view.dialog = Some(Dialog::ConfirmExport { format, errors });
            return;
        }
        let name = format!("{}.{}", self.file_stem(), format.extension());
        self.ask_path(Pick::Path(PathPurpose::Export(format)), Some(name));
    }

    /// The name files made from the chapter start with: "Kazakhstan-2024", or "chapter".
    fn file_stem(&self) -> String {
        let c = &self.doc.chapter;
        if c.country.is_empty() { "chapter".to_owned() } else { format!("{}-{}", c.country, c.edition) }
    }

    /// Writes the export to `path` atomically, in the background: the chapter as it is now is
    /// exported, and stays editable meanwhile.
    pub(super) fn export_to(&mut self, format: crate::export::Format, path: &std::path::Path) {
        let (chapter, method, path) = (self.doc.chapter.clone(), self.method.clone(), path.to_owned());
        let label = format!("Exporting {}…", format.name().to_uppercase());
        self.jobs.apart(&label, Kind::Writes, move || {
            let written = crate::export::export(&chapter, &method, format)
                .map_err(|e| e.to_string())
                .and_then(|bytes| crate::io::write_atomic(&path, &bytes, false).map_err(|e| e.to_string()));
            Done::Written(
                written
                    .map(|()| format!("Exported {}", path.display()))
                    .map_err(|message| ("Cannot export".to_owned(), message)),
            )
        });
    }

    /// Compares the chapter with the version at `path` (a project file, or a published
    /// chapter's text read on the fly); one that cannot be read changes nothing and says why.
    pub(super) fn compare_with(&mut self, path: &std::path::Path) {
        match read_last_year(path, &self.method) {
            Ok(other) => {
                let label =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                let diff = crate::diff::diff(&other, &self.doc.chapter, &self.method);
                self.view.compare =
                    Some(super::compare::Comparison { label, other, diff, revision: self.doc.revision, jump: None });
            }
            Err(message) => {
                self.view.dialog = Some(Dialog::Error { title: "Cannot compare".to_owned(), message });
            }
        }
    }

    /// Brings the comparison up to date with the chapter (a rating changed, an undo).
    pub(super) fn refresh_comparison(&mut self) {
        if let Some(cmp) = &mut self.view.compare
            && cmp.revision != self.doc.revision
        {
            cmp.diff = crate::diff::diff(&cmp.other, &self.doc.chapter, &self.method);
            cmp.revision = self.doc.revision;
        }
    }

    /// Asks where to write a review copy in `format` (Word or HTML).
    pub(super) fn review_copy(&mut self, format: crate::export::Format) {
        let name = format!("{}-review.{}", self.file_stem(), format.extension());
        self.ask_path(Pick::Path(PathPurpose::ReviewCopy(format)), Some(name));
    }

    /// Writes the review copy to `path` atomically, in the background (as [`Self::export_to`]).
    pub(super) fn review_copy_to(&mut self, format: crate::export::Format, path: &std::path::Path) {
        let (chapter, method, path) = (self.doc.chapter.clone(), self.method.clone(), path.to_owned());
        self.jobs.apart("Writing the review copy…", Kind::Writes, move || {
            let written = crate::review_copy::render(&chapter, &method, format)
                .ok_or_else(|| format!("a review copy is written as Word or HTML, not {}", format.label()))
                .and_then(|r| r.map_err(|e| e.to_string()))
                .and_then(|bytes| crate::io::write_atomic(&path, &bytes, false).map_err(|e| e.to_string()));
            Done::Written(
                written
                    .map(|()| format!("Review copy written to {}", path.display()))
                    .map_err(|message| ("Cannot write the review copy".to_owned(), message)),
            )
        });
    }

    /// Saves the chapter to `path` in the background, then runs `then` (what the
    /// unsaved-changes prompt held back) once it is saved. Saving over the chapter's own file
    /// first reads it again, right before writing, and writes nothing if it is not the version
    /// the editor last read or wrote (see [`Self::saved`]); another file at a new path is
    /// replaced (the path field and the dialog said so). The chapter stays editable: what is
    /// saved is the chapter as it is now. A save asked for while one is under way waits for it.
    pub(super) fn save_to(&mut self, path: PathBuf, then: Option<PendingOp>) {
        let expected =
            if self.doc.path.as_ref() == Some(&path) { self.doc.on_disk.as_ref().map(|(s, _)| *s) } else { None };
        self.save_checked(path, expected, then);
    }

    /// [`Self::save_to`], expecting the file to be the version stamped `expected` (none: write
    /// whatever is there).
    pub(super) fn save_checked(&mut self, path: PathBuf, expected: Option<DiskStamp>, then: Option<PendingOp>) {
        if self.jobs.running(SAVING) {
            self.save_queued = Some((path, expected.is_some(), then));
            return;
        }
        // A methodology file is named relative to the folder the chapter is saved in.
        let from = self.doc.path.as_deref().and_then(std::path::Path::parent);
        let to = path.parent().unwrap_or(std::path::Path::new("."));
        if let Some(name) = crate::Methodology::rebase(&self.doc.chapter.methodology, from, to) {
            self.method.id.clone_from(&name);
            self.doc.chapter.methodology = name;
        }
        let (serial, snapshot) = (self.serial, Box::new(self.doc.chapter.clone()));
        self.jobs.write(SAVING, move || {
            if let Some(expected) = expected {
                let read = files::DiskRead::of(&path);
                if read.differs_from(expected) {
                    let outcome = SaveOutcome::Changed(Box::new(read));
                    return Done::Saved { serial, path, snapshot, outcome, then };
                }
            }
            let text = crate::io::to_ron(&snapshot);
            let outcome = match crate::io::write_project(&path, &text, true) {
                Ok(()) => SaveOutcome::Written(DiskStamp::of(text.as_bytes())),
                Err(e) => SaveOutcome::Failed(e.to_string()),
            };
            Done::Saved { serial, path, snapshot, outcome, then }
        });
    }

    /// What a save did: on success the saved copy becomes the version on disk (and the chapter
    /// is clean unless it was edited meanwhile), then `then` runs; a file changed by someone
    /// else is shown, with what is to be done after it is settled.
    pub(super) fn saved(
        &mut self,
        serial: u64,
        path: PathBuf,
        snapshot: Box<Chapter>,
        outcome: SaveOutcome,
        then: Option<PendingOp>,
    ) {
        let same = serial == self.serial;
        match outcome {
            SaveOutcome::Written(stamp) => {
                self.prefs.remember(&path);
                // The edition's overview reads the chapter again (its row's figures, findings).
                self.reread_in_edition(&path);
                self.view.last_save = Some(format!("Saved {}", chrono::Local::now().format("%H:%M:%S")));
                if same {
                    self.doc.path = Some(path);
                    self.doc.mark_saved_as(&snapshot);
                    self.doc.on_disk = Some((stamp, *snapshot));
                    if !self.doc.is_dirty() {
                        self.clear_recovery();
                    }
                }
                if let Some((path, checked, queued_then)) = self.save_queued.take() {
                    // The later save goes ahead first; what either held back runs after it.
                    let expected = if checked { self.doc.on_disk.as_ref().map(|(s, _)| *s) } else { None };
                    self.save_checked(path, expected, queued_then.or(then));
                } else if let Some(op) = then {
                    self.run_op(op);
                }
            }
            SaveOutcome::Changed(read) => {
                self.save_queued = None;
                if same {
                    self.show_changed_on_disk(*read, true, then);
                }
            }
            SaveOutcome::Failed(message) => {
                self.save_queued = None;
                self.view.dialog = Some(Dialog::Error { title: "Cannot save".to_owned(), message });
            }
        }
    }

    /// Asks where to save (a native dialog, or the path field), saves there, and then runs
    /// `then` (what the unsaved-changes prompt held back) if the save succeeded.
    pub(super) fn choose_save_path(&mut self, then: Option<PendingOp>) {
        let c = &self.doc.chapter;
        let name = if c.country.is_empty() {
            "chapter.ron".to_owned()
        } else {
            format!("{}-{}.ron", c.country.to_lowercase().replace(' ', "-"), c.edition)
        };
        self.ask_path(Pick::Path(PathPurpose::SaveAs(then)), Some(name));
    }

    pub(super) fn find_step(&mut self, forward: bool) {
        let found = crate::find::matches(&self.doc.chapter, &self.method, &self.view.find.query);
        if found.is_empty() {
            self.view.find.current = None;
            return;
        }
        let n = found.len();
        let next = match (self.view.find.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.view.find.current = Some(next);
        let location = found[next].clone();
        self.go_to_location(&location);
    }

    pub(super) fn go_to_location(&mut self, location: &Location) {
        self.apply(Action::GoTo(location.clone()));
    }

    /// Shows the start page, its form empty.
    pub(super) fn show_start_page(&mut self) {
        let edition = chrono::Datelike::year(&chrono::Local::now().date_naive());
        self.start = Some(super::StartPage::new(edition));
    }

    /// Starts a chapter for `country` and `edition` under `methodology` (a built-in id, or the
    /// path of a methodology file); with `from`, last year's chapter (a project file, or a
    /// published chapter's text) gives the last-year ratings and the authors. A methodology
    /// or a `from` that cannot be read changes nothing and says why.
    pub(super) fn create_chapter(
        &mut self,
        methodology: &str,
        country: &str,
        edition: i32,
        from: Option<&std::path::Path>,
    ) {
        let mut methodology = methodology.trim().to_owned();
        if crate::Methodology::builtin(&methodology).is_none()
            && let Ok(full) = std::path::absolute(&methodology)
        {
            // A file: named by its full path, so that the chapter finds it wherever it is saved.
            methodology = full.to_string_lossy().into_owned();
        }
        let method = match crate::Methodology::resolve(&methodology, None) {
            Ok(method) => method,
            Err(message) => {
                self.view.dialog = Some(Dialog::Error { title: "Cannot use that methodology".to_owned(), message });
                return;
            }
        };
        let country = country.trim();
        let chapter = match from {
            None => crate::Chapter::new(&method, country, edition),
            Some(path) => match read_last_year(path, &method) {
                Ok(last) => crate::model::next_edition(&last, &method, country, edition),
                Err(message) => {
                    self.view.dialog =
                        Some(Dialog::Error { title: "Cannot read last year's chapter".to_owned(), message });
                    return;
                }
            },
        };
        self.clear_recovery();
        self.replace_document(chapter, None);
        self.view.tab = Tab::Justification;
        self.view.last_save = Some(format!("New chapter: {country} {edition}"));
    }

    /// Opens bundled sample `i` as a new, unsaved chapter (Save asks where).
    pub(super) fn open_sample(&mut self, i: usize) {
        let Some(sample) = super::start::SAMPLES.get(i) else { return };
        match crate::io::from_ron(sample.text, std::path::Path::new(sample.file)) {
            Ok(chapter) => {
                self.clear_recovery();
                self.replace_document(chapter, None);
                self.view.last_save = Some(format!("Opened the sample {}: Save As keeps your copy", sample.name));
            }
            Err(e) => {
                self.view.dialog =
                    Some(Dialog::Error { title: "Cannot open the sample".to_owned(), message: e.to_string() });
            }
        }
    }

    /// Asks for last year's chapter with a file dialog, for the start page's form.
    pub(super) fn browse_last_year(&mut self) {
        self.ask_path(Pick::LastYear, None);
    }
}

/// The bytes of a text file to import, refused when far larger than a chapter's text.
pub(super) fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    crate::import::read_text_file(path)
}

/// Last year's chapter at `path`: a project file, or (`.txt`) a published chapter's text.
fn read_last_year(path: &std::path::Path, method: &crate::Methodology) -> Result<crate::Chapter, String> {
    let is_text = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if !is_text {
        return crate::io::load(path).map_err(|e| e.to_string());
    }
    let bytes = read_bounded(path)?;
    crate::import::import_bytes(&bytes, method)
        .map(|imported| imported.chapter)
        .map_err(|e| format!("{}: {e}", path.display()))
}
