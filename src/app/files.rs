//! Files around the chapter: native file dialogs (or a path field where there are none),
//! the recovery file, and the recent-files list.
//!
//! Only [`super::actions`] calls into here, after the panels have drawn.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PathPurpose;
use super::state::SidePanel;
use super::theme::ThemeChoice;

/// What eframe remembers between runs (never the chapter itself).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The theme.
    pub theme: ThemeChoice,
    /// The side panels the author hid (View menu).
    pub hidden: Vec<SidePanel>,
    /// The name comments and decisions are signed with (never written into an anonymous
    /// chapter for its author: see `Person::signing`).
    pub name: String,
    /// The part this person plays in the review.
    pub role: crate::model::review::Role,
    /// Words this person spells their own way, in every chapter (sorted).
    pub words: Vec<String>,
    /// Whether spell checking is turned off (View ▸ Check Spelling).
    pub spelling_off: bool,
}

/// How many recent files are kept.
pub const MAX_RECENT: usize = 10;

impl Prefs {
    /// Whether side panel `panel` is shown.
    #[must_use]
    pub fn shows(&self, panel: SidePanel) -> bool {
        !self.hidden.contains(&panel)
    }

    /// Shows a hidden side panel, or hides a shown one.
    pub fn toggle_panel(&mut self, panel: SidePanel) {
        if self.shows(panel) {
            self.hidden.push(panel);
        } else {
            self.hidden.retain(|p| *p != panel);
        }
    }

    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }
}

/// Whether rfd can show a file dialog here. On Linux it asks the desktop portal's file chooser
/// over the session bus, and falls back to `zenity`; with neither its dialogs return nothing at
/// once, so the editor offers a path field instead.
#[must_use]
pub fn native_dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    portal_file_chooser() || zenity_on_path()
}

/// Whether `zenity` (rfd's fallback) is on the `PATH`.
#[must_use]
pub fn zenity_on_path() -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()))
}

/// The D-Bus name, object and interface of the desktop portal's file chooser.
pub const PORTAL: (&str, &str, &str) =
    ("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop", "org.freedesktop.portal.FileChooser");

/// Whether the session bus has the desktop portal with a file chooser: its `version` property
/// answers. A portal that is installed but not running is started by the bus, as rfd's request
/// would start it; a bus that does not answer in 5 s counts as none.
#[cfg(target_os = "linux")]
#[must_use]
pub fn portal_file_chooser() -> bool {
    let ask = async {
        let conn =
            zbus::connection::Builder::session()?.method_timeout(std::time::Duration::from_secs(5)).build().await?;
        let proxy = zbus::proxy::Builder::<zbus::Proxy<'_>>::new(&conn)
            .destination(PORTAL.0)?
            .path(PORTAL.1)?
            .interface(PORTAL.2)?
            .cache_properties(zbus::proxy::CacheProperties::No)
            .build()
            .await?;
        proxy.get_property::<u32>("version").await
    };
    pollster::block_on(ask).is_ok()
}

/// Elsewhere rfd uses the system's own dialogs.
#[cfg(not(target_os = "linux"))]
#[must_use]
pub fn portal_file_chooser() -> bool {
    true
}

/// Finds out, off the UI thread, whether native file dialogs work here (asking D-Bus can take a
/// moment when the portal has to be started).
#[derive(Clone, Debug)]
pub struct DialogProbe(std::sync::Arc<(std::sync::Mutex<Option<bool>>, std::sync::Condvar)>);

impl DialogProbe {
    /// Starts asking in a thread of its own.
    #[must_use]
    pub fn start() -> Self {
        let probe = Self(std::sync::Arc::default());
        let shared = probe.clone();
        let spawned = std::thread::Builder::new().name("file-dialog-probe".to_owned()).spawn(move || {
            shared.set(native_dialogs_available());
        });
        if spawned.is_err() {
            probe.set(native_dialogs_available());
        }
        probe
    }

    /// An answer known in advance (tests, or a choice made elsewhere).
    #[must_use]
    pub fn known(available: bool) -> Self {
        let probe = Self(std::sync::Arc::default());
        probe.set(available);
        probe
    }

    fn set(&self, available: bool) {
        let (lock, ready) = &*self.0;
        if let Ok(mut slot) = lock.lock() {
            *slot = Some(available);
        }
        ready.notify_all();
    }

    /// The answer, if it is in already.
    #[must_use]
    pub fn known_now(&self) -> Option<bool> {
        self.0.0.lock().ok().and_then(|slot| *slot)
    }

    /// The answer, waiting up to `patience` for it; no answer by then counts as no dialogs, so
    /// the user gets a path field rather than nothing.
    #[must_use]
    pub fn available(&self, patience: std::time::Duration) -> bool {
        let (lock, ready) = &*self.0;
        let Ok(slot) = lock.lock() else { return false };
        match ready.wait_timeout_while(slot, patience, |s| s.is_none()) {
            Ok((slot, _)) => slot.unwrap_or(false),
            Err(_) => false,
        }
    }
}

/// Asks for a path for `pick` with the native file dialog; `None` when the person cancelled.
/// It waits for the person: run it off the UI thread (see [`super::jobs`]).
pub(super) async fn ask(pick: &super::jobs::Pick, suggested: Option<&str>) -> Option<PathBuf> {
    use super::jobs::Pick;
    let chapter = || rfd::AsyncFileDialog::new().add_filter("Rapporteur chapter", &["ron"]);
    let dialog = match pick {
        Pick::Path(PathPurpose::Open | PathPurpose::SaveAs(_)) => chapter(),
        Pick::Path(PathPurpose::Import) => {
            rfd::AsyncFileDialog::new().add_filter("Text copied from a web page", &["txt"])
        }
        Pick::LastYear | Pick::Path(PathPurpose::Compare) => {
            rfd::AsyncFileDialog::new().add_filter("Rapporteur chapter or published text", &["ron", "txt"])
        }
        Pick::Path(PathPurpose::ImportComments) => {
            rfd::AsyncFileDialog::new().add_filter("Word review copy", &["docx"])
        }
        Pick::Path(PathPurpose::Export(format) | PathPurpose::ReviewCopy(format)) => {
            rfd::AsyncFileDialog::new().add_filter(format.label(), &[format.extension()])
        }
        Pick::Path(PathPurpose::OpenEdition | PathPurpose::PublishEdition) => {
            // A folder: the edition's, or the one the site is written into.
            let dialog = rfd::AsyncFileDialog::new();
            return dialog.pick_folder().await.map(|handle| handle.path().to_owned());
        }
        Pick::Path(PathPurpose::SaveChart(_, png)) => {
            if *png {
                rfd::AsyncFileDialog::new().add_filter("PNG image", &["png"])
            } else {
                rfd::AsyncFileDialog::new().add_filter("SVG image", &["svg"])
            }
        }
    };
    let dialog = match suggested {
        Some(name) => dialog.set_file_name(name),
        None => dialog,
    };
    let saves = matches!(
        pick,
        Pick::Path(
            PathPurpose::SaveAs(_) | PathPurpose::Export(_) | PathPurpose::ReviewCopy(_) | PathPurpose::SaveChart(..)
        )
    );
    let chosen = if saves { dialog.save_file().await } else { dialog.pick_file().await };
    chosen.map(|handle| handle.path().to_owned())
}

/// The path typed, with a leading `~/` standing for the home folder; `None` when blank.
#[must_use]
pub fn typed_path(text: &str) -> Option<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return Some(PathBuf::from(home).join(rest));
    }
    Some(PathBuf::from(text))
}

/// What the path field says about a path before it is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathCheck {
    /// Go ahead.
    Fine,
    /// Go ahead, but a file is replaced.
    Replaces(String),
    /// It cannot work: why.
    Problem(String),
}

/// What using `path` for `purpose` would do, found by looking at the file system.
#[must_use]
pub fn check_path(purpose: &PathPurpose, path: &Path) -> PathCheck {
    match purpose {
        PathPurpose::Open | PathPurpose::Import | PathPurpose::ImportComments | PathPurpose::Compare => {
            if path.is_file() {
                PathCheck::Fine
            } else if path.is_dir() {
                PathCheck::Problem("That is a folder; add the file's name.".to_owned())
            } else {
                PathCheck::Problem("There is no file at this path.".to_owned())
            }
        }
        PathPurpose::OpenEdition => {
            if path.join(crate::edition::FILE_NAME).is_file() {
                PathCheck::Fine
            } else if path.is_dir() {
                PathCheck::Problem(format!("This folder holds no {}.", crate::edition::FILE_NAME))
            } else {
                PathCheck::Problem("There is no folder at this path.".to_owned())
            }
        }
        PathPurpose::PublishEdition => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            if path.is_file() {
                PathCheck::Problem("That is a file; the site is written into a folder.".to_owned())
            } else if path.is_dir() {
                PathCheck::Replaces("The site's pages in this folder will be replaced.".to_owned())
            } else if let Some(parent) = parent
                && !parent.is_dir()
            {
                PathCheck::Problem(format!("The folder {} does not exist.", parent.display()))
            } else {
                PathCheck::Fine
            }
        }
        PathPurpose::SaveAs(_) | PathPurpose::Export(_) | PathPurpose::ReviewCopy(_) | PathPurpose::SaveChart(..) => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            if path.is_dir() {
                PathCheck::Problem("That is a folder; add a file name.".to_owned())
            } else if let Some(parent) = parent
                && !parent.is_dir()
            {
                PathCheck::Problem(format!("The folder {} does not exist.", parent.display()))
            } else if path.is_file() {
                let kept = match purpose {
                    PathPurpose::SaveAs(_) => " (the old version is kept as .bak)",
                    _ => "",
                };
                PathCheck::Replaces(format!("A file is already there: it will be replaced{kept}."))
            } else {
                PathCheck::Fine
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_newest_first_without_duplicates() {
        let mut prefs = Prefs::default();
        for name in ["a.ron", "b.ron", "a.ron"] {
            prefs.remember(Path::new(name));
        }
        assert_eq!(prefs.recent, [PathBuf::from("a.ron"), PathBuf::from("b.ron")]);
        for i in 0..20 {
            prefs.remember(Path::new(&format!("{i}.ron")));
        }
        assert_eq!(prefs.recent.len(), MAX_RECENT);
        assert_eq!(prefs.recent[0], PathBuf::from("19.ron"));
    }

    #[test]
    fn the_path_field_says_what_a_path_would_do() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("kz.ron");
        std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
        let missing = dir.path().join("new.ron");
        let save = PathPurpose::SaveAs(None);
        assert_eq!(check_path(&PathPurpose::Open, &file), PathCheck::Fine);
        assert_eq!(
            check_path(&PathPurpose::Open, &missing),
            PathCheck::Problem("There is no file at this path.".to_owned())
        );
        assert_eq!(
            check_path(&PathPurpose::Import, dir.path()),
            PathCheck::Problem("That is a folder; add the file's name.".to_owned())
        );
        assert_eq!(check_path(&save, &missing), PathCheck::Fine);
        assert_eq!(
            check_path(&save, &file),
            PathCheck::Replaces(
                "A file is already there: it will be replaced (the old version is kept as .bak).".to_owned()
            )
        );
        let nowhere = dir.path().join("no-such-folder").join("kz.ron");
        assert!(matches!(check_path(&save, &nowhere), PathCheck::Problem(p) if p.starts_with("The folder ")));
        assert_eq!(check_path(&save, std::path::Path::new("relative.ron")), PathCheck::Fine);
        assert_eq!(typed_path("  "), None);
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(typed_path("~/kz.ron"), Some(PathBuf::from(home).join("kz.ron")));
        }
    }
}

pub use crate::recovery::DiskStamp;

/// One read of a chapter's file: the stamp of the bytes read and the chapter parsed from those
/// same bytes, so that what the editor shows of a version on disk is the version it remembers
/// having seen.
#[derive(Clone, Debug)]
pub struct DiskRead {
    /// The stamp of the bytes read; `None` when the file could not be read (gone, a folder,
    /// larger than any project file).
    pub stamp: Option<DiskStamp>,
    /// The chapter those bytes hold, or why they hold none.
    pub chapter: Result<crate::model::Chapter, String>,
    /// Whether anything is at the path (a file that was deleted or moved away reads as not).
    pub exists: bool,
}

impl DiskRead {
    /// Reads the file at `path` once.
    #[must_use]
    pub fn of(path: &Path) -> Self {
        match crate::io::read_bytes(path) {
            Ok(bytes) => {
                let stamp = DiskStamp::of(&bytes);
                Self {
                    stamp: Some(stamp),
                    chapter: crate::io::from_bytes(bytes, path).map_err(|e| e.to_string()),
                    exists: true,
                }
            }
            Err(e) => Self { stamp: None, chapter: Err(e.to_string()), exists: path.exists() },
        }
    }

    /// Whether this read shows a file other than the one stamped `known`: changed, or replaced
    /// by something that cannot be read. A file that is gone is not a change (saving puts it
    /// back; there is nothing to merge).
    #[must_use]
    pub fn differs_from(&self, known: DiskStamp) -> bool {
        self.stamp != Some(known) && (self.stamp.is_some() || self.exists)
    }
}
