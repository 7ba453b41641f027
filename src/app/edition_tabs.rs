//! Several chapters open at once, in tabs beside the edition's overview.
//!
//! The editor works on one chapter: [`RapporteurApp`]'s `doc`, methodology, derived figures,
//! view, serial, queued save, recovery entry and autosave time. A chapter in another tab keeps
//! all of these in a [`Slot`], parked; choosing its tab swaps it in and parks the one shown.
//! So nothing of the editor needed to know about tabs, and every chapter keeps its undo
//! history, selection and unsaved work while another is shown.
//!
//! Jobs name the chapter they were started for by its serial (unique among the tabs): a save
//! that ends while its chapter is parked is applied to that chapter, swapped in for the time
//! it takes; autosave runs for every tab with unsaved work, each to its own recovery entry.
//! Closing a tab with unsaved changes asks as closing the window does; closing the window asks
//! about each tab with unsaved changes in turn, showing it.

use std::path::{Path, PathBuf};

use super::actions::Document;
use super::derived::Derived;
use super::jobs::SaveOutcome;
use super::{Dialog, PendingOp, RapporteurApp, ViewState};
use crate::method::Methodology;
use crate::model::Chapter;
use crate::recovery::Recovery;

/// A chapter parked in a tab that is not shown: everything the editor holds of it.
pub(super) struct Slot {
    doc: Document,
    method: Methodology,
    view: ViewState,
    derived: Derived,
    serial: u64,
    save_queued: Option<(PathBuf, bool, Option<PendingOp>)>,
    recovery: Option<Recovery>,
    autosave_due: Option<f64>,
}

/// The chapter tabs.
#[derive(Default)]
pub(super) struct Tabs {
    /// One a tab, in order; the tab shown is `None` here (its chapter is the editor's).
    pub(super) slots: Vec<Option<Box<Slot>>>,
    /// The tab whose chapter the editor holds; `None` while no chapter is open (the editor
    /// then holds an empty chapter, in no tab).
    pub(super) active: Option<usize>,
    /// Whether the overview is shown rather than the active chapter.
    pub(super) overview: bool,
    last_serial: u64,
}

impl Tabs {
    /// A serial no chapter has had.
    pub(super) fn fresh_serial(&mut self) -> u64 {
        self.last_serial += 1;
        self.last_serial
    }

    fn parked(&self) -> impl Iterator<Item = (usize, &Slot)> {
        self.slots.iter().enumerate().filter_map(|(i, s)| s.as_deref().map(|s| (i, s)))
    }
}

impl RapporteurApp {
    /// Exchanges the editor's chapter (and all that goes with it) with `slot`'s.
    fn swap_slot(&mut self, slot: &mut Slot) {
        std::mem::swap(&mut self.doc, &mut slot.doc);
        std::mem::swap(&mut self.method, &mut slot.method);
        std::mem::swap(&mut self.view, &mut slot.view);
        std::mem::swap(&mut self.derived, &mut slot.derived);
        std::mem::swap(&mut self.serial, &mut slot.serial);
        std::mem::swap(&mut self.save_queued, &mut slot.save_queued);
        std::mem::swap(&mut self.recovery, &mut slot.recovery);
        std::mem::swap(&mut self.autosave_due, &mut slot.autosave_due);
    }

    /// An empty chapter in a slot of its own, with a recovery entry of its own.
    fn blank_slot(&mut self) -> Slot {
        let chapter = Self::blank_chapter();
        let method = Methodology::default_builtin();
        let derived = Derived::compute(&chapter, &method);
        Slot {
            doc: Document::new(chapter, None),
            method,
            view: ViewState::default(),
            derived,
            serial: self.tabs.fresh_serial(),
            save_queued: None,
            recovery: self.recovery.as_ref().map(|r| Recovery::new(r.dir().to_owned())),
            autosave_due: None,
        }
    }

    /// Runs `f` with the parked chapter of tab `i` swapped in, then parks it again.
    fn with_tab<R>(&mut self, i: usize, f: impl FnOnce(&mut Self) -> R) -> Option<R> {
        let mut slot = self.tabs.slots.get_mut(i)?.take()?;
        self.swap_slot(&mut slot);
        let out = f(self);
        self.swap_slot(&mut slot);
        self.tabs.slots[i] = Some(slot);
        Some(out)
    }

    /// The tab of the chapter whose serial is `serial`, if it is parked.
    fn tab_of_serial(&self, serial: u64) -> Option<usize> {
        self.tabs.parked().find(|(_, s)| s.serial == serial).map(|(i, _)| i)
    }

    /// Whether the editor's chapter is a real one (a file, or unsaved work), not the empty
    /// chapter held while none is open.
    fn holds_a_chapter(&self) -> bool {
        self.doc.path.is_some() || self.doc.is_dirty()
    }

    /// Gives the editor's chapter a tab when it has none (it was opened, started or restored
    /// while the overview was shown, or before the edition was opened).
    pub(super) fn tab_for_the_chapter(&mut self) {
        if self.overview.is_some() && self.tabs.active.is_none() && self.holds_a_chapter() && self.start.is_none() {
            self.tabs.slots.push(None);
            self.tabs.active = Some(self.tabs.slots.len() - 1);
        }
    }

    /// Shows chapter tab `i`: the chapter shown is parked, tab `i`'s swapped in, and its file
    /// looked at (it may have changed on disk while it was parked).
    pub(super) fn switch_to(&mut self, i: usize) {
        if self.tabs.active == Some(i) {
            self.tabs.overview = false;
            return;
        }
        let Some(mut incoming) = self.tabs.slots.get_mut(i).and_then(Option::take) else { return };
        self.swap_slot(&mut incoming);
        match self.tabs.active {
            // `incoming` now holds the chapter that was shown.
            Some(a) => self.tabs.slots[a] = Some(incoming),
            // The empty chapter held while none was open goes.
            None => drop(incoming),
        }
        self.tabs.active = Some(i);
        self.tabs.overview = false;
        self.start = None;
        self.refresh_derived();
        if self.view.dialog.is_none() {
            self.check_disk();
        }
    }

    /// Opens the chapter at `path` in a tab of its own, or shows its tab if it has one.
    pub(super) fn open_in_tab(&mut self, path: &Path) {
        if self.doc.path.as_deref() == Some(path) && self.tabs.active.is_some() {
            self.tabs.overview = false;
            return;
        }
        let found = self.tabs.parked().find(|(_, s)| s.doc.path.as_deref() == Some(path)).map(|(i, _)| i);
        if let Some(i) = found {
            self.switch_to(i);
            return;
        }
        let mut parked = None;
        if let Some(a) = self.tabs.active {
            let mut slot = self.blank_slot();
            self.swap_slot(&mut slot);
            parked = Some((a, slot));
        }
        self.open_path(path.to_owned());
        if self.doc.path.as_deref() == Some(path) {
            if let Some((a, slot)) = parked {
                self.tabs.slots[a] = Some(Box::new(slot));
            }
            self.tabs.slots.push(None);
            self.tabs.active = Some(self.tabs.slots.len() - 1);
            self.tabs.overview = false;
        } else if let Some((_, mut slot)) = parked {
            // It could not be read: the chapter shown stays, with the error dialog.
            let dialog = self.view.dialog.take();
            self.swap_slot(&mut slot);
            self.view.dialog = dialog;
            self.tabs.overview = true;
        } else {
            self.tabs.overview = true;
        }
    }

    /// Goes to the next (or previous) tab, the overview first of them.
    pub(super) fn cycle_tab(&mut self, forth: bool) {
        let n = self.tabs.slots.len() + 1;
        let now = if self.tabs.overview { 0 } else { self.tabs.active.map_or(0, |a| a + 1) };
        let next = if forth { (now + 1) % n } else { (now + n - 1) % n };
        if next == 0 {
            self.tabs.overview = true;
        } else {
            self.switch_to(next - 1);
        }
    }

    /// Closes chapter tab `i` (the one shown when `None`), asking first when it has unsaved
    /// changes.
    pub(super) fn close_tab(&mut self, i: Option<usize>) {
        let shown = if self.tabs.overview { None } else { self.tabs.active };
        let Some(i) = i.or(shown) else { return };
        if i >= self.tabs.slots.len() {
            return;
        }
        if self.tabs.active != Some(i) {
            if self.tabs.slots[i].as_ref().is_some_and(|s| !s.doc.is_dirty()) {
                // A tab not shown, with nothing unsaved: it goes, and the view stays.
                self.with_tab(i, Self::clear_recovery);
                self.tabs.slots.remove(i);
                if let Some(a) = self.tabs.active
                    && a > i
                {
                    self.tabs.active = Some(a - 1);
                }
                return;
            }
            self.switch_to(i);
        }
        if self.doc.is_dirty() {
            self.view.dialog = Some(Dialog::Unsaved(PendingOp::CloseTab));
        } else {
            self.close_active_tab();
        }
    }

    /// Closes the tab shown, its changes (if any) thrown away; the tab beside it is shown, or
    /// the overview.
    pub(super) fn close_active_tab(&mut self) {
        let Some(a) = self.tabs.active else { return };
        if self.overview.is_none() {
            // No edition: the window's one chapter is not closed, only its tab state reset.
            return;
        }
        self.clear_recovery();
        self.tabs.slots.remove(a);
        self.tabs.active = None;
        let mut blank = self.blank_slot();
        self.swap_slot(&mut blank);
        self.refresh_derived();
        if self.tabs.slots.is_empty() {
            self.tabs.overview = true;
        } else {
            self.switch_to(a.min(self.tabs.slots.len() - 1));
        }
    }

    /// Whether any chapter open (shown or parked) has unsaved changes.
    #[must_use]
    pub fn any_tab_unsaved(&self) -> bool {
        self.doc.is_dirty() || self.tabs.parked().any(|(_, s)| s.doc.is_dirty())
    }

    /// When the chapter shown has no unsaved changes but a parked one has, shows that one (the
    /// window is about to ask about it).
    pub(super) fn show_an_unsaved_tab(&mut self) {
        if self.doc.is_dirty() {
            return;
        }
        let found = self.tabs.parked().find(|(_, s)| s.doc.is_dirty()).map(|(i, _)| i);
        if let Some(i) = found {
            self.switch_to(i);
        }
    }

    /// After the question about the chapter shown was answered on the way to `op` (saved, or
    /// its changes thrown away: it is still unsaved then, and its tab is closed), asks about
    /// the next tab with unsaved changes, shown. False when there is none left.
    pub(super) fn ask_next_unsaved_tab(&mut self, op: PendingOp) -> bool {
        let Some(next) = self.tabs.parked().find(|(_, s)| s.doc.is_dirty()).map(|(_, s)| s.serial) else {
            return false;
        };
        if self.doc.is_dirty() {
            self.close_active_tab();
        }
        if let Some(i) = self.tab_of_serial(next) {
            self.switch_to(i);
        }
        self.view.dialog = Some(Dialog::Unsaved(op));
        true
    }

    /// A save of a chapter that is not shown ended: applied to that chapter. One with more to
    /// do after it (closing) shows its chapter and goes on there.
    pub(super) fn saved_in_tab(
        &mut self,
        serial: u64,
        path: PathBuf,
        snapshot: Box<Chapter>,
        outcome: SaveOutcome,
        then: Option<PendingOp>,
    ) {
        let Some(i) = self.tab_of_serial(serial) else {
            // Its chapter was closed (or replaced) since: the file was still written.
            self.saved(serial, path, snapshot, outcome, then);
            return;
        };
        if then.is_some() || !matches!(outcome, SaveOutcome::Written(_)) {
            self.switch_to(i);
            self.saved(serial, path, snapshot, outcome, then);
        } else {
            self.with_tab(i, |app| app.saved(serial, path, snapshot, outcome, None));
        }
    }

    /// Autosaves every parked chapter with unsaved work, each to its own recovery entry.
    pub(super) fn autosave_parked(&mut self, ctx: &egui::Context) {
        let dirty: Vec<usize> = self.tabs.parked().filter(|(_, s)| s.doc.is_dirty()).map(|(i, _)| i).collect();
        for i in dirty {
            self.with_tab(i, |app| app.autosave(ctx));
        }
    }

    /// The name of chapter tab `i`: the country and year (or the file), and • when unsaved.
    fn tab_name(&self, i: usize) -> String {
        let doc = match self.tabs.slots.get(i) {
            Some(Some(slot)) => &slot.doc,
            _ => &self.doc,
        };
        let c = &doc.chapter;
        let name = if c.country.is_empty() {
            doc.path
                .as_deref()
                .and_then(Path::file_name)
                .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned())
        } else {
            format!("{} {}", c.country, c.edition)
        };
        if doc.is_dirty() { format!("{name} •") } else { name }
    }

    /// The tabs: the overview, then one a chapter open, each with its close button.
    pub(super) fn tab_strip(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("edition-tabs").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let on = self.tabs.overview;
                let r = ui.selectable_label(on, "Overview");
                super::a11y::tab(ui, &r, on);
                if r.clicked() {
                    self.actions.push(super::Action::ShowOverview);
                }
                for i in 0..self.tabs.slots.len() {
                    ui.separator();
                    let on = !self.tabs.overview && self.tabs.active == Some(i);
                    let name = self.tab_name(i);
                    let r = ui.selectable_label(on, &name);
                    super::a11y::tab(ui, &r, on);
                    if r.clicked() {
                        self.actions.push(super::Action::SwitchTab(i));
                    }
                    let close = ui.small_button("×").on_hover_text("Close the tab (Ctrl+W)");
                    super::a11y::name(ui, &close, format!("Close {}", name.trim_end_matches(" •")));
                    if close.clicked() {
                        self.actions.push(super::Action::CloseTab(Some(i)));
                    }
                }
            });
        });
    }
}
