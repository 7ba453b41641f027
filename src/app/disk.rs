//! The chapter's file changing under the editor: a `git pull`, a merge, a colleague on a
//! shared drive. It is noticed when the window gets the focus back and always before a save,
//! and never written over silently: the author merges the version on disk into the open one
//! (a three-way merge against the version the editor last read or wrote; conflicts are kept in
//! the chapter, to settle), reloads it, saves the open version as a new file, or, on saving,
//! overwrites it knowingly.

use super::state::DiskChoice;
use super::{Dialog, RapporteurApp, files};

impl RapporteurApp {
    /// Whether the file changed on disk since the editor last read or wrote it; if so, the
    /// dialog asking what to do is shown (and, when `saving`, the save waits for the answer).
    pub(super) fn disk_changed(&mut self, saving: bool) -> bool {
        let (Some(path), Some((stamp, _))) = (self.doc.path.clone(), self.doc.on_disk.as_ref()) else { return false };
        let now = files::DiskStamp::read(&path);
        if now == Some(*stamp) {
            return false;
        }
        if now.is_none() && !path.exists() {
            // Deleted or moved away: saving puts it back; nothing to merge.
            return false;
        }
        let (theirs, problem) = match crate::io::load(&path) {
            Ok(c) => (Some(Box::new(c)), None),
            Err(e) => (None, Some(e.to_string())),
        };
        self.view.dialog = Some(Dialog::ChangedOnDisk { theirs, problem, saving });
        true
    }

    /// Looks at the file again when the window gets the focus back.
    pub(super) fn focus_changed(&mut self, focused: bool) {
        let regained = focused && self.focused == Some(false);
        self.focused = Some(focused);
        if regained && self.view.dialog.is_none() {
            self.disk_changed(false);
        }
    }

    /// Carries out what the author chose about the changed file.
    pub(super) fn on_disk_choice(&mut self, choice: DiskChoice) {
        let Some(Dialog::ChangedOnDisk { theirs, .. }) = self.view.dialog.take() else { return };
        let Some(path) = self.doc.path.clone() else { return };
        let stamp_now = files::DiskStamp::read(&path);
        match choice {
            DiskChoice::Keep => {}
            DiskChoice::SaveAsNew => self.choose_save_path(None),
            DiskChoice::Overwrite => {
                self.save_to(path);
            }
            DiskChoice::Merge => {
                let (Some(theirs), Some(stamp), Some((_, base))) = (theirs, stamp_now, self.doc.on_disk.clone()) else {
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
                self.view.last_save = Some(match conflicts {
                    0 => "Merged the version on disk into yours: save to keep it".to_owned(),
                    n => format!("Merged the version on disk into yours with {n} conflict(s) to settle"),
                });
                if !lines.is_empty() {
                    self.view.dialog = Some(Dialog::Notice { title: "Merged".to_owned(), lines });
                }
            }
            DiskChoice::Reload => {
                if let (Some(theirs), Some(stamp)) = (theirs, stamp_now) {
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
