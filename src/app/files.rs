//! Files around the chapter: native file dialogs (or a path field where there are none),
//! the recovery file, and the recent-files list.
//!
//! Only [`super::actions`] calls into here, after the panels have drawn.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::theme::ThemeChoice;

/// What eframe remembers between runs (never the chapter itself).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// The theme.
    pub theme: ThemeChoice,
}

/// How many recent files are kept.
pub const MAX_RECENT: usize = 10;

impl Prefs {
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(MAX_RECENT);
    }
}

/// Whether rfd can show a file dialog here. On Linux it needs the desktop portal on D-Bus or
/// `zenity`; with neither its dialogs return nothing at once, so we offer a path field instead.
#[must_use]
pub fn native_dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && ["/usr/libexec/xdg-desktop-portal", "/usr/lib/xdg-desktop-portal"].iter().any(|p| Path::new(p).is_file());
    portal || on_path("zenity")
}

/// Asks for a project file to open; `None` when the user cancelled.
#[must_use]
pub fn pick_open() -> Option<PathBuf> {
    rfd::FileDialog::new().add_filter("Rapporteur chapter", &["ron"]).pick_file()
}

/// Asks where to save; `None` when the user cancelled.
#[must_use]
pub fn pick_save(suggested: &str) -> Option<PathBuf> {
    rfd::FileDialog::new().add_filter("Rapporteur chapter", &["ron"]).set_file_name(suggested).save_file()
}

/// Asks for a published chapter's text to import; `None` when the user cancelled.
#[must_use]
pub fn pick_import() -> Option<PathBuf> {
    rfd::FileDialog::new().add_filter("Text copied from a web page", &["txt"]).pick_file()
}

/// Asks where to write an export; `None` when the user cancelled.
#[must_use]
pub fn pick_export(format: crate::export::Format, suggested: &str) -> Option<PathBuf> {
    rfd::FileDialog::new().add_filter(format.label(), &[format.extension()]).set_file_name(suggested).save_file()
}

/// Where unsaved work is autosaved, and which file it belonged to.
#[derive(Clone, Debug)]
pub struct Recovery {
    dir: PathBuf,
}

impl Recovery {
    /// Recovery in `dir` (the user's data folder for Rapporteur, or a test's temp dir).
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Recovery in the user's data folder, if there is one.
    #[must_use]
    pub fn in_data_dir() -> Option<Self> {
        eframe::storage_dir("rapporteur").map(Self::new)
    }

    /// The recovery chapter's file.
    #[must_use]
    pub fn chapter_path(&self) -> PathBuf {
        self.dir.join("recovery.ron")
    }

    fn origin_path(&self) -> PathBuf {
        self.dir.join("recovery-origin.txt")
    }

    /// Writes the chapter and the file it came from.
    pub fn write(&self, chapter: &crate::Chapter, origin: Option<&Path>) -> Result<(), crate::io::SaveError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| crate::io::SaveError {
            path: self.dir.clone(),
            what: format!("cannot create the folder: {e}"),
        })?;
        crate::io::write_atomic(&self.chapter_path(), crate::io::to_ron(chapter).as_bytes(), false)?;
        let origin = origin.map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        crate::io::write_atomic(&self.origin_path(), origin.as_bytes(), false)
    }

    /// A recovery file left by an earlier run: its path and the file it came from.
    #[must_use]
    pub fn found(&self) -> Option<(PathBuf, Option<PathBuf>)> {
        let path = self.chapter_path();
        path.is_file().then(|| {
            let origin = std::fs::read_to_string(self.origin_path())
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .map(PathBuf::from);
            (path, origin)
        })
    }

    /// Removes the recovery file (after a save, a discard, or a clean exit).
    pub fn clear(&self) {
        // A recovery file that is already gone is what we want; other failures only mean an
        // extra restore offer next start.
        let _ = std::fs::remove_file(self.chapter_path());
        let _ = std::fs::remove_file(self.origin_path());
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
    fn recovery_round_trip() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        let rec = Recovery::new(dir.path().join("r"));
        assert!(rec.found().is_none());
        let chapter = crate::Chapter::new(&crate::Methodology::nit_2020(), "Georgia", 2024);
        rec.write(&chapter, Some(Path::new("/tmp/ge.ron"))).unwrap_or_else(|e| panic!("{e}"));
        let (path, origin) = rec.found().unwrap_or_else(|| panic!("recovery not found"));
        assert_eq!(origin, Some(PathBuf::from("/tmp/ge.ron")));
        assert_eq!(crate::io::load(&path).map(|c| c.country).ok(), Some("Georgia".to_owned()));
        rec.clear();
        assert!(rec.found().is_none());
    }
}
