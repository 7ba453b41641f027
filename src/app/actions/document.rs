//! The chapter being edited and its undo history: one step per discrete edit, one per burst of
//! typing in a field. [`super::apply`] changes the chapter only through these operations.

use std::path::PathBuf;

use super::TextField;
use crate::history::{History, Snapshot};
use crate::model::Chapter;

/// The chapter being edited, where it lives on disk, and its undo history.
pub struct Document {
    /// The chapter.
    pub chapter: Chapter,
    /// Its file, once it has one.
    pub path: Option<PathBuf>,
    /// The chapter as last saved or opened, to tell whether there are unsaved changes.
    pub(super) saved: Chapter,
    pub(super) history: History<Snapshot, TextField>,
    /// The file as the editor last read or wrote it, and the chapter it held: the base a
    /// change made on disk by someone else is merged against.
    pub on_disk: Option<(crate::app::files::DiskStamp, Chapter)>,
    /// The time of the current frame, in seconds, for bursts of typing.
    pub(super) now: f64,
    /// Bumped on every change, so derived figures know when to recompute.
    pub revision: u64,
    /// Bumped on every change but a rating's, so what only depends on the text (word counts,
    /// where footnotes are used) is not recomputed when a rating changes.
    pub text_revision: u64,
    pub(super) dirty: bool,
}

impl Document {
    /// A document for `chapter`, as if just opened from `path`.
    #[must_use]
    pub fn new(chapter: Chapter, path: Option<PathBuf>) -> Self {
        Self {
            saved: chapter.clone(),
            chapter,
            path,
            history: History::new(200, 0.8),
            on_disk: None,
            now: 0.0,
            revision: 0,
            text_revision: 0,
            dirty: false,
        }
    }

    /// Whether the chapter differs from what was last saved or opened.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Marks the current chapter as the saved one.
    pub fn mark_saved(&mut self) {
        self.saved = self.chapter.clone();
        self.dirty = false;
    }

    /// Marks `saved` as the version last saved: the chapter is clean if it is still that one,
    /// and unsaved if it was edited after `saved` was taken (a save in the background).
    pub fn mark_saved_as(&mut self, saved: &Chapter) {
        self.saved = saved.clone();
        self.dirty = self.chapter != self.saved;
    }

    /// Marks the document as holding unsaved work (a restored recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved = Chapter { next_id: u32::MAX, ..self.chapter.clone() };
        self.dirty = true;
    }

    /// Tells the document the time of the current frame (seconds), so that typing with pauses
    /// becomes separate undo steps.
    pub fn tick(&mut self, now: f64) {
        self.now = now;
    }

    /// Whether there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    /// Whether there is something to redo: only right after an undo, never after a new edit.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    pub(super) fn changed(&mut self) {
        self.revision += 1;
        self.text_revision += 1;
        self.dirty = self.chapter != self.saved;
    }

    /// A discrete edit: one undo step of its own; nothing is recorded when it changes nothing.
    pub(super) fn edit(&mut self, change: impl FnOnce(&mut Chapter) -> bool) -> bool {
        let before = self.snapshot();
        let changed = change(&mut self.chapter);
        if changed {
            self.history.record(before);
            self.changed();
        }
        changed
    }

    /// A discrete edit of ratings only: like [`Self::edit`], but the text is known unchanged.
    pub(super) fn edit_ratings(&mut self, change: impl FnOnce(&mut Chapter) -> bool) -> bool {
        let text_revision = self.text_revision;
        let changed = self.edit(change);
        self.text_revision = text_revision;
        changed
    }

    /// Ends the burst of typing, so that the next edit is an undo step of its own (a paste, a
    /// cut).
    pub fn close_burst(&mut self) {
        self.history.close_burst();
    }

    /// Typing into `field`: joins the current burst of typing in that field in the undo
    /// history, or starts a step of its own.
    pub(super) fn type_into(&mut self, field: &TextField, change: impl FnOnce(&mut Chapter) -> bool) {
        let before = (!self.history.joins(field, self.now)).then(|| self.snapshot());
        if change(&mut self.chapter) {
            self.history.typed(field.clone(), self.now, before);
            self.changed();
        }
    }

    /// Replaces the chapter with `chapter` as one undo step (a merge, a reload from disk), so
    /// the author can go back to what they had.
    pub fn replace_as_edit(&mut self, chapter: Chapter) {
        self.edit(|c| {
            let changed = *c != chapter;
            *c = chapter;
            changed
        });
    }

    pub(super) fn undo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.history.undo(&current) {
            self.chapter = state.restore();
            self.changed();
        }
    }

    pub(super) fn redo(&mut self) {
        let current = self.snapshot();
        if let Some(state) = self.history.redo(&current) {
            self.chapter = state.restore();
            self.changed();
        }
    }

    /// The chapter as it is now, for the undo history: sharing what it has in common with the
    /// last step kept.
    pub(super) fn snapshot(&self) -> Snapshot {
        Snapshot::take(&self.chapter, self.history.last())
    }
}
