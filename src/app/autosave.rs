//! Autosave and recovery in the editor: unsaved work goes to this window's recovery entry
//! (see [`crate::recovery`]) every [`AUTOSAVE_SECONDS`], also while the window is hidden or
//! idle (eframe calls [`eframe::App::logic`] then, and the time comes from a [`Clock`], not
//! from egui's input, which stands still while no frame is drawn); entries left by earlier runs
//! are offered back at start. The writes run on the jobs' writer thread (see [`super::jobs`]),
//! in order with saves, so a frame never waits for a sync.
//!
//! An entry keeps the version of the file the work started from (the base): restored, the work
//! is merged against that version, so a file changed since (a `git pull` after a crash) brings
//! up the changed-on-disk question at the next save instead of being written over.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::jobs::{AUTOSAVING, Done};
use super::{Dialog, PendingOp, RapporteurApp};

/// Seconds between autosaves of unsaved work to the recovery file.
pub const AUTOSAVE_SECONDS: f64 = 30.0;

/// Where the editor's sense of time comes from, for autosave.
#[derive(Clone, Debug)]
pub enum Clock {
    /// The wall clock, from when the editor started.
    Wall(std::time::Instant),
    /// A clock that only moves when told to (tests): milliseconds.
    Manual(Arc<AtomicU64>),
}

impl Default for Clock {
    fn default() -> Self {
        Self::Wall(std::time::Instant::now())
    }
}

impl Clock {
    /// A manual clock at 0 s, and the handle that moves it.
    #[must_use]
    pub fn manual() -> (Self, ClockHand) {
        let millis = Arc::new(AtomicU64::new(0));
        (Self::Manual(millis.clone()), ClockHand(millis))
    }

    /// Seconds since the clock started.
    #[must_use]
    pub fn now(&self) -> f64 {
        match self {
            Self::Wall(start) => start.elapsed().as_secs_f64(),
            Self::Manual(millis) => millis.load(Ordering::SeqCst) as f64 / 1000.0,
        }
    }
}

/// Moves a [`Clock::manual`].
#[derive(Clone, Debug)]
pub struct ClockHand(Arc<AtomicU64>);

impl ClockHand {
    /// Moves the clock on by `seconds`.
    pub fn advance(&self, seconds: f64) {
        self.0.fetch_add((seconds * 1000.0).round() as u64, Ordering::SeqCst);
    }
}

impl RapporteurApp {
    /// Autosaves unsaved work to this window's entry in `recovery`, and offers back what
    /// earlier runs left there.
    #[must_use]
    pub fn with_recovery(mut self, recovery: crate::recovery::Recovery) -> Self {
        let found = recovery.found();
        if !found.is_empty() && self.view.dialog.is_none() {
            self.view.dialog = Some(Dialog::Recover(found));
        }
        self.recovery = Some(recovery);
        self
    }

    /// Uses `clock` for autosave instead of the wall clock (tests).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self.autosave_due = None;
        self
    }

    /// The recovery entries that earlier runs left, for File ▸ Recover Unsaved Work.
    pub(super) fn show_recoverable(&mut self) {
        let found = self.recovery.as_ref().map(crate::recovery::Recovery::found).unwrap_or_default();
        self.view.dialog = Some(if found.is_empty() {
            Dialog::Notice {
                title: "Nothing to recover".to_owned(),
                lines: vec!["No unsaved work was left by an earlier run.".to_owned()],
            }
        } else {
            Dialog::Recover(found)
        });
    }

    /// Restores the recovery entry `key` into this window, as unsaved work on its file; this
    /// window then autosaves to that entry.
    pub(super) fn restore(&mut self, key: &str) {
        let Some(recovery) = self.recovery.as_mut() else { return };
        let Some(work) = recovery.found().into_iter().find(|w| w.key == key) else {
            self.view.dialog = Some(Dialog::Error {
                title: "Cannot restore".to_owned(),
                message: "That unsaved work is no longer in the recovery folder.".to_owned(),
            });
            return;
        };
        match crate::io::load(&work.chapter_path) {
            Ok(chapter) => {
                recovery.clear();
                recovery.adopt(key);
                // The version the work started from is what it is merged against; an entry
                // that kept none (written by an older Rapporteur) takes the file as it is now.
                let on_disk = work.base().or_else(|| {
                    let read = super::files::DiskRead::of(work.meta.origin.as_deref()?);
                    Some((read.stamp?, read.chapter.ok()?))
                });
                self.replace_document(chapter, work.meta.origin);
                self.doc.on_disk = on_disk;
                self.doc.mark_unsaved();
                self.start = None;
                self.view.last_save = Some("Restored unsaved work: save it to keep it".to_owned());
            }
            Err(e) => {
                self.view.dialog = Some(Dialog::Error { title: "Cannot restore".to_owned(), message: e.to_string() });
            }
        }
    }

    /// Asks to restore `key` (after the unsaved-changes prompt when this window has unsaved
    /// work of its own).
    pub(super) fn ask_restore(&mut self, key: String) {
        self.view.dialog = None;
        self.unless_unsaved(PendingOp::Restore(key));
    }

    /// Throws away the recovery entry `key`; the list shows what is left.
    pub(super) fn discard_recovered(&mut self, key: &str) {
        if let Some(recovery) = &self.recovery {
            recovery.remove(key);
        }
        if let Some(Dialog::Recover(list)) = &mut self.view.dialog {
            list.retain(|w| w.key != key);
            if list.is_empty() {
                self.view.dialog = None;
            }
        }
    }

    /// Removes this window's recovery entry (the chapter was saved or its changes discarded):
    /// at once, or after the writes under way (an autosave of it must not bring it back).
    pub(super) fn clear_recovery(&mut self) {
        if let Some(removal) = self.recovery.as_mut().and_then(crate::recovery::Recovery::forget) {
            if self.jobs.writing() {
                self.jobs.write(super::jobs::REMOVING, move || {
                    removal();
                    Done::Quiet
                });
            } else {
                removal();
            }
        }
        self.autosave_due = None;
    }

    /// Writes unsaved work to the recovery entry once it has waited [`AUTOSAVE_SECONDS`];
    /// asks for a call back when the next one is due, so that it happens even if nothing else
    /// wakes the window.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        if !self.doc.is_dirty() || self.recovery.is_none() {
            self.autosave_due = None;
            return;
        }
        let now = self.clock.now();
        let due = *self.autosave_due.get_or_insert(now + AUTOSAVE_SECONDS);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        self.autosave_due = Some(now + AUTOSAVE_SECONDS);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECONDS));
        if self.jobs.running(AUTOSAVING) {
            return;
        }
        if let Some(recovery) = &mut self.recovery {
            let base = self.doc.on_disk.as_ref().map(|(stamp, chapter)| (*stamp, chapter));
            let write = recovery.prepare(self.doc.chapter.clone(), self.doc.path.as_deref(), base);
            self.jobs.write(AUTOSAVING, move || Done::Autosaved(write.run().map_err(|e| e.to_string())));
        }
    }
}
