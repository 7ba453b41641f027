//! The chapter's file changing under the editor: a `git pull`, a merge, a colleague on a
//! shared drive. It is noticed when the window gets the focus back and always right before a
//! save writes (both read the file off the UI thread, once: the stamp and the chapter shown come
//! from the same bytes),
//! and never written over silently: the author merges the version on disk into the open one
//! (a three-way merge against the version the editor last read or wrote; conflicts are kept in
//! the chapter, to settle), reloads it, saves the open version as a new file, or, on saving,
//! overwrites it knowingly.

use super::files::DiskRead;
use super::jobs::{CHECKING, Done, SAVING};
use super::state::DiskChoice;
use super::{Dialog, PendingOp, RapporteurApp};

impl RapporteurApp {
    /// Shows what a read of the chapter's file found, when it is not the version the editor
    /// last read or wrote; `then` is what waits behind it (see [`Dialog::ChangedOnDisk`]).
    pub(super) fn show_changed_on_disk(&mut self, read: DiskRead, saving: bool, then: Option<PendingOp>) {
        let (theirs, problem) = match read.chapter {
            Ok(c) => (Some(Box::new(c)), None),
            Err(e) => (None, Some(e)),
        };
        self.view.dialog = Some(Dialog::ChangedOnDisk { theirs, problem, saving, stamp: read.stamp, then });
    }

    /// Looks at the file again, in the background, when the window gets the focus back.
    pub(super) fn focus_changed(&mut self, focused: bool) {
        let regained = focused && self.focused == Some(false);
        self.focused = Some(focused);
        if regained && self.view.dialog.is_none() {
            self.check_disk();
        }
    }

    /// Reads the chapter's file in the background (after any save under way); what it finds
    /// is shown when it is not the version the editor last read or wrote.
    pub(super) fn check_disk(&mut self) {
        let (Some(path), Some(_)) = (self.doc.path.clone(), self.doc.on_disk.as_ref()) else { return };
        if self.jobs.running(CHECKING) || self.jobs.running(SAVING) {
            return;
        }
        let serial = self.serial;
        self.jobs.write(CHECKING, move || Done::Checked { serial, read: Box::new(DiskRead::of(&path)) });
    }

    /// Carries out what the author chose about the changed file. The version shown is the one
    /// taken as seen (its stamp came with it): the file is not read again here, so a change
    /// made after the dialog opened is asked about at the next save.
    pub(super) fn on_disk_choice(&mut self, choice: DiskChoice) {
        let Some(Dialog::ChangedOnDisk { theirs, stamp, then, .. }) = self.view.dialog.take() else { return };
        let Some(path) = self.doc.path.clone() else { return };
        match choice {
            DiskChoice::Keep => {}
            DiskChoice::SaveAsNew => self.choose_save_path(then),
            DiskChoice::Overwrite => self.save_checked(path, stamp, then),
            DiskChoice::Merge => {
                let (Some(theirs), Some(stamp), Some((_, base))) = (theirs, stamp, self.doc.on_disk.clone()) else {
                    return;
                };
                let theirs = *theirs;
                let merged = crate::merge::merge(&base, &self.doc.chapter, &theirs, &self.method);
                let mut lines: Vec<String> = merged
                    .relabelled
                    .iter()
                    .map(|(from, to)| format!("Their footnote [^{from}] is now [^{to}], with its markers."))
                    .collect();
                lines.extend(merged.notes.iter().cloned());
                let conflicts = merged.conflicts;
                self.doc.replace_as_edit(merged.chapter);
                // The version on disk is in now: the next save writes over it knowingly.
                self.doc.on_disk = Some((stamp, theirs));
                let status = match conflicts {
                    0 => "Merged the version on disk into yours: save to keep it".to_owned(),
                    n => format!("Merged the version on disk into yours with {n} conflict(s) to settle"),
                };
                if let Some(op) = then {
                    // The merged chapter is unsaved: what was held back asks again.
                    lines.insert(0, status);
                    self.view.last_save = Some(lines.join(" "));
                    self.view.dialog = Some(Dialog::Unsaved(op));
                } else {
                    self.view.last_save = Some(status);
                    if !lines.is_empty() {
                        self.view.dialog = Some(Dialog::Notice { title: "Merged".to_owned(), lines });
                    }
                }
            }
            DiskChoice::Reload => {
                if let (Some(theirs), Some(stamp)) = (theirs, stamp) {
                    let theirs = *theirs;
                    self.doc.replace_as_edit(theirs.clone());
                    self.doc.mark_saved();
                    self.doc.on_disk = Some((stamp, theirs));
                    self.view.last_save = Some("Reloaded from disk: Undo brings your version back".to_owned());
                }
            }
        }
    }
}
