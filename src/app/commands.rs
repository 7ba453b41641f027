//! File commands, run after the panels have drawn: new, open, import, save, export, and
//! find's next and previous. Native file dialogs (or the path field where there are none) are
//! asked for here, never in a panel.

use std::path::PathBuf;

use super::{Action, Dialog, PathPurpose, PendingOp, RapporteurApp, Tab, files};
use crate::findings::Location;

impl RapporteurApp {
    pub(super) fn run_op(&mut self, op: PendingOp) {
        match op {
            PendingOp::New => {
                self.replace_document(Self::blank_chapter(), None);
                self.view.tab = Tab::Chapter;
                self.clear_recovery();
                self.show_start_page();
            }
            PendingOp::Create { country, edition, from } => self.create_chapter(&country, edition, from.as_deref()),
            PendingOp::Sample(i) => self.open_sample(i),
            PendingOp::Open => {
                if self.native_dialogs() {
                    if let Some(path) = files::pick_open() {
                        self.open_path(path);
                    }
                } else {
                    self.view.dialog = Some(Dialog::path_prompt(PathPurpose::Open));
                }
            }
            PendingOp::OpenPath(path) => self.open_path(path),
            PendingOp::Import => {
                if self.native_dialogs() {
                    if let Some(path) = files::pick_import() {
                        self.import_path(&path);
                    }
                } else {
                    self.view.dialog = Some(Dialog::path_prompt(PathPurpose::Import));
                }
            }
            PendingOp::ImportPath(path) => self.import_path(&path),
            PendingOp::Restore(key) => self.restore(&key),
            PendingOp::Quit => {
                self.allow_close = true;
                self.clear_recovery();
                self.viewport_cmds.push(egui::ViewportCommand::Close);
            }
        }
    }

    pub(super) fn open_path(&mut self, path: PathBuf) {
        match crate::io::load(&path) {
            Ok(chapter) => {
                self.prefs.remember(&path);
                let stamp = files::DiskStamp::read(&path);
                let base = chapter.clone();
                self.replace_document(chapter, Some(path));
                self.doc.on_disk = stamp.map(|s| (s, base));
                self.clear_recovery();
            }
            Err(e) => {
                if !path.exists() {
                    // A recent file that has gone: forget it.
                    self.prefs.recent.retain(|p| *p != path);
                }
                self.view.dialog =
                    Some(Dialog::Error { title: "Cannot open the file".to_owned(), message: e.to_string() });
            }
        }
    }

    /// Reads a published chapter's web text into a new, unsaved chapter; what could not be read
    /// is listed in a notice. A file that is not a chapter's text changes nothing.
    pub(super) fn import_path(&mut self, path: &std::path::Path) {
        let fail = |message: String| Dialog::Error { title: "Cannot import the file".to_owned(), message };
        let method = crate::Methodology::nit_2020();
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
        if self.native_dialogs() {
            let name = format!("{}.{}", self.file_stem(), format.extension());
            if let Some(path) = files::pick_export(format, &name) {
                self.export_to(format, &path);
            }
        } else {
            self.view.dialog = Some(Dialog::path_prompt(PathPurpose::Export(format)));
        }
    }

    /// The name files made from the chapter start with: "Kazakhstan-2024", or "chapter".
    fn file_stem(&self) -> String {
        let c = &self.doc.chapter;
        if c.country.is_empty() { "chapter".to_owned() } else { format!("{}-{}", c.country, c.edition) }
    }

    /// Writes the export to `path` atomically.
    pub(super) fn export_to(&mut self, format: crate::export::Format, path: &std::path::Path) {
        let written = crate::export::export(&self.doc.chapter, &self.method, format)
            .map_err(|e| e.to_string())
            .and_then(|bytes| crate::io::write_atomic(path, &bytes, false).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.view.last_save = Some(format!("Exported {}", path.display())),
            Err(message) => self.view.dialog = Some(Dialog::Error { title: "Cannot export".to_owned(), message }),
        }
    }

    /// Compares the chapter with the version at `path` (a project file, or a published
    /// chapter's text read on the fly); one that cannot be read changes nothing and says why.
    pub(super) fn compare_with(&mut self, path: &std::path::Path) {
        let method = crate::Methodology::nit_2020();
        match read_last_year(path, &method) {
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
        if self.native_dialogs() {
            let name = format!("{}-review.{}", self.file_stem(), format.extension());
            if let Some(path) = files::pick_export(format, &name) {
                self.review_copy_to(format, &path);
            }
        } else {
            self.view.dialog = Some(Dialog::path_prompt(PathPurpose::ReviewCopy(format)));
        }
    }

    /// Writes the review copy to `path` atomically.
    pub(super) fn review_copy_to(&mut self, format: crate::export::Format, path: &std::path::Path) {
        let written = crate::review_copy::render(&self.doc.chapter, &self.method, format)
            .ok_or_else(|| format!("a review copy is written as Word or HTML, not {}", format.label()))
            .and_then(|r| r.map_err(|e| e.to_string()))
            .and_then(|bytes| crate::io::write_atomic(path, &bytes, false).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.view.last_save = Some(format!("Review copy written to {}", path.display())),
            Err(message) => {
                self.view.dialog = Some(Dialog::Error { title: "Cannot write the review copy".to_owned(), message });
            }
        }
    }

    /// Saves to `path`; when that worked, runs `then`.
    pub(super) fn save_then(&mut self, path: PathBuf, then: Option<PendingOp>) {
        if self.save_to(path)
            && let Some(op) = then
        {
            self.run_op(op);
        }
    }

    pub(super) fn save_to(&mut self, path: PathBuf) -> bool {
        match crate::io::save(&path, &self.doc.chapter) {
            Ok(()) => {
                let written = crate::io::to_ron(&self.doc.chapter);
                self.doc.on_disk = Some((files::DiskStamp::of(written.as_bytes()), self.doc.chapter.clone()));
                self.prefs.remember(&path);
                self.doc.path = Some(path);
                self.doc.mark_saved();
                self.clear_recovery();
                self.view.last_save = Some(format!("Saved {}", chrono::Local::now().format("%H:%M:%S")));
                true
            }
            Err(e) => {
                self.view.dialog = Some(Dialog::Error { title: "Cannot save".to_owned(), message: e.to_string() });
                false
            }
        }
    }

    /// Asks where to save (a native dialog, or the path field), saves there, and then runs
    /// `then` (what the unsaved-changes prompt held back) if the save succeeded.
    pub(super) fn choose_save_path(&mut self, then: Option<PendingOp>) {
        if self.native_dialogs() {
            let c = &self.doc.chapter;
            let name = if c.country.is_empty() {
                "chapter.ron".to_owned()
            } else {
                format!("{}-{}.ron", c.country.to_lowercase().replace(' ', "-"), c.edition)
            };
            if let Some(path) = files::pick_save(&name) {
                self.save_then(path, then);
            }
        } else {
            self.view.dialog = Some(Dialog::path_prompt(PathPurpose::SaveAs(then)));
        }
    }

    pub(super) fn find_step(&mut self, forward: bool) {
        let found = crate::find::matches(&self.doc.chapter, &self.view.find.query);
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

    /// Starts a chapter for `country` and `edition`; with `from`, last year's chapter (a
    /// project file, or a published chapter's text) gives the last-year ratings and the
    /// authors. A `from` that cannot be read changes nothing and says why.
    pub(super) fn create_chapter(&mut self, country: &str, edition: i32, from: Option<&std::path::Path>) {
        let method = crate::Methodology::nit_2020();
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
        if let Some(path) = files::pick_last_year()
            && let Some(start) = &mut self.start
        {
            start.from = path.display().to_string();
        }
    }
}

/// The bytes of a text file to import, refused when far larger than a chapter's text.
pub(super) fn read_bounded(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > crate::import::MAX_IMPORT_BYTES as u64 {
        return Err(format!("{}: the file is {} bytes, far more than a chapter's text", path.display(), meta.len()));
    }
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
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
