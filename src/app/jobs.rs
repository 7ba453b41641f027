//! Work that can take longer than a frame runs off the UI thread, which only draws: saving
//! (reading the file again to see that nobody changed it, writing, syncing), autosave, looking
//! at the file when the window gets the focus back, exports (a PDF of a long chapter takes
//! most of a second), and file dialogs (they wait for the person).
//!
//! A job is a closure that returns a `Done`; it runs in a thread and sends its result over a
//! channel, and wakes the window. The editor takes what is done at the start of each frame
//! and applies it there, as it applies actions: a panel never
//! waits for a file. Writes to files (saves, autosaves, removing a recovery entry) run one after
//! another on one writer thread, in the order they were asked for, so that a save never races
//! an autosave of the same chapter; exports and file dialogs run in threads of their own.
//!
//! Jobs work on a copy of the chapter taken when they start, so the chapter stays editable
//! meanwhile: a save of an older copy leaves the newer edits unsaved, and an export writes the
//! chapter as it was when it was asked for. The one exception is a file dialog: while it is
//! open the editor shows that it waits for it (the answer would open, import or write over
//! what is on screen), and can be told to stop waiting. The status bar shows what is running.
//! Closing the window waits for the writes and exports under way (see `close_when_idle`).

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::files::{DiskRead, DiskStamp};
use super::{Action, Dialog, PathPurpose, PendingOp, RapporteurApp};

/// What a job hands back.
#[derive(Debug)]
pub(super) enum Done {
    /// A save ended: written, refused because the file changed, or failed.
    Saved {
        /// Which document it was (see `RapporteurApp::serial`).
        serial: u64,
        /// Where.
        path: PathBuf,
        /// The chapter as it was when the save was asked for.
        snapshot: Box<crate::model::Chapter>,
        /// What happened.
        outcome: SaveOutcome,
        /// What to do once it is saved.
        then: Option<PendingOp>,
    },
    /// The chapter's file, read when the window got the focus back.
    Checked {
        /// Which document it was.
        serial: u64,
        /// The read.
        read: Box<DiskRead>,
    },
    /// An export or a review copy was written (the status line to show) or not (the error
    /// dialog's title and message).
    Written(Result<String, (String, String)>),
    /// A file dialog's answer (`None`: cancelled).
    Picked(Pick, Option<PathBuf>),
    /// No file dialog can be shown here after all (the desktop portal did not answer).
    NoDialogs(Pick),
    /// An autosave: when, or why it failed.
    Autosaved(Result<(), String>),
    /// Done, with nothing to report (a recovery entry removed).
    Quiet,
    /// Work on the edition: opened, looked at again, a chapter read again, published.
    Edition(Box<super::edition_ops::EditionDone>),
    /// The job stopped on a bug (a panic): what it was doing and the panic's message.
    Failed(String, String),
}

/// How a save ended.
#[derive(Debug)]
pub(super) enum SaveOutcome {
    /// Written: the stamp of the bytes written.
    Written(DiskStamp),
    /// Nothing written: the file is not the version the editor last read or wrote. The read
    /// that found it (its stamp and its chapter come from the same bytes).
    Changed(Box<DiskRead>),
    /// Nothing written: why.
    Failed(String),
}

/// What a file dialog is asked for.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Pick {
    /// A path, for what the path field would be used for where there is no dialog.
    Path(PathPurpose),
    /// Last year's chapter, for the start page's form.
    LastYear,
}

/// Whether a job is writing (closing waits for it) or waiting for the person (a file dialog:
/// closing does not wait, and its answer is dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A save, an autosave, an export: closing waits for it.
    Writes,
    /// A file dialog.
    Asks,
}

type Task = Box<dyn FnOnce() -> Done + Send>;

/// The writer thread: where its tasks are sent, and the thread to join.
type Writer = (Sender<(u64, Task)>, JoinHandle<()>);

/// The jobs running, and the channel their results come back on.
pub(super) struct Jobs {
    done_tx: Sender<(u64, Done)>,
    done_rx: Receiver<(u64, Done)>,
    writer: Option<Writer>,
    /// Export threads, joined when the editor goes (file dialog threads are not: they end when
    /// the person answers, and nothing is lost with them).
    apart: Vec<JoinHandle<()>>,
    running: Vec<(u64, String, Kind)>,
    next: u64,
    repaint: egui::Context,
}

impl Jobs {
    /// No jobs yet; `repaint` is woken when one is done.
    pub(super) fn new(repaint: egui::Context) -> Self {
        let (done_tx, done_rx) = mpsc::channel();
        Self { done_tx, done_rx, writer: None, apart: Vec::new(), running: Vec::new(), next: 0, repaint }
    }

    fn start(&mut self, label: &str, kind: Kind) -> u64 {
        self.next += 1;
        self.running.push((self.next, label.to_owned(), kind));
        self.repaint.request_repaint();
        self.next
    }

    /// Runs `task` on the writer thread, after every write asked for before it.
    pub(super) fn write(&mut self, label: &str, task: impl FnOnce() -> Done + Send + 'static) {
        let id = self.start(label, Kind::Writes);
        if self.writer.is_none() {
            let (tx, rx) = mpsc::channel::<(u64, Task)>();
            let (done, repaint) = (self.done_tx.clone(), self.repaint.clone());
            let spawned = std::thread::Builder::new().name("rapporteur-writer".to_owned()).spawn(move || {
                for (id, task) in rx {
                    let _ = done.send((id, guarded("writing a file", task)));
                    repaint.request_repaint();
                }
            });
            if let Ok(handle) = spawned {
                self.writer = Some((tx, handle));
            }
        }
        let task: Task = Box::new(task);
        let unsent = match &self.writer {
            Some((tx, _)) => tx.send((id, task)).err().map(|e| e.0.1),
            None => Some(task),
        };
        // No thread could be started: the work is done here rather than not at all.
        if let Some(task) = unsent {
            let _ = self.done_tx.send((id, guarded("writing a file", task)));
        }
    }

    /// Runs `task` in a thread of its own.
    pub(super) fn apart(&mut self, label: &str, kind: Kind, task: impl FnOnce() -> Done + Send + 'static) {
        let id = self.start(label, kind);
        let (done, repaint) = (self.done_tx.clone(), self.repaint.clone());
        let what = label.to_owned();
        let task: Task = Box::new(task);
        let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(task)));
        let in_thread = slot.clone();
        let spawned = std::thread::Builder::new().name("rapporteur-job".to_owned()).spawn(move || {
            let task = in_thread.lock().ok().and_then(|mut t| t.take());
            if let Some(task) = task {
                let _ = done.send((id, guarded(&what, task)));
                repaint.request_repaint();
            }
        });
        match spawned {
            Ok(handle) if kind == Kind::Writes => self.apart.push(handle),
            Ok(_) => {}
            Err(_) => {
                let task = slot.lock().ok().and_then(|mut t| t.take());
                if let Some(task) = task {
                    let _ = self.done_tx.send((id, guarded(label, task)));
                }
            }
        }
        self.apart.retain(|h| !h.is_finished());
    }

    /// What is done, in the order it was done.
    pub(super) fn take_done(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        while let Ok((id, done)) = self.done_rx.try_recv() {
            self.running.retain(|(r, _, _)| *r != id);
            out.push(done);
        }
        out
    }

    /// Waits until every job that writes has ended (a file dialog is not waited for), and
    /// returns what is done.
    pub(super) fn wait(&mut self) -> Vec<Done> {
        let mut out = self.take_done();
        while self.writing() {
            match self.done_rx.recv_timeout(std::time::Duration::from_mins(10)) {
                Ok((id, done)) => {
                    self.running.retain(|(r, _, _)| *r != id);
                    out.push(done);
                }
                Err(_) => break,
            }
        }
        out
    }

    /// Whether a save, an autosave or an export is under way.
    pub(super) fn writing(&self) -> bool {
        self.running.iter().any(|(_, _, kind)| *kind == Kind::Writes)
    }

    /// Whether a job with this label is under way.
    pub(super) fn running(&self, label: &str) -> bool {
        self.running.iter().any(|(_, l, _)| l == label)
    }

    /// What is under way, for the status bar, oldest first.
    pub(super) fn labels(&self) -> impl Iterator<Item = &str> {
        self.running.iter().map(|(_, label, _)| label.as_str())
    }
}

impl Drop for Jobs {
    /// Finishes the writes asked for and the exports under way before the editor goes, so that
    /// nothing asked for is lost when the process ends.
    fn drop(&mut self) {
        if let Some((tx, handle)) = self.writer.take() {
            drop(tx);
            let _ = handle.join();
        }
        for handle in self.apart.drain(..) {
            let _ = handle.join();
        }
    }
}

/// Runs `task`, turning a panic into [`Done::Failed`]: a bug in one job must not leave the
/// editor waiting for it forever.
fn guarded(what: &str, task: Task) -> Done {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(task)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "an unexpected error".to_owned());
        Done::Failed(what.to_owned(), message)
    })
}

/// The status bar's words for a save.
pub(super) const SAVING: &str = "Saving…";
/// The status bar's words for an autosave.
pub(super) const AUTOSAVING: &str = "Autosaving…";
/// The status bar's words while the file is looked at.
pub(super) const CHECKING: &str = "Looking for changes on disk…";
/// The status bar's words while a recovery file is removed (after the writes before it).
pub(super) const REMOVING: &str = "Removing the recovery file…";
/// The status bar's words while a file dialog is open.
pub(super) const CHOOSING: &str = "Waiting for the file dialog…";

impl RapporteurApp {
    /// Applies what the jobs have done since the last frame.
    pub(super) fn take_done_jobs(&mut self) {
        for done in self.jobs.take_done() {
            self.job_done(done);
        }
        self.close_when_idle();
    }

    /// Waits for every save, autosave and export under way and applies what they did (tests,
    /// and anything that must see the files written).
    pub fn wait_for_jobs(&mut self) {
        for done in self.jobs.wait() {
            self.job_done(done);
        }
        self.close_when_idle();
    }

    /// Whether a save, an autosave or an export is under way.
    #[must_use]
    pub fn jobs_writing(&self) -> bool {
        self.jobs.writing()
    }

    /// What runs in the background now, as the status bar says it.
    #[must_use]
    pub fn jobs_running(&self) -> Vec<String> {
        self.jobs.labels().map(str::to_owned).collect()
    }

    /// Closes the window once nothing is being written, if closing was asked for meanwhile.
    pub(super) fn close_when_idle(&mut self) {
        if self.close_after_jobs && !self.jobs.writing() {
            self.close_after_jobs = false;
            self.allow_close = true;
            self.viewport_cmds.push(egui::ViewportCommand::Close);
            self.jobs.repaint.request_repaint();
        }
    }

    fn job_done(&mut self, done: Done) {
        match done {
            Done::Saved { serial, path, snapshot, outcome, then } if serial != self.serial => {
                self.saved_in_tab(serial, path, snapshot, outcome, then);
            }
            Done::Saved { serial, path, snapshot, outcome, then } => self.saved(serial, path, snapshot, outcome, then),
            Done::Edition(done) => self.edition_done(*done),
            Done::Checked { serial, read } => {
                let known = self.doc.on_disk.as_ref().map(|(stamp, _)| *stamp);
                if serial == self.serial
                    && self.view.dialog.is_none()
                    && known.is_some_and(|k| read.differs_from(k))
                    && !self.jobs.running(SAVING)
                {
                    self.show_changed_on_disk(*read, false, None);
                }
            }
            Done::Written(Ok(status)) => self.view.last_save = Some(status),
            Done::Written(Err((title, message))) => self.view.dialog = Some(Dialog::Error { title, message }),
            Done::Picked(pick, path) => self.picked(pick, path),
            Done::NoDialogs(pick) => {
                if matches!(self.view.dialog, Some(Dialog::Waiting(_))) {
                    self.view.dialog = match pick {
                        Pick::Path(purpose) => Some(Dialog::path_prompt(purpose)),
                        Pick::LastYear => None,
                    };
                }
            }
            Done::Autosaved(Ok(())) => {
                self.view.last_save = Some(format!("Autosaved {}", chrono::Local::now().format("%H:%M:%S")));
            }
            Done::Autosaved(Err(e)) => self.view.last_save = Some(format!("Autosave failed: {e}")),
            Done::Quiet => {}
            Done::Failed(what, message) => {
                self.view.dialog = Some(Dialog::Error {
                    title: "Something went wrong".to_owned(),
                    message: format!("While {what}: {message}"),
                });
            }
        }
    }

    /// Asks for a path for `pick` with a native file dialog, in a thread of its own; where
    /// there is none, the path field is shown instead (nothing for last year's chapter: the
    /// start page has a field for it).
    pub(super) fn ask_path(&mut self, pick: Pick, suggested: Option<String>) {
        if self.dialogs.known_now() == Some(false) {
            if let Pick::Path(purpose) = pick {
                self.view.dialog = Some(Dialog::path_prompt(purpose));
            }
            return;
        }
        let probe = self.dialogs.clone();
        self.view.dialog = Some(Dialog::Waiting(CHOOSING.to_owned()));
        self.jobs.apart(CHOOSING, Kind::Asks, move || {
            if !probe.available(std::time::Duration::from_secs(3)) {
                return Done::NoDialogs(pick);
            }
            let path = pollster::block_on(super::files::ask(&pick, suggested.as_deref()));
            Done::Picked(pick, path)
        });
    }

    fn picked(&mut self, pick: Pick, path: Option<PathBuf>) {
        // An answer nobody waits for any more (the person stopped waiting) is dropped.
        if !matches!(self.view.dialog, Some(Dialog::Waiting(_))) {
            return;
        }
        self.view.dialog = None;
        let Some(path) = path else { return };
        match pick {
            Pick::LastYear => {
                if let Some(start) = &mut self.start {
                    start.from = path.display().to_string();
                }
            }
            Pick::Path(purpose) => match purpose {
                PathPurpose::Open => self.open_path(path),
                PathPurpose::SaveAs(then) => self.save_to(path, then),
                PathPurpose::Import => self.import_path(&path),
                PathPurpose::Export(format) => self.export_to(format, &path),
                PathPurpose::ReviewCopy(format) => self.review_copy_to(format, &path),
                PathPurpose::ImportComments => self.emit(Action::ImportReviewCommentsPath(path)),
                PathPurpose::Compare => self.compare_with(&path),
                PathPurpose::OpenEdition => self.emit(Action::OpenEditionPath(path)),
                PathPurpose::PublishEdition => self.emit(Action::PublishEditionPath(path)),
                PathPurpose::SaveChart(kind, png) => self.emit(Action::SaveChartPath(kind, png, path)),
            },
        }
    }
}
