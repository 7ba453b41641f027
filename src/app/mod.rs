//! The egui editor: [`RapporteurApp`], an [`eframe::App`].
//!
//! Each frame: shortcuts, dropped files and the close button become [`Action`]s; the panels
//! draw the chapter and emit more actions (they never change the chapter or touch files); then
//! every action is applied through the one door in [`actions`], the derived figures are brought
//! up to date (re-checking only what changed), and the next frame is asked for at once. No
//! frame is drawn twice.
//!
//! Layout: the ratings side (score card, the methodology's outline of rated items) on the
//! left, the selected item's justification (or the rest of the chapter, or the footnotes) in
//! the middle, findings on the right, the status bar at the bottom. Started without a file, the editor
//! shows the start page instead.
//!
//! Nothing that can take longer than a frame runs in one: saves, autosaves, exports, file
//! dialogs and looking at the file on disk are jobs ([`jobs`]) whose results are applied at the
//! start of a frame, like actions.
//!
//! One concern a file: [`state`] (what the view holds), [`derived`] (figures kept up to date),
//! [`commands`] (file commands), [`jobs`] (work off the UI thread), [`autosave`] (recovery),
//! [`menu`], and a module per panel.

mod a11y;
pub mod actions;
pub mod autosave;
mod chapter;
pub mod charts;
pub mod clipboard;
mod commands;
pub mod compare;
mod completer;
mod conflicts;
pub mod derived;
mod dialogs;
mod disk;
pub mod edition;
mod edition_ops;
mod edition_tabs;
mod fields;
pub mod files;
mod find;
mod findings;
pub mod fonts;
mod footnotes;
mod jobs;
mod justification;
pub mod keys;
mod lazy;
mod menu;
mod ratings;
mod review;
mod spelling;
mod start;
pub mod state;
mod status;
pub mod theme;
pub mod timings;

use std::path::{Path, PathBuf};

pub use actions::{Action, Document, TextField, UnsavedChoice};
pub use autosave::{AUTOSAVE_SECONDS, Clock, ClockHand};
pub use derived::Derived;
pub use justification::editor_id;
pub use state::{Dialog, FindState, Goto, PathPurpose, PendingOp, SidePanel, StartPage, Tab, ViewState};

use crate::method::Methodology;
use crate::model::Chapter;
use crate::recovery::Recovery;
use files::Prefs;
use theme::ThemeChoice;

/// The title of the message a chapter whose methodology cannot be found opens with.
const METHOD_MISSING: &str = "Cannot find the chapter's methodology";

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
    clock: Clock,
    /// The start page, while it is shown instead of the chapter.
    pub start: Option<StartPage>,
    pending_theme: Option<ThemeChoice>,
    autosave_due: Option<f64>,
    title: String,
    allow_close: bool,
    /// Whether the window had the focus last frame (to notice it coming back).
    focused: Option<bool>,
    speller: spelling::Speller,
    dialogs: files::DialogProbe,
    viewport_cmds: Vec<egui::ViewportCommand>,
    timings: timings::Timings,
    jobs: jobs::Jobs,
    /// Closing was asked for while something was being written: the window closes once it is.
    close_after_jobs: bool,
    /// Which document is open: bumped whenever another replaces it, so that a job started for
    /// one never changes the next.
    serial: u64,
    /// A save asked for while another was under way, run when that one ends: where, whether
    /// to check the file first, and what to do after.
    save_queued: Option<(PathBuf, bool, Option<PendingOp>)>,
    /// Where the panes F6 walks were drawn, and the focus in each.
    panes: keys::Panes,
    /// F10 was pressed: the menu bar's first menu opens with the focus on it.
    open_menu_bar: bool,
    /// Alt pressed alone opens the menu bar.
    alt: keys::AltAlone,
    /// The ids of the menu bar's titles, as last drawn (for its keys, answered before it is).
    menu_titles: Vec<egui::Id>,
    /// The edition open (File ▸ Open Edition…), with its overview's sort, filter and selection.
    pub overview: Option<Box<edition::Overview>>,
    /// The chapters open in tabs beside the overview (the one shown is `doc`; the others are
    /// parked there).
    tabs: edition_tabs::Tabs,
}

impl RapporteurApp {
    /// The editor on `chapter` (no file yet), with fonts installed in `ctx`. No recovery file
    /// is written unless [`Self::with_recovery`] says where.
    #[must_use]
    pub fn from_chapter(ctx: &egui::Context, chapter: Chapter) -> Self {
        fonts::install(ctx);
        let (method, problem) = Self::method_for(&chapter, None);
        let mut derived = Derived::compute(&chapter, &method);
        derived.revision = Some(0);
        derived.text_revision = Some(0);
        Self {
            doc: Document::new(chapter, None),
            method,
            view: ViewState {
                dialog: problem.clone().map(|message| Dialog::Error { title: METHOD_MISSING.to_owned(), message }),
                method_problem: problem,
                ..ViewState::default()
            },
            derived,
            actions: Vec::new(),
            prefs: Prefs::default(),
            recovery: None,
            clock: Clock::default(),
            start: None,
            pending_theme: Some(ThemeChoice::System),
            autosave_due: None,
            title: String::new(),
            allow_close: false,
            focused: None,
            speller: spelling::Speller::idle(),
            dialogs: files::DialogProbe::start(),
            viewport_cmds: Vec::new(),
            timings: timings::Timings::default(),
            jobs: jobs::Jobs::new(ctx.clone()),
            close_after_jobs: false,
            serial: 0,
            save_queued: None,
            panes: keys::Panes::default(),
            open_menu_bar: false,
            alt: keys::AltAlone::default(),
            menu_titles: Vec::new(),
            overview: None,
            tabs: edition_tabs::Tabs::default(),
        }
    }

    /// The editor as started without a file: the start page, over an empty chapter.
    #[must_use]
    pub fn start_page(ctx: &egui::Context) -> Self {
        let mut app = Self::from_chapter(ctx, Self::blank_chapter());
        app.start = Some(StartPage::new(app.doc.chapter.edition));
        app
    }

    /// The editor on the file at `path`; a file that fails to load leaves an empty chapter and
    /// an error dialog. A folder holding an edition (`edition.ron`) opens its overview.
    #[must_use]
    pub fn from_path(ctx: &egui::Context, path: &Path) -> Self {
        let mut app = Self::from_chapter(ctx, Self::blank_chapter());
        if path.is_dir() {
            app.open_edition(path);
        } else {
            app.open_path(path.to_owned());
        }
        app
    }

    /// The editor as the desktop app starts it: remembered preferences, recovery in the user's
    /// data folder (offering to restore what an earlier run left), and the file named on the
    /// command line.
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<&Path>) -> Self {
        let mut timings = timings::Timings::from_env();
        timings.created();
        let mut app = match path {
            Some(p) => Self::from_path(&cc.egui_ctx, p),
            None => Self::start_page(&cc.egui_ctx),
        };
        timings.loaded();
        app.timings = timings;
        if let Some(prefs) = cc.storage.and_then(|s| eframe::get_value::<Prefs>(s, eframe::APP_KEY)) {
            app.pending_theme = Some(prefs.theme);
            app.prefs = prefs;
        }
        if let Some(dir) = eframe::storage_dir("rapporteur") {
            app = app.with_recovery(Recovery::new(dir.join("recovery")));
        }
        // The dictionary is parsed in the background: the window opens at once.
        app.speller = spelling::Speller::start().with_repaint(&cc.egui_ctx);
        app
    }

    /// Waits for the spelling dictionary before going on (tests: underlines from the first
    /// frame).
    #[must_use]
    pub fn with_spelling_ready(mut self) -> Self {
        self.speller = std::mem::take(&mut self.speller).ready();
        self.refresh_derived();
        self
    }

    /// Overrides whether native file dialogs are used (tests use the path field).
    #[must_use]
    pub fn with_native_dialogs(mut self, native: bool) -> Self {
        self.dialogs = files::DialogProbe::known(native);
        self
    }

    pub(super) fn blank_chapter() -> Chapter {
        let method = Methodology::default_builtin();
        Chapter::new(&method, "", chrono::Datelike::year(&chrono::Local::now().date_naive()))
    }

    /// The methodology `chapter` names, looked for beside its file at `path` when it names a
    /// file; one that cannot be found gives a stand-in that knows no item (nothing is rated on
    /// another index's scale) and the reason, for the editor to say.
    pub(super) fn method_for(chapter: &Chapter, path: Option<&Path>) -> (Methodology, Option<String>) {
        let dir = path.and_then(Path::parent);
        match Methodology::resolve(&chapter.methodology, dir) {
            Ok(method) => (method, None),
            Err(reason) => (
                Methodology::unknown(&chapter.methodology),
                Some(format!(
                    "This chapter is rated under the methodology \"{}\", which cannot be found: {reason}. \
                     Its text can be read and edited; its ratings are kept as they are and cannot be \
                     changed, and no figure is computed, until the methodology is there.",
                    chapter.methodology
                )),
            ),
        }
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

    /// Applies every queued action now (tests and the frame loop).
    pub fn apply_pending(&mut self) {
        while !self.actions.is_empty() {
            let batch = std::mem::take(&mut self.actions);
            for action in batch {
                self.apply(action);
            }
        }
        self.tab_for_the_chapter();
        self.refresh_derived();
    }

    fn refresh_derived(&mut self) {
        // A conversion (or its undo) changes the chapter's methodology: the editor follows it.
        if self.doc.chapter.methodology != self.method.id {
            let (method, problem) = Self::method_for(&self.doc.chapter, self.doc.path.as_deref());
            self.method = method;
            self.view.method_problem = problem;
        }
        self.derived.refresh(&self.doc.chapter, &self.method, self.doc.revision, self.doc.text_revision);
        let checker = if self.prefs.spelling_off {
            None
        } else {
            self.speller.checker(&self.doc.chapter.spelling, &self.prefs.words).cloned()
        };
        self.derived.set_checker(checker, &self.doc.chapter, &self.method);
        self.refresh_comparison();
    }

    pub(super) fn replace_document(&mut self, chapter: Chapter, path: Option<PathBuf>) {
        let (method, problem) = Self::method_for(&chapter, path.as_deref());
        self.method = method;
        let revision = self.doc.revision.max(self.doc.text_revision) + 1;
        // Unique among every chapter open in a tab, so that no job lands in another's.
        self.serial = self.tabs.fresh_serial();
        // A chapter opened (or started) is shown, not the edition's overview.
        self.tabs.overview = false;
        self.save_queued = None;
        self.doc = Document::new(chapter, path);
        self.doc.revision = revision;
        self.doc.text_revision = revision;
        self.start = None;
        let find = std::mem::take(&mut self.view.find);
        self.view = ViewState { find, last_save: None, ..ViewState::default() };
        if let Some(message) = &problem {
            self.view.dialog = Some(Dialog::Error { title: METHOD_MISSING.to_owned(), message: message.clone() });
        }
        self.view.method_problem = problem;
        self.refresh_derived();
    }

    /// The pane the keyboard focus is in, as of the last frame (tests, and what F6 starts from).
    #[must_use]
    pub fn focused_pane(&self, ctx: &egui::Context) -> Option<keys::Pane> {
        ctx.memory(egui::Memory::focused).and_then(|id| self.panes.pane_of(ctx, id))
    }

    /// Whether the window has been told to close (after the unsaved-changes prompt, if any).
    #[must_use]
    pub fn is_closing(&self) -> bool {
        self.allow_close
    }

    /// The window title: file name, unsaved marker, app name.
    #[must_use]
    pub fn window_title(&self) -> String {
        if let Some(ov) = self.overview.as_ref().filter(|_| self.tabs.overview) {
            let marker = if self.any_tab_unsaved() { " •" } else { "" };
            return format!("{}{marker} — Rapporteur", ov.edition.file.name);
        }
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
        self.doc.tick(ctx.input(|i| i.time));
        // What the jobs did since the last frame is applied first, as actions are.
        self.take_done_jobs();
        // Actions queued between frames (by a test, or a command) are applied before drawing.
        if !self.actions.is_empty() {
            self.apply_pending();
        }
        // The dictionary may have become ready, or the chapter's words changed.
        self.refresh_derived();
        self.view.underlined.clear();
        if let Some(focused) = ctx.input(|i| i.viewport().focused) {
            self.focus_changed(focused);
        }
        if let Some(choice) = self.pending_theme.take() {
            theme::apply(ctx, choice);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            // A chapter in another tab with unsaved changes is asked about first (shown).
            self.show_an_unsaved_tab();
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.view.dialog = Some(Dialog::Unsaved(PendingOp::Quit));
            } else if self.jobs.writing() {
                // A save or an export under way is finished first; the window closes after.
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.run_op(PendingOp::Quit);
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
            for (shortcut, action) in Action::shortcuts() {
                if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                    self.emit(action);
                }
            }
            if self.view.find.open && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                self.emit(Action::CloseFind);
            }
            if !egui::Popup::is_any_open(ctx) {
                self.panes.give_back(ctx);
                self.panes.keys(ctx, self.view.completer.is_some());
                // Not Shift+F10, the context menu's: egui matches shortcuts ignoring Shift.
                let alt_alone = ctx.input(|i| self.alt.released(&i.raw.events));
                if alt_alone || ctx.input_mut(|i| !i.modifiers.shift && i.consume_shortcut(&keys::MENU_BAR)) {
                    self.panes.hold(ctx);
                    self.open_menu_bar = true;
                }
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
            // The actions of this frame's clicks and keys are applied and every derived figure
            // brought up to date now, after the panels drew and before the next frame, which
            // is asked for at once: each frame is drawn once, from a model and figures that
            // agree with each other.
            self.apply_pending();
            ctx.request_repaint();
        }
        self.check_typed_path(ctx);

        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        for cmd in self.viewport_cmds.drain(..) {
            ctx.send_viewport_cmd(cmd);
        }
    }

    /// The menu bar, and the find bar under it while it is open.
    fn top_bar(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let frame = egui::Frame::side_top_panel(ui.style());
        egui::Panel::top("menu").frame(frame).show(ui, |ui| {
            self.menu_bar(ui);
            if self.view.find.open && self.start.is_none() {
                let from = self.panes.mark(ctx);
                find::bar(
                    ui,
                    &mut self.view.find,
                    &self.doc.chapter,
                    &self.method,
                    self.doc.revision,
                    &mut self.actions,
                );
                self.panes.drawn(ctx, keys::Pane::FindBar, from);
            }
        });
    }

    fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.panes.begin(&ctx, ui.layer_id());
        self.top_bar(ui, &ctx);
        let from = self.panes.mark(&ctx);
        egui::Panel::bottom("status").show(ui, |ui| status::bar(ui, self));
        self.panes.drawn(&ctx, keys::Pane::Status, from);
        if self.overview.is_some() && self.start.is_none() {
            self.tab_strip(ui);
        }
        if self.tabs.overview && self.start.is_none() {
            let from = self.panes.mark(&ctx);
            egui::CentralPanel::default().show(ui, |ui| {
                if let Some(ov) = self.overview.as_deref_mut() {
                    edition::panel(ui, ov, &mut self.actions);
                } else {
                    // No spinner: it would ask for frame after frame; the job wakes the window.
                    ui.label("Opening the edition…");
                }
            });
            self.panes.drawn(&ctx, keys::Pane::Main, from);
            dialogs::show(ui.ctx(), &mut self.view, &mut self.actions);
            return;
        }
        if let Some(form) = &mut self.start {
            let can_close = !self.doc.chapter.country.is_empty() || self.doc.path.is_some();
            let from = self.panes.mark(&ctx);
            egui::CentralPanel::default().show(ui, |ui| {
                start::page(ui, form, &self.prefs.recent, can_close, &mut self.actions);
            });
            self.panes.drawn(&ctx, keys::Pane::Main, from);
            dialogs::show(ui.ctx(), &mut self.view, &mut self.actions);
            return;
        }
        // Side panels take a share of the window, so that the text between them keeps a
        // readable width at any size down to 1024 px; each can be hidden from the View menu.
        let width = ui.available_width();
        // A narrow window (a small screen, or large zoom: 1280 px at 200 % is 640 points) has
        // room for one side panel beside the text: the ratings, unless they are hidden. The
        // status bar still counts the findings.
        let narrow = width < theme::TWO_PANELS_WIDTH;
        self.view.findings_crowded_out =
            self.prefs.shows(SidePanel::Findings) && narrow && self.prefs.shows(SidePanel::Ratings);
        let findings_shown = self.prefs.shows(SidePanel::Findings) && !self.view.findings_crowded_out;
        if findings_shown {
            self.side_panel(ui, &ctx, SidePanel::Findings, width);
        }
        if self.prefs.shows(SidePanel::Ratings) {
            self.side_panel(ui, &ctx, SidePanel::Ratings, width);
        }
        let from = self.panes.mark(&ctx);
        egui::CentralPanel::default().show(ui, |ui| {
            // Wrapped: at a large zoom the tabs go on a second line rather than out of sight.
            ui.horizontal_wrapped(|ui| {
                for (tab, label) in [
                    (Tab::Justification, "Justification"),
                    (Tab::Chapter, "Chapter"),
                    (Tab::Footnotes, "Footnotes"),
                    (Tab::Review, "Review"),
                ] {
                    let r = ui.selectable_label(self.view.tab == tab, label);
                    a11y::tab(ui, &r, self.view.tab == tab);
                    if r.clicked() {
                        self.actions.push(Action::ShowTab(tab));
                    }
                }
                if !self.prefs.shows(SidePanel::Ratings) {
                    // With the ratings hidden, the category is still chosen here.
                    ui.separator();
                    category_picker(ui, &self.doc.chapter, &self.method, self.view.category, &mut self.actions);
                }
            });
            ui.separator();
            let ctx = Panels { chapter: &self.doc.chapter, method: &self.method, derived: &self.derived };
            conflicts::banner(ui, &ctx, self.view.tab == Tab::Review, &mut self.actions);
            if let Some(cmp) = &mut self.view.compare {
                compare::panel(ui, &ctx, cmp, &mut self.actions);
                return;
            }
            match self.view.tab {
                Tab::Justification => justification::panel(ui, &ctx, &mut self.view, &mut self.actions),
                Tab::Chapter => chapter::panel(ui, &ctx, &mut self.view, &mut self.actions),
                Tab::Footnotes => footnotes::panel(ui, &ctx, &mut self.view, &mut self.actions),
                Tab::Review => review::panel(ui, &ctx, &mut self.view, &mut self.actions),
            }
        });
        self.panes.drawn(&ctx, keys::Pane::Main, from);
        dialogs::show(ui.ctx(), &mut self.view, &mut self.actions);
    }
}

/// What a side panel draws: the ratings side or the findings panel, from the same context.
type SideContents = fn(&mut egui::Ui, &Chapter, &Methodology, &Derived, &mut ViewState, &mut Vec<Action>);

impl RapporteurApp {
    /// Draws the side panel `which` (ratings on the left, findings on the right) taking its
    /// share of a window `width` wide, records it as a pane for F6 and Tab, and names its
    /// resize handle.
    fn side_panel(&mut self, ui: &mut egui::Ui, ctx: &egui::Context, which: SidePanel, width: f32) {
        let (panel, share, max_share, widest, pane, salt, draw): (_, _, _, _, _, _, SideContents) = match which {
            SidePanel::Ratings => (
                egui::Panel::left("ratings"),
                0.26,
                0.36,
                theme::RATINGS_WIDTH,
                keys::Pane::Ratings,
                "ratings",
                ratings::side,
            ),
            SidePanel::Findings => (
                egui::Panel::right("findings"),
                0.2,
                0.3,
                theme::FINDINGS_WIDTH,
                keys::Pane::Findings,
                "findings",
                findings::panel,
            ),
        };
        let from = self.panes.mark(ctx);
        panel
            .default_size((width * share).clamp(theme::SIDE_MIN_WIDTH, widest))
            .size_range(theme::SIDE_MIN_WIDTH..=(width * max_share).max(theme::SIDE_MIN_WIDTH))
            .show(ui, |ui| {
                draw(ui, &self.doc.chapter, &self.method, &self.derived, &mut self.view, &mut self.actions);
            });
        self.panes.drawn(ctx, pane, from);
        a11y::name_id(ui, a11y::resize_handle(ui, salt), format!("Resize the {salt} panel"));
        self.panes.edge(a11y::resize_handle(ui, salt));
    }
}

/// A drop-down of the categories, for when the ratings panel is hidden.
fn category_picker(ui: &mut egui::Ui, chapter: &Chapter, method: &Methodology, selected: usize, out: &mut Vec<Action>) {
    let name = |code: &str| method.category(code).map_or_else(|| code.to_owned(), |c| c.name.clone());
    let current = chapter.categories.get(selected).map(|c| name(&c.code)).unwrap_or_default();
    egui::ComboBox::new("category-picker", "Category").selected_text(current).show_ui(ui, |ui| {
        for (i, entry) in chapter.categories.iter().enumerate() {
            if ui.selectable_label(i == selected, name(&entry.code)).clicked() {
                out.push(Action::SelectCategory(i));
            }
        }
    });
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
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        // Runs before every frame and also while the window is hidden: autosave must not wait
        // for the author to look at the window again, nor a finished save for its result.
        self.take_done_jobs();
        self.autosave(ctx);
        // Every chapter open in a tab is autosaved, and the edition looked at again.
        self.autosave_parked(ctx);
        self.edition_tick(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.timings.frame_starts();
        self.before_frame(&ctx);
        // A paste or a cut is one undo step of its own, apart from the typing around it.
        clipboard::one_selection(&ctx);
        let clipboard_edit = clipboard::tidy_input(&ctx);
        if clipboard_edit {
            self.doc.close_burst();
        }
        self.draw(ui);
        self.after_frame(&ctx);
        if clipboard_edit {
            self.doc.close_burst();
        }
        self.timings.frame_drawn(&ctx);
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
