//! The egui editor: [`RapporteurApp`], an [`eframe::App`].
//!
//! Each frame: shortcuts, dropped files and the close button become [`Action`]s; the panels
//! draw the chapter and emit more actions (they never change the chapter or touch files); then
//! every action is applied through the one door in [`actions`]. An edit re-runs the pass
//! (`request_discard`), so every figure on screen is up to date in the frame the edit was made.
//!
//! Layout: the ratings side (score card, seven categories) on the left, the selected
//! category's justification (or the rest of the chapter, or the footnotes) in the middle,
//! findings on the right, the status bar at the bottom.

pub mod actions;
mod chapter;
mod dialogs;
pub mod files;
pub mod find;
mod findings;
pub mod fonts;
mod footnotes;
mod justification;
mod lazy;
mod ratings;
mod status;
pub mod theme;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use actions::{Action, Document, List, TextField, UnsavedChoice};

use crate::findings::{Finding, Location};
use crate::method::Methodology;
use crate::model::{Chapter, Id};
use crate::score::ScoreCard;
use files::{Prefs, Recovery};
use theme::ThemeChoice;

/// Seconds between autosaves of unsaved work to the recovery file.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

/// The tabs of the main area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The selected category's description and bullets.
    Justification,
    /// Header, score changes, executive summary, at-a-glance.
    Chapter,
    /// The footnote list.
    Footnotes,
}

/// Where the next frame should scroll to and put the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goto {
    /// A text block, with a byte range of its text to select.
    Block {
        /// The block.
        id: Id,
        /// Byte range to select.
        range: Option<Range<usize>>,
    },
    /// A footnote.
    Footnote(Id),
}

/// What waits behind the unsaved-changes prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PendingOp {
    /// A new chapter.
    New,
    /// Open with a dialog.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Import a published chapter's text, chosen with a dialog.
    Import,
    /// Import this text file.
    ImportPath(PathBuf),
    /// Close the window.
    Quit,
}

/// What a path field stands in for when there is no native file dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// Open a file.
    Open,
    /// Save to a file, then carry on with what the unsaved-changes prompt held back, if anything.
    SaveAs(Option<PendingOp>),
    /// Import a published chapter's text.
    Import,
    /// Export to a format.
    Export(crate::export::Format),
}

/// The modal dialog on screen, if any.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// Save / Discard / Cancel before `PendingOp`.
    Unsaved(PendingOp),
    /// Something failed; nothing changed.
    Error {
        /// Short title.
        title: String,
        /// The sentence, with line and column where there are some.
        message: String,
    },
    /// Something worth knowing happened (e.g. an import with warnings).
    Notice {
        /// Short title.
        title: String,
        /// What happened, one line each.
        lines: Vec<String>,
    },
    /// The chapter has error findings: export anyway?
    ConfirmExport {
        /// The format asked for.
        format: crate::export::Format,
        /// How many errors.
        errors: usize,
    },
    /// Unsaved work from an earlier run was found.
    Recover {
        /// When it was written.
        when: String,
        /// The file it belonged to.
        origin: Option<PathBuf>,
    },
    /// No native file dialog: type a path.
    PathPrompt {
        /// Open or save.
        purpose: PathPurpose,
        /// The path typed so far.
        text: String,
        /// What the app found at the path, and the text it was found for (the app looks,
        /// after the frame; the dialog only shows it).
        check: Option<(String, files::PathCheck)>,
    },
    /// A new footnote, to be inserted at a place in a block.
    NewFootnote {
        /// The block.
        block: Id,
        /// Byte offset.
        at: usize,
        /// The citation typed so far.
        text: String,
    },
}

impl Dialog {
    /// An empty path field for `purpose`.
    #[must_use]
    pub fn path_prompt(purpose: PathPurpose) -> Self {
        Self::PathPrompt { purpose, text: String::new(), check: None }
    }
}

/// The find bar's state.
#[derive(Clone, Debug, Default)]
pub struct FindState {
    /// Whether the bar is shown.
    pub open: bool,
    /// The text searched for.
    pub query: String,
    /// Focus the field next frame.
    pub focus: bool,
    /// Index of the current match.
    pub current: Option<usize>,
    /// How many matches the query has, as of a revision of the chapter: counted again only
    /// when either changes, not every frame.
    pub counted: Option<(String, u64, usize)>,
}

/// What the user is looking at: selection, tabs, field buffers. Not part of the chapter and
/// never saved.
#[derive(Clone, Debug)]
pub struct ViewState {
    /// The main area's tab.
    pub tab: Tab,
    /// The selected category (index into the chapter's categories).
    pub category: usize,
    /// The selected text block.
    pub selected_block: Option<Id>,
    /// A place to scroll to next frame.
    pub goto: Option<Goto>,
    /// Ratings being typed, by category code (only while a field is being edited).
    pub rating_buffers: HashMap<String, String>,
    /// Why a typed rating was refused, by category code.
    pub rating_errors: HashMap<String, String>,
    /// Access dates being typed, by footnote.
    pub date_buffers: HashMap<Id, String>,
    /// The modal dialog.
    pub dialog: Option<Dialog>,
    /// Find.
    pub find: FindState,
    /// The last save or autosave, for the status bar.
    pub last_save: Option<String>,
    /// Which severities the findings panel lists: errors, warnings, notes.
    pub findings_shown: [bool; 3],
}

impl Default for ViewState {
    fn default() -> Self {
        Self {
            tab: Tab::Justification,
            category: 0,
            selected_block: None,
            goto: None,
            rating_buffers: HashMap::new(),
            rating_errors: HashMap::new(),
            date_buffers: HashMap::new(),
            dialog: None,
            find: FindState::default(),
            last_save: None,
            findings_shown: [true; 3],
        }
    }
}

/// Figures derived from the chapter, recomputed when it changes.
#[derive(Clone, Debug)]
pub struct Derived {
    revision: Option<u64>,
    text_revision: Option<u64>,
    /// The score card.
    pub card: ScoreCard,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// Footnote labels defined.
    pub labels: HashSet<String>,
    /// Where each footnote label is used: block ids in reading order.
    pub uses: HashMap<String, Vec<Id>>,
    /// Word counts.
    pub words: find::WordCounts,
    /// What each block's text gave last time, so that only the blocks that changed are read
    /// again.
    blocks: HashMap<Id, BlockFacts>,
}

/// What one block's text gives: its words and the footnote labels it cites.
#[derive(Clone, Debug)]
struct BlockFacts {
    text: String,
    words: usize,
    labels: Vec<String>,
}

impl BlockFacts {
    fn of(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            words: find::words(text),
            labels: crate::model::markers::markers(text).map(|m| m.label.to_owned()).collect(),
        }
    }
}

impl Derived {
    fn compute(chapter: &Chapter, method: &Methodology) -> Self {
        let mut derived = Self {
            revision: None,
            text_revision: None,
            card: ScoreCard::compute(chapter, method),
            findings: crate::findings::check(chapter, method),
            labels: HashSet::new(),
            uses: HashMap::new(),
            words: find::WordCounts::default(),
            blocks: HashMap::new(),
        };
        derived.text_changed(chapter);
        derived
    }

    /// Recomputes what a change may have changed: everything when the text changed, the score
    /// card and the findings when only ratings did.
    fn refresh(&mut self, chapter: &Chapter, method: &Methodology, revision: u64, text_revision: u64) {
        if self.revision == Some(revision) {
            return;
        }
        self.card = ScoreCard::compute(chapter, method);
        self.findings = crate::findings::check(chapter, method);
        self.revision = Some(revision);
        if self.text_revision != Some(text_revision) {
            self.text_changed(chapter);
            self.text_revision = Some(text_revision);
        }
    }

    /// Recomputes what depends on the text only: labels, where each is used, word counts.
    /// Blocks whose text is as it was are not read again.
    fn text_changed(&mut self, chapter: &Chapter) {
        let mut before = std::mem::take(&mut self.blocks);
        let mut uses: HashMap<String, Vec<Id>> = HashMap::new();
        let mut words = find::WordCounts::default();
        for (section, block) in chapter.text_blocks() {
            let facts = match before.remove(&block.id) {
                Some(facts) if facts.text == block.text => facts,
                _ => BlockFacts::of(&block.text),
            };
            words.add(section, facts.words);
            for label in &facts.labels {
                let list = uses.entry(label.clone()).or_default();
                if list.last() != Some(&block.id) {
                    list.push(block.id);
                }
            }
            self.blocks.insert(block.id, facts);
        }
        self.labels = chapter.footnotes.iter().map(|f| f.label.clone()).collect();
        self.uses = uses;
        self.words = words;
    }

    /// The most serious finding's severity in category `code`, if it has any.
    #[must_use]
    pub fn worst_in(&self, code: &str) -> Option<crate::findings::Severity> {
        self.findings
            .iter()
            .filter(|f| matches!(&f.location.place, crate::findings::Place::Category(c) if c == code))
            .map(|f| f.severity)
            .min()
    }

    /// How many findings are in category `code`.
    #[must_use]
    pub fn findings_in(&self, code: &str) -> usize {
        self.findings
            .iter()
            .filter(|f| matches!(&f.location.place, crate::findings::Place::Category(c) if c == code))
            .count()
    }
}

/// The editor.
pub struct RapporteurApp {
    /// The chapter, its file and its undo history.
    pub doc: Document,
    method: Methodology,
    /// What the user is looking at.
    pub view: ViewState,
    derived: Derived,
    actions: Vec<Action>,
    /// Remembered between runs.
    pub prefs: Prefs,
    recovery: Option<Recovery>,
    pending_theme: Option<ThemeChoice>,
    autosave_due: Option<f64>,
    title: String,
    allow_close: bool,
    dialogs: files::DialogProbe,
    viewport_cmds: Vec<egui::ViewportCommand>,
}

impl RapporteurApp {
    /// The editor on `chapter` (no file yet), with fonts installed in `ctx`. No recovery file
    /// is written unless [`Self::with_recovery`] says where.
    #[must_use]
    pub fn from_chapter(ctx: &egui::Context, chapter: Chapter) -> Self {
        fonts::install(ctx);
        let method = Self::method_for(&chapter);
        let mut derived = Derived::compute(&chapter, &method);
        derived.revision = Some(0);
        derived.text_revision = Some(0);
        Self {
            doc: Document::new(chapter, None),
            method,
            view: ViewState::default(),
            derived,
            actions: Vec::new(),
            prefs: Prefs::default(),
            recovery: None,
            pending_theme: Some(ThemeChoice::System),
            autosave_due: None,
            title: String::new(),
            allow_close: false,
            dialogs: files::DialogProbe::start(),
            viewport_cmds: Vec::new(),
        }
    }

    /// The editor on the file at `path`; a file that fails to load leaves an empty chapter and
    /// an error dialog.
    #[must_use]
    pub fn from_path(ctx: &egui::Context, path: &Path) -> Self {
        let mut app = Self::from_chapter(ctx, Self::blank_chapter());
        app.open_path(path.to_owned());
        app
    }

    /// The editor as the desktop app starts it: remembered preferences, recovery in the user's
    /// data folder (offering to restore what an earlier run left), and the file named on the
    /// command line.
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<&Path>) -> Self {
        let mut app = match path {
            Some(p) => Self::from_path(&cc.egui_ctx, p),
            None => Self::from_chapter(&cc.egui_ctx, Self::blank_chapter()),
        };
        if let Some(prefs) = cc.storage.and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY)) {
            app.pending_theme = Some(prefs.theme);
            app.prefs = prefs;
        }
        if let Some(recovery) = Recovery::in_data_dir() {
            app = app.with_recovery(recovery);
        }
        app
    }

    /// Autosaves unsaved work to `recovery`, and offers to restore what is already there.
    #[must_use]
    pub fn with_recovery(mut self, recovery: Recovery) -> Self {
        if let Some((path, origin)) = recovery.found() {
            let when = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            if self.view.dialog.is_none() {
                self.view.dialog = Some(Dialog::Recover { when, origin });
            }
        }
        self.recovery = Some(recovery);
        self
    }

    /// Overrides whether native file dialogs are used (tests use the path field).
    #[must_use]
    pub fn with_native_dialogs(mut self, native: bool) -> Self {
        self.dialogs = files::DialogProbe::known(native);
        self
    }

    /// Whether native file dialogs work here (the answer is normally in long before it is
    /// needed; it is waited for a few seconds at most).
    fn native_dialogs(&self) -> bool {
        self.dialogs.available(std::time::Duration::from_secs(3))
    }

    fn blank_chapter() -> Chapter {
        let method = Methodology::nit_2020();
        Chapter::new(&method, "", chrono::Datelike::year(&chrono::Local::now().date_naive()))
    }

    fn method_for(chapter: &Chapter) -> Methodology {
        Methodology::builtin(&chapter.methodology).unwrap_or_else(Methodology::nit_2020)
    }

    /// The methodology the chapter is rated under.
    #[must_use]
    pub fn method(&self) -> &Methodology {
        &self.method
    }

    /// Figures derived from the chapter as of the last frame.
    #[must_use]
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// Applies every queued action now (tests and the frame loop). Returns whether any of them
    /// may have changed the chapter.
    pub fn apply_pending(&mut self) -> bool {
        let mut edited = false;
        while !self.actions.is_empty() {
            let batch = std::mem::take(&mut self.actions);
            for action in batch {
                edited |= action.edits_chapter();
                self.apply(action);
            }
        }
        self.refresh_derived();
        edited
    }

    fn refresh_derived(&mut self) {
        self.derived.refresh(&self.doc.chapter, &self.method, self.doc.revision, self.doc.text_revision);
    }

    fn replace_document(&mut self, chapter: Chapter, path: Option<PathBuf>) {
        self.method = Self::method_for(&chapter);
        let revision = self.doc.revision.max(self.doc.text_revision) + 1;
        self.doc = Document::new(chapter, path);
        self.doc.revision = revision;
        self.doc.text_revision = revision;
        let find = std::mem::take(&mut self.view.find);
        self.view = ViewState { find, last_save: None, ..ViewState::default() };
        self.refresh_derived();
    }

    fn run_op(&mut self, op: PendingOp) {
        match op {
            PendingOp::New => {
                self.replace_document(Self::blank_chapter(), None);
                self.view.tab = Tab::Chapter;
                self.clear_recovery();
            }
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
            PendingOp::Quit => {
                self.allow_close = true;
                self.clear_recovery();
                self.viewport_cmds.push(egui::ViewportCommand::Close);
            }
        }
    }

    fn open_path(&mut self, path: PathBuf) {
        match crate::io::load(&path) {
            Ok(chapter) => {
                self.prefs.remember(&path);
                self.replace_document(chapter, Some(path));
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
    fn import_path(&mut self, path: &std::path::Path) {
        let fail = |message: String| Dialog::Error { title: "Cannot import the file".to_owned(), message };
        let method = crate::Methodology::nit_2020();
        let result = std::fs::metadata(path)
            .map_err(|e| format!("{}: {e}", path.display()))
            .and_then(|m| {
                if m.len() > crate::import::MAX_IMPORT_BYTES as u64 {
                    Err(format!("{}: the file is {} bytes, far more than a chapter's text", path.display(), m.len()))
                } else {
                    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
                }
            })
            .and_then(|bytes| {
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
    fn export(&mut self, format: crate::export::Format, confirmed: bool) {
        let errors = self.derived.findings.iter().filter(|f| f.severity == crate::findings::Severity::Error).count();
        if errors > 0 && !confirmed {
            self.view.dialog = Some(Dialog::ConfirmExport { format, errors });
            return;
        }
        if self.native_dialogs() {
            let c = &self.doc.chapter;
            let stem = if c.country.is_empty() { "chapter".to_owned() } else { format!("{}-{}", c.country, c.edition) };
            if let Some(path) = files::pick_export(format, &format!("{stem}.{}", format.extension())) {
                self.export_to(format, &path);
            }
        } else {
            self.view.dialog = Some(Dialog::path_prompt(PathPurpose::Export(format)));
        }
    }

    /// Writes the export to `path` atomically.
    fn export_to(&mut self, format: crate::export::Format, path: &std::path::Path) {
        let written = crate::export::export(&self.doc.chapter, &self.method, format)
            .map_err(|e| e.to_string())
            .and_then(|bytes| crate::io::write_atomic(path, &bytes, false).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.view.last_save = Some(format!("Exported {}", path.display())),
            Err(message) => self.view.dialog = Some(Dialog::Error { title: "Cannot export".to_owned(), message }),
        }
    }

    /// Saves to `path`; when that worked, runs `then`.
    fn save_then(&mut self, path: PathBuf, then: Option<PendingOp>) {
        if self.save_to(path)
            && let Some(op) = then
        {
            self.run_op(op);
        }
    }

    fn save_to(&mut self, path: PathBuf) -> bool {
        match crate::io::save(&path, &self.doc.chapter) {
            Ok(()) => {
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
    fn choose_save_path(&mut self, then: Option<PendingOp>) {
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

    fn recover(&mut self, restore: bool) {
        let Some(recovery) = self.recovery.clone() else { return };
        if restore && let Some((path, origin)) = recovery.found() {
            match crate::io::load(&path) {
                Ok(chapter) => {
                    self.replace_document(chapter, origin);
                    self.doc.mark_unsaved();
                }
                Err(e) => {
                    self.view.dialog =
                        Some(Dialog::Error { title: "Cannot restore".to_owned(), message: e.to_string() });
                    return;
                }
            }
        }
        if !restore {
            recovery.clear();
        }
    }

    fn clear_recovery(&mut self) {
        if let Some(r) = &self.recovery {
            r.clear();
        }
        self.autosave_due = None;
    }

    fn autosave(&mut self, now: f64, ctx: &egui::Context) {
        if !self.doc.is_dirty() || self.recovery.is_none() {
            self.autosave_due = None;
            return;
        }
        let due = *self.autosave_due.get_or_insert(now + AUTOSAVE_SECONDS);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.autosave_due = Some(now + AUTOSAVE_SECONDS);
        if let Some(recovery) = &self.recovery {
            match recovery.write(&self.doc.chapter, self.doc.path.as_deref()) {
                Ok(()) => {
                    self.view.last_save = Some(format!("Autosaved {}", chrono::Local::now().format("%H:%M:%S")));
                }
                Err(e) => self.view.last_save = Some(format!("Autosave failed: {e}")),
            }
        }
    }

    fn find_step(&mut self, forward: bool) {
        let found = find::matches(&self.doc.chapter, &self.view.find.query);
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

    fn go_to_location(&mut self, location: &Location) {
        self.apply(Action::GoTo(location.clone()));
    }

    /// Whether the window has been told to close (after the unsaved-changes prompt, if any).
    #[must_use]
    pub fn is_closing(&self) -> bool {
        self.allow_close
    }

    /// The window title: file name, unsaved marker, app name.
    #[must_use]
    pub fn window_title(&self) -> String {
        let name = self
            .doc
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned());
        let marker = if self.doc.is_dirty() { " •" } else { "" };
        format!("{name}{marker} — Rapporteur")
    }

    fn before_frame(&mut self, ctx: &egui::Context) {
        if let Some(choice) = self.pending_theme.take() {
            ctx.set_theme(choice.preference());
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.view.dialog = Some(Dialog::Unsaved(PendingOp::Quit));
            } else {
                self.clear_recovery();
            }
        }
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        });
        if let Some(path) = dropped {
            self.emit(Action::OpenPath(path));
        }
        if self.view.dialog.is_none() {
            let redo_y = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Y);
            for action in Action::with_shortcuts() {
                if let Some(sc) = action.shortcut()
                    && ctx.input_mut(|i| i.consume_shortcut(&sc))
                {
                    self.emit(action);
                }
            }
            if ctx.input_mut(|i| i.consume_shortcut(&redo_y)) {
                self.emit(Action::Redo);
            }
            if self.view.find.open && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                self.emit(Action::ToggleFind);
            }
        }
    }

    /// Looks at the path typed in the path field, if it changed: the dialog shows what it
    /// would do (a file to open, one to replace) without touching the file system itself.
    fn check_typed_path(&mut self, ctx: &egui::Context) {
        if let Some(Dialog::PathPrompt { purpose, text, check }) = &mut self.view.dialog
            && check.as_ref().is_none_or(|(for_text, _)| for_text != text)
        {
            // A blank field has nothing to check; the dialog keeps its button off.
            let found = files::typed_path(text).map_or(files::PathCheck::Fine, |p| files::check_path(purpose, &p));
            *check = Some((text.clone(), found));
            ctx.request_repaint();
        }
    }

    fn after_frame(&mut self, ctx: &egui::Context) {
        if !self.actions.is_empty() {
            // Typing changes no figure, and the field already shows what was typed: the
            // findings and word counts it may change follow in the next frame. Anything else
            // is drawn again in this frame, so no figure lags behind.
            let typing = self.actions.iter().all(|a| matches!(a, Action::EditText { .. }));
            self.apply_pending();
            if !typing {
                ctx.request_discard("an action was applied");
            }
            ctx.request_repaint();
        }
        self.check_typed_path(ctx);
        let now = ctx.input(|i| i.time);
        self.doc.feed_undo(now);
        if self.doc.is_dirty() {
            // Undo's burst-of-typing timer needs frames to close a step.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        self.autosave(now, ctx);
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        for cmd in self.viewport_cmds.drain(..) {
            ctx.send_viewport_cmd(cmd);
        }
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let frame = egui::Frame::side_top_panel(ui.style());
        egui::Panel::top("menu").frame(frame).show(ui, |ui| {
            self.menu_bar(ui);
            if self.view.find.open {
                find::bar(ui, &mut self.view.find, &self.doc.chapter, self.doc.revision, &mut self.actions);
            }
        });
        egui::Panel::bottom("status").show(ui, |ui| status::bar(ui, self));
        egui::Panel::right("findings").default_size(theme::FINDINGS_WIDTH).show(ui, |ui| {
            findings::panel(ui, &self.derived, &mut self.view, &mut self.actions);
        });
        egui::Panel::left("ratings").default_size(theme::RATINGS_WIDTH).show(ui, |ui| {
            ratings::side(ui, &self.doc.chapter, &self.method, &self.derived, &mut self.view, &mut self.actions);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, label) in
                    [(Tab::Justification, "Justification"), (Tab::Chapter, "Chapter"), (Tab::Footnotes, "Footnotes")]
                {
                    if ui.selectable_label(self.view.tab == tab, label).clicked() {
                        self.actions.push(Action::ShowTab(tab));
                    }
                }
            });
            ui.separator();
            let ctx = Panels { chapter: &self.doc.chapter, method: &self.method, derived: &self.derived };
            match self.view.tab {
                Tab::Justification => justification::panel(ui, &ctx, &mut self.view, &mut self.actions),
                Tab::Chapter => chapter::panel(ui, &ctx, &mut self.view, &mut self.actions),
                Tab::Footnotes => footnotes::panel(ui, &ctx, &mut self.view, &mut self.actions),
            }
        });
        dialogs::show(ui.ctx(), &mut self.view, &mut self.actions);
    }

    fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let out = &mut self.actions;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                menu_item(ui, out, "New", Action::New);
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
                ui.menu_button("Export", |ui| {
                    for format in crate::export::Format::ALL {
                        menu_item(ui, out, &format!("{}…", format.label()), Action::Export(format));
                    }
                });
                ui.separator();
                menu_item(ui, out, "Quit", Action::Quit);
            });
            ui.menu_button("Edit", |ui| {
                ui.add_enabled_ui(self.doc.can_undo(), |ui| menu_item(ui, out, "Undo", Action::Undo));
                ui.add_enabled_ui(self.doc.can_redo(), |ui| menu_item(ui, out, "Redo", Action::Redo));
                ui.separator();
                menu_item(ui, out, "Find", Action::ToggleFind);
            });
            ui.menu_button("View", |ui| {
                for choice in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                    if ui.radio(self.prefs.theme == choice, choice.label()).clicked() {
                        out.push(Action::SetTheme(choice));
                    }
                }
            });
        });
    }
}

fn menu_item(ui: &mut egui::Ui, out: &mut Vec<Action>, label: &str, action: Action) {
    let mut button = egui::Button::new(label);
    if let Some(sc) = action.shortcut() {
        button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
    }
    if ui.add(button).clicked() {
        out.push(action);
    }
}

/// What panels read: the chapter, its methodology and derived figures.
pub struct Panels<'a> {
    /// The chapter.
    pub chapter: &'a Chapter,
    /// Its methodology.
    pub method: &'a Methodology,
    /// Derived figures.
    pub derived: &'a Derived,
}

impl eframe::App for RapporteurApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.before_frame(&ctx);
        self.draw(ui);
        self.after_frame(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// Opens the editor window on `path` (or a new chapter) and runs until it is closed.
pub fn run(path: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rapporteur")
            .with_app_id("rapporteur")
            .with_inner_size([1360.0, 860.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        // Window size and position are remembered between runs, with the theme and the
        // recent files (see `Prefs`); the chapter itself only ever goes to its `.ron`.
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "rapporteur",
        options,
        Box::new(move |cc| Ok(Box::new(RapporteurApp::new(cc, path.as_deref())) as Box<dyn eframe::App>)),
    )
    .map_err(|e| format!("the editor window could not open: {e}"))
}
